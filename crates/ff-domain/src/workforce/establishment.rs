//! The council's establishment and the workforce rates (workforce-and-partnerships.md A1, A3, A5):
//! posts (W-SYS-2), permanent employment episodes (W-SYS-3), absences (W-SYS-6), and the rates
//! W-RATE-1…7 on a date, computed from counts so that the DfE's published England figures for
//! 30 September 2023 come out of the same formulas.
//!
//! - W-DEF-4: FTE is contracted hours ÷ the full-time hours (a setting, CONFIRM), never more
//!   than 1; two half posts make 1.0 (FTE is not de-duplicated).
//! - W-DEF-5: a census year runs 1 October to 30 September; flows (leavers, sickness) are counted
//!   in the year up to the date, stocks (posts, FTE in post, agency) on the date.
//! - W-DEF-6: a vacancy is funded post FTE with no permanent worker in it on the date, whether
//!   or not an agency worker covers it.
//! - An agency assignment counts at its FTE (1.0 unless it says otherwise). W-RATE-4/5: agency
//!   FTE covering vacancies is counted post by post from the post each assignment names: for each
//!   post, the least of its vacancy that day and the agency FTE naming it. Assignments that name
//!   no post are counted against the vacancies left over, up to them (decision 0025).

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// Why a permanent worker left (CSWW `ReasonLeave`, A3.2).
    ReasonLeave {
        Resignation => ("1", "Resignation"),
        VoluntaryRedundancy => ("2", "Voluntary redundancy"),
        CompulsoryRedundancy => ("3", "Compulsory redundancy"),
        Dismissed => ("4", "Dismissed"),
        Retired => ("5", "Retired"),
        Deceased => ("6", "Deceased"),
        MovedInLa => ("7", "Moved to a social work role in the council outside children and families"),
        Other => ("8", "Other"),
        NotKnown => ("9", "Not known"),
        NotYetCollected => ("10", "Not yet collected"),
    }
);

code_enum!(
    /// Why a worker was absent (CSWW `ReasonAbsence`, A3.2).
    AbsenceReason {
        Sick => ("SIC", "Sick leave"),
        Maternity => ("MAT", "Maternity, paternity or adoption leave"),
        OtherPaid => ("OTH", "Other paid authorised absence"),
        PublicDuties => ("PUB", "Paid absence for public duties, such as jury service"),
        Training => ("TRN", "Training"),
        Unauthorised => ("UNA", "Unauthorised absence"),
        Unpaid => ("UNP", "Unpaid authorised absence"),
    }
);

/// FTE as stored: millionths (the census keeps 6 decimal places, W-DEF-4).
pub const FTE_ONE: i64 = 1_000_000;

/// W-DEF-4: contracted minutes a week as FTE in millionths of the full-time week. Refused when
/// there are no hours or more than full time.
pub fn fte_of(weekly_minutes: u32, full_time_minutes: u32) -> Result<i64, RuleRefusal> {
    if weekly_minutes == 0 || full_time_minutes == 0 || weekly_minutes > full_time_minutes {
        return Err(RuleRefusal {
            rule: "W-DEF-4",
            message: format!(
                "Contracted hours are more than none and at most the council's full-time week of {} hours.",
                hours(full_time_minutes)
            ),
        });
    }
    Ok((i64::from(weekly_minutes) * FTE_ONE + i64::from(full_time_minutes) / 2) / i64::from(full_time_minutes))
}

/// Minutes a week as hours to two places, for messages ("37", "22.5").
pub fn hours(minutes: u32) -> String {
    let h = f64::from(minutes) / 60.0;
    if h.fract() == 0.0 { format!("{h:.0}") } else { format!("{:.2}", h).trim_end_matches('0').to_owned() }
}

/// The reference date of the latest census year on `today` (W-DEF-5): 30 September this year
/// once it has come, else last year's.
pub fn census_date(today: NaiveDate) -> NaiveDate {
    let this = NaiveDate::from_ymd_opt(today.year(), 9, 30).unwrap_or(today);
    if today >= this { this } else { NaiveDate::from_ymd_opt(today.year() - 1, 9, 30).unwrap_or(today) }
}

/// The first day of the year that ends on `on` (for 30 September: 1 October the year before).
pub fn year_to(on: NaiveDate) -> NaiveDate {
    on.checked_sub_months(chrono::Months::new(12)).and_then(|d| d.succ_opt()).unwrap_or(on)
}

