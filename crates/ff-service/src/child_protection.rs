//! Child protection actions, first slice: LCPP designation, strategy discussions
//! (R-SD-1) and section 47 enquiries led by an LCPP under the Families First model (R-S47-1),
//! with the initial conference due 15 working days from the strategy discussion (T9). The family
//! help lead practitioner stays allocated throughout (R-FH-2).

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::child_protection::{
    Category, ConferenceDecision, ConferenceKind, CpAgency, LeadFacts, Participation, PlanEndReason, PracticeModel, VisitFacts,
    check_s47_lead, icpc_due, missing_required_agencies, next_core_group_due, visit_meets_cp_clock,
};
use ff_domain::family_help::{Level, RuleRefusal};
use ff_domain::policy::Action;
use ff_domain::roles::{Role, SweStatus};
use ff_store::child_protection::{AttendeeRow, S47Row, StrategyRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::{Ctx, Result, ServiceError, audit};

use crate::field_err;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DesignationInput {
    pub designated_on: NaiveDate,
    /// What the designation rests on (accreditation, panel decision, training record).
    pub evidence: String,
}

/// Designate a practitioner as a lead child protection practitioner: a
/// registered social worker with at least the LA's minimum post-qualifying experience.
pub async fn designate_lcpp(db: &Db, ctx: &Ctx, user_id: Uuid, input: &DesignationInput) -> Result<()> {
    ctx.authorise(Action::DesignateLcpp)?;
    let mut errors = ValidationErrors::new();
    if input.evidence.trim().is_empty() {
        errors.add("evidence", "Record the evidence for the designation");
    }
    if input.designated_on > ctx.today() {
        errors.add("designated_on", "The designation date cannot be in the future");
    }
    errors.into_result(())?;
    let mut tx = db.begin().await?;
    let u = ff_store::users::get(&mut tx, ctx.la(), user_id).await?.ok_or(ServiceError::NotFound("user"))?;
    let settings = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?.settings;
    let registered = u.swe_registration_number.is_some() && u.swe_status.as_deref() == Some(SweStatus::Registered.code());
    let pqe = u.qualification_date.and_then(|q| input.designated_on.years_since(q)).unwrap_or(0);
    if !registered {
        return Err(ServiceError::Rule(RuleRefusal {
            rule: "R-S47-1",
            message: "Only a registered social worker can be designated an LCPP.".into(),
        }));
    }
    let min = settings.child_protection.lcpp_min_pqe_years;
    if pqe < min {
        return Err(ServiceError::Rule(RuleRefusal {
            rule: "LCPP experience",
            message: format!("The council requires {min} years' post-qualifying experience for LCPPs; {} has {pqe}.", u.display_name),
        }));
    }
    ff_store::child_protection::set_lcpp_designation(&mut tx, ctx.la(), user_id, input.designated_on, input.evidence.trim()).await?;
    audit(&mut tx, ctx, "designate", "user", Some(user_id.to_string()), "designated a lead child protection practitioner").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AttendeeInput {
    /// local_authority, police, health, education, referrer, other
    pub agency: String,
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct StrategyInput {
    pub held_on: NaiveDate,
    pub attendees: Vec<AttendeeInput>,
    /// Required when the LA social worker, police or health were not there (R-SD-1).
    pub missing_agencies_reason: Option<String>,
    /// `s47` to start a section 47 enquiry, or `no_s47`.
    pub decision: String,
    /// Who does what, when: interviews, medicals, police investigation, what parents are told.
    pub plan: String,
    pub safety_actions: Option<String>,
    /// The other children in the household (and the alleged perpetrator's) and what was decided for them.
    pub other_children_considered: String,
    /// The practitioner who will lead the s.47 (an LCPP under the Families First model).
    pub s47_lead_id: Option<Uuid>,
    /// A manager's reason, when the lead is at or over the LCPP caseload cap.
    pub over_cap_reason: Option<String>,
    /// The episode version the form was opened on; a changed episode is refused (409).
    #[serde(default)]
    pub episode_version: Option<i32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StrategyResult {
    pub strategy_discussion_id: Uuid,
    pub s47_id: Option<Uuid>,
    /// T9: the initial child protection conference is due by this date.
    pub icpc_due: Option<NaiveDate>,
    /// Required agencies that were not there (flagged).
    pub missing_agencies: Vec<String>,
}

/// What R-S47-1 needs to know about a proposed lead (of an enquiry or a plan), and their name.
pub(crate) async fn lead_facts(tx: &mut Tx, ctx: &Ctx, user_id: Uuid, on: NaiveDate, field: &str) -> Result<(LeadFacts, String)> {
    let u = match ff_store::users::get(tx, ctx.la(), user_id).await? {
        Some(u) if u.active => u,
        _ => return Err(field_err(field, "Choose an active practitioner of this council")),
    };
    let designated = ff_store::child_protection::lcpp_designation(tx, ctx.la(), user_id).await?;
    Ok((
        LeadFacts {
            is_registered_social_worker: u.swe_registration_number.is_some()
                && u.swe_status.as_deref() == Some(SweStatus::Registered.code()),
            is_lcpp: u.role == Role::Lcpp.code() && designated.is_some_and(|d| d <= on),
            pqe_years: u.qualification_date.and_then(|q| on.years_since(q)),
        },
        u.display_name,
    ))
}

/// Taking on one more child above the LCPP cap needs a manager's recorded reason.
pub(crate) async fn check_lcpp_cap(
    tx: &mut Tx,
    ctx: &Ctx,
    cap: u32,
    lead_id: Uuid,
    name: &str,
    over_cap_reason: &Option<String>,
) -> Result<()> {
    let load = ff_store::cp_plans::lcpp_caseload(tx, ctx.la(), lead_id).await? as u32;
    ff_domain::child_protection::check_lcpp_cap(load, cap, name, over_cap_reason.as_deref())?;
    Ok(())
}

/// Record a strategy discussion on a child's episode; a decision to start a s.47 enquiry opens it
/// with its lead and the T9 conference due date. The family help lead stays (R-FH-2).
pub async fn record_strategy_discussion(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &StrategyInput) -> Result<StrategyResult> {
    ctx.authorise(Action::RecordStrategyDiscussion)?;
    let mut errors = ValidationErrors::new();
    let draft = parse_strategy(ctx, input, &mut errors);
    let mut tx = db.begin().await?;
    let e = load_strategy_episode(&mut tx, ctx, episode_id, input, errors).await?;
    let settings = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?.settings;
    let lead = check_strategy_lead(&mut tx, ctx, &settings, &draft, input).await?;
    let sd = strategy_row(ctx, &e, input, &draft);
    write_strategy(&mut tx, ctx, &sd, input).await?;
    let s47 = match lead {
        Some(lead_id) => Some(start_s47(&mut tx, ctx, &settings, &e, &sd, lead_id).await?),
        None => None,
    };
    tx.commit().await?;
    Ok(StrategyResult {
        strategy_discussion_id: sd.id,
        s47_id: s47.as_ref().map(|r| r.id),
        icpc_due: s47.as_ref().map(|r| r.icpc_due),
        missing_agencies: draft.missing.iter().map(|a| a.code().to_owned()).collect(),
    })
}

/// A strategy discussion's form, parsed: the required agencies that were not there, the reason
/// recorded for that, and whether a s.47 enquiry starts.
struct StrategyDraft<'a> {
    missing: Vec<CpAgency>,
    reason: Option<&'a str>,
    s47: bool,
}

/// Parses the strategy discussion form, adding its field errors in the form's order (R-SD-1).
fn parse_strategy<'a>(ctx: &Ctx, input: &'a StrategyInput, errors: &mut ValidationErrors) -> StrategyDraft<'a> {
    let mut agencies = vec![];
    for (i, a) in input.attendees.iter().enumerate() {
        match CpAgency::from_code(a.agency.trim()) {
            Some(ag) => agencies.push(ag),
            None => errors.add("attendees", format!("Attendee {}: choose an agency from the list", i + 1)),
        }
        if a.name.trim().is_empty() {
            errors.add("attendees", format!("Attendee {}: enter their name", i + 1));
        }
    }
    let missing = missing_required_agencies(&agencies);
    let reason = input.missing_agencies_reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if !missing.is_empty() && reason.is_none() {
        let names: Vec<&str> = missing.iter().map(|a| a.label()).collect();
        errors.add("missing_agencies_reason", format!("{} did not attend: record why", names.join(" and ")));
    }
    let s47 = match input.decision.trim() {
        "s47" => true,
        "no_s47" => false,
        _ => {
            errors.add("decision", "Record whether a section 47 enquiry starts");
            false
        }
    };
    if input.plan.trim().is_empty() {
        errors.add("plan", "Record the plan: who does what, and when");
    }
    if input.other_children_considered.trim().is_empty() {
        errors.add("other_children_considered", "Record which other children were considered");
    }
    if input.held_on > ctx.today() {
        errors.add("held_on", "The date cannot be in the future");
    }
    if s47 && input.s47_lead_id.is_none() {
        errors.add("s47_lead_id", "Choose who will lead the section 47 enquiry");
    }
    StrategyDraft { missing, reason, s47 }
}

/// Loads the episode (refused if changed since the form opened), adds its date errors, and
/// returns every field error collected so far.
async fn load_strategy_episode(
    tx: &mut Tx,
    ctx: &Ctx,
    episode_id: Uuid,
    input: &StrategyInput,
    mut errors: ValidationErrors,
) -> Result<ff_store::family_help::EpisodeRow> {
    let e = ff_store::family_help::get_episode(tx, ctx.la(), episode_id).await?.ok_or(ServiceError::NotFound("episode"))?;
    if input.episode_version.is_some_and(|v| v != e.version) {
        return Err(crate::stale("episode", e.version));
    }
    if e.closure_date.is_some() {
        errors.add("held_on", "This episode is closed; a new referral opens a new episode");
    }
    if input.held_on < e.referral_date {
        errors.add("held_on", "The strategy discussion cannot be before the referral");
    }
    errors.into_result(())?;
    Ok(e)
}

/// The s.47 lead, when one starts: checked against R-S47-1 and, under the Families First model,
/// the LCPP caseload cap.
async fn check_strategy_lead(
    tx: &mut Tx,
    ctx: &Ctx,
    settings: &ff_domain::settings::LaSettings,
    draft: &StrategyDraft<'_>,
    input: &StrategyInput,
) -> Result<Option<Uuid>> {
    let cp = &settings.child_protection;
    let (true, Some(lead_id)) = (draft.s47, input.s47_lead_id) else {
        return Ok(None);
    };
    let (facts, name) = lead_facts(tx, ctx, lead_id, input.held_on, "s47_lead_id").await?;
    check_s47_lead(cp.practice_model, &facts, cp.lcpp_min_pqe_years)?;
    if cp.practice_model == PracticeModel::FamiliesFirst {
        check_lcpp_cap(tx, ctx, settings.caseload_caps.lcpp, lead_id, &name, &input.over_cap_reason).await?;
    }
    Ok(Some(lead_id))
}

/// The strategy discussion row to store, from the parsed form.
fn strategy_row(ctx: &Ctx, e: &ff_store::family_help::EpisodeRow, input: &StrategyInput, draft: &StrategyDraft<'_>) -> StrategyRow {
    StrategyRow {
        id: ctx.new_id(),
        episode_id: e.id,
        child_id: e.child_id,
        held_on: input.held_on,
        decision: if draft.s47 { "s47".into() } else { "no_s47".into() },
        plan: input.plan.trim().to_owned(),
        safety_actions: input.safety_actions.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned),
        other_children_considered: input.other_children_considered.trim().to_owned(),
        missing_agencies: draft.missing.iter().map(|a| a.code()).collect::<Vec<_>>().join(" "),
        missing_agencies_reason: draft.reason.map(str::to_owned),
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    }
}

