//! The written assessment: reading it, saving the draft as the practitioner
//! types (several people at once, section by section), submitting it to a manager, returning it
//! with comments, and addenda once it is authorised. Authorising is
//! `family_help::complete_assessment`, which records the census facts and locks the document.
//! Rules: `ff_domain::assessments` (R-AS-1, R-AS-3).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::assessments::{self as rules, Edit, Part, Section, Status};
use ff_domain::policy::Action;
use ff_store::assessments::{AddendumRow, DocumentRow};
use ff_store::family_help::AssessmentRow;
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::family_help::{SignificantAdult, significant_adults};
pub use crate::written::{DraftInput, DraftSaved, SectionEdit, SectionView};
use crate::written::{parse_sections, sections_json};
use crate::{Ctx, Result, ServiceError, audit, stale};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartView {
    pub heading: String,
    pub sections: Vec<SectionView>,
}

/// An answer another agency gave to a request for information about the child (the agencies'
/// contributions link to them).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgencyAnswer {
    pub agency: String,
    pub question: String,
    pub answered_on: Option<NaiveDate>,
    pub answer: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AddendumView {
    pub id: Uuid,
    pub text: String,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentDocument {
    pub assessment_id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    pub episode_id: Uuid,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    /// draft, submitted, returned or authorised.
    pub status: String,
    pub status_label: String,
    /// Send it back with a submission, a return or an authorisation.
    pub version: i32,
    pub parts: Vec<PartView>,
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<String>,
    pub returned_at: Option<DateTime<Utc>>,
    pub returned_by: Option<String>,
    /// The manager's comments when it was last returned.
    pub return_comment: Option<String>,
    pub authorised_at: Option<DateTime<Utc>>,
    pub authorised_by: Option<String>,
    /// The completion date the manager recorded (the census date, which may be before they
    /// authorised it in the product).
    pub completed_date: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub agency_answers: Vec<AgencyAnswer>,
    pub addenda: Vec<AddendumView>,
}

impl AssessmentDocument {
    pub fn status(&self) -> Status {
        Status::from_code(&self.status).unwrap_or(Status::Draft)
    }

    pub fn sections(&self) -> impl Iterator<Item = &SectionView> {
        self.parts.iter().flat_map(|p| p.sections.iter())
    }
}

/// Everything one action needs about an assessment, read in its transaction.
struct Loaded {
    assessment: AssessmentRow,
    child_id: Uuid,
    document: DocumentRow,
    sections: BTreeMap<String, Section>,
    adults: Vec<SignificantAdult>,
}

impl Loaded {
    fn status(&self) -> Status {
        self.document.status
    }

    fn adult_ids(&self) -> Vec<Uuid> {
        self.adults.iter().map(|a| a.person_id).collect()
    }
}

/// Stores a new assessment with its empty written document: every assessment has one.
pub(crate) async fn insert_with_document(tx: &mut Tx, ctx: &Ctx, a: &AssessmentRow) -> Result<()> {
    ff_store::family_help::insert_assessment(tx, ctx.la(), a).await?;
    ff_store::assessments::insert_document(tx, ctx.la(), &new_document(a.id)).await?;
    Ok(())
}

/// The empty document every new assessment starts with.
fn new_document(assessment_id: Uuid) -> DocumentRow {
    DocumentRow {
        assessment_id,
        status: Status::Draft,
        sections: "{}".into(),
        version: 1,
        saved_at: None,
        saved_by: None,
        submitted_at: None,
        submitted_by: None,
        returned_at: None,
        returned_by: None,
        return_comment: None,
    }
}

/// Loads the assessment, checks `action` on its child (role and relationship), and reads its
/// document and the child's significant adults.
async fn load(tx: &mut Tx, ctx: &Ctx, id: Uuid, action: Action) -> Result<Loaded> {
    ctx.authorise(action)?;
    let la = ctx.la();
    let assessment = ff_store::family_help::get_assessment(tx, la, id).await?.ok_or(ServiceError::NotFound("assessment"))?;
    let episode = ff_store::family_help::get_episode(tx, la, assessment.episode_id).await?.ok_or(ServiceError::NotFound("assessment"))?;
    ctx.authorise_child(tx, action, episode.child_id).await?;
    let document = match ff_store::assessments::get_document(tx, la, id).await? {
        Some(d) => d,
        None => return Err(ServiceError::Internal("an assessment without its document".into())),
    };
    let sections = parse_sections(&document.sections)?;
    let adults = significant_adults(tx, ctx, &mut ChildFacts::new(episode.child_id), ctx.today()).await?;
    Ok(Loaded { assessment, child_id: episode.child_id, document, sections, adults })
}

/// Reads the written assessment. Audited as a view.
pub async fn document(db: &Db, ctx: &Ctx, id: Uuid) -> Result<AssessmentDocument> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, id, Action::ViewPerson).await?;
    let view = view(&mut tx, ctx, &l).await?;
    audit(&mut tx, ctx, "view", "assessment", Some(id.to_string()), "written assessment viewed").await?;
    tx.commit().await?;
    Ok(view)
}

