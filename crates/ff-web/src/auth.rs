//! Who is asking. Pages use a session cookie (HttpOnly, SameSite=Lax, Secure behind TLS) and every
//! POST carries the session's CSRF token; the API uses bearer tokens only and never reads
//! cookies, so it needs no CSRF token.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::policy::Actor;
use ff_service::auth::Session;
use ff_service::{Ctx, ServiceError};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;
use crate::pages::render_error_page;

pub const SESSION_COOKIE: &str = "ff_session";
/// Double-submit cookie protecting the sign-in form (there is no session yet).
pub const PRE_CSRF_COOKIE: &str = "ff_signin_csrf";
pub const MAX_FORM_BYTES: usize = 256 * 1024;

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}", if secure { "; Secure" } else { "" })
}

/// Constant-time comparison (compare digests so lengths don't leak either).
pub fn same_secret(a: &str, b: &str) -> bool {
    let (x, y) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    x.iter().zip(y.iter()).fold(0u8, |acc, (p, q)| acc | (p ^ q)) == 0 && !a.is_empty()
}

/// The session resolved for this request, if any (set by [`session_layer`]).
#[derive(Clone)]
pub struct CurrentSession(pub Option<Arc<Session>>);

/// A signed-in page user. Extracting it redirects to the sign-in page when there is no session.
pub struct PageUser {
    pub session: Arc<Session>,
}

impl PageUser {
    pub fn ctx(&self, state: &AppState) -> Ctx {
        Ctx { actor: self.session.actor.clone(), now: state.now() }
    }
    pub fn actor(&self) -> &Actor {
        &self.session.actor
    }
    pub fn csrf(&self) -> &str {
        &self.session.csrf_token
    }
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<CurrentSession>().and_then(|c| c.0.clone()) {
            // After an administrator's password reset, only choosing a new password (or signing
            // out) is open.
            Some(session) if session.must_change_password && !matches!(parts.uri.path(), "/account/password" | "/sign-out") => {
                Err(Redirect::to("/account/password").into_response())
            }
            Some(session) => Ok(PageUser { session }),
            None => Err(Redirect::to("/sign-in").into_response()),
        }
    }
}

/// Resolve the session cookie for page routes, and refuse any POST whose CSRF token does not
/// match (or whose Origin is another site). A refused POST changes nothing.
pub async fn session_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let now = state.now();
    let session = match cookie(req.headers(), SESSION_COOKIE) {
        Some(secret) => match ff_service::auth::session(&state.db, &secret, now).await {
            Ok(s) => s.map(Arc::new),
            Err(e) => return crate::error::PageError(e).into_response(),
        },
        None => None,
    };
    if req.method() == Method::POST {
        if !origin_ok(req.headers()) {
            return csrf_refused();
        }
        // A file upload (multipart) is streamed to its handler, not buffered here; its form puts
        // the token in the action's query string instead of the body.
        let multipart =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/form-data"));
        if multipart {
            let sent: Option<String> = req.uri().query().and_then(|q| {
                serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()?.into_iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v)
            });
            let expected = session.as_ref().map(|s| s.csrf_token.clone());
            if !matches!((&sent, &expected), (Some(s), Some(e)) if same_secret(s, e)) {
                if session.is_none() {
                    return Redirect::to("/sign-in").into_response();
                }
                return csrf_refused();
            }
            req.extensions_mut().insert(CurrentSession(session.clone()));
            let resp = next.run(req).await;
            return crate::pages::dress_error_page(&state, session, resp).await;
        }
        let (parts, body) = req.into_parts();
        let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
            Ok(b) => b,
            Err(_) => {
                return render_error_page(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The form is too large",
                    "What you sent is larger than this service accepts (256 KB). Nothing was saved.",
                );
            }
        };
        let sent: Option<String> = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v));
        let expected = if parts.uri.path() == "/sign-in" {
            cookie(&parts.headers, PRE_CSRF_COOKIE)
        } else {
            session.as_ref().map(|s| s.csrf_token.clone())
        };
        let ok = matches!((&sent, &expected), (Some(s), Some(e)) if same_secret(s, e));
        if !ok {
            if session.is_none() && parts.uri.path() != "/sign-in" {
                // Writing posted after a time-out is carried through signing in again, not lost.
                if is_draft_form(parts.uri.path())
                    && let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                    && pairs.iter().any(|(k, _)| k.starts_with("s:"))
                {
                    let form = crate::forms::FormData(pairs.into_iter().collect());
                    return crate::pages::session::signed_out_while_writing(&state, &parts.headers, parts.uri.path(), form).await;
                }
                return Redirect::to("/sign-in").into_response();
            }
            return csrf_refused();
        }
        req = Request::from_parts(parts, Body::from(bytes));
    }
    req.extensions_mut().insert(CurrentSession(session.clone()));
    let resp = next.run(req).await;
    crate::pages::dress_error_page(&state, session, resp).await
}

/// A page whose form saves a draft (the written assessment, the child protection plan's record).
fn is_draft_form(path: &str) -> bool {
    crate::pages::session::DraftPage::from_path(path).is_some()
}

