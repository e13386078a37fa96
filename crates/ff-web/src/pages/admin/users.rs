//! Staff accounts: the list, one account, new accounts, password resets, deactivation, and
//! designating lead child protection practitioners.

use axum::extract::Path;
use uuid::Uuid;

use super::*;
use crate::pages::actions::with_mistakes;

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<ff_service::users::UserView>,
    flash: Option<&'static str>,
}

pub async fn users(State(state): State<AppState>, user: PageUser, Query(q): Query<Flash>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let (users, _more) = ff_service::users::list(&state.db, &ctx, 1).await?;
    let layout = Layout::for_user(&state, &user, "Users", "/admin/users").await;
    let flash =
        q.saved.map(|s| if s == "lcpp" { "The practitioner has been designated as an LCPP" } else { "The account has been created" });
    Ok(render(StatusCode::OK, &UsersPage { layout, users, flash }))
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    layout: Layout,
    u: ff_service::users::UserView,
    own: bool,
    flash: Option<&'static str>,
    errors: Vec<FieldError>,
    roles: Vec<(String, String)>,
    agencies: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    role: String,
    agency: String,
    swe_number: String,
    swe_status: String,
    /// (team id, name, member)
    teams: Vec<(uuid::Uuid, String, bool)>,
}

impl UserPage {
    fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }
}

async fn user_page(
    state: &AppState,
    user: &PageUser,
    id: uuid::Uuid,
    form: Option<&FormData>,
    errors: Vec<FieldError>,
    flash: Option<&'static str>,
) -> Result<UserPage, PageError> {
    let ctx = user.ctx(state);
    let (u, team_ids) = ff_service::users::get(&state.db, &ctx, id).await?;
    let all_teams = ff_service::users::teams(&state.db, &ctx).await?;
    let get = |k: &str, default: String| form.map(|f| f.get(k).to_owned()).unwrap_or(default);
    let teams = all_teams
        .into_iter()
        .map(|t| {
            let member = form.map(|f| f.checked(&format!("team_{}", t.id))).unwrap_or(team_ids.contains(&t.id));
            (t.id, t.name, member)
        })
        .collect();
    let mut statuses = vec![(String::new(), "Not applicable".to_owned())];
    statuses.extend(options(SweStatus::ALL, |s| s.code(), |s| s.label()));
    Ok(UserPage {
        layout: Layout::for_user(state, user, &u.display_name, "/admin/users").await.with_errors(&errors),
        own: u.id == ctx.actor.user_id,
        flash,
        errors,
        roles: options(Role::ALL, |r| r.code(), |r| r.label()),
        agencies: options(Agency::ALL, |a| a.code(), |a| a.label()),
        statuses,
        role: get("role", u.role.clone()),
        agency: get("agency", u.agency.clone()),
        swe_number: get("swe_registration_number", u.swe_registration_number.clone().unwrap_or_default()),
        swe_status: get("swe_status", u.swe_status.clone().unwrap_or_default()),
        teams,
        u,
    })
}

/// An account, with its change form and its password and access actions.
pub async fn user_show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<Flash>,
) -> Result<Response, PageError> {
    let flash = q.saved.map(|s| match s.as_str() {
        "closed" => "The account is closed and its sessions have ended",
        "opened" => "The account is open again",
        _ => "The account has been changed",
    });
    let page = user_page(&state, &user, id, None, vec![], flash).await?;
    Ok(render(StatusCode::OK, &page))
}

fn version_of(form: &FormData) -> i32 {
    form.get("version").trim().parse().unwrap_or(0)
}

pub async fn user_change(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    form: FormData,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ManageUsers)?;
    let teams = ff_service::users::teams(&state.db, &ctx).await?;
    let input = ff_service::users::AccountChange {
        role: form.get("role").to_owned(),
        agency: form.opt("agency"),
        swe_registration_number: form.opt("swe_registration_number"),
        swe_status: form.opt("swe_status"),
        qualification_date: ff_service::users::get(&state.db, &ctx, id).await?.0.qualification_date,
        team_ids: teams.iter().filter(|t| form.checked(&format!("team_{}", t.id))).map(|t| t.id).collect(),
        version: version_of(&form),
    };
    match ff_service::users::change_account(&state.db, &ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/users/{id}?saved=changed")).into_response()),
        Err(e) => with_mistakes(e, async |errors| user_page(&state, &user, id, Some(&form), errors, None).await).await,
    }
}

