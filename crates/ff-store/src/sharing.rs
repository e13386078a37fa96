//! What a council shares with its region (`ff_domain::sharing`; decision 0016): its versioned
//! pseudonymisation keys (never read outside the service that uses them, never logged), and each
//! extract with its tag and files. Read by the council and the extract's id, newest first.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::sharing::{ExtractKind, Purpose};
use serde::Serialize;
use uuid::Uuid;

use crate::{Result, Tx, on};

/// The council's newest key: (version, secret).
pub async fn current_key(tx: &mut Tx, la: &str) -> Result<Option<(i32, Vec<u8>)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (i32, Vec<u8>)>(
        "SELECT version, secret FROM sharing_keys WHERE la_code = $1 ORDER BY version DESC LIMIT 1")
        .bind(la).fetch_optional(x).await?))
}

/// A new key version; false when that version already exists (someone rotated first).
pub async fn insert_key(tx: &mut Tx, la: &str, version: i32, secret: &[u8], at: DateTime<Utc>, by: Uuid) -> Result<bool> {
    let existing = on!(tx, x => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sharing_keys WHERE la_code = $1 AND version = $2")
        .bind(la).bind(version).fetch_one(x).await?);
    if existing > 0 {
        return Ok(false);
    }
    on!(tx, x => sqlx::query("INSERT INTO sharing_keys (la_code, version, secret, created_at, created_by) VALUES ($1, $2, $3, $4, $5)")
        .bind(la).bind(version).bind(secret).bind(at).bind(by).execute(x).await?.rows_affected());
    Ok(true)
}

/// The region's newest key for workers' registration numbers, as the council loaded it
/// (W-OUT-4, RCC-SHARE-4): (version, secret, check value).
pub async fn current_region_key(tx: &mut Tx, la: &str) -> Result<Option<(i32, Vec<u8>, String)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (i32, Vec<u8>, String)>(
        "SELECT version, secret, check_value FROM region_keys WHERE la_code = $1 ORDER BY version DESC LIMIT 1")
        .bind(la).fetch_optional(x).await?))
}

/// When the region's key in use was loaded, and by whom: (version, check value, at, by).
pub async fn region_key_loaded(tx: &mut Tx, la: &str) -> Result<Option<(i32, String, DateTime<Utc>, Uuid)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (i32, String, DateTime<Utc>, Uuid)>(
        "SELECT version, check_value, created_at, created_by FROM region_keys WHERE la_code = $1 ORDER BY version DESC LIMIT 1")
        .bind(la).fetch_optional(x).await?))
}

/// A version of the region's key; false when the council already holds that version.
pub async fn insert_region_key(
    tx: &mut Tx,
    la: &str,
    version: i32,
    secret: &[u8],
    check: &str,
    at: DateTime<Utc>,
    by: Uuid,
) -> Result<bool> {
    let existing = on!(tx, x => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM region_keys WHERE la_code = $1 AND version = $2")
        .bind(la).bind(version).fetch_one(x).await?);
    if existing > 0 {
        return Ok(false);
    }
    on!(tx, x => sqlx::query(
        "INSERT INTO region_keys (la_code, version, secret, check_value, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(la).bind(version).bind(secret).bind(check).bind(at).bind(by).execute(x).await?.rows_affected());
    Ok(true)
}

/// An extract's tag and what it holds. For a workforce extract `key_version` is the region's
/// key's version, `years` the census year and `children` the workers' rows.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ExtractRow {
    pub id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: ExtractKind,
    #[sqlx(try_from = "String")]
    pub purpose: Purpose,
    pub agreement: String,
    pub delete_by: NaiveDate,
    pub key_version: i32,
    /// The collection years it covers, e.g. "2022-23 to 2026-27".
    pub years: String,
    pub children: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, kind, purpose, agreement, delete_by, key_version, years, children, created_at, created_by";

pub async fn insert_extract(tx: &mut Tx, la: &str, e: &ExtractRow) -> Result<()> {
    let sql = format!("INSERT INTO shared_extracts (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(e.id).bind(e.kind.code()).bind(e.purpose.code()).bind(&e.agreement).bind(e.delete_by).bind(e.key_version).bind(&e.years)
        .bind(e.children).bind(e.created_at).bind(e.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_extract(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ExtractRow>> {
    let sql = format!("SELECT {COLS} FROM shared_extracts WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, ExtractRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// The council's latest extracts of one kind, newest first (`shared_extracts_kind_when`).
pub async fn extracts(tx: &mut Tx, la: &str, kind: ExtractKind, limit: i64) -> Result<Vec<ExtractRow>> {
    let sql = format!("SELECT {COLS} FROM shared_extracts WHERE la_code = $1 AND kind = $2 ORDER BY created_at DESC, id DESC LIMIT $3");
    Ok(on!(tx, x => sqlx::query_as::<_, ExtractRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(kind.code()).bind(limit)
        .fetch_all(x).await?))
}

/// One table of an extract as shared.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct FileRow {
    pub table_name: String,
    pub row_count: i32,
    /// SHA-256 of the content, in hex.
    pub checksum: String,
}

pub async fn insert_file(tx: &mut Tx, la: &str, extract: Uuid, f: &FileRow, content: &str) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO shared_extract_files (la_code, extract_id, table_name, row_count, checksum, content) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(la).bind(extract).bind(&f.table_name).bind(f.row_count).bind(&f.checksum).bind(content)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// An extract's tables, without their content.
pub async fn files(tx: &mut Tx, la: &str, extract: Uuid) -> Result<Vec<FileRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, FileRow>(
        "SELECT table_name, row_count, checksum FROM shared_extract_files WHERE la_code = $1 AND extract_id = $2 ORDER BY table_name")
        .bind(la).bind(extract).fetch_all(x).await?))
}

/// One table's content.
pub async fn content(tx: &mut Tx, la: &str, extract: Uuid, table: &str) -> Result<Option<String>> {
    Ok(on!(tx, x => sqlx::query_scalar::<_, String>(
        "SELECT content FROM shared_extract_files WHERE la_code = $1 AND extract_id = $2 AND table_name = $3")
        .bind(la).bind(extract).bind(table).fetch_optional(x).await?))
}

/// What the placement snapshot needs of a child in care (RCC-SHARE-2): the council's own
/// identifier (pseudonymised before it leaves), sex and ethnic group. Never the name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SnapshotPerson {
    pub id: Uuid,
    pub census_id: Option<String>,
    pub sex: String,
    pub ethnicity: Option<String>,
}

pub async fn snapshot_people(tx: &mut Tx, la: &str, ids: &[Uuid]) -> Result<Vec<SnapshotPerson>> {
    crate::select::for_ids(tx, la, ids, |list| {
        format!("SELECT id, census_id, sex, ethnicity FROM people WHERE la_code = $1 AND id IN ({list}) ORDER BY id")
    })
    .await
}
