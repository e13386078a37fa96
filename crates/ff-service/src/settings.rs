//! LA settings: typed, versioned, edited by the LA administrator.

use chrono::{DateTime, Utc};
use ff_domain::policy::Action;
use ff_domain::settings::LaSettings;
use ff_store::{Db, StoreError};
use serde::Serialize;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit};

#[derive(Debug, Clone, Serialize)]
pub struct CurrentSettings {
    pub la_code: String,
    pub version: i32,
    pub settings: LaSettings,
    pub changed_at: DateTime<Utc>,
    pub changed_by: Option<Uuid>,
}

/// Read the council's current settings. Every signed-in role may (the header needs the name).
pub async fn current(db: &Db, ctx: &Ctx) -> Result<CurrentSettings> {
    ctx.authorise(Action::ViewSettings)?;
    current_for_la(db, ctx.la()).await
}

/// Settings by LA code, for places that run before anyone is signed in (the sign-in page header).
pub async fn current_for_la(db: &Db, la: &str) -> Result<CurrentSettings> {
    let mut tx = db.begin().await?;
    let v = ff_store::settings::current(&mut tx, la).await?.ok_or(ServiceError::NotFound("LA settings"))?;
    Ok(CurrentSettings {
        la_code: la.to_owned(),
        version: v.version,
        settings: v.settings,
        changed_at: v.changed_at,
        changed_by: v.changed_by,
    })
}

/// Save a new version of the settings if `expected_version` is still current.
pub async fn update(db: &Db, ctx: &Ctx, new: &LaSettings, expected_version: i32) -> Result<CurrentSettings> {
    ctx.authorise(Action::EditSettings)?;
    let mut tx = db.begin().await?;
    let cur = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?;
    // CR-2: a council that says it is in London or the South East has that area's published
    // national minimum in place of the old area's (rows it entered itself are kept).
    let moved;
    let new = if new.carers.area == cur.settings.carers.area {
        new
    } else {
        let mut carers = new.carers.clone();
        let area = carers.area;
        carers.area = cur.settings.carers.area;
        moved = LaSettings { carers: carers.in_area(area), ..new.clone() };
        &moved
    };
    new.validate()?;
    let stale = || ServiceError::Conflict {
        message: format!(
            "The settings were changed by someone else after you opened them (now version {}). Nothing was saved: review the current settings and make your change again.",
            cur.version
        ),
        current_version: cur.version,
    };
    if cur.version != expected_version {
        return Err(stale());
    }
    // Saving what is already there changes nothing: no new version, nothing to audit.
    if cur.settings == *new {
        return Ok(CurrentSettings {
            la_code: ctx.la().to_owned(),
            version: cur.version,
            settings: cur.settings,
            changed_at: cur.changed_at,
            changed_by: cur.changed_by,
        });
    }
    let version = expected_version + 1;
    match ff_store::settings::insert(&mut tx, ctx.la(), version, new, Some(ctx.actor.user_id), ctx.now).await {
        Err(StoreError::Unique(_)) => return Err(stale()),
        other => other?,
    }
    let changed: Vec<&str> = changed_fields(&cur.settings, new);
    audit(
        &mut tx,
        ctx,
        "update",
        "la_settings",
        Some(ctx.la().to_owned()),
        format!("settings version {version}: changed {}", changed.join(", ")),
    )
    .await?;
    tx.commit().await?;
    Ok(CurrentSettings {
        la_code: ctx.la().to_owned(),
        version,
        settings: new.clone(),
        changed_at: ctx.now,
        changed_by: Some(ctx.actor.user_id),
    })
}

fn changed_fields(a: &LaSettings, b: &LaSettings) -> Vec<&'static str> {
    let mut out = vec![];
    if a.name != b.name {
        out.push("name");
    }
    if a.brand_colour != b.brand_colour {
        out.push("brand_colour");
    }
    if a.child_population != b.child_population {
        out.push("child_population");
    }
    if a.day_counting != b.day_counting {
        out.push("day_counting");
    }
    if a.caseload_caps != b.caseload_caps {
        out.push("caseload_caps");
    }
    if a.carers != b.carers {
        out.push("carers");
    }
    if out.is_empty() {
        out.push("nothing");
    }
    out
}

/// Every version, newest first.
pub async fn history(db: &Db, ctx: &Ctx) -> Result<Vec<CurrentSettings>> {
    ctx.authorise(Action::ViewSettings)?;
    let mut tx = db.begin().await?;
    let rows = ff_store::settings::history(&mut tx, ctx.la()).await?;
    Ok(rows
        .into_iter()
        .map(|v| CurrentSettings {
            la_code: ctx.la().to_owned(),
            version: v.version,
            settings: v.settings,
            changed_at: v.changed_at,
            changed_by: v.changed_by,
        })
        .collect())
}
