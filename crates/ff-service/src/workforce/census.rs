//! The children's social work workforce census for a census year (W-OUT-1): the council's
//! records on 30 September and in the year before it gathered in one transaction (audited once),
//! written as the census XML by `ff_returns::csww`, checked against the census rules, with the
//! workforce rates on the reference date beside the year before (W-RATE-1…7).
//!
//! Who is in it (workforce-and-partnerships.md A3): permanent workers in post on 30 September,
//! those who left in the year (a move between the council's posts is not leaving), and agency
//! workers in post that day, each with a Social Work England number (W-DEF-1; anyone without one
//! is left out and counted). What the records do not hold is never made up: an item with a
//! census code for "not known" or "not yet collected" gets that code, and an item without one
//! is left out; both are listed as gaps for the council to fill in before sending.

use std::collections::{HashMap, HashSet};

use chrono::Datelike;
use ff_domain::workforce::establishment as est;
use ff_returns::csww::{self, Census, Severity, Vacancies, Worker, unknown};

use super::establishment::{RateLine, counts_on, episode_facts, lines};
use super::*;

/// The items W-CSWW-1 asks for that have no "not known" code: written from the worker's record
/// where it holds them (date of birth; Step Up and Frontline from the qualification route), left
/// out where it does not, and each record without them reported as a gap.
pub const NOT_HELD: [&str; 3] = ["PersonBirthDate", "StepUpGrad", "FrontlineGrad"];

/// The first census year at worker level.
pub const FIRST_CENSUS_YEAR: i32 = 2017;

/// A finding of the census check, in plain words; the rule id is for the hint.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CensusFinding {
    /// W-CSWW-1…4, W-DEF-5, W-RATE-4, or XML, XSD-ORDER, XSD-VALUE for the layout.
    pub rule: String,
    /// The worker record, counted from 1 in the file.
    pub record: Option<usize>,
    pub swe_number: Option<String>,
    pub item: Option<String>,
    pub message: String,
}

/// An item the records do not hold, and what the census file has instead.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CensusGap {
    /// The census item, such as `PersonBirthDate`.
    pub item: String,
    pub label: String,
    /// What the file holds instead: "left out" or the code written.
    pub written: String,
    /// How many records it concerns.
    pub records: usize,
}

/// The census for a year: who is in it, the vacancies, what the check found, what the records
/// do not hold, and the rates on the reference date beside the year before.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkforceCensus {
    pub year: i32,
    /// 30 September of the year.
    pub reference_date: NaiveDate,
    /// 1 October the year before: leavers and sickness are counted from here.
    pub year_from: NaiveDate,
    /// The latest census year that can be made today.
    pub latest_year: i32,
    /// Worker records in the file.
    pub records: usize,
    pub permanent_in_post: usize,
    /// Permanent workers in post who started in the year.
    pub starters: usize,
    pub leavers: usize,
    pub agency_in_post: usize,
    /// People in scope left out for having no Social Work England number.
    pub left_out_unregistered: usize,
    /// Children held by the case holders in the file on 30 September.
    pub cases: i64,
    pub vacancies_fte: f64,
    pub agency_covering_fte: f64,
    pub agency_covering_headcount: i64,
    /// Working days lost to sickness in the year, over the records.
    pub sickness_days: f64,
    /// Errors the DfE would refuse (none for a file ready to send).
    pub errors: Vec<CensusFinding>,
    pub gaps: Vec<CensusGap>,
    /// The rates on the reference date and a year before (W-RATE-1…7).
    pub rates: Vec<RateLine>,
    pub counts: Vec<RateLine>,
}

fn label(item: &str) -> &'static str {
    match item {
        "PersonBirthDate" => "Date of birth",
        "StepUpGrad" => "Qualified through Step Up to Social Work",
        "FrontlineGrad" => "Qualified through Frontline",
        "GenderCurrent" => "Gender",
        "Ethnicity" => "Ethnicity",
        "QualInst" => "Where they qualified",
        "StartOrigin" => "Where a worker came from",
        "LeaverDestination" => "Where a leaver went",
        _ => "Other item",
    }
}

