//! Children looked after (R-LAC-1): a child becomes looked after, their legal
//! status and placement change (each change a new SSDA903 episode with its reason, LA-1), and
//! they leave care; the child's care history with its clocks (T24–T31, in [`checks`]). Rules:
//! `ff_domain::looked_after` (LA-1..LA-6).

pub mod adoption;
pub mod agreement;
pub mod checks;
pub mod connections;
pub mod dolo;
pub mod due;
pub mod leaving;
pub mod outcomes;
pub mod uasc;

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::looked_after::{
    CategoryOfNeed, EpisodeFacts, LegalStatus, Placement, PlacementProvider, PlacementType, ReasonCeased, ReasonNewEpisode,
    ReasonPlaceChange, ReviewFacts, ReviewParticipation, check_episode_start, check_leaving, check_placement, check_reason_place_change,
    check_review, reason_new_episode,
};
use ff_domain::policy::Action;
use ff_store::looked_after::{CareEpisodeRow, CareReviewRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, stale};

const RECORD: &str = "care_episode";

/// A legal status and placement as typed: 903 codes and the placement's postcode.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PlacementInput {
    /// 903 legal status, e.g. C1 (interim care order) or V2 (section 20).
    pub legal_status: String,
    /// 903 placement type, e.g. U6 (foster placement) or K2 (children's home).
    pub placement_type: String,
    /// 903 placement provider, PR0 to PR5.
    pub placement_provider: String,
    /// The placement's postcode.
    pub placement_postcode: String,
    /// The council's foster carers the child is placed with (a foster placement, U1 to U6): only
    /// an approved household, within its terms (CR-6).
    #[serde(default)]
    pub carer_id: Option<Uuid>,
    /// The home's or agency's Ofsted URN (903 URN), checked against the provider register: a
    /// children's home, supported accommodation or a family centre must have one (PR-REG-1).
    #[serde(default)]
    pub provider_urn: Option<String>,
    /// Why the child is placed here although the register raises concerns (not registered,
    /// rated Inadequate), agreed by a manager (PR-REG-1, PR-REG-2).
    #[serde(default)]
    pub provider_agreed_reason: Option<String>,
    /// The practice supervisor or team manager who agreed.
    #[serde(default)]
    pub provider_agreed_by: Option<Uuid>,
}

/// The child becomes looked after.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct StartCareInput {
    pub start_date: NaiveDate,
    /// 903 category of need, N1 to N8.
    pub category_of_need: String,
    #[serde(flatten)]
    pub placement: PlacementInput,
    /// 903 PREV_PERM: Z1 (none), P1 adopted, P2 special guardianship, P3 child arrangements,
    /// P4 not known. Left out: not yet known (the 903 export then asks for it).
    #[serde(default)]
    pub previous_permanence: Option<String>,
    /// For P1–P3: the council that made the order, as the DfE's 3-digit number, or WAL, SCO, NIR
    /// or NUK for orders made outside England.
    #[serde(default)]
    pub la_perm: Option<String>,
    /// For P1–P3: the date of the order, if known.
    #[serde(default)]
    pub date_perm: Option<NaiveDate>,
}

/// The legal status or the placement (or both) changes from `start_date`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ChangeCareInput {
    pub start_date: NaiveDate,
    #[serde(flatten)]
    pub placement: PlacementInput,
    /// The child stays with the same carer (a move of house, a new provider type).
    #[serde(default)]
    pub same_carer: bool,
    /// For a move between placements: why the current placement ended (903 REASON_PLACE_CHANGE,
    /// e.g. CARPL, a planned move); refused for a change of legal status alone (LA-7).
    #[serde(default)]
    pub reason_place_change: Option<String>,
    /// For a move between placements: who decided it, a person (with their role) or a meeting
    /// (LA-7); needed whenever the reason is.
    #[serde(default)]
    pub decided_by: Option<String>,
    /// The current episode's version, as read.
    pub version: i32,
}

/// The child leaves care.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct LeaveCareInput {
    pub end_date: NaiveDate,
    /// 903 reason the period of care ended, e.g. E4A (returned home as planned).
    pub reason: String,
    /// The current episode's version, as read.
    pub version: i32,
}

