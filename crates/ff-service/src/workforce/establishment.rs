//! The establishment: the council's funded posts (W-SYS-2), permanent employment episodes
//! (W-SYS-3) and absences (W-SYS-6), and the workforce rates on a date beside the year before
//! (W-RATE-1…7, W-OUT-3). The rules and the arithmetic are `ff_domain::workforce::establishment`;
//! here each action is authorised, parsed, decided, stored and audited in one transaction.

use std::collections::HashMap;

use ff_domain::workforce::RoleType;
use ff_domain::workforce::establishment::{
    self as est, AbsenceReason, AgencyCover, AgencyFacts, Counts, EpisodeFacts, FTE_ONE, PostFacts, Rates, ReasonLeave, Records,
    SicknessFacts,
};
use ff_domain::workforce::record::{Cohort, EARLY_CAREER_YEARS, LeadBalance, cohort, lead_balance};
use ff_store::workforce::{AbsenceRow, EpisodeRow, PostRow};

use super::*;
use crate::csv_cell;

/// A funded post to add (W-SYS-2).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PostInput {
    /// The team's id.
    pub team_id: Uuid,
    /// What the post is called, for example "Social worker, Hilltop".
    pub title: String,
    /// SW, SSW, AP, TM or IRO_CPC (the role types of the agency rules' job map).
    pub role_type: String,
    /// Funded FTE, more than 0 and at most 1.
    pub funded_fte: f64,
    /// Whether the post holds cases.
    pub case_holding: bool,
    pub from: NaiveDate,
    /// The day it closes, if known.
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

/// A post closes (it is never removed).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ClosePostInput {
    /// Its last day.
    pub to: NaiveDate,
    pub version: i32,
}

/// A permanent employment episode starts (W-SYS-3).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EmploymentInput {
    pub post_id: Uuid,
    /// Contracted hours a week; FTE is these over the council's full-time week.
    pub weekly_hours: f64,
    pub start_date: NaiveDate,
}

/// A permanent employment episode ends.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EndEmploymentInput {
    /// The last day in the post.
    pub end_date: NaiveDate,
    /// Why they left, as the workforce census codes it (1 resignation … 10 not yet collected).
    pub reason_leave: String,
    pub version: i32,
}

/// An absence (W-SYS-6).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AbsenceInput {
    /// SIC (sick leave), MAT, OTH, PUB, TRN, UNA or UNP, as the workforce census codes them.
    pub reason: String,
    pub from: NaiveDate,
    /// The last day of the absence.
    pub to: NaiveDate,
    /// Working days lost; when left out, the working days from the first to the last day.
    #[serde(default)]
    pub days_lost: Option<f64>,
}

/// A post as the pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostView {
    pub id: Uuid,
    pub team_id: Uuid,
    pub team: String,
    pub title: String,
    pub role_type: String,
    pub role_type_label: String,
    pub funded_fte: f64,
    pub case_holding: bool,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    /// FTE of permanent workers in it today.
    pub filled_fte: f64,
    /// Funded FTE with no permanent worker in it today (W-DEF-6); none once closed.
    pub vacant_fte: f64,
    /// Who holds it today, permanently, with their FTE in it.
    pub holders: Vec<PostHolder>,
    /// Agency workers whose assignment names it today, with the assignment's FTE (W-SYS-4).
    pub agency: Vec<PostHolder>,
    /// Of its vacancy today, the FTE those agency workers cover (W-RATE-4; decision 0025).
    pub covered_fte: f64,
    pub version: i32,
}

/// A permanent worker in a post today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostHolder {
    pub worker_id: Uuid,
    pub name: String,
    pub fte: f64,
}

/// A team to choose from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostTeam {
    pub id: Uuid,
    pub name: String,
}

/// The council's posts open today or later.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostsView {
    pub posts: Vec<PostView>,
    pub teams: Vec<PostTeam>,
    pub funded_fte: f64,
    pub vacant_fte: f64,
    /// Of the vacancies today, the FTE covered by agency workers naming the post.
    pub covered_fte: f64,
    /// Agency FTE today in assignments naming no post (not tied to a post).
    pub agency_not_tied_fte: f64,
}

/// A permanent episode as the worker's page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmploymentView {
    pub id: Uuid,
    pub post_id: Uuid,
    pub post_title: String,
    pub weekly_hours: f64,
    pub fte: f64,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub reason_leave: Option<String>,
    pub reason_leave_label: Option<String>,
    pub version: i32,
}

/// An absence as the worker's page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AbsenceView {
    pub id: Uuid,
    pub reason: String,
    pub reason_label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days_lost: f64,
}

/// One line of the rates: this year's and last year's value.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RateLine {
    pub key: String,
    pub label: String,
    /// The rule it follows (W-RATE-1…7), or the count's definition.
    pub rule: String,
    /// "%" for rates, "" for counts and the caseload.
    pub unit: String,
    pub this_year: Option<f64>,
    pub last_year: Option<f64>,
    pub this_display: String,
    pub last_display: String,
}

