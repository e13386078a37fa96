//! Learning to impact (`ff_domain::partnership::learning`): the partnership's
//! learning actions, agreed with an owner agency, a due date and an impact measure, completed
//! with evidence, and counted open, overdue and completed by agency (MASA-SYS-5, MASA-P-9). Kept
//! by the business manager, read by delegated partners and the scrutineer.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::partnership::ReviewAgency;
use ff_domain::partnership::learning::{AgencyCount, LearningSource, NewAction, by_agency, check_completion, check_new};
use ff_domain::partnership::section11::Standard;
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::partnership::LearningRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, stale};

/// A learning action as agreed.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct LearningInput {
    /// The serious incident whose review it came from, if any.
    #[serde(default)]
    pub incident_id: Option<Uuid>,
    /// The multi-agency audit it was raised from, if any: its source is then the audit.
    #[serde(default)]
    pub audit_id: Option<Uuid>,
    /// The section 11 return it was raised from, if any, and the standard's code
    /// (`s11_standard`): its source is then the self-assessment.
    #[serde(default)]
    pub s11_return_id: Option<Uuid>,
    #[serde(default)]
    pub s11_standard: Option<String>,
    /// rapid_review, local_review, national_review, audit, scrutiny, inspection, section_11 or other.
    pub source: String,
    /// What will change.
    pub action: String,
    /// The agency that owns it (as for agencies' summaries: police, health, school…).
    pub owner_agency: String,
    /// The agency by name, and its lead if known.
    pub owner_name: String,
    pub agreed_on: NaiveDate,
    pub due_on: NaiveDate,
    /// How the partnership will know it made a difference.
    pub impact_measure: String,
}

/// The action is done, with the evidence.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CompletionInput {
    pub version: i32,
    pub completed_on: NaiveDate,
    pub evidence: String,
}

/// Agree a learning action (MASA-SYS-5).
pub async fn add(db: &Db, ctx: &Ctx, input: &LearningInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    // MASA-SYS-6: an action raised from an audit has the audit as its source.
    let source = match (input.audit_id, input.s11_return_id) {
        (Some(_), _) => Some(LearningSource::Audit),
        (None, Some(_)) => Some(LearningSource::SelfAssessment),
        (None, None) => LearningSource::from_code(input.source.trim()),
    };
    let standard = input.s11_standard.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(Standard::from_code);
    if input.s11_return_id.is_some() && !matches!(standard, Some(Some(_))) {
        errors.add("s11_standard", "Choose the section 11 standard it was raised from");
    }
    if source.is_none() {
        errors.add("source", "Choose where the learning came from");
    }
    let owner = ReviewAgency::from_code(input.owner_agency.trim());
    if owner.is_none() {
        errors.add("owner_agency", "Choose the agency that owns the action");
    }
    let owner_name = input.owner_name.trim();
    if owner_name.is_empty() || owner_name.chars().count() > 200 {
        errors.add("owner_name", "Name the agency (200 characters or fewer)");
    }
    if let Some(owner) = owner {
        let new = NewAction {
            action: &input.action,
            owner,
            agreed_on: input.agreed_on,
            due_on: input.due_on,
            impact_measure: &input.impact_measure,
        };
        if let Err(e) = check_new(&new, ctx.today()) {
            errors.0.extend(e.0);
        }
    }
    errors.into_result(())?;
    let (Some(source), Some(owner)) = (source, owner) else { return Err(ServiceError::Internal("parsed input missing".into())) };
    let mut tx = db.begin().await?;
    if let Some(i) = input.incident_id {
        ff_store::partnership::get_incident(&mut tx, ctx.la(), i)
            .await?
            .ok_or_else(|| crate::field_err("incident_id", "No such incident"))?;
    }
    if let Some(a) = input.audit_id {
        ff_store::partnership::audits::get(&mut tx, ctx.la(), a).await?.ok_or(ServiceError::NotFound("audit"))?;
    }
    if let Some(r) = input.s11_return_id {
        ff_store::partnership::section11::get(&mut tx, ctx.la(), r).await?.ok_or(ServiceError::NotFound("section 11 return"))?;
    }
    let row = LearningRow {
        id: ctx.new_id(),
        incident_id: input.incident_id,
        audit_id: input.audit_id,
        s11_return_id: input.s11_return_id,
        s11_standard: input.s11_return_id.and(standard.flatten()).map(|s| s.code().to_owned()),
        source,
        action: input.action.trim().to_owned(),
        owner_agency: owner,
        owner_name: owner_name.to_owned(),
        agreed_on: input.agreed_on,
        due_on: input.due_on,
        impact_measure: input.impact_measure.trim().to_owned(),
        completed_on: None,
        evidence: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::partnership::insert_learning(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "learning_action", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "learning_action", Some(row.id.to_string()), format!("learning action agreed with {}", owner.label()))
        .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The action is done, with the evidence (MASA-SYS-5). Returns the incident it came from, if any.
pub async fn complete(db: &Db, ctx: &Ctx, id: Uuid, input: &CompletionInput) -> Result<Option<Uuid>> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    let l = ff_store::partnership::get_learning(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("learning action"))?;
    if l.version != input.version {
        return Err(stale("learning action", l.version));
    }
    check_completion(l.agreed_on, l.completed_on.is_some(), input.completed_on, &input.evidence, ctx.today())?;
    let next = LearningRow {
        completed_on: Some(input.completed_on),
        evidence: Some(input.evidence.trim().to_owned()),
        version: l.version + 1,
        ..l.clone()
    };
    if !ff_store::partnership::save_learning(&mut tx, ctx.la(), &next, l.version).await? {
        return Err(stale("learning action", l.version + 1));
    }
    ff_store::versions::record_version(
        &mut tx,
        ctx.la(),
        "learning_action",
        next.id,
        next.version,
        &next,
        Some(ctx.actor.user_id),
        ctx.now,
    )
    .await?;
    audit(&mut tx, ctx, "update", "learning_action", Some(id.to_string()), "learning action completed").await?;
    tx.commit().await?;
    Ok(l.incident_id)
}

/// A learning action as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActionView {
    pub id: Uuid,
    pub incident_id: Option<Uuid>,
    pub audit_id: Option<Uuid>,
    pub s11_return_id: Option<Uuid>,
    /// The section 11 standard it was raised from, in words.
    pub s11_standard_label: Option<String>,
    pub source_label: String,
    pub action: String,
    pub owner_agency: String,
    pub owner_label: String,
    pub owner_name: String,
    pub agreed_on: NaiveDate,
    pub due_on: NaiveDate,
    pub impact_measure: String,
    pub completed_on: Option<NaiveDate>,
    pub evidence: Option<String>,
    pub overdue: bool,
    pub version: i32,
}

