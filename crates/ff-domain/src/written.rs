//! Records written section by section by several people at once (decision
//! 0009): the written assessment and the child protection plan's shared record. Each section
//! carries its own revision and last author, so two people writing different sections never
//! collide, and an edit made from a stale copy of a section is refused for that section (never
//! silently overwriting the other's words). [`merge`] decides, purely, which edits apply.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ValidationErrors;

/// The longest text one section holds (about eight pages of typing).
pub const SECTION_MAX_CHARS: usize = 20_000;

/// One section's text with the revision and the author of its last change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub text: String,
    pub rev: i32,
    pub by: Option<Uuid>,
    pub at: Option<DateTime<Utc>>,
}

impl Section {
    pub fn empty() -> Section {
        Section { text: String::new(), rev: 0, by: None, at: None }
    }
}

/// A change to one section, made from the copy whose revision was `base_rev`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub key: String,
    pub text: String,
    pub base_rev: i32,
}

/// What [`merge`] decided.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merged {
    /// The sections after the edits that apply.
    pub sections: BTreeMap<String, Section>,
    /// Keys whose text changed.
    pub changed: Vec<String>,
    /// Keys whose edit was made from a stale copy while someone else changed the section.
    pub conflicts: Vec<String>,
}

/// Applies `edits` made by `by` at `at` to `current`. An edit applies when it was made from the
/// section's current revision; an edit that leaves the text as it already is changes nothing
/// (whatever its revision); any other edit is a conflict, and when there is one nothing applies,
/// so a save is all or nothing. Keys `is_section` does not know (reported with `unknown`),
/// over-long text and forbidden control characters are mistakes reported for every field at once.
pub fn merge(
    current: &BTreeMap<String, Section>,
    edits: &[Edit],
    is_section: impl Fn(&str) -> bool,
    unknown: &str,
    by: Uuid,
    at: DateTime<Utc>,
) -> Result<Merged, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    for e in edits {
        if !is_section(&e.key) {
            errors.add(&e.key, unknown);
        } else if e.text.chars().count() > SECTION_MAX_CHARS {
            errors.add(&e.key, format!("Keep each section to {SECTION_MAX_CHARS} characters or fewer"));
        } else if crate::text::first_forbidden_control(&e.text).is_some() {
            errors.add(&e.key, "The text holds a control character (often from copying and pasting); type it again");
        }
    }
    let mut keys: Vec<&str> = edits.iter().map(|e| e.key.as_str()).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        errors.add("sections", "Each section can be changed once in a save");
    }
    errors.into_result(())?;
    let empty = Section::empty();
    let mut out = Merged { sections: current.clone(), ..Merged::default() };
    for e in edits {
        let now = current.get(&e.key).unwrap_or(&empty);
        let text = normalise(&e.text);
        if text == now.text {
            continue;
        }
        if e.base_rev != now.rev {
            out.conflicts.push(e.key.clone());
            continue;
        }
        out.sections.insert(e.key.clone(), Section { text, rev: now.rev + 1, by: Some(by), at: Some(at) });
        out.changed.push(e.key.clone());
    }
    if !out.conflicts.is_empty() {
        out.sections = current.clone();
        out.changed.clear();
    }
    Ok(out)
}

/// Line endings as one `\n` (browsers send `\r\n`), so the same words compare equal.
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
}
