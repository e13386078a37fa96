//! Case notes: what happened on a case, typed (a home visit, a call, a meeting,
//! supervision…), when it happened and when it was written, who was there, what the child said,
//! and whether it was a significant event. Partner agencies' entries to the multi-agency
//! chronology (families-first.md §8, F1) are case notes of their own kind, so one list holds all
//! of them. Supervision and management oversight are recorded the same way, with the decisions and
//! the actions agreed (R-FH-1, R-AS-2: lead practitioners are supervised; F8: supervision records
//! prompt for what would make things worse).
//!
//! A note is never removed. Editing it makes a new version; every earlier one is kept.
//!
//! Who may read a note: council staff read every note on a child they may see; a partner agency
//! reads its own agency's notes and the notes shared with the partners, never supervision or
//! management oversight (N-2, below).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::child_protection::SourceType;
use crate::codes::code_enum;
use crate::roles::Agency;

/// The longest text one part of a note holds (the same as a written assessment's section).
pub const NOTE_MAX_CHARS: usize = 20_000;

code_enum!(
    /// What kind of work the note records.
    NoteKind {
        HomeVisit => ("home_visit", "Home visit"),
        OfficeVisit => ("office_visit", "Office, school or clinic visit"),
        PhoneCall => ("phone_call", "Phone or video call"),
        Meeting => ("meeting", "Meeting"),
        LetterOrEmail => ("letter_email", "Letter or email"),
        Observation => ("observation", "Observation"),
        Supervision => ("supervision", "Supervision"),
        ManagementOversight => ("management_oversight", "Management oversight"),
        // A school's part as a partner: missed school and exclusion are among
        // the Panel's recurring signs, so they are kinds of their own, filterable in the chronology.
        SchoolAttendance => ("school_attendance", "School attendance concern"),
        SchoolExclusion => ("school_exclusion", "Suspension or exclusion from school"),
        AgencyEntry => ("agency_entry", "Entry from an agency's records"),
    }
);

code_enum!(
    /// Who beyond the council may read a note.
    Visibility {
        Partners => ("partners", "The partner agencies working with the child"),
        Council => ("council", "Council staff only"),
    }
);

impl NoteKind {
    /// N-2: supervision and management oversight are the council's own record of how it runs a
    /// case; they are never shared with partner agencies, and only council staff write them.
    pub fn council_only(self) -> bool {
        matches!(self, NoteKind::Supervision | NoteKind::ManagementOversight)
    }

    /// N-3: supervision and oversight record what was decided.
    pub fn records_decisions(self) -> bool {
        self.council_only()
    }

    /// Where the note's facts come from when the writer does not say (triangulation, F4/F5):
    /// a practitioner's own notes of what they saw and heard are their observation.
    pub fn default_source(self) -> Option<SourceType> {
        match self {
            NoteKind::AgencyEntry => None,
            NoteKind::LetterOrEmail => Some(SourceType::Document),
            // From the school's own registers and records.
            NoteKind::SchoolAttendance | NoteKind::SchoolExclusion => Some(SourceType::AgencyRecord),
            _ => Some(SourceType::ProfessionalObservation),
        }
    }
}

/// A note as typed, before it is stored: one per save or edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteDraft {
    pub kind: NoteKind,
    pub occurred_on: NaiveDate,
    pub occurred_time: Option<NaiveTime>,
    pub source: SourceType,
    pub people_present: String,
    pub note: String,
    pub child_voice: String,
    pub decisions: String,
    pub actions: String,
    pub significant: bool,
    pub visibility: Visibility,
}

/// What the writer sent, as text (the page's fields or the API's JSON).
#[derive(Debug, Clone, Default)]
pub struct NoteFields<'a> {
    pub kind: Option<&'a str>,
    pub occurred_on: NaiveDate,
    pub occurred_time: Option<&'a str>,
    pub source_type: Option<&'a str>,
    pub people_present: &'a str,
    pub note: &'a str,
    pub child_voice: &'a str,
    pub decisions: &'a str,
    pub actions: &'a str,
    pub significant: bool,
    pub visibility: Option<&'a str>,
}

