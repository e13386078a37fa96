//! A plan's shared written record: what a child protection plan or a family
//! help plan says in words the family can read, with the child's and the family's own words
//! beside the professionals'. The structured outcomes and actions (who does what by when) and a
//! child protection plan's contingency are the plan's own fields; this record holds the rest.
//!
//! - PR-1, who writes: a child protection plan is written by the lead child protection
//!   practitioner and the family help lead who stays with the family (R-FH-2, families-first.md
//!   §5.3: the LCPP holds the plan "co-working with the FHLP"), and by social workers and managers
//!   on the case; a family help plan by the council's practitioners on the case. Partner agencies
//!   read it (when their team works the case) and contribute through case notes.
//! - PR-2, locked when the plan ends: a living record while the plan is open, then kept as it
//!   was (a child protection plan ends by R-CP-6).
//!
//! Written section by section as the assessment is ([`crate::written`]): each section has its own
//! revision, so two people can write at the same time without overwriting each other.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::RuleRefusal;
use crate::ValidationErrors;
use crate::policy::{Action, Actor, Denied, roles_allowed};
use crate::written::{Edit, Merged, Section};

/// Which kind of plan a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanKind {
    ChildProtection,
    FamilyHelp,
}

impl PlanKind {
    pub fn code(self) -> &'static str {
        match self {
            PlanKind::ChildProtection => "child_protection",
            PlanKind::FamilyHelp => "family_help",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanKind::ChildProtection => "Child protection plan",
            PlanKind::FamilyHelp => "Family help plan",
        }
    }
}

/// One section of the plan's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
}

/// Every section, in the order the plan reads (and the family's copy prints them).
pub const SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        key: "worries",
        label: "What we are worried about",
        hint: "In words the family will understand: what has happened, and what could happen to the child if nothing changes.",
    },
    SectionSpec {
        key: "working_well",
        label: "What is working well",
        hint: "The family's strengths and what is already keeping the child safe.",
    },
    SectionSpec {
        key: "needs_to_change",
        label: "What needs to change",
        hint: "What life will look like for the child when the plan has worked, and how everyone will know.",
    },
    SectionSpec {
        key: "child_words",
        label: "What the child says",
        hint: "In the child's own words: what they want to happen, who they trust, what worries them.",
    },
    SectionSpec {
        key: "family_words",
        label: "What the family says",
        hint: "In the parents' and carers' own words: what they agree with, what they do not, and what they want to happen.",
    },
    SectionSpec {
        key: "network",
        label: "Who in the family and network will help",
        hint: "Relatives and friends who will help keep the child safe, and what each of them has agreed to do.",
    },
];

pub fn spec(key: &str) -> Option<&'static SectionSpec> {
    SECTIONS.iter().find(|s| s.key == key)
}

/// Applies `edits` to the record as [`crate::written::merge`] does.
pub fn merge(current: &BTreeMap<String, Section>, edits: &[Edit], by: Uuid, at: DateTime<Utc>) -> Result<Merged, ValidationErrors> {
    crate::written::merge(current, edits, |k| spec(k).is_some(), "This is not a section of the plan", by, at)
}

/// PR-1: who may write the plan's record. A child protection plan: anyone who may work on child
/// protection plans (social workers, LCPPs, managers), and the family help lead of the child's
/// episode, whatever their role (R-FH-2, §5.3). A family help plan: the council's practitioners
/// who work with children and families.
pub fn may_write(kind: PlanKind, actor: &Actor, family_help_lead: Option<Uuid>) -> Result<(), Denied> {
    let practitioner = roles_allowed(Action::WorkOnCase).contains(&actor.role);
    let allowed = match kind {
        PlanKind::ChildProtection => {
            (practitioner && family_help_lead == Some(actor.user_id)) || roles_allowed(Action::WorkOnChildProtection).contains(&actor.role)
        }
        PlanKind::FamilyHelp => practitioner,
    };
    if allowed {
        return Ok(());
    }
    Err(Denied {
        message: match kind {
            PlanKind::ChildProtection => {
                "The plan is written by the lead child protection practitioner, the family help lead and social workers on the case."
            }
            PlanKind::FamilyHelp => "The plan is written by the practitioners working with the family.",
        }
        .into(),
    })
}

/// PR-2: a plan that has ended is kept as it was.
pub fn check_open(kind: PlanKind, plan_ended: bool) -> Result<(), RuleRefusal> {
    if plan_ended {
        return Err(RuleRefusal {
            rule: match kind {
                PlanKind::ChildProtection => "R-CP-6",
                PlanKind::FamilyHelp => "PR-2",
            },
            message: "This plan has ended, so what it says is kept as it was. Write a case note instead.".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Role;
    use crate::test_support::actor;
    use chrono::TimeZone;

    #[test]
    fn the_lcpp_and_the_family_help_lead_write_the_plan_together_pr1_pr2() {
        use PlanKind::*;
        let fh_lead = Some(Uuid::from_u128(7));
        assert!(may_write(ChildProtection, &actor(Role::Lcpp, 1), fh_lead).is_ok());
        assert!(may_write(ChildProtection, &actor(Role::FamilyHelpPractitioner, 7), fh_lead).is_ok(), "R-FH-2: the co-working lead writes");
        assert!(may_write(ChildProtection, &actor(Role::FamilyHelpPractitioner, 8), fh_lead).is_err(), "another practitioner does not");
        assert!(may_write(ChildProtection, &actor(Role::FamilyHelpPractitioner, 8), None).is_err());
        assert!(may_write(ChildProtection, &actor(Role::PartnerAgency, 7), fh_lead).is_err(), "a partner is never the writer");
        assert!(may_write(ChildProtection, &actor(Role::ConferenceChair, 2), fh_lead).is_err());
        assert!(may_write(FamilyHelp, &actor(Role::FamilyHelpPractitioner, 8), fh_lead).is_ok(), "family help: any practitioner");
        assert!(may_write(FamilyHelp, &actor(Role::PartnerAgency, 7), fh_lead).is_err());
        assert!(may_write(FamilyHelp, &actor(Role::ConferenceChair, 2), None).is_err());
        assert_eq!(check_open(ChildProtection, true).unwrap_err().rule, "R-CP-6", "an ended plan is locked");
        assert_eq!(check_open(FamilyHelp, true).unwrap_err().rule, "PR-2");
        assert!(check_open(ChildProtection, false).is_ok() && check_open(FamilyHelp, false).is_ok());
    }

    #[test]
    fn only_the_plans_sections_can_be_written() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        let ok =
            merge(&BTreeMap::new(), &[Edit { key: "family_words".into(), text: "We agree".into(), base_rev: 0 }], Uuid::nil(), at).unwrap();
        assert_eq!(ok.changed, vec!["family_words".to_owned()]);
        let e = merge(&BTreeMap::new(), &[Edit { key: "health".into(), text: "x".into(), base_rev: 0 }], Uuid::nil(), at).unwrap_err();
        assert_eq!(e.0[0].field, "health");
        let mut keys: Vec<&str> = SECTIONS.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), SECTIONS.len());
    }
}
