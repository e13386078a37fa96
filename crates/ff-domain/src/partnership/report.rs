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

/// The day the report became final: the last of the three sign-offs, once all three have signed.
pub fn final_on(signed: &SignOffs) -> Option<NaiveDate> {
    if is_final(signed) { signed.iter().flatten().max().copied() } else { None }
}

/// The report's publication as recorded (MASA-SYS-8): the day it was published and the days it
/// was sent to the national Panel and to Foundations, the What Works Centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Publication {
    pub published_on: Option<NaiveDate>,
    pub panel_sent_on: Option<NaiveDate>,
    pub foundations_sent_on: Option<NaiveDate>,
}

/// The publication is recorded once the report is final (all three leads signed), published on a
/// day, and each date is on or after the last sign-off and not in the future (MASA-SYS-8). Sending
/// later than the setting's days after publication is allowed, and flagged (`sent_late`). Every
/// mistake at once.
pub fn check_publication(signed: &SignOffs, p: &Publication, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let final_day = final_on(signed);
    if final_day.is_none() {
        e.add("published_on", "The report is published once every lead partner has signed it off");
    }
    if p.published_on.is_none() {
        e.add("published_on", "Enter the day the report was published");
    }
    for (field, day, what) in [
        ("published_on", p.published_on, "published"),
        ("panel_sent_on", p.panel_sent_on, "sent to the Panel"),
        ("foundations_sent_on", p.foundations_sent_on, "sent to Foundations"),
    ] {
        let Some(day) = day else { continue };
        if let Some(f) = final_day.filter(|f| day < *f) {
            e.add(field, format!("The report was {what} on or after its last sign-off ({})", f.format("%-d %B %Y")));
        }
        if day > today {
            e.add(field, format!("The day it was {what} cannot be in the future"));
        }
    }
    e.into_result(())
}

/// Sent more than `days` days after publication: accepted, and flagged on the page (MASA-SYS-8
/// expects 7 days, CONFIRM).
pub fn sent_late(published_on: Option<NaiveDate>, sent_on: Option<NaiveDate>, days: u32) -> bool {
    match (published_on, sent_on) {
        (Some(p), Some(s)) => s > p + chrono::Days::new(u64::from(days)),
        _ => false,
    }
}

/// What is overdue about a report's publication on `today` (MASA-SYS-8): final but not published
/// more than `days` after its last sign-off; published but not sent to the Panel, or to
/// Foundations, more than `days` after publication. Each in plain words.
pub fn publication_overdue(signed: &SignOffs, p: &Publication, days: u32, today: NaiveDate) -> Vec<(&'static str, NaiveDate)> {
    let after = |d: NaiveDate| d + chrono::Days::new(u64::from(days));
    let mut out = vec![];
    let Some(f) = final_on(signed) else { return out };
    match p.published_on {
        None if today > after(f) => out.push(("Publish the signed yearly report", after(f))),
        None => {}
        Some(published) => {
            if p.panel_sent_on.is_none() && today > after(published) {
                out.push(("Send the yearly report to the national Panel", after(published)));
            }
            if p.foundations_sent_on.is_none() && today > after(published) {
                out.push(("Send the yearly report to Foundations", after(published)));
            }
        }
    }
    out
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

    #[test]
    fn masa_sys_8_published_once_final_and_sent_within_the_days_set() {
        let today = d(2026, 11, 23);
        let signed = [Some(d(2026, 6, 1)), Some(d(2026, 6, 3)), Some(d(2026, 6, 2))];
        assert_eq!(final_on(&signed), Some(d(2026, 6, 3)));
        let p = Publication { published_on: Some(d(2026, 6, 10)), panel_sent_on: Some(d(2026, 6, 12)), foundations_sent_on: None };
        assert!(check_publication(&signed, &p, today).is_ok());
        // Not final: refused, whatever else is right.
        let draft = [Some(d(2026, 6, 1)), None, None];
        assert!(check_publication(&draft, &p, today).unwrap_err().for_field("published_on").unwrap().contains("signed"));
        // Every mistake at once: before the sign-off, in the future, no publication day.
        let bad = Publication { published_on: None, panel_sent_on: Some(d(2026, 6, 2)), foundations_sent_on: Some(d(2026, 11, 24)) };
        let e = check_publication(&signed, &bad, today).unwrap_err();
        assert_eq!(e.0.len(), 3, "{e:?}");
        assert!(e.for_field("panel_sent_on").unwrap().contains("3 June 2026"));
        assert!(e.for_field("foundations_sent_on").unwrap().contains("future"));
        // Later than 7 days after publication: accepted and flagged.
        assert!(!sent_late(Some(d(2026, 6, 10)), Some(d(2026, 6, 17)), 7));
        assert!(sent_late(Some(d(2026, 6, 10)), Some(d(2026, 6, 18)), 7));
        let late = Publication { foundations_sent_on: Some(d(2026, 7, 1)), ..p };
        assert!(check_publication(&signed, &late, today).is_ok());
    }

    #[test]
    fn masa_sys_8_what_is_overdue() {
        let signed = [Some(d(2026, 6, 3)); 3];
        let none = Publication::default();
        assert!(publication_overdue(&signed, &none, 7, d(2026, 6, 10)).is_empty());
        let o = publication_overdue(&signed, &none, 7, d(2026, 6, 11));
        assert_eq!(o, vec![("Publish the signed yearly report", d(2026, 6, 10))]);
        assert!(publication_overdue(&[Some(d(2026, 6, 3)), None, None], &none, 7, d(2026, 11, 23)).is_empty(), "a draft is not due");
        let published = Publication { published_on: Some(d(2026, 6, 10)), panel_sent_on: Some(d(2026, 6, 11)), foundations_sent_on: None };
        let o = publication_overdue(&signed, &published, 7, d(2026, 6, 18));
        assert_eq!(o, vec![("Send the yearly report to Foundations", d(2026, 6, 17))]);
    }
}
