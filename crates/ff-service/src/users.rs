//! User accounts and teams. Created by the LA administrator, or from the command
//! line when setting up (`familiesfirst user add`).

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::ValidationErrors;
use ff_domain::policy::Action;
use ff_domain::roles::{Agency, PractitionerProfile, Role, SweStatus, parse_swe_number, validate_profile};
use ff_store::users::{TeamRow, UserRow};
use ff_store::{Db, StoreError, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{check_new_password, hash_password_off_runtime};
use crate::{Ctx, Result, ServiceError, audit};

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    /// family_help_practitioner, social_worker, lcpp, practice_supervisor, conference_chair,
    /// qa_officer, partner_agency, performance_analyst, la_admin
    pub role: String,
    /// local_authority (default), police, health or education
    pub agency: Option<String>,
    pub password: String,
    pub swe_registration_number: Option<String>,
    /// registered, suspended, lapsed, not_registered
    pub swe_status: Option<String>,
    pub qualification_date: Option<NaiveDate>,
    #[serde(default)]
    pub team_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub role_label: String,
    pub agency: String,
    pub swe_registration_number: Option<String>,
    pub swe_status: Option<String>,
    pub qualification_date: Option<NaiveDate>,
    pub active: bool,
    pub teams: Vec<String>,
    /// An administrator reset the password; the user has not chosen a new one yet.
    pub must_change_password: bool,
    /// Send this back when changing the account: a stale version is refused with 409.
    pub version: i32,
}

fn view(u: &UserRow, teams: Vec<String>) -> UserView {
    UserView {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role.code().to_owned(),
        role_label: u.role.label().to_owned(),
        agency: u.agency.code().to_owned(),
        swe_registration_number: u.swe_registration_number.clone(),
        swe_status: u.swe_status.map(|s| s.code().to_owned()),
        qualification_date: u.qualification_date,
        active: u.active,
        teams,
        must_change_password: u.must_change_password,
        version: u.version,
    }
}

/// The role, agency and Social Work England registration of an account being created or
/// changed, parsed, with the role's registration rules applied; problems go to `errors`.
fn parse_role_and_registration(
    role: &str,
    agency: Option<&str>,
    swe_number: Option<&str>,
    swe_status: Option<&str>,
    qualification_date: Option<NaiveDate>,
    now: DateTime<Utc>,
    errors: &mut ValidationErrors,
) -> (Option<Role>, Option<Agency>, Option<String>, Option<SweStatus>) {
    let mut e = ValidationErrors::new();
    let role = Role::from_code(role.trim());
    if role.is_none() {
        e.add("role", "Select a role from the list");
    }
    let agency = match agency.map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(Agency::LocalAuthority),
        Some(a) => Agency::from_code(a),
    };
    if agency.is_none() {
        e.add("agency", "Select local_authority, police, health or education");
    }
    if role == Some(Role::PartnerAgency) && agency == Some(Agency::LocalAuthority) {
        e.add("agency", "A partner agency member works for the police, health or education");
    }
    let swe_number = match swe_number.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(n) => parse_swe_number(n).map_err(|m| e.add("swe_registration_number", m)).ok(),
    };
    let swe_status = match swe_status.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let parsed = SweStatus::from_code(s);
            if parsed.is_none() {
                e.add("swe_status", "Select registered, suspended, lapsed or not_registered");
            }
            parsed
        }
    };
    let profile = PractitionerProfile { swe_registration_number: swe_number.clone(), swe_status, qualification_date };
    if let (Some(r), true) = (role, e.is_empty())
        && let Err(v) = validate_profile(r, &profile, crate::Ctx::london_today(now))
    {
        e.0.extend(v.0);
    }
    errors.0.extend(e.0);
    (role, agency, swe_number, swe_status)
}

