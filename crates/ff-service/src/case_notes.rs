//! Case notes (`ff_domain::case_notes`): writing a note on a child's case,
//! changing one's own note (a new version, the old one kept), and reading a note with its
//! versions. Partners' chronology entries and answers to requests for information are notes too,
//! so the chronology and the triangulation report read one list (families-first.md §8, F1, F4).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use ff_domain::case_notes::{NoteDraft, NoteFields, NoteKind, may_edit, may_read, parse};
use ff_domain::child_protection::SourceType;
use ff_domain::policy::{Action, Denied};
use ff_domain::roles::Agency;
use ff_store::case_notes::NoteRow;
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, stale};

/// What a writer sends for a note. Only the date and the note are needed; the rest default.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NoteInput {
    pub occurred_on: NaiveDate,
    /// home_visit, office_visit, phone_call, meeting, letter_email, observation, supervision,
    /// management_oversight or agency_entry (the default).
    #[serde(default)]
    pub kind: Option<String>,
    /// When it happened, as hours and minutes ("14:30", "2.30pm"); optional.
    #[serde(default)]
    pub occurred_time: Option<String>,
    /// parent_account, child_account, professional_observation, agency_record or document. An
    /// agency entry must say; other kinds default to the writer's own observation (a letter or
    /// email to a document).
    #[serde(default)]
    pub source_type: String,
    /// Who was there, in words.
    #[serde(default)]
    pub people_present: String,
    pub note: String,
    /// What the child said, in their own words.
    #[serde(default)]
    pub child_voice: String,
    /// What was decided (required for supervision and management oversight).
    #[serde(default)]
    pub decisions: String,
    /// The actions agreed: what, who, by when.
    #[serde(default)]
    pub actions: String,
    /// A significant event in the child's life (it stands out in the chronology).
    #[serde(default)]
    pub significant: bool,
    /// partners (the default: the partner agencies working with the child may read it) or
    /// council. Supervision and management oversight are always council only.
    #[serde(default)]
    pub visibility: Option<String>,
    /// A note in this child's chronology that this one corroborates.
    #[serde(default)]
    pub corroborates_id: Option<Uuid>,
}

/// A changed note, sent with the version it was read at.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NoteEditInput {
    #[serde(flatten)]
    pub note: NoteInput,
    pub version: i32,
}

fn draft(ctx: &Ctx, input: &NoteInput) -> Result<NoteDraft> {
    let fields = NoteFields {
        kind: input.kind.as_deref(),
        occurred_on: input.occurred_on,
        occurred_time: input.occurred_time.as_deref(),
        source_type: Some(input.source_type.as_str()),
        people_present: &input.people_present,
        note: &input.note,
        child_voice: &input.child_voice,
        decisions: &input.decisions,
        actions: &input.actions,
        significant: input.significant,
        visibility: input.visibility.as_deref(),
    };
    let now = ff_domain::calendar::london_time(ctx.now).time();
    let d = parse(&fields, ctx.actor.agency, ctx.today(), now)?;
    // Supervision and management oversight are a supervisor's record (R-FH-1).
    if d.kind.council_only() {
        ctx.authorise(Action::RecordOversight)?;
    }
    Ok(d)
}

/// F4/F5: a note may corroborate another note on the same child, never itself, and a parent's
/// own account corroborates nothing.
async fn check_corroborates(tx: &mut Tx, ctx: &Ctx, child: Uuid, this: Option<Uuid>, d: &NoteDraft, c: Option<Uuid>) -> Result<()> {
    let Some(c) = c else { return Ok(()) };
    let found = ff_store::case_notes::get_note(tx, ctx.la(), c).await?.filter(|n| n.child_id == child && Some(n.id) != this);
    let message = match found {
        None => "Choose a note in this child's chronology",
        Some(_) if d.source == SourceType::ParentAccount => {
            "A parent's own account cannot corroborate another account (triangulation needs another source)"
        }
        Some(_) => return Ok(()),
    };
    Err(crate::field_err("corroborates_id", message))
}

