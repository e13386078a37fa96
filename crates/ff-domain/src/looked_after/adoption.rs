//! Adoption for a child in care (the SSDA903 PlacedAdoption and AD1 tables): the
//! decision that the child should be placed for adoption, the match with prospective adopters,
//! the placement for adoption (a change of placement to A3–A6), and the adoption order (care ends
//! E11 or E12). A decision that no longer stands ends with the reason (RD1–RD4).
//!
//! LA-11, the order of things, as the 903 checks them:
//! - a decision is made while the child is looked after, not before the period of care began
//!   (rule 1003) and never in the future; one decision stands at a time (579, 583);
//! - the match comes on or after the decision (333) and is with one adopter or a couple whose
//!   description fits (511, 514, 517–520, 524);
//! - placing for adoption (A3–A6) needs a decision made on or before the day (551, 552) and the
//!   match made by then (331); with current foster carers (A3, A5) it follows a foster or adoption
//!   placement (336); a placement order (E1) needs a decision made by its start (553, 554);
//! - the decision ends on or after it was made (522), and not while a placement order is in force
//!   (553); a child who leaves care other than by adoption has no decision left standing (557);
//! - adopted (E11, E12) only from a placement for adoption, under a decision that stands, after
//!   the day of the match (582).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{LegalStatus, PlacementType, ReasonCeased};
use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// Why a decision that the child should be placed for adoption no longer stands (903
    /// REASON_PLACED_CEASED).
    ReasonPlacedCeased {
        RD1 => ("RD1", "The child's needs changed after the decision"),
        RD2 => ("RD2", "The court did not make a placement order"),
        RD3 => ("RD3", "Prospective adopters could not be found"),
        RD4 => ("RD4", "Another reason"),
    }
);

code_enum!(
    /// Who the adopters are (903 SEX_ADOPTR).
    AdopterSex {
        M1 => ("M1", "A single man"),
        F1 => ("F1", "A single woman"),
        MM => ("MM", "A male couple"),
        FF => ("FF", "A female couple"),
        MF => ("MF", "A male and female couple"),
    }
);

code_enum!(
    /// The adopters' legal status (903 LS_ADOPTR).
    AdopterLegalStatus {
        L0 => ("L0", "Single adopter"),
        L11 => ("L11", "Married couple, different sex"),
        L12 => ("L12", "Married couple, same sex"),
        L2 => ("L2", "Civil partners"),
        L3 => ("L3", "Unmarried couple, different sex"),
        L4 => ("L4", "Unmarried couple, same sex, not civil partners"),
    }
);

/// The prospective adopters a child is matched with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adopters {
    pub sex: AdopterSex,
    pub legal_status: AdopterLegalStatus,
}

impl Adopters {
    /// 903 NB_ADOPTR: one adopter or two.
    pub fn number(&self) -> u8 {
        if matches!(self.sex, AdopterSex::M1 | AdopterSex::F1) { 1 } else { 2 }
    }
}

/// A decision as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub decided_on: NaiveDate,
    pub matched_on: Option<NaiveDate>,
    pub ceased_on: Option<NaiveDate>,
}

fn refuse<T>(message: &str) -> Result<T, RuleRefusal> {
    Err(RuleRefusal { rule: "LA-11", message: message.into() })
}

/// The decision that stands, if any: the latest one not ended.
pub fn standing(decisions: &[Decision]) -> Option<&Decision> {
    decisions.iter().filter(|d| d.ceased_on.is_none()).max_by_key(|d| d.decided_on)
}

/// LA-11: a new decision on `decided_on` for a child looked after since `looked_after_since`.
pub fn check_decision(
    decided_on: NaiveDate,
    looked_after_since: Option<NaiveDate>,
    earlier: &[Decision],
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    let Some(since) = looked_after_since else {
        return refuse("The child is not looked after: the decision to place for adoption is made for a child in care.");
    };
    if decided_on < since || decided_on > today {
        return refuse(
            "The decision is made while the child is looked after: on or after the day this period of care began, and not in the future.",
        );
    }
    if standing(earlier).is_some() {
        return refuse("A decision to place for adoption already stands: record why it ended before recording a new one.");
    }
    if earlier.iter().filter_map(|d| d.ceased_on).any(|c| decided_on < c) {
        return refuse("A new decision comes on or after the day the last one ended.");
    }
    Ok(())
}

/// LA-11: the adopters' description fits together.
pub fn check_adopters(a: &Adopters) -> Result<(), RuleRefusal> {
    use AdopterLegalStatus::*;
    use AdopterSex::*;
    let fits = match a.legal_status {
        L0 => matches!(a.sex, M1 | F1),
        L11 | L3 => a.sex == MF,
        L12 | L4 => matches!(a.sex, MM | FF),
        L2 => matches!(a.sex, MM | FF | MF),
    };
    if !fits {
        return refuse(
            "Who the adopters are and their legal status do not fit: a single adopter is a single man or woman; a couple's status matches the couple.",
        );
    }
    Ok(())
}

