//! Web integration tests: the in-process router over a fresh database (SQLite by default,
//! PostgreSQL when FF_TEST_DATABASE_URL is set), with a fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{TimeZone, Utc};
use ff_domain::roles::Role;
use ff_service::users::NewUser;
use ff_store::testing::TestDb;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

mod adoption;
mod assessments;
mod carers;
mod case_notes;
mod child_protection;
mod data_set;
mod defects;
mod documents;
mod dolo;
mod escalations;
mod family_help;
mod family_networks;
mod forecasts;
mod home_search;
mod input_errors;
mod leaving_care;
mod letters;
mod looked_after;
mod matrix;
mod meeting_record;
mod outside_home;
mod partnership;
mod partnership_reviews;
mod plan_record;
mod postcodes;
mod professionals;
mod providers;
mod regions;
mod returns;
mod screens;
mod sharing;
mod sufficiency;
mod workforce;
mod workforce_record;
mod workforce_share;

const LA: &str = "990";
const OTHER_LA: &str = "201";
pub const PASSWORD: &str = "test-password-123";

pub struct TestApp {
    pub db: TestDb,
    pub router: Router,
    /// The server's jobs, for tests that fill its slots.
    pub jobs: ff_web::jobs::Jobs,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Resp {
    /// The body as JSON: an empty body is `null`; anything else that is not JSON fails the test.
    pub fn json(&self) -> Value {
        if self.body.is_empty() {
            return Value::Null;
        }
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("the {} response is not JSON ({e}): {}", self.status, self.body))
    }
}

