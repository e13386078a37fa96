//! Foster carers: the council's fostering households from the first enquiry,
//! through the initial visit, assessment and fostering panel, to approval on terms (ages, number
//! of children, brothers and sisters together), the yearly review of approval, and the end of
//! approval; a connected person's temporary approval; and the weekly allowances the council pays,
//! never below the national minimum. Rules: `ff_domain::carers` (CR-1 to CR-6).
//!
//! A child's foster placement names the household, within its approval (CR-6), so vacancies are
//! the approved places less the children placed with it now.

use chrono::NaiveDate;
use ff_domain::carers::{
    AgeBand, AllowanceRates, ApprovalEnd, ApprovalTerms, CarerKind, CarerStage, TEMPORARY_MOST_WEEKS, TEMPORARY_WEEKS, check_council_rates,
    check_date, check_end, check_review, check_stage, check_temporary, check_terms, rates_on, review_due,
};
use ff_domain::policy::Action;
use ff_store::carers::{CarerRow, CarerStepRow};
use ff_store::{Db, StoreError, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::versioned::{self, aggregate};
use crate::{Ctx, Result, ServiceError, audit, field_err, stale, trimmed};

mod views;
pub use views::*;

const RECORD: &str = "foster_carer";
/// Households on a page of the list.
pub const PAGE: u32 = 25;

/// A new household, from its first enquiry.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CarerInput {
    /// The carers' names, as the household is known ("Sam and Alex Reid").
    pub name: String,
    /// mainstream, connected_person or parent_and_child.
    pub kind: String,
    /// The first half of the postcode, if known ("NM4").
    #[serde(default)]
    pub postcode_area: Option<String>,
    /// The groups it could take that are hard to place: sibling groups, teenagers, unaccompanied
    /// asylum-seeking children, parent and child.
    #[serde(default)]
    pub takes_siblings: bool,
    #[serde(default)]
    pub takes_teenagers: bool,
    #[serde(default)]
    pub takes_uasc: bool,
    #[serde(default)]
    pub takes_parent_and_child: bool,
    pub enquiry_on: NaiveDate,
}

/// The household's details as they are now: names, postcode area and the groups it could take
/// (its kind stays as it was enquired about).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CarerDetailsInput {
    pub name: String,
    #[serde(default)]
    pub postcode_area: Option<String>,
    #[serde(default)]
    pub takes_siblings: bool,
    #[serde(default)]
    pub takes_teenagers: bool,
    #[serde(default)]
    pub takes_uasc: bool,
    #[serde(default)]
    pub takes_parent_and_child: bool,
    pub version: i32,
}

/// The household reaches a stage of recruitment (CR-1): initial_visit, assessment, panel, or
/// leaves it: withdrawn or not_approved (with a reason). Approval has its own call, with terms.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CarerStageInput {
    pub stage: String,
    pub on: NaiveDate,
    /// Why it withdrew or was not approved.
    #[serde(default)]
    pub reason: Option<String>,
    /// The household's version, as read.
    pub version: i32,
}

/// Approval, or new terms of approval, from `on` (CR-3).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CarerTermsInput {
    pub on: NaiveDate,
    pub age_from: u32,
    pub age_to: u32,
    pub places: u32,
    #[serde(default)]
    pub siblings_together: bool,
    /// Needed for more than 3 children: the exemption from the usual fostering limit.
    #[serde(default)]
    pub exemption_reason: Option<String>,
    pub version: i32,
}

/// A connected person's temporary approval (CR-4, reg 24), or its extension once it is in place.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CarerTemporaryInput {
    /// The day of the decision.
    pub on: NaiveDate,
    /// Until when; if left out, 16 weeks from `on` (or, for an extension, 24 weeks from the day
    /// the temporary approval began).
    #[serde(default)]
    pub until: Option<NaiveDate>,
    pub version: i32,
}

/// The yearly review of approval (CR-5, reg 28).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CarerReviewInput {
    pub on: NaiveDate,
    pub version: i32,
}

/// The approval ends (CR-1): resigned or deregistered, and why.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CarerEndInput {
    pub on: NaiveDate,
    /// resigned or deregistered.
    pub reason: String,
    /// Why, in a few words.
    #[serde(default)]
    pub details: Option<String>,
    pub version: i32,
}

