//! The social work workforce a council shares with its regional care co-operative for pooled
//! analysis (W-OUT-4; RCC-SHARE-4; workforce-and-partnerships.md A3 "Regional reuse"; decision
//! 0024): the census's worker rows for one census year, pseudonymised so the region can link a
//! worker who moves between its member councils and nobody can name them:
//! - the Social Work England number becomes a keyed hash (HMAC-SHA256) under a secret the
//!   **region** shares with its members, never an unsalted hash (a short registration number is
//!   found again by trying every one); two councils holding the same region key give the same
//!   code for the same number, and nobody holds a table back from code to number;
//! - the date of birth becomes the first of its month; no name, address, gender, ethnicity or any
//!   other identifier is shared (the columns are not there);
//! - the region's key is versioned: the region issues a new version, each council loads it, and
//!   every extract says which version it used.
//!
//! Pure: the key, the census year and the rows are passed in.

use chrono::NaiveDate;

use super::{month_of_birth, pseudonym};
use crate::ValidationErrors;
use crate::hash::hmac_sha256;
use crate::workforce::record::career_year;

/// The region's key, as the region hands it to its members: 256 bits written as 64 hexadecimal
/// digits (spaces, colons and dashes between them are ignored).
pub const KEY_HEX_DIGITS: usize = 64;

/// Reads the region's key as the council's administrator typed it (RCC-SHARE-4). Refused: the
/// wrong length, anything but hexadecimal digits, and a key of one byte repeated (a placeholder,
/// not a secret). The message never repeats what was typed.
pub fn parse_region_key(typed: &str) -> Result<Vec<u8>, ValidationErrors> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace() && !matches!(c, ':' | '-')).collect();
    let refuse = |m: &str| Err(ValidationErrors::single("key", m));
    if digits.is_empty() {
        return refuse("Enter the region's key");
    }
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return refuse("The region's key must be written in hexadecimal digits only (0 to 9 and a to f)");
    }
    if digits.len() != KEY_HEX_DIGITS {
        return refuse("The region's key must be 64 hexadecimal digits long (256 bits)");
    }
    let bytes: Vec<u8> =
        (0..digits.len()).step_by(2).filter_map(|i| digits.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect();
    if bytes.len() != KEY_HEX_DIGITS / 2 {
        return refuse("The region's key must be 64 hexadecimal digits long (256 bits)");
    }
    if bytes.iter().all(|b| *b == bytes[0]) {
        return refuse("That is not a real key: ask the region for the key it issued");
    }
    Ok(bytes)
}

/// A short check value of a key, safe to show: the region publishes it with each key version so
/// every member council can see it loaded the same key, without the key being shown again.
/// The first 6 bytes of the HMAC of a fixed text under the key, as 12 hexadecimal digits.
pub fn key_check(key: &[u8]) -> String {
    hmac_sha256(key, b"Families First region key check").iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// A Social Work England number as it is compared across councils: without spaces, in capitals
/// ("sw 123456" and "SW123456" are one registration).
pub fn normalise_swe(number: &str) -> String {
    number.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

/// RCC-SHARE-4: a worker's code in the region: the keyed hash of their normalised Social Work
/// England number under the region's key.
pub fn worker_code(region_key: &[u8], swe_number: &str) -> String {
    pseudonym(region_key, &normalise_swe(swe_number))
}

/// The workforce extract's columns (W-OUT-4): the census items (A3.2) under their census names,
/// so the regional pipelines that pool census returns read them unchanged, with the council and
/// the census year in front and three columns of ours after. No name, registration number,
/// gender, ethnicity or full date of birth among them (RCC-SHARE-4).
pub const WORKFORCE_COLUMNS: [&str; 17] = [
    "LA",
    "YEAR",
    "SWENoHash",
    "Agency",
    "PersonBirthDate",
    "OrgRole",
    "SeniorityGroup",
    "FTE",
    "RoleStartDate",
    "RoleEndDate",
    "ReasonLeave",
    "Cases30",
    "WorkingDaysLost",
    "Absat30Sept",
    "ReasonAbsence",
    "QualificationRoute",
    "EarlyCareerYear",
];

/// One worker in one post on the census, as the council's census builds it (the census's codes
/// already: `OrgRole` 1–6, `ReasonLeave`, `ReasonAbsence`), with what the worker's record adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CensusWorker {
    pub swe_number: String,
    pub agency: bool,
    pub date_of_birth: Option<NaiveDate>,
    /// The census `OrgRole` code, 1 (senior manager) to 6 (qualified, no cases).
    pub org_role: Option<String>,
    /// FTE on the reference date in millionths (0 for a leaver).
    pub fte_millionths: Option<i64>,
    pub role_start: Option<NaiveDate>,
    /// The last day in the role: a leaver.
    pub role_end: Option<NaiveDate>,
    pub reason_leave: Option<String>,
    pub cases: Option<i64>,
    pub days_lost_x100: Option<i64>,
    /// Absent on the reference date (none for a leaver or an agency worker).
    pub absent: Option<bool>,
    pub reason_absence: Option<String>,
    /// The worker record's qualification route code (degree, step_up, frontline, ...).
    pub route: Option<String>,
    /// When they qualified: gives the early-career year on the reference date (W-EC-1).
    pub qualified_on: Option<NaiveDate>,
}

/// The seniority group the regional forecasts pool by (A3 "Regional reuse"): agency workers;
/// newly qualified (in the first year after qualifying on the reference date); case holders
/// (`OrgRole` 5 and 6); managers and senior practitioners (2 to 4); senior managers (1).
pub fn seniority_group(w: &CensusWorker, on: NaiveDate) -> &'static str {
    if w.agency {
        return "agency";
    }
    if career_year(w.qualified_on, on) == Some(1) {
        return "newly_qualified";
    }
    match w.org_role.as_deref() {
        Some("1") => "senior_manager",
        Some("2" | "3" | "4") => "manager",
        Some("5" | "6") => "case_holder",
        _ => "",
    }
}

