//! The provider register (RCC-SHARE-6; `ff_domain::providers`; decision 0015): one register per
//! database, like the bank holidays, since it is Ofsted's published data and not a council's own.
//! Found by URN (`providers_urn`) or by the start of the name (`providers_search_name`, a range on
//! the name in small letters), a page at a time. The loads of Ofsted's list are the loading
//! council's. Rows hold the domain's types, parsed once here.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::providers::{Judgement, ProviderKind, Registration, Sector, Urn};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::NullableCode;
use crate::{Result, Tx, on};

/// One provider, changed whole at the version read.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Serialize, Deserialize)]
pub struct ProviderRow {
    pub id: Uuid,
    #[sqlx(try_from = "String")]
    pub urn: Urn,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: ProviderKind,
    #[sqlx(try_from = "String")]
    pub registration: Registration,
    pub places: Option<i32>,
    #[sqlx(try_from = "String")]
    pub judgement: Judgement,
    pub inspected_on: Option<NaiveDate>,
    pub local_authority: Option<String>,
    /// The setting's postcode, normalised. Versions kept before these three were held lack them.
    #[serde(default)]
    pub postcode: Option<String>,
    /// When its registration ended, where Ofsted gives the date.
    #[serde(default)]
    pub registration_ended_on: Option<NaiveDate>,
    /// Who owns it, where the list says.
    #[sqlx(try_from = "NullableCode")]
    #[serde(default)]
    pub sector: Option<Sector>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Uuid,
    /// The load that last changed it.
    pub load_id: Uuid,
}

const COLS: &str = "id, urn, name, kind, registration, places, judgement, inspected_on, local_authority, postcode, \
                    registration_ended_on, sector, version, updated_at, updated_by, load_id";

/// How a name is searched: small letters, spaces as typed.
pub fn search_key(name: &str) -> String {
    name.trim().to_lowercase()
}

pub async fn insert(tx: &mut Tx, p: &ProviderRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO providers ({COLS}, search_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(p.id).bind(p.urn.as_str()).bind(&p.name).bind(p.kind.code()).bind(p.registration.code()).bind(p.places)
        .bind(p.judgement.code()).bind(p.inspected_on).bind(&p.local_authority).bind(&p.postcode).bind(p.registration_ended_on)
        .bind(p.sector.map(|s| s.code())).bind(p.version).bind(p.updated_at).bind(p.updated_by).bind(p.load_id)
        .bind(search_key(&p.name))
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Writes every field at the version read; false when someone else changed it first.
pub async fn save(tx: &mut Tx, p: &ProviderRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE providers SET name = $2, kind = $3, registration = $4, places = $5, judgement = $6, inspected_on = $7, \
         local_authority = $8, version = $9, updated_at = $10, updated_by = $11, load_id = $12, search_name = $13, postcode = $14, \
         registration_ended_on = $15, sector = $16 \
         WHERE id = $1 AND version = $17")
        .bind(p.id).bind(&p.name).bind(p.kind.code()).bind(p.registration.code()).bind(p.places).bind(p.judgement.code())
        .bind(p.inspected_on).bind(&p.local_authority).bind(p.version).bind(p.updated_at).bind(p.updated_by).bind(p.load_id)
        .bind(search_key(&p.name)).bind(&p.postcode).bind(p.registration_ended_on).bind(p.sector.map(|s| s.code())).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

pub async fn by_urn(tx: &mut Tx, urn: &Urn) -> Result<Option<ProviderRow>> {
    let sql = format!("SELECT {COLS} FROM providers WHERE urn = $1");
    Ok(on!(tx, x => sqlx::query_as::<_, ProviderRow>(sqlx::AssertSqlSafe(sql.clone())).bind(urn.as_str()).fetch_optional(x).await?))
}

/// The entries for these URNs (`providers_urn`), in any order.
pub async fn by_urns(tx: &mut Tx, urns: &[&str]) -> Result<Vec<ProviderRow>> {
    let mut out = Vec::new();
    for chunk in urns.chunks(crate::IN_CHUNK) {
        let sql = format!("SELECT {COLS} FROM providers WHERE urn IN ({})", crate::in_list_from(1, chunk.len()));
        let rows = on!(tx, x => {
            let mut q = sqlx::query_as::<_, ProviderRow>(sqlx::AssertSqlSafe(sql.clone()));
            for u in chunk {
                q = q.bind(*u);
            }
            q.fetch_all(x).await?
        });
        out.extend(rows);
    }
    Ok(out)
}

/// Every URN on the register with its id, version and registration: what a refresh compares
/// against (about 10,000 rows for England; three short fields each).
pub async fn all_keys(tx: &mut Tx) -> Result<Vec<(String, Uuid)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (String, Uuid)>("SELECT urn, id FROM providers ORDER BY urn").fetch_all(x).await?))
}

