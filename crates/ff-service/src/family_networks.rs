//! Family networks (issue 5): the network map around a child (from the people register), family
//! group decision making (FGDM) with the offer to each person with parental responsibility,
//! pre-proceedings under the Public Law Outline with the FGDM duty (R-PLO-1, R-PLO-2), and
//! kinship care arrangements. Support packages are in `support_packages`.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::family_networks::{
    ApplicationKind, Capacity, FgdmStage, FgdmState, GatewayDecision, KinshipKind, OfferAnswer, Willingness, check_application,
    check_letter, fgdm_state,
};
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::family_networks::{FgdmRow, KinshipRow, MemberRow, OfferRow, PloMeetingRow, PloRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit};
use crate::{field_err, settings_and_calendar, stale, trimmed};

fn not_future(ctx: &Ctx, d: NaiveDate, field: &str, errors: &mut ValidationErrors) {
    if d > ctx.today() {
        errors.add(field, "The date cannot be in the future");
    }
}

async fn person_exists(tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid, field: &str) -> Result<()> {
    match ff_store::people::get_person(tx, ctx.la(), id).await? {
        Some(_) => Ok(()),
        None => Err(field_err(field, "Choose a person from the register")),
    }
}

// --- the network map --------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = NetworkMemberInput)]
pub struct MemberInput {
    /// A person in the register (add them to the register first).
    pub person_id: Uuid,
    /// How they are related or connected to the child, in words ("maternal aunt", "family friend").
    pub relationship: String,
    pub contact_details: Option<String>,
    /// willing, unsure, unwilling or not_asked.
    pub willingness: String,
    /// full_time_care, short_breaks, practical, emotional or limited.
    pub capacity: Option<String>,
    /// Invited to family meetings.
    #[serde(default)]
    pub invited: bool,
    pub note: Option<String>,
    /// When changing an entry: the version read.
    pub version: Option<i32>,
}

/// What is wrong with a network entry before anything is looked up; the form asks it too, so a
/// missing person and the rest are reported together.
pub fn member_errors(input: &MemberInput) -> ValidationErrors {
    let mut e = ValidationErrors::new();
    if input.relationship.trim().is_empty() {
        e.add("relationship", "Say how they are related or connected to the child");
    }
    if Willingness::from_code(input.willingness.trim()).is_none() {
        e.add("willingness", "Say whether they are willing to help");
    }
    if let Some(c) = trimmed(&input.capacity)
        && Capacity::from_code(&c).is_none()
    {
        e.add("capacity", "Choose what they could offer from the list");
    }
    e
}

/// Add someone to the child's network map.
pub async fn add_member(db: &Db, ctx: &Ctx, child: Uuid, input: &MemberInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    member_errors(input).into_result(())?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnFamilyNetwork, child).await?;
    person_exists(&mut tx, ctx, child, "child").await?;
    person_exists(&mut tx, ctx, input.person_id, "person_id").await?;
    if input.person_id == child {
        return Err(field_err("person_id", "Choose someone other than the child"));
    }
    let net = ff_store::family_networks::for_child(&mut tx, ctx.la(), child).await?;
    if net.members.iter().any(|m| m.person_id == input.person_id) {
        return Err(field_err("person_id", "This person is already in the child's network: change their entry instead"));
    }
    let row = MemberRow {
        id: ctx.new_id(),
        child_id: child,
        person_id: input.person_id,
        relationship: input.relationship.trim().into(),
        contact_details: trimmed(&input.contact_details),
        willingness: input.willingness.trim().into(),
        capacity: trimmed(&input.capacity),
        invited: input.invited,
        note: trimmed(&input.note),
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_networks::insert_member(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "network_member", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "network_member", Some(row.id.to_string()), "network member added").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Change a network entry (willingness, capacity, invitation…), versioned.
pub async fn update_member(db: &Db, ctx: &Ctx, id: Uuid, input: &MemberInput) -> Result<()> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    member_errors(input).into_result(())?;
    let mut tx = db.begin().await?;
    let mut m = ff_store::family_networks::get_member(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("network member"))?;
    ctx.authorise_child(&mut tx, Action::WorkOnFamilyNetwork, m.child_id).await?;
    let expected = input.version.unwrap_or(0);
    if m.version != expected {
        return Err(stale("network entry", m.version));
    }
    m.relationship = input.relationship.trim().into();
    m.contact_details = trimmed(&input.contact_details);
    m.willingness = input.willingness.trim().into();
    m.capacity = trimmed(&input.capacity);
    m.invited = input.invited;
    m.note = trimmed(&input.note);
    m.version += 1;
    if !ff_store::family_networks::update_member(&mut tx, ctx.la(), &m, expected).await? {
        return Err(stale("network entry", expected + 1));
    }
    ff_store::versions::record_version(&mut tx, ctx.la(), "network_member", m.id, m.version, &m, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "update", "network_member", Some(id.to_string()), "network member changed").await?;
    tx.commit().await?;
    Ok(())
}

