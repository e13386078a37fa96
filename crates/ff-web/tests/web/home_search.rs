//! Searching for a home (RCC-REF-1, RCC-SHARE-7): the social worker starts a
//! search (HS-1), the commissioner records providers' answers (HS-2), the council declines one
//! offer with its reason and accepts another, which ends the search (HS-3); a search that finds
//! nothing ends as failed and is kept.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::providers::{GOOD_HOME, load_register};
use super::{LA, TestApp};

fn search_body() -> Value {
    json!({"urgency": "planned", "home_kind": "residential", "needed_by": "2026-12-04", "siblings": 0, "near_family": true,
        "family_postcode": "nm2 7qa", "stay_at_school": true, "needs": "A calm home near her school; she likes art",
        "risk_to_child": "high", "risk_to_others": "low"})
}

async fn events(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

#[tokio::test]
async fn a_search_records_every_answer_and_ends_when_an_offer_is_accepted() {
    let app = TestApp::new().await;
    load_register(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let commissioner = app.token(Role::Commissioner, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Mara", "2012-05-05").await;
    let start = format!("/api/v1/people/{child}/home-searches");
    // Starting a search is the child's social work's, not the commissioner's.
    assert_eq!(app.api("POST", &start, Some(&commissioner), Some(search_body())).await.status, StatusCode::FORBIDDEN);
    let search = app.created(&start, &sw, search_body(), "id").await;
    // HS-1: one open search per child.
    let r = app.api("POST", &start, Some(&sw), Some(search_body())).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["errors"][0]["field"] == "child", "{}", r.body);
    let s = app.api("GET", &format!("/api/v1/home-searches/{search}"), Some(&commissioner), None).await.json();
    assert_eq!((s["family_sector"].as_str(), s["status"].as_str()), (Some("NM2 7"), Some("open")), "only the sector is kept");

    // HS-2: the commissioner records the providers' answers.
    let answers = format!("/api/v1/home-searches/{search}/answers");
    let r = app
        .post(&answers, &commissioner, json!({"provider_name": "Moorside Lodge", "answered_on": "2026-11-23", "answer": "refused"}))
        .await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("\"reason\""), "a refusal says why: {}", r.body);
    // Every mistake at once: no provider named and an offer without its cost or start.
    let r = app.post(&answers, &commissioner, json!({"answered_on": "2026-11-23", "answer": "offered"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["weekly_cost", "start_on", "provider_name"], "{}", r.body);
    let refused = json!({"provider_name": "Moorside Lodge", "answered_on": "2026-11-23", "answer": "refused", "reason": "matching"});
    app.created(&answers, &commissioner, refused, "id").await;
    let far = json!({"provider_name": "Coastal Homes", "answered_on": "2026-11-23", "answer": "offered", "weekly_cost_pence": 520_000, "start_on": "2026-11-30"});
    let far = app.created(&answers, &commissioner, far, "id").await;
    let near = json!({"provider_urn": GOOD_HOME, "answered_on": "2026-11-23", "answer": "offered", "weekly_cost_pence": 480_000, "start_on": "2026-11-28"});
    let near = app.created(&answers, &commissioner, near, "id").await;
    let s = app.api("GET", &format!("/api/v1/home-searches/{search}"), Some(&sw), None).await.json();
    assert_eq!((s["providers_approached"].as_u64(), s["refusals"].as_u64(), s["offers"].as_u64()), (Some(3), Some(1), Some(2)));
    assert_eq!(s["answers"][2]["provider_name"], "Birch House", "the name comes from the register");

    // The council declines the far offer with its reason, then accepts the near one.
    let decide = |offer: &str| format!("/api/v1/home-search-offers/{offer}/decision");
    let r = app.api("POST", &decide(&far), Some(&sw), Some(json!({"version": 1, "accept": false, "decided_on": "2026-11-23"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a decline says why");
    let r = app.post(&decide(&far), &sw, json!({"version": 1, "accept": false, "reason": "location", "decided_on": "2026-11-23"})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &decide(&far), Some(&sw), Some(json!({"version": 1, "accept": true, "decided_on": "2026-11-23"}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a stale version: {}", r.body);
    let before = events(&app).await;
    let r = app.api("POST", &decide(&near), Some(&sw), Some(json!({"version": 1, "accept": true, "decided_on": "2026-11-23"}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(events(&app).await, before + 1, "one decision, one audit event");
    let s = app.api("GET", &format!("/api/v1/home-searches/{search}"), Some(&sw), None).await.json();
    assert_eq!((s["status"].as_str(), s["ended_on"].as_str()), (Some("placed"), Some("2026-11-23")));
    // HS-3: an ended search takes nothing more.
    let late = json!({"provider_name": "Another", "answered_on": "2026-11-23", "answer": "no_reply"});
    let r = app.api("POST", &answers, Some(&commissioner), Some(late)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("HS-3"), "{}", r.body);

    // A second search that finds nothing ends as failed, and is kept.
    let second = app.created(&start, &sw, search_body(), "id").await;
    let end_second = json!({"version": 1, "ended_on": "2026-11-23", "end_reason": "no_home_found"});
    let r = app.api("POST", &format!("/api/v1/home-searches/{second}/end"), Some(&commissioner), Some(end_second)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no home found needs providers approached first: {}", r.body);
    let none = json!({"provider_name": "Moorside Lodge", "answered_on": "2026-11-23", "answer": "refused", "reason": "no_vacancy"});
    app.created(&format!("/api/v1/home-searches/{second}/answers"), &commissioner, none, "id").await;
    let r = app
        .post(
            &format!("/api/v1/home-searches/{second}/end"),
            &commissioner,
            json!({"version": 1, "ended_on": "2026-11-23", "end_reason": "no_home_found"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let failed = app.api("GET", "/api/v1/home-searches?status=failed", Some(&commissioner), None).await.json();
    assert_eq!(failed["searches"][0]["id"], second.as_str());
    let counts: Vec<(String, i64)> =
        failed["counts"].as_array().unwrap().iter().map(|c| (c[0].as_str().unwrap().to_owned(), c[2].as_i64().unwrap())).collect();
    assert!(counts.contains(&("placed".into(), 1)) && counts.contains(&("failed".into(), 1)), "{counts:?}");
    // The child's page lists both searches.
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(
        page.body.contains("Searches for a home") && page.body.contains("home found") && page.body.contains("no home found"),
        "{}",
        page.status
    );
}

#[tokio::test]
async fn a_search_is_started_and_answered_on_pages_without_javascript() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Ines", "2011-01-01").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let form = [
        ("urgency", "emergency"),
        ("home_kind", "foster"),
        ("needed_by_day", "24"),
        ("needed_by_month", "11"),
        ("needed_by_year", "2026"),
        ("siblings", "1"),
        ("needs", "Foster carers who can keep her with her brother"),
        ("risk_to_child", "low"),
        ("risk_to_others", "none"),
        ("near_family", "yes"),
        ("stay_at_school", "no"),
        ("csrf_token", &csrf),
    ];
    let r = app.page("POST", &format!("/people/{child}/home-search"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers[axum::http::header::LOCATION].to_str().unwrap().to_owned();
    let page = app.page("GET", &to, &cookie, None).await;
    assert!(page.body.contains("A home for Ines Family") && page.body.contains("with 1 brother or sister"), "{}", page.body);
    let answer = [
        ("provider_name", "Northern Hearth Fostering"),
        ("answered_on_day", "23"),
        ("answered_on_month", "11"),
        ("answered_on_year", "2026"),
        ("answer", "offered"),
        ("weekly_cost", "1,150.00"),
        ("start_on_day", "25"),
        ("start_on_month", "11"),
        ("start_on_year", "2026"),
        ("csrf_token", &csrf),
    ];
    let r = app.page("POST", &format!("{to}/answers"), &cookie, Some(&answer)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", &to, &cookie, None).await;
    assert!(page.body.contains("£1150.00 a week") && page.body.contains("Decide"), "{}", page.body);
    // A mistake keeps what was typed and names the field.
    let bad = [
        ("answer", "refused"),
        ("provider_name", "Open Door"),
        ("answered_on_day", "23"),
        ("answered_on_month", "11"),
        ("answered_on_year", "2026"),
        ("csrf_token", &csrf),
    ];
    let r = app.page("POST", &format!("{to}/answers"), &cookie, Some(&bad)).await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Choose why the provider said no") && r.body.contains("Open Door"),
        "{}",
        r.status
    );
}

/// Deciding on an offered home on its page goes back to the search saying it was saved, as every
/// other form does.
#[tokio::test]
async fn deciding_on_an_offer_goes_back_to_the_search_saying_it_was_saved() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let commissioner = app.token(Role::Commissioner, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Olive", "2013-03-03").await;
    let search = app.created(&format!("/api/v1/people/{child}/home-searches"), &sw, search_body(), "id").await;
    let offer = json!({"provider_name": "Northern Hearth Fostering", "answered_on": "2026-11-23", "answer": "offered", "weekly_cost_pence": 115_000, "start_on": "2026-11-30"});
    let offer = app.created(&format!("/api/v1/home-searches/{search}/answers"), &commissioner, offer, "id").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let to = format!("/home-searches/{search}");
    let page = app.page("GET", &to, &cookie, None).await;
    assert!(!page.body.contains("govuk-notification-banner--success"), "nothing saved yet");
    let decision = [
        ("version", "1"),
        ("decision", "decline"),
        ("reason", "location"),
        ("decided_on_day", "23"),
        ("decided_on_month", "11"),
        ("decided_on_year", "2026"),
        ("csrf_token", &csrf),
    ];
    let r = app.submit(&format!("/home-search-offers/{offer}/decision?search={search}"), &cookie, &decision).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let back = r.headers[axum::http::header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(back, format!("{to}?saved=1"));
    let page = app.page("GET", &back, &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("govuk-notification-banner--success") && page.body.contains("Saved"), "{}", page.body);
    assert!(page.body.contains("Declined") || page.body.contains("declined"), "the decision shows: {}", page.body);
}
