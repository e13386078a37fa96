//! Placement agreements: what the council agreed for a placement (RCC-REF-1 stage P, the
//! individual placement agreement) and what a region's placement census asks of it (RCC-DATA-2,
//! RCC-SHARE-2): the weekly cost split between social care, education and health, how the
//! placement was found, the kind of provision, and why it is at a distance. Our rules:
//! - PA-1: the three parts add up to the weekly cost; no part is negative.
//! - PA-2: the kind of provision fits the placement's 903 type (fostering provision for a foster
//!   placement, residential for a children's home or school, supported accommodation for K3,
//!   secure welfare for a secure home).
//! - PA-3: a placement more than 20 miles from home, or outside the council's area, says why
//!   (not "not applicable"); the date agreed is not before the placement began nor in the future.
//! - PA-4: a change of cost applies from a day; the days before keep the terms they had, so a past
//!   day's figures show what was paid then. A change cannot go back before the terms in force.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::PlacementType;
use crate::codes::code_enum;
use crate::error::RuleRefusal;

code_enum!(
    /// How the placement was found (RCC-DATA-2 C2.1, put in words any region's routes fit).
    SourcingRoute {
        InHouse => ("in_house", "The council's own carers or homes"),
        RegionalFramework => ("regional_framework", "A regional framework or dynamic purchasing system"),
        SubRegionalContract => ("sub_regional_contract", "A sub-regional contract"),
        LocalFramework => ("local_framework", "A local contract or framework"),
        BlockLocal => ("block_local", "A block contract of the council's own"),
        BlockCollaborative => ("block_collaborative", "A block contract shared with other councils"),
        Spot => ("spot", "Bought on its own (direct award, off framework)"),
        Remand => ("remand", "Remand"),
        SecureWelfare => ("secure_welfare", "The secure welfare route"),
    }
);

code_enum!(
    /// The kind of provision (RCC-DATA-2 C2.2).
    ProvisionType {
        FosteringMainstream => ("fostering_mainstream", "Fostering: mainstream"),
        FosteringEnhanced => ("fostering_enhanced", "Fostering: enhanced or specialist"),
        FosteringParentAndChild => ("fostering_parent_and_child", "Fostering: parent and child"),
        FosteringShortBreaks => ("fostering_short_breaks", "Fostering: short breaks"),
        ResidentialMainstream => ("residential_mainstream", "Residential: mainstream"),
        ResidentialWithEducation => ("residential_with_education", "Residential: with education"),
        ResidentialParentAndChild => ("residential_parent_and_child", "Residential: parent and child"),
        ResidentialSchool38 => ("residential_school_38", "Residential school or college: 38 weeks"),
        ResidentialSchool52 => ("residential_school_52", "Residential school or college: 52 weeks"),
        SupportedSolo => ("supported_solo", "Supported accommodation: self-contained, on their own"),
        SupportedSharedCareOnly => ("supported_shared_care_only", "Supported accommodation: shared with others in or leaving care"),
        SupportedShared => ("supported_shared", "Supported accommodation: shared, not only with others in care"),
        SupportedLodgings => ("supported_lodgings", "Supported lodgings"),
        SecureWelfare => ("secure_welfare", "Secure welfare"),
        Other => ("other", "Another kind (health, custody or other)"),
    }
);

code_enum!(
    /// Why the placement is at a distance (RCC-DATA-2 C2.3).
    DistanceReason {
        NotApplicable => ("not_applicable", "Not applicable: the placement is near home"),
        Preference => ("preference", "The child's or parents' preference"),
        Safeguarding => ("safeguarding", "To keep the child safe"),
        NearbyNotAvailable => ("nearby_not_available", "A nearer home exists but had no place"),
        NoneNearby => ("none_nearby", "No home that meets the child's needs exists nearer"),
        CarerMoved => ("carer_moved", "The carers moved out of the area"),
        Legal => ("legal", "Legal reasons"),
    }
);

/// Which kinds of provision fit a 903 placement type (PA-2).
pub fn provision_fits(kind: PlacementType, provision: ProvisionType) -> bool {
    use PlacementType as T;
    use ProvisionType as P;
    let fostering =
        matches!(provision, P::FosteringMainstream | P::FosteringEnhanced | P::FosteringParentAndChild | P::FosteringShortBreaks);
    let residential = matches!(provision, P::ResidentialMainstream | P::ResidentialWithEducation | P::ResidentialParentAndChild);
    let school = matches!(provision, P::ResidentialSchool38 | P::ResidentialSchool52);
    let supported = matches!(provision, P::SupportedSolo | P::SupportedSharedCareOnly | P::SupportedShared | P::SupportedLodgings);
    match kind {
        T::U1 | T::U2 | T::U3 | T::U4 | T::U5 | T::U6 | T::A3 | T::A5 | T::T3 => fostering,
        T::K2 => residential,
        T::S1 => school || residential,
        T::K3 => supported,
        T::K1 => provision == P::SecureWelfare,
        T::R3 => provision == P::ResidentialParentAndChild || provision == P::FosteringParentAndChild || provision == P::Other,
        _ => provision == P::Other,
    }
}

