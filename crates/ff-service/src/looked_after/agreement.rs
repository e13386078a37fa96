//! The placement agreement for a child's current placement (`ff_domain::looked_after::agreement`,
//! PA-1..PA-3; RCC-REF-1 stage P, RCC-SHARE-2): the weekly cost and who pays which part, how the
//! placement was found, the kind of provision and why it is at a distance, linked to the accepted
//! offer of the child's search for a home when there was one. One per placement, on the episode
//! the placement began with; recorded once, then changed at the version read.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::home_search::OfferDecision;
use ff_domain::looked_after::agreement::{self, Agreement, DistanceReason, Placement, ProvisionType, SourcingRoute, Terms, check};
use ff_domain::looked_after::checks::starts_placement;
use ff_domain::policy::Action;
use ff_store::looked_after::{AgreementRow, AgreementTermsRow, CareEpisodeRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::current;
use crate::{Ctx, Result, ServiceError, audit, field_err, parse_code, stale};

const RECORD: &str = "placement_agreement";

crate::versioned::aggregate!(AgreementRow, RECORD, "placement agreement", |a, tx, la, read| {
    ff_store::looked_after::update_agreement(tx, la, a, read)
});

/// The agreement as agreed. `version` is 0 for the placement's first agreement, else the version
/// read.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AgreementInput {
    pub agreed_on: NaiveDate,
    /// The whole weekly cost, in pence.
    pub weekly_cost_pence: i64,
    pub social_care_pence: i64,
    pub education_pence: i64,
    pub health_pence: i64,
    /// One of `SourcingRoute`'s codes, e.g. `regional_framework`.
    pub sourcing_route: String,
    /// One of `ProvisionType`'s codes, e.g. `residential_mainstream`.
    pub provision_type: String,
    /// One of `DistanceReason`'s codes, e.g. `not_applicable`.
    pub distance_reason: String,
    /// The accepted offer of the child's search for a home the placement came from.
    #[serde(default)]
    pub offer_id: Option<Uuid>,
    #[serde(default)]
    pub version: i32,
}

/// The agreement as the child's care shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgreementView {
    pub id: Uuid,
    /// The episode the placement began with.
    pub episode_id: Uuid,
    pub agreed_on: NaiveDate,
    pub weekly_cost_pence: i64,
    pub social_care_pence: i64,
    pub education_pence: i64,
    pub health_pence: i64,
    /// The weekly cost as people read it, with its split: "£5,200.00 a week (social care
    /// £4,200.00, education £600.00, health £400.00)".
    pub summary: String,
    pub sourcing_route: String,
    pub sourcing_route_label: String,
    pub provision_type: String,
    pub provision_type_label: String,
    pub distance_reason: String,
    pub distance_reason_label: String,
    pub offer_id: Option<Uuid>,
    pub version: i32,
    /// Every set of terms from the day it applied, oldest first (PA-4): what each day cost.
    pub history: Vec<TermsLine>,
}

/// One set of terms as people read it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TermsLine {
    pub from: NaiveDate,
    pub weekly_cost_pence: i64,
    pub summary: String,
}

fn summary(weekly: i64, social_care: i64, education: i64, health: i64) -> String {
    let p = ff_domain::support_packages::pounds;
    format!("{} a week (social care {}, education {}, health {})", p(weekly), p(social_care), p(education), p(health))
}

impl From<AgreementRow> for AgreementView {
    fn from(a: AgreementRow) -> AgreementView {
        AgreementView {
            summary: summary(a.weekly_cost_pence, a.social_care_pence, a.education_pence, a.health_pence),
            history: Vec::new(),
            id: a.id,
            episode_id: a.episode_id,
            agreed_on: a.agreed_on,
            weekly_cost_pence: a.weekly_cost_pence,
            social_care_pence: a.social_care_pence,
            education_pence: a.education_pence,
            health_pence: a.health_pence,
            sourcing_route: a.sourcing_route.code().to_owned(),
            sourcing_route_label: a.sourcing_route.label().to_owned(),
            provision_type: a.provision_type.code().to_owned(),
            provision_type_label: a.provision_type.label().to_owned(),
            distance_reason: a.distance_reason.code().to_owned(),
            distance_reason_label: a.distance_reason.label().to_owned(),
            offer_id: a.offer_id,
            version: a.version,
        }
    }
}

