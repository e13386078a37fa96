//! Professional disagreements and escalations (F6 in `families-first.md` §8; MASA-SYS-7 in
//! `workforce-and-partnerships.md` part B5): a practitioner of any agency on a child's case
//! disagrees with a decision about the child, says so to the agency or team that made it, and the
//! disagreement moves up a stage at a time until it is resolved. Counted for the partnership by
//! stage and agency (MASA-SYS-7 and its data set, MASA-P-2). Pure: dates, the calendar and the
//! settings are passed in.
//!
//! The domain reference names neither the stages nor their timescales; the four stages here are
//! the shape local safeguarding partnerships' escalation procedures share (practitioner to
//! practitioner, managers, senior managers, the partnership), and each stage's response time is a
//! council setting (`PartnershipSettings`, defaults 5, 5, 10 and 10 working days: CONFIRM, a
//! council choice). Our own rule ids:
//!
//! - ESC-1: who may raise one (a practitioner with a role on the child's case, of any agency,
//!   raising as their own agency), what it says and when.
//! - ESC-2: a disagreement moves up one stage at a time, with a reason, while it is open, and
//!   not past the partnership.
//! - ESC-3: it is resolved once, with an outcome and what was agreed.
//! - ESC-4: each stage has a response due a number of working days after it began.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{DayCounting, WorkingCalendar};
use crate::codes::code_enum;
use crate::partnership::{PartnershipSettings, ReviewAgency};
use crate::roles::{Agency, Role};
use crate::{RuleRefusal, ValidationErrors};

code_enum!(
    /// How far a disagreement has gone: who is talking it through.
    Stage {
        Practitioners => ("practitioners", "Stage 1: practitioner to practitioner"),
        Managers => ("managers", "Stage 2: managers"),
        SeniorManagers => ("senior_managers", "Stage 3: senior managers"),
        Partnership => ("partnership", "Stage 4: the safeguarding partnership"),
    }
);

impl Stage {
    /// The stage's number, 1 to 4.
    pub fn number(self) -> u8 {
        match self {
            Stage::Practitioners => 1,
            Stage::Managers => 2,
            Stage::SeniorManagers => 3,
            Stage::Partnership => 4,
        }
    }

    /// The stage above, if there is one (ESC-2).
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Practitioners => Some(Stage::Managers),
            Stage::Managers => Some(Stage::SeniorManagers),
            Stage::SeniorManagers => Some(Stage::Partnership),
            Stage::Partnership => None,
        }
    }

    /// Working days the stage has for a response (ESC-4).
    pub fn response_working_days(self, s: &PartnershipSettings) -> u32 {
        match self {
            Stage::Practitioners => s.disagreement_practitioners_working_days,
            Stage::Managers => s.disagreement_managers_working_days,
            Stage::SeniorManagers => s.disagreement_senior_managers_working_days,
            Stage::Partnership => s.disagreement_partnership_working_days,
        }
    }
}

code_enum!(
    /// What kind of decision the disagreement is about.
    About {
        Threshold => ("threshold", "Whether the child needs help or protection (the threshold)"),
        Referral => ("referral", "The response to a referral or contact"),
        Enquiry => ("enquiry", "A strategy discussion or enquiry"),
        Conference => ("conference", "A child protection conference decision"),
        Plan => ("plan", "The child's plan or what people are doing"),
        StepDown => ("step_down", "Stepping down or closing the child's case"),
        Information => ("information", "Information not shared"),
        Other => ("other", "Another decision"),
    }
);

code_enum!(
    /// How a disagreement ended (ESC-3).
    Outcome {
        Agreed => ("agreed", "Agreed a way forward together"),
        DecisionChanged => ("decision_changed", "The decision was changed"),
        DecisionStands => ("decision_stands", "The decision stands, with the reasons explained"),
        Withdrawn => ("withdrawn", "Withdrawn by the agency that raised it"),
    }
);

/// The agency a user raises a disagreement as: their own (ESC-1). Council staff raise as
/// children's social care; partner agencies as police, health or education (a school).
pub fn raising_agency(agency: Agency) -> ReviewAgency {
    match agency {
        Agency::LocalAuthority => ReviewAgency::ChildrensSocialCare,
        Agency::Police => ReviewAgency::Police,
        Agency::Health => ReviewAgency::Health,
        Agency::Education => ReviewAgency::School,
    }
}

