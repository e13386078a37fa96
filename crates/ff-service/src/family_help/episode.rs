//! A Family Help episode's work: allocation (R-FH-1 leads and overseers, caseload caps), level
//! changes, assessments (T3), plans and their items, reviews, visits, management oversight and
//! closure.

use super::*;
use crate::versioned::{aggregate, save};

// An episode is saved at the version read with `versioned::save` (decision 0013): each allocation,
// level change and closure keeps the version it makes and one audit event.
aggregate!(EpisodeRow, "episode", "episode", |e, tx, _la, read| ff_store::family_help::update_episode(tx, e, read));

pub(super) async fn load_episode(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<EpisodeRow> {
    ff_store::family_help::get_episode(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("episode"))
}

pub(super) fn ensure_open(e: &EpisodeRow) -> Result<()> {
    match e.closure_date {
        Some(d) => {
            Err(field_err("episode", format!("This episode closed on {}; a new referral opens a new episode", d.format("%-d %B %Y"))))
        }
        None => Ok(()),
    }
}

pub(super) fn is_registered_sw(u: &UserRow) -> bool {
    u.swe_registration_number.is_some() && u.swe_status == Some(SweStatus::Registered)
}

/// The facts R-FH-1 needs about a lead and overseer.
pub(super) fn lead_check(level: Level, lead: &UserRow, overseer: Option<&UserRow>) -> LeadCheck {
    LeadCheck {
        level,
        lead_is_social_worker: is_registered_sw(lead),
        overseer: overseer.map(|o| OverseerCheck {
            is_registered_social_worker: is_registered_sw(o),
            is_supervisor: o.role == Role::PracticeSupervisor,
            is_the_lead: o.id == lead.id,
        }),
    }
}

pub(crate) fn cap_for(settings: &LaSettings, role: Option<Role>) -> u32 {
    match role {
        Some(Role::Lcpp) => settings.caseload_caps.lcpp,
        Some(Role::FamilyHelpPractitioner) => settings.caseload_caps.family_help_practitioner,
        _ => settings.caseload_caps.social_worker,
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AllocationInput {
    pub lead_id: Uuid,
    /// Required when a non-social-worker leads a child-in-need episode (R-FH-1).
    pub overseer_id: Option<Uuid>,
    pub reason: Option<String>,
    /// Required when the allocation takes the lead over the caseload cap for their role.
    pub over_cap_reason: Option<String>,
    /// From when, if recorded afterwards (defaults to today; not before the referral).
    pub from_date: Option<NaiveDate>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllocationResult {
    pub caseload_after: u32,
    pub cap: u32,
    /// `under_cap`, `reaches_cap` (a warning) or `over_cap` (allowed with the manager's reason).
    #[schema(value_type = String)]
    pub status: CaseloadStatus,
}

/// Allocate (or re-allocate) the lead practitioner and overseer. R-FH-1 is enforced; the caseload
/// cap warns at the cap and needs a manager's recorded reason above it.
pub async fn allocate(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &AllocationInput) -> Result<AllocationResult> {
    ctx.authorise(Action::AllocateCase)?;
    let mut tx = db.begin().await?;
    let f = load_allocation_facts(&mut tx, ctx, episode_id, input).await?;
    let d = decide_allocation(ctx, &f, input)?;
    // R-FH-2: the family help lead stays during child protection unless the manager gives a reason.
    let replacing = !d.already_lead && f.episode.lead_id.is_some();
    if replacing {
        let open_cp = ff_store::cp_plans::has_open_child_protection(&mut tx, ctx.la(), f.episode.child_id).await?;
        ff_domain::family_help::check_lead_change(replacing, open_cp, trimmed(&input.reason).is_some())?;
    }
    write_allocation(&mut tx, ctx, f, &d, input).await?;
    tx.commit().await?;
    Ok(AllocationResult { caseload_after: d.after, cap: d.cap, status: d.status })
}

/// What an allocation is decided on: the open episode, the lead and overseer chosen, the
/// council's settings and the lead's caseload now.
struct AllocationFacts {
    episode: EpisodeRow,
    lead: UserRow,
    overseer: Option<UserRow>,
    settings: LaSettings,
    current: u32,
}

/// Reads the episode (open, at the version the form read), the lead (who must hold a leading
/// role) and overseer, checks R-FH-1, and reads the settings and the lead's caseload.
async fn load_allocation_facts(tx: &mut Tx, ctx: &Ctx, episode_id: Uuid, input: &AllocationInput) -> Result<AllocationFacts> {
    let episode = load_episode(tx, ctx, episode_id).await?;
    ensure_open(&episode)?;
    if episode.version != input.version {
        return Err(stale("episode", episode.version));
    }
    let lead = user(tx, ctx, input.lead_id, "lead_id").await?;
    if !matches!(lead.role, Role::FamilyHelpPractitioner | Role::SocialWorker | Role::Lcpp | Role::PracticeSupervisor) {
        return Err(field_err(
            "lead_id",
            "A lead practitioner must be a family help practitioner, social worker, LCPP or practice supervisor",
        ));
    }
    let overseer = match input.overseer_id {
        Some(o) => Some(user(tx, ctx, o, "overseer_id").await?),
        None => None,
    };
    let level = episode.level;
    check_lead_and_oversight(&lead_check(level, &lead, overseer.as_ref()))?;
    let (settings, _) = settings_and_calendar(tx, ctx.la()).await?;
    let current = ff_store::family_help::caseload_of(tx, ctx.la(), lead.id).await? as u32;
    Ok(AllocationFacts { episode, lead, overseer, settings, current })
}

/// What the allocation decided: whether the lead already led, the caseload against the cap, the
/// manager's over-cap reason and the date it runs from.
struct AllocationDecision {
    already_lead: bool,
    status: CaseloadStatus,
    after: u32,
    cap: u32,
    over_cap_reason: Option<String>,
    from_date: NaiveDate,
}

/// The caseload against the cap (above it only with the manager's reason) and the allocation
/// date (between the referral and today).
fn decide_allocation(ctx: &Ctx, f: &AllocationFacts, input: &AllocationInput) -> Result<AllocationDecision> {
    let already_lead = f.episode.lead_id == Some(f.lead.id);
    let current = f.current;
    let cap = cap_for(&f.settings, Some(f.lead.role));
    let (status, after) = if already_lead {
        (if current > cap { CaseloadStatus::OverCap } else { CaseloadStatus::UnderCap }, current)
    } else {
        (caseload_status(current, cap), current + 1)
    };
    let over_cap_reason = trimmed(&input.over_cap_reason);
    if !already_lead && status == CaseloadStatus::OverCap && over_cap_reason.is_none() {
        return Err(ServiceError::Rule(RuleRefusal {
            rule: "caseload cap",
            message: format!(
                "{} already holds {}; the council's cap for this role is {cap}. To allocate above the cap, record the manager's reason.",
                f.lead.display_name,
                ff_domain::text::plural(current, "case", "cases")
            ),
        }));
    }
    let from_date = input.from_date.unwrap_or(ctx.today());
    if from_date > ctx.today() || from_date < f.episode.referral_date {
        return Err(field_err("from_date", "The allocation date must be between the referral date and today"));
    }
    Ok(AllocationDecision { already_lead, status, after, cap, over_cap_reason, from_date })
}

/// A new allocation of `user_id` to the episode in `role` (lead or overseer) from `from_date`.
fn allocation_row(ctx: &Ctx, episode_id: Uuid, role: &str, user_id: Uuid, from_date: NaiveDate, input: &AllocationInput) -> AllocationRow {
    AllocationRow {
        id: ctx.new_id(),
        episode_id,
        role: role.into(),
        user_id,
        from_date,
        to_date: None,
        reason: trimmed(&input.reason),
        over_cap_reason: None,
        allocated_at: ctx.now,
        allocated_by: Some(ctx.actor.user_id),
    }
}

/// Ends the allocations that change and records the new ones, updates the episode and audits.
async fn write_allocation(tx: &mut Tx, ctx: &Ctx, f: AllocationFacts, d: &AllocationDecision, input: &AllocationInput) -> Result<()> {
    let mut e = f.episode;
    if !d.already_lead {
        ff_store::family_help::end_allocations(tx, ctx.la(), e.id, "lead", d.from_date).await?;
        let row = AllocationRow {
            over_cap_reason: d.over_cap_reason.clone(),
            ..allocation_row(ctx, e.id, "lead", f.lead.id, d.from_date, input)
        };
        ff_store::family_help::insert_allocation(tx, ctx.la(), &row).await?;
    }
    if e.overseer_id != input.overseer_id {
        ff_store::family_help::end_allocations(tx, ctx.la(), e.id, "overseer", d.from_date).await?;
        if let Some(o) = &f.overseer {
            ff_store::family_help::insert_allocation(tx, ctx.la(), &allocation_row(ctx, e.id, "overseer", o.id, d.from_date, input))
                .await?;
        }
    }
    e.lead_id = Some(f.lead.id);
    e.overseer_id = input.overseer_id;
    let note = match d.status {
        CaseloadStatus::OverCap if !d.already_lead => "lead allocated above the caseload cap with a manager's reason",
        CaseloadStatus::ReachesCap => "lead allocated (caseload now at the cap)",
        _ => "lead allocated",
    };
    save(tx, ctx, input.version, e, "allocate", note).await.map(|_| ())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LevelInput {
    /// targeted_early_help or child_in_need
    pub level: String,
    pub from_date: NaiveDate,
    pub reason: String,
    pub version: i32,
}

/// Move the episode between targeted early help and child in need without closing it (R-FH-3),
/// keeping the history. Moving to child in need re-checks R-FH-1.
pub async fn change_level(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &LevelInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCase)?;
    // Every mistake in one round.
    let mut errors = ValidationErrors::new();
    let level = Level::from_code(input.level.trim());
    if level.is_none() {
        errors.add("level", "Select targeted early help or child in need");
    }
    if input.reason.trim().is_empty() {
        errors.add("reason", "Give the reason for the change");
    }
    let mut tx = db.begin().await?;
    let mut e = load_episode(&mut tx, ctx, episode_id).await?;
    ensure_open(&e)?;
    if e.version != input.version {
        return Err(stale("episode", e.version));
    }
    if let Some(l) = level.filter(|l| e.level == *l) {
        errors.add("level", format!("The episode is already at {}", l.label().to_lowercase()));
    }
    if input.from_date < e.referral_date || input.from_date > ctx.today() {
        errors.add("from_date", "The date must be between the referral date and today");
    }
    let level = errors.into_result(level)?.ok_or_else(|| field_err("level", "Select targeted early help or child in need"))?;
    if let Some(lead_id) = e.lead_id {
        let lead = user(&mut tx, ctx, lead_id, "lead_id").await?;
        let overseer = match e.overseer_id {
            Some(o) => Some(user(&mut tx, ctx, o, "overseer_id").await?),
            None => None,
        };
        check_lead_and_oversight(&lead_check(level, &lead, overseer.as_ref()))?;
    }
    e.level = level;
    ff_store::family_help::insert_level(
        &mut tx,
        ctx.la(),
        &LevelRow {
            id: ctx.new_id(),
            episode_id,
            level: e.level,
            from_date: input.from_date,
            reason: Some(input.reason.trim().to_owned()),
            recorded_at: ctx.now,
            recorded_by: Some(ctx.actor.user_id),
        },
    )
    .await?;
    save(&mut tx, ctx, input.version, e, "update", format!("level changed to {}", level.code())).await?;
    tx.commit().await?;
    Ok(())
}

/// A new, not yet completed assessment (T3: due 45 working days from the referral).
pub(super) fn new_assessment(ctx: &Ctx, episode_id: Uuid, start_date: NaiveDate, due_date: NaiveDate) -> AssessmentRow {
    AssessmentRow {
        id: ctx.new_id(),
        episode_id,
        start_date,
        due_date,
        child_seen: false,
        child_seen_alone: false,
        factors: String::new(),
        outcome: None,
        completed_date: None,
        authorised_by: None,
        authorised_at: None,
        late_reason: None,
        male_carer_reason: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct StartAssessmentInput {
    pub start_date: NaiveDate,
}

/// Start an assessment; it is due 45 working days from the referral date (T3).
pub async fn start_assessment(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &StartAssessmentInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut tx = db.begin().await?;
    let e = load_episode(&mut tx, ctx, episode_id).await?;
    ensure_open(&e)?;
    if input.start_date < e.referral_date || input.start_date > ctx.today() {
        return Err(field_err("start_date", "The start date must be between the referral date and today"));
    }
    let history = ff_store::family_help::child_history(&mut tx, ctx.la(), e.child_id).await?;
    if history.assessments.iter().any(|a| a.episode_id == e.id && a.completed_date.is_none()) {
        return Err(field_err("start_date", "An assessment is already in progress for this episode"));
    }
    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let a = new_assessment(ctx, episode_id, input.start_date, assessment_due(e.referral_date, &cal, settings.day_counting));
    let id = a.id;
    crate::assessments::insert_with_document(&mut tx, ctx, &a).await?;
    audit(&mut tx, ctx, "create", "assessment", Some(id.to_string()), "assessment started").await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CompleteAssessmentInput {
    pub completed_date: NaiveDate,
    pub child_seen: bool,
    pub child_seen_alone: bool,
    /// CIN census factor codes (e.g. ["3B", "4B"]).
    pub factors: Vec<String>,
    /// family_help_plan, targeted_early_help, nfa, strategy_discussion
    pub outcome: String,
    /// Required when completed after the 45-working-day due date (T4).
    pub late_reason: Option<String>,
    pub version: i32,
    /// The significant adults seen and assessed. Every significant adult of the
    /// child is recorded with the assessment; those not listed here as not seen and not assessed.
    #[serde(default)]
    pub adults: Vec<AdultSeenInput>,
    /// For a child under one: why no father or male carer was seen and assessed.
    #[serde(default)]
    pub male_carer_reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AdultSeenInput {
    pub person_id: Uuid,
    #[serde(default)]
    pub seen: bool,
    #[serde(default)]
    pub assessed: bool,
}

/// A parent, carer or adult in the child's household: whom an assessment must include.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignificantAdult {
    pub person_id: Uuid,
    pub full_name: String,
    /// In plain words: "Father", "Lives in the household"…
    pub relationship: String,
    pub father_or_male_carer: bool,
}

/// A significant adult as an assessment recorded them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessedAdultView {
    pub person_id: Uuid,
    pub full_name: String,
    pub relationship: String,
    pub father_or_male_carer: bool,
    pub seen: bool,
    pub assessed: bool,
}

/// The child's parents and carers (current relationships) and the adults living in the child's
/// current household, once each, fathers and male carers marked.
pub(crate) async fn significant_adults(tx: &mut Tx, ctx: &Ctx, facts: &mut ChildFacts, today: NaiveDate) -> Result<Vec<SignificantAdult>> {
    use ff_domain::people::{Membership, Sex};
    let child = facts.child();
    let relatives = facts.relatives(tx, ctx.la()).await?;
    let households = facts.households(tx, ctx.la()).await?;
    let mut out: Vec<SignificantAdult> = vec![];
    for r in relatives.iter().filter(|r| !r.outgoing && r.end_date.is_none_or(|e| e > today)) {
        let kind = r.kind;
        if !kind.is_parent_or_carer() {
            continue;
        }
        if is_child(r.other_date_of_birth, r.other_expected_date_of_birth, today) || out.iter().any(|a| a.person_id == r.other_id) {
            continue;
        }
        out.push(SignificantAdult {
            person_id: r.other_id,
            full_name: full_name(&r.other_given_name, &r.other_family_name),
            relationship: kind.label().to_owned(),
            father_or_male_carer: kind.is_father_or_male_carer(Some(r.other_sex)),
        });
    }
    let current: Vec<Uuid> =
        households.iter().filter(|m| m.person_id == child && m.end_date.is_none_or(|e| e > today)).map(|m| m.household_id).collect();
    for m in households.iter().filter(|m| {
        current.contains(&m.household_id)
            && m.person_id != child
            && m.membership == Membership::LivesIn
            && m.end_date.is_none_or(|e| e > today)
    }) {
        if is_child(m.date_of_birth, m.expected_date_of_birth, today) {
            continue;
        }
        let male = m.sex == Sex::Male;
        match out.iter_mut().find(|a| a.person_id == m.person_id) {
            Some(a) => a.father_or_male_carer |= male,
            None => out.push(SignificantAdult {
                person_id: m.person_id,
                full_name: full_name(&m.given_name, &m.family_name),
                relationship: "Lives in the household".into(),
                father_or_male_carer: male,
            }),
        }
    }
    Ok(out)
}

/// Complete and authorise an assessment. Only a social-work-qualified manager may authorise
/// (R-AS-2); a late completion needs a reason (T4).
pub async fn complete_assessment(db: &Db, ctx: &Ctx, assessment_id: Uuid, input: &CompleteAssessmentInput) -> Result<()> {
    ctx.authorise(Action::AuthoriseAssessment)?;
    ff_domain::family_help::check_authoriser_is_social_worker(ctx.actor.profile.is_registered_social_worker())?;
    let draft = parse_completion(ctx, input);
    let mut tx = db.begin().await?;
    let f = load_completion_facts(&mut tx, ctx, assessment_id).await?;
    let d = decide_completion(input, draft, &f)?;
    write_completion(&mut tx, ctx, assessment_id, input, f, d).await?;
    tx.commit().await?;
    Ok(())
}

/// A completion form read: the outcome, the factor codes and the reasons given, with the
/// mistakes found before anything is read.
struct CompletionDraft {
    outcome: Option<AssessmentOutcome>,
    factors: Vec<String>,
    late_reason: Option<String>,
    male_carer_reason: Option<String>,
    errors: ValidationErrors,
}

/// Reads the completion form: an outcome, CIN census factor codes (21 alone), a child seen alone
/// was seen, and a completion date not in the future.
fn parse_completion(ctx: &Ctx, input: &CompleteAssessmentInput) -> CompletionDraft {
    let mut errors = ValidationErrors::new();
    let outcome = AssessmentOutcome::from_code(input.outcome.trim());
    if outcome.is_none() {
        errors.add("outcome", "Select the outcome of the assessment");
    }
    let factors: Vec<String> = input.factors.iter().map(|f| f.trim().to_uppercase()).filter(|f| !f.is_empty()).collect();
    for f in &factors {
        if !is_assessment_factor(f) {
            errors.add("factors", format!("{f} is not a CIN census assessment factor code"));
        }
    }
    if factors.iter().any(|f| f == "21") && factors.len() > 1 {
        errors.add("factors", "'No factors identified' (21) cannot be combined with other factors");
    }
    if input.child_seen_alone && !input.child_seen {
        errors.add("child_seen_alone", "A child seen alone was seen: tick 'child seen' too");
    }
    if input.completed_date > ctx.today() {
        errors.add("completed_date", "The completion date cannot be in the future");
    }
    CompletionDraft {
        outcome,
        factors,
        late_reason: trimmed(&input.late_reason),
        male_carer_reason: trimmed(&input.male_carer_reason),
        errors,
    }
}

/// What a completion is decided on: the assessment, its episode, the council's settings and
/// calendar, the child's significant adults and the child.
struct CompletionFacts {
    assessment: AssessmentRow,
    episode: EpisodeRow,
    settings: LaSettings,
    cal: WorkingCalendar,
    adults: Vec<SignificantAdult>,
    child: ff_store::people::PersonRow,
}

/// Reads the assessment (not yet complete) and its episode, checks the written assessment was
/// submitted, then reads the settings, the significant adults and the child.
async fn load_completion_facts(tx: &mut Tx, ctx: &Ctx, assessment_id: Uuid) -> Result<CompletionFacts> {
    let assessment =
        ff_store::family_help::get_assessment(tx, ctx.la(), assessment_id).await?.ok_or(ServiceError::NotFound("assessment"))?;
    let episode = load_episode(tx, ctx, assessment.episode_id).await?;
    if assessment.completed_date.is_some() {
        return Err(field_err("completed_date", "This assessment is already complete"));
    }
    // The written assessment must have been submitted: a manager authorises
    // what the practitioner finished, not a draft still being written.
    let document = ff_store::assessments::get_document(tx, ctx.la(), assessment_id).await?;
    let status = document.map_or(ff_domain::assessments::Status::Draft, |d| d.status);
    ff_domain::assessments::authorise(status)?;
    let (settings, cal) = settings_and_calendar(tx, ctx.la()).await?;
    let adults = significant_adults(tx, ctx, &mut ChildFacts::new(episode.child_id), ctx.today()).await?;
    let child = ff_store::people::get_person(tx, ctx.la(), episode.child_id).await?.ok_or(ServiceError::NotFound("child"))?;
    Ok(CompletionFacts { assessment, episode, settings, cal, adults, child })
}

/// What the completion decided: the outcome, whether it was late (T4), the adults as seen and
/// assessed, and whether the child was under one.
struct CompletionDecision {
    outcome: AssessmentOutcome,
    factors: Vec<String>,
    late: bool,
    late_reason: Option<String>,
    under_one: bool,
    male_carer_reason: Option<String>,
    adult_facts: Vec<ff_domain::family_help::AssessedAdult>,
}

/// Checks the dates, the late reason (T4), the adults recorded, and that a baby's father or male
/// carer was seen and assessed or why not; every mistake in one round, then the version.
fn decide_completion(input: &CompleteAssessmentInput, draft: CompletionDraft, f: &CompletionFacts) -> Result<CompletionDecision> {
    let CompletionDraft { outcome, factors, late_reason, male_carer_reason, mut errors } = draft;
    let a = &f.assessment;
    if input.completed_date < a.start_date {
        errors.add("completed_date", "The completion date cannot be before the assessment started");
    }
    let late = assessment_is_late(f.episode.referral_date, input.completed_date, &f.cal, f.settings.day_counting);
    if late && late_reason.is_none() {
        errors.add("late_reason", format!("The assessment was due on {}; record why it took longer", a.due_date.format("%-d %B %Y")));
    }
    // Every significant adult is recorded; a baby's assessment sees and assesses
    // the father or a male carer, or says why not.
    if input.adults.iter().any(|i| !f.adults.iter().any(|a| a.person_id == i.person_id)) {
        errors.add("adults", "Record only the child's parents, carers and the adults in their household");
    }
    let answer = |id: Uuid| input.adults.iter().find(|i| i.person_id == id);
    let adult_facts: Vec<ff_domain::family_help::AssessedAdult> = f
        .adults
        .iter()
        .map(|a| ff_domain::family_help::AssessedAdult {
            father_or_male_carer: a.father_or_male_carer,
            seen: answer(a.person_id).is_some_and(|i| i.seen),
            assessed: answer(a.person_id).is_some_and(|i| i.assessed),
        })
        .collect();
    let under_one = match f.child.date_of_birth {
        Some(d) => ff_domain::people::age(Some(d), input.completed_date) == Some(0),
        None => f.child.expected_date_of_birth.is_some(),
    };
    if let Err(m) = ff_domain::family_help::check_father_or_male_carer_assessed(under_one, &adult_facts, male_carer_reason.as_deref()) {
        errors.add("male_carer_reason", m);
    }
    let outcome = errors.into_result(outcome)?.ok_or_else(|| field_err("outcome", "Select the outcome"))?;
    if a.version != input.version {
        return Err(stale("assessment", a.version));
    }
    Ok(CompletionDecision { outcome, factors, late, late_reason, under_one, male_carer_reason, adult_facts })
}

/// Records the completion and authorisation, authorises the written assessment, records each
/// significant adult as seen and assessed or not, and audits.
async fn write_completion(
    tx: &mut Tx,
    ctx: &Ctx,
    assessment_id: Uuid,
    input: &CompleteAssessmentInput,
    f: CompletionFacts,
    d: CompletionDecision,
) -> Result<()> {
    let mut a = f.assessment;
    a.child_seen = input.child_seen;
    a.child_seen_alone = input.child_seen_alone;
    a.factors = d.factors.join(" ");
    a.outcome = Some(d.outcome);
    a.completed_date = Some(input.completed_date);
    a.authorised_by = Some(ctx.actor.user_id);
    a.authorised_at = Some(ctx.now);
    a.late_reason = if d.late { d.late_reason } else { None };
    a.male_carer_reason = if d.under_one { d.male_carer_reason } else { None };
    a.version += 1;
    if !ff_store::family_help::complete_assessment(tx, ctx.la(), &a, input.version).await? {
        return Err(stale("assessment", input.version + 1));
    }
    crate::assessments::authorise_document(tx, ctx, assessment_id).await?;
    for (adult, fact) in f.adults.iter().zip(&d.adult_facts) {
        let row = ff_store::family_help::AssessmentAdultRow {
            assessment_id,
            person_id: adult.person_id,
            relationship: adult.relationship.clone(),
            father_or_male_carer: adult.father_or_male_carer,
            seen: fact.seen,
            assessed: fact.assessed,
            recorded_at: ctx.now,
            recorded_by: Some(ctx.actor.user_id),
        };
        ff_store::family_help::insert_assessment_adult(tx, ctx.la(), &row).await?;
    }
    let note = format!("assessment completed and authorised: {}", d.outcome.code());
    audit(tx, ctx, "authorise", "assessment", Some(assessment_id.to_string()), note).await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct VisitInput {
    pub visit_date: NaiveDate,
    pub child_seen: bool,
    #[serde(default)]
    pub seen_alone: bool,
    #[serde(default)]
    pub bedroom_seen: bool,
    /// Required for babies under one (CSPRP; domain §8 F14).
    pub baby_seen_awake: Option<bool>,
    pub note: Option<String>,
}

/// Record a visit by the signed-in practitioner.
pub async fn record_visit(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &VisitInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut tx = db.begin().await?;
    let e = load_episode(&mut tx, ctx, episode_id).await?;
    ensure_open(&e)?;
    let child = ff_store::people::get_person(&mut tx, ctx.la(), e.child_id).await?.ok_or(ServiceError::NotFound("child"))?;
    let mut errors = ValidationErrors::new();
    if input.visit_date < e.referral_date || input.visit_date > ctx.today() {
        errors.add("visit_date", "The visit date must be between the referral date and today");
    }
    if input.seen_alone && !input.child_seen {
        errors.add("seen_alone", "A child seen alone was seen: record the child as seen");
    }
    let under_one = child.date_of_birth.is_some_and(|d| ff_domain::people::age(Some(d), input.visit_date) == Some(0));
    if under_one && input.child_seen && input.baby_seen_awake.is_none() {
        errors.add("baby_seen_awake", "For a baby under one, record whether the baby was seen awake");
    }
    errors.into_result(())?;
    let v = VisitRow {
        id: ctx.new_id(),
        episode_id,
        visit_date: input.visit_date,
        practitioner_id: ctx.actor.user_id,
        child_seen: input.child_seen,
        seen_alone: input.seen_alone,
        bedroom_seen: input.bedroom_seen,
        baby_seen_awake: if under_one { input.baby_seen_awake } else { None },
        note: trimmed(&input.note),
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_visit(&mut tx, ctx.la(), &v).await?;
    audit(
        &mut tx,
        ctx,
        "create",
        "visit",
        Some(v.id.to_string()),
        if v.child_seen { "visit recorded, child seen" } else { "visit recorded, child not seen" },
    )
    .await?;
    tx.commit().await?;
    Ok(v.id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OversightInput {
    pub record_date: NaiveDate,
    pub note: String,
}

/// Record oversight or supervision by a social-work-qualified manager (R-FH-1).
pub async fn record_oversight(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &OversightInput) -> Result<Uuid> {
    ctx.authorise(Action::RecordOversight)?;
    ff_domain::family_help::check_overseer_is_social_worker(ctx.actor.profile.is_registered_social_worker())?;
    let mut errors = ValidationErrors::new();
    if input.note.trim().is_empty() {
        errors.add("note", "Record the oversight: what was discussed and decided");
    }
    let mut tx = db.begin().await?;
    let e = load_episode(&mut tx, ctx, episode_id).await?;
    ensure_open(&e)?;
    if input.record_date < e.referral_date || input.record_date > ctx.today() {
        errors.add("record_date", "The date must be between the referral date and today");
    }
    errors.into_result(())?;
    let o = OversightRow {
        id: ctx.new_id(),
        episode_id,
        record_date: input.record_date,
        supervisor_id: ctx.actor.user_id,
        note: input.note.trim().to_owned(),
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_oversight(&mut tx, ctx.la(), &o).await?;
    audit(&mut tx, ctx, "create", "oversight", Some(o.id.to_string()), "case oversight recorded").await?;
    tx.commit().await?;
    Ok(o.id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CloseInput {
    pub closure_date: NaiveDate,
    /// RC1 … RC9
    pub reason: String,
    pub version: i32,
}

/// Close an episode (RC1–RC9). The closure date cannot be before anything recorded in it
/// (census rule 8565). Open plans end and allocations end on the closure date.
pub async fn close_episode(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &CloseInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut errors = ValidationErrors::new();
    let reason = ClosureReason::from_code(input.reason.trim());
    if reason.is_none() {
        errors.add("reason", "Select the reason for closing the episode");
    }
    if input.closure_date > ctx.today() {
        errors.add("closure_date", "The closure date cannot be in the future");
    }
    let reason = errors.into_result(reason)?.ok_or_else(|| field_err("reason", "Select the reason for closing the episode"))?;
    let mut tx = db.begin().await?;
    let mut e = load_episode(&mut tx, ctx, episode_id).await?;
    ensure_open(&e)?;
    if e.version != input.version {
        return Err(stale("episode", e.version));
    }
    let h = ff_store::family_help::child_history(&mut tx, ctx.la(), e.child_id).await?;
    let mine = |id: Uuid| id == e.id;
    let plan_ids: Vec<Uuid> = h.plans.iter().filter(|p| mine(p.episode_id)).map(|p| p.id).collect();
    let mut activity: Vec<NaiveDate> = vec![];
    activity.extend(h.assessments.iter().filter(|a| mine(a.episode_id)).flat_map(|a| [Some(a.start_date), a.completed_date]).flatten());
    activity.extend(h.plans.iter().filter(|p| mine(p.episode_id)).map(|p| p.start_date));
    activity.extend(h.reviews.iter().filter(|r| plan_ids.contains(&r.plan_id)).map(|r| r.review_date));
    activity.extend(h.visits.iter().filter(|v| mine(v.episode_id)).map(|v| v.visit_date));
    activity.extend(h.oversight.iter().filter(|o| mine(o.episode_id)).map(|o| o.record_date));
    // The child protection work the episode holds: its dates count as activity (8565) and any of it
    // still open keeps the episode open (R-CP-6).
    let cp = ff_store::child_protection::for_child(&mut tx, ctx.la(), e.child_id).await?;
    let cpp = ff_store::cp_plans::for_child(&mut tx, ctx.la(), e.child_id).await?;
    activity.extend(cp.strategy.iter().filter(|s| mine(s.episode_id)).map(|s| s.held_on));
    activity.extend(cp.enquiries.iter().filter(|q| mine(q.episode_id)).flat_map(|q| [Some(q.start_date), q.concluded_on]).flatten());
    activity.extend(cpp.conferences.iter().filter(|c| mine(c.episode_id)).map(|c| c.held_on));
    activity.extend(cpp.plans.iter().filter(|p| mine(p.episode_id)).flat_map(|p| [Some(p.start_date), p.end_date]).flatten());
    let cp_plan_ids: Vec<Uuid> = cpp.plans.iter().filter(|p| mine(p.episode_id)).map(|p| p.id).collect();
    activity.extend(cpp.core_groups.iter().filter(|g| cp_plan_ids.contains(&g.cp_plan_id)).map(|g| g.held_on));
    let mut open_cp = vec![];
    for q in cp.enquiries.iter().filter(|q| mine(q.episode_id)) {
        let conference_held = cpp.conferences.iter().any(|c| c.s47_id == Some(q.id));
        if q.concluded_on.is_none() {
            open_cp.push(OpenCpWork::Enquiry { started: q.start_date });
        } else if q.conference_required == Some(true) && !conference_held {
            open_cp.push(OpenCpWork::ConferenceDue { due: q.icpc_due });
        }
    }
    open_cp.extend(
        cpp.plans.iter().filter(|p| mine(p.episode_id) && p.end_date.is_none()).map(|p| OpenCpWork::Plan { started: p.start_date }),
    );
    check_no_open_child_protection(&open_cp, matches!(reason, ClosureReason::Rc2 | ClosureReason::Rc5))?;
    check_closure_date(input.closure_date, e.referral_date, &activity)?;
    if h.assessments.iter().any(|a| mine(a.episode_id) && a.completed_date.is_none()) {
        return Err(field_err("reason", "An assessment is still in progress: complete it before closing"));
    }
    ff_store::family_help::end_open_plans(&mut tx, ctx.la(), e.id, input.closure_date).await?;
    ff_store::family_help::end_allocations(&mut tx, ctx.la(), e.id, "lead", input.closure_date).await?;
    ff_store::family_help::end_allocations(&mut tx, ctx.la(), e.id, "overseer", input.closure_date).await?;
    e.closure_date = Some(input.closure_date);
    e.closure_reason = Some(reason);
    save(&mut tx, ctx, input.version, e, "close", format!("episode closed: {}", reason.code())).await?;
    tx.commit().await?;
    Ok(())
}
