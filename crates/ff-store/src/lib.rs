//! Persistence for Families First: the only crate that contains SQL.
//!
//! One code path serves PostgreSQL (production) and SQLite (the embedded default): the same query
//! text, written in the subset both understand (`$n` placeholders, `RETURNING`, `ON CONFLICT`), is
//! expanded by the [`on!`] macro against whichever connection the transaction holds. Where the
//! dialects differ, the two strings sit side by side in one `match` (see
//! `docs/decisions/0001-one-code-path-for-postgresql-and-sqlite.md`).
//!
//! Invariants: every council-owned row carries `la_code`; no function here deletes a case record;
//! every function takes the caller's transaction, so a service action's writes and its audit event
//! commit or roll back together.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPoolOptions, Postgres};
use sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

pub mod assessments;
pub mod audit;
pub mod bulk;
pub mod calendar;
pub mod carers;
pub mod case_notes;
pub mod child_protection;
pub mod codes;
pub mod cp_plans;
pub mod data_set;
pub mod documents;
pub mod escalations;
pub mod family_help;
pub mod family_networks;
pub mod forecasts;
pub mod home_search;
pub mod insight;
pub mod looked_after;
pub mod object_store;
pub mod outside_home;
pub mod partnership;
pub mod people;
pub mod plan_records;
pub mod postcodes;
pub mod professionals;
pub mod providers;
pub mod regions;
pub mod returns;
mod select;
pub mod settings;
pub mod sharing;
pub mod sufficiency;
pub mod support_packages;
pub mod testing;
pub mod users;
pub mod versions;
pub mod workforce;

/// Errors from the store. Services turn these into user-facing errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the row; carries the constraint (index) name when known.
    #[error("duplicate value ({0})")]
    Unique(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let Some(db) = e.as_database_error()
            && db.is_unique_violation()
        {
            let name = db.constraint().map(str::to_owned).unwrap_or_else(|| db.message().to_owned());
            return StoreError::Unique(name);
        }
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            other => StoreError::Db(other),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A connection pool for one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Db {
    Pg(PgPool),
    Sqlite(SqlitePool),
}

/// A transaction on either database. Every store function takes one.
pub enum Tx {
    Pg(sqlx::Transaction<'static, Postgres>),
    Sqlite(sqlx::Transaction<'static, Sqlite>),
}

/// The most ids bound in one `IN (…)` list; longer lists are read in chunks of this size.
pub(crate) const IN_CHUNK: usize = 100;

/// The placeholders of an `IN (…)` list of `n` values bound after `$1` (the council's code):
/// `$2, $3, …`. One text for both backends.
pub(crate) fn in_list(n: usize) -> String {
    in_list_from(2, n)
}

/// The placeholders of an `IN (…)` list of `n` values from `$first`.
pub(crate) fn in_list_from(first: usize, n: usize) -> String {
    (0..n).map(|i| format!("${}", i + first)).collect::<Vec<_>>().join(", ")
}

/// Run the same query body against whichever connection `$tx` holds. The body is compiled once per
/// backend, so binds and row types are checked for both.
#[macro_export]
macro_rules! on {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Pg(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

impl Db {
    /// Connect to `postgres://…` or `sqlite://path` (the file is created if missing).
    pub async fn connect(url: &str) -> Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
            Ok(Db::Pg(pool))
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            // SQLite has a single writer. One pooled connection serialises transactions instead
            // of failing them with SQLITE_BUSY when two try to upgrade to writers at once; the
            // embedded default is for evaluation and small installations (production is PostgreSQL).
            let pool = SqlitePoolOptions::new().max_connections(1).acquire_timeout(Duration::from_secs(30)).connect_with(opts).await?;
            Ok(Db::Sqlite(pool))
        } else {
            Err(StoreError::Db(sqlx::Error::Configuration("the database URL must start with postgres:// or sqlite://".into())))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Pg(_) => Backend::Postgres,
            Db::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Apply the forward-only migrations for this backend.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Pg(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
            Db::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
        }
        Ok(())
    }

    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Db::Pg(p) => Tx::Pg(p.begin().await?),
            Db::Sqlite(p) => Tx::Sqlite(p.begin().await?),
        })
    }

    /// A cheap round trip, for `/readyz`.
    pub async fn ping(&self) -> Result<()> {
        match self {
            Db::Pg(p) => sqlx::query("SELECT 1").execute(p).await.map(|_| ())?,
            Db::Sqlite(p) => sqlx::query("SELECT 1").execute(p).await.map(|_| ())?,
        }
        Ok(())
    }

    /// Refresh the planner's statistics. After a bulk load (the demo generator) the tables are
    /// many times larger than when their plans were chosen; where autovacuum is off or has not
    /// yet run, queries keep plans made for empty tables until this runs.
    pub async fn analyze(&self) -> Result<()> {
        match self {
            Db::Pg(p) => sqlx::query("ANALYZE").execute(p).await.map(|_| ())?,
            Db::Sqlite(p) => sqlx::query("ANALYZE").execute(p).await.map(|_| ())?,
        }
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Pg(p) => p.close().await,
            Db::Sqlite(p) => p.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Pg(t) => t.commit().await?,
            Tx::Sqlite(t) => t.commit().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Pg(_) => Backend::Postgres,
            Tx::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Register a council. Creates its audit chain head too.
pub async fn ensure_la(tx: &mut Tx, la_code: &str, now: chrono::DateTime<chrono::Utc>) -> Result<bool> {
    let inserted = on!(tx, c => sqlx::query("INSERT INTO las (la_code, created_at) VALUES ($1, $2) ON CONFLICT (la_code) DO NOTHING")
        .bind(la_code).bind(now).execute(c).await?.rows_affected());
    on!(tx, c => sqlx::query("INSERT INTO audit_heads (la_code, seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT (la_code) DO NOTHING")
        .bind(la_code).bind(ff_domain::audit::GENESIS_HASH).execute(c).await?.rows_affected());
    Ok(inserted > 0)
}

/// The councils in this database.
pub async fn list_las(tx: &mut Tx) -> Result<Vec<String>> {
    Ok(on!(tx, c => sqlx::query_scalar::<_, String>("SELECT la_code FROM las ORDER BY la_code").fetch_all(c).await?))
}
