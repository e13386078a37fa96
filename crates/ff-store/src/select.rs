//! Reading rows of any type the same way on both backends: by the council and one key, or for a
//! list of ids read in chunks. The caller writes the query; these only bind and fetch.

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use crate::{Result, Tx, on};

/// A row type both backends can read.
pub(crate) trait Row: for<'r> sqlx::FromRow<'r, PgRow> + for<'r> sqlx::FromRow<'r, SqliteRow> + Send + Unpin {}

impl<T> Row for T where T: for<'r> sqlx::FromRow<'r, PgRow> + for<'r> sqlx::FromRow<'r, SqliteRow> + Send + Unpin {}

/// The row `sql` finds, if any, with `$1` the council and `$2` the key.
pub(crate) async fn one<T: Row>(tx: &mut Tx, sql: &str, la: &str, key: Uuid) -> Result<Option<T>> {
    Ok(on!(tx, c => sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql)).bind(la).bind(key).fetch_optional(c).await?))
}

/// Every row `sql` finds, with `$1` the council and `$2` the key.
pub(crate) async fn all<T: Row>(tx: &mut Tx, sql: &str, la: &str, key: Uuid) -> Result<Vec<T>> {
    Ok(on!(tx, c => sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql)).bind(la).bind(key).fetch_all(c).await?))
}

/// Every row for a list of ids, read in chunks of [`crate::IN_CHUNK`]: `sql` is given the
/// placeholders of one chunk (`$2, $3, …`) for its `IN (…)` list, and `$1` is the council.
pub(crate) async fn for_ids<T: Row>(tx: &mut Tx, la: &str, ids: &[Uuid], sql: impl Fn(&str) -> String) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(crate::IN_CHUNK) {
        let text = sql(&crate::in_list(chunk.len()));
        let rows = on!(tx, c => {
            let mut q = sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(text.clone())).bind(la);
            for id in chunk {
                q = q.bind(*id);
            }
            q.fetch_all(c).await?
        });
        out.extend(rows);
    }
    Ok(out)
}