/// Whether a role raises and moves on disagreements: practitioners on the child's case, council or
/// partner (ESC-1). A partner agency's user does so only on their team's cases, which the service
/// checks child by child.
pub fn may_raise(role: Role) -> bool {
    matches!(role, Role::FamilyHelpPractitioner | Role::SocialWorker | Role::Lcpp | Role::PracticeSupervisor | Role::PartnerAgency)
}

/// A new disagreement, as typed.
pub struct NewDisagreement<'a> {
    pub about: About,
    /// The decision and why the raiser disagrees, in their words.
    pub detail: &'a str,
    /// The agency or team the decision was made by (it is raised with them).
    pub with_agency: ReviewAgency,
    /// The team or person, as the raiser names them ("Northmoor Family Help East").
    pub with_team: &'a str,
    pub raised_on: NaiveDate,
}

fn words(e: &mut ValidationErrors, field: &str, v: &str, what: &str, max: usize) {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max {
        e.add(field, format!("{what} ({max} characters or fewer)"));
    }
}

/// A new disagreement says what it is about and whom it is with, on a day not in the future
/// (ESC-1).
pub fn check_new(d: &NewDisagreement, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    words(&mut e, "detail", d.detail, "Say what the decision was and why you disagree", 4_000);
    if d.with_team.chars().count() > 200 {
        e.add("with_team", "Keep the team's name to 200 characters or fewer");
    }
    if d.raised_on > today {
        e.add("raised_on", "The day it was raised cannot be in the future");
    }
    e.into_result(())
}

fn refuse(rule: &'static str, message: impl Into<String>) -> RuleRefusal {
    RuleRefusal { rule, message: message.into() }
}

/// Moving up a stage (ESC-2): only while open, one stage up, on or after the current stage began
/// and not in the future, with a reason. Returns the new stage.
pub fn check_escalate(
    stage: Stage,
    resolved: bool,
    stage_started_on: NaiveDate,
    on: NaiveDate,
    reason: &str,
    today: NaiveDate,
) -> Result<Stage, RuleRefusal> {
    if resolved {
        return Err(refuse("ESC-2", "This disagreement has been resolved: raise a new one if you disagree with a new decision."));
    }
    let Some(next) = stage.next() else {
        return Err(refuse(
            "ESC-2",
            "The disagreement is already with the safeguarding partnership, the last stage: record how it was resolved.",
        ));
    };
    if on < stage_started_on || on > today {
        return Err(refuse("ESC-2", "It moves up on or after the day this stage began, and not in the future."));
    }
    let r = reason.trim();
    if r.is_empty() || r.chars().count() > 4_000 {
        return Err(refuse("ESC-2", "Say why it needs to go further (4,000 characters or fewer)."));
    }
    Ok(next)
}

/// Resolving (ESC-3): once, on or after it was raised and not in the future, saying what was
/// agreed.
pub fn check_resolve(resolved: bool, raised_on: NaiveDate, on: NaiveDate, agreed: &str, today: NaiveDate) -> Result<(), RuleRefusal> {
    if resolved {
        return Err(refuse("ESC-3", "This disagreement has already been resolved."));
    }
    if on < raised_on || on > today {
        return Err(refuse("ESC-3", "It is resolved on or after the day it was raised, and not in the future."));
    }
    let a = agreed.trim();
    if a.is_empty() || a.chars().count() > 4_000 {
        return Err(refuse("ESC-3", "Say what was agreed or decided, and what happens next (4,000 characters or fewer)."));
    }
    Ok(())
}

