//! The England & Wales working-day calendar (domain spec §11).
//!
//! Statutory timescales in children's social care are mostly expressed in
//! *working days* (WD): T1 (contact decision, 1 WD), T3 (assessment, 45 WD
//! from referral), T9 (ICPC, 15 WD from the initiating strategy discussion),
//! T11 (first core group, 10 WD after the ICPC), T24 (first LAC review,
//! 20 WD) and so on. A few are *calendar-month* rules instead: T13 (first
//! review conference within 3 months of the ICPC) and T14 (later reviews at
//! most 6 months apart); see [`add_calendar_months`].
//!
//! Everything here is pure: no clock is read and no I/O is done. The holiday
//! list is handed in by the caller; [`england_and_wales_bank_holidays_2022_2028`]
//! provides the seed list that the storage layer versions and an
//! administrator can extend (for example when a one-off bank holiday is
//! proclaimed, §11.1).

use std::collections::BTreeSet;
use std::ops::Bound;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// One England & Wales bank holiday: the date it is observed on and its
/// public name (substitute days carry the suffix " (substitute day)", as on
/// gov.uk).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankHoliday {
    /// The date on which the holiday is observed (i.e. the day offices close).
    pub date: NaiveDate,
    /// Public name, e.g. "Boxing Day (substitute day)".
    pub name: String,
}

impl BankHoliday {
    fn new(date: NaiveDate, name: &str) -> Self {
        Self { date, name: name.to_owned() }
    }
}

const NEW_YEAR: &str = "New Year's Day";
const NEW_YEAR_SUB: &str = "New Year's Day (substitute day)";
const GOOD_FRIDAY: &str = "Good Friday";
const EASTER_MONDAY: &str = "Easter Monday";
const EARLY_MAY: &str = "Early May bank holiday";
const SPRING: &str = "Spring bank holiday";
const SUMMER: &str = "Summer bank holiday";
const CHRISTMAS: &str = "Christmas Day";
const CHRISTMAS_SUB: &str = "Christmas Day (substitute day)";
const BOXING: &str = "Boxing Day";
const BOXING_SUB: &str = "Boxing Day (substitute day)";

/// Builds a date from literal parts that are known to be valid.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_else(|| panic!("invalid calendar date {year}-{month:02}-{day:02}"))
}

/// The seed list of England & Wales bank holidays for 2022–2028 inclusive,
/// exactly as tabulated in §11.3 and sorted by date.
///
/// It includes the one-off holidays proclaimed in those years, which the
/// regular rules of §11.2 cannot produce:
/// - 2022: the spring bank holiday moved to Thu 2 June, plus the Platinum
///   Jubilee bank holiday on Fri 3 June (so Mon 30 May 2022 was *not* a
///   holiday), and the state funeral of Queen Elizabeth II on Mon 19 Sept;
/// - 2023: the coronation of King Charles III on Mon 8 May.
///
/// Production systems should reconcile this with the gov.uk bank-holidays
/// feed (England-and-Wales division) and keep the table versioned (§11.1).
pub fn england_and_wales_bank_holidays_2022_2028() -> Vec<BankHoliday> {
    const TABLE: &[(i32, u32, u32, &str)] = &[
        // 2022 (Jubilee year and state funeral)
        (2022, 1, 3, NEW_YEAR_SUB),
        (2022, 4, 15, GOOD_FRIDAY),
        (2022, 4, 18, EASTER_MONDAY),
        (2022, 5, 2, EARLY_MAY),
        (2022, 6, 2, SPRING),
        (2022, 6, 3, "Platinum Jubilee bank holiday"),
        (2022, 8, 29, SUMMER),
        (2022, 9, 19, "Bank Holiday for the State Funeral of Queen Elizabeth II"),
        (2022, 12, 26, BOXING),
        (2022, 12, 27, CHRISTMAS_SUB),
        // 2023 (coronation)
        (2023, 1, 2, NEW_YEAR_SUB),
        (2023, 4, 7, GOOD_FRIDAY),
        (2023, 4, 10, EASTER_MONDAY),
        (2023, 5, 1, EARLY_MAY),
        (2023, 5, 8, "Bank holiday for the coronation of King Charles III"),
        (2023, 5, 29, SPRING),
        (2023, 8, 28, SUMMER),
        (2023, 12, 25, CHRISTMAS),
        (2023, 12, 26, BOXING),
        // 2024
        (2024, 1, 1, NEW_YEAR),
        (2024, 3, 29, GOOD_FRIDAY),
        (2024, 4, 1, EASTER_MONDAY),
        (2024, 5, 6, EARLY_MAY),
        (2024, 5, 27, SPRING),
        (2024, 8, 26, SUMMER),
        (2024, 12, 25, CHRISTMAS),
        (2024, 12, 26, BOXING),
        // 2025
        (2025, 1, 1, NEW_YEAR),
        (2025, 4, 18, GOOD_FRIDAY),
        (2025, 4, 21, EASTER_MONDAY),
        (2025, 5, 5, EARLY_MAY),
        (2025, 5, 26, SPRING),
        (2025, 8, 25, SUMMER),
        (2025, 12, 25, CHRISTMAS),
        (2025, 12, 26, BOXING),
        // 2026 (Boxing Day falls on a Saturday)
        (2026, 1, 1, NEW_YEAR),
        (2026, 4, 3, GOOD_FRIDAY),
        (2026, 4, 6, EASTER_MONDAY),
        (2026, 5, 4, EARLY_MAY),
        (2026, 5, 25, SPRING),
        (2026, 8, 31, SUMMER),
        (2026, 12, 25, CHRISTMAS),
        (2026, 12, 28, BOXING_SUB),
        // 2027 (Christmas Day falls on a Saturday)
        (2027, 1, 1, NEW_YEAR),
        (2027, 3, 26, GOOD_FRIDAY),
        (2027, 3, 29, EASTER_MONDAY),
        (2027, 5, 3, EARLY_MAY),
        (2027, 5, 31, SPRING),
        (2027, 8, 30, SUMMER),
        (2027, 12, 27, CHRISTMAS_SUB),
        (2027, 12, 28, BOXING_SUB),
        // 2028 (New Year's Day falls on a Saturday)
        (2028, 1, 3, NEW_YEAR_SUB),
        (2028, 4, 14, GOOD_FRIDAY),
        (2028, 4, 17, EASTER_MONDAY),
        (2028, 5, 1, EARLY_MAY),
        (2028, 5, 29, SPRING),
        (2028, 8, 28, SUMMER),
        (2028, 12, 25, CHRISTMAS),
        (2028, 12, 26, BOXING),
    ];
    TABLE.iter().map(|&(y, m, d, name)| BankHoliday::new(ymd(y, m, d), name)).collect()
}

