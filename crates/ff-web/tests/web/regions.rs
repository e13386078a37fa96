//! Regions (RCC-1, RCC-2, RCC-SHARE-1..4; decision 0029): the council's administrator records the
//! region and its members, versioned and audited, a stale change refused (409); the regional
//! analyst and commissioner see the extracts of today's members and no one else's, and no
//! child's record; a member not on Families First joins by sending 903 files, checked by the 903
//! validator and kept with the verdict; the region's figures are its members' added together;
//! and nothing that identifies a child is in anything the region can read.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::looked_after::{placement, with};
use super::{LA, OTHER_LA, TestApp};

const REGIONAL: [Role; 2] = [Role::RegionalAnalyst, Role::RegionalCommissioner];

async fn events(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

/// A named child in care in `la`, with an NHS number, a home postcode and a foster placement
/// with an agreed weekly cost: (id, given name, family name, NHS number, postcodes).
async fn child_in_care(app: &TestApp, la: &str, given: &str, nhs: &str, place: &str) -> (String, String, String, String, [String; 2]) {
    let sw = app.token(Role::SocialWorker, la).await;
    let family = format!("{given}sdottir");
    let body = json!({"given_name": given, "family_name": family, "date_of_birth": "2012-06-27", "sex": "F", "nhs_number": nhs,
        "confirm_not_duplicate": true});
    let id = app.created("/api/v1/people", &sw, body, "id").await;
    let address = json!({"line1": "14 Calder Row", "town": "Northmoor", "postcode": "NM2 7QA", "start_date": "2020-01-01"});
    let r = app.api("POST", &format!("/api/v1/people/{id}/addresses"), Some(&sw), Some(address)).await;
    assert!(r.status.is_success(), "{}", r.body);
    let care = with(placement("V2", place, "NM3 8QD"), json!({"start_date": "2026-11-02", "category_of_need": "N1"}));
    app.created(&format!("/api/v1/people/{id}/care"), &sw, care, "id").await;
    let agreement = json!({"agreed_on": "2026-11-05", "weekly_cost_pence": 91_250, "social_care_pence": 91_250, "education_pence": 0,
        "health_pence": 0, "sourcing_route": "spot", "provision_type": "fostering_mainstream", "distance_reason": "none_nearby"});
    let r = app.api("PUT", &format!("/api/v1/people/{id}/care/agreement"), Some(&sw), Some(agreement)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    (id, given.to_owned(), family, nhs.to_owned(), ["NM2 7QA".into(), "NM3 8QD".into()])
}

/// `la`'s analyst shares an extract with the placement snapshot; its id.
async fn share(app: &TestApp, la: &str) -> String {
    let analyst = app.token(Role::PerformanceAnalyst, la).await;
    let body = json!({"purpose": "sufficiency", "agreement": "DSA-RCC-2026", "delete_by": "2030-03-31", "years": 1, "placements_on": "2026-11-20"});
    app.created("/api/v1/sharing/extracts", &analyst, body, "id").await
}

/// The region RCC-T kept by the test council, with these members: (LA, participation, left on).
async fn region(app: &TestApp, members: &[(&str, &str, Option<&str>)]) -> Vec<String> {
    let admin = app.token(Role::LaAdmin, LA).await;
    let r = app.put("/api/v1/regions/current", &admin, json!({"code": "rcc-t", "name": "Test region", "version": 0})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let mut ids = vec![];
    for (la, how, left) in members {
        let body =
            json!({"la_code": la, "name": format!("Council {la}"), "participation": how, "joined_on": "2026-01-01", "left_on": left});
        ids.push(app.created("/api/v1/regions/current/members", &admin, body, "id").await);
    }
    ids
}

/// A small synthetic 903 return from the product's generator, as the API takes it.
fn files_903(children: usize, breach_rate: f64) -> Value {
    let opts = ff_returns::ssda903::GenerateOptions { children, seed: 7, year: ff_returns::ssda903::RulesYear::Y2025_26, breach_rate };
    let (files, _) = ff_returns::ssda903::generate_files(&opts).unwrap();
    json!(
        files
            .iter()
            .filter(|(n, _)| ["header.csv", "episodes.csv", "uasc.csv"].contains(&n.as_str()))
            .map(|(n, b)| json!({"name": n, "csv": String::from_utf8_lossy(b)}))
            .collect::<Vec<_>>()
    )
}

#[tokio::test]
async fn the_administrator_records_the_region_and_its_members_versioned_and_audited() {
    let app = TestApp::new().await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let analyst = app.token(Role::RegionalAnalyst, LA).await;
    assert_eq!(app.get_json("/api/v1/regions/current", &admin).await["region"], Value::Null);
    // A member before the region: refused, nothing recorded.
    let member = json!({"la_code": "201", "name": "Council 201", "participation": "families_first", "joined_on": "2026-01-01"});
    let r = app.post("/api/v1/regions/current/members", &admin, member.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Only the administrator records it.
    let body = json!({"code": "RCC-T", "name": "Test region", "version": 0});
    for t in [&analyst, &app.token(Role::Commissioner, LA).await] {
        assert_eq!(app.put("/api/v1/regions/current", t, body.clone()).await.status, StatusCode::FORBIDDEN);
    }
    let bad = app.put("/api/v1/regions/current", &admin, json!({"code": "x", "name": " ", "version": 0})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let before = events(&app).await;
    assert_eq!(app.put("/api/v1/regions/current", &admin, body.clone()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(events(&app).await, before + 1, "one audit event");
    assert_eq!(app.put("/api/v1/regions/current", &admin, body).await.status, StatusCode::CONFLICT, "someone recorded it first");
    let renamed = json!({"code": "RCC-T", "name": "Test region (North)", "version": 1});
    assert_eq!(app.put("/api/v1/regions/current", &admin, renamed.clone()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.put("/api/v1/regions/current", &admin, renamed).await.status, StatusCode::CONFLICT);

    let id = app.created("/api/v1/regions/current/members", &admin, member.clone(), "id").await;
    let r = app.post("/api/v1/regions/current/members", &admin, member).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("already a member"), "{}", r.body);
    let wrong = json!({"la_code": "twelve", "name": "", "participation": "carrier_pigeon", "joined_on": "2027-01-01"});
    let r = app.post("/api/v1/regions/current/members", &admin, wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["la_code", "participation", "name", "joined_on"]);

    // Leaving is a change at the version read; a second change from the same version is stale.
    let left =
        json!({"version": 1, "name": "Council 201", "participation": "families_first", "joined_on": "2026-01-01", "left_on": "2026-10-31"});
    let before = events(&app).await;
    assert_eq!(app.put(&format!("/api/v1/regions/current/members/{id}"), &admin, left.clone()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(events(&app).await, before + 1);
    let r = app.put(&format!("/api/v1/regions/current/members/{id}"), &admin, left).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let v = app.get_json("/api/v1/regions/current", &analyst).await;
    assert_eq!((v["region"]["name"].as_str(), v["region"]["version"].as_i64()), (Some("Test region (North)"), Some(2)));
    assert_eq!((v["members"][0]["current"].as_bool(), v["members"][0]["version"].as_i64()), (Some(false), Some(2)));
    let mut tx = app.db.db.begin().await.unwrap();
    let versions = ff_store::versions::list_versions(&mut tx, LA, "region_member", id.parse().unwrap()).await.unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1], "every version kept");
}

#[tokio::test]
async fn regional_roles_see_today_s_members_extracts_and_no_child() {
    let app = TestApp::new().await;
    let ours = child_in_care(&app, LA, "Zephyrine", "9434765919", "U4").await;
    let theirs = child_in_care(&app, OTHER_LA, "Ottoline", "4010232137", "U6").await;
    let our_extract = share(&app, LA).await;
    let their_extract = share(&app, OTHER_LA).await;
    // 201 has left the region: what it shared is no longer the region's to read.
    region(&app, &[(LA, "families_first", None), (OTHER_LA, "families_first", Some("2026-06-30"))]).await;
    for role in REGIONAL {
        let t = app.token(role, LA).await;
        let v = app.get_json("/api/v1/regions/current/shared", &t).await;
        let ids: Vec<&str> = v["extracts"].as_array().unwrap().iter().map(|e| e["extract"]["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [our_extract.as_str()], "{role:?}");
        let before = events(&app).await;
        let r = app.api("GET", &format!("/api/v1/regions/current/extracts/{our_extract}/placements"), Some(&t), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("delete-by-2030-03-31"));
        assert_eq!(events(&app).await, before + 1, "a download is audited");
        let r = app.api("GET", &format!("/api/v1/regions/current/extracts/{their_extract}/placements"), Some(&t), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "a non-member's extract: {}", r.body);
        // No child's record, page or name: refused whoever the child is.
        for (child, ..) in [&ours, &theirs] {
            for path in [format!("/api/v1/people/{child}"), format!("/api/v1/people/{child}/care")] {
                assert_eq!(app.api("GET", &path, Some(&t), None).await.status, StatusCode::FORBIDDEN, "{role:?} {path}");
            }
        }
        for path in ["/api/v1/people?q=Zephyrine", "/api/v1/sharing/extracts", "/api/v1/sufficiency", "/api/v1/forecasts"] {
            assert_eq!(app.api("GET", path, Some(&t), None).await.status, StatusCode::FORBIDDEN, "{role:?} {path}");
        }
    }
    // The other council's own sharing still works as before, and sees only its own.
    let other = app.token(Role::PerformanceAnalyst, OTHER_LA).await;
    assert_eq!(app.api("GET", &format!("/api/v1/sharing/extracts/{our_extract}"), Some(&other), None).await.status, StatusCode::NOT_FOUND);
}

/// Every table of every extract the region can read, and every regional page, holds no name,
/// NHS number or full postcode of any child (RCC-SHARE-4).
#[tokio::test]
async fn nothing_the_region_reads_identifies_a_child() {
    let app = TestApp::new().await;
    let a = child_in_care(&app, LA, "Zephyrine", "9434765919", "U4").await;
    let b = child_in_care(&app, OTHER_LA, "Ottoline", "4010232137", "U5").await;
    share(&app, LA).await;
    share(&app, OTHER_LA).await;
    region(&app, &[(LA, "families_first", None), (OTHER_LA, "families_first", None)]).await;
    let t = app.token(Role::RegionalCommissioner, LA).await;
    let v = app.get_json("/api/v1/regions/current/shared", &t).await;
    let extracts = v["extracts"].as_array().unwrap();
    assert_eq!(extracts.len(), 2);
    let mut read = vec![v.to_string()];
    for e in extracts {
        let id = e["extract"]["id"].as_str().unwrap();
        for table in e["extract"]["tables"].as_array().unwrap() {
            let name = table["table"].as_str().unwrap();
            let r = app.api("GET", &format!("/api/v1/regions/current/extracts/{id}/{name}"), Some(&t), None).await;
            assert_eq!(r.status, StatusCode::OK);
            read.push(r.body);
        }
    }
    read.push(app.api("GET", "/api/v1/regions/current/sufficiency", Some(&t), None).await.body);
    let (session, _) = app.session(Role::RegionalCommissioner).await;
    for page in ["/region", "/region/shared", "/region/sufficiency", "/region/sufficiency.csv"] {
        let r = app.page("GET", page, &session, None).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        read.push(r.body);
    }
    for (id, given, family, nhs, postcodes) in [&a, &b] {
        for text in &read {
            let spaced = format!("{} {} {}", &nhs[..3], &nhs[3..6], &nhs[6..]);
            for secret in [id, given, family, nhs, &postcodes[0], &postcodes[1], &spaced] {
                assert!(!text.contains(secret.as_str()), "{secret:?} is in what the region reads:\n{text}");
            }
        }
    }
}

#[tokio::test]
async fn a_member_not_on_families_first_joins_by_sending_903_files() {
    let app = TestApp::new().await;
    region(&app, &[(LA, "families_first", None), ("202", "uploads_903", None)]).await;
    let t = app.token(Role::RegionalAnalyst, LA).await;
    // Only the region's own roles, and only for a member that sends files.
    let clean = json!({"la_code": "202", "year": "2025-26", "files": files_903(30, 0.0)});
    assert_eq!(
        app.post("/api/v1/regions/current/uploads", &app.token(Role::PerformanceAnalyst, LA).await, clean.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.post("/api/v1/regions/current/uploads", &t, with(clean.clone(), json!({"la_code": LA, "year": "1999"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["year", "la_code"]);

    let before = events(&app).await;
    let ok = app.created("/api/v1/regions/current/uploads", &t, clean, "id").await;
    assert_eq!(events(&app).await, before + 1);
    let v = app.get_json(&format!("/api/v1/regions/current/uploads/{ok}"), &t).await;
    assert_eq!(v["upload"]["children"], 30, "{v}");
    // The same files checked by the product's validator directly give the same verdict.
    let opts =
        ff_returns::ssda903::GenerateOptions { children: 30, seed: 7, year: ff_returns::ssda903::RulesYear::Y2025_26, breach_rate: 0.0 };
    let files: Vec<(String, Vec<u8>)> = ff_returns::ssda903::generate_files(&opts)
        .unwrap()
        .0
        .into_iter()
        .filter(|(n, _)| ["header.csv", "episodes.csv", "uasc.csv"].contains(&n.as_str()))
        .collect();
    let vopts = ff_returns::ssda903::ValidateOptions { year: opts.year, keep_per_rule: Some(50), ..Default::default() };
    let direct = ff_returns::ssda903::validate_files(files, None, &vopts).unwrap();
    assert_eq!(v["upload"]["verdict"], if direct.is_clean() { "accepted" } else { "errors" });
    assert_eq!(v["report"]["issues"].as_array().unwrap().len(), direct.issues.len());

    // Files with errors are kept, marked, and the page lists the errors.
    let broken = app
        .created("/api/v1/regions/current/uploads", &t, json!({"la_code": "202", "year": "2025-26", "files": files_903(40, 0.5)}), "id")
        .await;
    let v = app.get_json(&format!("/api/v1/regions/current/uploads/{broken}"), &t).await;
    assert_eq!(v["upload"]["verdict"], "errors", "{v}");
    assert!(v["upload"]["errors"].as_i64().unwrap() > 0);
    let first = v["report"]["issues"].as_array().unwrap().iter().find(|i| i["severity"] == "error").unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    // Files that cannot be read at all are kept too.
    let junk = app
        .created(
            "/api/v1/regions/current/uploads",
            &t,
            json!({"la_code": "202", "year": "2025-26", "files": [{"name": "notes.csv", "csv": "a,b\n1,2\n"}]}),
            "id",
        )
        .await;
    assert_eq!(app.get_json(&format!("/api/v1/regions/current/uploads/{junk}"), &t).await["upload"]["verdict"], "unreadable");

    let (cookie, _) = app.session(Role::RegionalAnalyst).await;
    let page = app.page("GET", &format!("/region/uploads/{broken}"), &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("errors. They are kept") && page.body.contains(&askama_escape(&first)), "{}", page.body);
    let list = app.page("GET", "/region/shared", &cookie, None).await;
    assert!(list.body.contains("Could not be read") && list.body.contains(&format!("/region/uploads/{ok}")), "{}", list.body);

    // On a page without JavaScript: the form posts as multipart with the CSRF token in its address.
    let (cookie, csrf) = app.session(Role::RegionalCommissioner).await;
    let form = app.page("GET", "/region/uploads/new", &cookie, None).await;
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("Council 202"), "{}", form.body);
    let boundary = "ffboundaryRegion42";
    let mut body = Vec::new();
    for (k, v) in [("la_code", "202"), ("year", "2025-26")] {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    for (i, f) in files_903(10, 0.0).as_array().unwrap().iter().enumerate() {
        let name = f["name"].as_str().unwrap();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file_{}\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n",
                i + 1
            )
            .as_bytes(),
        );
        body.extend_from_slice(f["csv"].as_str().unwrap().as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let req = Request::builder()
        .method("POST")
        .uri(format!("/region/uploads/new?csrf_token={csrf}"))
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(app.page("GET", &to, &cookie, None).await.body.contains("903 files sent"));
}

/// The region's figures are its members' added together, and each member's are its shared
/// placement snapshot's rows (RCC-SHARE-2) or its 903 files' open episodes.
#[tokio::test]
async fn the_region_s_figures_are_the_sum_of_its_members() {
    let app = TestApp::new().await;
    child_in_care(&app, LA, "Zephyrine", "9434765919", "U4").await;
    child_in_care(&app, LA, "Marigold", "9434765870", "U6").await;
    child_in_care(&app, OTHER_LA, "Ottoline", "4010232137", "U6").await;
    let ours = share(&app, LA).await;
    let theirs = share(&app, OTHER_LA).await;
    region(&app, &[(LA, "families_first", None), (OTHER_LA, "families_first", None), ("202", "uploads_903", None)]).await;
    let t = app.token(Role::RegionalCommissioner, LA).await;
    app.created("/api/v1/regions/current/uploads", &t, json!({"la_code": "202", "year": "2025-26", "files": files_903(25, 0.0)}), "id")
        .await;
    let v = app.get_json("/api/v1/regions/current/sufficiency", &t).await;
    let members = v["members"].as_array().unwrap();
    assert_eq!(members.iter().map(|m| m["la_code"].as_str().unwrap()).collect::<Vec<_>>(), [OTHER_LA, "202", LA]);
    // Each member on Families First: its snapshot's rows.
    for (la, extract) in [(LA, &ours), (OTHER_LA, &theirs)] {
        let csv = app
            .api(
                "GET",
                &format!("/api/v1/sharing/extracts/{extract}/placements"),
                Some(&app.token(Role::PerformanceAnalyst, la).await),
                None,
            )
            .await
            .body;
        let rows = csv.lines().count() - 1;
        let m = members.iter().find(|m| m["la_code"] == la).unwrap();
        assert_eq!(m["children"].as_u64(), Some(rows as u64), "{la}: {m}");
        let cost: f64 = m["costs"].as_array().unwrap().iter().find(|f| f["key"] == "weekly_total").unwrap()["value"].as_f64().unwrap();
        assert!((cost - 912.5 * rows as f64).abs() < 0.01, "{la}: {cost}");
    }
    let uploaded = members.iter().find(|m| m["la_code"] == "202").unwrap();
    assert!(uploaded["children"].as_u64().unwrap() > 0, "{uploaded}");
    // The region: every row the members' rows added together.
    let total = &v["total"];
    assert_eq!(total["children"].as_u64(), Some(members.iter().map(|m| m["children"].as_u64().unwrap()).sum::<u64>()));
    for list in ["by_home", "by_area", "by_distance"] {
        for (i, f) in total[list].as_array().unwrap().iter().enumerate() {
            let members_sum: f64 = members.iter().map(|m| m[list][i]["value"].as_f64().unwrap()).sum();
            assert_eq!(f["value"].as_f64(), Some(members_sum), "{list} {}", f["key"]);
        }
        let all: f64 = total[list].as_array().unwrap().iter().map(|f| f["value"].as_f64().unwrap()).sum();
        assert_eq!(all as u64, total["children"].as_u64().unwrap(), "{list}: each child in one row");
    }
    let home = |m: &Value, k: &str| m["by_home"].as_array().unwrap().iter().find(|f| f["key"] == k).unwrap()["value"].as_f64().unwrap();
    assert_eq!(home(&members[2], "council_foster"), 2.0, "990's two children with the council's own carers");
    // The page: charts with a table under each, and the same figures as CSV.
    let (cookie, _) = app.session(Role::RegionalCommissioner).await;
    let page = app.page("GET", "/region/sufficiency", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.matches("<svg").count() >= 3 && page.body.contains("Children in care by member council"), "{}", page.body);
    let csv = app.page("GET", "/region/sufficiency.csv", &cookie, None).await;
    assert!(csv.body.starts_with("council,section,key,label,value,unit\n"));
    let region_children = csv
        .body
        .lines()
        .filter(|l| l.starts_with("\"RCC-T\",homes,"))
        .map(|l| l.rsplit(',').nth(1).unwrap().parse::<f64>().unwrap())
        .sum::<f64>();
    assert_eq!(region_children as u64, total["children"].as_u64().unwrap());
}

#[tokio::test]
async fn the_administrator_records_the_region_on_pages_without_javascript() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::LaAdmin).await;
    let r = app.page("GET", "/region", &cookie, None).await;
    assert!(r.status == StatusCode::OK && r.body.contains("Record the region"), "{}", r.body);
    let r = app
        .page("POST", "/region/record", &cookie, Some(&[("code", "!"), ("name", "North"), ("version", "0"), ("csrf_token", &csrf)]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .page("POST", "/region/record", &cookie, Some(&[("code", "RCC-N"), ("name", "North"), ("version", "0"), ("csrf_token", &csrf)]))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let form = [
        ("la_code", "201"),
        ("name", "Council 201"),
        ("participation", "families_first"),
        ("joined_on_day", "1"),
        ("joined_on_month", "4"),
        ("joined_on_year", "2026"),
        ("csrf_token", &csrf),
    ];
    let r = app.page("POST", "/region/members/new", &cookie, Some(&form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", "/region", &cookie, None).await;
    assert!(page.body.contains("North (RCC-N)") && page.body.contains("Council 201 (201)"), "{}", page.body);
    // A member's page is a council's own page: not the region's roles'.
    let (rc, _) = app.session(Role::RegionalAnalyst).await;
    assert_eq!(app.page("GET", "/region/members/new", &rc, None).await.status, StatusCode::FORBIDDEN);
    assert!(!app.page("GET", "/region", &rc, None).await.body.contains("Add a member council"));
}

/// Text as askama writes it into a page.
fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;").replace('\'', "&#39;")
}
