//! Professional disagreements and escalations (`ff_domain::escalations`; F6, MASA-SYS-7). One
//! function per user action, in the shape of decision 0013: authorise → a typed draft → the
//! domain's decision → one `versioned::save` (or the first insert) with its audit event, in one
//! transaction. Raising and moving one on is work on the child's record, open to the case's
//! practitioners of every agency (a partner agency's user only on their team's cases); the
//! partnership's business manager and delegated partners see counts, never a child.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::calendar::WorkingCalendar;
use ff_domain::escalations::{
    About, NewDisagreement, Outcome, Stage, check_escalate, check_new, check_resolve, may_raise, raising_agency, response_due,
};
use ff_domain::partnership::ReviewAgency;
use ff_domain::policy::Action;
use ff_domain::settings::LaSettings;
use ff_store::escalations::DisagreementRow;
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::family_help::TrayItem;
use crate::{Ctx, Result, ServiceError, audit, parse_code, parsed, settings_and_calendar, stale};

/// How far back the partnership's counts reach by default: a year.
const COUNT_DAYS: u64 = 365;

/// A new disagreement about a decision on the child's case. The raising agency is the raiser's
/// own (ESC-1).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RaiseDisagreementInput {
    /// threshold, referral, enquiry, conference, plan, step_down, information or other.
    pub about: String,
    /// The decision and why you disagree.
    pub detail: String,
    /// The agency it is raised with: childrens_social_care, police, health, school, early_years,
    /// probation, youth_justice, housing or other.
    pub with_agency: String,
    /// The team or person it is raised with.
    #[serde(default)]
    pub with_team: String,
    pub raised_on: NaiveDate,
}

/// Move a disagreement up a stage (ESC-2).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EscalateDisagreementInput {
    pub version: i32,
    pub escalated_on: NaiveDate,
    /// Why it needs to go further.
    pub reason: String,
}

/// Resolve a disagreement (ESC-3).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ResolveDisagreementInput {
    pub version: i32,
    pub resolved_on: NaiveDate,
    /// agreed, decision_changed, decision_stands or withdrawn.
    pub outcome: String,
    /// What was agreed or decided, and what happens next.
    pub agreed: String,
}

fn refuse_role(ctx: &Ctx) -> Result<()> {
    if may_raise(ctx.actor.role) {
        return Ok(());
    }
    Err(ServiceError::Denied(ff_domain::policy::Denied {
        message: "Disagreements about a child's case are raised and moved on by the practitioners working it.".into(),
    }))
}

/// Raise a disagreement about a decision on a child's case (ESC-1). Returns its id.
pub async fn raise(db: &Db, ctx: &Ctx, child: Uuid, input: &RaiseDisagreementInput) -> Result<Uuid> {
    refuse_role(ctx)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, child).await?;
    let mut errors = ValidationErrors::new();
    let about = parse_code("about", &input.about, About::from_code, "Choose what the decision was about", &mut errors);
    let with = parse_code("with_agency", &input.with_agency, ReviewAgency::from_code, "Choose the agency you disagree with", &mut errors);
    // Every mistake in one round: the words and the day are checked whatever the lists said.
    let draft = NewDisagreement {
        about: about.unwrap_or(About::Other),
        detail: &input.detail,
        with_agency: with.unwrap_or(ReviewAgency::Other),
        with_team: input.with_team.trim(),
        raised_on: input.raised_on,
    };
    if let Err(e) = check_new(&draft, ctx.today()) {
        errors.0.extend(e.0);
    }
    errors.into_result(())?;
    let person = ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    if person.merged_into.is_some() {
        return Err(crate::field_err("detail", "This record was merged into another: raise it on the child's current record"));
    }
    let row = DisagreementRow {
        id: ctx.new_id(),
        child_id: child,
        about: parsed(about)?,
        detail: input.detail.trim().to_owned(),
        raising_agency: raising_agency(ctx.actor.agency),
        with_agency: parsed(with)?,
        with_team: input.with_team.trim().to_owned(),
        raised_on: input.raised_on,
        stage: Stage::Practitioners,
        stage_started_on: input.raised_on,
        stage_reason: None,
        outcome: None,
        agreed: None,
        resolved_on: None,
        resolved_by: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::escalations::insert(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "disagreement", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "disagreement", Some(row.id.to_string()), "professional disagreement raised").await?;
    tx.commit().await?;
    Ok(row.id)
}

