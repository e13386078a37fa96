//! A plan's shared written record: the lead child protection practitioner and
//! the family help lead write one child protection plan together (R-FH-2, §5.3), and the
//! practitioners working with a family write its family help plan, each with the child's and the
//! family's own words, saved section by section as they type, exactly as the written assessment
//! is (decision 0009). Rules: `ff_domain::plan_record` (PR-1, PR-2).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::plan_record::{self as rules, PlanKind};
use ff_domain::policy::Action;
use ff_domain::written::{Edit, Section};
use ff_store::plan_records::{PlanRecordRow, PlanTable};
use ff_store::{Db, Tx};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::written::{DraftInput, DraftSaved, SectionView, SharedRecord, parse_sections, section_views, store_changes};
use crate::{Ctx, Result, ServiceError, audit};

/// An outcome or an action of the plan: what, who, by when, and whether it is done.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanItem {
    /// outcome or action.
    pub kind: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub overdue: bool,
}

/// The plan as one record: its written sections, and the outcomes, actions (and, for a child
/// protection plan, the category and contingency) agreed for it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanRecord {
    /// child_protection or family_help.
    pub kind: String,
    /// "Child protection plan" or "Family help plan".
    pub kind_label: String,
    pub plan_id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    pub start_date: NaiveDate,
    /// A child protection plan's category of harm.
    pub category_label: Option<String>,
    /// Who holds the plan: the LCPP of a child protection plan, the family help lead of a family
    /// help plan.
    pub lead_name: Option<String>,
    /// A child protection plan's co-working family help lead (R-FH-2).
    pub family_help_lead_name: Option<String>,
    pub end_date: Option<NaiveDate>,
    pub sections: Vec<SectionView>,
    /// 0 until the first save.
    pub version: i32,
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<String>,
    /// A child protection plan's contingency: what happens if things do not change.
    pub contingency: Option<String>,
    pub items: Vec<PlanItem>,
    /// The person reading may write into it now.
    pub may_write: bool,
}

/// The plan a record belongs to, whichever its kind.
struct Plan {
    kind: PlanKind,
    id: Uuid,
    child_id: Uuid,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    family_help_lead: Option<Uuid>,
}

/// Everything one action needs about a plan's record, read in its transaction.
struct Loaded {
    plan: Plan,
    record: Option<PlanRecordRow>,
    sections: BTreeMap<String, Section>,
}

fn table(kind: PlanKind) -> PlanTable {
    match kind {
        PlanKind::ChildProtection => PlanTable::ChildProtection,
        PlanKind::FamilyHelp => PlanTable::FamilyHelp,
    }
}

async fn plan(tx: &mut Tx, ctx: &Ctx, kind: PlanKind, id: Uuid) -> Result<Plan> {
    let la = ctx.la();
    let (episode, start_date, end_date) = match kind {
        PlanKind::ChildProtection => {
            let p = ff_store::cp_plans::get_plan(tx, la, id).await?.ok_or(ServiceError::NotFound("child protection plan"))?;
            (p.episode_id, p.start_date, p.end_date)
        }
        PlanKind::FamilyHelp => {
            let p = ff_store::family_help::get_plan(tx, la, id).await?.ok_or(ServiceError::NotFound("family help plan"))?;
            (p.episode_id, p.start_date, p.end_date)
        }
    };
    let e = ff_store::family_help::get_episode(tx, la, episode).await?.ok_or(ServiceError::NotFound("episode"))?;
    Ok(Plan { kind, id, child_id: e.child_id, start_date, end_date, family_help_lead: e.lead_id })
}

async fn load(tx: &mut Tx, ctx: &Ctx, kind: PlanKind, plan_id: Uuid, action: Action) -> Result<Loaded> {
    // A partner agency's user reads the plan of a child their multi-agency team works (decided
    // on the child below); writing is by role first.
    if action != Action::ViewPerson {
        ctx.authorise(action)?;
    }
    let plan = plan(tx, ctx, kind, plan_id).await?;
    ctx.authorise_child(tx, action, plan.child_id).await?;
    let record = ff_store::plan_records::get(tx, ctx.la(), table(kind), plan_id).await?;
    let sections = match &record {
        Some(r) => parse_sections(&r.sections)?,
        None => BTreeMap::new(),
    };
    Ok(Loaded { plan, record, sections })
}

/// Reads a plan's record. Audited as a view.
pub async fn record(db: &Db, ctx: &Ctx, kind: PlanKind, plan_id: Uuid) -> Result<PlanRecord> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, kind, plan_id, Action::ViewPerson).await?;
    let v = view(&mut tx, ctx, &l).await?;
    audit(&mut tx, ctx, "view", audit_kind(kind), Some(plan_id.to_string()), "plan record viewed").await?;
    tx.commit().await?;
    Ok(v)
}

fn audit_kind(kind: PlanKind) -> &'static str {
    match kind {
        PlanKind::ChildProtection => "cp_plan_record",
        PlanKind::FamilyHelp => "fh_plan_record",
    }
}

/// The plan's own facts for the record: (category, lead, co-working lead, contingency, items).
type PlanFacts = (Option<String>, Option<Uuid>, Option<String>, Vec<PlanItem>);

