//! Child protection actions, first slice: LCPP designation, strategy discussions
//! (R-SD-1) and section 47 enquiries led by an LCPP under the Families First model (R-S47-1),
//! with the initial conference due 15 working days from the strategy discussion (T9). The family
//! help lead practitioner stays allocated throughout (R-FH-2).

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::child_protection::{CpAgency, LeadFacts, PracticeModel, check_s47_lead, icpc_due, missing_required_agencies};
use ff_domain::family_help::{Level, RuleRefusal};
use ff_domain::policy::Action;
use ff_domain::roles::{Role, SweStatus};
use ff_store::child_protection::{AttendeeRow, S47Row, StrategyRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit};

use crate::field_err;

mod view;

pub(crate) use view::read_for_child;
pub use view::{
    AttendeeView, ChildProtectionView, ConferenceAttendeeView, ConferenceView, CoreGroupView, CpItemView, CpPlanView, EnquiryView,
    StrategyView, for_child,
};

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
    let registered = u.swe_registration_number.is_some() && u.swe_status == Some(SweStatus::Registered);
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
            is_registered_social_worker: u.swe_registration_number.is_some() && u.swe_status == Some(SweStatus::Registered),
            is_lcpp: u.role == Role::Lcpp && designated.is_some_and(|d| d <= on),
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
    write_strategy(&mut tx, ctx, &sd, input, &draft.attendees).await?;
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
    /// Each attendee's agency, in the form's order.
    attendees: Vec<CpAgency>,
    missing: Vec<CpAgency>,
    reason: Option<&'a str>,
    s47: bool,
}

/// Parses the strategy discussion form, adding its field errors in the form's order (R-SD-1).
fn parse_strategy<'a>(ctx: &Ctx, input: &'a StrategyInput, errors: &mut ValidationErrors) -> StrategyDraft<'a> {
    let (attendees, agencies) = attendee_agencies(input.attendees.iter().map(|a| (a.agency.as_str(), a.name.as_str(), true)), errors);
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
    StrategyDraft { attendees, missing, reason, s47 }
}

/// The agencies of a meeting's attendees, in the form's order, naming each attendee whose agency
/// is not on the list or whose name is missing: every attendee's agency, and the agencies that
/// count (R-SD-1, R-CP-5), those whose third value is true. With no mistake, the first list has
/// one agency per attendee.
pub(crate) fn attendee_agencies<'a>(
    attendees: impl Iterator<Item = (&'a str, &'a str, bool)>,
    errors: &mut ValidationErrors,
) -> (Vec<CpAgency>, Vec<CpAgency>) {
    let mut all = vec![];
    let mut agencies = vec![];
    for (i, (agency, name, counts)) in attendees.enumerate() {
        match CpAgency::from_code(agency.trim()) {
            Some(ag) => {
                all.push(ag);
                if counts {
                    agencies.push(ag);
                }
            }
            None => errors.add("attendees", format!("Attendee {}: choose an agency from the list", i + 1)),
        }
        if name.trim().is_empty() {
            errors.add("attendees", format!("Attendee {}: enter their name", i + 1));
        }
    }
    (all, agencies)
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
async fn write_strategy(tx: &mut Tx, ctx: &Ctx, sd: &StrategyRow, input: &StrategyInput, agencies: &[CpAgency]) -> Result<()> {
    ff_store::child_protection::insert_strategy(tx, ctx.la(), sd).await?;
    for (i, (a, &agency)) in input.attendees.iter().zip(agencies).enumerate() {
        let row =
            AttendeeRow { strategy_discussion_id: sd.id, position: i as i32, agency, name: a.name.trim().into(), role: a.role.clone() };
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
    if e.level != Level::ChildInNeed {
        move_to_child_in_need(tx, ctx, e, sd.held_on).await?;
    }
    audit(tx, ctx, "create", "s47", Some(row.id.to_string()), "section 47 enquiry started").await?;
    Ok(row)
}

/// Moves the episode to the child in need level from the enquiry's start (R-FH-3): version-checked,
/// with its history row and audit event.
async fn move_to_child_in_need(tx: &mut Tx, ctx: &Ctx, e: &ff_store::family_help::EpisodeRow, from: NaiveDate) -> Result<()> {
    let e2 = ff_store::family_help::EpisodeRow { level: Level::ChildInNeed, ..e.clone() };
    ff_store::family_help::insert_level(
        tx,
        ctx.la(),
        &ff_store::family_help::LevelRow {
            id: ctx.new_id(),
            episode_id: e.id,
            level: e2.level,
            from_date: from,
            reason: Some("Section 47 enquiry started after a strategy discussion".into()),
            recorded_at: ctx.now,
            recorded_by: Some(ctx.actor.user_id),
        },
    )
    .await?;
    crate::versioned::save(tx, ctx, e.version, e2, "update", "level changed to child_in_need").await.map(|_| ())
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
    for u in users.into_iter().filter(|u| u.active && (u.role == Role::Lcpp || u.role == Role::SocialWorker)) {
        // A bounded loop over the council's social workers (tens), two indexed lookups each.
        let lcpp = u.role == Role::Lcpp && ff_store::child_protection::lcpp_designation(&mut tx, ctx.la(), u.id).await?.is_some();
        let open = ff_store::cp_plans::lcpp_caseload(&mut tx, ctx.la(), u.id).await? as u32;
        out.push(PossibleLead {
            id: u.id,
            display_name: u.display_name,
            role: u.role.code().to_owned(),
            lcpp,
            child_protection_cases: open,
        });
    }
    out.sort_by_key(|l| (!l.lcpp, l.display_name.clone()));
    Ok(out)
}
