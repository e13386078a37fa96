//! Statutory returns in the browser: the CIN census downloaded from the records, and a
//! census file uploaded, checked in the background with its progress, and its issues grouped by
//! rule with links to this council's children.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ff_domain::roles::Role;

use super::{LA, TestApp};

fn multipart(csrf: &str, cookie: &str, file: &[u8]) -> Request<Body> {
    let boundary = "ffboundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cin.xml\"\r\nContent-Type: application/xml\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method("POST")
        .uri(format!("/returns/validate?csrf_token={csrf}"))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap()
}

async fn finished_job(app: &TestApp, cookie: &str, location: &str) -> String {
    for _ in 0..200 {
        let p = app.page("GET", &format!("{location}/progress"), cookie, None).await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        if p.json()["done"] == true {
            assert_eq!(p.json()["percent"], 100);
            let page = app.page("GET", location, cookie, None).await;
            assert_eq!(page.status, StatusCode::OK);
            return page.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the check did not finish");
}

#[tokio::test]
async fn the_census_is_downloaded_and_a_file_is_checked_with_progress_and_links() {
    let app = TestApp::new().await;
    // A child with a section 47 enquiry and a plan in the 2026/27 census year.
    let (child, _, s47) = super::child_protection::child_with_enquiry(&app, "Cen", Some("2019-01-01")).await;
    let chair = app.token(Role::ConferenceChair, LA).await;
    let chair_id = super::family_help::user_id(&app, Role::ConferenceChair).await;
    let body = super::child_protection::conference_body("initial", Some(&s47), "2026-01-12", &chair_id, "plan");
    assert_eq!(app.api("POST", &format!("/api/v1/people/{child}/conferences"), Some(&chair), Some(body)).await.status, StatusCode::CREATED);

    let (cookie, csrf) = app.session(Role::PerformanceAnalyst).await;
    let r = app.page("GET", "/returns/cin.xml?year=2026", &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("<LAchildID>C000000001</LAchildID>") && r.body.contains("<CPPstartDate>2026-01-12</CPPstartDate>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<InitialCPCtarget>2026-01-12</InitialCPCtarget>"), "T9 target in the return");
    let r2 = app.page("GET", "/returns/cin.xml?year=twenty", &cookie, None).await;
    assert_eq!(r2.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Break the exported file on purpose (no referral source), upload it, and follow the job.
    let broken = r.body.replacen("<ReferralSource>2A</ReferralSource>", "", 1);
    let resp = app.send(multipart(&csrf, &cookie, broken.as_bytes())).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let location = resp.headers[header::LOCATION].to_str().unwrap().to_owned();
    let page = finished_job(&app, &cookie, &location).await;
    assert!(page.contains("Rule 8600") || page.contains("ReferralSource"), "{page}");
    assert!(page.contains(&format!("href=\"/people/{child}\">C000000001</a>")), "the LAchildID links to the child: {page}");

    // A bigger file than a form may carry (the synthetic generator, about 2 MB), checked too.
    let mut big = Vec::new();
    ff_returns::cin::generate(2_000, 7, 2025, &mut big).unwrap();
    assert!(big.len() > 1024 * 1024);
    let resp = app.send(multipart(&csrf, &cookie, &big)).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let page = finished_job(&app, &cookie, resp.headers[header::LOCATION].to_str().unwrap()).await;
    assert!(page.contains("2,000") || page.contains(">2000<"), "{page}");

    // Without the CSRF token the upload is refused; another user cannot see the job.
    let resp = app.send(multipart("wrong", &cookie, b"<x/>")).await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    let (manager, _) = app.session(Role::PracticeSupervisor).await;
    assert_eq!(app.page("GET", &location, &manager, None).await.status, StatusCode::NOT_FOUND);
    // An empty upload is a clear error.
    let resp = app.send(multipart(&csrf, &cookie, b"")).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// A file that is not a census (here, half of one) is reported as an error on the summary, not as
/// a clean file with nothing to fix.
#[tokio::test]
async fn a_file_that_is_not_a_census_counts_as_an_error() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::PerformanceAnalyst).await;
    // (An empty upload is refused on the form itself.)
    for bytes in [&b"<html><body>hello</body></html>"[..], &b"<Message><Header><CollectionDetails>"[..]] {
        let resp = app.send(multipart(&csrf, &cookie, bytes)).await;
        assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
        let page = finished_job(&app, &cookie, resp.headers[header::LOCATION].to_str().unwrap()).await;
        let errors =
            page.split("Errors</dt><dd class=\"govuk-summary-list__value\">").nth(1).and_then(|s| s.split('<').next()).unwrap_or("");
        assert_ne!(errors, "0", "{page}");
        assert!(!errors.is_empty(), "{page}");
        assert!(!page.contains("No issues"), "{page}");
    }
}

fn figure(page: &str, label: &str) -> u64 {
    let after = format!("{label}</dt><dd class=\"govuk-summary-list__value\">");
    page.split(&after)
        .nth(1)
        .and_then(|s| s.split('<').next())
        .and_then(|n| n.trim().replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("no {label} on {page}"))
}

/// The page shows a few children per rule, pages through the rules, and offers
/// every issue as a download streamed from disk; the counts include every issue.
#[tokio::test]
async fn every_issue_is_downloadable_while_the_page_shows_a_few_per_rule() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::PerformanceAnalyst).await;
    let mut file = Vec::new();
    ff_returns::cin::generate_with(&ff_returns::cin::GenerateOptions { children: 3_000, seed: 5, year: 2025, breach_rate: 0.6 }, &mut file)
        .unwrap();
    let resp = app.send(multipart(&csrf, &cookie, &file)).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let location = resp.headers[header::LOCATION].to_str().unwrap().to_owned();
    let page = finished_job(&app, &cookie, &location).await;
    let (errors, queries) = (figure(&page, "Errors"), figure(&page, "Queries"));
    assert!(errors > 100, "{errors}");
    assert!(page.contains("more issues in the download"), "a rule with many children says so: {page}");
    // Every child list on the page is short.
    for list in page.split("Children: ").skip(1) {
        let list = list.split("</p>").next().unwrap();
        assert!(list.matches(", ").count() <= 21, "{list}");
    }
    let csv = app.page("GET", &format!("{location}/issues.csv"), &cookie, None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let rows = csv.body.lines().count() as u64 - 1;
    assert!(csv.body.starts_with("rule,kind,severity,la_child_id"));
    assert_eq!(rows, errors + queries, "the download holds every issue counted");
    // The rules come a page at a time; a page past the end is not found.
    let rules = page.matches("govuk-summary-card__title-wrapper").count();
    assert!(rules <= 25, "{rules} rules on one page");
    if page.contains("Page 1 of 2") {
        assert_eq!(app.page("GET", &format!("{location}?page=2"), &cookie, None).await.status, StatusCode::OK);
    }
    assert_eq!(app.page("GET", &format!("{location}?page=99"), &cookie, None).await.status, StatusCode::NOT_FOUND);
    // Someone else cannot download it.
    let (manager, _) = app.session(Role::PracticeSupervisor).await;
    assert_eq!(app.page("GET", &format!("{location}/issues.csv"), &manager, None).await.status, StatusCode::NOT_FOUND);
}

/// A file over the configured size is refused as it arrives; one user has one
/// check at a time and the server a bounded number.
#[tokio::test]
async fn uploads_are_bounded_in_size_and_in_how_many_run_at_once() {
    let limits = ff_web::jobs::JobLimits { max_upload_bytes: 64 * 1024, max_running: 2, ..Default::default() };
    let app = TestApp::with_job_limits(limits).await;
    let (cookie, csrf) = app.session(Role::PerformanceAnalyst).await;
    let mut file = Vec::new();
    ff_returns::cin::generate(400, 3, 2025, &mut file).unwrap();
    assert!(file.len() > 64 * 1024);
    let resp = app.send(multipart(&csrf, &cookie, &file)).await;
    assert_eq!(resp.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", resp.body);
    assert!(resp.body.contains("The file is larger than"), "{}", resp.body);

    // While this user's own check runs, a second is refused with a reason.
    let me = super::family_help::user_id(&app, Role::PerformanceAnalyst).await.parse().unwrap();
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 10, 0, 0).unwrap();
    let _mine = app.jobs.start(uuid::Uuid::new_v4(), me, LA, now, 10).unwrap();
    let small = &file[..1000];
    let resp = app.send(multipart(&csrf, &cookie, small)).await;
    assert_eq!(resp.status, StatusCode::TOO_MANY_REQUESTS, "{}", resp.body);
    assert!(resp.body.contains("You already have a file being checked"), "{}", resp.body);

    // When the server's slots are full, another user is told to try later.
    let _other = app.jobs.start(uuid::Uuid::new_v4(), uuid::Uuid::new_v4(), LA, now, 10).unwrap();
    assert_eq!(app.jobs.busy(uuid::Uuid::new_v4()), Some(ff_web::jobs::Busy::Server));
    let (manager, manager_csrf) = app.session(Role::PracticeSupervisor).await;
    let resp = app.send(multipart(&manager_csrf, &manager, small)).await;
    assert_eq!(resp.status, StatusCode::TOO_MANY_REQUESTS, "{}", resp.body);
    assert!(resp.body.contains("Other files are being checked"), "{}", resp.body);
}

pub(super) fn multipart_903(csrf: &str, cookie: &str, year: &str, files: &[(&str, &[u8])]) -> Request<Body> {
    let boundary = "ffboundary903xkTrZu0gW";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"year\"\r\n\r\n{year}\r\n").into_bytes();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method("POST")
        .uri(format!("/returns/ssda903/check?csrf_token={csrf}"))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn the_903_return_is_built_checked_downloaded_and_other_files_are_checked() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Ida", "2015-05-05").await;
    let body = serde_json::json!({"start_date": "2026-11-02", "category_of_need": "N1", "legal_status": "C1", "placement_type": "U6",
        "placement_provider": "PR1", "placement_postcode": "NM1 1AA", "previous_permanence": "Z1"});
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let (cookie, csrf) = app.session(Role::PerformanceAnalyst).await;
    let page = app.page("GET", "/returns/ssda903?year=2026-27", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // One child, one episode: the counts take the singular.
    assert!(page.body.contains("1 child looked after at some time in the year, 1 episode of care"), "{}", page.body);
    // No pupil number recorded for a school-age child: the check names it, linked to the child.
    assert!(page.body.contains("Error 442"), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"/people/{child}\">C000000001</a>")));
    let csv = app.page("GET", "/returns/ssda903/2026-27/episodes.csv", &cookie, None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"));
    assert!(csv.body.contains("C000000001,02/11/2026,S,C1,N1,U6,PR1,,,,"), "{}", csv.body);
    // The same return in the DfE's XML layout, one child with its header and episode.
    assert!(page.body.contains("href=\"/returns/ssda903/2026-27/xml\""), "{}", page.body);
    let xml = app.page("GET", "/returns/ssda903/2026-27/xml", &cookie, None).await;
    assert_eq!(xml.status, StatusCode::OK);
    assert!(xml.body.starts_with("<?xml"), "{}", xml.body);
    assert!(xml.body.contains("<CHILD><HEADER><CHILDID>C000000001</CHILDID>"), "{}", xml.body);
    assert!(xml.body.contains("<EPISODE><DECOM>02/11/2026</DECOM><RNE>S</RNE><LS>C1</LS><CIN>N1</CIN><PL>U6</PL>"), "{}", xml.body);
    assert_eq!(app.page("GET", "/returns/ssda903/2026-27/nothing.csv", &cookie, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.page("GET", "/returns/ssda903?year=1999", &cookie, None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Once the pupil number is recorded that error goes; what else this bare record lacks is named
    // (no ethnicity, no home address, no allocated social worker).
    let v = app.api("GET", &format!("/api/v1/people/{child}"), Some(&sw), None).await.json()["person"]["version"].clone();
    let r = app
        .api("PUT", &format!("/api/v1/people/{child}/upn"), Some(&sw), Some(serde_json::json!({"upn": "L201234567890", "version": v})))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let page = app.page("GET", "/returns/ssda903?year=2026-27", &cookie, None).await;
    assert!(!page.body.contains("Error 442"), "{}", page.body);
    for rule in ["Error 103", "Error 392b", "Error SW12"] {
        assert!(page.body.contains(rule), "{rule}");
    }

    // Another system's files: the peer's fake header and episodes.
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../ff-returns/tests/data/ssda903/fake/");
    let header_csv = std::fs::read(format!("{data}header.csv")).unwrap();
    let episodes_csv = std::fs::read(format!("{data}episodes.csv")).unwrap();
    let resp = app.send(multipart_903(&csrf, &cookie, "2025-26", &[("header.csv", &header_csv), ("episodes.csv", &episodes_csv)])).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert!(resp.body.contains("The 2 files uploaded") && resp.body.contains("Error 101"), "{}", resp.body);
    // A file that is no 903 table is a clear error; without the CSRF token nothing is read.
    let resp = app.send(multipart_903(&csrf, &cookie, "2025-26", &[("notes.csv", b"NAME,AGE\r\nA,1\r\n")])).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", resp.body);
    let resp = app.send(multipart_903("wrong", &cookie, "2025-26", &[("header.csv", &header_csv)])).await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
}

/// 903 rule 218: a placement with the council's own foster carers or adopters carries the URN of
/// the council's fostering service or adoption agency, recorded once in the settings (page and
/// API) and given by the return on every such episode.
#[tokio::test]
async fn the_councils_own_fostering_and_adoption_urns_fill_the_903_episodes() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Ivo", "2015-06-06").await;
    let body = serde_json::json!({"start_date": "2026-11-02", "category_of_need": "N1", "legal_status": "C1", "placement_type": "U4",
        "placement_provider": "PR1", "placement_postcode": "NM1 1AA", "previous_permanence": "Z1"});
    app.created(&format!("/api/v1/people/{child}/care"), &sw, body, "id").await;
    let (analyst, _) = app.session(Role::PerformanceAnalyst).await;
    let episodes = || async { app.page("GET", "/returns/ssda903/2026-27/episodes.csv", &analyst, None).await.body };
    let before = episodes().await;
    assert!(before.contains(",U4,PR1,,,,") && before.ends_with("NM1 1AA,\r\n"), "no URN recorded yet: {before}");

    // A mistyped URN is refused with the field named, and nothing changes.
    let (cookie, csrf) = app.session(Role::LaAdmin).await;
    let page = app.page("GET", "/settings", &cookie, None).await;
    assert!(page.body.contains("Ofsted URN of the council&#39;s fostering service"), "{}", page.body);
    let mut form = super::form_as_shown(&page.body, csrf.clone());
    for (k, v) in form.iter_mut() {
        match k.as_str() {
            "own_services.fostering_urn" => *v = "SC12".into(),
            "own_services.adoption_urn" => *v = "xxxxxxx".into(),
            _ => {}
        }
    }
    let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.page("POST", "/settings", &cookie, Some(&f)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Enter the fostering service&#39;s Ofsted URN"), "{}", r.body);
    let admin = app.token(Role::LaAdmin, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(s["own_services"]["fostering_urn"], "");
    // Through the API, then on the page, where the URN is kept in capitals without spaces.
    s["own_services"] = serde_json::json!({"fostering_urn": "2612", "adoption_urn": ""});
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("own_services.fostering_urn"), "{}", r.body);
    for (k, v) in form.iter_mut() {
        if k == "own_services.fostering_urn" {
            *v = "sc 480123".into();
        }
    }
    let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.page("POST", "/settings", &cookie, Some(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(
        (s["own_services"]["fostering_urn"].as_str(), s["own_services"]["adoption_urn"].as_str()),
        (Some("SC480123"), Some("XXXXXXX"))
    );
    let after = episodes().await;
    assert!(after.ends_with("NM1 1AA,SC480123\r\n"), "{after}");
}
