//! Searching for a home for a child (RCC-REF-1, RCC-SHARE-5, RCC-SHARE-7;
//! decision 0017): a home-search referral with what the child needs and the risks, the providers
//! approached with each one's answer (an offer, or a refusal with its reason), the council's
//! decision on each offer, and how the search ended. Every search is kept, those that fail
//! included: the demand signal the regional data has lacked. Our rules:
//! - HS-1: one open search per child at a time; the day a home is needed by is not before the
//!   search starts;
//! - HS-2: a provider's answer is an offer (with a weekly cost and a start day) or a refusal with
//!   its reason; the council declines an offer only with a reason;
//! - HS-3: a search ends placed (by accepting an offer), failed or withdrawn, never twice; a
//!   failed or withdrawn search says why.
//!
//! Pure: dates are passed in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::code_enum;
use crate::{RuleRefusal, ValidationErrors};

code_enum!(
    /// Where a search stands.
    SearchStatus {
        Open => ("open", "Searching"),
        Placed => ("placed", "Home found"),
        Failed => ("failed", "No home found"),
        Withdrawn => ("withdrawn", "No longer needed"),
    }
);

code_enum!(
    /// Planned or an emergency (RCC-REF-1).
    Urgency {
        Planned => ("planned", "Planned"),
        Emergency => ("emergency", "Emergency"),
    }
);

code_enum!(
    /// The kind of home the child could live in (RCC-REF-1 provision recommendation).
    HomeKind {
        Foster => ("foster", "A foster home"),
        Residential => ("residential", "A children's home"),
        Supported => ("supported", "Supported accommodation (16 and 17)"),
        Any => ("any", "Any suitable home"),
    }
);

code_enum!(
    /// How likely a risk is (RCC-REF-1: no known, low, high).
    RiskLevel {
        None => ("none", "None known"),
        Low => ("low", "Low"),
        High => ("high", "High"),
    }
);

code_enum!(
    /// A provider's answer to a referral.
    Answer {
        Offered => ("offered", "Offered a home"),
        Refused => ("refused", "Said no"),
        NoReply => ("no_reply", "Did not reply"),
    }
);

code_enum!(
    /// Why a provider said no, or the council declined an offer (the finer reasons the regional
    /// census once kept, RCC-DATA-2 C2.3).
    RefusalReason {
        NoVacancy => ("no_vacancy", "No vacancy"),
        NeedsNotMet => ("needs_not_met", "Cannot meet the child's needs"),
        Matching => ("matching", "Not a match with the children already living there"),
        RiskToOthers => ("risk_to_others", "Risk to others in the home"),
        Location => ("location", "Too far from family or school"),
        AgeRange => ("age_range", "Outside the ages the home takes"),
        Cost => ("cost", "The cost"),
        Registration => ("registration", "Registration or inspection concerns"),
        Other => ("other", "Another reason"),
    }
);

code_enum!(
    /// What the council decided about an offer.
    OfferDecision {
        Pending => ("pending", "Waiting for a decision"),
        Accepted => ("accepted", "Accepted"),
        Declined => ("declined", "Declined"),
    }
);

code_enum!(
    /// How a search ended other than placed (HS-3).
    EndReason {
        NoHomeFound => ("no_home_found", "No provider could offer a home"),
        StayedPut => ("stayed_put", "The child stayed where they were"),
        WentHome => ("went_home", "The child went home or to family"),
        PlanChanged => ("plan_changed", "The care plan changed"),
        Other => ("other", "Another reason"),
    }
);

/// HS-1: a new search: nothing open already for the child, a need in words, a day needed by
/// that is not before today, siblings to place together from 0 to 6.
pub fn check_new(open_already: bool, needs: &str, needed_by: NaiveDate, siblings: u8, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if open_already {
        e.add("child", "A search for this child is already open: add to it, or close it first");
    }
    let needs = needs.trim();
    if needs.is_empty() || needs.chars().count() > 4_000 {
        e.add("needs", "Say what the child needs from a home (4,000 characters or fewer)");
    }
    if needed_by < today {
        e.add("needed_by", "The date a home is needed by must be today or later");
    } else if needed_by > today.checked_add_months(chrono::Months::new(12)).unwrap_or(today) {
        e.add("needed_by", "The date a home is needed by must be within a year");
    }
    if siblings > 6 {
        e.add("siblings", "Enter from 0 to 6 brothers and sisters to live with the child");
    }
    e.into_result(())
}

/// HS-2: a provider's answer: an offer has a weekly cost and a start day; a refusal a reason.
pub fn check_answer(
    answer: Answer,
    reason: Option<RefusalReason>,
    weekly_cost_pence: Option<i64>,
    start_on: Option<NaiveDate>,
    answered_on: NaiveDate,
    search_started: NaiveDate,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if answered_on > today || answered_on < search_started {
        e.add("answered_on", "The date of the answer must be between the start of the search and today");
    }
    match answer {
        Answer::Offered => {
            if weekly_cost_pence.is_none_or(|p| p <= 0 || p >= 10_000_000) {
                e.add("weekly_cost", "Enter the weekly cost the provider offered, in pounds");
            }
            if start_on.is_none_or(|s| s < answered_on) {
                e.add("start_on", "Enter the day the home could start, on or after the offer");
            }
        }
        Answer::Refused => {
            if reason.is_none() {
                e.add("reason", "Choose why the provider said no");
            }
        }
        Answer::NoReply => {}
    }
    e.into_result(())
}

