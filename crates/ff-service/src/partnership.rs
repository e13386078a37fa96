//! The safeguarding partnership's serious incidents and reviews (
//! `ff_domain::partnership`). One function per user action: authorise → parse the input into a
//! typed draft → load the incident → the domain's decision → save at the version read (with the
//! record's version kept and one audit event) → commit. The partnership's business manager keeps
//! these records; delegated partners and the scrutineer read them. Neither reads a child's record
//! through this role: an incident names the child, nothing more.

pub mod arrangements;
pub mod audits;
pub mod data_set;
pub mod learning;
pub mod meetings;
pub mod report;
pub mod section11;

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::calendar::WorkingCalendar;
use ff_domain::nhs::NhsNumber;
use ff_domain::partnership::{
    Clock, IncidentFacts, IncidentKind, LocalReviewSoFar, LocalReviewStep, Notification, PartnershipSettings, ReviewAgency, ReviewOutcome,
    Stage, check_incident, check_local_review_step, check_notification, check_review, check_summary_received, check_summary_request,
    clocks, earliest_publication, summary_due,
};
use ff_domain::policy::Action;
use ff_store::partnership::{IncidentRow, SummaryRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::versioned::{aggregate, save};
use crate::{Ctx, Result, ServiceError, audit, field_err, parse_code, parsed, stale, trimmed};

/// The longest free text kept on an incident (a page of writing; the full reports are documents).
const LONG: usize = 10_000;
const PAGE: i64 = 50;

fn text(field: &str, value: &str, what: &str, max: usize, errors: &mut ValidationErrors) -> String {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max {
        errors.add(field, format!("Enter {what} ({max} characters or fewer)"));
    }
    v.to_owned()
}

fn optional_text(field: &str, value: &Option<String>, max: usize, errors: &mut ValidationErrors) -> Option<String> {
    let v = trimmed(value);
    if v.as_ref().is_some_and(|v| v.chars().count() > max) {
        errors.add(field, format!("Keep this to {max} characters or fewer"));
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Inputs (as sent) and the typed drafts they become at the boundary.

/// A serious incident as the council learns of it (MASA-SYS-2).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct IncidentInput {
    /// The child's NHS number (the consistent identifier), or `child_id`.
    #[serde(default)]
    pub child_nhs_number: Option<String>,
    /// The child's record in this council, when the NHS number is not known.
    #[serde(default)]
    pub child_id: Option<Uuid>,
    /// death or serious_harm (MASA-RR-1).
    pub kind: String,
    /// The child was looked after at the time (MASA-RR-4).
    #[serde(default)]
    pub looked_after: bool,
    /// It happened outside England while the child normally lived here (MASA-RR-2).
    #[serde(default)]
    pub outside_england: bool,
    /// The child's home council, when it is another one.
    #[serde(default)]
    pub home_la: Option<String>,
    pub incident_on: NaiveDate,
    /// The day the council became aware: the notification clock starts here (MASA-RR-2).
    pub aware_on: NaiveDate,
    /// What happened, briefly.
    pub what_happened: String,
}

struct IncidentDraft {
    child: ChildRef,
    kind: IncidentKind,
    home_la: Option<String>,
    what_happened: String,
}

enum ChildRef {
    Nhs(NhsNumber),
    Id(Uuid),
}

impl IncidentInput {
    fn draft(&self, today: NaiveDate) -> Result<IncidentDraft> {
        let mut errors = ValidationErrors::new();
        let child = match (trimmed(&self.child_nhs_number), self.child_id) {
            (Some(n), _) => match NhsNumber::parse(&n) {
                Ok(n) => Some(ChildRef::Nhs(n)),
                Err(_) => {
                    errors.add("child_nhs_number", "Enter a valid NHS number: 10 digits, the last a check digit (like 943 476 5919); check it against the child's record");
                    None
                }
            },
            (None, Some(id)) => Some(ChildRef::Id(id)),
            (None, None) => {
                errors.add("child_nhs_number", "Enter the child's NHS number");
                None
            }
        };
        let kind =
            parse_code("kind", &self.kind, IncidentKind::from_code, "Choose whether the child died or was seriously harmed", &mut errors);
        let home_la = optional_text("home_la", &self.home_la, 100, &mut errors);
        let what_happened = text("what_happened", &self.what_happened, "what happened, briefly", 2_000, &mut errors);
        if let Err(e) = check_incident(self.incident_on, self.aware_on, today) {
            errors.0.extend(e.0);
        }
        errors.into_result(())?;
        Ok(IncidentDraft { child: parsed(child)?, kind: parsed(kind)?, home_la, what_happened })
    }
}

/// The decision on notifying the Panel (MASA-RR-2): sent through Ofsted's form, or not, with why.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NotificationInput {
    pub version: i32,
    /// true: the Panel was notified; false: the decision not to notify.
    pub notified: bool,
    /// The day the notification was sent, or the decision not to notify was made.
    pub on: NaiveDate,
    #[serde(default)]
    pub ofsted_reference: Option<String>,
    /// Why the Panel is not being notified (required when `notified` is false).
    #[serde(default)]
    pub reasons: Option<String>,
}

impl NotificationInput {
    fn draft(&self) -> Result<Notification> {
        let mut errors = ValidationErrors::new();
        let reference = optional_text("ofsted_reference", &self.ofsted_reference, 40, &mut errors);
        let reasons = optional_text("reasons", &self.reasons, LONG, &mut errors);
        errors.into_result(())?;
        Ok(if self.notified {
            Notification::Sent { on: self.on, ofsted_reference: reference }
        } else {
            Notification::NotNotified { on: self.on, reasons: reasons.unwrap_or_default() }
        })
    }
}

/// Ask an agency for a summary of its involvement (MASA-RR-8).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SummaryRequestInput {
    /// childrens_social_care, police, health, school, early_years, probation, youth_justice,
    /// housing or other.
    pub agency: String,
    /// The agency by name ("Northmoor Police", "St Anne's Primary School").
    pub agency_name: String,
    pub requested_on: NaiveDate,
}

