//! Family networks: the network map around a child (from the people register), family
//! group decision making (FGDM) with the offer to each person with parental responsibility,
//! pre-proceedings under the Public Law Outline with the FGDM duty (R-PLO-1, R-PLO-2), and
//! kinship care arrangements. Support packages are in `support_packages`.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::family_networks::{
    ApplicationKind, Capacity, FgdmStage, FgdmState, GatewayDecision, KinshipKind, OfferAnswer, Willingness, check_application,
    check_letter, fgdm_state,
};
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::family_networks::{FgdmRow, KinshipRow, MemberRow, OfferRow, PloMeetingRow, PloRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::versioned::aggregate;
use crate::{Ctx, Result, ServiceError, audit};
use crate::{field_err, settings_and_calendar, stale, trimmed};

mod fgdm;
mod kinship;
mod plo;

pub use fgdm::*;
pub use kinship::*;
pub use plo::*;

fn not_future(ctx: &Ctx, d: NaiveDate, field: &str, errors: &mut ValidationErrors) {
    if d > ctx.today() {
        errors.add(field, "The date cannot be in the future");
    }
}

async fn person_exists(tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid, field: &str) -> Result<()> {
    match ff_store::people::get_person(tx, ctx.la(), id).await? {
        Some(_) => Ok(()),
        None => Err(field_err(field, "Choose a person from the register")),
    }
}

// --- the network map --------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = NetworkMemberInput)]
pub struct MemberInput {
    /// A person in the register (add them to the register first).
    pub person_id: Uuid,
    /// How they are related or connected to the child, in words ("maternal aunt", "family friend").
    pub relationship: String,
    pub contact_details: Option<String>,
    /// willing, unsure, unwilling or not_asked.
    pub willingness: String,
    /// full_time_care, short_breaks, practical, emotional or limited.
    pub capacity: Option<String>,
    /// Invited to family meetings.
    #[serde(default)]
    pub invited: bool,
    pub note: Option<String>,
    /// When changing an entry: the version read.
    pub version: Option<i32>,
}

/// What is wrong with a network entry before anything is looked up; the form asks it too, so a
/// missing person and the rest are reported together.
pub fn member_errors(input: &MemberInput) -> ValidationErrors {
    let mut e = ValidationErrors::new();
    if input.relationship.trim().is_empty() {
        e.add("relationship", "Say how they are related or connected to the child");
    }
    if Willingness::from_code(input.willingness.trim()).is_none() {
        e.add("willingness", "Say whether they are willing to help");
    }
    if let Some(c) = trimmed(&input.capacity)
        && Capacity::from_code(&c).is_none()
    {
        e.add("capacity", "Choose what they could offer from the list");
    }
    e
}

/// A network entry's codes, once [`member_errors`] found nothing wrong.
fn member_codes(input: &MemberInput) -> Result<(Willingness, Option<Capacity>)> {
    let willingness =
        Willingness::from_code(input.willingness.trim()).ok_or_else(|| field_err("willingness", "Say whether they are willing to help"))?;
    let capacity = match input.capacity.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(Capacity::from_code(c).ok_or_else(|| field_err("capacity", "Choose what they could offer from the list"))?),
    };
    Ok((willingness, capacity))
}