/// The episode the current placement began with: the latest in the current period of care that
/// began a placement (a change of legal status alone does not).
pub(crate) fn placement_episode(episodes: &[CareEpisodeRow]) -> Option<&CareEpisodeRow> {
    current(episodes).map(|cur| began_with(episodes, cur))
}

/// The episode the placement in force during `ep` began with: the latest episode of its period of
/// care, up to `ep`, that began a placement; `ep` itself when none did. The placement's agreement
/// is kept on it.
pub(crate) fn began_with<'a>(episodes: impl IntoIterator<Item = &'a CareEpisodeRow>, ep: &'a CareEpisodeRow) -> &'a CareEpisodeRow {
    episodes
        .into_iter()
        .filter(|e| e.period_id == ep.period_id && e.start_date <= ep.start_date && starts_placement(e.reason_new_episode))
        .max_by_key(|e| e.start_date)
        .unwrap_or(ep)
}

/// The terms in force on `day` of the agreement `agreement`, from many agreements' terms each in
/// the order recorded (PA-4).
pub(crate) fn terms_on(all: &[AgreementTermsRow], agreement: Uuid, day: NaiveDate) -> Option<Terms> {
    let mine: Vec<Terms> = all.iter().filter(|t| t.agreement_id == agreement).map(terms_of).collect();
    agreement::terms_on(&mine, day).copied()
}

fn terms_of(t: &AgreementTermsRow) -> Terms {
    Terms {
        from: t.from_date,
        weekly_cost_pence: t.weekly_cost_pence,
        social_care_pence: t.social_care_pence,
        education_pence: t.education_pence,
        health_pence: t.health_pence,
    }
}

/// The current placement's agreement, if recorded, with its terms over time.
pub(crate) async fn of_current(tx: &mut Tx, ctx: &Ctx, episodes: &[CareEpisodeRow]) -> Result<Option<AgreementView>> {
    let Some(e) = placement_episode(episodes) else { return Ok(None) };
    let Some(row) = ff_store::looked_after::agreement_for_episode(tx, ctx.la(), e.id).await? else { return Ok(None) };
    let terms = ff_store::looked_after::terms_of_agreement(tx, ctx.la(), row.id).await?;
    let mut view = AgreementView::from(row);
    // A later row for the same day corrects the earlier: only the last of each day is shown.
    for t in &terms {
        let line = TermsLine {
            from: t.from_date,
            weekly_cost_pence: t.weekly_cost_pence,
            summary: summary(t.weekly_cost_pence, t.social_care_pence, t.education_pence, t.health_pence),
        };
        match view.history.last_mut() {
            Some(last) if last.from == t.from_date => *last = line,
            _ => view.history.push(line),
        }
    }
    Ok(Some(view))
}

