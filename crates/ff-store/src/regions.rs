//! Regions (`ff_domain::regions`; decision 0029): the region a council keeps in this database,
//! its member councils (saved whole at the version read) and the 903 files a member not on
//! Families First sends, kept as sent with the validator's verdict. Every row is the keeping
//! council's (`la_code`); a member council's own records are read only through the services that
//! share them (`sharing`).

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::regions::Participation;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct RegionRow {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

/// The council's region, if it keeps one.
pub async fn region(tx: &mut Tx, la: &str) -> Result<Option<RegionRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, RegionRow>(
        "SELECT id, code, name, version, created_at, created_by FROM regions WHERE la_code = $1")
        .bind(la).fetch_optional(x).await?))
}

pub async fn insert_region(tx: &mut Tx, la: &str, r: &RegionRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO regions (la_code, id, code, name, version, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(la).bind(r.id).bind(&r.code).bind(&r.name).bind(r.version).bind(r.created_at).bind(r.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Writes the region at the version read; false when someone else changed it first.
pub async fn save_region(tx: &mut Tx, la: &str, r: &RegionRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE regions SET code = $3, name = $4, version = $5 WHERE la_code = $1 AND id = $2 AND version = $6")
        .bind(la).bind(r.id).bind(&r.code).bind(&r.name).bind(r.version).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: Uuid,
    pub region_id: Uuid,
    pub member_la: String,
    pub member_name: String,
    #[sqlx(try_from = "String")]
    pub participation: Participation,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const MEMBER_COLS: &str = "id, region_id, member_la, member_name, participation, joined_on, left_on, version, created_at, created_by";

pub async fn insert_member(tx: &mut Tx, la: &str, m: &MemberRow) -> Result<()> {
    let sql = format!("INSERT INTO region_members (la_code, {MEMBER_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(m.id).bind(m.region_id).bind(&m.member_la).bind(&m.member_name).bind(m.participation.code()).bind(m.joined_on)
        .bind(m.left_on).bind(m.version).bind(m.created_at).bind(m.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Writes the membership at the version read; false when someone else changed it first.
pub async fn save_member(tx: &mut Tx, la: &str, m: &MemberRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE region_members SET member_name = $3, participation = $4, joined_on = $5, left_on = $6, version = $7 \
         WHERE la_code = $1 AND id = $2 AND version = $8")
        .bind(la).bind(m.id).bind(&m.member_name).bind(m.participation.code()).bind(m.joined_on).bind(m.left_on).bind(m.version)
        .bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

pub async fn member(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<MemberRow>> {
    let sql = format!("SELECT {MEMBER_COLS} FROM region_members WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// The region's members, past and present, by council code.
pub async fn members(tx: &mut Tx, la: &str, region: Uuid) -> Result<Vec<MemberRow>> {
    let sql = format!("SELECT {MEMBER_COLS} FROM region_members WHERE la_code = $1 AND region_id = $2 ORDER BY member_la");
    Ok(on!(tx, x => sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(region).fetch_all(x).await?))
}

/// A set of 903 files a member sent, with the validator's verdict (the report as JSON).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct UploadRow {
    pub id: Uuid,
    pub region_id: Uuid,
    pub member_la: String,
    pub year: String,
    /// accepted, errors or unreadable.
    pub verdict: String,
    pub children: i32,
    pub errors: i32,
    pub warnings: i32,
    pub bytes: i64,
    pub report: String,
    pub uploaded_at: DateTime<Utc>,
    pub uploaded_by: Uuid,
}

const UPLOAD_COLS: &str = "id, region_id, member_la, year, verdict, children, errors, warnings, bytes, report, uploaded_at, uploaded_by";

pub async fn insert_upload(tx: &mut Tx, la: &str, u: &UploadRow, files: &[(String, String)]) -> Result<()> {
    let sql =
        format!("INSERT INTO region_uploads (la_code, {UPLOAD_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(u.id).bind(u.region_id).bind(&u.member_la).bind(&u.year).bind(&u.verdict).bind(u.children).bind(u.errors)
        .bind(u.warnings).bind(u.bytes).bind(&u.report).bind(u.uploaded_at).bind(u.uploaded_by)
        .execute(x).await?.rows_affected());
    for (name, content) in files {
        on!(tx, x => sqlx::query("INSERT INTO region_upload_files (la_code, upload_id, name, content) VALUES ($1, $2, $3, $4)")
            .bind(la).bind(u.id).bind(name).bind(content).execute(x).await?.rows_affected());
    }
    Ok(())
}

pub async fn upload(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<UploadRow>> {
    let sql = format!("SELECT {UPLOAD_COLS} FROM region_uploads WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, UploadRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// The region's uploads, newest first.
pub async fn uploads(tx: &mut Tx, la: &str, region: Uuid, limit: i64) -> Result<Vec<UploadRow>> {
    let sql = format!(
        "SELECT {UPLOAD_COLS} FROM region_uploads WHERE la_code = $1 AND region_id = $2 ORDER BY uploaded_at DESC, id DESC LIMIT $3"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, UploadRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(region).bind(limit).fetch_all(x).await?))
}

/// An upload's files: (name, content).
pub async fn upload_files(tx: &mut Tx, la: &str, id: Uuid) -> Result<Vec<(String, String)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (String, String)>(
        "SELECT name, content FROM region_upload_files WHERE la_code = $1 AND upload_id = $2 ORDER BY name")
        .bind(la).bind(id).fetch_all(x).await?))
}
