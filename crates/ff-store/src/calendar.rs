//! Bank holidays (England and Wales): seeded from the domain's list, extendable by an
//! administrator, never deleted.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct HolidayRow {
    pub holiday_date: NaiveDate,
    pub name: String,
    pub added_at: DateTime<Utc>,
    pub added_by: Option<Uuid>,
}

pub async fn list(tx: &mut Tx) -> Result<Vec<HolidayRow>> {
    Ok(on!(tx, c => sqlx::query_as::<_, HolidayRow>(
        "SELECT holiday_date, name, added_at, added_by FROM bank_holidays WHERE withdrawn_at IS NULL ORDER BY holiday_date")
        .fetch_all(c).await?))
}

/// Returns false if the date was already listed.
pub async fn insert(tx: &mut Tx, date: NaiveDate, name: &str, by: Option<Uuid>, at: DateTime<Utc>) -> Result<bool> {
    Ok(on!(tx, c => sqlx::query(
        "INSERT INTO bank_holidays (holiday_date, name, added_at, added_by) VALUES ($1, $2, $3, $4) ON CONFLICT (holiday_date) DO NOTHING")
        .bind(date).bind(name).bind(at).bind(by).execute(c).await?.rows_affected())
        > 0)
}

pub async fn is_empty(tx: &mut Tx) -> Result<bool> {
    let n: i64 = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM bank_holidays").fetch_one(c).await?);
    Ok(n == 0)
}