/// LA-11: the match on `matched_on` under the decision `d`.
pub fn check_match(matched_on: NaiveDate, d: &Decision, today: NaiveDate) -> Result<(), RuleRefusal> {
    if d.ceased_on.is_some() {
        return refuse("This decision no longer stands.");
    }
    if matched_on < d.decided_on || matched_on > today {
        return refuse("The match is on or after the decision to place for adoption, and not in the future.");
    }
    Ok(())
}

/// LA-11: the decision `d` ends on `on`, while the child's legal status is `legal_status`.
pub fn check_ceasing(on: NaiveDate, d: &Decision, legal_status: Option<LegalStatus>, today: NaiveDate) -> Result<(), RuleRefusal> {
    if d.ceased_on.is_some() {
        return refuse("This decision has already ended.");
    }
    if on < d.decided_on || on > today {
        return refuse("The decision ends on or after the day it was made, and not in the future.");
    }
    if d.matched_on.is_some_and(|m| on < m) {
        return refuse("The decision ends on or after the day of the match.");
    }
    if legal_status == Some(LegalStatus::E1) {
        return refuse("A placement order is in force: record the change of the child's legal status first, then why the decision ended.");
    }
    Ok(())
}

/// LA-11: a new episode from `start` with `kind` and `legal_status`, after a placement of kind
/// `previous` (none when care begins), given the decision that stands.
pub fn check_placement_for_adoption(
    start: NaiveDate,
    kind: PlacementType,
    legal_status: LegalStatus,
    previous: Option<PlacementType>,
    decision: Option<&Decision>,
) -> Result<(), RuleRefusal> {
    use PlacementType::*;
    let placed = matches!(kind, A3 | A4 | A5 | A6);
    let decided = decision.filter(|d| d.ceased_on.is_none() && d.decided_on <= start);
    if (placed || legal_status == LegalStatus::E1) && decided.is_none() {
        return refuse(if placed {
            "Placing for adoption needs a decision that the child should be placed for adoption, made on or before the day: record the decision first (in the child's care section)."
        } else {
            "A placement order needs the decision that the child should be placed for adoption, made on or before it."
        });
    }
    if placed && decided.and_then(|d| d.matched_on).is_none_or(|m| m > start) {
        return refuse(
            "Record the match with the prospective adopters (on or before the day of the move) before the child is placed with them.",
        );
    }
    let from_foster = previous.is_some_and(|p| matches!(p, U1 | U2 | U3 | U4 | U5 | U6 | A3 | A4 | A5 | A6));
    if matches!(kind, A3 | A5) && !from_foster {
        return refuse("Placed with current foster carers follows a foster placement with them.");
    }
    Ok(())
}

/// LA-11: care ends on `end` with `reason`, from a placement of kind `kind`, given the decision
/// that stands.
pub fn check_leaving(end: NaiveDate, reason: ReasonCeased, kind: PlacementType, decision: Option<&Decision>) -> Result<(), RuleRefusal> {
    use PlacementType::*;
    let adopted = matches!(reason, ReasonCeased::E11 | ReasonCeased::E12);
    match (adopted, decision.filter(|d| d.ceased_on.is_none())) {
        (false, Some(_)) => refuse(
            "A decision to place this child for adoption still stands: record why it ended before the child leaves care another way.",
        ),
        (true, None) => refuse("Adoption needs the decision that the child should be placed for adoption."),
        (true, Some(_)) if !matches!(kind, A3 | A4 | A5 | A6) => {
            refuse("A child is adopted from a placement for adoption: record that placement first.")
        }
        (true, Some(d)) if d.matched_on.is_none_or(|m| end <= m) => refuse("The adoption order comes after the day of the match."),
        _ => Ok(()),
    }
}

