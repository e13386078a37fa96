//! The JSON API under `/api/v1`. Callers authenticate with a bearer token from
//! `POST /api/v1/auth/token`. Errors are `application/problem+json` with field-level `errors`.
//! Every route is described in the OpenAPI document at `/api/openapi.json`, which the router
//! builds from the same list of handlers that it serves (`crate::router`).

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;
use utoipa::OpenApi;

use crate::error::problem;

pub mod assessments;
pub mod carers;
pub mod case_notes;
pub mod child_protection;
pub mod documents;
pub mod escalations;
pub mod family_help;
pub mod family_networks;
pub mod forecasts;
pub mod handlers;
pub mod home_search;
pub mod letters;
pub mod looked_after;
pub mod meeting_record;
pub mod outside_home;
pub mod partnership;
pub mod plan_record;
pub mod postcodes;
pub mod professionals;
pub mod providers;
pub mod regions;
pub mod sharing;
pub mod sufficiency;
pub mod support_packages;
pub mod workforce;
pub mod workforce_share;

#[derive(OpenApi)]
#[openapi(
    info(title = "Families First API", version = "1", description = "Case management for children's help and protection (England). Authenticate with POST /api/v1/auth/token, then send 'Authorization: Bearer <token>'. Errors are application/problem+json."),
    components(schemas(handlers::Problem, handlers::FieldProblem)),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// Makes the document exact about errors: every error response is
/// `application/problem+json` with the `Problem` schema, and every operation lists the errors the
/// shared layers can give it, whatever its handler documents: 401 without a valid token, 403 when
/// the role may not, 404 for an unknown id in the path, 400/413/415/422 for a body that is
/// malformed, too large, not JSON or invalid, 400 for a query string that does not parse, 422
/// for a control character in the path or query.
/// `schemathesis` checks the running server against it in CI (`e2e/fuzz-api.sh`).
struct ErrorResponses;

impl utoipa::Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::Operation;
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        const PROBLEM: &str = "application/problem+json";
        let problem_response = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(PROBLEM, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let has_id = path.contains('{');
            let ops: [(&str, &mut Option<Operation>); 4] =
                [("GET", &mut item.get), ("POST", &mut item.post), ("PUT", &mut item.put), ("DELETE", &mut item.delete)];
            for (method, op) in ops {
                let Some(op) = op.as_mut() else { continue };
                // Errors a handler documented: problem+json, never plain JSON.
                for (status, response) in op.responses.responses.iter_mut() {
                    if let (true, RefOr::T(r)) = (status.as_str() >= "400", response)
                        && let Some(content) = r.content.shift_remove("application/json")
                    {
                        r.content.insert(PROBLEM.to_owned(), content);
                    }
                }
                let public = path == "/api/v1/auth/token" && method == "POST";
                let every_role = matches!((method, path.as_str()), ("GET", "/api/v1/me") | ("DELETE", "/api/v1/auth/token"));
                let has_body = op.request_body.is_some();
                let has_query = op.parameters.iter().flatten().any(|p| match p {
                    RefOr::T(p) => matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query),
                    RefOr::Ref(_) => false,
                });
                let mut add = |status: &str, why: &str| {
                    op.responses.responses.entry(status.to_owned()).or_insert_with(|| problem_response(why));
                };
                if !public {
                    add("401", "No valid bearer token");
                }
                if !public && !every_role {
                    add("403", "Your role may not do this");
                }
                if has_id {
                    add("404", "No such record in your council (or not one you may see)");
                }
                if has_body {
                    add("400", "The body is not well-formed JSON");
                    add("413", "The body is larger than 1 MB");
                    add("415", "The body is not sent as application/json");
                    add("422", "A field is missing or invalid; `errors` names each one");
                }
                if has_query {
                    add("400", "A query parameter could not be read");
                }
                if has_id || has_query {
                    add("422", "A path or query value holds a control character, or a date outside 1900 to 2999");
                }
            }
        }
    }
}

/// `201 Created` with the new record's id: `{"id": "…"}`.
pub(crate) fn created(id: uuid::Uuid) -> Response {
    (StatusCode::CREATED, axum::Json(json!({ "id": id }))).into_response()
}

/// JSON body extractor whose rejections are specific problem+json 4xx responses.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let value = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(v)) => v,
            Err(rej) => return Err(json_rejection(rej)),
        };
        // A control character (NUL above all: PostgreSQL cannot store it) is refused the same way
        // on both databases, before anything is parsed further or stored.
        if let Some(field) = field_with_control(&value, String::new()) {
            let detail =
                "Text cannot contain control characters (other than line breaks and tabs), and dates must fall between 1900 and 2999.";
            let errors = json!([{"field": field, "message": detail}]);
            return Err(problem(StatusCode::UNPROCESSABLE_ENTITY, "Invalid input", detail, json!({ "errors": errors })));
        }
        match serde_json::from_value::<T>(value) {
            Ok(v) => Ok(ApiJson(v)),
            Err(e) => Err(problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Invalid input",
                &format!("Failed to deserialize the JSON body: {e}"),
                json!({}),
            )),
        }
    }
}

/// The path (`attendees[0].name`) of the first string or key holding a forbidden control
/// character, or a date (or date and time) outside the years a record can hold.
fn field_with_control(v: &serde_json::Value, at: String) -> Option<String> {
    use ff_domain::text::first_forbidden_control;
    match v {
        serde_json::Value::String(s) if date_year(s).is_some_and(|y| ff_domain::calendar::implausible_year(y).is_some()) => Some(at),
        serde_json::Value::String(s) if lenient_date_year(s).is_some_and(|y| ff_domain::calendar::implausible_year(y).is_some()) => {
            Some(at)
        }
        serde_json::Value::String(s) => first_forbidden_control(s).map(|_| at),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| field_with_control(x, format!("{at}[{i}]"))),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, x)| {
            let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
            if first_forbidden_control(k).is_some() { Some(path) } else { field_with_control(x, path) }
        }),
        _ => None,
    }
}

