//! The workforce on pages: the council's workers and the agency assignments running,
//! a worker's page (their experience and what counts towards the agency rules, their
//! assignments), and a form for each action, each posting to the same service function as the
//! API. Refusals under the agency rules come back on the form with why. Every page works without
//! JavaScript.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_domain::policy::Action;
use ff_domain::workforce::record::{QualificationRoute, RegistrationStatus};
use ff_domain::workforce::{CoolingOffException, Country, EmployerKind, Engagement, LeftBecause, REGIONS, RoleType};
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::workforce::{
    self as svc, AgencyReturn, AssignmentCoverInput, AssignmentInput, AssignmentView, CaseloadsOnDate, EndAssignmentInput, ExperienceInput,
    SignOffInput, WorkerInput, WorkerView, WorkforceView,
};
use serde::Deserialize;
use uuid::Uuid;

use super::fields::{
    Reply, SavedQuery, allowed, date_field, in_one_round, one_round, saved_at, saved_or_again, shown, unreadable_date, when_valid,
};
use super::{Field, Layout, can, form_response, get, options, render, yes_no};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

/// A refusal turned into errors on the form: the agency rules' refusals on the field they are
/// about, a stale version on `date_field`.
fn form_errors(e: ServiceError, date_field: &str) -> Result<Vec<FieldError>, ServiceError> {
    super::fields::errors_by_rule(e, date_field, &[("W-AG-4", "cooling_off_exception"), ("W-AG-2", "packaged_supplier")])
}

/// Each form drawn once: fresh (`f` none) or again with what was typed and the errors.
async fn draw_worker(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    let at = ("Add a worker", "/workforce/workers/new".to_owned());
    form_response(state, user, "/workforce", (String::new(), "/workforce".into()), at, worker_fields(f, None), errors).await
}

/// The experience form: a new period, or (`replaces`) a correction of one still counting, which
/// starts filled in with the period as recorded.
async fn draw_experience(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    replaces: Option<Uuid>,
    f: Option<&FormData>,
    errors: Vec<FieldError>,
) -> Reply {
    let w = svc::worker(&state.db, &user.ctx(state), id).await?;
    let at = format!("/workforce/workers/{id}/experience");
    let back = (w.name.clone(), format!("/workforce/workers/{id}"));
    let Some(old) = replaces else {
        return Ok(form_response(state, user, "/workforce", back, ("Add a period of experience", at), experience_fields(f), errors).await);
    };
    let e = w.experience.iter().find(|e| e.id == old).ok_or(ServiceError::NotFound("period of experience"))?;
    let recorded = f.is_none().then(|| as_typed(e));
    let mut fields = vec![
        Field::Hidden("replaces", old.to_string()),
        Field::Paragraph(format!(
            "This replaces the period at {} from {}. The old period stops counting and stays on the worker's page, marked as corrected.",
            e.employer,
            e.from.format("%-d %B %Y")
        )),
    ];
    fields.extend(experience_fields(f.or(recorded.as_ref())));
    Ok(form_response(state, user, "/workforce", back, ("Correct a period of experience", at), fields, errors).await)
}

/// A recorded period as the form's fields would have it typed.
fn as_typed(e: &svc::ExperienceView) -> FormData {
    let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let mut m: HashMap<String, String> = HashMap::from([
        ("employer".into(), e.employer.clone()),
        ("employer_kind".into(), e.employer_kind.clone()),
        ("country".into(), e.country.clone()),
        ("region".into(), e.region.clone().unwrap_or_default()),
        ("children_and_families".into(), yes(e.children_and_families)),
        ("engagement".into(), e.engagement.clone()),
        ("registered".into(), yes(e.registered)),
        ("left_because".into(), e.left_because.clone().unwrap_or_default()),
    ]);
    for (name, d) in [("from", Some(e.from)), ("to", e.to)] {
        if let Some(d) = d {
            m.insert(format!("{name}_day"), d.format("%-d").to_string());
            m.insert(format!("{name}_month"), d.format("%-m").to_string());
            m.insert(format!("{name}_year"), d.format("%Y").to_string());
        }
    }
    FormData(m)
}

async fn draw_assignment(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let name = worker_name(state, user, id).await?;
    let ctx = user.ctx(state);
    let choices = post_choices(&svc::posts(&state.db, &ctx).await?);
    let fields = assignment_fields(f, &caps(state, &ctx).await?, choices);
    let at = ("Start an agency assignment", format!("/workforce/workers/{id}/assignments"));
    Ok(form_response(state, user, "/workforce", (name, format!("/workforce/workers/{id}")), at, fields, errors).await)
}

/// A step of an agency assignment, from its worker's page: its heading, the address it posts to
/// (after the assignment's), the date a refusal about no other field goes on, and its fields drawn
/// from the assignment, what was typed and today.
struct Step {
    heading: &'static str,
    step: &'static str,
    date: &'static str,
    fields: fn(&AssignmentView, Option<&FormData>, chrono::NaiveDate) -> Vec<Field>,
}

const SIGN_OFF: Step = Step { heading: "Sign-off of a rate over the cap", step: "sign-off", date: "signed_on", fields: sign_off_fields };
const END: Step = Step { heading: "The agency assignment ends", step: "end", date: "ended_on", fields: end_fields };

/// The assignment a step is about (from the address) and its worker (`?worker=`).
type StepAt = (Path<Uuid>, Query<WorkerParam>);

/// A step's form: fresh (`f` none) or again with what was typed and the errors.
async fn draw_step(
    state: &AppState,
    user: &PageUser,
    (id, worker): (Uuid, Uuid),
    step: &Step,
    f: Option<&FormData>,
    errors: Vec<FieldError>,
) -> Reply {
    let (name, a) = assignment_of(state, user, worker, id).await?;
    let at = (step.heading, format!("/workforce/assignments/{id}/{}?worker={worker}", step.step));
    let fields = (step.fields)(&a, f, user.ctx(state).today());
    Ok(form_response(state, user, "/workforce", (name, format!("/workforce/workers/{worker}")), at, fields, errors).await)
}

/// A step's form as it first shows, to those who may manage the workforce.
async fn step_form(state: &AppState, user: &PageUser, (Path(id), Query(q)): StepAt, step: &Step) -> Reply {
    allowed(state, user, Action::ManageWorkforce)?;
    draw_step(state, user, (id, q.worker), step, None, vec![]).await
}

/// How a step's POST ends: saved, back to the worker's page; refused, the step's form again with
/// what was typed and why.
async fn step_done(
    state: &AppState,
    user: &PageUser,
    (id, worker): (Uuid, Uuid),
    step: &Step,
    form: &FormData,
    result: Result<(), ServiceError>,
) -> Reply {
    let again = async |errors| draw_step(state, user, (id, worker), step, Some(form), errors).await;
    saved_or_again(result, |()| done(worker), |e| form_errors(e, step.date), again).await
}

fn end_fields(a: &AssignmentView, f: Option<&FormData>, _today: chrono::NaiveDate) -> Vec<Field> {
    vec![Field::Hidden("version", a.version.to_string()), date_field("ended_on", "When did it end?", f, None)]
}

/// Back to the worker's page, which says the work was saved.
fn done(worker: Uuid) -> Response {
    saved_at(&format!("/workforce/workers/{worker}"))
}

#[derive(Deserialize)]
pub struct ListQuery {
    after: Option<Uuid>,
}

#[derive(Template)]
#[template(path = "workforce/list.html")]
struct ListPage {
    layout: Layout,
    w: WorkforceView,
    can_manage: bool,
}

/// The council's workforce.
pub async fn list(State(state): State<AppState>, user: PageUser, Query(q): Query<ListQuery>) -> Reply {
    let w = svc::list(&state.db, &user.ctx(&state), q.after).await?;
    let can_manage = can(user.actor(), Action::ManageWorkforce);
    shown(&state, &user, ("Workforce", "/workforce"), |layout| ListPage { layout, w, can_manage }).await
}

#[derive(Template)]
#[template(path = "workforce/worker.html")]
struct WorkerPage {
    layout: Layout,
    w: WorkerView,
    can_manage: bool,
    saved: bool,
}

/// A worker's page.
pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<SavedQuery>) -> Reply {
    let w = svc::worker(&state.db, &user.ctx(&state), id).await?;
    let (title, can_manage) = (w.name.clone(), can(user.actor(), Action::ManageWorkforce));
    shown(&state, &user, (&title, "/workforce"), |layout| WorkerPage { layout, w, can_manage, saved: q.saved.is_some() }).await
}

