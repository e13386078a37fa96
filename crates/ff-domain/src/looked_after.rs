//! Children looked after (families-first.md §4.6, R-LAC-1, R-LAC-2): a period of
//! care recorded as the SSDA903 return counts it, one episode for each legal status and placement,
//! a new episode on every change, and the looked-after review clock (T24–T26).
//!
//! Code lists are the DfE's SSDA903 codes as its guidance for the 2025-26 return lists them
//! (Open Government Licence v3.0), written out here in full: codes the DfE has withdrawn (H5, P2,
//! Z1) are not offered for new placements.
//!
//! - LA-1, the reason for a new episode (903 RNE, rules 431–436): the first episode of a period of
//!   care starts it (S); then a change of legal status alone is L, of placement alone P (new
//!   carer) or T (same carer), of both B (new carer) or U (same carer). A "change" that changes
//!   neither is not a new episode.
//! - LA-2, what a placement allows (903 rules 358, 378, 408): remand and youth orders (J1–J3) only
//!   for children over 10; a single period of accommodation under s.20 (V2) is never a placement
//!   with parents (P1); placement for adoption under a placement order (A5, A6) needs the
//!   placement order (E1). R-LAC-3: supported accommodation (K3) only from 16 (903 rule 371).
//! - LA-4, reviews (CA 1989 s.25A–B, R-LAC-2; 903 rules 440, 441): a looked-after review is
//!   chaired by an independent reviewing officer who is not the child's social worker, held while
//!   the child is looked after and not in the future; how the child took part is PN0 under 4,
//!   PN1–PN7 from 4.
//! - LA-7, why a placement ended (903 REASON_PLACE_CHANGE) and who decided the move: see
//!   [`check_reason_place_change`] and [`check_move_decided_by`].
//! - LA-11, adoption: [`adoption`].
//! - LA-12, deprivation of liberty orders: [`dolo`].
//! - LA-3, dates: an episode starts after the one before it began and never in the future; a
//!   period of care ends on or after its last episode began, and the last episode ends with a
//!   reason that is a way of leaving care (not X1, rule 388).

pub mod adoption;
pub mod agreement;
pub mod checks;
pub mod connections;
pub mod dolo;
pub mod leaving;
pub mod outcomes;
pub mod uasc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{DayCounting, WorkingCalendar, add_calendar_months};
use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// The child's legal status (903 LS).
    LegalStatus {
        C1 => ("C1", "Interim care order (section 38)"),
        C2 => ("C2", "Full care order (section 31)"),
        D1 => ("D1", "Freeing order granted (before 30 December 2005)"),
        E1 => ("E1", "Placement order granted (section 21, Adoption and Children Act 2002)"),
        V2 => ("V2", "Single period of accommodation under section 20"),
        V3 => ("V3", "Agreed series of short breaks, each break recorded"),
        V4 => ("V4", "Agreed series of short breaks, the agreement recorded"),
        L1 => ("L1", "Police protection (section 46) in council accommodation"),
        L2 => ("L2", "Emergency protection order (section 44)"),
        L3 => ("L3", "Child assessment order (section 43) in council accommodation"),
        J1 => ("J1", "Remanded to council or youth detention accommodation"),
        J2 => ("J2", "Accommodated under PACE 1984 (sections 21 and 38)"),
        J3 => ("J3", "Youth rehabilitation order with residence or intensive fostering"),
    }
);

code_enum!(
    /// Why the child is looked after (903 CIN), set at the start of the period of care.
    CategoryOfNeed {
        N1 => ("N1", "Abuse or neglect"),
        N2 => ("N2", "Child's disability, illness or intrinsic condition"),
        N3 => ("N3", "Parental illness or disability"),
        N4 => ("N4", "Family in acute stress"),
        N5 => ("N5", "Family dysfunction"),
        N6 => ("N6", "Socially unacceptable behaviour"),
        N7 => ("N7", "Low income"),
        N8 => ("N8", "Absent parenting"),
    }
);

