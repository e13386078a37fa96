//! Multi-row inserts for loading large volumes: the demo data generator, benchmarks, and one day
//! migrations from other case systems.
//!
//! Each function writes its rows with `INSERT … VALUES (…), (…), …` statements of at most
//! [`ROWS_PER_STATEMENT`] rows, in the caller's transaction. The widest table here (people, 19
//! columns) then binds 9,500 parameters per statement, well inside SQLite's limit of 32,766 and
//! PostgreSQL's 65,535. Every statement of a full chunk has the same text, so the prepared
//! statement is reused from the connection's cache.
//!
//! These functions write exactly the columns the single-row functions in [`crate::people`] and
//! [`crate::versions`] write (including the normalised search keys of people), so records loaded
//! in bulk cannot be told apart from records entered one at a time. They do not append audit
//! events or record versions by themselves: the caller decides what history to write
//! ([`insert_versions`]) and audits the load as one event.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, QueryBuilder, Sqlite};
use uuid::Uuid;

use crate::people::{AddressRow, MemberRow, PersonRow, RelationshipRow};
use crate::{Result, Tx};

/// Rows per `INSERT` statement.
pub const ROWS_PER_STATEMENT: usize = 500;

/// A household to create (households have no other columns yet).
#[derive(Debug, Clone)]
pub struct HouseholdRow {
    pub la_code: String,
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

/// One version of one record for `record_versions`, as [`crate::versions::record_version`] writes
/// it (the data already turned into JSON).
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub la_code: String,
    pub record_type: String,
    pub record_id: Uuid,
    pub version: i32,
    pub data: serde_json::Value,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTime<Utc>,
}

/// Insert `$rows` in chunks with the statement head `$head`; `$push` adds one row's binds to the
/// separated list `$b`. The body is expanded once per backend, because `QueryBuilder` is typed by
/// database (the same trick as [`crate::on!`]).
/// An optional `$tail` follows the values (an `ON CONFLICT` clause).
macro_rules! insert_in_chunks {
    ($tx:expr, $head:expr, $rows:expr, |$b:ident, $r:ident| $push:block) => {
        $crate::bulk::insert_in_chunks!($tx, $head, "", $rows, |$b, $r| $push)
    };
    ($tx:expr, $head:expr, $tail:expr, $rows:expr, |$b:ident, $r:ident| $push:block) => {{
        let tx: &mut Tx = $tx;
        for chunk in $rows.chunks(ROWS_PER_STATEMENT) {
            match &mut *tx {
                Tx::Pg(t) => {
                    let mut qb = QueryBuilder::<Postgres>::new($head);
                    qb.push_values(chunk, |mut $b, $r| $push);
                    qb.push($tail);
                    qb.build().execute(&mut **t).await?;
                }
                Tx::Sqlite(t) => {
                    let mut qb = QueryBuilder::<Sqlite>::new($head);
                    qb.push_values(chunk, |mut $b, $r| $push);
                    qb.push($tail);
                    qb.build().execute(&mut **t).await?;
                }
            }
        }
        Ok(())
    }};
}
pub(crate) use insert_in_chunks;

/// Insert people, filling the search keys with [`ff_domain::people::normalise_name`] as
/// [`crate::people::insert_person`] does.
pub async fn insert_people(tx: &mut Tx, rows: &[PersonRow]) -> Result<()> {
    const HEAD: &str = "INSERT INTO people (la_code, id, given_name, family_name, other_names, search_given, search_family, \
        date_of_birth, expected_date_of_birth, sex, ethnicity, nhs_number, nhs_number_verified, merged_into, version, \
        created_at, created_by, updated_at, updated_by) ";
    insert_in_chunks!(tx, HEAD, rows, |b, p| {
        b.push_bind(&p.la_code)
            .push_bind(p.id)
            .push_bind(&p.given_name)
            .push_bind(&p.family_name)
            .push_bind(&p.other_names)
            .push_bind(ff_domain::people::normalise_name(&p.given_name))
            .push_bind(ff_domain::people::normalise_name(&p.family_name))
            .push_bind(p.date_of_birth)
            .push_bind(p.expected_date_of_birth)
            .push_bind(p.sex.code())
            .push_bind(p.ethnicity.map(ff_domain::people::Ethnicity::code))
            .push_bind(&p.nhs_number)
            .push_bind(p.nhs_number_verified)
            .push_bind(p.merged_into)
            .push_bind(p.version)
            .push_bind(p.created_at)
            .push_bind(p.created_by)
            .push_bind(p.updated_at)
            .push_bind(p.updated_by);
    })
}