/// Western (Gregorian) Easter Sunday for `year`, using the anonymous
/// Gregorian algorithm (Meeus/Jones/Butcher). Always a Sunday between
/// 22 March and 25 April. Needed for Good Friday and Easter Monday (§11.2).
///
/// # Panics
/// If `year` lies outside the range chrono can represent.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let y = year;
    let golden = y.rem_euclid(19);
    let century = y.div_euclid(100);
    let year_in_century = y.rem_euclid(100);
    let leap_centuries = century.div_euclid(4);
    let century_rem = century.rem_euclid(4);
    let f = (century + 8).div_euclid(25);
    let g = (century - f + 1).div_euclid(3);
    // Epact-like term: days from the spring equinox to the paschal full moon.
    let h = (19 * golden + century - leap_centuries - g + 15).rem_euclid(30);
    let i = year_in_century.div_euclid(4);
    let k = year_in_century.rem_euclid(4);
    // Days from the paschal full moon to the following Sunday.
    let l = (32 + 2 * century_rem + 2 * i - h - k).rem_euclid(7);
    let m = (golden + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    // Both values are small and positive by construction: month 3 or 4,
    // day 1..=31.
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
    let (month, day) = (n.div_euclid(31) as u32, (n.rem_euclid(31) + 1) as u32);
    ymd(year, month, day)
}

/// First `weekday` in the given month.
fn first_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 1).unwrap_or_else(|| panic!("year {year} outside the supported date range"))
}

/// Last `weekday` in the given month.
fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    let first_of_next = if month == 12 { ymd(year + 1, 1, 1) } else { ymd(year, month + 1, 1) };
    let last = first_of_next.pred_opt().unwrap_or_else(|| panic!("year {year} outside the supported date range"));
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    last - Days::new(u64::from(back))
}

/// The bank holidays produced by the regular England & Wales rules of §11.2
/// for one calendar year, sorted by date. One-off proclaimed holidays (and
/// one-off moves, such as the 2022 spring bank holiday) are *not* included;
/// they live only in the versioned holiday table.
///
/// Rules:
/// - New Year's Day, 1 Jan; if it is a Saturday or Sunday the substitute day
///   is the following Monday.
/// - Good Friday and Easter Monday (two days before / one day after
///   [`easter_sunday`]).
/// - Early May bank holiday: first Monday in May.
/// - Spring bank holiday: last Monday in May.
/// - Summer bank holiday: last Monday in August.
/// - Christmas Day and Boxing Day, with substitutes:
///   25 Dec on a Saturday ⇒ Christmas Mon 27, Boxing Tue 28;
///   25 Dec on a Sunday ⇒ Boxing Mon 26, Christmas (substitute) Tue 27;
///   26 Dec on a Saturday ⇒ Boxing (substitute) Mon 28.
///
/// # Panics
/// If `year` lies outside the range chrono can represent.
pub fn computed_regular_bank_holidays(year: i32) -> Vec<BankHoliday> {
    let mut out = Vec::with_capacity(8);

    let new_year = ymd(year, 1, 1);
    match new_year.weekday() {
        Weekday::Sat => out.push(BankHoliday::new(ymd(year, 1, 3), NEW_YEAR_SUB)),
        Weekday::Sun => out.push(BankHoliday::new(ymd(year, 1, 2), NEW_YEAR_SUB)),
        _ => out.push(BankHoliday::new(new_year, NEW_YEAR)),
    }

    let easter = easter_sunday(year);
    out.push(BankHoliday::new(easter - Days::new(2), GOOD_FRIDAY));
    out.push(BankHoliday::new(easter + Days::new(1), EASTER_MONDAY));

    out.push(BankHoliday::new(first_weekday_of_month(year, 5, Weekday::Mon), EARLY_MAY));
    out.push(BankHoliday::new(last_weekday_of_month(year, 5, Weekday::Mon), SPRING));
    out.push(BankHoliday::new(last_weekday_of_month(year, 8, Weekday::Mon), SUMMER));

    let christmas = ymd(year, 12, 25);
    match christmas.weekday() {
        Weekday::Sat => {
            out.push(BankHoliday::new(ymd(year, 12, 27), CHRISTMAS_SUB));
            out.push(BankHoliday::new(ymd(year, 12, 28), BOXING_SUB));
        }
        Weekday::Sun => {
            out.push(BankHoliday::new(ymd(year, 12, 26), BOXING));
            out.push(BankHoliday::new(ymd(year, 12, 27), CHRISTMAS_SUB));
        }
        Weekday::Fri => {
            // Boxing Day is then a Saturday.
            out.push(BankHoliday::new(christmas, CHRISTMAS));
            out.push(BankHoliday::new(ymd(year, 12, 28), BOXING_SUB));
        }
        _ => {
            out.push(BankHoliday::new(christmas, CHRISTMAS));
            out.push(BankHoliday::new(ymd(year, 12, 26), BOXING));
        }
    }

    out.sort_by_key(|h| h.date);
    out
}

