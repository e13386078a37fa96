//! Child protection under Families First (domain reference §§4.2–4.3, 5.2–5.4; rules
//! R-SD, R-S47, R-CP, R-CH, R-FH-2; timescales T9, T11, T13, T14). Pure: dates are parameters.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{DayCounting, WorkingCalendar, add_calendar_months};
use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// Who may lead s.47 enquiries and hold plans (LA setting).
    PracticeModel {
        FamiliesFirst => ("families_first", "Families First: only lead child protection practitioners (LCPPs)"),
        Standard => ("standard", "Standard: any registered social worker"),
    }
);

code_enum!(
    /// How conferences are chaired (§5.3; R-CH-1, R-CH-2).
    ChairModel {
        IndependentChair => ("independent_chair", "Independent chair"),
        LcppChairWithQa => ("lcpp_chair_with_qa", "LCPP chair with a quality assurance officer present"),
        LcppChair => ("lcpp_chair", "LCPP chair"),
    }
);

code_enum!(
    /// Agencies at strategy discussions, conferences and in multi-agency teams.
    CpAgency {
        LocalAuthority => ("local_authority", "Local authority children's social care"),
        Police => ("police", "Police"),
        Health => ("health", "Health"),
        Education => ("education", "Education"),
        Referrer => ("referrer", "The referrer"),
        Other => ("other", "Other agency"),
    }
);

code_enum!(
    /// Category of abuse, as the CIN census codes it.
    Category {
        Neglect => ("NEG", "Neglect"),
        Physical => ("PHY", "Physical abuse"),
        Emotional => ("EMO", "Emotional abuse"),
        Sexual => ("SAB", "Sexual abuse"),
        Multiple => ("MUL", "Multiple"),
    }
);

code_enum!(
    ConferenceKind {
        Initial => ("initial", "Initial child protection conference"),
        Review => ("review", "Review child protection conference"),
        PreBirth => ("pre_birth", "Pre-birth conference"),
        TransferIn => ("transfer_in", "Transfer-in conference"),
    }
);

/// T9: the initial child protection conference is due within 15 working days of the strategy
/// discussion at which the s.47 enquiry was initiated (not of the enquiry's start or end).
pub fn icpc_due(strategy_discussion: NaiveDate, cal: &WorkingCalendar, counting: DayCounting) -> NaiveDate {
    cal.add_working_days(strategy_discussion, 15, counting)
}

/// T11: the first core group meeting is due within 10 working days of the initial conference.
pub fn first_core_group_due(icpc: NaiveDate, cal: &WorkingCalendar, counting: DayCounting) -> NaiveDate {
    cal.add_working_days(icpc, 10, counting)
}

/// T13/T14: the first review conference within 3 months of the initial conference; later
/// reviews within 6 months of the previous one (calendar months, clamped to the month's end).
pub fn next_review_due(icpc: NaiveDate, last_review: Option<NaiveDate>) -> NaiveDate {
    match last_review {
        None => add_calendar_months(icpc, 3),
        Some(r) => add_calendar_months(r, 6),
    }
}

/// What is known about a proposed s.47 lead.
#[derive(Debug, Clone, Copy)]
pub struct LeadFacts {
    pub is_registered_social_worker: bool,
    /// Designated as an LCPP, with the date and evidence recorded.
    pub is_lcpp: bool,
    pub pqe_years: Option<u32>,
}

/// R-S47-1 (CA 1989 s.47; WT2023): a s.47 enquiry is led by a registered social worker; under the
/// Families First model, by an LCPP with at least the LA's minimum post-qualifying experience.
pub fn check_s47_lead(model: PracticeModel, lead: &LeadFacts, min_pqe_years: u32) -> Result<(), RuleRefusal> {
    if !lead.is_registered_social_worker {
        return Err(RuleRefusal {
            rule: "R-S47-1",
            message: "A section 47 enquiry must be led by a social worker with current Social Work England registration.".into(),
        });
    }
    if model == PracticeModel::FamiliesFirst {
        if !lead.is_lcpp {
            return Err(RuleRefusal {
                rule: "R-S47-1",
                message: "Under the council's Families First model, only a lead child protection practitioner (LCPP) may lead a section 47 enquiry or hold a child protection plan. Choose an LCPP.".into(),
            });
        }
        if lead.pqe_years.unwrap_or(0) < min_pqe_years {
            return Err(RuleRefusal {
                rule: "R-S47-1",
                message: format!("The council requires LCPPs to have at least {min_pqe_years} years' post-qualifying experience."),
            });
        }
    }
    Ok(())
}

