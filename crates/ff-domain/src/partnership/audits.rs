//! Multi-agency audits (MASA-SYS-6, learning from audit MASA-SYS-5): the partnership looks at a
//! number of children's cases on one theme with the agencies that took part, writes down what it
//! found and grades the practice it saw overall; learning actions raised from an audit carry the
//! audit as their source, and the yearly report counts audits and their gradings (MASA-P-9).
//! Pure: the day is passed in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ReviewAgency;
use super::arrangements::words;
use crate::ValidationErrors;
use crate::codes::code_enum;

code_enum!(
    /// The audit's grading of the practice it saw, overall.
    Grading {
        Good => ("good", "Good"),
        RequiresImprovement => ("requires_improvement", "Requires improvement"),
        Inadequate => ("inadequate", "Inadequate"),
    }
);

/// The most cases one audit looks at: audits sample a handful to a few dozen cases.
pub const MAX_CASES: i32 = 500;

/// An audit as recorded or changed.
pub struct Audit<'a> {
    pub theme: &'a str,
    pub audited_on: NaiveDate,
    pub agencies: &'a [ReviewAgency],
    pub cases: i32,
    pub findings: &'a str,
}

/// MASA-SYS-6: an audit has a theme, a day that is not in the future, at least two agencies
/// taking part (it is multi-agency), at least one case and what it found. Every error at once.
pub fn check(a: &Audit, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    words(&mut e, "theme", a.theme, "Give the audit's theme, for example neglect", 200);
    if a.audited_on > today {
        e.add("audited_on", "The day of the audit cannot be in the future");
    }
    if a.agencies.len() < 2 {
        e.add("agencies", "Choose at least two agencies that took part: a multi-agency audit has more than one");
    }
    if !(1..=MAX_CASES).contains(&a.cases) {
        e.add("cases", format!("Give the number of cases audited, from 1 to {MAX_CASES}"));
    }
    words(&mut e, "findings", a.findings, "Say what the audit found", 8_000);
    e.into_result(())
}

/// The agencies as stored: their codes in the list's order, no repeats, separated by commas.
pub fn agencies_text(agencies: &[ReviewAgency]) -> String {
    ReviewAgency::ALL.iter().filter(|a| agencies.contains(a)).map(|a| a.code()).collect::<Vec<_>>().join(",")
}

/// The agencies read back from `agencies_text`; unknown codes are left out.
pub fn agencies_of(text: &str) -> Vec<ReviewAgency> {
    text.split(',').filter_map(|c| ReviewAgency::from_code(c.trim())).collect()
}

/// How many audits graded each way, in `Grading::ALL` order.
pub fn gradings(grades: &[Grading]) -> Vec<(Grading, u32)> {
    Grading::ALL.iter().map(|g| (*g, grades.iter().filter(|x| *x == g).count() as u32)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_audit_is_multi_agency_with_cases_and_findings() {
        let agencies = [ReviewAgency::Police, ReviewAgency::Health];
        let a = Audit { theme: "Neglect", audited_on: d(2026, 10, 1), agencies: &agencies, cases: 12, findings: "Chronologies thin" };
        assert!(check(&a, d(2026, 11, 1)).is_ok());
        let one = [ReviewAgency::Police];
        let e =
            check(&Audit { theme: " ", audited_on: d(2026, 12, 1), agencies: &one, cases: 0, findings: "" }, d(2026, 11, 1)).unwrap_err();
        for field in ["theme", "audited_on", "agencies", "cases", "findings"] {
            assert!(e.for_field(field).is_some(), "MASA-SYS-6: {field} is checked with the others");
        }
        assert!(check(&Audit { cases: MAX_CASES + 1, ..a }, d(2026, 11, 1)).is_err());
    }

    #[test]
    fn agencies_kept_in_order_without_repeats() {
        let t = agencies_text(&[ReviewAgency::Health, ReviewAgency::Police, ReviewAgency::Health]);
        assert_eq!(t, "police,health");
        assert_eq!(agencies_of(&t), vec![ReviewAgency::Police, ReviewAgency::Health]);
        assert_eq!(agencies_of("police,nonsense"), vec![ReviewAgency::Police]);
    }

    #[test]
    fn gradings_counted_each_way() {
        let g = gradings(&[Grading::Good, Grading::Inadequate, Grading::Good]);
        assert_eq!(g, vec![(Grading::Good, 2), (Grading::RequiresImprovement, 0), (Grading::Inadequate, 1)]);
    }
}
