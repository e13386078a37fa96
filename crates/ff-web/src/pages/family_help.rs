//! Family Help pages (issue 3): my work, the front door, and the actions on a child's episode.
//! Every action page posts to the same service function as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ff_domain::family_help::{
    ASSESSMENT_FACTORS, AssessmentOutcome, ClosureReason, Consent, ContactChannel, ContactDecision, Level, PrimaryNeed, ReferralSource,
};
use ff_domain::policy::Action;
use ff_domain::roles::Role;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::family_help as fh;
use serde::Deserialize;
use uuid::Uuid;

use super::{Field, Layout, SimpleForm, can, get, options, render, yes_no};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

#[derive(Template)]
#[template(path = "family_help/tray.html")]
struct TrayPage {
    layout: Layout,
    tray: fh::WorkTray,
    team_overdue: Vec<fh::TrayItem>,
}

pub async fn tray(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let tray = fh::work_tray(&state.db, &user.ctx(&state)).await?;
    let layout = Layout::for_user(&state, &user, "My work", "/work").await;
    let team_overdue = tray.team.iter().filter(|i| i.overdue).cloned().collect();
    Ok(render(StatusCode::OK, &TrayPage { layout, tray, team_overdue }))
}

#[derive(Deserialize)]
pub struct ChildParam {
    pub(super) child: Option<Uuid>,
    pub(super) saved: Option<String>,
}

/// Turn a rule refusal into an error on a form field, so it shows in the error summary.
pub(super) fn errors_of(e: ServiceError, rule_field: &str) -> Result<Vec<FieldError>, ServiceError> {
    match e {
        ServiceError::Validation(v) => Ok(v.0),
        // The sentence is plain words; the rule id stays in the API's `rule` and in the docs.
        ServiceError::Rule(r) => Ok(vec![FieldError { field: rule_field.into(), message: r.message }]),
        ServiceError::Conflict { message, .. } => Ok(vec![FieldError { field: rule_field.into(), message }]),
        other => Err(other),
    }
}

/// Every mistake in one round when a form's date could not be read: the page gave the service a
/// date it must refuse (so nothing was saved) and now reports the form's own date error with the
/// service's other errors, dropping the service's complaint about the stand-in date.
pub(super) fn one_round(result: Result<(), ServiceError>, mut form_errors: ValidationErrors) -> Result<(), ServiceError> {
    if form_errors.is_empty() {
        return result;
    }
    // Refused access stands over any mistake in the form: the form's errors are not shown to
    // someone who may not do this at all.
    if let Err(e @ (ServiceError::Denied(_) | ServiceError::NotFound(_))) = result {
        return Err(e);
    }
    if let Err(ServiceError::Validation(v)) = result {
        // The form's own message for a field stands (so the service's complaint about a stand-in
        // date is dropped); the service adds what the form could not see.
        let service: Vec<_> = v.0.into_iter().filter(|e| form_errors.for_field(&e.field).is_none()).collect();
        form_errors.0.extend(service);
    }
    Err(ServiceError::Validation(form_errors))
}

/// A date the service is sure to refuse, standing in for one the form could not read.
pub(super) fn unreadable_date(ctx: &ff_service::Ctx) -> NaiveDate {
    ctx.today() + chrono::Days::new(1)
}

/// The same for a date that may lie ahead (a due date, a review date): the day before the
/// earliest date any record may hold, so every such service refuses it as before the work began,
/// even work dated on that earliest day (its checks are strict: "before the referral").
pub(super) fn unreadable_future_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(ff_domain::calendar::EARLIEST_YEAR - 1, 12, 31).unwrap_or_default()
}

/// An optional date as the form gave it: `None` when left blank, the stand-in when it could not
/// be read (its error is already in `errors`).
pub(super) fn optional_or_unreadable(form: &FormData, name: &str, what: &str, errors: &mut ValidationErrors) -> Option<NaiveDate> {
    let d = form.optional_date(name, what, errors);
    if errors.for_field(name).is_some() { Some(unreadable_future_date()) } else { d }
}