code_enum!(
    /// The kind of placement (903 PLACE), as offered for placements from 2025-26.
    PlacementType {
        U1 => ("U1", "Foster placement with relatives or friends, long-term"),
        U2 => ("U2", "Foster placement with relatives or friends who are approved adopters (fostering for adoption)"),
        U3 => ("U3", "Foster placement with relatives or friends, not long-term"),
        U4 => ("U4", "Foster placement with other foster carers, long-term"),
        U5 => ("U5", "Foster placement with other foster carers who are approved adopters (fostering for adoption)"),
        U6 => ("U6", "Foster placement with other foster carers, not long-term"),
        A3 => ("A3", "Placed for adoption with consent, with current foster carers"),
        A4 => ("A4", "Placed for adoption with consent, not with current foster carers"),
        A5 => ("A5", "Placed for adoption under a placement order, with current foster carers"),
        A6 => ("A6", "Placed for adoption under a placement order, not with current foster carers"),
        K1 => ("K1", "Secure children's home"),
        K2 => ("K2", "Children's home"),
        K3 => ("K3", "Registered supported accommodation (16 and 17 year olds)"),
        P1 => ("P1", "Placed with parents or others with parental responsibility"),
        P3 => ("P3", "Residential employment"),
        R1 => ("R1", "Residential care home (not a children's home)"),
        R2 => ("R2", "NHS or other medical or nursing care"),
        R3 => ("R3", "Family centre or mother and baby unit"),
        R5 => ("R5", "Young offender institution or secure training centre"),
        S1 => ("S1", "Residential school"),
        T1 => ("T1", "Temporary period in hospital"),
        T2 => ("T2", "Temporary absence on holiday"),
        T3 => ("T3", "Temporary accommodation while the usual foster carers are on holiday"),
        T4 => ("T4", "Temporary accommodation of seven days or less"),
        Z11 => ("Z11", "Other placement (DfE type Z11)"),
        Z12 => ("Z12", "Other placement (DfE type Z12)"),
        Z13 => ("Z13", "Other placement (DfE type Z13)"),
        Z14 => ("Z14", "Other placement (DfE type Z14)"),
    }
);

code_enum!(
    /// Who provides the placement (903 PLACE_PROVIDER).
    PlacementProvider {
        PR0 => ("PR0", "Parents or others with parental responsibility"),
        PR1 => ("PR1", "The council's own provision"),
        PR2 => ("PR2", "Another council's provision"),
        PR3 => ("PR3", "Other public provision (for example the NHS)"),
        PR4 => ("PR4", "Private provision"),
        PR5 => ("PR5", "Voluntary or third sector provision"),
    }
);

code_enum!(
    /// Why a new episode began (903 RNE): LA-1.
    ReasonNewEpisode {
        S => ("S", "Started to be looked after"),
        L => ("L", "Change of legal status only"),
        P => ("P", "Change of placement and carer"),
        T => ("T", "Change of placement, same carer"),
        B => ("B", "Change of legal status and of placement and carer"),
        U => ("U", "Change of legal status and of placement, same carer"),
    }
);

code_enum!(
    /// How a period of care ended (903 REC); X1 closes an episode when another begins.
    ReasonCeased {
        X1 => ("X1", "The episode ended and a new one began the same day"),
        E11 => ("E11", "Adopted: application unopposed"),
        E12 => ("E12", "Adopted: consent dispensed with by the court"),
        E2 => ("E2", "Died"),
        E3 => ("E3", "Care taken over by another council"),
        E4A => ("E4A", "Returned home as part of the care plan"),
        E4B => ("E4B", "Returned home, not as part of the care plan"),
        E13 => ("E13", "Left care to live with parents, relatives or others without parental responsibility"),
        E41 => ("E41", "Child arrangements order (lives with) granted"),
        E45 => ("E45", "Special guardianship order to former foster carers who are relatives or friends"),
        E46 => ("E46", "Special guardianship order to other former foster carers"),
        E47 => ("E47", "Special guardianship order to relatives or friends who were not the foster carers"),
        E48 => ("E48", "Special guardianship order to other carers"),
        E5 => ("E5", "Moved to independent living with formal support"),
        E6 => ("E6", "Moved to independent living without formal support"),
        E7 => ("E7", "Transferred to residential care funded by adult social care"),
        E8 => ("E8", "Left care for another reason"),
        E9 => ("E9", "Sentenced to custody"),
        E14 => ("E14", "Accommodation on remand ended"),
        E15 => ("E15", "Age assessment found the young person is 18 or over"),
        E16 => ("E16", "Moved abroad"),
        E17 => ("E17", "Aged 18 or over and stayed with the carers (including Staying Put)"),
    }
);