/// How the triggering event date is counted when adding working days (§11.1).
///
/// The national convention, and the default, is [`DayCounting::EventIsDayZero`].
/// Some local authorities count the event day itself as day 1; the spec asks
/// for that to be configurable (`count_event_day_as_day_one`, default false)
/// and for the rule in force to be shown in the UI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCounting {
    /// The event (referral, strategy discussion, ICPC, becoming looked
    /// after…) is day 0, even if it falls on a weekend or bank holiday.
    /// "Within N WD" means by the end of the Nth working day after it.
    #[default]
    EventIsDayZero,
    /// The event day is day 1 when it is a working day; when it is not, day 1
    /// is the next working day. The deadline is therefore one working day
    /// earlier than under day-zero counting when the event is on a working
    /// day, and the same otherwise.
    EventIsDayOne,
}

/// A working-day calendar: Monday to Friday, minus a set of holiday dates
/// (§11.1). Office closure days such as 24 and 31 December are working days
/// unless a local authority adds them to its own calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkingCalendar {
    /// Holidays that fall on Monday–Friday. Weekend entries are dropped on
    /// construction because they never change whether a day is worked, and
    /// keeping only weekdays lets ranges be counted arithmetically.
    weekday_holidays: BTreeSet<NaiveDate>,
}

