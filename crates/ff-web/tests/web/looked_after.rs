//! Children looked after (LA-1..LA-3, T24): a child becomes looked after, each
//! change of legal status or placement is a new SSDA903 episode with its reason, and the child
//! leaves care; in the API and on the child's page.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

pub(super) fn placement(ls: &str, place: &str, postcode: &str) -> Value {
    json!({"legal_status": ls, "placement_type": place, "placement_provider": "PR1", "placement_postcode": postcode})
}

/// A children's home on the test register (`providers::load_register`), with its URN.
pub(super) fn home(ls: &str, postcode: &str) -> Value {
    with(placement(ls, "K2", postcode), json!({"placement_provider": "PR4", "provider_urn": super::providers::GOOD_HOME}))
}

pub(super) fn with(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

pub(super) async fn care(app: &TestApp, t: &str, child: &str) -> Value {
    let r = app.api("GET", &format!("/api/v1/people/{child}/care"), Some(t), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// Domain §"Day zero": a council that counts the day of the event as day 1 sees the first
/// review, the initial health assessment and the first education plan a working day sooner.
#[tokio::test]
async fn the_councils_day_counting_moves_the_care_clocks_t24_t29_t31() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Bea", "2014-06-06").await;
    let body = with(placement("V2", "U6", "NM1 1AA"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let due = |c: &Value, what: &str| {
        let clocks = c["clocks"].as_array().unwrap_or_else(|| panic!("{c}"));
        clocks.iter().find(|k| k["what"] == what).map(|k| k["due"].as_str().unwrap().to_owned())
    };
    let c = care(&app, &sw, &child).await;
    assert_eq!(c["next_review_due"], "2026-11-30");
    assert_eq!((due(&c, "initial_health").as_deref(), due(&c, "pep").as_deref()), (Some("2026-11-30"), Some("2026-11-30")));

    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["day_counting"] = json!("event_is_day_one");
    assert_eq!(app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await.status, StatusCode::OK);
    let c = care(&app, &sw, &child).await;
    assert_eq!(c["next_review_due"], "2026-11-27", "T24 counted from day 1");
    assert_eq!((due(&c, "initial_health").as_deref(), due(&c, "pep").as_deref()), (Some("2026-11-27"), Some("2026-11-27")));
}

#[tokio::test]
async fn a_child_comes_into_care_moves_and_leaves_with_each_episode_as_the_903_counts_it() {
    let app = TestApp::new().await;
    super::providers::load_register(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Amara", "2014-06-06").await;
    let path = format!("/api/v1/people/{child}/care");
    assert!(care(&app, &sw, &child).await["current"].is_null());

    // Only social work records care.
    for role in [Role::FamilyHelpPractitioner, Role::PartnerAgency, Role::ConferenceChair] {
        let t = app.token(role, LA).await;
        let body = with(placement("V2", "U6", "NM1 1AA"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
        assert_eq!(app.api("POST", &path, Some(&t), Some(body)).await.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    // Mistakes are named field by field, and nothing is written.
    let r = app
        .api(
            "POST",
            &path,
            Some(&sw),
            Some(with(placement("Z9", "U6", "nowhere"), json!({"start_date": "2026-11-02", "category_of_need": "N9"}))),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert!(["legal_status", "category_of_need", "placement_postcode"].iter().all(|f| fields.iter().any(|x| x == f)), "{fields:?}");
    // LA-2: section 20 is not a placement with parents.
    let r = app
        .api(
            "POST",
            &path,
            Some(&sw),
            Some(with(placement("V2", "P1", "NM1 1AA"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}))),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("LA-2"), "{}", r.body);
    assert_eq!(care(&app, &sw, &child).await["episodes"].as_array().unwrap().len(), 0);

    // Accommodated under section 20 with foster carers on Monday 2 November.
    let body = with(placement("V2", "U6", "nm1 1aa"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    app.created(&path, &sw, body.clone(), "id").await;
    let c = care(&app, &sw, &child).await;
    assert_eq!(c["current"]["reason_new_episode"], "S");
    assert_eq!(c["current"]["placement_postcode"], "NM1 1AA");
    assert_eq!(c["looked_after_since"], "2026-11-02");
    assert_eq!(c["next_review_due"], "2026-11-30", "T24: 20 working days");
    assert_eq!((c["next_review"].as_str(), c["next_review_overdue"].as_bool()), (Some("first"), Some(false)));
    let r = app.api("POST", &path, Some(&sw), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "already looked after: {}", r.body);

    // An interim care order: legal status only (L). Then a move to a children's home (P). Then
    // the full care order with the home's new address, same carer (U).
    let changes = format!("{path}/changes");
    let v = c["current"]["version"].clone();
    let stale = with(placement("C1", "U6", "NM1 1AA"), json!({"start_date": "2026-11-09", "version": 99}));
    assert_eq!(app.api("POST", &changes, Some(&sw), Some(stale)).await.status, StatusCode::CONFLICT);
    let nothing = with(placement("V2", "U6", "NM1 1AA"), json!({"start_date": "2026-11-09", "version": v}));
    let r = app.api("POST", &changes, Some(&sw), Some(nothing)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-1"), "{}", r.body);
    let before = {
        let mut tx = app.db.db.begin().await.unwrap();
        ff_store::audit::count_events(&mut tx, LA).await.unwrap()
    };
    app.created(&changes, &sw, with(placement("C1", "U6", "NM1 1AA"), json!({"start_date": "2026-11-09", "version": v})), "id").await;
    let after = {
        let mut tx = app.db.db.begin().await.unwrap();
        ff_store::audit::count_events(&mut tx, LA).await.unwrap()
    };
    assert_eq!(after, before + 1, "one change, one audit event");
    let v = care(&app, &sw, &child).await["current"]["version"].clone();
    // LA-7: a move says why the placement ended; a change of legal status alone does not.
    let r =
        app.api("POST", &changes, Some(&sw), Some(with(home("C1", "NM2 2BB"), json!({"start_date": "2026-11-16", "version": v})))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-7"), "{}", r.body);
    let body = with(
        home("C1", "NM2 2BB"),
        json!({"start_date": "2026-11-16", "version": v, "reason_place_change": "CREQB", "decided_by": "Team manager"}),
    );
    app.created(&changes, &sw, body, "id").await;
    let v = care(&app, &sw, &child).await["current"]["version"].clone();
    let body = with(
        home("C2", "NM3 3CC"),
        json!({"start_date": "2026-11-20", "version": v, "same_carer": true, "reason_place_change": "PLACE", "decided_by": "Team manager"}),
    );
    app.created(&changes, &sw, body, "id").await;
    let c = care(&app, &sw, &child).await;
    let reasons: Vec<&str> = c["episodes"].as_array().unwrap().iter().map(|e| e["reason_new_episode"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["U", "P", "L", "S"], "newest first");
    let ends: Vec<Value> = c["episodes"].as_array().unwrap().iter().map(|e| e["reason_ceased"].clone()).collect();
    assert_eq!(ends, [Value::Null, json!("X1"), json!("X1"), json!("X1")]);
    let why: Vec<Value> = c["episodes"].as_array().unwrap().iter().map(|e| e["reason_place_change"].clone()).collect();
    assert_eq!(why, [Value::Null, json!("PLACE"), json!("CREQB"), Value::Null], "on the episode that ended with the move");
    assert_eq!(c["looked_after_since"], "2026-11-02", "one period of care");

    // The first review, chaired by the independent reviewing officer (LA-4); then the second
    // falls due 3 months later (T25).
    let reviews = format!("{path}/reviews");
    let iro = super::family_help::user_id(&app, Role::IndependentReviewingOfficer).await;
    let sw_id = super::family_help::user_id(&app, Role::SocialWorker).await;
    let r = app.api("POST", &reviews, Some(&sw), Some(json!({"held_on": "2026-11-20", "chair_id": sw_id, "participation": "PN1"}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-4"), "a social worker does not chair: {}", r.body);
    let r = app.api("POST", &reviews, Some(&sw), Some(json!({"held_on": "2026-11-20", "chair_id": iro, "participation": "PN0"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "PN0 is for a child under 4: {}", r.body);
    let iro_token = app.token(Role::IndependentReviewingOfficer, LA).await;
    app.created(&reviews, &iro_token, json!({"held_on": "2026-11-20", "chair_id": iro, "participation": "PN1"}), "id").await;
    let c = care(&app, &iro_token, &child).await;
    assert_eq!((c["next_review"].as_str(), c["next_review_due"].as_str()), (Some("second"), Some("2027-02-20")));
    assert_eq!(c["reviews"][0]["chair_name"], "Test Independent reviewing officer");
    // The reviewing officer reviews; the care record itself is social work.
    let body = with(home("C2", "NM3 3CC"), json!({"start_date": "2026-11-21", "version": 1}));
    assert_eq!(app.api("POST", &format!("{path}/changes"), Some(&iro_token), Some(body)).await.status, StatusCode::FORBIDDEN);

    // Leaving care: X1 is not a way of leaving (LA-3); returning home is.
    let leaving = format!("{path}/leaving");
    let v = c["current"]["version"].clone();
    let r = app.api("POST", &leaving, Some(&sw), Some(json!({"end_date": "2026-11-23", "reason": "X1", "version": v}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.api("POST", &leaving, Some(&sw), Some(json!({"end_date": "2026-11-23", "reason": "E4A", "version": v}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let c = care(&app, &sw, &child).await;
    assert!(c["current"].is_null() && c["next_review_due"].is_null());
    assert_eq!(c["episodes"][0]["reason_ceased"], "E4A");
    // 903 rule 431: a new period of care does not start the day the last one ended.
    let again = with(placement("V2", "U6", "NM1 1AA"), json!({"start_date": "2026-11-23", "category_of_need": "N4"}));
    assert_eq!(app.api("POST", &path, Some(&sw), Some(again)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn care_is_recorded_and_shown_on_the_childs_page() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Ben", "2012-03-03").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Not looked after.") && show.body.contains(&format!("/people/{child}/care/start?child={child}")));
    let form_path = format!("/people/{child}/care/start");
    let r = app.page("GET", &format!("{form_path}?child={child}"), &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Interim care order (section 38)") && r.body.contains("Why is the child looked after?"));
    let form = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("start_date_day", "2"),
        ("start_date_month", "11"),
        ("start_date_year", "2026"),
        ("category_of_need", "N1"),
        ("legal_status", "C1"),
        ("placement_type", "U4"),
        ("placement_provider", "PR1"),
        ("placement_postcode", "NM1 1AA"),
    ];
    let r = app.page("POST", &form_path, &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = app.page("GET", &format!("/people/{child}?saved=care"), &cookie, None).await;
    assert!(show.body.contains("Interim care order (section 38)") && show.body.contains("Due by Monday 30 November 2026"));
    assert!(show.body.contains("Change the legal status or placement") && show.body.contains("S: Started to be looked after"));
    // The whole child agrees: the banner says she is looked after and lives in her placement.
    assert!(show.body.contains("Looked after, interim care order (section 38)"), "involvement");
    assert!(show.body.contains("lives in their placement"), "the household section says where she lives now");
    let form = app.page("GET", &format!("/people/{child}/care/change?child={child}"), &cookie, None).await;
    assert!(form.body.contains("In care: Foster placement with other foster carers, long-term, NM1 1AA"), "the banner: her placement");
    assert!(form.body.contains("Their carers, while looked after"));
    // A refused change comes back with what was typed and the reason.
    let form = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("version", "1"),
        ("start_date_day", "9"),
        ("start_date_month", "11"),
        ("start_date_year", "2026"),
        ("legal_status", "C1"),
        ("placement_type", "U4"),
        ("placement_provider", "PR1"),
        ("placement_postcode", "NM1 1AA"),
        ("same_carer", "no"),
    ];
    let r = app.page("POST", &format!("/people/{child}/care/change"), &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Nothing has changed"));
    // A family help practitioner reads it without the links.
    let (fhp, _) = app.session(Role::FamilyHelpPractitioner).await;
    let show = app.page("GET", &format!("/people/{child}"), &fhp, None).await;
    assert!(show.body.contains("Looked after since") && !show.body.contains("Change the legal status or placement"));
}

fn clock<'a>(c: &'a Value, what: &str) -> &'a Value {
    c["clocks"].as_array().unwrap().iter().find(|k| k["what"] == what).unwrap_or(&Value::Null)
}

#[tokio::test]
async fn visits_health_assessments_education_plans_and_missing_episodes_run_on_their_clocks() {
    let app = TestApp::new().await;
    super::providers::load_register(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    // Nine years old: an education plan is due (from 5, the default).
    let child = super::family_help::make_child(&app, &sw, "Cara", "2017-05-05").await;
    let path = format!("/api/v1/people/{child}/care");
    let checks = format!("{path}/checks");
    // LA-5: nothing to record before the child is looked after.
    let r = app.api("POST", &checks, Some(&sw), Some(json!({"kind": "visit", "held_on": "2026-11-02"}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-5"), "{}", r.body);
    // Looked after from Monday 2 November (placement U6 starts that day).
    let body = with(placement("C1", "U6", "NM1 1AA"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    app.created(&path, &sw, body, "id").await;
    let c = care(&app, &sw, &child).await;
    // Today is 23 November: the first visit (a week after the placement began) is overdue; the
    // initial health assessment and the first education plan are due in 20 working days.
    assert_eq!((clock(&c, "visit")["due"].as_str(), clock(&c, "visit")["overdue"].as_bool()), (Some("2026-11-09"), Some(true)), "T28");
    assert_eq!(clock(&c, "initial_health")["due"], "2026-11-30", "T29");
    assert_eq!(clock(&c, "pep")["due"], "2026-11-30", "T31");
    assert_eq!(c["clocks"][0]["what"], "visit", "soonest first");

    // Mistakes are named and change nothing; partners may not record.
    let r = app.api("POST", &checks, Some(&sw), Some(json!({"kind": "chat", "held_on": "2026-11-05"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.api("POST", &checks, Some(&sw), Some(json!({"kind": "visit", "held_on": "2026-11-24"}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-5"), "future: {}", r.body);
    let partner = app.token(Role::PartnerAgency, LA).await;
    let r = app.api("POST", &checks, Some(&partner), Some(json!({"kind": "visit", "held_on": "2026-11-05"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(care(&app, &sw, &child).await["checks"].as_array().unwrap().is_empty());

    // A visit where the child was not seen does not stop the clock; one where she was does.
    app.created(&checks, &sw, json!({"kind": "visit", "held_on": "2026-11-05", "child_seen": false, "summary": "Out at school"}), "id")
        .await;
    assert_eq!(clock(&care(&app, &sw, &child).await, "visit")["due"], "2026-11-09");
    app.created(&checks, &sw, json!({"kind": "visit", "held_on": "2026-11-06", "child_seen_alone": true}), "id").await;
    app.created(&checks, &sw, json!({"kind": "initial_health", "held_on": "2026-11-20"}), "id").await;
    let r = app.api("POST", &checks, Some(&sw), Some(json!({"kind": "initial_health", "held_on": "2026-11-21"}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-5"), "one initial assessment: {}", r.body);
    app.created(&checks, &sw, json!({"kind": "pep", "held_on": "2026-11-19"}), "id").await;
    let c = care(&app, &sw, &child).await;
    assert_eq!(
        (clock(&c, "visit")["due"].as_str(), clock(&c, "visit")["overdue"].as_bool()),
        (Some("2026-12-18"), Some(false)),
        "six weeks on"
    );
    assert_eq!(clock(&c, "review_health")["due"], "2027-11-20", "T30: yearly from 5");
    assert!(clock(&c, "initial_health").is_null());
    assert_eq!(clock(&c, "pep")["due"], "2027-03-19", "T31: termly");
    assert_eq!(c["checks"][0]["kind"], "initial_health", "newest first");
    assert_eq!(c["checks"].as_array().unwrap().len(), 4);
    assert_eq!(c["checks"][2]["child_seen_alone"], true);

    // A move to a new placement restarts the visit clock: a week from the move.
    let v = c["current"]["version"].clone();
    app.created(
        &format!("{path}/changes"),
        &sw,
        with(
            home("C1", "NM2 2BB"),
            json!({"start_date": "2026-11-21", "version": v, "reason_place_change": "CARPL", "decided_by": "Team manager"}),
        ),
        "id",
    )
    .await;
    let c = care(&app, &sw, &child).await;
    assert_eq!(clock(&c, "visit")["due"], "2026-11-28");
    assert_eq!((c["placement_since"].as_str(), c["placement_moves_12_months"].as_u64()), (Some("2026-11-21"), Some(1)));
    assert_eq!(c["stability_warning"], false);

    // Missing from care (LA-6): one open episode at a time, returned with the interview.
    let missing = format!("{path}/missing");
    let id = app.created(&missing, &sw, json!({"kind": "M", "started_on": "2026-11-22"}), "id").await;
    let r = app.api("POST", &missing, Some(&sw), Some(json!({"kind": "A", "started_on": "2026-11-23"}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-6"), "{}", r.body);
    let c = care(&app, &sw, &child).await;
    assert_eq!((c["currently_missing"].as_bool(), c["missing"][0]["kind"].as_str()), (Some(true), Some("M")));
    let ret = format!("/api/v1/care-missing/{id}/return");
    let r = app.api("POST", &ret, Some(&sw), Some(json!({"ended_on": "2026-11-21", "rhi_offered": true, "version": 1}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-6"), "before she went: {}", r.body);
    let r = app.api("POST", &ret, Some(&sw), Some(json!({"ended_on": "2026-11-23", "rhi_offered": true, "version": 7}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = app
        .api("POST", &ret, Some(&sw), Some(json!({"ended_on": "2026-11-23", "rhi_offered": true, "rhi_accepted": true, "version": 1})))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &ret, Some(&sw), Some(json!({"ended_on": "2026-11-23", "rhi_offered": true, "version": 2}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "already back");
    let c = care(&app, &sw, &child).await;
    assert_eq!(c["currently_missing"], false);
    assert_eq!((c["missing"][0]["ended_on"].as_str(), c["missing"][0]["rhi_accepted"].as_bool()), (Some("2026-11-23"), Some(true)));
    let r = app
        .api(
            "POST",
            "/api/v1/care-missing/00000000-0000-0000-0000-000000000000/return",
            Some(&sw),
            Some(json!({"ended_on": "2026-11-23", "rhi_offered": false, "version": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_childs_page_shows_the_clocks_and_a_missing_child_and_records_them_without_javascript() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Dan", "2016-01-01").await;
    let body = with(placement("C1", "U6", "NM1 1AA"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Statutory visit") && show.body.contains("Due by Monday 9 November 2026"), "the overdue visit");
    assert!(show.body.contains("Initial health assessment") && show.body.contains("Personal education plan"));
    let form = app.page("GET", &format!("/people/{child}/care/check?child={child}"), &cookie, None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Statutory visit due by Monday 9 November 2026 (overdue)."), "the form says what is due");
    // A mistake comes back named; then the visit is saved.
    let mut post = vec![
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("held_on_day", "20"),
        ("held_on_month", "11"),
        ("held_on_year", "2026"),
        ("child_seen", "alone"),
        ("summary", "Settled; likes her room"),
    ];
    let r = app.page("POST", &format!("/people/{child}/care/check"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose what took place"));
    post.push(("kind", "visit"));
    let r = app.page("POST", &format!("/people/{child}/care/check"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("20 November 2026: Statutory visit, child seen alone") && show.body.contains("Settled; likes her room"));
    assert!(show.body.contains("Due by Friday 1 January 2027"), "six weeks after the visit");
    // She goes missing: the page warns, and offers to record her return.
    let post = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("kind", "M"),
        ("started_on_day", "22"),
        ("started_on_month", "11"),
        ("started_on_year", "2026"),
    ];
    let r = app.page("POST", &format!("/people/{child}/care/missing"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Missing since 22 November 2026."));
    let care = app.api("GET", &format!("/api/v1/people/{child}/care"), Some(&sw), None).await.json();
    let mid = care["missing"][0]["id"].as_str().unwrap().to_owned();
    assert!(show.body.contains(&format!("/care-missing/{mid}/return?child={child}")));
    // Without an answer about the return home interview, nothing is written.
    let mut post = vec![
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("version", "1"),
        ("ended_on_day", "23"),
        ("ended_on_month", "11"),
        ("ended_on_year", "2026"),
    ];
    let r = app.page("POST", &format!("/care-missing/{mid}/return"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose whether a return home interview was offered"));
    let care = app.api("GET", &format!("/api/v1/people/{child}/care"), Some(&sw), None).await.json();
    assert!(care["missing"][0]["ended_on"].is_null());
    post.push(("rhi", "declined"));
    let r = app.page("POST", &format!("/care-missing/{mid}/return"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Missing from 22 November 2026 to 23 November 2026; return home interview offered and declined"));
    assert!(!show.body.contains("Missing since"));
}

#[tokio::test]
async fn care_clocks_reach_the_social_workers_tray_and_the_reviewing_officers_list() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let sw_id = super::family_help::user_id(&app, Role::SocialWorker).await;
    let held = super::family_help::make_child(&app, &sw, "Eve", "2015-02-02").await;
    let other = super::family_help::make_child(&app, &sw, "Fay", "2020-03-03").await;
    let (ep, _) = super::family_help::open_for_assessment(&app, &sw, &held, None).await;
    let r = app.api("POST", &format!("/api/v1/episodes/{ep}/allocation"), Some(&mgr), Some(json!({"lead_id": sw_id, "version": 1}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for (child, start) in [(&held, "2026-11-02"), (&other, "2026-06-01")] {
        let body = with(placement("C1", "U6", "NM1 1AA"), json!({"start_date": start, "category_of_need": "N1"}));
        app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    }
    // The social worker's tray: the care clocks of the child in care she leads, and only hers.
    let tray = app.api("GET", "/api/v1/work-tray", Some(&sw), None).await.json();
    let care: Vec<&Value> = tray["mine"].as_array().unwrap().iter().filter(|i| i["kind"].as_str().unwrap().starts_with("care_")).collect();
    let kinds: Vec<&str> = care.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert!(care.iter().all(|i| i["child_id"] == held.as_str()), "{care:?}");
    for k in ["care_review", "care_visit", "care_initial_health", "care_pep"] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    let visit = care.iter().find(|i| i["kind"] == "care_visit").unwrap();
    assert_eq!((visit["due"].as_str(), visit["overdue"].as_bool()), (Some("2026-11-09"), Some(true)));
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", "/work", &cookie, None).await;
    assert!(page.body.contains("Statutory visit (child in care)"), "the tray page shows it");

    // The reviewing officer's list: both children, the overdue review first; others may not see it.
    let iro = app.token(Role::IndependentReviewingOfficer, LA).await;
    let list = app.api("GET", "/api/v1/children-in-care", Some(&iro), None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let list = list.json();
    let children = list["children"].as_array().unwrap();
    assert_eq!(children.len(), 2);
    assert_eq!(children[0]["child_id"], other.as_str(), "looked after since June: the first review is long overdue");
    assert_eq!((children[0]["review"]["overdue"].as_bool(), list["reviews_overdue"].as_u64()), (Some(true), Some(1)));
    assert_eq!(children[0]["social_worker"], Value::Null);
    assert_eq!(children[1]["social_worker"], "Test Social worker");
    assert_eq!(children[1]["review"]["due"], "2026-11-30");
    assert_eq!(list["reviews_due_soon"], 1);
    assert_eq!(app.api("GET", "/api/v1/children-in-care", Some(&sw), None).await.status, StatusCode::FORBIDDEN);
    let (cookie, _) = app.session(Role::IndependentReviewingOfficer).await;
    let home = app.page("GET", "/", &cookie, None).await;
    assert!(home.body.contains("href=\"/children-in-care\""), "the reviewing officer finds the list from home");
    let page = app.page("GET", "/children-in-care", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Fay Family") && page.body.contains("First looked-after review: Mon 30 Nov 2026"));
}

#[tokio::test]
async fn a_childs_unique_pupil_number_is_checked_kept_once_and_carried_through_edits() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let a = super::family_help::make_child(&app, &sw, "Gil", "2015-02-02").await;
    let b = super::family_help::make_child(&app, &sw, "Hal", "2015-03-03").await;
    let put = |id: &str, body: Value| {
        let path = format!("/api/v1/people/{id}/upn");
        let app = &app;
        let sw = sw.clone();
        async move { app.api("PUT", &path, Some(&sw), Some(body)).await }
    };
    let r = put(&a, json!({"upn": "A201234567890", "version": 1})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("check letter"), "{}", r.body);
    assert_eq!(put(&a, json!({"upn": "l201 2345 67890", "version": 1})).await.status, StatusCode::NO_CONTENT);
    let p = app.api("GET", &format!("/api/v1/people/{a}"), Some(&sw), None).await.json();
    assert_eq!((p["person"]["upn"].as_str(), p["person"]["version"].as_i64()), (Some("L201234567890"), Some(2)));
    assert_eq!(put(&a, json!({"upn": "L201234567890", "version": 1})).await.status, StatusCode::CONFLICT, "stale");
    let r = put(&b, json!({"upn": "L201234567890", "version": 1})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Another child"), "{}", r.body);
    // An edit of the child's details keeps the number.
    let body = json!({"given_name": "Gil", "family_name": "Family", "date_of_birth": "2015-02-02", "sex": "F", "version": 2});
    let r = app.api("PUT", &format!("/api/v1/people/{a}"), Some(&sw), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["upn"], "L201234567890");
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let show = app.page("GET", &format!("/people/{a}"), &cookie, None).await;
    assert!(show.body.contains("Unique pupil number") && show.body.contains("L201234567890"));
    assert!(show.body.contains(&format!("/people/{a}/upn?child={a}")));
}

#[tokio::test]
async fn a_years_outcomes_are_checked_against_the_childs_age_and_shown_with_the_care() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    // Twelve at 31 March 2027: a strengths and difficulties score and whether convicted.
    let child = super::family_help::make_child(&app, &sw, "Jo", "2014-06-06").await;
    let body = with(placement("C2", "U4", "NM1 1AA"), json!({"start_date": "2026-01-05", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let path = format!("/api/v1/people/{child}/care/outcomes");
    let base = json!({"as_at": "2026-11-23", "immunisations": true, "teeth_check": false, "substance_misuse": false});
    let r = app.api("POST", &path, Some(&sw), Some(base.clone())).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-8"), "no score for a 12-year-old: {}", r.body);
    let r = app.api("POST", &path, Some(&sw), Some(with(base.clone(), json!({"sdq_score": 12})))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("rule 543"), "convicted unanswered: {}", r.body);
    let r = app
        .api("POST", &path, Some(&sw), Some(with(base.clone(), json!({"sdq_score": 12, "sdq_reason": "SDQ2", "convicted": false}))))
        .await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("197a"), "{}", r.body);
    let r = app.api("POST", &path, Some(&sw), Some(with(base.clone(), json!({"sdq_score": 12, "convicted": false})))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let c = care(&app, &sw, &child).await;
    assert_eq!((c["outcomes"][0]["year_ending"].as_str(), c["outcomes"][0]["sdq_score"].as_i64()), (Some("2027-03-31"), Some(12)));
    // A later record for the year supersedes the first, which is kept.
    let r =
        app.api("POST", &path, Some(&sw), Some(with(base, json!({"sdq_reason": "SDQ5", "convicted": false, "teeth_check": true})))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let c = care(&app, &sw, &child).await;
    assert_eq!(c["outcomes"].as_array().unwrap().len(), 1);
    assert_eq!((c["outcomes"][0]["sdq_reason"].as_str(), c["outcomes"][0]["teeth_check"].as_bool()), (Some("SDQ5"), Some(true)));
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(
        show.body.contains("Outcomes for the year to 31 March 2027") && show.body.contains("no score (the child or young person refused)")
    );
    // The form: unanswered questions are named, nothing is written.
    let post = [("csrf_token", csrf.as_str()), ("child", child.as_str()), ("sdq_score", "50"), ("convicted", "no")];
    let r = app.page("POST", &format!("/people/{child}/care/outcomes"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose yes or no"), "{}", r.body);
    assert!(!r.body.contains("cannot be in the future"), "the stand-in date stays out of sight: {}", r.body);
    let post = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("sdq_score", "9"),
        ("convicted", "no"),
        ("immunisations", "yes"),
        ("teeth_check", "yes"),
        ("substance_misuse", "no"),
    ];
    let r = app.page("POST", &format!("/people/{child}/care/outcomes"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(care(&app, &sw, &child).await["outcomes"][0]["sdq_score"], 9);
}

#[tokio::test]
async fn an_unaccompanied_asylum_seeking_childs_status_is_recorded_and_sent_in_the_903() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Kai", "2009-01-15").await;
    let body = with(placement("V2", "U6", "NM1 1AA"), json!({"start_date": "2026-10-01", "category_of_need": "N8"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let path = format!("/api/v1/people/{child}/care/uasc");
    let r = app.api("POST", &path, Some(&sw), Some(json!({"since": "2026-09-30", "ceased": "2027-02-01"}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-9"), "not in the future: {}", r.body);
    let r = app.api("POST", &path, Some(&sw), Some(json!({"since": "2026-09-30"}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let c = care(&app, &sw, &child).await;
    assert_eq!((c["uasc"]["since"].as_str(), c["uasc"]["ceased"].as_str()), (Some("2026-09-30"), None));
    // LC-1: seventeen, in care for under 13 weeks since 14, still looked after: owed nothing as a
    // care leaver yet (qualifying needs care to have ended).
    assert!(c["care_leaver_status"].is_null(), "{}", c["care_leaver_status"]);
    let partner = app.token(Role::PartnerAgency, LA).await;
    assert_eq!(app.api("POST", &path, Some(&partner), Some(json!({"since": "2026-09-30"}))).await.status, StatusCode::FORBIDDEN);
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Unaccompanied asylum-seeking child") && show.body.contains("Since 30 September 2026"));
    assert!(show.body.contains("id=\"leaving-care\">Leaving care"), "from 16, the page has the leaving-care section");
    let (analyst, _) = app.session(Role::PerformanceAnalyst).await;
    let csv = app.page("GET", "/returns/ssda903/2026-27/uasc.csv", &analyst, None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body, "CHILD,SEX,DOB,DUC\r\nC000000001,F,15/01/2009,\r\n");
}

/// A page that shows a mistake has saved nothing: the status's start day is fine but its end day
/// cannot be read; before, the status was saved without its end behind the error.
#[tokio::test]
async fn a_form_with_a_mistake_beside_a_good_date_saves_nothing() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Ola", "2009-01-15").await;
    let body = with(placement("V2", "U6", "NM1 1AA"), json!({"start_date": "2026-10-01", "category_of_need": "N8"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let post = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("since_day", "30"),
        ("since_month", "9"),
        ("since_year", "2026"),
        ("ceased_day", "31"),
        ("ceased_month", "2"),
        ("ceased_year", "2026"),
    ];
    let r = app.page("POST", &format!("/people/{child}/care/uasc"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(!r.body.contains("cannot be in the future"), "the stand-in day is not shown: {}", r.body);
    assert!(care(&app, &sw, &child).await["uasc"].is_null(), "nothing saved behind the error");
}

#[tokio::test]
async fn family_finding_and_mentoring_connections_stay_with_the_child_through_moves() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Lea", "2013-04-04").await;
    let path = format!("/api/v1/people/{child}/care/connections");
    let offer = json!({"kind": "mentor", "name": "Sam Reid, Northmoor Mentoring", "offered_on": "2026-11-05"});
    let r = app.api("POST", &path, Some(&sw), Some(offer.clone())).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-10"), "not in care yet: {}", r.body);
    let body = with(placement("C1", "U6", "NM1 1AA"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let mentor = app.created(&path, &sw, offer, "id").await;
    app.created(&path, &sw, json!({"kind": "family", "name": "Aunt May (father's sister)", "offered_on": "2026-11-06"}), "id").await;
    let r = app.api("POST", &path, Some(&sw), Some(json!({"kind": "pen_pal", "name": "X", "offered_on": "2026-11-06"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let step = |what: &str| format!("/api/v1/care-connections/{mentor}/{what}");
    let r = app.api("POST", &step("match"), Some(&sw), Some(json!({"on": "2026-11-04", "version": 1}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LA-10"), "before the offer: {}", r.body);
    assert_eq!(
        app.api("POST", &step("match"), Some(&sw), Some(json!({"on": "2026-11-12", "version": 1}))).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.api("POST", &step("match"), Some(&sw), Some(json!({"on": "2026-11-12", "version": 2}))).await.status,
        StatusCode::CONFLICT
    );
    // A move does not end it: the connection belongs to the child.
    let v = care(&app, &sw, &child).await["current"]["version"].clone();
    let moved = with(
        placement("C1", "U4", "NM5 5EE"),
        json!({"start_date": "2026-11-20", "version": v, "reason_place_change": "CARPL", "decided_by": "Team manager"}),
    );
    app.created(&format!("/api/v1/people/{child}/care/changes"), &sw, moved, "id").await;
    let c = care(&app, &sw, &child).await;
    let m = c["connections"].as_array().unwrap().iter().find(|k| k["id"] == mentor.as_str()).unwrap().clone();
    assert_eq!((m["matched_on"].as_str(), m["ended_on"].as_str()), (Some("2026-11-12"), None));
    let r = app.api("POST", &step("end"), Some(&sw), Some(json!({"on": "2026-11-21", "version": 2}))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("end_reason"), "{}", r.body);
    let r =
        app.api("POST", &step("end"), Some(&sw), Some(json!({"on": "2026-11-21", "end_reason": "Mentor moved away", "version": 2}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Family finding and mentoring") && show.body.contains("ended 21 November 2026 (Mentor moved away)"));
    assert!(show.body.contains("Aunt May (father&#39;s sister); offered 6 November 2026"), "{}", show.body);
    let partner = app.token(Role::PartnerAgency, LA).await;
    let r = app.api("POST", &path, Some(&partner), Some(json!({"kind": "mentor", "name": "Y", "offered_on": "2026-11-06"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
