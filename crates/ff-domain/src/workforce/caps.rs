//! The region's agency price caps as dated data (W-AG-1): a council adds a cap for a role type
//! from a date, or loads the region's published table as CSV; the cap in force on a day is the
//! latest that started by then. Also the dashboard's agency spend by month and the count of
//! assignments over the cap (W-OUT-3).

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{AssignmentStatus, RateCap, RoleType};

/// The largest CSV of caps accepted, in bytes: a region's table is a few dozen lines.
pub const CAPS_CSV_MAX_BYTES: usize = 64 * 1024;
/// The most caps one file may hold.
pub const CAPS_CSV_MAX_ROWS: usize = 500;
/// The highest cap accepted, in pence an hour (£500).
pub const MAX_CAP_PENCE: u32 = 50_000;
/// The earliest date a cap may run from: the agency rules came into force on 31 October 2024;
/// a year before leaves room for the draft caps some regions agreed early.
pub fn earliest_cap_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 1).unwrap_or(NaiveDate::MIN)
}

/// Pounds as typed ("38.50", "£38.5", "40") in pence; `None` when it cannot be read.
pub fn parse_pounds(s: &str) -> Option<u32> {
    let s = s.trim().trim_start_matches('£').replace(',', "");
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w.to_owned(), f.to_owned()),
        None => (s.clone(), String::new()),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let frac: u32 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    whole.checked_mul(100)?.checked_add(frac)
}

/// A date as a spreadsheet writes it: 2026-10-01 or 1/10/2026.
fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| NaiveDate::parse_from_str(s, "%d/%m/%Y").ok())
}

/// The role type as typed, in any case ("ssw").
pub fn role_of(s: &str) -> Option<RoleType> {
    RoleType::from_code(&s.trim().to_ascii_uppercase())
}

/// What is wrong with a cap, each mistake on its field: `role_type`, `from`, `hourly`.
pub fn check_cap(role_type: &str, from: Option<NaiveDate>, pence: Option<u32>, today: NaiveDate) -> Vec<(&'static str, String)> {
    let mut errors = vec![];
    if role_of(role_type).is_none() {
        errors.push(("role_type", "Choose the role type: SW, SSW, AP, TM or IRO_CPC".to_owned()));
    }
    let latest = today.checked_add_months(Months::new(24)).unwrap_or(today);
    match from {
        None => errors.push(("from", "Enter the date the cap applies from, like 2026-10-01".to_owned())),
        Some(d) if d < earliest_cap_date() || d > latest => errors.push((
            "from",
            format!("The cap applies from a date between {} and {}", earliest_cap_date().format("%-d %B %Y"), latest.format("%-d %B %Y")),
        )),
        Some(_) => {}
    }
    match pence {
        None => errors.push(("hourly", "Enter the cap in pounds an hour, like 42.50".to_owned())),
        Some(p) if p == 0 || p > MAX_CAP_PENCE => errors.push(("hourly", "The cap is more than £0 and at most £500 an hour".to_owned())),
        Some(_) => {}
    }
    errors
}

/// A cap typed on a form or a line of a file: the cap, or every mistake at once.
pub fn cap_from_text(role_type: &str, from: &str, pounds: &str, today: NaiveDate) -> Result<RateCap, Vec<(&'static str, String)>> {
    let day = parse_day(from);
    let pence = parse_pounds(pounds);
    let mut errors = check_cap(role_type, day, pence, today);
    if day.is_none() && !from.trim().is_empty() {
        errors.retain(|(f, _)| *f != "from");
        errors.push(("from", format!("\"{}\" is not a date: write it like 2026-10-01", from.trim())));
    }
    match (errors.is_empty(), day, pence) {
        (true, Some(from), Some(hourly_pence)) => {
            Ok(RateCap { role_type: role_of(role_type).map_or("", |r| r.code()).to_owned(), from, hourly_pence })
        }
        _ => Err(errors),
    }
}