#[derive(Template)]
#[template(path = "admin/user_action.html")]
struct UserActionPage {
    layout: Layout,
    u: ff_service::users::UserView,
    errors: Vec<FieldError>,
    temporary_password: Option<String>,
    deactivate: bool,
    reason: String,
}

impl UserActionPage {
    fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }
}

async fn action_page(
    state: &AppState,
    user: &PageUser,
    id: uuid::Uuid,
    deactivate: bool,
    reason: String,
    errors: Vec<FieldError>,
) -> Result<UserActionPage, PageError> {
    let ctx = user.ctx(state);
    ctx.authorise(Action::ManageUsers)?;
    let (u, _) = ff_service::users::get(&state.db, &ctx, id).await?;
    let title = if deactivate { "Close this account" } else { "Reset the password" };
    Ok(UserActionPage {
        layout: Layout::for_user(state, user, title, "/admin/users").await.with_errors(&errors),
        u,
        errors,
        temporary_password: None,
        deactivate,
        reason,
    })
}

/// Confirmation before a reset: the user is signed out everywhere.
pub async fn reset_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    Ok(render(StatusCode::OK, &action_page(&state, &user, id, false, String::new(), vec![]).await?))
}

pub async fn reset(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let done = ff_service::users::reset_password(&state.db, &ctx, id, &ff_service::users::VersionOnly { version: version_of(&form) }).await;
    match done {
        Ok(r) => {
            let mut page = action_page(&state, &user, id, false, String::new(), vec![]).await?;
            page.layout = Layout::for_user(&state, &user, "Password reset", "/admin/users").await;
            page.temporary_password = Some(r.temporary_password);
            // The one-time password must not be kept by a browser or a proxy.
            let mut resp = render(StatusCode::OK, &page);
            resp.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
            Ok(resp)
        }
        Err(e) => with_mistakes(e, async |errors| action_page(&state, &user, id, false, String::new(), errors).await).await,
    }
}

/// Confirmation and reason before an account is closed.
pub async fn deactivate_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    Ok(render(StatusCode::OK, &action_page(&state, &user, id, true, String::new(), vec![]).await?))
}

pub async fn deactivate(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    form: FormData,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let input = ff_service::users::Deactivation { reason: form.get("reason").to_owned(), version: version_of(&form) };
    match ff_service::users::deactivate(&state.db, &ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/users/{id}?saved=closed")).into_response()),
        Err(e) => with_mistakes(e, async |errors| action_page(&state, &user, id, true, form.get("reason").to_owned(), errors).await).await,
    }
}

pub async fn reactivate(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    form: FormData,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ff_service::users::reactivate(&state.db, &ctx, id, &ff_service::users::VersionOnly { version: version_of(&form) }).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}?saved=opened")).into_response())
}

fn user_fields(f: Option<&FormData>) -> Vec<Field> {
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    let mut status = vec![(String::new(), "Not applicable".to_owned())];
    status.extend(options(SweStatus::ALL, |s| s.code(), |s| s.label()));
    vec![
        Field::Text("display_name", "Full name", get("display_name"), ""),
        Field::Text("username", "Username", get("username"), "2 to 60 letters, numbers, dots, hyphens or underscores"),
        Field::Select("role", "Role", options(Role::ALL, |r| r.code(), |r| r.label()), get("role")),
        Field::Select("agency", "Agency", options(Agency::ALL, |a| a.code(), |a| a.label()), get("agency")),
        Field::Text(
            "swe_registration_number",
            "Social Work England registration number",
            get("swe_registration_number"),
            "Required for social workers and lead child protection practitioners, for example SW123456",
        ),
        Field::Select("swe_status", "Registration status", status, get("swe_status")),
        Field::Text("password", "Temporary password", String::new(), "At least 12 characters; give it to the person securely"),
    ]
}

