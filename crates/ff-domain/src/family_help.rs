//! Family Help: the front door, referrals, assessments, Family Help episodes, plans, visits and
//! closure (domain reference §§2–5; rules R-FD, R-AS, R-FH; timescales T1–T4, T15–T17).
//!
//! Everything here is pure: dates and "today" are parameters, the calendar is passed in.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{DayCounting, WorkingCalendar};
use crate::codes::code_enum;

code_enum!(
    /// CIN census referral source codes (§7.1).
    ReferralSource {
        S1A => ("1A", "Individual: family member, relative or carer"),
        S1B => ("1B", "Individual: acquaintance (including neighbours and childminders)"),
        S1C => ("1C", "Individual: self"),
        S1D => ("1D", "Individual: other (including strangers and MPs)"),
        S2A => ("2A", "Schools"),
        S2B => ("2B", "Education services"),
        S3A => ("3A", "Health: GP"),
        S3B => ("3B", "Health: health visitor"),
        S3C => ("3C", "Health: school nurse"),
        S3D => ("3D", "Health: other primary health services"),
        S3E => ("3E", "Health: A&E"),
        S3F => ("3F", "Health: other (for example a hospice)"),
        S4 => ("4", "Housing"),
        S5A => ("5A", "LA services: social care (for example adult social care)"),
        S5B => ("5B", "LA services: other internal"),
        S5C => ("5C", "LA services: external (another LA)"),
        S5D => ("5D", "LA services: early help"),
        S6 => ("6", "Police"),
        S7 => ("7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"),
        S8 => ("8", "Other (children's centres, voluntary organisations)"),
        S9 => ("9", "Anonymous"),
        S10 => ("10", "Unknown"),
    }
);

impl ReferralSource {
    /// Professionals are owed feedback on the decision (T2).
    pub fn is_professional(self) -> bool {
        !matches!(
            self,
            ReferralSource::S1A
                | ReferralSource::S1B
                | ReferralSource::S1C
                | ReferralSource::S1D
                | ReferralSource::S9
                | ReferralSource::S10
        )
    }
}

code_enum!(
    /// How a contact reached the front door.
    ContactChannel {
        Phone => ("phone", "Phone"),
        Email => ("email", "Email"),
        OnlineForm => ("online_form", "Online form"),
        InPerson => ("in_person", "In person"),
        PoliceNotification => ("police_notification", "Police notification"),
        Letter => ("letter", "Letter"),
    }
);

code_enum!(
    /// Consent to share information and to refer (R-FD-2).
    Consent {
        Given => ("given", "Consent given"),
        Refused => ("refused", "Consent refused"),
        NotSought => ("not_sought", "Consent not sought"),
    }
);

code_enum!(
    /// The front door's decision on a contact (§2.2 Contact sub-machine; T1).
    ContactDecision {
        NoFurtherAction => ("nfa", "No further action"),
        AdviceOrSignposting => ("advice_signposting", "Advice or signposting"),
        FamilyHelp => ("family_help", "Family help (targeted early help)"),
        ReferralForAssessment => ("referral_assessment", "Referral for assessment"),
        StrategyDiscussion => ("strategy_discussion", "Strategy discussion"),
    }
);

impl ContactDecision {
    /// Decisions that open a child's episode (a referral, in census terms, or targeted family help).
    pub fn opens_episode(self) -> bool {
        matches!(self, ContactDecision::FamilyHelp | ContactDecision::ReferralForAssessment | ContactDecision::StrategyDiscussion)
    }
}

code_enum!(
    /// CIN census primary need codes (§7.1).
    PrimaryNeed {
        N1 => ("N1", "Abuse or neglect"),
        N2 => ("N2", "Child's disability or illness"),
        N3 => ("N3", "Parental disability or illness"),
        N4 => ("N4", "Family in acute stress"),
        N5 => ("N5", "Family dysfunction"),
        N6 => ("N6", "Socially unacceptable behaviour"),
        N7 => ("N7", "Low income"),
        N8 => ("N8", "Absent parenting"),
        N9 => ("N9", "Cases other than children in need"),
        N0 => ("N0", "Not stated"),
    }
);

