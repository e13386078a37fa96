//! The child protection plan's shared written record (issue 12 item 1): the lead child
//! protection practitioner and the family help lead write one plan together (R-FH-2, §5.3), with
//! the child's and the family's own words, saved section by section as they type, exactly as the
//! written assessment is (decision 0009). Rules: `ff_domain::plan_record`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::plan_record as rules;
use ff_domain::policy::Action;
use ff_domain::written::{Edit, Section};
use ff_store::cp_plans::{CpPlanRow, PlanRecordRow};
use ff_store::{Db, Tx};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_protection::{CpItemView, CpPlanView};
use crate::child_record::ChildFacts;
use crate::written::{DraftInput, DraftSaved, SectionView, parse_sections, sections_json};
use crate::{Ctx, Result, ServiceError, audit, stale};

/// The plan as one record: its written sections, and the outcomes, actions and contingency
/// agreed for it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanRecord {
    pub plan_id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    pub start_date: NaiveDate,
    pub category_label: String,
    /// The LCPP holding the plan.
    pub lead_name: String,
    /// The family help lead, who writes the plan with the LCPP (R-FH-2).
    pub family_help_lead_name: Option<String>,
    pub end_date: Option<NaiveDate>,
    pub sections: Vec<SectionView>,
    /// 0 until the first save.
    pub version: i32,
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<String>,
    pub contingency: String,
    pub items: Vec<CpItemView>,
    /// The person reading may write into it now.
    pub may_write: bool,
}

/// Everything one action needs about a plan's record, read in its transaction.
struct Loaded {
    plan: CpPlanRow,
    family_help_lead: Option<Uuid>,
    record: Option<PlanRecordRow>,
    sections: BTreeMap<String, Section>,
}

async fn load(tx: &mut Tx, ctx: &Ctx, plan_id: Uuid, action: Action) -> Result<Loaded> {
    // A partner agency's user reads the plan of a child their multi-agency team works (decided
    // on the child below); writing is by role first.
    if action != Action::ViewPerson {
        ctx.authorise(action)?;
    }
    let la = ctx.la();
    let plan = ff_store::cp_plans::get_plan(tx, la, plan_id).await?.ok_or(ServiceError::NotFound("child protection plan"))?;
    ctx.authorise_child(tx, action, plan.child_id).await?;
    let family_help_lead = ff_store::family_help::get_episode(tx, la, plan.episode_id).await?.and_then(|e| e.lead_id);
    let record = ff_store::cp_plans::get_plan_record(tx, la, plan_id).await?;
    let sections = match &record {
        Some(r) => parse_sections(&r.sections)?,
        None => BTreeMap::new(),
    };
    Ok(Loaded { plan, family_help_lead, record, sections })
}

/// Reads the plan's record. Audited as a view.
pub async fn record(db: &Db, ctx: &Ctx, plan_id: Uuid) -> Result<PlanRecord> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, plan_id, Action::ViewPerson).await?;
    let v = view(&mut tx, ctx, &l).await?;
    audit(&mut tx, ctx, "view", "cp_plan_record", Some(plan_id.to_string()), "child protection plan record viewed").await?;
    tx.commit().await?;
    Ok(v)
}

