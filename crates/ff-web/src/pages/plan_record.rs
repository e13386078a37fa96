//! A plan's shared record page: the lead child protection practitioner and the
//! family help lead write a child protection plan together, and practitioners a family help plan,
//! section by section, saved as they type (the page script of the written assessment) or with
//! "Save" without JavaScript. Posts go to the same service function as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ff_domain::FieldError;
use ff_domain::plan_record::PlanKind;
use ff_domain::policy::Action;
use ff_service::plan_record::{self as svc, PlanRecord};
use uuid::Uuid;

use super::written::{SectionField, draft_input};
use super::written_record::{Notice, RecordHead, Redraw, Written, answer_post};
use super::{Layout, can, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

#[derive(Template)]
#[template(path = "plan_record.html")]
struct RecordPage {
    layout: Layout,
    rec: PlanRecord,
    sections: Vec<SectionField>,
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
    saved_line: String,
    /// Where outcomes and actions are added, for those who may.
    add_items: Option<String>,
    /// Where the form posts.
    action: String,
}

impl RecordPage {
    fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }
}

async fn page(state: &AppState, user: &PageUser, kind: PlanKind, rec: PlanRecord, form: Redraw<'_>) -> RecordPage {
    let title = format!("{}: {}", rec.kind_label, rec.child_name);
    let written = Written { child_id: rec.child_id, sections: &rec.sections, saved_by: rec.saved_by.as_deref(), saved_at: rec.saved_at };
    let RecordHead { layout, sections, errors, notice, saved_line } = RecordHead::new(state, user, &title, written, form).await;
    let (action, add_items) = match kind {
        PlanKind::ChildProtection => (
            format!("/cp-plans/{}/record", rec.plan_id),
            can(user.actor(), Action::WorkOnChildProtection).then(|| format!("/cp-plans/{}/items?child={}", rec.plan_id, rec.child_id)),
        ),
        PlanKind::FamilyHelp => (
            format!("/plans/{}/record", rec.plan_id),
            can(user.actor(), Action::WorkOnCase).then(|| format!("/plans/{}/items?child={}", rec.plan_id, rec.child_id)),
        ),
    };
    let add_items = add_items.filter(|_| rec.end_date.is_none());
    RecordPage { layout, rec, sections, errors, notice, saved_line, add_items, action }
}

async fn show(state: AppState, user: PageUser, kind: PlanKind, id: Uuid, n: Notice) -> Result<Response, PageError> {
    let rec = svc::record(&state.db, &user.ctx(&state), kind, id).await?;
    let notice = (n.done.as_deref() == Some("saved")).then_some("The plan is saved.");
    let p = page(&state, &user, kind, rec, Redraw::notice(notice)).await;
    Ok(render(StatusCode::OK, &p))
}

/// Save (`action=save`) or the page script's autosave (`action=autosave`, answered in JSON).
async fn save(state: AppState, user: PageUser, kind: PlanKind, id: Uuid, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let saved = svc::save(&state.db, &ctx, kind, id, &draft_input(&f)).await;
    let done = match kind {
        PlanKind::ChildProtection => format!("/cp-plans/{id}/record?done=saved"),
        PlanKind::FamilyHelp => format!("/plans/{id}/record?done=saved"),
    };
    answer_post(&f, saved, &done, async |status, form| {
        let rec = svc::record(&state.db, &ctx, kind, id).await?;
        Ok(render(status, &page(&state, &user, kind, rec, form).await))
    })
    .await
}

pub async fn show_cp(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    show(state, user, PlanKind::ChildProtection, id, n).await
}

pub async fn save_cp(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    save(state, user, PlanKind::ChildProtection, id, f).await
}

pub async fn show_fh(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    show(state, user, PlanKind::FamilyHelp, id, n).await
}

pub async fn save_fh(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    save(state, user, PlanKind::FamilyHelp, id, f).await
}
