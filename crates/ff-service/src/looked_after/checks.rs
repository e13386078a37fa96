//! The care planning clocks of a child in care: statutory visits, health
//! assessments and education plans recorded (LA-5), missing from care episodes and the return
//! home interview (LA-6), and each clock's next due date (T24–T31) for the child's page and the
//! work trays. Rules: `ff_domain::looked_after::checks`.

use chrono::NaiveDate;
use ff_domain::calendar::{DayCounting, WorkingCalendar};
use ff_domain::looked_after::checks::{
    CareCheckKind, CareSettings, MissingKind, check_care_check, check_missing_end, check_missing_start, is_long_term, next_health_due,
    next_pep_due, next_visit_due, placement_moves_in_year, starts_placement,
};
use ff_domain::looked_after::{ReasonNewEpisode, next_review_due};
use ff_domain::policy::Action;
use ff_store::looked_after::{CareCheckRow, CareEpisodeRow, CareReviewRow, MissingRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{current, period_start};
use crate::{Ctx, Result, ServiceError, audit, stale};

/// A visit, health assessment or education plan meeting that took place.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CareCheckInput {
    /// visit, initial_health, review_health or pep.
    pub kind: String,
    pub held_on: NaiveDate,
    /// For a visit: whether the child was seen (a visit counts for the clock only then).
    #[serde(default = "yes")]
    pub child_seen: bool,
    /// For a visit: whether the child was seen alone.
    #[serde(default)]
    pub child_seen_alone: bool,
    /// What happened, in a few lines.
    #[serde(default)]
    pub summary: String,
}

fn yes() -> bool {
    true
}

/// The child went missing or was away from their placement.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MissingInput {
    /// 903 MISSING: M (missing) or A (away without authorisation).
    pub kind: String,
    pub started_on: NaiveDate,
}

/// The child came back.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MissingReturnInput {
    pub ended_on: NaiveDate,
    /// Whether an independent return home interview was offered.
    pub rhi_offered: bool,
    /// Whether the child accepted it (when offered).
    #[serde(default)]
    pub rhi_accepted: Option<bool>,
    /// The missing episode's version, as read.
    pub version: i32,
}

/// A visit, assessment or plan meeting as the child's page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CareCheckView {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub held_on: NaiveDate,
    pub child_seen: bool,
    pub child_seen_alone: bool,
    pub summary: String,
    pub recorded_by: String,
}

/// A missing or away episode as the child's page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MissingView {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub rhi_offered: Option<bool>,
    pub rhi_accepted: Option<bool>,
    pub version: i32,
}

/// One care clock: what is due next and when.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CareClock {
    /// review, visit, initial_health, review_health or pep.
    pub what: String,
    /// Plain words: "First looked-after review", "Statutory visit"…
    pub label: String,
    pub due: NaiveDate,
    pub overdue: bool,
    /// The timescale behind it (T24–T31), for the hint.
    pub rule: String,
}

/// What the clocks are computed from, for one child's current period of care.
pub(crate) struct ClockFacts<'a> {
    pub episodes: &'a [CareEpisodeRow],
    pub reviews: &'a [CareReviewRow],
    pub checks: &'a [CareCheckRow],
    pub date_of_birth: Option<NaiveDate>,
}

/// Placement stability over the last 12 months.
pub(crate) struct Stability {
    pub placement_since: Option<NaiveDate>,
    pub moves: u32,
    pub warning: bool,
}

