//! What the Family Help part of a child's record shows: timeline entries, assessments, plans,
//! reviews, what is due, and the episode.

use super::*;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub date: NaiveDate,
    /// contact, referral, level, allocation, assessment, plan, review, visit, oversight, closure
    pub kind: String,
    pub title: String,
    pub detail: Option<String>,
    /// The agency the entry came from (the multi-agency chronology adds partners).
    pub source: String,
    /// Who recorded it, when the record says.
    pub recorded_by: Option<String>,
    /// The time of day it happened, when recorded (case notes).
    pub time: Option<chrono::NaiveTime>,
    /// A significant event: a case note flagged so, or an event that changes the child's
    /// position (a strategy discussion, an enquiry's outcome, a conference, a child protection
    /// plan starting or ending, kinship care).
    pub significant: bool,
    /// The case note behind the entry, which has its own page with its versions.
    pub note_id: Option<Uuid>,
    /// The kind of case note (home_visit, supervision…), for notes.
    pub note_kind: Option<String>,
    /// When it was written into the record, where the record keeps the instant (notes,
    /// documents); entries of one day and kind are ordered by it.
    pub recorded_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Order within a day: the natural sequence of the case (contact before decision before referral…).
    #[serde(skip)]
    pub(super) rank: u8,
}

pub(super) fn rank_of(kind: &str) -> u8 {
    [
        "contact",
        "decision",
        "referral",
        "allocation",
        "level",
        "strategy",
        "s47",
        "assessment",
        "plan",
        "household",
        "network",
        "support",
        "kinship",
        "care",
        "place",
        "missing",
        "disagreement",
        "visit",
        "review",
        "oversight",
        "conference",
        "cp_plan",
        "core_group",
        "request",
        "document",
        "note",
        "closure",
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or(99) as u8
}

/// Events that change a child's position, shown as significant whatever else was recorded.
pub(crate) fn significant_kind(kind: &str) -> bool {
    matches!(kind, "strategy" | "s47" | "conference" | "cp_plan" | "kinship" | "care" | "missing")
}

/// A case note's line in the chronology: an agency entry by its source, other notes by their
/// kind and the time they happened.
pub(super) fn note_title(n: &ff_store::case_notes::NoteRow) -> String {
    use ff_domain::case_notes::NoteKind;
    let mut title = if n.kind == NoteKind::AgencyEntry { n.source_type.label().to_owned() } else { n.kind.label().to_owned() };
    if let Some(at) = n.occurred_time {
        title.push_str(&format!(" at {}", at.format("%H:%M")));
    }
    title
}

pub(super) fn note_detail(n: &ff_store::case_notes::NoteRow) -> String {
    let mut parts = vec![];
    if !n.people_present.is_empty() {
        parts.push(format!("Present: {}.", n.people_present));
    }
    parts.push(n.note.clone());
    if !n.child_voice.is_empty() {
        parts.push(format!("In the child's words: \u{201c}{}\u{201d}", n.child_voice));
    }
    if !n.decisions.is_empty() {
        parts.push(format!("Decided: {}", n.decisions));
    }
    if !n.actions.is_empty() {
        parts.push(format!("Actions: {}", n.actions));
    }
    parts.join("\n")
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentView {
    pub id: Uuid,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub completed_date: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub outcome_label: Option<String>,
    pub factors: Vec<String>,
    pub child_seen: bool,
    pub child_seen_alone: bool,
    pub late_reason: Option<String>,
    pub overdue: bool,
    pub version: i32,
    /// The significant adults as the completed assessment recorded them.
    pub adults: Vec<AssessedAdultView>,
    /// Why a baby's assessment saw and assessed no father or male carer.
    pub male_carer_reason: Option<String>,
    /// Where the written assessment is: draft, submitted, returned or authorised.
    pub document_status: String,
    pub document_status_label: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanItemView {
    pub id: Uuid,
    pub kind: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub done_date: Option<NaiveDate>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanView {
    pub id: Uuid,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub items: Vec<PlanItemView>,
    pub last_review: Option<NaiveDate>,
    /// The plan's reviews, oldest first; each has its written record.
    pub reviews: Vec<PlanReviewView>,
}

/// A review of a family help plan, for the link to its record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanReviewView {
    pub id: Uuid,
    pub review_date: NaiveDate,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueView {
    pub kind: String,
    pub label: String,
    pub due: NaiveDate,
    pub overdue: bool,
    /// The last qualifying visit, oversight, review or core group the clock runs from; absent
    /// when it runs from the referral or the plan's start.
    pub last_done: Option<NaiveDate>,
    /// The same in words for the page: "Last visit seeing the child: 13 November 2026", or what
    /// has not happened yet. Absent for work with no clock behind it.
    pub last_done_text: Option<String>,
}

/// Names what a clock last ran from, in a practitioner's words (what is due
/// shows the date of the last qualifying visit).
pub fn last_done_text(kind: &str, last: Option<NaiveDate>) -> Option<String> {
    let (done, none) = match kind {
        "visit" => ("Last visit seeing the child", "No visit has seen the child yet"),
        "cp_visit" => ("Last visit seeing the child alone", "No visit has seen the child alone since the plan started"),
        "core_group" => ("Last core group", "No core group yet"),
        "oversight" => ("Last social work oversight", "No social work oversight yet"),
        "plan_review" => ("Last review", "Not reviewed yet"),
        _ => return None,
    };
    Some(match last {
        Some(d) => format!("{done}: {}", d.format("%-d %B %Y")),
        None => none.to_owned(),
    })
}

impl From<DueItem> for DueView {
    fn from(d: DueItem) -> Self {
        let kind = serde_json::to_value(d.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        DueView {
            last_done_text: last_done_text(&kind, d.last_done),
            kind,
            label: d.kind.label().to_owned(),
            due: d.due,
            overdue: d.overdue,
            last_done: d.last_done,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EpisodeView {
    pub id: Uuid,
    pub referral_date: NaiveDate,
    pub referral_source: String,
    pub primary_need: String,
    pub primary_need_label: String,
    pub level: String,
    pub level_label: String,
    pub rereferral: bool,
    pub lead: Option<String>,
    pub lead_id: Option<Uuid>,
    pub overseer: Option<String>,
    pub overseer_id: Option<Uuid>,
    pub closure_date: Option<NaiveDate>,
    pub closure_reason: Option<String>,
    pub assessments: Vec<AssessmentView>,
    pub plan: Option<PlanView>,
    pub due: Vec<DueView>,
    /// An assessment is started and not yet completed.
    pub assessment_in_progress: bool,
    /// A plan is open (started, not ended).
    pub plan_open: bool,
    pub version: i32,
    /// The child's parents, carers and household adults now: whom an assessment includes.
    pub significant_adults: Vec<SignificantAdult>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildFamilyHelp {
    pub child_id: Uuid,
    pub episodes: Vec<EpisodeView>,
    pub timeline: Vec<TimelineEntry>,
}

impl ChildFamilyHelp {
    /// The newest `n` significant events of the chronology.
    pub fn recent_significant(&self, n: usize) -> Vec<&TimelineEntry> {
        self.timeline.iter().filter(|t| t.significant).take(n).collect()
    }
}
