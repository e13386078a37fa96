//! Professional disagreements (F6, MASA-SYS-7; ESC-1..4): the police officer on a child's
//! multi-agency team raises one, it moves up a stage and is resolved through the API; a social
//! worker does the same through the pages; stale versions are 409s (a form's field error on the
//! pages), refusals change nothing, and the business manager sees counts only. The clock is fixed
//! at Monday 23 November 2026, 10:00 in London.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::child_protection::child_with_enquiry;
use super::{LA, TestApp};

/// A child whose case the police partner's multi-agency team works.
async fn child_on_team_case(app: &TestApp) -> String {
    let (child, _, _) = child_with_enquiry(app, "Nia", Some("2018-04-04")).await;
    let mgr = app.token(Role::PracticeSupervisor, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let team = app.created("/api/v1/teams", &mgr, json!({"name": "East MACPT"}), "id").await;
    let police_id = super::family_help::user_id(app, Role::PartnerAgency).await;
    let r = app.api("POST", &format!("/api/v1/teams/{team}/members"), Some(&mgr), Some(json!({"user_id": police_id}))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app
        .api("POST", &format!("/api/v1/teams/{team}/cases"), Some(&sw), Some(json!({"child_id": child, "from_date": "2026-01-05"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    child
}

fn raise(on: &str) -> Value {
    json!({"about": "step_down", "detail": "The plan is ending while the father's return home is not assessed",
        "with_agency": "childrens_social_care", "with_team": "Family Help East", "raised_on": on})
}

async fn disagreements(app: &TestApp, child: &str, t: &str) -> Vec<Value> {
    let r = app.api("GET", &format!("/api/v1/people/{child}/disagreements"), Some(t), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json().as_array().unwrap().clone()
}

#[tokio::test]
async fn a_disagreement_is_raised_moves_up_and_is_resolved_through_the_api() {
    let app = TestApp::new().await;
    let child = child_on_team_case(&app).await;
    let police = app.token(Role::PartnerAgency, LA).await;
    let sw = app.token(Role::SocialWorker, LA).await;
    let bm = app.token(Role::PartnershipManager, LA).await;

    // Refusals change nothing: the business manager does not raise one (counts only), the police
    // officer not on a child their team does not work, and a mistake is every field's at once.
    let r = app.api("POST", &format!("/api/v1/people/{child}/disagreements"), Some(&bm), Some(raise("2026-11-02"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let other = super::family_help::make_child(&app, &sw, "Other", "2015-01-01").await;
    let r = app.api("POST", &format!("/api/v1/people/{other}/disagreements"), Some(&police), Some(raise("2026-11-02"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let bad = json!({"about": "mood", "detail": " ", "with_agency": "council", "raised_on": "2026-11-24"});
    let r = app.api("POST", &format!("/api/v1/people/{child}/disagreements"), Some(&police), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for f in ["about", "detail", "with_agency", "raised_on"] {
        assert!(r.body.contains(&format!("\"{f}\"")), "{f}: {}", r.body);
    }
    assert!(disagreements(&app, &child, &sw).await.is_empty());

    // The police raise it on Monday 2 November, as the police.
    let id = app.created(&format!("/api/v1/people/{child}/disagreements"), &police, raise("2026-11-02"), "id").await;
    let d = &disagreements(&app, &child, &police).await[0];
    assert_eq!(
        (d["raising_agency"].as_str(), d["stage"].as_str(), d["stage_number"].as_u64()),
        (Some("police"), Some("practitioners"), Some(1))
    );
    assert_eq!(d["response_due"], "2026-11-09", "5 working days at stage 1");
    assert_eq!(d["overdue"], true);

    // Moved up to the managers on 10 November: due 17 November, overdue today.
    let up = json!({"version": 1, "escalated_on": "2026-11-10", "reason": "No reply from the team"});
    let r = app.api("POST", &format!("/api/v1/disagreements/{id}/escalate"), Some(&police), Some(up.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // The same again at the version read before: someone saved first.
    let r = app.api("POST", &format!("/api/v1/disagreements/{id}/escalate"), Some(&sw), Some(up)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let d = &disagreements(&app, &child, &sw).await[0];
    assert_eq!((d["stage"].as_str(), d["version"].as_i64(), d["response_due"].as_str()), (Some("managers"), Some(2), Some("2026-11-17")));
    assert_eq!(d["stage_reason"], "No reply from the team");

    // The business manager's counts: one open at stage 2, raised by the police, overdue; no child.
    let c = app.api("GET", "/api/v1/partnership/disagreements", Some(&bm), None).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let c = c.json();
    assert_eq!((c["open"].as_u64(), c["overdue"].as_u64()), (Some(1), Some(1)), "{c}");
    assert_eq!(c["stages"][1]["agencies"][0]["agency"], "police", "{c}");
    assert_eq!(c["stages"][1]["agencies"][0]["overdue"], 1, "{c}");
    assert!(!c.to_string().contains("Nia") && !c.to_string().contains(&child), "counts only: {c}");
    assert_eq!(app.api("GET", "/api/v1/partnership/disagreements", Some(&police), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api("GET", &format!("/api/v1/people/{child}/disagreements"), Some(&bm), None).await.status, StatusCode::FORBIDDEN);

    // Resolved: an unknown outcome is refused; then resolved once; a second time is refused.
    let done = |outcome: &str, version: i32| json!({"version": version, "resolved_on": "2026-11-23", "outcome": outcome, "agreed": "The plan stays open until the father is assessed"});
    let r = app.api("POST", &format!("/api/v1/disagreements/{id}/resolve"), Some(&sw), Some(done("shrug", 2))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/disagreements/{id}/resolve"), Some(&sw), Some(done("decision_changed", 2))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/disagreements/{id}/resolve"), Some(&sw), Some(done("agreed", 3))).await;
    assert_eq!((r.status, r.json()["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ESC-3")), "{}", r.body);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/disagreements/{id}/escalate"),
            Some(&sw),
            Some(json!({"version": 3, "escalated_on": "2026-11-23", "reason": "x"})),
        )
        .await;
    assert_eq!((r.status, r.json()["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ESC-2")), "{}", r.body);
    let d = &disagreements(&app, &child, &sw).await[0];
    assert_eq!((d["outcome"].as_str(), d["response_due"].is_null(), d["overdue"].as_bool()), (Some("decision_changed"), true, Some(false)));

    // The chronology: raised by the police, moved up, resolved.
    let chron = app.api("GET", &format!("/api/v1/people/{child}/chronology?group=disagreement"), Some(&sw), None).await.json();
    let titles: Vec<&str> = chron["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Disagreement raised with children's social care")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Disagreement moved up to stage 2")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Disagreement resolved: the decision was changed")), "{titles:?}");
    let raised = chron["entries"].as_array().unwrap().iter().find(|e| e["title"].as_str().unwrap().contains("raised")).unwrap();
    assert_eq!(raised["source"], "Police", "{raised}");
}

#[tokio::test]
async fn a_social_worker_raises_moves_up_and_resolves_one_on_the_pages() {
    let app = TestApp::new().await;
    let child = child_on_team_case(&app).await;
    let (cookie, csrf) = app.session(Role::SocialWorker).await;
    // The form, without JavaScript: a mistake shows in the error summary with what was typed.
    let path = format!("/people/{child}/disagreements?child={child}");
    let r = app.page("GET", &path, &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Raise a disagreement about a decision") && r.body.contains("raised_on_day"), "{}", r.body);
    let mut form = vec![
        ("about", "conference"),
        ("detail", "The conference ended the plan without the school's report"),
        ("with_agency", "childrens_social_care"),
        ("with_team", "Conference service"),
        ("raised_on_day", "2"),
        ("raised_on_month", "11"),
        ("raised_on_year", "2026"),
        ("csrf_token", csrf.as_str()),
    ];
    form[1].1 = " ";
    let r = app.submit(&path, &cookie, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("govuk-error-summary") && r.body.contains("href=\"#detail\""), "{}", r.body);
    form[1].1 = "The conference ended the plan without the school's report";
    let r = app.submit(&path, &cookie, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let sw = app.token(Role::SocialWorker, LA).await;
    let d = disagreements(&app, &child, &sw).await[0].clone();
    let id = d["id"].as_str().unwrap().to_owned();
    assert_eq!(d["raising_agency"], "childrens_social_care");

    // Overdue (due 9 November): in the raiser's work tray, and on the child's page.
    let tray = app.api("GET", "/api/v1/work-tray", Some(&sw), None).await.json();
    let labels: Vec<String> = tray["mine"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_owned()).collect();
    assert!(labels.iter().any(|l| l.starts_with("A disagreement with children's social care is waiting for a response")), "{labels:?}");
    let page = app.page("GET", &format!("/people/{child}"), &cookie, None).await;
    assert!(
        page.body.contains("Professional disagreements")
            && page.body.contains("Overdue")
            && page.body.contains("Stage 1: practitioner to practitioner"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("ESC-"), "no rule ids on the page");

    // Move it up; then the same form again at the old version: someone saved first, said on the form.
    let up = format!("/disagreements/{id}/escalate?child={child}");
    let r = app.page("GET", &up, &cookie, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let up_form = [
        ("version", "1"),
        ("escalated_on_day", "12"),
        ("escalated_on_month", "11"),
        ("escalated_on_year", "2026"),
        ("reason", "The chair did not reply"),
        ("csrf_token", csrf.as_str()),
    ];
    let r = app.submit(&up, &cookie, &up_form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.submit(&up, &cookie, &up_form).await;
    assert!(r.status.is_client_error() && r.body.contains("Someone else changed this disagreement"), "{} {}", r.status, r.body);

    // Resolved on its page.
    let res = format!("/disagreements/{id}/resolve?child={child}");
    let r = app
        .submit(
            &res,
            &cookie,
            &[
                ("version", "2"),
                ("resolved_on_day", "20"),
                ("resolved_on_month", "11"),
                ("resolved_on_year", "2026"),
                ("outcome", "agreed"),
                ("agreed", "An early review conference with the school's report"),
                ("csrf_token", csrf.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.page("GET", &format!("/people/{child}?saved=disagreement_resolved"), &cookie, None).await;
    assert!(page.body.contains("Resolved") && page.body.contains("agreed a way forward together"), "{}", page.body);

    // The business manager's page: counts by stage and agency, no child.
    let (bm, _) = app.session(Role::PartnershipManager).await;
    let r = app.page("GET", "/partnership/disagreements", &bm, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Stage 2: managers")
            && (r.body.contains("Children&#39;s social care") || r.body.contains("Children's social care")),
        "{}",
        r.body
    );
    assert!(!r.body.contains("Nia"), "{}", r.body);
}
