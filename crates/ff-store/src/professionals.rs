//! The professionals involved with a child (`ff_domain::professionals`). A
//! child's list is bounded by the child and read through `professionals_involved_child`.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::professionals::ProfessionalRole;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::as_code;
use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct ProfessionalRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub role: ProfessionalRole,
    pub name: String,
    pub organisation: String,
    pub phone: String,
    pub email: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const COLS: &str = "id, child_id, role, name, organisation, phone, email, start_date, end_date, version, created_at, created_by";

pub async fn insert(tx: &mut Tx, la: &str, p: &ProfessionalRow) -> Result<()> {
    let sql =
        format!("INSERT INTO professionals_involved (la_code, {COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(p.id).bind(p.child_id).bind(p.role.code()).bind(&p.name).bind(&p.organisation).bind(&p.phone).bind(&p.email)
        .bind(p.start_date).bind(p.end_date).bind(p.version).bind(p.created_at).bind(p.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ProfessionalRow>> {
    let sql = format!("SELECT {COLS} FROM professionals_involved WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, ProfessionalRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Ends an involvement at the version read; false (nothing written) when it changed since.
/// Saves what an involvement's life changes (its end) where it is still at `read_version`.
pub async fn update(tx: &mut Tx, la: &str, p: &ProfessionalRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE professionals_involved SET end_date = $3, version = $4 WHERE la_code = $1 AND id = $2 AND version = $5")
        .bind(la).bind(p.id).bind(p.end_date).bind(p.version).bind(read_version).execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A child's professionals, current ones first, each group by when they became involved.
pub async fn of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<ProfessionalRow>> {
    let sql = format!(
        "SELECT {COLS} FROM professionals_involved WHERE la_code = $1 AND child_id = $2 ORDER BY (end_date IS NOT NULL), start_date DESC, created_at"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, ProfessionalRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}
