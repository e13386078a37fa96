//! A person's relationships, households and addresses: who is related to whom (with parental
//! responsibility), who lives together and where, each dated, versioned and audited.

use super::*;

/// "RELATIVE is the KIND of this person".
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RelationshipInput {
    pub relative_id: Uuid,
    /// mother, father, step_parent, partner_of_parent, sibling, grandparent, other_relative, carer, friend
    pub kind: String,
    #[serde(default)]
    pub parental_responsibility: bool,
    /// Required when parental_responsibility is true: birth_mother, married_or_civil_partner,
    /// birth_certificate, agreement, court_order, special_guardianship, adoption, care_order, other
    pub pr_basis: Option<String>,
    pub start_date: Option<NaiveDate>,
}

pub async fn add_relationship(db: &Db, ctx: &Ctx, person_id: Uuid, input: &RelationshipInput) -> Result<Uuid> {
    ctx.authorise(Action::EditPerson)?;
    let mut errors = ValidationErrors::new();
    let kind = RelationshipKind::from_code(input.kind.trim());
    if kind.is_none() {
        errors.add("kind", "Select how this person is related");
    }
    let basis = match input.pr_basis.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(b) => match PrBasis::from_code(b) {
            Some(p) => Some(p),
            None => {
                errors.add("pr_basis", "Select the basis of parental responsibility from the list");
                None
            }
        },
        None => None,
    };
    if input.parental_responsibility && basis.is_none() && errors.for_field("pr_basis").is_none() {
        errors.add("pr_basis", "Select the basis on which they hold parental responsibility");
    }
    if !input.parental_responsibility && basis.is_some() {
        errors.add("parental_responsibility", "Tick parental responsibility, or leave the basis blank");
    }
    if input.relative_id == person_id {
        errors.add("relative_id", "A person cannot be related to themselves");
    }
    if input.start_date.is_some_and(|d| d > ctx.today()) {
        errors.add("start_date", "The start date must be today or in the past");
    }
    let mut tx = db.begin().await?;
    let person = load_active(&mut tx, ctx, person_id).await?;
    let relative = ff_store::people::get_person(&mut tx, ctx.la(), input.relative_id).await?;
    match &relative {
        None => errors.add("relative_id", "Choose a person from the register (no record with that id here)"),
        Some(r) if r.merged_into.is_some() => errors.add("relative_id", "That record was merged into another: choose the surviving record"),
        _ => {}
    }
    if person.merged_into.is_some() {
        errors.add("person", "This record was merged into another: add relationships there");
    }
    if let Some(k) = kind {
        let existing = ff_store::people::relatives_of(&mut tx, ctx.la(), person_id).await?;
        if existing.iter().any(|r| r.other_id == input.relative_id && r.kind == k && !r.outgoing && r.end_date.is_none()) {
            errors.add("kind", format!("This relationship ({}) is already recorded", k.label().to_lowercase()));
        }
    }
    let kind = errors.clone().into_result(kind)?.ok_or_else(|| ValidationErrors::single("kind", "Select how this person is related"))?;
    let id = ctx.new_id();
    let row = RelationshipRow {
        la_code: ctx.la().to_owned(),
        id,
        from_person_id: input.relative_id,
        to_person_id: person_id,
        kind,
        parental_responsibility: input.parental_responsibility,
        pr_basis: basis,
        start_date: input.start_date,
        end_date: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::people::insert_relationship(&mut tx, &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "relationship", id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "relationship", Some(id.to_string()), format!("relationship recorded ({})", kind.code())).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct HouseholdInput {
    /// Join this household; leave empty to start a new one.
    pub household_id: Option<Uuid>,
    /// lives_in or regularly_visits
    pub membership: String,
    pub start_date: NaiveDate,
}

pub async fn add_to_household(db: &Db, ctx: &Ctx, person_id: Uuid, input: &HouseholdInput) -> Result<Uuid> {
    ctx.authorise(Action::EditPerson)?;
    let mut errors = ValidationErrors::new();
    let membership = Membership::from_code(input.membership.trim());
    if membership.is_none() {
        errors.add("membership", "Select whether they live here or visit regularly");
    }
    if input.start_date > ctx.today() {
        errors.add("start_date", "The date they joined must be today or in the past");
    }
    let mut tx = db.begin().await?;
    load_active(&mut tx, ctx, person_id).await?;
    if let Some(h) = input.household_id
        && !ff_store::people::household_exists(&mut tx, ctx.la(), h).await?
    {
        errors.add("household_id", "Choose an existing household, or a new one");
    }
    let membership = errors.into_result(membership)?.ok_or_else(|| ValidationErrors::single("membership", "Select a membership"))?;
    // One user action, one audit event: a new household is named in the membership's event.
    let (household_id, new_household) = match input.household_id {
        Some(h) => (h, false),
        None => {
            let h = ctx.new_id();
            ff_store::people::insert_household(&mut tx, ctx.la(), h, Some(ctx.actor.user_id), ctx.now).await?;
            (h, true)
        }
    };
    let id = ctx.new_id();
    let row = MemberRow {
        la_code: ctx.la().to_owned(),
        id,
        household_id,
        person_id,
        membership,
        start_date: input.start_date,
        end_date: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::people::insert_member(&mut tx, &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "household_member", id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(
        &mut tx,
        ctx,
        "create",
        "household_member",
        Some(id.to_string()),
        if new_household {
            format!("household membership recorded ({}) in a new household {household_id}", membership.code())
        } else {
            format!("household membership recorded ({})", membership.code())
        },
    )
    .await?;
    tx.commit().await?;
    Ok(household_id)
}

/// Record that someone left a household (the membership stays, with its end date).
pub async fn end_household_membership(db: &Db, ctx: &Ctx, membership_id: Uuid, end_date: NaiveDate, expected_version: i32) -> Result<()> {
    ctx.authorise(Action::EditPerson)?;
    let mut tx = db.begin().await?;
    let m = ff_store::people::get_member(&mut tx, ctx.la(), membership_id).await?.ok_or(ServiceError::NotFound("household membership"))?;
    if end_date < m.start_date {
        return Err(ValidationErrors::single("end_date", "The date they left must be on or after the date they joined").into());
    }
    if end_date > ctx.today() {
        return Err(ValidationErrors::single("end_date", "The date they left must be today or in the past").into());
    }
    if m.end_date.is_some() {
        return Err(ValidationErrors::single("end_date", "This membership has already ended").into());
    }
    if !ff_store::people::end_member(&mut tx, ctx.la(), membership_id, end_date, expected_version).await? {
        return Err(ServiceError::Conflict {
            message: "Someone else changed this household membership after you opened it; nothing was saved.".into(),
            current_version: m.version,
        });
    }
    let mut ended = m.clone();
    ended.end_date = Some(end_date);
    ended.version = expected_version + 1;
    ff_store::versions::record_version(
        &mut tx,
        ctx.la(),
        "household_member",
        membership_id,
        ended.version,
        &ended,
        Some(ctx.actor.user_id),
        ctx.now,
    )
    .await?;
    audit(&mut tx, ctx, "update", "household_member", Some(membership_id.to_string()), "household membership ended").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AddressInput {
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub postcode: String,
    pub start_date: NaiveDate,
}

/// A UK postcode in the usual outward/inward form, normalised to upper case with one space
/// (`ff_domain::geography::parse_postcode`, the form the postcode directory is keyed by).
pub fn parse_postcode(s: &str) -> std::result::Result<String, String> {
    ff_domain::geography::parse_postcode(s).map_err(str::to_owned)
}

/// Record a new address; the current one ends the day before.
pub async fn add_address(db: &Db, ctx: &Ctx, person_id: Uuid, input: &AddressInput) -> Result<Uuid> {
    ctx.authorise(Action::EditPerson)?;
    let mut errors = ValidationErrors::new();
    let line1 = input.line1.trim();
    let town = input.town.trim();
    if line1.is_empty() {
        errors.add("line1", "Enter the first line of the address");
    }
    if town.is_empty() {
        errors.add("town", "Enter the town or city");
    }
    let postcode = parse_postcode(&input.postcode).map_err(|m| errors.add("postcode", m)).ok();
    if input.start_date > ctx.today() {
        errors.add("start_date", "The date they moved in must be today or in the past");
    }
    errors.into_result(())?;
    let mut tx = db.begin().await?;
    load_active(&mut tx, ctx, person_id).await?;
    let day_before = input.start_date.pred_opt().unwrap_or(input.start_date);
    ff_store::people::close_open_addresses(&mut tx, ctx.la(), person_id, day_before).await?;
    let id = ctx.new_id();
    let row = AddressRow {
        la_code: ctx.la().to_owned(),
        id,
        person_id,
        line1: line1.to_owned(),
        line2: input.line2.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned),
        town: town.to_owned(),
        postcode: postcode.unwrap_or_default(),
        start_date: input.start_date,
        end_date: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::people::insert_address(&mut tx, &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "address", id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "address", Some(id.to_string()), "address recorded").await?;
    tx.commit().await?;
    Ok(id)
}

/// Households a person might join: those of their relatives (and their own), each described by
/// its current members' names.
pub async fn household_choices(db: &Db, ctx: &Ctx, person_id: Uuid) -> Result<Vec<(Uuid, String)>> {
    ctx.authorise(Action::EditPerson)?;
    let mut tx = db.begin().await?;
    load_active(&mut tx, ctx, person_id).await?;
    let rows = ff_store::people::household_choices(&mut tx, ctx.la(), person_id).await?;
    let mut out: Vec<(Uuid, String)> = vec![];
    for (h, given, family) in rows {
        let name = full_name(&given, &family);
        match out.iter_mut().find(|(id, _)| *id == h) {
            Some((_, names)) => {
                names.push_str(", ");
                names.push_str(&name);
            }
            None => out.push((h, name)),
        }
    }
    Ok(out)
}
