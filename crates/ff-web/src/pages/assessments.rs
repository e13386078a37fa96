//! The written assessment page (issue 12 items 1 and 2): the practitioner writes it section by
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
use std::collections::BTreeMap;
use uuid::Uuid;

use super::{Layout, can, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

/// A section as the form shows it: the text in the box may be what the writer typed (kept
/// after a refused save) rather than what is saved.
struct SectionField {
    key: String,
    label: String,
    hint: String,
    required: bool,
    text: String,
    rev: i32,
    /// A fingerprint of the saved text, so a save without JavaScript sends only the sections the
    /// writer changed.
    hash: String,
    changed: Option<String>,
    /// Someone else's words, when they changed this section while the writer was typing.
    theirs: Option<SectionView>,
}

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
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
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

/// FNV-1a over the text with line endings made one (browsers send `\r\n`): a short fingerprint
/// that tells "unchanged" from "changed" (not a security measure).
fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.replace("\r\n", "\n").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn when(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|t| ff_domain::calendar::london_time(t).format("%-d %B %Y at %H:%M").to_string()).unwrap_or_default()
}

fn changed_text(s: &SectionView) -> Option<String> {
    s.changed_by.as_ref().map(|by| format!("Last changed by {by} on {}", when(s.changed_at)))
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
            sections: p
                .sections
                .iter()
                .map(|s| {
                    let other = theirs.iter().find(|t| t.key == s.key).cloned();
                    let typed_text = typed.and_then(|f| f.0.get(&format!("s:{}", s.key))).cloned();
                    SectionField {
                        key: s.key.clone(),
                        label: s.label.clone(),
                        hint: s.hint.clone(),
                        required: s.required,
                        text: typed_text.unwrap_or_else(|| s.text.clone()),
                        rev: s.rev,
                        hash: fingerprint(&s.text),
                        changed: changed_text(s),
                        theirs: other,
                    }
                })
                .collect(),
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

/// The draft changes in a posted form: `s:KEY` is a section's text, `rev:KEY` the revision it
/// was written from and `h:KEY` the fingerprint of the text as it was served (a section whose
/// text still matches it was not touched and is not sent).
fn draft_input(f: &FormData) -> svc::DraftInput {
    let mut input = svc::DraftInput::default();
    let mut keys: Vec<&String> = f.0.keys().filter(|k| k.starts_with("s:")).collect();
    keys.sort();
    for k in keys {
        let key = &k[2..];
        let text = f.get(k);
        let rev: i32 = f.get(&format!("rev:{key}")).parse().unwrap_or(0);
        if f.0.get(&format!("h:{key}")).is_some_and(|h| *h == fingerprint(text)) {
            continue;
        }
        input.sections.push(svc::SectionEdit { key: key.to_owned(), text: text.to_owned(), base_rev: rev });
    }
    input.seen = f.0.iter().filter_map(|(k, v)| Some((k.strip_prefix("rev:")?.to_owned(), v.parse().ok()?))).collect::<BTreeMap<_, _>>();
    input
}

/// Save (`action=save`), save then submit (`action=submit`), or the page script's autosave
/// (`action=autosave`, answered in JSON).
pub async fn save(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let input = draft_input(&f);
    let saved = svc::save_draft(&state.db, &ctx, id, &input).await;
    if f.get("action") == "autosave" {
        return Ok(autosave_answer(saved));
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
            let errors = theirs
                .iter()
                .map(|t| FieldError {
                    field: t.key.clone(),
                    message: format!(
                        "{} changed '{}' while you were writing: read their words, change yours to include them, then save again",
                        t.changed_by.clone().unwrap_or_else(|| "Someone".into()),
                        t.label
                    ),
                })
                .collect();
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

fn autosave_answer(saved: Result<svc::DraftSaved, ServiceError>) -> Response {
    match saved {
        Ok(s) => {
            let status = s.saved_at.map(|t| format!("Draft saved at {}", ff_domain::calendar::london_time(t).format("%H:%M:%S")));
            (
                StatusCode::OK,
                axum::Json(serde_json::json!({ "status": status, "saved": s.saved, "changed_by_others": s.changed_by_others })),
            )
                .into_response()
        }
        Err(e) => crate::error::ApiError(e).into_response(),
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_fingerprint_ignores_line_endings_and_tells_texts_apart() {
        assert_eq!(super::fingerprint("a\r\nb"), super::fingerprint("a\nb"));
        assert_ne!(super::fingerprint("a"), super::fingerprint("b"));
        assert_eq!(super::fingerprint("").len(), 16);
    }
}