impl WorkingCalendar {
    /// Builds a calendar from holiday dates (duplicates and weekend dates are
    /// harmless).
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        let weekday_holidays = holidays.into_iter().filter(|d| !is_weekend(*d)).collect();
        Self { weekday_holidays }
    }

    /// The England & Wales calendar seeded from
    /// [`england_and_wales_bank_holidays_2022_2028`]. Outside 2022–2028 it
    /// knows no holidays, so callers with later dates need an extended table.
    pub fn england_and_wales_default() -> Self {
        Self::new(england_and_wales_bank_holidays_2022_2028().into_iter().map(|h| h.date))
    }

    /// True for Monday–Friday dates that are not holidays (§11.1).
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !is_weekend(d) && !self.weekday_holidays.contains(&d)
    }

    /// The due date for a timescale of `n` working days from `event`
    /// (e.g. T3: 45 WD from referral; T9: 15 WD from the strategy
    /// discussion; T11: 10 WD from the ICPC), under the given counting rule.
    ///
    /// - `n == 0` returns `event` unchanged.
    /// - [`DayCounting::EventIsDayZero`]: the `n`th working day strictly
    ///   after `event`. The result is always a working day.
    /// - [`DayCounting::EventIsDayOne`]: if `event` is a working day it is
    ///   day 1, so the result is the `(n-1)`th working day after it (the event
    ///   itself when `n == 1`); otherwise day 1 is the next working day and
    ///   the result matches day-zero counting.
    ///
    /// Saturates at the last date chrono can represent (around the year 262,000).
    pub fn add_working_days(&self, event: NaiveDate, n: u32, counting: DayCounting) -> NaiveDate {
        if n == 0 {
            return event;
        }
        match counting {
            DayCounting::EventIsDayZero => self.nth_working_day_after(event, n),
            DayCounting::EventIsDayOne if self.is_working_day(event) => self.nth_working_day_after(event, n - 1),
            DayCounting::EventIsDayOne => self.nth_working_day_after(event, n),
        }
    }

    /// Number of working days in the half-open interval (`from`, `to`]: those
    /// after `from` up to and including `to`. If `to` is before `from` the
    /// answer is the negation of `working_days_between(to, from)`, so the
    /// function is antisymmetric and `working_days_between(d, d) == 0`.
    ///
    /// Inverse of day-zero addition:
    /// `working_days_between(d, add_working_days(d, n, EventIsDayZero)) == n`.
    /// Useful for "how many working days did the assessment take" (T3/T4).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let weekdays = weekday_index(to) - weekday_index(from);
        let holidays = self.weekday_holidays.range((Bound::Excluded(from), Bound::Included(to))).count();
        // The holiday count is bounded by the weekday count, which fits i64.
        weekdays - i64::try_from(holidays).unwrap_or(i64::MAX)
    }

    /// `d` itself if it is a working day, otherwise the next working day.
    /// Used to roll meeting dates forward off weekends and holidays (§11.1:
    /// on by default for meetings, off for statutory limits).
    ///
    /// # Panics
    /// Only if no working day is representable after `d`.
    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        if self.is_working_day(d) { d } else { self.nth_working_day_after(d, 1) }
    }

    /// The `n`th working day strictly after `d` (`d` itself when `n == 0`).
    ///
    /// Jumps over whole weeks arithmetically, then repeatedly steps forward
    /// by the number of holidays swallowed by the previous jump; this ends
    /// after at most one step per holiday crossed, so large `n` is cheap.
    fn nth_working_day_after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut current = d;
        let mut remaining = u64::from(n);
        while remaining > 0 {
            let candidate = nth_weekday_after(current, remaining);
            let skipped = self.weekday_holidays.range((Bound::Excluded(current), Bound::Included(candidate))).count();
            current = candidate;
            remaining = skipped as u64;
        }
        current
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The `n`th Monday–Friday date strictly after `d`, for `n >= 1`.
fn nth_weekday_after(d: NaiveDate, n: u64) -> NaiveDate {
    debug_assert!(n >= 1);
    let from_monday = u64::from(d.weekday().num_days_from_monday());
    // Treat a weekend start as the preceding Friday: the weekdays after a
    // Saturday or Sunday are the same as those after that Friday.
    let offset = from_monday.min(4);
    let monday = d - Days::new(from_monday);
    let total = offset + n;
    let days = (total / 5) * 7 + total % 5;
    // Saturates at the last representable date rather than panicking (no real due date is
    // anywhere near it).
    monday.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

/// A running count of Monday–Friday dates, such that the difference between
/// two dates' indices is the number of weekdays in (earlier, later].
fn weekday_index(d: NaiveDate) -> i64 {
    let from_monday = i64::from(d.weekday().num_days_from_monday());
    let monday_number = i64::from(d.num_days_from_ce()) - from_monday;
    // All Mondays share the same residue mod 7, so this division is exact.
    let weeks = (monday_number - monday_number.rem_euclid(7)) / 7;
    weeks * 5 + (from_monday + 1).min(5)
}

/// Adds whole calendar months, clamping to the last day of the target month
/// when the day does not exist there (31 Jan + 1 month = 28 or 29 Feb).
/// This is the §11.1 rule for "within 3 months" (T13, T25) and
/// "not more than 6 months" (T14, T26, T32). No working-day adjustment is
/// applied; combine with
/// [`WorkingCalendar::next_working_day_on_or_after`] where a local
/// authority has configured roll-forward.
/// Saturates at the last representable date.
pub fn add_calendar_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        ymd(y, m, d)
    }

    fn default_cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales_default()
    }

    // ---- seed table --------------------------------------------------------

    #[test]
    fn seed_matches_section_11_3_dates() {
        let seed = england_and_wales_bank_holidays_2022_2028();
        let expected: Vec<NaiveDate> = [
            (2022, 1, 3),
            (2022, 4, 15),
            (2022, 4, 18),
            (2022, 5, 2),
            (2022, 6, 2),
            (2022, 6, 3),
            (2022, 8, 29),
            (2022, 9, 19),
            (2022, 12, 26),
            (2022, 12, 27),
            (2023, 1, 2),
            (2023, 4, 7),
            (2023, 4, 10),
            (2023, 5, 1),
            (2023, 5, 8),
            (2023, 5, 29),
            (2023, 8, 28),
            (2023, 12, 25),
            (2023, 12, 26),
            (2024, 1, 1),
            (2024, 3, 29),
            (2024, 4, 1),
            (2024, 5, 6),
            (2024, 5, 27),
            (2024, 8, 26),
            (2024, 12, 25),
            (2024, 12, 26),
            (2025, 1, 1),
            (2025, 4, 18),
            (2025, 4, 21),
            (2025, 5, 5),
            (2025, 5, 26),
            (2025, 8, 25),
            (2025, 12, 25),
            (2025, 12, 26),
            (2026, 1, 1),
            (2026, 4, 3),
            (2026, 4, 6),
            (2026, 5, 4),
            (2026, 5, 25),
            (2026, 8, 31),
            (2026, 12, 25),
            (2026, 12, 28),
            (2027, 1, 1),
            (2027, 3, 26),
            (2027, 3, 29),
            (2027, 5, 3),
            (2027, 5, 31),
            (2027, 8, 30),
            (2027, 12, 27),
            (2027, 12, 28),
            (2028, 1, 3),
            (2028, 4, 14),
            (2028, 4, 17),
            (2028, 5, 1),
            (2028, 5, 29),
            (2028, 8, 28),
            (2028, 12, 25),
            (2028, 12, 26),
        ]
        .iter()
        .map(|&(y, m, d)| date(y, m, d))
        .collect();
        let got: Vec<NaiveDate> = seed.iter().map(|h| h.date).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn seed_is_sorted_unique_weekdays_with_names() {
        let seed = england_and_wales_bank_holidays_2022_2028();
        assert_eq!(seed.len(), 59);
        for pair in seed.windows(2) {
            assert!(pair[0].date < pair[1].date, "not strictly sorted: {pair:?}");
        }
        for h in &seed {
            assert!(!is_weekend(h.date), "holiday observed at a weekend: {h:?}");
            assert!(!h.name.trim().is_empty());
        }
    }

    #[test]
    fn seed_uses_substitute_names() {
        let seed = england_and_wales_bank_holidays_2022_2028();
        let name_of =
            |d: NaiveDate| seed.iter().find(|h| h.date == d).map(|h| h.name.as_str()).unwrap_or_else(|| panic!("{d} missing from seed"));
        assert_eq!(name_of(date(2026, 12, 28)), "Boxing Day (substitute day)");
        assert_eq!(name_of(date(2027, 12, 27)), "Christmas Day (substitute day)");
        assert_eq!(name_of(date(2027, 12, 28)), "Boxing Day (substitute day)");
        assert_eq!(name_of(date(2028, 1, 3)), "New Year's Day (substitute day)");
        assert_eq!(name_of(date(2022, 12, 26)), "Boxing Day");
        assert_eq!(name_of(date(2022, 12, 27)), "Christmas Day (substitute day)");
        assert_eq!(name_of(date(2022, 6, 3)), "Platinum Jubilee bank holiday");
        assert!(name_of(date(2022, 9, 19)).contains("State Funeral"));
        assert!(name_of(date(2023, 5, 8)).contains("coronation"));
    }

    #[test]
    fn bank_holiday_serde_round_trip() {
        let h = BankHoliday::new(date(2026, 12, 28), BOXING_SUB);
        let json = serde_json::to_string(&h).expect("serialise");
        assert_eq!(json, r#"{"date":"2026-12-28","name":"Boxing Day (substitute day)"}"#);
        let back: BankHoliday = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, h);
    }

    // ---- regular rules -----------------------------------------------------

    #[test]
    fn regular_rules_reproduce_seed_for_2024_to_2028() {
        let seed = england_and_wales_bank_holidays_2022_2028();
        for year in 2024..=2028 {
            let from_seed: Vec<BankHoliday> = seed.iter().filter(|h| h.date.year() == year).cloned().collect();
            assert_eq!(computed_regular_bank_holidays(year), from_seed, "year {year}");
        }
    }

    #[test]
    fn regular_rules_differ_from_2022_and_2023_only_by_one_offs() {
        let seed = england_and_wales_bank_holidays_2022_2028();
        let year_of = |y: i32| -> BTreeSet<NaiveDate> { seed.iter().filter(|h| h.date.year() == y).map(|h| h.date).collect() };
        let rules_of = |y: i32| -> BTreeSet<NaiveDate> { computed_regular_bank_holidays(y).into_iter().map(|h| h.date).collect() };

        // 2022: spring moved from Mon 30 May to Thu 2 June; Jubilee 3 June
        // and the state funeral 19 Sept were added.
        let s22 = year_of(2022);
        let r22 = rules_of(2022);
        assert_eq!(r22.difference(&s22).copied().collect::<Vec<_>>(), vec![date(2022, 5, 30)]);
        assert_eq!(s22.difference(&r22).copied().collect::<Vec<_>>(), vec![date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)]);

        // 2023: coronation added on 8 May.
        let s23 = year_of(2023);
        let r23 = rules_of(2023);
        assert!(r23.is_subset(&s23));
        assert_eq!(s23.difference(&r23).copied().collect::<Vec<_>>(), vec![date(2023, 5, 8)]);
    }

    #[test]
    fn christmas_substitute_rules_for_each_weekday_case() {
        // 2021: 25 Dec Saturday -> Mon 27 Christmas (sub), Tue 28 Boxing (sub).
        let y21 = computed_regular_bank_holidays(2021);
        assert!(y21.contains(&BankHoliday::new(date(2021, 12, 27), CHRISTMAS_SUB)));
        assert!(y21.contains(&BankHoliday::new(date(2021, 12, 28), BOXING_SUB)));
        // 2022: 25 Dec Sunday -> Mon 26 Boxing, Tue 27 Christmas (sub).
        let y22 = computed_regular_bank_holidays(2022);
        assert!(y22.contains(&BankHoliday::new(date(2022, 12, 26), BOXING)));
        assert!(y22.contains(&BankHoliday::new(date(2022, 12, 27), CHRISTMAS_SUB)));
        // 2026: 25 Dec Friday -> Boxing (sub) Mon 28.
        let y26 = computed_regular_bank_holidays(2026);
        assert!(y26.contains(&BankHoliday::new(date(2026, 12, 25), CHRISTMAS)));
        assert!(y26.contains(&BankHoliday::new(date(2026, 12, 28), BOXING_SUB)));
        // 2021 also: 1 Jan 2022 Saturday -> Mon 3 Jan substitute (next year).
        let y2022 = computed_regular_bank_holidays(2022);
        assert_eq!(y2022[0], BankHoliday::new(date(2022, 1, 3), NEW_YEAR_SUB));
        // 1 Jan 2023 Sunday -> Mon 2 Jan.
        let y2023 = computed_regular_bank_holidays(2023);
        assert_eq!(y2023[0], BankHoliday::new(date(2023, 1, 2), NEW_YEAR_SUB));
    }

    #[test]
    fn easter_sunday_known_dates() {
        let known = [
            (1818, 3, 22), // earliest possible
            (1943, 4, 25), // latest possible
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2013, 3, 31),
            (2016, 3, 27),
            (2019, 4, 21),
            (2020, 4, 12),
            (2021, 4, 4),
            (2022, 4, 17),
            (2023, 4, 9),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2038, 4, 25),
            (2285, 3, 22),
        ];
        for (y, m, d) in known {
            assert_eq!(easter_sunday(y), date(y, m, d), "Easter {y}");
        }
    }

    // ---- working days ------------------------------------------------------

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let cal = default_cal();
        assert!(!cal.is_working_day(date(2025, 12, 20))); // Sat
        assert!(!cal.is_working_day(date(2025, 12, 21))); // Sun
        assert!(!cal.is_working_day(date(2025, 12, 25)));
        assert!(!cal.is_working_day(date(2025, 12, 26)));
        assert!(!cal.is_working_day(date(2026, 1, 1)));
        assert!(!cal.is_working_day(date(2026, 12, 28))); // Boxing Day substitute
        assert!(cal.is_working_day(date(2025, 12, 17)));
    }

    #[test]
    fn christmas_eve_and_new_years_eve_are_working_days() {
        let cal = default_cal();
        for y in [2024, 2025] {
            // 24/31 Dec fall on weekdays in both years.
            assert!(cal.is_working_day(date(y, 12, 24)), "24 Dec {y}");
            assert!(cal.is_working_day(date(y, 12, 31)), "31 Dec {y}");
        }
        assert!(cal.is_working_day(date(2026, 12, 24))); // Thu
        assert!(cal.is_working_day(date(2026, 12, 31))); // Thu
    }

    #[test]
    fn worked_example_icpc_t9_day_zero() {
        // §11.3: strategy discussion Wed 17 Dec 2025, ICPC within 15 WD.
        let cal = default_cal();
        let sd = date(2025, 12, 17);
        assert_eq!(sd.weekday(), Weekday::Wed);
        let due = cal.add_working_days(sd, 15, DayCounting::EventIsDayZero);
        assert_eq!(due, date(2026, 1, 12));
        assert_eq!(due.weekday(), Weekday::Mon);
        assert_eq!(cal.working_days_between(sd, due), 15);
    }

    #[test]
    fn worked_example_icpc_t9_day_one() {
        let cal = default_cal();
        let due = cal.add_working_days(date(2025, 12, 17), 15, DayCounting::EventIsDayOne);
        assert_eq!(due, date(2026, 1, 9));
        assert_eq!(due.weekday(), Weekday::Fri);
    }

    #[test]
    fn worked_example_lists_the_fifteen_days() {
        let cal = default_cal();
        let sd = date(2025, 12, 17);
        let days: Vec<NaiveDate> = (1..=15).map(|n| cal.add_working_days(sd, n, DayCounting::EventIsDayZero)).collect();
        let expected: Vec<NaiveDate> = [
            (2025, 12, 18),
            (2025, 12, 19),
            (2025, 12, 22),
            (2025, 12, 23),
            (2025, 12, 24),
            (2025, 12, 29),
            (2025, 12, 30),
            (2025, 12, 31),
            (2026, 1, 2),
            (2026, 1, 5),
            (2026, 1, 6),
            (2026, 1, 7),
            (2026, 1, 8),
            (2026, 1, 9),
            (2026, 1, 12),
        ]
        .iter()
        .map(|&(y, m, d)| date(y, m, d))
        .collect();
        assert_eq!(days, expected);
    }

    #[test]
    fn assessment_t3_over_christmas_2026() {
        // Referral Mon 30 Nov 2026; assessment due within 45 WD (T3).
        // Counting by hand (day 0 = 30 Nov):
        //   Dec 2026: 1-4 (4), 7-11 (9), 14-18 (14), 21-24 (18),
        //             [Fri 25 Christmas, Mon 28 Boxing substitute],
        //             29-31 (21)
        //   Jan 2027: [Fri 1 New Year], 4-8 (26), 11-15 (31),
        //             18-22 (36), 25-29 (41), Feb 1-4 (45)
        // => due Thu 4 Feb 2027. Without the three holidays it would be
        // Mon 1 Feb 2027 (45 weekdays).
        let cal = default_cal();
        let referral = date(2026, 11, 30);
        let due = cal.add_working_days(referral, 45, DayCounting::EventIsDayZero);
        assert_eq!(due, date(2027, 2, 4));
        assert_eq!(due.weekday(), Weekday::Thu);
        let no_holidays = WorkingCalendar::new([]);
        assert_eq!(no_holidays.add_working_days(referral, 45, DayCounting::EventIsDayZero), date(2027, 2, 1));
        // Day-one counting: one working day earlier, Wed 3 Feb 2027.
        assert_eq!(cal.add_working_days(referral, 45, DayCounting::EventIsDayOne), date(2027, 2, 3));
        assert_eq!(cal.working_days_between(referral, due), 45);
    }

    #[test]
    fn boxing_day_substitute_2026_is_skipped() {
        let cal = default_cal();
        // Thu 24 Dec 2026 + 1 WD: skip Fri 25, weekend, Mon 28 -> Tue 29.
        assert_eq!(cal.add_working_days(date(2026, 12, 24), 1, DayCounting::EventIsDayZero), date(2026, 12, 29));
    }

    #[test]
    fn weekend_event_dates() {
        let cal = default_cal();
        // Referral on Sat 10 Jan 2026: day 0 is the Saturday; 1 WD => Mon 12.
        let sat = date(2026, 1, 10);
        assert_eq!(cal.add_working_days(sat, 1, DayCounting::EventIsDayZero), date(2026, 1, 12));
        // Day one on a weekend: day 1 is Mon 12, so same answer.
        assert_eq!(cal.add_working_days(sat, 1, DayCounting::EventIsDayOne), date(2026, 1, 12));
        // Sunday 11 Jan + 5 WD => Fri 16 Jan under both rules.
        let sun = date(2026, 1, 11);
        assert_eq!(cal.add_working_days(sun, 5, DayCounting::EventIsDayZero), date(2026, 1, 16));
        assert_eq!(cal.add_working_days(sun, 5, DayCounting::EventIsDayOne), date(2026, 1, 16));
        // Event on a bank holiday (Christmas Day 2025, Thursday): day 0 is the
        // holiday; 1 WD => Mon 29 Dec (Fri 26 is Boxing Day).
        assert_eq!(cal.add_working_days(date(2025, 12, 25), 1, DayCounting::EventIsDayZero), date(2025, 12, 29));
        assert_eq!(cal.add_working_days(date(2025, 12, 25), 1, DayCounting::EventIsDayOne), date(2025, 12, 29));
    }

    #[test]
    fn zero_days_returns_event_date() {
        let cal = default_cal();
        for d in [date(2025, 12, 17), date(2025, 12, 20), date(2025, 12, 25)] {
            assert_eq!(cal.add_working_days(d, 0, DayCounting::EventIsDayZero), d);
            assert_eq!(cal.add_working_days(d, 0, DayCounting::EventIsDayOne), d);
        }
    }

    #[test]
    fn day_one_with_one_day_on_a_working_day_is_the_event() {
        let cal = default_cal();
        let wed = date(2025, 12, 17);
        assert_eq!(cal.add_working_days(wed, 1, DayCounting::EventIsDayOne), wed);
    }

    #[test]
    fn working_days_between_basic_cases() {
        let cal = default_cal();
        let fri = date(2026, 1, 9);
        let mon = date(2026, 1, 12);
        assert_eq!(cal.working_days_between(fri, fri), 0);
        assert_eq!(cal.working_days_between(fri, mon), 1);
        assert_eq!(cal.working_days_between(mon, fri), -1);
        // Sat -> Sun contains no working day.
        assert_eq!(cal.working_days_between(date(2026, 1, 10), date(2026, 1, 11)), 0);
        // 24 Dec 2025 -> 2 Jan 2026: 29, 30, 31 Dec and 2 Jan.
        assert_eq!(cal.working_days_between(date(2025, 12, 24), date(2026, 1, 2)), 4);
    }

    #[test]
    fn next_working_day_on_or_after_cases() {
        let cal = default_cal();
        assert_eq!(cal.next_working_day_on_or_after(date(2025, 12, 17)), date(2025, 12, 17));
        // Thu 25 Dec 2025 -> Mon 29 Dec.
        assert_eq!(cal.next_working_day_on_or_after(date(2025, 12, 25)), date(2025, 12, 29));
        // Sat 26 Dec 2026 -> Tue 29 Dec (Mon 28 is the Boxing Day substitute).
        assert_eq!(cal.next_working_day_on_or_after(date(2026, 12, 26)), date(2026, 12, 29));
    }

    #[test]
    fn weekend_holidays_given_to_new_are_harmless() {
        let a = WorkingCalendar::new([date(2026, 12, 26), date(2026, 12, 28)]);
        let b = WorkingCalendar::new([date(2026, 12, 28)]);
        assert_eq!(a, b);
    }

    #[test]
    fn day_counting_serde_and_default() {
        assert_eq!(DayCounting::default(), DayCounting::EventIsDayZero);
        assert_eq!(serde_json::to_string(&DayCounting::EventIsDayZero).expect("serialise"), r#""event_is_day_zero""#);
        assert_eq!(serde_json::from_str::<DayCounting>(r#""event_is_day_one""#).expect("deserialise"), DayCounting::EventIsDayOne);
    }

    // ---- calendar months ---------------------------------------------------

    #[test]
    fn calendar_months_clamp_to_month_end() {
        assert_eq!(add_calendar_months(date(2026, 1, 31), 1), date(2026, 2, 28));
        assert_eq!(add_calendar_months(date(2028, 1, 31), 1), date(2028, 2, 29));
        assert_eq!(add_calendar_months(date(2025, 11, 30), 3), date(2026, 2, 28));
        assert_eq!(add_calendar_months(date(2025, 8, 31), 6), date(2026, 2, 28));
        assert_eq!(add_calendar_months(date(2026, 1, 12), 3), date(2026, 4, 12));
        assert_eq!(add_calendar_months(date(2026, 1, 12), 0), date(2026, 1, 12));
        assert_eq!(add_calendar_months(date(2025, 10, 15), 6), date(2026, 4, 15));
    }

    // ---- properties --------------------------------------------------------

    /// Dates between 2021-06-01 and 2029-06-01, so that results land inside
    /// or near the seeded holiday range.
    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..2922).prop_map(|offset| date(2021, 6, 1) + Days::new(offset))
    }

    fn any_counting() -> impl Strategy<Value = DayCounting> {
        prop_oneof![Just(DayCounting::EventIsDayZero), Just(DayCounting::EventIsDayOne)]
    }

    /// Day-by-day reference implementation used to cross-check the fast path.
    fn slow_nth_after(cal: &WorkingCalendar, d: NaiveDate, n: u32) -> NaiveDate {
        let mut cur = d;
        let mut left = n;
        while left > 0 {
            cur = cur.succ_opt().expect("in range");
            if cal.is_working_day(cur) {
                left -= 1;
            }
        }
        cur
    }

    proptest! {
        #[test]
        fn prop_result_is_a_working_day(d in any_date(), n in 1u32..400, c in any_counting()) {
            let cal = default_cal();
            let due = cal.add_working_days(d, n, c);
            prop_assert!(cal.is_working_day(due));
            prop_assert!(due >= d);
        }

        #[test]
        fn prop_monotonic_in_n(d in any_date(), n in 0u32..400, c in any_counting()) {
            let cal = default_cal();
            let a = cal.add_working_days(d, n, c);
            let b = cal.add_working_days(d, n + 1, c);
            prop_assert!(b > a || (n == 0 && c == DayCounting::EventIsDayOne && a == b));
            prop_assert!(b >= a);
        }

        #[test]
        fn prop_between_inverts_day_zero_addition(d in any_date(), n in 0u32..400) {
            let cal = default_cal();
            let due = cal.add_working_days(d, n, DayCounting::EventIsDayZero);
            prop_assert_eq!(cal.working_days_between(d, due), i64::from(n));
            prop_assert_eq!(cal.working_days_between(due, d), -i64::from(n));
        }

        #[test]
        fn prop_fast_addition_matches_day_by_day(d in any_date(), n in 0u32..120) {
            let cal = default_cal();
            prop_assert_eq!(
                cal.add_working_days(d, n, DayCounting::EventIsDayZero),
                slow_nth_after(&cal, d, n)
            );
        }

        #[test]
        fn prop_between_matches_day_by_day(a in any_date(), b in any_date()) {
            let cal = default_cal();
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let mut count = 0i64;
            let mut cur = lo;
            while cur < hi {
                cur = cur.succ_opt().expect("in range");
                if cal.is_working_day(cur) {
                    count += 1;
                }
            }
            let expected = if a <= b { count } else { -count };
            prop_assert_eq!(cal.working_days_between(a, b), expected);
        }

        #[test]
        fn prop_day_one_is_at_most_day_zero(d in any_date(), n in 1u32..400) {
            let cal = default_cal();
            let zero = cal.add_working_days(d, n, DayCounting::EventIsDayZero);
            let one = cal.add_working_days(d, n, DayCounting::EventIsDayOne);
            if cal.is_working_day(d) {
                prop_assert_eq!(cal.working_days_between(one, zero), 1);
            } else {
                prop_assert_eq!(one, zero);
            }
        }

        #[test]
        fn prop_next_working_day_on_or_after(d in any_date()) {
            let cal = default_cal();
            let next = cal.next_working_day_on_or_after(d);
            prop_assert!(cal.is_working_day(next));
            prop_assert!(next >= d);
            prop_assert_eq!(cal.working_days_between(d, next), i64::from(next != d));
        }

        #[test]
        fn prop_add_calendar_months_never_panics_and_clamps(
            year in 1900i32..=2100,
            month in 1u32..=12,
            day in 1u32..=31,
            months in 0u32..=1200,
        ) {
            prop_assume!(NaiveDate::from_ymd_opt(year, month, day).is_some());
            let d = date(year, month, day);
            let r = add_calendar_months(d, months);
            prop_assert!(r.day() <= d.day());
            prop_assert!(r >= d);
            let month_diff = (r.year() - d.year()) * 12 + r.month() as i32 - d.month() as i32;
            prop_assert_eq!(month_diff, months as i32);
        }

        #[test]
        fn prop_easter_is_a_sunday_in_range(year in 1583i32..=4099) {
            let e = easter_sunday(year);
            prop_assert_eq!(e.weekday(), Weekday::Sun);
            prop_assert!(e >= date(year, 3, 22) && e <= date(year, 4, 25));
        }

        #[test]
        fn prop_regular_holidays_are_eight_weekdays(year in 1900i32..=2200) {
            let hols = computed_regular_bank_holidays(year);
            prop_assert_eq!(hols.len(), 8);
            for h in &hols {
                prop_assert!(!is_weekend(h.date));
                prop_assert_eq!(h.date.year(), year);
            }
            for pair in hols.windows(2) {
                prop_assert!(pair[0].date < pair[1].date);
            }
        }
    }
}

