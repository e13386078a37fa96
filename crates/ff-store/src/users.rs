//! Accounts, teams, sessions, API tokens and sign-in attempts.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::roles::{Agency, Role, SweStatus};
use serde::Serialize;
use uuid::Uuid;

use crate::codes::{NullableCode, as_code, as_opt_code};
use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct UserRow {
    pub la_code: String,
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub role: Role,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub agency: Agency,
    #[serde(skip)]
    pub password_hash: String,
    pub swe_registration_number: Option<String>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(with = "as_opt_code")]
    pub swe_status: Option<SweStatus>,
    pub qualification_date: Option<NaiveDate>,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set by an administrator's password reset: the next sign-in must choose a new password.
    pub must_change_password: bool,
}

const USER_COLS: &str = "la_code, id, username, display_name, role, agency, password_hash, swe_registration_number, swe_status, qualification_date, active, version, created_at, updated_at, must_change_password";

pub async fn insert_user(tx: &mut Tx, u: &UserRow) -> Result<()> {
    on!(tx, c => sqlx::query(
        "INSERT INTO users (la_code, id, username, display_name, role, agency, password_hash, swe_registration_number, swe_status, qualification_date, active, version, created_at, updated_at, must_change_password) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
        .bind(&u.la_code).bind(u.id).bind(&u.username).bind(&u.display_name).bind(u.role.code()).bind(u.agency.code())
        .bind(&u.password_hash).bind(&u.swe_registration_number).bind(u.swe_status.map(SweStatus::code)).bind(u.qualification_date)
        .bind(u.active).bind(u.version).bind(u.created_at).bind(u.updated_at).bind(u.must_change_password).execute(c).await?.rows_affected());
    Ok(())
}

/// Write a changed account if it is still at `expected_version`; false when someone else changed
/// it first.
pub async fn update_user(tx: &mut Tx, u: &UserRow, expected_version: i32) -> Result<bool> {
    let n = on!(tx, c => sqlx::query(
        "UPDATE users SET display_name = $3, role = $4, agency = $5, password_hash = $6, swe_registration_number = $7, swe_status = $8, \
         qualification_date = $9, active = $10, version = $11, updated_at = $12, must_change_password = $13 \
         WHERE la_code = $1 AND id = $2 AND version = $14")
        .bind(&u.la_code).bind(u.id).bind(&u.display_name).bind(u.role.code()).bind(u.agency.code()).bind(&u.password_hash)
        .bind(&u.swe_registration_number).bind(u.swe_status.map(SweStatus::code)).bind(u.qualification_date).bind(u.active).bind(u.version)
        .bind(u.updated_at).bind(u.must_change_password).bind(expected_version).execute(c).await?.rows_affected());
    Ok(n == 1)
}

/// End every open session and revoke every live API token of a user (deactivation, password
/// reset). Returns how many were ended.
pub async fn end_all_sessions(tx: &mut Tx, la_code: &str, user_id: Uuid, now: DateTime<Utc>) -> Result<u64> {
    let a = on!(tx, c => sqlx::query("UPDATE sessions SET ended_at = $3 WHERE la_code = $1 AND user_id = $2 AND ended_at IS NULL")
        .bind(la_code).bind(user_id).bind(now).execute(c).await?.rows_affected());
    let b = on!(tx, c => sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE la_code = $1 AND user_id = $2 AND revoked_at IS NULL")
        .bind(la_code).bind(user_id).bind(now).execute(c).await?.rows_affected());
    Ok(a + b)
}

/// Undo [`end_all_sessions`] for one session (the one a user changed their password in).
pub async fn reopen_session(tx: &mut Tx, token_hash: &str) -> Result<()> {
    on!(tx, c => sqlx::query("UPDATE sessions SET ended_at = NULL WHERE token_hash = $1").bind(token_hash).execute(c).await?.rows_affected());
    Ok(())
}

/// The team ids a user belongs to now.
pub async fn team_ids_of(tx: &mut Tx, la_code: &str, user_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(on!(tx, c => sqlx::query_scalar::<_, Uuid>("SELECT team_id FROM team_members WHERE la_code = $1 AND user_id = $2")
        .bind(la_code).bind(user_id).fetch_all(c).await?))
}

/// Take a user out of a team; the membership moves to the history table (kept, never lost).
pub async fn remove_team_member(tx: &mut Tx, la_code: &str, team_id: Uuid, user_id: Uuid, by: Uuid, at: DateTime<Utc>) -> Result<()> {
    on!(tx, c => sqlx::query(
        "INSERT INTO team_member_history (la_code, team_id, user_id, added_at, removed_at, removed_by) \
         SELECT la_code, team_id, user_id, added_at, $4, $5 FROM team_members WHERE la_code = $1 AND team_id = $2 AND user_id = $3")
        .bind(la_code).bind(team_id).bind(user_id).bind(at).bind(by).execute(c).await?.rows_affected());
    on!(tx, c => sqlx::query("DELETE FROM team_members WHERE la_code = $1 AND team_id = $2 AND user_id = $3")
        .bind(la_code).bind(team_id).bind(user_id).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn find_by_username(tx: &mut Tx, username: &str) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE username = $1");
    Ok(on!(tx, c => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql.clone())).bind(username).fetch_optional(c).await?))
}