/// An agreement as recorded: the pence are whole pence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub agreed_on: NaiveDate,
    pub weekly_cost_pence: i64,
    pub social_care_pence: i64,
    pub education_pence: i64,
    pub health_pence: i64,
    pub provision: ProvisionType,
    pub distance_reason: DistanceReason,
}

/// What the rules need to know about the placement: its type, when it began, and whether it is
/// far (more than 20 miles from home, or outside the council's area); `None` when not known.
pub struct Placement {
    pub kind: PlacementType,
    pub began: NaiveDate,
    pub far: Option<bool>,
}

/// PA-1..PA-3: whether `a` can be recorded for `p` on `today`: every refusal at once, each naming
/// its field, so a form shows them all together.
pub fn check(a: &Agreement, p: &Placement, today: NaiveDate) -> Result<(), Vec<(&'static str, RuleRefusal)>> {
    let mut out = Vec::new();
    let mut refuse = |field: &'static str, rule: &'static str, message: String| out.push((field, RuleRefusal { rule, message }));
    if a.weekly_cost_pence < 0 || a.social_care_pence < 0 || a.education_pence < 0 || a.health_pence < 0 {
        refuse("weekly_cost", "PA-1", "A cost cannot be below nothing.".into());
    } else {
        let parts = a.social_care_pence + a.education_pence + a.health_pence;
        if parts != a.weekly_cost_pence {
            let p = crate::support_packages::pounds;
            refuse(
                "social_care",
                "PA-1",
                format!(
                    "Social care, education and health together come to {}, but the weekly cost is {}: they must be the same.",
                    p(parts),
                    p(a.weekly_cost_pence)
                ),
            );
        }
    }
    if !provision_fits(p.kind, a.provision) {
        refuse(
            "provision_type",
            "PA-2",
            "That kind of provision does not fit the placement's type: choose the one the child lives in.".into(),
        );
    }
    if p.far == Some(true) && a.distance_reason == DistanceReason::NotApplicable {
        refuse("distance_reason", "PA-3", "The placement is more than 20 miles from home or outside the council's area: say why.".into());
    }
    if a.agreed_on < p.began {
        refuse("agreed_on", "PA-3", "The agreement cannot be before the placement began.".into());
    } else if a.agreed_on > today {
        refuse("agreed_on", "PA-3", "The date cannot be in the future.".into());
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// The weekly cost and its split from a day on (PA-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub from: NaiveDate,
    pub weekly_cost_pence: i64,
    pub social_care_pence: i64,
    pub education_pence: i64,
    pub health_pence: i64,
}

/// PA-4: the terms in force on `day`, from one agreement's terms in the order they were recorded.
/// The latest `from` on or before the day wins, and of two for the same day the later recorded
/// (a correction). Before the first `from`, the first terms: an agreement covers its placement
/// from the day it began, however late it was written down.
pub fn terms_on(terms: &[Terms], day: NaiveDate) -> Option<&Terms> {
    let in_force = terms.iter().enumerate().filter(|(_, t)| t.from <= day).max_by_key(|(i, t)| (t.from, *i)).map(|(_, t)| t);
    in_force.or_else(|| terms.iter().enumerate().min_by_key(|(i, t)| (t.from, std::cmp::Reverse(*i))).map(|(_, t)| t))
}

/// PA-4: a change of terms applies from a day on or after the day the terms in force began
/// (`latest`); the days before keep what was agreed for them. The same day corrects those terms.
pub fn check_change(latest: NaiveDate, from: NaiveDate) -> Result<(), RuleRefusal> {
    if from < latest {
        return Err(RuleRefusal {
            rule: "PA-4",
            message: format!(
                "The terms from {} are already recorded: a change applies from that day or later.",
                latest.format("%-d %B %Y")
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn agreement() -> Agreement {
        Agreement {
            agreed_on: d(2026, 11, 10),
            weekly_cost_pence: 520_000,
            social_care_pence: 420_000,
            education_pence: 60_000,
            health_pence: 40_000,
            provision: ProvisionType::ResidentialMainstream,
            distance_reason: DistanceReason::NoneNearby,
        }
    }

    fn home(far: Option<bool>) -> Placement {
        Placement { kind: PlacementType::K2, began: d(2026, 11, 2), far }
    }

    #[test]
    fn pa_1_the_parts_come_to_the_weekly_cost() {
        let today = d(2026, 11, 23);
        assert!(check(&agreement(), &home(Some(true)), today).is_ok());
        let short = Agreement { health_pence: 39_999, ..agreement() };
        let (field, r) = check(&short, &home(Some(true)), today).unwrap_err().remove(0);
        assert_eq!((field, r.rule), ("social_care", "PA-1"));
        let negative = Agreement { education_pence: -1, health_pence: 40_001, ..agreement() };
        assert_eq!(check(&negative, &home(None), today).unwrap_err()[0].1.rule, "PA-1");
    }

    #[test]
    fn pa_2_the_provision_fits_the_placement_type() {
        let today = d(2026, 11, 23);
        let fostering = Agreement { provision: ProvisionType::FosteringMainstream, ..agreement() };
        let (field, r) = check(&fostering, &home(None), today).unwrap_err().remove(0);
        assert_eq!((field, r.rule), ("provision_type", "PA-2"));
        assert!(provision_fits(PlacementType::U4, ProvisionType::FosteringEnhanced));
        assert!(provision_fits(PlacementType::K3, ProvisionType::SupportedLodgings));
        assert!(!provision_fits(PlacementType::K3, ProvisionType::ResidentialMainstream));
        assert!(provision_fits(PlacementType::K1, ProvisionType::SecureWelfare));
        assert!(provision_fits(PlacementType::S1, ProvisionType::ResidentialSchool52));
        assert!(!provision_fits(PlacementType::U6, ProvisionType::ResidentialSchool52));
        // Every type has at least one kind of provision that fits.
        for kind in PlacementType::ALL {
            assert!(ProvisionType::ALL.iter().any(|p| provision_fits(*kind, *p)), "{kind:?}");
        }
    }

    #[test]
    fn pa_3_a_far_placement_says_why_and_dates_are_within_the_placement() {
        let today = d(2026, 11, 23);
        let near = Agreement { distance_reason: DistanceReason::NotApplicable, ..agreement() };
        let (field, r) = check(&near, &home(Some(true)), today).unwrap_err().remove(0);
        assert_eq!((field, r.rule), ("distance_reason", "PA-3"));
        // Near, or not known: "not applicable" is accepted.
        assert!(check(&near, &home(Some(false)), today).is_ok());
        assert!(check(&near, &home(None), today).is_ok());
        let early = Agreement { agreed_on: d(2026, 11, 1), ..agreement() };
        assert_eq!(check(&early, &home(None), today).unwrap_err()[0].0, "agreed_on");
        let future = Agreement { agreed_on: d(2026, 11, 24), ..agreement() };
        assert_eq!(check(&future, &home(None), today).unwrap_err()[0].0, "agreed_on");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let today = d(2026, 11, 23);
        let wrong = Agreement {
            health_pence: 1,
            provision: ProvisionType::FosteringMainstream,
            distance_reason: DistanceReason::NotApplicable,
            agreed_on: d(2026, 12, 1),
            ..agreement()
        };
        let fields: Vec<&str> = check(&wrong, &home(Some(true)), today).unwrap_err().iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["social_care", "provision_type", "distance_reason", "agreed_on"]);
    }

    fn terms(from: NaiveDate, weekly: i64) -> Terms {
        Terms { from, weekly_cost_pence: weekly, social_care_pence: weekly, education_pence: 0, health_pence: 0 }
    }

    #[test]
    fn pa_4_each_day_has_the_terms_agreed_for_it() {
        let all = [terms(d(2026, 3, 10), 400_000), terms(d(2026, 9, 1), 450_000), terms(d(2026, 9, 1), 455_000)];
        // Before the first agreement was written down, its terms cover the placement.
        assert_eq!(terms_on(&all, d(2026, 2, 1)).unwrap().weekly_cost_pence, 400_000);
        assert_eq!(terms_on(&all, d(2026, 8, 31)).unwrap().weekly_cost_pence, 400_000);
        // From the change on, the change; the later row of the same day corrects the earlier.
        assert_eq!(terms_on(&all, d(2026, 9, 1)).unwrap().weekly_cost_pence, 455_000);
        assert_eq!(terms_on(&all, d(2027, 1, 1)).unwrap().weekly_cost_pence, 455_000);
        assert_eq!(terms_on(&[], d(2027, 1, 1)), None);
        // Two first-day rows: before them, the correction.
        let corrected = [terms(d(2026, 3, 10), 400_000), terms(d(2026, 3, 10), 410_000)];
        assert_eq!(terms_on(&corrected, d(2026, 1, 1)).unwrap().weekly_cost_pence, 410_000);
    }

    #[test]
    fn pa_4_a_change_does_not_go_back_before_the_terms_in_force() {
        assert!(check_change(d(2026, 9, 1), d(2026, 9, 1)).is_ok());
        assert!(check_change(d(2026, 9, 1), d(2026, 10, 1)).is_ok());
        let r = check_change(d(2026, 9, 1), d(2026, 8, 31)).unwrap_err();
        assert_eq!(r.rule, "PA-4");
        assert!(r.message.contains("1 September 2026"), "{}", r.message);
    }
}
