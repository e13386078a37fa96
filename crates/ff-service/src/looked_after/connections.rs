//! Family finding and mentoring for children in care: a connection offered,
//! matched and, in time, ended (LA-10), kept with the child through every placement move. Rules:
//! `ff_domain::looked_after::connections`.

use chrono::NaiveDate;
use ff_domain::looked_after::connections::{ConnectionKind, check_offer, check_step};
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::looked_after::ConnectionRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{current, period_start};
use crate::{Ctx, Result, ServiceError, audit, field_err, stale};

const RECORD: &str = "care_connection";

/// A connection offered to the child.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ConnectionInput {
    /// family, mentor, befriender or independent_visitor.
    pub kind: String,
    /// Who: a name, and for a mentor the scheme.
    pub name: String,
    pub offered_on: NaiveDate,
}

/// The next step of a connection: matched, or ended (with a reason).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ConnectionStepInput {
    pub on: NaiveDate,
    /// Only when it ends: why.
    #[serde(default)]
    pub end_reason: Option<String>,
    /// The connection's version, as read.
    pub version: i32,
}

/// A connection as the child's care shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConnectionView {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub name: String,
    pub offered_on: NaiveDate,
    pub matched_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub version: i32,
}

pub(crate) fn views(rows: &[ConnectionRow]) -> Vec<ConnectionView> {
    rows.iter()
        .rev()
        .map(|c| ConnectionView {
            id: c.id,
            kind_label: c.kind.label().to_owned(),
            kind: c.kind.code().to_owned(),
            name: c.name.clone(),
            offered_on: c.offered_on,
            matched_on: c.matched_on,
            ended_on: c.ended_on,
            end_reason: c.end_reason.clone(),
            version: c.version,
        })
        .collect()
}

/// Offer the child a connection (LA-10).
pub async fn offer(db: &Db, ctx: &Ctx, child: Uuid, input: &ConnectionInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let kind = ConnectionKind::from_code(input.kind.trim()).ok_or_else(|| field_err("kind", "Choose who the connection is with"))?;
    let name = input.name.trim().to_owned();
    if let Some(problem) = ff_domain::text::name_problem(&name) {
        return Err(field_err("name", problem));
    }
    if name.is_empty() || name.chars().count() > 200 {
        return Err(field_err("name", "Enter who it is (200 characters or fewer)"));
    }
    let episodes = ff_store::looked_after::of_child(&mut tx, ctx.la(), child).await?;
    let since = current(&episodes).and_then(|c| period_start(&episodes, c.period_id));
    check_offer(input.offered_on, since, ctx.today())?;
    let row = ConnectionRow {
        id: ctx.new_id(),
        child_id: child,
        kind,
        name,
        offered_on: input.offered_on,
        matched_on: None,
        ended_on: None,
        end_reason: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::insert_connection(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), RECORD, row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", RECORD, Some(row.id.to_string()), format!("{} offered", kind.label())).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The connection is matched (`end` false) or ends (`end` true, with a reason), at its version.
pub async fn step(db: &Db, ctx: &Ctx, id: Uuid, end: bool, input: &ConnectionStepInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    let c = ff_store::looked_after::get_connection(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("connection"))?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, c.child_id).await?;
    if c.version != input.version || c.ended_on.is_some() || (!end && c.matched_on.is_some()) {
        return Err(stale("connection", c.version));
    }
    let reason = input.end_reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    if end && reason.is_none() {
        return Err(field_err("end_reason", "Say why the connection ended"));
    }
    check_step(input.on, c.matched_on.unwrap_or(c.offered_on), ctx.today())?;
    let next = if end {
        ConnectionRow { ended_on: Some(input.on), end_reason: reason, version: c.version + 1, ..c.clone() }
    } else {
        ConnectionRow { matched_on: Some(input.on), version: c.version + 1, ..c.clone() }
    };
    crate::versioned::save(&mut tx, ctx, c.version, next, "update", if end { "connection ended" } else { "connection matched" }).await?;
    tx.commit().await?;
    Ok(())
}

crate::versioned::aggregate!(ConnectionRow, RECORD, "connection", |c, tx, la, read| ff_store::looked_after::step_connection(
    tx, la, c, read
));
