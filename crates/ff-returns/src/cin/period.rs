//! The census period and the fixed dates the rules compare against, all
//! derived once per file from the reference date.

use chrono::{Datelike, Days, Months, NaiveDate};
use ff_domain::calendar::WorkingCalendar;

/// The census year and its derived cut-off dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// `ReferenceDate`: the last day of the census year (31 March).
    pub reference: NaiveDate,
    /// First day of the census year: the reference date minus one year plus
    /// one day (1 April).
    pub start: NaiveDate,
    /// 8569Q: the working day before the census start. An NFA referral
    /// dated before this is queried.
    pub nfa_referral_cutoff: NaiveDate,
    /// 8670Q: an uncompleted assessment that started before this date has
    /// been open more than 45 working days at the reference date (the start
    /// day counts as the first of the 45).
    pub open_assessment_cutoff: NaiveDate,
    /// 8675Q: the same for a section 47 enquiry and 15 working days.
    pub open_s47_cutoff: NaiveDate,
    /// 8770Q (2024/25 on): children born on or before this date are of
    /// compulsory school age (31 August six years before the August after
    /// the reference date).
    pub school_age_born_by: NaiveDate,
    /// 8770Q before 2024/25: born on or before the reference date minus six
    /// years.
    pub school_age_born_by_pre2024: NaiveDate,
    /// 8775Q: children born before this date are over 25 at the reference
    /// date.
    pub over_25_born_before: NaiveDate,
    /// 8530Q: an expected birth date on or before this is too early.
    pub expected_birth_too_early: NaiveDate,
    /// 8530Q: an expected birth date on or after this is too late.
    pub expected_birth_too_late: NaiveDate,
}

impl Period {
    /// Derives the period from a reference date using the England & Wales
    /// working-day calendar.
    pub fn new(reference: NaiveDate, calendar: &WorkingCalendar) -> Self {
        let start = sub_months(reference, 12) + Days::new(1);
        Self {
            reference,
            start,
            nfa_referral_cutoff: working_days_before(calendar, start, 1),
            open_assessment_cutoff: working_days_before(calendar, reference, 44),
            open_s47_cutoff: working_days_before(calendar, reference, 14),
            school_age_born_by: sub_months(add_months(reference, 4) + Days::new(31), 72),
            school_age_born_by_pre2024: sub_months(reference, 72),
            over_25_born_before: sub_months(reference, 300),
            expected_birth_too_early: reference - Days::new(30),
            expected_birth_too_late: add_months(reference, 9),
        }
    }

    /// True when `d` falls inside the census year (both ends included).
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.reference
    }
}

/// The `k`th working day strictly before `d` (`k >= 1`); `d` itself when
/// `k == 0`. A non-working `d` does not count.
pub fn working_days_before(calendar: &WorkingCalendar, d: NaiveDate, k: u32) -> NaiveDate {
    let mut current = d;
    let mut left = k;
    while left > 0 {
        match current.pred_opt() {
            Some(p) => current = p,
            None => return current,
        }
        if calendar.is_working_day(current) {
            left -= 1;
        }
    }
    current
}

/// Adds calendar months, clamping to the month end.
pub fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or(d)
}

/// Subtracts calendar months, clamping to the month end.
pub fn sub_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(m)).unwrap_or(d)
}

/// True for Saturday and Sunday.
pub fn is_weekend(d: NaiveDate) -> bool {
    d.weekday().number_from_monday() >= 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn period_2024_25() {
        let p = Period::new(ymd(2025, 3, 31), &WorkingCalendar::england_and_wales_default());
        assert_eq!(p.start, ymd(2024, 4, 1));
        // 1 April 2024 was Easter Monday; the working day before it is Thu 28 March.
        assert_eq!(p.nfa_referral_cutoff, ymd(2024, 3, 28));
        assert_eq!(p.open_assessment_cutoff, ymd(2025, 1, 28));
        assert_eq!(p.open_s47_cutoff, ymd(2025, 3, 11));
        assert_eq!(p.school_age_born_by, ymd(2019, 8, 31));
        assert_eq!(p.over_25_born_before, ymd(2000, 3, 31));
        assert_eq!(p.expected_birth_too_early, ymd(2025, 3, 1));
        assert_eq!(p.expected_birth_too_late, ymd(2025, 12, 31));
    }

    #[test]
    fn period_with_weekend_reference_date() {
        let p = Period::new(ymd(2024, 3, 31), &WorkingCalendar::england_and_wales_default());
        assert_eq!(p.start, ymd(2023, 4, 1));
        assert_eq!(p.open_assessment_cutoff, ymd(2024, 1, 29));
        assert_eq!(working_days_before(&WorkingCalendar::england_and_wales_default(), ymd(2024, 3, 31), 1), ymd(2024, 3, 28));
    }
}