async fn view(tx: &mut Tx, ctx: &Ctx, l: &Loaded) -> Result<PlanRecord> {
    let la = ctx.la();
    let mut facts = ChildFacts::new(l.plan.child_id);
    let cp = crate::child_protection::read_for_child(tx, ctx, &mut facts).await?;
    let plan: CpPlanView = cp.plans.into_iter().find(|p| p.id == l.plan.id).ok_or(ServiceError::NotFound("child protection plan"))?;
    let child = facts.person(tx, la).await?.ok_or(ServiceError::NotFound("child"))?;
    let people: Vec<Uuid> = l.sections.values().filter_map(|s| s.by).chain(l.record.as_ref().map(|r| r.saved_by)).collect();
    let users = ff_store::users::get_many(tx, la, &people).await?;
    let name = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone());
    let sections = rules::SECTIONS
        .iter()
        .map(|spec| {
            let s = l.sections.get(spec.key).cloned().unwrap_or_else(Section::empty);
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
        .collect();
    let may_write =
        l.plan.end_date.is_none() && ctx.authorise(Action::WorkOnCase).is_ok() && rules::may_write(&ctx.actor, l.family_help_lead).is_ok();
    Ok(PlanRecord {
        plan_id: l.plan.id,
        child_id: l.plan.child_id,
        child_name: ff_domain::people::full_name(&child.given_name, &child.family_name),
        start_date: plan.start_date,
        category_label: plan.category_label,
        lead_name: plan.lead_name,
        family_help_lead_name: plan.family_help_lead_name,
        end_date: plan.end_date,
        sections,
        version: l.record.as_ref().map_or(0, |r| r.version),
        saved_at: l.record.as_ref().map(|r| r.saved_at),
        saved_by: l.record.as_ref().and_then(|r| name(Some(r.saved_by))),
        contingency: plan.contingency,
        items: plan.items,
        may_write,
    })
}

/// Save changes to the plan's record, section by section (a section someone else changed since
/// the writer's copy is a conflict, and then nothing is saved). Written by the LCPP, the family
/// help lead and social workers on the case (R-FH-2); an ended plan is locked (R-CP-6). A save
/// that changes nothing writes nothing.
pub async fn save(db: &Db, ctx: &Ctx, plan_id: Uuid, input: &DraftInput) -> Result<DraftSaved> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, plan_id, Action::WorkOnCase).await?;
    rules::may_write(&ctx.actor, l.family_help_lead).map_err(ServiceError::Denied)?;
    rules::check_open(l.plan.end_date.is_some())?;
    let edits: Vec<Edit> = input.sections.iter().map(|e| Edit { key: e.key.clone(), text: e.text.clone(), base_rev: e.base_rev }).collect();
    let merged = rules::merge(&l.sections, &edits, ctx.actor.user_id, ctx.now)?;
    if !merged.conflicts.is_empty() {
        let v = view(&mut tx, ctx, &l).await?;
        let theirs = v.sections.into_iter().filter(|s| merged.conflicts.contains(&s.key)).collect();
        return Err(ServiceError::SectionConflict(theirs));
    }
    let mut record = l.record.clone();
    if !merged.changed.is_empty() {
        let row = PlanRecordRow {
            cp_plan_id: plan_id,
            sections: sections_json(&merged.sections)?,
            version: l.record.as_ref().map_or(1, |r| r.version + 1),
            saved_at: ctx.now,
            saved_by: ctx.actor.user_id,
        };
        let stored = match &l.record {
            None => ff_store::cp_plans::insert_plan_record(&mut tx, ctx.la(), &row).await?,
            Some(r) => ff_store::cp_plans::update_plan_record(&mut tx, ctx.la(), &row, r.version).await?,
        };
        if !stored {
            return Err(stale("child protection plan record", row.version));
        }
        // Words another person wrote that this save replaces are kept whole (nothing silently
        // overwritten, even when the writer chose to keep their own words).
        let replaced: BTreeMap<&String, &Section> = merged
            .changed
            .iter()
            .filter_map(|k| l.sections.get_key_value(k))
            .filter(|(_, s)| !s.text.trim().is_empty() && s.by.is_some_and(|b| b != ctx.actor.user_id))
            .collect();
        if !replaced.is_empty() {
            let kept = serde_json::json!({ "replaced_sections": replaced });
            ff_store::versions::record_version(
                &mut tx,
                ctx.la(),
                "cp_plan_record",
                plan_id,
                row.version,
                &kept,
                Some(ctx.actor.user_id),
                ctx.now,
            )
            .await?;
        }
        let what = merged.changed.iter().filter_map(|k| rules::spec(k)).map(|s| s.label).collect::<Vec<_>>();
        audit(&mut tx, ctx, "update", "cp_plan_record", Some(plan_id.to_string()), format!("plan record saved: {}", what.join(", ")))
            .await?;
        record = Some(row);
    }
    let after = Loaded { sections: merged.sections, record, ..l };
    let v = view(&mut tx, ctx, &after).await?;
    tx.commit().await?;
    Ok(crate::written::answer(v.version, v.saved_at, &v.sections, &merged.changed, &input.seen))
}

/// The written sections of a plan's record, by key, for the family's copy of the plan.
pub(crate) async fn written_sections(tx: &mut Tx, ctx: &Ctx, plan_id: Uuid) -> Result<BTreeMap<String, Section>> {
    match ff_store::cp_plans::get_plan_record(tx, ctx.la(), plan_id).await? {
        Some(r) => parse_sections(&r.sections),
        None => Ok(BTreeMap::new()),
    }
}
