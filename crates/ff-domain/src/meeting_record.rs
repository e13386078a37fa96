//! The written record of a meeting: a child protection conference's record
//! (initial or review) and a family help plan review's record, written section by section by the
//! people who were there, as the plan's record is ([`crate::plan_record`]). The structured facts
//! of the meeting (who attended, quorum, participation, dissent, the decision and category, the
//! review date) stay the meeting's own fields; the record holds what was said and why.
//!
//! - MR-1, who writes: a conference's record by those who record conferences (the chair, social
//!   workers, LCPPs and managers) and by the family help lead of the child's episode, who stays
//!   with the family through child protection (R-FH-2, families-first.md §5.3); a plan review's
//!   record by the council's practitioners on the case.
//! - MR-2, locked: a conference's record once its chair has agreed it; a plan review's record
//!   once the plan has ended. Later corrections are case notes, so the record stays as agreed.
//! - MR-3, agreeing: only the conference's chair agrees its record, and only once the decision
//!   and its reasons are written.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::RuleRefusal;
use crate::ValidationErrors;
use crate::plan_record::SectionSpec;
use crate::policy::{Action, Actor, Denied, roles_allowed};
use crate::written::{Edit, Merged, Section};

/// Which kind of meeting a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingKind {
    /// An initial or review child protection conference.
    Conference,
    /// A review of a family help plan.
    PlanReview,
}

impl MeetingKind {
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Conference => "conference",
            MeetingKind::PlanReview => "plan_review",
        }
    }

    pub fn sections(self) -> &'static [SectionSpec] {
        match self {
            MeetingKind::Conference => CONFERENCE_SECTIONS,
            MeetingKind::PlanReview => REVIEW_SECTIONS,
        }
    }

    pub fn spec(self, key: &str) -> Option<&'static SectionSpec> {
        self.sections().iter().find(|s| s.key == key)
    }
}

/// A conference's record, in the order it is read and circulated.
pub const CONFERENCE_SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        key: "reports",
        label: "What each agency told the conference",
        hint: "Each agency's report in brief: what they know of the child and family, and what they are worried about.",
    },
    SectionSpec {
        key: "child_views",
        label: "The child's wishes and feelings",
        hint: "What the child said or showed, in their own words where possible, and how their views reached the conference.",
    },
    SectionSpec {
        key: "family_views",
        label: "What the parents and carers said",
        hint: "Each parent's and carer's views in their own words, including where they disagree.",
    },
    SectionSpec {
        key: "worries",
        label: "What we are worried about",
        hint: "The harm that has happened or could happen, and how likely and serious it is.",
    },
    SectionSpec { key: "working_well", label: "What is working well", hint: "Strengths and safety already in place." },
    SectionSpec {
        key: "decision_reasons",
        label: "The decision and why",
        hint: "Why the conference decided as it did, and each member's view where they differed.",
    },
    SectionSpec {
        key: "next_steps",
        label: "What happens next",
        hint: "The outline plan, who does what first, and when the core group or the next conference meets.",
    },
];

/// A plan review's record.
pub const REVIEW_SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        key: "progress",
        label: "What has changed since the plan was made",
        hint: "Progress on each outcome and action, and anything new in the child's life.",
    },
    SectionSpec { key: "child_views", label: "What the child says", hint: "In the child's own words: how things are for them now." },
    SectionSpec {
        key: "family_views",
        label: "What the family says",
        hint: "In the parents' and carers' own words: what has helped and what has not.",
    },
    SectionSpec {
        key: "agency_views",
        label: "What the agencies working with the family said",
        hint: "School, health and others: what they see now.",
    },
    SectionSpec { key: "worries", label: "What we are still worried about", hint: "Needs and risks that remain." },
    SectionSpec {
        key: "next_steps",
        label: "What happens next",
        hint: "Carry on, change the plan, step up or down, or close; and when the next review is.",
    },
];

/// The section a conference's record must have before it is agreed (MR-3).
pub const DECISION_SECTION: &str = "decision_reasons";

/// Applies `edits` to a meeting's record as [`crate::written::merge`] does.
pub fn merge(
    kind: MeetingKind,
    current: &BTreeMap<String, Section>,
    edits: &[Edit],
    by: Uuid,
    at: DateTime<Utc>,
) -> Result<Merged, ValidationErrors> {
    crate::written::merge(current, edits, |k| kind.spec(k).is_some(), "This is not a section of the meeting's record", by, at)
}

/// MR-1: who may write a meeting's record.
pub fn may_write(kind: MeetingKind, actor: &Actor, family_help_lead: Option<Uuid>) -> Result<(), Denied> {
    let allowed = match kind {
        MeetingKind::Conference => {
            roles_allowed(Action::RecordConference).contains(&actor.role)
                || (family_help_lead == Some(actor.user_id) && roles_allowed(Action::WorkOnCase).contains(&actor.role))
        }
        MeetingKind::PlanReview => roles_allowed(Action::WorkOnCase).contains(&actor.role),
    };
    if allowed {
        return Ok(());
    }
    Err(Denied {
        message: match kind {
            MeetingKind::Conference => {
                "The conference's record is written by its chair, the lead child protection practitioner, the family help lead and social workers on the case."
            }
            MeetingKind::PlanReview => "The review's record is written by the practitioners working with the family.",
        }
        .into(),
    })
}