/// N-1…N-4: turns what was typed into a note, or says what is wrong with each field.
/// `writer` is the agency of the person writing; `today` and `now_time` are the council's date
/// and time of day (the clock is passed in).
pub fn parse(f: &NoteFields<'_>, writer: Agency, today: NaiveDate, now_time: NaiveTime) -> Result<NoteDraft, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    // Without a kind at all (the multi-agency chronology entries, sent before notes
    // had kinds) a note is an agency's entry; a kind left unchosen on the form is a mistake.
    let kind = match f.kind.map(str::trim) {
        None => Some(NoteKind::AgencyEntry),
        Some(k) => NoteKind::from_code(k),
    };
    if kind.is_none() {
        errors.add("kind", "Choose what kind of note this is");
    }
    // N-2: partners write their agency's entries, visits, calls and meetings, not the council's
    // supervision or oversight.
    if let Some(k) = kind
        && k.council_only()
        && writer != Agency::LocalAuthority
    {
        errors.add("kind", "Only council staff record supervision and management oversight");
    }
    let source = match f.source_type.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => SourceType::from_code(s),
        None => kind.and_then(NoteKind::default_source),
    };
    if source.is_none() {
        errors.add(
            "source_type",
            "Say where this comes from: a parent's own account, the child, your observation, an agency record or a document",
        );
    }
    if f.occurred_on > today {
        errors.add("occurred_on", "The date cannot be in the future");
    }
    let occurred_time = match f.occurred_time.map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => match crate::calendar::parse_time_of_day(t) {
            None => {
                errors.add("occurred_time", "Enter the time as hours and minutes, for example 14:30");
                None
            }
            Some(time) if f.occurred_on == today && time > now_time => {
                errors.add("occurred_time", "The time cannot be in the future");
                None
            }
            Some(time) => Some(time),
        },
    };
    if f.note.trim().is_empty() {
        errors.add("note", "Write the note");
    }
    for (field, text) in [
        ("people_present", f.people_present),
        ("note", f.note),
        ("child_voice", f.child_voice),
        ("decisions", f.decisions),
        ("actions", f.actions),
    ] {
        if text.chars().count() > NOTE_MAX_CHARS {
            errors.add(field, format!("This is longer than {NOTE_MAX_CHARS} characters: split it into two notes"));
        }
    }
    // N-3: a supervision or oversight record says what was decided.
    if kind.is_some_and(NoteKind::records_decisions) && f.decisions.trim().is_empty() {
        errors.add("decisions", "Write what was decided, even if it was to carry on with the plan");
    }
    let visibility = match f.visibility.map(str::trim).filter(|v| !v.is_empty()) {
        None => Some(Visibility::Partners),
        Some(v) => Visibility::from_code(v),
    };
    if visibility.is_none() {
        errors.add("visibility", "Choose who may read this note");
    }
    let (Some(kind), Some(source), Some(visibility)) = (kind, source, visibility) else {
        return Err(errors);
    };
    errors.into_result(NoteDraft {
        kind,
        occurred_on: f.occurred_on,
        occurred_time,
        source,
        people_present: f.people_present.trim().to_owned(),
        note: f.note.trim().to_owned(),
        child_voice: f.child_voice.trim().to_owned(),
        decisions: f.decisions.trim().to_owned(),
        actions: f.actions.trim().to_owned(),
        significant: f.significant,
        // N-2: supervision and oversight are council only, whatever was chosen.
        visibility: if kind.council_only() { Visibility::Council } else { visibility },
    })
}

/// N-2: whether someone from `reader` may read a note written by `writer` with `visibility`.
/// Council staff read every note; a partner reads its own agency's notes and shared ones.
pub fn may_read(reader: Agency, writer: Agency, kind: NoteKind, visibility: Visibility) -> bool {
    if reader == Agency::LocalAuthority || reader == writer {
        return true;
    }
    !kind.council_only() && visibility == Visibility::Partners
}