/// R-SD-1: a strategy discussion needs the LA social worker, police and health. Returns the
/// required agencies that were absent; each needs a recorded reason (and is flagged).
pub fn missing_required_agencies(present: &[CpAgency]) -> Vec<CpAgency> {
    [CpAgency::LocalAuthority, CpAgency::Police, CpAgency::Health].into_iter().filter(|a| !present.contains(a)).collect()
}

/// Facts about a proposed conference chair, for the LA's chair model.
#[derive(Debug, Clone, Copy)]
pub struct ChairFacts {
    pub chair_is_lcpp: bool,
    /// The chair led the s.47 enquiry or holds the case.
    pub chair_led_enquiry: bool,
    /// The chair line-manages the practitioner who led the enquiry.
    pub chair_manages_lead: bool,
    /// A quality assurance officer is recorded as attending.
    pub qa_present: bool,
}

/// R-CH-1 / R-CH-2: check the chair against the configured model.
pub fn check_chair(model: ChairModel, allow_same_lcpp: bool, c: &ChairFacts) -> Result<(), RuleRefusal> {
    match model {
        ChairModel::IndependentChair => {
            if c.chair_led_enquiry || c.chair_manages_lead {
                return Err(RuleRefusal {
                    rule: "R-CH-1",
                    message: "Under the independent-chair model the chair must have no operational or line-management responsibility for the case: choose a chair who did not lead the enquiry and does not manage its lead.".into(),
                });
            }
        }
        ChairModel::LcppChairWithQa => {
            if !c.chair_is_lcpp {
                return Err(RuleRefusal {
                    rule: "R-CH-2",
                    message: "Under the council's model conferences are chaired by an LCPP.".into(),
                });
            }
            if c.chair_led_enquiry && !allow_same_lcpp {
                return Err(RuleRefusal {
                    rule: "R-CH-2",
                    message: "The chair must be an LCPP other than the one who led the section 47 enquiry.".into(),
                });
            }
            if !c.qa_present {
                return Err(RuleRefusal { rule: "R-CH-2", message: "A quality assurance officer must attend when an LCPP chairs.".into() });
            }
        }
        ChairModel::LcppChair => {
            if !c.chair_is_lcpp {
                return Err(RuleRefusal {
                    rule: "R-CH-2",
                    message: "Under the council's model conferences are chaired by an LCPP.".into(),
                });
            }
        }
    }
    Ok(())
}

/// R-CP-5: quorum is the LA plus at least `others_needed` other agencies with direct contact.
pub fn is_quorate(present: &[CpAgency], others_needed: usize) -> bool {
    let others: std::collections::HashSet<&CpAgency> =
        present.iter().filter(|a| !matches!(a, CpAgency::LocalAuthority | CpAgency::Referrer)).collect();
    present.contains(&CpAgency::LocalAuthority) && others.len() >= others_needed
}

/// R-CP-5: a conference decides only when quorate (the local authority and `others_needed` other
/// agencies present).
pub fn check_quorum(present: &[CpAgency], others_needed: usize) -> Result<(), RuleRefusal> {
    if is_quorate(present, others_needed) {
        return Ok(());
    }
    Err(RuleRefusal {
        rule: "R-CP-5",
        message: format!(
            "The conference was not quorate: it needs the local authority and at least {others_needed} other agencies attending. Reconvene it; no decision was recorded."
        ),
    })
}

