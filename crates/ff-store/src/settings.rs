//! Versioned LA settings: each change appends a version; nothing is overwritten.

use chrono::{DateTime, Utc};
use ff_domain::settings::LaSettings;
use uuid::Uuid;

use crate::{Result, StoreError, Tx, on};

#[derive(Debug, Clone)]
pub struct SettingsVersion {
    pub version: i32,
    pub settings: LaSettings,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTime<Utc>,
}

type Row = (i32, sqlx::types::Json<serde_json::Value>, Option<Uuid>, DateTime<Utc>);

fn decode(r: Row) -> Result<SettingsVersion> {
    let settings = serde_json::from_value(r.1.0).map_err(|e| StoreError::Corrupt(format!("LA settings: {e}")))?;
    Ok(SettingsVersion { version: r.0, settings, changed_by: r.2, changed_at: r.3 })
}

pub async fn current(tx: &mut Tx, la_code: &str) -> Result<Option<SettingsVersion>> {
    let row: Option<Row> = on!(tx, c => sqlx::query_as(
        "SELECT version, data, changed_by, changed_at FROM la_settings WHERE la_code = $1 ORDER BY version DESC LIMIT 1")
        .bind(la_code).fetch_optional(c).await?);
    row.map(decode).transpose()
}

pub async fn history(tx: &mut Tx, la_code: &str) -> Result<Vec<SettingsVersion>> {
    let rows: Vec<Row> = on!(tx, c => sqlx::query_as(
        "SELECT version, data, changed_by, changed_at FROM la_settings WHERE la_code = $1 ORDER BY version DESC")
        .bind(la_code).fetch_all(c).await?);
    rows.into_iter().map(decode).collect()
}

/// Insert `version`; the primary key refuses a second writer of the same version, which the
/// service reports as a conflict.
pub async fn insert(tx: &mut Tx, la_code: &str, version: i32, s: &LaSettings, by: Option<Uuid>, at: DateTime<Utc>) -> Result<()> {
    on!(tx, c => sqlx::query("INSERT INTO la_settings (la_code, version, data, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(la_code).bind(version).bind(sqlx::types::Json(s)).bind(by).bind(at).execute(c).await?.rows_affected());
    Ok(())
}