/// The written assessment as the reader sees it, from what `load` read and the view's own facts.
async fn view(tx: &mut Tx, ctx: &Ctx, l: &Loaded) -> Result<AssessmentDocument> {
    let f = load_view_facts(tx, ctx, l).await?;
    let d = &l.document;
    let a = &l.assessment;
    let name = |id: Option<Uuid>| user_name(&f.users, id);
    let status = d.status;
    Ok(AssessmentDocument {
        assessment_id: a.id,
        child_id: l.child_id,
        child_name: ff_domain::people::full_name(&f.child.given_name, &f.child.family_name),
        episode_id: a.episode_id,
        start_date: a.start_date,
        due_date: a.due_date,
        status: status.code().to_owned(),
        status_label: status.label().to_owned(),
        version: d.version,
        parts: part_views(l, &f.users),
        saved_at: d.saved_at,
        saved_by: name(d.saved_by),
        submitted_at: d.submitted_at,
        submitted_by: name(d.submitted_by),
        returned_at: d.returned_at,
        returned_by: name(d.returned_by),
        return_comment: d.return_comment.clone(),
        authorised_at: a.authorised_at,
        authorised_by: name(a.authorised_by),
        completed_date: a.completed_date,
        outcome: a.outcome.map(|o| o.label().to_owned()),
        agency_answers: agency_answers(&f.requests, &f.notes),
        addenda: f
            .addenda
            .iter()
            .map(|x| AddendumView {
                id: x.id,
                text: x.text.clone(),
                added_at: x.added_at,
                added_by: name(Some(x.added_by)).unwrap_or_default(),
            })
            .collect(),
    })
}

/// What the view reads besides `Loaded`: the addenda, the child, the requests for information
/// and the notes answering them, and the staff the document names.
struct ViewFacts {
    addenda: Vec<AddendumRow>,
    child: ff_store::people::PersonRow,
    requests: Vec<ff_store::cp_plans::InfoRequestRow>,
    notes: Vec<ff_store::case_notes::NoteRow>,
    users: Vec<ff_store::users::UserRow>,
}

/// Reads the addenda, the child, the requests and the notes the reader may see, then only the
/// staff the document names.
async fn load_view_facts(tx: &mut Tx, ctx: &Ctx, l: &Loaded) -> Result<ViewFacts> {
    let la = ctx.la();
    let d = &l.document;
    let a = &l.assessment;
    let addenda = ff_store::assessments::addenda(tx, la, a.id).await?;
    let mut facts = ChildFacts::new(l.child_id);
    let child = facts.person(tx, la).await?.ok_or(ServiceError::NotFound("child"))?;
    let requests = facts.requests(tx, la).await?;
    let notes = facts.notes(tx, la, ctx.actor.agency).await?;
    let people: Vec<Uuid> = l
        .sections
        .values()
        .filter_map(|s| s.by)
        .chain([d.saved_by, d.submitted_by, d.returned_by, a.authorised_by].into_iter().flatten())
        .chain(addenda.iter().map(|x| x.added_by))
        .collect();
    let users = ff_store::users::get_many(tx, la, &people).await?;
    Ok(ViewFacts { addenda, child, requests, notes, users })
}

/// The display name of a member of staff the document names.
fn user_name(users: &[ff_store::users::UserRow], id: Option<Uuid>) -> Option<String> {
    id.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone())
}

/// One section as saved, with who changed it last (empty when never written).
fn section_view(l: &Loaded, users: &[ff_store::users::UserRow], key: &str, label: String, hint: String, required: bool) -> SectionView {
    let s = l.sections.get(key).cloned().unwrap_or_else(Section::empty);
    SectionView {
        key: key.to_owned(),
        label,
        hint,
        required,
        text: s.text,
        rev: s.rev,
        changed_by: user_name(users, s.by),
        changed_at: s.at,
    }
}

