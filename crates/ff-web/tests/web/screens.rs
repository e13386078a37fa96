//! What a walk through the screens in a browser found: the demo accounts the sign-in page lists,
//! what the work tray says about its dates, where the error summary's links to radio groups go,
//! the relationship form keeping its search after a mistake, date errors leading to the day box,
//! and the saved banner opening the child's page at the top with a link to the work.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use ff_domain::roles::Role;
use serde_json::json;

use super::looked_after::{placement, with};
use super::{LA, TestApp};

/// Every link in the page's error summary leads to a form control (an input, a select or a
/// text area) with that id, so that following it moves focus there, as GOV.UK Frontend expects;
/// a link to a radio group leads to its first radio.
fn error_links_reach_a_control(body: &str) {
    let summary = body.split("govuk-error-summary__list").nth(1).unwrap_or_else(|| panic!("no error summary: {body}"));
    let summary = &summary[..summary.find("</ul>").unwrap()];
    let targets: Vec<&str> = summary.split("href=\"#").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert!(!targets.is_empty(), "{summary}");
    for id in targets {
        let at = body.find(&format!(" id=\"{id}\"")).unwrap_or_else(|| panic!("nothing has the id {id}: {body}"));
        let tag = &body[body[..at].rfind('<').unwrap()..at];
        assert!(
            ["<input", "<select", "<textarea"].iter().any(|t| tag.starts_with(t)),
            "the summary's link to #{id} leads to {tag}, not a form control"
        );
    }
}

