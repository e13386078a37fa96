//! The partnership as its own record (`ff_domain::partnership::arrangements`, MASA-SYS-1): set up
//! and changed by the business manager, read by delegated partners and the scrutineer. Each
//! partner's lead and delegated safeguarding partners over time (one lead at a time, MASA-P-2), the
//! relevant agencies (MASA-P-4, -5), the published arrangements and the threshold document with
//! each lead's sign-off (MASA-P-2, MASA-FFP-3), and the budget contributions (MASA-P-10). Every
//! change after the first goes through `versioned::save`; a change is ended, never deleted.

use chrono::{Datelike, NaiveDate};
use ff_domain::ValidationErrors;
use ff_domain::partnership::arrangements::{
    self as rules, AgencyKind, DocumentKind, Named, PartnerRole, SignOffs, StatutoryPartner, check_amount, check_lead, check_link,
    check_period, check_sign_off, in_force, lead_on, parse_areas, shares, words,
};
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::partnership::arrangements::{self as store, AgencyRow, BudgetRow, DocumentRow, PartnerRow, RecordRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::versioned::{aggregate, save, save_within};
use crate::{Ctx, Result, ServiceError, audit, field_err, parse_code, parsed, stale};

aggregate!(RecordRow, "partnership", "partnership", |r, tx, la, read| store::update_record(tx, la, r, read));
aggregate!(PartnerRow, "safeguarding_partner", "named partner", |r, tx, la, read| store::update_partner(tx, la, r, read));
aggregate!(AgencyRow, "relevant_agency", "relevant agency", |r, tx, la, read| store::update_agency(tx, la, r, read));
aggregate!(DocumentRow, "partnership_document", "document", |r, tx, la, read| store::update_document(tx, la, r, read));
aggregate!(BudgetRow, "partnership_budget", "budget contribution", |r, tx, la, read| store::update_budget(tx, la, r, read));

/// The partnership as set up or changed. `version` is the version read when changing it; none
/// when setting it up.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PartnershipInput {
    #[serde(default)]
    pub version: Option<i32>,
    pub name: String,
    /// The councils covered, by three-digit code, separated by commas; this council is always one.
    #[serde(default)]
    pub areas: String,
    pub chair: String,
    /// The independent scrutineer, and from and to when.
    pub scrutineer: String,
    pub scrutiny_from: NaiveDate,
    #[serde(default)]
    pub scrutiny_to: Option<NaiveDate>,
}

/// A named lead or delegated safeguarding partner. With `replaces`, the person they take over from
/// is ended the day before `from`, in the same change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NamedPartnerInput {
    /// council, icb or police.
    pub partner: String,
    /// lead or delegated.
    pub role: String,
    pub person_name: String,
    pub role_title: String,
    pub from: NaiveDate,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub replaces: Option<Uuid>,
}

/// A named partner or an agency ends, at its version.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PeriodEndInput {
    pub version: i32,
    pub to: NaiveDate,
}

/// A relevant agency named in the arrangements.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RelevantAgencyInput {
    pub name: String,
    /// school, college, early_years, health, probation, youth_justice, housing, voluntary or other.
    pub kind: String,
    pub from: NaiveDate,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

/// A version of the published arrangements or the threshold document.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PartnershipDocumentInput {
    /// arrangements or threshold.
    pub kind: String,
    pub title: String,
    /// The document's own version ("Version 3").
    pub version_label: String,
    pub published_on: NaiveDate,
    /// Where it is published: an https address.
    pub link: String,
}

/// A lead partner signs a document off, at the document's version.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DocumentSignOffInput {
    pub version: i32,
    /// council, icb or police: the lead on `signed_on` signs.
    pub partner: String,
    pub signed_on: NaiveDate,
}

/// A partner's contribution to a financial year's budget.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ContributionInput {
    pub partner: String,
    /// The year the financial year starts (2026 is April 2026 to March 2027).
    pub year: i32,
    pub amount_pence: i64,
}

/// A contribution changed, at its version.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ContributionChange {
    pub version: i32,
    pub amount_pence: i64,
}

async fn partnership_id(tx: &mut ff_store::Tx, ctx: &Ctx) -> Result<Uuid> {
    Ok(store::record_of(tx, ctx.la()).await?.ok_or_else(|| field_err("partnership", "Set up the partnership first"))?.id)
}

