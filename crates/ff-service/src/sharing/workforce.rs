//! The social work workforce shared with the region (W-OUT-4, RCC-SHARE-4;
//! `ff_domain::sharing::workforce`; decision 0024): the council's administrator loads the key the
//! region issues to its members (never shown again, only its check value; a new version replaces
//! it), and the workforce officer or the analyst makes a pseudonymised extract of a census year's
//! worker rows, tagged with its use, data sharing agreement and deletion day, kept exactly as
//! shared with the region key's version, every download audited. Without a region key an extract
//! is refused, saying how to load one.

use chrono::{Datelike, NaiveDate};
use ff_domain::ValidationErrors;
use ff_domain::policy::Action;
use ff_domain::sharing::workforce::{CensusWorker, WORKFORCE_COLUMNS, key_check, parse_region_key, workforce_row};
use ff_domain::sharing::{ExtractKind, Purpose, check_tag};
use ff_domain::workforce::establishment as est;
use ff_returns::csww;
use ff_returns::ssda903::regional::{SharedTable, to_csv};
use ff_store::Db;
use ff_store::sharing::{ExtractRow, FileRow};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, field_err, parse_code, parsed};

/// The one table of a workforce extract.
pub const TABLE: &str = "workers";

/// The region's key as the administrator enters it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RegionKeyInput {
    /// The key the region issued: 64 hexadecimal digits (256 bits).
    pub key: String,
    /// The version the region gave it: higher than the version the council holds.
    pub version: i32,
}

/// The region's key the council holds: its version and check value, never the key.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionKeyView {
    pub version: i32,
    /// 12 hexadecimal digits the region publishes with the key, to confirm the same key was loaded.
    pub check: String,
    pub loaded_at: chrono::DateTime<chrono::Utc>,
}

/// Load a version of the region's key (RCC-SHARE-4). The council's administrator's: later
/// workforce extracts use it; earlier ones keep the version they were made with. The key is
/// never logged, audited or shown again.
pub async fn load_region_key(db: &Db, ctx: &Ctx, input: &RegionKeyInput) -> Result<RegionKeyView> {
    ctx.authorise(Action::EditSettings)?;
    let mut errors = ValidationErrors::new();
    let key = match parse_region_key(&input.key) {
        Ok(k) => Some(k),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    if !(1..=9999).contains(&input.version) {
        errors.add("version", "Enter the version the region gave the key, a whole number from 1 to 9999");
    }
    let mut tx = db.begin().await?;
    let held = ff_store::sharing::current_region_key(&mut tx, ctx.la()).await?.map(|(v, _, _)| v);
    if let Some(held) = held.filter(|h| input.version <= *h && (1..=9999).contains(&input.version)) {
        errors.add("version", format!("The council already holds version {held} of the region's key: a new key has a higher version"));
    }
    errors.into_result(())?;
    let key = parsed(key)?;
    let check = key_check(&key);
    if !ff_store::sharing::insert_region_key(&mut tx, ctx.la(), input.version, &key, &check, ctx.now, ctx.actor.user_id).await? {
        return Err(crate::stale("region key", input.version));
    }
    audit(&mut tx, ctx, "update", "region_key", Some(input.version.to_string()), "region's workforce key loaded").await?;
    tx.commit().await?;
    Ok(RegionKeyView { version: input.version, check, loaded_at: ctx.now })
}

/// The region's key the council holds, for the administrator's page.
pub async fn region_key(db: &Db, ctx: &Ctx) -> Result<Option<RegionKeyView>> {
    ctx.authorise(Action::EditSettings)?;
    held_key(db, ctx).await
}

async fn held_key(db: &Db, ctx: &Ctx) -> Result<Option<RegionKeyView>> {
    let mut tx = db.begin().await?;
    let k = ff_store::sharing::region_key_loaded(&mut tx, ctx.la()).await?;
    tx.commit().await?;
    Ok(k.map(|(version, check, loaded_at, _)| RegionKeyView { version, check, loaded_at }))
}

/// A new workforce extract for the region.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct WorkforceExtractInput {
    /// workforce or pan_regional.
    pub purpose: String,
    /// The data sharing agreement that allows this use, by its reference.
    pub agreement: String,
    /// The day the region must delete it by (within the use's retention: 7 years for workforce
    /// planning, 12 for pan-regional analysis).
    pub delete_by: NaiveDate,
    /// The census year (its 30 September is the day the rows describe); the latest whose
    /// 30 September has come unless said.
    #[serde(default)]
    pub year: Option<i32>,
}