code_enum!(
    /// The level of a Family Help episode: one continuous episode moves between them (R-FH-3).
    Level {
        TargetedEarlyHelp => ("targeted_early_help", "Targeted early help"),
        ChildInNeed => ("child_in_need", "Child in need (section 17)"),
    }
);

code_enum!(
    /// CIN census reasons for closure (§7.1: RC1–RC9).
    ClosureReason {
        Rc1 => ("RC1", "Adopted"),
        Rc2 => ("RC2", "Died"),
        Rc3 => ("RC3", "Child arrangements order"),
        Rc4 => ("RC4", "Special guardianship order"),
        Rc5 => ("RC5", "Transferred to another local authority"),
        Rc6 => ("RC6", "Transferred to adult social care"),
        Rc7 => ("RC7", "Services ceased for any other reason, including no longer in need"),
        Rc8 => ("RC8", "Closed after assessment, no further action"),
        Rc9 => ("RC9", "Closed after assessment, referred to early help"),
    }
);

code_enum!(
    /// What an assessment concluded (§2.2 Assessment sub-machine).
    AssessmentOutcome {
        FamilyHelpPlan => ("family_help_plan", "Child in need: family help plan"),
        TargetedEarlyHelp => ("targeted_early_help", "Not a child in need: targeted early help"),
        NoFurtherAction => ("nfa", "No further action"),
        StrategyDiscussion => ("strategy_discussion", "Strategy discussion"),
    }
);

/// Factors identified at the end of assessment (CIN census codes, §7.1).
pub const ASSESSMENT_FACTORS: &[(&str, &str)] = &[
    ("1A", "Alcohol misuse: child"),
    ("1B", "Alcohol misuse: parent or carer"),
    ("1C", "Alcohol misuse: another person in the household"),
    ("2A", "Drug misuse: child"),
    ("2B", "Drug misuse: parent or carer"),
    ("2C", "Drug misuse: another person in the household"),
    ("3A", "Domestic abuse: child is the subject"),
    ("3B", "Domestic abuse: parent or carer is the subject"),
    ("3C", "Domestic abuse: another person in the household is the subject"),
    ("4A", "Mental health: child"),
    ("4B", "Mental health: parent or carer"),
    ("4C", "Mental health: another person in the household"),
    ("5A", "Learning disability: child"),
    ("5B", "Learning disability: parent or carer"),
    ("5C", "Learning disability: another person in the household"),
    ("6A", "Physical disability or illness: child"),
    ("6B", "Physical disability or illness: parent or carer"),
    ("6C", "Physical disability or illness: another person in the household"),
    ("7A", "Young carer"),
    ("8B", "Privately fostered: overseas, intending to return"),
    ("8C", "Privately fostered: overseas, intending to stay"),
    ("8D", "Privately fostered: UK educational placement"),
    ("8E", "Privately fostered: UK alternative family arrangement"),
    ("8F", "Privately fostered: other"),
    ("9A", "Unaccompanied asylum-seeking child"),
    ("10A", "Going or being missing"),
    ("11A", "Child sexual exploitation"),
    ("12A", "Trafficking"),
    ("13A", "Gangs"),
    ("14A", "Socially unacceptable behaviour"),
    ("15A", "Self-harm"),
    ("16A", "Neglect"),
    ("17A", "Emotional abuse"),
    ("18B", "Physical abuse: child on child"),
    ("18C", "Physical abuse: adult on child"),
    ("19B", "Sexual abuse: child on child"),
    ("19C", "Sexual abuse: adult on child"),
    ("20", "Other"),
    ("21", "No factors identified"),
    ("22A", "Female genital mutilation"),
    ("23A", "Abuse linked to faith or belief"),
    ("24A", "Child criminal exploitation"),
];

pub fn is_assessment_factor(code: &str) -> bool {
    ASSESSMENT_FACTORS.iter().any(|(c, _)| *c == code)
}

/// T1: the decision on a contact is due by the end of the first working day after the day it
/// arrived (the day of receipt is day 0, or day 1 where the LA counts that way).
pub fn contact_decision_due(received_on: NaiveDate, cal: &WorkingCalendar, counting: DayCounting) -> NaiveDate {
    cal.add_working_days(received_on, 1, counting)
}