/// Every mistake in one round for a form with a date (issue 10 item 17). `errors` holds what the
/// form itself found. When `date_field` could not be read, `call` must have been built with a
/// stand-in the service refuses (`unreadable_date`, for dates that cannot be in the future), so
/// it runs only to collect the service's other errors and saves nothing. When the date was read
/// but something else in the form was wrong, the service is not called at all.
pub(super) async fn in_one_round<T, Fut>(errors: ValidationErrors, date_field: &str, call: Fut) -> Result<(), ServiceError>
where
    Fut: std::future::Future<Output = Result<T, ServiceError>>,
{
    let date_unreadable = errors.for_field(date_field).is_some();
    if !errors.is_empty() && !date_unreadable {
        return Err(ServiceError::Validation(errors));
    }
    one_round(call.await.map(|_| ()), errors)
}

fn date_parts(f: Option<&FormData>, name: &'static str, default: Option<NaiveDate>) -> (String, String, String) {
    match f {
        Some(f) => f.date_parts(name),
        None => default.map(|d| (d.format("%-d").to_string(), d.format("%-m").to_string(), d.format("%Y").to_string())).unwrap_or_default(),
    }
}

pub(super) fn date_field(name: &'static str, legend: &'static str, f: Option<&FormData>, default: Option<NaiveDate>) -> Field {
    let (d, m, y) = date_parts(f, name, default);
    Field::Date(name, legend, d, m, y, "For example, 23 11 2026")
}

pub(super) async fn form(
    state: &AppState,
    user: &PageUser,
    child: Uuid,
    (heading, action, submit): (&str, String, &'static str),
    fields: Vec<Field>,
    errors: Vec<FieldError>,
) -> Response {
    let record = ff_service::people::view(&state.db, &user.ctx(state), child).await.ok();
    let caption = record.as_ref().map(|r| r.person.full_name.clone()).unwrap_or_default();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut layout = Layout::for_user(state, user, heading, "/people").await;
    layout.child = record.as_ref().map(ff_service::people::ChildBanner::from_record);
    let page = SimpleForm {
        layout,
        back: format!("/people/{child}"),
        caption,
        heading: heading.to_owned(),
        action,
        submit,
        errors: vec![],
        fields,
        search: None,
        show_form: true,
    }
    .with_errors(errors);
    render(status, &page)
}

pub(super) fn child_of(q: &ChildParam) -> Result<Uuid, PageError> {
    q.child.ok_or(PageError(ServiceError::NotFound("child")))
}

pub(super) fn back_to(child: Uuid, saved: &str) -> Response {
    // Back to the part of the child's page the work was about.
    let section = match saved {
        "professional" | "professional_ended" => "professionals",
        "document" | "document_withdrawn" => "documents",
        "note" => "chronology",
        _ => "family-help",
    };
    Redirect::to(&format!("/people/{child}?saved={saved}#{section}")).into_response()
}

// --- contacts ------------------------------------------------------------------------------

fn contact_fields(f: Option<&FormData>, child: Uuid, today: NaiveDate) -> Vec<Field> {
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    // The referrer is always chosen: no source is preselected.
    let mut sources = vec![(String::new(), "Choose who made the contact".to_owned())];
    sources.extend(options(ReferralSource::ALL, |s| s.code(), |s| s.label()));
    vec![
        Field::Hidden("child", child.to_string()),
        date_field("received", "When did the contact arrive?", f, Some(today)),
        Field::Text("received_time", "Time it arrived (optional)", get("received_time"), "24-hour clock, for example 09:30 or 16:45"),
        Field::Radios("channel", "How did the contact arrive?", options(ContactChannel::ALL, |c| c.code(), |c| c.label()), get("channel")),
        Field::Select("source", "Who made the contact?", sources, get("source")),
        Field::Text("referrer_name", "Referrer's name (optional)", get("referrer_name"), ""),
        Field::Text("referrer_organisation", "Referrer's organisation (optional)", get("referrer_organisation"), ""),
        Field::TextArea("concerns", "What are the concerns?", get("concerns"), "In the referrer's words where possible"),
        Field::Radios(
            "consent",
            "Consent to share information and refer",
            options(Consent::ALL, |c| c.code(), |c| c.label()),
            get("consent"),
        ),
        Field::TextArea(
            "consent_basis",
            "If consent was not given: the lawful basis for sharing, and why",
            get("consent_basis"),
            "Required unless consent was given",
        ),
    ]
}

pub async fn contact_form(State(state): State<AppState>, user: PageUser, Query(q): Query<ChildParam>) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::RecordContact)?;
    let child = child_of(&q)?;
    let today = user.ctx(&state).today();
    Ok(form(&state, &user, child, ("Record a contact", "/contacts/new".into(), "Save contact"), contact_fields(None, child, today), vec![])
        .await)
}

