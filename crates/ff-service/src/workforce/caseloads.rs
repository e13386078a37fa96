//! Caseloads on a date (W-SYS-7, W-DEF-7) by worker, team and role against the council's caps,
//! early-career workers' caps reduced (W-SYS-16, W-EC-4), and the time each case holder spent
//! face to face with families in the year to the date (W-EC-8), as a table and as CSV. The pure
//! rules are `ff_domain::workforce::caseload`.

use ff_domain::roles::Role;
use ff_domain::workforce::caseload::{self, Load, Totals};

use super::*;
use crate::csv_cell;

/// One case holder on the date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkerCaseload {
    /// Their user account.
    pub user_id: Uuid,
    pub name: String,
    /// family_help_practitioner, social_worker, lcpp or practice_supervisor.
    pub role: String,
    pub role_label: String,
    /// Distinct children they led that day (W-DEF-7).
    pub cases: i64,
    /// Their role's cap, reduced in their early career (W-SYS-16).
    pub cap: u32,
    pub over_cap: bool,
    /// Qualified less than the council's early-career months before the date (W-EC-4).
    pub early_career: bool,
    /// Visits they recorded in the year to the date.
    pub visits: i64,
    /// The visits at the council's minutes per visit, in hours to one place.
    pub face_to_face_hours: f64,
    /// Whether their account is still active.
    pub active: bool,
    /// W-SYS-17: their role needs a registered social worker and their worker record says the
    /// registration is not "registered" on the date: why.
    pub registration_flag: Option<String>,
}

/// The caseload of a group of case holders: a team, a role or the council.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseloadTotals {
    /// The team's or role's name, or "All case holders".
    pub label: String,
    pub workers: u32,
    pub cases: i64,
    /// Cases per full caseload (W-RATE-6): an early-career worker counts as the council's share
    /// of one.
    pub average: f64,
    /// How many are over their cap.
    pub over_cap: u32,
    pub face_to_face_hours: f64,
}

/// A team's case holders on the date (a worker in two teams is in both).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamCaseloads {
    /// None for case holders in no team.
    pub team_id: Option<Uuid>,
    pub team: String,
    pub workers: Vec<WorkerCaseload>,
    pub totals: CaseloadTotals,
}

/// A team to choose from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseloadTeam {
    pub id: Uuid,
    pub name: String,
}

/// The council's caseloads on a date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseloadsOnDate {
    pub on: NaiveDate,
    /// The team asked for, if any.
    pub team: Option<Uuid>,
    /// Face-to-face time is counted from this day to `on`, both included (a year).
    pub face_to_face_from: NaiveDate,
    pub minutes_per_visit: u32,
    /// The hours of direct practice a year each worker is expected to spend (W-EC-8).
    pub direct_practice_hours: u32,
    /// An early-career worker's cap as a percentage of their role's.
    pub early_career_percent: u32,
    /// How many months after qualifying a worker is in their early career.
    pub early_career_months: u32,
    pub teams: Vec<TeamCaseloads>,
    /// Each worker once, by role.
    pub by_role: Vec<CaseloadTotals>,
    /// Each worker once.
    pub total: CaseloadTotals,
    /// The council's teams, for choosing one.
    pub all_teams: Vec<CaseloadTeam>,
}

fn totals_view(label: &str, t: Totals) -> CaseloadTotals {
    CaseloadTotals {
        label: label.to_owned(),
        workers: t.workers,
        cases: t.cases,
        average: t.average,
        over_cap: t.over_cap,
        face_to_face_hours: t.face_to_face_hours,
    }
}

fn load_of(w: &WorkerCaseload) -> Load {
    Load { cases: w.cases, cap: w.cap, early_career: w.early_career, visits: w.visits }
}

/// The day asked for: not in the future, and in the years a record's date can take.
pub(super) fn check_day(on: NaiveDate, today: NaiveDate) -> Result<()> {
    use chrono::Datelike;
    if let Some(m) = ff_domain::calendar::implausible_year(on.year()) {
        return Err(field_err("on", &m));
    }
    if on > today {
        return Err(field_err("on", "The date must be today or in the past"));
    }
    Ok(())
}

