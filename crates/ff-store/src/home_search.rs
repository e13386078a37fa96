//! Home searches (`ff_domain::home_search`; decision 0017): one row per search, saved whole at
//! the version read, and one row per provider's answer. Rows hold the domain's code enums. A
//! child's searches by the child (`home_searches_child`); the council's list by status and start
//! (`home_searches_status`), a page at a time; a search's answers by the search.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::home_search::{Answer, EndReason, HomeKind, OfferDecision, RefusalReason, RiskLevel, SearchStatus, Urgency};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct SearchRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    pub status: SearchStatus,
    #[sqlx(try_from = "String")]
    pub urgency: Urgency,
    #[sqlx(try_from = "String")]
    pub home_kind: HomeKind,
    pub needed_by: NaiveDate,
    pub siblings: i32,
    pub near_family: bool,
    /// The family's postcode sector (never the full postcode).
    pub family_sector: Option<String>,
    pub stay_at_school: bool,
    pub needs: String,
    #[sqlx(try_from = "String")]
    pub risk_to_child: RiskLevel,
    #[sqlx(try_from = "String")]
    pub risk_to_others: RiskLevel,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    /// The answer whose offer was accepted.
    pub placed_with: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, child_id, status, urgency, home_kind, needed_by, siblings, near_family, family_sector, stay_at_school, needs, \
                    risk_to_child, risk_to_others, started_on, ended_on, end_reason, placed_with, version, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, s: &SearchRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO home_searches (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19, $20, $21)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(s.id).bind(s.child_id).bind(s.status.code()).bind(s.urgency.code()).bind(s.home_kind.code()).bind(s.needed_by)
        .bind(s.siblings).bind(s.near_family).bind(&s.family_sector).bind(s.stay_at_school).bind(&s.needs).bind(s.risk_to_child.code())
        .bind(s.risk_to_others.code()).bind(s.started_on).bind(s.ended_on).bind(&s.end_reason).bind(s.placed_with).bind(s.version)
        .bind(s.created_at).bind(s.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Writes how the search stands at the version read; false when someone else changed it first.
pub async fn save(tx: &mut Tx, la: &str, s: &SearchRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE home_searches SET status = $3, ended_on = $4, end_reason = $5, placed_with = $6, version = $7 \
         WHERE la_code = $1 AND id = $2 AND version = $8")
        .bind(la).bind(s.id).bind(s.status.code()).bind(s.ended_on).bind(&s.end_reason).bind(s.placed_with).bind(s.version)
        .bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

pub async fn get(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<SearchRow>> {
    let sql = format!("SELECT {COLS} FROM home_searches WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, SearchRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// A child's searches, newest first.
pub async fn of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<SearchRow>> {
    let sql = format!("SELECT {COLS} FROM home_searches WHERE la_code = $1 AND child_id = $2 ORDER BY started_on DESC, id DESC");
    Ok(on!(tx, x => sqlx::query_as::<_, SearchRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}

/// The council's searches with this status, oldest first, after (`started_on`, `id`).
pub async fn with_status(
    tx: &mut Tx,
    la: &str,
    status: SearchStatus,
    after: Option<(NaiveDate, Uuid)>,
    limit: i64,
) -> Result<Vec<SearchRow>> {
    // Before any search: a date both backends hold (PostgreSQL's dates stop far short of
    // chrono's minimum).
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    let (d, id) = after.unwrap_or((first, Uuid::nil()));
    let sql = format!(
        "SELECT {COLS} FROM home_searches WHERE la_code = $1 AND status = $2 AND (started_on > $3 OR (started_on = $3 AND id > $4)) \
         ORDER BY started_on, id LIMIT $5"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, SearchRow>(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(status.code()).bind(d).bind(id).bind(limit).fetch_all(x).await?))
}

/// How many of the council's searches have each status (read through `home_searches_status`).
pub async fn counts(tx: &mut Tx, la: &str) -> Result<Vec<(String, i64)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (String, i64)>(
        "SELECT status, COUNT(*) FROM home_searches WHERE la_code = $1 GROUP BY status")
        .bind(la).fetch_all(x).await?))
}

/// A provider's answer to a referral, and the council's decision on an offer.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AnswerRow {
    pub id: Uuid,
    pub search_id: Uuid,
    pub provider_urn: Option<String>,
    pub provider_name: String,
    pub answered_on: NaiveDate,
    #[sqlx(try_from = "String")]
    pub answer: Answer,
    pub reason: Option<String>,
    pub weekly_cost_pence: Option<i64>,
    pub start_on: Option<NaiveDate>,
    pub decision: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

impl AnswerRow {
    pub fn reason(&self) -> Option<RefusalReason> {
        self.reason.as_deref().and_then(RefusalReason::from_code)
    }

    pub fn decision(&self) -> Option<OfferDecision> {
        self.decision.as_deref().and_then(OfferDecision::from_code)
    }
}

/// Why a search ended, as its code list.
pub fn end_reason(s: &SearchRow) -> Option<EndReason> {
    s.end_reason.as_deref().and_then(EndReason::from_code)
}

const ANSWER_COLS: &str = "id, search_id, provider_urn, provider_name, answered_on, answer, reason, weekly_cost_pence, start_on, decision, \
                           decision_reason, decided_on, version, created_at, created_by";

pub async fn insert_answer(tx: &mut Tx, la: &str, a: &AnswerRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO home_search_answers (la_code, {ANSWER_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(a.id).bind(a.search_id).bind(&a.provider_urn).bind(&a.provider_name).bind(a.answered_on).bind(a.answer.code())
        .bind(&a.reason).bind(a.weekly_cost_pence).bind(a.start_on).bind(&a.decision).bind(&a.decision_reason).bind(a.decided_on)
        .bind(a.version).bind(a.created_at).bind(a.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Writes the council's decision on an offer at the version read.
pub async fn decide(tx: &mut Tx, la: &str, a: &AnswerRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE home_search_answers SET decision = $3, decision_reason = $4, decided_on = $5, version = $6 \
         WHERE la_code = $1 AND id = $2 AND version = $7")
        .bind(la).bind(a.id).bind(&a.decision).bind(&a.decision_reason).bind(a.decided_on).bind(a.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

pub async fn get_answer(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<AnswerRow>> {
    let sql = format!("SELECT {ANSWER_COLS} FROM home_search_answers WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, AnswerRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// A search's answers, in the order they came.
pub async fn answers(tx: &mut Tx, la: &str, search: Uuid) -> Result<Vec<AnswerRow>> {
    let sql =
        format!("SELECT {ANSWER_COLS} FROM home_search_answers WHERE la_code = $1 AND search_id = $2 ORDER BY answered_on, created_at");
    Ok(on!(tx, x => sqlx::query_as::<_, AnswerRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(search).fetch_all(x).await?))
}