pub fn username(role: Role, la: &str) -> String {
    format!("{}-{la}", role.code().replace('_', "-"))
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_job_limits(Default::default()).await
    }

    pub async fn with_job_limits(limits: ff_web::jobs::JobLimits) -> TestApp {
        // Small enough that a test can go over it.
        Self::build(limits, ff_service::documents::DocumentConfig { max_bytes: 200_000, directory: None, s3: None }).await
    }

    pub async fn with_documents(documents: ff_service::documents::DocumentConfig) -> TestApp {
        Self::build(Default::default(), documents).await
    }

    async fn build(limits: ff_web::jobs::JobLimits, documents: ff_service::documents::DocumentConfig) -> TestApp {
        let db = TestDb::new().await.expect("test database");
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        ff_service::calendar::seed_if_empty(&db.db, now).await.unwrap();
        let mut tx = db.db.begin().await.unwrap();
        for la in [LA, OTHER_LA] {
            ff_store::ensure_la(&mut tx, la, now).await.unwrap();
            ff_store::settings::insert(&mut tx, la, 1, &ff_domain::settings::LaSettings::default_for(&format!("Council {la}")), None, now)
                .await
                .unwrap();
            for role in Role::ALL {
                let sw = role.requires_swe_registration() || *role == Role::PracticeSupervisor;
                let input = NewUser {
                    username: username(*role, la),
                    display_name: format!("Test {}", role.label()),
                    role: role.code().into(),
                    agency: Some(if *role == Role::PartnerAgency { "police".into() } else { "local_authority".into() }),
                    password: PASSWORD.into(),
                    swe_registration_number: sw.then(|| "SW100200".into()),
                    swe_status: sw.then(|| "registered".into()),
                    qualification_date: sw.then(|| chrono::NaiveDate::from_ymd_opt(2015, 7, 1).unwrap()),
                    team_ids: vec![],
                };
                ff_service::users::insert_user(&mut tx, la, uuid::Uuid::new_v4(), &input, now).await.unwrap();
            }
        }
        tx.commit().await.unwrap();
        let state = ff_web::AppState {
            db: db.db.clone(),
            clock: Arc::new(move || now),
            secure_cookies: false,
            home_la: LA.into(),
            jobs: ff_web::jobs::Jobs::new(limits),
            trusted_proxies: Arc::new(vec!["127.0.0.1".parse().unwrap()]),
            oidc: None,
            documents: Arc::new(documents),
            demo_sign_in: (LA == ff_demo::DEMO_LA).then(|| {
                Arc::new(ff_web::DemoSignIn {
                    accounts: ff_demo::DEMO_USERS
                        .iter()
                        .map(|u| ff_web::DemoAccount { username: u.username.to_owned(), role: u.role, agency: u.agency })
                        .collect(),
                    password: ff_demo::DEMO_PASSWORD.to_owned(),
                })
            }),
        };
        let jobs = state.jobs.clone();
        TestApp { router: ff_web::router(state), db, jobs }
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Resp { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn api(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())).unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        self.send(req).await
    }

    /// POSTs `body` as JSON to `path` as the holder of `token`.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Resp {
        self.api("POST", path, Some(token), Some(body)).await
    }

    /// PUTs `body` as JSON to `path` as the holder of `token`.
    pub async fn put(&self, path: &str, token: &str, body: Value) -> Resp {
        self.api("PUT", path, Some(token), Some(body)).await
    }

    /// GETs `path` as the holder of `token` and reads the answer as JSON.
    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        self.api("GET", path, Some(token), None).await.json()
    }

    /// POSTs `body` to `path` as the holder of `token`, insists on 201 Created, and returns the
    /// new record's id from the answer's `id_field`: a record made in one line.
    pub async fn created(&self, path: &str, token: &str, body: Value, id_field: &str) -> String {
        let r = self.api("POST", path, Some(token), Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "POST {path}: {}", r.body);
        match r.json()[id_field].as_str() {
            Some(id) => id.to_owned(),
            None => panic!("POST {path} answered without {id_field}: {}", r.body),
        }
    }

    /// POSTs `body` as a CSV file (`text/csv`) to `path` as the holder of `token`.
    pub async fn csv(&self, path: &str, token: &str, body: &str) -> Resp {
        let req = Request::builder()
            .method("POST")
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(req).await
    }

    pub async fn token(&self, role: Role, la: &str) -> String {
        let r = self.api("POST", "/api/v1/auth/token", None, Some(json!({"username": username(role, la), "password": PASSWORD}))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.json()["token"].as_str().unwrap().to_owned()
    }

    /// A browser session: (cookie header, csrf token).
    pub async fn session(&self, role: Role) -> (String, String) {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        let s = ff_service::auth::sign_in(&self.db.db, &username(role, LA), PASSWORD, "test", now).await.unwrap();
        (format!("ff_session={}", s.secret), s.csrf_token)
    }

    pub async fn page(&self, method: &str, path: &str, cookie: &str, form: Option<&[(&str, &str)]>) -> Resp {
        let b = Request::builder().method(method).uri(path).header(header::COOKIE, cookie);
        let req = match form {
            Some(f) => b
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(serde_urlencoded::to_string(f).unwrap()))
                .unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        self.send(req).await
    }

    /// Submits `form` to the page at `path` in the browser session `cookie`.
    pub async fn submit(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> Resp {
        self.page("POST", path, cookie, Some(form)).await
    }

    pub async fn people_count(&self) -> i64 {
        let mut tx = self.db.db.begin().await.unwrap();
        ff_store::people::count_people(&mut tx, LA).await.unwrap()
    }
}

fn child(nhs: Option<&str>) -> Value {
    json!({"given_name": "Amelia", "family_name": "Hart", "date_of_birth": "2019-03-27", "sex": "F", "nhs_number": nhs})
}

/// Every response carries the id of the request's log span (ARCHITECTURE.md, "Logging"): a
/// plain id from the council's proxy is kept, anything else is replaced, and each request made
/// here gets its own.
#[tokio::test]
async fn every_response_carries_its_request_id() {
    let app = TestApp::new().await;
    let id_of = |r: &Resp| r.headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let a = app.api("GET", "/healthz", None, None).await;
    let b = app.api("GET", "/api/v1/people", None, None).await;
    assert_eq!(b.status, StatusCode::UNAUTHORIZED);
    let (a, b) = (id_of(&a), id_of(&b));
    assert_eq!(a.len(), 32, "{a}");
    assert_ne!(a, b, "each request has its own id");
    let with = |v: &'static str| Request::builder().uri("/healthz").header("x-request-id", v).body(Body::empty()).unwrap();
    assert_eq!(id_of(&app.send(with("proxy-7f3a.1")).await), "proxy-7f3a.1");
    let replaced = id_of(&app.send(with("Amelia Hart <script>")).await);
    assert_eq!(replaced.len(), 32, "{replaced}");
}

#[tokio::test]
async fn api_create_read_update_and_stale_update_conflicts() {
    let app = TestApp::new().await;
    let t = app.token(Role::SocialWorker, LA).await;
    let r = app.api("POST", "/api/v1/people", Some(&t), Some(child(Some("943 476 5919")))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(r.json()["nhs_number"], "9434765919");

    let r = app.api("GET", &format!("/api/v1/people/{id}"), Some(&t), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["person"]["full_name"], "Amelia Hart");
    assert_eq!(r.json()["father_prompt"], true, "no father or male carer recorded yet");

    let mut upd = child(Some("9434765919"));
    upd["given_name"] = json!("Amelie");
    upd["version"] = json!(1);
    let r = app.api("PUT", &format!("/api/v1/people/{id}"), Some(&t), Some(upd.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], 2);

    // A second editor who read version 1 is refused, and the first edit stands.
    upd["given_name"] = json!("Emily");
    let r = app.api("PUT", &format!("/api/v1/people/{id}"), Some(&t), Some(upd)).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/problem+json");
    assert_eq!(r.json()["current_version"], 2);
    let r = app.api("GET", &format!("/api/v1/people/{id}"), Some(&t), None).await;
    assert_eq!(r.json()["person"]["given_name"], "Amelie");

    let r = app.api("GET", &format!("/api/v1/people/{id}/history"), Some(&t), None).await;
    assert_eq!(r.json().as_array().unwrap().len(), 2, "both versions kept");

    // Search by NHS number (with spaces) finds exactly this person.
    let r = app.api("GET", "/api/v1/people?q=943%20476%205919", Some(&t), None).await;
    assert_eq!(r.json()["people"].as_array().unwrap().len(), 1);
    assert_eq!(r.json()["searched_by"], "nhs_number");
}

#[tokio::test]
async fn duplicates_are_offered_before_creating() {
    let app = TestApp::new().await;
    let t = app.token(Role::FamilyHelpPractitioner, LA).await;
    assert_eq!(app.api("POST", "/api/v1/people", Some(&t), Some(child(Some("9434765919")))).await.status, StatusCode::CREATED);
    // Same NHS number: always refused, existing record offered.
    let mut again = child(Some("9434765919"));
    again["confirm_not_duplicate"] = json!(true);
    let r = app.api("POST", "/api/v1/people", Some(&t), Some(again)).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["duplicates"][0]["reason"], "same_nhs_number");
    // Similar name, same date of birth: offered, then allowed once confirmed.
    let mut similar = child(None);
    similar["family_name"] = json!("Harte");
    let r = app.api("POST", "/api/v1/people", Some(&t), Some(similar.clone())).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["duplicates"][0]["reason"], "similar_name_same_date_of_birth");
    similar["confirm_not_duplicate"] = json!(true);
    assert_eq!(app.api("POST", "/api/v1/people", Some(&t), Some(similar)).await.status, StatusCode::CREATED);
    assert_eq!(app.people_count().await, 2);
}

