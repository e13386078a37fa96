//! The written assessment: the Child and Family Assessment of *Working Together
//! 2023* laid out on the Assessment Framework's three sides (the child's developmental needs,
//! parenting capacity, family and environmental factors), with the child's own words, each
//! significant adult's views, the agencies' contributions, the analysis and the recommendation.
//!
//! Its life: draft → submitted → authorised, or returned to the practitioner with the manager's
//! comments and submitted again (families-first.md §3, Assessment: `InProgress →
//! Completed/Authorised`; R-AS-1, R-AS-3). Once authorised it is locked; later changes are addenda.
//!
//! Several people may write into one draft at once. Each section carries its own revision, so two
//! people editing different sections never collide, and an edit made from a stale copy of a
//! section is refused for that section alone (never silently overwriting the other's words):
//! [`merge`] decides, purely, which edits apply.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ValidationErrors;
use crate::codes::code_enum;

/// The part of the form a section belongs to, in the order the form shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    ChildsVoice,
    DevelopmentalNeeds,
    ParentingCapacity,
    FamilyAndEnvironment,
    AdultsViews,
    Agencies,
    Analysis,
    Recommendation,
}

impl Part {
    pub const ALL: [Part; 8] = [
        Part::ChildsVoice,
        Part::DevelopmentalNeeds,
        Part::ParentingCapacity,
        Part::FamilyAndEnvironment,
        Part::AdultsViews,
        Part::Agencies,
        Part::Analysis,
        Part::Recommendation,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            Part::ChildsVoice => "The child's wishes and feelings",
            Part::DevelopmentalNeeds => "The child's developmental needs",
            Part::ParentingCapacity => "Parenting capacity",
            Part::FamilyAndEnvironment => "Family and environmental factors",
            Part::AdultsViews => "What the parents and carers say",
            Part::Agencies => "What other agencies know",
            Part::Analysis => "Analysis",
            Part::Recommendation => "Recommendation",
        }
    }
}

/// One fixed section of the written assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionSpec {
    pub key: &'static str,
    pub part: Part,
    pub label: &'static str,
    pub hint: &'static str,
    /// Must hold something before the assessment can be submitted.
    pub required: bool,
}

const fn s(key: &'static str, part: Part, label: &'static str, hint: &'static str, required: bool) -> SectionSpec {
    SectionSpec { key, part, label, hint, required }
}

