//! The safeguarding partnership: a serious incident from the day the council became
//! aware to the notification, the agencies' summaries, the rapid review and the local practice
//! review, each on its clock (MASA-RR-2..8), in the API and on pages; the business manager keeps
//! it, the scrutineer reads it, and neither reads the child's record through it.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

fn rule(r: &super::Resp) -> String {
    r.json()["rule"].as_str().unwrap_or_default().to_owned()
}

async fn audit_count(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

async fn incident(app: &TestApp, t: &str, id: &str) -> Value {
    let r = app.api("GET", &format!("/api/v1/partnership/incidents/{id}"), Some(t), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// A child with a synthetic NHS number, made by a social worker.
async fn child_with_nhs(app: &TestApp, n: u32) -> (String, String) {
    let sw = app.token(Role::SocialWorker, LA).await;
    let nhs = ff_domain::nhs::synthetic_nhs_number(n).as_str().to_owned();
    let body = json!({"given_name": "Kai", "family_name": "Incident", "date_of_birth": "2020-03-01", "sex": "M", "nhs_number": nhs,
        "confirm_not_duplicate": true});
    let r = app.api("POST", "/api/v1/people", Some(&sw), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    (r.json()["id"].as_str().unwrap().to_owned(), nhs)
}

fn clock<'a>(i: &'a Value, rule: &str) -> &'a Value {
    i["clocks"].as_array().unwrap().iter().find(|c| c["rule"] == rule).unwrap_or_else(|| panic!("no {rule} clock in {i}"))
}

#[tokio::test]
async fn a_rapid_review_waits_for_every_agency_and_decides_on_a_local_review() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let (child, nhs) = child_with_nhs(&app, 4401).await;

    // The council became aware on Friday 30 October 2026: notification due Friday 6 November
    // (MASA-RR-2), typed with spaces as people read NHS numbers out.
    let spaced = format!("{} {} {}", &nhs[..3], &nhs[3..6], &nhs[6..]);
    let body = json!({"child_nhs_number": spaced, "kind": "serious_harm", "incident_on": "2026-10-29", "aware_on": "2026-10-30",
        "what_happened": "Fractured skull in an infant; no account given."});
    let id = app.created("/api/v1/partnership/incidents", &bm, body, "id").await;
    let i = incident(&app, &bm, &id).await;
    assert_eq!(i["child_id"], json!(child));
    assert_eq!(i["stage"], "awaiting_decision");
    assert_eq!(clock(&i, "MASA-RR-2")["due"], "2026-11-06");

    // No summaries before the notification (MASA-RR-5).
    let ask = |agency: &str, name: &str| json!({"agency": agency, "agency_name": name, "requested_on": "2026-11-03"});
    let r = app.api("POST", &format!("/api/v1/partnership/incidents/{id}/summaries"), Some(&bm), Some(ask("police", "P"))).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "MASA-RR-5".into()), "{}", r.body);

    // Notified on Monday 2 November: the rapid review is due 23 November (MASA-RR-5), each
    // summary 16 November (MASA-RR-8). A second decision on a stale version is a 409.
    let before = audit_count(&app).await;
    let r = app
        .post(
            &format!("/api/v1/partnership/incidents/{id}/notification"),
            &bm,
            json!({"version": 1, "notified": true, "on": "2026-11-02", "ofsted_reference": "SIN-1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(audit_count(&app).await, before + 1, "one audit event for the decision");
    let r = app
        .post(
            &format!("/api/v1/partnership/incidents/{id}/notification"),
            &bm,
            json!({"version": 1, "notified": false, "on": "2026-11-02", "reasons": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let mut summaries = vec![];
    for (agency, name) in [("police", "Northmoor Police"), ("health", "Northmoor ICB"), ("school", "Hillside Primary School")] {
        summaries.push(app.created(&format!("/api/v1/partnership/incidents/{id}/summaries"), &bm, ask(agency, name), "id").await);
    }
    let i = incident(&app, &bm, &id).await;
    assert_eq!(i["stage"], "rapid_review");
    assert_eq!(clock(&i, "MASA-RR-5")["due"], "2026-11-23");
    assert_eq!(i["summaries"][2]["due_on"], "2026-11-16");
    assert_eq!(i["summaries"][2]["overdue"], true, "today is 23 November");

    // Signed off on day 14 (Friday 20 November): refused while the school has not answered, and
    // nothing changes (MASA-RR-8).
    let review = json!({"version": 2, "completed_on": "2026-11-20", "sent_to_panel_on": "2026-11-20",
        "immediate_actions": "Sibling seen; safety plan agreed.",
        "equality_analysis": "The father is the main carer; the early help plan addressed only the mother.",
        "hold_local_review": true, "reasons": "Learning about hospital and school sharing information."});
    for s in &summaries[..2] {
        let r = app
            .post(
                &format!("/api/v1/partnership/summaries/{s}/received"),
                &bm,
                json!({"version": 1, "received_on": "2026-11-12", "summary": "Chronology sent"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    }
    let before = audit_count(&app).await;
    let r = app.api("POST", &format!("/api/v1/partnership/incidents/{id}/review"), Some(&bm), Some(review.clone())).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "MASA-RR-8".into()), "{}", r.body);
    assert!(r.body.contains("Hillside Primary School"), "{}", r.body);
    assert_eq!(audit_count(&app).await, before, "a refusal writes nothing");
    assert_eq!(incident(&app, &bm, &id).await["version"], 2);

    let r = app
        .post(&format!("/api/v1/partnership/summaries/{}/received", summaries[2]), &bm, json!({"version": 1, "received_on": "2026-11-17"}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let mut bare = review.clone();
    bare["equality_analysis"] = json!("  ");
    let r = app.api("POST", &format!("/api/v1/partnership/incidents/{id}/review"), Some(&bm), Some(bare)).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "MASA-RR-5".into()), "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/partnership/incidents/{id}/review"), Some(&bm), Some(review)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let i = incident(&app, &bm, &id).await;
    assert_eq!(i["stage"], "local_review");
    assert_eq!(clock(&i, "MASA-RR-5")["done_on"], "2026-11-20");
    assert_eq!(clock(&i, "MASA-RR-5")["late"], false);
    assert_eq!(clock(&i, "MASA-RR-7")["due"], "2027-05-20", "six months from the decision");
    assert_eq!(i["next_local_step"], "commissioned");

    // The business manager's list has it under way; the scrutineer reads it but cannot change it
    // nor open the child's record.
    let list = app.api("GET", "/api/v1/partnership/incidents", Some(&bm), None).await.json();
    assert!(list["open"].as_array().unwrap().iter().any(|l| l["id"] == json!(id)), "{list}");
    let scrutineer = app.token(Role::SafeguardingPartner, LA).await;
    assert_eq!(incident(&app, &scrutineer, &id).await["child_name"], "Kai Incident");
    let r = app
        .post(
            &format!("/api/v1/partnership/incidents/{id}/local-review"),
            &scrutineer,
            json!({"version": 3, "step": "commissioned", "on": "2026-11-23", "reviewer": "R"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}"), Some(&scrutineer), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}"), Some(&bm), None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_local_review_is_published_no_sooner_than_seven_working_days_after_the_panel_has_it() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let (child, _) = child_with_nhs(&app, 4402).await;
    let body = json!({"child_id": child, "kind": "death", "incident_on": "2026-05-28", "aware_on": "2026-06-01",
        "what_happened": "Died at home; neglect suspected."});
    let id = app.created("/api/v1/partnership/incidents", &bm, body, "id").await;
    let post = |path: &'static str, body: Value| {
        let app = &app;
        let bm = bm.clone();
        let id = id.clone();
        async move { app.api("POST", &format!("/api/v1/partnership/incidents/{id}/{path}"), Some(&bm), Some(body)).await }
    };
    let r = post("notification", json!({"version": 1, "notified": true, "on": "2026-06-02"})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = post(
        "review",
        json!({"version": 2, "completed_on": "2026-06-19", "sent_to_panel_on": "2026-06-22", "equality_analysis": "None found.",
            "hold_local_review": true, "reasons": "Agencies did not share what they knew."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // The Panel's copy before a reviewer: refused; then the steps in order.
    let r = post("local-review", json!({"version": 3, "step": "panel_copy", "on": "2026-11-02"})).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "MASA-RR-7".into()), "{}", r.body);
    let r = post("local-review", json!({"version": 3, "step": "commissioned", "on": "2026-07-01", "reviewer": "Dr Helen Marsh"})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = post("local-review", json!({"version": 4, "step": "panel_copy", "on": "2026-11-02"})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // 2 November + 7 working days is 11 November.
    let publish = |on: &str| json!({"version": 5, "step": "published", "on": on, "link": "https://example.org/reviews/child-k"});
    let r = post("local-review", publish("2026-11-10")).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "MASA-RR-7".into()), "{}", r.body);
    assert!(r.body.contains("11 November 2026"), "{}", r.body);
    let r = post("local-review", publish("2026-11-11")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let i = incident(&app, &bm, &id).await;
    assert_eq!(i["stage"], "published");
    assert_eq!(clock(&i, "MASA-RR-7")["done_on"], "2026-11-02");
    assert_eq!(clock(&i, "MASA-RR-2")["late"], false);
    let list = app.api("GET", "/api/v1/partnership/incidents", Some(&bm), None).await.json();
    assert!(list["open"].as_array().unwrap().is_empty(), "nothing left due: {list}");
    assert_eq!(list["all"][0]["id"], json!(id));
}

#[tokio::test]
async fn a_looked_after_childs_death_is_always_notified_and_bad_input_changes_nothing() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let (child, _) = child_with_nhs(&app, 4403).await;
    let before = audit_count(&app).await;
    for (body, field) in [
        (
            json!({"child_nhs_number": "123", "kind": "death", "incident_on": "2026-11-01", "aware_on": "2026-11-02", "what_happened": "x"}),
            "child_nhs_number",
        ),
        (json!({"child_id": child, "kind": "injury", "incident_on": "2026-11-01", "aware_on": "2026-11-02", "what_happened": "x"}), "kind"),
        (
            json!({"child_id": child, "kind": "death", "incident_on": "2026-11-03", "aware_on": "2026-11-02", "what_happened": "x"}),
            "aware_on",
        ),
        (
            json!({"child_id": child, "kind": "death", "incident_on": "2026-11-01", "aware_on": "2026-11-02", "what_happened": " "}),
            "what_happened",
        ),
    ] {
        let r = app.api("POST", "/api/v1/partnership/incidents", Some(&bm), Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains(field), "{field}: {}", r.body);
    }
    assert_eq!(audit_count(&app).await, before, "refused input writes nothing");
    let body = json!({"child_id": child, "kind": "death", "looked_after": true, "incident_on": "2026-11-16", "aware_on": "2026-11-16",
        "what_happened": "Died in a road accident."});
    let id = app.created("/api/v1/partnership/incidents", &bm, body, "id").await;
    let r = app
        .post(
            &format!("/api/v1/partnership/incidents/{id}/notification"),
            &bm,
            json!({"version": 1, "notified": false, "on": "2026-11-17", "reasons": "No abuse or neglect suspected."}),
        )
        .await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "MASA-RR-4".into()), "{}", r.body);
    // The form says the same on the field it is about.
    let (cookie, csrf) = app.session(Role::PartnershipManager).await;
    let form = [
        ("version", "1"),
        ("notified", "no"),
        ("on_day", "17"),
        ("on_month", "11"),
        ("on_year", "2026"),
        ("reasons", "No abuse or neglect suspected."),
        ("csrf_token", csrf.as_str()),
    ];
    let r = app.page("POST", &format!("/partnership/incidents/{id}/notification"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("whether or not abuse or neglect is suspected") && r.body.contains("href=\"#notified\""), "{}", r.body);
    // Overdue on the business manager's page: due 23 November, today is 23 November, so not yet.
    let page = app.page("GET", "/partnership", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Kai Incident") && page.body.contains("23 Nov 2026"), "{}", page.body);
    assert!(!page.body.contains("overdue</strong>"), "nothing overdue yet");
}

#[tokio::test]
async fn learning_actions_are_agreed_with_a_measure_and_done_with_evidence() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let action = |agency: &str, name: &str, due: &str| {
        json!({"source": "rapid_review", "action": "Book interpreters for every contact", "owner_agency": agency, "owner_name": name,
            "agreed_on": "2026-10-01", "due_on": due, "impact_measure": "Audit of 20 families"})
    };
    // Without an impact measure, refused (MASA-P-9): most yearly reports showed no impact.
    let mut bare = action("health", "Northmoor ICB", "2026-12-31");
    bare["impact_measure"] = json!(" ");
    let r = app.api("POST", "/api/v1/partnership/learning", Some(&bm), Some(bare)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("impact_measure"), "{}", r.body);
    app.created("/api/v1/partnership/learning", &bm, action("health", "Northmoor ICB", "2026-12-31"), "id").await;
    let police = app.created("/api/v1/partnership/learning", &bm, action("police", "Northmoor Police", "2026-11-01"), "id").await;
    app.created("/api/v1/partnership/learning", &bm, action("police", "Northmoor Police", "2026-11-30"), "id").await;
    // Done without evidence: refused; with it, done late (due 1 November, done 20 November).
    let done = |evidence: &str| json!({"version": 1, "completed_on": "2026-11-20", "evidence": evidence});
    let r = app.api("POST", &format!("/api/v1/partnership/learning/{police}/complete"), Some(&bm), Some(done(""))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app
        .api("POST", &format!("/api/v1/partnership/learning/{police}/complete"), Some(&bm), Some(done("Briefing to all officers")))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/partnership/learning/{police}/complete"), Some(&bm), Some(done("Again"))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a second completion is stale: {}", r.body);
    // Counted by agency against direct counts: police 1 open (not overdue) and 1 done late;
    // health 1 open.
    let scrutineer = app.token(Role::SafeguardingPartner, LA).await;
    let l = app.api("GET", "/api/v1/partnership/learning", Some(&scrutineer), None).await.json();
    let line = |agency: &str| l["by_agency"].as_array().unwrap().iter().find(|a| a["agency"] == agency).cloned().unwrap();
    assert_eq!((line("police")["open"].clone(), line("police")["completed_late"].clone()), (json!(1), json!(1)), "{l}");
    assert_eq!((line("health")["open"].clone(), line("health")["overdue"].clone()), (json!(1), json!(0)), "{l}");
    assert_eq!(l["open"].as_array().unwrap().len(), 2);
    assert_eq!(l["completed"][0]["evidence"], "Briefing to all officers");
    let (cookie, _) = app.session(Role::SafeguardingPartner).await;
    let page = app.page("GET", "/partnership/learning", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Northmoor ICB") && !page.body.contains("Record it done"), "read only for the scrutineer");
}

/// The same incident recorded twice shows on each as a warning with a link to the other; an
/// earlier, unrelated incident about the child is listed without one.
#[tokio::test]
async fn an_incident_recorded_twice_is_flagged_on_both() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let (_, nhs) = child_with_nhs(&app, 4402).await;
    let body = |on: &str| {
        json!({"child_nhs_number": nhs, "kind": "serious_harm", "incident_on": on, "aware_on": "2026-11-02",
            "what_happened": "Burns to both hands."})
    };
    let first = app.created("/api/v1/partnership/incidents", &bm, body("2026-10-30"), "id").await;
    let second = app.created("/api/v1/partnership/incidents", &bm, body("2026-11-01"), "id").await;
    let earlier = app.created("/api/v1/partnership/incidents", &bm, body("2026-03-01"), "id").await;
    let i = incident(&app, &bm, &second).await;
    let others: Vec<(String, bool)> = i["other_incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["id"].as_str().unwrap().to_owned(), o["maybe_same"].as_bool().unwrap()))
        .collect();
    assert_eq!(others, [(earlier.clone(), false), (first.clone(), true)], "{i}");
    let (cookie, _) = app.session(Role::PartnershipManager).await;
    let page = app.page("GET", &format!("/partnership/incidents/{first}"), &cookie, None).await;
    assert!(page.body.contains("check it is not the same one recorded twice"), "{}", page.body);
    assert!(page.body.contains(&format!("/partnership/incidents/{second}")), "{}", page.body);
    let page = app.page("GET", &format!("/partnership/incidents/{earlier}"), &cookie, None).await;
    assert!(!page.body.contains("recorded twice"), "months apart: {}", page.body);
}

fn field(r: &super::Resp) -> String {
    r.json()["errors"][0]["field"].as_str().unwrap_or_default().to_owned()
}

/// The partnership as its own record (MASA-SYS-1): partners over time with one lead each at a
/// time (MASA-P-2), agencies with education marked (MASA-P-5), the threshold document counting only
/// once all three leads have signed (MASA-FFP-3), and the budget with each partner's share
/// (MASA-P-10). Kept by the business manager, read by the partners, refused to everyone else.
#[tokio::test]
async fn the_partnership_record_with_its_partners_documents_and_budget() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let dsp = app.token(Role::SafeguardingPartner, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;

    // Nothing set up yet: a partner cannot be named.
    let lead = |partner: &str, name: &str, from: &str| json!({"partner": partner, "role": "lead", "person_name": name, "role_title": "Chief Executive", "from": from});
    let r = app.post("/api/v1/partnership/partners", &bm, lead("council", "Ada Stone", "2025-04-01")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "partnership".into()), "{}", r.body);

    let setup = json!({"name": "Northmoor Safeguarding Children Partnership", "areas": "991", "chair": "Ada Stone",
        "scrutineer": "Independent Scrutiny Ltd", "scrutiny_from": "2025-04-01"});
    let before = audit_count(&app).await;
    app.created("/api/v1/partnership/arrangements", &bm, setup.clone(), "id").await;
    assert_eq!(audit_count(&app).await, before + 1);
    // A second set-up without the version read is a 409; a bad council code names the field.
    let r = app.post("/api/v1/partnership/arrangements", &bm, setup.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let mut bad = setup.clone();
    bad["areas"] = json!("99x");
    bad["version"] = json!(1);
    let r = app.post("/api/v1/partnership/arrangements", &bm, bad).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "areas".into()));

    // The three leads; a second council lead overlapping the first is refused on `from` (MASA-P-2).
    let council = app.created("/api/v1/partnership/partners", &bm, lead("council", "Ada Stone", "2025-04-01"), "id").await;
    app.created("/api/v1/partnership/partners", &bm, lead("icb", "Ben Marsh", "2025-04-01"), "id").await;
    app.created("/api/v1/partnership/partners", &bm, lead("police", "Cara Vale", "2025-04-01"), "id").await;
    let r = app.post("/api/v1/partnership/partners", &bm, lead("council", "Dan Hale", "2026-01-01")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "from".into()), "{}", r.body);
    let r = app.post("/api/v1/partnership/partners", &bm, lead("fire", "Dan Hale", "2026-01-01")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "partner".into()));
    let mut backwards = lead("council", "Dan Hale", "2026-01-01");
    backwards["to"] = json!("2025-12-31");
    let r = app.post("/api/v1/partnership/partners", &bm, backwards).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "to".into()));
    // A change of council lead ends the old one the day before, in one audited change.
    let mut change = lead("council", "Dan Hale", "2026-09-01");
    change["replaces"] = json!(council);
    let before = audit_count(&app).await;
    let dan = app.created("/api/v1/partnership/partners", &bm, change, "id").await;
    assert_eq!(audit_count(&app).await, before + 1);
    let delegate = json!({"partner": "police", "role": "delegated", "person_name": "Eve Long", "role_title": "Detective Superintendent",
        "from": "2025-04-01"});
    let eve = app.created("/api/v1/partnership/partners", &bm, delegate, "id").await;
    let r = app.post(&format!("/api/v1/partnership/partners/{eve}/end"), &bm, json!({"version": 1, "to": "2025-03-01"})).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "to".into()));
    let r = app.post(&format!("/api/v1/partnership/partners/{eve}/end"), &bm, json!({"version": 1, "to": "2026-06-30"})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.post(&format!("/api/v1/partnership/partners/{eve}/end"), &bm, json!({"version": 1, "to": "2026-07-30"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Agencies: a school is marked as education.
    app.created("/api/v1/partnership/agencies", &bm, json!({"name": "St Anne's Primary", "kind": "school", "from": "2025-09-01"}), "id")
        .await;

    // The threshold document counts only once all three leads have signed; the council's lead on
    // the day signs, by name.
    let doc = json!({"kind": "threshold", "title": "Continuum of need", "version_label": "Version 4", "published_on": "2026-10-01",
        "link": "https://northmoor.example/threshold.pdf"});
    let mut bad = doc.clone();
    bad["link"] = json!("not a link");
    let r = app.post("/api/v1/partnership/documents", &bm, bad).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "link".into()));
    let threshold = app.created("/api/v1/partnership/documents", &bm, doc, "id").await;
    let sign = |v: i32, p: &str| json!({"version": v, "partner": p, "signed_on": "2026-10-05"});
    let url = format!("/api/v1/partnership/documents/{threshold}/sign-off");
    assert_eq!(app.post(&url, &bm, sign(1, "council")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.post(&url, &bm, sign(1, "icb")).await.status, StatusCode::CONFLICT);
    assert_eq!(app.post(&url, &bm, sign(2, "icb")).await.status, StatusCode::NO_CONTENT);
    let r = app.api("GET", "/api/v1/partnership/arrangements", Some(&dsp), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["documents"][0]["in_force"], json!(false));
    assert_eq!(r.json()["documents"][0]["sign_offs"][0]["signed_by"], "Dan Hale");
    let r = app.post(&url, &bm, sign(3, "council")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "partner".into()));
    assert_eq!(app.post(&url, &bm, sign(3, "police")).await.status, StatusCode::NO_CONTENT);

    // Budget: a negative amount names the field; shares of the year's total.
    let r = app.post("/api/v1/partnership/budget", &bm, json!({"partner": "council", "year": 2026, "amount_pence": -5})).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "amount_pence".into()));
    for (p, pence) in [("council", 5_000_000), ("icb", 3_000_000)] {
        app.created("/api/v1/partnership/budget", &bm, json!({"partner": p, "year": 2026, "amount_pence": pence}), "id").await;
    }
    // Two of three recorded: no shares of a total that is not the whole yet.
    let year = app.api("GET", "/api/v1/partnership/arrangements", Some(&bm), None).await.json()["budget"][0].clone();
    assert_eq!(
        (year["lines"][0]["share"].as_str(), year["not_recorded"].clone()),
        (Some("–"), json!(["The chief officer of police"])),
        "{year}"
    );
    app.created("/api/v1/partnership/budget", &bm, json!({"partner": "police", "year": 2026, "amount_pence": 2_000_000}), "id").await;
    let r = app.post("/api/v1/partnership/budget", &bm, json!({"partner": "police", "year": 2026, "amount_pence": 1})).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "year".into()));
    let unknown = "00000000-0000-7000-8000-000000000001";
    let r = app.post(&format!("/api/v1/partnership/budget/{unknown}"), &bm, json!({"version": 1, "amount_pence": 1})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The partners read it, once audited; other roles are refused; only the manager writes.
    let before = audit_count(&app).await;
    let r = app.api("GET", "/api/v1/partnership/arrangements", Some(&dsp), None).await;
    assert_eq!(audit_count(&app).await, before + 1, "one audit event for the view");
    let v = r.json();
    assert_eq!(v["record"]["areas"], json!(["990", "991"]));
    assert_eq!(v["record"]["area_names"], json!(["Council 990", "Council 991"]), "the test councils are not on the DfE's list");
    assert_eq!(v["budget"][0]["not_recorded"], json!([]));
    assert_eq!(v["documents"][0]["in_force"], json!(true));
    assert_eq!(v["documents"][0]["link_site"], "northmoor.example");
    let year = &v["budget"][0];
    assert_eq!(year["total_pence"], json!(10_000_000));
    let shares: Vec<&str> = year["lines"].as_array().unwrap().iter().map(|l| l["share"].as_str().unwrap()).collect();
    assert_eq!(shares, vec!["50.00%", "30.00%", "20.00%"]);
    let council_leads: Vec<(&str, Value)> = v["partners"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["partner"] == "council")
        .map(|p| (p["person_name"].as_str().unwrap(), p["to"].clone()))
        .collect();
    assert_eq!(council_leads, vec![("Dan Hale", Value::Null), ("Ada Stone", json!("2026-08-31"))]);
    assert!(v["partners"].as_array().unwrap().iter().any(|p| p["id"] == json!(dan) && p["current"] == json!(true)));
    assert_eq!(v["agencies"][0]["education_or_childcare"], json!(true));
    assert_eq!(app.api("GET", "/api/v1/partnership/arrangements", Some(&sw), None).await.status, StatusCode::FORBIDDEN);
    let r = app.post("/api/v1/partnership/agencies", &dsp, json!({"name": "X", "kind": "school", "from": "2025-09-01"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The page shows it in plain words, and its forms work without JavaScript.
    let (cookie, csrf) = app.session(Role::PartnershipManager).await;
    let page = app.page("GET", "/partnership/arrangements", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    for words in ["Northmoor Safeguarding Children Partnership", "Dan Hale", "Education or childcare", "Published", "£100,000.00", "50.00%"]
    {
        assert!(page.body.contains(words), "{words} missing from the page");
    }
    assert!(app.page("GET", "/partnership", &cookie, None).await.body.contains("/partnership/arrangements"));
    let form = [
        ("csrf_token", csrf.as_str()),
        ("name", "Oakfield Nursery"),
        ("kind", "early_years"),
        ("from_day", "1"),
        ("from_month", "9"),
        ("from_year", "2026"),
    ];
    let r = app.page("POST", "/partnership/arrangements/agencies/new", &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A lead replaced from the page: the form names who is replaced, and the old lead's time ends.
    let icb = v["partners"].as_array().unwrap().iter().find(|p| p["partner"] == "icb").unwrap()["id"].as_str().unwrap().to_owned();
    let url = format!("/partnership/arrangements/partners/new?replaces={icb}");
    assert!(app.page("GET", &url, &cookie, None).await.body.contains("takes over from Ben Marsh"));
    let form = [
        ("csrf_token", csrf.as_str()),
        ("partner", "icb"),
        ("role", "lead"),
        ("person_name", "Fay Orme"),
        ("role_title", "Chief Executive"),
        ("from_day", "1"),
        ("from_month", "11"),
        ("from_year", "2026"),
    ];
    assert_eq!(app.page("POST", &url, &cookie, Some(&form)).await.status, StatusCode::SEE_OTHER);
    let v = app.api("GET", "/api/v1/partnership/arrangements", Some(&dsp), None).await.json();
    let ben = v["partners"].as_array().unwrap().iter().find(|p| p["person_name"] == "Ben Marsh").unwrap();
    assert_eq!(ben["to"], "2026-10-31");
    // Partners read the page without the forms.
    let (partner_cookie, _) = app.session(Role::SafeguardingPartner).await;
    let page = app.page("GET", "/partnership/arrangements", &partner_cookie, None).await;
    assert!(page.body.contains("Fay Orme") && !page.body.contains("Name a safeguarding partner"));
    let form = [("csrf_token", csrf.as_str()), ("partner", "icb"), ("year", "2025"), ("amount", "-10")];
    let r = app.page("POST", "/partnership/arrangements/budget/new", &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("zero or more"), "{}", r.body);

    // Every mistake in one round: a day that cannot be read beside an empty name and no role;
    // an amount that cannot be read beside no partner. Nothing is saved.
    let before = app.api("GET", "/api/v1/partnership/arrangements", Some(&dsp), None).await.json()["partners"].as_array().unwrap().len();
    let form = [
        ("csrf_token", csrf.as_str()),
        ("partner", "icb"),
        ("person_name", ""),
        ("role_title", "Chief Nurse"),
        ("from_day", "31"),
        ("from_month", "2"),
        ("from_year", "2026"),
    ];
    let r = app.page("POST", "/partnership/arrangements/partners/new", &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for words in ["Give the person&#39;s name (200 characters", "Choose lead or delegated safeguarding partner", "real date"] {
        assert!(r.body.contains(words), "{words} missing: {}", r.body);
    }
    let after = app.api("GET", "/api/v1/partnership/arrangements", Some(&dsp), None).await.json()["partners"].as_array().unwrap().len();
    assert_eq!(after, before);
    let form = [("csrf_token", csrf.as_str()), ("year", "2025"), ("amount", "lots")];
    let r = app.page("POST", "/partnership/arrangements/budget/new", &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose the council, the integrated care board or the police"), "{}", r.body);
}

/// Multi-agency audits (MASA-SYS-6): recorded with every mistake named at once, changed at a
/// version (409 when stale), each write and view audited once; learning actions raised from an
/// audit carry it as their source (MASA-SYS-5); partners read, other roles are refused.
#[tokio::test]
async fn multi_agency_audits_raise_learning_actions() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let dsp = app.token(Role::SafeguardingPartner, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let audit = json!({"theme": "Neglect", "audited_on": "2026-10-14", "agencies": ["health", "police", "childrens_social_care"],
        "cases": 12, "findings": "Chronologies rarely shared before strategy discussions.", "grading": "requires_improvement"});

    // Every mistake at once, nothing saved.
    let before = audit_count(&app).await;
    let bad = json!({"theme": "", "audited_on": "2026-12-01", "agencies": ["police"], "cases": 0, "findings": " ", "grading": "fine"});
    let r = app.post("/api/v1/partnership/audits", &bm, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    for f in ["theme", "audited_on", "agencies", "cases", "findings", "grading"] {
        assert!(fields.contains(&f.to_owned()), "{f} missing from {fields:?}");
    }
    assert_eq!(audit_count(&app).await, before, "nothing saved, nothing audited");

    let id = app.created("/api/v1/partnership/audits", &bm, audit.clone(), "id").await;
    assert_eq!(audit_count(&app).await, before + 1);
    assert_eq!(app.post("/api/v1/partnership/audits", &dsp, audit.clone()).await.status, StatusCode::FORBIDDEN);

    // Changed at its version; the old version is a 409.
    let mut change = audit.clone();
    change["version"] = json!(1);
    change["grading"] = json!("inadequate");
    let url = format!("/api/v1/partnership/audits/{id}");
    assert_eq!(app.post(&url, &bm, change.clone()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.post(&url, &bm, change).await.status, StatusCode::CONFLICT);

    // A learning action raised from it takes the audit as its source, whatever source was sent.
    let action = json!({"audit_id": id, "source": "scrutiny", "action": "Health visitors join every strategy discussion about a baby",
        "owner_agency": "health", "owner_name": "Northmoor ICB", "agreed_on": "2026-10-20", "due_on": "2027-01-31",
        "impact_measure": "Re-audit of 10 cases in March"});
    app.created("/api/v1/partnership/learning", &bm, action.clone(), "id").await;
    let mut unknown = action.clone();
    unknown["audit_id"] = json!("00000000-0000-7000-8000-000000000001");
    assert_eq!(app.post("/api/v1/partnership/learning", &bm, unknown).await.status, StatusCode::NOT_FOUND);

    let before = audit_count(&app).await;
    let r = app.api("GET", &url, Some(&dsp), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(audit_count(&app).await, before + 1, "one audit event for the view");
    let a = r.json();
    assert_eq!((a["version"].clone(), a["grading_label"].clone()), (json!(2), json!("Inadequate")));
    let agencies: Vec<&str> = a["agencies"].as_array().unwrap().iter().map(|x| x["code"].as_str().unwrap()).collect();
    assert_eq!(agencies, vec!["childrens_social_care", "police", "health"], "in the list's order");
    assert_eq!(a["learning"].as_array().unwrap().len(), 1);
    assert_eq!(a["learning"][0]["source_label"], "A multi-agency audit");
    let list = app.api("GET", "/api/v1/partnership/audits", Some(&dsp), None).await.json();
    assert_eq!(list[0]["learning_count"], json!(1));
    let learning = app.api("GET", "/api/v1/partnership/learning", Some(&dsp), None).await.json();
    assert_eq!(learning["open"][0]["audit_id"], json!(id));
    assert_eq!(app.api("GET", &url, Some(&sw), None).await.status, StatusCode::FORBIDDEN);

    // On pages: a form with every error at once, then saved; the audit's page raises an action.
    let (cookie, csrf) = app.session(Role::PartnershipManager).await;
    let bad = [
        ("csrf_token", csrf.as_str()),
        ("theme", ""),
        ("audited_on_day", "31"),
        ("audited_on_month", "2"),
        ("audited_on_year", "2026"),
        ("agency_police", "yes"),
        ("cases", "many"),
        ("findings", ""),
    ];
    let r = app.page("POST", "/partnership/audits/new", &cookie, Some(&bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for words in ["Give the audit", "at least two agencies", "number of cases", "Say what the audit found", "graded practice overall"] {
        assert!(r.body.contains(words), "{words} missing: {}", r.body);
    }
    assert!(r.body.contains("govuk-error-summary"));
    let good = [
        ("csrf_token", csrf.as_str()),
        ("theme", "Strategy discussions"),
        ("audited_on_day", "3"),
        ("audited_on_month", "11"),
        ("audited_on_year", "2026"),
        ("agency_police", "yes"),
        ("agency_school", "yes"),
        ("cases", "8"),
        ("findings", "Schools invited late."),
        ("grading", "good"),
    ];
    let r = app.page("POST", "/partnership/audits/new", &cookie, Some(&good)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", "/partnership/audits", &cookie, None).await;
    assert!(page.body.contains("Strategy discussions") && page.body.contains("Neglect"));
    let page = app.page("GET", &format!("/partnership/audits/{id}"), &cookie, None).await;
    assert!(page.body.contains("Raise a learning action") && page.body.contains("Health visitors join"));
    let r = app.page("GET", &format!("/partnership/audits/{id}/edit"), &cookie, None).await;
    assert!(r.body.contains("name=\"agency_health\" type=\"checkbox\" value=\"yes\" checked"), "{}", r.body);
    let (partner_cookie, _) = app.session(Role::SafeguardingPartner).await;
    let page = app.page("GET", &format!("/partnership/audits/{id}"), &partner_cookie, None).await;
    assert!(page.body.contains("Neglect") && !page.body.contains("Raise a learning action"));
}

const STANDARDS: [&str; 8] = [
    "leadership",
    "responsibilities",
    "accountability",
    "childrens_views",
    "training",
    "safer_recruitment",
    "inter_agency",
    "information_sharing",
];

fn ratings(not_met: &[&str]) -> Value {
    json!(
        STANDARDS
            .iter()
            .map(|s| if not_met.contains(s) {
                json!({"standard": s, "rating": "not_met", "note": "No refresher training since 2023"})
            } else {
                json!({"standard": s, "rating": "met"})
            })
            .collect::<Vec<_>>()
    )
}

/// Section 11 self-assessments (MASA-SYS-6): a return per agency and year rating the eight
/// standards, every mistake at once; who has not returned; the standards not met, from which a
/// learning action is raised with the self-assessment as its source (MASA-SYS-5); changed at a
/// version (409 when stale); partners read, other roles are refused.
#[tokio::test]
async fn section_11_returns_show_who_is_missing_and_what_is_not_met() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let dsp = app.token(Role::SafeguardingPartner, LA).await;
    let setup = json!({"name": "Northmoor SCP", "chair": "A Chair", "scrutineer": "A Scrutineer", "scrutiny_from": "2025-04-01"});
    app.created("/api/v1/partnership/arrangements", &bm, setup, "id").await;
    let agency = |name: &str, kind: &str| json!({"name": name, "kind": kind, "from": "2025-04-01"});
    let school = app.created("/api/v1/partnership/agencies", &bm, agency("St Anne's Primary", "school"), "id").await;
    let housing = app.created("/api/v1/partnership/agencies", &bm, agency("Northmoor Homes", "housing"), "id").await;
    app.created("/api/v1/partnership/agencies", &bm, agency("Northmoor College", "college"), "id").await;

    // Every mistake at once, nothing saved.
    let before = audit_count(&app).await;
    let mut partial = ratings(&["training"]);
    partial[4]["note"] = json!(" ");
    partial.as_array_mut().unwrap().pop();
    let bad = json!({"year": 1999, "returned_on": "2026-12-01", "ratings": partial});
    let r = app.post("/api/v1/partnership/section-11", &bm, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    for f in ["agency_id", "year", "returned_on", "note_training", "rating_information_sharing"] {
        assert!(fields.contains(&f.to_owned()), "{f} missing from {fields:?}");
    }
    assert_eq!(audit_count(&app).await, before);

    let ret = |agency: &str, not_met: &[&str]| json!({"agency_id": agency, "year": 2026, "returned_on": "2026-10-01", "ratings": ratings(not_met)});
    let school_return = app.created("/api/v1/partnership/section-11", &bm, ret(&school, &["training"]), "id").await;
    app.created("/api/v1/partnership/section-11", &bm, ret(&housing, &[]), "id").await;
    let r = app.post("/api/v1/partnership/section-11", &bm, ret(&housing, &[])).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "agency_id".into()), "one return per agency and year");

    let before = audit_count(&app).await;
    let v = app.api("GET", "/api/v1/partnership/section-11?year=2026", Some(&dsp), None).await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.body);
    assert_eq!(audit_count(&app).await, before + 1, "one audit event for the view");
    let v = v.json();
    assert_eq!(v["year_label"], "2026/27");
    assert_eq!(v["not_returned"], json!(["Northmoor College"]));
    assert_eq!(v["shortfalls"].as_array().unwrap().len(), 1);
    assert_eq!(
        (v["shortfalls"][0]["agency_name"].clone(), v["shortfalls"][0]["standard"].clone()),
        (json!("St Anne's Primary"), json!("training"))
    );
    assert_eq!(
        v["tally"][4],
        json!({"standard": "training", "standard_label": "Safeguarding training for staff", "met": 1, "partly_met": 0, "not_met": 1})
    );
    let v = app.api("GET", "/api/v1/partnership/section-11?year=2025", Some(&dsp), None).await.json();
    assert_eq!(v["not_returned"].as_array().unwrap().len(), 3, "last year: no one returned");

    // A learning action from the standard: its source is the self-assessment; the standard is needed.
    let action = json!({"s11_return_id": school_return, "s11_standard": "training", "source": "other", "action": "Refresher training for all staff",
        "owner_agency": "school", "owner_name": "St Anne's Primary", "agreed_on": "2026-10-10", "due_on": "2027-01-31",
        "impact_measure": "Training records: every member of staff trained by January"});
    app.created("/api/v1/partnership/learning", &bm, action.clone(), "id").await;
    let mut no_standard = action.clone();
    no_standard["s11_standard"] = json!("cooking");
    let r = app.post("/api/v1/partnership/learning", &bm, no_standard).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "s11_standard".into()));
    let v = app.api("GET", "/api/v1/partnership/section-11?year=2026", Some(&dsp), None).await.json();
    let raised = &v["shortfalls"][0]["learning"][0];
    assert_eq!(
        (raised["source_label"].clone(), raised["s11_standard_label"].clone()),
        (json!("An agency's section 11 self-assessment"), json!("Safeguarding training for staff"))
    );

    // Changed at its version; the old version is a 409.
    let url = format!("/api/v1/partnership/section-11/{school_return}");
    let change = json!({"version": 1, "returned_on": "2026-10-02", "ratings": ratings(&[])});
    assert_eq!(app.post(&url, &bm, change.clone()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.post(&url, &bm, change).await.status, StatusCode::CONFLICT);
    assert_eq!(
        app.post(&url, &dsp, json!({"version": 2, "returned_on": "2026-10-02", "ratings": ratings(&[])})).await.status,
        StatusCode::FORBIDDEN
    );
    let sw = app.token(Role::SocialWorker, LA).await;
    assert_eq!(app.api("GET", "/api/v1/partnership/section-11", Some(&sw), None).await.status, StatusCode::FORBIDDEN);

    // On pages: the college's return recorded from the form, every error first.
    let (cookie, csrf) = app.session(Role::PartnershipManager).await;
    let page = app.page("GET", "/partnership/section-11?year=2026", &cookie, None).await;
    assert!(page.body.contains("Northmoor College") && page.body.contains("not returned"), "{}", page.body);
    let college = app.api("GET", "/api/v1/partnership/section-11?year=2026", Some(&bm), None).await.json()["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Northmoor College")
        .unwrap()["agency_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut form: Vec<(&str, String)> = vec![
        ("csrf_token", csrf.clone()),
        ("agency_id", college.clone()),
        ("year", "2026".into()),
        ("returned_on_day", "40".into()),
        ("returned_on_month", "10".into()),
        ("returned_on_year", "2026".into()),
    ];
    let r = app
        .page("POST", "/partnership/section-11/new", &cookie, Some(&form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary") && r.body.contains("Rate the standard: safer recruitment"), "{}", r.body);
    form[3].1 = "3".into();
    let names: Vec<String> = STANDARDS.iter().map(|s| format!("rating_{s}")).collect();
    for n in &names {
        form.push((n.as_str(), "met".into()));
    }
    form.retain(|(k, _)| *k != "rating_inter_agency");
    form.push(("rating_inter_agency", "partly_met".into()));
    form.push(("note_inter_agency", "Joins strategy discussions only when invited".into()));
    let r = app
        .page("POST", "/partnership/section-11/new", &cookie, Some(&form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", "/partnership/section-11?year=2026", &cookie, None).await;
    assert!(page.body.contains("Every relevant agency has returned") && page.body.contains("Joins strategy discussions"));
    assert!(page.body.contains("/partnership/learning/new?s11="));
    let page = app.page("GET", "/partnership/learning", &cookie, None).await;
    assert!(page.body.contains("the self-assessment</a>: Safeguarding training for staff"), "{}", page.body);
}

/// The yearly report (MASA-P-9, MASA-SYS-8): drafted for a year that has started, one a year; its
/// figures counted from the records (here an audit held in the year); the business manager's words
/// kept at a version (409 when stale); each lead partner on the day signs after the year has
/// ended; with all three it is final and nothing more changes.
#[tokio::test]
async fn the_yearly_report_is_drafted_written_and_signed_by_each_lead() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let dsp = app.token(Role::SafeguardingPartner, LA).await;
    let r = app.post("/api/v1/partnership/reports", &bm, json!({"year": 2025})).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "year".into()), "no partnership yet");
    let setup = json!({"name": "Northmoor SCP", "chair": "A Chair", "scrutineer": "A Scrutineer", "scrutiny_from": "2025-04-01"});
    app.created("/api/v1/partnership/arrangements", &bm, setup, "id").await;
    for (p, name) in [("council", "Ada Stone"), ("icb", "Ben Marsh"), ("police", "Cara Vale")] {
        let lead = json!({"partner": p, "role": "lead", "person_name": name, "role_title": "Chief", "from": "2025-04-01"});
        app.created("/api/v1/partnership/partners", &bm, lead, "id").await;
    }
    let audit = json!({"theme": "Neglect", "audited_on": "2025-10-01", "agencies": ["police", "health"], "cases": 9,
        "findings": "Thin chronologies", "grading": "inadequate"});
    app.created("/api/v1/partnership/audits", &bm, audit, "id").await;

    let r = app.post("/api/v1/partnership/reports", &bm, json!({"year": 2027})).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "year".into()), "a year not yet begun");
    let id = app.created("/api/v1/partnership/reports", &bm, json!({"year": 2025}), "id").await;
    let r = app.post("/api/v1/partnership/reports", &bm, json!({"year": 2025})).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "year".into()), "one a year");
    assert_eq!(app.post("/api/v1/partnership/reports", &dsp, json!({"year": 2024})).await.status, StatusCode::FORBIDDEN);

    let url = format!("/api/v1/partnership/reports/{id}");
    let before = audit_count(&app).await;
    let v = app.api("GET", &url, Some(&dsp), None).await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.body);
    assert_eq!(audit_count(&app).await, before + 1, "one audit event for the view");
    let v = v.json();
    assert_eq!((v["year_label"].clone(), v["from"].clone(), v["to"].clone()), (json!("2025/26"), json!("2025-04-01"), json!("2026-03-31")));
    let section = |v: &Value, key: &str| v["sections"].as_array().unwrap().iter().find(|s| s["key"] == key).unwrap().clone();
    let figure = |s: &Value, key: &str| s["figures"].as_array().unwrap().iter().find(|f| f["key"] == key).unwrap()["value"].clone();
    let audits = section(&v, "audits");
    assert_eq!((figure(&audits, "audits"), figure(&audits, "inadequate"), figure(&audits, "cases")), (json!(1.0), json!(1.0), json!(9.0)));
    assert!(section(&v, "incidents")["figures"].as_array().unwrap().iter().any(|f| f["key"] == "reviews_in_time"));
    assert!(!section(&v, "data_set")["figures"].as_array().unwrap().is_empty(), "the headline data set figures");

    // The words, at the version read.
    let words = |version: i32, key: &str, text: &str| json!({"version": version, "sections": {key: text}});
    let narrative = format!("{url}/narrative");
    assert_eq!(app.post(&narrative, &bm, words(1, "summary", "A year of learning from audits.")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.post(&narrative, &bm, words(1, "summary", "Stale")).await.status, StatusCode::CONFLICT);
    let r = app.post(&narrative, &bm, words(2, "gossip", "x")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "narrative".into()));
    assert_eq!(app.post(&narrative, &bm, words(2, "audits", "One audit, graded inadequate.")).await.status, StatusCode::NO_CONTENT);
    let v = app.api("GET", &url, Some(&dsp), None).await.json();
    assert_eq!(section(&v, "summary")["narrative"], "A year of learning from audits.", "sections left out keep their words");
    assert_eq!(section(&v, "audits")["narrative"], "One audit, graded inadequate.");

    // Each lead signs after the year has ended; the third makes it final.
    let sign = format!("{url}/sign-off");
    let s = |version: i32, p: &str, on: &str| json!({"version": version, "partner": p, "signed_on": on});
    let r = app.post(&sign, &bm, s(3, "council", "2026-03-01")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "signed_on".into()), "{}", r.body);
    assert_eq!(app.post(&sign, &bm, s(3, "council", "2026-05-01")).await.status, StatusCode::NO_CONTENT);
    let v = app.api("GET", &url, Some(&dsp), None).await.json();
    assert_eq!((v["is_final"].clone(), v["sign_offs"][0]["signed_by"].clone()), (json!(false), json!("Ada Stone")));
    let r = app.post(&sign, &bm, s(4, "council", "2026-05-02")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "partner".into()), "signed once");
    assert_eq!(app.post(&sign, &bm, s(4, "icb", "2026-05-03")).await.status, StatusCode::NO_CONTENT);

    // On pages, before it is final: the report reads as a document, and the words are written from a form.
    let (cookie, csrf) = app.session(Role::PartnershipManager).await;
    let page = app.page("GET", &format!("/partnership/reports/{id}"), &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    for words in ["Yearly report 2025/26", "Draft", "A year of learning from audits.", "Ben Marsh", "Not yet signed", "Write the report"] {
        assert!(page.body.contains(words), "{words} missing");
    }
    let form = [("csrf_token", csrf.as_str()), ("version", "5"), ("narrative_learning", "Two of three actions done.")];
    let r = app.page("POST", &format!("/partnership/reports/{id}/narrative"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let form = [
        ("csrf_token", csrf.as_str()),
        ("version", "6"),
        ("partner", "police"),
        ("signed_on_day", "4"),
        ("signed_on_month", "5"),
        ("signed_on_year", "2026"),
    ];
    let r = app.page("POST", &format!("/partnership/reports/{id}/sign-off"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Final: nothing more changes.
    let v = app.api("GET", &url, Some(&dsp), None).await.json();
    assert_eq!((v["is_final"].clone(), v["version"].clone()), (json!(true), json!(7)));
    assert_eq!(section(&v, "learning")["narrative"], "Two of three actions done.");
    let r = app.post(&narrative, &bm, words(7, "summary", "Late change")).await;
    assert_eq!((r.status, field(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "narrative".into()));
    let page = app.page("GET", &format!("/partnership/reports/{id}"), &cookie, None).await;
    assert!(page.body.contains("Final") && page.body.contains("Cara Vale") && !page.body.contains("Write the report"));
    let list = app.api("GET", "/api/v1/partnership/reports", Some(&dsp), None).await.json();
    assert_eq!((list["reports"][0]["signed"].clone(), list["this_year"].clone()), (json!(3), json!(2026)));
    let sw = app.token(Role::SocialWorker, LA).await;
    assert_eq!(app.api("GET", &url, Some(&sw), None).await.status, StatusCode::FORBIDDEN);
    let bad = [("csrf_token", csrf.as_str()), ("year", "soon")];
    let r = app.page("POST", "/partnership/reports/new", &cookie, Some(&bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary"));

    // The reporting year's first month is the council's setting (MASA-P-9, CONFIRM).
    let admin = app.token(Role::LaAdmin, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(s["partnership"]["report_year_start_month"], json!(4));
    s["partnership"]["report_year_start_month"] = json!(13);
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    s["partnership"]["report_year_start_month"] = json!(9);
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = app.api("GET", &url, Some(&dsp), None).await.json();
    assert_eq!((v["from"].clone(), v["to"].clone()), (json!("2025-09-01"), json!("2026-08-31")));
}