/// The worker's details (W-SYS-1): what was typed, else (editing) what the record holds.
fn worker_fields(f: Option<&FormData>, w: Option<&WorkerView>) -> Vec<Field> {
    let val = |k: &str, current: Option<String>| match f {
        Some(f) => f.get(k).to_owned(),
        None => current.unwrap_or_default(),
    };
    let none = |what: &str| vec![(String::new(), what.to_owned())];
    let statuses = [none("Not recorded"), options(RegistrationStatus::ALL, RegistrationStatus::code, RegistrationStatus::label)].concat();
    let routes = [none("Not recorded"), options(QualificationRoute::ALL, QualificationRoute::code, QualificationRoute::label)].concat();
    let mut fields = vec![
        Field::Text("name", "Full name", val("name", w.map(|w| w.name.clone())), ""),
        date_field("date_of_birth", "Date of birth (the workforce census asks for it)", f, w.and_then(|w| w.date_of_birth)),
        Field::Section("Social Work England registration".into()),
        Field::Text(
            "swe_number",
            "Social Work England number (if registered)",
            val("swe_number", w.and_then(|w| w.swe_number.clone())),
            "SW and digits, for example SW123456",
        ),
        Field::Select(
            "registration_status",
            "Registration status",
            statuses,
            val("registration_status", w.and_then(|w| w.registration_status.clone())),
        ),
        date_field("registration_from", "When did this status take effect?", f, w.and_then(|w| w.registration_from)),
        Field::Section("Qualification".into()),
        date_field(
            "qualified_on",
            "When did they qualify as a social worker? (leave blank if not qualified)",
            f,
            w.and_then(|w| w.qualified_on),
        ),
        Field::Select(
            "qualification_route",
            "How did they qualify?",
            routes,
            val("qualification_route", w.and_then(|w| w.qualification_route.clone())),
        ),
        Field::Section("Accreditation as a lead child protection practitioner".into()),
        Field::Paragraph("Leave this part blank if they are not accredited.".into()),
        date_field("lcpp_accredited_on", "When were they accredited?", f, w.and_then(|w| w.lcpp_accredited_on)),
        Field::TextArea(
            "lcpp_evidence",
            "What is the evidence?",
            val("lcpp_evidence", w.and_then(|w| w.lcpp_evidence.clone())),
            "For example, the programme completed and how it was assessed",
        ),
        Field::Text(
            "lcpp_evidence_held",
            "Where is the evidence held?",
            val("lcpp_evidence_held", w.and_then(|w| w.lcpp_evidence_held.clone())),
            "",
        ),
        Field::Text("lcpp_checked_by", "Who checked it?", val("lcpp_checked_by", w.and_then(|w| w.lcpp_checked_by.clone())), ""),
    ];
    if let Some(w) = w {
        fields.insert(0, Field::Hidden("version", val("version", Some(w.version.to_string()))));
    }
    fields
}

/// The worker's details as typed. A date that cannot be read is an error on its field and goes to
/// the service as tomorrow, which it always refuses (no date in the record may lie ahead, and a
/// date of birth tomorrow is too young), so the service's own errors come back with it and
/// nothing is saved.
fn worker_details(form: &FormData, ctx: &ff_service::Ctx, errors: &mut ValidationErrors) -> svc::WorkerDetails {
    let mut date = |k: &str, what: &str| match form.date(k, what) {
        Some(Ok(d)) => Some(d),
        Some(Err(m)) => {
            errors.add(k, m);
            Some(unreadable_date(ctx))
        }
        None => None,
    };
    svc::WorkerDetails {
        name: form.get("name").into(),
        swe_number: form.opt("swe_number"),
        qualified_on: date("qualified_on", "The date they qualified"),
        date_of_birth: date("date_of_birth", "The date of birth"),
        registration_status: form.opt("registration_status"),
        registration_from: date("registration_from", "The date the status took effect"),
        qualification_route: form.opt("qualification_route"),
        lcpp_accredited_on: date("lcpp_accredited_on", "The date of accreditation"),
        lcpp_evidence: form.opt("lcpp_evidence"),
        lcpp_evidence_held: form.opt("lcpp_evidence_held"),
        lcpp_checked_by: form.opt("lcpp_checked_by"),
    }
}

pub async fn new_worker_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    Ok(draw_worker(&state, &user, None, vec![]).await)
}

pub async fn new_worker(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let input = WorkerInput { details: worker_details(&form, &ctx, &mut errors), user_id: None };
    let added = svc::add_worker(&state.db, &ctx, &input).await;
    // With a date the form could not read the service refuses (see `worker_details`).
    let result = if errors.is_empty() { added } else { one_round(added, errors).map(|()| Uuid::nil()) };
    let again = async |errors| Ok(draw_worker(&state, &user, Some(&form), errors).await);
    saved_or_again(result, done, |e| form_errors(e, "name"), again).await
}

async fn draw_edit_worker(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let w = svc::worker(&state.db, &user.ctx(state), id).await?;
    let at = ("Change their details", format!("/workforce/workers/{id}/edit"));
    let fields = worker_fields(f, Some(&w));
    Ok(form_response(state, user, "/workforce", (w.name.clone(), format!("/workforce/workers/{id}")), at, fields, errors).await)
}

/// The worker's details to change (W-SYS-1), to workforce officers.
pub async fn edit_worker_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_edit_worker(&state, &user, id, None, vec![]).await
}

/// Saves the worker's details at the version read: every mistake at once on the form, a change
/// made by someone else since (409) on the form too, nothing saved either way.
pub async fn edit_worker(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let input =
        svc::EditWorkerInput { details: worker_details(&form, &ctx, &mut errors), version: form.get("version").parse().unwrap_or(0) };
    let result = one_round(svc::edit_worker(&state.db, &ctx, id, &input).await, errors);
    let again = async |errors| draw_edit_worker(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| done(id), |e| form_errors(e, "name"), again).await
}

fn regions() -> Vec<(String, String)> {
    let mut r = vec![(String::new(), "Not a council in England".to_owned())];
    r.extend(REGIONS.iter().map(|x| ((*x).to_owned(), (*x).to_owned())));
    r
}

fn experience_fields(f: Option<&FormData>) -> Vec<Field> {
    let mut left = vec![(String::new(), "Still there, or not a permanent post".to_owned())];
    left.extend(options(LeftBecause::ALL, |l| l.code(), |l| l.label()));
    vec![
        Field::Text("employer", "Employer", get(f, "employer"), "For example Northmoor Council, or the agency's name for agency work"),
        Field::Radios(
            "employer_kind",
            "Who was the employer?",
            options(EmployerKind::ALL, |k| k.code(), |k| k.label()),
            get(f, "employer_kind"),
        ),
        Field::Radios("country", "Where?", options(Country::ALL, |k| k.code(), |k| k.label()), get(f, "country")),
        Field::Select("region", "Region (for a council in England)", regions(), get(f, "region")),
        yes_no("children_and_families", "Was it child and family social work?", f),
        Field::Radios("engagement", "How were they engaged?", options(Engagement::ALL, |k| k.code(), |k| k.label()), get(f, "engagement")),
        yes_no("registered", "Were they registered with a social work regulator throughout?", f),
        date_field("from", "From", f, None),
        date_field("to", "To (leave blank if it continues)", f, None),
        Field::Select("left_because", "If a permanent post ended: why?", left, get(f, "left_because")),
    ]
}

async fn worker_name(state: &AppState, user: &PageUser, id: Uuid) -> Result<String, PageError> {
    Ok(svc::worker(&state.db, &user.ctx(state), id).await?.name)
}

#[derive(Deserialize)]
pub struct ReplacesQuery {
    replaces: Option<Uuid>,
}

pub async fn experience_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ReplacesQuery>) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_experience(&state, &user, id, q.replaces, None, vec![]).await
}

