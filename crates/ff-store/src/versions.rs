//! Every version of every editable record, kept as JSON (nothing is silently overwritten).

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct VersionRow {
    pub version: i32,
    pub data: sqlx::types::Json<serde_json::Value>,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTime<Utc>,
}

#[allow(clippy::too_many_arguments)]
pub async fn record_version(
    tx: &mut Tx,
    la_code: &str,
    record_type: &str,
    record_id: Uuid,
    version: i32,
    data: &impl Serialize,
    changed_by: Option<Uuid>,
    changed_at: DateTime<Utc>,
) -> Result<()> {
    let json = serde_json::to_value(data).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
    on!(tx, c => sqlx::query(
        "INSERT INTO record_versions (la_code, record_type, record_id, version, data, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(la_code).bind(record_type).bind(record_id).bind(version).bind(sqlx::types::Json(&json)).bind(changed_by).bind(changed_at)
        .execute(c).await?.rows_affected());
    Ok(())
}

pub async fn list_versions(tx: &mut Tx, la_code: &str, record_type: &str, record_id: Uuid) -> Result<Vec<VersionRow>> {
    Ok(on!(tx, c => sqlx::query_as::<_, VersionRow>(
        "SELECT version, data, changed_by, changed_at FROM record_versions WHERE la_code = $1 AND record_type = $2 AND record_id = $3 ORDER BY version DESC")
        .bind(la_code).bind(record_type).bind(record_id).fetch_all(c).await?))
}
