//! A meeting's shared record page: the record of a child protection conference
//! (written by its chair, the LCPP, the family help lead and social workers, then agreed by the
//! chair) and of a family help plan review, section by section, saved as they type (the page
//! script of the written assessment) or with "Save" without JavaScript. Posts go to the same
//! service functions as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::FieldError;
use ff_domain::meeting_record::MeetingKind;
use ff_service::ServiceError;
use ff_service::meeting_record::{self as svc, AgreeRecordInput, MeetingRecord};
use uuid::Uuid;

use super::Layout;
use super::render;
use super::written::{SectionField, draft_input};
use super::written_record::{Notice, RecordHead, Redraw, Written, answer_post};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

#[derive(Template)]
#[template(path = "meeting_record.html")]
struct RecordPage {
    layout: Layout,
    rec: MeetingRecord,
    sections: Vec<SectionField>,
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
    saved_line: String,
    /// Where the form posts.
    action: String,
    /// Where the child's page shows this kind of meeting.
    back: String,
}

impl RecordPage {
    fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }
}

fn path(kind: MeetingKind, id: Uuid) -> String {
    match kind {
        MeetingKind::Conference => format!("/conferences/{id}/record"),
        MeetingKind::PlanReview => format!("/plan-reviews/{id}/record"),
    }
}

async fn page(state: &AppState, user: &PageUser, rec: MeetingRecord, form: Redraw<'_>) -> RecordPage {
    let title = format!("Record of the {}: {}", rec.title.to_lowercase(), rec.child_name);
    let written = Written { child_id: rec.child_id, sections: &rec.sections, saved_by: rec.saved_by.as_deref(), saved_at: rec.saved_at };
    let RecordHead { layout, sections, errors, notice, saved_line } = RecordHead::new(state, user, &title, written, form).await;
    let kind = if rec.kind == MeetingKind::Conference.code() { MeetingKind::Conference } else { MeetingKind::PlanReview };
    let back = match kind {
        MeetingKind::Conference => format!("/people/{}#child-protection", rec.child_id),
        MeetingKind::PlanReview => format!("/people/{}#family-help", rec.child_id),
    };
    RecordPage { action: path(kind, rec.meeting_id), layout, rec, sections, errors, notice, saved_line, back }
}

async fn show(state: AppState, user: PageUser, kind: MeetingKind, id: Uuid, n: Notice) -> Result<Response, PageError> {
    let rec = svc::record(&state.db, &user.ctx(&state), kind, id).await?;
    let notice = match n.done.as_deref() {
        Some("saved") => Some("The record is saved."),
        Some("agreed") => Some("You have agreed the record. It is now kept as agreed."),
        _ => None,
    };
    let p = page(&state, &user, rec, Redraw::notice(notice)).await;
    Ok(render(StatusCode::OK, &p))
}

/// Save (`action=save`) or the page script's autosave (`action=autosave`, answered in JSON).
async fn save(state: AppState, user: PageUser, kind: MeetingKind, id: Uuid, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let saved = svc::save(&state.db, &ctx, kind, id, &draft_input(&f)).await;
    answer_post(&f, saved, &format!("{}?done=saved", path(kind, id)), async |status, form| {
        let rec = svc::record(&state.db, &ctx, kind, id).await?;
        Ok(render(status, &page(&state, &user, rec, form).await))
    })
    .await
}

pub async fn show_conference(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    show(state, user, MeetingKind::Conference, id, n).await
}

pub async fn save_conference(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    f: FormData,
) -> Result<Response, PageError> {
    save(state, user, MeetingKind::Conference, id, f).await
}

pub async fn show_review(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    show(state, user, MeetingKind::PlanReview, id, n).await
}

pub async fn save_review(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    save(state, user, MeetingKind::PlanReview, id, f).await
}

/// The chair agrees the conference's record as it stood when the page was drawn (MR-3).
pub async fn agree(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let version = f.get("version").parse().unwrap_or(-1);
    let (status, message) = match svc::agree(&state.db, &ctx, id, &AgreeRecordInput { version }).await {
        Ok(_) => return Ok(Redirect::to(&format!("/conferences/{id}/record?done=agreed")).into_response()),
        Err(ServiceError::Rule(r)) => (StatusCode::UNPROCESSABLE_ENTITY, r.message),
        Err(ServiceError::Conflict { .. }) => {
            (StatusCode::CONFLICT, "Someone changed the record while you were reading it. Read it again, then agree it.".to_owned())
        }
        Err(e) => return Err(PageError(e)),
    };
    let rec = svc::record(&state.db, &ctx, MeetingKind::Conference, id).await?;
    let p = page(&state, &user, rec, Redraw::errors(vec![FieldError { field: "agree".into(), message }])).await;
    Ok(render(status, &p))
}
