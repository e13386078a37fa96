//! Family Help actions (issue 3): the front door, episodes, allocation, assessments, plans,
//! reviews, visits, oversight, closure, the child's timeline and work trays.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::ValidationErrors;
use ff_domain::calendar::WorkingCalendar;
use ff_domain::child_protection::{Category, ConferenceDecision, ConferenceKind, PlanEndReason, SourceType};
use ff_domain::child_protection::{OpenCpWork, check_no_open_child_protection};
use ff_domain::family_help::{
    AssessmentOutcome, CaseloadStatus, ClosureReason, Consent, ContactChannel, ContactDecision, DueItem, EpisodeFacts, LeadCheck, Level,
    OverseerCheck, PrimaryNeed, ReferralSource, RuleRefusal, assessment_due, assessment_is_late, caseload_status, check_closure_date,
    check_lead_and_oversight, contact_decision_due, due_for_episode, is_assessment_factor, is_rereferral, visit_meets_family_help_clock,
};
use ff_domain::people::{full_name, is_child};
use ff_domain::policy::Action;
use ff_domain::roles::{Agency, Role, SweStatus};
use ff_domain::settings::LaSettings;
use ff_store::family_help::{
    AllocationRow, AssessmentRow, ContactRow, EpisodeRow, LevelRow, OversightRow, PlanItemRow, PlanRow, ReviewRow, TrayScope, VisitRow,
};
use ff_store::users::UserRow;
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::{Ctx, Result, ServiceError, audit};

impl From<RuleRefusal> for ServiceError {
    fn from(r: RuleRefusal) -> Self {
        ServiceError::Rule(r)
    }
}

pub(crate) fn field_err(field: &str, msg: impl Into<String>) -> ServiceError {
    ServiceError::Validation(ValidationErrors::single(field, msg))
}

pub(crate) async fn settings_and_calendar(tx: &mut Tx, la: &str) -> Result<(LaSettings, WorkingCalendar)> {
    let s = ff_store::settings::current(tx, la).await?.ok_or(ServiceError::NotFound("LA settings"))?.settings;
    let holidays = ff_store::calendar::list(tx).await?;
    Ok((s, WorkingCalendar::new(holidays.into_iter().map(|h| h.holiday_date))))
}

pub(crate) fn stale(what: &str, current: i32) -> ServiceError {
    ServiceError::Conflict {
        message: format!(
            "Someone else changed this {what} after you opened it (it is now version {current}). Nothing was saved: look at the current record and try again."
        ),
        current_version: current,
    }
}

// ---------------------------------------------------------------------------------------------
// Front door
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ContactInput {
    /// When the contact arrived (defaults to now).
    pub received_at: Option<DateTime<Utc>>,
    /// phone, email, online_form, in_person, police_notification, letter
    pub channel: String,
    /// CIN census referral source code (1A … 10).
    pub source: String,
    pub referrer_name: Option<String>,
    pub referrer_organisation: Option<String>,
    pub concerns: String,
    /// given, refused, not_sought
    pub consent: String,
    /// Why information is shared without consent (lawful basis), required unless consent was given (R-FD-2).
    pub consent_basis: Option<String>,
    /// The children the contact is about (people register ids).
    pub child_ids: Vec<Uuid>,
    #[serde(default)]
    pub adult_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactPersonView {
    pub person_id: Uuid,
    pub full_name: String,
    pub is_child: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactView {
    pub id: Uuid,
    pub received_at: DateTime<Utc>,
    /// T1: the decision is due by the end of this day.
    pub decision_due: NaiveDate,
    pub overdue: bool,
    pub channel: String,
    pub source: String,
    pub source_label: String,
    pub referrer_name: Option<String>,
    pub referrer_organisation: Option<String>,
    pub professional_referrer: bool,
    pub concerns: String,
    pub consent: String,
    pub consent_label: String,
    pub channel_label: String,
    pub consent_basis: Option<String>,
    pub decision: Option<String>,
    pub decision_label: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    pub feedback_at: Option<DateTime<Utc>>,
    pub feedback_note: Option<String>,
    /// A professional referrer has not yet been told the decision (T2).
    pub feedback_due: bool,
    pub people: Vec<ContactPersonView>,
    pub version: i32,
}

fn contact_view(c: ContactRow, people: Vec<ff_store::family_help::ContactPersonRow>, today: NaiveDate) -> ContactView {
    let source = ReferralSource::from_code(&c.source);
    let professional = source.is_some_and(ReferralSource::is_professional);
    ContactView {
        id: c.id,
        received_at: c.received_at,
        decision_due: c.decision_due,
        overdue: c.decision.is_none() && c.decision_due < today,
        source_label: source.map(|s| s.label().to_owned()).unwrap_or_default(),
        consent_label: Consent::from_code(&c.consent).map(|x| x.label().to_owned()).unwrap_or_default(),
        channel_label: ContactChannel::from_code(&c.channel).map(|x| x.label().to_owned()).unwrap_or_default(),
        channel: c.channel,
        source: c.source,
        referrer_name: c.referrer_name,
        referrer_organisation: c.referrer_organisation,
        professional_referrer: professional,
        concerns: c.concerns,
        consent: c.consent,
        consent_basis: c.consent_basis,
        decision_label: c.decision.as_deref().and_then(ContactDecision::from_code).map(|d| d.label().to_owned()),
        feedback_due: professional && c.decision.is_some() && c.feedback_at.is_none(),
        decision: c.decision,
        decision_reason: c.decision_reason,
        decided_at: c.decided_at,
        decided_by: c.decided_by,
        feedback_at: c.feedback_at,
        feedback_note: c.feedback_note,
        people: people
            .into_iter()
            .map(|p| ContactPersonView {
                person_id: p.person_id,
                full_name: full_name(&p.given_name, &p.family_name),
                is_child: p.is_child,
            })
            .collect(),
        version: c.version,
    }
}

pub(crate) fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// Record a contact at the front door. Its decision is due within one working day (T1).
pub async fn record_contact(db: &Db, ctx: &Ctx, input: &ContactInput) -> Result<ContactView> {
    ctx.authorise(Action::RecordContact)?;
    let mut errors = ValidationErrors::new();
    let received_at = input.received_at.unwrap_or(ctx.now);
    if received_at > ctx.now {
        errors.add("received_at", "The time the contact arrived cannot be in the future");
    }
    if ContactChannel::from_code(input.channel.trim()).is_none() {
        errors.add("channel", "Select how the contact arrived");
    }
    if ReferralSource::from_code(input.source.trim()).is_none() {
        errors.add("source", "Select who made the contact (a CIN census referral source)");
    }
    if input.concerns.trim().is_empty() {
        errors.add("concerns", "Describe the concerns, in the referrer's words where possible");
    }
    match Consent::from_code(input.consent.trim()) {
        None => errors.add("consent", "Select whether consent was given"),
        Some(Consent::Given) => {}
        Some(_) if trimmed(&input.consent_basis).is_none() => errors
            .add("consent_basis", "Without consent, record the lawful basis for sharing and why consent was not sought or was overridden"),
        Some(_) => {}
    }
    if input.child_ids.is_empty() {
        errors.add("child_ids", "Add at least one child the contact is about");
    }
    let mut tx = db.begin().await?;
    let today = ctx.today();
    for id in input.child_ids.iter().chain(input.adult_ids.iter()) {
        match ff_store::people::get_person(&mut tx, ctx.la(), *id).await? {
            None => errors.add("child_ids", format!("No person with id {id} in the register")),
            Some(p) if p.merged_into.is_some() => {
                errors.add("child_ids", "A chosen record was merged into another: choose the surviving record")
            }
            Some(p) if input.child_ids.contains(id) && !is_child(p.date_of_birth, p.expected_date_of_birth, today) => {
                errors.add("child_ids", format!("{} is not a child", full_name(&p.given_name, &p.family_name)))
            }
            // Issue 10 item 9: a contact about a child cannot have arrived before the child (or the pregnancy).
            Some(p) if input.child_ids.contains(id) => {
                let arrived = ff_domain::calendar::london_date(received_at);
                if let Err(why) = ff_domain::people::check_not_before_birth(arrived, p.date_of_birth, p.expected_date_of_birth) {
                    errors.add("received_at", format!("The date the contact arrived {why}: {}", full_name(&p.given_name, &p.family_name)));
                }
            }
            _ => {}
        }
    }
    errors.into_result(())?;
    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let received_on = ff_domain::calendar::london_date(received_at);
    let row = ContactRow {
        la_code: ctx.la().to_owned(),
        id: ctx.new_id(),
        received_at,
        received_on,
        decision_due: contact_decision_due(received_on, &cal, settings.day_counting),
        channel: input.channel.trim().to_owned(),
        source: input.source.trim().to_owned(),
        referrer_name: trimmed(&input.referrer_name),
        referrer_organisation: trimmed(&input.referrer_organisation),
        concerns: input.concerns.trim().to_owned(),
        consent: input.consent.trim().to_owned(),
        consent_basis: trimmed(&input.consent_basis),
        decision: None,
        decision_reason: None,
        decided_at: None,
        decided_by: None,
        feedback_at: None,
        feedback_note: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_contact(&mut tx, &row).await?;
    for id in &input.child_ids {
        ff_store::family_help::add_contact_person(&mut tx, ctx.la(), row.id, *id, true).await?;
    }
    for id in &input.adult_ids {
        ff_store::family_help::add_contact_person(&mut tx, ctx.la(), row.id, *id, false).await?;
    }
    audit(
        &mut tx,
        ctx,
        "create",
        "contact",
        Some(row.id.to_string()),
        format!("contact recorded about {} children", input.child_ids.len()),
    )
    .await?;
    let people = ff_store::family_help::contact_people(&mut tx, ctx.la(), row.id).await?;
    tx.commit().await?;
    Ok(contact_view(row, people, today))
}

pub async fn contact(db: &Db, ctx: &Ctx, id: Uuid) -> Result<ContactView> {
    ctx.authorise(Action::RecordContact)?;
    let mut tx = db.begin().await?;
    let c = ff_store::family_help::get_contact(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("contact"))?;
    let people = ff_store::family_help::contact_people(&mut tx, ctx.la(), id).await?;
    audit(&mut tx, ctx, "view", "contact", Some(id.to_string()), "contact viewed").await?;
    tx.commit().await?;
    Ok(contact_view(c, people, ctx.today()))
}

/// Undecided contacts for the front door, most overdue first.
/// Contacts with their people, read in one query for the whole list.
async fn with_people(tx: &mut Tx, ctx: &Ctx, rows: Vec<ContactRow>) -> Result<Vec<ContactView>> {
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let mut people = ff_store::family_help::people_of_contacts(tx, ctx.la(), &ids).await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut people).into_iter().partition(|(id, _)| *id == c.id);
            people = rest;
            contact_view(c, mine.into_iter().map(|(_, p)| p).collect(), ctx.today())
        })
        .collect())
}

