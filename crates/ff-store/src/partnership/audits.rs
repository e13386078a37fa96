//! Multi-agency audits (`ff_domain::partnership::audits`, MASA-SYS-6): one row per audit under the
//! host council's code, changed whole at the version read and never deleted. A partnership holds
//! a handful of audits a year: the list reads at most `LIMIT` rows, newest first.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::partnership::audits::Grading;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Result, Tx, on};

const LIMIT: i64 = 1_000;

/// A multi-agency audit.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: Uuid,
    pub theme: String,
    pub audited_on: NaiveDate,
    /// The agencies taking part, their codes separated by commas.
    pub agencies: String,
    pub cases: i32,
    pub findings: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "crate::codes::as_code")]
    pub grading: Grading,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, theme, audited_on, agencies, cases, findings, grading, version, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, a: &AuditRow) -> Result<()> {
    let sql = format!("INSERT INTO partnership_audits (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(a.id).bind(&a.theme).bind(a.audited_on).bind(&a.agencies).bind(a.cases).bind(&a.findings).bind(a.grading.code())
        .bind(a.version).bind(a.created_at).bind(a.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<AuditRow>> {
    let sql = format!("SELECT {COLS} FROM partnership_audits WHERE la_code = $1 AND id = $2");
    crate::select::one(tx, &sql, la, id).await
}

/// Every audit, newest first (`partnership_audits_on`).
pub async fn all(tx: &mut Tx, la: &str) -> Result<Vec<AuditRow>> {
    let sql = format!("SELECT {COLS} FROM partnership_audits WHERE la_code = $1 ORDER BY audited_on DESC, id DESC LIMIT {LIMIT}");
    Ok(on!(tx, x => sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).fetch_all(x).await?))
}

/// Writes an audit at the version read; false when it changed first.
pub async fn update(tx: &mut Tx, la: &str, a: &AuditRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_audits SET theme = $3, audited_on = $4, agencies = $5, cases = $6, findings = $7, grading = $8, version = $9 \
         WHERE la_code = $1 AND id = $2 AND version = $10")
        .bind(la).bind(a.id).bind(&a.theme).bind(a.audited_on).bind(&a.agencies).bind(a.cases).bind(&a.findings).bind(a.grading.code())
        .bind(a.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}