pub async fn experience(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let from = form.required_date("from", "The start", &mut errors);
    let to = form.optional_date("to", "The end", &mut errors);
    for (k, what) in [
        ("children_and_families", "Choose whether it was child and family social work"),
        ("registered", "Choose whether they were registered throughout"),
    ] {
        if !matches!(form.get(k), "yes" | "no") {
            errors.add(k, what);
        }
    }
    let input = ExperienceInput {
        employer: form.get("employer").into(),
        employer_kind: form.get("employer_kind").into(),
        country: form.get("country").into(),
        region: form.opt("region"),
        children_and_families: form.get("children_and_families") == "yes",
        engagement: form.get("engagement").into(),
        registered: form.get("registered") == "yes",
        from: from.unwrap_or_else(|| unreadable_date(&ctx)),
        to,
        left_because: form.opt("left_because"),
        replaces: form.opt("replaces").and_then(|r| r.parse().ok()),
    };
    let replaces = input.replaces;
    let result = in_one_round(errors, "from", svc::add_experience(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_experience(&state, &user, id, replaces, Some(&form), errors).await;
    saved_or_again(result, |()| done(id), |e| form_errors(e, "from"), again).await
}

/// The period an address names and its worker.
type PeriodAt = Path<(Uuid, Uuid)>;

async fn draw_withdraw_experience(
    state: &AppState,
    user: &PageUser,
    (id, eid): (Uuid, Uuid),
    f: Option<&FormData>,
    errors: Vec<FieldError>,
) -> Reply {
    let w = svc::worker(&state.db, &user.ctx(state), id).await?;
    let e = w.experience.iter().find(|e| e.id == eid).ok_or(ServiceError::NotFound("period of experience"))?;
    let fields = vec![
        Field::Paragraph(format!(
            "{} from {}. A withdrawn period stops counting towards the experience the agency rules need, and stays on the worker's page with the reason. To change its details instead, correct it.",
            e.employer,
            e.from.format("%-d %B %Y")
        )),
        Field::TextArea(
            "reason",
            "Why is it withdrawn?",
            get(f, "reason"),
            "For example, entered in error, or recorded for the wrong worker",
        ),
    ];
    let at = ("Withdraw a period of experience", format!("/workforce/workers/{id}/experience/{eid}/withdraw"));
    Ok(form_response(state, user, "/workforce", (w.name, format!("/workforce/workers/{id}")), at, fields, errors).await)
}

pub async fn withdraw_experience_form(State(state): State<AppState>, user: PageUser, Path(at): PeriodAt) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_withdraw_experience(&state, &user, at, None, vec![]).await
}

pub async fn withdraw_experience(State(state): State<AppState>, user: PageUser, Path((id, eid)): PeriodAt, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let input = svc::ExperienceWithdrawal { reason: form.get("reason").into() };
    let result = svc::withdraw_experience(&state.db, &ctx, id, eid, &input).await;
    let again = async |errors| draw_withdraw_experience(&state, &user, (id, eid), Some(&form), errors).await;
    saved_or_again(result, |()| done(id), |e| form_errors(e, "reason"), again).await
}

/// The region's caps on a date, in words, for the assignment form.
fn caps_line(caps: &[(RoleType, Option<u32>)]) -> String {
    let known: Vec<String> =
        caps.iter().filter_map(|(r, c)| c.map(|c| format!("{} {}", r.label().to_lowercase(), super::pounds(i64::from(c))))).collect();
    let what = if known.is_empty() {
        "No regional caps are loaded yet.".to_owned()
    } else {
        format!("The region's caps today: {}.", known.join("; "))
    };
    format!(
        "The hourly rate in pounds. The cap covers pay, employer's National Insurance, holiday pay and the apprenticeship levy; the agency's fee is kept apart. {what}"
    )
}

/// The posts open today or later to choose from, each with its team, role and vacancy today; first, no post.
fn post_choices(p: &svc::PostsView) -> Vec<(String, String)> {
    let mut choices = vec![(String::new(), "No post (not tied to a post)".to_owned())];
    choices.extend(p.posts.iter().map(|x| {
        let vacancy = if x.vacant_fte > 0.0 { format!("{:.2} FTE vacant", x.vacant_fte) } else { "not vacant".to_owned() };
        (x.id.to_string(), format!("{}: {} ({}), {vacancy}", x.team, x.title, x.role_type_label))
    }));
    choices
}

/// The post an assignment covers and its FTE, as the form has them.
fn cover_fields(f: Option<&FormData>, choices: Vec<(String, String)>, post: Option<String>, fte: Option<String>) -> Vec<Field> {
    vec![
        Field::Select("post_id", "Post it covers (optional)", choices, f.map_or(post.unwrap_or_default(), |f| f.get("post_id").to_owned())),
        Field::Text(
            "fte",
            "Full-time equivalent",
            f.map_or(fte.unwrap_or_default(), |f| f.get("fte").to_owned()),
            "More than 0 and at most 1, for example 0.5; leave blank for full time",
        ),
    ]
}

/// The post and FTE typed: a post that is not a choice and FTE that is not a number are refused.
fn cover_typed(form: &FormData, errors: &mut ValidationErrors) -> (Option<Uuid>, Option<f64>) {
    let post = match form.get("post_id").trim() {
        "" => None,
        p => Uuid::parse_str(p).map(Some).unwrap_or_else(|_| {
            errors.add("post_id", "Choose one of the council's posts, or no post");
            None
        }),
    };
    let fte = match form.get("fte").trim() {
        "" => None,
        v => v.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).unwrap_or_else(|| {
            errors.add("fte", "FTE is more than 0 and at most 1, for example 1 or 0.5");
            None
        }),
    };
    (post, fte)
}

fn assignment_fields(f: Option<&FormData>, caps: &[(RoleType, Option<u32>)], posts: Vec<(String, String)>) -> Vec<Field> {
    let mut exceptions = vec![(String::new(), "None".to_owned())];
    // A post in another region is not an exception to claim: the ledger's region decides it.
    exceptions.extend(options(
        &CoolingOffException::ALL.iter().copied().filter(|e| *e != CoolingOffException::DifferentRegion).collect::<Vec<_>>(),
        |e| e.code(),
        |e| e.label(),
    ));
    let checked = |k: &str| f.is_some_and(|f| f.checked(k));
    vec![
        Field::Text("agency", "Agency", get(f, "agency"), ""),
        Field::Select(
            "role_type",
            "Role type (the council's job map)",
            options(RoleType::ALL, |r| r.code(), |r| r.label()),
            get(f, "role_type"),
        ),
        Field::Text("team", "Team or post covered", get(f, "team"), ""),
    ]
    .into_iter()
    .chain(cover_fields(f, posts, None, None))
    .chain([
        date_field("start_date", "Start", f, None),
        date_field("planned_end", "Planned end (optional)", f, None),
        Field::Text(
            "notice_days",
            "Notice period in days",
            get(f, "notice_days"),
            "At most 28 days, or the council's own notice if shorter",
        ),
        Field::Paragraph(caps_line(caps)),
        Field::Text("pay", "Hourly pay (£)", get(f, "pay"), "For example 30.00"),
        Field::Text("employer_ni", "Employer's National Insurance (£ an hour)", get(f, "employer_ni"), "Leave blank if none"),
        Field::Text("holiday", "Holiday pay (£ an hour)", get(f, "holiday"), "Leave blank if none"),
        Field::Text("levy", "Apprenticeship levy (£ an hour)", get(f, "levy"), "Leave blank if none"),
        Field::Text("fee", "Agency fee (£ an hour)", get(f, "fee"), "Outside the cap; leave blank if none"),
        Field::Text(
            "over_cap_reason",
            "If the rate is over the region's cap: why",
            get(f, "over_cap_reason"),
            "It then waits for the director's and the chief executive's sign-off",
        ),
        Field::Text("references_received", "Practice-based references received", get(f, "references_received"), "At least 2 are sought"),
        Field::Select(
            "cooling_off_exception",
            "Cooling-off exception (if they left a permanent post in the region in the last 3 months)",
            exceptions,
            get(f, "cooling_off_exception"),
        ),
        Field::Text(
            "packaged_supplier",
            "Packaged model or project team: the supplier (leave blank if not)",
            get(f, "packaged_supplier"),
            "",
        ),
        Field::Checkbox("package_named", "This worker is named in the contract", checked("package_named")),
        Field::Checkbox("package_approved", "The council approved this worker in advance", checked("package_approved")),
        Field::Checkbox("package_priced", "This worker is priced separately", checked("package_priced")),
    ])
    .collect()
}

