//! The safeguarding partnership on pages: the business manager's list of serious
//! incidents with what is due and overdue, an incident's page with its clocks, and a form for
//! each step, each posting to the same service function as the API. A refusal comes back on the
//! form with why. Every page works without JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::partnership::{IncidentKind, ReviewAgency};
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::partnership::{
    self as svc, IncidentInput, IncidentView, LocalReviewInput, NotificationInput, PartnershipView, RapidReviewInput, SummaryReceivedInput,
    SummaryRequestInput,
};
use serde::Deserialize;
use uuid::Uuid;

use super::fields::{
    Reply, SavedQuery, allowed, date_field, errors_of, in_one_round, saved_at, saved_or_again, shown, unreadable_date, when_valid,
};
use super::{Field, Layout, can, form_response, get, options, yes_no};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

async fn incident_of(state: &AppState, user: &PageUser, id: Uuid) -> Result<IncidentView, PageError> {
    Ok(svc::incident(&state.db, &user.ctx(state), id).await?)
}

fn caption(i: &IncidentView) -> (String, String) {
    (format!("Serious incident: {}", i.child_name), format!("/partnership/incidents/{}", i.id))
}

fn version(i: &IncidentView) -> Field {
    Field::Hidden("version", i.version.to_string())
}

/// A select that starts on "Choose": nothing recorded unread.
fn choose(mut o: Vec<(String, String)>) -> Vec<(String, String)> {
    o.insert(0, (String::new(), "Choose".to_owned()));
    o
}

fn done(id: Uuid) -> Response {
    saved_at(&format!("/partnership/incidents/{id}"))
}

/// A form about one incident: its heading, where it posts and its fields.
type IncidentForm = (&'static str, String, Vec<Field>);

/// A form about one incident, drawn from the incident by `page`: fresh, or again with what was
/// typed and the errors.
async fn incident_form(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    page: impl FnOnce(&IncidentView) -> Result<IncidentForm, ServiceError>,
    errors: Vec<FieldError>,
) -> Reply {
    let i = incident_of(state, user, id).await?;
    let (heading, action, fields) = page(&i)?;
    Ok(form_response(state, user, "/partnership", caption(&i), (heading, action), fields, errors).await)
}

// ---------------------------------------------------------------------------------------------
// The list and an incident's page.

#[derive(Deserialize)]
pub struct ListQuery {
    before: Option<Uuid>,
}

#[derive(Template)]
#[template(path = "partnership/list.html")]
struct ListPage {
    layout: Layout,
    p: PartnershipView,
    can_manage: bool,
}

/// The serious incidents with a clock running, and all of them.
pub async fn list(State(state): State<AppState>, user: PageUser, Query(q): Query<ListQuery>) -> Reply {
    let p = svc::overview(&state.db, &user.ctx(&state), q.before).await?;
    let can_manage = can(user.actor(), Action::ManagePartnership);
    shown(&state, &user, ("Serious incidents and reviews", "/partnership"), |layout| ListPage { layout, p, can_manage }).await
}

#[derive(Template)]
#[template(path = "partnership/incident.html")]
struct IncidentPage {
    layout: Layout,
    i: IncidentView,
    can_manage: bool,
    saved: bool,
}

/// A serious incident's page.
pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<SavedQuery>) -> Reply {
    let i = incident_of(&state, &user, id).await?;
    let (title, can_manage) = (format!("Serious incident: {}", i.child_name), can(user.actor(), Action::ManagePartnership));
    shown(&state, &user, (&title, "/partnership"), |layout| IncidentPage { layout, i, can_manage, saved: q.saved.is_some() }).await
}

// ---------------------------------------------------------------------------------------------
// A new incident.