/// The agency's summary came back.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SummaryReceivedInput {
    pub version: i32,
    pub received_on: NaiveDate,
    /// What it said, in short.
    #[serde(default)]
    pub summary: Option<String>,
}

/// The rapid review signed off by the three partners and sent to the Panel (MASA-RR-5, -6).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RapidReviewInput {
    pub version: i32,
    pub completed_on: NaiveDate,
    pub sent_to_panel_on: NaiveDate,
    #[serde(default)]
    pub immediate_actions: String,
    /// How race, racism and other inequalities, disability among them, shaped the child's
    /// experience and the practice around them.
    #[serde(default)]
    pub equality_analysis: String,
    /// The decision on a local child safeguarding practice review.
    pub hold_local_review: bool,
    #[serde(default)]
    pub reasons: String,
}

impl RapidReviewInput {
    fn draft(&self) -> Result<ReviewOutcome> {
        let mut errors = ValidationErrors::new();
        for (field, v) in
            [("immediate_actions", &self.immediate_actions), ("equality_analysis", &self.equality_analysis), ("reasons", &self.reasons)]
        {
            if v.chars().count() > LONG {
                errors.add(field, format!("Keep this to {LONG} characters or fewer"));
            }
        }
        errors.into_result(())?;
        Ok(ReviewOutcome {
            completed_on: self.completed_on,
            sent_to_panel_on: self.sent_to_panel_on,
            immediate_actions: self.immediate_actions.trim().to_owned(),
            equality_analysis: self.equality_analysis.trim().to_owned(),
            hold_local_review: self.hold_local_review,
            reasons: self.reasons.trim().to_owned(),
        })
    }
}

/// A step of the local child safeguarding practice review (MASA-RR-7).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct LocalReviewInput {
    pub version: i32,
    /// commissioned (the independent reviewer), panel_copy (the final report to the Panel and the
    /// Secretary of State) or published.
    pub step: String,
    pub on: NaiveDate,
    /// The independent reviewer (for `commissioned`).
    #[serde(default)]
    pub reviewer: Option<String>,
    /// Where the report is published (for `published`).
    #[serde(default)]
    pub link: Option<String>,
}