async fn created<R: Serialize>(tx: &mut ff_store::Tx, ctx: &Ctx, record: &str, id: Uuid, row: &R, summary: &str) -> Result<()> {
    ff_store::versions::record_version(tx, ctx.la(), record, id, 1, row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(tx, ctx, "create", record, Some(id.to_string()), summary).await
}

fn merge(errors: &mut ValidationErrors, r: std::result::Result<(), ValidationErrors>) {
    if let Err(e) = r {
        errors.0.extend(e.0);
    }
}

/// Set up the partnership, or change it at the version read (MASA-SYS-1, MASA-P-7). Returns its id.
pub async fn save_record(db: &Db, ctx: &Ctx, input: &PartnershipInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut e = ValidationErrors::new();
    words(&mut e, "name", &input.name, "Give the partnership's name", 200);
    words(&mut e, "chair", &input.chair, "Name the chair", 200);
    words(&mut e, "scrutineer", &input.scrutineer, "Name the independent scrutineer", 200);
    check_period(&mut e, "scrutiny_to", input.scrutiny_from, input.scrutiny_to);
    let areas = match parse_areas(&input.areas, ctx.la()) {
        Ok(a) => a.join(","),
        Err(x) => {
            e.0.extend(x.0);
            String::new()
        }
    };
    e.into_result(())?;
    let mut tx = db.begin().await?;
    let existing = store::record_of(&mut tx, ctx.la()).await?;
    let id = match (existing, input.version) {
        (None, _) => {
            let row = RecordRow {
                id: ctx.new_id(),
                name: input.name.trim().into(),
                areas,
                chair: input.chair.trim().into(),
                scrutineer: input.scrutineer.trim().into(),
                scrutiny_from: input.scrutiny_from,
                scrutiny_to: input.scrutiny_to,
                version: 1,
                created_at: ctx.now,
                created_by: ctx.actor.user_id,
            };
            store::insert_record(&mut tx, ctx.la(), &row).await?;
            created(&mut tx, ctx, "partnership", row.id, &row, "partnership set up").await?;
            row.id
        }
        (Some(r), None) => return Err(stale("partnership", r.version)),
        (Some(r), Some(read)) => {
            let next = RecordRow {
                name: input.name.trim().into(),
                areas,
                chair: input.chair.trim().into(),
                scrutineer: input.scrutineer.trim().into(),
                scrutiny_from: input.scrutiny_from,
                scrutiny_to: input.scrutiny_to,
                ..r
            };
            save(&mut tx, ctx, read, next, "update", "partnership changed").await?.id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// The periods of a partner's other leads (all but `except`).
fn other_leads(rows: &[PartnerRow], partner: StatutoryPartner, except: &[Uuid]) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    rows.iter()
        .filter(|r| r.partner == partner && r.role == PartnerRole::Lead && !except.contains(&r.id))
        .map(|r| (r.from_on, r.to_on))
        .collect()
}

fn partner_code(input: &str, e: &mut ValidationErrors) -> Option<StatutoryPartner> {
    parse_code("partner", input, StatutoryPartner::from_code, "Choose the council, the integrated care board or the police", e)
}

fn partner_checks(input: &NamedPartnerInput) -> (Option<StatutoryPartner>, Option<PartnerRole>, ValidationErrors) {
    let mut e = ValidationErrors::new();
    let partner = partner_code(&input.partner, &mut e);
    let role = parse_code("role", &input.role, PartnerRole::from_code, "Choose lead or delegated safeguarding partner", &mut e);
    words(&mut e, "person_name", &input.person_name, "Give the person's name", 200);
    words(&mut e, "role_title", &input.role_title, "Give their job title", 200);
    check_period(&mut e, "to", input.from, input.to);
    (partner, role, e)
}

/// What is wrong with a named partner as typed, before anything is read: a form with its own
/// mistakes shows these beside them, in one round.
pub fn partner_mistakes(input: &NamedPartnerInput) -> ValidationErrors {
    partner_checks(input).2
}

/// Name a lead or delegated safeguarding partner (MASA-P-2, -3). A lead may not overlap another
/// lead of the same partner (MASA-P-2); with `replaces`, the person replaced ends the day before.
pub async fn add_partner(db: &Db, ctx: &Ctx, input: &NamedPartnerInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let (partner, role, e) = partner_checks(input);
    e.into_result(())?;
    let (partner, role) = (parsed(partner)?, parsed(role)?);
    let mut tx = db.begin().await?;
    let pid = partnership_id(&mut tx, ctx).await?;
    let rows = store::partners_of(&mut tx, ctx.la(), pid).await?;
    let mut replaced = None;
    if let Some(old_id) = input.replaces {
        let old = rows.iter().find(|r| r.id == old_id).cloned().ok_or(ServiceError::NotFound("named partner"))?;
        if old.partner != partner || old.role != role {
            return Err(field_err("replaces", "The person replaced must hold the same place for the same partner"));
        }
        let day_before = input.from.pred_opt().unwrap_or(input.from);
        if old.to_on.is_some_and(|t| t < day_before) {
            return Err(field_err("replaces", "The person replaced has already ended"));
        }
        if day_before < old.from_on {
            return Err(field_err("from", "The new person starts after the person they replace started"));
        }
        replaced = Some(PartnerRow { to_on: Some(day_before), ..old });
    }
    if role == PartnerRole::Lead {
        // MASA-P-2: one lead for each partner at any time.
        let mut others = other_leads(&rows, partner, &input.replaces.into_iter().collect::<Vec<_>>());
        if let Some(r) = &replaced {
            others.push((r.from_on, r.to_on));
        }
        check_lead(&others, input.from, input.to)?;
    }
    if let Some(r) = replaced {
        let read = r.version;
        save_within(&mut tx, ctx, read, r).await?;
    }
    let row = PartnerRow {
        id: ctx.new_id(),
        partnership_id: pid,
        partner,
        role,
        person_name: input.person_name.trim().into(),
        role_title: input.role_title.trim().into(),
        from_on: input.from,
        to_on: input.to,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    store::insert_partner(&mut tx, ctx.la(), &row).await?;
    let summary =
        format!("{} named for {}{}", role.label(), partner.label(), if input.replaces.is_some() { ", replacing another" } else { "" });
    created(&mut tx, ctx, "safeguarding_partner", row.id, &row, &summary).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A named partner's time ends (never deleted), at its version.
pub async fn end_partner(db: &Db, ctx: &Ctx, id: Uuid, input: &PeriodEndInput) -> Result<()> {
    end_period(
        db,
        ctx,
        input,
        async |tx| store::get_partner(tx, ctx.la(), id).await,
        ("named partner", "This person's time has already ended"),
    )
    .await
}

/// Something held for a time (a named partner, a relevant agency) ends on the day given, at the
/// version read; never deleted. `get` reads it; `what` names it and says it has already ended.
async fn end_period<R>(
    db: &Db,
    ctx: &Ctx,
    input: &PeriodEndInput,
    get: impl AsyncFnOnce(&mut ff_store::Tx) -> ff_store::Result<Option<R>>,
    (what, already): (&'static str, &str),
) -> Result<()>
where
    R: Period,
{
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    let r = get(&mut tx).await?.ok_or(ServiceError::NotFound(what))?;
    let read = crate::versioned::Aggregate::version(&r);
    if read != input.version {
        return Err(stale(what, read));
    }
    if r.period().1.is_some() {
        return Err(field_err("to", already));
    }
    let mut e = ValidationErrors::new();
    check_period(&mut e, "to", r.period().0, Some(input.to));
    e.into_result(())?;
    save(&mut tx, ctx, read, r.ending(input.to), "update", format!("{what} ended")).await?;
    tx.commit().await?;
    Ok(())
}

/// A record held from one day to another.
trait Period: crate::versioned::Aggregate {
    fn period(&self) -> (NaiveDate, Option<NaiveDate>);
    fn ending(self, to: NaiveDate) -> Self;
}

impl Period for PartnerRow {
    fn period(&self) -> (NaiveDate, Option<NaiveDate>) {
        (self.from_on, self.to_on)
    }
    fn ending(self, to: NaiveDate) -> Self {
        PartnerRow { to_on: Some(to), ..self }
    }
}

impl Period for AgencyRow {
    fn period(&self) -> (NaiveDate, Option<NaiveDate>) {
        (self.from_on, self.to_on)
    }
    fn ending(self, to: NaiveDate) -> Self {
        AgencyRow { to_on: Some(to), ..self }
    }
}

fn agency_checks(input: &RelevantAgencyInput) -> (Option<AgencyKind>, ValidationErrors) {
    let mut e = ValidationErrors::new();
    let kind = parse_code("kind", &input.kind, AgencyKind::from_code, "Choose what kind of agency it is", &mut e);
    words(&mut e, "name", &input.name, "Give the agency's name", 200);
    check_period(&mut e, "to", input.from, input.to);
    (kind, e)
}

/// What is wrong with a relevant agency as typed, before anything is read (see
/// `partner_mistakes`).
pub fn agency_mistakes(input: &RelevantAgencyInput) -> ValidationErrors {
    agency_checks(input).1
}

/// Name a relevant agency in the arrangements (MASA-P-4; education and childcare, MASA-P-5).
pub async fn add_agency(db: &Db, ctx: &Ctx, input: &RelevantAgencyInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let (kind, e) = agency_checks(input);
    e.into_result(())?;
    let kind = parsed(kind)?;
    let mut tx = db.begin().await?;
    let pid = partnership_id(&mut tx, ctx).await?;
    let row = AgencyRow {
        id: ctx.new_id(),
        partnership_id: pid,
        name: input.name.trim().into(),
        kind,
        from_on: input.from,
        to_on: input.to,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    store::insert_agency(&mut tx, ctx.la(), &row).await?;
    created(&mut tx, ctx, "relevant_agency", row.id, &row, "relevant agency named").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A relevant agency leaves the arrangements (never deleted), at its version.
pub async fn end_agency(db: &Db, ctx: &Ctx, id: Uuid, input: &PeriodEndInput) -> Result<()> {
    end_period(
        db,
        ctx,
        input,
        async |tx| store::get_agency(tx, ctx.la(), id).await,
        ("relevant agency", "This agency has already left the arrangements"),
    )
    .await
}

fn document_checks(input: &PartnershipDocumentInput, today: NaiveDate) -> (Option<DocumentKind>, ValidationErrors) {
    let mut e = ValidationErrors::new();
    let kind = parse_code("kind", &input.kind, DocumentKind::from_code, "Choose the arrangements or the threshold document", &mut e);
    words(&mut e, "title", &input.title, "Give the document's title", 300);
    words(&mut e, "version_label", &input.version_label, "Give the document's version", 50);
    if input.published_on > today {
        e.add("published_on", "The day it was published cannot be in the future");
    }
    merge(&mut e, check_link(&input.link));
    (kind, e)
}

/// What is wrong with a document as typed, before anything is read (see `partner_mistakes`).
pub fn document_mistakes(input: &PartnershipDocumentInput, today: NaiveDate) -> ValidationErrors {
    document_checks(input, today).1
}

/// A new version of the published arrangements or the threshold document (MASA-P-8, MASA-FFP-3).
pub async fn add_document(db: &Db, ctx: &Ctx, input: &PartnershipDocumentInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let (kind, e) = document_checks(input, ctx.today());
    e.into_result(())?;
    let kind = parsed(kind)?;
    let mut tx = db.begin().await?;
    let pid = partnership_id(&mut tx, ctx).await?;
    let row = DocumentRow {
        id: ctx.new_id(),
        partnership_id: pid,
        kind,
        title: input.title.trim().into(),
        version_label: input.version_label.trim().into(),
        published_on: input.published_on,
        link: input.link.trim().into(),
        council_signed_by: None,
        council_signed_on: None,
        icb_signed_by: None,
        icb_signed_on: None,
        police_signed_by: None,
        police_signed_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    store::insert_document(&mut tx, ctx.la(), &row).await?;
    created(&mut tx, ctx, "partnership_document", row.id, &row, &format!("{} added", kind.label().to_lowercase())).await?;
    tx.commit().await?;
    Ok(row.id)
}

fn signed(d: &DocumentRow) -> SignOffs {
    [d.council_signed_on, d.icb_signed_on, d.police_signed_on]
}

fn named(rows: &[PartnerRow]) -> Vec<Named<'_>> {
    rows.iter().map(|r| Named { partner: r.partner, role: r.role, name: &r.person_name, from: r.from_on, to: r.to_on }).collect()
}

/// The lead partner for `partner` on the day signs the document off (MASA-P-2; the threshold
/// document counts once all three have, MASA-FFP-3), at the document's version.
pub async fn sign_off(db: &Db, ctx: &Ctx, id: Uuid, input: &DocumentSignOffInput) -> Result<()> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut e = ValidationErrors::new();
    let partner = partner_code(&input.partner, &mut e);
    e.into_result(())?;
    let partner = parsed(partner)?;
    let mut tx = db.begin().await?;
    let d = store::get_document(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("document"))?;
    if d.version != input.version {
        return Err(stale("document", d.version));
    }
    check_sign_off(d.published_on, signed(&d)[rules::index(partner)], input.signed_on, ctx.today())?;
    let rows = store::partners_of(&mut tx, ctx.la(), d.partnership_id).await?;
    let people = named(&rows);
    let lead = lead_on(&people, partner, input.signed_on)
        .ok_or_else(|| field_err("partner", "No lead safeguarding partner is named for this partner on that day"))?;
    let who = Some(lead.name.to_owned());
    let on = Some(input.signed_on);
    let read = d.version;
    let next = match partner {
        StatutoryPartner::Council => DocumentRow { council_signed_by: who, council_signed_on: on, ..d },
        StatutoryPartner::Icb => DocumentRow { icb_signed_by: who, icb_signed_on: on, ..d },
        StatutoryPartner::Police => DocumentRow { police_signed_by: who, police_signed_on: on, ..d },
    };
    save(&mut tx, ctx, read, next, "update", format!("signed off for {}", partner.label().to_lowercase())).await?;
    tx.commit().await?;
    Ok(())
}

fn budget_checks(input: &ContributionInput) -> (Option<StatutoryPartner>, ValidationErrors) {
    let mut e = ValidationErrors::new();
    let partner = partner_code(&input.partner, &mut e);
    if !(2000..=2100).contains(&input.year) {
        e.add("year", "Give the year the financial year starts, for example 2026");
    }
    merge(&mut e, check_amount(input.amount_pence));
    (partner, e)
}

/// What is wrong with a contribution as typed, before anything is read (see `partner_mistakes`).
pub fn budget_mistakes(input: &ContributionInput) -> ValidationErrors {
    budget_checks(input).1
}

/// A partner's contribution to a year's shared budget (MASA-P-10); one per partner and year.
pub async fn add_budget(db: &Db, ctx: &Ctx, input: &ContributionInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let (partner, e) = budget_checks(input);
    e.into_result(())?;
    let partner = parsed(partner)?;
    let mut tx = db.begin().await?;
    let pid = partnership_id(&mut tx, ctx).await?;
    if store::budget_of(&mut tx, ctx.la(), pid).await?.iter().any(|b| b.partner == partner && b.year == input.year) {
        return Err(field_err("year", "This partner's contribution for that year is already recorded: change it instead"));
    }
    let row = BudgetRow {
        id: ctx.new_id(),
        partnership_id: pid,
        partner,
        year: input.year,
        amount_pence: input.amount_pence,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    store::insert_budget(&mut tx, ctx.la(), &row).await?;
    created(&mut tx, ctx, "partnership_budget", row.id, &row, "budget contribution recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A contribution's amount changed, at its version.
pub async fn change_budget(db: &Db, ctx: &Ctx, id: Uuid, input: &ContributionChange) -> Result<()> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    let b = store::get_budget(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("budget contribution"))?;
    if b.version != input.version {
        return Err(stale("budget contribution", b.version));
    }
    check_amount(input.amount_pence)?;
    let read = b.version;
    save(&mut tx, ctx, read, BudgetRow { amount_pence: input.amount_pence, ..b }, "update", "budget contribution changed").await?;
    tx.commit().await?;
    Ok(())
}

/// The partnership as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnershipRecord {
    pub id: Uuid,
    pub name: String,
    /// The council codes covered.
    pub areas: Vec<String>,
    /// The councils covered by name ("Northmoor (990)" where the code is not on the DfE's list).
    pub area_names: Vec<String>,
    pub chair: String,
    pub scrutineer: String,
    pub scrutiny_from: NaiveDate,
    pub scrutiny_to: Option<NaiveDate>,
    pub version: i32,
}

/// A named lead or delegated partner.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NamedPartnerView {
    pub id: Uuid,
    pub partner: String,
    pub partner_label: String,
    pub role: String,
    pub role_label: String,
    pub person_name: String,
    pub role_title: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    /// In post today.
    pub current: bool,
    pub version: i32,
}

/// A relevant agency.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelevantAgencyView {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    /// An education or childcare agency (MASA-P-5).
    pub education_or_childcare: bool,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub current: bool,
    pub version: i32,
}

/// One lead's sign-off of a document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentSignOff {
    pub partner: String,
    pub partner_label: String,
    pub signed_by: Option<String>,
    pub signed_on: Option<NaiveDate>,
}

/// A version of the arrangements or the threshold document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnershipDocumentView {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    pub version_label: String,
    pub published_on: NaiveDate,
    pub link: String,
    /// The site the link leads to ("www.northmoorscp.org.uk"), to name it on the page.
    pub link_site: String,
    pub sign_offs: Vec<DocumentSignOff>,
    /// Counts as published: the threshold document once all three leads have signed it off.
    pub in_force: bool,
    pub version: i32,
}

/// One partner's contribution in a year, with its share of the total.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContributionLine {
    pub id: Uuid,
    pub partner: String,
    pub partner_label: String,
    pub amount_pence: i64,
    /// Hundredths of a per cent of the year's total: 3334 is 33.34%.
    pub share_basis_points: i64,
    pub share: String,
    pub version: i32,
}

/// A financial year's shared budget.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContributionYear {
    pub year: i32,
    pub year_label: String,
    pub total_pence: i64,
    pub lines: Vec<ContributionLine>,
    /// The partners with no contribution recorded for the year; until there are none, shares of
    /// the total are not shown (`share` is "–").
    pub not_recorded: Vec<String>,
}

/// The partnership's record: none of it until it is set up.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArrangementsView {
    pub record: Option<PartnershipRecord>,
    pub partners: Vec<NamedPartnerView>,
    pub agencies: Vec<RelevantAgencyView>,
    pub documents: Vec<PartnershipDocumentView>,
    pub budget: Vec<ContributionYear>,
    /// Partners with no lead named today, by name.
    pub without_lead: Vec<String>,
}

fn current(from: NaiveDate, to: Option<NaiveDate>, today: NaiveDate) -> bool {
    from <= today && to.is_none_or(|t| today <= t)
}

/// The site a link leads to: "https://www.northmoorscp.org.uk/arrangements" is
/// "www.northmoorscp.org.uk".
fn link_site(link: &str) -> String {
    let rest = link.split_once("://").map_or(link, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest).to_owned()
}

fn document_view(d: DocumentRow) -> PartnershipDocumentView {
    let on = signed(&d);
    let by = [d.council_signed_by.clone(), d.icb_signed_by.clone(), d.police_signed_by.clone()];
    let sign_offs = StatutoryPartner::ALL
        .iter()
        .map(|p| DocumentSignOff {
            partner: p.code().into(),
            partner_label: p.label().into(),
            signed_by: by[rules::index(*p)].clone(),
            signed_on: on[rules::index(*p)],
        })
        .collect();
    PartnershipDocumentView {
        id: d.id,
        kind: d.kind.code().into(),
        kind_label: d.kind.label().into(),
        in_force: in_force(d.kind, &on),
        title: d.title,
        version_label: d.version_label,
        published_on: d.published_on,
        link_site: link_site(&d.link),
        link: d.link,
        sign_offs,
        version: d.version,
    }
}

fn budget_years(rows: Vec<BudgetRow>) -> Vec<ContributionYear> {
    let mut years: Vec<i32> = rows.iter().map(|b| b.year).collect();
    years.sort_by_key(|y| std::cmp::Reverse(*y));
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let of_year: Vec<&BudgetRow> = rows.iter().filter(|b| b.year == year).collect();
            let (total, s) = shares(&of_year.iter().map(|b| (b.partner, b.amount_pence)).collect::<Vec<_>>());
            let not_recorded: Vec<String> =
                StatutoryPartner::ALL.iter().filter(|p| !of_year.iter().any(|b| b.partner == **p)).map(|p| p.label().to_owned()).collect();
            let complete = not_recorded.is_empty();
            let lines = s
                .into_iter()
                .filter_map(|s| {
                    let b = of_year.iter().find(|b| b.partner == s.partner)?;
                    Some(ContributionLine {
                        id: b.id,
                        partner: s.partner.code().into(),
                        partner_label: s.partner.label().into(),
                        amount_pence: s.pence,
                        share_basis_points: s.basis_points,
                        share: if complete { format!("{}.{:02}%", s.basis_points / 100, s.basis_points % 100) } else { "–".into() },
                        version: b.version,
                    })
                })
                .collect();
            ContributionYear { year, year_label: rules::year_label(year), total_pence: total, lines, not_recorded }
        })
        .collect()
}