async fn load_for_change(tx: &mut Tx, ctx: &Ctx, id: Uuid, version: i32) -> Result<DisagreementRow> {
    refuse_role(ctx)?;
    let d = ff_store::escalations::get(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("disagreement"))?;
    ctx.authorise_child(tx, Action::ContributeToCase, d.child_id).await?;
    if d.version != version {
        return Err(stale("disagreement", d.version));
    }
    Ok(d)
}

/// Move a disagreement up a stage with the reason (ESC-2). Returns the child.
pub async fn escalate(db: &Db, ctx: &Ctx, id: Uuid, input: &EscalateDisagreementInput) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let d = load_for_change(&mut tx, ctx, id, input.version).await?;
    let next = check_escalate(d.stage, d.resolved_on.is_some(), d.stage_started_on, input.escalated_on, &input.reason, ctx.today())?;
    let (read, child) = (d.version, d.child_id);
    let row =
        DisagreementRow { stage: next, stage_started_on: input.escalated_on, stage_reason: Some(input.reason.trim().to_owned()), ..d };
    crate::versioned::save(&mut tx, ctx, read, row, "update", "professional disagreement moved up a stage").await?;
    tx.commit().await?;
    Ok(child)
}

/// Resolve a disagreement with its outcome and what was agreed (ESC-3). Returns the child.
pub async fn resolve(db: &Db, ctx: &Ctx, id: Uuid, input: &ResolveDisagreementInput) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let d = load_for_change(&mut tx, ctx, id, input.version).await?;
    let mut errors = ValidationErrors::new();
    let outcome = parse_code("outcome", &input.outcome, Outcome::from_code, "Choose how it was resolved", &mut errors);
    errors.into_result(())?;
    check_resolve(d.resolved_on.is_some(), d.raised_on, input.resolved_on, &input.agreed, ctx.today())?;
    let (read, child) = (d.version, d.child_id);
    let row = DisagreementRow {
        outcome: Some(parsed(outcome)?),
        agreed: Some(input.agreed.trim().to_owned()),
        resolved_on: Some(input.resolved_on),
        resolved_by: Some(ctx.actor.user_id),
        ..d
    };
    crate::versioned::save(&mut tx, ctx, read, row, "update", "professional disagreement resolved").await?;
    tx.commit().await?;
    Ok(child)
}

crate::versioned::aggregate!(DisagreementRow, "disagreement", "disagreement", |d, tx, la, read| ff_store::escalations::update(
    tx, la, d, read
));

// ---------------------------------------------------------------------------------------------
// Reading.

/// A disagreement as shown on the child's page and through the API.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisagreementView {
    pub id: Uuid,
    pub child_id: Uuid,
    pub about: String,
    pub about_label: String,
    pub detail: String,
    pub raising_agency: String,
    pub raising_agency_label: String,
    pub with_agency: String,
    pub with_agency_label: String,
    pub with_team: String,
    pub raised_on: NaiveDate,
    /// practitioners, managers, senior_managers or partnership.
    pub stage: String,
    pub stage_number: u8,
    pub stage_label: String,
    pub stage_started_on: NaiveDate,
    /// Why it moved up to this stage.
    pub stage_reason: Option<String>,
    /// When this stage's response is due (open ones only).
    pub response_due: Option<NaiveDate>,
    pub overdue: bool,
    /// Whether it may move up a stage (open, below the last stage).
    pub can_escalate: bool,
    pub outcome: Option<String>,
    pub outcome_label: Option<String>,
    pub agreed: Option<String>,
    pub resolved_on: Option<NaiveDate>,
    pub version: i32,
}