/// The legal status and placement, parsed once at the edge (each mistake on its field).
fn parse_placement(p: &PlacementInput, errors: &mut ValidationErrors) -> Option<EpisodeFacts> {
    let legal_status = LegalStatus::from_code(p.legal_status.trim());
    if legal_status.is_none() {
        errors.add("legal_status", "Choose the child's legal status");
    }
    let kind = PlacementType::from_code(p.placement_type.trim());
    if kind.is_none() {
        errors.add("placement_type", "Choose the kind of placement");
    }
    let provider = PlacementProvider::from_code(p.placement_provider.trim());
    if provider.is_none() {
        errors.add("placement_provider", "Choose who provides the placement");
    }
    let postcode = match crate::people::parse_postcode(&p.placement_postcode) {
        Ok(pc) => Some(pc),
        Err(e) => {
            errors.add("placement_postcode", e);
            None
        }
    };
    Some(EpisodeFacts {
        legal_status: legal_status?,
        placement: Placement {
            kind: kind?,
            provider: provider?,
            postcode: postcode?,
            urn: p.provider_urn.as_deref().and_then(|u| ff_domain::providers::Urn::parse(u).ok()).map(|u| u.to_string()),
        },
    })
}

/// The child (who must exist) and their age on `on`.
async fn child_age(tx: &mut Tx, ctx: &Ctx, child: Uuid, on: NaiveDate) -> Result<Option<u32>> {
    let p = ff_store::people::get_person(tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    Ok(ff_domain::people::age(p.date_of_birth, on))
}

fn facts_of(e: &CareEpisodeRow) -> EpisodeFacts {
    EpisodeFacts {
        legal_status: e.legal_status,
        placement: Placement {
            kind: e.placement_type,
            provider: e.placement_provider,
            postcode: e.placement_postcode.clone(),
            urn: e.provider_urn.clone(),
        },
    }
}

fn row(
    ctx: &Ctx,
    child: Uuid,
    period: Option<Uuid>,
    start: NaiveDate,
    rne: ReasonNewEpisode,
    need: CategoryOfNeed,
    f: &EpisodeFacts,
) -> CareEpisodeRow {
    let id = ctx.new_id();
    CareEpisodeRow {
        id,
        child_id: child,
        period_id: period.unwrap_or(id),
        start_date: start,
        reason_new_episode: rne,
        legal_status: f.legal_status,
        category_of_need: need,
        placement_type: f.placement.kind,
        placement_provider: f.placement.provider,
        placement_postcode: f.placement.postcode.clone(),
        end_date: None,
        reason_ceased: None,
        reason_place_change: None,
        previous_permanence: None,
        la_perm: None,
        date_perm: None,
        carer_id: None,
        move_decided_by: None,
        provider_urn: None,
        provider_agreed_reason: None,
        provider_agreed_by: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    }
}

/// The placement checked against the provider register (PR-REG-1, PR-REG-2).
async fn provider_check(tx: &mut Tx, ctx: &Ctx, p: &PlacementInput, kind: PlacementType) -> Result<crate::providers::PlacementCheck> {
    crate::providers::check_placement(tx, ctx, kind, p.provider_urn.as_deref(), &p.provider_agreed_reason, p.provider_agreed_by).await
}

fn with_provider(e: CareEpisodeRow, p: crate::providers::PlacementCheck) -> CareEpisodeRow {
    CareEpisodeRow { provider_urn: p.urn, provider_agreed_reason: p.agreed_reason, provider_agreed_by: p.agreed_by, ..e }
}

/// What the child had before care (903 PrevPerm), parsed: the code, the council and the date.
fn parse_permanence(
    input: &StartCareInput,
    errors: &mut ValidationErrors,
) -> (Option<ff_domain::looked_after::PreviousPermanence>, Option<String>, Option<String>) {
    use ff_domain::looked_after::PreviousPermanence as P;
    let Some(code) = input.previous_permanence.as_deref().map(str::trim).filter(|c| !c.is_empty()) else { return (None, None, None) };
    let Some(perm) = P::from_code(code) else {
        errors.add("previous_permanence", "Choose whether the child had an order before coming into care");
        return (None, None, None);
    };
    if !matches!(perm, P::P1 | P::P2 | P::P3) {
        return (Some(perm), None, None);
    }
    let la = input.la_perm.as_deref().map(|s| s.trim().to_uppercase()).unwrap_or_default();
    let la_ok = (la.len() == 3 && la.bytes().all(|b| b.is_ascii_digit())) || matches!(la.as_str(), "WAL" | "SCO" | "NIR" | "NUK");
    if !la_ok {
        errors.add("la_perm", "Enter the council that made the order as its 3-digit DfE number, or WAL, SCO, NIR or NUK outside England");
    }
    if input.date_perm.is_some_and(|d| d >= input.start_date) {
        errors.add("date_perm", "The order was made before the child came into care");
    }
    (Some(perm), la_ok.then_some(la), input.date_perm.map(|d| d.to_string()))
}

async fn store_new(tx: &mut Tx, ctx: &Ctx, e: &CareEpisodeRow, what: &str) -> Result<()> {
    ff_store::looked_after::insert(tx, ctx.la(), e).await?;
    ff_store::versions::record_version(tx, ctx.la(), RECORD, e.id, 1, e, Some(ctx.actor.user_id), ctx.now).await?;
    audit(tx, ctx, "create", RECORD, Some(e.id.to_string()), what).await
}

/// The open episode of the child's current period of care, if they are looked after.
pub(crate) fn current(episodes: &[CareEpisodeRow]) -> Option<&CareEpisodeRow> {
    episodes.iter().rev().find(|e| e.end_date.is_none())
}

/// When the period of care `period` began.
pub(crate) fn period_start(episodes: &[CareEpisodeRow], period: Uuid) -> Option<NaiveDate> {
    episodes.iter().filter(|e| e.period_id == period).map(|e| e.start_date).min()
}

/// The child becomes looked after: the first episode of a period of care (reason S).
pub async fn start(db: &Db, ctx: &Ctx, child: Uuid, input: &StartCareInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    let age = child_age(&mut tx, ctx, child, input.start_date).await?;
    let mut errors = ValidationErrors::new();
    let need = CategoryOfNeed::from_code(input.category_of_need.trim());
    if need.is_none() {
        errors.add("category_of_need", "Choose why the child is looked after");
    }
    let facts = parse_placement(&input.placement, &mut errors);
    let (perm, la_perm, date_perm) = parse_permanence(input, &mut errors);
    errors.into_result(())?;
    let (Some(need), Some(facts)) = (need, facts) else { return Err(ServiceError::Internal("parsed input missing".into())) };
    let episodes = ff_store::looked_after::of_child(&mut tx, ctx.la(), child).await?;
    if current(&episodes).is_some() {
        return Err(ServiceError::Rule(ff_domain::RuleRefusal {
            rule: "LA-3",
            message: "The child is already looked after: record a change of legal status or placement instead.".into(),
        }));
    }
    let last_end = episodes.iter().filter_map(|e| e.end_date).max();
    check_episode_start(input.start_date, None, ctx.today())?;
    ff_domain::looked_after::check_new_period(input.start_date, last_end)?;
    check_placement(&facts, age)?;
    // A new period of care starts with no decision to place for adoption standing.
    ff_domain::looked_after::adoption::check_placement_for_adoption(
        input.start_date,
        facts.placement.kind,
        facts.legal_status,
        None,
        None,
    )?;
    let carer_id = crate::carers::check_placed_with(&mut tx, ctx, input.placement.carer_id, &facts, input.start_date, age, None).await?;
    let provider = provider_check(&mut tx, ctx, &input.placement, facts.placement.kind).await?;
    let rne = reason_new_episode(None, &facts, false)?;
    let e = CareEpisodeRow {
        previous_permanence: perm,
        la_perm,
        date_perm,
        carer_id,
        ..with_provider(row(ctx, child, None, input.start_date, rne, need, &facts), provider)
    };
    store_new(&mut tx, ctx, &e, "child became looked after").await?;
    tx.commit().await?;
    Ok(e.id)
}

/// The legal status or placement changes: the current episode ends (X1) and the next begins the
/// same day, with the 903's reason for it (LA-1).
pub async fn change(db: &Db, ctx: &Ctx, child: Uuid, input: &ChangeCareInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    let age = child_age(&mut tx, ctx, child, input.start_date).await?;
    let mut errors = ValidationErrors::new();
    let facts = parse_placement(&input.placement, &mut errors);
    errors.into_result(())?;
    let Some(facts) = facts else { return Err(ServiceError::Internal("parsed input missing".into())) };
    let episodes = ff_store::looked_after::of_child(&mut tx, ctx.la(), child).await?;
    let cur = current(&episodes).cloned().ok_or(ServiceError::NotFound("current episode of care"))?;
    if cur.version != input.version {
        return Err(stale("episode of care", cur.version));
    }
    check_episode_start(input.start_date, Some(cur.start_date), ctx.today())?;
    check_placement(&facts, age)?;
    // LA-12: a deprivation of liberty order in force limits where the child may move.
    let orders = dolo::orders_of(&mut tx, ctx, child).await?;
    ff_domain::looked_after::dolo::check_move(&orders, input.start_date, facts.placement.kind)?;
    let decisions = adoption::decisions(&mut tx, ctx, child, period_start(&episodes, cur.period_id)).await?;
    ff_domain::looked_after::adoption::check_placement_for_adoption(
        input.start_date,
        facts.placement.kind,
        facts.legal_status,
        Some(cur.placement_type),
        ff_domain::looked_after::adoption::standing(&decisions),
    )?;
    // The child already placed with the household does not take a second place (a change of
    // legal status only).
    let already = cur.carer_id.filter(|c| Some(*c) == input.placement.carer_id);
    let carer_id = crate::carers::check_placed_with(&mut tx, ctx, input.placement.carer_id, &facts, input.start_date, age, already).await?;
    let rne = reason_new_episode(Some(&facts_of(&cur)), &facts, input.same_carer)?;
    // A change of legal status alone leaves the child where they are: the placement was checked
    // against the register when it began (PR-REG-1, PR-REG-2).
    let provider = if rne == ReasonNewEpisode::L {
        crate::providers::PlacementCheck {
            urn: cur.provider_urn.clone(),
            agreed_reason: cur.provider_agreed_reason.clone(),
            agreed_by: cur.provider_agreed_by,
        }
    } else {
        provider_check(&mut tx, ctx, &input.placement, facts.placement.kind).await?
    };
    let why = match input.reason_place_change.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(code) => Some(
            ReasonPlaceChange::from_code(code).ok_or_else(|| crate::field_err("reason_place_change", "Choose why the placement ended"))?,
        ),
    };
    check_reason_place_change(rne, cur.placement_type, facts.placement.kind, why, age)?;
    let decided_by = ff_domain::looked_after::check_move_decided_by(why.is_some(), input.decided_by.as_deref())?;
    let ended =
        CareEpisodeRow { end_date: Some(input.start_date), reason_ceased: Some(ReasonCeased::X1), reason_place_change: why, ..cur.clone() };
    // The new episode's audit event tells the change; the ended one keeps its version.
    crate::versioned::save_within(&mut tx, ctx, cur.version, ended).await?;
    let e = CareEpisodeRow {
        carer_id,
        move_decided_by: decided_by,
        ..with_provider(row(ctx, child, Some(cur.period_id), input.start_date, rne, cur.category_of_need, &facts), provider)
    };
    store_new(&mut tx, ctx, &e, &format!("care episode changed ({})", rne.code())).await?;
    tx.commit().await?;
    Ok(e.id)
}

