//! Demand forecasts as run (`ff_domain::forecast`; decision 0018): each kept with its dates and
//! what it found (the service's result, as JSON), and the 903 files sent with it. Read by the
//! council and the forecast's id, newest first; never changed.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::{Result, Tx, on};

/// A forecast as kept.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ForecastRow {
    pub id: Uuid,
    pub title: String,
    /// "records" or "files".
    pub source: String,
    pub reference_start: NaiveDate,
    pub reference_end: NaiveDate,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub in_care_at_start: f64,
    pub in_care_at_end: f64,
    /// What the service found, as JSON.
    pub result: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, title, source, reference_start, reference_end, start_date, end_date, in_care_at_start, in_care_at_end, result, created_at, created_by";
/// The list's columns: everything but the result.
const LIST_COLS: &str = "id, title, source, reference_start, reference_end, start_date, end_date, in_care_at_start, in_care_at_end, '' AS result, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, f: &ForecastRow) -> Result<()> {
    let sql = format!("INSERT INTO forecasts (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(f.id).bind(&f.title).bind(&f.source).bind(f.reference_start).bind(f.reference_end).bind(f.start_date)
        .bind(f.end_date).bind(f.in_care_at_start).bind(f.in_care_at_end).bind(&f.result).bind(f.created_at).bind(f.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ForecastRow>> {
    let sql = format!("SELECT {COLS} FROM forecasts WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, ForecastRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// The council's latest forecasts, newest first, without their results (`forecasts_when`).
pub async fn latest(tx: &mut Tx, la: &str, limit: i64) -> Result<Vec<ForecastRow>> {
    let sql = format!("SELECT {LIST_COLS} FROM forecasts WHERE la_code = $1 ORDER BY created_at DESC, id DESC LIMIT $2");
    Ok(on!(tx, x => sqlx::query_as::<_, ForecastRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(limit).fetch_all(x).await?))
}

/// One file a forecast was run on.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub position: i32,
    pub name: String,
    pub size: i64,
    /// SHA-256 of the bytes, in hex.
    pub checksum: String,
}

pub async fn insert_file(tx: &mut Tx, la: &str, forecast: Uuid, f: &FileRow, content: &[u8]) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO forecast_files (la_code, forecast_id, position, name, size, checksum, content) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(la).bind(forecast).bind(f.position).bind(&f.name).bind(f.size).bind(&f.checksum).bind(content)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// A forecast's files, without their content.
pub async fn files(tx: &mut Tx, la: &str, forecast: Uuid) -> Result<Vec<FileRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, FileRow>(
        "SELECT position, name, size, checksum FROM forecast_files WHERE la_code = $1 AND forecast_id = $2 ORDER BY position")
        .bind(la).bind(forecast).fetch_all(x).await?))
}