fn view(d: DisagreementRow, s: &LaSettings, cal: &WorkingCalendar, today: NaiveDate) -> DisagreementView {
    let open = d.resolved_on.is_none();
    let due = open.then(|| response_due(d.stage, d.stage_started_on, &s.partnership, cal, s.day_counting));
    DisagreementView {
        id: d.id,
        child_id: d.child_id,
        about: d.about.code().into(),
        about_label: d.about.label().into(),
        detail: d.detail,
        raising_agency: d.raising_agency.code().into(),
        raising_agency_label: d.raising_agency.label().into(),
        with_agency: d.with_agency.code().into(),
        with_agency_label: d.with_agency.label().into(),
        with_team: d.with_team,
        raised_on: d.raised_on,
        stage: d.stage.code().into(),
        stage_number: d.stage.number(),
        stage_label: d.stage.label().into(),
        stage_started_on: d.stage_started_on,
        stage_reason: d.stage_reason,
        response_due: due,
        overdue: due.is_some_and(|due| due < today),
        can_escalate: open && d.stage.next().is_some(),
        outcome: d.outcome.map(|o| o.code().into()),
        outcome_label: d.outcome.map(|o| o.label().into()),
        agreed: d.agreed,
        resolved_on: d.resolved_on,
        version: d.version,
    }
}

/// A child's disagreements, newest first, read in the caller's transaction for anyone who may
/// read the child's record (the child's page audits the view once).
pub(crate) async fn read_for_child(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<Vec<DisagreementView>> {
    let rows = ff_store::escalations::of_child(tx, ctx.la(), child).await?;
    if rows.is_empty() {
        return Ok(vec![]);
    }
    let (s, cal) = settings_and_calendar(tx, ctx.la()).await?;
    let today = ctx.today();
    Ok(rows.into_iter().map(|d| view(d, &s, &cal, today)).collect())
}

/// A child's disagreements (the API's view, and the page's). Audited as a view of the child's
/// record.
pub async fn for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<Vec<DisagreementView>> {
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let out = read_for_child(&mut tx, ctx, child).await?;
    audit(&mut tx, ctx, "view", "person", Some(child.to_string()), "professional disagreements viewed").await?;
    tx.commit().await?;
    Ok(out)
}

/// One disagreement, for the forms that move it on. Audited as a view of the child's record.
pub async fn one(db: &Db, ctx: &Ctx, id: Uuid) -> Result<DisagreementView> {
    // Those who may read some child's record, before the disagreement is looked up: partners and
    // personal advisers by their relationship to the child, others by role.
    if !matches!(ctx.actor.role, ff_domain::roles::Role::PartnerAgency | ff_domain::roles::Role::PersonalAdviser) {
        ctx.authorise(Action::ViewPerson)?;
    }
    let mut tx = db.begin().await?;
    let d = ff_store::escalations::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("disagreement"))?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, d.child_id).await?;
    let (s, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    audit(&mut tx, ctx, "view", "person", Some(d.child_id.to_string()), "professional disagreement viewed").await?;
    tx.commit().await?;
    Ok(view(d, &s, &cal, ctx.today()))
}

/// One raising agency's count at a stage.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisagreementAgencyCount {
    pub agency: String,
    pub agency_label: String,
    pub open: u32,
    pub overdue: u32,
    pub resolved: u32,
}

/// One stage's counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisagreementStageCount {
    pub stage: String,
    pub stage_label: String,
    pub open: u32,
    pub overdue: u32,
    pub resolved: u32,
    pub agencies: Vec<DisagreementAgencyCount>,
}

/// The partnership's figures (MASA-SYS-7): disagreements open now or raised in the last year, by
/// the stage they reached and the agency that raised them. Counts only, never a child.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisagreementCounts {
    /// The first day counted (open ones are counted whenever they were raised).
    pub from: NaiveDate,
    pub today: NaiveDate,
    pub stages: Vec<DisagreementStageCount>,
    pub open: u32,
    pub overdue: u32,
    pub resolved: u32,
}

/// For each stage, the last day it may have begun and still be waiting for its response on
/// `today` without being overdue the day after: an open disagreement whose stage began on or
/// before that day is overdue (ESC-4). The response day only moves later as the start does, so
/// the day is found by stepping back from today.
pub(crate) fn overdue_if_started_by(s: &LaSettings, cal: &WorkingCalendar, today: NaiveDate) -> Vec<(&'static str, NaiveDate)> {
    Stage::ALL
        .iter()
        .map(|stage| {
            let mut day = today;
            while response_due(*stage, day, &s.partnership, cal, s.day_counting) >= today {
                match day.pred_opt() {
                    Some(d) => day = d,
                    None => break,
                }
            }
            (stage.code(), day)
        })
        .collect()
}

