//! People register: persons, relationships, households and addresses.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::people::{Ethnicity, Membership, PersonDetails, PrBasis, RelationshipKind, Sex};
use serde::Serialize;
use uuid::Uuid;

use crate::codes::{NullableCode, as_code, as_opt_code};
use crate::{Result, Tx, on, select};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PersonRow {
    pub la_code: String,
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub other_names: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub sex: Sex,
    #[sqlx(try_from = "NullableCode")]
    #[serde(with = "as_opt_code")]
    pub ethnicity: Option<Ethnicity>,
    pub nhs_number: Option<String>,
    pub nhs_number_verified: bool,
    pub merged_into: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
    /// The child's unique pupil number, recorded on its own ([`set_upn`]): never written by
    /// [`insert_person`] or [`update_person`].
    pub upn: Option<String>,
}

impl PersonRow {
    /// The row for a person with these details, not merged into another record and without a
    /// unique pupil number. `created` and `updated` are each when and by whom.
    pub fn from_details(
        la_code: &str,
        id: Uuid,
        d: &PersonDetails,
        version: i32,
        created: (DateTime<Utc>, Option<Uuid>),
        updated: (DateTime<Utc>, Option<Uuid>),
    ) -> Self {
        PersonRow {
            la_code: la_code.to_owned(),
            id,
            given_name: d.given_name.clone(),
            family_name: d.family_name.clone(),
            other_names: d.other_names.clone(),
            date_of_birth: d.date_of_birth,
            expected_date_of_birth: d.expected_date_of_birth,
            sex: d.sex,
            ethnicity: d.ethnicity,
            nhs_number: d.nhs_number.as_ref().map(|n| n.as_str().to_owned()),
            nhs_number_verified: d.nhs_number_verified,
            merged_into: None,
            version,
            created_at: created.0,
            created_by: created.1,
            updated_at: updated.0,
            updated_by: updated.1,
            upn: None,
        }
    }
}

const PERSON_COLS: &str = "la_code, id, given_name, family_name, other_names, date_of_birth, expected_date_of_birth, sex, ethnicity, nhs_number, nhs_number_verified, merged_into, version, created_at, created_by, updated_at, updated_by, upn";

fn search_key(s: &str) -> String {
    ff_domain::people::normalise_name(s)
}

pub async fn insert_person(tx: &mut Tx, p: &PersonRow) -> Result<()> {
    on!(tx, c => sqlx::query(
        "INSERT INTO people (la_code, id, given_name, family_name, other_names, search_given, search_family, date_of_birth, expected_date_of_birth, sex, ethnicity, nhs_number, nhs_number_verified, merged_into, version, created_at, created_by, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)")
        .bind(&p.la_code).bind(p.id).bind(&p.given_name).bind(&p.family_name).bind(&p.other_names)
        .bind(search_key(&p.given_name)).bind(search_key(&p.family_name))
        .bind(p.date_of_birth).bind(p.expected_date_of_birth).bind(p.sex.code()).bind(p.ethnicity.map(Ethnicity::code)).bind(&p.nhs_number)
        .bind(p.nhs_number_verified).bind(p.merged_into).bind(p.version).bind(p.created_at).bind(p.created_by)
        .bind(p.updated_at).bind(p.updated_by).execute(c).await?.rows_affected());
    Ok(())
}

/// The person holding unique pupil number `upn` (`people_upn`).
pub async fn find_by_upn(tx: &mut Tx, la_code: &str, upn: &str) -> Result<Option<Uuid>> {
    Ok(on!(tx, c => sqlx::query_scalar::<_, Uuid>("SELECT id FROM people WHERE la_code = $1 AND upn = $2 AND upn IS NOT NULL LIMIT 1")
        .bind(la_code).bind(upn).fetch_optional(c).await?))
}