/// Weekly allowances from a date, in pence per age band: the council's own (CR-2: never below
/// the national minimum in force that day), or, with `national_minimum`, the national minimum
/// allowance as the Department for Education publishes it. Rates with the same start date
/// replace the ones there.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CarerRatesInput {
    /// True to record the national minimum rather than the council's own rates.
    #[serde(default)]
    pub national_minimum: bool,
    pub from: NaiveDate,
    pub age_0_2_pence: u32,
    pub age_3_4_pence: u32,
    pub age_5_10_pence: u32,
    pub age_11_15_pence: u32,
    pub age_16_17_pence: u32,
    /// The council settings' version, as read.
    pub version: i32,
}

/// CR-6: the household a child is placed with, checked against its approval on the day (`already`
/// is the household the child is placed with now, whose place they keep). Returns the id to store.
pub(crate) async fn check_placed_with(
    tx: &mut Tx,
    ctx: &Ctx,
    carer: Option<Uuid>,
    facts: &ff_domain::looked_after::EpisodeFacts,
    on: NaiveDate,
    age: Option<u32>,
    already: Option<Uuid>,
) -> Result<Option<Uuid>> {
    let Some(id) = carer else { return Ok(None) };
    let c = ff_store::carers::get(tx, ctx.la(), id).await?.ok_or_else(|| field_err("carer_id", "Choose foster carers from the list"))?;
    let temporary = c.kind == CarerKind::ConnectedPerson
        && c.stage.in_recruitment()
        && c.temporary_from.is_some_and(|f| f <= on)
        && c.temporary_until.is_some_and(|u| on <= u);
    let approved_then = approved(&c) && c.approved_on.is_some_and(|a| a <= on);
    let placed = ff_store::looked_after::placed_with(tx, ctx.la(), &[id]).await?.first().map_or(0, |(_, n)| *n);
    let placed = u32::try_from(placed).unwrap_or(u32::MAX).saturating_sub(u32::from(already == Some(id)));
    let terms = if approved_then { terms_of(&c).map(|t| (t.age_from, t.age_to, t.places)) } else { None };
    let h = ff_domain::carers::HouseholdFacts { kind: c.kind, approved: approved_then || temporary, terms, placed };
    ff_domain::carers::check_placement_with(&h, facts.placement.kind.code(), age)?;
    Ok(Some(id))
}

/// The council's approved households (and connected people approved temporarily) for the
/// placement forms: (id, name and kind).
pub async fn placeable(db: &Db, ctx: &Ctx) -> Result<Vec<(Uuid, String)>> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    let mut rows = ff_store::carers::list(&mut tx, ctx.la(), Some(CarerStage::Approved.code()), 2_000, 0).await?;
    let today = ctx.today();
    for stage in [CarerStage::Enquiry, CarerStage::InitialVisit, CarerStage::Assessment, CarerStage::Panel] {
        let more = ff_store::carers::list(&mut tx, ctx.la(), Some(stage.code()), 2_000, 0).await?;
        rows.extend(more.into_iter().filter(|c| c.temporary_until.is_some_and(|u| u >= today)));
    }
    tx.commit().await?;
    Ok(rows.into_iter().map(|c| (c.id, format!("{} ({})", c.name, c.kind.label().split(':').next().unwrap_or("")))).collect())
}

async fn load(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<CarerRow> {
    ff_store::carers::get(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("foster carer"))
}

/// The council's households, a page at a time, at one stage or all (ViewCarers).
pub async fn list(db: &Db, ctx: &Ctx, stage: Option<&str>, page: u32) -> Result<CarerList> {
    ctx.authorise(Action::ViewCarers)?;
    let stage = stage.map(str::trim).filter(|s| !s.is_empty());
    if let Some(s) = stage
        && CarerStage::from_code(s).is_none()
    {
        return Err(field_err("stage", "Choose a stage from the list"));
    }
    let page = page.max(1);
    let mut tx = db.begin().await?;
    let limit = i64::from(PAGE);
    let mut rows = ff_store::carers::list(&mut tx, ctx.la(), stage, limit + 1, i64::from(page - 1) * limit).await?;
    let has_more = rows.len() as i64 > limit;
    rows.truncate(PAGE as usize);
    let counts = ff_store::carers::count_by_stage(&mut tx, ctx.la()).await?;
    let approved_places = ff_store::carers::approved_places(&mut tx, ctx.la()).await?;
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let placed = ff_store::looked_after::placed_with(&mut tx, ctx.la(), &ids).await?;
    let placed_of = |id: Uuid| placed.iter().find(|(c, _)| *c == id).map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX));
    let placed_anywhere = ff_store::looked_after::placed_with_any(&mut tx, ctx.la()).await?;
    let today = ctx.today();
    Ok(CarerList {
        stage: stage.map(str::to_owned),
        page,
        has_more,
        carers: rows.iter().map(|c| summary(c, today, placed_of(c.id))).collect(),
        counts: CarerStage::ALL
            .iter()
            .map(|s| CarerStageCount {
                stage: s.code().into(),
                stage_label: s.label().into(),
                count: counts.iter().find(|(c, _)| c == s.code()).map(|(_, n)| *n).unwrap_or(0),
            })
            .collect(),
        approved_places,
        vacancies: (approved_places - placed_anywhere).max(0),
    })
}