/// Stores the strategy discussion and its attendees in the form's order, and audits it.
async fn write_strategy(tx: &mut Tx, ctx: &Ctx, sd: &StrategyRow, input: &StrategyInput) -> Result<()> {
    ff_store::child_protection::insert_strategy(tx, ctx.la(), sd).await?;
    for (i, a) in input.attendees.iter().enumerate() {
        let row = AttendeeRow {
            strategy_discussion_id: sd.id,
            position: i as i32,
            agency: a.agency.trim().into(),
            name: a.name.trim().into(),
            role: a.role.clone(),
        };
        ff_store::child_protection::insert_attendee(tx, ctx.la(), &row).await?;
    }
    audit(tx, ctx, "create", "strategy_discussion", Some(sd.id.to_string()), format!("strategy discussion recorded: {}", sd.decision))
        .await?;
    Ok(())
}

/// Opens the s.47 enquiry with its T9 conference due date, moves the episode to child in need
/// when it is not already, and audits the enquiry.
async fn start_s47(
    tx: &mut Tx,
    ctx: &Ctx,
    settings: &ff_domain::settings::LaSettings,
    e: &ff_store::family_help::EpisodeRow,
    sd: &StrategyRow,
    lead_id: Uuid,
) -> Result<S47Row> {
    let holidays = ff_store::calendar::list(tx).await?;
    let cal = ff_domain::calendar::WorkingCalendar::new(holidays.into_iter().map(|h| h.holiday_date));
    let row = S47Row {
        id: ctx.new_id(),
        episode_id: e.id,
        child_id: e.child_id,
        strategy_discussion_id: sd.id,
        start_date: sd.held_on,
        lead_id,
        icpc_due: icpc_due(sd.held_on, &cal, settings.day_counting),
        outcome: None,
        conference_required: None,
        no_conference_reason: None,
        concluded_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::child_protection::insert_s47(tx, ctx.la(), &row).await?;
    // Child protection work sits within a child-in-need episode; the family help lead stays
    // (R-FH-2). The move is a level change like any other (R-FH-3): version-checked, with its
    // history row and audit event.
    if e.level != Level::ChildInNeed.code() {
        move_to_child_in_need(tx, ctx, e, sd.held_on).await?;
    }
    audit(tx, ctx, "create", "s47", Some(row.id.to_string()), "section 47 enquiry started").await?;
    Ok(row)
}

/// Moves the episode to the child in need level from the enquiry's start (R-FH-3): version-checked,
/// with its history row and audit event.
async fn move_to_child_in_need(tx: &mut Tx, ctx: &Ctx, e: &ff_store::family_help::EpisodeRow, from: NaiveDate) -> Result<()> {
    let mut e2 = e.clone();
    e2.level = Level::ChildInNeed.code().into();
    e2.version += 1;
    if !ff_store::family_help::update_episode(tx, &e2, e.version).await? {
        return Err(crate::stale("episode", e.version + 1));
    }
    ff_store::family_help::insert_level(
        tx,
        ctx.la(),
        &ff_store::family_help::LevelRow {
            id: ctx.new_id(),
            episode_id: e.id,
            level: e2.level.clone(),
            from_date: from,
            reason: Some("Section 47 enquiry started after a strategy discussion".into()),
            recorded_at: ctx.now,
            recorded_by: Some(ctx.actor.user_id),
        },
    )
    .await?;
    audit(tx, ctx, "update", "episode", Some(e.id.to_string()), "level changed to child_in_need").await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ConcludeInput {
    pub concluded_on: NaiveDate,
    /// concerns_not_substantiated, substantiated_no_continuing_risk, substantiated_continuing_risk
    pub outcome: String,
    pub conference_required: bool,
    /// Required when no conference is needed.
    pub no_conference_reason: Option<String>,
    pub version: i32,
}

const OUTCOMES: &[&str] = &["concerns_not_substantiated", "substantiated_no_continuing_risk", "substantiated_continuing_risk"];

/// Conclude a s.47 enquiry (R-S47-3): a conference, or a recorded reason why none is needed.
pub async fn conclude_enquiry(db: &Db, ctx: &Ctx, id: Uuid, input: &ConcludeInput) -> Result<()> {
    ctx.authorise(Action::ConcludeEnquiry)?;
    let mut errors = ValidationErrors::new();
    if !OUTCOMES.contains(&input.outcome.trim()) {
        errors.add("outcome", "Choose the outcome of the enquiry");
    }
    if !input.conference_required && input.no_conference_reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        errors.add("no_conference_reason", "Record why no conference is needed");
    }
    if input.outcome.trim() == "substantiated_continuing_risk" && !input.conference_required {
        errors.add("conference_required", "Substantiated concerns with continuing risk need an initial conference");
    }
    let mut tx = db.begin().await?;
    let mut s = ff_store::child_protection::get_s47(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("section 47 enquiry"))?;
    if input.concluded_on < s.start_date || input.concluded_on > ctx.today() {
        errors.add("concluded_on", "The date must be between the start of the enquiry and today");
    }
    errors.into_result(())?;
    if s.version != input.version || s.concluded_on.is_some() {
        return Err(ServiceError::Conflict {
            message: "This enquiry was changed or concluded by someone else; nothing was saved.".into(),
            current_version: s.version,
        });
    }
    s.outcome = Some(input.outcome.trim().into());
    s.conference_required = Some(input.conference_required);
    s.no_conference_reason = input.no_conference_reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    s.concluded_on = Some(input.concluded_on);
    s.version += 1;
    if !ff_store::child_protection::conclude_s47(&mut tx, ctx.la(), &s, input.version).await? {
        return Err(ServiceError::Conflict {
            message: "This enquiry was changed by someone else; nothing was saved.".into(),
            current_version: input.version + 1,
        });
    }
    audit(&mut tx, ctx, "conclude", "s47", Some(id.to_string()), format!("section 47 concluded: {}", input.outcome.trim())).await?;
    tx.commit().await?;
    Ok(())
}

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
        category_label: Category::from_code(&p.category).map(|c| c.label().to_owned()).unwrap_or_default(),
        category: p.category.clone(),
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
        end_reason_label: p.end_reason.as_deref().and_then(PlanEndReason::from_code).map(|r| r.label().to_owned()),
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
        kind: c.kind.clone(),
        kind_label: ConferenceKind::from_code(&c.kind).map(|k| k.label().to_owned()).unwrap_or_default(),
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
            .map(|a| ConferenceAttendeeView {
                agency_label: CpAgency::from_code(&a.agency).map(|x| x.label().to_owned()).unwrap_or_default(),
                name: a.name.clone(),
                attended: a.attended,
            })
            .collect(),
        parents_participation: Participation::from_code(&c.parents_participation).map(|p| p.label().to_owned()).unwrap_or_default(),
        child_participation: Participation::from_code(&c.child_participation).map(|p| p.label().to_owned()).unwrap_or_default(),
        exclusion_reason: c.exclusion_reason.clone(),
        parental_dissent: c.parental_dissent.clone(),
        professional_dissent: c.professional_dissent.clone(),
        decision: c.decision.clone(),
        decision_label: ConferenceDecision::from_code(&c.decision).map(|d| d.label().to_owned()).unwrap_or_default(),
        category_label: c.category.as_deref().and_then(Category::from_code).map(|x| x.label().to_owned()),
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
                agency_label: CpAgency::from_code(&a.agency).map(|x| x.label().to_owned()).unwrap_or_default(),
                agency: a.agency.clone(),
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

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PossibleLead {
    pub id: Uuid,
    pub display_name: String,
    pub role: String,
    /// Designated as an LCPP (date recorded).
    pub lcpp: bool,
    /// Children whose child protection work they hold (open enquiries and plans).
    pub child_protection_cases: u32,
}

/// Social workers and LCPPs who could lead a s.47, with their open enquiries.
pub async fn possible_leads(db: &Db, ctx: &Ctx) -> Result<Vec<PossibleLead>> {
    ctx.authorise(Action::RecordStrategyDiscussion)?;
    let mut tx = db.begin().await?;
    let users = ff_store::users::list(&mut tx, ctx.la(), 10_000, 0).await?;
    let mut out = vec![];
    for u in users.into_iter().filter(|u| u.active && (u.role == Role::Lcpp.code() || u.role == Role::SocialWorker.code())) {
        // A bounded loop over the council's social workers (tens), two indexed lookups each.
        let lcpp = u.role == Role::Lcpp.code() && ff_store::child_protection::lcpp_designation(&mut tx, ctx.la(), u.id).await?.is_some();
        let open = ff_store::cp_plans::lcpp_caseload(&mut tx, ctx.la(), u.id).await? as u32;
        out.push(PossibleLead { id: u.id, display_name: u.display_name, role: u.role, lcpp, child_protection_cases: open });
    }
    out.sort_by_key(|l| (!l.lcpp, l.display_name.clone()));
    Ok(out)
}