/// The child leaves care: the current episode ends with how they left (LA-3).
pub async fn leave(db: &Db, ctx: &Ctx, child: Uuid, input: &LeaveCareInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    let reason =
        ReasonCeased::from_code(input.reason.trim()).ok_or_else(|| crate::field_err("reason", "Choose how the child left care"))?;
    let episodes = ff_store::looked_after::of_child(&mut tx, ctx.la(), child).await?;
    let cur = current(&episodes).cloned().ok_or(ServiceError::NotFound("current episode of care"))?;
    if cur.version != input.version {
        return Err(stale("episode of care", cur.version));
    }
    check_leaving(input.end_date, cur.start_date, reason, ctx.today())?;
    ff_domain::looked_after::dolo::check_leaving(&dolo::orders_of(&mut tx, ctx, child).await?, input.end_date)?;
    let decisions = adoption::decisions(&mut tx, ctx, child, period_start(&episodes, cur.period_id)).await?;
    ff_domain::looked_after::adoption::check_leaving(
        input.end_date,
        reason,
        cur.placement_type,
        ff_domain::looked_after::adoption::standing(&decisions),
    )?;
    let read = cur.version;
    let ended = CareEpisodeRow { end_date: Some(input.end_date), reason_ceased: Some(reason), ..cur };
    crate::versioned::save(&mut tx, ctx, read, ended, "update", format!("child left care ({})", reason.code())).await?;
    tx.commit().await?;
    Ok(())
}

