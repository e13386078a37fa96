//! Family networks: network map and genogram, FGDM offered, held and its plan agreed,
//! pre-proceedings with the FGDM duty (R-PLO-2), kinship care and the public local offer.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::family_help::make_child;
use super::{LA, Resp, TestApp};

async fn person(app: &TestApp, t: &str, given: &str, dob: &str, sex: &str) -> String {
    let body = json!({"given_name": given, "family_name": "Network", "date_of_birth": dob, "sex": sex, "confirm_not_duplicate": true});
    let r = app.api("POST", "/api/v1/people", Some(t), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

async fn relate(app: &TestApp, t: &str, adult: &str, child: &str, body: Value) {
    let mut b = body;
    // "RELATIVE is the KIND of this person", recorded on the child's record.
    b["relative_id"] = json!(adult);
    let r = app.api("POST", &format!("/api/v1/people/{child}/relationships"), Some(t), Some(b)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

/// Sends the letter before proceedings on `plo`, saying whether it offers a family group
/// decision making meeting (R-PLO-2).
async fn letter(app: &TestApp, t: &str, plo: &str, includes_fgdm_offer: bool, version: i64) -> Resp {
    let body = json!({"sent_on": "2026-11-03", "includes_fgdm_offer": includes_fgdm_offer, "version": version});
    app.post(&format!("/api/v1/plo/{plo}/letter"), t, body).await
}

/// Asks to record the application to court of `kind` on `plo`.
async fn apply(app: &TestApp, t: &str, plo: &str, kind: &str, version: i64) -> Resp {
    app.post(&format!("/api/v1/plo/{plo}/application"), t, json!({"issued_on": "2026-11-20", "kind": kind, "version": version})).await
}

/// Offers the family group decision making meeting `fgdm` to `person`.
async fn offer_to(app: &TestApp, t: &str, fgdm: &str, person: &str) -> Resp {
    app.post(&format!("/api/v1/fgdm/{fgdm}/offers"), t, json!({"person_id": person, "offered_on": "2026-11-03"})).await
}

/// The child's family network as the API gives it.
async fn network(app: &TestApp, t: &str, child: &str) -> Value {
    app.get_json(&format!("/api/v1/people/{child}/network"), t).await
}

#[tokio::test]
async fn network_fgdm_pre_proceedings_and_kinship() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let child = make_child(&app, &sw, "Kit", "2019-04-04").await;
    let mother = person(&app, &sw, "Mona", "1990-01-01", "F").await;
    let father = person(&app, &sw, "Fred", "1988-02-02", "M").await;
    let nan = person(&app, &sw, "Nora", "1960-03-03", "F").await;
    relate(&app, &sw, &mother, &child, json!({"kind": "mother", "parental_responsibility": true, "pr_basis": "birth_mother"})).await;
    relate(&app, &sw, &father, &child, json!({"kind": "father", "parental_responsibility": true, "pr_basis": "birth_certificate"})).await;
    relate(&app, &sw, &nan, &child, json!({"kind": "grandparent"})).await;

    // The network map, from the register.
    let member = app
        .created(
            &format!("/api/v1/people/{child}/network/members"),
            &fhp,
            json!({"person_id": nan, "relationship": "Maternal grandmother", "willingness": "willing", "capacity": "full_time_care", "invited": true}),
            "id",
        )
        .await;
    let dup = app
        .post(
            &format!("/api/v1/people/{child}/network/members"),
            &fhp,
            json!({"person_id": nan, "relationship": "x", "willingness": "willing"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stale = app
        .put(
            &format!("/api/v1/network-members/{member}"),
            &fhp,
            json!({"person_id": nan, "relationship": "Nan", "willingness": "unsure", "version": 7}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    // Pre-proceedings: the letter cannot go without the FGDM offer (R-PLO-2).
    let plo = app
        .created(&format!("/api/v1/people/{child}/plo"), &sw, json!({"gateway_on": "2026-11-02", "decision": "pre_proceedings"}), "id")
        .await;
    let r = letter(&app, &sw, &plo, false, 1).await;
    assert_eq!(r.json()["rule"], "R-PLO-2", "{}", r.body);
    let r = letter(&app, &sw, &plo, true, 1).await;
    assert_eq!(r.json()["rule"], "R-PLO-2", "the offer must be on the record: {}", r.body);
    // No application before an FGDM is held, declined or exempted.
    let r = apply(&app, &sw, &plo, "care", 1).await;
    assert_eq!(r.json()["rule"], "R-PLO-2", "{}", r.body);
    assert!(r.json()["detail"].as_str().unwrap().contains("no family group decision making"), "{}", r.body);

    // FGDM: referred, offered to both parents (only people with parental responsibility).
    let fgdm = app
        .created(
            &format!("/api/v1/people/{child}/fgdm"),
            &fhp,
            json!({"stage": "pre_proceedings", "referred_on": "2026-11-02", "coordinator": "Ann Coordinator"}),
            "id",
        )
        .await;
    let r = offer_to(&app, &fhp, &fgdm, &nan).await;
    assert_eq!(r.json()["errors"][0]["field"], "person_id", "the grandmother has no parental responsibility: {}", r.body);
    let mut offers = vec![];
    for p in [&mother, &father] {
        let r = offer_to(&app, &fhp, &fgdm, p).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        offers.push(r.json()["id"].as_str().unwrap().to_owned());
    }
    let r = letter(&app, &sw, &plo, true, 1).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let ans = |a: &str| json!({"answer": a, "answered_on": "2026-11-05", "version": 1});
    assert_eq!(
        app.api("POST", &format!("/api/v1/fgdm-offers/{}/answer", offers[0]), Some(&fhp), Some(ans("accepted"))).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.api("POST", &format!("/api/v1/fgdm-offers/{}/answer", offers[1]), Some(&fhp), Some(ans("declined"))).await.status,
        StatusCode::NO_CONTENT
    );
    let net = network(&app, &sw, &child).await;
    assert_eq!(net["fgdms"][0]["state"], "meeting_arranged");
    // Accepted by one parent: still no application until the meeting is held.
    let r = apply(&app, &sw, &plo, "care", 2).await;
    assert_eq!(r.json()["rule"], "R-PLO-2", "{}", r.body);
    // The meeting is held with private family time; the council agrees the family's plan.
    let version = net["fgdms"][0]["version"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/api/v1/fgdm/{fgdm}/meeting"),
            &fhp,
            json!({"meeting_on": "2026-11-12", "private_family_time": true, "plan_proposed": "Kit lives with Nan on weekdays", "version": version}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!("meeting_held"));
    let r = app
        .post(
            &format!("/api/v1/fgdm/{fgdm}/agree"),
            &fhp,
            json!({"plan_agreed": "Kit lives with Nan on weekdays; contact with parents at weekends", "agreed_on": "2026-11-13", "review_on": "2027-02-13", "version": version + 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = apply(&app, &sw, &plo, "supervision", 2).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    // Kinship care with the grandmother from the network.
    let r = app
        .post(&format!("/api/v1/people/{child}/kinship"), &fhp, json!({"carer_id": mother, "kind": "informal", "start_date": "2026-11-14"}))
        .await;
    assert_eq!(r.json()["errors"][0]["field"], "carer_id", "the carer must be in the network: {}", r.body);
    let r = app
        .post(
            &format!("/api/v1/people/{child}/kinship"),
            &fhp,
            json!({"carer_id": nan, "kind": "special_guardianship", "start_date": "2026-11-14", "training": true, "weekly_allowance_pence": 18050}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let net = network(&app, &sw, &child).await;
    assert_eq!(net["fgdms"][0]["state"], "plan_agreed");
    assert_eq!(net["plos"][0]["application_label"], "Supervision order (s.31)");
    assert_eq!(net["kinship"][0]["carer_name"], "Nora Network");

    // The page: genogram with a text list, network map, FGDM, pre-proceedings and kinship.
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}/network"), &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "<svg role=\"img\"",
        "Nora Network: Grandparent",
        "Maternal grandmother",
        "Family's plan",
        "Supervision order",
        "Special guardianship order",
    ] {
        assert!(page.body.contains(text), "{text} missing from the page");
    }
    // Ending the arrangement is confirmed on its own page, with the date and a reason; the record
    // stays, with its end date.
    let (fhp_cookie, csrf) = app.session(Role::FamilyHelpPractitioner).await;
    let k = net["kinship"][0]["id"].as_str().unwrap().to_owned();
    let confirm = app.page("GET", &format!("/kinship/{k}/end?child={child}"), &fhp_cookie, None).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("cannot be undone") && confirm.body.contains("name=\"reason\""), "{}", confirm.body);
    let no_reason = [("csrf_token", csrf.as_str()), ("child", child.as_str()), ("version", "1")];
    let r = app.page("POST", &format!("/kinship/{k}/end"), &fhp_cookie, Some(&no_reason)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a date and a reason are needed");
    assert!(r.body.contains("href=\"#end_date\"") && r.body.contains("href=\"#reason\""), "both at once: {}", r.body);
    let still = network(&app, &sw, &child).await;
    assert!(still["kinship"][0]["end_date"].is_null(), "nothing ended");
    let form = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("version", "1"),
        ("end_date_day", "23"),
        ("end_date_month", "11"),
        ("end_date_year", "2026"),
        ("reason", "Special guardianship order made"),
    ];
    let r = app.page("POST", &format!("/kinship/{k}/end"), &fhp_cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let net = network(&app, &sw, &child).await;
    assert_eq!(net["kinship"][0]["end_date"], "2026-11-23");
    // The local offer is public.
    let offer = app.page("GET", &format!("/kinship-offer/{LA}"), "", None).await;
    assert_eq!(offer.status, StatusCode::OK);
    assert!(offer.body.contains("Kinship local offer"));
}

#[tokio::test]
async fn every_parent_declining_or_an_exemption_also_allows_the_application() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let child = make_child(&app, &sw, "Lou", "2020-05-05").await;
    let mother = person(&app, &sw, "Maud", "1992-01-01", "F").await;
    relate(&app, &sw, &mother, &child, json!({"kind": "mother", "parental_responsibility": true, "pr_basis": "birth_mother"})).await;
    let fgdm = app
        .created(&format!("/api/v1/people/{child}/fgdm"), &sw, json!({"stage": "pre_proceedings", "referred_on": "2026-11-02"}), "id")
        .await;
    let offer = offer_to(&app, &sw, &fgdm, &mother).await.json()["id"].as_str().unwrap().to_owned();
    let plo = app
        .created(
            &format!("/api/v1/people/{child}/plo"),
            &sw,
            json!({"gateway_on": "2026-11-02", "decision": "pre_proceedings", "fgdm_id": fgdm}),
            "id",
        )
        .await;
    assert_eq!(
        app.post(
            &format!("/api/v1/fgdm-offers/{offer}/answer"),
            &sw,
            json!({"answer": "declined", "answered_on": "2026-11-04", "version": 1})
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    let r = apply(&app, &sw, &plo, "care", 1).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "declined by everyone offered: {}", r.body);

    // Exemption (a manager's decision) on another child.
    let other = make_child(&app, &sw, "Max", "2021-06-06").await;
    let f2 = app
        .created(&format!("/api/v1/people/{other}/fgdm"), &sw, json!({"stage": "pre_proceedings", "referred_on": "2026-11-02"}), "id")
        .await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    assert_eq!(
        app.api("POST", &format!("/api/v1/fgdm/{f2}/exempt"), Some(&fhp), Some(json!({"reason": "x", "version": 1}))).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            &format!("/api/v1/fgdm/{f2}/exempt"),
            &mgr,
            json!({"reason": "Risk of serious harm if the father learns where the children are", "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let p2 = app
        .created(&format!("/api/v1/people/{other}/plo"), &sw, json!({"gateway_on": "2026-11-02", "decision": "pre_proceedings"}), "id")
        .await;
    let r = letter(&app, &sw, &p2, true, 1).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "an exempted FGDM needs no recorded offer: {}", r.body);
    let r = apply(&app, &sw, &p2, "care", 2).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
}

#[tokio::test]
async fn a_support_package_is_requested_approved_within_limits_paid_and_shows_against_the_budget() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let child = make_child(&app, &sw, "Pip", "2018-07-07").await;
    let mother = person(&app, &sw, "Meg", "1991-01-01", "F").await;
    relate(&app, &sw, &mother, &child, json!({"kind": "mother", "parental_responsibility": true, "pr_basis": "birth_mother"})).await;
    super::family_help::open_for_assessment(&app, &sw, &child, None).await;
    let items = json!([{"category": "carer_essentials", "description": "Bunk beds for Nan's spare room", "cost_pence": 45000},
                       {"category": "transport", "description": "Bus pass for the school term", "cost_pence": 20000}]);
    let request = json!({"purpose": "Pip stays with Nan on weekdays", "items": items, "review_on": "2027-05-01"});
    // FNSP-1: no FGDM has been held and no reason is given for having no network.
    let r = app.api("POST", &format!("/api/v1/people/{child}/support-packages"), Some(&sw), Some(request.clone())).await;
    assert_eq!(r.json()["rule"], "FNSP-1", "{}", r.body);
    let fgdm = app
        .api("POST", &format!("/api/v1/people/{child}/fgdm"), Some(&sw), Some(json!({"stage": "family_help", "referred_on": "2026-11-02"})))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let offer = offer_to(&app, &sw, &fgdm, &mother).await.json()["id"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/fgdm-offers/{offer}/answer"), &sw, json!({"answer": "accepted", "answered_on": "2026-11-04", "version": 1}))
        .await;
    let v = network(&app, &sw, &child).await["fgdms"][0]["version"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/api/v1/fgdm/{fgdm}/meeting"),
            &sw,
            json!({"meeting_on": "2026-11-10", "plan_proposed": "Nan has Pip on weekdays", "version": v}),
        )
        .await;
    assert_eq!(r.json(), json!("meeting_held"), "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/people/{child}/support-packages"), Some(&sw), Some(request)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let package = r.json()["id"].as_str().unwrap().to_owned();
    // FNSP-2: £650 is above a social worker's limit; the manager approves it.
    let approve = json!({"decision": "approve", "note": "Keeps Pip within the family", "version": 1});
    let r = app.api("POST", &format!("/api/v1/support-packages/{package}/decision"), Some(&sw), Some(approve.clone())).await;
    assert_eq!(r.json()["rule"], "FNSP-2", "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/support-packages/{package}/decision"), Some(&mgr), Some(approve)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "approved");
    // FNSP-3: never more than approved.
    let pay = |amount: i64, version: i64| json!({"paid_on": "2026-11-23", "amount_pence": amount, "payee": "Northmoor Beds Ltd", "version": version});
    let r = app.api("POST", &format!("/api/v1/support-packages/{package}/payments"), Some(&mgr), Some(pay(70_000, 2))).await;
    assert_eq!(r.json()["rule"], "FNSP-3", "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/support-packages/{package}/payments"), Some(&mgr), Some(pay(45_000, 2))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let view = app.api("GET", &format!("/api/v1/people/{child}/support-packages"), Some(&sw), None).await.json();
    assert_eq!(view["packages"][0]["paid_pence"], 45_000);
    assert_eq!(view["packages"][0]["remaining_pence"], 20_000);
    let budget = app.api("GET", "/api/v1/support-budget?year=2026", Some(&mgr), None).await.json();
    assert_eq!(budget["spent_pence"], 45_000, "{budget}");
    assert_eq!(budget["committed_pence"], 20_000);
    // Pages: the network page shows the package; the budget page draws it with a table.
    let (cookie, _) = app.session(Role::PracticeSupervisor).await;
    let page = app.page("GET", &format!("/people/{child}/network"), &cookie, None).await;
    assert!(page.body.contains("Pip stays with Nan on weekdays") && page.body.contains("£450.00"), "{}", page.body);
    let b = app.page("GET", "/support-budget?year=2026", &cookie, None).await;
    assert_eq!(b.status, StatusCode::OK);
    assert!(b.body.contains("<svg") && b.body.contains("£450"), "{}", b.body);
    // The chart's bars carry money as money too, not a bare "450".
    let svg = b.body.split("<svg").nth(1).and_then(|s| s.split("</svg>").next()).unwrap_or("");
    assert!(svg.contains(">£450.00</text>"), "{svg}");
    // One chronology: the FGDM and the package's request, approval and payment.
    let c = app.api("GET", &format!("/api/v1/people/{child}/chronology"), Some(&sw), None).await.json();
    let titles: Vec<&str> = c["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    for t in [
        "Family group decision making started (family help)",
        "Support package requested (£650.00)",
        "Support package approved",
        "Support payment of £450.00 to Northmoor Beds Ltd",
    ] {
        assert!(titles.contains(&t), "{t}: {titles:?}");
    }
    let support = app.api("GET", &format!("/api/v1/people/{child}/chronology?group=support"), Some(&sw), None).await.json();
    assert_eq!(support["entries"].as_array().unwrap().len(), 3, "{support}");
    // Partners never see a family's support packages, even on their team's cases: not in the
    // chronology either.
    let team =
        app.api("POST", "/api/v1/teams", Some(&mgr), Some(json!({"name": "Pip's MACPT"}))).await.json()["id"].as_str().unwrap().to_owned();
    let police_id = super::family_help::user_id(&app, Role::PartnerAgency).await;
    app.api("POST", &format!("/api/v1/teams/{team}/members"), Some(&mgr), Some(json!({"user_id": police_id}))).await;
    let r = app
        .api("POST", &format!("/api/v1/teams/{team}/cases"), Some(&sw), Some(json!({"child_id": child, "from_date": "2026-11-01"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let police = app.token(Role::PartnerAgency, LA).await;
    let seen = app.api("GET", &format!("/api/v1/people/{child}/chronology"), Some(&police), None).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("Support package") && seen.body.contains("Family group decision making started"), "{}", seen.body);
    assert_eq!(
        app.api("GET", &format!("/api/v1/people/{child}/support-packages"), Some(&police), None).await.status,
        StatusCode::FORBIDDEN
    );
}

/// A girl who goes to live with her grandmother under a kinship arrangement is
/// shown living with her grandmother: her household on her record, the adults an assessment must
/// include, and her page; the household she left stays in her history.
#[tokio::test]
async fn a_child_in_kinship_care_lives_with_the_carer_everywhere() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let child = make_child(&app, &sw, "Gina", "2014-04-04").await;
    let mother = person(&app, &sw, "Mara", "1988-01-01", "F").await;
    let nan = person(&app, &sw, "Nell", "1958-03-03", "F").await;
    relate(&app, &sw, &mother, &child, json!({"kind": "mother", "parental_responsibility": true, "pr_basis": "birth_mother"})).await;
    relate(&app, &sw, &nan, &child, json!({"kind": "grandparent"})).await;
    let household = |who: &str| format!("/api/v1/people/{who}/households");
    let join = |h: Option<&str>| json!({"household_id": h, "membership": "lives_in", "start_date": "2014-04-04"});
    assert_eq!(app.api("POST", &household(&child), Some(&sw), Some(join(None))).await.status, StatusCode::CREATED);
    let home = app.api("GET", &format!("/api/v1/people/{child}"), Some(&sw), None).await.json()["households"][0]["household_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(app.api("POST", &household(&mother), Some(&sw), Some(join(Some(&home)))).await.status, StatusCode::CREATED);
    assert_eq!(app.api("POST", &household(&nan), Some(&sw), Some(join(None))).await.status, StatusCode::CREATED);
    let address =
        |line1: &str, postcode: &str| json!({"line1": line1, "town": "Northmoor", "postcode": postcode, "start_date": "2014-04-04"});
    for (who, line1, postcode) in [(&child, "12 Larch Close", "NM1 2AB"), (&nan, "7 Orchard Row", "NM4 9ZZ")] {
        let r = app.api("POST", &format!("/api/v1/people/{who}/addresses"), Some(&sw), Some(address(line1, postcode))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = app
        .post(
            &format!("/api/v1/people/{child}/network/members"),
            &fhp,
            json!({"person_id": nan, "relationship": "Grandmother", "willingness": "willing"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .post(&format!("/api/v1/people/{child}/kinship"), &fhp, json!({"carer_id": nan, "kind": "informal", "start_date": "2026-11-02"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let rec = app.api("GET", &format!("/api/v1/people/{child}"), Some(&sw), None).await.json();
    let households = rec["households"].as_array().unwrap();
    let current: Vec<&Value> = households.iter().filter(|h| h["current"] == true).collect();
    assert_eq!(current.len(), 1, "one home: {households:?}");
    let names =
        |h: &Value| h["members"].as_array().unwrap().iter().map(|m| m["full_name"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert!(names(current[0]).iter().any(|n| n.starts_with("Nell")), "she lives with her grandmother: {current:?}");
    let left = households.iter().find(|h| h["household_id"] == home.as_str()).unwrap();
    assert_eq!(left["current"], false, "the home she left is history, not erased: {left}");
    // An assessment includes the grandmother she lives with (and her mother, a parent).
    let (_, assessment) = super::family_help::open_for_assessment(&app, &sw, &child, None).await;
    let doc = app.api("GET", &format!("/api/v1/assessments/{assessment}"), Some(&sw), None).await.json();
    let adults: Vec<String> =
        doc["parts"][4]["sections"].as_array().unwrap().iter().map(|s| s["label"].as_str().unwrap().to_owned()).collect();
    assert!(adults.iter().any(|a| a.starts_with("Nell") && a.contains("lives in the household")), "{adults:?}");
    assert!(adults.iter().any(|a| a.starts_with("Mara")), "{adults:?}");
    // Her page shows the grandmother's household as the current one.
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    let current_table = page.body.split("Current household</caption>").nth(1).unwrap_or("").split("</table>").next().unwrap_or("");
    assert!(current_table.contains("Nell") && !current_table.contains("Mara"), "{current_table}");
    // Every page about her opens with who she is and whom she lives with: the network page and
    // the assessment being written.
    for path in [format!("/people/{child}/network"), format!("/assessments/{assessment}")] {
        let page = app.page("GET", &path, &cookie, None).await;
        let banner = page.body.split("aria-label=\"Who this is about\"").nth(1).unwrap_or("").split("</section>").next().unwrap_or("");
        assert!(banner.contains("Gina Family") && banner.contains("Lives with") && banner.contains("Nell"), "{path}: {banner}");
        assert!(!banner.contains("Mara"), "{path}: {banner}");
        assert!(banner.contains("7 Orchard Row") && !banner.contains("Larch Close"), "her address is the carer's: {banner}");
    }
    // Her chronology says when she went to live with her grandmother, and who recorded it.
    let rec = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&sw), None).await.json();
    let entry = rec["timeline"].as_array().unwrap().iter().find(|e| e["kind"] == "kinship").cloned().unwrap_or_default();
    assert_eq!(entry["date"], "2026-11-02", "{entry}");
    assert!(entry["title"].as_str().unwrap_or("").contains("living with Nell Network"), "{entry}");
    assert!(entry["recorded_by"].as_str().is_some(), "{entry}");
    // Recording it again changes nothing more in the household.
    let before = app.api("GET", &format!("/api/v1/people/{child}"), Some(&sw), None).await.body;
    let r = app
        .post(&format!("/api/v1/people/{child}/kinship"), &fhp, json!({"carer_id": nan, "kind": "informal", "start_date": "2026-11-03"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}"), Some(&sw), None).await.body, before);
}
