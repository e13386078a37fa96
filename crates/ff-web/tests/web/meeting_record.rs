//! Meetings' shared written records (MR-1..MR-3, R-FH-2): the chair, the LCPP
//! and the family help lead write one conference record, the chair agrees it and then it is kept
//! as agreed; a family help plan review has its own record, locked when the plan ends.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

/// A child whose initial conference made a plan; the chair is the test conference chair and the
/// family help lead the test family help practitioner. (child, conference)
async fn child_after_conference(app: &TestApp, given: &str) -> (String, String) {
    super::child_protection::child_after_initial_conference(app, given, "conference_id").await
}

fn edit(key: &str, text: &str, base_rev: i64) -> Value {
    json!({"sections": [{"key": key, "text": text, "base_rev": base_rev}]})
}

async fn audit_count(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

#[tokio::test]
async fn the_chair_the_lcpp_and_the_family_help_lead_write_one_conference_record_and_the_chair_agrees_it() {
    let app = TestApp::new().await;
    let (_, conference) = child_after_conference(&app, "Ines").await;
    let path = format!("/api/v1/conferences/{conference}/record");
    let chair = app.token(Role::ConferenceChair, LA).await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    let fh_lead = app.token(Role::FamilyHelpPractitioner, LA).await;

    let rec = app.api("GET", &path, Some(&lcpp), None).await.json();
    assert_eq!(rec["title"], "Initial child protection conference");
    assert_eq!(rec["outcome"], "A child protection plan is needed");
    assert!(rec["plan_id"].is_string(), "the conference made a plan");
    assert_eq!((rec["version"].as_i64(), rec["may_write"].as_bool(), rec["may_agree"].as_bool()), (Some(0), Some(true), Some(false)));
    let keys: Vec<&str> = rec["sections"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["reports", "child_views", "family_views", "worries", "working_well", "decision_reasons", "next_steps"]);

    // Three writers, three sections, one record; each save is one audit event.
    let before = audit_count(&app).await;
    for (token, key, text) in [
        (&chair, "reports", "School: attendance 71%. Health: missed two appointments."),
        (&lcpp, "worries", "Ines is left alone in the evenings."),
        (&fh_lead, "family_views", "Mum: I need help with the evenings."),
    ] {
        let r = app.api("PUT", &path, Some(token), Some(edit(key, text, 0))).await;
        assert_eq!(r.status, StatusCode::OK, "{key}: {}", r.body);
    }
    assert_eq!(audit_count(&app).await, before + 3);
    let rec = app.api("GET", &path, Some(&chair), None).await.json();
    assert_eq!(rec["version"], 3);
    assert_eq!(rec["sections"][2]["changed_by"], "Test Family help practitioner");
    assert_eq!(rec["may_agree"], true, "the chair is offered agreement");

    // MR-1: partners and analysts do not write it (a practitioner who is not the family help
    // lead neither: ff_domain::meeting_record's tests).
    for role in [Role::PartnerAgency, Role::PerformanceAnalyst] {
        let t = app.token(role, LA).await;
        assert_eq!(app.api("PUT", &path, Some(&t), Some(edit("reports", "x", 1))).await.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    // Sections of another kind of record are mistakes, and change nothing.
    let r = app.api("PUT", &path, Some(&lcpp), Some(edit("progress", "x", 0))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // MR-3: only the chair agrees, and only once the decision and why are written.
    let agree = format!("{path}/agreement");
    let r = app.api("POST", &agree, Some(&chair), Some(json!({"version": 3}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("MR-3") && r.body.contains("decision"), "{}", r.body);
    let r = app.api("PUT", &path, Some(&chair), Some(edit("decision_reasons", "Neglect: the threshold is met.", 0))).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.api("POST", &agree, Some(&lcpp), Some(json!({"version": 4}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the LCPP is not the chair: {}", r.body);
    let r = app.api("POST", &agree, Some(&chair), Some(json!({"version": 3}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "agreeing a record changed since it was read: {}", r.body);
    let before = audit_count(&app).await;
    let r = app.api("POST", &agree, Some(&chair), Some(json!({"version": 4}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rec = r.json();
    assert_eq!(rec["agreed_by"], "Test Conference chair");
    assert_eq!((rec["may_write"].as_bool(), rec["may_agree"].as_bool()), (Some(false), Some(false)));
    assert_eq!(audit_count(&app).await, before + 1);

    // MR-2: kept as agreed.
    let r = app.api("PUT", &path, Some(&lcpp), Some(edit("next_steps", "Core group in 10 days", 0))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("MR-2"));
    assert_eq!(app.api("POST", &agree, Some(&chair), Some(json!({"version": 5}))).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.api("GET", &path, Some(&lcpp), None).await.json()["sections"][5]["text"], "Neglect: the threshold is met.");
}

#[tokio::test]
async fn the_conference_record_is_written_and_agreed_on_its_page() {
    let app = TestApp::new().await;
    let (child, conference) = child_after_conference(&app, "Maya").await;
    let page = format!("/conferences/{conference}/record");
    let (cookie, csrf) = app.session(Role::ConferenceChair).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains(&format!("href=\"{page}\"")), "the child's page links to the record");
    let r = app.page("GET", &page, &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("data-ff-draft") && r.body.contains("The decision and why") && r.body.contains("Agree the record"));

    // Agreeing before the decision is written: told what is missing, nothing changes.
    let r = app.page("POST", &format!("{page}/agree"), &cookie, Some(&[("csrf_token", csrf.as_str()), ("version", "0")])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Write the decision and why before agreeing the record."));

    // Without the script: "Save" posts the sections written.
    let form = [
        ("csrf_token", csrf.as_str()),
        ("action", "save"),
        ("s:decision_reasons", "Physical harm: the threshold is met."),
        ("rev:decision_reasons", "0"),
        ("s:child_views", "Maya drew her house and said it is noisy."),
        ("rev:child_views", "0"),
    ];
    let r = app.page("POST", &page, &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.page("GET", &format!("{page}?done=saved"), &cookie, None).await;
    assert!(r.body.contains("The record is saved.") && r.body.contains("noisy"));

    let r = app.page("POST", &format!("{page}/agree"), &cookie, Some(&[("csrf_token", csrf.as_str()), ("version", "1")])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.page("GET", &format!("{page}?done=agreed"), &cookie, None).await;
    assert!(r.body.contains("You have agreed the record."));
    assert!(!r.body.contains("data-ff-draft") && !r.body.contains("Agree the record</button>") && r.body.contains("noisy"));

    // The family help lead reads it, agreed, without a form.
    let (fh_cookie, _) = app.session(Role::FamilyHelpPractitioner).await;
    let r = app.page("GET", &page, &fh_cookie, None).await;
    assert!(r.body.contains("Agreed") && !r.body.contains("data-ff-draft"));
}

#[tokio::test]
async fn a_plan_review_has_its_own_record_locked_when_the_plan_ends() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Lena", "2015-05-05").await;
    let (episode, assessment) = super::family_help::open_for_assessment(&app, &sw, &child, Some("2026-11-02T10:00:00Z")).await;
    let items = json!([{"kind": "outcome", "description": "Lena sleeps through the night"}]);
    let plan =
        app.created(&format!("/api/v1/episodes/{episode}/plans"), &sw, json!({"start_date": "2026-11-09", "items": items}), "id").await;
    let review_body = json!({"review_date": "2026-11-20", "summary": "Going well"});
    let review = app.created(&format!("/api/v1/plans/{plan}/reviews"), &sw, review_body, "id").await;
    let path = format!("/api/v1/plan-reviews/{review}/record");
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let r = app.api("PUT", &path, Some(&fhp), Some(edit("progress", "Bedtime routine in place five nights of seven.", 0))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rec = app.api("GET", &path, Some(&sw), None).await.json();
    assert_eq!(
        (rec["kind"].as_str(), rec["title"].as_str(), rec["outcome"].as_str()),
        (Some("plan_review"), Some("Family help plan review"), Some("Going well"))
    );
    assert_eq!(rec["sections"][0]["text"], "Bedtime routine in place five nights of seven.");
    assert!(rec["chair_name"].is_null() && rec["may_agree"] == false);
    let chair = app.token(Role::ConferenceChair, LA).await;
    assert_eq!(app.api("PUT", &path, Some(&chair), Some(edit("worries", "x", 0))).await.status, StatusCode::FORBIDDEN);
    let r = app.api("POST", &format!("/api/v1/conferences/{review}/record/agreement"), Some(&chair), Some(json!({"version": 1}))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a review is not a conference: {}", r.body);

    // The child's page lists the review with its record.
    let (cookie, csrf) = app.session(Role::FamilyHelpPractitioner).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(
        show.body.contains(&format!("href=\"/plan-reviews/{review}/record\"")) && show.body.contains("Write the review&#39;s record")
            || show.body.contains("Write the review's record")
    );
    let r = app
        .submit(
            &format!("/plan-reviews/{review}/record"),
            &cookie,
            &[("csrf_token", csrf.as_str()), ("action", "save"), ("s:child_views", "I like my new lamp."), ("rev:child_views", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // MR-2: the plan ends when the episode closes; the review's record is kept as it was.
    super::family_help::submit_written_assessment(&app, &sw, &assessment).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let complete = json!({"completed_date": "2026-11-23", "child_seen": true, "child_seen_alone": true, "factors": ["21"], "outcome": "nfa", "version": 1});
    let r = app.api("POST", &format!("/api/v1/assessments/{assessment}/complete"), Some(&mgr), Some(complete)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let ep = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&sw), None).await.json()["episodes"][0].clone();
    let r = app
        .post(
            &format!("/api/v1/episodes/{episode}/close"),
            &sw,
            json!({"closure_date": "2026-11-23", "reason": "RC1", "version": ep["version"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("PUT", &path, Some(&fhp), Some(edit("next_steps", "x", 0))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("MR-2"));
    assert_eq!(app.api("GET", &path, Some(&sw), None).await.json()["may_write"], false);
}