/// Pounds typed in a form ("30", "30.50", "£30.50") as pence; blank is none.
fn money(form: &FormData, k: &str, errors: &mut ValidationErrors) -> u32 {
    let raw = form.get(k).trim().trim_start_matches('£').replace(',', "");
    if raw.is_empty() {
        return 0;
    }
    match raw.parse::<f64>() {
        Ok(p) if p.is_finite() && (0.0..=1_000.0).contains(&p) => (p * 100.0).round() as u32,
        _ => {
            errors.add(k, "Enter an hourly amount in pounds, like 30.50");
            0
        }
    }
}

fn number(form: &FormData, k: &str, errors: &mut ValidationErrors) -> u32 {
    let v = form.get(k).trim();
    if v.is_empty() {
        return 0;
    }
    v.parse::<u32>().unwrap_or_else(|_| {
        errors.add(k, "Enter a whole number");
        0
    })
}

/// The region's cap for each role type today.
async fn caps(state: &AppState, ctx: &ff_service::Ctx) -> Result<Vec<(RoleType, Option<u32>)>, PageError> {
    let s = ff_service::settings::current(&state.db, ctx).await?.settings.workforce;
    Ok(RoleType::ALL.iter().map(|r| (*r, s.cap_on(*r, ctx.today()))).collect())
}

pub async fn assignment_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_assignment(&state, &user, id, None, vec![]).await
}

pub async fn assignment(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let start_date = form.required_date("start_date", "The start", &mut errors);
    let planned_end = form.optional_date("planned_end", "The planned end", &mut errors);
    if form.get("notice_days").trim().is_empty() {
        errors.add("notice_days", "Enter the notice period in days");
    }
    if form.get("pay").trim().is_empty() {
        errors.add("pay", "Enter the hourly pay in pounds");
    }
    if form.get("references_received").trim().is_empty() {
        errors.add("references_received", "Enter how many references were received (0 if none)");
    }
    let (post_id, fte) = cover_typed(&form, &mut errors);
    let input = AssignmentInput {
        agency: form.get("agency").into(),
        role_type: form.get("role_type").into(),
        team: form.get("team").into(),
        post_id,
        fte,
        start_date: start_date.unwrap_or_else(|| unreadable_date(&ctx)),
        planned_end,
        notice_days: number(&form, "notice_days", &mut errors),
        pay_pence: money(&form, "pay", &mut errors),
        employer_ni_pence: money(&form, "employer_ni", &mut errors),
        holiday_pence: money(&form, "holiday", &mut errors),
        levy_pence: money(&form, "levy", &mut errors),
        fee_pence: money(&form, "fee", &mut errors),
        references_received: number(&form, "references_received", &mut errors),
        packaged_supplier: form.opt("packaged_supplier"),
        package_named: form.checked("package_named"),
        package_approved: form.checked("package_approved"),
        package_priced: form.checked("package_priced"),
        cooling_off_exception: form.opt("cooling_off_exception"),
        over_cap_reason: form.opt("over_cap_reason"),
    };
    let result = when_valid(errors, svc::start_assignment(&state.db, &ctx, id, &input)).await;
    // The API's fields are in pence; the form's in pounds.
    let in_pounds = |e| {
        let errors = form_errors(e, "start_date")?;
        Ok(errors
            .into_iter()
            .map(|mut x| {
                if let Some(base) = x.field.strip_suffix("_pence") {
                    x.field = base.to_owned();
                }
                x
            })
            .collect())
    };
    saved_or_again(result, |_| done(id), in_pounds, async |errors| draw_assignment(&state, &user, id, Some(&form), errors).await).await
}

#[derive(Deserialize)]
pub struct WorkerParam {
    worker: Uuid,
}

/// The assignment a step form is about, from its worker's page.
async fn assignment_of(state: &AppState, user: &PageUser, worker: Uuid, id: Uuid) -> Result<(String, AssignmentView), PageError> {
    let w = svc::worker(&state.db, &user.ctx(state), worker).await?;
    let a = w.assignments.into_iter().find(|a| a.id == id).ok_or(PageError(ServiceError::NotFound("agency assignment")))?;
    Ok((w.name, a))
}

fn sign_off_fields(a: &AssignmentView, f: Option<&FormData>, today: chrono::NaiveDate) -> Vec<Field> {
    let who =
        vec![("dcs".to_owned(), "The director of children's services".to_owned()), ("ceo".to_owned(), "The chief executive".to_owned())];
    vec![
        Field::Hidden("version", a.version.to_string()),
        Field::Paragraph(format!(
            "{} an hour over the region's cap, because: {}.",
            super::pounds(i64::from(a.over_cap_by_pence.unwrap_or(0))),
            a.over_cap_reason.clone().unwrap_or_default()
        )),
        Field::Radios("by_role", "Who signed it off?", who, get(f, "by_role")),
        Field::Text("name", "Their name", get(f, "name"), ""),
        date_field("signed_on", "When?", f, Some(today)),
    ]
}

pub async fn sign_off_form(State(state): State<AppState>, user: PageUser, at: StepAt) -> Reply {
    step_form(&state, &user, at, &SIGN_OFF).await
}

pub async fn sign_off(State(state): State<AppState>, user: PageUser, (Path(id), Query(q)): StepAt, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let signed_on = form.required_date("signed_on", "The date", &mut errors);
    let input = SignOffInput {
        by_role: form.get("by_role").into(),
        name: form.get("name").into(),
        signed_on: signed_on.unwrap_or_else(|| unreadable_date(&ctx)),
        version: form.get("version").parse().unwrap_or(0),
    };
    let result = in_one_round(errors, SIGN_OFF.date, svc::sign_off(&state.db, &ctx, id, &input)).await;
    step_done(&state, &user, (id, q.worker), &SIGN_OFF, &form, result).await
}

pub async fn end_form(State(state): State<AppState>, user: PageUser, at: StepAt) -> Reply {
    step_form(&state, &user, at, &END).await
}

pub async fn end(State(state): State<AppState>, user: PageUser, (Path(id), Query(q)): StepAt, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let ended_on = form.required_date("ended_on", "The date", &mut errors);
    let input = EndAssignmentInput {
        ended_on: ended_on.unwrap_or_else(|| unreadable_date(&ctx)),
        version: form.get("version").parse().unwrap_or(0),
    };
    let result = in_one_round(errors, END.date, svc::end_assignment(&state.db, &ctx, id, &input)).await;
    step_done(&state, &user, (id, q.worker), &END, &form, result).await
}

async fn draw_cover(state: &AppState, user: &PageUser, (id, worker): (Uuid, Uuid), f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let (name, a) = assignment_of(state, user, worker, id).await?;
    let choices = post_choices(&svc::posts(&state.db, &user.ctx(state)).await?);
    let at = ("The post this assignment covers", format!("/workforce/assignments/{id}/cover?worker={worker}"));
    let mut fields = vec![
        Field::Hidden("version", a.version.to_string()),
        Field::Paragraph(format!(
            "{}, {}, from {}. The post is one open on that day; an agency worker covers a vacancy when the post they cover has no permanent worker in it.",
            a.role_type_label,
            a.agency,
            a.start_date.format("%-d %B %Y")
        )),
    ];
    let fte = (a.fte < 1.0).then(|| a.fte.to_string());
    fields.extend(cover_fields(f, choices, a.post_id.map(|p| p.to_string()), fte));
    Ok(form_response(state, user, "/workforce", (name, format!("/workforce/workers/{worker}")), at, fields, errors).await)
}

pub async fn cover_form(State(state): State<AppState>, user: PageUser, (Path(id), Query(q)): StepAt) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_cover(&state, &user, (id, q.worker), None, vec![]).await
}