code_enum!(
    /// How the child took part in a looked-after review (903 REVIEW_CODE).
    ReviewParticipation {
        PN0 => ("PN0", "Child under 4 at the review"),
        PN1 => ("PN1", "Attended and spoke for themselves"),
        PN2 => ("PN2", "Attended; an advocate or the reviewing officer spoke for them"),
        PN3 => ("PN3", "Attended and gave their views without words (symbols)"),
        PN4 => ("PN4", "Attended without contributing"),
        PN5 => ("PN5", "Did not attend; briefed an advocate or the reviewing officer"),
        PN6 => ("PN6", "Did not attend; gave their views another way (written, phone, video)"),
        PN7 => ("PN7", "Did not attend and their views were not given"),
    }
);

code_enum!(
    /// Why a placement ended (903 REASON_PLACE_CHANGE), recorded on the episode that ends when
    /// the child moves (LA-7).
    ReasonPlaceChange {
        CARPL => ("CARPL", "Planned move under the care plan"),
        CLOSE => ("CLOSE", "Carer resigned or the provision closed"),
        ALLEG => ("ALLEG", "Allegation: child moved while it is investigated (section 47)"),
        STAND => ("STAND", "Concerns about the standard of care"),
        APPRR => ("APPRR", "Carer's approval or registration removed"),
        CREQB => ("CREQB", "Carer asked for the placement to end because of the child's behaviour"),
        CREQO => ("CREQO", "Carer asked for the placement to end for other reasons"),
        CHILD => ("CHILD", "The child asked for the placement to end"),
        LAREQ => ("LAREQ", "The council asked for the placement to end"),
        PLACE => ("PLACE", "Same carer, the placement's status changed (for example the carer moved house)"),
        CUSTOD => ("CUSTOD", "The child was taken into custody"),
        OTHER => ("OTHER", "Other reason (exceptional)"),
    }
);

code_enum!(
    /// Whether the child had a permanence order before coming into care (903 PREV_PERM).
    PreviousPermanence {
        Z1 => ("Z1", "No: the child had no adoption, special guardianship or child arrangements order"),
        P1 => ("P1", "Adopted"),
        P2 => ("P2", "Special guardianship order"),
        P3 => ("P3", "Child arrangements (residence) order"),
        P4 => ("P4", "Not known whether there was one"),
    }
);

/// LA-7: the reason a placement ended goes with a move (903 rules 225, 226, 234): it is needed
/// when the new episode changes the placement and is not a temporary placement, and is never
/// given for a change of legal status alone; custody is not a reason for a child under 10.
pub fn check_reason_place_change(
    rne: ReasonNewEpisode,
    ending: PlacementType,
    next: PlacementType,
    reason: Option<ReasonPlaceChange>,
    age: Option<u32>,
) -> Result<(), RuleRefusal> {
    let refuse = |message: &str| Err(RuleRefusal { rule: "LA-7", message: message.into() });
    let temporary = |k: PlacementType| k.code().starts_with('T');
    let needed = rne != ReasonNewEpisode::L && rne != ReasonNewEpisode::S && !temporary(ending) && !temporary(next);
    match reason {
        None if needed => refuse("Say why the placement ended (903 rule 225)."),
        Some(_) if !needed => {
            refuse("A reason the placement ended goes only with a move between placements that are not temporary (903 rule 226).")
        }
        Some(ReasonPlaceChange::CUSTOD) if age.is_some_and(|a| a < 10) => {
            refuse("Custody is not a reason for a child under 10 (903 rule 234).")
        }
        _ => Ok(()),
    }
}