fn incident_fields(f: Option<&FormData>) -> Vec<Field> {
    let checked = |k: &str| f.is_some_and(|f| f.checked(k));
    vec![
        Field::Text("child_nhs_number", "The child's NHS number", get(f, "child_nhs_number"), "10 digits, for example 943 476 5919"),
        Field::Radios("kind", "What happened to the child?", options(IncidentKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
        Field::Checkbox("looked_after", "The child was looked after by a council", checked("looked_after")),
        Field::Checkbox("outside_england", "It happened outside England while the child normally lived here", checked("outside_england")),
        Field::Text("home_la", "The child's home council, if another council", get(f, "home_la"), "Leave blank if it is this council"),
        date_field("incident_on", "When did it happen?", f, None),
        date_field("aware_on", "When did the council become aware?", f, None),
        Field::TextArea(
            "what_happened",
            "What happened, briefly",
            get(f, "what_happened"),
            "Abuse or neglect known or suspected, and the harm. The full account belongs in the agencies' summaries.",
        ),
    ]
}

async fn draw_incident(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    let at = ("Record a serious incident", "/partnership/incidents/new".to_owned());
    form_response(state, user, "/partnership", (String::new(), "/partnership".into()), at, incident_fields(f), errors).await
}

pub async fn new_incident_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    Ok(draw_incident(&state, &user, None, vec![]).await)
}

pub async fn new_incident(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let incident_on = form.required_date("incident_on", "The day it happened", &mut errors);
    let aware_on = form.required_date("aware_on", "The day the council became aware", &mut errors);
    let input = IncidentInput {
        child_nhs_number: form.opt("child_nhs_number"),
        child_id: None,
        kind: form.get("kind").into(),
        looked_after: form.checked("looked_after"),
        outside_england: form.checked("outside_england"),
        home_la: form.opt("home_la"),
        incident_on: incident_on.unwrap_or_else(|| unreadable_date(&ctx)),
        aware_on: aware_on.unwrap_or_else(|| unreadable_date(&ctx)),
        what_happened: form.get("what_happened").into(),
    };
    let result = when_valid(errors, svc::record_incident(&state.db, &ctx, &input)).await;
    let again = async |errors| Ok(draw_incident(&state, &user, Some(&form), errors).await);
    saved_or_again(result, done, |e| errors_of(e, "child_nhs_number"), again).await
}

// ---------------------------------------------------------------------------------------------
// The decision on notifying the Panel.

fn notification_fields(i: &IncidentView, f: Option<&FormData>) -> Vec<Field> {
    let due = i.clocks.first().map(|c| c.due.format("%-d %B %Y").to_string()).unwrap_or_default();
    let when = match i.notified {
        None => format!(
            "The Child Safeguarding Practice Review Panel is notified through Ofsted's online form within 5 working days of the council becoming aware: by {due}. The death of a child looked after is always notified."
        ),
        Some(_) => "The decision on notifying the Panel has already been recorded for this incident.".to_owned(),
    };
    vec![
        version(i),
        Field::Paragraph(when),
        yes_no("notified", "Has the Panel been notified?", f),
        date_field("on", "When was it sent, or the decision not to notify made?", f, None),
        Field::Text("ofsted_reference", "Ofsted's reference (if notified)", get(f, "ofsted_reference"), ""),
        Field::TextArea("reasons", "If not notified: why", get(f, "reasons"), "Who decided, and why the case does not meet the criteria"),
    ]
}

fn notification_page(i: &IncidentView, f: Option<&FormData>) -> Result<IncidentForm, ServiceError> {
    let action = format!("/partnership/incidents/{}/notification", i.id);
    Ok(("Notify the Panel, or record the decision not to", action, notification_fields(i, f)))
}

pub async fn notification_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    incident_form(&state, &user, id, |i| notification_page(i, None), vec![]).await
}

pub async fn notification(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    if !matches!(form.get("notified"), "yes" | "no") {
        errors.add("notified", "Choose whether the Panel has been notified");
    }
    let on = form.required_date("on", "The date", &mut errors);
    let input = NotificationInput {
        version: form.get("version").parse().unwrap_or_default(),
        notified: form.get("notified") == "yes",
        on: on.unwrap_or_else(|| unreadable_date(&ctx)),
        ofsted_reference: form.opt("ofsted_reference"),
        reasons: form.opt("reasons"),
    };
    let result = in_one_round(errors, "on", svc::decide_notification(&state.db, &ctx, id, &input)).await;
    // Missing reasons belong to the reasons box; a looked-after child's death to the choice.
    let on_field = |e: ServiceError| {
        let field = match &e {
            ServiceError::Rule(r) if r.rule == "MASA-RR-4" => "notified",
            ServiceError::Rule(_) if !input.notified && input.reasons.is_none() => "reasons",
            _ => "on",
        };
        errors_of(e, field)
    };
    let again = async |errors| incident_form(&state, &user, id, |i| notification_page(i, Some(&form)), errors).await;
    saved_or_again(result, |()| done(id), on_field, again).await
}