pub async fn cover(State(state): State<AppState>, user: PageUser, (Path(id), Query(q)): StepAt, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let (post_id, fte) = cover_typed(&form, &mut errors);
    let input = AssignmentCoverInput { post_id, fte, version: form.get("version").parse().unwrap_or(0) };
    let result = when_valid(errors, svc::set_cover(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_cover(&state, &user, (id, q.worker), Some(&form), errors).await;
    saved_or_again(result, |()| done(q.worker), |e| form_errors(e, "post_id"), again).await
}

#[derive(Deserialize)]
pub struct QuarterQuery {
    quarter: Option<String>,
}

#[derive(Template)]
#[template(path = "workforce/agency_return.html")]
struct ReturnPage {
    layout: Layout,
    r: AgencyReturn,
    /// The quarter as typed, and why it could not be read (the page then shows this quarter's).
    asked: String,
    error: Option<String>,
}

/// The quarterly agency return (W-AG-7): this quarter unless another is asked for. A quarter
/// that cannot be read is named on the form, above this quarter's return (422).
pub async fn agency_return(State(state): State<AppState>, user: PageUser, Query(q): Query<QuarterQuery>) -> Reply {
    let ctx = user.ctx(&state);
    let this_quarter = svc::quarter_of(ctx.today());
    let asked = q.quarter.map(|q| q.trim().to_uppercase()).filter(|q| !q.is_empty());
    let (r, error) = match svc::agency_return(&state.db, &ctx, asked.as_deref().unwrap_or(&this_quarter)).await {
        Ok(r) => (r, None),
        Err(ServiceError::Validation(v)) => {
            let message = v.0.into_iter().next().map(|e| e.message).unwrap_or_default();
            (svc::agency_return(&state.db, &ctx, &this_quarter).await?, Some(message))
        }
        Err(e) => return Err(e.into()),
    };
    let mut layout = Layout::for_user(&state, &user, "Quarterly agency return", "/workforce").await;
    layout.has_errors = error.is_some();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let asked = if error.is_some() { asked.unwrap_or_default() } else { r.quarter.clone() };
    Ok(render(status, &ReturnPage { layout, r, asked, error }))
}

/// The quarter's assignments as CSV.
pub async fn agency_return_csv(State(state): State<AppState>, user: PageUser, Query(q): Query<QuarterQuery>) -> Reply {
    let ctx = user.ctx(&state);
    let quarter = q.quarter.unwrap_or_else(|| svc::quarter_of(ctx.today()));
    let r = svc::agency_return(&state.db, &ctx, &quarter).await?;
    let disposition = format!("attachment; filename=\"agency-return-{}-{}.csv\"", ctx.la(), r.quarter);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (axum::http::header::CONTENT_DISPOSITION, disposition)],
        svc::agency_return_csv(&r),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "workforce/caseloads.html")]
struct CaseloadsPage {
    layout: Layout,
    errors: Vec<FieldError>,
    on_error: Option<String>,
    /// The day's boxes: what was typed when it was refused.
    on_boxes: (String, String, String),
    c: CaseloadsOnDate,
    csv_link: String,
    /// The team shown, as the select's value; empty for every team.
    selected_team: String,
}

/// The date asked for: the GOV.UK date input (`on_day`, `on_month`, `on_year`) from the page's
/// form, or an ISO date (`on=2026-09-30`) from links and the CSV; none is today. A date that is
/// there but wrong is an error.
pub(super) fn day_asked(q: &HashMap<String, String>, errors: &mut ValidationErrors) -> Option<chrono::NaiveDate> {
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let what = "The date";
    let parsed = ff_domain::people::parse_date_parts(get("on_day"), get("on_month"), get("on_year"), what)
        .or_else(|| (!get("on").trim().is_empty()).then(|| ff_domain::people::parse_iso_date(get("on"), what)));
    match parsed {
        Some(Ok(d)) => Some(d),
        Some(Err(m)) => {
            errors.add("on", m);
            None
        }
        None => None,
    }
}

/// The day's three boxes as a form shows them: when the day asked for could not be used, what was
/// typed (so the person sees what to correct), else the day the page shows.
pub(super) fn day_boxes(q: &HashMap<String, String>, shown: chrono::NaiveDate, refused: bool) -> (String, String, String) {
    let typed = |k: &str| q.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    if refused && ["on_day", "on_month", "on_year"].iter().any(|k| q.contains_key(*k)) {
        return (typed("on_day"), typed("on_month"), typed("on_year"));
    }
    (shown.format("%-d").to_string(), shown.format("%-m").to_string(), shown.format("%Y").to_string())
}

/// The team asked for; one that is not a team's id is not found.
fn team_asked(q: &HashMap<String, String>) -> Result<Option<Uuid>, PageError> {
    match q.get("team").map(|t| t.trim()).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => Uuid::parse_str(t).map(Some).map_err(|_| PageError(ServiceError::NotFound("team"))),
    }
}

/// Caseloads on a date, by team and role, with the time face to face with families (W-SYS-7,
/// W-SYS-16, W-EC-8). A date that cannot be read, or is in the future, is named on the form
/// above today's caseloads (422).
pub async fn caseloads(State(state): State<AppState>, user: PageUser, Query(q): Query<HashMap<String, String>>) -> Reply {
    let ctx = user.ctx(&state);
    let mut form_errors = ValidationErrors::new();
    let on = day_asked(&q, &mut form_errors);
    let team = team_asked(&q)?;
    let c = match svc::caseloads_on(&state.db, &ctx, on, team).await {
        Ok(c) if form_errors.is_empty() => c,
        Ok(_) => svc::caseloads_on(&state.db, &ctx, None, team).await?,
        Err(ServiceError::Validation(v)) => {
            form_errors.0.extend(v.0);
            svc::caseloads_on(&state.db, &ctx, None, team).await?
        }
        Err(e) => return Err(e.into()),
    };
    let errors: Vec<FieldError> = form_errors.0;
    let on_error = errors.iter().find(|e| e.field == "on").map(|e| e.message.clone());
    let csv_link = match c.team {
        Some(t) => format!("/workforce/caseloads.csv?on={}&team={t}", c.on),
        None => format!("/workforce/caseloads.csv?on={}", c.on),
    };
    let layout = Layout::for_user(&state, &user, "Caseloads", "/workforce").await.with_errors(&errors);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(
        status,
        &CaseloadsPage {
            layout,
            errors,
            on_boxes: day_boxes(&q, c.on, on_error.is_some()),
            on_error,
            selected_team: c.team.map(|t| t.to_string()).unwrap_or_default(),
            c,
            csv_link,
        },
    ))
}

/// The caseloads on a date as CSV, a row per worker per team; a date that cannot be read is 422.
pub async fn caseloads_csv(State(state): State<AppState>, user: PageUser, Query(q): Query<HashMap<String, String>>) -> Reply {
    let ctx = user.ctx(&state);
    let mut errors = ValidationErrors::new();
    let on = day_asked(&q, &mut errors);
    let team = team_asked(&q)?;
    errors.into_result(()).map_err(|e| PageError(e.into()))?;
    let c = svc::caseloads_on(&state.db, &ctx, on, team).await?;
    let disposition = format!("attachment; filename=\"caseloads-{}-{}.csv\"", ctx.la(), c.on);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (axum::http::header::CONTENT_DISPOSITION, disposition)],
        svc::caseloads_csv(&c),
    )
        .into_response())
}

// ---- The establishment: posts, permanent episodes, absences and the rates -----------------

/// A decimal typed in a form ("37", "22.5"); blank or unreadable is an error on the field.
fn decimal(form: &FormData, k: &str, what: &str, errors: &mut ValidationErrors) -> f64 {
    match form.get(k).trim().parse::<f64>() {
        Ok(v) if v.is_finite() => v,
        _ => {
            errors.add(k, what.to_owned());
            0.0
        }
    }
}

#[derive(Template)]
#[template(path = "workforce/posts.html")]
struct PostsPage {
    layout: Layout,
    p: svc::PostsView,
    can_manage: bool,
    saved: bool,
}

/// The council's posts open today or later, with what is filled and vacant today.
pub async fn posts(State(state): State<AppState>, user: PageUser, Query(q): Query<SavedQuery>) -> Reply {
    let p = svc::posts(&state.db, &user.ctx(&state)).await?;
    let can_manage = can(user.actor(), Action::ManageWorkforce);
    shown(&state, &user, ("Posts", "/workforce"), |layout| PostsPage { layout, p, can_manage, saved: q.saved.is_some() }).await
}

fn post_fields(f: Option<&FormData>, teams: &[svc::PostTeam]) -> Vec<Field> {
    vec![
        Field::Select("team_id", "Team", teams.iter().map(|t| (t.id.to_string(), t.name.clone())).collect(), get(f, "team_id")),
        Field::Text("title", "What is the post called?", get(f, "title"), "For example, Social worker, Hilltop team"),
        Field::Select("role_type", "Role type", options(RoleType::ALL, |r| r.code(), |r| r.label()), get(f, "role_type")),
        Field::Text(
            "funded_fte",
            "Funded full-time equivalent (FTE)",
            get(f, "funded_fte"),
            "1 for a full-time post, 0.5 for half; at most 1",
        ),
        yes_no("case_holding", "Does the post hold cases?", f),
        date_field("from", "From", f, None),
        date_field("to", "To (leave blank if it continues)", f, None),
    ]
}

