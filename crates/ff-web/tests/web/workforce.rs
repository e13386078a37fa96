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