/// Whether something running from `from` to `to` (its last day; none while it runs) is in force on
/// `on`.
pub fn in_force(from: NaiveDate, to: Option<NaiveDate>, on: NaiveDate) -> bool {
    from <= on && to.is_none_or(|t| t >= on)
}

/// A post (W-SYS-2) as the rates need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostFacts {
    pub id: uuid::Uuid,
    /// Funded FTE in millionths.
    pub funded: i64,
    pub case_holding: bool,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// A permanent employment episode (W-SYS-3) as the rates need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeFacts {
    pub worker: uuid::Uuid,
    pub post: uuid::Uuid,
    /// FTE in millionths.
    pub fte: i64,
    pub start: NaiveDate,
    /// The last day in the post.
    pub end: Option<NaiveDate>,
}

/// W-SYS-2: a post's dates and funded FTE (in millionths): more than none, at most 1.0, and an
/// end not before the start.
pub fn check_post(funded: i64, from: NaiveDate, to: Option<NaiveDate>, errors: &mut ValidationErrors) {
    if funded <= 0 || funded > FTE_ONE {
        errors.add("funded_fte", "Funded FTE is more than 0 and at most 1, for example 1 or 0.5");
    }
    if to.is_some_and(|t| t < from) {
        errors.add("to", "The post cannot close before it opens");
    }
}

/// W-SYS-3: a permanent episode in `post` from `start` to `end` for a worker whose other episodes
/// are `others`: the post is open for the whole of it, it ends on or after it starts, and the
/// worker holds no other permanent episode on any of its days. The refusal names the field.
pub fn check_episode(
    post: &PostFacts,
    start: NaiveDate,
    end: Option<NaiveDate>,
    others: &[EpisodeFacts],
) -> Result<(), (&'static str, RuleRefusal)> {
    let refuse = |field, message: String| Err((field, RuleRefusal { rule: "W-SYS-3", message }));
    if end.is_some_and(|e| e < start) {
        return refuse("end_date", "The end is on or after the start".into());
    }
    if start < post.from {
        return refuse("start_date", format!("The post opens on {}: the episode starts then or later", post.from.format("%-d %B %Y")));
    }
    if let Some(closed) = post.to
        && (start > closed || end.is_none_or(|e| e > closed))
    {
        return refuse(
            "post_id",
            format!("The post's last day is {}: choose a post open for the whole employment", closed.format("%-d %B %Y")),
        );
    }
    let far = NaiveDate::MAX;
    if let Some(o) = others.iter().find(|o| o.start <= end.unwrap_or(far) && start <= o.end.unwrap_or(far)) {
        return refuse(
            "start_date",
            format!("The worker already holds a permanent post from {}: end that first, or start after it", o.start.format("%-d %B %Y")),
        );
    }
    Ok(())
}

/// The counts the rates are made from, as the census returns them (FTE in whole units).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Funded FTE with no permanent worker in it on the date (W-DEF-6).
    pub vacancies: f64,
    /// FTE of permanent workers in post on the date.
    pub fte_in_post: f64,
    /// FTE of agency workers on the date.
    pub agency_fte: f64,
    /// Agency FTE covering vacancies on the date.
    pub agency_covering_vacancies: f64,
    /// FTE of permanent workers who left in the year to the date.
    pub leavers_fte: f64,
    /// Children held by case holders on the date (W-DEF-7).
    pub cases: f64,
    /// FTE of the case holders on the date.
    pub case_holder_fte: f64,
    /// Working days lost to sickness in the year to the date.
    pub sickness_days: f64,
    /// Working days in a year (the DfE's fixed count, CONFIRM: 252).
    pub working_days: f64,
}

/// W-RATE-1…7. A rate whose denominator is nothing is none, not zero.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rates {
    /// W-RATE-1: vacancies ÷ (vacancies + FTE in post), per cent.
    pub vacancy: Option<f64>,
    /// W-RATE-2: agency FTE ÷ (agency FTE + FTE in post), per cent.
    pub agency: Option<f64>,
    /// W-RATE-3: FTE leavers in the year ÷ FTE in post, per cent.
    pub turnover: Option<f64>,
    /// W-RATE-4: agency FTE covering vacancies ÷ vacancies, per cent.
    pub agency_cover: Option<f64>,
    /// W-RATE-5: agency FTE covering vacancies ÷ agency FTE, per cent.
    pub agency_on_vacancies: Option<f64>,
    /// W-RATE-6: cases ÷ case-holder FTE.
    pub caseload: Option<f64>,
    /// W-RATE-7: sickness days ÷ (FTE in post × working days), per cent.
    pub sickness: Option<f64>,
}