impl LocalReviewInput {
    fn draft(&self) -> Result<LocalReviewStep> {
        let mut errors = ValidationErrors::new();
        let step = match self.step.trim() {
            "commissioned" => {
                let reviewer =
                    text("reviewer", self.reviewer.as_deref().unwrap_or(""), "the independent reviewer's name", 200, &mut errors);
                Some(LocalReviewStep::Commissioned { reviewer, on: self.on })
            }
            "panel_copy" => Some(LocalReviewStep::PanelCopy { on: self.on }),
            "published" => {
                let link = text("link", self.link.as_deref().unwrap_or(""), "where the report is published", 500, &mut errors);
                if !(link.starts_with("https://") || link.starts_with("http://")) {
                    errors.add("link", "Enter the web address, starting https://");
                }
                Some(LocalReviewStep::Published { on: self.on, link })
            }
            _ => {
                errors.add("step", "Choose the step: the reviewer commissioned, the Panel's copy, or publication");
                None
            }
        };
        errors.into_result(())?;
        parsed(step)
    }
}

// ---------------------------------------------------------------------------------------------
// The incident aggregate: loaded once per action, saved at the version read.

async fn load(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<IncidentRow> {
    ff_store::partnership::get_incident(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("serious incident"))
}

async fn load_at(tx: &mut Tx, ctx: &Ctx, id: Uuid, version: i32) -> Result<IncidentRow> {
    let i = load(tx, ctx, id).await?;
    if i.version != version {
        return Err(stale("serious incident", i.version));
    }
    Ok(i)
}

aggregate!(IncidentRow, "serious_incident", "serious incident", |i, tx, la, read| ff_store::partnership::save_incident(tx, la, i, read));
aggregate!(SummaryRow, "agency_summary", "agency summary", |s, tx, la, read| ff_store::partnership::save_summary(tx, la, s, read));

async fn partnership_settings(tx: &mut Tx, ctx: &Ctx) -> Result<(PartnershipSettings, WorkingCalendar)> {
    let (s, cal) = crate::settings_and_calendar(tx, ctx.la()).await?;
    Ok((s.partnership, cal))
}

// ---------------------------------------------------------------------------------------------
// Actions.

/// Record a serious incident (MASA-SYS-2). The notification clock starts on the day the council
/// became aware.
pub async fn record_incident(db: &Db, ctx: &Ctx, input: &IncidentInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let draft = input.draft(ctx.today())?;
    let mut tx = db.begin().await?;
    let child = match &draft.child {
        ChildRef::Nhs(n) => ff_store::people::find_by_nhs(&mut tx, ctx.la(), n.as_str()).await?,
        ChildRef::Id(id) => ff_store::people::get_person(&mut tx, ctx.la(), *id).await?.filter(|p| p.merged_into.is_none()),
    };
    let Some(child) = child else {
        return Err(field_err("child_nhs_number", "No child with that NHS number is known to the council: check the number"));
    };
    // Looked after at the time if the child's care record says so, whatever was ticked
    // (MASA-RR-4 turns on it).
    let in_care = ff_store::looked_after::of_child(&mut tx, ctx.la(), child.id)
        .await?
        .iter()
        .any(|e| e.start_date <= input.incident_on && e.end_date.is_none_or(|end| end >= input.incident_on));
    let row = IncidentRow {
        id: ctx.new_id(),
        child_id: child.id,
        kind: draft.kind,
        looked_after: input.looked_after || in_care,
        outside_england: input.outside_england,
        home_la: draft.home_la,
        incident_on: input.incident_on,
        aware_on: input.aware_on,
        what_happened: draft.what_happened,
        stage: Stage::AwaitingDecision,
        decision_on: None,
        notified: None,
        ofsted_reference: None,
        not_notified_reasons: None,
        decided_by: None,
        review_completed_on: None,
        sent_to_panel_on: None,
        immediate_actions: None,
        equality_analysis: None,
        hold_local_review: None,
        local_review_reasons: None,
        reviewer: None,
        commissioned_on: None,
        panel_copy_on: None,
        published_on: None,
        publication_link: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::partnership::insert_incident(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "serious_incident", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "serious_incident", Some(row.id.to_string()), "serious incident recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Record the decision on notifying the Panel (MASA-RR-2..4): a notification starts the rapid
/// review; a decision not to notify closes the incident with its reasons.
pub async fn decide_notification(db: &Db, ctx: &Ctx, id: Uuid, input: &NotificationInput) -> Result<()> {
    ctx.authorise(Action::ManagePartnership)?;
    let decision = input.draft()?;
    let mut tx = db.begin().await?;
    let i = load_at(&mut tx, ctx, id, input.version).await?;
    check_notification(i.stage, i.kind, i.looked_after, i.aware_on, &decision, ctx.today())?;
    let mut next = i.clone();
    next.decision_on = Some(decision.on());
    next.decided_by = Some(ctx.actor.user_id);
    let what = match decision {
        Notification::Sent { ofsted_reference, .. } => {
            next.notified = Some(true);
            next.ofsted_reference = ofsted_reference;
            next.stage = Stage::RapidReview;
            "Panel notified; rapid review started"
        }
        Notification::NotNotified { reasons, .. } => {
            next.notified = Some(false);
            next.not_notified_reasons = Some(reasons);
            next.stage = Stage::NotNotified;
            "decision not to notify the Panel recorded"
        }
    };
    save(&mut tx, ctx, i.version, next, "update", what).await?;
    tx.commit().await?;
    Ok(())
}

/// Ask an agency for its summary (MASA-RR-8), due 10 working days after the notification.
pub async fn request_summary(db: &Db, ctx: &Ctx, id: Uuid, input: &SummaryRequestInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let agency = parse_code("agency", &input.agency, ReviewAgency::from_code, "Choose the agency", &mut errors);
    let name = text("agency_name", &input.agency_name, "the agency's name", 200, &mut errors);
    errors.into_result(())?;
    let agency = parsed(agency)?;
    let mut tx = db.begin().await?;
    let i = load(&mut tx, ctx, id).await?;
    let notified_on = i.decision_on.filter(|_| i.notified == Some(true));
    check_summary_request(i.stage, notified_on, input.requested_on, ctx.today())?;
    let (s, cal) = partnership_settings(&mut tx, ctx).await?;
    let row = SummaryRow {
        id: ctx.new_id(),
        incident_id: i.id,
        agency,
        agency_name: name,
        requested_on: input.requested_on,
        // Day 10 after the notification (MASA-RR-8); an agency asked after that answers by the
        // review's own day.
        due_on: {
            let n = parsed(notified_on)?;
            let due = summary_due(n, &s, &cal);
            if input.requested_on > due { ff_domain::partnership::rapid_review_due(n, &s, &cal).max(input.requested_on) } else { due }
        },
        received_on: None,
        summary: None,
        document_id: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::partnership::insert_summary(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "agency_summary", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "agency_summary", Some(row.id.to_string()), format!("summary asked of {}", agency.label())).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The agency's summary came back. Returns the incident it belongs to.
pub async fn receive_summary(db: &Db, ctx: &Ctx, id: Uuid, input: &SummaryReceivedInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let summary = optional_text("summary", &input.summary, LONG, &mut errors);
    errors.into_result(())?;
    let mut tx = db.begin().await?;
    let s = ff_store::partnership::get_summary(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("agency summary"))?;
    if s.version != input.version {
        return Err(stale("agency summary", s.version));
    }
    check_summary_received(s.requested_on, s.received_on.is_some(), input.received_on, ctx.today())?;
    let next = SummaryRow { received_on: Some(input.received_on), summary, ..s.clone() };
    save(&mut tx, ctx, s.version, next, "update", format!("summary received from {}", s.agency.label())).await?;
    tx.commit().await?;
    Ok(s.incident_id)
}

/// The agency's written summary kept as a document (MASA-RR-8), at the summary's version, once the
/// summary is recorded as received. The file is checked as every document is (its kind from its
/// content, its size within the limit) and kept with the child's documents, read only through the
/// partnership. Returns the incident it belongs to.
pub async fn attach_summary_document(
    db: &Db,
    ctx: &Ctx,
    cfg: &crate::documents::DocumentConfig,
    id: Uuid,
    version: i32,
    filename: &str,
    bytes: &[u8],
) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut errors = match crate::documents::check_file(cfg, "file", filename, bytes) {
        Ok(_) => ValidationErrors::new(),
        Err(e) => e,
    };
    let mut tx = db.begin().await?;
    let s = ff_store::partnership::get_summary(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("agency summary"))?;
    if s.version != version {
        return Err(stale("agency summary", s.version));
    }
    if s.received_on.is_none() {
        errors.add("received_on", "Record the day the summary was received before adding the agency's written summary");
    }
    errors.into_result(())?;
    let file_type = crate::documents::check_file(cfg, "file", filename, bytes)?;
    let i = load(&mut tx, ctx, s.incident_id).await?;
    let document = crate::documents::keep_for(
        &mut tx,
        ctx,
        cfg,
        i.child_id,
        ff_domain::documents::DocumentCategory::RapidReviewSummary,
        format!("Summary from {}", s.agency_name),
        filename,
        file_type,
        bytes,
    )
    .await?;
    audit(&mut tx, ctx, "create", "document", Some(document.to_string()), format!("agency summary document added ({} bytes)", bytes.len()))
        .await?;
    let next = SummaryRow { document_id: Some(document), ..s.clone() };
    save(&mut tx, ctx, s.version, next, "update", format!("written summary added from {}", s.agency.label())).await?;
    tx.commit().await?;
    Ok(s.incident_id)
}

/// Read an agency's written summary: only those who may see the partnership's incidents, and every
/// reading audited; a file that does not match its checksum is never sent.
pub async fn summary_document(db: &Db, ctx: &Ctx, cfg: &crate::documents::DocumentConfig, id: Uuid) -> Result<crate::documents::Download> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let s = ff_store::partnership::get_summary(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("agency summary"))?;
    let doc = s.document_id.ok_or(ServiceError::NotFound("document"))?;
    let d = ff_store::documents::get(&mut tx, ctx.la(), doc).await?.ok_or(ServiceError::NotFound("document"))?;
    let file = crate::documents::file_of(&mut tx, ctx, cfg, &d).await?;
    audit(&mut tx, ctx, "download", "document", Some(doc.to_string()), format!("agency summary read ({} bytes)", file.bytes.len())).await?;
    tx.commit().await?;
    Ok(file)
}

/// The rapid review is signed off and sent to the Panel with the decision on a local review
/// (MASA-RR-5, -6): a decision to hold one starts its 6-month clock (MASA-RR-7).
pub async fn complete_review(db: &Db, ctx: &Ctx, id: Uuid, input: &RapidReviewInput) -> Result<()> {
    ctx.authorise(Action::ManagePartnership)?;
    let outcome = input.draft()?;
    let mut tx = db.begin().await?;
    let i = load_at(&mut tx, ctx, id, input.version).await?;
    let summaries = ff_store::partnership::summaries_of(&mut tx, ctx.la(), &[id]).await?;
    let unanswered: Vec<String> = summaries.iter().filter(|s| s.received_on.is_none()).map(|s| s.agency_name.clone()).collect();
    let last_received = summaries.iter().filter_map(|s| s.received_on).max();
    let notified_on = i.decision_on.filter(|_| i.notified == Some(true));
    check_review(i.stage, notified_on, &unanswered, last_received, &outcome, ctx.today())?;
    let next = IncidentRow {
        review_completed_on: Some(outcome.completed_on),
        sent_to_panel_on: Some(outcome.sent_to_panel_on),
        immediate_actions: Some(outcome.immediate_actions).filter(|s| !s.is_empty()),
        equality_analysis: Some(outcome.equality_analysis),
        hold_local_review: Some(outcome.hold_local_review),
        local_review_reasons: Some(outcome.reasons),
        stage: if outcome.hold_local_review { Stage::LocalReview } else { Stage::Reviewed },
        ..i.clone()
    };
    let what = if outcome.hold_local_review {
        "rapid review sent to the Panel; local practice review to be held"
    } else {
        "rapid review sent to the Panel; no local practice review"
    };
    save(&mut tx, ctx, i.version, next, "update", what).await?;
    tx.commit().await?;
    Ok(())
}

/// A step of the local practice review (MASA-RR-7): the reviewer commissioned, the final report
/// to the Panel and the Secretary of State, publication at least 7 working days later.
pub async fn local_review_step(db: &Db, ctx: &Ctx, id: Uuid, input: &LocalReviewInput) -> Result<()> {
    ctx.authorise(Action::ManagePartnership)?;
    let step = input.draft()?;
    let mut tx = db.begin().await?;
    let i = load_at(&mut tx, ctx, id, input.version).await?;
    let (s, cal) = partnership_settings(&mut tx, ctx).await?;
    let so_far = LocalReviewSoFar {
        decided_on: i.review_completed_on.filter(|_| i.hold_local_review == Some(true)),
        commissioned_on: i.commissioned_on,
        panel_copy_on: i.panel_copy_on,
    };
    check_local_review_step(i.stage, so_far, &step, &s, &cal, ctx.today())?;
    let mut next = i.clone();
    let what = match step {
        LocalReviewStep::Commissioned { reviewer, on } => {
            next.reviewer = Some(reviewer);
            next.commissioned_on = Some(on);
            "independent reviewer commissioned"
        }
        LocalReviewStep::PanelCopy { on } => {
            next.panel_copy_on = Some(on);
            "final report sent to the Panel and the Secretary of State"
        }
        LocalReviewStep::Published { on, link } => {
            next.published_on = Some(on);
            next.publication_link = Some(link);
            next.stage = Stage::Published;
            "local practice review published"
        }
    };
    save(&mut tx, ctx, i.version, next, "update", what).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// One clock as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClockView {
    /// The rule it comes from (MASA-RR-2, -5, -7, -8).
    pub rule: String,
    pub what: String,
    pub due: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub overdue: bool,
    /// Done, after its day.
    pub late: bool,
}

fn clock_view(c: &Clock, today: NaiveDate) -> ClockView {
    ClockView { rule: c.rule.into(), what: c.what.clone(), due: c.due, done_on: c.done_on, overdue: c.overdue(today), late: c.late() }
}

/// An agency asked for its summary.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SummaryView {
    pub id: Uuid,
    pub agency: String,
    pub agency_label: String,
    pub agency_name: String,
    pub requested_on: NaiveDate,
    pub due_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub summary: Option<String>,
    /// The agency's written summary, read through `/summaries/{id}/document` (MASA-RR-8).
    pub has_document: bool,
    pub overdue: bool,
    pub version: i32,
}

/// A serious incident with its clocks and what can be recorded next.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentView {
    pub id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    pub kind: String,
    pub kind_label: String,
    pub looked_after: bool,
    pub outside_england: bool,
    pub home_la: Option<String>,
    pub incident_on: NaiveDate,
    pub aware_on: NaiveDate,
    pub what_happened: String,
    pub stage: String,
    pub stage_label: String,
    /// The decision on notifying the Panel: true notified, false not, none not yet.
    pub notified: Option<bool>,
    pub decision_on: Option<NaiveDate>,
    pub ofsted_reference: Option<String>,
    pub not_notified_reasons: Option<String>,
    /// The child's other incidents, oldest first: one within a week of this may be the same one
    /// recorded twice.
    pub other_incidents: Vec<OtherIncident>,
    pub summaries: Vec<SummaryView>,
    /// The rapid review's meetings in date order (MASA-RR-5, MASA-SYS-3).
    pub meetings: Vec<meetings::ReviewMeetingView>,
    pub review_completed_on: Option<NaiveDate>,
    pub sent_to_panel_on: Option<NaiveDate>,
    pub immediate_actions: Option<String>,
    pub equality_analysis: Option<String>,
    pub hold_local_review: Option<bool>,
    pub local_review_reasons: Option<String>,
    pub reviewer: Option<String>,
    pub commissioned_on: Option<NaiveDate>,
    pub panel_copy_on: Option<NaiveDate>,
    /// The first day the local review may be published (MASA-RR-7), once the Panel has its copy.
    pub earliest_publication: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub publication_link: Option<String>,
    pub clocks: Vec<ClockView>,
    /// The next step of the local review: commissioned, panel_copy or published.
    pub next_local_step: Option<String>,
    /// The learning actions agreed from this incident's reviews (MASA-SYS-5).
    pub learning: Vec<learning::ActionView>,
    pub version: i32,
}

fn facts(i: &IncidentRow, summaries: &[&SummaryRow]) -> IncidentFacts {
    let notified_on = i.decision_on.filter(|_| i.notified == Some(true));
    let decided = i.review_completed_on.filter(|_| i.hold_local_review == Some(true));
    IncidentFacts {
        aware_on: Some(i.aware_on),
        notified_on,
        decision_on: i.decision_on,
        sent_to_panel_on: i.sent_to_panel_on,
        local_review_decided_on: decided,
        final_report_on: i.panel_copy_on,
        summaries: summaries.iter().map(|x| (x.agency_name.clone(), x.due_on, x.received_on)).collect(),
    }
}

fn view(
    i: IncidentRow,
    child_name: String,
    summaries: Vec<SummaryRow>,
    s: &PartnershipSettings,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> IncidentView {
    let refs: Vec<&SummaryRow> = summaries.iter().collect();
    let clocks = clocks(&facts(&i, &refs), s, cal).iter().map(|c| clock_view(c, today)).collect();
    let next_local_step = (i.stage == Stage::LocalReview).then(|| {
        if i.commissioned_on.is_none() {
            "commissioned"
        } else if i.panel_copy_on.is_none() {
            "panel_copy"
        } else {
            "published"
        }
        .to_owned()
    });
    IncidentView {
        id: i.id,
        child_id: i.child_id,
        child_name,
        kind: i.kind.code().into(),
        kind_label: i.kind.label().into(),
        looked_after: i.looked_after,
        outside_england: i.outside_england,
        home_la: i.home_la,
        incident_on: i.incident_on,
        aware_on: i.aware_on,
        what_happened: i.what_happened,
        stage: i.stage.code().into(),
        stage_label: i.stage.label().into(),
        notified: i.notified,
        decision_on: i.decision_on,
        ofsted_reference: i.ofsted_reference,
        other_incidents: vec![],
        not_notified_reasons: i.not_notified_reasons,
        meetings: vec![],
        summaries: summaries
            .into_iter()
            .map(|x| SummaryView {
                id: x.id,
                agency: x.agency.code().into(),
                agency_label: x.agency.label().into(),
                overdue: x.received_on.is_none() && today > x.due_on,
                agency_name: x.agency_name,
                requested_on: x.requested_on,
                due_on: x.due_on,
                received_on: x.received_on,
                summary: x.summary,
                has_document: x.document_id.is_some(),
                version: x.version,
            })
            .collect(),
        review_completed_on: i.review_completed_on,
        sent_to_panel_on: i.sent_to_panel_on,
        immediate_actions: i.immediate_actions,
        equality_analysis: i.equality_analysis,
        hold_local_review: i.hold_local_review,
        local_review_reasons: i.local_review_reasons,
        reviewer: i.reviewer,
        commissioned_on: i.commissioned_on,
        panel_copy_on: i.panel_copy_on,
        earliest_publication: i.panel_copy_on.map(|c| earliest_publication(c, s, cal)),
        published_on: i.published_on,
        publication_link: i.publication_link,
        clocks,
        next_local_step,
        learning: vec![],
        version: i.version,
    }
}

async fn child_names(tx: &mut Tx, ctx: &Ctx, ids: &[Uuid]) -> Result<std::collections::HashMap<Uuid, String>> {
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    let mut out = std::collections::HashMap::new();
    for chunk in unique.chunks(200) {
        out.extend(ff_store::people::names_of(tx, ctx.la(), chunk).await?);
    }
    Ok(out)
}

/// A serious incident's page. Audited as a view.
pub async fn incident(db: &Db, ctx: &Ctx, id: Uuid) -> Result<IncidentView> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let i = load(&mut tx, ctx, id).await?;
    let summaries = ff_store::partnership::summaries_of(&mut tx, ctx.la(), &[id]).await?;
    let names = child_names(&mut tx, ctx, &[i.child_id]).await?;
    let (s, cal) = partnership_settings(&mut tx, ctx).await?;
    let actions = ff_store::partnership::learning_of(&mut tx, ctx.la(), id).await?;
    let meetings = meetings::of_incident(&mut tx, ctx, id).await?;
    let others: Vec<OtherIncident> = ff_store::partnership::incidents_of_child(&mut tx, ctx.la(), i.child_id)
        .await?
        .into_iter()
        .filter(|o| o.id != i.id)
        .map(|o| OtherIncident {
            id: o.id,
            incident_on: o.incident_on,
            kind_label: o.kind.label().to_owned(),
            maybe_same: (o.incident_on - i.incident_on).num_days().abs() <= 7,
        })
        .collect();
    audit(&mut tx, ctx, "view", "serious_incident", Some(id.to_string()), "serious incident viewed").await?;
    tx.commit().await?;
    let name = names.get(&i.child_id).cloned().unwrap_or_default();
    let today = ctx.today();
    let mut v = view(i, name, summaries, &s, &cal, today);
    v.learning = actions.into_iter().map(|a| learning::view(a, today)).collect();
    v.other_incidents = others;
    v.meetings = meetings;
    Ok(v)
}

/// Another incident about the same child.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OtherIncident {
    pub id: Uuid,
    pub incident_on: NaiveDate,
    pub kind_label: String,
    /// Within 7 days of this one: perhaps the same incident recorded twice.
    pub maybe_same: bool,
}

/// One incident in a list: what is due next and whether anything is overdue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentLine {
    pub id: Uuid,
    pub child_name: String,
    pub kind_label: String,
    pub aware_on: NaiveDate,
    pub stage: String,
    pub stage_label: String,
    /// The first clock not yet done.
    pub next: Option<ClockView>,
    /// How many of its clocks are overdue.
    pub overdue: usize,
}

