//! Adoption for a child in care (the 903 PlacedAdoption and AD1 tables): the
//! decision that the child should be placed for adoption, the match with prospective adopters,
//! and the decision's end if it no longer stands. The placement for adoption is a change of
//! placement (A3–A6) and the adoption order is leaving care (E11, E12); both are checked against
//! the decision here ([`decisions_of`]). Rules: `ff_domain::looked_after::adoption` (LA-11).

use chrono::NaiveDate;
use ff_domain::looked_after::PlacementType;
use ff_domain::looked_after::adoption::{
    AdopterLegalStatus, AdopterSex, Adopters, Decision, ReasonPlacedCeased, check_adopters, check_ceasing, check_decision, check_match,
};
use ff_domain::policy::Action;
use ff_store::looked_after::AdoptionRow;
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{current, period_start};
use crate::{Ctx, Result, ServiceError, audit, field_err, stale};

const RECORD: &str = "care_adoption_decision";

/// The decision that the child should be placed for adoption (the agency decision maker's
/// decision, or the court's placement order).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AdoptionDecisionInput {
    pub decided_on: NaiveDate,
}

/// The match with prospective adopters, under the decision that stands.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AdoptionMatchInput {
    pub matched_on: NaiveDate,
    /// 903 SEX_ADOPTR: M1 or F1 (a single adopter), MM, FF or MF (a couple).
    pub adopters_sex: String,
    /// 903 LS_ADOPTR: L0 (single), L11, L12 (married), L2 (civil partners), L3, L4 (unmarried).
    pub adopters_legal_status: String,
    /// The decision's version, as read.
    pub version: i32,
}

/// The decision no longer stands.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AdoptionCeaseInput {
    pub ceased_on: NaiveDate,
    /// 903 REASON_PLACED_CEASED: RD1 to RD4.
    pub reason: String,
    /// The decision's version, as read.
    pub version: i32,
}

/// A decision as the child's care shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdoptionView {
    pub id: Uuid,
    pub decided_on: NaiveDate,
    pub matched_on: Option<NaiveDate>,
    /// Who the adopters are, in words ("A male and female couple, married couple, different sex").
    pub adopters: Option<String>,
    pub ceased_on: Option<NaiveDate>,
    pub ceased_reason: Option<String>,
    pub ceased_reason_label: Option<String>,
    /// The decision stands (not ended).
    pub standing: bool,
    pub version: i32,
}

/// The child is placed for adoption (903 A3–A6, LA-11).
fn placed_for_adoption(kind: PlacementType) -> bool {
    use PlacementType::*;
    matches!(kind, A3 | A4 | A5 | A6)
}

/// The rules' view of the child's decisions.
pub(crate) fn decisions_of(rows: &[AdoptionRow]) -> Vec<Decision> {
    rows.iter().map(|a| Decision { decided_on: a.decided_on, matched_on: a.matched_on, ceased_on: a.ceased_on }).collect()
}

/// The child's decisions made in the period of care that began on `since` (none when the child
/// is not looked after): a decision from an earlier period (an adoption that broke down) does not
/// stand in a new one.
pub(crate) async fn decisions(tx: &mut Tx, ctx: &Ctx, child: Uuid, since: Option<NaiveDate>) -> Result<Vec<Decision>> {
    let Some(since) = since else { return Ok(vec![]) };
    let rows = ff_store::looked_after::adoptions_of_child(tx, ctx.la(), child).await?;
    Ok(decisions_of(&rows).into_iter().filter(|d| d.decided_on >= since).collect())
}

/// The adopters of a match, as recorded.
pub(crate) fn adopters_of(a: &AdoptionRow) -> Option<Adopters> {
    Some(Adopters { sex: a.adopters_sex?, legal_status: a.adopters_legal_status? })
}

pub(crate) fn views(rows: &[AdoptionRow]) -> Vec<AdoptionView> {
    rows.iter()
        .rev()
        .map(|a| AdoptionView {
            id: a.id,
            decided_on: a.decided_on,
            matched_on: a.matched_on,
            adopters: adopters_of(a).map(|x| format!("{}; {}", x.sex.label(), x.legal_status.label().to_lowercase())),
            ceased_on: a.ceased_on,
            ceased_reason_label: a.ceased_reason.map(|r| r.label().to_owned()),
            ceased_reason: a.ceased_reason.map(|r| r.code().to_owned()),
            standing: a.ceased_on.is_none(),
            version: a.version,
        })
        .collect()
}