/// MR-2: whether the record may still be written.
pub fn check_open(kind: MeetingKind, agreed: bool, plan_ended: bool) -> Result<(), RuleRefusal> {
    match kind {
        MeetingKind::Conference if agreed => Err(RuleRefusal {
            rule: "MR-2",
            message: "The chair has agreed this record, so it is kept as agreed. Write a case note to add to it or correct it.".into(),
        }),
        MeetingKind::PlanReview if plan_ended => Err(RuleRefusal {
            rule: "MR-2",
            message: "The plan has ended, so this review's record is kept as it was. Write a case note instead.".into(),
        }),
        _ => Ok(()),
    }
}

/// MR-3: the chair agrees a conference's record once the decision and its reasons are written.
pub fn may_agree(actor: &Actor, chair: Uuid, sections: &BTreeMap<String, Section>, agreed: bool) -> Result<(), RuleRefusal> {
    if agreed {
        return Err(RuleRefusal { rule: "MR-2", message: "The chair has already agreed this record.".into() });
    }
    if actor.user_id != chair {
        return Err(RuleRefusal { rule: "MR-3", message: "Only the chair of the conference agrees its record.".into() });
    }
    if sections.get(DECISION_SECTION).is_none_or(|s| s.text.trim().is_empty()) {
        return Err(RuleRefusal { rule: "MR-3", message: "Write the decision and why before agreeing the record.".into() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Role;
    use crate::test_support::actor;
    use chrono::TimeZone;

    fn written(key: &str, text: &str) -> BTreeMap<String, Section> {
        let mut m = BTreeMap::new();
        m.insert(key.to_owned(), Section { text: text.into(), rev: 1, by: None, at: None });
        m
    }

    #[test]
    fn the_chair_the_lcpp_and_the_family_help_lead_write_the_conference_record_mr1() {
        use MeetingKind::*;
        let fh_lead = Some(Uuid::from_u128(7));
        assert!(may_write(Conference, &actor(Role::ConferenceChair, 2), fh_lead).is_ok());
        assert!(may_write(Conference, &actor(Role::Lcpp, 1), fh_lead).is_ok());
        assert!(may_write(Conference, &actor(Role::FamilyHelpPractitioner, 7), fh_lead).is_ok(), "R-FH-2: the co-working lead");
        assert!(may_write(Conference, &actor(Role::FamilyHelpPractitioner, 8), fh_lead).is_err());
        assert!(may_write(Conference, &actor(Role::PartnerAgency, 7), fh_lead).is_err(), "partners contribute through notes");
        assert!(may_write(PlanReview, &actor(Role::FamilyHelpPractitioner, 8), None).is_ok());
        assert!(may_write(PlanReview, &actor(Role::ConferenceChair, 2), None).is_err());
        assert!(may_write(PlanReview, &actor(Role::PartnerAgency, 2), None).is_err());
    }

    #[test]
    fn an_agreed_record_and_an_ended_plans_review_are_locked_mr2() {
        assert_eq!(check_open(MeetingKind::Conference, true, false).unwrap_err().rule, "MR-2");
        assert!(check_open(MeetingKind::Conference, false, true).is_ok(), "a conference's record does not follow a plan");
        assert_eq!(check_open(MeetingKind::PlanReview, false, true).unwrap_err().rule, "MR-2");
        assert!(check_open(MeetingKind::PlanReview, false, false).is_ok());
    }

    #[test]
    fn only_the_chair_agrees_and_only_with_the_decision_written_mr3() {
        let chair = Uuid::from_u128(2);
        let with_reasons = written(DECISION_SECTION, "Threshold met: neglect");
        assert!(may_agree(&actor(Role::ConferenceChair, 2), chair, &with_reasons, false).is_ok());
        assert_eq!(may_agree(&actor(Role::Lcpp, 1), chair, &with_reasons, false).unwrap_err().rule, "MR-3");
        assert_eq!(may_agree(&actor(Role::ConferenceChair, 2), chair, &written("reports", "x"), false).unwrap_err().rule, "MR-3");
        assert_eq!(may_agree(&actor(Role::ConferenceChair, 2), chair, &written(DECISION_SECTION, "  "), false).unwrap_err().rule, "MR-3");
        assert_eq!(may_agree(&actor(Role::ConferenceChair, 2), chair, &with_reasons, true).unwrap_err().rule, "MR-2");
    }

    #[test]
    fn each_kind_takes_only_its_own_sections() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        let edit = |k: &str| [Edit { key: k.into(), text: "x".into(), base_rev: 0 }];
        assert!(merge(MeetingKind::Conference, &BTreeMap::new(), &edit("decision_reasons"), Uuid::nil(), at).is_ok());
        assert!(merge(MeetingKind::PlanReview, &BTreeMap::new(), &edit("decision_reasons"), Uuid::nil(), at).is_err());
        assert!(merge(MeetingKind::PlanReview, &BTreeMap::new(), &edit("progress"), Uuid::nil(), at).is_ok());
        for kind in [MeetingKind::Conference, MeetingKind::PlanReview] {
            let mut keys: Vec<&str> = kind.sections().iter().map(|s| s.key).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), kind.sections().len());
        }
    }
}