pub async fn undecided_contacts(db: &Db, ctx: &Ctx) -> Result<Vec<ContactView>> {
    ctx.authorise(Action::RecordContact)?;
    let mut tx = db.begin().await?;
    let rows = ff_store::family_help::undecided_contacts(&mut tx, ctx.la(), 200).await?;
    with_people(&mut tx, ctx, rows).await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DecisionInput {
    /// nfa, advice_signposting, family_help, referral_assessment, strategy_discussion
    pub decision: String,
    pub reason: String,
    /// N0–N9: required when the decision opens an episode (the census primary need).
    pub primary_need: Option<String>,
    /// When the decision was made, if recorded afterwards (defaults to now; not before the
    /// contact arrived).
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionResult {
    pub contact: ContactView,
    /// Episodes opened, one per child (children with an episode already open keep theirs).
    pub episodes: Vec<Uuid>,
}

/// Decide what happens to a contact. A decision for family help, assessment or a strategy
/// discussion opens each child's episode (a referral) and, for an assessment, starts it with its
/// 45-working-day due date (T3).
pub async fn decide_contact(db: &Db, ctx: &Ctx, id: Uuid, input: &DecisionInput) -> Result<DecisionResult> {
    ctx.authorise(Action::DecideContact)?;
    let mut errors = ValidationErrors::new();
    let decision = ContactDecision::from_code(input.decision.trim());
    if decision.is_none() {
        errors.add("decision", "Select a decision");
    }
    if input.reason.trim().is_empty() {
        errors.add("reason", "Give the reason for the decision");
    }
    let need = match trimmed(&input.primary_need) {
        Some(n) => PrimaryNeed::from_code(&n).or_else(|| {
            errors.add("primary_need", "Select a primary need code (N0 to N9)");
            None
        }),
        None => None,
    };
    if decision.is_some_and(ContactDecision::opens_episode) && need.is_none() && errors.for_field("primary_need").is_none() {
        errors.add("primary_need", "Select the primary need: it is needed to open the child's episode");
    }
    let decision = errors.into_result(decision)?.ok_or_else(|| field_err("decision", "Select a decision"))?;
    let mut tx = db.begin().await?;
    let mut c = ff_store::family_help::get_contact(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("contact"))?;
    if c.decision.is_some() {
        // Someone decided it first: a lost race is a conflict (409), not a mistake in the form.
        return Err(ServiceError::Conflict {
            message: "Someone else decided this contact after you opened it. Nothing was saved: look at their decision.".into(),
            current_version: c.version,
        });
    }
    if c.version != input.version {
        return Err(stale("contact", c.version));
    }
    let decided_at = input.decided_at.unwrap_or(ctx.now);
    if decided_at > ctx.now || decided_at < c.received_at {
        return Err(field_err("decided_at", "The decision time must be after the contact arrived and not in the future"));
    }
    c.decision = Some(decision.code().to_owned());
    c.decision_reason = Some(input.reason.trim().to_owned());
    c.decided_at = Some(decided_at);
    c.decided_by = Some(ctx.actor.user_id);
    c.version += 1;
    if !ff_store::family_help::decide_contact(&mut tx, &c, input.version).await? {
        return Err(stale("contact", input.version + 1));
    }
    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let people = ff_store::family_help::contact_people(&mut tx, ctx.la(), id).await?;
    let mut opened = vec![];
    if decision.opens_episode() {
        let need = need.unwrap_or(PrimaryNeed::N0);
        for child in people.iter().filter(|p| p.is_child) {
            let episodes = ff_store::family_help::episodes_for_child(&mut tx, ctx.la(), child.person_id).await?;
            if episodes.iter().any(|e| e.closure_date.is_none()) {
                continue;
            }
            let closures: Vec<NaiveDate> = episodes.iter().filter_map(|e| e.closure_date).collect();
            let level = if decision == ContactDecision::FamilyHelp { Level::TargetedEarlyHelp } else { Level::ChildInNeed };
            let e = EpisodeRow {
                la_code: ctx.la().to_owned(),
                id: ctx.new_id(),
                child_id: child.person_id,
                contact_id: Some(c.id),
                referral_date: c.received_on,
                referral_source: c.source.clone(),
                primary_need: need.code().to_owned(),
                level: level.code().to_owned(),
                rereferral: is_rereferral(c.received_on, &closures),
                lead_id: None,
                overseer_id: None,
                closure_date: None,
                closure_reason: None,
                version: 1,
                created_at: ctx.now,
                created_by: Some(ctx.actor.user_id),
            };
            ff_store::family_help::insert_episode(&mut tx, &e).await?;
            ff_store::family_help::insert_level(
                &mut tx,
                ctx.la(),
                &LevelRow {
                    id: ctx.new_id(),
                    episode_id: e.id,
                    level: e.level.clone(),
                    from_date: e.referral_date,
                    reason: Some("opened at the front door".into()),
                    recorded_at: ctx.now,
                    recorded_by: Some(ctx.actor.user_id),
                },
            )
            .await?;
            if decision == ContactDecision::ReferralForAssessment {
                let a = new_assessment(
                    ctx,
                    e.id,
                    ff_domain::calendar::london_date(decided_at),
                    assessment_due(e.referral_date, &cal, settings.day_counting),
                );
                ff_store::family_help::insert_assessment(&mut tx, ctx.la(), &a).await?;
            }
            let note = if e.rereferral { "episode opened (re-referral within 12 months)" } else { "episode opened" };
            audit(&mut tx, ctx, "create", "episode", Some(e.id.to_string()), note).await?;
            opened.push(e.id);
        }
    }
    audit(&mut tx, ctx, "decide", "contact", Some(id.to_string()), format!("contact decided: {}", decision.code())).await?;
    tx.commit().await?;
    Ok(DecisionResult { contact: contact_view(c, people, ctx.today()), episodes: opened })
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct FeedbackInput {
    pub note: String,
    pub version: i32,
}

/// Record that a professional referrer was told the decision (T2).
pub async fn record_feedback(db: &Db, ctx: &Ctx, id: Uuid, input: &FeedbackInput) -> Result<()> {
    ctx.authorise(Action::RecordContact)?;
    if input.note.trim().is_empty() {
        return Err(field_err("note", "Record what the referrer was told, and how"));
    }
    let mut tx = db.begin().await?;
    let c = ff_store::family_help::get_contact(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("contact"))?;
    if c.decision.is_none() {
        return Err(field_err("note", "Decide the contact before recording feedback on the decision"));
    }
    if !ff_store::family_help::record_feedback(&mut tx, ctx.la(), id, ctx.now, input.note.trim(), input.version).await? {
        return Err(stale("contact", c.version));
    }
    audit(&mut tx, ctx, "update", "contact", Some(id.to_string()), "feedback to the referrer recorded").await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Episodes
// ---------------------------------------------------------------------------------------------

async fn load_episode(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<EpisodeRow> {
    ff_store::family_help::get_episode(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("episode"))
}

fn ensure_open(e: &EpisodeRow) -> Result<()> {
    match e.closure_date {
        Some(d) => {
            Err(field_err("episode", format!("This episode closed on {}; a new referral opens a new episode", d.format("%-d %B %Y"))))
        }
        None => Ok(()),
    }
}

pub(crate) async fn user(tx: &mut Tx, ctx: &Ctx, id: Uuid, field: &str) -> Result<UserRow> {
    match ff_store::users::get(tx, ctx.la(), id).await? {
        Some(u) if u.active => Ok(u),
        _ => Err(field_err(field, "Choose an active practitioner of this council")),
    }
}

fn is_registered_sw(u: &UserRow) -> bool {
    u.swe_registration_number.is_some() && u.swe_status.as_deref() == Some(SweStatus::Registered.code())
}

/// The facts R-FH-1 needs about a lead and overseer.
fn lead_check(level: Level, lead: &UserRow, overseer: Option<&UserRow>) -> LeadCheck {
    LeadCheck {
        level,
        lead_is_social_worker: is_registered_sw(lead),
        overseer: overseer.map(|o| OverseerCheck {
            is_registered_social_worker: is_registered_sw(o),
            is_supervisor: o.role == Role::PracticeSupervisor.code(),
            is_the_lead: o.id == lead.id,
        }),
    }
}

fn cap_for(settings: &LaSettings, role: Option<Role>) -> u32 {
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
    let mut e = load_episode(&mut tx, ctx, episode_id).await?;
    ensure_open(&e)?;
    if e.version != input.version {
        return Err(stale("episode", e.version));
    }
    let lead = user(&mut tx, ctx, input.lead_id, "lead_id").await?;
    let lead_role = Role::from_code(&lead.role);
    if !matches!(lead_role, Some(Role::FamilyHelpPractitioner | Role::SocialWorker | Role::Lcpp | Role::PracticeSupervisor)) {
        return Err(field_err(
            "lead_id",
            "A lead practitioner must be a family help practitioner, social worker, LCPP or practice supervisor",
        ));
    }
    let overseer = match input.overseer_id {
        Some(o) => Some(user(&mut tx, ctx, o, "overseer_id").await?),
        None => None,
    };
    let level = Level::from_code(&e.level).unwrap_or(Level::ChildInNeed);
    check_lead_and_oversight(&lead_check(level, &lead, overseer.as_ref()))?;
    let (settings, _) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let already_lead = e.lead_id == Some(lead.id);
    let current = ff_store::family_help::caseload_of(&mut tx, ctx.la(), lead.id).await? as u32;
    let cap = cap_for(&settings, lead_role);
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
                "{} already holds {current} cases; the council's cap for this role is {cap}. To allocate above the cap, record the manager's reason.",
                lead.display_name
            ),
        }));
    }
    let today = input.from_date.unwrap_or(ctx.today());
    if today > ctx.today() || today < e.referral_date {
        return Err(field_err("from_date", "The allocation date must be between the referral date and today"));
    }
    // R-FH-2: the family help lead stays during child protection unless the manager gives a reason.
    let replacing = !already_lead && e.lead_id.is_some();
    if replacing {
        let open_cp = ff_store::cp_plans::has_open_child_protection(&mut tx, ctx.la(), e.child_id).await?;
        ff_domain::family_help::check_lead_change(replacing, open_cp, trimmed(&input.reason).is_some())?;
    }
    if !already_lead {
        ff_store::family_help::end_allocations(&mut tx, ctx.la(), e.id, "lead", today).await?;
        ff_store::family_help::insert_allocation(
            &mut tx,
            ctx.la(),
            &AllocationRow {
                id: ctx.new_id(),
                episode_id: e.id,
                role: "lead".into(),
                user_id: lead.id,
                from_date: today,
                to_date: None,
                reason: trimmed(&input.reason),
                over_cap_reason: over_cap_reason.clone(),
                allocated_at: ctx.now,
                allocated_by: Some(ctx.actor.user_id),
            },
        )
        .await?;
    }
    if e.overseer_id != input.overseer_id {
        ff_store::family_help::end_allocations(&mut tx, ctx.la(), e.id, "overseer", today).await?;
        if let Some(o) = &overseer {
            ff_store::family_help::insert_allocation(
                &mut tx,
                ctx.la(),
                &AllocationRow {
                    id: ctx.new_id(),
                    episode_id: e.id,
                    role: "overseer".into(),
                    user_id: o.id,
                    from_date: today,
                    to_date: None,
                    reason: trimmed(&input.reason),
                    over_cap_reason: None,
                    allocated_at: ctx.now,
                    allocated_by: Some(ctx.actor.user_id),
                },
            )
            .await?;
        }
    }
    e.lead_id = Some(lead.id);
    e.overseer_id = input.overseer_id;
    e.version += 1;
    if !ff_store::family_help::update_episode(&mut tx, &e, input.version).await? {
        return Err(stale("episode", input.version + 1));
    }
    let note = match status {
        CaseloadStatus::OverCap if !already_lead => "lead allocated above the caseload cap with a manager's reason",
        CaseloadStatus::ReachesCap => "lead allocated (caseload now at the cap)",
        _ => "lead allocated",
    };
    audit(&mut tx, ctx, "allocate", "episode", Some(e.id.to_string()), note).await?;
    tx.commit().await?;
    Ok(AllocationResult { caseload_after: after, cap, status })
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
    // Every mistake in one round (issue 10 item 17).
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
    if let Some(l) = level.filter(|l| e.level == l.code()) {
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
    e.level = level.code().to_owned();
    e.version += 1;
    if !ff_store::family_help::update_episode(&mut tx, &e, input.version).await? {
        return Err(stale("episode", input.version + 1));
    }
    ff_store::family_help::insert_level(
        &mut tx,
        ctx.la(),
        &LevelRow {
            id: ctx.new_id(),
            episode_id,
            level: e.level.clone(),
            from_date: input.from_date,
            reason: Some(input.reason.trim().to_owned()),
            recorded_at: ctx.now,
            recorded_by: Some(ctx.actor.user_id),
        },
    )
    .await?;
    audit(&mut tx, ctx, "update", "episode", Some(episode_id.to_string()), format!("level changed to {}", level.code())).await?;
    tx.commit().await?;
    Ok(())
}

/// A new, not yet completed assessment (T3: due 45 working days from the referral).
fn new_assessment(ctx: &Ctx, episode_id: Uuid, start_date: NaiveDate, due_date: NaiveDate) -> AssessmentRow {
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
    ff_store::family_help::insert_assessment(&mut tx, ctx.la(), &a).await?;
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
    /// The significant adults seen and assessed (issue 10 item 7). Every significant adult of the
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
async fn significant_adults(tx: &mut Tx, ctx: &Ctx, facts: &mut ChildFacts, today: NaiveDate) -> Result<Vec<SignificantAdult>> {
    use ff_domain::people::{RelationshipKind, Sex};
    let child = facts.child();
    let relatives = facts.relatives(tx, ctx.la()).await?;
    let households = facts.households(tx, ctx.la()).await?;
    let mut out: Vec<SignificantAdult> = vec![];
    for r in relatives.iter().filter(|r| !r.outgoing && r.end_date.is_none_or(|e| e > today)) {
        let Some(kind) = RelationshipKind::from_code(&r.kind).filter(|k| k.is_parent_or_carer()) else { continue };
        if is_child(r.other_date_of_birth, r.other_expected_date_of_birth, today) || out.iter().any(|a| a.person_id == r.other_id) {
            continue;
        }
        out.push(SignificantAdult {
            person_id: r.other_id,
            full_name: full_name(&r.other_given_name, &r.other_family_name),
            relationship: kind.label().to_owned(),
            father_or_male_carer: kind.is_father_or_male_carer(Sex::from_code(&r.other_sex)),
        });
    }
    let current: Vec<Uuid> =
        households.iter().filter(|m| m.person_id == child && m.end_date.is_none_or(|e| e > today)).map(|m| m.household_id).collect();
    for m in households.iter().filter(|m| {
        current.contains(&m.household_id) && m.person_id != child && m.membership == "lives_in" && m.end_date.is_none_or(|e| e > today)
    }) {
        if is_child(m.date_of_birth, m.expected_date_of_birth, today) {
            continue;
        }
        let male = Sex::from_code(&m.sex) == Some(Sex::Male);
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
    if !ctx.actor.profile.is_registered_social_worker() {
        return Err(ServiceError::Rule(RuleRefusal {
            rule: "R-AS-2",
            message: "Assessments are authorised by a manager who is a registered social worker; your account has no current Social Work England registration.".into(),
        }));
    }
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
    let mut tx = db.begin().await?;
    let mut a =
        ff_store::family_help::get_assessment(&mut tx, ctx.la(), assessment_id).await?.ok_or(ServiceError::NotFound("assessment"))?;
    let e = load_episode(&mut tx, ctx, a.episode_id).await?;
    if a.completed_date.is_some() {
        return Err(field_err("completed_date", "This assessment is already complete"));
    }
    if input.completed_date < a.start_date {
        errors.add("completed_date", "The completion date cannot be before the assessment started");
    }
    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let late = assessment_is_late(e.referral_date, input.completed_date, &cal, settings.day_counting);
    if late && trimmed(&input.late_reason).is_none() {
        errors.add("late_reason", format!("The assessment was due on {}; record why it took longer", a.due_date.format("%-d %B %Y")));
    }
    // Issue 10 item 7: every significant adult is recorded; a baby's assessment sees and assesses
    // the father or a male carer, or says why not.
    let adults = significant_adults(&mut tx, ctx, &mut ChildFacts::new(e.child_id), ctx.today()).await?;
    if input.adults.iter().any(|i| !adults.iter().any(|a| a.person_id == i.person_id)) {
        errors.add("adults", "Record only the child's parents, carers and the adults in their household");
    }
    let answer = |id: Uuid| input.adults.iter().find(|i| i.person_id == id);
    let facts: Vec<ff_domain::family_help::AssessedAdult> = adults
        .iter()
        .map(|a| ff_domain::family_help::AssessedAdult {
            father_or_male_carer: a.father_or_male_carer,
            seen: answer(a.person_id).is_some_and(|i| i.seen),
            assessed: answer(a.person_id).is_some_and(|i| i.assessed),
        })
        .collect();
    let child = ff_store::people::get_person(&mut tx, ctx.la(), e.child_id).await?.ok_or(ServiceError::NotFound("child"))?;
    let under_one = match child.date_of_birth {
        Some(d) => ff_domain::people::age(Some(d), input.completed_date) == Some(0),
        None => child.expected_date_of_birth.is_some(),
    };
    let male_carer_reason = trimmed(&input.male_carer_reason);
    if let Err(m) = ff_domain::family_help::check_father_or_male_carer_assessed(under_one, &facts, male_carer_reason.as_deref()) {
        errors.add("male_carer_reason", m);
    }
    let outcome = errors.into_result(outcome)?.ok_or_else(|| field_err("outcome", "Select the outcome"))?;
    if a.version != input.version {
        return Err(stale("assessment", a.version));
    }
    a.child_seen = input.child_seen;
    a.child_seen_alone = input.child_seen_alone;
    a.factors = factors.join(" ");
    a.outcome = Some(outcome.code().to_owned());
    a.completed_date = Some(input.completed_date);
    a.authorised_by = Some(ctx.actor.user_id);
    a.authorised_at = Some(ctx.now);
    a.late_reason = if late { trimmed(&input.late_reason) } else { None };
    a.male_carer_reason = if under_one { male_carer_reason } else { None };
    a.version += 1;
    if !ff_store::family_help::complete_assessment(&mut tx, ctx.la(), &a, input.version).await? {
        return Err(stale("assessment", input.version + 1));
    }
    for (adult, fact) in adults.iter().zip(&facts) {
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
        ff_store::family_help::insert_assessment_adult(&mut tx, ctx.la(), &row).await?;
    }
    audit(
        &mut tx,
        ctx,
        "authorise",
        "assessment",
        Some(assessment_id.to_string()),
        format!("assessment completed and authorised: {}", outcome.code()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PlanItemInput {
    /// outcome or action
    pub kind: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PlanInput {
    pub start_date: NaiveDate,
    #[serde(default)]
    pub items: Vec<PlanItemInput>,
}

fn validate_item(i: &PlanItemInput, errors: &mut ValidationErrors) {
    if !matches!(i.kind.trim(), "outcome" | "action") {
        errors.add("kind", "Choose outcome or action");
    }
    if i.description.trim().is_empty() {
        errors.add("description", "Describe the outcome or action");
    }
}

/// Start a family help / child in need plan (its start date is kept for the census).
pub async fn start_plan(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &PlanInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut errors = ValidationErrors::new();
    for i in &input.items {
        validate_item(i, &mut errors);
    }
    // R-CIN-2: reported with the other mistakes, against the first item (the page's outcome box).
    if let Err(refusal) = ff_domain::family_help::check_new_plan_has_an_outcome(input.items.iter().map(|i| i.kind.as_str())) {
        errors.add("outcome", refusal.message);
    }
    let mut tx = db.begin().await?;
    let e = load_episode(&mut tx, ctx, episode_id).await?;
    ensure_open(&e)?;
    if input.start_date < e.referral_date || input.start_date > ctx.today() {
        errors.add("start_date", "The plan start date must be between the referral date and today");
    }
    let history = ff_store::family_help::child_history(&mut tx, ctx.la(), e.child_id).await?;
    if history.plans.iter().any(|p| p.episode_id == e.id && p.end_date.is_none()) {
        errors.add("start_date", "A plan is already open for this episode; add to it or review it");
    }
    errors.into_result(())?;
    // CIN census rule 4016: while a child protection plan is open it is the child's plan; a
    // child-in-need plan starts when it ends.
    let cp = ff_store::cp_plans::for_child(&mut tx, ctx.la(), e.child_id).await?;
    if let Some(p) = cp
        .plans
        .iter()
        // Any plan still running on or after the new plan's start overlaps it (a backdated one too).
        .find(|p| p.episode_id == e.id && p.end_date.is_none_or(|end| input.start_date < end))
    {
        return Err(ServiceError::Rule(RuleRefusal {
            rule: "4016",
            message: format!(
                "A child protection plan has been open since {}: it is the child's plan while it lasts. Add outcomes and actions to it; a child in need plan can start when it ends.",
                p.start_date.format("%-d %B %Y")
            ),
        }));
    }
    let plan = PlanRow {
        id: ctx.new_id(),
        episode_id,
        start_date: input.start_date,
        end_date: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_plan(&mut tx, ctx.la(), &plan).await?;
    for i in &input.items {
        insert_item(&mut tx, ctx, plan.id, i).await?;
    }
    audit(&mut tx, ctx, "create", "plan", Some(plan.id.to_string()), format!("plan started with {} items", input.items.len())).await?;
    tx.commit().await?;
    Ok(plan.id)
}

async fn insert_item(tx: &mut Tx, ctx: &Ctx, plan_id: Uuid, i: &PlanItemInput) -> Result<Uuid> {
    let row = PlanItemRow {
        id: ctx.new_id(),
        plan_id,
        kind: i.kind.trim().to_owned(),
        description: i.description.trim().to_owned(),
        owner: trimmed(&i.owner),
        due_date: i.due_date,
        done_date: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_plan_item(tx, ctx.la(), &row).await?;
    Ok(row.id)
}

async fn plan_episode(tx: &mut Tx, ctx: &Ctx, plan_id: Uuid) -> Result<(EpisodeRow, PlanRow)> {
    // Plans are reached through their episode so the LA scope is always applied.
    let episode_id = ff_store::family_help::plan_episode_id(tx, ctx.la(), plan_id).await?.ok_or(ServiceError::NotFound("plan"))?;
    let e = load_episode(tx, ctx, episode_id).await?;
    let history = ff_store::family_help::child_history(tx, ctx.la(), e.child_id).await?;
    let plan = history.plans.into_iter().find(|p| p.id == plan_id).ok_or(ServiceError::NotFound("plan"))?;
    Ok((e, plan))
}

pub async fn add_plan_item(db: &Db, ctx: &Ctx, plan_id: Uuid, input: &PlanItemInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut errors = ValidationErrors::new();
    validate_item(input, &mut errors);
    errors.into_result(())?;
    let mut tx = db.begin().await?;
    let (e, plan) = plan_episode(&mut tx, ctx, plan_id).await?;
    ensure_open(&e)?;
    if plan.end_date.is_some() {
        return Err(field_err("plan", "This plan has ended"));
    }
    let id = insert_item(&mut tx, ctx, plan_id, input).await?;
    audit(&mut tx, ctx, "create", "plan_item", Some(id.to_string()), format!("plan {} added", input.kind.trim())).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ItemDoneInput {
    pub done_date: NaiveDate,
    pub version: i32,
}

pub async fn mark_item_done(db: &Db, ctx: &Ctx, item_id: Uuid, input: &ItemDoneInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut tx = db.begin().await?;
    let item = ff_store::family_help::get_plan_item(&mut tx, ctx.la(), item_id).await?.ok_or(ServiceError::NotFound("plan item"))?;
    if input.done_date > ctx.today() {
        return Err(field_err("done_date", "The date cannot be in the future"));
    }
    if !ff_store::family_help::mark_item_done(&mut tx, ctx.la(), item_id, input.done_date, input.version).await? {
        return Err(stale("plan item", item.version));
    }
    audit(&mut tx, ctx, "update", "plan_item", Some(item_id.to_string()), "plan item done").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReviewInput {
    pub review_date: NaiveDate,
    pub summary: String,
}

/// Record a plan review (T17: reviews at the LA's cadence).
pub async fn record_review(db: &Db, ctx: &Ctx, plan_id: Uuid, input: &ReviewInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut errors = ValidationErrors::new();
    if input.summary.trim().is_empty() {
        errors.add("summary", "Summarise the review: progress against the outcomes and what changes");
    }
    let mut tx = db.begin().await?;
    let (e, plan) = plan_episode(&mut tx, ctx, plan_id).await?;
    ensure_open(&e)?;
    if input.review_date < plan.start_date || input.review_date > ctx.today() {
        errors.add("review_date", "The review date must be between the plan start and today");
    }
    errors.into_result(())?;
    let r = ReviewRow {
        id: ctx.new_id(),
        plan_id,
        review_date: input.review_date,
        summary: input.summary.trim().to_owned(),
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_review(&mut tx, ctx.la(), &r).await?;
    audit(&mut tx, ctx, "create", "plan_review", Some(r.id.to_string()), "plan reviewed").await?;
    tx.commit().await?;
    Ok(r.id)
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
    if !ctx.actor.profile.is_registered_social_worker() {
        return Err(ServiceError::Rule(RuleRefusal {
            rule: "R-FH-1",
            message: "Oversight is recorded by a registered social worker.".into(),
        }));
    }
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
    e.closure_reason = Some(reason.code().to_owned());
    e.version += 1;
    if !ff_store::family_help::update_episode(&mut tx, &e, input.version).await? {
        return Err(stale("episode", input.version + 1));
    }
    audit(&mut tx, ctx, "close", "episode", Some(e.id.to_string()), format!("episode closed: {}", reason.code())).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The child's record: episodes, timeline, what is due
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub date: NaiveDate,
    /// contact, referral, level, allocation, assessment, plan, review, visit, oversight, closure
    pub kind: String,
    pub title: String,
    pub detail: Option<String>,
    /// The agency the entry came from (the multi-agency chronology, issue 4, adds partners).
    pub source: String,
    /// Order within a day: the natural sequence of the case (contact before decision before referral…).
    #[serde(skip)]
    rank: u8,
}

fn rank_of(kind: &str) -> u8 {
    [
        "contact",
        "decision",
        "referral",
        "allocation",
        "level",
        "strategy",
        "s47",
        "assessment",
        "plan",
        "visit",
        "review",
        "oversight",
        "conference",
        "cp_plan",
        "core_group",
        "request",
        "note",
        "closure",
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or(99) as u8
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentView {
    pub id: Uuid,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub completed_date: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub outcome_label: Option<String>,
    pub factors: Vec<String>,
    pub child_seen: bool,
    pub child_seen_alone: bool,
    pub late_reason: Option<String>,
    pub overdue: bool,
    pub version: i32,
    /// The significant adults as the completed assessment recorded them.
    pub adults: Vec<AssessedAdultView>,
    /// Why a baby's assessment saw and assessed no father or male carer.
    pub male_carer_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanItemView {
    pub id: Uuid,
    pub kind: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub done_date: Option<NaiveDate>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanView {
    pub id: Uuid,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub items: Vec<PlanItemView>,
    pub last_review: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueView {
    pub kind: String,
    pub label: String,
    pub due: NaiveDate,
    pub overdue: bool,
    /// The last qualifying visit, oversight, review or core group the clock runs from; absent
    /// when it runs from the referral or the plan's start.
    pub last_done: Option<NaiveDate>,
    /// The same in words for the page: "Last visit seeing the child: 13 November 2026", or what
    /// has not happened yet. Absent for work with no clock behind it.
    pub last_done_text: Option<String>,
}

/// Names what a clock last ran from, in a practitioner's words (issue 10 item 1: what is due
/// shows the date of the last qualifying visit).
pub fn last_done_text(kind: &str, last: Option<NaiveDate>) -> Option<String> {
    let (done, none) = match kind {
        "visit" => ("Last visit seeing the child", "No visit has seen the child yet"),
        "cp_visit" => ("Last visit seeing the child alone", "No visit has seen the child alone since the plan started"),
        "core_group" => ("Last core group", "No core group yet"),
        "oversight" => ("Last social work oversight", "No social work oversight yet"),
        "plan_review" => ("Last review", "Not reviewed yet"),
        _ => return None,
    };
    Some(match last {
        Some(d) => format!("{done}: {}", d.format("%-d %B %Y")),
        None => none.to_owned(),
    })
}

impl From<DueItem> for DueView {
    fn from(d: DueItem) -> Self {
        let kind = serde_json::to_value(d.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        DueView {
            last_done_text: last_done_text(&kind, d.last_done),
            kind,
            label: d.kind.label().to_owned(),
            due: d.due,
            overdue: d.overdue,
            last_done: d.last_done,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EpisodeView {
    pub id: Uuid,
    pub referral_date: NaiveDate,
    pub referral_source: String,
    pub primary_need: String,
    pub primary_need_label: String,
    pub level: String,
    pub level_label: String,
    pub rereferral: bool,
    pub lead: Option<String>,
    pub lead_id: Option<Uuid>,
    pub overseer: Option<String>,
    pub overseer_id: Option<Uuid>,
    pub closure_date: Option<NaiveDate>,
    pub closure_reason: Option<String>,
    pub assessments: Vec<AssessmentView>,
    pub plan: Option<PlanView>,
    pub due: Vec<DueView>,
    /// An assessment is started and not yet completed.
    pub assessment_in_progress: bool,
    /// A plan is open (started, not ended).
    pub plan_open: bool,
    pub version: i32,
    /// The child's parents, carers and household adults now: whom an assessment includes.
    pub significant_adults: Vec<SignificantAdult>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildFamilyHelp {
    pub child_id: Uuid,
    pub episodes: Vec<EpisodeView>,
    pub timeline: Vec<TimelineEntry>,
}

/// The Family Help part of a child's record. Audited as a view of the child's record.
pub async fn for_child(db: &Db, ctx: &Ctx, child_id: Uuid) -> Result<ChildFamilyHelp> {
    let mut tx = db.begin().await?;
    let record = read_for_child(&mut tx, ctx, &mut ChildFacts::new(child_id)).await?;
    audit(&mut tx, ctx, "view", "family_help", Some(child_id.to_string()), "family help record viewed").await?;
    tx.commit().await?;
    Ok(record)
}

/// The Family Help part read in the caller's transaction, not audited.
pub(crate) async fn read_for_child(tx: &mut Tx, ctx: &Ctx, facts: &mut ChildFacts) -> Result<ChildFamilyHelp> {
    let child_id = facts.child();
    ctx.authorise_child(tx, Action::ViewPerson, child_id).await?;
    let la = ctx.la();
    let child = facts.person(tx, la).await?.ok_or(ServiceError::NotFound("person"))?;
    let episodes = facts.episodes(tx, la).await?;
    let h = ff_store::family_help::child_history(tx, la, child_id).await?;
    let contacts = ff_store::family_help::contacts_for_person(tx, la, child_id).await?;
    let cp = facts.child_protection(tx, la).await?;
    let cp_plans = facts.plans(tx, la).await?;
    let notes = facts.notes(tx, la).await?;
    let requests = facts.requests(tx, la).await?;
    // Only the staff this record names (issue 11 item 1), never every account of the council.
    let mentioned: Vec<Uuid> = episodes
        .iter()
        .flat_map(|e| [e.lead_id, e.overseer_id])
        .flatten()
        .chain(h.allocations.iter().map(|a| a.user_id))
        .chain(h.visits.iter().map(|v| v.practitioner_id))
        .chain(h.oversight.iter().map(|o| o.supervisor_id))
        .chain(notes.iter().map(|n| n.recorded_by))
        .chain(cp_plans.plans.iter().map(|p| p.lead_id))
        .chain(cp_plans.conferences.iter().flat_map(|c| [Some(c.chair_id), c.lead_enquiry_id, c.qa_officer_id]).flatten())
        .collect();
    let users = ff_store::users::get_many(tx, ctx.la(), &mentioned).await?;
    let (settings, cal) = facts.settings(tx, la).await?;
    let significant = significant_adults(tx, ctx, facts, ctx.today()).await?;
    let recorded_adults = ff_store::family_help::assessment_adults_of_child(tx, ctx.la(), child_id).await?;
    let today = ctx.today();
    let name = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone());
    let user_row = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i));
    let under_one = child.date_of_birth.is_some_and(|d| ff_domain::people::age(Some(d), today) == Some(0)) || child.date_of_birth.is_none();

    let mut views = vec![];
    for e in &episodes {
        let assessments: Vec<AssessmentView> = h
            .assessments
            .iter()
            .filter(|a| a.episode_id == e.id)
            .map(|a| AssessmentView {
                id: a.id,
                start_date: a.start_date,
                due_date: a.due_date,
                completed_date: a.completed_date,
                outcome: a.outcome.clone(),
                outcome_label: a.outcome.as_deref().and_then(AssessmentOutcome::from_code).map(|o| o.label().to_owned()),
                factors: a.factors.split_whitespace().map(str::to_owned).collect(),
                child_seen: a.child_seen,
                child_seen_alone: a.child_seen_alone,
                late_reason: a.late_reason.clone(),
                overdue: a.completed_date.is_none() && a.due_date < today,
                version: a.version,
                adults: recorded_adults
                    .iter()
                    .filter(|r| r.assessment_id == a.id)
                    .map(|r| AssessedAdultView {
                        person_id: r.person_id,
                        full_name: significant
                            .iter()
                            .find(|s| s.person_id == r.person_id)
                            .map(|s| s.full_name.clone())
                            .unwrap_or_else(|| r.relationship.clone()),
                        relationship: r.relationship.clone(),
                        father_or_male_carer: r.father_or_male_carer,
                        seen: r.seen,
                        assessed: r.assessed,
                    })
                    .collect(),
                male_carer_reason: a.male_carer_reason.clone(),
            })
            .collect();
        let plan = h.plans.iter().filter(|p| p.episode_id == e.id).max_by_key(|p| (p.end_date.is_none(), p.start_date)).map(|p| PlanView {
            id: p.id,
            start_date: p.start_date,
            end_date: p.end_date,
            items: h
                .items
                .iter()
                .filter(|i| i.plan_id == p.id)
                .map(|i| PlanItemView {
                    id: i.id,
                    kind: i.kind.clone(),
                    description: i.description.clone(),
                    owner: i.owner.clone(),
                    due_date: i.due_date,
                    done_date: i.done_date,
                    version: i.version,
                })
                .collect(),
            last_review: h.reviews.iter().filter(|r| r.plan_id == p.id).map(|r| r.review_date).max(),
        });
        let level = Level::from_code(&e.level).unwrap_or(Level::ChildInNeed);
        let due = if e.closure_date.is_none() {
            let facts = EpisodeFacts {
                level,
                referral_date: e.referral_date,
                under_one,
                lead_is_social_worker: user_row(e.lead_id).is_some_and(is_registered_sw),
                has_lead: e.lead_id.is_some(),
                // A visit where the child was not seen does not reset the visit clock.
                last_visit: h
                    .visits
                    .iter()
                    .filter(|v| v.episode_id == e.id && visit_meets_family_help_clock(v.child_seen))
                    .map(|v| v.visit_date)
                    .max(),
                last_oversight: h.oversight.iter().filter(|o| o.episode_id == e.id).map(|o| o.record_date).max(),
                assessment_due: assessments.iter().filter(|a| a.completed_date.is_none()).map(|a| a.due_date).min(),
                plan_start: plan.as_ref().filter(|p| p.end_date.is_none()).map(|p| p.start_date),
                last_review: plan.as_ref().filter(|p| p.end_date.is_none()).and_then(|p| p.last_review),
            };
            let mut due: Vec<DueView> =
                due_for_episode(&facts, &settings.family_help, &cal, today).into_iter().map(DueView::from).collect();
            for q in cp.enquiries.iter().filter(|q| q.episode_id == e.id && q.concluded_on.is_none()) {
                due.push(DueView {
                    kind: "icpc".into(),
                    label: "Initial child protection conference".into(),
                    due: q.icpc_due,
                    overdue: q.icpc_due < today,
                    last_done: None,
                    last_done_text: None,
                });
            }
            due.sort_by_key(|d| d.due);
            due
        } else {
            vec![]
        };
        let assessment_in_progress = assessments.iter().any(|a| a.completed_date.is_none());
        let plan_open = plan.as_ref().is_some_and(|p| p.end_date.is_none());
        views.push(EpisodeView {
            assessment_in_progress,
            plan_open,
            id: e.id,
            referral_date: e.referral_date,
            referral_source: e.referral_source.clone(),
            primary_need: e.primary_need.clone(),
            primary_need_label: PrimaryNeed::from_code(&e.primary_need).map(|n| format!("{}: {}", n.code(), n.label())).unwrap_or_default(),
            level: e.level.clone(),
            level_label: level.label().to_owned(),
            rereferral: e.rereferral,
            lead: name(e.lead_id),
            lead_id: e.lead_id,
            overseer: name(e.overseer_id),
            overseer_id: e.overseer_id,
            closure_date: e.closure_date,
            closure_reason: e.closure_reason.clone(),
            assessments,
            plan,
            due,
            version: e.version,
            significant_adults: significant.clone(),
        });
    }

    let la_name = settings.name.clone();
    let mut t: Vec<TimelineEntry> = vec![];
    let mut add = |date: NaiveDate, kind: &str, title: String, detail: Option<String>| {
        t.push(TimelineEntry { date, kind: kind.into(), title, detail, source: la_name.clone(), rank: rank_of(kind) })
    };
    for c in &contacts {
        let src = ReferralSource::from_code(&c.source).map(|s| s.label()).unwrap_or("");
        add(c.received_on, "contact", format!("Contact received from {src}"), Some(c.concerns.clone()));
        if let (Some(d), Some(at)) = (c.decision.as_deref().and_then(ContactDecision::from_code), c.decided_at) {
            add(
                ff_domain::calendar::london_date(at),
                "decision",
                format!("Contact decided: {}", d.label().to_lowercase()),
                c.decision_reason.clone(),
            );
        }
    }
    for e in &episodes {
        add(
            e.referral_date,
            "referral",
            if e.rereferral { "Referral (re-referral within 12 months)".into() } else { "Referral: episode opened".into() },
            None,
        );
        if let (Some(d), Some(r)) = (e.closure_date, e.closure_reason.as_deref().and_then(ClosureReason::from_code)) {
            add(d, "closure", format!("Episode closed: {}", r.label().to_lowercase()), None);
        }
    }
    for l in &h.levels {
        if l.reason.as_deref() != Some("opened at the front door") {
            let label = Level::from_code(&l.level).map(|x| x.label()).unwrap_or("");
            add(l.from_date, "level", format!("Moved to {}", label.to_lowercase()), l.reason.clone());
        }
    }
    for a in &h.allocations {
        let who = name(Some(a.user_id)).unwrap_or_default();
        let role = if a.role == "lead" { "Lead practitioner" } else { "Social work overseer" };
        add(
            a.from_date,
            "allocation",
            format!("{role}: {who}"),
            a.over_cap_reason.clone().map(|r| format!("Allocated above the caseload cap: {r}")),
        );
    }
    for a in &h.assessments {
        add(a.start_date, "assessment", "Assessment started".into(), None);
        if let Some(d) = a.completed_date {
            let outcome = a.outcome.as_deref().and_then(AssessmentOutcome::from_code).map(|o| o.label()).unwrap_or("");
            add(
                d,
                "assessment",
                format!("Assessment completed: {}", outcome.to_lowercase()),
                a.late_reason.clone().map(|r| format!("Completed late: {r}")),
            );
        }
    }
    for p in &h.plans {
        add(p.start_date, "plan", "Plan started".into(), None);
        if let Some(d) = p.end_date {
            add(d, "plan", "Plan ended".into(), None);
        }
    }
    for r in &h.reviews {
        add(r.review_date, "review", "Plan reviewed".into(), Some(r.summary.clone()));
    }
    for v in &h.visits {
        let mut seen = vec![if v.child_seen { "child seen" } else { "child not seen" }];
        if v.seen_alone {
            seen.push("seen alone");
        }
        if v.bedroom_seen {
            seen.push("bedroom seen");
        }
        if v.baby_seen_awake == Some(true) {
            seen.push("baby seen awake");
        }
        add(
            v.visit_date,
            "visit",
            format!("Visit by {}: {}", name(Some(v.practitioner_id)).unwrap_or_default(), seen.join(", ")),
            v.note.clone(),
        );
    }
    for sd in &cp.strategy {
        let decision = if sd.decision == "s47" { "section 47 enquiry started" } else { "no section 47 enquiry" };
        let missing =
            if sd.missing_agencies.is_empty() { None } else { Some(format!("Required agencies absent: {}", sd.missing_agencies)) };
        add(sd.held_on, "strategy", format!("Strategy discussion: {decision}"), missing.or_else(|| Some(sd.plan.clone())));
    }
    for q in &cp.enquiries {
        if let Some(d) = q.concluded_on {
            add(
                d,
                "s47",
                format!("Section 47 enquiry concluded: {}", q.outcome.as_deref().unwrap_or("").replace('_', " ")),
                q.no_conference_reason.clone(),
            );
        }
    }
    for o in &h.oversight {
        add(o.record_date, "oversight", format!("Oversight by {}", name(Some(o.supervisor_id)).unwrap_or_default()), Some(o.note.clone()));
    }
    for c in &cp_plans.conferences {
        let kind = ConferenceKind::from_code(&c.kind).map(|k| k.label()).unwrap_or("Conference");
        let decision = ConferenceDecision::from_code(&c.decision).map(|d| d.label().to_lowercase()).unwrap_or_default();
        add(c.held_on, "conference", format!("{kind}: {decision}"), c.parental_dissent.clone().map(|d| format!("Parents' dissent: {d}")));
    }
    for p in &cp_plans.plans {
        let category = Category::from_code(&p.category).map(|c| c.label()).unwrap_or("");
        add(p.start_date, "cp_plan", format!("Child protection plan started ({})", category.to_lowercase()), None);
        if let (Some(d), Some(r)) = (p.end_date, p.end_reason.as_deref().and_then(PlanEndReason::from_code)) {
            add(d, "cp_plan", format!("Child protection plan ended: {}", r.label().to_lowercase()), None);
        }
    }
    for g in &cp_plans.core_groups {
        add(g.held_on, "core_group", "Core group meeting".into(), Some(g.notes.clone()));
    }
    for r in &requests {
        let agency = Agency::from_code(&r.agency).map(|a| a.label()).unwrap_or("");
        add(r.requested_on, "request", format!("Information requested from {}", agency.to_lowercase()), Some(r.question.clone()));
    }
    // Entries from partner agencies carry their own agency as the source (one chronology, F1).
    for n in &notes {
        let source = SourceType::from_code(&n.source_type).map(|s| s.label()).unwrap_or("");
        let agency = match Agency::from_code(&n.agency) {
            Some(Agency::LocalAuthority) | None => la_name.clone(),
            Some(a) => a.label().to_owned(),
        };
        t.push(TimelineEntry {
            date: n.occurred_on,
            kind: "note".into(),
            title: source.to_owned(),
            detail: Some(n.note.clone()),
            source: agency,
            rank: rank_of("note"),
        });
    }
    t.sort_by_key(|e| std::cmp::Reverse((e.date, e.rank)));
    Ok(ChildFamilyHelp { child_id, episodes: views, timeline: t })
}

// ---------------------------------------------------------------------------------------------
// Work trays
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrayItem {
    pub child_id: Uuid,
    pub child_name: String,
    pub episode_id: Uuid,
    pub kind: String,
    pub label: String,
    pub due: NaiveDate,
    pub overdue: bool,
    /// When the clock last restarted (the last qualifying visit, oversight, review or core
    /// group); absent when nothing has met it yet.
    pub last_done: Option<NaiveDate>,
    pub last_done_text: Option<String>,
    pub lead: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseloadView {
    pub user_id: Uuid,
    pub name: String,
    pub role: String,
    pub open_cases: u32,
    pub cap: u32,
    pub at_or_over_cap: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkTray {
    /// What is due on my own children and families, most urgent first.
    pub mine: Vec<TrayItem>,
    /// Undecided contacts at the front door (T1), most overdue first.
    pub contacts: Vec<ContactView>,
    /// For managers: what is due across their teams, and each practitioner's caseload.
    pub team: Vec<TrayItem>,
    pub caseloads: Vec<CaseloadView>,
}

fn tray_items(
    rows: Vec<ff_store::family_help::TrayRow>,
    users: &[UserRow],
    s: &LaSettings,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> Vec<TrayItem> {
    let mut out = vec![];
    for r in rows {
        let lead = r.lead_id.and_then(|i| users.iter().find(|u| u.id == i));
        let facts = EpisodeFacts {
            level: Level::from_code(&r.level).unwrap_or(Level::ChildInNeed),
            referral_date: r.referral_date,
            under_one: r.date_of_birth.is_none_or(|d| ff_domain::people::age(Some(d), today) == Some(0)),
            lead_is_social_worker: lead.is_some_and(is_registered_sw),
            has_lead: lead.is_some(),
            last_visit: r.last_visit,
            last_oversight: r.last_oversight,
            assessment_due: r.assessment_due,
            plan_start: r.plan_start,
            last_review: r.last_review,
        };
        for d in due_for_episode(&facts, &s.family_help, cal, today) {
            let v = DueView::from(d);
            out.push(TrayItem {
                child_id: r.child_id,
                child_name: full_name(&r.given_name, &r.family_name),
                episode_id: r.episode_id,
                kind: v.kind,
                label: v.label,
                due: v.due,
                overdue: v.overdue,
                last_done: v.last_done,
                last_done_text: v.last_done_text,
                lead: lead.map(|u| u.display_name.clone()),
            });
        }
    }
    out.sort_by_key(|i| (i.due, i.child_name.clone()));
    out
}

pub async fn work_tray(db: &Db, ctx: &Ctx) -> Result<WorkTray> {
    ctx.authorise(Action::ViewWorkTray)?;
    let mut tx = db.begin().await?;
    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let today = ctx.today();
    let mine_rows = ff_store::family_help::tray(&mut tx, ctx.la(), TrayScope::User(ctx.actor.user_id), 500).await?;
    // A manager's view of their teams, read before the staff it names.
    let manager = ctx.actor.role == Role::PracticeSupervisor;
    let (team_rows, team_members) = if manager {
        let rows = ff_store::family_help::tray(&mut tx, ctx.la(), TrayScope::TeamsOf(ctx.actor.user_id), 2000).await?;
        let members = ff_store::users::members_of_teams_of(&mut tx, ctx.la(), ctx.actor.user_id).await?;
        (rows, members)
    } else {
        (vec![], vec![])
    };
    // Only the staff the tray names (issue 11 item 1), never every account of the council.
    let mentioned: Vec<Uuid> =
        mine_rows.iter().chain(&team_rows).flat_map(|r| [r.lead_id, r.overseer_id]).flatten().chain(team_members.iter().copied()).collect();
    let users = ff_store::users::get_many(&mut tx, ctx.la(), &mentioned).await?;
    let mut mine = tray_items(mine_rows, &users, &settings, &cal, today);
    // Child protection work this practitioner holds: conferences due (T9 initial, T13/T14
    // reviews), then for each open plan the next core group (T11/T12) and visit (T15).
    for c in ff_store::cp_plans::conferences_due(&mut tx, ctx.la(), Some(ctx.actor.user_id), 500).await? {
        let label = if c.kind == "initial" { "Initial child protection conference" } else { "Review child protection conference" };
        mine.push(TrayItem {
            child_id: c.child_id,
            child_name: full_name(&c.given_name, &c.family_name),
            episode_id: c.episode_id,
            kind: if c.kind == "initial" { "icpc".into() } else { "rcpc".into() },
            label: label.into(),
            due: c.due_on,
            overdue: c.due_on < today,
            last_done: None,
            last_done_text: None,
            lead: Some(ctx.actor.display_name.clone()),
        });
    }
    let cp = &settings.child_protection;
    for p in ff_store::cp_plans::open_plans_led_by(&mut tx, ctx.la(), ctx.actor.user_id, 500).await? {
        let core_group = ff_domain::child_protection::next_core_group_due(
            p.first_core_group_due,
            p.last_core_group,
            cp.core_group_interval_wd,
            &cal,
            settings.day_counting,
        );
        let visit = cal.add_working_days(p.last_visit.unwrap_or(p.start_date), cp.visit_interval_wd, settings.day_counting);
        for (kind, label, due, last_done) in [
            ("core_group", "Core group meeting", core_group, p.last_core_group),
            ("cp_visit", "Child protection visit: child seen alone", visit, p.last_visit),
        ] {
            mine.push(TrayItem {
                child_id: p.child_id,
                child_name: full_name(&p.given_name, &p.family_name),
                episode_id: p.episode_id,
                kind: kind.into(),
                label: label.into(),
                due,
                overdue: due < today,
                last_done,
                last_done_text: last_done_text(kind, last_done),
                lead: Some(ctx.actor.display_name.clone()),
            });
        }
    }
    // A new adult in the household, or a new address, of a child on a plan reaches the LCPP and
    // the family help lead until a visit sees the child there (CSPRP: men unknown to services).
    let adult_born_by = today.checked_sub_months(chrono::Months::new(12 * 18)).unwrap_or(today);
    for c in ff_store::cp_plans::household_changes_for(&mut tx, ctx.la(), ctx.actor.user_id, adult_born_by, 200).await? {
        let label = match c.kind.as_str() {
            "adult" => format!("New adult in the household: {}. Visit, see the child and find out who they are", c.what),
            _ => format!("New address ({}): visit the child at the new home", c.what),
        };
        let due = cal.add_working_days(c.since, 5, settings.day_counting);
        mine.push(TrayItem {
            child_id: c.child_id,
            child_name: full_name(&c.given_name, &c.family_name),
            episode_id: c.episode_id,
            kind: format!("household_{}", c.kind),
            label,
            due,
            overdue: due < today,
            last_done: None,
            last_done_text: None,
            lead: Some(ctx.actor.display_name.clone()),
        });
    }
    mine.sort_by_key(|i| (i.due, i.child_name.clone()));
    let contact_rows = ff_store::family_help::undecided_contacts(&mut tx, ctx.la(), 50).await?;
    let contacts = with_people(&mut tx, ctx, contact_rows).await?;
    let (team, caseloads) = if manager {
        let team = tray_items(team_rows, &users, &settings, &cal, today);
        let counts = ff_store::family_help::caseloads_of(&mut tx, ctx.la(), &team_members).await?;
        let teams_members = team_members;
        let caseloads = users
            .iter()
            .filter(|u| teams_members.contains(&u.id))
            .filter(|u| matches!(Role::from_code(&u.role), Some(Role::FamilyHelpPractitioner | Role::SocialWorker | Role::Lcpp)))
            .map(|u| {
                let open = counts.iter().find(|(id, _)| *id == u.id).map(|(_, n)| *n as u32).unwrap_or(0);
                let cap = cap_for(&settings, Role::from_code(&u.role));
                CaseloadView {
                    user_id: u.id,
                    name: u.display_name.clone(),
                    role: Role::from_code(&u.role).map(|r| r.label().to_owned()).unwrap_or_default(),
                    open_cases: open,
                    cap,
                    at_or_over_cap: open >= cap,
                }
            })
            .collect();
        (team, caseloads)
    } else {
        (vec![], vec![])
    };
    Ok(WorkTray { mine, contacts, team, caseloads })
}

/// A practitioner a manager can allocate, with their caseload against the cap for their role.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Allocatable {
    pub id: Uuid,
    pub display_name: String,
    pub role: String,
    pub role_label: String,
    pub open_cases: u32,
    pub cap: u32,
}

/// Practitioners a manager can allocate, each with their caseload against the LA's cap.
pub async fn allocatable_users(db: &Db, ctx: &Ctx) -> Result<Vec<Allocatable>> {
    ctx.authorise(Action::AllocateCase)?;
    let mut tx = db.begin().await?;
    let rows = ff_store::users::list(&mut tx, ctx.la(), 10_000, 0).await?;
    let counts = ff_store::family_help::caseloads(&mut tx, ctx.la()).await?;
    let (settings, _) = settings_and_calendar(&mut tx, ctx.la()).await?;
    Ok(rows
        .into_iter()
        .filter(|u| u.active)
        .map(|u| {
            let role = Role::from_code(&u.role);
            Allocatable {
                id: u.id,
                role_label: role.map(|r| r.label().to_owned()).unwrap_or_default(),
                open_cases: counts.iter().find(|(id, _)| *id == u.id).map(|(_, n)| *n as u32).unwrap_or(0),
                cap: cap_for(&settings, role),
                display_name: u.display_name,
                role: u.role,
            }
        })
        .collect())
}
