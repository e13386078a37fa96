//! Family networks (domain reference §§4.5, 5.5, 5.6): the network around a child,
//! family group decision making (FGDM), pre-proceedings under the Public Law Outline with the
//! FGDM duty (R-PLO-1..3), family network support packages and kinship care. Pure: dates and
//! facts are parameters.

use serde::{Deserialize, Serialize};

/// LA choices for family networks (`[LOCAL]`/`[PROP]`, so configurable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FamilyNetworkSettings {
    /// Whether the FGDM duty before a care or supervision application (CA 1989 s.31ZA, inserted
    /// by CWSA 2026 s.1) has been commenced: R-PLO-2 is enforced only once it has.
    pub plo_fgdm_duty_commenced: bool,
    /// The council's yearly budget for family network support packages, in pence.
    pub support_budget_pence: u64,
    /// The most a social worker may approve for one package, in pence.
    pub approval_limit_social_worker_pence: u64,
    /// The most an LCPP may approve for one package, in pence.
    pub approval_limit_lcpp_pence: u64,
    /// The most a practice supervisor or manager may approve for one package, in pence.
    pub approval_limit_manager_pence: u64,
    /// The council's kinship local offer (CA 1989 s.22H), published on a public page. Paragraphs
    /// are separated by blank lines.
    pub kinship_local_offer: String,
}

impl Default for FamilyNetworkSettings {
    fn default() -> Self {
        Self {
            plo_fgdm_duty_commenced: true,
            support_budget_pence: 25_000_000,
            approval_limit_social_worker_pence: 50_000,
            approval_limit_lcpp_pence: 100_000,
            approval_limit_manager_pence: 500_000,
            kinship_local_offer: String::new(),
        }
    }
}

impl FamilyNetworkSettings {
    pub fn validate(&self, errors: &mut crate::ValidationErrors) {
        if self.approval_limit_social_worker_pence > self.approval_limit_manager_pence
            || self.approval_limit_lcpp_pence > self.approval_limit_manager_pence
        {
            errors.add(
                "family_networks.approval_limit_manager_pence",
                "A manager's approval limit must be at least a social worker's and an LCPP's",
            );
        }
        if self.kinship_local_offer.len() > 50_000 {
            errors.add("family_networks.kinship_local_offer", "The local offer must be at most 50,000 characters");
        }
    }
}

use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// Whether a person in the network is willing to help.
    Willingness {
        Willing => ("willing", "Willing to help"),
        Unsure => ("unsure", "Unsure"),
        Unwilling => ("unwilling", "Not willing"),
        NotAsked => ("not_asked", "Not asked yet"),
    }
);

code_enum!(
    /// What the person could offer.
    Capacity {
        FullTimeCare => ("full_time_care", "Could care for the child full time"),
        ShortBreaks => ("short_breaks", "Short breaks or overnight stays"),
        Practical => ("practical", "Practical help (school runs, meals, appointments)"),
        Emotional => ("emotional", "Emotional support to the parents"),
        Limited => ("limited", "Little capacity at present"),
    }
);

code_enum!(
    /// At which stage FGDM was offered (§5.5: throughout family help and child protection; at the
    /// latest in the letter before proceedings).
    FgdmStage {
        FamilyHelp => ("family_help", "Family help"),
        ChildProtection => ("child_protection", "Child protection"),
        PreProceedings => ("pre_proceedings", "Pre-proceedings"),
    }
);

code_enum!(
    /// The FGDM state machine (§2.2).
    FgdmState {
        Referred => ("referred", "Referred"),
        Offered => ("offered", "Offered, waiting for answers"),
        MeetingArranged => ("meeting_arranged", "Accepted: meeting arranged"),
        MeetingHeld => ("meeting_held", "Meeting held"),
        PlanAgreed => ("plan_agreed", "Family plan agreed by the council"),
        Declined => ("declined", "Declined by everyone offered"),
        Exempted => ("exempted", "Not offered: not in the child's best interests"),
    }
);

code_enum!(
    /// A parent's (or other person with parental responsibility's) answer to the offer.
    OfferAnswer {
        Accepted => ("accepted", "Accepted"),
        Declined => ("declined", "Declined"),
    }
);

code_enum!(
    /// The legal gateway (legal planning) meeting's decision (R-PLO-1).
    GatewayDecision {
        PreProceedings => ("pre_proceedings", "Start pre-proceedings (letter before proceedings)"),
        IssueProceedings => ("issue_proceedings", "Issue proceedings without pre-proceedings (urgent)"),
        NotMet => ("not_met", "Threshold not met: continue with the current plan"),
    }
);

code_enum!(
    ApplicationKind {
        Care => ("care", "Care order (s.31)"),
        Supervision => ("supervision", "Supervision order (s.31)"),
    }
);

code_enum!(
    /// Kinship care routes (§5.6).
    KinshipKind {
        Informal => ("informal", "Informal arrangement"),
        KinshipFosterCare => ("kinship_foster_care", "Kinship foster care (connected person)"),
        ChildArrangementsOrder => ("child_arrangements_order", "Child arrangements order (lives with)"),
        SpecialGuardianship => ("special_guardianship", "Special guardianship order"),
    }
);

