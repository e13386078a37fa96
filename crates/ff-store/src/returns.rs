//! Reading the records a statutory return needs, a page of children at a time:
//! the children with an episode open at any time in the period, keyed and ordered by id, and
//! everything the CIN census reports about them, in one query per table per page.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::child_protection::{S47_COLS, S47Row};
use crate::cp_plans::{CONFERENCE_COLS, ConferenceRow, CpPlanRow, PLAN_COLS};
use crate::family_networks::PLO_COLS;
use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CensusChild {
    pub id: Uuid,
    pub census_id: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub sex: String,
    pub ethnicity: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CensusEpisode {
    pub id: Uuid,
    pub child_id: Uuid,
    pub referral_date: NaiveDate,
    pub referral_source: String,
    pub primary_need: Option<String>,
    pub level: String,
    pub closure_date: Option<NaiveDate>,
    pub closure_reason: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CensusAssessment {
    pub episode_id: Uuid,
    pub start_date: NaiveDate,
    pub completed_date: Option<NaiveDate>,
    pub factors: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CensusLevel {
    pub episode_id: Uuid,
    pub level: String,
    pub from_date: NaiveDate,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CensusPlan {
    pub episode_id: Uuid,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// One page of children and their records.
#[derive(Debug, Clone, Default)]
pub struct CensusPage {
    pub children: Vec<CensusChild>,
    pub episodes: Vec<CensusEpisode>,
    pub levels: Vec<CensusLevel>,
    pub assessments: Vec<CensusAssessment>,
    pub plans: Vec<CensusPlan>,
    pub enquiries: Vec<S47Row>,
    pub conferences: Vec<ConferenceRow>,
    pub cp_plans: Vec<CpPlanRow>,
    /// Pre-proceedings with their meeting dates and the state of the FGDM they rely on.
    pub plos: Vec<crate::family_networks::PloRow>,
    pub plo_meetings: Vec<(Uuid, NaiveDate)>,
    pub fgdm_states: Vec<(Uuid, Uuid, String)>,
}

/// The children (after `after`, in id order, at most `limit`) with an episode overlapping
/// `[from, to]`, and their records.
pub async fn census_page(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate, after: Uuid, limit: i64) -> Result<CensusPage> {
    const PAGE: &str = "SELECT DISTINCT child_id FROM episodes WHERE la_code = $1 AND referral_date <= $3 \
         AND (closure_date IS NULL OR closure_date >= $2) AND child_id > $4 ORDER BY child_id LIMIT $5";
    macro_rules! page_query {
        ($ty:ty, $sql:expr) => {{
            let sql = String::from($sql).replace("{page}", PAGE);
            on!(tx, x => sqlx::query_as::<_, $ty>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(from).bind(to).bind(after).bind(limit).fetch_all(x).await?)
        }};
    }
    let children = page_query!(
        CensusChild,
        "SELECT id, census_id, date_of_birth, expected_date_of_birth, sex, ethnicity FROM people WHERE la_code = $1 AND id IN ({page}) ORDER BY id"
    );
    let episodes = page_query!(
        CensusEpisode,
        "SELECT id, child_id, referral_date, referral_source, primary_need, level, closure_date, closure_reason FROM episodes \
         WHERE la_code = $1 AND child_id IN ({page}) ORDER BY child_id, referral_date"
    );
    let levels = page_query!(
        CensusLevel,
        "SELECT l.episode_id, l.level, l.from_date FROM episode_levels l JOIN episodes e ON e.la_code = l.la_code AND e.id = l.episode_id \
         WHERE l.la_code = $1 AND e.child_id IN ({page}) ORDER BY l.from_date"
    );
    let assessments = page_query!(
        CensusAssessment,
        "SELECT a.episode_id, a.start_date, a.completed_date, a.factors FROM assessments a JOIN episodes e ON e.la_code = a.la_code AND e.id = a.episode_id \
         WHERE a.la_code = $1 AND e.child_id IN ({page}) ORDER BY a.start_date"
    );
    let plans = page_query!(
        CensusPlan,
        "SELECT p.episode_id, p.start_date, p.end_date FROM plans p JOIN episodes e ON e.la_code = p.la_code AND e.id = p.episode_id \
         WHERE p.la_code = $1 AND e.child_id IN ({page}) ORDER BY p.start_date"
    );
    let enquiries = page_query!(
        S47Row,
        format!("SELECT {S47_COLS} FROM s47_enquiries WHERE la_code = $1 AND child_id IN ({{page}}) ORDER BY start_date")
    );
    let conferences = page_query!(
        ConferenceRow,
        format!("SELECT {CONFERENCE_COLS} FROM conferences WHERE la_code = $1 AND child_id IN ({{page}}) ORDER BY held_on")
    );
    let cp_plans = page_query!(
        CpPlanRow,
        format!("SELECT {PLAN_COLS} FROM cp_plans WHERE la_code = $1 AND child_id IN ({{page}}) ORDER BY start_date")
    );
    let plos = page_query!(
        crate::family_networks::PloRow,
        format!("SELECT {PLO_COLS} FROM plo_cases WHERE la_code = $1 AND child_id IN ({{page}}) ORDER BY gateway_on")
    );
    let plo_meetings = page_query!(
        (Uuid, NaiveDate),
        "SELECT m.plo_id, m.held_on FROM plo_meetings m JOIN plo_cases p ON p.la_code = m.la_code AND p.id = m.plo_id \
         WHERE m.la_code = $1 AND p.child_id IN ({page}) ORDER BY m.held_on"
    );
    let fgdm_states = page_query!(
        (Uuid, Uuid, String),
        "SELECT id, child_id, state FROM fgdm WHERE la_code = $1 AND child_id IN ({page}) ORDER BY referred_on"
    );
    Ok(CensusPage { children, episodes, levels, assessments, plans, enquiries, conferences, cp_plans, plos, plo_meetings, fgdm_states })
}

/// The highest census identifier number given so far in the council (`C000000123` → 123).
/// The latest day a child-in-need episode was open: `today` when any is still open, otherwise the
/// latest closure date; `None` when the council has no child-in-need episode at all. Two indexed
/// lookups (open episodes, then the latest closure).
pub async fn latest_cin_activity(tx: &mut Tx, la: &str, today: NaiveDate) -> Result<Option<NaiveDate>> {
    let open: i64 = on!(tx, x => sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM episodes WHERE la_code = $1 AND closure_date IS NULL LIMIT 1) o")
        .bind(la).fetch_one(x).await?);
    if open > 0 {
        return Ok(Some(today));
    }
    Ok(on!(tx, x => sqlx::query_scalar::<_, Option<NaiveDate>>("SELECT MAX(closure_date) FROM episodes WHERE la_code = $1")
        .bind(la).fetch_one(x).await?))
}

pub async fn last_census_number(tx: &mut Tx, la: &str) -> Result<i64> {
    let max: Option<String> = on!(tx, x => sqlx::query_scalar::<_, Option<String>>("SELECT MAX(census_id) FROM people WHERE la_code = $1")
        .bind(la).fetch_one(x).await?);
    Ok(max.and_then(|m| m.trim_start_matches('C').parse().ok()).unwrap_or(0))
}

/// Give a person their census identifier, once: never replaces one already given.
pub async fn assign_census_id(tx: &mut Tx, la: &str, person: Uuid, census_id: &str) -> Result<bool> {
    let n = on!(tx, x => sqlx::query("UPDATE people SET census_id = $3 WHERE la_code = $1 AND id = $2 AND census_id IS NULL")
        .bind(la).bind(person).bind(census_id).execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// The person with this census identifier.
pub async fn person_by_census_id(tx: &mut Tx, la: &str, census_id: &str) -> Result<Option<Uuid>> {
    Ok(on!(tx, x => sqlx::query_scalar::<_, Uuid>("SELECT id FROM people WHERE la_code = $1 AND census_id = $2")
        .bind(la).bind(census_id).fetch_optional(x).await?))
}

/// A child in the SSDA903 return: what its Header needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CareChild {
    pub id: Uuid,
    pub census_id: Option<String>,
    pub sex: String,
    pub date_of_birth: Option<NaiveDate>,
    pub ethnicity: Option<String>,
    pub upn: Option<String>,
}

/// A home address of a child in the return, for the 903 HOME_POST.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CareHome {
    pub person_id: Uuid,
    pub postcode: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// A lead practitioner's allocation to a child's family help episode (903 SWEpisodes).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CareWorker {
    pub child_id: Uuid,
    pub episode_id: Uuid,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    pub user_id: Uuid,
    pub swe_registration_number: Option<String>,
}

/// One page of the SSDA903 return: the children (after `after`, in id order, at most `limit`)
/// looked after at any time in `[from, to]`, and what the return says about them.
pub struct CarePage {
    pub children: Vec<CareChild>,
    pub episodes: Vec<crate::looked_after::CareEpisodeRow>,
    pub reviews: Vec<crate::looked_after::CareReviewRow>,
    pub missing: Vec<crate::looked_after::MissingRow>,
    pub homes: Vec<CareHome>,
    /// (mother, the date of birth of her first child) for the children who are mothers.
    pub first_child_born: Vec<(Uuid, NaiveDate)>,
    pub workers: Vec<CareWorker>,
    /// Visits, health assessments and education plans (health assessments feed OC2).
    pub checks: Vec<crate::looked_after::CareCheckRow>,
    pub outcomes: Vec<crate::looked_after::OutcomesRow>,
    pub uasc: Vec<crate::looked_after::UascRow>,
    /// Decisions to place for adoption, with their matches (903 PlacedAdoption and AD1).
    pub adoptions: Vec<crate::looked_after::AdoptionRow>,
    /// Deprivation of liberty orders (903 DoLo).
    pub dolos: Vec<crate::looked_after::DoloRow>,
}

/// Rows of a query over a list of people, in chunks of [`crate::IN_CHUNK`]: `sql` holds `{}` where
/// the id list goes, and `$1` is the council.
async fn for_people<T: crate::select::Row>(tx: &mut Tx, la: &str, ids: &[Uuid], sql: &str) -> Result<Vec<T>> {
    crate::select::for_ids(tx, la, ids, |list| sql.replace("{}", list)).await
}

/// Young people who were looked after and were born between `born_from` and `born_to` (the
/// 903's OC3 care leavers: a birthday from 17 to 21 in the year), a page at a time by id.
pub async fn care_leavers_page(
    tx: &mut Tx,
    la: &str,
    born_from: NaiveDate,
    born_to: NaiveDate,
    after: Uuid,
    limit: i64,
) -> Result<Vec<CareChild>> {
    Ok(on!(tx, x => sqlx::query_as::<_, CareChild>(
        "SELECT p.id, p.census_id, p.sex, p.date_of_birth, p.ethnicity, p.upn FROM people p WHERE p.la_code = $1 \
         AND p.date_of_birth >= $2 AND p.date_of_birth <= $3 AND p.id > $4 \
         AND EXISTS (SELECT 1 FROM care_episodes e WHERE e.la_code = p.la_code AND e.child_id = p.id) ORDER BY p.id LIMIT $5")
        .bind(la).bind(born_from).bind(born_to).bind(after).bind(limit).fetch_all(x).await?))
}

pub async fn care_page(tx: &mut Tx, la: &str, from: NaiveDate, to: NaiveDate, after: Uuid, limit: i64) -> Result<CarePage> {
    let ids: Vec<Uuid> = on!(tx, x => sqlx::query_scalar::<_, Uuid>(
        "SELECT DISTINCT child_id FROM care_episodes WHERE la_code = $1 AND start_date <= $3 \
         AND (end_date IS NULL OR end_date >= $2) AND child_id > $4 ORDER BY child_id LIMIT $5")
        .bind(la).bind(from).bind(to).bind(after).bind(limit).fetch_all(x).await?);
    let children = for_people(
        tx,
        la,
        &ids,
        "SELECT id, census_id, sex, date_of_birth, ethnicity, upn FROM people WHERE la_code = $1 AND id IN ({}) ORDER BY id",
    )
    .await?;
    let homes = for_people(
        tx,
        la,
        &ids,
        "SELECT person_id, postcode, start_date, end_date FROM addresses WHERE la_code = $1 AND person_id IN ({}) ORDER BY person_id, start_date",
    )
    .await?;
    let mothers: Vec<(Uuid, Option<NaiveDate>)> = for_people(
        tx,
        la,
        &ids,
        "SELECT r.from_person_id, MIN(p.date_of_birth) FROM relationships r JOIN people p ON p.la_code = r.la_code AND p.id = r.to_person_id \
         WHERE r.la_code = $1 AND r.kind = 'mother' AND r.from_person_id IN ({}) GROUP BY r.from_person_id",
    )
    .await?;
    let workers = for_people(
        tx,
        la,
        &ids,
        "SELECT e.child_id, a.episode_id, a.from_date, a.to_date, a.user_id, u.swe_registration_number FROM allocations a \
         JOIN episodes e ON e.la_code = a.la_code AND e.id = a.episode_id JOIN users u ON u.la_code = a.la_code AND u.id = a.user_id \
         WHERE a.la_code = $1 AND a.role = 'lead' AND e.child_id IN ({}) ORDER BY e.child_id, a.from_date, a.allocated_at",
    )
    .await?;
    Ok(CarePage {
        episodes: crate::looked_after::episodes_of_children(tx, la, &ids).await?,
        reviews: crate::looked_after::reviews_of_children(tx, la, &ids).await?,
        missing: crate::looked_after::missing_of_children(tx, la, &ids).await?,
        dolos: crate::looked_after::dolo_of_children(tx, la, &ids).await?,
        checks: crate::looked_after::checks_of_children(tx, la, &ids).await?,
        outcomes: crate::looked_after::outcomes_of_children(tx, la, &ids).await?,
        uasc: crate::looked_after::uasc_of_children(tx, la, &ids).await?,
        adoptions: crate::looked_after::adoptions_of_children(tx, la, &ids).await?,
        children,
        homes,
        first_child_born: mothers.into_iter().filter_map(|(m, d)| Some((m, d?))).collect(),
        workers,
    })
}