pub async fn get(tx: &mut Tx, la_code: &str, id: Uuid) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, c => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).bind(id).fetch_optional(c).await?))
}

pub async fn list(tx: &mut Tx, la_code: &str, limit: i64, offset: i64) -> Result<Vec<UserRow>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE la_code = $1 ORDER BY display_name, id LIMIT $2 OFFSET $3");
    Ok(
        on!(tx, c => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).bind(limit).bind(offset).fetch_all(c).await?),
    )
}

/// The accounts with these ids (in any order; unknown ids are skipped). A page names the staff
/// its record mentions from this, never by loading every account of the council.
pub async fn get_many(tx: &mut Tx, la_code: &str, ids: &[Uuid]) -> Result<Vec<UserRow>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    crate::select::for_ids(tx, la_code, &ids, |list| format!("SELECT {USER_COLS} FROM users WHERE la_code = $1 AND id IN ({list})")).await
}

/// The council's active accounts with `role`, by name (a few per council: reviewing officers,
/// chairs), for choosing one on a form.
pub async fn with_role(tx: &mut Tx, la_code: &str, role: &str) -> Result<Vec<UserRow>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE la_code = $1 AND role = $2 AND active ORDER BY display_name, id LIMIT 500");
    Ok(on!(tx, c => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).bind(role).fetch_all(c).await?))
}

