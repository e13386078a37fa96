//! The region's agency price caps (W-AG-1): seen by those who see the workforce, added one at a
//! time or loaded as the region's table by workforce officers. The caps are kept in the council's
//! settings (`workforce.rate_caps`), so every change is a new settings version, audited in the
//! same transaction, and the assignment checks read them as before.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::policy::Action;
use ff_domain::settings::LaSettings;
use ff_domain::workforce::caps::{self as caps_rule, CapStanding};
use ff_domain::workforce::{RateCap, RoleType};
use ff_store::{Db, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Ctx, Result, ServiceError, audit};

/// A role type's cap today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapToday {
    pub role_type: String,
    pub role_label: String,
    /// Pence an hour; none when no cap for the role has started.
    pub hourly_pence: Option<u32>,
    pub hourly: String,
    pub from: Option<NaiveDate>,
}

/// A cap the council has loaded, with where it stands today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapLine {
    pub role_type: String,
    pub role_label: String,
    pub from: NaiveDate,
    pub hourly_pence: u32,
    pub hourly: String,
    /// in_force, replaced or future.
    pub standing: String,
    pub standing_label: String,
}

/// The region's caps: in force today for each role type, and every cap with its date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapsView {
    /// The council's region (its settings), empty when not set.
    pub region: String,
    pub today: NaiveDate,
    /// The settings version the caps were read at: send it back to change them.
    pub version: i32,
    pub in_force: Vec<CapToday>,
    /// By role type, then date.
    pub history: Vec<CapLine>,
}

/// A cap for a role type from a date, at the settings version read (409 if changed since).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CapInput {
    /// SW, SSW, AP, TM or IRO_CPC.
    pub role_type: String,
    pub from: NaiveDate,
    /// The most an hour, in pence (pay, employer's National Insurance, holiday pay and levy).
    pub hourly_pence: u32,
    pub version: i32,
}

/// The region's table as CSV (`role_type,from,hourly_pounds`, at most 64 KB), at the settings
/// version read. All or nothing: one bad line and no cap is taken.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CapsUpload {
    pub csv: String,
    pub version: i32,
}

/// What a change did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapsSaved {
    /// The settings version now.
    pub version: i32,
    /// Caps added or corrected (0 when everything sent was already held).
    pub changed: usize,
}

fn money(p: u32) -> String {
    ff_domain::support_packages::pounds(i64::from(p))
}

fn view(s: &LaSettings, version: i32, today: NaiveDate) -> CapsView {
    let caps = &s.workforce.rate_caps;
    let in_force = RoleType::ALL
        .iter()
        .map(|r| {
            let now = caps.iter().filter(|c| c.role_type == r.code() && c.from <= today).max_by_key(|c| c.from);
            CapToday {
                role_type: r.code().into(),
                role_label: r.label().into(),
                hourly_pence: now.map(|c| c.hourly_pence),
                hourly: now.map_or("–".into(), |c| money(c.hourly_pence)),
                from: now.map(|c| c.from),
            }
        })
        .collect();
    let (sorted, _) = caps_rule::merge_caps(caps, &[]);
    let history = sorted
        .iter()
        .map(|c| {
            let st = caps_rule::standing(caps, c, today);
            CapLine {
                role_type: c.role_type.clone(),
                role_label: RoleType::from_code(&c.role_type).map_or(c.role_type.clone(), |r| r.label().to_owned()),
                from: c.from,
                hourly_pence: c.hourly_pence,
                hourly: money(c.hourly_pence),
                standing: match st {
                    CapStanding::InForce => "in_force",
                    CapStanding::Replaced => "replaced",
                    CapStanding::Future => "future",
                }
                .into(),
                standing_label: st.label().into(),
            }
        })
        .collect();
    CapsView { region: s.workforce.region.clone(), today, version, in_force, history }
}

/// The region's caps today and their history. Audited as a view.
pub async fn caps(db: &Db, ctx: &Ctx) -> Result<CapsView> {
    ctx.authorise(Action::ViewWorkforce)?;
    let mut tx = db.begin().await?;
    let cur = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?;
    audit(&mut tx, ctx, "view", "rate_caps", None, "price caps viewed").await?;
    tx.commit().await?;
    Ok(view(&cur.settings, cur.version, ctx.today()))
}

/// Adds `new` to the caps at settings version `expected`: a new settings version, audited, in one
/// transaction. A stale version is 409; nothing new is no new version.
async fn save(db: &Db, ctx: &Ctx, new: &[RateCap], expected: i32, what: &str) -> Result<CapsSaved> {
    let mut tx = db.begin().await?;
    let cur = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?;
    let stale = || ServiceError::Conflict {
        message: format!(
            "The council's settings, which hold the caps, were changed by someone else after you opened this page (now version {}). Nothing was saved: look at the caps again and make your change again.",
            cur.version
        ),
        current_version: cur.version,
    };
    if cur.version != expected {
        return Err(stale());
    }
    let (rate_caps, changed) = caps_rule::merge_caps(&cur.settings.workforce.rate_caps, new);
    if changed == 0 {
        return Ok(CapsSaved { version: cur.version, changed });
    }
    let mut next = cur.settings.clone();
    next.workforce.rate_caps = rate_caps;
    next.validate()?;
    let version = cur.version + 1;
    match ff_store::settings::insert(&mut tx, ctx.la(), version, &next, Some(ctx.actor.user_id), ctx.now).await {
        Err(StoreError::Unique(_)) => return Err(stale()),
        other => other?,
    }
    let summary = format!("settings version {version}: {what}, {changed} cap(s) added or corrected");
    audit(&mut tx, ctx, "update", "rate_caps", Some(ctx.la().to_owned()), summary).await?;
    tx.commit().await?;
    Ok(CapsSaved { version, changed })
}

/// Adds a cap for a role type from a date (W-AG-1); a cap for the same role and date replaces
/// the one held (the settings' earlier version keeps it). Every mistake at once (422).
pub async fn add_cap(db: &Db, ctx: &Ctx, input: &CapInput) -> Result<CapsSaved> {
    ctx.authorise(Action::ManageWorkforce)?;
    let problems = caps_rule::check_cap(&input.role_type, Some(input.from), Some(input.hourly_pence), ctx.today());
    let mut errors = ValidationErrors::new();
    for (field, m) in problems {
        errors.add(if field == "hourly" { "hourly_pence" } else { field }, m);
    }
    errors.into_result(())?;
    let role = caps_rule::role_of(&input.role_type).ok_or_else(|| ServiceError::Internal("parsed role missing".into()))?;
    let cap = RateCap { role_type: role.code().into(), from: input.from, hourly_pence: input.hourly_pence };
    save(db, ctx, &[cap], input.version, "a price cap added").await
}

/// Loads the region's table (CSV, `role_type,from,hourly_pounds`): all of it, or nothing with
/// each bad line named (422 on `file`).
pub async fn load_caps(db: &Db, ctx: &Ctx, input: &CapsUpload) -> Result<CapsSaved> {
    ctx.authorise(Action::ManageWorkforce)?;
    let caps = caps_rule::parse_caps_csv(&input.csv, ctx.today()).map_err(|lines| {
        let mut errors = ValidationErrors::new();
        for l in lines {
            errors.add("file", l);
        }
        ServiceError::Validation(errors)
    })?;
    save(db, ctx, &caps, input.version, "the region's price caps loaded").await
}

/// The settings version the caps are at, for a form to send back (not a view of the caps).
pub async fn caps_version(db: &Db, ctx: &Ctx) -> Result<i32> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut tx = db.begin().await?;
    let cur = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?;
    tx.commit().await?;
    Ok(cur.version)
}