/// The partnership's record: who the partners are now and were, the agencies, the documents with
/// their sign-offs, and the budget by year. Audited as one view.
pub async fn view(db: &Db, ctx: &Ctx) -> Result<ArrangementsView> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let record = store::record_of(&mut tx, ctx.la()).await?;
    let (partners, agencies, documents, budget) = match &record {
        Some(r) => (
            store::partners_of(&mut tx, ctx.la(), r.id).await?,
            store::agencies_of(&mut tx, ctx.la(), r.id).await?,
            store::documents_of(&mut tx, ctx.la(), r.id).await?,
            store::budget_of(&mut tx, ctx.la(), r.id).await?,
        ),
        None => Default::default(),
    };
    audit(&mut tx, ctx, "view", "partnership", record.as_ref().map(|r| r.id.to_string()), "partnership record viewed").await?;
    tx.commit().await?;
    let today = ctx.today();
    let without_lead = if record.is_some() {
        rules::without_lead(&named(&partners), today).into_iter().map(|p| p.label().to_owned()).collect()
    } else {
        vec![]
    };
    let mut partners: Vec<NamedPartnerView> = partners
        .into_iter()
        .map(|p| NamedPartnerView {
            id: p.id,
            partner: p.partner.code().into(),
            partner_label: p.partner.label().into(),
            role: p.role.code().into(),
            role_label: p.role.label().into(),
            current: current(p.from_on, p.to_on, today),
            person_name: p.person_name,
            role_title: p.role_title,
            from: p.from_on,
            to: p.to_on,
            version: p.version,
        })
        .collect();
    partners.sort_by_key(|p| (StatutoryPartner::from_code(&p.partner).map(rules::index), p.role != "lead", std::cmp::Reverse(p.from)));
    Ok(ArrangementsView {
        record: record.map(|r| PartnershipRecord {
            id: r.id,
            area_names: r
                .areas
                .split(',')
                .filter(|a| !a.is_empty())
                .map(|a| ff_returns::ssda903::codes::la_name(a).map_or_else(|| format!("Council {a}"), str::to_owned))
                .collect(),
            areas: r.areas.split(',').filter(|a| !a.is_empty()).map(str::to_owned).collect(),
            name: r.name,
            chair: r.chair,
            scrutineer: r.scrutineer,
            scrutiny_from: r.scrutiny_from,
            scrutiny_to: r.scrutiny_to,
            version: r.version,
        }),
        partners,
        agencies: agencies
            .into_iter()
            .map(|a| RelevantAgencyView {
                id: a.id,
                kind: a.kind.code().into(),
                kind_label: a.kind.label().into(),
                education_or_childcare: a.kind.education_or_childcare(),
                current: current(a.from_on, a.to_on, today),
                name: a.name,
                from: a.from_on,
                to: a.to_on,
                version: a.version,
            })
            .collect(),
        documents: documents.into_iter().map(document_view).collect(),
        budget: budget_years(budget),
        without_lead,
    })
}

/// The financial year a day falls in, by the year it starts (April to March).
pub fn financial_year(day: NaiveDate) -> i32 {
    if day.month() >= 4 { day.year() } else { day.year() - 1 }
}