/// Browsers send Origin on POST; when present it must be this site.
fn origin_ok(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    if origin == "null" {
        return false;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    origin.split_once("://").map(|(_, h)| h) == Some(host)
}

fn csrf_refused() -> Response {
    render_error_page(
        StatusCode::FORBIDDEN,
        "This form could not be accepted",
        "The form had expired or did not come from this service, so nothing was saved. Go back, reload the page, and try again.",
    )
}

/// An API caller, from `Authorization: Bearer <token>`.
pub struct ApiUser {
    pub actor: Actor,
}

impl ApiUser {
    pub fn ctx(&self, state: &AppState) -> Ctx {
        Ctx { actor: self.actor.clone(), now: state.now() }
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let Some(token) = token else {
            return Err(ServiceError::Unauthenticated(
                "Send an API token as 'Authorization: Bearer <token>'; get one from POST /api/v1/auth/token".into(),
            )
            .into());
        };
        match ff_service::auth::token_actor(&state.db, token, state.now()).await? {
            Some(actor) => Ok(ApiUser { actor }),
            None => Err(ServiceError::Unauthenticated(
                "The API token is unknown, expired or revoked; get a new one from POST /api/v1/auth/token".into(),
            )
            .into()),
        }
    }
}

/// The client's address, for sign-in throttling ("unknown" when not served over TCP, as in tests).
pub struct ClientAddr(pub String);

impl FromRequestParts<crate::AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &crate::AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        let trusted = state.trusted_proxies.clone();
        let forwarded: Vec<&str> = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        Ok(ClientAddr(client_address(peer, &trusted, &forwarded).map_or_else(|| "unknown".to_owned(), throttle_key)))
    }
}

/// The address sign-in throttling counts by: an IPv4 address, or an IPv6 address's /64 network
/// (one household or office line holds a whole /64, so single IPv6 addresses would be free).
pub fn throttle_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// An address as written in `X-Forwarded-For`: `203.0.113.5`, `203.0.113.5:443`, `2001:db8::1`
/// or `[2001:db8::1]:443`.
fn forwarded_address(entry: &str) -> Option<std::net::IpAddr> {
    let e = entry.trim();
    if let Ok(ip) = e.parse::<std::net::IpAddr>() {
        return Some(ip);
    }
    e.parse::<std::net::SocketAddr>().ok().map(|s| s.ip())
}

/// IPv4 clients reached over an IPv6 socket appear as `::ffff:a.b.c.d`: the same client.
fn canonical(ip: std::net::IpAddr) -> std::net::IpAddr {
    match ip {
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, std::net::IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address: the connection's peer, unless the peer is a trusted proxy; then the
/// right-most address in `X-Forwarded-For` that is not itself a trusted proxy. A header from an
/// untrusted peer is ignored.
pub fn client_address(peer: Option<std::net::IpAddr>, trusted: &[std::net::IpAddr], forwarded: &[&str]) -> Option<std::net::IpAddr> {
    let peer = canonical(peer?);
    let trusted: Vec<std::net::IpAddr> = trusted.iter().copied().map(canonical).collect();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    // Walk from the right (the entries our own proxies appended) to the first address that is not
    // a trusted proxy. An entry that cannot be read stops the walk: what lies left of it was
    // written by the client and cannot be believed, so the last trusted hop is the client.
    let entries: Vec<&str> = forwarded.iter().flat_map(|h| h.split(',')).collect();
    let mut client = peer;
    for entry in entries.iter().rev() {
        match forwarded_address(entry).map(canonical) {
            Some(ip) if trusted.contains(&ip) => client = ip,
            Some(ip) => return Some(ip),
            None => return Some(client),
        }
    }
    Some(client)
}

/// Every refused attempt on a record is audited (after the response is decided): a 403, or a 404
/// for an id in the address, from a signed-in user or API client. The record is the first id in
/// the path and its type the collection before it (`/api/v1/people/{id}/family-help` is the
/// person `{id}`), so it shows in that record's access log.
pub async fn audit_refusals(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    let session_secret = cookie(req.headers(), SESSION_COOKIE);
    let resp = next.run(req).await;
    let status = resp.status();
    if status != StatusCode::FORBIDDEN && status != StatusCode::NOT_FOUND {
        return resp;
    }
    let Some((record_type, record_id)) = refused_record(&path) else { return resp };
    if status == StatusCode::NOT_FOUND && record_id.is_none() {
        return resp; // an unknown address, not an attempt on a record
    }
    let now = state.now();
    let actor = match (bearer, session_secret) {
        (Some(t), _) => ff_service::auth::token_actor(&state.db, &t, now).await.ok().flatten(),
        (None, Some(s)) => ff_service::auth::session(&state.db, &s, now).await.ok().flatten().map(|s| s.actor),
        (None, None) => None,
    };
    if let Some(actor) = actor {
        let ctx = Ctx { actor, now };
        let attempt = format!("{method} {path}");
        if let Err(e) = ff_service::audit::record_refusal(&state.db, &ctx, &record_type, record_id, &attempt, status.as_u16()).await {
            tracing::error!(error = %e, "could not audit a refused attempt");
        }
    }
    resp
}

/// The record an address is about: the collection's record type and the first id in the path.
pub fn refused_record(path: &str) -> Option<(String, Option<uuid::Uuid>)> {
    let rest = path.strip_prefix("/api/v1").unwrap_or(path);
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let collection = *segments.first()?;
    let id = segments.iter().find_map(|s| s.parse::<uuid::Uuid>().ok());
    let record_type = match collection {
        "people" => "person".to_owned(),
        "s47" => "s47".to_owned(),
        other => other.trim_end_matches('s').replace('-', "_"),
    };
    Some((record_type, id))
}
