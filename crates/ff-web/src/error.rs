//! Errors at the HTTP edge. Service errors become one status and one message: an HTML page for
//! browsers, `application/problem+json` for the API. Only storage/internal failures are 5xx;
//! their detail is logged with an error id and never sent to the client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ff_service::ServiceError;
use serde_json::json;

use crate::pages::render_error_page;

pub fn status_of(e: &ServiceError) -> StatusCode {
    match e {
        ServiceError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        ServiceError::Denied(_) => StatusCode::FORBIDDEN,
        ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
        ServiceError::Validation(_) | ServiceError::Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::Conflict { .. } | ServiceError::SectionConflict(_) | ServiceError::PossibleDuplicates(_) => StatusCode::CONFLICT,
        ServiceError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
        ServiceError::Store(_) | ServiceError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn log_internal(e: &ServiceError) -> Option<String> {
    match e {
        ServiceError::Store(_) | ServiceError::Internal(_) => {
            let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
            tracing::error!(error_id = %id, error = %e, "request failed");
            Some(id)
        }
        _ => None,
    }
}

/// A problem+json body (RFC 9457) with our extensions: `errors` (field messages), `duplicates`,
/// `current_version`.
pub fn problem(status: StatusCode, title: &str, detail: &str, extra: serde_json::Value) -> Response {
    let mut body = json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail });
    if let (Some(b), Some(x)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in x {
            b.insert(k.clone(), v.clone());
        }
    }
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    resp
}

/// An error from an API handler.
pub struct ApiError(pub ServiceError);

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = &self.0;
        let status = status_of(e);
        match e {
            ServiceError::Validation(v) => {
                problem(status, "Invalid input", "Some fields need correcting; nothing was changed.", json!({ "errors": v.0 }))
            }
            ServiceError::PossibleDuplicates(d) => problem(
                status,
                "Possible existing records",
                "Records that may be the same person already exist. Use one of them, or (unless the NHS number matches) resend with confirm_not_duplicate: true.",
                json!({ "duplicates": d }),
            ),
            ServiceError::Conflict { message, current_version } => {
                problem(status, "Edit conflict", message, json!({ "current_version": current_version }))
            }
            ServiceError::SectionConflict(sections) => problem(
                status,
                "Edit conflict",
                "Someone else changed these sections after your copy was made; nothing was saved. Their words are in `conflicts`: keep theirs, or send yours again with their revision as `base_rev`.",
                json!({ "conflicts": sections }),
            ),
            ServiceError::Throttled { retry_after_secs } => {
                let mut r = problem(status, "Too many attempts", &e.to_string(), json!({}));
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    r.headers_mut().insert(header::RETRY_AFTER, v);
                }
                r
            }
            ServiceError::Unauthenticated(m) => {
                let mut r = problem(status, "Not signed in", m, json!({}));
                r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                r
            }
            ServiceError::Denied(d) => problem(status, "Not allowed", &d.message, json!({})),
            ServiceError::Rule(r) => problem(status, "Refused by a rule", &r.message, json!({ "rule": r.rule })),
            ServiceError::NotFound(what) => problem(status, "Not found", &format!("No {what} with that id here."), json!({})),
            ServiceError::Store(_) | ServiceError::Internal(_) => {
                let id = log_internal(e).unwrap_or_default();
                problem(
                    status,
                    "Server error",
                    &format!("Something went wrong on our side; nothing was changed. Error id {id}."),
                    json!({}),
                )
            }
        }
    }
}

/// An error from a page handler.
pub struct PageError(pub ServiceError);

impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = &self.0;
        let status = status_of(e);
        let (title, message) = match e {
            ServiceError::Unauthenticated(_) => return Redirect::to("/sign-in").into_response(),
            ServiceError::Denied(d) => ("You cannot do this".to_owned(), d.message.clone()),
            ServiceError::Rule(r) => ("This cannot be done".to_owned(), r.message.clone()),
            ServiceError::NotFound(what) => {
                ("Page not found".to_owned(), format!("There is no {what} at this address. Check the link, or search again."))
            }
            ServiceError::Validation(v) => {
                ("There is a problem".to_owned(), v.0.iter().map(|f| f.message.clone()).collect::<Vec<_>>().join(". "))
            }
            ServiceError::Conflict { message, .. } => ("Someone else changed this".to_owned(), message.clone()),
            ServiceError::SectionConflict(_) => (
                "Someone else changed this".to_owned(),
                "Someone else changed these sections while you were writing; nothing was saved.".to_owned(),
            ),
            ServiceError::PossibleDuplicates(_) => {
                ("Possible existing records".to_owned(), "Records that may be the same person already exist.".to_owned())
            }
            ServiceError::Throttled { .. } => ("Too many attempts".to_owned(), e.to_string()),
            ServiceError::Store(_) | ServiceError::Internal(_) => {
                let id = log_internal(e).unwrap_or_default();
                (
                    "Sorry, there is a problem with the service".to_owned(),
                    format!("Nothing was changed. Try again later. If it keeps happening, give the service desk this error id: {id}."),
                )
            }
        };
        render_error_page(status, &title, &message)
    }
}