/// The council's LCPP caseload cap (a local setting, families-first.md §13: Dorset's 12 is a
/// pathfinder's choice): giving `name`, who already holds child protection work for `load`
/// children, one more child over the cap needs a manager's recorded reason.
pub fn check_lcpp_cap(load: u32, cap: u32, name: &str, over_cap_reason: Option<&str>) -> Result<(), RuleRefusal> {
    let over = crate::family_help::caseload_status(load, cap) == crate::family_help::CaseloadStatus::OverCap;
    if !over || over_cap_reason.is_some_and(|r| !r.trim().is_empty()) {
        return Ok(());
    }
    Err(RuleRefusal {
        rule: "LCPP caseload cap",
        message: format!(
            "{name} already holds child protection work for {}; the council's LCPP cap is {cap}. Record a manager's reason to go above it.",
            crate::text::plural(load, "child", "children")
        ),
    })
}

code_enum!(
    /// What a conference decided. Initial, pre-birth and transfer-in conferences decide whether a
    /// plan is needed (R-CP-2); review conferences whether it continues (R-CP-6).
    ConferenceDecision {
        Plan => ("plan", "A child protection plan is needed"),
        NoPlan => ("no_plan", "No child protection plan"),
        Continue => ("continue", "The plan continues"),
        End => ("end", "The plan ends"),
    }
);

code_enum!(
    /// How a parent or the child took part in a conference (R-CP-4).
    Participation {
        AttendedAndContributed => ("attended", "Attended and contributed"),
        ViewsInWriting => ("views_in_writing", "Gave views in writing or through an advocate"),
        InvitedDidNotAttend => ("did_not_attend", "Invited, did not attend"),
        Excluded => ("excluded", "Excluded (reason recorded)"),
        NotAppropriate => ("not_appropriate", "Not appropriate (for example, the child's age)"),
    }
);

code_enum!(
    /// Why a child protection plan ended (R-CP-6).
    PlanEndReason {
        SteppedDown => ("stepped_down", "No longer at continuing risk: stepped down to family help"),
        MovedAway => ("moved_away", "Moved to another council (transfer-in conference there)"),
        Turned18 => ("turned_18", "Reached 18"),
        LookedAfter => ("looked_after", "Became looked after"),
        Died => ("died", "Died"),
    }
);

code_enum!(
    /// Where a recorded statement comes from (CSPRP finding F4: triangulation).
    SourceType {
        ParentAccount => ("parent_account", "A parent's or carer's own account"),
        ChildAccount => ("child_account", "The child's own account"),
        ProfessionalObservation => ("professional_observation", "A practitioner's own observation"),
        AgencyRecord => ("agency_record", "Another agency's record"),
        Document => ("document", "A document"),
    }
);

code_enum!(
    /// Member types a multi-agency child protection team must have (CA 2004 s.16EA, §5.4).
    MacptType {
        SocialWorker => ("social_worker", "Social worker"),
        Police => ("police", "Police"),
        Health => ("health", "Health professional"),
        Education => ("education", "Education"),
    }
);

/// What a member brings to a multi-agency team: police, health and education partners by their
/// agency; council staff count as social workers only when registered with Social Work England.
pub fn macpt_type(agency: crate::roles::Agency, is_registered_social_worker: bool) -> Option<MacptType> {
    use crate::roles::Agency;
    match agency {
        Agency::Police => Some(MacptType::Police),
        Agency::Health => Some(MacptType::Health),
        Agency::Education => Some(MacptType::Education),
        Agency::LocalAuthority if is_registered_social_worker => Some(MacptType::SocialWorker),
        _ => None,
    }
}

/// §5.4 (CA 2004 s.16EA): a team needs at least one member of each type; returns those missing.
pub fn macpt_missing_types(present: &[MacptType]) -> Vec<MacptType> {
    MacptType::ALL.iter().copied().filter(|t| !present.contains(t)).collect()
}