/// LA-7: a move between placements (one that needs a reason) records who decided it — a person
/// or a meeting, in up to 200 characters; a change of legal status alone has no one to name.
pub fn check_move_decided_by(reason_needed: bool, decided_by: Option<&str>) -> Result<Option<String>, RuleRefusal> {
    let refuse = |message: &str| Err(RuleRefusal { rule: "LA-7", message: message.into() });
    match decided_by.map(str::trim).filter(|d| !d.is_empty()) {
        None if reason_needed => refuse("Say who decided the move: a person (with their role) or a meeting."),
        None => Ok(None),
        Some(_) if !reason_needed => refuse("Who decided goes only with a move between placements."),
        Some(d) if d.chars().count() > 200 => refuse("Say who decided the move in 200 characters or fewer."),
        Some(d) => Ok(Some(d.to_owned())),
    }
}

/// What LA-4 needs to know about a review.
#[derive(Debug, Clone, Copy)]
pub struct ReviewFacts {
    pub held_on: NaiveDate,
    /// The chair holds the independent reviewing officer role.
    pub chair_is_iro: bool,
    /// The chair is the child's allocated social worker.
    pub chair_is_childs_worker: bool,
    /// When the current period of care began; none when the child is not looked after.
    pub looked_after_since: Option<NaiveDate>,
    pub participation: ReviewParticipation,
    pub age_at_review: Option<u32>,
}

/// LA-4: whether a looked-after review can be recorded as described.
pub fn check_review(f: &ReviewFacts, today: NaiveDate) -> Result<(), RuleRefusal> {
    let refuse = |message: &str| Err(RuleRefusal { rule: "LA-4", message: message.into() });
    let Some(since) = f.looked_after_since else {
        return refuse("The child is not looked after, so there is no looked-after review to record.");
    };
    if f.held_on < since || f.held_on > today {
        return refuse("The review must be held while the child is looked after, and not in the future.");
    }
    if !f.chair_is_iro {
        return refuse("Looked-after reviews are chaired by an independent reviewing officer.");
    }
    if f.chair_is_childs_worker {
        return refuse("The reviewing officer must not be the child's own social worker.");
    }
    let under_four = f.age_at_review.is_some_and(|a| a < 4);
    if under_four != (f.participation == ReviewParticipation::PN0) {
        return refuse("Use \"child under 4\" for a child under 4 at the review, and only then (903 rules 440 and 441).");
    }
    Ok(())
}

/// A placement as the 903 compares them: its type, provider and where it is. Any difference is a
/// change of placement (rule 435).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub kind: PlacementType,
    pub provider: PlacementProvider,
    /// The placement's postcode, normalised.
    pub postcode: String,
    /// The home's or agency's Ofsted URN, when recorded: a move between two homes of the same
    /// kind at the same postcode is still a move (LA-1).
    pub urn: Option<String>,
}

/// One episode's legal status and placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeFacts {
    pub legal_status: LegalStatus,
    pub placement: Placement,
}

/// LA-1: why the episode `next` begins after `previous` (none when care starts). `same_carer`
/// says whether the child stays with the same carer through a change of placement.
pub fn reason_new_episode(previous: Option<&EpisodeFacts>, next: &EpisodeFacts, same_carer: bool) -> Result<ReasonNewEpisode, RuleRefusal> {
    let Some(p) = previous else { return Ok(ReasonNewEpisode::S) };
    let legal = p.legal_status != next.legal_status;
    let placed = p.placement != next.placement;
    match (legal, placed, same_carer) {
        (true, false, _) => Ok(ReasonNewEpisode::L),
        (false, true, false) => Ok(ReasonNewEpisode::P),
        (false, true, true) => Ok(ReasonNewEpisode::T),
        (true, true, false) => Ok(ReasonNewEpisode::B),
        (true, true, true) => Ok(ReasonNewEpisode::U),
        (false, false, _) => Err(RuleRefusal {
            rule: "LA-1",
            message: "Nothing has changed: a new episode starts only when the legal status or the placement changes.".into(),
        }),
    }
}

