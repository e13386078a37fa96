//! Security headers on every response, and query strings refused before any handler runs.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

pub async fn headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CACHE_CONTROL) {
        // Pages hold children's personal data: never keep them in shared or back-button caches.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// A query string whose decoded text holds a control character (`?q=%00`) is refused with 422
/// before any handler runs: the same answer on both databases, and nothing reaches a query.
pub async fn refuse_control_characters_in_query(req: Request, next: Next) -> Response {
    let decoded_query = req.uri().query().map(percent_decoded);
    let control = |s: &str| s.chars().any(ff_domain::text::is_forbidden_control);
    // A date in the query (`?from=+262143-12-31`) outside the years a record holds is refused too.
    let implausible_date = decoded_query.as_deref().is_some_and(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('=').map(|(_, v)| v))
            .any(|v| crate::api::lenient_date_year(v).is_some_and(|y| ff_domain::calendar::implausible_year(y).is_some()))
    });
    let bad = decoded_query.as_deref().is_some_and(control) || control(&percent_decoded(req.uri().path())) || implausible_date;
    if !bad {
        return next.run(req).await;
    }
    let detail = "The address holds control characters, or a date outside 1900 to 2999, which are never part of a search or a choice. Nothing was read or saved.";
    if req.uri().path().starts_with("/api/") {
        crate::error::problem(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "Invalid query", detail, serde_json::json!({}))
    } else {
        crate::pages::render_error_page(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "That address cannot be used", detail)
    }
}

/// `+` and `%XX` decoded (invalid escapes kept as typed; invalid UTF-8 replaced).
fn percent_decoded(q: &str) -> String {
    let b = q.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Pages never answer with axum's plain-text rejections: a malformed id in the address is the
/// styled "page not found", a malformed query string a styled "address not right" page.
pub async fn styled_rejections(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let plain =
        resp.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/plain"));
    if !plain || !resp.status().is_client_error() {
        return resp;
    }
    let status = resp.status();
    if status == axum::http::StatusCode::BAD_REQUEST || status == axum::http::StatusCode::NOT_FOUND {
        // Both of axum's path and query rejections come here; the path ones say "Invalid URL".
        crate::pages::render_error_page(
            axum::http::StatusCode::NOT_FOUND,
            "Page not found",
            "The address is not right: a record's id or a date in it could not be read. If you typed the address, check it; otherwise go back and follow a link.",
        )
    } else {
        crate::pages::render_error_page(status, "Something in the request was not right", "Nothing was saved. Go back and try again.")
    }
}

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: &str = "x-request-id";

/// Every request runs in a tracing span with an id (ARCHITECTURE.md, "Logging"): taken from an
/// `x-request-id` header set by the council's proxy when it is short and plain (letters, digits,
/// `-`, `_`, `.`), otherwise made here; returned in the response's `x-request-id`, so a user's
/// "something went wrong" and an operator's log line meet. The span names the method and the
/// route's pattern (`/people/{id}`), never the address as typed or its query string, which can
/// hold search text; the closing event gives the status and the time taken.
pub async fn request_span(req: Request, next: Next) -> Response {
    use tracing::Instrument;
    let given = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).filter(|v| plain_request_id(v)).map(str::to_owned);
    let id = given.unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let route = req.extensions().get::<axum::extract::MatchedPath>().map_or("(no route)", |m| m.as_str()).to_owned();
    let span = tracing::info_span!("request", id = %id, method = %req.method(), route = %route);
    let started = std::time::Instant::now();
    let mut resp = next.run(req).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::debug!(status = resp.status().as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "request finished");
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    resp
}

fn plain_request_id(v: &str) -> bool {
    !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_strings_are_decoded_before_the_control_check() {
        assert_eq!(super::percent_decoded("q=a%00b+c"), "q=a\u{0}b c");
        assert_eq!(super::percent_decoded("q=100%"), "q=100%");
        assert_eq!(super::percent_decoded("q=%4"), "q=%4");
        assert_eq!(super::percent_decoded("q=%C3%A9"), "q=é");
    }
}
