//! The written assessment page: the practitioner writes it section by
//! section, saving a draft on the server (every few seconds with JavaScript, with the "Save
//! draft" button without it), submits it to a manager, who returns it with comments or
//! authorises it; once authorised it is read-only and takes addenda. Every action posts to the
//! same service function as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::FieldError;
use ff_domain::assessments::Status;
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::assessments::{self as svc, AssessmentDocument, SectionView};
use serde::Deserialize;
use uuid::Uuid;

use super::written::{SectionField, autosave_answer, conflict_errors, draft_input, when};
use super::{Layout, can, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

struct PartFields {
    heading: String,
    sections: Vec<SectionField>,
}

#[derive(Template)]
#[template(path = "assessments/document.html")]
struct DocumentPage {
    layout: Layout,
    doc: AssessmentDocument,
    parts: Vec<PartFields>,
    errors: Vec<FieldError>,
    /// The practitioner may write into it now.
    can_write: bool,
    /// A manager may return or authorise it now.
    can_decide: bool,
    can_add_addendum: bool,
    notice: Option<&'static str>,
    return_comment: String,
    addendum: String,
    /// Who saved the draft last and when, in England's time.
    saved_line: String,
    /// Past its due date (T3) and not yet authorised.
    overdue: bool,
}

impl DocumentPage {
    fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }

    fn status_class(&self) -> &'static str {
        match self.doc.status() {
            Status::Draft => "govuk-tag--grey",
            Status::Submitted => "govuk-tag--blue",
            Status::Returned => "govuk-tag--orange",
            Status::Authorised => "govuk-tag--green",
        }
    }
}

#[derive(Deserialize)]
pub struct Notice {
    done: Option<String>,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    doc: AssessmentDocument,
    typed: Option<&FormData>,
    theirs: &[SectionView],
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
) -> DocumentPage {
    let actor = user.actor();
    let status = doc.status();
    let parts = doc
        .parts
        .iter()
        .map(|p| PartFields {
            heading: p.heading.clone(),
            sections: p.sections.iter().map(|s| SectionField::new(s, typed, theirs)).collect(),
        })
        .collect();
    let mut layout = Layout::for_user(state, user, &format!("Assessment: {}", doc.child_name), "/people").await;
    layout.has_errors = !errors.is_empty();
    layout.child = ff_service::people::view(&state.db, &user.ctx(state), doc.child_id)
        .await
        .ok()
        .map(|r| ff_service::people::ChildBanner::from_record(&r));
    let saved_line = match &doc.saved_by {
        Some(by) => format!("Draft last saved by {by} on {}.", when(doc.saved_at)),
        None => "Nothing saved yet.".into(),
    };
    let overdue = status != Status::Authorised && doc.due_date < user.ctx(state).today();
    DocumentPage {
        overdue,
        saved_line,
        layout,
        can_write: status.is_open_for_writing() && can(actor, Action::WorkOnCase),
        can_decide: status == Status::Submitted && can(actor, Action::AuthoriseAssessment),
        can_add_addendum: status == Status::Authorised && can(actor, Action::WorkOnCase),
        parts,
        errors,
        notice,
        return_comment: typed.map(|f| f.get("comment").to_owned()).unwrap_or_default(),
        addendum: typed.map(|f| f.get("text").to_owned()).unwrap_or_default(),
        doc,
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let doc = svc::document(&state.db, &user.ctx(&state), id).await?;
    let notice = match n.done.as_deref() {
        Some("saved") => Some("Your draft is saved."),
        Some("submitted") => Some("The assessment has gone to a manager to read."),
        Some("returned") => Some("The assessment has gone back to the practitioner with your comments."),
        Some("addendum") => Some("Your addendum is added."),
        _ => None,
    };
    let p = page(&state, &user, doc, None, &[], vec![], notice).await;
    Ok(render(StatusCode::OK, &p))
}

/// Save (`action=save`), save then submit (`action=submit`), or the page script's autosave
/// (`action=autosave`, answered in JSON).
pub async fn save(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let input = draft_input(&f);
    let saved = svc::save_draft(&state.db, &ctx, id, &input).await;
    if f.get("action") == "autosave" {
        return Ok(autosave_answer(saved, "Draft saved"));
    }
    let result = match (saved, f.get("action")) {
        (Ok(s), "submit") => svc::submit(&state.db, &ctx, id, &svc::SubmitInput { version: s.version }).await.map(|()| "submitted"),
        (Ok(_), _) => Ok("saved"),
        (Err(e), _) => Err(e),
    };
    match result {
        Ok(done) => Ok(Redirect::to(&format!("/assessments/{id}?done={done}")).into_response()),
        Err(ServiceError::SectionConflict(theirs)) => {
            let doc = svc::document(&state.db, &ctx, id).await?;
            let errors = conflict_errors(&theirs);
            let p = page(&state, &user, doc, Some(&f), &theirs, errors, None).await;
            Ok(render(StatusCode::CONFLICT, &p))
        }
        Err(ServiceError::Validation(v)) => {
            // Submitted with gaps: the draft itself was saved; say what is missing.
            let doc = svc::document(&state.db, &ctx, id).await?;
            let p = page(&state, &user, doc, Some(&f), &[], v.0, None).await;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        Err(e) => Err(PageError(e)),
    }
}

/// A manager returns the submitted assessment with comments.
pub async fn return_for_changes(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    f: FormData,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let input = svc::ReturnInput { comment: f.get("comment").to_owned(), version: f.get("version").parse().unwrap_or(0) };
    match svc::return_for_changes(&state.db, &ctx, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/assessments/{id}?done=returned")).into_response()),
        Err(ServiceError::Validation(v)) => {
            let doc = svc::document(&state.db, &ctx, id).await?;
            let p = page(&state, &user, doc, Some(&f), &[], v.0, None).await;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        Err(e) => Err(PageError(e)),
    }
}

pub async fn add_addendum(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    match svc::add_addendum(&state.db, &ctx, id, &svc::AddendumInput { text: f.get("text").to_owned() }).await {
        Ok(_) => Ok(Redirect::to(&format!("/assessments/{id}?done=addendum")).into_response()),
        Err(ServiceError::Validation(v)) => {
            let doc = svc::document(&state.db, &ctx, id).await?;
            let p = page(&state, &user, doc, Some(&f), &[], v.0, None).await;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        Err(e) => Err(PageError(e)),
    }
}