/// Caseloads on `on` (today when not given), for `team` or every team: per case holder the
/// children they led that day against their cap, and the visits they recorded in the year to
/// that day. One query each for the teams, the case holders, their caseloads, their visits and
/// the council's team memberships, whatever the number of workers; audited as a view.
pub async fn caseloads_on(db: &Db, ctx: &Ctx, on: Option<NaiveDate>, team: Option<Uuid>) -> Result<CaseloadsOnDate> {
    ctx.authorise(Action::ViewWorkforce)?;
    let on = on.unwrap_or(ctx.today());
    check_day(on, ctx.today())?;
    let mut tx = db.begin().await?;
    let teams = ff_store::users::list_teams(&mut tx, ctx.la()).await?;
    if let Some(t) = team
        && !teams.iter().any(|x| x.id == t)
    {
        return Err(ServiceError::NotFound("team"));
    }
    let (settings, _) = crate::settings_and_calendar(&mut tx, ctx.la()).await?;
    let wf = &settings.workforce;
    let holders = ff_store::users::case_holders(&mut tx, ctx.la(), team).await?;
    let counts = ff_store::workforce::caseloads_on(&mut tx, ctx.la(), on, team).await?;
    let (from, _) = caseload::year_to(on);
    let visits = ff_store::workforce::visits_by(&mut tx, ctx.la(), from, on, team).await?;
    let memberships = ff_store::users::team_memberships(&mut tx, ctx.la()).await?;
    let ids: Vec<Uuid> = holders.iter().map(|u| u.id).collect();
    let records = ff_store::workforce::workers_of_users(&mut tx, ctx.la(), &ids).await?;
    audit(&mut tx, ctx, "view", "caseloads", Some(on.to_string()), format!("caseloads on {on} viewed")).await?;
    tx.commit().await?;

    let count = |list: &[(Uuid, i64)], id: Uuid| list.iter().find(|(u, _)| *u == id).map_or(0, |(_, n)| *n);
    let workers: Vec<WorkerCaseload> = holders
        .iter()
        .map(|u| {
            let early = caseload::early_career(u.qualification_date, on, wf.early_career_months);
            let cap = caseload::worker_cap(crate::family_help::cap_for(&settings, Some(u.role)), early, wf.early_career_caseload_percent);
            let (cases, seen) = (count(&counts, u.id), count(&visits, u.id));
            WorkerCaseload {
                user_id: u.id,
                name: u.display_name.clone(),
                role: u.role.code().to_owned(),
                role_label: u.role.label().to_owned(),
                cases,
                cap,
                over_cap: cases > i64::from(cap),
                early_career: early,
                visits: seen,
                face_to_face_hours: caseload::face_to_face_hours(seen, wf.minutes_per_visit),
                active: u.active,
                registration_flag: records
                    .iter()
                    .find(|w| w.user_id == Some(u.id))
                    .filter(|_| u.role.requires_swe_registration())
                    .and_then(|w| registration_flag(w.registration_status, w.registration_from, on)),
            }
        })
        // Someone who has left shows only on the days they held cases or saw families.
        .filter(|w| w.active || w.cases > 0 || w.visits > 0)
        .collect();

    let sum = |label: &str, ws: &[&WorkerCaseload]| {
        totals_view(
            label,
            caseload::totals(
                ws.iter().map(|w| load_of(w)).collect::<Vec<_>>().iter(),
                wf.early_career_caseload_percent,
                wf.minutes_per_visit,
            ),
        )
    };
    let mut by_team = vec![];
    for t in teams.iter().filter(|t| team.is_none_or(|x| x == t.id)) {
        let members: Vec<&WorkerCaseload> =
            workers.iter().filter(|w| memberships.iter().any(|(u, tm)| *u == w.user_id && *tm == t.id)).collect();
        if !members.is_empty() {
            by_team.push(TeamCaseloads {
                team_id: Some(t.id),
                team: t.name.clone(),
                totals: sum(&t.name, &members),
                workers: members.into_iter().cloned().collect(),
            });
        }
    }
    if team.is_none() {
        let alone: Vec<&WorkerCaseload> = workers.iter().filter(|w| !memberships.iter().any(|(u, _)| *u == w.user_id)).collect();
        if !alone.is_empty() {
            by_team.push(TeamCaseloads {
                team_id: None,
                team: "Not in a team".to_owned(),
                totals: sum("Not in a team", &alone),
                workers: alone.into_iter().cloned().collect(),
            });
        }
    }
    let by_role = [Role::FamilyHelpPractitioner, Role::SocialWorker, Role::Lcpp, Role::PracticeSupervisor]
        .iter()
        .filter_map(|r| {
            let of_role: Vec<&WorkerCaseload> = workers.iter().filter(|w| w.role == r.code()).collect();
            (!of_role.is_empty()).then(|| sum(r.label(), &of_role))
        })
        .collect();
    let total = sum("All case holders", &workers.iter().collect::<Vec<_>>());
    Ok(CaseloadsOnDate {
        on,
        team,
        face_to_face_from: from,
        minutes_per_visit: wf.minutes_per_visit,
        direct_practice_hours: wf.direct_practice_hours,
        early_career_percent: wf.early_career_caseload_percent,
        early_career_months: wf.early_career_months,
        teams: by_team,
        by_role,
        total,
        all_teams: teams.iter().map(|t| CaseloadTeam { id: t.id, name: t.name.clone() }).collect(),
    })
}

/// The caseloads as CSV, a row per worker per team.
pub fn caseloads_csv(c: &CaseloadsOnDate) -> String {
    let mut out = String::from("on,team,worker,role,cases,cap,over_cap,early_career,visits,face_to_face_hours\r\n");
    for t in &c.teams {
        for w in &t.workers {
            let cells = [
                c.on.to_string(),
                t.team.clone(),
                w.name.clone(),
                w.role_label.clone(),
                w.cases.to_string(),
                w.cap.to_string(),
                if w.over_cap { "yes" } else { "no" }.to_owned(),
                if w.early_career { "yes" } else { "no" }.to_owned(),
                w.visits.to_string(),
                format!("{:.1}", w.face_to_face_hours),
            ];
            out.push_str(&cells.iter().map(|s| csv_cell(s)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}