/// HS-3: a search still open takes answers, decisions and its end.
pub fn check_open(status: SearchStatus) -> Result<(), RuleRefusal> {
    if status == SearchStatus::Open {
        Ok(())
    } else {
        Err(RuleRefusal {
            rule: "HS-3",
            message: format!("This search has ended ({}): start a new one if a home is needed again.", status.label().to_lowercase()),
        })
    }
}

/// HS-2: the council's decision on an offer: only a pending offer, a decline with its reason, on
/// a day from the offer to today.
pub fn check_decision(
    current: OfferDecision,
    accept: bool,
    reason: Option<RefusalReason>,
    decided_on: NaiveDate,
    offered_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if current != OfferDecision::Pending {
        e.add("decision", format!("This offer was already {}", current.label().to_lowercase()));
    } else if !accept && reason.is_none() {
        e.add("reason", "Choose why the offer is declined");
    }
    if decided_on > today || decided_on < offered_on {
        e.add("decided_on", "The date of the decision must be between the offer and today");
    }
    e.into_result(())
}

/// HS-3: ending a search without a home: with its reason, on a day from its start to today; "no
/// provider could offer a home" only once providers were approached (the figure the region reads
/// as homes the area lacks).
pub fn check_end(
    reason: Option<EndReason>,
    approached: usize,
    ended_on: NaiveDate,
    started_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    match reason {
        None => e.add("end_reason", "Choose why the search ended"),
        Some(EndReason::NoHomeFound) if approached == 0 => {
            e.add("end_reason", "Record the providers approached and their answers before ending the search with no home found")
        }
        Some(_) => {}
    }
    if ended_on > today || ended_on < started_on {
        e.add("ended_on", "The date it ended must be between the start of the search and today");
    }
    e.into_result(())
}

/// How long the child has waited: from the start to the end, or to today while open.
pub fn days_waiting(started_on: NaiveDate, ended_on: Option<NaiveDate>, today: NaiveDate) -> i64 {
    (ended_on.unwrap_or(today) - started_on).num_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn hs_1_one_open_search_per_child_with_what_the_child_needs() {
        assert!(check_new(false, "A foster home near school", d(11, 30), 1, d(11, 23)).is_ok());
        assert!(check_new(false, "A home", NaiveDate::from_ymd_opt(2028, 1, 1).unwrap(), 0, d(11, 23)).is_err(), "within a year");
        let e = check_new(true, " ", d(11, 1), 7, d(11, 23)).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["child", "needs", "needed_by", "siblings"]);
    }

    #[test]
    fn hs_2_an_offer_has_a_cost_and_a_start_and_a_refusal_its_reason() {
        let ok = check_answer(Answer::Offered, None, Some(450_000), Some(d(11, 30)), d(11, 23), d(11, 20), d(11, 23));
        assert!(ok.is_ok());
        let e = check_answer(Answer::Offered, None, None, Some(d(11, 1)), d(11, 23), d(11, 20), d(11, 23)).unwrap_err();
        assert_eq!(e.0.len(), 2);
        let e = check_answer(Answer::Refused, None, None, None, d(11, 19), d(11, 20), d(11, 23)).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["answered_on", "reason"]);
        assert!(check_answer(Answer::NoReply, None, None, None, d(11, 21), d(11, 20), d(11, 23)).is_ok());
        let (offered, today) = (d(11, 20), d(11, 23));
        assert!(check_decision(OfferDecision::Pending, false, None, today, offered, today).is_err(), "a decline says why");
        assert!(check_decision(OfferDecision::Pending, false, Some(RefusalReason::Location), today, offered, today).is_ok());
        assert!(check_decision(OfferDecision::Accepted, true, None, today, offered, today).is_err(), "decided once");
        assert!(check_decision(OfferDecision::Pending, true, None, d(11, 19), offered, today).is_err(), "not before the offer");
    }

    #[test]
    fn hs_3_a_search_ends_once_and_says_why() {
        assert!(check_open(SearchStatus::Open).is_ok());
        assert_eq!(check_open(SearchStatus::Failed).unwrap_err().rule, "HS-3");
        assert!(check_end(Some(EndReason::NoHomeFound), 3, d(11, 23), d(11, 2), d(11, 23)).is_ok());
        assert!(check_end(Some(EndReason::NoHomeFound), 0, d(11, 23), d(11, 2), d(11, 23)).is_err(), "nobody was approached");
        assert!(check_end(Some(EndReason::WentHome), 0, d(11, 23), d(11, 2), d(11, 23)).is_ok());
        assert_eq!(check_end(None, 0, d(11, 24), d(11, 2), d(11, 23)).unwrap_err().0.len(), 2);
        assert_eq!(days_waiting(d(11, 2), None, d(11, 23)), 21);
        assert_eq!(days_waiting(d(11, 2), Some(d(11, 9)), d(11, 23)), 7);
    }
}
