//! Letters for families (L-1 to L-3, R-CP-4, R-PLO-2): invitations to a
//! conference and to family group decision making, what a conference decided, and the letter
//! before proceedings; each a PDF kept with the child's documents, through the API and the pages.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::json;

use super::documents::pdf_text;
use super::{LA, TestApp};

/// The text of the letter a call issued (its answer is the document's id).
async fn letter(app: &TestApp, token: &str, r: super::Resp) -> String {
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    pdf_text(&app.api("GET", &format!("/api/v1/documents/{id}/content"), Some(token), None).await.body)
}

/// Every phrase is in the letter (its lines joined, as the words wrap).
fn assert_says(text: &str, words: &[&str]) {
    let text = text.replace('\n', " ");
    for w in words {
        assert!(text.contains(w), "{w}: {text}");
    }
}

#[tokio::test]
async fn parents_are_invited_to_conferences_and_told_what_they_decided() {
    let app = TestApp::new().await;
    let (child, _, s47) = super::child_protection::child_with_enquiry(&app, "Ivy", Some("2019-09-09")).await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    let path = format!("/api/v1/people/{child}/conference-invitations");
    // L-1, L-2: every gap named at once; nothing kept.
    let r = app
        .api("POST", &path, Some(&lcpp), Some(json!({"kind": "", "to": "", "meeting_on": "2026-11-20", "time": "soon", "place": ""})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for field in ["to", "meeting_on", "time", "place", "kind"] {
        assert!(r.body.contains(&format!("\"{field}\"")), "{field}: {}", r.body);
    }
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let body = json!({"kind": "initial", "to": "Ann Family", "meeting_on": "2026-11-30", "time": "2pm", "place": "Northmoor Civic Centre, Room 4"});
    assert_eq!(app.api("POST", &path, Some(&fhp), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    let text = letter(&app, &lcpp, app.api("POST", &path, Some(&lcpp), Some(body)).await).await;
    assert_says(
        &text,
        &[
            "Dear Ann Family,",
            "initial child protection conference about Ivy Family, born 9 September 2019",
            "Monday 30 November 2026 at 2pm, at Northmoor Civic Centre, Room 4.",
            "reports written for the conference will be shared with you before it",
            "You can bring a friend",
        ],
    );

    // The conference decides on a plan; the parent is told what it decided and what happens next.
    let chair = app.token(Role::ConferenceChair, LA).await;
    let chair_id = super::family_help::user_id(&app, Role::ConferenceChair).await;
    let mut conf = super::child_protection::conference_body("initial", Some(&s47), "2026-01-12", &chair_id, "plan");
    conf["parental_dissent"] = json!("We do not accept the bruise was caused at home");
    let r = app.api("POST", &format!("/api/v1/people/{child}/conferences"), Some(&chair), Some(conf)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let conference = r.json()["conference_id"].as_str().unwrap().to_owned();
    let outcome = format!("/api/v1/conferences/{conference}/outcome-letter");
    assert_eq!(app.api("POST", &outcome, Some(&chair), Some(json!({"to": " "}))).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = letter(&app, &chair, app.api("POST", &outcome, Some(&chair), Some(json!({"to": "Ann Family"}))).await).await;
    assert_says(
        &text,
        &[
            "met on 12 January 2026",
            "Ivy needs a child protection plan to be kept safe",
            "is the lead child protection practitioner for Ivy",
            "The next review conference is due now",
            "We do not accept the bruise was caused at home",
        ],
    );
    let docs = app.api("GET", &format!("/api/v1/people/{child}/documents"), Some(&lcpp), None).await.json();
    let titles: Vec<&str> = docs.as_array().unwrap().iter().map(|d| d["title"].as_str().unwrap()).collect();
    assert!(titles.iter().any(|t| t.starts_with("Invitation to a child protection conference, sent")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("What the child protection conference decided, sent")), "{titles:?}");
    assert_eq!(
        app.api("POST", "/api/v1/conferences/00000000-0000-7000-8000-000000000001/outcome-letter", Some(&chair), Some(json!({"to": "A"})))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_letter_before_proceedings_and_the_family_meeting_invitation() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Zac", "2017-03-03").await;
    let fgdm = app
        .created(
            &format!("/api/v1/people/{child}/fgdm"),
            &sw,
            json!({"stage": "pre_proceedings", "referred_on": "2026-11-02", "coordinator": "Ann Coordinator"}),
            "id",
        )
        .await;
    let plo = app
        .created(&format!("/api/v1/people/{child}/plo"), &sw, json!({"gateway_on": "2026-11-02", "decision": "pre_proceedings"}), "id")
        .await;

    let path = format!("/api/v1/plo/{plo}/letter-before-proceedings");
    let meeting = json!({"to": "Kim Family", "meeting_on": "2026-12-07", "time": "10:30", "place": "Northmoor Civic Centre"});
    let mut body = meeting.clone();
    body["concerns"] = json!("  ");
    let r = app.api("POST", &path, Some(&sw), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "L-3: {}", r.body);
    assert!(r.body.contains("\"concerns\""));
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    body["concerns"] = json!("Zac has missed school on 40 days this term.\n\nThe home has had no heating since October.");
    assert_eq!(
        app.api("POST", &path, Some(&fhp), Some(body.clone())).await.status,
        StatusCode::FORBIDDEN,
        "a legal step is a social worker's"
    );
    let text = letter(&app, &sw, app.api("POST", &path, Some(&sw), Some(body)).await).await;
    assert_says(
        &text,
        &[
            "Dear Kim Family,",
            "This is a letter before proceedings about Zac Family",
            "missed school on 40 days",
            "no heating since October",
            "Monday 7 December 2026 at 10:30am, at Northmoor Civic Centre.",
            "free legal advice",
            "family group decision making meeting",
        ],
    );

    let path = format!("/api/v1/fgdm/{fgdm}/invitations");
    let text = letter(&app, &fhp, app.api("POST", &path, Some(&fhp), Some(meeting)).await).await;
    assert_says(
        &text,
        &["family group decision making meeting about Zac Family", "Ann Coordinator, an independent coordinator,", "private time"],
    );
    let police = app.token(Role::PartnerAgency, LA).await;
    let r = app.api("POST", &path, Some(&police), Some(json!({"to": "A", "meeting_on": "2026-12-07", "time": "9am", "place": "x"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn letters_are_made_from_their_pages() {
    let app = TestApp::new().await;
    let (child, _, _) = super::child_protection::child_with_enquiry(&app, "Una", Some("2016-06-06")).await;
    let (cookie, csrf) = app.session(Role::Lcpp).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains(&format!("/people/{child}/conference-invitation")), "the child's page links to the invitation");
    let page = format!("/people/{child}/conference-invitation");
    let r = app.page("GET", &page, &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Invite to a child protection conference") && r.body.contains("Una Family"));
    // A date that cannot be read and a missing place: both named, the typed name kept.
    let form = [
        ("csrf_token", csrf.as_str()),
        ("kind", "initial"),
        ("to", "Pat Family"),
        ("meeting_on_day", "31"),
        ("meeting_on_month", "2"),
        ("meeting_on_year", "2027"),
        ("time", "11am"),
        ("place", ""),
    ];
    let r = app.page("POST", &page, &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Enter where the meeting is") && r.body.contains("value=\"Pat Family\""), "{}", r.body);
    assert!(r.body.contains("href=\"#meeting_on"), "the date's error is in the summary");
    assert_eq!(r.body.matches("Enter where the meeting is</a>").count(), 1, "{}", r.body);
    let mut good = form;
    good[3] = ("meeting_on_day", "1");
    good[4] = ("meeting_on_month", "12");
    good[5] = ("meeting_on_year", "2026");
    good[7] = ("place", "Northmoor Civic Centre");
    let r = app.page("POST", &page, &cookie, Some(&good)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers.get("location").unwrap().to_str().unwrap().to_owned();
    assert!(to.starts_with("/documents/") && to.ends_with("/download"), "{to}");
    let pdf = app.page("GET", &to, &cookie, None).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf_text(&pdf.body).contains("Dear Pat Family,"));
}
