//! The workforce: workers and their experience, and agency assignments refused, held
//! for sign-off or started under the national agency rules (W-AG-1..6), in the API and on pages;
//! workforce officers keep it, team managers read it, practitioners do not see it.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

fn rule(r: &super::Resp) -> String {
    r.json()["rule"].as_str().unwrap_or_default().to_owned()
}

/// The council's region and the region's social worker cap, £39.00 an hour from October 2026.
pub async fn set_region(app: &TestApp) {
    let admin = app.token(Role::LaAdmin, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["workforce"]["region"] = json!("North West");
    s["workforce"]["rate_caps"] = json!([{"role_type": "SW", "from": "2026-10-01", "hourly_pence": 3900}]);
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn worker(app: &TestApp, t: &str, name: &str, periods: &[Value]) -> String {
    let id = app.created("/api/v1/workforce/workers", t, json!({"name": name, "swe_number": "SW100200"}), "id").await;
    for p in periods {
        app.created(&format!("/api/v1/workforce/workers/{id}/experience"), t, p.clone(), "id").await;
    }
    id
}

fn council(employer: &str, from: &str, to: Option<&str>, left: Option<&str>) -> Value {
    json!({"employer": employer, "employer_kind": "local_authority", "country": "england", "region": "North West",
        "children_and_families": true, "engagement": "direct", "registered": true, "from": from, "to": to, "left_because": left})
}

fn assignment(extra: Value) -> Value {
    let mut a = json!({"agency": "Northern Social Work Ltd", "role_type": "SW", "team": "Family help east", "start_date": "2026-11-23",
        "notice_days": 28, "pay_pence": 3000, "employer_ni_pence": 400, "holiday_pence": 360, "levy_pence": 15, "fee_pence": 500,
        "references_received": 2});
    for (k, v) in extra.as_object().unwrap() {
        a[k] = v.clone();
    }
    a
}

#[tokio::test]
async fn agency_assignments_follow_the_agency_rules_w_ag_1_to_6() {
    let app = TestApp::new().await;
    set_region(&app).await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;

    // Two years' council experience and a year through an agency: refused, with why (W-AG-5).
    let mut agency = council("Locum work", "2022-01-01", Some("2023-01-01"), None);
    agency["engagement"] = json!("agency");
    let young = worker(&app, &hr, "Ada Short", &[council("Northmoor Council", "2024-11-01", None, None), agency]).await;
    let r = app.api("POST", &format!("/api/v1/workforce/workers/{young}/assignments"), Some(&hr), Some(assignment(json!({})))).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "W-AG-5".into()), "{}", r.body);
    assert!(r.body.contains("2.0 years count") && r.body.contains("agency or locum work does not count"), "{}", r.body);
    let w = app.api("GET", &format!("/api/v1/workforce/workers/{young}"), Some(&hr), None).await.json();
    assert_eq!(w["assignments"].as_array().unwrap().len(), 0, "nothing was written");

    // Left a permanent post in the region six weeks ago: refused unless an exception the ledger
    // supports is recorded (W-AG-4).
    let leaver = worker(&app, &hr, "Ben Leaver", &[council("Ashby Council", "2019-01-01", Some("2026-10-12"), Some("resigned"))]).await;
    let path = format!("/api/v1/workforce/workers/{leaver}/assignments");
    let r = app.api("POST", &path, Some(&hr), Some(assignment(json!({})))).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "W-AG-4".into()), "{}", r.body);
    let r = app.api("POST", &path, Some(&hr), Some(assignment(json!({"cooling_off_exception": "redundancy"})))).await;
    assert_eq!(rule(&r), "W-AG-4", "the ledger says they resigned");
    let r = app.api("POST", &path, Some(&hr), Some(assignment(json!({"cooling_off_exception": "different_region"})))).await;
    assert_eq!(rule(&r), "W-AG-4", "the ledger's region decides, not a claim");
    let r = app.api("POST", &path, Some(&hr), Some(assignment(json!({"cooling_off_exception": "moving_to_permanent"})))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // One assignment at a time.
    let r = app.post(&path, &hr, assignment(json!({"start_date": "2027-01-04", "cooling_off_exception": "moving_to_permanent"}))).await;
    assert_eq!(rule(&r), "W-SYS-4", "{}", r.body);
    // The region however it is typed; an unknown one is named.
    let mut typed = council("Calder Council", "2010-01-01", Some("2012-01-01"), None);
    typed["region"] = json!("north-west");
    let id = app.created(&format!("/api/v1/workforce/workers/{leaver}/experience"), &hr, typed.clone(), "id").await;
    let w = app.api("GET", &format!("/api/v1/workforce/workers/{leaver}"), Some(&hr), None).await.json();
    assert!(w["experience"].as_array().unwrap().iter().any(|e| e["id"] == id.as_str() && e["region"] == "North West"));
    typed["region"] = json!("Northmoor");
    let r = app.api("POST", &format!("/api/v1/workforce/workers/{leaver}/experience"), Some(&hr), Some(typed)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A council post in England names its region; another employer has none.
    let mut no_region = council("Calder Council", "2010-01-01", Some("2012-01-01"), None);
    no_region["region"] = json!(null);
    let r = app.api("POST", &format!("/api/v1/workforce/workers/{leaver}/experience"), Some(&hr), Some(no_region)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Choose the council's region"), "{}", r.body);
    // Not registered: not an agency social worker.
    let unregistered = app.created("/api/v1/workforce/workers", &hr, json!({"name": "Gil Unregistered"}), "id").await;
    app.created(
        &format!("/api/v1/workforce/workers/{unregistered}/experience"),
        &hr,
        council("Northmoor Council", "2015-01-01", None, None),
        "id",
    )
    .await;
    let r = app.api("POST", &format!("/api/v1/workforce/workers/{unregistered}/assignments"), Some(&hr), Some(assignment(json!({})))).await;
    assert_eq!(rule(&r), "W-DEF-1");

    // A packaged model without the worker approved in advance is refused (W-AG-2).
    let senior = worker(&app, &hr, "Cara Senior", &[council("Northmoor Council", "2015-01-01", None, None)]).await;
    let path = format!("/api/v1/workforce/workers/{senior}/assignments");
    let r = app.post(&path, &hr, assignment(json!({"packaged_supplier": "Team Co", "package_named": true, "package_priced": true}))).await;
    assert_eq!(rule(&r), "W-AG-2");

    // Over the cap: the reason is needed, then it waits for both sign-offs (W-AG-1); long notice
    // and one reference are kept as non-compliance (W-AG-3, W-AG-6).
    let over = assignment(json!({"pay_pence": 3600, "notice_days": 42, "references_received": 1}));
    let r = app.api("POST", &path, Some(&hr), Some(over.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("over_cap_reason"), "{}", r.body);
    let mut with_reason = over;
    with_reason["over_cap_reason"] = json!("No permanent applicants for the court team after two campaigns");
    let id = app.created(&path, &hr, with_reason, "id").await;
    let w = app.api("GET", &format!("/api/v1/workforce/workers/{senior}"), Some(&hr), None).await.json();
    let a = &w["assignments"][0];
    assert_eq!((a["status"].as_str(), a["over_cap_by_pence"].as_i64(), a["cap_pence"].as_i64()), (Some("pending"), Some(475), Some(3900)));
    let rules: Vec<&str> = a["non_compliance"].as_array().unwrap().iter().map(|x| x[0].as_str().unwrap()).collect();
    assert_eq!(rules, ["W-AG-1", "W-AG-3", "W-AG-6"]);
    let sign = |by: &str, v: i64| json!({"by_role": by, "name": "A. Director", "signed_on": "2026-11-23", "version": v});
    let s = format!("/api/v1/workforce/assignments/{id}/sign-off");
    assert_eq!(app.api("POST", &s, Some(&hr), Some(sign("dcs", 1))).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api("POST", &s, Some(&hr), Some(sign("dcs", 1))).await.status, StatusCode::CONFLICT, "a stale version");
    assert_eq!(rule(&app.api("POST", &s, Some(&hr), Some(sign("dcs", 2))).await), "W-AG-1", "signed once");
    let w = app.api("GET", &format!("/api/v1/workforce/workers/{senior}"), Some(&hr), None).await.json();
    assert_eq!(w["assignments"][0]["status"], "pending", "one sign-off is not enough");
    assert_eq!(app.api("POST", &s, Some(&hr), Some(sign("ceo", 2))).await.status, StatusCode::NO_CONTENT);
    let w = app.api("GET", &format!("/api/v1/workforce/workers/{senior}"), Some(&hr), None).await.json();
    assert_eq!(w["assignments"][0]["status"], "active");
    assert_eq!(w["assignments"][0]["signed_off"], true);
    let rules: Vec<&str> = w["assignments"][0]["non_compliance"].as_array().unwrap().iter().map(|x| x[0].as_str().unwrap()).collect();
    assert_eq!(rules, ["W-AG-3", "W-AG-6"], "a breach signed off by both is the cap's own exception");
    assert_eq!(w["pqe_years"].as_f64(), Some(11.8));

    // The quarterly agency return: every assignment of the quarter, and per rule how many missed it.
    let r = app.api("GET", "/api/v1/workforce/agency-return?quarter=2026-Q4", Some(&hr), None).await.json();
    assert_eq!((r["from"].as_str(), r["to"].as_str()), (Some("2026-10-01"), Some("2026-12-31")));
    assert_eq!(r["assignments"].as_array().unwrap().len(), 2, "the leaver's and the senior's; refused ones are not assignments");
    let not_met = |rule: &str| r["compliance"].as_array().unwrap().iter().find(|c| c["rule"] == rule).unwrap()["not_met"].as_i64();
    assert_eq!((not_met("W-AG-1"), not_met("W-AG-3"), not_met("W-AG-6")), (Some(0), Some(1), Some(1)), "the breach was signed off");
    assert_eq!(r["breaches_signed_off"], 1);
    assert_eq!(
        app.api("GET", "/api/v1/workforce/agency-return?quarter=2026-Q5", Some(&hr), None).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.api("GET", "/api/v1/workforce/agency-return?quarter=2026-Q3", Some(&hr), None).await.json()["assignments"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // Who may: team managers read, practitioners do not; only the workforce officer records.
    let manager = app.token(Role::PracticeSupervisor, LA).await;
    assert_eq!(app.api("GET", "/api/v1/workforce", Some(&manager), None).await.status, StatusCode::OK);
    let r = app.api("POST", "/api/v1/workforce/workers", Some(&manager), Some(json!({"name": "X"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let sw = app.token(Role::SocialWorker, LA).await;
    assert_eq!(app.api("GET", "/api/v1/workforce", Some(&sw), None).await.status, StatusCode::FORBIDDEN);
    // The workforce officer sees no child's record.
    assert_eq!(app.api("GET", "/api/v1/people?q=a", Some(&hr), None).await.status, StatusCode::FORBIDDEN);

    // On pages: the list shows what waits, the worker's page what counted.
    let (cookie, _) = app.session(Role::WorkforceOfficer).await;
    let list = app.page("GET", "/workforce", &cookie, None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Ben Leaver") && list.body.contains("Cara Senior") && list.body.contains("Active"), "{}", list.body);
    let ret = app.page("GET", "/workforce/agency-return?quarter=2026-Q4", &cookie, None).await;
    assert!(ret.body.contains("Quarterly agency return, 2026-Q4") && ret.body.contains("Cara Senior"), "{}", ret.body);
    // A quarter that cannot be read is named on the form, with this quarter's return below it.
    for bad in ["2026-Q5", "next"] {
        let r = app.page("GET", &format!("/workforce/agency-return?quarter={bad}"), &cookie, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(r.body.contains("href=\"#quarter\">Choose a quarter written like 2026-Q4"), "{bad}: {}", r.body);
        assert!(r.body.contains("Quarterly agency return, 2026-Q4"), "{bad}: this quarter shown");
    }
    let blank = app.page("GET", "/workforce/agency-return?quarter=%20", &cookie, None).await;
    assert_eq!(blank.status, StatusCode::OK, "an empty box shows this quarter");
    let csv = app.page("GET", "/workforce/agency-return.csv?quarter=2026-Q4", &cookie, None).await;
    assert!(csv.body.starts_with("worker,swe_number,role_type"), "{}", csv.body);
    assert!(csv.body.contains("\"Cara Senior\",\"SW100200\",\"SW\""), "{}", csv.body);
    assert!(csv.body.contains("\"W-AG-3 W-AG-6\"") && csv.body.contains("\"A. Director\""), "{}", csv.body);
    let page = app.page("GET", &format!("/workforce/workers/{young}"), &cookie, None).await;
    assert!(page.body.contains("No: agency or locum work does not count") && page.body.contains("2 years"), "{}", page.body);
}

#[tokio::test]
async fn the_assignment_form_names_what_is_wrong_and_keeps_nothing() {
    let app = TestApp::new().await;
    set_region(&app).await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;
    let id = worker(&app, &hr, "Dee Newly", &[council("Northmoor Council", "2025-06-01", None, None)]).await;
    let (cookie, csrf) = app.session(Role::WorkforceOfficer).await;
    let form = app.page("GET", &format!("/workforce/workers/{id}/assignments"), &cookie, None).await;
    assert_eq!(form.status, StatusCode::OK);
    let post = [
        ("csrf_token", csrf.as_str()),
        ("agency", "Northern Social Work Ltd"),
        ("role_type", "SW"),
        ("team", "Court team"),
        ("start_date_day", "23"),
        ("start_date_month", "11"),
        ("start_date_year", "2026"),
        ("notice_days", "28"),
        ("pay", "£30.00"),
        ("references_received", "2"),
    ];
    let r = app.page("POST", &format!("/workforce/workers/{id}/assignments"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("An agency social worker needs at least 3 years"), "{}", r.body);
    assert!(r.body.contains("value=\"Court team\"") && r.body.contains("value=\"£30.00\""), "what was typed is kept");
    let w = app.api("GET", &format!("/api/v1/workforce/workers/{id}"), Some(&hr), None).await.json();
    assert!(w["assignments"].as_array().unwrap().is_empty());
    // A worker linked to their account shows the cases they lead against their role's cap.
    let sw = super::family_help::user_id(&app, Role::SocialWorker).await;
    let linked =
        app.created("/api/v1/workforce/workers", &hr, json!({"name": "Sam Linked", "swe_number": "SW5500001", "user_id": sw}), "id").await;
    let w = app.api("GET", &format!("/api/v1/workforce/workers/{linked}"), Some(&hr), None).await.json();
    assert_eq!((w["caseload"]["cases"].as_i64(), w["caseload"]["over_cap"].as_bool()), (Some(0), Some(false)));
    assert!(w["caseload"]["cap"].as_i64().unwrap() > 0);
    let r = app.api("POST", "/api/v1/workforce/workers", Some(&hr), Some(json!({"name": "Twice", "user_id": sw}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "an account links to one worker");
    // A new worker on the page.
    let post = [("csrf_token", csrf.as_str()), ("name", "Eve Starter"), ("swe_number", "sw99")];
    let r = app.page("POST", "/workforce/workers/new", &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let post = [("csrf_token", csrf.as_str()), ("name", "Fay Typo"), ("swe_number", "XX12")];
    let r = app.page("POST", "/workforce/workers/new", &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Enter the Social Work England number as SW and digits"));
}

/// An assignment that has ended says so, with its date, where a running one says it goes ahead
/// with the rules it does not meet.
#[tokio::test]
async fn an_ended_assignment_says_it_ended_and_when() {
    let app = TestApp::new().await;
    set_region(&app).await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;
    let id = worker(&app, &hr, "Hal Notice", &[council("Northmoor Council", "2015-01-01", None, None)]).await;
    // Long notice: kept as a rule not met, and the assignment starts.
    let long_notice = assignment(json!({"start_date": "2026-11-02", "notice_days": 42}));
    let assignment_id = app.created(&format!("/api/v1/workforce/workers/{id}/assignments"), &hr, long_notice, "id").await;
    let (cookie, _) = app.session(Role::WorkforceOfficer).await;
    let page = app.page("GET", &format!("/workforce/workers/{id}"), &cookie, None).await;
    assert!(page.body.contains("The assignment goes ahead"), "{}", page.body);
    let w = app.api("GET", &format!("/api/v1/workforce/workers/{id}"), Some(&hr), None).await.json();
    let version = w["assignments"][0]["version"].as_i64().unwrap();
    let r = app
        .post(&format!("/api/v1/workforce/assignments/{assignment_id}/end"), &hr, json!({"ended_on": "2026-11-20", "version": version}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let page = app.page("GET", &format!("/workforce/workers/{id}"), &cookie, None).await;
    assert!(!page.body.contains("goes ahead"), "{}", page.body);
    assert!(page.body.contains("The assignment ended on 20 November 2026"), "{}", page.body);
    assert!(page.body.contains("Notice of 42 days is longer than 28 days"), "the rule not met is still shown: {}", page.body);
}

/// One assignment at a time, even when two are recorded at the same moment: one starts and the
/// others are refused (on PostgreSQL, where requests run side by side; SQLite writes one at a
/// time anyway).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assignments_recorded_at_once_never_overlap() {
    let app = std::sync::Arc::new(TestApp::new().await);
    set_region(&app).await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;
    for name in ["Ida Twice", "Jo Twice", "Kai Twice"] {
        let id = worker(&app, &hr, name, &[council("Northmoor Council", "2015-01-01", None, None)]).await;
        let url = format!("/api/v1/workforce/workers/{id}/assignments");
        let calls: Vec<_> = (0..6)
            .map(|_| {
                let (app, url, hr) = (app.clone(), url.clone(), hr.clone());
                tokio::spawn(async move { app.api("POST", &url, Some(&hr), Some(assignment(json!({"start_date": "2026-11-02"})))).await })
            })
            .collect();
        let mut created = 0;
        for c in calls {
            let r = c.await.unwrap();
            match r.status {
                StatusCode::CREATED => created += 1,
                s => assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body),
            }
        }
        assert_eq!(created, 1, "{name}: one assignment at a time");
        let w = app.api("GET", &format!("/api/v1/workforce/workers/{id}"), Some(&hr), None).await.json();
        assert_eq!(w["assignments"].as_array().map(Vec::len), Some(1), "{w}");
    }
}

/// Caseloads on a date (W-SYS-7): two cases allocated to a social worker, one moved to a family
/// help practitioner in October; the caseloads before and after the move, by team and role,
/// against the cap, with time face to face (W-EC-8), on the page, as CSV and through the API; a
/// date that cannot be used is named, never a 5xx; practitioners do not see others' caseloads.
#[tokio::test]
async fn caseloads_on_a_date_follow_the_allocations_w_sys_7() {
    use super::family_help::{make_child, open_for_assessment, user_id};
    let app = TestApp::new().await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["caseload_caps"]["social_worker"] = json!(1);
    s["workforce"]["minutes_per_visit"] = json!(90);
    assert_eq!(app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await.status, StatusCode::OK);
    let (sw, mgr, hr) = (
        app.token(Role::SocialWorker, LA).await,
        app.token(Role::PracticeSupervisor, LA).await,
        app.token(Role::WorkforceOfficer, LA).await,
    );
    let (sw_id, fhp_id) = (user_id(&app, Role::SocialWorker).await, user_id(&app, Role::FamilyHelpPractitioner).await);
    let team = app.created("/api/v1/teams", &mgr, json!({"name": "Family Help East"}), "id").await;
    let r = app.api("POST", &format!("/api/v1/teams/{team}/members"), Some(&mgr), Some(json!({"user_id": sw_id}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    let a = make_child(&app, &sw, "Alder", "2016-01-01").await;
    let b = make_child(&app, &sw, "Birch", "2017-02-02").await;
    let (ep_a, _) = open_for_assessment(&app, &sw, &a, Some("2026-08-28T09:00:00Z")).await;
    let (ep_b, _) = open_for_assessment(&app, &sw, &b, Some("2026-08-28T09:00:00Z")).await;
    let allocate = |ep: &str, body: Value| {
        let (path, mgr, app) = (format!("/api/v1/episodes/{ep}/allocation"), mgr.clone(), &app);
        async move { app.post(&path, &mgr, body).await }
    };
    let r = allocate(&ep_a, json!({"lead_id": sw_id, "from_date": "2026-09-01", "version": 1})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = allocate(
        &ep_b,
        json!({"lead_id": sw_id, "from_date": "2026-09-01", "over_cap_reason": "Brother of a child she holds", "version": 1}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let version =
        app.api("GET", &format!("/api/v1/people/{b}/family-help"), Some(&sw), None).await.json()["episodes"][0]["version"].clone();
    let mgr_id = user_id(&app, Role::PracticeSupervisor).await;
    let r = allocate(&ep_b, json!({"lead_id": fhp_id, "overseer_id": mgr_id, "from_date": "2026-10-15", "version": version})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for day in ["2026-10-02", "2026-11-02"] {
        let body = json!({"visit_date": day, "child_seen": true, "seen_alone": true, "bedroom_seen": true});
        assert_eq!(app.post(&format!("/api/v1/episodes/{ep_a}/visits"), &sw, body).await.status, StatusCode::CREATED);
    }

    let on = |day: &str| {
        let path = if day.is_empty() { "/api/v1/workforce/caseloads".to_owned() } else { format!("/api/v1/workforce/caseloads?on={day}") };
        let hr = hr.clone();
        let app = &app;
        async move {
            let r = app.api("GET", &path, Some(&hr), None).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.json()
        }
    };
    let worker = |c: &Value, id: &str| -> Value {
        c["teams"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["workers"].as_array().unwrap().iter())
            .find(|w| w["user_id"] == id)
            .cloned()
            .unwrap()
    };
    // Before the move both are the social worker's: over her cap of one.
    let before = on("2026-10-14").await;
    let w = worker(&before, &sw_id);
    assert_eq!((w["cases"].as_i64(), w["cap"].as_u64(), w["over_cap"].as_bool()), (Some(2), Some(1), Some(true)), "{w}");
    assert_eq!(worker(&before, &fhp_id)["cases"], 0);
    // From the day of the move, one each; a case counts from its first day, never before.
    let after = on("2026-10-15").await;
    assert_eq!((worker(&after, &sw_id)["cases"].as_i64(), worker(&after, &fhp_id)["cases"].as_i64()), (Some(1), Some(1)));
    assert_eq!(worker(&on("2026-08-31").await, &sw_id)["cases"], 0, "allocated from 1 September");
    let today = on("").await;
    assert_eq!(today["on"], "2026-11-23", "today when no date is given");
    assert_eq!(worker(&today, &sw_id)["over_cap"], false);
    // Two visits in the year at 90 minutes each (the council's setting).
    assert_eq!((worker(&today, &sw_id)["visits"].as_i64(), worker(&today, &sw_id)["face_to_face_hours"].as_f64()), (Some(2), Some(3.0)));
    assert_eq!(worker(&on("2026-10-14").await, &sw_id)["visits"], 1, "only visits up to the date");
    assert_eq!(today["direct_practice_hours"], 100);
    // By team and by role, each worker once in the roles.
    let east = before["teams"].as_array().unwrap().iter().find(|t| t["team"] == "Family Help East").cloned().unwrap();
    assert_eq!(
        (east["totals"]["workers"].as_u64(), east["totals"]["cases"].as_i64(), east["totals"]["over_cap"].as_u64()),
        (Some(1), Some(2), Some(1))
    );
    let role = |c: &Value, label: &str| c["by_role"].as_array().unwrap().iter().find(|r| r["label"] == label).cloned().unwrap();
    assert_eq!(role(&after, "Social worker")["cases"], 1);
    assert_eq!(role(&after, "Family help practitioner")["cases"], 1);
    assert_eq!(after["total"]["cases"], 2);
    let only = app.api("GET", &format!("/api/v1/workforce/caseloads?on=2026-10-14&team={team}"), Some(&hr), None).await.json();
    assert_eq!(only["teams"].as_array().unwrap().len(), 1, "{only}");
    assert_eq!(only["total"]["workers"], 1, "the team's case holders only");

    // Bad dates and teams: named, never a 5xx.
    for (q, status) in [
        ("on=2026-02-31", StatusCode::UNPROCESSABLE_ENTITY),
        ("on=2027-01-04", StatusCode::UNPROCESSABLE_ENTITY),
        ("on=1800-01-01", StatusCode::UNPROCESSABLE_ENTITY),
        ("on=yesterday", StatusCode::UNPROCESSABLE_ENTITY),
        ("team=not-a-team", StatusCode::BAD_REQUEST),
        ("team=00000000-0000-4000-8000-000000000000", StatusCode::NOT_FOUND),
    ] {
        let r = app.api("GET", &format!("/api/v1/workforce/caseloads?{q}"), Some(&hr), None).await;
        assert_eq!(r.status, status, "{q}: {}", r.body);
    }
    // Practitioners do not see others' caseloads.
    assert_eq!(app.api("GET", "/api/v1/workforce/caseloads", Some(&sw), None).await.status, StatusCode::FORBIDDEN);
    // Every view is audited, by the date viewed.
    let mut tx = app.db.db.begin().await.unwrap();
    let events = ff_store::audit::events_for_record(&mut tx, LA, "caseloads", "2026-10-14", 10).await.unwrap();
    drop(tx);
    assert!(!events.is_empty() && events.iter().all(|e| e.action == "view"), "{events:?}");

    // The page: the date as a GOV.UK date input, a table per team with the over-cap tag.
    let (cookie, _) = app.session(Role::WorkforceOfficer).await;
    let r = app.page("GET", "/workforce/caseloads?on_day=14&on_month=10&on_year=2026", &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Caseloads on 14 October 2026") && r.body.contains("Family Help East"), "{}", r.body);
    assert!(r.body.contains("Over the cap") && r.body.contains("Test Social worker"), "{}", r.body);
    assert!(r.body.contains("/workforce/caseloads.csv?on=2026-10-14"), "the CSV of the same date");
    let r = app.page("GET", "/workforce/caseloads?on_day=31&on_month=2&on_year=2026", &cookie, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary") && r.body.contains("Caseloads on 23 November 2026"), "today's shown meanwhile");
    let r = app.page("GET", "/workforce/caseloads?on_day=1&on_month=1&on_year=2027", &cookie, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the future");
    assert!(r.body.contains("today or in the past"), "{}", r.body);
    let landing = app.page("GET", "/workforce", &cookie, None).await;
    assert!(landing.body.contains("href=\"/workforce/caseloads\""), "linked from the workforce page");
    // The CSV: a row per worker per team.
    let r = app.page("GET", "/workforce/caseloads.csv?on=2026-10-14", &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with("on,team,worker,role,cases,cap,over_cap"), "{}", r.body);
    assert!(
        r.body.contains("\"2026-10-14\",\"Family Help East\",\"Test Social worker\",\"Social worker\",\"2\",\"1\",\"yes\""),
        "{}",
        r.body
    );
    assert_eq!(app.page("GET", "/workforce/caseloads.csv?on=2026-13-01", &cookie, None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (practitioner, _) = app.session(Role::SocialWorker).await;
    assert_eq!(app.page("GET", "/workforce/caseloads", &practitioner, None).await.status, StatusCode::FORBIDDEN);
}

/// The early-career share of a caseload is the council's setting, 60% unless it says otherwise
/// (W-SYS-16, W-EC-4), through the API's settings.
#[tokio::test]
async fn the_early_career_share_is_a_council_setting_w_ec_4() {
    let app = TestApp::new().await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(s["workforce"]["early_career_caseload_percent"], 60, "{s}");
    assert_eq!(s["workforce"]["minutes_per_visit"], 60);
    s["workforce"]["early_career_caseload_percent"] = json!(50);
    assert_eq!(app.api("PUT", "/api/v1/settings", Some(&admin), Some(s.clone())).await.status, StatusCode::OK);
    assert_eq!(app.get_json("/api/v1/workforce/caseloads", &hr).await["early_career_percent"], 50);
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["workforce"]["early_career_caseload_percent"] = json!(0);
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

fn line<'a>(r: &'a Value, section: &str, key: &str) -> &'a Value {
    r[section].as_array().unwrap().iter().find(|l| l["key"] == key).unwrap_or_else(|| panic!("{key} in {r}"))
}

/// Posts, permanent episodes, an agency assignment, a leaver, a sickness absence and a case
/// allocated to the worker in a case-holding post: the rates on 30 September 2026 beside the year
/// before are what the records give (W-RATE-1…7, W-SYS-2, -3, -6); refusals name the field (422),
/// stale versions are 409, unknown ids 404, and only workforce officers record.
#[tokio::test]
async fn posts_episodes_and_absences_make_the_rates_w_rate_1_to_7() {
    use super::family_help::{make_child, open_for_assessment, user_id};
    let app = TestApp::new().await;
    let (sw, mgr, hr) = (
        app.token(Role::SocialWorker, LA).await,
        app.token(Role::PracticeSupervisor, LA).await,
        app.token(Role::WorkforceOfficer, LA).await,
    );
    let sw_id = user_id(&app, Role::SocialWorker).await;
    let team = app.created("/api/v1/teams", &mgr, json!({"name": "Hilltop"}), "id").await;
    let post = |title: &str, fte: f64, case_holding: bool| json!({"team_id": team, "title": title, "role_type": "SW", "funded_fte": fte, "case_holding": case_holding, "from": "2024-01-01"});
    let a = app.created("/api/v1/workforce/posts", &hr, post("Social worker A", 1.0, true), "id").await;
    let b = app.created("/api/v1/workforce/posts", &hr, post("Social worker B", 1.0, true), "id").await;
    let c = app.created("/api/v1/workforce/posts", &hr, post("Family support C", 0.5, false), "id").await;

    // Bad posts name the field.
    for (body, field) in [
        (post("Too much", 1.5, true), "funded_fte"),
        (
            json!({"team_id": team, "title": "Backwards", "role_type": "SW", "funded_fte": 1, "case_holding": true, "from": "2024-01-01", "to": "2023-12-31"}),
            "to",
        ),
        (
            json!({"team_id": team, "title": "No role", "role_type": "XX", "funded_fte": 1, "case_holding": true, "from": "2024-01-01"}),
            "role_type",
        ),
        (
            json!({"team_id": "00000000-0000-4000-8000-000000000000", "title": "No team", "role_type": "SW", "funded_fte": 1, "case_holding": true, "from": "2024-01-01"}),
            "team_id",
        ),
    ] {
        let r = app.post("/api/v1/workforce/posts", &hr, body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", r.body);
        assert!(r.body.contains(field), "{field}: {}", r.body);
    }
    assert_eq!(app.post("/api/v1/workforce/posts", &sw, post("Not mine", 1.0, true)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post("/api/v1/workforce/posts", &mgr, post("Not mine", 1.0, true)).await.status, StatusCode::FORBIDDEN);

    let w1 = app
        .created("/api/v1/workforce/workers", &hr, json!({"name": "Ada Holder", "swe_number": "SW500001", "user_id": sw_id}), "id")
        .await;
    let w2 = app.created("/api/v1/workforce/workers", &hr, json!({"name": "Ben Leaver", "swe_number": "SW500002"}), "id").await;
    let w3 = app.created("/api/v1/workforce/workers", &hr, json!({"name": "Cy Support"}), "id").await;
    let episode = |w: &str, p: &str, hours: f64, start: &str| {
        (format!("/api/v1/workforce/workers/{w}/episodes"), json!({"post_id": p, "weekly_hours": hours, "start_date": start}))
    };
    for (w, p, hours) in [(&w1, &a, 37.0), (&w2, &b, 18.5), (&w3, &c, 18.5)] {
        let (path, body) = episode(w, p, hours, "2024-02-01");
        app.created(&path, &hr, body, "id").await;
    }
    // FTE over 1, an overlap, a post not yet open, an unknown post or worker.
    for (w, p, hours, start, status, field) in [
        (&w1, &b, 40.0, "2026-10-01", StatusCode::UNPROCESSABLE_ENTITY, "weekly_hours"),
        (&w1, &b, 37.0, "2026-10-01", StatusCode::UNPROCESSABLE_ENTITY, "start_date"),
        (&w2, &c, 10.0, "2023-06-01", StatusCode::UNPROCESSABLE_ENTITY, "start_date"),
        (&w2, &"00000000-0000-4000-8000-000000000000".to_owned(), 10.0, "2026-10-01", StatusCode::UNPROCESSABLE_ENTITY, "post_id"),
        (&"00000000-0000-4000-8000-000000000000".to_owned(), &c, 10.0, "2026-10-01", StatusCode::NOT_FOUND, ""),
    ] {
        let (path, body) = episode(w, p, hours, start);
        let r = app.post(&path, &hr, body).await;
        assert_eq!(r.status, status, "{field}: {}", r.body);
        assert!(r.body.contains(field), "{field}: {}", r.body);
    }

    // Ben leaves on 31 March 2026: a stale version is 409, an end before the start 422.
    let ben = app.get_json(&format!("/api/v1/workforce/workers/{w2}"), &hr).await;
    let ep = ben["episodes"][0]["id"].as_str().unwrap().to_owned();
    let end = |d: &str, v: i64| json!({"end_date": d, "reason_leave": "1", "version": v});
    let path = format!("/api/v1/workforce/episodes/{ep}/end");
    assert_eq!(app.post(&path, &hr, end("2026-03-31", 7)).await.status, StatusCode::CONFLICT);
    let r = app.post(&path, &hr, end("2023-03-31", 1)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("end_date"), "{}", r.body);
    let r = app.post(&path, &hr, json!({"end_date": "2026-03-31", "reason_leave": "99", "version": 1})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("reason_leave"), "{}", r.body);
    assert_eq!(app.post(&path, &hr, end("2026-03-31", 1)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.post(&path, &hr, end("2026-03-31", 2)).await.status, StatusCode::CONFLICT, "already ended");
    let unknown = "/api/v1/workforce/episodes/00000000-0000-4000-8000-000000000000/end";
    assert_eq!(app.post(unknown, &hr, end("2026-03-31", 1)).await.status, StatusCode::NOT_FOUND);

    // A post closes, never before it opens, nor while held; at its version.
    let mut closing = post("Closing D", 1.0, true);
    closing["from"] = json!("2026-01-01");
    let d = app.created("/api/v1/workforce/posts", &hr, closing, "id").await;
    let close = |p: &str, to: &str, v: i64| (format!("/api/v1/workforce/posts/{p}/close"), json!({"to": to, "version": v}));
    let (p, body) = close(&c, "2026-06-30", 1);
    let r = app.post(&p, &hr, body).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("holds the post"), "{}", r.body);
    let (p, body) = close(&d, "2023-06-30", 1);
    assert_eq!(app.post(&p, &hr, body).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (p, body) = close(&d, "2026-06-30", 1);
    assert_eq!(app.post(&p, &hr, body).await.status, StatusCode::NO_CONTENT);
    let (p, body) = close(&d, "2026-05-30", 1);
    assert_eq!(app.post(&p, &hr, body).await.status, StatusCode::CONFLICT);
    let (p, body) = close("00000000-0000-4000-8000-000000000000", "2026-05-30", 1);
    assert_eq!(app.post(&p, &hr, body).await.status, StatusCode::NOT_FOUND);
    let (path, body) = episode(&w2, &d, 37.0, "2026-10-01");
    let r = app.post(&path, &hr, body).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("post_id") && r.body.contains("last day is"), "{}", r.body);

    // Sickness: five working days in January; a last day before the first is named.
    let absences = format!("/api/v1/workforce/workers/{w1}/absences");
    app.created(&absences, &hr, json!({"reason": "SIC", "from": "2026-01-05", "to": "2026-01-09"}), "id").await;
    app.created(&absences, &hr, json!({"reason": "TRN", "from": "2026-02-02", "to": "2026-02-03"}), "id").await;
    let r = app.post(&absences, &hr, json!({"reason": "SIC", "from": "2026-01-05", "to": "2026-01-01"})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("\"to\""), "{}", r.body);
    let r = app.post(&absences, &hr, json!({"reason": "XXX", "from": "2026-01-05", "to": "2026-01-06"})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("reason"), "{}", r.body);
    let ada = app.get_json(&format!("/api/v1/workforce/workers/{w1}"), &hr).await;
    assert_eq!(ada["absences"][1]["days_lost"], 5.0, "{ada}");
    assert_eq!(ada["episodes"][0]["fte"], 1.0);

    // An agency social worker from 1 September 2026 (1.0 FTE), and a child Ada holds.
    set_region(&app).await;
    let agent = worker(&app, &hr, "Dee Agency", &[council("Northmoor Council", "2015-01-01", Some("2020-01-01"), None)]).await;
    let r = app.post(&format!("/api/v1/workforce/workers/{agent}/assignments"), &hr, assignment(json!({"start_date": "2026-09-01"}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let child = make_child(&app, &sw, "Alder", "2016-01-01").await;
    let (ep_a, _) = open_for_assessment(&app, &sw, &child, Some("2026-08-28T09:00:00Z")).await;
    let r = app
        .post(&format!("/api/v1/episodes/{ep_a}/allocation"), &mgr, json!({"lead_id": sw_id, "from_date": "2026-09-01", "version": 1}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // The rates on the census date (the default) and the year before.
    let r = app.get_json("/api/v1/workforce/rates", &mgr).await;
    assert_eq!((r["on"].as_str(), r["last_on"].as_str()), (Some("2026-09-30"), Some("2025-09-30")), "{r}");
    let this = |section: &str, key: &str| line(&r, section, key)["this_year"].as_f64();
    let last = |section: &str, key: &str| line(&r, section, key)["last_year"].as_f64();
    assert_eq!(this("counts", "fte_in_post"), Some(1.5), "Ada 1.0 and Cy 0.5; Ben left");
    assert_eq!(this("counts", "vacancies"), Some(1.0), "post B; D closed");
    assert_eq!(this("counts", "agency_fte"), Some(1.0));
    assert_eq!(this("counts", "leavers_fte"), Some(0.5));
    assert_eq!((this("counts", "cases"), this("counts", "case_holder_fte")), (Some(1.0), Some(2.0)), "Ada and the agency worker");
    assert_eq!(this("counts", "sickness_days"), Some(5.0), "training is not sickness");
    assert_eq!(this("rates", "vacancy_rate"), Some(40.0), "W-RATE-1: 1 / (1 + 1.5)");
    assert_eq!(this("rates", "agency_rate"), Some(40.0), "W-RATE-2");
    assert_eq!(this("rates", "turnover_rate"), Some(33.3), "W-RATE-3: 0.5 / 1.5");
    assert_eq!(this("rates", "agency_cover"), Some(100.0), "W-RATE-4");
    assert_eq!(this("rates", "agency_on_vacancies"), Some(100.0), "W-RATE-5");
    assert_eq!(this("rates", "caseload"), Some(0.5), "W-RATE-6: 1 / 2.0");
    assert_eq!(this("rates", "sickness_rate"), Some(1.3), "W-RATE-7: 5 / (1.5 × 252)");
    assert_eq!(last("counts", "fte_in_post"), Some(2.0));
    assert_eq!(last("rates", "vacancy_rate"), Some(20.0), "Ben filled half of post B");
    assert_eq!(last("rates", "agency_cover"), Some(0.0));
    assert_eq!(last("rates", "agency_on_vacancies"), None, "no agency workers then");
    assert_eq!(line(&r, "rates", "agency_on_vacancies")["last_display"], "–");
    // Another date; bad dates are named.
    let r = app.get_json("/api/v1/workforce/rates?on=2026-04-30", &hr).await;
    assert_eq!(line(&r, "counts", "fte_in_post")["this_year"], 1.5);
    for q in ["on=2026-13-01", "on=2027-01-01"] {
        assert_eq!(
            app.api("GET", &format!("/api/v1/workforce/rates?{q}"), Some(&hr), None).await.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{q}"
        );
    }
    assert_eq!(app.api("GET", "/api/v1/workforce/rates", Some(&sw), None).await.status, StatusCode::FORBIDDEN);
    let posts = app.get_json("/api/v1/workforce/posts", &hr).await;
    assert_eq!(posts["vacant_fte"], 1.0, "{posts}");
    // Each post names who holds it today: Ada full time; Ben's post empty since he left.
    let holders = |title: &str| -> Vec<(String, f64)> {
        posts["posts"].as_array().unwrap().iter().find(|p| p["title"] == title).unwrap()["holders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["name"].as_str().unwrap().to_owned(), h["fte"].as_f64().unwrap()))
            .collect()
    };
    assert_eq!(holders("Social worker A"), [("Ada Holder".to_owned(), 1.0)]);
    assert_eq!(holders("Social worker B"), []);
    assert_eq!(holders("Family support C"), [("Cy Support".to_owned(), 0.5)]);

    // Audited: each post, episode and absence, with its versions.
    let mut tx = app.db.db.begin().await.unwrap();
    let events = ff_store::audit::events_for_record(&mut tx, LA, "post", &d, 10).await.unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"create") && actions.contains(&"update"), "{events:?}");
    let events = ff_store::audit::events_for_record(&mut tx, LA, "employment_episode", &ep, 10).await.unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    drop(tx);

    // The pages.
    let (cookie, csrf) = app.session(Role::WorkforceOfficer).await;
    let page = app.page("GET", "/workforce/dashboard", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("Workforce on 30 September 2026") && page.body.contains("40.0%") && page.body.contains("<svg"),
        "{}",
        page.body
    );
    let page = app.page("GET", "/workforce/dashboard?on_day=31&on_month=2&on_year=2026", &cookie, None).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("govuk-error-summary") && page.body.contains("Workforce on 30 September 2026"));
    let csv = app.page("GET", "/workforce/dashboard.csv?on=2026-09-30", &cookie, None).await;
    assert!(
        csv.body.starts_with("section,key,label,rule,unit,this_year,last_year") && csv.body.contains("rates,vacancy_rate"),
        "{}",
        csv.body
    );
    let page = app.page("GET", "/workforce/posts", &cookie, None).await;
    assert!(page.body.contains("Social worker B") && page.body.contains("Close"), "{}", page.body);
    let page = app.page("GET", &format!("/workforce/workers/{w2}"), &cookie, None).await;
    assert!(page.body.contains("Permanent employment") && page.body.contains("(resignation)"), "{}", page.body);
    // A form: FTE over 1 comes back named, with what was typed.
    let r = app
        .page(
            "POST",
            &format!("/workforce/workers/{w3}/episodes"),
            &cookie,
            Some(&[
                ("csrf_token", csrf.as_str()),
                ("post_id", b.as_str()),
                ("weekly_hours", "45"),
                ("start_date_day", "1"),
                ("start_date_month", "10"),
                ("start_date_year", "2026"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("full-time week") && r.body.contains("value=\"45\""), "{}", r.body);
    let r = app
        .page(
            "POST",
            "/workforce/posts/new",
            &cookie,
            Some(&[
                ("csrf_token", csrf.as_str()),
                ("team_id", team.as_str()),
                ("title", "Senior E"),
                ("role_type", "SSW"),
                ("funded_fte", "1"),
                ("case_holding", "yes"),
                ("from_day", "1"),
                ("from_month", "11"),
                ("from_year", "2026"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .page(
            "POST",
            &format!("/workforce/workers/{w3}/absences"),
            &cookie,
            Some(&[
                ("csrf_token", csrf.as_str()),
                ("reason", "SIC"),
                ("from_day", "2"),
                ("from_month", "11"),
                ("from_year", "2026"),
                ("to_day", "3"),
                ("to_month", "11"),
                ("to_year", "2026"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (practitioner, _) = app.session(Role::SocialWorker).await;
    assert_eq!(app.page("GET", "/workforce/dashboard", &practitioner, None).await.status, StatusCode::FORBIDDEN);
}

/// The workforce census for 2026 (W-OUT-1) from posts, permanent episodes, a leaver, sickness,
/// an agency worker and a child held: the file holds each registered worker in scope, its check
/// finds no error, what the records do not hold is listed, each view is audited once; bad years
/// are named (422, or 404 when not a year), and practitioners are refused.
#[tokio::test]
async fn the_census_file_summary_and_page_come_from_the_records_w_out_1() {
    use super::family_help::{make_child, open_for_assessment, user_id};
    let app = TestApp::new().await;
    let (sw, mgr, hr) = (
        app.token(Role::SocialWorker, LA).await,
        app.token(Role::PracticeSupervisor, LA).await,
        app.token(Role::WorkforceOfficer, LA).await,
    );
    let sw_id = user_id(&app, Role::SocialWorker).await;
    let team = app.created("/api/v1/teams", &mgr, json!({"name": "Hilltop"}), "id").await;
    let post = |title: &str, role: &str, fte: f64, case_holding: bool| json!({"team_id": team, "title": title, "role_type": role, "funded_fte": fte, "case_holding": case_holding, "from": "2024-01-01"});
    let a = app.created("/api/v1/workforce/posts", &hr, post("Social worker A", "SW", 1.0, true), "id").await;
    let b = app.created("/api/v1/workforce/posts", &hr, post("Team manager B", "TM", 1.0, false), "id").await;
    let c = app.created("/api/v1/workforce/posts", &hr, post("Family support C", "SW", 0.5, false), "id").await;
    let w1 = app
        .created("/api/v1/workforce/workers", &hr, json!({"name": "Ada Holder", "swe_number": "SW500001", "user_id": sw_id}), "id")
        .await;
    let w2 = app.created("/api/v1/workforce/workers", &hr, json!({"name": "Ben Leaver", "swe_number": "SW500002"}), "id").await;
    let w3 = app.created("/api/v1/workforce/workers", &hr, json!({"name": "Cy Support"}), "id").await;
    for (w, p, hours, start) in [(&w1, &a, 37.0, "2024-02-01"), (&w2, &b, 18.5, "2024-02-01"), (&w3, &c, 18.5, "2026-01-05")] {
        let body = json!({"post_id": p, "weekly_hours": hours, "start_date": start});
        app.created(&format!("/api/v1/workforce/workers/{w}/episodes"), &hr, body, "id").await;
    }
    let ben = app.get_json(&format!("/api/v1/workforce/workers/{w2}"), &hr).await;
    let ep = ben["episodes"][0]["id"].as_str().unwrap().to_owned();
    let r = app
        .post(&format!("/api/v1/workforce/episodes/{ep}/end"), &hr, json!({"end_date": "2026-03-31", "reason_leave": "5", "version": 1}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let absences = format!("/api/v1/workforce/workers/{w1}/absences");
    app.created(&absences, &hr, json!({"reason": "SIC", "from": "2026-01-05", "to": "2026-01-09"}), "id").await;
    app.created(&absences, &hr, json!({"reason": "TRN", "from": "2026-09-29", "to": "2026-10-01"}), "id").await;
    set_region(&app).await;
    let agent = worker(&app, &hr, "Dee Agency", &[council("Northmoor Council", "2015-01-01", Some("2020-01-01"), None)]).await;
    let r = app.post(&format!("/api/v1/workforce/workers/{agent}/assignments"), &hr, assignment(json!({"start_date": "2026-09-01"}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let child = make_child(&app, &sw, "Alder", "2016-01-01").await;
    let (episode, _) = open_for_assessment(&app, &sw, &child, Some("2026-08-28T09:00:00Z")).await;
    let r = app
        .post(&format!("/api/v1/episodes/{episode}/allocation"), &mgr, json!({"lead_id": sw_id, "from_date": "2026-09-01", "version": 1}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // The summary.
    let audited = |app: &TestApp| {
        let db = app.db.db.clone();
        async move {
            let mut tx = db.begin().await.unwrap();
            ff_store::audit::events_for_record(&mut tx, LA, "workforce_census", "2026", 50).await.unwrap().len()
        }
    };
    let before = audited(&app).await;
    let s = app.get_json("/api/v1/workforce/census/2026", &mgr).await;
    assert_eq!(audited(&app).await, before + 1, "one audit event a view");
    assert_eq!(s["reference_date"], "2026-09-30", "{s}");
    assert_eq!(s["year_from"], "2025-10-01");
    assert_eq!(
        (&s["records"], &s["permanent_in_post"], &s["leavers"], &s["agency_in_post"], &s["left_out_unregistered"]),
        (&json!(3), &json!(1), &json!(1), &json!(1), &json!(1)),
        "Ada in post, Ben left, Dee agency; Cy has no SWE number: {s}"
    );
    assert_eq!(s["starters"], 0, "Cy started this year but is not registered");
    assert_eq!(s["cases"], 1, "{s}");
    assert_eq!((s["vacancies_fte"].as_f64(), s["agency_covering_fte"].as_f64()), (Some(1.0), Some(1.0)), "post B empty since Ben left");
    assert_eq!(s["agency_covering_headcount"], 1);
    assert_eq!(s["sickness_days"].as_f64(), Some(5.0), "training is not sickness");
    assert_eq!(s["errors"], json!([]), "{s}");
    let gap = |item: &str| s["gaps"].as_array().unwrap().iter().find(|g| g["item"] == item).cloned().unwrap_or(Value::Null);
    assert_eq!(gap("PersonBirthDate")["records"], 2, "Ada and Ben: {s}");
    assert_eq!(gap("PersonBirthDate")["written"], "left out");
    assert_eq!(gap("Ethnicity")["written"], "NOBT (not known)");
    assert_eq!(gap("LeaverDestination")["records"], 1);
    assert_eq!((&gap("QualInst")["records"], &gap("QualInst")["written"]), (&json!(3), &json!("the words \"Not known\"")));
    let rate = |k: &str| s["rates"].as_array().unwrap().iter().find(|l| l["key"] == k).cloned().unwrap();
    assert_eq!(rate("vacancy_rate")["this_year"], 40.0, "W-RATE-1: 1 / (1 + 1.5), Cy's FTE in post too: {s}");
    assert!(rate("vacancy_rate")["last_year"].is_number(), "beside last year");

    // The file.
    let r = app.api("GET", "/api/v1/workforce/census/2026.xml", Some(&hr), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let xml = r.body.clone();
    assert!(xml.starts_with("<?xml") && xml.contains("<LEA>") && xml.contains("<ReferenceDate>2026-09-30</ReferenceDate>"), "{xml}");
    for part in [
        "<SWENo>SW500001</SWENo>",
        "<OrgRole>5</OrgRole>",
        "<Cases30>1</Cases30>",
        "<WorkingDaysLost>5.00</WorkingDaysLost>",
        "<Absat30Sept>1</Absat30Sept>",
        "<ReasonAbsence>TRN</ReasonAbsence>",
        "<RoleEndDate>2026-03-31</RoleEndDate>",
        "<ReasonLeave>5</ReasonLeave>",
        "<FTE30>0.500000</FTE30>",
        "<OrgRole>3</OrgRole>",
        "<AgencyWorker>1</AgencyWorker>",
        "<SWENo>SW100200</SWENo>",
        "<NumberOfVacancies>1.00</NumberOfVacancies>",
    ] {
        assert!(xml.contains(part), "{part} in {xml}");
    }
    assert!(!xml.contains("PersonBirthDate") && !xml.contains("Cy Support"), "nothing made up, no names");
    let errors: Vec<_> = ff_returns::csww::check(&xml, &ff_service::workforce::NOT_HELD)
        .into_iter()
        .filter(|f| f.severity == ff_returns::csww::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // Last year's census: Ben and Ada in post, no agency worker, nobody left.
    let s = app.get_json("/api/v1/workforce/census/2025", &hr).await;
    assert_eq!((&s["permanent_in_post"], &s["leavers"], &s["agency_in_post"]), (&json!(2), &json!(0), &json!(0)), "{s}");

    // Bad years are named; practitioners are refused.
    for (year, status, words) in [
        ("2016", StatusCode::UNPROCESSABLE_ENTITY, "from 2017 to 2026"),
        ("2027", StatusCode::UNPROCESSABLE_ENTITY, "30 September has come"),
        ("2027.xml", StatusCode::UNPROCESSABLE_ENTITY, "from 2017 to 2026"),
        ("20x6", StatusCode::NOT_FOUND, "four digits"),
        ("2026.csv", StatusCode::NOT_FOUND, "four digits"),
    ] {
        let r = app.api("GET", &format!("/api/v1/workforce/census/{year}"), Some(&hr), None).await;
        assert_eq!(r.status, status, "{year}: {}", r.body);
        assert!(r.body.contains(words), "{year}: {}", r.body);
    }
    for path in ["/api/v1/workforce/census/2026", "/api/v1/workforce/census/2026.xml"] {
        assert_eq!(app.api("GET", path, Some(&sw), None).await.status, StatusCode::FORBIDDEN, "{path}");
    }

    // The pages.
    let (cookie, _) = app.session(Role::WorkforceOfficer).await;
    let page = app.page("GET", "/workforce", &cookie, None).await;
    assert!(page.body.contains("href=\"/workforce/census\""), "linked from the workforce page");
    let page = app.page("GET", "/workforce/census", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for words in [
        "Workforce census 2026",
        "Nothing the Department for Education would refuse",
        "Date of birth",
        "/workforce/census/2026.xml",
        "40.0%",
    ] {
        assert!(page.body.contains(words), "{words}: {}", page.body);
    }
    let page = app.page("GET", "/workforce/census?year=2025", &cookie, None).await;
    assert!(page.status == StatusCode::OK && page.body.contains("Workforce census 2025"), "{}", page.body);
    let page = app.page("GET", "/workforce/census?year=1999", &cookie, None).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("govuk-error-summary") && page.body.contains("from 2017 to 2026") && page.body.contains("Workforce census 2026")
    );
    let file = app.page("GET", "/workforce/census/2026.xml", &cookie, None).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.body.contains("<SWENo>SW500001</SWENo>"), "{}", file.body);
    assert_eq!(app.page("GET", "/workforce/census/twenty.xml", &cookie, None).await.status, StatusCode::NOT_FOUND);
    let (practitioner, _) = app.session(Role::SocialWorker).await;
    assert_eq!(app.page("GET", "/workforce/census", &practitioner, None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.page("GET", "/workforce/census/2026.xml", &practitioner, None).await.status, StatusCode::FORBIDDEN);
}

/// The region's price caps are dated data a workforce officer adds and loads (W-AG-1): every
/// mistake at once and nothing changed, a stale version refused, a file all or nothing with each
/// bad line named, each change a settings version that is audited; the assignment check uses the
/// caps loaded, and the dashboard shows agency spend by month and the assignments over the cap.
#[tokio::test]
async fn price_caps_are_added_and_loaded_and_the_dashboard_shows_spend_and_breaches_w_ag_1() {
    let app = TestApp::new().await;
    set_region(&app).await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;
    let c = app.api("GET", "/api/v1/workforce/caps", Some(&hr), None).await.json();
    assert_eq!(c["region"], "North West");
    assert_eq!(c["in_force"][0]["role_type"], "SW");
    assert_eq!(c["in_force"][0]["hourly_pence"], 3900);
    assert!(c["in_force"][1]["hourly_pence"].is_null(), "no senior social worker cap yet");
    let v = c["version"].as_i64().unwrap();

    // Every mistake at once, nothing saved.
    let bad = json!({"role_type": "XX", "from": "2020-01-01", "hourly_pence": 0, "version": v});
    let r = app.api("POST", "/api/v1/workforce/caps", Some(&hr), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["role_type", "from", "hourly_pence"] {
        assert!(r.body.contains(field), "{field}: {}", r.body);
    }
    let good = json!({"role_type": "SSW", "from": "2026-10-01", "hourly_pence": 4200, "version": v});
    let r = app.api("POST", "/api/v1/workforce/caps", Some(&hr), Some(good.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"].as_i64(), Some(v + 1));
    let r = app.api("POST", "/api/v1/workforce/caps", Some(&hr), Some(good)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a stale version: {}", r.body);
    let c = app.api("GET", "/api/v1/workforce/caps", Some(&hr), None).await.json();
    assert_eq!((c["in_force"][1]["hourly_pence"].as_i64(), c["history"].as_array().unwrap().len()), (Some(4200), 2));
    let tm = app.token(Role::PracticeSupervisor, LA).await;
    let r = app
        .api(
            "POST",
            "/api/v1/workforce/caps",
            Some(&tm),
            Some(json!({"role_type": "TM", "from": "2026-10-01", "hourly_pence": 5000, "version": v + 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "team managers read the caps, workforce officers keep them");

    // The API upload: all or nothing, each bad line named.
    let csv = "role_type,from,hourly_pounds\nTM,2026-10-01,50\nXX,2026-10-01,50\nAP,2026-10-01,abc\n";
    let r = app.api("POST", "/api/v1/workforce/caps/upload", Some(&hr), Some(json!({"csv": csv, "version": v + 1}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Line 3:") && r.body.contains("Line 4:") && !r.body.contains("Line 2:"), "{}", r.body);
    let c = app.api("GET", "/api/v1/workforce/caps", Some(&hr), None).await.json();
    assert_eq!((c["version"].as_i64(), c["history"].as_array().unwrap().len()), (Some(v + 1), 2), "nothing was loaded");

    // The pages: the form names every mistake at once and keeps what was typed.
    let (cookie, csrf) = app.session(Role::WorkforceOfficer).await;
    let page = app.page("GET", "/workforce/caps", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("North West") && page.body.contains("£39.00") && page.body.contains("£42.00"), "{}", page.body);
    let v = v + 1;
    let vs = v.to_string();
    let post = [
        ("csrf_token", csrf.as_str()),
        ("version", vs.as_str()),
        ("role_type", ""),
        ("from_day", "31"),
        ("from_month", "2"),
        ("from_year", "2027"),
        ("hourly", "lots"),
    ];
    let r = app.page("POST", "/workforce/caps/new", &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose the role type") && r.body.contains("Enter the cap in pounds an hour"), "{}", r.body);
    assert!(r.body.contains("The date the cap applies from"), "the date is named too: {}", r.body);
    assert!(r.body.contains("value=\"lots\""), "what was typed is kept");
    let post = [
        ("csrf_token", csrf.as_str()),
        ("version", vs.as_str()),
        ("role_type", "AP"),
        ("from_day", "1"),
        ("from_month", "10"),
        ("from_year", "2026"),
        ("hourly", "£46.50"),
    ];
    let r = app.page("POST", "/workforce/caps/new", &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The same form sent again from the page read before: someone else's change is named, the
    // form offers the version now, and nothing is saved twice.
    let r = app.page("POST", "/workforce/caps/new", &cookie, Some(&post)).await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    assert!(r.body.contains("changed by someone else") && r.body.contains(&format!("value=\"{}\"", v + 1)), "{}", r.body);
    let v = v + 1;
    let vs = v.to_string();
    // The upload page: a file with a bad line changes nothing; a good one is loaded whole.
    let form = app.page("GET", "/workforce/caps/upload", &cookie, None).await;
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains(&format!("csrf_token={csrf}")));
    let url = format!("/workforce/caps/upload?csrf_token={csrf}");
    let auth = (axum::http::header::COOKIE.as_str(), cookie.as_str());
    let bad = b"role_type,from,hourly_pounds\nTM,2026-10-01,50\nTM,2026-10-01,51\n";
    let r = super::documents::upload(&app, &url, auth, &[("version", vs.as_str())], Some(("caps.csv", bad))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Line 3: a second cap for TM"), "{}", r.body);
    let good = b"role_type,from,hourly_pounds\nTM,2026-10-01,50\nIRO_CPC,2026-10-01,47.00\nSW,2027-04-01,40\n";
    let r = super::documents::upload(&app, &url, auth, &[("version", vs.as_str())], Some(("caps.csv", good))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", "/workforce/caps?saved=1", &cookie, None).await;
    assert!(page.body.contains("£46.50") && page.body.contains("£50.00") && page.body.contains("From a later date"), "{}", page.body);
    let c = app.api("GET", "/api/v1/workforce/caps", Some(&hr), None).await.json();
    assert_eq!((c["version"].as_i64(), c["history"].as_array().unwrap().len()), (Some(v + 1), 6));
    // Each change audited, in its transaction.
    let mut tx = app.db.db.begin().await.unwrap();
    let events = ff_store::audit::events_for_record(&mut tx, LA, "rate_caps", LA, 20).await.unwrap();
    assert_eq!(events.iter().filter(|e| e.action == "update").count(), 3, "{events:?}");
    drop(tx);

    // The assignment check reads the caps loaded: a senior social worker at £47.75 an hour is over
    // the £42.00 cap and waits for sign-off.
    let senior = worker(&app, &hr, "Sol Senior", &[council("Northmoor Council", "2015-01-01", None, None)]).await;
    let over =
        assignment(json!({"role_type": "SSW", "pay_pence": 4000, "start_date": "2026-11-10", "over_cap_reason": "Court team cover"}));
    app.created(&format!("/api/v1/workforce/workers/{senior}/assignments"), &hr, over, "id").await;
    let w = app.api("GET", &format!("/api/v1/workforce/workers/{senior}"), Some(&hr), None).await.json();
    assert_eq!((w["assignments"][0]["status"].as_str(), w["assignments"][0]["cap_pence"].as_i64()), (Some("pending"), Some(4200)));
    // Within the cap, from 2 November: £42.75 an hour with the fee, 37 hours a week over seven
    // days, for the 22 days to 23 November = 4,275 × 2,220 × 22 ÷ 420 pence = £4,971.21.
    let steady = worker(&app, &hr, "Tess Steady", &[council("Northmoor Council", "2014-01-01", None, None)]).await;
    app.created(&format!("/api/v1/workforce/workers/{steady}/assignments"), &hr, assignment(json!({"start_date": "2026-11-02"})), "id")
        .await;
    let r = app.api("GET", "/api/v1/workforce/rates?on=2026-11-23", Some(&hr), None).await.json();
    let spend = r["agency_spend"].as_array().unwrap();
    assert_eq!(spend.len(), 12);
    assert_eq!((spend[0]["month"].as_str(), spend[11]["month"].as_str()), (Some("2025-12-01"), Some("2026-11-01")));
    assert_eq!(
        (spend[11]["pence"].as_i64(), spend[11]["assignments"].as_i64()),
        (Some(497_121), Some(1)),
        "the pending one has not started"
    );
    assert_eq!(spend[10]["pence"].as_i64(), Some(0));
    let b = &r["cap_breaches"];
    assert_eq!((b["total"].as_i64(), b["awaiting"].as_i64(), b["signed_off"].as_i64()), (Some(1), Some(1), Some(0)));
    assert_eq!(b["assignments"][0]["worker_name"], "Sol Senior");
    let page = app.page("GET", "/workforce/dashboard?on_day=23&on_month=11&on_year=2026", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Agency spend by month") && page.body.contains("£4,971.21") && page.body.contains("Awaiting sign-off"),
        "{}",
        page.body
    );
    let csv = app.page("GET", "/workforce/dashboard.csv?on=2026-11-23", &cookie, None).await;
    assert!(csv.body.contains("agency_spend,2026-11,\"November 2026\",W-OUT-3,\"£\",4971.21"), "{}", csv.body);
    assert!(csv.body.contains("cap_breaches,awaiting,\"Awaiting sign-off\",W-AG-1,,1"), "{}", csv.body);
}

/// An agency assignment names the post it covers and its FTE (W-SYS-4), and the agency cover of
/// vacancies follows the posts named (W-RATE-4, W-RATE-5; decision 0025): a post not open on the
/// start date or of another council is refused with every mistake at once, a change at a stale
/// version is refused, and the pages show who covers each post.
#[tokio::test]
async fn agency_assignments_name_the_post_they_cover_w_rate_4_and_5() {
    let app = TestApp::new().await;
    set_region(&app).await;
    let (hr, mgr) = (app.token(Role::WorkforceOfficer, LA).await, app.token(Role::PracticeSupervisor, LA).await);
    let team = app.created("/api/v1/teams", &mgr, json!({"name": "Riverside"}), "id").await;
    let post = |title: &str, from: &str| json!({"team_id": team, "title": title, "role_type": "SW", "funded_fte": 1, "case_holding": true, "from": from});
    let a = app.created("/api/v1/workforce/posts", &hr, post("Social worker A", "2024-01-01"), "id").await;
    let b = app.created("/api/v1/workforce/posts", &hr, post("Social worker B", "2024-01-01"), "id").await;
    let later = app.created("/api/v1/workforce/posts", &hr, post("Social worker later", "2026-12-01"), "id").await;
    // Another council's post.
    let other_hr = app.token(Role::WorkforceOfficer, super::OTHER_LA).await;
    let other_mgr = app.token(Role::PracticeSupervisor, super::OTHER_LA).await;
    let other_team = app.created("/api/v1/teams", &other_mgr, json!({"name": "Elsewhere"}), "id").await;
    let theirs = app
        .created(
            "/api/v1/workforce/posts",
            &other_hr,
            json!({"team_id": other_team, "title": "Theirs", "role_type": "SW", "funded_fte": 1, "case_holding": true, "from": "2024-01-01"}),
            "id",
        )
        .await;
    // Post A is held by a permanent worker; post B is vacant.
    let held = worker(&app, &hr, "Pat Permanent", &[]).await;
    let body = json!({"post_id": a, "weekly_hours": 37, "start_date": "2025-01-01"});
    app.created(&format!("/api/v1/workforce/workers/{held}/episodes"), &hr, body, "id").await;
    let agency = worker(&app, &hr, "Ola Cover", &[council("Ashby Council", "2015-01-01", Some("2025-01-01"), None)]).await;
    let start = format!("/api/v1/workforce/workers/{agency}/assignments");

    // Refused, every mistake at once, nothing kept: a post not open on the start date, FTE over 1.
    let r = app.post(&start, &hr, assignment(json!({"start_date": "2026-09-01", "post_id": later, "fte": 1.5}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("post_id") && r.body.contains("not open on 1 September 2026") && r.body.contains("\"fte\""), "{}", r.body);
    let r = app.post(&start, &hr, assignment(json!({"start_date": "2026-09-01", "post_id": theirs, "agency": ""}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("post_id") && r.body.contains("\"agency\""), "another council's post: {}", r.body);
    let w = app.get_json(&format!("/api/v1/workforce/workers/{agency}"), &hr).await;
    assert_eq!(w["assignments"], json!([]), "nothing kept");

    // Named no post: counted by the rule for assignments not tied to a post.
    let id = app.created(&start, &hr, assignment(json!({"start_date": "2026-09-01"})), "id").await;
    let cover = |on: &str| {
        let on = on.to_owned();
        let app = &app;
        let hr = hr.clone();
        async move {
            let r = app.get_json(&format!("/api/v1/workforce/rates?on={on}"), &hr).await;
            (line(&r, "rates", "agency_cover")["this_year"].as_f64(), line(&r, "rates", "agency_on_vacancies")["this_year"].as_f64())
        }
    };
    assert_eq!(cover("2026-09-30").await, (Some(100.0), Some(100.0)), "W-RATE-4/5: not tied to a post, one vacancy");
    let w = app.get_json(&format!("/api/v1/workforce/workers/{agency}"), &hr).await;
    assert_eq!((w["assignments"][0]["post_id"].clone(), w["assignments"][0]["fte"].as_f64()), (Value::Null, Some(1.0)));

    // Naming the filled post: it covers no vacancy, and the rates change.
    let path = format!("/api/v1/workforce/assignments/{id}/cover");
    let r = app.post(&path, &hr, json!({"post_id": a, "version": 1})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(cover("2026-09-30").await, (Some(0.0), Some(0.0)), "W-RATE-4/5: covering a post that is not vacant");
    // A stale version is refused and changes nothing.
    let r = app.post(&path, &hr, json!({"post_id": b, "version": 1})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(cover("2026-09-30").await, (Some(0.0), Some(0.0)));
    // Refused at its version: a post not open on the start date, another council's.
    for bad in [&later, &theirs] {
        let r = app.post(&path, &hr, json!({"post_id": bad, "version": 2})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("post_id"), "{}", r.body);
    }
    // Half time on the vacant post: half the vacancy covered, all of the agency FTE on it.
    let r = app.post(&path, &hr, json!({"post_id": b, "fte": 0.5, "version": 2})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(cover("2026-09-30").await, (Some(50.0), Some(100.0)), "W-RATE-4: 0.5 / 1; W-RATE-5: 0.5 / 0.5");
    let w = app.get_json(&format!("/api/v1/workforce/workers/{agency}"), &hr).await;
    let a0 = &w["assignments"][0];
    assert_eq!((a0["post_title"].as_str(), a0["fte"].as_f64(), a0["version"].as_i64()), (Some("Social worker B"), Some(0.5), Some(3)));
    let rates = app.get_json("/api/v1/workforce/rates?on=2026-09-30", &hr).await;
    let sw = rates["posts_by_role"].as_array().unwrap().iter().find(|p| p["role_type"] == "SW").unwrap();
    assert_eq!(
        (sw["funded_fte"].as_f64(), sw["filled_fte"].as_f64(), sw["covered_fte"].as_f64()),
        (Some(2.0), Some(1.0), Some(0.5)),
        "{sw}"
    );
    // Versioned and audited like the other steps.
    let mut tx = app.db.db.begin().await.unwrap();
    let events = ff_store::audit::events_for_record(&mut tx, LA, "agency_assignment", &id, 10).await.unwrap();
    assert_eq!(events.iter().filter(|e| e.action == "update").count(), 2, "{events:?}");
    drop(tx);

    // The pages: the posts page says who covers each post; the form lists the posts open, and
    // refuses a stale version.
    let (cookie, csrf) = app.session(Role::WorkforceOfficer).await;
    let page = app.page("GET", "/workforce/posts", &cookie, None).await;
    assert!(
        page.body.contains("Covered by (agency)") && page.body.contains("Ola Cover") && page.body.contains("(0.50 FTE)"),
        "{}",
        page.body
    );
    let form = format!("/workforce/assignments/{id}/cover?worker={agency}");
    let page = app.page("GET", &form, &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Riverside: Social worker A (Social worker), not vacant"), "{}", page.body);
    let page = app.page("GET", &format!("/workforce/workers/{agency}/assignments"), &cookie, None).await;
    assert!(page.body.contains("No post (not tied to a post)") && page.body.contains("Social worker B"), "{}", page.body);
    let r = app.page("POST", &form, &cookie, Some(&[("csrf_token", csrf.as_str()), ("post_id", a.as_str()), ("version", "1")])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Someone else changed this agency assignment"), "a stale version: {}", r.body);
    assert_eq!(cover("2026-09-30").await, (Some(50.0), Some(100.0)), "nothing changed");
    let r = app
        .page("POST", &form, &cookie, Some(&[("csrf_token", csrf.as_str()), ("post_id", "nonsense"), ("fte", "2"), ("version", "3")]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.page("POST", &form, &cookie, Some(&[("csrf_token", csrf.as_str()), ("post_id", ""), ("fte", ""), ("version", "3")])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", &format!("/workforce/workers/{agency}"), &cookie, None).await;
    assert!(page.body.contains("Not tied to a post; 1.00 FTE"), "{}", page.body);
}

/// The audit events about one period of experience, newest first.
async fn period_events(app: &TestApp, id: &str) -> Vec<String> {
    let mut tx = app.db.db.begin().await.unwrap();
    let rows = ff_store::audit::events_for_record(&mut tx, LA, "worker_experience", id, 20).await.unwrap();
    rows.into_iter().map(|r| r.action).collect()
}

/// A period typed wrongly is put right (W-SYS-5): corrected by a new period that replaces it, or
/// withdrawn with why. The experience that counts for the agency rules (W-AG-5) follows at once;
/// the old rows stay on the worker's page, versioned and audited; a second go is a 409.
#[tokio::test]
async fn experience_is_corrected_or_withdrawn_and_the_old_period_stays() {
    let app = TestApp::new().await;
    set_region(&app).await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;
    let id = worker(&app, &hr, "Cara Fix", &[]).await;
    let periods = format!("/api/v1/workforce/workers/{id}/experience");
    // Started in 2020, typed as 2024: two years, so an agency assignment is refused.
    let wrong = app.created(&periods, &hr, council("Northmoor Council", "2024-11-01", None, None), "id").await;
    let path = format!("/api/v1/workforce/workers/{id}/assignments");
    let r = app.post(&path, &hr, assignment(json!({}))).await;
    assert_eq!(rule(&r), "W-AG-5", "{}", r.body);

    // The correction replaces it in one save; the old period stops counting.
    let mut right = council("Northmoor Council", "2020-11-01", None, None);
    right["replaces"] = json!(wrong);
    let new = app.created(&periods, &hr, right.clone(), "id").await;
    let w = app.get_json(&format!("/api/v1/workforce/workers/{id}"), &hr).await;
    let current: Vec<&str> = w["experience"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(current, vec![new.as_str()]);
    let old = &w["withdrawn_experience"].as_array().unwrap().iter().find(|e| e["id"] == wrong.as_str()).unwrap().clone();
    assert_eq!((old["id"].as_str(), old["replaced_by"].as_str()), (Some(wrong.as_str()), Some(new.as_str())), "{w}");
    assert!(w["pqe_years"].as_f64().unwrap() >= 6.0, "{w}");
    assert_eq!(period_events(&app, &wrong).await, vec!["correct", "create"]);

    // Correcting the old period again, or withdrawing it, is a conflict and writes nothing.
    let r = app.post(&periods, &hr, right).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let withdraw = |e: &str| format!("/api/v1/workforce/workers/{id}/experience/{e}/withdraw");
    let r = app.post(&withdraw(&wrong), &hr, json!({"reason": "Entered in error"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let w2 = app.get_json(&format!("/api/v1/workforce/workers/{id}"), &hr).await;
    assert_eq!(w2["experience"].as_array().unwrap().len(), 1, "the failed correction added nothing");

    // Withdrawn: a reason is needed; then it no longer counts, and once is enough.
    let r = app.post(&withdraw(&new), &hr, json!({"reason": "  "})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("\"reason\""), "{}", r.body);
    let r = app.post(&withdraw(&new), &hr, json!({"reason": "Recorded for the wrong worker"})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let w = app.get_json(&format!("/api/v1/workforce/workers/{id}"), &hr).await;
    assert_eq!((w["experience"].as_array().unwrap().len(), w["pqe_years"].as_f64()), (0, Some(0.0)), "{w}");
    let gone = w["withdrawn_experience"].as_array().unwrap().iter().find(|e| e["id"] == new.as_str()).unwrap().clone();
    assert_eq!((&gone["reason"], &gone["replaced_by"]), (&json!("Recorded for the wrong worker"), &Value::Null));
    let r = app.post(&withdraw(&new), &hr, json!({"reason": "Again"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(period_events(&app, &new).await, vec!["withdraw", "create"]);
    // Another worker's period, or none: not found.
    let other = worker(&app, &hr, "Dev Other", &[]).await;
    let r = app.post(&format!("/api/v1/workforce/workers/{other}/experience/{wrong}/withdraw"), &hr, json!({"reason": "x"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // A team manager reads the workforce but does not change it.
    let manager = app.token(Role::PracticeSupervisor, LA).await;
    let r = app.post(&withdraw(&new), &manager, json!({"reason": "x"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // On pages: the correction form starts from the period as recorded, and withdrawing from the
    // worker's page leaves it listed with why.
    let again = app.created(&periods, &hr, council("Ashby Council", "2018-03-01", Some("2020-10-31"), Some("resigned")), "id").await;
    let (cookie, csrf) = app.session(Role::WorkforceOfficer).await;
    let page = app.page("GET", &format!("/workforce/workers/{id}"), &cookie, None).await;
    assert!(
        page.body.contains(&format!("experience?replaces={again}")) && page.body.contains("Withdrawn and corrected periods (2)"),
        "{}",
        page.body
    );
    let form = app.page("GET", &format!("/workforce/workers/{id}/experience?replaces={again}"), &cookie, None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Correct a period of experience") && form.body.contains("value=\"Ashby Council\""), "{}", form.body);
    assert!(form.body.contains(&format!("name=\"replaces\" value=\"{again}\"")), "{}", form.body);
    let at = format!("/workforce/workers/{id}/experience/{again}/withdraw");
    let r = app.submit(&at, &cookie, &[("csrf_token", &csrf), ("reason", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.submit(&at, &cookie, &[("csrf_token", &csrf), ("reason", "Entered twice")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", &format!("/workforce/workers/{id}"), &cookie, None).await;
    assert!(page.body.contains("Withdrawn and corrected periods (3)") && page.body.contains("Entered twice"), "{}", page.body);
}