// ---------------------------------------------------------------------------------------------
// Agencies' summaries.

fn summary_fields(f: Option<&FormData>) -> Vec<Field> {
    vec![
        Field::Select("agency", "Which kind of agency?", choose(options(ReviewAgency::ALL, |a| a.code(), |a| a.label())), get(f, "agency")),
        Field::Text("agency_name", "The agency's name", get(f, "agency_name"), "For example Northmoor Police, or St Anne's Primary School"),
        date_field("requested_on", "When was the summary asked for?", f, None),
    ]
}

fn summary_page(i: &IncidentView, f: Option<&FormData>) -> Result<IncidentForm, ServiceError> {
    Ok(("Ask an agency for its summary", format!("/partnership/incidents/{}/summaries", i.id), summary_fields(f)))
}

pub async fn summary_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    incident_form(&state, &user, id, |i| summary_page(i, None), vec![]).await
}

pub async fn summary(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let requested_on = form.required_date("requested_on", "The date it was asked for", &mut errors);
    let input = SummaryRequestInput {
        agency: form.get("agency").into(),
        agency_name: form.get("agency_name").into(),
        requested_on: requested_on.unwrap_or_else(|| unreadable_date(&ctx)),
    };
    let result = in_one_round(errors, "requested_on", svc::request_summary(&state.db, &ctx, id, &input)).await;
    let again = async |errors| incident_form(&state, &user, id, |i| summary_page(i, Some(&form)), errors).await;
    saved_or_again(result, |()| done(id), |e| errors_of(e, "requested_on"), again).await
}

fn received_page(i: &IncidentView, sid: Uuid, f: Option<&FormData>) -> Result<IncidentForm, ServiceError> {
    let s = i.summaries.iter().find(|s| s.id == sid).ok_or(ServiceError::NotFound("agency summary"))?;
    let fields = vec![
        Field::Hidden("version", s.version.to_string()),
        Field::Paragraph(format!("{} ({}), asked for on {}.", s.agency_name, s.agency_label, s.requested_on.format("%-d %B %Y"))),
        date_field("received_on", "When was it received?", f, None),
        Field::TextArea("summary", "What it said, in short (optional)", get(f, "summary"), "The full summary is kept as a document"),
    ];
    Ok(("An agency's summary received", format!("/partnership/incidents/{}/summaries/{sid}/received", i.id), fields))
}

pub async fn received_form(State(state): State<AppState>, user: PageUser, Path(ids): Path<(Uuid, Uuid)>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    incident_form(&state, &user, ids.0, |i| received_page(i, ids.1, None), vec![]).await
}

pub async fn received(State(state): State<AppState>, user: PageUser, Path(ids): Path<(Uuid, Uuid)>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let received_on = form.required_date("received_on", "The date it was received", &mut errors);
    let input = SummaryReceivedInput {
        version: form.get("version").parse().unwrap_or_default(),
        received_on: received_on.unwrap_or_else(|| unreadable_date(&ctx)),
        summary: form.opt("summary"),
    };
    let result = in_one_round(errors, "received_on", svc::receive_summary(&state.db, &ctx, ids.1, &input)).await;
    let again = async |errors| incident_form(&state, &user, ids.0, |i| received_page(i, ids.1, Some(&form)), errors).await;
    saved_or_again(result, |()| done(ids.0), |e| errors_of(e, "received_on"), again).await
}

// ---------------------------------------------------------------------------------------------
// The rapid review's outcome.

