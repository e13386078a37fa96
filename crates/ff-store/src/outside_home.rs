//! Harm outside the home (`ff_domain::outside_home`): places and groups, the
//! children linked to them and the concerns about them. Rows hold the domain's code enums
//! (decision 0013). A place's links and concerns are read by the place (`place_links_place`,
//! `place_concerns_place`), a child's links by the child (`place_links_child`); one open link per
//! child and place (`place_links_open`). A child's exploitation risk screenings are read by the
//! child (`exploitation_screenings_child`); a place's meetings and their actions by the place
//! (`place_meetings_place`, `place_actions_place`).

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::outside_home::{Agency, AwayKind, ConcernLevel, ConcernSource, Harm, InterviewOutcome, PlaceKind, ScreeningOutcome};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::NullableCode;
use crate::{Result, Tx, on};

/// A place or group.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct PlaceRow {
    pub id: Uuid,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: PlaceKind,
    /// Where it is, as people say it ("by the bus station, NM1 4").
    pub area: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const PLACE_COLS: &str = "id, name, kind, area, version, created_at, created_by";

pub async fn insert_place(tx: &mut Tx, la: &str, p: &PlaceRow) -> Result<()> {
    let sql = format!("INSERT INTO places (la_code, {PLACE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(p.id).bind(&p.name).bind(p.kind.code()).bind(&p.area).bind(p.version).bind(p.created_at).bind(p.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_place(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<PlaceRow>> {
    let sql = format!("SELECT {PLACE_COLS} FROM places WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, PlaceRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// A page of places by name after (`name`, `id`), whose name starts with `prefix` (any case is
/// matched by the caller's choice of prefix; `places_name`).
pub async fn places_page(tx: &mut Tx, la: &str, prefix: &str, after: Option<(&str, Uuid)>, limit: i64) -> Result<Vec<PlaceRow>> {
    let (name, id) = after.unwrap_or(("", Uuid::nil()));
    // Names from `prefix` up to the next prefix: an index range, not a scan.
    let upper = format!("{prefix}\u{10ffff}");
    let sql = format!(
        "SELECT {PLACE_COLS} FROM places WHERE la_code = $1 AND name >= $2 AND name < $3 AND (name > $4 OR (name = $4 AND id > $5)) \
         ORDER BY name, id LIMIT $6"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, PlaceRow>(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(prefix).bind(&upper).bind(name).bind(id).bind(limit).fetch_all(x).await?))
}

/// A child linked to a place, from a day, until the link ends.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct LinkRow {
    pub id: Uuid,
    pub place_id: Uuid,
    pub child_id: Uuid,
    pub linked_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
    /// Why the link ended, in the practitioner's words, and who ended it.
    #[serde(default)]
    pub end_reason: Option<String>,
    #[serde(default)]
    pub ended_by: Option<Uuid>,
}

const LINK_COLS: &str = "id, place_id, child_id, linked_on, ended_on, version, created_at, created_by, end_reason, ended_by";

pub async fn insert_link(tx: &mut Tx, la: &str, l: &LinkRow) -> Result<()> {
    let sql = format!("INSERT INTO place_links (la_code, {LINK_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(l.id).bind(l.place_id).bind(l.child_id).bind(l.linked_on).bind(l.ended_on).bind(l.version).bind(l.created_at)
        .bind(l.created_by).bind(&l.end_reason).bind(l.ended_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_link(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<LinkRow>> {
    let sql = format!("SELECT {LINK_COLS} FROM place_links WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, LinkRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Ends a link at the version read; false when it changed first.
pub async fn end_link(tx: &mut Tx, la: &str, l: &LinkRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE place_links SET ended_on = $3, version = $4, end_reason = $6, ended_by = $7 WHERE la_code = $1 AND id = $2 AND version = $5")
        .bind(la).bind(l.id).bind(l.ended_on).bind(l.version).bind(read_version).bind(&l.end_reason).bind(l.ended_by)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// Every link of a place, oldest first (`place_links_place`).
pub async fn links_of_place(tx: &mut Tx, la: &str, place: Uuid) -> Result<Vec<LinkRow>> {
    let sql = format!("SELECT {LINK_COLS} FROM place_links WHERE la_code = $1 AND place_id = $2 ORDER BY linked_on, created_at");
    Ok(on!(tx, x => sqlx::query_as::<_, LinkRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(place).fetch_all(x).await?))
}

/// Every link of a child, oldest first (`place_links_child`).
pub async fn links_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<LinkRow>> {
    let sql = format!("SELECT {LINK_COLS} FROM place_links WHERE la_code = $1 AND child_id = $2 ORDER BY linked_on, created_at");
    Ok(on!(tx, x => sqlx::query_as::<_, LinkRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}

/// A concern about a place, with who raised it; about a child when raised as the child was
/// linked. Never changed.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct ConcernRow {
    pub id: Uuid,
    pub place_id: Uuid,
    pub child_id: Option<Uuid>,
    #[sqlx(try_from = "String")]
    pub harm: Harm,
    #[sqlx(try_from = "String")]
    pub source: ConcernSource,
    pub what: String,
    pub raised_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const CONCERN_COLS: &str = "id, place_id, child_id, harm, source, what, raised_on, created_at, created_by";

pub async fn insert_concern(tx: &mut Tx, la: &str, c: &ConcernRow) -> Result<()> {
    let sql = format!("INSERT INTO place_concerns (la_code, {CONCERN_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(c.id).bind(c.place_id).bind(c.child_id).bind(c.harm.code()).bind(c.source.code()).bind(&c.what)
        .bind(c.raised_on).bind(c.created_at).bind(c.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// The concerns about these places, newest first (`place_concerns_place`), one query per hundred.
pub async fn concerns_of(tx: &mut Tx, la: &str, places: &[Uuid]) -> Result<Vec<ConcernRow>> {
    crate::select::for_ids(tx, la, places, |ids| {
        format!(
            "SELECT {CONCERN_COLS} FROM place_concerns WHERE la_code = $1 AND place_id IN ({ids}) ORDER BY raised_on DESC, created_at DESC"
        )
    })
    .await
}

/// A concern about a place one of a lead's children is linked to, with what HOTH-2 decides from
/// (`ff_domain::outside_home::reaches_lead`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LeadConcernRow {
    pub concern_id: Uuid,
    pub place_id: Uuid,
    pub place_name: String,
    #[sqlx(try_from = "String")]
    pub harm: Harm,
    pub raised_on: NaiveDate,
    pub raised_by: Uuid,
    /// The child the concern is about, when it was raised as they were linked.
    pub about_child: Option<Uuid>,
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub linked_on: NaiveDate,
    pub episode_id: Uuid,
    /// The last visit of the episode that saw the child.
    pub last_seen: Option<NaiveDate>,
}

/// The concerns raised from `since` about the places linked (now) to the children whose open
/// episode or open child protection plan `user` leads, newest first. The service keeps those
/// that reach the lead (HOTH-2).
pub async fn concerns_near_lead(tx: &mut Tx, la: &str, user: Uuid, since: NaiveDate, limit: i64) -> Result<Vec<LeadConcernRow>> {
    let sql = "SELECT c.id AS concern_id, c.place_id, x.name AS place_name, c.harm, c.raised_on, c.created_by AS raised_by, \
                      c.child_id AS about_child, l.child_id, p.given_name, p.family_name, l.linked_on, led.episode_id, \
                      (SELECT MAX(v.visit_date) FROM visits v WHERE v.la_code = $1 AND v.episode_id = led.episode_id AND v.child_seen) \
                        AS last_seen \
               FROM ( \
                 SELECT e.child_id, e.id AS episode_id FROM episodes e WHERE e.la_code = $1 AND e.lead_id = $2 AND e.closure_date IS NULL \
                 UNION SELECT h.child_id, h.episode_id FROM cp_plans h WHERE h.la_code = $1 AND h.lead_id = $2 AND h.end_date IS NULL \
               ) led \
               JOIN place_links l ON l.la_code = $1 AND l.child_id = led.child_id AND l.ended_on IS NULL \
               JOIN place_concerns c ON c.la_code = $1 AND c.place_id = l.place_id AND c.raised_on >= $3 \
               JOIN places x ON x.la_code = $1 AND x.id = c.place_id \
               JOIN people p ON p.la_code = $1 AND p.id = l.child_id \
               ORDER BY c.raised_on DESC, c.id LIMIT $4";
    Ok(on!(tx, x => sqlx::query_as::<_, LeadConcernRow>(sql).bind(la).bind(user).bind(since).bind(limit).fetch_all(x).await?))
}

/// An exploitation risk screening of a child (HOTH-3): a level of concern and what is known for
/// each harm screened, who raised the concerns and what happens next. Never changed.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct ScreeningRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub screened_on: NaiveDate,
    #[sqlx(try_from = "String")]
    pub criminal_level: ConcernLevel,
    pub criminal_known: String,
    #[sqlx(try_from = "String")]
    pub sexual_level: ConcernLevel,
    pub sexual_known: String,
    #[sqlx(try_from = "String")]
    pub county_lines_level: ConcernLevel,
    pub county_lines_known: String,
    #[sqlx(try_from = "String")]
    pub violence_level: ConcernLevel,
    pub violence_known: String,
    #[sqlx(try_from = "String")]
    pub raised_by: ConcernSource,
    #[sqlx(try_from = "String")]
    pub outcome: ScreeningOutcome,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// The practitioner who screened.
    pub created_by: Uuid,
    /// When it was withdrawn, by whom and why: it stays on the record, marked withdrawn.
    #[serde(default)]
    pub withdrawn_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub withdrawn_by: Option<Uuid>,
    #[serde(default)]
    pub withdrawn_reason: Option<String>,
}

const SCREENING_COLS: &str = "id, child_id, screened_on, criminal_level, criminal_known, sexual_level, sexual_known, \
     county_lines_level, county_lines_known, violence_level, violence_known, raised_by, outcome, version, created_at, created_by, \
     withdrawn_at, withdrawn_by, withdrawn_reason";

pub async fn insert_screening(tx: &mut Tx, la: &str, r: &ScreeningRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO exploitation_screenings (la_code, {SCREENING_COLS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(r.id).bind(r.child_id).bind(r.screened_on)
        .bind(r.criminal_level.code()).bind(&r.criminal_known).bind(r.sexual_level.code()).bind(&r.sexual_known)
        .bind(r.county_lines_level.code()).bind(&r.county_lines_known).bind(r.violence_level.code()).bind(&r.violence_known)
        .bind(r.raised_by.code()).bind(r.outcome.code()).bind(r.version).bind(r.created_at).bind(r.created_by)
        .bind(r.withdrawn_at).bind(r.withdrawn_by).bind(&r.withdrawn_reason)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_screening(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ScreeningRow>> {
    let sql = format!("SELECT {SCREENING_COLS} FROM exploitation_screenings WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, ScreeningRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Corrects or withdraws a screening at the version read (its child and screener never change);
/// false when it changed first.
pub async fn update_screening(tx: &mut Tx, la: &str, r: &ScreeningRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE exploitation_screenings SET screened_on = $3, criminal_level = $4, criminal_known = $5, sexual_level = $6, \
         sexual_known = $7, county_lines_level = $8, county_lines_known = $9, violence_level = $10, violence_known = $11, \
         raised_by = $12, outcome = $13, version = $14, withdrawn_at = $15, withdrawn_by = $16, withdrawn_reason = $17 \
         WHERE la_code = $1 AND id = $2 AND version = $18")
        .bind(la).bind(r.id).bind(r.screened_on)
        .bind(r.criminal_level.code()).bind(&r.criminal_known).bind(r.sexual_level.code()).bind(&r.sexual_known)
        .bind(r.county_lines_level.code()).bind(&r.county_lines_known).bind(r.violence_level.code()).bind(&r.violence_known)
        .bind(r.raised_by.code()).bind(r.outcome.code()).bind(r.version).bind(r.withdrawn_at).bind(r.withdrawn_by)
        .bind(&r.withdrawn_reason).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A child's screenings, newest first (`exploitation_screenings_child`).
pub async fn screenings_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<ScreeningRow>> {
    let sql = format!(
        "SELECT {SCREENING_COLS} FROM exploitation_screenings WHERE la_code = $1 AND child_id = $2 ORDER BY screened_on DESC, created_at DESC"
    );
    Ok(on!(tx, x => sqlx::query_as::<_, ScreeningRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}

/// A multi-agency meeting about a place or group (HOTH-4): the agencies there (codes, comma
/// separated) and what was discussed. Never changed.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct MeetingRow {
    pub id: Uuid,
    pub place_id: Uuid,
    pub held_on: NaiveDate,
    pub attended: String,
    pub discussed: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
    /// When the record was withdrawn, by whom and why: it stays, marked withdrawn.
    #[serde(default)]
    pub withdrawn_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub withdrawn_by: Option<Uuid>,
    #[serde(default)]
    pub withdrawn_reason: Option<String>,
}

impl MeetingRow {
    /// The agencies there, as recorded (an unknown code is left out).
    pub fn agencies(&self) -> Vec<Agency> {
        self.attended.split(',').filter_map(Agency::from_code).collect()
    }
}

const MEETING_COLS: &str =
    "id, place_id, held_on, attended, discussed, version, created_at, created_by, withdrawn_at, withdrawn_by, withdrawn_reason";

pub async fn insert_meeting(tx: &mut Tx, la: &str, m: &MeetingRow) -> Result<()> {
    let sql = format!("INSERT INTO place_meetings (la_code, {MEETING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(m.id).bind(m.place_id).bind(m.held_on).bind(&m.attended).bind(&m.discussed).bind(m.version)
        .bind(m.created_at).bind(m.created_by).bind(m.withdrawn_at).bind(m.withdrawn_by).bind(&m.withdrawn_reason)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_meeting(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<MeetingRow>> {
    let sql = format!("SELECT {MEETING_COLS} FROM place_meetings WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, MeetingRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// Corrects or withdraws a meeting's record at the version read; false when it changed first.
pub async fn update_meeting(tx: &mut Tx, la: &str, m: &MeetingRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE place_meetings SET held_on = $3, attended = $4, discussed = $5, version = $6, withdrawn_at = $7, withdrawn_by = $8, \
         withdrawn_reason = $9 WHERE la_code = $1 AND id = $2 AND version = $10")
        .bind(la).bind(m.id).bind(m.held_on).bind(&m.attended).bind(&m.discussed).bind(m.version).bind(m.withdrawn_at)
        .bind(m.withdrawn_by).bind(&m.withdrawn_reason).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A place's meetings, newest first (`place_meetings_place`).
pub async fn meetings_of_place(tx: &mut Tx, la: &str, place: Uuid) -> Result<Vec<MeetingRow>> {
    let sql =
        format!("SELECT {MEETING_COLS} FROM place_meetings WHERE la_code = $1 AND place_id = $2 ORDER BY held_on DESC, created_at DESC");
    Ok(on!(tx, x => sqlx::query_as::<_, MeetingRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(place).fetch_all(x).await?))
}

/// An action for a partner agency from a meeting, due on a day, done once with evidence.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct ActionRow {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub place_id: Uuid,
    #[sqlx(try_from = "String")]
    pub owner: Agency,
    pub what: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub evidence: Option<String>,
    pub done_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const ACTION_COLS: &str = "id, meeting_id, place_id, owner, what, due_on, done_on, evidence, done_by, version, created_at, created_by";

pub async fn insert_action(tx: &mut Tx, la: &str, a: &ActionRow) -> Result<()> {
    let sql = format!("INSERT INTO place_actions (la_code, {ACTION_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(a.id).bind(a.meeting_id).bind(a.place_id).bind(a.owner.code()).bind(&a.what).bind(a.due_on).bind(a.done_on)
        .bind(&a.evidence).bind(a.done_by).bind(a.version).bind(a.created_at).bind(a.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_action(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<ActionRow>> {
    let sql = format!("SELECT {ACTION_COLS} FROM place_actions WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, ActionRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// A place's actions, by the day they are due (`place_actions_place`).
pub async fn actions_of_place(tx: &mut Tx, la: &str, place: Uuid) -> Result<Vec<ActionRow>> {
    let sql = format!("SELECT {ACTION_COLS} FROM place_actions WHERE la_code = $1 AND place_id = $2 ORDER BY due_on, created_at");
    Ok(on!(tx, x => sqlx::query_as::<_, ActionRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(place).fetch_all(x).await?))
}

/// Marks an action done at the version read; false when it changed first.
pub async fn complete_action(tx: &mut Tx, la: &str, a: &ActionRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE place_actions SET done_on = $3, evidence = $4, done_by = $5, version = $6 WHERE la_code = $1 AND id = $2 AND version = $7")
        .bind(la).bind(a.id).bind(a.done_on).bind(&a.evidence).bind(a.done_by).bind(a.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// An action from a meeting not withdrawn, past its day and not done (HOTH-4), with its place.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OverdueActionRow {
    pub id: Uuid,
    pub place_id: Uuid,
    pub place_name: String,
    #[sqlx(try_from = "String")]
    pub owner: Agency,
    pub what: String,
    pub due_on: NaiveDate,
    pub held_on: NaiveDate,
}

/// How many actions across the council are past their day and not done, from meetings not
/// withdrawn (`place_actions_open`).
pub async fn overdue_actions_count(tx: &mut Tx, la: &str, today: NaiveDate) -> Result<i64> {
    Ok(on!(tx, x => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM place_actions a JOIN place_meetings m ON m.la_code = a.la_code AND m.id = a.meeting_id \
         WHERE a.la_code = $1 AND a.done_on IS NULL AND a.due_on < $2 AND m.withdrawn_at IS NULL")
        .bind(la).bind(today).fetch_one(x).await?))
}

/// The overdue actions of the meetings `user` recorded or of the places `user` recorded, most
/// overdue first.
pub async fn overdue_actions_for(tx: &mut Tx, la: &str, user: Uuid, today: NaiveDate, limit: i64) -> Result<Vec<OverdueActionRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, OverdueActionRow>(
        "SELECT a.id, a.place_id, p.name AS place_name, a.owner, a.what, a.due_on, m.held_on \
         FROM place_actions a \
         JOIN place_meetings m ON m.la_code = a.la_code AND m.id = a.meeting_id \
         JOIN places p ON p.la_code = a.la_code AND p.id = a.place_id \
         WHERE a.la_code = $1 AND a.done_on IS NULL AND a.due_on < $3 AND m.withdrawn_at IS NULL \
           AND (m.created_by = $2 OR p.created_by = $2) \
         ORDER BY a.due_on, a.id LIMIT $4")
        .bind(la).bind(user).bind(today).bind(limit).fetch_all(x).await?))
}

// ---------------------------------------------------------------------------------------------
// Missing from home (HOTH-5) and the return home interview (HOTH-6).

/// A child missing or away from home, from a time until they came back, with the return home
/// interview held or declined after it.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct MissingRow {
    pub id: Uuid,
    pub child_id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: AwayKind,
    pub started_at: DateTime<Utc>,
    pub reported_to_police: bool,
    pub ended_at: Option<DateTime<Utc>>,
    /// Where they were found or came back to, as typed.
    pub found_where: Option<String>,
    #[sqlx(try_from = "NullableCode")]
    pub interview: Option<InterviewOutcome>,
    /// The day it was held or declined.
    pub interview_on: Option<NaiveDate>,
    pub interview_by: Option<String>,
    pub child_said: Option<String>,
    /// Signs of exploitation the interview found, in words.
    pub indicators: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const MISSING_COLS: &str = "id, child_id, kind, started_at, reported_to_police, ended_at, found_where, interview, interview_on, \
     interview_by, child_said, indicators, version, created_at, created_by";

pub async fn insert_missing(tx: &mut Tx, la: &str, m: &MissingRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO missing_episodes (la_code, {MISSING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(m.id).bind(m.child_id).bind(m.kind.code()).bind(m.started_at).bind(m.reported_to_police).bind(m.ended_at)
        .bind(&m.found_where).bind(m.interview.map(|i| i.code())).bind(m.interview_on).bind(&m.interview_by).bind(&m.child_said)
        .bind(&m.indicators).bind(m.version).bind(m.created_at).bind(m.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_missing(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<MissingRow>> {
    let sql = format!("SELECT {MISSING_COLS} FROM missing_episodes WHERE la_code = $1 AND id = $2");
    Ok(on!(tx, x => sqlx::query_as::<_, MissingRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(id).fetch_optional(x).await?))
}

/// A child's episodes, newest first (`missing_episodes_child`).
pub async fn missing_of_child(tx: &mut Tx, la: &str, child: Uuid) -> Result<Vec<MissingRow>> {
    let sql = format!("SELECT {MISSING_COLS} FROM missing_episodes WHERE la_code = $1 AND child_id = $2 ORDER BY started_at DESC, id");
    Ok(on!(tx, x => sqlx::query_as::<_, MissingRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).bind(child).fetch_all(x).await?))
}

/// Records the return or the interview at the version read; false when it changed first.
pub async fn update_missing(tx: &mut Tx, la: &str, m: &MissingRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE missing_episodes SET ended_at = $3, found_where = $4, interview = $5, interview_on = $6, interview_by = $7, \
         child_said = $8, indicators = $9, reported_to_police = $10, version = $11 WHERE la_code = $1 AND id = $2 AND version = $12")
        .bind(la).bind(m.id).bind(m.ended_at).bind(&m.found_where).bind(m.interview.map(|i| i.code())).bind(m.interview_on)
        .bind(&m.interview_by).bind(&m.child_said).bind(&m.indicators).bind(m.reported_to_police).bind(m.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A return waiting for its interview, of a child whose open episode or plan `user` leads.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WaitingInterviewRow {
    pub id: Uuid,
    pub child_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub episode_id: Uuid,
    pub ended_at: DateTime<Utc>,
}

/// The returns waiting for a return home interview of the children `user` leads
/// (`missing_episodes_waiting`), oldest first.
pub async fn interviews_waiting_for_lead(tx: &mut Tx, la: &str, user: Uuid, limit: i64) -> Result<Vec<WaitingInterviewRow>> {
    Ok(on!(tx, x => sqlx::query_as::<_, WaitingInterviewRow>(
        "SELECT m.id, m.child_id, p.given_name, p.family_name, led.episode_id, m.ended_at \
         FROM ( \
           SELECT e.child_id, e.id AS episode_id FROM episodes e WHERE e.la_code = $1 AND e.lead_id = $2 AND e.closure_date IS NULL \
           UNION SELECT h.child_id, h.episode_id FROM cp_plans h WHERE h.la_code = $1 AND h.lead_id = $2 AND h.end_date IS NULL \
         ) led \
         JOIN missing_episodes m ON m.la_code = $1 AND m.child_id = led.child_id AND m.ended_at IS NOT NULL AND m.interview IS NULL \
         JOIN people p ON p.la_code = $1 AND p.id = m.child_id \
         ORDER BY m.ended_at, m.id LIMIT $3")
        .bind(la).bind(user).bind(limit).fetch_all(x).await?))
}