/// Add someone to the child's network map.
pub async fn add_member(db: &Db, ctx: &Ctx, child: Uuid, input: &MemberInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    member_errors(input).into_result(())?;
    let (willingness, capacity) = member_codes(input)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnFamilyNetwork, child).await?;
    person_exists(&mut tx, ctx, child, "child").await?;
    person_exists(&mut tx, ctx, input.person_id, "person_id").await?;
    if input.person_id == child {
        return Err(field_err("person_id", "Choose someone other than the child"));
    }
    let net = ff_store::family_networks::for_child(&mut tx, ctx.la(), child).await?;
    if net.members.iter().any(|m| m.person_id == input.person_id) {
        return Err(field_err("person_id", "This person is already in the child's network: change their entry instead"));
    }
    let row = MemberRow {
        id: ctx.new_id(),
        child_id: child,
        person_id: input.person_id,
        relationship: input.relationship.trim().into(),
        contact_details: trimmed(&input.contact_details),
        willingness,
        capacity,
        invited: input.invited,
        note: trimmed(&input.note),
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_networks::insert_member(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "network_member", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "network_member", Some(row.id.to_string()), "network member added").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Change a network entry (willingness, capacity, invitation…), versioned.
pub async fn update_member(db: &Db, ctx: &Ctx, id: Uuid, input: &MemberInput) -> Result<()> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    member_errors(input).into_result(())?;
    let (willingness, capacity) = member_codes(input)?;
    let mut tx = db.begin().await?;
    let mut m = ff_store::family_networks::get_member(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("network member"))?;
    ctx.authorise_child(&mut tx, Action::WorkOnFamilyNetwork, m.child_id).await?;
    let expected = input.version.unwrap_or(0);
    if m.version != expected {
        return Err(stale("network entry", m.version));
    }
    m.relationship = input.relationship.trim().into();
    m.contact_details = trimmed(&input.contact_details);
    m.willingness = willingness;
    m.capacity = capacity;
    m.invited = input.invited;
    m.note = trimmed(&input.note);
    crate::versioned::save(&mut tx, ctx, expected, m, "update", "network member changed").await?;
    tx.commit().await?;
    Ok(())
}

aggregate!(MemberRow, "network_member", "network entry", |m, tx, la, read| ff_store::family_networks::update_member(tx, la, m, read));

