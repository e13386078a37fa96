//! Family network support packages: packages with their costed items and the
//! ledger of payments, a child's packages in a fixed number of queries, the facts eligibility
//! (FNSP-1) needs, and a financial year's budget figures in one aggregate query over indexed
//! date ranges.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::family_networks::FgdmState;
use ff_domain::support_packages::{ItemCategory, PackageStatus};
use serde::Serialize;
use uuid::Uuid;

use crate::codes::as_code;
use crate::{Result, StoreError, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PackageRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub fgdm_id: Option<Uuid>,
    /// requested, approved, declined or closed.
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub status: PackageStatus,
    pub purpose: String,
    pub requested_on: NaiveDate,
    pub requested_by: Uuid,
    pub no_network_reason: Option<String>,
    /// When the support's sustainability is reviewed.
    pub review_on: Option<NaiveDate>,
    pub decided_by: Option<Uuid>,
    pub decided_on: Option<NaiveDate>,
    pub decision_note: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub close_note: Option<String>,
    /// The sum of the items' costs.
    pub total_pence: i64,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

const PACKAGE_COLS: &str = "id, child_id, fgdm_id, status, purpose, requested_on, requested_by, no_network_reason, review_on, decided_by, decided_on, \
     decision_note, closed_on, close_note, total_pence, version, created_at";

pub async fn insert_package(tx: &mut Tx, la: &str, p: &PackageRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO support_packages (la_code, {PACKAGE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(p.id).bind(p.child_id).bind(p.fgdm_id).bind(p.status.code()).bind(&p.purpose).bind(p.requested_on).bind(p.requested_by)
        .bind(&p.no_network_reason).bind(p.review_on).bind(p.decided_by).bind(p.decided_on).bind(&p.decision_note).bind(p.closed_on)
        .bind(&p.close_note).bind(p.total_pence).bind(p.version).bind(p.created_at).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_package(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<PackageRow>> {
    let sql = format!("SELECT {PACKAGE_COLS} FROM support_packages WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, PackageRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Save a package's new state (decision, review date, closure, version) if it is still at
/// `expected_version` (no lost update). The request itself (child, purpose, items, total) is
/// never rewritten.
pub async fn update_package(tx: &mut Tx, la: &str, p: &PackageRow, expected_version: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE support_packages SET status = $3, review_on = $4, decided_by = $5, decided_on = $6, decision_note = $7, closed_on = $8, \
         close_note = $9, version = $10 WHERE la_code = $1 AND id = $2 AND version = $11")
        .bind(la).bind(p.id).bind(p.status.code()).bind(p.review_on).bind(p.decided_by).bind(p.decided_on).bind(&p.decision_note).bind(p.closed_on)
        .bind(&p.close_note).bind(p.version).bind(expected_version).execute(x).await?.rows_affected());
    Ok(n == 1)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ItemRow {
    pub id: Uuid,
    pub package_id: Uuid,
    pub position: i32,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub category: ItemCategory,
    pub description: String,
    pub cost_pence: i64,
}

pub async fn insert_item(tx: &mut Tx, la: &str, i: &ItemRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO package_items (la_code, id, package_id, position, category, description, cost_pence) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(la).bind(i.id).bind(i.package_id).bind(i.position).bind(i.category.code()).bind(&i.description).bind(i.cost_pence)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn items_of_package(tx: &mut Tx, la: &str, package: Uuid) -> Result<Vec<ItemRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, ItemRow>(
        "SELECT id, package_id, position, category, description, cost_pence FROM package_items WHERE la_code = $1 AND package_id = $2 ORDER BY position")
        .bind(la).bind(package).fetch_all(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PaymentRow {
    pub id: Uuid,
    pub package_id: Uuid,
    pub paid_on: NaiveDate,
    pub amount_pence: i64,
    pub payee: String,
    pub reference: Option<String>,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

const PAYMENT_COLS: &str = "id, package_id, paid_on, amount_pence, payee, reference, recorded_by, created_at";

pub async fn insert_payment(tx: &mut Tx, la: &str, p: &PaymentRow) -> Result<()> {
    let sql = format!("INSERT INTO package_payments (la_code, {PAYMENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(p.id).bind(p.package_id).bind(p.paid_on).bind(p.amount_pence).bind(&p.payee).bind(&p.reference).bind(p.recorded_by)
        .bind(p.created_at).execute(x).await?.rows_affected());
    Ok(())
}

/// Everything paid so far under one package.
pub async fn paid_to_date(tx: &mut Tx, la: &str, package: Uuid) -> Result<i64> {
    Ok(on!(tx, x => sqlx::query_scalar::<_, i64>(
        "SELECT CAST(COALESCE(SUM(amount_pence), 0) AS BIGINT) FROM package_payments WHERE la_code = $1 AND package_id = $2")
        .bind(la).bind(package).fetch_one(x).await?))
}

/// A child's packages with their items and payments.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChildPackages {
    /// Newest request first.
    pub packages: Vec<PackageRow>,
    /// In each package's order.
    pub items: Vec<ItemRow>,
    /// Oldest first.
    pub payments: Vec<PaymentRow>,
}

/// A child's packages, items and payments: three queries, whatever the number of packages.
pub async fn for_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<ChildPackages> {
    let sql = format!(
        "SELECT {PACKAGE_COLS} FROM support_packages WHERE la_code = $1 AND child_id = $2 ORDER BY requested_on DESC, created_at DESC"
    );
    let packages = on!(tx, x => sqlx::query_as::<_, PackageRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?);
    let items = on!(tx, x => sqlx::query_as::<_, ItemRow>(
        "SELECT i.id, i.package_id, i.position, i.category, i.description, i.cost_pence FROM package_items i \
         JOIN support_packages p ON p.la_code = i.la_code AND p.id = i.package_id \
         WHERE p.la_code = $1 AND p.child_id = $2 ORDER BY i.package_id, i.position")
        .bind(la).bind(child).fetch_all(x).await?);
    let payments = on!(tx, x => sqlx::query_as::<_, PaymentRow>(
        "SELECT y.id, y.package_id, y.paid_on, y.amount_pence, y.payee, y.reference, y.recorded_by, y.created_at FROM package_payments y \
         JOIN support_packages p ON p.la_code = y.la_code AND p.id = y.package_id \
         WHERE p.la_code = $1 AND p.child_id = $2 ORDER BY y.paid_on, y.created_at")
        .bind(la).bind(child).fetch_all(x).await?);
    Ok(ChildPackages { packages, items, payments })
}

/// What FNSP-1 needs to know about a child, in one query.
#[derive(Debug, Clone, Copy, sqlx::FromRow, Serialize)]
pub struct EligibilityRow {
    /// Open Family Help episodes.
    pub open_episodes: i64,
    /// Open s.47 enquiries and open child protection plans.
    pub open_child_protection: i64,
    /// The child's most recent FGDM that was held (`FgdmState::MeetingHeld` or `PlanAgreed`:
    /// codes meeting_held, plan_agreed).
    pub latest_held_fgdm: Option<Uuid>,
}

pub async fn eligibility_facts(tx: &mut Tx, la: &str, child: Uuid) -> Result<EligibilityRow> {
    Ok(on!(tx, x => sqlx::query_as::<_, EligibilityRow>(
        "SELECT (SELECT COUNT(*) FROM episodes WHERE la_code = $1 AND child_id = $2 AND closure_date IS NULL) AS open_episodes, \
           (SELECT COUNT(*) FROM s47_enquiries WHERE la_code = $1 AND child_id = $2 AND concluded_on IS NULL) \
             + (SELECT COUNT(*) FROM cp_plans WHERE la_code = $1 AND child_id = $2 AND end_date IS NULL) AS open_child_protection, \
           (SELECT f.id FROM fgdm f WHERE f.la_code = $1 AND f.child_id = $2 AND f.state IN ('meeting_held', 'plan_agreed') \
             ORDER BY COALESCE(f.meeting_on, f.referred_on) DESC, f.created_at DESC LIMIT 1) AS latest_held_fgdm")
        .bind(la).bind(child).fetch_one(x).await?))
}

/// The state of one of the child's FGDMs (`None` when it is not this child's).
pub async fn fgdm_state(tx: &mut Tx, la: &str, child: Uuid, fgdm: Uuid) -> Result<Option<FgdmState>> {
    let state = on!(tx, x => sqlx::query_scalar::<_, String>("SELECT state FROM fgdm WHERE la_code = $1 AND child_id = $2 AND id = $3")
        .bind(la).bind(child).bind(fgdm).fetch_optional(x).await?);
    state.map(FgdmState::try_from).transpose().map_err(StoreError::Corrupt)
}

/// A financial year's figures for the council, in one query over indexed date ranges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct BudgetRow {
    /// Requests waiting for a decision (whenever made) and their totals.
    pub requested_count: i64,
    pub requested_pence: i64,
    /// Packages approved in the year (including those since closed) and their totals.
    pub approved_count: i64,
    pub approved_pence: i64,
    /// Packages declined in the year.
    pub declined_count: i64,
    /// Packages approved in the year and still open, and what has been paid against them.
    pub open_approved_pence: i64,
    pub open_approved_paid_pence: i64,
    /// Payments made in the year (against any package) and their sum.
    pub payment_count: i64,
    pub spent_pence: i64,
}

pub async fn budget_figures(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<BudgetRow> {
    Ok(on!(tx, x => sqlx::query_as::<_, BudgetRow>(
        "SELECT \
           (SELECT COUNT(*) FROM support_packages WHERE la_code = $1 AND status = 'requested') AS requested_count, \
           (SELECT CAST(COALESCE(SUM(total_pence), 0) AS BIGINT) FROM support_packages WHERE la_code = $1 AND status = 'requested') AS requested_pence, \
           d.approved_count, d.approved_pence, d.declined_count, d.open_approved_pence, \
           (SELECT CAST(COALESCE(SUM(y.amount_pence), 0) AS BIGINT) FROM package_payments y JOIN support_packages p ON p.la_code = y.la_code AND p.id = y.package_id \
             WHERE p.la_code = $1 AND p.decided_on BETWEEN $2 AND $3 AND p.status = 'approved') AS open_approved_paid_pence, \
           s.payment_count, s.spent_pence \
         FROM ( \
           SELECT CAST(COALESCE(SUM(CASE WHEN status IN ('approved', 'closed') THEN 1 ELSE 0 END), 0) AS BIGINT) AS approved_count, \
             CAST(COALESCE(SUM(CASE WHEN status IN ('approved', 'closed') THEN total_pence ELSE 0 END), 0) AS BIGINT) AS approved_pence, \
             CAST(COALESCE(SUM(CASE WHEN status = 'declined' THEN 1 ELSE 0 END), 0) AS BIGINT) AS declined_count, \
             CAST(COALESCE(SUM(CASE WHEN status = 'approved' THEN total_pence ELSE 0 END), 0) AS BIGINT) AS open_approved_pence \
           FROM support_packages WHERE la_code = $1 AND decided_on BETWEEN $2 AND $3) d, \
         ( \
           SELECT COUNT(*) AS payment_count, CAST(COALESCE(SUM(amount_pence), 0) AS BIGINT) AS spent_pence \
           FROM package_payments WHERE la_code = $1 AND paid_on BETWEEN $2 AND $3) s")
        .bind(la).bind(from).bind(to).fetch_one(x).await?))
}