/// Facts about a proposed conference, loaded by the service.
#[derive(Debug, Clone, Copy)]
pub struct ConferenceFacts {
    pub kind: ConferenceKind,
    pub decision: ConferenceDecision,
    pub child_is_unborn: bool,
    pub has_open_plan: bool,
    /// For an initial or pre-birth conference: the s.47 enquiry it follows, and whether its
    /// outcome called for a conference (R-S47-3).
    pub enquiry_called_for_conference: Option<bool>,
}

/// R-CP-2, R-CP-6, R-CP-7, R-S47-3: the conference's kind must fit the child's situation and its
/// decision must fit its kind.
pub fn check_conference(f: &ConferenceFacts) -> Result<(), RuleRefusal> {
    let refuse = |rule: &'static str, message: &str| Err(RuleRefusal { rule, message: message.to_owned() });
    let deciding_plan = matches!(f.decision, ConferenceDecision::Plan | ConferenceDecision::NoPlan);
    match f.kind {
        ConferenceKind::Initial | ConferenceKind::PreBirth => {
            if f.kind == ConferenceKind::Initial && f.child_is_unborn {
                return refuse("R-CP-7", "This child is not yet born: hold a pre-birth conference.");
            }
            if f.kind == ConferenceKind::PreBirth && !f.child_is_unborn {
                return refuse("R-CP-7", "A pre-birth conference is for an unborn child: this child's birth is recorded.");
            }
            match f.enquiry_called_for_conference {
                None => return refuse("R-S47-3", "An initial conference follows a section 47 enquiry: choose the enquiry."),
                Some(false) => {
                    return refuse("R-S47-3", "The section 47 enquiry concluded that no conference is needed, or has not concluded yet.");
                }
                Some(true) => {}
            }
            if f.has_open_plan {
                return refuse("R-CP-2", "This child already has a child protection plan: hold a review conference instead.");
            }
            if !deciding_plan {
                return refuse("R-CP-2", "An initial conference decides whether a plan is needed.");
            }
        }
        ConferenceKind::TransferIn => {
            if f.has_open_plan {
                return refuse("R-CP-6", "This child already has a plan with this council.");
            }
            if !deciding_plan {
                return refuse("R-CP-6", "A transfer-in conference decides whether a plan is needed here.");
            }
        }
        ConferenceKind::Review => {
            if !f.has_open_plan {
                return refuse("R-CP-6", "A review conference reviews a child protection plan, and this child has none open.");
            }
            if deciding_plan {
                return refuse("R-CP-6", "A review conference decides whether the plan continues or ends.");
            }
        }
    }
    Ok(())
}

/// What the T15 visit clock of a child on a plan needs to know about one visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitFacts {
    pub child_seen: bool,
    pub seen_alone: bool,
    /// Recorded for babies under one only (CSPRP; domain §8 F14).
    pub baby_seen_awake: Option<bool>,
}

/// T15: the child protection visit clock runs from the last visit at which the child was seen
/// alone (a baby under one: seen awake). A visit where the child was not seen, or was seen only
/// with the family, is recorded but does not reset the clock.
pub fn visit_meets_cp_clock(v: &VisitFacts) -> bool {
    // For a baby the question is "seen awake", whether or not anyone else was in the room.
    v.child_seen && v.baby_seen_awake.unwrap_or(v.seen_alone)
}

/// Child protection work still open in an episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenCpWork {
    /// A section 47 enquiry not yet concluded.
    Enquiry { started: NaiveDate },
    /// An enquiry concluded with an initial conference needed, and none held yet (T9).
    ConferenceDue { due: NaiveDate },
    /// A child protection plan that has not ended.
    Plan { started: NaiveDate },
}

impl OpenCpWork {
    fn describe(&self) -> String {
        let f = |d: &NaiveDate| d.format("%-d %B %Y").to_string();
        match self {
            OpenCpWork::Enquiry { started } => format!("a section 47 enquiry started on {}", f(started)),
            OpenCpWork::ConferenceDue { due } => format!("an initial child protection conference due by {}", f(due)),
            OpenCpWork::Plan { started } => format!("a child protection plan started on {}", f(started)),
        }
    }
}