/// Every fixed section, in the form's order. Each significant adult adds one more section, keyed
/// [`adult_key`], in [`Part::AdultsViews`].
pub const SECTIONS: &[SectionSpec] = &[
    s(
        "child_wishes",
        Part::ChildsVoice,
        "In the child's own words",
        "What the child said, drew or showed about their life, their worries and what they want to happen.",
        true,
    ),
    s(
        "child_wishes_how",
        Part::ChildsVoice,
        "How the child's views were gathered",
        "Where and when, who was there, whether the child was seen alone, and any help with communication.",
        true,
    ),
    s("health", Part::DevelopmentalNeeds, "Health", "Growth, development, illness, dental care, immunisations, diet and sleep.", false),
    s(
        "education",
        Part::DevelopmentalNeeds,
        "Education",
        "Attendance, progress, special educational needs, play and learning at home.",
        false,
    ),
    s(
        "emotional_behavioural",
        Part::DevelopmentalNeeds,
        "Emotional and behavioural development",
        "Feelings and how they are shown, attachments, resilience, self-harm or risky behaviour.",
        false,
    ),
    s(
        "identity",
        Part::DevelopmentalNeeds,
        "Identity",
        "How the child sees themselves: culture, faith, language, gender, disability and belonging.",
        false,
    ),
    s(
        "family_social_relationships",
        Part::DevelopmentalNeeds,
        "Family and social relationships",
        "Relationships with parents, brothers and sisters, wider family and friends.",
        false,
    ),
    s(
        "social_presentation",
        Part::DevelopmentalNeeds,
        "Social presentation",
        "How the child presents to others: appearance, hygiene, behaviour with other people.",
        false,
    ),
    s(
        "self_care",
        Part::DevelopmentalNeeds,
        "Self-care skills",
        "What the child can do for themselves for their age, and what they are helped with.",
        false,
    ),
    s("basic_care", Part::ParentingCapacity, "Basic care", "Food, warmth, shelter, clean clothing, hygiene and health care.", false),
    s(
        "ensuring_safety",
        Part::ParentingCapacity,
        "Ensuring safety",
        "Protection from harm and danger, including from adults and other children, online and at home.",
        false,
    ),
    s("emotional_warmth", Part::ParentingCapacity, "Emotional warmth", "Whether the child feels valued, loved and cared for.", false),
    s("stimulation", Part::ParentingCapacity, "Stimulation", "Play, conversation, encouragement and help with learning.", false),
    s("guidance_boundaries", Part::ParentingCapacity, "Guidance and boundaries", "Routines, rules and how behaviour is guided.", false),
    s("stability", Part::ParentingCapacity, "Stability", "Consistent care, predictable responses and lasting relationships.", false),
    s(
        "family_history",
        Part::FamilyAndEnvironment,
        "Family history and functioning",
        "Who is in the family, what has happened to them, how they get on, and any past involvement.",
        false,
    ),
    s(
        "wider_family",
        Part::FamilyAndEnvironment,
        "Wider family",
        "Who else matters to the child and what they can offer (the family network).",
        false,
    ),
    s("housing", Part::FamilyAndEnvironment, "Housing", "Where the family lives, its condition, space and security.", false),
    s("employment", Part::FamilyAndEnvironment, "Employment", "Who works, the hours and how work affects the family.", false),
    s("income", Part::FamilyAndEnvironment, "Income", "Whether there is enough money for the family's needs, debt and benefits.", false),
    s(
        "social_integration",
        Part::FamilyAndEnvironment,
        "Family's social integration",
        "Friends, neighbours, isolation and discrimination.",
        false,
    ),
    s(
        "community_resources",
        Part::FamilyAndEnvironment,
        "Community resources",
        "Local services and places the family uses or could use.",
        false,
    ),
    s(
        "agency_contributions",
        Part::Agencies,
        "Agencies' contributions",
        "What school, health, police and others said, with the date and who said it. Answers to requests for information are listed above.",
        false,
    ),
    s(
        "analysis_strengths",
        Part::Analysis,
        "Strengths",
        "What is going well and what the family does to keep the child safe and well.",
        true,
    ),
    s("analysis_needs", Part::Analysis, "Needs", "What the child needs that they are not getting now.", true),
    s(
        "analysis_risks",
        Part::Analysis,
        "Risks and what they mean for the child",
        "What could harm the child, how likely and how serious, and what is not yet known.",
        true,
    ),
    s(
        "recommendation",
        Part::Recommendation,
        "Recommendation",
        "What should happen next and why: no further action, early help, a family help plan, or a strategy discussion.",
        true,
    ),
];

/// The key of the section holding one significant adult's views.
pub fn adult_key(person: Uuid) -> String {
    format!("adult:{person}")
}

/// The fixed section with this key, if any.
pub fn spec(key: &str) -> Option<&'static SectionSpec> {
    SECTIONS.iter().find(|s| s.key == key)
}

/// Whether `key` names a section of this assessment: a fixed one, or one of the `adults`.
pub fn is_section(key: &str, adults: &[Uuid]) -> bool {
    spec(key).is_some() || adults.iter().any(|a| adult_key(*a) == key)
}

code_enum!(
    /// Where the written assessment is in its life.
    Status {
        Draft => ("draft", "Draft"),
        Submitted => ("submitted", "Waiting for a manager"),
        Returned => ("returned", "Returned for changes"),
        Authorised => ("authorised", "Authorised"),
    }
);

impl Status {
    /// The practitioner may write into it: a draft, or one the manager returned.
    pub fn is_open_for_writing(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }
}

/// A lifecycle step refused, in plain words.
fn refuse(message: &str) -> crate::RuleRefusal {
    crate::RuleRefusal { rule: "R-AS-1", message: message.to_owned() }
}

