//! Children looked after (issue 13 item 1; `ff_domain::looked_after`): one row per SSDA903
//! episode. A child's episodes are bounded by the child (`care_episodes_child`); open episodes
//! across the council by `care_episodes_open`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct CareEpisodeRow {
    pub id: Uuid,
    pub child_id: Uuid,
    /// The period of care the episode belongs to (its first episode's id).
    pub period_id: Uuid,
    pub start_date: NaiveDate,
    pub reason_new_episode: String,
    pub legal_status: String,
    pub category_of_need: String,
    pub placement_type: String,
    pub placement_provider: String,
    pub placement_postcode: String,
    pub end_date: Option<NaiveDate>,
    pub reason_ceased: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, child_id, period_id, start_date, reason_new_episode, legal_status, category_of_need, placement_type, \
                    placement_provider, placement_postcode, end_date, reason_ceased, version, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, e: &CareEpisodeRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_episodes (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(e.id).bind(e.child_id).bind(e.period_id).bind(e.start_date).bind(&e.reason_new_episode).bind(&e.legal_status)
        .bind(&e.category_of_need).bind(&e.placement_type).bind(&e.placement_provider).bind(&e.placement_postcode).bind(e.end_date)
        .bind(&e.reason_ceased).bind(e.version).bind(e.created_at).bind(e.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// A child's episodes, oldest first.
pub async fn of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<CareEpisodeRow>> {
    let sql = format!("SELECT {COLS} FROM care_episodes WHERE la_code = $1 AND child_id = $2 ORDER BY start_date, created_at");
    Ok(on!(tx, x => sqlx::query_as::<_, CareEpisodeRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}

/// Ends the open episode `id` at the version read; false (nothing written) when it changed since.
pub async fn end(tx: &mut Tx, la: &str, id: Uuid, end_date: NaiveDate, reason: &str, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE care_episodes SET end_date = $3, reason_ceased = $4, version = version + 1 \
         WHERE la_code = $1 AND id = $2 AND version = $5 AND end_date IS NULL")
        .bind(la).bind(id).bind(end_date).bind(reason).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A looked-after review (T24–T26, LA-4).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct CareReviewRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub period_id: Uuid,
    pub held_on: NaiveDate,
    pub chair_id: Uuid,
    pub participation: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const REVIEW_COLS: &str = "id, child_id, period_id, held_on, chair_id, participation, created_at, created_by";

pub async fn insert_review(tx: &mut Tx, la: &str, r: &CareReviewRow) -> Result<()> {
    let sql = format!("INSERT INTO care_reviews (la_code, {REVIEW_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(r.id).bind(r.child_id).bind(r.period_id).bind(r.held_on).bind(r.chair_id).bind(&r.participation)
        .bind(r.created_at).bind(r.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// A child's looked-after reviews, oldest first.
pub async fn reviews_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<CareReviewRow>> {
    let sql = format!("SELECT {REVIEW_COLS} FROM care_reviews WHERE la_code = $1 AND child_id = $2 ORDER BY held_on, created_at");
    Ok(on!(tx, x => sqlx::query_as::<_, CareReviewRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}