/// 903 FOSTER_CARE: adopted by the foster carers they were placed with (A3, A5) or not (A4, A6).
pub fn adopted_by_foster_carers(kind: PlacementType) -> Option<bool> {
    match kind {
        PlacementType::A3 | PlacementType::A5 => Some(true),
        PlacementType::A4 | PlacementType::A6 => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn decision(decided: NaiveDate, matched: Option<NaiveDate>, ceased: Option<NaiveDate>) -> Decision {
        Decision { decided_on: decided, matched_on: matched, ceased_on: ceased }
    }

    #[test]
    fn a_decision_is_made_in_care_one_at_a_time_la_11() {
        let today = d(2026, 11, 23);
        let since = Some(d(2025, 1, 10));
        assert!(check_decision(d(2025, 6, 1), since, &[], today).is_ok());
        for (on, since) in [(d(2025, 6, 1), None), (d(2025, 1, 9), since), (d(2026, 11, 24), since)] {
            assert_eq!(check_decision(on, since, &[], today).unwrap_err().rule, "LA-11", "{on} {since:?}");
        }
        let open = [decision(d(2025, 6, 1), None, None)];
        assert!(check_decision(d(2025, 9, 1), since, &open, today).is_err(), "one stands already (579)");
        let ended = [decision(d(2025, 6, 1), None, Some(d(2025, 8, 1)))];
        assert!(check_decision(d(2025, 7, 1), since, &ended, today).is_err(), "before the last ended");
        assert!(check_decision(d(2025, 8, 1), since, &ended, today).is_ok());
        assert_eq!(standing(&[ended[0], open[0]]), Some(&open[0]));
    }

    #[test]
    fn adopters_fit_their_legal_status_903_rules_511_to_524() {
        use AdopterLegalStatus::*;
        use AdopterSex::*;
        let ok = [(M1, L0), (F1, L0), (MF, L11), (MM, L12), (FF, L12), (MF, L2), (MM, L2), (MF, L3), (FF, L4)];
        for (sex, legal_status) in ok {
            assert!(check_adopters(&Adopters { sex, legal_status }).is_ok(), "{sex:?} {legal_status:?}");
        }
        let bad = [(MF, L0), (M1, L11), (MM, L11), (MF, L12), (F1, L2), (MM, L3), (MF, L4)];
        for (sex, legal_status) in bad {
            assert!(check_adopters(&Adopters { sex, legal_status }).is_err(), "{sex:?} {legal_status:?}");
        }
        assert_eq!(Adopters { sex: F1, legal_status: L0 }.number(), 1);
        assert_eq!(Adopters { sex: MF, legal_status: L11 }.number(), 2);
    }

    #[test]
    fn matching_and_ending_follow_the_decision() {
        let today = d(2026, 11, 23);
        let open = decision(d(2025, 6, 1), None, None);
        assert!(check_match(d(2025, 6, 1), &open, today).is_ok());
        assert!(check_match(d(2025, 5, 31), &open, today).is_err(), "333");
        assert!(check_match(d(2026, 11, 24), &open, today).is_err());
        assert!(check_match(d(2025, 7, 1), &decision(d(2025, 6, 1), None, Some(d(2025, 6, 20))), today).is_err());
        assert!(check_ceasing(d(2025, 7, 1), &open, Some(LegalStatus::C2), today).is_ok());
        assert!(check_ceasing(d(2025, 5, 1), &open, Some(LegalStatus::C2), today).is_err(), "522");
        let matched = decision(d(2025, 6, 1), Some(d(2025, 8, 1)), None);
        assert!(check_ceasing(d(2025, 7, 1), &matched, Some(LegalStatus::C2), today).is_err(), "not before the match");
        assert!(check_ceasing(d(2025, 7, 1), &open, Some(LegalStatus::E1), today).is_err(), "553: the order is in force");
    }

    #[test]
    fn placing_for_adoption_needs_the_decision_and_the_match_903_551_331_336() {
        use PlacementType::*;
        let start = d(2026, 3, 1);
        let matched = decision(d(2025, 6, 1), Some(d(2026, 2, 1)), None);
        let unmatched = decision(d(2025, 6, 1), None, None);
        assert!(check_placement_for_adoption(start, A6, LegalStatus::E1, Some(U6), Some(&matched)).is_ok());
        assert!(check_placement_for_adoption(start, A5, LegalStatus::E1, Some(U4), Some(&matched)).is_ok());
        assert!(check_placement_for_adoption(start, A6, LegalStatus::E1, Some(U6), None).is_err(), "551");
        assert!(check_placement_for_adoption(start, A6, LegalStatus::E1, Some(U6), Some(&unmatched)).is_err(), "331");
        assert!(check_placement_for_adoption(start, A3, LegalStatus::C2, Some(K2), Some(&matched)).is_err(), "336");
        assert!(check_placement_for_adoption(start, U6, LegalStatus::E1, Some(U6), None).is_err(), "553");
        assert!(check_placement_for_adoption(start, U6, LegalStatus::E1, Some(U6), Some(&unmatched)).is_ok());
        assert!(check_placement_for_adoption(start, U6, LegalStatus::C2, Some(U6), None).is_ok());
        let later = decision(d(2026, 3, 2), Some(d(2026, 3, 2)), None);
        assert!(check_placement_for_adoption(start, A4, LegalStatus::C2, Some(U6), Some(&later)).is_err(), "552");
    }

    #[test]
    fn leaving_care_settles_the_decision_903_557_582() {
        use PlacementType::*;
        let matched = decision(d(2025, 6, 1), Some(d(2026, 2, 1)), None);
        let end = d(2026, 9, 1);
        assert!(check_leaving(end, ReasonCeased::E11, A6, Some(&matched)).is_ok());
        assert!(check_leaving(end, ReasonCeased::E12, U6, Some(&matched)).is_err(), "from a placement for adoption");
        assert!(check_leaving(end, ReasonCeased::E11, A6, None).is_err());
        assert!(check_leaving(d(2026, 2, 1), ReasonCeased::E11, A6, Some(&matched)).is_err(), "582");
        assert!(check_leaving(end, ReasonCeased::E4A, U6, Some(&matched)).is_err(), "557");
        assert!(check_leaving(end, ReasonCeased::E4A, U6, None).is_ok());
        assert!(check_leaving(end, ReasonCeased::E4A, U6, Some(&decision(d(2025, 6, 1), None, Some(d(2026, 1, 1))))).is_ok());
        assert_eq!(adopted_by_foster_carers(A5), Some(true));
        assert_eq!(adopted_by_foster_carers(A4), Some(false));
        assert_eq!(adopted_by_foster_carers(U6), None);
    }
}
