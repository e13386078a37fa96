//! Sign in, sign out, home, and the per-council brand stylesheet.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::FieldError;
use ff_domain::policy::Action;
use ff_service::ServiceError;

use super::{Layout, can, render};
use crate::AppState;
use crate::auth::{ClientAddr, PRE_CSRF_COOKIE, PageUser, SESSION_COOKIE, cookie, set_cookie};
use crate::forms::FormData;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    errors: Vec<FieldError>,
    username: String,
    error: Option<String>,
    /// On the demonstration council: every demo account (username and what it does), straight
    /// from the list that creates them, and their shared password.
    demo_accounts: Vec<(String, String)>,
    demo_password: String,
    /// The button for the council's identity provider, when configured.
    oidc_label: Option<String>,
    /// Writing posted after the session had ended, carried through signing in again:
    /// hidden fields, saved as soon as the person is signed in.
    keep: Vec<(String, String)>,
}

async fn sign_in_page(
    state: &AppState,
    status: StatusCode,
    existing_csrf: Option<String>,
    username: &str,
    error: Option<String>,
    keep: Vec<(String, String)>,
) -> Response {
    let csrf = existing_csrf.unwrap_or_else(ff_service::auth::new_secret);
    let errors: Vec<FieldError> = error.iter().map(|m| FieldError { field: "username".into(), message: m.clone() }).collect();
    let layout = Layout::anonymous(state, "Sign in", &csrf).await.with_errors(&errors);
    let demo_accounts = state.demo_sign_in.as_deref().map(demo_accounts).unwrap_or_default();
    let oidc_label = state.oidc.as_ref().map(|o| o.config.label.clone());
    let page = SignInPage {
        layout,
        errors,
        username: username.to_owned(),
        error,
        demo_accounts,
        demo_password: state.demo_sign_in.as_ref().map(|d| d.password.clone()).unwrap_or_default(),
        oidc_label,
        keep,
    };
    let mut resp = render(status, &page);
    if let Ok(v) = HeaderValue::from_str(&set_cookie(PRE_CSRF_COOKIE, &csrf, 3600, state.secure_cookies)) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// Every demo account with what it does ("police" is a partner agency member, police), in the
/// order the binary gives them (the order the demo creates them), so a new role's account is
/// listed as soon as it exists.
fn demo_accounts(demo: &crate::DemoSignIn) -> Vec<(String, String)> {
    demo.accounts
        .iter()
        .map(|u| {
            let role = u.role.label().to_lowercase();
            let what = if u.agency == ff_domain::roles::Agency::LocalAuthority {
                role
            } else {
                format!("{role}, {}", u.agency.label().to_lowercase())
            };
            (u.username.clone(), what)
        })
        .collect()
}

pub async fn sign_in_form(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    sign_in_page(&state, StatusCode::OK, cookie(&headers, PRE_CSRF_COOKIE), "", None, vec![]).await
}

pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: axum::http::HeaderMap,
    form: FormData,
) -> Response {
    let username = form.get("username").trim().to_owned();
    let csrf = cookie(&headers, PRE_CSRF_COOKIE);
    if username.is_empty() || form.get("password").is_empty() {
        return sign_in_page(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            csrf,
            &username,
            Some("Enter your username and password".into()),
            kept(&form),
        )
        .await;
    }
    match ff_service::auth::sign_in(&state.db, &username, form.get("password"), &client, state.now()).await {
        Ok(s) => match resume_path(&form) {
            Some(page) => save_kept_writing(state, s, page, form).await,
            None => signed_in(&state, &s),
        },
        Err(ServiceError::Unauthenticated(m)) => {
            sign_in_page(&state, StatusCode::UNAUTHORIZED, csrf, &username, Some(m), kept(&form)).await
        }
        Err(e @ ServiceError::Throttled { .. }) => sign_in_page(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            csrf,
            &username,
            Some(match e {
                ServiceError::Throttled { retry_after_secs } if retry_after_secs < 60 => {
                    format!("Too many failed attempts to sign in from here. Wait {retry_after_secs} seconds, then try again.")
                }
                ServiceError::Throttled { retry_after_secs } => {
                    format!(
                        "Too many failed attempts to sign in from here. Wait {} minutes, then try again.",
                        retry_after_secs.div_ceil(60)
                    )
                }
                _ => "Too many failed attempts to sign in. Wait a few minutes, then try again.".into(),
            }),
            kept(&form),
        )
        .await
        .into_response()
        .tap_log(&e),
        Err(e) => crate::error::PageError(e).into_response(),
    }
}

