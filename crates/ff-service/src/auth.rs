//! Signing in and out, sessions, API tokens and sign-in throttling.
//!
//! Passwords are hashed with Argon2id. Session and API tokens are 256-bit random values; only
//! their SHA-256 hashes are stored, so a copy of the database does not let anyone sign in.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use ff_domain::LaCode;
use ff_domain::policy::Actor;
use ff_domain::roles::PractitionerProfile;
use ff_store::users::{SessionRow, TokenRow, UserRow};
use ff_store::{Db, Tx};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{Ctx, Result, ServiceError};

/// A session ends after this long without activity…
pub const SESSION_IDLE: Duration = Duration::minutes(60);
/// …and in any case this long after sign-in.
pub const SESSION_ABSOLUTE: Duration = Duration::hours(12);
pub const API_TOKEN_LIFETIME: Duration = Duration::hours(12);
// Throttling: see `ff_domain::throttle` (per username and address, exponential back-off).

pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("password hashing failed: {e}")))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A password that cannot match anything, verified when the username is unknown so the response
/// takes as long as for a real account (no username probing by timing).
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password, used to even out timing").unwrap_or_default())
}

/// Minimum password rules for accounts created here (NCSC: length over complexity).
pub fn check_new_password(password: &str) -> std::result::Result<(), String> {
    if password.chars().count() < 12 {
        return Err("The password must be at least 12 characters long".into());
    }
    if password.chars().count() > 200 {
        return Err("The password must be 200 characters or fewer".into());
    }
    Ok(())
}

pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Build the acting user from a stored account.
pub fn actor_from(u: &UserRow) -> Result<Actor> {
    let corrupt = |what: &str| ServiceError::Store(ff_store::StoreError::Corrupt(format!("user {}: bad {what}", u.id)));
    Ok(Actor {
        user_id: u.id,
        la_code: LaCode::parse(&u.la_code).map_err(|_| corrupt("LA code"))?,
        role: u.role,
        agency: u.agency,
        display_name: u.display_name.clone(),
        profile: PractitionerProfile {
            swe_registration_number: u.swe_registration_number.clone(),
            swe_status: u.swe_status,
            qualification_date: u.qualification_date,
        },
    })
}

/// The outcome of a successful sign-in: the secret goes to the client (cookie or bearer token);
/// only its hash is stored.
pub struct SignedIn {
    pub secret: String,
    pub csrf_token: String,
    pub actor: Actor,
    pub expires_at: DateTime<Utc>,
}

/// Argon2 takes tens of milliseconds of CPU by design. It runs on the blocking pool, never on the
/// async runtime, and at most this many at once, so a burst of sign-ins cannot stall other requests.
fn hashing_permits() -> std::sync::Arc<tokio::sync::Semaphore> {
    static PERMITS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    PERMITS
        .get_or_init(|| std::sync::Arc::new(tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))))
        .clone()
}

/// How long a sign-in waits for a free hashing slot before being told to try again (a flood of
/// sign-ins queues for at most this long, never without bound).
const HASHING_QUEUE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

async fn off_runtime<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let permit = match tokio::time::timeout(HASHING_QUEUE_WAIT, hashing_permits().acquire_owned()).await {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return Err(ServiceError::Internal(format!("hashing pool closed: {e}"))),
        Err(_) => return Err(ServiceError::Throttled { retry_after_secs: 2 }),
    };
    // The permit lives inside the blocking task: if the client goes away the hash still finishes
    // before its slot is given to someone else.
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        f()
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("hashing task failed: {e}")))
}

/// Verify a password against a stored hash off the async runtime.
pub async fn verify_password_off_runtime(password: &str, stored: &str) -> Result<bool> {
    let (password, stored) = (password.to_owned(), stored.to_owned());
    off_runtime(move || verify_password(&password, &stored)).await
}

/// Hash a new password off the async runtime.
pub async fn hash_password_off_runtime(password: &str) -> Result<String> {
    let password = password.to_owned();
    off_runtime(move || hash_password(&password)).await?
}