/// When a contact arrived, from the form's date and optional time (England's clock); today's
/// date with no time means now. Mistakes are added to `errors`.
fn received_at(f: &FormData, ctx: &ff_service::Ctx, errors: &mut ValidationErrors) -> Option<chrono::DateTime<chrono::Utc>> {
    let date = f.required_date("received", "The date the contact arrived", errors)?;
    let time = match f.opt("received_time") {
        Some(t) => match ff_domain::calendar::parse_time_of_day(&t) {
            Some(t) => Some(t),
            None => {
                errors.add("received_time", "Enter the time as hours and minutes on the 24-hour clock, for example 09:30");
                return None;
            }
        },
        None => None,
    };
    match time {
        Some(t) => Some(ff_domain::calendar::london_to_utc(date.and_time(t))),
        None if date == ctx.today() => None,
        None => Some(ff_domain::calendar::london_to_utc(date.and_hms_opt(9, 0, 0).unwrap_or_default())),
    }
}

pub async fn contact_create(State(state): State<AppState>, user: PageUser, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::RecordContact)?;
    let child: Uuid = f.get("child").parse().map_err(|_| PageError(ServiceError::NotFound("child")))?;
    let mut form_errors = ValidationErrors::new();
    let mut received = received_at(&f, &ctx, &mut form_errors);
    if !form_errors.is_empty() {
        // The date or time could not be read: give the service an arrival it must refuse, so it
        // still reports every other mistake at once and saves nothing.
        received = Some(ctx.now + chrono::Duration::days(1));
    }
    let input = fh::ContactInput {
        received_at: received,
        channel: f.get("channel").into(),
        source: f.get("source").into(),
        referrer_name: f.opt("referrer_name"),
        referrer_organisation: f.opt("referrer_organisation"),
        concerns: f.get("concerns").into(),
        consent: f.get("consent").into(),
        consent_basis: f.opt("consent_basis"),
        child_ids: vec![child],
        adult_ids: vec![],
    };
    match fh::record_contact(&state.db, &ctx, &input).await {
        Ok(c) => Ok(Redirect::to(&format!("/contacts/{}?saved=1", c.id)).into_response()),
        Err(e) => {
            // Every mistake at once: the form's own (the date and time) and the service's.
            let reading_failed = !form_errors.is_empty();
            let mut errors = form_errors.0;
            errors.extend(errors_of(e, "concerns")?.into_iter().filter(|e| !(reading_failed && e.field == "received_at")).map(|mut e| {
                if e.field == "received_at" {
                    e.field = "received".into();
                }
                e
            }));
            Ok(form(
                &state,
                &user,
                child,
                ("Record a contact", "/contacts/new".into(), "Save contact"),
                contact_fields(Some(&f), child, ctx.today()),
                errors,
            )
            .await)
        }
    }
}

#[derive(Template)]
#[template(path = "family_help/contact.html")]
struct ContactPage {
    layout: Layout,
    c: fh::ContactView,
    can_decide: bool,
    errors: Vec<FieldError>,
    decisions: Vec<(String, String)>,
    needs: Vec<(String, String)>,
    form_decision: String,
    form_need: String,
    form_reason: String,
    /// The feedback note as typed, kept on a refused answer.
    typed_note: String,
    flash: Option<&'static str>,
}