/// Validate and insert an account, in the caller's transaction. Shared by the admin action, the
/// command line and the demo generator.
pub async fn insert_user(tx: &mut Tx, la: &str, id: Uuid, input: &NewUser, now: DateTime<Utc>) -> Result<UserRow> {
    let mut errors = ValidationErrors::new();
    let username = input.username.trim().to_lowercase();
    if username.len() < 2 || username.len() > 60 || !username.chars().all(|c| c.is_ascii_alphanumeric() || ".-_@".contains(c)) {
        errors.add("username", "Enter a username of 2 to 60 letters, numbers, dots, hyphens or underscores");
    }
    if input.display_name.trim().is_empty() {
        errors.add("display_name", "Enter the person's name");
    }
    if let Err(m) = check_new_password(&input.password) {
        errors.add("password", m);
    }
    let (role, agency, swe_number, swe_status) = parse_role_and_registration(
        &input.role,
        input.agency.as_deref(),
        input.swe_registration_number.as_deref(),
        input.swe_status.as_deref(),
        input.qualification_date,
        now,
        &mut errors,
    );
    let (role, agency) = match (errors.into_result(())?, role, agency) {
        ((), Some(r), Some(a)) => (r, a),
        _ => return Err(ServiceError::Internal("validated role missing".into())),
    };
    let row = UserRow {
        la_code: la.to_owned(),
        id,
        username,
        display_name: input.display_name.trim().to_owned(),
        role,
        agency,
        password_hash: hash_password_off_runtime(&input.password).await?,
        swe_registration_number: swe_number,
        swe_status,
        qualification_date: input.qualification_date,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
        must_change_password: false,
    };
    match ff_store::users::insert_user(tx, &row).await {
        Err(StoreError::Unique(_)) => return Err(ValidationErrors::single("username", "That username is already taken").into()),
        other => other?,
    }
    for team in &input.team_ids {
        ff_store::users::add_team_member(tx, la, *team, row.id, now).await.map_err(|e| match e {
            StoreError::Db(_) => ServiceError::Validation(ValidationErrors::single("team_ids", "Choose teams of this council")),
            other => other.into(),
        })?;
    }
    Ok(row)
}

/// An administrator adds an account.
pub async fn add(db: &Db, ctx: &Ctx, input: &NewUser) -> Result<UserView> {
    ctx.authorise(Action::ManageUsers)?;
    let mut tx = db.begin().await?;
    let row = insert_user(&mut tx, ctx.la(), ctx.new_id(), input, ctx.now).await?;
    audit(&mut tx, ctx, "create", "user", Some(row.id.to_string()), format!("account created with role {}", row.role.code())).await?;
    let teams = ff_store::users::teams_of(&mut tx, ctx.la(), row.id).await?;
    tx.commit().await?;
    Ok(view(&row, teams))
}