/// A page of the register whose names start with `prefix` (in small letters), after (`name`,
/// `urn`) in that order: an index range, never a scan of the whole register.
pub async fn page(tx: &mut Tx, prefix: &str, after: Option<(&str, &str)>, limit: i64) -> Result<Vec<ProviderRow>> {
    let (name, urn) = after.unwrap_or(("", ""));
    let prefix = search_key(prefix);
    let upper = format!("{prefix}\u{10ffff}");
    let sql = format!(
        "SELECT {COLS} FROM providers WHERE search_name >= $1 AND search_name < $2 AND (search_name > $3 OR (search_name = $3 AND urn > $4)) \
         ORDER BY search_name, urn LIMIT $5"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, ProviderRow>(sqlx::AssertSqlSafe(sql.clone()))
        .bind(&prefix).bind(&upper).bind(search_key(name)).bind(urn).bind(limit).fetch_all(x).await?))
}

/// Whether the register holds no provider at all (not loaded yet): one row read at most.
pub async fn is_empty(tx: &mut Tx) -> Result<bool> {
    let any = on!(tx, x => sqlx::query_scalar::<_, i32>("SELECT 1 FROM providers LIMIT 1").fetch_optional(x).await?);
    Ok(any.is_none())
}

/// How many entries the register holds, and how many of them are registered now.
pub async fn counts(tx: &mut Tx) -> Result<(i64, i64)> {
    Ok(on!(tx, x => sqlx::query_as::<_, (i64, i64)>(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN registration = 'active' THEN 1 ELSE 0 END), 0) FROM providers")
        .fetch_one(x).await?))
}

/// One load of Ofsted's list and what it did.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct LoadRow {
    pub id: Uuid,
    pub file_name: String,
    /// SHA-256 of the file, in hex.
    pub checksum: String,
    /// Loaded as Ofsted's whole list: entries not in it were marked no longer registered.
    pub full_list: bool,
    pub rows_read: i32,
    pub added: i32,
    pub changed: i32,
    pub unchanged: i32,
    pub closed: i32,
    /// The rows that could not be read, one line each (at most 200 kept).
    pub problems: String,
    pub loaded_at: DateTime<Utc>,
    pub loaded_by: Uuid,
}

const LOAD_COLS: &str = "id, file_name, checksum, full_list, rows_read, added, changed, unchanged, closed, problems, loaded_at, loaded_by";

pub async fn insert_load(tx: &mut Tx, la: &str, l: &LoadRow) -> Result<()> {
    let sql = format!("INSERT INTO provider_loads (la_code, {LOAD_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(l.id).bind(&l.file_name).bind(&l.checksum).bind(l.full_list).bind(l.rows_read).bind(l.added).bind(l.changed)
        .bind(l.unchanged).bind(l.closed).bind(&l.problems).bind(l.loaded_at).bind(l.loaded_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// The council's latest loads, newest first (`provider_loads_when`).
pub async fn loads(tx: &mut Tx, la: &str, limit: i64) -> Result<Vec<LoadRow>> {
    let sql = format!("SELECT {LOAD_COLS} FROM provider_loads WHERE la_code = $1 ORDER BY loaded_at DESC, id DESC LIMIT $2");
    Ok(on!(tx, x => sqlx::query_as::<_, LoadRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(limit).fetch_all(x).await?))
}

pub async fn get_load(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<LoadRow>> {
    let sql = format!("SELECT {LOAD_COLS} FROM provider_loads WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, LoadRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// The council's children placed with this provider now (`care_episodes_urn`).
pub async fn placed_now(tx: &mut Tx, la: &str, urn: &Urn) -> Result<i64> {
    Ok(on!(tx, x => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM care_episodes WHERE la_code = $1 AND provider_urn = $2 AND end_date IS NULL")
        .bind(la).bind(urn.as_str()).fetch_one(x).await?))
}