impl ContactPage {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

async fn contact_page(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    errors: Vec<FieldError>,
    f: Option<&FormData>,
    flash: Option<&'static str>,
) -> Result<Response, PageError> {
    let c = fh::contact(&state.db, &user.ctx(state), id).await?;
    let mut needs = vec![(String::new(), "Not needed (no episode opens)".to_owned())];
    needs.extend(options(PrimaryNeed::ALL, |n| n.code(), |n| n.label()));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::for_user(state, user, "Contact", "/work").await.with_errors(&errors);
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    Ok(render(
        status,
        &ContactPage {
            layout,
            can_decide: can(user.actor(), Action::DecideContact),
            decisions: options(ContactDecision::ALL, |d| d.code(), |d| d.label()),
            needs,
            form_decision: get("decision"),
            form_need: get("primary_need"),
            form_reason: get("reason"),
            typed_note: get("note"),
            c,
            errors,
            flash,
        },
    ))
}

pub async fn contact_show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
) -> Result<Response, PageError> {
    let flash = match q.saved.as_deref() {
        Some("decided") => Some("The decision has been recorded"),
        Some("feedback") => Some("The feedback has been recorded"),
        Some(_) => Some("The contact has been recorded. A decision is due within one working day."),
        None => None,
    };
    contact_page(&state, &user, id, vec![], None, flash).await
}

pub async fn contact_decide(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    f: FormData,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::DecideContact)?;
    let input = fh::DecisionInput {
        decision: f.get("decision").into(),
        reason: f.get("reason").into(),
        primary_need: f.opt("primary_need"),
        decided_at: None,
        version: f.get("version").parse().unwrap_or(0),
    };
    match fh::decide_contact(&state.db, &ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/contacts/{id}?saved=decided")).into_response()),
        Err(e) => contact_page(&state, &user, id, errors_of(e, "decision")?, Some(&f), None).await,
    }
}

pub async fn contact_feedback(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    f: FormData,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::RecordContact)?;
    let input = fh::FeedbackInput { note: f.get("note").into(), version: f.get("version").parse().unwrap_or(0) };
    match fh::record_feedback(&state.db, &ctx, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/contacts/{id}?saved=feedback")).into_response()),
        Err(e) => contact_page(&state, &user, id, errors_of(e, "note")?, Some(&f), None).await,
    }
}

// --- episode actions -----------------------------------------------------------------------

/// The episode as shown on the child's record (for its version and context).
async fn episode(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<fh::EpisodeView, PageError> {
    let rec = fh::for_child(&state.db, &user.ctx(state), child).await?;
    rec.episodes.into_iter().find(|e| e.id == id).ok_or(PageError(ServiceError::NotFound("episode")))
}

/// Options naming each practitioner, with their caseload against the cap (issue 3 item 8).
fn practitioners(users: &[fh::Allocatable], roles: &[Role], with_load: bool) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "None".to_owned())];
    out.extend(users.iter().filter(|u| roles.iter().any(|r| r.code() == u.role)).map(|u| {
        let load = if with_load {
            let flag = if u.open_cases >= u.cap { ", at or over the cap" } else { "" };
            format!(": {} of {} cases{flag}", u.open_cases, u.cap)
        } else {
            String::new()
        };
        (u.id.to_string(), format!("{} ({}){load}", u.display_name, u.role_label))
    }));
    out
}

async fn allocation_fields(
    state: &AppState,
    user: &PageUser,
    e: &fh::EpisodeView,
    child: Uuid,
    f: Option<&FormData>,
) -> Result<Vec<Field>, PageError> {
    let users = ff_service::family_help::allocatable_users(&state.db, &user.ctx(state)).await?;
    let get = |k: &str, d: Option<Uuid>| f.map(|f| f.get(k).to_owned()).unwrap_or_else(|| d.map(|u| u.to_string()).unwrap_or_default());
    Ok(vec![
        Field::Hidden("child", child.to_string()),
        Field::Hidden("version", e.version.to_string()),
        Field::Select(
            "lead_id",
            "Lead practitioner",
            practitioners(&users, &[Role::FamilyHelpPractitioner, Role::SocialWorker, Role::Lcpp, Role::PracticeSupervisor], true),
            get("lead_id", e.lead_id),
        ),
        Field::Select(
            "overseer_id",
            "Social work overseer (required for a child in need led by someone who is not a social worker)",
            practitioners(&users, &[Role::PracticeSupervisor], false),
            get("overseer_id", e.overseer_id),
        ),
        Field::Text("reason", "Reason (optional)", f.map(|f| f.get("reason").to_owned()).unwrap_or_default(), ""),
        Field::TextArea(
            "over_cap_reason",
            "Manager's reason, if this takes the practitioner over their caseload cap",
            f.map(|f| f.get("over_cap_reason").to_owned()).unwrap_or_default(),
            "",
        ),
    ])
}