/// One episode as the child's page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CareEpisodeView {
    pub id: Uuid,
    pub period_id: Uuid,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub reason_new_episode: String,
    pub reason_new_episode_label: String,
    pub legal_status: String,
    pub legal_status_label: String,
    pub category_of_need: String,
    pub category_of_need_label: String,
    pub placement_type: String,
    pub placement_type_label: String,
    pub placement_provider: String,
    pub placement_provider_label: String,
    pub placement_postcode: String,
    pub reason_ceased: Option<String>,
    pub reason_ceased_label: Option<String>,
    /// Why the placement ended, when the child moved on (903 REASON_PLACE_CHANGE).
    pub reason_place_change: Option<String>,
    pub reason_place_change_label: Option<String>,
    /// On the first episode of a period: any order the child had before care (903 PREV_PERM).
    pub previous_permanence: Option<String>,
    /// The council's foster carers the child is placed with, when named (CR-6).
    pub carer_id: Option<Uuid>,
    /// Who decided the move to this placement (LA-7).
    pub move_decided_by: Option<String>,
    /// The provider's Ofsted URN (903 URN), when recorded.
    pub provider_urn: Option<String>,
    /// Why a manager agreed this placement although the provider register raised concerns
    /// (PR-REG-1, PR-REG-2), and who.
    pub provider_agreed_reason: Option<String>,
    pub provider_agreed_by: Option<Uuid>,
    pub version: i32,
}

