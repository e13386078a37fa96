//! Audit trail checks.

use ff_domain::audit::ChainCheck;
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::audit::AuditListRow;
use uuid::Uuid;

use crate::{Ctx, Result};

/// Verify every council's chain. The command line runs this directly (it has database access);
/// through the web only an LA administrator may. Events still waiting for the background sealer
/// are sealed first (what the sealer would do within a second), so the whole log is checked.
pub async fn verify(db: &Db) -> Result<Vec<ChainCheck>> {
    ff_store::audit::seal_pending(db, 10_000).await?;
    Ok(ff_store::audit::verify_all(db).await?)
}

pub async fn verify_as(db: &Db, ctx: &Ctx) -> Result<Vec<ChainCheck>> {
    ctx.authorise(Action::VerifyAudit)?;
    let all = verify(db).await?;
    Ok(all
        .into_iter()
        .filter(|c| match c {
            ChainCheck::Intact { la_code, .. } | ChainCheck::Broken { la_code, .. } => la_code == ctx.la(),
        })
        .collect())
}

/// Who has done what to one person's record (for the record page's "history of access").
pub async fn for_person(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Vec<AuditListRow>> {
    ctx.authorise(Action::ViewPerson)?;
    let mut tx = db.begin().await?;
    Ok(ff_store::audit::events_for_record(&mut tx, ctx.la(), "person", &id.to_string(), 50).await?)
}

/// A refused attempt on a record: the actor, what they tried (method and path, never the query
/// string, which can hold a searched name) and the record's type and id. Written in its own
/// transaction, because the refused request's transaction changed nothing and is rolled back.
/// The record's access log shows it to those allowed to see the record.
pub async fn record_refusal(db: &Db, ctx: &Ctx, record_type: &str, record_id: Option<Uuid>, attempt: &str, status: u16) -> Result<()> {
    let mut tx = db.begin().await?;
    let outcome = if status == 404 { "refused (not found)" } else { "refused (not allowed)" };
    crate::audit(&mut tx, ctx, "refused", record_type, record_id.map(|id| id.to_string()), format!("{outcome}: {attempt}")).await?;
    tx.commit().await?;
    Ok(())
}
