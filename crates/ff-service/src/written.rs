//! Records written section by section by several people at once (decision 0009): what the
//! written assessment and the child protection plan's record share in the service layer, the
//! section as a reader sees it, a save and its answer. The rules are `ff_domain::written`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use ff_domain::written::Section;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Result, ServiceError};

/// One section as the reader sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SectionView {
    pub key: String,
    pub label: String,
    pub hint: String,
    /// Must be written before the assessment is submitted.
    pub required: bool,
    pub text: String,
    /// The section's revision: send it back as `base_rev` with a change.
    pub rev: i32,
    /// Who last changed it, and when.
    pub changed_by: Option<String>,
    pub changed_at: Option<DateTime<Utc>>,
}

/// A save of the draft: the sections changed, each with the revision it was changed from, and
/// the revisions the writer has of every other section (so the answer can bring them others'
/// changes).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DraftInput {
    #[serde(default)]
    pub sections: Vec<SectionEdit>,
    /// `{key: rev}` for the sections the writer has on screen.
    #[serde(default)]
    pub seen: BTreeMap<String, i32>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SectionEdit {
    pub key: String,
    pub text: String,
    /// The revision of the section the change was made from (0 for a section never written).
    pub base_rev: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DraftSaved {
    pub version: i32,
    pub saved_at: Option<DateTime<Utc>>,
    /// The sections this save changed, with their new revisions.
    pub saved: Vec<SectionView>,
    /// Sections someone else changed since the writer's copy (by `seen`): show them.
    pub changed_by_others: Vec<SectionView>,
}

pub(crate) fn parse_sections(json: &str) -> Result<BTreeMap<String, Section>> {
    serde_json::from_str(json).map_err(|e| ServiceError::Internal(format!("written sections unreadable: {e}")))
}

pub(crate) fn sections_json(sections: &BTreeMap<String, Section>) -> Result<String> {
    serde_json::to_string(sections).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// The sections a save changed and those others changed since the writer's copy (`seen`).
pub(crate) fn answer(
    version: i32,
    saved_at: Option<DateTime<Utc>>,
    sections: &[SectionView],
    changed: &[String],
    seen: &BTreeMap<String, i32>,
) -> DraftSaved {
    let saved = sections.iter().filter(|s| changed.contains(&s.key)).cloned().collect();
    let changed_by_others =
        sections.iter().filter(|s| !changed.contains(&s.key) && seen.get(&s.key).is_some_and(|rev| *rev != s.rev)).cloned().collect();
    DraftSaved { version, saved_at, saved, changed_by_others }
}
