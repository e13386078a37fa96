//! Family Help storage: contacts, episodes, allocations, assessments, plans, visits, oversight.
//! Queries for one child select by `child_id` through the episode, so a child's whole record is a
//! fixed number of queries however long their history.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::family_help::{
    AssessmentOutcome, ClosureReason, Consent, ContactChannel, ContactDecision, Level, PrimaryNeed, ReferralSource,
};
use serde::Serialize;
use uuid::Uuid;

use crate::codes::{NullableCode, as_code, as_opt_code};
use crate::{Result, Tx, on, select};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ContactRow {
    pub la_code: String,
    pub id: Uuid,
    pub received_at: DateTime<Utc>,
    pub received_on: NaiveDate,
    pub decision_due: NaiveDate,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub channel: ContactChannel,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub source: ReferralSource,
    pub referrer_name: Option<String>,
    pub referrer_organisation: Option<String>,
    pub concerns: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub consent: Consent,
    pub consent_basis: Option<String>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(with = "as_opt_code")]
    pub decision: Option<ContactDecision>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    pub feedback_at: Option<DateTime<Utc>>,
    pub feedback_note: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

const CONTACT_COLS: &str = "la_code, id, received_at, received_on, decision_due, channel, source, referrer_name, referrer_organisation, concerns, consent, consent_basis, decision, decision_reason, decided_at, decided_by, feedback_at, feedback_note, version, created_at, created_by";