async fn draw_post(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let teams = svc::posts(&state.db, &user.ctx(state)).await?.teams;
    let at = ("Add a post", "/workforce/posts/new".to_owned());
    Ok(form_response(state, user, "/workforce", ("Posts".into(), "/workforce/posts".into()), at, post_fields(f, &teams), errors).await)
}

pub async fn new_post_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_post(&state, &user, None, vec![]).await
}

pub async fn new_post(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let from = form.required_date("from", "The start", &mut errors);
    let to = form.optional_date("to", "The end", &mut errors);
    let funded_fte = decimal(&form, "funded_fte", "Enter the funded FTE, for example 1 or 0.5", &mut errors);
    if !matches!(form.get("case_holding"), "yes" | "no") {
        errors.add("case_holding", "Choose whether the post holds cases");
    }
    let team_id = Uuid::parse_str(form.get("team_id").trim()).unwrap_or_else(|_| {
        errors.add("team_id", "Choose the team");
        Uuid::nil()
    });
    let input = svc::PostInput {
        team_id,
        title: form.get("title").into(),
        role_type: form.get("role_type").into(),
        funded_fte,
        case_holding: form.get("case_holding") == "yes",
        from: from.unwrap_or_else(|| unreadable_date(&ctx)),
        to,
    };
    let result = when_valid(errors, svc::add_post(&state.db, &ctx, &input)).await;
    let again = async |errors| draw_post(&state, &user, Some(&form), errors).await;
    saved_or_again(result, |_| saved_at("/workforce/posts"), |e| form_errors(e, "from"), again).await
}

async fn draw_close_post(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let p = svc::posts(&state.db, &user.ctx(state)).await?;
    let post = p.posts.into_iter().find(|x| x.id == id).ok_or(PageError(ServiceError::NotFound("post")))?;
    let fields = vec![
        Field::Hidden("version", post.version.to_string()),
        Field::Paragraph(format!("{}, {}: a post is closed, never removed; its history stays.", post.title, post.team)),
        date_field("to", "Its last day", f, None),
    ];
    let at = ("Close a post", format!("/workforce/posts/{id}/close"));
    Ok(form_response(state, user, "/workforce", ("Posts".into(), "/workforce/posts".into()), at, fields, errors).await)
}

pub async fn close_post_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_close_post(&state, &user, id, None, vec![]).await
}

