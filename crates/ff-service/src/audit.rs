//! Audit trail checks (issue 2 item 5).

use ff_domain::audit::ChainCheck;
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::audit::AuditListRow;
use uuid::Uuid;

use crate::{Ctx, Result};

/// Verify every council's chain. The command line runs this directly (it has database access);
/// through the web only an LA administrator may.
pub async fn verify(db: &Db) -> Result<Vec<ChainCheck>> {
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