/// Splits a CSV line into cells (quotes allowed around a cell).
fn cells(line: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// The region's table as CSV with the header `role_type,from,hourly_pounds`: every cap, or every
/// line that is wrong, named by its line number (the header is line 1). Nothing is taken from a
/// file with a mistake in it.
pub fn parse_caps_csv(text: &str, today: NaiveDate) -> Result<Vec<RateCap>, Vec<String>> {
    if text.len() > CAPS_CSV_MAX_BYTES {
        return Err(vec![format!("The file is larger than {} KB: a region's table is a few lines", CAPS_CSV_MAX_BYTES / 1024)]);
    }
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(vec!["The file is empty: the first line is role_type,from,hourly_pounds and a cap on each line after it".into()]);
    };
    let header: Vec<String> = cells(header).iter().map(|c| c.to_ascii_lowercase()).collect();
    if header != ["role_type", "from", "hourly_pounds"] {
        return Err(vec!["Line 1: the first line is role_type,from,hourly_pounds".into()]);
    }
    let mut caps: Vec<(usize, RateCap)> = vec![];
    let mut errors = vec![];
    for (i, line) in lines {
        let n = i + 1;
        let c = cells(line);
        if c.len() != 3 {
            errors.push(format!("Line {n}: give three values, the role type, the date and the cap in pounds"));
            continue;
        }
        match cap_from_text(&c[0], &c[1], &c[2], today) {
            Ok(cap) => {
                if let Some((first, _)) = caps.iter().find(|(_, x)| x.role_type == cap.role_type && x.from == cap.from) {
                    errors.push(format!("Line {n}: a second cap for {} from {} (line {first} has one)", cap.role_type, c[1]));
                } else {
                    caps.push((n, cap));
                }
            }
            Err(e) => errors.push(format!("Line {n}: {}", e.into_iter().map(|(_, m)| m).collect::<Vec<_>>().join("; "))),
        }
    }
    if caps.len() > CAPS_CSV_MAX_ROWS {
        errors.push(format!("The file holds more than {CAPS_CSV_MAX_ROWS} caps"));
    }
    if caps.is_empty() && errors.is_empty() {
        errors.push("The file holds no caps: add a line for each role type after the first line".into());
    }
    if errors.is_empty() { Ok(caps.into_iter().map(|(_, c)| c).collect()) } else { Err(errors) }
}

/// The caps with `new` added: a cap for a role type from a date already held replaces it (a
/// correction; the settings' earlier version keeps what it said). Sorted by role and date.
/// Also how many caps changed.
pub fn merge_caps(existing: &[RateCap], new: &[RateCap]) -> (Vec<RateCap>, usize) {
    let mut out = existing.to_vec();
    let mut changed = 0;
    for cap in new {
        match out.iter_mut().find(|c| c.role_type == cap.role_type && c.from == cap.from) {
            Some(c) if c.hourly_pence == cap.hourly_pence => {}
            Some(c) => {
                c.hourly_pence = cap.hourly_pence;
                changed += 1;
            }
            None => {
                out.push(cap.clone());
                changed += 1;
            }
        }
    }
    let order = |r: &str| RoleType::ALL.iter().position(|x| x.code() == r).unwrap_or(usize::MAX);
    out.sort_by(|a, b| order(&a.role_type).cmp(&order(&b.role_type)).then(a.from.cmp(&b.from)));
    (out, changed)
}

/// Where a cap stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapStanding {
    /// The cap for its role type on the day.
    InForce,
    /// A later cap for the role type has taken over.
    Replaced,
    /// Applies from a later date.
    Future,
}

impl CapStanding {
    pub fn label(self) -> &'static str {
        match self {
            CapStanding::InForce => "In force",
            CapStanding::Replaced => "Replaced",
            CapStanding::Future => "From a later date",
        }
    }
}

/// Where `cap` stands among `caps` on `day`.
pub fn standing(caps: &[RateCap], cap: &RateCap, day: NaiveDate) -> CapStanding {
    if cap.from > day {
        return CapStanding::Future;
    }
    let later = caps.iter().any(|c| c.role_type == cap.role_type && c.from > cap.from && c.from <= day);
    if later { CapStanding::Replaced } else { CapStanding::InForce }
}

/// An agency assignment's cost facts: when it ran and what an hour costs the council (pay,
/// employer's National Insurance, holiday pay, levy and the agency's fee).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpendFacts {
    pub start: NaiveDate,
    /// Its last day, if it has ended.
    pub end: Option<NaiveDate>,
    pub hourly_pence: u32,
}

/// What the agency workers cost in a calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthSpend {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Counted to this day: the month's last, or the date asked for in its month.
    pub to: NaiveDate,
    pub pence: i64,
    /// Assignments that ran on at least one day of it.
    pub assignments: u32,
}

