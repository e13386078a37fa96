//! Pre-proceedings under the Public Law Outline (R-PLO-1, R-PLO-2): the legal gateway decision,
//! the letter before proceedings, the meetings, the application to court, and the end, with
//! the family group decision making duty checked on the way.

use super::*;

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
    let decision = GatewayDecision::from_code(input.decision.trim());
    if decision.is_none() {
        e.add("decision", "Record the legal gateway decision");
    }
    not_future(ctx, input.gateway_on, "gateway_on", &mut e);
    let decision = e.into_result(decision)?.ok_or_else(|| field_err("decision", "Record the legal gateway decision"))?;
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
        gateway_decision: decision,
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
    audit(&mut tx, ctx, "create", "plo", Some(row.id.to_string()), format!("legal gateway: {}", row.gateway_decision.code())).await?;
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

async fn save_plo(tx: &mut ff_store::Tx, ctx: &Ctx, p: PloRow, what: &str) -> Result<()> {
    crate::versioned::save(tx, ctx, p.version, p, "update", what.to_owned()).await.map(|_| ())
}

aggregate!(PloRow, "plo", "pre-proceedings record", |r, tx, la, read| ff_store::family_networks::update_plo(tx, la, r, read));

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
    let state = fgdm_for(&mut tx, ctx, &p).await?.map(|(f, _)| f.state);
    check_application(settings.family_networks.plo_fgdm_duty_commenced, state)?;
    p.application_issued_on = Some(input.issued_on);
    p.application_kind = Some(kind);
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