/// T3: an assessment is due 45 working days from the point of referral (not from allocation).
pub fn assessment_due(referral_date: NaiveDate, cal: &WorkingCalendar, counting: DayCounting) -> NaiveDate {
    cal.add_working_days(referral_date, 45, counting)
}

/// T4: completing after the due date needs a recorded reason.
pub fn assessment_is_late(referral_date: NaiveDate, completed_on: NaiveDate, cal: &WorkingCalendar, counting: DayCounting) -> bool {
    completed_on > assessment_due(referral_date, cal, counting)
}

/// Assessment length in working days, as the performance figures count it.
pub fn assessment_working_days(referral_date: NaiveDate, completed_on: NaiveDate, cal: &WorkingCalendar) -> i64 {
    cal.working_days_between(referral_date, completed_on)
}

/// A re-referral is a referral within 12 months of the closure of a previous episode (CIN census
/// definition).
pub fn is_rereferral(referral_date: NaiveDate, previous_closures: &[NaiveDate]) -> bool {
    let Some(year_before) = referral_date.checked_sub_months(Months::new(12)) else { return false };
    previous_closures.iter().any(|c| *c >= year_before && *c <= referral_date)
}

/// Who is, or would be, the lead practitioner and overseer of an episode.
#[derive(Debug, Clone, Copy)]
pub struct LeadCheck {
    pub level: Level,
    /// The lead is a currently registered social worker.
    pub lead_is_social_worker: bool,
    /// The named overseer, if any: is a registered social worker who supervises or manages.
    pub overseer: Option<OverseerCheck>,
}

#[derive(Debug, Clone, Copy)]
pub struct OverseerCheck {
    pub is_registered_social_worker: bool,
    pub is_supervisor: bool,
    pub is_the_lead: bool,
}

pub use crate::error::RuleRefusal;

/// R-FH-1 (Working Together 2023; FFP programme guide): every Family Help episode has one lead
/// practitioner; a child-in-need (s.17) episode led by someone who is not a social worker must
/// have a named social-work-qualified supervisor or manager overseeing it.
pub fn check_lead_and_oversight(c: &LeadCheck) -> Result<(), RuleRefusal> {
    if let Some(o) = c.overseer {
        if o.is_the_lead {
            return Err(RuleRefusal { rule: "R-FH-1", message: "The overseer must be someone other than the lead practitioner.".into() });
        }
        if !(o.is_registered_social_worker && o.is_supervisor) {
            return Err(RuleRefusal {
                rule: "R-FH-1",
                message: "The overseer must be a practice supervisor or team manager who is a registered social worker.".into(),
            });
        }
    }
    if c.level == Level::ChildInNeed && !c.lead_is_social_worker && c.overseer.is_none() {
        return Err(RuleRefusal {
            rule: "R-FH-1",
            message: "A child in need (section 17) case led by a practitioner who is not a social worker must have a social-work-qualified supervisor or manager named to oversee it. Name an overseer, or allocate a registered social worker as lead.".into(),
        });
    }
    Ok(())
}

/// R-CIN-2 (Working Together 2023): a plan is written for the outcomes it aims for, so a new plan
/// starts with at least one outcome (actions alone are not a plan). `kinds` are the kinds of the
/// items the plan starts with (`outcome` or `action`).
pub fn check_new_plan_has_an_outcome<'a>(kinds: impl IntoIterator<Item = &'a str>) -> Result<(), RuleRefusal> {
    if kinds.into_iter().any(|k| k.trim() == "outcome") {
        Ok(())
    } else {
        Err(RuleRefusal {
            rule: "R-CIN-2",
            message: "A plan starts with at least one outcome: describe what will be different for the child. Actions can be added with it or afterwards.".into(),
        })
    }
}

/// R-AS-2: an assessment is authorised by a manager who is a registered social worker.
pub fn check_authoriser_is_social_worker(registered: bool) -> Result<(), RuleRefusal> {
    if registered {
        return Ok(());
    }
    Err(RuleRefusal {
        rule: "R-AS-2",
        message: "Assessments are authorised by a manager who is a registered social worker; your account has no current Social Work England registration.".into(),
    })
}

