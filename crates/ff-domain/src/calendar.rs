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
mod tests;
