//! One save for every aggregate (docs/decisions/0013): the row written at the version the user
//! read (409 when someone else saved first), its new version kept whole in `record_versions`, and
//! one audit event. An aggregate's write paths go through `save`, so none can skip the version
//! check, the kept version or the audit event.

use std::future::Future;

use ff_store::Tx;
use serde::Serialize;
use uuid::Uuid;

use crate::{Ctx, Result, audit, stale};

/// A row that is saved whole at a version: one aggregate.
pub(crate) trait Aggregate: Serialize + Send + Sync {
    /// The record type in the audit log and in `record_versions` ("episode").
    const RECORD: &'static str;
    /// The record in plain words, for the 409 ("child protection plan").
    const NAME: &'static str;
    fn id(&self) -> Uuid;
    fn version(&self) -> i32;
    fn set_version(&mut self, version: i32);
    /// The store's conditional update: writes this row only where it is still at `read_version`;
    /// false when it wrote nothing.
    fn update(&self, tx: &mut Tx, la: &str, read_version: i32) -> impl Future<Output = ff_store::Result<bool>> + Send;
}

/// Saves `next`, the state after one user action on a row read at `read_version`: the row at
/// version `read_version + 1`, that version kept in `record_versions`, and one audit event with
/// `action` and `summary` (which names the kind of event only, never personal data). Returns the
/// row as saved, at its new version.
pub(crate) async fn save<A: Aggregate>(
    tx: &mut Tx,
    ctx: &Ctx,
    read_version: i32,
    next: A,
    action: &str,
    summary: impl Into<String>,
) -> Result<A> {
    let saved = write(tx, ctx, read_version, next).await?;
    audit(tx, ctx, action, A::RECORD, Some(saved.id().to_string()), summary).await?;
    Ok(saved)
}

/// Saves `next` like `save` but without an audit event of its own: only for a change that is part
/// of another record's action, whose one audit event already tells it (a review conference that
/// continues the plan).
pub(crate) async fn save_within<A: Aggregate>(tx: &mut Tx, ctx: &Ctx, read_version: i32, next: A) -> Result<A> {
    write(tx, ctx, read_version, next).await
}

async fn write<A: Aggregate>(tx: &mut Tx, ctx: &Ctx, read_version: i32, mut next: A) -> Result<A> {
    next.set_version(read_version + 1);
    if !next.update(tx, ctx.la(), read_version).await? {
        return Err(stale(A::NAME, read_version + 1));
    }
    ff_store::versions::record_version(tx, ctx.la(), A::RECORD, next.id(), next.version(), &next, Some(ctx.actor.user_id), ctx.now).await?;
    Ok(next)
}

/// Implements `Aggregate` for a store row with `id` and `version` fields:
/// `aggregate!(Row, "record_type", "plain words", |row, tx, la, read| store_update(...))`.
macro_rules! aggregate {
    ($row:ty, $record:expr, $name:expr, |$r:ident, $tx:ident, $la:ident, $read:ident| $update:expr) => {
        impl $crate::versioned::Aggregate for $row {
            const RECORD: &'static str = $record;
            const NAME: &'static str = $name;
            fn id(&self) -> uuid::Uuid {
                self.id
            }
            fn version(&self) -> i32 {
                self.version
            }
            fn set_version(&mut self, version: i32) {
                self.version = version;
            }
            async fn update(&self, $tx: &mut ff_store::Tx, $la: &str, $read: i32) -> ff_store::Result<bool> {
                let $r = self;
                $update.await
            }
        }
    };
}
pub(crate) use aggregate;
