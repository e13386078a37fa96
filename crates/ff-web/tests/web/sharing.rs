//! Sharing with the regional care co-operative (RCC-SHARE-1, RCC-SHARE-4): the
//! analyst's pseudonymised 903 extract carries nothing that identifies a child (SH-1, SH-2; every
//! table scanned), is tagged with its use, agreement and deletion day (SH-3), and a rotated key
//! gives every child a new code. The monthly placement snapshot (RCC-SHARE-2) names each child
//! by the same code as the 903 tables and carries ages, costs and distance bands, never a birth
//! date or postcode.

use axum::http::{StatusCode, header};
use ff_domain::roles::Role;
use serde_json::json;

use super::looked_after::{home, placement, with};
use super::postcodes::load_directory;
use super::providers::{GOOD_HOME, load_register};
use super::{LA, TestApp};

async fn events(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

/// A second child in care, in a registered children's home with an agreed weekly cost.
async fn child_in_a_home(app: &TestApp, sw: &str) -> String {
    let child = super::family_help::make_child(app, sw, "Orlaith", "2011-01-15").await;
    let address = json!({"line1": "4 Mill Lane", "town": "Northmoor", "postcode": "NM1 1AA", "start_date": "2020-01-01"});
    assert_eq!(app.post(&format!("/api/v1/people/{child}/addresses"), sw, address).await.status, StatusCode::CREATED);
    let body = with(home("C1", "NM2 2BB"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{child}/care"), sw, body, "id").await;
    let agreement = json!({"agreed_on": "2026-11-05", "weekly_cost_pence": 520_000, "social_care_pence": 420_000, "education_pence": 60_000,
        "health_pence": 40_000, "sourcing_route": "spot", "provision_type": "residential_mainstream", "distance_reason": "none_nearby"});
    let r = app.api("PUT", &format!("/api/v1/people/{child}/care/agreement"), Some(sw), Some(agreement)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    child
}

struct Child {
    id: String,
    given: &'static str,
    family: &'static str,
    nhs: &'static str,
    upn: &'static str,
}

/// A child in care with a name, an NHS number, a pupil number, a home postcode and a placement.
async fn child_in_care(app: &TestApp, sw: &str) -> Child {
    let body = json!({"given_name": "Zephyrine", "family_name": "Quillfeather", "date_of_birth": "2012-06-27", "sex": "F",
        "nhs_number": "9434765919", "confirm_not_duplicate": true});
    let id = app.created("/api/v1/people", sw, body, "id").await;
    let r = app.api("PUT", &format!("/api/v1/people/{id}/upn"), Some(sw), Some(json!({"upn": "L201234567890", "version": 1}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let address = json!({"line1": "14 Calder Row", "town": "Northmoor", "postcode": "NM2 7QA", "start_date": "2020-01-01"});
    let r = app.api("POST", &format!("/api/v1/people/{id}/addresses"), Some(sw), Some(address)).await;
    assert!(r.status.is_success(), "{}", r.body);
    let care = with(placement("V2", "U6", "NM3 8QD"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{id}/care"), sw, care, "id").await;
    Child { id, given: "Zephyrine", family: "Quillfeather", nhs: "9434765919", upn: "L201234567890" }
}

/// Every table of an extract, as downloaded.
async fn tables(app: &TestApp, t: &str, extract: &str) -> Vec<(String, String)> {
    let e = app.api("GET", &format!("/api/v1/sharing/extracts/{extract}"), Some(t), None).await.json();
    let mut out = vec![];
    for table in e["tables"].as_array().unwrap() {
        let name = table["table"].as_str().unwrap().to_owned();
        let r = app.api("GET", &format!("/api/v1/sharing/extracts/{extract}/{name}"), Some(t), None).await;
        assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.body);
        assert!(r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("delete-by-"), "the file name carries its tag");
        out.push((name, r.body));
    }
    out
}

#[tokio::test]
async fn nothing_that_identifies_a_child_leaves_in_an_extract_for_the_region() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let analyst = app.token(Role::PerformanceAnalyst, LA).await;
    let c = child_in_care(&app, &sw).await;
    // Only the analyst shares; a social worker cannot.
    let body = json!({"purpose": "forecasting", "agreement": "DSA-NW-2026-04", "delete_by": "2030-03-31", "placements_on": "2026-11-20"});
    assert_eq!(app.api("POST", "/api/v1/sharing/extracts", Some(&sw), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    // SH-3: the tag is checked: forecasting keeps an extract 7 years at most.
    let late = json!({"purpose": "forecasting", "agreement": " ", "delete_by": "2040-01-01"});
    let r = app.api("POST", "/api/v1/sharing/extracts", Some(&analyst), Some(late)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["agreement", "delete_by"]);

    let extract = app.created("/api/v1/sharing/extracts", &analyst, body.clone(), "id").await;
    let e = app.api("GET", &format!("/api/v1/sharing/extracts/{extract}"), Some(&analyst), None).await.json();
    assert_eq!(
        (e["purpose"].as_str(), e["agreement"].as_str(), e["delete_by"].as_str()),
        (Some("forecasting"), Some("DSA-NW-2026-04"), Some("2030-03-31"))
    );
    assert_eq!((e["key_version"].as_i64(), e["children"].as_i64(), e["years"].as_str()), (Some(1), Some(1), Some("2022-23 to 2026-27")));

    // The council's own identifier for the child, from its 903 return.
    let (cookie, _) = app.session(Role::PerformanceAnalyst).await;
    let header = app.page("GET", "/returns/ssda903/2026-27/header", &cookie, None).await;
    let census_id = header.body.lines().nth(1).and_then(|l| l.split(',').next()).unwrap().to_owned();
    assert!(!census_id.is_empty(), "{}", header.body);

    let shared = tables(&app, &analyst, &extract).await;
    let names: Vec<&str> = shared.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["episodes", "header", "missing", "oc2", "placements", "uasc"]);
    for (name, text) in &shared {
        let full_dob = ["27/06/2012", "2012-06-27", "2012-06"];
        for secret in
            [c.given, c.family, c.nhs, c.upn, c.id.as_str(), census_id.as_str(), "NM2 7QA", "NM3 8QD", "Calder"].iter().chain(&full_dob)
        {
            assert!(!text.contains(secret), "{name} shares {secret:?}:\n{text}");
        }
        for banned in ["UPN", "MOTHER", "MC_DOB", "HEALTH_CHECK"] {
            assert!(!text.lines().next().unwrap_or("").split(',').any(|h| h == banned), "{name} has a {banned} column");
        }
    }
    let header = &shared.iter().find(|(n, _)| n == "header").unwrap().1;
    assert_eq!(header.lines().next(), Some("CHILD,SEX,DOB,ETHNIC,LA,YEAR"));
    let row: Vec<&str> = header.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(&row[1..], ["F", "01/06/2012", "", LA, "2026-27"]);
    // SH-1: only the council can trace the code back: it is the keyed hash of its own identifier.
    let key = {
        let mut tx = app.db.db.begin().await.unwrap();
        ff_store::sharing::current_key(&mut tx, LA).await.unwrap().unwrap().1
    };
    assert_eq!(row[0], ff_domain::sharing::pseudonym(&key, &census_id));
    let episodes = &shared.iter().find(|(n, _)| n == "episodes").unwrap().1;
    assert!(episodes.contains(",NM2 7,NM3 8,"), "postcodes cut to the sector: {episodes}");
    // RCC-SHARE-2: the placement snapshot names the child by the same code, with an age, not a birthday.
    let placements = &shared.iter().find(|(n, _)| n == "placements").unwrap().1;
    let snap: Vec<&str> = placements.lines().nth(1).unwrap().split(',').collect();
    assert_eq!((snap[0], snap[1], snap[2]), (LA, row[0], "14"), "{placements}");

    // A rotated key gives the child a new code in later extracts; the first keeps its own.
    let admin = app.token(Role::LaAdmin, LA).await;
    assert_eq!(app.api("POST", "/api/v1/sharing/key", Some(&analyst), None).await.status, StatusCode::FORBIDDEN);
    let r = app.api("POST", "/api/v1/sharing/key", Some(&admin), None).await;
    assert_eq!(r.json()["key_version"], 2, "{}", r.body);
    let second = app.created("/api/v1/sharing/extracts", &analyst, body, "id").await;
    let again = tables(&app, &analyst, &second).await;
    let header2 = &again.iter().find(|(n, _)| n == "header").unwrap().1;
    let code2 = header2.lines().nth(1).and_then(|l| l.split(',').next()).unwrap();
    assert_ne!(code2, row[0]);
    assert_eq!(app.api("GET", &format!("/api/v1/sharing/extracts/{second}"), Some(&analyst), None).await.json()["key_version"], 2);
    let placements2 = &again.iter().find(|(n, _)| n == "placements").unwrap().1;
    assert!(placements2.contains(code2) && !placements2.contains(row[0]), "{placements2}");
    let first_again = tables(&app, &analyst, &extract).await;
    assert_eq!(first_again, shared, "an extract is kept exactly as shared");
}

#[tokio::test]
async fn the_analyst_makes_an_extract_on_a_page_without_javascript() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    child_in_care(&app, &sw).await;
    let (cookie, csrf) = app.session(Role::PerformanceAnalyst).await;
    let r = app.page("GET", "/sharing", &cookie, None).await;
    assert!(r.status == StatusCode::OK && r.body.contains("No extract shared yet"), "{}", r.status);
    let form = [
        ("purpose", "sufficiency"),
        ("agreement", "DSA-NW-2026-04"),
        ("delete_by_day", "31"),
        ("delete_by_month", "3"),
        ("delete_by_year", "2034"),
        ("years", "2"),
        ("placements", "yes"),
        ("placements_on_day", "31"),
        ("placements_on_month", "1"),
        ("placements_on_year", "2099"),
        ("csrf_token", &csrf),
    ];
    let r = app.page("POST", "/sharing/new", &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "sufficiency keeps an extract 7 years at most");
    assert!(r.body.contains("at most 7 years"), "{}", r.body);
    assert!(r.body.contains("today or in the past"), "a snapshot day in the future is refused: {}", r.body);
    let mut ok = form;
    ok[4] = ("delete_by_year", "2030");
    // Left blank, the snapshot is of the last day of last month.
    ok[7] = ("placements_on_day", "");
    ok[8] = ("placements_on_month", "");
    ok[9] = ("placements_on_year", "");
    let r = app.page("POST", "/sharing/new", &cookie, Some(&ok)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers[header::LOCATION].to_str().unwrap().to_owned();
    let page = app.page("GET", &to, &cookie, None).await;
    assert!(page.body.contains("DSA-NW-2026-04") && page.body.contains("2025-26 to 2026-27"), "{}", page.body);
    let file = app.page("GET", &format!("{to}/header.csv"), &cookie, None).await;
    assert!(file.status == StatusCode::OK && file.body.starts_with("CHILD,SEX,DOB,ETHNIC,LA,YEAR"), "{}", file.body);
    assert!(page.body.contains("placements.csv"), "{}", page.body);
    let snap = app.page("GET", &format!("{to}/placements.csv"), &cookie, None).await;
    assert!(snap.status == StatusCode::OK && snap.body.starts_with("LA,CHILD,AGE,"), "{}", snap.body);
}

/// RCC-SHARE-2: the placement snapshot holds every child in care on the day with the census
/// fields the records hold: the cost when agreed (blank, not zero, when not), the register's
/// word on the home, in or out of area and a distance band; a day in the future is refused and
/// records nothing; making the extract and each download are audited.
#[tokio::test]
async fn the_monthly_placement_snapshot_carries_costs_and_places_but_no_one_s_identity() {
    let app = TestApp::new().await;
    load_directory(&app).await;
    load_register(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let analyst = app.token(Role::PerformanceAnalyst, LA).await;
    let c = child_in_care(&app, &sw).await;
    let orlaith = child_in_a_home(&app, &sw).await;

    let asked = json!({"purpose": "sufficiency", "agreement": "DSA-NW-2026-04", "delete_by": "2030-03-31", "placements": true});
    assert_eq!(app.api("POST", "/api/v1/sharing/extracts", Some(&sw), Some(asked)).await.status, StatusCode::FORBIDDEN);
    let before = events(&app).await;
    let future = json!({"purpose": "sufficiency", "agreement": "DSA-NW-2026-04", "delete_by": "2030-03-31", "placements_on": "2099-01-31"});
    let r = app.api("POST", "/api/v1/sharing/extracts", Some(&analyst), Some(future)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "placements_on");
    let body = json!({"purpose": "sufficiency", "agreement": "DSA-NW-2026-04", "delete_by": "2030-03-31", "placements_on": "2026-11-20",
        "years": 1});
    assert_eq!(events(&app).await, before, "a refused day records nothing");

    let extract = app.created("/api/v1/sharing/extracts", &analyst, body, "id").await;
    assert_eq!(events(&app).await, before + 1, "one audit event for the extract");
    let e = app.api("GET", &format!("/api/v1/sharing/extracts/{extract}"), Some(&analyst), None).await.json();
    let file = e["tables"].as_array().unwrap().iter().find(|t| t["table"] == "placements").unwrap_or_else(|| panic!("{e}")).clone();
    assert_eq!(file["rows"], 2);
    assert_eq!(file["checksum"].as_str().map(str::len), Some(64));
    let shared = tables(&app, &analyst, &extract).await;
    assert_eq!(events(&app).await, before + 1 + shared.len() as i64, "every download is audited");

    for (name, text) in &shared {
        for secret in [
            c.given,
            c.family,
            c.nhs,
            c.upn,
            c.id.as_str(),
            orlaith.as_str(),
            "Orlaith",
            "27/06/2012",
            "2012-06-27",
            "15/01/2011",
            "2011-01-15",
            "NM2 7QA",
            "NM3 8QD",
            "NM1 1AA",
            "NM2 2BB",
            "Calder",
            "Mill Lane",
        ] {
            assert!(!text.contains(secret), "{name} shares {secret:?}:\n{text}");
        }
    }
    let placements = &shared.iter().find(|(n, _)| n == "placements").unwrap().1;
    let header = &shared.iter().find(|(n, _)| n == "header").unwrap().1;
    assert_eq!(
        placements.lines().next(),
        Some(ff_domain::sharing::PLACEMENT_COLUMNS.join(",").as_str()),
        "the census fields, and no name, postcode or birth date"
    );
    let rows: Vec<Vec<&str>> = placements.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let codes: Vec<&str> = header.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    assert!(rows.iter().all(|r| codes.contains(&r[1])), "the same codes as the 903 header: {placements}\n{header}");
    let by_age = |age: &str| rows.iter().find(|r| r[2] == age).unwrap_or_else(|| panic!("{age}: {placements}")).clone();
    let (zephyrine, home_child) = (by_age("14"), by_age("15"));
    assert_eq!(&zephyrine[3..11], ["F", "", "V2", "02/11/2026", "U6", "PR1", "", "none"], "{placements}");
    assert!(zephyrine[11..18].iter().all(|v| v.is_empty()), "no agreement: blank costs, not zero: {placements}");
    assert_eq!(
        &home_child[5..18],
        [
            "C1",
            "02/11/2026",
            "K2",
            "PR4",
            GOOD_HOME,
            "ofsted_registered",
            "residential_mainstream",
            "spot",
            "5200.00",
            "4200.00",
            "600.00",
            "400.00",
            "none_nearby"
        ],
        "{placements}"
    );
    assert_eq!(home_child[18], "0");
    assert_eq!(home_child[21], "20/11/2026");
    assert!(["in", "out"].contains(&home_child[19]) && !home_child[20].is_empty(), "{placements}");
}