#[tokio::test]
async fn bad_input_gets_specific_4xx_and_changes_nothing() {
    let app = TestApp::new().await;
    let t = app.token(Role::SocialWorker, LA).await;
    let send_raw = |body: &'static str, ctype: &'static str| {
        Request::builder()
            .method("POST")
            .uri("/api/v1/people")
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
            .header(header::CONTENT_TYPE, ctype)
            .body(Body::from(body))
            .unwrap()
    };
    let r = app.send(send_raw("{\"given_name\": ", "application/json")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "malformed JSON: {}", r.body);
    let r = app.send(send_raw("given_name=x", "text/plain")).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = app.send(send_raw("{\"given_name\": \"A\", \"colour\": \"red\"}", "application/json")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown field: {}", r.body);
    assert!(r.json()["detail"].as_str().unwrap().contains("colour"));

    let r = app.api("POST", "/api/v1/people", Some(&t), Some(child(Some("943 476 5918")))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "nhs_number");
    let mut bad_date = child(None);
    bad_date["date_of_birth"] = json!("2019-02-30");
    let r = app.api("POST", "/api/v1/people", Some(&t), Some(bad_date)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "date_of_birth");
    let mut bad_code = child(None);
    bad_code["sex"] = json!("Q");
    bad_code["ethnicity"] = json!("XXXX");
    let r = app.api("POST", "/api/v1/people", Some(&t), Some(bad_code)).await;
    let body = r.json();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["sex", "ethnicity"]);

    let big = format!("{{\"given_name\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/people")
        .header(header::AUTHORIZATION, format!("Bearer {t}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(big))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.api("GET", "/api/v1/people/not-a-uuid", Some(&t), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.api("GET", "/api/v1/people?q=", Some(&t), None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.api("GET", "/api/v1/nothing-here", Some(&t), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.people_count().await, 0, "nothing was created");
}

#[tokio::test]
async fn forms_need_a_valid_csrf_token() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let fields =
        [("given_name", "Noah"), ("family_name", "Reed"), ("dob_day", "1"), ("dob_month", "2"), ("dob_year", "2020"), ("sex", "M")];
    let r = app.page("POST", "/people/new", &cookie, Some(&fields)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "missing token");
    let mut forged = fields.to_vec();
    forged.push(("csrf_token", "forged"));
    assert_eq!(app.page("POST", "/people/new", &cookie, Some(&forged)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.people_count().await, 0);
    let mut good = fields.to_vec();
    good.push(("csrf_token", &csrf));
    let r = app.page("POST", "/people/new", &cookie, Some(&good)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.people_count().await, 1);
}

#[tokio::test]
async fn form_errors_show_a_summary_and_create_nothing() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let f = [("csrf_token", csrf.as_str()), ("given_name", "Noah"), ("family_name", "Reed"), ("sex", "M"), ("nhs_number", "943 476 5918")];
    let r = app.page("POST", "/people/new", &cookie, Some(&f)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary") && r.body.contains("href=\"#nhs_number\""));
    assert!(r.body.contains("value=\"Noah\""), "typed values are kept");
    assert_eq!(app.people_count().await, 0);
}