/// Check a username and password. Three short steps, none holding a transaction open while the
/// password is hashed: read the throttle facts and the account; verify (off the runtime); record
/// the attempt. A failure is committed before the error is returned (so throttling counts it); on
/// success the last transaction stays open for the caller to start the session in.
async fn authenticate(db: &Db, username: &str, password: &str, client: &str, now: DateTime<Utc>) -> Result<(Tx, UserRow)> {
    use ff_domain::throttle::{Failures, WINDOW, wait_before_attempt};
    let username = username.trim().to_lowercase();
    let mut tx = db.begin().await?;
    let (pair, by_client) = ff_store::users::recent_failures(&mut tx, &username, client, now - WINDOW).await?;
    let known = ff_store::users::known_pair(&mut tx, &username, client).await?;
    let user = ff_store::users::find_by_username(&mut tx, &username).await?;
    let failures = |(count, last)| Failures { count, last };
    if let Some(wait) = wait_before_attempt(failures(pair), failures(by_client), known, now) {
        tx.commit().await?;
        return Err(ServiceError::Throttled { retry_after_secs: wait.num_seconds().max(1) as u64 });
    }
    // The attempt counts as a failure from now on: parallel guesses all see each other, and a
    // client that hangs up mid-check still leaves its attempt counted.
    let attempt = ff_store::users::start_login_attempt(&mut tx, &username, client, now).await?;
    tx.commit().await?;
    let ok = match &user {
        Some(u) => verify_password_off_runtime(password, &u.password_hash).await? && u.active,
        None => {
            // The same work for an unknown username: no probing for accounts by timing.
            let _ = off_runtime({
                let password = password.to_owned();
                move || verify_password(&password, dummy_hash())
            })
            .await?;
            false
        }
    };
    match user {
        Some(u) if ok => {
            let mut tx = db.begin().await?;
            ff_store::users::mark_login_succeeded(&mut tx, attempt).await?;
            Ok((tx, u))
        }
        _ => Err(ServiceError::Unauthenticated("The username or password is not right".into())),
    }
}

async fn audit_sign_in(tx: &mut Tx, actor: &Actor, now: DateTime<Utc>, how: &str) -> Result<()> {
    let ctx = Ctx { actor: actor.clone(), now };
    crate::audit(tx, &ctx, "sign_in", "user", Some(actor.user_id.to_string()), format!("signed in ({how})")).await
}

/// Sign in with a password and start a browser session. A failed attempt is recorded (and
/// committed) even though the sign-in is refused, so throttling counts it.
pub async fn sign_in(db: &Db, username: &str, password: &str, client: &str, now: DateTime<Utc>) -> Result<SignedIn> {
    let (mut tx, user) = authenticate(db, username, password, client, now).await?;
    let signed_in = start_session(&mut tx, &user, now, "browser session").await?;
    tx.commit().await?;
    Ok(signed_in)
}

/// A new browser session for `user`, audited as a sign-in `how`, in the caller's transaction.
async fn start_session(tx: &mut Tx, user: &UserRow, now: DateTime<Utc>, how: &str) -> Result<SignedIn> {
    let actor = actor_from(user)?;
    let secret = new_secret();
    let csrf_token = new_secret();
    let expires_at = now + SESSION_IDLE;
    ff_store::users::insert_session(
        tx,
        &SessionRow {
            token_hash: hash_secret(&secret),
            la_code: user.la_code.clone(),
            user_id: user.id,
            csrf_token: csrf_token.clone(),
            created_at: now,
            last_seen_at: now,
            expires_at,
            ended_at: None,
        },
    )
    .await?;
    audit_sign_in(tx, &actor, now, how).await?;
    Ok(SignedIn { secret, csrf_token, actor, expires_at })
}

/// Start a browser session for someone the council's identity provider has vouched for (OpenID
/// Connect). The provider checked who they are; here they need an active
/// account under that username. A password reset does not apply: the provider holds the password.
pub async fn sign_in_external(db: &Db, username: &str, client: &str, now: DateTime<Utc>) -> Result<SignedIn> {
    let username = username.trim().to_lowercase();
    let mut tx = db.begin().await?;
    let user = match ff_store::users::find_by_username(&mut tx, &username).await? {
        Some(u) if u.active => u,
        _ => {
            return Err(ServiceError::Unauthenticated(
                "The council's sign-in service knows you, but you have no open account in Families First. Ask your administrator.".into(),
            ));
        }
    };
    let attempt = ff_store::users::start_login_attempt(&mut tx, &username, client, now).await?;
    ff_store::users::mark_login_succeeded(&mut tx, attempt).await?;
    let signed_in = start_session(&mut tx, &user, now, "council identity provider").await?;
    tx.commit().await?;
    Ok(signed_in)
}

/// Sign in with a password and issue a bearer token for API clients.
pub async fn issue_api_token(db: &Db, username: &str, password: &str, client: &str, now: DateTime<Utc>) -> Result<SignedIn> {
    let (mut tx, user) = authenticate(db, username, password, client, now).await?;
    if user.must_change_password {
        // The sign-in attempt still counts as a success for throttling.
        tx.commit().await?;
        return Err(ServiceError::Unauthenticated(
            "Your password was reset: sign in to the website and choose a new password before using the API".into(),
        ));
    }
    let actor = actor_from(&user)?;
    let secret = new_secret();
    let expires_at = now + API_TOKEN_LIFETIME;
    ff_store::users::insert_token(
        &mut tx,
        &TokenRow {
            token_hash: hash_secret(&secret),
            la_code: user.la_code.clone(),
            user_id: user.id,
            created_at: now,
            expires_at,
            revoked_at: None,
        },
    )
    .await?;
    audit_sign_in(&mut tx, &actor, now, "API token").await?;
    tx.commit().await?;
    Ok(SignedIn { secret, csrf_token: String::new(), actor, expires_at })
}

