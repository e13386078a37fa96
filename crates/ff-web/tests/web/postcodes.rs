//! The postcode directory (decision 0019): the commissioner loads the ONS National Statistics
//! Postcode Directory (here a synthetic file in its layout, `tests/data/nspl_synthetic.csv`);
//! a file without its columns changes nothing; and a child's current placement shows its
//! council, whether it is in the council's area and how far it is from home (ssda903 fields §2),
//! except for an asylum-seeking child (903 rule 406) or a short break (903 rule 398).

use axum::http::{StatusCode, header};
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::documents::upload;
use super::looked_after::{care, placement, with};
use super::{LA, TestApp};

/// SYNTHETIC: six readable postcodes and three rows left out (see `tests/data/README.md`).
const NSPL: &str = include_str!("../data/nspl_synthetic.csv");

/// Miles from NM1 1AA (387000, 425000) to NM20 1AB in Cumbria (347000, 530000): 112.4 km.
const TO_CUMBRIA: f64 = 69.8;

async fn events(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

async fn held(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::postcodes::count(&mut tx).await.unwrap()
}

/// Loads the synthetic directory as the commissioner.
pub async fn load_directory(app: &TestApp) -> Value {
    let t = app.token(Role::Commissioner, LA).await;
    let r = app.csv("/api/v1/postcodes?file_name=NSPL_synthetic.csv", &t, NSPL).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn the_commissioner_loads_the_directory_and_a_file_without_its_columns_changes_nothing() {
    let app = TestApp::new().await;
    let t = app.token(Role::Commissioner, LA).await;
    // Only the commissioner loads it, or reads how it stands.
    for role in [Role::SocialWorker, Role::PerformanceAnalyst, Role::LaAdmin] {
        let other = app.token(role, LA).await;
        assert_eq!(app.csv("/api/v1/postcodes", &other, NSPL).await.status, StatusCode::FORBIDDEN, "{role:?}");
        assert_eq!(app.api("GET", "/api/v1/postcodes/status", Some(&other), None).await.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    // A file without the district column is refused whole: nothing loaded, nothing audited.
    let before = events(&app).await;
    let r = app.csv("/api/v1/postcodes", &t, "pcds,oseast1m,osnrth1m\nNM1 1AA,387000,425000\n").await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("not the National Statistics Postcode Directory"),
        "{}",
        r.body
    );
    assert_eq!(r.json()["errors"][0]["field"], "file");
    let r = app.csv("/api/v1/postcodes", &t, "URN,Provider type,Provider name\nSC400001,Children's home,Birch House\n").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!((held(&app).await, events(&app).await), (0, before));
    let status = app.get_json("/api/v1/postcodes/status", &t).await;
    assert_eq!((status["postcodes"].as_i64(), status["last_loaded_at"].is_null()), (Some(0), true));

    let first = load_directory(&app).await;
    assert_eq!(
        (first["rows_read"].as_i64(), first["added"].as_i64(), first["changed"].as_i64(), first["unreadable"].as_i64()),
        (Some(9), Some(6), Some(0), Some(3))
    );
    assert_eq!(first["file_name"], "NSPL_synthetic.csv");
    assert_eq!(
        first["problems"],
        json!([
            "Line 8: \"NOT A CODE\" is not a postcode",
            "Line 9: NM3 3CC: the easting \"east\" is not a grid reference in metres",
            "Line 10: NM1 1AA appears twice in the file: the first row was kept"
        ])
    );
    assert_eq!(first["checksum"].as_str().map(str::len), Some(64));
    // The status read above is a view (one event), and the load one more.
    assert_eq!((held(&app).await, events(&app).await), (6, before + 2), "one load, one audit event");
    // The first NM1 1AA was kept; Scotland is SCO; the Channel Islands have no grid reference.
    let mut tx = app.db.db.begin().await.unwrap();
    let rows = ff_store::postcodes::lookup(&mut tx, &["NM1 1AA", "NM20 1AB", "NM21 1AB", "NM22 1AA", "NM9 9ZZ"]).await.unwrap();
    drop(tx);
    let row = |p: &str| rows.iter().find(|r| r.postcode == p).unwrap().clone();
    assert_eq!((row("NM1 1AA").easting, row("NM1 1AA").la_code.as_deref()), (Some(387_000), Some("354")));
    assert_eq!(row("NM20 1AB").la_code.as_deref(), Some("909"), "the county, Cumbria");
    assert_eq!(row("NM21 1AB").la_code.as_deref(), Some("SCO"));
    assert_eq!((row("NM22 1AA").easting, row("NM22 1AA").la_code), (None, None));
    assert_eq!(row("NM9 9ZZ").terminated.as_deref(), Some("201906"));

    // Loading it again changes nothing.
    let again = load_directory(&app).await;
    assert_eq!((again["added"].as_i64(), again["changed"].as_i64(), again["unchanged"].as_i64()), (Some(0), Some(0), Some(6)));
    let status = app.get_json("/api/v1/postcodes/status", &t).await;
    assert_eq!(status["postcodes"], 6);
    assert_eq!(status["last_loaded_by"], "Test Placements commissioner");
    assert_eq!(status["loads"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_child_placed_out_of_area_shows_the_distance_and_the_council_on_the_page_and_in_the_api() {
    let app = TestApp::new().await;
    load_directory(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Lily", "2015-04-04").await;
    let home = json!({"line1": "4 Mill Lane", "town": "Northmoor", "postcode": "nm1 1aa", "start_date": "2020-01-01"});
    assert_eq!(app.post(&format!("/api/v1/people/{child}/addresses"), &sw, home).await.status, StatusCode::CREATED);
    let start = with(placement("C1", "U6", "NM20 1AB"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, start, "id").await;

    let c = care(&app, &sw, &child).await;
    let g = &c["placement_geography"];
    assert_eq!(g["distance_miles"].as_f64(), Some(TO_CUMBRIA), "{g}");
    assert_eq!(
        (g["in_area"].as_bool(), g["placement_la"].as_str(), g["placement_la_name"].as_str()),
        (Some(false), Some("909"), Some("Cumbria"))
    );
    assert!(g["distance_unknown_reason"].is_null() && g["area_unknown_reason"].is_null(), "{g}");
    assert_eq!(g["summary"], "69.8 miles, outside the council's area (placed in Cumbria)");

    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Distance from home") && page.body.contains("69.8 miles, outside the council"), "{}", page.body);
    assert!(page.body.contains("(placed in Cumbria)"), "{}", page.body);

    // A move to a postcode the directory does not hold: not known, and why.
    let v = c["current"]["version"].clone();
    let moved = with(
        placement("C1", "U4", "NM7 7ZZ"),
        json!({"start_date": "2026-11-16", "version": v, "reason_place_change": "CARPL", "decided_by": "Care planning meeting"}),
    );
    app.created(&format!("/api/v1/people/{child}/care/changes"), &sw, moved, "id").await;
    let g = care(&app, &sw, &child).await["placement_geography"].clone();
    assert!(g["distance_miles"].is_null() && g["in_area"].is_null(), "{g}");
    assert_eq!(g["distance_unknown_reason"], "the placement postcode is not in the postcode directory");
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(page.body.contains("Not known: the placement postcode is not in the postcode directory"), "{}", page.body);
}

#[tokio::test]
async fn no_distance_for_an_asylum_seeking_child_or_a_short_break() {
    let app = TestApp::new().await;
    load_directory(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let home = json!({"line1": "4 Mill Lane", "town": "Northmoor", "postcode": "NM1 1AA", "start_date": "2020-01-01"});

    // 903 rule 406: an unaccompanied asylum-seeking child has no distance; the council stays.
    let uasc = super::family_help::make_child(&app, &sw, "Amir", "2010-03-03").await;
    assert_eq!(app.post(&format!("/api/v1/people/{uasc}/addresses"), &sw, home.clone()).await.status, StatusCode::CREATED);
    let start = with(placement("V2", "U6", "NM20 1AB"), json!({"start_date": "2026-10-01", "category_of_need": "N8"}));
    app.created(&format!("/api/v1/people/{uasc}/care"), &sw, start, "id").await;
    let r = app.api("POST", &format!("/api/v1/people/{uasc}/care/uasc"), Some(&sw), Some(json!({"since": "2026-09-30"}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let g = care(&app, &sw, &uasc).await["placement_geography"].clone();
    assert!(g["distance_miles"].is_null(), "{g}");
    assert_eq!(g["distance_unknown_reason"], "not worked out for a child who is or was an unaccompanied asylum-seeking child");
    assert_eq!((g["placement_la"].as_str(), g["in_area"].as_bool()), (Some("909"), Some(false)));
    let page = app.page("GET", &format!("/people/{uasc}"), &cookie, None).await;
    assert!(!page.body.contains("69.8 miles"), "no distance shown");
    assert!(page.body.contains("Not worked out for a child who is or was an unaccompanied asylum-seeking child"), "{}", page.body);

    // 903 rule 398: a short break (V3) has no distance and no council.
    let short = super::family_help::make_child(&app, &sw, "Rosa", "2012-05-05").await;
    assert_eq!(app.post(&format!("/api/v1/people/{short}/addresses"), &sw, home).await.status, StatusCode::CREATED);
    let start = with(placement("V3", "U6", "NM20 1AB"), json!({"start_date": "2026-11-13", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{short}/care"), &sw, start, "id").await;
    let g = care(&app, &sw, &short).await["placement_geography"].clone();
    assert!(g["distance_miles"].is_null() && g["placement_la"].is_null() && g["in_area"].is_null(), "{g}");
    assert_eq!(g["summary"], "Not worked out for short breaks");
    let page = app.page("GET", &format!("/people/{short}"), &cookie, None).await;
    assert!(page.body.contains("Not worked out for short breaks") && !page.body.contains("69.8 miles"), "{}", page.body);
}

#[tokio::test]
async fn the_commissioner_loads_the_directory_on_a_page_without_javascript() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::Commissioner).await;
    let r = app.page("GET", "/postcodes", &cookie, None).await;
    assert!(
        r.status == StatusCode::OK && r.body.contains("Not loaded yet") && r.body.contains("Load the postcode directory"),
        "{}",
        r.body
    );
    // The register links to it for the commissioner.
    let r = app.page("GET", "/providers", &cookie, None).await;
    assert!(r.body.contains("href=\"/postcodes\""), "{}", r.body);
    // The file posts as multipart, so the form's address carries the CSRF token.
    let form = app.page("GET", "/postcodes/load", &cookie, None).await;
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains(&format!("csrf_token={csrf}")), "{}", form.body);
    let load = format!("/postcodes/load?csrf_token={csrf}");
    let as_commissioner = (header::COOKIE.as_str(), cookie.as_str());
    // A file without the directory's columns: said on the file field, nothing loaded.
    let r = upload(&app, &load, as_commissioner, &[], Some(("providers.csv", b"URN,Provider name\nSC400001,Birch House\n"))).await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("not the National Statistics Postcode Directory"),
        "{}",
        r.body
    );
    assert_eq!(held(&app).await, 0);
    // No file at all.
    let r = upload(&app, &load, as_commissioner, &[("note", "none")], None).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Choose the postcode directory"), "{}", r.status);

    let r = upload(&app, &load, as_commissioner, &[], Some(("NSPL_FEB_2026_UK.csv", NSPL.as_bytes()))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers.get(header::LOCATION).unwrap().to_str().unwrap().to_owned();
    assert!(to.starts_with("/postcodes/loads/") && to.ends_with("?loaded=1"), "{to}");
    let r = app.page("GET", &to, &cookie, None).await;
    assert!(r.body.contains("govuk-panel--confirmation") && r.body.contains("9 rows read from NSPL_FEB_2026_UK.csv"), "{}", r.body);
    assert!(r.body.contains("Line 8:") && r.body.contains("3 rows were left out in all"), "{}", r.body);
    let r = app.page("GET", "/postcodes", &cookie, None).await;
    assert!(r.body.contains("6 postcodes held") && r.body.contains("by Test Placements commissioner"), "{}", r.body);
    // Someone else may not.
    let (sw, _) = app.session(Role::SocialWorker).await;
    assert_eq!(app.page("GET", "/postcodes", &sw, None).await.status, StatusCode::FORBIDDEN);
}
