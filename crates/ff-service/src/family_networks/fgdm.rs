//! Family group decision making (§5.4): starting one for a child, the offer to each person
//! with parental responsibility and their answer, the meeting, the family's plan agreed, or an
//! exemption with its reason; its stage from `ff_domain::family_networks::fgdm_state`.

use super::*;

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
    let stage = FgdmStage::from_code(input.stage.trim());
    if stage.is_none() {
        e.add("stage", "Choose the stage: family help, child protection or pre-proceedings");
    }
    not_future(ctx, input.referred_on, "referred_on", &mut e);
    let stage =
        e.into_result(stage)?.ok_or_else(|| field_err("stage", "Choose the stage: family help, child protection or pre-proceedings"))?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnFamilyNetwork, child).await?;
    person_exists(&mut tx, ctx, child, "child").await?;
    let row = FgdmRow {
        id: ctx.new_id(),
        child_id: child,
        stage,
        state: FgdmState::Referred,
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

pub(super) async fn load_fgdm(tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid, version: Option<i32>) -> Result<FgdmRow> {
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
    let answers: Vec<Option<OfferAnswer>> = offers.iter().map(|o| o.answer).collect();
    let held = f.meeting_on.is_some_and(|d| d <= ctx.today()) && f.plan_proposed.is_some();
    let state = fgdm_state(&answers, f.meeting_on.is_some(), held, f.plan_agreed.is_some(), f.exemption_reason.is_some());
    f.state = state;
    crate::versioned::save(tx, ctx, f.version, f, "update", format!("{what}: {}", state.code())).await?;
    Ok(state)
}

aggregate!(FgdmRow, "fgdm", "family group decision making record", |r, tx, la, read| ff_store::family_networks::update_fgdm(
    tx, la, r, read
));

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
    if !ff_store::family_networks::answer_offer(&mut tx, ctx.la(), offer_id, answer, input.answered_on, input.version).await? {
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