/// The writing a form carried through signing in again: where to save it and its fields.
fn kept(form: &FormData) -> Vec<(String, String)> {
    let mut keep: Vec<(String, String)> = form
        .0
        .iter()
        .filter(|(k, _)| k.as_str() == "resume" || ["s:", "rev:", "h:"].iter().any(|p| k.starts_with(p)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    keep.sort();
    keep
}

/// A page whose form saves writing as a draft, which a post made after the session ended can
/// be carried back to through the sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftPage {
    Assessment(uuid::Uuid),
    CpPlanRecord(uuid::Uuid),
    FhPlanRecord(uuid::Uuid),
    ConferenceRecord(uuid::Uuid),
    PlanReviewRecord(uuid::Uuid),
}

impl DraftPage {
    pub fn from_path(path: &str) -> Option<DraftPage> {
        if let Some(id) = path.strip_prefix("/assessments/") {
            return id.parse().ok().map(DraftPage::Assessment);
        }
        if let Some(id) = path.strip_prefix("/cp-plans/").and_then(|p| p.strip_suffix("/record")) {
            return id.parse().ok().map(DraftPage::CpPlanRecord);
        }
        if let Some(id) = path.strip_prefix("/conferences/").and_then(|p| p.strip_suffix("/record")) {
            return id.parse().ok().map(DraftPage::ConferenceRecord);
        }
        if let Some(id) = path.strip_prefix("/plan-reviews/").and_then(|p| p.strip_suffix("/record")) {
            return id.parse().ok().map(DraftPage::PlanReviewRecord);
        }
        let id = path.strip_prefix("/plans/")?.strip_suffix("/record")?;
        id.parse().ok().map(DraftPage::FhPlanRecord)
    }
}

/// The draft page a signed-out post was for, when the sign-in form carries one.
fn resume_path(form: &FormData) -> Option<DraftPage> {
    let page = DraftPage::from_path(form.get("resume"))?;
    form.0.keys().any(|k| k.starts_with("s:")).then_some(page)
}

/// A draft posted after the session ended (a time-out while writing without JavaScript): the
/// sign-in page carries the writing in hidden fields, with a message saying so.
pub async fn signed_out_while_writing(state: &AppState, headers: &axum::http::HeaderMap, path: &str, form: FormData) -> Response {
    let mut keep = kept(&form);
    keep.retain(|(k, _)| k != "resume");
    keep.push(("resume".into(), path.to_owned()));
    let message = "You were signed out before your writing was saved. Sign in again and it will be saved.".to_owned();
    sign_in_page(state, StatusCode::UNAUTHORIZED, cookie(headers, PRE_CSRF_COOKIE), "", Some(message), keep).await
}

/// Signed in again with writing carried: it is saved as the person now signed in, exactly as the
/// draft form would have saved it (a section someone else changed meanwhile is shown beside
/// theirs, never overwritten), and the answer carries the new session's cookie.
async fn save_kept_writing(state: AppState, s: ff_service::auth::SignedIn, page: DraftPage, mut form: FormData) -> Response {
    let cookies = signed_in(&state, &s);
    let session = match ff_service::auth::session(&state.db, &s.secret, state.now()).await {
        Ok(Some(session)) => session,
        Ok(None) => return cookies,
        Err(e) => return crate::error::PageError(e).into_response(),
    };
    form.0.insert("action".into(), "save".into());
    form.0.remove("password");
    let user = PageUser { session: std::sync::Arc::new(session) };
    let saved = match page {
        DraftPage::Assessment(id) => super::assessments::save(State(state.clone()), user, Path(id), form).await,
        DraftPage::CpPlanRecord(id) => super::plan_record::save_cp(State(state.clone()), user, Path(id), form).await,
        DraftPage::FhPlanRecord(id) => super::plan_record::save_fh(State(state.clone()), user, Path(id), form).await,
        DraftPage::ConferenceRecord(id) => super::meeting_record::save_conference(State(state.clone()), user, Path(id), form).await,
        DraftPage::PlanReviewRecord(id) => super::meeting_record::save_review(State(state.clone()), user, Path(id), form).await,
    };
    let mut resp = match saved {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    for v in cookies.headers().get_all(header::SET_COOKIE) {
        resp.headers_mut().append(header::SET_COOKIE, v.clone());
    }
    resp
}

/// The home page, with the new session's cookie (and the pre-sign-in CSRF cookie cleared).
fn signed_in(state: &AppState, s: &ff_service::auth::SignedIn) -> Response {
    let mut resp = Redirect::to("/").into_response();
    let max_age = (ff_service::auth::SESSION_ABSOLUTE).num_seconds();
    for c in
        [set_cookie(SESSION_COOKIE, &s.secret, max_age, state.secure_cookies), set_cookie(PRE_CSRF_COOKIE, "", 0, state.secure_cookies)]
    {
        if let Ok(v) = HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// Sign in with the council's identity provider: off to the provider.
pub async fn oidc_start(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let csrf = cookie(&headers, PRE_CSRF_COOKIE);
    let Some(oidc) = state.oidc.clone() else {
        return crate::error::PageError(ServiceError::NotFound("sign-in service")).into_response();
    };
    match oidc.start().await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => sign_in_page(&state, StatusCode::BAD_GATEWAY, csrf, "", Some(e.0), vec![]).await,
    }
}

#[derive(serde::Deserialize)]
pub struct OidcAnswer {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// The provider sends the browser back here with a code (or an error).
pub async fn oidc_callback(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: axum::http::HeaderMap,
    axum::extract::Query(q): axum::extract::Query<OidcAnswer>,
) -> Response {
    let csrf = cookie(&headers, PRE_CSRF_COOKIE);
    let Some(oidc) = state.oidc.clone() else {
        return crate::error::PageError(ServiceError::NotFound("sign-in service")).into_response();
    };
    let refused = |m: String| sign_in_page(&state, StatusCode::UNAUTHORIZED, csrf.clone(), "", Some(m), vec![]);
    if let Some(e) = q.error {
        let why = q.error_description.unwrap_or(e);
        return refused(format!("The council's sign-in service did not sign you in: {}", why.chars().take(200).collect::<String>())).await;
    }
    let (Some(code), Some(login)) = (q.code, q.state) else {
        return refused("The council's sign-in service sent an incomplete answer. Start again.".into()).await;
    };
    let username = match oidc.finish(&code, &login).await {
        Ok(u) => u,
        Err(e) => return refused(e.0).await,
    };
    match ff_service::auth::sign_in_external(&state.db, &username, &client, state.now()).await {
        Ok(s) => signed_in(&state, &s),
        Err(ServiceError::Unauthenticated(m)) => refused(m).await,
        Err(e) => crate::error::PageError(e).into_response(),
    }
}

trait TapLog {
    fn tap_log(self, e: &ServiceError) -> Self;
}
impl TapLog for Response {
    fn tap_log(self, e: &ServiceError) -> Self {
        tracing::warn!(reason = %e, "sign-in throttled");
        self
    }
}

pub async fn sign_out(State(state): State<AppState>, user: PageUser) -> Response {
    if let Err(e) = ff_service::auth::sign_out(&state.db, &user.session, state.now()).await {
        return crate::error::PageError(e).into_response();
    }
    let mut resp = Redirect::to("/sign-in").into_response();
    if let Ok(v) = HeaderValue::from_str(&set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies)) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    name: String,
    role: String,
    cards: Vec<(&'static str, &'static str, &'static str)>,
    /// The pages behind "More", for a menu too long for one row.
    pages: Vec<(&'static str, &'static str)>,
}

pub async fn home(State(state): State<AppState>, user: PageUser) -> Response {
    let actor = user.actor();
    let mut cards = vec![];
    if can(actor, Action::SearchPeople) {
        cards.push(("/people", "Find a person", "Search the people register by name, NHS number or date of birth."));
    }
    if can(actor, Action::ViewChildrenInCare) {
        cards.push((
            "/children-in-care",
            "Children in care",
            "Every child the council looks after, with their next review and anything overdue.",
        ));
    }
    if can(actor, Action::WorkWithPlaces) {
        cards.push((
            "/places",
            "Places and groups",
            "Where children are at risk of harm outside the home, the children linked to each, and the concerns raised.",
        ));
    }
    if can(actor, Action::ViewProviders) {
        cards.push((
            "/providers",
            "Homes and agencies",
            "The register of children's homes, supported accommodation and agencies, with each one's Ofsted registration and latest inspection.",
        ));
    }
    if can(actor, Action::ShareWithRegion) {
        cards.push((
            "/sharing",
            "Sharing with the region",
            "Pseudonymised extracts of children in care for the regional care co-operative, each with its agreement and deletion date.",
        ));
    }
    if can(actor, Action::ShareWorkforceWithRegion) {
        cards.push((
            "/workforce/regional",
            "The workforce shared with the region",
            "The social work workforce census rows for the region's pooled figures, each worker a code made with the region's key.",
        ));
    }
    if can(actor, Action::ViewPartnership) {
        cards.push((
            "/partnership",
            "Serious incidents and reviews",
            "Notifications to the Panel, rapid reviews and local practice reviews, with what is due and overdue.",
        ));
    }
    if can(actor, Action::ViewPartnershipDataSet) {
        cards.push((
            "/partnership/data-set",
            "Partnership data set",
            "The figures the safeguarding partners agreed to look at together, by agency: referrals, strategy discussions, plans, reviews and learning.",
        ));
    }
    if can(actor, Action::CreatePerson) {
        cards.push(("/people/new", "Add a person", "Record a child, an unborn child or an adult. Existing records are offered first."));
    }
    if can(actor, Action::EditSettings) {
        cards.push(("/settings", "Council settings", "The council's name, branding, child population and practice choices."));
        cards.push(("/admin/users", "Users", "Accounts, roles and Social Work England registration."));
        cards.push(("/admin/audit", "Audit trail", "Check that the audit trail has not been altered."));
        cards.push((
            "/sharing/key",
            "Pseudonymisation key",
            "The key that hides children's identities in what the council shares with its region.",
        ));
        cards.push((
            "/sharing/region-key",
            "The region's workforce key",
            "The key the region gives its member councils to code social workers' registration numbers alike.",
        ));
    }
    cards.push(("/calendar", "Working days", "Bank holidays and working-day due dates, as timescales count them."));
    let layout = Layout::for_user(&state, &user, "Home", "/").await;
    render(
        StatusCode::OK,
        &HomePage {
            layout,
            name: actor.display_name.clone(),
            role: actor.role.label().to_lowercase(),
            cards,
            pages: super::menu_pages(actor).1,
        },
    )
}

/// The council's header colour, from its settings (validated for contrast when saved).
pub async fn brand_css(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let la = file.trim_end_matches(".css");
    let colour =
        ff_service::settings::current_for_la(&state.db, la).await.map(|s| s.settings.brand_colour).unwrap_or_else(|_| "#1d4f5c".into());
    let safe = colour.starts_with('#') && colour.len() == 7 && colour[1..].chars().all(|c| c.is_ascii_hexdigit());
    let colour = if safe { colour } else { "#1d4f5c".into() };
    let css = format!(".app-header {{ background-color: {colour}; }}\n");
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], css).into_response()
}

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    layout: Layout,
    errors: Vec<FieldError>,
    /// An administrator reset the password: nothing else opens until a new one is chosen.
    required: bool,
}

impl PasswordPage {
    fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }
}

/// Any signed-in user chooses a new password here; after an administrator's reset every page
/// leads here first.
pub async fn password_form(State(state): State<AppState>, user: PageUser) -> Response {
    let layout = Layout::for_user(&state, &user, "Choose a new password", "/account/password").await;
    render(StatusCode::OK, &PasswordPage { layout, errors: vec![], required: user.session.must_change_password })
}

pub async fn password_change(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, crate::error::PageError> {
    let done = ff_service::auth::change_own_password(
        &state.db,
        &user.session,
        form.get("current_password"),
        form.get("new_password"),
        form.get("confirm_password"),
        state.now(),
    )
    .await;
    match done {
        Ok(()) => Ok(Redirect::to("/?saved=password").into_response()),
        Err(ServiceError::Validation(v)) => {
            let layout = Layout::for_user(&state, &user, "Choose a new password", "/account/password").await.with_errors(&v.0);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &PasswordPage { layout, errors: v.0, required: user.session.must_change_password }))
        }
        Err(e) => Err(e.into()),
    }
}
