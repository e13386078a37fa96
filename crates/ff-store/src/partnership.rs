//! The safeguarding partnership (`ff_domain::partnership`): serious incidents with their
//! notification, rapid review and local review, and the agencies asked for a summary. Rows hold
//! the domain's code enums, read back through `TryFrom<String>`, so a code is parsed once, here.
//! The business manager's tray reads the open incidents by stage (`partnership_incidents_stage`),
//! the full list by the day the council became aware (`partnership_incidents_aware`), a page at a
//! time; an incident's summaries by the incident (`partnership_summaries_incident`).

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::partnership::learning::LearningSource;
use ff_domain::partnership::{IncidentKind, ReviewAgency, Stage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod arrangements;
pub mod audits;
pub mod reports;
pub mod section11;

use crate::{Result, Tx, on};

/// A serious incident (MASA-SYS-2..4), changed whole at the version read.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct IncidentRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: IncidentKind,
    pub looked_after: bool,
    pub outside_england: bool,
    /// The child's home council when it is not this one (MASA-RR-2: the council where it happened
    /// notifies and works with the home council).
    pub home_la: Option<String>,
    pub incident_on: NaiveDate,
    pub aware_on: NaiveDate,
    pub what_happened: String,
    #[sqlx(try_from = "String")]
    pub stage: Stage,
    pub decision_on: Option<NaiveDate>,
    pub notified: Option<bool>,
    pub ofsted_reference: Option<String>,
    pub not_notified_reasons: Option<String>,
    pub decided_by: Option<Uuid>,
    pub review_completed_on: Option<NaiveDate>,
    pub sent_to_panel_on: Option<NaiveDate>,
    pub immediate_actions: Option<String>,
    pub equality_analysis: Option<String>,
    pub hold_local_review: Option<bool>,
    pub local_review_reasons: Option<String>,
    pub reviewer: Option<String>,
    pub commissioned_on: Option<NaiveDate>,
    pub panel_copy_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub publication_link: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const INCIDENT_COLS: &str = "id, child_id, kind, looked_after, outside_england, home_la, incident_on, aware_on, what_happened, stage, \
                             decision_on, notified, ofsted_reference, not_notified_reasons, decided_by, review_completed_on, \
                             sent_to_panel_on, immediate_actions, equality_analysis, hold_local_review, local_review_reasons, reviewer, \
                             commissioned_on, panel_copy_on, published_on, publication_link, version, created_at, created_by";

pub async fn insert_incident(tx: &mut Tx, la: &str, i: &IncidentRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO partnership_incidents (la_code, {INCIDENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(i.id).bind(i.child_id).bind(i.kind.code()).bind(i.looked_after).bind(i.outside_england).bind(&i.home_la)
        .bind(i.incident_on).bind(i.aware_on).bind(&i.what_happened).bind(i.stage.code()).bind(i.decision_on).bind(i.notified)
        .bind(&i.ofsted_reference).bind(&i.not_notified_reasons).bind(i.decided_by).bind(i.review_completed_on).bind(i.sent_to_panel_on)
        .bind(&i.immediate_actions).bind(&i.equality_analysis).bind(i.hold_local_review).bind(&i.local_review_reasons).bind(&i.reviewer)
        .bind(i.commissioned_on).bind(i.panel_copy_on).bind(i.published_on).bind(&i.publication_link).bind(i.version)
        .bind(i.created_at).bind(i.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_incident(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<IncidentRow>> {
    let sql = format!("SELECT {INCIDENT_COLS} FROM partnership_incidents WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, IncidentRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Writes every field an incident's later steps change, at the version read; false when someone
/// else changed it first. What was recorded when it was opened (child, kind, dates) stays.
/// The child's incidents, oldest first (`partnership_incidents_child`).
pub async fn incidents_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<IncidentRow>> {
    let sql = format!("SELECT {INCIDENT_COLS} FROM partnership_incidents WHERE la_code = $1 AND child_id = $2 ORDER BY incident_on, id");
    crate::select::all(tx, &sql, la, child).await
}

pub async fn save_incident(tx: &mut Tx, la: &str, i: &IncidentRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_incidents SET stage = $3, decision_on = $4, notified = $5, ofsted_reference = $6, not_notified_reasons = $7, \
         decided_by = $8, review_completed_on = $9, sent_to_panel_on = $10, immediate_actions = $11, equality_analysis = $12, \
         hold_local_review = $13, local_review_reasons = $14, reviewer = $15, commissioned_on = $16, panel_copy_on = $17, \
         published_on = $18, publication_link = $19, version = $20 WHERE la_code = $1 AND id = $2 AND version = $21")
        .bind(la).bind(i.id).bind(i.stage.code()).bind(i.decision_on).bind(i.notified).bind(&i.ofsted_reference)
        .bind(&i.not_notified_reasons).bind(i.decided_by).bind(i.review_completed_on).bind(i.sent_to_panel_on).bind(&i.immediate_actions)
        .bind(&i.equality_analysis).bind(i.hold_local_review).bind(&i.local_review_reasons).bind(&i.reviewer).bind(i.commissioned_on)
        .bind(i.panel_copy_on).bind(i.published_on).bind(&i.publication_link).bind(i.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// The incidents at these stages, oldest awareness first (`partnership_incidents_stage`): the
/// business manager's tray reads the open stages. At most `limit`.
pub async fn incidents_at(tx: &mut Tx, la: &str, stages: &[Stage], limit: i64) -> Result<Vec<IncidentRow>> {
    let mut out = Vec::new();
    for stage in stages {
        let sql =
            format!("SELECT {INCIDENT_COLS} FROM partnership_incidents WHERE la_code = $1 AND stage = $2 ORDER BY aware_on, id LIMIT $3");
        let rows = on!(tx, x => sqlx::query_as::<_, IncidentRow>(sqlx::AssertSqlSafe(sql.clone()))
            .bind(la).bind(stage.code()).bind(limit).fetch_all(x).await?);
        out.extend(rows);
    }
    out.sort_by_key(|i| (i.aware_on, i.id));
    out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(out)
}

/// A page of all the council's incidents, newest awareness first, before (`aware_on`, `id`)
/// (`partnership_incidents_aware`).
pub async fn incidents_page(tx: &mut Tx, la: &str, before: Option<(NaiveDate, Uuid)>, limit: i64) -> Result<Vec<IncidentRow>> {
    let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    let (aware, id) = before.unwrap_or((far, Uuid::max()));
    let sql = format!(
        "SELECT {INCIDENT_COLS} FROM partnership_incidents WHERE la_code = $1 AND (aware_on < $2 OR (aware_on = $2 AND id < $3)) \
         ORDER BY aware_on DESC, id DESC LIMIT $4"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, IncidentRow>(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(aware).bind(id).bind(limit).fetch_all(x).await?))
}

/// An agency asked for a summary of its involvement (MASA-RR-8).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct SummaryRow {
    pub id: Uuid,
    pub incident_id: Uuid,
    #[sqlx(try_from = "String")]
    pub agency: ReviewAgency,
    /// The agency by name ("Northmoor Police", "St Anne's Primary School").
    pub agency_name: String,
    pub requested_on: NaiveDate,
    pub due_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    /// What the summary said, in short (the full summary is a document).
    pub summary: Option<String>,
    /// The agency's written summary, kept with the child's documents (0061).
    #[serde(default)]
    pub document_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const SUMMARY_COLS: &str =
    "id, incident_id, agency, agency_name, requested_on, due_on, received_on, summary, document_id, version, created_at, created_by";

pub async fn insert_summary(tx: &mut Tx, la: &str, s: &SummaryRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO partnership_summaries (la_code, {SUMMARY_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(s.id).bind(s.incident_id).bind(s.agency.code()).bind(&s.agency_name).bind(s.requested_on).bind(s.due_on)
        .bind(s.received_on).bind(&s.summary).bind(s.document_id).bind(s.version).bind(s.created_at).bind(s.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_summary(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<SummaryRow>> {
    let sql = format!("SELECT {SUMMARY_COLS} FROM partnership_summaries WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Writes a summary's receipt at the version read; false when it changed first.
pub async fn save_summary(tx: &mut Tx, la: &str, s: &SummaryRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_summaries SET received_on = $3, summary = $4, document_id = $5, version = $6 WHERE la_code = $1 AND id = $2 AND version = $7")
        .bind(la).bind(s.id).bind(s.received_on).bind(&s.summary).bind(s.document_id).bind(s.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// The summaries asked for in these incidents, in the order asked (`partnership_summaries_incident`),
/// one query per hundred incidents.
pub async fn summaries_of(tx: &mut Tx, la: &str, incidents: &[Uuid]) -> Result<Vec<SummaryRow>> {
    crate::select::for_ids(tx, la, incidents, |ids| {
        format!("SELECT {SUMMARY_COLS} FROM partnership_summaries WHERE la_code = $1 AND incident_id IN ({ids}) ORDER BY requested_on, created_at")
    })
    .await
}

/// A learning action (MASA-SYS-5): from an incident's review or elsewhere, owned by an agency.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct LearningRow {
    pub id: Uuid,
    pub incident_id: Option<Uuid>,
    /// The multi-agency audit it was raised from, if any (MASA-SYS-6).
    #[serde(default)]
    pub audit_id: Option<Uuid>,
    /// The section 11 return, and the standard's code, it was raised from, if any (MASA-SYS-6).
    #[serde(default)]
    pub s11_return_id: Option<Uuid>,
    #[serde(default)]
    pub s11_standard: Option<String>,
    #[sqlx(try_from = "String")]
    pub source: LearningSource,
    pub action: String,
    #[sqlx(try_from = "String")]
    pub owner_agency: ReviewAgency,
    /// The agency by name, and the lead there if known.
    pub owner_name: String,
    pub agreed_on: NaiveDate,
    pub due_on: NaiveDate,
    pub impact_measure: String,
    pub completed_on: Option<NaiveDate>,
    pub evidence: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const LEARNING_COLS: &str = "id, incident_id, audit_id, s11_return_id, s11_standard, source, action, owner_agency, owner_name, agreed_on, due_on, impact_measure, completed_on, \
                             evidence, version, created_at, created_by";

pub async fn insert_learning(tx: &mut Tx, la: &str, l: &LearningRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO partnership_learning (la_code, {LEARNING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(l.id).bind(l.incident_id).bind(l.audit_id).bind(l.s11_return_id).bind(&l.s11_standard)
        .bind(l.source.code()).bind(&l.action).bind(l.owner_agency.code()).bind(&l.owner_name)
        .bind(l.agreed_on).bind(l.due_on).bind(&l.impact_measure).bind(l.completed_on).bind(&l.evidence).bind(l.version)
        .bind(l.created_at).bind(l.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_learning(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<LearningRow>> {
    let sql = format!("SELECT {LEARNING_COLS} FROM partnership_learning WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, LearningRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Writes an action's completion at the version read; false when it changed first.
pub async fn save_learning(tx: &mut Tx, la: &str, l: &LearningRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_learning SET completed_on = $3, evidence = $4, version = $5 WHERE la_code = $1 AND id = $2 AND version = $6")
        .bind(la).bind(l.id).bind(l.completed_on).bind(&l.evidence).bind(l.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// The partnership's learning actions by due date (`partnership_learning_due`), at most `limit`:
/// a partnership agrees tens a year, not thousands.
pub async fn learning_all(tx: &mut Tx, la: &str, limit: i64) -> Result<Vec<LearningRow>> {
    let sql = format!("SELECT {LEARNING_COLS} FROM partnership_learning WHERE la_code = $1 ORDER BY due_on, id LIMIT $2");
    Ok(on!(tx, x => sqlx::query_as::<_, LearningRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(limit).fetch_all(x).await?))
}

/// An audit's learning actions (`partnership_learning_audit`).
pub async fn learning_of_audit(tx: &mut Tx, la: &str, audit: Uuid) -> Result<Vec<LearningRow>> {
    let sql = format!("SELECT {LEARNING_COLS} FROM partnership_learning WHERE la_code = $1 AND audit_id = $2 ORDER BY due_on, id");
    crate::select::all(tx, &sql, la, audit).await
}

/// An incident's learning actions (`partnership_learning_incident`).
pub async fn learning_of(tx: &mut Tx, la: &str, incident: Uuid) -> Result<Vec<LearningRow>> {
    let sql = format!("SELECT {LEARNING_COLS} FROM partnership_learning WHERE la_code = $1 AND incident_id = $2 ORDER BY due_on, id");
    Ok(on!(tx, x => sqlx::query_as::<_, LearningRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(incident).fetch_all(x).await?))
}

/// A meeting of a rapid review (MASA-RR-5, MASA-SYS-3): a correction is a new version of the row
/// at the version read; never deleted.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct MeetingRow {
    pub id: Uuid,
    pub incident_id: Uuid,
    pub held_on: NaiveDate,
    /// The agencies present, as their codes separated by commas ("police,health").
    pub agencies: String,
    pub decisions: String,
    /// The immediate actions agreed (empty when none).
    pub actions: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const MEETING_COLS: &str = "id, incident_id, held_on, agencies, decisions, actions, version, created_at, created_by";

pub async fn insert_meeting(tx: &mut Tx, la: &str, m: &MeetingRow) -> Result<()> {
    let sql = format!("INSERT INTO partnership_review_meetings (la_code, {MEETING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(m.id).bind(m.incident_id).bind(m.held_on).bind(&m.agencies).bind(&m.decisions).bind(&m.actions)
        .bind(m.version).bind(m.created_at).bind(m.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_meeting(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<MeetingRow>> {
    let sql = format!("SELECT {MEETING_COLS} FROM partnership_review_meetings WHERE la_code = $1 AND id = $2");
    crate::select::one(tx, &sql, la, id).await
}

/// Writes a meeting's correction at the version read; false when it changed first.
pub async fn save_meeting(tx: &mut Tx, la: &str, m: &MeetingRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_review_meetings SET held_on = $3, agencies = $4, decisions = $5, actions = $6, version = $7 \
         WHERE la_code = $1 AND id = $2 AND version = $8")
        .bind(la).bind(m.id).bind(m.held_on).bind(&m.agencies).bind(&m.decisions).bind(&m.actions).bind(m.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// An incident's rapid review meetings in date order (`partnership_review_meetings_incident`).
pub async fn meetings_of(tx: &mut Tx, la: &str, incident: Uuid) -> Result<Vec<MeetingRow>> {
    let sql =
        format!("SELECT {MEETING_COLS} FROM partnership_review_meetings WHERE la_code = $1 AND incident_id = $2 ORDER BY held_on, id");
    crate::select::all(tx, &sql, la, incident).await
}
