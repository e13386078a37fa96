//! Fresh, migrated databases for tests: a temporary SQLite file by default, or a new PostgreSQL
//! database when `FF_TEST_DATABASE_URL` names a server (each test gets its own database, dropped
//! afterwards). The same test code therefore runs on both backends.

use crate::{Db, Result};

pub const PG_ENV: &str = "FF_TEST_DATABASE_URL";

pub struct TestDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    PgDatabase { admin_url: String, name: String },
}

impl TestDb {
    pub async fn new() -> Result<TestDb> {
        match std::env::var(PG_ENV) {
            Ok(admin_url) if !admin_url.is_empty() => Self::postgres(admin_url).await,
            _ => Self::sqlite().await,
        }
    }

    async fn sqlite() -> Result<TestDb> {
        let path = std::env::temp_dir().join(format!("ff-test-{}.db", uuid::Uuid::new_v4().simple()));
        let url = format!("sqlite://{}", path.display());
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(TestDb { db, url, cleanup: Cleanup::File(path) })
    }

    async fn postgres(admin_url: String) -> Result<TestDb> {
        let name = format!("ff_test_{}", uuid::Uuid::new_v4().simple());
        let admin = sqlx::PgPool::connect(&admin_url).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await?;
        admin.close().await;
        let url = replace_db_name(&admin_url, &name);
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(TestDb { db, url, cleanup: Cleanup::PgDatabase { admin_url, name } })
    }
}

/// Swap the database name at the end of a PostgreSQL URL (keeping any query string).
fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = &base[scheme_end..];
    let prefix = match host_part.find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{prefix}/{name}{query}")
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PgDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs outside async; use a throwaway runtime on its own thread.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
                    if let Ok(rt) = rt {
                        rt.block_on(async {
                            if let Ok(admin) = sqlx::PgPool::connect(&admin_url).await {
                                let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                                    .execute(&admin)
                                    .await;
                                admin.close().await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

/// Tables a request may change without changing any record: the audit trail (checked on its
/// own), sessions and tokens, sign-in attempts, and derived dashboard figures (the performance
/// dashboard's and the partnership's data set's).
const NOT_RECORDS: &[&str] = &[
    "audit_events",
    "audit_pending",
    "audit_heads",
    "sessions",
    "api_tokens",
    "login_attempts",
    "insight_snapshots",
    "data_set_snapshots",
];

/// What the records hold, in one number per table: its row count, plus the sum of `version` where
/// the table has one (so an update shows as well as an insert). Two equal fingerprints mean no
/// record was added or changed in between; the access-matrix tests take one around every call.
pub async fn fingerprint(db: &Db) -> Result<Vec<(String, i64)>> {
    use crate::Backend;
    let mut tx = db.begin().await?;
    let tables: Vec<(String, bool)> = match db.backend() {
        Backend::Postgres => crate::on!(&mut tx, c => sqlx::query_as(
            "SELECT t.table_name::text, EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' \
               AND c.table_name = t.table_name AND c.column_name = 'version') \
             FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_name NOT LIKE '\\_sqlx%' ORDER BY 1")
            .fetch_all(c).await?),
        Backend::Sqlite => crate::on!(&mut tx, c => sqlx::query_as(
            "SELECT m.name, EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'version') FROM sqlite_master m \
             WHERE m.type = 'table' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND m.name <> 'sqlite_sequence' ORDER BY 1")
            .fetch_all(c).await?),
    };
    let parts: Vec<String> = tables
        .iter()
        .filter(|(t, _)| !NOT_RECORDS.contains(&t.as_str()))
        .map(|(t, versioned)| {
            let n = if *versioned { "COUNT(*) + COALESCE(SUM(version), 0)" } else { "COUNT(*)" };
            format!("SELECT '{t}', CAST({n} AS BIGINT) FROM {t}")
        })
        .collect();
    let sql = parts.join(" UNION ALL ");
    Ok(crate::on!(&mut tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(c).await?))
}

#[cfg(test)]
mod tests {
    use super::replace_db_name;

    #[test]
    fn db_name_replaced() {
        assert_eq!(replace_db_name("postgres://postgres@127.0.0.1:5432/postgres", "x"), "postgres://postgres@127.0.0.1:5432/x");
        assert_eq!(replace_db_name("postgres://h/db?sslmode=disable", "x"), "postgres://h/x?sslmode=disable");
        assert_eq!(replace_db_name("postgres://h", "x"), "postgres://h/x");
    }
}