/// Agency spend by calendar month for the `months` months up to and including `on`'s (W-OUT-3),
/// oldest first. Assignments do not record hours worked, so each is taken to work the council's
/// full-time week (`weekly_minutes`, the FTE setting) spread evenly over the seven days of every
/// week it runs: a day costs hourly rate × weekly hours ÷ 7. A month counts the days from its
/// first (or the assignment's start) to its last (or the assignment's end, or `on`), each day
/// once; each assignment's month is rounded to the penny.
pub fn spend_by_month(items: &[SpendFacts], weekly_minutes: u32, on: NaiveDate, months: u32) -> Vec<MonthSpend> {
    let first_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let this_month = first_of(on);
    (0..months)
        .rev()
        .filter_map(|back| this_month.checked_sub_months(Months::new(back)))
        .map(|month| {
            let next = month.checked_add_months(Months::new(1)).unwrap_or(month);
            let last = next.pred_opt().unwrap_or(month).min(on);
            let mut pence = 0i64;
            let mut assignments = 0u32;
            for a in items {
                let from = a.start.max(month);
                let to = a.end.map_or(last, |e| e.min(last));
                if from > to {
                    continue;
                }
                let days = (to - from).num_days() + 1;
                // hourly (pence) × weekly minutes ÷ 60 ÷ 7 × days, rounded half up.
                let num = i64::from(a.hourly_pence) * i64::from(weekly_minutes) * days;
                pence += (num + 210) / 420;
                assignments += 1;
            }
            MonthSpend { month, to: last, pence, assignments }
        })
        .collect()
}

/// Assignments over the cap on their start date (W-AG-1, W-SYS-12), by where their sign-off stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breaches {
    pub total: u32,
    /// Waiting for the director's and the chief executive's sign-off.
    pub awaiting: u32,
    /// Signed off by both.
    pub signed_off: u32,
    /// Ended before both had signed.
    pub ended_unsigned: u32,
}

/// A breach's facts: its status, whether it went over the cap, and the two sign-offs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreachFacts {
    pub status: AssignmentStatus,
    pub over_cap: bool,
    pub dcs_signed: bool,
    pub ceo_signed: bool,
}