/// Record or change the agreement for the child's current placement (PA-1..PA-4). The first is
/// recorded at version 0; a change at the version read (409 when someone saved first). A change
/// of cost, or of the day it applies from, adds terms from that day (PA-4): the days before keep
/// what was agreed for them. Every problem with the form is reported at once.
pub async fn record(db: &Db, ctx: &Ctx, child: Uuid, input: &AgreementInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut errors = ValidationErrors::new();
    let route =
        parse_code("sourcing_route", &input.sourcing_route, SourcingRoute::from_code, "Choose how the placement was found", &mut errors);
    let provision =
        parse_code("provision_type", &input.provision_type, ProvisionType::from_code, "Choose the kind of provision", &mut errors);
    let distance = parse_code(
        "distance_reason",
        &input.distance_reason,
        DistanceReason::from_code,
        "Choose why the placement is at a distance, or that it is near home",
        &mut errors,
    );
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::WorkOnCare, child).await?;
    let episodes = ff_store::looked_after::of_child(&mut tx, ctx.la(), child).await?;
    let cur = current(&episodes).ok_or_else(|| field_err("agreed_on", "The child is not in care: there is no placement to agree"))?;
    let began = placement_episode(&episodes).unwrap_or(cur).clone();
    if let Some(offer) = input.offer_id {
        let answer = ff_store::home_search::get_answer(&mut tx, ctx.la(), offer).await?;
        let search = match &answer {
            Some(a) => ff_store::home_search::get(&mut tx, ctx.la(), a.search_id).await?,
            None => None,
        };
        let accepted = answer.as_ref().is_some_and(|a| a.decision() == Some(OfferDecision::Accepted));
        if !accepted || search.is_none_or(|s| s.child_id != child) {
            errors.add("offer_id", "That is not an accepted offer from this child's search for a home");
        }
    }
    let kept = ff_store::looked_after::agreement_for_episode(&mut tx, ctx.la(), began.id).await?;
    let new_terms = Terms {
        from: input.agreed_on,
        weekly_cost_pence: input.weekly_cost_pence,
        social_care_pence: input.social_care_pence,
        education_pence: input.education_pence,
        health_pence: input.health_pence,
    };
    // PA-4: new terms when the cost or its day changes; never back before the terms in force.
    let adds_terms = match &kept {
        None => true,
        Some(k) => {
            let terms = ff_store::looked_after::terms_of_agreement(&mut tx, ctx.la(), k.id).await?;
            let latest = terms.iter().map(|t| t.from_date).max().unwrap_or(k.agreed_on);
            let same = terms.last().is_some_and(|t| terms_of(t) == Terms { from: t.from_date, ..new_terms });
            if input.agreed_on != k.agreed_on || !same {
                if let Err(r) = agreement::check_change(latest, input.agreed_on) {
                    errors.add("agreed_on", r.message);
                }
                true
            } else {
                false
            }
        }
    };
    if let (Some(provision), Some(distance)) = (provision, distance) {
        let uasc = !ff_store::looked_after::uasc_of_children(&mut tx, ctx.la(), &[child]).await?.is_empty();
        let g = crate::postcodes::placement_geography(&mut tx, ctx, &episodes, cur, uasc).await?;
        let far = match (g.distance_miles, g.in_area) {
            (Some(d), _) if d > 20.0 => Some(true),
            (_, Some(false)) => Some(true),
            (Some(_), _) | (_, Some(true)) => Some(false),
            (None, None) => None,
        };
        let terms = Agreement {
            agreed_on: input.agreed_on,
            weekly_cost_pence: input.weekly_cost_pence,
            social_care_pence: input.social_care_pence,
            education_pence: input.education_pence,
            health_pence: input.health_pence,
            provision,
            distance_reason: distance,
        };
        if let Err(all) = check(&terms, &Placement { kind: cur.placement_type, began: began.start_date, far }, ctx.today()) {
            for (field, r) in all {
                if errors.for_field(field).is_none() {
                    errors.add(field, r.message);
                }
            }
        }
    }
    let (Some(route), Some(provision), Some(distance), true) = (route, provision, distance, errors.is_empty()) else {
        return Err(errors.into());
    };
    let next = |id: Uuid, version: i32, created: (chrono::DateTime<chrono::Utc>, Uuid)| AgreementRow {
        id,
        child_id: child,
        episode_id: began.id,
        agreed_on: input.agreed_on,
        weekly_cost_pence: input.weekly_cost_pence,
        social_care_pence: input.social_care_pence,
        education_pence: input.education_pence,
        health_pence: input.health_pence,
        sourcing_route: route,
        provision_type: provision,
        distance_reason: distance,
        offer_id: input.offer_id,
        version,
        created_at: created.0,
        created_by: created.1,
    };
    let id = match kept {
        None if input.version == 0 => {
            let row = next(ctx.new_id(), 1, (ctx.now, ctx.actor.user_id));
            ff_store::looked_after::insert_agreement(&mut tx, ctx.la(), &row).await?;
            ff_store::versions::record_version(&mut tx, ctx.la(), RECORD, row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
            audit(&mut tx, ctx, "create", RECORD, Some(row.id.to_string()), "placement agreement recorded").await?;
            row.id
        }
        None => return Err(ServiceError::NotFound("placement agreement")),
        // Someone recorded it after this form was opened empty: a conflict, not a second one.
        Some(k) if input.version == 0 => return Err(stale("placement agreement", k.version)),
        Some(k) => {
            let row = next(k.id, k.version, (k.created_at, k.created_by));
            crate::versioned::save(&mut tx, ctx, input.version, row, "update", "placement agreement changed").await?.id
        }
    };
    if adds_terms {
        let t = AgreementTermsRow {
            id: ctx.new_id(),
            agreement_id: id,
            child_id: child,
            from_date: new_terms.from,
            weekly_cost_pence: new_terms.weekly_cost_pence,
            social_care_pence: new_terms.social_care_pence,
            education_pence: new_terms.education_pence,
            health_pence: new_terms.health_pence,
            created_at: ctx.now,
            created_by: ctx.actor.user_id,
        };
        ff_store::looked_after::insert_agreement_terms(&mut tx, ctx.la(), &t).await?;
    }
    tx.commit().await?;
    Ok(id)
}
