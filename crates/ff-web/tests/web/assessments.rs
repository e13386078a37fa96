//! The written assessment: written by two people at once without either
//! losing words, submitted, returned with comments, resubmitted, authorised and then locked, with
//! addenda; through the API and through the pages without JavaScript.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::family_help::{make_child, open_for_assessment, submit_written_assessment};
use super::{LA, TestApp};

/// A child with a mother recorded, and an assessment in progress: (child, assessment, mother).
async fn assessment_with_mother(app: &TestApp, t: &str) -> (String, String, String) {
    let child = make_child(app, t, "Lily", "2016-03-03").await;
    let mum =
        json!({"given_name": "Rosa", "family_name": "Family", "date_of_birth": "1990-01-01", "sex": "F", "confirm_not_duplicate": true});
    let mother = app.api("POST", "/api/v1/people", Some(t), Some(mum)).await.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .api("POST", &format!("/api/v1/people/{child}/relationships"), Some(t), Some(json!({"relative_id": mother, "kind": "mother"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (_, assessment) = open_for_assessment(app, t, &child, Some("2026-11-16T09:00:00Z")).await;
    (child, assessment, mother)
}

async fn doc(app: &TestApp, t: &str, assessment: &str) -> Value {
    let r = app.api("GET", &format!("/api/v1/assessments/{assessment}"), Some(t), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn section<'a>(doc: &'a Value, key: &str) -> &'a Value {
    doc["parts"].as_array().unwrap().iter().flat_map(|p| p["sections"].as_array().unwrap()).find(|s| s["key"] == key).unwrap()
}

async fn save(app: &TestApp, t: &str, assessment: &str, body: Value) -> crate::Resp {
    app.api("PUT", &format!("/api/v1/assessments/{assessment}/draft"), Some(t), Some(body)).await
}

#[tokio::test]
async fn two_writers_share_one_draft_section_by_section_and_nothing_is_silently_overwritten() {
    let app = TestApp::new().await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let (_, a, mother) = assessment_with_mother(&app, &sw).await;
    let d = doc(&app, &fhp, &a).await;
    assert_eq!(d["status"], "draft");
    let headings: Vec<&str> = d["parts"].as_array().unwrap().iter().map(|p| p["heading"].as_str().unwrap()).collect();
    assert_eq!(headings.len(), 8, "{headings:?}");
    assert!(headings.contains(&"Parenting capacity") && headings.contains(&"The child's developmental needs"));
    let mum = section(&d, &format!("adult:{mother}"));
    assert!(mum["label"].as_str().unwrap().starts_with("Rosa Family (mother"), "every significant adult has a section: {mum}");

    // The practitioner writes the child's words; the social worker, at the same time, the health
    // section, and is brought the practitioner's words with the answer.
    let r = save(&app, &fhp, &a, json!({"sections": [{"key": "child_wishes", "text": "Lily said she likes school", "base_rev": 0}]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["saved"][0]["rev"], 1);
    let r = save(
        &app,
        &sw,
        &a,
        json!({"sections": [{"key": "health", "text": "Asthma, well managed", "base_rev": 0}], "seen": {"child_wishes": 0, "health": 0}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let others = r.json()["changed_by_others"].clone();
    assert_eq!(others.as_array().unwrap().len(), 1, "{others}");
    assert_eq!(others[0]["text"], "Lily said she likes school");
    assert!(others[0]["changed_by"].as_str().is_some_and(|n| !n.is_empty()));

    // The social worker, from a stale copy, changes the child's words: refused for that section,
    // with the practitioner's words, and nothing in the save applies.
    let before = doc(&app, &fhp, &a).await;
    let r = save(
        &app,
        &sw,
        &a,
        json!({"sections": [{"key": "child_wishes", "text": "Something else", "base_rev": 0}, {"key": "housing", "text": "Flat", "base_rev": 0}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["conflicts"][0]["key"], "child_wishes");
    assert_eq!(r.json()["conflicts"][0]["text"], "Lily said she likes school");
    let after = doc(&app, &fhp, &a).await;
    assert_eq!(after["version"], before["version"], "nothing saved");
    assert_eq!(section(&after, "housing")["text"], "");
    // Having read them, they keep their own words deliberately, from the current revision.
    let r = save(
        &app,
        &sw,
        &a,
        json!({"sections": [{"key": "child_wishes", "text": "Lily said she likes school and football", "base_rev": 1}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The practitioner's words that this replaced are kept whole.
    let mut tx = app.db.db.begin().await.unwrap();
    let versions = ff_store::versions::list_versions(&mut tx, LA, "assessment", a.parse().unwrap()).await.unwrap();
    drop(tx);
    assert_eq!(versions.len(), 1, "one kept version: the replaced words");
    assert_eq!(versions[0].data.0["replaced_sections"]["child_wishes"]["text"], "Lily said she likes school");
    // A save that changes nothing writes nothing.
    let v = doc(&app, &fhp, &a).await["version"].clone();
    let r = save(&app, &fhp, &a, json!({"sections": [{"key": "health", "text": "Asthma, well managed", "base_rev": 0}]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(doc(&app, &fhp, &a).await["version"], v);
    // Unknown sections and control characters are specific mistakes.
    let r = save(
        &app,
        &fhp,
        &a,
        json!({"sections": [{"key": "shoe_size", "text": "9", "base_rev": 0}, {"key": "income", "text": "a\u{7}", "base_rev": 0}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn an_assessment_is_submitted_returned_resubmitted_authorised_and_then_locked() {
    let app = TestApp::new().await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let (child, a, mother) = assessment_with_mother(&app, &sw).await;
    let complete = json!({"completed_date": "2026-11-23", "child_seen": true, "child_seen_alone": true, "factors": ["4B"], "outcome": "family_help_plan", "version": 1,
        "adults": [{"person_id": mother, "seen": true, "assessed": true}]});

    // A manager cannot authorise a draft still being written (R-AS-1).
    let r = app.api("POST", &format!("/api/v1/assessments/{a}/complete"), Some(&mgr), Some(complete.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["rule"], "R-AS-1");
    // Submitting with gaps names each: the child's voice, the mother's views, the analysis, the
    // recommendation.
    let v = doc(&app, &fhp, &a).await["version"].clone();
    let r = app.api("POST", &format!("/api/v1/assessments/{a}/submit"), Some(&fhp), Some(json!({"version": v}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    for f in ["child_wishes", "analysis_risks", "recommendation", &format!("adult:{mother}")] {
        assert!(fields.iter().any(|x| x == f), "{f} not named: {fields:?}");
    }
    submit_written_assessment(&app, &fhp, &a).await;
    let d = doc(&app, &mgr, &a).await;
    assert_eq!(d["status"], "submitted");
    // It waits in the manager's tray (the episode has no lead yet, so every manager sees it).
    let tray = app.api("GET", "/api/v1/work-tray", Some(&mgr), None).await.json();
    assert!(
        tray["assessments"].as_array().unwrap().iter().any(|w| w["assessment_id"] == a.as_str() && w["status"] == "submitted"),
        "{tray}"
    );
    assert!(d["submitted_by"].as_str().is_some());
    // Submitted, it cannot be changed by the practitioner.
    let r = save(&app, &fhp, &a, json!({"sections": [{"key": "housing", "text": "Flat", "base_rev": 0}]})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // Returned with a comment (a return says why; only a manager returns).
    let v = d["version"].clone();
    let r = app.api("POST", &format!("/api/v1/assessments/{a}/return"), Some(&fhp), Some(json!({"comment": "More", "version": v}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.api("POST", &format!("/api/v1/assessments/{a}/return"), Some(&mgr), Some(json!({"comment": " ", "version": v}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.post(&format!("/api/v1/assessments/{a}/return"), &mgr, json!({"comment": "Add what the school said", "version": v})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let d = doc(&app, &fhp, &a).await;
    assert_eq!(d["status"], "returned");
    assert_eq!(d["return_comment"], "Add what the school said");
    let rev = section(&d, "agency_contributions")["rev"].clone();
    let r = save(&app, &fhp, &a, json!({"sections": [{"key": "agency_contributions", "text": "School: attendance 96%", "base_rev": rev}]}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = doc(&app, &fhp, &a).await["version"].clone();
    let r = app.api("POST", &format!("/api/v1/assessments/{a}/submit"), Some(&fhp), Some(json!({"version": v}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    // Authorised, it is locked: no more draft saves, addenda instead.
    let r = app.api("POST", &format!("/api/v1/assessments/{a}/complete"), Some(&mgr), Some(complete)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let d = doc(&app, &fhp, &a).await;
    assert_eq!(d["status"], "authorised");
    assert!(d["authorised_by"].as_str().is_some());
    let r = save(&app, &fhp, &a, json!({"sections": [{"key": "housing", "text": "Flat", "base_rev": 0}]})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/assessments/{a}/addenda"), Some(&fhp), Some(json!({"text": ""}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.api("POST", &format!("/api/v1/assessments/{a}/addenda"), Some(&fhp), Some(json!({"text": "Mum has since moved"}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let d = doc(&app, &mgr, &a).await;
    assert_eq!(d["addenda"][0]["text"], "Mum has since moved");
    assert_eq!(section(&d, "agency_contributions")["text"], "School: attendance 96%", "the authorised words are kept");

    // Every submission, return and authorisation is a kept version.
    let mut tx = app.db.db.begin().await.unwrap();
    let id: uuid::Uuid = a.parse().unwrap();
    let versions = ff_store::versions::list_versions(&mut tx, LA, "assessment", id).await.unwrap();
    let statuses: Vec<String> = versions.iter().rev().map(|v| v.data.0["status"].as_str().unwrap_or("").to_owned()).collect();
    assert_eq!(statuses, vec!["submitted", "returned", "submitted", "authorised"]);
    drop(tx);
    // The child's record shows where the written assessment is.
    let rec = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&fhp), None).await.json();
    assert_eq!(rec["episodes"][0]["assessments"][0]["document_status"], "authorised");
    // The chronology says who submitted it, who returned it and why, and carries the addendum.
    let titles: Vec<&str> = rec["timeline"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    for t in ["Assessment submitted to a manager by", "Assessment returned for changes by", "Addendum to the assessment by"] {
        assert!(titles.iter().any(|x| x.starts_with(t)), "{t} missing: {titles:?}");
    }
    let returned =
        rec["timeline"].as_array().unwrap().iter().find(|e| e["title"].as_str().unwrap().starts_with("Assessment returned")).unwrap();
    assert_eq!(returned["detail"], "Add what the school said");
    // Every entry says who recorded it where the record knows: the contact,
    // the decision, the assessment and its return.
    for kind in ["contact", "decision", "assessment"] {
        let entries: Vec<&Value> = rec["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == kind).collect();
        assert!(
            !entries.is_empty() && entries.iter().all(|e| e["recorded_by"].as_str().is_some_and(|n| !n.is_empty())),
            "{kind}: {entries:?}"
        );
    }
    let report = app.api("GET", &format!("/api/v1/people/{child}/conference-report"), Some(&mgr), None).await.json();
    assert_eq!(report["chronology"], rec["timeline"], "the conference report uses the same chronology");
}

/// Without JavaScript: the page saves a draft with its button, keeps the writer's words and shows
/// the other writer's when they collide, lists what is missing when submitted early, and gives
/// the manager their decision.
#[tokio::test]
async fn the_assessment_page_works_without_javascript() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let (child, a, _) = assessment_with_mother(&app, &sw).await;
    let (cookie, csrf) = app.session(Role::FamilyHelpPractitioner).await;
    let path = format!("/assessments/{a}");
    let page = app.page("GET", &path, &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for text in
        ["Child and family assessment", "name=\"s:child_wishes\"", "Save draft", "Submit to a manager", "Parenting capacity", "Rosa Family"]
    {
        assert!(page.body.contains(text), "{text} missing");
    }
    let child_page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(child_page.body.contains(&format!("href=\"/assessments/{a}\"")), "the child's page links to the assessment");

    let r = app
        .submit(
            &path,
            &cookie,
            &[("csrf_token", &csrf), ("action", "save"), ("s:child_wishes", "Lily likes school"), ("rev:child_wishes", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", &format!("{path}?done=saved"), &cookie, None).await;
    assert!(page.body.contains("Your draft is saved.") && page.body.contains("Lily likes school"));

    // Someone else changes the section; a save from the old copy shows both texts and keeps the
    // writer's words in the box.
    let r = save(&app, &sw, &a, json!({"sections": [{"key": "child_wishes", "text": "Lily talked about her Nan", "base_rev": 1}]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .submit(
            &path,
            &cookie,
            &[("csrf_token", &csrf), ("action", "save"), ("s:child_wishes", "Lily likes school a lot"), ("rev:child_wishes", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("Lily talked about her Nan"), "their words are shown");
    assert!(r.body.contains(">Lily likes school a lot</textarea>"), "the writer's words are kept in the box");
    assert!(r.body.contains("name=\"rev:child_wishes\" value=\"2\""), "a second save replaces theirs knowingly");

    // The page script's autosave is answered in JSON.
    let r = app
        .submit(
            &path,
            &cookie,
            &[("csrf_token", &csrf), ("action", "autosave"), ("s:health", "Well"), ("rev:health", "0"), ("rev:child_wishes", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert!(j["status"].as_str().unwrap().starts_with("Draft saved at"), "{j}");
    assert_eq!(j["changed_by_others"][0]["key"], "child_wishes", "{j}");

    // Submitting early lists what is missing, and the words typed are saved.
    let r = app
        .page("POST", &path, &cookie, Some(&[("csrf_token", &csrf), ("action", "submit"), ("s:housing", "A flat"), ("rev:housing", "0")]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("There is a problem") && r.body.contains("Write the section"), "{}", r.body);
    assert_eq!(section(&doc(&app, &sw, &a).await, "housing")["text"], "A flat");

    // Submitted, the manager reads it and can return it or authorise it.
    submit_written_assessment(&app, &sw, &a).await;
    let (mcookie, mcsrf) = app.session(Role::PracticeSupervisor).await;
    let page = app.page("GET", &path, &mcookie, None).await;
    assert!(page.body.contains("Return for changes") && page.body.contains(&format!("/assessments/{a}/complete")), "{}", page.body);
    assert!(!page.body.contains("name=\"s:child_wishes\""), "a submitted assessment is read, not edited");
    let v = doc(&app, &sw, &a).await["version"].to_string();
    let r = app.page("POST", &format!("{path}/return"), &mcookie, Some(&[("csrf_token", &mcsrf), ("comment", ""), ("version", &v)])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Say what needs to change"));
    let r = app
        .submit(&format!("{path}/return"), &mcookie, &[("csrf_token", &mcsrf), ("comment", "Say more about Dad"), ("version", &v)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", &path, &cookie, None).await;
    assert!(page.body.contains("Returned for changes") && page.body.contains("Say more about Dad"));
}

/// Without JavaScript, a session that ends while the practitioner writes loses nothing: the
/// "Save draft" post arrives signed out, the sign-in page carries the writing, and signing in
/// saves it.
#[tokio::test]
async fn writing_posted_after_a_time_out_is_saved_once_signed_in_again() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let (_, a, _) = assessment_with_mother(&app, &sw).await;
    let words = "Lily said: \"I want to stay at my school\" & smiled <when asked>";
    let path = format!("/assessments/{a}");
    let form = [("csrf_token", "from-the-ended-session"), ("action", "save"), ("s:child_wishes", words), ("rev:child_wishes", "0")];
    let r = app.page("POST", &path, "ff_session=ended", Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(r.body.contains("You were signed out before your writing was saved"), "{}", r.body);
    assert!(r.body.contains("name=\"s:child_wishes\""), "the writing is carried: {}", r.body);
    assert_eq!(section(&doc(&app, &sw, &a).await, "child_wishes")["text"], "", "nothing saved while signed out");
    // The sign-in page's token and cookie, then signing in with the carried fields.
    let pre = r.headers.get_all(axum::http::header::SET_COOKIE).iter().find_map(|v| {
        let v = v.to_str().ok()?;
        v.strip_prefix("ff_signin_csrf=").map(|rest| rest.split(';').next().unwrap_or("").to_owned())
    });
    let pre = pre.expect("the sign-in page sets its form token");
    let hidden = |name: &str| -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = r.body.find(&marker).unwrap() + marker.len();
        // As a browser reads the attribute: the page escapes &, <, >, " and '.
        let mut v = r.body[start..].split('"').next().unwrap().to_owned();
        for (escaped, plain) in
            [("&#34;", "\""), ("&#39;", "'"), ("&#60;", "<"), ("&#62;", ">"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">")]
        {
            v = v.replace(escaped, plain);
        }
        v.replace("&#38;", "&").replace("&amp;", "&")
    };
    let carried = hidden("s:child_wishes");
    let resume = hidden("resume");
    assert_eq!(resume, path);
    let fields = [
        ("csrf_token", pre.as_str()),
        ("username", &super::username(Role::FamilyHelpPractitioner, LA)),
        ("password", super::PASSWORD),
        ("resume", resume.as_str()),
        ("s:child_wishes", carried.as_str()),
        ("rev:child_wishes", "0"),
    ];
    let r = app.page("POST", "/sign-in", &format!("ff_signin_csrf={pre}"), Some(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers[axum::http::header::LOCATION], format!("{path}?done=saved"));
    assert!(r.headers.get_all(axum::http::header::SET_COOKIE).iter().any(|v| v.to_str().unwrap_or("").starts_with("ff_session=")));
    assert_eq!(section(&doc(&app, &sw, &a).await, "child_wishes")["text"], words, "every word saved");
}