fn review_fields(i: &IncidentView, f: Option<&FormData>) -> Vec<Field> {
    let due = i.clocks.iter().find(|c| c.rule == "MASA-RR-5").map(|c| c.due.format("%-d %B %Y").to_string());
    let when = match due {
        Some(due) => format!(
            "The rapid review is due with the Panel 15 working days after the notification: by {due}. Every agency asked must have sent its summary."
        ),
        None => "A rapid review follows a notification to the Panel: record the notification first.".to_owned(),
    };
    vec![
        version(i),
        Field::Paragraph(when),
        date_field("completed_on", "When did the three safeguarding partners sign it off?", f, None),
        date_field("sent_to_panel_on", "When was it sent to the Panel?", f, None),
        Field::TextArea("immediate_actions", "Immediate actions to keep children safe", get(f, "immediate_actions"), ""),
        Field::TextArea(
            "equality_analysis",
            "How race, racism and other inequalities shaped the child's experience and the practice around them",
            get(f, "equality_analysis"),
            "Disability among them",
        ),
        yes_no("hold_local_review", "Will the partners hold a local child safeguarding practice review?", f),
        Field::TextArea("reasons", "Why", get(f, "reasons"), "The Panel reads this with the review"),
    ]
}

fn review_page(i: &IncidentView, f: Option<&FormData>) -> Result<IncidentForm, ServiceError> {
    Ok(("The rapid review is complete", format!("/partnership/incidents/{}/review", i.id), review_fields(i, f)))
}

pub async fn review_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    incident_form(&state, &user, id, |i| review_page(i, None), vec![]).await
}

pub async fn review(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let completed_on = form.required_date("completed_on", "The date it was signed off", &mut errors);
    let sent = form.required_date("sent_to_panel_on", "The date it was sent to the Panel", &mut errors);
    if !matches!(form.get("hold_local_review"), "yes" | "no") {
        errors.add("hold_local_review", "Choose whether the partners will hold a local review");
    }
    let input = RapidReviewInput {
        version: form.get("version").parse().unwrap_or_default(),
        completed_on: completed_on.unwrap_or_else(|| unreadable_date(&ctx)),
        sent_to_panel_on: sent.unwrap_or_else(|| unreadable_date(&ctx)),
        immediate_actions: form.get("immediate_actions").into(),
        equality_analysis: form.get("equality_analysis").into(),
        hold_local_review: form.get("hold_local_review") == "yes",
        reasons: form.get("reasons").into(),
    };
    let result = when_valid(errors, svc::complete_review(&state.db, &ctx, id, &input)).await;
    let on_field = |e: ServiceError| {
        let field = match &e {
            ServiceError::Rule(r) if r.rule == "MASA-RR-5" && input.equality_analysis.trim().is_empty() => "equality_analysis",
            ServiceError::Rule(r) if r.rule == "MASA-RR-6" && input.reasons.trim().is_empty() => "reasons",
            ServiceError::Rule(r) if r.rule == "MASA-RR-6" => "sent_to_panel_on",
            _ => "completed_on",
        };
        errors_of(e, field)
    };
    let again = async |errors| incident_form(&state, &user, id, |i| review_page(i, Some(&form)), errors).await;
    saved_or_again(result, |()| done(id), on_field, again).await
}

// ---------------------------------------------------------------------------------------------
// The local practice review's steps.

fn local_page(i: &IncidentView, f: Option<&FormData>) -> Result<IncidentForm, ServiceError> {
    let step = i.next_local_step.as_deref().unwrap_or("commissioned");
    let mut fields = vec![version(i), Field::Hidden("step", step.to_owned())];
    let heading = match step {
        "commissioned" => {
            fields.push(Field::Text("reviewer", "The independent reviewer", get(f, "reviewer"), ""));
            fields.push(date_field("on", "When were they commissioned?", f, None));
            "The independent reviewer is commissioned"
        }
        "panel_copy" => {
            fields.push(Field::Paragraph(
                "The final report goes to the Panel and the Secretary of State at least 7 working days before it is published.".into(),
            ));
            fields.push(date_field("on", "When was the final report sent to them?", f, None));
            "The final report goes to the Panel"
        }
        _ => {
            if let Some(d) = i.earliest_publication {
                fields.push(Field::Paragraph(format!("The earliest day it may be published is {}.", d.format("%-d %B %Y"))));
            }
            fields.push(date_field("on", "When was it published?", f, None));
            fields.push(Field::Text("link", "Where is it published?", get(f, "link"), "The web address, starting https://"));
            "The local review is published"
        }
    };
    Ok((heading, format!("/partnership/incidents/{}/local-review", i.id), fields))
}

