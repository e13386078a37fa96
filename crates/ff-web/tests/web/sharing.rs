//! Sharing with the regional care co-operative (RCC-SHARE-1, RCC-SHARE-4): the
//! analyst's pseudonymised 903 extract carries nothing that identifies a child (SH-1, SH-2; every
//! table scanned), is tagged with its use, agreement and deletion day (SH-3), and a rotated key
//! gives every child a new code.

use axum::http::{StatusCode, header};
use ff_domain::roles::Role;
use serde_json::json;

use super::looked_after::{placement, with};
use super::{LA, TestApp};

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
    let body = json!({"purpose": "forecasting", "agreement": "DSA-NW-2026-04", "delete_by": "2030-03-31"});
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
    assert_eq!(names, ["episodes", "header", "missing", "oc2", "uasc"]);
    for (name, text) in &shared {
        for secret in [c.given, c.family, c.nhs, c.upn, c.id.as_str(), census_id.as_str(), "27/06/2012", "NM2 7QA", "NM3 8QD", "Calder"] {
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
        ("csrf_token", &csrf),
    ];
    let r = app.page("POST", "/sharing/new", &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "sufficiency keeps an extract 7 years at most");
    assert!(r.body.contains("at most 7 years"), "{}", r.body);
    let mut ok = form;
    ok[4] = ("delete_by_year", "2030");
    let r = app.page("POST", "/sharing/new", &cookie, Some(&ok)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers[header::LOCATION].to_str().unwrap().to_owned();
    let page = app.page("GET", &to, &cookie, None).await;
    assert!(page.body.contains("DSA-NW-2026-04") && page.body.contains("2025-26 to 2026-27"), "{}", page.body);
    let file = app.page("GET", &format!("{to}/header.csv"), &cookie, None).await;
    assert!(file.status == StatusCode::OK && file.body.starts_with("CHILD,SEX,DOB,ETHNIC,LA,YEAR"), "{}", file.body);
}
