//! The postcode directory (decision 0019; `ff_domain::geography`): one per database, like the
//! provider register and the bank holidays, since it is ONS's published data and not a council's
//! own. Keyed by the postcode as `ff_domain::geography::parse_postcode` writes it; each row names
//! the load that last changed it. A load writes its rows a chunk at a time
//! (`INSERT … ON CONFLICT (postcode) DO UPDATE`), and the child's page looks its two postcodes up
//! in one query. The loads are the loading council's.

use chrono::{DateTime, Utc};
use ff_domain::geography::DirectoryEntry;
use sqlx::{Postgres, QueryBuilder, Sqlite};
use uuid::Uuid;

use crate::{Result, Tx, on};

/// Rows per `INSERT` statement (6 binds each) and postcodes per `IN (…)` list.
const ROWS_PER_STATEMENT: usize = 500;

/// One postcode as the directory holds it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PostcodeRow {
    pub postcode: String,
    pub easting: Option<i32>,
    pub northing: Option<i32>,
    /// The DfE's 3-digit code of its upper-tier council, or SCO, WAL or NIR.
    pub la_code: Option<String>,
    /// yyyymm, as the directory gives it; none while the postcode is live.
    pub terminated: Option<String>,
    /// The load that last changed it.
    pub load_id: Uuid,
}

impl PostcodeRow {
    pub fn new(e: DirectoryEntry, load_id: Uuid) -> PostcodeRow {
        PostcodeRow { postcode: e.postcode, easting: e.easting, northing: e.northing, la_code: e.la, terminated: e.terminated, load_id }
    }

    /// The row as the domain reads it.
    pub fn entry(&self) -> DirectoryEntry {
        DirectoryEntry {
            postcode: self.postcode.clone(),
            easting: self.easting,
            northing: self.northing,
            la: self.la_code.clone(),
            terminated: self.terminated.clone(),
        }
    }

    /// The same facts as `other` (whichever load wrote them).
    pub fn same_facts(&self, other: &PostcodeRow) -> bool {
        (self.easting, self.northing, &self.la_code, &self.terminated) == (other.easting, other.northing, &other.la_code, &other.terminated)
    }
}

const COLS: &str = "postcode, easting, northing, la_code, terminated, load_id";

/// Writes these postcodes, adding new ones and replacing the facts of those held, in statements
/// of [`ROWS_PER_STATEMENT`] rows. The rows must not repeat a postcode.
pub async fn upsert(tx: &mut Tx, rows: &[PostcodeRow]) -> Result<()> {
    const HEAD: &str = "INSERT INTO postcodes (postcode, easting, northing, la_code, terminated, load_id) ";
    const TAIL: &str = " ON CONFLICT (postcode) DO UPDATE SET easting = excluded.easting, northing = excluded.northing, \
                        la_code = excluded.la_code, terminated = excluded.terminated, load_id = excluded.load_id";
    crate::bulk::insert_in_chunks!(tx, HEAD, TAIL, rows, |b, r| {
        b.push_bind(&r.postcode)
            .push_bind(r.easting)
            .push_bind(r.northing)
            .push_bind(&r.la_code)
            .push_bind(&r.terminated)
            .push_bind(r.load_id);
    })
}

/// The directory's rows for these postcodes (normalised), in any order: by the primary key, a
/// few hundred at a time.
pub async fn lookup(tx: &mut Tx, postcodes: &[&str]) -> Result<Vec<PostcodeRow>> {
    let mut out = Vec::new();
    for chunk in postcodes.chunks(ROWS_PER_STATEMENT) {
        let sql = format!("SELECT {COLS} FROM postcodes WHERE postcode IN ({})", crate::in_list_from(1, chunk.len()));
        let rows = on!(tx, x => {
            let mut q = sqlx::query_as::<_, PostcodeRow>(sqlx::AssertSqlSafe(sql.clone()));
            for p in chunk {
                q = q.bind(*p);
            }
            q.fetch_all(x).await?
        });
        out.extend(rows);
    }
    Ok(out)
}

/// Whether the directory holds no postcode at all (not loaded yet): one row read at most.
pub async fn is_empty(tx: &mut Tx) -> Result<bool> {
    let any = on!(tx, x => sqlx::query_scalar::<_, i32>("SELECT 1 FROM postcodes LIMIT 1").fetch_optional(x).await?);
    Ok(any.is_none())
}

/// How many postcodes the directory holds.
pub async fn count(tx: &mut Tx) -> Result<i64> {
    Ok(on!(tx, x => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM postcodes").fetch_one(x).await?))
}

/// One load of the directory and what it did.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PostcodeLoadRow {
    pub id: Uuid,
    pub file_name: String,
    /// SHA-256 of the file, in hex.
    pub checksum: String,
    pub rows_read: i32,
    pub added: i32,
    pub changed: i32,
    pub unchanged: i32,
    pub unreadable: i32,
    /// The first rows that could not be read, one line each (the count is `unreadable`).
    pub problems: String,
    pub loaded_at: DateTime<Utc>,
    pub loaded_by: Uuid,
}

const LOAD_COLS: &str = "id, file_name, checksum, rows_read, added, changed, unchanged, unreadable, problems, loaded_at, loaded_by";

pub async fn insert_load(tx: &mut Tx, la: &str, l: &PostcodeLoadRow) -> Result<()> {
    let sql = format!("INSERT INTO postcode_loads (la_code, {LOAD_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(l.id).bind(&l.file_name).bind(&l.checksum).bind(l.rows_read).bind(l.added).bind(l.changed).bind(l.unchanged)
        .bind(l.unreadable).bind(&l.problems).bind(l.loaded_at).bind(l.loaded_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// The council's latest loads, newest first (`postcode_loads_when`).
pub async fn loads(tx: &mut Tx, la: &str, limit: i64) -> Result<Vec<PostcodeLoadRow>> {
    let sql = format!("SELECT {LOAD_COLS} FROM postcode_loads WHERE la_code = $1 ORDER BY loaded_at DESC, id DESC LIMIT $2");
    Ok(on!(tx, x => sqlx::query_as::<_, PostcodeLoadRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(limit).fetch_all(x).await?))
}

pub async fn get_load(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<PostcodeLoadRow>> {
    let sql = format!("SELECT {LOAD_COLS} FROM postcode_loads WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, PostcodeLoadRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// The latest load by any council (the directory is shared): which council, when and who. The
/// table holds a handful of rows a year.
pub async fn latest_load(tx: &mut Tx) -> Result<Option<(String, DateTime<Utc>, Uuid)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (String, DateTime<Utc>, Uuid)>(
        "SELECT la_code, loaded_at, loaded_by FROM postcode_loads ORDER BY loaded_at DESC, id DESC LIMIT 1")
        .fetch_optional(x).await?))
}