/// The workforce rates on a date beside the same date a year before (W-OUT-3).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkforceRates {
    pub on: NaiveDate,
    /// The same day a year before.
    pub last_on: NaiveDate,
    /// Leavers and sickness are counted from this day to `on`.
    pub year_from: NaiveDate,
    pub rates: Vec<RateLine>,
    pub counts: Vec<RateLine>,
    /// Workers in their first and second year after qualifying, and the apprentices among them
    /// (W-EC-1, W-EC-6).
    pub early_career: Vec<RateLine>,
    /// Lead child protection practitioners: accredited, designated, and each without the other.
    pub lcpp: Vec<RateLine>,
    /// Family help lead practitioners who are social workers and who are other practitioners,
    /// and the episodes each lead (the balance the DfE monitors).
    pub leads: Vec<RateLine>,
    /// Agency spend by calendar month for the 12 months up to `on`, oldest first (W-OUT-3).
    pub agency_spend: Vec<SpendLine>,
    /// The 12 months' spend together, in pounds.
    pub agency_spend_total: String,
    /// How the spend is worked out (assignments do not record the hours worked).
    pub spend_basis: String,
    /// Assignments over the region's cap on their start date that started or ran in the 12 months
    /// (W-AG-1, W-SYS-12), by where their sign-off stands.
    pub cap_breaches: CapBreaches,
    /// Posts by role type on `on` (funded, filled, vacant, covered by agency), by role.
    pub posts_by_role: Vec<RolePosts>,
    /// Agency FTE on `on` in assignments naming no post (or a post not open that day).
    pub agency_not_tied_fte: f64,
    /// Of it, the FTE counted as covering the vacancies no named assignment covers (decision 0025).
    pub agency_not_tied_covering_fte: f64,
}

/// The council's posts of a role type on a day: funded, filled by permanent workers, vacant, and
/// covered by agency workers naming them (W-SYS-2, W-DEF-6, W-RATE-4).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RolePosts {
    pub role_type: String,
    pub role_type_label: String,
    pub funded_fte: f64,
    /// Permanent FTE in the posts.
    pub filled_fte: f64,
    pub vacant_fte: f64,
    /// Of the vacancies, the agency FTE covering them through the posts the assignments name.
    pub covered_fte: f64,
    /// Agency FTE naming posts of the role, covering a vacancy or not.
    pub agency_fte: f64,
}

/// A month's agency spend.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpendLine {
    /// The month's first day.
    pub month: NaiveDate,
    /// Like "September 2026".
    pub month_label: String,
    /// Counted to this day (the date asked for, in its month).
    pub to: NaiveDate,
    pub pence: i64,
    /// In pounds, like £12,345.00.
    pub amount: String,
    /// Assignments that ran in the month.
    pub assignments: u32,
}

/// Assignments over the cap, counted and listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapBreaches {
    pub total: u32,
    /// Waiting for the director's and the chief executive's sign-off.
    pub awaiting: u32,
    /// Signed off by both.
    pub signed_off: u32,
    /// Ended before both had signed.
    pub ended_unsigned: u32,
    pub assignments: Vec<BreachLine>,
}

/// An assignment over the cap.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BreachLine {
    pub assignment_id: Uuid,
    pub worker_id: Uuid,
    pub worker_name: String,
    pub role_label: String,
    pub start_date: NaiveDate,
    /// What the cap covers, an hour.
    pub rate: String,
    /// The cap on the start date.
    pub cap: String,
    pub over_by: String,
    /// Awaiting sign-off, signed off by both, or ended before both signed.
    pub sign_off: String,
}

