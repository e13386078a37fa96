//! Shared written records: a child protection plan's in `cp_plan_records`, a
//! family help plan's in `fh_plan_records`, a conference's in `conference_records` and a plan
//! review's in `plan_review_records`, each with its sections as JSON text, made by the first save
//! and saved only at the version it was read at.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Result, Tx, on};

/// Which table a record lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanTable {
    ChildProtection,
    FamilyHelp,
    Conference,
    PlanReview,
}

impl PlanTable {
    /// The table and its plan column (fixed names, never from input).
    fn names(self) -> (&'static str, &'static str) {
        match self {
            PlanTable::ChildProtection => ("cp_plan_records", "cp_plan_id"),
            PlanTable::FamilyHelp => ("fh_plan_records", "plan_id"),
            PlanTable::Conference => ("conference_records", "conference_id"),
            PlanTable::PlanReview => ("plan_review_records", "review_id"),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PlanRecordRow {
    /// The plan, conference or review the record belongs to.
    pub plan_id: Uuid,
    /// `{key: {text, rev, by, at}}` as JSON text.
    pub sections: String,
    pub version: i32,
    pub saved_at: DateTime<Utc>,
    pub saved_by: Uuid,
}

pub async fn get(tx: &mut Tx, la: &str, table: PlanTable, plan: Uuid) -> Result<Option<PlanRecordRow>> {
    let (t, col) = table.names();
    let sql = format!("SELECT {col} AS plan_id, sections, version, saved_at, saved_by FROM {t} WHERE la_code = $1 AND {col} = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, PlanRecordRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(plan).fetch_optional(x).await?))
}

/// The first save of a plan's record; `false` when someone else's first save came first.
pub async fn insert(tx: &mut Tx, la: &str, table: PlanTable, r: &PlanRecordRow) -> Result<bool> {
    let (t, col) = table.names();
    let sql = format!(
        "INSERT INTO {t} (la_code, {col}, sections, version, saved_at, saved_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (la_code, {col}) DO NOTHING"
    );
    let n = on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(r.plan_id).bind(&r.sections).bind(r.version).bind(r.saved_at).bind(r.saved_by)
        .execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// Save the record's new state if it is still at `expected_version`; `false` when someone else
/// saved first.
pub async fn update(tx: &mut Tx, la: &str, table: PlanTable, r: &PlanRecordRow, expected_version: i32) -> Result<bool> {
    let (t, col) = table.names();
    let sql = format!(
        "UPDATE {t} SET sections = $3, version = $4, saved_at = $5, saved_by = $6 WHERE la_code = $1 AND {col} = $2 AND version = $7"
    );
    let n = on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(r.plan_id).bind(&r.sections).bind(r.version).bind(r.saved_at).bind(r.saved_by).bind(expected_version)
        .execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// When and by whom a conference's record was agreed by its chair (MR-3), if it has been.
pub async fn conference_agreed(tx: &mut Tx, la: &str, conference: Uuid) -> Result<Option<(DateTime<Utc>, Uuid)>> {
    let row: Option<(Option<DateTime<Utc>>, Option<Uuid>)> = on!(tx, x => sqlx::query_as(
        "SELECT agreed_at, agreed_by FROM conference_records WHERE la_code = $1 AND conference_id = $2")
        .bind(la).bind(conference).fetch_optional(x).await?);
    Ok(row.and_then(|(at, by)| at.zip(by)))
}

/// The chair agrees a conference's record at `expected_version`; `false` when it changed since
/// or was already agreed.
pub async fn agree_conference(tx: &mut Tx, la: &str, conference: Uuid, by: Uuid, at: DateTime<Utc>, expected_version: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE conference_records SET agreed_at = $3, agreed_by = $4, version = version + 1 \
         WHERE la_code = $1 AND conference_id = $2 AND version = $5 AND agreed_at IS NULL")
        .bind(la).bind(conference).bind(at).bind(by).bind(expected_version).execute(x).await?.rows_affected());
    Ok(n == 1)
}