/// The form for a new account, with what was typed and the mistakes found in it.
async fn new_user_page(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> SimpleForm {
    let layout = Layout::for_user(state, user, "Add a user", "/admin/users").await;
    form_page(layout, "Add a user", "/admin/users/new", "Create account", user_fields(f), errors, "/admin/users")
}

pub async fn user_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::ManageUsers)?;
    Ok(render(StatusCode::OK, &new_user_page(&state, &user, None, vec![]).await))
}

pub async fn user_create(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ManageUsers)?;
    let input = ff_service::users::NewUser {
        username: form.get("username").to_owned(),
        display_name: form.get("display_name").to_owned(),
        role: form.get("role").to_owned(),
        agency: form.opt("agency"),
        password: form.get("password").to_owned(),
        swe_registration_number: form.opt("swe_registration_number"),
        swe_status: form.opt("swe_status"),
        qualification_date: None,
        team_ids: vec![],
    };
    match ff_service::users::add(&state.db, &ctx, &input).await {
        Ok(_) => Ok(Redirect::to("/admin/users?saved=1").into_response()),
        Err(e) => with_mistakes(e, async |errors| Ok(new_user_page(&state, &user, Some(&form), errors).await)).await,
    }
}

async fn lcpp_fields(state: &AppState, user: &PageUser, f: Option<&FormData>) -> Result<Vec<Field>, PageError> {
    let ctx = user.ctx(state);
    let staff = ff_service::macpt::colleagues(&state.db, &ctx, Action::DesignateLcpp).await?;
    let mut who = vec![(String::new(), "Choose a practitioner".to_owned())];
    who.extend(staff.into_iter().filter(|s| s.role == Role::Lcpp.code()).map(|s| (s.id.to_string(), s.display_name)));
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    let (d, m, y) = f.map(|f| f.date_parts("designated_on")).unwrap_or_default();
    Ok(vec![
        Field::Paragraph(
            "Only designated LCPPs lead section 47 enquiries and hold plans under the Families First model (R-S47-1). The council's minimum post-qualifying experience is checked when they are chosen.".into(),
        ),
        Field::Select("user_id", "Practitioner (accounts with the LCPP role)", who, get("user_id")),
        Field::Date("designated_on", "Designated on", d, m, y, "For example, 1 4 2026"),
        Field::TextArea("evidence", "Evidence", get("evidence"), "The accreditation, panel decision or training the designation rests on"),
    ])
}

/// The form designating an LCPP, with what was typed and the mistakes found in it.
async fn lcpp_page(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Result<SimpleForm, PageError> {
    let layout = Layout::for_user(state, user, "Designate an LCPP", "/admin/users").await;
    let fields = lcpp_fields(state, user, f).await?;
    Ok(form_page(layout, "Designate a lead child protection practitioner", "/admin/lcpp", "Designate", fields, errors, "/admin/users"))
}

pub async fn lcpp_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::DesignateLcpp)?;
    Ok(render(StatusCode::OK, &lcpp_page(&state, &user, None, vec![]).await?))
}

pub async fn lcpp_designate(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::DesignateLcpp)?;
    let mut errors = ValidationErrors::new();
    let on = form
        .required_date("designated_on", "Date of designation", &mut errors)
        .unwrap_or_else(|| crate::pages::fields::unreadable_date(&ctx));
    let who: Option<uuid::Uuid> = form.get("user_id").parse().ok();
    if who.is_none() {
        errors.add("user_id", "Choose the practitioner");
    }
    // Every mistake in one round: the service judges the rest, and refuses the stand-in date or
    // the unknown (nil) practitioner before anything is saved.
    let input = ff_service::child_protection::DesignationInput { designated_on: on, evidence: form.get("evidence").into() };
    let result = crate::pages::fields::one_round(
        ff_service::child_protection::designate_lcpp(&state.db, &ctx, who.unwrap_or_default(), &input).await,
        errors,
    );
    match result {
        Ok(()) => Ok(Redirect::to("/admin/users?saved=lcpp").into_response()),
        Err(e) => with_mistakes(e, async |errors| lcpp_page(&state, &user, Some(&form), errors).await).await,
    }
}