/// The business manager's tray: the incidents with a clock running (overdue first, then by the
/// next day due), and every incident, newest first, a page at a time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnershipView {
    pub open: Vec<IncidentLine>,
    pub overdue: usize,
    pub all: Vec<IncidentLine>,
    /// Pass as `before` for the next page of `all`.
    pub next_before: Option<Uuid>,
    /// The yearly reports whose publication is overdue (MASA-SYS-8): final but not published, or
    /// published but not sent to the Panel or to Foundations, after the setting's days.
    pub reports_due: Vec<report::ReportDue>,
}

fn line(
    i: &IncidentRow,
    name: String,
    summaries: &[&SummaryRow],
    s: &PartnershipSettings,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> IncidentLine {
    let cs: Vec<ClockView> = clocks(&facts(i, summaries), s, cal).iter().map(|c| clock_view(c, today)).collect();
    let overdue = cs.iter().filter(|c| c.overdue).count();
    let next = cs.into_iter().filter(|c| c.done_on.is_none()).min_by_key(|c| c.due);
    IncidentLine {
        id: i.id,
        child_name: name,
        kind_label: i.kind.label().into(),
        aware_on: i.aware_on,
        stage: i.stage.code().into(),
        stage_label: i.stage.label().into(),
        next,
        overdue,
    }
}

/// The incidents with a clock running, and a page of all of them before `before`. Audited as a
/// view.
pub async fn overview(db: &Db, ctx: &Ctx, before: Option<Uuid>) -> Result<PartnershipView> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let open_stages: Vec<Stage> = Stage::ALL.iter().copied().filter(|s| s.is_open()).collect();
    let open = ff_store::partnership::incidents_at(&mut tx, ctx.la(), &open_stages, 500).await?;
    let from = match before {
        Some(id) => Some(load(&mut tx, ctx, id).await?),
        None => None,
    };
    let mut page = ff_store::partnership::incidents_page(&mut tx, ctx.la(), from.map(|f| (f.aware_on, f.id)), PAGE + 1).await?;
    let next_before = (page.len() > usize::try_from(PAGE).unwrap_or(0)).then(|| {
        page.truncate(usize::try_from(PAGE).unwrap_or(0));
        page.last().map(|p| p.id)
    });
    let ids: Vec<Uuid> = open.iter().chain(&page).map(|i| i.id).collect();
    let summaries = ff_store::partnership::summaries_of(&mut tx, ctx.la(), &ids).await?;
    let children: Vec<Uuid> = open.iter().chain(&page).map(|i| i.child_id).collect();
    let names = child_names(&mut tx, ctx, &children).await?;
    let (s, cal) = partnership_settings(&mut tx, ctx).await?;
    let reports_due = report::due(&mut tx, ctx, &s).await?;
    audit(&mut tx, ctx, "view", "serious_incident", None, "serious incidents listed").await?;
    tx.commit().await?;
    let today = ctx.today();
    let of = |i: &IncidentRow| {
        let mine: Vec<&SummaryRow> = summaries.iter().filter(|x| x.incident_id == i.id).collect();
        line(i, names.get(&i.child_id).cloned().unwrap_or_default(), &mine, &s, &cal, today)
    };
    let mut open: Vec<IncidentLine> = open.iter().map(of).collect();
    // Overdue first, then by the next day due; those waiting on nothing dated last.
    open.sort_by_key(|l| (l.overdue == 0, l.next.is_none(), l.next.as_ref().map(|c| c.due)));
    Ok(PartnershipView {
        overdue: open.iter().filter(|l| l.overdue > 0).count() + reports_due.len(),
        reports_due,
        open,
        all: page.iter().map(of).collect(),
        next_before: next_before.flatten(),
    })
}
