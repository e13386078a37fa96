//! Family finding and mentoring for children in care: people from the child's
//! network found again, and mentors, befrienders and independent visitors, each offered, then
//! matched, and kept whatever placement the child moves to (the relationship belongs to the child,
//! not the placement).
//!
//! LA-10: a connection is offered while the child is looked after and never in the future; it is
//! matched on or after it was offered, and ends on or after that, with a reason, once.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// Who the connection is with.
    ConnectionKind {
        Family => ("family", "Someone from the child's family or friends"),
        Mentor => ("mentor", "Mentor"),
        Befriender => ("befriender", "Befriender"),
        IndependentVisitor => ("independent_visitor", "Independent visitor"),
    }
);

/// LA-10: a connection offered on `offered_on`.
pub fn check_offer(offered_on: NaiveDate, looked_after_since: Option<NaiveDate>, today: NaiveDate) -> Result<(), RuleRefusal> {
    let refuse = |message: &str| Err(RuleRefusal { rule: "LA-10", message: message.into() });
    match looked_after_since {
        None => refuse("The child is not looked after: family finding and mentoring here are for children in care."),
        Some(since) if offered_on < since || offered_on > today => {
            refuse("The date must be on or after the child became looked after, and not in the future.")
        }
        Some(_) => Ok(()),
    }
}

/// LA-10: the next step of a connection (`on` the date it is matched or ends) after `after` (the
/// date it was offered, or matched).
pub fn check_step(on: NaiveDate, after: NaiveDate, today: NaiveDate) -> Result<(), RuleRefusal> {
    if on < after || on > today {
        return Err(RuleRefusal { rule: "LA-10", message: "The date must be on or after the last step, and not in the future.".into() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn connections_are_offered_in_care_then_matched_then_ended_la_10() {
        let today = d(2026, 11, 23);
        assert!(check_offer(d(2026, 11, 3), Some(d(2026, 11, 2)), today).is_ok());
        assert_eq!(check_offer(d(2026, 11, 3), None, today).unwrap_err().rule, "LA-10");
        assert!(check_offer(d(2026, 11, 1), Some(d(2026, 11, 2)), today).is_err());
        assert!(check_offer(d(2026, 11, 24), Some(d(2026, 11, 2)), today).is_err());
        assert!(check_step(d(2026, 11, 10), d(2026, 11, 3), today).is_ok());
        assert!(check_step(d(2026, 11, 2), d(2026, 11, 3), today).is_err());
        assert!(check_step(d(2026, 11, 24), d(2026, 11, 3), today).is_err());
    }
}