/// When the current stage's response is due (ESC-4): its working days after the stage began, the
/// day it began being day 0 or day 1 as the council counts.
pub fn response_due(
    stage: Stage,
    stage_started_on: NaiveDate,
    s: &PartnershipSettings,
    cal: &WorkingCalendar,
    counting: DayCounting,
) -> NaiveDate {
    cal.add_working_days(stage_started_on, stage.response_working_days(s), counting)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn four_stages_one_at_a_time() {
        assert_eq!(Stage::ALL.iter().map(|s| s.number()).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        let today = d(2026, 11, 23);
        let s = check_escalate(Stage::Practitioners, false, d(2026, 11, 2), d(2026, 11, 10), "No reply", today).unwrap();
        assert_eq!(s, Stage::Managers);
        assert_eq!(check_escalate(Stage::SeniorManagers, false, d(2026, 11, 2), today, "Still", today).unwrap(), Stage::Partnership);
        let last = check_escalate(Stage::Partnership, false, d(2026, 11, 2), today, "More", today).unwrap_err();
        assert_eq!(last.rule, "ESC-2");
        assert!(check_escalate(Stage::Managers, true, d(2026, 11, 2), today, "x", today).is_err(), "resolved");
        assert!(check_escalate(Stage::Managers, false, d(2026, 11, 2), d(2026, 11, 1), "x", today).is_err(), "before the stage");
        assert!(check_escalate(Stage::Managers, false, d(2026, 11, 2), d(2026, 11, 24), "x", today).is_err(), "future");
        assert!(check_escalate(Stage::Managers, false, d(2026, 11, 2), today, "  ", today).is_err(), "a reason");
    }

    #[test]
    fn resolved_once_with_what_was_agreed() {
        let today = d(2026, 11, 23);
        assert!(check_resolve(false, d(2026, 11, 2), d(2026, 11, 20), "Strategy discussion reconvened", today).is_ok());
        assert_eq!(check_resolve(true, d(2026, 11, 2), d(2026, 11, 20), "x", today).unwrap_err().rule, "ESC-3");
        assert!(check_resolve(false, d(2026, 11, 2), d(2026, 11, 1), "x", today).is_err());
        assert!(check_resolve(false, d(2026, 11, 2), d(2026, 11, 20), " ", today).is_err());
    }

    #[test]
    fn each_stage_has_its_response_time_in_working_days() {
        let s = PartnershipSettings::default();
        let cal = WorkingCalendar::england_and_wales_default();
        // Monday 2 November 2026: 5 working days is Monday 9th; 10 is Monday 16th.
        let mon = d(2026, 11, 2);
        assert_eq!(response_due(Stage::Practitioners, mon, &s, &cal, DayCounting::EventIsDayZero), d(2026, 11, 9));
        assert_eq!(response_due(Stage::Managers, mon, &s, &cal, DayCounting::EventIsDayZero), d(2026, 11, 9));
        assert_eq!(response_due(Stage::SeniorManagers, mon, &s, &cal, DayCounting::EventIsDayZero), d(2026, 11, 16));
        assert_eq!(response_due(Stage::Partnership, mon, &s, &cal, DayCounting::EventIsDayZero), d(2026, 11, 16));
        // Over Christmas: raised Wednesday 23 December 2026, 5 working days skips the bank holidays.
        assert_eq!(response_due(Stage::Practitioners, d(2026, 12, 23), &s, &cal, DayCounting::EventIsDayZero), d(2027, 1, 4));
        let quick = PartnershipSettings { disagreement_practitioners_working_days: 2, ..s };
        assert_eq!(response_due(Stage::Practitioners, mon, &quick, &cal, DayCounting::EventIsDayZero), d(2026, 11, 4));
    }

    #[test]
    fn practitioners_of_every_agency_raise_as_their_own_agency() {
        for r in [Role::FamilyHelpPractitioner, Role::SocialWorker, Role::Lcpp, Role::PracticeSupervisor, Role::PartnerAgency] {
            assert!(may_raise(r), "{r:?}");
        }
        for r in [Role::PartnershipManager, Role::SafeguardingPartner, Role::PerformanceAnalyst, Role::LaAdmin, Role::WorkforceOfficer] {
            assert!(!may_raise(r), "{r:?}");
        }
        assert_eq!(raising_agency(Agency::Police), ReviewAgency::Police);
        assert_eq!(raising_agency(Agency::Education), ReviewAgency::School);
        assert_eq!(raising_agency(Agency::LocalAuthority), ReviewAgency::ChildrensSocialCare);
    }

    #[test]
    fn a_new_one_says_what_and_when() {
        let today = d(2026, 11, 23);
        let n = NewDisagreement {
            about: About::StepDown,
            detail: "The plan ended while the father's return home was not assessed",
            with_agency: ReviewAgency::ChildrensSocialCare,
            with_team: "Family Help East",
            raised_on: d(2026, 11, 20),
        };
        assert!(check_new(&n, today).is_ok());
        let e = check_new(&NewDisagreement { detail: " ", raised_on: d(2026, 11, 24), ..n }, today).unwrap_err();
        assert!(e.for_field("detail").is_some() && e.for_field("raised_on").is_some());
    }

    #[test]
    fn our_words_never_blame_children() {
        let labels =
            Stage::ALL.iter().map(|s| s.label()).chain(About::ALL.iter().map(|a| a.label())).chain(Outcome::ALL.iter().map(|o| o.label()));
        for l in labels {
            let l = l.to_lowercase();
            for w in ["troublesome", "difficult child", "risky"] {
                assert!(!l.contains(w), "{l}");
            }
        }
    }
}
