//! Family networks storage: network members, FGDM with its offers, pre-proceedings
//! with its meetings, kinship arrangements. A child's records are read in a fixed number of
//! queries.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::family_networks::{ApplicationKind, Capacity, FgdmStage, FgdmState, GatewayDecision, KinshipKind, OfferAnswer, Willingness};
use serde::Serialize;
use uuid::Uuid;

use crate::codes::{NullableCode, as_code, as_opt_code};
use crate::{Result, Tx, on};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct MemberRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub person_id: Uuid,
    pub relationship: String,
    pub contact_details: Option<String>,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub willingness: Willingness,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub capacity: Option<Capacity>,
    pub invited: bool,
    pub note: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

const MEMBER_COLS: &str =
    "id, child_id, person_id, relationship, contact_details, willingness, capacity, invited, note, version, created_at, created_by";

pub async fn insert_member(tx: &mut Tx, la: &str, m: &MemberRow) -> Result<()> {
    let sql =
        format!("INSERT INTO network_members (la_code, {MEMBER_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(m.id).bind(m.child_id).bind(m.person_id).bind(&m.relationship)
        .bind(&m.contact_details).bind(m.willingness.code()).bind(m.capacity.map(|c| c.code())).bind(m.invited).bind(&m.note).bind(m.version).bind(m.created_at)
        .bind(m.created_by).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn update_member(tx: &mut Tx, la: &str, m: &MemberRow, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query("UPDATE network_members SET relationship = $3, contact_details = $4, willingness = $5, capacity = $6, invited = $7, note = $8, version = $9 \
         WHERE la_code = $1 AND id = $2 AND version = $10")
        .bind(la).bind(m.id).bind(&m.relationship).bind(&m.contact_details).bind(m.willingness.code()).bind(m.capacity.map(|c| c.code())).bind(m.invited).bind(&m.note)
        .bind(m.version).bind(expected).execute(x).await?.rows_affected());
    Ok(n == 1)
}

pub async fn get_member(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<MemberRow>> {
    let sql = format!("SELECT {MEMBER_COLS} FROM network_members WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct FgdmRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub stage: FgdmStage,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub state: FgdmState,
    pub referred_on: NaiveDate,
    pub coordinator: Option<String>,
    pub meeting_on: Option<NaiveDate>,
    pub private_family_time: Option<bool>,
    pub plan_proposed: Option<String>,
    pub plan_agreed: Option<String>,
    pub agreed_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub exemption_reason: Option<String>,
    pub no_network_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

const FGDM_COLS: &str = "id, child_id, stage, state, referred_on, coordinator, meeting_on, private_family_time, plan_proposed, plan_agreed, agreed_on, \
     review_on, outcome, exemption_reason, no_network_reason, version, created_at, created_by";

pub async fn insert_fgdm(tx: &mut Tx, la: &str, f: &FgdmRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO fgdm (la_code, {FGDM_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(f.id).bind(f.child_id).bind(f.stage.code()).bind(f.state.code()).bind(f.referred_on)
        .bind(&f.coordinator).bind(f.meeting_on).bind(f.private_family_time).bind(&f.plan_proposed).bind(&f.plan_agreed).bind(f.agreed_on)
        .bind(f.review_on).bind(&f.outcome).bind(&f.exemption_reason).bind(&f.no_network_reason).bind(f.version).bind(f.created_at)
        .bind(f.created_by).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn update_fgdm(tx: &mut Tx, la: &str, f: &FgdmRow, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE fgdm SET state = $3, coordinator = $4, meeting_on = $5, private_family_time = $6, plan_proposed = $7, plan_agreed = $8, agreed_on = $9, \
         review_on = $10, outcome = $11, exemption_reason = $12, version = $13 WHERE la_code = $1 AND id = $2 AND version = $14")
        .bind(la).bind(f.id).bind(f.state.code()).bind(&f.coordinator).bind(f.meeting_on).bind(f.private_family_time).bind(&f.plan_proposed)
        .bind(&f.plan_agreed).bind(f.agreed_on).bind(f.review_on).bind(&f.outcome).bind(&f.exemption_reason).bind(f.version).bind(expected)
        .execute(x).await?.rows_affected());
    Ok(n == 1)
}

pub async fn get_fgdm(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<FgdmRow>> {
    let sql = format!("SELECT {FGDM_COLS} FROM fgdm WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, FgdmRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct OfferRow {
    pub id: Uuid,
    pub fgdm_id: Uuid,
    pub person_id: Uuid,
    pub offered_on: NaiveDate,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub answer: Option<OfferAnswer>,
    pub answered_on: Option<NaiveDate>,
    pub version: i32,
}

pub async fn insert_offer(tx: &mut Tx, la: &str, o: &OfferRow, at: DateTime<Utc>, by: Uuid) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO fgdm_offers (la_code, id, fgdm_id, person_id, offered_on, answer, answered_on, version, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(la).bind(o.id).bind(o.fgdm_id).bind(o.person_id).bind(o.offered_on).bind(o.answer.map(|a| a.code())).bind(o.answered_on).bind(o.version).bind(at).bind(by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn answer_offer(tx: &mut Tx, la: &str, id: Uuid, answer: OfferAnswer, on_date: NaiveDate, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query("UPDATE fgdm_offers SET answer = $3, answered_on = $4, version = version + 1 WHERE la_code = $1 AND id = $2 AND version = $5")
        .bind(la).bind(id).bind(answer.code()).bind(on_date).bind(expected).execute(x).await?.rows_affected());
    Ok(n == 1)
}

pub async fn get_offer(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<OfferRow>> {
    Ok(
        on!(tx, x => sqlx::query_as::<_, OfferRow>("SELECT id, fgdm_id, person_id, offered_on, answer, answered_on, version FROM fgdm_offers WHERE la_code = $1 AND id = $2")
        .bind(la).bind(id).fetch_optional(x).await?),
    )
}

pub async fn offers_of(tx: &mut Tx, la: &str, fgdm: Uuid) -> Result<Vec<OfferRow>> {
    Ok(
        on!(tx, x => sqlx::query_as::<_, OfferRow>("SELECT id, fgdm_id, person_id, offered_on, answer, answered_on, version FROM fgdm_offers WHERE la_code = $1 AND fgdm_id = $2 ORDER BY offered_on, created_at")
        .bind(la).bind(fgdm).fetch_all(x).await?),
    )
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PloRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub fgdm_id: Option<Uuid>,
    pub gateway_on: NaiveDate,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub gateway_decision: GatewayDecision,
    pub letter_sent_on: Option<NaiveDate>,
    pub letter_includes_fgdm_offer: Option<bool>,
    pub application_issued_on: Option<NaiveDate>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(default, with = "as_opt_code")]
    pub application_kind: Option<ApplicationKind>,
    pub outcome: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub(crate) const PLO_COLS: &str = "id, child_id, fgdm_id, gateway_on, gateway_decision, letter_sent_on, letter_includes_fgdm_offer, application_issued_on, \
     application_kind, outcome, ended_on, version, created_at, created_by";

pub async fn insert_plo(tx: &mut Tx, la: &str, p: &PloRow) -> Result<()> {
    let sql =
        format!("INSERT INTO plo_cases (la_code, {PLO_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(p.id).bind(p.child_id).bind(p.fgdm_id).bind(p.gateway_on)
        .bind(p.gateway_decision.code()).bind(p.letter_sent_on).bind(p.letter_includes_fgdm_offer).bind(p.application_issued_on).bind(p.application_kind.map(|k| k.code()))
        .bind(&p.outcome).bind(p.ended_on).bind(p.version).bind(p.created_at).bind(p.created_by).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn update_plo(tx: &mut Tx, la: &str, p: &PloRow, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE plo_cases SET fgdm_id = $3, letter_sent_on = $4, letter_includes_fgdm_offer = $5, application_issued_on = $6, application_kind = $7, \
         outcome = $8, ended_on = $9, version = $10 WHERE la_code = $1 AND id = $2 AND version = $11")
        .bind(la).bind(p.id).bind(p.fgdm_id).bind(p.letter_sent_on).bind(p.letter_includes_fgdm_offer).bind(p.application_issued_on)
        .bind(p.application_kind.map(|k| k.code())).bind(&p.outcome).bind(p.ended_on).bind(p.version).bind(expected).execute(x).await?.rows_affected());
    Ok(n == 1)
}

pub async fn get_plo(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<PloRow>> {
    let sql = format!("SELECT {PLO_COLS} FROM plo_cases WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, PloRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PloMeetingRow {
    pub id: Uuid,
    pub plo_id: Uuid,
    pub held_on: NaiveDate,
    pub note: String,
}

pub async fn insert_plo_meeting(tx: &mut Tx, la: &str, m: &PloMeetingRow, at: DateTime<Utc>, by: Uuid) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO plo_meetings (la_code, id, plo_id, held_on, note, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(la).bind(m.id).bind(m.plo_id).bind(m.held_on).bind(&m.note).bind(at).bind(by).execute(x).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct KinshipRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub carer_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: KinshipKind,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub training: bool,
    pub weekly_allowance_pence: Option<i64>,
    pub other_support: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

const KINSHIP_COLS: &str =
    "id, child_id, carer_id, kind, start_date, end_date, training, weekly_allowance_pence, other_support, version, created_at, created_by";

pub async fn insert_kinship(tx: &mut Tx, la: &str, k: &KinshipRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO kinship_arrangements (la_code, {KINSHIP_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(k.id).bind(k.child_id).bind(k.carer_id).bind(k.kind.code()).bind(k.start_date)
        .bind(k.end_date).bind(k.training).bind(k.weekly_allowance_pence).bind(&k.other_support).bind(k.version).bind(k.created_at).bind(k.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn end_kinship(tx: &mut Tx, la: &str, id: Uuid, end: NaiveDate, reason: &str, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query("UPDATE kinship_arrangements SET end_date = $3, end_reason = $5, version = version + 1 WHERE la_code = $1 AND id = $2 AND version = $4 AND end_date IS NULL")
        .bind(la).bind(id).bind(end).bind(expected).bind(reason).execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// Everything about one child's family network (six queries).
#[derive(Debug, Clone, Default)]
pub struct ChildNetwork {
    pub members: Vec<MemberRow>,
    pub fgdms: Vec<FgdmRow>,
    pub offers: Vec<OfferRow>,
    pub plos: Vec<PloRow>,
    pub plo_meetings: Vec<PloMeetingRow>,
    pub kinship: Vec<KinshipRow>,
}

/// A child's kinship arrangements with the carer's name, for the child's chronology (one indexed
/// query).
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct KinshipEntry {
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: KinshipKind,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub created_by: Option<Uuid>,
    pub carer_given_name: String,
    pub carer_family_name: String,
}

pub async fn kinship_for_chronology(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<KinshipEntry>> {
    Ok(on!(tx, x => sqlx::query_as::<_, KinshipEntry>(
        "SELECT k.kind, k.start_date, k.end_date, k.created_by, p.given_name AS carer_given_name, p.family_name AS carer_family_name \
         FROM kinship_arrangements k JOIN people p ON p.la_code = k.la_code AND p.id = k.carer_id \
         WHERE k.la_code = $1 AND k.child_id = $2 ORDER BY k.start_date")
        .bind(la).bind(child).fetch_all(x).await?))
}

pub async fn for_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<ChildNetwork> {
    let sql = format!("SELECT {MEMBER_COLS} FROM network_members WHERE la_code = $1 AND child_id = $2 ORDER BY created_at");
    let members = on!(tx, x => sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?);
    let sql = format!("SELECT {FGDM_COLS} FROM fgdm WHERE la_code = $1 AND child_id = $2 ORDER BY referred_on, created_at");
    let fgdms = on!(tx, x => sqlx::query_as::<_, FgdmRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?);
    let offers = on!(tx, x => sqlx::query_as::<_, OfferRow>(
        "SELECT o.id, o.fgdm_id, o.person_id, o.offered_on, o.answer, o.answered_on, o.version FROM fgdm_offers o \
         JOIN fgdm f ON f.la_code = o.la_code AND f.id = o.fgdm_id WHERE o.la_code = $1 AND f.child_id = $2 ORDER BY o.offered_on, o.created_at")
        .bind(la).bind(child).fetch_all(x).await?);
    let sql = format!("SELECT {PLO_COLS} FROM plo_cases WHERE la_code = $1 AND child_id = $2 ORDER BY gateway_on, created_at");
    let plos = on!(tx, x => sqlx::query_as::<_, PloRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?);
    let plo_meetings = on!(tx, x => sqlx::query_as::<_, PloMeetingRow>(
        "SELECT m.id, m.plo_id, m.held_on, m.note FROM plo_meetings m JOIN plo_cases p ON p.la_code = m.la_code AND p.id = m.plo_id \
         WHERE m.la_code = $1 AND p.child_id = $2 ORDER BY m.held_on")
        .bind(la).bind(child).fetch_all(x).await?);
    let sql = format!("SELECT {KINSHIP_COLS} FROM kinship_arrangements WHERE la_code = $1 AND child_id = $2 ORDER BY start_date");
    let kinship = on!(tx, x => sqlx::query_as::<_, KinshipRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?);
    Ok(ChildNetwork { members, fgdms, offers, plos, plo_meetings, kinship })
}
