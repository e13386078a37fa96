//! A child missing or away from home (HOTH-5) and the return home interview offered after they
//! come back (HOTH-6), for any child not in care; a child in care is recorded on their care record
//! instead (LA-6, `looked_after::checks`), so that no episode is recorded twice
//! (docs/decisions/0027). Work on the child's record: a partner agency only on their team's cases.
//! Times are typed as London wall-clock times and kept as instants.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use ff_domain::calendar::{london_date, london_time, london_to_utc};
use ff_domain::outside_home::{
    AwayKind, InterviewDraft, InterviewOutcome, MissingDraft, OutsideHomeSettings, check_interview, check_missing, check_return,
    interview_due, interview_overdue, suggests_screening,
};
use ff_domain::policy::Action;
use ff_domain::{RuleRefusal, ValidationErrors};
use ff_store::outside_home::MissingRow;
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::family_help::TrayItem;
use crate::{Ctx, Result, ServiceError, audit, parse_code, parsed, stale, trimmed};

/// The child went missing or was away from home without permission.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MissingFromHomeInput {
    /// missing (where they were was not known) or away (where they were was known, without
    /// permission).
    pub kind: String,
    /// When they went, as a London time: 2026-11-20T21:30:00.
    #[schema(value_type = String, example = "2026-11-20T21:30:00")]
    pub started_at: NaiveDateTime,
    /// Whether the police were told.
    #[serde(default)]
    pub reported_to_police: bool,
    /// When they came back, if they have (a London time).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub ended_at: Option<NaiveDateTime>,
    /// Where they were found or came back to.
    #[serde(default)]
    pub found_where: Option<String>,
}

/// The child came back.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MissingFromHomeReturn {
    /// The episode's version, as read (a stale one gets 409).
    pub version: i32,
    /// When they came back, as a London time.
    #[schema(value_type = String, example = "2026-11-21T09:15:00")]
    pub ended_at: NaiveDateTime,
    /// Where they were found or came back to.
    #[serde(default)]
    pub found_where: String,
    /// Whether the police were told (kept as it was if omitted).
    #[serde(default)]
    pub reported_to_police: Option<bool>,
}

/// The return home interview: held (with who held it, what the child said about where they were
/// and who with, and any signs of exploitation), or declined by the child.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ReturnInterviewInput {
    /// The episode's version, as read.
    pub version: i32,
    /// held or declined.
    pub outcome: String,
    /// The day it was held, or the day the child said no.
    pub on: NaiveDate,
    #[serde(default)]
    pub by: String,
    #[serde(default)]
    pub child_said: String,
    /// Signs of exploitation, in words; blank when none. Any suggest an exploitation risk
    /// screening.
    #[serde(default)]
    pub indicators: String,
}

/// A missing or away episode as the child's page shows it. Times are London times.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MissingFromHomeView {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    #[schema(value_type = String)]
    pub started_at: NaiveDateTime,
    pub reported_to_police: bool,
    #[schema(value_type = Option<String>)]
    pub ended_at: Option<NaiveDateTime>,
    pub found_where: Option<String>,
    /// When the return home interview is due (HOTH-6), once the child is back.
    #[schema(value_type = Option<String>)]
    pub interview_due: Option<NaiveDateTime>,
    /// Past its time with no interview held or declined.
    pub interview_overdue: bool,
    /// held or declined, once recorded.
    pub interview: Option<String>,
    pub interview_label: Option<String>,
    pub interview_on: Option<NaiveDate>,
    pub interview_by: Option<String>,
    pub child_said: Option<String>,
    pub indicators: Option<String>,
    /// Signs of exploitation were found and no screening has been recorded since the child came
    /// back: suggest one (HOTH-3).
    pub suggest_screening: bool,
    pub version: i32,
}

fn view(m: &MissingRow, s: &OutsideHomeSettings, now: DateTime<Utc>, last_screened: Option<NaiveDate>) -> MissingFromHomeView {
    let returned_on = m.ended_at.map(london_date);
    MissingFromHomeView {
        id: m.id,
        kind: m.kind.code().into(),
        kind_label: m.kind.label().into(),
        started_at: london_time(m.started_at),
        reported_to_police: m.reported_to_police,
        ended_at: m.ended_at.map(london_time),
        found_where: m.found_where.clone(),
        interview_due: m.ended_at.map(|e| london_time(interview_due(e, s))),
        interview_overdue: interview_overdue(m.ended_at, m.interview, now, s),
        interview: m.interview.map(|i| i.code().to_owned()),
        interview_label: m.interview.map(|i| i.label().to_owned()),
        interview_on: m.interview_on,
        interview_by: m.interview_by.clone(),
        child_said: m.child_said.clone(),
        indicators: m.indicators.clone(),
        suggest_screening: suggests_screening(m.indicators.as_deref(), returned_on, last_screened),
        version: m.version,
    }
}