impl CareEpisodeView {
    fn from_row(e: CareEpisodeRow) -> CareEpisodeView {
        CareEpisodeView {
            reason_new_episode_label: e.reason_new_episode.label().to_owned(),
            legal_status_label: e.legal_status.label().to_owned(),
            category_of_need_label: e.category_of_need.label().to_owned(),
            placement_type_label: e.placement_type.label().to_owned(),
            placement_provider_label: e.placement_provider.label().to_owned(),
            reason_ceased_label: e.reason_ceased.map(|c| c.label().to_owned()),
            reason_place_change_label: e.reason_place_change.map(|c| c.label().to_owned()),
            reason_place_change: e.reason_place_change.map(|c| c.code().to_owned()),
            previous_permanence: e.previous_permanence.map(|c| c.code().to_owned()),
            id: e.id,
            period_id: e.period_id,
            start_date: e.start_date,
            end_date: e.end_date,
            reason_new_episode: e.reason_new_episode.code().to_owned(),
            legal_status: e.legal_status.code().to_owned(),
            category_of_need: e.category_of_need.code().to_owned(),
            placement_type: e.placement_type.code().to_owned(),
            placement_provider: e.placement_provider.code().to_owned(),
            placement_postcode: e.placement_postcode,
            reason_ceased: e.reason_ceased.map(|c| c.code().to_owned()),
            carer_id: e.carer_id,
            move_decided_by: e.move_decided_by,
            provider_urn: e.provider_urn,
            provider_agreed_reason: e.provider_agreed_reason,
            provider_agreed_by: e.provider_agreed_by,
            version: e.version,
        }
    }
}

/// A looked-after review as the child's page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CareReviewView {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub chair_name: String,
    pub participation: String,
    pub participation_label: String,
}

