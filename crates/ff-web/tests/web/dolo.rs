//! Deprivation of liberty orders for children in care (LA-12; 903 DoLo, rules 700–710): recorded
//! and ended in the API and on pages, refused where the 903 would reject them, and in the 2026-27
//! export.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::json;

use super::looked_after::{care, home, placement, with};
use super::{LA, TestApp};

#[tokio::test]
async fn an_order_is_recorded_for_a_child_in_a_childrens_home_and_ended() {
    let app = TestApp::new().await;
    super::providers::load_register(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Rhys", "2011-04-04").await;
    let fostered = super::family_help::make_child(&app, &sw, "Sian", "2011-05-05").await;
    let start = json!({"start_date": "2026-10-05", "category_of_need": "N1"});
    app.created(&format!("/api/v1/people/{child}/care"), &sw, with(home("C2", "NM2 2BB"), start.clone()), "id").await;
    app.created(&format!("/api/v1/people/{fostered}/care"), &sw, with(placement("C2", "U4", "NM1 1AA"), start), "id").await;

    // Refused where the 903 would reject it, and nothing written.
    let order = |child: &str, body: serde_json::Value| {
        let app = &app;
        let sw = sw.clone();
        let url = format!("/api/v1/people/{child}/care/dolo");
        async move { app.api("POST", &url, Some(&sw), Some(body)).await }
    };
    let r = order(&fostered, json!({"started_on": "2026-11-02"})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["rule"] == "LA-12", "foster care (709): {}", r.body);
    let r = order(&child, json!({"started_on": "2026-09-01"})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("707"), "before care began: {}", r.body);
    let r = order(&child, json!({"started_on": "2026-11-24"})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("703"), "in the future: {}", r.body);
    assert!(care(&app, &sw, &child).await["dolos"].as_array().unwrap().is_empty());

    // One in force, then another refused while it is (705).
    let id = app.created(&format!("/api/v1/people/{child}/care/dolo"), &sw, json!({"started_on": "2026-11-02"}), "id").await;
    let r = order(&child, json!({"started_on": "2026-11-10"})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("705"), "{}", r.body);
    let c = care(&app, &sw, &child).await;
    assert_eq!((c["dolo_in_force"].as_bool(), c["dolos"][0]["started_on"].as_str()), (Some(true), Some("2026-11-02")));

    // While it is in force the child cannot move to foster care or leave care, and nothing changes.
    let v = care(&app, &sw, &child).await["current"]["version"].clone();
    let moved = with(
        placement("C2", "U4", "NM1 1AA"),
        json!({"start_date": "2026-11-15", "version": v, "reason_place_change": "CARPL", "decided_by": "Team manager"}),
    );
    let r = app.api("POST", &format!("/api/v1/people/{child}/care/changes"), Some(&sw), Some(moved)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["rule"] == "LA-12" && r.body.contains("709"), "{}", r.body);
    let leaving = json!({"end_date": "2026-11-16", "reason": "E4A", "version": v});
    let r = app.api("POST", &format!("/api/v1/people/{child}/care/leaving"), Some(&sw), Some(leaving)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("707"), "{}", r.body);
    let c = care(&app, &sw, &child).await;
    assert_eq!((c["current"]["placement_type"].as_str(), c["current"]["version"].clone()), (Some("K2"), v));

    // On the page: in force, with the way to record its end.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(page.body.contains("Deprivation of liberty order") && page.body.contains("In force since 2 November 2026"), "{}", page.body);
    assert!(page.body.contains(&format!("/care-dolo/{id}/end?child={child}")), "{}", page.body);

    // Ended: a stale version is a conflict; an end before the start is refused; then it ends on a page.
    let end = format!("/api/v1/care-dolo/{id}/end");
    assert_eq!(app.api("POST", &end, Some(&sw), Some(json!({"ended_on": "2026-11-20", "version": 9}))).await.status, StatusCode::CONFLICT);
    let r = app.api("POST", &end, Some(&sw), Some(json!({"ended_on": "2026-11-01", "version": 1}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("702"), "{}", r.body);
    let post = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("version", "1"),
        ("ended_on_day", "20"),
        ("ended_on_month", "11"),
        ("ended_on_year", "2026"),
    ];
    let r = app.submit(&format!("/care-dolo/{id}/end?child={child}"), &cookie, &post).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = care(&app, &sw, &child).await;
    assert_eq!((c["dolo_in_force"].as_bool(), c["dolos"][0]["ended_on"].as_str()), (Some(false), Some("2026-11-20")));
    assert_eq!(c["dolos"][0]["version"], 2, "the end is a new version");
    // Once it has ended, the child may move on.
    let v = c["current"]["version"].clone();
    let moved = with(
        placement("C2", "U4", "NM1 1AA"),
        json!({"start_date": "2026-11-21", "version": v, "reason_place_change": "CARPL", "decided_by": "Team manager"}),
    );
    app.created(&format!("/api/v1/people/{child}/care/changes"), &sw, moved, "id").await;

    // The 2026-27 return has it.
    let (analyst, _) = app.session(Role::PerformanceAnalyst).await;
    let csv = app.page("GET", "/returns/ssda903/2026-27/dolo.csv", &analyst, None).await;
    assert!(csv.body.starts_with("CHILD,DOB,DOLO_START,DOLO_END"), "{}", csv.body);
    assert!(csv.body.contains(",04/04/2011,02/11/2026,20/11/2026\r\n"), "{}", csv.body);
}
