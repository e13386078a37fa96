//! Aggregates for the safeguarding partnership's agreed data set (MASA-P-2, MASA-SYS-*). Like
//! `insight`, each is one query over an indexed date range of one council's rows, counted and
//! grouped by the database (by agency, source, stage or category): nothing here loads a row per
//! child, and no row names a child.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::{Result, Tx, on};

/// Contacts received in the period from one source (the CIN census referral source), and what
/// became of them: decided as a referral (for assessment or straight to a strategy discussion),
/// as family help, and assessed (an assessment begun in the episode the contact opened).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct ContactsBySource {
    pub source: String,
    pub contacts: i64,
    pub referrals: i64,
    pub family_help: i64,
    pub assessed: i64,
}

/// `contacts_received`, `episodes_contact`, `assessments_episode`.
pub async fn contacts_by_source(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<ContactsBySource>> {
    Ok(on!(tx, x => sqlx::query_as::<_, ContactsBySource>(
        "SELECT c.source, COUNT(*) AS contacts, \
           SUM(CASE WHEN c.decision IN ('referral_assessment', 'strategy_discussion') THEN 1 ELSE 0 END) AS referrals, \
           SUM(CASE WHEN c.decision = 'family_help' THEN 1 ELSE 0 END) AS family_help, \
           SUM(CASE WHEN EXISTS (SELECT 1 FROM episodes e JOIN assessments a ON a.la_code = e.la_code AND a.episode_id = e.id \
                                 WHERE e.la_code = c.la_code AND e.contact_id = c.id) THEN 1 ELSE 0 END) AS assessed \
         FROM contacts c WHERE c.la_code = $1 AND c.received_on BETWEEN $2 AND $3 GROUP BY c.source ORDER BY c.source")
        .bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// Episodes begun in the period by referral source, and those that were re-referrals (within
/// 12 months of an earlier episode's closure, flagged when the episode began).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct ReferralsBySource {
    pub source: String,
    pub referrals: i64,
    pub rereferrals: i64,
}

/// `episodes_referral`.
pub async fn referrals_by_source(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReferralsBySource>> {
    Ok(on!(tx, x => sqlx::query_as::<_, ReferralsBySource>(
        "SELECT referral_source AS source, COUNT(*) AS referrals, SUM(CASE WHEN rereferral THEN 1 ELSE 0 END) AS rereferrals \
         FROM episodes WHERE la_code = $1 AND referral_date BETWEEN $2 AND $3 GROUP BY referral_source ORDER BY referral_source")
        .bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// Strategy discussions held in the period, and of them how many had police, health and
/// education all present.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct StrategyDiscussions {
    pub held: i64,
    pub all_three: i64,
}

/// `strategy_discussions_held`; attendees by the attendance table's key.
pub async fn strategy_discussions(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<StrategyDiscussions> {
    Ok(on!(tx, x => sqlx::query_as::<_, StrategyDiscussions>(
        "SELECT COUNT(*) AS held, \
           COALESCE(SUM(CASE WHEN \
             EXISTS (SELECT 1 FROM strategy_attendees a WHERE a.la_code = s.la_code AND a.strategy_discussion_id = s.id AND a.agency = 'police') \
             AND EXISTS (SELECT 1 FROM strategy_attendees a WHERE a.la_code = s.la_code AND a.strategy_discussion_id = s.id AND a.agency = 'health') \
             AND EXISTS (SELECT 1 FROM strategy_attendees a WHERE a.la_code = s.la_code AND a.strategy_discussion_id = s.id AND a.agency = 'education') \
           THEN 1 ELSE 0 END), 0) AS all_three \
         FROM strategy_discussions s WHERE s.la_code = $1 AND s.held_on BETWEEN $2 AND $3")
        .bind(la).bind(from).bind(to).fetch_one(x).await?))
}

/// Strategy discussions held in the period with each agency present: (agency code, discussions).
pub async fn strategy_agencies_present(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, i64)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (String, i64)>(
        "SELECT a.agency, COUNT(DISTINCT s.id) FROM strategy_discussions s \
         JOIN strategy_attendees a ON a.la_code = s.la_code AND a.strategy_discussion_id = s.id \
         WHERE s.la_code = $1 AND s.held_on BETWEEN $2 AND $3 GROUP BY a.agency ORDER BY a.agency")
        .bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// Section 47 enquiries begun in the period and their initial conferences against the day each
/// was due (T9: 15 working days from the strategy discussion, worked out with the council's
/// calendar and day counting when the enquiry began and kept on it as `icpc_due`).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct Enquiries {
    pub started: i64,
    pub to_conference: i64,
    pub conference_in_time: i64,
    /// No initial conference yet, none decided against, and past the day it was due.
    pub awaiting_overdue: i64,
}

/// `s47_start`, `conferences_s47`.
pub async fn enquiries(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<Enquiries> {
    Ok(on!(tx, x => sqlx::query_as::<_, Enquiries>(
        "SELECT COUNT(*) AS started, \
           COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM conferences c WHERE c.la_code = q.la_code AND c.s47_id = q.id \
             AND c.kind IN ('initial', 'pre_birth')) THEN 1 ELSE 0 END), 0) AS to_conference, \
           COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM conferences c WHERE c.la_code = q.la_code AND c.s47_id = q.id \
             AND c.kind IN ('initial', 'pre_birth') AND c.held_on <= q.icpc_due) THEN 1 ELSE 0 END), 0) AS conference_in_time, \
           COALESCE(SUM(CASE WHEN q.icpc_due < $4 AND (q.conference_required IS NULL OR q.conference_required) \
             AND NOT EXISTS (SELECT 1 FROM conferences c WHERE c.la_code = q.la_code AND c.s47_id = q.id \
             AND c.kind IN ('initial', 'pre_birth')) THEN 1 ELSE 0 END), 0) AS awaiting_overdue \
         FROM s47_enquiries q WHERE q.la_code = $1 AND q.start_date BETWEEN $2 AND $3")
        .bind(la).bind(from).bind(to).bind(today).fetch_one(x).await?))
}

/// Child protection plans by category of abuse: begun in the period, of those a second or later
/// plan for the child (any earlier plan, ever), and children on a plan at the period's end.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct PlansByCategory {
    pub category: String,
    pub started: i64,
    pub repeats: i64,
    pub open_at_end: i64,
}

/// `cp_plans_start` for the period's plans, `cp_plans_child` for each child's earlier ones.
pub async fn plans_by_category(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<PlansByCategory>> {
    Ok(on!(tx, x => sqlx::query_as::<_, PlansByCategory>(
        "SELECT p.category, \
           SUM(CASE WHEN p.start_date >= $2 THEN 1 ELSE 0 END) AS started, \
           SUM(CASE WHEN p.start_date >= $2 AND EXISTS (SELECT 1 FROM cp_plans e WHERE e.la_code = p.la_code AND e.child_id = p.child_id \
             AND e.id <> p.id AND e.start_date < p.start_date) THEN 1 ELSE 0 END) AS repeats, \
           SUM(CASE WHEN p.end_date IS NULL OR p.end_date > $3 THEN 1 ELSE 0 END) AS open_at_end \
         FROM cp_plans p WHERE p.la_code = $1 AND p.start_date <= $3 AND (p.start_date >= $2 OR p.end_date IS NULL OR p.end_date > $3) \
         GROUP BY p.category ORDER BY p.category")
        .bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// One multi-agency child protection team's active members from one agency; `registered`: of
/// them, registered with Social Work England. A team with no members has one row with no agency.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct TeamAgency {
    pub team_id: Uuid,
    pub team_name: String,
    pub agency: Option<String>,
    pub members: i64,
    pub registered: i64,
}

/// Every team of `kind` with its members counted by agency.
pub async fn team_composition(tx: &mut Tx, la: &str, kind: &str) -> Result<Vec<TeamAgency>> {
    Ok(on!(tx, x => sqlx::query_as::<_, TeamAgency>(
        "SELECT t.id AS team_id, t.name AS team_name, u.agency, COUNT(u.id) AS members, \
           SUM(CASE WHEN u.swe_status = 'registered' THEN 1 ELSE 0 END) AS registered \
         FROM teams t LEFT JOIN team_members m ON m.la_code = t.la_code AND m.team_id = t.id \
           LEFT JOIN users u ON u.la_code = m.la_code AND u.id = m.user_id AND u.active \
         WHERE t.la_code = $1 AND t.kind = $2 GROUP BY t.id, t.name, u.agency ORDER BY t.name, t.id, u.agency")
        .bind(la).bind(kind).fetch_all(x).await?))
}

/// Children each team of `kind` works now: (team id, open cases). `team_cases_team`.
pub async fn team_open_cases(tx: &mut Tx, la: &str, kind: &str) -> Result<Vec<(Uuid, i64)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (Uuid, i64)>(
        "SELECT c.team_id, COUNT(*) FROM team_cases c JOIN teams t ON t.la_code = c.la_code AND t.id = c.team_id \
         WHERE c.la_code = $1 AND t.kind = $2 AND c.ended_on IS NULL GROUP BY c.team_id")
        .bind(la).bind(kind).fetch_all(x).await?))
}

/// Requests for information (agency checks) made in the period to one agency, and their answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct ChecksByAgency {
    pub agency: String,
    pub requested: i64,
    pub answered: i64,
    pub answered_by_due: i64,
    /// Not answered, and past the day asked for on `today`.
    pub open_overdue: i64,
}

/// `info_requests_requested`.
pub async fn checks_by_agency(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<Vec<ChecksByAgency>> {
    Ok(on!(tx, x => sqlx::query_as::<_, ChecksByAgency>(
        "SELECT agency, COUNT(*) AS requested, \
           SUM(CASE WHEN responded_on IS NOT NULL THEN 1 ELSE 0 END) AS answered, \
           SUM(CASE WHEN responded_on IS NOT NULL AND responded_on <= due_on THEN 1 ELSE 0 END) AS answered_by_due, \
           SUM(CASE WHEN responded_on IS NULL AND due_on < $4 THEN 1 ELSE 0 END) AS open_overdue \
         FROM info_requests WHERE la_code = $1 AND requested_on BETWEEN $2 AND $3 GROUP BY agency ORDER BY agency")
        .bind(la).bind(from).bind(to).bind(today).fetch_all(x).await?))
}

/// Answered requests in the period by how long the answer took: (agency, requested on,
/// answered on, requests). One row per agency and pair of days, not per request, so that the
/// service can count working days with the council's calendar.
pub async fn check_turnarounds(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, NaiveDate, NaiveDate, i64)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (String, NaiveDate, NaiveDate, i64)>(
        "SELECT agency, requested_on, responded_on, COUNT(*) FROM info_requests \
         WHERE la_code = $1 AND requested_on BETWEEN $2 AND $3 AND responded_on IS NOT NULL \
         GROUP BY agency, requested_on, responded_on ORDER BY agency, requested_on, responded_on")
        .bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// Professional disagreements at one stage raised by one agency: open, open and past their
/// stage's response day, and resolved (MASA-SYS-7).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct DisagreementCount {
    pub stage: String,
    pub raising_agency: String,
    pub open: i64,
    pub overdue: i64,
    pub resolved: i64,
}

/// Disagreements raised from `from` to `to`, or raised by `to` and still open, counted by stage
/// and raising agency. An open one is overdue when its stage began on or before the stage's
/// `overdue_if_started_by` day (the service works the days out from ESC-4's working days), so
/// the database counts them without a row per disagreement. `disagreements_raised`,
/// `disagreements_open`.
pub async fn disagreement_counts(
    tx: &mut Tx,
    la: &str,
    from: NaiveDate,
    to: NaiveDate,
    overdue_if_started_by: &[(&str, NaiveDate)],
) -> Result<Vec<DisagreementCount>> {
    // One `WHEN stage = $n THEN $n+1` a stage: the codes and days are bound, never written in.
    let whens: String = (0..overdue_if_started_by.len()).map(|i| format!(" WHEN d.stage = ${} THEN ${}", 4 + 2 * i, 5 + 2 * i)).collect();
    let cutoff = if overdue_if_started_by.is_empty() { "NULL".to_owned() } else { format!("CASE{whens} END") };
    let sql = format!(
        "SELECT d.stage, d.raising_agency, \
           SUM(CASE WHEN d.resolved_on IS NULL THEN 1 ELSE 0 END) AS open, \
           SUM(CASE WHEN d.resolved_on IS NULL AND d.stage_started_on <= {cutoff} THEN 1 ELSE 0 END) AS overdue, \
           SUM(CASE WHEN d.resolved_on IS NOT NULL THEN 1 ELSE 0 END) AS resolved \
         FROM disagreements d WHERE d.la_code = $1 AND d.raised_on <= $3 AND (d.raised_on >= $2 OR d.resolved_on IS NULL) \
         GROUP BY d.stage, d.raising_agency ORDER BY d.stage, d.raising_agency"
    );
    Ok(on!(tx, x => {
        let mut q = sqlx::query_as::<_, DisagreementCount>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(from).bind(to);
        for (stage, day) in overdue_if_started_by {
            q = q.bind(*stage).bind(*day);
        }
        q.fetch_all(x).await?
    }))
}

/// Serious incidents the council became aware of in the period, grouped by the days their clocks
/// run from and stop on: (aware on, decided on, notified, sent to the Panel on, incidents).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct IncidentDays {
    pub aware_on: NaiveDate,
    pub decision_on: Option<NaiveDate>,
    pub notified: Option<bool>,
    pub sent_to_panel_on: Option<NaiveDate>,
    pub incidents: i64,
}

/// `partnership_incidents_aware`.
pub async fn incident_days(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<IncidentDays>> {
    Ok(on!(tx, x => sqlx::query_as::<_, IncidentDays>(
        "SELECT aware_on, decision_on, notified, sent_to_panel_on, COUNT(*) AS incidents FROM partnership_incidents \
         WHERE la_code = $1 AND aware_on BETWEEN $2 AND $3 \
         GROUP BY aware_on, decision_on, notified, sent_to_panel_on ORDER BY aware_on, decision_on, sent_to_panel_on")
        .bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// Learning actions owned by one agency (MASA-SYS-5): open at the period's end, of those past
/// their due day, and completed in the period (late: after their due day).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct LearningByAgency {
    pub owner_agency: String,
    pub open: i64,
    pub overdue: i64,
    pub completed: i64,
    pub completed_late: i64,
}

/// `partnership_learning_agreed`.
pub async fn learning_by_agency(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<LearningByAgency>> {
    Ok(on!(tx, x => sqlx::query_as::<_, LearningByAgency>(
        "SELECT owner_agency, \
           SUM(CASE WHEN completed_on IS NULL OR completed_on > $3 THEN 1 ELSE 0 END) AS open, \
           SUM(CASE WHEN (completed_on IS NULL OR completed_on > $3) AND due_on < $3 THEN 1 ELSE 0 END) AS overdue, \
           SUM(CASE WHEN completed_on BETWEEN $2 AND $3 THEN 1 ELSE 0 END) AS completed, \
           SUM(CASE WHEN completed_on BETWEEN $2 AND $3 AND completed_on > due_on THEN 1 ELSE 0 END) AS completed_late \
         FROM partnership_learning WHERE la_code = $1 AND agreed_on <= $3 \
         GROUP BY owner_agency ORDER BY owner_agency")
        .bind(la).bind(from).bind(to).fetch_all(x).await?))
}

/// Agencies' summaries for the rapid reviews of incidents the council became aware of in the
/// period, by agency (MASA-RR-8): asked for, received, received by the day asked, and not received
/// and past that day on `today`. `partnership_incidents_aware`, `partnership_summaries_incident`.
pub async fn summaries_by_agency(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<Vec<ChecksByAgency>> {
    Ok(on!(tx, x => sqlx::query_as::<_, ChecksByAgency>(
        "SELECT s.agency, COUNT(*) AS requested, \
           SUM(CASE WHEN s.received_on IS NOT NULL THEN 1 ELSE 0 END) AS answered, \
           SUM(CASE WHEN s.received_on IS NOT NULL AND s.received_on <= s.due_on THEN 1 ELSE 0 END) AS answered_by_due, \
           SUM(CASE WHEN s.received_on IS NULL AND s.due_on < $4 THEN 1 ELSE 0 END) AS open_overdue \
         FROM partnership_incidents i JOIN partnership_summaries s ON s.la_code = i.la_code AND s.incident_id = i.id \
         WHERE i.la_code = $1 AND i.aware_on BETWEEN $2 AND $3 GROUP BY s.agency ORDER BY s.agency")
        .bind(la).bind(from).bind(to).bind(today).fetch_all(x).await?))
}
