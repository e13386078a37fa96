//! Records written section by section by several people at once (decision 0009): what the
//! written assessment and the child protection plan's record share in the service layer, the
//! section as a reader sees it, a save and its answer. The rules are `ff_domain::written`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use ff_domain::plan_record::SectionSpec;
use ff_domain::written::{Merged, Section};
use ff_store::Tx;
use ff_store::plan_records::{PlanRecordRow, PlanTable};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, stale};

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

/// Each section of `specs` as the reader sees it, with its author's name from `name`.
pub(crate) fn section_views(
    specs: &[SectionSpec],
    sections: &BTreeMap<String, Section>,
    name: impl Fn(Option<Uuid>) -> Option<String>,
) -> Vec<SectionView> {
    specs
        .iter()
        .map(|spec| {
            let s = sections.get(spec.key).cloned().unwrap_or_else(Section::empty);
            SectionView {
                key: spec.key.to_owned(),
                label: spec.label.to_owned(),
                hint: spec.hint.to_owned(),
                required: false,
                text: s.text,
                rev: s.rev,
                changed_by: name(s.by),
                changed_at: s.at,
            }
        })
        .collect()
}

/// One shared record being saved: where it lives and what it was when read.
pub(crate) struct SharedRecord<'a> {
    pub table: PlanTable,
    /// The plan, conference or review it belongs to.
    pub of: Uuid,
    pub stored: Option<&'a PlanRecordRow>,
    pub sections: &'a BTreeMap<String, Section>,
    /// The record type in the audit log and the version history.
    pub audit_kind: &'static str,
}

/// Stores what `merged` changed in a shared record (plan, conference or review) at the version
/// it was read (a 409 when someone saved first), keeps whole any words of another writer it
/// replaces (nothing silently overwritten), and audits the save naming the sections changed
/// (`label` gives their names). Returns the record as it now stands.
pub(crate) async fn store_changes(
    tx: &mut Tx,
    ctx: &Ctx,
    r: SharedRecord<'_>,
    merged: &Merged,
    label: impl Fn(&str) -> Option<&'static str>,
) -> Result<Option<PlanRecordRow>> {
    if merged.changed.is_empty() {
        return Ok(r.stored.cloned());
    }
    let row = PlanRecordRow {
        plan_id: r.of,
        sections: sections_json(&merged.sections)?,
        version: r.stored.map_or(1, |s| s.version + 1),
        saved_at: ctx.now,
        saved_by: ctx.actor.user_id,
    };
    let stored = match r.stored {
        None => ff_store::plan_records::insert(tx, ctx.la(), r.table, &row).await?,
        Some(s) => ff_store::plan_records::update(tx, ctx.la(), r.table, &row, s.version).await?,
    };
    if !stored {
        return Err(stale("record", row.version));
    }
    let replaced: BTreeMap<&String, &Section> = merged
        .changed
        .iter()
        .filter_map(|k| r.sections.get_key_value(k))
        .filter(|(_, s)| !s.text.trim().is_empty() && s.by.is_some_and(|b| b != ctx.actor.user_id))
        .collect();
    if !replaced.is_empty() {
        let kept = serde_json::json!({ "replaced_sections": replaced });
        ff_store::versions::record_version(tx, ctx.la(), r.audit_kind, r.of, row.version, &kept, Some(ctx.actor.user_id), ctx.now).await?;
    }
    let what = merged.changed.iter().filter_map(|k| label(k)).collect::<Vec<_>>();
    audit(tx, ctx, "update", r.audit_kind, Some(r.of.to_string()), format!("record saved: {}", what.join(", "))).await?;
    Ok(Some(row))
}
