//! User accounts and teams (issue 2 item 4). Created by the LA administrator, or from the command
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
}

fn view(u: &UserRow, teams: Vec<String>) -> UserView {
    UserView {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role.clone(),
        role_label: Role::from_code(&u.role).map(|r| r.label().to_owned()).unwrap_or_default(),
        agency: u.agency.clone(),
        swe_registration_number: u.swe_registration_number.clone(),
        swe_status: u.swe_status.clone(),
        qualification_date: u.qualification_date,
        active: u.active,
        teams,
    }
}

/// Validate and insert an account, in the caller's transaction. Shared by the admin action, the
/// command line and the demo generator.
pub async fn insert_user(tx: &mut Tx, la: &str, input: &NewUser, now: DateTime<Utc>) -> Result<UserRow> {
    let mut errors = ValidationErrors::new();
    let username = input.username.trim().to_lowercase();
    if username.len() < 2 || username.len() > 60 || !username.chars().all(|c| c.is_ascii_alphanumeric() || ".-_@".contains(c)) {
        errors.add("username", "Enter a username of 2 to 60 letters, numbers, dots, hyphens or underscores");
    }
    if input.display_name.trim().is_empty() {
        errors.add("display_name", "Enter the person's name");
    }
    let role = Role::from_code(input.role.trim());
    if role.is_none() {
        errors.add("role", "Select a role from the list");
    }
    let agency = match input.agency.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(Agency::LocalAuthority),
        Some(a) => Agency::from_code(a),
    };
    if agency.is_none() {
        errors.add("agency", "Select local_authority, police, health or education");
    }
    if role == Some(Role::PartnerAgency) && agency == Some(Agency::LocalAuthority) {
        errors.add("agency", "A partner agency member works for the police, health or education");
    }
    if let Err(m) = check_new_password(&input.password) {
        errors.add("password", m);
    }
    let swe_number = match input.swe_registration_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(n) => match parse_swe_number(n) {
            Ok(n) => Some(n),
            Err(m) => {
                errors.add("swe_registration_number", m);
                None
            }
        },
    };
    let swe_status = match input.swe_status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match SweStatus::from_code(s) {
            Some(s) => Some(s),
            None => {
                errors.add("swe_status", "Select registered, suspended, lapsed or not_registered");
                None
            }
        },
    };
    let profile =
        PractitionerProfile { swe_registration_number: swe_number.clone(), swe_status, qualification_date: input.qualification_date };
    if let (Some(r), true) = (role, errors.is_empty())
        && let Err(e) = validate_profile(r, &profile, crate::Ctx::london_today(now))
    {
        errors.0.extend(e.0);
    }
    let (role, agency) = match (errors.into_result(())?, role, agency) {
        ((), Some(r), Some(a)) => (r, a),
        _ => return Err(ServiceError::Internal("validated role missing".into())),
    };
    let row = UserRow {
        la_code: la.to_owned(),
        id: Uuid::now_v7(),
        username,
        display_name: input.display_name.trim().to_owned(),
        role: role.code().to_owned(),
        agency: agency.code().to_owned(),
        password_hash: hash_password_off_runtime(&input.password).await?,
        swe_registration_number: swe_number,
        swe_status: swe_status.map(|s| s.code().to_owned()),
        qualification_date: input.qualification_date,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
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
    let row = insert_user(&mut tx, ctx.la(), input, ctx.now).await?;
    audit(&mut tx, ctx, "create", "user", Some(row.id.to_string()), format!("account created with role {}", row.role)).await?;
    let teams = ff_store::users::teams_of(&mut tx, ctx.la(), row.id).await?;
    tx.commit().await?;
    Ok(view(&row, teams))
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