pub async fn count(tx: &mut Tx, la_code: &str) -> Result<i64> {
    Ok(on!(tx, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE la_code = $1").bind(la_code).fetch_one(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct TeamRow {
    pub la_code: String,
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_team(tx: &mut Tx, t: &TeamRow) -> Result<()> {
    on!(tx, c => sqlx::query("INSERT INTO teams (la_code, id, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&t.la_code).bind(t.id).bind(&t.name).bind(&t.kind).bind(t.created_at).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn add_team_member(tx: &mut Tx, la_code: &str, team_id: Uuid, user_id: Uuid, at: DateTime<Utc>) -> Result<()> {
    on!(tx, c => sqlx::query("INSERT INTO team_members (la_code, team_id, user_id, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(la_code).bind(team_id).bind(user_id).bind(at).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn list_teams(tx: &mut Tx, la_code: &str) -> Result<Vec<TeamRow>> {
    Ok(on!(tx, c => sqlx::query_as::<_, TeamRow>("SELECT la_code, id, name, kind, created_at FROM teams WHERE la_code = $1 ORDER BY name")
        .bind(la_code).fetch_all(c).await?))
}

/// The teams of one user, by name.
pub async fn teams_of(tx: &mut Tx, la_code: &str, user_id: Uuid) -> Result<Vec<String>> {
    Ok(on!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT t.name FROM team_members m JOIN teams t ON t.la_code = m.la_code AND t.id = m.team_id WHERE m.la_code = $1 AND m.user_id = $2 ORDER BY t.name")
        .bind(la_code).bind(user_id).fetch_all(c).await?))
}

/// Everyone in any team `user_id` belongs to (a manager's teams), including them: read through
/// the team index, never the council's whole membership.
pub async fn members_of_teams_of(tx: &mut Tx, la_code: &str, user_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(on!(tx, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT DISTINCT m.user_id FROM team_members m WHERE m.la_code = $1 AND m.team_id IN \
           (SELECT t.team_id FROM team_members t WHERE t.la_code = $1 AND t.user_id = $2)")
        .bind(la_code).bind(user_id).fetch_all(c).await?))
}

/// Team membership for a page of users, in one query (no N+1).
pub async fn team_names_for_users(tx: &mut Tx, la_code: &str) -> Result<Vec<(Uuid, String)>> {
    Ok(on!(tx, c => sqlx::query_as::<_, (Uuid, String)>(
        "SELECT m.user_id, t.name FROM team_members m JOIN teams t ON t.la_code = m.la_code AND t.id = m.team_id WHERE m.la_code = $1 ORDER BY t.name")
        .bind(la_code).fetch_all(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub la_code: String,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

pub async fn insert_session(tx: &mut Tx, s: &SessionRow) -> Result<()> {
    on!(tx, c => sqlx::query(
        "INSERT INTO sessions (token_hash, la_code, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(&s.token_hash).bind(&s.la_code).bind(s.user_id).bind(&s.csrf_token).bind(s.created_at).bind(s.last_seen_at).bind(s.expires_at)
        .execute(c).await?.rows_affected());
    Ok(())
}

pub async fn find_session(tx: &mut Tx, token_hash: &str) -> Result<Option<SessionRow>> {
    Ok(on!(tx, c => sqlx::query_as::<_, SessionRow>(
        "SELECT token_hash, la_code, user_id, csrf_token, created_at, last_seen_at, expires_at, ended_at FROM sessions WHERE token_hash = $1")
        .bind(token_hash).fetch_optional(c).await?))
}

/// Slide the idle expiry forward.
pub async fn touch_session(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> Result<()> {
    on!(tx, c => sqlx::query("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1")
        .bind(token_hash).bind(now).bind(expires_at).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn end_session(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
    on!(tx, c => sqlx::query("UPDATE sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL")
        .bind(token_hash).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub token_hash: String,
    pub la_code: String,
    pub user_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub async fn insert_token(tx: &mut Tx, t: &TokenRow) -> Result<()> {
    on!(tx, c => sqlx::query("INSERT INTO api_tokens (token_hash, la_code, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&t.token_hash).bind(&t.la_code).bind(t.user_id).bind(t.created_at).bind(t.expires_at).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn find_token(tx: &mut Tx, token_hash: &str) -> Result<Option<TokenRow>> {
    Ok(on!(tx, c => sqlx::query_as::<_, TokenRow>(
        "SELECT token_hash, la_code, user_id, created_at, expires_at, revoked_at FROM api_tokens WHERE token_hash = $1")
        .bind(token_hash).fetch_optional(c).await?))
}

pub async fn revoke_token(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
    on!(tx, c => sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// Record an attempt as failed before the password is checked (so parallel guesses all count),
/// returning its id for `mark_login_succeeded`.
pub async fn start_login_attempt(tx: &mut Tx, username: &str, client: &str, at: DateTime<Utc>) -> Result<i64> {
    Ok(
        on!(tx, c => sqlx::query_scalar::<_, i64>("INSERT INTO login_attempts (username, client, at, succeeded) VALUES ($1, $2, $3, FALSE) RETURNING id")
        .bind(username).bind(client).bind(at).fetch_one(c).await?),
    )
}

pub async fn mark_login_succeeded(tx: &mut Tx, id: i64) -> Result<()> {
    on!(tx, c => sqlx::query("UPDATE login_attempts SET succeeded = TRUE WHERE id = $1").bind(id).execute(c).await?.rows_affected());
    Ok(())
}

/// Whether this username has ever signed in from this client (a known desk is never held back by
/// other people's failures from the same address).
pub async fn known_pair(tx: &mut Tx, username: &str, client: &str) -> Result<bool> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM login_attempts WHERE username = $1 AND client = $2 AND succeeded LIMIT 1) k")
        .bind(username).bind(client).fetch_one(c).await?);
    Ok(n > 0)
}

/// Failed attempts since `since`, and the newest one's time: for this username from this client
/// (since its last success from there), and for this client across usernames.
pub async fn recent_failures(
    tx: &mut Tx,
    username: &str,
    client: &str,
    since: DateTime<Utc>,
) -> Result<((i64, Option<DateTime<Utc>>), (i64, Option<DateTime<Utc>>))> {
    let pair: (i64, Option<DateTime<Utc>>) = on!(tx, c => sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE username = $1 AND client = $2 AND at > $3 AND NOT succeeded \
         AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE username = $1 AND client = $2 AND succeeded), $3)")
        .bind(username).bind(client).bind(since).fetch_one(c).await?);
    let by_client: (i64, Option<DateTime<Utc>>) = on!(tx, c => sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE client = $1 AND at > $2 AND NOT succeeded")
        .bind(client).bind(since).fetch_one(c).await?);
    Ok((pair, by_client))
}

/// The roles that hold cases as a lead practitioner (`ff_service::family_help` allocates only
/// these), as the caseload pages list them.
pub(crate) const CASE_HOLDING_ROLES: &str = "('family_help_practitioner', 'social_worker', 'lcpp', 'practice_supervisor')";

/// The council's case holders, by name, active or not (one who has left may have held cases on
/// an earlier date); with `team`, that team's members only (`team_members_user` and the key).
pub async fn case_holders(tx: &mut Tx, la_code: &str, team: Option<Uuid>) -> Result<Vec<UserRow>> {
    let rows = match team {
        None => {
            let sql =
                format!("SELECT {USER_COLS} FROM users WHERE la_code = $1 AND role IN {CASE_HOLDING_ROLES} ORDER BY display_name, id");
            on!(tx, c => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).fetch_all(c).await?)
        }
        Some(team) => {
            let sql = format!(
                "SELECT {USER_COLS} FROM users u WHERE u.la_code = $1 AND u.role IN {CASE_HOLDING_ROLES} \
                 AND EXISTS (SELECT 1 FROM team_members m WHERE m.la_code = u.la_code AND m.team_id = $2 AND m.user_id = u.id) \
                 ORDER BY u.display_name, u.id"
            );
            on!(tx, c => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).bind(team).fetch_all(c).await?)
        }
    };
    Ok(rows)
}

/// Every (user, team) membership of the council, in one query.
pub async fn team_memberships(tx: &mut Tx, la_code: &str) -> Result<Vec<(Uuid, Uuid)>> {
    Ok(on!(tx, c => sqlx::query_as::<_, (Uuid, Uuid)>("SELECT user_id, team_id FROM team_members WHERE la_code = $1")
        .bind(la_code).fetch_all(c).await?))
}
