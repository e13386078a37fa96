//! The store contract suite. Every test runs on the backend `TestDb` picks: SQLite by default,
//! PostgreSQL when FF_TEST_DATABASE_URL is set (CI runs both).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ff_domain::audit::ChainCheck;
use ff_store::audit::NewAuditEvent;
use ff_store::people::PersonRow;
use ff_store::testing::TestDb;
use ff_store::{Backend, Db, on};
use uuid::Uuid;

mod invariants;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

async fn setup() -> TestDb {
    let t = TestDb::new().await.expect("test database");
    let mut tx = t.db.begin().await.unwrap();
    ff_store::ensure_la(&mut tx, "990", now()).await.unwrap();
    ff_store::ensure_la(&mut tx, "201", now()).await.unwrap();
    tx.commit().await.unwrap();
    t
}

fn person(la: &str, given: &str, family: &str, nhs: Option<&str>) -> PersonRow {
    PersonRow {
        la_code: la.into(),
        id: Uuid::new_v4(),
        given_name: given.into(),
        family_name: family.into(),
        other_names: None,
        date_of_birth: NaiveDate::from_ymd_opt(2019, 3, 27),
        expected_date_of_birth: None,
        sex: ff_domain::people::Sex::Female,
        ethnicity: None,
        nhs_number: nhs.map(str::to_owned),
        nhs_number_verified: false,
        merged_into: None,
        version: 1,
        created_at: now(),
        created_by: None,
        updated_at: now(),
        updated_by: None,
        upn: None,
    }
}

async fn insert(db: &Db, p: &PersonRow) -> Result<(), ff_store::StoreError> {
    let mut tx = db.begin().await?;
    ff_store::people::insert_person(&mut tx, p).await?;
    tx.commit().await
}

async fn append(db: &Db, n: usize) {
    for i in 0..n {
        let mut tx = db.begin().await.unwrap();
        let e = NewAuditEvent {
            la_code: "990",
            actor_id: None,
            actor_role: "system",
            action: "test",
            record_type: "person",
            record_id: Some(i.to_string()),
            summary: format!("event {i}"),
        };
        ff_store::audit::append(&mut tx, now() + chrono::Duration::seconds(i as i64), e).await.unwrap();
        tx.commit().await.unwrap();
    }
}

/// Run raw SQL as a database owner would, outside the application's rules.
async fn raw(db: &Db, sql: &'static str) -> Result<u64, sqlx::Error> {
    Ok(match db {
        Db::Pg(p) => sqlx::query(sql).execute(p).await?.rows_affected(),
        Db::Sqlite(p) => sqlx::query(sql).execute(p).await?.rows_affected(),
    })
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let t = setup().await;
    t.db.migrate().await.expect("running migrations again is a no-op");
}

#[tokio::test]
async fn people_are_never_hard_deleted() {
    let t = setup().await;
    insert(&t.db, &person("990", "Amelia", "Hart", None)).await.unwrap();
    let err = raw(&t.db, "DELETE FROM people").await.expect_err("delete must be refused");
    assert!(err.to_string().contains("never deleted"), "{err}");
}

