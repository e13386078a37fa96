//! Searching for a home for a child (RCC-REF-1, RCC-SHARE-5, RCC-SHARE-7;
//! `ff_domain::home_search` HS-1..HS-3; decision 0017). The child's social worker starts a
//! search; the social worker or the placements commissioner records each provider's answer and
//! the council's decision on each offer; accepting an offer ends the search as placed, and a
//! search that finds nothing ends as failed with its reason. Every search is kept. One function
//! per action: authorise, a typed draft, the domain's decision, one save with the version check,
//! the kept version and one audit event.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::home_search::{
    Answer, EndReason, HomeKind, OfferDecision, RefusalReason, RiskLevel, SearchStatus, Urgency, check_answer, check_decision, check_end,
    check_new, check_open, days_waiting,
};
use ff_domain::policy::Action;
use ff_domain::providers::Urn;
use ff_store::home_search::{AnswerRow, SearchRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::versioned::{aggregate, save};
use crate::{Ctx, Result, ServiceError, audit, field_err, parse_code, parsed, stale, trimmed};

const RECORD: &str = "home_search";
const PAGE: i64 = 50;

/// A new search: what the child needs and the risks (RCC-REF-1).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct HomeSearchInput {
    /// planned or emergency.
    pub urgency: String,
    /// foster, residential, supported or any.
    pub home_kind: String,
    /// The latest day the child should move.
    pub needed_by: NaiveDate,
    /// Brothers and sisters to live with the child, 0 to 6.
    #[serde(default)]
    pub siblings: u8,
    /// The home should be near the child's family.
    #[serde(default)]
    pub near_family: bool,
    /// The family's postcode; only its sector is kept and shown to providers.
    #[serde(default)]
    pub family_postcode: Option<String>,
    /// The child must stay at their school.
    #[serde(default)]
    pub stay_at_school: bool,
    /// What the child needs from a home, in words.
    pub needs: String,
    /// Risk to the child (self-harm, exploitation, going missing…): none, low or high.
    pub risk_to_child: String,
    /// Risk to others in the home: none, low or high.
    pub risk_to_others: String,
}

struct SearchDraft {
    urgency: Urgency,
    home_kind: HomeKind,
    risk_to_child: RiskLevel,
    risk_to_others: RiskLevel,
    family_sector: Option<String>,
}

impl HomeSearchInput {
    fn draft(&self) -> Result<SearchDraft> {
        let mut e = ValidationErrors::new();
        let urgency = parse_code("urgency", &self.urgency, Urgency::from_code, "Choose whether it is planned or an emergency", &mut e);
        let home_kind = parse_code("home_kind", &self.home_kind, HomeKind::from_code, "Choose the kind of home", &mut e);
        let risk_to_child = parse_code("risk_to_child", &self.risk_to_child, RiskLevel::from_code, "Choose the risk to the child", &mut e);
        let risk_to_others = parse_code("risk_to_others", &self.risk_to_others, RiskLevel::from_code, "Choose the risk to others", &mut e);
        let family_sector = match trimmed(&self.family_postcode) {
            None => None,
            Some(p) => match ff_domain::sharing::postcode_sector(&p) {
                s if s.is_empty() => {
                    e.add("family_postcode", "Enter the family's full postcode, like NM2 7QA: only its sector is shown to providers");
                    None
                }
                s => Some(s),
            },
        };
        e.into_result(())?;
        Ok(SearchDraft {
            urgency: parsed(urgency)?,
            home_kind: parsed(home_kind)?,
            risk_to_child: parsed(risk_to_child)?,
            risk_to_others: parsed(risk_to_others)?,
            family_sector,
        })
    }
}

// A search is saved at the version read with `versioned::save`: the version check, the kept
// version and the audit event.
aggregate!(SearchRow, RECORD, "home search", |s, tx, la, read| ff_store::home_search::save(tx, la, s, read));
aggregate!(AnswerRow, "home_search_answer", "offer", |a, tx, la, read| ff_store::home_search::decide(tx, la, a, read));

