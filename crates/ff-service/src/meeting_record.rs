//! A meeting's shared written record: what was said at a child protection
//! conference, and at a family help plan review, and why it was decided, written section by
//! section by the chair, the LCPP, the family help lead and the practitioners on the case, saved
//! as they type exactly as the plan's record is (decision 0009). The chair agrees a conference's
//! record, and then it is kept as agreed. Rules: `ff_domain::meeting_record` (MR-1..MR-3).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::meeting_record::{self as rules, MeetingKind};
use ff_domain::policy::Action;
use ff_domain::written::{Edit, Section};
use ff_store::plan_records::{PlanRecordRow, PlanTable};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::written::{DraftInput, DraftSaved, SectionView, SharedRecord, parse_sections, section_views, store_changes};
use crate::{Ctx, Result, ServiceError, audit, stale};

/// A conference's or a plan review's record as its reader sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingRecord {
    /// conference or plan_review.
    pub kind: String,
    /// What the meeting was, e.g. "Initial child protection conference".
    pub title: String,
    pub meeting_id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    pub held_on: NaiveDate,
    /// A conference's chair.
    pub chair_name: Option<String>,
    /// A conference's decision, or a review's summary as recorded with it.
    pub outcome: String,
    /// The plan the meeting made or reviewed, if any (a child protection plan for a conference,
    /// the family help plan for a review).
    pub plan_id: Option<Uuid>,
    pub sections: Vec<SectionView>,
    /// 0 until the first save.
    pub version: i32,
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<String>,
    /// When the chair agreed a conference's record (MR-3); from then it is locked.
    pub agreed_at: Option<DateTime<Utc>>,
    pub agreed_by: Option<String>,
    /// The person reading may write into it now (MR-1, MR-2).
    pub may_write: bool,
    /// The person reading is the chair and the record is not yet agreed (MR-3).
    pub may_agree: bool,
}

/// The chair agrees the record as it stands at `version`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AgreeRecordInput {
    pub version: i32,
}

/// The meeting a record belongs to, whichever its kind.
struct Meeting {
    kind: MeetingKind,
    id: Uuid,
    child_id: Uuid,
    held_on: NaiveDate,
    title: String,
    chair: Option<Uuid>,
    outcome: String,
    plan_id: Option<Uuid>,
    plan_ended: bool,
    family_help_lead: Option<Uuid>,
}

/// Everything one action needs about a meeting's record, read in its transaction.
struct Loaded {
    meeting: Meeting,
    record: Option<PlanRecordRow>,
    sections: BTreeMap<String, Section>,
    agreed: Option<(DateTime<Utc>, Uuid)>,
}

fn table(kind: MeetingKind) -> PlanTable {
    match kind {
        MeetingKind::Conference => PlanTable::Conference,
        MeetingKind::PlanReview => PlanTable::PlanReview,
    }
}

fn audit_kind(kind: MeetingKind) -> &'static str {
    match kind {
        MeetingKind::Conference => "conference_record",
        MeetingKind::PlanReview => "plan_review_record",
    }
}

async fn meeting(tx: &mut Tx, ctx: &Ctx, kind: MeetingKind, id: Uuid) -> Result<Meeting> {
    let la = ctx.la();
    match kind {
        MeetingKind::Conference => {
            let c = ff_store::cp_plans::get_conference(tx, la, id).await?.ok_or(ServiceError::NotFound("conference"))?;
            let e = ff_store::family_help::get_episode(tx, la, c.episode_id).await?.ok_or(ServiceError::NotFound("episode"))?;
            let title = c.kind.label();
            let outcome = c.decision.label().to_owned();
            // A review conference names the plan it reviewed; an initial one the plan it made.
            let plan_id = match c.cp_plan_id {
                Some(p) => Some(p),
                None => ff_store::cp_plans::plan_made_by(tx, la, c.child_id, id).await?,
            };
            Ok(Meeting {
                kind,
                id,
                child_id: c.child_id,
                held_on: c.held_on,
                title: title.to_owned(),
                chair: Some(c.chair_id),
                outcome,
                plan_id,
                plan_ended: false,
                family_help_lead: e.lead_id,
            })
        }
        MeetingKind::PlanReview => {
            let r = ff_store::family_help::get_review(tx, la, id).await?.ok_or(ServiceError::NotFound("plan review"))?;
            let p = ff_store::family_help::get_plan(tx, la, r.plan_id).await?.ok_or(ServiceError::NotFound("family help plan"))?;
            let e = ff_store::family_help::get_episode(tx, la, p.episode_id).await?.ok_or(ServiceError::NotFound("episode"))?;
            Ok(Meeting {
                kind,
                id,
                child_id: e.child_id,
                held_on: r.review_date,
                title: "Family help plan review".to_owned(),
                chair: None,
                outcome: r.summary,
                plan_id: Some(p.id),
                plan_ended: p.end_date.is_some(),
                family_help_lead: e.lead_id,
            })
        }
    }
}

