//! Professional disagreements on pages: from a child's page, raise one about a decision on the
//! child's case, move it up a stage or record how it was resolved; the partnership's counts by
//! stage and agency. Every form posts to the same service function as the API and works without
//! JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use ff_domain::escalations::{About, Outcome};
use ff_domain::partnership::ReviewAgency;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::escalations::{
    self as svc, DisagreementCounts, EscalateDisagreementInput, RaiseDisagreementInput, ResolveDisagreementInput,
};
use uuid::Uuid;

use super::fields::{ChildParam, Reply, back_to, child_of, date_field, errors_of, in_one_round, saved_or_again, shown, unreadable_date};
use super::{Field, Layout, get, options};
use crate::AppState;
use crate::auth::PageUser;
use crate::forms::FormData;

/// Nothing chosen for you: a choice picked by default would be recorded unread.
fn choose(mut o: Vec<(String, String)>) -> Vec<(String, String)> {
    o.insert(0, (String::new(), "Choose".to_owned()));
    o
}

fn text(f: Option<&FormData>, name: &str) -> String {
    f.map(|f| f.get(name).to_owned()).unwrap_or_default()
}

async fn draw_raise(state: &AppState, user: &PageUser, child: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let fields = vec![
        Field::Paragraph(format!(
            "Say what the decision was and why you disagree. Talk to the practitioner who made it first; if you cannot agree, it moves up to managers, then senior managers, then the safeguarding partnership. You raise it as {}.",
            ff_domain::escalations::raising_agency(user.actor().agency).label().to_lowercase()
        )),
        Field::Select("about", "What was the decision about?", choose(options(About::ALL, |a| a.code(), |a| a.label())), get(f, "about")),
        Field::TextArea(
            "detail",
            "What was decided, and why do you disagree?",
            text(f, "detail"),
            "What you are worried about for the child, and what you think should happen instead",
        ),
        Field::Select(
            "with_agency",
            "Which agency made the decision?",
            choose(options(ReviewAgency::ALL, |a| a.code(), |a| a.label())),
            get(f, "with_agency"),
        ),
        Field::Text(
            "with_team",
            "Which team or practitioner? (optional)",
            get(f, "with_team"),
            "For example, Family Help East, or the practitioner's name",
        ),
        date_field("raised_on", "When did you raise it with them?", f, None),
    ];
    let at = ("Raise a disagreement about a decision", format!("/people/{child}/disagreements?child={child}"), "Save");
    // Reading the child's banner checks the reader may see the child first.
    ff_service::people::view(&state.db, &user.ctx(state), child).await?;
    Ok(super::fields::form(state, user, child, at, fields, errors).await)
}

pub async fn raise_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    refuse_role(&user)?;
    draw_raise(&state, &user, id, None, vec![]).await
}

fn refuse_role(user: &PageUser) -> Result<(), crate::error::PageError> {
    if ff_domain::escalations::may_raise(user.actor().role) {
        return Ok(());
    }
    Err(crate::error::PageError(ff_service::ServiceError::Denied(ff_domain::policy::Denied {
        message: "Disagreements about a child's case are raised and moved on by the practitioners working it.".into(),
    })))
}

