//! The front door: contacts, their people, the decision on each contact (within one working
//! day, T1) and feedback to the referrer.

use super::*;

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

pub(super) fn contact_view(c: ContactRow, people: Vec<ff_store::family_help::ContactPersonRow>, today: NaiveDate) -> ContactView {
    let professional = c.source.is_professional();
    ContactView {
        id: c.id,
        received_at: c.received_at,
        decision_due: c.decision_due,
        overdue: c.decision.is_none() && c.decision_due < today,
        source_label: c.source.label().to_owned(),
        consent_label: c.consent.label().to_owned(),
        channel_label: c.channel.label().to_owned(),
        channel: c.channel.code().to_owned(),
        source: c.source.code().to_owned(),
        referrer_name: c.referrer_name,
        referrer_organisation: c.referrer_organisation,
        professional_referrer: professional,
        concerns: c.concerns,
        consent: c.consent.code().to_owned(),
        consent_basis: c.consent_basis,
        decision_label: c.decision.map(|d| d.label().to_owned()),
        feedback_due: professional && c.decision.is_some() && c.feedback_at.is_none(),
        decision: c.decision.map(|d| d.code().to_owned()),
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

/// Record a contact at the front door. Its decision is due within one working day (T1).
pub async fn record_contact(db: &Db, ctx: &Ctx, input: &ContactInput) -> Result<ContactView> {
    ctx.authorise(Action::RecordContact)?;
    let (received_at, codes, mut errors) = parse_contact(ctx, input);
    let mut tx = db.begin().await?;
    let today = ctx.today();
    let people = load_contact_people(&mut tx, ctx, input).await?;
    check_contact_people(input, &people, received_at, today, &mut errors);
    errors.into_result(())?;
    let codes = codes.ok_or_else(|| ServiceError::Internal("validated contact codes missing".into()))?;
    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let row = new_contact(ctx, input, codes, received_at, &settings, &cal);
    ff_store::family_help::insert_contact(&mut tx, &row).await?;
    for id in &input.child_ids {
        ff_store::family_help::add_contact_person(&mut tx, ctx.la(), row.id, *id, true).await?;
    }
    for id in &input.adult_ids {
        ff_store::family_help::add_contact_person(&mut tx, ctx.la(), row.id, *id, false).await?;
    }
    let note = format!("contact recorded about {}", ff_domain::text::plural(input.child_ids.len(), "child", "children"));
    audit(&mut tx, ctx, "create", "contact", Some(row.id.to_string()), note).await?;
    let people = ff_store::family_help::contact_people(&mut tx, ctx.la(), row.id).await?;
    tx.commit().await?;
    Ok(contact_view(row, people, today))
}

/// Reads the contact form: when it arrived (not in the future), how, from whom, the concerns,
/// consent or the lawful basis without it (R-FD-2), and at least one child; with the mistakes.
/// The codes read are returned when all three were known.
fn parse_contact(ctx: &Ctx, input: &ContactInput) -> (DateTime<Utc>, Option<ContactCodes>, ValidationErrors) {
    let mut errors = ValidationErrors::new();
    let received_at = input.received_at.unwrap_or(ctx.now);
    if received_at > ctx.now {
        errors.add("received_at", "The time the contact arrived cannot be in the future");
    }
    let channel = ContactChannel::from_code(input.channel.trim());
    if channel.is_none() {
        errors.add("channel", "Select how the contact arrived");
    }
    let source = ReferralSource::from_code(input.source.trim());
    if source.is_none() {
        errors.add("source", "Select who made the contact (a CIN census referral source)");
    }
    if input.concerns.trim().is_empty() {
        errors.add("concerns", "Describe the concerns, in the referrer's words where possible");
    }
    let consent = Consent::from_code(input.consent.trim());
    match consent {
        None => errors.add("consent", "Select whether consent was given"),
        Some(Consent::Given) => {}
        Some(_) if trimmed(&input.consent_basis).is_none() => errors
            .add("consent_basis", "Without consent, record the lawful basis for sharing and why consent was not sought or was overridden"),
        Some(_) => {}
    }
    if input.child_ids.is_empty() {
        errors.add("child_ids", "Add at least one child the contact is about");
    }
    let codes = match (channel, source, consent) {
        (Some(channel), Some(source), Some(consent)) => Some(ContactCodes { channel, source, consent }),
        _ => None,
    };
    (received_at, codes, errors)
}

/// How a contact arrived, from whom, and the consent given, as read from the form.
struct ContactCodes {
    channel: ContactChannel,
    source: ReferralSource,
    consent: Consent,
}

/// Reads each person the contact names, children first, one by one as before.
async fn load_contact_people(tx: &mut Tx, ctx: &Ctx, input: &ContactInput) -> Result<Vec<(Uuid, Option<ff_store::people::PersonRow>)>> {
    let mut people = vec![];
    for id in input.child_ids.iter().chain(input.adult_ids.iter()) {
        people.push((*id, ff_store::people::get_person(tx, ctx.la(), *id).await?));
    }
    Ok(people)
}

/// Each person named must be in the register and not merged; each child a child when the contact
/// arrived, and born (or expected) by then.
fn check_contact_people(
    input: &ContactInput,
    people: &[(Uuid, Option<ff_store::people::PersonRow>)],
    received_at: DateTime<Utc>,
    today: NaiveDate,
    errors: &mut ValidationErrors,
) {
    for (id, person) in people {
        match person {
            None => errors.add("child_ids", format!("No person with id {id} in the register")),
            Some(p) if p.merged_into.is_some() => {
                errors.add("child_ids", "A chosen record was merged into another: choose the surviving record")
            }
            // A child on the day the contact arrived (one recorded late may be about someone who
            // has turned 18 since).
            Some(p)
                if input.child_ids.contains(id)
                    && !is_child(p.date_of_birth, p.expected_date_of_birth, ff_domain::calendar::london_date(received_at).min(today)) =>
            {
                errors.add("child_ids", format!("{} is not a child", full_name(&p.given_name, &p.family_name)))
            }
            // A contact about a child cannot have arrived before the child (or the pregnancy).
            Some(p) if input.child_ids.contains(id) => {
                let arrived = ff_domain::calendar::london_date(received_at);
                if let Err(why) = ff_domain::people::check_not_before_birth(arrived, p.date_of_birth, p.expected_date_of_birth) {
                    errors.add("received_at", format!("The date the contact arrived {why}: {}", full_name(&p.given_name, &p.family_name)));
                }
            }
            _ => {}
        }
    }
}

/// The new contact as recorded, its decision due within one working day (T1).
fn new_contact(
    ctx: &Ctx,
    input: &ContactInput,
    codes: ContactCodes,
    received_at: DateTime<Utc>,
    settings: &LaSettings,
    cal: &WorkingCalendar,
) -> ContactRow {
    let received_on = ff_domain::calendar::london_date(received_at);
    ContactRow {
        la_code: ctx.la().to_owned(),
        id: ctx.new_id(),
        received_at,
        received_on,
        decision_due: contact_decision_due(received_on, cal, settings.day_counting),
        channel: codes.channel,
        source: codes.source,
        referrer_name: trimmed(&input.referrer_name),
        referrer_organisation: trimmed(&input.referrer_organisation),
        concerns: input.concerns.trim().to_owned(),
        consent: codes.consent,
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
    }
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
pub(super) async fn with_people(tx: &mut Tx, ctx: &Ctx, rows: Vec<ContactRow>) -> Result<Vec<ContactView>> {
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
    let (decision, need) = parse_decision(input)?;
    let mut tx = db.begin().await?;
    let mut c = load_undecided_contact(&mut tx, ctx, id, input).await?;
    let decided_at = input.decided_at.unwrap_or(ctx.now);
    if decided_at > ctx.now || decided_at < c.received_at {
        return Err(field_err("decided_at", "The decision time must be after the contact arrived and not in the future"));
    }
    c.decision = Some(decision);
    c.decision_reason = Some(input.reason.trim().to_owned());
    c.decided_at = Some(decided_at);
    c.decided_by = Some(ctx.actor.user_id);
    let read = c.version;
    let c = crate::versioned::save(&mut tx, ctx, read, c, "decide", format!("contact decided: {}", decision.code())).await?;
    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let people = ff_store::family_help::contact_people(&mut tx, ctx.la(), id).await?;
    let mut opened = vec![];
    if decision.opens_episode() {
        let need = need.unwrap_or(PrimaryNeed::N0);
        for child in people.iter().filter(|p| p.is_child) {
            let opening = Opening { contact: &c, decision, need, decided_at, settings: &settings, cal: &cal };
            opened.extend(open_episode(&mut tx, ctx, &opening, child.person_id).await?);
        }
    }
    tx.commit().await?;
    Ok(DecisionResult { contact: contact_view(c, people, ctx.today()), episodes: opened })
}

/// Reads the decision form: a decision, a reason, and a primary need (N0–N9) where the decision
/// opens an episode; every mistake in one round.
fn parse_decision(input: &DecisionInput) -> Result<(ContactDecision, Option<PrimaryNeed>)> {
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
    Ok((decision, need))
}

/// Reads the contact, not yet decided (a lost race is a conflict) and at the version the form read.
async fn load_undecided_contact(tx: &mut Tx, ctx: &Ctx, id: Uuid, input: &DecisionInput) -> Result<ContactRow> {
    let c = ff_store::family_help::get_contact(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("contact"))?;
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
    Ok(c)
}

/// The decided contact an episode is opened from, with the council's settings and calendar.
struct Opening<'a> {
    contact: &'a ContactRow,
    decision: ContactDecision,
    need: PrimaryNeed,
    decided_at: DateTime<Utc>,
    settings: &'a LaSettings,
    cal: &'a WorkingCalendar,
}

/// Opens the child's episode (a referral) unless one is open already, at its level, starting
/// the assessment for a referral for assessment (T3), and audits it.
async fn open_episode(tx: &mut Tx, ctx: &Ctx, o: &Opening<'_>, child_id: Uuid) -> Result<Option<Uuid>> {
    let episodes = ff_store::family_help::episodes_for_child(tx, ctx.la(), child_id).await?;
    if episodes.iter().any(|e| e.closure_date.is_none()) {
        return Ok(None);
    }
    let closures: Vec<NaiveDate> = episodes.iter().filter_map(|e| e.closure_date).collect();
    let e = new_episode(ctx, o, child_id, &closures);
    ff_store::family_help::insert_episode(tx, &e).await?;
    // Version 1 kept like every later one (decision 0013).
    ff_store::versions::record_version(tx, ctx.la(), "episode", e.id, e.version, &e, Some(ctx.actor.user_id), ctx.now).await?;
    let level = LevelRow {
        id: ctx.new_id(),
        episode_id: e.id,
        level: e.level,
        from_date: e.referral_date,
        reason: Some("opened at the front door".into()),
        recorded_at: ctx.now,
        recorded_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_level(tx, ctx.la(), &level).await?;
    if o.decision == ContactDecision::ReferralForAssessment {
        let start = ff_domain::calendar::london_date(o.decided_at);
        let a = new_assessment(ctx, e.id, start, assessment_due(e.referral_date, o.cal, o.settings.day_counting));
        crate::assessments::insert_with_document(tx, ctx, &a).await?;
    }
    let note = if e.rereferral { "episode opened (re-referral within 12 months)" } else { "episode opened" };
    audit(tx, ctx, "create", "episode", Some(e.id.to_string()), note).await?;
    Ok(Some(e.id))
}

/// The child's new episode: targeted early help for a family help decision, else child in
/// need; a re-referral when an episode closed within 12 months.
fn new_episode(ctx: &Ctx, o: &Opening<'_>, child_id: Uuid, closures: &[NaiveDate]) -> EpisodeRow {
    let c = o.contact;
    let level = if o.decision == ContactDecision::FamilyHelp { Level::TargetedEarlyHelp } else { Level::ChildInNeed };
    EpisodeRow {
        la_code: ctx.la().to_owned(),
        id: ctx.new_id(),
        child_id,
        contact_id: Some(c.id),
        referral_date: c.received_on,
        referral_source: c.source,
        primary_need: o.need,
        level,
        rereferral: is_rereferral(c.received_on, closures),
        lead_id: None,
        overseer_id: None,
        closure_date: None,
        closure_reason: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    }
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
    if c.feedback_at.is_some() || c.version != input.version {
        return Err(stale("contact", c.version));
    }
    let read = c.version;
    let told = ContactRow { feedback_at: Some(ctx.now), feedback_note: Some(input.note.trim().to_owned()), ..c };
    crate::versioned::save(&mut tx, ctx, read, told, "update", "feedback to the referrer recorded").await?;
    tx.commit().await?;
    Ok(())
}

crate::versioned::aggregate!(ContactRow, "contact", "contact", |c, tx, la, read| ff_store::family_help::update_contact(tx, la, c, read));
