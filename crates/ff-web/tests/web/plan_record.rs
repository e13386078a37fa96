//! The child protection plan's shared record (R-FH-2, R-CP-6): the LCPP and the
//! family help lead write one plan, section by section, with the child's and the family's own
//! words; nothing either writes is silently overwritten; the family's copy carries their words;
//! an ended plan is locked.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, Resp, TestApp};

/// A child on a child protection plan whose family help lead is the test family help
/// practitioner; the plan's id.
async fn child_on_a_plan(app: &TestApp, given: &str) -> (String, String) {
    super::child_protection::child_after_initial_conference(app, given, "cp_plan_id").await
}

/// Saves the plan page at `page` without the script, with `words` as what the child says, from
/// a copy that had that section empty.
async fn save_child_words(app: &TestApp, page: &str, cookie: &str, csrf: &str, words: &str) -> Resp {
    app.submit(page, cookie, &[("csrf_token", csrf), ("action", "save"), ("s:child_words", words), ("rev:child_words", "0")]).await
}

fn edit(key: &str, text: &str, base_rev: i64) -> Value {
    json!({"key": key, "text": text, "base_rev": base_rev})
}

/// Audit events of the council, and kept versions of the plan's record.
async fn counts(app: &TestApp, plan: &str) -> (i64, usize) {
    let mut tx = app.db.db.begin().await.unwrap();
    let audit = ff_store::audit::count_events(&mut tx, LA).await.unwrap();
    let versions = ff_store::versions::list_versions(&mut tx, LA, "cp_plan_record", plan.parse().unwrap()).await.unwrap().len();
    (audit, versions)
}