/// The sign-in page of the demonstration council lists every demo account, from the list that
/// creates them, each with what it does.
#[tokio::test]
async fn the_sign_in_page_lists_every_demo_account() {
    let app = TestApp::new().await;
    let r = app.send(Request::builder().uri("/sign-in").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
    for u in ff_demo::DEMO_USERS {
        assert!(r.body.contains(&format!("<strong>{}</strong>", u.username)), "{} is listed: {}", u.username, r.body);
    }
    for newer in ["fostering", "workforce", "partnership", "commissioner", "iro", "adviser", "scrutineer"] {
        assert!(r.body.contains(&format!("<strong>{newer}</strong>")), "{newer}");
    }
    assert!(r.body.contains("<strong>police</strong> – partner agency member, police"), "{}", r.body);
    assert!(r.body.contains(&format!("<strong>{}</strong>", ff_demo::DEMO_PASSWORD)));
}

/// The tray mixes timescales counted in working days with ones counted in weeks and months, which
/// can fall on a weekend; it says so rather than claiming every date follows the working-day
/// calendar. A child placed on Saturday 14 November is visited within a week (T28): Saturday 21
/// November.
#[tokio::test]
async fn the_work_tray_says_which_dates_count_working_days() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let sw_id = super::family_help::user_id(&app, Role::SocialWorker).await;
    let child = super::family_help::make_child(&app, &sw, "Wren", "2015-02-02").await;
    let (ep, _) = super::family_help::open_for_assessment(&app, &sw, &child, None).await;
    let r = app.api("POST", &format!("/api/v1/episodes/{ep}/allocation"), Some(&mgr), Some(json!({"lead_id": sw_id, "version": 1}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = with(placement("C1", "U6", "NM1 1AA"), json!({"start_date": "2026-11-14", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", "/work", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sat 21 Nov 2026"), "the visit falls on a Saturday: {}", page.body);
    assert!(!page.body.contains("Dates follow the working-day calendar"), "not every date does");
    assert!(page.body.contains("Timescales set in working days skip weekends and bank holidays"), "{}", page.body);
    assert!(page.body.contains("fall on the calendar date, which can be a weekend"), "{}", page.body);
}

/// A radio group's error in the summary links to its first radio.
#[tokio::test]
async fn the_error_summary_links_to_the_first_radio_of_a_group() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let commissioner = app.token(Role::Commissioner, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Ida", "2012-05-05").await;
    let body = json!({"urgency": "planned", "home_kind": "residential", "needed_by": "2026-12-04", "siblings": 0, "near_family": false,
        "stay_at_school": false, "needs": "A calm home", "risk_to_child": "low", "risk_to_others": "low"});
    let search = app.created(&format!("/api/v1/people/{child}/home-searches"), &sw, body, "id").await;
    let offer = json!({"provider_name": "Birch Fostering", "answered_on": "2026-11-23", "answer": "offered", "weekly_cost_pence": 90_000, "start_on": "2026-11-30"});
    let offer = app.created(&format!("/api/v1/home-searches/{search}/answers"), &commissioner, offer, "id").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let post = [
        ("version", "1"),
        ("decided_on_day", "23"),
        ("decided_on_month", "11"),
        ("decided_on_year", "2026"),
        ("csrf_token", csrf.as_str()),
    ];
    let r = app.submit(&format!("/home-search-offers/{offer}/decision?search={search}"), &cookie, &post).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("href=\"#decision\""), "{}", r.body);
    assert!(r.body.contains("id=\"decision\" name=\"decision\" type=\"radio\" value=\"accept\""), "the first radio: {}", r.body);
    assert!(r.body.contains("id=\"decision-2\" name=\"decision\" type=\"radio\" value=\"decline\""), "the second: {}", r.body);
    error_links_reach_a_control(&r.body);
}

/// Saving a relationship without choosing the other person draws the form again with the search
/// box, what was typed in it and the people it found, so the choice can be made there.
#[tokio::test]
async fn the_relationship_form_keeps_its_search_after_a_mistake() {
    let app = TestApp::new().await;
    let t = app.token(Role::SocialWorker, LA).await;
    let kid = app.created("/api/v1/people", &t, super::child(None), "id").await;
    let dad = json!({"given_name": "Tom", "family_name": "Hart", "date_of_birth": "1988-05-01", "sex": "M"});
    let dad = app.created("/api/v1/people", &t, dad, "id").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let form = app.page("GET", &format!("/people/{kid}/relationships/new?q=Hart"), &cookie, None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(&format!("value=\"{dad}\"")), "the search finds Tom: {}", form.body);
    assert!(form.body.contains("<input type=\"hidden\" name=\"q\" value=\"Hart\">"), "the form carries the search: {}", form.body);

    let post = [("csrf_token", csrf.as_str()), ("q", "Hart"), ("kind", "father")];
    let r = app.submit(&format!("/people/{kid}/relationships"), &cookie, &post).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Choose who the relationship is with"), "{}", r.body);
    assert!(r.body.contains("id=\"q\" name=\"q\" type=\"text\" value=\"Hart\""), "the search box, with what was typed: {}", r.body);
    assert!(r.body.contains(&format!("id=\"relative_id\" name=\"relative_id\" type=\"radio\" value=\"{dad}\"")), "{}", r.body);
    error_links_reach_a_control(&r.body);
    // Chosen now: saved.
    let post = [("csrf_token", csrf.as_str()), ("q", "Hart"), ("kind", "father"), ("relative_id", dad.as_str())];
    let r = app.submit(&format!("/people/{kid}/relationships"), &cookie, &post).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// A date's error in the summary links to its day box, the first box to correct.
#[tokio::test]
async fn the_error_summary_links_to_the_day_of_a_date() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let commissioner = app.token(Role::Commissioner, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Joy", "2012-05-05").await;
    let body = json!({"urgency": "planned", "home_kind": "residential", "needed_by": "2026-12-04", "siblings": 0, "near_family": false,
        "stay_at_school": false, "needs": "A calm home", "risk_to_child": "low", "risk_to_others": "low"});
    let search = app.created(&format!("/api/v1/people/{child}/home-searches"), &sw, body, "id").await;
    let offer = json!({"provider_name": "Birch Fostering", "answered_on": "2026-11-23", "answer": "offered", "weekly_cost_pence": 90_000, "start_on": "2026-11-30"});
    let offer = app.created(&format!("/api/v1/home-searches/{search}/answers"), &commissioner, offer, "id").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let post =
        [("version", "1"), ("decision", "accept"), ("decided_on_day", "31"), ("decided_on_month", "2"), ("csrf_token", csrf.as_str())];
    let r = app.submit(&format!("/home-search-offers/{offer}/decision?search={search}"), &cookie, &post).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("href=\"#decided_on\""), "{}", r.body);
    assert!(r.body.contains("id=\"decided_on\" name=\"decided_on_day\""), "the day box carries the field's id: {}", r.body);
    error_links_reach_a_control(&r.body);
}

/// After a save the child's page opens at the top, where the banner says what was saved, and the
/// banner links to the part of the page the work was about (child protection work to the child
/// protection section, not family help).
#[tokio::test]
async fn the_saved_banner_links_to_the_part_of_the_page_the_work_was_about() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Kit", "2015-05-05").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let post = [
        ("csrf_token", csrf.as_str()),
        ("kind", "office_visit"),
        ("occurred_on_day", "22"),
        ("occurred_on_month", "11"),
        ("occurred_on_year", "2026"),
        ("note", "Mum rang about school."),
    ];
    let r = app.submit(&format!("/people/{child}/notes"), &cookie, &post).await;
    let to = r.headers.get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_else(|| panic!("{}: {}", r.status, r.body));
    assert_eq!(to, format!("/people/{child}?saved=note"), "no jump past the banner");
    let page = app.page("GET", &to, &cookie, None).await;
    assert!(
        page.body.contains("The note has been saved") && page.body.contains("href=\"#chronology\">Go to the chronology</a>"),
        "{}",
        page.body
    );
    for (saved, id) in [("cp_item_done", "child-protection"), ("team_ended", "child-protection"), ("plan", "family-help"), ("care", "care")]
    {
        let page = app.page("GET", &format!("/people/{child}?saved={saved}"), &cookie, None).await;
        assert!(page.body.contains(&format!("class=\"govuk-notification-banner__link\" href=\"#{id}\"")), "{saved}: {}", page.body);
        assert!(page.body.contains(&format!("id=\"{id}\"")), "{saved}: the page has the part it links to");
    }
    let page = app.page("GET", &format!("/people/{child}?saved=updated"), &cookie, None).await;
    assert!(page.body.contains("The details have been saved") && !page.body.contains("govuk-notification-banner__link"));
}
