//! Section 11 self-assessments (`ff_domain::partnership::section11`, MASA-SYS-6): one return per
//! relevant agency and year (`partnership_s11_returns_one`), its eight ratings kept together as
//! JSON, changed whole at the version read and never deleted.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Result, Tx, on};

/// An agency's return for a year.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct ReturnRow {
    pub id: Uuid,
    pub agency_id: Uuid,
    /// The financial year by the year it starts.
    pub year: i32,
    pub returned_on: NaiveDate,
    /// The ratings as JSON: [{"standard", "rating", "note"}].
    pub ratings: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, agency_id, year, returned_on, ratings, version, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, r: &ReturnRow) -> Result<()> {
    let sql = format!("INSERT INTO partnership_s11_returns (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(r.id).bind(r.agency_id).bind(r.year).bind(r.returned_on).bind(&r.ratings).bind(r.version).bind(r.created_at)
        .bind(r.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ReturnRow>> {
    let sql = format!("SELECT {COLS} FROM partnership_s11_returns WHERE la_code = $1 AND id = $2");
    crate::select::one(tx, &sql, la, id).await
}

/// Every return for a year (`partnership_s11_returns_one`): one per agency, tens at most.
pub async fn of_year(tx: &mut Tx, la: &str, year: i32) -> Result<Vec<ReturnRow>> {
    let sql = format!("SELECT {COLS} FROM partnership_s11_returns WHERE la_code = $1 AND year = $2 ORDER BY returned_on, id");
    Ok(on!(tx, x => sqlx::query_as::<_, ReturnRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(year).fetch_all(x).await?))
}

/// Writes a return at the version read; false when it changed first.
pub async fn update(tx: &mut Tx, la: &str, r: &ReturnRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_s11_returns SET returned_on = $3, ratings = $4, version = $5 WHERE la_code = $1 AND id = $2 AND version = $6")
        .bind(la).bind(r.id).bind(r.returned_on).bind(&r.ratings).bind(r.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}
