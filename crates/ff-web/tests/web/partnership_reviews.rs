//! A rapid review's meetings (MASA-RR-5, MASA-SYS-3), agencies' written summaries kept as
//! documents and read through the partnership alone (MASA-RR-8), and the yearly report's
//! publication with the days it went to the Panel and to Foundations (MASA-SYS-8): each in the API
//! and on pages, with every mistake at once, 409 when stale and 403 for a role that may not.

use axum::http::{StatusCode, header};
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::documents::{PDF, upload};
use super::{LA, TestApp};

async fn audit_count(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

fn fields(r: &super::Resp) -> Vec<String> {
    r.json()["errors"]
        .as_array()
        .map(|a| a.iter().map(|e| e["field"].as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default()
}

/// A serious incident notified to the Panel on Monday 2 November 2026, with a rapid review under way.
async fn notified_incident(app: &TestApp, bm: &str, n: u32) -> (String, String) {
    let sw = app.token(Role::SocialWorker, LA).await;
    let nhs = ff_domain::nhs::synthetic_nhs_number(n).as_str().to_owned();
    let body = json!({"given_name": "Mia", "family_name": "Review", "date_of_birth": "2019-03-01", "sex": "F", "nhs_number": nhs,
        "confirm_not_duplicate": true});
    let r = app.api("POST", "/api/v1/people", Some(&sw), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let child = r.json()["id"].as_str().unwrap().to_owned();
    let body = json!({"child_id": child, "kind": "serious_harm", "incident_on": "2026-10-29", "aware_on": "2026-10-30",
        "what_happened": "Serious injury; neglect suspected."});
    let id = app.created("/api/v1/partnership/incidents", bm, body, "id").await;
    let r = app
        .post(&format!("/api/v1/partnership/incidents/{id}/notification"), bm, json!({"version": 1, "notified": true, "on": "2026-11-02"}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    (id, child)
}

async fn incident(app: &TestApp, t: &str, id: &str) -> Value {
    let r = app.api("GET", &format!("/api/v1/partnership/incidents/{id}"), Some(t), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn rapid_review_meetings_are_recorded_in_date_order_and_corrected_at_a_version() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let (id, _) = notified_incident(&app, &bm, 4501).await;
    let url = format!("/api/v1/partnership/incidents/{id}/meetings");
    let meeting = |on: &str| {
        json!({"held_on": on, "agencies": ["police", "health", "childrens_social_care"], "decisions": "Siblings to be seen today.",
        "actions": "Strategy discussion for the siblings."})
    };
    let later = app.created(&url, &bm, meeting("2026-11-12"), "id").await;
    let earlier = app.created(&url, &bm, meeting("2026-11-04"), "id").await;

    // Every mistake at once, and nothing written: before the notification, one agency, nothing decided, an unknown agency.
    let before = audit_count(&app).await;
    let bad = json!({"held_on": "2026-11-01", "agencies": ["police", "aliens"], "decisions": " "});
    let r = app.post(&url, &bm, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let f = fields(&r);
    assert!(f.contains(&"held_on".into()) && f.contains(&"agencies".into()) && f.contains(&"decisions".into()), "{f:?}");
    let r = app.post(&url, &bm, meeting("2026-11-24")).await;
    assert_eq!((r.status, fields(&r)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["held_on".to_owned()]), "in the future");
    assert_eq!(audit_count(&app).await, before, "a refusal writes nothing");

    // A correction at the version read; a stale one is a 409.
    let m = format!("/api/v1/partnership/meetings/{earlier}");
    let mut fix = meeting("2026-11-05");
    fix["version"] = json!(1);
    assert_eq!(app.post(&m, &bm, fix.clone()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.post(&m, &bm, fix).await.status, StatusCode::CONFLICT);
    let v = app.get_json(&m, &bm).await;
    assert_eq!((v["held_on"].clone(), v["version"].clone()), (json!("2026-11-05"), json!(2)));

    // Shown in date order; the scrutineer reads but may not record.
    let dsp = app.token(Role::SafeguardingPartner, LA).await;
    let i = incident(&app, &dsp, &id).await;
    let ids: Vec<Value> = i["meetings"].as_array().unwrap().iter().map(|m| m["id"].clone()).collect();
    assert_eq!(ids, vec![json!(earlier), json!(later)]);
    assert_eq!(i["meetings"][0]["agency_labels"][0], "Children's social care");
    assert_eq!(app.post(&url, &dsp, meeting("2026-11-10")).await.status, StatusCode::FORBIDDEN);
    let sw = app.token(Role::SocialWorker, LA).await;
    assert_eq!(app.api("GET", &m, Some(&sw), None).await.status, StatusCode::FORBIDDEN);

    // On pages: every mistake at once on the form, then saved.
    let (cookie, csrf) = app.session(Role::PartnershipManager).await;
    let page = app.page("GET", &format!("/partnership/incidents/{id}"), &cookie, None).await;
    assert!(page.body.contains("Meetings") && page.body.contains("Siblings to be seen today.") && page.body.contains("Record a meeting"));
    let path = format!("/partnership/incidents/{id}/meetings");
    let bad =
        [("csrf_token", csrf.as_str()), ("held_on_day", "1"), ("held_on_month", "11"), ("held_on_year", "2026"), ("agency_police", "on")];
    let r = app.page("POST", &path, &cookie, Some(&bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for words in ["on or after the day the Panel was notified", "at least two", "Write what the meeting decided"] {
        assert!(r.body.contains(words), "{words} missing");
    }
    let good = [
        ("csrf_token", csrf.as_str()),
        ("held_on_day", "16"),
        ("held_on_month", "11"),
        ("held_on_year", "2026"),
        ("agency_police", "on"),
        ("agency_school", "on"),
        ("decisions", "School to share attendance."),
    ];
    let r = app.page("POST", &path, &cookie, Some(&good)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(incident(&app, &bm, &id).await["meetings"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn an_agencys_written_summary_is_read_through_the_partnership_alone_and_every_reading_audited() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let (id, child) = notified_incident(&app, &bm, 4502).await;
    let ask = json!({"agency": "police", "agency_name": "Northmoor Police", "requested_on": "2026-11-03"});
    let s = app.created(&format!("/api/v1/partnership/incidents/{id}/summaries"), &bm, ask, "id").await;
    let doc = format!("/api/v1/partnership/summaries/{s}/document");
    let bearer = format!("Bearer {bm}");
    let auth = (header::AUTHORIZATION.as_str(), bearer.as_str());

    // Not yet received, and not a kind of file kept: both at once, nothing stored.
    let r = upload(&app, &doc, auth, &[("version", "1")], Some(("summary.exe", b"MZ\x90\x00not a document"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let f = fields(&r);
    assert!(f.contains(&"file".into()) && f.contains(&"received_on".into()), "{f:?}");
    let r = app.post(&format!("/api/v1/partnership/summaries/{s}/received"), &bm, json!({"version": 1, "received_on": "2026-11-12"})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = upload(&app, &doc, auth, &[("version", "1")], Some(("police-summary.pdf", PDF))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "stale: {}", r.body);
    let dsp = app.token(Role::SafeguardingPartner, LA).await;
    let dsp_bearer = format!("Bearer {dsp}");
    let r = upload(&app, &doc, (header::AUTHORIZATION.as_str(), dsp_bearer.as_str()), &[("version", "2")], Some(("p.pdf", PDF))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = upload(&app, &doc, auth, &[("version", "2")], Some(("police-summary.pdf", PDF))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(incident(&app, &bm, &id).await["summaries"][0]["has_document"], true);

    // The scrutineer reads it, audited; a social worker may not, and it is not on the child's record.
    let before = audit_count(&app).await;
    let r = app.api("GET", &doc, Some(&dsp), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body.as_bytes(), PDF);
    assert_eq!(audit_count(&app).await, before + 1, "every reading audited");
    let sw = app.token(Role::SocialWorker, LA).await;
    assert_eq!(app.api("GET", &doc, Some(&sw), None).await.status, StatusCode::FORBIDDEN);
    let list = app.api("GET", &format!("/api/v1/people/{child}/documents"), Some(&sw), None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.json().as_array().unwrap().is_empty(), "{}", list.body);

    // On the incident's page.
    let (cookie, _) = app.session(Role::SafeguardingPartner).await;
    let page = app.page("GET", &format!("/partnership/incidents/{id}"), &cookie, None).await;
    assert!(page.body.contains("Read the summary"), "{}", page.body);
    let r = app.page("GET", &format!("/partnership/incidents/{id}/summaries/{s}/document"), &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn the_final_report_is_published_and_sent_to_the_panel_and_foundations() {
    let app = TestApp::new().await;
    let bm = app.token(Role::PartnershipManager, LA).await;
    let setup = json!({"name": "Northmoor SCP", "chair": "A Chair", "scrutineer": "A Scrutineer", "scrutiny_from": "2025-04-01"});
    app.created("/api/v1/partnership/arrangements", &bm, setup, "id").await;
    for (p, name) in [("council", "Ada Stone"), ("icb", "Ben Marsh"), ("police", "Cara Vale")] {
        let lead = json!({"partner": p, "role": "lead", "person_name": name, "role_title": "Chief", "from": "2025-04-01"});
        app.created("/api/v1/partnership/partners", &bm, lead, "id").await;
    }
    let id = app.created("/api/v1/partnership/reports", &bm, json!({"year": 2025}), "id").await;
    let url = format!("/api/v1/partnership/reports/{id}");
    let publication = format!("{url}/publication");

    // Not final yet: refused.
    let r = app.post(&publication, &bm, json!({"version": 1, "published_on": "2026-11-02"})).await;
    assert_eq!((r.status, fields(&r)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["published_on".to_owned()]), "{}", r.body);
    for (v, p) in [(1, "council"), (2, "icb"), (3, "police")] {
        let r = app.post(&format!("{url}/sign-off"), &bm, json!({"version": v, "partner": p, "signed_on": "2026-10-01"})).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    }
    // Final on 1 October and unpublished after 7 days: in the business manager's list.
    let list = app.get_json("/api/v1/partnership/incidents", &bm).await;
    assert_eq!(list["reports_due"][0]["what"], "Publish the signed yearly report", "{list}");
    assert_eq!(list["overdue"], json!(1));

    // Every mistake at once: before the sign-off, in the future; a stale version is a 409.
    let before = audit_count(&app).await;
    let bad = json!({"version": 4, "published_on": "2026-09-30", "panel_sent_on": "2026-11-24"});
    let r = app.post(&publication, &bm, bad).await;
    assert_eq!(
        (r.status, fields(&r)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["published_on".to_owned(), "panel_sent_on".to_owned()]),
        "{}",
        r.body
    );
    assert_eq!(app.post(&publication, &bm, json!({"version": 3, "published_on": "2026-11-02"})).await.status, StatusCode::CONFLICT);
    assert_eq!(audit_count(&app).await, before, "nothing written");
    let dsp = app.token(Role::SafeguardingPartner, LA).await;
    assert_eq!(app.post(&publication, &dsp, json!({"version": 4, "published_on": "2026-11-02"})).await.status, StatusCode::FORBIDDEN);

    // Published on 2 November and sent to the Panel the same week: Foundations still due after 9 November.
    let ok = json!({"version": 4, "published_on": "2026-11-02", "panel_sent_on": "2026-11-05"});
    assert_eq!(app.post(&publication, &bm, ok).await.status, StatusCode::NO_CONTENT);
    let list = app.get_json("/api/v1/partnership/incidents", &bm).await;
    assert_eq!(list["reports_due"][0]["what"], "Send the yearly report to Foundations", "{list}");
    // Sent to Foundations on 20 November, later than 7 days: kept, and flagged on the page.
    let late = json!({"version": 5, "foundations_sent_on": "2026-11-20"});
    assert_eq!(app.post(&publication, &bm, late).await.status, StatusCode::NO_CONTENT);
    let v = app.get_json(&url, &dsp).await;
    assert_eq!(
        (v["published_on"].clone(), v["panel_late"].clone(), v["foundations_late"].clone(), v["send_days"].clone()),
        (json!("2026-11-02"), json!(false), json!(true), json!(7))
    );
    assert!(app.get_json("/api/v1/partnership/incidents", &bm).await["reports_due"].as_array().unwrap().is_empty());

    let (cookie, csrf) = app.session(Role::PartnershipManager).await;
    let page = app.page("GET", &format!("/partnership/reports/{id}"), &cookie, None).await;
    for words in ["Publication", "Sent to Foundations", "Late", "Record the publication"] {
        assert!(page.body.contains(words), "{words} missing");
    }
    // The page form: an unreadable date and a stale version come back on the form.
    let form = [
        ("csrf_token", csrf.as_str()),
        ("version", "6"),
        ("published_on_day", "40"),
        ("published_on_month", "11"),
        ("published_on_year", "2026"),
    ];
    let r = app.page("POST", &format!("/partnership/reports/{id}/publication"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary"));
}