/// R-FH-1: social work oversight of a family help case is recorded by a registered social worker.
pub fn check_overseer_is_social_worker(registered: bool) -> Result<(), RuleRefusal> {
    if registered {
        return Ok(());
    }
    Err(RuleRefusal { rule: "R-FH-1", message: "Oversight is recorded by a registered social worker.".into() })
}

/// CIN census rule 4016: while a child protection plan is open it is the child's plan, so a child
/// in need plan cannot start on or before its end. `cp_plans` are the (start, end) of the
/// episode's child protection plans; a plan still running on the new plan's start, or ending
/// after it (a backdated start), overlaps.
pub fn check_no_open_cp_plan(start: NaiveDate, cp_plans: &[(NaiveDate, Option<NaiveDate>)]) -> Result<(), RuleRefusal> {
    match cp_plans.iter().find(|(_, end)| end.is_none_or(|end| start < end)) {
        None => Ok(()),
        Some((since, _)) => Err(RuleRefusal {
            rule: "4016",
            message: format!(
                "A child protection plan has been open since {}: it is the child's plan while it lasts. Add outcomes and actions to it; a child in need plan can start when it ends.",
                since.format("%-d %B %Y")
            ),
        }),
    }
}

/// Closure date rule (CIN census rule 8565; R-FH and §12 item 14): an episode cannot close before
/// anything recorded in it happened.
pub fn check_closure_date(closure: NaiveDate, referral: NaiveDate, activity: &[NaiveDate]) -> Result<(), RuleRefusal> {
    if closure < referral {
        return Err(RuleRefusal {
            rule: "8565",
            message: format!("The closure date cannot be before the referral date ({}).", referral.format("%-d %B %Y")),
        });
    }
    if let Some(latest) = activity.iter().max()
        && closure < *latest
    {
        return Err(RuleRefusal {
            rule: "8565",
            message: format!("The closure date cannot be before the latest activity in this episode ({}).", latest.format("%-d %B %Y")),
        });
    }
    Ok(())
}

/// Caseload against the LA's cap for the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseloadStatus {
    UnderCap,
    /// Taking one more reaches the cap: allowed, with a warning.
    ReachesCap,
    /// Taking one more goes over the cap: only with a manager's recorded reason.
    OverCap,
}

pub fn caseload_status(current: u32, cap: u32) -> CaseloadStatus {
    match (current + 1).cmp(&cap) {
        std::cmp::Ordering::Less => CaseloadStatus::UnderCap,
        std::cmp::Ordering::Equal => CaseloadStatus::ReachesCap,
        std::cmp::Ordering::Greater => CaseloadStatus::OverCap,
    }
}

/// Local practice choices for Family Help (T15–T17 are `[LOCAL]`: no national figure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyHelpSettings {
    /// Working days between visits for targeted early help.
    pub visit_interval_early_help_wd: u32,
    /// Working days between visits for a child in need (T15 suggests 10 for CP; 20 common for CIN).
    pub visit_interval_child_in_need_wd: u32,
    /// Under-ones are visited more often (CSPRP: babies at highest risk; domain §8 F14).
    pub visit_interval_under_one_wd: u32,
    /// Calendar weeks between plan reviews (T17: 4-, 6-weekly or 3-monthly locally).
    pub plan_review_interval_weeks: u32,
    /// Working days between oversight or supervision records for non-social-worker leads (R-FH-1).
    pub oversight_interval_wd: u32,
}

impl Default for FamilyHelpSettings {
    fn default() -> Self {
        Self {
            visit_interval_early_help_wd: 20,
            visit_interval_child_in_need_wd: 15,
            visit_interval_under_one_wd: 10,
            plan_review_interval_weeks: 6,
            oversight_interval_wd: 20,
        }
    }
}

impl FamilyHelpSettings {
    pub fn visit_interval(&self, level: Level, under_one: bool) -> u32 {
        let base = match level {
            Level::TargetedEarlyHelp => self.visit_interval_early_help_wd,
            Level::ChildInNeed => self.visit_interval_child_in_need_wd,
        };
        if under_one { base.min(self.visit_interval_under_one_wd) } else { base }
    }