/// LA-2: whether a legal status and placement go together for a child of `age_at_start` years.
pub fn check_placement(facts: &EpisodeFacts, age_at_start: Option<u32>) -> Result<(), RuleRefusal> {
    use LegalStatus::*;
    use PlacementType::*;
    if matches!(facts.legal_status, J1 | J2 | J3) && age_at_start.is_some_and(|a| a < 10) {
        return Err(RuleRefusal {
            rule: "LA-2",
            message: "Remand and youth orders apply only to children aged 10 or over (903 rule 358).".into(),
        });
    }
    if facts.legal_status == V2 && facts.placement.kind == P1 {
        return Err(RuleRefusal {
            rule: "LA-2",
            message:
                "A child accommodated under section 20 is not placed with their parents: that is not being looked after (903 rule 378)."
                    .into(),
        });
    }
    // R-LAC-3: no child under 16 lives in supported or independent accommodation (unregulated
    // accommodation for under-16s has been unlawful since September 2021; 903 rules 370, 371).
    if facts.placement.kind == K3 && age_at_start.is_some_and(|a| a < 16) {
        return Err(RuleRefusal {
            rule: "R-LAC-3",
            message: "A child under 16 cannot be placed in supported or independent accommodation: choose a foster placement or a children's home.".into(),
        });
    }
    if matches!(facts.placement.kind, A5 | A6) && facts.legal_status != E1 {
        return Err(RuleRefusal {
            rule: "LA-2",
            message: "Placing for adoption under a placement order (A5, A6) needs the placement order as the legal status: record the placement order as a change of legal status first, then the move (903 rule 408).".into(),
        });
    }
    Ok(())
}

/// LA-3: a new episode's start, after the current one's and not in the future.
pub fn check_episode_start(start: NaiveDate, current_start: Option<NaiveDate>, today: NaiveDate) -> Result<(), RuleRefusal> {
    if start > today {
        return Err(RuleRefusal { rule: "LA-3", message: "The date cannot be in the future.".into() });
    }
    if current_start.is_some_and(|c| start <= c) {
        return Err(RuleRefusal {
            rule: "LA-3",
            message: "The change must come after the current episode began; correct the current episode instead.".into(),
        });
    }
    Ok(())
}

/// LA-3: a new period of care starts after the last one ended (903 rule 431: not the same day).
pub fn check_new_period(start: NaiveDate, last_ended: Option<NaiveDate>) -> Result<(), RuleRefusal> {
    match last_ended {
        Some(end) if start <= end => Err(RuleRefusal {
            rule: "LA-3",
            message: format!("The child's last period of care ended on {}; a new one starts after that day.", end.format("%-d %B %Y")),
        }),
        _ => Ok(()),
    }
}

/// LA-3: care ends on or after the last episode began, with a reason for leaving care.
pub fn check_leaving(end: NaiveDate, current_start: NaiveDate, reason: ReasonCeased, today: NaiveDate) -> Result<(), RuleRefusal> {
    if reason == ReasonCeased::X1 {
        return Err(RuleRefusal {
            rule: "LA-3",
            message: "Choose how the child left care; a change of placement or legal status is recorded as a change.".into(),
        });
    }
    if end > today || end < current_start {
        return Err(RuleRefusal {
            rule: "LA-3",
            message: "The date the child left care must be on or after the current episode began, and not in the future.".into(),
        });
    }
    Ok(())
}

