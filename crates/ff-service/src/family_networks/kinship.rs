//! Kinship care arrangements (§5.5): a child placed with a relative or friend, who the child
//! then lives with (the household moves, so the child's page never contradicts it), and the end.

use super::*;

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
    let kind = KinshipKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "Choose the kind of arrangement");
    }
    if input.weekly_allowance_pence.is_some_and(|a| !(0..=100_000).contains(&a)) {
        e.add("weekly_allowance_pence", "Enter a weekly allowance from £0 to £1,000");
    }
    not_future(ctx, input.start_date, "start_date", &mut e);
    let kind = e.into_result(kind)?.ok_or_else(|| field_err("kind", "Choose the kind of arrangement"))?;
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
        kind,
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
    audit(&mut tx, ctx, "create", "kinship", Some(row.id.to_string()), format!("kinship arrangement: {}{summary}", row.kind.code()))
        .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A child in kinship care lives with the carer (the child's page, the
/// assessment's significant adults and every other reader of the household must tell the same
/// story). The child's current "lives in" memberships end the day the arrangement starts, and the
/// child joins the carer's household from that day (a new household with the carer if the carer
/// has none recorded). Each membership change is a kept version. `false` when the child already
/// lives in the carer's household.
async fn move_child_to_carer(tx: &mut ff_store::Tx, ctx: &Ctx, child: Uuid, carer: Uuid, start: NaiveDate) -> Result<bool> {
    let la = ctx.la();
    let child_rows = ff_store::people::households_of(tx, la, child).await?;
    let carer_rows = ff_store::people::households_of(tx, la, carer).await?;
    let carer_household = carer_rows.iter().find(|m| lives_in(m, carer)).map(|m| m.household_id);
    if carer_household.is_some_and(|h| child_rows.iter().any(|m| lives_in(m, child) && m.household_id == h)) {
        return Ok(false);
    }
    end_memberships(tx, ctx, &child_rows, child, start).await?;
    join_carer_household(tx, ctx, child, carer, carer_household, start).await?;
    move_address_to_carer(tx, ctx, child, carer, start).await?;
    Ok(true)
}

/// Whether the membership is `who` living in the household now.
fn lives_in(m: &ff_store::people::HouseholdMemberView, who: Uuid) -> bool {
    m.person_id == who && m.membership == ff_domain::people::Membership::LivesIn && m.end_date.is_none()
}

/// Ends the child's current "lives in" memberships on the start day, each a kept version.
async fn end_memberships(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    child_rows: &[ff_store::people::HouseholdMemberView],
    child: Uuid,
    start: NaiveDate,
) -> Result<()> {
    let la = ctx.la();
    for m in child_rows.iter().filter(|m| lives_in(m, child)) {
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
    Ok(())
}

/// The child joins the carer's household from the start day (a new household with the carer if
/// the carer has none recorded), each membership a kept version.
async fn join_carer_household(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    child: Uuid,
    carer: Uuid,
    carer_household: Option<Uuid>,
    start: NaiveDate,
) -> Result<()> {
    let la = ctx.la();
    let join = |household_id: Uuid, person_id: Uuid| ff_store::people::MemberRow {
        la_code: la.to_owned(),
        id: ctx.new_id(),
        household_id,
        person_id,
        membership: ff_domain::people::Membership::LivesIn,
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
    Ok(())
}

/// The child's address becomes the carer's from the start day; the old one ends the day before.
async fn move_address_to_carer(tx: &mut ff_store::Tx, ctx: &Ctx, child: Uuid, carer: Uuid, start: NaiveDate) -> Result<()> {
    let la = ctx.la();
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
    Ok(())
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