/// The council's operator adds an account from the command line (`familiesfirst user add`), for
/// the first administrator of a new council: registers the council (with default settings) when
/// it is new, then validates and stores the account and its audit event in one transaction, as
/// [`add`] does for an administrator. There is no signed-in actor: the audit event names the
/// command line.
pub async fn add_from_command_line(db: &Db, la: &ff_domain::LaCode, input: &NewUser, now: DateTime<Utc>) -> Result<UserRow> {
    let la = la.as_str();
    let mut tx = db.begin().await?;
    ff_store::ensure_la(&mut tx, la, now).await?;
    if ff_store::settings::current(&mut tx, la).await?.is_none() {
        let defaults = ff_domain::settings::LaSettings::default_for(&format!("Council {la}"));
        ff_store::settings::insert(&mut tx, la, 1, &defaults, None, now).await?;
    }
    let row = insert_user(&mut tx, la, crate::new_id(), input, now).await?;
    let event = ff_store::audit::NewAuditEvent {
        la_code: la,
        actor_id: None,
        actor_role: "command_line",
        action: "create",
        record_type: "user",
        record_id: Some(row.id.to_string()),
        summary: format!("account created with role {} from the command line", row.role.code()),
    };
    ff_store::audit::append(&mut tx, now, event).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn list(db: &Db, ctx: &Ctx, page: u32) -> Result<(Vec<UserView>, bool)> {
    ctx.authorise(Action::ViewUsers)?;
    const PAGE: i64 = 100;
    let mut tx = db.begin().await?;
    let offset = i64::from(page.max(1) - 1) * PAGE;
    let mut rows = ff_store::users::list(&mut tx, ctx.la(), PAGE + 1, offset).await?;
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let memberships = ff_store::users::team_names_for_users(&mut tx, ctx.la()).await?;
    let out = rows.iter().map(|u| view(u, memberships.iter().filter(|(id, _)| *id == u.id).map(|(_, n)| n.clone()).collect())).collect();
    Ok((out, more))
}

pub async fn teams(db: &Db, ctx: &Ctx) -> Result<Vec<TeamRow>> {
    ctx.authorise(Action::ViewUsers)?;
    let mut tx = db.begin().await?;
    Ok(ff_store::users::list_teams(&mut tx, ctx.la()).await?)
}

// ---------------------------------------------------------------------------
// The account lifecycle: role and team changes, password resets, leavers.

/// A change of role, agency, registration or teams, by an administrator.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AccountChange {
    /// As for [`NewUser::role`].
    pub role: String,
    pub agency: Option<String>,
    pub swe_registration_number: Option<String>,
    pub swe_status: Option<String>,
    pub qualification_date: Option<NaiveDate>,
    /// The teams the user belongs to after the change (others are left, and kept in history).
    #[serde(default)]
    pub team_ids: Vec<Uuid>,
    /// The version the administrator saw.
    pub version: i32,
}

/// A leaver's account is closed with a reason.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct Deactivation {
    pub reason: String,
    pub version: i32,
}

/// The version the administrator saw, for a reset or a reactivation.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct VersionOnly {
    pub version: i32,
}

/// A password reset's outcome: the one-time password to give the user (shown once, never kept
/// in clear); they choose their own at the next sign-in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PasswordReset {
    pub user: UserView,
    pub temporary_password: String,
}

/// One account, with its current team ids (for the change form).
pub async fn get(db: &Db, ctx: &Ctx, user_id: Uuid) -> Result<(UserView, Vec<Uuid>)> {
    ctx.authorise(Action::ViewUsers)?;
    let mut tx = db.begin().await?;
    let row = ff_store::users::get(&mut tx, ctx.la(), user_id).await?.ok_or(ServiceError::NotFound("user"))?;
    let teams = ff_store::users::teams_of(&mut tx, ctx.la(), user_id).await?;
    let team_ids = ff_store::users::team_ids_of(&mut tx, ctx.la(), user_id).await?;
    Ok((view(&row, teams), team_ids))
}

/// Loads the account to change: this council's, not the administrator's own (no one locks
/// themselves out), at the version the administrator saw.
async fn load_for_change(tx: &mut Tx, ctx: &Ctx, user_id: Uuid, version: i32) -> Result<UserRow> {
    let row = ff_store::users::get(tx, ctx.la(), user_id).await?.ok_or(ServiceError::NotFound("user"))?;
    if row.id == ctx.actor.user_id {
        return Err(
            ValidationErrors::single("role", "You cannot change, reset or close your own account; ask another administrator").into()
        );
    }
    if row.version != version {
        return Err(stale(&row));
    }
    Ok(row)
}

fn stale(row: &UserRow) -> ServiceError {
    ServiceError::Conflict {
        message: "Someone else changed this account since you opened it. Reload it and try again.".into(),
        current_version: row.version,
    }
}

async fn save(tx: &mut Tx, ctx: &Ctx, before: &UserRow, mut after: UserRow) -> Result<UserRow> {
    after.version = before.version + 1;
    after.updated_at = ctx.now;
    if !ff_store::users::update_user(tx, &after, before.version).await? {
        return Err(stale(before));
    }
    ff_store::versions::record_version(tx, ctx.la(), "user", after.id, after.version, &after, Some(ctx.actor.user_id), ctx.now).await?;
    Ok(after)
}