pub fn breaches(items: &[BreachFacts]) -> Breaches {
    let mut b = Breaches::default();
    for a in items.iter().filter(|a| a.over_cap) {
        b.total += 1;
        if a.dcs_signed && a.ceo_signed {
            b.signed_off += 1;
        } else if a.status == AssignmentStatus::Pending {
            b.awaiting += 1;
        } else {
            b.ended_unsigned += 1;
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn pounds_are_read_to_the_penny() {
        assert_eq!(parse_pounds("38.50"), Some(3_850));
        assert_eq!(parse_pounds("£38.5"), Some(3_850));
        assert_eq!(parse_pounds(" 40 "), Some(4_000));
        assert_eq!(parse_pounds("1,000.01"), Some(100_001));
        for bad in ["", "38.505", "abc", "-3", "3.x", ".50"] {
            assert_eq!(parse_pounds(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_cap_typed_names_every_mistake_at_once() {
        let today = d(2026, 12, 7);
        let cap = cap_from_text("ssw", "2026-10-01", "42.50", today).unwrap();
        assert_eq!(cap, RateCap { role_type: "SSW".into(), from: d(2026, 10, 1), hourly_pence: 4_250 });
        assert_eq!(cap_from_text("IRO_CPC", "1/10/2026", "46", today).unwrap().from, d(2026, 10, 1));
        let e = cap_from_text("XX", "soon", "0", today).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["role_type", "hourly", "from"]);
        assert!(e[2].1.contains("\"soon\" is not a date"), "{:?}", e);
        let e = cap_from_text("SW", "2020-01-01", "600", today).unwrap_err();
        assert_eq!(e.len(), 2, "too early and too high: {e:?}");
        assert!(cap_from_text("SW", "2029-01-01", "40", today).is_err(), "more than two years ahead");
    }

    #[test]
    fn a_csv_is_all_or_nothing_with_each_bad_line_named() {
        let today = d(2026, 12, 7);
        let good = "role_type,from,hourly_pounds\nSW,2026-10-01,38.00\n\"SSW\",2026-10-01,\"42.00\"\r\nSW,2025-10-01,37\n";
        let caps = parse_caps_csv(good, today).unwrap();
        assert_eq!(caps.len(), 3);
        assert_eq!(caps[1], RateCap { role_type: "SSW".into(), from: d(2026, 10, 1), hourly_pence: 4_200 });
        let bad = "role_type,from,hourly_pounds\nSW,2026-10-01,38\nXX,2026-10-01,38\nSW,2026-10-01,39\nAP,someday,40\nTM,2026-10-01\n";
        let e = parse_caps_csv(bad, today).unwrap_err();
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(e[0].starts_with("Line 3:") && e[0].contains("role type"), "{e:?}");
        assert!(e[1].starts_with("Line 4:") && e[1].contains("line 2"), "{e:?}");
        assert!(e[2].starts_with("Line 5:") && e[2].contains("someday"), "{e:?}");
        assert!(e[3].starts_with("Line 6:"), "{e:?}");
        assert!(parse_caps_csv("role,from,cap\nSW,2026-10-01,38\n", today).unwrap_err()[0].starts_with("Line 1"));
        assert!(parse_caps_csv("", today).is_err());
        assert!(parse_caps_csv("role_type,from,hourly_pounds\n", today).is_err(), "no caps");
        let big = format!("role_type,from,hourly_pounds\n{}", "SW,2026-10-01,38\n".repeat(5_000));
        assert!(parse_caps_csv(&big, today).unwrap_err()[0].contains("larger than"));
    }

    #[test]
    fn merging_adds_new_dates_and_corrects_the_same_date() {
        let old = vec![RateCap { role_type: "SW".into(), from: d(2025, 10, 1), hourly_pence: 3_700 }];
        let new = vec![
            RateCap { role_type: "TM".into(), from: d(2025, 10, 1), hourly_pence: 5_000 },
            RateCap { role_type: "SW".into(), from: d(2026, 10, 1), hourly_pence: 3_800 },
            RateCap { role_type: "SW".into(), from: d(2025, 10, 1), hourly_pence: 3_700 },
        ];
        let (caps, changed) = merge_caps(&old, &new);
        assert_eq!(changed, 2, "the same cap again changes nothing");
        let order: Vec<(&str, u32)> = caps.iter().map(|c| (c.role_type.as_str(), c.hourly_pence)).collect();
        assert_eq!(order, [("SW", 3_700), ("SW", 3_800), ("TM", 5_000)]);
        let (caps, changed) = merge_caps(&caps, &[RateCap { role_type: "SW".into(), from: d(2026, 10, 1), hourly_pence: 3_900 }]);
        assert_eq!((changed, caps.len(), caps[1].hourly_pence), (1, 3, 3_900));
        assert_eq!(standing(&caps, &caps[0], d(2026, 12, 1)), CapStanding::Replaced);
        assert_eq!(standing(&caps, &caps[1], d(2026, 12, 1)), CapStanding::InForce);
        assert_eq!(standing(&caps, &caps[1], d(2026, 9, 30)), CapStanding::Future);
        assert_eq!(standing(&caps, &caps[0], d(2026, 9, 30)), CapStanding::InForce);
    }

    #[test]
    fn spend_by_month_counts_each_day_an_assignment_ran_at_the_full_time_week() {
        // £42 an hour × 37 hours a week = £1,554 a week, £222 a day.
        let a = SpendFacts { start: d(2026, 9, 16), end: None, hourly_pence: 4_200 };
        let b = SpendFacts { start: d(2025, 1, 1), end: Some(d(2026, 8, 10)), hourly_pence: 3_500 };
        let m = spend_by_month(&[a, b], 2_220, d(2026, 11, 15), 12);
        assert_eq!(m.len(), 12);
        assert_eq!((m[0].month, m[11].month), (d(2025, 12, 1), d(2026, 11, 1)));
        // December 2025: b all 31 days at £35 × 37 ÷ 7 = £185 a day.
        assert_eq!((m[0].pence, m[0].assignments), (31 * 18_500, 1));
        // August 2026: b for 10 days.
        assert_eq!(m[8].pence, 10 * 18_500);
        // September 2026: a for 15 days (16th to 30th).
        assert_eq!((m[9].pence, m[9].assignments), (15 * 22_200, 1));
        // November 2026: a to the 15th, the date asked for.
        assert_eq!((m[11].pence, m[11].to), (15 * 22_200, d(2026, 11, 15)));
        // Rounded to the penny: £10.01 an hour × 37 hours ÷ 7 × 1 day = 5,290.97… pence.
        let one = SpendFacts { start: d(2026, 11, 15), end: None, hourly_pence: 1_001 };
        assert_eq!(spend_by_month(&[one], 2_220, d(2026, 11, 15), 1)[0].pence, 5_291);
        assert_eq!(spend_by_month(&[], 2_220, d(2026, 11, 15), 12).iter().map(|m| m.pence).sum::<i64>(), 0);
    }

    #[test]
    fn breaches_count_by_their_sign_off() {
        let f = |status, over_cap, dcs_signed, ceo_signed| BreachFacts { status, over_cap, dcs_signed, ceo_signed };
        let b = breaches(&[
            f(AssignmentStatus::Pending, true, true, false),
            f(AssignmentStatus::Active, true, true, true),
            f(AssignmentStatus::Ended, true, true, true),
            f(AssignmentStatus::Ended, true, false, false),
            f(AssignmentStatus::Active, false, false, false),
        ]);
        assert_eq!(b, Breaches { total: 4, awaiting: 1, signed_off: 2, ended_unsigned: 1 });
    }
}