/// R-CP-6 and CIN census rule 8565: an episode holds its child protection work, so it cannot
/// close while any of that work is open. The refusal names each piece of open work and what ends it.
/// `conference_no_longer_ours`: the child died or moved to another council (RC2, RC5), so a
/// conference still due will never be held here and does not keep the episode open.
pub fn check_no_open_child_protection(open: &[OpenCpWork], conference_no_longer_ours: bool) -> Result<(), RuleRefusal> {
    let open: Vec<OpenCpWork> =
        open.iter().copied().filter(|w| !(conference_no_longer_ours && matches!(w, OpenCpWork::ConferenceDue { .. }))).collect();
    if open.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = open.iter().map(OpenCpWork::describe).collect();
    Err(RuleRefusal {
        rule: "R-CP-6",
        message: format!(
            "This episode still holds open child protection work: {}. Conclude the enquiry, hold the conference or end the plan first; the episode can close after that.",
            list.join("; ")
        ),
    })
}

/// R-CP-6: a plan ends because the child is no longer at continuing risk only on a review
/// conference's decision; the other reasons (moving away, 18, care, death) may be recorded directly.
pub fn check_plan_end(reason: PlanEndReason, at_review_conference: bool) -> Result<(), RuleRefusal> {
    if reason == PlanEndReason::SteppedDown && !at_review_conference {
        return Err(RuleRefusal {
            rule: "R-CP-6",
            message: "A plan ends because the child is no longer at continuing risk only on a review conference's decision: record the review conference.".into(),
        });
    }
    Ok(())
}

/// T12: after the first core group (due under T11), each later one is due the LA's interval after
/// the previous meeting.
pub fn next_core_group_due(
    first_due: NaiveDate,
    last_held: Option<NaiveDate>,
    interval_wd: u32,
    cal: &WorkingCalendar,
    counting: DayCounting,
) -> NaiveDate {
    match last_held {
        None => first_due,
        Some(d) => cal.add_working_days(d, interval_wd, counting),
    }
}

/// A statement in the chronology, for triangulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statement<Id> {
    pub id: Id,
    pub source: SourceType,
    /// The statement this one corroborates (or contradicts, recorded as a note).
    pub corroborates: Option<Id>,
}

/// CSPRP F4/F5: the parents' own accounts that no other source corroborates. A parent's account
/// cannot corroborate another parent's account.
pub fn uncorroborated_parent_accounts<Id: Copy + PartialEq>(statements: &[Statement<Id>]) -> Vec<Id> {
    statements
        .iter()
        .filter(|s| s.source == SourceType::ParentAccount)
        .filter(|s| !statements.iter().any(|o| o.source != SourceType::ParentAccount && o.corroborates == Some(s.id)))
        .map(|s| s.id)
        .collect()
}

/// LA choices for child protection (`[PF]`/`[LOCAL]`, so configurable).
/// Fields added later take their defaults when older stored settings lack them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChildProtectionSettings {
    pub practice_model: PracticeModel,
    pub chair_model: ChairModel,
    /// Under `lcpp_chair_with_qa`, whether the LCPP who led the s.47 may chair.
    pub allow_same_lcpp_to_chair: bool,
    /// Minimum post-qualifying experience for LCPP designation (no national figure yet: §5.2).
    pub lcpp_min_pqe_years: u32,
    /// Other agencies needed for quorum besides the LA (R-CP-5, usually 2).
    pub quorum_other_agencies: u32,
    /// Working days between child protection visits (T15; suggested 10).
    pub visit_interval_wd: u32,
    /// Working days between core group meetings after the first (T12: typically 4–6 weeks).
    pub core_group_interval_wd: u32,
    /// Working days another agency has to answer a request for information (local practice).
    pub info_request_due_wd: u32,
}