fn ratio(part: f64, whole: f64, scale: f64) -> Option<f64> {
    (whole > 0.0).then(|| part * scale / whole)
}

/// W-RATE-1…7 from the counts.
pub fn rates(c: &Counts) -> Rates {
    Rates {
        vacancy: ratio(c.vacancies, c.vacancies + c.fte_in_post, 100.0),
        agency: ratio(c.agency_fte, c.agency_fte + c.fte_in_post, 100.0),
        turnover: ratio(c.leavers_fte, c.fte_in_post, 100.0),
        agency_cover: ratio(c.agency_covering_vacancies, c.vacancies, 100.0),
        agency_on_vacancies: ratio(c.agency_covering_vacancies, c.agency_fte, 100.0),
        caseload: ratio(c.cases, c.case_holder_fte, 1.0),
        sickness: ratio(c.sickness_days, c.fte_in_post * c.working_days, 100.0),
    }
}

/// An agency assignment as the rates need it: its FTE (1.0 unless it says otherwise), dates and
/// the post it covers, if it names one (W-SYS-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyFacts {
    pub worker: uuid::Uuid,
    pub fte: i64,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub post: Option<uuid::Uuid>,
}

/// An agency assignment's FTE as typed (a fraction, 1 when left out): more than 0 and at most 1,
/// in millionths.
pub fn check_agency_fte(fte: Option<f64>, errors: &mut ValidationErrors) -> i64 {
    match fte {
        None => FTE_ONE,
        Some(f) if f.is_finite() && f > 0.0 && f <= 1.0 => ((f * FTE_ONE as f64).round() as i64).clamp(1, FTE_ONE),
        Some(_) => {
            errors.add("fte", "FTE is more than 0 and at most 1, for example 1 or 0.5");
            FTE_ONE
        }
    }
}

/// W-SYS-4: the post an agency assignment names is one of the council's posts (`post` is none
/// when it is not) in force on the assignment's start date.
pub fn check_named_post(post: Option<&PostFacts>, start: NaiveDate, errors: &mut ValidationErrors) {
    match post {
        None => errors.add("post_id", "Choose one of the council's posts, or no post"),
        Some(p) if !in_force(p.from, p.to, start) => errors.add(
            "post_id",
            format!("That post is not open on {}: choose a post open on the day the assignment starts", start.format("%-d %B %Y")),
        ),
        Some(_) => {}
    }
}

/// A post on a day: its funded FTE, the permanent FTE in it, its vacancy, the agency FTE of the
/// assignments naming it and how much of that covers the vacancy (W-DEF-6, W-RATE-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PostCover {
    pub funded: i64,
    pub filled: i64,
    pub vacant: i64,
    pub agency: i64,
    pub covering: i64,
}

/// Agency cover of vacancies on a day (W-RATE-4, W-RATE-5; decision 0025), FTE in millionths.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgencyCover {
    /// Agency FTE covering vacancies: `tied` + `untied`.
    pub covering: i64,
    /// Covering the vacancy of the post the assignment names: for each post, the least of its
    /// vacancy and the agency FTE naming it.
    pub tied: i64,
    /// Agency FTE of assignments naming no post (or a post not open that day).
    pub not_tied: i64,
    /// Of `not_tied`, counted as covering the vacancies no named assignment covers, up to them.
    pub untied: i64,
    /// Agency workers covering vacancies: those naming a post whose vacancy they share, in order
    /// of start, and of the rest at most as many as the vacancies left over rounded up.
    pub headcount: i64,
    /// Each post in force that day.
    pub posts: HashMap<uuid::Uuid, PostCover>,
}

