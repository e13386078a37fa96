//! Deprivation of liberty orders for a child in care (the 903 DoLo table from 2026-27): an order
//! recorded when it is made, and its end when it comes. Rules: `ff_domain::looked_after::dolo`
//! (LA-12).

use chrono::NaiveDate;
use ff_domain::looked_after::dolo::{Order, Stay, check_order};
use ff_domain::policy::Action;
use ff_store::looked_after::{CareEpisodeRow, DoloRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::current;
use crate::{Ctx, Result, ServiceError, audit, stale};

const RECORD: &str = "care_dolo";

/// An order made for the child: when it started and, if it has already, when it ended.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DoloInput {
    pub started_on: NaiveDate,
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
}

/// The order `id` has ended.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DoloEndInput {
    pub ended_on: NaiveDate,
    /// The order's version, as read.
    pub version: i32,
}

/// An order as the child's care shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoloView {
    pub id: Uuid,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// In force today.
    pub in_force: bool,
    pub version: i32,
}

pub(crate) fn views(rows: &[DoloRow]) -> Vec<DoloView> {
    rows.iter()
        .rev()
        .map(|o| DoloView { id: o.id, started_on: o.started_on, ended_on: o.ended_on, in_force: o.ended_on.is_none(), version: o.version })
        .collect()
}

fn stays(episodes: &[CareEpisodeRow]) -> Vec<Stay> {
    episodes.iter().map(|e| Stay { start: e.start_date, end: e.end_date, placement: e.placement_type }).collect()
}

fn order_of(o: &DoloRow) -> Order {
    Order { start: o.started_on, end: o.ended_on }
}

crate::versioned::aggregate!(DoloRow, RECORD, "deprivation of liberty order", |o, tx, la, read| {
    ff_store::looked_after::update_dolo(tx, la, o, read)
});

/// The child's orders as the rules see them, for a move or the end of care (LA-12).
pub(crate) async fn orders_of(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<Vec<Order>> {
    Ok(ff_store::looked_after::dolo_of_child(tx, ctx.la(), child).await?.iter().map(order_of).collect())
}

/// The child's date of birth, episodes of care and orders, for the rules.
async fn facts(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<(Option<NaiveDate>, Vec<CareEpisodeRow>, Vec<DoloRow>)> {
    let person = ff_store::people::get_person(tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let episodes = ff_store::looked_after::of_child(tx, ctx.la(), child).await?;
    let orders = ff_store::looked_after::dolo_of_child(tx, ctx.la(), child).await?;
    Ok((person.date_of_birth, episodes, orders))
}

/// Record a deprivation of liberty order made for a child in care (LA-12).
pub async fn record(db: &Db, ctx: &Ctx, child: Uuid, input: &DoloInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    let (dob, episodes, orders) = facts(&mut tx, ctx, child).await?;
    let order = Order { start: input.started_on, end: input.ended_on };
    let others: Vec<Order> = orders.iter().map(order_of).collect();
    check_order(order, dob, &others, &stays(&episodes), ctx.today())?;
    // The period of care the order falls in: the episode it starts in.
    let period = episodes
        .iter()
        .rev()
        .find(|e| e.start_date <= input.started_on)
        .or_else(|| current(&episodes))
        .map(|e| e.period_id)
        .ok_or(ServiceError::NotFound("episode of care"))?;
    let row = DoloRow {
        id: ctx.new_id(),
        child_id: child,
        period_id: period,
        started_on: input.started_on,
        ended_on: input.ended_on,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::insert_dolo(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), RECORD, row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", RECORD, Some(row.id.to_string()), "deprivation of liberty order recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Record that the order `id` has ended, at the version read (409 if it changed or had ended).
pub async fn end(db: &Db, ctx: &Ctx, id: Uuid, input: &DoloEndInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    let o = ff_store::looked_after::get_dolo(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("deprivation of liberty order"))?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, o.child_id).await?;
    if o.version != input.version || o.ended_on.is_some() {
        return Err(stale("deprivation of liberty order", o.version));
    }
    let (dob, episodes, orders) = facts(&mut tx, ctx, o.child_id).await?;
    let others: Vec<Order> = orders.iter().filter(|x| x.id != o.id).map(order_of).collect();
    let ended = DoloRow { ended_on: Some(input.ended_on), ..o.clone() };
    check_order(order_of(&ended), dob, &others, &stays(&episodes), ctx.today())?;
    crate::versioned::save(&mut tx, ctx, o.version, ended, "update", "deprivation of liberty order ended").await?;
    tx.commit().await?;
    Ok(())
}
