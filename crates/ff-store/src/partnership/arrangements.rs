//! The partnership as its own record (`ff_domain::partnership::arrangements`, MASA-SYS-1): one
//! partnership row per owning council (`partnership_records_one`), and its partners' named people,
//! relevant agencies, documents and budget contributions, each a row of its own under the owning
//! council's code, changed whole at the version read and never deleted. A partnership has tens of
//! these rows, not thousands: each list reads at most `LIMIT` rows.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::partnership::arrangements::{AgencyKind, DocumentKind, PartnerRole, StatutoryPartner};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Result, Tx, on};

const LIMIT: i64 = 1_000;

/// The partnership: its name, the councils it covers, its chair and independent scrutiny.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct RecordRow {
    pub id: Uuid,
    pub name: String,
    /// Council codes separated by commas ("990,991").
    pub areas: String,
    pub chair: String,
    pub scrutineer: String,
    pub scrutiny_from: NaiveDate,
    pub scrutiny_to: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const RECORD_COLS: &str = "id, name, areas, chair, scrutineer, scrutiny_from, scrutiny_to, version, created_at, created_by";

pub async fn insert_record(tx: &mut Tx, la: &str, r: &RecordRow) -> Result<()> {
    let sql = format!("INSERT INTO partnership_records (la_code, {RECORD_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(r.id).bind(&r.name).bind(&r.areas).bind(&r.chair).bind(&r.scrutineer).bind(r.scrutiny_from).bind(r.scrutiny_to)
        .bind(r.version).bind(r.created_at).bind(r.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

/// The council's partnership, if it has been set up.
pub async fn record_of(tx: &mut Tx, la: &str) -> Result<Option<RecordRow>> {
    let sql = format!("SELECT {RECORD_COLS} FROM partnership_records WHERE la_code = $1");
    Ok(on!(tx, x => sqlx::query_as::<_, RecordRow>(sqlx::AssertSqlSafe(sql.clone())).bind(la).fetch_optional(x).await?))
}

pub async fn update_record(tx: &mut Tx, la: &str, r: &RecordRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_records SET name = $3, areas = $4, chair = $5, scrutineer = $6, scrutiny_from = $7, scrutiny_to = $8, \
         version = $9 WHERE la_code = $1 AND id = $2 AND version = $10")
        .bind(la).bind(r.id).bind(&r.name).bind(&r.areas).bind(&r.chair).bind(&r.scrutineer).bind(r.scrutiny_from).bind(r.scrutiny_to)
        .bind(r.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A named lead or delegated safeguarding partner for one statutory partner, over a period.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct PartnerRow {
    pub id: Uuid,
    pub partnership_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "crate::codes::as_code")]
    pub partner: StatutoryPartner,
    #[sqlx(try_from = "String")]
    #[serde(with = "crate::codes::as_code")]
    pub role: PartnerRole,
    pub person_name: String,
    pub role_title: String,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const PARTNER_COLS: &str = "id, partnership_id, partner, role, person_name, role_title, from_on, to_on, version, created_at, created_by";

pub async fn insert_partner(tx: &mut Tx, la: &str, p: &PartnerRow) -> Result<()> {
    let sql =
        format!("INSERT INTO partnership_partners (la_code, {PARTNER_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(p.id).bind(p.partnership_id).bind(p.partner.code()).bind(p.role.code()).bind(&p.person_name).bind(&p.role_title)
        .bind(p.from_on).bind(p.to_on).bind(p.version).bind(p.created_at).bind(p.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_partner(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<PartnerRow>> {
    let sql = format!("SELECT {PARTNER_COLS} FROM partnership_partners WHERE la_code = $1 AND id = $2");
    crate::select::one(tx, &sql, la, id).await
}

/// Every named person of the partnership, by partner and start (`partnership_partners_of`).
pub async fn partners_of(tx: &mut Tx, la: &str, partnership: Uuid) -> Result<Vec<PartnerRow>> {
    let sql = format!(
        "SELECT {PARTNER_COLS} FROM partnership_partners WHERE la_code = $1 AND partnership_id = $2 ORDER BY partner, from_on, id LIMIT {LIMIT}"
    );
    crate::select::all(tx, &sql, la, partnership).await
}

/// Writes a named person's period at the version read; false when it changed first.
pub async fn update_partner(tx: &mut Tx, la: &str, p: &PartnerRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_partners SET person_name = $3, role_title = $4, from_on = $5, to_on = $6, version = $7 \
         WHERE la_code = $1 AND id = $2 AND version = $8")
        .bind(la).bind(p.id).bind(&p.person_name).bind(&p.role_title).bind(p.from_on).bind(p.to_on).bind(p.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A relevant agency named in the arrangements, over a period (MASA-P-4, -5).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct AgencyRow {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub name: String,
    #[sqlx(try_from = "String")]
    #[serde(with = "crate::codes::as_code")]
    pub kind: AgencyKind,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const AGENCY_COLS: &str = "id, partnership_id, name, kind, from_on, to_on, version, created_at, created_by";

pub async fn insert_agency(tx: &mut Tx, la: &str, a: &AgencyRow) -> Result<()> {
    let sql = format!("INSERT INTO partnership_agencies (la_code, {AGENCY_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(a.id).bind(a.partnership_id).bind(&a.name).bind(a.kind.code()).bind(a.from_on).bind(a.to_on).bind(a.version)
        .bind(a.created_at).bind(a.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_agency(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<AgencyRow>> {
    let sql = format!("SELECT {AGENCY_COLS} FROM partnership_agencies WHERE la_code = $1 AND id = $2");
    crate::select::one(tx, &sql, la, id).await
}

/// The partnership's relevant agencies by the day they joined (`partnership_agencies_of`).
pub async fn agencies_of(tx: &mut Tx, la: &str, partnership: Uuid) -> Result<Vec<AgencyRow>> {
    let sql = format!(
        "SELECT {AGENCY_COLS} FROM partnership_agencies WHERE la_code = $1 AND partnership_id = $2 ORDER BY from_on, name, id LIMIT {LIMIT}"
    );
    crate::select::all(tx, &sql, la, partnership).await
}

pub async fn update_agency(tx: &mut Tx, la: &str, a: &AgencyRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_agencies SET name = $3, kind = $4, from_on = $5, to_on = $6, version = $7 \
         WHERE la_code = $1 AND id = $2 AND version = $8")
        .bind(la).bind(a.id).bind(&a.name).bind(a.kind.code()).bind(a.from_on).bind(a.to_on).bind(a.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A version of the published arrangements or of the threshold document, with each lead
/// partner's sign-off (who, by name as the lead was then, and when).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: Uuid,
    pub partnership_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "crate::codes::as_code")]
    pub kind: DocumentKind,
    pub title: String,
    pub version_label: String,
    pub published_on: NaiveDate,
    pub link: String,
    pub council_signed_by: Option<String>,
    pub council_signed_on: Option<NaiveDate>,
    pub icb_signed_by: Option<String>,
    pub icb_signed_on: Option<NaiveDate>,
    pub police_signed_by: Option<String>,
    pub police_signed_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const DOCUMENT_COLS: &str = "id, partnership_id, kind, title, version_label, published_on, link, council_signed_by, council_signed_on, \
                             icb_signed_by, icb_signed_on, police_signed_by, police_signed_on, version, created_at, created_by";

pub async fn insert_document(tx: &mut Tx, la: &str, d: &DocumentRow) -> Result<()> {
    let sql = format!(
        "INSERT INTO partnership_documents (la_code, {DOCUMENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, $17)"
    );
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(d.id).bind(d.partnership_id).bind(d.kind.code()).bind(&d.title).bind(&d.version_label).bind(d.published_on)
        .bind(&d.link).bind(&d.council_signed_by).bind(d.council_signed_on).bind(&d.icb_signed_by).bind(d.icb_signed_on)
        .bind(&d.police_signed_by).bind(d.police_signed_on).bind(d.version).bind(d.created_at).bind(d.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_document(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<DocumentRow>> {
    let sql = format!("SELECT {DOCUMENT_COLS} FROM partnership_documents WHERE la_code = $1 AND id = $2");
    crate::select::one(tx, &sql, la, id).await
}

/// The partnership's documents, newest first within each kind (`partnership_documents_of`).
pub async fn documents_of(tx: &mut Tx, la: &str, partnership: Uuid) -> Result<Vec<DocumentRow>> {
    let sql = format!(
        "SELECT {DOCUMENT_COLS} FROM partnership_documents WHERE la_code = $1 AND partnership_id = $2 \
         ORDER BY kind, published_on DESC, created_at DESC LIMIT {LIMIT}"
    );
    crate::select::all(tx, &sql, la, partnership).await
}

/// Writes a document's sign-offs at the version read; what it is and where it is published stay.
pub async fn update_document(tx: &mut Tx, la: &str, d: &DocumentRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_documents SET council_signed_by = $3, council_signed_on = $4, icb_signed_by = $5, icb_signed_on = $6, \
         police_signed_by = $7, police_signed_on = $8, version = $9 WHERE la_code = $1 AND id = $2 AND version = $10")
        .bind(la).bind(d.id).bind(&d.council_signed_by).bind(d.council_signed_on).bind(&d.icb_signed_by).bind(d.icb_signed_on)
        .bind(&d.police_signed_by).bind(d.police_signed_on).bind(d.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}

/// A partner's contribution to a financial year's shared budget, in pence (MASA-P-10).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct BudgetRow {
    pub id: Uuid,
    pub partnership_id: Uuid,
    #[sqlx(try_from = "String")]
    #[serde(with = "crate::codes::as_code")]
    pub partner: StatutoryPartner,
    pub year: i32,
    pub amount_pence: i64,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub created_by: Uuid,
}

const BUDGET_COLS: &str = "id, partnership_id, partner, year, amount_pence, version, created_at, created_by";

pub async fn insert_budget(tx: &mut Tx, la: &str, b: &BudgetRow) -> Result<()> {
    let sql = format!("INSERT INTO partnership_budget (la_code, {BUDGET_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    on!(tx, x => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(la).bind(b.id).bind(b.partnership_id).bind(b.partner.code()).bind(b.year).bind(b.amount_pence).bind(b.version)
        .bind(b.created_at).bind(b.created_by)
        .execute(x).await?.rows_affected());
    Ok(())
}

pub async fn get_budget(tx: &mut Tx, la: &str, id: Uuid) -> Result<Option<BudgetRow>> {
    let sql = format!("SELECT {BUDGET_COLS} FROM partnership_budget WHERE la_code = $1 AND id = $2");
    crate::select::one(tx, &sql, la, id).await
}

/// Every contribution, newest year first (`partnership_budget_one`).
pub async fn budget_of(tx: &mut Tx, la: &str, partnership: Uuid) -> Result<Vec<BudgetRow>> {
    let sql = format!(
        "SELECT {BUDGET_COLS} FROM partnership_budget WHERE la_code = $1 AND partnership_id = $2 ORDER BY year DESC, partner LIMIT {LIMIT}"
    );
    crate::select::all(tx, &sql, la, partnership).await
}

pub async fn update_budget(tx: &mut Tx, la: &str, b: &BudgetRow, read_version: i32) -> Result<bool> {
    let rows = on!(tx, x => sqlx::query(
        "UPDATE partnership_budget SET amount_pence = $3, version = $4 WHERE la_code = $1 AND id = $2 AND version = $5")
        .bind(la).bind(b.id).bind(b.amount_pence).bind(b.version).bind(read_version)
        .execute(x).await?.rows_affected());
    Ok(rows == 1)
}