/// Counts in the caller's transaction (the partnership list and the data set share them):
/// disagreements raised from `from` to `to` or still open, by stage and raising agency, counted
/// by the database (MASA-SYS-7).
pub(crate) async fn counts_between(tx: &mut Tx, ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<DisagreementCounts> {
    let today = ctx.today();
    let (s, cal) = settings_and_calendar(tx, ctx.la()).await?;
    let cutoffs = overdue_if_started_by(&s, &cal, today);
    let rows = ff_store::data_set::disagreement_counts(tx, ctx.la(), from, to, &cutoffs).await?;
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    let stages: Vec<DisagreementStageCount> = Stage::ALL
        .iter()
        .map(|stage| {
            let agencies: Vec<DisagreementAgencyCount> = ReviewAgency::ALL
                .iter()
                .filter_map(|a| rows.iter().find(|r| r.stage == stage.code() && r.raising_agency == a.code()).map(|r| (a, r)))
                .map(|(a, r)| DisagreementAgencyCount {
                    agency: a.code().into(),
                    agency_label: a.label().into(),
                    open: count(r.open),
                    overdue: count(r.overdue),
                    resolved: count(r.resolved),
                })
                .collect();
            DisagreementStageCount {
                stage: stage.code().into(),
                stage_label: stage.label().into(),
                open: agencies.iter().map(|a| a.open).sum(),
                overdue: agencies.iter().map(|a| a.overdue).sum(),
                resolved: agencies.iter().map(|a| a.resolved).sum(),
                agencies,
            }
        })
        .collect();
    Ok(DisagreementCounts {
        from,
        today,
        open: stages.iter().map(|s| s.open).sum(),
        overdue: stages.iter().map(|s| s.overdue).sum(),
        resolved: stages.iter().map(|s| s.resolved).sum(),
        stages,
    })
}

/// The partnership's counts: open now or raised in the last year.
pub(crate) async fn read_counts(tx: &mut Tx, ctx: &Ctx) -> Result<DisagreementCounts> {
    let today = ctx.today();
    let from = today.checked_sub_days(chrono::Days::new(COUNT_DAYS)).unwrap_or(today);
    counts_between(tx, ctx, from, today).await
}

/// The partnership's counts of disagreements by stage and agency. Audited as a view.
pub async fn counts(db: &Db, ctx: &Ctx) -> Result<DisagreementCounts> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let out = read_counts(&mut tx, ctx).await?;
    audit(&mut tx, ctx, "view", "disagreement", None, "professional disagreement counts viewed").await?;
    tx.commit().await?;
    Ok(out)
}

/// The tray items of the disagreements the tray's owner raised, or about a child they lead, whose
/// stage's response is overdue (ESC-4).
pub(crate) async fn tray_items(tx: &mut Tx, ctx: &Ctx, s: &LaSettings, cal: &WorkingCalendar, today: NaiveDate) -> Result<Vec<TrayItem>> {
    let rows = ff_store::escalations::open_for_user(tx, ctx.la(), ctx.actor.user_id, 500).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, child_name, episode)| {
            let due = response_due(d.stage, d.stage_started_on, &s.partnership, cal, s.day_counting);
            (due < today).then(|| TrayItem {
                child_id: d.child_id,
                child_name,
                episode_id: episode.unwrap_or(d.child_id),
                kind: "disagreement".into(),
                label: format!(
                    "A disagreement with {} is waiting for a response ({}): resolve it or move it up a stage",
                    d.with_agency.label().to_lowercase(),
                    d.stage.label().to_lowercase()
                ),
                due,
                overdue: true,
                last_done: Some(d.stage_started_on),
                last_done_text: Some(format!("This stage began {}", d.stage_started_on.format("%-d %b %Y"))),
                lead: Some(ctx.actor.display_name.clone()),
            })
        })
        .collect())
}