// --- family group decision making -------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct FgdmInput {
    /// family_help, child_protection or pre_proceedings.
    pub stage: String,
    pub referred_on: NaiveDate,
    /// The FGDM coordinator (usually independent of the case).
    pub coordinator: Option<String>,
}

/// Refer the family for family group decision making.
pub async fn start_fgdm(db: &Db, ctx: &Ctx, child: Uuid, input: &FgdmInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    let mut e = ValidationErrors::new();
    if FgdmStage::from_code(input.stage.trim()).is_none() {
        e.add("stage", "Choose the stage: family help, child protection or pre-proceedings");
    }
    not_future(ctx, input.referred_on, "referred_on", &mut e);
    e.into_result(())?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnFamilyNetwork, child).await?;
    person_exists(&mut tx, ctx, child, "child").await?;
    let row = FgdmRow {
        id: ctx.new_id(),
        child_id: child,
        stage: input.stage.trim().into(),
        state: FgdmState::Referred.code().into(),
        referred_on: input.referred_on,
        coordinator: trimmed(&input.coordinator),
        meeting_on: None,
        private_family_time: None,
        plan_proposed: None,
        plan_agreed: None,
        agreed_on: None,
        review_on: None,
        outcome: None,
        exemption_reason: None,
        no_network_reason: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_networks::insert_fgdm(&mut tx, ctx.la(), &row).await?;
    audit(&mut tx, ctx, "create", "fgdm", Some(row.id.to_string()), "family group decision making referral").await?;
    tx.commit().await?;
    Ok(row.id)
}

async fn load_fgdm(tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid, version: Option<i32>) -> Result<FgdmRow> {
    let f = ff_store::family_networks::get_fgdm(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("family group decision making"))?;
    ctx.authorise_child(tx, Action::WorkOnFamilyNetwork, f.child_id).await?;
    if let Some(v) = version
        && v != f.version
    {
        return Err(stale("family group decision making record", f.version));
    }
    Ok(f)
}