pub async fn local_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    incident_form(&state, &user, id, |i| local_page(i, None), vec![]).await
}

pub async fn local(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let on = form.required_date("on", "The date", &mut errors);
    let input = LocalReviewInput {
        version: form.get("version").parse().unwrap_or_default(),
        step: form.get("step").into(),
        on: on.unwrap_or_else(|| unreadable_date(&ctx)),
        reviewer: form.opt("reviewer"),
        link: form.opt("link"),
    };
    let result = in_one_round(errors, "on", svc::local_review_step(&state.db, &ctx, id, &input)).await;
    let again = async |errors| incident_form(&state, &user, id, |i| local_page(i, Some(&form)), errors).await;
    saved_or_again(result, |()| done(id), |e| errors_of(e, "on"), again).await
}

// ---------------------------------------------------------------------------------------------
// Learning actions (MASA-SYS-5).

#[derive(Template)]
#[template(path = "partnership/learning.html")]
struct LearningPage {
    layout: Layout,
    l: ff_service::partnership::learning::LearningView,
    can_manage: bool,
    saved: bool,
}

/// The partnership's learning actions, open and completed, counted by agency.
pub async fn learning(State(state): State<AppState>, user: PageUser, Query(q): Query<SavedQuery>) -> Reply {
    let l = ff_service::partnership::learning::list(&state.db, &user.ctx(&state)).await?;
    let can_manage = can(user.actor(), Action::ManagePartnership);
    shown(&state, &user, ("Learning actions", "/partnership"), |layout| LearningPage { layout, l, can_manage, saved: q.saved.is_some() })
        .await
}

#[derive(Deserialize)]
pub struct IncidentParam {
    incident: Option<Uuid>,
    /// A learning action raised from a multi-agency audit (MASA-SYS-6).
    audit: Option<Uuid>,
    /// Or from one standard of an agency's section 11 return.
    s11: Option<Uuid>,
    standard: Option<String>,
}

fn learning_fields(q: &IncidentParam, f: Option<&FormData>) -> Vec<Field> {
    use ff_domain::partnership::learning::LearningSource;
    let incident = q.incident;
    let mut fields = vec![];
    if let Some(i) = incident {
        fields.push(Field::Hidden("incident_id", i.to_string()));
    }
    if q.audit.is_some() {
        fields.push(Field::Paragraph("Raised from the multi-agency audit: its source is the audit.".into()));
    } else if q.s11.is_some() {
        let standard = q.standard.as_deref().and_then(ff_domain::partnership::section11::Standard::from_code);
        fields.push(Field::Paragraph(format!(
            "Raised from an agency's section 11 self-assessment, on the standard: {}.",
            standard.map_or("not chosen", |s| s.label())
        )));
    } else {
        fields.push(Field::Select(
            "source",
            "Where did the learning come from?",
            options(LearningSource::ALL, |s| s.code(), |s| s.label()),
            if f.is_none() && incident.is_some() { "rapid_review".into() } else { get(f, "source") },
        ));
    }
    fields.extend([
        Field::TextArea("action", "What will change?", get(f, "action"), "One action, in words every agency understands"),
        Field::Select(
            "owner_agency",
            "Which agency owns it?",
            choose(options(ReviewAgency::ALL, |a| a.code(), |a| a.label())),
            get(f, "owner_agency"),
        ),
        Field::Text(
            "owner_name",
            "The agency's name, and its lead if known",
            get(f, "owner_name"),
            "For example Northmoor Police, DI Khan",
        ),
        date_field("agreed_on", "When was it agreed?", f, None),
        date_field("due_on", "When is it due?", f, None),
        Field::TextArea(
            "impact_measure",
            "How will the partnership know it made a difference?",
            get(f, "impact_measure"),
            "What will be measured, and how: an audit, a count, what children and families say",
        ),
    ]);
    fields
}