/// Millionths as a decimal with six places, as the census writes FTE: 800000 → "0.800000".
fn millionths(v: i64) -> String {
    format!("{}.{:06}", v / 1_000_000, (v % 1_000_000).abs())
}

/// Hundredths with two places: 1250 → "12.50".
fn hundredths(v: i64) -> String {
    format!("{}.{:02}", v / 100, (v % 100).abs())
}

/// W-OUT-4, RCC-SHARE-4: one worker's row of the regional extract for the census on `on`
/// (30 September of `year`): the registration number as the region's keyed hash, the date of
/// birth as the first of its month, dates as `YYYY-MM-DD`, yes/no as 1/0, blank where the
/// records hold nothing.
pub fn workforce_row(region_key: &[u8], la: &str, year: i32, on: NaiveDate, w: &CensusWorker) -> Vec<String> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let flag = |b: Option<bool>| b.map(|b| if b { "1" } else { "0" }.to_owned()).unwrap_or_default();
    let text = |t: &Option<String>| t.as_deref().map(str::trim).unwrap_or_default().to_owned();
    vec![
        la.to_owned(),
        year.to_string(),
        worker_code(region_key, &w.swe_number),
        flag(Some(w.agency)),
        date(w.date_of_birth.map(month_of_birth)),
        text(&w.org_role),
        seniority_group(w, on).to_owned(),
        w.fte_millionths.map(millionths).unwrap_or_default(),
        date(w.role_start),
        date(w.role_end),
        text(&w.reason_leave),
        w.cases.map(|c| c.to_string()).unwrap_or_default(),
        w.days_lost_x100.map(hundredths).unwrap_or_default(),
        flag(w.absent),
        text(&w.reason_absence),
        text(&w.route),
        career_year(w.qualified_on, on).map(|y| y.to_string()).unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGION_KEY: &str = "5f3a 91c2 7e04 b8d6 1a2b 3c4d 5e6f 7081 92a3 b4c5 d6e7 f809 1a2b 3c4d 5e6f 7081";

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn worker() -> CensusWorker {
        CensusWorker {
            swe_number: "SW104729".into(),
            agency: false,
            date_of_birth: Some(d(1988, 3, 17)),
            org_role: Some("5".into()),
            fte_millionths: Some(800_000),
            role_start: Some(d(2025, 11, 3)),
            cases: Some(14),
            days_lost_x100: Some(1250),
            absent: Some(false),
            route: Some("frontline".into()),
            qualified_on: Some(d(2025, 11, 1)),
            ..Default::default()
        }
    }

    #[test]
    fn rcc_share_4_two_councils_with_the_region_key_give_a_worker_the_same_code() {
        let key = parse_region_key(REGION_KEY).unwrap();
        let on = d(2026, 9, 30);
        // The same number at two member councils, typed a little differently.
        let at_first = workforce_row(&key, "990", 2026, on, &worker());
        let at_second = workforce_row(&key, "991", 2026, on, &CensusWorker { swe_number: " sw 104729".into(), ..worker() });
        assert_eq!(at_first[2], at_second[2], "a worker moving between member councils stays linkable");
        assert_eq!(at_first[2].len(), 32);
        // A different key (another region, or the region's next version) gives a different code.
        let other = parse_region_key(&REGION_KEY.replace("5f3a", "5f3b")).unwrap();
        assert_ne!(workforce_row(&other, "990", 2026, on, &worker())[2], at_first[2]);
        // Another worker, another code.
        assert_ne!(worker_code(&key, "SW104730"), at_first[2]);
        // Never the unsalted hash the alliance pipelines used: the code is keyed.
        assert_ne!(at_first[2], pseudonym(b"", "SW104729"));
    }

    #[test]
    fn w_out_4_a_row_has_the_census_items_with_the_birth_month_and_no_identifier() {
        let key = parse_region_key(REGION_KEY).unwrap();
        let on = d(2026, 9, 30);
        let row = workforce_row(&key, "990", 2026, on, &worker());
        assert_eq!(row.len(), WORKFORCE_COLUMNS.len());
        assert_eq!(&row[..2], ["990", "2026"]);
        assert_eq!(row[3], "0");
        assert_eq!(row[4], "1988-03-01", "the date of birth becomes the first of its month");
        assert_eq!(&row[5..9], ["5", "newly_qualified", "0.800000", "2025-11-03"]);
        assert_eq!(&row[9..], ["", "", "14", "12.50", "0", "", "frontline", "1"]);
        let joined = row.join(",");
        assert!(!joined.contains("104729") && !joined.contains("1988-03-17"), "{joined}");
        for c in WORKFORCE_COLUMNS {
            let c = c.to_lowercase();
            assert!(!c.contains("name") && c != "swe_number" && c != "sweno" && !c.contains("gender") && !c.contains("ethnic"), "{c}");
        }
        // A leaver: FTE 0, the day they left and why; no absence on the day.
        let leaver = CensusWorker {
            fte_millionths: Some(0),
            role_end: Some(d(2026, 6, 30)),
            reason_leave: Some("3".into()),
            absent: None,
            cases: None,
            qualified_on: Some(d(2015, 7, 1)),
            org_role: Some("3".into()),
            ..worker()
        };
        let row = workforce_row(&key, "990", 2026, on, &leaver);
        assert_eq!(&row[6..14], ["manager", "0.000000", "2025-11-03", "2026-06-30", "3", "", "12.50", ""]);
        assert_eq!(row[16], "", "past the early career");
        // An agency worker is grouped as agency whatever the role.
        let agency = CensusWorker { agency: true, date_of_birth: None, ..worker() };
        let row = workforce_row(&key, "990", 2026, on, &agency);
        assert_eq!((row[3].as_str(), row[4].as_str(), row[6].as_str()), ("1", "", "agency"));
    }

    #[test]
    fn rcc_share_4_the_region_key_is_read_with_care_and_checked_without_showing_it() {
        let key = parse_region_key(REGION_KEY).unwrap();
        assert_eq!(key.len(), 32);
        assert_eq!(parse_region_key(&REGION_KEY.replace(' ', ":").to_uppercase()).unwrap(), key);
        let check = key_check(&key);
        assert_eq!(check.len(), 12);
        assert!(!REGION_KEY.replace(' ', "").contains(&check));
        assert_ne!(check, key_check(&parse_region_key(&REGION_KEY.replace("5f3a", "5f3b")).unwrap()));
        for bad in ["", "   ", "zz", &"ab".repeat(31), &"ab".repeat(33), &"00".repeat(32), &format!("{}g", &"ab".repeat(31))] {
            let e = parse_region_key(bad).unwrap_err();
            assert_eq!(e.0[0].field, "key", "{bad}");
            assert!(!bad.trim().is_empty() && !e.0[0].message.contains(bad) || bad.trim().is_empty());
        }
    }

    #[test]
    fn the_seniority_groups_follow_the_regional_forecasts() {
        let on = d(2026, 9, 30);
        let older = CensusWorker { qualified_on: Some(d(2010, 1, 1)), ..worker() };
        let group = |role: &str| seniority_group(&CensusWorker { org_role: Some(role.into()), ..older.clone() }, on);
        assert_eq!(
            [group("1"), group("2"), group("4"), group("5"), group("6")],
            ["senior_manager", "manager", "manager", "case_holder", "case_holder"]
        );
        let second_year = CensusWorker { qualified_on: Some(d(2025, 7, 1)), ..worker() };
        assert_eq!(seniority_group(&second_year, on), "case_holder");
    }
}