pub async fn insert_contact(tx: &mut Tx, c: &ContactRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO contacts (la_code, id, received_at, received_on, decision_due, channel, source, referrer_name, referrer_organisation, concerns, consent, consent_basis, decision, decision_reason, decided_at, decided_by, feedback_at, feedback_note, version, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)")
        .bind(&c.la_code).bind(c.id).bind(c.received_at).bind(c.received_on).bind(c.decision_due).bind(c.channel.code()).bind(c.source.code())
        .bind(&c.referrer_name).bind(&c.referrer_organisation).bind(&c.concerns).bind(c.consent.code()).bind(&c.consent_basis)
        .bind(c.decision.map(ContactDecision::code)).bind(&c.decision_reason).bind(c.decided_at).bind(c.decided_by).bind(c.feedback_at).bind(&c.feedback_note)
        .bind(c.version).bind(c.created_at).bind(c.created_by).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_contact(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ContactRow>> {
    let sql = format!("SELECT {CONTACT_COLS} FROM contacts WHERE la_code = $1 AND id = $2");
    select::one(tx, &sql, la, id).await
}

/// Record the decision if the contact is still at `expected_version` and undecided.
/// Saves what a contact's life changes (the decision, then the feedback to the referrer) where it
/// is still at `expected`.
pub async fn update_contact(tx: &mut Tx, la: &str, c: &ContactRow, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE contacts SET decision = $3, decision_reason = $4, decided_at = $5, decided_by = $6, feedback_at = $7, feedback_note = $8, version = $9 \
         WHERE la_code = $1 AND id = $2 AND version = $10")
        .bind(la).bind(c.id).bind(c.decision.map(ContactDecision::code)).bind(&c.decision_reason).bind(c.decided_at).bind(c.decided_by)
        .bind(c.feedback_at).bind(&c.feedback_note).bind(c.version).bind(expected)
        .execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// Undecided contacts, most overdue first.
pub async fn undecided_contacts(tx: &mut Tx, la: &str, limit: i64) -> Result<Vec<ContactRow>> {
    let sql =
        format!("SELECT {CONTACT_COLS} FROM contacts WHERE la_code = $1 AND decision IS NULL ORDER BY decision_due, received_at LIMIT $2");
    Ok(on!(tx, x => sqlx::query_as::<_, ContactRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(limit).fetch_all(x).await?))
}

pub async fn contacts_for_person(tx: &mut Tx, la: &str, person: Uuid) -> Result<Vec<ContactRow>> {
    let sql = format!(
        "SELECT {CONTACT_COLS} FROM contacts WHERE la_code = $1 AND id IN (SELECT contact_id FROM contact_people WHERE la_code = $1 AND person_id = $2) ORDER BY received_at"
    );
    select::all(tx, &sql, la, person).await
}

pub async fn add_contact_person(tx: &mut Tx, la: &str, contact: Uuid, person: Uuid, is_child: bool) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO contact_people (la_code, contact_id, person_id, is_child) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(la).bind(contact).bind(person).bind(is_child).execute(x).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ContactPersonRow {
    pub person_id: Uuid,
    pub is_child: bool,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
}

/// The people of many contacts in one query (a list of contacts is never N+1): each with its
/// contact's id, in the same order as `contact_people`.
pub async fn people_of_contacts(tx: &mut Tx, la: &str, contacts: &[Uuid]) -> Result<Vec<(Uuid, ContactPersonRow)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        contact_id: Uuid,
        #[sqlx(flatten)]
        person: ContactPersonRow,
    }
    let rows: Vec<Row> = select::for_ids(tx, la, contacts, |list| {
        format!(
            "SELECT c.contact_id, c.person_id, c.is_child, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth FROM contact_people c \
             JOIN people p ON p.la_code = c.la_code AND p.id = c.person_id WHERE c.la_code = $1 AND c.contact_id IN ({list}) \
             ORDER BY c.is_child DESC, p.family_name, p.given_name"
        )
    })
    .await?;
    Ok(rows.into_iter().map(|r| (r.contact_id, r.person)).collect())
}

pub async fn contact_people(tx: &mut Tx, la: &str, contact: Uuid) -> Result<Vec<ContactPersonRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, ContactPersonRow>(
        "SELECT c.person_id, c.is_child, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth FROM contact_people c \
         JOIN people p ON p.la_code = c.la_code AND p.id = c.person_id WHERE c.la_code = $1 AND c.contact_id = $2 ORDER BY c.is_child DESC, p.family_name, p.given_name")
        .bind(la).bind(contact).fetch_all(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EpisodeRow {
    pub la_code: String,
    pub id: Uuid,
    pub child_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub referral_date: NaiveDate,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub referral_source: ReferralSource,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub primary_need: PrimaryNeed,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub level: Level,
    pub rereferral: bool,
    pub lead_id: Option<Uuid>,
    pub overseer_id: Option<Uuid>,
    pub closure_date: Option<NaiveDate>,
    #[sqlx(try_from = "NullableCode")]
    #[serde(with = "as_opt_code")]
    pub closure_reason: Option<ClosureReason>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

const EPISODE_COLS: &str = "la_code, id, child_id, contact_id, referral_date, referral_source, primary_need, level, rereferral, lead_id, overseer_id, closure_date, closure_reason, version, created_at, created_by";

pub async fn insert_episode(tx: &mut Tx, e: &EpisodeRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO episodes (la_code, id, child_id, contact_id, referral_date, referral_source, primary_need, level, rereferral, lead_id, overseer_id, closure_date, closure_reason, version, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)")
        .bind(&e.la_code).bind(e.id).bind(e.child_id).bind(e.contact_id).bind(e.referral_date).bind(e.referral_source.code()).bind(e.primary_need.code())
        .bind(e.level.code()).bind(e.rereferral).bind(e.lead_id).bind(e.overseer_id).bind(e.closure_date).bind(e.closure_reason.map(ClosureReason::code))
        .bind(e.version).bind(e.created_at).bind(e.created_by).execute(x).await?.rows_affected());
    Ok(())
}

/// Write the episode's new state if it is still at `expected_version`.
pub async fn update_episode(tx: &mut Tx, e: &EpisodeRow, expected_version: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE episodes SET primary_need = $3, level = $4, lead_id = $5, overseer_id = $6, closure_date = $7, closure_reason = $8, version = $9 \
         WHERE la_code = $1 AND id = $2 AND version = $10")
        .bind(&e.la_code).bind(e.id).bind(e.primary_need.code()).bind(e.level.code()).bind(e.lead_id).bind(e.overseer_id).bind(e.closure_date)
        .bind(e.closure_reason.map(ClosureReason::code)).bind(e.version).bind(expected_version).execute(x).await?.rows_affected());
    Ok(n == 1)
}

pub async fn get_episode(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<EpisodeRow>> {
    let sql = format!("SELECT {EPISODE_COLS} FROM episodes WHERE la_code = $1 AND id = $2");
    select::one(tx, &sql, la, id).await
}

pub async fn episodes_for_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<EpisodeRow>> {
    let sql =
        format!("SELECT {EPISODE_COLS} FROM episodes WHERE la_code = $1 AND child_id = $2 ORDER BY referral_date DESC, created_at DESC");
    select::all(tx, &sql, la, child).await
}

/// Open episodes per lead practitioner: the caseloads.
/// Open episodes led by each of `leads` (the practitioners a manager sees), through the open-lead
/// index rather than a count over the whole council.
pub async fn caseloads_of(tx: &mut Tx, la: &str, leads: &[Uuid]) -> Result<Vec<(Uuid, i64)>> {
    select::for_ids(tx, la, leads, |list| {
        format!(
            "SELECT lead_id, COUNT(*) FROM episodes WHERE la_code = $1 AND closure_date IS NULL AND lead_id IN ({list}) GROUP BY lead_id"
        )
    })
    .await
}

pub async fn caseloads(tx: &mut Tx, la: &str) -> Result<Vec<(Uuid, i64)>> {
    Ok(on!(tx, x => sqlx::query_as::<_, (Uuid, i64)>(
        "SELECT lead_id, COUNT(*) FROM episodes WHERE la_code = $1 AND closure_date IS NULL AND lead_id IS NOT NULL GROUP BY lead_id")
        .bind(la).fetch_all(x).await?))
}

pub async fn caseload_of(tx: &mut Tx, la: &str, user: Uuid) -> Result<i64> {
    Ok(
        on!(tx, x => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM episodes WHERE la_code = $1 AND closure_date IS NULL AND lead_id = $2")
        .bind(la).bind(user).fetch_one(x).await?),
    )
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct LevelRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub level: Level,
    pub from_date: NaiveDate,
    pub reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<Uuid>,
}

pub async fn insert_level(tx: &mut Tx, la: &str, l: &LevelRow) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO episode_levels (la_code, id, episode_id, level, from_date, reason, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(la).bind(l.id).bind(l.episode_id).bind(l.level.code()).bind(l.from_date).bind(&l.reason).bind(l.recorded_at).bind(l.recorded_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AllocationRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub role: String,
    pub user_id: Uuid,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    pub reason: Option<String>,
    pub over_cap_reason: Option<String>,
    pub allocated_at: DateTime<Utc>,
    pub allocated_by: Option<Uuid>,
}

pub async fn insert_allocation(tx: &mut Tx, la: &str, a: &AllocationRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO allocations (la_code, id, episode_id, role, user_id, from_date, to_date, reason, over_cap_reason, allocated_at, allocated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(la).bind(a.id).bind(a.episode_id).bind(&a.role).bind(a.user_id).bind(a.from_date).bind(a.to_date).bind(&a.reason)
        .bind(&a.over_cap_reason).bind(a.allocated_at).bind(a.allocated_by).execute(x).await?.rows_affected());
    Ok(())
}

/// End the current allocation in a role (the row stays, with its end date).
pub async fn end_allocations(tx: &mut Tx, la: &str, episode: Uuid, role: &str, to: NaiveDate) -> Result<u64> {
    Ok(
        on!(tx, x => sqlx::query("UPDATE allocations SET to_date = $4 WHERE la_code = $1 AND episode_id = $2 AND role = $3 AND to_date IS NULL")
        .bind(la).bind(episode).bind(role).bind(to).execute(x).await?.rows_affected()),
    )
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AssessmentRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub child_seen: bool,
    pub child_seen_alone: bool,
    pub factors: String,
    #[sqlx(try_from = "NullableCode")]
    #[serde(with = "as_opt_code")]
    pub outcome: Option<AssessmentOutcome>,
    pub completed_date: Option<NaiveDate>,
    pub authorised_by: Option<Uuid>,
    pub authorised_at: Option<DateTime<Utc>>,
    pub late_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
    /// Why a baby's assessment saw and assessed no father or male carer.
    pub male_carer_reason: Option<String>,
}

const ASSESSMENT_COLS: &str = "id, episode_id, start_date, due_date, child_seen, child_seen_alone, factors, outcome, completed_date, authorised_by, authorised_at, late_reason, version, created_at, created_by, male_carer_reason";

pub async fn insert_assessment(tx: &mut Tx, la: &str, a: &AssessmentRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO assessments (la_code, id, episode_id, start_date, due_date, child_seen, child_seen_alone, factors, outcome, completed_date, authorised_by, authorised_at, late_reason, version, created_at, created_by, male_carer_reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)")
        .bind(la).bind(a.id).bind(a.episode_id).bind(a.start_date).bind(a.due_date).bind(a.child_seen).bind(a.child_seen_alone).bind(&a.factors)
        .bind(a.outcome.map(AssessmentOutcome::code)).bind(a.completed_date).bind(a.authorised_by).bind(a.authorised_at).bind(&a.late_reason).bind(a.version)
        .bind(a.created_at).bind(a.created_by).bind(&a.male_carer_reason).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_assessment(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<AssessmentRow>> {
    let sql = format!("SELECT {ASSESSMENT_COLS} FROM assessments WHERE la_code = $1 AND id = $2");
    select::one(tx, &sql, la, id).await
}

/// Record completion and authorisation if still at `expected_version` and not yet complete.
pub async fn complete_assessment(tx: &mut Tx, la: &str, a: &AssessmentRow, expected_version: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query(
        "UPDATE assessments SET child_seen = $3, child_seen_alone = $4, factors = $5, outcome = $6, completed_date = $7, authorised_by = $8, authorised_at = $9, late_reason = $10, version = $11, male_carer_reason = $13 \
         WHERE la_code = $1 AND id = $2 AND version = $12 AND completed_date IS NULL")
        .bind(la).bind(a.id).bind(a.child_seen).bind(a.child_seen_alone).bind(&a.factors).bind(a.outcome.map(AssessmentOutcome::code)).bind(a.completed_date)
        .bind(a.authorised_by).bind(a.authorised_at).bind(&a.late_reason).bind(a.version).bind(expected_version).bind(&a.male_carer_reason)
        .execute(x).await?.rows_affected());
    Ok(n == 1)
}

/// A significant adult as recorded in an assessment.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AssessmentAdultRow {
    pub assessment_id: Uuid,
    pub person_id: Uuid,
    pub relationship: String,
    pub father_or_male_carer: bool,
    pub seen: bool,
    pub assessed: bool,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<Uuid>,
}

pub async fn insert_assessment_adult(tx: &mut Tx, la: &str, a: &AssessmentAdultRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO assessment_adults (la_code, assessment_id, person_id, relationship, father_or_male_carer, seen, assessed, recorded_at, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(la).bind(a.assessment_id).bind(a.person_id).bind(&a.relationship).bind(a.father_or_male_carer).bind(a.seen).bind(a.assessed)
        .bind(a.recorded_at).bind(a.recorded_by).execute(x).await?.rows_affected());
    Ok(())
}

/// The adults recorded in a child's assessments (one indexed query for all of them).
pub async fn assessment_adults_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<AssessmentAdultRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, AssessmentAdultRow>(
        "SELECT aa.assessment_id, aa.person_id, aa.relationship, aa.father_or_male_carer, aa.seen, aa.assessed, aa.recorded_at, aa.recorded_by \
         FROM assessment_adults aa JOIN assessments a ON a.la_code = aa.la_code AND a.id = aa.assessment_id \
         JOIN episodes e ON e.la_code = a.la_code AND e.id = a.episode_id WHERE aa.la_code = $1 AND e.child_id = $2 ORDER BY aa.recorded_at")
        .bind(la).bind(child).fetch_all(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PlanRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_plan(tx: &mut Tx, la: &str, p: &PlanRow) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO plans (la_code, id, episode_id, start_date, end_date, version, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(la).bind(p.id).bind(p.episode_id).bind(p.start_date).bind(p.end_date).bind(p.version).bind(p.created_at).bind(p.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn end_open_plans(tx: &mut Tx, la: &str, episode: Uuid, end: NaiveDate) -> Result<u64> {
    Ok(on!(tx, x => sqlx::query("UPDATE plans SET end_date = CASE WHEN start_date > $3 THEN start_date ELSE $3 END, version = version + 1 \
            WHERE la_code = $1 AND episode_id = $2 AND end_date IS NULL")
        .bind(la).bind(episode).bind(end).execute(x).await?.rows_affected()))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PlanItemRow {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub kind: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub done_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_plan_item(tx: &mut Tx, la: &str, i: &PlanItemRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO plan_items (la_code, id, plan_id, kind, description, owner, due_date, done_date, version, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(la).bind(i.id).bind(i.plan_id).bind(&i.kind).bind(&i.description).bind(&i.owner).bind(i.due_date).bind(i.done_date)
        .bind(i.version).bind(i.created_at).bind(i.created_by).execute(x).await?.rows_affected());
    Ok(())
}

/// Saves what an item's life changes (the day it was done) where the item is still at `expected`.
pub async fn update_plan_item(tx: &mut Tx, la: &str, i: &PlanItemRow, expected: i32) -> Result<bool> {
    let n = on!(tx, x => sqlx::query("UPDATE plan_items SET done_date = $3, version = $4 WHERE la_code = $1 AND id = $2 AND version = $5")
        .bind(la).bind(i.id).bind(i.done_date).bind(i.version).bind(expected).execute(x).await?.rows_affected());
    Ok(n == 1)
}

pub async fn get_plan_item(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<PlanItemRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, PlanItemRow>(
        "SELECT id, plan_id, kind, description, owner, due_date, done_date, version, created_at, created_by FROM plan_items WHERE la_code = $1 AND id = $2")
        .bind(la).bind(id).fetch_optional(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ReviewRow {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub review_date: NaiveDate,
    pub summary: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_review(tx: &mut Tx, la: &str, r: &ReviewRow) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO plan_reviews (la_code, id, plan_id, review_date, summary, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(la).bind(r.id).bind(r.plan_id).bind(r.review_date).bind(&r.summary).bind(r.created_at).bind(r.created_by).execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_review(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ReviewRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, ReviewRow>(
        "SELECT id, plan_id, review_date, summary, created_at, created_by FROM plan_reviews WHERE la_code = $1 AND id = $2")
        .bind(la).bind(id).fetch_optional(x).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct VisitRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub visit_date: NaiveDate,
    pub practitioner_id: Uuid,
    pub child_seen: bool,
    pub seen_alone: bool,
    pub bedroom_seen: bool,
    pub baby_seen_awake: Option<bool>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_visit(tx: &mut Tx, la: &str, v: &VisitRow) -> Result<()> {
    on!(tx, x => sqlx::query(
        "INSERT INTO visits (la_code, id, episode_id, visit_date, practitioner_id, child_seen, seen_alone, bedroom_seen, baby_seen_awake, note, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(la).bind(v.id).bind(v.episode_id).bind(v.visit_date).bind(v.practitioner_id).bind(v.child_seen).bind(v.seen_alone)
        .bind(v.bedroom_seen).bind(v.baby_seen_awake).bind(&v.note).bind(v.created_at).bind(v.created_by).execute(x).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct OversightRow {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub record_date: NaiveDate,
    pub supervisor_id: Uuid,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_oversight(tx: &mut Tx, la: &str, o: &OversightRow) -> Result<()> {
    on!(tx, x => sqlx::query("INSERT INTO oversight_records (la_code, id, episode_id, record_date, supervisor_id, note, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(la).bind(o.id).bind(o.episode_id).bind(o.record_date).bind(o.supervisor_id).bind(&o.note).bind(o.created_at).bind(o.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// Everything recorded in a child's episodes, one query per kind (a fixed number, no N+1).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChildHistory {
    pub levels: Vec<LevelRow>,
    pub allocations: Vec<AllocationRow>,
    pub assessments: Vec<AssessmentRow>,
    pub plans: Vec<PlanRow>,
    pub items: Vec<PlanItemRow>,
    pub reviews: Vec<ReviewRow>,
    pub visits: Vec<VisitRow>,
    pub oversight: Vec<OversightRow>,
}

/// Every visit in any of the child's episodes, oldest first.
pub async fn visits_for_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<VisitRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, VisitRow>(
        "SELECT id, episode_id, visit_date, practitioner_id, child_seen, seen_alone, bedroom_seen, baby_seen_awake, note, created_at, created_by FROM visits \
         WHERE la_code = $1 AND episode_id IN (SELECT id FROM episodes WHERE la_code = $1 AND child_id = $2) ORDER BY visit_date")
        .bind(la).bind(child).fetch_all(x).await?))
}

pub async fn child_history(tx: &mut Tx, la: &str, child: Uuid) -> Result<ChildHistory> {
    const EPISODES: &str = "SELECT id FROM episodes WHERE la_code = $1 AND child_id = $2";
    let levels = on!(tx, x => sqlx::query_as::<_, LevelRow>(sqlx::AssertSqlSafe(format!(
        "SELECT id, episode_id, level, from_date, reason, recorded_at, recorded_by FROM episode_levels WHERE la_code = $1 AND episode_id IN ({EPISODES}) ORDER BY from_date, recorded_at")))
        .bind(la).bind(child).fetch_all(x).await?);
    let allocations = on!(tx, x => sqlx::query_as::<_, AllocationRow>(sqlx::AssertSqlSafe(format!(
        "SELECT id, episode_id, role, user_id, from_date, to_date, reason, over_cap_reason, allocated_at, allocated_by FROM allocations WHERE la_code = $1 AND episode_id IN ({EPISODES}) ORDER BY allocated_at")))
        .bind(la).bind(child).fetch_all(x).await?);
    let assessments = on!(tx, x => sqlx::query_as::<_, AssessmentRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {ASSESSMENT_COLS} FROM assessments WHERE la_code = $1 AND episode_id IN ({EPISODES}) ORDER BY start_date")))
        .bind(la).bind(child).fetch_all(x).await?);
    let plans = on!(tx, x => sqlx::query_as::<_, PlanRow>(sqlx::AssertSqlSafe(format!(
        "SELECT id, episode_id, start_date, end_date, version, created_at, created_by FROM plans WHERE la_code = $1 AND episode_id IN ({EPISODES}) ORDER BY start_date")))
        .bind(la).bind(child).fetch_all(x).await?);
    let items = on!(tx, x => sqlx::query_as::<_, PlanItemRow>(sqlx::AssertSqlSafe(format!(
        "SELECT id, plan_id, kind, description, owner, due_date, done_date, version, created_at, created_by FROM plan_items WHERE la_code = $1 AND plan_id IN \
         (SELECT id FROM plans WHERE la_code = $1 AND episode_id IN ({EPISODES})) ORDER BY kind DESC, created_at")))
        .bind(la).bind(child).fetch_all(x).await?);
    let reviews = on!(tx, x => sqlx::query_as::<_, ReviewRow>(sqlx::AssertSqlSafe(format!(
        "SELECT id, plan_id, review_date, summary, created_at, created_by FROM plan_reviews WHERE la_code = $1 AND plan_id IN \
         (SELECT id FROM plans WHERE la_code = $1 AND episode_id IN ({EPISODES})) ORDER BY review_date")))
        .bind(la).bind(child).fetch_all(x).await?);
    let visits = visits_for_child(tx, la, child).await?;
    let oversight = on!(tx, x => sqlx::query_as::<_, OversightRow>(sqlx::AssertSqlSafe(format!(
        "SELECT id, episode_id, record_date, supervisor_id, note, created_at, created_by FROM oversight_records WHERE la_code = $1 AND episode_id IN ({EPISODES}) ORDER BY record_date")))
        .bind(la).bind(child).fetch_all(x).await?);
    Ok(ChildHistory { levels, allocations, assessments, plans, items, reviews, visits, oversight })
}

/// An open episode with what the work tray needs, in one query.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct TrayRow {
    pub episode_id: Uuid,
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub level: Level,
    pub referral_date: NaiveDate,
    pub lead_id: Option<Uuid>,
    pub overseer_id: Option<Uuid>,
    pub last_visit: Option<NaiveDate>,
    pub last_oversight: Option<NaiveDate>,
    /// The last supervision or management oversight case note on the child since the referral.
    pub last_supervision_note: Option<NaiveDate>,
    pub assessment_due: Option<NaiveDate>,
    pub plan_start: Option<NaiveDate>,
    pub last_review: Option<NaiveDate>,
    /// The child is looked after now.
    pub looked_after: bool,
}

/// Whose open episodes a tray shows.
pub enum TrayScope {
    /// Episodes this user leads or oversees.
    User(Uuid),
    /// Episodes led by anyone in a team this user belongs to.
    TeamsOf(Uuid),
}

pub async fn tray(tx: &mut Tx, la: &str, scope: TrayScope, limit: i64) -> Result<Vec<TrayRow>> {
    const SELECT: &str = "SELECT e.id AS episode_id, e.child_id, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, e.level, e.referral_date, e.lead_id, e.overseer_id, \
        (SELECT MAX(v.visit_date) FROM visits v WHERE v.la_code = e.la_code AND v.episode_id = e.id AND v.child_seen) AS last_visit, \
        (SELECT MAX(o.record_date) FROM oversight_records o WHERE o.la_code = e.la_code AND o.episode_id = e.id) AS last_oversight, \
        (SELECT MAX(n.occurred_on) FROM case_notes n WHERE n.la_code = e.la_code AND n.child_id = e.child_id \
            AND n.kind IN ('supervision', 'management_oversight') AND n.occurred_on >= e.referral_date) AS last_supervision_note, \
        (SELECT MIN(a.due_date) FROM assessments a WHERE a.la_code = e.la_code AND a.episode_id = e.id AND a.completed_date IS NULL) AS assessment_due, \
        (SELECT MIN(pl.start_date) FROM plans pl WHERE pl.la_code = e.la_code AND pl.episode_id = e.id AND pl.end_date IS NULL) AS plan_start, \
        (SELECT MAX(r.review_date) FROM plan_reviews r JOIN plans pl ON pl.la_code = r.la_code AND pl.id = r.plan_id \
            WHERE r.la_code = e.la_code AND pl.episode_id = e.id AND pl.end_date IS NULL) AS last_review, \
        EXISTS (SELECT 1 FROM care_episodes c WHERE c.la_code = e.la_code AND c.child_id = e.child_id AND c.end_date IS NULL) AS looked_after \
        FROM episodes e JOIN people p ON p.la_code = e.la_code AND p.id = e.child_id \
        WHERE e.la_code = $1 AND e.closure_date IS NULL";
    Ok(match scope {
        TrayScope::User(u) => on!(tx, x => sqlx::query_as::<_, TrayRow>(sqlx::AssertSqlSafe(format!(
            "{SELECT} AND (e.lead_id = $2 OR e.overseer_id = $2) ORDER BY e.referral_date LIMIT $3"))).bind(la).bind(u).bind(limit).fetch_all(x).await?),
        TrayScope::TeamsOf(u) => on!(tx, x => sqlx::query_as::<_, TrayRow>(sqlx::AssertSqlSafe(format!(
            "{SELECT} AND e.lead_id IN (SELECT m.user_id FROM team_members m WHERE m.la_code = $1 AND m.team_id IN \
               (SELECT t.team_id FROM team_members t WHERE t.la_code = $1 AND t.user_id = $2)) ORDER BY e.referral_date LIMIT $3")))
            .bind(la).bind(u).bind(limit).fetch_all(x).await?),
    })
}

/// The episode a plan belongs to (plans are always reached through their episode).
pub async fn plan_episode_id(tx: &mut Tx, la: &str, plan_id: Uuid) -> Result<Option<Uuid>> {
    Ok(
        on!(tx, x => sqlx::query_scalar::<_, Uuid>("SELECT episode_id FROM plans WHERE la_code = $1 AND id = $2").bind(la).bind(plan_id).fetch_optional(x).await?),
    )
}

pub async fn get_plan(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<PlanRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, PlanRow>(
        "SELECT id, episode_id, start_date, end_date, version, created_at, created_by FROM plans WHERE la_code = $1 AND id = $2")
        .bind(la).bind(id).fetch_optional(x).await?))
}

/// A family help plan's outcomes and actions, outcomes first, in the order they were added.
pub async fn items_of_plan(tx: &mut Tx, la: &str, plan: Uuid) -> Result<Vec<PlanItemRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, PlanItemRow>(
        "SELECT id, plan_id, kind, description, owner, due_date, done_date, version, created_at, created_by FROM plan_items \
         WHERE la_code = $1 AND plan_id = $2 ORDER BY kind DESC, created_at")
        .bind(la).bind(plan).fetch_all(x).await?))
}