async fn draw_learning(state: &AppState, user: &PageUser, q: &IncidentParam, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    let (back, action) = match (q.incident, q.audit, q.s11) {
        (Some(i), ..) => (format!("/partnership/incidents/{i}"), format!("/partnership/learning/new?incident={i}")),
        (None, Some(a), _) => (format!("/partnership/audits/{a}"), format!("/partnership/learning/new?audit={a}")),
        (None, None, Some(r)) => (
            "/partnership/section-11".into(),
            format!("/partnership/learning/new?s11={r}&standard={}", q.standard.as_deref().unwrap_or_default()),
        ),
        (None, None, None) => ("/partnership/learning".into(), "/partnership/learning/new".into()),
    };
    let fields = learning_fields(q, f);
    form_response(state, user, "/partnership", (String::new(), back), ("Agree a learning action", action), fields, errors).await
}

pub async fn learning_form(State(state): State<AppState>, user: PageUser, Query(q): Query<IncidentParam>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    Ok(draw_learning(&state, &user, &q, None, vec![]).await)
}

pub async fn add_learning(State(state): State<AppState>, user: PageUser, Query(q): Query<IncidentParam>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let agreed_on = form.required_date("agreed_on", "The day it was agreed", &mut errors);
    let due_on = form.required_date("due_on", "The day it is due", &mut errors);
    let input = ff_service::partnership::learning::LearningInput {
        incident_id: q.incident,
        audit_id: q.audit,
        s11_return_id: q.s11,
        s11_standard: q.standard.clone(),
        source: form.get("source").into(),
        action: form.get("action").into(),
        owner_agency: form.get("owner_agency").into(),
        owner_name: form.get("owner_name").into(),
        agreed_on: agreed_on.unwrap_or_else(|| unreadable_date(&ctx)),
        due_on: due_on.unwrap_or_else(|| unreadable_date(&ctx)),
        impact_measure: form.get("impact_measure").into(),
    };
    let result = when_valid(errors, ff_service::partnership::learning::add(&state.db, &ctx, &input)).await;
    let back = |_| match (q.incident, q.audit, q.s11) {
        (Some(i), ..) => done(i),
        (None, Some(a), _) => saved_at(&format!("/partnership/audits/{a}")),
        (None, None, Some(_)) => saved_at("/partnership/section-11"),
        (None, None, None) => saved_at("/partnership/learning"),
    };
    let again = async |errors| Ok(draw_learning(&state, &user, &q, Some(&form), errors).await);
    saved_or_again(result, back, |e| errors_of(e, "action"), again).await
}

async fn draw_completion(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let l = ff_service::partnership::learning::list(&state.db, &user.ctx(state)).await?;
    let a = l.open.iter().chain(&l.completed).find(|a| a.id == id).ok_or(ServiceError::NotFound("learning action"))?;
    let fields = vec![
        Field::Hidden("version", a.version.to_string()),
        Field::Paragraph(format!("{} ({}), due {}.", a.action, a.owner_name, a.due_on.format("%-d %B %Y"))),
        Field::Paragraph(format!("The measure agreed: {}", a.impact_measure)),
        date_field("completed_on", "When was it done?", f, None),
        Field::TextArea("evidence", "The evidence that it was done", get(f, "evidence"), "What changed, and what the measure found"),
    ];
    let at = ("A learning action is done", format!("/partnership/learning/{id}/complete"));
    Ok(form_response(state, user, "/partnership", (String::new(), "/partnership/learning".into()), at, fields, errors).await)
}

pub async fn completion_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_completion(&state, &user, id, None, vec![]).await
}

