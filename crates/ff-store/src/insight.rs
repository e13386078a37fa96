//! Aggregates for the performance dashboard. Each is one query over an indexed
//! date range of one council's rows; nothing here loads a whole table.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::{Result, Tx, on};

/// Counts over a period `[from, to]` (inclusive), and plans open at `to`.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct Counts {
    pub referrals: i64,
    pub rereferrals: i64,
    pub assessments_completed: i64,
    pub s47_started: i64,
    pub initial_conferences: i64,
    pub plans_started: i64,
    pub children_on_plans_at_end: i64,
}

pub async fn counts(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Counts> {
    Ok(on!(tx, x => sqlx::query_as::<_, Counts>(
        "SELECT \
           (SELECT COUNT(*) FROM episodes WHERE la_code = $1 AND referral_date BETWEEN $2 AND $3) AS referrals, \
           (SELECT COUNT(*) FROM episodes WHERE la_code = $1 AND referral_date BETWEEN $2 AND $3 AND rereferral) AS rereferrals, \
           (SELECT COUNT(*) FROM assessments WHERE la_code = $1 AND completed_date BETWEEN $2 AND $3) AS assessments_completed, \
           (SELECT COUNT(*) FROM s47_enquiries WHERE la_code = $1 AND start_date BETWEEN $2 AND $3) AS s47_started, \
           (SELECT COUNT(*) FROM conferences WHERE la_code = $1 AND held_on BETWEEN $2 AND $3 AND kind IN ('initial', 'pre_birth', 'transfer_in')) AS initial_conferences, \
           (SELECT COUNT(*) FROM cp_plans WHERE la_code = $1 AND start_date BETWEEN $2 AND $3) AS plans_started, \
           (SELECT COUNT(DISTINCT child_id) FROM cp_plans WHERE la_code = $1 AND start_date <= $3 AND (end_date IS NULL OR end_date > $3)) AS children_on_plans_at_end")
        .bind(la).bind(from).bind(to).fetch_one(x).await?))
}

/// Assessments completed in the period: (start, completed, due) for working-day durations.
pub async fn assessments_completed(
    tx: &mut Tx,
    la: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, NaiveDate, NaiveDate)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (NaiveDate, NaiveDate, NaiveDate)>(
        "SELECT start_date, completed_date, due_date FROM assessments WHERE la_code = $1 AND completed_date BETWEEN $2 AND $3 ORDER BY completed_date")
        .bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// Plans started in the period by category of abuse.
pub async fn categories(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, i64)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (String, i64)>(
        "SELECT category, COUNT(*) FROM cp_plans WHERE la_code = $1 AND start_date BETWEEN $2 AND $3 GROUP BY category ORDER BY category")
        .bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// Families First measures at a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct FamiliesFirst {
    /// Children with an open s.47 or plan at the date.
    pub cp_children: i64,
    /// Of those, held by a designated LCPP (every open enquiry and plan they have).
    pub cp_children_held_by_lcpp: i64,
    /// Open child-in-need episodes led by someone who is not a registered social worker.
    pub non_sw_cin_leads: i64,
    /// Of those, with a social-work-qualified overseer (R-FH-1).
    pub non_sw_cin_leads_with_oversight: i64,
}

pub async fn families_first(tx: &mut Tx, la: &str, at: NaiveDate) -> Result<FamiliesFirst> {
    Ok(on!(tx, x => sqlx::query_as::<_, FamiliesFirst>(
        "WITH held AS ( \
           SELECT child_id, lead_id FROM s47_enquiries WHERE la_code = $1 AND start_date <= $2 AND (concluded_on IS NULL OR concluded_on > $2) \
           UNION ALL SELECT child_id, lead_id FROM cp_plans WHERE la_code = $1 AND start_date <= $2 AND (end_date IS NULL OR end_date > $2)), \
         per_child AS ( \
           SELECT h.child_id, MIN(CASE WHEN u.role = 'lcpp' AND u.lcpp_designated_on IS NOT NULL AND u.lcpp_designated_on <= $2 THEN 1 ELSE 0 END) AS by_lcpp \
           FROM held h JOIN users u ON u.la_code = $1 AND u.id = h.lead_id GROUP BY h.child_id), \
         cin AS ( \
           SELECT e.overseer_id FROM episodes e JOIN users u ON u.la_code = e.la_code AND u.id = e.lead_id \
           WHERE e.la_code = $1 AND e.level = 'child_in_need' AND e.referral_date <= $2 AND (e.closure_date IS NULL OR e.closure_date > $2) \
             AND (u.swe_status IS NULL OR u.swe_status <> 'registered')) \
         SELECT (SELECT COUNT(*) FROM per_child) AS cp_children, \
                (SELECT COUNT(*) FROM per_child WHERE by_lcpp = 1) AS cp_children_held_by_lcpp, \
                (SELECT COUNT(*) FROM cin) AS non_sw_cin_leads, \
                (SELECT COUNT(*) FROM cin WHERE overseer_id IS NOT NULL) AS non_sw_cin_leads_with_oversight")
        .bind(la).bind(at).fetch_one(x).await?))
}

