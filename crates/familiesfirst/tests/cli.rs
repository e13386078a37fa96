//! The command line, run as a user would: migrate, demo, user add, audit verify (including a row
//! altered behind the application's back) and census validate.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

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

/// A public reference file committed under `testdata/` (see testdata/README.md).
fn reference(rel: &str) -> String {
    let p = format!("{}/../../testdata/{rel}", env!("CARGO_MANIFEST_DIR"));
    assert!(std::path::Path::new(&p).exists(), "{p} is part of the repository");
    p
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
    let sample = reference("cin/samples/CIN_Census_2024.xml");
    let sample = sample.as_str();
    let o = bin().args(["census", "validate", sample, "--format", "csv"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "the sample breaks rules on purpose");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("rule,kind,severity,la_child_id"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("1570,")), "{out}");
    let o = bin().args(["census", "validate", sample, "--format", "yaml"]).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format"));
}

/// A file that is not a census (empty, cut short, binary, another XML document, plain text) is an
/// error: the command exits 1 and the summary counts it.
#[test]
fn census_validate_fails_on_files_that_are_not_a_census() {
    let dir = std::env::temp_dir().join(format!("ff-cli-garbage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let whole = std::fs::read(reference("cin/samples/CIN_Census_2024.xml")).unwrap();
    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let cases: [(&str, Vec<u8>); 5] = [
        ("empty", vec![]),
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("binary", binary),
        ("html", b"<html><body>Not a census</body></html>".to_vec()),
        ("text", b"Name,Date of birth\nA,2020-01-01\n".to_vec()),
    ];
    for (name, bytes) in cases {
        let path = dir.join(format!("{name}.xml"));
        std::fs::write(&path, bytes).unwrap();
        let o = bin().args(["census", "validate"]).arg(&path).output().unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(1), "{name}: {out}");
        let summary = out.lines().find(|l| l.contains(" errors (")).unwrap_or_default();
        assert!(!summary.starts_with("0 errors"), "{name}: the summary counts the error: {out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The demo council's CIN census, built from its records, passes our validator with no
/// errors (queries describe real demo situations) and, when xmllint is installed, the DfE schema.
#[test]
fn census_export_of_the_demo_council_passes_the_validator_and_the_schema() {
    let dir = std::env::temp_dir().join(format!("ff-cli-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("demo.db").display());
    // 96 families give 16 family help scenarios: every stage, child protection and pre-proceedings included.
    let o = run(&["demo", "--families", "96"], &db, None);
    assert!(o.status.success(), "{}", text(&o));
    let out = dir.join("cin.xml");
    let out_s = out.to_str().unwrap();
    // The census year that holds the demo's activity (it is dated relative to today).
    let year = {
        use chrono::Datelike;
        // The binary dates its demo from the real clock, so this test reads it too.
        #[allow(clippy::disallowed_methods)]
        let t = chrono::Utc::now().date_naive();
        if t.month() >= 4 { t.year() + 1 } else { t.year() }
    };
    let y = year.to_string();
    let o = run(&["census", "export", "--year", &y, "--out", out_s], &db, None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("children"), "{}", text(&o));
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.matches("<Child>").count() > 5, "{xml}");
    assert!(xml.contains("<LAchildID>C000000001</LAchildID>"));
    assert!(xml.contains("<PreProceedingsandFGDM>") && xml.contains("<FGDMMeetingOffer>1</FGDMMeetingOffer>"), "the 2026/27 block");
    let o = bin().args(["census", "validate", out_s]).output().unwrap();
    assert!(o.status.success(), "the export has no errors:\n{}", text(&o));
    assert!(text(&o).lines().any(|l| l.starts_with("0 errors")), "{}", text(&o));
    // Exporting again keeps every child's identifier.
    let again = dir.join("again.xml");
    let o = run(&["census", "export", "--year", &y, "--out", again.to_str().unwrap()], &db, None);
    assert!(o.status.success());
    assert_eq!(
        std::fs::read_to_string(&again).unwrap().replace(|c: char| c.is_ascii_digit(), ""),
        xml.replace(|c: char| c.is_ascii_digit(), "")
    );
    let ids = |s: &str| s.lines().filter(|l| l.contains("<LAchildID>")).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(ids(&std::fs::read_to_string(&again).unwrap()), ids(&xml));
    match Command::new("xmllint").arg("--version").output() {
        Ok(_) => {
            // No schema has been published for the 2026/27 pre-proceedings block: check the rest
            // of the file against the 2024/25 schema.
            let mut body = xml.clone();
            while let (Some(a), Some(b)) = (body.find("<PreProceedingsandFGDM>"), body.find("</PreProceedingsandFGDM>")) {
                body.replace_range(a..b + "</PreProceedingsandFGDM>".len(), "");
            }
            let stripped = dir.join("stripped.xml");
            std::fs::write(&stripped, body).unwrap();
            let xsd = reference("cin/xsd/CIN_schema_2025.xsd");
            let o = Command::new("xmllint").args(["--noout", "--schema", &xsd, stripped.to_str().unwrap()]).output().unwrap();
            assert!(o.status.success(), "{}", text(&o));
        }
        Err(_) => eprintln!("xmllint is not installed: schema check skipped"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `ssda903 validate --providers`: Ofsted's list switches on the rules on the episodes' URNs.
#[test]
fn ssda903_validate_checks_urns_against_ofsteds_list() {
    let dir = std::env::temp_dir().join(format!("ff-cli-903-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("header.csv"), "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,M,01/05/2010,WBRI,A123456789012,,\n").unwrap();
    std::fs::write(
        dir.join("episodes.csv"),
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n\
         A,01/06/2025,S,C2,N1,K2,PR4,,,,NM1 1AA,NM3 8QD,SC999999\n",
    )
    .unwrap();
    let list = dir.with_extension("ofsted.csv");
    std::fs::write(
        &list,
        "URN,Provider type,Provider name,Sector,Setting postcode\nSC100001,Children's home,Birch House,Private,NM3 8QD\n",
    )
    .unwrap();
    let validate = |extra: &[&str]| {
        let mut args = vec!["ssda903", "validate", dir.to_str().unwrap(), "--year", "2025-26", "--format", "csv"];
        args.extend_from_slice(extra);
        run(&args, "sqlite::memory:", None)
    };
    let flags_1008 = |o: &Output| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.starts_with("1008,"));
    let without = validate(&[]);
    assert!(!flags_1008(&without), "{}", text(&without));
    let with = validate(&["--providers", list.to_str().unwrap(), "--la", "990"]);
    assert_eq!(with.status.code(), Some(1), "{}", text(&with));
    assert!(flags_1008(&with), "SC999999 is not on Ofsted's list: {}", text(&with));
    // The list needs the council's code.
    let no_la = validate(&["--providers", list.to_str().unwrap()]);
    assert!(!no_la.status.success() && text(&no_la).contains("--la"), "{}", text(&no_la));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_file(&list).ok();
}