/// Checks the census year: from 2017 to the latest whose 30 September has come.
pub(crate) fn check_year(year: i32, today: NaiveDate) -> Result<i32> {
    let latest = est::census_date(today).year();
    if !(FIRST_CENSUS_YEAR..=latest).contains(&year) {
        return Err(field_err(
            "year",
            format!("Choose a census year from {FIRST_CENSUS_YEAR} to {latest}: each year's census is made once its 30 September has come"),
        ));
    }
    Ok(latest)
}

/// The census for `year` (the year whose 30 September is the reference date), and its XML.
/// Everything is read in one transaction and audited once.
pub async fn census(db: &Db, ctx: &Ctx, year: i32) -> Result<(WorkforceCensus, String)> {
    ctx.authorise(Action::ViewWorkforce)?;
    let latest_year = check_year(year, ctx.today())?;
    let on = csww::reference_date(year).ok_or_else(|| field_err("year", "Choose a census year"))?;
    let from = est::year_to(on);
    let last_on = on.checked_sub_months(chrono::Months::new(12)).unwrap_or(on);

    let mut tx = db.begin().await?;
    let (settings, _) = crate::settings_and_calendar(&mut tx, ctx.la()).await?;
    let days = settings.workforce.sickness_working_days;
    let counted = counts_on(&mut tx, ctx, on, days).await?;
    let this = counted.counts;
    let last = counts_on(&mut tx, ctx, last_on, days).await?.counts;
    let g = gather(&mut tx, ctx, on, from).await?;
    audit(&mut tx, ctx, "export", "workforce_census", Some(year.to_string()), "workforce census made").await?;
    tx.commit().await?;
    let Gathered { records, in_post, starters, leavers, agency_in_post, unregistered, cases, .. } = g;

    let x100 = |v: f64| (v * 100.0).round() as i64;
    // W-RATE-4/5 from the posts the assignments name (decision 0025).
    let covering = x100(this.agency_covering_vacancies);
    let headcount = counted.cover.headcount;
    let file = Census {
        year,
        lea: ctx.la().to_owned(),
        software: format!("Families First {}", env!("CARGO_PKG_VERSION")),
        created: ctx.now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        vacancies: Vacancies { fte_x100: x100(this.vacancies), agency_fte_x100: covering, agency_headcount: headcount },
        workers: records,
    };
    let xml = csww::write(&file);
    let findings = csww::check(&xml, &NOT_HELD);

    let permanent = file.workers.iter().filter(|w| !w.agency).count();
    let mut gaps: Vec<CensusGap> = NOT_HELD
        .iter()
        .map(|item| CensusGap {
            item: (*item).into(),
            label: label(item).into(),
            written: "left out".into(),
            records: findings.iter().filter(|f| f.severity == Severity::Gap && f.item.as_deref() == Some(item)).count(),
        })
        .collect();
    let written = |item: &str, code: &str, records: usize| CensusGap {
        item: item.into(),
        label: label(item).into(),
        written: if item == "QualInst" { format!("the words \"{code}\"") } else { format!("{code} (not known)") },
        records,
    };
    gaps.push(written("GenderCurrent", unknown::GENDER, permanent));
    gaps.push(written("Ethnicity", unknown::ETHNICITY, permanent));
    gaps.push(written("StartOrigin", unknown::START_ORIGIN, permanent));
    gaps.push(written("LeaverDestination", unknown::LEAVER_DESTINATION, leavers));
    gaps.push(written("QualInst", unknown::QUAL_INST, file.workers.len()));
    gaps.retain(|g| g.records > 0);
    let errors = findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| CensusFinding { rule: f.rule, record: f.record, swe_number: f.swe_number, item: f.item, message: f.message })
        .collect();
    let (rates, counts) = lines((&this, &est::rates(&this)), (&last, &est::rates(&last)));
    let summary = WorkforceCensus {
        year,
        reference_date: on,
        year_from: from,
        latest_year,
        records: file.workers.len(),
        permanent_in_post: in_post,
        starters,
        leavers,
        agency_in_post,
        left_out_unregistered: unregistered,
        cases,
        vacancies_fte: this.vacancies,
        agency_covering_fte: this.agency_covering_vacancies,
        agency_covering_headcount: headcount,
        sickness_days: file.workers.iter().filter_map(|w| w.working_days_lost_x100).sum::<i64>() as f64 / 100.0,
        errors,
        gaps,
        rates,
        counts,
    };
    Ok((summary, xml))
}

