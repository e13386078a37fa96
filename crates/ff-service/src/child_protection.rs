//! Child protection actions, first slice (issue 4): LCPP designation, strategy discussions
//! (R-SD-1) and section 47 enquiries led by an LCPP under the Families First model (R-S47-1),
//! with the initial conference due 15 working days from the strategy discussion (T9). The family
//! help lead practitioner stays allocated throughout (R-FH-2).

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::child_protection::{CpAgency, LeadFacts, PracticeModel, check_s47_lead, icpc_due, missing_required_agencies};
use ff_domain::family_help::{CaseloadStatus, Level, RuleRefusal, caseload_status};
use ff_domain::policy::Action;
use ff_domain::roles::{Role, SweStatus};
use ff_store::child_protection::{AttendeeRow, S47Row, StrategyRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit};

fn field_err(field: &str, msg: impl Into<String>) -> ServiceError {
    ServiceError::Validation(ValidationErrors::single(field, msg))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DesignationInput {
    pub designated_on: NaiveDate,
    /// What the designation rests on (accreditation, panel decision, training record).
    pub evidence: String,
}

/// Designate a practitioner as a lead child protection practitioner (issue 4 item 1): a
/// registered social worker with at least the LA's minimum post-qualifying experience.
pub async fn designate_lcpp(db: &Db, ctx: &Ctx, user_id: Uuid, input: &DesignationInput) -> Result<()> {
    ctx.authorise(Action::DesignateLcpp)?;
    if input.evidence.trim().is_empty() {
        return Err(field_err("evidence", "Record the evidence for the designation"));
    }
    if input.designated_on > ctx.today() {
        return Err(field_err("designated_on", "The designation date cannot be in the future"));
    }
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

async fn lead_facts(tx: &mut Tx, ctx: &Ctx, user_id: Uuid, on: NaiveDate) -> Result<(LeadFacts, String)> {
    let u = match ff_store::users::get(tx, ctx.la(), user_id).await? {
        Some(u) if u.active => u,
        _ => return Err(field_err("s47_lead_id", "Choose an active practitioner of this council")),
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

/// Record a strategy discussion on a child's episode; a decision to start a s.47 enquiry opens it
/// with its lead and the T9 conference due date. The family help lead stays (R-FH-2).
pub async fn record_strategy_discussion(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &StrategyInput) -> Result<StrategyResult> {
    ctx.authorise(Action::RecordStrategyDiscussion)?;
    let mut errors = ValidationErrors::new();
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
        errors.add("missing_agencies_reason", format!("R-SD-1: {} did not attend; record why", names.join(" and ")));
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
        errors.add("other_children_considered", "Record which other children were considered (R-SD-2)");
    }
    if input.held_on > ctx.today() {
        errors.add("held_on", "The date cannot be in the future");
    }
    if s47 && input.s47_lead_id.is_none() {
        errors.add("s47_lead_id", "Choose who will lead the section 47 enquiry");
    }
    let mut tx = db.begin().await?;
    let e = ff_store::family_help::get_episode(&mut tx, ctx.la(), episode_id).await?.ok_or(ServiceError::NotFound("episode"))?;
    if e.closure_date.is_some() {
        errors.add("held_on", "This episode is closed; a new referral opens a new episode");
    }
    if input.held_on < e.referral_date {
        errors.add("held_on", "The strategy discussion cannot be before the referral");
    }
    errors.into_result(())?;
    let settings = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?.settings;
    let cp = &settings.child_protection;
    let mut lead = None;
    if let (true, Some(lead_id)) = (s47, input.s47_lead_id) {
        let (facts, name) = lead_facts(&mut tx, ctx, lead_id, input.held_on).await?;
        check_s47_lead(cp.practice_model, &facts, cp.lcpp_min_pqe_years)?;
        if cp.practice_model == PracticeModel::FamiliesFirst {
            let load = ff_store::child_protection::open_enquiries_led_by(&mut tx, ctx.la(), lead_id).await? as u32;
            let cap = settings.caseload_caps.lcpp;
            if caseload_status(load, cap) == CaseloadStatus::OverCap && input.over_cap_reason.as_deref().is_none_or(|r| r.trim().is_empty())
            {
                return Err(ServiceError::Rule(RuleRefusal {
                    rule: "LCPP caseload cap",
                    message: format!(
                        "{name} already leads {load} child protection cases; the council's LCPP cap is {cap}. Record a manager's reason to go above it."
                    ),
                }));
            }
        }
        lead = Some(lead_id);
    }
    let sd = StrategyRow {
        id: Uuid::now_v7(),
        episode_id,
        child_id: e.child_id,
        held_on: input.held_on,
        decision: if s47 { "s47".into() } else { "no_s47".into() },
        plan: input.plan.trim().to_owned(),
        safety_actions: input.safety_actions.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned),
        other_children_considered: input.other_children_considered.trim().to_owned(),
        missing_agencies: missing.iter().map(|a| a.code()).collect::<Vec<_>>().join(" "),
        missing_agencies_reason: reason.map(str::to_owned),
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::child_protection::insert_strategy(&mut tx, ctx.la(), &sd).await?;
    for (i, a) in input.attendees.iter().enumerate() {
        let row = AttendeeRow {
            strategy_discussion_id: sd.id,
            position: i as i32,
            agency: a.agency.trim().into(),
            name: a.name.trim().into(),
            role: a.role.clone(),
        };
        ff_store::child_protection::insert_attendee(&mut tx, ctx.la(), &row).await?;
    }
    audit(&mut tx, ctx, "create", "strategy_discussion", Some(sd.id.to_string()), format!("strategy discussion recorded: {}", sd.decision))
        .await?;
    let mut s47_id = None;
    let mut due = None;
    if let Some(lead_id) = lead {
        let holidays = ff_store::calendar::list(&mut tx).await?;
        let cal = ff_domain::calendar::WorkingCalendar::new(holidays.into_iter().map(|h| h.holiday_date));
        let row = S47Row {
            id: Uuid::now_v7(),
            episode_id,
            child_id: e.child_id,
            strategy_discussion_id: sd.id,
            start_date: input.held_on,
            lead_id,
            icpc_due: icpc_due(input.held_on, &cal, settings.day_counting),
            outcome: None,
            conference_required: None,
            no_conference_reason: None,
            concluded_on: None,
            version: 1,
            created_at: ctx.now,
            created_by: Some(ctx.actor.user_id),
        };
        ff_store::child_protection::insert_s47(&mut tx, ctx.la(), &row).await?;
        // Child protection work sits within a child-in-need episode; the family help lead stays (R-FH-2).
        if e.level != Level::ChildInNeed.code() {
            let mut e2 = e.clone();
            e2.level = Level::ChildInNeed.code().into();
            e2.version += 1;
            ff_store::family_help::update_episode(&mut tx, &e2, e.version).await?;
        }
        audit(&mut tx, ctx, "create", "s47", Some(row.id.to_string()), "section 47 enquiry started").await?;
        s47_id = Some(row.id);
        due = Some(row.icpc_due);
    }
    tx.commit().await?;
    Ok(StrategyResult {
        strategy_discussion_id: sd.id,
        s47_id,
        icpc_due: due,
        missing_agencies: missing.iter().map(|a| a.code().to_owned()).collect(),
    })
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
        errors.add("conference_required", "Substantiated concerns with continuing risk need an initial conference (R-S47-3)");
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
pub struct ChildProtectionView {
    pub strategy_discussions: Vec<StrategyView>,
    pub enquiries: Vec<EnquiryView>,
}

/// A child's strategy discussions and enquiries (audited as a view of the child's record).
pub async fn for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<ChildProtectionView> {
    ctx.authorise(Action::ViewPerson)?;
    let mut tx = db.begin().await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("person"))?;
    let cp = ff_store::child_protection::for_child(&mut tx, ctx.la(), child).await?;
    let users = ff_store::users::list(&mut tx, ctx.la(), 10_000, 0).await?;
    audit(&mut tx, ctx, "view", "child_protection", Some(child.to_string()), "child protection record viewed").await?;
    tx.commit().await?;
    let today = ctx.today();
    Ok(ChildProtectionView {
        strategy_discussions: cp
            .strategy
            .iter()
            .map(|s| StrategyView {
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
            })
            .collect(),
        enquiries: cp
            .enquiries
            .iter()
            .map(|e| EnquiryView {
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
            })
            .collect(),
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PossibleLead {
    pub id: Uuid,
    pub display_name: String,
    pub role: String,
    /// Designated as an LCPP (date recorded).
    pub lcpp: bool,
    pub open_enquiries: u32,
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
        let open = ff_store::child_protection::open_enquiries_led_by(&mut tx, ctx.la(), u.id).await? as u32;
        out.push(PossibleLead { id: u.id, display_name: u.display_name, role: u.role, lcpp, open_enquiries: open });
    }
    out.sort_by_key(|l| (!l.lcpp, l.display_name.clone()));
    Ok(out)
}
