//! Use cases: one function per user action. Each one authorises the actor (domain policy),
//! applies the domain rule, stores the result and appends an audit event, all in one
//! transaction. HTML pages and the JSON API call the same functions, so they cannot drift apart.

use chrono::{DateTime, Utc};
use ff_domain::policy::{Action, Actor, authorise, authorise_on_child};
use ff_store::Tx;
use ff_store::audit::NewAuditEvent;

pub mod assessments;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod carers;
pub mod case_notes;
pub mod child_protection;
mod child_record;
pub mod chronology;
pub mod conferences;
pub mod documents;
mod error;
pub mod escalations;
pub mod family_help;
pub mod family_networks;
pub mod forecasts;
pub mod home_search;
pub mod insight;
pub mod letters;
pub mod looked_after;
pub mod macpt;
pub mod meeting_record;
pub mod outside_home;
pub mod partnership;
pub mod people;
pub mod plan_record;
pub mod postcodes;
pub mod professionals;
pub mod providers;
pub mod regions;
pub mod returns;
pub mod settings;
pub mod sharing;
pub mod sufficiency;
pub mod support_packages;
pub mod users;
mod versioned;
pub mod workforce;
pub mod written;

pub use error::ServiceError;
pub use ff_store::Db;

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// A new record's id: UUID version 7, ordered by creation. The one place the services make an id
/// (clippy.toml forbids `Uuid::now_v7` elsewhere); its time part is only an ordering aid, never a
/// business date, which always comes from the context's `now`.
#[allow(clippy::disallowed_methods)]
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

/// Who is acting, and when. `now` comes from the binary's clock (or a test's fixed clock): no
/// service reads the clock itself.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub now: DateTime<Utc>,
}

impl Ctx {
    pub fn la(&self) -> &str {
        self.actor.la_code.as_str()
    }

    pub fn today(&self) -> chrono::NaiveDate {
        Self::london_today(self.now)
    }

    /// A new record's id (see [`new_id`]).
    pub fn new_id(&self) -> uuid::Uuid {
        new_id()
    }

    /// The date in England at `now`.
    pub fn london_today(now: DateTime<Utc>) -> chrono::NaiveDate {
        ff_domain::calendar::london_date(now)
    }

    /// Deny by default: the policy module decides.
    pub fn authorise(&self, action: Action) -> Result<()> {
        authorise(&self.actor, action, None).map_err(ServiceError::Denied)
    }

    /// Decide an action on one child's record: by role for council staff; for a partner agency's
    /// user, only when a multi-agency team they belong to works the child's case.
    pub async fn authorise_child(&self, tx: &mut Tx, action: Action, child: uuid::Uuid) -> Result<()> {
        // A personal adviser reaches only the young people allocated to them (T33, T34).
        if self.actor.role == ff_domain::roles::Role::PersonalAdviser {
            let supports = ff_store::looked_after::leaving::adviser_supports(tx, self.la(), self.actor.user_id, child).await?;
            return ff_domain::policy::authorise_adviser(&self.actor, action, supports).map_err(ServiceError::Denied);
        }
        let on_team = self.actor.role == ff_domain::roles::Role::PartnerAgency
            && ff_store::cp_plans::member_team_works_case(tx, self.la(), self.actor.user_id, child).await?;
        authorise_on_child(&self.actor, action, None, on_team).map_err(ServiceError::Denied)
    }
}

/// Append an audit event for this actor in the caller's transaction. `summary` must not contain
/// personal data (names, dates of birth, addresses, notes): it names the kind of event only.
pub(crate) async fn audit(
    tx: &mut Tx,
    ctx: &Ctx,
    action: &str,
    record_type: &str,
    record_id: Option<String>,
    summary: impl Into<String>,
) -> Result<()> {
    ff_store::audit::append(
        tx,
        ctx.now,
        NewAuditEvent {
            la_code: ctx.la(),
            actor_id: Some(ctx.actor.user_id),
            actor_role: ctx.actor.role.code(),
            action,
            record_type,
            record_id,
            summary: summary.into(),
        },
    )
    .await?;
    Ok(())
}

/// A 422 with one field's message.
/// A spreadsheet cell: quoted, and a leading `=`, `+`, `-` or `@` made inert so that no formula
/// typed into a record (or an uploaded file) runs when the file is opened.
pub(crate) fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

pub(crate) fn field_err(field: &str, msg: impl Into<String>) -> ServiceError {
    ServiceError::Validation(ff_domain::ValidationErrors::single(field, msg))
}

/// The council's current settings and its working calendar (bank holidays), read together.
pub(crate) async fn settings_and_calendar(
    tx: &mut Tx,
    la: &str,
) -> Result<(ff_domain::settings::LaSettings, ff_domain::calendar::WorkingCalendar)> {
    let s = ff_store::settings::current(tx, la).await?.ok_or(ServiceError::NotFound("LA settings"))?.settings;
    let holidays = ff_store::calendar::list(tx).await?;
    Ok((s, ff_domain::calendar::WorkingCalendar::new(holidays.into_iter().map(|h| h.holiday_date))))
}

/// A 409 for an edit made on a version someone else has since changed.
pub(crate) fn stale(what: &str, current: i32) -> ServiceError {
    ServiceError::Conflict {
        message: format!(
            "Someone else changed this {what} after you opened it (it is now version {current}). Nothing was saved: look at the current record and try again."
        ),
        current_version: current,
    }
}

/// A code from a list, parsed once at the boundary: the domain's enum, or `message` on `field`.
pub(crate) fn parse_code<T>(
    field: &str,
    value: &str,
    from: fn(&str) -> Option<T>,
    message: &str,
    errors: &mut ff_domain::ValidationErrors,
) -> Option<T> {
    let v = from(value.trim());
    if v.is_none() {
        errors.add(field, message);
    }
    v
}

/// A value a draft parsed without error (its errors were returned first); never missing.
pub(crate) fn parsed<T>(v: Option<T>) -> Result<T> {
    v.ok_or_else(|| ServiceError::Internal("parsed input missing".into()))
}

/// Optional text as typed, trimmed; blank is none.
pub(crate) fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// An active account of the actor's council, or a 422 on `field`.
pub(crate) async fn user(tx: &mut Tx, ctx: &Ctx, id: uuid::Uuid, field: &str) -> Result<ff_store::users::UserRow> {
    match ff_store::users::get(tx, ctx.la(), id).await? {
        Some(u) if u.active => Ok(u),
        _ => Err(field_err(field, "Choose an active practitioner of this council")),
    }
}