/// The census's worker records on `on` (30 September) for the year from `from`, read from the
/// records in the caller's transaction: permanent workers in post, leavers in the year and
/// agency workers in post, each with a Social Work England number (W-DEF-1), with the worker
/// records they came from. Shared by the census (W-OUT-1) and the region's workforce extract
/// (W-OUT-4); neither authorises nor audits here.
pub(crate) struct Gathered {
    pub records: Vec<Worker>,
    /// The worker records behind them, for what the census does not carry (the qualification
    /// route and date for the regional extract).
    pub workers: Vec<WorkerRow>,
    pub in_post: usize,
    pub starters: usize,
    pub leavers: usize,
    pub agency_in_post: usize,
    pub unregistered: usize,
    pub cases: i64,
}

pub(crate) async fn gather(tx: &mut Tx, ctx: &Ctx, on: NaiveDate, from: NaiveDate) -> Result<Gathered> {
    let posts = ff_store::workforce::posts_open_since(tx, ctx.la(), from).await?;
    let until = on.succ_opt().unwrap_or(on);
    let episodes = ff_store::workforce::episodes_between(tx, ctx.la(), from, until).await?;
    let agency = ff_store::workforce::assignments_running(tx, ctx.la(), on, on).await?;
    let sickness = ff_store::workforce::sickness_between(tx, ctx.la(), from, on).await?;
    let absent = ff_store::workforce::absences_on(tx, ctx.la(), on).await?;
    let mut ids: Vec<Uuid> = episodes.iter().map(|e| e.worker_id).chain(agency.iter().map(|a| a.worker_id)).collect();
    ids.sort();
    ids.dedup();
    let workers = ff_store::workforce::workers_with_ids(tx, ctx.la(), &ids).await?;
    let by_user: HashMap<Uuid, i64> = ff_store::workforce::caseloads_on(tx, ctx.la(), on, None).await?.into_iter().collect();

    // Each record looked up once by id, so that a council of any size is read in one pass.
    let by_id: HashMap<Uuid, &WorkerRow> = workers.iter().map(|w| (w.id, w)).collect();
    let worker = |id: Uuid| by_id.get(&id).copied();
    let post_of: HashMap<Uuid, &ff_store::workforce::PostRow> = posts.iter().map(|p| (p.id, p)).collect();
    let mut away_of: HashMap<Uuid, &ff_store::workforce::AbsenceRow> = HashMap::new();
    for a in &absent {
        away_of.entry(a.worker_id).or_insert(a);
    }
    let swe = |id: Uuid| worker(id).and_then(|w| w.swe_number.clone()).filter(|s| !s.trim().is_empty());
    let cases_of = |id: Uuid| worker(id).and_then(|w| w.user_id).and_then(|u| by_user.get(&u).copied()).unwrap_or(0);
    let mut sick: HashMap<Uuid, i64> = HashMap::new();
    for s in &sickness {
        *sick.entry(s.worker_id).or_default() += i64::from(s.days_lost_x100);
    }
    let facts: Vec<_> = episodes.iter().map(episode_facts).collect();
    let moves = est::Episodes::new(&facts);
    let unknowns = |w: Worker| Worker {
        gender: Some(unknown::GENDER.into()),
        ethnicity: Some(unknown::ETHNICITY.into()),
        qual_inst: vec![unknown::QUAL_INST.into()],
        start_origin: Some(unknown::START_ORIGIN.into()),
        ..w
    };

    let mut records = vec![];
    let (mut unregistered, mut starters, mut leavers, mut in_post, mut cases) = (0, 0, 0, 0, 0);
    let mut sickness_counted = HashSet::new();
    let mut sick_days = |id: Uuid| if sickness_counted.insert(id) { sick.get(&id).copied().unwrap_or(0) } else { 0 };
    for (e, f) in episodes.iter().zip(&facts) {
        let current = est::in_force(e.start_date, e.end_date, on);
        let left = e.end_date.is_some_and(|end| end >= from && end <= on) && moves.leaves(f);
        if !current && !left {
            continue;
        }
        let Some(number) = swe(e.worker_id) else {
            unregistered += 1;
            continue;
        };
        let post = post_of.get(&e.post_id).copied();
        let held = worker(e.worker_id);
        let route = held.and_then(|w| w.qualification_route);
        let base = unknowns(Worker {
            agency: false,
            swe_number: number,
            birth_date: held.and_then(|w| w.date_of_birth),
            step_up: route.map(|r| r == QualificationRoute::StepUp),
            frontline: route.map(|r| r == QualificationRoute::Frontline),
            org_role: post.map(|p| csww::org_role(p.role_type.code(), p.case_holding).to_owned()),
            role_start: Some(e.start_date),
            fte30: Some(e.fte),
            working_days_lost_x100: Some(sick_days(e.worker_id)),
            ..Default::default()
        });
        if current {
            in_post += 1;
            starters += usize::from(e.start_date >= from);
            let held = post.is_some_and(|p| p.case_holding).then(|| cases_of(e.worker_id));
            cases += held.unwrap_or(0);
            let away = away_of.get(&e.worker_id).copied();
            records.push(Worker {
                fte: Some(e.fte),
                cases30: held,
                absent_30_sept: vec![away.is_some()],
                reason_absence: away.map(|a| a.reason.code().to_owned()).into_iter().collect(),
                ..base
            });
        } else {
            leavers += 1;
            records.push(Worker {
                fte: Some(0),
                role_end: e.end_date,
                leaver_destination: Some(unknown::LEAVER_DESTINATION.into()),
                reason_leave: Some(e.reason_leave.map_or("10", |r| r.code()).to_owned()),
                ..base
            });
        }
    }
    let mut agency_in_post = 0;
    for a in &agency {
        let Some(number) = swe(a.worker_id) else {
            unregistered += 1;
            continue;
        };
        agency_in_post += 1;
        let held = cases_of(a.worker_id);
        cases += held;
        records.push(Worker {
            agency: true,
            swe_number: number,
            fte: Some(a.fte),
            qual_inst: vec![unknown::QUAL_INST.into()],
            cases30: Some(held),
            ..Default::default()
        });
    }

    Ok(Gathered { records, workers, in_post, starters, leavers, agency_in_post, unregistered, cases })
}

/// The census years a council can choose today, newest first.
pub fn census_years(today: NaiveDate) -> Vec<i32> {
    (FIRST_CENSUS_YEAR..=est::census_date(today).year()).rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_years_run_to_the_latest_30_september() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(check_year(2026, d(2026, 12, 7)).ok(), Some(2026));
        assert!(check_year(2026, d(2026, 9, 29)).is_err(), "its 30 September has not come");
        assert!(check_year(2016, d(2026, 12, 7)).is_err());
        assert_eq!(census_years(d(2026, 10, 1)).first(), Some(&2026));
        assert_eq!(census_years(d(2026, 10, 1)).last(), Some(&FIRST_CENSUS_YEAR));
    }
}