/// Record the decision that the child should be placed for adoption (LA-11).
pub async fn decide(db: &Db, ctx: &Ctx, child: Uuid, input: &AdoptionDecisionInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let episodes = ff_store::looked_after::of_child(&mut tx, ctx.la(), child).await?;
    let since = current(&episodes).and_then(|c| period_start(&episodes, c.period_id));
    check_decision(input.decided_on, since, &decisions(&mut tx, ctx, child, since).await?, ctx.today())?;
    let row = AdoptionRow {
        id: ctx.new_id(),
        child_id: child,
        decided_on: input.decided_on,
        matched_on: None,
        adopters_sex: None,
        adopters_legal_status: None,
        ceased_on: None,
        ceased_reason: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::insert_adoption(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), RECORD, row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", RECORD, Some(row.id.to_string()), "decision to place for adoption recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The decision's next step, written at the version read, with its version kept and audited.
async fn step(tx: &mut Tx, ctx: &Ctx, read: &AdoptionRow, next: &AdoptionRow, what: &str) -> Result<()> {
    crate::versioned::save(tx, ctx, read.version, next.clone(), "update", what).await.map(|_| ())
}

crate::versioned::aggregate!(AdoptionRow, RECORD, "decision to place for adoption", |a, tx, la, read| {
    ff_store::looked_after::step_adoption(tx, la, a, read)
});

/// The decision to place for adoption `id` at the version read, the child's access checked, with
/// the child's episodes of care.
async fn load(tx: &mut Tx, ctx: &Ctx, id: Uuid, version: i32) -> Result<(AdoptionRow, Vec<ff_store::looked_after::CareEpisodeRow>)> {
    let a =
        ff_store::looked_after::get_adoption(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("decision to place for adoption"))?;
    ctx.authorise_child(tx, Action::WorkOnCare, a.child_id).await?;
    if a.version != version {
        return Err(stale("decision to place for adoption", a.version));
    }
    // Once the child has left care (adopted, or otherwise) the decision's record stays as it was.
    let episodes = ff_store::looked_after::of_child(tx, ctx.la(), a.child_id).await?;
    if current(&episodes).is_none() {
        return Err(ServiceError::Rule(ff_domain::RuleRefusal {
            rule: "LA-11",
            message: "The child is no longer looked after: the decision's record is kept as it was.".into(),
        }));
    }
    Ok((a, episodes))
}

/// Record the match with prospective adopters under the decision `id` (LA-11). A match that
/// broke down is replaced by recording the new one; the earlier one stays in the history.
pub async fn match_adopters(db: &Db, ctx: &Ctx, id: Uuid, input: &AdoptionMatchInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    let (a, episodes) = load(&mut tx, ctx, id, input.version).await?;
    let sex = AdopterSex::from_code(input.adopters_sex.trim()).ok_or_else(|| field_err("adopters_sex", "Choose who the adopters are"))?;
    let legal_status = AdopterLegalStatus::from_code(input.adopters_legal_status.trim())
        .ok_or_else(|| field_err("adopters_legal_status", "Choose the adopters' legal status"))?;
    let adopters = Adopters { sex, legal_status };
    check_adopters(&adopters)?;
    check_match(input.matched_on, &decisions_of(std::slice::from_ref(&a))[0], ctx.today())?;
    // Once the child is placed with the adopters the match is settled.
    if current(&episodes).is_some_and(|e| placed_for_adoption(e.placement_type)) {
        return Err(ServiceError::Rule(ff_domain::RuleRefusal {
            rule: "LA-11",
            message: "The child is placed for adoption: the match is settled. If the placement ends, record the move first.".into(),
        }));
    }
    let next = AdoptionRow {
        matched_on: Some(input.matched_on),
        adopters_sex: Some(sex),
        adopters_legal_status: Some(legal_status),
        version: a.version + 1,
        ..a.clone()
    };
    step(&mut tx, ctx, &a, &next, "matched with prospective adopters").await?;
    tx.commit().await?;
    Ok(())
}

/// The decision `id` no longer stands, from a date and with the reason (LA-11).
pub async fn cease(db: &Db, ctx: &Ctx, id: Uuid, input: &AdoptionCeaseInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    let (a, episodes) = load(&mut tx, ctx, id, input.version).await?;
    let reason = ReasonPlacedCeased::from_code(input.reason.trim())
        .ok_or_else(|| field_err("reason", "Choose why the decision no longer stands"))?;
    let legal_status = current(&episodes).map(|e| e.legal_status);
    check_ceasing(input.ceased_on, &decisions_of(std::slice::from_ref(&a))[0], legal_status, ctx.today())?;
    if current(&episodes).is_some_and(|e| placed_for_adoption(e.placement_type)) {
        return Err(ServiceError::Rule(ff_domain::RuleRefusal {
            rule: "LA-11",
            message: "The child is placed for adoption: record the move to their next placement first.".into(),
        }));
    }
    let next = AdoptionRow { ceased_on: Some(input.ceased_on), ceased_reason: Some(reason), version: a.version + 1, ..a.clone() };
    step(&mut tx, ctx, &a, &next, &format!("decision to place for adoption ended ({})", reason.code())).await?;
    tx.commit().await?;
    Ok(())
}
