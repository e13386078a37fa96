//! A rapid review's meetings (`ff_domain::partnership::meetings`, MASA-RR-5, MASA-SYS-3): the
//! business manager records each meeting with the agencies present, what was decided and the
//! immediate actions agreed; a correction is a new version of the meeting at the version read
//! (409 when stale), every version kept. Shown on the incident's page in date order.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::partnership::ReviewAgency;
use ff_domain::partnership::meetings::{MeetingDraft, agencies_code, agencies_of, check_meeting};
use ff_domain::policy::Action;
use ff_store::partnership::{IncidentRow, MeetingRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::versioned::{aggregate, save};
use crate::{Ctx, Result, ServiceError, audit, stale};

aggregate!(MeetingRow, "rapid_review_meeting", "rapid review meeting", |m, tx, la, read| ff_store::partnership::save_meeting(
    tx, la, m, read
));

/// A rapid review meeting as recorded, or corrected at its `version`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ReviewMeetingInput {
    /// The version read, when correcting a meeting; left out for a new one.
    #[serde(default)]
    pub version: Option<i32>,
    pub held_on: NaiveDate,
    /// The agencies present: childrens_social_care, police, health, school, early_years,
    /// probation, youth_justice, housing or other.
    #[serde(default)]
    pub agencies: Vec<String>,
    /// What the meeting decided.
    #[serde(default)]
    pub decisions: String,
    /// The immediate actions agreed to keep children safe (may become learning actions).
    #[serde(default)]
    pub actions: String,
}

/// One meeting as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewMeetingView {
    pub id: Uuid,
    pub held_on: NaiveDate,
    /// The agencies present, by code and in words.
    pub agencies: Vec<String>,
    pub agency_labels: Vec<String>,
    pub decisions: String,
    pub actions: String,
    pub version: i32,
}

fn view(m: MeetingRow) -> ReviewMeetingView {
    let agencies = agencies_of(&m.agencies);
    ReviewMeetingView {
        id: m.id,
        held_on: m.held_on,
        agencies: agencies.iter().map(|a| a.code().to_owned()).collect(),
        agency_labels: agencies.iter().map(|a| a.label().to_owned()).collect(),
        decisions: m.decisions,
        actions: m.actions,
        version: m.version,
    }
}

/// An incident's meetings in date order, read in the caller's transaction.
pub(crate) async fn of_incident(tx: &mut Tx, ctx: &Ctx, incident: Uuid) -> Result<Vec<ReviewMeetingView>> {
    Ok(ff_store::partnership::meetings_of(tx, ctx.la(), incident).await?.into_iter().map(view).collect())
}

/// Every mistake in the meeting at once: the agencies' codes, then the domain's checks against the
/// incident's notification (MASA-RR-5).
fn checked(i: &IncidentRow, input: &ReviewMeetingInput, today: NaiveDate) -> Result<MeetingDraft> {
    let mut errors = ValidationErrors::new();
    let mut agencies = vec![];
    for code in input.agencies.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match ReviewAgency::from_code(code) {
            Some(a) => agencies.push(a),
            None => {
                if errors.for_field("agencies").is_none() {
                    errors.add("agencies", "Choose the agencies present from the list");
                }
            }
        }
    }
    let draft =
        MeetingDraft { held_on: input.held_on, agencies, decisions: input.decisions.trim().into(), actions: input.actions.trim().into() };
    let notified_on = i.decision_on.filter(|_| i.notified == Some(true));
    let unknown_agency = errors.for_field("agencies").is_some();
    if let Err(e) = check_meeting(notified_on, &draft, today) {
        errors.0.extend(e.0.into_iter().filter(|x| !(x.field == "agencies" && unknown_agency)));
    }
    errors.into_result(draft).map_err(ServiceError::from)
}

/// Record a meeting of the incident's rapid review. Returns its id.
pub async fn record(db: &Db, ctx: &Ctx, incident: Uuid, input: &ReviewMeetingInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    let i = ff_store::partnership::get_incident(&mut tx, ctx.la(), incident).await?.ok_or(ServiceError::NotFound("serious incident"))?;
    let d = checked(&i, input, ctx.today())?;
    let row = MeetingRow {
        id: ctx.new_id(),
        incident_id: i.id,
        held_on: d.held_on,
        agencies: agencies_code(&d.agencies),
        decisions: d.decisions,
        actions: d.actions,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::partnership::insert_meeting(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "rapid_review_meeting", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now)
        .await?;
    audit(&mut tx, ctx, "create", "rapid_review_meeting", Some(row.id.to_string()), "rapid review meeting recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Correct a meeting at the version read: a new version, the old one kept. Returns the incident.
pub async fn correct(db: &Db, ctx: &Ctx, meeting: Uuid, input: &ReviewMeetingInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    let m = ff_store::partnership::get_meeting(&mut tx, ctx.la(), meeting).await?.ok_or(ServiceError::NotFound("rapid review meeting"))?;
    if input.version != Some(m.version) {
        return Err(stale("rapid review meeting", m.version));
    }
    let i =
        ff_store::partnership::get_incident(&mut tx, ctx.la(), m.incident_id).await?.ok_or(ServiceError::NotFound("serious incident"))?;
    let d = checked(&i, input, ctx.today())?;
    let read = m.version;
    let next = MeetingRow { held_on: d.held_on, agencies: agencies_code(&d.agencies), decisions: d.decisions, actions: d.actions, ..m };
    save(&mut tx, ctx, read, next, "update", "rapid review meeting corrected").await?;
    tx.commit().await?;
    Ok(i.id)
}

/// One meeting and its incident, for the correction form. Audited as a view.
pub async fn get(db: &Db, ctx: &Ctx, meeting: Uuid) -> Result<(Uuid, ReviewMeetingView)> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let m = ff_store::partnership::get_meeting(&mut tx, ctx.la(), meeting).await?.ok_or(ServiceError::NotFound("rapid review meeting"))?;
    audit(&mut tx, ctx, "view", "rapid_review_meeting", Some(meeting.to_string()), "rapid review meeting viewed").await?;
    tx.commit().await?;
    Ok((m.incident_id, view(m)))
}
