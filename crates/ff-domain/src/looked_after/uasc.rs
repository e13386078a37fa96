//! Unaccompanied asylum-seeking children (the SSDA903 UASC table): when the
//! child was known to the council as unaccompanied and seeking asylum, and when that status ceased
//! (usually at 18, or on a grant of leave, or on being joined by family).
//!
//! LA-9 (903 rules 104, 304): the status starts no later than today and not before the child was
//! born; it ceases on or after it started, never in the future, and no later than the child's 18th
//! birthday.

use chrono::NaiveDate;

use crate::family_help::RuleRefusal;

/// The day a child born on `born` turns 18 (29 February birthdays on 28 February).
pub fn eighteenth_birthday(born: NaiveDate) -> Option<NaiveDate> {
    born.checked_add_months(chrono::Months::new(18 * 12))
}

/// LA-9: whether the status dates fit the child and today.
pub fn check_uasc(since: NaiveDate, ceased: Option<NaiveDate>, born: Option<NaiveDate>, today: NaiveDate) -> Result<(), RuleRefusal> {
    let refuse = |message: &str| Err(RuleRefusal { rule: "LA-9", message: message.into() });
    if since > today || born.is_some_and(|b| since < b) {
        return refuse("The date the child was known as unaccompanied must be after their birth and not in the future.");
    }
    if let Some(c) = ceased {
        if c < since || c > today {
            return refuse("The status ceases on or after it began, and not in the future.");
        }
        if born.and_then(eighteenth_birthday).is_some_and(|eighteen| c > eighteen) {
            return refuse("The status ceases no later than the child's 18th birthday (903 rule 304).");
        }
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
    fn status_dates_fit_the_child_la_9() {
        let today = d(2026, 11, 23);
        let born = Some(d(2008, 2, 29));
        assert!(check_uasc(d(2025, 6, 1), None, born, today).is_ok());
        assert!(check_uasc(d(2025, 6, 1), Some(d(2026, 2, 28)), born, today).is_ok(), "the 18th birthday");
        for (since, ceased) in [
            (d(2026, 11, 24), None),
            (d(2007, 1, 1), None),
            (d(2025, 6, 1), Some(d(2025, 5, 1))),
            (d(2025, 6, 1), Some(d(2026, 3, 1))),
            (d(2025, 6, 1), Some(d(2026, 11, 24))),
        ] {
            assert_eq!(check_uasc(since, ceased, born, today).unwrap_err().rule, "LA-9", "{since} {ceased:?}");
        }
        assert_eq!(eighteenth_birthday(d(2008, 2, 29)), Some(d(2026, 2, 28)));
    }
}
