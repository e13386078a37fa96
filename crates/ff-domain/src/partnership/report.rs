//! The partnership's yearly report (MASA-P-9, MASA-SYS-8): what the partners did in a reporting
//! year and how well it worked, drafted from the records (incidents and rapid reviews against
//! their clocks, local reviews, learning actions, audits, section 11 returns, disagreements and
//! the agreed data set) with the business manager's words for each section, and signed off by
//! each lead safeguarding partner (MASA-P-2). Once all three have signed it is final and is not
//! changed again. The reporting year's first month is a setting (MASA-P-9 says only "at least
//! every 12 months"; April, as for the other years the council reports on, is the default). Pure.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::arrangements::{SignOffs, check_sign_off};
use crate::ValidationErrors;
use crate::codes::code_enum;

code_enum!(
    /// The report's sections, in the order they are printed.
    ReportSection {
        Summary => ("summary", "What the partnership did and how well it worked"),
        Incidents => ("incidents", "Serious incidents and rapid reviews"),
        LocalReviews => ("local_reviews", "Local child safeguarding practice reviews"),
        Learning => ("learning", "Learning actions and their impact"),
        Audits => ("audits", "Multi-agency audits"),
        Section11 => ("section_11", "Agencies' section 11 self-assessments"),
        Disagreements => ("disagreements", "Professional disagreements"),
        DataSet => ("data_set", "The agreed data set"),
    }
);

/// The most words one section may hold.
pub const MAX_SECTION_CHARS: usize = 20_000;

/// The reporting year `year` (named by the calendar year it starts in): its first and last days,
/// starting on the first of `start_month`.
pub fn year_bounds(year: i32, start_month: u32) -> (NaiveDate, NaiveDate) {
    let m = start_month.clamp(1, 12);
    let from = NaiveDate::from_ymd_opt(year, m, 1).unwrap_or_default();
    let next = NaiveDate::from_ymd_opt(year + 1, m, 1).unwrap_or_default();
    (from, next.pred_opt().unwrap_or(next))
}

/// The reporting year a day falls in, by the calendar year it starts in.
pub fn year_of(day: NaiveDate, start_month: u32) -> i32 {
    if day.month() >= start_month.clamp(1, 12) { day.year() } else { day.year() - 1 }
}

/// The year as people name it: "2025/26", or "2026" when the year starts in January.
pub fn year_label(year: i32, start_month: u32) -> String {
    if start_month <= 1 { year.to_string() } else { format!("{year}/{:02}", (year + 1).rem_euclid(100)) }
}

/// Final once every lead partner has signed it (MASA-P-2).
pub fn is_final(signed: &SignOffs) -> bool {
    signed.iter().all(Option::is_some)
}

/// A report is drafted for a year that has started (a year not yet begun has nothing to report).
pub fn check_draft(year: i32, start_month: u32, today: NaiveDate) -> Result<(), ValidationErrors> {
    if !(2000..=2100).contains(&year) || year_bounds(year, start_month).0 > today {
        return Err(ValidationErrors::single("year", "Choose a reporting year that has started, for example last year"));
    }
    Ok(())
}

/// The words may change only while the report is a draft; each section 20,000 characters or fewer.
pub fn check_narrative(signed: &SignOffs, sections: &[(ReportSection, &str)]) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if is_final(signed) {
        e.add("narrative", "Every lead partner has signed this report: it is final and cannot be changed");
    }
    for (s, text) in sections {
        if text.chars().count() > MAX_SECTION_CHARS {
            e.add(&format!("narrative_{}", s.code()), format!("Keep this section to {MAX_SECTION_CHARS} characters or fewer"));
        }
    }
    e.into_result(())
}

/// A lead signs the report once, after its year has ended and not in the future (MASA-P-2, -9).
pub fn check_report_sign_off(
    year_end: NaiveDate,
    already: Option<NaiveDate>,
    signed_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let after_year = year_end.succ_opt().unwrap_or(year_end);
    check_sign_off(after_year, already, signed_on, today).map_err(|mut e| {
        for f in &mut e.0 {
            if f.field == "signed_on" && f.message.contains("published") {
                f.message = "The report is signed after its year has ended".into();
            }
        }
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_year_starts_on_the_month_set() {
        assert_eq!(year_bounds(2025, 4), (d(2025, 4, 1), d(2026, 3, 31)));
        assert_eq!(year_bounds(2025, 9), (d(2025, 9, 1), d(2026, 8, 31)));
        assert_eq!(year_bounds(2025, 1), (d(2025, 1, 1), d(2025, 12, 31)));
        assert_eq!(year_of(d(2026, 3, 31), 4), 2025);
        assert_eq!(year_of(d(2026, 4, 1), 4), 2026);
        assert_eq!((year_label(2025, 4), year_label(2025, 1)), ("2025/26".into(), "2025".into()));
    }

    #[test]
    fn drafted_for_a_year_that_has_started() {
        assert!(check_draft(2025, 4, d(2026, 12, 7)).is_ok());
        assert!(check_draft(2026, 4, d(2026, 12, 7)).is_ok());
        assert!(check_draft(2027, 4, d(2026, 12, 7)).is_err());
    }

    #[test]
    fn final_once_all_three_sign_and_then_unchanged() {
        let one = [Some(d(2026, 6, 1)), None, None];
        assert!(!is_final(&one));
        assert!(check_narrative(&one, &[(ReportSection::Summary, "Words")]).is_ok());
        let all = [Some(d(2026, 6, 1)); 3];
        assert!(is_final(&all), "MASA-P-2: signed by each lead partner");
        assert!(check_narrative(&all, &[(ReportSection::Summary, "Words")]).unwrap_err().for_field("narrative").is_some());
        let long = "x".repeat(MAX_SECTION_CHARS + 1);
        assert!(check_narrative(&one, &[(ReportSection::Audits, &long)]).unwrap_err().for_field("narrative_audits").is_some());
    }

    #[test]
    fn signed_after_the_year_once() {
        let end = d(2026, 3, 31);
        assert!(check_report_sign_off(end, None, d(2026, 6, 1), d(2026, 12, 7)).is_ok());
        let e = check_report_sign_off(end, None, d(2026, 3, 1), d(2026, 12, 7)).unwrap_err();
        assert_eq!(e.for_field("signed_on"), Some("The report is signed after its year has ended"));
        assert!(check_report_sign_off(end, Some(d(2026, 6, 1)), d(2026, 6, 2), d(2026, 12, 7)).is_err());
        assert!(check_report_sign_off(end, None, d(2026, 12, 8), d(2026, 12, 7)).is_err());
    }
}
