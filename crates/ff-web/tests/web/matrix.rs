//! The access matrix: every route, every role, allowed or refused. The expected table below is
//! written from the role descriptions, independently of `ff_domain::policy`.

use axum::http::StatusCode;
use ff_domain::roles::Role;
use serde_json::{Value, json};

use super::{LA, TestApp};

use Role::*;

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
/// Places and groups (harm outside the home): every agency's to see and report on; linking a
/// child is work on the child's record.
const PLACES: &[Role] = &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, PartnerAgency];
/// The provider register: read by whoever places children or reviews their
/// care, and by commissioners and analysts; loaded by commissioners.
const VIEW_PROVIDERS: &[Role] =
    &[SocialWorker, Lcpp, PracticeSupervisor, IndependentReviewingOfficer, FosteringOfficer, Commissioner, PerformanceAnalyst];
const MANAGE_PROVIDERS: &[Role] = &[Commissioner];
/// Sharing with the region: the analyst's; the key is the administrator's.
const SHARING: &[Role] = &[PerformanceAnalyst];
// Forecasts: the placements commissioner and the analyst (RCC-2).
const FORECAST: &[Role] = &[Commissioner, PerformanceAnalyst];
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
    /// A serious incident under rapid review, about `person`, and an agency's summary asked for.
    incident: String,
    summary: String,
    /// A learning action from `incident`.
    learning: String,
    worker: String,
    assignment: String,
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
    app.created(&format!("/api/v1/workforce/workers/{worker}/experience"), &hr, period, "id").await;
    let assignment = app
        .created(
            &format!("/api/v1/workforce/workers/{worker}/assignments"),
            &hr,
            json!({"agency": "A", "role_type": "SW", "team": "T", "start_date": "2026-11-23", "notice_days": 28, "pay_pence": 3000,
                "references_received": 2}),
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
    let place = app.created("/api/v1/places", &t, json!({"name": "Matrix Park", "kind": "park"}), "id").await;
    let link = app
        .created(
            &format!("/api/v1/places/{place}/children"),
            &t,
            json!({"child_id": person, "harm": "criminal_exploitation", "source": "police", "what": "Seen there late", "raised_on": "2026-11-20"}),
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
        place,
        link,
        incident,
        summary,
        worker,
        assignment,
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

fn api_cases(f: &Fixture) -> Vec<(&'static str, String, Option<Value>, &'static [Role])> {
    let p = &f.person;
    let person_body = json!({"given_name": "One", "family_name": "Matrix", "date_of_birth": "2018-01-01", "sex": "U", "version": 999, "confirm_not_duplicate": true});
    let settings = json!({"name": "X Council", "brand_colour": "#1d4f5c", "child_population": 1000, "day_counting": "event_is_day_zero",
        "caseload_caps": {"family_help_practitioner": 18, "social_worker": 18, "lcpp": 12}, "version": 999});
    vec![
        ("GET", "/api/v1/me".into(), None, ALL),
        ("GET", "/api/v1/people?q=matrix".into(), None, SEARCH),
        ("POST", "/api/v1/people".into(), Some(person_body.clone()), WRITE_RECORDS),
        ("GET", format!("/api/v1/people/{p}"), None, READ_RECORDS),
        ("PUT", format!("/api/v1/people/{p}"), Some(person_body), WRITE_RECORDS),
        ("PUT", format!("/api/v1/people/{p}/upn"), Some(json!({"upn": "x", "version": 1})), WRITE_RECORDS),
        ("GET", format!("/api/v1/people/{p}/history"), None, READ_RECORDS),
        ("POST", format!("/api/v1/people/{p}/relationships"), Some(json!({"relative_id": f.other, "kind": "friend"})), WRITE_RECORDS),
        (
            "POST",
            format!("/api/v1/people/{p}/households"),
            Some(json!({"membership": "regularly_visits", "start_date": "2020-01-01"})),
            WRITE_RECORDS,
        ),
        (
            "POST",
            format!("/api/v1/people/{p}/addresses"),
            Some(json!({"line1": "1 High St", "town": "Northmoor", "postcode": "NM1 1AA", "start_date": "2020-01-01"})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/people/{p}/merge"), Some(json!({"duplicate_id": f.other, "reason": ""})), MANAGERS),
        (
            "POST",
            format!("/api/v1/household-memberships/{}/end", f.membership),
            Some(json!({"end_date": "2017-01-01", "version": 1})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/people/{p}/professionals"), Some(json!({"role": "gp", "organisation": "Surgery"})), WRITE_RECORDS),
        ("POST", format!("/api/v1/professionals/{S47}/end"), Some(json!({"end_date": "2026-11-23", "version": 1})), WRITE_RECORDS),
        ("GET", "/api/v1/settings".into(), None, ALL),
        ("PUT", "/api/v1/settings".into(), Some(settings), ADMIN),
        ("GET", "/api/v1/calendar/bank-holidays".into(), None, ALL),
        ("POST", "/api/v1/calendar/bank-holidays".into(), Some(json!({"date": "2026-12-25", "name": "Christmas Day"})), ADMIN),
        ("GET", "/api/v1/calendar/due-date?from=2026-01-05&working_days=3".into(), None, ALL),
        ("GET", "/api/v1/users".into(), None, ADMIN),
        ("POST", "/api/v1/users".into(), Some(json!({"username": "x", "display_name": "", "role": "nope", "password": "short"})), ADMIN),
        ("GET", "/api/v1/audit/verify".into(), None, ADMIN),
        (
            "POST",
            "/api/v1/contacts".into(),
            Some(json!({"channel": "phone", "source": "6", "concerns": "x", "consent": "given", "child_ids": [p]})),
            WRITE_RECORDS,
        ),
        ("GET", "/api/v1/contacts".into(), None, WRITE_RECORDS),
        ("GET", format!("/api/v1/contacts/{}", f.contact), None, WRITE_RECORDS),
        (
            "POST",
            format!("/api/v1/contacts/{}/decision", f.contact),
            Some(json!({"decision": "nfa", "reason": "x", "version": 99})),
            DECIDERS,
        ),
        ("POST", format!("/api/v1/contacts/{}/feedback", f.contact), Some(json!({"note": "x", "version": 99})), WRITE_RECORDS),
        ("GET", format!("/api/v1/people/{p}/family-help"), None, READ_RECORDS),
        ("POST", format!("/api/v1/episodes/{}/allocation", f.episode), Some(json!({"lead_id": f.other, "version": 99})), MANAGERS),
        (
            "POST",
            format!("/api/v1/episodes/{}/level", f.episode),
            Some(json!({"level": "child_in_need", "from_date": "2026-11-23", "reason": "x", "version": 99})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/episodes/{}/assessments", f.episode), Some(json!({"start_date": "2026-11-23"})), WRITE_RECORDS),
        (
            "POST",
            format!("/api/v1/assessments/{}/complete", f.assessment),
            Some(
                json!({"completed_date": "2026-11-23", "child_seen": true, "child_seen_alone": false, "factors": [], "outcome": "bad", "version": 99}),
            ),
            MANAGERS,
        ),
        ("GET", format!("/api/v1/assessments/{}", f.assessment), None, READ_RECORDS),
        (
            "PUT",
            format!("/api/v1/assessments/{}/draft", f.assessment),
            Some(json!({"sections": [{"key": "shoe_size", "text": "x", "base_rev": 0}]})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/assessments/{}/submit", f.assessment), Some(json!({"version": 99})), WRITE_RECORDS),
        ("POST", format!("/api/v1/assessments/{}/return", f.assessment), Some(json!({"comment": "", "version": 99})), MANAGERS),
        ("POST", format!("/api/v1/assessments/{}/addenda", f.assessment), Some(json!({"text": "x"})), WRITE_RECORDS),
        ("POST", format!("/api/v1/episodes/{}/plans", f.episode), Some(json!({"start_date": "2026-11-23"})), WRITE_RECORDS),
        ("POST", format!("/api/v1/plans/{}/items", f.plan), Some(json!({"kind": "action", "description": "x"})), WRITE_RECORDS),
        ("POST", format!("/api/v1/plan-items/{}/done", f.item), Some(json!({"done_date": "2026-11-23", "version": 99})), WRITE_RECORDS),
        ("POST", format!("/api/v1/plans/{}/reviews", f.plan), Some(json!({"review_date": "2026-11-23", "summary": "x"})), WRITE_RECORDS),
        (
            "POST",
            format!("/api/v1/episodes/{}/visits", f.episode),
            Some(json!({"visit_date": "2026-11-23", "child_seen": true})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/episodes/{}/oversight", f.episode), Some(json!({"record_date": "2026-11-23", "note": "x"})), MANAGERS),
        (
            "POST",
            format!("/api/v1/episodes/{}/close", f.episode),
            Some(json!({"closure_date": "2026-11-23", "reason": "RC7", "version": 99})),
            WRITE_RECORDS,
        ),
        ("GET", "/api/v1/work-tray".into(), None, TRAY),
        ("PUT", format!("/api/v1/users/{p}"), Some(json!({"role": "qa_officer", "team_ids": [], "version": 1})), ADMIN),
        ("POST", format!("/api/v1/users/{p}/reset-password"), Some(json!({"version": 1})), ADMIN),
        ("POST", format!("/api/v1/users/{p}/deactivate"), Some(json!({"reason": "left", "version": 1})), ADMIN),
        ("POST", format!("/api/v1/users/{p}/reactivate"), Some(json!({"version": 1})), ADMIN),
        ("POST", format!("/api/v1/users/{p}/lcpp-designation"), Some(json!({"designated_on": "2026-01-01", "evidence": "x"})), ADMIN),
        (
            "POST",
            format!("/api/v1/episodes/{}/strategy-discussions", f.episode),
            Some(json!({"held_on": "2030-01-01", "attendees": [], "decision": "x", "plan": "", "other_children_considered": ""})),
            DECIDERS,
        ),
        (
            "POST",
            format!("/api/v1/s47/{S47}/conclude"),
            Some(json!({"concluded_on": "2026-11-23", "outcome": "x", "conference_required": true, "version": 1})),
            DECIDERS,
        ),
        ("GET", format!("/api/v1/people/{p}/child-protection"), None, READ_RECORDS),
        (
            "POST",
            format!("/api/v1/people/{p}/conferences"),
            Some(json!({"kind": "x", "held_on": "2026-01-01", "chair_id": S47,
            "attendees": [], "parents_participation": "", "child_participation": "", "decision": ""})),
            CONFERENCE,
        ),
        ("POST", format!("/api/v1/cp-plans/{S47}/items"), Some(json!({"kind": "action", "description": "x"})), DECIDERS),
        ("POST", format!("/api/v1/cp-plan-items/{S47}/done"), Some(json!({"done_on": "2026-11-23", "version": 1})), DECIDERS),
        (
            "POST",
            format!("/api/v1/cp-plans/{S47}/core-groups"),
            Some(json!({"held_on": "2026-11-23", "agencies": ["police"], "notes": "x"})),
            DECIDERS,
        ),
        ("POST", format!("/api/v1/cp-plans/{S47}/issue"), None, DECIDERS),
        ("GET", format!("/api/v1/cp-plans/{}/record", f.cp_plan), None, READ_RECORDS),
        ("GET", format!("/api/v1/plans/{}/record", f.plan), None, READ_RECORDS),
        (
            "PUT",
            format!("/api/v1/plans/{}/record", f.plan),
            Some(json!({"sections": [{"key": "shoe_size", "text": "9", "base_rev": 0}]})),
            WRITE_RECORDS,
        ),
        // Letters, each refused as incomplete (L-1, L-2, L-3) for those who may.
        (
            "POST",
            format!("/api/v1/people/{p}/conference-invitations"),
            Some(json!({"kind": "initial", "to": "", "time": "", "place": ""})),
            CONFERENCE,
        ),
        ("POST", format!("/api/v1/conferences/{S47}/outcome-letter"), Some(json!({"to": ""})), CONFERENCE),
        (
            "POST",
            format!("/api/v1/plo/{S47}/letter-before-proceedings"),
            Some(json!({"concerns": "", "to": "", "time": "", "place": ""})),
            DECIDERS,
        ),
        ("POST", format!("/api/v1/fgdm/{S47}/invitations"), Some(json!({"to": "", "time": "", "place": ""})), WRITE_RECORDS),
        // R-FH-2: the family help lead (here the test family help practitioner) writes the plan
        // with the LCPP; an unknown section is a 422 for those who may write.
        (
            "PUT",
            format!("/api/v1/cp-plans/{}/record", f.cp_plan),
            Some(json!({"sections": [{"key": "shoe_size", "text": "9", "base_rev": 0}]})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/cp-plans/{S47}/end"), Some(json!({"end_date": "2026-11-23", "reason": "died", "version": 1})), DECIDERS),
        // Children looked after (LA-1..LA-3): social work; a mistaken body is a 422 for those who may.
        ("GET", format!("/api/v1/people/{p}/care"), None, READ_RECORDS),
        (
            "POST",
            format!("/api/v1/people/{p}/care"),
            Some(
                json!({"start_date": "2026-11-23", "category_of_need": "x", "legal_status": "x", "placement_type": "x", "placement_provider": "x", "placement_postcode": "x"}),
            ),
            DECIDERS,
        ),
        (
            "POST",
            format!("/api/v1/people/{p}/care/changes"),
            Some(
                json!({"start_date": "2026-11-23", "legal_status": "x", "placement_type": "x", "placement_provider": "x", "placement_postcode": "x", "version": 1}),
            ),
            DECIDERS,
        ),
        (
            "POST",
            format!("/api/v1/people/{p}/care/leaving"),
            Some(json!({"end_date": "2026-11-23", "reason": "x", "version": 1})),
            DECIDERS,
        ),
        (
            "POST",
            format!("/api/v1/people/{p}/care/reviews"),
            Some(json!({"held_on": "2026-11-23", "chair_id": S47, "participation": "x"})),
            CARE_REVIEW,
        ),
        ("GET", "/api/v1/children-in-care".into(), None, IN_CARE_LIST),
        // Care clocks and missing episodes (LA-5, LA-6): social work.
        ("POST", format!("/api/v1/people/{p}/care/checks"), Some(json!({"kind": "x", "held_on": "2026-11-23"})), DECIDERS),
        ("POST", format!("/api/v1/people/{p}/care/uasc"), Some(json!({"since": "2026-11-24"})), DECIDERS),
        (
            "POST",
            format!("/api/v1/people/{p}/care/connections"),
            Some(json!({"kind": "x", "name": "A", "offered_on": "2026-11-23"})),
            DECIDERS,
        ),
        ("POST", format!("/api/v1/care-connections/{S47}/match"), Some(json!({"on": "2026-11-23", "version": 1})), DECIDERS),
        ("POST", format!("/api/v1/care-connections/{S47}/end"), Some(json!({"on": "2026-11-23", "version": 1})), DECIDERS),
        ("POST", format!("/api/v1/people/{p}/care/adoption"), Some(json!({"decided_on": "2026-11-24"})), DECIDERS),
        (
            "POST",
            format!("/api/v1/care-adoption/{S47}/match"),
            Some(json!({"matched_on": "2026-11-23", "adopters_sex": "F1", "adopters_legal_status": "L0", "version": 1})),
            DECIDERS,
        ),
        (
            "POST",
            format!("/api/v1/care-adoption/{S47}/cease"),
            Some(json!({"ceased_on": "2026-11-23", "reason": "RD4", "version": 1})),
            DECIDERS,
        ),
        // Leaving care (LC-2..LC-6): the matrix's child is 8, so every allowed call is refused as a rule (422).
        ("POST", format!("/api/v1/people/{p}/care/pathway-plans"), Some(json!({"agreed_on": "2026-11-23", "money": "x"})), LEAVING),
        ("POST", format!("/api/v1/people/{p}/care/adviser"), Some(json!({"adviser_id": S47, "from_on": "2026-11-23"})), LEAVING),
        ("POST", format!("/api/v1/people/{p}/care/adviser-contacts"), Some(json!({"contact_on": "2026-11-23", "kind": "visit"})), LEAVING),
        ("POST", format!("/api/v1/people/{p}/care/circumstances"), Some(json!({"from_on": "2026-11-23", "in_touch": "NO"})), LEAVING),
        (
            "POST",
            format!("/api/v1/people/{p}/care/staying"),
            Some(json!({"kind": "staying_put", "carer": "A", "from_on": "2026-11-23"})),
            LEAVING,
        ),
        (
            "POST",
            format!("/api/v1/care-staying/{S47}/end"),
            Some(json!({"to_on": "2026-11-23", "reason": "x", "version": 1})),
            LEAVING_ROLES,
        ),
        (
            "POST",
            format!("/api/v1/people/{p}/care/leaving-care-payments"),
            Some(json!({"kind": "setting_up_home", "paid_on": "2026-11-23", "amount_pence": 100, "purpose": "x"})),
            LEAVING,
        ),
        (
            "POST",
            format!("/api/v1/people/{p}/care/outcomes"),
            Some(json!({"as_at": "2026-11-23", "sdq_reason": "x", "immunisations": true, "teeth_check": true, "substance_misuse": false})),
            DECIDERS,
        ),
        ("POST", format!("/api/v1/people/{p}/care/missing"), Some(json!({"kind": "x", "started_on": "2026-11-23"})), DECIDERS),
        (
            "POST",
            format!("/api/v1/care-missing/{S47}/return"),
            Some(json!({"ended_on": "2026-11-23", "rhi_offered": false, "version": 1})),
            DECIDERS,
        ),
        // Meetings' records (MR-1..MR-3): an unknown section is a 422 for those who may write.
        ("GET", format!("/api/v1/conferences/{}/record", f.conference), None, READ_RECORDS),
        ("GET", format!("/api/v1/plan-reviews/{}/record", f.review), None, READ_RECORDS),
        (
            "PUT",
            format!("/api/v1/conferences/{}/record", f.conference),
            Some(json!({"sections": [{"key": "shoe_size", "text": "9", "base_rev": 0}]})),
            CONFERENCE_RECORD,
        ),
        (
            "PUT",
            format!("/api/v1/plan-reviews/{}/record", f.review),
            Some(json!({"sections": [{"key": "shoe_size", "text": "9", "base_rev": 0}]})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/conferences/{S47}/record/agreement"), Some(json!({"version": 1})), CONFERENCE),
        (
            "POST",
            format!("/api/v1/people/{p}/notes"),
            Some(json!({"occurred_on": "2026-11-23", "source_type": "x", "note": ""})),
            WRITE_RECORDS,
        ),
        ("GET", format!("/api/v1/notes/{}", f.note), None, READ_RECORDS),
        // N-5: only the note's writer may change it (here with a stale version: a 409).
        (
            "PUT",
            format!("/api/v1/notes/{}", f.note),
            Some(json!({"occurred_on": "2026-11-20", "note": "x", "version": 999})),
            &[SocialWorker],
        ),
        ("GET", format!("/api/v1/people/{p}/chronology"), None, READ_RECORDS),
        ("POST", format!("/api/v1/people/{p}/chronology/issue"), None, WRITE_RECORDS),
        ("GET", format!("/api/v1/people/{p}/documents"), None, READ_RECORDS),
        ("POST", format!("/api/v1/people/{p}/documents"), Some(json!({"title": "not multipart"})), WRITE_RECORDS),
        ("GET", format!("/api/v1/documents/{}/content", f.document), None, READ_RECORDS),
        ("POST", format!("/api/v1/documents/{S47}/withdraw"), Some(json!({"reason": "x", "version": 1})), WRITE_RECORDS),
        ("POST", format!("/api/v1/people/{p}/info-requests"), Some(json!({"agency": "x", "question": ""})), WRITE_RECORDS),
        ("POST", format!("/api/v1/info-requests/{S47}/answer"), Some(json!({"response": "x", "version": 1})), ANSWER),
        ("GET", format!("/api/v1/people/{p}/conference-report"), None, READ_RECORDS),
        ("GET", "/api/v1/child-protection/overview".into(), None, CP_OVERVIEW),
        ("GET", "/api/v1/teams".into(), None, TEAM),
        ("POST", "/api/v1/teams".into(), Some(json!({"name": ""})), MANAGERS),
        ("POST", format!("/api/v1/teams/{S47}/members"), Some(json!({"user_id": S47})), MANAGERS),
        ("POST", format!("/api/v1/teams/{S47}/cases"), Some(json!({"child_id": p, "from_date": "2026-11-23"})), DECIDERS),
        ("POST", format!("/api/v1/team-cases/{S47}/end"), Some(json!({"ended_on": "2026-11-23", "version": 1})), DECIDERS),
        ("GET", "/api/v1/team-work".into(), None, TEAM),
        ("GET", "/api/v1/performance?from=2026-04-01&to=2026-11-23".into(), None, PERFORMANCE),
        ("GET", format!("/api/v1/people/{p}/network"), None, READ_RECORDS),
        (
            "POST",
            format!("/api/v1/people/{p}/network/members"),
            Some(json!({"person_id": f.other, "relationship": "", "willingness": "x"})),
            WRITE_RECORDS,
        ),
        (
            "PUT",
            format!("/api/v1/network-members/{S47}"),
            Some(json!({"person_id": f.other, "relationship": "Aunt", "willingness": "willing", "version": 1})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/people/{p}/fgdm"), Some(json!({"stage": "x", "referred_on": "2026-11-23"})), WRITE_RECORDS),
        ("POST", format!("/api/v1/fgdm/{S47}/offers"), Some(json!({"person_id": f.other, "offered_on": "2026-11-23"})), WRITE_RECORDS),
        (
            "POST",
            format!("/api/v1/fgdm-offers/{S47}/answer"),
            Some(json!({"answer": "accepted", "answered_on": "2026-11-23", "version": 1})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/fgdm/{S47}/meeting"), Some(json!({"meeting_on": "2026-11-23", "version": 1})), WRITE_RECORDS),
        (
            "POST",
            format!("/api/v1/fgdm/{S47}/agree"),
            Some(json!({"plan_agreed": "x", "agreed_on": "2026-11-23", "version": 1})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/fgdm/{S47}/exempt"), Some(json!({"reason": "x", "version": 1})), DECIDERS),
        ("POST", format!("/api/v1/people/{p}/plo"), Some(json!({"gateway_on": "2026-11-23", "decision": "x"})), DECIDERS),
        (
            "POST",
            format!("/api/v1/plo/{S47}/letter"),
            Some(json!({"sent_on": "2026-11-23", "includes_fgdm_offer": true, "version": 1})),
            DECIDERS,
        ),
        ("POST", format!("/api/v1/plo/{S47}/meetings"), Some(json!({"held_on": "2026-11-23", "note": "x"})), DECIDERS),
        (
            "POST",
            format!("/api/v1/plo/{S47}/application"),
            Some(json!({"issued_on": "2026-11-23", "kind": "care", "version": 1})),
            DECIDERS,
        ),
        ("POST", format!("/api/v1/plo/{S47}/end"), Some(json!({"ended_on": "2026-11-23", "outcome": "x", "version": 1})), DECIDERS),
        (
            "POST",
            format!("/api/v1/people/{p}/kinship"),
            Some(json!({"carer_id": f.other, "kind": "x", "start_date": "2026-11-23"})),
            WRITE_RECORDS,
        ),
        (
            "POST",
            format!("/api/v1/kinship/{S47}/end"),
            Some(json!({"child_id": p, "end_date": "2026-11-23", "reason": "Returned home", "version": 1})),
            WRITE_RECORDS,
        ),
        ("GET", format!("/api/v1/people/{p}/support-packages"), None, SUPPORT_VIEW),
        ("POST", format!("/api/v1/people/{p}/support-packages"), Some(json!({"purpose": "", "items": []})), WRITE_RECORDS),
        (
            "POST",
            format!("/api/v1/support-packages/{S47}/decision"),
            Some(json!({"decision": "approve", "note": "x", "version": 1})),
            DECIDERS,
        ),
        (
            "POST",
            format!("/api/v1/support-packages/{S47}/payments"),
            Some(json!({"paid_on": "2026-11-23", "amount_pence": 100, "payee": "x", "version": 1})),
            MANAGERS,
        ),
        ("POST", format!("/api/v1/support-packages/{S47}/close"), Some(json!({"closed_on": "2026-11-23", "version": 1})), WRITE_RECORDS),
        ("GET", "/api/v1/support-budget".into(), None, PERFORMANCE),
        // Foster carers (CR-1 to CR-5): the fostering team and managers record them.
        ("GET", "/api/v1/carers".into(), None, VIEW_CARERS),
        ("POST", "/api/v1/carers".into(), Some(json!({"name": "", "kind": "x", "enquiry_on": "2026-11-23"})), MANAGE_CARERS),
        ("GET", format!("/api/v1/carers/{}", f.carer), None, VIEW_CARERS),
        ("GET", format!("/api/v1/carers/{S47}"), None, VIEW_CARERS),
        ("PUT", format!("/api/v1/carers/{S47}"), Some(json!({"name": "A", "version": 1})), MANAGE_CARERS),
        (
            "POST",
            format!("/api/v1/carers/{S47}/stage"),
            Some(json!({"stage": "initial_visit", "on": "2026-11-23", "version": 1})),
            MANAGE_CARERS,
        ),
        (
            "POST",
            format!("/api/v1/carers/{S47}/approval"),
            Some(json!({"on": "2026-11-23", "age_from": 0, "age_to": 17, "places": 1, "version": 1})),
            MANAGE_CARERS,
        ),
        (
            "POST",
            format!("/api/v1/carers/{S47}/terms"),
            Some(json!({"on": "2026-11-23", "age_from": 0, "age_to": 17, "places": 1, "version": 1})),
            MANAGE_CARERS,
        ),
        ("POST", format!("/api/v1/carers/{S47}/temporary-approval"), Some(json!({"on": "2026-11-23", "version": 1})), MANAGE_CARERS),
        ("POST", format!("/api/v1/carers/{S47}/reviews"), Some(json!({"on": "2026-11-23", "version": 1})), MANAGE_CARERS),
        ("POST", format!("/api/v1/carers/{S47}/end"), Some(json!({"on": "2026-11-23", "reason": "resigned", "version": 1})), MANAGE_CARERS),
        ("GET", "/api/v1/carer-allowances".into(), None, VIEW_CARERS),
        (
            "POST",
            "/api/v1/carer-allowances".into(),
            Some(json!({"from": "2026-11-23", "age_0_2_pence": 1, "age_3_4_pence": 1, "age_5_10_pence": 1, "age_11_15_pence": 1,
                "age_16_17_pence": 1, "version": 99})),
            MANAGE_CARERS,
        ),
        // The provider register.
        ("GET", "/api/v1/providers".into(), None, VIEW_PROVIDERS),
        ("GET", format!("/api/v1/providers/{URN47}"), None, VIEW_PROVIDERS),
        ("POST", "/api/v1/providers/loads".into(), Some(json!({"not": "a csv file"})), MANAGE_PROVIDERS),
        ("GET", format!("/api/v1/providers/loads/{S47}"), None, VIEW_PROVIDERS),
        // Searching for a home.
        (
            "POST",
            format!("/api/v1/people/{p}/home-searches"),
            Some(json!({"urgency": "x", "home_kind": "x", "needed_by": "2026-11-20",
            "needs": "", "risk_to_child": "x", "risk_to_others": "x"})),
            START_HOME_SEARCH,
        ),
        ("GET", "/api/v1/home-searches".into(), None, HOME_SEARCH),
        ("GET", format!("/api/v1/home-searches/{S47}"), None, HOME_SEARCH),
        (
            "POST",
            format!("/api/v1/home-searches/{S47}/answers"),
            Some(json!({"provider_name": "P", "answered_on": "2026-11-20", "answer": "no_reply"})),
            HOME_SEARCH,
        ),
        (
            "POST",
            format!("/api/v1/home-search-offers/{S47}/decision"),
            Some(json!({"version": 1, "accept": true, "decided_on": "2026-11-20"})),
            HOME_SEARCH,
        ),
        (
            "POST",
            format!("/api/v1/home-searches/{S47}/end"),
            Some(json!({"version": 1, "ended_on": "2026-11-20", "end_reason": "other"})),
            HOME_SEARCH,
        ),
        // Sharing with the region.
        ("GET", "/api/v1/forecasts".into(), None, FORECAST),
        ("POST", "/api/v1/forecasts".into(), Some(json!({"title": "", "source": "x"})), FORECAST),
        ("GET", format!("/api/v1/forecasts/{S47}"), None, FORECAST),
        ("GET", format!("/api/v1/forecasts/{S47}/weekly"), None, FORECAST),
        ("GET", "/api/v1/sharing/extracts".into(), None, SHARING),
        ("POST", "/api/v1/sharing/extracts".into(), Some(json!({"purpose": "x", "agreement": "", "delete_by": "2026-11-20"})), SHARING),
        ("GET", format!("/api/v1/sharing/extracts/{S47}"), None, SHARING),
        ("GET", format!("/api/v1/sharing/extracts/{S47}/header"), None, SHARING),
        ("POST", "/api/v1/sharing/key".into(), None, ADMIN),
        // Places and groups.
        ("GET", "/api/v1/places".into(), None, PLACES),
        ("POST", "/api/v1/places".into(), Some(json!({"name": "", "kind": "park"})), PLACES),
        ("GET", format!("/api/v1/places/{S47}"), None, PLACES),
        (
            "POST",
            format!("/api/v1/places/{S47}/concerns"),
            Some(json!({"harm": "other", "source": "police", "what": "x", "raised_on": "2026-11-20"})),
            PLACES,
        ),
        (
            "POST",
            format!("/api/v1/places/{S47}/children"),
            Some(json!({"child_id": p, "harm": "other", "source": "police", "what": "x", "raised_on": "2026-11-20"})),
            WRITE_RECORDS,
        ),
        ("POST", format!("/api/v1/place-links/{S47}/end"), Some(json!({"version": 1, "ended_on": "2026-11-20"})), PLACES),
        ("GET", format!("/api/v1/people/{p}/places"), None, READ_RECORDS),
        // The safeguarding partnership.
        ("GET", "/api/v1/partnership/incidents".into(), None, VIEW_PARTNERSHIP),
        ("GET", "/api/v1/partnership/learning".into(), None, VIEW_PARTNERSHIP),
        (
            "POST",
            "/api/v1/partnership/learning".into(),
            Some(json!({"source": "x", "action": "", "owner_agency": "police",
            "owner_name": "P", "agreed_on": "2026-11-20", "due_on": "2026-11-20", "impact_measure": ""})),
            MANAGE_PARTNERSHIP,
        ),
        (
            "POST",
            format!("/api/v1/partnership/learning/{S47}/complete"),
            Some(json!({"version": 1, "completed_on": "2026-11-20", "evidence": "x"})),
            MANAGE_PARTNERSHIP,
        ),
        (
            "POST",
            "/api/v1/partnership/incidents".into(),
            Some(json!({"kind": "x", "incident_on": "2026-11-20", "aware_on": "2026-11-20",
            "what_happened": ""})),
            MANAGE_PARTNERSHIP,
        ),
        ("GET", format!("/api/v1/partnership/incidents/{S47}"), None, VIEW_PARTNERSHIP),
        (
            "POST",
            format!("/api/v1/partnership/incidents/{S47}/notification"),
            Some(json!({"version": 1, "notified": true, "on": "2026-11-20"})),
            MANAGE_PARTNERSHIP,
        ),
        (
            "POST",
            format!("/api/v1/partnership/incidents/{S47}/summaries"),
            Some(json!({"agency": "police", "agency_name": "P", "requested_on": "2026-11-20"})),
            MANAGE_PARTNERSHIP,
        ),
        (
            "POST",
            format!("/api/v1/partnership/summaries/{S47}/received"),
            Some(json!({"version": 1, "received_on": "2026-11-20"})),
            MANAGE_PARTNERSHIP,
        ),
        (
            "POST",
            format!("/api/v1/partnership/incidents/{S47}/review"),
            Some(json!({"version": 1, "completed_on": "2026-11-20", "sent_to_panel_on": "2026-11-20", "hold_local_review": false})),
            MANAGE_PARTNERSHIP,
        ),
        (
            "POST",
            format!("/api/v1/partnership/incidents/{S47}/local-review"),
            Some(json!({"version": 1, "step": "panel_copy", "on": "2026-11-20"})),
            MANAGE_PARTNERSHIP,
        ),
        // The workforce.
        ("GET", "/api/v1/workforce".into(), None, VIEW_WORKFORCE),
        ("GET", "/api/v1/workforce/agency-return?quarter=2026-Q4".into(), None, VIEW_WORKFORCE),
        ("POST", "/api/v1/workforce/workers".into(), Some(json!({"name": ""})), MANAGE_WORKFORCE),
        ("GET", format!("/api/v1/workforce/workers/{S47}"), None, VIEW_WORKFORCE),
        (
            "POST",
            format!("/api/v1/workforce/workers/{S47}/experience"),
            Some(json!({"employer": "A", "employer_kind": "other", "country": "england", "children_and_families": true,
                "engagement": "direct", "registered": true, "from": "2020-01-01"})),
            MANAGE_WORKFORCE,
        ),
        (
            "POST",
            format!("/api/v1/workforce/workers/{S47}/assignments"),
            Some(json!({"agency": "A", "role_type": "SW", "team": "T", "start_date": "2026-11-23", "notice_days": 28, "pay_pence": 3000,
                "references_received": 2})),
            MANAGE_WORKFORCE,
        ),
        (
            "POST",
            format!("/api/v1/workforce/assignments/{S47}/sign-off"),
            Some(json!({"by_role": "dcs", "name": "A", "signed_on": "2026-11-23", "version": 1})),
            MANAGE_WORKFORCE,
        ),
        (
            "POST",
            format!("/api/v1/workforce/assignments/{S47}/end"),
            Some(json!({"ended_on": "2026-11-23", "version": 1})),
            MANAGE_WORKFORCE,
        ),
    ]
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
        &f.incident,
        &f.summary,
        &f.learning,
        &f.worker,
        &f.assignment,
        &S47.to_owned(),
    ] {
        p = p.replace(id.as_str(), "{id}");
    }
    p.replace(URN47, "{urn}")
        .replace(f.provider.as_str(), "{urn}")
        .replace("/extracts/{id}/header", "/extracts/{id}/{table}")
        .replace("/incidents/{id}/summaries/{id}/received", "/incidents/{id}/summaries/{sid}/received")
        .replace("/forecasts/{id}/weekly.csv", "/forecasts/{id}/{file}")
        .replace("/sharing/{id}/header.csv", "/sharing/{id}/{file}")
        .replace("/forecasts/{id}/weekly", "/forecasts/{id}/{table}")
        .replace("/ssda903/2026-27/header.csv", "/ssda903/{year}/{table}")
        .replace("/ssda903/2026-27/xml", "/ssda903/{year}/{table}")
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
        ("/forecasts".into(), FORECAST),
        ("/forecasts/new".into(), FORECAST),
        ("/sharing".into(), SHARING),
        ("/sharing/new".into(), SHARING),
        ("/sharing/key".into(), ADMIN),
        ("/providers".into(), VIEW_PROVIDERS),
        ("/providers?q=matrix".into(), VIEW_PROVIDERS),
        ("/providers/load".into(), MANAGE_PROVIDERS),
        (format!("/providers/{}", f.provider), VIEW_PROVIDERS),
        (format!("/providers/loads/{}", f.provider_load), VIEW_PROVIDERS),
        ("/places".into(), PLACES),
        ("/places/new".into(), PLACES),
        (format!("/places/{}", f.place), PLACES),
        (format!("/places/{}/concerns", f.place), PLACES),
        (format!("/people/{p}/places?child={p}"), WRITE_RECORDS),
        (format!("/place-links/{}/end?child={p}", f.link), WRITE_RECORDS),
        ("/partnership".into(), VIEW_PARTNERSHIP),
        ("/partnership/learning".into(), VIEW_PARTNERSHIP),
        (format!("/partnership/learning/new?incident={}", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/learning/{}/complete", f.learning), MANAGE_PARTNERSHIP),
        ("/partnership/incidents/new".into(), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}", f.incident), VIEW_PARTNERSHIP),
        (format!("/partnership/incidents/{}/notification", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/summaries", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/summaries/{}/received", f.incident, f.summary), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/review", f.incident), MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{}/local-review", f.incident), MANAGE_PARTNERSHIP),
        ("/workforce".into(), VIEW_WORKFORCE),
        ("/workforce/agency-return".into(), VIEW_WORKFORCE),
        ("/workforce/agency-return.csv?quarter=2026-Q4".into(), VIEW_WORKFORCE),
        ("/workforce/workers/new".into(), MANAGE_WORKFORCE),
        (format!("/workforce/workers/{}", f.worker), VIEW_WORKFORCE),
        (format!("/workforce/workers/{}/experience", f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/workers/{}/assignments", f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{}/sign-off?worker={}", f.assignment, f.worker), MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{}/end?worker={}", f.assignment, f.worker), MANAGE_WORKFORCE),
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
        (format!("/support-packages/{S47}/decide?child={p}"), DECIDERS),
        (format!("/support-packages/{S47}/payment?child={p}"), MANAGERS),
        (format!("/returns/jobs/{S47}"), PERFORMANCE),
        (format!("/returns/jobs/{S47}/issues.csv"), PERFORMANCE),
        (format!("/returns/jobs/{S47}/progress"), PERFORMANCE),
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
        ("/sharing/new".into(), vec![("purpose", "x".into())], SHARING),
        ("/forecasts/new".into(), vec![("title", String::new())], FORECAST),
        (format!("/people/{p}/home-search"), vec![("needs", String::new())], START_HOME_SEARCH),
        (format!("/home-searches/{S47}/answers"), vec![("answer", "no_reply".into())], HOME_SEARCH),
        (format!("/home-searches/{S47}/end"), vec![("version", "1".into())], HOME_SEARCH),
        (format!("/home-search-offers/{S47}/decision?search={S47}"), vec![("decision", "accept".into())], HOME_SEARCH),
        ("/places/new".into(), vec![("name", String::new())], PLACES),
        (format!("/places/{S47}/concerns"), vec![("what", String::new())], PLACES),
        (format!("/people/{p}/places?child={p}"), vec![("what", String::new())], WRITE_RECORDS),
        (format!("/place-links/{S47}/end?child={p}"), vec![("version", "1".into())], PLACES),
        ("/partnership/incidents/new".into(), vec![("kind", String::new())], MANAGE_PARTNERSHIP),
        ("/partnership/learning/new".into(), vec![("action", String::new())], MANAGE_PARTNERSHIP),
        (format!("/partnership/learning/{S47}/complete"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/notification"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/summaries"), vec![("agency", "police".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/summaries/{S47}/received"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/review"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        (format!("/partnership/incidents/{S47}/local-review"), vec![("version", "1".into())], MANAGE_PARTNERSHIP),
        ("/workforce/workers/new".into(), vec![("name", String::new())], MANAGE_WORKFORCE),
        (format!("/workforce/workers/{S47}/experience"), vec![("employer", "A".into())], MANAGE_WORKFORCE),
        (format!("/workforce/workers/{S47}/assignments"), vec![("agency", "A".into())], MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{S47}/sign-off?worker={S47}"), vec![("version", "1".into())], MANAGE_WORKFORCE),
        (format!("/workforce/assignments/{S47}/end?worker={S47}"), vec![("version", "1".into())], MANAGE_WORKFORCE),
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