    pub fn validate(&self, errors: &mut crate::ValidationErrors) {
        for (field, v) in [
            ("family_help.visit_interval_early_help_wd", self.visit_interval_early_help_wd),
            ("family_help.visit_interval_child_in_need_wd", self.visit_interval_child_in_need_wd),
            ("family_help.visit_interval_under_one_wd", self.visit_interval_under_one_wd),
            ("family_help.oversight_interval_wd", self.oversight_interval_wd),
        ] {
            if !(1..=120).contains(&v) {
                errors.add(field, "Enter a number of working days from 1 to 120");
            }
        }
        if !(1..=26).contains(&self.plan_review_interval_weeks) {
            errors.add("family_help.plan_review_interval_weeks", "Enter a number of weeks from 1 to 26");
        }
    }
}

/// The next date something recurring is due: `interval` working days after the last time (or
/// after the start when it has never happened), counted the council's way (domain §"Day zero":
/// the event is day 0 unless the council counts it as day 1).
pub fn next_due_working(
    last: Option<NaiveDate>,
    start: NaiveDate,
    interval_wd: u32,
    cal: &WorkingCalendar,
    counting: DayCounting,
) -> NaiveDate {
    cal.add_working_days(last.unwrap_or(start), interval_wd, counting)
}

/// Kinds of work that fall due on an episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    ContactDecision,
    Assessment,
    Visit,
    PlanReview,
    Oversight,
}

impl DueKind {
    pub fn label(self) -> &'static str {
        match self {
            DueKind::ContactDecision => "Decision on contact",
            DueKind::Assessment => "Assessment",
            DueKind::Visit => "Visit",
            DueKind::PlanReview => "Plan review",
            DueKind::Oversight => "Social work oversight",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub kind: DueKind,
    pub due: NaiveDate,
    pub overdue: bool,
    /// When the clock last restarted: the last visit that met it (the child seen, domain §8
    /// F16), the last oversight or the last review. `None` when it runs from the referral or
    /// the plan's start; an assessment has none.
    pub last_done: Option<NaiveDate>,
}

/// What is known about an open episode, for working out what is due.
#[derive(Debug, Clone, Copy)]
pub struct EpisodeFacts {
    pub level: Level,
    pub referral_date: NaiveDate,
    pub under_one: bool,
    pub lead_is_social_worker: bool,
    pub has_lead: bool,
    pub last_visit: Option<NaiveDate>,
    pub last_oversight: Option<NaiveDate>,
    pub assessment_due: Option<NaiveDate>,
    pub plan_start: Option<NaiveDate>,
    pub last_review: Option<NaiveDate>,
    /// The child is looked after now: the statutory visits of a child in care (T28) replace the
    /// family help visit clock.
    pub looked_after: bool,
}

/// The family help visit clock runs from the last visit at which the child was seen; a visit
/// where the child was not seen is recorded but does not reset it (domain §8 F16).
pub fn visit_meets_family_help_clock(child_seen: bool) -> bool {
    child_seen
}

/// Everything due on an open episode, most urgent first. Visits run from the referral (or the
/// last visit) at the LA's cadence for the level; reviews from the plan start (or last review);
/// oversight only while a non-social-worker leads a child-in-need episode (R-FH-1). A child in
/// care is visited on the looked-after clock (T28), not this one.
pub fn due_for_episode(
    f: &EpisodeFacts,
    s: &FamilyHelpSettings,
    cal: &WorkingCalendar,
    counting: DayCounting,
    today: NaiveDate,
) -> Vec<DueItem> {
    let mut out = vec![];
    let mut push = |kind, due: NaiveDate, last_done| out.push(DueItem { kind, due, overdue: due < today, last_done });
    if let Some(d) = f.assessment_due {
        push(DueKind::Assessment, d, None);
    }
    if !f.looked_after {
        push(
            DueKind::Visit,
            next_due_working(f.last_visit, f.referral_date, s.visit_interval(f.level, f.under_one), cal, counting),
            f.last_visit,
        );
    }
    if let Some(start) = f.plan_start {
        let from = f.last_review.unwrap_or(start);
        push(DueKind::PlanReview, from + chrono::Days::new(u64::from(s.plan_review_interval_weeks) * 7), f.last_review);
    }
    if f.level == Level::ChildInNeed && f.has_lead && !f.lead_is_social_worker {
        push(
            DueKind::Oversight,
            next_due_working(f.last_oversight, f.referral_date, s.oversight_interval_wd, cal, counting),
            f.last_oversight,
        );
    }
    out.sort_by_key(|i| i.due);
    out
}

/// R-FH-2: while a child has an open s.47 enquiry or child protection plan, the family help lead
/// stays with the family (co-working with the LCPP); replacing them needs the manager's reason.
pub fn check_lead_change(replacing_lead: bool, open_child_protection: bool, reason_given: bool) -> Result<(), RuleRefusal> {
    if replacing_lead && open_child_protection && !reason_given {
        return Err(RuleRefusal {
            rule: "R-FH-2",
            message: "This child has an open section 47 enquiry or child protection plan. The family help lead practitioner stays with the family while the LCPP holds the child protection work; to change them, record the manager's reason.".into(),
        });
    }
    Ok(())
}

/// A significant adult in a child's life, as an assessment records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessedAdult {
    /// The child's father, or a man who is a step-parent, a parent's partner, a carer or who
    /// lives in the child's household.
    pub father_or_male_carer: bool,
    pub seen: bool,
    pub assessed: bool,
}

