//! The partnership's yearly report (MASA-P-9, MASA-SYS-8): one row per reporting year
//! (`partnership_reports_one`) holding the business manager's words per section as JSON and each
//! lead partner's sign-off; changed whole at the version read and never deleted. Its figures are
//! not stored: they are counted from the records each time it is read.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct ReportRow {
    pub id: Uuid,
    pub partnership_id: Uuid,
    /// The reporting year by the year it starts.
    pub year: i32,
    /// The words per section as JSON: {"section": "text"}.
    pub narrative: String,
    pub council_signed_by: Option<String>,
    pub council_signed_on: Option<NaiveDate>,
    pub icb_signed_by: Option<String>,
    pub icb_signed_on: Option<NaiveDate>,
    pub police_signed_by: Option<String>,
    pub police_signed_on: Option<NaiveDate>,
    /// Once final: the day it was published, and the days sent to the national Panel and to
    /// Foundations (MASA-SYS-8, 0061).
    #[serde(default)]
    pub published_on: Option<NaiveDate>,
    #[serde(default)]
    pub panel_sent_on: Option<NaiveDate>,
    #[serde(default)]
    pub foundations_sent_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, partnership_id, year, narrative, council_signed_by, council_signed_on, icb_signed_by, icb_signed_on, \
                    police_signed_by, police_signed_on, published_on, panel_sent_on, foundations_sent_on, version, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, r: &ReportRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO partnership_reports (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(r.id).bind(r.partnership_id).bind(r.year).bind(&r.narrative).bind(&r.council_signed_by).bind(r.council_signed_on)
        .bind(&r.icb_signed_by).bind(r.icb_signed_on).bind(&r.police_signed_by).bind(r.police_signed_on)
        .bind(r.published_on).bind(r.panel_sent_on).bind(r.foundations_sent_on).bind(r.version)
        .bind(r.created_at).bind(r.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ReportRow>> {
    let sql = format!("SELECT {COLS} FROM partnership_reports WHERE la_code = $1 AND id = $2");
    crate::select::one(tx, &sql, la, id).await
}

/// Every yearly report, newest year first: one a year.
pub async fn all(tx: &mut Tx, la: &str) -> Result<Vec<ReportRow>> {
    let sql = format!("SELECT {COLS} FROM partnership_reports WHERE la_code = $1 ORDER BY year DESC LIMIT 100");
    Ok(on!(tx, x => sqlx::query_as::<_, ReportRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).fetch_all(x).await?))
}

/// Writes a report at the version read; false when it changed first.
pub async fn update(tx: &mut Tx, la: &str, r: &ReportRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_reports SET narrative = $3, council_signed_by = $4, council_signed_on = $5, icb_signed_by = $6, \
         icb_signed_on = $7, police_signed_by = $8, police_signed_on = $9, published_on = $10, panel_sent_on = $11, \
         foundations_sent_on = $12, version = $13 WHERE la_code = $1 AND id = $2 AND version = $14")
        .bind(la).bind(r.id).bind(&r.narrative).bind(&r.council_signed_by).bind(r.council_signed_on).bind(&r.icb_signed_by)
        .bind(r.icb_signed_on).bind(&r.police_signed_by).bind(r.police_signed_on).bind(r.published_on).bind(r.panel_sent_on)
        .bind(r.foundations_sent_on).bind(r.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}