/// Record a person's unique pupil number (or clear it) at the version read, bumping the version;
/// false when another change got there first.
pub async fn set_upn(
    tx: &mut Tx,
    la_code: &str,
    id: Uuid,
    upn: Option<&str>,
    at: DateTime<Utc>,
    by: Uuid,
    expected_version: i32,
) -> Result<bool> {
    let n = on!(tx, c => sqlx::query(
        "UPDATE people SET upn = $3, version = version + 1, updated_at = $4, updated_by = $5 \
         WHERE la_code = $1 AND id = $2 AND version = $6 AND merged_into IS NULL")
        .bind(la_code).bind(id).bind(upn).bind(at).bind(by).bind(expected_version).execute(c).await?.rows_affected());
    Ok(n == 1)
}

/// Write the new state of a person if, and only if, the stored version is `expected_version`.
/// Returns false when another change got there first (the caller reports a conflict).
pub async fn update_person(tx: &mut Tx, p: &PersonRow, expected_version: i32) -> Result<bool> {
    let n = on!(tx, c => sqlx::query(
        "UPDATE people SET given_name = $3, family_name = $4, other_names = $5, search_given = $6, search_family = $7, \
         date_of_birth = $8, expected_date_of_birth = $9, sex = $10, ethnicity = $11, nhs_number = $12, nhs_number_verified = $13, \
         version = $14, updated_at = $15, updated_by = $16 \
         WHERE la_code = $1 AND id = $2 AND version = $17 AND merged_into IS NULL")
        .bind(&p.la_code).bind(p.id).bind(&p.given_name).bind(&p.family_name).bind(&p.other_names)
        .bind(search_key(&p.given_name)).bind(search_key(&p.family_name))
        .bind(p.date_of_birth).bind(p.expected_date_of_birth).bind(p.sex.code()).bind(p.ethnicity.map(Ethnicity::code)).bind(&p.nhs_number)
        .bind(p.nhs_number_verified).bind(p.version).bind(p.updated_at).bind(p.updated_by).bind(expected_version)
        .execute(c).await?.rows_affected());
    Ok(n == 1)
}

/// Takes the person's row lock for the rest of the transaction without changing it, so that two
/// actions that each read a running total about the person (money paid against an allowance)
/// run one after the other: a row lock on PostgreSQL, the database's write lock on SQLite.
/// False when there is no such person.
pub async fn lock(tx: &mut Tx, la_code: &str, id: Uuid) -> Result<bool> {
    let n = on!(tx, c => sqlx::query("UPDATE people SET version = version WHERE la_code = $1 AND id = $2")
        .bind(la_code).bind(id).execute(c).await?.rows_affected());
    Ok(n > 0)
}

pub async fn get_person(tx: &mut Tx, la_code: &str, id: Uuid) -> Result<Option<PersonRow>> {
    let sql = format!("SELECT {PERSON_COLS} FROM people WHERE la_code = $1 AND id = $2");
    select::one(tx, &sql, la_code, id).await
}

/// Many people by id (bounded by the list; chunked).
pub async fn get_many(tx: &mut Tx, la_code: &str, ids: &[Uuid]) -> Result<Vec<PersonRow>> {
    select::for_ids(tx, la_code, ids, |list| format!("SELECT {PERSON_COLS} FROM people WHERE la_code = $1 AND id IN ({list})")).await
}

/// The active (not merged) record with this NHS number.
pub async fn find_by_nhs(tx: &mut Tx, la_code: &str, nhs: &str) -> Result<Option<PersonRow>> {
    let sql = format!("SELECT {PERSON_COLS} FROM people WHERE la_code = $1 AND nhs_number = $2 AND merged_into IS NULL");
    Ok(on!(tx, c => sqlx::query_as::<_, PersonRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).bind(nhs).fetch_optional(c).await?))
}

/// Active records born on this date (the candidate set for name-similarity duplicate checks).
pub async fn find_by_dob(tx: &mut Tx, la_code: &str, dob: NaiveDate, limit: i64, offset: i64) -> Result<Vec<PersonRow>> {
    let sql = format!(
        "SELECT {PERSON_COLS} FROM people WHERE la_code = $1 AND date_of_birth = $2 AND merged_into IS NULL ORDER BY family_name, given_name, id LIMIT $3 OFFSET $4"
    );
    Ok(
        on!(tx, c => sqlx::query_as::<_, PersonRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).bind(dob).bind(limit).bind(offset).fetch_all(c).await?),
    )
}