pub async fn allocate_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::AllocateCase)?;
    let child = child_of(&q)?;
    let e = episode(&state, &user, child, id).await?;
    let fields = allocation_fields(&state, &user, &e, child, None).await?;
    Ok(form(&state, &user, child, ("Allocate the lead practitioner", format!("/episodes/{id}/allocate"), "Allocate"), fields, vec![]).await)
}

pub async fn allocate(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::AllocateCase)?;
    let child: Uuid = f.get("child").parse().map_err(|_| PageError(ServiceError::NotFound("child")))?;
    let result = match f.get("lead_id").parse::<Uuid>() {
        Ok(lead_id) => {
            let input = fh::AllocationInput {
                lead_id,
                overseer_id: f.opt("overseer_id").and_then(|o| o.parse().ok()),
                reason: f.opt("reason"),
                over_cap_reason: f.opt("over_cap_reason"),
                from_date: None,
                version: f.get("version").parse().unwrap_or(0),
            };
            fh::allocate(&state.db, &ctx, id, &input).await
        }
        Err(_) => Err(ServiceError::Validation(ValidationErrors::single("lead_id", "Choose the lead practitioner"))),
    };
    match result {
        Ok(r) if r.status == ff_domain::family_help::CaseloadStatus::UnderCap => Ok(back_to(child, "allocated")),
        Ok(_) => Ok(back_to(child, "allocated_at_cap")),
        Err(err) => {
            let errors = errors_of(err, "lead_id")?;
            let e = episode(&state, &user, child, id).await?;
            let fields = allocation_fields(&state, &user, &e, child, Some(&f)).await?;
            Ok(form(
                &state,
                &user,
                child,
                ("Allocate the lead practitioner", format!("/episodes/{id}/allocate"), "Allocate"),
                fields,
                errors,
            )
            .await)
        }
    }
}

/// A form page on a family help episode (or its assessment or plan): see `child_action!`.
macro_rules! simple_action {
    ($($t:tt)*) => { child_action!(episode_or_parent; $($t)*); };
}