// --- the child's view --------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = NetworkMemberView)]
pub struct MemberView {
    pub id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub relationship: String,
    pub contact_details: Option<String>,
    pub willingness: String,
    pub willingness_label: String,
    pub capacity_label: Option<String>,
    pub invited: bool,
    pub note: Option<String>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferView {
    pub id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    pub offered_on: NaiveDate,
    pub answer: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FgdmView {
    pub id: Uuid,
    pub stage_label: String,
    pub state: String,
    pub state_label: String,
    pub referred_on: NaiveDate,
    pub coordinator: Option<String>,
    pub offers: Vec<OfferView>,
    pub meeting_on: Option<NaiveDate>,
    pub private_family_time: Option<bool>,
    pub plan_proposed: Option<String>,
    pub plan_agreed: Option<String>,
    pub agreed_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub exemption_reason: Option<String>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PloView {
    pub id: Uuid,
    pub gateway_on: NaiveDate,
    pub decision_label: String,
    pub letter_sent_on: Option<NaiveDate>,
    pub letter_includes_fgdm_offer: Option<bool>,
    pub meetings: Vec<(NaiveDate, String)>,
    pub application_issued_on: Option<NaiveDate>,
    pub application_label: Option<String>,
    pub outcome: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KinshipView {
    pub id: Uuid,
    pub version: i32,
    pub carer_id: Uuid,
    pub carer_name: String,
    pub kind_label: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub training: bool,
    pub weekly_allowance_pence: Option<i64>,
    pub other_support: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NetworkView {
    pub members: Vec<MemberView>,
    pub fgdms: Vec<FgdmView>,
    pub plos: Vec<PloView>,
    pub kinship: Vec<KinshipView>,
}

/// A child's family network, FGDMs, pre-proceedings and kinship care (audited as a view).
pub async fn for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<NetworkView> {
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, child).await?;
    let (net, names) = load_network(&mut tx, ctx, child).await?;
    audit(&mut tx, ctx, "view", "family_network", Some(child.to_string()), "family network viewed").await?;
    tx.commit().await?;
    Ok(NetworkView {
        members: net.members.iter().map(|m| member_view(m, &names)).collect(),
        fgdms: net.fgdms.iter().map(|f| fgdm_view(f, &net.offers, &names)).collect(),
        plos: net.plos.iter().map(|p| plo_view(p, &net.plo_meetings)).collect(),
        kinship: net.kinship.iter().map(|k| kinship_view(k, &names)).collect(),
    })
}

/// Reads the child's network and the names of the people it names (members, those offered a
/// family group meeting, kinship carers), once each.
async fn load_network(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    child: Uuid,
) -> Result<(ff_store::family_networks::ChildNetwork, Vec<(Uuid, String)>)> {
    let net = ff_store::family_networks::for_child(tx, ctx.la(), child).await?;
    let mut ids: Vec<Uuid> = net.members.iter().map(|m| m.person_id).collect();
    ids.extend(net.offers.iter().map(|o| o.person_id));
    ids.extend(net.kinship.iter().map(|k| k.carer_id));
    ids.sort();
    ids.dedup();
    let names = ff_store::people::names_of(tx, ctx.la(), &ids).await?;
    Ok((net, names))
}

/// The name read for a person, or nothing.
fn name_in(names: &[(Uuid, String)], id: Uuid) -> String {
    names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_default()
}

/// A network member as the child's page shows them.
fn member_view(m: &MemberRow, names: &[(Uuid, String)]) -> MemberView {
    MemberView {
        id: m.id,
        person_id: m.person_id,
        name: name_in(names, m.person_id),
        relationship: m.relationship.clone(),
        contact_details: m.contact_details.clone(),
        willingness_label: m.willingness.label().to_owned(),
        willingness: m.willingness.code().to_owned(),
        capacity_label: m.capacity.map(|c| c.label().to_owned()),
        invited: m.invited,
        note: m.note.clone(),
        version: m.version,
    }
}

/// A family group decision making referral with the offers made under it.
fn fgdm_view(f: &FgdmRow, offers: &[OfferRow], names: &[(Uuid, String)]) -> FgdmView {
    FgdmView {
        id: f.id,
        stage_label: f.stage.label().to_owned(),
        state_label: f.state.label().to_owned(),
        state: f.state.code().to_owned(),
        referred_on: f.referred_on,
        coordinator: f.coordinator.clone(),
        offers: offers
            .iter()
            .filter(|o| o.fgdm_id == f.id)
            .map(|o| OfferView {
                id: o.id,
                person_id: o.person_id,
                name: name_in(names, o.person_id),
                offered_on: o.offered_on,
                answer: o.answer.map(|a| a.code().to_owned()),
                answered_on: o.answered_on,
                version: o.version,
            })
            .collect(),
        meeting_on: f.meeting_on,
        private_family_time: f.private_family_time,
        plan_proposed: f.plan_proposed.clone(),
        plan_agreed: f.plan_agreed.clone(),
        agreed_on: f.agreed_on,
        review_on: f.review_on,
        outcome: f.outcome.clone(),
        exemption_reason: f.exemption_reason.clone(),
        version: f.version,
    }
}

/// A pre-proceedings record with its meetings.
fn plo_view(p: &PloRow, meetings: &[PloMeetingRow]) -> PloView {
    PloView {
        id: p.id,
        gateway_on: p.gateway_on,
        decision_label: p.gateway_decision.label().to_owned(),
        letter_sent_on: p.letter_sent_on,
        letter_includes_fgdm_offer: p.letter_includes_fgdm_offer,
        meetings: meetings.iter().filter(|m| m.plo_id == p.id).map(|m| (m.held_on, m.note.clone())).collect(),
        application_issued_on: p.application_issued_on,
        application_label: p.application_kind.map(|k| k.label().to_owned()),
        outcome: p.outcome.clone(),
        ended_on: p.ended_on,
        version: p.version,
    }
}

/// A kinship care arrangement with the carer's name.
fn kinship_view(k: &KinshipRow, names: &[(Uuid, String)]) -> KinshipView {
    KinshipView {
        id: k.id,
        version: k.version,
        carer_id: k.carer_id,
        carer_name: name_in(names, k.carer_id),
        kind_label: k.kind.label().to_owned(),
        start_date: k.start_date,
        end_date: k.end_date,
        training: k.training,
        weekly_allowance_pence: k.weekly_allowance_pence,
        other_support: k.other_support.clone(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocalOffer {
    pub council: String,
    pub paragraphs: Vec<String>,
}

/// The council's kinship local offer (CA 1989 s.22H): public, no sign-in.
pub async fn kinship_local_offer(db: &Db, la: &str) -> Result<LocalOffer> {
    let mut tx = db.begin().await?;
    let s = ff_store::settings::current(&mut tx, la).await?.ok_or(ServiceError::NotFound("council"))?.settings;
    tx.commit().await?;
    let text = if s.family_networks.kinship_local_offer.trim().is_empty() {
        format!("{} has not yet published its kinship local offer here. Contact the council's family help service.", s.name)
    } else {
        s.family_networks.kinship_local_offer.clone()
    };
    Ok(LocalOffer { council: s.name, paragraphs: text.split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect() })
}