/// A household's page (ViewCarers); the view is audited.
pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> Result<CarerView> {
    ctx.authorise(Action::ViewCarers)?;
    let mut tx = db.begin().await?;
    let c = load(&mut tx, ctx, id).await?;
    let steps = ff_store::carers::steps_of(&mut tx, ctx.la(), id).await?;
    let living = ff_store::looked_after::living_with(&mut tx, ctx.la(), id).await?;
    let placed = u32::try_from(living.len()).unwrap_or(u32::MAX);
    let settings = crate::settings_and_calendar(&mut tx, ctx.la()).await?.0;
    let today = ctx.today();
    let stage = c.stage;
    let terms = if approved(&c) { terms_of(&c) } else { None };
    let due = due_of(&c);
    let next = stage.next().filter(|n| *n != CarerStage::Approved);
    // Every view of a household's record is audited, as every change is.
    audit(&mut tx, ctx, "view", RECORD, Some(id.to_string()), "foster carer record viewed").await?;
    tx.commit().await?;
    Ok(CarerView {
        id: c.id,
        name: c.name.clone(),
        kind: c.kind.code().into(),
        kind_label: c.kind.label().into(),
        connected_person: c.kind == CarerKind::ConnectedPerson,
        postcode_area: c.postcode_area.clone(),
        takes_siblings: c.takes_siblings,
        takes_teenagers: c.takes_teenagers,
        takes_uasc: c.takes_uasc,
        takes_parent_and_child: c.takes_parent_and_child,
        stage: c.stage.code().into(),
        stage_label: stage.label().into(),
        stage_on: c.stage_on,
        enquiry_on: c.enquiry_on,
        last_step_on: c.last_step_on,
        in_recruitment: stage.in_recruitment(),
        next_stage: next.map(|n| n.code().into()),
        next_stage_label: next.map(|n| n.label().into()),
        closed_reason: c.closed_reason.clone(),
        temporary_from: c.temporary_from.filter(|_| stage.in_recruitment()),
        temporary_until: c.temporary_until.filter(|_| stage.in_recruitment()),
        approved_on: c.approved_on,
        vacancies: terms.as_ref().map(|t| t.places.saturating_sub(placed)),
        children: living
            .iter()
            .map(|l| views::LivingHereView {
                child_id: l.child_id,
                name: format!("{} {}", l.given_name, l.family_name),
                age: ff_domain::people::age(l.date_of_birth, today),
                since: l.since,
            })
            .collect(),
        allowances: allowances_for(&settings.carers, terms.as_ref(), today),
        terms,
        last_review_on: c.last_review_on,
        review_due: due,
        review_overdue: due.is_some_and(|d| d < today),
        steps: steps
            .iter()
            .rev()
            .map(|s| CarerStepView { step: s.step.clone(), step_label: step_label(&s.step), on: s.step_on, details: s.details.clone() })
            .collect(),
        version: c.version,
    })
}

fn household_name(typed: &str) -> Result<String> {
    let name = typed.trim().to_owned();
    if let Some(problem) = ff_domain::text::name_problem(&name) {
        return Err(field_err("name", problem));
    }
    if name.is_empty() || name.chars().count() > 200 {
        return Err(field_err("name", "Enter the carers' names (200 characters or fewer)"));
    }
    Ok(name)
}

fn postcode_area(typed: &Option<String>) -> Result<Option<String>> {
    let area = trimmed(typed).map(|p| p.to_uppercase());
    if area.as_deref().is_some_and(|p| p.chars().count() > 4 || !p.chars().all(|c| c.is_ascii_alphanumeric())) {
        return Err(field_err("postcode_area", "Enter the first half of the postcode only, like NM4"));
    }
    Ok(area)
}