crate::versioned::aggregate!(MissingRow, "missing_episode", "missing episode", |m, tx, la, read| {
    ff_store::outside_home::update_missing(tx, la, m, read)
});

async fn settings(tx: &mut Tx, ctx: &Ctx) -> Result<OutsideHomeSettings> {
    Ok(ff_store::settings::current(tx, ctx.la()).await?.map(|c| c.settings.outside_home).unwrap_or_default())
}

/// HOTH-5: a child in care on the day they went missing is recorded on their care record (the
/// 903 counts it there), never twice.
async fn check_not_in_care(tx: &mut Tx, ctx: &Ctx, child: Uuid, day: NaiveDate) -> Result<()> {
    let care = ff_store::looked_after::of_child(tx, ctx.la(), child).await?;
    if care.iter().any(|e| e.start_date <= day && e.end_date.is_none_or(|end| day < end)) {
        return Err(RuleRefusal {
            rule: "HOTH-5",
            message: "The child was in care that day: record this as missing from care on their care record, so it is recorded once."
                .into(),
        }
        .into());
    }
    Ok(())
}

/// Record that a child went missing or was away from home (HOTH-5), with their return if they
/// are already back. Every mistake at once; a child in care is recorded on their care record.
pub async fn record_missing(db: &Db, ctx: &Ctx, child: Uuid, input: &MissingFromHomeInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, child).await?;
    let person = ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    if person.merged_into.is_some() {
        return Err(crate::field_err("child_id", "This record was merged into another: record it on the child's current record"));
    }
    let mut errors = ValidationErrors::new();
    let kind = parse_code("kind", &input.kind, AwayKind::from_code, "Choose whether they were missing or away", &mut errors);
    let started_at = london_to_utc(input.started_at);
    let ended_at = input.ended_at.map(london_to_utc);
    let found_where = trimmed(&input.found_where);
    let episodes = ff_store::outside_home::missing_of_child(&mut tx, ctx.la(), child).await?;
    let open_since = episodes.iter().find(|m| m.ended_at.is_none()).map(|m| m.started_at);
    let draft = MissingDraft { started_at, ended_at, found_where: found_where.as_deref().unwrap_or("") };
    if let Err(e) = check_missing(&draft, open_since, ctx.now) {
        errors.0.extend(e.0);
    }
    errors.into_result(())?;
    check_not_in_care(&mut tx, ctx, child, london_date(started_at)).await?;
    let row = MissingRow {
        id: ctx.new_id(),
        child_id: child,
        kind: parsed(kind)?,
        started_at,
        reported_to_police: input.reported_to_police,
        ended_at,
        found_where,
        interview: None,
        interview_on: None,
        interview_by: None,
        child_said: None,
        indicators: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::outside_home::insert_missing(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "missing_episode", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "missing_episode", Some(row.id.to_string()), "missing from home recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The episode, once the caller may work on its child's record, at the version read.
async fn for_change(tx: &mut Tx, ctx: &Ctx, id: Uuid, version: i32) -> Result<MissingRow> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let m = ff_store::outside_home::get_missing(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("missing episode"))?;
    ctx.authorise_child(tx, Action::ContributeToCase, m.child_id).await?;
    if m.version != version {
        return Err(stale("missing episode", m.version));
    }
    Ok(m)
}

/// Record the child's return (HOTH-5): the return home interview is then due (HOTH-6). Returns
/// the child.
pub async fn record_return(db: &Db, ctx: &Ctx, id: Uuid, input: &MissingFromHomeReturn) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let m = for_change(&mut tx, ctx, id, input.version).await?;
    let ended_at = london_to_utc(input.ended_at);
    check_return(m.started_at, m.ended_at.is_some(), ended_at, &input.found_where, ctx.now)?;
    let (read, child) = (m.version, m.child_id);
    let next = MissingRow {
        ended_at: Some(ended_at),
        found_where: Some(input.found_where.trim().to_owned()),
        reported_to_police: input.reported_to_police.unwrap_or(m.reported_to_police),
        ..m
    };
    crate::versioned::save(&mut tx, ctx, read, next, "update", "return from missing recorded").await?;
    tx.commit().await?;
    Ok(child)
}