pub async fn raise(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    refuse_role(&user)?;
    let ctx = user.ctx(&state);
    let mut errors = ValidationErrors::new();
    let raised_on = form.required_date("raised_on", "The day you raised it", &mut errors);
    let input = RaiseDisagreementInput {
        about: form.get("about").into(),
        detail: form.get("detail").into(),
        with_agency: form.get("with_agency").into(),
        with_team: form.get("with_team").into(),
        raised_on: raised_on.unwrap_or_else(|| unreadable_date(&ctx)),
    };
    let result = in_one_round(errors, "raised_on", svc::raise(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_raise(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| back_to(id, "disagreement"), |e| errors_of(e, "detail"), again).await
}

fn summary(d: &svc::DisagreementView) -> Field {
    Field::Paragraph(format!(
        "{}: raised {} by {} with {}. {} since {}.",
        d.about_label,
        d.raised_on.format("%-d %B %Y"),
        d.raising_agency_label.to_lowercase(),
        d.with_agency_label.to_lowercase(),
        d.stage_label,
        d.stage_started_on.format("%-d %B %Y")
    ))
}

/// The two steps after a disagreement is raised: moving it up a stage, or recording how it was
/// resolved. Each has one form and one save; they differ only in their questions and service.
#[derive(Clone, Copy)]
enum Step {
    Escalate,
    Resolve,
}

impl Step {
    /// The step's date field, its label in errors, its last field (where a service error with
    /// no field of its own is shown) and the message on the child's page once it is saved.
    fn names(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Step::Escalate => ("escalated_on", "The day it moved up", "reason", "disagreement_escalated"),
            Step::Resolve => ("resolved_on", "The day it was resolved", "agreed", "disagreement_resolved"),
        }
    }

    fn questions(self, f: Option<&FormData>) -> Vec<Field> {
        match self {
            Step::Escalate => vec![
                date_field("escalated_on", "When did it move up?", f, None),
                Field::TextArea(
                    "reason",
                    "Why does it need to go further?",
                    text(f, "reason"),
                    "What was said at this stage, and what is still not agreed",
                ),
            ],
            Step::Resolve => vec![
                date_field("resolved_on", "When was it resolved?", f, None),
                Field::Radios("outcome", "How was it resolved?", options(Outcome::ALL, |o| o.code(), |o| o.label()), get(f, "outcome")),
                Field::TextArea(
                    "agreed",
                    "What was agreed or decided, and what happens next?",
                    text(f, "agreed"),
                    "Who will do what for the child, and by when",
                ),
            ],
        }
    }

    fn heading_and_path(self) -> (&'static str, &'static str) {
        match self {
            Step::Escalate => ("Move the disagreement up a stage", "escalate"),
            Step::Resolve => ("Record how the disagreement was resolved", "resolve"),
        }
    }
}

async fn draw_step(
    state: &AppState,
    user: &PageUser,
    step: Step,
    id: Uuid,
    child: Uuid,
    f: Option<&FormData>,
    errors: Vec<FieldError>,
) -> Reply {
    let d = svc::one(&state.db, &user.ctx(state), id).await?;
    let version = f.map(|f| f.get("version").to_owned()).unwrap_or_else(|| d.version.to_string());
    let mut fields = vec![Field::Hidden("version", version), summary(&d)];
    fields.extend(step.questions(f));
    let (heading, path) = step.heading_and_path();
    let at = (heading, format!("/disagreements/{id}/{path}?child={child}"), "Save");
    Ok(super::fields::form(state, user, child, at, fields, errors).await)
}

async fn step_form(state: AppState, user: PageUser, step: Step, id: Uuid, q: ChildParam) -> Reply {
    refuse_role(&user)?;
    let child = child_of(&q)?;
    draw_step(&state, &user, step, id, child, None, vec![]).await
}

async fn save_step(state: AppState, user: PageUser, step: Step, id: Uuid, q: ChildParam, form: FormData) -> Reply {
    refuse_role(&user)?;
    let ctx = user.ctx(&state);
    let child = child_of(&q)?;
    let (date_name, date_label, last, done) = step.names();
    let mut errors = ValidationErrors::new();
    let on = form.required_date(date_name, date_label, &mut errors).unwrap_or_else(|| unreadable_date(&ctx));
    let version = form.get("version").parse().unwrap_or_default();
    let saving = async {
        match step {
            Step::Escalate => {
                let input = EscalateDisagreementInput { version, escalated_on: on, reason: form.get("reason").into() };
                svc::escalate(&state.db, &ctx, id, &input).await
            }
            Step::Resolve => {
                let input = ResolveDisagreementInput {
                    version,
                    resolved_on: on,
                    outcome: form.get("outcome").into(),
                    agreed: form.get("agreed").into(),
                };
                svc::resolve(&state.db, &ctx, id, &input).await
            }
        }
    };
    let result = in_one_round(errors, date_name, saving).await;
    let again = async |errors| draw_step(&state, &user, step, id, child, Some(&form), errors).await;
    saved_or_again(result, |_| back_to(child, done), |e| errors_of(e, last), again).await
}

pub async fn escalate_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>) -> Reply {
    step_form(state, user, Step::Escalate, id, q).await
}

pub async fn escalate(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
    form: FormData,
) -> Reply {
    save_step(state, user, Step::Escalate, id, q, form).await
}

pub async fn resolve_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>) -> Reply {
    step_form(state, user, Step::Resolve, id, q).await
}

pub async fn resolve(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
    form: FormData,
) -> Reply {
    save_step(state, user, Step::Resolve, id, q, form).await
}

#[derive(Template)]
#[template(path = "partnership/disagreements.html")]
struct CountsPage {
    layout: Layout,
    c: DisagreementCounts,
}

/// The partnership's counts by stage and agency: no child named.
pub async fn counts(State(state): State<AppState>, user: PageUser) -> Reply {
    let c = svc::counts(&state.db, &user.ctx(&state)).await?;
    shown(&state, &user, ("Professional disagreements", "/partnership"), |layout| CountsPage { layout, c }).await
}