/// The years a date in a record can fall in. Nothing in a child's record happened before 1900,
/// and nothing is planned after 2999; a year outside is a typing slip (or an attack on the date
/// arithmetic, which would overflow near chrono's limits) and is refused with a message.
pub const EARLIEST_YEAR: i32 = 1900;
pub const LATEST_YEAR: i32 = 2999;

/// `None` when the year is plausible, otherwise what to tell the person typing it.
pub fn implausible_year(year: i32) -> Option<String> {
    if year < EARLIEST_YEAR {
        Some(format!("Dates must be in {EARLIEST_YEAR} or later"))
    } else if year > LATEST_YEAR {
        Some(format!("Dates must be in {LATEST_YEAR} or earlier"))
    } else {
        None
    }
}

/// The calendar date in England for an instant (Europe/London: GMT, or BST from 01:00 UTC on the
/// last Sunday of March to 01:00 UTC on the last Sunday of October). Timescales count English
/// working days, so "today" must be the English date, not the UTC one.
pub fn london_date(instant: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    (instant + london_offset(instant)).date_naive()
}

/// The wall-clock date and time in England for an instant (what a practitioner's "saved at 10:42"
/// means).
pub fn london_time(instant: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    (instant + london_offset(instant)).naive_utc()
}

/// England's offset from UTC at an instant: one hour in British Summer Time, none otherwise.
pub fn london_offset(instant: chrono::DateTime<chrono::Utc>) -> chrono::Duration {
    use chrono::{Datelike, NaiveTime, TimeZone, Utc};
    fn last_sunday(year: i32, month: u32) -> NaiveDate {
        let mut d = add_calendar_months(NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default(), 1) - chrono::Days::new(1);
        while d.weekday() != Weekday::Sun {
            d = d - chrono::Days::new(1);
        }
        d
    }
    let year = instant.year();
    let one_am = NaiveTime::from_hms_opt(1, 0, 0).unwrap_or_default();
    let start = Utc.from_utc_datetime(&last_sunday(year, 3).and_time(one_am));
    let end = Utc.from_utc_datetime(&last_sunday(year, 10).and_time(one_am));
    if instant >= start && instant < end { chrono::Duration::hours(1) } else { chrono::Duration::zero() }
}

