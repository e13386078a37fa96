//! ARCHITECTURE.md's storage invariants, checked against the schema the migrations build (on
//! whichever backend the suite runs) and against the source of the other crates, so a new table
//! or a query written in the wrong place fails here.

use ff_store::{Backend, on};

use super::setup;

/// Tables that are not a council's: public reference data the same for every council (the bank
/// holidays, Ofsted's provider register, the ONS postcode directory).
const PUBLIC: [&str; 3] = ["bank_holidays", "providers", "postcodes"];

/// Tables keyed by something other than the council, each with its reason: a session or an API
/// token by the hash of its secret (the row still carries the council), a failed sign-in before
/// anyone knows the council (the throttle counts by user name and client), the audit queue by its
/// sequence (each event carries its council, and the sealer links it into that council's chain).
const KEYED_OTHERWISE: [&str; 4] = ["sessions", "api_tokens", "login_attempts", "audit_pending"];

/// Tables whose rows may be deleted, each with its reason: sign-in state (sessions, tokens and the
/// throttle's attempts, which are no record of a child), the audit queue (the sealer deletes
/// exactly the events it has sealed into `audit_events`, in the same transaction), the chain head
/// (one row per council, moved on by the sealer), the dashboard's derived figures (pruned, never
/// a record, the performance dashboard's and the partnership's data set's), and a team's current
/// members (every change is kept in `team_member_history`).
const MAY_DELETE: [&str; 8] =
    ["sessions", "api_tokens", "login_attempts", "audit_pending", "audit_heads", "insight_snapshots", "data_set_snapshots", "team_members"];

/// Every table, and the first column of its primary key (`None` for a table without one).
async fn tables_and_first_key_column(db: &ff_store::Db) -> Vec<(String, Option<String>)> {
    let mut tx = db.begin().await.unwrap();
    let rows: Vec<(String, Option<String>)> = match db.backend() {
        Backend::Postgres => on!(&mut tx, c => sqlx::query_as(
            "SELECT t.table_name::text, (SELECT k.column_name::text FROM information_schema.table_constraints tc \
               JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema \
               WHERE tc.table_schema = 'public' AND tc.table_name = t.table_name AND tc.constraint_type = 'PRIMARY KEY' AND k.ordinal_position = 1) \
             FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name NOT LIKE '\\_sqlx%'")
            .fetch_all(&mut *c).await.unwrap()),
        Backend::Sqlite => on!(&mut tx, c => sqlx::query_as(
            "SELECT m.name, (SELECT p.name FROM pragma_table_info(m.name) p WHERE p.pk = 1) FROM sqlite_master m \
             WHERE m.type = 'table' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND m.name <> 'sqlite_sequence'")
            .fetch_all(&mut *c).await.unwrap()),
    };
    assert!(rows.len() > 50, "the schema was read: {} tables", rows.len());
    rows
}

/// Every table with a trigger that refuses DELETE.
async fn tables_refusing_delete(db: &ff_store::Db) -> Vec<String> {
    let mut tx = db.begin().await.unwrap();
    match db.backend() {
        Backend::Postgres => on!(&mut tx, c => sqlx::query_scalar(
            "SELECT DISTINCT event_object_table::text FROM information_schema.triggers \
             WHERE trigger_schema = 'public' AND action_timing = 'BEFORE' AND event_manipulation = 'DELETE' \
               AND action_statement LIKE '%ff_refuse_change%'")
            .fetch_all(&mut *c).await.unwrap()),
        Backend::Sqlite => on!(&mut tx, c => sqlx::query_scalar(
            "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' \
             AND upper(sql) LIKE '%BEFORE DELETE%' AND upper(sql) LIKE '%RAISE(ABORT%'")
            .fetch_all(&mut *c).await.unwrap()),
    }
}

/// "Every council-owned row carries `la_code` as the first column of its primary key."
#[tokio::test]
async fn every_council_row_is_keyed_by_its_council_first() {
    let t = setup().await;
    let wrong: Vec<String> = tables_and_first_key_column(&t.db)
        .await
        .into_iter()
        .filter(|(table, _)| !PUBLIC.contains(&table.as_str()) && !KEYED_OTHERWISE.contains(&table.as_str()))
        .filter(|(_, first)| first.as_deref() != Some("la_code"))
        .map(|(table, first)| format!("{table} (key starts with {first:?})"))
        .collect();
    assert!(wrong.is_empty(), "tables whose key does not start with la_code: {wrong:?}");
}

/// "No case record is hard-deleted (database triggers refuse DELETE)": every table has the
/// trigger unless it is named in `MAY_DELETE` with its reason; and the trigger really refuses.
#[tokio::test]
async fn no_case_record_can_be_deleted() {
    let t = setup().await;
    let refusing = tables_refusing_delete(&t.db).await;
    let unguarded: Vec<String> = tables_and_first_key_column(&t.db)
        .await
        .into_iter()
        .map(|(table, _)| table)
        .filter(|table| !MAY_DELETE.contains(&table.as_str()) && !refusing.contains(table))
        .collect();
    assert!(unguarded.is_empty(), "tables a DELETE would empty: {unguarded:?}");
    // The list of exceptions holds no table that is guarded anyway (it stays exact).
    for table in MAY_DELETE {
        assert!(!refusing.iter().any(|r| r == table), "{table} refuses DELETE: take it off MAY_DELETE");
    }
    // One of the tables guarded by the newest migration, tried: the council's row stays.
    let mut tx = t.db.begin().await.unwrap();
    let deleted = on!(&mut tx, c => sqlx::query("DELETE FROM las WHERE la_code = '201'").execute(&mut *c).await.map(|_| ()));
    assert!(deleted.is_err(), "deleting a council was refused");
}

/// "Only `ff-store` contains SQL": no other crate's product code holds a query.
#[test]
fn only_the_store_contains_sql() {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let patterns = ["sqlx::query", "SELECT ", "INSERT INTO ", "DELETE FROM ", " WHERE la_code"];
    let mut found = vec![];
    let mut read = 0;
    for entry in std::fs::read_dir(&crates).unwrap() {
        let dir = entry.unwrap().path();
        if dir.file_name().is_some_and(|n| n == "ff-store") {
            continue;
        }
        let mut stack = vec![dir.join("src")];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else { continue };
            for e in entries {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    read += 1;
                    let text = std::fs::read_to_string(&p).unwrap();
                    for (n, line) in text.lines().enumerate() {
                        let code = line.split("//").next().unwrap_or("");
                        let update = code.contains("UPDATE ") && code.contains(" SET ");
                        if update || patterns.iter().any(|pat| code.contains(pat)) {
                            found.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
    }
    assert!(read > 100, "the other crates' source was read: {read} files");
    assert!(found.is_empty(), "SQL outside ff-store:\n{}", found.join("\n"));
}
