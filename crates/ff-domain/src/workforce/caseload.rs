//! Caseloads on a date and time spent face to face with families (workforce item 3). Pure: the
//! store counts allocations and visits, these rules say which count, weigh early-career workers
//! and add up by team and by role.
//!
//! - W-SYS-7: allocations are dated, so a caseload can be counted on any date.
//! - W-DEF-7: a case is a child allocated to a named case holder on the date (distinct children).
//! - W-SYS-16 and W-EC-4: a worker in their early career holds a reduced caseload (some councils
//!   count them as 0.6 of a full one); the share is the council's setting.
//! - W-RATE-6: the average caseload is cases held divided by the case holders, here each weighed
//!   as the early-career share when in their early career.
//! - W-EC-8: 100 hours of direct practice a year was proposed for every social worker; the
//!   figure is the council's setting, shown beside the time counted.

use chrono::{Days, Months, NaiveDate};

/// Whether an allocation is in force on `day` (W-SYS-7). It runs from its first day up to, not
/// including, the day it ended: a case moved to another worker on a day is the new worker's that
/// day (the old allocation ends on the day the new one starts), and a case closed on a day is no
/// longer anyone's that day. The store's query (`ff_store::workforce::caseloads_on`) is the same
/// test in SQL.
pub fn in_force(from: NaiveDate, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    from <= day && to.is_none_or(|t| t > day)
}

/// Whether a worker is in their early career on `day`: qualified on or before it and less than
/// `months` before it (W-EC-4: the assessed first year is 12 months).
pub fn early_career(qualified_on: Option<NaiveDate>, day: NaiveDate, months: u32) -> bool {
    match qualified_on {
        Some(q) if q <= day => q.checked_add_months(Months::new(months)).is_some_and(|end| day < end),
        _ => false,
    }
}

/// A worker's cap on a date: their role's cap, or for an early-career worker `percent` of it,
/// rounded down and never below one case (W-SYS-16, W-EC-4).
pub fn worker_cap(role_cap: u32, early: bool, percent: u32) -> u32 {
    if early { (role_cap * percent.min(100) / 100).max(1) } else { role_cap }
}

/// The period face-to-face time is counted over: the 12 months up to and including `on`.
pub fn year_to(on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = on.checked_sub_months(Months::new(12)).and_then(|d| d.checked_add_days(Days::new(1))).unwrap_or(on);
    (from, on)
}

/// Hours face to face, to one decimal place, from the visits recorded and the minutes each is
/// counted as (visits hold no duration: the minutes are the council's setting).
pub fn face_to_face_hours(visits: i64, minutes_per_visit: u32) -> f64 {
    let minutes = visits.max(0) as f64 * f64::from(minutes_per_visit);
    (minutes / 60.0 * 10.0).round() / 10.0
}

/// One case holder on a date: what the totals add up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    pub cases: i64,
    pub cap: u32,
    pub early_career: bool,
    pub visits: i64,
}

impl Load {
    pub fn over_cap(&self) -> bool {
        self.cases > i64::from(self.cap)
    }
}

/// A group's caseload (a team, a role, the council).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Totals {
    pub workers: u32,
    pub cases: i64,
    /// Cases per full caseload (W-RATE-6), to one decimal place: an early-career worker counts as
    /// `percent` of one. Zero when there are no case holders.
    pub average: f64,
    pub over_cap: u32,
    pub face_to_face_hours: f64,
}

/// Adds up the loads of a group.
pub fn totals<'a>(loads: impl IntoIterator<Item = &'a Load>, percent: u32, minutes_per_visit: u32) -> Totals {
    let (mut workers, mut cases, mut weight_pct, mut over_cap, mut visits) = (0u32, 0i64, 0u64, 0u32, 0i64);
    for l in loads {
        workers += 1;
        cases += l.cases;
        weight_pct += u64::from(if l.early_career { percent.min(100) } else { 100 });
        over_cap += u32::from(l.over_cap());
        visits += l.visits;
    }
    let average = if weight_pct == 0 { 0.0 } else { (cases as f64 * 100.0 / weight_pct as f64 * 10.0).round() / 10.0 };
    Totals { workers, cases, average, over_cap, face_to_face_hours: face_to_face_hours(visits, minutes_per_visit) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn w_sys_7_an_allocation_counts_from_its_first_day_until_the_day_it_ends() {
        let (from, to) = (d("2026-03-02"), Some(d("2026-06-01")));
        assert!(!in_force(from, to, d("2026-03-01")), "not before it starts");
        assert!(in_force(from, to, d("2026-03-02")), "its first day");
        assert!(in_force(from, to, d("2026-05-31")));
        assert!(!in_force(from, to, d("2026-06-01")), "moved on 1 June: the new worker's that day");
        assert!(in_force(from, None, d("2030-01-01")), "still allocated");
        assert!(!in_force(from, Some(from), from), "allocated and moved the same day: never held");
    }

    #[test]
    fn w_ec_4_early_career_is_the_first_months_after_qualifying() {
        let q = Some(d("2026-01-15"));
        assert!(!early_career(q, d("2026-01-14"), 12), "not yet qualified");
        assert!(early_career(q, d("2026-01-15"), 12));
        assert!(early_career(q, d("2027-01-14"), 12));
        assert!(!early_career(q, d("2027-01-15"), 12), "a year on");
        assert!(!early_career(None, d("2026-06-01"), 12), "no qualifying date: a full caseload");
    }

    #[test]
    fn w_sys_16_an_early_career_cap_is_the_councils_share_of_the_roles() {
        assert_eq!(worker_cap(18, false, 60), 18);
        assert_eq!(worker_cap(18, true, 60), 10, "0.6 of 18 is 10.8, rounded down");
        assert_eq!(worker_cap(12, true, 60), 7);
        assert_eq!(worker_cap(1, true, 10), 1, "never below one case");
        assert_eq!(worker_cap(18, true, 100), 18);
    }

    #[test]
    fn face_to_face_time_is_the_visits_at_the_councils_minutes_over_the_year_to_the_date() {
        assert_eq!(face_to_face_hours(0, 60), 0.0);
        assert_eq!(face_to_face_hours(3, 60), 3.0);
        assert_eq!(face_to_face_hours(5, 45), 3.8, "225 minutes");
        assert_eq!(year_to(d("2026-11-23")), (d("2025-11-24"), d("2026-11-23")));
        assert_eq!(year_to(d("2024-02-29")), (d("2023-03-01"), d("2024-02-29")));
    }

    #[test]
    fn w_rate_6_totals_weigh_early_career_workers() {
        let loads = [
            Load { cases: 20, cap: 18, early_career: false, visits: 10 },
            Load { cases: 6, cap: 10, early_career: true, visits: 5 },
            Load { cases: 0, cap: 18, early_career: false, visits: 0 },
        ];
        let t = totals(&loads, 60, 60);
        assert_eq!((t.workers, t.cases, t.over_cap), (3, 26, 1));
        assert_eq!(t.average, 10.0, "26 cases over 2.6 full caseloads");
        assert_eq!(t.face_to_face_hours, 15.0);
        let none = totals(&[], 60, 60);
        assert_eq!((none.workers, none.average), (0, 0.0));
    }
}