/// Who may try to write before the meeting is looked up (MR-1 by role; the family help lead's
/// own right is decided on the meeting).
fn authorise_writer(ctx: &Ctx, kind: MeetingKind) -> Result<()> {
    match kind {
        MeetingKind::Conference => ctx.authorise(Action::RecordConference).or_else(|_| ctx.authorise(Action::WorkOnCase)),
        MeetingKind::PlanReview => ctx.authorise(Action::WorkOnCase),
    }
}

async fn load(tx: &mut Tx, ctx: &Ctx, kind: MeetingKind, id: Uuid, writing: bool) -> Result<Loaded> {
    if writing {
        authorise_writer(ctx, kind)?;
    }
    let meeting = meeting(tx, ctx, kind, id).await?;
    // A partner agency's user reads the record of a child their team works, as the plan's.
    ctx.authorise_child(tx, Action::ViewPerson, meeting.child_id).await?;
    let record = ff_store::plan_records::get(tx, ctx.la(), table(kind), id).await?;
    let sections = match &record {
        Some(r) => parse_sections(&r.sections)?,
        None => BTreeMap::new(),
    };
    let agreed = match (kind, &record) {
        (MeetingKind::Conference, Some(_)) => ff_store::plan_records::conference_agreed(tx, ctx.la(), id).await?,
        _ => None,
    };
    Ok(Loaded { meeting, record, sections, agreed })
}

async fn view(tx: &mut Tx, ctx: &Ctx, l: &Loaded) -> Result<MeetingRecord> {
    let la = ctx.la();
    let m = &l.meeting;
    let child = ChildFacts::new(m.child_id).person(tx, la).await?.ok_or(ServiceError::NotFound("child"))?;
    let people: Vec<Uuid> = l
        .sections
        .values()
        .filter_map(|s| s.by)
        .chain(l.record.as_ref().map(|r| r.saved_by))
        .chain(m.chair)
        .chain(l.agreed.map(|a| a.1))
        .collect();
    let users = ff_store::users::get_many(tx, la, &people).await?;
    let name = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone());
    let sections = section_views(m.kind.sections(), &l.sections, name);
    let open = rules::check_open(m.kind, l.agreed.is_some(), m.plan_ended).is_ok();
    let may_write = open && authorise_writer(ctx, m.kind).is_ok() && rules::may_write(m.kind, &ctx.actor, m.family_help_lead).is_ok();
    // The chair is offered agreement while the record is open; the decision's reasons are
    // checked when they agree (MR-3), so they are told what is missing.
    let may_agree = l.agreed.is_none() && m.chair == Some(ctx.actor.user_id) && ctx.authorise(Action::RecordConference).is_ok();
    Ok(MeetingRecord {
        kind: m.kind.code().to_owned(),
        title: m.title.clone(),
        meeting_id: m.id,
        child_id: m.child_id,
        child_name: ff_domain::people::full_name(&child.given_name, &child.family_name),
        held_on: m.held_on,
        chair_name: name(m.chair),
        outcome: m.outcome.clone(),
        plan_id: m.plan_id,
        sections,
        version: l.record.as_ref().map_or(0, |r| r.version),
        saved_at: l.record.as_ref().map(|r| r.saved_at),
        saved_by: l.record.as_ref().and_then(|r| name(Some(r.saved_by))),
        agreed_at: l.agreed.map(|a| a.0),
        agreed_by: name(l.agreed.map(|a| a.1)),
        may_write,
        may_agree,
    })
}

