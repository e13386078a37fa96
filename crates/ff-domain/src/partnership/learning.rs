//! Learning to impact (MASA-SYS-5, MASA-P-9): the actions a partnership agrees
//! from rapid reviews, local and national reviews, audits and scrutiny, each owned by an agency
//! with a due date, the measure that will show it made a difference, and the evidence that it was
//! done. The Panel and What Works found most yearly reports showed no evidence of impact
//! (MASA-P-9): an action is agreed with its impact measure, and completed only with evidence.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ReviewAgency;
use crate::ValidationErrors;
use crate::codes::code_enum;

code_enum!(
    /// Where the learning came from (MASA-SYS-5).
    LearningSource {
        RapidReview => ("rapid_review", "A rapid review"),
        LocalReview => ("local_review", "A local child safeguarding practice review"),
        NationalReview => ("national_review", "A national review by the Panel"),
        Audit => ("audit", "A multi-agency audit"),
        Scrutiny => ("scrutiny", "Independent scrutiny"),
        Inspection => ("inspection", "A joint targeted area inspection"),
        SelfAssessment => ("section_11", "An agency's section 11 self-assessment"),
        Other => ("other", "Something else"),
    }
);

/// A new learning action: what will change, who owns it, by when, and how the partnership will
/// know it made a difference (MASA-SYS-5, MASA-P-9).
pub struct NewAction<'a> {
    pub action: &'a str,
    pub owner: ReviewAgency,
    pub agreed_on: NaiveDate,
    pub due_on: NaiveDate,
    pub impact_measure: &'a str,
}

fn words(e: &mut ValidationErrors, field: &str, v: &str, what: &str, max: usize) {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max {
        e.add(field, format!("{what} ({max} characters or fewer)"));
    }
}

pub fn check_new(a: &NewAction, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    words(&mut e, "action", a.action, "Say what will change", 2_000);
    words(&mut e, "impact_measure", a.impact_measure, "Say how the partnership will know it made a difference", 2_000);
    if a.agreed_on > today {
        e.add("agreed_on", "The day it was agreed cannot be in the future");
    }
    if a.due_on < a.agreed_on {
        e.add("due_on", "The action is due on or after the day it was agreed");
    }
    e.into_result(())
}

/// An action is completed once, on or after it was agreed and not in the future, with the
/// evidence that it was done (MASA-SYS-5).
pub fn check_completion(
    agreed_on: NaiveDate,
    already: bool,
    completed_on: NaiveDate,
    evidence: &str,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if already {
        e.add("completed_on", "This action has already been completed");
    }
    if completed_on < agreed_on || completed_on > today {
        e.add("completed_on", "It was completed on or after the day it was agreed, and not in the future");
    }
    words(&mut e, "evidence", evidence, "Give the evidence that it was done", 4_000);
    e.into_result(())
}

/// Open, overdue and completed actions for one agency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyCount {
    pub open: u32,
    pub overdue: u32,
    pub completed: u32,
    pub completed_late: u32,
}

/// Count each agency's actions on `today` (the partnership's data set: learning actions open and
/// overdue by agency, MASA-SYS-5): (owner, due, completed).
pub fn by_agency(actions: &[(ReviewAgency, NaiveDate, Option<NaiveDate>)], today: NaiveDate) -> Vec<(ReviewAgency, AgencyCount)> {
    let mut out: Vec<(ReviewAgency, AgencyCount)> = vec![];
    for (owner, due, done) in actions {
        let i = match out.iter().position(|(a, _)| a == owner) {
            Some(i) => i,
            None => {
                out.push((*owner, AgencyCount::default()));
                out.len() - 1
            }
        };
        let c = &mut out[i].1;
        match done {
            Some(d) => {
                c.completed += 1;
                if d > due {
                    c.completed_late += 1;
                }
            }
            None => {
                c.open += 1;
                if today > *due {
                    c.overdue += 1;
                }
            }
        }
    }
    out.sort_by_key(|(a, _)| ReviewAgency::ALL.iter().position(|x| x == a));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_action_is_agreed_with_its_impact_measure() {
        let a = NewAction {
            action: "Health visitors book interpreters for every contact",
            owner: ReviewAgency::Health,
            agreed_on: d(2026, 11, 20),
            due_on: d(2027, 2, 1),
            impact_measure: "Audit of 20 families: interpreter booked at every contact",
        };
        assert!(check_new(&a, d(2026, 11, 23)).is_ok());
        let e = check_new(&NewAction { impact_measure: " ", due_on: d(2026, 11, 1), ..a }, d(2026, 11, 23)).unwrap_err();
        assert!(e.for_field("impact_measure").is_some() && e.for_field("due_on").is_some());
    }

    #[test]
    fn completed_once_with_evidence() {
        assert!(check_completion(d(2026, 11, 1), false, d(2026, 11, 20), "Training records", d(2026, 11, 23)).is_ok());
        assert!(check_completion(d(2026, 11, 1), true, d(2026, 11, 20), "Training records", d(2026, 11, 23)).is_err());
        let e = check_completion(d(2026, 11, 1), false, d(2026, 11, 24), "", d(2026, 11, 23)).unwrap_err();
        assert!(e.for_field("evidence").is_some() && e.for_field("completed_on").is_some());
    }

    #[test]
    fn counted_by_agency_with_what_is_overdue_and_late() {
        let today = d(2026, 11, 23);
        let rows = [
            (ReviewAgency::Police, d(2026, 11, 1), None),
            (ReviewAgency::Health, d(2026, 12, 1), None),
            (ReviewAgency::Police, d(2026, 12, 1), Some(d(2026, 11, 10))),
            (ReviewAgency::Police, d(2026, 11, 1), Some(d(2026, 11, 10))),
        ];
        let c = by_agency(&rows, today);
        assert_eq!(c[0].0, ReviewAgency::Police, "in the list's order");
        assert_eq!(c[0].1, AgencyCount { open: 1, overdue: 1, completed: 2, completed_late: 1 });
        assert_eq!(c[1].1, AgencyCount { open: 1, overdue: 0, completed: 0, completed_late: 0 });
    }
}
