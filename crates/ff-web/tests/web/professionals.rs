//! The professionals involved with a child and the council's involvement in the banner (issue
//! 12 item 6; P-1 to P-3).

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::json;

use super::child_protection::{child_with_enquiry, post_form};
use super::{LA, TestApp};

#[tokio::test]
async fn professionals_are_added_shown_and_ended_without_losing_them() {
    let app = TestApp::new().await;
    let (child, _, _) = child_with_enquiry(&app, "Ola", Some("2017-07-07")).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let url = format!("/api/v1/people/{child}/professionals");

    // P-1/P-2: every problem at once, nothing stored.
    let r = app.api("POST", &url, Some(&sw), Some(json!({"role": "gp", "phone": "ring the surgery", "email": "surgery"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let body = r.json();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "phone", "email"]);
    let gp = json!({"role": "gp", "name": "Dr Asha Patel", "organisation": "Northmoor Surgery", "phone": "01632 960 001", "email": "surgery@nhs.example", "start_date": "2020-01-06"});
    let r = app.api("POST", &url, Some(&sw), Some(gp)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let gp_id = r.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .api("POST", &url, Some(&sw), Some(json!({"role": "school", "organisation": "Northmoor Primary", "phone": "01632 960 300"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let rec = app.api("GET", &format!("/api/v1/people/{child}"), Some(&sw), None).await.json();
    let pros = rec["professionals"].as_array().unwrap();
    assert_eq!(pros.len(), 2);
    assert_eq!(pros[0]["role_label"], "School or nursery (designated safeguarding lead or teacher)", "newest involvement first");
    assert_eq!(pros[0]["start_date"], "2026-11-23", "today when no date is given");
    assert_eq!(pros[1]["phone"], "01632 960 001");
    // The council's involvement now: the episode's level and the enquiry (concluded here, so a
    // conference is awaited, not an enquiry).
    let involvement: Vec<&str> = rec["involvement"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(!involvement.is_empty(), "{rec}");

    // P-3 and versions: a stale or impossible end changes nothing; a good one keeps the row.
    let end = format!("/api/v1/professionals/{gp_id}/end");
    let r = app.api("POST", &end, Some(&sw), Some(json!({"end_date": "2019-01-01", "version": 1}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.api("POST", &end, Some(&sw), Some(json!({"end_date": "2026-11-20", "version": 7}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = app.api("POST", &end, Some(&sw), Some(json!({"end_date": "2026-11-20", "version": 1}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &end, Some(&sw), Some(json!({"end_date": "2026-11-21", "version": 2}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "already ended: {}", r.body);
    let rec = app.api("GET", &format!("/api/v1/people/{child}"), Some(&sw), None).await.json();
    let gp = rec["professionals"].as_array().unwrap().iter().find(|p| p["id"] == json!(gp_id)).unwrap().clone();
    assert_eq!((gp["end_date"].as_str(), gp["version"].as_i64()), (Some("2026-11-20"), Some(2)));
    assert_eq!(rec["professionals"][0]["role"], "school", "current ones first");

    // On pages: the list with contact links, and adding one by form.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Professionals involved") && show.body.contains("href=\"tel:01632960300\""));
    // An ended involvement says so, and its contact details are no longer offered as links.
    assert!(show.body.contains("Ended") && !show.body.contains("tel:01632960001"));
    assert!(show.body.contains("Dr Asha Patel, Northmoor Surgery"));
    let form =
        vec![("csrf_token", csrf.clone()), ("child", child.clone()), ("role", "health_visitor".to_owned()), ("name", "Jo Reed".to_owned())];
    let r = post_form(&app, &format!("/people/{child}/professionals"), &cookie, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = post_form(
        &app,
        &format!("/people/{child}/professionals"),
        &cookie,
        &[("csrf_token", csrf), ("child", child.clone()), ("email", "x".into())],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose what they do for the child"));
    // Every page about the child says what the council is doing now.
    let page = app.page("GET", &format!("/people/{child}/notes?child={child}"), &cookie, None).await;
    assert!(page.body.contains("Involvement") && page.body.contains(involvement[0]), "{involvement:?}");
}
