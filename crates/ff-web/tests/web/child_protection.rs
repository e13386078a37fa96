//! Child protection, first slice: strategy discussions and s.47 enquiries.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::family_help::{make_child, user_id};
use super::{LA, TestApp};

async fn episode_from(app: &TestApp, t: &str, child: &str, received: &str) -> String {
    let c = super::family_help::contact(app, t, child, Some(received)).await;
    let r = app
        .post(
            &format!("/api/v1/contacts/{}/decision", c["id"].as_str().unwrap()),
            t,
            json!({"decision": "strategy_discussion", "reason": "Injury to a non-mobile baby", "primary_need": "N1", "decided_at": received, "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["episodes"][0].as_str().unwrap().to_owned()
}

pub fn discussion(lead: Option<&str>, with_police: bool, reason: Option<&str>) -> Value {
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

/// Designate the test LCPP (R-S47-1: only a designated LCPP leads under the Families First
/// model); returns their user id.
pub async fn designated_lcpp(app: &TestApp) -> String {
    let admin = app.token(Role::LaAdmin, LA).await;
    let lcpp_id = user_id(app, Role::Lcpp).await;
    let r = app
        .post(
            &format!("/api/v1/users/{lcpp_id}/lcpp-designation"),
            &admin,
            json!({"designated_on": "2024-04-01", "evidence": "Accreditation panel"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    lcpp_id
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
        .post(
            &format!("/api/v1/episodes/{ep}/allocation"),
            &mgr,
            json!({"lead_id": fhp_id, "overseer_id": mgr_id, "from_date": "2025-12-10", "version": 1}),
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
        .post(
            &format!("/api/v1/users/{lcpp_id}/lcpp-designation"),
            &admin,
            json!({"designated_on": "2024-04-01", "evidence": "Pathfinder accreditation panel"}),
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
    let lcpp_id = designated_lcpp(&app).await;
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

/// A child with a concluded s.47 (continuing risk, conference needed) led by a designated LCPP,
/// and a family help lead practitioner with an overseer. Returns (child, episode, s47 id).
pub async fn child_with_enquiry(app: &TestApp, given: &str, dob: Option<&str>) -> (String, String, String) {
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let lcpp_id = designated_lcpp(app).await;
    let child = match dob {
        Some(d) => make_child(app, &sw, given, d).await,
        None => {
            let body = json!({"given_name": given, "family_name": "Family", "expected_date_of_birth": "2027-03-01", "sex": "U", "confirm_not_duplicate": true});
            let r = app.api("POST", "/api/v1/people", Some(&sw), Some(body)).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            r.json()["id"].as_str().unwrap().to_owned()
        }
    };
    // An unborn child's work happens in the pregnancy (records cannot predate it).
    let (contact, from, held, concluded) = match dob {
        Some(_) => ("2025-12-10T09:00:00Z", "2025-12-10", "2025-12-17", "2025-12-30"),
        None => ("2026-10-01T09:00:00Z", "2026-10-01", "2026-10-08", "2026-10-20"),
    };
    let ep = episode_from(app, &sw, &child, contact).await;
    let fhp_id = user_id(app, Role::FamilyHelpPractitioner).await;
    let mgr_id = user_id(app, Role::PracticeSupervisor).await;
    let r = app
        .post(
            &format!("/api/v1/episodes/{ep}/allocation"),
            &mgr,
            json!({"lead_id": fhp_id, "overseer_id": mgr_id, "from_date": from, "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{ep}/strategy-discussions"),
            Some(&sw),
            Some({
                let mut d = discussion(Some(&lcpp_id), true, None);
                d["held_on"] = json!(held);
                d
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let s47 = r.json()["s47_id"].as_str().unwrap().to_owned();
    let lcpp = app.token(Role::Lcpp, LA).await;
    let ok = json!({"concluded_on": concluded, "outcome": "substantiated_continuing_risk", "conference_required": true, "version": 1});
    assert_eq!(app.api("POST", &format!("/api/v1/s47/{s47}/conclude"), Some(&lcpp), Some(ok)).await.status, StatusCode::NO_CONTENT);
    (child, ep, s47)
}

/// A child born on 4 April 2018 whose initial conference, chaired by the test conference chair,
/// made a plan; (child, `field` of the conference's answer).
pub async fn child_after_initial_conference(app: &TestApp, given: &str, field: &str) -> (String, String) {
    let (child, _, s47) = child_with_enquiry(app, given, Some("2018-04-04")).await;
    let chair = app.token(Role::ConferenceChair, LA).await;
    let chair_id = user_id(app, Role::ConferenceChair).await;
    let answer = initial_conference(app, &chair, &chair_id, &child, &s47, field).await;
    (child, answer)
}

/// Holds the initial conference on `child`'s enquiry `s47` on 12 January 2026, deciding on a
/// plan; `field` of the answer (`conference_id` or `cp_plan_id`).
pub async fn initial_conference(app: &TestApp, chair: &str, chair_id: &str, child: &str, s47: &str, field: &str) -> String {
    let body = conference_body("initial", Some(s47), "2026-01-12", chair_id, "plan");
    app.created(&format!("/api/v1/people/{child}/conferences"), chair, body, field).await
}

pub fn conference_body(kind: &str, s47: Option<&str>, held_on: &str, chair: &str, decision: &str) -> Value {
    json!({"kind": kind, "s47_id": s47, "held_on": held_on, "chair_id": chair,
        "attendees": [
            {"agency": "local_authority", "name": "Lena Okafor", "attended": true},
            {"agency": "police", "name": "DC Crowther", "attended": true},
            {"agency": "health", "name": "Health visitor Ames", "attended": true},
            {"agency": "education", "name": "Nursery manager", "attended": false}],
        "parents_participation": "attended", "child_participation": "not_appropriate",
        "parental_dissent": "Mother disagrees that the bruise was caused by a parent",
        "decision": decision, "category": "PHY", "contingency": "If the father returns to the home, a strategy discussion the same day"})
}

#[tokio::test]
async fn strategy_to_plan_to_step_down_keeps_the_family_help_lead_throughout() {
    let app = TestApp::new().await;
    let (child, ep, s47) = child_with_enquiry(&app, "Ivy", Some("2025-06-01")).await;
    let chair = app.token(Role::ConferenceChair, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    let chair_id = user_id(&app, Role::ConferenceChair).await;
    let lcpp_id = user_id(&app, Role::Lcpp).await;
    let url = format!("/api/v1/people/{child}/conferences");

    // R-CH-1: under the independent-chair model the LCPP who led the s.47 cannot chair.
    let r = app.api("POST", &url, Some(&chair), Some(conference_body("initial", Some(&s47), "2026-01-12", &lcpp_id, "plan"))).await;
    assert_eq!(r.json()["rule"], "R-CH-1", "{}", r.body);
    // R-CP-5: the LA and only one other agency is not quorate.
    let mut thin = conference_body("initial", Some(&s47), "2026-01-12", &chair_id, "plan");
    thin["attendees"] = json!([{"agency": "local_authority", "name": "A", "attended": true}, {"agency": "police", "name": "B", "attended": true},
        {"agency": "health", "name": "C", "attended": false}]);
    assert_eq!(app.api("POST", &url, Some(&chair), Some(thin)).await.json()["rule"], "R-CP-5");
    // T9: held after 12 January 2026 without a reason is refused with a field error.
    let r = app.api("POST", &url, Some(&chair), Some(conference_body("initial", Some(&s47), "2026-01-14", &chair_id, "plan"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "late_reason", "{}", r.body);
    // R-CP-2: a plan needs a contingency plan.
    let mut no_contingency = conference_body("initial", Some(&s47), "2026-01-12", &chair_id, "plan");
    no_contingency["contingency"] = json!("");
    assert_eq!(app.api("POST", &url, Some(&chair), Some(no_contingency)).await.json()["errors"][0]["field"], "contingency");
    // Nothing was written by the refusals.
    let cp = app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&lcpp), None).await.json();
    assert!(cp["conferences"].as_array().unwrap().is_empty());

    let r = app.api("POST", &url, Some(&chair), Some(conference_body("initial", Some(&s47), "2026-01-12", &chair_id, "plan"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // T11: first core group within 10 working days; T13: first review within 3 months.
    assert_eq!(r.json()["first_core_group_due"], "2026-01-26");
    assert_eq!(r.json()["next_review_due"], "2026-04-12");
    let plan = r.json()["cp_plan_id"].as_str().unwrap().to_owned();
    // A second initial conference for the same enquiry is refused.
    let again = app.api("POST", &url, Some(&chair), Some(conference_body("initial", Some(&s47), "2026-01-12", &chair_id, "plan"))).await;
    assert!(again.status.is_client_error(), "{}", again.body);

    // The plan: outcomes and actions, core group, a visit with the child seen alone.
    let r = app
        .post(
            &format!("/api/v1/cp-plans/{plan}/items"),
            &lcpp,
            json!({"kind": "action", "description": "Paediatric follow-up", "owner": "Health", "due_on": "2026-02-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/cp-plans/{plan}/core-groups"),
            &lcpp,
            json!({"held_on": "2026-01-22", "agencies": ["local_authority", "health", "education"], "notes": "Baby seen at nursery daily"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{ep}/visits"),
            Some(&lcpp),
            Some(
                json!({"visit_date": "2026-11-20", "child_seen": true, "seen_alone": true, "bedroom_seen": true, "baby_seen_awake": true}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let cp = app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&lcpp), None).await.json();
    let p = &cp["plans"][0];
    assert_eq!(p["lead_name"], "Test Lead child protection practitioner", "{p}");
    assert_eq!(p["family_help_lead_name"], "Test Family help practitioner", "R-FH-2: co-working");
    assert_eq!(p["last_seen_alone"], "2026-11-20");
    assert_eq!(p["review_overdue"], true, "the clock is in November 2026 and the review was due in April");
    assert_eq!(cp["conferences"][0]["enquiry_lead_name"], "Test Lead child protection practitioner", "R-CH-3");
    assert_eq!(cp["conferences"][0]["parental_dissent"], "Mother disagrees that the bruise was caused by a parent");
    // The LCPP's tray: review conference and core group due.
    let tray = app.api("GET", "/api/v1/work-tray", Some(&lcpp), None).await.json();
    let kinds: Vec<&str> = tray["mine"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"rcpc") && kinds.contains(&"core_group") && kinds.contains(&"cp_visit"), "{kinds:?}");

    // R-FH-2: replacing the family help lead during child protection needs a manager's reason.
    let sw_id = user_id(&app, Role::SocialWorker).await;
    let fh = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&mgr), None).await.json();
    let version = fh["episodes"][0]["version"].as_i64().unwrap();
    let r = app
        .api("POST", &format!("/api/v1/episodes/{ep}/allocation"), Some(&mgr), Some(json!({"lead_id": sw_id, "version": version})))
        .await;
    assert_eq!(r.json()["rule"], "R-FH-2", "{}", r.body);

    // R-CP-6: stepping down happens at a review conference, not by ending the plan directly.
    let r = app
        .post(&format!("/api/v1/cp-plans/{plan}/end"), &lcpp, json!({"end_date": "2026-11-20", "reason": "stepped_down", "version": 1}))
        .await;
    assert_eq!(r.json()["rule"], "R-CP-6", "{}", r.body);
    // Review (late, so with a reason): the plan continues; T14 sets the next within 6 months.
    let mut review = conference_body("review", None, "2026-05-01", &chair_id, "continue");
    review["late_reason"] = json!("Chair unavailable over Easter");
    review["plan_version"] = json!(1);
    let r = app.api("POST", &url, Some(&chair), Some(review)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["next_review_due"], "2026-11-01");
    // A stale plan version is a conflict, not a lost update.
    let mut stale = conference_body("review", None, "2026-11-01", &chair_id, "end");
    stale["plan_version"] = json!(1);
    assert_eq!(app.api("POST", &url, Some(&chair), Some(stale)).await.status, StatusCode::CONFLICT);
    let mut end = conference_body("review", None, "2026-11-01", &chair_id, "end");
    end["plan_version"] = json!(2);
    let r = app.api("POST", &url, Some(&chair), Some(end)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let cp = app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&lcpp), None).await.json();
    assert_eq!(cp["plans"][0]["end_date"], "2026-11-01");
    assert_eq!(cp["conferences"].as_array().unwrap().len(), 3);
    // Family help continues with the same lead on the same open episode.
    let fh = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&mgr), None).await.json();
    assert_eq!(fh["episodes"][0]["lead_id"], user_id(&app, Role::FamilyHelpPractitioner).await.as_str());
    assert!(fh["episodes"][0]["closure_date"].is_null());
    let titles: Vec<&str> = fh["timeline"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert!(titles.iter().any(|t| t.starts_with("Child protection plan ended")), "{titles:?}");
    // A chair can't review a plan that has ended.
    let r = app.api("POST", &url, Some(&chair), Some(conference_body("review", None, "2026-11-20", &chair_id, "continue"))).await;
    assert_eq!(r.json()["rule"], "R-CP-6", "{}", r.body);
}

#[tokio::test]
async fn lcpp_chair_with_qa_model_and_pre_birth_conference() {
    let app = TestApp::new().await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["child_protection"]["chair_model"] = json!("lcpp_chair_with_qa");
    assert_eq!(app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await.status, StatusCode::OK);
    let (unborn, _, s47) = child_with_enquiry(&app, "Baby", None).await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    let lcpp_id = user_id(&app, Role::Lcpp).await;
    let qa_id = user_id(&app, Role::QaOfficer).await;
    let url = format!("/api/v1/people/{unborn}/conferences");
    // R-CP-7: an unborn child has a pre-birth conference, not an initial one.
    let mut body = conference_body("initial", Some(&s47), "2026-10-26", &lcpp_id, "plan");
    body["qa_officer_id"] = json!(qa_id);
    assert_eq!(app.api("POST", &url, Some(&lcpp), Some(body.clone())).await.json()["rule"], "R-CP-7");
    body["kind"] = json!("pre_birth");
    // R-CH-2: the LCPP who led the enquiry may not chair (unless the council allows it).
    assert_eq!(app.api("POST", &url, Some(&lcpp), Some(body.clone())).await.json()["rule"], "R-CH-2");
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["child_protection"]["allow_same_lcpp_to_chair"] = json!(true);
    assert_eq!(app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await.status, StatusCode::OK);
    // ...and a QA officer must be present.
    let mut no_qa = body.clone();
    no_qa["qa_officer_id"] = Value::Null;
    assert_eq!(app.api("POST", &url, Some(&lcpp), Some(no_qa)).await.json()["rule"], "R-CH-2");
    body["qa_observations"] = json!("Parents were given time to respond to each concern");
    let r = app.api("POST", &url, Some(&lcpp), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let cp = app.api("GET", &format!("/api/v1/people/{unborn}/child-protection"), Some(&lcpp), None).await.json();
    assert_eq!(cp["conferences"][0]["kind"], "pre_birth");
    assert_eq!(cp["conferences"][0]["qa_officer_name"], "Test Quality assurance officer");
    assert!(cp["plans"][0]["end_date"].is_null());
}

async fn add_user(app: &TestApp, username: &str, agency: &str) -> String {
    let admin = app.token(Role::LaAdmin, LA).await;
    let r = app
        .api(
            "POST",
            "/api/v1/users",
            Some(&admin),
            Some(json!({"username": username, "display_name": format!("Partner {username}"), "role": "partner_agency", "agency": agency,
                "password": super::PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn partners_see_their_teams_cases_only_and_conference_reports_list_uncorroborated_accounts() {
    let app = TestApp::new().await;
    let (child, _, _) = child_with_enquiry(&app, "Ada", Some("2019-05-05")).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let other = make_child(&app, &sw, "Bo", "2018-08-08").await;
    let police = app.token(Role::PartnerAgency, LA).await;
    let police_id = user_id(&app, Role::PartnerAgency).await;
    let health_id = add_user(&app, "health-partner", "health").await;
    let health = {
        let r = app.api("POST", "/api/v1/auth/token", None, Some(json!({"username": "health-partner", "password": super::PASSWORD}))).await;
        r.json()["token"].as_str().unwrap().to_owned()
    };

    // Before any team works the case, the police partner sees nothing.
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}"), Some(&police), None).await.status, StatusCode::FORBIDDEN);
    let r = app.api("POST", "/api/v1/teams", Some(&mgr), Some(json!({"name": "North MACPT"}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let team = r.json()["id"].as_str().unwrap().to_owned();
    for u in [&police_id, &user_id(&app, Role::SocialWorker).await] {
        let r = app.api("POST", &format!("/api/v1/teams/{team}/members"), Some(&mgr), Some(json!({"user_id": u}))).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    }
    // §5.4: the team lacks health and education members, and says so.
    let teams = app.api("GET", "/api/v1/teams", Some(&mgr), None).await.json();
    assert_eq!(teams[0]["missing_types"], json!(["Health professional", "Education"]), "{teams}");
    let r = app
        .api("POST", &format!("/api/v1/teams/{team}/cases"), Some(&sw), Some(json!({"child_id": child, "from_date": "2026-01-05"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let team_case = r.json()["id"].as_str().unwrap().to_owned();

    // The police partner sees this child's record (API and page) and no other child's.
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}"), Some(&police), None).await.status, StatusCode::OK);
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&police), None).await.status, StatusCode::OK);
    assert_eq!(app.api("GET", &format!("/api/v1/people/{other}"), Some(&police), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api("GET", &format!("/api/v1/people/{other}/family-help"), Some(&police), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api("GET", "/api/v1/people?q=family", Some(&police), None).await.status, StatusCode::FORBIDDEN);
    let (cookie, _) = app.session(Role::PartnerAgency).await;
    assert_eq!(app.page("GET", &format!("/people/{child}"), &cookie, None).await.status, StatusCode::OK);
    assert_eq!(app.page("GET", &format!("/people/{other}"), &cookie, None).await.status, StatusCode::FORBIDDEN);
    // A health partner outside the team sees nothing either.
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}"), Some(&health), None).await.status, StatusCode::FORBIDDEN);
    let _ = health_id;

    // Triangulation: two parental accounts; police records corroborate one of them.
    let note = |text: &str, source: &str, corroborates: Option<&str>| json!({"occurred_on": "2026-01-06", "source_type": source, "note": text, "corroborates_id": corroborates});
    let notes_url = format!("/api/v1/people/{child}/notes");
    let r =
        app.api("POST", &notes_url, Some(&sw), Some(note("Mother says the father moved out in December", "parent_account", None))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let moved_out = r.json()["id"].as_str().unwrap().to_owned();
    let r =
        app.api("POST", &notes_url, Some(&sw), Some(note("Father says he attends alcohol treatment weekly", "parent_account", None))).await;
    let treatment = r.json()["id"].as_str().unwrap().to_owned();
    // A parent's account cannot corroborate another parent's account.
    let r = app.api("POST", &notes_url, Some(&sw), Some(note("Mother confirms he attends", "parent_account", Some(&treatment)))).await;
    assert_eq!(r.json()["errors"][0]["field"], "corroborates_id", "{}", r.body);
    // A request for information to the police, answered by the police partner.
    let request = app
        .created(
            &format!("/api/v1/people/{child}/info-requests"),
            &sw,
            json!({"agency": "police", "question": "Any call-outs to the address since December?"}),
            "id",
        )
        .await;
    let work = app.api("GET", "/api/v1/team-work", Some(&police), None).await.json();
    assert_eq!(work["requests"][0]["id"], request.as_str(), "{work}");
    assert_eq!(work["requests"][0]["due_on"], "2026-11-30", "5 working days from Monday 23 November");
    // The partner's list names the child and who asked, from which agency.
    assert_eq!(work["requests"][0]["child_name"], "Ada Family", "{work}");
    assert_eq!(work["requests"][0]["asked_by"], "Test Social worker", "{work}");
    assert_eq!(work["requests"][0]["asked_by_agency_label"], "Local authority", "{work}");
    let (police_cookie, _) = {
        let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 10, 0, 0).unwrap();
        let s =
            ff_service::auth::sign_in(&app.db.db, &super::username(Role::PartnerAgency, LA), super::PASSWORD, "test", now).await.unwrap();
        (format!("ff_session={}", s.secret), s.csrf_token)
    };
    let page = app.page("GET", "/team-work", &police_cookie, None).await;
    assert!(page.body.contains("Ada Family") && page.body.contains("Test Social worker"), "{}", page.body);
    // The police partner is told before typing that a request made to health is
    // not theirs to answer: no "Answer" link on it, and its form refuses to open.
    let r = app
        .post(
            &format!("/api/v1/people/{child}/info-requests"),
            &sw,
            json!({"agency": "health", "question": "Is the baby registered with a GP?"}),
        )
        .await;
    let health_request = r.json()["id"].as_str().unwrap().to_owned();
    let page = app.page("GET", &format!("/people/{child}"), &police_cookie, None).await;
    assert!(page.body.contains(&format!("/info-requests/{request}/answer")), "the police request can be answered");
    assert!(!page.body.contains(&format!("/info-requests/{health_request}/answer")), "no Answer link on health's request");
    assert!(page.body.contains("asked by Test Social worker"), "the list names who asked");
    let form = app.page("GET", &format!("/info-requests/{health_request}/answer?child={child}"), &police_cookie, None).await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    assert!(form.body.contains("This request is for health"), "{}", form.body);
    let form = app.page("GET", &format!("/info-requests/{request}/answer?child={child}"), &police_cookie, None).await;
    assert!(form.body.contains("Test Social worker asked Police"), "{}", form.body);
    // An empty answer is a mistake on the answer's own field, which the form's error summary links to.
    let r = app.post(&format!("/api/v1/info-requests/{request}/answer"), &police, json!({"response": " ", "version": 1})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "response", "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/info-requests/{request}/answer"),
            &police,
            json!({"response": "Father's new tenancy confirmed at another address; no call-outs", "corroborates_id": moved_out, "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // The partner can add to the chronology of their team's case only.
    assert_eq!(
        app.api("POST", &format!("/api/v1/people/{other}/notes"), Some(&police), Some(note("x", "agency_record", None))).await.status,
        StatusCode::FORBIDDEN
    );
    let report = app.api("GET", &format!("/api/v1/people/{child}/conference-report"), Some(&sw), None).await.json();
    let uncorroborated: Vec<&str> = report["child_protection"]["uncorroborated_parent_accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(uncorroborated, vec![treatment.as_str()], "{report}");
    // One multi-agency chronology: the police entry shows its source agency.
    let fh = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&sw), None).await.json();
    let police_entry = fh["timeline"].as_array().unwrap().iter().find(|t| t["kind"] == "note" && t["source"] == "Police").cloned();
    assert!(police_entry.is_some(), "{}", fh["timeline"]);
    // The conference report's chronology is the child's chronology, entry for entry.
    let report = app.api("GET", &format!("/api/v1/people/{child}/conference-report"), Some(&sw), None).await.json();
    assert_eq!(report["chronology"], fh["timeline"], "{report}");
    assert!(fh["timeline"].as_array().unwrap().iter().any(|t| t["kind"] == "strategy"), "strategy discussions are in it");

    // When the team stops working the case, the partner's access ends.
    let r = app
        .post(&format!("/api/v1/team-cases/{team_case}/end"), &sw, json!({"ended_on": "2026-11-23", "reason": "Plan ended", "version": 1}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}"), Some(&police), None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn conference_pages_record_a_plan_and_show_the_report() {
    let app = TestApp::new().await;
    let (child, _, s47) = child_with_enquiry(&app, "Pia", Some("2020-02-02")).await;
    let lcpp_id = user_id(&app, Role::Lcpp).await;
    let chair_id = user_id(&app, Role::ConferenceChair).await;
    let (cookie, csrf) = app.session(Role::ConferenceChair).await;
    let r = app.page("GET", &format!("/people/{child}/conference?child={child}"), &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Record a child protection conference") && r.body.contains(&s47), "the enquiry is offered");
    let mut form: Vec<(&str, String)> = vec![
        ("csrf_token", csrf.clone()),
        ("child", child.clone()),
        ("kind", "initial".into()),
        ("s47_id", s47.clone()),
        ("held_on_day", "12".into()),
        ("held_on_month", "1".into()),
        ("held_on_year", "2026".into()),
        ("chair_id", lcpp_id.clone()),
        ("attendee_la", "Lena Okafor".into()),
        ("attendee_police", "DC Crowther".into()),
        ("attendee_health", "HV Ames".into()),
        ("attendee_education", "Head teacher".into()),
        ("absent_education", "yes".into()),
        ("parents_participation", "attended".into()),
        ("child_participation", "views_in_writing".into()),
        ("decision", "plan".into()),
        ("category", "NEG".into()),
        ("contingency", "Accommodation with grandmother if the home conditions fall again".into()),
    ];
    // The LCPP who led the enquiry cannot chair under the independent model: the form comes back
    // with the rule in plain words (R-CH-1), and what was typed is kept.
    let r = post_form(&app, &format!("/people/{child}/conference"), &cookie, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("independent-chair model the chair must have no operational") && r.body.contains("Accommodation with grandmother"),
        "{}",
        r.body
    );
    form.retain(|(k, _)| *k != "chair_id");
    form.push(("chair_id", chair_id.clone()));
    let r = post_form(&app, &format!("/people/{child}/conference"), &cookie, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(page.body.contains("Child protection plan from 12 January 2026"), "{}", page.body);
    assert!(page.body.contains("Head teacher (Education, did not attend)"));
    let report = app.page("GET", &format!("/people/{child}/conference-report"), &cookie, None).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.body.contains("Every parental account in the chronology is corroborated"));
    let overview = app.page("GET", "/child-protection", &cookie, None).await;
    assert!(overview.body.contains("<svg") && overview.body.contains("Caseloads against the LCPP cap"), "{}", overview.body);
}

pub async fn post_form(app: &TestApp, path: &str, cookie: &str, form: &[(&str, String)]) -> super::Resp {
    let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.page("POST", path, cookie, Some(&f)).await
}

#[tokio::test]
async fn an_administrator_designates_an_lcpp_on_a_page() {
    let app = TestApp::new().await;
    let lcpp_id = user_id(&app, Role::Lcpp).await;
    let (cookie, csrf) = app.session(Role::LaAdmin).await;
    let page = app.page("GET", "/admin/lcpp", &cookie, None).await;
    assert!(page.body.contains(&lcpp_id), "the LCPP account is offered");
    let mut form = vec![("csrf_token", csrf.clone()), ("user_id", lcpp_id.clone()), ("designated_on_day", "1".into())];
    form.extend([("designated_on_month", "4".into()), ("designated_on_year", "2024".into()), ("evidence", "".into())]);
    let r = post_form(&app, "/admin/lcpp", &cookie, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "evidence is required");
    form.retain(|(k, _)| *k != "evidence");
    form.push(("evidence", "Accreditation panel, March 2024".into()));
    let r = post_form(&app, "/admin/lcpp", &cookie, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Now the LCPP may lead a s.47 under the Families First model.
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Noor", "2021-01-01").await;
    let ep = episode_from(&app, &sw, &child, "2025-12-10T09:00:00Z").await;
    let r = app
        .api("POST", &format!("/api/v1/episodes/{ep}/strategy-discussions"), Some(&sw), Some(discussion(Some(&lcpp_id), true, None)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}
