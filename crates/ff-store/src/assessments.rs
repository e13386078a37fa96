//! Written assessments: one document row per assessment, its sections as JSON
//! text (the same on both databases), saved only at the version it was read at (no lost update),
//! and the addenda written after it was authorised.

use chrono::{DateTime, Utc};
use ff_domain::assessments::Status;
use serde::Serialize;
use uuid::Uuid;

use crate::codes::as_code;
use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct DocumentRow {
    pub assessment_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub status: Status,
    /// `{key: {text, rev, by, at}}` as JSON text.
    pub sections: String,
    pub version: i32,
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<Uuid>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<Uuid>,
    pub returned_at: Option<DateTime<Utc>>,
    pub returned_by: Option<Uuid>,
    pub return_comment: Option<String>,
}

const DOCUMENT_COLS: &str =
    "assessment_id, status, sections, version, saved_at, saved_by, submitted_at, submitted_by, returned_at, returned_by, return_comment";

pub async fn insert_document(tx: &mut Tx, la: &str, d: &DocumentRow) -> Result<()> {
    let sql =
        format!("INSERT INTO assessment_documents (la_code, {DOCUMENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(d.assessment_id).bind(d.status.code()).bind(&d.sections).bind(d.version).bind(d.saved_at).bind(d.saved_by)
        .bind(d.submitted_at).bind(d.submitted_by).bind(d.returned_at).bind(d.returned_by).bind(&d.return_comment)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_document(tx: &mut Tx, la: &str, assessment: Uuid) -> Result<Option<DocumentRow>> {
    let sql = format!("SELECT {DOCUMENT_COLS} FROM assessment_documents WHERE la_code = $1 AND assessment_id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(assessment).fetch_optional(x).await?))
}

/// Save the document's new state if it is still at `expected_version`; `false` when someone
/// else saved first.
pub async fn update_document(tx: &mut Tx, la: &str, d: &DocumentRow, expected_version: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE assessment_documents SET status = $3, sections = $4, version = $5, saved_at = $6, saved_by = $7, submitted_at = $8, \
         submitted_by = $9, returned_at = $10, returned_by = $11, return_comment = $12 \
         WHERE la_code = $1 AND assessment_id = $2 AND version = $13")
        .bind(la).bind(d.assessment_id).bind(d.status.code()).bind(&d.sections).bind(d.version).bind(d.saved_at).bind(d.saved_by)
        .bind(d.submitted_at).bind(d.submitted_by).bind(d.returned_at).bind(d.returned_by).bind(&d.return_comment)
        .bind(expected_version).execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// Where each of a child's written assessments is, without its sections (the child's record
/// shows the status and puts the last submission and return in the chronology).
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct DocumentSummary {
    pub assessment_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub status: Status,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<Uuid>,
    pub returned_at: Option<DateTime<Utc>>,
    pub returned_by: Option<Uuid>,
    pub return_comment: Option<String>,
}

/// Every written assessment of a child, in one indexed query.
pub async fn summaries_for_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<DocumentSummary>> {
    Ok(on!(tx, x => sqlx::query_as::<_, DocumentSummary>(
        "SELECT d.assessment_id, d.status, d.submitted_at, d.submitted_by, d.returned_at, d.returned_by, d.return_comment \
         FROM assessment_documents d \
         JOIN assessments a ON a.la_code = d.la_code AND a.id = d.assessment_id \
         JOIN episodes e ON e.la_code = a.la_code AND e.id = a.episode_id \
         WHERE d.la_code = $1 AND e.child_id = $2")
        .bind(la).bind(child).fetch_all(x).await?))
}

/// Every addendum to a child's assessments, oldest first.
pub async fn addenda_for_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<AddendumRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, AddendumRow>(
        "SELECT x.id, x.assessment_id, x.text, x.added_at, x.added_by FROM assessment_addenda x \
         JOIN assessments a ON a.la_code = x.la_code AND a.id = x.assessment_id \
         JOIN episodes e ON e.la_code = a.la_code AND e.id = a.episode_id \
         WHERE x.la_code = $1 AND e.child_id = $2 ORDER BY x.added_at, x.id")
        .bind(la).bind(child).fetch_all(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AddendumRow {
    pub id: Uuid,
    pub assessment_id: Uuid,
    pub text: String,
    pub added_at: DateTime<Utc>,
    pub added_by: Uuid,
}

pub async fn insert_addendum(tx: &mut Tx, la: &str, a: &AddendumRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO assessment_addenda (la_code, id, assessment_id, text, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(la).bind(a.id).bind(a.assessment_id).bind(&a.text).bind(a.added_at).bind(a.added_by).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn addenda(tx: &mut Tx, la: &str, assessment: Uuid) -> Result<Vec<AddendumRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, AddendumRow>(
        "SELECT id, assessment_id, text, added_at, added_by FROM assessment_addenda WHERE la_code = $1 AND assessment_id = $2 ORDER BY added_at, id")
        .bind(la).bind(assessment).fetch_all(x).await?))
}

/// A written assessment waiting for someone: submitted (for a manager) or returned (for the lead).
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct WaitingRow {
    pub assessment_id: Uuid,
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub status: Status,
    pub submitted_at: Option<DateTime<Utc>>,
    pub returned_at: Option<DateTime<Utc>>,
    pub due_date: chrono::NaiveDate,
}

const WAITING: &str = "SELECT d.assessment_id, e.child_id, p.given_name, p.family_name, d.status, d.submitted_at, d.returned_at, a.due_date \
    FROM assessment_documents d \
    JOIN assessments a ON a.la_code = d.la_code AND a.id = d.assessment_id \
    JOIN episodes e ON e.la_code = a.la_code AND e.id = a.episode_id \
    JOIN people p ON p.la_code = e.la_code AND p.id = e.child_id \
    WHERE d.la_code = $1 AND e.closure_date IS NULL";

/// Submitted assessments a manager should decide: on episodes they oversee, led by a member of
/// one of their teams, or not yet allocated (the partial index on submitted documents keeps this
/// to the few that are waiting).
pub async fn waiting_for_manager(tx: &mut Tx, la: &str, manager: Uuid, limit: i64) -> Result<Vec<WaitingRow>> {
    let sql = format!(
        "{WAITING} AND d.status = 'submitted' AND (e.overseer_id = $2 OR e.lead_id IS NULL OR e.lead_id IN \
           (SELECT m.user_id FROM team_members m WHERE m.la_code = $1 AND m.team_id IN \
             (SELECT t.team_id FROM team_members t WHERE t.la_code = $1 AND t.user_id = $2))) \
         ORDER BY d.submitted_at LIMIT $3"
    );
    Ok(
        on!(tx, x => sqlx::query_as::<_, WaitingRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(manager).bind(limit).fetch_all(x).await?),
    )
}

/// Assessments returned to this lead practitioner for changes.
pub async fn returned_to_lead(tx: &mut Tx, la: &str, lead: Uuid, limit: i64) -> Result<Vec<WaitingRow>> {
    let sql = format!("{WAITING} AND d.status = 'returned' AND e.lead_id = $2 ORDER BY d.returned_at LIMIT $3");
    Ok(on!(tx, x => sqlx::query_as::<_, WaitingRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(lead).bind(limit).fetch_all(x).await?))
}