async fn plan_facts(tx: &mut Tx, ctx: &Ctx, p: &Plan) -> Result<(PlanFacts, Option<String>, Option<String>)> {
    let today = ctx.today();
    let open = p.end_date.is_none();
    match p.kind {
        PlanKind::ChildProtection => {
            let mut facts = ChildFacts::new(p.child_id);
            let cp = crate::child_protection::read_for_child(tx, ctx, &mut facts).await?;
            let v = cp.plans.into_iter().find(|x| x.id == p.id).ok_or(ServiceError::NotFound("child protection plan"))?;
            let items = v
                .items
                .into_iter()
                .map(|i| PlanItem {
                    kind: i.kind,
                    description: i.description,
                    owner: i.owner,
                    due_on: i.due_on,
                    done_on: i.done_on,
                    overdue: i.overdue,
                })
                .collect();
            Ok(((Some(v.category_label), None, Some(v.contingency), items), Some(v.lead_name), v.family_help_lead_name))
        }
        PlanKind::FamilyHelp => {
            let items = ff_store::family_help::items_of_plan(tx, ctx.la(), p.id)
                .await?
                .into_iter()
                .map(|i| PlanItem {
                    overdue: open && i.done_date.is_none() && i.due_date.is_some_and(|d| d < today),
                    kind: i.kind,
                    description: i.description,
                    owner: i.owner,
                    due_on: i.due_date,
                    done_on: i.done_date,
                })
                .collect();
            Ok(((None, p.family_help_lead, None, items), None, None))
        }
    }
}

async fn view(tx: &mut Tx, ctx: &Ctx, l: &Loaded) -> Result<PlanRecord> {
    let la = ctx.la();
    let p = &l.plan;
    let ((category_label, lead_id, contingency, items), cp_lead, co_worker) = plan_facts(tx, ctx, p).await?;
    let mut facts = ChildFacts::new(p.child_id);
    let child = facts.person(tx, la).await?.ok_or(ServiceError::NotFound("child"))?;
    let people: Vec<Uuid> = l.sections.values().filter_map(|s| s.by).chain(l.record.as_ref().map(|r| r.saved_by)).chain(lead_id).collect();
    let users = ff_store::users::get_many(tx, la, &people).await?;
    let name = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone());
    let sections = section_views(rules::SECTIONS, &l.sections, name);
    let may_write = p.end_date.is_none()
        && ctx.authorise(Action::WorkOnCase).is_ok()
        && rules::may_write(p.kind, &ctx.actor, p.family_help_lead).is_ok();
    Ok(PlanRecord {
        kind: p.kind.code().to_owned(),
        kind_label: p.kind.label().to_owned(),
        plan_id: p.id,
        child_id: p.child_id,
        child_name: ff_domain::people::full_name(&child.given_name, &child.family_name),
        start_date: p.start_date,
        category_label,
        lead_name: cp_lead.or_else(|| name(lead_id)),
        family_help_lead_name: co_worker,
        end_date: p.end_date,
        sections,
        version: l.record.as_ref().map_or(0, |r| r.version),
        saved_at: l.record.as_ref().map(|r| r.saved_at),
        saved_by: l.record.as_ref().and_then(|r| name(Some(r.saved_by))),
        contingency,
        items,
        may_write,
    })
}

/// Save changes to a plan's record, section by section (a section someone else changed since the
/// writer's copy is a conflict, and then nothing is saved). Who may write: PR-1; an ended plan is
/// locked: PR-2. A save that changes nothing writes nothing.
pub async fn save(db: &Db, ctx: &Ctx, kind: PlanKind, plan_id: Uuid, input: &DraftInput) -> Result<DraftSaved> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, kind, plan_id, Action::WorkOnCase).await?;
    rules::may_write(kind, &ctx.actor, l.plan.family_help_lead).map_err(ServiceError::Denied)?;
    rules::check_open(kind, l.plan.end_date.is_some())?;
    let edits: Vec<Edit> = input.sections.iter().map(|e| Edit { key: e.key.clone(), text: e.text.clone(), base_rev: e.base_rev }).collect();
    let merged = rules::merge(&l.sections, &edits, ctx.actor.user_id, ctx.now)?;
    if !merged.conflicts.is_empty() {
        let v = view(&mut tx, ctx, &l).await?;
        let theirs = v.sections.into_iter().filter(|s| merged.conflicts.contains(&s.key)).collect();
        return Err(ServiceError::SectionConflict(theirs));
    }
    let shared =
        SharedRecord { table: table(kind), of: plan_id, stored: l.record.as_ref(), sections: &l.sections, audit_kind: audit_kind(kind) };
    let record = store_changes(&mut tx, ctx, shared, &merged, |k| rules::spec(k).map(|s| s.label)).await?;
    let after = Loaded { sections: merged.sections, record, ..l };
    let v = view(&mut tx, ctx, &after).await?;
    tx.commit().await?;
    Ok(crate::written::answer(v.version, v.saved_at, &v.sections, &merged.changed, &input.seen))
}

/// The written sections of a child protection plan's record, by key, for the family's copy.
pub(crate) async fn written_sections(tx: &mut Tx, ctx: &Ctx, plan_id: Uuid) -> Result<BTreeMap<String, Section>> {
    match ff_store::plan_records::get(tx, ctx.la(), PlanTable::ChildProtection, plan_id).await? {
        Some(r) => parse_sections(&r.sections),
        None => Ok(BTreeMap::new()),
    }
}
