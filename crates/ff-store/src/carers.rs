//! Foster carers (`ff_domain::carers`): one row per fostering household in
//! `foster_carers`, moved on a step at a time at the version read, and each step kept in
//! `foster_carer_steps`. The council's list is bounded by stage (`foster_carers_stage`), a
//! household's steps by the household (`foster_carer_steps_carer`).

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::carers::{CarerKind, CarerStage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::as_code;
use crate::{Result, Tx, on};

/// A fostering household, where it is now in recruitment, and its approval.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct CarerRow {
    pub id: Uuid,
    pub name: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: CarerKind,
    pub postcode_area: Option<String>,
    pub takes_siblings: bool,
    pub takes_teenagers: bool,
    pub takes_uasc: bool,
    pub takes_parent_and_child: bool,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub stage: CarerStage,
    /// The day the household reached its stage.
    pub stage_on: NaiveDate,
    pub enquiry_on: NaiveDate,
    /// The day of its latest step of any kind (CR-1: the next is on or after it).
    pub last_step_on: NaiveDate,
    /// Why it withdrew, was not approved, or its approval ended.
    pub closed_reason: Option<String>,
    /// A connected person's temporary approval (CR-4).
    pub temporary_from: Option<NaiveDate>,
    pub temporary_until: Option<NaiveDate>,
    pub approved_on: Option<NaiveDate>,
    /// The terms of approval (CR-3), from `terms_from`.
    pub age_from: Option<i32>,
    pub age_to: Option<i32>,
    pub places: Option<i32>,
    pub siblings_together: bool,
    pub exemption_reason: Option<String>,
    pub terms_from: Option<NaiveDate>,
    pub last_review_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, name, kind, postcode_area, takes_siblings, takes_teenagers, takes_uasc, takes_parent_and_child, stage, \
                    stage_on, enquiry_on, last_step_on, closed_reason, temporary_from, temporary_until, approved_on, age_from, age_to, \
                    places, siblings_together, exemption_reason, terms_from, last_review_on, version, created_at, created_by";

/// One step of a household's record: a stage reached, a temporary approval, new terms, a review,
/// the end of approval.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct CarerStepRow {
    pub id: Uuid,
    pub carer_id: Uuid,
    pub step: String,
    pub step_on: NaiveDate,
    pub details: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const STEP_COLS: &str = "id, carer_id, step, step_on, details, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, c: &CarerRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO foster_carers (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
         $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(c.id).bind(&c.name).bind(c.kind.code()).bind(&c.postcode_area).bind(c.takes_siblings).bind(c.takes_teenagers)
        .bind(c.takes_uasc).bind(c.takes_parent_and_child).bind(c.stage.code()).bind(c.stage_on).bind(c.enquiry_on).bind(c.last_step_on)
        .bind(&c.closed_reason).bind(c.temporary_from).bind(c.temporary_until).bind(c.approved_on).bind(c.age_from).bind(c.age_to)
        .bind(c.places).bind(c.siblings_together).bind(&c.exemption_reason).bind(c.terms_from).bind(c.last_review_on)
        .bind(c.version).bind(c.created_at).bind(c.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<CarerRow>> {
    let sql = format!("SELECT {COLS} FROM foster_carers WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, CarerRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Writes the household's next state at the version read; false when it changed since.
pub async fn update(tx: &mut Tx, la: &str, c: &CarerRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE foster_carers SET name = $3, postcode_area = $4, takes_siblings = $5, takes_teenagers = $6, takes_uasc = $7, \
         takes_parent_and_child = $8, stage = $9, stage_on = $10, last_step_on = $11, closed_reason = $12, temporary_from = $13, \
         temporary_until = $14, approved_on = $15, age_from = $16, age_to = $17, places = $18, siblings_together = $19, \
         exemption_reason = $20, terms_from = $21, last_review_on = $22, version = version + 1 \
         WHERE la_code = $1 AND id = $2 AND version = $23")
        .bind(la).bind(c.id).bind(&c.name).bind(&c.postcode_area).bind(c.takes_siblings).bind(c.takes_teenagers).bind(c.takes_uasc)
        .bind(c.takes_parent_and_child).bind(c.stage.code()).bind(c.stage_on).bind(c.last_step_on).bind(&c.closed_reason)
        .bind(c.temporary_from).bind(c.temporary_until).bind(c.approved_on).bind(c.age_from).bind(c.age_to).bind(c.places)
        .bind(c.siblings_together).bind(&c.exemption_reason).bind(c.terms_from).bind(c.last_review_on).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A page of the council's households, at one stage or all, by name (`foster_carers_stage`).
pub async fn list(tx: &mut Tx, la: &str, stage: Option<&str>, limit: i64, offset: i64) -> Result<Vec<CarerRow>> {
    let sql =
        format!("SELECT {COLS} FROM foster_carers WHERE la_code = $1 AND ($2 = '' OR stage = $2) ORDER BY name, id LIMIT $3 OFFSET $4");
    Ok(on!(tx, x => sqlx::query_as::<_, CarerRow>(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(stage.unwrap_or("")).bind(limit).bind(offset).fetch_all(x).await?))
}

/// How many households are at each stage.
pub async fn count_by_stage(tx: &mut Tx, la: &str) -> Result<Vec<(String, i64)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (String, i64)>(
        "SELECT stage, COUNT(*) FROM foster_carers WHERE la_code = $1 GROUP BY stage ORDER BY stage")
        .bind(la).fetch_all(x).await?))
}

pub async fn insert_step(tx: &mut Tx, la: &str, s: &CarerStepRow) -> Result<()> {
    let sql = format!("INSERT INTO foster_carer_steps (la_code, {STEP_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(s.id).bind(s.carer_id).bind(&s.step).bind(s.step_on).bind(&s.details).bind(s.created_at).bind(s.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// A household's steps, oldest first (`foster_carer_steps_carer`).
pub async fn steps_of(tx: &mut Tx, la: &str, carer: Uuid) -> Result<Vec<CarerStepRow>> {
    let sql = format!("SELECT {STEP_COLS} FROM foster_carer_steps WHERE la_code = $1 AND carer_id = $2 ORDER BY step_on, created_at");
    Ok(on!(tx, x => sqlx::query_as::<_, CarerStepRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(carer).fetch_all(x).await?))
}

/// Places across the council's approved households.
pub async fn approved_places(tx: &mut Tx, la: &str) -> Result<i64> {
    let n: Option<i64> = on!(tx, x => sqlx::query_scalar(
        "SELECT CAST(SUM(places) AS BIGINT) FROM foster_carers WHERE la_code = $1 AND stage = 'approved'")
        .bind(la).fetch_one(x).await?);
    Ok(n.unwrap_or(0))
}
