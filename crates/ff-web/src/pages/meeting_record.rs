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
use ff_service::written::SectionView;
use serde::Deserialize;
use uuid::Uuid;

use super::Layout;
use super::render;
use super::written::{SectionField, answer_save, autosave_answer, draft_input, when};
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
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

#[derive(Deserialize)]
pub struct Notice {
    done: Option<String>,
}

fn path(kind: MeetingKind, id: Uuid) -> String {
    match kind {
        MeetingKind::Conference => format!("/conferences/{id}/record"),
        MeetingKind::PlanReview => format!("/plan-reviews/{id}/record"),
    }
}

async fn page(
    state: &AppState,
    user: &PageUser,
    rec: MeetingRecord,
    typed: Option<&FormData>,
    theirs: &[SectionView],
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
) -> RecordPage {
    let sections = rec.sections.iter().map(|s| SectionField::new(s, typed, theirs)).collect();
    let mut layout =
        Layout::for_user(state, user, &format!("Record of the {}: {}", rec.title.to_lowercase(), rec.child_name), "/people").await;
    layout.has_errors = !errors.is_empty();
    layout.child = ff_service::people::view(&state.db, &user.ctx(state), rec.child_id)
        .await
        .ok()
        .map(|r| ff_service::people::ChildBanner::from_record(&r));
    let saved_line = match &rec.saved_by {
        Some(by) => format!("Last saved by {by} on {}.", when(rec.saved_at)),
        None => "Nothing written yet.".into(),
    };
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
    let p = page(&state, &user, rec, None, &[], vec![], notice).await;
    Ok(render(StatusCode::OK, &p))
}

/// Save (`action=save`) or the page script's autosave (`action=autosave`, answered in JSON).
async fn save(state: AppState, user: PageUser, kind: MeetingKind, id: Uuid, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let saved = svc::save(&state.db, &ctx, kind, id, &draft_input(&f)).await;
    if f.get("action") == "autosave" {
        return Ok(autosave_answer(saved, "Saved"));
    }
    answer_save(saved, &format!("{}?done=saved", path(kind, id)), async |theirs, errors, status| {
        let rec = svc::record(&state.db, &ctx, kind, id).await?;
        Ok(render(status, &page(&state, &user, rec, Some(&f), theirs, errors, None).await))
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
    match svc::agree(&state.db, &ctx, id, &AgreeRecordInput { version }).await {
        Ok(_) => Ok(Redirect::to(&format!("/conferences/{id}/record?done=agreed")).into_response()),
        Err(ServiceError::Rule(r)) => {
            let rec = svc::record(&state.db, &ctx, MeetingKind::Conference, id).await?;
            let errors = vec![FieldError { field: "agree".into(), message: r.message }];
            let p = page(&state, &user, rec, None, &[], errors, None).await;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        Err(ServiceError::Conflict { .. }) => {
            let rec = svc::record(&state.db, &ctx, MeetingKind::Conference, id).await?;
            let errors = vec![FieldError {
                field: "agree".into(),
                message: "Someone changed the record while you were reading it. Read it again, then agree it.".into(),
            }];
            let p = page(&state, &user, rec, None, &[], errors, None).await;
            Ok(render(StatusCode::CONFLICT, &p))
        }
        Err(e) => Err(PageError(e)),
    }
}
