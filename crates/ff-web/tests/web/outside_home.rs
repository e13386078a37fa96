//! Harm outside the home: a place linking children who are otherwise
//! unrelated; a new concern reaches the leads of the other children linked to it (HOTH-2) until
//! they see the child; a partner agency sees the place but none of the children not on its cases.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

fn concern(harm: &str, what: &str, on: &str) -> Value {
    json!({"harm": harm, "source": "childrens_services", "what": what, "raised_on": on})
}

/// A child with an open family help episode led by the user of `lead` (allocated by a manager).
async fn led_child(app: &TestApp, given: &str, lead: Role) -> (String, String) {
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(app, &sw, given, "2011-05-01").await;
    let (episode, _) = super::family_help::open_for_assessment(app, &sw, &child, None).await;
    let manager = app.token(Role::PracticeSupervisor, LA).await;
    let lead_id = super::family_help::user_id(app, lead).await;
    let overseer = super::family_help::user_id(app, Role::PracticeSupervisor).await;
    let r = app
        .post(
            &format!("/api/v1/episodes/{episode}/allocation"),
            &manager,
            json!({"lead_id": lead_id, "overseer_id": overseer, "version": 1}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    (child, episode)
}

async fn tray_labels(app: &TestApp, role: Role) -> Vec<String> {
    let t = app.token(role, LA).await;
    let r = app.api("GET", "/api/v1/work-tray", Some(&t), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["mine"].as_array().unwrap().iter().map(|i| format!("{}: {}", i["child_name"], i["label"])).collect()
}

#[tokio::test]
async fn a_concern_about_a_place_reaches_the_leads_of_the_other_children_linked_to_it() {
    let app = TestApp::new().await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    // Two children from different families, led by the LCPP and the family help practitioner.
    let (amir, _) = led_child(&app, "Amir", Role::Lcpp).await;
    let (bea, bea_episode) = led_child(&app, "Bea", Role::FamilyHelpPractitioner).await;
    let place = app.created("/api/v1/places", &fhp, json!({"name": "Northmoor bus station", "kind": "transport_hub"}), "id").await;
    let link = |child: &str, harm: &str, on: &str| json!({"child_id": child, "harm": harm, "source": "childrens_services", "what": "Seen there with older young people", "raised_on": on});
    app.created(&format!("/api/v1/places/{place}/children"), &lcpp, link(&amir, "criminal_exploitation", "2026-11-02"), "id").await;
    // Linked twice while the first link stands: refused (HOTH-1).
    let r = app.api("POST", &format!("/api/v1/places/{place}/children"), Some(&lcpp), Some(link(&amir, "other", "2026-11-03"))).await;
    assert_eq!((r.status, r.json()["rule"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("HOTH-1")), "{}", r.body);

    // The family help practitioner links Bea: the concern reaches Amir's lead, not Bea's own.
    app.created(&format!("/api/v1/places/{place}/children"), &fhp, link(&bea, "county_lines", "2026-11-18"), "id").await;
    let lcpp_tray = tray_labels(&app, Role::Lcpp).await;
    assert!(
        lcpp_tray.iter().any(|l| l.contains("Amir") && l.contains("New concern about Northmoor bus station (county lines")),
        "{lcpp_tray:?}"
    );
    let fhp_tray = tray_labels(&app, Role::FamilyHelpPractitioner).await;
    assert!(!fhp_tray.iter().any(|l| l.contains("New concern about")), "the linker's own concern: {fhp_tray:?}");

    // The police raise a concern about the place: it reaches both leads; a visit that sees Bea
    // takes it off her lead's tray.
    let police = app.token(Role::PartnerAgency, LA).await;
    app.created(
        &format!("/api/v1/places/{place}/concerns"),
        &police,
        concern("serious_violence", "A knife found by the shelter", "2026-11-20"),
        "id",
    )
    .await;
    assert!(tray_labels(&app, Role::FamilyHelpPractitioner).await.iter().any(|l| l.contains("Bea") && l.contains("serious violence")));
    // Amir's lead has one row for the place, not one per concern.
    let rows: Vec<String> = tray_labels(&app, Role::Lcpp).await.into_iter().filter(|l| l.contains("Northmoor bus station")).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("2 new concerns about Northmoor bus station, the latest serious violence"), "{rows:?}");
    let r = app
        .post(
            &format!("/api/v1/episodes/{bea_episode}/visits"),
            &fhp,
            json!({"visit_date": "2026-11-23", "child_seen": true, "seen_alone": true, "note": "Talked about the bus station"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    assert!(!tray_labels(&app, Role::FamilyHelpPractitioner).await.iter().any(|l| l.contains("New concern about")));

    // The police officer is on neither child's case: the place shows its general concerns, but
    // neither child nor the concerns that name them; the children's records stay closed.
    let r = app.api("GET", &format!("/api/v1/places/{place}"), Some(&police), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let seen = r.json();
    assert!(seen["children"].as_array().unwrap().is_empty(), "{seen}");
    assert_eq!(seen["concerns"].as_array().unwrap().len(), 1, "{seen}");
    assert!(!r.body.contains("Amir") && !r.body.contains("Bea"), "{}", r.body);
    assert_eq!(app.api("GET", &format!("/api/v1/people/{amir}"), Some(&police), None).await.status, StatusCode::FORBIDDEN);
    let r = app.api("POST", &format!("/api/v1/places/{place}/children"), Some(&police), Some(link(&amir, "other", "2026-11-20"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "linking is work on the child's record");
    // The LCPP sees both children and all three concerns; Amir's page lists the place.
    let all = app.api("GET", &format!("/api/v1/places/{place}"), Some(&lcpp), None).await.json();
    assert_eq!((all["children"].as_array().unwrap().len(), all["concerns"].as_array().unwrap().len()), (2, 3), "{all}");
    let mine = app.api("GET", &format!("/api/v1/people/{amir}/places"), Some(&lcpp), None).await.json();
    assert_eq!(mine[0]["name"], "Northmoor bus station");
    assert_eq!(mine[0]["concerns_since"], 2, "his own and the one about the place; Bea's is hers");
    let (cookie, _) = app.session(Role::Lcpp).await;
    let page = app.page("GET", &format!("/people/{amir}"), &cookie, None).await;
    assert!(page.body.contains("Places and groups") && page.body.contains("Northmoor bus station"), "{}", page.body);

    // Amir's chronology: his link with why, and the police concern about the place; never the
    // concern that linked Bea.
    let chron = app.api("GET", &format!("/api/v1/people/{amir}/chronology?group=place"), Some(&lcpp), None).await;
    assert_eq!(chron.status, StatusCode::OK, "{}", chron.body);
    let titles: Vec<String> = chron.json()["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap().to_owned()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Linked to Northmoor bus station") && t.contains("criminal exploitation")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Concern about Northmoor bus station") && t.contains("serious violence")), "{titles:?}");
    assert!(!chron.body.contains("county lines"), "Bea's concern stays with Bea: {}", chron.body);

    // The link ends, at its version; a second end is refused.
    let link_id = mine[0]["link_id"].as_str().unwrap();
    let no_reason = json!({"version": 1, "ended_on": "2026-11-23", "reason": "  "});
    let r = app.api("POST", &format!("/api/v1/place-links/{link_id}/end"), Some(&lcpp), Some(no_reason)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["errors"][0]["field"] == "reason", "{}", r.body);
    let end = json!({"version": 1, "ended_on": "2026-11-23", "reason": "Moved school and no longer uses the bus station"});
    let r = app.api("POST", &format!("/api/v1/place-links/{link_id}/end"), Some(&lcpp), Some(end.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // The chronology says why it ended and who ended it.
    let chron = app.api("GET", &format!("/api/v1/people/{amir}/chronology?group=place"), Some(&lcpp), None).await.json();
    let ended =
        chron["entries"].as_array().unwrap().iter().find(|e| e["title"].as_str().is_some_and(|t| t.starts_with("Link to"))).cloned();
    let ended = ended.unwrap_or_else(|| panic!("{chron}"));
    assert_eq!(ended["detail"], "Moved school and no longer uses the bus station", "{ended}");
    assert!(ended["recorded_by"].as_str().is_some_and(|n| !n.is_empty()), "{ended}");
    let r = app.api("POST", &format!("/api/v1/place-links/{link_id}/end"), Some(&lcpp), Some(end)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(!tray_labels(&app, Role::Lcpp).await.iter().any(|l| l.contains("New concern about")), "no longer linked");
}

#[tokio::test]
async fn bad_input_about_places_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let r = app.api("POST", "/api/v1/places", Some(&sw), Some(json!({"name": " ", "kind": "castle"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("name") && r.body.contains("kind"), "{}", r.body);
    let place = app.created("/api/v1/places", &sw, json!({"name": "The Late Grill", "kind": "shop"}), "id").await;
    let r = app.api("POST", &format!("/api/v1/places/{place}/concerns"), Some(&sw), Some(concern("boredom", "", "2026-12-01"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("harm") && r.body.contains("what") && r.body.contains("raised_on"), "{}", r.body);
    let v = app.api("GET", &format!("/api/v1/places/{place}"), Some(&sw), None).await.json();
    assert!(v["concerns"].as_array().unwrap().is_empty());
    // The same place in another case is the same record.
    let r = app.api("POST", "/api/v1/places", Some(&sw), Some(json!({"name": "the late grill", "kind": "shop"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The Late Grill is already recorded"), "{}", r.body);
    let found = app.api("GET", "/api/v1/places?q=the", Some(&sw), None).await.json();
    assert_eq!(found["places"][0]["name"], "The Late Grill", "found by the start of its name in any case: {found}");
}
