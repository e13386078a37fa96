//! Safeguarding correctness at the edges: the T15 visit clock, closing an episode around open
//! child protection work (R-CP-6, 8565), the LCPP caseload between an enquiry and its conference,
//! the child-in-need plan ending when a child protection plan starts (4001/4016/4017), and the
//! level change a strategy discussion makes (R-FH-3).

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::child_protection::{child_with_enquiry, conference_body, designated_lcpp, discussion};
use super::family_help::{contact, make_child, user_id};
use super::{LA, TestApp};

pub(super) async fn cp_record(app: &TestApp, t: &str, child: &str) -> Value {
    app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(t), None).await.json()
}

pub(super) async fn fh_episode(app: &TestApp, t: &str, child: &str) -> Value {
    app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(t), None).await.json()["episodes"][0].clone()
}

async fn visit(app: &TestApp, t: &str, ep: &str, body: Value) {
    let r = app.api("POST", &format!("/api/v1/episodes/{ep}/visits"), Some(t), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

async fn close(app: &TestApp, t: &str, child: &str, ep: &str, date: &str) -> super::Resp {
    let version = fh_episode(app, t, child).await["version"].clone();
    app.post(&format!("/api/v1/episodes/{ep}/close"), t, json!({"closure_date": date, "reason": "RC1", "version": version})).await
}

/// A contact about `child` received at `received`, decided at once: the new episode's id.
pub(super) async fn episode_by_decision(app: &TestApp, t: &str, child: &str, received: &str, decision: &str, need: &str) -> String {
    let c = contact(app, t, child, Some(received)).await;
    let body =
        json!({"decision": decision, "reason": "Decided at the front door", "primary_need": need, "decided_at": received, "version": 1});
    let r = app.api("POST", &format!("/api/v1/contacts/{}/decision", c["id"].as_str().unwrap()), Some(t), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["episodes"][0].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn child_protection_work_holds_the_episode_open_ends_the_cin_plan_and_counts_on_the_lcpps_caseload() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    let chair = app.token(Role::ConferenceChair, LA).await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let chair_id = user_id(&app, Role::ConferenceChair).await;
    let lcpp_id = user_id(&app, Role::Lcpp).await;
    let (child, ep, s47) = child_with_enquiry(&app, "Zara", Some("2018-05-01")).await;

    // A child in need plan was running before the conference.
    let r = app
        .post(
            &format!("/api/v1/episodes/{ep}/plans"),
            &fhp,
            json!({"start_date": "2026-01-02", "items": [{"kind": "outcome", "description": "Zara feels safe at home"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // The enquiry concluded on 30 December 2025 with a conference needed, and none is held yet:
    // the episode cannot close, and the refusal names the conference that is due.
    let r = close(&app, &sw, &child, &ep, "2026-01-05").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["rule"], "R-CP-6", "{}", r.body);
    assert!(r.json()["detail"].as_str().unwrap().contains("initial child protection conference due by 12 January 2026"), "{}", r.body);

    // The LCPP still holds this child between the enquiry's conclusion and the conference: with a
    // cap of one, another enquiry needs a manager's reason.
    let overview = app.api("GET", "/api/v1/child-protection/overview", Some(&lcpp), None).await.json();
    let load = overview["loads"].as_array().unwrap().iter().find(|l| l["user_id"] == lcpp_id.as_str()).cloned().unwrap_or_default();
    assert_eq!(load["children"], 1, "{overview}");
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["caseload_caps"]["lcpp"] = json!(1);
    assert_eq!(app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await.status, StatusCode::OK);
    let other = make_child(&app, &sw, "Yusuf", "2019-02-02").await;
    let other_ep = episode_by_decision(&app, &sw, &other, "2025-12-10T09:00:00Z", "strategy_discussion", "N1").await;
    let r = app
        .api("POST", &format!("/api/v1/episodes/{other_ep}/strategy-discussions"), Some(&sw), Some(discussion(Some(&lcpp_id), true, None)))
        .await;
    assert_eq!(r.json()["rule"], "LCPP caseload cap", "{}", r.body);

    // The initial conference starts the plan; the child in need plan ends the same day.
    let url = format!("/api/v1/people/{child}/conferences");
    let r = app.api("POST", &url, Some(&chair), Some(conference_body("initial", Some(&s47), "2026-01-12", &chair_id, "plan"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let plan = r.json()["cp_plan_id"].as_str().unwrap().to_owned();
    let e = fh_episode(&app, &sw, &child).await;
    assert_eq!(e["plan"]["end_date"], "2026-01-12", "{e}");
    // And no child in need plan starts while the child protection plan is open (4016).
    let r = app
        .post(
            &format!("/api/v1/episodes/{ep}/plans"),
            &fhp,
            json!({"start_date": "2026-02-02", "items": [{"kind": "outcome", "description": "Another plan"}]}),
        )
        .await;
    assert_eq!(r.json()["rule"], "4016", "{}", r.body);
    // Nor a backdated one that would still be running when the child protection plan started.
    let r = app
        .post(
            &format!("/api/v1/episodes/{ep}/plans"),
            &fhp,
            json!({"start_date": "2026-01-05", "items": [{"kind": "outcome", "description": "Backdated"}]}),
        )
        .await;
    assert_eq!(r.json()["rule"], "4016", "{}", r.body);

    // T15: the child is seen alone on 10 November; on 20 November the family were in but the
    // child was not seen. The clock still runs from 10 November: 10 working days is 24 November.
    visit(&app, &lcpp, &ep, json!({"visit_date": "2026-11-10", "child_seen": true, "seen_alone": true})).await;
    visit(&app, &lcpp, &ep, json!({"visit_date": "2026-11-20", "child_seen": false})).await;
    visit(&app, &lcpp, &ep, json!({"visit_date": "2026-11-21", "child_seen": true, "seen_alone": false})).await;
    let p = cp_record(&app, &lcpp, &child).await["plans"][0].clone();
    assert_eq!(p["last_qualifying_visit"], "2026-11-10", "{p}");
    assert_eq!(p["next_visit_due"], "2026-11-24", "{p}");
    let tray = app.api("GET", "/api/v1/work-tray", Some(&lcpp), None).await.json();
    let due = tray["mine"].as_array().unwrap().iter().find(|i| i["kind"] == "cp_visit").cloned().unwrap_or_default();
    assert_eq!(due["due"], "2026-11-24", "{tray}");
    // What is due names the visit it runs from, in the API and on the page.
    assert_eq!(due["last_done"], "2026-11-10", "{due}");
    let (cookie, _) = app.session(Role::Lcpp).await;
    let page = app.page("GET", "/work", &cookie, None).await.body;
    assert!(page.contains("Last visit seeing the child alone: 10 November 2026"), "{page}");
    // The family help visit clock counts the 21 November visit (child seen), not the 20th's.
    let e = fh_episode(&app, &sw, &child).await;
    let fh_visit = e["due"].as_array().unwrap().iter().find(|d| d["kind"] == "visit").cloned().unwrap_or_default();
    assert_eq!(fh_visit["last_done"], "2026-11-21", "{fh_visit}");
    assert_eq!(fh_visit["last_done_text"], "Last visit seeing the child: 21 November 2026", "{fh_visit}");
    visit(&app, &lcpp, &ep, json!({"visit_date": "2026-11-23", "child_seen": false})).await;
    let e2 = fh_episode(&app, &sw, &child).await;
    let fh_visit2 = e2["due"].as_array().unwrap().iter().find(|d| d["kind"] == "visit").cloned().unwrap_or_default();
    assert_eq!(fh_visit["due"], fh_visit2["due"], "a visit where the child was not seen does not reset the clock");

    // With the plan open the episode still cannot close; the refusal names the plan.
    let r = close(&app, &sw, &child, &ep, "2026-11-23").await;
    assert!(r.json()["detail"].as_str().unwrap().contains("child protection plan started on 12 January 2026"), "{}", r.body);

    // The plan ends at a review conference; then the episode closes, but not before the plan ended.
    let mut review = conference_body("review", None, "2026-11-23", &chair_id, "end");
    review["late_reason"] = json!("Chair unavailable");
    review["plan_version"] = json!(1);
    let r = app.api("POST", &url, Some(&chair), Some(review)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(cp_record(&app, &lcpp, &child).await["plans"][0]["id"], plan.as_str());
    let overview = app.api("GET", "/api/v1/child-protection/overview", Some(&lcpp), None).await.json();
    let load = overview["loads"].as_array().unwrap().iter().find(|l| l["user_id"] == lcpp_id.as_str()).cloned().unwrap_or_default();
    assert_eq!(load["children"].as_i64().unwrap_or(0), 0, "the work ended: {overview}");
    let r = close(&app, &sw, &child, &ep, "2026-01-05").await;
    assert_eq!(r.json()["rule"], "8565", "{}", r.body);
    let r = close(&app, &sw, &child, &ep, "2026-11-23").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
}

#[tokio::test]
async fn a_strategy_discussion_moving_early_help_to_child_in_need_is_a_recorded_level_change() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let lcpp_id = designated_lcpp(&app).await;
    let child = make_child(&app, &sw, "Xena", "2016-03-03").await;
    let ep = episode_by_decision(&app, &sw, &child, "2025-12-10T09:00:00Z", "family_help", "N5").await;
    let e = fh_episode(&app, &sw, &child).await;
    assert_eq!(e["level"], "targeted_early_help");
    let version = e["version"].as_i64().unwrap();

    // A form opened on an older version of the episode is refused, and nothing is written.
    let mut stale = discussion(Some(&lcpp_id), true, None);
    stale["episode_version"] = json!(version - 1);
    let url = format!("/api/v1/episodes/{ep}/strategy-discussions");
    let r = app.api("POST", &url, Some(&sw), Some(stale)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(cp_record(&app, &sw, &child).await["strategy_discussions"].as_array().unwrap().is_empty());

    let mut body = discussion(Some(&lcpp_id), true, None);
    body["episode_version"] = json!(version);
    let r = app.api("POST", &url, Some(&sw), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rec = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&sw), None).await.json();
    assert_eq!(rec["episodes"][0]["level"], "child_in_need");
    assert_eq!(rec["episodes"][0]["version"].as_i64().unwrap(), version + 1);
    let levels: Vec<&Value> = rec["timeline"].as_array().unwrap().iter().filter(|t| t["kind"] == "level").collect();
    assert!(levels.iter().any(|l| l["date"] == "2025-12-17" && l["title"].as_str().unwrap().contains("hild in need")), "{levels:?}");
    let mut tx = app.db.db.begin().await.unwrap();
    let events = ff_store::audit::events_for_record(&mut tx, LA, "episode", &ep, 50).await.unwrap();
    let n = events.iter().filter(|e| e.summary == "level changed to child_in_need").count();
    assert_eq!(n, 1, "the level change is audited");
}

#[tokio::test]
async fn a_new_adult_or_address_around_a_child_on_a_plan_reaches_the_lcpp_and_the_family_help_lead() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let chair = app.token(Role::ConferenceChair, LA).await;
    let chair_id = user_id(&app, Role::ConferenceChair).await;
    let (child, ep, s47) = child_with_enquiry(&app, "Rae", Some("2017-03-03")).await;
    let r =
        app.post(&format!("/api/v1/people/{child}/households"), &sw, json!({"membership": "lives_in", "start_date": "2017-03-03"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let household = r.json()["id"].as_str().unwrap().to_owned();
    super::child_protection::initial_conference(&app, &chair, &chair_id, &child, &s47, "conference_id").await;
    let kinds = |tray: &Value| -> Vec<String> {
        tray["mine"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap_or("").to_owned()).collect()
    };
    let tray = app.api("GET", "/api/v1/work-tray", Some(&lcpp), None).await.json();
    assert!(!kinds(&tray).iter().any(|k| k.starts_with("household_")), "nothing yet: {tray}");

    // A man moves in with the family in November; the child's new address too.
    let body =
        json!({"given_name": "Dean", "family_name": "Stone", "date_of_birth": "1990-01-01", "sex": "M", "confirm_not_duplicate": true});
    let dean = app.api("POST", "/api/v1/people", Some(&sw), Some(body)).await.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            &format!("/api/v1/people/{dean}/households"),
            &sw,
            json!({"household_id": household, "membership": "lives_in", "start_date": "2026-11-16"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/people/{child}/addresses"),
            &sw,
            json!({"line1": "4 Mill Lane", "town": "Northmoor", "postcode": "NM1 4AB", "start_date": "2026-11-16"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for (who, token) in [("LCPP", &lcpp), ("family help lead", &fhp)] {
        let tray = app.api("GET", "/api/v1/work-tray", Some(token), None).await.json();
        let items: Vec<&Value> =
            tray["mine"].as_array().unwrap().iter().filter(|i| i["kind"].as_str().unwrap_or("").starts_with("household_")).collect();
        assert_eq!(items.len(), 2, "{who}: {tray}");
        let adult = items.iter().find(|i| i["kind"] == "household_adult").unwrap();
        assert!(adult["label"].as_str().unwrap().contains("Dean Stone"), "{adult}");
        assert_eq!(adult["due"], "2026-11-23", "5 working days from 16 November");
    }
    // A visit that sees the child after the changes clears them.
    let r = app
        .post(&format!("/api/v1/episodes/{ep}/visits"), &lcpp, json!({"visit_date": "2026-11-20", "child_seen": true, "seen_alone": true}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let tray = app.api("GET", "/api/v1/work-tray", Some(&lcpp), None).await.json();
    assert!(!kinds(&tray).iter().any(|k| k.starts_with("household_")), "{tray}");
}

#[tokio::test]
async fn refused_attempts_on_a_childs_record_are_audited_and_shown_in_its_access_log() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Quinn", "2016-06-06").await;
    // A partner outside any team working the case, an analyst without the permission, and a social
    // worker of another council who has the id.
    let police = app.token(Role::PartnerAgency, LA).await;
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}"), Some(&police), None).await.status, StatusCode::FORBIDDEN);
    let analyst = app.token(Role::PerformanceAnalyst, LA).await;
    let r = app
        .post(
            &format!("/api/v1/people/{child}/notes"),
            &analyst,
            json!({"occurred_on": "2026-11-20", "source_type": "agency_record", "note": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let other = app.token(Role::SocialWorker, super::OTHER_LA).await;
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}"), Some(&other), None).await.status, StatusCode::NOT_FOUND);

    let mut tx = app.db.db.begin().await.unwrap();
    let here = ff_store::audit::events_for_record(&mut tx, LA, "person", &child, 50).await.unwrap();
    let there = ff_store::audit::events_for_record(&mut tx, super::OTHER_LA, "person", &child, 50).await.unwrap();
    drop(tx);
    let refused: Vec<(&str, &str)> =
        here.iter().filter(|e| e.action == "refused").map(|e| (e.actor_role.as_str(), e.summary.as_str())).collect();
    assert!(refused.iter().any(|(role, s)| *role == "partner_agency" && s.contains("GET /api/v1/people/")), "{refused:?}");
    assert!(
        refused.iter().any(|(role, s)| *role == "performance_analyst" && s.contains("POST /api/v1/people/") && s.ends_with("/notes")),
        "{refused:?}"
    );
    assert!(
        there.iter().any(|e| e.action == "refused" && e.summary.starts_with("refused (not found)")),
        "the other council's attempt is in its own log: {there:?}"
    );
    // The access log on the child's history page shows the refusals to those who may see it.
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}/history"), &cookie, None).await;
    assert!(page.body.contains("refused"), "{}", page.body);
    // The chain still verifies.
    let admin = app.token(Role::LaAdmin, LA).await;
    let v = app.api("GET", "/api/v1/audit/verify", Some(&admin), None).await.json();
    assert!(v.to_string().contains("intact") || v.to_string().contains("Intact"), "{v}");
}

#[tokio::test]
async fn the_strategy_discussion_and_closure_forms_report_every_mistake_in_one_round() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Pearl", "2016-06-06").await;
    let ep = episode_by_decision(&app, &sw, &child, "2026-11-16T09:00:00Z", "strategy_discussion", "N1").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let form = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("held_on_day", "31"),
        ("held_on_month", "2"),
        ("held_on_year", "2026"),
        ("decision", "s47"),
    ];
    let r = app.page("POST", &format!("/episodes/{ep}/strategy"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["held_on", "plan", "other_children_considered", "s47_lead_id"] {
        assert!(r.body.contains(&format!("href=\"#{field}\"")), "{field} missing: {}", r.body);
    }
    let cp = app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&sw), None).await.json();
    assert!(cp["strategy_discussions"].as_array().unwrap().is_empty(), "nothing saved");
    // Closing: a wrong date and no reason, both at once.
    let form = [("csrf_token", csrf.as_str()), ("child", child.as_str()), ("version", "1"), ("closure_date_day", "40")];
    let r = app.page("POST", &format!("/episodes/{ep}/close"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#closure_date\"") && r.body.contains("href=\"#reason\""), "{}", r.body);
}

/// Merging two records is confirmed on a page that shows both side by side with
/// the reason; the first post changes nothing, the confirmation merges, and the duplicate may be
/// given as its web address.
#[tokio::test]
async fn a_merge_shows_both_records_and_waits_for_confirmation() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let person = |given: &str| json!({"given_name": given, "family_name": "Okafor", "date_of_birth": "2016-05-02", "sex": "M", "confirm_not_duplicate": true});
    let a = app.api("POST", "/api/v1/people", Some(&sw), Some(person("Tobi"))).await.json()["id"].as_str().unwrap().to_owned();
    let b = app.api("POST", "/api/v1/people", Some(&sw), Some(person("Tobias"))).await.json()["id"].as_str().unwrap().to_owned();
    let (cookie, csrf) = app.session(Role::PracticeSupervisor).await;
    let url = format!("/people/{a}/merge");

    // No reason: the form again with the error, nothing merged.
    let r = app.page("POST", &url, &cookie, Some(&[("csrf_token", &csrf), ("duplicate_id", &b), ("reason", "")])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Explain why these are the same person"));

    // The duplicate's web address, pasted: both records side by side, nothing merged yet.
    let address = format!("http://localhost:8080/people/{b}");
    let r = app
        .page("POST", &url, &cookie, Some(&[("csrf_token", &csrf), ("duplicate_id", &address), ("reason", "Same school, same GP")]))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Check these are the same person") && r.body.contains("Tobi Okafor") && r.body.contains("Tobias Okafor"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Same school, same GP") && r.body.contains("Merge these records"));
    let other = app.api("GET", &format!("/api/v1/people/{b}"), Some(&sw), None).await.json();
    assert!(other["person"]["merged_into"].is_null(), "the first post merges nothing");

    // Confirmed: merged.
    let r = app
        .submit(&url, &cookie, &[("csrf_token", &csrf), ("duplicate_id", &b), ("reason", "Same school, same GP"), ("confirm", "yes")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let other = app.api("GET", &format!("/api/v1/people/{b}"), Some(&sw), None).await.json();
    assert_eq!(other["person"]["merged_into"], a.as_str());
}

/// Records about a child cannot predate the child. A contact that arrived before
/// the child was born is refused on its arrival date; pre-birth work within the pregnancy is kept.
#[tokio::test]
async fn a_record_about_a_child_cannot_predate_the_child() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Ines", "2026-03-02").await;
    let body = |when: &str, child: &str| json!({"received_at": when, "channel": "phone", "source": "2A", "referrer_name": "Midwife", "concerns": "x", "consent": "given", "child_ids": [child]});
    let r = app.api("POST", "/api/v1/contacts", Some(&sw), Some(body("2026-02-27T09:00:00Z", &child))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "received_at", "{}", r.body);
    assert!(r.body.contains("before the child was born (2 March 2026)"), "{}", r.body);
    assert_eq!(
        app.api("POST", "/api/v1/contacts", Some(&sw), Some(body("2026-03-02T09:00:00Z", &child))).await.status,
        StatusCode::CREATED
    );

    // An unborn child: a contact in the pregnancy is fine, one from before it is not.
    let unborn = json!({"given_name": "Baby", "family_name": "Amadi", "expected_date_of_birth": "2027-02-01", "sex": "U", "confirm_not_duplicate": true});
    let r = app.api("POST", "/api/v1/people", Some(&sw), Some(unborn)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let unborn = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.api("POST", "/api/v1/contacts", Some(&sw), Some(body("2026-11-02T09:00:00Z", &unborn))).await.status,
        StatusCode::CREATED
    );
    let r = app.api("POST", "/api/v1/contacts", Some(&sw), Some(body("2026-01-05T09:00:00Z", &unborn))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("before any work could have started"), "{}", r.body);

    // A conference about a child is not dated before the child was born.
    let (born, _, s47) = super::child_protection::child_with_enquiry(&app, "Orla", Some("2019-01-01")).await;
    let chair = app.token(Role::ConferenceChair, LA).await;
    let chair_id = super::family_help::user_id(&app, Role::ConferenceChair).await;
    let body = super::child_protection::conference_body("initial", Some(&s47), "2018-12-03", &chair_id, "plan");
    let r = app.api("POST", &format!("/api/v1/people/{born}/conferences"), Some(&chair), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("The conference date is before the child was born"), "{}", r.body);
}

/// An administrator changes a user's role and teams, resets a password (the
/// user chooses a new one at the next sign-in) and closes a leaver's account, ending their
/// sessions and tokens at once.
#[tokio::test]
async fn accounts_have_a_lifecycle() {
    let app = TestApp::new().await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let worker = app.token(Role::QaOfficer, LA).await;
    let me = app.api("GET", "/api/v1/me", Some(&worker), None).await.json();
    let id = me["user_id"].as_str().unwrap().to_owned();
    let users = app.api("GET", "/api/v1/users", Some(&admin), None).await.json();
    let account = users.as_array().unwrap().iter().find(|u| u["id"] == id.as_str()).unwrap().clone();
    let version = account["version"].as_i64().unwrap();

    // A role change takes effect on the user's next request.
    let change = json!({"role": "performance_analyst", "team_ids": [], "version": version});
    let r = app.api("PUT", &format!("/api/v1/users/{id}"), Some(&admin), Some(change.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.api("GET", "/api/v1/me", Some(&worker), None).await.json()["role"], "performance_analyst");
    // The same stale change again is a 409; nobody changes their own account.
    assert_eq!(app.api("PUT", &format!("/api/v1/users/{id}"), Some(&admin), Some(change)).await.status, StatusCode::CONFLICT);
    let admin_id = app.api("GET", "/api/v1/me", Some(&admin), None).await.json()["user_id"].as_str().unwrap().to_owned();
    let own = json!({"role": "qa_officer", "team_ids": [], "version": 1});
    assert_eq!(
        app.api("PUT", &format!("/api/v1/users/{admin_id}"), Some(&admin), Some(own)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Only an administrator may.
    let body = json!({"version": version + 1});
    assert_eq!(
        app.api("POST", &format!("/api/v1/users/{id}/reset-password"), Some(&worker), Some(body.clone())).await.status,
        StatusCode::FORBIDDEN
    );

    // A reset ends the user's tokens and sessions and hands back a one-time password.
    let (cookie, _) = app.session(Role::QaOfficer).await;
    let r = app.api("POST", &format!("/api/v1/users/{id}/reset-password"), Some(&admin), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers["cache-control"], "no-store");
    let temporary = r.json()["temporary_password"].as_str().unwrap().to_owned();
    assert_eq!(app.api("GET", "/api/v1/me", Some(&worker), None).await.status, StatusCode::UNAUTHORIZED, "the token ended");
    assert_eq!(app.page("GET", "/", &cookie, None).await.headers[axum::http::header::LOCATION], "/sign-in", "the session ended");
    // The one-time password opens the website, where every page leads to choosing a new password;
    // the API will not issue a token with it.
    let username = super::username(Role::QaOfficer, LA);
    let r = app.api("POST", "/api/v1/auth/token", None, Some(json!({"username": username, "password": temporary}))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(r.body.contains("choose a new password"), "{}", r.body);
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 10, 0, 0).unwrap();
    let s = ff_service::auth::sign_in(&app.db.db, &username, &temporary, "test-2", now).await.unwrap();
    let (cookie, csrf) = (format!("ff_session={}", s.secret), s.csrf_token);
    let r = app.page("GET", "/work", &cookie, None).await;
    assert_eq!(r.headers[axum::http::header::LOCATION], "/account/password");
    let r = app
        .submit(
            "/account/password",
            &cookie,
            &[("csrf_token", &csrf), ("current_password", &temporary), ("new_password", "short"), ("confirm_password", "short")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let new = "three random words later";
    let r = app
        .submit(
            "/account/password",
            &cookie,
            &[("csrf_token", &csrf), ("current_password", &temporary), ("new_password", new), ("confirm_password", new)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.page("GET", "/calendar", &cookie, None).await.status, StatusCode::OK, "the session carries on with the new password");
    let r = app.api("POST", "/api/v1/auth/token", None, Some(json!({"username": username, "password": new}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let token = r.json()["token"].as_str().unwrap().to_owned();

    // Closing the account needs a reason and ends everything at once; the account is kept.
    let version = app
        .api("GET", "/api/v1/users", Some(&admin), None)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id.as_str())
        .unwrap()["version"]
        .as_i64()
        .unwrap();
    let r =
        app.api("POST", &format!("/api/v1/users/{id}/deactivate"), Some(&admin), Some(json!({"reason": " ", "version": version}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post(&format!("/api/v1/users/{id}/deactivate"), &admin, json!({"reason": "Left the council", "version": version})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["active"], false);
    assert_eq!(app.api("GET", "/api/v1/me", Some(&token), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.page("GET", "/calendar", &cookie, None).await.headers[axum::http::header::LOCATION], "/sign-in");
    let r = app.api("POST", "/api/v1/auth/token", None, Some(json!({"username": username, "password": new}))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Opened again, the same password works.
    let r = app.api("POST", &format!("/api/v1/users/{id}/reactivate"), Some(&admin), Some(json!({"version": version + 1}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.api("POST", "/api/v1/auth/token", None, Some(json!({"username": username, "password": new}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // The administrator's pages: the account, the reset and the close confirmation.
    let (admin_cookie, admin_csrf) = app.session(Role::LaAdmin).await;
    let page = app.page("GET", &format!("/admin/users/{id}"), &admin_cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Change role and teams") && page.body.contains("Reset password") && page.body.contains("Close account"));
    let page = app.page("GET", &format!("/admin/users/{id}/deactivate"), &admin_cookie, None).await;
    assert!(page.body.contains("Why is the account closed?"));
    let v = (version + 2).to_string();
    let r = app
        .page("POST", &format!("/admin/users/{id}/reset-password"), &admin_cookie, Some(&[("csrf_token", &admin_csrf), ("version", &v)]))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("One-time password"), "{}", r.body);
}

/// An assessment records every significant adult,
/// seen and assessed or not; a baby's assessment completes only when a father or male carer was
/// seen and assessed, or with the reason why not.
#[tokio::test]
async fn a_babys_assessment_includes_the_father_or_says_why_not() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let baby = make_child(&app, &sw, "Noa", "2026-05-04").await;
    let adult = |given: &str, sex: &str| json!({"given_name": given, "family_name": "Adeyemi", "date_of_birth": "1995-03-03", "sex": sex, "confirm_not_duplicate": true});
    let mother = app.api("POST", "/api/v1/people", Some(&sw), Some(adult("Funmi", "F"))).await.json()["id"].as_str().unwrap().to_owned();
    let father = app.api("POST", "/api/v1/people", Some(&sw), Some(adult("Tunde", "M"))).await.json()["id"].as_str().unwrap().to_owned();
    for (who, kind) in [(&mother, "mother"), (&father, "father")] {
        let r = app
            .api("POST", &format!("/api/v1/people/{baby}/relationships"), Some(&sw), Some(json!({"relative_id": who, "kind": kind})))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let (_, assessment) = super::family_help::open_for_assessment(&app, &sw, &baby, Some("2026-11-16T10:00:00Z")).await;
    let rec = app.api("GET", &format!("/api/v1/people/{baby}/family-help"), Some(&sw), None).await.json();
    let adults = rec["episodes"][0]["significant_adults"].as_array().unwrap().clone();
    assert_eq!(adults.len(), 2, "{adults:?}");
    assert!(adults.iter().any(|a| a["person_id"] == father.as_str() && a["father_or_male_carer"] == true));

    super::family_help::submit_written_assessment(&app, &sw, &assessment).await;
    let url = format!("/api/v1/assessments/{assessment}/complete");
    let body = |adults: Value, reason: Option<&str>| {
        json!({"completed_date": "2026-11-23", "child_seen": true, "child_seen_alone": false, "factors": ["21"], "outcome": "nfa", "version": 1,
            "adults": adults, "male_carer_reason": reason})
    };
    // Only the mother seen and assessed: refused, and nothing is recorded.
    let mum_only = json!([{"person_id": mother, "seen": true, "assessed": true}]);
    let r = app.api("POST", &url, Some(&mgr), Some(body(mum_only.clone(), None))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "male_carer_reason", "{}", r.body);
    // Someone who is not the child's adult cannot be recorded.
    let stranger = make_child(&app, &sw, "Other", "2016-01-01").await;
    let r =
        app.api("POST", &url, Some(&mgr), Some(body(json!([{"person_id": stranger, "seen": true, "assessed": true}]), Some("x")))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Father seen and assessed: complete, with both adults recorded.
    let both = json!([{"person_id": mother, "seen": true, "assessed": true}, {"person_id": father, "seen": true, "assessed": true}]);
    let r = app.api("POST", &url, Some(&mgr), Some(body(both, None))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let rec = app.api("GET", &format!("/api/v1/people/{baby}/family-help"), Some(&sw), None).await.json();
    let recorded = rec["episodes"][0]["assessments"][0]["adults"].as_array().unwrap().clone();
    assert_eq!(recorded.len(), 2, "{recorded:?}");
    assert!(recorded.iter().all(|a| a["seen"] == true && a["assessed"] == true));

    // A baby with no father or male carer recorded: the reason is kept with the assessment; the
    // mother, not mentioned, is recorded as not seen and not assessed.
    let baby2 = make_child(&app, &sw, "Ayo", "2026-04-04").await;
    let r = app
        .api("POST", &format!("/api/v1/people/{baby2}/relationships"), Some(&sw), Some(json!({"relative_id": mother, "kind": "mother"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let (_, a2) = super::family_help::open_for_assessment(&app, &sw, &baby2, Some("2026-11-16T10:00:00Z")).await;
    super::family_help::submit_written_assessment(&app, &sw, &a2).await;
    let url2 = format!("/api/v1/assessments/{a2}/complete");
    let r = app.api("POST", &url2, Some(&mgr), Some(body(json!([]), None))).await;
    assert!(r.body.contains("No father or male carer is recorded"), "{}", r.body);
    let r = app
        .api("POST", &url2, Some(&mgr), Some(body(json!([]), Some("Mother will not name him; asked again with the health visitor"))))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let rec = app.api("GET", &format!("/api/v1/people/{baby2}/family-help"), Some(&sw), None).await.json();
    let a = &rec["episodes"][0]["assessments"][0];
    assert_eq!(a["male_carer_reason"], "Mother will not name him; asked again with the health visitor");
    assert_eq!(a["adults"][0]["seen"], false);

    // The page form lists the adults as checkboxes and posts them.
    let (cookie, _) = app.session(Role::PracticeSupervisor).await;
    let page = app.page("GET", &format!("/people/{baby2}"), &cookie, None).await;
    assert!(page.body.contains("Funmi Adeyemi (mother): <strong>not seen</strong>"), "{}", page.body);
}
