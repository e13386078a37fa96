//! Family Help journeys through the API, with the rule ids they exercise.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp, username};

pub async fn user_id(app: &TestApp, role: Role) -> String {
    let t = app.token(role, LA).await;
    app.api("GET", "/api/v1/me", Some(&t), None).await.json()["user_id"].as_str().unwrap().to_owned()
}

pub async fn make_child(app: &TestApp, t: &str, given: &str, dob: &str) -> String {
    let body = json!({"given_name": given, "family_name": "Family", "date_of_birth": dob, "sex": "F", "confirm_not_duplicate": true});
    let r = app.api("POST", "/api/v1/people", Some(t), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

pub async fn contact(app: &TestApp, t: &str, child: &str, received_at: Option<&str>) -> Value {
    let r = app
        .api(
            "POST",
            "/api/v1/contacts",
            Some(t),
            Some(json!({"received_at": received_at, "channel": "phone", "source": "2A", "referrer_name": "Head teacher", "referrer_organisation": "Northmoor Primary",
                "concerns": "Child arriving hungry and tired", "consent": "given", "child_ids": [child]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

/// Record a contact and decide it for assessment; returns (episode id, assessment id).
pub async fn open_for_assessment(app: &TestApp, t: &str, child: &str, received_at: Option<&str>) -> (String, String) {
    let c = contact(app, t, child, received_at).await;
    let r = app
        .post(
            &format!("/api/v1/contacts/{}/decision", c["id"].as_str().unwrap()),
            t,
            json!({"decision": "referral_assessment", "reason": "Needs a single assessment", "primary_need": "N1", "version": c["version"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let episode = r.json()["episodes"][0].as_str().unwrap().to_owned();
    let rec = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(t), None).await.json();
    let assessment = rec["episodes"][0]["assessments"][0]["id"].as_str().unwrap().to_owned();
    (episode, assessment)
}

/// Writes every section the written assessment needs (the child's words, each
/// significant adult's views, the analysis and the recommendation) and submits it to a manager,
/// so that a manager can authorise it.
pub async fn submit_written_assessment(app: &TestApp, t: &str, assessment: &str) {
    let doc = app.api("GET", &format!("/api/v1/assessments/{assessment}"), Some(t), None).await.json();
    let sections: Vec<Value> = doc["parts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["sections"].as_array().unwrap().clone())
        .filter(|s| s["required"] == true && s["text"] == "")
        .map(|s| json!({"key": s["key"], "text": format!("Written for {}", s["label"].as_str().unwrap()), "base_rev": s["rev"]}))
        .collect();
    let r = app.api("PUT", &format!("/api/v1/assessments/{assessment}/draft"), Some(t), Some(json!({"sections": sections}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let version = app.api("GET", &format!("/api/v1/assessments/{assessment}"), Some(t), None).await.json()["version"].clone();
    let r = app.api("POST", &format!("/api/v1/assessments/{assessment}/submit"), Some(t), Some(json!({"version": version}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
}

async fn episode(app: &TestApp, t: &str, child: &str) -> Value {
    app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(t), None).await.json()["episodes"][0].clone()
}

#[tokio::test]
async fn contact_to_closure_journey_shows_every_step_on_the_timeline() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let fhp_id = user_id(&app, Role::FamilyHelpPractitioner).await;
    let mgr_id = user_id(&app, Role::PracticeSupervisor).await;
    let child = make_child(&app, &sw, "Maya", "2017-06-01").await;

    // T1/T3: contact received Monday 16 Nov 2026; assessment due 45 working days later.
    let (ep, assessment) = open_for_assessment(&app, &sw, &child, Some("2026-11-16T09:00:00Z")).await;
    let e = episode(&app, &sw, &child).await;
    assert_eq!(e["referral_date"], "2026-11-16");
    assert_eq!(e["assessments"][0]["due_date"], "2027-01-21", "T3: 45 working days from 16 Nov 2026, skipping 25 and 28 Dec and 1 Jan");

    // R-FH-1: a family help practitioner (not a social worker) cannot lead a child-in-need episode alone.
    let alloc = |overseer: Option<&str>, version: i64| json!({"lead_id": fhp_id, "overseer_id": overseer, "reason": "Knows the family", "version": version});
    let r = app.api("POST", &format!("/api/v1/episodes/{ep}/allocation"), Some(&mgr), Some(alloc(None, 1))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["rule"], "R-FH-1");
    assert!(r.json()["detail"].as_str().unwrap().contains("overseer"), "the refusal explains what would allow it");
    let r = app.api("POST", &format!("/api/v1/episodes/{ep}/allocation"), Some(&mgr), Some(alloc(Some(&mgr_id), 1))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // The assessment is written and submitted, then authorised by the social-work-qualified manager.
    submit_written_assessment(&app, &sw, &assessment).await;
    let complete = json!({"completed_date": "2026-11-23", "child_seen": true, "child_seen_alone": true, "factors": ["16A", "4B"], "outcome": "family_help_plan", "version": 1});
    let r = app.api("POST", &format!("/api/v1/assessments/{assessment}/complete"), Some(&sw), Some(complete.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a social worker cannot authorise");
    let r = app.api("POST", &format!("/api/v1/assessments/{assessment}/complete"), Some(&mgr), Some(complete)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    // R-CIN-2: a plan of actions alone, or of nothing, is refused through the API as on the page,
    // and nothing is saved.
    for items in [json!([]), json!([{"kind": "action", "description": "Call the school"}])] {
        let r = app
            .api("POST", &format!("/api/v1/episodes/{ep}/plans"), Some(&fhp), Some(json!({"start_date": "2026-11-23", "items": items})))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("at least one outcome"), "{}", r.body);
        assert!(episode(&app, &sw, &child).await["plan"].is_null(), "no plan was saved");
    }
    let plan = app
        .api(
            "POST",
            &format!("/api/v1/episodes/{ep}/plans"),
            Some(&fhp),
            Some(json!({"start_date": "2026-11-23", "items": [
                {"kind": "outcome", "description": "Maya arrives at school fed and rested"},
                {"kind": "action", "description": "Referral to the food bank", "owner": "Family help practitioner", "due_date": "2026-11-30"}]})),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    let plan_id = plan.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            &format!("/api/v1/episodes/{ep}/visits"),
            &fhp,
            json!({"visit_date": "2026-11-23", "child_seen": true, "seen_alone": true, "bedroom_seen": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r =
        app.post(&format!("/api/v1/plans/{plan_id}/reviews"), &fhp, json!({"review_date": "2026-11-23", "summary": "Good start"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app.post(&format!("/api/v1/episodes/{ep}/oversight"), &mgr, json!({"record_date": "2026-11-23", "note": "Plan agreed"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Closing before the last activity breaks census rule 8565.
    let version = episode(&app, &fhp, &child).await["version"].clone();
    let r = app
        .post(&format!("/api/v1/episodes/{ep}/close"), &fhp, json!({"closure_date": "2026-11-20", "reason": "RC7", "version": version}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["rule"], "8565");
    let r = app
        .post(&format!("/api/v1/episodes/{ep}/close"), &fhp, json!({"closure_date": "2026-11-23", "reason": "RC7", "version": version}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    let rec = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&sw), None).await.json();
    let kinds: Vec<&str> = rec["timeline"].as_array().unwrap().iter().map(|t| t["kind"].as_str().unwrap()).collect();
    for k in ["contact", "decision", "referral", "allocation", "assessment", "plan", "visit", "review", "oversight", "closure"] {
        assert!(kinds.contains(&k), "timeline lacks {k}: {kinds:?}");
    }
    assert_eq!(rec["timeline"][rec["timeline"].as_array().unwrap().len() - 1]["kind"], "contact", "oldest last");
    assert_eq!(rec["episodes"][0]["closure_reason"], "RC7");
    assert_eq!(rec["episodes"][0]["due"].as_array().unwrap().len(), 0, "nothing is due on a closed episode");

    // A new referral within 12 months opens a new episode marked as a re-referral; the old one stays.
    let (_, _) = open_for_assessment(&app, &sw, &child, None).await;
    let rec = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&sw), None).await.json();
    assert_eq!(rec["episodes"].as_array().unwrap().len(), 2);
    assert_eq!(rec["episodes"][0]["rereferral"], true);
    assert_eq!(rec["episodes"][1]["closure_reason"], "RC7");
}

#[tokio::test]
async fn t4_late_assessment_needs_a_reason() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let child = make_child(&app, &sw, "Leo", "2015-02-02").await;
    // Referral 1 Sep 2026: 45 working days end on 3 Nov 2026; completing on 23 Nov is late.
    let (_, assessment) = open_for_assessment(&app, &sw, &child, Some("2026-09-01T10:00:00Z")).await;
    submit_written_assessment(&app, &sw, &assessment).await;
    let body = |late: Option<&str>| json!({"completed_date": "2026-11-23", "child_seen": true, "child_seen_alone": false, "factors": ["21"], "outcome": "nfa", "late_reason": late, "version": 1});
    let r = app.api("POST", &format!("/api/v1/assessments/{assessment}/complete"), Some(&mgr), Some(body(None))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "late_reason");
    assert!(r.json()["errors"][0]["message"].as_str().unwrap().contains("3 November 2026"));
    let r = app.post(&format!("/api/v1/assessments/{assessment}/complete"), &mgr, body(Some("Family moved away for three weeks"))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
}

#[tokio::test]
async fn t1_undecided_contacts_are_overdue_after_one_working_day() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Ava", "2019-01-01").await;
    // Received Thursday 19 Nov: due Friday 20 Nov, overdue on Monday 23 Nov (the test clock).
    let old = contact(&app, &sw, &child, Some("2026-11-19T15:00:00Z")).await;
    assert_eq!(old["decision_due"], "2026-11-20");
    // Received Friday 20 Nov evening: due Monday 23 Nov, not yet overdue.
    let fresh = contact(&app, &sw, &child, Some("2026-11-20T18:00:00Z")).await;
    assert_eq!(fresh["decision_due"], "2026-11-23");
    let tray = app.api("GET", "/api/v1/work-tray", Some(&sw), None).await.json();
    let contacts = tray["contacts"].as_array().unwrap();
    assert_eq!(contacts[0]["id"], old["id"], "most overdue first");
    assert_eq!(contacts[0]["overdue"], true);
    assert_eq!(contacts[1]["overdue"], false);
    // Deciding removes it from the tray; a professional referrer is then owed feedback (T2).
    let r = app
        .post(
            &format!("/api/v1/contacts/{}/decision", old["id"].as_str().unwrap()),
            &sw,
            json!({"decision": "advice_signposting", "reason": "Universal services", "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["contact"]["feedback_due"], true);
    let tray = app.api("GET", "/api/v1/work-tray", Some(&sw), None).await.json();
    assert_eq!(tray["contacts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn caseload_cap_warns_and_needs_a_managers_reason_above_it() {
    let app = TestApp::new().await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["caseload_caps"]["social_worker"] = json!(1);
    assert_eq!(app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await.status, StatusCode::OK);
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let sw_id = user_id(&app, Role::SocialWorker).await;
    let a = make_child(&app, &sw, "One", "2016-01-01").await;
    let b = make_child(&app, &sw, "Two", "2016-02-02").await;
    let (ep_a, _) = open_for_assessment(&app, &sw, &a, None).await;
    let (ep_b, _) = open_for_assessment(&app, &sw, &b, None).await;
    let r =
        app.api("POST", &format!("/api/v1/episodes/{ep_a}/allocation"), Some(&mgr), Some(json!({"lead_id": sw_id, "version": 1}))).await;
    assert_eq!(r.json()["status"], "reaches_cap", "{}", r.body);
    let r =
        app.api("POST", &format!("/api/v1/episodes/{ep_b}/allocation"), Some(&mgr), Some(json!({"lead_id": sw_id, "version": 1}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["detail"].as_str().unwrap().contains("cap"), "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/episodes/{ep_b}/allocation"),
            &mgr,
            json!({"lead_id": sw_id, "over_cap_reason": "Sibling of a child she holds", "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "over_cap");
    assert_eq!(r.json()["caseload_after"], 2);
}

#[tokio::test]
async fn work_trays_list_overdue_work_for_the_lead_and_their_manager() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let sw_id = user_id(&app, Role::SocialWorker).await;
    let mgr_id = user_id(&app, Role::PracticeSupervisor).await;
    // Put the social worker and the manager in one team.
    {
        let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 10, 0, 0).unwrap();
        let mut tx = app.db.db.begin().await.unwrap();
        let team = uuid::Uuid::new_v4();
        ff_store::users::insert_team(
            &mut tx,
            &ff_store::users::TeamRow {
                la_code: LA.into(),
                id: team,
                name: "Family Help North".into(),
                kind: "family_help".into(),
                created_at: now,
            },
        )
        .await
        .unwrap();
        for u in [&sw_id, &mgr_id] {
            ff_store::users::add_team_member(&mut tx, LA, team, u.parse().unwrap(), now).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    let child = make_child(&app, &sw, "Isla", "2018-04-04").await;
    // Referred on 1 Sep: the visit (15 WD) and the assessment (45 WD) are long overdue by 23 Nov.
    let (ep, _) = open_for_assessment(&app, &sw, &child, Some("2026-09-01T10:00:00Z")).await;
    app.api("POST", &format!("/api/v1/episodes/{ep}/allocation"), Some(&mgr), Some(json!({"lead_id": sw_id, "version": 1}))).await;
    let tray = app.api("GET", "/api/v1/work-tray", Some(&sw), None).await.json();
    let mine = tray["mine"].as_array().unwrap();
    let kinds: Vec<&str> = mine.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["visit", "assessment"], "most urgent first: {tray}");
    assert!(mine.iter().all(|i| i["overdue"] == true));
    assert_eq!(mine[0]["due"], "2026-09-22");
    let team = app.api("GET", "/api/v1/work-tray", Some(&mgr), None).await.json();
    assert_eq!(team["team"].as_array().unwrap().len(), 2, "{team}");
    let load = team["caseloads"].as_array().unwrap().iter().find(|c| c["user_id"] == sw_id.as_str()).unwrap().clone();
    assert_eq!(load["open_cases"], 1);
    // A visit brings the visit forward; it drops off the overdue list.
    app.post(
        &format!("/api/v1/episodes/{ep}/visits"),
        &sw,
        json!({"visit_date": "2026-11-23", "child_seen": true, "seen_alone": false, "bedroom_seen": false}),
    )
    .await;
    let tray = app.api("GET", "/api/v1/work-tray", Some(&sw), None).await.json();
    let visit = tray["mine"].as_array().unwrap().iter().find(|i| i["kind"] == "visit").unwrap().clone();
    assert_eq!(visit["overdue"], false);
    let _ = username(Role::SocialWorker, LA);
}

#[tokio::test]
async fn moving_to_child_in_need_rechecks_r_fh_1() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let fhp_id = user_id(&app, Role::FamilyHelpPractitioner).await;
    let child = make_child(&app, &sw, "Noor", "2014-03-03").await;
    let c = contact(&app, &sw, &child, None).await;
    let r = app
        .post(
            &format!("/api/v1/contacts/{}/decision", c["id"].as_str().unwrap()),
            &sw,
            json!({"decision": "family_help", "reason": "Targeted help", "primary_need": "N4", "version": 1}),
        )
        .await;
    let ep = r.json()["episodes"][0].as_str().unwrap().to_owned();
    // Early help may be led by a non-social-worker without an overseer.
    let r = app.api("POST", &format!("/api/v1/episodes/{ep}/allocation"), Some(&mgr), Some(json!({"lead_id": fhp_id, "version": 1}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/episodes/{ep}/level"),
            &sw,
            json!({"level": "child_in_need", "from_date": "2026-11-23", "reason": "Needs escalated", "version": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["rule"], "R-FH-1");
    let e = episode(&app, &sw, &child).await;
    assert_eq!(e["level"], "targeted_early_help", "nothing changed");
}
