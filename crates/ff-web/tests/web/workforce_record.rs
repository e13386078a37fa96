//! The worker's record in full (W-SYS-1): date of birth, registration status with its date, the
//! qualification route, early-career status and LCPP accreditation evidence, edited at a version
//! (409 when stale, every mistake at once, each version kept and the change audited), flagged when
//! the registration lapses (W-SYS-17), seen by a practitioner for their own record only; and what
//! the dashboard (W-OUT-3) and the census (W-OUT-1) make of it.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

async fn worker_events(app: &TestApp, id: &str) -> Vec<String> {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::events_for_record(&mut tx, LA, "worker", id, 50).await.unwrap().into_iter().map(|e| e.action).collect()
}

#[tokio::test]
async fn the_workers_record_is_edited_at_a_version_and_each_version_kept_w_sys_1() {
    let app = TestApp::new().await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;
    let body = json!({"name": "Ada Record", "swe_number": "SW600001", "date_of_birth": "1998-04-02", "qualified_on": "2026-01-15",
        "qualification_route": "apprenticeship", "registration_status": "registered", "registration_from": "2026-02-01"});
    let id = app.created("/api/v1/workforce/workers", &hr, body.clone(), "id").await;
    let path = format!("/api/v1/workforce/workers/{id}");
    let w = app.get_json(&path, &hr).await;
    assert_eq!((w["date_of_birth"].as_str(), w["qualification_route"].as_str()), (Some("1998-04-02"), Some("apprenticeship")));
    assert_eq!((w["early_career"]["year"].as_u64(), w["early_career"]["reduced_caseload"].as_bool()), (Some(1), Some(true)));
    assert!(w["registration_flag"].is_null() && w["lcpp_accredited_on"].is_null());

    // Every mistake at once, nothing changed (W-SYS-1).
    let mut bad = body.clone();
    bad["version"] = json!(1);
    bad["registration_status"] = json!("lapsed");
    bad["registration_from"] = Value::Null;
    bad["date_of_birth"] = json!("2020-01-01");
    bad["lcpp_accredited_on"] = json!("2026-06-01");
    let events = worker_events(&app, &id).await.len();
    let r = app.put(&path, &hr, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for field in ["date_of_birth", "registration_from", "lcpp_evidence", "lcpp_evidence_held", "lcpp_checked_by"] {
        assert!(r.body.contains(&format!("\"{field}\"")), "{field} in {}", r.body);
    }
    assert_eq!(app.get_json(&path, &hr).await["version"], 1);

    // The registration lapses and the LCPP accreditation is recorded with its evidence.
    let mut edit = body.clone();
    edit["version"] = json!(1);
    edit["registration_status"] = json!("lapsed");
    edit["registration_from"] = json!("2026-11-01");
    edit["lcpp_accredited_on"] = json!("2026-06-01");
    edit["lcpp_evidence"] = json!("Assessed portfolio");
    edit["lcpp_evidence_held"] = json!("HR file");
    edit["lcpp_checked_by"] = json!("R. Okafor");
    let r = app.put(&path, &hr, edit.clone()).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let after = worker_events(&app, &id).await;
    assert_eq!(after.len(), events + 2, "the view above and the change: {after:?}");
    assert!(after.contains(&"update".to_owned()), "{after:?}");
    let w = app.get_json(&path, &hr).await;
    assert_eq!((w["version"].as_i64(), w["registration_status"].as_str()), (Some(2), Some("lapsed")));
    assert!(w["registration_flag"].as_str().unwrap().contains("since 1 November 2026"), "{w}");
    assert_eq!((w["lcpp_evidence"].as_str(), w["lcpp_checked_by"].as_str()), (Some("Assessed portfolio"), Some("R. Okafor")));
    assert_eq!(w["versions"].as_array().unwrap().len(), 2, "the first version kept");
    let mut tx = app.db.db.begin().await.unwrap();
    let kept = ff_store::versions::list_versions(&mut tx, LA, "worker", id.parse().unwrap()).await.unwrap();
    drop(tx);
    assert_eq!(kept.last().unwrap().data["registration_status"], "registered", "version 1 as it was");

    // A stale version is 409 and changes nothing.
    let r = app.put(&path, &hr, edit).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(app.get_json(&path, &hr).await["version"], 2);

    // The page shows it all, and the flag.
    let (cookie, csrf) = app.session(Role::WorkforceOfficer).await;
    let page = app.page("GET", &format!("/workforce/workers/{id}"), &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    for words in [
        "2 April 1998",
        "Qualified</dt><dd class=\"govuk-summary-list__value\">15 January 2026, degree apprenticeship",
        "Year 1 after qualifying",
        "Registration lapsed (not renewed) since 1 November 2026",
        "Assessed portfolio",
        "Checked by R. Okafor",
        "Change their details",
    ] {
        assert!(page.body.contains(words), "{words}");
    }

    // The form: what the record holds, every mistake at once, nothing saved.
    let form = app.page("GET", &format!("/workforce/workers/{id}/edit"), &cookie, None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"Ada Record\"") && form.body.contains("Assessed portfolio"), "{}", form.body);
    let post = [
        ("csrf_token", csrf.as_str()),
        ("version", "2"),
        ("name", ""),
        ("date_of_birth_day", "31"),
        ("date_of_birth_month", "2"),
        ("date_of_birth_year", "1990"),
        ("swe_number", "SW600001"),
        ("qualified_on_day", "15"),
        ("qualified_on_month", "1"),
        ("qualified_on_year", "2026"),
        ("lcpp_accredited_on_day", "1"),
        ("lcpp_accredited_on_month", "6"),
        ("lcpp_accredited_on_year", "2026"),
    ];
    let r = app.page("POST", &format!("/workforce/workers/{id}/edit"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary"), "{}", r.body);
    for words in ["Enter their name", "Enter what the evidence of accreditation is", "Enter who checked the evidence"] {
        assert!(r.body.contains(words), "{words} in {}", r.body);
    }
    assert!(r.body.contains("href=\"#date_of_birth"), "the unreadable date named too: {}", r.body);
    assert_eq!(app.get_json(&path, &hr).await["version"], 2, "nothing saved");
    let post = [
        ("csrf_token", csrf.as_str()),
        ("version", "2"),
        ("name", "Ada Record"),
        ("swe_number", "SW600001"),
        ("registration_status", "registered"),
        ("registration_from_day", "20"),
        ("registration_from_month", "11"),
        ("registration_from_year", "2026"),
        ("qualified_on_day", "15"),
        ("qualified_on_month", "1"),
        ("qualified_on_year", "2026"),
        ("qualification_route", "apprenticeship"),
    ];
    let r = app.page("POST", &format!("/workforce/workers/{id}/edit"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let w = app.get_json(&path, &hr).await;
    assert_eq!((w["version"].as_i64(), w["registration_status"].as_str()), (Some(3), Some("registered")));
    assert!(w["registration_flag"].is_null() && w["date_of_birth"].is_null() && w["lcpp_accredited_on"].is_null(), "{w}");
    let r = app.page("POST", &format!("/workforce/workers/{id}/edit"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "stale on the page: the form again, saying so");
    assert!(r.body.contains("Someone else changed this worker&#39;s record after you opened it"), "{}", r.body);
    assert_eq!(app.get_json(&path, &hr).await["version"], 3);
}

#[tokio::test]
async fn a_practitioner_sees_their_own_worker_record_and_no_other() {
    let app = TestApp::new().await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;
    let sw_id = super::family_help::user_id(&app, Role::SocialWorker).await;
    let own =
        app.created("/api/v1/workforce/workers", &hr, json!({"name": "Sam Own", "swe_number": "SW600002", "user_id": sw_id}), "id").await;
    let other = app.created("/api/v1/workforce/workers", &hr, json!({"name": "Other Person"}), "id").await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let r = app.api("GET", &format!("/api/v1/workforce/workers/{own}"), Some(&sw), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.api("GET", &format!("/api/v1/workforce/workers/{other}"), Some(&sw), None).await.status, StatusCode::FORBIDDEN);
    let r = app.put(&format!("/api/v1/workforce/workers/{own}"), &sw, json!({"name": "Sam Changed", "version": 1})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "they do not edit it");
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/workforce/workers/{own}"), &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sam Own") && !page.body.contains("Change their details"));
    assert_eq!(app.page("GET", &format!("/workforce/workers/{other}"), &cookie, None).await.status, StatusCode::FORBIDDEN);
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    assert_eq!(app.api("GET", &format!("/api/v1/workforce/workers/{own}"), Some(&fhp), None).await.status, StatusCode::FORBIDDEN);

    // Their registration lapses: a social worker's role needs it, so the caseloads flag them
    // (W-SYS-17), from the day it took effect.
    let edit = json!({"name": "Sam Own", "swe_number": "SW600002", "registration_status": "lapsed", "registration_from": "2026-10-01",
        "version": 1});
    assert_eq!(app.put(&format!("/api/v1/workforce/workers/{own}"), &hr, edit).await.status, StatusCode::NO_CONTENT);
    let flag = |c: &Value| {
        c["teams"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["workers"].as_array().unwrap())
            .find(|w| w["user_id"] == sw_id.as_str())
            .map(|w| w["registration_flag"].clone())
    };
    let now = app.get_json("/api/v1/workforce/caseloads", &hr).await;
    assert!(flag(&now).unwrap().as_str().unwrap().contains("lapsed"), "{now}");
    let before = app.get_json("/api/v1/workforce/caseloads?on=2026-09-30", &hr).await;
    assert!(flag(&before).unwrap().is_null(), "not before it lapsed: {before}");
    let (cookie, _) = app.session(Role::WorkforceOfficer).await;
    let page = app.page("GET", "/workforce/caseloads", &cookie, None).await;
    assert!(page.body.contains("Registration not current"), "{}", page.body);
}

fn line<'a>(r: &'a Value, section: &str, key: &str) -> &'a Value {
    r[section].as_array().unwrap().iter().find(|l| l["key"] == key).unwrap_or_else(|| panic!("{key} in {r}"))
}

#[tokio::test]
async fn the_dashboard_counts_the_early_career_cohort_lcpps_and_lead_balance_w_out_3() {
    use super::family_help::{make_child, open_for_assessment, user_id};
    let app = TestApp::new().await;
    let (sw, mgr, hr) = (
        app.token(Role::SocialWorker, LA).await,
        app.token(Role::PracticeSupervisor, LA).await,
        app.token(Role::WorkforceOfficer, LA).await,
    );
    let new = |name: &str, extra: Value| {
        let mut b = json!({"name": name, "swe_number": "SW610000"});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        let (app, hr) = (&app, hr.clone());
        async move { app.created("/api/v1/workforce/workers", &hr, b, "id").await }
    };
    new("First A", json!({"qualified_on": "2026-01-10", "qualification_route": "apprenticeship"})).await;
    new("First B", json!({"qualified_on": "2025-10-01", "qualification_route": "apprenticeship"})).await;
    new("Second C", json!({"qualified_on": "2025-03-01", "qualification_route": "degree"})).await;
    new("Long D", json!({"qualified_on": "2010-03-01", "qualification_route": "apprenticeship"})).await;
    new(
        "Lcpp E",
        json!({"qualified_on": "2012-07-01", "lcpp_accredited_on": "2026-06-01", "lcpp_evidence": "Portfolio",
            "lcpp_evidence_held": "HR file", "lcpp_checked_by": "PSW"}),
    )
    .await;
    // A family help episode led by the social worker from 1 September 2026.
    let sw_id = user_id(&app, Role::SocialWorker).await;
    let child = make_child(&app, &sw, "Alder", "2016-01-01").await;
    let (episode, _) = open_for_assessment(&app, &sw, &child, Some("2026-08-28T09:00:00Z")).await;
    let r = app
        .post(&format!("/api/v1/episodes/{episode}/allocation"), &mgr, json!({"lead_id": sw_id, "from_date": "2026-09-01", "version": 1}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let r = app.get_json("/api/v1/workforce/rates?on=2026-09-30", &hr).await;
    let this = |section: &str, key: &str| line(&r, section, key)["this_year"].as_f64();
    let last = |section: &str, key: &str| line(&r, section, key)["last_year"].as_f64();
    assert_eq!(this("early_career", "early_career_first"), Some(2.0), "{r}");
    assert_eq!(this("early_career", "early_career_second"), Some(1.0));
    assert_eq!(this("early_career", "early_career_apprentices"), Some(2.0), "long qualified is not in the cohort");
    assert_eq!(last("early_career", "early_career_first"), Some(1.0), "on 30 September 2025: Second C only");
    assert_eq!((this("lcpp", "lcpp_accredited"), last("lcpp", "lcpp_accredited")), (Some(1.0), Some(0.0)));
    assert_eq!(this("lcpp", "lcpp_ready"), Some(1.0), "accredited, not designated");
    assert_eq!((this("leads", "leads_social_workers"), this("leads", "leads_others")), (Some(1.0), Some(0.0)));
    assert_eq!(this("leads", "led_by_social_workers_share"), Some(100.0));
    assert_eq!(last("leads", "led_by_social_workers_share"), None, "no episodes led a year before");

    let (cookie, _) = app.session(Role::WorkforceOfficer).await;
    let page = app.page("GET", "/workforce/dashboard?on=2026-09-30", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    for words in [
        "Early career",
        "In their first year after qualifying",
        "Accredited lead child protection practitioners",
        "Share led by a social worker",
    ] {
        assert!(page.body.contains(words), "{words}");
    }
    assert!(page.body.contains("aria-label=\"Family help lead practitioners\""));
    let csv = app.page("GET", "/workforce/dashboard.csv?on=2026-09-30", &cookie, None).await;
    assert!(
        csv.body.contains("early_career,early_career_first,\"In their first year after qualifying\",W-EC-1,\"\",2,1,2026-09-30,2025-09-30"),
        "{}",
        csv.body
    );
    assert!(csv.body.contains("leads,led_by_social_workers_share,"), "{}", csv.body);
}

#[tokio::test]
async fn the_census_takes_the_date_of_birth_and_route_from_the_record_w_out_1() {
    let app = TestApp::new().await;
    let (mgr, hr) = (app.token(Role::PracticeSupervisor, LA).await, app.token(Role::WorkforceOfficer, LA).await);
    let team = app.created("/api/v1/teams", &mgr, json!({"name": "Hilltop"}), "id").await;
    let post = json!({"team_id": team, "title": "Social worker A", "role_type": "SW", "funded_fte": 1.0, "case_holding": true, "from": "2024-01-01"});
    let a = app.created("/api/v1/workforce/posts", &hr, post.clone(), "id").await;
    let b = app.created("/api/v1/workforce/posts", &hr, post, "id").await;
    let held = json!({"name": "Held Facts", "swe_number": "SW620001", "date_of_birth": "1990-03-04", "qualified_on": "2014-07-01",
        "qualification_route": "frontline"});
    let w1 = app.created("/api/v1/workforce/workers", &hr, held, "id").await;
    let w2 = app.created("/api/v1/workforce/workers", &hr, json!({"name": "Not Held", "swe_number": "SW620002"}), "id").await;
    for (w, p) in [(&w1, &a), (&w2, &b)] {
        let body = json!({"post_id": p, "weekly_hours": 37.0, "start_date": "2024-02-01"});
        app.created(&format!("/api/v1/workforce/workers/{w}/episodes"), &hr, body, "id").await;
    }
    let token = app.token(Role::WorkforceOfficer, LA).await;
    let xml = app.api("GET", "/api/v1/workforce/census/2026.xml", Some(&token), None).await.body;
    let record = |swe: &str| {
        let at = xml.find(&format!("<SWENo>{swe}</SWENo>")).unwrap();
        let end = at + xml[at..].find("</CSWWWorker>").unwrap();
        xml[at..end].to_owned()
    };
    let held = record("SW620001");
    assert!(held.contains("<PersonBirthDate>1990-03-04</PersonBirthDate>"), "{held}");
    assert!(held.contains("<StepUpGrad>0</StepUpGrad>") && held.contains("<FrontlineGrad>1</FrontlineGrad>"), "{held}");
    let not = record("SW620002");
    assert!(!not.contains("PersonBirthDate") && !not.contains("FrontlineGrad"), "left out where not held: {not}");
    let s = app.get_json("/api/v1/workforce/census/2026", &token).await;
    assert!(s["errors"].as_array().unwrap().is_empty(), "{s}");
    let gap = s["gaps"].as_array().unwrap().iter().find(|g| g["item"] == "PersonBirthDate").unwrap();
    assert_eq!(gap["records"], 1, "only the record without it: {gap}");
}

/// Entered once (issue 14, W-SYS-17): a linked worker's registration changed on the worker's
/// record reaches the staff account the rules read; a change on the account reaches the record.
#[tokio::test]
async fn registration_is_entered_once_for_the_account_and_the_record() {
    let app = TestApp::new().await;
    let hr = app.token(Role::WorkforceOfficer, LA).await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let sw_id = super::family_help::user_id(&app, Role::SocialWorker).await;
    let body = json!({"name": "Sam Linked", "swe_number": "SW600009", "user_id": sw_id, "qualified_on": "2020-07-01",
        "registration_status": "registered", "registration_from": "2020-08-01"});
    let id = app.created("/api/v1/workforce/workers", &hr, body.clone(), "id").await;
    let path = format!("/api/v1/workforce/workers/{id}");

    // On the worker's record: the registration lapses.
    let mut edit = body.clone();
    edit["version"] = json!(1);
    edit["registration_status"] = json!("lapsed");
    edit["registration_from"] = json!("2026-11-01");
    assert_eq!(app.put(&path, &hr, edit).await.status, StatusCode::NO_CONTENT);
    let users = app.api("GET", "/api/v1/users", Some(&admin), None).await.json();
    let a = users.as_array().unwrap().iter().find(|u| u["id"] == sw_id.as_str()).unwrap().clone();
    assert_eq!(a["swe_status"], "lapsed", "{a}");

    // On the account: registered again, and the qualifying date corrected.
    let change = json!({"role": "social_worker", "team_ids": [], "swe_registration_number": "SW600009", "swe_status": "registered",
        "qualification_date": "2020-06-30", "version": a["version"]});
    let r = app.api("PUT", &format!("/api/v1/users/{sw_id}"), Some(&admin), Some(change)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let w = app.get_json(&path, &hr).await;
    assert_eq!((w["registration_status"].as_str(), w["qualified_on"].as_str()), (Some("registered"), Some("2020-06-30")), "{w}");
    assert_eq!(w["version"], 3, "each change kept as a version of the record");
}