async fn search_row(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<SearchRow> {
    ff_store::home_search::get(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("home search"))
}

/// Start a search for a home for the child (HS-1): the child's social work's.
pub async fn start(db: &Db, ctx: &Ctx, child: Uuid, input: &HomeSearchInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnHomeSearch)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let open = ff_store::home_search::of_child(&mut tx, ctx.la(), child).await?.iter().any(|s| s.status == SearchStatus::Open);
    // Every mistake in one round: the codes, then what the domain checks.
    let draft = input.draft();
    let checked = check_new(open, &input.needs, input.needed_by, input.siblings, ctx.today());
    let draft = match (draft, checked) {
        (Ok(d), Ok(())) => d,
        (Err(ServiceError::Validation(mut a)), Err(b)) => {
            a.0.extend(b.0);
            return Err(ServiceError::Validation(a));
        }
        (Err(e), _) => return Err(e),
        (Ok(_), Err(b)) => return Err(b.into()),
    };
    let row = SearchRow {
        id: ctx.new_id(),
        child_id: child,
        status: SearchStatus::Open,
        urgency: draft.urgency,
        home_kind: draft.home_kind,
        needed_by: input.needed_by,
        siblings: i32::from(input.siblings),
        near_family: input.near_family,
        family_sector: draft.family_sector,
        stay_at_school: input.stay_at_school,
        needs: input.needs.trim().to_owned(),
        risk_to_child: draft.risk_to_child,
        risk_to_others: draft.risk_to_others,
        started_on: ctx.today(),
        ended_on: None,
        end_reason: None,
        placed_with: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::home_search::insert(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), RECORD, row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", RECORD, Some(row.id.to_string()), "search for a home started").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A provider's answer to the referral (HS-2).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ProviderAnswerInput {
    /// The provider's Ofsted URN, if it has one: its name then comes from the register.
    #[serde(default)]
    pub provider_urn: Option<String>,
    /// The provider's name (needed when it has no URN on the register).
    #[serde(default)]
    pub provider_name: Option<String>,
    pub answered_on: NaiveDate,
    /// offered, refused or no_reply.
    pub answer: String,
    /// For a refusal: no_vacancy, needs_not_met, matching, risk_to_others, location, age_range,
    /// cost, registration or other.
    #[serde(default)]
    pub reason: Option<String>,
    /// For an offer: the weekly cost, in pence.
    #[serde(default)]
    pub weekly_cost_pence: Option<i64>,
    /// For an offer: the day the home could start.
    #[serde(default)]
    pub start_on: Option<NaiveDate>,
}

/// Record a provider's answer: an offer waits for the council's decision.
pub async fn answer(db: &Db, ctx: &Ctx, search: Uuid, input: &ProviderAnswerInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnHomeSearch)?;
    let mut e = ValidationErrors::new();
    let answer = parse_code("answer", &input.answer, Answer::from_code, "Choose the provider's answer", &mut e);
    let reason = match trimmed(&input.reason) {
        None => None,
        Some(r) => parse_code("reason", &r, RefusalReason::from_code, "Choose why the provider said no", &mut e),
    };
    let urn = match trimmed(&input.provider_urn) {
        None => None,
        Some(u) => match Urn::parse(&u) {
            Ok(u) => Some(u),
            Err(m) => {
                e.add("provider_urn", m);
                None
            }
        },
    };
    let mut tx = db.begin().await?;
    let s = search_row(&mut tx, ctx, search).await?;
    check_open(s.status)?;
    // Every mistake in the answer at once: the codes, the rules on an offer or a refusal, and who
    // the provider is.
    if let Some(a) = answer
        && let Err(more) = check_answer(a, reason, input.weekly_cost_pence, input.start_on, input.answered_on, s.started_on, ctx.today())
    {
        e.0.extend(more.0);
    }
    let registered = match &urn {
        Some(u) => ff_store::providers::by_urn(&mut tx, u).await?.map(|p| p.name),
        None => None,
    };
    // The register's name for a URN on it; the typed name otherwise.
    let provider_name = registered.or(trimmed(&input.provider_name));
    if provider_name.is_none() && !e.0.iter().any(|x| x.field == "provider_urn") {
        let message = match &urn {
            Some(u) => format!("URN {u} is not on the provider register: give the provider's name too"),
            None => "Name the provider, or give its URN from the provider register".to_owned(),
        };
        e.add("provider_name", message);
    }
    e.into_result(())?;
    let (answer, provider_name) = (parsed(answer)?, provider_name.unwrap_or_default());
    let offered = answer == Answer::Offered;
    let row = AnswerRow {
        id: ctx.new_id(),
        search_id: s.id,
        provider_urn: urn.map(|u| u.to_string()),
        provider_name: provider_name.chars().take(200).collect(),
        answered_on: input.answered_on,
        answer,
        reason: if answer == Answer::Refused { reason.map(|r| r.code().to_owned()) } else { None },
        weekly_cost_pence: if offered { input.weekly_cost_pence } else { None },
        start_on: if offered { input.start_on } else { None },
        decision: offered.then(|| OfferDecision::Pending.code().to_owned()),
        decision_reason: None,
        decided_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::home_search::insert_answer(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "home_search_answer", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(
        &mut tx,
        ctx,
        "create",
        "home_search_answer",
        Some(row.id.to_string()),
        format!("provider's answer recorded ({})", answer.code()),
    )
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The council's decision on an offer (HS-2): accepting it ends the search as placed (HS-3).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OfferDecisionInput {
    /// The offer's version, as read.
    pub version: i32,
    pub accept: bool,
    /// Why the offer is declined (as for a provider's refusal).
    #[serde(default)]
    pub reason: Option<String>,
    pub decided_on: NaiveDate,
}

pub async fn decide(db: &Db, ctx: &Ctx, offer: Uuid, input: &OfferDecisionInput) -> Result<()> {
    ctx.authorise(Action::WorkOnHomeSearch)?;
    let mut e = ValidationErrors::new();
    let reason = match trimmed(&input.reason) {
        None => None,
        Some(r) => parse_code("reason", &r, RefusalReason::from_code, "Choose why the offer is declined", &mut e),
    };
    e.into_result(())?;
    let mut tx = db.begin().await?;
    let a = ff_store::home_search::get_answer(&mut tx, ctx.la(), offer).await?.ok_or(ServiceError::NotFound("offer"))?;
    let current = a.decision().ok_or_else(|| field_err("decision", "Only an offer is decided on"))?;
    let s = search_row(&mut tx, ctx, a.search_id).await?;
    check_open(s.status)?;
    if a.version != input.version {
        return Err(stale("offer", a.version));
    }
    check_decision(current, input.accept, reason, input.decided_on, a.answered_on, ctx.today())?;
    let decided = AnswerRow {
        decision: Some(if input.accept { OfferDecision::Accepted } else { OfferDecision::Declined }.code().to_owned()),
        decision_reason: if input.accept { None } else { reason.map(|r| r.code().to_owned()) },
        decided_on: Some(input.decided_on),
        ..a.clone()
    };
    if input.accept {
        // The search's audit event tells the accepted offer: the home is found.
        crate::versioned::save_within(&mut tx, ctx, a.version, decided).await?;
        let read = s.version;
        let placed = SearchRow { status: SearchStatus::Placed, ended_on: Some(input.decided_on), placed_with: Some(a.id), ..s };
        save(&mut tx, ctx, read, placed, "update", "offer accepted: home found").await?;
    } else {
        save(&mut tx, ctx, a.version, decided, "update", "offer declined").await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The search ends without a home (HS-3).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct HomeSearchEndInput {
    pub version: i32,
    pub ended_on: NaiveDate,
    /// no_home_found, stayed_put, went_home, plan_changed or other.
    pub end_reason: String,
}

pub async fn end(db: &Db, ctx: &Ctx, search: Uuid, input: &HomeSearchEndInput) -> Result<()> {
    ctx.authorise(Action::WorkOnHomeSearch)?;
    let reason = EndReason::from_code(input.end_reason.trim());
    let mut tx = db.begin().await?;
    let s = search_row(&mut tx, ctx, search).await?;
    check_open(s.status)?;
    if s.version != input.version {
        return Err(stale("home search", s.version));
    }
    let approached = ff_store::home_search::answers(&mut tx, ctx.la(), s.id).await?.len();
    check_end(reason, approached, input.ended_on, s.started_on, ctx.today())?;
    let reason = parsed(reason)?;
    let status = if reason == EndReason::NoHomeFound { SearchStatus::Failed } else { SearchStatus::Withdrawn };
    let ended = SearchRow {
        status,
        ended_on: Some(input.ended_on),
        end_reason: Some(reason.code().to_owned()),
        version: s.version + 1,
        ..s.clone()
    };
    save(&mut tx, ctx, s.version, ended, "update", format!("search ended ({})", status.code())).await?;
    tx.commit().await?;
    Ok(())
}

/// A provider's answer as the search's page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProviderAnswerView {
    pub id: Uuid,
    pub provider_urn: Option<String>,
    pub provider_name: String,
    pub answered_on: NaiveDate,
    pub answer: String,
    pub answer_label: String,
    pub reason_label: Option<String>,
    pub weekly_cost_pence: Option<i64>,
    pub start_on: Option<NaiveDate>,
    /// pending, accepted or declined, for an offer.
    pub decision: Option<String>,
    pub decision_label: Option<String>,
    pub decision_reason_label: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub version: i32,
}

fn answer_view(a: &AnswerRow) -> ProviderAnswerView {
    ProviderAnswerView {
        id: a.id,
        provider_urn: a.provider_urn.clone(),
        provider_name: a.provider_name.clone(),
        answered_on: a.answered_on,
        answer: a.answer.code().into(),
        answer_label: a.answer.label().into(),
        reason_label: a.reason().map(|r| r.label().to_owned()),
        weekly_cost_pence: a.weekly_cost_pence,
        start_on: a.start_on,
        decision: a.decision.clone(),
        decision_label: a.decision().map(|d| d.label().to_owned()),
        decision_reason_label: a.decision_reason.as_deref().and_then(RefusalReason::from_code).map(|r| r.label().to_owned()),
        decided_on: a.decided_on,
        version: a.version,
    }
}

/// A search as its page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HomeSearchView {
    pub id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    pub status: String,
    pub status_label: String,
    pub urgency_label: String,
    pub home_kind_label: String,
    pub needed_by: NaiveDate,
    pub siblings: i32,
    pub near_family: bool,
    pub family_sector: Option<String>,
    pub stay_at_school: bool,
    pub needs: String,
    pub risk_to_child_label: String,
    pub risk_to_others_label: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason_label: Option<String>,
    /// Days from the start to the end, or to today while searching (RCC-SHARE-7).
    pub days_waiting: i64,
    pub providers_approached: usize,
    pub refusals: usize,
    pub offers: usize,
    pub answers: Vec<ProviderAnswerView>,
    pub version: i32,
}

fn search_view(s: &SearchRow, child_name: String, answers: &[AnswerRow], today: NaiveDate) -> HomeSearchView {
    HomeSearchView {
        id: s.id,
        child_id: s.child_id,
        child_name,
        status: s.status.code().into(),
        status_label: s.status.label().into(),
        urgency_label: s.urgency.label().into(),
        home_kind_label: s.home_kind.label().into(),
        needed_by: s.needed_by,
        siblings: s.siblings,
        near_family: s.near_family,
        family_sector: s.family_sector.clone(),
        stay_at_school: s.stay_at_school,
        needs: s.needs.clone(),
        risk_to_child_label: s.risk_to_child.label().into(),
        risk_to_others_label: s.risk_to_others.label().into(),
        started_on: s.started_on,
        ended_on: s.ended_on,
        end_reason_label: ff_store::home_search::end_reason(s).map(|r| r.label().to_owned()),
        days_waiting: days_waiting(s.started_on, s.ended_on, today),
        providers_approached: answers.len(),
        refusals: answers.iter().filter(|a| a.answer == Answer::Refused).count(),
        offers: answers.iter().filter(|a| a.answer == Answer::Offered).count(),
        answers: answers.iter().map(answer_view).collect(),
        version: s.version,
    }
}

async fn child_name(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<String> {
    let p = ff_store::people::get_person(tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    Ok(ff_domain::people::full_name(&p.given_name, &p.family_name))
}

/// One search, with every provider's answer. Audited as a view.
pub async fn search(db: &Db, ctx: &Ctx, id: Uuid) -> Result<HomeSearchView> {
    ctx.authorise(Action::WorkOnHomeSearch)?;
    let mut tx = db.begin().await?;
    let s = search_row(&mut tx, ctx, id).await?;
    let answers = ff_store::home_search::answers(&mut tx, ctx.la(), id).await?;
    let name = child_name(&mut tx, ctx, s.child_id).await?;
    audit(&mut tx, ctx, "view", RECORD, Some(id.to_string()), "home search viewed").await?;
    tx.commit().await?;
    Ok(search_view(&s, name, &answers, ctx.today()))
}

/// The council's searches with one status, oldest first, 50 a page, and how many there are of
/// each: the demand the register and the carers cannot meet (RCC-SHARE-7).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HomeSearchesView {
    pub status: String,
    pub searches: Vec<HomeSearchView>,
    /// Pass as `after` for the next page.
    pub next_after: Option<String>,
    /// (status, label, count) for each status.
    pub counts: Vec<(String, String, i64)>,
}

pub async fn list(db: &Db, ctx: &Ctx, status: &str, after: Option<&str>) -> Result<HomeSearchesView> {
    ctx.authorise(Action::WorkOnHomeSearch)?;
    let status = SearchStatus::from_code(status.trim()).unwrap_or(SearchStatus::Open);
    let after = after.and_then(|a| a.split_once('_')).and_then(|(d, id)| Some((d.parse().ok()?, id.parse().ok()?)));
    let mut tx = db.begin().await?;
    let rows = ff_store::home_search::with_status(&mut tx, ctx.la(), status, after, PAGE).await?;
    let counts = ff_store::home_search::counts(&mut tx, ctx.la()).await?;
    let mut searches = Vec::with_capacity(rows.len());
    for s in &rows {
        // A page is at most 50 searches: each one's answers and name through its own index.
        let answers = ff_store::home_search::answers(&mut tx, ctx.la(), s.id).await?;
        let name = child_name(&mut tx, ctx, s.child_id).await?;
        searches.push(search_view(s, name, &answers, ctx.today()));
    }
    audit(&mut tx, ctx, "view", "home_searches", None, "home searches listed").await?;
    tx.commit().await?;
    let next_after = (rows.len() as i64 == PAGE).then(|| rows.last().map(|s| format!("{}_{}", s.started_on, s.id))).flatten();
    let counts = SearchStatus::ALL
        .iter()
        .map(|st| (st.code().to_owned(), st.label().to_owned(), counts.iter().find(|(c, _)| c == st.code()).map_or(0, |(_, n)| *n)))
        .collect();
    Ok(HomeSearchesView { status: status.code().into(), searches, next_after, counts })
}

/// A child's searches, for the child's page (read in the caller's transaction).
pub(crate) async fn of_child(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<Vec<HomeSearchView>> {
    let rows = ff_store::home_search::of_child(tx, ctx.la(), child).await?;
    let mut out = Vec::with_capacity(rows.len());
    for s in rows.iter().take(5) {
        let answers = ff_store::home_search::answers(tx, ctx.la(), s.id).await?;
        out.push(search_view(s, String::new(), &answers, ctx.today()));
    }
    Ok(out)
}