pub async fn close_post(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let to = form.required_date("to", "The last day", &mut errors);
    let input = svc::ClosePostInput { to: to.unwrap_or_else(|| unreadable_date(&ctx)), version: form.get("version").parse().unwrap_or(0) };
    let result = in_one_round(errors, "to", svc::close_post(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_close_post(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| saved_at("/workforce/posts"), |e| form_errors(e, "to"), again).await
}

async fn draw_episode(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let ctx = user.ctx(state);
    let name = worker_name(state, user, id).await?;
    let today = ctx.today();
    let open: Vec<(String, String)> = svc::posts(&state.db, &ctx)
        .await?
        .posts
        .into_iter()
        .filter(|p| p.to.is_none_or(|t| t >= today))
        .map(|p| (p.id.to_string(), format!("{}, {} ({} FTE vacant)", p.title, p.team, p.vacant_fte)))
        .collect();
    let full_time = ff_service::settings::current(&state.db, &ctx).await?.settings.workforce.full_time_minutes;
    let fields = vec![
        Field::Select("post_id", "Post", open, get(f, "post_id")),
        Field::Text(
            "weekly_hours",
            "Contracted hours a week",
            get(f, "weekly_hours"),
            if full_time == 2_220 { "A full-time week is 37 hours" } else { "At most the council's full-time week" },
        ),
        date_field("start_date", "Start", f, None),
    ];
    let at = ("Start permanent employment", format!("/workforce/workers/{id}/episodes"));
    Ok(form_response(state, user, "/workforce", (name, format!("/workforce/workers/{id}")), at, fields, errors).await)
}

pub async fn episode_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_episode(&state, &user, id, None, vec![]).await
}

pub async fn episode(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let start = form.required_date("start_date", "The start", &mut errors);
    let weekly_hours = decimal(&form, "weekly_hours", "Enter the contracted hours a week, for example 37 or 22.5", &mut errors);
    let post_id = Uuid::parse_str(form.get("post_id").trim()).unwrap_or_else(|_| {
        errors.add("post_id", "Choose the post");
        Uuid::nil()
    });
    let input = svc::EmploymentInput { post_id, weekly_hours, start_date: start.unwrap_or_else(|| unreadable_date(&ctx)) };
    let result = when_valid(errors, svc::start_episode(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_episode(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |_| done(id), |e| form_errors(e, "start_date"), again).await
}

async fn draw_end_episode(
    state: &AppState,
    user: &PageUser,
    (id, worker): (Uuid, Uuid),
    f: Option<&FormData>,
    errors: Vec<FieldError>,
) -> Reply {
    let w = svc::worker(&state.db, &user.ctx(state), worker).await?;
    let e = w.episodes.into_iter().find(|e| e.id == id).ok_or(PageError(ServiceError::NotFound("employment episode")))?;
    let reasons = options(ff_domain::workforce::establishment::ReasonLeave::ALL, |r| r.code(), |r| r.label());
    let fields = vec![
        Field::Hidden("version", e.version.to_string()),
        Field::Paragraph(format!("{} from {}.", e.post_title, e.start_date.format("%-d %B %Y"))),
        date_field("end_date", "Their last day in the post", f, None),
        Field::Radios("reason_leave", "Why did they leave?", reasons, get(f, "reason_leave")),
    ];
    let at = ("Permanent employment ends", format!("/workforce/episodes/{id}/end?worker={worker}"));
    Ok(form_response(state, user, "/workforce", (w.name, format!("/workforce/workers/{worker}")), at, fields, errors).await)
}

pub async fn end_episode_form(State(state): State<AppState>, user: PageUser, (Path(id), Query(q)): StepAt) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_end_episode(&state, &user, (id, q.worker), None, vec![]).await
}

pub async fn end_episode(State(state): State<AppState>, user: PageUser, (Path(id), Query(q)): StepAt, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let end = form.required_date("end_date", "The last day", &mut errors);
    let input = svc::EndEmploymentInput {
        end_date: end.unwrap_or_else(|| unreadable_date(&ctx)),
        reason_leave: form.get("reason_leave").into(),
        version: form.get("version").parse().unwrap_or(0),
    };
    let result = in_one_round(errors, "end_date", svc::end_episode(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_end_episode(&state, &user, (id, q.worker), Some(&form), errors).await;
    saved_or_again(result, |()| done(q.worker), |e| form_errors(e, "end_date"), again).await
}

async fn draw_absence(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let name = worker_name(state, user, id).await?;
    let reasons = options(ff_domain::workforce::establishment::AbsenceReason::ALL, |r| r.code(), |r| r.label());
    let fields = vec![
        Field::Radios("reason", "Why were they absent?", reasons, get(f, "reason")),
        date_field("from", "First day", f, None),
        date_field("to", "Last day", f, None),
        Field::Text(
            "days_lost",
            "Working days lost (optional)",
            get(f, "days_lost"),
            "Leave blank to count the working days from the first day to the last; give fewer for part-time hours, like 2.5",
        ),
    ];
    let at = ("Record an absence", format!("/workforce/workers/{id}/absences"));
    Ok(form_response(state, user, "/workforce", (name, format!("/workforce/workers/{id}")), at, fields, errors).await)
}

pub async fn absence_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_absence(&state, &user, id, None, vec![]).await
}

pub async fn absence(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let from = form.required_date("from", "The first day", &mut errors);
    let to = form.required_date("to", "The last day", &mut errors);
    let days_lost = if form.get("days_lost").trim().is_empty() {
        None
    } else {
        Some(decimal(&form, "days_lost", "Enter the working days lost, like 3 or 2.5", &mut errors))
    };
    let input = svc::AbsenceInput {
        reason: form.get("reason").into(),
        from: from.unwrap_or_else(|| unreadable_date(&ctx)),
        to: to.unwrap_or_else(|| unreadable_date(&ctx)),
        days_lost,
    };
    let result = when_valid(errors, svc::record_absence(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_absence(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |_| done(id), |e| form_errors(e, "from"), again).await
}

#[derive(Template)]
#[template(path = "workforce/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    errors: Vec<FieldError>,
    on_error: Option<String>,
    /// The day's boxes: what was typed when it was refused.
    on_boxes: (String, String, String),
    r: svc::WorkforceRates,
    rates_chart: super::Chart,
    fte_chart: super::Chart,
    caseload_chart: super::Chart,
    early_chart: super::Chart,
    lcpp_chart: super::Chart,
    leads_chart: super::Chart,
    spend_chart: super::Chart,
    breach_chart: super::Chart,
    csv_link: String,
}

/// A bar a month: the agency spend, each bar saying its amount as the table does.
fn spend_bars(r: &svc::WorkforceRates) -> super::Chart {
    let bars: Vec<(String, f64, bool)> =
        r.agency_spend.iter().map(|m| (m.month.format("%b %Y").to_string(), m.pence as f64 / 100.0, false)).collect();
    let values: Vec<String> = r.agency_spend.iter().map(|m| m.amount.clone()).collect();
    super::chart(&bars, None).with_values(&values)
}

/// The assignments over the cap by where their sign-off stands.
fn breach_bars(r: &svc::WorkforceRates) -> super::Chart {
    let b = &r.cap_breaches;
    let rows = [("Awaiting sign-off", b.awaiting), ("Signed off by both", b.signed_off), ("Ended unsigned", b.ended_unsigned)];
    let bars: Vec<(String, f64, bool)> = rows.iter().map(|(l, n)| ((*l).to_owned(), f64::from(*n), false)).collect();
    let values: Vec<String> = rows.iter().map(|(_, n)| n.to_string()).collect();
    super::chart(&bars, None).with_values(&values)
}

/// Two bars a line: this year's and last year's.
fn year_bars(r: &svc::WorkforceRates, lines: &[svc::RateLine], keys: &[&str]) -> super::Chart {
    use chrono::Datelike;
    // Short enough to sit left of the bars; the table under each chart gives the full words.
    let short = |l: &svc::RateLine| match l.key.as_str() {
        "vacancy_rate" => "Vacancy".to_owned(),
        "agency_rate" => "Agency workers".to_owned(),
        "turnover_rate" => "Turnover".to_owned(),
        "agency_cover" => "Vacancies covered".to_owned(),
        "agency_on_vacancies" => "Agency on vacancies".to_owned(),
        "sickness_rate" => "Sickness".to_owned(),
        "fte_in_post" => "In post".to_owned(),
        "vacancies" => "Vacancies".to_owned(),
        "agency_fte" => "Agency".to_owned(),
        "leavers_fte" => "Leavers".to_owned(),
        "caseload" => "Caseload".to_owned(),
        "early_career_first" => "First year".to_owned(),
        "early_career_second" => "Second year".to_owned(),
        "early_career_apprentices" => "Apprentices".to_owned(),
        "lcpp_accredited" => "Accredited".to_owned(),
        "lcpp_designated" => "Designated".to_owned(),
        "lcpp_ready" => "Not designated".to_owned(),
        "lcpp_unevidenced" => "No accreditation".to_owned(),
        "leads_social_workers" => "Social workers".to_owned(),
        "leads_others" => "Others".to_owned(),
        _ => l.label.clone(),
    };
    let chosen: Vec<&svc::RateLine> = keys.iter().filter_map(|k| lines.iter().find(|l| l.key == *k)).collect();
    let bars: Vec<(String, f64, bool)> = chosen
        .iter()
        .flat_map(|l| {
            [
                (format!("{} {}", short(l), r.on.year()), l.this_year.unwrap_or(0.0), false),
                (format!("{} {}", short(l), r.last_on.year()), l.last_year.unwrap_or(0.0), false),
            ]
        })
        .collect();
    // Each bar says its value as the table does: a rate with its per cent sign, and a dash where
    // there was nothing to count (no bar), never a nought.
    let values: Vec<String> = chosen.iter().flat_map(|l| [l.this_display.clone(), l.last_display.clone()]).collect();
    super::chart(&bars, None).with_values(&values)
}

/// The workforce dashboard (W-OUT-3): the rates on a date (30 September of the latest census year
/// unless another is asked for) beside the year before, with charts, tables and CSV. A date that
/// cannot be read, or is in the future, is named on the form above the default date's (422).
pub async fn dashboard(State(state): State<AppState>, user: PageUser, Query(q): Query<HashMap<String, String>>) -> Reply {
    let ctx = user.ctx(&state);
    let mut form_errors = ValidationErrors::new();
    let on = day_asked(&q, &mut form_errors);
    let r = match svc::rates_on(&state.db, &ctx, on).await {
        Ok(r) if form_errors.is_empty() => r,
        Ok(_) => svc::rates_on(&state.db, &ctx, None).await?,
        Err(ServiceError::Validation(v)) => {
            form_errors.0.extend(v.0);
            svc::rates_on(&state.db, &ctx, None).await?
        }
        Err(e) => return Err(e.into()),
    };
    let errors: Vec<FieldError> = form_errors.0;
    let on_error = errors.iter().find(|e| e.field == "on").map(|e| e.message.clone());
    let pcts: Vec<&str> = r.rates.iter().filter(|l| l.unit == "%").map(|l| l.key.as_str()).collect();
    let rates_chart = year_bars(&r, &r.rates, &pcts);
    let fte_chart = year_bars(&r, &r.counts, &["fte_in_post", "vacancies", "agency_fte", "leavers_fte"]);
    let caseload_chart = year_bars(&r, &r.rates, &["caseload"]);
    let early_chart = year_bars(&r, &r.early_career, &["early_career_first", "early_career_second", "early_career_apprentices"]);
    let lcpp_chart = year_bars(&r, &r.lcpp, &["lcpp_accredited", "lcpp_designated", "lcpp_ready", "lcpp_unevidenced"]);
    let leads_chart = year_bars(&r, &r.leads, &["leads_social_workers", "leads_others"]);
    let (spend_chart, breach_chart) = (spend_bars(&r), breach_bars(&r));
    let csv_link = format!("/workforce/dashboard.csv?on={}", r.on);
    let layout = Layout::for_user(&state, &user, "Workforce dashboard", "/workforce").await.with_errors(&errors);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = DashboardPage {
        layout,
        errors,
        on_boxes: day_boxes(&q, r.on, on_error.is_some()),
        on_error,
        r,
        rates_chart,
        fte_chart,
        caseload_chart,
        early_chart,
        lcpp_chart,
        leads_chart,
        spend_chart,
        breach_chart,
        csv_link,
    };
    Ok(render(status, &page))
}

/// The dashboard's figures as CSV; a date that cannot be read is 422.
pub async fn dashboard_csv(State(state): State<AppState>, user: PageUser, Query(q): Query<HashMap<String, String>>) -> Reply {
    let ctx = user.ctx(&state);
    let mut errors = ValidationErrors::new();
    let on = day_asked(&q, &mut errors);
    errors.into_result(()).map_err(|e| PageError(e.into()))?;
    let r = svc::rates_on(&state.db, &ctx, on).await?;
    let disposition = format!("attachment; filename=\"workforce-rates-{}-{}.csv\"", ctx.la(), r.on);
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (axum::http::header::CONTENT_DISPOSITION, disposition)],
        svc::rates_csv(&r),
    )
        .into_response())
}

// ---- The workforce census (W-OUT-1) -------------------------------------------------------

#[derive(Template)]
#[template(path = "workforce/census.html")]
struct CensusPage {
    layout: Layout,
    errors: Vec<FieldError>,
    years: Vec<i32>,
    c: svc::WorkforceCensus,
}

async fn census_page(state: &AppState, user: &PageUser, year: Option<i32>, mut errors: Vec<FieldError>) -> Reply {
    let ctx = user.ctx(state);
    let latest = ff_domain::workforce::establishment::census_date(ctx.today());
    let latest = chrono::Datelike::year(&latest);
    let c = match svc::census(&state.db, &ctx, year.unwrap_or(latest)).await {
        Ok((c, _)) => c,
        Err(ServiceError::Validation(v)) => {
            errors.extend(v.0);
            svc::census(&state.db, &ctx, latest).await?.0
        }
        Err(e) => return Err(e.into()),
    };
    let layout = Layout::for_user(state, user, &format!("Workforce census {}", c.year), "/workforce").await.with_errors(&errors);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(status, &CensusPage { layout, errors, years: svc::census_years(ctx.today()), c }))
}