/// Each part of the document with its sections; the adults' views part has one section for each
/// significant adult.
fn part_views(l: &Loaded, users: &[ff_store::users::UserRow]) -> Vec<PartView> {
    let section = |key: &str, label: String, hint: String, required: bool| section_view(l, users, key, label, hint, required);
    Part::ALL
        .iter()
        .map(|part| {
            let sections = if *part == Part::AdultsViews {
                l.adults
                    .iter()
                    .map(|adult| {
                        section(
                            &rules::adult_key(adult.person_id),
                            format!("{} ({})", adult.full_name, adult.relationship.to_lowercase()),
                            "Their views of the child's needs and of the worries, in their own words where possible; if they were not seen, say why.".into(),
                            true,
                        )
                    })
                    .collect()
            } else {
                rules::SECTIONS.iter().filter(|s| s.part == *part).map(|s| section(s.key, s.label.into(), s.hint.into(), s.required)).collect()
            };
            PartView { heading: part.heading().to_owned(), sections }
        })
        .collect()
}

/// The answers other agencies gave to requests for information about the child.
fn agency_answers(requests: &[ff_store::cp_plans::InfoRequestRow], notes: &[ff_store::case_notes::NoteRow]) -> Vec<AgencyAnswer> {
    requests
        .iter()
        .filter(|r| r.responded_on.is_some())
        .map(|r| AgencyAnswer {
            agency: r.agency.code().to_owned(),
            question: r.question.clone(),
            answered_on: r.responded_on,
            answer: r.response_note_id.and_then(|n| notes.iter().find(|x| x.id == n)).map(|x| x.note.clone()),
        })
        .collect()
}

/// Save changes to a draft (or a returned assessment). Each section is saved only if it was
/// changed from its current revision; otherwise nothing is saved and the answer is a conflict
/// naming each section someone else changed, with their text. A save that changes nothing
/// writes nothing (autosave sends one every few seconds).
pub async fn save_draft(db: &Db, ctx: &Ctx, id: Uuid, input: &DraftInput) -> Result<DraftSaved> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, id, Action::WorkOnCase).await?;
    let status = l.status();
    if !status.is_open_for_writing() {
        return Err(ff_domain::RuleRefusal {
            rule: "R-AS-1",
            message: match status {
                Status::Authorised => "This assessment is authorised and locked; add an addendum instead.".into(),
                _ => "This assessment is waiting for a manager; it can be changed again if they return it.".into(),
            },
        }
        .into());
    }
    let edits: Vec<Edit> = input.sections.iter().map(|e| Edit { key: e.key.clone(), text: e.text.clone(), base_rev: e.base_rev }).collect();
    let merged = rules::merge(&l.sections, &edits, &l.adult_ids(), ctx.actor.user_id, ctx.now)?;
    if !merged.conflicts.is_empty() {
        let v = view(&mut tx, ctx, &l).await?;
        let theirs = v.sections().filter(|s| merged.conflicts.contains(&s.key)).cloned().collect();
        return Err(ServiceError::SectionConflict(theirs));
    }
    let mut doc = l.document.clone();
    if !merged.changed.is_empty() {
        doc.sections = sections_json(&merged.sections)?;
        doc.version += 1;
        doc.saved_at = Some(ctx.now);
        doc.saved_by = Some(ctx.actor.user_id);
        if !ff_store::assessments::update_document(&mut tx, ctx.la(), &doc, l.document.version).await? {
            return Err(stale("assessment", l.document.version + 1));
        }
        // Words another person wrote that this save replaces are kept whole
        // (nothing silently overwritten, even when the writer chose to keep their own words).
        let replaced: BTreeMap<&String, &Section> = merged
            .changed
            .iter()
            .filter_map(|k| l.sections.get_key_value(k))
            .filter(|(_, s)| !s.text.trim().is_empty() && s.by.is_some_and(|b| b != ctx.actor.user_id))
            .collect();
        if !replaced.is_empty() {
            let kept = serde_json::json!({"status": "draft", "replaced_sections": replaced});
            ff_store::versions::record_version(&mut tx, ctx.la(), "assessment", id, doc.version, &kept, Some(ctx.actor.user_id), ctx.now)
                .await?;
        }
        let what = merged.changed.iter().map(|k| rules::spec(k).map_or("a parent's or carer's views", |s| s.label)).collect::<Vec<_>>();
        audit(&mut tx, ctx, "update", "assessment", Some(id.to_string()), format!("draft saved: {}", what.join(", "))).await?;
    }
    let after = Loaded { sections: merged.sections, document: doc, ..l };
    let v = view(&mut tx, ctx, &after).await?;
    tx.commit().await?;
    let sections: Vec<SectionView> = v.sections().cloned().collect();
    Ok(crate::written::answer(v.version, v.saved_at, &sections, &merged.changed, &input.seen))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SubmitInput {
    /// The document version the practitioner read: what they submit is what they saw.
    pub version: i32,
}

