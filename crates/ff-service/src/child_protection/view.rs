//! The child protection part of a child's record as shown: strategy discussions, section 47
//! enquiries, conferences and plans with their T9, T11 to T15 clocks, and the multi-agency notes.

use chrono::NaiveDate;
use ff_domain::child_protection::{CpAgency, VisitFacts, next_core_group_due, visit_meets_cp_clock};
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::child_protection::{S47Row, StrategyRow};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::{Ctx, Result, ServiceError, audit};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttendeeView {
    pub agency: String,
    pub agency_label: String,
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StrategyView {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub decision: String,
    pub plan: String,
    pub safety_actions: Option<String>,
    pub other_children_considered: String,
    pub attendees: Vec<AttendeeView>,
    /// Required agencies that were absent (flagged, R-SD-1).
    pub missing_agencies: Vec<String>,
    pub missing_agencies_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnquiryView {
    pub id: Uuid,
    pub strategy_discussion_id: Uuid,
    pub start_date: NaiveDate,
    pub lead_id: Uuid,
    pub lead_name: String,
    pub icpc_due: NaiveDate,
    pub icpc_overdue: bool,
    pub outcome: Option<String>,
    pub outcome_label: Option<String>,
    pub conference_required: Option<bool>,
    pub no_conference_reason: Option<String>,
    pub concluded_on: Option<NaiveDate>,
    pub version: i32,
}

fn outcome_label(code: &str) -> &'static str {
    match code {
        "concerns_not_substantiated" => "Concerns not substantiated",
        "substantiated_no_continuing_risk" => "Substantiated, no continuing risk",
        "substantiated_continuing_risk" => "Substantiated, continuing risk: initial conference",
        _ => "",
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConferenceAttendeeView {
    pub agency_label: String,
    pub name: String,
    pub attended: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConferenceView {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub held_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub late_reason: Option<String>,
    pub chair_name: String,
    /// R-CH-3: who led the s.47, recorded with who chaired.
    pub enquiry_lead_name: Option<String>,
    pub qa_officer_name: Option<String>,
    pub qa_observations: Option<String>,
    pub attendees: Vec<ConferenceAttendeeView>,
    pub parents_participation: String,
    pub child_participation: String,
    pub exclusion_reason: Option<String>,
    pub parental_dissent: Option<String>,
    pub professional_dissent: Option<String>,
    pub decision: String,
    pub decision_label: String,
    pub category_label: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CpItemView {
    pub id: Uuid,
    pub kind: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub overdue: bool,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoreGroupView {
    pub held_on: NaiveDate,
    pub agencies: Vec<String>,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CpPlanView {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub start_date: NaiveDate,
    pub category: String,
    pub category_label: String,
    /// The LCPP holding the plan.
    pub lead_name: String,
    /// The family help lead practitioner, who stays with the family (R-FH-2).
    pub family_help_lead_name: Option<String>,
    pub contingency: String,
    pub items: Vec<CpItemView>,
    pub core_groups: Vec<CoreGroupView>,
    /// T11 for the first, then T12.
    pub next_core_group_due: Option<NaiveDate>,
    pub core_group_overdue: bool,
    /// T13/T14.
    pub next_review_due: NaiveDate,
    pub review_overdue: bool,
    /// T15: the next visit, from the last visit (or the plan's start).
    pub next_visit_due: Option<NaiveDate>,
    pub visit_overdue: bool,
    pub last_seen_alone: Option<NaiveDate>,
    /// The last visit that met the T15 clock (child seen alone; a baby seen awake).
    pub last_qualifying_visit: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub end_reason_label: Option<String>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildProtectionView {
    pub strategy_discussions: Vec<StrategyView>,
    pub enquiries: Vec<EnquiryView>,
    pub conferences: Vec<ConferenceView>,
    pub plans: Vec<CpPlanView>,
    pub team_cases: Vec<crate::macpt::TeamCaseView>,
    pub info_requests: Vec<crate::macpt::InfoRequestView>,
    /// The multi-agency chronology of notes, each with its agency and source.
    pub notes: Vec<crate::case_notes::NoteView>,
    /// Parents' own accounts no other source has corroborated (CSPRP F4/F5).
    pub uncorroborated_parent_accounts: Vec<crate::case_notes::NoteView>,
}

/// The facts of a stored visit the T15 clock needs.
pub(crate) fn cp_visit_facts(v: &ff_store::family_help::VisitRow) -> VisitFacts {
    VisitFacts { child_seen: v.child_seen, seen_alone: v.seen_alone, baby_seen_awake: v.baby_seen_awake }
}

/// A child's strategy discussions and enquiries (audited as a view of the child's record).
pub async fn for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<ChildProtectionView> {
    let mut tx = db.begin().await?;
    let record = read_for_child(&mut tx, ctx, &mut ChildFacts::new(child)).await?;
    audit(&mut tx, ctx, "view", "child_protection", Some(child.to_string()), "child protection record viewed").await?;
    tx.commit().await?;
    Ok(record)
}

/// The child protection part read in the caller's transaction, not audited.
pub(crate) async fn read_for_child(tx: &mut ff_store::Tx, ctx: &Ctx, facts: &mut ChildFacts) -> Result<ChildProtectionView> {
    let f = load_cp_facts(tx, ctx, facts).await?;
    let today = ctx.today();
    let name = |id: Uuid| f.users.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_default();
    let note_views = crate::case_notes::note_views(&f.notes, &name);
    let plan_views = f.plans.plans.iter().map(|p| plan_view(&f, p, &name, today)).collect();
    let conference_views = f.plans.conferences.iter().map(|c| conference_view(&f.plans, c, &name)).collect();
    let team_name = |id: Uuid| f.teams.iter().find(|t| t.id == id).map(|t| t.name.clone()).unwrap_or_default();
    Ok(ChildProtectionView {
        conferences: conference_views,
        plans: plan_views,
        team_cases: f.team_cases.iter().map(|c| crate::macpt::case_view(c, &team_name(c.team_id))).collect(),
        info_requests: f.requests.iter().map(|r| crate::macpt::request_view(r, today, name(r.requested_by))).collect(),
        uncorroborated_parent_accounts: note_views
            .iter()
            .filter(|n| n.source_type == ff_domain::child_protection::SourceType::ParentAccount.code() && !n.corroborated)
            .cloned()
            .collect(),
        notes: note_views,
        strategy_discussions: f.cp.strategy.iter().map(|s| strategy_view(&f.cp, s)).collect(),
        enquiries: f.cp.enquiries.iter().map(|e| enquiry_view(&f.users, e, today)).collect(),
    })
}

/// The facts the child protection part reads: the child's enquiries, plans, notes, visits, and
/// the staff, teams and settings they name.
struct CpFacts {
    cp: ff_store::child_protection::ChildCp,
    plans: ff_store::cp_plans::ChildPlans,
    team_cases: Vec<ff_store::cp_plans::TeamCaseRow>,
    requests: Vec<ff_store::cp_plans::InfoRequestRow>,
    notes: Vec<ff_store::case_notes::NoteRow>,
    episodes: Vec<ff_store::family_help::EpisodeRow>,
    visits: Vec<ff_store::family_help::VisitRow>,
    teams: Vec<ff_store::users::TeamRow>,
    users: Vec<ff_store::users::UserRow>,
    settings: ff_domain::settings::LaSettings,
    cal: ff_domain::calendar::WorkingCalendar,
}

/// Checks the reader may see the child, then loads the child protection facts in the same order as
/// before (the person first, so a missing child is "not found").
async fn load_cp_facts(tx: &mut ff_store::Tx, ctx: &Ctx, facts: &mut ChildFacts) -> Result<CpFacts> {
    let child = facts.child();
    ctx.authorise_child(tx, Action::ViewPerson, child).await?;
    let la = ctx.la();
    facts.person(tx, la).await?.ok_or(ServiceError::NotFound("person"))?;
    let cp = facts.child_protection(tx, la).await?;
    let plans = facts.plans(tx, la).await?;
    let team_cases = ff_store::cp_plans::team_cases_of_child(tx, la, child).await?;
    let requests = facts.requests(tx, la).await?;
    let notes = facts.notes(tx, la, ctx.actor.agency).await?;
    let episodes = facts.episodes(tx, la).await?;
    let visits = ff_store::family_help::visits_for_child(tx, ctx.la(), child).await?;
    let teams = ff_store::users::list_teams(tx, ctx.la()).await?;
    // Only the staff this record names, never every account of the council.
    let mentioned: Vec<Uuid> = plans
        .plans
        .iter()
        .map(|p| p.lead_id)
        .chain(episodes.iter().filter_map(|e| e.lead_id))
        .chain(plans.conferences.iter().flat_map(|c| [Some(c.chair_id), c.lead_enquiry_id, c.qa_officer_id]).flatten())
        .chain(notes.iter().map(|n| n.recorded_by))
        .chain(cp.enquiries.iter().map(|q| q.lead_id))
        .chain(requests.iter().map(|r| r.requested_by))
        .collect();
    let users = ff_store::users::get_many(tx, ctx.la(), &mentioned).await?;
    let (settings, cal) = facts.settings(tx, la).await?;
    Ok(CpFacts { cp, plans, team_cases, requests, notes, episodes, visits, teams, users, settings, cal })
}

/// One child protection plan as shown: its items, core groups and the T11/T12 core group, T13/T14
/// review and T15 visit clocks.
fn plan_view(f: &CpFacts, p: &ff_store::cp_plans::CpPlanRow, name: &dyn Fn(Uuid) -> String, today: NaiveDate) -> CpPlanView {
    let cpset = &f.settings.child_protection;
    let groups: Vec<&ff_store::cp_plans::CoreGroupRow> = f.plans.core_groups.iter().filter(|g| g.cp_plan_id == p.id).collect();
    let open = p.end_date.is_none();
    let next_cg = open.then(|| {
        next_core_group_due(
            p.first_core_group_due,
            groups.iter().map(|g| g.held_on).max(),
            cpset.core_group_interval_wd,
            &f.cal,
            f.settings.day_counting,
        )
    });
    let plan_visits: Vec<&ff_store::family_help::VisitRow> =
        f.visits.iter().filter(|v| v.episode_id == p.episode_id && v.visit_date >= p.start_date).collect();
    // T15: only a visit where the child was seen alone (a baby: seen awake) resets the clock.
    let last_qualifying_visit = plan_visits.iter().filter(|v| visit_meets_cp_clock(&cp_visit_facts(v))).map(|v| v.visit_date).max();
    let next_visit = open
        .then(|| f.cal.add_working_days(last_qualifying_visit.unwrap_or(p.start_date), cpset.visit_interval_wd, f.settings.day_counting));
    CpPlanView {
        id: p.id,
        episode_id: p.episode_id,
        start_date: p.start_date,
        category_label: p.category.label().to_owned(),
        category: p.category.code().to_owned(),
        lead_name: name(p.lead_id),
        family_help_lead_name: f.episodes.iter().find(|e| e.id == p.episode_id).and_then(|e| e.lead_id).map(name),
        contingency: p.contingency.clone(),
        items: f.plans.items.iter().filter(|i| i.cp_plan_id == p.id).map(|i| plan_item_view(i, open, today)).collect(),
        core_groups: groups
            .iter()
            .map(|g| CoreGroupView {
                held_on: g.held_on,
                agencies: g.agencies.split_whitespace().filter_map(CpAgency::from_code).map(|a| a.label().to_owned()).collect(),
                notes: g.notes.clone(),
            })
            .collect(),
        next_core_group_due: next_cg,
        core_group_overdue: next_cg.is_some_and(|d| d < today),
        next_review_due: p.next_review_due,
        review_overdue: open && p.next_review_due < today,
        next_visit_due: next_visit,
        visit_overdue: next_visit.is_some_and(|d| d < today),
        last_seen_alone: plan_visits.iter().filter(|v| v.seen_alone).map(|v| v.visit_date).max(),
        last_qualifying_visit,
        end_date: p.end_date,
        end_reason_label: p.end_reason.map(|r| r.label().to_owned()),
        version: p.version,
    }
}

/// One item of a plan; overdue only while the plan is open and the item not done by its date.
fn plan_item_view(i: &ff_store::cp_plans::CpItemRow, open: bool, today: NaiveDate) -> CpItemView {
    CpItemView {
        id: i.id,
        kind: i.kind.clone(),
        description: i.description.clone(),
        owner: i.owner.clone(),
        due_on: i.due_on,
        done_on: i.done_on,
        overdue: open && i.done_on.is_none() && i.due_on.is_some_and(|d| d < today),
        version: i.version,
    }
}

/// One conference as shown, with its attendees and the labels of its codes.
fn conference_view(
    plans: &ff_store::cp_plans::ChildPlans,
    c: &ff_store::cp_plans::ConferenceRow,
    name: &dyn Fn(Uuid) -> String,
) -> ConferenceView {
    ConferenceView {
        id: c.id,
        kind: c.kind.code().to_owned(),
        kind_label: c.kind.label().to_owned(),
        held_on: c.held_on,
        due_on: c.due_on,
        late_reason: c.late_reason.clone(),
        chair_name: name(c.chair_id),
        enquiry_lead_name: c.lead_enquiry_id.map(name),
        qa_officer_name: c.qa_officer_id.map(name),
        qa_observations: c.qa_observations.clone(),
        attendees: plans
            .attendees
            .iter()
            .filter(|a| a.conference_id == c.id)
            .map(|a| ConferenceAttendeeView { agency_label: a.agency.label().to_owned(), name: a.name.clone(), attended: a.attended })
            .collect(),
        parents_participation: c.parents_participation.label().to_owned(),
        child_participation: c.child_participation.label().to_owned(),
        exclusion_reason: c.exclusion_reason.clone(),
        parental_dissent: c.parental_dissent.clone(),
        professional_dissent: c.professional_dissent.clone(),
        decision: c.decision.code().to_owned(),
        decision_label: c.decision.label().to_owned(),
        category_label: c.category.map(|x| x.label().to_owned()),
    }
}

/// One strategy discussion as shown, with its attendees (R-SD-1).
fn strategy_view(cp: &ff_store::child_protection::ChildCp, s: &StrategyRow) -> StrategyView {
    StrategyView {
        id: s.id,
        held_on: s.held_on,
        decision: s.decision.clone(),
        plan: s.plan.clone(),
        safety_actions: s.safety_actions.clone(),
        other_children_considered: s.other_children_considered.clone(),
        attendees: cp
            .attendees
            .iter()
            .filter(|a| a.strategy_discussion_id == s.id)
            .map(|a| AttendeeView {
                agency_label: a.agency.label().to_owned(),
                agency: a.agency.code().to_owned(),
                name: a.name.clone(),
                role: a.role.clone(),
            })
            .collect(),
        missing_agencies: s.missing_agencies.split_whitespace().map(str::to_owned).collect(),
        missing_agencies_reason: s.missing_agencies_reason.clone(),
    }
}

/// One section 47 enquiry as shown; its conference is overdue past the T9 date while it is open.
fn enquiry_view(users: &[ff_store::users::UserRow], e: &S47Row, today: NaiveDate) -> EnquiryView {
    EnquiryView {
        id: e.id,
        strategy_discussion_id: e.strategy_discussion_id,
        start_date: e.start_date,
        lead_id: e.lead_id,
        lead_name: users.iter().find(|u| u.id == e.lead_id).map(|u| u.display_name.clone()).unwrap_or_default(),
        icpc_due: e.icpc_due,
        icpc_overdue: e.concluded_on.is_none() && e.icpc_due < today,
        outcome: e.outcome.clone(),
        outcome_label: e.outcome.as_deref().map(|o| outcome_label(o).to_owned()),
        conference_required: e.conference_required,
        no_conference_reason: e.no_conference_reason.clone(),
        concluded_on: e.concluded_on,
        version: e.version,
    }
}