fn apply(row: &mut NoteRow, d: NoteDraft, corroborates_id: Option<Uuid>) {
    row.kind = d.kind;
    row.occurred_on = d.occurred_on;
    row.occurred_time = d.occurred_time;
    row.source_type = d.source;
    row.people_present = d.people_present;
    row.note = d.note;
    row.child_voice = d.child_voice;
    row.decisions = d.decisions;
    row.actions = d.actions;
    row.significant = d.significant;
    row.visibility = d.visibility;
    row.corroborates_id = corroborates_id;
}

/// Writes a note in the caller's transaction (also used for an agency's answer to a request).
pub(crate) async fn insert(tx: &mut Tx, ctx: &Ctx, child: Uuid, input: &NoteInput) -> Result<Uuid> {
    let d = draft(ctx, input)?;
    check_corroborates(tx, ctx, child, None, &d, input.corroborates_id).await?;
    let mut row = NoteRow {
        id: ctx.new_id(),
        child_id: child,
        agency: ctx.actor.agency,
        kind: d.kind,
        occurred_on: d.occurred_on,
        occurred_time: None,
        source_type: d.source,
        people_present: String::new(),
        note: String::new(),
        child_voice: String::new(),
        decisions: String::new(),
        actions: String::new(),
        significant: false,
        visibility: d.visibility,
        corroborates_id: None,
        recorded_by: ctx.actor.user_id,
        created_at: ctx.now,
        version: 1,
        edited_at: None,
        edited_by: None,
    };
    let kind = d.kind;
    apply(&mut row, d, input.corroborates_id);
    ff_store::case_notes::insert_note(tx, ctx.la(), &row).await?;
    let what = if kind == NoteKind::AgencyEntry {
        format!("chronology entry from {}", row.agency.code())
    } else {
        format!("{} note", kind.code())
    };
    audit(tx, ctx, "create", "case_note", Some(row.id.to_string()), what).await?;
    Ok(row.id)
}

/// Write a note on a child's case, under the writer's agency.
pub async fn record_note(db: &Db, ctx: &Ctx, child: Uuid, input: &NoteInput) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let id = insert(&mut tx, ctx, child, input).await?;
    tx.commit().await?;
    Ok(id)
}

/// A note the reader may see, or not found (a note kept from a partner is not confirmed to exist).
async fn readable(tx: &mut Tx, ctx: &Ctx, id: Uuid, action: Action) -> Result<NoteRow> {
    // Council roles by role before anything is read, so a role that may not read notes learns
    // nothing of which ones exist; partners once the note's child is known.
    if ctx.actor.agency == Agency::LocalAuthority {
        ctx.authorise(action)?;
    }
    let n = ff_store::case_notes::get_note(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("note"))?;
    match ctx.authorise_child(tx, action, n.child_id).await {
        // A partner is not told that a note exists on a child their team does not work.
        Err(ServiceError::Denied(_)) if ctx.actor.agency != Agency::LocalAuthority => return Err(ServiceError::NotFound("note")),
        other => other?,
    }
    if !visible_to(ctx.actor.agency, &n) {
        return Err(ServiceError::NotFound("note"));
    }
    Ok(n)
}

/// N-2 for a stored note.
pub(crate) fn visible_to(reader: Agency, n: &NoteRow) -> bool {
    may_read(reader, n.agency, n.kind, n.visibility)
}