/// Action pages are addressed by an episode, assessment or plan id; find the episode it belongs to.
async fn episode_or_parent(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<fh::EpisodeView, PageError> {
    let rec = fh::for_child(&state.db, &user.ctx(state), child).await?;
    rec.episodes
        .into_iter()
        .find(|e| e.id == id || e.assessments.iter().any(|a| a.id == id) || e.plan.as_ref().is_some_and(|p| p.id == id))
        .ok_or(PageError(ServiceError::NotFound("episode")))
}

fn yes(f: &FormData, k: &str) -> bool {
    f.get(k) == "yes"
}

simple_action!(
    assessment_form,
    assessment_start,
    Action::WorkOnCase,
    "Start an assessment",
    "Start assessment",
    "/episodes/{id}/assessment",
    "assessment",
    "start_date",
    fields = |e, f, today| {
        let _ = &e;
        vec![date_field("start_date", "Start date", f, Some(today))]
    },
    submit = |ctx, id, form, errors, db| {
        let start = form.required_date("start_date", "Start date", &mut errors).unwrap_or_else(|| unreadable_date(&ctx));
        in_one_round(errors, "start_date", fh::start_assessment(db, &ctx, id, &fh::StartAssessmentInput { start_date: start })).await
    }
);

simple_action!(
    complete_form,
    complete,
    Action::AuthoriseAssessment,
    "Complete and authorise the assessment",
    "Authorise assessment",
    "/assessments/{id}/complete",
    "assessment_authorised",
    "completed_date",
    fields = |e, f, today| {
        let version = e.assessments.iter().find(|a| a.completed_date.is_none()).map(|a| a.version).unwrap_or(1);
        let due = e.assessments.iter().find(|a| a.completed_date.is_none()).map(|a| a.due_date);
        let mut factors = vec![];
        factors.extend(
            ASSESSMENT_FACTORS.iter().map(|(c, l)| Field::Checkbox(factor_name(c), l, f.is_some_and(|f| f.checked(factor_name(c))))),
        );
        let mut v = vec![
            Field::Hidden("version", version.to_string()),
            Field::Paragraph(match due {
                Some(d) => format!("Due by {} (45 working days from the referral).", d.format("%A %-d %B %Y")),
                None => String::new(),
            }),
            date_field("completed_date", "Date completed", f, Some(today)),
            yes_no("child_seen", "Was the child seen?", f),
            yes_no("child_seen_alone", "Was the child seen alone?", f),
            Field::Radios("outcome", "Outcome", options(AssessmentOutcome::ALL, |o| o.code(), |o| o.label()), get(f, "outcome")),
            Field::Paragraph("Factors identified at the end of the assessment".into()),
        ];
        v.extend(factors);
        let ticked = |prefix: &str, id: Uuid| f.is_some_and(|f| f.checked(&format!("{prefix}_{id}")));
        v.push(Field::Adults(
            e.significant_adults
                .iter()
                .map(|a| {
                    (
                        a.person_id,
                        a.full_name.clone(),
                        a.relationship.clone(),
                        ticked("seen", a.person_id),
                        ticked("assessed", a.person_id),
                        a.father_or_male_carer,
                    )
                })
                .collect(),
        ));
        v.push(Field::TextArea(
            "male_carer_reason",
            "For a baby under one: if no father or male carer was seen and assessed, why not",
            get(f, "male_carer_reason"),
            "For example, what was done to find out who he is, or why it was not safe to involve him",
        ));
        v.push(Field::TextArea(
            "late_reason",
            "If completed after the due date: why it took longer",
            get(f, "late_reason"),
            "Timescale T4",
        ));
        v
    },
    submit = |ctx, id, form, errors, db| {
        let completed = form.required_date("completed_date", "Date completed", &mut errors).unwrap_or_else(|| unreadable_date(&ctx));
        let factors = ASSESSMENT_FACTORS.iter().filter(|(c, _)| form.checked(factor_name(c))).map(|(c, _)| (*c).to_owned()).collect();
        let input = fh::CompleteAssessmentInput {
            completed_date: completed,
            child_seen: yes(form, "child_seen"),
            child_seen_alone: yes(form, "child_seen_alone"),
            factors,
            outcome: form.get("outcome").into(),
            late_reason: form.opt("late_reason"),
            version: form.get("version").parse().unwrap_or(0),
            adults: form
                .0
                .keys()
                .filter_map(|k| k.strip_prefix("seen_").or_else(|| k.strip_prefix("assessed_")))
                .filter_map(|id| id.parse::<Uuid>().ok())
                .collect::<std::collections::BTreeSet<Uuid>>()
                .into_iter()
                .map(|id| fh::AdultSeenInput {
                    person_id: id,
                    seen: form.checked(&format!("seen_{id}")),
                    assessed: form.checked(&format!("assessed_{id}")),
                })
                .collect(),
            male_carer_reason: form.opt("male_carer_reason"),
        };
        in_one_round(errors, "completed_date", fh::complete_assessment(db, &ctx, id, &input)).await
    }
);

/// Form field name for an assessment factor checkbox.
fn factor_name(code: &str) -> &'static str {
    ASSESSMENT_FACTORS.iter().position(|(c, _)| *c == code).map(|i| FACTOR_FIELDS[i]).unwrap_or("factor_unknown")
}

const FACTOR_FIELDS: [&str; 42] = [
    "factor_1A",
    "factor_1B",
    "factor_1C",
    "factor_2A",
    "factor_2B",
    "factor_2C",
    "factor_3A",
    "factor_3B",
    "factor_3C",
    "factor_4A",
    "factor_4B",
    "factor_4C",
    "factor_5A",
    "factor_5B",
    "factor_5C",
    "factor_6A",
    "factor_6B",
    "factor_6C",
    "factor_7A",
    "factor_8B",
    "factor_8C",
    "factor_8D",
    "factor_8E",
    "factor_8F",
    "factor_9A",
    "factor_10A",
    "factor_11A",
    "factor_12A",
    "factor_13A",
    "factor_14A",
    "factor_15A",
    "factor_16A",
    "factor_17A",
    "factor_18B",
    "factor_18C",
    "factor_19B",
    "factor_19C",
    "factor_20",
    "factor_21",
    "factor_22A",
    "factor_23A",
    "factor_24A",
];