/// A sign-in request as it arrives from `peer`, with `X-Forwarded-For` if given.
async fn sign_in_from(app: &TestApp, peer: &str, forwarded_for: Option<&str>, user: &str, password: &str) -> Resp {
    let mut req = Request::builder()
        .method("POST")
        .uri("/api/v1/auth/token")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"username": user, "password": password}).to_string()))
        .unwrap();
    let addr: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(addr));
    if let Some(f) = forwarded_for {
        req.headers_mut().insert("x-forwarded-for", f.parse().unwrap());
    }
    app.send(req).await
}

#[tokio::test]
async fn sign_in_slows_one_address_down_but_never_locks_the_user_out_elsewhere() {
    let app = TestApp::new().await;
    let user = username(Role::SocialWorker, LA);
    // Behind the trusted proxy (127.0.0.1), an attacker at 203.0.113.5 guesses.
    for _ in 0..ff_domain::throttle::FREE_PER_PAIR {
        let r = sign_in_from(&app, "127.0.0.1", Some("203.0.113.5"), &user, "wrong password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = sign_in_from(&app, "127.0.0.1", Some("203.0.113.5"), &user, PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "that address waits, even with the right password");
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    // The real user at their own desk signs in at once.
    let r = sign_in_from(&app, "127.0.0.1", Some("198.51.100.7"), &user, PASSWORD).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // A forged X-Forwarded-For from a peer that is not a trusted proxy is ignored: the attacker
    // connecting directly from 192.0.2.9 cannot pretend to be the user's address.
    for _ in 0..ff_domain::throttle::FREE_PER_PAIR {
        sign_in_from(&app, "192.0.2.9", Some("198.51.100.7"), &user, "wrong password").await;
    }
    let r = sign_in_from(&app, "192.0.2.9", Some("198.51.100.7"), &user, PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = sign_in_from(&app, "127.0.0.1", Some("198.51.100.7"), &user, PASSWORD).await;
    assert_eq!(r.status, StatusCode::CREATED, "the user's own address was not charged: {}", r.body);
}

#[test]
fn the_client_address_is_the_peer_unless_a_trusted_proxy_forwards_it() {
    use ff_web::client_address;
    let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
    let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
    assert_eq!(client_address(Some(ip("192.0.2.9")), &proxies, &["198.51.100.7"]), Some(ip("192.0.2.9")));
    assert_eq!(client_address(Some(ip("10.0.0.1")), &proxies, &["198.51.100.7"]), Some(ip("198.51.100.7")));
    assert_eq!(client_address(Some(ip("10.0.0.1")), &proxies, &["6.6.6.6, 198.51.100.7, 10.0.0.2"]), Some(ip("198.51.100.7")));
    assert_eq!(client_address(Some(ip("10.0.0.1")), &proxies, &["not an address"]), Some(ip("10.0.0.1")));
    // A proxy that writes ip:port is read; an unreadable entry stops the walk (left of it is the
    // client's own writing).
    assert_eq!(client_address(Some(ip("10.0.0.1")), &proxies, &["198.51.100.7:443"]), Some(ip("198.51.100.7")));
    assert_eq!(client_address(Some(ip("10.0.0.1")), &proxies, &["6.6.6.6, garbage"]), Some(ip("10.0.0.1")));
    assert_eq!(client_address(Some(ip("::ffff:10.0.0.1")), &proxies, &["198.51.100.7"]), Some(ip("198.51.100.7")));
    assert_eq!(ff_web::throttle_key(ip("2001:db8:1:2:aaaa::1")), ff_web::throttle_key(ip("2001:db8:1:2:bbbb::9")));
    assert_eq!(client_address(None, &proxies, &[]), None);
}

#[tokio::test]
async fn another_councils_records_are_not_visible() {
    let app = TestApp::new().await;
    let t = app.token(Role::SocialWorker, LA).await;
    let id = app.api("POST", "/api/v1/people", Some(&t), Some(child(None))).await.json()["id"].as_str().unwrap().to_owned();
    let other = app.token(Role::SocialWorker, OTHER_LA).await;
    assert_eq!(app.api("GET", &format!("/api/v1/people/{id}"), Some(&other), None).await.status, StatusCode::NOT_FOUND);
    let r = app.api("GET", "/api/v1/people?q=hart", Some(&other), None).await;
    assert_eq!(r.json()["people"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn views_and_changes_are_audited_and_the_chain_verifies() {
    let app = TestApp::new().await;
    let t = app.token(Role::SocialWorker, LA).await;
    let id = app.api("POST", "/api/v1/people", Some(&t), Some(child(None))).await.json()["id"].as_str().unwrap().to_owned();
    app.api("GET", &format!("/api/v1/people/{id}"), Some(&t), None).await;
    let mut tx = app.db.db.begin().await.unwrap();
    let events = ff_store::audit::events_for_record(&mut tx, LA, "person", &id, 10).await.unwrap();
    drop(tx);
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["view", "create"]);
    assert!(events.iter().all(|e| !e.summary.contains("Amelia") && !e.summary.contains("Hart")), "no personal data in the audit summary");
    let admin = app.token(Role::LaAdmin, LA).await;
    let r = app.api("GET", "/api/v1/audit/verify", Some(&admin), None).await;
    assert_eq!(r.json()[0]["result"], "intact", "{}", r.body);
}

/// A child's page reads the record, the family help and the child protection parts in one go and
/// is recorded as one view, not three.
#[tokio::test]
async fn a_childs_page_is_one_audited_view() {
    let app = TestApp::new().await;
    let t = app.token(Role::SocialWorker, LA).await;
    let id = app.api("POST", "/api/v1/people", Some(&t), Some(child(None))).await.json()["id"].as_str().unwrap().to_owned();
    let count = |app: &TestApp| {
        let db = app.db.db.clone();
        async move {
            let mut tx = db.begin().await.unwrap();
            ff_store::audit::count_events(&mut tx, LA).await.unwrap()
        }
    };
    let (cookie, _) = app.session(Role::SocialWorker).await;
    let before = count(&app).await;
    let r = app.page("GET", &format!("/people/{id}"), &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Family help") && r.body.contains("Child protection"), "all parts shown");
    assert_eq!(count(&app).await - before, 1, "one view event for the page");
    let mut tx = app.db.db.begin().await.unwrap();
    let events = ff_store::audit::events_for_record(&mut tx, LA, "person", &id, 10).await.unwrap();
    assert_eq!(events[0].action, "view");
}

#[tokio::test]
async fn relationships_households_and_the_father_prompt() {
    let app = TestApp::new().await;
    let t = app.token(Role::SocialWorker, LA).await;
    let kid = app.api("POST", "/api/v1/people", Some(&t), Some(child(None))).await.json()["id"].as_str().unwrap().to_owned();
    let dad = app
        .post("/api/v1/people", &t, json!({"given_name": "Tom", "family_name": "Hart", "date_of_birth": "1988-05-01", "sex": "M"}))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .post(
            &format!("/api/v1/people/{kid}/relationships"),
            &t,
            json!({"relative_id": dad, "kind": "father", "parental_responsibility": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "PR needs a basis");
    let r = app
        .post(
            &format!("/api/v1/people/{kid}/relationships"),
            &t,
            json!({"relative_id": dad, "kind": "father", "parental_responsibility": true, "pr_basis": "birth_certificate"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let h = app.post(&format!("/api/v1/people/{kid}/households"), &t, json!({"membership": "lives_in", "start_date": "2019-03-27"})).await;
    let hid = h.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            &format!("/api/v1/people/{dad}/households"),
            &t,
            json!({"household_id": hid, "membership": "regularly_visits", "start_date": "2020-01-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let rec = app.api("GET", &format!("/api/v1/people/{kid}"), Some(&t), None).await.json();
    assert_eq!(rec["father_prompt"], false);
    assert_eq!(rec["relatives"][0]["relationship"], "Father");
    assert_eq!(rec["households"][0]["members"].as_array().unwrap().len(), 2);
    let from_dad = app.api("GET", &format!("/api/v1/people/{dad}"), Some(&t), None).await.json();
    assert_eq!(from_dad["relatives"][0]["relationship"], "Child");
}

#[tokio::test]
async fn merging_keeps_both_histories() {
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let a = app.api("POST", "/api/v1/people", Some(&sw), Some(child(Some("9434765919")))).await.json()["id"].as_str().unwrap().to_owned();
    let mut dup = child(None);
    dup["confirm_not_duplicate"] = json!(true);
    let b = app.api("POST", "/api/v1/people", Some(&sw), Some(dup)).await.json()["id"].as_str().unwrap().to_owned();
    app.post(
        &format!("/api/v1/people/{b}/addresses"),
        &sw,
        json!({"line1": "1 Mill Lane", "town": "Northmoor", "postcode": "nm1 4ab", "start_date": "2024-01-01"}),
    )
    .await;
    let body = json!({"duplicate_id": b, "reason": "Same child: school confirmed"});
    assert_eq!(app.api("POST", &format!("/api/v1/people/{a}/merge"), Some(&sw), Some(body.clone())).await.status, StatusCode::FORBIDDEN);
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let r = app.api("POST", &format!("/api/v1/people/{a}/merge"), Some(&mgr), Some(body)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let rec = app.api("GET", &format!("/api/v1/people/{a}"), Some(&sw), None).await.json();
    assert_eq!(rec["addresses"][0]["postcode"], "NM1 4AB", "the duplicate's address moved over");
    assert_eq!(rec["merged_records"][0]["id"], b.as_str());
    let merged = app.api("GET", &format!("/api/v1/people/{b}"), Some(&sw), None).await.json();
    assert_eq!(merged["person"]["merged_into"], a.as_str(), "the merged record is kept");
    assert_eq!(app.people_count().await, 1);
}

#[tokio::test]
async fn settings_are_versioned_and_stale_saves_conflict() {
    let app = TestApp::new().await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let mut s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(s["version"], 1);
    s["name"] = json!("Northmoor Borough Council");
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], 2);
    s["brand_colour"] = json!("#ffee00");
    let r = app.api("PUT", "/api/v1/settings", Some(&admin), Some(s.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "pale colour fails contrast before the version check");
    s["brand_colour"] = json!("#1d4f5c");
    assert_eq!(app.api("PUT", "/api/v1/settings", Some(&admin), Some(s)).await.status, StatusCode::CONFLICT, "version 1 is stale");
}

#[tokio::test]
async fn due_dates_follow_the_working_day_calendar() {
    let app = TestApp::new().await;
    let t = app.token(Role::Lcpp, LA).await;
    // T9 worked example (domain reference §11.3).
    let r = app.api("GET", "/api/v1/calendar/due-date?from=2025-12-17&working_days=15", Some(&t), None).await;
    assert_eq!(r.json()["due"], "2026-01-12", "{}", r.body);
    // T3: 45 working days from a referral on 30 Nov 2026, over Christmas.
    let r = app.api("GET", "/api/v1/calendar/due-date?from=2026-11-30&working_days=45", Some(&t), None).await;
    assert_eq!(r.json()["due"], "2027-02-04");
    assert_eq!(
        app.api("GET", "/api/v1/calendar/due-date?from=2026-02-30&working_days=1", Some(&t), None).await.status,
        StatusCode::BAD_REQUEST
    );
}

/// The served document lists every route the router serves, and the router serves every route
/// the document lists (both come from one list): each documented operation without a token is a
/// 401, never a 404 or 405.
#[tokio::test]
async fn openapi_describes_every_api_route() {
    let app = TestApp::new().await;
    let doc = app.api("GET", "/api/openapi.json", None, None).await.json();
    let routes = ff_web::api::routes();
    let documented: usize = doc["paths"].as_object().unwrap().values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(documented, routes.len());
    for (method, path) in &routes {
        assert!(doc["paths"][path][method.to_lowercase()].is_object(), "{method} {path} missing from the served document");
        if path.ends_with("/auth/token") {
            continue;
        }
        let concrete = path.replace("{id}", "00000000-0000-7000-8000-000000000001");
        let r = app.api(method, &concrete, None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {path} is documented but not served: {}", r.status);
    }
    // And an address that is not in the document is not served.
    assert_eq!(app.api("GET", "/api/v1/no-such-thing", None, None).await.status, StatusCode::NOT_FOUND);
}

/// Every error an operation can give is in the document as problem+json, and
/// no two types share a schema name (utoipa would silently keep only one of them).
#[tokio::test]
async fn openapi_errors_are_problem_json_and_schema_names_are_unique() {
    let app = TestApp::new().await;
    let doc = app.api("GET", "/api/openapi.json", None, None).await.json();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for (status, r) in responses {
                if status.as_str() >= "400" {
                    assert!(r["content"]["application/problem+json"].is_object(), "{method} {path} {status} is not problem+json");
                    assert!(r["content"]["application/json"].is_null(), "{method} {path} {status} also claims plain JSON");
                }
            }
            if !(method == "post" && path == "/api/v1/auth/token") {
                assert!(responses.contains_key("401"), "{method} {path} does not document 401");
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{method} {path} does not document 404");
            }
            if op["requestBody"].is_object() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{method} {path} does not document {status}");
                }
            }
        }
    }
    // Schema names: every type deriving ToSchema in the workspace, under the name it is given.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut names: Vec<(String, String)> = vec![];
    for krate in std::fs::read_dir(&root).unwrap().flatten() {
        let mut dirs = vec![krate.path().join("src")];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|x| x != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let lines: Vec<&str> = text.lines().collect();
                for (i, line) in lines.iter().enumerate() {
                    if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                        continue;
                    }
                    let mut renamed = None;
                    for next in &lines[i + 1..] {
                        let t = next.trim_start();
                        if let Some(rest) = t.strip_prefix("#[schema(as = ") {
                            renamed = rest.split(')').next().map(str::to_owned);
                        } else if let Some(rest) = t.strip_prefix("pub struct ").or_else(|| t.strip_prefix("pub enum ")) {
                            let name = rest.split([' ', '<', '{', '(']).next().unwrap_or("").to_owned();
                            names.push((renamed.clone().unwrap_or(name), path.display().to_string()));
                            break;
                        } else if !t.starts_with("#[") && !t.starts_with("///") {
                            break;
                        }
                    }
                }
            }
        }
    }
    assert!(names.len() > 50, "found {} schema types", names.len());
    names.sort();
    for pair in names.windows(2) {
        assert_ne!(
            pair[0].0, pair[1].0,
            "two types are both called {} in the OpenAPI document: {} and {}",
            pair[0].0, pair[0].1, pair[1].1
        );
    }
}

#[tokio::test]
async fn health_endpoints() {
    let app = TestApp::new().await;
    assert_eq!(app.api("GET", "/healthz", None, None).await.status, StatusCode::OK);
    assert_eq!(app.api("GET", "/readyz", None, None).await.status, StatusCode::OK);
    let r = app.api("GET", "/assets/app.css", None, None).await;
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/css");
}

/// What a browser would post from a form page left as it is: every input's value and each
/// radio group's checked value.
fn form_as_shown(body: &str, csrf: String) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = vec![("csrf_token".into(), csrf)];
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[start..].split('"').next()?.to_owned())
    };
    for tag in body.split('<').filter(|t| t.starts_with("input")) {
        let (Some(name), value) = (attr(tag, "name"), attr(tag, "value").unwrap_or_default()) else { continue };
        let radio = tag.contains("type=\"radio\"");
        if name == "csrf_token" || (radio && !tag.contains("checked")) {
            continue;
        }
        form.push((name, value));
    }
    form
}

fn with_values(mut form: Vec<(String, String)>, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    for (k, v) in changes {
        form.retain(|(x, _)| x != k);
        form.push(((*k).to_owned(), (*v).to_owned()));
    }
    form
}

/// The settings page as an administrator meets it: saving nothing new makes no new version and
/// says so; mistakes are all reported at once, each naming its field, in the order of the page;
/// a new dated national amount is recorded from the page (LC-6).
#[tokio::test]
async fn settings_page_names_each_mistake_in_page_order_and_keeps_unchanged_saves_out_of_history() {
    let app = TestApp::new().await;
    let admin = app.token(Role::LaAdmin, LA).await;
    let (cookie, csrf) = app.session(Role::LaAdmin).await;
    let version = |s: &Value| s["version"].as_i64().unwrap();
    let before = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    let page = app.page("GET", "/settings", &cookie, None).await;
    assert!(page.body.contains("<h2 class=\"govuk-heading-m govuk-!-margin-top-8\">Child protection</h2>"), "sections have headings");
    assert!(!page.body.contains("Version "), "no version number on the page");
    let form = form_as_shown(&page.body, csrf);
    let post = |f: Vec<(String, String)>| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.page("POST", "/settings", &cookie, Some(&f)).await
        }
    };

    let r = post(form.clone()).await;
    assert_eq!((r.status, r.headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/settings?saved=unchanged"));
    let after = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(version(&after), version(&before), "an unchanged save is not a new version");
    let page = app.page("GET", "/settings?saved=unchanged", &cookie, None).await;
    assert!(page.body.contains("govuk-notification-banner--success") && page.body.contains("Nothing was changed"), "{}", page.body);

    // Three mistakes typed in the page's order as bottom, top, middle: all reported at once, in page order.
    let bad = with_values(
        form.clone(),
        &[("leaving_care.plan_review_months", "six"), ("brand_colour", "#ffffff"), ("caseload_caps.social_worker", "lots")],
    );
    let r = post(bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = r.body.split("govuk-error-summary__list").nth(1).unwrap().split("</ul>").next().unwrap().to_owned();
    let links: Vec<&str> = summary.split("href=\"#").skip(1).map(|l| l.split('"').next().unwrap()).collect();
    assert_eq!(links, ["brand_colour", "caseload_caps.social_worker", "leaving_care.plan_review_months"], "{summary}");
    assert!(summary.contains("Caseload cap: social workers: enter a whole number"), "{summary}");
    assert!(summary.contains("Months between pathway plan reviews: enter a whole number"), "{summary}");
    assert_eq!(version(&app.api("GET", "/api/v1/settings", Some(&admin), None).await.json()), version(&before), "nothing saved");

    // A new national setting-up-home allowance from 1 April 2027; half-filled, it is refused.
    let half = with_values(form.clone(), &[("new_minimum.amount", "3500")]);
    let r = post(half).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#new_minimum.kind\"") && r.body.contains("href=\"#new_minimum.from\""), "{}", r.body);
    let whole = with_values(
        form,
        &[
            ("new_minimum.kind", "setting_up_home"),
            ("new_minimum.amount", "3,500"),
            ("new_minimum.from_day", "1"),
            ("new_minimum.from_month", "4"),
            ("new_minimum.from_year", "2027"),
            ("leaving_care.setting_up_home", "3500"),
        ],
    );
    let r = post(whole).await;
    assert_eq!((r.status, r.headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/settings?saved=1"), "{}", r.body);
    let s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(version(&s), version(&before) + 1);
    let list = s["leaving_care"]["setting_up_home_minimum"].as_array().unwrap();
    assert_eq!(list.last().unwrap(), &json!({"from": "2027-04-01", "pence": 350_000}), "{list:?}");
    let page = app.page("GET", "/settings?saved=1", &cookie, None).await;
    assert!(page.body.contains("£3,500.00 from 1 April 2027"), "the page lists it");
}

/// The settings page round-trips every setting: what it shows, it saves.
#[tokio::test]
async fn settings_page_saves_every_field_including_child_protection_choices() {
    let app = TestApp::new().await;
    let (cookie, csrf) = app.session(Role::LaAdmin).await;
    let page = app.page("GET", "/settings", &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let mut form = form_as_shown(&page.body, csrf);
    for (k, v) in form.iter_mut() {
        if k == "child_protection.chair_model" {
            *v = "lcpp_chair".into();
        }
        if k == "child_protection.core_group_interval_wd" {
            *v = "25".into();
        }
    }
    form.push(("family_networks.kinship_local_offer".into(), "We support kinship carers.\n\nCall the family help service.".into()));
    let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.page("POST", "/settings", &cookie, Some(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let admin = app.token(Role::LaAdmin, LA).await;
    let s = app.api("GET", "/api/v1/settings", Some(&admin), None).await.json();
    assert_eq!(s["child_protection"]["chair_model"], "lcpp_chair");
    assert_eq!(s["child_protection"]["core_group_interval_wd"], 25);
    assert_eq!(s["family_help"]["oversight_interval_wd"], ff_domain::family_help::FamilyHelpSettings::default().oversight_interval_wd);
    let fnw = ff_domain::family_networks::FamilyNetworkSettings::default();
    assert_eq!(s["family_networks"]["approval_limit_lcpp_pence"], fnw.approval_limit_lcpp_pence, "pounds round-trip");
    assert_eq!(s["family_networks"]["plo_fgdm_duty_commenced"], true);
    // The local offer is published as paragraphs on the public page.
    let page = app.page("GET", &format!("/kinship-offer/{LA}"), "", None).await;
    assert!(page.body.contains("<p class=\"govuk-body\">Call the family help service.</p>"), "{}", page.body);
}

/// The menu stays on one row at 1280 px: a role with more pages than fit shows the first few,
/// finding a person, and "More", which opens the list of the others on the home page; "More" is
/// marked as where the user is on a page behind it.
#[tokio::test]
async fn a_long_menu_ends_in_more_and_the_home_page_lists_every_page() {
    let app = TestApp::new().await;
    let items = |body: &str| body.matches("<li class=\"govuk-service-navigation__item").count();
    let (manager, _) = app.session(Role::PracticeSupervisor).await;
    let home = app.page("GET", "/", &manager, None).await;
    assert!(home.body.contains("href=\"/#more-pages\""), "{}", home.body);
    assert!(home.body.contains("id=\"more-pages\"") && home.body.contains("<a class=\"govuk-link\" href=\"/workforce\">Workforce</a>"));
    // The list holds only the pages the menu leaves out.
    let list = &home.body[home.body.find("id=\"more-pages\"").unwrap()..];
    assert!(!list.contains("href=\"/places\"") && !list.contains("href=\"/people\""), "{list}");
    assert_eq!(home.body.matches("href=\"/workforce\"").count(), 1, "{}", home.body);
    assert!(items(&home.body) <= 9, "{} items", items(&home.body));
    let people = home.body.find("href=\"/people\">People</a>").unwrap();
    assert!(people < home.body.find("href=\"/#more-pages\"").unwrap(), "finding a person stays in the menu");
    let workforce = app.page("GET", "/workforce", &manager, None).await;
    assert!(workforce.body.contains("href=\"/#more-pages\" aria-current=\"page\">More</a>"), "{}", workforce.body);
    // A social worker's pages all fit: no "More".
    let (sw, _) = app.session(Role::SocialWorker).await;
    let home = app.page("GET", "/", &sw, None).await;
    assert!(
        !home.body.contains("href=\"/#more-pages\"")
            && !home.body.contains("More pages")
            && home.body.contains("href=\"/places\">Places</a>"),
        "{}",
        home.body
    );
}
