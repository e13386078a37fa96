//! Regions (RCC-1; `ff_domain::regions`; decision 0029): the region a council keeps in this
//! database and its member councils, recorded by the council's administrator; and the regional
//! care co-operative's own work, for the regional analyst and commissioner, on what member
//! councils share and nothing else: the pseudonymised extracts members on Families First make
//! (RCC-SHARE-1, RCC-SHARE-4; `sharing`), the SSDA903 files a member not on Families First sends
//! (checked with the product's 903 validator and kept with its verdict), and the region's
//! sufficiency picture counted from them (RCC-2, RCC-SHARE-2) beside the region's latest forecast
//! and the members' own foster places. No child's record, no name: the regional roles reach no
//! council's pages (`ff_domain::policy`).

use std::collections::HashMap;

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::policy::Action;
use ff_domain::regions::{self as reg, Participation, RegionChild, Tally};
use ff_domain::sharing::ExtractKind;
use ff_returns::ssda903::RulesYear;
use ff_store::Db;
use ff_store::regions::{MemberRow, RegionRow, UploadRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::insight::{Figure, fig};
use crate::versioned::{aggregate, save};
use crate::{Ctx, Result, ServiceError, audit, field_err, parse_code, parsed, stale};

aggregate!(RegionRow, "region", "region", |r, tx, la, read| ff_store::regions::save_region(tx, la, r, read));
aggregate!(MemberRow, "region_member", "membership", |m, tx, la, read| ff_store::regions::save_member(tx, la, m, read));

/// The most bytes of 903 files one upload holds.
pub const MAX_UPLOAD_BYTES: usize = 50_000_000;
/// Issues kept per rule in an upload's verdict.
const KEEP_PER_RULE: usize = 50;

/// The region's code and name; `version` is the version read (0 or none for a new region).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RegionInput {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub version: Option<i32>,
}

/// A member council.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RegionMemberInput {
    /// The council's three-digit DfE LA number.
    pub la_code: String,
    pub name: String,
    /// families_first (shares extracts from this database) or uploads_903 (sends its 903 files).
    pub participation: String,
    pub joined_on: NaiveDate,
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
}