simple_action!(
    plan_form,
    plan_start,
    Action::WorkOnCase,
    "Start a plan",
    "Start plan",
    "/episodes/{id}/plan",
    "plan",
    "start_date",
    fields = |e, f, today| {
        let _ = &e;
        vec![
            date_field("start_date", "Plan start date", f, Some(today)),
            Field::TextArea(
                "outcome",
                "The first outcome the plan aims for",
                get(f, "outcome"),
                "What will be different for the child? Add more outcomes and actions afterwards.",
            ),
            Field::TextArea("action", "The first action (optional)", get(f, "action"), "Who will do what"),
            Field::Text("owner", "Who does the action (optional)", get(f, "owner"), ""),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let start = form.required_date("start_date", "Plan start date", &mut errors).unwrap_or_else(|| unreadable_date(&ctx));
        // An empty outcome box is no outcome: the service then refuses the plan (R-CIN-2).
        let mut items: Vec<_> = form
            .opt("outcome")
            .map(|o| fh::PlanItemInput { kind: "outcome".into(), description: o, owner: None, due_date: None })
            .into_iter()
            .collect();
        if let Some(a) = form.opt("action") {
            items.push(fh::PlanItemInput { kind: "action".into(), description: a, owner: form.opt("owner"), due_date: None });
        }
        in_one_round(errors, "start_date", fh::start_plan(db, &ctx, id, &fh::PlanInput { start_date: start, items })).await
    }
);

simple_action!(
    item_form,
    item_add,
    Action::WorkOnCase,
    "Add to the plan",
    "Add",
    "/plans/{id}/items",
    "plan",
    "description",
    fields = |e, f, today| {
        let _ = (&e, today);
        vec![
            Field::Radios(
                "kind",
                "Is this an outcome or an action?",
                vec![("outcome".into(), "Outcome".into()), ("action".into(), "Action".into())],
                get(f, "kind"),
            ),
            Field::TextArea("description", "Description", get(f, "description"), ""),
            Field::Text("owner", "Who does it (for an action)", get(f, "owner"), ""),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        errors.into_result(())?;
        let input = fh::PlanItemInput {
            kind: form.get("kind").into(),
            description: form.get("description").into(),
            owner: form.opt("owner"),
            due_date: None,
        };
        fh::add_plan_item(db, &ctx, id, &input).await.map(|_| ())
    }
);

simple_action!(
    review_form,
    review_add,
    Action::WorkOnCase,
    "Record a plan review",
    "Save review",
    "/plans/{id}/review",
    "review",
    "summary",
    fields = |e, f, today| {
        let _ = &e;
        vec![
            date_field("review_date", "Review date", f, Some(today)),
            Field::TextArea("summary", "Summary", get(f, "summary"), "Progress against each outcome, the child's views, and what changes"),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let date = form.required_date("review_date", "Review date", &mut errors).unwrap_or_else(|| unreadable_date(&ctx));
        let input = fh::ReviewInput { review_date: date, summary: form.get("summary").into() };
        in_one_round(errors, "review_date", fh::record_review(db, &ctx, id, &input)).await
    }
);

simple_action!(
    visit_form,
    visit_add,
    Action::WorkOnCase,
    "Record a visit",
    "Save visit",
    "/episodes/{id}/visit",
    "visit",
    "visit_date",
    fields = |e, f, today| {
        let _ = &e;
        vec![
            date_field("visit_date", "Date of the visit", f, Some(today)),
            yes_no("child_seen", "Was the child seen?", f),
            yes_no("seen_alone", "Was the child seen alone?", f),
            yes_no("bedroom_seen", "Was the child's bedroom seen?", f),
            Field::Radios(
                "baby_seen_awake",
                "For a baby under one: was the baby seen awake?",
                vec![("".into(), "Not a baby under one".into()), ("yes".into(), "Yes".into()), ("no".into(), "No".into())],
                get(f, "baby_seen_awake"),
            ),
            Field::TextArea("note", "Note (optional)", get(f, "note"), "What you saw and heard, and the child's views"),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let date = form.required_date("visit_date", "Date of the visit", &mut errors).unwrap_or_else(|| unreadable_date(&ctx));
        if form.get("child_seen").is_empty() {
            errors.add("child_seen", "Say whether the child was seen");
        }
        let baby = match form.get("baby_seen_awake") {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let input = fh::VisitInput {
            visit_date: date,
            child_seen: yes(form, "child_seen"),
            seen_alone: yes(form, "seen_alone"),
            bedroom_seen: yes(form, "bedroom_seen"),
            baby_seen_awake: baby,
            note: form.opt("note"),
        };
        in_one_round(errors, "visit_date", fh::record_visit(db, &ctx, id, &input)).await
    }
);

simple_action!(
    oversight_form,
    oversight_add,
    Action::RecordOversight,
    "Record oversight",
    "Save oversight",
    "/episodes/{id}/oversight",
    "oversight",
    "note",
    fields = |e, f, today| {
        let _ = &e;
        vec![
            date_field("record_date", "Date", f, Some(today)),
            Field::TextArea(
                "note",
                "What was discussed and decided",
                get(f, "note"),
                "What would make this worse? What else could explain what we see?",
            ),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let date = form.required_date("record_date", "Date", &mut errors).unwrap_or_else(|| unreadable_date(&ctx));
        let input = fh::OversightInput { record_date: date, note: form.get("note").into() };
        in_one_round(errors, "record_date", fh::record_oversight(db, &ctx, id, &input)).await
    }
);

simple_action!(
    level_form,
    level_change,
    Action::WorkOnCase,
    "Change the level of help",
    "Change level",
    "/episodes/{id}/level",
    "level",
    "level",
    fields = |e, f, today| vec![
        Field::Hidden("version", e.version.to_string()),
        Field::Radios(
            "level",
            "Level",
            options(Level::ALL, |l| l.code(), |l| l.label()),
            f.map(|f| f.get("level").to_owned()).unwrap_or_else(|| e.level.clone())
        ),
        date_field("from_date", "From", f, Some(today)),
        Field::Text("reason", "Reason", get(f, "reason"), ""),
    ],
    submit = |ctx, id, form, errors, db| {
        let from = form.required_date("from_date", "Date", &mut errors).unwrap_or_else(|| unreadable_date(&ctx));
        let input = fh::LevelInput {
            level: form.get("level").into(),
            from_date: from,
            reason: form.get("reason").into(),
            version: form.get("version").parse().unwrap_or(0),
        };
        in_one_round(errors, "from_date", fh::change_level(db, &ctx, id, &input)).await
    }
);

simple_action!(
    close_form,
    close,
    Action::WorkOnCase,
    "Close the episode",
    "Close episode",
    "/episodes/{id}/close",
    "closed",
    "closure_date",
    fields = |e, f, today| vec![
        Field::Hidden("version", e.version.to_string()),
        date_field("closure_date", "Closure date", f, Some(today)),
        Field::Radios("reason", "Reason for closure", options(ClosureReason::ALL, |r| r.code(), |r| r.label()), get(f, "reason")),
    ],
    submit = |ctx, id, form, errors, db| {
        let date = form.required_date("closure_date", "Closure date", &mut errors);
        // Both mistakes in one round: the date and the reason.
        if ClosureReason::from_code(form.get("reason").trim()).is_none() {
            errors.add("reason", "Select the reason for closing the episode");
        }
        errors.into_result(())?;
        fh::close_episode(
            db,
            &ctx,
            id,
            &fh::CloseInput {
                closure_date: date.unwrap_or_default(),
                reason: form.get("reason").into(),
                version: form.get("version").parse().unwrap_or(0),
            },
        )
        .await
    }
);

/// Mark a plan action done today.
pub async fn item_done(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::WorkOnCase)?;
    let child: Uuid = f.get("child").parse().map_err(|_| PageError(ServiceError::NotFound("child")))?;
    let input = fh::ItemDoneInput { done_date: ctx.today(), version: f.get("version").parse().unwrap_or(0) };
    fh::mark_item_done(&state.db, &ctx, id, &input).await?;
    Ok(back_to(child, "plan"))
}
