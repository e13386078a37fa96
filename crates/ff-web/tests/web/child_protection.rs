//! Child protection, first slice (issue 4): strategy discussions and s.47 enquiries.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::family_help::{make_child, user_id};
use super::{LA, TestApp};

async fn episode_from(app: &TestApp, t: &str, child: &str, received: &str) -> String {
    let c = super::family_help::contact(app, t, child, Some(received)).await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/contacts/{}/decision", c["id"].as_str().unwrap()),
            Some(t),
            Some(json!({"decision": "strategy_discussion", "reason": "Injury to a non-mobile baby", "primary_need": "N1", "decided_at": received, "version": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["episodes"][0].as_str().unwrap().to_owned()
}

fn discussion(lead: Option<&str>, with_police: bool, reason: Option<&str>) -> Value {
    let mut attendees = vec![
        json!({"agency": "local_authority", "name": "Ravi Mistry"}),
        json!({"agency": "health", "name": "Dr Patel", "role": "Paediatrician"}),
    ];
    if with_police {
        attendees.push(json!({"agency": "police", "name": "DC Crowther"}));
    }
    json!({"held_on": "2025-12-17", "attendees": attendees, "missing_agencies_reason": reason, "decision": "s47",
        "plan": "Joint visit today; medical tomorrow", "other_children_considered": "Older sibling aged 6: seen at school", "s47_lead_id": lead})
}

#[tokio::test]
async fn s47_is_led_by_an_lcpp_and_the_conference_is_due_15_working_days_from_the_strategy_discussion() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let sw_id = user_id(&app, Role::SocialWorker).await;
    let lcpp_id = user_id(&app, Role::Lcpp).await;
    let child = make_child(&app, &sw, "Ivy", "2025-06-01").await;
    let ep = episode_from(&app, &sw, &child, "2025-12-10T09:00:00Z").await;
    let fhp_id = user_id(&app, Role::FamilyHelpPractitioner).await;
    let mgr_id = user_id(&app, Role::PracticeSupervisor).await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{ep}/allocation"),
            Some(&mgr),
            Some(json!({"lead_id": fhp_id, "overseer_id": mgr_id, "from_date": "2025-12-10", "version": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let url = format!("/api/v1/episodes/{ep}/strategy-discussions");

    // R-SD-1: police absent without a reason is refused.
    let r = app.api("POST", &url, Some(&sw), Some(discussion(Some(&lcpp_id), false, None))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "missing_agencies_reason");
    // R-S47-1: under the Families First model a social worker who is not an LCPP cannot lead.
    let r = app.api("POST", &url, Some(&sw), Some(discussion(Some(&sw_id), true, None))).await;
    assert_eq!(r.json()["rule"], "R-S47-1", "{}", r.body);
    // Nor can an LCPP who has not been designated.
    let r = app.api("POST", &url, Some(&sw), Some(discussion(Some(&lcpp_id), true, None))).await;
    assert_eq!(r.json()["rule"], "R-S47-1", "{}", r.body);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/users/{lcpp_id}/lcpp-designation"),
            Some(&admin),
            Some(json!({"designated_on": "2024-04-01", "evidence": "Pathfinder accreditation panel"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app
        .api("POST", &url, Some(&sw), Some(discussion(Some(&lcpp_id), false, Some("Police on another call-out; briefed by phone"))))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // T9 worked example (§11.3): 17 Dec 2025 + 15 working days = Mon 12 Jan 2026.
    assert_eq!(r.json()["icpc_due"], "2026-01-12");
    assert_eq!(r.json()["missing_agencies"], json!(["police"]));
    let s47 = r.json()["s47_id"].as_str().unwrap().to_owned();

    // R-FH-2: the family help lead stays with the family.
    let fh = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&sw), None).await.json();
    assert_eq!(fh["episodes"][0]["lead_id"], fhp_id.as_str());
    let cp = app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&sw), None).await.json();
    assert_eq!(cp["enquiries"][0]["lead_id"], lcpp_id.as_str());
    assert_eq!(cp["enquiries"][0]["icpc_overdue"], true, "the test clock is in November 2026");
    assert_eq!(cp["strategy_discussions"][0]["attendees"].as_array().unwrap().len(), 2);
    // The LCPP's tray and the episode's "what is due" both show the conference date (T9).
    let lcpp_token = app.token(Role::Lcpp, LA).await;
    let tray = app.api("GET", "/api/v1/work-tray", Some(&lcpp_token), None).await.json();
    let icpc = tray["mine"].as_array().unwrap().iter().find(|i| i["kind"] == "icpc").cloned().unwrap_or_default();
    assert_eq!((icpc["due"].as_str(), icpc["overdue"].as_bool()), (Some("2026-01-12"), Some(true)), "{tray}");
    assert!(fh["episodes"][0]["due"].as_array().unwrap().iter().any(|d| d["kind"] == "icpc" && d["due"] == "2026-01-12"), "{fh}");

    // R-S47-3: continuing risk needs a conference.
    let lcpp = app.token(Role::Lcpp, LA).await;
    let bad = json!({"concluded_on": "2025-12-30", "outcome": "substantiated_continuing_risk", "conference_required": false, "no_conference_reason": "x", "version": 1});
    let r = app.api("POST", &format!("/api/v1/s47/{s47}/conclude"), Some(&lcpp), Some(bad)).await;
    assert_eq!(r.json()["errors"][0]["field"], "conference_required", "{}", r.body);
    let ok = json!({"concluded_on": "2025-12-30", "outcome": "substantiated_continuing_risk", "conference_required": true, "version": 1});
    assert_eq!(app.api("POST", &format!("/api/v1/s47/{s47}/conclude"), Some(&lcpp), Some(ok)).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn standard_model_lets_a_social_worker_lead_and_the_lcpp_cap_needs_a_reason() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let sw_id = user_id(&app, Role::SocialWorker).await;
    let lcpp_id = user_id(&app, Role::Lcpp).await;
    app.api(
        "POST",
        &format!("/api/v1/users/{lcpp_id}/lcpp-designation"),
        Some(&admin),
        Some(json!({"designated_on": "2024-04-01", "evidence": "Panel"})),
    )
    .await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["caseload_caps"]["lcpp"] = json!(1);
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let a = make_child(&app, &sw, "Una", "2020-01-01").await;
    let b = make_child(&app, &sw, "Vic", "2020-02-02").await;
    let ep_a = episode_from(&app, &sw, &a, "2025-12-10T09:00:00Z").await;
    let ep_b = episode_from(&app, &sw, &b, "2025-12-10T09:00:00Z").await;
    let r = app
        .api("POST", &format!("/api/v1/episodes/{ep_a}/strategy-discussions"), Some(&sw), Some(discussion(Some(&lcpp_id), true, None)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .api("POST", &format!("/api/v1/episodes/{ep_b}/strategy-discussions"), Some(&sw), Some(discussion(Some(&lcpp_id), true, None)))
        .await;
    assert_eq!(r.json()["rule"], "LCPP caseload cap", "{}", r.body);
    let mut with_reason = discussion(Some(&lcpp_id), true, None);
    with_reason["over_cap_reason"] = json!("Sibling group: one LCPP for both");
    assert_eq!(
        app.api("POST", &format!("/api/v1/episodes/{ep_b}/strategy-discussions"), Some(&sw), Some(with_reason)).await.status,
        StatusCode::CREATED
    );

    // The standard model: any registered social worker may lead.
    s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["child_protection"]["practice_model"] = json!("standard");
    assert_eq!(app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await.status, StatusCode::OK);
    let c = make_child(&app, &sw, "Wyn", "2020-03-03").await;
    let ep_c = episode_from(&app, &sw, &c, "2025-12-10T09:00:00Z").await;
    let r = app
        .api("POST", &format!("/api/v1/episodes/{ep_c}/strategy-discussions"), Some(&sw), Some(discussion(Some(&sw_id), true, None)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}
