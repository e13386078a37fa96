//! What the pages' forms share: the child a form is about (`?child=`), a refusal turned into an
//! error on a field, every mistake of a form reported in one round, dates that could not be read,
//! the GOV.UK date field, and the way back to the part of the child's page the work was about.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use serde::Deserialize;
use uuid::Uuid;

use super::{Field, Layout, form_page, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

#[derive(Deserialize)]
pub struct ChildParam {
    pub(super) child: Option<Uuid>,
    pub(super) saved: Option<String>,
}

/// `?saved=1` after a form went back to the record's page, which then says it was saved.
#[derive(Deserialize)]
pub struct SavedQuery {
    pub(super) saved: Option<String>,
}

/// Turn a rule refusal into an error on a form field, so it shows in the error summary.
pub(crate) fn errors_of(e: ServiceError, rule_field: &str) -> Result<Vec<FieldError>, ServiceError> {
    errors_by_rule(e, rule_field, &[])
}

/// The same, with the field each rule is about (`(rule id, field)`); any other rule, and a record
/// changed by someone else meanwhile, on `default_field`.
pub(crate) fn errors_by_rule(e: ServiceError, default_field: &str, by_rule: &[(&str, &str)]) -> Result<Vec<FieldError>, ServiceError> {
    match e {
        ServiceError::Validation(v) => Ok(v.0),
        // The sentence is plain words; the rule id stays in the API's `rule` and in the docs.
        ServiceError::Rule(r) => {
            let field = by_rule.iter().find(|(rule, _)| *rule == r.rule).map_or(default_field, |(_, f)| f);
            Ok(vec![FieldError { field: field.into(), message: r.message }])
        }
        ServiceError::Conflict { message, .. } => Ok(vec![FieldError { field: default_field.into(), message }]),
        other => Err(other),
    }
}

/// Every mistake in one round when a form's date could not be read: the page gave the service a
/// date it must refuse (so nothing was saved) and now reports the form's own date error with the
/// service's other errors, dropping the service's complaint about the stand-in date. What a
/// successful call returned is not needed.
pub(crate) fn one_round<T>(result: Result<T, ServiceError>, mut form_errors: ValidationErrors) -> Result<(), ServiceError> {
    if form_errors.is_empty() {
        return result.map(|_| ());
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
pub(crate) fn unreadable_date(ctx: &ff_service::Ctx) -> NaiveDate {
    ctx.today() + chrono::Days::new(1)
}

/// The same for a date that may lie ahead (a due date, a review date): the day before the
/// earliest date any record may hold, so every such service refuses it as before the work began,
/// even work dated on that earliest day (its checks are strict: "before the referral").
pub(crate) fn unreadable_future_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(ff_domain::calendar::EARLIEST_YEAR - 1, 12, 31).unwrap_or_default()
}

/// An optional date as the form gave it: `None` when left blank, the stand-in when it could not
/// be read (its error is already in `errors`).
pub(crate) fn optional_or_unreadable(form: &FormData, name: &str, what: &str, errors: &mut ValidationErrors) -> Option<NaiveDate> {
    let d = form.optional_date(name, what, errors);
    if errors.for_field(name).is_some() { Some(unreadable_future_date()) } else { d }
}

/// Every mistake in one round for a form with a date. `errors` holds what the
/// form itself found. When `date_field` could not be read, `call` must have been built with a
/// stand-in the service refuses (`unreadable_date`, for dates that cannot be in the future), so
/// it runs only to collect the service's other errors and saves nothing. When the date was read
/// but something else in the form was wrong, the service is not called at all.
pub(crate) async fn in_one_round<T, Fut>(errors: ValidationErrors, date_field: &str, call: Fut) -> Result<(), ServiceError>
where
    Fut: std::future::Future<Output = Result<T, ServiceError>>,
{
    let date_unreadable = errors.for_field(date_field).is_some();
    if !errors.is_empty() && !date_unreadable {
        return Err(ServiceError::Validation(errors));
    }
    one_round(call.await, errors)
}

fn date_parts(f: Option<&FormData>, name: &'static str, default: Option<NaiveDate>) -> (String, String, String) {
    match f {
        Some(f) => f.date_parts(name),
        None => default.map(|d| (d.format("%-d").to_string(), d.format("%-m").to_string(), d.format("%Y").to_string())).unwrap_or_default(),
    }
}

pub(crate) fn date_field(name: &'static str, legend: &'static str, f: Option<&FormData>, default: Option<NaiveDate>) -> Field {
    let (d, m, y) = date_parts(f, name, default);
    Field::Date(name, legend, d, m, y, "For example, 23 11 2026")
}

pub(crate) async fn form(
    state: &AppState,
    user: &PageUser,
    child: Uuid,
    (heading, action, submit): (&str, String, &'static str),
    fields: Vec<Field>,
    errors: Vec<FieldError>,
) -> Response {
    let record = ff_service::people::view(&state.db, &user.ctx(state), child).await.ok();
    let caption = record.as_ref().map(|r| r.person.full_name.clone()).unwrap_or_default();
    let mut layout = Layout::for_user(state, user, heading, "/people").await;
    layout.child = record.as_ref().map(ff_service::people::ChildBanner::from_record);
    form_page(layout, (caption, format!("/people/{child}")), (heading, action, submit), fields, errors)
}

/// A child's form fields, with the child they are about kept in a hidden field first.
pub(crate) fn with_child(child: Uuid, mut fields: Vec<Field>) -> Vec<Field> {
    fields.insert(0, Field::Hidden("child", child.to_string()));
    fields
}

pub(crate) fn child_of(q: &ChildParam) -> Result<Uuid, PageError> {
    q.child.ok_or(PageError(ServiceError::NotFound("child")))
}

/// What the child's page says after a save (`?saved=code`), and the part of the page the work
/// was about, linked from the banner: the page opens at the top, where the banner is.
pub(crate) struct Saved {
    pub code: &'static str,
    pub message: &'static str,
    /// The id and heading of the part of the page to link to; none for the person's details.
    pub section: Option<(&'static str, &'static str)>,
}

const FAMILY_HELP: Option<(&str, &str)> = Some(("family-help", "family help"));
const CHILD_PROTECTION: Option<(&str, &str)> = Some(("child-protection", "child protection"));

pub(crate) const SAVED: &[Saved] = &[
    Saved { code: "created", message: "The person has been added", section: None },
    Saved { code: "updated", message: "The details have been saved", section: None },
    Saved { code: "relationship", message: "The relationship has been recorded", section: None },
    Saved { code: "household", message: "The household membership has been recorded", section: None },
    Saved { code: "address", message: "The address has been recorded", section: None },
    Saved { code: "merged", message: "The records have been merged", section: None },
    Saved { code: "allocated", message: "The allocation has been saved", section: FAMILY_HELP },
    Saved {
        code: "allocated_at_cap",
        message: "The allocation has been saved. The lead practitioner is now at or over the caseload cap for their role.",
        section: FAMILY_HELP,
    },
    Saved { code: "assessment", message: "The assessment has been saved", section: FAMILY_HELP },
    Saved { code: "assessment_authorised", message: "The assessment has been authorised; it is now locked", section: FAMILY_HELP },
    Saved { code: "plan", message: "The plan has been saved", section: FAMILY_HELP },
    Saved { code: "review", message: "The review has been recorded", section: FAMILY_HELP },
    Saved { code: "visit", message: "The visit has been recorded", section: FAMILY_HELP },
    Saved { code: "oversight", message: "The oversight has been recorded", section: FAMILY_HELP },
    Saved { code: "level", message: "The level of help has been changed", section: FAMILY_HELP },
    Saved { code: "closed", message: "The episode has been closed", section: FAMILY_HELP },
    Saved { code: "network", message: "The family network record has been saved", section: FAMILY_HELP },
    Saved { code: "strategy", message: "The strategy discussion has been recorded", section: CHILD_PROTECTION },
    Saved { code: "s47", message: "The outcome of the enquiry has been recorded", section: CHILD_PROTECTION },
    Saved { code: "conference", message: "The conference has been recorded", section: CHILD_PROTECTION },
    Saved { code: "cp_item", message: "The plan has been updated", section: CHILD_PROTECTION },
    Saved { code: "cp_item_done", message: "The item has been marked as done", section: CHILD_PROTECTION },
    Saved { code: "core_group", message: "The core group meeting has been recorded", section: CHILD_PROTECTION },
    Saved { code: "plan_ended", message: "The child protection plan has ended", section: CHILD_PROTECTION },
    Saved { code: "info_request", message: "The request for information has been sent", section: CHILD_PROTECTION },
    Saved { code: "answered", message: "Your answer has been added to the chronology", section: CHILD_PROTECTION },
    Saved { code: "team", message: "The team will work this case", section: CHILD_PROTECTION },
    Saved { code: "team_ended", message: "The team has stopped working this case", section: CHILD_PROTECTION },
    Saved { code: "care", message: "The child's care record has been saved", section: Some(("care", "looked after")) },
    Saved { code: "document", message: "The document has been added", section: Some(("documents", "documents")) },
    Saved {
        code: "document_withdrawn",
        message: "The document has been withdrawn; it is kept, marked as withdrawn",
        section: Some(("documents", "documents")),
    },
    Saved { code: "professional", message: "The professional has been added", section: Some(("professionals", "professionals involved")) },
    Saved {
        code: "professional_ended",
        message: "Their involvement has been ended",
        section: Some(("professionals", "professionals involved")),
    },
    Saved { code: "note", message: "The note has been saved; it is in the chronology", section: Some(("chronology", "the chronology")) },
    Saved {
        code: "place",
        message: "The child has been linked to the place or group; the leads of the other children linked to it will see the concern",
        section: Some(("places", "places and groups")),
    },
    Saved { code: "place_ended", message: "The link has ended; it is kept", section: Some(("places", "places and groups")) },
    Saved {
        code: "screening",
        message: "The exploitation risk screening has been saved",
        section: Some(("screenings", "exploitation risk screening")),
    },
    Saved {
        code: "disagreement",
        message: "The disagreement has been recorded; it is in the chronology",
        section: Some(("disagreements", "professional disagreements")),
    },
    Saved {
        code: "disagreement_escalated",
        message: "The disagreement has moved up a stage",
        section: Some(("disagreements", "professional disagreements")),
    },
    Saved {
        code: "disagreement_resolved",
        message: "The disagreement has been resolved; it is kept",
        section: Some(("disagreements", "professional disagreements")),
    },
];

/// What was saved, by its code in `?saved=`.
pub(crate) fn saved(code: Option<&str>) -> Option<&'static Saved> {
    code.and_then(|c| SAVED.iter().find(|s| s.code == c))
}

/// Back to the child's page, which says what was saved and links to that part of the page.
pub(crate) fn back_to(child: Uuid, saved: &str) -> Response {
    Redirect::to(&format!("/people/{child}?saved={saved}")).into_response()
}

/// The service called only when the form itself found nothing wrong; otherwise the form's errors.
pub(crate) async fn when_valid<T, Fut>(errors: ValidationErrors, call: Fut) -> Result<T, ServiceError>
where
    Fut: std::future::Future<Output = Result<T, ServiceError>>,
{
    if errors.is_empty() { call.await } else { Err(ServiceError::Validation(errors)) }
}

/// `when_valid`, with every mistake in one round: when the form itself found a mistake, the
/// service's own checks of what was typed (`checks`, which read nothing and save nothing) are
/// added for the fields the form did not already flag; the service is not asked to save.
pub(crate) async fn when_all_valid<T, Fut>(
    mut errors: ValidationErrors,
    checks: impl FnOnce() -> ValidationErrors,
    call: Fut,
) -> Result<T, ServiceError>
where
    Fut: std::future::Future<Output = Result<T, ServiceError>>,
{
    if errors.is_empty() {
        return call.await;
    }
    let more: Vec<_> = checks().0.into_iter().filter(|e| errors.for_field(&e.field).is_none()).collect();
    errors.0.extend(more);
    Err(ServiceError::Validation(errors))
}

/// Back to a record's page, which then says the work was saved (`?saved=1`).
pub(crate) fn saved_at(page: &str) -> Response {
    Redirect::to(&format!("{page}?saved=1")).into_response()
}

/// How a form's POST ends. Saved: the answer `done` gives (back to the record's page). Refused:
/// `errors` puts the refusal on the form's fields, and `again` draws the form once more with
/// what was typed and those errors; a refusal that is about no field (refused access, a record
/// not found) is the error page.
pub(crate) async fn saved_or_again<T>(
    result: Result<T, ServiceError>,
    done: impl FnOnce(T) -> Response,
    errors: impl FnOnce(ServiceError) -> Result<Vec<FieldError>, ServiceError>,
    again: impl AsyncFnOnce(Vec<FieldError>) -> Result<Response, PageError>,
) -> Result<Response, PageError> {
    match result {
        Ok(made) => Ok(done(made)),
        Err(e) => again(errors(e)?).await,
    }
}

/// What a page's handler answers: the page, or the error page.
pub(crate) type Reply = Result<Response, PageError>;

/// The signed-in user's context, once they may do `action`; otherwise the refusal's error page.
pub(crate) fn allowed(state: &AppState, user: &PageUser, action: ff_domain::policy::Action) -> Result<ff_service::Ctx, PageError> {
    let ctx = user.ctx(state);
    ctx.authorise(action)?;
    Ok(ctx)
}

/// A page under the menu item `nav` with the title `title`: `page` draws it inside the signed-in
/// user's layout.
pub(crate) async fn shown<P: askama::Template>(
    state: &AppState,
    user: &PageUser,
    (title, nav): (&str, &str),
    page: impl FnOnce(Layout) -> P,
) -> Result<Response, PageError> {
    let layout = Layout::for_user(state, user, title, nav).await;
    Ok(render(StatusCode::OK, &page(layout)))
}

/// The message for `field` among a form's errors, for the field's template to show.
pub(crate) fn error_on<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
}