/// The workforce census (W-OUT-1): choose the year (the latest whose 30 September has come unless
/// another is asked for), see who is in it, what the check found and what the records do not
/// hold, the rates beside last year's, and download the file. A year that cannot be used is
/// named above the latest year's census (422).
pub async fn census(State(state): State<AppState>, user: PageUser, Query(q): Query<HashMap<String, String>>) -> Reply {
    match q.get("year").map(|y| y.trim()).filter(|y| !y.is_empty()) {
        None => census_page(&state, &user, None, vec![]).await,
        Some(y) => match crate::api::workforce::census_year(y) {
            Ok((year, _)) => census_page(&state, &user, Some(year), vec![]).await,
            Err(m) => census_page(&state, &user, None, vec![FieldError { field: "year".into(), message: m }]).await,
        },
    }
}

/// `/workforce/census/2026.xml`: the census file to download; `/workforce/census/2026`: the page
/// for that year. A year that is not four digits is not found.
pub async fn census_year(State(state): State<AppState>, user: PageUser, Path(year): Path<String>) -> Reply {
    let Ok((year, xml)) = crate::api::workforce::census_year(&year) else {
        return Ok(super::render_error_page(
            StatusCode::NOT_FOUND,
            "Page not found",
            "There is no census year at this address: write the year as four digits, such as /workforce/census/2026.xml.",
        ));
    };
    if !xml {
        return census_page(&state, &user, Some(year), vec![]).await;
    }
    let ctx = user.ctx(&state);
    let (_, file) = svc::census(&state.db, &ctx, year).await?;
    Ok(crate::api::workforce::census_file(ctx.la(), year, file))
}

// ---- The region's price caps (W-AG-1) ------------------------------------------------------

#[derive(Template)]
#[template(path = "workforce/caps.html")]
struct CapsPage {
    layout: Layout,
    c: svc::CapsView,
    can_manage: bool,
    saved: bool,
}

/// The region's price caps: those in force today for each role type, and every cap with its date.
pub async fn caps_page(State(state): State<AppState>, user: PageUser, Query(q): Query<SavedQuery>) -> Reply {
    let c = svc::caps(&state.db, &user.ctx(&state)).await?;
    let can_manage = can(user.actor(), Action::ManageWorkforce);
    shown(&state, &user, ("Price caps", "/workforce"), |layout| CapsPage { layout, c, can_manage, saved: q.saved.is_some() }).await
}

fn cap_fields(f: Option<&FormData>, version: i32) -> Vec<Field> {
    let mut roles = vec![(String::new(), "Choose a role type".to_owned())];
    roles.extend(options(RoleType::ALL, |r| r.code(), |r| r.label()));
    vec![
        // The version now: after a refusal for a change made meanwhile, saving again is a choice
        // made with the message in view.
        Field::Hidden("version", version.to_string()),
        Field::Paragraph(
            "A cap applies to assignments that start on or after its date. Assignments already recorded keep the cap they were checked against. A cap for the same role type and date as one already held corrects it; the settings keep the earlier version."
                .into(),
        ),
        Field::Select("role_type", "Role type", roles, get(f, "role_type")),
        date_field("from", "Applies from", f, None),
        Field::Text(
            "hourly",
            "Most an hour, in pounds",
            get(f, "hourly"),
            "Pay, employer's National Insurance, holiday pay and the apprenticeship levy; the agency's fee is kept apart. For example 42.50",
        ),
    ]
}

async fn draw_cap(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let version = svc::caps_version(&state.db, &user.ctx(state)).await?;
    let at = ("Add a price cap", "/workforce/caps/new".to_owned());
    Ok(form_response(state, user, "/workforce", ("Price caps".into(), "/workforce/caps".into()), at, cap_fields(f, version), errors).await)
}

pub async fn new_cap_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_cap(&state, &user, None, vec![]).await
}

/// Adds a cap: every mistake in the role, the date and the amount at once, nothing saved.
pub async fn new_cap(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let from = match form.date("from", "The date the cap applies from") {
        Some(Ok(d)) => Some(d),
        Some(Err(m)) => {
            errors.add("from", m);
            None
        }
        None => None,
    };
    let pence = ff_domain::workforce::caps::parse_pounds(form.get("hourly"));
    for (field, m) in ff_domain::workforce::caps::check_cap(form.get("role_type"), from, pence, ctx.today()) {
        if errors.for_field(field).is_none() {
            errors.add(field, m);
        }
    }
    let result = match (errors.is_empty(), from, pence) {
        (true, Some(from), Some(hourly_pence)) => {
            let input = svc::CapInput {
                role_type: form.get("role_type").into(),
                from,
                hourly_pence,
                version: form.get("version").parse().unwrap_or(0),
            };
            svc::add_cap(&state.db, &ctx, &input).await.map(|_| ())
        }
        _ => Err(ServiceError::Validation(errors)),
    };
    let again = async |errors| draw_cap(&state, &user, Some(&form), errors).await;
    saved_or_again(result, |()| saved_at("/workforce/caps"), |e| form_errors(e, "from"), again).await
}

fn upload_fields(version: i32) -> Vec<Field> {
    vec![
        Field::Hidden("version", version.to_string()),
        Field::Paragraph(
            "Load the region's published table as a CSV file. The first line is role_type,from,hourly_pounds; each line after it is a role type (SW, SSW, AP, TM or IRO_CPC), the date the cap applies from (like 2026-10-01) and the cap in pounds an hour (like 42.50). If any line is wrong, nothing is loaded and each wrong line is named."
                .into(),
        ),
        Field::File("file", "The region's caps (CSV)", format!("At most {} KB", ff_domain::workforce::caps::CAPS_CSV_MAX_BYTES / 1024)),
    ]
}

async fn draw_upload(state: &AppState, user: &PageUser, errors: Vec<FieldError>) -> Reply {
    let version = svc::caps_version(&state.db, &user.ctx(state)).await?;
    // A file posts as multipart, so the form's address carries the CSRF token.
    let at = ("Load the region's price caps", format!("/workforce/caps/upload?csrf_token={}", user.csrf()));
    Ok(form_response(state, user, "/workforce", ("Price caps".into(), "/workforce/caps".into()), at, upload_fields(version), errors).await)
}

pub async fn upload_caps_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManageWorkforce)?;
    draw_upload(&state, &user, vec![]).await
}

/// Loads the region's table: read no further than the limit, then all of it or nothing.
pub async fn upload_caps(State(state): State<AppState>, user: PageUser, req: axum::extract::Request) -> Reply {
    use crate::forms::{UploadError, read_upload};
    let ctx = allowed(&state, &user, Action::ManageWorkforce)?;
    let file_error = |m: String| vec![FieldError { field: "file".into(), message: m }];
    let choose = || file_error("Choose the region's caps to load (a CSV file)".into());
    let Ok(form) = <axum::extract::Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return draw_upload(&state, &user, choose()).await;
    };
    let max = ff_domain::workforce::caps::CAPS_CSV_MAX_BYTES as u64;
    let upload = match read_upload(form, max).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => {
            return draw_upload(&state, &user, file_error(format!("The file is larger than {} KB", max / 1024))).await;
        }
        Err(UploadError::Broken) => {
            return draw_upload(&state, &user, file_error("The upload was interrupted. Choose the file again.".into())).await;
        }
    };
    let version = upload.fields.get("version").parse().ok();
    let Some((_, bytes)) = upload.file else {
        return draw_upload(&state, &user, choose()).await;
    };
    let Ok(csv) = String::from_utf8(bytes) else {
        return draw_upload(
            &state,
            &user,
            file_error("The file is not a CSV file: save the table as CSV (UTF-8) and load it again".into()),
        )
        .await;
    };
    let input = svc::CapsUpload { csv, version: version.unwrap_or(0) };
    let result = svc::load_caps(&state.db, &ctx, &input).await.map(|_| ());
    let again = async |errors| draw_upload(&state, &user, errors).await;
    saved_or_again(result, |()| saved_at("/workforce/caps"), |e| form_errors(e, "file"), again).await
}