/// The state of an FGDM from what has been recorded (§2.2). Exemption wins; then the plan, the
/// meeting, the answers.
pub fn fgdm_state(
    answers: &[Option<OfferAnswer>],
    meeting_arranged: bool,
    meeting_held: bool,
    plan_agreed: bool,
    exempted: bool,
) -> FgdmState {
    if exempted {
        FgdmState::Exempted
    } else if plan_agreed {
        FgdmState::PlanAgreed
    } else if meeting_held {
        FgdmState::MeetingHeld
    } else if !answers.is_empty() && answers.iter().all(|a| *a == Some(OfferAnswer::Declined)) {
        FgdmState::Declined
    } else if meeting_arranged || answers.contains(&Some(OfferAnswer::Accepted)) {
        FgdmState::MeetingArranged
    } else if !answers.is_empty() {
        FgdmState::Offered
    } else {
        FgdmState::Referred
    }
}

/// R-PLO-2 (CA 1989 s.31ZA, CWSA 2026 s.1): the letter before proceedings must include the offer
/// of an FGDM meeting, and that offer must be on the record (unless the meeting is exempted as not
/// in the child's best interests), once the duty is commenced.
pub fn check_letter(commenced: bool, includes_fgdm_offer: bool, offer_recorded: bool, exempted: bool) -> Result<(), RuleRefusal> {
    if !commenced {
        return Ok(());
    }
    if !includes_fgdm_offer {
        return Err(RuleRefusal {
            rule: "R-PLO-2",
            message: "The letter before proceedings must include the offer of a family group decision making meeting to each parent and person with parental responsibility. Record the FGDM offer, then send the letter.".into(),
        });
    }
    if !offer_recorded && !exempted {
        return Err(RuleRefusal {
            rule: "R-PLO-2",
            message: "No FGDM offer is recorded for this child. Record the offer to each person with parental responsibility before sending the letter that contains it.".into(),
        });
    }
    Ok(())
}

/// R-PLO-2: a care or supervision application may be recorded as issued only when an FGDM
/// meeting was held, everyone offered declined, or a best-interests exemption is recorded.
pub fn check_application(commenced: bool, fgdm: Option<FgdmState>) -> Result<(), RuleRefusal> {
    if !commenced {
        return Ok(());
    }
    match fgdm {
        Some(FgdmState::MeetingHeld | FgdmState::PlanAgreed | FgdmState::Declined | FgdmState::Exempted) => Ok(()),
        Some(s) => Err(RuleRefusal {
            rule: "R-PLO-2",
            message: format!(
                "The application cannot be issued yet: the family group decision making meeting is at \"{}\". It must have been held, declined by everyone offered, or exempted as not in the child's best interests (with the reason recorded).",
                s.label().to_lowercase()
            ),
        }),
        None => Err(RuleRefusal {
            rule: "R-PLO-2",
            message: "The application cannot be issued: no family group decision making meeting has been offered. Offer one to each person with parental responsibility, or record why it is not in the child's best interests.".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OfferAnswer::*;

    #[test]
    fn fgdm_state_machine() {
        assert_eq!(fgdm_state(&[], false, false, false, false), FgdmState::Referred);
        assert_eq!(fgdm_state(&[None, None], false, false, false, false), FgdmState::Offered);
        assert_eq!(fgdm_state(&[Some(Declined), None], false, false, false, false), FgdmState::Offered);
        assert_eq!(fgdm_state(&[Some(Declined), Some(Accepted)], false, false, false, false), FgdmState::MeetingArranged);
        assert_eq!(fgdm_state(&[Some(Declined), Some(Declined)], false, false, false, false), FgdmState::Declined);
        assert_eq!(fgdm_state(&[Some(Accepted)], true, true, false, false), FgdmState::MeetingHeld);
        assert_eq!(fgdm_state(&[Some(Accepted)], true, true, true, false), FgdmState::PlanAgreed);
        assert_eq!(fgdm_state(&[], false, false, false, true), FgdmState::Exempted);
    }

    #[test]
    fn r_plo_2_letter_and_application() {
        assert_eq!(check_letter(true, false, true, false).unwrap_err().rule, "R-PLO-2");
        assert!(check_letter(true, true, false, false).unwrap_err().message.contains("No FGDM offer is recorded"));
        assert!(check_letter(true, true, true, false).is_ok());
        assert!(check_letter(true, true, false, true).is_ok(), "an exempted FGDM needs no offer on record");
        assert!(check_letter(false, false, false, false).is_ok(), "not enforced before commencement");
        assert!(check_application(true, None).is_err());
        assert!(check_application(true, Some(FgdmState::Offered)).is_err());
        assert!(check_application(true, Some(FgdmState::MeetingArranged)).is_err());
        for ok in [FgdmState::MeetingHeld, FgdmState::PlanAgreed, FgdmState::Declined, FgdmState::Exempted] {
            assert!(check_application(true, Some(ok)).is_ok(), "{ok:?}");
        }
        assert!(check_application(false, None).is_ok());
    }
}