/// Record the return home interview, held or declined by the child (HOTH-6): once, after the
/// return. Returns the child.
pub async fn record_interview(db: &Db, ctx: &Ctx, id: Uuid, input: &ReturnInterviewInput) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let m = for_change(&mut tx, ctx, id, input.version).await?;
    let mut errors = ValidationErrors::new();
    let outcome = parse_code("outcome", &input.outcome, InterviewOutcome::from_code, "Choose whether it was held or declined", &mut errors);
    let draft = InterviewDraft {
        outcome: outcome.unwrap_or(InterviewOutcome::Declined),
        on: input.on,
        by: &input.by,
        child_said: &input.child_said,
        indicators: &input.indicators,
    };
    if let Err(e) = check_interview(m.ended_at.map(london_date), m.interview.is_some(), &draft, ctx.today()) {
        errors.0.extend(e.0);
    }
    errors.into_result(())?;
    let outcome = parsed(outcome)?;
    let held = outcome == InterviewOutcome::Held;
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let (read, child) = (m.version, m.child_id);
    let next = MissingRow {
        interview: Some(outcome),
        interview_on: Some(input.on),
        interview_by: if held { text(&input.by) } else { None },
        child_said: if held { text(&input.child_said) } else { None },
        indicators: if held { text(&input.indicators) } else { None },
        ..m
    };
    let summary = if held { "return home interview held" } else { "return home interview declined" };
    crate::versioned::save(&mut tx, ctx, read, next, "update", summary).await?;
    tx.commit().await?;
    Ok(child)
}

/// A child's missing and away episodes, newest first, read in the caller's transaction for anyone
/// who may read the child's record (the child's page audits the view once).
pub(crate) async fn read_missing(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<Vec<MissingFromHomeView>> {
    let rows = ff_store::outside_home::missing_of_child(tx, ctx.la(), child).await?;
    if rows.is_empty() {
        return Ok(vec![]);
    }
    let s = settings(tx, ctx).await?;
    let last_screened = ff_store::outside_home::screenings_of_child(tx, ctx.la(), child)
        .await?
        .iter()
        .filter(|r| r.withdrawn_at.is_none())
        .map(|r| r.screened_on)
        .max();
    Ok(rows.iter().map(|m| view(m, &s, ctx.now, last_screened)).collect())
}

/// A child's missing and away episodes (HOTH-5, HOTH-6). Audited as a view of the child's record.
pub async fn missing_for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<Vec<MissingFromHomeView>> {
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, child).await?;
    let out = read_missing(&mut tx, ctx, child).await?;
    audit(&mut tx, ctx, "view", "person", Some(child.to_string()), "missing from home viewed").await?;
    tx.commit().await?;
    Ok(out)
}

/// One episode with its child, for the forms that record the return and the interview. Audited
/// as a view of the child's record.
pub async fn missing_episode(db: &Db, ctx: &Ctx, id: Uuid) -> Result<(Uuid, MissingFromHomeView)> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let m = ff_store::outside_home::get_missing(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("missing episode"))?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, m.child_id).await?;
    let s = settings(&mut tx, ctx).await?;
    audit(&mut tx, ctx, "view", "missing_episode", Some(id.to_string()), "missing episode viewed").await?;
    tx.commit().await?;
    Ok((m.child_id, view(&m, &s, ctx.now, None)))
}

/// The returns of the children the tray's owner leads still waiting for their return home
/// interview (HOTH-6), due the council's hours after the return, with the time in the label.
pub(crate) async fn interview_tray_items(tx: &mut Tx, ctx: &Ctx, s: &OutsideHomeSettings) -> Result<Vec<TrayItem>> {
    let rows = ff_store::outside_home::interviews_waiting_for_lead(tx, ctx.la(), ctx.actor.user_id, 500).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let due = interview_due(r.ended_at, s);
            let local = london_time(due);
            TrayItem {
                child_id: r.child_id,
                child_name: format!("{} {}", r.given_name, r.family_name),
                episode_id: r.episode_id,
                kind: "return_interview".into(),
                label: format!("Return home interview after going missing, due by {}", local.format("%-d %b %Y at %H:%M")),
                due: local.date(),
                overdue: due < ctx.now,
                last_done: Some(london_date(r.ended_at)),
                last_done_text: Some(format!("Came back {}", london_time(r.ended_at).format("%-d %b %Y at %H:%M"))),
                lead: Some(ctx.actor.display_name.clone()),
            }
        })
        .collect())
}
