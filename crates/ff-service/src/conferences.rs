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
use ff_store::users::UserRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_protection::{attendee_agencies, check_lcpp_cap, lead_facts};
use crate::versioned::{Aggregate, aggregate, save, save_within};
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

/// The conference form as the domain's values: the codes parsed once, every mistake named in
/// the form's order (R-CP-4 participation and exclusion, R-CP-2 a plan's category and
/// contingency).
struct ConferenceDraft {
    kind: ConferenceKind,
    decision: ConferenceDecision,
    /// How the parents and the child took part (R-CP-4); missing ones are field errors already.
    parents: Option<Participation>,
    child: Option<Participation>,
    category: Option<Category>,
    /// Each attendee's agency, in the form's order.
    attendees: Vec<CpAgency>,
    /// The agencies that attended (R-CP-5 counts them).
    agencies: Vec<CpAgency>,
}

impl ConferenceDraft {
    /// The draft, or `None` when the kind or the decision is missing; other mistakes are added
    /// to `errors` for the caller to report with the ones only the records can show.
    fn parse(input: &ConferenceInput, today: NaiveDate, errors: &mut ValidationErrors) -> Option<Self> {
        let kind = code(ConferenceKind::from_code(input.kind.trim()), "kind", "Choose the kind of conference", errors);
        let decision = code(ConferenceDecision::from_code(input.decision.trim()), "decision", "Record the conference's decision", errors);
        let parents = code(
            Participation::from_code(input.parents_participation.trim()),
            "parents_participation",
            "Record how the parents took part",
            errors,
        );
        let child = code(
            Participation::from_code(input.child_participation.trim()),
            "child_participation",
            "Record how the child took part",
            errors,
        );
        if parents == Some(Participation::Excluded) && trimmed(&input.exclusion_reason).is_none() {
            errors.add("exclusion_reason", "Record the grounds for excluding a parent");
        }
        let category = match trimmed(&input.category) {
            Some(c) => code(Category::from_code(&c), "category", "Choose a category of abuse from the list", errors),
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
        let (attendees, agencies) =
            attendee_agencies(input.attendees.iter().map(|a| (a.agency.as_str(), a.name.as_str(), a.attended)), errors);
        if input.held_on > today {
            errors.add("held_on", "The date cannot be in the future");
        }
        Some(ConferenceDraft { kind: kind?, decision: decision?, parents, child, category, attendees, agencies })
    }
}

/// What the records say about the conference's place in the child's case.
struct ConferenceCase {
    child: Uuid,
    open_plan: Option<CpPlanRow>,
    enquiry: Option<ff_store::child_protection::S47Row>,
    episode_id: Uuid,
}

impl ConferenceCase {
    /// Who led the work the conference follows: the enquiry's lead, or the plan's.
    fn lead(&self) -> Option<Uuid> {
        self.enquiry.as_ref().map(|q| q.lead_id).or(self.open_plan.as_ref().map(|p| p.lead_id))
    }

