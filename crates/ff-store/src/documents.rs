//! Documents kept with a child's record. The description row and the file's
//! bytes live apart, so listing a child's documents never reads a file. A file kept in a
//! directory instead of the database is written once under its id and read back whole; the
//! service checks it against the checksum taken when it arrived.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::case_notes::Visibility;
use ff_domain::documents::{DocumentCategory, FileType};
use ff_domain::roles::Agency;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::as_code;
use crate::{Result, StoreError, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub agency: Agency,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub category: DocumentCategory,
    pub title: String,
    pub description: String,
    pub document_date: Option<NaiveDate>,
    pub filename: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub file_type: FileType,
    pub size_bytes: i64,
    pub sha256: String,
    /// database or directory.
    pub storage: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub visibility: Visibility,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_by: Option<Uuid>,
    pub withdrawn_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, child_id, agency, category, title, description, document_date, filename, file_type, size_bytes, sha256, storage, \
     visibility, withdrawn_at, withdrawn_by, withdrawn_reason, version, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, d: &DocumentRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO documents (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(d.id).bind(d.child_id).bind(d.agency.code()).bind(d.category.code()).bind(&d.title).bind(&d.description).bind(d.document_date)
        .bind(&d.filename).bind(d.file_type.code()).bind(d.size_bytes).bind(&d.sha256).bind(&d.storage).bind(d.visibility.code())
        .bind(d.withdrawn_at).bind(d.withdrawn_by).bind(&d.withdrawn_reason).bind(d.version).bind(d.created_at).bind(d.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Keeps a file's bytes in the database (the default store).
pub async fn insert_content(tx: &mut Tx, la: &str, id: Uuid, content: &[u8]) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO document_contents (la_code, id, content) VALUES ($1, $2, $3)")
        .bind(la).bind(id).bind(content).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn content(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<Vec<u8>>> {
    Ok(on!(tx, x => sqlx::query_scalar::<_, Vec<u8>>("SELECT content FROM document_contents WHERE la_code = $1 AND id = $2")
        .bind(la).bind(id).fetch_optional(x).await?))
}

pub async fn get(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<DocumentRow>> {
    let sql = format!("SELECT {COLS} FROM documents WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// A child's documents, newest first (through `documents_child`).
pub async fn of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<DocumentRow>> {
    let sql = format!("SELECT {COLS} FROM documents WHERE la_code = $1 AND child_id = $2 ORDER BY created_at DESC, id");
    Ok(on!(tx, x => sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}

/// Withdraws a document at the version read; false (nothing written) when it changed since.
pub async fn withdraw(tx: &mut Tx, la: &str, id: Uuid, by: Uuid, at: DateTime<Utc>, reason: &str, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE documents SET withdrawn_at = $3, withdrawn_by = $4, withdrawn_reason = $5, version = version + 1 \
         WHERE la_code = $1 AND id = $2 AND version = $6 AND withdrawn_at IS NULL")
        .bind(la).bind(id).bind(at).bind(by).bind(reason).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// Files kept in a directory (`--documents-dir`), one per document, named by council and id.
/// A file is written once, to a temporary name first and then renamed, so a half-written file is
/// never read as a document.
pub mod directory {
    use super::*;

    fn path(dir: &std::path::Path, la: &str, id: Uuid) -> std::path::PathBuf {
        dir.join(la).join(id.to_string())
    }

    pub async fn put(dir: &std::path::Path, la: &str, id: Uuid, content: &[u8]) -> Result<()> {
        let io = |e: std::io::Error| StoreError::Corrupt(format!("document store: {e}"));
        let target = path(dir, la, id);
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(io)?;
        }
        let temp = target.with_extension("partial");
        tokio::fs::write(&temp, content).await.map_err(io)?;
        tokio::fs::rename(&temp, &target).await.map_err(io)?;
        Ok(())
    }

    pub async fn get(dir: &std::path::Path, la: &str, id: Uuid) -> Result<Option<Vec<u8>>> {
        match tokio::fs::read(path(dir, la, id)).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::Corrupt(format!("document store: {e}"))),
        }
    }
}