/// Change one's own note. The version it replaces is kept whole; an edit from a stale copy is a
/// 409 that changes nothing.
pub async fn edit_note(db: &Db, ctx: &Ctx, id: Uuid, input: &NoteEditInput) -> Result<()> {
    let mut tx = db.begin().await?;
    let before = readable(&mut tx, ctx, id, Action::ContributeToCase).await?;
    if !may_edit(ctx.actor.user_id, before.recorded_by) {
        return Err(ServiceError::Denied(Denied {
            message: "Only the person who wrote a note can change it. Add a note of your own to say what has changed.".into(),
        }));
    }
    if before.version != input.version {
        return Err(stale("note", before.version));
    }
    let d = draft(ctx, &input.note)?;
    check_corroborates(&mut tx, ctx, before.child_id, Some(id), &d, input.note.corroborates_id).await?;
    let mut after = before.clone();
    apply(&mut after, d, input.note.corroborates_id);
    after.edited_at = Some(ctx.now);
    after.edited_by = Some(ctx.actor.user_id);
    let (by, at) = (before.edited_by.or(Some(before.recorded_by)), before.edited_at.unwrap_or(before.created_at));
    ff_store::versions::record_version(&mut tx, ctx.la(), "case_note", id, before.version, &before, by, at).await?;
    if !ff_store::case_notes::update_note(&mut tx, ctx.la(), &after, input.version).await? {
        return Err(stale("note", input.version + 1));
    }
    audit(&mut tx, ctx, "update", "case_note", Some(id.to_string()), format!("note changed to version {}", input.version + 1)).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoteView {
    pub id: Uuid,
    pub child_id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub occurred_on: NaiveDate,
    pub occurred_time: Option<NaiveTime>,
    pub agency: String,
    pub agency_label: String,
    pub source_type: String,
    pub source_label: String,
    pub people_present: String,
    pub note: String,
    pub child_voice: String,
    pub decisions: String,
    pub actions: String,
    pub significant: bool,
    pub visibility: String,
    pub visibility_label: String,
    pub corroborates_id: Option<Uuid>,
    /// For a parent's own account: whether another source corroborates it.
    pub corroborated: bool,
    pub recorded_by: String,
    pub recorded_by_id: Uuid,
    pub recorded_at: DateTime<Utc>,
    pub version: i32,
    pub edited_at: Option<DateTime<Utc>>,
}

pub(crate) fn view(n: &NoteRow, corroborated: bool, recorded_by: String) -> NoteView {
    NoteView {
        id: n.id,
        child_id: n.child_id,
        kind_label: n.kind.label().to_owned(),
        kind: n.kind.code().to_owned(),
        occurred_on: n.occurred_on,
        occurred_time: n.occurred_time,
        agency_label: n.agency.label().to_owned(),
        agency: n.agency.code().to_owned(),
        source_label: n.source_type.label().to_owned(),
        source_type: n.source_type.code().to_owned(),
        people_present: n.people_present.clone(),
        note: n.note.clone(),
        child_voice: n.child_voice.clone(),
        decisions: n.decisions.clone(),
        actions: n.actions.clone(),
        significant: n.significant,
        visibility_label: n.visibility.label().to_owned(),
        visibility: n.visibility.code().to_owned(),
        corroborates_id: n.corroborates_id,
        corroborated,
        recorded_by,
        recorded_by_id: n.recorded_by,
        recorded_at: n.created_at,
        version: n.version,
        edited_at: n.edited_at,
    }
}

/// The notes of a child as the chronology shows them, with which parents' accounts stand
/// uncorroborated (F4/F5).
pub(crate) fn note_views(notes: &[NoteRow], names: &dyn Fn(Uuid) -> String) -> Vec<NoteView> {
    use ff_domain::child_protection::{Statement, uncorroborated_parent_accounts};
    let statements: Vec<Statement<Uuid>> =
        notes.iter().map(|n| Statement { id: n.id, source: n.source_type, corroborates: n.corroborates_id }).collect();
    let uncorroborated = uncorroborated_parent_accounts(&statements);
    notes
        .iter()
        .map(|n| view(n, n.source_type == SourceType::ParentAccount && !uncorroborated.contains(&n.id), names(n.recorded_by)))
        .collect()
}

/// An earlier version of a note, as it stood before it was changed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoteVersionView {
    pub version: i32,
    /// When this version was written, and by whom.
    pub changed_at: DateTime<Utc>,
    pub changed_by: String,
    pub kind_label: String,
    pub occurred_on: Option<NaiveDate>,
    pub occurred_time: Option<NaiveTime>,
    pub people_present: String,
    pub source_label: String,
    pub visibility_label: String,
    pub note: String,
    pub child_voice: String,
    pub decisions: String,
    pub actions: String,
    pub significant: bool,
}