/// Every clock of the child's current period of care, soonest first; none when not looked after.
pub(crate) fn clocks(f: &ClockFacts, s: &CareSettings, cal: &WorkingCalendar, counting: DayCounting, today: NaiveDate) -> Vec<CareClock> {
    let Some(cur) = current(f.episodes) else { return vec![] };
    let since = period_start(f.episodes, cur.period_id).unwrap_or(cur.start_date);
    let in_period = |d: NaiveDate| d >= since;
    let mut out = vec![];
    let mut push = |what: &str, label: &str, due: NaiveDate, rule: &str| {
        out.push(CareClock { what: what.into(), label: label.into(), due, overdue: due < today, rule: rule.into() })
    };
    let held: Vec<NaiveDate> = f.reviews.iter().filter(|r| r.period_id == cur.period_id).map(|r| r.held_on).collect();
    let review_label = match held.len() {
        0 => "First looked-after review",
        1 => "Second looked-after review",
        _ => "Next looked-after review",
    };
    push("review", review_label, next_review_due(since, &held, cal, counting), "T24–T26");
    let placement_since = placement_start(f.episodes, cur);
    let long_term = is_long_term(cur.placement_type);
    let visits: Vec<NaiveDate> =
        f.checks.iter().filter(|c| c.kind == CareCheckKind::Visit && c.child_seen && in_period(c.held_on)).map(|c| c.held_on).collect();
    push("visit", "Statutory visit", next_visit_due(placement_since, long_term, &visits, s), "T28");
    let last_health = f
        .checks
        .iter()
        .filter(|c| matches!(c.kind, CareCheckKind::InitialHealth | CareCheckKind::ReviewHealth))
        .filter(|c| in_period(c.held_on))
        .map(|c| c.held_on)
        .max();
    let (kind, due) = next_health_due(since, last_health, f.date_of_birth, s, cal, counting);
    push(kind.code(), kind.label(), due, if last_health.is_none() { "T29" } else { "T30" });
    let last_pep = f.checks.iter().filter(|c| c.kind == CareCheckKind::Pep && in_period(c.held_on)).map(|c| c.held_on).max();
    let age = ff_domain::people::age(f.date_of_birth, today);
    if let Some(due) = next_pep_due(since, last_pep, age, s, cal, counting) {
        push("pep", "Personal education plan", due, "T31");
    }
    out.sort_by_key(|c| c.due);
    out
}

/// When the child's current placement began: the latest episode of the period that started a
/// placement (not a change of legal status alone).
fn placement_start(episodes: &[CareEpisodeRow], cur: &CareEpisodeRow) -> NaiveDate {
    episodes
        .iter()
        .filter(|e| e.period_id == cur.period_id)
        .filter(|e| starts_placement(e.reason_new_episode))
        .map(|e| e.start_date)
        .max()
        .unwrap_or(cur.start_date)
}

pub(crate) fn stability(episodes: &[CareEpisodeRow], s: &CareSettings, today: NaiveDate) -> Stability {
    let pairs: Vec<(NaiveDate, ReasonNewEpisode)> = episodes.iter().map(|e| (e.start_date, e.reason_new_episode)).collect();
    let moves = placement_moves_in_year(&pairs, today);
    Stability {
        placement_since: current(episodes).map(|c| placement_start(episodes, c)),
        moves,
        warning: moves >= s.stability_moves_warning,
    }
}

pub(crate) fn check_views(rows: &[CareCheckRow], name: &dyn Fn(Uuid) -> String) -> Vec<CareCheckView> {
    rows.iter()
        .rev()
        .map(|c| CareCheckView {
            id: c.id,
            kind_label: c.kind.label().to_owned(),
            kind: c.kind.code().to_owned(),
            held_on: c.held_on,
            child_seen: c.child_seen,
            child_seen_alone: c.child_seen_alone,
            summary: c.summary.clone(),
            recorded_by: name(c.created_by),
        })
        .collect()
}

pub(crate) fn missing_views(rows: &[MissingRow]) -> Vec<MissingView> {
    rows.iter()
        .rev()
        .map(|m| MissingView {
            id: m.id,
            kind_label: m.kind.label().to_owned(),
            kind: m.kind.code().to_owned(),
            started_on: m.started_on,
            ended_on: m.ended_on,
            rhi_offered: m.rhi_offered,
            rhi_accepted: m.rhi_accepted,
            version: m.version,
        })
        .collect()
}