#[tokio::test]
async fn audit_events_are_append_only_and_tampering_is_detected() {
    let t = setup().await;
    append(&t.db, 5).await;
    // Written, visible in the record's access log, and not yet in the chain.
    let mut tx = t.db.begin().await.unwrap();
    let listed = ff_store::audit::events_for_record(&mut tx, "990", "person", "3", 10).await.unwrap();
    assert_eq!((listed.len(), listed[0].seq), (1, None));
    assert_eq!(ff_store::audit::count_events(&mut tx, "990").await.unwrap(), 5);
    drop(tx);
    assert!(raw(&t.db, "UPDATE audit_pending SET summary = 'x'").await.is_err(), "a pending event is never changed");
    assert_eq!(ff_store::audit::verify_all(&t.db).await.unwrap()[1], ChainCheck::Intact { la_code: "990".into(), events: 0 });
    assert_eq!(ff_store::audit::pending_counts(&t.db).await.unwrap(), vec![("990".to_owned(), 5)]);
    // Sealed in batches of two: the chain holds all five, in the order they were written.
    assert_eq!(ff_store::audit::seal_pending(&t.db, 2).await.unwrap(), 5);
    assert!(ff_store::audit::pending_counts(&t.db).await.unwrap().is_empty());
    assert_eq!(ff_store::audit::verify_all(&t.db).await.unwrap()[1], ChainCheck::Intact { la_code: "990".into(), events: 5 });
    let mut tx = t.db.begin().await.unwrap();
    let listed = ff_store::audit::events_for_record(&mut tx, "990", "person", "3", 10).await.unwrap();
    assert_eq!((listed.len(), listed[0].seq, listed[0].summary.as_str()), (1, Some(4), "event 3"));
    drop(tx);
    assert!(raw(&t.db, "UPDATE audit_events SET summary = 'x' WHERE seq = 3").await.is_err(), "the trigger refuses edits");
    assert!(raw(&t.db, "DELETE FROM audit_events WHERE seq = 3").await.is_err(), "and deletions");

    // Someone with owner rights switches the guard off and edits a row behind the application's back.
    match t.db.backend() {
        Backend::Postgres => {
            raw(&t.db, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only").await.unwrap();
        }
        Backend::Sqlite => {
            raw(&t.db, "DROP TRIGGER audit_events_no_update").await.unwrap();
        }
    }
    raw(&t.db, "UPDATE audit_events SET summary = 'nothing to see' WHERE la_code = '990' AND seq = 3").await.unwrap();
    let checks = ff_store::audit::verify_all(&t.db).await.unwrap();
    match &checks[1] {
        ChainCheck::Broken { la_code, seq, problem } => {
            assert_eq!((la_code.as_str(), *seq), ("990", 3));
            assert!(problem.contains("altered"), "{problem}");
        }
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

#[tokio::test]
async fn a_removed_audit_event_is_detected() {
    let t = setup().await;
    append(&t.db, 4).await;
    ff_store::audit::seal_pending(&t.db, 100).await.unwrap();
    match t.db.backend() {
        Backend::Postgres => raw(&t.db, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only").await.unwrap(),
        Backend::Sqlite => raw(&t.db, "DROP TRIGGER audit_events_no_delete").await.unwrap(),
    };
    raw(&t.db, "DELETE FROM audit_events WHERE la_code = '990' AND seq = 2").await.unwrap();
    let checks = ff_store::audit::verify_all(&t.db).await.unwrap();
    assert!(matches!(&checks[1], ChainCheck::Broken { seq: 2, .. }), "{checks:?}");
}

#[tokio::test]
async fn concurrent_appends_keep_one_chain() {
    let t = setup().await;
    let mut tasks = vec![];
    for _ in 0..4 {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move { append(&db, 10).await }));
    }
    // Two sealers racing the writers and each other still make one chain with every event once.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut sealers = vec![];
    for _ in 0..2 {
        let (db, done) = (t.db.clone(), done.clone());
        sealers.push(tokio::spawn(async move {
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                ff_store::audit::seal_pending(&db, 3).await.unwrap();
                tokio::task::yield_now().await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    for s in sealers {
        s.await.unwrap();
    }
    ff_store::audit::seal_pending(&t.db, 1000).await.unwrap();
    let checks = ff_store::audit::verify_all(&t.db).await.unwrap();
    assert_eq!(checks[1], ChainCheck::Intact { la_code: "990".into(), events: 40 });
}

#[tokio::test]
async fn stale_updates_write_nothing() {
    let t = setup().await;
    let mut p = person("990", "Amelia", "Hart", None);
    insert(&t.db, &p).await.unwrap();
    p.given_name = "Amelie".into();
    p.version = 2;
    let mut tx = t.db.begin().await.unwrap();
    assert!(ff_store::people::update_person(&mut tx, &p, 1).await.unwrap());
    p.given_name = "Emily".into();
    p.version = 2;
    assert!(!ff_store::people::update_person(&mut tx, &p, 1).await.unwrap(), "version 1 is stale now");
    let stored = ff_store::people::get_person(&mut tx, "990", p.id).await.unwrap().unwrap();
    assert_eq!((stored.given_name.as_str(), stored.version), ("Amelie", 2));
}

#[tokio::test]
async fn nhs_number_unique_per_council_among_active_records() {
    let t = setup().await;
    insert(&t.db, &person("990", "Amelia", "Hart", Some("9434765919"))).await.unwrap();
    let err = insert(&t.db, &person("990", "Amy", "Hart", Some("9434765919"))).await.unwrap_err();
    assert!(matches!(err, ff_store::StoreError::Unique(_)), "{err:?}");
    // Another council may hold its own record for the same child.
    insert(&t.db, &person("201", "Amelia", "Hart", Some("9434765919"))).await.unwrap();
}

#[tokio::test]
async fn name_search_uses_prefixes_and_escapes_wildcards() {
    let t = setup().await;
    for (g, f) in [("Amelia", "Hart"), ("Amir", "Hussain"), ("Zoe", "Hartley"), ("Noah", "O'Brien")] {
        insert(&t.db, &person("990", g, f, None)).await.unwrap();
    }
    insert(&t.db, &person("201", "Amelia", "Hart", None)).await.unwrap();
    let mut tx = t.db.begin().await.unwrap();
    let names = |rows: Vec<PersonRow>| rows.into_iter().map(|p| format!("{} {}", p.given_name, p.family_name)).collect::<Vec<_>>();
    let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        names(ff_store::people::search_by_name(&mut tx, "990", &w(&["hart"]), 10, 0).await.unwrap()),
        vec!["Amelia Hart", "Zoe Hartley"]
    );
    assert_eq!(
        names(ff_store::people::search_by_name(&mut tx, "990", &w(&["am", "h"]), 10, 0).await.unwrap()),
        vec!["Amelia Hart", "Amir Hussain"]
    );
    assert_eq!(names(ff_store::people::search_by_name(&mut tx, "990", &w(&["hart", "amelia"]), 10, 0).await.unwrap()), vec!["Amelia Hart"]);
    assert_eq!(names(ff_store::people::search_by_name(&mut tx, "990", &w(&["o", "brien"]), 10, 0).await.unwrap()), vec!["Noah O'Brien"]);
    assert_eq!(names(ff_store::people::search_by_name(&mut tx, "990", &w(&["noah", "o"]), 10, 0).await.unwrap()), vec!["Noah O'Brien"]);
    assert_eq!(names(ff_store::people::search_by_name(&mut tx, "990", &w(&["brien"]), 10, 0).await.unwrap()), Vec::<String>::new());
    assert!(ff_store::people::search_by_name(&mut tx, "990", &w(&["%"]), 10, 0).await.unwrap().is_empty(), "% is a literal");
    assert_eq!(ff_store::people::search_by_name(&mut tx, "990", &w(&["a"]), 1, 1).await.unwrap().len(), 1, "pagination");
}

#[tokio::test]
async fn settings_versions_cannot_be_written_twice() {
    let t = setup().await;
    let s = ff_domain::settings::LaSettings::default_for("Northmoor Council");
    let mut tx = t.db.begin().await.unwrap();
    ff_store::settings::insert(&mut tx, "990", 1, &s, None, now()).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = t.db.begin().await.unwrap();
    assert!(matches!(ff_store::settings::insert(&mut tx, "990", 1, &s, None, now()).await, Err(ff_store::StoreError::Unique(_))));
    drop(tx);
    let mut tx = t.db.begin().await.unwrap();
    assert_eq!(ff_store::settings::current(&mut tx, "990").await.unwrap().unwrap().settings, s);
}

/// Table and column names match between the two migration folders.
#[tokio::test]
async fn schema_parity_between_backends() {
    /// (table, column, declared type, nullable)
    type ColumnRow = (String, String, String, bool);
    /// (table, columns, unique, partial)
    type IndexRow = (String, String, bool, bool);
    let t = setup().await;
    let mut tx = t.db.begin().await.unwrap();
    // Each backend describes its schema in the same words: every column with its kind (SQLite
    // keeps ids as BLOB where PostgreSQL has uuid, and dates, instants and JSON as TEXT) and
    // whether it may be NULL; every index other than a primary key by its columns, uniqueness and
    // whether it is partial; every trigger by its table, timing and event.
    let (columns, indexes, triggers): (Vec<ColumnRow>, Vec<IndexRow>, Vec<(String, String)>) = match t.db.backend() {
        Backend::Postgres => on!(&mut tx, c => {
            let columns = sqlx::query_as(
                "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'YES' FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'")
                .fetch_all(&mut *c).await.unwrap();
            let indexes = sqlx::query_as(
                "SELECT t.relname::text, array_to_string(ARRAY(SELECT COALESCE(a.attname::text, 'expr') FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) \
                   LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ','), ix.indisunique, ix.indpred IS NOT NULL \
                 FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid \
                 JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relname NOT LIKE '\\_sqlx%' AND NOT ix.indisprimary")
                .fetch_all(&mut *c).await.unwrap();
            let triggers = sqlx::query_as(
                "SELECT event_object_table::text, action_timing::text || ' ' || event_manipulation::text FROM information_schema.triggers \
                 WHERE trigger_schema = 'public'")
                .fetch_all(&mut *c).await.unwrap();
            (columns, indexes, triggers)
        }),
        Backend::Sqlite => on!(&mut tx, c => {
            let columns = sqlx::query_as(
                "SELECT m.name, p.name, p.type, p.\"notnull\" = 0 AND p.pk = 0 FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND m.name <> 'sqlite_sequence'")
                .fetch_all(&mut *c).await.unwrap();
            let indexes = sqlx::query_as(
                "SELECT m.name, (SELECT group_concat(COALESCE(ii.name, 'expr'), ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno) ii), \
                   il.\"unique\" = 1, il.partial = 1 \
                 FROM sqlite_master m JOIN pragma_index_list(m.name) il \
                 WHERE m.type = 'table' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND il.origin <> 'pk'")
                .fetch_all(&mut *c).await.unwrap();
            let sql: Vec<(String, String)> = sqlx::query_as("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
                .fetch_all(&mut *c).await.unwrap();
            let triggers = sql
                .into_iter()
                .map(|(table, sql)| {
                    let words: Vec<String> = sql.split_whitespace().map(str::to_uppercase).collect();
                    let at = words.iter().position(|w| w == "BEFORE" || w == "AFTER").expect("trigger timing");
                    (table, format!("{} {}", words[at], words[at + 1]))
                })
                .collect();
            (columns, indexes, triggers)
        }),
    };
    drop(tx);
    let kind = |declared: &str| match declared.to_lowercase().as_str() {
        // SQLite keeps ids and bytes alike as BLOB, so PostgreSQL's bytea compares as one too.
        "uuid" | "blob" | "bytea" => "id",
        "text" | "date" | "time without time zone" | "timestamp with time zone" | "jsonb" => "text",
        "integer" | "bigint" | "smallint" => "integer",
        "boolean" => "boolean",
        "double precision" | "real" => "real",
        other => panic!("a column type the parity test does not know: {other}"),
    };
    let mut actual: Vec<String> = columns
        .iter()
        .map(|(t, c, ty, nullable)| format!("column {t}.{c} {}{}", kind(ty), if *nullable { " null" } else { "" }))
        .chain(indexes.iter().map(|(t, cols, unique, partial)| {
            format!("index {t} ({cols}){}{}", if *unique { " unique" } else { "" }, if *partial { " partial" } else { "" })
        }))
        .chain(triggers.iter().map(|(t, when)| format!("trigger {t} {when}")))
        .collect();
    actual.sort();
    actual.dedup();
    // Both CI runs (SQLite and PostgreSQL) compare with the same list, so the two migration
    // folders cannot drift apart. A migration updates tests/store/schema.txt (docs/migrations.md).
    let expected: Vec<String> = include_str!("schema.txt").lines().filter(|l| !l.is_empty()).map(str::to_owned).collect();
    if std::env::var("FF_WRITE_SCHEMA").is_ok() {
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/store/schema.txt"), actual.join("\n") + "\n").unwrap();
    }
    let missing: Vec<&String> = expected.iter().filter(|l| !actual.contains(l)).collect();
    let extra: Vec<&String> = actual.iter().filter(|l| !expected.contains(l)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the {:?} schema differs from tests/store/schema.txt:\nnot in the database: {missing:#?}\nnot in the file: {extra:#?}",
        t.db.backend()
    );
}

/// Support packages: the request is versioned, items and payments are never
/// rewritten, nothing is deleted; a child's packages come back whole and the year's budget
/// figures count only the year's decisions and payments.
#[tokio::test]
async fn support_packages_ledger_and_budget_figures() {
    use ff_domain::support_packages::{ItemCategory, PackageStatus};
    use ff_store::support_packages::{self as sp, ItemRow, PackageRow, PaymentRow};
    let t = setup().await;
    let child = person("990", "Amelia", "Hart", None);
    insert(&t.db, &child).await.unwrap();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let package = |status: PackageStatus, total: i64, decided_on: Option<NaiveDate>| PackageRow {
        id: Uuid::new_v4(),
        child_id: child.id,
        fgdm_id: None,
        status,
        purpose: "Keep the children at home with their grandmother".into(),
        requested_on: d(2026, 5, 1),
        requested_by: Uuid::nil(),
        no_network_reason: Some("No relatives or friends were identified".into()),
        review_on: None,
        decided_by: decided_on.map(|_| Uuid::nil()),
        decided_on,
        decision_note: None,
        closed_on: None,
        close_note: None,
        total_pence: total,
        version: 1,
        created_at: now(),
    };
    let payment = |package_id, paid_on, amount_pence| PaymentRow {
        id: Uuid::new_v4(),
        package_id,
        paid_on,
        amount_pence,
        payee: "Northmoor Beds Ltd".into(),
        reference: None,
        recorded_by: Uuid::nil(),
        created_at: now(),
    };
    // Approved this year (2026/27), paid partly this year and partly next.
    let a = package(PackageStatus::Approved, 60_000, Some(d(2026, 6, 1)));
    // Approved this year, then closed: counts as approved, commits nothing.
    let b = package(PackageStatus::Closed, 20_000, Some(d(2026, 7, 1)));
    // Approved last year, paid this year: spent this year, not committed this year.
    let c = package(PackageStatus::Approved, 30_000, Some(d(2026, 3, 20)));
    let pending = package(PackageStatus::Requested, 15_000, None);
    let declined = package(PackageStatus::Declined, 99_000, Some(d(2026, 8, 1)));
    let mut tx = t.db.begin().await.unwrap();
    for p in [&a, &b, &c, &pending, &declined] {
        sp::insert_package(&mut tx, "990", p).await.unwrap();
    }
    for (i, cost) in [40_000, 20_000].into_iter().enumerate() {
        let item = ItemRow {
            id: Uuid::new_v4(),
            package_id: a.id,
            position: i as i32 + 1,
            category: ItemCategory::CarerEssentials,
            description: format!("item {i}"),
            cost_pence: cost,
        };
        sp::insert_item(&mut tx, "990", &item).await.unwrap();
    }
    sp::insert_payment(&mut tx, "990", &payment(a.id, d(2026, 6, 10), 25_000)).await.unwrap();
    sp::insert_payment(&mut tx, "990", &payment(a.id, d(2027, 4, 2), 5_000)).await.unwrap();
    sp::insert_payment(&mut tx, "990", &payment(b.id, d(2026, 7, 5), 10_000)).await.unwrap();
    sp::insert_payment(&mut tx, "990", &payment(c.id, d(2026, 4, 1), 30_000)).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = t.db.begin().await.unwrap();
    let mine = sp::for_child(&mut tx, "990", child.id).await.unwrap();
    assert_eq!((mine.packages.len(), mine.items.len(), mine.payments.len()), (5, 2, 4));
    assert_eq!(mine.items.iter().map(|i| i.position).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(sp::paid_to_date(&mut tx, "990", a.id).await.unwrap(), 30_000);
    let f = sp::budget_figures(&mut tx, "990", d(2026, 4, 1), d(2027, 3, 31)).await.unwrap();
    assert_eq!(
        f,
        sp::BudgetRow {
            requested_count: 1,
            requested_pence: 15_000,
            approved_count: 2,
            approved_pence: 80_000,
            declined_count: 1,
            open_approved_pence: 60_000,
            open_approved_paid_pence: 30_000,
            payment_count: 3,
            spent_pence: 65_000,
        }
    );
    let facts = sp::eligibility_facts(&mut tx, "990", child.id).await.unwrap();
    assert_eq!((facts.open_episodes, facts.open_child_protection, facts.latest_held_fgdm), (0, 0, None));

    // A stale decision writes nothing.
    let mut decided = pending.clone();
    decided.status = PackageStatus::Approved;
    decided.version = 2;
    assert!(sp::update_package(&mut tx, "990", &decided, 1).await.unwrap());
    assert!(!sp::update_package(&mut tx, "990", &decided, 1).await.unwrap(), "version 1 is stale now");
    tx.commit().await.unwrap();

    for sql in [
        "DELETE FROM support_packages",
        "UPDATE package_items SET cost_pence = 1",
        "DELETE FROM package_items",
        "UPDATE package_payments SET amount_pence = 1",
        "DELETE FROM package_payments",
    ] {
        let err = raw(&t.db, sql).await.expect_err(sql);
        assert!(err.to_string().contains("never deleted or rewritten"), "{sql}: {err}");
    }
}

/// A case note is changed only at the version it was read at, keeps its writer,
/// child and agency whatever SQL is run, and is never deleted; notes come back in the order they
/// happened (a timed note before an untimed one on the same day, on both databases).
#[tokio::test]
async fn case_notes_keep_their_writer_and_are_never_deleted() {
    use ff_store::case_notes::{NoteRow, get_note, insert_note, notes_of_child, update_note};
    let t = setup().await;
    let child = person("990", "Nia", "Hart", None);
    insert(&t.db, &child).await.unwrap();
    let note = |on: u32, time: Option<(u32, u32)>, text: &str| NoteRow {
        id: Uuid::new_v4(),
        child_id: child.id,
        agency: ff_domain::roles::Agency::LocalAuthority,
        kind: ff_domain::case_notes::NoteKind::HomeVisit,
        occurred_on: NaiveDate::from_ymd_opt(2026, 11, on).unwrap(),
        occurred_time: time.and_then(|(h, m)| chrono::NaiveTime::from_hms_opt(h, m, 0)),
        source_type: ff_domain::child_protection::SourceType::ProfessionalObservation,
        people_present: String::new(),
        note: text.into(),
        child_voice: String::new(),
        decisions: String::new(),
        actions: String::new(),
        significant: false,
        visibility: ff_domain::case_notes::Visibility::Partners,
        corroborates_id: None,
        recorded_by: Uuid::new_v4(),
        created_at: now(),
        version: 1,
        edited_at: None,
        edited_by: None,
    };
    let untimed = note(20, None, "untimed");
    let late = note(20, Some((16, 30)), "late");
    let early = note(20, Some((9, 5)), "early");
    let before = note(19, None, "the day before");
    let mut tx = t.db.begin().await.unwrap();
    for n in [&untimed, &late, &early, &before] {
        insert_note(&mut tx, "990", n).await.unwrap();
    }
    let order: Vec<String> = notes_of_child(&mut tx, "990", child.id).await.unwrap().into_iter().map(|n| n.note).collect();
    assert_eq!(order, ["the day before", "early", "late", "untimed"]);

    let mut edited = early.clone();
    edited.note = "early, corrected".into();
    edited.significant = true;
    assert!(update_note(&mut tx, "990", &edited, 1).await.unwrap());
    assert!(!update_note(&mut tx, "990", &edited, 1).await.unwrap(), "a stale version writes nothing");
    let stored = get_note(&mut tx, "990", early.id).await.unwrap().unwrap();
    assert_eq!((stored.version, stored.note.as_str(), stored.significant), (2, "early, corrected", true));
    assert_eq!(stored.occurred_time, early.occurred_time);
    tx.commit().await.unwrap();

    let err = raw(&t.db, "UPDATE case_notes SET recorded_by = child_id, version = version + 1").await.expect_err("writer is kept");
    assert!(err.to_string().contains("keeps its writer"), "{err}");
    let err = raw(&t.db, "UPDATE case_notes SET note = 'rewritten'").await.expect_err("each edit is a new version");
    assert!(err.to_string().contains("new version"), "{err}");
    let err = raw(&t.db, "DELETE FROM case_notes").await.expect_err("notes are never deleted");
    assert!(err.to_string().contains("not allowed"), "{err}");
}

/// D-3: a document's record is never deleted and its file is never changed
/// or removed, whatever SQL is run.
#[tokio::test]
async fn documents_and_their_files_are_never_changed_or_removed() {
    use ff_store::documents::{DocumentRow, content, insert_content, withdraw};
    let t = setup().await;
    let child = person("990", "Dee", "Hart", None);
    insert(&t.db, &child).await.unwrap();
    let d = DocumentRow {
        id: Uuid::new_v4(),
        child_id: child.id,
        agency: ff_domain::roles::Agency::LocalAuthority,
        category: ff_domain::documents::DocumentCategory::Letter,
        title: "A letter".into(),
        description: String::new(),
        document_date: None,
        filename: "letter.txt".into(),
        file_type: ff_domain::documents::FileType::Text,
        size_bytes: 5,
        sha256: "x".into(),
        storage: "database".into(),
        visibility: ff_domain::case_notes::Visibility::Partners,
        withdrawn_at: None,
        withdrawn_by: None,
        withdrawn_reason: None,
        version: 1,
        created_at: now(),
        created_by: Uuid::new_v4(),
    };
    let mut tx = t.db.begin().await.unwrap();
    ff_store::documents::insert(&mut tx, "990", &d).await.unwrap();
    insert_content(&mut tx, "990", d.id, b"hello").await.unwrap();
    assert!(withdraw(&mut tx, "990", d.id, Uuid::new_v4(), now(), "wrong child", 1).await.unwrap());
    assert!(!withdraw(&mut tx, "990", d.id, Uuid::new_v4(), now(), "again", 2).await.unwrap(), "withdrawn once");
    assert_eq!(content(&mut tx, "990", d.id).await.unwrap().as_deref(), Some(&b"hello"[..]));
    tx.commit().await.unwrap();
    for sql in ["UPDATE document_contents SET content = content", "DELETE FROM document_contents", "DELETE FROM documents"] {
        let err = raw(&t.db, sql).await.expect_err(sql);
        assert!(err.to_string().contains("not allowed"), "{sql}: {err}");
    }
}

/// The postcode directory (decision 0019): a chunk of postcodes is written in statements of a
/// few hundred rows, a second load replaces the facts it changes and names itself on them, many
/// postcodes are looked up at once, and nothing is ever deleted. One directory per database: the
/// loads are the loading council's.
#[tokio::test]
async fn postcodes_are_upserted_in_chunks_and_looked_up_many_at_once() {
    use ff_store::postcodes::{PostcodeLoadRow, PostcodeRow, count, get_load, insert_load, is_empty, latest_load, loads, lookup, upsert};
    let t = setup().await;
    let (first, second, by) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let row = |postcode: String, easting: i32, la: Option<&str>, load_id: Uuid| PostcodeRow {
        postcode,
        easting: Some(easting),
        northing: Some(425_000),
        la_code: la.map(str::to_owned),
        terminated: None,
        load_id,
    };
    // 1,203 postcodes: more than one statement's worth, and an odd remainder.
    let rows: Vec<PostcodeRow> =
        (0..1_203).map(|i| row(format!("NM{} {}AB", 1 + i / 10, i % 10), 380_000 + i, Some("990"), first)).collect();
    let mut tx = t.db.begin().await.unwrap();
    assert!(is_empty(&mut tx).await.unwrap() && latest_load(&mut tx).await.unwrap().is_none());
    upsert(&mut tx, &rows).await.unwrap();
    assert_eq!(count(&mut tx).await.unwrap(), 1_203);
    assert!(!is_empty(&mut tx).await.unwrap());
    // A second load: one postcode moves council, one is new; the rest are not written again.
    let changed = vec![row("NM1 0AB".into(), 380_000, Some("909"), second), row("NM999 9ZZ".into(), 300_000, None, second)];
    upsert(&mut tx, &changed).await.unwrap();
    assert_eq!(count(&mut tx).await.unwrap(), 1_204);
    let keys: Vec<String> = rows.iter().map(|r| r.postcode.clone()).chain(["NM999 9ZZ".into(), "XX1 1XX".into()]).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let found = lookup(&mut tx, &keys).await.unwrap();
    assert_eq!(found.len(), 1_204, "every postcode held, in chunks, and none that is not");
    let one = |p: &str| found.iter().find(|r| r.postcode == p).unwrap().clone();
    assert_eq!((one("NM1 0AB").la_code.as_deref(), one("NM1 0AB").load_id), (Some("909"), second));
    assert_eq!((one("NM1 1AB").la_code.as_deref(), one("NM1 1AB").load_id), (Some("990"), first));
    assert!(one("NM1 1AB").same_facts(&rows[1]));
    assert_eq!(one("NM999 9ZZ").entry().la, None);
    assert!(lookup(&mut tx, &[]).await.unwrap().is_empty());
    // The loads are the council's.
    let load = PostcodeLoadRow {
        id: second,
        file_name: "NSPL.csv".into(),
        checksum: "ab".repeat(32),
        rows_read: 3,
        added: 1,
        changed: 1,
        unchanged: 0,
        unreadable: 1,
        problems: "Line 4: \"X\" is not a postcode".into(),
        loaded_at: now(),
        loaded_by: by,
    };
    insert_load(&mut tx, "990", &load).await.unwrap();
    assert_eq!(get_load(&mut tx, "990", second).await.unwrap(), Some(load.clone()));
    assert_eq!(get_load(&mut tx, "201", second).await.unwrap(), None, "another council's load is not found");
    assert!(loads(&mut tx, "201", 5).await.unwrap().is_empty());
    assert_eq!(loads(&mut tx, "990", 5).await.unwrap(), vec![load]);
    assert_eq!(latest_load(&mut tx).await.unwrap(), Some(("990".to_owned(), now(), by)));
    tx.commit().await.unwrap();
    for sql in ["DELETE FROM postcodes", "DELETE FROM postcode_loads"] {
        let err = raw(&t.db, sql).await.expect_err(sql);
        assert!(err.to_string().contains("not allowed"), "{sql}: {err}");
    }
}

#[tokio::test]
async fn providers_keep_their_postcode_registration_end_and_sector_and_are_found_by_many_urns() {
    use ff_domain::providers::{Judgement, ProviderKind, Registration, Sector, Urn};
    use ff_store::providers::{ProviderRow, by_urn, by_urns, insert, is_empty, save};
    let t = setup().await;
    let by = Uuid::new_v4();
    let row = |urn: &str| ProviderRow {
        id: Uuid::new_v4(),
        urn: Urn::parse(urn).unwrap(),
        name: format!("Home {urn}"),
        kind: ProviderKind::ChildrensHome,
        registration: Registration::Active,
        places: Some(4),
        judgement: Judgement::Good,
        inspected_on: None,
        local_authority: Some("Northmoor".into()),
        postcode: Some("NM3 8QD".into()),
        registration_ended_on: None,
        sector: Some(Sector::Private),
        version: 1,
        updated_at: now(),
        updated_by: by,
        load_id: by,
    };
    let mut tx = t.db.begin().await.unwrap();
    assert!(is_empty(&mut tx).await.unwrap());
    let (home, unknown) = (row("SC100001"), ProviderRow { postcode: None, sector: None, ..row("SC100002") });
    insert(&mut tx, &home).await.unwrap();
    insert(&mut tx, &unknown).await.unwrap();
    assert!(!is_empty(&mut tx).await.unwrap());
    let mut found = by_urns(&mut tx, &["SC100002", "SC100001", "SC999999"]).await.unwrap();
    found.sort_by(|a, b| a.urn.cmp(&b.urn));
    assert_eq!(found, vec![home.clone(), unknown.clone()], "each fact read back, unknowns as none");
    // Its registration ends and a voluntary organisation takes it on.
    let closed = ProviderRow {
        registration: Registration::Closed,
        registration_ended_on: NaiveDate::from_ymd_opt(2026, 10, 31),
        sector: Some(Sector::Voluntary),
        postcode: Some("NM4 2LP".into()),
        version: 2,
        ..home.clone()
    };
    assert!(save(&mut tx, &closed, 1).await.unwrap());
    assert!(!save(&mut tx, &closed, 1).await.unwrap(), "at the version read only");
    assert_eq!(by_urn(&mut tx, &home.urn).await.unwrap(), Some(closed.clone()));
    tx.commit().await.unwrap();
    // A version kept before these facts were held still reads, without them.
    let mut old = serde_json::to_value(&closed).unwrap();
    for field in ["postcode", "registration_ended_on", "sector"] {
        old.as_object_mut().unwrap().remove(field);
    }
    let kept: ProviderRow = serde_json::from_value(old).unwrap();
    assert_eq!((kept.postcode, kept.registration_ended_on, kept.sector), (None, None, None));
}
