//! Bad input at the edges: control characters and disguised names, impossible and unreadable
//! dates, decisions made twice, and forms that report every mistake in one round; a 422 that
//! changes nothing, never a panic or a stored row.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::json;

use super::child_protection::{child_with_enquiry, conference_body};
use super::defects::{cp_record, episode_by_decision, fh_episode};
use super::family_help::{contact, make_child, user_id};
use super::{LA, TestApp};

#[tokio::test]
async fn control_characters_and_disguised_names_are_a_422_on_both_databases() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Wren", "2019-04-04").await;
    // NUL in free text, in a nested list and in a name: 422 with the field, nothing stored.
    let mut bad_contact = json!({"channel": "phone", "source": "2A", "referrer_name": "Head\u{0}teacher", "concerns": "x", "consent": "given", "child_ids": [child]});
    let r = app.api("POST", "/api/v1/contacts", Some(&sw), Some(bad_contact.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "referrer_name", "{}", r.body);
    bad_contact["referrer_name"] = json!("Head teacher");
    bad_contact["child_ids"] = json!([format!("{child}\u{1b}")]);
    let r = app.api("POST", "/api/v1/contacts", Some(&sw), Some(bad_contact)).await;
    assert_eq!(r.json()["errors"][0]["field"], "child_ids[0]", "{}", r.body);
    let contacts = app.api("GET", "/api/v1/contacts", Some(&sw), None).await.json();
    assert_eq!(contacts.as_array().map(Vec::len), Some(0), "{contacts}");

    for (given, why) in [
        ("Ame\u{0}lia", "NUL"),
        ("\u{202E}ailemA", "right-to-left override"),
        ("\u{200B}\u{200B}", "zero-width only"),
        ("Ame\u{7}lia", "bell"),
    ] {
        let body =
            json!({"given_name": given, "family_name": "Family", "date_of_birth": "2019-01-01", "sex": "F", "confirm_not_duplicate": true});
        let r = app.api("POST", "/api/v1/people", Some(&sw), Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {}", r.body);
    }
    // A search for NUL is refused before it reaches the database.
    let r = app.api("GET", "/api/v1/people?q=%00hart", Some(&sw), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Pages too: a form post and a query string.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let r = app.page("GET", "/people?q=a%00b", &cookie, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .submit(
            "/people/new",
            &cookie,
            &[("csrf_token", csrf.as_str()), ("given_name", "Ame\u{0}lia"), ("family_name", "Family"), ("sex", "F")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn impossible_dates_are_a_422_never_a_panic_or_a_stored_row() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Vera", "2019-04-04").await;
    for when in ["0001-01-01T09:00:00Z", "+262143-12-31T00:00:00Z", "-262143-01-01T00:00:00Z", "1899-12-31T23:00:00Z"] {
        let body = json!({"received_at": when, "channel": "phone", "source": "2A", "referrer_name": "Head teacher", "concerns": "x", "consent": "given", "child_ids": [child]});
        let r = app.api("POST", "/api/v1/contacts", Some(&sw), Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{when}: {}", r.body);
        assert_eq!(r.json()["errors"][0]["field"], "received_at", "{}", r.body);
    }
    let ep = episode_by_decision(&app, &sw, &child, "2026-11-16T09:00:00Z", "family_help", "N5").await;
    for day in ["0001-01-01", "+262143-12-31", "9999-12-31"] {
        let r = app
            .api("POST", &format!("/api/v1/episodes/{ep}/visits"), Some(&sw), Some(json!({"visit_date": day, "child_seen": true})))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{day}: {}", r.body);
    }
    let fh = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&sw), None).await.json();
    assert!(!fh["timeline"].as_array().unwrap().iter().any(|t| t["kind"] == "visit"), "nothing stored: {fh}");
    // A form's year box: 0001 is refused with a message, not stored.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let r = app
        .submit(
            "/people/new",
            &cookie,
            &[
                ("csrf_token", csrf.as_str()),
                ("given_name", "Old"),
                ("family_name", "Timer"),
                ("sex", "F"),
                ("dob_day", "1"),
                ("dob_month", "1"),
                ("dob_year", "0001"),
            ],
        )
        .await;
    assert!(r.body.contains("1900 or later"), "{}", r.body);
}

#[tokio::test]
async fn a_decision_someone_else_made_first_is_a_conflict() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let child = make_child(&app, &sw, "Uma", "2019-04-04").await;
    let c = contact(&app, &sw, &child, Some("2026-11-16T09:00:00Z")).await;
    let url = format!("/api/v1/contacts/{}/decision", c["id"].as_str().unwrap());
    let body = json!({"decision": "advice_signposting", "reason": "Signposted to the school nurse", "version": 1});
    assert_eq!(app.api("POST", &url, Some(&sw), Some(body.clone())).await.status, StatusCode::OK);
    // The manager opened the same contact at version 1 and decides a moment later.
    let r = app.api("POST", &url, Some(&mgr), Some(body)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["current_version"], 2, "{}", r.body);
}

#[tokio::test]
async fn dates_as_typed_styled_errors_for_bad_addresses_and_the_returns_year_with_data() {
    let app = TestApp::new().await;
    let (cookie, _) = app.session(Role::PracticeSupervisor).await;
    // The performance page takes GOV.UK date inputs; a wrong date is an error on the form.
    let r = app.page("GET", "/performance?from_day=1&from_month=4&from_year=2026&to_day=23&to_month=11&to_year=2026", &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("name=\"from_day\"") && r.body.contains("1 April 2026 to 23 November 2026"), "{}", r.body);
    let r = app.page("GET", "/performance?from_day=31&from_month=2&from_year=2026", &cookie, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary") && r.body.contains("must be a real date"), "{}", r.body);
    // The period's own rule (start on or before end) is the service's, shown on the form.
    let r = app.page("GET", "/performance?from=2026-11-01&to=2026-10-01", &cookie, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary") && r.body.contains("on or before its end"), "{}", r.body);
    let r = app.page("GET", "/performance?from=banana", &cookie, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary"), "{}", r.body);
    // A malformed id in a page address is the styled "page not found", not plain text.
    // It keeps the signed-in person's header and navigation, as does an unknown address.
    for path in ["/people/not-a-uuid", "/episodes/xyz/close", "/returns/jobs/zzz", "/no-such-page"] {
        let r = app.page("GET", path, &cookie, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("govuk-heading-l") && r.body.contains("Page not found"), "{path}: {}", r.body);
        assert!(
            r.body.contains("govuk-service-navigation__link") && r.body.contains("Sign out"),
            "{path} keeps the navigation: {}",
            r.body
        );
    }
    // Not signed in: the plain page, and the API's unknown addresses stay problem+json.
    let r = app.page("GET", "/no-such-page", "", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("govuk-service-navigation__link"), "{}", r.body);
    let r = app.api("GET", "/api/v1/no-such-thing", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.headers[axum::http::header::CONTENT_TYPE], "application/problem+json");
    // A page number that cannot be read is a message on the search form, not a bare error page.
    let r = app.page("GET", "/people?q=Hart&page=two", &cookie, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("govuk-error-summary") && r.body.contains("name=\"q\"") && r.body.contains("value=\"Hart\""), "{}", r.body);
    // Returns: with an episode open, the year offered is the one in progress (2026/27 ends in 2027).
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Tess", "2018-01-01").await;
    episode_by_decision(&app, &sw, &child, "2026-11-16T09:00:00Z", "referral_assessment", "N1").await;
    let (analyst, _) = app.session(Role::PerformanceAnalyst).await;
    let r = app.page("GET", "/returns", &analyst, None).await;
    assert!(r.body.contains("value=\"2027\""), "{}", r.body);
}

#[tokio::test]
async fn the_contact_form_asks_who_and_when_and_reports_every_mistake_at_once() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Skye", "2018-02-02").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let form = app.page("GET", &format!("/contacts/new?child={child}"), &cookie, None).await;
    assert!(form.body.contains("<option value=\"\" selected>Choose who made the contact</option>"), "{}", form.body);
    assert!(form.body.contains("name=\"received_day\"") && form.body.contains("name=\"received_time\""));
    // Several mistakes at once: a bad time, no source, no concerns, no consent.
    let child_s = child.as_str();
    let bad = [
        ("csrf_token", csrf.as_str()),
        ("child", child_s),
        ("received_day", "20"),
        ("received_month", "11"),
        ("received_year", "2026"),
        ("received_time", "25:99"),
        ("channel", "phone"),
    ];
    let r = app.page("POST", "/contacts/new", &cookie, Some(&bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["received_time", "source", "concerns", "consent"] {
        assert!(r.body.contains(&format!("href=\"#{field}\"")), "{field} missing from the summary: {}", r.body);
    }
    assert!(r.body.contains("value=\"25:99\""), "what was typed is kept");
    let contacts = app.api("GET", "/api/v1/contacts", Some(&sw), None).await.json();
    assert_eq!(contacts.as_array().map(Vec::len), Some(0), "nothing saved");
    // Recorded after the event: the contact keeps the date and time it arrived (GMT in November).
    let good = [
        ("csrf_token", csrf.as_str()),
        ("child", child_s),
        ("received_day", "20"),
        ("received_month", "11"),
        ("received_year", "2026"),
        ("received_time", "16:45"),
        ("channel", "phone"),
        ("source", "2A"),
        ("concerns", "Child arrived at school with a bruise"),
        ("consent", "given"),
    ];
    let r = app.page("POST", "/contacts/new", &cookie, Some(&good)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let contacts = app.api("GET", "/api/v1/contacts", Some(&sw), None).await.json();
    assert_eq!(contacts[0]["received_at"], "2026-11-20T16:45:00Z", "{contacts}");
    let page = app.page("GET", r.headers["location"].to_str().unwrap(), &cookie, None).await;
    assert!(page.body.contains("<dd class=\"govuk-summary-list__value\">Consent given</dd>"), "labels, not codes: {}", page.body);
}

/// An unknown record's merge page is not
/// found; a refused contact feedback keeps the note typed; dates missing from a form are asked
/// for once ("Enter the date…", never "the the"); the strategy form carries the episode version.
#[tokio::test]
async fn small_form_findings() {
    let app = TestApp::new().await;
    let (mgr_cookie, mgr_csrf) = app.session(Role::PracticeSupervisor).await;
    let unknown = uuid::Uuid::new_v4();
    assert_eq!(app.page("GET", &format!("/people/{unknown}/merge"), &mgr_cookie, None).await.status, StatusCode::NOT_FOUND);

    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Rae", "2017-07-07").await;
    let c = super::family_help::contact(&app, &sw, &child, None).await;
    let id = c["id"].as_str().unwrap();
    let decision =
        json!({"decision": "referral_assessment", "reason": "Needs an assessment", "primary_need": "N1", "version": c["version"]});
    let r = app.api("POST", &format!("/api/v1/contacts/{id}/decision"), Some(&sw), Some(decision)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let r = app
        .submit(
            &format!("/contacts/{id}/feedback"),
            &cookie,
            &[("csrf_token", &csrf), ("note", "Told the head teacher by phone"), ("version", "99")],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(r.body.contains("value=\"Told the head teacher by phone\""), "the note is kept: {}", r.body);

    // The strategy form carries the episode's version, so a level changed meanwhile is refused.
    let other = make_child(&app, &sw, "Sol", "2016-06-06").await;
    let ep = episode_by_decision(&app, &sw, &other, "2026-11-16T09:00:00Z", "family_help", "N5").await;
    let child = other;
    let form = app.page("GET", &format!("/episodes/{ep}/strategy?child={child}"), &mgr_cookie, None).await;
    assert!(form.body.contains("name=\"episode_version\""), "{}", form.body);
    // An unknown enquiry is 404 before the form's contents are judged.
    let (lcpp_cookie, lcpp_csrf) = app.session(Role::Lcpp).await;
    let r =
        app.page("POST", &format!("/s47/{unknown}/conclude"), &lcpp_cookie, Some(&[("csrf_token", &lcpp_csrf), ("child", &child)])).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let _ = mgr_csrf;
}

/// A chronology note with an unreadable date and nothing else filled in reports
/// every mistake at once, keeps what was typed, and saves nothing.
#[tokio::test]
async fn a_note_reports_every_mistake_in_one_round() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = make_child(&app, &sw, "Ivo", "2018-08-08").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let form = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("occurred_on_day", "31"),
        ("occurred_on_month", "2"),
        ("occurred_on_year", "2026"),
        ("source_type", ""),
        ("note", ""),
    ];
    let r = app.page("POST", &format!("/people/{child}/notes"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for message in ["real date", "Say where this comes from", "Write the note"] {
        assert!(r.body.contains(message), "{message} missing: {}", r.body);
    }
    assert!(r.body.contains("value=\"31\""), "the typed day is kept");
    let cp = app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&sw), None).await.json();
    assert_eq!(cp["notes"].as_array().map(Vec::len), Some(0), "nothing saved: {cp}");
}

/// Posts `fields` to a page form with the date `prefix` typed as 31 February and expects every
/// message in `expected` on one refused page that keeps the typed day.
async fn one_round_case(app: &TestApp, role: Role, path: &str, prefix: &str, fields: &[(&str, &str)], expected: &[&str]) {
    let (cookie, csrf) = app.session(role).await;
    let (d, m, y) = (format!("{prefix}_day"), format!("{prefix}_month"), format!("{prefix}_year"));
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", csrf.as_str()), (d.as_str(), "31"), (m.as_str(), "2"), (y.as_str(), "2026")];
    form.extend_from_slice(fields);
    let r = app.page("POST", path, &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {}", r.body);
    for message in [&["real date"], expected].concat() {
        assert!(r.body.contains(message), "{path}: '{message}' missing in one round: {}", r.body);
    }
    assert!(r.body.contains("value=\"31\""), "{path}: the typed day is kept");
}

/// A date that cannot be read is reported together with
/// the form's other mistakes (not in rounds), what was typed is kept, and nothing is saved, not
/// even when everything else on the form was right.
#[tokio::test]
async fn forms_with_an_unreadable_date_report_every_mistake_in_one_round() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let chair = app.token(Role::ConferenceChair, LA).await;
    let chair_id = user_id(&app, Role::ConferenceChair).await;
    let (child, ep, s47) = child_with_enquiry(&app, "Nell", Some("2018-05-01")).await;
    let r = app
        .post(
            &format!("/api/v1/episodes/{ep}/plans"),
            &fhp,
            json!({"start_date": "2026-01-02", "items": [{"kind": "outcome", "description": "Nell feels safe at home"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let episode = fh_episode(&app, &sw, &child).await;
    let plan = episode["plan"]["id"].as_str().unwrap().to_owned();
    let version = episode["version"].to_string();
    let c = child.as_str();

    one_round_case(
        &app,
        Role::SocialWorker,
        &format!("/episodes/{ep}/level"),
        "from_date",
        &[("child", c), ("version", &version), ("level", ""), ("reason", "")],
        &["Select targeted early help or child in need", "Give the reason for the change"],
    )
    .await;
    one_round_case(
        &app,
        Role::SocialWorker,
        &format!("/plans/{plan}/review"),
        "review_date",
        &[("child", c), ("summary", "")],
        &["Summarise the review"],
    )
    .await;
    one_round_case(
        &app,
        Role::PracticeSupervisor,
        &format!("/episodes/{ep}/oversight"),
        "record_date",
        &[("child", c), ("note", "")],
        &["Record the oversight"],
    )
    .await;
    one_round_case(
        &app,
        Role::SocialWorker,
        &format!("/people/{child}/fgdm"),
        "referred_on",
        &[("child", c), ("stage", "")],
        &["Choose the stage"],
    )
    .await;
    // A network entry with nobody chosen reports the rest of the entry with it.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let form = [("csrf_token", csrf.as_str()), ("child", c), ("person_id", ""), ("relationship", ""), ("willingness", "")];
    let r = app.page("POST", &format!("/people/{child}/network/members"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for message in ["Choose a person", "Say how they are related", "Say whether they are willing to help"] {
        assert!(r.body.contains(message), "'{message}' missing in one round: {}", r.body);
    }
    // No chair chosen is no longer a reason to stop judging the rest of the conference form.
    one_round_case(
        &app,
        Role::ConferenceChair,
        &format!("/people/{child}/conference"),
        "held_on",
        &[("child", c), ("kind", "initial"), ("decision", "")],
        &["Choose the chair", "Record the conference&#39;s decision"],
    )
    .await;
    one_round_case(
        &app,
        Role::LaAdmin,
        "/admin/lcpp",
        "designated_on",
        &[("user_id", ""), ("evidence", "")],
        &["Choose the practitioner", "Record the evidence for the designation"],
    )
    .await;
    one_round_case(&app, Role::LaAdmin, "/calendar/holidays", "date", &[("name", "")], &["Enter the name of the bank holiday"]).await;
    // Everything right but the date: refused, and the address is not saved with a date nobody typed.
    let before = app.api("GET", &format!("/api/v1/people/{child}"), Some(&sw), None).await.json();
    one_round_case(
        &app,
        Role::SocialWorker,
        &format!("/people/{child}/addresses"),
        "start_date",
        &[("line1", "1 Mill Lane"), ("town", "Leeds"), ("postcode", "LS1 4AP")],
        &[],
    )
    .await;
    let after = app.api("GET", &format!("/api/v1/people/{child}"), Some(&sw), None).await.json();
    assert_eq!(before["addresses"], after["addresses"], "no address saved");

    // The child protection plan's forms, and asking a partner for information.
    let url = format!("/api/v1/people/{child}/conferences");
    let r = app.api("POST", &url, Some(&chair), Some(conference_body("initial", Some(&s47), "2026-01-12", &chair_id, "plan"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let cp_plan = r.json()["cp_plan_id"].as_str().unwrap().to_owned();
    one_round_case(
        &app,
        Role::Lcpp,
        &format!("/cp-plans/{cp_plan}/items"),
        "due_on",
        &[("child", c), ("kind", ""), ("description", "")],
        &["Choose outcome or action", "Describe the outcome or action"],
    )
    .await;
    one_round_case(
        &app,
        Role::Lcpp,
        &format!("/people/{child}/info-request"),
        "due_on",
        &[("child", c), ("agency", ""), ("question", "")],
        &["Choose the agency to ask", "Write what you are asking for"],
    )
    .await;

    // Nothing above was saved.
    let e = fh_episode(&app, &sw, &child).await;
    assert_eq!(e["level"], episode["level"], "{e}");
    assert_eq!(e["version"], episode["version"], "{e}");
    let cp = cp_record(&app, &sw, &child).await;
    assert_eq!(cp["info_requests"].as_array().map(Vec::len), Some(0), "{cp}");
    let holidays = app.api("GET", "/api/v1/calendar/bank-holidays", Some(&sw), None).await;
    assert!(!holidays.body.contains("2026-03-01") && !holidays.body.contains("2026-12-04"), "{}", holidays.body);
}