/// T24–T26: when the next looked-after review is due. The first within 20 working days of the
/// child becoming looked after; the second within 3 months of the first; then at most 6 months
/// apart. `reviews` are the dates of the reviews held in this period of care, in any order.
/// The 20 working days are counted the council's way (domain §"Day zero").
pub fn next_review_due(started: NaiveDate, reviews: &[NaiveDate], cal: &WorkingCalendar, counting: DayCounting) -> NaiveDate {
    let last = reviews.iter().max().copied();
    match (reviews.len(), last) {
        (0, _) | (_, None) => cal.add_working_days(started, 20, counting),
        (1, Some(first)) => add_calendar_months(first, 3),
        (_, Some(last)) => add_calendar_months(last, 6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn facts(ls: LegalStatus, kind: PlacementType, postcode: &str) -> EpisodeFacts {
        EpisodeFacts {
            legal_status: ls,
            placement: Placement { kind, provider: PlacementProvider::PR1, postcode: postcode.into(), urn: None },
        }
    }

    #[test]
    fn each_change_is_the_903s_reason_for_a_new_episode_la_1() {
        use LegalStatus::*;
        use PlacementType::*;
        use ReasonNewEpisode as R;
        let start = facts(V2, U6, "NM1 1AA");
        assert_eq!(reason_new_episode(None, &start, false).unwrap(), R::S);
        assert_eq!(reason_new_episode(Some(&start), &facts(C1, U6, "NM1 1AA"), false).unwrap(), R::L);
        assert_eq!(reason_new_episode(Some(&start), &facts(V2, U4, "NM2 2BB"), false).unwrap(), R::P);
        assert_eq!(reason_new_episode(Some(&start), &facts(V2, U6, "NM3 3CC"), true).unwrap(), R::T, "the carers moved house");
        assert_eq!(reason_new_episode(Some(&start), &facts(C1, K2, "NM4 4DD"), false).unwrap(), R::B);
        assert_eq!(reason_new_episode(Some(&start), &facts(C2, U4, "NM1 1AA"), true).unwrap(), R::U, "long-term with the same carers");
        assert_eq!(reason_new_episode(Some(&start), &start, false).unwrap_err().rule, "LA-1");
        let mut other_home = start.clone();
        other_home.placement.urn = Some("SC400002".into());
        assert_eq!(reason_new_episode(Some(&start), &other_home, false).unwrap(), R::P, "another home at the same postcode");
        assert_eq!(reason_new_episode(Some(&start), &facts(V2, U6, "NM1 1AA"), true).unwrap_err().rule, "LA-1");
    }

    #[test]
    fn placements_that_cannot_go_with_the_legal_status_or_age_are_refused_la_2() {
        use LegalStatus::*;
        use PlacementType::*;
        assert_eq!(check_placement(&facts(J1, K1, "NM1 1AA"), Some(9)).unwrap_err().rule, "LA-2");
        assert!(check_placement(&facts(J1, K1, "NM1 1AA"), Some(10)).is_ok());
        assert_eq!(check_placement(&facts(V2, P1, "NM1 1AA"), Some(12)).unwrap_err().rule, "LA-2");
        assert!(check_placement(&facts(C2, P1, "NM1 1AA"), Some(12)).is_ok(), "placed with parents under a care order");
        assert_eq!(check_placement(&facts(C2, A5, "NM1 1AA"), Some(2)).unwrap_err().rule, "LA-2");
        assert!(check_placement(&facts(E1, A6, "NM1 1AA"), Some(2)).is_ok());
        // R-LAC-3: supported accommodation from 16, never younger.
        assert_eq!(check_placement(&facts(V2, K3, "NM1 1AA"), Some(15)).unwrap_err().rule, "R-LAC-3");
        assert!(check_placement(&facts(V2, K3, "NM1 1AA"), Some(16)).is_ok());
    }

    #[test]
    fn episodes_follow_each_other_and_care_ends_with_a_way_of_leaving_la_3() {
        let today = d(2026, 11, 23);
        assert!(check_episode_start(d(2026, 11, 1), None, today).is_ok());
        assert!(check_episode_start(d(2026, 11, 24), None, today).is_err());
        assert!(check_episode_start(d(2026, 11, 1), Some(d(2026, 11, 1)), today).is_err(), "not the same day as the current one");
        assert!(check_episode_start(d(2026, 11, 2), Some(d(2026, 11, 1)), today).is_ok());
        assert!(check_new_period(d(2026, 11, 10), Some(d(2026, 11, 10))).is_err(), "903 rule 431");
        assert!(check_new_period(d(2026, 11, 11), Some(d(2026, 11, 10))).is_ok());
        assert!(check_leaving(d(2026, 11, 20), d(2026, 11, 1), ReasonCeased::E4A, today).is_ok());
        assert!(check_leaving(d(2026, 11, 20), d(2026, 11, 1), ReasonCeased::X1, today).is_err());
        assert!(check_leaving(d(2026, 10, 20), d(2026, 11, 1), ReasonCeased::E4A, today).is_err());
    }

    #[test]
    fn a_move_carries_why_the_placement_ended_la_7() {
        use PlacementType::*;
        use ReasonNewEpisode as R;
        let r = Some(ReasonPlaceChange::CARPL);
        assert!(check_reason_place_change(R::P, U6, U4, r, Some(9)).is_ok());
        assert_eq!(check_reason_place_change(R::P, U6, U4, None, Some(9)).unwrap_err().rule, "LA-7", "rule 225");
        assert!(check_reason_place_change(R::L, U6, U6, None, Some(9)).is_ok());
        assert!(check_reason_place_change(R::L, U6, U6, r, Some(9)).is_err(), "a legal status change is not a move");
        assert!(check_reason_place_change(R::P, U6, T1, None, Some(9)).is_ok(), "into hospital: temporary");
        assert!(check_reason_place_change(R::P, T1, U6, r, Some(9)).is_err(), "rule 226");
        assert!(check_reason_place_change(R::B, U6, R5, Some(ReasonPlaceChange::CUSTOD), Some(9)).is_err(), "rule 234");
        assert!(check_reason_place_change(R::B, U6, R5, Some(ReasonPlaceChange::CUSTOD), Some(15)).is_ok());
    }

    #[test]
    fn a_move_names_who_decided_it_la_7() {
        assert_eq!(
            check_move_decided_by(true, Some("  Looked-after review, 3 November ")).unwrap().as_deref(),
            Some("Looked-after review, 3 November")
        );
        assert_eq!(check_move_decided_by(true, Some(" ")).unwrap_err().rule, "LA-7");
        assert!(check_move_decided_by(true, None).is_err());
        assert_eq!(check_move_decided_by(false, None).unwrap(), None);
        assert!(check_move_decided_by(false, Some("Team manager")).is_err(), "a change of legal status alone");
        assert!(check_move_decided_by(true, Some(&"x".repeat(201))).is_err());
    }

    #[test]
    fn reviews_are_chaired_by_an_independent_officer_while_looked_after_la_4() {
        let ok = ReviewFacts {
            held_on: d(2026, 11, 20),
            chair_is_iro: true,
            chair_is_childs_worker: false,
            looked_after_since: Some(d(2026, 11, 2)),
            participation: ReviewParticipation::PN1,
            age_at_review: Some(12),
        };
        let today = d(2026, 11, 23);
        assert!(check_review(&ok, today).is_ok());
        for bad in [
            ReviewFacts { chair_is_iro: false, ..ok },
            ReviewFacts { chair_is_childs_worker: true, ..ok },
            ReviewFacts { looked_after_since: None, ..ok },
            ReviewFacts { held_on: d(2026, 11, 1), ..ok },
            ReviewFacts { held_on: d(2026, 11, 24), ..ok },
            ReviewFacts { participation: ReviewParticipation::PN0, ..ok },
            ReviewFacts { age_at_review: Some(3), ..ok },
        ] {
            assert_eq!(check_review(&bad, today).unwrap_err().rule, "LA-4", "{bad:?}");
        }
        assert!(check_review(&ReviewFacts { age_at_review: Some(3), participation: ReviewParticipation::PN0, ..ok }, today).is_ok());
    }

    #[test]
    fn reviews_fall_due_at_20_working_days_then_3_then_6_months_t24_t26() {
        let cal = WorkingCalendar::new(crate::calendar::england_and_wales_bank_holidays_2022_2028().into_iter().map(|h| h.date));
        // Monday 2 November 2026 + 20 working days (no bank holidays between) = Monday 30 November.
        let zero = DayCounting::EventIsDayZero;
        assert_eq!(next_review_due(d(2026, 11, 2), &[], &cal, zero), d(2026, 11, 30));
        assert_eq!(next_review_due(d(2026, 11, 2), &[d(2026, 11, 27)], &cal, zero), d(2027, 2, 27));
        assert_eq!(next_review_due(d(2026, 11, 2), &[d(2027, 2, 20), d(2026, 11, 27)], &cal, zero), d(2027, 8, 20));
        // A council that counts the day the child became looked after as day 1 (domain §"Day zero").
        assert_eq!(next_review_due(d(2026, 11, 2), &[], &cal, DayCounting::EventIsDayOne), d(2026, 11, 27));
    }
}