/// N-5: only the person who wrote a note may change it (a manager adds their own note instead);
/// and a partner's entry stays under its agency.
pub fn may_edit(editor: uuid::Uuid, author: uuid::Uuid) -> bool {
    editor == author
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn t(s: &str) -> NaiveTime {
        crate::calendar::parse_time_of_day(s).unwrap()
    }
    fn fields(kind: &'static str) -> NoteFields<'static> {
        NoteFields { kind: Some(kind), occurred_on: d("2026-11-20"), note: "Saw Amy at home.", ..Default::default() }
    }

    #[test]
    fn a_home_visit_defaults_to_the_writers_observation_and_is_shared() {
        let n = parse(&fields("home_visit"), Agency::LocalAuthority, d("2026-11-23"), t("10:00")).unwrap();
        assert_eq!(n.kind, NoteKind::HomeVisit);
        assert_eq!(n.source, SourceType::ProfessionalObservation);
        assert_eq!(n.visibility, Visibility::Partners);
        assert_eq!(n.occurred_time, None);
    }

    #[test]
    fn a_school_records_attendance_and_exclusion_from_its_own_records_and_shares_them() {
        for kind in ["school_attendance", "school_exclusion"] {
            let n = parse(&fields(kind), Agency::Education, d("2026-11-23"), t("10:00")).unwrap();
            assert_eq!(n.source, SourceType::AgencyRecord, "{kind}");
            assert_eq!(n.visibility, Visibility::Partners, "{kind}");
            assert!(!n.kind.council_only());
        }
    }

    #[test]
    fn an_agency_entry_must_say_where_it_comes_from() {
        let e = parse(&fields("agency_entry"), Agency::Police, d("2026-11-23"), t("10:00")).unwrap_err();
        assert!(e.for_field("source_type").is_some());
        // No kind at all is an agency entry (a multi-agency chronology entry).
        let f = NoteFields { kind: None, source_type: Some("agency_record"), ..fields("x") };
        assert_eq!(parse(&f, Agency::Police, d("2026-11-23"), t("10:00")).unwrap().kind, NoteKind::AgencyEntry);
        // A kind left unchosen is not taken for one.
        let f = NoteFields { kind: Some(" "), source_type: Some("agency_record"), ..fields("x") };
        assert!(parse(&f, Agency::Police, d("2026-11-23"), t("10:00")).unwrap_err().for_field("kind").is_some());
    }

    #[test]
    fn n2_supervision_is_council_only_whatever_was_chosen_and_partners_cannot_write_it() {
        let f = NoteFields { decisions: "Carry on with the plan", visibility: Some("partners"), ..fields("supervision") };
        let n = parse(&f, Agency::LocalAuthority, d("2026-11-23"), t("10:00")).unwrap();
        assert_eq!(n.visibility, Visibility::Council);
        let e = parse(&f, Agency::Health, d("2026-11-23"), t("10:00")).unwrap_err();
        assert!(e.for_field("kind").unwrap().contains("council staff"));
    }

    #[test]
    fn n3_supervision_and_oversight_record_a_decision() {
        for kind in ["supervision", "management_oversight"] {
            let e = parse(&fields(kind), Agency::LocalAuthority, d("2026-11-23"), t("10:00")).unwrap_err();
            assert!(e.for_field("decisions").is_some(), "{kind}");
        }
        assert!(parse(&fields("meeting"), Agency::LocalAuthority, d("2026-11-23"), t("10:00")).is_ok());
    }

    #[test]
    fn n4_nothing_in_the_future_and_every_problem_named_at_once() {
        let f = NoteFields {
            occurred_on: d("2026-11-23"),
            occurred_time: Some("11:30"),
            note: " ",
            visibility: Some("everyone"),
            ..fields("bogus")
        };
        let e = parse(&f, Agency::LocalAuthority, d("2026-11-23"), t("10:00")).unwrap_err();
        for field in ["kind", "occurred_time", "note", "visibility"] {
            assert!(e.for_field(field).is_some(), "{field}: {e}");
        }
        let f = NoteFields { occurred_on: d("2026-11-24"), ..fields("phone_call") };
        assert!(parse(&f, Agency::LocalAuthority, d("2026-11-23"), t("10:00")).unwrap_err().for_field("occurred_on").is_some());
        // Earlier today is fine, and a time on an earlier day may be any time.
        let f = NoteFields { occurred_on: d("2026-11-23"), occurred_time: Some("9:15"), ..fields("phone_call") };
        assert_eq!(parse(&f, Agency::LocalAuthority, d("2026-11-23"), t("10:00")).unwrap().occurred_time, Some(t("09:15")));
        let f = NoteFields { occurred_time: Some("23:59"), ..fields("phone_call") };
        assert!(parse(&f, Agency::LocalAuthority, d("2026-11-23"), t("10:00")).is_ok());
    }

    #[test]
    fn a_note_longer_than_the_limit_is_refused_not_cut() {
        let long = "x".repeat(NOTE_MAX_CHARS + 1);
        let f = NoteFields { note: &long, ..fields("observation") };
        assert!(parse(&f, Agency::LocalAuthority, d("2026-11-23"), t("10:00")).unwrap_err().for_field("note").is_some());
    }

    #[test]
    fn n2_who_reads_what() {
        use Agency::*;
        use NoteKind::*;
        use Visibility::*;
        assert!(may_read(LocalAuthority, Police, AgencyEntry, Partners));
        assert!(may_read(LocalAuthority, LocalAuthority, Supervision, Council));
        assert!(may_read(Police, LocalAuthority, HomeVisit, Partners));
        assert!(!may_read(Police, LocalAuthority, HomeVisit, Council));
        assert!(!may_read(Health, LocalAuthority, Supervision, Partners));
        assert!(may_read(Health, Health, PhoneCall, Council));
        assert!(!may_read(Education, Health, PhoneCall, Council));
        assert!(may_read(Education, Health, PhoneCall, Partners));
    }

    #[test]
    fn n5_only_the_writer_edits() {
        let a = uuid::Uuid::from_u128(1);
        let b = uuid::Uuid::from_u128(2);
        assert!(may_edit(a, a));
        assert!(!may_edit(b, a));
    }
}
