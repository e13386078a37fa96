//! A child in care's outcomes for a year to 31 March (903 OC2): recorded by the child's
//! social work, checked against the child's age (LA-8), shown with the child's care, and read by
//! the 903 export. Rules: `ff_domain::looked_after::outcomes`.

use chrono::NaiveDate;
use ff_domain::looked_after::outcomes::{Outcomes, SdqReason, check_outcomes, year_ending};
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::looked_after::OutcomesRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, field_err};

/// The outcomes for the year to 31 March that contains `as_at`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OutcomesInput {
    /// Any day in the year to 31 March the outcomes are for (usually today).
    pub as_at: NaiveDate,
    /// Strengths and difficulties questionnaire score, 0 to 40 (children aged 4 to 16).
    #[serde(default)]
    pub sdq_score: Option<u8>,
    /// Or why there is none: SDQ1 to SDQ5.
    #[serde(default)]
    pub sdq_reason: Option<String>,
    /// Convicted, warned or reprimanded in the year (children aged 10 and over).
    #[serde(default)]
    pub convicted: Option<bool>,
    pub immunisations: bool,
    pub teeth_check: bool,
    pub substance_misuse: bool,
    #[serde(default)]
    pub intervention_received: Option<bool>,
    #[serde(default)]
    pub intervention_offered: Option<bool>,
}

/// A year's outcomes as the child's page shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutcomesView {
    pub year_ending: NaiveDate,
    pub sdq_score: Option<i32>,
    pub sdq_reason: Option<String>,
    pub sdq_reason_label: Option<String>,
    pub convicted: Option<bool>,
    pub immunisations: bool,
    pub teeth_check: bool,
    pub substance_misuse: bool,
    pub intervention_received: Option<bool>,
    pub intervention_offered: Option<bool>,
}

/// The latest record for each year, newest year first.
pub(crate) fn views(rows: &[OutcomesRow]) -> Vec<OutcomesView> {
    let mut out: Vec<OutcomesView> = vec![];
    for r in rows.iter().rev() {
        if out.iter().any(|o| o.year_ending == r.year_ending) {
            continue;
        }
        out.push(OutcomesView {
            year_ending: r.year_ending,
            sdq_score: r.sdq_score,
            sdq_reason_label: r.sdq_reason.map(|c| c.label().to_owned()),
            sdq_reason: r.sdq_reason.map(|c| c.code().to_owned()),
            convicted: r.convicted,
            immunisations: r.immunisations,
            teeth_check: r.teeth_check,
            substance_misuse: r.substance_misuse,
            intervention_received: r.intervention_received,
            intervention_offered: r.intervention_offered,
        });
    }
    out.sort_by_key(|o| std::cmp::Reverse(o.year_ending));
    out
}

/// Record the child's outcomes for a year (LA-8). A later record for the same year supersedes
/// the earlier one, which is kept.
pub async fn record(db: &Db, ctx: &Ctx, child: Uuid, input: &OutcomesInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    let person = ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    if input.as_at > ctx.today() {
        return Err(field_err("as_at", "The date cannot be in the future"));
    }
    let sdq_reason = match input.sdq_reason.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(SdqReason::from_code(code).ok_or_else(|| field_err("sdq_reason", "Choose why there is no score"))?),
    };
    let o = Outcomes {
        sdq_score: input.sdq_score,
        sdq_reason,
        convicted: input.convicted,
        immunisations: input.immunisations,
        teeth_check: input.teeth_check,
        substance_misuse: input.substance_misuse,
        intervention_received: input.intervention_received,
        intervention_offered: input.intervention_offered,
    };
    let end = year_ending(input.as_at);
    let start = NaiveDate::from_ymd_opt(chrono::Datelike::year(&end) - 1, 4, 1).unwrap_or(end);
    let age = |on| ff_domain::people::age(person.date_of_birth, on);
    check_outcomes(&o, age(start), age(end))?;
    let row = OutcomesRow {
        id: ctx.new_id(),
        child_id: child,
        year_ending: end,
        sdq_score: o.sdq_score.map(i32::from),
        sdq_reason,
        convicted: o.convicted,
        immunisations: o.immunisations,
        teeth_check: o.teeth_check,
        substance_misuse: o.substance_misuse,
        intervention_received: o.intervention_received,
        intervention_offered: o.intervention_offered,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::insert_outcomes(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "care_outcomes", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "care_outcomes", Some(row.id.to_string()), format!("outcomes for the year to {end} recorded")).await?;
    tx.commit().await?;
    Ok(())
}
