//! Leaving care (LC-1..LC-6, T32–T35): a young person leaves foster care at 18
//! into Staying Put, with a personal adviser, a pathway plan, contacts on their clock, where they
//! live and what they do, and the setting-up-home allowance paid within its amount; in the API,
//! on the pages without JavaScript, and in the personal adviser's tray.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

async fn care(app: &TestApp, t: &str, child: &str) -> Value {
    let r = app.api("GET", &format!("/api/v1/people/{child}/care"), Some(t), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

async fn audit_events(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

/// A young person born on 1 May 2008, in foster care from 2023 until their 18th birthday.
async fn care_leaver(app: &TestApp, sw: &str) -> String {
    let child = super::family_help::make_child(app, sw, "Kai", "2008-05-01").await;
    let path = format!("/api/v1/people/{child}/care");
    let start = json!({"start_date": "2023-01-09", "category_of_need": "N1", "legal_status": "C2", "placement_type": "U4",
        "placement_provider": "PR1", "placement_postcode": "NM1 1AA"});
    app.created(&path, sw, start, "id").await;
    let v = care(app, sw, &child).await["current"]["version"].as_i64().unwrap();
    let r =
        app.api("POST", &format!("{path}/leaving"), Some(sw), Some(json!({"end_date": "2026-05-01", "reason": "E17", "version": v}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    child
}

#[tokio::test]
async fn a_young_person_leaves_care_at_18_into_staying_put_with_an_adviser_a_plan_and_money() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let pa = app.token(Role::PersonalAdviser, LA).await;
    let pa_id = super::family_help::user_id(&app, Role::PersonalAdviser).await;
    let sw_id = super::family_help::user_id(&app, Role::SocialWorker).await;
    let child = care_leaver(&app, &sw).await;
    let base = format!("/api/v1/people/{child}/care");

    // A personal adviser reaches only the young people allocated to them.
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}/care"), Some(&pa), None).await.status, StatusCode::FORBIDDEN);
    let r = app.api("POST", &format!("{base}/adviser"), Some(&pa), Some(json!({"adviser_id": pa_id, "from_on": "2026-05-01"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no adviser allocates themselves: {}", r.body);

    // LC-1: former relevant; no plan yet, so the first was due 3 months after eligibility.
    let lc = care(&app, &sw, &child).await["leaving_care"].clone();
    assert_eq!(lc["status"], "former_relevant");
    assert_eq!(lc["eligible_from"], "2024-05-01", "16th birthday, with 13 weeks in care since 14");
    assert_eq!((lc["plan_due"].as_str(), lc["plan_overdue"].as_bool()), (Some("2024-08-01"), Some(true)));
    assert!(lc["contact_due"].is_null(), "no adviser yet");

    // LC-3: the social worker allocates a personal adviser, and only a personal adviser.
    let r = app.api("POST", &format!("{base}/adviser"), Some(&sw), Some(json!({"adviser_id": sw_id, "from_on": "2026-05-01"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    app.created(&format!("{base}/adviser"), &sw, json!({"adviser_id": pa_id, "from_on": "2026-05-01"}), "id").await;

    // LC-2: a pathway plan, then its review six months on.
    let r = app.api("POST", &format!("{base}/pathway-plans"), Some(&pa), Some(json!({"agreed_on": "2026-04-20"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "an empty plan: {}", r.body);
    let plan = json!({"agreed_on": "2026-04-20", "accommodation": "Staying Put with Jo and Sam", "education": "College, level 3"});
    app.created(&format!("{base}/pathway-plans"), &pa, plan, "id").await;
    let lc = care(&app, &pa, &child).await["leaving_care"].clone();
    assert_eq!((lc["plan_due"].as_str(), lc["plan_overdue"].as_bool()), (Some("2026-10-20"), Some(true)));
    app.created(&format!("{base}/pathway-plans"), &pa, json!({"agreed_on": "2026-11-20", "money": "Budgeting plan"}), "id").await;

    // LC-4: Staying Put with the former foster carers from the 18th birthday; not twice; Staying
    // Close is off until the council switches it on.
    let r = app
        .post(&format!("{base}/staying"), &pa, json!({"kind": "staying_put", "carer": "Jo and Sam Carter", "from_on": "2026-04-30"}))
        .await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LC-4"), "before 18: {}", r.body);
    let staying = app
        .created(
            &format!("{base}/staying"),
            &pa,
            json!({"kind": "staying_put", "carer": "Jo and Sam Carter", "from_on": "2026-05-01"}),
            "id",
        )
        .await;
    let r =
        app.post(&format!("{base}/staying"), &pa, json!({"kind": "staying_close", "carer": "Oak House", "from_on": "2026-05-01"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // LC-5: where they live and what they do, in the 903's codes; homelessness is never suitable.
    let r = app
        .post(
            &format!("{base}/circumstances"),
            &pa,
            json!({"from_on": "2026-05-01", "in_touch": "YES", "activity": "F2", "accommodation": "S", "suitable": true}),
        )
        .await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LC-5"), "{}", r.body);
    let circ = json!({"from_on": "2026-05-01", "in_touch": "YES", "activity": "F2", "accommodation": "Z", "suitable": true});
    app.created(&format!("{base}/circumstances"), &pa, circ, "id").await;

    // LC-3 (T33): a visit, then the next contact within 8 weeks.
    app.created(&format!("{base}/adviser-contacts"), &pa, json!({"contact_on": "2026-11-01", "kind": "visit", "note": "Settled"}), "id")
        .await;
    let lc = care(&app, &pa, &child).await["leaving_care"].clone();
    assert_eq!((lc["contact_due"].as_str(), lc["contact_overdue"].as_bool()), (Some("2026-12-27"), Some(false)));
    assert_eq!(lc["plan_due"], "2027-05-20");
    assert!(lc["adviser"].as_str().is_some_and(|n| !n.is_empty()), "the adviser is named");
    assert_eq!(lc["circumstances"][0]["accommodation"], "Z1");

    // LC-6: £2,000 of the £3,000 allowance, then a payment that would go over it is refused and
    // changes nothing.
    let pay = |pence: u64| json!({"kind": "setting_up_home", "paid_on": "2026-11-20", "amount_pence": pence, "purpose": "Bed and cooker"});
    let before = audit_events(&app).await;
    app.created(&format!("{base}/leaving-care-payments"), &pa, pay(200_000), "id").await;
    assert_eq!(audit_events(&app).await, before + 1, "one audit event per payment");
    let before = audit_events(&app).await;
    let r = app.api("POST", &format!("{base}/leaving-care-payments"), Some(&pa), Some(pay(100_001))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LC-6") && r.body.contains("£1,000.00 is left"), "{}", r.body);
    assert_eq!(audit_events(&app).await, before, "a refused payment changes nothing");
    let lc = care(&app, &pa, &child).await["leaving_care"].clone();
    let home = lc["allowances"].as_array().unwrap().iter().find(|a| a["kind"] == "setting_up_home").unwrap().clone();
    assert_eq!((home["paid_pence"].as_i64(), home["left_pence"].as_i64()), (Some(200_000), Some(100_000)));

    // Staying Put ends at its version; a stale version is a conflict.
    let end = |v: i64| json!({"to_on": "2026-11-22", "reason": "Moved to a flat", "version": v});
    assert_eq!(app.api("POST", &format!("/api/v1/care-staying/{staying}/end"), Some(&pa), Some(end(7))).await.status, StatusCode::CONFLICT);
    let r = app.api("POST", &format!("/api/v1/care-staying/{staying}/end"), Some(&pa), Some(end(1))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);

    // The adviser's tray holds the young person's contact and plan review.
    let tray = app.api("GET", "/api/v1/work-tray", Some(&pa), None).await.json();
    let kinds: Vec<&str> =
        tray["mine"].as_array().unwrap().iter().filter(|i| i["child_id"] == child.as_str()).map(|i| i["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"adviser_contact") && kinds.contains(&"pathway_plan"), "{tray}");

    // Leaving care is not for a child who was never looked after, nor open to a family help
    // practitioner.
    let other = super::family_help::make_child(&app, &sw, "Lee", "2008-02-02").await;
    let r = app.post(&format!("/api/v1/people/{other}/care/pathway-plans"), &sw, json!({"agreed_on": "2026-11-20", "money": "x"})).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("LC-2"), "{}", r.body);
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let r =
        app.api("POST", &format!("{base}/adviser-contacts"), Some(&fhp), Some(json!({"contact_on": "2026-11-20", "kind": "phone"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn leaving_care_is_recorded_on_pages_without_javascript_and_the_local_offer_is_public() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = care_leaver(&app, &sw).await;
    let (cookie, csrf) = app.session(Role::PersonalAdviser).await;
    assert_eq!(app.page("GET", &format!("/people/{child}"), &cookie, None).await.status, StatusCode::FORBIDDEN, "not yet allocated");
    let pa_id = super::family_help::user_id(&app, Role::PersonalAdviser).await;
    app.created(&format!("/api/v1/people/{child}/care/adviser"), &sw, json!({"adviser_id": pa_id, "from_on": "2026-05-01"}), "id").await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert_eq!(show.status, StatusCode::OK);
    assert!(show.body.contains("Leaving care") && show.body.contains("Former relevant"), "the status is shown");
    assert!(show.body.contains("Pathway plan") && show.body.contains("Overdue"));
    for form in ["pathway-plan", "adviser", "adviser-contact", "circumstances", "staying", "leaving-care-payment"] {
        let r = app.page("GET", &format!("/people/{child}/care/{form}?child={child}"), &cookie, None).await;
        assert_eq!(r.status, StatusCode::OK, "{form}");
    }
    // A payment without an amount is named on its field and saves nothing; then it is saved.
    let mut post = vec![
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("kind", "setting_up_home"),
        ("purpose", "Deposit for a flat"),
        ("paid_on_day", "20"),
        ("paid_on_month", "11"),
        ("paid_on_year", "2026"),
    ];
    let r = app.page("POST", &format!("/people/{child}/care/leaving-care-payment"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Enter the amount paid"), "{}", r.body);
    let paid = care(&app, &sw, &child).await["leaving_care"]["allowances"][0]["paid_pence"].as_i64();
    assert_eq!(paid, Some(0), "nothing was paid");
    post.push(("amount", "£450.00"));
    let r = app.page("POST", &format!("/people/{child}/care/leaving-care-payment"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let post = [
        ("csrf_token", csrf.as_str()),
        ("child", child.as_str()),
        ("agreed_on_day", "20"),
        ("agreed_on_month", "11"),
        ("agreed_on_year", "2026"),
        ("accommodation", "Staying Put until college ends"),
    ];
    let r = app.page("POST", &format!("/people/{child}/care/pathway-plan"), &cookie, Some(&post)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("£450.00 paid of £3,000.00"), "the allowance and what is left");
    assert!(show.body.contains("Pathway plan agreed 20 November 2026") && show.body.contains("Staying Put until college ends"));

    // The council's local offer to care leavers is public.
    let admin = app.token(Role::LaAdmin, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    s["leaving_care"]["local_offer"] = json!("Free travel to college.\n\nCouncil tax paid until 25.");
    s["leaving_care"]["setting_up_home_pence"] = json!(150_000);
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s.clone())).await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("cannot be below the national minimum"),
        "below the national minimum: {}",
        r.body
    );
    s["leaving_care"]["setting_up_home_pence"] = json!(350_000);
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.page("GET", &format!("/care-leaver-offer/{LA}"), "", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Local offer for care leavers") && r.body.contains("Council tax paid until 25."));
}

/// LC-6: two payments recorded at the same moment, each within the £3,000 allowance alone but not
/// together: one is recorded and the other refused, never both (on PostgreSQL, where requests run
/// side by side; SQLite writes one at a time anyway).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_payments_at_once_never_pay_beyond_the_allowance() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = care_leaver(&app, &sw).await;
    let url = format!("/api/v1/people/{child}/care/leaving-care-payments");
    for round in 0..3 {
        let pay = json!({"kind": "setting_up_home", "paid_on": "2026-11-20", "amount_pence": 100_000, "purpose": format!("Round {round}")});
        let calls: Vec<_> = (0..4)
            .map(|_| {
                let (app, url, sw, pay) = (app.clone(), url.clone(), sw.clone(), pay.clone());
                tokio::spawn(async move { app.api("POST", &url, Some(&sw), Some(pay)).await })
            })
            .collect();
        for c in calls {
            let r = c.await.unwrap();
            assert!([StatusCode::CREATED, StatusCode::UNPROCESSABLE_ENTITY].contains(&r.status), "{}", r.body);
        }
    }
    let lc = care(&app, &sw, &child).await["leaving_care"].clone();
    let home = lc["allowances"].as_array().unwrap().iter().find(|a| a["kind"] == "setting_up_home").unwrap().clone();
    assert_eq!(home["paid_pence"].as_i64(), Some(300_000), "all of the allowance and no more: {home}");
}
