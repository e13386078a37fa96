//! Unaccompanied asylum-seeking children (903 UASC): the child's status recorded
//! by their social work (LA-9), shown with their care and sent in the 903 return. Rules:
//! `ff_domain::looked_after::uasc`.

use chrono::NaiveDate;
use ff_domain::looked_after::uasc::check_uasc;
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::looked_after::UascRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit};

/// When the child was known as unaccompanied and seeking asylum, and when that ceased.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UascInput {
    pub since: NaiveDate,
    /// Usually the 18th birthday, or a grant of leave; none while the status continues.
    #[serde(default)]
    pub ceased: Option<NaiveDate>,
}

/// The child's status as their care shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UascView {
    pub since: NaiveDate,
    pub ceased: Option<NaiveDate>,
}

/// The status that stands: the latest record.
pub(crate) fn view(rows: &[UascRow]) -> Option<UascView> {
    rows.last().map(|u| UascView { since: u.since, ceased: u.ceased })
}

/// Record (or correct) the child's status (LA-9); the earlier record is kept.
pub async fn record(db: &Db, ctx: &Ctx, child: Uuid, input: &UascInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    let person = ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    check_uasc(input.since, input.ceased, person.date_of_birth, ctx.today())?;
    let row = UascRow {
        id: ctx.new_id(),
        child_id: child,
        since: input.since,
        ceased: input.ceased,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::insert_uasc(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "care_uasc", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "care_uasc", Some(row.id.to_string()), "unaccompanied asylum-seeking status recorded").await?;
    tx.commit().await?;
    Ok(())
}