/// W-RATE-4/5: the agency FTE covering vacancies on `on` from what is recorded (decision 0025).
/// For each post in force, its vacancy (funded FTE less the permanent FTE in it, never below none,
/// W-DEF-6) is covered by the FTE of the agency assignments in force naming it, up to the vacancy.
/// An assignment naming no post, or a post not open that day, is not tied to a post: together
/// they cover the vacancies left over, up to them (the rule used before posts were named).
pub fn agency_cover(posts: &[PostFacts], episodes: &[EpisodeFacts], agency: &[AgencyFacts], on: NaiveDate) -> AgencyCover {
    let mut cover = AgencyCover::default();
    for p in posts.iter().filter(|p| in_force(p.from, p.to, on)) {
        cover.posts.entry(p.id).or_default().funded += p.funded;
    }
    for e in episodes.iter().filter(|e| in_force(e.start, e.end, on)) {
        if let Some(p) = cover.posts.get_mut(&e.post) {
            p.filled += e.fte;
        }
    }
    for p in cover.posts.values_mut() {
        p.vacant = (p.funded - p.filled).max(0);
    }
    let mut naming: HashMap<uuid::Uuid, Vec<&AgencyFacts>> = HashMap::new();
    let mut untied_count: i64 = 0;
    for a in agency.iter().filter(|a| in_force(a.start, a.end, on)) {
        match a.post.filter(|p| cover.posts.contains_key(p)) {
            Some(p) => naming.entry(p).or_default().push(a),
            None => {
                cover.not_tied += a.fte;
                untied_count += 1;
            }
        }
    }
    for (post, mut list) in naming {
        list.sort_by_key(|a| (a.start, a.worker, a.fte));
        let Some(p) = cover.posts.get_mut(&post) else { continue };
        let mut left = p.vacant;
        for a in list {
            p.agency += a.fte;
            if left > 0 {
                cover.headcount += 1;
                left -= a.fte;
            }
        }
        p.covering = p.agency.min(p.vacant);
        cover.tied += p.covering;
    }
    let left_over: i64 = cover.posts.values().map(|p| p.vacant - p.covering).sum();
    cover.untied = cover.not_tied.min(left_over);
    // Whole vacancies rounded up: 0.5 of a vacancy can take one worker.
    cover.headcount += untied_count.min((left_over + FTE_ONE - 1) / FTE_ONE);
    cover.covering = cover.tied + cover.untied;
    cover
}

/// A sickness absence (W-SYS-6): the working days lost in hundredths, and its first day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SicknessFacts {
    pub from: NaiveDate,
    pub days_lost_x100: i64,
}

/// The records the counts come from.
#[derive(Debug, Clone, Default)]
pub struct Records<'a> {
    pub posts: &'a [PostFacts],
    pub episodes: &'a [EpisodeFacts],
    pub agency: &'a [AgencyFacts],
    pub sickness: &'a [SicknessFacts],
    /// Children held on the date by each case holder's worker record.
    pub cases: &'a [(uuid::Uuid, i64)],
}

/// Whether an episode that ends is a leaver (W-RATE-3; the census's leavers): not when the same
/// worker starts another permanent episode the next day or sooner (a move between the council's
/// posts).
pub fn leaves(e: &EpisodeFacts, all: &[EpisodeFacts]) -> bool {
    let Some(end) = e.end else { return false };
    !all.iter().any(|o| o.worker == e.worker && o != e && o.start > e.start && o.start <= end.succ_opt().unwrap_or(end))
}

/// The episodes by worker, so that `Episodes::leaves` looks only at the worker's own episodes
/// (`leaves` reads them all: quadratic over a council's whole history).
pub struct Episodes<'a> {
    by_worker: HashMap<uuid::Uuid, Vec<&'a EpisodeFacts>>,
}

impl<'a> Episodes<'a> {
    pub fn new(all: &'a [EpisodeFacts]) -> Self {
        let mut by_worker: HashMap<uuid::Uuid, Vec<&'a EpisodeFacts>> = HashMap::new();
        for e in all {
            by_worker.entry(e.worker).or_default().push(e);
        }
        Episodes { by_worker }
    }

    /// The same answer as `leaves(e, all)`.
    pub fn leaves(&self, e: &EpisodeFacts) -> bool {
        let Some(end) = e.end else { return false };
        let next = end.succ_opt().unwrap_or(end);
        !self.by_worker.get(&e.worker).is_some_and(|own| own.iter().any(|o| *o != e && o.start > e.start && o.start <= next))
    }
}

/// The counts on `on` from the records (W-DEF-4, W-DEF-6, W-DEF-7, W-SYS-2…7): posts and
/// episodes in force that day, agency assignments in force that day at their FTE, leavers and
/// sickness absences in the year to the day.
///
/// Each record is read a fixed number of times through hash maps, so an England-size workforce
/// is counted in milliseconds.
pub fn counts(r: &Records, on: NaiveDate, working_days: u32) -> Counts {
    counts_and_cover(r, on, working_days).0
}

