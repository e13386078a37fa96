//! Child protection storage, second slice: conferences, plans (outcomes and actions, core
//! groups), multi-agency team cases, requests for information and the multi-agency chronology of
//! case notes. Every list is bounded by the child, the plan or an index on open rows.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::child_protection::{Category, ConferenceDecision, ConferenceKind, CpAgency, Participation, PlanEndReason};
use ff_domain::roles::{Agency, Role, SweStatus};
use serde::Serialize;
use uuid::Uuid;

use crate::codes::{NullableCode, as_code, as_opt_code};
use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ConferenceRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: ConferenceKind,
    pub s47_id: Option<Uuid>,
    pub cp_plan_id: Option<Uuid>,
    pub held_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub late_reason: Option<String>,
    pub chair_id: Uuid,
    pub lead_enquiry_id: Option<Uuid>,
    pub qa_officer_id: Option<Uuid>,
    pub qa_observations: Option<String>,
    pub quorate: bool,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub parents_participation: Participation,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub child_participation: Participation,
    pub exclusion_reason: Option<String>,
    pub parental_dissent: Option<String>,
    pub professional_dissent: Option<String>,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub decision: ConferenceDecision,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub category: Option<Category>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub(crate) const CONFERENCE_COLS: &str = "id, episode_id, child_id, kind, s47_id, cp_plan_id, held_on, due_on, late_reason, chair_id, lead_enquiry_id, qa_officer_id, \
     qa_observations, quorate, parents_participation, child_participation, exclusion_reason, parental_dissent, professional_dissent, decision, category, created_at, created_by";

