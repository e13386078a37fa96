//! The command line, run as a user would: migrate, demo, user add, audit verify (including a row
//! altered behind the application's back) and census validate.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_familiesfirst"))
}

fn run(args: &[&str], db: &str, stdin: Option<&str>) -> Output {
    let mut cmd = bin();
    cmd.args(args).env("FAMILIESFIRST_DATABASE_URL", db).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run familiesfirst");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[tokio::test]
async fn user_add_and_audit_verify_catch_a_tampered_row() {
    let dir = std::env::temp_dir().join(format!("ff-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}/ff.db", dir.display());
    assert!(run(&["migrate"], &db, None).status.success());

    let add = ["user", "add", "--la", "201", "--username", "jo.bloggs", "--name", "Jo Bloggs", "--role", "social_worker"];
    let o = run(&add, &db, Some("a long enough password\n"));
    assert!(!o.status.success(), "a social worker needs a Social Work England number");
    assert!(text(&o).contains("swe_registration_number"), "{}", text(&o));
    let mut with_swe = add.to_vec();
    with_swe.extend(["--swe-number", "SW123456", "--swe-status", "registered"]);
    let o = run(&with_swe, &db, Some("a long enough password\n"));
    assert!(o.status.success(), "{}", text(&o));

    let o = run(&["audit", "verify"], &db, None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("LA 201: intact (1 events)"), "{}", text(&o));

    // Someone with file access removes the guard and edits the event.
    {
        let store = ff_store::Db::connect(&db).await.unwrap();
        if let ff_store::Db::Sqlite(pool) = &store {
            sqlx_exec(pool, "DROP TRIGGER audit_events_no_update").await;
            sqlx_exec(pool, "UPDATE audit_events SET summary = 'nothing happened' WHERE la_code = '201' AND seq = 1").await;
        }
        store.close().await;
    }
    let o = run(&["audit", "verify"], &db, None);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("LA 201: BROKEN at event 1"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

async fn sqlx_exec(pool: &sqlx::SqlitePool, sql: &'static str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

#[test]
fn census_validate_reports_rule_breaches_and_fails_on_errors() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/reference/cin/samples/CIN_Census_2024.xml");
    if !std::path::Path::new(sample).exists() {
        // The shared reference folder sits beside the repository in CI and on developer machines.
        panic!("missing {sample}");
    }
    let o = bin().args(["census", "validate", sample, "--format", "csv"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "the sample breaks rules on purpose");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("rule,kind,severity,la_child_id"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("1570,")), "{out}");
    let o = bin().args(["census", "validate", sample, "--format", "yaml"]).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format"));
}