/// Reads a meeting's record. Audited as a view.
pub async fn record(db: &Db, ctx: &Ctx, kind: MeetingKind, id: Uuid) -> Result<MeetingRecord> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, kind, id, false).await?;
    let v = view(&mut tx, ctx, &l).await?;
    audit(&mut tx, ctx, "view", audit_kind(kind), Some(id.to_string()), "meeting record viewed").await?;
    tx.commit().await?;
    Ok(v)
}

/// Save changes to a meeting's record, section by section (a section someone else changed since
/// the writer's copy is a conflict, and then nothing is saved). Who may write: MR-1; locked:
/// MR-2. A save that changes nothing writes nothing.
pub async fn save(db: &Db, ctx: &Ctx, kind: MeetingKind, id: Uuid, input: &DraftInput) -> Result<DraftSaved> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, kind, id, true).await?;
    rules::may_write(kind, &ctx.actor, l.meeting.family_help_lead).map_err(ServiceError::Denied)?;
    rules::check_open(kind, l.agreed.is_some(), l.meeting.plan_ended)?;
    let edits: Vec<Edit> = input.sections.iter().map(|e| Edit { key: e.key.clone(), text: e.text.clone(), base_rev: e.base_rev }).collect();
    let merged = rules::merge(kind, &l.sections, &edits, ctx.actor.user_id, ctx.now)?;
    if !merged.conflicts.is_empty() {
        let v = view(&mut tx, ctx, &l).await?;
        let theirs = v.sections.into_iter().filter(|s| merged.conflicts.contains(&s.key)).collect();
        return Err(ServiceError::SectionConflict(theirs));
    }
    let shared =
        SharedRecord { table: table(kind), of: id, stored: l.record.as_ref(), sections: &l.sections, audit_kind: audit_kind(kind) };
    let record = store_changes(&mut tx, ctx, shared, &merged, |k| kind.spec(k).map(|s| s.label)).await?;
    let after = Loaded { sections: merged.sections, record, ..l };
    let v = view(&mut tx, ctx, &after).await?;
    tx.commit().await?;
    Ok(crate::written::answer(v.version, v.saved_at, &v.sections, &merged.changed, &input.seen))
}

/// The chair agrees a conference's record as it stands at `input.version` (MR-3); from then it
/// is locked (MR-2). A record changed since the chair read it is a 409.
pub async fn agree(db: &Db, ctx: &Ctx, conference: Uuid, input: &AgreeRecordInput) -> Result<MeetingRecord> {
    let mut tx = db.begin().await?;
    ctx.authorise(Action::RecordConference)?;
    let l = load(&mut tx, ctx, MeetingKind::Conference, conference, false).await?;
    let chair = l.meeting.chair.ok_or(ServiceError::NotFound("conference"))?;
    rules::may_agree(&ctx.actor, chair, &l.sections, l.agreed.is_some())?;
    let current = l.record.as_ref().map_or(0, |r| r.version);
    if current != input.version
        || !ff_store::plan_records::agree_conference(&mut tx, ctx.la(), conference, ctx.actor.user_id, ctx.now, current).await?
    {
        return Err(stale("record", current));
    }
    audit(&mut tx, ctx, "update", "conference_record", Some(conference.to_string()), "conference record agreed by the chair").await?;
    let record = l.record.clone().map(|r| PlanRecordRow { version: r.version + 1, ..r });
    let after = Loaded { record, agreed: Some((ctx.now, ctx.actor.user_id)), ..l };
    let v = view(&mut tx, ctx, &after).await?;
    tx.commit().await?;
    Ok(v)
}