#[tokio::test]
async fn the_lcpp_and_the_family_help_lead_write_one_plan_with_the_familys_own_words() {
    let app = TestApp::new().await;
    let (child, plan) = child_on_a_plan(&app, "Rosa").await;
    let path = format!("/api/v1/cp-plans/{plan}/record");
    let lcpp = app.token(Role::Lcpp, LA).await;
    let fh_lead = app.token(Role::FamilyHelpPractitioner, LA).await;

    let r = app.api("GET", &path, Some(&lcpp), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rec = r.json();
    assert_eq!(rec["version"], 0);
    assert_eq!(rec["may_write"], true);
    assert_eq!(rec["family_help_lead_name"], "Test Family help practitioner");
    let keys: Vec<&str> = rec["sections"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["worries", "working_well", "needs_to_change", "child_words", "family_words", "network"]);

    // The LCPP writes what everyone is worried about; the family help lead, at the same time,
    // the family's own words. Neither refuses the other.
    let worries = "Rosa has been left alone at night while her mother works.";
    let r = app.api("PUT", &path, Some(&lcpp), Some(json!({"sections": [edit("worries", worries, 0)]}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["saved"][0]["rev"], 1);
    let family = "Mum: \"I want Rosa safe, but I need help with the night shifts.\"";
    let r =
        app.api("PUT", &path, Some(&fh_lead), Some(json!({"sections": [edit("family_words", family, 0)], "seen": {"worries": 0}}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let saved = r.json();
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["changed_by_others"][0]["key"], "worries", "the LCPP's change comes back to the other writer");
    assert_eq!(saved["changed_by_others"][0]["changed_by"], "Test Lead child protection practitioner");

    // A change from a stale copy is refused with the other writer's words; nothing in that save
    // is kept, and nothing is recorded.
    let before = counts(&app, &plan).await;
    let r = app
        .put(
            &path,
            &fh_lead,
            json!({"sections": [edit("worries", "My version", 0), edit("network", "Nan will sleep over on shift nights", 0)]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains(worries), "{}", r.body);
    let r = app.api("PUT", &path, Some(&lcpp), Some(json!({"sections": [edit("shoe_size", "9", 0)]}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(counts(&app, &plan).await, before, "refused saves change nothing");
    let rec = app.api("GET", &path, Some(&lcpp), None).await.json();
    assert_eq!(rec["sections"][5]["text"], "", "the network section of the refused save was not kept");

    // Who may write: the LCPP, the family help lead, social workers; not another family help
    // practitioner, a conference chair or a partner.
    let admin = app.token(Role::LaAdmin, LA).await;
    let r = app
        .api(
            "POST",
            "/api/v1/users",
            Some(&admin),
            Some(json!({"username": "other-fhp", "display_name": "Other Practitioner", "role": "family_help_practitioner",
                "agency": "local_authority", "password": super::PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app.api("POST", "/api/v1/auth/token", None, Some(json!({"username": "other-fhp", "password": super::PASSWORD}))).await;
    let other = r.json()["token"].as_str().unwrap().to_owned();
    let chair = app.token(Role::ConferenceChair, LA).await;
    let police = app.token(Role::PartnerAgency, LA).await;
    for (who, token) in [("another family help practitioner", &other), ("a chair", &chair), ("a partner", &police)] {
        let r = app.api("PUT", &path, Some(token), Some(json!({"sections": [edit("network", "x", 0)]}))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let r = app.api("GET", &path, Some(&chair), None).await;
    assert_eq!(r.json()["may_write"], false, "the chair reads the plan");
    // The police partner reads it once their multi-agency team works the case, never writes.
    assert_eq!(app.api("GET", &path, Some(&police), None).await.status, StatusCode::FORBIDDEN);
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let team =
        app.api("POST", "/api/v1/teams", Some(&mgr), Some(json!({"name": "North MACPT"}))).await.json()["id"].as_str().unwrap().to_owned();
    let police_id = super::family_help::user_id(&app, Role::PartnerAgency).await;
    let r = app.api("POST", &format!("/api/v1/teams/{team}/members"), Some(&mgr), Some(json!({"user_id": police_id}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let sw = app.token(Role::SocialWorker, LA).await;
    let r = app
        .api("POST", &format!("/api/v1/teams/{team}/cases"), Some(&sw), Some(json!({"child_id": child, "from_date": "2026-01-05"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app.api("GET", &path, Some(&police), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["may_write"], false);
    assert_eq!(
        app.api("PUT", &path, Some(&police), Some(json!({"sections": [edit("network", "x", 0)]}))).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(r.json()["version"], 2, "no refused writer changed it");

    // The LCPP rewrites the family's words: the family help lead's words are kept whole.
    let r = app.api("PUT", &path, Some(&lcpp), Some(json!({"sections": [edit("family_words", "Mum agrees with the plan.", 1)]}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut tx = app.db.db.begin().await.unwrap();
    let kept: Vec<String> = ff_store::versions::list_versions(&mut tx, LA, "cp_plan_record", plan.parse().unwrap())
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.data.0.to_string())
        .collect();
    drop(tx);
    assert_eq!(kept.len(), 1);
    assert!(kept[0].contains("night shifts"), "{kept:?}");

    // The family's copy of the plan carries what was written.
    let r =
        app.api("PUT", &path, Some(&fh_lead), Some(json!({"sections": [edit("child_words", "I get scared when it is dark.", 0)]}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/cp-plans/{plan}/issue"), Some(&lcpp), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let pdf = super::documents::pdf_text(&app.api("GET", &format!("/api/v1/documents/{id}/content"), Some(&lcpp), None).await.body);
    for words in ["left alone at night", "What Rosa says", "scared when it is dark", "What you told us", "Mum agrees with the plan."] {
        assert!(pdf.contains(words), "{words}: {pdf}");
    }

    // An ended plan is kept as it was.
    let r = app
        .post(&format!("/api/v1/cp-plans/{plan}/end"), &lcpp, json!({"end_date": "2026-11-20", "reason": "moved_away", "version": 1}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("PUT", &path, Some(&lcpp), Some(json!({"sections": [edit("network", "late", 0)]}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("R-CP-6"), "{}", r.body);
    assert_eq!(app.api("GET", &path, Some(&lcpp), None).await.json()["may_write"], false);
}

#[tokio::test]
async fn the_plan_is_written_on_its_page_with_and_without_the_script() {
    let app = TestApp::new().await;
    let (child, plan) = child_on_a_plan(&app, "Noor").await;
    let page = format!("/cp-plans/{plan}/record");
    let (cookie, csrf) = app.session(Role::FamilyHelpPractitioner).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains(&format!("href=\"{page}\"")) && show.body.contains("Write the plan"), "the child's page links to it");
    let r = app.page("GET", &page, &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("data-ff-draft") && r.body.contains("What the family says") && r.body.contains("Nothing written yet."));

    // Without the script: "Save" posts every section; untouched ones (matching their
    // fingerprint) are not sent.
    let r = save_child_words(&app, &page, &cookie, &csrf, "I like my school.").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.page("GET", &format!("{page}?done=saved"), &cookie, None).await;
    assert!(r.body.contains("The plan is saved.") && r.body.contains("I like my school."));
    assert!(r.body.contains("Last saved by Test Family help practitioner"));

    // The script's autosave is answered in JSON.
    let r = app
        .submit(
            &page,
            &cookie,
            &[
                ("csrf_token", csrf.as_str()),
                ("action", "autosave"),
                ("s:network", "Aunt Sara"),
                ("rev:network", "0"),
                ("rev:child_words", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["saved"][0]["key"], "network");

    // A stale copy: the form comes back with the writer's words kept and the other's shown.
    let (lcpp_cookie, lcpp_csrf) = app.session(Role::Lcpp).await;
    let r = save_child_words(&app, &page, &lcpp_cookie, &lcpp_csrf, "My summary").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("changed &#39;What the child says&#39; while you were writing") || r.body.contains("changed 'What the child says'")
    );
    assert!(r.body.contains("My summary") && r.body.contains("I like my school."));

    // A chair reads it without a form.
    let (chair_cookie, _) = app.session(Role::ConferenceChair).await;
    let r = app.page("GET", &page, &chair_cookie, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("data-ff-draft") && r.body.contains("I like my school."));
}

/// A family help plan is written the same way, by the practitioners working with the family
/// (PR-1), and read from the child's page.
#[tokio::test]
async fn a_family_help_plan_is_written_with_the_family() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Tia", "2016-02-02").await;
    let (episode, _) = super::family_help::open_for_assessment(&app, &sw, &child, None).await;
    let plan = app
        .created(
            &format!("/api/v1/episodes/{episode}/plans"),
            &sw,
            json!({"start_date": "2026-11-23", "items": [{"kind": "outcome", "description": "Tia goes to school every day"}]}),
            "id",
        )
        .await;
    let path = format!("/api/v1/plans/{plan}/record");
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let r = app.api("PUT", &path, Some(&fhp), Some(json!({"sections": [edit("family_words", "Dad: mornings are the hardest.", 0)]}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rec = app.api("GET", &path, Some(&sw), None).await.json();
    assert_eq!(rec["kind"], "family_help");
    assert_eq!(rec["sections"][4]["text"], "Dad: mornings are the hardest.");
    assert_eq!(rec["items"][0]["description"], "Tia goes to school every day");
    assert!(rec["contingency"].is_null() && rec["category_label"].is_null());
    for role in [Role::ConferenceChair, Role::PartnerAgency] {
        let token = app.token(role, LA).await;
        let r = app.api("PUT", &path, Some(&token), Some(json!({"sections": [edit("network", "x", 0)]}))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role:?}: {}", r.body);
    }
    // The page: linked from the child's record, written without the script too.
    let (cookie, csrf) = app.session(Role::FamilyHelpPractitioner).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains(&format!("href=\"/plans/{plan}/record\"")) && show.body.contains("Write the plan with the family"));
    let page = format!("/plans/{plan}/record");
    let r = app.page("GET", &page, &cookie, None).await;
    assert!(r.body.contains("<h1 class=\"govuk-heading-l\">Family help plan</h1>") && !r.body.contains("If things do not get better"));
    let r = app
        .submit(
            &page,
            &cookie,
            &[
                ("csrf_token", csrf.as_str()),
                ("action", "save"),
                ("s:network", "Gran does the school run on Mondays"),
                ("rev:network", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.page("GET", &format!("{page}?done=saved"), &cookie, None).await.body.contains("Gran does the school run"));
}