/// A child's care: every episode, the current one, the reviews, visits, assessments and
/// education plans, missing episodes, and when each care clock next falls due (T24–T31).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CareView {
    pub child_id: Uuid,
    /// Newest first.
    pub episodes: Vec<CareEpisodeView>,
    pub current: Option<CareEpisodeView>,
    /// When the current period of care began.
    pub looked_after_since: Option<NaiveDate>,
    /// Every looked-after review, newest first.
    pub reviews: Vec<CareReviewView>,
    /// T24–T26: the first review 20 working days from the start of the period of care, the
    /// second 3 months after the first, then 6-monthly.
    pub next_review_due: Option<NaiveDate>,
    pub next_review_overdue: bool,
    /// "first", "second" or "next".
    pub next_review: Option<String>,
    /// Every care clock of the current period of care (review, visit, health assessment,
    /// education plan), soonest first.
    pub clocks: Vec<checks::CareClock>,
    /// Statutory visits, health assessments and education plan meetings, newest first.
    pub checks: Vec<checks::CareCheckView>,
    /// Missing and away episodes, newest first.
    pub missing: Vec<checks::MissingView>,
    /// Deprivation of liberty orders, newest first (LA-12).
    pub dolos: Vec<dolo::DoloView>,
    /// A deprivation of liberty order is in force now.
    pub dolo_in_force: bool,
    /// The child is missing or away now.
    pub currently_missing: bool,
    /// When the current placement began.
    pub placement_since: Option<NaiveDate>,
    /// The council's foster carers the child lives with now, by name, when the placement names a
    /// household (CR-6).
    pub carer_name: Option<String>,
    /// The current placement's provider as the register holds it (RCC-SHARE-6), when it has a
    /// URN on the register.
    pub provider: Option<crate::providers::ProviderView>,
    /// The manager who agreed the current placement despite the register's concerns.
    pub provider_agreed_by_name: Option<String>,
    /// Where the current placement is, seen from home: its council, in or out of the council's
    /// area and the distance, from the postcode directory (ssda903 fields §2; decision 0019).
    pub placement_geography: Option<crate::postcodes::PlacementGeographyView>,
    /// The current placement's agreement: its weekly cost and split, how it was found, the kind
    /// of provision and why it is at a distance (PA-1..PA-3), when recorded.
    pub agreement: Option<agreement::AgreementView>,
    /// Searches for a home for the child, newest first (at most five; HS-1..HS-3).
    pub home_searches: Vec<crate::home_search::HomeSearchView>,
    /// The child's open search, if any (HS-1: at most one).
    pub open_home_search: Option<Uuid>,
    /// Placement moves in the last 12 months, and whether that many shows the stability warning.
    pub placement_moves_12_months: u32,
    pub stability_warning: bool,
    /// Each year's outcomes (903 OC2), newest year first.
    pub outcomes: Vec<outcomes::OutcomesView>,
    /// Unaccompanied asylum-seeking status, if recorded.
    pub uasc: Option<uasc::UascView>,
    /// Family finding and mentoring: connections offered, matched and ended, newest first; kept
    /// through every placement move.
    pub connections: Vec<connections::ConnectionView>,
    /// Decisions that the child should be placed for adoption, with the match, newest first
    /// (LA-11).
    pub adoption: Vec<adoption::AdoptionView>,
    /// What the young person is owed on leaving care today (LC-1): eligible, relevant,
    /// former_relevant or qualifying; none before 16, after 25, or without time in care.
    pub care_leaver_status: Option<String>,
    pub care_leaver_status_label: Option<String>,
    /// Leaving care, from 16 for a young person who was looked after: pathway plans, personal
    /// adviser and contacts, Staying Put or Close, circumstances and money (T32–T35).
    pub leaving_care: Option<leaving::LeavingCareView>,
}

