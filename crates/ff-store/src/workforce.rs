//! The workforce (`ff_domain::workforce`): workers, their experience ledger and agency
//! assignments. A worker's experience and assignments are bounded by the worker
//! (`worker_experience_worker`, `agency_assignments_worker`); the council's lists by name
//! (`workers_name`) and by start (`agency_assignments_start`), a page at a time.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::workforce::establishment::{AbsenceReason, ReasonLeave};
use ff_domain::workforce::record::{QualificationRoute, RegistrationStatus};
use ff_domain::workforce::{AssignmentStatus, CoolingOffException, Country, EmployerKind, Engagement, LeftBecause, RoleType};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::{NullableCode, as_code, as_opt_code};
use crate::{Result, Tx, on};

/// A member of the workforce (W-SYS-1), linked to their user account when they have one.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct WorkerRow {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub name: String,
    pub swe_number: Option<String>,
    pub qualified_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
    pub date_of_birth: Option<NaiveDate>,
    /// Social Work England registration status, from `registration_from` (W-SYS-17).
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub registration_status: Option<RegistrationStatus>,
    pub registration_from: Option<NaiveDate>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub qualification_route: Option<QualificationRoute>,
    /// Accredited as a lead child protection practitioner, with the evidence, where it is held
    /// and who checked it.
    pub lcpp_accredited_on: Option<NaiveDate>,
    pub lcpp_evidence: Option<String>,
    pub lcpp_evidence_held: Option<String>,
    pub lcpp_checked_by: Option<String>,
}

const WORKER_COLS: &str = "id, user_id, name, swe_number, qualified_on, version, created_at, created_by, date_of_birth, \
                           registration_status, registration_from, qualification_route, lcpp_accredited_on, lcpp_evidence, \
                           lcpp_evidence_held, lcpp_checked_by";