/// Another note on the same child, named by its date, kind and first words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkedNote {
    pub id: Uuid,
    pub summary: String,
}

fn linked(n: &NoteRow) -> LinkedNote {
    let kind = n.kind.label();
    let mut words: String = n.note.chars().take(60).collect();
    if n.note.chars().count() > 60 {
        words.push('…');
    }
    LinkedNote { id: n.id, summary: format!("{}, {}: {words}", kind, n.occurred_on.format("%-d %B %Y")) }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoteDetail {
    pub note: NoteView,
    pub child_name: String,
    /// The earlier note this one corroborates (triangulation, F4/F5).
    pub corroborates: Option<LinkedNote>,
    /// The notes that corroborate this one, as far as the reader may see them.
    pub corroborated_by: Vec<LinkedNote>,
    /// Whether the reader may change it (only its writer may).
    pub can_edit: bool,
    /// Earlier versions, newest first.
    pub versions: Vec<NoteVersionView>,
}

/// One note with its earlier versions. Audited as a view.
pub async fn note(db: &Db, ctx: &Ctx, id: Uuid) -> Result<NoteDetail> {
    let mut tx = db.begin().await?;
    let n = readable(&mut tx, ctx, id, Action::ViewPerson).await?;
    let child = ff_store::people::get_person(&mut tx, ctx.la(), n.child_id).await?.ok_or(ServiceError::NotFound("child"))?;
    let versions = ff_store::versions::list_versions(&mut tx, ctx.la(), "case_note", id).await?;
    let siblings: Vec<NoteRow> = ff_store::case_notes::notes_of_child(&mut tx, ctx.la(), n.child_id)
        .await?
        .into_iter()
        .filter(|o| visible_to(ctx.actor.agency, o))
        .collect();
    let mentioned: Vec<Uuid> = versions.iter().filter_map(|v| v.changed_by).chain([n.recorded_by]).collect();
    let users = ff_store::users::get_many(&mut tx, ctx.la(), &mentioned).await?;
    audit(&mut tx, ctx, "view", "case_note", Some(id.to_string()), "case note viewed").await?;
    tx.commit().await?;
    let name = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone()).unwrap_or_default();
    let versions = versions
        .into_iter()
        .map(|v| {
            let old: Option<NoteRow> = serde_json::from_value(v.data.0).ok();
            let text = |f: fn(&NoteRow) -> &str| old.as_ref().map(|o| f(o).to_owned()).unwrap_or_default();
            NoteVersionView {
                version: v.version,
                changed_at: v.changed_at,
                changed_by: name(v.changed_by),
                kind_label: old.as_ref().map(|o| o.kind.label().to_owned()).unwrap_or_default(),
                occurred_on: old.as_ref().map(|o| o.occurred_on),
                occurred_time: old.as_ref().and_then(|o| o.occurred_time),
                people_present: text(|o| &o.people_present),
                source_label: old.as_ref().map(|o| o.source_type.label().to_owned()).unwrap_or_default(),
                visibility_label: old.as_ref().map(|o| o.visibility.label().to_owned()).unwrap_or_default(),
                note: text(|o| &o.note),
                child_voice: text(|o| &o.child_voice),
                decisions: text(|o| &o.decisions),
                actions: text(|o| &o.actions),
                significant: old.as_ref().is_some_and(|o| o.significant),
            }
        })
        .collect();
    Ok(NoteDetail {
        corroborates: n.corroborates_id.and_then(|c| siblings.iter().find(|o| o.id == c)).map(linked),
        corroborated_by: siblings.iter().filter(|o| o.corroborates_id == Some(n.id)).map(linked).collect(),
        can_edit: may_edit(ctx.actor.user_id, n.recorded_by),
        child_name: ff_domain::people::full_name(&child.given_name, &child.family_name),
        note: view(&n, false, name(Some(n.recorded_by))),
        versions,
    })
}