/// Change a user's role, agency, registration and teams. The new role takes effect on their next
/// request (sessions read the account each time).
pub async fn change_account(db: &Db, ctx: &Ctx, user_id: Uuid, input: &AccountChange) -> Result<UserView> {
    ctx.authorise(Action::ManageUsers)?;
    let mut errors = ValidationErrors::new();
    let (role, agency, swe_number, swe_status) = parse_role_and_registration(
        &input.role,
        input.agency.as_deref(),
        input.swe_registration_number.as_deref(),
        input.swe_status.as_deref(),
        input.qualification_date,
        ctx.now,
        &mut errors,
    );
    let mut tx = db.begin().await?;
    let known_teams: Vec<Uuid> = ff_store::users::list_teams(&mut tx, ctx.la()).await?.into_iter().map(|t| t.id).collect();
    if input.team_ids.iter().any(|t| !known_teams.contains(t)) {
        errors.add("team_ids", "Choose teams of this council");
    }
    errors.into_result(())?;
    let (Some(role), Some(agency)) = (role, agency) else { return Err(ServiceError::Internal("validated role missing".into())) };
    let before = load_for_change(&mut tx, ctx, user_id, input.version).await?;
    let mut after = before.clone();
    after.role = role;
    after.agency = agency;
    after.swe_registration_number = swe_number;
    after.swe_status = swe_status;
    after.qualification_date = input.qualification_date;
    let after = save(&mut tx, ctx, &before, after).await?;
    crate::workforce::registration_from_account(&mut tx, ctx, &before, &after).await?;
    let current = ff_store::users::team_ids_of(&mut tx, ctx.la(), user_id).await?;
    for gone in current.iter().filter(|t| !input.team_ids.contains(t)) {
        ff_store::users::remove_team_member(&mut tx, ctx.la(), *gone, user_id, ctx.actor.user_id, ctx.now).await?;
    }
    for new in input.team_ids.iter().filter(|t| !current.contains(t)) {
        ff_store::users::add_team_member(&mut tx, ctx.la(), *new, user_id, ctx.now).await?;
    }
    let what = if before.role == after.role {
        "account changed (teams or registration)".to_owned()
    } else {
        format!("role changed from {} to {}", before.role.code(), after.role.code())
    };
    audit(&mut tx, ctx, "change", "user", Some(user_id.to_string()), what).await?;
    let teams = ff_store::users::teams_of(&mut tx, ctx.la(), user_id).await?;
    tx.commit().await?;
    Ok(view(&after, teams))
}

/// What changed of a registration: each part `Some(new value)` when it changed.
pub(crate) struct RegistrationChange {
    pub number: Option<Option<String>>,
    pub status: Option<Option<ff_domain::roles::SweStatus>>,
    pub qualified: Option<Option<NaiveDate>>,
}

/// A workforce officer changed a linked worker's registration number, status or qualifying date
/// (W-SYS-1, W-SYS-17): the staff account, which decides what the person may do, takes the same
/// facts in the same transaction, versioned and audited, so they are entered once and read the
/// same everywhere. `None` in a part leaves that part as it is.
pub(crate) async fn registration_from_worker(tx: &mut Tx, ctx: &Ctx, user_id: Uuid, change: RegistrationChange) -> Result<()> {
    let RegistrationChange { number, status, qualified } = change;
    let Some(before) = ff_store::users::get(tx, ctx.la(), user_id).await? else { return Ok(()) };
    let mut after = before.clone();
    if let Some(n) = number {
        after.swe_registration_number = n;
    }
    if let Some(s) = status {
        after.swe_status = s;
    }
    if let Some(q) = qualified {
        after.qualification_date = q;
    }
    if (&after.swe_registration_number, after.swe_status, after.qualification_date)
        == (&before.swe_registration_number, before.swe_status, before.qualification_date)
    {
        return Ok(());
    }
    save(tx, ctx, &before, after).await?;
    audit(tx, ctx, "change", "user", Some(user_id.to_string()), "registration changed on the worker's record").await?;
    Ok(())
}