/// Read in the caller's transaction (the child's page reads it with the rest of the record).
pub(crate) async fn read(tx: &mut Tx, ctx: &Ctx, facts: &mut crate::child_record::ChildFacts) -> Result<CareView> {
    let child = facts.child();
    let rows = facts.care_episodes(tx, ctx.la()).await?;
    let reviews = ff_store::looked_after::reviews_of_child(tx, ctx.la(), child).await?;
    let check_rows = ff_store::looked_after::checks_of_child(tx, ctx.la(), child).await?;
    let missing = ff_store::looked_after::missing_of_child(tx, ctx.la(), child).await?;
    let outcome_rows = ff_store::looked_after::outcomes_of_children(tx, ctx.la(), &[child]).await?;
    let uasc_rows = ff_store::looked_after::uasc_of_children(tx, ctx.la(), &[child]).await?;
    let connection_rows = ff_store::looked_after::connections_of_child(tx, ctx.la(), child).await?;
    let adoption_rows = ff_store::looked_after::adoptions_of_child(tx, ctx.la(), child).await?;
    let dolo_rows = ff_store::looked_after::dolo_of_child(tx, ctx.la(), child).await?;
    let date_of_birth = facts.person(tx, ctx.la()).await?.and_then(|p| p.date_of_birth);
    let (settings, cal) = facts.settings(tx, ctx.la()).await?;
    let cur = current(&rows).cloned();
    let since = cur.as_ref().and_then(|c| period_start(&rows, c.period_id));
    let carer_name = match cur.as_ref().and_then(|c| c.carer_id) {
        Some(id) => ff_store::carers::get(tx, ctx.la(), id).await?.map(|c| c.name),
        None => None,
    };
    let leaver = ff_domain::looked_after::leaving::care_leaver_status(date_of_birth, &leaving::spells(&rows), ctx.today());
    let leaving_care = leaving::view(tx, ctx, child, date_of_birth, &rows, &settings.leaving_care).await?;
    let held = cur.as_ref().map_or(0, |c| reviews.iter().filter(|r| r.period_id == c.period_id).count());
    let clocks = checks::clocks(
        &checks::ClockFacts { episodes: &rows, reviews: &reviews, checks: &check_rows, date_of_birth },
        &settings.looked_after,
        &cal,
        settings.day_counting,
        ctx.today(),
    );
    let review = clocks.iter().find(|c| c.what == "review");
    let stability = checks::stability(&rows, &settings.looked_after, ctx.today());
    let provider = match cur.as_ref().and_then(|c| c.provider_urn.as_deref()).map(ff_domain::providers::Urn::parse) {
        Some(Ok(urn)) => ff_store::providers::by_urn(tx, &urn).await?.as_ref().map(crate::providers::ProviderView::from),
        _ => None,
    };
    let agreed_by = cur.as_ref().and_then(|c| c.provider_agreed_by);
    // 903 rule 406: no distance for a child who is or was an unaccompanied asylum seeker.
    let placement_geography = match cur.as_ref() {
        Some(c) => Some(crate::postcodes::placement_geography(tx, ctx, &rows, c, !uasc_rows.is_empty()).await?),
        None => None,
    };
    let home_searches = crate::home_search::of_child(tx, ctx, child).await?;
    let agreement = agreement::of_current(tx, ctx, &rows).await?;
    let mut ids: Vec<Uuid> = reviews.iter().map(|r| r.chair_id).chain(check_rows.iter().map(|c| c.created_by)).chain(agreed_by).collect();
    ids.sort();
    ids.dedup();
    let users = ff_store::users::get_many(tx, ctx.la(), &ids).await?;
    let name = |id: Uuid| users.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_default();
    Ok(CareView {
        child_id: child,
        next_review_overdue: review.is_some_and(|r| r.overdue),
        next_review_due: review.map(|r| r.due),
        next_review: review.map(|_| match held {
            0 => "first".to_owned(),
            1 => "second".to_owned(),
            _ => "next".to_owned(),
        }),
        looked_after_since: since,
        current: cur.map(CareEpisodeView::from_row),
        reviews: reviews
            .iter()
            .rev()
            .map(|r| CareReviewView {
                id: r.id,
                held_on: r.held_on,
                chair_name: name(r.chair_id),
                participation_label: r.participation.label().to_owned(),
                participation: r.participation.code().to_owned(),
            })
            .collect(),
        checks: checks::check_views(&check_rows, &name),
        currently_missing: missing.iter().any(|m| m.ended_on.is_none()),
        missing: checks::missing_views(&missing),
        dolo_in_force: dolo_rows.iter().any(|o| o.ended_on.is_none()),
        dolos: dolo::views(&dolo_rows),
        clocks,
        placement_since: stability.placement_since,
        carer_name,
        provider,
        provider_agreed_by_name: agreed_by.map(name),
        placement_geography,
        agreement,
        open_home_search: home_searches.iter().find(|h| h.status == "open").map(|h| h.id),
        home_searches,
        placement_moves_12_months: stability.moves,
        stability_warning: stability.warning,
        outcomes: outcomes::views(&outcome_rows),
        uasc: uasc::view(&uasc_rows),
        connections: connections::views(&connection_rows),
        adoption: adoption::views(&adoption_rows),
        care_leaver_status: leaver.map(|l| l.code().to_owned()),
        care_leaver_status_label: leaver.map(|l| l.label().to_owned()),
        leaving_care,
        episodes: rows.into_iter().rev().map(CareEpisodeView::from_row).collect(),
    })
}