pub async fn insert_worker(tx: &mut Tx, la: &str, w: &WorkerRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO workers (la_code, {WORKER_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(w.id).bind(w.user_id).bind(&w.name).bind(&w.swe_number).bind(w.qualified_on).bind(w.version)
        .bind(w.created_at).bind(w.created_by).bind(w.date_of_birth).bind(w.registration_status.map(|s| s.code())).bind(w.registration_from)
        .bind(w.qualification_route.map(|r| r.code())).bind(w.lcpp_accredited_on).bind(&w.lcpp_evidence).bind(&w.lcpp_evidence_held)
        .bind(&w.lcpp_checked_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Writes the worker's details at the version read (W-SYS-1); false when it changed since. The
/// account link, who added them and when stay as they were.
pub async fn update_worker(tx: &mut Tx, la: &str, w: &WorkerRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE workers SET name = $3, swe_number = $4, qualified_on = $5, date_of_birth = $6, registration_status = $7, \
         registration_from = $8, qualification_route = $9, lcpp_accredited_on = $10, lcpp_evidence = $11, lcpp_evidence_held = $12, \
         lcpp_checked_by = $13, version = $14 WHERE la_code = $1 AND id = $2 AND version = $15")
        .bind(la).bind(w.id).bind(&w.name).bind(&w.swe_number).bind(w.qualified_on).bind(w.date_of_birth)
        .bind(w.registration_status.map(|s| s.code())).bind(w.registration_from).bind(w.qualification_route.map(|r| r.code()))
        .bind(w.lcpp_accredited_on).bind(&w.lcpp_evidence).bind(&w.lcpp_evidence_held).bind(&w.lcpp_checked_by).bind(w.version)
        .bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// The LCPP pipeline on `on` (W-OUT-3): workers accredited as lead child protection practitioners
/// by then (`workers_lcpp`), accounts designated to lead child protection work by then, and
/// workers both accredited and designated (through the worker's account). One query.
pub async fn lcpp_pipeline(tx: &mut Tx, la: &str, on: NaiveDate) -> Result<(i64, i64, i64)> {
    Ok(on!(tx, x => sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT (SELECT COUNT(*) FROM workers WHERE la_code = $1 AND lcpp_accredited_on <= $2), \
                (SELECT COUNT(*) FROM users WHERE la_code = $1 AND lcpp_designated_on <= $2), \
                (SELECT COUNT(*) FROM workers w JOIN users u ON u.la_code = w.la_code AND u.id = w.user_id \
                  WHERE w.la_code = $1 AND w.lcpp_accredited_on <= $2 AND u.lcpp_designated_on <= $2)")
        .bind(la).bind(on).fetch_one(x).await?))
}

/// The council's workers who qualified from `from` to `on` (`workers_qualified`): the
/// dashboard's early-career cohort (W-EC-1).
pub async fn workers_qualified_between(tx: &mut Tx, la: &str, from: NaiveDate, on: NaiveDate) -> Result<Vec<WorkerRow>> {
    let sql = format!(
        "SELECT {WORKER_COLS} FROM workers WHERE la_code = $1 AND qualified_on >= $2 AND qualified_on <= $3 ORDER BY qualified_on, id"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, WorkerRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(from).bind(on).fetch_all(x).await?))
}

/// The family help lead practitioners on `on` by the role of their account (W-OUT-3: the balance
/// of social workers and other practitioners the DfE monitors): for each role, the practitioners
/// leading at least one family help episode that day and the episodes they lead (lead
/// allocations in force, `allocations_lead_until`).
pub async fn leads_by_role(tx: &mut Tx, la: &str, on: NaiveDate) -> Result<Vec<(String, i64, i64)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT u.role, COUNT(DISTINCT a.user_id), COUNT(DISTINCT a.episode_id) FROM allocations a \
         JOIN users u ON u.la_code = a.la_code AND u.id = a.user_id \
         WHERE a.la_code = $1 AND a.role = 'lead' AND a.from_date <= $2 AND (a.to_date IS NULL OR a.to_date > $2) \
         GROUP BY u.role ORDER BY u.role")
        .bind(la).bind(on).fetch_all(x).await?))
}

pub async fn get_worker(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<WorkerRow>> {
    let sql = format!("SELECT {WORKER_COLS} FROM workers WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, WorkerRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Takes the worker's row lock for the rest of the transaction without changing it, so that two
/// assignments recorded at once for the same worker are decided one after the other (one at a
/// time: the second sees the first). False when there is no such worker.
pub async fn lock_worker(tx: &mut Tx, la: &str, id: Uuid) -> Result<bool> {
    let n = on!(tx, x => sqlx::query("UPDATE workers SET version = version WHERE la_code = $1 AND id = $2")
        .bind(la).bind(id).execute(x).await?.rows_affected());
    Ok(n > 0)
}

/// The workers with these ids, in any order (a page's names in one query per hundred).
pub async fn workers_with_ids(tx: &mut Tx, la: &str, ids: &[Uuid]) -> Result<Vec<WorkerRow>> {
    crate::select::for_ids(tx, la, ids, |list| format!("SELECT {WORKER_COLS} FROM workers WHERE la_code = $1 AND id IN ({list})")).await
}

/// The workers linked to these user accounts, in any order (`workers_user`).
pub async fn workers_of_users(tx: &mut Tx, la: &str, users: &[Uuid]) -> Result<Vec<WorkerRow>> {
    crate::select::for_ids(tx, la, users, |list| format!("SELECT {WORKER_COLS} FROM workers WHERE la_code = $1 AND user_id IN ({list})"))
        .await
}

/// The worker linked to a user account, if any (`workers_user`).
pub async fn worker_of_user(tx: &mut Tx, la: &str, user: Uuid) -> Result<Option<WorkerRow>> {
    let sql = format!("SELECT {WORKER_COLS} FROM workers WHERE la_code = $1 AND user_id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, WorkerRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(user).fetch_optional(x).await?))
}

/// A page of the council's workers by name after (`after_name`, `after_id`) (`workers_name`).
pub async fn workers_page(tx: &mut Tx, la: &str, after: Option<(&str, Uuid)>, limit: i64) -> Result<Vec<WorkerRow>> {
    let (name, id) = after.unwrap_or(("", Uuid::nil()));
    let sql = format!(
        "SELECT {WORKER_COLS} FROM workers WHERE la_code = $1 AND (name > $2 OR (name = $2 AND id > $3)) ORDER BY name, id LIMIT $4"
    );
    Ok(
        on!(tx, x => sqlx::query_as::<_, WorkerRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(name).bind(id).bind(limit).fetch_all(x).await?),
    )
}

/// One period of a worker's experience (W-SYS-5). Corrections are new rows; none is changed.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct ExperienceRow {
    pub id: Uuid,
    pub worker_id: Uuid,
    pub employer: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub employer_kind: EmployerKind,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub country: Country,
    pub region: Option<String>,
    pub children_and_families: bool,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub engagement: Engagement,
    pub registered: bool,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub left_because: Option<LeftBecause>,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
    /// Set when the period was withdrawn: entered in error, or replaced by a corrected period
    /// (`replaced_by`). A withdrawn period no longer counts; the row stays.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_by: Option<Uuid>,
    pub withdrawn_reason: Option<String>,
    pub replaced_by: Option<Uuid>,
}

/// The columns a new period is written with; the withdrawal columns start empty.
const EXPERIENCE_COLS: &str = "id, worker_id, employer, employer_kind, country, region, children_and_families, engagement, registered, \
                               from_date, to_date, left_because, created_at, created_by";

pub async fn insert_experience(tx: &mut Tx, la: &str, e: &ExperienceRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO worker_experience (la_code, {EXPERIENCE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(e.id).bind(e.worker_id).bind(&e.employer).bind(e.employer_kind.code()).bind(e.country.code()).bind(&e.region)
        .bind(e.children_and_families).bind(e.engagement.code()).bind(e.registered).bind(e.from_date).bind(e.to_date).bind(e.left_because.map(|l| l.code()))
        .bind(e.created_at).bind(e.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

const EXPERIENCE_READ: &str = "withdrawn_at, withdrawn_by, withdrawn_reason, replaced_by";

/// The worker's experience in force (not withdrawn), oldest first (`worker_experience_worker`).
pub async fn experience_of(tx: &mut Tx, la: &str, worker: Uuid) -> Result<Vec<ExperienceRow>> {
    let sql = format!(
        "SELECT {EXPERIENCE_COLS}, {EXPERIENCE_READ} FROM worker_experience WHERE la_code = $1 AND worker_id = $2 AND withdrawn_at IS NULL \
         ORDER BY from_date, created_at"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, ExperienceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(worker).fetch_all(x).await?))
}

/// The worker's withdrawn periods, most recently withdrawn first (`worker_experience_worker`).
pub async fn withdrawn_experience_of(tx: &mut Tx, la: &str, worker: Uuid) -> Result<Vec<ExperienceRow>> {
    let sql = format!(
        "SELECT {EXPERIENCE_COLS}, {EXPERIENCE_READ} FROM worker_experience WHERE la_code = $1 AND worker_id = $2 AND withdrawn_at IS NOT NULL \
         ORDER BY withdrawn_at DESC, created_at DESC, id"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, ExperienceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(worker).fetch_all(x).await?))
}

/// One period of the worker's, withdrawn or not.
pub async fn get_experience(tx: &mut Tx, la: &str, worker: Uuid, id: Uuid) -> Result<Option<ExperienceRow>> {
    let sql =
        format!("SELECT {EXPERIENCE_COLS}, {EXPERIENCE_READ} FROM worker_experience WHERE la_code = $1 AND worker_id = $2 AND id = $3");
    Ok(
        on!(tx, x => sqlx::query_as::<_, ExperienceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(worker).bind(id).fetch_optional(x).await?),
    )
}

/// Withdraws a period still in force, with the reason and, for a correction, the period that
/// replaces it. Returns false when it was withdrawn already (someone else got there first).
pub async fn withdraw_experience(
    tx: &mut Tx,
    la: &str,
    id: Uuid,
    (at, by): (DateTime<Utc>, Uuid),
    reason: &str,
    replaced_by: Option<Uuid>,
) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE worker_experience SET withdrawn_at = $3, withdrawn_by = $4, withdrawn_reason = $5, replaced_by = $6 \
         WHERE la_code = $1 AND id = $2 AND withdrawn_at IS NULL")
        .bind(la).bind(id).bind(at).bind(by).bind(reason).bind(replaced_by)
        .execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// An agency assignment (W-SYS-4) with what the agency rules found when it was recorded.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AssignmentRow {
    pub id: Uuid,
    pub worker_id: Uuid,
    /// The agency's name (free text).
    pub agency: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub role_type: RoleType,
    pub team: String,
    pub start_date: NaiveDate,
    pub planned_end: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub notice_days: i32,
    pub pay_pence: i32,
    pub employer_ni_pence: i32,
    pub holiday_pence: i32,
    pub levy_pence: i32,
    pub fee_pence: i32,
    pub cap_pence: Option<i32>,
    pub over_cap_by_pence: Option<i32>,
    pub over_cap_reason: Option<String>,
    pub packaged_supplier: Option<String>,
    pub references_received: i32,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub cooling_off_exception: Option<CoolingOffException>,
    /// The rules not met that do not block, as JSON: [[rule, what]].
    pub non_compliance: String,
    /// pending, active or ended.
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub status: AssignmentStatus,
    pub dcs_signed_by: Option<String>,
    pub dcs_signed_on: Option<NaiveDate>,
    pub ceo_signed_by: Option<String>,
    pub ceo_signed_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
    /// The council's post it covers, if it names one (W-SYS-4; decision 0025).
    #[serde(default)]
    pub post_id: Option<Uuid>,
    /// Its FTE in millionths (1.0 unless it says otherwise).
    #[serde(default = "fte_one")]
    pub fte: i64,
}

fn fte_one() -> i64 {
    1_000_000
}

const ASSIGNMENT_COLS: &str = "id, worker_id, agency, role_type, team, start_date, planned_end, ended_on, notice_days, pay_pence, \
                               employer_ni_pence, holiday_pence, levy_pence, fee_pence, cap_pence, over_cap_by_pence, over_cap_reason, \
                               packaged_supplier, references_received, cooling_off_exception, non_compliance, status, dcs_signed_by, \
                               dcs_signed_on, ceo_signed_by, ceo_signed_on, version, created_at, created_by, post_id, fte";

pub async fn insert_assignment(tx: &mut Tx, la: &str, a: &AssignmentRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO agency_assignments (la_code, {ASSIGNMENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(a.id).bind(a.worker_id).bind(&a.agency).bind(a.role_type.code()).bind(&a.team).bind(a.start_date).bind(a.planned_end)
        .bind(a.ended_on).bind(a.notice_days).bind(a.pay_pence).bind(a.employer_ni_pence).bind(a.holiday_pence).bind(a.levy_pence)
        .bind(a.fee_pence).bind(a.cap_pence).bind(a.over_cap_by_pence).bind(&a.over_cap_reason).bind(&a.packaged_supplier)
        .bind(a.references_received).bind(a.cooling_off_exception.map(|e| e.code())).bind(&a.non_compliance).bind(a.status.code()).bind(&a.dcs_signed_by)
        .bind(a.dcs_signed_on).bind(&a.ceo_signed_by).bind(a.ceo_signed_on).bind(a.version).bind(a.created_at).bind(a.created_by)
        .bind(a.post_id).bind(a.fte)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_assignment(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<AssignmentRow>> {
    let sql = format!("SELECT {ASSIGNMENT_COLS} FROM agency_assignments WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, AssignmentRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// The worker's assignments, oldest first (`agency_assignments_worker`).
pub async fn assignments_of(tx: &mut Tx, la: &str, worker: Uuid) -> Result<Vec<AssignmentRow>> {
    let sql =
        format!("SELECT {ASSIGNMENT_COLS} FROM agency_assignments WHERE la_code = $1 AND worker_id = $2 ORDER BY start_date, created_at");
    Ok(on!(tx, x => sqlx::query_as::<_, AssignmentRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(worker).fetch_all(x).await?))
}

/// Assignments that started from `from` to `to` or were running then, newest start first, a page
/// after (`before_start`, `before_id`) (`agency_assignments_start`).
pub async fn assignments_between(
    tx: &mut Tx,
    la: &str,
    from: NaiveDate,
    to: NaiveDate,
    before: Option<(NaiveDate, Uuid)>,
    limit: i64,
) -> Result<Vec<AssignmentRow>> {
    let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(to);
    let (start, id) = before.unwrap_or((far, Uuid::max()));
    let sql = format!(
        "SELECT {ASSIGNMENT_COLS} FROM agency_assignments WHERE la_code = $1 AND start_date <= $3 AND (ended_on IS NULL OR ended_on >= $2) \
         AND (start_date < $4 OR (start_date = $4 AND id < $5)) ORDER BY start_date DESC, id DESC LIMIT $6"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, AssignmentRow>(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(from).bind(to).bind(start).bind(id).bind(limit).fetch_all(x).await?))
}

/// Writes an assignment's sign-offs, status, end, the post it covers and its FTE at the version
/// read; false when it changed.
pub async fn step_assignment(tx: &mut Tx, la: &str, a: &AssignmentRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE agency_assignments SET status = $3, dcs_signed_by = $4, dcs_signed_on = $5, ceo_signed_by = $6, ceo_signed_on = $7, \
         ended_on = $8, post_id = $10, fte = $11, version = version + 1 WHERE la_code = $1 AND id = $2 AND version = $9")
        .bind(la).bind(a.id).bind(a.status.code()).bind(&a.dcs_signed_by).bind(a.dcs_signed_on).bind(&a.ceo_signed_by).bind(a.ceo_signed_on)
        .bind(a.ended_on).bind(read_version).bind(a.post_id).bind(a.fte).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// `column` is one of the council's case holders (`users::case_holders`), or with the team's
/// placeholder one of that team's: a semi-join, so the counts below are one query whatever the
/// number of workers, each worker's rows read through their own index.
fn case_holder(column: &str, team: Option<&str>) -> String {
    let roles = crate::users::CASE_HOLDING_ROLES;
    let team = team.map_or(String::new(), |p| {
        format!(" AND EXISTS (SELECT 1 FROM team_members m WHERE m.la_code = u.la_code AND m.team_id = {p} AND m.user_id = u.id)")
    });
    format!("{column} IN (SELECT u.id FROM users u WHERE u.la_code = $1 AND u.role IN {roles}{team})")
}

/// The distinct children each case holder (of `team`, or of the council) led on `on` (W-DEF-7):
/// lead allocations in force that day, from the first day up to but not including the day one
/// ended (the test of `ff_domain::workforce::caseload::in_force`), and the child protection work
/// an LCPP holds (a plan from its start to its end, a section 47 enquiry from its start to its
/// conclusion; R-S47-1, and the lead of a plan in §2). A plan's or enquiry's change of lead is not dated, so a past date counts
/// it for its lead today. One query: a team's workers' allocations read through
/// `allocations_user`, the council's through `allocations_lead_until` (only those running on the
/// date); workers with none are left out.
pub async fn caseloads_on(tx: &mut Tx, la: &str, on: NaiveDate, team: Option<Uuid>) -> Result<Vec<(Uuid, i64)>> {
    let t = team.map(|_| "$3");
    let sql = format!(
        "SELECT holder, COUNT(DISTINCT child) FROM ( \
           SELECT a.user_id AS holder, e.child_id AS child FROM allocations a \
           JOIN episodes e ON e.la_code = a.la_code AND e.id = a.episode_id \
           WHERE a.la_code = $1 AND a.from_date <= $2 AND (a.to_date IS NULL OR a.to_date > $2) AND a.role = 'lead' AND {} \
           UNION ALL SELECT p.lead_id, p.child_id FROM cp_plans p \
           WHERE p.la_code = $1 AND p.start_date <= $2 AND (p.end_date IS NULL OR p.end_date > $2) AND {} \
           UNION ALL SELECT s.lead_id, s.child_id FROM s47_enquiries s \
           WHERE s.la_code = $1 AND s.start_date <= $2 AND (s.concluded_on IS NULL OR s.concluded_on > $2) AND {} \
         ) held GROUP BY holder",
        case_holder("a.user_id", t),
        case_holder("p.lead_id", t),
        case_holder("s.lead_id", t)
    );
    Ok(on!(tx, c => {
        let q = sqlx::query_as::<_, (Uuid, i64)>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(on);
        match team {
            Some(t) => q.bind(t).fetch_all(c).await?,
            None => q.fetch_all(c).await?,
        }
    }))
}

/// The visits each case holder (of `team`, or of the council) recorded from `from` to `to` (both
/// included): family help and child protection visits (`visits_practitioner`) and statutory
/// visits to children in care (`care_checks_visitor`). One query; workers with none are left out.
pub async fn visits_by(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate, team: Option<Uuid>) -> Result<Vec<(Uuid, i64)>> {
    let p = team.map(|_| "$4");
    let sql = format!(
        "SELECT who, COUNT(*) FROM ( \
           SELECT practitioner_id AS who FROM visits WHERE la_code = $1 AND visit_date >= $2 AND visit_date <= $3 \
             AND {} \
           UNION ALL SELECT created_by AS who FROM care_checks WHERE la_code = $1 AND held_on >= $2 AND held_on <= $3 \
             AND kind = 'visit' AND {}) v GROUP BY who",
        case_holder("practitioner_id", p),
        case_holder("created_by", p)
    );
    Ok(on!(tx, c => {
        let q = sqlx::query_as::<_, (Uuid, i64)>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(from).bind(to);
        match team {
            Some(t) => q.bind(t).fetch_all(c).await?,
            None => q.fetch_all(c).await?,
        }
    }))
}

/// A funded post (W-SYS-2). Closed with an end date at the version read, never removed.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct PostRow {
    pub id: Uuid,
    pub team_id: Uuid,
    pub title: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub role_type: RoleType,
    /// Funded FTE in millionths.
    pub funded_fte: i64,
    pub case_holding: bool,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const POST_COLS: &str = "id, team_id, title, role_type, funded_fte, case_holding, from_date, to_date, version, created_at, created_by";

pub async fn insert_post(tx: &mut Tx, la: &str, p: &PostRow) -> Result<()> {
    let sql = format!("INSERT INTO posts (la_code, {POST_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(p.id).bind(p.team_id).bind(&p.title).bind(p.role_type.code()).bind(p.funded_fte).bind(p.case_holding)
        .bind(p.from_date).bind(p.to_date).bind(p.version).bind(p.created_at).bind(p.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_post(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<PostRow>> {
    let sql = format!("SELECT {POST_COLS} FROM posts WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, PostRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// The council's posts open on or after `from`, by team and start (`posts_team`). A council's
/// establishment is hundreds of posts, read whole.
pub async fn posts_open_since(tx: &mut Tx, la: &str, from: NaiveDate) -> Result<Vec<PostRow>> {
    let sql = format!(
        "SELECT {POST_COLS} FROM posts WHERE la_code = $1 AND (to_date IS NULL OR to_date >= $2) ORDER BY team_id, from_date, title, id"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, PostRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(from).fetch_all(x).await?))
}

/// The council's posts with these ids, in any order (another council's are not found).
pub async fn posts_with_ids(tx: &mut Tx, la: &str, ids: &[Uuid]) -> Result<Vec<PostRow>> {
    crate::select::for_ids(tx, la, ids, |list| format!("SELECT {POST_COLS} FROM posts WHERE la_code = $1 AND id IN ({list})")).await
}

/// Writes a post's end at the version read; false when it changed.
pub async fn close_post(tx: &mut Tx, la: &str, p: &PostRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE posts SET to_date = $3, version = version + 1 WHERE la_code = $1 AND id = $2 AND version = $4")
        .bind(la).bind(p.id).bind(p.to_date).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A permanent employment episode (W-SYS-3): the post held, the contracted week and its FTE, the
/// start, and the end with why they left.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct EpisodeRow {
    pub id: Uuid,
    pub worker_id: Uuid,
    pub post_id: Uuid,
    pub weekly_minutes: i32,
    /// FTE in millionths, at the council's full-time week when the episode started.
    pub fte: i64,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub reason_leave: Option<ReasonLeave>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const EPISODE_COLS: &str =
    "id, worker_id, post_id, weekly_minutes, fte, start_date, end_date, reason_leave, version, created_at, created_by";

pub async fn insert_episode(tx: &mut Tx, la: &str, e: &EpisodeRow) -> Result<()> {
    let sql =
        format!("INSERT INTO employment_episodes (la_code, {EPISODE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(e.id).bind(e.worker_id).bind(e.post_id).bind(e.weekly_minutes).bind(e.fte).bind(e.start_date).bind(e.end_date)
        .bind(e.reason_leave.map(|r| r.code())).bind(e.version).bind(e.created_at).bind(e.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_episode(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<EpisodeRow>> {
    let sql = format!("SELECT {EPISODE_COLS} FROM employment_episodes WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, EpisodeRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// The worker's permanent episodes, oldest first (`employment_episodes_worker`).
pub async fn episodes_of(tx: &mut Tx, la: &str, worker: Uuid) -> Result<Vec<EpisodeRow>> {
    let sql = format!("SELECT {EPISODE_COLS} FROM employment_episodes WHERE la_code = $1 AND worker_id = $2 ORDER BY start_date, id");
    Ok(on!(tx, x => sqlx::query_as::<_, EpisodeRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(worker).fetch_all(x).await?))
}

/// Every episode in a post, oldest first (`employment_episodes_post`).
pub async fn episodes_in_post(tx: &mut Tx, la: &str, post: Uuid) -> Result<Vec<EpisodeRow>> {
    let sql = format!("SELECT {EPISODE_COLS} FROM employment_episodes WHERE la_code = $1 AND post_id = $2 ORDER BY start_date, id");
    Ok(on!(tx, x => sqlx::query_as::<_, EpisodeRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(post).fetch_all(x).await?))
}

/// The council's episodes running at any time from `from` to `to`, for the rates.
pub async fn episodes_between(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<EpisodeRow>> {
    let sql = format!(
        "SELECT {EPISODE_COLS} FROM employment_episodes WHERE la_code = $1 AND start_date <= $3 AND (end_date IS NULL OR end_date >= $2) \
         ORDER BY start_date, id"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, EpisodeRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// Writes an episode's end and leaving reason at the version read; false when it changed.
pub async fn end_episode(tx: &mut Tx, la: &str, e: &EpisodeRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE employment_episodes SET end_date = $3, reason_leave = $4, version = version + 1 WHERE la_code = $1 AND id = $2 AND version = $5")
        .bind(la).bind(e.id).bind(e.end_date).bind(e.reason_leave.map(|r| r.code())).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// An absence (W-SYS-6). Never changed; a correction is another row.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AbsenceRow {
    pub id: Uuid,
    pub worker_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub reason: AbsenceReason,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    /// Working days lost in hundredths.
    pub days_lost_x100: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const ABSENCE_COLS: &str = "id, worker_id, reason, from_date, to_date, days_lost_x100, created_at, created_by";

pub async fn insert_absence(tx: &mut Tx, la: &str, a: &AbsenceRow) -> Result<()> {
    let sql = format!("INSERT INTO worker_absences (la_code, {ABSENCE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(a.id).bind(a.worker_id).bind(a.reason.code()).bind(a.from_date).bind(a.to_date).bind(a.days_lost_x100)
        .bind(a.created_at).bind(a.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// The worker's absences, newest first (`worker_absences_worker`).
pub async fn absences_of(tx: &mut Tx, la: &str, worker: Uuid) -> Result<Vec<AbsenceRow>> {
    let sql = format!("SELECT {ABSENCE_COLS} FROM worker_absences WHERE la_code = $1 AND worker_id = $2 ORDER BY from_date DESC, id");
    Ok(on!(tx, x => sqlx::query_as::<_, AbsenceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(worker).fetch_all(x).await?))
}

/// The council's sickness absences that began from `from` to `to` (`worker_absences_from`).
pub async fn sickness_between(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<AbsenceRow>> {
    let sql = format!(
        "SELECT {ABSENCE_COLS} FROM worker_absences WHERE la_code = $1 AND from_date >= $2 AND from_date <= $3 AND reason = 'SIC' ORDER BY from_date, id"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, AbsenceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// The council's absences of any reason running on `on` (the census's absence at 30 September).
pub async fn absences_on(tx: &mut Tx, la: &str, on: NaiveDate) -> Result<Vec<AbsenceRow>> {
    let sql = format!(
        "SELECT {ABSENCE_COLS} FROM worker_absences WHERE la_code = $1 AND from_date <= $2 AND to_date >= $2 ORDER BY worker_id, from_date, id"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, AbsenceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(on).fetch_all(x).await?))
}

/// The agency assignments in force at any time from `from` to `to`, started (not waiting for
/// sign-off), for the rates (`agency_assignments_start`).
pub async fn assignments_running(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<AssignmentRow>> {
    let sql = format!(
        "SELECT {ASSIGNMENT_COLS} FROM agency_assignments WHERE la_code = $1 AND start_date <= $3 AND (ended_on IS NULL OR ended_on >= $2) \
         AND status <> 'pending' ORDER BY start_date, id"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, AssignmentRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(from).bind(to).fetch_all(x).await?))
}
