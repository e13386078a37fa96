//! Case notes (`ff_domain::case_notes`): typed notes of the work on a child's
//! case and the partner agencies' chronology entries, in one table. A note is changed only at the
//! version it was read at (no lost update); the database refuses a change of writer, child or
//! agency, and any delete.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use ff_domain::case_notes::{NoteKind, Visibility};
use ff_domain::child_protection::SourceType;
use ff_domain::roles::Agency;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::as_code;
use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct NoteRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub agency: Agency,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: NoteKind,
    pub occurred_on: NaiveDate,
    pub occurred_time: Option<NaiveTime>,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub source_type: SourceType,
    pub people_present: String,
    pub note: String,
    pub child_voice: String,
    pub decisions: String,
    pub actions: String,
    pub significant: bool,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub visibility: Visibility,
    pub corroborates_id: Option<Uuid>,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub version: i32,
    pub edited_at: Option<DateTime<Utc>>,
    pub edited_by: Option<Uuid>,
}

const NOTE_COLS: &str = "id, child_id, agency, kind, occurred_on, occurred_time, source_type, people_present, note, child_voice, \
     decisions, actions, significant, visibility, corroborates_id, recorded_by, created_at, version, edited_at, edited_by";

pub async fn insert_note(tx: &mut Tx, la: &str, n: &NoteRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO case_notes (la_code, {NOTE_COLS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(n.id).bind(n.child_id).bind(n.agency.code()).bind(n.kind.code()).bind(n.occurred_on).bind(n.occurred_time)
        .bind(n.source_type.code()).bind(&n.people_present).bind(&n.note).bind(&n.child_voice).bind(&n.decisions).bind(&n.actions)
        .bind(n.significant).bind(n.visibility.code()).bind(n.corroborates_id).bind(n.recorded_by).bind(n.created_at)
        .bind(n.version).bind(n.edited_at).bind(n.edited_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Writes an edited note over the version it was read at. Returns false, changing nothing, when
/// someone else changed it first.
pub async fn update_note(tx: &mut Tx, la: &str, n: &NoteRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE case_notes SET kind = $3, occurred_on = $4, occurred_time = $5, source_type = $6, people_present = $7, note = $8, \
         child_voice = $9, decisions = $10, actions = $11, significant = $12, visibility = $13, corroborates_id = $14, \
         version = version + 1, edited_at = $15, edited_by = $16 \
         WHERE la_code = $1 AND id = $2 AND version = $17")
        .bind(la).bind(n.id).bind(n.kind.code()).bind(n.occurred_on).bind(n.occurred_time).bind(n.source_type.code()).bind(&n.people_present)
        .bind(&n.note).bind(&n.child_voice).bind(&n.decisions).bind(&n.actions).bind(n.significant).bind(n.visibility.code())
        .bind(n.corroborates_id).bind(n.edited_at).bind(n.edited_by).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

pub async fn get_note(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<NoteRow>> {
    let sql = format!("SELECT {NOTE_COLS} FROM case_notes WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, NoteRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Every note on a child, oldest first (by when it happened, then when it was written). Uses the
/// `case_notes_child` index; a child's notes are bounded by the child.
pub async fn notes_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<NoteRow>> {
    let sql = format!(
        "SELECT {NOTE_COLS} FROM case_notes WHERE la_code = $1 AND child_id = $2 ORDER BY occurred_on, (occurred_time IS NULL), occurred_time, created_at"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, NoteRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}