pub async fn insert_conference(tx: &mut Tx, la: &str, c: &ConferenceRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO conferences (la_code, {CONFERENCE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(c.id).bind(c.episode_id).bind(c.child_id).bind(c.kind.code()).bind(c.s47_id).bind(c.cp_plan_id).bind(c.held_on).bind(c.due_on)
        .bind(&c.late_reason).bind(c.chair_id).bind(c.lead_enquiry_id).bind(c.qa_officer_id).bind(&c.qa_observations).bind(c.quorate)
        .bind(c.parents_participation.code()).bind(c.child_participation.code()).bind(&c.exclusion_reason).bind(&c.parental_dissent)
        .bind(&c.professional_dissent).bind(c.decision.code()).bind(c.category.map(|x| x.code())).bind(c.created_at).bind(c.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_conference(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ConferenceRow>> {
    let sql = format!("SELECT {CONFERENCE_COLS} FROM conferences WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, ConferenceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ConferenceAttendeeRow {
    pub conference_id: Uuid,
    pub position: i32,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub agency: CpAgency,
    pub name: String,
    pub attended: bool,
}

pub async fn insert_conference_attendee(tx: &mut Tx, la: &str, a: &ConferenceAttendeeRow) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO conference_attendees (la_code, conference_id, position, agency, name, attended) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(la).bind(a.conference_id).bind(a.position).bind(a.agency.code()).bind(&a.name).bind(a.attended).execute(x).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CpPlanRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub child_id: Uuid,
    pub initial_conference_id: Uuid,
    pub start_date: NaiveDate,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub category: Category,
    pub lead_id: Uuid,
    pub contingency: String,
    pub first_core_group_due: NaiveDate,
    pub next_review_due: NaiveDate,
    pub end_date: Option<NaiveDate>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub end_reason: Option<PlanEndReason>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub(crate) const PLAN_COLS: &str = "id, episode_id, child_id, initial_conference_id, start_date, category, lead_id, contingency, first_core_group_due, next_review_due, \
     end_date, end_reason, version, created_at, created_by";

pub async fn insert_plan(tx: &mut Tx, la: &str, p: &CpPlanRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO cp_plans (la_code, {PLAN_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(p.id).bind(p.episode_id).bind(p.child_id).bind(p.initial_conference_id).bind(p.start_date).bind(p.category.code()).bind(p.lead_id)
        .bind(&p.contingency).bind(p.first_core_group_due).bind(p.next_review_due).bind(p.end_date).bind(p.end_reason.map(|r| r.code())).bind(p.version)
        .bind(p.created_at).bind(p.created_by).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_plan(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<CpPlanRow>> {
    let sql = format!("SELECT {PLAN_COLS} FROM cp_plans WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, CpPlanRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Save a plan's new state if it is still at `expected_version` and open (no lost update).
pub async fn update_plan(tx: &mut Tx, la: &str, p: &CpPlanRow, expected_version: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE cp_plans SET category = $3, lead_id = $4, contingency = $5, next_review_due = $6, end_date = $7, end_reason = $8, version = $9 \
         WHERE la_code = $1 AND id = $2 AND version = $10 AND end_date IS NULL")
        .bind(la).bind(p.id).bind(p.category.code()).bind(p.lead_id).bind(&p.contingency).bind(p.next_review_due).bind(p.end_date).bind(p.end_reason.map(|r| r.code()))
        .bind(p.version).bind(expected_version).execute(x).await?.rows_affected());
    Ok(n == 1)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CpItemRow {
    pub id: Uuid,
    pub cp_plan_id: Uuid,
    pub kind: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

const ITEM_COLS: &str = "id, cp_plan_id, kind, description, owner, due_on, done_on, version, created_at, created_by";

/// The plan an initial (or pre-birth, or transfer-in) conference made for `child`, if it made one.
pub async fn plan_made_by(tx: &mut Tx, la: &str, child: Uuid, conference: Uuid) -> Result<Option<Uuid>> {
    let row: Option<(Uuid,)> = on!(tx, x => sqlx::query_as(
        "SELECT id FROM cp_plans WHERE la_code = $1 AND child_id = $2 AND initial_conference_id = $3")
        .bind(la).bind(child).bind(conference).fetch_optional(x).await?);
    Ok(row.map(|r| r.0))
}

pub async fn insert_item(tx: &mut Tx, la: &str, i: &CpItemRow) -> Result<()> {
    let sql = format!("INSERT INTO cp_plan_items (la_code, {ITEM_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(i.id).bind(i.cp_plan_id).bind(&i.kind).bind(&i.description).bind(&i.owner).bind(i.due_on).bind(i.done_on)
        .bind(i.version).bind(i.created_at).bind(i.created_by).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_item(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<CpItemRow>> {
    let sql = format!("SELECT {ITEM_COLS} FROM cp_plan_items WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, CpItemRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Saves what an item's life changes (the day it was done) where the item is still at `expected`.
pub async fn update_item(tx: &mut Tx, la: &str, i: &CpItemRow, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query("UPDATE cp_plan_items SET done_on = $3, version = $4 WHERE la_code = $1 AND id = $2 AND version = $5")
        .bind(la).bind(i.id).bind(i.done_on).bind(i.version).bind(expected).execute(x).await?.rows_affected());
    Ok(n == 1)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CoreGroupRow {
    pub id: Uuid,
    pub cp_plan_id: Uuid,
    pub held_on: NaiveDate,
    pub agencies: String,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_core_group(tx: &mut Tx, la: &str, c: &CoreGroupRow) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO core_groups (la_code, id, cp_plan_id, held_on, agencies, notes, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(la).bind(c.id).bind(c.cp_plan_id).bind(c.held_on).bind(&c.agencies).bind(&c.notes).bind(c.created_at).bind(c.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Everything about a child's conferences and plans (five queries, whatever the number of plans).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChildPlans {
    pub conferences: Vec<ConferenceRow>,
    pub attendees: Vec<ConferenceAttendeeRow>,
    pub plans: Vec<CpPlanRow>,
    pub items: Vec<CpItemRow>,
    pub core_groups: Vec<CoreGroupRow>,
}

pub async fn for_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<ChildPlans> {
    let sql = format!("SELECT {CONFERENCE_COLS} FROM conferences WHERE la_code = $1 AND child_id = $2 ORDER BY held_on, created_at");
    let conferences =
        on!(tx, x => sqlx::query_as::<_, ConferenceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?);
    let attendees = on!(tx, x => sqlx::query_as::<_, ConferenceAttendeeRow>(
        "SELECT a.conference_id, a.position, a.agency, a.name, a.attended FROM conference_attendees a \
         JOIN conferences c ON c.la_code = a.la_code AND c.id = a.conference_id WHERE a.la_code = $1 AND c.child_id = $2 ORDER BY a.position")
        .bind(la).bind(child).fetch_all(x).await?);
    let sql = format!("SELECT {PLAN_COLS} FROM cp_plans WHERE la_code = $1 AND child_id = $2 ORDER BY start_date");
    let plans = on!(tx, x => sqlx::query_as::<_, CpPlanRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?);
    let items = on!(tx, x => sqlx::query_as::<_, CpItemRow>(
        "SELECT i.id, i.cp_plan_id, i.kind, i.description, i.owner, i.due_on, i.done_on, i.version, i.created_at, i.created_by FROM cp_plan_items i \
         JOIN cp_plans p ON p.la_code = i.la_code AND p.id = i.cp_plan_id WHERE i.la_code = $1 AND p.child_id = $2 ORDER BY i.created_at")
        .bind(la).bind(child).fetch_all(x).await?);
    let core_groups = on!(tx, x => sqlx::query_as::<_, CoreGroupRow>(
        "SELECT g.id, g.cp_plan_id, g.held_on, g.agencies, g.notes, g.created_at, g.created_by FROM core_groups g \
         JOIN cp_plans p ON p.la_code = g.la_code AND p.id = g.cp_plan_id WHERE g.la_code = $1 AND p.child_id = $2 ORDER BY g.held_on")
        .bind(la).bind(child).fetch_all(x).await?);
    Ok(ChildPlans { conferences, attendees, plans, items, core_groups })
}

/// Distinct children whose child protection work a practitioner holds, from the s.47 enquiry until
/// the work ends: open enquiries, enquiries concluded with a conference needed and none held yet
/// (T9), and open plans (the LCPP caseload cap).
pub async fn lcpp_caseload(tx: &mut Tx, la: &str, user: Uuid) -> Result<i64> {
    Ok(on!(tx, x => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM (SELECT child_id FROM s47_enquiries WHERE la_code = $1 AND lead_id = $2 AND concluded_on IS NULL \
         UNION SELECT q.child_id FROM s47_enquiries q WHERE q.la_code = $1 AND q.lead_id = $2 AND q.conference_required \
           AND NOT EXISTS (SELECT 1 FROM conferences c WHERE c.la_code = q.la_code AND c.s47_id = q.id) \
           AND EXISTS (SELECT 1 FROM episodes e WHERE e.la_code = q.la_code AND e.id = q.episode_id AND e.closure_date IS NULL) \
         UNION SELECT child_id FROM cp_plans WHERE la_code = $1 AND lead_id = $2 AND end_date IS NULL) held")
        .bind(la).bind(user).fetch_one(x).await?))
}

/// Every LCPP's (and social worker's) child protection caseload in one grouped query.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct LoadRow {
    pub user_id: Uuid,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub role: Role,
    pub lcpp_designated_on: Option<NaiveDate>,
    pub enquiries: i64,
    pub plans: i64,
    pub children: i64,
}

pub async fn loads(tx: &mut Tx, la: &str) -> Result<Vec<LoadRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, LoadRow>(
        "SELECT u.id AS user_id, u.display_name, u.role, u.lcpp_designated_on, \
           COALESCE(SUM(CASE WHEN h.kind = 'enquiry' THEN 1 ELSE 0 END), 0) AS enquiries, \
           COALESCE(SUM(CASE WHEN h.kind = 'plan' THEN 1 ELSE 0 END), 0) AS plans, \
           COUNT(DISTINCT h.child_id) AS children \
         FROM users u LEFT JOIN ( \
           SELECT lead_id, child_id, 'enquiry' AS kind FROM s47_enquiries WHERE la_code = $1 AND concluded_on IS NULL \
           UNION ALL SELECT q.lead_id, q.child_id, 'enquiry' AS kind FROM s47_enquiries q WHERE q.la_code = $1 AND q.conference_required \
             AND NOT EXISTS (SELECT 1 FROM conferences c WHERE c.la_code = q.la_code AND c.s47_id = q.id) \
             AND EXISTS (SELECT 1 FROM episodes e WHERE e.la_code = q.la_code AND e.id = q.episode_id AND e.closure_date IS NULL) \
           UNION ALL SELECT lead_id, child_id, 'plan' AS kind FROM cp_plans WHERE la_code = $1 AND end_date IS NULL) h ON h.lead_id = u.id \
         WHERE u.la_code = $1 AND u.active AND (u.role = 'lcpp' OR h.lead_id IS NOT NULL) \
         GROUP BY u.id, u.display_name, u.role, u.lcpp_designated_on ORDER BY children DESC, u.display_name")
        .bind(la).fetch_all(x).await?))
}

/// Conferences waiting to be held: initial ones after an enquiry that called for one, and
/// reviews of open plans. Most urgent first, bounded.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct DueConferenceRow {
    /// `initial` or `review`.
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: ConferenceKind,
    pub source_id: Uuid,
    pub episode_id: Uuid,
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub lead_id: Uuid,
    pub due_on: NaiveDate,
}

pub async fn conferences_due(tx: &mut Tx, la: &str, lead: Option<Uuid>, limit: i64) -> Result<Vec<DueConferenceRow>> {
    // One lead's conferences are read through the lead indexes (the filter inside each branch, so
    // a prepared plan never reads the whole council); without a lead, the council's.
    let lead_filter = |alias: &str| if lead.is_some() { format!("AND {alias}.lead_id = $3") } else { String::new() };
    let sql = format!(
        "SELECT * FROM ( \
           SELECT 'initial' AS kind, q.id AS source_id, q.episode_id, q.child_id, p.given_name, p.family_name, q.lead_id, q.icpc_due AS due_on FROM s47_enquiries q \
           JOIN people p ON p.la_code = q.la_code AND p.id = q.child_id \
           WHERE q.la_code = $1 AND (q.concluded_on IS NULL OR q.conference_required) {q_lead} \
             AND NOT EXISTS (SELECT 1 FROM conferences c WHERE c.la_code = q.la_code AND c.s47_id = q.id) \
           UNION ALL \
           SELECT 'review' AS kind, cp.id AS source_id, cp.episode_id, cp.child_id, p.given_name, p.family_name, cp.lead_id, cp.next_review_due AS due_on FROM cp_plans cp \
           JOIN people p ON p.la_code = cp.la_code AND p.id = cp.child_id WHERE cp.la_code = $1 AND cp.end_date IS NULL {cp_lead}) d \
         ORDER BY d.due_on LIMIT $2",
        q_lead = lead_filter("q"),
        cp_lead = lead_filter("cp"),
    );
    Ok(match lead {
        Some(l) => {
            on!(tx, x => sqlx::query_as::<_, DueConferenceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(limit).bind(l).fetch_all(x).await?)
        }
        None => {
            on!(tx, x => sqlx::query_as::<_, DueConferenceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(limit).fetch_all(x).await?)
        }
    })
}

/// Open plans held by a lead, with what the tray needs: the last visit that met the T15 clock
/// (`ff_domain::child_protection::visit_meets_cp_clock`: child seen alone, or a baby seen awake)
/// and the last core group.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct OpenPlanRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub start_date: NaiveDate,
    pub first_core_group_due: NaiveDate,
    pub last_core_group: Option<NaiveDate>,
    pub last_visit: Option<NaiveDate>,
}

pub async fn open_plans_led_by(tx: &mut Tx, la: &str, lead: Uuid, limit: i64) -> Result<Vec<OpenPlanRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, OpenPlanRow>(
        "SELECT cp.id, cp.episode_id, cp.child_id, p.given_name, p.family_name, cp.start_date, cp.first_core_group_due, \
           (SELECT MAX(g.held_on) FROM core_groups g WHERE g.la_code = cp.la_code AND g.cp_plan_id = cp.id) AS last_core_group, \
           (SELECT MAX(v.visit_date) FROM visits v WHERE v.la_code = cp.la_code AND v.episode_id = cp.episode_id AND v.visit_date >= cp.start_date \
              AND v.child_seen AND COALESCE(v.baby_seen_awake, v.seen_alone)) AS last_visit \
         FROM cp_plans cp JOIN people p ON p.la_code = cp.la_code AND p.id = cp.child_id \
         WHERE cp.la_code = $1 AND cp.lead_id = $2 AND cp.end_date IS NULL ORDER BY cp.start_date LIMIT $3")
        .bind(la).bind(lead).bind(limit).fetch_all(x).await?))
}

/// A change around a child on a plan that the people holding the case must see: an adult who
/// joined the child's household (or whose household the child joined) since the plan started,
/// or a new address, with no visit seeing the child since.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct HouseholdChangeRow {
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub episode_id: Uuid,
    /// `adult` or `address`.
    pub kind: String,
    pub since: NaiveDate,
    /// The adult's name, or the new address's postcode.
    pub what: String,
}

/// Household changes on open plans that `user` holds as the LCPP or leads as the family help
/// practitioner. `adult_born_by`: anyone born on or before it is an adult.
pub async fn household_changes_for(
    tx: &mut Tx,
    la: &str,
    user: Uuid,
    adult_born_by: NaiveDate,
    limit: i64,
) -> Result<Vec<HouseholdChangeRow>> {
    // The plans `user` holds, found through the open-lead indexes of plans and of episodes (an
    // OR across the two would read every open plan of the council). An open plan's episode is
    // always open: an episode cannot close while child protection work on it is open.
    const HELD: &str = "cp.la_code = $1 AND cp.end_date IS NULL AND cp.id IN ( \
        SELECT h.id FROM cp_plans h WHERE h.la_code = $1 AND h.end_date IS NULL AND h.lead_id = $2 \
        UNION SELECT h.id FROM episodes e JOIN cp_plans h ON h.la_code = e.la_code AND h.child_id = e.child_id AND h.episode_id = e.id \
          WHERE e.la_code = $1 AND e.lead_id = $2 AND e.closure_date IS NULL AND h.end_date IS NULL)";
    const UNSEEN: &str = "NOT EXISTS (SELECT 1 FROM visits v WHERE v.la_code = cp.la_code AND v.episode_id = cp.episode_id AND v.child_seen AND v.visit_date >= {since})";
    let sql = format!(
        "SELECT * FROM ( \
           SELECT cp.child_id, p.given_name, p.family_name, cp.episode_id, 'adult' AS kind, \
                  CASE WHEN m1.start_date > m2.start_date THEN m1.start_date ELSE m2.start_date END AS since, \
                  a.given_name || ' ' || a.family_name AS what \
           FROM cp_plans cp JOIN people p ON p.la_code = cp.la_code AND p.id = cp.child_id \
           JOIN household_members m1 ON m1.la_code = cp.la_code AND m1.person_id = cp.child_id AND m1.end_date IS NULL \
           JOIN household_members m2 ON m2.la_code = m1.la_code AND m2.household_id = m1.household_id AND m2.person_id <> cp.child_id \
                AND m2.end_date IS NULL AND (m2.start_date >= cp.start_date OR m1.start_date >= cp.start_date) \
           JOIN people a ON a.la_code = m2.la_code AND a.id = m2.person_id AND a.merged_into IS NULL \
                AND (a.date_of_birth <= $3 OR (a.date_of_birth IS NULL AND a.expected_date_of_birth IS NULL)) \
           WHERE {HELD} AND {unseen_adult} \
           UNION ALL \
           SELECT cp.child_id, p.given_name, p.family_name, cp.episode_id, 'address' AS kind, ad.start_date AS since, ad.postcode AS what \
           FROM cp_plans cp JOIN people p ON p.la_code = cp.la_code AND p.id = cp.child_id \
           JOIN addresses ad ON ad.la_code = cp.la_code AND ad.person_id = cp.child_id AND ad.end_date IS NULL AND ad.start_date > cp.start_date \
           WHERE {HELD} AND {unseen_address}) c ORDER BY c.since LIMIT $4",
        unseen_adult = UNSEEN.replace("{since}", "CASE WHEN m1.start_date > m2.start_date THEN m1.start_date ELSE m2.start_date END"),
        unseen_address = UNSEEN.replace("{since}", "ad.start_date"),
    );
    Ok(
        on!(tx, x => sqlx::query_as::<_, HouseholdChangeRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(user).bind(adult_born_by).bind(limit).fetch_all(x).await?),
    )
}

// ---- Multi-agency child protection teams -------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct TeamMemberRow {
    pub team_id: Uuid,
    pub user_id: Uuid,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub role: Role,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub agency: Agency,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub swe_status: Option<SweStatus>,
}

pub async fn team_members(tx: &mut Tx, la: &str, kind: &str) -> Result<Vec<TeamMemberRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, TeamMemberRow>(
        "SELECT m.team_id, u.id AS user_id, u.display_name, u.role, u.agency, u.swe_status FROM team_members m \
         JOIN teams t ON t.la_code = m.la_code AND t.id = m.team_id JOIN users u ON u.la_code = m.la_code AND u.id = m.user_id \
         WHERE m.la_code = $1 AND t.kind = $2 ORDER BY u.display_name")
        .bind(la).bind(kind).fetch_all(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct TeamCaseRow {
    pub id: Uuid,
    pub team_id: Uuid,
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub from_date: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub version: i32,
}

/// A team starting work on a child's case.
pub struct NewTeamCase {
    pub id: Uuid,
    pub team_id: Uuid,
    pub child_id: Uuid,
    pub from_date: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

pub async fn insert_team_case(tx: &mut Tx, la: &str, c: &NewTeamCase) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO team_cases (la_code, id, team_id, child_id, from_date, ended_on, version, created_at, created_by) VALUES ($1, $2, $3, $4, $5, NULL, 1, $6, $7)")
        .bind(la).bind(c.id).bind(c.team_id).bind(c.child_id).bind(c.from_date).bind(c.created_at).bind(c.created_by).execute(x).await?.rows_affected());
    Ok(())
}

/// Saves what a team case's life changes (its end and why) where it is still at `expected`.
pub async fn update_team_case(tx: &mut Tx, la: &str, c: &TeamCaseRow, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query("UPDATE team_cases SET ended_on = $3, end_reason = $4, version = $5 WHERE la_code = $1 AND id = $2 AND version = $6")
        .bind(la).bind(c.id).bind(c.ended_on).bind(&c.end_reason).bind(c.version).bind(expected).execute(x).await?.rows_affected());
    Ok(n == 1)
}

const TEAM_CASE_SELECT: &str = "SELECT tc.id, tc.team_id, tc.child_id, p.given_name, p.family_name, tc.from_date, tc.ended_on, tc.end_reason, tc.version FROM team_cases tc \
     JOIN people p ON p.la_code = tc.la_code AND p.id = tc.child_id";

/// Current cases of the given MACPT teams (all the LA's when `team` is None), bounded.
pub async fn open_team_cases(tx: &mut Tx, la: &str, team: Option<Uuid>, limit: i64) -> Result<Vec<TeamCaseRow>> {
    let sql = format!(
        "{TEAM_CASE_SELECT} WHERE tc.la_code = $1 AND tc.ended_on IS NULL AND ($2 IS NULL OR tc.team_id = $2) ORDER BY p.family_name, p.given_name LIMIT $3"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, TeamCaseRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(team).bind(limit).fetch_all(x).await?))
}

/// One team case, ended or not.
pub async fn get_team_case(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<TeamCaseRow>> {
    let sql = format!("{TEAM_CASE_SELECT} WHERE tc.la_code = $1 AND tc.id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, TeamCaseRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Current cases of every team the user belongs to.
pub async fn cases_of_member(tx: &mut Tx, la: &str, user: Uuid, limit: i64) -> Result<Vec<TeamCaseRow>> {
    let sql = format!(
        "{TEAM_CASE_SELECT} JOIN team_members m ON m.la_code = tc.la_code AND m.team_id = tc.team_id \
         WHERE tc.la_code = $1 AND m.user_id = $2 AND tc.ended_on IS NULL ORDER BY p.family_name, p.given_name LIMIT $3"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, TeamCaseRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(user).bind(limit).fetch_all(x).await?))
}

pub async fn team_cases_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<TeamCaseRow>> {
    let sql = format!("{TEAM_CASE_SELECT} WHERE tc.la_code = $1 AND tc.child_id = $2 ORDER BY tc.from_date");
    Ok(on!(tx, x => sqlx::query_as::<_, TeamCaseRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}

/// Whether a team the user belongs to currently works this child's case (partner access).
pub async fn member_team_works_case(tx: &mut Tx, la: &str, user: Uuid, child: Uuid) -> Result<bool> {
    let n = on!(tx, x => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM team_cases tc JOIN team_members m ON m.la_code = tc.la_code AND m.team_id = tc.team_id \
         WHERE tc.la_code = $1 AND tc.child_id = $2 AND m.user_id = $3 AND tc.ended_on IS NULL")
        .bind(la).bind(child).bind(user).fetch_one(x).await?);
    Ok(n > 0)
}

// ---- Requests for information and the multi-agency chronology ------------------------------

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct InfoRequestRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub agency: Agency,
    pub question: String,
    pub requested_on: NaiveDate,
    pub due_on: NaiveDate,
    pub requested_by: Uuid,
    pub response_note_id: Option<Uuid>,
    pub responded_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

const INFO_COLS: &str =
    "id, child_id, agency, question, requested_on, due_on, requested_by, response_note_id, responded_on, version, created_at";

pub async fn insert_info_request(tx: &mut Tx, la: &str, r: &InfoRequestRow) -> Result<()> {
    let sql = format!("INSERT INTO info_requests (la_code, {INFO_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(r.id).bind(r.child_id).bind(r.agency.code()).bind(&r.question).bind(r.requested_on).bind(r.due_on).bind(r.requested_by)
        .bind(r.response_note_id).bind(r.responded_on).bind(r.version).bind(r.created_at).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_info_request(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<InfoRequestRow>> {
    let sql = format!("SELECT {INFO_COLS} FROM info_requests WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, InfoRequestRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Saves what a request's life changes (its answer) where the request is still at `expected`.
pub async fn update_info_request(tx: &mut Tx, la: &str, r: &InfoRequestRow, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE info_requests SET response_note_id = $3, responded_on = $4, version = $5 WHERE la_code = $1 AND id = $2 AND version = $6")
        .bind(la).bind(r.id).bind(r.response_note_id).bind(r.responded_on).bind(r.version).bind(expected).execute(x).await?.rows_affected());
    Ok(n == 1)
}

pub async fn info_requests_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<InfoRequestRow>> {
    let sql = format!("SELECT {INFO_COLS} FROM info_requests WHERE la_code = $1 AND child_id = $2 ORDER BY requested_on, created_at");
    Ok(on!(tx, x => sqlx::query_as::<_, InfoRequestRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}

/// Unanswered requests to one agency on the cases of teams the user belongs to, oldest due first.
/// An unanswered request as a partner's list shows it: which child, and who asked.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PartnerRequestRow {
    #[sqlx(flatten)]
    pub request: InfoRequestRow,
    pub given_name: String,
    pub family_name: String,
    pub requester_name: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub requester_agency: Agency,
}

pub async fn open_requests_for_member(tx: &mut Tx, la: &str, agency: &str, user: Uuid, limit: i64) -> Result<Vec<PartnerRequestRow>> {
    let sql = format!(
        "SELECT {}, p.given_name, p.family_name, u.display_name AS requester_name, u.agency AS requester_agency \
         FROM info_requests r JOIN people p ON p.la_code = r.la_code AND p.id = r.child_id \
         JOIN users u ON u.la_code = r.la_code AND u.id = r.requested_by \
         WHERE r.la_code = $1 AND r.agency = $2 AND r.responded_on IS NULL \
         AND EXISTS (SELECT 1 FROM team_cases tc JOIN team_members m ON m.la_code = tc.la_code AND m.team_id = tc.team_id \
                     WHERE tc.la_code = r.la_code AND tc.child_id = r.child_id AND tc.ended_on IS NULL AND m.user_id = $3) \
         ORDER BY r.due_on LIMIT $4",
        INFO_COLS.split(", ").map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ")
    );
    Ok(
        on!(tx, x => sqlx::query_as::<_, PartnerRequestRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(agency).bind(user).bind(limit).fetch_all(x).await?),
    )
}

/// Whether the child has an open s.47 enquiry or an open child protection plan (R-FH-2).
pub async fn has_open_child_protection(tx: &mut Tx, la: &str, child: Uuid) -> Result<bool> {
    let n = on!(tx, x => sqlx::query_scalar::<_, i64>(
        "SELECT (SELECT COUNT(*) FROM s47_enquiries WHERE la_code = $1 AND child_id = $2 AND concluded_on IS NULL) \
              + (SELECT COUNT(*) FROM cp_plans WHERE la_code = $1 AND child_id = $2 AND end_date IS NULL)")
        .bind(la).bind(child).fetch_one(x).await?);
    Ok(n > 0)
}