pub async fn insert_households(tx: &mut Tx, rows: &[HouseholdRow]) -> Result<()> {
    const HEAD: &str = "INSERT INTO households (la_code, id, created_at, created_by) ";
    insert_in_chunks!(tx, HEAD, rows, |b, h| {
        b.push_bind(&h.la_code).push_bind(h.id).push_bind(h.created_at).push_bind(h.created_by);
    })
}

pub async fn insert_relationships(tx: &mut Tx, rows: &[RelationshipRow]) -> Result<()> {
    const HEAD: &str = "INSERT INTO relationships (la_code, id, from_person_id, to_person_id, kind, parental_responsibility, \
        pr_basis, start_date, end_date, version, created_at, created_by) ";
    insert_in_chunks!(tx, HEAD, rows, |b, r| {
        b.push_bind(&r.la_code)
            .push_bind(r.id)
            .push_bind(r.from_person_id)
            .push_bind(r.to_person_id)
            .push_bind(r.kind.code())
            .push_bind(r.parental_responsibility)
            .push_bind(r.pr_basis.map(ff_domain::people::PrBasis::code))
            .push_bind(r.start_date)
            .push_bind(r.end_date)
            .push_bind(r.version)
            .push_bind(r.created_at)
            .push_bind(r.created_by);
    })
}

pub async fn insert_household_members(tx: &mut Tx, rows: &[MemberRow]) -> Result<()> {
    const HEAD: &str = "INSERT INTO household_members (la_code, id, household_id, person_id, membership, start_date, end_date, \
        version, created_at, created_by) ";
    insert_in_chunks!(tx, HEAD, rows, |b, m| {
        b.push_bind(&m.la_code)
            .push_bind(m.id)
            .push_bind(m.household_id)
            .push_bind(m.person_id)
            .push_bind(m.membership.code())
            .push_bind(m.start_date)
            .push_bind(m.end_date)
            .push_bind(m.version)
            .push_bind(m.created_at)
            .push_bind(m.created_by);
    })
}

pub async fn insert_addresses(tx: &mut Tx, rows: &[AddressRow]) -> Result<()> {
    const HEAD: &str = "INSERT INTO addresses (la_code, id, person_id, line1, line2, town, postcode, start_date, end_date, \
        version, created_at, created_by) ";
    insert_in_chunks!(tx, HEAD, rows, |b, a| {
        b.push_bind(&a.la_code)
            .push_bind(a.id)
            .push_bind(a.person_id)
            .push_bind(&a.line1)
            .push_bind(&a.line2)
            .push_bind(&a.town)
            .push_bind(&a.postcode)
            .push_bind(a.start_date)
            .push_bind(a.end_date)
            .push_bind(a.version)
            .push_bind(a.created_at)
            .push_bind(a.created_by);
    })
}

pub async fn insert_versions(tx: &mut Tx, rows: &[NewVersion]) -> Result<()> {
    const HEAD: &str = "INSERT INTO record_versions (la_code, record_type, record_id, version, data, changed_by, changed_at) ";
    insert_in_chunks!(tx, HEAD, rows, |b, v| {
        b.push_bind(&v.la_code)
            .push_bind(&v.record_type)
            .push_bind(v.record_id)
            .push_bind(v.version)
            .push_bind(sqlx::types::Json(&v.data))
            .push_bind(v.changed_by)
            .push_bind(v.changed_at);
    })
}

// The most rows any function above puts in one statement, times its widest row's columns, stays
// under SQLite's bound-parameter limit.
const _: () = assert!(ROWS_PER_STATEMENT * 19 <= 32_766);
