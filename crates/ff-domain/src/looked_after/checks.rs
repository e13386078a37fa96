//! The care planning clocks of a child in care (families-first.md §4.6,
//! R-LAC-2): statutory visits (T28), health assessments (T29, T30), personal education plans
//! (T31), placement stability, and missing from care episodes (903 Missing table).
//!
//! - LA-5, what a check records: a visit, health assessment or education plan happens while the
//!   child is looked after and not in the future; the initial health assessment happens once per
//!   period of care (later ones are reviews); a statutory visit counts for the clock only when the
//!   child was seen.
//! - LA-6, missing from care (903 rules 567, 574, 578): a missing or away episode starts while
//!   the child is looked after and not in the future, never while another is still open, and ends
//!   on or after it began.
//!
//! Timescales the domain reference marks "verify" (T29, T31) are settings ([`CareSettings`]) with
//! the documented defaults, so a council can correct them without a release.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{PlacementType, ReasonNewEpisode};
use crate::calendar::{DayCounting, WorkingCalendar, add_calendar_months};
use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// What kind of care check was done.
    CareCheckKind {
        Visit => ("visit", "Statutory visit"),
        InitialHealth => ("initial_health", "Initial health assessment"),
        ReviewHealth => ("review_health", "Review health assessment"),
        Pep => ("pep", "Personal education plan meeting"),
    }
);

code_enum!(
    /// Missing or away from placement (903 MISSING).
    MissingKind {
        M => ("M", "Missing"),
        A => ("A", "Away from placement without authorisation"),
    }
);

/// The council's care clocks. Defaults are the national minimums in the domain
/// reference; a council may set stricter ones (T28 notes many visit every 4 weeks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CareSettings {
    /// T28: first visit within this many days of any placement starting (1 week).
    pub first_visit_days: u32,
    /// T28: then at most this many weeks between visits (6).
    pub visit_interval_weeks: u32,
    /// T28: after a long-term placement's first year, at most this many months (3).
    pub long_term_visit_interval_months: u32,
    /// T29 (verify): initial health assessment within this many working days of becoming looked
    /// after (20).
    pub initial_health_wd: u32,
    /// T30: review health assessments every this many months for children under 5 (6).
    pub health_review_months_under_five: u32,
    /// T30: and for children aged 5 and over (12).
    pub health_review_months: u32,
    /// T31 (verify): the first personal education plan within this many working days of becoming
    /// looked after (20 school days in the guidance; the council's term calendar is not yet held,
    /// so working days stand in).
    pub pep_first_wd: u32,
    /// T31: education plans are reviewed termly: at most this many months apart (4).
    pub pep_review_months: u32,
    /// Children from this age have an education plan (5: compulsory school age; many councils
    /// start at 3).
    pub pep_from_age: u32,
    /// Placement stability: warn at this many placement moves in 12 months (3, the 903 measure).
    pub stability_moves_warning: u32,
}

impl Default for CareSettings {
    fn default() -> Self {
        Self {
            first_visit_days: 7,
            visit_interval_weeks: 6,
            long_term_visit_interval_months: 3,
            initial_health_wd: 20,
            health_review_months_under_five: 6,
            health_review_months: 12,
            pep_first_wd: 20,
            pep_review_months: 4,
            pep_from_age: 5,
            stability_moves_warning: 3,
        }
    }
}

impl CareSettings {
    pub fn validate(&self, errors: &mut crate::ValidationErrors) {
        for (field, value, range, unit) in [
            ("looked_after.first_visit_days", self.first_visit_days, 1..=14, "days"),
            ("looked_after.visit_interval_weeks", self.visit_interval_weeks, 1..=6, "weeks"),
            ("looked_after.long_term_visit_interval_months", self.long_term_visit_interval_months, 1..=3, "months"),
            ("looked_after.initial_health_wd", self.initial_health_wd, 1..=40, "working days"),
            ("looked_after.health_review_months_under_five", self.health_review_months_under_five, 1..=6, "months"),
            ("looked_after.health_review_months", self.health_review_months, 1..=12, "months"),
            ("looked_after.pep_first_wd", self.pep_first_wd, 1..=40, "working days"),
            ("looked_after.pep_review_months", self.pep_review_months, 1..=6, "months"),
            ("looked_after.pep_from_age", self.pep_from_age, 0..=5, "years"),
            ("looked_after.stability_moves_warning", self.stability_moves_warning, 2..=10, "moves"),
        ] {
            if !range.contains(&value) {
                errors.add(field, format!("Enter a number of {unit} from {} to {}", range.start(), range.end()));
            }
        }
    }
}