/// Record a household's first enquiry (ManageCarers).
pub async fn create(db: &Db, ctx: &Ctx, input: &CarerInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageCarers)?;
    let name = household_name(&input.name)?;
    let kind = CarerKind::from_code(input.kind.trim()).ok_or_else(|| field_err("kind", "Choose the kind of foster carers"))?;
    let postcode_area = postcode_area(&input.postcode_area)?;
    let earliest = NaiveDate::from_ymd_opt(ff_domain::calendar::EARLIEST_YEAR, 1, 1).unwrap_or_default();
    check_date(input.enquiry_on, earliest, ctx.today())?;
    let row = CarerRow {
        id: ctx.new_id(),
        name,
        kind,
        postcode_area,
        takes_siblings: input.takes_siblings,
        takes_teenagers: input.takes_teenagers,
        takes_uasc: input.takes_uasc,
        takes_parent_and_child: input.takes_parent_and_child,
        stage: CarerStage::Enquiry,
        stage_on: input.enquiry_on,
        enquiry_on: input.enquiry_on,
        last_step_on: input.enquiry_on,
        closed_reason: None,
        temporary_from: None,
        temporary_until: None,
        approved_on: None,
        age_from: None,
        age_to: None,
        places: None,
        siblings_together: false,
        exemption_reason: None,
        terms_from: None,
        last_review_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    let mut tx = db.begin().await?;
    ff_store::carers::insert(&mut tx, ctx.la(), &row).await?;
    step_row(&mut tx, ctx, row.id, "enquiry", input.enquiry_on, None).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), RECORD, row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", RECORD, Some(row.id.to_string()), format!("foster carer enquiry ({})", kind.code())).await?;
    tx.commit().await?;
    Ok(row.id)
}

