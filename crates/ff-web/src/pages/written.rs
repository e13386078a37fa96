//! What the pages of records written section by section share (decision 0009): the written
//! assessment and the child protection plan's record post the same form (`s:KEY`, `rev:KEY`,
//! `h:KEY`) and answer the page script's autosave the same way.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_service::ServiceError;
use ff_service::written::{DraftInput, DraftSaved, SectionEdit, SectionView};

use crate::forms::FormData;

/// A section as the form shows it: the text in the box may be what the writer typed (kept
/// after a refused save) rather than what is saved.
pub(crate) struct SectionField {
    pub key: String,
    pub label: String,
    pub hint: String,
    pub required: bool,
    pub text: String,
    pub rev: i32,
    /// A fingerprint of the saved text, so a save without JavaScript sends only the sections the
    /// writer changed.
    pub hash: String,
    pub changed: Option<String>,
    /// Someone else's words, when they changed this section while the writer was typing.
    pub theirs: Option<SectionView>,
}

/// FNV-1a over the text with line endings made one (browsers send `\r\n`): a short fingerprint
/// that tells "unchanged" from "changed" (not a security measure).
pub(crate) fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.replace("\r\n", "\n").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

pub(crate) fn when(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|t| ff_domain::calendar::london_time(t).format("%-d %B %Y at %H:%M").to_string()).unwrap_or_default()
}

pub(crate) fn changed_text(s: &SectionView) -> Option<String> {
    s.changed_by.as_ref().map(|by| format!("Last changed by {by} on {}", when(s.changed_at)))
}

impl SectionField {
    /// The field for a saved section; the box holds what the writer typed when the form comes
    /// back after a refused save, and `theirs` the other writer's words after a conflict.
    pub(crate) fn new(s: &SectionView, typed: Option<&FormData>, theirs: &[SectionView]) -> SectionField {
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
            theirs: theirs.iter().find(|t| t.key == s.key).cloned(),
        }
    }
}

/// The error shown beside each section someone else changed while the writer was typing.
pub(crate) fn conflict_errors(theirs: &[SectionView]) -> Vec<ff_domain::FieldError> {
    theirs
        .iter()
        .map(|t| ff_domain::FieldError {
            field: t.key.clone(),
            message: format!(
                "{} changed '{}' while you were writing: read their words, change yours to include them, then save again",
                t.changed_by.clone().unwrap_or_else(|| "Someone".into()),
                t.label
            ),
        })
        .collect()
}

/// The draft changes in a posted form: `s:KEY` is a section's text, `rev:KEY` the revision it
/// was written from and `h:KEY` the fingerprint of the text as it was served (a section whose
/// text still matches it was not touched and is not sent).
pub(crate) fn draft_input(f: &FormData) -> DraftInput {
    let mut input = DraftInput::default();
    let mut keys: Vec<&String> = f.0.keys().filter(|k| k.starts_with("s:")).collect();
    keys.sort();
    for k in keys {
        let key = &k[2..];
        let text = f.get(k);
        let rev: i32 = f.get(&format!("rev:{key}")).parse().unwrap_or(0);
        if f.0.get(&format!("h:{key}")).is_some_and(|h| *h == fingerprint(text)) {
            continue;
        }
        input.sections.push(SectionEdit { key: key.to_owned(), text: text.to_owned(), base_rev: rev });
    }
    input.seen = f.0.iter().filter_map(|(k, v)| Some((k.strip_prefix("rev:")?.to_owned(), v.parse().ok()?))).collect::<BTreeMap<_, _>>();
    input
}

/// `saved` names what was saved in the status line ("Draft saved at 10:42:05").
pub(crate) fn autosave_answer(saved: Result<DraftSaved, ServiceError>, what: &str) -> Response {
    match saved {
        Ok(s) => {
            let status = s.saved_at.map(|t| format!("{what} at {}", ff_domain::calendar::london_time(t).format("%H:%M:%S")));
            (
                StatusCode::OK,
                axum::Json(serde_json::json!({ "status": status, "saved": s.saved, "changed_by_others": s.changed_by_others })),
            )
                .into_response()
        }
        Err(e) => crate::error::ApiError(e).into_response(),
    }
}

/// Answers a "Save" of a shared record without the page script: on success, back to the record
/// at `done`; a conflict or a mistake draws the form again through `redraw` (the other writer's
/// words, the errors, the status), keeping what was typed; anything else is an error page.
pub(crate) async fn answer_save(
    saved: Result<DraftSaved, ServiceError>,
    done: &str,
    redraw: impl AsyncFnOnce(&[SectionView], Vec<ff_domain::FieldError>, StatusCode) -> Result<Response, crate::error::PageError>,
) -> Result<Response, crate::error::PageError> {
    match saved {
        Ok(_) => Ok(axum::response::Redirect::to(done).into_response()),
        Err(ServiceError::SectionConflict(theirs)) => redraw(&theirs, conflict_errors(&theirs), StatusCode::CONFLICT).await,
        Err(ServiceError::Validation(v)) => redraw(&[], v.0, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(crate::error::PageError(e)),
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