/// The counts on `on` and the agency cover behind W-RATE-4/5 (`agency_cover`).
pub fn counts_and_cover(r: &Records, on: NaiveDate, working_days: u32) -> (Counts, AgencyCover) {
    let year_from = year_to(on);
    let units = |m: i64| m as f64 / FTE_ONE as f64;
    let in_post: Vec<&EpisodeFacts> = r.episodes.iter().filter(|e| in_force(e.start, e.end, on)).collect();
    let cover = agency_cover(r.posts, r.episodes, r.agency, on);
    let vacancies: i64 = cover.posts.values().map(|p| p.vacant).sum();
    let agency: Vec<&AgencyFacts> = r.agency.iter().filter(|a| in_force(a.start, a.end, on)).collect();
    let agency_fte: i64 = agency.iter().map(|a| a.fte).sum();
    let index = Episodes::new(r.episodes);
    let leavers: i64 =
        r.episodes.iter().filter(|e| e.end.is_some_and(|end| end >= year_from && end <= on) && index.leaves(e)).map(|e| e.fte).sum();
    // Case holders: permanent workers in a case-holding post and agency workers, on the date.
    let holding: HashSet<uuid::Uuid> = r.posts.iter().filter(|x| x.case_holding).map(|x| x.id).collect();
    let mut holders: Vec<(uuid::Uuid, i64)> = in_post
        .iter()
        .filter(|e| holding.contains(&e.post))
        .map(|e| (e.worker, e.fte))
        .chain(agency.iter().map(|a| (a.worker, a.fte)))
        .collect();
    holders.sort();
    let case_holder_fte: i64 = holders.iter().map(|h| h.1).sum();
    holders.dedup_by_key(|h| h.0);
    // The first count given for a worker, as a search from the start would find.
    let mut held: HashMap<uuid::Uuid, i64> = HashMap::new();
    for (w, n) in r.cases {
        held.entry(*w).or_insert(*n);
    }
    let cases: i64 = holders.iter().filter_map(|h| held.get(&h.0).copied()).sum();
    let sick: i64 = r.sickness.iter().filter(|s| s.from >= year_from && s.from <= on).map(|s| s.days_lost_x100).sum();
    let counts = Counts {
        vacancies: units(vacancies),
        fte_in_post: units(in_post.iter().map(|e| e.fte).sum()),
        agency_fte: units(agency_fte),
        agency_covering_vacancies: units(cover.covering),
        leavers_fte: units(leavers),
        cases: cases as f64,
        case_holder_fte: units(case_holder_fte),
        sickness_days: sick as f64 / 100.0,
        working_days: f64::from(working_days),
    };
    (counts, cover)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn one(x: Option<f64>) -> f64 {
        (x.unwrap() * 10.0).round() / 10.0
    }

    /// W-RATE-1…7 reproduce the DfE's England figures for 30 September 2023 from its counts.
    #[test]
    fn england_2023_from_the_published_counts_w_rate_1_to_7() {
        let c = Counts {
            vacancies: 7_722.7,
            fte_in_post: 33_119.1,
            agency_fte: 7_173.5,
            agency_covering_vacancies: 5_744.2,
            leavers_fte: 5_254.6,
            cases: 337_055.0,
            case_holder_fte: 21_111.4,
            sickness_days: 270_751.0,
            working_days: 252.0,
        };
        let r = rates(&c);
        assert_eq!(one(r.vacancy), 18.9, "W-RATE-1");
        assert_eq!(one(r.agency), 17.8, "W-RATE-2");
        assert_eq!(one(r.turnover), 15.9, "W-RATE-3");
        assert_eq!(one(r.agency_cover), 74.4, "W-RATE-4");
        assert_eq!(one(r.agency_on_vacancies), 80.1, "W-RATE-5");
        assert_eq!(one(r.caseload), 16.0, "W-RATE-6");
        assert_eq!(one(r.sickness), 3.2, "W-RATE-7");
        assert_eq!(rates(&Counts::default()), Rates::default(), "nothing to divide by is none");
    }

    #[test]
    fn fte_is_hours_over_the_full_time_week_w_def_4() {
        assert_eq!(fte_of(2220, 2220), Ok(FTE_ONE));
        assert_eq!(fte_of(1110, 2220), Ok(500_000));
        assert_eq!(fte_of(2250, 2250), Ok(FTE_ONE), "37.5 hours where that is full time");
        assert_eq!(fte_of(1000, 2220).unwrap(), 450_450);
        assert_eq!(fte_of(2221, 2220).unwrap_err().rule, "W-DEF-4");
        assert!(fte_of(0, 2220).is_err());
        assert_eq!(hours(2250), "37.5");
    }

    #[test]
    fn census_dates_w_def_5() {
        assert_eq!(census_date(d(2026, 12, 7)), d(2026, 9, 30));
        assert_eq!(census_date(d(2026, 9, 29)), d(2025, 9, 30));
        assert_eq!(year_to(d(2026, 9, 30)), d(2025, 10, 1));
    }

    #[test]
    fn episodes_stay_in_open_posts_and_never_overlap_w_sys_3() {
        let post = PostFacts { id: Uuid::nil(), funded: FTE_ONE, case_holding: true, from: d(2024, 1, 1), to: Some(d(2026, 3, 31)) };
        let mut errors = ValidationErrors::new();
        check_post(FTE_ONE + 1, d(2024, 1, 1), Some(d(2023, 1, 1)), &mut errors);
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["funded_fte", "to"], "W-SYS-2");
        assert!(check_episode(&post, d(2024, 2, 1), Some(d(2026, 3, 31)), &[]).is_ok());
        assert_eq!(check_episode(&post, d(2024, 2, 1), Some(d(2024, 1, 1)), &[]).unwrap_err().0, "end_date");
        assert_eq!(check_episode(&post, d(2023, 12, 1), None, &[]).unwrap_err().0, "start_date");
        assert_eq!(check_episode(&post, d(2026, 4, 1), None, &[]).unwrap_err().0, "post_id", "post closed");
        assert_eq!(check_episode(&post, d(2025, 4, 1), None, &[]).unwrap_err().0, "post_id", "runs past the close");
        let held = EpisodeFacts { worker: Uuid::nil(), post: Uuid::nil(), fte: FTE_ONE, start: d(2024, 1, 1), end: Some(d(2024, 6, 30)) };
        let e = check_episode(&post, d(2024, 6, 30), Some(d(2025, 1, 1)), std::slice::from_ref(&held)).unwrap_err();
        assert_eq!((e.0, e.1.rule), ("start_date", "W-SYS-3"));
        assert!(check_episode(&post, d(2024, 7, 1), Some(d(2025, 1, 1)), &[held]).is_ok(), "the next day is fine");
    }

    /// The counts from records: a post half-filled is half a vacancy; two half posts make 1.0;
    /// a move between posts is no leaver; agency cover is capped at the vacancies; the caseload
    /// is over the case holders' FTE (W-DEF-4, W-DEF-6, W-RATE-1…7).
    #[test]
    fn counts_from_records_w_rate_1_to_7() {
        let on = d(2026, 9, 30);
        let id = |n: u128| Uuid::from_u128(n);
        let post = |n, funded, case_holding| PostFacts { id: id(n), funded, case_holding, from: d(2020, 1, 1), to: None };
        let posts = vec![
            post(1, FTE_ONE, true),
            post(2, FTE_ONE, true),
            post(3, FTE_ONE, true),
            post(4, FTE_ONE, false),
            PostFacts { to: Some(d(2026, 6, 30)), ..post(5, FTE_ONE, true) },
        ];
        let ep = |w, p, fte, start, end| EpisodeFacts { worker: id(w), post: id(p), fte, start, end };
        let episodes = vec![
            ep(10, 1, FTE_ONE, d(2021, 1, 1), None),
            ep(11, 2, FTE_ONE / 2, d(2021, 1, 1), None),
            ep(12, 4, FTE_ONE, d(2021, 1, 1), None),
            // Left in the year.
            ep(13, 3, FTE_ONE, d(2021, 1, 1), Some(d(2026, 3, 31))),
            // Moved from post 5 to post 3: not a leaver.
            ep(14, 5, FTE_ONE / 2, d(2021, 1, 1), Some(d(2026, 4, 30))),
            ep(14, 3, FTE_ONE / 2, d(2026, 5, 1), None),
            // Left last year: not in this year's turnover.
            ep(15, 2, FTE_ONE, d(2021, 1, 1), Some(d(2025, 9, 30))),
        ];
        let agency = vec![
            AgencyFacts { worker: id(20), fte: FTE_ONE, start: d(2026, 1, 1), end: None, post: None },
            AgencyFacts { worker: id(21), fte: FTE_ONE, start: d(2026, 1, 1), end: Some(d(2026, 9, 29)), post: None },
        ];
        let sickness =
            vec![SicknessFacts { from: d(2026, 1, 5), days_lost_x100: 1_000 }, SicknessFacts { from: d(2025, 9, 1), days_lost_x100: 500 }];
        let cases = vec![(id(10), 15), (id(11), 6), (id(12), 3), (id(14), 7), (id(20), 18)];
        let r = Records { posts: &posts, episodes: &episodes, agency: &agency, sickness: &sickness, cases: &cases };
        let c = counts(&r, on, 252);
        assert_eq!(c.fte_in_post, 3.0, "1 + 0.5 + 1 + 0.5");
        assert_eq!(c.vacancies, 1.0, "post 2 half empty, post 3 half empty; post 5 closed");
        assert_eq!((c.agency_fte, c.agency_covering_vacancies), (1.0, 1.0));
        assert_eq!(c.leavers_fte, 1.0, "only the worker who left this year");
        assert_eq!((c.cases, c.case_holder_fte), (46.0, 3.0), "worker 12 is not in a case-holding post");
        assert_eq!(c.sickness_days, 10.0);
        let rates = rates(&c);
        assert_eq!(one(rates.vacancy), 25.0);
        assert_eq!(one(rates.agency), 25.0);
        assert_eq!(one(rates.turnover), 33.3);
        assert_eq!(one(rates.agency_cover), 100.0);
        assert_eq!(one(rates.caseload), 15.3);
        assert_eq!(rates.sickness.map(|s| (s * 1000.0).round() / 1000.0), Some(1.323));
    }

    /// W-RATE-4/5 from the posts assignments name (decision 0025): a post's vacancy is covered up
    /// to the agency FTE naming it; an assignment on a filled post covers no vacancy; one naming
    /// no post covers what is left over; with no post named the old rule is unchanged.
    #[test]
    fn agency_cover_from_named_posts_w_rate_4_and_5() {
        let on = d(2026, 9, 30);
        let id = |n: u128| Uuid::from_u128(n);
        let post = |n| PostFacts { id: id(n), funded: FTE_ONE, case_holding: true, from: d(2020, 1, 1), to: None };
        let posts = vec![post(1), post(2), post(3), PostFacts { to: Some(d(2026, 6, 30)), ..post(4) }];
        // Post 1 filled; posts 2 and 3 vacant (2.0 FTE of vacancies).
        let episodes = vec![EpisodeFacts { worker: id(10), post: id(1), fte: FTE_ONE, start: d(2021, 1, 1), end: None }];
        let ag = |w, fte, post| AgencyFacts { worker: id(w), fte, start: d(2026, 1, 1), end: None, post };
        let cover_of = |agency: &[AgencyFacts]| {
            let r = Records { posts: &posts, episodes: &episodes, agency, ..Default::default() };
            counts_and_cover(&r, on, 252)
        };
        // Nothing named: the old rule, the least of agency FTE and vacancies.
        let (c, cover) = cover_of(&[ag(20, FTE_ONE, None), ag(21, FTE_ONE, None), ag(22, FTE_ONE, None)]);
        assert_eq!((c.vacancies, c.agency_fte, c.agency_covering_vacancies), (2.0, 3.0, 2.0), "W-RATE-4");
        assert_eq!((cover.tied, cover.untied, cover.headcount), (0, 2 * FTE_ONE, 2));
        // One names the filled post: it covers no vacancy, the others cover the two vacancies.
        let (c, cover) = cover_of(&[ag(20, FTE_ONE, Some(id(1))), ag(21, FTE_ONE, None), ag(22, FTE_ONE, None)]);
        assert_eq!(c.agency_covering_vacancies, 2.0);
        assert_eq!(cover.posts[&id(1)], PostCover { funded: FTE_ONE, filled: FTE_ONE, vacant: 0, agency: FTE_ONE, covering: 0 });
        // Two name the filled post and one names no post: only 1.0 covers a vacancy.
        let (c, cover) = cover_of(&[ag(20, FTE_ONE, Some(id(1))), ag(21, FTE_ONE, Some(id(1))), ag(22, FTE_ONE, None)]);
        assert_eq!((c.vacancies, c.agency_covering_vacancies), (2.0, 1.0), "was min(3, 2) = 2 before posts were named");
        let r = rates(&c);
        assert_eq!(one(r.agency_cover), 50.0, "W-RATE-4: 1 of 2 vacancies covered");
        assert_eq!(one(r.agency_on_vacancies), 33.3, "W-RATE-5: 1 of 3 agency FTE on vacancies");
        assert_eq!((cover.tied, cover.untied, cover.not_tied, cover.headcount), (0, FTE_ONE, FTE_ONE, 1));
        // Two half-time workers share a vacancy; a third on the same post covers nothing more.
        let half = FTE_ONE / 2;
        let (c, cover) = cover_of(&[ag(20, half, Some(id(2))), ag(21, half, Some(id(2))), ag(22, FTE_ONE, Some(id(2)))]);
        assert_eq!((c.agency_fte, c.agency_covering_vacancies), (2.0, 1.0));
        assert_eq!((cover.tied, cover.headcount), (FTE_ONE, 2));
        assert_eq!(one(rates(&c).agency_on_vacancies), 50.0, "W-RATE-5");
        // Naming a post no longer open that day is not tied to a post.
        let (c, cover) = cover_of(&[ag(20, FTE_ONE, Some(id(4)))]);
        assert_eq!((c.agency_covering_vacancies, cover.not_tied, cover.untied), (1.0, FTE_ONE, FTE_ONE));
        // A named vacancy is covered before the unnamed take what is left.
        let (c, cover) = cover_of(&[ag(20, FTE_ONE, Some(id(3))), ag(21, FTE_ONE, None), ag(22, FTE_ONE, None)]);
        assert_eq!((c.agency_covering_vacancies, cover.tied, cover.untied, cover.headcount), (2.0, FTE_ONE, FTE_ONE, 2));
    }

    #[test]
    fn agency_fte_and_the_named_post_are_checked_w_sys_4() {
        let mut errors = ValidationErrors::new();
        assert_eq!(check_agency_fte(None, &mut errors), FTE_ONE);
        assert_eq!(check_agency_fte(Some(0.5), &mut errors), FTE_ONE / 2);
        assert!(errors.0.is_empty());
        for bad in [0.0, -1.0, 1.5, f64::NAN] {
            check_agency_fte(Some(bad), &mut errors);
        }
        assert_eq!(errors.0.len(), 4);
        let post = PostFacts { id: Uuid::nil(), funded: FTE_ONE, case_holding: true, from: d(2026, 1, 1), to: Some(d(2026, 6, 30)) };
        let mut errors = ValidationErrors::new();
        check_named_post(Some(&post), d(2026, 3, 1), &mut errors);
        assert!(errors.0.is_empty());
        check_named_post(Some(&post), d(2026, 7, 1), &mut errors);
        check_named_post(None, d(2026, 3, 1), &mut errors);
        assert_eq!(errors.0.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["post_id", "post_id"]);
    }

    /// An England-size workforce (40,000 workers in 40,000 posts, a year of moves and leavers,
    /// 7,000 agency workers) is counted in well under a second, and indexes give the answers a
    /// search through every record gives.
    #[test]
    fn counts_an_england_size_workforce_quickly() {
        let on = d(2026, 9, 30);
        let n: u128 = 40_000;
        let id = |k: u128| Uuid::from_u128(k);
        let posts: Vec<PostFacts> =
            (0..n).map(|k| PostFacts { id: id(k), funded: FTE_ONE, case_holding: k % 3 != 0, from: d(2020, 1, 1), to: None }).collect();
        let mut episodes = vec![];
        for k in 0..n * 8 / 10 {
            let end = (k % 10 == 0).then(|| d(2026, 3, 31));
            episodes.push(EpisodeFacts { worker: id(n + k), post: id(k), fte: FTE_ONE, start: d(2021, 1, 1), end });
            if k % 20 == 0 {
                // Moved to another post the next day.
                episodes.push(EpisodeFacts { worker: id(n + k), post: id(n - 1 - k), fte: FTE_ONE, start: d(2026, 4, 1), end: None });
            }
        }
        let agency: Vec<AgencyFacts> = (0..7_000u128)
            .map(|k| AgencyFacts {
                worker: id(3 * n + k),
                fte: FTE_ONE,
                start: d(2026, 1, 1),
                end: None,
                post: (k % 2 == 0).then(|| id(n - 1 - k)),
            })
            .collect();
        let cases: Vec<(Uuid, i64)> = (0..n).map(|k| (id(n + k), 15)).collect();
        let r = Records { posts: &posts, episodes: &episodes, agency: &agency, sickness: &[], cases: &cases };
        let started = std::time::Instant::now();
        let c = counts(&r, on, 252);
        assert!(started.elapsed() < std::time::Duration::from_secs(1), "took {:?}", started.elapsed());
        let index = Episodes::new(&episodes);
        for e in episodes.iter().step_by(997) {
            assert_eq!(index.leaves(e), leaves(e, &episodes));
        }
        assert!(c.vacancies > 0.0 && c.agency_covering_vacancies <= c.vacancies.min(c.agency_fte));
    }
}