/// Make the pseudonymised workforce extract for a census year (W-OUT-4, RCC-SHARE-4): the
/// census's worker rows (permanent workers in post on 30 September, leavers in the year, agency
/// workers in post), each named by the region's keyed hash of the registration number, born in
/// a month, nothing else identifying. Read, kept and audited in one transaction.
pub async fn create_extract(db: &Db, ctx: &Ctx, input: &WorkforceExtractInput) -> Result<Uuid> {
    ctx.authorise(Action::ShareWorkforceWithRegion)?;
    let today = ctx.today();
    let mut errors = ValidationErrors::new();
    let purpose = parse_code("purpose", &input.purpose, Purpose::from_code, "Choose what the extract is for", &mut errors)
        .filter(|p| Purpose::WORKFORCE.contains(p));
    if purpose.is_none() && !errors.0.iter().any(|e| e.field == "purpose") {
        errors.add("purpose", "Choose what the extract is for");
    }
    if let Err(e) = check_tag(purpose, &input.agreement, input.delete_by, today) {
        errors.0.extend(e.0);
    }
    let year = input.year.unwrap_or_else(|| est::census_date(today).year());
    if let Err(crate::ServiceError::Validation(e)) = crate::workforce::check_year(year, today) {
        errors.0.extend(e.0);
    }
    errors.into_result(())?;
    let purpose = parsed(purpose)?;
    let on = csww::reference_date(year).ok_or_else(|| field_err("year", "Choose a census year"))?;
    let from = est::year_to(on);

    let mut tx = db.begin().await?;
    let Some((key_version, secret, _)) = ff_store::sharing::current_region_key(&mut tx, ctx.la()).await? else {
        return Err(field_err(
            "region_key",
            "The council has not loaded the region's key yet: ask the council's administrator to enter the key the region \
             issued, on the page for the region's workforce key, then make the extract",
        ));
    };
    let g = crate::workforce::gather(&mut tx, ctx, on, from).await?;
    let rows: Vec<Vec<String>> = g
        .records
        .iter()
        .map(|w| {
            let held = g.workers.iter().find(|r| r.swe_number.as_deref().map(str::trim) == Some(w.swe_number.trim()));
            let c = CensusWorker {
                swe_number: w.swe_number.clone(),
                agency: w.agency,
                date_of_birth: w.birth_date.or_else(|| held.and_then(|r| r.date_of_birth)),
                org_role: w.org_role.clone(),
                fte_millionths: w.fte,
                role_start: w.role_start,
                role_end: w.role_end,
                reason_leave: w.reason_leave.clone(),
                cases: w.cases30,
                days_lost_x100: w.working_days_lost_x100,
                absent: w.absent_30_sept.first().copied(),
                reason_absence: w.reason_absence.first().cloned(),
                route: held.and_then(|r| r.qualification_route).map(|r| r.code().to_owned()),
                qualified_on: held.and_then(|r| r.qualified_on),
            };
            workforce_row(&secret, ctx.la(), year, on, &c)
        })
        .collect();
    let table = SharedTable { header: WORKFORCE_COLUMNS.iter().map(|c| (*c).to_owned()).collect(), rows };
    let row = ExtractRow {
        id: ctx.new_id(),
        kind: ExtractKind::Workforce,
        purpose,
        agreement: input.agreement.trim().to_owned(),
        delete_by: input.delete_by,
        key_version,
        years: year.to_string(),
        children: i32::try_from(table.rows.len()).unwrap_or(i32::MAX),
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::sharing::insert_extract(&mut tx, ctx.la(), &row).await?;
    let content = to_csv(&table);
    let file =
        FileRow { table_name: TABLE.to_owned(), row_count: row.children, checksum: format!("{:x}", Sha256::digest(content.as_bytes())) };
    ff_store::sharing::insert_file(&mut tx, ctx.la(), row.id, &file, &content).await?;
    let what = format!("workforce extract for the region ({}, census {year}, region key version {key_version})", purpose.code());
    audit(&mut tx, ctx, "export", "shared_extract", Some(row.id.to_string()), what).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A workforce extract as its pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkforceExtractView {
    pub id: Uuid,
    pub purpose: String,
    pub purpose_label: String,
    pub agreement: String,
    pub delete_by: NaiveDate,
    /// The version of the region's key the workers' codes were made with.
    pub region_key_version: i32,
    /// The census year: its 30 September is the day described.
    pub year: i32,
    /// Worker rows shared.
    pub workers: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// SHA-256 of the file as shared, in hex (none in the list).
    pub checksum: Option<String>,
}

fn view(e: ExtractRow, file: Option<FileRow>) -> WorkforceExtractView {
    WorkforceExtractView {
        id: e.id,
        purpose: e.purpose.code().into(),
        purpose_label: e.purpose.label().into(),
        agreement: e.agreement,
        delete_by: e.delete_by,
        region_key_version: e.key_version,
        year: e.years.parse().unwrap_or_default(),
        workers: e.children,
        created_at: e.created_at,
        checksum: file.map(|f| f.checksum),
    }
}

/// The council's workforce extracts and the region's key it holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkforceSharingView {
    /// Newest first, at most 50.
    pub extracts: Vec<WorkforceExtractView>,
    /// The region's key the next extract uses (none until the administrator loads one).
    pub region_key: Option<RegionKeyView>,
    /// The census years that can be shared today, newest first.
    pub years: Vec<i32>,
}

pub async fn overview(db: &Db, ctx: &Ctx) -> Result<WorkforceSharingView> {
    ctx.authorise(Action::ShareWorkforceWithRegion)?;
    let region_key = held_key(db, ctx).await?;
    let mut tx = db.begin().await?;
    let extracts = ff_store::sharing::extracts(&mut tx, ctx.la(), ExtractKind::Workforce, 50).await?;
    tx.commit().await?;
    Ok(WorkforceSharingView {
        extracts: extracts.into_iter().map(|e| view(e, None)).collect(),
        region_key,
        years: crate::workforce::census_years(ctx.today()),
    })
}

async fn get(tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid) -> Result<ExtractRow> {
    ff_store::sharing::get_extract(tx, ctx.la(), id)
        .await?
        .filter(|e| e.kind == ExtractKind::Workforce)
        .ok_or(ServiceError::NotFound("extract"))
}

pub async fn extract(db: &Db, ctx: &Ctx, id: Uuid) -> Result<WorkforceExtractView> {
    ctx.authorise(Action::ShareWorkforceWithRegion)?;
    let mut tx = db.begin().await?;
    let e = get(&mut tx, ctx, id).await?;
    let file = ff_store::sharing::files(&mut tx, ctx.la(), id).await?.into_iter().next();
    tx.commit().await?;
    Ok(view(e, file))
}

/// The extract's file exactly as shared: (file name, CSV). Audited.
pub async fn download(db: &Db, ctx: &Ctx, id: Uuid) -> Result<(String, String)> {
    ctx.authorise(Action::ShareWorkforceWithRegion)?;
    let mut tx = db.begin().await?;
    let e = get(&mut tx, ctx, id).await?;
    let content = ff_store::sharing::content(&mut tx, ctx.la(), id, TABLE).await?.ok_or(ServiceError::NotFound("table"))?;
    audit(&mut tx, ctx, "download", "shared_extract", Some(id.to_string()), "workforce extract downloaded").await?;
    tx.commit().await?;
    let name = format!("{}_{}_workforce-{}_{}_delete-by-{}.csv", ctx.la(), e.purpose.code(), e.years, e.id.simple(), e.delete_by);
    Ok((name, content))
}
