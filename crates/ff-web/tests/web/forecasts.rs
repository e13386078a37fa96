//! Demand forecasts (RCC-2; FC-1..FC-6): the placements commissioner runs one on a region's 903
//! files (the public demand model's sample) and gets the peer's numbers through the product;
//! one from the council's own records; refusals (FC-1 dates, FC-5 levers, an unknown council)
//! change nothing; a forecast is kept as run and every view and download is audited; the page
//! works without JavaScript.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::looked_after::{placement, with};
use super::{LA, TestApp};

fn sample(name: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/rcc/peer-sample/input/");
    std::fs::read_to_string(format!("{path}{name}")).unwrap()
}

fn files() -> Value {
    json!(["episodes.csv", "header.csv", "uasc.csv"].iter().map(|n| json!({"name": n, "csv": sample(n)})).collect::<Vec<_>>())
}

async fn audit_count(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

#[tokio::test]
async fn a_forecast_on_a_regions_files_gives_the_peer_models_numbers_and_is_kept_as_run() {
    let app = TestApp::new().await;
    let commissioner = app.token(Role::Commissioner, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let body = json!({"title": "Region baseline", "source": "files", "files": files(),
        "reference_start": "2016-04-01", "reference_end": "2022-03-31", "start": "2022-03-31", "end": "2024-03-31"});
    // Only the commissioner and the analyst forecast.
    assert_eq!(app.api("POST", "/api/v1/forecasts", Some(&sw), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    let before = audit_count(&app).await;
    let id = app.created("/api/v1/forecasts", &commissioner, body.clone(), "id").await;
    assert_eq!(audit_count(&app).await, before + 1, "one audit event for the forecast");
    let f = app.api("GET", &format!("/api/v1/forecasts/{id}"), Some(&commissioner), None).await.json();
    let r = &f["result"];
    // The peer's figures on its own sample (see ff-returns/tests/forecast_peer.rs).
    assert_eq!(r["in_care_at_start"], 86.0);
    assert!((r["in_care_at_end"].as_f64().unwrap() - 167.875_619).abs() < 1e-5, "{}", r["in_care_at_end"]);
    assert_eq!(r["first_year_cost"], 2_538_130.75);
    assert_eq!(r["left_out"]["no_header"], 387, "episodes of children with no header row are left out, and said");
    assert_eq!(r["councils"].as_array().unwrap().len(), 3);
    // FC-7: the last year held out and forecast from the years before.
    assert_eq!(r["backtest"]["from"], "2021-03-31");
    assert_eq!(r["backtest"]["points"].as_array().unwrap().last().unwrap()["actual"], 86.0);
    assert_eq!(f["files"].as_array().unwrap().len(), 3, "the files it was run on are kept");
    assert_eq!(audit_count(&app).await, before + 2, "the view is audited");
    // A table as CSV.
    let csv = app.api("GET", &format!("/api/v1/forecasts/{id}/weekly"), Some(&commissioner), None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with("date,fostering,residential,supported,other,total,lower,upper\n2022-04-01,55,"), "{}", &csv.body[..200]);
    assert_eq!(app.api("GET", &format!("/api/v1/forecasts/{id}/secrets"), Some(&commissioner), None).await.status, StatusCode::NOT_FOUND);
    // One council of the three, with a lever: fewer children leave foster care, so more stay.
    let lever = json!({"title": "Bromley, fewer leaving", "source": "files", "files": files(), "councils": ["bromley"],
        "levers": [{"from": "10 to 16 - Fostering", "to": "10 to 16 - Not in care", "multiply": 0.5}],
        "weekly_costs": {"fostering_agency": 900.0}, "inflation_percent": 3.0});
    let two = app.created("/api/v1/forecasts", &commissioner, lever, "id").await;
    let g = app.api("GET", &format!("/api/v1/forecasts/{two}"), Some(&commissioner), None).await.json();
    assert_eq!(g["result"]["councils_chosen"], json!(["Bromley"]));
    assert_eq!(g["result"]["levers"][0]["change"], "× 0.5");
    let agency = g["result"]["cost_items"].as_array().unwrap().iter().find(|c| c["code"] == "fostering_agency").unwrap().clone();
    assert_eq!(agency["weekly"], 900.0);
    let list = app.api("GET", "/api/v1/forecasts", Some(&commissioner), None).await.json();
    assert_eq!(list["forecasts"].as_array().unwrap().len(), 2);
    assert_eq!(list["forecasts"][0]["title"], "Bromley, fewer leaving", "newest first");
    // Refusals change nothing: a forecast of more than four years (FC-1), a factor on a move
    // that never happened (FC-5), a council not in the files, files that are not 903 tables.
    let count = audit_count(&app).await;
    let long = with(body.clone(), json!({"end": "2027-01-01"}));
    let r = app.api("POST", "/api/v1/forecasts", Some(&commissioner), Some(long)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("\"end\"") && r.body.contains("4 years at most"), "{}", r.body);
    let never =
        with(body.clone(), json!({"levers": [{"from": "Birth to 1 - Supported", "to": "Birth to 1 - Residential", "multiply": 2.0}]}));
    let r = app.api("POST", "/api/v1/forecasts", Some(&commissioner), Some(never)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let twice = with(
        body.clone(),
        json!({"files": [{"name": "a.csv", "csv": sample("header.csv")}, {"name": "b.csv", "csv": sample("header.csv")}]}),
    );
    let r = app.api("POST", "/api/v1/forecasts", Some(&commissioner), Some(twice)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("b.csv is the same file as a.csv"), "{}", r.body);
    let no_header = with(body.clone(), json!({"files": [{"name": "episodes.csv", "csv": sample("episodes.csv")}]}));
    let r = app.api("POST", "/api/v1/forecasts", Some(&commissioner), Some(no_header)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("header table"), "{}", r.body);
    let nowhere = with(body.clone(), json!({"councils": ["Atlantis"]}));
    let r = app.api("POST", "/api/v1/forecasts", Some(&commissioner), Some(nowhere)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Atlantis"), "{}", r.body);
    let junk = with(body.clone(), json!({"files": [{"name": "notes.csv", "csv": "a,b\n1,2\n"}]}));
    let r = app.api("POST", "/api/v1/forecasts", Some(&commissioner), Some(junk)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("notes.csv"), "{}", r.body);
    let both = with(body, json!({"levers": [{"from": "10 to 16 - Fostering", "to": "10 to 16 - Other", "multiply": 2.0, "add": 0.1}]}));
    assert_eq!(app.api("POST", "/api/v1/forecasts", Some(&commissioner), Some(both)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(audit_count(&app).await, count, "refusals add nothing");
    let list = app.api("GET", "/api/v1/forecasts", Some(&commissioner), None).await.json();
    assert_eq!(list["forecasts"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_analyst_forecasts_from_the_councils_own_records() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let analyst = app.token(Role::PerformanceAnalyst, LA).await;
    for (i, dob) in ["2012-06-27", "2015-02-11"].iter().enumerate() {
        let body = json!({"given_name": format!("Child{i}"), "family_name": "Fenwick", "date_of_birth": dob, "sex": "F",
            "confirm_not_duplicate": true});
        let id = app.created("/api/v1/people", &sw, body, "id").await;
        let care = with(placement("C2", "U4", "NM3 8QD"), json!({"start_date": "2025-06-02", "category_of_need": "N1"}));
        app.created(&format!("/api/v1/people/{id}/care"), &sw, care, "id").await;
    }
    let id = app.created("/api/v1/forecasts", &analyst, json!({"title": "Our children", "source": "records"}), "id").await;
    let f = app.api("GET", &format!("/api/v1/forecasts/{id}"), Some(&analyst), None).await.json();
    let r = &f["result"];
    assert_eq!(r["in_care_at_start"], 2.0, "{r}");
    assert_eq!(r["councils"].as_array().unwrap().len(), 1, "the council, by its name");
    assert_ne!(r["councils"][0], LA);
    assert!(f["files"].as_array().unwrap().is_empty());
    // With nobody in care there is nothing to forecast from.
    let empty = TestApp::new().await;
    let t = empty.token(Role::PerformanceAnalyst, LA).await;
    let r = empty.api("POST", "/api/v1/forecasts", Some(&t), Some(json!({"title": "x", "source": "records"}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("no episodes"), "{}", r.body);
}

#[tokio::test]
async fn the_commissioner_forecasts_on_a_page_without_javascript() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::Commissioner).await;
    let r = app.page("GET", "/forecasts", &cookie, None).await;
    assert!(r.status == StatusCode::OK && r.body.contains("No forecast made yet"), "{}", r.body);
    let form = app.page("GET", "/forecasts/new", &cookie, None).await;
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains(&format!("csrf_token={csrf}")), "{}", form.body);
    // Three files and the form's fields, as a browser sends them.
    let boundary = "ffboundaryForecast42";
    let mut body = Vec::new();
    for (k, v) in [
        ("title", "Region baseline"),
        ("source", "files"),
        ("fostering_agency", "£1,250"),
        ("lever1_from", "10 to 16 - Fostering"),
        ("lever1_to", "10 to 16 - Not in care"),
        ("lever1_kind", "multiply"),
        ("lever1_value", "0.8"),
    ] {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    for (i, name) in ["episodes.csv", "header.csv", "uasc.csv"].iter().enumerate() {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file_{}\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n",
                i + 1
            )
            .as_bytes(),
        );
        body.extend_from_slice(sample(name).as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let send = |body: Vec<u8>| {
        Request::builder()
            .method("POST")
            .uri(format!("/forecasts/new?csrf_token={csrf}"))
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap()
    };
    let r = app.send(send(body)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers.get(header::LOCATION).unwrap().to_str().unwrap().to_owned();
    let page = app.page("GET", &to, &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Region baseline",
        "<svg",
        "Children in care as forecast",
        "£1,250",
        "10 to 16 - Fostering → 10 to 16 - Not in care: × 0.8",
        "weekly.csv",
    ] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
    let csv = app.page("GET", &format!("{to}/quarters.csv"), &cookie, None).await;
    assert!(csv.status == StatusCode::OK && csv.body.starts_with("quarter,Fostering (Friend/Relative)"), "{}", csv.body);
    // A mistake is shown on the form, with what was typed kept.
    let mut bad = Vec::new();
    for (k, v) in [("title", ""), ("source", "files"), ("inflation_percent", "lots")] {
        bad.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    bad.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let r = app.send(send(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Inflation must be a number") && r.body.contains("value=\"lots\""), "{}", r.body);
}
