//! Leaving care (issue 13 item 4; families-first.md §4.7): which duties a young person is owed,
//! worked out from their episodes of care and their age on a day (LC-1).
//!
//! - **Eligible**: aged 16 or 17, still looked after, and looked after for at least 13 weeks in
//!   total since their 14th birthday, some of it at or after 16.
//! - **Relevant**: aged 16 or 17, no longer looked after, and was eligible.
//! - **Former relevant**: aged 18 to 24, and was eligible or relevant (personal adviser support
//!   to 25, T34).
//! - **Qualifying**: aged 16 to 24, looked after at or after 16 but never for the 13 weeks.
//!
//! Short breaks (legal status V3, V4) do not count, as the 903 does not count them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::code_enum;

code_enum!(
    /// What a young person who was looked after is owed on leaving care.
    CareLeaverStatus {
        Eligible => ("eligible", "Eligible: 16 or 17 and still looked after; needs a pathway plan and a personal adviser before leaving care"),
        Relevant => ("relevant", "Relevant: 16 or 17 and has left care; the council supports and accommodates them"),
        FormerRelevant => ("former_relevant", "Former relevant: 18 or over; a personal adviser and pathway plan to 25"),
        Qualifying => ("qualifying", "Qualifying: looked after at 16 or later, but not long enough to be eligible; advice and help to 25"),
    }
);

/// One period in care: from, to (none while it continues), and whether it was a short break.
#[derive(Debug, Clone, Copy)]
pub struct CareSpell {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub short_break: bool,
}

fn birthday(born: NaiveDate, years: u32) -> Option<NaiveDate> {
    born.checked_add_months(chrono::Months::new(years * 12))
}

/// LC-1: the young person's status on `on`, or none when they are owed no leaving-care duty.
pub fn care_leaver_status(born: Option<NaiveDate>, spells: &[CareSpell], on: NaiveDate) -> Option<CareLeaverStatus> {
    let born = born?;
    let (fourteen, sixteen, eighteen, twenty_five) = (birthday(born, 14)?, birthday(born, 16)?, birthday(born, 18)?, birthday(born, 25)?);
    if on < sixteen || on >= twenty_five {
        return None;
    }
    let counted: Vec<&CareSpell> = spells.iter().filter(|s| !s.short_break && s.from <= on).collect();
    let end_of = |s: &CareSpell| s.to.unwrap_or(on).min(on);
    let days_since_fourteen: i64 = counted
        .iter()
        .map(|s| {
            let from = s.from.max(fourteen);
            let to = end_of(s);
            if to > from { (to - from).num_days() } else { 0 }
        })
        .sum();
    let after_sixteen = counted.iter().any(|s| end_of(s) >= sixteen && s.to.is_none_or(|t| t >= sixteen));
    let looked_after_now = counted.iter().any(|s| s.to.is_none());
    let was_eligible = days_since_fourteen >= 91 && after_sixteen;
    Some(match (on < eighteen, looked_after_now, was_eligible, after_sixteen) {
        (true, true, true, _) => CareLeaverStatus::Eligible,
        (true, false, true, _) => CareLeaverStatus::Relevant,
        (false, false, true, _) => CareLeaverStatus::FormerRelevant,
        (_, _, false, true) => CareLeaverStatus::Qualifying,
        // Still looked after at 18 or over: not a care leaver yet (and no status to show).
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn spell(from: NaiveDate, to: Option<NaiveDate>) -> CareSpell {
        CareSpell { from, to, short_break: false }
    }

    #[test]
    fn leaving_care_status_from_age_and_time_in_care_lc_1() {
        let born = Some(d(2010, 1, 10)); // 16 on 10 January 2026, 18 on 10 January 2028
        let long = [spell(d(2025, 6, 1), None)];
        assert_eq!(care_leaver_status(born, &long, d(2025, 12, 1)), None, "under 16");
        assert_eq!(care_leaver_status(born, &long, d(2026, 11, 23)), Some(CareLeaverStatus::Eligible));
        let left = [spell(d(2025, 6, 1), Some(d(2026, 9, 1)))];
        assert_eq!(care_leaver_status(born, &left, d(2026, 11, 23)), Some(CareLeaverStatus::Relevant));
        assert_eq!(care_leaver_status(born, &left, d(2028, 3, 1)), Some(CareLeaverStatus::FormerRelevant));
        assert_eq!(care_leaver_status(born, &left, d(2035, 1, 10)), None, "25 and over");
        // Eight weeks in care at 16: looked after at 16, but not 13 weeks since 14.
        let short = [spell(d(2026, 2, 1), Some(d(2026, 3, 29)))];
        assert_eq!(care_leaver_status(born, &short, d(2026, 11, 23)), Some(CareLeaverStatus::Qualifying));
        // Thirteen weeks, all before 16, ended before 16: nothing owed.
        let young = [spell(d(2024, 6, 1), Some(d(2025, 6, 1)))];
        assert_eq!(care_leaver_status(born, &young, d(2026, 11, 23)), None);
        // Short breaks do not count.
        let breaks = [CareSpell { from: d(2025, 6, 1), to: None, short_break: true }];
        assert_eq!(care_leaver_status(born, &breaks, d(2026, 11, 23)), None);
        assert_eq!(care_leaver_status(None, &long, d(2026, 11, 23)), None, "age not known");
    }
}
