//! The provider register (RCC-SHARE-6): the commissioner loads Ofsted's list,
//! a refresh keeps what changed as a new version, a whole list marks the missing as no longer
//! registered; a placement with a home that is not registered or was judged Inadequate needs a
//! manager's agreement with the reason (PR-REG-1, PR-REG-2); under 16, never supported
//! accommodation (R-LAC-3).

use axum::http::{StatusCode, header};
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::documents::upload;
use super::looked_after::{care, placement, with};
use super::{LA, TestApp};

/// A children's home judged Good, on the register `load_register` loads.
pub const GOOD_HOME: &str = "SC400001";
const BAD_HOME: &str = "SC400002";

const HEADER: &str = "URN,Provider type,Provider name,Registration status,Places,Local authority,\
                      Overall experiences and progress of children and young people,Latest full inspection date\n";

fn list(rows: &[&str]) -> String {
    let mut s = HEADER.to_owned();
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

const ROWS: &[&str] = &[
    "SC400001,Children's home,Birch House,Active,4,Northmoor,Good,14/03/2026",
    "SC400002,Children's home,Granary Court,Active,4,Eastwick,Requires improvement to be good,08/09/2025",
    "2612301,Supported accommodation,Harbour Rooms,Active,,Northmoor,,",
];

/// Loads a small register as the commissioner: a Good children's home, one that requires
/// improvement, and supported accommodation.
pub async fn load_register(app: &TestApp) {
    let t = app.token(Role::Commissioner, LA).await;
    let r = app.csv("/api/v1/providers/loads?file_name=ofsted.csv&full_list=true", &t, &list(ROWS)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

async fn events(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

#[tokio::test]
async fn the_commissioner_loads_ofsteds_list_and_each_refresh_keeps_what_changed() {
    let app = TestApp::new().await;
    let t = app.token(Role::Commissioner, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    // Only the commissioner loads it; a social worker reads it.
    let r = app.csv("/api/v1/providers/loads", &sw, &list(ROWS)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A file that is not the list changes nothing.
    let before = events(&app).await;
    let r = app.csv("/api/v1/providers/loads", &t, "CHILD,SEX,DOB\n1,1,01/01/2010\n").await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("not Ofsted's provider list"), "{}", r.body);
    assert_eq!(events(&app).await, before);

    let with_bad_row: Vec<&str> = ROWS.iter().copied().chain(["BAD,Children's home,No URN,Active,2,Northmoor,Good,"]).collect();
    let r = app.csv("/api/v1/providers/loads?file_name=first.csv", &t, &list(&with_bad_row)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let first = r.json();
    assert_eq!((first["added"].as_i64(), first["changed"].as_i64(), first["rows_read"].as_i64()), (Some(3), Some(0), Some(4)));
    assert_eq!(first["problems"][0], "Line 5: URN \"BAD\" is not an Ofsted URN");
    assert_eq!(events(&app).await, before + 1, "one load, one audit event");

    // Ofsted judges Granary Court Inadequate; Harbour Rooms is no longer in the whole list.
    let refreshed = [ROWS[0], "SC400002,Children's home,Granary Court,Active,3,Eastwick,Inadequate,10/11/2026"];
    let r = app.csv("/api/v1/providers/loads?file_name=second.csv&full_list=true", &t, &list(&refreshed)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let second = r.json();
    assert_eq!(
        (second["added"].as_i64(), second["changed"].as_i64(), second["unchanged"].as_i64(), second["closed"].as_i64()),
        (Some(0), Some(1), Some(1), Some(1))
    );
    let r = app.api("GET", &format!("/api/v1/providers/{BAD_HOME}"), Some(&sw), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let p = r.json();
    assert_eq!((p["provider"]["judgement"].as_str(), p["provider"]["version"].as_i64()), (Some("inadequate"), Some(2)));
    assert_eq!(p["history"][0]["what"], json!(["places: 3", "latest inspection: Inadequate"]));
    assert_eq!(p["history"][1]["what"], json!(["added to the register"]));
    let r = app.api("GET", "/api/v1/providers/2612301", Some(&sw), None).await;
    assert_eq!(r.json()["provider"]["registration"], "closed");
    // Found by the start of the name in any case, or by URN.
    let r = app.api("GET", "/api/v1/providers?q=gran", Some(&sw), None).await;
    let found = r.json();
    let names: Vec<&str> = found["providers"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Granary Court"]);
    let r = app.api("GET", "/api/v1/providers?q=sc400001", Some(&sw), None).await;
    assert_eq!(r.json()["providers"][0]["name"], "Birch House");
    assert_eq!(r.json()["total"], 3);
    assert_eq!(r.json()["registered"], 2);
}

#[tokio::test]
async fn a_placement_the_register_raises_concerns_about_needs_a_managers_agreement() {
    let app = TestApp::new().await;
    load_register(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Kai", "2011-02-02").await;
    let path = format!("/api/v1/people/{child}/care");
    let start = |p: Value| with(p, json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    let k2 = |urn: Option<&str>| with(placement("V2", "K2", "NM2 2BB"), json!({"placement_provider": "PR4", "provider_urn": urn}));
    // PR-REG-1: a children's home must be on the register.
    let r = app.api("POST", &path, Some(&sw), Some(start(k2(None)))).await;
    // PR-REG-1: named on the URN field.
    let on_urn = |r: &super::Resp| r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["errors"][0]["field"] == "provider_urn";
    assert!(on_urn(&r) && r.body.contains("no URN"), "{}", r.body);
    let r = app.api("POST", &path, Some(&sw), Some(start(k2(Some("SC999999"))))).await;
    assert!(on_urn(&r) && r.body.contains("not on the provider register"), "{}", r.body);
    let r = app.api("POST", &path, Some(&sw), Some(start(k2(Some("not a urn"))))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("provider_urn"), "{}", r.body);
    assert!(care(&app, &sw, &child).await["current"].is_null(), "nothing written");
    // R-LAC-3: supported accommodation only from 16.
    let k3 = with(placement("V2", "K3", "NM2 2BB"), json!({"placement_provider": "PR4", "provider_urn": "2612301"}));
    let r = app.api("POST", &path, Some(&sw), Some(start(k3))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("R-LAC-3"), "{}", r.body);
    // A Good home on the register.
    app.created(&path, &sw, start(k2(Some(GOOD_HOME))), "id").await;
    let c = care(&app, &sw, &child).await;
    assert_eq!((c["provider"]["name"].as_str(), c["current"]["provider_urn"].as_str()), (Some("Birch House"), Some(GOOD_HOME)));

    // Ofsted then judges the other home Inadequate; a move there needs a manager's agreement.
    let t = app.token(Role::Commissioner, LA).await;
    let refreshed = [ROWS[0], "SC400002,Children's home,Granary Court,Active,4,Eastwick,Inadequate,10/11/2026", ROWS[2]];
    assert_eq!(app.csv("/api/v1/providers/loads", &t, &list(&refreshed)).await.status, StatusCode::CREATED);
    let v = c["current"]["version"].clone();
    let changes = format!("{path}/changes");
    let mv = |extra: Value| {
        let base = with(
            k2(Some(BAD_HOME)),
            json!({"start_date": "2026-11-16", "version": v, "reason_place_change": "CARPL", "decided_by": "Team manager"}),
        );
        with(base, extra)
    };
    let r = app.api("POST", &changes, Some(&sw), Some(mv(json!({})))).await;
    // PR-REG-2: Inadequate, on the URN field until a reason and a manager are given.
    assert!(on_urn(&r) && r.body.contains("Inadequate on 10 November 2026"), "{}", r.body);
    let manager = super::family_help::user_id(&app, Role::PracticeSupervisor).await;
    let r = app.api("POST", &changes, Some(&sw), Some(mv(json!({"provider_agreed_by": manager})))).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["errors"][0]["field"] == "provider_agreed_reason", "{}", r.body);
    let sw_id = super::family_help::user_id(&app, Role::SocialWorker).await;
    let r = app
        .api("POST", &changes, Some(&sw), Some(mv(json!({"provider_agreed_reason": "Only home near school", "provider_agreed_by": sw_id}))))
        .await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY && r.json()["errors"][0]["field"] == "provider_agreed_by",
        "a social worker does not agree it: {}",
        r.body
    );
    let before = events(&app).await;
    let agreed =
        json!({"provider_agreed_reason": "The only home with a place near her school; visits weekly", "provider_agreed_by": manager});
    app.created(&changes, &sw, mv(agreed), "id").await;
    assert_eq!(events(&app).await, before + 1);
    let c = care(&app, &sw, &child).await;
    assert_eq!(c["current"]["provider_agreed_reason"], "The only home with a place near her school; visits weekly");
    assert_eq!(c["provider_agreed_by_name"], "Test Practice supervisor or team manager");
    assert_eq!(c["provider"]["judgement"], "inadequate");
    // The register shows the child living there; the child's page says a manager agreed it.
    let r = app.api("GET", &format!("/api/v1/providers/{BAD_HOME}"), Some(&sw), None).await;
    assert_eq!(r.json()["children_placed_now"], 1);
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(page.body.contains("Granary Court") && page.body.contains("Placement agreed by a manager"), "{}", page.status);
}

#[tokio::test]
async fn the_commissioner_loads_the_list_on_a_page_without_javascript() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::Commissioner).await;
    let r = app.page("GET", "/providers", &cookie, None).await;
    assert!(r.status == StatusCode::OK && r.body.contains("Not loaded yet") && r.body.contains("Load Ofsted"), "{}", r.body);
    // The file posts as multipart, so the form's address carries the CSRF token.
    let form = app.page("GET", "/providers/load", &cookie, None).await;
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains(&format!("csrf_token={csrf}")), "{}", form.body);
    let csv = list(ROWS);
    let load = format!("/providers/load?csrf_token={csrf}");
    let as_commissioner = (header::COOKIE.as_str(), cookie.as_str());
    let r = upload(&app, &load, as_commissioner, &[("full_list", "yes")], Some(("ofsted-2026.csv", csv.as_bytes()))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers.get(header::LOCATION).unwrap().to_str().unwrap().to_owned();
    assert!(to.ends_with("?loaded=1"), "{to}");
    let r = app.page("GET", &to, &cookie, None).await;
    assert!(r.body.contains("govuk-panel--confirmation"), "{}", r.body);
    assert!(r.body.contains("3 rows read from ofsted-2026.csv"), "{}", r.body);
    let r = app.page("GET", "/providers?q=birch", &cookie, None).await;
    assert!(r.body.contains("Birch House") && !r.body.contains("Granary Court"), "{}", r.body);
    let r = app.page("GET", &format!("/providers/{GOOD_HOME}"), &cookie, None).await;
    assert!(r.status == StatusCode::OK && r.body.contains("added to the register"), "{}", r.body);
    // No file: said on the file field, nothing loaded.
    let r = upload(&app, &load, as_commissioner, &[("full_list", "yes")], None).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Choose Ofsted"), "{}", r.status);
}

/// Ofsted's list with the facts the 903's URN rules need: who owns each provider, its setting's
/// postcode and the day its registration ended.
const WITH_FACTS: &str = "URN,Provider type,Provider name,Registration status,Places,Local authority,Sector,Setting postcode,\
                          Deregistration date\n";

#[tokio::test]
async fn the_register_keeps_the_owner_postcode_and_end_of_registration_and_shows_them() {
    let app = TestApp::new().await;
    let t = app.token(Role::Commissioner, LA).await;
    let csv = format!(
        "{WITH_FACTS}SC400001,Children's home,Birch House,Active,4,Northmoor,Private,nm3 8qd,\n\
         SC400003,Children's home,Old Mill House,Closed,3,Northmoor,Local Authority,NM7 2NP,31/08/2026\n"
    );
    let r = app.csv("/api/v1/providers/loads?file_name=ofsted.csv", &t, &csv).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let sw = app.token(Role::SocialWorker, LA).await;
    let mill = app.api("GET", "/api/v1/providers/SC400003", Some(&sw), None).await.json();
    assert_eq!(mill["provider"]["postcode"], "NM7 2NP");
    assert_eq!(mill["provider"]["registration_ended_on"], "2026-08-31");
    assert_eq!(
        (mill["provider"]["sector"].as_str(), mill["provider"]["sector_label"].as_str()),
        (Some("local_authority"), Some("A council (local authority)"))
    );
    let birch = app.api("GET", &format!("/api/v1/providers/{GOOD_HOME}"), Some(&sw), None).await.json();
    assert_eq!((birch["provider"]["postcode"].as_str(), birch["provider"]["sector"].as_str()), (Some("NM3 8QD"), Some("private")));
    assert!(birch["provider"]["registration_ended_on"].is_null());
    // The provider's page says it in words.
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", "/providers/SC400003", &cookie, None).await;
    for words in ["Registration ended", "31 August 2026", "Owned by", "A council (local authority)", "Postcode", "NM7 2NP"] {
        assert!(page.body.contains(words), "{words}: {}", page.body);
    }
    let page = app.page("GET", &format!("/providers/{GOOD_HOME}"), &cookie, None).await;
    assert!(page.body.contains("A private company or person") && !page.body.contains("Registration ended"), "{}", page.body);

    // A list of the older kind, without those columns, leaves them as the register holds them;
    // one that has them says what changed.
    let r = app.csv("/api/v1/providers/loads", &t, &list(&[ROWS[0]])).await;
    assert_eq!(r.json()["changed"], 1, "{}", r.body);
    let birch = app.api("GET", &format!("/api/v1/providers/{GOOD_HOME}"), Some(&sw), None).await.json();
    assert_eq!((birch["provider"]["postcode"].as_str(), birch["provider"]["sector"].as_str()), (Some("NM3 8QD"), Some("private")));
    assert_eq!(birch["history"][0]["what"], json!(["latest inspection: Good"]));
    let moved = format!("{WITH_FACTS}SC400001,Children's home,Birch House,Active,4,Northmoor,Voluntary,NM4 2LP,\n");
    assert_eq!(app.csv("/api/v1/providers/loads", &t, &moved).await.status, StatusCode::CREATED);
    let birch = app.api("GET", &format!("/api/v1/providers/{GOOD_HOME}"), Some(&sw), None).await.json();
    // (This list has no judgement column, so the judgement is read as not yet judged.)
    assert_eq!(
        birch["history"][0]["what"],
        json!(["latest inspection: Not yet judged", "postcode now NM4 2LP", "owner: a charity or voluntary organisation"])
    );
}

/// The analysts' SSDA903 page checks the URNs of the council's own return, and of files
/// uploaded, against the register once it is loaded (903 rules 1008, 219, 221, 224, 227, 228,
/// 229; 241 with the postcode directory too).
#[tokio::test]
async fn the_903_check_runs_the_urn_rules_against_the_register() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::PerformanceAnalyst).await;
    let header = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nA,M,01/05/2010,WBRI,A123456789012,,\r\n";
    let episodes = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n\
                     A,01/06/2025,S,C2,N1,K2,PR4,,,,NM1 1AA,NM3 8QD,SC999999\r\n";
    let upload =
        |csrf: &str| super::returns::multipart_903(csrf, &cookie, "2025-26", &[("header.csv", header), ("episodes.csv", episodes)]);
    // An empty register: the URN rules are skipped, so no URN is found wanting.
    let resp = app.send(upload(&csrf)).await;
    assert!(resp.status == StatusCode::OK && !resp.body.contains("Error 1008"), "{}", resp.body);

    let t = app.token(Role::Commissioner, LA).await;
    let csv = format!("{WITH_FACTS}SC400001,Children's home,Birch House,Active,4,Northmoor,Private,NM3 8QD,\n");
    assert_eq!(app.csv("/api/v1/providers/loads", &t, &csv).await.status, StatusCode::CREATED);
    let resp = app.send(upload(&csrf)).await;
    assert!(resp.status == StatusCode::OK && resp.body.contains("Error 1008"), "{}", resp.body);

    // The council's own return: a child placed at Birch House, reported as the council's own
    // provision (Birch House is private) at another postcode.
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Kai", "2011-02-02").await;
    let start = with(
        placement("V2", "K2", "NM2 2BB"),
        json!({"provider_urn": GOOD_HOME, "start_date": "2026-11-02", "category_of_need": "N1", "previous_permanence": "Z1"}),
    );
    app.created(&format!("/api/v1/people/{child}/care"), &sw, start, "id").await;
    let page = app.page("GET", "/returns/ssda903?year=2026-27", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for rule in ["Error 221", "Error 224"] {
        assert!(page.body.contains(rule), "{rule}: {}", page.body);
    }
    for rule in ["Error 1008", "Error 219", "Error 227", "Error 228"] {
        assert!(!page.body.contains(rule), "{rule}: {}", page.body);
    }
}
