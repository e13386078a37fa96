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

async fn audit_count(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

fn screening(on: &str, criminal: (&str, &str), outcome: &str) -> Value {
    json!({
        "screened_on": on,
        "criminal_level": criminal.0, "criminal_known": criminal.1,
        "sexual_level": "none", "sexual_known": "",
        "county_lines_level": "some", "county_lines_known": "Missed school twice; said they were working in another town",
        "violence_level": "none",
        "raised_by": "education",
        "outcome": outcome,
    })
}

#[tokio::test]
async fn a_child_is_screened_for_exploitation_on_their_page_and_chronology_and_a_partner_off_the_case_sees_nothing() {
    let app = TestApp::new().await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    let (amir, _) = led_child(&app, "Amir", Role::Lcpp).await;
    let path = format!("/api/v1/people/{amir}/exploitation-screenings");
    // Every mistake at once, nothing kept: a level with nothing known, a significant concern with
    // no further action, a day ahead, a level not chosen.
    let before = audit_count(&app).await;
    let mut bad = screening("2026-11-24", ("significant", " "), "no_further_action");
    bad["violence_level"] = json!("");
    let r = app.api("POST", &path, Some(&lcpp), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for f in ["screened_on", "criminal_known", "outcome", "violence_level"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f}: {}", r.body);
    }
    assert_eq!(audit_count(&app).await, before, "nothing written, nothing audited");
    assert!(app.api("GET", &path, Some(&lcpp), None).await.json().as_array().unwrap().is_empty());

    let body = screening("2026-11-20", ("significant", "Seen with older men at the station most evenings"), "multi_agency_meeting");
    app.created(&path, &lcpp, body.clone(), "id").await;
    let got = app.api("GET", &path, Some(&lcpp), None).await.json();
    assert_eq!(got.as_array().unwrap().len(), 1, "{got}");
    assert_eq!(got[0]["harms"][0]["level_label"], "Significant concern", "{got}");
    assert_eq!(got[0]["harms"][1]["level"], "none", "{got}");
    assert_eq!(got[0]["raised_by_label"], "A school or college", "{got}");
    assert_eq!(got[0]["outcome_label"], "Refer to a multi-agency meeting", "{got}");
    // On the child's page and in their chronology.
    let (cookie, _) = app.session(Role::Lcpp).await;
    let page = app.page("GET", &format!("/people/{amir}"), &cookie, None).await;
    assert!(page.body.contains("Exploitation risk screening") && page.body.contains("Seen with older men at the station"), "{}", page.body);
    let chron = app.api("GET", &format!("/api/v1/people/{amir}/chronology?group=place"), Some(&lcpp), None).await.json();
    let entry =
        chron["entries"].as_array().unwrap().iter().find(|e| e["title"].as_str().is_some_and(|t| t.starts_with("Exploitation risk")));
    let entry = entry.unwrap_or_else(|| panic!("{chron}"));
    assert_eq!(
        entry["title"],
        "Exploitation risk screening: criminal exploitation: significant concern; county lines: children used to move drugs or money: some concern"
    );
    assert_eq!(entry["date"], "2026-11-20");
    assert!(entry["detail"].as_str().unwrap().contains("refer to a multi-agency meeting"), "{entry}");

    // A police partner not on the case: neither sees nor screens the child.
    let police = app.token(Role::PartnerAgency, LA).await;
    assert_eq!(app.api("GET", &path, Some(&police), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api("POST", &path, Some(&police), Some(body)).await.status, StatusCode::FORBIDDEN);

    // The page's form starts at today, as the other forms do, and re-shows every mistake at once.
    let (cookie, csrf) = app.session(Role::Lcpp).await;
    let form = app.page("GET", &format!("/people/{amir}/exploitation-screening?child={amir}"), &cookie, None).await;
    assert!(form.body.contains(r#"name="screened_on_day" type="text" inputmode="numeric" value="23""#), "{}", form.body);
    let r = app
        .submit(
            &format!("/people/{amir}/exploitation-screening?child={amir}"),
            &cookie,
            &[("csrf_token", csrf.as_str()), ("screened_on_day", "40"), ("criminal_level", "some"), ("outcome", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for msg in [
        "Say what is known, as there is a concern",
        "Choose the level of concern about sexual exploitation",
        "Choose what happens next",
        "Choose who raised the concerns",
    ] {
        assert!(r.body.contains(msg), "{msg}: {}", r.body);
    }
    assert_eq!(app.api("GET", &path, Some(&lcpp), None).await.json().as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn partners_meet_about_a_place_and_their_actions_show_overdue_until_done_with_evidence() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let police = app.token(Role::PartnerAgency, LA).await;
    let place = app.created("/api/v1/places", &sw, json!({"name": "Northmoor bus station", "kind": "transport_hub"}), "id").await;
    let path = format!("/api/v1/places/{place}/meetings");
    let before = audit_count(&app).await;
    let bad = json!({"held_on": "2026-11-10", "attended": ["police"], "discussed": " ",
        "actions": [{"owner": "transport", "what": "Brief staff", "due_on": "2026-11-30"}, {"owner": "wizards", "what": "", "due_on": "2026-11-01"}]});
    let r = app.api("POST", &path, Some(&sw), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for f in ["attended", "discussed", "action_2_owner", "action_2_what", "action_2_due"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f}: {}", r.body);
    }
    assert!(!r.body.contains("action_1_"), "{}", r.body);
    assert_eq!(audit_count(&app).await, before);

    let meeting = json!({"held_on": "2026-11-10", "attended": ["childrens_services", "police", "transport", "licensing"],
    "discussed": "Adults offering lifts to children in the evenings",
    "actions": [
        {"owner": "transport", "what": "Brief station staff", "due_on": "2026-11-20"},
        {"owner": "community_safety", "what": "Fix the lighting by the rear bays", "due_on": "2026-11-18"},
        {"owner": "police", "what": "Evening patrols for six weeks", "due_on": "2026-12-20"},
    ]});
    app.created(&path, &sw, meeting, "id").await;
    // The police partner sees the place's meetings and actions (no child is named in them).
    let v = app.api("GET", &format!("/api/v1/places/{place}"), Some(&police), None).await.json();
    assert_eq!(v["overdue_actions"], 2, "{v}");
    let m = &v["meetings"][0];
    assert_eq!(m["attended"], json!(["Children's services", "Police", "Transport", "Licensing"]), "{m}");
    let actions = m["actions"].as_array().unwrap();
    let briefing = actions.iter().find(|a| a["owner"] == "transport").unwrap();
    assert_eq!(briefing["overdue"], true);
    assert_eq!(actions.iter().find(|a| a["owner"] == "police").unwrap()["overdue"], false, "not yet due");
    let done_path = format!("/api/v1/place-actions/{}/done", briefing["id"].as_str().unwrap());

    // Done needs evidence and a day from the meeting to today; a stale version is refused.
    let r = app.api("POST", &done_path, Some(&police), Some(json!({"version": 1, "done_on": "2026-11-09", "evidence": ""}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("\"done_on\"") && r.body.contains("\"evidence\""), "{}", r.body);
    let done = json!({"version": 1, "done_on": "2026-11-21", "evidence": "Briefing notes and attendance list"});
    let r = app.api("POST", &done_path, Some(&police), Some(done.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &done_path, Some(&police), Some(done)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = app.api("POST", &done_path, Some(&police), Some(json!({"version": 2, "done_on": "2026-11-22", "evidence": "Again"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "done once: {}", r.body);
    let v = app.api("GET", &format!("/api/v1/places/{place}"), Some(&sw), None).await.json();
    assert_eq!(v["overdue_actions"], 1, "{v}");
    let briefing = v["meetings"][0]["actions"].as_array().unwrap().iter().find(|a| a["owner"] == "transport").unwrap().clone();
    assert_eq!(
        (briefing["done_on"].clone(), briefing["evidence"].clone(), briefing["version"].clone()),
        (json!("2026-11-21"), json!("Briefing notes and attendance list"), json!(2))
    );

    // The place's page shows the overdue action, and the meeting form re-shows every mistake.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/places/{place}"), &cookie, None).await;
    assert!(page.body.contains("1 action is overdue") && page.body.contains("Fix the lighting by the rear bays"), "{}", page.body);
    assert!(page.body.contains("Overdue") && page.body.contains("Briefing notes and attendance list"), "{}", page.body);
    let r = app
        .submit(
            &format!("/places/{place}/meetings"),
            &cookie,
            &[
                ("csrf_token", csrf.as_str()),
                ("held_on_day", "10"),
                ("held_on_month", "11"),
                ("held_on_year", "2026"),
                ("attended_police", "yes"),
                ("action_3_what", "Close the underpass at night"),
                ("action_3_due_day", "1"),
                ("action_3_due_month", "11"),
                ("action_3_due_year", "2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for msg in
        ["at least two", "Say what was discussed", "Choose the agency that owns the action", "due on or after the day of the meeting"]
    {
        assert!(r.body.contains(msg), "{msg}: {}", r.body);
    }
    assert!(r.body.contains("#action_3_owner"), "the error is on the row typed in: {}", r.body);
    assert!(r.body.contains("#attended_childrens_services"), "who was there: on the first agency: {}", r.body);
    let v = app.api("GET", &format!("/api/v1/places/{place}"), Some(&sw), None).await.json();
    assert_eq!(v["meetings"].as_array().unwrap().len(), 1, "nothing added");
}

fn went_missing(started: &str, ended: Option<&str>) -> Value {
    json!({"kind": "missing", "started_at": started, "reported_to_police": true, "ended_at": ended, "found_where": ended.map(|_| "At a friend's flat in Leeds")})
}

#[tokio::test]
async fn a_child_not_in_care_goes_missing_and_the_return_home_interview_is_due_within_72_hours_hoth_5_hoth_6() {
    let app = TestApp::new().await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    let (amir, _) = led_child(&app, "Amir", Role::Lcpp).await;
    let path = format!("/api/v1/people/{amir}/missing-from-home");

    // Every mistake at once, nothing kept: a start in the future, an end before the start, and a
    // kind not chosen.
    let before = audit_count(&app).await;
    let bad = json!({"kind": "absconded", "started_at": "2026-11-24T08:00:00", "ended_at": "2026-11-23T08:00:00"});
    let r = app.api("POST", &path, Some(&lcpp), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for f in ["kind", "started_at", "ended_at"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f}: {}", r.body);
    }
    assert_eq!(audit_count(&app).await, before, "nothing written, nothing audited");

    // Missing on Friday night, still missing: a second open episode is refused.
    let open = app.created(&path, &lcpp, went_missing("2026-11-20T21:30:00", None), "id").await;
    let r = app.api("POST", &path, Some(&lcpp), Some(went_missing("2026-11-21T10:00:00", None))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("already recorded as missing"), "{}", r.body);
    // The interview cannot be recorded before the return.
    let interview = json!({"version": 1, "outcome": "held", "on": "2026-11-21", "by": "Sam Okafor, return interview worker",
        "child_said": "Stayed with older friends; they gave him a phone", "indicators": "Given a phone and money by adults he met at the station"});
    let r = app.api("POST", &format!("/api/v1/missing-episodes/{open}/interview"), Some(&lcpp), Some(interview.clone())).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["errors"][0]["field"] == "on", "{}", r.body);
    // He came back on Saturday morning (London time): the interview is due by Tuesday 09:15.
    let back = json!({"version": 1, "ended_at": "2026-11-21T09:15:00", "found_where": "Found by police at Leeds station"});
    let r = app.api("POST", &format!("/api/v1/missing-episodes/{open}/return"), Some(&lcpp), Some(back.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/missing-episodes/{open}/return"), Some(&lcpp), Some(back)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a stale version: {}", r.body);
    let got = app.api("GET", &path, Some(&lcpp), None).await.json();
    assert_eq!(got[0]["interview_due"], "2026-11-24T09:15:00", "{got}");
    assert_eq!(got[0]["interview_overdue"], false, "{got}");
    let tray = tray_labels(&app, Role::Lcpp).await;
    assert!(
        tray.iter().any(|l| l.contains("Amir") && l.contains("Return home interview after going missing, due by 24 Nov 2026 at 09:15")),
        "{tray:?}"
    );

    // An earlier time away, back on the 18th and never interviewed: overdue in the lead's tray.
    let earlier = app
        .created(
            &path,
            &lcpp,
            json!({"kind": "away", "started_at": "2026-11-16T18:00:00", "ended_at": "2026-11-17T08:00:00",
        "found_where": "Came home by himself", "reported_to_police": false}),
            "id",
        )
        .await;
    let t = app.token(Role::Lcpp, LA).await;
    let items = app.api("GET", "/api/v1/work-tray", Some(&t), None).await.json();
    let item = items["mine"].as_array().unwrap().iter().find(|i| i["kind"] == "return_interview" && i["overdue"] == true).cloned();
    let item = item.unwrap_or_else(|| panic!("{items}"));
    assert_eq!(item["due"], "2026-11-20", "{item}");
    assert!(item["label"].as_str().unwrap().contains("due by 20 Nov 2026 at 08:00"), "{item}");
    // He did not want an interview about that one: it leaves the tray.
    let declined = json!({"version": 1, "outcome": "declined", "on": "2026-11-18"});
    let r = app.api("POST", &format!("/api/v1/missing-episodes/{earlier}/interview"), Some(&lcpp), Some(declined)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    // The interview is held: its signs of exploitation suggest a screening, until one is recorded.
    let mut held = interview.clone();
    held["version"] = json!(2);
    let r = app.api("POST", &format!("/api/v1/missing-episodes/{open}/interview"), Some(&lcpp), Some(held.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/missing-episodes/{open}/interview"), Some(&lcpp), Some(held)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(!tray_labels(&app, Role::Lcpp).await.iter().any(|l| l.contains("Return home interview")));
    let got = app.api("GET", &path, Some(&lcpp), None).await.json();
    assert_eq!((got[0]["interview"].as_str(), got[0]["suggest_screening"].as_bool()), (Some("held"), Some(true)), "{got}");
    let (cookie, _) = app.session(Role::Lcpp).await;
    let page = app.page("GET", &format!("/people/{amir}"), &cookie, None).await;
    for text in
        ["Missing from home", "Found by police at Leeds station", "Stayed with older friends", "The interview found signs of exploitation"]
    {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
    let chron = app.api("GET", &format!("/api/v1/people/{amir}/chronology?group=missing"), Some(&lcpp), None).await.json();
    let titles: Vec<&str> = chron["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    for t in [
        "Went missing from home",
        "Came back after going missing",
        "Return home interview held by Sam Okafor, return interview worker",
        "Was away from home without permission",
        "The child did not want a return home interview",
    ] {
        assert!(titles.contains(&t), "{t}: {titles:?}");
    }
    assert!(!chron.to_string().to_lowercase().contains("abscond"), "{chron}");

    // A police partner not on the case sees and records nothing.
    let police = app.token(Role::PartnerAgency, LA).await;
    assert_eq!(app.api("GET", &path, Some(&police), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api("POST", &path, Some(&police), Some(went_missing("2026-11-22T20:00:00", None))).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_child_in_care_is_recorded_as_missing_from_care_on_their_care_record_hoth_5() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Bea", "2014-06-06").await;
    let body = super::looked_after::with(
        super::looked_after::placement("V2", "U6", "NM1 1AA"),
        json!({"start_date": "2026-11-02", "category_of_need": "N1"}),
    );
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let r = app
        .api("POST", &format!("/api/v1/people/{child}/missing-from-home"), Some(&sw), Some(went_missing("2026-11-20T21:30:00", None)))
        .await;
    assert_eq!((r.status, r.json()["rule"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("HOTH-5")), "{}", r.body);
    assert!(r.body.contains("care record"), "{}", r.body);
}

#[tokio::test]
async fn a_screening_and_a_meetings_record_are_corrected_or_withdrawn_at_their_version_and_earlier_versions_kept() {
    let app = TestApp::new().await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    let (amir, _) = led_child(&app, "Amir", Role::Lcpp).await;
    let id = app
        .created(
            &format!("/api/v1/people/{amir}/exploitation-screenings"),
            &lcpp,
            screening("2026-11-20", ("significant", "Seen with older men at the station"), "multi_agency_meeting"),
            "id",
        )
        .await;
    // A correction is checked as a new screening, every mistake at once, and changes nothing.
    let mut bad = screening("2026-11-24", ("some", ""), "strategy_discussion");
    bad["version"] = json!(1);
    let r = app.api("POST", &format!("/api/v1/exploitation-screenings/{id}/correct"), Some(&lcpp), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("\"screened_on\"") && r.body.contains("\"criminal_known\""), "{}", r.body);
    let mut fixed = screening("2026-11-19", ("significant", "Seen with older men at the station most evenings"), "strategy_discussion");
    fixed["version"] = json!(1);
    let r = app.api("POST", &format!("/api/v1/exploitation-screenings/{id}/correct"), Some(&lcpp), Some(fixed.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/exploitation-screenings/{id}/correct"), Some(&lcpp), Some(fixed)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "stale: {}", r.body);
    // Withdrawn with a reason (none: 422), and kept, marked withdrawn; a partner off the case: 403.
    let police = app.token(Role::PartnerAgency, LA).await;
    let withdraw = json!({"version": 2, "reason": "Recorded on the wrong child's record"});
    let r = app.api("POST", &format!("/api/v1/exploitation-screenings/{id}/withdraw"), Some(&police), Some(withdraw.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .api("POST", &format!("/api/v1/exploitation-screenings/{id}/withdraw"), Some(&lcpp), Some(json!({"version": 2, "reason": " "})))
        .await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["errors"][0]["field"] == "reason", "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/exploitation-screenings/{id}/withdraw"), Some(&lcpp), Some(withdraw)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let got = app.api("GET", &format!("/api/v1/people/{amir}/exploitation-screenings"), Some(&lcpp), None).await.json();
    assert_eq!(
        (got[0]["version"].as_i64(), got[0]["withdrawn_reason"].as_str()),
        (Some(3), Some("Recorded on the wrong child's record")),
        "{got}"
    );
    let versions = app.api("GET", &format!("/api/v1/exploitation-screenings/{id}/versions"), Some(&lcpp), None).await.json();
    let kept: Vec<(i64, String)> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_i64().unwrap(), v["record"]["outcome"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        kept,
        vec![(3, "strategy_discussion".into()), (2, "strategy_discussion".into()), (1, "multi_agency_meeting".into())],
        "{versions}"
    );
    let (cookie, _) = app.session(Role::Lcpp).await;
    let page = app.page("GET", &format!("/people/{amir}"), &cookie, None).await;
    assert!(page.body.contains("Withdrawn") && page.body.contains("Recorded on the wrong child"), "{}", page.body);
    let chron = app.api("GET", &format!("/api/v1/people/{amir}/chronology?group=place"), Some(&lcpp), None).await;
    assert!(chron.body.contains("Exploitation risk screening (withdrawn)"), "{}", chron.body);

    // A meeting about a place: corrected at its version, then withdrawn; its overdue action stops
    // counting once the meeting is withdrawn.
    let sw = app.token(Role::SocialWorker, LA).await;
    let place = app.created("/api/v1/places", &sw, json!({"name": "Canal towpath", "kind": "park"}), "id").await;
    let meeting = app
        .created(
            &format!("/api/v1/places/{place}/meetings"),
            &sw,
            json!({"held_on": "2026-11-02", "attended": ["police", "transport"], "discussed": "Adults offering lifts",
                "actions": [{"owner": "police", "what": "Patrol the towpath at night", "due_on": "2026-11-09"}]}),
            "id",
        )
        .await;
    let bad = json!({"version": 1, "held_on": "2026-11-24", "attended": ["police"], "discussed": " "});
    let r = app.api("POST", &format!("/api/v1/place-meetings/{meeting}/correct"), Some(&sw), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for f in ["held_on", "attended", "discussed"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f}: {}", r.body);
    }
    let fix = json!({"version": 1, "held_on": "2026-11-03", "attended": ["police", "transport", "licensing"], "discussed": "Adults offering lifts near the lock"});
    let r = app.api("POST", &format!("/api/v1/place-meetings/{meeting}/correct"), Some(&sw), Some(fix.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/place-meetings/{meeting}/correct"), Some(&sw), Some(fix)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let places = app.api("GET", "/api/v1/places", Some(&sw), None).await.json();
    assert_eq!(places["overdue_actions"], 1, "{places}");
    let r = app
        .api(
            "POST",
            &format!("/api/v1/place-meetings/{meeting}/withdraw"),
            Some(&sw),
            Some(json!({"version": 2, "reason": "Recorded twice"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let v = app.api("GET", &format!("/api/v1/places/{place}"), Some(&sw), None).await.json();
    assert_eq!((v["meetings"][0]["withdrawn_reason"].as_str(), v["overdue_actions"].as_i64()), (Some("Recorded twice"), Some(0)), "{v}");
    assert_eq!(app.api("GET", "/api/v1/places", Some(&sw), None).await.json()["overdue_actions"], 0);
    let versions = app.api("GET", &format!("/api/v1/place-meetings/{meeting}/versions"), Some(&sw), None).await.json();
    assert_eq!(versions.as_array().unwrap().len(), 3, "{versions}");
    assert_eq!(versions[2]["record"]["discussed"], "Adults offering lifts", "{versions}");
    let r = app
        .api("POST", &format!("/api/v1/place-meetings/{meeting}/withdraw"), Some(&sw), Some(json!({"version": 3, "reason": "Again"})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "already withdrawn: {}", r.body);
}

#[tokio::test]
async fn overdue_place_actions_reach_the_tray_of_whoever_recorded_the_meeting_and_the_places_list_hoth_4() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let place = app.created("/api/v1/places", &sw, json!({"name": "Market car park", "kind": "street"}), "id").await;
    app.created(
        &format!("/api/v1/places/{place}/meetings"),
        &sw,
        json!({"held_on": "2026-11-02", "attended": ["police", "licensing"], "discussed": "Cars picking up children after school",
            "actions": [{"owner": "licensing", "what": "Check the taxi firm's licences", "due_on": "2026-11-16"},
                        {"owner": "police", "what": "Speak to the car park's owner", "due_on": "2026-12-01"}]}),
        "id",
    )
    .await;
    let tray = app.api("GET", "/api/v1/work-tray", Some(&sw), None).await.json();
    let actions = tray["place_actions"].as_array().unwrap_or_else(|| panic!("{tray}"));
    assert_eq!(actions.len(), 1, "only the overdue one: {tray}");
    assert_eq!((actions[0]["what"].as_str(), actions[0]["due_on"].as_str()), (Some("Check the taxi firm's licences"), Some("2026-11-16")));
    // Someone else's tray does not carry it; the places list counts it for everyone.
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    assert!(app.api("GET", "/api/v1/work-tray", Some(&fhp), None).await.json()["place_actions"].as_array().unwrap().is_empty());
    let (cookie, _) = app.session(Role::FamilyHelpPractitioner).await;
    let list = app.page("GET", "/places", &cookie, None).await;
    assert!(list.body.contains("1 action from a multi-agency meeting is overdue"), "{}", list.body);
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", "/work", &cookie, None).await;
    assert!(page.body.contains("Overdue actions from meetings about places") && page.body.contains("Check the taxi firm"), "{}", page.body);
}

#[tokio::test]
async fn time_missing_is_recorded_on_the_childs_page_with_every_mistake_at_once() {
    let app = TestApp::new().await;
    let (amir, _) = led_child(&app, "Amir", Role::Lcpp).await;
    let (cookie, csrf) = app.session(Role::Lcpp).await;
    let path = format!("/people/{amir}/missing-from-home?child={amir}");
    let form = app.page("GET", &path, &cookie, None).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let r = app
        .submit(
            &path,
            &cookie,
            &[
                ("csrf_token", csrf.as_str()),
                ("started_on_day", "20"),
                ("started_on_month", "11"),
                ("started_on_year", "2026"),
                ("started_at", "late"),
                ("ended_on_day", "19"),
                ("ended_on_month", "11"),
                ("ended_on_year", "2026"),
                ("ended_at", "09:00"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for msg in ["Choose whether they were missing or away", "Enter the time as hours and minutes"] {
        assert!(r.body.contains(msg), "{msg}: {}", r.body);
    }
    let lcpp = app.token(Role::Lcpp, LA).await;
    let api = format!("/api/v1/people/{amir}/missing-from-home");
    assert!(app.api("GET", &api, Some(&lcpp), None).await.json().as_array().unwrap().is_empty(), "nothing kept");
    let r = app
        .submit(
            &path,
            &cookie,
            &[
                ("csrf_token", csrf.as_str()),
                ("kind", "missing"),
                ("started_on_day", "20"),
                ("started_on_month", "11"),
                ("started_on_year", "2026"),
                ("started_at", "21:30"),
                ("reported_to_police", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let got = app.api("GET", &api, Some(&lcpp), None).await.json();
    assert_eq!((got[0]["started_at"].as_str(), got[0]["ended_at"].as_str()), (Some("2026-11-20T21:30:00"), None), "{got}");
    let page = app.page("GET", &format!("/people/{amir}"), &cookie, None).await;
    assert!(page.body.contains("Not back yet") && page.body.contains("Record that they came back"), "{}", page.body);
}
