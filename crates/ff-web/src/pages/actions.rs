//! Small pieces the action pages share: the child a posted form is about, a date that could not
//! be read, a page drawn again with the mistakes the service found, and the page that ends
//! something.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use uuid::Uuid;

use super::fields::{date_field, in_one_round, one_round, unreadable_date};
use super::{Field, get, render};
use crate::error::PageError;
use crate::forms::FormData;

/// The child a posted form is about (its hidden `child` field); a form without one is not found.
pub(crate) fn posted_child(f: &FormData) -> Result<Uuid, PageError> {
    f.get("child").parse().map_err(|_| PageError(ServiceError::NotFound("child")))
}

/// The form's date, or when it cannot be read a stand-in the service refuses (it cannot be in the
/// future), so the service still reports the form's other mistakes in the same round.
pub(crate) fn date_or_stand_in(ctx: &ff_service::Ctx, f: &FormData, name: &str, what: &str, errors: &mut ValidationErrors) -> NaiveDate {
    f.required_date(name, what, errors).unwrap_or_else(|| unreadable_date(ctx))
}

/// A refused POST that draws its own page again: when the service found mistakes in what was
/// typed, `again` draws the page with them (422); any other refusal is the error page.
pub(crate) async fn with_mistakes<P: Template>(
    refusal: ServiceError,
    again: impl AsyncFnOnce(Vec<FieldError>) -> Result<P, PageError>,
) -> Result<Response, PageError> {
    match refusal {
        ServiceError::Validation(v) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &again(v.0).await?)),
        other => Err(other.into()),
    }
}

/// The fields of a page that ends something: the version it was seen at, what is ending, the
/// date it ends (`date` is the field's name and question) and why (`reason` is the question and
/// its hint). The reason is posted as `reason`.
pub(crate) fn ending_fields(
    version: i32,
    what: String,
    date: (&'static str, &'static str),
    reason: (&'static str, &'static str),
    f: Option<&FormData>,
    today: NaiveDate,
) -> Vec<Field> {
    vec![
        Field::Hidden("version", version.to_string()),
        Field::Paragraph(what),
        date_field(date.0, date.1, f, Some(today)),
        Field::TextArea("reason", reason.0, get(f, "reason"), reason.1),
    ]
}

/// What a page that ends something was given: the date (`date` is its field and how a mistake
/// names it; a stand-in the service refuses when it cannot be read), the reason and the version.
pub(crate) fn typed_ending(
    ctx: &ff_service::Ctx,
    f: &FormData,
    date: (&str, &str),
    errors: &mut ValidationErrors,
) -> (NaiveDate, String, i32) {
    let on = date_or_stand_in(ctx, f, date.0, date.1, errors);
    (on, f.get("reason").into(), f.get("version").parse().unwrap_or(0))
}

/// A form's date read once: the date, or when it cannot be read a stand-in the service refuses,
/// with the form's mistakes so far. Saving then brings every mistake back in one round.
pub(crate) struct Dated<'a> {
    name: &'a str,
    on: NaiveDate,
    /// A date the service is sure to refuse.
    stand_in: NaiveDate,
    errors: ValidationErrors,
}

impl<'a> Dated<'a> {
    /// The form's date `name` (`what` names it in a mistake), added to the form's `errors`.
    pub(crate) fn read(ctx: &ff_service::Ctx, f: &FormData, (name, what): (&'a str, &str), mut errors: ValidationErrors) -> Self {
        let on = date_or_stand_in(ctx, f, name, what, &mut errors);
        Dated { name, on, stand_in: unreadable_date(ctx), errors }
    }

    /// Saves through `save`, given the date. The service is always asked, so its mistakes come
    /// back with the form's own; but when the form itself found a mistake the service is given
    /// the stand-in date it must refuse, so nothing is saved behind a page that shows an error,
    /// and its complaint about that date is not shown.
    pub(crate) async fn save<T>(self, save: impl AsyncFnOnce(NaiveDate) -> Result<T, ServiceError>) -> Result<(), ServiceError> {
        if self.errors.is_empty() {
            return save(self.on).await.map(|_| ());
        }
        let mut errors = self.errors;
        let result = save(self.stand_in).await;
        if errors.for_field(self.name).is_none() {
            // The date was fine: the service's word about the stand-in is dropped (by marking the
            // field, then taking the mark off again).
            errors.add(self.name, String::new());
            let out = one_round(result, errors);
            return match out {
                Err(ServiceError::Validation(mut v)) => {
                    v.0.retain(|e| !(e.field == self.name && e.message.is_empty()));
                    Err(ServiceError::Validation(v))
                }
                other => other,
            };
        }
        one_round(result, errors)
    }

    /// The same, but the service is asked only when the form found nothing wrong, or nothing but
    /// the date (then only to collect the service's other mistakes; nothing is saved).
    pub(crate) async fn save_when_valid<T>(self, save: impl AsyncFnOnce(NaiveDate) -> Result<T, ServiceError>) -> Result<(), ServiceError> {
        in_one_round(self.errors, self.name, save(self.on)).await
    }
}
