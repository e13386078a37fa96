//! Sufficiency (RCC-2, RCC-SHARE-7, RCC-SHARE-8): the commissioner sees where the council's
//! children in care live on a day, inside or outside the area and how far from home (903
//! PL_LOCATION and PL_DISTANCE, from the postcode directory), long-term stability, the searches
//! for a home and the council's own foster places; the counts follow the records, the day can
//! be any past day, a bad day is a 422 that records nothing, and each view is one audit event.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::looked_after::{home, placement, with};
use super::postcodes::load_directory;
use super::providers::load_register;
use super::{LA, TestApp};

async fn events(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

fn figure(v: &Value, list: &str, key: &str) -> f64 {
    v[list].as_array().unwrap().iter().find(|f| f["key"] == key).unwrap_or_else(|| panic!("{list}.{key} in {v}"))["value"].as_f64().unwrap()
}

/// A child with a home in NM1 1AA since 2020, in care from `start` in `place`.
async fn in_care(app: &TestApp, sw: &str, name: &str, born: &str, start: &str, place: Value) -> String {
    let child = super::family_help::make_child(app, sw, name, born).await;
    let address = json!({"line1": "4 Mill Lane", "town": "Northmoor", "postcode": "NM1 1AA", "start_date": "2020-01-01"});
    assert_eq!(app.post(&format!("/api/v1/people/{child}/addresses"), sw, address).await.status, StatusCode::CREATED);
    let body = with(place, json!({"start_date": start, "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{child}/care"), sw, body, "id").await;
    child
}

#[tokio::test]
async fn the_picture_follows_the_records_on_any_past_day() {
    let app = TestApp::new().await;
    load_directory(&app).await;
    load_register(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let commissioner = app.token(Role::Commissioner, LA).await;
    let v = app.api("GET", "/api/v1/sufficiency", Some(&commissioner), None).await.json();
    assert_eq!((v["children"].as_u64(), v["postcodes_loaded"].as_bool()), (Some(0), Some(true)), "{v}");

    // In Cumbria, 69.8 miles away; in Rochdale under a mile away; in a children's home in
    // Lancashire about four and a half miles away; at a postcode the directory lacks. (The test
    // council, 990, has no postcode of its own in the directory: inside the area is checked in
    // `ff_domain::sufficiency`.)
    let far = in_care(&app, &sw, "Ada", "2012-01-01", "2026-11-02", placement("C1", "U6", "NM20 1AB")).await;
    in_care(&app, &sw, "Bea", "2013-01-01", "2026-11-02", placement("C1", "U4", "NM9 9ZZ")).await;
    in_care(&app, &sw, "Cal", "2011-01-01", "2026-11-02", home("C1", "NM2 2BB")).await;
    // In care since January 2024 in the same home: counted in long-term stability.
    in_care(&app, &sw, "Dot", "2015-01-01", "2024-01-10", with(placement("C1", "U1", "NM7 7ZZ"), json!({"placement_provider": "PR1"})))
        .await;

    let before = events(&app).await;
    let v = app.api("GET", "/api/v1/sufficiency", Some(&commissioner), None).await.json();
    assert_eq!(events(&app).await, before + 1, "one audit event per view");
    assert_eq!(v["children"], 4, "{v}");
    assert_eq!(figure(&v, "by_home", "council_foster"), 2.0, "U4 and U6 with the council's carers: {v}");
    assert_eq!(figure(&v, "by_home", "childrens_home"), 1.0);
    assert_eq!(figure(&v, "by_home", "family_and_friends"), 1.0);
    assert_eq!(figure(&v, "by_provider", "PR4"), 1.0);
    assert_eq!(
        (figure(&v, "by_area", "inside"), figure(&v, "by_area", "outside"), figure(&v, "by_area", "area_not_known")),
        (0.0, 3.0, 1.0)
    );
    assert_eq!(figure(&v, "by_distance", "over_20_miles"), 1.0);
    assert_eq!(figure(&v, "by_distance", "under_5_miles"), 2.0);
    assert_eq!(figure(&v, "by_distance", "distance_not_known"), 1.0);
    assert_eq!(figure(&v, "by_distance", "over_20_share"), 33.3, "one of the three whose distance is known");
    assert_eq!((figure(&v, "stability", "long_term_children"), figure(&v, "stability", "long_term_stable")), (1.0, 100.0));

    // A search for a home that waits, seen on the day it started and not before.
    let search = json!({"urgency": "planned", "home_kind": "residential", "needed_by": "2026-12-04", "siblings": 0, "near_family": true,
        "family_postcode": "nm1 1aa", "stay_at_school": false, "needs": "A home near her brother", "risk_to_child": "low",
        "risk_to_others": "none"});
    app.created(&format!("/api/v1/people/{far}/home-searches"), &sw, search, "id").await;
    let v = app.api("GET", "/api/v1/sufficiency", Some(&commissioner), None).await.json();
    assert_eq!((figure(&v, "searches", "open"), figure(&v, "searches_by_kind", "residential")), (1.0, 1.0), "{v}");

    // On 1 June only the child in care since 2024 was in care, not yet for two and a half years,
    // and no search had begun.
    let v = app.api("GET", "/api/v1/sufficiency?on=2026-06-01", Some(&commissioner), None).await.json();
    assert_eq!((v["on"].as_str(), v["children"].as_u64()), (Some("2026-06-01"), Some(1)), "{v}");
    assert_eq!(figure(&v, "searches", "open"), 0.0);
    assert_eq!(figure(&v, "stability", "long_term_children"), 0.0, "29 months in care then");
}

#[tokio::test]
async fn a_bad_day_is_named_and_others_roles_are_refused() {
    let app = TestApp::new().await;
    let analyst = app.token(Role::PerformanceAnalyst, LA).await;
    let before = events(&app).await;
    for bad in ["2026-13-01", "2027-01-01", "1999-12-31"] {
        let r = app.api("GET", &format!("/api/v1/sufficiency?on={bad}"), Some(&analyst), None).await;
        assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["errors"][0]["field"] == "on", "{bad}: {}", r.body);
    }
    assert_eq!(events(&app).await, before, "a refused day records no view");
    let sw = app.token(Role::SocialWorker, LA).await;
    assert_eq!(app.api("GET", "/api/v1/sufficiency", Some(&sw), None).await.status, StatusCode::FORBIDDEN);

    // The page and its CSV for a manager, without JavaScript.
    let (cookie, _) = app.session(Role::PracticeSupervisor).await;
    let page = app.page("GET", "/sufficiency", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Homes for children in care on") && page.body.contains("The postcode directory has not been loaded"),
        "{}",
        page.body
    );
    let page = app.page("GET", "/sufficiency?on_day=31&on_month=2&on_year=2026", &cookie, None).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    // The boxes hold what was typed, to correct, not today's date.
    assert!(page.body.contains("name=\"on_day\" type=\"text\" inputmode=\"numeric\" value=\"31\""), "{}", page.body);
    let csv = app.page("GET", "/sufficiency.csv?on=2026-03-31", &cookie, None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with("section,key,label,value,unit,on\n"), "{}", csv.body);
    assert!(csv.body.contains("homes,childrens_home,\"Children's homes\",0,\"\",2026-03-31"), "{}", csv.body);
}

/// PA-1..PA-3: the agreement for a child's placement in a children's home outside the area is
/// checked field by field, recorded once, changed at its version, shown on the child's page, and
/// its weekly cost counted on the sufficiency page.
#[tokio::test]
async fn a_placement_agreement_is_checked_kept_at_its_version_and_counted() {
    let app = TestApp::new().await;
    load_directory(&app).await;
    load_register(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = in_care(&app, &sw, "Eve", "2011-01-01", "2026-11-02", home("C1", "NM2 2BB")).await;
    let path = format!("/api/v1/people/{child}/care/agreement");
    let good = json!({"agreed_on": "2026-11-05", "weekly_cost_pence": 520_000, "social_care_pence": 420_000, "education_pence": 60_000,
        "health_pence": 40_000, "sourcing_route": "spot", "provision_type": "residential_mainstream", "distance_reason": "none_nearby"});
    let before = events(&app).await;
    for (change, field) in [
        (json!({"health_pence": 39_999}), "social_care"),
        (json!({"provision_type": "fostering_mainstream"}), "provision_type"),
        (json!({"distance_reason": "not_applicable"}), "distance_reason"),
        (json!({"agreed_on": "2026-11-01"}), "agreed_on"),
        (json!({"sourcing_route": "by_pigeon"}), "sourcing_route"),
        (json!({"offer_id": "00000000-0000-0000-0000-000000000001"}), "offer_id"),
    ] {
        let r = app.api("PUT", &path, Some(&sw), Some(with(good.clone(), change.clone()))).await;
        assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["errors"][0]["field"] == field, "{change}: {}", r.body);
    }
    assert_eq!(events(&app).await, before, "refusals record nothing");
    let r = app.api("PUT", &path, Some(&sw), Some(good.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(events(&app).await, before + 1, "one audit event");
    // Opened empty by someone else meanwhile: a conflict, not a second agreement.
    assert_eq!(app.api("PUT", &path, Some(&sw), Some(good.clone())).await.status, StatusCode::CONFLICT);
    let care = super::looked_after::care(&app, &sw, &child).await;
    let a = &care["agreement"];
    assert_eq!(a["summary"], "£5,200.00 a week (social care £4,200.00, education £600.00, health £400.00)", "{care}");
    assert_eq!((a["version"].as_i64(), a["provision_type"].as_str()), (Some(1), Some("residential_mainstream")));

    // A rise agreed later, at the version read; the same version again is stale.
    let rise =
        with(good.clone(), json!({"version": 1, "weekly_cost_pence": 540_000, "social_care_pence": 440_000, "agreed_on": "2026-11-20"}));
    assert_eq!(app.api("PUT", &path, Some(&sw), Some(rise.clone())).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api("PUT", &path, Some(&sw), Some(rise)).await.status, StatusCode::CONFLICT);
    let commissioner = app.token(Role::Commissioner, LA).await;
    let v = app.api("GET", "/api/v1/sufficiency", Some(&commissioner), None).await.json();
    assert_eq!(figure(&v, "costs", "weekly_total"), 5400.0, "{v}");
    assert_eq!(figure(&v, "costs", "weekly_education"), 600.0);
    assert_eq!(figure(&v, "costs", "average_childrens_home"), 5400.0);
    assert_eq!(figure(&v, "costs", "without_cost"), 0.0);

    // On the page, without JavaScript: the form starts from what was agreed, and saves pounds.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let form = app.page("GET", &format!("/people/{child}/care/agreement?child={child}"), &cookie, None).await;
    assert!(form.status == StatusCode::OK && form.body.contains("value=\"5400.00\""), "{}", form.body);
    let posted = app
        .page(
            "POST",
            &format!("/people/{child}/care/agreement"),
            &cookie,
            Some(&[
                ("csrf_token", csrf.as_str()),
                ("child", child.as_str()),
                ("version", "2"),
                ("agreed_on_day", "21"),
                ("agreed_on_month", "11"),
                ("agreed_on_year", "2026"),
                ("weekly_cost", "5,500"),
                ("social_care", "4500"),
                ("education", "600.00"),
                ("health", "£400"),
                ("sourcing_route", "regional_framework"),
                ("provision_type", "residential_mainstream"),
                ("distance_reason", "none_nearby"),
            ]),
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(page.body.contains("£5,500.00 a week (social care £4,500.00"), "{}", page.body);
    assert!(page.body.contains("Change the placement agreement"));
}

/// PA-4: a change of cost applies from its day and the days before keep what was agreed for them
/// (on the sufficiency page for a past day too); a change cannot go back before the terms in
/// force; every mistake comes back at once; and a page that shows a mistake has saved nothing.
#[tokio::test]
async fn agreement_terms_are_kept_for_the_days_they_covered() {
    let app = TestApp::new().await;
    load_directory(&app).await;
    load_register(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let commissioner = app.token(Role::Commissioner, LA).await;
    let child = in_care(&app, &sw, "Fay", "2011-01-01", "2026-11-02", home("C1", "NM2 2BB")).await;
    let path = format!("/api/v1/people/{child}/care/agreement");
    let first = json!({"agreed_on": "2026-11-05", "weekly_cost_pence": 500_000, "social_care_pence": 500_000, "education_pence": 0,
        "health_pence": 0, "sourcing_route": "spot", "provision_type": "residential_mainstream", "distance_reason": "none_nearby"});

    // Every mistake at once.
    let wrong =
        with(first.clone(), json!({"health_pence": 1, "provision_type": "fostering_mainstream", "distance_reason": "not_applicable"}));
    let r = app.api("PUT", &path, Some(&sw), Some(wrong)).await;
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["social_care", "provision_type", "distance_reason"], "{}", r.body);

    assert_eq!(app.api("PUT", &path, Some(&sw), Some(first.clone())).await.status, StatusCode::CREATED);
    let rise =
        with(first.clone(), json!({"version": 1, "agreed_on": "2026-11-20", "weekly_cost_pence": 540_000, "social_care_pence": 540_000}));
    assert_eq!(app.api("PUT", &path, Some(&sw), Some(rise)).await.status, StatusCode::NO_CONTENT);
    // Back before the terms in force: refused, naming the day they began.
    let back =
        with(first.clone(), json!({"version": 2, "agreed_on": "2026-11-19", "weekly_cost_pence": 530_000, "social_care_pence": 530_000}));
    let r = app.api("PUT", &path, Some(&sw), Some(back)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("20 November 2026"), "{}", r.body);
    // A correction of the rise, on its own day.
    let fix =
        with(first.clone(), json!({"version": 2, "agreed_on": "2026-11-20", "weekly_cost_pence": 545_000, "social_care_pence": 545_000}));
    assert_eq!(app.api("PUT", &path, Some(&sw), Some(fix)).await.status, StatusCode::NO_CONTENT);

    let cost_on = |day: &'static str| {
        let app = &app;
        let commissioner = &commissioner;
        async move {
            let v = app.api("GET", &format!("/api/v1/sufficiency?on={day}"), Some(commissioner), None).await.json();
            figure(&v, "costs", "weekly_total")
        }
    };
    // Before it was written down, the first terms cover the placement from its start.
    assert_eq!(cost_on("2026-11-03").await, 5000.0);
    assert_eq!(cost_on("2026-11-19").await, 5000.0);
    assert_eq!(cost_on("2026-11-20").await, 5450.0, "the correction, not the first rise");
    assert_eq!(cost_on("2026-11-23").await, 5450.0);

    let care = super::looked_after::care(&app, &sw, &child).await;
    let history: Vec<(String, i64)> = care["agreement"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["from"].as_str().unwrap().to_owned(), t["weekly_cost_pence"].as_i64().unwrap()))
        .collect();
    assert_eq!(history, [("2026-11-05".to_owned(), 500_000), ("2026-11-20".to_owned(), 545_000)], "{care}");

    // On the page: an amount that cannot be read with a kind of provision that does not fit is
    // shown as two mistakes at once, and nothing is saved behind them.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let posted = app
        .page(
            "POST",
            &format!("/people/{child}/care/agreement"),
            &cookie,
            Some(&[
                ("csrf_token", csrf.as_str()),
                ("child", child.as_str()),
                ("version", "3"),
                ("agreed_on_day", "22"),
                ("agreed_on_month", "11"),
                ("agreed_on_year", "2026"),
                ("weekly_cost", "lots"),
                ("social_care", ""),
                ("education", ""),
                ("health", ""),
                ("sourcing_route", "spot"),
                ("provision_type", "fostering_mainstream"),
                ("distance_reason", "none_nearby"),
            ]),
        )
        .await;
    assert_eq!(posted.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", posted.body);
    assert!(posted.body.contains("Enter the weekly cost in pounds"), "{}", posted.body);
    assert!(posted.body.contains("does not fit the placement"), "{}", posted.body);
    assert!(!posted.body.contains("cannot be in the future"), "the stand-in day is not shown: {}", posted.body);
    assert!(!posted.body.contains("must be the same"), "no sum against an amount nobody typed: {}", posted.body);
    let care = super::looked_after::care(&app, &sw, &child).await;
    assert_eq!((care["agreement"]["version"].as_i64(), care["agreement"]["weekly_cost_pence"].as_i64()), (Some(3), Some(545_000)));
    let form = app.page("GET", &format!("/people/{child}/care/agreement?child={child}"), &cookie, None).await;
    assert!(form.body.contains("From 20 November 2026: £5,450.00 a week"), "{}", form.body);
}