/// A looked-after review held.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CareReviewInput {
    pub held_on: NaiveDate,
    /// The independent reviewing officer who chaired it.
    pub chair_id: Uuid,
    /// 903 REVIEW_CODE: PN0 (under 4) to PN7.
    pub participation: String,
}

/// Record a looked-after review (T24–T26), chaired by an independent reviewing officer who is not
/// the child's social worker, while the child is looked after (LA-4).
pub async fn record_review(db: &Db, ctx: &Ctx, child: Uuid, input: &CareReviewInput) -> Result<Uuid> {
    ctx.authorise(Action::RecordCareReview)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::RecordCareReview, child).await?;
    let age = child_age(&mut tx, ctx, child, input.held_on).await?;
    let participation = ReviewParticipation::from_code(input.participation.trim())
        .ok_or_else(|| crate::field_err("participation", "Choose how the child took part"))?;
    let chair = crate::user(&mut tx, ctx, input.chair_id, "chair_id").await?;
    let episodes = ff_store::looked_after::of_child(&mut tx, ctx.la(), child).await?;
    let cur = current(&episodes).cloned();
    let since = cur.as_ref().and_then(|c| period_start(&episodes, c.period_id));
    // The child's social worker: the lead of their open family help episode.
    let leads: Vec<Uuid> = ff_store::family_help::episodes_for_child(&mut tx, ctx.la(), child)
        .await?
        .into_iter()
        .filter(|e| e.closure_date.is_none())
        .filter_map(|e| e.lead_id)
        .collect();
    let facts = ReviewFacts {
        held_on: input.held_on,
        chair_is_iro: chair.role == ff_domain::roles::Role::IndependentReviewingOfficer,
        chair_is_childs_worker: leads.contains(&chair.id),
        looked_after_since: since,
        participation,
        age_at_review: age,
    };
    check_review(&facts, ctx.today())?;
    let Some(cur) = cur else { return Err(ServiceError::NotFound("current episode of care")) };
    let r = CareReviewRow {
        id: ctx.new_id(),
        child_id: child,
        period_id: cur.period_id,
        held_on: input.held_on,
        chair_id: chair.id,
        participation,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::insert_review(&mut tx, ctx.la(), &r).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "care_review", r.id, 1, &r, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "care_review", Some(r.id.to_string()), "looked-after review recorded").await?;
    tx.commit().await?;
    Ok(r.id)
}

/// The independent reviewing officers of the council, for the review form: (id, name).
pub async fn reviewing_officers(db: &Db, ctx: &Ctx) -> Result<Vec<(Uuid, String)>> {
    ctx.authorise(Action::RecordCareReview)?;
    let mut tx = db.begin().await?;
    let all = ff_store::users::with_role(&mut tx, ctx.la(), ff_domain::roles::Role::IndependentReviewingOfficer.code()).await?;
    tx.commit().await?;
    Ok(all.into_iter().map(|u| (u.id, u.display_name)).collect())
}

/// A child's care history. Audited as a view.
pub async fn for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<CareView> {
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, child).await?;
    let mut facts = crate::child_record::ChildFacts::new(child);
    facts.person(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("child"))?;
    let v = read(&mut tx, ctx, &mut facts).await?;
    audit(&mut tx, ctx, "view", "care", Some(child.to_string()), "care history viewed").await?;
    tx.commit().await?;
    Ok(v)
}

crate::versioned::aggregate!(CareEpisodeRow, RECORD, "episode of care", |e, tx, la, read| ff_store::looked_after::update(tx, la, e, read));
