//! Leaving care (`ff_domain::looked_after::leaving`, LC-2..LC-6): pathway plans,
//! personal advisers and their contacts, circumstances in the 903's OC3 codes, Staying Put and
//! Staying Close, and payments. Every read is bounded by the child (`*_child` indexes); a
//! personal adviser's open allocations by `adviser_allocations_open`.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::looked_after::leaving::{Activity, AdviserContactKind, InTouch, PaymentKind, StayingKind};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::of_children;
use crate::codes::{NullableCode, as_code, as_opt_code};
use crate::{Result, Tx, on};

/// A pathway plan agreed with the young person (each review is a new plan; LC-2).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct PathwayPlanRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub agreed_on: NaiveDate,
    pub accommodation: String,
    pub education: String,
    pub health: String,
    pub money: String,
    pub relationships: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const PLAN_COLS: &str = "id, child_id, agreed_on, accommodation, education, health, money, relationships, version, created_at, created_by";

pub async fn insert_plan(tx: &mut Tx, la: &str, p: &PathwayPlanRow) -> Result<()> {
    let sql = format!("INSERT INTO pathway_plans (la_code, {PLAN_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(p.id).bind(p.child_id).bind(p.agreed_on).bind(&p.accommodation).bind(&p.education).bind(&p.health)
        .bind(&p.money).bind(&p.relationships).bind(p.version).bind(p.created_at).bind(p.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Many young people's plans, each one's oldest first.
pub async fn plans_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<PathwayPlanRow>> {
    of_children(tx, la, children, "pathway_plans", PLAN_COLS, "child_id, agreed_on, created_at").await
}

/// A personal adviser allocated to a young person (LC-3).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AdviserRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub adviser_id: Uuid,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const ADVISER_COLS: &str = "id, child_id, adviser_id, from_on, to_on, version, created_at, created_by";

pub async fn insert_adviser(tx: &mut Tx, la: &str, a: &AdviserRow) -> Result<()> {
    let sql = format!("INSERT INTO adviser_allocations (la_code, {ADVISER_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(a.id).bind(a.child_id).bind(a.adviser_id).bind(a.from_on).bind(a.to_on).bind(a.version).bind(a.created_at)
        .bind(a.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Ends an open allocation at the version read; false when it changed since.
pub async fn end_adviser(tx: &mut Tx, la: &str, id: Uuid, on_date: NaiveDate, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE adviser_allocations SET to_on = $3, version = version + 1 WHERE la_code = $1 AND id = $2 AND version = $4 AND to_on IS NULL")
        .bind(la).bind(id).bind(on_date).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

pub async fn advisers_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<AdviserRow>> {
    of_children(tx, la, children, "adviser_allocations", ADVISER_COLS, "child_id, from_on, created_at").await
}

/// Whether the personal adviser supports this young person now (`adviser_allocations_open`).
pub async fn adviser_supports(tx: &mut Tx, la: &str, adviser: Uuid, child: Uuid) -> Result<bool> {
    let n = on!(tx, x => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM adviser_allocations WHERE la_code = $1 AND adviser_id = $2 AND to_on IS NULL AND child_id = $3")
        .bind(la).bind(adviser).bind(child).fetch_one(x).await?);
    Ok(n > 0)
}

/// The young people a personal adviser supports now (`adviser_allocations_open`).
pub async fn open_of_adviser(tx: &mut Tx, la: &str, adviser: Uuid) -> Result<Vec<AdviserRow>> {
    let sql =
        format!("SELECT {ADVISER_COLS} FROM adviser_allocations WHERE la_code = $1 AND adviser_id = $2 AND to_on IS NULL ORDER BY from_on");
    Ok(on!(tx, x => sqlx::query_as::<_, AdviserRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(adviser).fetch_all(x).await?))
}

/// A personal adviser's contact with the young person (LC-3, T33).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AdviserContactRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub contact_on: NaiveDate,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: AdviserContactKind,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const CONTACT_COLS: &str = "id, child_id, contact_on, kind, note, created_at, created_by";

pub async fn insert_contact(tx: &mut Tx, la: &str, c: &AdviserContactRow) -> Result<()> {
    let sql = format!("INSERT INTO adviser_contacts (la_code, {CONTACT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(c.id).bind(c.child_id).bind(c.contact_on).bind(c.kind.code()).bind(&c.note).bind(c.created_at).bind(c.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn contacts_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<AdviserContactRow>> {
    of_children(tx, la, children, "adviser_contacts", CONTACT_COLS, "child_id, contact_on, created_at").await
}

/// Where the young person lives and what they do from a date, in the 903's OC3 codes (LC-5).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct CircumstancesRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub from_on: NaiveDate,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub in_touch: InTouch,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub activity: Option<Activity>,
    /// 903 OC3 ACCOM: the kind of home and its suitability together ("B1"), so kept as written.
    pub accommodation: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const CIRCUMSTANCES_COLS: &str = "id, child_id, from_on, in_touch, activity, accommodation, created_at, created_by";

pub async fn insert_circumstances(tx: &mut Tx, la: &str, c: &CircumstancesRow) -> Result<()> {
    let sql = format!("INSERT INTO care_leaver_circumstances (la_code, {CIRCUMSTANCES_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(c.id).bind(c.child_id).bind(c.from_on).bind(c.in_touch.code()).bind(c.activity.map(Activity::code)).bind(&c.accommodation)
        .bind(c.created_at).bind(c.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn circumstances_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<CircumstancesRow>> {
    of_children(tx, la, children, "care_leaver_circumstances", CIRCUMSTANCES_COLS, "child_id, from_on, created_at").await
}

/// Staying Put or Staying Close (LC-4).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct StayingRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: StayingKind,
    pub carer: String,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const STAYING_COLS: &str = "id, child_id, kind, carer, from_on, to_on, end_reason, version, created_at, created_by";

pub async fn insert_staying(tx: &mut Tx, la: &str, s: &StayingRow) -> Result<()> {
    let sql = format!("INSERT INTO staying_arrangements (la_code, {STAYING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(s.id).bind(s.child_id).bind(s.kind.code()).bind(&s.carer).bind(s.from_on).bind(s.to_on).bind(&s.end_reason)
        .bind(s.version).bind(s.created_at).bind(s.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_staying(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<StayingRow>> {
    let sql = format!("SELECT {STAYING_COLS} FROM staying_arrangements WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, StayingRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Ends an arrangement at the version read; false when it changed since.
pub async fn end_staying(tx: &mut Tx, la: &str, s: &StayingRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE staying_arrangements SET to_on = $3, end_reason = $4, version = version + 1 \
         WHERE la_code = $1 AND id = $2 AND version = $5 AND to_on IS NULL")
        .bind(la).bind(s.id).bind(s.to_on).bind(&s.end_reason).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

pub async fn staying_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<StayingRow>> {
    of_children(tx, la, children, "staying_arrangements", STAYING_COLS, "child_id, from_on, created_at").await
}

/// Money paid to a care leaver against an allowance (LC-6).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct PaymentRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: PaymentKind,
    pub paid_on: NaiveDate,
    pub amount_pence: i64,
    pub purpose: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const PAYMENT_COLS: &str = "id, child_id, kind, paid_on, amount_pence, purpose, created_at, created_by";

pub async fn insert_payment(tx: &mut Tx, la: &str, p: &PaymentRow) -> Result<()> {
    let sql = format!("INSERT INTO leaving_care_payments (la_code, {PAYMENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(p.id).bind(p.child_id).bind(p.kind.code()).bind(p.paid_on).bind(p.amount_pence).bind(&p.purpose).bind(p.created_at)
        .bind(p.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn payments_of_children(tx: &mut Tx, la: &str, children: &[Uuid]) -> Result<Vec<PaymentRow>> {
    of_children(tx, la, children, "leaving_care_payments", PAYMENT_COLS, "child_id, paid_on, created_at").await
}