/// A change to a membership at the version read.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RegionMemberChange {
    pub version: i32,
    pub name: String,
    pub participation: String,
    pub joined_on: NaiveDate,
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionMemberView {
    pub id: Uuid,
    pub la_code: String,
    pub name: String,
    pub participation: String,
    pub participation_label: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    /// A member today.
    pub current: bool,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionView {
    /// None until the administrator records the region.
    pub region: Option<RegionSummary>,
    pub members: Vec<RegionMemberView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionSummary {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub version: i32,
}

fn member_view(m: &MemberRow, today: NaiveDate) -> RegionMemberView {
    RegionMemberView {
        id: m.id,
        la_code: m.member_la.clone(),
        name: m.member_name.clone(),
        participation: m.participation.code().into(),
        participation_label: m.participation.label().into(),
        joined_on: m.joined_on,
        left_on: m.left_on,
        current: reg::is_member_on(m.joined_on, m.left_on, today),
        version: m.version,
    }
}

async fn region_row(tx: &mut ff_store::Tx, ctx: &Ctx) -> Result<RegionRow> {
    ff_store::regions::region(tx, ctx.la()).await?.ok_or(ServiceError::NotFound("region"))
}

/// The region and its members, past and present.
pub async fn overview(db: &Db, ctx: &Ctx) -> Result<RegionView> {
    ctx.authorise(Action::ViewRegion)?;
    let mut tx = db.begin().await?;
    let region = ff_store::regions::region(&mut tx, ctx.la()).await?;
    let members = match &region {
        Some(r) => ff_store::regions::members(&mut tx, ctx.la(), r.id).await?,
        None => vec![],
    };
    tx.commit().await?;
    let today = ctx.today();
    Ok(RegionView {
        region: region.map(|r| RegionSummary { id: r.id, code: r.code, name: r.name, version: r.version }),
        members: members.iter().map(|m| member_view(m, today)).collect(),
    })
}

/// Record the region (the first time) or change its code and name at the version read.
pub async fn save_region(db: &Db, ctx: &Ctx, input: &RegionInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageRegion)?;
    let (code, name) = reg::check_region(&input.code, &input.name)?;
    let mut tx = db.begin().await?;
    let id = match ff_store::regions::region(&mut tx, ctx.la()).await? {
        None => {
            if input.version.unwrap_or(0) != 0 {
                return Err(stale("region", 0));
            }
            let row = RegionRow { id: ctx.new_id(), code, name, version: 1, created_at: ctx.now, created_by: ctx.actor.user_id };
            ff_store::regions::insert_region(&mut tx, ctx.la(), &row).await?;
            ff_store::versions::record_version(&mut tx, ctx.la(), "region", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
            audit(&mut tx, ctx, "create", "region", Some(row.id.to_string()), "region recorded").await?;
            row.id
        }
        Some(r) => {
            let read = input.version.unwrap_or(0);
            if read != r.version {
                return Err(stale("region", r.version));
            }
            let id = r.id;
            save(&mut tx, ctx, read, RegionRow { code, name, ..r }, "update", "region changed").await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

fn check_member(
    participation: &str,
    name: &str,
    joined_on: NaiveDate,
    left_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(Participation, String)> {
    let mut errors = ValidationErrors::new();
    let p = parse_code(
        "participation",
        participation,
        Participation::from_code,
        "Choose how the council takes part: on Families First, or by sending its 903 files",
        &mut errors,
    );
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        errors.add("name", "Enter the council's name (at most 200 characters)");
    }
    if let Err(e) = reg::check_membership(joined_on, left_on, today) {
        errors.0.extend(e.0);
    }
    errors.into_result(())?;
    Ok((parsed(p)?, name))
}

/// Add a member council (RCC-1). One membership per council: change it to record leaving or
/// rejoining.
pub async fn add_member(db: &Db, ctx: &Ctx, input: &RegionMemberInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageRegion)?;
    let la = ff_domain::LaCode::parse(&input.la_code);
    let checked = check_member(&input.participation, &input.name, input.joined_on, input.left_on, ctx.today());
    let (la, (participation, name)) = match (la, checked) {
        (Ok(la), Ok(c)) => (la, c),
        (la, checked) => {
            let mut errors = ValidationErrors::new();
            if la.is_err() {
                errors.add("la_code", "Enter the council's three-digit DfE LA number, like 201");
            }
            match checked {
                Err(ServiceError::Validation(e)) => errors.0.extend(e.0),
                Err(e) => return Err(e),
                Ok(_) => {}
            }
            return Err(ServiceError::Validation(errors));
        }
    };
    let mut tx = db.begin().await?;
    let Some(region) = ff_store::regions::region(&mut tx, ctx.la()).await? else {
        return Err(field_err("la_code", "Record the region first: its code and name"));
    };
    let members = ff_store::regions::members(&mut tx, ctx.la(), region.id).await?;
    if members.iter().any(|m| m.member_la == la.as_str()) {
        return Err(field_err("la_code", "This council is already a member: change its membership instead"));
    }
    let row = MemberRow {
        id: ctx.new_id(),
        region_id: region.id,
        member_la: la.as_str().to_owned(),
        member_name: name,
        participation,
        joined_on: input.joined_on,
        left_on: input.left_on,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::regions::insert_member(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "region_member", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "region_member", Some(row.id.to_string()), format!("council {} joined the region", row.member_la))
        .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Change a membership (how the council takes part, its name, the days it joined and left) at
/// the version read.
pub async fn change_member(db: &Db, ctx: &Ctx, id: Uuid, input: &RegionMemberChange) -> Result<()> {
    ctx.authorise(Action::ManageRegion)?;
    let mut tx = db.begin().await?;
    let m = ff_store::regions::member(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("membership"))?;
    if m.version != input.version {
        return Err(stale("membership", m.version));
    }
    let (participation, member_name) = check_member(&input.participation, &input.name, input.joined_on, input.left_on, ctx.today())?;
    let read = m.version;
    let next = MemberRow { member_name, participation, joined_on: input.joined_on, left_on: input.left_on, ..m };
    let summary = format!("membership of council {} changed", next.member_la);
    save(&mut tx, ctx, read, next, "update", summary).await?;
    tx.commit().await?;
    Ok(())
}

/// Today's members taking part in one way.
async fn current_members(tx: &mut ff_store::Tx, ctx: &Ctx, region: &RegionRow, how: Participation) -> Result<Vec<MemberRow>> {
    let today = ctx.today();
    Ok(ff_store::regions::members(tx, ctx.la(), region.id)
        .await?
        .into_iter()
        .filter(|m| m.participation == how && reg::is_member_on(m.joined_on, m.left_on, today))
        .collect())
}

/// An extract a member council shared, as the region sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberExtract {
    pub la_code: String,
    pub council: String,
    pub extract: crate::sharing::ExtractView,
}

/// What the region holds: the members' shared extracts (each member's latest 20) and the 903
/// files sent by members not on Families First.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SharedView {
    pub region: RegionSummary,
    pub members: Vec<RegionMemberView>,
    pub extracts: Vec<MemberExtract>,
    pub uploads: Vec<UploadSummary>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UploadSummary {
    pub id: Uuid,
    pub la_code: String,
    pub year: String,
    /// accepted (no errors), errors (kept, marked) or unreadable (kept; the files could not be read).
    pub verdict: String,
    pub children: i32,
    pub errors: i32,
    pub warnings: i32,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
}

fn upload_summary(u: &UploadRow) -> UploadSummary {
    UploadSummary {
        id: u.id,
        la_code: u.member_la.clone(),
        year: u.year.clone(),
        verdict: u.verdict.clone(),
        children: u.children,
        errors: u.errors,
        warnings: u.warnings,
        uploaded_at: u.uploaded_at,
    }
}

/// The region's shared data: today's members on Families First and their extracts, and the
/// uploads. Audited once.
pub async fn shared(db: &Db, ctx: &Ctx) -> Result<SharedView> {
    ctx.authorise(Action::WorkAsRegion)?;
    let mut tx = db.begin().await?;
    let region = region_row(&mut tx, ctx).await?;
    let all = ff_store::regions::members(&mut tx, ctx.la(), region.id).await?;
    let sharing = current_members(&mut tx, ctx, &region, Participation::FamiliesFirst).await?;
    let mut extracts = vec![];
    for m in &sharing {
        for e in ff_store::sharing::extracts(&mut tx, &m.member_la, ExtractKind::Children, 20).await? {
            let files = ff_store::sharing::files(&mut tx, &m.member_la, e.id).await?;
            extracts.push(MemberExtract {
                la_code: m.member_la.clone(),
                council: m.member_name.clone(),
                extract: crate::sharing::view(e, files),
            });
        }
    }
    let uploads = ff_store::regions::uploads(&mut tx, ctx.la(), region.id, 50).await?;
    audit(&mut tx, ctx, "view", "region", Some(region.id.to_string()), "region's shared data listed").await?;
    tx.commit().await?;
    let today = ctx.today();
    Ok(SharedView {
        region: RegionSummary { id: region.id, code: region.code, name: region.name, version: region.version },
        members: all.iter().map(|m| member_view(m, today)).collect(),
        extracts,
        uploads: uploads.iter().map(upload_summary).collect(),
    })
}

/// One table of a member's extract, exactly as shared: (file name, CSV). Only extracts of
/// today's members on Families First; any other is not found. Audited.
pub async fn extract_table(db: &Db, ctx: &Ctx, id: Uuid, table: &str) -> Result<(String, String)> {
    ctx.authorise(Action::WorkAsRegion)?;
    let mut tx = db.begin().await?;
    let region = region_row(&mut tx, ctx).await?;
    for m in current_members(&mut tx, ctx, &region, Participation::FamiliesFirst).await? {
        let Some(e) = ff_store::sharing::get_extract(&mut tx, &m.member_la, id).await?.filter(|e| e.kind == ExtractKind::Children) else {
            continue;
        };
        let content = ff_store::sharing::content(&mut tx, &m.member_la, id, table).await?.ok_or(ServiceError::NotFound("table"))?;
        audit(
            &mut tx,
            ctx,
            "download",
            "shared_extract",
            Some(id.to_string()),
            format!("council {}'s shared extract table {table} downloaded by the region", m.member_la),
        )
        .await?;
        tx.commit().await?;
        let name = format!("{}_{}_{}_delete-by-{}_{table}.csv", m.member_la, e.purpose.code(), e.id.simple(), e.delete_by);
        return Ok((name, content));
    }
    Err(ServiceError::NotFound("extract"))
}

/// 903 files a member not on Families First sends (CSV: header, episodes and the rest).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UploadInput {
    /// The member council's LA number.
    pub la_code: String,
    /// The collection year, e.g. 2025-26.
    pub year: String,
    pub files: Vec<crate::forecasts::ForecastFile>,
}

/// One issue the validator found, as the region sees it: no child's identifier.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UploadIssue {
    pub rule: String,
    /// error or warning.
    pub severity: String,
    pub table: String,
    /// The row in that table, counting from 1 under the column headings.
    pub row: usize,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Default)]
pub struct UploadReport {
    /// Why the files could not be read, when they could not.
    pub unreadable: Option<String>,
    pub issues: Vec<UploadIssue>,
    /// Issues counted but not kept.
    pub dropped: usize,
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UploadView {
    pub upload: UploadSummary,
    pub council: String,
    pub report: UploadReport,
}

/// Take in a member's 903 files (RCC-SHARE-1 for a council not on Families First): checked with
/// the product's 903 validator for the year, and kept as sent with the verdict, whatever it is
/// (a set with errors is kept and marked). Only today's members that send files. One audit
/// event, with the number of bytes, never the contents.
pub async fn upload(db: &Db, ctx: &Ctx, input: &UploadInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkAsRegion)?;
    let mut errors = ValidationErrors::new();
    let year: Option<RulesYear> = input.year.trim().parse().ok();
    if year.is_none() {
        errors.add("year", "Choose a collection year from 2022-23 to 2026-27");
    }
    if input.files.is_empty() {
        errors.add("files", "Choose the 903 files: the header and episodes tables at least, as CSV");
    }
    let bytes: usize = input.files.iter().map(|f| f.csv.len()).sum();
    if bytes > MAX_UPLOAD_BYTES {
        errors.add("files", "The files are too large: at most 50 MB together");
    }
    let mut tx = db.begin().await?;
    let region = region_row(&mut tx, ctx).await?;
    let senders = current_members(&mut tx, ctx, &region, Participation::Uploads903).await?;
    let member = senders.iter().find(|m| m.member_la == input.la_code.trim());
    if member.is_none() {
        errors.add("la_code", "Choose a member council that sends its 903 files");
    }
    tx.commit().await?;
    errors.into_result(())?;
    let (Some(year), Some(member)) = (year, member) else { return Err(ServiceError::Internal("checked above".into())) };
    let files: Vec<(String, Vec<u8>)> = input.files.iter().map(|f| (f.name.clone(), f.csv.clone().into_bytes())).collect();
    let mut report = UploadReport { files: input.files.iter().map(|f| f.name.clone()).collect(), ..Default::default() };
    let (verdict, children, n_errors, n_warnings) = match ff_returns::ssda903::prepare_files(files, None) {
        Ok(prepared) => {
            let opts = ff_returns::ssda903::ValidateOptions {
                year,
                previous: None,
                keep_per_rule: Some(KEEP_PER_RULE),
                postcodes: None,
                providers: None,
            };
            let r = prepared.validate(&opts);
            report.issues = r
                .issues
                .iter()
                .map(|i| UploadIssue {
                    rule: i.rule.to_owned(),
                    severity: i.severity.as_str().to_owned(),
                    table: i.table.name().to_owned(),
                    row: i.row + 1,
                    message: i.message.to_owned(),
                })
                .collect();
            report.dropped = r.dropped;
            // Every error counted, kept or not (the tally counts past the issues kept).
            let error_rules: std::collections::BTreeSet<&str> = r.errors().map(|i| i.rule).collect();
            let n_errors: usize = r.tally.iter().filter(|(rule, _)| error_rules.contains(*rule)).map(|(_, n)| *n).sum();
            let verdict = if r.is_clean() { "accepted" } else { "errors" };
            (verdict, r.children, n_errors, r.warnings().count())
        }
        Err(e) => {
            report.unreadable = Some(e.to_string());
            ("unreadable", 0, 0, 0)
        }
    };
    let row = UploadRow {
        id: ctx.new_id(),
        region_id: region.id,
        member_la: member.member_la.clone(),
        year: year.to_string(),
        verdict: verdict.to_owned(),
        children: i32::try_from(children).unwrap_or(i32::MAX),
        errors: i32::try_from(n_errors).unwrap_or(i32::MAX),
        warnings: i32::try_from(n_warnings).unwrap_or(i32::MAX),
        bytes: i64::try_from(bytes).unwrap_or(i64::MAX),
        report: serde_json::to_string(&report).map_err(|e| ServiceError::Internal(e.to_string()))?,
        uploaded_at: ctx.now,
        uploaded_by: ctx.actor.user_id,
    };
    let kept: Vec<(String, String)> = input.files.iter().map(|f| (f.name.clone(), f.csv.clone())).collect();
    let mut tx = db.begin().await?;
    ff_store::regions::insert_upload(&mut tx, ctx.la(), &row, &kept).await?;
    audit(
        &mut tx,
        ctx,
        "import",
        "region_upload",
        Some(row.id.to_string()),
        format!("903 files of council {} for {year} taken in ({bytes} bytes): {verdict}", row.member_la),
    )
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// An upload with its verdict and the issues found.
pub async fn upload_view(db: &Db, ctx: &Ctx, id: Uuid) -> Result<UploadView> {
    ctx.authorise(Action::WorkAsRegion)?;
    let mut tx = db.begin().await?;
    let region = region_row(&mut tx, ctx).await?;
    let u = ff_store::regions::upload(&mut tx, ctx.la(), id)
        .await?
        .filter(|u| u.region_id == region.id)
        .ok_or(ServiceError::NotFound("upload"))?;
    let members = ff_store::regions::members(&mut tx, ctx.la(), region.id).await?;
    tx.commit().await?;
    let report: UploadReport = serde_json::from_str(&u.report).unwrap_or_default();
    let council = members.iter().find(|m| m.member_la == u.member_la).map(|m| m.member_name.clone()).unwrap_or_default();
    Ok(UploadView { upload: upload_summary(&u), council, report })
}

/// One member's (or the region's) counts, as the page and API show them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SufficiencyFigures {
    pub la_code: String,
    pub name: String,
    /// Where the counts come from: the placement snapshot of an extract on its day, the 903 files
    /// of a year, or nothing shared yet.
    pub source: String,
    pub children: u32,
    pub by_home: Vec<Figure>,
    pub by_area: Vec<Figure>,
    pub by_distance: Vec<Figure>,
    pub costs: Vec<Figure>,
    /// The member's own foster places today (members on Families First only).
    pub supply: Vec<Figure>,
}

/// The region's sufficiency: the region and each member, and the region's latest forecast
/// beside the foster places the members hold.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionSufficiencyView {
    pub region: RegionSummary,
    pub total: SufficiencyFigures,
    pub members: Vec<SufficiencyFigures>,
    /// The latest forecast the keeping council made from 903 files, against supply.
    pub forecast: Vec<Figure>,
    pub forecast_title: Option<String>,
}

fn figures(t: &[(String, String, u32)]) -> Vec<Figure> {
    t.iter().map(|(k, l, n)| fig(k, l, f64::from(*n), "")).collect()
}

fn place_view(la_code: &str, name: &str, source: String, t: &Tally, supply: Option<&ff_domain::sufficiency::Supply>) -> SufficiencyFigures {
    SufficiencyFigures {
        la_code: la_code.to_owned(),
        name: name.to_owned(),
        source,
        children: t.children,
        by_home: figures(&t.by_home),
        by_area: figures(&t.by_area),
        by_distance: figures(&t.by_distance),
        costs: vec![
            fig("weekly_total", "Weekly cost of the placements whose cost was shared", t.weekly_cost_pence as f64 / 100.0, "£"),
            fig("with_cost", "Placements whose cost was shared", f64::from(t.with_cost), ""),
        ],
        supply: supply.map_or_else(Vec::new, supply_figures),
    }
}

fn supply_figures(s: &ff_domain::sufficiency::Supply) -> Vec<Figure> {
    vec![
        fig("households", "Approved fostering households", f64::from(s.households), ""),
        fig("places", "Places they are approved for", f64::from(s.places), ""),
        fig("free", "Places free", f64::from(s.free), ""),
    ]
}

/// A CSV's rows by column name.
fn rows_of(csv: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut all = ff_returns::ssda903::ingest::parse_csv(csv);
    if all.is_empty() {
        return (vec![], vec![]);
    }
    let header = all.remove(0).into_iter().map(|h| h.trim().to_uppercase()).collect();
    (header, all)
}

fn children_from(csv: &str, each: fn(&HashMap<&str, &str>) -> Option<RegionChild>) -> Vec<RegionChild> {
    let (header, rows) = rows_of(csv);
    rows.iter()
        .filter_map(|r| {
            let m: HashMap<&str, &str> = header.iter().map(String::as_str).zip(r.iter().map(String::as_str)).collect();
            each(&m)
        })
        .collect()
}

/// Whether a 903 file is the episodes table: it has the placement columns.
fn is_episodes(csv: &str) -> bool {
    let (header, _) = rows_of(csv.lines().next().unwrap_or(""));
    ["PLACE", "DECOM", "DEC"].iter().all(|c| header.iter().any(|h| h == c))
}

/// The region's sufficiency on the latest data each member shared (RCC-2, RCC-SHARE-2): for a
/// member on Families First, the placement snapshot in its latest extract that has one; for a
/// member sending files, the children whose episode is open at the end of its latest readable
/// upload. The region's figures are the members' added together. Audited once.
pub async fn sufficiency(db: &Db, ctx: &Ctx) -> Result<RegionSufficiencyView> {
    ctx.authorise(Action::WorkAsRegion)?;
    let today = ctx.today();
    let mut tx = db.begin().await?;
    let region = region_row(&mut tx, ctx).await?;
    let members: Vec<MemberRow> = ff_store::regions::members(&mut tx, ctx.la(), region.id)
        .await?
        .into_iter()
        .filter(|m| reg::is_member_on(m.joined_on, m.left_on, today))
        .collect();
    let uploads = ff_store::regions::uploads(&mut tx, ctx.la(), region.id, 500).await?;
    let mut places: Vec<(Tally, SufficiencyFigures)> = vec![];
    let mut all_supply = ff_domain::sufficiency::Supply::default();
    for m in &members {
        let (children, source, supply) = match m.participation {
            Participation::FamiliesFirst => {
                let mut found = (vec![], "No placement snapshot shared yet".to_owned());
                for e in ff_store::sharing::extracts(&mut tx, &m.member_la, ExtractKind::Children, 50).await? {
                    if let Some(csv) = ff_store::sharing::content(&mut tx, &m.member_la, e.id, "placements").await? {
                        let on = rows_of(&csv).1.first().and_then(|r| r.last().cloned()).unwrap_or_default();
                        found = (
                            children_from(&csv, reg::from_snapshot),
                            format!("Placement snapshot on {on}, shared {}", e.created_at.format("%-d %B %Y")),
                        );
                        break;
                    }
                }
                let households: Vec<ff_domain::sufficiency::Household> = ff_store::sufficiency::households(&mut tx, &m.member_la, today)
                    .await?
                    .into_iter()
                    .map(|h| ff_domain::sufficiency::Household {
                        places: h.places.and_then(|p| u32::try_from(p).ok()).unwrap_or(0),
                        placed: u32::try_from(h.placed).unwrap_or(u32::MAX),
                        takes_siblings: h.takes_siblings,
                        takes_teenagers: h.takes_teenagers,
                        takes_uasc: h.takes_uasc,
                        takes_parent_and_child: h.takes_parent_and_child,
                    })
                    .collect();
                (found.0, found.1, Some(ff_domain::sufficiency::supply(&households)))
            }
            Participation::Uploads903 => {
                let mut found = (vec![], "No readable 903 files sent yet".to_owned());
                for u in uploads.iter().filter(|u| u.member_la == m.member_la && u.verdict != "unreadable") {
                    let files = ff_store::regions::upload_files(&mut tx, ctx.la(), u.id).await?;
                    if let Some((_, csv)) = files.iter().find(|(_, c)| is_episodes(c)) {
                        let marked = if u.verdict == "errors" { " (the files have errors)" } else { "" };
                        found = (children_from(csv, reg::from_903_episode), format!("903 files for {}{marked}", u.year));
                        break;
                    }
                }
                (found.0, found.1, None)
            }
        };
        if let Some(s) = &supply {
            all_supply.households += s.households;
            all_supply.places += s.places;
            all_supply.taken += s.taken;
            all_supply.free += s.free;
        }
        let t = reg::tally(&children);
        let v = place_view(&m.member_la, &m.member_name, source, &t, supply.as_ref());
        places.push((t, v));
    }
    let forecast = ff_store::forecasts::latest(&mut tx, ctx.la(), 50).await?.into_iter().find(|f| f.source == "files");
    audit(&mut tx, ctx, "view", "region_sufficiency", Some(region.id.to_string()), "region's sufficiency viewed").await?;
    tx.commit().await?;
    let tallies: Vec<&Tally> = places.iter().map(|(t, _)| t).collect();
    let total = reg::sum(&tallies);
    let mut forecast_figures = vec![];
    if let Some(f) = &forecast {
        forecast_figures.push(fig(
            "in_care_at_start",
            &format!("Children in care on {} (forecast's start)", f.start_date.format("%-d %B %Y")),
            f.in_care_at_start,
            "",
        ));
        forecast_figures.push(fig(
            "in_care_at_end",
            &format!("Children in care forecast for {}", f.end_date.format("%-d %B %Y")),
            f.in_care_at_end,
            "",
        ));
    }
    forecast_figures.extend(supply_figures(&all_supply));
    forecast_figures.push(fig(
        "free_per_child_forecast",
        "Free foster places for every 100 children forecast",
        forecast.as_ref().map_or(0.0, |f| if f.in_care_at_end > 0.0 { f64::from(all_supply.free) * 100.0 / f.in_care_at_end } else { 0.0 }),
        "",
    ));
    let name = format!("{} ({})", region.name, region.code);
    let summary = RegionSummary { id: region.id, code: region.code.clone(), name: region.name.clone(), version: region.version };
    Ok(RegionSufficiencyView {
        total: place_view(&region.code, &name, "The members' figures added together".into(), &total, Some(&all_supply)),
        members: places.into_iter().map(|(_, v)| v).collect(),
        region: summary,
        forecast: forecast_figures,
        forecast_title: forecast.map(|f| f.title),
    })
}

/// The region's picture as CSV: place, section, key, label, value, unit.
pub fn to_csv(v: &RegionSufficiencyView) -> String {
    let mut out = String::from("council,section,key,label,value,unit\n");
    for p in std::iter::once(&v.total).chain(&v.members) {
        for (section, figures) in
            [("homes", &p.by_home), ("area", &p.by_area), ("distance", &p.by_distance), ("costs", &p.costs), ("supply", &p.supply)]
        {
            for f in figures {
                out.push_str(&format!(
                    "{},{section},{},{},{},{}\n",
                    crate::csv_cell(&p.la_code),
                    f.key,
                    crate::csv_cell(&f.label),
                    f.value,
                    crate::csv_cell(&f.unit)
                ));
            }
        }
    }
    for f in &v.forecast {
        out.push_str(&format!(
            "{},forecast,{},{},{},{}\n",
            crate::csv_cell(&v.region.code),
            f.key,
            crate::csv_cell(&f.label),
            f.value,
            crate::csv_cell(&f.unit)
        ));
    }
    out
}