pub(crate) fn view(l: LearningRow, today: NaiveDate) -> ActionView {
    ActionView {
        id: l.id,
        incident_id: l.incident_id,
        audit_id: l.audit_id,
        s11_return_id: l.s11_return_id,
        s11_standard_label: l.s11_standard.as_deref().and_then(Standard::from_code).map(|s| s.label().to_owned()),
        source_label: l.source.label().into(),
        owner_agency: l.owner_agency.code().into(),
        owner_label: l.owner_agency.label().into(),
        overdue: l.completed_on.is_none() && today > l.due_on,
        action: l.action,
        owner_name: l.owner_name,
        agreed_on: l.agreed_on,
        due_on: l.due_on,
        impact_measure: l.impact_measure,
        completed_on: l.completed_on,
        evidence: l.evidence,
        version: l.version,
    }
}

/// One agency's actions counted.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgencyLine {
    pub agency: String,
    pub agency_label: String,
    pub open: u32,
    pub overdue: u32,
    pub completed: u32,
    pub completed_late: u32,
}

/// The partnership's learning actions: open ones by due date, completed ones, and the count by
/// agency (the agreed data set's "learning actions open and overdue by agency").
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningView {
    pub open: Vec<ActionView>,
    pub completed: Vec<ActionView>,
    pub by_agency: Vec<AgencyLine>,
}

/// Every learning action (a partnership agrees tens a year; at most 2,000 are read). Audited as a
/// view.
pub async fn list(db: &Db, ctx: &Ctx) -> Result<LearningView> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let rows = ff_store::partnership::learning_all(&mut tx, ctx.la(), 2_000).await?;
    audit(&mut tx, ctx, "view", "learning_action", None, "learning actions listed").await?;
    tx.commit().await?;
    let today = ctx.today();
    let counts = by_agency(&rows.iter().map(|r| (r.owner_agency, r.due_on, r.completed_on)).collect::<Vec<_>>(), today);
    let by_agency = counts
        .into_iter()
        .map(|(a, AgencyCount { open, overdue, completed, completed_late })| AgencyLine {
            agency: a.code().into(),
            agency_label: a.label().into(),
            open,
            overdue,
            completed,
            completed_late,
        })
        .collect();
    let (done, open): (Vec<LearningRow>, Vec<LearningRow>) = rows.into_iter().partition(|r| r.completed_on.is_some());
    let mut completed: Vec<ActionView> = done.into_iter().map(|r| view(r, today)).collect();
    completed.sort_by_key(|a| std::cmp::Reverse(a.completed_on));
    Ok(LearningView { open: open.into_iter().map(|r| view(r, today)).collect(), completed, by_agency })
}