pub async fn complete(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let completed_on = form.required_date("completed_on", "The day it was done", &mut errors);
    let input = ff_service::partnership::learning::CompletionInput {
        version: form.get("version").parse().unwrap_or_default(),
        completed_on: completed_on.unwrap_or_else(|| unreadable_date(&ctx)),
        evidence: form.get("evidence").into(),
    };
    let result = in_one_round(errors, "completed_on", ff_service::partnership::learning::complete(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_completion(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| saved_at("/partnership/learning"), |e| errors_of(e, "completed_on"), again).await
}

// ---------------------------------------------------------------------------------------------
// The rapid review's meetings.

fn meeting_fields(m: Option<&ff_service::partnership::meetings::ReviewMeetingView>, f: Option<&FormData>) -> Vec<Field> {
    use super::partnership_audits::AGENCY_BOXES;
    let pick = |name: &str, current: Option<String>| match f {
        Some(_) => get(f, name),
        None => current.unwrap_or_default(),
    };
    let mut out = vec![];
    if let Some(m) = m {
        out.push(Field::Hidden("version", m.version.to_string()));
    }
    out.push(date_field("held_on", "When was the meeting held?", f, m.map(|m| m.held_on)));
    out.push(Field::Section("The agencies present (at least two)".into()));
    for (agency, name) in AGENCY_BOXES {
        let ticked = match f {
            Some(f) => f.checked(name),
            None => m.is_some_and(|m| m.agencies.iter().any(|x| x == agency.code())),
        };
        out.push(Field::Checkbox(name, agency.label(), ticked));
    }
    out.push(Field::TextArea("decisions", "What did the meeting decide?", pick("decisions", m.map(|m| m.decisions.clone())), ""));
    out.push(Field::TextArea(
        "actions",
        "Immediate actions agreed to keep children safe (optional)",
        pick("actions", m.map(|m| m.actions.clone())),
        "Each may be agreed as a learning action from the incident's page",
    ));
    out
}

fn meeting_input(form: &FormData, ctx: &ff_service::Ctx, errors: &mut ValidationErrors) -> svc::meetings::ReviewMeetingInput {
    use super::partnership_audits::AGENCY_BOXES;
    let held_on = form.required_date("held_on", "The day of the meeting", errors);
    svc::meetings::ReviewMeetingInput {
        version: form.get("version").parse().ok(),
        held_on: held_on.unwrap_or_else(|| unreadable_date(ctx)),
        agencies: AGENCY_BOXES.iter().filter(|(_, n)| form.checked(n)).map(|(a, _)| a.code().to_owned()).collect(),
        decisions: form.get("decisions").into(),
        actions: form.get("actions").into(),
    }
}

/// The service's agencies error sits on the first box.
fn meeting_errors(e: ServiceError) -> Result<Vec<FieldError>, ServiceError> {
    let mut errors = errors_of(e, "held_on")?;
    for e in &mut errors {
        if e.field == "agencies" {
            e.field = super::partnership_audits::AGENCY_BOXES[0].1.into();
        }
    }
    Ok(errors)
}

fn meeting_page(i: &IncidentView, f: Option<&FormData>) -> Result<IncidentForm, ServiceError> {
    Ok(("Record a rapid review meeting", format!("/partnership/incidents/{}/meetings", i.id), meeting_fields(None, f)))
}

pub async fn meeting_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    incident_form(&state, &user, id, |i| meeting_page(i, None), vec![]).await
}

pub async fn meeting(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let input = meeting_input(&form, &ctx, &mut errors);
    let result = in_one_round(errors, "held_on", svc::meetings::record(&state.db, &ctx, id, &input)).await;
    let again = async |errors| incident_form(&state, &user, id, |i| meeting_page(i, Some(&form)), errors).await;
    saved_or_again(result, |()| done(id), meeting_errors, again).await
}

fn correction_page(i: &IncidentView, mid: Uuid, f: Option<&FormData>) -> Result<IncidentForm, ServiceError> {
    let m = i.meetings.iter().find(|m| m.id == mid).ok_or(ServiceError::NotFound("rapid review meeting"))?;
    let mut fields =
        vec![Field::Paragraph("A correction is kept as a new version of the meeting's record; the earlier version is kept too.".into())];
    fields.extend(meeting_fields(Some(m), f));
    Ok(("Correct a rapid review meeting", format!("/partnership/incidents/{}/meetings/{mid}/correct", i.id), fields))
}

pub async fn correction_form(State(state): State<AppState>, user: PageUser, Path(ids): Path<(Uuid, Uuid)>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    incident_form(&state, &user, ids.0, |i| correction_page(i, ids.1, None), vec![]).await
}

pub async fn correct_meeting(State(state): State<AppState>, user: PageUser, Path(ids): Path<(Uuid, Uuid)>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let input = meeting_input(&form, &ctx, &mut errors);
    let result = in_one_round(errors, "held_on", svc::meetings::correct(&state.db, &ctx, ids.1, &input)).await;
    let again = async |errors| incident_form(&state, &user, ids.0, |i| correction_page(i, ids.1, Some(&form)), errors).await;
    saved_or_again(result, |_| done(ids.0), meeting_errors, again).await
}

// ---------------------------------------------------------------------------------------------
// An agency's written summary, kept as a document and read through the partnership alone.

fn summary_document_page(state: &AppState, user: &PageUser, i: &IncidentView, sid: Uuid) -> Result<IncidentForm, ServiceError> {
    let s = i.summaries.iter().find(|s| s.id == sid).ok_or(ServiceError::NotFound("agency summary"))?;
    let max_mb = state.documents.max_bytes / 1_000_000;
    let fields = vec![
        Field::Hidden("version", s.version.to_string()),
        Field::Paragraph(format!(
            "The written summary from {} ({}). Only those who may see the partnership's serious incidents can read it, and each reading is recorded.",
            s.agency_name, s.agency_label
        )),
        Field::File("file", "The file", format!("A PDF, a Word file, an email or a text file, up to {max_mb} MB")),
    ];
    // A file posts as multipart, so the form's address carries the CSRF token.
    Ok((
        "Add the agency's written summary",
        format!("/partnership/incidents/{}/summaries/{sid}/document/upload?csrf_token={}", i.id, user.csrf()),
        fields,
    ))
}

pub async fn summary_document_form(State(state): State<AppState>, user: PageUser, Path(ids): Path<(Uuid, Uuid)>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    incident_form(&state, &user, ids.0, |i| summary_document_page(&state, &user, i, ids.1), vec![]).await
}

/// Receive the written summary: the file is read no further than the size limit.
pub async fn summary_document_upload(
    State(state): State<AppState>,
    user: PageUser,
    Path(ids): Path<(Uuid, Uuid)>,
    req: axum::extract::Request,
) -> Reply {
    use crate::forms::{UploadError, read_upload};
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let again = async |errors: Vec<FieldError>| {
        incident_form(&state, &user, ids.0, |i| summary_document_page(&state, &user, i, ids.1), errors).await
    };
    let file_error = |m: &str| vec![FieldError { field: "file".into(), message: m.into() }];
    let Ok(form) = <axum::extract::Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return again(file_error("Choose a file to add")).await;
    };
    let upload = match read_upload(form, state.documents.max_bytes).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => {
            return again(file_error(&format!(
                "The file is larger than {} MB: make it smaller or split it",
                state.documents.max_bytes / 1_000_000
            )))
            .await;
        }
        Err(UploadError::Broken) => return again(file_error("The upload was interrupted. Choose the file again.")).await,
    };
    let version = upload.fields.get("version").parse().unwrap_or_default();
    let (filename, bytes) = upload.file.unwrap_or_default();
    let result = svc::attach_summary_document(&state.db, &ctx, &state.documents, ids.1, version, &filename, &bytes).await;
    saved_or_again(result, |_| done(ids.0), |e| errors_of(e, "file"), again).await
}

/// The agency's written summary, as an attachment; the service audits the reading.
pub async fn summary_document(State(state): State<AppState>, user: PageUser, Path(ids): Path<(Uuid, Uuid)>) -> Reply {
    let d = svc::summary_document(&state.db, &user.ctx(&state), &state.documents, ids.1).await?;
    Ok(super::documents::file_response(d))
}