/// A live session: who it is and the CSRF token its forms must carry.
pub struct Session {
    pub actor: Actor,
    pub csrf_token: String,
    pub token_hash: String,
    /// An administrator reset the password: every page leads to choosing a new one first.
    pub must_change_password: bool,
}

/// Resolve a session cookie. Expired, ended or unknown sessions resolve to nothing. The idle
/// expiry slides forward at most once a minute (to keep reads cheap).
pub async fn session(db: &Db, secret: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
    let token_hash = hash_secret(secret);
    let mut tx = db.begin().await?;
    let Some(s) = ff_store::users::find_session(&mut tx, &token_hash).await? else { return Ok(None) };
    if s.ended_at.is_some() || s.expires_at <= now || s.created_at + SESSION_ABSOLUTE <= now {
        return Ok(None);
    }
    let Some(user) = ff_store::users::get(&mut tx, &s.la_code, s.user_id).await? else { return Ok(None) };
    if !user.active {
        return Ok(None);
    }
    if now - s.last_seen_at > Duration::minutes(1) {
        ff_store::users::touch_session(&mut tx, &token_hash, now, now + SESSION_IDLE).await?;
        tx.commit().await?;
    }
    Ok(Some(Session { actor: actor_from(&user)?, csrf_token: s.csrf_token, token_hash, must_change_password: user.must_change_password }))
}

/// Resolve a bearer token.
pub async fn token_actor(db: &Db, secret: &str, now: DateTime<Utc>) -> Result<Option<Actor>> {
    let mut tx = db.begin().await?;
    let Some(t) = ff_store::users::find_token(&mut tx, &hash_secret(secret)).await? else { return Ok(None) };
    if t.revoked_at.is_some() || t.expires_at <= now {
        return Ok(None);
    }
    match ff_store::users::get(&mut tx, &t.la_code, t.user_id).await? {
        Some(u) if u.active => Ok(Some(actor_from(&u)?)),
        _ => Ok(None),
    }
}

pub async fn sign_out(db: &Db, session: &Session, now: DateTime<Utc>) -> Result<()> {
    let mut tx = db.begin().await?;
    ff_store::users::end_session(&mut tx, &session.token_hash, now).await?;
    let ctx = Ctx { actor: session.actor.clone(), now };
    crate::audit(&mut tx, &ctx, "sign_out", "user", Some(session.actor.user_id.to_string()), "signed out").await?;
    tx.commit().await?;
    Ok(())
}

/// A signed-in user chooses a new password (after an administrator's reset, or at any time):
/// the current password is checked, the new one must meet the rules, every other session and
/// every API token of the user ends.
pub async fn change_own_password(db: &Db, session: &Session, current: &str, new: &str, confirm: &str, now: DateTime<Utc>) -> Result<()> {
    let mut errors = ff_domain::ValidationErrors::new();
    if let Err(m) = check_new_password(new) {
        errors.add("new_password", m);
    } else if new != confirm {
        errors.add("confirm_password", "The two new passwords are not the same");
    }
    let la = session.actor.la_code.as_str().to_owned();
    let user = {
        let mut tx = db.begin().await?;
        ff_store::users::get(&mut tx, &la, session.actor.user_id).await?.ok_or(ServiceError::NotFound("user"))?
    };
    if !verify_password_off_runtime(current, &user.password_hash).await? {
        errors.add("current_password", "The current password is not right");
    } else if new == current {
        errors.add("new_password", "Choose a password different from the current one");
    }
    errors.into_result(())?;
    let hash = hash_password_off_runtime(new).await?;
    let mut tx = db.begin().await?;
    let mut row = user.clone();
    row.password_hash = hash;
    row.must_change_password = false;
    row.version = user.version + 1;
    row.updated_at = now;
    if !ff_store::users::update_user(&mut tx, &row, user.version).await? {
        return Err(ServiceError::Conflict {
            message: "The account changed while you were typing; try again".into(),
            current_version: user.version + 1,
        });
    }
    ff_store::users::end_all_sessions(&mut tx, &la, user.id, now).await?;
    // This session stays: it is the one the user just proved themselves in.
    ff_store::users::reopen_session(&mut tx, &session.token_hash).await?;
    let ctx = Ctx { actor: session.actor.clone(), now };
    crate::audit(
        &mut tx,
        &ctx,
        "change_password",
        "user",
        Some(user.id.to_string()),
        "password changed by its owner; other sessions ended",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn revoke_api_token(db: &Db, ctx: &Ctx, secret: &str) -> Result<()> {
    let mut tx = db.begin().await?;
    ff_store::users::revoke_token(&mut tx, &hash_secret(secret), ctx.now).await?;
    crate::audit(&mut tx, ctx, "revoke_token", "user", Some(ctx.actor.user_id.to_string()), "API token revoked").await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let a = new_secret();
        assert_ne!(a, new_secret());
        assert_eq!(hash_secret(&a).len(), 64);
        assert_ne!(hash_secret(&a), a);
    }
}
