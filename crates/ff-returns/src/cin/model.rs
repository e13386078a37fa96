//! Typed model of one CIN census file: the header and one [`Child`] at a
//! time.
//!
//! The model keeps values *as supplied*: a code is the exact text of its
//! element (no trimming, because the DfE code lists are exact strings), a
//! date remembers whether it was absent, unreadable or a real date, and a
//! flag (`ReferralNFA`, `ICPCnotRequired`) stays text so that the rules can
//! tell "false" from "missing". Empty elements (`<Sex/>`) count as absent.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use chrono::NaiveDate;

/// Bytes kept inline by [`Text`] before it falls back to the heap.
const INLINE: usize = 22;

/// A short immutable string for element values. Values of up to 22 bytes
/// (every code, LAchildID and UPN in practice) are stored inline, so reading
/// a child allocates almost nothing per value. Derefs to `str`.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Text {
    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Inline bytes are always a whole `&str` copied in, so valid UTF-8.
            Repr::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default(),
            Repr::Heap(b) => b,
        }
    }

    /// The text's bytes, without the UTF-8 check that [`Text::as_str`]
    /// repeats for inline values (comparing and hashing need only bytes).
    fn bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Repr::Heap(b) => b.as_bytes(),
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        if s.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Text(Repr::Inline { len: s.len() as u8, bytes })
        } else {
            Text(Repr::Heap(s.into()))
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        if s.len() <= INLINE { Text::from(s.as_str()) } else { Text(Repr::Heap(s.into_boxed_str())) }
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::from(s.as_str())
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::from("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.bytes() == other.as_bytes()
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Exactly what `str` feeds a hasher (its bytes, then 0xff), so that
        // lookups through `Borrow<str>` find the same entries.
        state.write(self.bytes());
        state.write_u8(0xff);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A date element: absent, present but not a valid `YYYY-MM-DD` date, or a
/// date. Rules treat an unreadable date like an absent one (the parser
/// reports the bad text separately).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DateField {
    /// The element was not supplied (or was empty).
    #[default]
    Missing,
    /// The element held text that is not an `xs:date`.
    Invalid(String),
    /// A valid date.
    Date(NaiveDate),
}

impl DateField {
    /// The date, if the element held a valid one.
    pub fn get(&self) -> Option<NaiveDate> {
        match self {
            DateField::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// True when a valid date is present.
    pub fn is_some(&self) -> bool {
        matches!(self, DateField::Date(_))
    }

    /// True when no valid date is present (absent or unreadable).
    pub fn is_none(&self) -> bool {
        !self.is_some()
    }
}

impl From<NaiveDate> for DateField {
    fn from(d: NaiveDate) -> Self {
        DateField::Date(d)
    }
}

impl From<Option<NaiveDate>> for DateField {
    fn from(d: Option<NaiveDate>) -> Self {
        d.map_or(DateField::Missing, DateField::Date)
    }
}

/// Reads a yes/no flag the way the census does: `1`/`true` is yes,
/// `0`/`false` is no (case-insensitive for the words), anything else is
/// neither.
pub fn flag_value(v: Option<&str>) -> Option<bool> {
    match v? {
        "1" => Some(true),
        "0" => Some(false),
        s if s.eq_ignore_ascii_case("true") => Some(true),
        s if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The `Header` block (`CollectionDetails` and `Source`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// `Collection`: always `CIN`.
    pub collection: Option<Text>,
    /// `Year`: the census end year (2025 for 2024/25).
    pub year: Option<Text>,
    /// `ReferenceDate`: 31 March of `Year`.
    pub reference_date: DateField,
    /// `SourceLevel`: `L`.
    pub source_level: Option<Text>,
    /// `LEA`: three-digit LA code.
    pub lea: Option<Text>,
    /// `SoftwareCode`.
    pub software_code: Option<Text>,
    /// `Release`.
    pub release: Option<Text>,
    /// `SerialNo`.
    pub serial_no: Option<Text>,
    /// `DateTime`: when the file was made.
    pub date_time: Option<Text>,
}

/// One `Child` element.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Child {
    /// 1-based position of this `Child` in the file.
    pub index: u64,
    /// `ChildIdentifiers`.
    pub ids: Identifiers,
    /// `ChildCharacteristics`.
    pub characteristics: Characteristics,
    /// The `CINdetails` episodes, in file order.
    pub episodes: Vec<Episode>,
}

/// `ChildIdentifiers`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identifiers {
    /// `LAchildID` (N00097).
    pub la_child_id: Option<Text>,
    /// `UPN` (N00001).
    pub upn: Option<Text>,
    /// `FormerUPN` (N00002).
    pub former_upn: Option<Text>,
    /// `UPNunknown` (N00135): UN1–UN7.
    pub upn_unknown: Option<Text>,
    /// `PersonBirthDate` (N00066).
    pub birth_date: DateField,
    /// `ExpectedPersonBirthDate` (N00098), for unborn children.
    pub expected_birth_date: DateField,
    /// `Sex` (N00783, 2024/25 on): M, F or U.
    pub sex: Option<Text>,
    /// `GenderCurrent` (before 2024/25): 1, 2, 0 or 9.
    pub gender_current: Option<Text>,
    /// `PersonDeathDate` (N00108).
    pub death_date: DateField,
}

/// `ChildCharacteristics`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Characteristics {
    /// `Ethnicity` (N00177).
    pub ethnicity: Option<Text>,
    /// Each `Disabilities/Disability` value (N00099); `None` for an empty
    /// element.
    pub disabilities: Vec<Option<Text>>,
}

/// One `CINdetails` episode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Episode {
    /// `CINreferralDate` (N00100).
    pub referral_date: DateField,
    /// `ReferralSource` (N00152).
    pub referral_source: Option<Text>,
    /// `PrimaryNeedCode` (N00101).
    pub primary_need: Option<Text>,
    /// `CINclosureDate` (N00102).
    pub closure_date: DateField,
    /// `ReasonForClosure` (N00103).
    pub closure_reason: Option<Text>,
    /// Episode-level `DateOfInitialCPC` (N00110).
    pub initial_cpc: DateField,
    /// `Assessments` groups.
    pub assessments: Vec<Assessment>,
    /// `CINPlanDates` groups.
    pub cin_plans: Vec<CinPlan>,
    /// `Section47` groups.
    pub section47s: Vec<Section47>,
    /// `ReferralNFA` (N00112) as supplied.
    pub referral_nfa: Option<Text>,
    /// `ChildProtectionPlans` groups.
    pub cp_plans: Vec<CpPlan>,
    /// `PreProceedingsandFGDM` groups (2026/27 on).
    pub pre_proceedings: Vec<PreProceedings>,
}

impl Episode {
    /// `ReferralNFA` read as a flag (`None` when missing or not a flag).
    pub fn nfa(&self) -> Option<bool> {
        flag_value(self.referral_nfa.as_deref())
    }
}

/// One `Assessments` group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assessment {
    /// `AssessmentActualStartDate` (N00159).
    pub start: DateField,
    /// `AssessmentInternalReviewDate` (no rule uses it).
    pub internal_review: DateField,
    /// `AssessmentAuthorisationDate` (N00160): the assessment is complete.
    pub authorised: DateField,
    /// Each `FactorsIdentifiedAtAssessment/AssessmentFactors` value
    /// (N00181); an empty element is kept as an empty string.
    pub factors: Vec<Text>,
}