/// Record a statutory visit, health assessment or education plan meeting (LA-5).
pub async fn record_check(db: &ff_store::Db, ctx: &Ctx, child: Uuid, input: &CareCheckInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let kind = CareCheckKind::from_code(input.kind.trim()).ok_or_else(|| crate::field_err("kind", "Choose what took place"))?;
    let summary = input.summary.trim().to_owned();
    if summary.chars().count() > 4000 {
        return Err(crate::field_err("summary", "Keep the summary to 4,000 characters or fewer"));
    }
    let episodes = ff_store::looked_after::of_child(&mut tx, ctx.la(), child).await?;
    let cur = current(&episodes).cloned();
    let since = cur.as_ref().and_then(|c| period_start(&episodes, c.period_id));
    let checks = ff_store::looked_after::checks_of_child(&mut tx, ctx.la(), child).await?;
    let initial_done = since.is_some_and(|s| checks.iter().any(|c| c.kind == CareCheckKind::InitialHealth && c.held_on >= s));
    check_care_check(kind, input.held_on, since, initial_done, ctx.today())?;
    let Some(cur) = cur else { return Err(ServiceError::NotFound("current episode of care")) };
    let is_visit = kind == CareCheckKind::Visit;
    let row = CareCheckRow {
        id: ctx.new_id(),
        child_id: child,
        period_id: cur.period_id,
        kind,
        held_on: input.held_on,
        child_seen: !is_visit || input.child_seen,
        child_seen_alone: is_visit && input.child_seen && input.child_seen_alone,
        summary,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::insert_check(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "care_check", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "care_check", Some(row.id.to_string()), format!("{} recorded", kind.label())).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Record that the child went missing or was away from their placement (LA-6).
pub async fn record_missing(db: &ff_store::Db, ctx: &Ctx, child: Uuid, input: &MissingInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let kind = MissingKind::from_code(input.kind.trim()).ok_or_else(|| crate::field_err("kind", "Choose missing or away"))?;
    let episodes = ff_store::looked_after::of_child(&mut tx, ctx.la(), child).await?;
    let cur = current(&episodes).cloned();
    let since = cur.as_ref().and_then(|c| period_start(&episodes, c.period_id));
    let open = ff_store::looked_after::missing_of_child(&mut tx, ctx.la(), child).await?.iter().any(|m| m.ended_on.is_none());
    check_missing_start(input.started_on, since, open, ctx.today())?;
    let Some(cur) = cur else { return Err(ServiceError::NotFound("current episode of care")) };
    let row = MissingRow {
        id: ctx.new_id(),
        child_id: child,
        period_id: cur.period_id,
        kind,
        started_on: input.started_on,
        ended_on: None,
        rhi_offered: None,
        rhi_accepted: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::insert_missing(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "care_missing", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "care_missing", Some(row.id.to_string()), format!("{} from placement recorded", kind.label())).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Record the child's return from a missing or away episode, and the return home interview.
pub async fn record_return(db: &ff_store::Db, ctx: &Ctx, missing: Uuid, input: &MissingReturnInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    let m = ff_store::looked_after::get_missing(&mut tx, ctx.la(), missing).await?.ok_or(ServiceError::NotFound("missing episode"))?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, m.child_id).await?;
    if m.version != input.version || m.ended_on.is_some() {
        return Err(stale("missing episode", m.version));
    }
    check_missing_end(m.started_on, input.ended_on, ctx.today())?;
    let accepted = if input.rhi_offered { input.rhi_accepted } else { None };
    if !ff_store::looked_after::end_missing(&mut tx, ctx.la(), m.id, input.ended_on, input.rhi_offered, accepted, m.version).await? {
        return Err(stale("missing episode", m.version + 1));
    }
    let ended = MissingRow {
        ended_on: Some(input.ended_on),
        rhi_offered: Some(input.rhi_offered),
        rhi_accepted: accepted,
        version: m.version + 1,
        ..m
    };
    ff_store::versions::record_version(
        &mut tx,
        ctx.la(),
        "care_missing",
        ended.id,
        ended.version,
        &ended,
        Some(ctx.actor.user_id),
        ctx.now,
    )
    .await?;
    audit(&mut tx, ctx, "update", "care_missing", Some(ended.id.to_string()), "return from missing recorded").await?;
    tx.commit().await?;
    Ok(())
}
