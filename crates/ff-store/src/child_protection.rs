//! Child protection storage, first slice: LCPP designation, strategy discussions and s.47 enquiries.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::child_protection::CpAgency;
use serde::Serialize;
use uuid::Uuid;

use crate::codes::as_code;
use crate::{Result, Tx, on};

pub async fn set_lcpp_designation(tx: &mut Tx, la: &str, user: Uuid, on_date: NaiveDate, evidence: &str) -> Result<bool> {
    let n = on!(tx, x => sqlx::query("UPDATE users SET lcpp_designated_on = $3, lcpp_evidence = $4, version = version + 1 WHERE la_code = $1 AND id = $2")
        .bind(la).bind(user).bind(on_date).bind(evidence).execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// When the user was designated an LCPP, if they were.
pub async fn lcpp_designation(tx: &mut Tx, la: &str, user: Uuid) -> Result<Option<NaiveDate>> {
    let row: Option<(Option<NaiveDate>,)> = on!(tx, x => sqlx::query_as("SELECT lcpp_designated_on FROM users WHERE la_code = $1 AND id = $2")
        .bind(la).bind(user).fetch_optional(x).await?);
    Ok(row.and_then(|r| r.0))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct StrategyRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub child_id: Uuid,
    pub held_on: NaiveDate,
    pub decision: String,
    pub plan: String,
    pub safety_actions: Option<String>,
    pub other_children_considered: String,
    pub missing_agencies: String,
    pub missing_agencies_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_strategy(tx: &mut Tx, la: &str, s: &StrategyRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO strategy_discussions (la_code, id, episode_id, child_id, held_on, decision, plan, safety_actions, other_children_considered, missing_agencies, missing_agencies_reason, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
        .bind(la).bind(s.id).bind(s.episode_id).bind(s.child_id).bind(s.held_on).bind(&s.decision).bind(&s.plan).bind(&s.safety_actions)
        .bind(&s.other_children_considered).bind(&s.missing_agencies).bind(&s.missing_agencies_reason).bind(s.created_at).bind(s.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AttendeeRow {
    pub strategy_discussion_id: Uuid,
    pub position: i32,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub agency: CpAgency,
    pub name: String,
    pub role: Option<String>,
}

pub async fn insert_attendee(tx: &mut Tx, la: &str, a: &AttendeeRow) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO strategy_attendees (la_code, strategy_discussion_id, position, agency, name, role) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(la).bind(a.strategy_discussion_id).bind(a.position).bind(a.agency.code()).bind(&a.name).bind(&a.role).execute(x).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct S47Row {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub child_id: Uuid,
    pub strategy_discussion_id: Uuid,
    pub start_date: NaiveDate,
    pub lead_id: Uuid,
    pub icpc_due: NaiveDate,
    pub outcome: Option<String>,
    pub conference_required: Option<bool>,
    pub no_conference_reason: Option<String>,
    pub concluded_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub(crate) const S47_COLS: &str = "id, episode_id, child_id, strategy_discussion_id, start_date, lead_id, icpc_due, outcome, conference_required, no_conference_reason, concluded_on, version, created_at, created_by";

pub async fn insert_s47(tx: &mut Tx, la: &str, s: &S47Row) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO s47_enquiries (la_code, id, episode_id, child_id, strategy_discussion_id, start_date, lead_id, icpc_due, outcome, conference_required, no_conference_reason, concluded_on, version, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
        .bind(la).bind(s.id).bind(s.episode_id).bind(s.child_id).bind(s.strategy_discussion_id).bind(s.start_date).bind(s.lead_id).bind(s.icpc_due)
        .bind(&s.outcome).bind(s.conference_required).bind(&s.no_conference_reason).bind(s.concluded_on).bind(s.version).bind(s.created_at).bind(s.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_s47(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<S47Row>> {
    let sql = format!("SELECT {S47_COLS} FROM s47_enquiries WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, S47Row>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Record the conclusion if the enquiry is still at `expected_version` and open.
pub async fn conclude_s47(tx: &mut Tx, la: &str, s: &S47Row, expected_version: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE s47_enquiries SET outcome = $3, conference_required = $4, no_conference_reason = $5, concluded_on = $6, version = $7 \
         WHERE la_code = $1 AND id = $2 AND version = $8 AND concluded_on IS NULL")
        .bind(la).bind(s.id).bind(&s.outcome).bind(s.conference_required).bind(&s.no_conference_reason).bind(s.concluded_on).bind(s.version).bind(expected_version)
        .execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// A child's strategy discussions, attendees and enquiries (three queries).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChildCp {
    pub strategy: Vec<StrategyRow>,
    pub attendees: Vec<AttendeeRow>,
    pub enquiries: Vec<S47Row>,
}

pub async fn for_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<ChildCp> {
    let strategy = on!(tx, x => sqlx::query_as::<_, StrategyRow>(
        "SELECT id, episode_id, child_id, held_on, decision, plan, safety_actions, other_children_considered, missing_agencies, missing_agencies_reason, created_at, created_by \
         FROM strategy_discussions WHERE la_code = $1 AND child_id = $2 ORDER BY held_on, created_at")
        .bind(la).bind(child).fetch_all(x).await?);
    let attendees = on!(tx, x => sqlx::query_as::<_, AttendeeRow>(
        "SELECT a.strategy_discussion_id, a.position, a.agency, a.name, a.role FROM strategy_attendees a \
         JOIN strategy_discussions s ON s.la_code = a.la_code AND s.id = a.strategy_discussion_id WHERE a.la_code = $1 AND s.child_id = $2 ORDER BY a.position")
        .bind(la).bind(child).fetch_all(x).await?);
    let sql = format!("SELECT {S47_COLS} FROM s47_enquiries WHERE la_code = $1 AND child_id = $2 ORDER BY start_date");
    let enquiries = on!(tx, x => sqlx::query_as::<_, S47Row>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?);
    Ok(ChildCp { strategy, attendees, enquiries })
}