/// Name search on normalised prefixes, indexed on both backends. With one word, it matches the
/// start of either name; with several, the first word starts the first name and the last word
/// starts the last name.
pub async fn search_by_name(tx: &mut Tx, la_code: &str, words: &[String], limit: i64, offset: i64) -> Result<Vec<PersonRow>> {
    let like = |w: &str| format!("{}%", w.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let (first, last) = match words {
        [] => return Ok(vec![]),
        [only] => (like(only), None),
        [first, .., last] => (like(first), Some((like(last), like(&words.join(" "))))),
    };
    match last {
        None => {
            let sql = format!(
                "SELECT {PERSON_COLS} FROM people WHERE la_code = $1 AND merged_into IS NULL \
                 AND (search_family LIKE $2 ESCAPE '\\' OR search_given LIKE $2 ESCAPE '\\') \
                 ORDER BY family_name, given_name, id LIMIT $3 OFFSET $4"
            );
            Ok(
                on!(tx, c => sqlx::query_as::<_, PersonRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).bind(&first).bind(limit).bind(offset).fetch_all(c).await?),
            )
        }
        // Several words: first name then last name (either order), or the whole phrase as one
        // name ("o brien" for O'Brien, "mary jane" for a double first name).
        Some((last, phrase)) => {
            let sql = format!(
                "SELECT {PERSON_COLS} FROM people WHERE la_code = $1 AND merged_into IS NULL \
                 AND ((search_given LIKE $2 ESCAPE '\\' AND search_family LIKE $3 ESCAPE '\\') \
                   OR (search_family LIKE $2 ESCAPE '\\' AND search_given LIKE $3 ESCAPE '\\') \
                   OR search_family LIKE $4 ESCAPE '\\' OR search_given LIKE $4 ESCAPE '\\') \
                 ORDER BY family_name, given_name, id LIMIT $5 OFFSET $6"
            );
            Ok(
                on!(tx, c => sqlx::query_as::<_, PersonRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).bind(&first).bind(&last).bind(&phrase).bind(limit).bind(offset).fetch_all(c).await?),
            )
        }
    }
}