#[cfg(test)]
mod london_tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn bst_evening_is_next_day_in_england() {
        // 23:30 UTC on 30 June 2026 is 00:30 BST on 1 July.
        let t = chrono::Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(london_date(t), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        // In winter London is on GMT.
        let w = chrono::Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(london_date(w), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        // The clocks go forward at 01:00 UTC on Sun 29 March 2026.
        let before = chrono::Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        assert_eq!(london_date(before), NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
    }
}

/// The instant of a wall-clock time in England (`london_date`'s rules in reverse): British Summer
/// Time when that reading falls in it, GMT otherwise.
pub fn london_to_utc(local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let as_bst = chrono::Utc.from_utc_datetime(&(local - chrono::Duration::hours(1)));
    if london_offset(as_bst) == chrono::Duration::hours(1) { as_bst } else { chrono::Utc.from_utc_datetime(&local) }
}

/// Reads a time of day as a practitioner types it: "14:05", "9:30", "2.15pm", "10am".
pub fn parse_time_of_day(s: &str) -> Option<chrono::NaiveTime> {
    let t = s.trim().to_ascii_lowercase().replace('.', ":");
    let (body, pm) = if let Some(b) = t.strip_suffix("pm") {
        (b.trim().to_owned(), Some(true))
    } else if let Some(b) = t.strip_suffix("am") {
        (b.trim().to_owned(), Some(false))
    } else {
        (t.clone(), None)
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (body.parse::<u32>().ok()?, 0),
    };
    let h = match pm {
        Some(true) if (1..=12).contains(&h) => h % 12 + 12,
        Some(false) if (1..=12).contains(&h) => h % 12,
        Some(_) => return None,
        None => h,
    };
    chrono::NaiveTime::from_hms_opt(h, m, 0)
}

#[cfg(test)]
mod london_clock_tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;

    #[test]
    fn wall_clock_times_in_england_become_instants() {
        let at = |y, m, d, h, mi| NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, mi, 0).unwrap();
        assert_eq!(london_to_utc(at(2026, 7, 1, 9, 30)), Utc.with_ymd_and_hms(2026, 7, 1, 8, 30, 0).unwrap(), "BST");
        assert_eq!(london_to_utc(at(2026, 12, 1, 9, 30)), Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap(), "GMT");
        assert_eq!(
            london_to_utc(at(2026, 7, 1, 0, 30)),
            Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap(),
            "just after midnight in summer"
        );
        assert_eq!(parse_time_of_day("9:30"), chrono::NaiveTime::from_hms_opt(9, 30, 0));
        assert_eq!(parse_time_of_day("14.05"), chrono::NaiveTime::from_hms_opt(14, 5, 0));
        assert_eq!(parse_time_of_day("25:00"), None);
        assert_eq!(parse_time_of_day("noon"), None);
    }

    #[test]
    fn times_are_read_as_practitioners_type_them() {
        let tt = |s: &str| parse_time_of_day(s).unwrap();
        assert_eq!(tt("14:05"), chrono::NaiveTime::from_hms_opt(14, 5, 0).unwrap());
        assert_eq!(tt("9.30"), chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap());
        assert_eq!(tt("2.15pm"), chrono::NaiveTime::from_hms_opt(14, 15, 0).unwrap());
        assert_eq!(tt("12am"), chrono::NaiveTime::from_hms_opt(0, 0, 0).unwrap());
        assert_eq!(tt("12pm"), chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap());
        assert!(parse_time_of_day("25:00").is_none());
        assert!(parse_time_of_day("13pm").is_none());
        assert!(parse_time_of_day("half past").is_none());
    }
}
