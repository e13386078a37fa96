//! The access matrix: every route, every role, allowed or refused. The expected table below is
//! written from the issue's role descriptions, independently of `ff_domain::policy`.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

use Role::*;

mod api_cases;
use api_cases::api_cases;

const ALL: &[Role] = Role::ALL;
/// A child's record: case readers. A personal adviser reads only the young people allocated to
/// them, so not the matrix's child.
const READ_RECORDS: &[Role] =
    &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, ConferenceChair, QaOfficer, IndependentReviewingOfficer];
/// Finding people by name: case readers and personal advisers.
const SEARCH: &[Role] = &[
    FamilyHelpPractitioner,
    SocialWorker,
    Lcpp,
    PracticeSupervisor,
    ConferenceChair,
    QaOfficer,
    IndependentReviewingOfficer,
    PersonalAdviser,
];
/// Looked-after reviews: recorded by the independent reviewing officer or the child's social work.
const CARE_REVIEW: &[Role] = &[SocialWorker, Lcpp, PracticeSupervisor, IndependentReviewingOfficer];
/// A family's support packages: the case's readers, but not personal advisers.
const SUPPORT_VIEW: &[Role] =
    &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, ConferenceChair, QaOfficer, IndependentReviewingOfficer];
const WRITE_RECORDS: &[Role] = &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor];
const MANAGERS: &[Role] = &[PracticeSupervisor];
/// Work trays: case holders, managers, and personal advisers (their care leavers' plans and contacts).
const TRAY: &[Role] = &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, PersonalAdviser];
const DECIDERS: &[Role] = &[SocialWorker, Lcpp, PracticeSupervisor];
const IN_CARE_LIST: &[Role] = &[PracticeSupervisor, IndependentReviewingOfficer];
/// Leaving care (T32–T35): the young person's social work until 18, then the personal adviser,
/// who reaches only the young people allocated to them (so not the matrix's child).
const LEAVING: &[Role] = &[SocialWorker, Lcpp, PracticeSupervisor];
/// The same by role alone, where an unknown record is looked up before the young person.
const LEAVING_ROLES: &[Role] = &[SocialWorker, Lcpp, PracticeSupervisor, PersonalAdviser];
/// An id that exists nowhere: allowed roles get 404, refused roles 403.
const S47: &str = "00000000-0000-7000-8000-000000000047";
const ADMIN: &[Role] = &[LaAdmin];
const CONFERENCE: &[Role] = &[SocialWorker, Lcpp, PracticeSupervisor, ConferenceChair];
/// MR-1: a conference's record is written by those who record conferences and by the family help
/// lead (here the test family help practitioner, R-FH-2).
const CONFERENCE_RECORD: &[Role] = &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, ConferenceChair];
const CP_OVERVIEW: &[Role] = &[Lcpp, PracticeSupervisor, ConferenceChair, QaOfficer];
const TEAM: &[Role] = &[PartnerAgency, SocialWorker, Lcpp, PracticeSupervisor];
/// Partners answer requests made to their agency on their team's cases (403 on any other child).
const PERFORMANCE: &[Role] = &[PracticeSupervisor, PerformanceAnalyst];
/// Foster carers: seen by children's social work and reviewing officers, recorded by the
/// fostering team and managers.
const VIEW_CARERS: &[Role] = &[SocialWorker, Lcpp, PracticeSupervisor, IndependentReviewingOfficer, FosteringOfficer];
const MANAGE_CARERS: &[Role] = &[PracticeSupervisor, FosteringOfficer];
/// The workforce: kept by workforce officers, read by team managers.
const VIEW_WORKFORCE: &[Role] = &[PracticeSupervisor, WorkforceOfficer];
const MANAGE_WORKFORCE: &[Role] = &[WorkforceOfficer];
/// The safeguarding partnership: kept by its business manager, read by delegated
/// partners and the scrutineer.
const VIEW_PARTNERSHIP: &[Role] = &[PartnershipManager, SafeguardingPartner];
const MANAGE_PARTNERSHIP: &[Role] = &[PartnershipManager];
/// The partnership's data set: figures, no child, for the partnership and for the council's
/// managers and analysts who answer for them.
const DATA_SET: &[Role] = &[PartnershipManager, SafeguardingPartner, PracticeSupervisor, PerformanceAnalyst];
/// Places and groups (harm outside the home): every agency's to see and report on; linking a
/// child is work on the child's record.
const PLACES: &[Role] = &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, PartnerAgency];
/// The provider register: read by whoever places children or reviews their
/// care, and by commissioners and analysts; loaded by commissioners.
const VIEW_PROVIDERS: &[Role] =
    &[SocialWorker, Lcpp, PracticeSupervisor, IndependentReviewingOfficer, FosteringOfficer, Commissioner, PerformanceAnalyst];
const MANAGE_PROVIDERS: &[Role] = &[Commissioner];
/// The postcode directory: loaded, and its state read, by commissioners.
const LOAD_POSTCODES: &[Role] = &[Commissioner];
/// Sharing with the region: the analyst's; the key is the administrator's.
const SHARING: &[Role] = &[PerformanceAnalyst];
/// The workforce shared with the region (W-OUT-4): the workforce officer and the analyst; the
/// region's key is the administrator's.
const SHARE_WORKFORCE: &[Role] = &[WorkforceOfficer, PerformanceAnalyst];
/// The region: recorded by the council's administrator, read by it and by the regional care
/// co-operative's analyst and commissioner, who alone work on what member councils share (and
/// are in no other list here: no child's record, no council page).
const REGION_VIEW: &[Role] = &[LaAdmin, RegionalAnalyst, RegionalCommissioner];
const REGIONAL: &[Role] = &[RegionalAnalyst, RegionalCommissioner];
// Forecasts: the placements commissioner and the analyst (RCC-2).
const FORECAST: &[Role] = &[Commissioner, PerformanceAnalyst];
/// Sufficiency: the commissioner, the analyst and the managers who place children.
const SUFFICIENCY: &[Role] = &[PracticeSupervisor, Commissioner, PerformanceAnalyst];
/// Searching for a home: the child's social work and the commissioner;
/// starting one is work on the child's care.
const HOME_SEARCH: &[Role] = &[SocialWorker, Lcpp, PracticeSupervisor, Commissioner];
const START_HOME_SEARCH: &[Role] = &[SocialWorker, Lcpp, PracticeSupervisor];
/// A URN on no register.
const URN47: &str = "SC000047";
const ANSWER: &[Role] = &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, PartnerAgency];

/// A form post: path, fields, roles allowed.
type PostCase<'a> = (String, Vec<(&'a str, String)>, &'static [Role]);

struct Fixture {
    /// A provider on the register, and the load that put it there.
    provider: String,
    provider_load: String,
    /// A place, and `person`'s link to it.
    place: String,
    link: String,
    /// An action for a partner from a meeting about `place`.
    place_action: String,
    /// `person`'s time missing from home, back and waiting for the return home interview.
    missing: String,
    /// A professional disagreement about `person`, raised by the social worker.
    disagreement: String,
    /// A serious incident under rapid review, about `person`, and an agency's summary asked for.
    incident: String,
    summary: String,
    /// A learning action from `incident`.
    learning: String,
    /// A multi-agency audit.
    masa_audit: String,
    /// `agency`'s section 11 return for 2026.
    s11_return: String,
    /// The yearly report for 2025/26, drafted.
    report: String,
    /// The partnership's record: a named lead partner, a relevant agency, a threshold document and
    /// a budget contribution.
    named_partner: String,
    agency: String,
    partnership_doc: String,
    contribution: String,
    worker: String,
    /// A period of `worker`'s experience.
    experience: String,
    assignment: String,
    /// A funded post, and the worker's permanent episode in it.
    post: String,
    employment: String,
    person: String,
    other: String,
    membership: String,
    contact: String,
    episode: String,
    assessment: String,
    plan: String,
    item: String,
    cp_child: String,
    /// `cp_child`'s section 47 enquiry, concluded before the conference.
    s47: String,
    cp_plan: String,
    /// The initial conference that made `cp_plan`.
    conference: String,
    /// A review of `plan`.
    review: String,
    request: String,
    /// A case note the social worker wrote on `person`.
    note: String,
    /// A professional involved with `person`.
    professional: String,
    /// A document the social worker added to `person`'s record.
    document: String,
    /// A foster carer household at enquiry.
    carer: String,
}

