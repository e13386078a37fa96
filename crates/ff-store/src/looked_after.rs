//! Children looked after (`ff_domain::looked_after`): one row per SSDA903
//! episode. A child's episodes are bounded by the child (`care_episodes_child`); open episodes
//! across the council by `care_episodes_open`. Reviews, visits and assessments, and missing
//! episodes are bounded by the child too.
//!
//! Rows hold the 903 codes as the domain's code lists, parsed once when a row is read; a code the
//! list does not know fails the read ([`codes`]).

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::looked_after::adoption::{AdopterLegalStatus, AdopterSex, ReasonPlacedCeased};
use ff_domain::looked_after::agreement::{DistanceReason, ProvisionType, SourcingRoute};
use ff_domain::looked_after::checks::{CareCheckKind, MissingKind};
use ff_domain::looked_after::connections::ConnectionKind;
use ff_domain::looked_after::outcomes::SdqReason;
use ff_domain::looked_after::{
    CategoryOfNeed, LegalStatus, PlacementProvider, PlacementType, PreviousPermanence, ReasonCeased, ReasonNewEpisode, ReasonPlaceChange,
    ReviewParticipation,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::{NullableCode, as_code, as_opt_code};
use crate::{Result, Tx, on, select};

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct CareEpisodeRow {
    pub id: Uuid,
    pub child_id: Uuid,
    /// The period of care the episode belongs to (its first episode's id).
    pub period_id: Uuid,
    pub start_date: NaiveDate,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub reason_new_episode: ReasonNewEpisode,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub legal_status: LegalStatus,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub category_of_need: CategoryOfNeed,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub placement_type: PlacementType,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub placement_provider: PlacementProvider,
    pub placement_postcode: String,
    pub end_date: Option<NaiveDate>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub reason_ceased: Option<ReasonCeased>,
    /// 903 REASON_PLACE_CHANGE, on an episode that ended with a move (LA-7).
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub reason_place_change: Option<ReasonPlaceChange>,
    /// 903 PREV_PERM, LA_PERM and DATE_PERM, on the first episode of a period of care.
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub previous_permanence: Option<PreviousPermanence>,
    pub la_perm: Option<String>,
    pub date_perm: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
    /// The council's foster carers the child is placed with, when named (CR-6).
    #[serde(default)]
    pub carer_id: Option<Uuid>,
    /// Who decided the move to this placement (LA-7): a person or a meeting, on the episode the
    /// move begins.
    #[serde(default)]
    pub move_decided_by: Option<String>,
    /// The provider's Ofsted URN (903 URN), when the placement has one (RCC-SHARE-6).
    #[serde(default)]
    pub provider_urn: Option<String>,
    /// Why a manager agreed a placement the provider register raised concerns about, and who
    /// (PR-REG-1, PR-REG-2).
    #[serde(default)]
    pub provider_agreed_reason: Option<String>,
    #[serde(default)]
    pub provider_agreed_by: Option<Uuid>,
}

const COLS: &str = "id, child_id, period_id, start_date, reason_new_episode, legal_status, category_of_need, placement_type, \
                    placement_provider, placement_postcode, end_date, reason_ceased, reason_place_change, previous_permanence, la_perm, \
                    date_perm, version, created_at, created_by, carer_id, move_decided_by, provider_urn, provider_agreed_reason, \
                    provider_agreed_by";

pub async fn insert(tx: &mut Tx, la: &str, e: &CareEpisodeRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_episodes (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(e.id).bind(e.child_id).bind(e.period_id).bind(e.start_date).bind(e.reason_new_episode.code()).bind(e.legal_status.code())
        .bind(e.category_of_need.code()).bind(e.placement_type.code()).bind(e.placement_provider.code()).bind(&e.placement_postcode).bind(e.end_date)
        .bind(e.reason_ceased.map(ReasonCeased::code)).bind(e.reason_place_change.map(ReasonPlaceChange::code))
        .bind(e.previous_permanence.map(PreviousPermanence::code)).bind(&e.la_perm).bind(&e.date_perm)
        .bind(e.version).bind(e.created_at).bind(e.created_by).bind(e.carer_id).bind(&e.move_decided_by)
        .bind(&e.provider_urn).bind(&e.provider_agreed_reason).bind(e.provider_agreed_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Children placed with each of these households now (`care_episodes_carer_open`): (carer, count).
pub async fn placed_with(tx: &mut Tx, la: &str, carers: &[Uuid]) -> Result<Vec<(Uuid, i64)>> {
    select::for_ids(tx, la, carers, |list| {
        format!("SELECT carer_id, COUNT(*) FROM care_episodes WHERE la_code = $1 AND end_date IS NULL AND carer_id IN ({list}) GROUP BY carer_id")
    })
    .await
}

/// A child living with a household now: who, born when, and since when (the first episode of the
/// same period of care with that household).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LivingWith {
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub since: NaiveDate,
}

/// The children placed with a household now (`care_episodes_carer_open`), longest there first.
pub async fn living_with(tx: &mut Tx, la: &str, carer: Uuid) -> Result<Vec<LivingWith>> {
    Ok(on!(tx, x => sqlx::query_as::<_, LivingWith>(
        "SELECT e.child_id, p.given_name, p.family_name, p.date_of_birth, \
           (SELECT MIN(s.start_date) FROM care_episodes s WHERE s.la_code = e.la_code AND s.child_id = e.child_id \
              AND s.period_id = e.period_id AND s.carer_id = e.carer_id) AS since \
         FROM care_episodes e JOIN people p ON p.la_code = e.la_code AND p.id = e.child_id \
         WHERE e.la_code = $1 AND e.carer_id = $2 AND e.end_date IS NULL ORDER BY since, p.family_name, p.given_name")
        .bind(la).bind(carer).fetch_all(x).await?))
}

/// Children placed with any of the council's households now.
pub async fn placed_with_any(tx: &mut Tx, la: &str) -> Result<i64> {
    Ok(on!(tx, x => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM care_episodes WHERE la_code = $1 AND end_date IS NULL AND carer_id IS NOT NULL")
        .bind(la).fetch_one(x).await?))
}

/// A child's episodes, oldest first.
pub async fn of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<CareEpisodeRow>> {
    let sql = format!("SELECT {COLS} FROM care_episodes WHERE la_code = $1 AND child_id = $2 ORDER BY start_date, created_at");
    select::all(tx, &sql, la, child).await
}

/// Saves how an episode ended (the day, why, and why the placement ended when the child moves)
/// where it is still at `read_version`; false (nothing written) when it changed since.
pub async fn update(tx: &mut Tx, la: &str, e: &CareEpisodeRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE care_episodes SET end_date = $3, reason_ceased = $4, reason_place_change = $5, version = $6 \
         WHERE la_code = $1 AND id = $2 AND version = $7")
        .bind(la).bind(e.id).bind(e.end_date).bind(e.reason_ceased.map(ReasonCeased::code))
        .bind(e.reason_place_change.map(ReasonPlaceChange::code)).bind(e.version).bind(read_version).execute(x).await?.rows_affected());
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
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub participation: ReviewParticipation,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const REVIEW_COLS: &str = "id, child_id, period_id, held_on, chair_id, participation, created_at, created_by";

pub async fn insert_review(tx: &mut Tx, la: &str, r: &CareReviewRow) -> Result<()> {
    let sql = format!("INSERT INTO care_reviews (la_code, {REVIEW_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(r.id).bind(r.child_id).bind(r.period_id).bind(r.held_on).bind(r.chair_id).bind(r.participation.code())
        .bind(r.created_at).bind(r.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// A child's looked-after reviews, oldest first.
pub async fn reviews_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<CareReviewRow>> {
    let sql = format!("SELECT {REVIEW_COLS} FROM care_reviews WHERE la_code = $1 AND child_id = $2 ORDER BY held_on, created_at");
    select::all(tx, &sql, la, child).await
}

/// A statutory visit, health assessment or education plan meeting (T28–T31, LA-5).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct CareCheckRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub period_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: CareCheckKind,
    pub held_on: NaiveDate,
    pub child_seen: bool,
    pub child_seen_alone: bool,
    pub summary: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const CHECK_COLS: &str = "id, child_id, period_id, kind, held_on, child_seen, child_seen_alone, summary, created_at, created_by";

pub async fn insert_check(tx: &mut Tx, la: &str, c: &CareCheckRow) -> Result<()> {
    let sql = format!("INSERT INTO care_checks (la_code, {CHECK_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(c.id).bind(c.child_id).bind(c.period_id).bind(c.kind.code()).bind(c.held_on).bind(c.child_seen)
        .bind(c.child_seen_alone).bind(&c.summary).bind(c.created_at).bind(c.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// A child's care checks, oldest first (`care_checks_child`).
pub async fn checks_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<CareCheckRow>> {
    let sql = format!("SELECT {CHECK_COLS} FROM care_checks WHERE la_code = $1 AND child_id = $2 ORDER BY held_on, created_at");
    select::all(tx, &sql, la, child).await
}

/// A missing from care or away episode (LA-6; 903 Missing).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct MissingRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub period_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: MissingKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub rhi_offered: Option<bool>,
    pub rhi_accepted: Option<bool>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const MISSING_COLS: &str =
    "id, child_id, period_id, kind, started_on, ended_on, rhi_offered, rhi_accepted, version, created_at, created_by";

pub async fn insert_missing(tx: &mut Tx, la: &str, m: &MissingRow) -> Result<()> {
    let sql = format!("INSERT INTO care_missing (la_code, {MISSING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(m.id).bind(m.child_id).bind(m.period_id).bind(m.kind.code()).bind(m.started_on).bind(m.ended_on)
        .bind(m.rhi_offered).bind(m.rhi_accepted).bind(m.version).bind(m.created_at).bind(m.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// A child's missing episodes, oldest first (`care_missing_child`).
pub async fn missing_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<MissingRow>> {
    let sql = format!("SELECT {MISSING_COLS} FROM care_missing WHERE la_code = $1 AND child_id = $2 ORDER BY started_on, created_at");
    select::all(tx, &sql, la, child).await
}

/// Records the child's return on the open episode `id` at the version read; false (nothing
/// written) when it changed since or has already ended.
pub async fn end_missing(
    tx: &mut Tx,
    la: &str,
    id: Uuid,
    ended_on: NaiveDate,
    rhi_offered: bool,
    rhi_accepted: Option<bool>,
    read_version: i32,
) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE care_missing SET ended_on = $3, rhi_offered = $4, rhi_accepted = $5, version = version + 1 \
         WHERE la_code = $1 AND id = $2 AND version = $6 AND ended_on IS NULL")
        .bind(la).bind(id).bind(ended_on).bind(rhi_offered).bind(rhi_accepted).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// One missing episode by id.
pub async fn get_missing(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<MissingRow>> {
    let sql = format!("SELECT {MISSING_COLS} FROM care_missing WHERE la_code = $1 AND id = $2");
    select::one(tx, &sql, la, id).await
}

/// A child looked after now, for trays: who they are and their open family help episode (and its
/// lead), if any.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct InCareRow {
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub episode_id: Option<Uuid>,
    pub lead_id: Option<Uuid>,
}

/// The children looked after now whose open family help episode `lead` leads (the open-lead
/// index, then the child's episodes of care).
pub async fn in_care_led_by(tx: &mut Tx, la: &str, lead: Uuid, limit: i64) -> Result<Vec<InCareRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, InCareRow>(
        "SELECT DISTINCT p.id AS child_id, p.given_name, p.family_name, p.date_of_birth, e.id AS episode_id, e.lead_id \
         FROM episodes e JOIN people p ON p.la_code = e.la_code AND p.id = e.child_id \
         WHERE e.la_code = $1 AND e.lead_id = $2 AND e.closure_date IS NULL \
           AND EXISTS (SELECT 1 FROM care_episodes c WHERE c.la_code = e.la_code AND c.child_id = e.child_id AND c.end_date IS NULL) \
         ORDER BY p.family_name, p.given_name, p.id LIMIT $3")
        .bind(la).bind(lead).bind(limit).fetch_all(x).await?))
}

/// Every child looked after now in the council, longest in care first (`care_episodes_open`),
/// with their family help lead if they have one: the reviewing officers' list.
pub async fn in_care(tx: &mut Tx, la: &str, limit: i64) -> Result<Vec<InCareRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, InCareRow>(
        "SELECT c.child_id, p.given_name, p.family_name, p.date_of_birth, \
           (SELECT e.id FROM episodes e WHERE e.la_code = c.la_code AND e.child_id = c.child_id AND e.closure_date IS NULL \
              ORDER BY e.referral_date DESC LIMIT 1) AS episode_id, \
           (SELECT e.lead_id FROM episodes e WHERE e.la_code = c.la_code AND e.child_id = c.child_id AND e.closure_date IS NULL \
              ORDER BY e.referral_date DESC LIMIT 1) AS lead_id \
         FROM care_episodes c JOIN people p ON p.la_code = c.la_code AND p.id = c.child_id \
         WHERE c.la_code = $1 AND c.end_date IS NULL ORDER BY c.start_date, c.child_id LIMIT $2")
        .bind(la).bind(limit).fetch_all(x).await?))
}

/// Rows of `table` (one of this module's tables) for many children at once, by `order`.
async fn of_children<T: select::Row>(tx: &mut Tx, la: &str, children: &[Uuid], table: &str, cols: &str, order: &str) -> Result<Vec<T>> {
    select::for_ids(tx, la, children, |list| {
        format!("SELECT {cols} FROM {table} WHERE la_code = $1 AND child_id IN ({list}) ORDER BY {order}")
    })
    .await
}

/// The episodes of care of many children, each child's oldest first.
pub async fn episodes_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<CareEpisodeRow>> {
    of_children(tx, la, children, "care_episodes", COLS, "child_id, start_date, created_at").await
}

/// The looked-after reviews of many children, oldest first.
pub async fn reviews_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<CareReviewRow>> {
    of_children(tx, la, children, "care_reviews", REVIEW_COLS, "child_id, held_on, created_at").await
}

/// The visits, health assessments and education plans of many children, oldest first.
pub async fn checks_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<CareCheckRow>> {
    of_children(tx, la, children, "care_checks", CHECK_COLS, "child_id, held_on, created_at").await
}

/// The missing episodes of many children, oldest first.
pub async fn missing_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<MissingRow>> {
    of_children(tx, la, children, "care_missing", MISSING_COLS, "child_id, started_on, created_at").await
}

/// A child in care's outcomes for a year to 31 March (903 OC2, LA-8).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct OutcomesRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub year_ending: NaiveDate,
    pub sdq_score: Option<i32>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub sdq_reason: Option<SdqReason>,
    pub convicted: Option<bool>,
    pub immunisations: bool,
    pub teeth_check: bool,
    pub substance_misuse: bool,
    pub intervention_received: Option<bool>,
    pub intervention_offered: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const OUTCOME_COLS: &str = "id, child_id, year_ending, sdq_score, sdq_reason, convicted, immunisations, teeth_check, substance_misuse, \
                            intervention_received, intervention_offered, created_at, created_by";

pub async fn insert_outcomes(tx: &mut Tx, la: &str, o: &OutcomesRow) -> Result<()> {
    let sql =
        format!("INSERT INTO care_outcomes (la_code, {OUTCOME_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(o.id).bind(o.child_id).bind(o.year_ending).bind(o.sdq_score).bind(o.sdq_reason.map(SdqReason::code)).bind(o.convicted)
        .bind(o.immunisations).bind(o.teeth_check).bind(o.substance_misuse).bind(o.intervention_received).bind(o.intervention_offered)
        .bind(o.created_at).bind(o.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// The outcomes recorded for many children, each child's oldest first (a later record for a year
/// supersedes an earlier one).
pub async fn outcomes_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<OutcomesRow>> {
    of_children(tx, la, children, "care_outcomes", OUTCOME_COLS, "child_id, year_ending, created_at").await
}

/// An unaccompanied asylum-seeking child's status (903 UASC, LA-9); the latest row stands.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct UascRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub since: NaiveDate,
    pub ceased: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const UASC_COLS: &str = "id, child_id, since, ceased, created_at, created_by";

pub async fn insert_uasc(tx: &mut Tx, la: &str, u: &UascRow) -> Result<()> {
    let sql = format!("INSERT INTO care_uasc (la_code, {UASC_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(u.id).bind(u.child_id).bind(u.since).bind(u.ceased).bind(u.created_at).bind(u.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// The UASC records of many children, each child's oldest first (the last one stands).
pub async fn uasc_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<UascRow>> {
    of_children(tx, la, children, "care_uasc", UASC_COLS, "child_id, created_at").await
}

/// A child in care's connection with someone from their network, a mentor, befriender or
/// independent visitor (LA-10).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct ConnectionRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: ConnectionKind,
    pub name: String,
    pub offered_on: NaiveDate,
    pub matched_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const CONNECTION_COLS: &str = "id, child_id, kind, name, offered_on, matched_on, ended_on, end_reason, version, created_at, created_by";

pub async fn insert_connection(tx: &mut Tx, la: &str, c: &ConnectionRow) -> Result<()> {
    let sql =
        format!("INSERT INTO care_connections (la_code, {CONNECTION_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(c.id).bind(c.child_id).bind(c.kind.code()).bind(&c.name).bind(c.offered_on).bind(c.matched_on).bind(c.ended_on)
        .bind(&c.end_reason).bind(c.version).bind(c.created_at).bind(c.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_connection(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ConnectionRow>> {
    let sql = format!("SELECT {CONNECTION_COLS} FROM care_connections WHERE la_code = $1 AND id = $2");
    select::one(tx, &sql, la, id).await
}

/// The child's connections, oldest first (`care_connections_child`).
pub async fn connections_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<ConnectionRow>> {
    let sql =
        format!("SELECT {CONNECTION_COLS} FROM care_connections WHERE la_code = $1 AND child_id = $2 ORDER BY offered_on, created_at");
    select::all(tx, &sql, la, child).await
}

/// Writes a connection's next step (matched, or ended with its reason) at the version read; false
/// when it changed since.
pub async fn step_connection(tx: &mut Tx, la: &str, c: &ConnectionRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE care_connections SET matched_on = $3, ended_on = $4, end_reason = $5, version = version + 1 \
         WHERE la_code = $1 AND id = $2 AND version = $6 AND ended_on IS NULL")
        .bind(la).bind(c.id).bind(c.matched_on).bind(c.ended_on).bind(&c.end_reason).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A decision that a child in care should be placed for adoption, with the match under it and,
/// if it no longer stands, when and why it ended (LA-11).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AdoptionRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub decided_on: NaiveDate,
    pub matched_on: Option<NaiveDate>,
    /// 903 SEX_ADOPTR and LS_ADOPTR, with the match.
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub adopters_sex: Option<AdopterSex>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub adopters_legal_status: Option<AdopterLegalStatus>,
    pub ceased_on: Option<NaiveDate>,
    /// 903 REASON_PLACED_CEASED.
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub ceased_reason: Option<ReasonPlacedCeased>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const ADOPTION_COLS: &str = "id, child_id, decided_on, matched_on, adopters_sex, adopters_legal_status, ceased_on, ceased_reason, version, \
                             created_at, created_by";

pub async fn insert_adoption(tx: &mut Tx, la: &str, a: &AdoptionRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_adoption_decisions (la_code, {ADOPTION_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(a.id).bind(a.child_id).bind(a.decided_on).bind(a.matched_on).bind(a.adopters_sex.map(AdopterSex::code)).bind(a.adopters_legal_status.map(AdopterLegalStatus::code))
        .bind(a.ceased_on).bind(a.ceased_reason.map(ReasonPlacedCeased::code)).bind(a.version).bind(a.created_at).bind(a.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_adoption(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<AdoptionRow>> {
    let sql = format!("SELECT {ADOPTION_COLS} FROM care_adoption_decisions WHERE la_code = $1 AND id = $2");
    select::one(tx, &sql, la, id).await
}

/// The child's decisions, oldest first (`care_adoption_decisions_child`).
pub async fn adoptions_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<AdoptionRow>> {
    adoptions_of_children(tx, la, &[child]).await
}

/// The decisions of many children, each child's oldest first.
pub async fn adoptions_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<AdoptionRow>> {
    of_children(tx, la, children, "care_adoption_decisions", ADOPTION_COLS, "child_id, decided_on, created_at").await
}

/// Writes a decision's next step (the match, or its end) at the version read; false when it
/// changed since or has ended.
pub async fn step_adoption(tx: &mut Tx, la: &str, a: &AdoptionRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE care_adoption_decisions SET matched_on = $3, adopters_sex = $4, adopters_legal_status = $5, ceased_on = $6, \
         ceased_reason = $7, version = version + 1 WHERE la_code = $1 AND id = $2 AND version = $8 AND ceased_on IS NULL")
        .bind(la).bind(a.id).bind(a.matched_on).bind(a.adopters_sex.map(AdopterSex::code)).bind(a.adopters_legal_status.map(AdopterLegalStatus::code)).bind(a.ceased_on)
        .bind(a.ceased_reason.map(ReasonPlacedCeased::code)).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A deprivation of liberty order made for a child in care (LA-12; 903 DoLo).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct DoloRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub period_id: Uuid,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const DOLO_COLS: &str = "id, child_id, period_id, started_on, ended_on, version, created_at, created_by";

pub async fn insert_dolo(tx: &mut Tx, la: &str, o: &DoloRow) -> Result<()> {
    let sql = format!("INSERT INTO care_dolo (la_code, {DOLO_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(o.id).bind(o.child_id).bind(o.period_id).bind(o.started_on).bind(o.ended_on).bind(o.version)
        .bind(o.created_at).bind(o.created_by).execute(x).await?.rows_affected());
    Ok(())
}

/// A child's orders, oldest first (`care_dolo_child`).
pub async fn dolo_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<DoloRow>> {
    let sql = format!("SELECT {DOLO_COLS} FROM care_dolo WHERE la_code = $1 AND child_id = $2 ORDER BY started_on, created_at");
    select::all(tx, &sql, la, child).await
}

/// The orders of many children, each child's oldest first.
pub async fn dolo_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<DoloRow>> {
    of_children(tx, la, children, "care_dolo", DOLO_COLS, "child_id, started_on, created_at").await
}

/// One order by id.
pub async fn get_dolo(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<DoloRow>> {
    let sql = format!("SELECT {DOLO_COLS} FROM care_dolo WHERE la_code = $1 AND id = $2");
    select::one(tx, &sql, la, id).await
}

/// Writes the order's end at the version read; false (nothing written) when it changed since.
pub async fn update_dolo(tx: &mut Tx, la: &str, o: &DoloRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE care_dolo SET ended_on = $3, version = $4 WHERE la_code = $1 AND id = $2 AND version = $5")
        .bind(la).bind(o.id).bind(o.ended_on).bind(o.version).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A placement's agreement (PA-1..PA-3; RCC-REF-1 stage P): one per placement, on the episode the
/// placement began with.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AgreementRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub episode_id: Uuid,
    pub agreed_on: NaiveDate,
    pub weekly_cost_pence: i64,
    pub social_care_pence: i64,
    pub education_pence: i64,
    pub health_pence: i64,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub sourcing_route: SourcingRoute,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub provision_type: ProvisionType,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub distance_reason: DistanceReason,
    /// The search's accepted offer the placement came from, when there was one.
    pub offer_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const AGREEMENT_COLS: &str = "id, child_id, episode_id, agreed_on, weekly_cost_pence, social_care_pence, education_pence, health_pence, \
                              sourcing_route, provision_type, distance_reason, offer_id, version, created_at, created_by";

pub async fn insert_agreement(tx: &mut Tx, la: &str, a: &AgreementRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO placement_agreements (la_code, {AGREEMENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(a.id).bind(a.child_id).bind(a.episode_id).bind(a.agreed_on).bind(a.weekly_cost_pence).bind(a.social_care_pence)
        .bind(a.education_pence).bind(a.health_pence).bind(a.sourcing_route.code()).bind(a.provision_type.code())
        .bind(a.distance_reason.code()).bind(a.offer_id).bind(a.version).bind(a.created_at).bind(a.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// The agreement of the placement that began with `episode` (`placement_agreements_episode`).
pub async fn agreement_for_episode(tx: &mut Tx, la: &str, episode: Uuid) -> Result<Option<AgreementRow>> {
    let sql = format!("SELECT {AGREEMENT_COLS} FROM placement_agreements WHERE la_code = $1 AND episode_id = $2");
    select::one(tx, &sql, la, episode).await
}

/// The agreements of many children's placements (`placement_agreements_child`).
pub async fn agreements_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<AgreementRow>> {
    of_children(tx, la, children, "placement_agreements", AGREEMENT_COLS, "child_id, agreed_on, created_at").await
}

/// Writes the agreement's terms at the version read; false (nothing written) when it changed since.
pub async fn update_agreement(tx: &mut Tx, la: &str, a: &AgreementRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE placement_agreements SET agreed_on = $3, weekly_cost_pence = $4, social_care_pence = $5, education_pence = $6, \
         health_pence = $7, sourcing_route = $8, provision_type = $9, distance_reason = $10, offer_id = $11, version = $12 \
         WHERE la_code = $1 AND id = $2 AND version = $13")
        .bind(la).bind(a.id).bind(a.agreed_on).bind(a.weekly_cost_pence).bind(a.social_care_pence).bind(a.education_pence)
        .bind(a.health_pence).bind(a.sourcing_route.code()).bind(a.provision_type.code()).bind(a.distance_reason.code())
        .bind(a.offer_id).bind(a.version).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// One set of an agreement's terms from a day on (PA-4); only ever added to.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AgreementTermsRow {
    pub id: Uuid,
    pub agreement_id: Uuid,
    pub child_id: Uuid,
    pub from_date: NaiveDate,
    pub weekly_cost_pence: i64,
    pub social_care_pence: i64,
    pub education_pence: i64,
    pub health_pence: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const TERMS_COLS: &str = "id, agreement_id, child_id, from_date, weekly_cost_pence, social_care_pence, education_pence, health_pence, \
                          created_at, created_by";

pub async fn insert_agreement_terms(tx: &mut Tx, la: &str, t: &AgreementTermsRow) -> Result<()> {
    let sql =
        format!("INSERT INTO placement_agreement_terms (la_code, {TERMS_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(t.id).bind(t.agreement_id).bind(t.child_id).bind(t.from_date).bind(t.weekly_cost_pence)
        .bind(t.social_care_pence).bind(t.education_pence).bind(t.health_pence).bind(t.created_at).bind(t.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// One agreement's terms in the order recorded (`placement_agreement_terms_agreement`).
pub async fn terms_of_agreement(tx: &mut Tx, la: &str, agreement: Uuid) -> Result<Vec<AgreementTermsRow>> {
    let sql = format!(
        "SELECT {TERMS_COLS} FROM placement_agreement_terms WHERE la_code = $1 AND agreement_id = $2 ORDER BY from_date, created_at, id"
    );
    select::all(tx, &sql, la, agreement).await
}

/// The agreements' terms of many children, each agreement's in the order recorded
/// (`placement_agreement_terms_child`).
pub async fn agreement_terms_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<AgreementTermsRow>> {
    of_children(tx, la, children, "placement_agreement_terms", TERMS_COLS, "child_id, from_date, created_at, id").await
}

pub mod leaving;
