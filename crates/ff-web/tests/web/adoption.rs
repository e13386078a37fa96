//! Adoption for a child in care (LA-11): the decision, the match, the placement
//! for adoption and the adoption order, in the order the 903 checks them; who decided a move
//! (LA-7); the child's page; and the 903's PlacedAdoption and AD1 rows built from the records.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::looked_after::{care, placement, with};
use super::{LA, TestApp};

fn version(c: &Value) -> i64 {
    c["current"]["version"].as_i64().unwrap()
}

fn rule(r: &super::Resp) -> String {
    r.json()["rule"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_child_is_decided_for_matched_placed_and_adopted_la_11() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Noor", "2023-02-14").await;
    let start =
        with(placement("C1", "U6", "NM1 1AA"), json!({"start_date": "2026-01-05", "category_of_need": "N1", "previous_permanence": "Z1"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, start, "id").await;
    let decide = format!("/api/v1/people/{child}/care/adoption");

    // Only while looked after, not before care began, one at a time; partners may not.
    let r = app.api("POST", &decide, Some(&sw), Some(json!({"decided_on": "2026-01-04"}))).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "LA-11".into()), "903 rule 1003");
    let partner = app.token(Role::PartnerAgency, LA).await;
    assert_eq!(app.api("POST", &decide, Some(&partner), Some(json!({"decided_on": "2026-03-02"}))).await.status, StatusCode::FORBIDDEN);
    let id = app.created(&decide, &sw, json!({"decided_on": "2026-03-02"}), "id").await;
    let r = app.api("POST", &decide, Some(&sw), Some(json!({"decided_on": "2026-03-03"}))).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "LA-11".into()), "903 rule 579");

    // The placement order follows the decision; placing for adoption waits for the match.
    let change = format!("/api/v1/people/{child}/care/changes");
    let c = care(&app, &sw, &child).await;
    let r =
        app.post(&change, &sw, with(placement("E1", "U6", "NM1 1AA"), json!({"start_date": "2026-04-01", "version": version(&c)}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = care(&app, &sw, &child).await;
    let to_adopters = |v: i64, decided_by: Option<&str>| {
        let mut b =
            with(placement("E1", "A6", "NM7 7GG"), json!({"start_date": "2026-06-01", "version": v, "reason_place_change": "CARPL"}));
        if let Some(d) = decided_by {
            b["decided_by"] = json!(d);
        }
        b
    };
    let r = app.api("POST", &change, Some(&sw), Some(to_adopters(version(&c), Some("Adoption panel")))).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "LA-11".into()), "903 rule 331: no match yet");

    // The match: who the adopters are fits their legal status; a stale version is a conflict.
    let m = format!("/api/v1/care-adoption/{id}/match");
    let r = app.post(&m, &sw, json!({"matched_on": "2026-05-01", "adopters_sex": "MF", "adopters_legal_status": "L0", "version": 1})).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "LA-11".into()), "903 rule 514");
    let r =
        app.post(&m, &sw, json!({"matched_on": "2026-05-01", "adopters_sex": "MF", "adopters_legal_status": "L11", "version": 7})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r =
        app.post(&m, &sw, json!({"matched_on": "2026-05-01", "adopters_sex": "MF", "adopters_legal_status": "L11", "version": 1})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // The decision cannot end while the placement order is in force.
    let r = app
        .post(&format!("/api/v1/care-adoption/{id}/cease"), &sw, json!({"ceased_on": "2026-05-02", "reason": "RD1", "version": 2}))
        .await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "LA-11".into()), "903 rule 553");

    // LA-7: a move names who decided it.
    let r = app.api("POST", &change, Some(&sw), Some(to_adopters(version(&c), None))).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "LA-7".into()));
    let r = app.api("POST", &change, Some(&sw), Some(to_adopters(version(&c), Some("Adoption panel, 20 May")))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = care(&app, &sw, &child).await;
    assert_eq!(c["current"]["move_decided_by"], "Adoption panel, 20 May");
    assert_eq!(c["adoption"][0]["matched_on"], "2026-05-01");
    assert_eq!(c["adoption"][0]["standing"], true);

    // Leaving care another way while the decision stands is refused (903 rule 557); the adoption
    // order after the match ends care.
    let leave = format!("/api/v1/people/{child}/care/leaving");
    let r = app.api("POST", &leave, Some(&sw), Some(json!({"end_date": "2026-10-01", "reason": "E4A", "version": version(&c)}))).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "LA-11".into()));
    let r = app.api("POST", &leave, Some(&sw), Some(json!({"end_date": "2026-10-01", "reason": "E11", "version": version(&c)}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    // The child's page tells the story.
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(page.body.contains("Decisions to place for adoption"), "{}", page.body);
    assert!(
        page.body.contains("Decided 2 March 2026; matched 1 May 2026 (a male and female couple; married couple, different sex)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Decided by: Adoption panel, 20 May"));
    assert!(page.body.contains("Not looked after now: left care on 1 October 2026 (adopted: application unopposed)."), "{}", page.body);
    // Once adopted, the decision's record stays as it was.
    let r = app.post(&m, &sw, json!({"matched_on": "2026-10-02", "adopters_sex": "F1", "adopters_legal_status": "L0", "version": 2})).await;
    assert_eq!((r.status, rule(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "LA-11".into()));
    // One chronology: care and adoption are in it, with why and who decided the move.
    let chron = app.page("GET", &format!("/people/{child}/chronology?group=care"), &cookie, None).await;
    for line in [
        "Became looked after: interim care order (section 38)",
        "Decision that the child should be placed for adoption",
        "Legal status changed: placement order granted",
        "Matched with prospective adopters",
        "Placement changed: placed for adoption under a placement order, not with current foster carers, NM7 7GG",
        "Decided by: Adoption panel, 20 May",
        "Left care: adopted: application unopposed",
    ] {
        assert!(chron.body.contains(line), "{line}: {}", chron.body);
    }

    // The 903: the decision in PlacedAdoption, the adoption in AD1, and no adoption rule broken.
    let (analyst, _) = app.session(Role::PerformanceAnalyst).await;
    let placed = app.page("GET", "/returns/ssda903/2026-27/placed_for_adoption.csv", &analyst, None).await;
    assert!(placed.body.contains(",14/02/2023,02/03/2026,,\r\n"), "{}", placed.body);
    let ad1 = app.page("GET", "/returns/ssda903/2026-27/ad1.csv", &analyst, None).await;
    assert!(ad1.body.contains(",14/02/2023,02/03/2026,01/05/2026,0,2,MF,L11\r\n"), "{}", ad1.body);
    let checked = app.page("GET", "/returns/ssda903?year=2026-27", &analyst, None).await;
    assert!(checked.body.contains("Error 103:"), "the check ran and names what this bare record lacks (no ethnicity): {}", checked.body);
    for r in ["331", "333", "334", "335", "521", "523", "551", "552", "553", "557", "582", "1003"] {
        assert!(!checked.body.contains(&format!("Error {r}:")), "rule {r}: {}", checked.body);
    }
}

#[tokio::test]
async fn the_decision_can_end_and_a_new_one_follow_on_pages() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Ola", "2022-07-01").await;
    let start =
        with(placement("C2", "U4", "NM1 1AA"), json!({"start_date": "2026-02-02", "category_of_need": "N1", "previous_permanence": "Z1"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, start, "id").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Record the decision that the child should be placed for adoption"));
    let form = app.page("GET", &format!("/people/{child}/care/adoption?child={child}"), &cookie, None).await;
    assert_eq!(form.status, StatusCode::OK);
    let post = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("decided_on_day", "3"),
        ("decided_on_month", "3"),
        ("decided_on_year", "2026"),
    ];
    let r = app.page("POST", &format!("/people/{child}/care/adoption"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = care(&app, &sw, &child).await;
    let id = c["adoption"][0]["id"].as_str().unwrap().to_owned();
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("not matched yet") && show.body.contains(&format!("/care-adoption/{id}/match")));
    // The match form names what is missing and keeps nothing.
    let post = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("version", "1"),
        ("matched_on_day", "4"),
        ("matched_on_month", "3"),
        ("matched_on_year", "2026"),
    ];
    let r = app.page("POST", &format!("/care-adoption/{id}/match"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose who the adopters are") && r.body.contains("Choose the adopters&#39; legal status"), "{}", r.body);
    assert!(care(&app, &sw, &child).await["adoption"][0]["matched_on"].is_null());
    // The court does not make the order: the decision ends with the reason, and a new one may follow.
    let post = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("version", "1"),
        ("ceased_on_day", "10"),
        ("ceased_on_month", "9"),
        ("ceased_on_year", "2026"),
        ("reason", "RD2"),
    ];
    let r = app.page("POST", &format!("/care-adoption/{id}/cease"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("no longer stands from 10 September 2026 (the court did not make a placement order)"), "{}", show.body);
    app.created(&format!("/api/v1/people/{child}/care/adoption"), &sw, json!({"decided_on": "2026-09-10"}), "id").await;
    // Both decisions are in the 903, the first with its end.
    let (analyst, _) = app.session(Role::PerformanceAnalyst).await;
    let placed = app.page("GET", "/returns/ssda903/2026-27/placed_for_adoption.csv", &analyst, None).await;
    assert!(
        placed.body.contains(",01/07/2022,03/03/2026,10/09/2026,RD2\r\n") && placed.body.contains(",01/07/2022,10/09/2026,,\r\n"),
        "{}",
        placed.body
    );
}
