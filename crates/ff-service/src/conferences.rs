//! Child protection conferences and plans: initial, pre-birth,
//! transfer-in and review conferences under the council's chair model (R-CH-1, R-CH-2) with
//! quorum (R-CP-5) and participation (R-CP-4); plans held by an LCPP (R-S47-1) with outcomes and
//! actions, a contingency plan (R-CP-2), core groups (T11, T12), reviews (T13, T14) and visits
//! (T15); ending a plan steps the child down to family help with the same lead (R-CP-6, R-FH-2).

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::child_protection::{
    Category, ChairFacts, ConferenceDecision, ConferenceFacts, ConferenceKind, CpAgency, Participation, PlanEndReason, check_chair,
    check_conference, check_plan_end, check_quorum, check_s47_lead, first_core_group_due, next_review_due,
};
use ff_domain::policy::Action;
use ff_domain::roles::Role;
use ff_store::Db;
use ff_store::cp_plans::{ConferenceAttendeeRow, ConferenceRow, CoreGroupRow, CpItemRow, CpPlanRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_protection::{check_lcpp_cap, lead_facts};
use crate::{Ctx, Result, ServiceError, audit};
use crate::{field_err, settings_and_calendar, stale, trimmed, user};

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ConferenceAttendeeInput {
    /// local_authority, police, health, education, referrer or other.
    pub agency: String,
    pub name: String,
    /// Invited and attended (false: invited, did not attend).
    pub attended: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ConferenceInput {
    /// initial, review, pre_birth or transfer_in.
    pub kind: String,
    /// The section 47 enquiry an initial or pre-birth conference follows (R-S47-3).
    pub s47_id: Option<Uuid>,
    pub held_on: NaiveDate,
    pub chair_id: Uuid,
    /// The quality assurance officer present (required under the LCPP-chair-with-QA model).
    pub qa_officer_id: Option<Uuid>,
    pub qa_observations: Option<String>,
    pub attendees: Vec<ConferenceAttendeeInput>,
    /// attended, views_in_writing, did_not_attend, excluded or not_appropriate (R-CP-4).
    pub parents_participation: String,
    pub child_participation: String,
    /// Required when a parent was excluded (R-CP-4).
    pub exclusion_reason: Option<String>,
    pub parental_dissent: Option<String>,
    pub professional_dissent: Option<String>,
    /// plan or no_plan (initial, pre-birth, transfer-in); continue or end (review).
    pub decision: String,
    /// NEG, PHY, EMO, SAB or MUL: required for a plan.
    pub category: Option<String>,
    /// Who holds the plan (defaults to the enquiry's or the plan's lead).
    pub plan_lead_id: Option<Uuid>,
    /// Required for a new plan (R-CP-2).
    pub contingency: Option<String>,
    /// Required when the conference is held after its due date (T9, T13, T14).
    pub late_reason: Option<String>,
    /// A manager's reason, if the plan's lead is over the LCPP cap.
    pub over_cap_reason: Option<String>,
    /// For a review: the plan's version when the form was opened (no lost update).
    pub plan_version: Option<i32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConferenceResult {
    pub conference_id: Uuid,
    pub cp_plan_id: Option<Uuid>,
    /// T11, for a new plan.
    pub first_core_group_due: Option<NaiveDate>,
    /// T13 or T14, while the plan continues.
    pub next_review_due: Option<NaiveDate>,
}

fn code<T>(parsed: Option<T>, field: &str, message: &str, errors: &mut ValidationErrors) -> Option<T> {
    if parsed.is_none() {
        errors.add(field, message);
    }
    parsed
}

/// Record a conference on a child and act on its decision: start, continue or end the plan.
pub async fn record_conference(db: &Db, ctx: &Ctx, child: Uuid, input: &ConferenceInput) -> Result<ConferenceResult> {
    ctx.authorise(Action::RecordConference)?;
    let mut errors = ValidationErrors::new();
    let kind = code(ConferenceKind::from_code(input.kind.trim()), "kind", "Choose the kind of conference", &mut errors);
    let decision = code(ConferenceDecision::from_code(input.decision.trim()), "decision", "Record the conference's decision", &mut errors);
    let parents = code(
        Participation::from_code(input.parents_participation.trim()),
        "parents_participation",
        "Record how the parents took part",
        &mut errors,
    );
    code(Participation::from_code(input.child_participation.trim()), "child_participation", "Record how the child took part", &mut errors);
    if parents == Some(Participation::Excluded) && trimmed(&input.exclusion_reason).is_none() {
        errors.add("exclusion_reason", "Record the grounds for excluding a parent");
    }
    let category = match trimmed(&input.category) {
        Some(c) => code(Category::from_code(&c), "category", "Choose a category of abuse from the list", &mut errors),
        None => None,
    };
    if decision == Some(ConferenceDecision::Plan) {
        if category.is_none() && errors.for_field("category").is_none() {
            errors.add("category", "A plan needs the category of abuse");
        }
        if trimmed(&input.contingency).is_none() {
            errors.add("contingency", "Record the contingency plan: what happens if the plan is not working");
        }
    }
    let mut agencies = vec![];
    for (i, a) in input.attendees.iter().enumerate() {
        match CpAgency::from_code(a.agency.trim()) {
            Some(ag) if a.attended => agencies.push(ag),
            Some(_) => {}
            None => errors.add("attendees", format!("Attendee {}: choose an agency from the list", i + 1)),
        }
        if a.name.trim().is_empty() {
            errors.add("attendees", format!("Attendee {}: enter their name", i + 1));
        }
    }
    if input.held_on > ctx.today() {
        errors.add("held_on", "The date cannot be in the future");
    }
    let (Some(kind), Some(decision)) = (kind, decision) else {
        return Err(ServiceError::Validation(errors));
    };

    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::RecordConference, child).await?;
    let person = ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("person"))?;
    let records = ff_store::cp_plans::for_child(&mut tx, ctx.la(), child).await?;
    let open_plan = records.plans.iter().find(|p| p.end_date.is_none()).cloned();
    let enquiry = match input.s47_id {
        Some(id) => {
            let q = ff_store::child_protection::get_s47(&mut tx, ctx.la(), id).await?;
            match q {
                Some(q) if q.child_id == child => Some(q),
                _ => return Err(field_err("s47_id", "Choose one of this child's section 47 enquiries")),
            }
        }
        None => None,
    };
    if let Some(q) = &enquiry
        && records.conferences.iter().any(|c| c.s47_id == Some(q.id))
    {
        errors.add("s47_id", "A conference has already been recorded for this enquiry");
    }
    // Not before the child (or the pregnancy).
    if let Err(why) = ff_domain::people::check_not_before_birth(input.held_on, person.date_of_birth, person.expected_date_of_birth) {
        errors.add("held_on", format!("The conference date {why}"));
    }
    let facts = ConferenceFacts {
        kind,
        decision,
        child_is_unborn: person.date_of_birth.is_none() && person.expected_date_of_birth.is_some(),
        has_open_plan: open_plan.is_some(),
        enquiry_called_for_conference: enquiry.as_ref().map(|q| q.concluded_on.is_some() && q.conference_required == Some(true)),
    };
    check_conference(&facts)?;
    // The episode the conference sits in: the enquiry's, the plan's, or the child's open episode.
    let episode_id = match (&enquiry, &open_plan) {
        (Some(q), _) => q.episode_id,
        (None, Some(p)) => p.episode_id,
        (None, None) => {
            match ff_store::family_help::episodes_for_child(&mut tx, ctx.la(), child).await?.into_iter().find(|e| e.closure_date.is_none())
            {
                Some(e) => e.id,
                None => return Err(field_err("kind", "This child has no open episode: record the referral first")),
            }
        }
    };
    if kind == ConferenceKind::Review
        && let (Some(p), Some(v)) = (&open_plan, input.plan_version)
        && p.version != v
    {
        return Err(stale("child protection plan", p.version));
    }

    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let cp = &settings.child_protection;

    // R-CH-1 / R-CH-2: the chair against the council's chair model.
    let chair = match user(&mut tx, ctx, input.chair_id, "chair_id").await {
        Err(ServiceError::Validation(v)) => {
            // With the form's other mistakes, in one round.
            errors.0.extend(v.0);
            return Err(errors.into());
        }
        other => other?,
    };
    let case_lead = enquiry.as_ref().map(|q| q.lead_id).or(open_plan.as_ref().map(|p| p.lead_id));
    let chair_is_lcpp =
        chair.role == Role::Lcpp.code() && ff_store::child_protection::lcpp_designation(&mut tx, ctx.la(), chair.id).await?.is_some();
    let chair_manages_lead = match case_lead {
        Some(lead) if chair.role == Role::PracticeSupervisor.code() => {
            let chair_teams = ff_store::users::teams_of(&mut tx, ctx.la(), chair.id).await?;
            let lead_teams = ff_store::users::teams_of(&mut tx, ctx.la(), lead).await?;
            chair_teams.iter().any(|t| lead_teams.contains(t))
        }
        _ => false,
    };
    let qa = match input.qa_officer_id {
        Some(id) => {
            let u = user(&mut tx, ctx, id, "qa_officer_id").await?;
            if u.role != Role::QaOfficer.code() {
                return Err(field_err("qa_officer_id", "Choose a quality assurance officer"));
            }
            Some(u)
        }
        None => None,
    };
    check_chair(
        cp.chair_model,
        cp.allow_same_lcpp_to_chair,
        &ChairFacts { chair_is_lcpp, chair_led_enquiry: case_lead == Some(chair.id), chair_manages_lead, qa_present: qa.is_some() },
    )?;

    // R-CP-5: a decision needs a quorate conference.
    check_quorum(&agencies, cp.quorum_other_agencies as usize)?;

    // T9, T13, T14: a late conference needs a reason.
    let due_on = match kind {
        ConferenceKind::Initial | ConferenceKind::PreBirth => enquiry.as_ref().map(|q| q.icpc_due),
        ConferenceKind::Review => open_plan.as_ref().map(|p| p.next_review_due),
        ConferenceKind::TransferIn => None,
    };
    if due_on.is_some_and(|d| input.held_on > d) && trimmed(&input.late_reason).is_none() {
        errors.add("late_reason", "The conference was held after its due date: record why");
    }
    if let Some(q) = &enquiry
        && input.held_on < q.start_date
    {
        errors.add("held_on", "The conference cannot be before the enquiry started");
    }
    if let Some(p) = &open_plan
        && input.held_on < p.start_date
    {
        errors.add("held_on", "The review cannot be before the plan started");
    }
    errors.into_result(())?;

    let conference_id = ctx.new_id();
    let mut result = ConferenceResult { conference_id, cp_plan_id: None, first_core_group_due: None, next_review_due: None };
    let mut new_plan = None;
    match decision {
        ConferenceDecision::Plan => {
            // R-S47-1 / R-CP-2: the plan is held by a registered social worker (an LCPP under the
            // Families First model), by default the LCPP who led the enquiry.
            let lead_id = input.plan_lead_id.or(case_lead).ok_or_else(|| field_err("plan_lead_id", "Choose who will hold the plan"))?;
            let (lf, name) = lead_facts(&mut tx, ctx, lead_id, input.held_on, "plan_lead_id").await?;
            check_s47_lead(cp.practice_model, &lf, cp.lcpp_min_pqe_years)?;
            if Some(lead_id) != case_lead {
                check_lcpp_cap(&mut tx, ctx, settings.caseload_caps.lcpp, lead_id, &name, &input.over_cap_reason).await?;
            }
            let plan = CpPlanRow {
                id: ctx.new_id(),
                episode_id,
                child_id: child,
                initial_conference_id: conference_id,
                start_date: input.held_on,
                category: category.map(|c| c.code().to_owned()).unwrap_or_default(),
                lead_id,
                contingency: trimmed(&input.contingency).unwrap_or_default(),
                first_core_group_due: first_core_group_due(input.held_on, &cal, settings.day_counting),
                next_review_due: next_review_due(input.held_on, None),
                end_date: None,
                end_reason: None,
                version: 1,
                created_at: ctx.now,
                created_by: Some(ctx.actor.user_id),
            };
            result.cp_plan_id = Some(plan.id);
            result.first_core_group_due = Some(plan.first_core_group_due);
            result.next_review_due = Some(plan.next_review_due);
            new_plan = Some(plan);
        }
        ConferenceDecision::NoPlan => {}
        ConferenceDecision::Continue | ConferenceDecision::End => {
            let mut p = open_plan.clone().ok_or(ServiceError::NotFound("child protection plan"))?;
            let expected = p.version;
            p.version += 1;
            if let Some(c) = category {
                p.category = c.code().to_owned();
            }
            if decision == ConferenceDecision::Continue {
                // T14: the next review within 6 months of this one.
                p.next_review_due = next_review_due(p.start_date, Some(input.held_on));
                result.next_review_due = Some(p.next_review_due);
            } else {
                // R-CP-6: the conference judged the child no longer at continuing risk: step down to
                // family help; the episode and its family help lead carry on unchanged (R-FH-2).
                p.end_date = Some(input.held_on);
                p.end_reason = Some(PlanEndReason::SteppedDown.code().to_owned());
            }
            if !ff_store::cp_plans::update_plan(&mut tx, ctx.la(), &p, expected).await? {
                return Err(stale("child protection plan", expected + 1));
            }
            result.cp_plan_id = Some(p.id);
        }
    }
    let row = ConferenceRow {
        id: conference_id,
        episode_id,
        child_id: child,
        kind: kind.code().into(),
        s47_id: enquiry.as_ref().map(|q| q.id),
        cp_plan_id: if kind == ConferenceKind::Review { open_plan.as_ref().map(|p| p.id) } else { None },
        held_on: input.held_on,
        due_on,
        late_reason: trimmed(&input.late_reason),
        chair_id: chair.id,
        lead_enquiry_id: enquiry.as_ref().map(|q| q.lead_id),
        qa_officer_id: qa.as_ref().map(|u| u.id),
        qa_observations: trimmed(&input.qa_observations),
        // Only a quorate conference is recorded (R-CP-5, refused above).
        quorate: true,
        parents_participation: input.parents_participation.trim().into(),
        child_participation: input.child_participation.trim().into(),
        exclusion_reason: trimmed(&input.exclusion_reason),
        parental_dissent: trimmed(&input.parental_dissent),
        professional_dissent: trimmed(&input.professional_dissent),
        decision: decision.code().into(),
        category: category.map(|c| c.code().to_owned()),
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::cp_plans::insert_conference(&mut tx, ctx.la(), &row).await?;
    for (i, a) in input.attendees.iter().enumerate() {
        let att = ConferenceAttendeeRow {
            conference_id,
            position: i as i32,
            agency: a.agency.trim().into(),
            name: a.name.trim().into(),
            attended: a.attended,
        };
        ff_store::cp_plans::insert_conference_attendee(&mut tx, ctx.la(), &att).await?;
    }
    audit(
        &mut tx,
        ctx,
        "create",
        "conference",
        Some(conference_id.to_string()),
        format!("{} conference: {}", kind.code(), decision.code()),
    )
    .await?;
    if let Some(plan) = &new_plan {
        ff_store::cp_plans::insert_plan(&mut tx, ctx.la(), plan).await?;
        audit(&mut tx, ctx, "create", "cp_plan", Some(plan.id.to_string()), "child protection plan started").await?;
        // The child protection plan replaces the child-in-need plan: it ends the same day, so the
        // two never run side by side (CIN census rules 4001, 4016, 4017).
        let ended = ff_store::family_help::end_open_plans(&mut tx, ctx.la(), episode_id, plan.start_date).await?;
        if ended > 0 {
            // Recorded against the episode, whose page lists its plans.
            audit(
                &mut tx,
                ctx,
                "update",
                "episode",
                Some(episode_id.to_string()),
                "child in need plan ended: child protection plan started",
            )
            .await?;
        }
    } else if decision == ConferenceDecision::End {
        audit(&mut tx, ctx, "end", "cp_plan", result.cp_plan_id.map(|id| id.to_string()), "child protection plan ended: stepped down")
            .await?;
    }
    tx.commit().await?;
    Ok(result)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EndPlanInput {
    pub end_date: NaiveDate,
    /// moved_away, turned_18, looked_after or died. Stepping down follows a review conference.
    pub reason: String,
    pub version: i32,
}

/// End a plan for a reason other than a review conference's decision (R-CP-6).
pub async fn end_plan(db: &Db, ctx: &Ctx, plan_id: Uuid, input: &EndPlanInput) -> Result<()> {
    ctx.authorise(Action::WorkOnChildProtection)?;
    let reason = PlanEndReason::from_code(input.reason.trim()).ok_or_else(|| field_err("reason", "Choose why the plan ended"))?;
    check_plan_end(reason, false)?;
    let mut tx = db.begin().await?;
    let mut p = ff_store::cp_plans::get_plan(&mut tx, ctx.la(), plan_id).await?.ok_or(ServiceError::NotFound("child protection plan"))?;
    if p.end_date.is_some() {
        return Err(field_err("reason", "This plan has already ended"));
    }
    if p.version != input.version {
        return Err(stale("child protection plan", p.version));
    }
    if input.end_date < p.start_date || input.end_date > ctx.today() {
        return Err(field_err("end_date", "The end date must be between the plan's start and today"));
    }
    p.end_date = Some(input.end_date);
    p.end_reason = Some(reason.code().into());
    p.version += 1;
    if !ff_store::cp_plans::update_plan(&mut tx, ctx.la(), &p, input.version).await? {
        return Err(stale("child protection plan", input.version + 1));
    }
    audit(&mut tx, ctx, "end", "cp_plan", Some(plan_id.to_string()), format!("child protection plan ended: {}", reason.code())).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CpItemInput {
    /// outcome or action.
    pub kind: String,
    pub description: String,
    /// Who does it (a person or an agency).
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
}

async fn open_plan(tx: &mut ff_store::Tx, ctx: &Ctx, plan_id: Uuid) -> Result<CpPlanRow> {
    let p = ff_store::cp_plans::get_plan(tx, ctx.la(), plan_id).await?.ok_or(ServiceError::NotFound("child protection plan"))?;
    if p.end_date.is_some() {
        return Err(field_err("plan", "This plan has ended"));
    }
    Ok(p)
}

/// Add an outcome or an action to a child protection plan.
pub async fn add_item(db: &Db, ctx: &Ctx, plan_id: Uuid, input: &CpItemInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnChildProtection)?;
    let mut errors = ValidationErrors::new();
    if !matches!(input.kind.trim(), "outcome" | "action") {
        errors.add("kind", "Choose outcome or action");
    }
    if input.description.trim().is_empty() {
        errors.add("description", "Describe the outcome or action");
    }
    let mut tx = db.begin().await?;
    let plan = open_plan(&mut tx, ctx, plan_id).await?;
    if input.due_on.is_some_and(|d| d < plan.start_date) {
        errors.add("due_on", "The due date cannot be before the plan started");
    }
    errors.into_result(())?;
    let row = CpItemRow {
        id: ctx.new_id(),
        cp_plan_id: plan_id,
        kind: input.kind.trim().into(),
        description: input.description.trim().into(),
        owner: trimmed(&input.owner),
        due_on: input.due_on,
        done_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::cp_plans::insert_item(&mut tx, ctx.la(), &row).await?;
    audit(&mut tx, ctx, "create", "cp_plan_item", Some(row.id.to_string()), format!("plan {} added", row.kind)).await?;
    tx.commit().await?;
    Ok(row.id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = CpItemDoneInput)]
pub struct ItemDoneInput {
    pub done_on: NaiveDate,
    pub version: i32,
}

pub async fn item_done(db: &Db, ctx: &Ctx, item_id: Uuid, input: &ItemDoneInput) -> Result<()> {
    ctx.authorise(Action::WorkOnChildProtection)?;
    let mut tx = db.begin().await?;
    let item = ff_store::cp_plans::get_item(&mut tx, ctx.la(), item_id).await?.ok_or(ServiceError::NotFound("plan item"))?;
    if input.done_on > ctx.today() || input.done_on < item.created_at.date_naive() - chrono::Days::new(366) {
        return Err(field_err("done_on", "Enter the date it was done (not in the future)"));
    }
    if item.done_on.is_some() || item.version != input.version {
        return Err(stale("plan item", item.version));
    }
    if !ff_store::cp_plans::mark_item_done(&mut tx, ctx.la(), item_id, input.done_on, input.version).await? {
        return Err(stale("plan item", input.version + 1));
    }
    audit(&mut tx, ctx, "update", "cp_plan_item", Some(item_id.to_string()), "plan item done").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CoreGroupInput {
    pub held_on: NaiveDate,
    /// Agencies present: local_authority, police, health, education, referrer, other.
    pub agencies: Vec<String>,
    /// Progress against the plan, and what changes.
    pub notes: String,
}

/// Record a core group meeting (T11 first, then T12).
pub async fn record_core_group(db: &Db, ctx: &Ctx, plan_id: Uuid, input: &CoreGroupInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnChildProtection)?;
    let mut errors = ValidationErrors::new();
    let mut agencies = vec![];
    for a in &input.agencies {
        match CpAgency::from_code(a.trim()) {
            Some(ag) if !agencies.contains(&ag) => agencies.push(ag),
            Some(_) => {}
            None => errors.add("agencies", "Choose agencies from the list"),
        }
    }
    if agencies.is_empty() && errors.for_field("agencies").is_none() {
        errors.add("agencies", "Record which agencies took part");
    }
    if input.notes.trim().is_empty() {
        errors.add("notes", "Record the progress against the plan");
    }
    if input.held_on > ctx.today() {
        errors.add("held_on", "The date cannot be in the future");
    }
    let mut tx = db.begin().await?;
    let p = open_plan(&mut tx, ctx, plan_id).await?;
    if input.held_on < p.start_date {
        errors.add("held_on", "A core group meets after the plan starts");
    }
    errors.into_result(())?;
    let row = CoreGroupRow {
        id: ctx.new_id(),
        cp_plan_id: plan_id,
        held_on: input.held_on,
        agencies: agencies.iter().map(|a| a.code()).collect::<Vec<_>>().join(" "),
        notes: input.notes.trim().into(),
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::cp_plans::insert_core_group(&mut tx, ctx.la(), &row).await?;
    audit(&mut tx, ctx, "create", "core_group", Some(row.id.to_string()), "core group recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LcppLoad {
    pub user_id: Uuid,
    pub display_name: String,
    /// Designated as an LCPP (a social worker without designation may lead under the standard model).
    pub designated: bool,
    pub open_enquiries: i64,
    pub open_plans: i64,
    /// Distinct children whose child protection work they hold.
    pub children: i64,
    pub cap: u32,
    /// under_cap, reaches_cap or over_cap.
    pub status: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueConference {
    /// initial or review.
    pub kind: String,
    pub child_id: Uuid,
    pub child_name: String,
    pub lead_name: String,
    pub due_on: NaiveDate,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Overview {
    /// Conferences waiting to be held, most urgent first (T9, T13, T14).
    pub conferences_due: Vec<DueConference>,
    /// Every LCPP's load against the council's cap.
    pub loads: Vec<LcppLoad>,
}

/// For chairs, managers, QA officers and LCPPs: what conferences are due, and who holds what.
pub async fn overview(db: &Db, ctx: &Ctx) -> Result<Overview> {
    ctx.authorise(Action::ViewChildProtectionOverview)?;
    let mut tx = db.begin().await?;
    let due = ff_store::cp_plans::conferences_due(&mut tx, ctx.la(), None, 500).await?;
    let loads = ff_store::cp_plans::loads(&mut tx, ctx.la()).await?;
    let users = ff_store::users::list(&mut tx, ctx.la(), 10_000, 0).await?;
    let (settings, _) = settings_and_calendar(&mut tx, ctx.la()).await?;
    tx.commit().await?;
    let today = ctx.today();
    let cap = settings.caseload_caps.lcpp;
    let name = |id: Uuid| users.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_default();
    Ok(Overview {
        conferences_due: due
            .into_iter()
            .map(|d| DueConference {
                kind: d.kind,
                child_id: d.child_id,
                child_name: ff_domain::people::full_name(&d.given_name, &d.family_name),
                lead_name: name(d.lead_id),
                due_on: d.due_on,
                overdue: d.due_on < today,
            })
            .collect(),
        loads: loads
            .into_iter()
            .map(|l| {
                let status = if l.children as u32 > cap {
                    "over_cap"
                } else if l.children as u32 == cap {
                    "reaches_cap"
                } else {
                    "under_cap"
                };
                LcppLoad {
                    user_id: l.user_id,
                    display_name: l.display_name,
                    designated: l.lcpp_designated_on.is_some(),
                    open_enquiries: l.enquiries,
                    open_plans: l.plans,
                    children: l.children,
                    cap,
                    status: status.into(),
                }
            })
            .collect(),
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HouseholdChild {
    pub id: Uuid,
    pub name: String,
    /// lives_in or regularly_visits.
    pub membership: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConferenceReport {
    pub child_id: Uuid,
    pub child_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    /// R-CP-1: the conference considers every child in the household.
    pub household_children: Vec<HouseholdChild>,
    pub child_protection: crate::child_protection::ChildProtectionView,
    /// The child's one chronology, exactly as the child's record shows it (every agency's entries,
    /// newest first).
    pub chronology: Vec<crate::family_help::TimelineEntry>,
}

/// The report a conference works from: the household's children, the enquiries, the
/// multi-agency chronology, outstanding requests and, listed apart, the parents' own accounts
/// that no other source has corroborated (CSPRP F5).
pub async fn report(db: &Db, ctx: &Ctx, child: Uuid) -> Result<ConferenceReport> {
    let person = crate::people::view(db, ctx, child).await?;
    let cp = crate::child_protection::for_child(db, ctx, child).await?;
    let chronology = crate::family_help::for_child(db, ctx, child).await?.timeline;
    let mut household_children: Vec<HouseholdChild> = vec![];
    for h in person.households.iter().filter(|h| h.current) {
        for m in h.members.iter().filter(|m| m.is_child && m.person_id != child && m.end_date.is_none_or(|e| e > ctx.today())) {
            if !household_children.iter().any(|c| c.id == m.person_id) {
                household_children.push(HouseholdChild {
                    id: m.person_id,
                    name: m.full_name.clone(),
                    membership: m.membership_text.clone(),
                });
            }
        }
    }
    Ok(ConferenceReport {
        child_id: child,
        child_name: person.person.full_name.clone(),
        date_of_birth: person.person.date_of_birth,
        expected_date_of_birth: person.person.expected_date_of_birth,
        household_children,
        child_protection: cp,
        chronology,
    })
}
