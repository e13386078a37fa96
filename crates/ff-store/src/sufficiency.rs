//! What the sufficiency picture reads (`ff_domain::sufficiency`): the children in care on a day a
//! page at a time in id order (`care_episodes_child`), with their episodes, home addresses,
//! asylum-seeking status and placement agreements; the council's searches for a home open on the day or ended in the year
//! before it, each with how many providers it approached (`home_search_answers_search`).

use chrono::NaiveDate;
use uuid::Uuid;

use crate::looked_after::{AgreementRow, AgreementTermsRow, CareEpisodeRow, UascRow};
use crate::returns::CareHome;
use crate::{Result, Tx, on};

/// One page of the children in care on a day.
#[derive(Debug, Clone)]
pub struct InCarePage {
    /// (child, date of birth), in id order.
    pub children: Vec<(Uuid, Option<NaiveDate>)>,
    /// Every episode of those children, oldest first per child.
    pub episodes: Vec<CareEpisodeRow>,
    pub homes: Vec<CareHome>,
    pub uasc: Vec<UascRow>,
    /// Their placements' agreements (PA-1..PA-3).
    pub agreements: Vec<AgreementRow>,
    /// The agreements' terms over time (PA-4), each agreement's in the order recorded.
    pub terms: Vec<AgreementTermsRow>,
}

/// The children (after `after`, in id order, at most `limit`) with an episode in force on `on`:
/// begun on or before it and not ended before it.
pub async fn in_care_page(tx: &mut Tx, la: &str, on: NaiveDate, after: Uuid, limit: i64) -> Result<InCarePage> {
    let children: Vec<(Uuid, Option<NaiveDate>)> = on!(tx, x => sqlx::query_as::<_, (Uuid, Option<NaiveDate>)>(
        "SELECT p.id, p.date_of_birth FROM people p WHERE p.la_code = $1 AND p.id IN ( \
           SELECT DISTINCT e.child_id FROM care_episodes e WHERE e.la_code = $1 AND e.start_date <= $2 \
             AND (e.end_date IS NULL OR e.end_date > $2) AND e.child_id > $3) \
         ORDER BY p.id LIMIT $4")
        .bind(la).bind(on).bind(after).bind(limit).fetch_all(x).await?);
    let ids: Vec<Uuid> = children.iter().map(|(id, _)| *id).collect();
    let homes = crate::select::for_ids(tx, la, &ids, |list| {
        format!(
            "SELECT person_id, postcode, start_date, end_date FROM addresses WHERE la_code = $1 AND person_id IN ({list}) \
             ORDER BY person_id, start_date"
        )
    })
    .await?;
    Ok(InCarePage {
        episodes: crate::looked_after::episodes_of_children(tx, la, &ids).await?,
        uasc: crate::looked_after::uasc_of_children(tx, la, &ids).await?,
        agreements: crate::looked_after::agreements_of_children(tx, la, &ids).await?,
        terms: crate::looked_after::agreement_terms_of_children(tx, la, &ids).await?,
        homes,
        children,
    })
}

/// A search for a home as the sufficiency picture counts it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SearchCount {
    pub home_kind: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub status: String,
    pub end_reason: Option<String>,
    pub providers_approached: i64,
}

/// The searches begun on or before `on` that were still open on `ended_after` or later.
pub async fn searches(tx: &mut Tx, la: &str, on: NaiveDate, ended_after: NaiveDate) -> Result<Vec<SearchCount>> {
    Ok(on!(tx, x => sqlx::query_as::<_, SearchCount>(
        "SELECT s.home_kind, s.started_on, s.ended_on, s.status, s.end_reason, \
           (SELECT COUNT(*) FROM home_search_answers a WHERE a.la_code = s.la_code AND a.search_id = s.id \
              AND a.answered_on <= $2) AS providers_approached \
         FROM home_searches s WHERE s.la_code = $1 AND s.started_on <= $2 AND (s.ended_on IS NULL OR s.ended_on > $3) \
         ORDER BY s.started_on, s.id")
        .bind(la).bind(on).bind(ended_after).fetch_all(x).await?))
}

/// An approved fostering household's places now, what it takes, and how many children live there.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HouseholdPlaces {
    pub places: Option<i32>,
    pub takes_siblings: bool,
    pub takes_teenagers: bool,
    pub takes_uasc: bool,
    pub takes_parent_and_child: bool,
    pub placed: i64,
}

/// The council's households approved on `on` (approved by then and, when their approval has
/// since ended, ended after it; `foster_carers_stage`) with the children placed with each that
/// day (`care_episodes_carer`). Places and what each household takes are as recorded now.
pub async fn households(tx: &mut Tx, la: &str, on: NaiveDate) -> Result<Vec<HouseholdPlaces>> {
    Ok(on!(tx, x => sqlx::query_as::<_, HouseholdPlaces>(
        "SELECT c.places, c.takes_siblings, c.takes_teenagers, c.takes_uasc, c.takes_parent_and_child, \
           (SELECT COUNT(*) FROM care_episodes e WHERE e.la_code = c.la_code AND e.carer_id = c.id AND e.start_date <= $2 \
              AND (e.end_date IS NULL OR e.end_date > $2)) AS placed \
         FROM foster_carers c WHERE c.la_code = $1 AND c.stage IN ('approved', 'ended') AND c.approved_on <= $2 \
           AND (c.stage = 'approved' OR c.stage_on > $2) \
         ORDER BY c.name, c.id")
        .bind(la).bind(on).fetch_all(x).await?))
}