/// The agency spend by month and the cap breaches for the 12 months up to `on`.
async fn agency_money(tx: &mut Tx, ctx: &Ctx, on: NaiveDate, weekly_minutes: u32) -> Result<(Vec<SpendLine>, CapBreaches)> {
    use ff_domain::workforce::caps::{BreachFacts, SpendFacts, breaches, spend_by_month};
    let from = on.checked_sub_months(chrono::Months::new(11)).and_then(|d| chrono::Datelike::with_day(&d, 1)).unwrap_or(on);
    let running = ff_store::workforce::assignments_running(tx, ctx.la(), from, on).await?;
    let facts: Vec<SpendFacts> = running
        .iter()
        .map(|a| {
            let pence = [a.pay_pence, a.employer_ni_pence, a.holiday_pence, a.levy_pence, a.fee_pence]
                .iter()
                .map(|p| u32::try_from(*p).unwrap_or(0))
                .fold(0u32, u32::saturating_add);
            SpendFacts { start: a.start_date, end: a.ended_on, hourly_pence: pence }
        })
        .collect();
    let spend = spend_by_month(&facts, weekly_minutes, on, 12)
        .into_iter()
        .map(|m| SpendLine {
            month: m.month,
            month_label: m.month.format("%B %Y").to_string(),
            to: m.to,
            pence: m.pence,
            amount: ff_domain::support_packages::pounds(m.pence),
            assignments: m.assignments,
        })
        .collect();
    let over: Vec<AssignmentRow> = ff_store::workforce::assignments_between(tx, ctx.la(), from, on, None, 5_000)
        .await?
        .into_iter()
        .filter(|a| a.over_cap_by_pence.is_some_and(|p| p > 0))
        .collect();
    let ids: Vec<Uuid> = over.iter().map(|a| a.worker_id).collect();
    let workers = ff_store::workforce::workers_with_ids(tx, ctx.la(), &ids).await?;
    let facts: Vec<BreachFacts> = over
        .iter()
        .map(|a| BreachFacts {
            status: a.status,
            over_cap: true,
            dcs_signed: a.dcs_signed_on.is_some(),
            ceo_signed: a.ceo_signed_on.is_some(),
        })
        .collect();
    let b = breaches(&facts);
    let money = |p: Option<i32>| p.map_or("–".into(), |p| ff_domain::support_packages::pounds(i64::from(p)));
    let mut assignments: Vec<BreachLine> = over
        .iter()
        .zip(&facts)
        .map(|(a, f)| BreachLine {
            assignment_id: a.id,
            worker_id: a.worker_id,
            worker_name: workers.iter().find(|w| w.id == a.worker_id).map(|w| w.name.clone()).unwrap_or_default(),
            role_label: a.role_type.label().into(),
            start_date: a.start_date,
            rate: money(Some(a.pay_pence + a.employer_ni_pence + a.holiday_pence + a.levy_pence)),
            cap: money(a.cap_pence),
            over_by: money(a.over_cap_by_pence),
            sign_off: if f.dcs_signed && f.ceo_signed {
                "Signed off by both"
            } else if a.status == AssignmentStatus::Pending {
                "Awaiting sign-off"
            } else {
                "Ended before both signed"
            }
            .into(),
        })
        .collect();
    assignments.sort_by(|x, y| x.start_date.cmp(&y.start_date).then(x.assignment_id.cmp(&y.assignment_id)));
    Ok((
        spend,
        CapBreaches { total: b.total, awaiting: b.awaiting, signed_off: b.signed_off, ended_unsigned: b.ended_unsigned, assignments },
    ))
}

fn fte_units(m: i64) -> f64 {
    m as f64 / FTE_ONE as f64
}

pub(super) fn post_facts(p: &PostRow) -> PostFacts {
    PostFacts { id: p.id, funded: p.funded_fte, case_holding: p.case_holding, from: p.from_date, to: p.to_date }
}

pub(super) fn agency_facts(a: &AssignmentRow) -> AgencyFacts {
    AgencyFacts { worker: a.worker_id, fte: a.fte, start: a.start_date, end: a.ended_on, post: a.post_id }
}

pub(super) fn episode_facts(e: &EpisodeRow) -> EpisodeFacts {
    EpisodeFacts { worker: e.worker_id, post: e.post_id, fte: e.fte, start: e.start_date, end: e.end_date }
}