pub async fn count_people(tx: &mut Tx, la_code: &str) -> Result<i64> {
    Ok(
        on!(tx, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM people WHERE la_code = $1 AND merged_into IS NULL").bind(la_code).fetch_one(c).await?),
    )
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RelationshipRow {
    pub la_code: String,
    pub id: Uuid,
    pub from_person_id: Uuid,
    pub to_person_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: RelationshipKind,
    pub parental_responsibility: bool,
    #[sqlx(try_from = "NullableCode")]
    #[serde(with = "as_opt_code")]
    pub pr_basis: Option<PrBasis>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_relationship(tx: &mut Tx, r: &RelationshipRow) -> Result<()> {
    on!(tx, c => sqlx::query(
        "INSERT INTO relationships (la_code, id, from_person_id, to_person_id, kind, parental_responsibility, pr_basis, start_date, end_date, version, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(&r.la_code).bind(r.id).bind(r.from_person_id).bind(r.to_person_id).bind(r.kind.code()).bind(r.parental_responsibility)
        .bind(r.pr_basis.map(PrBasis::code)).bind(r.start_date).bind(r.end_date).bind(r.version).bind(r.created_at).bind(r.created_by)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// A relationship seen from one person, with the other person's essentials (one query).
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct RelativeRow {
    pub relationship_id: Uuid,
    /// True when the person asked about is the `from` end ("this person is the KIND of other").
    pub outgoing: bool,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub kind: RelationshipKind,
    pub parental_responsibility: bool,
    #[sqlx(try_from = "NullableCode")]
    #[serde(with = "as_opt_code")]
    pub pr_basis: Option<PrBasis>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub other_id: Uuid,
    pub other_given_name: String,
    pub other_family_name: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub other_sex: Sex,
    pub other_date_of_birth: Option<NaiveDate>,
    pub other_expected_date_of_birth: Option<NaiveDate>,
}

pub async fn relatives_of(tx: &mut Tx, la_code: &str, person_id: Uuid) -> Result<Vec<RelativeRow>> {
    const SQL: &str = "SELECT r.id AS relationship_id, (r.from_person_id = $2) AS outgoing, r.kind, r.parental_responsibility, r.pr_basis, r.start_date, r.end_date, \
        p.id AS other_id, p.given_name AS other_given_name, p.family_name AS other_family_name, p.sex AS other_sex, \
        p.date_of_birth AS other_date_of_birth, p.expected_date_of_birth AS other_expected_date_of_birth \
        FROM relationships r JOIN people p ON p.la_code = r.la_code \
          AND p.id = CASE WHEN r.from_person_id = $2 THEN r.to_person_id ELSE r.from_person_id END \
        WHERE r.la_code = $1 AND (r.from_person_id = $2 OR r.to_person_id = $2) \
        ORDER BY r.end_date IS NOT NULL, r.kind, p.family_name, p.given_name";
    Ok(on!(tx, c => sqlx::query_as::<_, RelativeRow>(SQL).bind(la_code).bind(person_id).fetch_all(c).await?))
}

pub async fn insert_household(tx: &mut Tx, la_code: &str, id: Uuid, by: Option<Uuid>, at: DateTime<Utc>) -> Result<()> {
    on!(tx, c => sqlx::query("INSERT INTO households (la_code, id, created_at, created_by) VALUES ($1, $2, $3, $4)")
        .bind(la_code).bind(id).bind(at).bind(by).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn household_exists(tx: &mut Tx, la_code: &str, id: Uuid) -> Result<bool> {
    let n: i64 = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM households WHERE la_code = $1 AND id = $2").bind(la_code).bind(id).fetch_one(c).await?);
    Ok(n > 0)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct MemberRow {
    pub la_code: String,
    pub id: Uuid,
    pub household_id: Uuid,
    pub person_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub membership: Membership,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_member(tx: &mut Tx, m: &MemberRow) -> Result<()> {
    on!(tx, c => sqlx::query(
        "INSERT INTO household_members (la_code, id, household_id, person_id, membership, start_date, end_date, version, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(&m.la_code).bind(m.id).bind(m.household_id).bind(m.person_id).bind(m.membership.code()).bind(m.start_date)
        .bind(m.end_date).bind(m.version).bind(m.created_at).bind(m.created_by).execute(c).await?.rows_affected());
    Ok(())
}

/// Record the end of a household membership (the row stays, with its end date).
pub async fn end_member(tx: &mut Tx, la_code: &str, id: Uuid, end: NaiveDate, expected_version: i32) -> Result<bool> {
    let n = on!(tx, c => sqlx::query("UPDATE household_members SET end_date = $3, version = version + 1 WHERE la_code = $1 AND id = $2 AND version = $4 AND end_date IS NULL")
        .bind(la_code).bind(id).bind(end).bind(expected_version).execute(c).await?.rows_affected());
    Ok(n == 1)
}

pub async fn get_member(tx: &mut Tx, la_code: &str, id: Uuid) -> Result<Option<MemberRow>> {
    Ok(on!(tx, c => sqlx::query_as::<_, MemberRow>(
        "SELECT la_code, id, household_id, person_id, membership, start_date, end_date, version, created_at, created_by FROM household_members WHERE la_code = $1 AND id = $2")
        .bind(la_code).bind(id).fetch_optional(c).await?))
}

/// Everyone who has belonged to any household this person has belonged to, with dates (one query).
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct HouseholdMemberView {
    pub membership_id: Uuid,
    pub household_id: Uuid,
    pub person_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub sex: Sex,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    #[sqlx(try_from = "String")]
    #[serde(with = "as_code")]
    pub membership: Membership,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub version: i32,
}

pub async fn households_of(tx: &mut Tx, la_code: &str, person_id: Uuid) -> Result<Vec<HouseholdMemberView>> {
    const SQL: &str = "SELECT m.id AS membership_id, m.household_id, m.person_id, p.given_name, p.family_name, p.sex, p.date_of_birth, p.expected_date_of_birth, \
        m.membership, m.start_date, m.end_date, m.version \
        FROM household_members m JOIN people p ON p.la_code = m.la_code AND p.id = m.person_id \
        WHERE m.la_code = $1 AND m.household_id IN (SELECT household_id FROM household_members WHERE la_code = $1 AND person_id = $2) \
        ORDER BY m.household_id, m.end_date IS NOT NULL, m.start_date, p.family_name, p.given_name";
    Ok(on!(tx, c => sqlx::query_as::<_, HouseholdMemberView>(SQL).bind(la_code).bind(person_id).fetch_all(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AddressRow {
    pub la_code: String,
    pub id: Uuid,
    pub person_id: Uuid,
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub postcode: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_address(tx: &mut Tx, a: &AddressRow) -> Result<()> {
    on!(tx, c => sqlx::query(
        "INSERT INTO addresses (la_code, id, person_id, line1, line2, town, postcode, start_date, end_date, version, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(&a.la_code).bind(a.id).bind(a.person_id).bind(&a.line1).bind(&a.line2).bind(&a.town).bind(&a.postcode)
        .bind(a.start_date).bind(a.end_date).bind(a.version).bind(a.created_at).bind(a.created_by).execute(c).await?.rows_affected());
    Ok(())
}

/// Close any open address of the person the day before a new one starts.
pub async fn close_open_addresses(tx: &mut Tx, la_code: &str, person_id: Uuid, end: NaiveDate) -> Result<u64> {
    Ok(
        on!(tx, c => sqlx::query("UPDATE addresses SET end_date = $3, version = version + 1 WHERE la_code = $1 AND person_id = $2 AND end_date IS NULL AND start_date <= $3")
        .bind(la_code).bind(person_id).bind(end).execute(c).await?.rows_affected()),
    )
}

pub async fn addresses_of(tx: &mut Tx, la_code: &str, person_id: Uuid) -> Result<Vec<AddressRow>> {
    Ok(on!(tx, c => sqlx::query_as::<_, AddressRow>(
        "SELECT la_code, id, person_id, line1, line2, town, postcode, start_date, end_date, version, created_at, created_by FROM addresses \
         WHERE la_code = $1 AND person_id = $2 ORDER BY end_date IS NOT NULL, start_date DESC")
        .bind(la_code).bind(person_id).fetch_all(c).await?))
}

/// Which rows a merge moved from the merged record to the survivor.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct MovedRows {
    pub relationships_from: Vec<Uuid>,
    pub relationships_to: Vec<Uuid>,
    pub household_members: Vec<Uuid>,
    pub addresses: Vec<Uuid>,
}

/// Move every link of `merged` to `survivor`, mark `merged` as merged into it, and remember
/// exactly what moved. Both person rows remain.
#[allow(clippy::too_many_arguments)]
pub async fn merge(
    tx: &mut Tx,
    la_code: &str,
    merge_id: Uuid,
    survivor: Uuid,
    merged: Uuid,
    reason: &str,
    by: Option<Uuid>,
    at: DateTime<Utc>,
) -> Result<MovedRows> {
    const REL_FROM: &str = "UPDATE relationships SET from_person_id = $3, version = version + 1 WHERE la_code = $1 AND from_person_id = $2 AND to_person_id <> $3 RETURNING id";
    const REL_TO: &str = "UPDATE relationships SET to_person_id = $3, version = version + 1 WHERE la_code = $1 AND to_person_id = $2 AND from_person_id <> $3 RETURNING id";
    const MEMBERS: &str =
        "UPDATE household_members SET person_id = $3, version = version + 1 WHERE la_code = $1 AND person_id = $2 RETURNING id";
    const ADDRESSES: &str = "UPDATE addresses SET person_id = $3, version = version + 1 WHERE la_code = $1 AND person_id = $2 RETURNING id";
    let mut moved_ids = vec![];
    for sql in [REL_FROM, REL_TO, MEMBERS, ADDRESSES] {
        let ids: Vec<Uuid> = on!(tx, c => sqlx::query_scalar::<_, Uuid>(sql).bind(la_code).bind(merged).bind(survivor).fetch_all(c).await?);
        moved_ids.push(ids);
    }
    let mut it = moved_ids.into_iter();
    let moved = MovedRows {
        relationships_from: it.next().unwrap_or_default(),
        relationships_to: it.next().unwrap_or_default(),
        household_members: it.next().unwrap_or_default(),
        addresses: it.next().unwrap_or_default(),
    };
    on!(tx, c => sqlx::query("UPDATE people SET merged_into = $3, version = version + 1, updated_at = $4, updated_by = $5 WHERE la_code = $1 AND id = $2")
        .bind(la_code).bind(merged).bind(survivor).bind(at).bind(by).execute(c).await?.rows_affected());
    let moved_json = sqlx::types::Json(&moved);
    on!(tx, c => sqlx::query("INSERT INTO merges (la_code, id, survivor_id, merged_id, moved, reason, merged_by, merged_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(la_code).bind(merge_id).bind(survivor).bind(merged).bind(moved_json).bind(reason).bind(by).bind(at).execute(c).await?.rows_affected());
    Ok(moved)
}

/// Records merged into this one (so their history stays reachable from the survivor).
pub async fn merged_into(tx: &mut Tx, la_code: &str, survivor: Uuid) -> Result<Vec<PersonRow>> {
    let sql = format!("SELECT {PERSON_COLS} FROM people WHERE la_code = $1 AND merged_into = $2 ORDER BY updated_at");
    select::all(tx, &sql, la_code, survivor).await
}

/// Current members of the current households of a person's relatives (and of the person), in one
/// query: the households someone is likely to join.
pub async fn household_choices(tx: &mut Tx, la_code: &str, person_id: Uuid) -> Result<Vec<(Uuid, String, String)>> {
    const SQL: &str = "SELECT m.household_id, p.given_name, p.family_name FROM household_members m \
        JOIN people p ON p.la_code = m.la_code AND p.id = m.person_id \
        WHERE m.la_code = $1 AND m.end_date IS NULL AND m.household_id IN ( \
          SELECT household_id FROM household_members WHERE la_code = $1 AND end_date IS NULL AND person_id IN ( \
            SELECT from_person_id FROM relationships WHERE la_code = $1 AND to_person_id = $2 \
            UNION SELECT to_person_id FROM relationships WHERE la_code = $1 AND from_person_id = $2 \
            UNION SELECT $2)) \
        ORDER BY m.household_id, p.family_name, p.given_name";
    Ok(on!(tx, c => sqlx::query_as::<_, (Uuid, String, String)>(SQL).bind(la_code).bind(person_id).fetch_all(c).await?))
}

/// Children born on or after `born_after`, in a stable order (for the demo scenarios).
pub async fn children_sample(tx: &mut Tx, la_code: &str, born_after: NaiveDate, limit: i64) -> Result<Vec<PersonRow>> {
    let sql = format!(
        "SELECT {PERSON_COLS} FROM people WHERE la_code = $1 AND merged_into IS NULL AND date_of_birth >= $2 ORDER BY family_name, given_name, id LIMIT $3"
    );
    Ok(
        on!(tx, c => sqlx::query_as::<_, PersonRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la_code).bind(born_after).bind(limit).fetch_all(c).await?),
    )
}

/// Full names of the given people (read in chunks of ids).
pub async fn names_of(tx: &mut Tx, la_code: &str, ids: &[Uuid]) -> Result<Vec<(Uuid, String)>> {
    let rows: Vec<(Uuid, String, String)> = select::for_ids(tx, la_code, ids, |list| {
        format!("SELECT id, given_name, family_name FROM people WHERE la_code = $1 AND id IN ({list})")
    })
    .await?;
    Ok(rows.into_iter().map(|(id, g, f)| (id, format!("{g} {f}"))).collect())
}
