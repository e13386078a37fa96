//! Foster carers (CR-1 to CR-5): a household from its first enquiry through the
//! pipeline to approval on terms, the yearly review, new terms and the end of approval; a
//! connected person's temporary approval; the allowances, never below the national minimum; in
//! the API and on the pages. Refusals change nothing.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

async fn audit_count(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

async fn carer(app: &TestApp, token: &str, id: &str) -> Value {
    let r = app.api("GET", &format!("/api/v1/carers/{id}"), Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn carers_go_from_enquiry_to_approval_and_its_end_through_the_api() {
    let app = TestApp::new().await;
    let fo = app.token(Role::FosteringOfficer, LA).await;
    let enquiry = json!({"name": "Sam and Alex Reid", "kind": "mainstream", "postcode_area": "nm4", "takes_siblings": true,
        "takes_teenagers": true, "enquiry_on": "2025-09-01"});
    let id = app.created("/api/v1/carers", &fo, enquiry, "id").await;
    let c = carer(&app, &fo, &id).await;
    assert_eq!(
        (c["stage"].as_str(), c["next_stage"].as_str(), c["postcode_area"].as_str()),
        (Some("enquiry"), Some("initial_visit"), Some("NM4"))
    );
    let path = |what: &str| format!("/api/v1/carers/{id}/{what}");
    // CR-1: one stage at a time; a refusal changes nothing.
    let before = audit_count(&app).await;
    let r = app.api("POST", &path("stage"), Some(&fo), Some(json!({"stage": "panel", "on": "2025-09-10", "version": 1}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-1"), "{}", r.body);
    let r = app.api("POST", &path("stage"), Some(&fo), Some(json!({"stage": "initial_visit", "on": "2025-08-31", "version": 1}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-1"), "before the enquiry: {}", r.body);
    let r = app.api("POST", &path("stage"), Some(&fo), Some(json!({"stage": "initial_visit", "on": "2026-11-24", "version": 1}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "in the future");
    assert_eq!(audit_count(&app).await, before, "a refusal is not audited as a change");
    assert_eq!(carer(&app, &fo, &id).await["version"], 1);
    assert_eq!(audit_count(&app).await, before + 1, "a view is audited");
    let before = before + 1;
    for (v, (stage, on)) in [("initial_visit", "2025-09-10"), ("assessment", "2025-10-01"), ("panel", "2026-02-12")].into_iter().enumerate()
    {
        let body = json!({"stage": stage, "on": on, "version": v + 1});
        let r = app.api("POST", &path("stage"), Some(&fo), Some(body)).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{stage}: {}", r.body);
    }
    assert_eq!(audit_count(&app).await, before + 3);
    // 409 on a stale version.
    let r = app
        .api("POST", &path("stage"), Some(&fo), Some(json!({"stage": "withdrawn", "on": "2026-02-12", "reason": "x", "version": 3})))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // CR-3: terms that make no sense are refused; more than 3 children needs the exemption.
    let terms = |age_from: u32, age_to: u32, places: u32, exemption: Option<&str>| {
        json!({"on": "2026-02-20", "age_from": age_from, "age_to": age_to, "places": places, "siblings_together": true,
            "exemption_reason": exemption, "version": 4})
    };
    let before = audit_count(&app).await;
    for bad in [terms(12, 5, 2, None), terms(0, 17, 0, None), terms(0, 17, 7, Some("x")), terms(0, 17, 4, None)] {
        let r = app.api("POST", &path("approval"), Some(&fo), Some(bad)).await;
        assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-3"), "{}", r.body);
    }
    assert_eq!(audit_count(&app).await, before);
    let r = app.api("POST", &path("approval"), Some(&fo), Some(terms(5, 17, 4, Some("A group of four brothers and sisters")))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let c = carer(&app, &fo, &id).await;
    assert_eq!(c["stage"], "approved");
    assert_eq!((c["terms"]["places"].as_u64(), c["vacancies"].as_u64()), (Some(4), Some(4)));
    // CR-5: approved on 20 February 2026, so the review was due on 20 February 2027: not yet.
    assert_eq!((c["review_due"].as_str(), c["review_overdue"].as_bool()), (Some("2027-02-20"), Some(false)));
    // The allowances for the bands the household is approved for, at today's rates.
    let band = |b: &str| c["allowances"].as_array().unwrap().iter().find(|a| a["band"] == b).unwrap().clone();
    assert_eq!((band("5_10")["weekly_pence"].as_u64(), band("5_10")["within_terms"].as_bool()), (Some(19_400), Some(true)));
    assert_eq!(band("0_2")["within_terms"], false);
    // New terms, a review, then the approval ends, each versioned.
    let mut new_terms = terms(5, 17, 2, None);
    new_terms["on"] = json!("2026-06-01");
    new_terms["version"] = json!(5);
    assert_eq!(app.api("POST", &path("terms"), Some(&fo), Some(new_terms.clone())).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api("POST", &path("terms"), Some(&fo), Some(new_terms)).await.status, StatusCode::CONFLICT);
    let r = app.api("POST", &path("reviews"), Some(&fo), Some(json!({"on": "2026-11-20", "version": 6}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(carer(&app, &fo, &id).await["review_due"], "2027-11-20");
    let r = app.api("POST", &path("end"), Some(&fo), Some(json!({"on": "2026-11-21", "reason": "resigned", "version": 7}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("details"), "{}", r.body);
    let end = json!({"on": "2026-11-21", "reason": "resigned", "details": "Retiring", "version": 7});
    assert_eq!(app.api("POST", &path("end"), Some(&fo), Some(end)).await.status, StatusCode::NO_CONTENT);
    let c = carer(&app, &fo, &id).await;
    assert_eq!((c["stage"].as_str(), c["review_due"].as_str()), (Some("ended"), None));
    let steps: Vec<&str> = c["steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["ended", "reviewed", "terms_changed", "approved", "panel", "assessment", "initial_visit", "enquiry"]);
    // Once ended, no more steps.
    let r = app.api("POST", &path("reviews"), Some(&fo), Some(json!({"on": "2026-11-22", "version": 8}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-5"), "{}", r.body);
    // Social workers see carers but cannot record them; others cannot see them.
    let sw = app.token(Role::SocialWorker, LA).await;
    assert_eq!(app.api("GET", &format!("/api/v1/carers/{id}"), Some(&sw), None).await.status, StatusCode::OK);
    let r =
        app.api("POST", "/api/v1/carers", Some(&sw), Some(json!({"name": "X", "kind": "mainstream", "enquiry_on": "2026-11-01"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    assert_eq!(app.api("GET", "/api/v1/carers", Some(&fhp), None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_connected_person_is_approved_temporarily_and_withdraws_with_a_reason() {
    let app = TestApp::new().await;
    let fo = app.token(Role::FosteringOfficer, LA).await;
    let body = json!({"name": "Jo Hart (the child's aunt)", "kind": "connected_person", "enquiry_on": "2026-08-01"});
    let id = app.created("/api/v1/carers", &fo, body, "id").await;
    let mainstream =
        app.created("/api/v1/carers", &fo, json!({"name": "Lee Ray", "kind": "mainstream", "enquiry_on": "2026-08-01"}), "id").await;
    let temp = |id: &str| format!("/api/v1/carers/{id}/temporary-approval");
    let r = app.api("POST", &temp(&mainstream), Some(&fo), Some(json!({"on": "2026-08-03", "version": 1}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-4"), "{}", r.body);
    let r = app.api("POST", &temp(&id), Some(&fo), Some(json!({"on": "2026-08-03", "until": "2026-12-01", "version": 1}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("16 weeks"), "over 16 weeks: {}", r.body);
    assert_eq!(
        app.api("POST", &temp(&id), Some(&fo), Some(json!({"on": "2026-08-03", "version": 1}))).await.status,
        StatusCode::NO_CONTENT
    );
    let c = carer(&app, &fo, &id).await;
    assert_eq!((c["temporary_from"].as_str(), c["temporary_until"].as_str()), (Some("2026-08-03"), Some("2026-11-23")));
    // Extended to 24 weeks from the day it began.
    assert_eq!(
        app.api("POST", &temp(&id), Some(&fo), Some(json!({"on": "2026-11-20", "version": 2}))).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(carer(&app, &fo, &id).await["temporary_until"], "2027-01-18");
    let path = format!("/api/v1/carers/{id}/stage");
    let r = app.api("POST", &path, Some(&fo), Some(json!({"stage": "withdrawn", "on": "2026-11-21", "version": 3}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("reason"), "{}", r.body);
    let r = app.post(&path, &fo, json!({"stage": "withdrawn", "on": "2026-11-21", "reason": "The child went home", "version": 3})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let c = carer(&app, &fo, &id).await;
    assert_eq!((c["stage"].as_str(), c["closed_reason"].as_str()), (Some("withdrawn"), Some("The child went home")));
    // The list filters by stage.
    let r = app.api("GET", "/api/v1/carers?stage=withdrawn", Some(&fo), None).await;
    let list = r.json();
    assert_eq!(list["carers"].as_array().unwrap().len(), 1);
    assert_eq!(list["counts"].as_array().unwrap().iter().find(|c| c["stage"] == "enquiry").unwrap()["count"], 1);
    assert_eq!(app.api("GET", "/api/v1/carers?stage=nonsense", Some(&fo), None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The details change at the version read: a stale one is refused and nothing changes.
    let details = |v: i32| json!({"name": "Jo and Sam Hart", "postcode_area": "NM2", "takes_siblings": true, "version": v});
    let before = audit_count(&app).await;
    let r = app.api("PUT", &format!("/api/v1/carers/{id}"), Some(&fo), Some(details(1))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(audit_count(&app).await, before);
    let r = app.api("PUT", &format!("/api/v1/carers/{id}"), Some(&fo), Some(details(4))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let c = carer(&app, &fo, &id).await;
    assert_eq!((c["name"].as_str(), c["takes_siblings"].as_bool(), c["version"].as_i64()), (Some("Jo and Sam Hart"), Some(true), Some(5)));
}

#[tokio::test]
async fn carers_council_allowances_are_never_below_the_national_minimum() {
    let app = TestApp::new().await;
    let fo = app.token(Role::FosteringOfficer, LA).await;
    let a = app.api("GET", "/api/v1/carer-allowances", Some(&fo), None).await.json();
    assert_eq!(a["national_minimum"].as_array().unwrap().len(), 2);
    assert_eq!(a["today"][0]["weekly_pence"], 17_000, "the national minimum until the council sets its own");
    let v = a["version"].as_i64().unwrap();
    let rates = |pence: u32, version: i64| {
        json!({"from": "2026-04-06", "age_0_2_pence": 20_000, "age_3_4_pence": 20_000, "age_5_10_pence": pence,
            "age_11_15_pence": 25_000, "age_16_17_pence": 30_000, "version": version})
    };
    let before = audit_count(&app).await;
    let r = app.api("POST", "/api/v1/carer-allowances", Some(&fo), Some(rates(19_000, v))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-2") && r.body.contains("aged 5 to 10"), "{}", r.body);
    assert_eq!(audit_count(&app).await, before);
    assert_eq!(app.api("POST", "/api/v1/carer-allowances", Some(&fo), Some(rates(21_000, v))).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api("POST", "/api/v1/carer-allowances", Some(&fo), Some(rates(21_000, v))).await.status, StatusCode::CONFLICT);
    let a = app.api("GET", "/api/v1/carer-allowances", Some(&fo), None).await.json();
    assert_eq!(a["today"][2]["weekly_pence"], 21_000);
    assert_eq!(a["today"][2]["national_minimum_pence"], 19_400);
    // The council's settings carry them, and the administrator's settings API keeps them.
    let admin = app.token(Role::LaAdmin, LA).await;
    let s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(s["carers"]["council_rates"][0]["age_5_10_pence"], 21_000);
    let sw = app.token(Role::SocialWorker, LA).await;
    assert_eq!(app.api("POST", "/api/v1/carer-allowances", Some(&sw), Some(rates(21_000, v + 1))).await.status, StatusCode::FORBIDDEN);
    // The fostering team records next year's national minimum when it is published; the
    // council's rates below it from then on are refused.
    let mut national = rates(22_000, v + 1);
    national["national_minimum"] = json!(true);
    national["from"] = json!("2027-04-01");
    assert_eq!(app.api("POST", "/api/v1/carer-allowances", Some(&fo), Some(national)).await.status, StatusCode::NO_CONTENT);
    let a = app.api("GET", "/api/v1/carer-allowances", Some(&fo), None).await.json();
    assert_eq!(a["national_minimum"].as_array().unwrap().len(), 3);
    let mut next = rates(21_000, v + 2);
    next["from"] = json!("2027-04-01");
    let r = app.api("POST", "/api/v1/carer-allowances", Some(&fo), Some(next)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-2"), "{}", r.body);
    // A national minimum already in force is never rewritten (so the council's rates cannot be
    // let below the real one).
    let first = a["national_minimum"][0]["from"].as_str().unwrap().to_owned();
    let mut lower = rates(1_000, v + 2);
    lower["national_minimum"] = json!(true);
    lower["from"] = json!(first);
    let r = app.api("POST", "/api/v1/carer-allowances", Some(&fo), Some(lower)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-2") && r.body.contains("in force"), "{}", r.body);
}

#[tokio::test]
async fn carers_pages_walk_the_pipeline_without_javascript() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::FosteringOfficer).await;
    let home = app.page("GET", "/carers", &cookie, None).await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(home.body.contains("href=\"/carers\"") && home.body.contains("Record a new enquiry"));
    // A mistake is named on its field, with what was typed kept.
    let mut form = vec![
        ("csrf_token", csrf.as_str()),
        ("name", "Priya and Dev Shah"),
        ("kind", ""),
        ("takes_uasc", "yes"),
        ("enquiry_on_day", "2"),
        ("enquiry_on_month", "3"),
        ("enquiry_on_year", "2026"),
    ];
    let r = app.page("POST", "/carers/new", &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose the kind of foster carers") && r.body.contains("Priya and Dev Shah"), "{}", r.body);
    form[2] = ("kind", "connected_person");
    let r = app.page("POST", "/carers/new", &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.headers["location"].to_str().unwrap().to_owned();
    let id = location.trim_start_matches("/carers/").trim_end_matches("?saved=1").to_owned();
    let show = app.page("GET", &location, &cookie, None).await;
    assert!(show.body.contains("Priya and Dev Shah") && show.body.contains("Unaccompanied asylum-seeking children"));
    assert!(show.body.contains(&format!("/kinship-offer/{LA}")), "a connected person's page links to the kinship local offer");
    assert!(show.body.contains("Initial visit reached") && show.body.contains("Approve temporarily as a connected person"));
    // The details change (a form of its own, not a step).
    let details = [
        ("csrf_token", csrf.as_str()),
        ("version", "1"),
        ("name", "Priya and Dev Shah"),
        ("postcode_area", "nm7"),
        ("takes_teenagers", "yes"),
    ];
    let r = app.page("POST", &format!("/carers/{id}/details"), &cookie, Some(&details)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = app.page("GET", &format!("/carers/{id}"), &cookie, None).await;
    assert!(show.body.contains("NM7") && show.body.contains("<li>Teenagers</li>") && !show.body.contains("<li>Unaccompanied"));
    // Each stage in turn through its form.
    for (v, day) in ["2", "3", "4"].iter().zip(["10", "11", "12"]) {
        let r = app.page("GET", &format!("/carers/{id}/stage"), &cookie, None).await;
        assert_eq!(r.status, StatusCode::OK);
        let next = r.body.split("name=\"stage\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let form =
            [("csrf_token", csrf.as_str()), ("version", v), ("stage", &next), ("on_day", day), ("on_month", "3"), ("on_year", "2026")];
        let r = app.page("POST", &format!("/carers/{id}/stage"), &cookie, Some(&form)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}: {}", r.body);
    }
    // A stale form says so and saves nothing.
    let stale =
        [("csrf_token", csrf.as_str()), ("version", "1"), ("stage", "panel"), ("on_day", "12"), ("on_month", "3"), ("on_year", "2026")];
    let r = app.page("POST", &format!("/carers/{id}/stage"), &cookie, Some(&stale)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Someone else changed this"), "{}", r.body);
    let approve = |places: &'static str, exemption: &'static str| {
        vec![
            ("csrf_token", csrf.clone()),
            ("version", "5".to_owned()),
            ("on_day", "20".into()),
            ("on_month", "3".into()),
            ("on_year", "2026".into()),
            ("age_from", "0".into()),
            ("age_to", "10".into()),
            ("places", places.into()),
            ("siblings_together", "yes".into()),
            ("exemption_reason", exemption.into()),
        ]
    };
    let f = approve("5", "");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.page("POST", &format!("/carers/{id}/approval"), &cookie, Some(&f)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("usual fostering limit"), "{}", r.body);
    assert!(r.body.contains("id=\"age_from-error\""), "the refusal is on the ages");
    let f = approve("two", "");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.page("POST", &format!("/carers/{id}/approval"), &cookie, Some(&f)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Enter a whole number"), "{}", r.body);
    let f = approve("2", "");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.page("POST", &format!("/carers/{id}/approval"), &cookie, Some(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = app.page("GET", &format!("/carers/{id}"), &cookie, None).await;
    assert!(show.body.contains("Children aged 0 to 10; 2 children at once"), "{}", show.body);
    assert!(show.body.contains("Review of approval due") && show.body.contains("20 March 2027"));
    assert!(show.body.contains("£170.00") && show.body.contains("(not approved for)"), "allowances by age band");
    // The approved household is in the list with its vacancies.
    let list = app.page("GET", "/carers?stage=approved", &cookie, None).await;
    assert!(list.body.contains("Priya and Dev Shah") && list.body.contains("Approved (1)"), "{}", list.body);
    // The allowances page and its form: below the national minimum is refused on the page.
    let a = app.page("GET", "/carer-allowances", &cookie, None).await;
    assert!(a.status == StatusCode::OK && a.body.contains("The national minimum allowance") && a.body.contains("£258.00"));
    let rates = [
        ("csrf_token", csrf.as_str()),
        ("version", "1"),
        ("from_day", "1"),
        ("from_month", "4"),
        ("from_year", "2026"),
        ("age_0_2", "150"),
        ("age_3_4", "180"),
        ("age_5_10", "200"),
        ("age_11_15", "230"),
        ("age_16_17", "270"),
    ];
    let r = app.page("POST", "/carer-allowances/new", &cookie, Some(&rates)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("national minimum in force"), "{}", r.body);
    let mut ok = rates;
    ok[5] = ("age_0_2", "175.50");
    let r = app.page("POST", "/carer-allowances/new", &cookie, Some(&ok)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let a = app.page("GET", "/carer-allowances", &cookie, None).await;
    assert!(a.body.contains("£175.50"));
    // Reviewing officers see carers but have no forms.
    let (iro, _) = app.session(Role::IndependentReviewingOfficer).await;
    let show = app.page("GET", &format!("/carers/{id}"), &iro, None).await;
    assert!(show.status == StatusCode::OK && !show.body.contains("/review\""));
    assert_eq!(app.page("GET", &format!("/carers/{id}/review"), &iro, None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_child_is_placed_with_approved_carers_within_their_terms_and_takes_a_vacancy() {
    let app = TestApp::new().await;
    let fo = app.token(Role::FosteringOfficer, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let enquiry = json!({"name": "Dee and Martin Kershaw", "kind": "mainstream", "enquiry_on": "2025-09-01"});
    let id = app.created("/api/v1/carers", &fo, enquiry, "id").await;
    let path = |what: &str| format!("/api/v1/carers/{id}/{what}");
    for (v, (stage, on)) in [("initial_visit", "2025-09-10"), ("assessment", "2025-10-01"), ("panel", "2026-02-12")].into_iter().enumerate()
    {
        let r = app.api("POST", &path("stage"), Some(&fo), Some(json!({"stage": stage, "on": on, "version": v + 1}))).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    }
    let terms = json!({"on": "2026-02-20", "age_from": 5, "age_to": 12, "places": 1, "siblings_together": false, "version": 4});
    assert_eq!(app.api("POST", &path("approval"), Some(&fo), Some(terms)).await.status, StatusCode::NO_CONTENT);

    let start = |carer: &str, place: &str| {
        json!({"start_date": "2026-11-02", "category_of_need": "N1", "legal_status": "V2", "placement_type": place,
            "placement_provider": "PR1", "placement_postcode": "NM1 1AA", "carer_id": carer})
    };
    // CR-6: a foster placement of the household's kind, within its ages and places.
    let young = super::family_help::make_child(&app, &sw, "Ava", "2023-01-01").await;
    let r = app.api("POST", &format!("/api/v1/people/{young}/care"), Some(&sw), Some(start(&id, "U6"))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-6"), "too young: {}", r.body);
    let child = super::family_help::make_child(&app, &sw, "Ben", "2017-01-01").await;
    let r = app.api("POST", &format!("/api/v1/people/{child}/care"), Some(&sw), Some(start(&id, "U3"))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-6"), "not family or friends: {}", r.body);
    app.created(&format!("/api/v1/people/{child}/care"), &sw, start(&id, "U6"), "id").await;
    assert_eq!(carer(&app, &fo, &id).await["vacancies"].as_u64(), Some(0), "the place is taken");
    let other = super::family_help::make_child(&app, &sw, "Cal", "2016-01-01").await;
    let r = app.api("POST", &format!("/api/v1/people/{other}/care"), Some(&sw), Some(start(&id, "U6"))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("CR-6"), "no vacancy: {}", r.body);
    // A change of legal status keeps the child's own place.
    let v = app.api("GET", &format!("/api/v1/people/{child}/care"), Some(&sw), None).await.json()["current"]["version"].as_i64().unwrap();
    let ico = json!({"start_date": "2026-11-09", "legal_status": "C1", "placement_type": "U6", "placement_provider": "PR1",
        "placement_postcode": "NM1 1AA", "carer_id": id, "version": v});
    app.created(&format!("/api/v1/people/{child}/care/changes"), &sw, ico, "id").await;
    let care = app.api("GET", &format!("/api/v1/people/{child}/care"), Some(&sw), None).await.json();
    assert_eq!(care["current"]["carer_id"], id.as_str());
    // The placement form offers the approved household.
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let form = app.page("GET", &format!("/people/{other}/care/start?child={other}"), &cookie, None).await;
    assert!(form.body.contains("Dee and Martin Kershaw"), "the household is offered");
    // The household's page lists the child, there since the first placement (not the change of
    // legal status); the child's page names the household and links to it.
    let h = carer(&app, &fo, &id).await;
    assert_eq!(h["children"].as_array().map(Vec::len), Some(1), "{h}");
    assert_eq!((h["children"][0]["name"].as_str(), h["children"][0]["since"].as_str()), (Some("Ben Family"), Some("2026-11-02")), "{h}");
    assert_eq!(care["carer_name"], "Dee and Martin Kershaw");
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(
        page.body.contains(&format!("living with <a class=\"govuk-link\" href=\"/carers/{id}\">Dee and Martin Kershaw</a>")),
        "{}",
        page.body
    );
    let (fo_cookie, _) = app.session(Role::FosteringOfficer).await;
    let page = app.page("GET", &format!("/carers/{id}"), &fo_cookie, None).await;
    assert!(
        page.body.contains("Children living here")
            && page.body.contains(&format!("href=\"/people/{child}\">Ben Family</a>, aged 9, since 2 November 2026")),
        "{}",
        page.body
    );

    // The council's own foster places on a day: before approval none; the day before the child
    // came, one place free; now none.
    let commissioner = app.token(Role::Commissioner, LA).await;
    let supply = |day: &'static str| {
        let app = &app;
        let commissioner = &commissioner;
        async move {
            let v = app.api("GET", &format!("/api/v1/sufficiency?on={day}"), Some(commissioner), None).await.json();
            let f = |key: &str| v["supply"].as_array().unwrap().iter().find(|f| f["key"] == key).unwrap()["value"].as_f64().unwrap();
            (f("households"), f("free"))
        }
    };
    assert_eq!(supply("2026-01-31").await, (0.0, 0.0), "not approved yet");
    assert_eq!(supply("2026-11-01").await, (1.0, 1.0), "approved, the child not yet there");
    assert_eq!(supply("2026-11-23").await, (1.0, 0.0), "the place is taken");
}

/// CR-2: a council in London or the South East pays at least that area's national minimum; the
/// area is a council setting (page and API), and the published rows follow it.
#[tokio::test]
async fn the_national_minimum_follows_where_the_council_is_cr_2() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::LaAdmin).await;
    let page = app.page("GET", "/settings", &cookie, None).await;
    assert!(page.body.contains("for foster carers&#39; national minimum allowance?"), "{}", page.body);
    let mut form = super::form_as_shown(&page.body, csrf);
    assert!(form.iter().any(|(k, v)| k == "carers.area" && v == "rest_of_england"), "{form:?}");
    for (k, v) in form.iter_mut() {
        if k == "carers.area" {
            *v = "london".into();
        }
    }
    let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.page("POST", "/settings", &cookie, Some(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let admin = app.token(Role::LaAdmin, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(s["carers"]["area"], "london");
    let first = &s["carers"]["national_minimum"][0];
    assert_eq!((first["from"].as_str(), first["age_16_17_pence"].as_u64()), (Some("2025-04-01"), Some(29_900)), "{s}");
    // The fostering team sees which minimum applies, and today's London figure.
    let (fo, _) = app.session(Role::FosteringOfficer).await;
    let page = app.page("GET", "/carer-allowances", &fo, None).await;
    assert!(page.body.contains("The national minimum shown is the one for London."), "{}", page.body);
    assert!(page.body.contains("£299"), "{}", page.body);
    // Through the API: the South East's rows replace London's.
    s["carers"]["area"] = serde_json::json!("south_east");
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    let rows = s["carers"]["national_minimum"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{s}");
    assert!(rows.iter().all(|r| r["age_0_2_pence"] == 18_900), "{s}");
}
