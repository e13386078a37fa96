//! Multi-agency audits on pages (`ff_service::partnership::audits`, MASA-SYS-6): the list, a page
//! per audit with the learning actions raised from it, and one form to record or change an audit
//! (at its version). Forms post to the same service as the API and work without JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use ff_domain::partnership::ReviewAgency;
use ff_domain::partnership::audits::Grading;
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::partnership::audits::{self as svc, AuditInput, AuditView};

use super::fields::{Reply, SavedQuery, allowed, date_field, errors_of, one_round, saved_at, saved_or_again, shown, unreadable_date};
use super::{Field, Layout, can, form_response, get, options};
use crate::AppState;
use crate::auth::PageUser;
use crate::forms::FormData;
use uuid::Uuid;

const HOME: &str = "/partnership/audits";

/// Each agency's checkbox: the agency and the name it posts under.
pub(crate) const AGENCY_BOXES: [(ReviewAgency, &str); 9] = [
    (ReviewAgency::ChildrensSocialCare, "agency_childrens_social_care"),
    (ReviewAgency::Police, "agency_police"),
    (ReviewAgency::Health, "agency_health"),
    (ReviewAgency::School, "agency_school"),
    (ReviewAgency::EarlyYears, "agency_early_years"),
    (ReviewAgency::Probation, "agency_probation"),
    (ReviewAgency::YouthJustice, "agency_youth_justice"),
    (ReviewAgency::Housing, "agency_housing"),
    (ReviewAgency::Other, "agency_other"),
];

#[derive(Template)]
#[template(path = "partnership/audits.html")]
struct ListPage {
    layout: Layout,
    audits: Vec<AuditView>,
    can_manage: bool,
    saved: bool,
}

/// Every multi-agency audit, newest first.
pub async fn list(State(state): State<AppState>, user: PageUser, Query(q): Query<SavedQuery>) -> Reply {
    let audits = svc::list(&state.db, &user.ctx(&state)).await?;
    let can_manage = can(user.actor(), Action::ManagePartnership);
    shown(&state, &user, ("Multi-agency audits", "/partnership"), |layout| ListPage {
        layout,
        audits,
        can_manage,
        saved: q.saved.is_some(),
    })
    .await
}

#[derive(Template)]
#[template(path = "partnership/audit.html")]
struct AuditPage {
    layout: Layout,
    a: AuditView,
    can_manage: bool,
    saved: bool,
}

/// One audit: what it found, its grading and the learning actions raised from it.
pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<SavedQuery>) -> Reply {
    let a = svc::show(&state.db, &user.ctx(&state), id).await?;
    let can_manage = can(user.actor(), Action::ManagePartnership);
    let title = format!("Audit: {}", a.theme);
    shown(&state, &user, (&title, "/partnership"), |layout| AuditPage { layout, a, can_manage, saved: q.saved.is_some() }).await
}

fn fields(a: Option<&AuditView>, f: Option<&FormData>) -> Vec<Field> {
    let pick = |name: &str, current: Option<String>| match f {
        Some(_) => get(f, name),
        None => current.unwrap_or_default(),
    };
    let mut out = vec![];
    if let Some(a) = a {
        out.push(Field::Hidden("version", a.version.to_string()));
    }
    out.push(Field::Text(
        "theme",
        "The audit's theme",
        pick("theme", a.map(|a| a.theme.clone())),
        "For example, neglect or strategy discussions",
    ));
    out.push(date_field("audited_on", "When was the audit held?", f, a.map(|a| a.audited_on)));
    out.push(Field::Section("The agencies taking part (at least two)".into()));
    for (agency, name) in AGENCY_BOXES {
        let ticked = match f {
            Some(f) => f.checked(name),
            None => a.is_some_and(|a| a.agencies.iter().any(|x| x.code == agency.code())),
        };
        out.push(Field::Checkbox(name, agency.label(), ticked));
    }
    out.extend([
        Field::Text("cases", "How many cases were audited?", pick("cases", a.map(|a| a.cases.to_string())), "A number, for example 12"),
        Field::TextArea(
            "findings",
            "What did the audit find?",
            pick("findings", a.map(|a| a.findings.clone())),
            "What worked well, what did not, and for which agencies",
        ),
        Field::Radios(
            "grading",
            "How was practice graded overall?",
            options(Grading::ALL, |g| g.code(), |g| g.label()),
            pick("grading", a.map(|a| a.grading.clone())),
        ),
    ]);
    out
}

/// The page's own names for the service's fields: the agencies' error sits on the first box.
fn on_form(e: ServiceError) -> Result<Vec<FieldError>, ServiceError> {
    let mut errors = errors_of(e, "theme")?;
    for e in &mut errors {
        if e.field == "agencies" {
            e.field = AGENCY_BOXES[0].1.into();
        }
    }
    Ok(errors)
}

fn input(form: &FormData, ctx: &ff_service::Ctx, errors: &mut ValidationErrors) -> AuditInput {
    let on = form.required_date("audited_on", "The day of the audit", errors);
    // A number that cannot be read stands in as 0, which the service refuses with its message.
    let cases = form.get("cases").trim().parse::<i32>().unwrap_or(0);
    AuditInput {
        version: form.get("version").parse().ok(),
        theme: form.get("theme").into(),
        audited_on: on.unwrap_or_else(|| unreadable_date(ctx)),
        agencies: AGENCY_BOXES.iter().filter(|(_, n)| form.checked(n)).map(|(a, _)| a.code().to_owned()).collect(),
        cases,
        findings: form.get("findings").into(),
        grading: form.get("grading").into(),
    }
}

/// Every mistake at once: a day the form could not read stands in as tomorrow, which the service
/// refuses without saving, so its other errors are shown with the form's.
fn in_one_go(errors: ValidationErrors, result: Result<Uuid, ServiceError>) -> Result<Uuid, ServiceError> {
    if errors.is_empty() { result } else { one_round(result, errors).map(|()| Uuid::nil()) }
}

pub async fn new_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    let back = (String::new(), HOME.to_owned());
    Ok(form_response(
        &state,
        &user,
        "/partnership",
        back,
        ("Record a multi-agency audit", format!("{HOME}/new")),
        fields(None, None),
        vec![],
    )
    .await)
}

pub async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let i = input(&form, &ctx, &mut errors);
    let result = in_one_go(errors, svc::save_audit(&state.db, &ctx, None, &i).await);
    let again = async |errors| {
        let back = (String::new(), HOME.to_owned());
        let at = ("Record a multi-agency audit", format!("{HOME}/new"));
        Ok(form_response(&state, &user, "/partnership", back, at, fields(None, Some(&form)), errors).await)
    };
    saved_or_again(result, |id| saved_at(&format!("{HOME}/{id}")), on_form, again).await
}

async fn draw_edit(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let a = svc::show(&state.db, &user.ctx(state), id).await?;
    let back = (String::new(), format!("{HOME}/{id}"));
    let at = ("Change the audit", format!("{HOME}/{id}/edit"));
    Ok(form_response(state, user, "/partnership", back, at, fields(Some(&a), f), errors).await)
}

pub async fn edit_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_edit(&state, &user, id, None, vec![]).await
}

/// The audit changed at the version read: someone else's change first is shown on the form.
pub async fn edit(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let i = input(&form, &ctx, &mut errors);
    let result = in_one_go(errors, svc::save_audit(&state.db, &ctx, Some(id), &i).await);
    let again = async |errors| draw_edit(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |id| saved_at(&format!("{HOME}/{id}")), on_form, again).await
}