/// Reset a user's password: a one-time password replaces it, every session and token of the user
/// ends at once, and the next sign-in must choose a new password.
pub async fn reset_password(db: &Db, ctx: &Ctx, user_id: Uuid, input: &VersionOnly) -> Result<PasswordReset> {
    ctx.authorise(Action::ManageUsers)?;
    let temporary: String = crate::auth::new_secret().chars().filter(char::is_ascii_alphanumeric).take(16).collect();
    let hash = hash_password_off_runtime(&temporary).await?;
    let mut tx = db.begin().await?;
    let before = load_for_change(&mut tx, ctx, user_id, input.version).await?;
    let mut after = before.clone();
    after.password_hash = hash;
    after.must_change_password = true;
    let after = save(&mut tx, ctx, &before, after).await?;
    let ended = ff_store::users::end_all_sessions(&mut tx, ctx.la(), user_id, ctx.now).await?;
    audit(
        &mut tx,
        ctx,
        "reset_password",
        "user",
        Some(user_id.to_string()),
        format!("password reset; {} ended", ff_domain::text::plural(ended, "session or token", "sessions and tokens")),
    )
    .await?;
    let teams = ff_store::users::teams_of(&mut tx, ctx.la(), user_id).await?;
    tx.commit().await?;
    Ok(PasswordReset { user: view(&after, teams), temporary_password: temporary })
}

/// Close a leaver's account: they can no longer sign in, and their sessions and tokens end at
/// once. The account and everything it recorded are kept.
pub async fn deactivate(db: &Db, ctx: &Ctx, user_id: Uuid, input: &Deactivation) -> Result<UserView> {
    ctx.authorise(Action::ManageUsers)?;
    if input.reason.trim().is_empty() {
        return Err(
            ValidationErrors::single("reason", "Say why the account is closed (for example, left the council on 30 November)").into()
        );
    }
    let mut tx = db.begin().await?;
    let before = load_for_change(&mut tx, ctx, user_id, input.version).await?;
    if !before.active {
        return Err(ValidationErrors::single("reason", "This account is already closed").into());
    }
    let mut after = before.clone();
    after.active = false;
    let after = save(&mut tx, ctx, &before, after).await?;
    let ended = ff_store::users::end_all_sessions(&mut tx, ctx.la(), user_id, ctx.now).await?;
    audit(
        &mut tx,
        ctx,
        "deactivate",
        "user",
        Some(user_id.to_string()),
        format!("account closed ({}); {ended} sessions and tokens ended", input.reason.trim()),
    )
    .await?;
    let teams = ff_store::users::teams_of(&mut tx, ctx.la(), user_id).await?;
    tx.commit().await?;
    Ok(view(&after, teams))
}

/// Open a closed account again (someone who returns); they sign in with their old password, or
/// an administrator resets it.
pub async fn reactivate(db: &Db, ctx: &Ctx, user_id: Uuid, input: &VersionOnly) -> Result<UserView> {
    ctx.authorise(Action::ManageUsers)?;
    let mut tx = db.begin().await?;
    let before = load_for_change(&mut tx, ctx, user_id, input.version).await?;
    let mut after = before.clone();
    after.active = true;
    let after = save(&mut tx, ctx, &before, after).await?;
    audit(&mut tx, ctx, "reactivate", "user", Some(user_id.to_string()), "account opened again").await?;
    let teams = ff_store::users::teams_of(&mut tx, ctx.la(), user_id).await?;
    tx.commit().await?;
    Ok(view(&after, teams))
}
