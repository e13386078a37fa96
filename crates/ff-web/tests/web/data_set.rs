//! The safeguarding partnership's agreed data set (MASA-P-2, MASA-SYS-*): counted from the
//! council's records and split by agency, its figures move as records are added (each period
//! counted afresh, the same period kept for a minute, decision 0008), as CSV and on the page; a
//! bad period is a 422 naming the field and changes nothing; roles without it are refused and the
//! refusal is audited. The clock is fixed at Monday 23 November 2026, 10:00 in London.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::child_protection::{child_with_enquiry, initial_conference};
use super::family_help::{make_child, user_id};
use super::{LA, TestApp};

async fn audit_count(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

/// The data set from `from` to today, through the API.
async fn data_set(app: &TestApp, t: &str, from: &str) -> Value {
    let r = app.api("GET", &format!("/api/v1/partnership/data-set?from={from}&to=2026-11-23"), Some(t), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn measure<'a>(d: &'a Value, key: &str) -> &'a Value {
    d["measures"].as_array().unwrap().iter().find(|m| m["key"] == key).unwrap_or_else(|| panic!("no {key} in {d}"))
}

/// A figure for the whole partnership.
fn total(d: &Value, m: &str, key: &str) -> f64 {
    let f = measure(d, m)["totals"].as_array().unwrap().iter().find(|f| f["key"] == key).unwrap_or_else(|| panic!("no {m}.{key}"));
    f["value"].as_f64().unwrap()
}

/// A figure in one row (an agency, a source, a category) of a measure's table; 0 if the row is not there.
fn cell(d: &Value, m: &str, row: &str, key: &str) -> f64 {
    measure(d, m)["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == row)
        .and_then(|r| r["values"].as_array().unwrap().iter().find(|v| v["key"] == key))
        .map_or(0.0, |v| v["value"].as_f64().unwrap())
}

#[tokio::test]
async fn the_data_set_counts_by_agency_and_moves_as_records_are_added() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;

    // Nothing recorded yet: every measure is there, at nought.
    let before = audit_count(&app).await;
    let d = data_set(&app, &bm, "2025-04-01").await;
    assert_eq!(audit_count(&app).await, before + 1, "one audit event for the view");
    let keys: Vec<&str> = d["measures"].as_array().unwrap().iter().map(|m| m["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "contacts",
            "rereferrals",
            "strategy_discussions",
            "enquiries",
            "plans",
            "teams",
            "agency_checks",
            "disagreements",
            "incidents",
            "learning"
        ]
    );
    assert_eq!(total(&d, "contacts", "contacts"), 0.0);
    assert_eq!(total(&d, "strategy_discussions", "held"), 0.0);

    // A school's contact decided straight to a strategy discussion with the council, health and
    // police there (not education); the enquiry is concluded with a conference needed and none
    // held yet, so it is past its day (T9).
    let (child, _, s47) = child_with_enquiry(&app, "Zara", Some("2018-05-01")).await;
    // A police contact about another child, decided as no further action.
    let other = make_child(&app, &sw, "Omar", "2019-02-02").await;
    let body = json!({"received_at": "2026-11-02T09:00:00Z", "channel": "police_notification", "source": "6", "concerns": "Domestic abuse call-out",
        "consent": "not_sought", "consent_basis": "Police notification", "child_ids": [other]});
    let r = app.api("POST", "/api/v1/contacts", Some(&sw), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let d = data_set(&app, &bm, "2025-04-02").await;
    assert_eq!(total(&d, "contacts", "contacts"), 2.0, "{}", measure(&d, "contacts"));
    assert_eq!((cell(&d, "contacts", "2A", "contacts"), cell(&d, "contacts", "2A", "referrals")), (1.0, 1.0));
    assert_eq!((cell(&d, "contacts", "6", "contacts"), cell(&d, "contacts", "6", "referrals")), (1.0, 0.0));
    assert_eq!(total(&d, "contacts", "referral_rate"), 50.0);
    assert_eq!(cell(&d, "rereferrals", "2A", "referrals"), 1.0);
    assert_eq!(total(&d, "strategy_discussions", "held"), 1.0);
    for (agency, n) in [("police", 1.0), ("health", 1.0), ("local_authority", 1.0), ("education", 0.0)] {
        assert_eq!(cell(&d, "strategy_discussions", agency, "present"), n, "{agency}");
    }
    assert_eq!(total(&d, "strategy_discussions", "all_three"), 0.0);
    assert_eq!(total(&d, "enquiries", "started"), 1.0);
    assert_eq!((total(&d, "enquiries", "to_conference"), total(&d, "enquiries", "awaiting_overdue")), (0.0, 1.0));

    // The conference on 12 January 2026 is the fifteenth working day after the strategy
    // discussion of 17 December 2025 (over Christmas): in time. It makes a physical abuse plan.
    let chair = app.token(Role::ConferenceChair, LA).await;
    let chair_id = user_id(&app, Role::ConferenceChair).await;
    initial_conference(&app, &chair, &chair_id, &child, &s47, "cp_plan_id").await;

    // Agency checks: police answered the same day, health not yet (due 30 November).
    for agency in ["police", "health"] {
        app.created(
            &format!("/api/v1/people/{child}/info-requests"),
            &sw,
            json!({"agency": agency, "question": "What do you know?"}),
            "id",
        )
        .await;
    }
    let requests = app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&sw), None).await.json();
    let police_request = requests["info_requests"]
        .as_array()
        .unwrap_or_else(|| panic!("{requests}"))
        .iter()
        .find(|r| r["agency"] == "police")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r =
        app.post(&format!("/api/v1/info-requests/{police_request}/answer"), &sw, json!({"response": "Two call-outs", "version": 1})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    // A multi-agency team with only a police member: not every member type.
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let team = app.created("/api/v1/teams", &mgr, json!({"name": "East MACPT"}), "id").await;
    let police_id = user_id(&app, Role::PartnerAgency).await;
    let r = app.api("POST", &format!("/api/v1/teams/{team}/members"), Some(&mgr), Some(json!({"user_id": police_id}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    // A disagreement the social worker raised on 1 October, still at the first stage: overdue.
    let raise = json!({"about": "step_down", "detail": "The plan is ending too soon", "with_agency": "police", "with_team": "Public protection",
        "raised_on": "2026-10-01"});
    app.created(&format!("/api/v1/people/{child}/disagreements"), &sw, raise, "id").await;

    // A serious incident the council became aware of on Friday 30 October, notified on Monday 2
    // November (within 5 working days); the rapid review is due 23 November, today: not overdue.
    let body = json!({"child_id": child, "kind": "serious_harm", "incident_on": "2026-10-29", "aware_on": "2026-10-30",
        "what_happened": "Fractured arm; no account given."});
    let incident = app.created("/api/v1/partnership/incidents", &bm, body, "id").await;
    let r = app
        .post(
            &format!("/api/v1/partnership/incidents/{incident}/notification"),
            &bm,
            json!({"version": 1, "notified": true, "on": "2026-11-02", "ofsted_reference": "SIN-9"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/partnership/incidents/{incident}/summaries"),
            &bm,
            json!({"agency": "school", "agency_name": "Northmoor Primary", "requested_on": "2026-11-03"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);

    // Learning actions: police's past its day, health's not.
    let action = |agency: &str, due: &str| {
        json!({"source": "rapid_review", "action": "Brief every officer", "owner_agency": agency, "owner_name": "Northmoor",
            "agreed_on": "2026-10-01", "due_on": due, "impact_measure": "Audit of 20 call-outs"})
    };
    app.created("/api/v1/partnership/learning", &bm, action("police", "2026-11-01"), "id").await;
    app.created("/api/v1/partnership/learning", &bm, action("health", "2026-12-31"), "id").await;

    // The same period as before is kept for a minute (decision 0008)...
    let kept = data_set(&app, &bm, "2025-04-02").await;
    assert_eq!(total(&kept, "plans", "started"), 0.0, "figures counted less than a minute ago are shown as counted");
    // ...and another period is counted now.
    let d = data_set(&app, &bm, "2025-04-03").await;
    assert_eq!((total(&d, "enquiries", "to_conference"), total(&d, "enquiries", "in_time")), (1.0, 1.0));
    assert_eq!(total(&d, "enquiries", "awaiting_overdue"), 0.0);
    assert_eq!((cell(&d, "plans", "PHY", "started"), cell(&d, "plans", "PHY", "repeats")), (1.0, 0.0));
    assert_eq!(cell(&d, "plans", "PHY", "open_at_end"), 1.0);
    assert_eq!(total(&d, "teams", "teams"), 1.0);
    assert_eq!(total(&d, "teams", "complete"), 0.0);
    assert_eq!(total(&d, "teams", "police"), 1.0);
    assert_eq!(measure(&d, "teams")["rows"][0]["label"], "East MACPT");
    assert_eq!((cell(&d, "agency_checks", "police", "requested"), cell(&d, "agency_checks", "police", "answered_by_due")), (1.0, 1.0));
    assert_eq!((cell(&d, "agency_checks", "health", "requested"), cell(&d, "agency_checks", "health", "answered")), (1.0, 0.0));
    assert_eq!(cell(&d, "agency_checks", "police", "average_wd"), 0.0);
    assert!(measure(&d, "agency_checks")["note"].as_str().unwrap().contains("requests for information"));
    assert_eq!(cell(&d, "disagreements", "childrens_social_care", "open_practitioners"), 1.0, "{}", measure(&d, "disagreements"));
    assert_eq!(cell(&d, "disagreements", "childrens_social_care", "overdue"), 1.0);
    assert_eq!((total(&d, "incidents", "incidents"), total(&d, "incidents", "decided_in_time")), (1.0, 1.0));
    assert_eq!((total(&d, "incidents", "notified"), total(&d, "incidents", "reviews_overdue")), (1.0, 0.0));
    assert_eq!(cell(&d, "incidents", "school", "requested"), 1.0);
    assert_eq!((cell(&d, "learning", "police", "open"), cell(&d, "learning", "police", "overdue")), (1.0, 1.0));
    assert_eq!((cell(&d, "learning", "health", "open"), cell(&d, "learning", "health", "overdue")), (1.0, 0.0));

    // A second plan for the same child is a repeat plan (second or later, at any time): the first
    // ends when the family moves away, and a transfer-in conference on their return makes another.
    let lcpp = app.token(Role::Lcpp, LA).await;
    let cp = app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&lcpp), None).await.json();
    let plan = cp["plans"][0]["id"].as_str().unwrap_or_else(|| panic!("{cp}")).to_owned();
    let r = app
        .post(&format!("/api/v1/cp-plans/{plan}/end"), &lcpp, json!({"end_date": "2026-03-02", "reason": "moved_away", "version": 1}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let mut body = super::child_protection::conference_body("transfer_in", None, "2026-06-01", &chair_id, "plan");
    body["plan_lead_id"] = json!(user_id(&app, Role::Lcpp).await);
    app.created(&format!("/api/v1/people/{child}/conferences"), &chair, body, "cp_plan_id").await;
    let d = data_set(&app, &bm, "2025-04-04").await;
    assert_eq!((cell(&d, "plans", "PHY", "started"), cell(&d, "plans", "PHY", "repeats")), (2.0, 1.0), "{}", measure(&d, "plans"));
    assert_eq!((total(&d, "plans", "repeat_rate"), total(&d, "plans", "open_at_end")), (50.0, 1.0));

    // The partnership's disagreement counts come from the same grouped count.
    let c = app.api("GET", "/api/v1/partnership/disagreements", Some(&bm), None).await.json();
    assert_eq!((c["open"].clone(), c["overdue"].clone()), (json!(1), json!(1)), "{c}");
}

#[tokio::test]
async fn csv_pages_bad_periods_and_refusals() {
    let app = TestApp::new().await;
    child_with_enquiry(&app, "Zara", Some("2018-05-01")).await;
    let analyst = app.token(Role::PerformanceAnalyst, LA).await;
    let d = data_set(&app, &analyst, "2025-04-01").await;
    assert_eq!(total(&d, "strategy_discussions", "held"), 1.0);

    // CSV: one row a figure, the whole partnership's as `all`, and a row per agency.
    let (cookie, _) = app.session(Role::SafeguardingPartner).await;
    let r = app.page("GET", "/partnership/data-set.csv?from=2025-04-01&to=2026-11-23", &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let lines: Vec<&str> = r.body.lines().collect();
    assert_eq!(lines[0], "measure,row,row_label,key,label,value,unit,from,to");
    assert!(
        lines.contains(&"strategy_discussions,\"all\",\"All\",held,\"Strategy discussions held\",1,\"\",2025-04-01,2026-11-23"),
        "{}",
        r.body
    );
    assert!(
        lines.contains(
            &"strategy_discussions,\"police\",\"Police\",present,\"Discussions with the agency present\",1,\"\",2025-04-01,2026-11-23"
        ),
        "{}",
        r.body
    );
    assert!(lines.iter().any(|l| l.starts_with("contacts,\"2A\",\"Schools\",contacts,")), "{}", r.body);

    // The page: a chart and a table under it for each measure, linked from the partnership's list.
    let page = app.page("GET", "/partnership/data-set?from=2025-04-01", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Partnership data set") && page.body.contains("<svg") && page.body.contains("Strategy discussions held"));
    assert!(page.body.contains("/partnership/data-set.csv?from=2025-04-01&#38;to=2026-11-23"), "the CSV link keeps the period");
    let list = app.page("GET", "/partnership", &cookie, None).await;
    assert!(list.body.contains("href=\"/partnership/data-set\""), "linked from the partnership's page");

    // A bad period: 422 naming the field, and nothing changes (not even an audit event).
    let fingerprint = ff_store::testing::fingerprint(&app.db.db).await.unwrap();
    let events = audit_count(&app).await;
    for (q, field) in [("from=2026-13-01", "from"), ("to=yesterday", "to"), ("from=2026-11-23&to=2026-04-01", "from")] {
        let r = app.api("GET", &format!("/api/v1/partnership/data-set?{q}"), Some(&analyst), None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}: {}", r.body);
        assert_eq!(r.json()["errors"][0]["field"], field, "{q}: {}", r.body);
        let r = app.page("GET", &format!("/partnership/data-set.csv?{q}"), &cookie, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
    }
    assert_eq!(ff_store::testing::fingerprint(&app.db.db).await.unwrap(), fingerprint);
    assert_eq!(audit_count(&app).await, events, "a refused period is not a view");
    // On the page the form shows the error, with the default period's figures.
    let page = app.page("GET", "/partnership/data-set?from_day=31&from_month=2&from_year=2026", &cookie, None).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("govuk-error-summary") && page.body.contains("#from"), "{}", page.body);

    // Refused for those without it, and the refusal is audited.
    for role in [Role::SocialWorker, Role::PartnerAgency, Role::FamilyHelpPractitioner] {
        let t = app.token(role, LA).await;
        let before = audit_count(&app).await;
        let r = app.api("GET", "/api/v1/partnership/data-set", Some(&t), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role:?}");
        assert_eq!(audit_count(&app).await, before + 1, "{role:?}: the refusal is audited");
    }
    let (sw_cookie, _) = app.session(Role::SocialWorker).await;
    assert_eq!(app.page("GET", "/partnership/data-set", &sw_cookie, None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.page("GET", "/partnership/data-set.csv", &sw_cookie, None).await.status, StatusCode::FORBIDDEN);
}
