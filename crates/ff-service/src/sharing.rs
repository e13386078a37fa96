//! Sharing with the regional care co-operative (RCC-SHARE-1, RCC-SHARE-4;
//! `ff_domain::sharing` SH-1..SH-3; decision 0016): the council's analyst makes a pseudonymised
//! multi-year 903 extract tagged with its use, data sharing agreement and deletion day; the
//! extract is kept exactly as shared and every download is audited. The council's administrator
//! rotates the pseudonymisation key.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::policy::Action;
use ff_domain::sharing::{ExtractKind, Purpose, check_tag};
use ff_returns::ssda903::RulesYear;
use ff_returns::ssda903::regional::{SHARED_TABLES, SharedTable, pseudonymise, to_csv};
use ff_store::Db;
use ff_store::sharing::{ExtractRow, FileRow};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, parse_code, parsed};

pub mod workforce;

/// The most collection years one extract covers (the 903 years the product knows).
const MAX_YEARS: u32 = 5;

/// A new extract for the region.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ExtractInput {
    /// sufficiency, forecasting or pan_regional.
    pub purpose: String,
    /// The data sharing agreement that allows this use, by its reference.
    pub agreement: String,
    /// The day the region must delete it by (SH-3: within the use's retention).
    pub delete_by: NaiveDate,
    /// How many collection years, newest first (1 to 5; 5 unless said).
    #[serde(default)]
    pub years: Option<u32>,
    /// Include the monthly placement snapshot (RCC-SHARE-2): every child in care on one day.
    #[serde(default)]
    pub placements: bool,
    /// The snapshot's day (today or earlier; the last day of last month unless said). Giving it
    /// includes the snapshot.
    #[serde(default)]
    pub placements_on: Option<NaiveDate>,
}

struct ExtractDraft {
    purpose: Purpose,
    agreement: String,
    years: Vec<RulesYear>,
    /// The placement snapshot's day, when it is included.
    placements_on: Option<NaiveDate>,
}

impl ExtractInput {
    fn draft(&self, today: NaiveDate) -> Result<ExtractDraft> {
        let mut errors = ValidationErrors::new();
        let purpose = parse_code("purpose", &self.purpose, Purpose::from_code, "Choose what the extract is for", &mut errors);
        // The workforce use is for the workforce extract only (`sharing::workforce`).
        let purpose = match purpose {
            Some(p) if !Purpose::CHILDREN.contains(&p) => {
                errors.add("purpose", "Choose what the extract is for");
                None
            }
            p => p,
        };
        if let Err(e) = check_tag(purpose, &self.agreement, self.delete_by, today) {
            errors.0.extend(e.0);
        }
        let n = self.years.unwrap_or(MAX_YEARS);
        if !(1..=MAX_YEARS).contains(&n) {
            errors.add("years", "Choose from 1 to 5 collection years");
        }
        let placements_on = match self.placements_on {
            Some(d) if d > today => {
                errors.add("placements_on", "The day of the placement snapshot must be today or in the past");
                None
            }
            Some(d) => Some(d),
            None if self.placements => Some(ff_domain::sharing::default_snapshot_day(today)),
            None => None,
        };
        errors.into_result(())?;
        // The collection years that have begun, newest last, the last `n` of them.
        let begun: Vec<RulesYear> = RulesYear::ALL.into_iter().filter(|y| y.collection_start() <= today).collect();
        let years = begun[begun.len().saturating_sub(n as usize)..].to_vec();
        Ok(ExtractDraft { purpose: parsed(purpose)?, agreement: self.agreement.trim().to_owned(), years, placements_on })
    }
}

/// A new key: 256 random bits.
fn new_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// One table as shared, stacked over the years.
fn stack(into: &mut SharedTable, t: SharedTable) {
    if into.header.is_empty() {
        into.header = t.header;
    }
    into.rows.extend(t.rows);
}