/// A placement intended to last until the child is 18 (T28's longer visit interval): long-term
/// foster placements.
pub fn is_long_term(kind: PlacementType) -> bool {
    matches!(kind, PlacementType::U1 | PlacementType::U4)
}

/// Whether an episode's start is the start of a placement (T28 "any placement"): every reason but
/// a change of legal status alone.
pub fn starts_placement(rne: ReasonNewEpisode) -> bool {
    rne != ReasonNewEpisode::L
}

/// LA-5: whether a check can be recorded as described. `looked_after_since` is the start of the
/// current period of care (none if the child is not looked after); `initial_done` says whether
/// this period already has an initial health assessment.
pub fn check_care_check(
    kind: CareCheckKind,
    held_on: NaiveDate,
    looked_after_since: Option<NaiveDate>,
    initial_done: bool,
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    let refuse = |message: &str| Err(RuleRefusal { rule: "LA-5", message: message.into() });
    let Some(since) = looked_after_since else {
        return refuse("The child is not looked after, so there is no care visit or assessment to record.");
    };
    if held_on > today {
        return refuse("The date cannot be in the future.");
    }
    if held_on < since {
        return refuse("The date must be on or after the child became looked after.");
    }
    if kind == CareCheckKind::InitialHealth && initial_done {
        return refuse("The initial health assessment for this period of care is already recorded: record a review health assessment.");
    }
    Ok(())
}

/// T28: when the next statutory visit is due. `placement_since` is when the current placement
/// began, `visits` the dates the child was seen on visits in this placement (any order).
pub fn next_visit_due(placement_since: NaiveDate, long_term: bool, visits: &[NaiveDate], s: &CareSettings) -> NaiveDate {
    let last = visits.iter().filter(|v| **v >= placement_since).max().copied();
    match last {
        None => placement_since + chrono::Days::new(u64::from(s.first_visit_days)),
        Some(last) if long_term && last >= add_calendar_months(placement_since, 12) => {
            add_calendar_months(last, s.long_term_visit_interval_months)
        }
        Some(last) => last + chrono::Days::new(u64::from(s.visit_interval_weeks) * 7),
    }
}

/// T29–T30: which health assessment is next and when. The initial one within the set working
/// days of becoming looked after; then reviews 6-monthly under 5 and yearly from 5 (the age on
/// the day of the last assessment).
pub fn next_health_due(
    looked_after_since: NaiveDate,
    last: Option<NaiveDate>,
    date_of_birth: Option<NaiveDate>,
    s: &CareSettings,
    cal: &WorkingCalendar,
    counting: DayCounting,
) -> (CareCheckKind, NaiveDate) {
    match last {
        None => (CareCheckKind::InitialHealth, cal.add_working_days(looked_after_since, s.initial_health_wd, counting)),
        Some(last) => {
            let under_five = date_of_birth.and_then(|b| crate::people::age(Some(b), last)).is_some_and(|a| a < 5);
            let months = if under_five { s.health_review_months_under_five } else { s.health_review_months };
            (CareCheckKind::ReviewHealth, add_calendar_months(last, months))
        }
    }
}

/// T31: when the next personal education plan is due, or none for a child too young for one
/// (their age today under the set age).
pub fn next_pep_due(
    looked_after_since: NaiveDate,
    last: Option<NaiveDate>,
    age_today: Option<u32>,
    s: &CareSettings,
    cal: &WorkingCalendar,
    counting: DayCounting,
) -> Option<NaiveDate> {
    if age_today.is_none_or(|a| a < s.pep_from_age) {
        return None;
    }
    Some(match last {
        None => cal.add_working_days(looked_after_since, s.pep_first_wd, counting),
        Some(last) => add_calendar_months(last, s.pep_review_months),
    })
}