/// Family network figures over a period, and children in kinship care at its end.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct Networks {
    /// FGDMs with an offer made in the period.
    pub fgdm_offered: i64,
    /// FGDMs whose meeting was held in the period.
    pub fgdm_held: i64,
    pub packages_approved: i64,
    pub packages_approved_pence: i64,
    pub package_spend_pence: i64,
    /// Children in a kinship care arrangement at the end of the period (kept within their network).
    pub children_in_kinship_care: i64,
}

pub async fn networks(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Networks> {
    Ok(on!(tx, x => sqlx::query_as::<_, Networks>(
        "SELECT \
           (SELECT COUNT(DISTINCT o.fgdm_id) FROM fgdm_offers o WHERE o.la_code = $1 AND o.offered_on BETWEEN $2 AND $3) AS fgdm_offered, \
           (SELECT COUNT(*) FROM fgdm WHERE la_code = $1 AND meeting_on BETWEEN $2 AND $3 AND state IN ('meeting_held', 'plan_agreed')) AS fgdm_held, \
           (SELECT COUNT(*) FROM support_packages WHERE la_code = $1 AND decided_on BETWEEN $2 AND $3 AND status IN ('approved', 'closed')) AS packages_approved, \
           (SELECT CAST(COALESCE(SUM(total_pence), 0) AS BIGINT) FROM support_packages WHERE la_code = $1 AND decided_on BETWEEN $2 AND $3 AND status IN ('approved', 'closed')) AS packages_approved_pence, \
           (SELECT CAST(COALESCE(SUM(amount_pence), 0) AS BIGINT) FROM package_payments WHERE la_code = $1 AND paid_on BETWEEN $2 AND $3) AS package_spend_pence, \
           (SELECT COUNT(DISTINCT child_id) FROM kinship_arrangements WHERE la_code = $1 AND start_date <= $3 AND (end_date IS NULL OR end_date > $3)) AS children_in_kinship_care")
        .bind(la).bind(from).bind(to).fetch_one(x).await?))
}

/// Which dashboard's figures a snapshot keeps: the performance dashboard's (`insight_snapshots`)
/// or the safeguarding partnership's data set (`data_set_snapshots`). Both are derived data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snapshots {
    Performance,
    PartnershipDataSet,
}

impl Snapshots {
    fn table(self) -> &'static str {
        match self {
            Snapshots::Performance => "insight_snapshots",
            Snapshots::PartnershipDataSet => "data_set_snapshots",
        }
    }
}

/// A dashboard's figures for a period as last computed: when they were computed and the figures
/// as the service serialised them.
pub async fn snapshot(tx: &mut Tx, which: Snapshots, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Option<(DateTime<Utc>, String)>> {
    let sql = format!("SELECT computed_at, figures FROM {} WHERE la_code = $1 AND period_from = $2 AND period_to = $3", which.table());
    Ok(on!(tx, x => sqlx::query_as::<_, (DateTime<Utc>, String)>(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(from).bind(to).fetch_optional(x).await?))
}

/// Takes the row lock of a snapshot computed before `stale_before`, so that one request
/// recomputes it while the others wait for its figures instead of all computing them. False when
/// there is no such row: none yet, or another request has just refreshed it (read it again).
pub async fn lock_stale_snapshot(
    tx: &mut Tx,
    which: Snapshots,
    la: &str,
    from: NaiveDate,
    to: NaiveDate,
    stale_before: DateTime<Utc>,
) -> Result<bool> {
    let sql = format!(
        "UPDATE {} SET computed_at = computed_at WHERE la_code = $1 AND period_from = $2 AND period_to = $3 AND computed_at < $4",
        which.table()
    );
    let n = on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(from).bind(to).bind(stale_before).execute(x).await?.rows_affected());
    Ok(n > 0)
}

/// Stores freshly computed figures for a period (replacing the last ones), and removes the
/// council's snapshots last computed before `forget_before`.
#[allow(clippy::too_many_arguments)]
pub async fn save_snapshot(
    tx: &mut Tx,
    which: Snapshots,
    la: &str,
    from: NaiveDate,
    to: NaiveDate,
    computed_at: DateTime<Utc>,
    figures: &str,
    forget_before: DateTime<Utc>,
) -> Result<()> {
    let table = which.table();
    let sql = format!(
        "INSERT INTO {table} (la_code, period_from, period_to, computed_at, figures) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (la_code, period_from, period_to) DO UPDATE SET computed_at = excluded.computed_at, figures = excluded.figures"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(from).bind(to).bind(computed_at).bind(figures).execute(x).await?.rows_affected());
    let sql = format!("DELETE FROM {table} WHERE la_code = $1 AND computed_at < $2");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(forget_before).execute(x).await?.rows_affected());
    Ok(())
}