impl Assessment {
    /// True when at least one non-empty factor code is recorded.
    pub fn has_factors(&self) -> bool {
        self.factors.iter().any(|f| !f.is_empty())
    }
}

/// One `CINPlanDates` group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CinPlan {
    /// `CINPlanStartDate` (N00689).
    pub start: DateField,
    /// `CINPlanEndDate` (N00690).
    pub end: DateField,
}

/// One `Section47` group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section47 {
    /// `S47ActualStartDate` (N00148).
    pub start: DateField,
    /// `InitialCPCtarget` (N00109).
    pub icpc_target: DateField,
    /// `DateOfInitialCPC` (N00110).
    pub icpc: DateField,
    /// `ICPCnotRequired` (N00111) as supplied.
    pub icpc_not_required: Option<Text>,
}

impl Section47 {
    /// `ICPCnotRequired` read as a flag.
    pub fn not_required(&self) -> Option<bool> {
        flag_value(self.icpc_not_required.as_deref())
    }
}

/// One `ChildProtectionPlans` group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CpPlan {
    /// `CPPstartDate` (N00105).
    pub start: DateField,
    /// `CPPendDate` (N00115).
    pub end: DateField,
    /// `InitialCategoryOfAbuse` (N00113).
    pub initial_category: Option<Text>,
    /// `LatestCategoryOfAbuse` (N00114).
    pub latest_category: Option<Text>,
    /// `NumberOfPreviousCPP` (N00106) as supplied.
    pub previous_plans: Option<Text>,
    /// Each `Reviews/CPPreviewDate` (N00116).
    pub reviews: Vec<DateField>,
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::hash::{BuildHasher, RandomState};

    use super::*;

    #[test]
    fn text_hashes_and_compares_like_str() {
        let state = RandomState::new();
        for s in ["", "M", "C00000001", "A201000000011", "exactly twenty-two b.", "a value longer than the inline buffer", "é"] {
            let t = Text::from(s);
            assert_eq!(state.hash_one(&t), state.hash_one(s), "{s:?}");
            let owned = Text::from(s.to_owned());
            assert!(t == s && t == owned);
        }
        let (short, long) = (Text::from("ab"), Text::from("abc"));
        assert_ne!(short, long);
        let mut m: HashMap<Text, u8> = HashMap::new();
        m.insert(Text::from("C1"), 1);
        m.insert(Text::from("a value longer than the inline buffer"), 2);
        assert_eq!(m.get("C1"), Some(&1));
        assert_eq!(m.get("a value longer than the inline buffer"), Some(&2));
    }
}

/// One `PreProceedingsandFGDM` group (from 2026/27): pre-proceedings under the Public Law Outline
/// and the family group decision making offer (CWSA 2026 s.1). No DfE rule uses it yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreProceedings {
    /// `PPStartDate` (N00826): the decision to start pre-proceedings.
    pub start: DateField,
    /// `LBPSentDate` (N00827): the letter before proceedings.
    pub letter_sent: DateField,
    /// `FGDMMeetingOffer` (N00828) as supplied.
    pub fgdm_offered: Option<Text>,
    /// `FGDMMeetingFac` (N00829) as supplied: an FGDM meeting was facilitated.
    pub fgdm_facilitated: Option<Text>,
    /// `InitialPPMeetingDate` (N00830).
    pub initial_meeting: DateField,
    /// `ReviewMeetingsCount` (N00831) as supplied.
    pub review_meetings: Option<Text>,
    /// `StepDecisionDate`: the decision to step up or down.
    pub step_decision: DateField,
    /// `PPOutcome` (N00833) as supplied.
    pub outcome: Option<Text>,
    /// `CourtAppDate` (N00834).
    pub court_application: DateField,
    /// `LetterInitCPDate`: the letter initiating care proceedings.
    pub letter_initiating_proceedings: DateField,
}