/// Placement stability: how many placement moves (a new placement within a period of care) began
/// in the 12 months up to `today`. `episodes` are (start, reason) pairs.
pub fn placement_moves_in_year(episodes: &[(NaiveDate, ReasonNewEpisode)], today: NaiveDate) -> u32 {
    let year_ago = NaiveDate::from_ymd_opt(today.year() - 1, today.month(), today.day()).unwrap_or(today - chrono::Days::new(365));
    let n = episodes
        .iter()
        .filter(|(start, rne)| *start > year_ago && *start <= today && *rne != ReasonNewEpisode::S && starts_placement(*rne))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// LA-6: a missing or away episode starting on `start`. `open_missing` says whether one is still
/// open.
pub fn check_missing_start(
    start: NaiveDate,
    looked_after_since: Option<NaiveDate>,
    open_missing: bool,
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    let refuse = |message: &str| Err(RuleRefusal { rule: "LA-6", message: message.into() });
    let Some(since) = looked_after_since else {
        return refuse("The child is not looked after: record a missing episode while they are in care (903 rule 578).");
    };
    if start > today {
        return refuse("The date cannot be in the future.");
    }
    if start < since {
        return refuse("The date must be on or after the child became looked after (903 rule 578).");
    }
    if open_missing {
        return refuse("The child is already recorded as missing: record their return first (903 rule 574).");
    }
    Ok(())
}

/// LA-6: the child returned on `end`.
pub fn check_missing_end(start: NaiveDate, end: NaiveDate, today: NaiveDate) -> Result<(), RuleRefusal> {
    if end > today {
        return Err(RuleRefusal { rule: "LA-6", message: "The date cannot be in the future.".into() });
    }
    if end < start {
        return Err(RuleRefusal { rule: "LA-6", message: "The child cannot return before they went missing (903 rule 567).".into() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::new(crate::calendar::england_and_wales_bank_holidays_2022_2028().into_iter().map(|h| h.date))
    }

    #[test]
    fn visits_fall_due_a_week_after_a_placement_starts_then_six_weekly_t28() {
        let s = CareSettings::default();
        let start = d(2026, 9, 1);
        assert_eq!(next_visit_due(start, false, &[], &s), d(2026, 9, 8));
        assert_eq!(next_visit_due(start, false, &[d(2026, 9, 4)], &s), d(2026, 10, 16));
        // A visit before this placement began does not count.
        assert_eq!(next_visit_due(start, false, &[d(2026, 8, 20)], &s), d(2026, 9, 8));
        // A long-term placement: six-weekly in its first year, then three-monthly.
        assert_eq!(next_visit_due(start, true, &[d(2027, 3, 1)], &s), d(2027, 4, 12));
        assert_eq!(next_visit_due(start, true, &[d(2027, 9, 10)], &s), d(2027, 12, 10));
        // A council's stricter cadence.
        let strict = CareSettings { visit_interval_weeks: 4, ..s };
        assert_eq!(next_visit_due(start, false, &[d(2026, 9, 4)], &strict), d(2026, 10, 2));
    }

    #[test]
    fn health_assessments_initial_in_20_working_days_then_by_age_t29_t30() {
        let s = CareSettings::default();
        // Monday 2 November 2026 + 20 working days = Monday 30 November.
        assert_eq!(
            next_health_due(d(2026, 11, 2), None, Some(d(2015, 1, 1)), &s, &cal(), DayCounting::EventIsDayZero),
            (CareCheckKind::InitialHealth, d(2026, 11, 30))
        );
        assert_eq!(
            next_health_due(d(2026, 11, 2), Some(d(2026, 11, 20)), Some(d(2023, 1, 1)), &s, &cal(), DayCounting::EventIsDayZero),
            (CareCheckKind::ReviewHealth, d(2027, 5, 20)),
            "under 5: six-monthly"
        );
        assert_eq!(
            next_health_due(d(2026, 11, 2), Some(d(2026, 11, 20)), Some(d(2015, 1, 1)), &s, &cal(), DayCounting::EventIsDayZero),
            (CareCheckKind::ReviewHealth, d(2027, 11, 20)),
            "5 and over: yearly"
        );
        assert_eq!(
            next_health_due(d(2026, 11, 2), None, None, &s, &cal(), DayCounting::EventIsDayOne),
            (CareCheckKind::InitialHealth, d(2026, 11, 27)),
            "the council counts the day the child became looked after as day 1"
        );
    }

    #[test]
    fn education_plans_from_school_age_first_in_20_days_then_termly_t31() {
        let s = CareSettings::default();
        assert_eq!(next_pep_due(d(2026, 11, 2), None, Some(3), &s, &cal(), DayCounting::EventIsDayZero), None, "too young");
        assert_eq!(next_pep_due(d(2026, 11, 2), None, None, &s, &cal(), DayCounting::EventIsDayZero), None, "age unknown");
        assert_eq!(next_pep_due(d(2026, 11, 2), None, Some(9), &s, &cal(), DayCounting::EventIsDayZero), Some(d(2026, 11, 30)));
        assert_eq!(
            next_pep_due(d(2026, 11, 2), Some(d(2026, 11, 25)), Some(9), &s, &cal(), DayCounting::EventIsDayZero),
            Some(d(2027, 3, 25))
        );
        // Day-one counting moves the first plan a working day earlier (domain §"Day zero").
        assert_eq!(next_pep_due(d(2026, 11, 2), None, Some(9), &s, &cal(), DayCounting::EventIsDayOne), Some(d(2026, 11, 27)));
        let early = CareSettings { pep_from_age: 3, ..s };
        assert!(next_pep_due(d(2026, 11, 2), None, Some(3), &early, &cal(), DayCounting::EventIsDayZero).is_some());
    }

    #[test]
    fn placement_moves_count_new_placements_in_the_last_year() {
        use ReasonNewEpisode::*;
        let today = d(2026, 11, 23);
        let eps = [(d(2025, 10, 1), S), (d(2026, 1, 5), P), (d(2026, 3, 1), L), (d(2026, 6, 1), B), (d(2026, 9, 9), T)];
        assert_eq!(placement_moves_in_year(&eps, today), 3, "P, B and T; not the start or a change of legal status");
        assert_eq!(placement_moves_in_year(&eps[..2], today), 1);
        assert_eq!(placement_moves_in_year(&[(d(2025, 11, 1), P)], today), 0, "more than a year ago");
    }

    #[test]
    fn checks_happen_while_looked_after_and_one_initial_health_assessment_la_5() {
        let today = d(2026, 11, 23);
        let since = Some(d(2026, 11, 2));
        assert!(check_care_check(CareCheckKind::Visit, d(2026, 11, 5), since, false, today).is_ok());
        for (kind, on, since, initial) in [
            (CareCheckKind::Visit, d(2026, 11, 5), None, false),
            (CareCheckKind::Visit, d(2026, 11, 24), since, false),
            (CareCheckKind::Pep, d(2026, 11, 1), since, false),
            (CareCheckKind::InitialHealth, d(2026, 11, 20), since, true),
        ] {
            assert_eq!(check_care_check(kind, on, since, initial, today).unwrap_err().rule, "LA-5", "{kind:?} {on}");
        }
        assert!(check_care_check(CareCheckKind::ReviewHealth, d(2026, 11, 20), since, true, today).is_ok());
    }

    #[test]
    fn missing_episodes_while_in_care_one_at_a_time_la_6() {
        let today = d(2026, 11, 23);
        let since = Some(d(2026, 11, 2));
        assert!(check_missing_start(d(2026, 11, 10), since, false, today).is_ok());
        assert_eq!(check_missing_start(d(2026, 11, 10), None, false, today).unwrap_err().rule, "LA-6");
        assert!(check_missing_start(d(2026, 11, 1), since, false, today).is_err());
        assert!(check_missing_start(d(2026, 11, 24), since, false, today).is_err());
        assert!(check_missing_start(d(2026, 11, 10), since, true, today).is_err());
        assert!(check_missing_end(d(2026, 11, 10), d(2026, 11, 10), today).is_ok());
        assert!(check_missing_end(d(2026, 11, 10), d(2026, 11, 9), today).is_err());
        assert!(check_missing_end(d(2026, 11, 10), d(2026, 11, 24), today).is_err());
    }

    #[test]
    fn settings_defaults_are_valid_and_out_of_range_is_named() {
        let mut e = crate::ValidationErrors::new();
        CareSettings::default().validate(&mut e);
        assert!(e.is_empty());
        CareSettings { visit_interval_weeks: 7, ..Default::default() }.validate(&mut e);
        assert!(e.for_field("looked_after.visit_interval_weeks").is_some());
    }
}