/// Submit the written assessment to a manager: every required section and each significant
/// adult's views must be written (R-AS-1, F10). The submitted version is kept.
pub async fn submit(db: &Db, ctx: &Ctx, id: Uuid, input: &SubmitInput) -> Result<()> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, id, Action::WorkOnCase).await?;
    let next = rules::submit(l.status())?;
    let adults: Vec<(Uuid, String)> = l.adults.iter().map(|a| (a.person_id, a.full_name.clone())).collect();
    rules::check_ready_to_submit(&l.sections, &adults)?;
    let mut doc = l.document.clone();
    doc.status = next;
    doc.submitted_at = Some(ctx.now);
    doc.submitted_by = Some(ctx.actor.user_id);
    transition(&mut tx, ctx, &l, doc, input.version, "submit", "written assessment submitted to a manager").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReturnInput {
    /// What needs to change, for the practitioner.
    pub comment: String,
    pub version: i32,
}

/// A manager returns a submitted assessment to the practitioner with comments.
pub async fn return_for_changes(db: &Db, ctx: &Ctx, id: Uuid, input: &ReturnInput) -> Result<()> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, id, Action::AuthoriseAssessment).await?;
    let next = rules::return_for_changes(l.status(), &input.comment)?;
    let mut doc = l.document.clone();
    doc.status = next;
    doc.returned_at = Some(ctx.now);
    doc.returned_by = Some(ctx.actor.user_id);
    doc.return_comment = Some(input.comment.trim().to_owned());
    transition(&mut tx, ctx, &l, doc, input.version, "return", "written assessment returned to the practitioner").await?;
    tx.commit().await?;
    Ok(())
}

/// Marks the document authorised as part of `complete_assessment` (which has checked the
/// manager and recorded the census facts); refused unless it was submitted.
pub(crate) async fn authorise_document(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<()> {
    let l = load(tx, ctx, id, Action::AuthoriseAssessment).await?;
    let next = rules::authorise(l.status())?;
    let mut doc = l.document.clone();
    doc.status = next;
    let version = l.document.version;
    transition(tx, ctx, &l, doc, version, "authorise", "written assessment authorised and locked").await
}

/// Saves a lifecycle step at `expected` (409 otherwise), keeps the version in record_versions
/// and writes the audit event.
async fn transition(tx: &mut Tx, ctx: &Ctx, l: &Loaded, mut doc: DocumentRow, expected: i32, action: &str, summary: &str) -> Result<()> {
    if l.document.version != expected {
        return Err(stale("assessment", l.document.version));
    }
    doc.version = expected + 1;
    if !ff_store::assessments::update_document(tx, ctx.la(), &doc, expected).await? {
        return Err(stale("assessment", expected + 1));
    }
    let kept = serde_json::json!({"status": doc.status, "sections": l.sections, "return_comment": doc.return_comment});
    ff_store::versions::record_version(tx, ctx.la(), "assessment", l.assessment.id, doc.version, &kept, Some(ctx.actor.user_id), ctx.now)
        .await?;
    audit(tx, ctx, action, "assessment", Some(l.assessment.id.to_string()), summary).await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AddendumInput {
    pub text: String,
}

/// Add to an authorised assessment without changing it: an addendum, kept for ever.
pub async fn add_addendum(db: &Db, ctx: &Ctx, id: Uuid, input: &AddendumInput) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let l = load(&mut tx, ctx, id, Action::WorkOnCase).await?;
    if l.status() != Status::Authorised {
        return Err(crate::field_err(
            "text",
            "Addenda are for an authorised assessment; change the draft itself while it is being written",
        ));
    }
    let text = input.text.trim();
    if text.is_empty() {
        return Err(crate::field_err("text", "Write the addendum"));
    }
    if text.chars().count() > rules::SECTION_MAX_CHARS {
        return Err(crate::field_err("text", format!("Keep an addendum to {} characters or fewer", rules::SECTION_MAX_CHARS)));
    }
    let row = AddendumRow { id: ctx.new_id(), assessment_id: id, text: text.to_owned(), added_at: ctx.now, added_by: ctx.actor.user_id };
    ff_store::assessments::insert_addendum(&mut tx, ctx.la(), &row).await?;
    audit(&mut tx, ctx, "create", "assessment_addendum", Some(row.id.to_string()), "addendum added to an authorised assessment").await?;
    tx.commit().await?;
    Ok(row.id)
}