    /// When the conference was due (T9, T13, T14); a transfer-in has no clock.
    fn due_on(&self, kind: ConferenceKind) -> Option<NaiveDate> {
        match kind {
            ConferenceKind::Initial | ConferenceKind::PreBirth => self.enquiry.as_ref().map(|q| q.icpc_due),
            ConferenceKind::Review => self.open_plan.as_ref().map(|p| p.next_review_due),
            ConferenceKind::TransferIn => None,
        }
    }
}

/// Record a conference on a child and act on its decision: start, continue or end the plan.
pub async fn record_conference(db: &Db, ctx: &Ctx, child: Uuid, input: &ConferenceInput) -> Result<ConferenceResult> {
    ctx.authorise(Action::RecordConference)?;
    let mut errors = ValidationErrors::new();
    let Some(draft) = ConferenceDraft::parse(input, ctx.today(), &mut errors) else {
        return Err(ServiceError::Validation(errors));
    };
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::RecordConference, child).await?;
    let case = load_conference_case(&mut tx, ctx, child, input, &draft, &mut errors).await?;
    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let (chair, qa) = check_conference_chair(&mut tx, ctx, input, &case, &settings.child_protection, &mut errors).await?;
    check_conference_timing(input, &draft, &case, &settings.child_protection, errors)?;
    let conference_id = ctx.new_id();
    let (result, plan) = decide_plan(&mut tx, ctx, input, &draft, &case, (&settings, &cal), conference_id).await?;
    let row = ConferenceRow {
        id: conference_id,
        episode_id: case.episode_id,
        child_id: child,
        kind: draft.kind,
        s47_id: case.enquiry.as_ref().map(|q| q.id),
        cp_plan_id: if draft.kind == ConferenceKind::Review { case.open_plan.as_ref().map(|p| p.id) } else { None },
        held_on: input.held_on,
        due_on: case.due_on(draft.kind),
        late_reason: trimmed(&input.late_reason),
        chair_id: chair.id,
        lead_enquiry_id: case.enquiry.as_ref().map(|q| q.lead_id),
        qa_officer_id: qa.as_ref().map(|u| u.id),
        qa_observations: trimmed(&input.qa_observations),
        // Only a quorate conference is recorded (R-CP-5, refused above).
        quorate: true,
        parents_participation: draft.parents.ok_or_else(|| field_err("parents_participation", "Record how the parents took part"))?,
        child_participation: draft.child.ok_or_else(|| field_err("child_participation", "Record how the child took part"))?,
        exclusion_reason: trimmed(&input.exclusion_reason),
        parental_dissent: trimmed(&input.parental_dissent),
        professional_dissent: trimmed(&input.professional_dissent),
        decision: draft.decision,
        category: draft.category,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    write_conference(&mut tx, ctx, &row, input, &draft.attendees, plan).await?;
    tx.commit().await?;
    Ok(result)
}

/// The child, the open plan and the enquiry the conference follows, checked against what the
/// form says (R-S47-3: one conference per enquiry; not before the child; a review at the plan's
/// version read, else 409), and the episode it sits in.
async fn load_conference_case(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    child: Uuid,
    input: &ConferenceInput,
    draft: &ConferenceDraft,
    errors: &mut ValidationErrors,
) -> Result<ConferenceCase> {
    let person = ff_store::people::get_person(tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("person"))?;
    let records = ff_store::cp_plans::for_child(tx, ctx.la(), child).await?;
    let open_plan = records.plans.iter().find(|p| p.end_date.is_none()).cloned();
    let enquiry = match input.s47_id {
        Some(id) => match ff_store::child_protection::get_s47(tx, ctx.la(), id).await? {
            Some(q) if q.child_id == child => Some(q),
            _ => return Err(field_err("s47_id", "Choose one of this child's section 47 enquiries")),
        },
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
    check_conference(&ConferenceFacts {
        kind: draft.kind,
        decision: draft.decision,
        child_is_unborn: person.date_of_birth.is_none() && person.expected_date_of_birth.is_some(),
        has_open_plan: open_plan.is_some(),
        enquiry_called_for_conference: enquiry.as_ref().map(|q| q.concluded_on.is_some() && q.conference_required == Some(true)),
    })?;
    // The episode the conference sits in: the enquiry's, the plan's, or the child's open episode.
    let episode_id = match (&enquiry, &open_plan) {
        (Some(q), _) => q.episode_id,
        (None, Some(p)) => p.episode_id,
        (None, None) => {
            match ff_store::family_help::episodes_for_child(tx, ctx.la(), child).await?.into_iter().find(|e| e.closure_date.is_none()) {
                Some(e) => e.id,
                None => return Err(field_err("kind", "This child has no open episode: record the referral first")),
            }
        }
    };
    if draft.kind == ConferenceKind::Review
        && let (Some(p), Some(v)) = (&open_plan, input.plan_version)
        && p.version != v
    {
        return Err(stale("child protection plan", p.version));
    }
    Ok(ConferenceCase { child, open_plan, enquiry, episode_id })
}

/// The chair against the council's chair model (R-CH-1, R-CH-2), with the quality assurance
/// officer the model may need. A chair who is not a member of staff is reported with the form's
/// other mistakes, in one round.
async fn check_conference_chair(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    input: &ConferenceInput,
    case: &ConferenceCase,
    cp: &ff_domain::child_protection::ChildProtectionSettings,
    errors: &mut ValidationErrors,
) -> Result<(UserRow, Option<UserRow>)> {
    let chair = match user(tx, ctx, input.chair_id, "chair_id").await {
        Err(ServiceError::Validation(v)) => {
            // With the form's other mistakes, in one round.
            let mut all = std::mem::replace(errors, ValidationErrors::new());
            all.0.extend(v.0);
            return Err(all.into());
        }
        other => other?,
    };
    let case_lead = case.lead();
    let chair_is_lcpp = chair.role == Role::Lcpp && ff_store::child_protection::lcpp_designation(tx, ctx.la(), chair.id).await?.is_some();
    let chair_manages_lead = match case_lead {
        Some(lead) if chair.role == Role::PracticeSupervisor => {
            let chair_teams = ff_store::users::teams_of(tx, ctx.la(), chair.id).await?;
            let lead_teams = ff_store::users::teams_of(tx, ctx.la(), lead).await?;
            chair_teams.iter().any(|t| lead_teams.contains(t))
        }
        _ => false,
    };
    let qa = match input.qa_officer_id {
        Some(id) => {
            let u = user(tx, ctx, id, "qa_officer_id").await?;
            if u.role != Role::QaOfficer {
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
    Ok((chair, qa))
}

/// R-CP-5: a decision needs a quorate conference; T9, T13, T14: a late conference needs a reason;
/// a conference is not before the enquiry started, a review not before the plan started. Every
/// mistake so far is reported in one round.
fn check_conference_timing(
    input: &ConferenceInput,
    draft: &ConferenceDraft,
    case: &ConferenceCase,
    cp: &ff_domain::child_protection::ChildProtectionSettings,
    mut errors: ValidationErrors,
) -> Result<()> {
    check_quorum(&draft.agencies, cp.quorum_other_agencies as usize)?;
    if case.due_on(draft.kind).is_some_and(|d| input.held_on > d) && trimmed(&input.late_reason).is_none() {
        errors.add("late_reason", "The conference was held after its due date: record why");
    }
    if let Some(q) = &case.enquiry
        && input.held_on < q.start_date
    {
        errors.add("held_on", "The conference cannot be before the enquiry started");
    }
    if let Some(p) = &case.open_plan
        && input.held_on < p.start_date
    {
        errors.add("held_on", "The review cannot be before the plan started");
    }
    Ok(errors.into_result(())?)
}

/// The conference's decision on the plan: a new plan held by its lead (R-S47-1, R-CP-2; the
/// LCPP cap for a new lead), the plan continued to its next review (T14), or ended with a step
/// down to family help (R-CP-6, R-FH-2). Each is written with the conference; a continued or
/// ended plan at the version read.
async fn decide_plan(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    input: &ConferenceInput,
    draft: &ConferenceDraft,
    case: &ConferenceCase,
    (settings, cal): (&ff_domain::settings::LaSettings, &ff_domain::calendar::WorkingCalendar),
    conference_id: Uuid,
) -> Result<(ConferenceResult, PlanChange)> {
    let mut result = ConferenceResult { conference_id, cp_plan_id: None, first_core_group_due: None, next_review_due: None };
    match draft.decision {
        ConferenceDecision::Plan => {
            let case_lead = case.lead();
            let lead_id = input.plan_lead_id.or(case_lead).ok_or_else(|| field_err("plan_lead_id", "Choose who will hold the plan"))?;
            let (lf, name) = lead_facts(tx, ctx, lead_id, input.held_on, "plan_lead_id").await?;
            check_s47_lead(settings.child_protection.practice_model, &lf, settings.child_protection.lcpp_min_pqe_years)?;
            if Some(lead_id) != case_lead {
                check_lcpp_cap(tx, ctx, settings.caseload_caps.lcpp, lead_id, &name, &input.over_cap_reason).await?;
            }
            let plan = CpPlanRow {
                id: ctx.new_id(),
                episode_id: case.episode_id,
                child_id: case.child,
                initial_conference_id: conference_id,
                start_date: input.held_on,
                // A plan has its category (R-CP-2, checked with the form).
                category: draft.category.ok_or_else(|| field_err("category", "A plan needs the category of abuse"))?,
                lead_id,
                contingency: trimmed(&input.contingency).unwrap_or_default(),
                first_core_group_due: first_core_group_due(input.held_on, cal, settings.day_counting),
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
            Ok((result, PlanChange::New(plan)))
        }
        ConferenceDecision::NoPlan => Ok((result, PlanChange::Unchanged)),
        ConferenceDecision::Continue | ConferenceDecision::End => {
            let mut p = case.open_plan.clone().ok_or(ServiceError::NotFound("child protection plan"))?;
            if let Some(c) = draft.category {
                p.category = c;
            }
            if draft.decision == ConferenceDecision::Continue {
                // T14: the next review within 6 months of this one.
                p.next_review_due = next_review_due(p.start_date, Some(input.held_on));
                result.next_review_due = Some(p.next_review_due);
            } else {
                // R-CP-6: the conference judged the child no longer at continuing risk: step down to
                // family help; the episode and its family help lead carry on unchanged (R-FH-2).
                p.end_date = Some(input.held_on);
                p.end_reason = Some(PlanEndReason::SteppedDown);
            }
            result.cp_plan_id = Some(p.id);
            Ok((result, PlanChange::Changed(p)))
        }
    }
}

/// What a conference does to the plan: starts one, continues or ends the open one (its next
/// state, still at the version read), or neither.
enum PlanChange {
    Unchanged,
    New(CpPlanRow),
    Changed(CpPlanRow),
}

// A plan is saved at the version read with `versioned::save` (decision 0013): each change keeps
// the version it makes.
aggregate!(CpPlanRow, "cp_plan", "child protection plan", |p, tx, la, read| ff_store::cp_plans::update_plan(tx, la, p, read));
aggregate!(CpItemRow, "cp_plan_item", "plan item", |r, tx, la, read| ff_store::cp_plans::update_item(tx, la, r, read));

/// The conference, its attendees and the plan it starts, continues or ends, written with their
/// audit events (a continued plan is told by the conference's own). A new plan
/// ends the child-in-need plan the same day, so the two never run side by side (CIN census
/// rules 4001, 4016, 4017).
async fn write_conference(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    row: &ConferenceRow,
    input: &ConferenceInput,
    agencies: &[CpAgency],
    plan: PlanChange,
) -> Result<()> {
    ff_store::cp_plans::insert_conference(tx, ctx.la(), row).await?;
    for (i, (a, &agency)) in input.attendees.iter().zip(agencies).enumerate() {
        let att =
            ConferenceAttendeeRow { conference_id: row.id, position: i as i32, agency, name: a.name.trim().into(), attended: a.attended };
        ff_store::cp_plans::insert_conference_attendee(tx, ctx.la(), &att).await?;
    }
    audit(tx, ctx, "create", "conference", Some(row.id.to_string()), format!("{} conference: {}", row.kind.code(), row.decision.code()))
        .await?;
    match plan {
        PlanChange::New(plan) => write_new_plan(tx, ctx, row, &plan).await,
        PlanChange::Changed(p) if row.decision == ConferenceDecision::End => {
            save(tx, ctx, p.version, p, "end", "child protection plan ended: stepped down").await.map(|_| ())
        }
        PlanChange::Changed(p) => save_within(tx, ctx, p.version, p).await.map(|_| ()),
        PlanChange::Unchanged => Ok(()),
    }
}

/// A new plan, ending the child-in-need plan the same day.
async fn write_new_plan(tx: &mut ff_store::Tx, ctx: &Ctx, row: &ConferenceRow, plan: &CpPlanRow) -> Result<()> {
    ff_store::cp_plans::insert_plan(tx, ctx.la(), plan).await?;
    ff_store::versions::record_version(tx, ctx.la(), CpPlanRow::RECORD, plan.id, 1, plan, Some(ctx.actor.user_id), ctx.now).await?;
    audit(tx, ctx, "create", "cp_plan", Some(plan.id.to_string()), "child protection plan started").await?;
    let ended = ff_store::family_help::end_open_plans(tx, ctx.la(), row.episode_id, plan.start_date).await?;
    if ended > 0 {
        // Recorded against the episode, whose page lists its plans.
        audit(tx, ctx, "update", "episode", Some(row.episode_id.to_string()), "child in need plan ended: child protection plan started")
            .await?;
    }
    Ok(())
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
    p.end_reason = Some(reason);
    save(&mut tx, ctx, input.version, p, "end", format!("child protection plan ended: {}", reason.code())).await?;
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
    let read = item.version;
    let done = CpItemRow { done_on: Some(input.done_on), ..item };
    crate::versioned::save(&mut tx, ctx, read, done, "update", "plan item done").await?;
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
                kind: d.kind.code().to_owned(),
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
