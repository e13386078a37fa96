//! Professional disagreements and escalations (`ff_domain::escalations`): one row per
//! disagreement, saved whole at the version read (decision 0013). Read by the child
//! (`disagreements_child`) and the open ones for the work tray; the partnership's counts by stage
//! and agency are `data_set::disagreement_counts`.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::escalations::{About, Outcome, Stage};
use ff_domain::partnership::ReviewAgency;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::NullableCode;
use crate::{Result, Tx, on};

/// A disagreement about a decision on a child's case.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct DisagreementRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    pub about: About,
    pub detail: String,
    #[sqlx(try_from = "String")]
    pub raising_agency: ReviewAgency,
    #[sqlx(try_from = "String")]
    pub with_agency: ReviewAgency,
    pub with_team: String,
    pub raised_on: NaiveDate,
    #[sqlx(try_from = "String")]
    pub stage: Stage,
    pub stage_started_on: NaiveDate,
    /// Why it moved up to this stage (none at stage 1).
    pub stage_reason: Option<String>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// What was agreed or decided, and what happens next.
    pub agreed: Option<String>,
    pub resolved_on: Option<NaiveDate>,
    pub resolved_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, child_id, about, detail, raising_agency, with_agency, with_team, raised_on, stage, stage_started_on, \
                    stage_reason, outcome, agreed, resolved_on, resolved_by, version, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, d: &DisagreementRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO disagreements (la_code, {COLS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(d.id).bind(d.child_id).bind(d.about.code()).bind(&d.detail).bind(d.raising_agency.code())
        .bind(d.with_agency.code()).bind(&d.with_team).bind(d.raised_on).bind(d.stage.code()).bind(d.stage_started_on)
        .bind(&d.stage_reason).bind(d.outcome.map(|o| o.code())).bind(&d.agreed).bind(d.resolved_on).bind(d.resolved_by)
        .bind(d.version).bind(d.created_at).bind(d.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<DisagreementRow>> {
    let sql = format!("SELECT {COLS} FROM disagreements WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, DisagreementRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Writes the row at the version read; false when someone saved first.
pub async fn update(tx: &mut Tx, la: &str, d: &DisagreementRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE disagreements SET stage = $3, stage_started_on = $4, stage_reason = $5, outcome = $6, agreed = $7, \
         resolved_on = $8, resolved_by = $9, version = $10 WHERE la_code = $1 AND id = $2 AND version = $11")
        .bind(la).bind(d.id).bind(d.stage.code()).bind(d.stage_started_on).bind(&d.stage_reason).bind(d.outcome.map(|o| o.code()))
        .bind(&d.agreed).bind(d.resolved_on).bind(d.resolved_by).bind(d.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A child's disagreements, newest first (`disagreements_child`).
pub async fn of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<DisagreementRow>> {
    let sql = format!("SELECT {COLS} FROM disagreements WHERE la_code = $1 AND child_id = $2 ORDER BY raised_on DESC, created_at DESC");
    Ok(on!(tx, x => sqlx::query_as::<_, DisagreementRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}

/// The open disagreements `user` raised, or about a child whose open episode or open child
/// protection plan `user` leads, oldest stage first: the work tray's (`disagreements_open`).
pub async fn open_for_user(tx: &mut Tx, la: &str, user: Uuid, limit: i64) -> Result<Vec<(DisagreementRow, String, Option<Uuid>)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        d: DisagreementRow,
        child_name: String,
        episode_id: Option<Uuid>,
    }
    let sql = "SELECT d.id, d.child_id, d.about, d.detail, d.raising_agency, d.with_agency, d.with_team, d.raised_on, d.stage, \
                      d.stage_started_on, d.stage_reason, d.outcome, d.agreed, d.resolved_on, d.resolved_by, d.version, d.created_at, \
                      d.created_by, p.given_name || ' ' || p.family_name AS child_name, \
                      (SELECT e.id FROM episodes e WHERE e.la_code = $1 AND e.child_id = d.child_id AND e.closure_date IS NULL \
                        ORDER BY e.referral_date DESC LIMIT 1) AS episode_id \
               FROM disagreements d JOIN people p ON p.la_code = $1 AND p.id = d.child_id \
               WHERE d.la_code = $1 AND d.resolved_on IS NULL AND (d.created_by = $2 \
                 OR EXISTS (SELECT 1 FROM episodes e WHERE e.la_code = $1 AND e.child_id = d.child_id AND e.lead_id = $2 AND e.closure_date IS NULL) \
                 OR EXISTS (SELECT 1 FROM cp_plans h WHERE h.la_code = $1 AND h.child_id = d.child_id AND h.lead_id = $2 AND h.end_date IS NULL)) \
               ORDER BY d.stage_started_on, d.id LIMIT $3";
    let rows = on!(tx, x => sqlx::query_as::<_, Row>(sql).bind(la).bind(user).bind(limit).fetch_all(x).await?);
    Ok(rows.into_iter().map(|r| (r.d, r.child_name, r.episode_id)).collect())
}
