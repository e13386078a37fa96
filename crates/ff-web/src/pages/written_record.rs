//! What the shared record pages (a meeting's record and a plan's record) draw and answer the same
//! way: the layout with the child's banner, the sections as the form shows them, who saved last,
//! and the answer to a post of the form.

use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use ff_domain::FieldError;
use ff_service::ServiceError;
use ff_service::written::{DraftSaved, SectionView};
use serde::Deserialize;
use uuid::Uuid;

use super::Layout;
use super::written::{SectionField, answer_save, autosave_answer, when};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

/// What was just done, named in the query string (`?done=saved`), so the page can say so.
#[derive(Deserialize)]
pub struct Notice {
    pub done: Option<String>,
}

/// How the page is drawn this time: what the writer typed and the other writer's words after a
/// refused save, the errors to show and the notice after a save.
#[derive(Default)]
pub(crate) struct Redraw<'a> {
    typed: Option<&'a FormData>,
    theirs: &'a [SectionView],
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
}

impl Redraw<'_> {
    /// The saved record, with a notice or none.
    pub(crate) fn notice(notice: Option<&'static str>) -> Self {
        Redraw { notice, ..Redraw::default() }
    }

    /// The saved record, with these errors.
    pub(crate) fn errors(errors: Vec<FieldError>) -> Self {
        Redraw { errors, ..Redraw::default() }
    }
}

/// What the record itself gives the parts every shared record page draws the same way.
pub(crate) struct Written<'a> {
    pub child_id: Uuid,
    pub sections: &'a [SectionView],
    pub saved_by: Option<&'a str>,
    pub saved_at: Option<DateTime<Utc>>,
}

/// The parts every shared record page draws the same way.
pub(crate) struct RecordHead {
    pub layout: Layout,
    pub sections: Vec<SectionField>,
    pub errors: Vec<FieldError>,
    pub notice: Option<&'static str>,
    /// Who saved last and when, or that nothing is written yet.
    pub saved_line: String,
}

impl RecordHead {
    /// The layout titled `title` with the child's banner, the sections with what was typed and the
    /// other writer's words, and who saved last.
    pub(crate) async fn new(state: &AppState, user: &PageUser, title: &str, record: Written<'_>, form: Redraw<'_>) -> RecordHead {
        let mut layout = Layout::for_user(state, user, title, "/people").await;
        layout.has_errors = !form.errors.is_empty();
        layout.child = ff_service::people::view(&state.db, &user.ctx(state), record.child_id)
            .await
            .ok()
            .map(|r| ff_service::people::ChildBanner::from_record(&r));
        let saved_line = match record.saved_by {
            Some(by) => format!("Last saved by {by} on {}.", when(record.saved_at)),
            None => "Nothing written yet.".into(),
        };
        RecordHead {
            layout,
            sections: record.sections.iter().map(|s| SectionField::new(s, form.typed, form.theirs)).collect(),
            errors: form.errors,
            notice: form.notice,
            saved_line,
        }
    }
}

/// Answers a post of a shared record's form once the service has saved it (or refused): the page
/// script's autosave (`action=autosave`) in JSON; a "Save" back to the record at `done`, or, when
/// refused, the page drawn again through `redraw` with what was typed.
pub(crate) async fn answer_post(
    f: &FormData,
    saved: Result<DraftSaved, ServiceError>,
    done: &str,
    redraw: impl AsyncFnOnce(StatusCode, Redraw<'_>) -> Result<Response, PageError>,
) -> Result<Response, PageError> {
    if f.get("action") == "autosave" {
        return Ok(autosave_answer(saved, "Saved"));
    }
    answer_save(saved, done, async |theirs, errors, status| redraw(status, Redraw { typed: Some(f), theirs, errors, notice: None }).await)
        .await
}