/// Make a pseudonymised extract for the region (SH-1..SH-3): the 903 tables of the last
/// `years` collection years, built from the records, every child named by the council's keyed
/// hash, kept as shared with its tag. One audit event; a key is made on first use.
pub async fn create_extract(db: &Db, ctx: &Ctx, input: &ExtractInput) -> Result<Uuid> {
    ctx.authorise(Action::ShareWithRegion)?;
    let draft = input.draft(ctx.today())?;
    let mut tx = db.begin().await?;
    let key = ff_store::sharing::current_key(&mut tx, ctx.la()).await?;
    tx.commit().await?;
    let (key_version, secret, new_key) = match key {
        Some((v, s)) => (v, s, false),
        None => (1, new_secret(), true),
    };
    let mut tables: Vec<SharedTable> = SHARED_TABLES.iter().map(|_| SharedTable::default()).collect();
    let mut children = std::collections::BTreeSet::new();
    for year in &draft.years {
        let (files, _) = super::returns::ssda903::build(db, ctx, *year).await?;
        for (i, table) in SHARED_TABLES.iter().enumerate() {
            let name = super::returns::ssda903::file_name(*year, table);
            let Some((_, body)) = files.iter().find(|(n, _)| *n == name) else { continue };
            let t = pseudonymise(&String::from_utf8_lossy(body), &secret, ctx.la(), &year.to_string());
            if *table == "header" {
                children.extend(t.rows.iter().filter_map(|r| r.first().cloned()));
            }
            if let Some(into) = tables.get_mut(i) {
                stack(into, t);
            }
        }
    }
    let placements = match draft.placements_on {
        Some(on) => Some(placement_snapshot(db, ctx, on, &secret).await?),
        None => None,
    };
    let first = draft.years.first().map(ToString::to_string).unwrap_or_default();
    let last = draft.years.last().map(ToString::to_string).unwrap_or_default();
    let row = ExtractRow {
        id: ctx.new_id(),
        kind: ExtractKind::Children,
        purpose: draft.purpose,
        agreement: draft.agreement,
        delete_by: input.delete_by,
        key_version,
        years: if first == last { first } else { format!("{first} to {last}") },
        children: i32::try_from(children.len()).unwrap_or(i32::MAX),
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    let mut tx = db.begin().await?;
    if new_key && !ff_store::sharing::insert_key(&mut tx, ctx.la(), 1, &secret, ctx.now, ctx.actor.user_id).await? {
        return Err(crate::stale("sharing key", 1));
    }
    ff_store::sharing::insert_extract(&mut tx, ctx.la(), &row).await?;
    let snapshot = placements.as_ref().map(|t| ("placements", t));
    for (table, t) in SHARED_TABLES.iter().copied().zip(&tables).chain(snapshot) {
        let content = to_csv(t);
        let file = FileRow {
            table_name: table.to_owned(),
            row_count: i32::try_from(t.rows.len()).unwrap_or(i32::MAX),
            checksum: format!("{:x}", Sha256::digest(content.as_bytes())),
        };
        ff_store::sharing::insert_file(&mut tx, ctx.la(), row.id, &file, &content).await?;
    }
    let mut what = format!("pseudonymised extract for the region ({}, key version {key_version})", draft.purpose.code());
    if let Some(on) = draft.placements_on {
        what.push_str(&format!(" with the placement snapshot on {on}"));
    }
    audit(&mut tx, ctx, "export", "shared_extract", Some(row.id.to_string()), what).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// RCC-SHARE-2: the monthly placement snapshot (the RCC-DATA-2 fields the product holds), one
/// row per child in care on `on`, pseudonymised as RCC-SHARE-4 asks (`ff_domain::sharing::
/// placement_row`): the child by the same keyed hash of the council's identifier as the 903
/// tables (SH-1; a child without one yet is given one, as the 903 would), age not birth date,
/// in or out of area and a distance band, not postcodes.
async fn placement_snapshot(db: &Db, ctx: &Ctx, on: NaiveDate, secret: &[u8]) -> Result<SharedTable> {
    use ff_domain::sharing::{PLACEMENT_COLUMNS, SnapshotAgreement, SnapshotChild, placement_row};
    const PAGE: i64 = 500;
    let mut rows = vec![];
    let mut after = Uuid::nil();
    let mut tx = db.begin().await?;
    let mut next_number = ff_store::returns::last_census_number(&mut tx, ctx.la()).await?;
    loop {
        let page = ff_store::sufficiency::in_care_page(&mut tx, ctx.la(), on, after, PAGE).await?;
        let Some(last) = page.children.last() else { break };
        after = last.0;
        let ids: Vec<Uuid> = page.children.iter().map(|(id, _)| *id).collect();
        let people = ff_store::sharing::snapshot_people(&mut tx, ctx.la(), &ids).await?;
        let urns: Vec<String> = page.episodes.iter().filter_map(|e| e.provider_urn.clone()).collect();
        let urn_refs: Vec<&str> = urns.iter().map(String::as_str).collect();
        let register: Vec<String> = if urn_refs.is_empty() {
            vec![]
        } else {
            ff_store::providers::by_urns(&mut tx, &urn_refs).await?.into_iter().map(|p| p.urn.as_str().to_owned()).collect()
        };
        for (id, born) in &page.children {
            let episodes: Vec<_> = page.episodes.iter().filter(|e| e.child_id == *id).cloned().collect();
            let Some(current) =
                episodes.iter().filter(|e| e.start_date <= on && e.end_date.is_none_or(|end| end > on)).max_by_key(|e| e.start_date)
            else {
                continue;
            };
            let Some(person) = people.iter().find(|p| p.id == *id) else { continue };
            let census_id = match &person.census_id {
                Some(c) => c.clone(),
                None => {
                    next_number += 1;
                    let c = super::returns::census_id(next_number);
                    ff_store::returns::assign_census_id(&mut tx, ctx.la(), *id, &c).await?;
                    c
                }
            };
            let uasc_rows: Vec<_> = page.uasc.iter().filter(|u| u.child_id == *id).collect();
            let uasc = uasc_rows.iter().any(|u| u.since <= on && u.ceased.is_none_or(|c| c > on));
            // The agreement is kept on the episode the placement began with; the cost is what was
            // agreed for the snapshot's day (PA-4).
            let began = super::looked_after::agreement::began_with(&episodes, current).id;
            let agreement = page.agreements.iter().find(|a| a.episode_id == began).map(|a| {
                let t = super::looked_after::agreement::terms_on(&page.terms, a.id, on);
                SnapshotAgreement {
                    weekly_cost_pence: t.map_or(a.weekly_cost_pence, |t| t.weekly_cost_pence),
                    social_care_pence: t.map_or(a.social_care_pence, |t| t.social_care_pence),
                    education_pence: t.map_or(a.education_pence, |t| t.education_pence),
                    health_pence: t.map_or(a.health_pence, |t| t.health_pence),
                    sourcing_route: a.sourcing_route.code().to_owned(),
                    provision_type: a.provision_type.code().to_owned(),
                    distance_reason: a.distance_reason.code().to_owned(),
                }
            });
            let geo = crate::postcodes::placement_geography(&mut tx, ctx, &episodes, current, !uasc_rows.is_empty()).await?;
            let urn = current.provider_urn.clone();
            let child = SnapshotChild {
                census_id,
                date_of_birth: *born,
                sex: person.sex.clone(),
                ethnicity: person.ethnicity.clone().unwrap_or_default(),
                legal_status: current.legal_status.code().to_owned(),
                placement_start: current.start_date,
                placement_type: current.placement_type.code().to_owned(),
                placement_provider: current.placement_provider.code().to_owned(),
                on_register: urn.as_ref().is_some_and(|u| register.iter().any(|r| r == u.trim())),
                urn,
                agreement,
                uasc,
                in_area: geo.in_area,
                distance_miles: geo.distance_miles,
            };
            rows.push(placement_row(secret, ctx.la(), on, &child));
        }
        if page.children.len() < PAGE as usize {
            break;
        }
    }
    tx.commit().await?;
    Ok(SharedTable { header: PLACEMENT_COLUMNS.iter().map(|c| (*c).to_owned()).collect(), rows })
}

/// An extract as its pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExtractView {
    pub id: Uuid,
    pub purpose: String,
    pub purpose_label: String,
    pub agreement: String,
    pub delete_by: NaiveDate,
    pub key_version: i32,
    pub years: String,
    pub children: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The tables shared, with their rows and checksums.
    pub tables: Vec<TableView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TableView {
    pub table: String,
    pub rows: i32,
    /// SHA-256 of the file, in hex.
    pub checksum: String,
}

pub(crate) fn view(e: ExtractRow, files: Vec<FileRow>) -> ExtractView {
    ExtractView {
        id: e.id,
        purpose: e.purpose.code().into(),
        purpose_label: e.purpose.label().into(),
        agreement: e.agreement,
        delete_by: e.delete_by,
        key_version: e.key_version,
        years: e.years,
        children: e.children,
        created_at: e.created_at,
        tables: files.into_iter().map(|f| TableView { table: f.table_name, rows: f.row_count, checksum: f.checksum }).collect(),
    }
}

/// The council's sharing: its latest extracts and the key version in use.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SharingView {
    /// Newest first, at most 50.
    pub extracts: Vec<ExtractView>,
    /// The key version the next extract uses (none before the first).
    pub key_version: Option<i32>,
}

pub async fn overview(db: &Db, ctx: &Ctx) -> Result<SharingView> {
    ctx.authorise(Action::ShareWithRegion)?;
    let mut tx = db.begin().await?;
    let key_version = ff_store::sharing::current_key(&mut tx, ctx.la()).await?.map(|(v, _)| v);
    let extracts = ff_store::sharing::extracts(&mut tx, ctx.la(), ExtractKind::Children, 50).await?;
    tx.commit().await?;
    Ok(SharingView { extracts: extracts.into_iter().map(|e| view(e, vec![])).collect(), key_version })
}

pub async fn extract(db: &Db, ctx: &Ctx, id: Uuid) -> Result<ExtractView> {
    ctx.authorise(Action::ShareWithRegion)?;
    let mut tx = db.begin().await?;
    let e = ff_store::sharing::get_extract(&mut tx, ctx.la(), id)
        .await?
        .filter(|e| e.kind == ExtractKind::Children)
        .ok_or(ServiceError::NotFound("extract"))?;
    let files = ff_store::sharing::files(&mut tx, ctx.la(), id).await?;
    tx.commit().await?;
    Ok(view(e, files))
}

/// One table of an extract, exactly as shared: (file name, CSV). Audited.
pub async fn download(db: &Db, ctx: &Ctx, id: Uuid, table: &str) -> Result<(String, String)> {
    ctx.authorise(Action::ShareWithRegion)?;
    let mut tx = db.begin().await?;
    let e = ff_store::sharing::get_extract(&mut tx, ctx.la(), id)
        .await?
        .filter(|e| e.kind == ExtractKind::Children)
        .ok_or(ServiceError::NotFound("extract"))?;
    let content = ff_store::sharing::content(&mut tx, ctx.la(), id, table).await?.ok_or(ServiceError::NotFound("table"))?;
    audit(&mut tx, ctx, "download", "shared_extract", Some(id.to_string()), format!("shared extract table {table} downloaded")).await?;
    tx.commit().await?;
    let name = format!("{}_{}_{}_delete-by-{}_{table}.csv", ctx.la(), e.purpose.code(), e.id.simple(), e.delete_by);
    Ok((name, content))
}

/// The key version now in use.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KeyView {
    pub key_version: i32,
}

/// Rotate the council's pseudonymisation key (SH-1): later extracts use the new version;
/// earlier ones keep the version they were made with. The council's administrator's.
pub async fn rotate_key(db: &Db, ctx: &Ctx) -> Result<KeyView> {
    ctx.authorise(Action::EditSettings)?;
    let mut tx = db.begin().await?;
    let next = ff_store::sharing::current_key(&mut tx, ctx.la()).await?.map_or(1, |(v, _)| v + 1);
    if !ff_store::sharing::insert_key(&mut tx, ctx.la(), next, &new_secret(), ctx.now, ctx.actor.user_id).await? {
        return Err(crate::stale("sharing key", next));
    }
    audit(&mut tx, ctx, "update", "sharing_key", Some(next.to_string()), "pseudonymisation key rotated").await?;
    tx.commit().await?;
    Ok(KeyView { key_version: next })
}

/// The key version in use, for the administrator's page.
pub async fn key_version(db: &Db, ctx: &Ctx) -> Result<Option<i32>> {
    ctx.authorise(Action::EditSettings)?;
    let mut tx = db.begin().await?;
    let v = ff_store::sharing::current_key(&mut tx, ctx.la()).await?.map(|(v, _)| v);
    tx.commit().await?;
    Ok(v)
}
