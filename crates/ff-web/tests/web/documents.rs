//! Documents kept with a child's record (D-1 to D-3): added through the API and
//! the page, their kind judged from their content, refused over the size limit, downloaded
//! exactly as sent (every download audited), withdrawn with a reason and never deleted, and kept
//! from partners when marked for council staff only.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, Resp, TestApp};

pub const PDF: &[u8] = b"%PDF-1.4\n% Families First test document\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

pub(super) fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "ffboundary7MA4YWxkTrZu0gW".to_owned();
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (boundary, body)
}

pub async fn upload(app: &TestApp, path: &str, auth: (&str, &str), fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Resp {
    let (boundary, body) = multipart(fields, file);
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header(auth.0, auth.1)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

async fn audit_count(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

#[tokio::test]
async fn documents_are_kept_exactly_downloaded_with_an_audit_and_withdrawn_never_deleted() {
    let app = TestApp::new().await;
    let (child, _, _) = super::child_protection::child_with_enquiry(&app, "Dee", Some("2016-02-02")).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let bearer = format!("Bearer {sw}");
    let auth = (header::AUTHORIZATION.as_str(), bearer.as_str());
    let url = format!("/api/v1/people/{child}/documents");
    let meta = [("category", "report"), ("title", "School report, autumn term"), ("document_date", "2026-11-13")];

    // D-1: a program named as a PDF is refused; so is an unknown category; nothing is stored.
    let r = upload(&app, &url, auth, &meta, Some(("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "file");
    let r = upload(&app, &url, auth, &[("category", "secret"), ("title", "")], Some(("a.pdf", PDF))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // D-2: over the limit (200 KB in tests) is a 413, read no further.
    let big = [PDF, &vec![b'x'; 300_000]].concat();
    let r = upload(&app, &url, auth, &meta, Some(("big.pdf", &big))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    let r = upload(&app, &url, auth, &meta, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no file");
    assert!(app.api("GET", &url, Some(&sw), None).await.json().as_array().unwrap().is_empty(), "nothing was kept");

    let r = upload(&app, &url, auth, &meta, Some(("C:\\Reports\\autumn.pdf", PDF))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let list = app.api("GET", &url, Some(&sw), None).await.json();
    let d = &list[0];
    assert_eq!((d["file_type_label"].as_str(), d["filename"].as_str()), (Some("PDF"), Some("autumn.pdf")));
    assert_eq!(d["size_bytes"], PDF.len());
    use sha2::Digest;
    assert_eq!(d["sha256"], hex::encode(sha2::Sha256::digest(PDF)));

    // Downloaded exactly as sent, as an attachment, and audited.
    let before = audit_count(&app).await;
    let r = app.api("GET", &format!("/api/v1/documents/{id}/content"), Some(&sw), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_bytes(), PDF);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(r.headers[header::CONTENT_DISPOSITION], "attachment; filename=\"autumn.pdf\"");
    assert_eq!(audit_count(&app).await, before + 1, "every download is audited");

    // In the chronology.
    let c = app.api("GET", &format!("/api/v1/people/{child}/chronology?group=document"), Some(&sw), None).await.json();
    assert_eq!(c["entries"][0]["title"], "Document added: School report, autumn term (report from another agency)");

    // D-3: withdrawn with a reason, kept, still downloadable, shown as withdrawn.
    let w = format!("/api/v1/documents/{id}/withdraw");
    let r = app.api("POST", &w, Some(&sw), Some(json!({"reason": " ", "version": 1}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    let r = app.api("POST", &w, Some(&fhp), Some(json!({"reason": "Wrong child", "version": 1}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only its adder or a manager: {}", r.body);
    let r = app.api("POST", &w, Some(&sw), Some(json!({"reason": "Attached to the wrong child", "version": 1}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &w, Some(&sw), Some(json!({"reason": "Again", "version": 1}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let d: Value = app.api("GET", &url, Some(&sw), None).await.json()[0].clone();
    assert_eq!(d["withdrawn_reason"], "Attached to the wrong child");
    assert_eq!(app.api("GET", &format!("/api/v1/documents/{id}/content"), Some(&sw), None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn documents_on_pages_and_kept_from_partners_when_council_only() {
    let app = TestApp::new().await;
    let (child, _, _) = super::child_protection::child_with_enquiry(&app, "Eve", Some("2015-05-05")).await;
    // The police partner's team works this case.
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let team =
        app.api("POST", "/api/v1/teams", Some(&mgr), Some(json!({"name": "Docs MACPT"}))).await.json()["id"].as_str().unwrap().to_owned();
    let police_id = super::family_help::user_id(&app, Role::PartnerAgency).await;
    app.api("POST", &format!("/api/v1/teams/{team}/members"), Some(&mgr), Some(json!({"user_id": police_id}))).await;
    let r = app
        .api("POST", &format!("/api/v1/teams/{team}/cases"), Some(&sw), Some(json!({"child_id": child, "from_date": "2026-01-05"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);

    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}/documents/new"), &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("enctype=\"multipart/form-data\"") && page.body.contains(&format!("csrf_token={csrf}")));
    let path = format!("/people/{child}/documents?csrf_token={csrf}");
    let auth = (header::COOKIE.as_str(), cookie.as_str());
    // A mistake names every problem and asks for the file again.
    let r = upload(&app, &path, auth, &[("category", "letter"), ("title", "")], Some(("letter.txt", b"Dear Ms Eve's mother"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Give the document a title") && r.body.contains("Choose the file again"));
    let fields = [("category", "letter"), ("title", "Letter to the family"), ("visibility", "council")];
    let r = upload(&app, &path, auth, &fields, Some(("letter.txt", b"Dear Ms Smith, we are writing about Eve."))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Without the CSRF token the upload is refused.
    let r = upload(&app, &format!("/people/{child}/documents"), auth, &fields, Some(("letter.txt", b"x"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Letter to the family") && show.body.contains("Withdraw"), "the adder may withdraw it");
    let police = app.token(Role::PartnerAgency, LA).await;
    let mine = app.api("GET", &format!("/api/v1/people/{child}/documents"), Some(&sw), None).await.json();
    let id = mine[0]["id"].as_str().unwrap().to_owned();
    assert!(app.api("GET", &format!("/api/v1/people/{child}/documents"), Some(&police), None).await.json().as_array().unwrap().is_empty());
    assert_eq!(app.api("GET", &format!("/api/v1/documents/{id}/content"), Some(&police), None).await.status, StatusCode::NOT_FOUND);
    let c = app.api("GET", &format!("/api/v1/people/{child}/chronology"), Some(&police), None).await.json();
    assert!(!c.to_string().contains("Letter to the family"), "{c}");
    // A shared document is the partners' to read until it is withdrawn; then it is the council's.
    let bearer = format!("Bearer {sw}");
    let r = upload(
        &app,
        &format!("/api/v1/people/{child}/documents"),
        (header::AUTHORIZATION.as_str(), bearer.as_str()),
        &[("category", "report"), ("title", "Shared report")],
        Some(("r.pdf", PDF)),
    )
    .await;
    let shared = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(app.api("GET", &format!("/api/v1/documents/{shared}/content"), Some(&police), None).await.status, StatusCode::OK);
    let r = app
        .api("POST", &format!("/api/v1/documents/{shared}/withdraw"), Some(&sw), Some(json!({"reason": "Wrong child", "version": 1})))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api("GET", &format!("/api/v1/documents/{shared}/content"), Some(&police), None).await.status, StatusCode::NOT_FOUND);
    assert!(app.api("GET", &format!("/api/v1/people/{child}/documents"), Some(&police), None).await.json().as_array().unwrap().is_empty());
    // A date that cannot be read names itself and the file to choose again, and stores nothing.
    let r = upload(
        &app,
        &path,
        auth,
        &[
            ("category", "letter"),
            ("title", "T"),
            ("document_date_day", "31"),
            ("document_date_month", "2"),
            ("document_date_year", "2026"),
        ],
        Some(("l.pdf", PDF)),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose the file again") && !r.body.contains("larger than"), "{}", r.body);
    // The download page sends the file as it came.
    let r = app.page("GET", &format!("/documents/{id}/download"), &cookie, None).await;
    assert_eq!(r.body, "Dear Ms Smith, we are writing about Eve.");
    assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
}

/// The family is given their child protection plan in plain words, as a PDF
/// kept with the child's documents.
#[tokio::test]
async fn the_family_is_given_their_plan_as_a_pdf() {
    use super::child_protection::initial_conference;
    let app = TestApp::new().await;
    let (child, _, s47) = super::child_protection::child_with_enquiry(&app, "Ivy", Some("2019-09-09")).await;
    let chair = app.token(Role::ConferenceChair, LA).await;
    let chair_id = super::family_help::user_id(&app, Role::ConferenceChair).await;
    let plan = initial_conference(&app, &chair, &chair_id, &child, &s47, "cp_plan_id").await;
    let lcpp = app.token(Role::Lcpp, LA).await;
    for (kind, text, owner) in
        [("outcome", "Ivy is safe at home every day", None), ("action", "Father to attend the parenting course", Some("Father"))]
    {
        let r = app
            .post(
                &format!("/api/v1/cp-plans/{plan}/items"),
                &lcpp,
                json!({"kind": kind, "description": text, "owner": owner, "due_on": "2026-03-01"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;
    assert_eq!(app.api("POST", &format!("/api/v1/cp-plans/{plan}/issue"), Some(&fhp), None).await.status, StatusCode::FORBIDDEN);
    let r = app.api("POST", &format!("/api/v1/cp-plans/{plan}/issue"), Some(&lcpp), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let pdf = pdf_text(&app.api("GET", &format!("/api/v1/documents/{id}/content"), Some(&lcpp), None).await.body);
    for words in [
        "Ivy's child protection plan",
        "What needs to change",
        "Ivy is safe at home every day",
        "Father to attend the parenting course. Who: Father. By 1 March 2026.",
        "that Ivy had been hurt",
    ] {
        assert!(pdf.contains(words), "{words}: {pdf}");
    }
    let docs = app.api("GET", &format!("/api/v1/people/{child}/documents"), Some(&lcpp), None).await.json();
    assert!(docs[0]["title"].as_str().unwrap().starts_with("Child protection plan given to the family"));
    let c = app.api("GET", &format!("/api/v1/people/{child}/chronology?group=document"), Some(&lcpp), None).await.json();
    assert_eq!(c["entries"].as_array().unwrap().len(), 1);
    // On the page: the button on the plan sends the reader to the PDF.
    let (cookie, csrf) = app.session(Role::Lcpp).await;
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Give the family this plan (PDF)"));
    let r = app.page("POST", &format!("/cp-plans/{plan}/issue"), &cookie, Some(&[("csrf_token", csrf.as_str())])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

/// The text a PDF shows, line by line: literal strings as they are, hex strings (used for text
/// outside ASCII) decoded as the base fonts' encoding.
pub fn pdf_text(pdf: &str) -> String {
    pdf.lines()
        .filter_map(|l| l.strip_suffix(" Tj"))
        .map(|s| {
            if let Some(hex) = s.strip_prefix('<').and_then(|h| h.strip_suffix('>')) {
                (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).map(|b| b as char).collect()
            } else {
                s.trim_start_matches('(').trim_end_matches(')').replace("\\\\", "\\")
            }
        })
        .collect::<Vec<String>>()
        .join("\n")
}

/// Documents' files in an S3-compatible object store. A stand-in store checks
/// every request's AWS Signature Version 4 and keeps the objects; the file goes there (not into
/// the database) and comes back exactly, through the same API.
#[tokio::test]
async fn documents_can_be_kept_in_an_s3_compatible_object_store() {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use axum::extract::State;
    use axum::http::{HeaderMap, Method, Uri};
    use ff_store::object_store::{Credentials, S3Store, Signing, authorization};

    type Objects = Arc<Mutex<HashMap<String, Vec<u8>>>>;
    async fn object_store(
        State(objects): State<Objects>,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: axum::body::Bytes,
    ) -> (StatusCode, Vec<u8>) {
        let h = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let payload = h("x-amz-content-sha256");
        let signed = [("host", h("host")), ("x-amz-content-sha256", payload.clone()), ("x-amz-date", h("x-amz-date"))];
        let now = chrono::NaiveDateTime::parse_from_str(&h("x-amz-date"), "%Y%m%dT%H%M%SZ").map(|t| t.and_utc());
        let creds = Credentials { access_key_id: "FFTESTKEY", secret_access_key: "ff-test-secret", region: "eu-west-2" };
        let expected = now.map(|now| {
            authorization(
                &Signing { method: method.as_str(), path: uri.path(), query: "", headers: &signed, payload_sha256: &payload },
                &creds,
                now,
            )
        });
        if expected.ok() != Some(h("authorization")) {
            return (StatusCode::FORBIDDEN, b"SignatureDoesNotMatch".to_vec());
        }
        let mut objects = objects.lock().unwrap();
        match method {
            Method::PUT => {
                objects.insert(uri.path().to_owned(), body.to_vec());
                (StatusCode::OK, vec![])
            }
            _ => match objects.get(uri.path()) {
                Some(b) => (StatusCode::OK, b.clone()),
                None => (StatusCode::NOT_FOUND, vec![]),
            },
        }
    }
    let objects: Objects = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let store = axum::Router::new().fallback(object_store).with_state(objects.clone());
    tokio::spawn(async move { axum::serve(listener, store).await.unwrap() });

    let s3 = S3Store::new(&format!("http://{addr}"), "council-documents", "ff/", "eu-west-2", "FFTESTKEY", "ff-test-secret").unwrap();
    let app = TestApp::with_documents(ff_service::documents::DocumentConfig { max_bytes: 200_000, directory: None, s3: Some(s3) }).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let child = super::family_help::make_child(&app, &sw, "Sam", "2015-05-05").await;
    let bearer = format!("Bearer {sw}");
    let r = upload(
        &app,
        &format!("/api/v1/people/{child}/documents"),
        (header::AUTHORIZATION.as_str(), bearer.as_str()),
        &[("category", "report"), ("title", "School report")],
        Some(("report.pdf", PDF)),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let key = format!("/council-documents/ff/{LA}/{id}");
    assert_eq!(objects.lock().unwrap().get(&key).map(Vec::as_slice), Some(PDF), "the file is in the object store under its id");
    let mut tx = app.db.db.begin().await.unwrap();
    assert_eq!(ff_store::documents::content(&mut tx, LA, id.parse().unwrap()).await.unwrap(), None, "and not in the database");
    drop(tx);
    let r = app.api("GET", &format!("/api/v1/documents/{id}/content"), Some(&sw), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_bytes(), PDF, "downloaded exactly as sent");
    // A store that has lost the file is never answered with something else.
    objects.lock().unwrap().clear();
    assert_eq!(app.api("GET", &format!("/api/v1/documents/{id}/content"), Some(&sw), None).await.status, StatusCode::INTERNAL_SERVER_ERROR);
}
