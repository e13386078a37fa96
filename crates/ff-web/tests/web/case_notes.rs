//! Case notes and the chronology: typed notes with their versions, who
//! may change and read them (N-2, N-5), supervision's decisions (N-3), and the chronology's
//! filters, page and CSV. The clock is fixed at 23 November 2026, 10:00 in London.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::child_protection::{child_with_enquiry, post_form};
use super::{LA, TestApp};

/// A child whose case the police partner's multi-agency team works.
async fn child_on_team_case(app: &TestApp) -> String {
    let (child, _, _) = child_with_enquiry(app, "Nia", Some("2018-04-04")).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let r = app.api("POST", "/api/v1/teams", Some(&mgr), Some(json!({"name": "East MACPT"}))).await;
    let team = r.json()["id"].as_str().unwrap().to_owned();
    let police_id = super::family_help::user_id(app, Role::PartnerAgency).await;
    let r = app.api("POST", &format!("/api/v1/teams/{team}/members"), Some(&mgr), Some(json!({"user_id": police_id}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app
        .api("POST", &format!("/api/v1/teams/{team}/cases"), Some(&sw), Some(json!({"child_id": child, "from_date": "2026-01-05"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    child
}

fn home_visit() -> Value {
    json!({
        "kind": "home_visit", "occurred_on": "2026-11-20", "occurred_time": "4.30pm",
        "people_present": "Nia, her mother and her grandmother",
        "note": "Kitchen clean, food in the fridge. Mother calm.",
        "child_voice": "I like it when Nan picks me up from school",
        "significant": true
    })
}

fn entries(c: &Value) -> &Vec<Value> {
    c["entries"].as_array().unwrap()
}

#[tokio::test]
async fn a_typed_note_is_versioned_and_only_its_writer_changes_it() {
    let app = TestApp::new().await;
    let child = child_on_team_case(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let fhp = app.token(Role::FamilyHelpPractitioner, LA).await;

    let r = app.api("POST", &format!("/api/v1/people/{child}/notes"), Some(&sw), Some(home_visit())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let url = format!("/api/v1/notes/{id}");
    let d = app.api("GET", &url, Some(&sw), None).await.json();
    assert_eq!(d["note"]["kind_label"], "Home visit");
    assert_eq!(d["note"]["occurred_time"], "16:30:00", "2.30pm-style times are read");
    assert_eq!(d["note"]["source_type"], "professional_observation", "a visit is the writer's own observation");
    assert_eq!(d["note"]["visibility"], "partners");
    assert_eq!(d["note"]["version"], 1);
    assert_eq!(d["can_edit"], true);
    assert!(d["versions"].as_array().unwrap().is_empty());

    // N-5: a colleague cannot change it (403), and nothing changes.
    let mut changed = home_visit();
    changed["note"] = json!("Kitchen clean, food in the fridge. Mother calm. Nan there too.");
    changed["version"] = json!(1);
    let r = app.api("PUT", &url, Some(&fhp), Some(changed.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(app.api("GET", &url, Some(&fhp), None).await.json()["can_edit"], false);

    // The writer changes it; a second change from the same stale copy is a 409.
    let r = app.api("PUT", &url, Some(&sw), Some(changed.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("PUT", &url, Some(&sw), Some(changed.clone())).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // Bad input is a 422 and changes nothing.
    let mut bad = changed.clone();
    bad["version"] = json!(2);
    bad["occurred_on"] = json!("2026-11-24");
    bad["note"] = json!("  ");
    let r = app.api("PUT", &url, Some(&sw), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let body = r.json();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"occurred_on") && fields.contains(&"note"), "{fields:?}");

    let d = app.api("GET", &url, Some(&sw), None).await.json();
    assert_eq!(d["note"]["version"], 2);
    assert_eq!(d["note"]["note"], "Kitchen clean, food in the fridge. Mother calm. Nan there too.");
    let versions = d["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1, "{d}");
    assert_eq!(versions[0]["version"], 1);
    assert_eq!(versions[0]["note"], "Kitchen clean, food in the fridge. Mother calm.", "the words it replaced are kept");

    // The chronology shows the note as it is now, flagged, with its time and a link to it.
    let c = app.api("GET", &format!("/api/v1/people/{child}/chronology"), Some(&sw), None).await.json();
    let e = entries(&c).iter().find(|e| e["note_id"] == json!(id)).unwrap();
    assert_eq!(e["title"], "Home visit at 16:30");
    assert_eq!(e["significant"], true);
    let detail = e["detail"].as_str().unwrap();
    assert!(detail.contains("Nan there too") && detail.contains("I like it when Nan picks me up"), "{detail}");
    assert_eq!(e["recorded_by"], "Test Social worker");
}

#[tokio::test]
async fn supervision_records_a_decision_and_is_never_shared_with_partners() {
    let app = TestApp::new().await;
    let child = child_on_team_case(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let police = app.token(Role::PartnerAgency, LA).await;
    let notes = format!("/api/v1/people/{child}/notes");

    // N-3: supervision says what was decided.
    let supervision =
        json!({"kind": "supervision", "occurred_on": "2026-11-19", "note": "Reviewed the plan with the lead.", "visibility": "partners"});
    let r = app.api("POST", &notes, Some(&mgr), Some(supervision.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "decisions");
    // Supervision is a supervisor's record (R-FH-1): a social worker may not write one.
    let mut decided = supervision.clone();
    decided["decisions"] = json!("Carry on with the plan; ask what would make things worse");
    decided["actions"] = json!("Lead to visit weekly until review");
    assert_eq!(app.api("POST", &notes, Some(&sw), Some(decided.clone())).await.status, StatusCode::FORBIDDEN);
    let r = app.api("POST", &notes, Some(&mgr), Some(decided)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let supervision_id = r.json()["id"].as_str().unwrap().to_owned();
    // N-2: kept to the council whatever was asked for.
    assert_eq!(app.api("GET", &format!("/api/v1/notes/{supervision_id}"), Some(&mgr), None).await.json()["note"]["visibility"], "council");

    // A council-only visit note, a shared one, and the police's own entry.
    let mut private = home_visit();
    private["visibility"] = json!("council");
    private["note"] = json!("Mother disclosed her own health condition in confidence.");
    let private_id = app.api("POST", &notes, Some(&sw), Some(private)).await.json()["id"].as_str().unwrap().to_owned();
    let shared_id = app.api("POST", &notes, Some(&sw), Some(home_visit())).await.json()["id"].as_str().unwrap().to_owned();
    let police_note = app
        .created(
            &notes,
            &police,
            json!({"occurred_on": "2026-11-18", "source_type": "agency_record", "note": "No call-outs this month."}),
            "id",
        )
        .await;
    // N-2: partners write no supervision.
    let r = app.post(&notes, &police, json!({"kind": "supervision", "occurred_on": "2026-11-18", "note": "x", "decisions": "y"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    let ids = |c: &Value| entries(c).iter().filter_map(|e| e["note_id"].as_str().map(str::to_owned)).collect::<Vec<_>>();
    let council_view = app.api("GET", &format!("/api/v1/people/{child}/chronology"), Some(&sw), None).await.json();
    for id in [&supervision_id, &private_id, &shared_id, &police_note] {
        assert!(ids(&council_view).contains(id), "council staff read every note");
    }
    let police_view = app.api("GET", &format!("/api/v1/people/{child}/chronology"), Some(&police), None).await.json();
    assert!(ids(&police_view).contains(&shared_id) && ids(&police_view).contains(&police_note), "{police_view}");
    assert!(!ids(&police_view).contains(&supervision_id) && !ids(&police_view).contains(&private_id), "{police_view}");
    // The conference report and the child protection record hold the same notes as the chronology.
    let report = app.api("GET", &format!("/api/v1/people/{child}/conference-report"), Some(&police), None).await.json();
    assert!(!report.to_string().contains("in confidence") && !report.to_string().contains("Reviewed the plan"));
    let cp = app.api("GET", &format!("/api/v1/people/{child}/child-protection"), Some(&police), None).await.json();
    assert!(!cp.to_string().contains("in confidence"));
    // A note kept from a partner is not found, not forbidden (its existence is not confirmed).
    for id in [&supervision_id, &private_id] {
        assert_eq!(app.api("GET", &format!("/api/v1/notes/{id}"), Some(&police), None).await.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(app.api("GET", &format!("/api/v1/notes/{shared_id}"), Some(&police), None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_chronology_filters_prints_and_downloads() {
    let app = TestApp::new().await;
    let child = child_on_team_case(&app).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let notes = format!("/api/v1/people/{child}/notes");
    let r = app.api("POST", &notes, Some(&sw), Some(home_visit())).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let call = json!({"kind": "phone_call", "occurred_on": "2026-11-21", "note": "=HYPERLINK(\"http://x\") school says attendance 82%"});
    assert_eq!(app.api("POST", &notes, Some(&sw), Some(call)).await.status, StatusCode::CREATED);

    let url = format!("/api/v1/people/{child}/chronology");
    let all = app.api("GET", &url, Some(&sw), None).await.json();
    let total = all["total"].as_u64().unwrap();
    assert_eq!(entries(&all).len() as u64, total);
    assert!(total > 5, "the enquiry's history is there too: {all}");
    // Newest first.
    let dates: Vec<&str> = entries(&all).iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    let notes_only = app.api("GET", &format!("{url}?group=note"), Some(&sw), None).await.json();
    assert_eq!(entries(&notes_only).len(), 2);
    assert_eq!(notes_only["total"], total, "the total is the whole chronology");
    let significant = app.api("GET", &format!("{url}?significant=true"), Some(&sw), None).await.json();
    assert!(entries(&significant).iter().all(|e| e["significant"] == true));
    assert!(entries(&significant).iter().any(|e| e["kind"] == "strategy"), "a strategy discussion is significant: {significant}");
    assert!(entries(&significant).iter().any(|e| e["title"] == "Home visit at 16:30"));
    let window = app.api("GET", &format!("{url}?from=2026-11-21&to=2026-11-21"), Some(&sw), None).await.json();
    assert_eq!(entries(&window).len(), 1, "{window}");
    assert_eq!(entries(&window)[0]["title"], "Phone or video call");
    let police_only = app.api("GET", &format!("{url}?source=Police"), Some(&sw), None).await.json();
    assert!(entries(&police_only).iter().all(|e| e["source"] == "Police"));
    // Bad filters are specific 4xx.
    let r = app.api("GET", &format!("{url}?group=everything"), Some(&sw), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.api("GET", &format!("{url}?from=2026-11-22&to=2026-11-01"), Some(&sw), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["errors"][0]["field"], "to");
    let r = app.api("GET", &format!("{url}?from=yesterday"), Some(&sw), None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    // The page: filters, a link to each note, the CSV of what is shown.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let page = app.page("GET", &format!("/people/{child}/chronology?group=note&significant=yes"), &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Home visit at 16:30") && !page.body.contains("Phone or video call"), "{}", page.body);
    assert!(page.body.contains("chronology.csv?group=note&#38;significant=yes"), "the download keeps the filters: {}", page.body);
    let bad = app.page("GET", &format!("/people/{child}/chronology?from=2026-13-01"), &cookie, None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Enter a real date"));
    let csv = app.page("GET", &format!("/people/{child}/chronology.csv?group=note"), &cookie, None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[axum::http::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "date,time,kind,significant,what_happened,detail,source,recorded_by");
    // One record per entry (a note's parts are on lines of their own inside its quoted cell).
    assert_eq!(csv.body.matches("\n\"20").count(), 2, "{}", csv.body);
    assert!(lines[1].contains("\"'=HYPERLINK"), "a formula typed into a note cannot run in a spreadsheet: {}", lines[1]);
    // Issued for court: a PDF of the entries kept, oldest first, kept with the
    // child's documents as the copy issued, for council staff only.
    let r = app.api("POST", &format!("/api/v1/people/{child}/chronology/issue?group=note"), Some(&sw), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let doc = r.json()["id"].as_str().unwrap().to_owned();
    let pdf = app.api("GET", &format!("/api/v1/documents/{doc}/content"), Some(&sw), None).await;
    assert_eq!(pdf.headers[axum::http::header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.body.starts_with("%PDF-") && pdf.body.contains("(Chronology: Nia Family) Tj") && pdf.body.contains("OFFICIAL-SENSITIVE"));
    let (call, visit) = (
        pdf.body.find("(Phone or video call) Tj").unwrap(),
        pdf.body
            .find("(Home visit at 16:30 \\(significant\\)) Tj")
            .or_else(|| pdf.body.find("(Home visit at 16:30 (significant)) Tj"))
            .unwrap(),
    );
    assert!(visit < call, "oldest first");
    let docs = app.api("GET", &format!("/api/v1/people/{child}/documents"), Some(&sw), None).await.json();
    assert_eq!((docs[0]["category"].as_str(), docs[0]["visibility"].as_str()), (Some("court"), Some("council")));
    let issued = app
        .page("POST", &format!("/people/{child}/chronology/issue"), &cookie, Some(&[("csrf_token", csrf.as_str()), ("group", "note")]))
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER);
    assert!(issued.headers[axum::http::header::LOCATION].to_str().unwrap().ends_with("/download"));
    // The child's page shows the latest entries, the significant ones, and links to the rest.
    let show = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(show.body.contains("Recent significant events") && show.body.contains(&format!("/people/{child}/chronology")));
}

#[tokio::test]
async fn notes_are_written_and_changed_on_pages() {
    let app = TestApp::new().await;
    let child = child_on_team_case(&app).await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let form = app.page("GET", &format!("/people/{child}/notes?child={child}"), &cookie, None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Home visit") && !form.body.contains("value=\"supervision\""), "a social worker is not offered supervision");
    let fields = |note: &'static str| {
        vec![
            ("csrf_token", csrf.clone()),
            ("kind", "office_visit".to_owned()),
            ("occurred_on_day", "22".to_owned()),
            ("occurred_on_month", "11".to_owned()),
            ("occurred_on_year", "2026".to_owned()),
            ("occurred_time", "09:15".to_owned()),
            ("note", note.to_owned()),
            ("child_voice", "School is OK".to_owned()),
            ("visibility", "partners".to_owned()),
        ]
    };
    // A refused note keeps what was typed and names the problem.
    let r = post_form(&app, &format!("/people/{child}/notes"), &cookie, &fields("")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Write the note") && r.body.contains("School is OK"));
    let r = post_form(&app, &format!("/people/{child}/notes"), &cookie, &fields("Met Nia at school with her teacher.")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let sw = app.token(Role::SocialWorker, LA).await;
    let c = app.api("GET", &format!("/api/v1/people/{child}/chronology?group=note"), Some(&sw), None).await.json();
    let id = entries(&c)[0]["note_id"].as_str().unwrap().to_owned();
    assert_eq!(entries(&c)[0]["title"], "Office, school or clinic visit at 09:15");

    let show = app.page("GET", &format!("/notes/{id}"), &cookie, None).await;
    assert_eq!(show.status, StatusCode::OK);
    assert!(show.body.contains("Change this note") && show.body.contains("School is OK"));
    let edit = app.page("GET", &format!("/notes/{id}/edit"), &cookie, None).await;
    assert!(edit.body.contains("Met Nia at school with her teacher."), "the form holds the note as it is");
    let mut v = fields("Met Nia at school with her teacher and the SENCo.");
    v.push(("version", "1".to_owned()));
    let r = post_form(&app, &format!("/notes/{id}/edit"), &cookie, &v).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = app.page("GET", &format!("/notes/{id}?saved=1"), &cookie, None).await;
    assert!(show.body.contains("and the SENCo") && show.body.contains("Earlier versions") && show.body.contains("with her teacher."));
    // The same stale form again: refused, and the page says why.
    let r = post_form(&app, &format!("/notes/{id}/edit"), &cookie, &v).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Someone else changed this note"));
    // Someone else may read it but gets no change link, and the change form is refused.
    let (other, _) = app.session(Role::FamilyHelpPractitioner).await;
    let show = app.page("GET", &format!("/notes/{id}"), &other, None).await;
    assert_eq!(show.status, StatusCode::OK);
    assert!(!show.body.contains("Change this note"));
    assert_eq!(app.page("GET", &format!("/notes/{id}/edit"), &other, None).await.status, StatusCode::FORBIDDEN);
}

/// R-FH-1: a supervisor's supervision note on the child restarts the oversight clock, on the
/// child's record and in the work tray alike; a note from before the referral does not.
#[tokio::test]
async fn supervision_notes_restart_the_oversight_clock() {
    use super::family_help::{make_child, open_for_assessment, user_id};
    let app = TestApp::new().await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let child = make_child(&app, &sw, "Ivo", "2016-03-03").await;
    let (ep, _) = open_for_assessment(&app, &sw, &child, Some("2026-10-01T09:00:00Z")).await;
    let (fhp, overseer) = (user_id(&app, Role::FamilyHelpPractitioner).await, user_id(&app, Role::PracticeSupervisor).await);
    let r = app
        .post(
            &format!("/api/v1/episodes/{ep}/allocation"),
            &mgr,
            json!({"lead_id": fhp, "overseer_id": overseer, "from_date": "2026-10-01", "version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let oversight_due =
        |rec: &Value| rec["episodes"][0]["due"].as_array().unwrap().iter().find(|d| d["kind"] == "oversight").cloned().unwrap_or_default();
    let before = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&mgr), None).await.json();
    let before = oversight_due(&before);
    assert!(before["last_done"].is_null(), "no oversight yet: {before}");

    let supervision = |on: &str| json!({"kind": "supervision", "occurred_on": on, "note": "Case discussed", "decisions": "Carry on"});
    let notes = format!("/api/v1/people/{child}/notes");
    assert_eq!(app.api("POST", &notes, Some(&mgr), Some(supervision("2026-09-20"))).await.status, StatusCode::CREATED);
    let rec = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&mgr), None).await.json();
    assert!(oversight_due(&rec)["last_done"].is_null(), "supervision before the referral is not this episode's oversight");
    assert_eq!(app.api("POST", &notes, Some(&mgr), Some(supervision("2026-11-16"))).await.status, StatusCode::CREATED);
    let rec = app.api("GET", &format!("/api/v1/people/{child}/family-help"), Some(&mgr), None).await.json();
    let after = oversight_due(&rec);
    assert_eq!(after["last_done"], "2026-11-16", "{after}");
    assert!(after["due"].as_str().unwrap() > before["due"].as_str().unwrap());
    // Supervision is found under oversight in the chronology.
    let c = app.api("GET", &format!("/api/v1/people/{child}/chronology?group=oversight"), Some(&mgr), None).await.json();
    assert_eq!(entries(&c).iter().filter(|e| e["note_kind"] == "supervision").count(), 2, "{c}");
    // The work tray agrees with the record.
    let tray = app.api("GET", "/api/v1/work-tray", Some(&mgr), None).await.json();
    let item = tray.to_string();
    let items: Vec<Value> = ["mine", "team"].iter().flat_map(|k| tray[k].as_array().cloned().unwrap_or_default()).collect();
    let due = items.iter().find(|i| i["kind"] == "oversight" && i["child_id"] == json!(child)).cloned().unwrap_or_default();
    assert_eq!(due["due"], after["due"], "{item}");

    // On the page, a kind left unchosen is a mistake, not an agency's entry.
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    let form = vec![
        ("csrf_token", csrf),
        ("occurred_on_day", "20".to_owned()),
        ("occurred_on_month", "11".to_owned()),
        ("occurred_on_year", "2026".to_owned()),
        ("note", "Spoke to the school".to_owned()),
    ];
    let r = post_form(&app, &format!("/people/{child}/notes"), &cookie, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose what kind of note this is"));
}