impl ChildProtectionSettings {
    pub fn validate(&self, errors: &mut crate::ValidationErrors) {
        if self.lcpp_min_pqe_years > 40 {
            errors.add("child_protection.lcpp_min_pqe_years", "Enter a number of years from 0 to 40");
        }
        if !(1..=6).contains(&self.quorum_other_agencies) {
            errors.add("child_protection.quorum_other_agencies", "Enter a number of agencies from 1 to 6");
        }
        if !(1..=60).contains(&self.visit_interval_wd) {
            errors.add("child_protection.visit_interval_wd", "Enter a number of working days from 1 to 60");
        }
        if !(5..=60).contains(&self.core_group_interval_wd) {
            errors.add("child_protection.core_group_interval_wd", "Enter a number of working days from 5 to 60");
        }
        if !(1..=30).contains(&self.info_request_due_wd) {
            errors.add("child_protection.info_request_due_wd", "Enter a number of working days from 1 to 30");
        }
    }
}

impl Default for ChildProtectionSettings {
    fn default() -> Self {
        Self {
            practice_model: PracticeModel::FamiliesFirst,
            chair_model: ChairModel::IndependentChair,
            allow_same_lcpp_to_chair: false,
            lcpp_min_pqe_years: 3,
            quorum_other_agencies: 2,
            visit_interval_wd: 10,
            core_group_interval_wd: 20,
            info_request_due_wd: 5,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_conference_decides_only_when_quorate_r_cp_5() {
        use CpAgency::*;
        assert!(check_quorum(&[LocalAuthority, Police, Health], 2).is_ok());
        assert_eq!(check_quorum(&[LocalAuthority, Police, Referrer], 2).unwrap_err().rule, "R-CP-5", "the referrer is not an agency");
        assert!(check_quorum(&[Police, Health, Education], 2).is_err(), "the council must attend");
    }

    #[test]
    fn going_over_the_lcpp_cap_needs_a_reason() {
        assert!(check_lcpp_cap(10, 12, "Sam", None).is_ok());
        assert!(check_lcpp_cap(11, 12, "Sam", None).is_ok(), "reaching the cap is allowed");
        let e = check_lcpp_cap(12, 12, "Sam", Some("  ")).unwrap_err();
        assert!(e.message.contains("Sam already holds child protection work for 12 children"), "{}", e.message);
        assert!(check_lcpp_cap(12, 12, "Sam", Some("Covering a long-term absence")).is_ok());
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn t9_worked_example() {
        let cal = WorkingCalendar::england_and_wales_default();
        assert_eq!(icpc_due(d(2025, 12, 17), &cal, DayCounting::EventIsDayZero), d(2026, 1, 12));
        assert_eq!(icpc_due(d(2025, 12, 17), &cal, DayCounting::EventIsDayOne), d(2026, 1, 9));
    }

    #[test]
    fn t11_t13_t14() {
        let cal = WorkingCalendar::england_and_wales_default();
        assert_eq!(first_core_group_due(d(2026, 1, 12), &cal, DayCounting::EventIsDayZero), d(2026, 1, 26));
        assert_eq!(next_review_due(d(2025, 11, 30), None), d(2026, 2, 28), "3 calendar months, clamped");
        assert_eq!(next_review_due(d(2025, 11, 30), Some(d(2026, 2, 27))), d(2026, 8, 27));
    }

    #[test]
    fn r_s47_1_families_first_needs_an_lcpp() {
        let sw = LeadFacts { is_registered_social_worker: true, is_lcpp: false, pqe_years: Some(8) };
        assert!(check_s47_lead(PracticeModel::Standard, &sw, 3).is_ok());
        let e = check_s47_lead(PracticeModel::FamiliesFirst, &sw, 3).unwrap_err();
        assert!(e.message.contains("LCPP"));
        let lcpp = LeadFacts { is_lcpp: true, ..sw };
        assert!(check_s47_lead(PracticeModel::FamiliesFirst, &lcpp, 3).is_ok());
        assert!(check_s47_lead(PracticeModel::FamiliesFirst, &LeadFacts { pqe_years: Some(2), ..lcpp }, 3).is_err());
        let unregistered = LeadFacts { is_registered_social_worker: false, ..lcpp };
        assert!(check_s47_lead(PracticeModel::Standard, &unregistered, 0).is_err());
    }

    #[test]
    fn r_sd_1_required_agencies() {
        assert_eq!(missing_required_agencies(&[CpAgency::LocalAuthority, CpAgency::Education]), vec![CpAgency::Police, CpAgency::Health]);
        assert!(missing_required_agencies(&[CpAgency::Health, CpAgency::Police, CpAgency::LocalAuthority]).is_empty());
    }

    #[test]
    fn r_ch_chair_models() {
        let led = ChairFacts { chair_is_lcpp: true, chair_led_enquiry: true, chair_manages_lead: false, qa_present: true };
        assert_eq!(check_chair(ChairModel::IndependentChair, false, &led).unwrap_err().rule, "R-CH-1");
        assert!(check_chair(ChairModel::LcppChairWithQa, false, &led).is_err());
        assert!(check_chair(ChairModel::LcppChairWithQa, true, &led).is_ok());
        assert!(check_chair(ChairModel::LcppChairWithQa, true, &ChairFacts { qa_present: false, ..led }).is_err());
        assert!(check_chair(ChairModel::LcppChair, false, &led).is_ok());
        let independent = ChairFacts { chair_is_lcpp: false, chair_led_enquiry: false, chair_manages_lead: false, qa_present: false };
        assert!(check_chair(ChairModel::IndependentChair, false, &independent).is_ok());
        assert!(check_chair(ChairModel::IndependentChair, false, &ChairFacts { chair_manages_lead: true, ..independent }).is_err());
    }

    #[test]
    fn quorum() {
        use CpAgency::*;
        assert!(is_quorate(&[LocalAuthority, Police, Health], 2));
        assert!(!is_quorate(&[LocalAuthority, Police, Police, Referrer], 2));
        assert!(!is_quorate(&[Police, Health, Education], 2));
    }

    #[test]
    fn r_cp_conference_kind_fits_the_child() {
        let base = ConferenceFacts {
            kind: ConferenceKind::Initial,
            decision: ConferenceDecision::Plan,
            child_is_unborn: false,
            has_open_plan: false,
            enquiry_called_for_conference: Some(true),
        };
        assert!(check_conference(&base).is_ok());
        assert_eq!(check_conference(&ConferenceFacts { child_is_unborn: true, ..base }).unwrap_err().rule, "R-CP-7");
        assert!(check_conference(&ConferenceFacts { kind: ConferenceKind::PreBirth, child_is_unborn: true, ..base }).is_ok());
        assert_eq!(check_conference(&ConferenceFacts { kind: ConferenceKind::PreBirth, ..base }).unwrap_err().rule, "R-CP-7");
        assert_eq!(check_conference(&ConferenceFacts { enquiry_called_for_conference: Some(false), ..base }).unwrap_err().rule, "R-S47-3");
        assert_eq!(check_conference(&ConferenceFacts { enquiry_called_for_conference: None, ..base }).unwrap_err().rule, "R-S47-3");
        assert!(check_conference(&ConferenceFacts { has_open_plan: true, ..base }).is_err());
        assert!(check_conference(&ConferenceFacts { decision: ConferenceDecision::Continue, ..base }).is_err());
        let review = ConferenceFacts { kind: ConferenceKind::Review, decision: ConferenceDecision::End, has_open_plan: true, ..base };
        assert!(check_conference(&review).is_ok());
        assert!(check_conference(&ConferenceFacts { has_open_plan: false, ..review }).is_err());
        assert!(check_conference(&ConferenceFacts { decision: ConferenceDecision::Plan, ..review }).is_err());
        let transfer = ConferenceFacts { kind: ConferenceKind::TransferIn, enquiry_called_for_conference: None, ..base };
        assert!(check_conference(&transfer).is_ok());
    }

    #[test]
    fn r_cp_6_stepping_down_needs_a_review_conference() {
        assert_eq!(check_plan_end(PlanEndReason::SteppedDown, false).unwrap_err().rule, "R-CP-6");
        assert!(check_plan_end(PlanEndReason::SteppedDown, true).is_ok());
        assert!(check_plan_end(PlanEndReason::MovedAway, false).is_ok());
    }

    #[test]
    fn t12_later_core_groups() {
        let cal = WorkingCalendar::england_and_wales_default();
        let first = d(2026, 1, 26);
        assert_eq!(next_core_group_due(first, None, 20, &cal, DayCounting::EventIsDayZero), first);
        // 20 working days after Mon 2 Feb 2026 (no bank holidays in between) is Mon 2 Mar 2026.
        assert_eq!(next_core_group_due(first, Some(d(2026, 2, 2)), 20, &cal, DayCounting::EventIsDayZero), d(2026, 3, 2));
    }

    #[test]
    fn macpt_needs_every_type() {
        use crate::roles::Agency;
        let present: Vec<MacptType> = [(Agency::LocalAuthority, true), (Agency::Police, false), (Agency::LocalAuthority, false)]
            .into_iter()
            .filter_map(|(a, sw)| macpt_type(a, sw))
            .collect();
        assert_eq!(macpt_missing_types(&present), vec![MacptType::Health, MacptType::Education]);
        assert!(macpt_missing_types(MacptType::ALL).is_empty());
    }

    #[test]
    fn f4_uncorroborated_parent_accounts() {
        use SourceType::*;
        let st = |id: u32, source, corroborates| Statement { id, source, corroborates };
        let statements = [
            st(1, ParentAccount, None),
            st(2, ParentAccount, None),
            st(3, AgencyRecord, Some(1)),
            st(4, ParentAccount, None),
            st(5, ParentAccount, Some(4)),
        ];
        // 1 is corroborated by an agency; 4 only by another parent's account, which does not count.
        assert_eq!(uncorroborated_parent_accounts(&statements), vec![2, 4, 5]);
    }

    #[test]
    fn t15_clock_counts_only_visits_where_the_child_was_seen_alone_or_a_baby_seen_awake() {
        let v = |child_seen, seen_alone, baby_seen_awake| VisitFacts { child_seen, seen_alone, baby_seen_awake };
        assert!(visit_meets_cp_clock(&v(true, true, None)));
        assert!(!visit_meets_cp_clock(&v(false, false, None)), "child not seen");
        assert!(!visit_meets_cp_clock(&v(true, false, None)), "seen only with the family");
        assert!(visit_meets_cp_clock(&v(true, false, Some(true))), "a baby seen awake");
        assert!(!visit_meets_cp_clock(&v(true, false, Some(false))), "a baby seen asleep");
        assert!(!visit_meets_cp_clock(&v(true, true, Some(false))), "a baby seen alone but asleep");
    }

    #[test]
    fn an_episode_with_open_child_protection_work_cannot_close_and_the_refusal_names_it() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert!(check_no_open_child_protection(&[], false).is_ok());
        // A child who died or moved away will not have the conference here: it does not block.
        assert!(check_no_open_child_protection(&[OpenCpWork::ConferenceDue { due: d(10, 22) }], true).is_ok());
        assert!(check_no_open_child_protection(&[OpenCpWork::Plan { started: d(11, 2) }], true).is_err(), "a plan still ends first");
        let err = check_no_open_child_protection(
            &[
                OpenCpWork::Enquiry { started: d(10, 1) },
                OpenCpWork::ConferenceDue { due: d(10, 22) },
                OpenCpWork::Plan { started: d(11, 2) },
            ],
            false,
        )
        .unwrap_err();
        assert_eq!(err.rule, "R-CP-6");
        assert!(err.message.contains("section 47 enquiry started on 1 October 2026"), "{}", err.message);
        assert!(err.message.contains("conference due by 22 October 2026"), "{}", err.message);
        assert!(err.message.contains("plan started on 2 November 2026"), "{}", err.message);
    }
}