async fn post_row(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<PostRow> {
    ff_store::workforce::get_post(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("post"))
}

crate::versioned::aggregate!(PostRow, "post", "post", |p, tx, la, read| ff_store::workforce::close_post(tx, la, p, read));
crate::versioned::aggregate!(EpisodeRow, "employment_episode", "employment episode", |e, tx, la, read| {
    ff_store::workforce::end_episode(tx, la, e, read)
});

/// Add a funded post (W-SYS-2).
pub async fn add_post(db: &Db, ctx: &Ctx, input: &PostInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let title = text("title", &input.title, "what the post is called", &mut errors);
    let role = RoleType::from_code(input.role_type.trim());
    if role.is_none() {
        errors.add("role_type", "Choose the post's role type");
    }
    let funded = if input.funded_fte.is_finite() { (input.funded_fte * FTE_ONE as f64).round() as i64 } else { 0 };
    est::check_post(funded, input.from, input.to, &mut errors);
    errors.into_result(())?;
    let Some(role) = role else { return Err(ServiceError::Internal("parsed input missing".into())) };
    let mut tx = db.begin().await?;
    if !ff_store::users::list_teams(&mut tx, ctx.la()).await?.iter().any(|t| t.id == input.team_id) {
        return Err(field_err("team_id", "Choose one of the council's teams"));
    }
    let row = PostRow {
        id: ctx.new_id(),
        team_id: input.team_id,
        title,
        role_type: role,
        funded_fte: funded,
        case_holding: input.case_holding,
        from_date: input.from,
        to_date: input.to,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::workforce::insert_post(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "post", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "post", Some(row.id.to_string()), "post added").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Close a post at its version (W-SYS-2): on or after it opened, and not while a permanent worker
/// holds it after that day.
pub async fn close_post(db: &Db, ctx: &Ctx, id: Uuid, input: &ClosePostInput) -> Result<()> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut tx = db.begin().await?;
    let p = post_row(&mut tx, ctx, id).await?;
    if p.version != input.version {
        return Err(stale("post", p.version));
    }
    if input.to < p.from_date {
        return Err(field_err("to", "The post cannot close before it opens"));
    }
    if p.to_date.is_some_and(|t| t <= input.to) {
        return Err(field_err("to", "The post already closes by then"));
    }
    let held = ff_store::workforce::episodes_in_post(&mut tx, ctx.la(), id).await?;
    if let Some(e) = held.iter().find(|e| e.end_date.is_none_or(|end| end > input.to)) {
        return Err(field_err(
            "to",
            format!("A permanent worker holds the post from {}: end their episode first", e.start_date.format("%-d %B %Y")),
        ));
    }
    let next = PostRow { to_date: Some(input.to), ..p.clone() };
    crate::versioned::save(&mut tx, ctx, p.version, next, "update", "post closed").await?;
    tx.commit().await?;
    Ok(())
}

/// The council's posts open today or later, with what is filled and vacant today. Audited as a
/// view.
pub async fn posts(db: &Db, ctx: &Ctx) -> Result<PostsView> {
    ctx.authorise(Action::ViewWorkforce)?;
    let today = ctx.today();
    let mut tx = db.begin().await?;
    let teams = ff_store::users::list_teams(&mut tx, ctx.la()).await?;
    let rows = ff_store::workforce::posts_open_since(&mut tx, ctx.la(), today).await?;
    let held = ff_store::workforce::episodes_between(&mut tx, ctx.la(), today, today).await?;
    let running = ff_store::workforce::assignments_running(&mut tx, ctx.la(), today, today).await?;
    let ids: Vec<Uuid> = held.iter().map(|e| e.worker_id).chain(running.iter().map(|a| a.worker_id)).collect();
    let workers = ff_store::workforce::workers_with_ids(&mut tx, ctx.la(), &ids).await?;
    let names: HashMap<Uuid, &str> = workers.iter().map(|w| (w.id, w.name.as_str())).collect();
    let teams_by_id: HashMap<Uuid, &str> = teams.iter().map(|t| (t.id, t.name.as_str())).collect();
    let facts: Vec<PostFacts> = rows.iter().map(post_facts).collect();
    let episodes: Vec<EpisodeFacts> = held.iter().map(episode_facts).collect();
    let agency: Vec<AgencyFacts> = running.iter().map(agency_facts).collect();
    let cover = est::agency_cover(&facts, &episodes, &agency, today);
    let person = |worker: Uuid, fte: i64| PostHolder {
        worker_id: worker,
        name: names.get(&worker).map(|n| (*n).to_owned()).unwrap_or_default(),
        fte: fte_units(fte),
    };
    let mut holders: HashMap<Uuid, Vec<PostHolder>> = HashMap::new();
    let mut filled_by: HashMap<Uuid, i64> = HashMap::new();
    for e in &held {
        holders.entry(e.post_id).or_default().push(person(e.worker_id, e.fte));
        *filled_by.entry(e.post_id).or_default() += e.fte;
    }
    let mut covering: HashMap<Uuid, Vec<PostHolder>> = HashMap::new();
    for a in &running {
        if let Some(p) = a.post_id.filter(|_| est::in_force(a.start_date, a.ended_on, today)) {
            covering.entry(p).or_default().push(person(a.worker_id, a.fte));
        }
    }
    let mut posts: Vec<PostView> = rows
        .iter()
        .map(|p| {
            let on_day = cover.posts.get(&p.id).copied().unwrap_or_default();
            let filled = filled_by.get(&p.id).copied().unwrap_or(0);
            let open = est::in_force(p.from_date, p.to_date, today);
            PostView {
                id: p.id,
                team_id: p.team_id,
                team: teams_by_id.get(&p.team_id).map(|t| (*t).to_owned()).unwrap_or_default(),
                title: p.title.clone(),
                role_type: p.role_type.code().to_owned(),
                role_type_label: p.role_type.label().to_owned(),
                funded_fte: fte_units(p.funded_fte),
                case_holding: p.case_holding,
                from: p.from_date,
                to: p.to_date,
                filled_fte: fte_units(filled),
                vacant_fte: if open { fte_units((p.funded_fte - filled).max(0)) } else { 0.0 },
                holders: holders.remove(&p.id).unwrap_or_default(),
                agency: covering.remove(&p.id).unwrap_or_default(),
                covered_fte: fte_units(on_day.covering),
                version: p.version,
            }
        })
        .collect();
    posts.sort_by(|a, b| (a.team.as_str(), a.title.as_str(), a.id).cmp(&(b.team.as_str(), b.title.as_str(), b.id)));
    audit(&mut tx, ctx, "view", "posts", None, "posts viewed").await?;
    tx.commit().await?;
    let funded_fte = posts.iter().filter(|p| est::in_force(p.from, p.to, today)).map(|p| p.funded_fte).sum();
    let vacant_fte = posts.iter().map(|p| p.vacant_fte).sum();
    let (covered_fte, agency_not_tied_fte) = (fte_units(cover.tied), fte_units(cover.not_tied));
    let teams = teams.iter().map(|t| PostTeam { id: t.id, name: t.name.clone() }).collect();
    Ok(PostsView { posts, teams, funded_fte, vacant_fte, covered_fte, agency_not_tied_fte })
}

/// Start a permanent employment episode for a worker (W-SYS-3): FTE from the contracted hours
/// over the council's full-time week (W-DEF-4), in a post open throughout, overlapping none of the
/// worker's other permanent episodes.
pub async fn start_episode(db: &Db, ctx: &Ctx, worker: Uuid, input: &EmploymentInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageWorkforce)?;
    if !input.weekly_hours.is_finite() || input.weekly_hours <= 0.0 || input.weekly_hours > 168.0 {
        return Err(field_err("weekly_hours", "Enter the contracted hours a week, for example 37 or 22.5"));
    }
    if input.start_date > ctx.today() {
        return Err(field_err("start_date", "The start cannot be in the future"));
    }
    let minutes = (input.weekly_hours * 60.0).round() as u32;
    let mut tx = db.begin().await?;
    worker_row(&mut tx, ctx, worker).await?;
    ff_store::workforce::lock_worker(&mut tx, ctx.la(), worker).await?;
    let (settings, _) = crate::settings_and_calendar(&mut tx, ctx.la()).await?;
    let fte = est::fte_of(minutes, settings.workforce.full_time_minutes).map_err(|r| field_err("weekly_hours", r.message))?;
    let post =
        ff_store::workforce::get_post(&mut tx, ctx.la(), input.post_id).await?.ok_or_else(|| field_err("post_id", "No such post"))?;
    let others: Vec<EpisodeFacts> = ff_store::workforce::episodes_of(&mut tx, ctx.la(), worker).await?.iter().map(episode_facts).collect();
    est::check_episode(&post_facts(&post), input.start_date, None, &others).map_err(|(field, r)| field_err(field, r.message))?;
    let row = EpisodeRow {
        id: ctx.new_id(),
        worker_id: worker,
        post_id: post.id,
        weekly_minutes: i32::try_from(minutes).unwrap_or(i32::MAX),
        fte,
        start_date: input.start_date,
        end_date: None,
        reason_leave: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::workforce::insert_episode(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "employment_episode", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "employment_episode", Some(row.id.to_string()), "permanent employment started").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// End a permanent episode at its version, with why they left (W-SYS-3, CSWW `ReasonLeave`).
pub async fn end_episode(db: &Db, ctx: &Ctx, id: Uuid, input: &EndEmploymentInput) -> Result<()> {
    ctx.authorise(Action::ManageWorkforce)?;
    let Some(reason) = ReasonLeave::from_code(input.reason_leave.trim()) else {
        return Err(field_err("reason_leave", "Choose why they left"));
    };
    let mut tx = db.begin().await?;
    let e = ff_store::workforce::get_episode(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("employment episode"))?;
    if e.version != input.version || e.end_date.is_some() {
        return Err(stale("employment episode", e.version));
    }
    if input.end_date < e.start_date {
        return Err(field_err("end_date", "The end is on or after the start"));
    }
    if input.end_date > ctx.today() {
        return Err(field_err("end_date", "The end cannot be in the future"));
    }
    let next = EpisodeRow { end_date: Some(input.end_date), reason_leave: Some(reason), ..e.clone() };
    crate::versioned::save(&mut tx, ctx, e.version, next, "update", "permanent employment ended").await?;
    tx.commit().await?;
    Ok(())
}

/// Record an absence on the worker's record (W-SYS-6); the working days lost default to the
/// working days from the first day to the last.
pub async fn record_absence(db: &Db, ctx: &Ctx, worker: Uuid, input: &AbsenceInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let reason = AbsenceReason::from_code(input.reason.trim().to_uppercase().as_str());
    if reason.is_none() {
        errors.add("reason", "Choose why they were absent");
    }
    if input.to < input.from {
        errors.add("to", "The last day is on or after the first");
    }
    if input.from > ctx.today() {
        errors.add("from", "The first day cannot be in the future");
    }
    if input.days_lost.is_some_and(|d| !d.is_finite() || !(0.0..=366.0).contains(&d)) {
        errors.add("days_lost", "Working days lost are from 0 to 366");
    }
    errors.into_result(())?;
    let Some(reason) = reason else { return Err(ServiceError::Internal("parsed input missing".into())) };
    let mut tx = db.begin().await?;
    worker_row(&mut tx, ctx, worker).await?;
    let (_, calendar) = crate::settings_and_calendar(&mut tx, ctx.la()).await?;
    let working = calendar.working_days_between(input.from, input.to) + i64::from(calendar.is_working_day(input.from));
    let days = input.days_lost.unwrap_or(working as f64);
    if days > (input.to - input.from).num_days() as f64 + 1.0 {
        return Err(field_err("days_lost", "More working days lost than days between the first and the last"));
    }
    let row = AbsenceRow {
        id: ctx.new_id(),
        worker_id: worker,
        reason,
        from_date: input.from,
        to_date: input.to,
        days_lost_x100: (days * 100.0).round() as i32,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::workforce::insert_absence(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "worker_absence", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "worker_absence", Some(row.id.to_string()), "absence recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A worker's permanent episodes (newest first) and absences, for their page.
pub(super) async fn worker_records(tx: &mut Tx, ctx: &Ctx, worker: Uuid) -> Result<(Vec<EmploymentView>, Vec<AbsenceView>)> {
    let rows = ff_store::workforce::episodes_of(tx, ctx.la(), worker).await?;
    let mut episodes = vec![];
    for e in rows.iter().rev() {
        let title = ff_store::workforce::get_post(tx, ctx.la(), e.post_id).await?.map(|p| p.title).unwrap_or_default();
        episodes.push(EmploymentView {
            id: e.id,
            post_id: e.post_id,
            post_title: title,
            weekly_hours: f64::from(e.weekly_minutes) / 60.0,
            fte: fte_units(e.fte),
            start_date: e.start_date,
            end_date: e.end_date,
            reason_leave: e.reason_leave.map(|r| r.code().to_owned()),
            reason_leave_label: e.reason_leave.map(|r| r.label().to_owned()),
            version: e.version,
        });
    }
    let absences = ff_store::workforce::absences_of(tx, ctx.la(), worker)
        .await?
        .iter()
        .map(|a| AbsenceView {
            id: a.id,
            reason: a.reason.code().to_owned(),
            reason_label: a.reason.label().to_owned(),
            from: a.from_date,
            to: a.to_date,
            days_lost: f64::from(a.days_lost_x100) / 100.0,
        })
        .collect();
    Ok((episodes, absences))
}

/// The counts on `on` from the records, the agency cover behind W-RATE-4/5, and each post's role.
pub(super) struct Counted {
    pub counts: Counts,
    pub cover: AgencyCover,
    pub roles: HashMap<Uuid, RoleType>,
}

/// The counts on `on` from the records.
pub(super) async fn counts_on(tx: &mut Tx, ctx: &Ctx, on: NaiveDate, working_days: u32) -> Result<Counted> {
    let from = est::year_to(on);
    let rows = ff_store::workforce::posts_open_since(tx, ctx.la(), on).await?;
    let posts: Vec<PostFacts> = rows.iter().map(post_facts).collect();
    // Episodes running in the year (leavers) and the day after it ends (moves between posts).
    let until = on.succ_opt().unwrap_or(on);
    let episodes: Vec<EpisodeFacts> =
        ff_store::workforce::episodes_between(tx, ctx.la(), from, until).await?.iter().map(episode_facts).collect();
    let agency: Vec<AgencyFacts> = ff_store::workforce::assignments_running(tx, ctx.la(), on, on).await?.iter().map(agency_facts).collect();
    let sickness: Vec<SicknessFacts> = ff_store::workforce::sickness_between(tx, ctx.la(), from, on)
        .await?
        .iter()
        .map(|s| SicknessFacts { from: s.from_date, days_lost_x100: i64::from(s.days_lost_x100) })
        .collect();
    let mut ids: Vec<Uuid> = episodes.iter().map(|e| e.worker).chain(agency.iter().map(|a| a.worker)).collect();
    ids.sort();
    ids.dedup();
    let workers = ff_store::workforce::workers_with_ids(tx, ctx.la(), &ids).await?;
    let mut by_user: HashMap<Uuid, i64> = HashMap::new();
    for (u, n) in ff_store::workforce::caseloads_on(tx, ctx.la(), on, None).await? {
        by_user.entry(u).or_insert(n);
    }
    let cases: Vec<(Uuid, i64)> = workers.iter().filter_map(|w| w.user_id.and_then(|u| by_user.get(&u)).map(|n| (w.id, *n))).collect();
    let records = Records { posts: &posts, episodes: &episodes, agency: &agency, sickness: &sickness, cases: &cases };
    let (counts, cover) = est::counts_and_cover(&records, on, working_days);
    Ok(Counted { counts, cover, roles: rows.iter().map(|p| (p.id, p.role_type)).collect() })
}

/// The posts on a day by role type, in the job map's order, with the agency cover of each.
fn posts_by_role(c: &Counted) -> Vec<RolePosts> {
    RoleType::ALL
        .iter()
        .filter_map(|role| {
            let of_role: Vec<_> = c.cover.posts.iter().filter(|(id, _)| c.roles.get(id) == Some(role)).map(|(_, p)| p).collect();
            let sum = |f: fn(&est::PostCover) -> i64| fte_units(of_role.iter().map(|p| f(p)).sum());
            (!of_role.is_empty()).then(|| RolePosts {
                role_type: role.code().to_owned(),
                role_type_label: role.label().to_owned(),
                funded_fte: sum(|p| p.funded),
                filled_fte: sum(|p| p.filled.min(p.funded)),
                vacant_fte: sum(|p| p.vacant),
                covered_fte: sum(|p| p.covering),
                agency_fte: sum(|p| p.agency),
            })
        })
        .collect()
}

fn pct(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.1}%"))
}

fn one_place(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| crate::insight::grouped((v * 10.0).round() / 10.0))
}

fn line(key: &str, label: &str, rule: &str, unit: &str, a: Option<f64>, b: Option<f64>) -> RateLine {
    let show = |v| if unit == "%" { pct(v) } else { one_place(v) };
    RateLine {
        key: key.into(),
        label: label.into(),
        rule: rule.into(),
        unit: unit.into(),
        this_year: a.map(|v| (v * 10.0).round() / 10.0),
        last_year: b.map(|v| (v * 10.0).round() / 10.0),
        this_display: show(a),
        last_display: show(b),
    }
}

/// The people behind the rates on a day: the early-career cohort, the LCPP pipeline and the
/// balance of family help lead practitioners (W-OUT-3).
struct People {
    cohort: Cohort,
    /// Accredited, designated, both.
    lcpp: (i64, i64, i64),
    leads: LeadBalance,
}

async fn people_on(tx: &mut Tx, ctx: &Ctx, on: NaiveDate) -> Result<People> {
    let from = on.checked_sub_months(chrono::Months::new(12 * EARLY_CAREER_YEARS)).unwrap_or(on);
    let qualified: Vec<_> = ff_store::workforce::workers_qualified_between(tx, ctx.la(), from, on)
        .await?
        .iter()
        .map(|w| (w.qualified_on, w.qualification_route))
        .collect();
    Ok(People {
        cohort: cohort(&qualified, on),
        lcpp: ff_store::workforce::lcpp_pipeline(tx, ctx.la(), on).await?,
        leads: lead_balance(&ff_store::workforce::leads_by_role(tx, ctx.la(), on).await?),
    })
}

fn people_lines(this: &People, last: &People) -> [Vec<RateLine>; 3] {
    let n = |v: u32| Some(f64::from(v));
    let i = |v: i64| Some(v as f64);
    let (t, l) = (&this.cohort, &last.cohort);
    let early = vec![
        line("early_career_first", "In their first year after qualifying", "W-EC-1", "", n(t.first_year), n(l.first_year)),
        line("early_career_second", "In their second year after qualifying", "W-EC-1", "", n(t.second_year), n(l.second_year)),
        line("early_career_apprentices", "Of them, qualified by degree apprenticeship", "W-EC-6", "", n(t.apprentices), n(l.apprentices)),
    ];
    let ((ta, td, tb), (la, ld, lb)) = (this.lcpp, last.lcpp);
    let lcpp = vec![
        line("lcpp_accredited", "Accredited lead child protection practitioners", "W-SYS-1", "", i(ta), i(la)),
        line("lcpp_designated", "Designated to lead child protection work", "R-S47-1", "", i(td), i(ld)),
        line("lcpp_ready", "Accredited, not yet designated", "W-SYS-1", "", i(ta - tb), i(la - lb)),
        line("lcpp_unevidenced", "Designated, no accreditation on their worker record", "W-SYS-1", "", i(td - tb), i(ld - lb)),
    ];
    let (t, l) = (&this.leads, &last.leads);
    let leads = vec![
        line("leads_social_workers", "Lead practitioners who are social workers", "W-OUT-3", "", i(t.social_workers), i(l.social_workers)),
        line("leads_others", "Lead practitioners who are other practitioners", "W-OUT-3", "", i(t.others), i(l.others)),
        line(
            "led_by_social_workers",
            "Family help episodes led by a social worker",
            "W-OUT-3",
            "",
            i(t.social_worker_episodes),
            i(l.social_worker_episodes),
        ),
        line("led_by_others", "Family help episodes led by another practitioner", "W-OUT-3", "", i(t.other_episodes), i(l.other_episodes)),
        line("led_by_social_workers_share", "Share led by a social worker", "W-OUT-3", "%", t.social_worker_share, l.social_worker_share),
    ];
    [early, lcpp, leads]
}

pub(super) fn lines(this: (&Counts, &Rates), last: (&Counts, &Rates)) -> (Vec<RateLine>, Vec<RateLine>) {
    let (c, r) = this;
    let (lc, lr) = last;
    let rates = vec![
        line("vacancy_rate", "Vacancy rate", "W-RATE-1", "%", r.vacancy, lr.vacancy),
        line("agency_rate", "Agency worker rate", "W-RATE-2", "%", r.agency, lr.agency),
        line("turnover_rate", "Turnover rate", "W-RATE-3", "%", r.turnover, lr.turnover),
        line("agency_cover", "Vacancies covered by agency workers", "W-RATE-4", "%", r.agency_cover, lr.agency_cover),
        line("agency_on_vacancies", "Agency workers covering vacancies", "W-RATE-5", "%", r.agency_on_vacancies, lr.agency_on_vacancies),
        line("caseload", "Average caseload", "W-RATE-6", "", r.caseload, lr.caseload),
        line("sickness_rate", "Sickness absence rate", "W-RATE-7", "%", r.sickness, lr.sickness),
    ];
    let counts = vec![
        line("fte_in_post", "FTE in post (permanent)", "W-DEF-4", "", Some(c.fte_in_post), Some(lc.fte_in_post)),
        line("vacancies", "Vacancies (FTE)", "W-DEF-6", "", Some(c.vacancies), Some(lc.vacancies)),
        line("agency_fte", "Agency workers (FTE)", "W-DEF-2", "", Some(c.agency_fte), Some(lc.agency_fte)),
        line("leavers_fte", "Leavers in the year (FTE)", "W-RATE-3", "", Some(c.leavers_fte), Some(lc.leavers_fte)),
        line("cases", "Children held by case holders", "W-DEF-7", "", Some(c.cases), Some(lc.cases)),
        line("case_holder_fte", "Case holders (FTE)", "W-RATE-6", "", Some(c.case_holder_fte), Some(lc.case_holder_fte)),
        line("sickness_days", "Working days lost to sickness in the year", "W-RATE-7", "", Some(c.sickness_days), Some(lc.sickness_days)),
    ];
    (rates, counts)
}

/// The workforce rates on `on` (30 September of the latest census year when not given; never in
/// the future) beside the same day a year before (W-RATE-1…7, W-OUT-3). Audited as a view.
pub async fn rates_on(db: &Db, ctx: &Ctx, on: Option<NaiveDate>) -> Result<WorkforceRates> {
    ctx.authorise(Action::ViewWorkforce)?;
    let on = on.unwrap_or(est::census_date(ctx.today()));
    caseloads::check_day(on, ctx.today())?;
    let last_on = on.checked_sub_months(chrono::Months::new(12)).unwrap_or(on);
    let mut tx = db.begin().await?;
    let (settings, _) = crate::settings_and_calendar(&mut tx, ctx.la()).await?;
    let days = settings.workforce.sickness_working_days;
    let counted = counts_on(&mut tx, ctx, on, days).await?;
    let this = counted.counts;
    let last = counts_on(&mut tx, ctx, last_on, days).await?.counts;
    let (people, last_people) = (people_on(&mut tx, ctx, on).await?, people_on(&mut tx, ctx, last_on).await?);
    let weekly = settings.workforce.full_time_minutes;
    let (agency_spend, cap_breaches) = agency_money(&mut tx, ctx, on, weekly).await?;
    audit(&mut tx, ctx, "view", "workforce_rates", None, "workforce rates viewed").await?;
    tx.commit().await?;
    let (rates, counts) = lines((&this, &est::rates(&this)), (&last, &est::rates(&last)));
    let [early_career, lcpp, leads] = people_lines(&people, &last_people);
    let agency_spend_total = ff_domain::support_packages::pounds(agency_spend.iter().map(|m| m.pence).sum());
    let hours = f64::from(weekly) / 60.0;
    let spend_basis = format!(
        "Each agency assignment is counted at its hourly rate (pay, employer's National Insurance, holiday pay, levy and the agency's fee) for a full-time week of {} hours (the council's setting), spread over the seven days of each week it ran; assignments waiting for sign-off have not started and are not counted.",
        crate::insight::grouped(hours)
    );
    Ok(WorkforceRates {
        on,
        last_on,
        year_from: est::year_to(on),
        rates,
        counts,
        early_career,
        lcpp,
        leads,
        agency_spend,
        agency_spend_total,
        spend_basis,
        cap_breaches,
        posts_by_role: posts_by_role(&counted),
        agency_not_tied_fte: fte_units(counted.cover.not_tied),
        agency_not_tied_covering_fte: fte_units(counted.cover.untied),
    })
}

/// The rates and counts as CSV, a row each with this year's and last year's value.
pub fn rates_csv(r: &WorkforceRates) -> String {
    let mut out = String::from("section,key,label,rule,unit,this_year,last_year,on,last_on\n");
    let v = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    let sections = [("rates", &r.rates), ("counts", &r.counts), ("early_career", &r.early_career), ("lcpp", &r.lcpp), ("leads", &r.leads)];
    for (section, lines) in sections {
        for l in lines {
            out.push_str(&format!(
                "{section},{},{},{},{},{},{},{},{}\n",
                l.key,
                csv_cell(&l.label),
                l.rule,
                csv_cell(&l.unit),
                v(l.this_year),
                v(l.last_year),
                r.on,
                r.last_on
            ));
        }
    }
    // Agency spend a month in pounds (this_year; no year before), to the day counted.
    for m in &r.agency_spend {
        let pounds = format!("{}.{:02}", m.pence / 100, m.pence % 100);
        out.push_str(&format!("agency_spend,{},{},W-OUT-3,\"£\",{pounds},,{},\n", m.month.format("%Y-%m"), csv_cell(&m.month_label), m.to));
    }
    // Posts by role type on the day: funded, filled, vacant and covered FTE (no year before).
    for p in &r.posts_by_role {
        for (what, label, v) in [
            ("funded", "funded", p.funded_fte),
            ("filled", "filled by permanent workers", p.filled_fte),
            ("vacant", "vacant", p.vacant_fte),
            ("covered", "vacant and covered by agency workers naming the post", p.covered_fte),
        ] {
            let label = csv_cell(&format!("{} posts {label} (FTE)", p.role_type_label));
            out.push_str(&format!("posts,{}_{what},{label},W-RATE-4,,{v},,{},\n", p.role_type.to_lowercase(), r.on));
        }
    }
    out.push_str(&format!(
        "posts,agency_not_tied,Agency workers not tied to a post (FTE),W-RATE-4,,{},,{},\n",
        r.agency_not_tied_fte, r.on
    ));
    let b = &r.cap_breaches;
    for (key, label, n) in [
        ("total", "Assignments over the cap", b.total),
        ("awaiting", "Awaiting sign-off", b.awaiting),
        ("signed_off", "Signed off by both", b.signed_off),
        ("ended_unsigned", "Ended before both signed", b.ended_unsigned),
    ] {
        out.push_str(&format!("cap_breaches,{key},{},W-AG-1,,{n},,{},\n", csv_cell(label), r.on));
    }
    out
}
