//! The working-day calendar service: bank holidays from the database, arithmetic from the domain
//! (domain reference §11).

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::calendar::{DayCounting, WorkingCalendar, england_and_wales_bank_holidays_2022_2028};
use ff_domain::policy::Action;
use ff_store::Db;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{Ctx, Result, audit};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// Seed the bank holidays (2022–2028) into an empty table. Run at start-up; idempotent.
pub async fn seed_if_empty(db: &Db, now: chrono::DateTime<chrono::Utc>) -> Result<usize> {
    let mut tx = db.begin().await?;
    if !ff_store::calendar::is_empty(&mut tx).await? {
        return Ok(0);
    }
    let seed = england_and_wales_bank_holidays_2022_2028();
    for h in &seed {
        ff_store::calendar::insert(&mut tx, h.date, &h.name, None, now).await?;
    }
    tx.commit().await?;
    Ok(seed.len())
}

pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<Holiday>> {
    ctx.authorise(Action::ViewCalendar)?;
    let mut tx = db.begin().await?;
    Ok(ff_store::calendar::list(&mut tx).await?.into_iter().map(|h| Holiday { date: h.holiday_date, name: h.name }).collect())
}

/// The calendar as the domain uses it, from the stored holidays.
pub async fn working_calendar(db: &Db) -> Result<WorkingCalendar> {
    let mut tx = db.begin().await?;
    let rows = ff_store::calendar::list(&mut tx).await?;
    Ok(WorkingCalendar::new(rows.into_iter().map(|h| h.holiday_date)))
}

/// Add a bank holiday (for example one proclaimed for a royal occasion).
/// What is wrong with a bank holiday's name, if anything: asked of the form too, so a date that
/// cannot be read and a missing name are reported together.
pub fn check_holiday_name(name: &str) -> ValidationErrors {
    let name = name.trim();
    let mut errors = ValidationErrors::new();
    if name.is_empty() {
        errors.add("name", "Enter the name of the bank holiday");
    }
    if name.chars().count() > 120 {
        errors.add("name", "The name must be 120 characters or fewer");
    }
    errors
}

pub async fn add_holiday(db: &Db, ctx: &Ctx, date: NaiveDate, name: &str) -> Result<()> {
    ctx.authorise(Action::ManageCalendar)?;
    let name = name.trim();
    check_holiday_name(name).into_result(())?;
    let mut tx = db.begin().await?;
    if !ff_store::calendar::insert(&mut tx, date, name, Some(ctx.actor.user_id), ctx.now).await? {
        return Err(ValidationErrors::single("date", format!("{} is already a bank holiday", date.format("%-d %B %Y"))).into());
    }
    audit(&mut tx, ctx, "create", "bank_holiday", Some(date.to_string()), "bank holiday added").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueDate {
    pub from: NaiveDate,
    pub working_days: u32,
    /// `event_is_day_zero` (default) or `event_is_day_one`, from the LA's settings.
    pub counting: String,
    pub due: NaiveDate,
}

/// "N working days from this date", counted the way the LA has configured.
pub async fn due_date(db: &Db, ctx: &Ctx, from: NaiveDate, working_days: u32) -> Result<DueDate> {
    ctx.authorise(Action::ViewCalendar)?;
    if working_days > 1000 {
        return Err(ValidationErrors::single("working_days", "Enter a number of working days from 0 to 1000").into());
    }
    let settings = crate::settings::current_for_la(db, ctx.la()).await?;
    let cal = working_calendar(db).await?;
    let counting = settings.settings.day_counting;
    Ok(DueDate {
        from,
        working_days,
        counting: match counting {
            DayCounting::EventIsDayZero => "event_is_day_zero".into(),
            DayCounting::EventIsDayOne => "event_is_day_one".into(),
        },
        due: cal.add_working_days(from, working_days, counting),
    })
}
