//! The social work workforce shared with the region (W-OUT-4, RCC-SHARE-4): without the
//! region's key an extract is refused with a plain 422 that says how to load one; the
//! administrator loads the key once (never shown again, only its check value; versions only go
//! up); the workforce officer's extract holds the census rows with each worker named by the
//! region's keyed hash of the registration number, the same at two member councils, dates of
//! birth cut to the month, no name; it is tagged, kept as shared, audited once, and the pages
//! work without JavaScript.

use axum::http::{StatusCode, header};
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, OTHER_LA, TestApp};

/// The region's key, as the region issues it to every member council (made up for the tests).
const REGION_KEY: &str = "4d2c9a17e03b58f6a1c4e7d20b93f5a86c1d0e2f3a4b5c6d7e8f90a1b2c3d4e5";

async fn events(app: &TestApp, la: &str) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, la).await.unwrap()
}

/// A council's workforce on 30 September 2026: Ada in post (registered, born 17 March 1990, in
/// her first year after qualifying through Frontline), Ben who left in March. Returns the
/// workforce officer's token.
async fn workforce(app: &TestApp, la: &str) -> String {
    let hr = app.token(Role::WorkforceOfficer, la).await;
    let mgr = app.token(Role::PracticeSupervisor, la).await;
    let team = app.created("/api/v1/teams", &mgr, json!({"name": "Hilltop"}), "id").await;
    let post = |title: &str, role: &str| json!({"team_id": team, "title": title, "role_type": role, "funded_fte": 1.0, "case_holding": role == "SW", "from": "2024-01-01"});
    let a = app.created("/api/v1/workforce/posts", &hr, post("Social worker A", "SW"), "id").await;
    let b = app.created("/api/v1/workforce/posts", &hr, post("Team manager B", "TM"), "id").await;
    let ada = json!({"name": "Ada Quennell", "swe_number": "SW700101", "date_of_birth": "1990-03-17", "qualified_on": "2026-07-01",
        "qualification_route": "frontline", "registration_status": "registered", "registration_from": "2026-07-20"});
    let w1 = app.created("/api/v1/workforce/workers", &hr, ada, "id").await;
    let w2 = app.created("/api/v1/workforce/workers", &hr, json!({"name": "Ben Orrington", "swe_number": "SW700102"}), "id").await;
    for (w, p, hours, start) in [(&w1, &a, 29.6, "2026-08-03"), (&w2, &b, 37.0, "2024-02-01")] {
        let body = json!({"post_id": p, "weekly_hours": hours, "start_date": start});
        app.created(&format!("/api/v1/workforce/workers/{w}/episodes"), &hr, body, "id").await;
    }
    let ben = app.get_json(&format!("/api/v1/workforce/workers/{w2}"), &hr).await;
    let ep = ben["episodes"][0]["id"].as_str().unwrap().to_owned();
    let r = app
        .post(&format!("/api/v1/workforce/episodes/{ep}/end"), &hr, json!({"end_date": "2026-03-31", "reason_leave": "5", "version": 1}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    hr
}

fn extract_body() -> Value {
    json!({"purpose": "workforce", "agreement": "DSA-NW-WF-2026", "delete_by": "2033-09-30", "year": 2026})
}

#[tokio::test]
async fn the_workforce_goes_to_the_region_with_each_worker_a_code_under_the_region_key_w_out_4() {
    let app = TestApp::new().await;
    let hr = workforce(&app, LA).await;
    let analyst = app.token(Role::PerformanceAnalyst, LA).await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;

    // No region key yet: refused with a specific 422 that says how to load one; nothing changes.
    let before = events(&app, LA).await;
    let r = app.api("POST", "/api/v1/workforce/regional-extracts", Some(&hr), Some(extract_body())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "region_key", "{}", r.body);
    assert!(r.body.contains("region's key") && r.body.contains("administrator"), "{}", r.body);
    assert_eq!(events(&app, LA).await, before);
    assert!(app.get_json("/api/v1/workforce/regional-extracts", &hr).await["region_key"].is_null());

    // Only the administrator loads the key; bad keys and versions are named and change nothing.
    let key = json!({"key": REGION_KEY, "version": 3});
    assert_eq!(app.api("PUT", "/api/v1/sharing/region-key", Some(&hr), Some(key.clone())).await.status, StatusCode::FORBIDDEN);
    // (a refusal is audited as such: count from here)
    let before = events(&app, LA).await;
    for (bad, field) in [
        (json!({"key": "0123", "version": 3}), "key"),
        (json!({"key": "00".repeat(32), "version": 3}), "key"),
        (json!({"key": REGION_KEY, "version": 0}), "version"),
    ] {
        let r = app.api("PUT", "/api/v1/sharing/region-key", Some(&admin), Some(bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["errors"][0]["field"], field, "{}", r.body);
        assert!(!r.body.contains(REGION_KEY));
    }
    assert_eq!(events(&app, LA).await, before);
    let r = app.api("PUT", "/api/v1/sharing/region-key", Some(&admin), Some(key.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let loaded = r.json();
    assert_eq!(loaded["version"], 3);
    let check = loaded["check"].as_str().unwrap().to_owned();
    assert_eq!(check.len(), 12);
    assert!(!r.body.contains(REGION_KEY) && !r.body.contains(&REGION_KEY[..12]), "the key is never shown: {}", r.body);
    assert_eq!(events(&app, LA).await, before + 1);
    // Versions only go up: the same version again is refused.
    let r = app.api("PUT", "/api/v1/sharing/region-key", Some(&admin), Some(key)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("already holds version 3"), "{}", r.body);

    // The extract: a social worker may not; the workforce officer may.
    let body = extract_body();
    assert_eq!(app.api("POST", "/api/v1/workforce/regional-extracts", Some(&sw), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    let late = json!({"purpose": "sufficiency", "agreement": " ", "delete_by": "2040-01-01", "year": 2027});
    let r = app.api("POST", "/api/v1/workforce/regional-extracts", Some(&hr), Some(late)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["purpose", "agreement", "year"]);
    let before = events(&app, LA).await;
    let id = app.created("/api/v1/workforce/regional-extracts", &hr, body.clone(), "id").await;
    assert_eq!(events(&app, LA).await, before + 1, "one audit event for the extract");
    let e = app.get_json(&format!("/api/v1/workforce/regional-extracts/{id}"), &analyst).await;
    assert_eq!(
        (e["purpose"].as_str(), e["agreement"].as_str(), e["delete_by"].as_str()),
        (Some("workforce"), Some("DSA-NW-WF-2026"), Some("2033-09-30"))
    );
    assert_eq!((&e["region_key_version"], &e["year"], &e["workers"]), (&json!(3), &json!(2026), &json!(2)), "{e}");
    // Not the children's extract: its addresses do not serve it.
    assert_eq!(app.api("GET", &format!("/api/v1/sharing/extracts/{id}"), Some(&analyst), None).await.status, StatusCode::NOT_FOUND);

    let r = app.api("GET", &format!("/api/v1/workforce/regional-extracts/{id}/workers"), Some(&hr), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("delete-by-2033-09-30"), "the file name carries its tag");
    let csv = r.body.clone();
    let mut lines = csv.lines();
    let head = lines.next().unwrap();
    assert_eq!(head, ff_domain::sharing::workforce::WORKFORCE_COLUMNS.join(","));
    for secret in ["Ada", "Quennell", "Ben", "Orrington", "SW700101", "SW700102", "700101", "1990-03-17"] {
        assert!(!csv.contains(secret), "the extract shares {secret:?}:\n{csv}");
    }
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    let key = ff_domain::sharing::workforce::parse_region_key(REGION_KEY).unwrap();
    let ada = rows.iter().find(|r| r[2] == ff_domain::sharing::workforce::worker_code(&key, "SW700101")).expect("Ada by her code");
    assert_eq!(&ada[..2], [LA, "2026"]);
    assert_eq!(&ada[3..9], ["0", "1990-03-01", "5", "newly_qualified", "0.800000", "2026-08-03"], "{csv}");
    assert_eq!(&ada[15..], ["frontline", "1"], "{csv}");
    let ben = rows.iter().find(|r| r[2] == ff_domain::sharing::workforce::worker_code(&key, "SW700102")).expect("Ben by his code");
    assert_eq!((ben[7], ben[9], ben[10]), ("0.000000", "2026-03-31", "5"), "Ben left in March: {csv}");
    // Downloads are audited; the file is kept exactly as shared.
    let before = events(&app, LA).await;
    let again = app.api("GET", &format!("/api/v1/workforce/regional-extracts/{id}/workers"), Some(&analyst), None).await;
    assert_eq!(again.body, csv);
    assert_eq!(events(&app, LA).await, before + 1);

    // RCC-SHARE-4: another member council with the same region key gives Ada, who moved there,
    // the same code; nobody holds a table back to her number.
    let other_admin = app.token(Role::LaAdmin, OTHER_LA).await;
    let r = app.api("PUT", "/api/v1/sharing/region-key", Some(&other_admin), Some(json!({"key": REGION_KEY, "version": 3}))).await;
    assert_eq!(r.json()["check"], check.as_str(), "the same check value at both councils");
    let other_hr = workforce(&app, OTHER_LA).await;
    let other = app.created("/api/v1/workforce/regional-extracts", &other_hr, body, "id").await;
    let theirs = app.api("GET", &format!("/api/v1/workforce/regional-extracts/{other}/workers"), Some(&other_hr), None).await.body;
    assert!(theirs.contains(&format!("{OTHER_LA},2026,{},", ada[2])), "{theirs}");
    // Each council sees only its own extracts.
    assert_eq!(
        app.api("GET", &format!("/api/v1/workforce/regional-extracts/{id}"), Some(&other_hr), None).await.status,
        StatusCode::NOT_FOUND
    );

    // A new version from the region gives new codes; the first extract keeps its own.
    let key4 = REGION_KEY.replace("4d2c", "9e1f");
    let r = app.api("PUT", "/api/v1/sharing/region-key", Some(&admin), Some(json!({"key": key4, "version": 4}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let newer = app.created("/api/v1/workforce/regional-extracts", &hr, extract_body(), "id").await;
    let csv4 = app.api("GET", &format!("/api/v1/workforce/regional-extracts/{newer}/workers"), Some(&hr), None).await.body;
    assert!(!csv4.contains(ada[2]), "{csv4}");
    assert_eq!(app.get_json(&format!("/api/v1/workforce/regional-extracts/{newer}"), &hr).await["region_key_version"], 4);
    let list = app.get_json("/api/v1/workforce/regional-extracts", &hr).await;
    assert_eq!(list["extracts"].as_array().unwrap().len(), 2);
    assert_eq!(list["region_key"]["version"], 4);
    // The children's sharing page lists only children's extracts.
    assert!(app.get_json("/api/v1/sharing/extracts", &analyst).await["extracts"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_pages_load_the_key_and_make_and_download_an_extract_without_javascript() {
    let app = TestApp::new().await;
    workforce(&app, LA).await;
    let (admin, admin_csrf) = app.session(Role::LaAdmin).await;
    let (hr, csrf) = app.session(Role::WorkforceOfficer).await;

    // Linked from the workforce page; without a key the page says what to do.
    let page = app.page("GET", "/workforce", &hr, None).await;
    assert!(page.body.contains("href=\"/workforce/regional\""), "{}", page.body);
    let page = app.page("GET", "/workforce/regional", &hr, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("has not loaded the region's key") && !page.body.contains("href=\"/workforce/regional/new\""),
        "{}",
        page.body
    );
    let pairs = [
        ("csrf_token", csrf.as_str()),
        ("purpose", "workforce"),
        ("agreement", "DSA-NW-WF-2026"),
        ("delete_by_day", "30"),
        ("delete_by_month", "9"),
        ("delete_by_year", "2033"),
        ("year", "2026"),
    ];
    let r = app.page("POST", "/workforce/regional/new", &hr, Some(&pairs)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("govuk-error-summary") && r.body.contains("has not loaded the region"), "{}", r.body);
    assert!(r.body.contains("DSA-NW-WF-2026"), "what was typed is kept");

    // The administrator's page: linked from the home page, the key never sent back.
    let home = app.page("GET", "/", &admin, None).await;
    assert!(home.body.contains("href=\"/sharing/region-key\""), "{}", home.body);
    let r = app
        .page("POST", "/sharing/region-key", &admin, Some(&[("csrf_token", admin_csrf.as_str()), ("key", "xyz"), ("version", "2")]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("hexadecimal digits only") && !r.body.contains("value=\"xyz\""), "{}", r.body);
    let r = app
        .page("POST", "/sharing/region-key", &admin, Some(&[("csrf_token", admin_csrf.as_str()), ("key", REGION_KEY), ("version", "2")]))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", "/sharing/region-key", &admin, None).await;
    let check = ff_domain::sharing::workforce::key_check(&ff_domain::sharing::workforce::parse_region_key(REGION_KEY).unwrap());
    assert!(page.body.contains("version 2 of the region") && page.body.contains(&check), "{}", page.body);
    assert!(!page.body.contains(REGION_KEY), "the key is never shown again");
    assert_eq!(app.page("GET", "/sharing/region-key", &hr, None).await.status, StatusCode::FORBIDDEN);

    // Now the extract is made, shown and downloaded as CSV.
    let r = app.page("POST", "/workforce/regional/new", &hr, Some(&pairs)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.headers[header::LOCATION].to_str().unwrap().to_owned();
    let page = app.page("GET", &at, &hr, None).await;
    assert!(
        page.body.contains("DSA-NW-WF-2026") && page.body.contains("30 September 2026") && page.body.contains("Version 2 of the region"),
        "{}",
        page.body
    );
    let file = app.page("GET", &format!("{at}/workers.csv"), &hr, None).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(file.body.starts_with("LA,YEAR,SWENoHash,"), "{}", file.body);
    assert_eq!(app.page("GET", &format!("{at}/header.csv"), &hr, None).await.status, StatusCode::NOT_FOUND);
    let list = app.page("GET", "/workforce/regional", &hr, None).await;
    assert!(list.body.contains(&at) && list.body.contains("Regional social work workforce planning"), "{}", list.body);
    // The analyst reaches it from the sharing page; a team manager cannot make one.
    let (analyst, _) = app.session(Role::PerformanceAnalyst).await;
    assert!(app.page("GET", "/sharing", &analyst, None).await.body.contains("href=\"/workforce/regional\""));
    assert_eq!(app.page("GET", &at, &analyst, None).await.status, StatusCode::OK);
    let (mgr, _) = app.session(Role::PracticeSupervisor).await;
    assert_eq!(app.page("GET", "/workforce/regional", &mgr, None).await.status, StatusCode::FORBIDDEN);
}