async fn fixture(app: &TestApp) -> Fixture {
    let t = app.token(SocialWorker, LA).await;
    let mk = |g: &str, dob: &str| json!({"given_name": g, "family_name": "Matrix", "date_of_birth": dob, "sex": "U", "confirm_not_duplicate": true});
    let person = app.api("POST", "/api/v1/people", Some(&t), Some(mk("One", "2018-01-01"))).await.json()["id"].as_str().unwrap().to_owned();
    let other = app.api("POST", "/api/v1/people", Some(&t), Some(mk("Two", "1990-01-01"))).await.json()["id"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/people/{person}/households"), &t, json!({"membership": "lives_in", "start_date": "2018-01-01"})).await;
    let rec = app.api("GET", &format!("/api/v1/people/{person}"), Some(&t), None).await.json();
    let membership = rec["households"][0]["members"][0]["membership_id"].as_str().unwrap().to_owned();
    let (episode, assessment) = super::family_help::open_for_assessment(app, &t, &person, None).await;
    let contact = super::family_help::contact(app, &t, &person, None).await["id"].as_str().unwrap().to_owned();
    let plan = app
        .post(
            &format!("/api/v1/episodes/{episode}/plans"),
            &t,
            json!({"start_date": "2026-11-23", "items": [{"kind": "outcome", "description": "Safe at home"}, {"kind": "action", "description": "Call"}]}),
        )
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let fh = app.api("GET", &format!("/api/v1/people/{person}/family-help"), Some(&t), None).await.json();
    let item = fh["episodes"][0]["plan"]["items"][0]["id"].as_str().unwrap().to_owned();
    // A child on a child protection plan, and a request for information about `person`.
    let (cp_child, _, s47) = super::child_protection::child_with_enquiry(app, "Plan", Some("2019-01-01")).await;
    let chair = app.token(ConferenceChair, LA).await;
    let chair_id = super::family_help::user_id(app, ConferenceChair).await;
    let body = super::child_protection::conference_body("initial", Some(&s47), "2026-01-12", &chair_id, "plan");
    let r = app.api("POST", &format!("/api/v1/people/{cp_child}/conferences"), Some(&chair), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let cp_plan = r.json()["cp_plan_id"].as_str().unwrap().to_owned();
    let conference = r.json()["conference_id"].as_str().unwrap().to_owned();
    let r = app
        .api("POST", &format!("/api/v1/plans/{plan}/reviews"), Some(&t), Some(json!({"review_date": "2026-11-23", "summary": "On track"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let review = r.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .post(&format!("/api/v1/people/{person}/info-requests"), &t, json!({"agency": "health", "question": "Any A&E attendances?"}))
        .await;
    let request = r.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            &format!("/api/v1/people/{person}/notes"),
            &t,
            json!({"kind": "phone_call", "occurred_on": "2026-11-20", "note": "Called school"}),
        )
        .await;
    let note = r.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .api("POST", &format!("/api/v1/people/{person}/professionals"), Some(&t), Some(json!({"role": "gp", "organisation": "Surgery"})))
        .await;
    let professional = r.json()["id"].as_str().unwrap().to_owned();
    let bearer = format!("Bearer {t}");
    let r = super::documents::upload(
        app,
        &format!("/api/v1/people/{person}/documents"),
        (axum::http::header::AUTHORIZATION.as_str(), bearer.as_str()),
        &[("category", "letter"), ("title", "A letter")],
        Some(("letter.pdf", super::documents::PDF)),
    )
    .await;
    let document = r.json()["id"].as_str().unwrap().to_owned();
    let fostering = app.token(FosteringOfficer, LA).await;
    let carer = app
        .created("/api/v1/carers", &fostering, json!({"name": "Matrix Household", "kind": "mainstream", "enquiry_on": "2026-11-01"}), "id")
        .await;
    super::workforce::set_region(app).await;
    let hr = app.token(WorkforceOfficer, LA).await;
    let worker = app.created("/api/v1/workforce/workers", &hr, json!({"name": "Matrix Worker", "swe_number": "SW4400001"}), "id").await;
    let period = json!({"employer": "Northmoor Council", "employer_kind": "local_authority", "country": "england", "region": "North West",
        "children_and_families": true, "engagement": "direct", "registered": true, "from": "2015-01-01"});
    let experience = app.created(&format!("/api/v1/workforce/workers/{worker}/experience"), &hr, period, "id").await;
    let assignment = app
        .created(
            &format!("/api/v1/workforce/workers/{worker}/assignments"),
            &hr,
            json!({"agency": "A", "role_type": "SW", "team": "T", "start_date": "2026-11-23", "notice_days": 28, "pay_pence": 3000,
                "references_received": 2}),
            "id",
        )
        .await;
    let team = app.created("/api/v1/teams", &app.token(PracticeSupervisor, LA).await, json!({"name": "Matrix Team"}), "id").await;
    let post = app
        .created(
            "/api/v1/workforce/posts",
            &hr,
            json!({"team_id": team, "title": "Matrix Post", "role_type": "SW", "funded_fte": 1, "case_holding": true, "from": "2020-01-01"}),
            "id",
        )
        .await;
    let employment = app
        .created(
            &format!("/api/v1/workforce/workers/{worker}/episodes"),
            &hr,
            json!({"post_id": post, "weekly_hours": 37, "start_date": "2020-01-01"}),
            "id",
        )
        .await;
    let bm = app.token(PartnershipManager, LA).await;
    let incident = app
        .created(
            "/api/v1/partnership/incidents",
            &bm,
            json!({"child_id": person, "kind": "serious_harm", "incident_on": "2026-11-18", "aware_on": "2026-11-19", "what_happened": "Injury"}),
            "id",
        )
        .await;
    let r = app
        .post(
            &format!("/api/v1/partnership/incidents/{incident}/notification"),
            &bm,
            json!({"version": 1, "notified": true, "on": "2026-11-20"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let summary = app
        .created(
            &format!("/api/v1/partnership/incidents/{incident}/summaries"),
            &bm,
            json!({"agency": "police", "agency_name": "Northmoor Police", "requested_on": "2026-11-20"}),
            "id",
        )
        .await;
    let learning = app
        .created(
            "/api/v1/partnership/learning",
            &bm,
            json!({"incident_id": incident, "source": "rapid_review", "action": "Share chronologies", "owner_agency": "police",
                "owner_name": "Northmoor Police", "agreed_on": "2026-11-20", "due_on": "2027-01-31", "impact_measure": "Audit"}),
            "id",
        )
        .await;
    let masa_audit = app
        .created(
            "/api/v1/partnership/audits",
            &bm,
            json!({"theme": "Neglect", "audited_on": "2026-10-01", "agencies": ["police", "health"], "cases": 5, "findings": "F",
                "grading": "good"}),
            "id",
        )
        .await;
    app.created(
        "/api/v1/partnership/arrangements",
        &bm,
        json!({"name": "Matrix Safeguarding Partnership", "chair": "A Chair", "scrutineer": "A Scrutineer", "scrutiny_from": "2026-04-01"}),
        "id",
    )
    .await;
    let named_partner = app
        .created(
            "/api/v1/partnership/partners",
            &bm,
            json!({"partner": "police", "role": "lead", "person_name": "Chief Constable Matrix", "role_title": "Chief Constable", "from": "2026-04-01"}),
            "id",
        )
        .await;
    let agency = app
        .created("/api/v1/partnership/agencies", &bm, json!({"name": "Matrix Primary", "kind": "school", "from": "2026-04-01"}), "id")
        .await;
    let ratings: Vec<Value> = [
        "leadership",
        "responsibilities",
        "accountability",
        "childrens_views",
        "training",
        "safer_recruitment",
        "inter_agency",
        "information_sharing",
    ]
    .iter()
    .map(|s| json!({"standard": s, "rating": "not_met", "note": "N"}))
    .collect();
    let s11_return = app
        .created(
            "/api/v1/partnership/section-11",
            &bm,
            json!({"agency_id": agency, "year": 2026, "returned_on": "2026-10-01", "ratings": ratings}),
            "id",
        )
        .await;
    let report = app.created("/api/v1/partnership/reports", &bm, json!({"year": 2025}), "id").await;
    let partnership_doc = app
        .created(
            "/api/v1/partnership/documents",
            &bm,
            json!({"kind": "threshold", "title": "Threshold", "version_label": "1", "published_on": "2026-04-01", "link": "https://example.org/t.pdf"}),
            "id",
        )
        .await;
    let contribution =
        app.created("/api/v1/partnership/budget", &bm, json!({"partner": "police", "year": 2026, "amount_pence": 100_000}), "id").await;
    let place = app.created("/api/v1/places", &t, json!({"name": "Matrix Park", "kind": "park"}), "id").await;
    let link = app
        .created(
            &format!("/api/v1/places/{place}/children"),
            &t,
            json!({"child_id": person, "harm": "criminal_exploitation", "source": "police", "what": "Seen there late", "raised_on": "2026-11-20"}),
            "id",
        )
        .await;
    app.created(
        &format!("/api/v1/places/{place}/meetings"),
        &t,
        json!({"held_on": "2026-11-20", "attended": ["police", "transport"], "discussed": "Matrix",
            "actions": [{"owner": "transport", "what": "Brief staff", "due_on": "2026-11-30"}]}),
        "id",
    )
    .await;
    let shown = app.api("GET", &format!("/api/v1/places/{place}"), Some(&t), None).await.json();
    let place_action = shown["meetings"][0]["actions"][0]["id"].as_str().unwrap().to_owned();
    let missing = app
        .created(
            &format!("/api/v1/people/{person}/missing-from-home"),
            &t,
            json!({"kind": "missing", "started_at": "2026-11-20T21:00:00", "ended_at": "2026-11-21T09:00:00", "found_where": "Home"}),
            "id",
        )
        .await;
    let disagreement = app
        .created(
            &format!("/api/v1/people/{person}/disagreements"),
            &t,
            json!({"about": "threshold", "detail": "Matrix", "with_agency": "police", "raised_on": "2026-11-20"}),
            "id",
        )
        .await;
    let commissioner = app.token(Commissioner, LA).await;
    let r = app
        .csv(
            "/api/v1/providers/loads?file_name=ofsted.csv",
            &commissioner,
            "URN,Provider type,Provider name,Registration status,Places\nSC400001,Children's home,Matrix House,Active,3\n",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let provider_load = r.json()["id"].as_str().unwrap().to_owned();
    Fixture {
        provider: "SC400001".into(),
        provider_load,
        learning,
        masa_audit,
        s11_return,
        report,
        named_partner,
        agency,
        partnership_doc,
        contribution,
        place,
        link,
        place_action,
        missing,
        disagreement,
        incident,
        summary,
        worker,
        experience,
        assignment,
        post,
        employment,
        carer,
        person,
        other,
        membership,
        contact,
        episode,
        assessment,
        plan,
        item,
        cp_child,
        s47,
        cp_plan,
        conference,
        review,
        request,
        note,
        professional,
        document,
    }
}

/// A refusal: 403, except that a partner is not told a case note or a document exists on a child
/// their team does not work (decision 0010), so for them it is not found.
fn refused(role: Role, path: &str, status: StatusCode) -> bool {
    status == StatusCode::FORBIDDEN
        || (role == PartnerAgency && (path.contains("/notes/") || path.contains("/documents/")) && status == StatusCode::NOT_FOUND)
}

#[tokio::test]
async fn api_access_matrix() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let cases = api_cases(&f);
    // Every route in the API's route table is exercised (the token routes separately below).
    let covered: Vec<String> = cases.iter().map(|(m, p, _, _)| format!("{m} {}", normalise(p, &f))).collect();
    let routes = ff_web::api::routes();
    assert!(routes.len() > 100, "the route list is read from the router's document");
    for (m, p) in routes.iter().filter(|(_, p)| !p.ends_with("/auth/token")) {
        assert!(covered.contains(&format!("{m} {p}")), "{m} {p} is not in the access matrix");
    }
    let mut failures = vec![];
    for role in Role::ALL {
        let token = app.token(*role, LA).await;
        for (method, path, body, allowed) in &cases {
            let (records_before, events_before) = (ff_store::testing::fingerprint(&app.db.db).await.unwrap(), audit_events(&app).await);
            let r = app.api(method, path, Some(&token), body.clone()).await;
            let (records_after, events_after) = (ff_store::testing::fingerprint(&app.db.db).await.unwrap(), audit_events(&app).await);
            // Nothing is lost, nothing is changed by accident: a write that succeeds adds exactly
            // one audit event; a read, a refusal or a mistake changes no record.
            if *method != "GET" && r.status.is_success() && events_after != events_before + 1 {
                failures.push(format!("{role:?} {method} {path}: {} and {} audit events", r.status, events_after - events_before));
            }
            if (*method == "GET" || !r.status.is_success()) && records_after != records_before {
                let changed: Vec<&String> =
                    records_after.iter().zip(&records_before).filter(|(a, b)| a != b).map(|((t, _), _)| t).collect();
                failures.push(format!("{role:?} {method} {path}: {} but changed {changed:?}", r.status));
            }
            let ok = if allowed.contains(role) && path.contains(S47) {
                // An id that exists nowhere is a 404 for everyone allowed, whatever the body says.
                r.status == StatusCode::NOT_FOUND
            } else if allowed.contains(role) {
                r.status != StatusCode::FORBIDDEN && r.status != StatusCode::UNAUTHORIZED && !r.status.is_server_error()
            } else {
                refused(*role, path, r.status)
            };
            if !ok {
                failures.push(format!("{role:?} {method} {path}: {} {}", r.status, r.body.chars().take(200).collect::<String>()));
            }
        }
        // No token at all: 401 everywhere.
        let r = app.api("GET", "/api/v1/me", None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        // Signing out works for every role, and the token is dead afterwards.
        assert_eq!(app.api("DELETE", "/api/v1/auth/token", Some(&token), None).await.status, StatusCode::NO_CONTENT);
        assert_eq!(app.api("GET", "/api/v1/me", Some(&token), None).await.status, StatusCode::UNAUTHORIZED);
    }
    assert!(failures.is_empty(), "access matrix failures:\n{}", failures.join("\n"));
}

/// Audit events of the test council, sealed or waiting.
async fn audit_events(app: &TestApp) -> i64 {
    let mut tx = app.db.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

fn normalise(path: &str, f: &Fixture) -> String {
    let mut p = path.split('?').next().unwrap_or("").to_owned();
    for id in [
        &f.person,
        &f.membership,
        &f.contact,
        &f.episode,
        &f.assessment,
        &f.plan,
        &f.item,
        &f.cp_child,
        &f.cp_plan,
        &f.conference,
        &f.review,
        &f.request,
        &f.note,
        &f.professional,
        &f.document,
        &f.carer,
        &f.s47,
        &f.provider_load,
        &f.place,
        &f.link,
        &f.place_action,
        &f.missing,
        &f.disagreement,
        &f.incident,
        &f.summary,
        &f.learning,
        &f.masa_audit,
        &f.s11_return,
        &f.report,
        &f.named_partner,
        &f.agency,
        &f.partnership_doc,
        &f.contribution,
        &f.worker,
        &f.experience,
        &f.assignment,
        &f.post,
        &f.employment,
        &S47.to_owned(),
    ] {
        p = p.replace(id.as_str(), "{id}");
    }
    p.replace(URN47, "{urn}")
        .replace(f.provider.as_str(), "{urn}")
        .replace("/extracts/{id}/header", "/extracts/{id}/{table}")
        .replace("/incidents/{id}/summaries/{id}/received", "/incidents/{id}/summaries/{sid}/received")
        .replace("/incidents/{id}/summaries/{id}/document", "/incidents/{id}/summaries/{sid}/document")
        .replace("/incidents/{id}/meetings/{id}/correct", "/incidents/{id}/meetings/{mid}/correct")
        .replace("/workers/{id}/experience/{id}/withdraw", "/workers/{id}/experience/{eid}/withdraw")
        .replace("/forecasts/{id}/weekly.csv", "/forecasts/{id}/{file}")
        .replace("/sharing/{id}/header.csv", "/sharing/{id}/{file}")
        .replace("/region/extracts/{id}/{table}.csv", "/region/extracts/{id}/{file}")
        .replace("/workforce/regional/{id}/workers.csv", "/workforce/regional/{id}/{file}")
        .replace("/forecasts/{id}/weekly", "/forecasts/{id}/{table}")
        .replace("/ssda903/2026-27/header.csv", "/ssda903/{year}/{table}")
        .replace("/ssda903/2026-27/xml", "/ssda903/{year}/{table}")
        .replace("/api/v1/workforce/census/2026", "/api/v1/workforce/census/{year}")
        .replace("/workforce/census/2026.xml", "/workforce/census/{year}")
}

/// Page GETs the page matrix does not walk, each with its reason.
const PAGES_OUTSIDE_MATRIX: &[(&str, &str)] = &[
    ("/sign-in", "signing in: there is no session yet, so no role to refuse"),
    ("/sign-in/oidc", "signing in through the council's identity provider: no session yet"),
    ("/sign-in/oidc/callback", "the identity provider's answer: no session yet"),
    ("/kinship-offer/{la}", "public: the council's kinship local offer, read without signing in"),
    ("/care-leaver-offer/{la}", "public: the council's local offer for care leavers, read without signing in"),
];

/// Every page path the router serves with a GET, from its one route table.
fn page_gets_served() -> Vec<&'static str> {
    ff_web::page_paths().into_iter().filter(|(_, get, _)| *get).map(|(path, _, _)| path).collect()
}

/// The lists of pages left out name only pages the router serves with a GET, and none twice.
#[test]
fn pages_left_out_of_the_matrix_are_served() {
    let served = page_gets_served();
    assert!(served.len() > 150, "the page list is read from the router's table");
    let left_out: Vec<&str> = PAGES_OUTSIDE_MATRIX.iter().map(|(path, _)| *path).collect();
    for path in &left_out {
        assert!(served.contains(path), "{path} is left out of the page matrix but is not a page GET");
        assert_eq!(left_out.iter().filter(|p| *p == path).count(), 1, "{path} is left out twice");
    }
}

#[tokio::test]
async fn page_access_matrix() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let p = &f.person;
    // An account the administrator may open (the matrix posts only refused or stale changes to it).
    let qa = super::family_help::user_id(&app, QaOfficer).await;
    let gets: Vec<(String, &[Role])> = vec![
        ("/".into(), ALL),
        ("/account/password".into(), ALL),
        ("/people?q=matrix".into(), SEARCH),
        ("/people/new".into(), WRITE_RECORDS),
        (format!("/people/{p}"), READ_RECORDS),
        (format!("/people/{p}/edit"), WRITE_RECORDS),
        (format!("/people/{p}/upn?child={p}"), WRITE_RECORDS),
        (format!("/people/{p}/history"), READ_RECORDS),
        (format!("/people/{p}/relationships/new?q=matrix"), WRITE_RECORDS),
        (format!("/people/{p}/households/new"), WRITE_RECORDS),
        (format!("/people/{p}/addresses/new"), WRITE_RECORDS),
        (format!("/people/{p}/merge"), MANAGERS),
        ("/settings".into(), ADMIN),
        ("/admin/users".into(), ADMIN),
        ("/admin/users/new".into(), ADMIN),
        (format!("/admin/users/{qa}"), ADMIN),
        (format!("/admin/users/{qa}/reset-password"), ADMIN),
        (format!("/admin/users/{qa}/deactivate"), ADMIN),
        ("/admin/audit".into(), ADMIN),
        ("/admin/lcpp".into(), ADMIN),
        ("/calendar".into(), ALL),
        ("/calendar/holidays/new".into(), ADMIN),
        ("/work".into(), TRAY),
        (format!("/contacts/new?child={p}"), WRITE_RECORDS),
        (format!("/contacts/{}", f.contact), WRITE_RECORDS),
        (format!("/episodes/{}/allocate?child={p}", f.episode), MANAGERS),
        (format!("/episodes/{}/assessment?child={p}", f.episode), WRITE_RECORDS),
        (format!("/episodes/{}/plan?child={p}", f.episode), WRITE_RECORDS),
        (format!("/assessments/{}/complete?child={p}", f.assessment), MANAGERS),
        (format!("/assessments/{}", f.assessment), READ_RECORDS),
        (format!("/plans/{}/items?child={p}", f.plan), WRITE_RECORDS),
        (format!("/plans/{}/review?child={p}", f.plan), WRITE_RECORDS),
        (format!("/episodes/{}/visit?child={p}", f.episode), WRITE_RECORDS),
        (format!("/episodes/{}/oversight?child={p}", f.episode), MANAGERS),
        (format!("/episodes/{}/level?child={p}", f.episode), WRITE_RECORDS),
        (format!("/episodes/{}/close?child={p}", f.episode), WRITE_RECORDS),
        (format!("/episodes/{}/strategy?child={p}", f.episode), DECIDERS),
        (format!("/s47/{}/conclude?child={}", f.s47, f.cp_child), DECIDERS),
        (format!("/people/{c}/conference?child={c}", c = f.cp_child), CONFERENCE),
        (format!("/people/{p}/conference-report"), READ_RECORDS),
        (format!("/cp-plans/{}/items?child={}", f.cp_plan, f.cp_child), DECIDERS),
        (format!("/cp-plans/{}/core-group?child={}", f.cp_plan, f.cp_child), DECIDERS),
        (format!("/cp-plans/{}/end?child={}", f.cp_plan, f.cp_child), DECIDERS),
        (format!("/cp-plans/{}/record", f.cp_plan), READ_RECORDS),
        (format!("/plans/{}/record", f.plan), READ_RECORDS),
        (format!("/conferences/{}/record", f.conference), READ_RECORDS),
        (format!("/people/{p}/care/start?child={p}"), DECIDERS),
        (format!("/people/{p}/care/change?child={p}"), DECIDERS),
        (format!("/people/{p}/care/leave?child={p}"), DECIDERS),
        (format!("/people/{p}/care/review?child={p}"), CARE_REVIEW),
        (format!("/people/{p}/care/check?child={p}"), DECIDERS),
        (format!("/people/{p}/care/outcomes?child={p}"), DECIDERS),
        (format!("/people/{p}/care/uasc?child={p}"), DECIDERS),
        (format!("/people/{p}/care/connections?child={p}"), DECIDERS),
        (format!("/care-connections/{S47}/match?child={p}"), DECIDERS),
        (format!("/care-connections/{S47}/end?child={p}"), DECIDERS),
        (format!("/people/{p}/care/adoption?child={p}"), DECIDERS),
        (format!("/care-adoption/{S47}/match?child={p}"), DECIDERS),
        (format!("/care-adoption/{S47}/cease?child={p}"), DECIDERS),
        (format!("/people/{p}/care/dolo?child={p}"), DECIDERS),
        (format!("/people/{p}/care/agreement?child={p}"), DECIDERS),
        (format!("/care-dolo/{S47}/end?child={p}"), DECIDERS),
        (format!("/people/{p}/care/pathway-plan?child={p}"), LEAVING),
        (format!("/people/{p}/care/adviser?child={p}"), LEAVING),
        (format!("/people/{p}/care/adviser-contact?child={p}"), LEAVING),
        (format!("/people/{p}/care/circumstances?child={p}"), LEAVING),
        (format!("/people/{p}/care/staying?child={p}"), LEAVING),
        (format!("/care-staying/{S47}/end?child={p}"), LEAVING),
        (format!("/people/{p}/care/leaving-care-payment?child={p}"), LEAVING),
        ("/children-in-care".into(), IN_CARE_LIST),
        (format!("/people/{p}/care/missing?child={p}"), DECIDERS),
        (format!("/care-missing/{S47}/return?child={p}"), DECIDERS),
        (format!("/plan-reviews/{}/record", f.review), READ_RECORDS),
        (format!("/people/{p}/conference-invitation"), CONFERENCE),
        (format!("/conferences/{S47}/outcome-letter?child={p}"), CONFERENCE),
        (format!("/plo/{S47}/letter-before-proceedings?child={p}"), DECIDERS),
        (format!("/fgdm/{S47}/invitation?child={p}"), WRITE_RECORDS),
        (format!("/people/{p}/notes?child={p}"), WRITE_RECORDS),
        (format!("/notes/{}", f.note), READ_RECORDS),
        (format!("/people/{p}/professionals?child={p}"), WRITE_RECORDS),
        (format!("/professionals/{}/end?child={p}", f.professional), WRITE_RECORDS),
        (format!("/notes/{}/edit", f.note), &[SocialWorker]),
        (format!("/people/{p}/chronology"), READ_RECORDS),
        (format!("/people/{p}/documents/new"), WRITE_RECORDS),
        (format!("/documents/{}/download", f.document), READ_RECORDS),
        ("/carers".into(), VIEW_CARERS),
        ("/carers?stage=approved&page=2".into(), VIEW_CARERS),
        ("/carers/new".into(), MANAGE_CARERS),
        (format!("/carers/{}", f.carer), VIEW_CARERS),
        (format!("/carers/{}/details", f.carer), MANAGE_CARERS),
        (format!("/carers/{}/stage", f.carer), MANAGE_CARERS),
        (format!("/carers/{}/close", f.carer), MANAGE_CARERS),
        (format!("/carers/{}/approval", f.carer), MANAGE_CARERS),
        (format!("/carers/{}/terms", f.carer), MANAGE_CARERS),
        (format!("/carers/{}/temporary", f.carer), MANAGE_CARERS),
        (format!("/carers/{}/review", f.carer), MANAGE_CARERS),
        (format!("/carers/{}/end", f.carer), MANAGE_CARERS),
        ("/carer-allowances".into(), VIEW_CARERS),
        ("/carer-allowances/new".into(), MANAGE_CARERS),
        ("/home-searches".into(), HOME_SEARCH),
        ("/home-searches?status=failed".into(), HOME_SEARCH),
        (format!("/people/{p}/home-search"), START_HOME_SEARCH),
        ("/sufficiency".into(), SUFFICIENCY),
        ("/sufficiency?on=2026-03-31".into(), SUFFICIENCY),
        ("/sufficiency.csv".into(), SUFFICIENCY),
        ("/forecasts".into(), FORECAST),
        ("/forecasts/new".into(), FORECAST),
        ("/region".into(), REGION_VIEW),
        ("/region/record".into(), ADMIN),
        ("/region/members/new".into(), ADMIN),
        ("/region/uploads/new".into(), REGIONAL),
        ("/sharing".into(), SHARING),
        ("/sharing/new".into(), SHARING),
        ("/sharing/key".into(), ADMIN),
        ("/sharing/region-key".into(), ADMIN),
        ("/workforce/regional".into(), SHARE_WORKFORCE),
        ("/workforce/regional/new".into(), SHARE_WORKFORCE),
        ("/providers".into(), VIEW_PROVIDERS),
        ("/providers?q=matrix".into(), VIEW_PROVIDERS),
        ("/providers/load".into(), MANAGE_PROVIDERS),
        (format!("/providers/{}", f.provider), VIEW_PROVIDERS),
        (format!("/providers/loads/{}", f.provider_load), VIEW_PROVIDERS),
        ("/postcodes".into(), LOAD_POSTCODES),
        ("/postcodes/load".into(), LOAD_POSTCODES),
        ("/places".into(), PLACES),
        ("/places/new".into(), PLACES),
        (format!("/places/{}", f.place), PLACES),
        (format!("/places/{}/concerns", f.place), PLACES),
        (format!("/people/{p}/places?child={p}"), WRITE_RECORDS),
        (format!("/place-links/{}/end?child={p}", f.link), WRITE_RECORDS),
        (format!("/people/{p}/exploitation-screening?child={p}"), WRITE_RECORDS),
        (format!("/places/{}/meetings", f.place), PLACES),
        (format!("/place-actions/{}/done", f.place_action), PLACES),
        (format!("/people/{p}/missing-from-home?child={p}"), WRITE_RECORDS),
        (format!("/missing-episodes/{}/return", f.missing), WRITE_RECORDS),
        (format!("/missing-episodes/{}/interview", f.missing), WRITE_RECORDS),
        (format!("/people/{p}/disagreements?child={p}"), WRITE_RECORDS),
        (format!("/disagreements/{}/escalate?child={p}", f.disagreement), WRITE_RECORDS),
        (format!("/disagreements/{}/resolve?child={p}", f.disagreement), WRITE_RECORDS),
        ("/partnership/disagreements".into(), VIEW_PARTNERSHIP),
        ("/partnership/data-set".into(), DATA_SET),
        ("/partnership/data-set.csv?from=2026-04-01".into(), DATA_SET),
        ("/partnership".into(), VIEW_PARTNERSHIP),
        ("/partnership/learning".into(), VIEW_PARTNERSHIP),
        (format!("/partnership/learning/new?incident={}", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/learning/{}/complete", f.learning), MANAGE_PARTNERSHIP),
        (format!("/partnership/learning/new?audit={}", f.masa_audit), MANAGE_PARTNERSHIP),
        ("/partnership/audits".into(), VIEW_PARTNERSHIP),
        ("/partnership/audits/new".into(), MANAGE_PARTNERSHIP),
        (format!("/partnership/audits/{}", f.masa_audit), VIEW_PARTNERSHIP),
        (format!("/partnership/audits/{}/edit", f.masa_audit), MANAGE_PARTNERSHIP),
        ("/partnership/section-11".into(), VIEW_PARTNERSHIP),
        ("/partnership/section-11?year=2026".into(), VIEW_PARTNERSHIP),
        (format!("/partnership/section-11/new?agency={}&year=2026", f.agency), MANAGE_PARTNERSHIP),
        (format!("/partnership/section-11/{}/edit?year=2026", f.s11_return), MANAGE_PARTNERSHIP),
        (format!("/partnership/learning/new?s11={}&standard=training", f.s11_return), MANAGE_PARTNERSHIP),
        ("/partnership/reports".into(), VIEW_PARTNERSHIP),
        ("/partnership/reports/new".into(), MANAGE_PARTNERSHIP),
        (format!("/partnership/reports/{}", f.report), VIEW_PARTNERSHIP),
        (format!("/partnership/reports/{}/narrative", f.report), MANAGE_PARTNERSHIP),
        (format!("/partnership/reports/{}/sign-off", f.report), MANAGE_PARTNERSHIP),
        ("/partnership/incidents/new".into(), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}", f.incident), VIEW_PARTNERSHIP),
        (format!("/partnership/incidents/{}/notification", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/summaries", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/summaries/{}/received", f.incident, f.summary), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/review", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/local-review", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/meetings", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/summaries/{}/document/new", f.incident, f.summary), MANAGE_PARTNERSHIP),
        (format!("/partnership/reports/{}/publication", f.report), MANAGE_PARTNERSHIP),
        ("/partnership/arrangements".into(), VIEW_PARTNERSHIP),
        ("/partnership/arrangements/record".into(), MANAGE_PARTNERSHIP),
        ("/partnership/arrangements/partners/new".into(), MANAGE_PARTNERSHIP),
        (format!("/partnership/arrangements/partners/new?replaces={}", f.named_partner), MANAGE_PARTNERSHIP),
        (format!("/partnership/arrangements/partners/{}/end", f.named_partner), MANAGE_PARTNERSHIP),
        ("/partnership/arrangements/agencies/new".into(), MANAGE_PARTNERSHIP),
        (format!("/partnership/arrangements/agencies/{}/end", f.agency), MANAGE_PARTNERSHIP),
        ("/partnership/arrangements/documents/new".into(), MANAGE_PARTNERSHIP),
        (format!("/partnership/arrangements/documents/{}/sign-off", f.partnership_doc), MANAGE_PARTNERSHIP),
        ("/partnership/arrangements/budget/new".into(), MANAGE_PARTNERSHIP),
        (format!("/partnership/arrangements/budget/{}", f.contribution), MANAGE_PARTNERSHIP),
        ("/workforce".into(), VIEW_WORKFORCE),
        ("/workforce/agency-return".into(), VIEW_WORKFORCE),
        ("/workforce/agency-return.csv?quarter=2026-Q4".into(), VIEW_WORKFORCE),
        ("/workforce/caseloads".into(), VIEW_WORKFORCE),
        ("/workforce/caseloads?on=2026-09-30".into(), VIEW_WORKFORCE),
        ("/workforce/caseloads.csv?on=2026-09-30".into(), VIEW_WORKFORCE),
        ("/workforce/workers/new".into(), MANAGE_WORKFORCE),
        (format!("/workforce/workers/{}", f.worker), VIEW_WORKFORCE),
        (format!("/workforce/workers/{}/edit", f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/workers/{}/experience", f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/workers/{}/experience/{}/withdraw", f.worker, f.experience), MANAGE_WORKFORCE),
        (format!("/workforce/workers/{}/experience?replaces={}", f.worker, f.experience), MANAGE_WORKFORCE),
        (format!("/workforce/workers/{}/assignments", f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{}/sign-off?worker={}", f.assignment, f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{}/end?worker={}", f.assignment, f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{}/cover?worker={}", f.assignment, f.worker), MANAGE_WORKFORCE),
        ("/workforce/caps".into(), VIEW_WORKFORCE),
        ("/workforce/caps/new".into(), MANAGE_WORKFORCE),
        ("/workforce/caps/upload".into(), MANAGE_WORKFORCE),
        ("/workforce/dashboard".into(), VIEW_WORKFORCE),
        ("/workforce/dashboard?on=2026-09-30".into(), VIEW_WORKFORCE),
        ("/workforce/dashboard.csv?on=2026-09-30".into(), VIEW_WORKFORCE),
        ("/workforce/census".into(), VIEW_WORKFORCE),
        ("/workforce/census?year=2025".into(), VIEW_WORKFORCE),
        ("/workforce/census/2026.xml".into(), VIEW_WORKFORCE),
        ("/workforce/posts".into(), VIEW_WORKFORCE),
        ("/workforce/posts/new".into(), MANAGE_WORKFORCE),
        (format!("/workforce/posts/{}/close", f.post), MANAGE_WORKFORCE),
        (format!("/workforce/workers/{}/episodes", f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/episodes/{}/end?worker={}", f.employment, f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/workers/{}/absences", f.worker), MANAGE_WORKFORCE),
        (format!("/documents/{}/withdraw?child={p}", f.document), &[SocialWorker, PracticeSupervisor]),
        (format!("/people/{p}/chronology.csv?group=note"), READ_RECORDS),
        (format!("/people/{p}/info-request?child={p}"), WRITE_RECORDS),
        (format!("/info-requests/{}/answer?child={p}", f.request), WRITE_RECORDS),
        (format!("/people/{p}/team?child={p}"), DECIDERS),
        ("/child-protection".into(), CP_OVERVIEW),
        ("/teams".into(), TEAM),
        ("/team-work".into(), TEAM),
        ("/performance".into(), PERFORMANCE),
        ("/performance.csv?from=2026-04-01".into(), PERFORMANCE),
        ("/returns".into(), PERFORMANCE),
        ("/returns/cin.xml?year=2026".into(), PERFORMANCE),
        ("/returns/ssda903?year=2026-27".into(), PERFORMANCE),
        ("/returns/ssda903/2026-27/header.csv".into(), PERFORMANCE),
        ("/returns/ssda903/2026-27/xml".into(), PERFORMANCE),
        (format!("/people/{p}/network"), READ_RECORDS),
        (format!("/people/{p}/network/members?child={p}"), WRITE_RECORDS),
        (format!("/people/{p}/fgdm?child={p}"), WRITE_RECORDS),
        (format!("/people/{p}/plo?child={p}"), DECIDERS),
        (format!("/people/{p}/kinship?child={p}"), WRITE_RECORDS),
        (format!("/people/{p}/support-package?child={p}"), WRITE_RECORDS),
        ("/support-budget".into(), PERFORMANCE),
    ];
    // Pages about one record, asked for one that exists nowhere: a role allowed the page looks
    // for it (404, or the page itself where it shows a form before reading the record), a role
    // refused never gets that far (403).
    let unknown: Vec<(String, &[Role])> = vec![
        (format!("/team-cases/{S47}/end?child={p}"), DECIDERS),
        (format!("/network-members/{S47}/edit?child={p}"), WRITE_RECORDS),
        (format!("/fgdm/{S47}/offer?child={p}"), WRITE_RECORDS),
        (format!("/fgdm-offers/{S47}/answer?child={p}"), WRITE_RECORDS),
        (format!("/fgdm/{S47}/meeting?child={p}"), WRITE_RECORDS),
        (format!("/fgdm/{S47}/agree?child={p}"), WRITE_RECORDS),
        (format!("/fgdm/{S47}/exempt?child={p}"), DECIDERS),
        (format!("/plo/{S47}/letter?child={p}"), DECIDERS),
        (format!("/plo/{S47}/meeting?child={p}"), DECIDERS),
        (format!("/plo/{S47}/application?child={p}"), DECIDERS),
        (format!("/plo/{S47}/end?child={p}"), DECIDERS),
        (format!("/kinship/{S47}/end?child={p}"), WRITE_RECORDS),
        (format!("/home-searches/{S47}"), HOME_SEARCH),
        (format!("/home-searches/{S47}/answers"), HOME_SEARCH),
        (format!("/home-searches/{S47}/end"), HOME_SEARCH),
        (format!("/home-search-offers/{S47}/decision"), HOME_SEARCH),
        (format!("/forecasts/{S47}"), FORECAST),
        (format!("/forecasts/{S47}/weekly.csv"), FORECAST),
        (format!("/sharing/{S47}"), SHARING),
        (format!("/sharing/{S47}/header.csv"), SHARING),
        // No region is recorded in the matrix's database: the region's pages are not found.
        ("/region/shared".into(), REGIONAL),
        ("/region/sufficiency".into(), REGIONAL),
        ("/region/sufficiency.csv".into(), REGIONAL),
        (format!("/region/members/{S47}"), ADMIN),
        (format!("/region/extracts/{S47}/header.csv"), REGIONAL),
        (format!("/region/uploads/{S47}"), REGIONAL),
        (format!("/workforce/regional/{S47}"), SHARE_WORKFORCE),
        (format!("/workforce/regional/{S47}/workers.csv"), SHARE_WORKFORCE),
        (format!("/support-packages/{S47}/decide?child={p}"), DECIDERS),
        (format!("/support-packages/{S47}/payment?child={p}"), MANAGERS),
        (format!("/postcodes/loads/{S47}"), LOAD_POSTCODES),
        (format!("/returns/jobs/{S47}"), PERFORMANCE),
        (format!("/returns/jobs/{S47}/issues.csv"), PERFORMANCE),
        (format!("/returns/jobs/{S47}/progress"), PERFORMANCE),
        (format!("/partnership/incidents/{}/meetings/{S47}/correct", f.incident), MANAGE_PARTNERSHIP),
        // An agency's summary with no written summary yet: looked for, not found.
        (format!("/partnership/incidents/{}/summaries/{}/document", f.incident, f.summary), VIEW_PARTNERSHIP),
    ];
    // Every page the router serves with a GET is walked below, or left out by name with a reason.
    let walked: Vec<String> = gets.iter().chain(&unknown).map(|(path, _)| normalise(path, &f).replace(&qa, "{id}")).collect();
    let left_out: Vec<&str> = PAGES_OUTSIDE_MATRIX.iter().map(|(path, _)| *path).collect();
    for path in page_gets_served() {
        assert!(walked.iter().any(|w| w == path) || left_out.contains(&path), "GET {path} is not in the page access matrix");
    }
    let posts: Vec<PostCase> = vec![
        ("/people/new".into(), vec![("given_name", "".into())], WRITE_RECORDS),
        (format!("/people/{p}/edit"), vec![("version", "999".into())], WRITE_RECORDS),
        (format!("/people/{p}/upn"), vec![("child", p.clone()), ("upn", "x".into())], WRITE_RECORDS),
        (format!("/people/{p}/relationships"), vec![("relative_id", f.other.clone()), ("kind", "friend".into())], WRITE_RECORDS),
        (format!("/people/{p}/households"), vec![("membership", "lives_in".into())], WRITE_RECORDS),
        (format!("/people/{p}/addresses"), vec![("line1", "".into())], WRITE_RECORDS),
        (format!("/people/{p}/merge"), vec![("duplicate_id", "x".into())], MANAGERS),
        ("/settings".into(), vec![("name", "".into())], ADMIN),
        ("/admin/users/new".into(), vec![("username", "".into())], ADMIN),
        (format!("/admin/users/{qa}"), vec![("role", "nobody".into()), ("version", "1".into())], ADMIN),
        (format!("/admin/users/{qa}/reset-password"), vec![("version", "999".into())], ADMIN),
        (format!("/admin/users/{qa}/deactivate"), vec![("reason", "".into()), ("version", "1".into())], ADMIN),
        (format!("/admin/users/{qa}/reactivate"), vec![("version", "999".into())], ADMIN),
        ("/admin/lcpp".into(), vec![("user_id", "".into())], ADMIN),
        ("/calendar/holidays".into(), vec![("name", "".into())], ADMIN),
        ("/contacts/new".into(), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/contacts/{}/decision", f.contact), vec![("version", "99".into())], DECIDERS),
        (format!("/contacts/{}/feedback", f.contact), vec![("version", "99".into())], WRITE_RECORDS),
        (format!("/episodes/{}/allocate", f.episode), vec![("child", p.clone())], MANAGERS),
        (format!("/episodes/{}/assessment", f.episode), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/assessments/{}/complete", f.assessment), vec![("child", p.clone())], MANAGERS),
        (format!("/assessments/{}", f.assessment), vec![("action", "save".into()), ("s:shoe_size", "9".into())], WRITE_RECORDS),
        (format!("/assessments/{}/return", f.assessment), vec![("comment", "".into()), ("version", "99".into())], MANAGERS),
        (format!("/assessments/{}/addenda", f.assessment), vec![("text", "".into())], WRITE_RECORDS),
        (format!("/episodes/{}/plan", f.episode), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/plans/{}/items", f.plan), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/plans/{}/review", f.plan), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/episodes/{}/visit", f.episode), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/episodes/{}/oversight", f.episode), vec![("child", p.clone())], MANAGERS),
        (format!("/episodes/{}/level", f.episode), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/episodes/{}/close", f.episode), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/plan-items/{}/done", f.item), vec![("child", p.clone()), ("version", "99".into())], WRITE_RECORDS),
        (format!("/episodes/{}/strategy", f.episode), vec![("child", p.clone())], DECIDERS),
        (format!("/s47/{S47}/conclude"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/conference"), vec![("child", p.clone())], CONFERENCE),
        (format!("/cp-plans/{}/items", f.cp_plan), vec![("child", f.cp_child.clone())], DECIDERS),
        (format!("/cp-plan-items/{S47}/done"), vec![("child", p.clone()), ("version", "1".into())], DECIDERS),
        (format!("/cp-plans/{}/core-group", f.cp_plan), vec![("child", f.cp_child.clone())], DECIDERS),
        (format!("/cp-plans/{}/end", f.cp_plan), vec![("child", f.cp_child.clone())], DECIDERS),
        (format!("/people/{p}/notes"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/people/{p}/info-request"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/notes/{}/edit", f.note), vec![("version", "999".into())], &[SocialWorker]),
        (format!("/people/{p}/professionals"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/people/{p}/documents"), vec![("title", "not multipart".into())], WRITE_RECORDS),
        (format!("/people/{p}/chronology/issue"), vec![("group", "note".into())], WRITE_RECORDS),
        (format!("/cp-plans/{}/issue", f.cp_plan), vec![], DECIDERS),
        (format!("/cp-plans/{}/record", f.cp_plan), vec![("action", "save".into()), ("s:shoe_size", "9".into())], WRITE_RECORDS),
        (format!("/plans/{}/record", f.plan), vec![("action", "save".into()), ("s:shoe_size", "9".into())], WRITE_RECORDS),
        (format!("/conferences/{}/record", f.conference), vec![("action", "save".into()), ("s:shoe_size", "9".into())], CONFERENCE_RECORD),
        (format!("/plan-reviews/{}/record", f.review), vec![("action", "save".into()), ("s:shoe_size", "9".into())], WRITE_RECORDS),
        (format!("/conferences/{}/record/agree", f.conference), vec![("version", "-1".into())], CONFERENCE),
        (format!("/people/{p}/care/start"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/change"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/leave"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/review"), vec![("child", p.clone())], CARE_REVIEW),
        (format!("/people/{p}/care/check"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/outcomes"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/uasc"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/connections"), vec![("child", p.clone())], DECIDERS),
        (format!("/care-connections/{S47}/match"), vec![("child", p.clone())], DECIDERS),
        (format!("/care-connections/{S47}/end"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/adoption"), vec![("child", p.clone())], DECIDERS),
        (format!("/care-adoption/{S47}/match"), vec![("child", p.clone())], DECIDERS),
        (format!("/care-adoption/{S47}/cease"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/dolo"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/agreement"), vec![("child", p.clone())], DECIDERS),
        (format!("/care-dolo/{S47}/end"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/care/pathway-plan"), vec![("child", p.clone())], LEAVING),
        (format!("/people/{p}/care/adviser"), vec![("child", p.clone())], LEAVING),
        (format!("/people/{p}/care/adviser-contact"), vec![("child", p.clone())], LEAVING),
        (format!("/people/{p}/care/circumstances"), vec![("child", p.clone())], LEAVING),
        (format!("/people/{p}/care/staying"), vec![("child", p.clone())], LEAVING),
        (format!("/care-staying/{S47}/end"), vec![("child", p.clone())], LEAVING_ROLES),
        (format!("/people/{p}/care/leaving-care-payment"), vec![("child", p.clone())], LEAVING),
        (format!("/people/{p}/care/missing"), vec![("child", p.clone())], DECIDERS),
        (format!("/care-missing/{S47}/return"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/conference-invitation"), vec![("kind", "initial".into())], CONFERENCE),
        (format!("/conferences/{S47}/outcome-letter?child={p}"), vec![("to", "".into())], CONFERENCE),
        (format!("/plo/{S47}/letter-before-proceedings?child={p}"), vec![("to", "".into())], DECIDERS),
        (format!("/fgdm/{S47}/invitation?child={p}"), vec![("to", "".into())], WRITE_RECORDS),
        (
            format!("/documents/{}/withdraw", f.document),
            vec![("child", p.clone()), ("version", "999".into())],
            &[SocialWorker, PracticeSupervisor],
        ),
        (format!("/professionals/{}/end", f.professional), vec![("child", p.clone()), ("version", "999".into())], WRITE_RECORDS),
        (format!("/info-requests/{}/answer", f.request), vec![("child", p.clone()), ("version", "99".into())], WRITE_RECORDS),
        (format!("/people/{p}/team"), vec![("child", p.clone())], DECIDERS),
        (format!("/team-cases/{S47}/end"), vec![("child", p.clone()), ("version", "1".into())], DECIDERS),
        ("/teams".into(), vec![("name", "".into())], MANAGERS),
        (format!("/teams/{S47}/members"), vec![("user_id", "".into())], MANAGERS),
        ("/returns/validate".into(), vec![("file", "".into())], PERFORMANCE),
        ("/returns/ssda903/check".into(), vec![("files", "".into())], PERFORMANCE),
        (format!("/people/{p}/network/members"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/network-members/{S47}/edit"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/people/{p}/fgdm"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/fgdm/{S47}/offer"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/fgdm-offers/{S47}/answer"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/fgdm/{S47}/meeting"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/fgdm/{S47}/agree"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/fgdm/{S47}/exempt"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/plo"), vec![("child", p.clone())], DECIDERS),
        (format!("/plo/{S47}/letter"), vec![("child", p.clone())], DECIDERS),
        (format!("/plo/{S47}/meeting"), vec![("child", p.clone())], DECIDERS),
        (format!("/plo/{S47}/application"), vec![("child", p.clone())], DECIDERS),
        (format!("/plo/{S47}/end"), vec![("child", p.clone())], DECIDERS),
        (format!("/people/{p}/kinship"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/kinship/{S47}/end"), vec![("child", p.clone()), ("version", "1".into())], WRITE_RECORDS),
        (format!("/people/{p}/support-package"), vec![("child", p.clone())], WRITE_RECORDS),
        (format!("/support-packages/{S47}/decide"), vec![("child", p.clone())], DECIDERS),
        (format!("/support-packages/{S47}/payment"), vec![("child", p.clone())], MANAGERS),
        ("/carers/new".into(), vec![("name", String::new())], MANAGE_CARERS),
        (format!("/carers/{S47}/details"), vec![("version", "1".into()), ("name", "A".into())], MANAGE_CARERS),
        (format!("/carers/{S47}/stage"), vec![("version", "1".into())], MANAGE_CARERS),
        (format!("/carers/{S47}/close"), vec![("version", "1".into())], MANAGE_CARERS),
        (format!("/carers/{S47}/approval"), vec![("version", "1".into())], MANAGE_CARERS),
        (format!("/carers/{S47}/terms"), vec![("version", "1".into())], MANAGE_CARERS),
        (format!("/carers/{S47}/temporary"), vec![("version", "1".into())], MANAGE_CARERS),
        (format!("/carers/{S47}/review"), vec![("version", "1".into())], MANAGE_CARERS),
        (format!("/carers/{S47}/end"), vec![("version", "1".into())], MANAGE_CARERS),
        ("/carer-allowances/new".into(), vec![("version", "99".into())], MANAGE_CARERS),
        ("/providers/load".into(), vec![("full_list", "yes".into())], MANAGE_PROVIDERS),
        ("/postcodes/load".into(), vec![("file", String::new())], LOAD_POSTCODES),
        ("/sharing/new".into(), vec![("purpose", "x".into())], SHARING),
        ("/region/record".into(), vec![("code", "!".into()), ("version", "0".into())], ADMIN),
        ("/region/members/new".into(), vec![("la_code", "x".into())], ADMIN),
        (format!("/region/members/{S47}"), vec![("version", "1".into())], ADMIN),
        ("/region/uploads/new".into(), vec![("la_code", "x".into())], REGIONAL),
        ("/workforce/regional/new".into(), vec![("purpose", "x".into())], SHARE_WORKFORCE),
        ("/sharing/region-key".into(), vec![("key", "not a key".into()), ("version", "1".into())], ADMIN),
        ("/forecasts/new".into(), vec![("title", String::new())], FORECAST),
        (format!("/people/{p}/home-search"), vec![("needs", String::new())], START_HOME_SEARCH),
        (format!("/home-searches/{S47}/answers"), vec![("answer", "no_reply".into())], HOME_SEARCH),
        (format!("/home-searches/{S47}/end"), vec![("version", "1".into())], HOME_SEARCH),
        (format!("/home-search-offers/{S47}/decision?search={S47}"), vec![("decision", "accept".into())], HOME_SEARCH),
        ("/places/new".into(), vec![("name", String::new())], PLACES),
        (format!("/places/{S47}/concerns"), vec![("what", String::new())], PLACES),
        (format!("/people/{p}/places?child={p}"), vec![("what", String::new())], WRITE_RECORDS),
        (format!("/place-links/{S47}/end?child={p}"), vec![("version", "1".into())], PLACES),
        (format!("/people/{p}/exploitation-screening?child={p}"), vec![("outcome", String::new())], WRITE_RECORDS),
        (format!("/places/{S47}/meetings"), vec![("discussed", String::new())], PLACES),
        (format!("/place-actions/{S47}/done"), vec![("version", "1".into())], PLACES),
        (format!("/people/{p}/missing-from-home?child={p}"), vec![("kind", String::new())], WRITE_RECORDS),
        (format!("/missing-episodes/{S47}/return"), vec![("version", "1".into())], PLACES),
        (format!("/missing-episodes/{S47}/interview"), vec![("version", "1".into())], PLACES),
        (format!("/people/{p}/disagreements?child={p}"), vec![("detail", String::new())], WRITE_RECORDS),
        // A partner agency raises and moves on disagreements on their team's cases: an unknown one is not found.
        (format!("/disagreements/{S47}/escalate?child={p}"), vec![("version", "1".into())], ANSWER),
        (format!("/disagreements/{S47}/resolve?child={p}"), vec![("version", "1".into())], ANSWER),
        ("/partnership/incidents/new".into(), vec![("kind", String::new())], MANAGE_PARTNERSHIP),
        ("/partnership/learning/new".into(), vec![("action", String::new())], MANAGE_PARTNERSHIP),
        (format!("/partnership/learning/{S47}/complete"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        ("/partnership/audits/new".into(), vec![("theme", String::new())], MANAGE_PARTNERSHIP),
        (format!("/partnership/audits/{S47}/edit"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        ("/partnership/section-11/new".into(), vec![("year", "2026".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/section-11/{S47}/edit"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        ("/partnership/reports/new".into(), vec![("year", String::new())], MANAGE_PARTNERSHIP),
        (format!("/partnership/reports/{S47}/narrative"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/reports/{S47}/sign-off"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/notification"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/summaries"), vec![("agency", "police".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/summaries/{S47}/received"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/review"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/local-review"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/meetings"), vec![("decisions", String::new())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/meetings/{S47}/correct"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/summaries/{S47}/document/upload"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/reports/{S47}/publication"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        ("/partnership/arrangements/record".into(), vec![("name", String::new())], MANAGE_PARTNERSHIP),
        ("/partnership/arrangements/partners/new".into(), vec![("person_name", String::new())], MANAGE_PARTNERSHIP),
        (format!("/partnership/arrangements/partners/{S47}/end"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        ("/partnership/arrangements/agencies/new".into(), vec![("name", String::new())], MANAGE_PARTNERSHIP),
        (format!("/partnership/arrangements/agencies/{S47}/end"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        ("/partnership/arrangements/documents/new".into(), vec![("title", String::new())], MANAGE_PARTNERSHIP),
        (format!("/partnership/arrangements/documents/{S47}/sign-off"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        ("/partnership/arrangements/budget/new".into(), vec![("amount", String::new())], MANAGE_PARTNERSHIP),
        (format!("/partnership/arrangements/budget/{S47}"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        ("/workforce/workers/new".into(), vec![("name", String::new())], MANAGE_WORKFORCE),
        (format!("/workforce/workers/{S47}/edit"), vec![("name", "A".into()), ("version", "1".into())], MANAGE_WORKFORCE),
        (format!("/workforce/workers/{S47}/experience"), vec![("employer", "A".into())], MANAGE_WORKFORCE),
        (format!("/workforce/workers/{S47}/experience/{S47}/withdraw"), vec![("reason", "".into())], MANAGE_WORKFORCE),
        (format!("/workforce/workers/{S47}/assignments"), vec![("agency", "A".into())], MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{S47}/sign-off?worker={S47}"), vec![("version", "1".into())], MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{S47}/end?worker={S47}"), vec![("version", "1".into())], MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{S47}/cover?worker={S47}"), vec![("version", "1".into())], MANAGE_WORKFORCE),
        ("/workforce/posts/new".into(), vec![("title", String::new())], MANAGE_WORKFORCE),
        ("/workforce/caps/new".into(), vec![("role_type", String::new())], MANAGE_WORKFORCE),
        ("/workforce/caps/upload".into(), vec![("version", "1".into())], MANAGE_WORKFORCE),
        (format!("/workforce/posts/{S47}/close"), vec![("version", "1".into())], MANAGE_WORKFORCE),
        (format!("/workforce/workers/{S47}/episodes"), vec![("weekly_hours", "37".into())], MANAGE_WORKFORCE),
        (format!("/workforce/episodes/{S47}/end?worker={S47}"), vec![("version", "1".into())], MANAGE_WORKFORCE),
        (format!("/workforce/workers/{S47}/absences"), vec![("reason", "SIC".into())], MANAGE_WORKFORCE),
    ];
    let mut failures = vec![];
    for role in Role::ALL {
        let (cookie, csrf) = app.session(*role).await;
        for (path, allowed) in &gets {
            let r = app.page("GET", path, &cookie, None).await;
            let ok = if allowed.contains(role) { r.status == StatusCode::OK } else { refused(*role, path, r.status) };
            if !ok {
                failures.push(format!("{role:?} GET {path}: {}", r.status));
            }
            let ids = rule_ids_on_screen(&r.body);
            if !ids.is_empty() {
                failures.push(format!("{role:?} GET {path} shows rule ids outside a hint: {ids:?}"));
            }
        }
        for (path, allowed) in &unknown {
            let r = app.page("GET", path, &cookie, None).await;
            let looked = r.status == StatusCode::NOT_FOUND || r.status == StatusCode::OK;
            let ok = if allowed.contains(role) { looked } else { refused(*role, path, r.status) };
            if !ok {
                failures.push(format!("{role:?} GET {path} (a record that exists nowhere): {}", r.status));
            }
        }
        for (path, fields, allowed) in &posts {
            let mut form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            form.push(("csrf_token", &csrf));
            let r = app.page("POST", path, &cookie, Some(&form)).await;
            let ok = if allowed.contains(role) {
                r.status != StatusCode::FORBIDDEN && !r.status.is_server_error()
            } else {
                refused(*role, path, r.status)
            };
            if !ok {
                failures.push(format!("{role:?} POST {path}: {}", r.status));
            }
            let ids = rule_ids_on_screen(&r.body);
            if !ids.is_empty() {
                failures.push(format!("{role:?} POST {path} shows rule ids outside a hint: {ids:?}"));
            }
        }
        let r = app.page("POST", "/sign-out", &cookie, Some(&[("csrf_token", &csrf)])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app.page("GET", "/", &cookie, None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "signed-out session is dead");
    }
    // Without a session every page sends you to sign in.
    for (path, _) in &gets {
        let r = app.page("GET", path, "", None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
    }
    assert!(failures.is_empty(), "page access failures:\n{}", failures.join("\n"));
}

/// Rule ids (`R-FH-1`, `W-AG-4`, `MASA-RR-5`) in a page's visible words, outside its hints: plain
/// words on screens, the ids only in hints and docs (ARCHITECTURE.md, "Invariants"; decision 0005).
fn rule_ids_on_screen(html: &str) -> Vec<String> {
    if !html.trim_start().starts_with("<!DOCTYPE html>") {
        return vec![];
    }
    // The page without its hints: each element whose class is a GOV.UK hint, up to its closing tag.
    let mut shown = String::new();
    let mut rest = html;
    while let Some(at) = ["class=\"govuk-hint\"", "class=\"govuk-hint "].iter().filter_map(|hint| rest.find(hint)).min() {
        let open = rest[..at].rfind('<').unwrap_or(at);
        let name: String = rest[open + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        shown.push_str(&rest[..open]);
        let close = format!("</{name}>");
        rest = rest[at..].find(&close).map_or("", |end| &rest[at + end + close.len()..]);
    }
    shown.push_str(rest);
    // Its words, without tags.
    let mut text = String::new();
    let mut in_tag = false;
    for c in shown.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| {
            let parts: Vec<&str> = word.split('-').collect();
            let Some((last, head)) = parts.split_last() else { return false };
            !head.is_empty()
                && head.iter().all(|p| (1..=6).contains(&p.len()) && p.chars().all(|c| c.is_ascii_uppercase()))
                && last.chars().next().is_some_and(|c| c.is_ascii_digit())
                && last.chars().all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
        })
        .filter(|word| !NOT_RULE_IDS.contains(word))
        .map(str::to_owned)
        .collect()
}

/// Words of the rule-id shape that are not rule ids.
const NOT_RULE_IDS: &[&str] = &["SHA-256"];

#[test]
fn rule_ids_are_found_outside_hints_only() {
    let page = r#"<!DOCTYPE html><p>Refused (R-FH-1): <b>W-AG-4</b></p><div class="govuk-hint">See MASA-RR-5</div><span class="govuk-hint x">(T-1)</span><p>Born 2026-11-23, SC123456, SHA-256</p>"#;
    assert_eq!(rule_ids_on_screen(page), ["R-FH-1", "W-AG-4"]);
}