/// Submitting to a manager: only a draft or a returned assessment.
pub fn submit(from: Status) -> Result<Status, crate::RuleRefusal> {
    match from {
        Status::Draft | Status::Returned => Ok(Status::Submitted),
        Status::Submitted => Err(refuse("This assessment is already waiting for a manager.")),
        Status::Authorised => Err(refuse("This assessment is authorised and locked; add an addendum instead.")),
    }
}

/// A manager returning it for changes: only a submitted assessment, and with a comment.
pub fn return_for_changes(from: Status, comment: &str) -> Result<Status, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if from != Status::Submitted {
        errors.add("comment", "Only an assessment waiting for a manager can be returned");
    }
    if comment.trim().is_empty() {
        errors.add("comment", "Say what needs to change");
    }
    errors.into_result(Status::Returned)
}

/// Authorising: only what the practitioner submitted (a manager cannot authorise a draft that is
/// still being written).
pub fn authorise(from: Status) -> Result<Status, crate::RuleRefusal> {
    match from {
        Status::Submitted => Ok(Status::Authorised),
        Status::Draft | Status::Returned => {
            Err(refuse("The practitioner has not submitted this assessment yet; it can be authorised once it is submitted."))
        }
        Status::Authorised => Err(refuse("This assessment is already authorised.")),
    }
}

pub use crate::written::{Edit, Merged, SECTION_MAX_CHARS, Section};

/// Applies `edits` to the assessment's sections as [`crate::written::merge`] does; a section is
/// known when it is one of [`SECTIONS`] or the views of one of the significant `adults`.
pub fn merge(
    current: &BTreeMap<String, Section>,
    edits: &[Edit],
    adults: &[Uuid],
    by: Uuid,
    at: DateTime<Utc>,
) -> Result<Merged, ValidationErrors> {
    crate::written::merge(current, edits, |key| is_section(key, adults), "This is not a section of the assessment", by, at)
}