/// The year of a string shaped like an ISO date or date-time (`2026-11-23`, `+262143-01-01`,
/// `0001-01-01T00:00:00Z`); `None` for any other text.
fn date_year(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => (1, s),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let tail = rest.get(digits..)?.as_bytes();
    let shaped = (4..=6).contains(&digits)
        && tail.len() >= 6
        && tail[0] == b'-'
        && tail[1..3].iter().all(u8::is_ascii_digit)
        && tail[3] == b'-'
        && tail[4..6].iter().all(u8::is_ascii_digit)
        && (tail.len() == 6 || tail[6] == b'T' || tail[6] == b' ');
    shaped.then(|| rest[..digits].parse::<i32>().ok().map(|y| sign * y)).flatten()
}

/// The year of any text chrono itself would accept as a date or a date and time (it allows
/// spaces, signs and any number of year digits that `date_year` does not), so that nothing a
/// typed field will accept escapes the plausible-year check.
pub(crate) fn lenient_date_year(s: &str) -> Option<i32> {
    use chrono::Datelike;
    if let Ok(d) = s.parse::<chrono::NaiveDate>() {
        return Some(d.year());
    }
    if let Ok(d) = s.parse::<chrono::DateTime<chrono::Utc>>() {
        return Some(d.year());
    }
    s.parse::<chrono::NaiveDateTime>().ok().map(|d| d.year())
}

fn json_rejection(rej: JsonRejection) -> Response {
    match rej {
        JsonRejection::JsonDataError(e) => problem(StatusCode::UNPROCESSABLE_ENTITY, "Invalid input", &e.body_text(), json!({})),
        JsonRejection::JsonSyntaxError(e) => problem(StatusCode::BAD_REQUEST, "Malformed JSON", &e.body_text(), json!({})),
        JsonRejection::MissingJsonContentType(_) => problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Wrong content type",
            "Send the body as JSON with 'Content-Type: application/json'.",
            json!({}),
        ),
        JsonRejection::BytesRejection(e) => {
            problem(e.status(), "Body could not be read", &format!("{} (the limit is 1 MB)", e.body_text()), json!({}))
        }
        other => problem(other.status(), "Invalid request", &other.body_text(), json!({})),
    }
}

/// Path extractor: a malformed id is a 404 problem, not a 5xx.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(e @ PathRejection::FailedToDeserializePathParams(_)) => {
                Err(problem(StatusCode::NOT_FOUND, "Not found", &format!("No such record: {}", e.body_text()), json!({})))
            }
            Err(e) => Err(problem(e.status(), "Invalid path", &e.body_text(), json!({}))),
        }
    }
}

/// Query-string extractor with problem+json rejections.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(e) => Err(query_rejection(e)),
        }
    }
}

fn query_rejection(e: QueryRejection) -> Response {
    problem(StatusCode::BAD_REQUEST, "Invalid query", &e.body_text(), json!({}))
}

/// Completes the document the router's route list built: the bearer scheme, and every error
/// each operation can give (see [`ErrorResponses`]).
pub fn finish_document(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::Modify;
    BearerAuth.modify(&mut doc);
    ErrorResponses.modify(&mut doc);
    // Operations grouped by what they act on: the address's first part after /api/v1.
    for (path, item) in doc.paths.paths.iter_mut() {
        let tag = path.trim_start_matches("/api/v1/").split('/').next().unwrap_or("api").to_owned();
        for op in [&mut item.get, &mut item.post, &mut item.put, &mut item.delete, &mut item.patch].into_iter().flatten() {
            op.tags = Some(vec![tag.clone()]);
        }
    }
    doc
}

/// Every API route as (method, path template), read from the OpenAPI document the router builds.
/// The access-matrix test walks this list, so a new route cannot miss the matrix.
pub fn routes() -> Vec<(String, String)> {
    let doc = crate::router::api_document();
    let mut out = vec![];
    for (path, item) in &doc.paths.paths {
        for (method, op) in [("GET", &item.get), ("POST", &item.post), ("PUT", &item.put), ("DELETE", &item.delete), ("PATCH", &item.patch)]
        {
            if op.is_some() {
                out.push((method.to_owned(), path.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn date_shaped_strings_give_their_year_and_other_text_does_not() {
        assert_eq!(super::date_year("2026-11-23"), Some(2026));
        assert_eq!(super::date_year("2026-11-23T09:00:00Z"), Some(2026));
        assert_eq!(super::date_year("0001-01-01"), Some(1));
        assert_eq!(super::date_year("+262143-12-31"), Some(262_143));
        assert_eq!(super::date_year("-262143-01-01"), Some(-262_143));
        assert_eq!(super::date_year("2026-11"), None);
        assert_eq!(super::date_year("12345678-aaaa"), None);
        assert_eq!(super::date_year("Met on 2026-11-23 at school"), None);
        assert_eq!(super::date_year("SW123456"), None);
        // chrono is more lenient than the ISO shape: these are dates to it, so their years count.
        assert_eq!(super::lenient_date_year("+1-01-01"), Some(1));
        assert_eq!(super::lenient_date_year(" 0001-01-01"), Some(1));
        assert_eq!(super::lenient_date_year("0001-01-01t00:00:00Z"), Some(1));
        assert_eq!(super::lenient_date_year("Seen at home"), None);
    }
}