/// Recompute the FGDM's state from its offers and dates, and save it (version-checked).
async fn save_fgdm(tx: &mut ff_store::Tx, ctx: &Ctx, mut f: FgdmRow, what: &str) -> Result<FgdmState> {
    let offers = ff_store::family_networks::offers_of(tx, ctx.la(), f.id).await?;
    let answers: Vec<Option<OfferAnswer>> = offers.iter().map(|o| o.answer.as_deref().and_then(OfferAnswer::from_code)).collect();
    let held = f.meeting_on.is_some_and(|d| d <= ctx.today()) && f.plan_proposed.is_some();
    let state = fgdm_state(&answers, f.meeting_on.is_some(), held, f.plan_agreed.is_some(), f.exemption_reason.is_some());
    let expected = f.version;
    f.state = state.code().into();
    f.version += 1;
    if !ff_store::family_networks::update_fgdm(tx, ctx.la(), &f, expected).await? {
        return Err(stale("family group decision making record", expected + 1));
    }
    audit(tx, ctx, "update", "fgdm", Some(f.id.to_string()), format!("{what}: {}", state.code())).await?;
    Ok(state)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OfferInput {
    /// A person with parental responsibility for the child.
    pub person_id: Uuid,
    pub offered_on: NaiveDate,
}

/// Offer the FGDM meeting to a person with parental responsibility (R-PLO-2).
pub async fn offer(db: &Db, ctx: &Ctx, fgdm_id: Uuid, input: &OfferInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    let mut tx = db.begin().await?;
    let f = load_fgdm(&mut tx, ctx, fgdm_id, None).await?;
    let mut e = ValidationErrors::new();
    not_future(ctx, input.offered_on, "offered_on", &mut e);
    if input.offered_on < f.referred_on {
        e.add("offered_on", "The offer cannot be before the referral");
    }
    e.into_result(())?;
    // The offer goes to people with parental responsibility for the child.
    let relatives = ff_store::people::relatives_of(&mut tx, ctx.la(), f.child_id).await?;
    if !relatives.iter().any(|r| r.other_id == input.person_id && !r.outgoing && r.parental_responsibility && r.end_date.is_none()) {
        return Err(field_err("person_id", "Choose someone recorded as holding parental responsibility for the child"));
    }
    let existing = ff_store::family_networks::offers_of(&mut tx, ctx.la(), fgdm_id).await?;
    if existing.iter().any(|o| o.person_id == input.person_id) {
        return Err(field_err("person_id", "The offer to this person is already recorded"));
    }
    let row = OfferRow {
        id: ctx.new_id(),
        fgdm_id,
        person_id: input.person_id,
        offered_on: input.offered_on,
        answer: None,
        answered_on: None,
        version: 1,
    };
    ff_store::family_networks::insert_offer(&mut tx, ctx.la(), &row, ctx.now, ctx.actor.user_id).await?;
    save_fgdm(&mut tx, ctx, f, "offer recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FgdmAnswerInput)]
pub struct AnswerInput {
    /// accepted or declined.
    pub answer: String,
    pub answered_on: NaiveDate,
    pub version: i32,
}

/// Record a parent's answer to the offer.
pub async fn answer_offer(db: &Db, ctx: &Ctx, offer_id: Uuid, input: &AnswerInput) -> Result<()> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    let mut e = ValidationErrors::new();
    let answer = OfferAnswer::from_code(input.answer.trim());
    if answer.is_none() {
        e.add("answer", "Record whether they accepted or declined");
    }
    let mut tx = db.begin().await?;
    let o = ff_store::family_networks::get_offer(&mut tx, ctx.la(), offer_id).await?.ok_or(ServiceError::NotFound("offer"))?;
    let f = load_fgdm(&mut tx, ctx, o.fgdm_id, None).await?;
    if input.answered_on < o.offered_on || input.answered_on > ctx.today() {
        e.add("answered_on", "The answer's date must be between the offer and today");
    }
    let answer = e.into_result(answer)?.ok_or_else(|| field_err("answer", "Record whether they accepted or declined"))?;
    if !ff_store::family_networks::answer_offer(&mut tx, ctx.la(), offer_id, answer.code(), input.answered_on, input.version).await? {
        return Err(stale("offer", o.version));
    }
    save_fgdm(&mut tx, ctx, f, "answer recorded").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MeetingInput {
    pub meeting_on: NaiveDate,
    /// Whether the family had private family time.
    pub private_family_time: Option<bool>,
    /// The family's plan as they proposed it (recorded once the meeting is held).
    pub plan_proposed: Option<String>,
    pub version: i32,
}

/// Arrange the meeting, or record it as held with the family's proposed plan.
pub async fn record_meeting(db: &Db, ctx: &Ctx, fgdm_id: Uuid, input: &MeetingInput) -> Result<FgdmState> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    let mut tx = db.begin().await?;
    let mut f = load_fgdm(&mut tx, ctx, fgdm_id, Some(input.version)).await?;
    if input.meeting_on < f.referred_on {
        return Err(field_err("meeting_on", "The meeting cannot be before the referral"));
    }
    let proposed = trimmed(&input.plan_proposed);
    if proposed.is_some() && input.meeting_on > ctx.today() {
        return Err(field_err("plan_proposed", "Record the family's plan after the meeting has been held"));
    }
    f.meeting_on = Some(input.meeting_on);
    f.private_family_time = input.private_family_time;
    f.plan_proposed = proposed;
    let state = save_fgdm(&mut tx, ctx, f, "meeting recorded").await?;
    tx.commit().await?;
    Ok(state)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AgreeInput {
    /// The plan as the council agreed it.
    pub plan_agreed: String,
    pub agreed_on: NaiveDate,
    pub review_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub version: i32,
}

/// The council agrees the family's plan.
pub async fn agree_plan(db: &Db, ctx: &Ctx, fgdm_id: Uuid, input: &AgreeInput) -> Result<()> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    let mut tx = db.begin().await?;
    let mut f = load_fgdm(&mut tx, ctx, fgdm_id, Some(input.version)).await?;
    let mut e = ValidationErrors::new();
    if f.plan_proposed.is_none() {
        e.add("plan_agreed", "Record the meeting and the family's proposed plan first");
    }
    if input.plan_agreed.trim().is_empty() {
        e.add("plan_agreed", "Record the plan as agreed");
    }
    not_future(ctx, input.agreed_on, "agreed_on", &mut e);
    if input.review_on.is_some_and(|r| r <= input.agreed_on) {
        e.add("review_on", "The review must be after the plan is agreed");
    }
    e.into_result(())?;
    f.plan_agreed = Some(input.plan_agreed.trim().into());
    f.agreed_on = Some(input.agreed_on);
    f.review_on = input.review_on;
    f.outcome = trimmed(&input.outcome);
    save_fgdm(&mut tx, ctx, f, "plan agreed").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ExemptInput {
    /// Why offering or holding the meeting is not in the child's best interests (R-PLO-2).
    pub reason: String,
    pub version: i32,
}

/// Record the best-interests exemption from the FGDM duty.
pub async fn exempt(db: &Db, ctx: &Ctx, fgdm_id: Uuid, input: &ExemptInput) -> Result<()> {
    // An exemption is a manager's decision with pre-proceedings.
    ctx.authorise(Action::ManagePreProceedings)?;
    if input.reason.trim().is_empty() {
        return Err(field_err("reason", "Record why the meeting is not in the child's best interests"));
    }
    let mut tx = db.begin().await?;
    let mut f = load_fgdm(&mut tx, ctx, fgdm_id, Some(input.version)).await?;
    f.exemption_reason = Some(input.reason.trim().into());
    save_fgdm(&mut tx, ctx, f, "exempted").await?;
    tx.commit().await?;
    Ok(())
}

// --- pre-proceedings ---------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct GatewayInput {
    pub gateway_on: NaiveDate,
    /// pre_proceedings, issue_proceedings or not_met.
    pub decision: String,
    /// The FGDM this pre-proceedings relies on, if one exists.
    pub fgdm_id: Option<Uuid>,
}

/// Record the legal gateway (legal planning) meeting's decision (R-PLO-1).
pub async fn gateway(db: &Db, ctx: &Ctx, child: Uuid, input: &GatewayInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePreProceedings)?;
    let mut e = ValidationErrors::new();
    if GatewayDecision::from_code(input.decision.trim()).is_none() {
        e.add("decision", "Record the legal gateway decision");
    }
    not_future(ctx, input.gateway_on, "gateway_on", &mut e);
    e.into_result(())?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ManagePreProceedings, child).await?;
    person_exists(&mut tx, ctx, child, "child").await?;
    if let Some(f) = input.fgdm_id {
        let fg = load_fgdm(&mut tx, ctx, f, None).await?;
        if fg.child_id != child {
            return Err(field_err("fgdm_id", "Choose this child's family group decision making"));
        }
    }
    let row = PloRow {
        id: ctx.new_id(),
        child_id: child,
        fgdm_id: input.fgdm_id,
        gateway_on: input.gateway_on,
        gateway_decision: input.decision.trim().into(),
        letter_sent_on: None,
        letter_includes_fgdm_offer: None,
        application_issued_on: None,
        application_kind: None,
        outcome: None,
        ended_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_networks::insert_plo(&mut tx, ctx.la(), &row).await?;
    audit(&mut tx, ctx, "create", "plo", Some(row.id.to_string()), format!("legal gateway: {}", row.gateway_decision)).await?;
    tx.commit().await?;
    Ok(row.id)
}

async fn load_plo(tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid, version: i32) -> Result<PloRow> {
    let p = ff_store::family_networks::get_plo(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("pre-proceedings"))?;
    ctx.authorise_child(tx, Action::ManagePreProceedings, p.child_id).await?;
    if p.version != version {
        return Err(stale("pre-proceedings record", p.version));
    }
    if p.ended_on.is_some() {
        return Err(field_err("version", "This pre-proceedings has ended"));
    }
    Ok(p)
}

async fn save_plo(tx: &mut ff_store::Tx, ctx: &Ctx, mut p: PloRow, what: &str) -> Result<()> {
    let expected = p.version;
    p.version += 1;
    if !ff_store::family_networks::update_plo(tx, ctx.la(), &p, expected).await? {
        return Err(stale("pre-proceedings record", expected + 1));
    }
    audit(tx, ctx, "update", "plo", Some(p.id.to_string()), what.to_owned()).await?;
    Ok(())
}

/// The FGDM a pre-proceedings relies on: its own, or else the child's latest.
async fn fgdm_for(tx: &mut ff_store::Tx, ctx: &Ctx, p: &PloRow) -> Result<Option<(FgdmRow, usize)>> {
    let net = ff_store::family_networks::for_child(tx, ctx.la(), p.child_id).await?;
    let f = match p.fgdm_id {
        Some(id) => net.fgdms.into_iter().find(|f| f.id == id),
        None => net.fgdms.into_iter().last(),
    };
    Ok(f.map(|f| {
        let offers = net.offers.iter().filter(|o| o.fgdm_id == f.id).count();
        (f, offers)
    }))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LetterInput {
    pub sent_on: NaiveDate,
    /// The letter includes the offer of an FGDM meeting (R-PLO-2).
    pub includes_fgdm_offer: bool,
    pub version: i32,
}

/// Record the letter before proceedings as sent. R-PLO-2: it must carry the FGDM offer, and the
/// offer must be on the record.
pub async fn send_letter(db: &Db, ctx: &Ctx, plo_id: Uuid, input: &LetterInput) -> Result<()> {
    ctx.authorise(Action::ManagePreProceedings)?;
    let mut tx = db.begin().await?;
    let mut p = load_plo(&mut tx, ctx, plo_id, input.version).await?;
    let (settings, _) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let commenced = settings.family_networks.plo_fgdm_duty_commenced;
    let fgdm = fgdm_for(&mut tx, ctx, &p).await?;
    let exempted = fgdm.as_ref().is_some_and(|(f, _)| f.exemption_reason.is_some());
    let offer_recorded = fgdm.as_ref().is_some_and(|(_, offers)| *offers > 0);
    check_letter(commenced, input.includes_fgdm_offer, offer_recorded, exempted)?;
    if p.fgdm_id.is_none() {
        p.fgdm_id = fgdm.map(|(f, _)| f.id);
    }
    if input.sent_on < p.gateway_on || input.sent_on > ctx.today() {
        return Err(field_err("sent_on", "The letter's date must be between the gateway decision and today"));
    }
    p.letter_sent_on = Some(input.sent_on);
    p.letter_includes_fgdm_offer = Some(input.includes_fgdm_offer);
    save_plo(&mut tx, ctx, p, "letter before proceedings sent").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PloMeetingInput {
    pub held_on: NaiveDate,
    pub note: String,
}

/// Record a pre-proceedings meeting.
pub async fn plo_meeting(db: &Db, ctx: &Ctx, plo_id: Uuid, input: &PloMeetingInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePreProceedings)?;
    let mut tx = db.begin().await?;
    let p = ff_store::family_networks::get_plo(&mut tx, ctx.la(), plo_id).await?.ok_or(ServiceError::NotFound("pre-proceedings"))?;
    ctx.authorise_child(&mut tx, Action::ManagePreProceedings, p.child_id).await?;
    let mut e = ValidationErrors::new();
    if input.note.trim().is_empty() {
        e.add("note", "Record what was agreed at the meeting");
    }
    not_future(ctx, input.held_on, "held_on", &mut e);
    if p.letter_sent_on.is_none_or(|l| input.held_on < l) {
        e.add("held_on", "A pre-proceedings meeting follows the letter before proceedings");
    }
    e.into_result(())?;
    let row = PloMeetingRow { id: ctx.new_id(), plo_id, held_on: input.held_on, note: input.note.trim().into() };
    ff_store::family_networks::insert_plo_meeting(&mut tx, ctx.la(), &row, ctx.now, ctx.actor.user_id).await?;
    audit(&mut tx, ctx, "create", "plo_meeting", Some(row.id.to_string()), "pre-proceedings meeting recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ApplicationInput {
    pub issued_on: NaiveDate,
    /// care or supervision.
    pub kind: String,
    pub version: i32,
}

/// Record a care or supervision application as issued. R-PLO-2: only once an FGDM meeting was
/// held, everyone offered declined, or a best-interests exemption is recorded.
pub async fn issue_application(db: &Db, ctx: &Ctx, plo_id: Uuid, input: &ApplicationInput) -> Result<()> {
    ctx.authorise(Action::ManagePreProceedings)?;
    let mut e = ValidationErrors::new();
    let kind = ApplicationKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "Choose a care or a supervision order");
    }
    let mut tx = db.begin().await?;
    let mut p = load_plo(&mut tx, ctx, plo_id, input.version).await?;
    if input.issued_on < p.gateway_on || input.issued_on > ctx.today() {
        e.add("issued_on", "The date must be between the gateway decision and today");
    }
    let kind = e.into_result(kind)?.ok_or_else(|| field_err("kind", "Choose a care or a supervision order"))?;
    let (settings, _) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let state = fgdm_for(&mut tx, ctx, &p).await?.and_then(|(f, _)| FgdmState::from_code(&f.state));
    check_application(settings.family_networks.plo_fgdm_duty_commenced, state)?;
    p.application_issued_on = Some(input.issued_on);
    p.application_kind = Some(kind.code().into());
    save_plo(&mut tx, ctx, p, "application issued").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EndPloInput {
    pub ended_on: NaiveDate,
    /// What happened: for example "Stepped down to child protection plan", "Proceedings issued".
    pub outcome: String,
    pub version: i32,
}

pub async fn end_plo(db: &Db, ctx: &Ctx, plo_id: Uuid, input: &EndPloInput) -> Result<()> {
    ctx.authorise(Action::ManagePreProceedings)?;
    let mut e = ValidationErrors::new();
    if input.outcome.trim().is_empty() {
        e.add("outcome", "Record the outcome of pre-proceedings");
    }
    let mut tx = db.begin().await?;
    let mut p = load_plo(&mut tx, ctx, plo_id, input.version).await?;
    if input.ended_on < p.gateway_on || input.ended_on > ctx.today() {
        e.add("ended_on", "The date must be between the gateway decision and today");
    }
    e.into_result(())?;
    p.ended_on = Some(input.ended_on);
    p.outcome = Some(input.outcome.trim().into());
    save_plo(&mut tx, ctx, p, "pre-proceedings ended").await?;
    tx.commit().await?;
    Ok(())
}

// --- kinship care ------------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct KinshipInput {
    /// The kinship carer (from the child's network).
    pub carer_id: Uuid,
    /// informal, kinship_foster_care, child_arrangements_order or special_guardianship.
    pub kind: String,
    pub start_date: NaiveDate,
    /// Training offered to the carer.
    #[serde(default)]
    pub training: bool,
    /// A weekly allowance, in pence.
    pub weekly_allowance_pence: Option<i64>,
    pub other_support: Option<String>,
}

/// Record a kinship care arrangement with a carer from the child's network.
pub async fn add_kinship(db: &Db, ctx: &Ctx, child: Uuid, input: &KinshipInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    let mut e = ValidationErrors::new();
    if KinshipKind::from_code(input.kind.trim()).is_none() {
        e.add("kind", "Choose the kind of arrangement");
    }
    if input.weekly_allowance_pence.is_some_and(|a| !(0..=100_000).contains(&a)) {
        e.add("weekly_allowance_pence", "Enter a weekly allowance from £0 to £1,000");
    }
    not_future(ctx, input.start_date, "start_date", &mut e);
    e.into_result(())?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnFamilyNetwork, child).await?;
    let net = ff_store::family_networks::for_child(&mut tx, ctx.la(), child).await?;
    if !net.members.iter().any(|m| m.person_id == input.carer_id) {
        return Err(field_err("carer_id", "Add the carer to the child's family network first"));
    }
    let row = KinshipRow {
        id: ctx.new_id(),
        child_id: child,
        carer_id: input.carer_id,
        kind: input.kind.trim().into(),
        start_date: input.start_date,
        end_date: None,
        training: input.training,
        weekly_allowance_pence: input.weekly_allowance_pence,
        other_support: trimmed(&input.other_support),
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_networks::insert_kinship(&mut tx, ctx.la(), &row).await?;
    let moved = move_child_to_carer(&mut tx, ctx, child, input.carer_id, input.start_date).await?;
    let summary = if moved { "; the child's household now the carer's" } else { "" };
    audit(&mut tx, ctx, "create", "kinship", Some(row.id.to_string()), format!("kinship arrangement: {}{summary}", row.kind)).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A child in kinship care lives with the carer (issue 12 item 6: the child's page, the
/// assessment's significant adults and every other reader of the household must tell the same
/// story). The child's current "lives in" memberships end the day the arrangement starts, and the
/// child joins the carer's household from that day (a new household with the carer if the carer
/// has none recorded). Each membership change is a kept version. `false` when the child already
/// lives in the carer's household.
async fn move_child_to_carer(tx: &mut ff_store::Tx, ctx: &Ctx, child: Uuid, carer: Uuid, start: NaiveDate) -> Result<bool> {
    use ff_store::people::{HouseholdMemberView, MemberRow};
    let la = ctx.la();
    let lives = |m: &&HouseholdMemberView, who: Uuid| m.person_id == who && m.membership == "lives_in" && m.end_date.is_none();
    let child_rows = ff_store::people::households_of(tx, la, child).await?;
    let carer_rows = ff_store::people::households_of(tx, la, carer).await?;
    let carer_household = carer_rows.iter().find(|m| lives(m, carer)).map(|m| m.household_id);
    if carer_household.is_some_and(|h| child_rows.iter().any(|m| lives(&m, child) && m.household_id == h)) {
        return Ok(false);
    }
    for m in child_rows.iter().filter(|m| lives(m, child)) {
        let end = start.max(m.start_date);
        if !ff_store::people::end_member(tx, la, m.membership_id, end, m.version).await? {
            return Err(crate::stale("household membership", m.version));
        }
        if let Some(ended) = ff_store::people::get_member(tx, la, m.membership_id).await? {
            ff_store::versions::record_version(
                tx,
                la,
                "household_member",
                ended.id,
                ended.version,
                &ended,
                Some(ctx.actor.user_id),
                ctx.now,
            )
            .await?;
        }
    }
    let join = |household_id: Uuid, person_id: Uuid| MemberRow {
        la_code: la.to_owned(),
        id: ctx.new_id(),
        household_id,
        person_id,
        membership: "lives_in".into(),
        start_date: start,
        end_date: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    let mut rows = vec![];
    let household = match carer_household {
        Some(h) => h,
        None => {
            let h = ctx.new_id();
            ff_store::people::insert_household(tx, la, h, Some(ctx.actor.user_id), ctx.now).await?;
            rows.push(join(h, carer));
            h
        }
    };
    rows.push(join(household, child));
    for row in rows {
        ff_store::people::insert_member(tx, &row).await?;
        ff_store::versions::record_version(tx, la, "household_member", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    }
    // Her address is the carer's from the same day: the old one ends the day before (as a move
    // recorded on the child's page does), so no page gives the carer's name with the old home.
    let carer_address = ff_store::people::addresses_of(tx, la, carer).await?.into_iter().find(|a| a.end_date.is_none());
    let day_before = start.pred_opt().unwrap_or(start);
    ff_store::people::close_open_addresses(tx, la, child, day_before).await?;
    if let Some(a) = carer_address {
        let row = ff_store::people::AddressRow {
            la_code: la.to_owned(),
            id: ctx.new_id(),
            person_id: child,
            line1: a.line1,
            line2: a.line2,
            town: a.town,
            postcode: a.postcode,
            start_date: start,
            end_date: None,
            version: 1,
            created_at: ctx.now,
            created_by: Some(ctx.actor.user_id),
        };
        ff_store::people::insert_address(tx, &row).await?;
        ff_store::versions::record_version(tx, la, "address", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    }
    Ok(true)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EndKinshipInput {
    pub end_date: NaiveDate,
    /// Why the arrangement ends (kept with the record, never in the audit log).
    #[serde(default)]
    pub reason: String,
    pub version: i32,
}

/// End a kinship care arrangement (the record stays).
pub async fn end_kinship(db: &Db, ctx: &Ctx, id: Uuid, child: Uuid, input: &EndKinshipInput) -> Result<()> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnFamilyNetwork, child).await?;
    let net = ff_store::family_networks::for_child(&mut tx, ctx.la(), child).await?;
    let k = net.kinship.iter().find(|k| k.id == id).ok_or(ServiceError::NotFound("kinship arrangement"))?;
    let mut errors = ValidationErrors::new();
    if input.end_date < k.start_date || input.end_date > ctx.today() {
        errors.add("end_date", "The end date must be between the start of the arrangement and today");
    }
    if input.reason.trim().is_empty() {
        errors.add("reason", "Record why the kinship arrangement is ending");
    }
    errors.into_result(())?;
    if !ff_store::family_networks::end_kinship(&mut tx, ctx.la(), id, input.end_date, input.reason.trim(), input.version).await? {
        return Err(stale("kinship arrangement", k.version));
    }
    audit(&mut tx, ctx, "end", "kinship", Some(id.to_string()), "kinship arrangement ended").await?;
    tx.commit().await?;
    Ok(())
}

// --- the child's view --------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = NetworkMemberView)]
pub struct MemberView {
    pub id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub relationship: String,
    pub contact_details: Option<String>,
    pub willingness: String,
    pub willingness_label: String,
    pub capacity_label: Option<String>,
    pub invited: bool,
    pub note: Option<String>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferView {
    pub id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub offered_on: NaiveDate,
    pub answer: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FgdmView {
    pub id: Uuid,
    pub stage_label: String,
    pub state: String,
    pub state_label: String,
    pub referred_on: NaiveDate,
    pub coordinator: Option<String>,
    pub offers: Vec<OfferView>,
    pub meeting_on: Option<NaiveDate>,
    pub private_family_time: Option<bool>,
    pub plan_proposed: Option<String>,
    pub plan_agreed: Option<String>,
    pub agreed_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub exemption_reason: Option<String>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PloView {
    pub id: Uuid,
    pub gateway_on: NaiveDate,
    pub decision_label: String,
    pub letter_sent_on: Option<NaiveDate>,
    pub letter_includes_fgdm_offer: Option<bool>,
    pub meetings: Vec<(NaiveDate, String)>,
    pub application_issued_on: Option<NaiveDate>,
    pub application_label: Option<String>,
    pub outcome: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KinshipView {
    pub id: Uuid,
    pub version: i32,
    pub carer_id: Uuid,
    pub carer_name: String,
    pub kind_label: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub training: bool,
    pub weekly_allowance_pence: Option<i64>,
    pub other_support: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NetworkView {
    pub members: Vec<MemberView>,
    pub fgdms: Vec<FgdmView>,
    pub plos: Vec<PloView>,
    pub kinship: Vec<KinshipView>,
}

/// A child's family network, FGDMs, pre-proceedings and kinship care (audited as a view).
pub async fn for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<NetworkView> {
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, child).await?;
    let net = ff_store::family_networks::for_child(&mut tx, ctx.la(), child).await?;
    let mut ids: Vec<Uuid> = net.members.iter().map(|m| m.person_id).collect();
    ids.extend(net.offers.iter().map(|o| o.person_id));
    ids.extend(net.kinship.iter().map(|k| k.carer_id));
    ids.sort();
    ids.dedup();
    let names = ff_store::people::names_of(&mut tx, ctx.la(), &ids).await?;
    audit(&mut tx, ctx, "view", "family_network", Some(child.to_string()), "family network viewed").await?;
    tx.commit().await?;
    let name = |id: Uuid| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_default();
    Ok(NetworkView {
        members: net
            .members
            .iter()
            .map(|m| MemberView {
                id: m.id,
                person_id: m.person_id,
                name: name(m.person_id),
                relationship: m.relationship.clone(),
                contact_details: m.contact_details.clone(),
                willingness_label: Willingness::from_code(&m.willingness).map(|w| w.label().to_owned()).unwrap_or_default(),
                willingness: m.willingness.clone(),
                capacity_label: m.capacity.as_deref().and_then(Capacity::from_code).map(|c| c.label().to_owned()),
                invited: m.invited,
                note: m.note.clone(),
                version: m.version,
            })
            .collect(),
        fgdms: net
            .fgdms
            .iter()
            .map(|f| FgdmView {
                id: f.id,
                stage_label: FgdmStage::from_code(&f.stage).map(|s| s.label().to_owned()).unwrap_or_default(),
                state_label: FgdmState::from_code(&f.state).map(|s| s.label().to_owned()).unwrap_or_default(),
                state: f.state.clone(),
                referred_on: f.referred_on,
                coordinator: f.coordinator.clone(),
                offers: net
                    .offers
                    .iter()
                    .filter(|o| o.fgdm_id == f.id)
                    .map(|o| OfferView {
                        id: o.id,
                        person_id: o.person_id,
                        name: name(o.person_id),
                        offered_on: o.offered_on,
                        answer: o.answer.clone(),
                        answered_on: o.answered_on,
                        version: o.version,
                    })
                    .collect(),
                meeting_on: f.meeting_on,
                private_family_time: f.private_family_time,
                plan_proposed: f.plan_proposed.clone(),
                plan_agreed: f.plan_agreed.clone(),
                agreed_on: f.agreed_on,
                review_on: f.review_on,
                outcome: f.outcome.clone(),
                exemption_reason: f.exemption_reason.clone(),
                version: f.version,
            })
            .collect(),
        plos: net
            .plos
            .iter()
            .map(|p| PloView {
                id: p.id,
                gateway_on: p.gateway_on,
                decision_label: GatewayDecision::from_code(&p.gateway_decision).map(|d| d.label().to_owned()).unwrap_or_default(),
                letter_sent_on: p.letter_sent_on,
                letter_includes_fgdm_offer: p.letter_includes_fgdm_offer,
                meetings: net.plo_meetings.iter().filter(|m| m.plo_id == p.id).map(|m| (m.held_on, m.note.clone())).collect(),
                application_issued_on: p.application_issued_on,
                application_label: p.application_kind.as_deref().and_then(ApplicationKind::from_code).map(|k| k.label().to_owned()),
                outcome: p.outcome.clone(),
                ended_on: p.ended_on,
                version: p.version,
            })
            .collect(),
        kinship: net
            .kinship
            .iter()
            .map(|k| KinshipView {
                id: k.id,
                version: k.version,
                carer_id: k.carer_id,
                carer_name: name(k.carer_id),
                kind_label: KinshipKind::from_code(&k.kind).map(|x| x.label().to_owned()).unwrap_or_default(),
                start_date: k.start_date,
                end_date: k.end_date,
                training: k.training,
                weekly_allowance_pence: k.weekly_allowance_pence,
                other_support: k.other_support.clone(),
            })
            .collect(),
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocalOffer {
    pub council: String,
    pub paragraphs: Vec<String>,
}

/// The council's kinship local offer (CA 1989 s.22H): public, no sign-in.
pub async fn kinship_local_offer(db: &Db, la: &str) -> Result<LocalOffer> {
    let mut tx = db.begin().await?;
    let s = ff_store::settings::current(&mut tx, la).await?.ok_or(ServiceError::NotFound("council"))?.settings;
    tx.commit().await?;
    let text = if s.family_networks.kinship_local_offer.trim().is_empty() {
        format!("{} has not yet published its kinship local offer here. Contact the council's family help service.", s.name)
    } else {
        s.family_networks.kinship_local_offer.clone()
    };
    Ok(LocalOffer { council: s.name, paragraphs: text.split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect() })
}