/// What must be written before the assessment goes to a manager: every required section and each
/// significant adult's views (F10: every significant adult included, a reason where one was not
/// seen). Each gap is named.
pub fn check_ready_to_submit(sections: &BTreeMap<String, Section>, adults: &[(Uuid, String)]) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let written = |key: &str| sections.get(key).is_some_and(|s| !s.text.trim().is_empty());
    // In the order the form shows them, so the error summary reads down the page.
    for part in Part::ALL {
        if part == Part::AdultsViews {
            for (id, name) in adults {
                let key = adult_key(*id);
                if !written(&key) {
                    errors.add(&key, format!("Write what {name} says, or why they were not asked"));
                }
            }
        }
        for spec in SECTIONS.iter().filter(|s| s.required && s.part == part) {
            if !written(spec.key) {
                errors.add(spec.key, format!("Write the section '{}'", spec.label));
            }
        }
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
    }

    fn edit(key: &str, text: &str, base_rev: i32) -> Edit {
        Edit { key: key.into(), text: text.into(), base_rev }
    }

    fn doc(pairs: &[(&str, &str, i32)]) -> BTreeMap<String, Section> {
        pairs.iter().map(|(k, t, r)| ((*k).to_owned(), Section { text: (*t).into(), rev: *r, by: None, at: None })).collect()
    }

    #[test]
    fn every_section_key_is_unique_and_every_part_has_a_section_or_the_adults() {
        let mut keys: Vec<&str> = SECTIONS.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), SECTIONS.len());
        for part in Part::ALL {
            assert!(part == Part::AdultsViews || SECTIONS.iter().any(|s| s.part == part), "{part:?} has no section");
        }
    }

    #[test]
    fn edits_from_the_current_revision_apply_and_raise_the_revision() {
        let me = Uuid::from_u128(1);
        let m =
            merge(&doc(&[("health", "Well", 2)]), &[edit("health", "Well; asthma", 2), edit("housing", "Flat", 0)], &[], me, at()).unwrap();
        assert_eq!(m.changed, vec!["health".to_owned(), "housing".to_owned()]);
        assert_eq!(m.sections["health"], Section { text: "Well; asthma".into(), rev: 3, by: Some(me), at: Some(at()) });
        assert_eq!(m.sections["housing"].rev, 1);
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn a_stale_edit_is_a_conflict_and_nothing_in_that_save_applies() {
        let current = doc(&[("health", "Seen by GP", 3)]);
        let m = merge(&current, &[edit("health", "My text", 2), edit("housing", "Flat", 0)], &[], Uuid::from_u128(1), at()).unwrap();
        assert_eq!(m.conflicts, vec!["health".to_owned()]);
        assert!(m.changed.is_empty());
        assert_eq!(m.sections, current, "the other person's words stand");
    }

    #[test]
    fn a_stale_copy_that_matches_the_current_text_is_not_a_conflict() {
        // Two people typed the same words, or a page re-sent what it was given.
        let m = merge(&doc(&[("health", "Well", 3)]), &[edit("health", "Well", 1)], &[], Uuid::from_u128(1), at()).unwrap();
        assert!(m.conflicts.is_empty() && m.changed.is_empty());
        let m = merge(&doc(&[("health", "a\nb", 1)]), &[edit("health", "a\r\nb", 0)], &[], Uuid::from_u128(1), at()).unwrap();
        assert!(m.conflicts.is_empty() && m.changed.is_empty(), "line endings do not make a change");
    }

    #[test]
    fn unknown_sections_long_text_and_control_characters_are_all_reported() {
        let adult = Uuid::from_u128(9);
        let long = "x".repeat(SECTION_MAX_CHARS + 1);
        let e = merge(
            &BTreeMap::new(),
            &[edit("shoe_size", "9", 0), edit("health", &long, 0), edit("housing", "bad\u{0}", 0), edit(&adult_key(adult), "ok", 0)],
            &[adult],
            Uuid::from_u128(1),
            at(),
        )
        .unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["shoe_size", "health", "housing"]);
        assert!(merge(&BTreeMap::new(), &[edit(&adult_key(Uuid::from_u128(8)), "x", 0)], &[adult], Uuid::from_u128(1), at()).is_err());
    }

    #[test]
    fn submission_needs_the_childs_voice_the_analysis_the_recommendation_and_every_adult() {
        let mum = Uuid::from_u128(5);
        let e = check_ready_to_submit(&doc(&[("child_wishes", "  ", 1)]), &[(mum, "Ann Lee".into())]).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "child_wishes",
                "child_wishes_how",
                &adult_key(mum),
                "analysis_strengths",
                "analysis_needs",
                "analysis_risks",
                "recommendation"
            ],
            "in the form's order"
        );
        let mut full: BTreeMap<String, Section> = SECTIONS
            .iter()
            .filter(|s| s.required)
            .map(|s| (s.key.to_owned(), Section { text: "written".into(), rev: 1, by: None, at: None }))
            .collect();
        assert!(check_ready_to_submit(&full, &[(mum, "Ann Lee".into())]).is_err());
        full.insert(adult_key(mum), Section { text: "Ann says…".into(), rev: 1, by: None, at: None });
        assert!(check_ready_to_submit(&full, &[(mum, "Ann Lee".into())]).is_ok());
    }

    #[test]
    fn the_lifecycle_goes_draft_submitted_returned_submitted_authorised_and_then_locks() {
        assert_eq!(submit(Status::Draft), Ok(Status::Submitted));
        assert!(authorise(Status::Draft).is_err(), "a draft cannot be authorised");
        assert!(return_for_changes(Status::Submitted, " ").is_err(), "a return says why");
        assert_eq!(return_for_changes(Status::Submitted, "Add the school's view"), Ok(Status::Returned));
        assert!(Status::Returned.is_open_for_writing());
        assert_eq!(submit(Status::Returned), Ok(Status::Submitted));
        assert!(submit(Status::Submitted).is_err());
        assert_eq!(authorise(Status::Submitted), Ok(Status::Authorised));
        assert!(!Status::Authorised.is_open_for_writing());
        assert!(submit(Status::Authorised).is_err() && authorise(Status::Authorised).is_err());
        assert!(return_for_changes(Status::Authorised, "late").is_err());
        for s in [Status::Draft, Status::Submitted, Status::Returned, Status::Authorised] {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
    }
}