/// The Child Safeguarding Practice Review Panel found that the men around babies who were hurt
/// were routinely not seen or assessed (*The Myth of Invisible Men*, 2021; domain §8 F10). An
/// assessment of a child under one completes only when a father or male carer was seen and
/// assessed, or with a recorded reason why not (none known after enquiries, refused to engage,
/// a risk to the mother...). Older children are not held to it, and a reason is then ignored.
pub fn check_father_or_male_carer_assessed(child_under_one: bool, adults: &[AssessedAdult], reason: Option<&str>) -> Result<(), String> {
    if !child_under_one || adults.iter().any(|a| a.father_or_male_carer && a.seen && a.assessed) {
        return Ok(());
    }
    if reason.is_some_and(|r| !r.trim().is_empty()) {
        return Ok(());
    }
    Err(if adults.iter().any(|a| a.father_or_male_carer) {
        "The baby's father or male carer was not both seen and assessed: record why".to_owned()
    } else {
        "No father or male carer is recorded for this baby: record what was done to find out about him, or why he was not assessed"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_registered_social_workers_authorise_and_oversee_r_as_2_r_fh_1() {
        assert!(check_authoriser_is_social_worker(true).is_ok());
        assert_eq!(check_authoriser_is_social_worker(false).unwrap_err().rule, "R-AS-2");
        assert!(check_overseer_is_social_worker(true).is_ok());
        assert_eq!(check_overseer_is_social_worker(false).unwrap_err().rule, "R-FH-1");
    }

    #[test]
    fn a_child_in_need_plan_waits_for_the_child_protection_plan_to_end_4016() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert!(check_no_open_cp_plan(d(11, 23), &[]).is_ok());
        let open = [(d(9, 1), None)];
        let e = check_no_open_cp_plan(d(11, 23), &open).unwrap_err();
        assert_eq!(e.rule, "4016");
        assert!(e.message.contains("1 September 2026"), "{}", e.message);
        assert!(check_no_open_cp_plan(d(11, 23), &[(d(9, 1), Some(d(11, 23)))]).is_ok(), "starts the day it ends");
        assert!(check_no_open_cp_plan(d(11, 20), &[(d(9, 1), Some(d(11, 23)))]).is_err(), "a backdated start overlaps");
    }

    #[test]
    fn a_babys_assessment_sees_the_men_around_the_baby_or_says_why_not() {
        use super::{AssessedAdult, check_father_or_male_carer_assessed as check};
        let father = |seen, assessed| AssessedAdult { father_or_male_carer: true, seen, assessed };
        let mother = AssessedAdult { father_or_male_carer: false, seen: true, assessed: true };
        assert!(check(true, &[mother, father(true, true)], None).is_ok());
        assert!(check(true, &[mother, father(true, false)], None).unwrap_err().contains("not both seen and assessed"));
        assert!(check(true, &[mother], None).unwrap_err().contains("No father or male carer is recorded"));
        assert!(check(true, &[mother], Some("  ")).is_err(), "a blank reason is no reason");
        assert!(check(true, &[mother], Some("Father not known after enquiries with the mother and midwife")).is_ok());
        // Not a baby: not required.
        assert!(check(false, &[mother], None).is_ok());
    }

    use super::*;

    #[test]
    fn r_cin_2_a_new_plan_needs_an_outcome() {
        assert!(check_new_plan_has_an_outcome(["outcome"]).is_ok());
        assert!(check_new_plan_has_an_outcome(["action", " outcome "]).is_ok());
        assert_eq!(check_new_plan_has_an_outcome(["action"]).unwrap_err().rule, "R-CIN-2");
        assert_eq!(check_new_plan_has_an_outcome([]).unwrap_err().rule, "R-CIN-2");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales_default()
    }

    #[test]
    fn t1_contact_decision_is_due_the_next_working_day() {
        // Friday contact: due Monday. Christmas Eve 2026 (Thu): due Tue 29 Dec (25 and 28 are holidays).
        assert_eq!(contact_decision_due(d(2026, 11, 20), &cal(), DayCounting::EventIsDayZero), d(2026, 11, 23));
        assert_eq!(contact_decision_due(d(2026, 12, 24), &cal(), DayCounting::EventIsDayZero), d(2026, 12, 29));
        // A contact on a Saturday is decided by Monday.
        assert_eq!(contact_decision_due(d(2026, 11, 21), &cal(), DayCounting::EventIsDayZero), d(2026, 11, 23));
    }

    #[test]
    fn t3_assessment_due_over_christmas() {
        // 45 working days from Mon 30 Nov 2026 skip 25 and 28 Dec 2026 and 1 Jan 2027.
        assert_eq!(assessment_due(d(2026, 11, 30), &cal(), DayCounting::EventIsDayZero), d(2027, 2, 4));
    }

    #[test]
    fn t4_late_completion_detected() {
        assert!(!assessment_is_late(d(2026, 11, 30), d(2027, 2, 4), &cal(), DayCounting::EventIsDayZero));
        assert!(assessment_is_late(d(2026, 11, 30), d(2027, 2, 5), &cal(), DayCounting::EventIsDayZero));
        assert_eq!(assessment_working_days(d(2026, 11, 30), d(2027, 2, 4), &cal()), 45);
    }

    #[test]
    fn rereferral_within_twelve_months_of_closure() {
        assert!(is_rereferral(d(2026, 11, 23), &[d(2026, 1, 10)]));
        assert!(is_rereferral(d(2026, 11, 23), &[d(2025, 11, 23)]));
        assert!(!is_rereferral(d(2026, 11, 23), &[d(2025, 11, 22)]));
        assert!(!is_rereferral(d(2026, 11, 23), &[]));
    }

    fn sw_supervisor() -> OverseerCheck {
        OverseerCheck { is_registered_social_worker: true, is_supervisor: true, is_the_lead: false }
    }

    #[test]
    fn r_fh_1_non_social_worker_on_s17_needs_an_overseer() {
        let no_overseer = LeadCheck { level: Level::ChildInNeed, lead_is_social_worker: false, overseer: None };
        let e = check_lead_and_oversight(&no_overseer).unwrap_err();
        assert_eq!(e.rule, "R-FH-1");
        assert!(e.message.contains("overseer"));
        assert!(check_lead_and_oversight(&LeadCheck { overseer: Some(sw_supervisor()), ..no_overseer }).is_ok());
        // Early help led by a non-social-worker needs no overseer; a social worker lead needs none either.
        assert!(check_lead_and_oversight(&LeadCheck { level: Level::TargetedEarlyHelp, ..no_overseer }).is_ok());
        assert!(check_lead_and_oversight(&LeadCheck { lead_is_social_worker: true, ..no_overseer }).is_ok());
    }

    #[test]
    fn r_fh_1_overseer_must_be_a_registered_social_work_supervisor() {
        let base = LeadCheck { level: Level::ChildInNeed, lead_is_social_worker: false, overseer: None };
        for bad in [
            OverseerCheck { is_registered_social_worker: false, ..sw_supervisor() },
            OverseerCheck { is_supervisor: false, ..sw_supervisor() },
            OverseerCheck { is_the_lead: true, ..sw_supervisor() },
        ] {
            assert!(check_lead_and_oversight(&LeadCheck { overseer: Some(bad), ..base }).is_err());
        }
    }

    #[test]
    fn closure_not_before_activity() {
        let acts = [d(2026, 5, 1), d(2026, 6, 1)];
        assert!(check_closure_date(d(2026, 6, 1), d(2026, 4, 1), &acts).is_ok());
        assert_eq!(check_closure_date(d(2026, 5, 31), d(2026, 4, 1), &acts).unwrap_err().rule, "8565");
        assert!(check_closure_date(d(2026, 3, 31), d(2026, 4, 1), &[]).is_err());
    }

    #[test]
    fn caseload_caps() {
        assert_eq!(caseload_status(10, 12), CaseloadStatus::UnderCap);
        assert_eq!(caseload_status(11, 12), CaseloadStatus::ReachesCap);
        assert_eq!(caseload_status(12, 12), CaseloadStatus::OverCap);
    }

    #[test]
    fn visit_cadence() {
        let s = FamilyHelpSettings::default();
        assert_eq!(s.visit_interval(Level::ChildInNeed, false), 15);
        assert_eq!(s.visit_interval(Level::ChildInNeed, true), 10);
        assert_eq!(next_due_working(None, d(2026, 11, 23), 10, &cal(), DayCounting::EventIsDayZero), d(2026, 12, 7));
        // A council counting the referral day as day 1 (domain §"Day zero").
        assert_eq!(next_due_working(None, d(2026, 11, 23), 10, &cal(), DayCounting::EventIsDayOne), d(2026, 12, 4));
    }

    #[test]
    fn due_items_most_urgent_first() {
        let f = EpisodeFacts {
            level: Level::ChildInNeed,
            referral_date: d(2026, 10, 1),
            under_one: false,
            lead_is_social_worker: false,
            has_lead: true,
            last_visit: Some(d(2026, 11, 2)),
            last_oversight: None,
            assessment_due: None,
            plan_start: Some(d(2026, 10, 20)),
            last_review: None,
            looked_after: false,
        };
        let items = due_for_episode(&f, &FamilyHelpSettings::default(), &cal(), DayCounting::EventIsDayZero, d(2026, 11, 23));
        let kinds: Vec<DueKind> = items.iter().map(|i| i.kind).collect();
        // Oversight: 20 WD from 1 Oct = 29 Oct (overdue); review: 6 weeks from 20 Oct = 1 Dec; visit: 15 WD from 2 Nov = 23 Nov.
        assert_eq!(kinds, vec![DueKind::Oversight, DueKind::Visit, DueKind::PlanReview]);
        assert!(items[0].overdue && !items[1].overdue);
        // A social worker lead needs no oversight record.
        let sw = EpisodeFacts { lead_is_social_worker: true, ..f };
        assert!(
            due_for_episode(&sw, &FamilyHelpSettings::default(), &cal(), DayCounting::EventIsDayZero, d(2026, 11, 23))
                .iter()
                .all(|i| i.kind != DueKind::Oversight)
        );
        // A child in care is visited on the looked-after clock (T28), not this one.
        let in_care = EpisodeFacts { looked_after: true, ..f };
        assert!(
            due_for_episode(&in_care, &FamilyHelpSettings::default(), &cal(), DayCounting::EventIsDayZero, d(2026, 11, 23))
                .iter()
                .all(|i| i.kind != DueKind::Visit)
        );
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(ReferralSource::ALL.len(), 22);
        assert!(ReferralSource::S6.is_professional() && !ReferralSource::S1C.is_professional());
        assert_eq!(ClosureReason::from_code("RC9"), Some(ClosureReason::Rc9));
        assert!(is_assessment_factor("24A") && !is_assessment_factor("99Z"));
    }

    #[test]
    fn r_fh_2_lead_stays_during_child_protection() {
        assert_eq!(check_lead_change(true, true, false).unwrap_err().rule, "R-FH-2");
        assert!(check_lead_change(true, true, true).is_ok(), "with the manager's reason");
        assert!(check_lead_change(true, false, false).is_ok(), "no child protection open");
        assert!(check_lead_change(false, true, false).is_ok(), "the first allocation");
    }
}