async fn step_row(tx: &mut Tx, ctx: &Ctx, carer: Uuid, step: &str, on: NaiveDate, details: Option<String>) -> Result<()> {
    let s = CarerStepRow {
        id: ctx.new_id(),
        carer_id: carer,
        step: step.into(),
        step_on: on,
        details,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    Ok(ff_store::carers::insert_step(tx, ctx.la(), &s).await?)
}

/// Reads the household for a change at `version` (ManageCarers; 409 when it moved on).
async fn open(db: &Db, ctx: &Ctx, id: Uuid, version: i32) -> Result<(Tx, CarerRow)> {
    ctx.authorise(Action::ManageCarers)?;
    let mut tx = db.begin().await?;
    let c = load(&mut tx, ctx, id).await?;
    if c.version != version {
        return Err(stale("foster carer record", c.version));
    }
    Ok((tx, c))
}

aggregate!(CarerRow, RECORD, "foster carer record", |c, tx, la, read| ff_store::carers::update(tx, la, c, read));

/// Writes the household's next state with its step, version and audit event, and commits.
async fn save(mut tx: Tx, ctx: &Ctx, read: &CarerRow, mut next: CarerRow, step: (&str, NaiveDate, Option<String>)) -> Result<()> {
    let (kind, on, details) = step;
    next.last_step_on = on;
    step_row(&mut tx, ctx, next.id, kind, on, details).await?;
    versioned::save(&mut tx, ctx, read.version, next, "update", format!("foster carer: {}", kind.replace('_', " "))).await?;
    tx.commit().await?;
    Ok(())
}

/// The household's details change (ManageCarers), at its version: not a step, so no date.
pub async fn change_details(db: &Db, ctx: &Ctx, id: Uuid, input: &CarerDetailsInput) -> Result<()> {
    let name = household_name(&input.name)?;
    let postcode_area = postcode_area(&input.postcode_area)?;
    let (mut tx, c) = open(db, ctx, id, input.version).await?;
    let next = CarerRow {
        name,
        postcode_area,
        takes_siblings: input.takes_siblings,
        takes_teenagers: input.takes_teenagers,
        takes_uasc: input.takes_uasc,
        takes_parent_and_child: input.takes_parent_and_child,
        ..c.clone()
    };
    versioned::save(&mut tx, ctx, c.version, next, "update", "foster carer: details changed").await?;
    tx.commit().await?;
    Ok(())
}

/// The household reaches the next stage of recruitment, withdraws or is not approved (CR-1).
pub async fn stage(db: &Db, ctx: &Ctx, id: Uuid, input: &CarerStageInput) -> Result<()> {
    let to = CarerStage::from_code(input.stage.trim())
        .filter(|s| {
            matches!(
                s,
                CarerStage::InitialVisit | CarerStage::Assessment | CarerStage::Panel | CarerStage::NotApproved | CarerStage::Withdrawn
            )
        })
        .ok_or_else(|| {
            field_err(
                "stage",
                "Choose initial_visit, assessment, panel, not_approved or withdrawn (approval has its own form, with its terms)",
            )
        })?;
    let (tx, c) = open(db, ctx, id, input.version).await?;
    let reason = trimmed(&input.reason);
    if matches!(to, CarerStage::NotApproved | CarerStage::Withdrawn) && reason.is_none() {
        return Err(field_err("reason", "Say why"));
    }
    check_stage(c.stage, to, input.on, c.last_step_on, ctx.today(), reason.as_deref())?;
    let closing = matches!(to, CarerStage::NotApproved | CarerStage::Withdrawn);
    let next = CarerRow { stage: to, stage_on: input.on, closed_reason: if closing { reason.clone() } else { None }, ..c.clone() };
    save(tx, ctx, &c, next, (to.code(), input.on, if closing { reason } else { None })).await
}

fn terms_from_input(input: &CarerTermsInput) -> Result<ApprovalTerms> {
    let t = ApprovalTerms {
        age_from: input.age_from,
        age_to: input.age_to,
        places: input.places,
        siblings_together: input.siblings_together,
        exemption_reason: trimmed(&input.exemption_reason),
    };
    check_terms(&t)?;
    Ok(t)
}

fn with_terms(c: &CarerRow, t: &ApprovalTerms, on: NaiveDate) -> CarerRow {
    let i = |v: u32| i32::try_from(v).ok();
    CarerRow {
        age_from: i(t.age_from),
        age_to: i(t.age_to),
        places: i(t.places),
        siblings_together: t.siblings_together,
        exemption_reason: if t.places > ff_domain::carers::USUAL_LIMIT { t.exemption_reason.clone() } else { None },
        terms_from: Some(on),
        ..c.clone()
    }
}

/// Approved after the fostering panel, on terms (CR-1, CR-3).
pub async fn approve(db: &Db, ctx: &Ctx, id: Uuid, input: &CarerTermsInput) -> Result<()> {
    let (tx, c) = open(db, ctx, id, input.version).await?;
    check_stage(c.stage, CarerStage::Approved, input.on, c.last_step_on, ctx.today(), None)?;
    let t = terms_from_input(input)?;
    let next = CarerRow { stage: CarerStage::Approved, stage_on: input.on, approved_on: Some(input.on), ..with_terms(&c, &t, input.on) };
    save(tx, ctx, &c, next, ("approved", input.on, Some(terms_text(&t)))).await
}

/// New terms of approval from `on` (CR-3), while approved.
pub async fn change_terms(db: &Db, ctx: &Ctx, id: Uuid, input: &CarerTermsInput) -> Result<()> {
    let (tx, c) = open(db, ctx, id, input.version).await?;
    if !approved(&c) {
        return Err(ServiceError::Rule(ff_domain::RuleRefusal {
            rule: "CR-3",
            message: "Only an approved household's terms of approval can change.".into(),
        }));
    }
    check_date(input.on, c.last_step_on, ctx.today())?;
    let t = terms_from_input(input)?;
    let next = with_terms(&c, &t, input.on);
    save(tx, ctx, &c, next, ("terms_changed", input.on, Some(terms_text(&t)))).await
}

/// A connected person approved temporarily, or the temporary approval extended (CR-4).
pub async fn temporary(db: &Db, ctx: &Ctx, id: Uuid, input: &CarerTemporaryInput) -> Result<()> {
    let (tx, c) = open(db, ctx, id, input.version).await?;
    let began = c.temporary_from;
    let start = began.unwrap_or(input.on);
    let weeks = if began.is_some() { TEMPORARY_MOST_WEEKS } else { TEMPORARY_WEEKS };
    let until = match input.until {
        Some(u) => u,
        None => start.checked_add_days(chrono::Days::new(weeks * 7)).ok_or_else(|| field_err("on", "Enter a real date"))?,
    };
    check_temporary(c.kind, c.stage, began, input.on, until, c.last_step_on, ctx.today())?;
    let next = CarerRow { temporary_from: Some(start), temporary_until: Some(until), ..c.clone() };
    let step = if began.is_some() { "temporary_extension" } else { "temporary_approval" };
    save(tx, ctx, &c, next, (step, input.on, Some(format!("Until {}", until.format("%-d %B %Y"))))).await
}

/// The yearly review of approval (CR-5).
pub async fn review(db: &Db, ctx: &Ctx, id: Uuid, input: &CarerReviewInput) -> Result<()> {
    let (tx, c) = open(db, ctx, id, input.version).await?;
    check_review(c.stage, input.on, c.last_step_on, ctx.today())?;
    let next = CarerRow { last_review_on: Some(input.on), ..c.clone() };
    save(tx, ctx, &c, next, ("reviewed", input.on, None)).await
}

/// The approval ends: the carers resigned or were deregistered, and why (CR-1).
pub async fn end(db: &Db, ctx: &Ctx, id: Uuid, input: &CarerEndInput) -> Result<()> {
    let (tx, c) = open(db, ctx, id, input.version).await?;
    let why = ApprovalEnd::from_code(input.reason.trim()).ok_or_else(|| field_err("reason", "Choose why the approval ended"))?;
    let details = trimmed(&input.details).ok_or_else(|| field_err("details", "Say why the approval ended"))?;
    check_end(c.stage, input.on, c.last_step_on, ctx.today())?;
    let reason = format!("{}: {details}", why.label());
    let next = CarerRow { stage: CarerStage::Ended, stage_on: input.on, closed_reason: Some(reason.clone()), ..c.clone() };
    save(tx, ctx, &c, next, ("ended", input.on, Some(reason))).await
}

/// Today's allowances and every dated set of rates (ViewCarers).
pub async fn allowances(db: &Db, ctx: &Ctx) -> Result<CarerAllowancesView> {
    ctx.authorise(Action::ViewCarers)?;
    let mut tx = db.begin().await?;
    let cur = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?;
    let s = &cur.settings.carers;
    Ok(CarerAllowancesView {
        today: allowances_for(s, None, ctx.today()),
        national_minimum: s.national_minimum.iter().map(CarerRates::from).collect(),
        area: s.area.code().into(),
        area_label: s.area.label().into(),
        council_rates: s.council_rates.iter().map(CarerRates::from).collect(),
        version: cur.version,
    })
}

/// The council's own weekly rates from a date (CR-2), or the national minimum, saved as a new
/// version of the council's settings (ManageCarers; 409 when the settings changed since
/// `version`).
pub async fn set_council_rates(db: &Db, ctx: &Ctx, input: &CarerRatesInput) -> Result<()> {
    ctx.authorise(Action::ManageCarers)?;
    let rates = AllowanceRates {
        from: input.from,
        age_0_2_pence: input.age_0_2_pence,
        age_3_4_pence: input.age_3_4_pence,
        age_5_10_pence: input.age_5_10_pence,
        age_11_15_pence: input.age_11_15_pence,
        age_16_17_pence: input.age_16_17_pence,
    };
    if AgeBand::ALL.iter().any(|b| rates.weekly(*b) == 0 || rates.weekly(*b) > 200_000) {
        return Err(field_err("rates", "Enter a weekly amount for every age band, from £0.01 to £2,000"));
    }
    let mut tx = db.begin().await?;
    let cur = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?;
    if cur.version != input.version {
        return Err(stale("council settings", cur.version));
    }
    // A national minimum already in force stays as it was: a new one is added from its own date.
    if input.national_minimum && cur.settings.carers.national_minimum.iter().any(|r| r.from == rates.from && r.from <= ctx.today()) {
        return Err(ff_domain::RuleRefusal {
            rule: "CR-2",
            message: "A national minimum already in force is kept as it was: record the new amounts from the date they start.".into(),
        }
        .into());
    }
    let mut new = cur.settings.clone();
    let list = if input.national_minimum {
        &mut new.carers.national_minimum
    } else {
        check_council_rates(&rates, &cur.settings.carers.national_minimum)?;
        &mut new.carers.council_rates
    };
    list.retain(|r| r.from != rates.from);
    list.push(rates);
    list.sort_by_key(|r| r.from);
    new.validate()?;
    let version = cur.version + 1;
    match ff_store::settings::insert(&mut tx, ctx.la(), version, &new, Some(ctx.actor.user_id), ctx.now).await {
        Err(StoreError::Unique(_)) => return Err(stale("council settings", version)),
        other => other?,
    }
    audit(
        &mut tx,
        ctx,
        "update",
        "la_settings",
        Some(ctx.la().to_owned()),
        format!("settings version {version}: foster carers' allowances"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
