//! Multi-agency audits (`ff_domain::partnership::audits`, MASA-SYS-6): recorded and changed at a
//! version by the business manager, read by delegated partners and the scrutineer. Learning
//! actions raised from an audit (MASA-SYS-5) are agreed through `learning::add` with the audit's
//! id, which makes the audit their source.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::partnership::ReviewAgency;
use ff_domain::partnership::audits::{Audit, Grading, agencies_of, agencies_text, check};
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::partnership::audits::{self as store, AuditRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::learning::{ActionView, view as action_view};
use crate::versioned::{aggregate, save};
use crate::{Ctx, Result, ServiceError, audit, parse_code, parsed, stale};

aggregate!(AuditRow, "partnership_audit", "audit", |r, tx, la, read| store::update(tx, la, r, read));

/// A multi-agency audit as recorded, or changed at `version` (none when recording it).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AuditInput {
    #[serde(default)]
    pub version: Option<i32>,
    /// What the audit looked at: "neglect", "strategy discussions".
    pub theme: String,
    pub audited_on: NaiveDate,
    /// The agencies taking part, by code (childrens_social_care, police, health, school,
    /// early_years, probation, youth_justice, housing, other): at least two.
    #[serde(default)]
    pub agencies: Vec<String>,
    /// How many cases were audited.
    pub cases: i32,
    pub findings: String,
    /// good, requires_improvement or inadequate.
    pub grading: String,
}

struct Parsed {
    agencies: Vec<ReviewAgency>,
    grading: Grading,
}

fn parse(input: &AuditInput, today: NaiveDate) -> Result<Parsed> {
    let mut e = ValidationErrors::new();
    let mut agencies = vec![];
    for code in &input.agencies {
        match ReviewAgency::from_code(code.trim()) {
            Some(a) => agencies.push(a),
            None => {
                e.add("agencies", "Choose the agencies from the list");
                break;
            }
        }
    }
    agencies.sort_by_key(|a| ReviewAgency::ALL.iter().position(|x| x == a));
    agencies.dedup();
    let grading = parse_code("grading", &input.grading, Grading::from_code, "Choose how the audit graded practice overall", &mut e);
    let a = Audit { theme: &input.theme, audited_on: input.audited_on, agencies: &agencies, cases: input.cases, findings: &input.findings };
    if let Err(x) = check(&a, today) {
        // One message for the agencies is enough.
        for f in x.0 {
            if !(f.field == "agencies" && e.for_field("agencies").is_some()) {
                e.0.push(f);
            }
        }
    }
    e.into_result(())?;
    Ok(Parsed { agencies, grading: parsed(grading)? })
}

/// Record a multi-agency audit (MASA-SYS-6), or change one at the version read (409 when stale).
/// Returns its id.
pub async fn save_audit(db: &Db, ctx: &Ctx, id: Option<Uuid>, input: &AuditInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    // An audit that exists nowhere is not found, whatever the input says.
    let existing = match id {
        Some(id) => Some(store::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("audit"))?),
        None => None,
    };
    let p = parse(input, ctx.today())?;
    let out = match existing {
        None => {
            let row = AuditRow {
                id: ctx.new_id(),
                theme: input.theme.trim().into(),
                audited_on: input.audited_on,
                agencies: agencies_text(&p.agencies),
                cases: input.cases,
                findings: input.findings.trim().into(),
                grading: p.grading,
                version: 1,
                created_at: ctx.now,
                created_by: ctx.actor.user_id,
            };
            store::insert(&mut tx, ctx.la(), &row).await?;
            ff_store::versions::record_version(&mut tx, ctx.la(), "partnership_audit", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now)
                .await?;
            audit(&mut tx, ctx, "create", "partnership_audit", Some(row.id.to_string()), "multi-agency audit recorded").await?;
            row.id
        }
        Some(a) => {
            let read = input.version.unwrap_or_default();
            if a.version != read {
                return Err(stale("audit", a.version));
            }
            let next = AuditRow {
                theme: input.theme.trim().into(),
                audited_on: input.audited_on,
                agencies: agencies_text(&p.agencies),
                cases: input.cases,
                findings: input.findings.trim().into(),
                grading: p.grading,
                ..a
            };
            save(&mut tx, ctx, read, next, "update", "multi-agency audit changed").await?.id
        }
    };
    tx.commit().await?;
    Ok(out)
}

/// An agency taking part.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditAgency {
    pub code: String,
    pub label: String,
}

/// A multi-agency audit as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditView {
    pub id: Uuid,
    pub theme: String,
    pub audited_on: NaiveDate,
    pub agencies: Vec<AuditAgency>,
    pub cases: i32,
    pub findings: String,
    pub grading: String,
    pub grading_label: String,
    /// How many learning actions were raised from it (on the list), or the actions themselves (on
    /// the audit's own page).
    pub learning_count: u32,
    pub learning: Vec<ActionView>,
    pub version: i32,
}

fn view_of(a: AuditRow, learning: Vec<ActionView>, learning_count: u32) -> AuditView {
    AuditView {
        id: a.id,
        agencies: agencies_of(&a.agencies).into_iter().map(|x| AuditAgency { code: x.code().into(), label: x.label().into() }).collect(),
        grading: a.grading.code().into(),
        grading_label: a.grading.label().into(),
        theme: a.theme,
        audited_on: a.audited_on,
        cases: a.cases,
        findings: a.findings,
        learning_count,
        learning,
        version: a.version,
    }
}

/// Every multi-agency audit, newest first, with how many learning actions each raised. Audited as
/// one view.
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<AuditView>> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let rows = store::all(&mut tx, ctx.la()).await?;
    let learning = ff_store::partnership::learning_all(&mut tx, ctx.la(), 2_000).await?;
    audit(&mut tx, ctx, "view", "partnership_audit", None, "multi-agency audits listed").await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|a| {
            let n = learning.iter().filter(|l| l.audit_id == Some(a.id)).count() as u32;
            view_of(a, vec![], n)
        })
        .collect())
}

/// One audit with the learning actions raised from it. Audited as a view.
pub async fn show(db: &Db, ctx: &Ctx, id: Uuid) -> Result<AuditView> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let a = store::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("audit"))?;
    let learning = ff_store::partnership::learning_of_audit(&mut tx, ctx.la(), id).await?;
    audit(&mut tx, ctx, "view", "partnership_audit", Some(id.to_string()), "multi-agency audit viewed").await?;
    tx.commit().await?;
    let today = ctx.today();
    let learning: Vec<ActionView> = learning.into_iter().map(|l| action_view(l, today)).collect();
    let n = learning.len() as u32;
    Ok(view_of(a, learning, n))
}
