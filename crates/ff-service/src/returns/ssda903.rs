//! The SSDA903 return from the records: every child looked after at any time in
//! the collection year, as the DfE collects them — one CSV file per table with the exact header
//! row the DfE and the validator recognise, built a page of children at a time.
//!
//! What each table is made from:
//! - Header: the person record (the same LA child identifier as the CIN census, given once);
//!   SEX as 1/2 to 2023-24 and M/F/U from 2024-25; UPN as recorded, else UN1 for a child not yet
//!   of school age; MOTHER from the register's "mother of" relationships, MC_DOB the first
//!   child's date of birth.
//! - Episodes: the episodes of care open in the year; an episode still open at 31 March goes
//!   without its end; no provider for temporary and Z placements (903 rules 178, 213); HOME_POST
//!   from the child's home address when care began, PL_POST the placement's postcode, URN the provider's Ofsted URN when recorded.
//! - Reviews, Missing: as recorded in the year.
//! - PrevPerm: the permanence recorded when each period of care began in the year.
//! - SWEpisodes (from 2023-24): the lead practitioner's allocations on the child's family help
//!   episodes; SW_ID their Social Work England number (XX and the account's first digits for a
//!   lead without one); the first allocation of an episode is FCONTA, later ones MANAGE.
//! - OC2: for each child looked after continuously for the year (as the 903 defines it), the
//!   outcomes recorded for the year; HEALTH_ASSESSMENT (and HEALTH_CHECK under 5) is 1 when a
//!   health assessment was held in the 12 months to 31 March. A child without outcomes recorded
//!   gets a row with those blanks, for the validator to name.
//! - UASC: each child with an unaccompanied asylum-seeking status recorded, with the date it
//!   ceased when that was before the end of the year.
//! - OC3: each young person who was eligible for leaving care with a birthday from 17 to 21 in the
//!   year and no longer looked after on it, with where they live and what they do as recorded
//!   around the birthday (`ff_domain::looked_after::leaving::oc3_for_year`, LC-5); and each aged
//!   22 to 25 (a birthday from 22 to 25 in the year) in touch at their latest contact of the year,
//!   with that contact's answers.
//! - The same tables in the XML layout: [`xml_file`].
//! - PlacedAdoption: each decision that the child should be placed for adoption standing at some
//!   time in the year, with its end when that came by 31 March (LA-11).
//! - AD1: each child adopted in the year (care ended E11 or E12), from the decision that stood
//!   and its match; FOSTER_CARE from the placement they were adopted from (A3 and A5 are with
//!   their foster carers), NB_ADOPTR from who the adopters are.
//! - DoLo (from 2026-27): each deprivation of liberty order in force at some time in the year,
//!   with its end when that came by 31 March (LA-12).

use chrono::{Datelike, NaiveDate};
use ff_domain::looked_after::adoption::ReasonPlacedCeased;
use ff_domain::looked_after::checks::CareCheckKind;
use ff_domain::looked_after::leaving::{Circumstances, oc3_for_year};
use ff_domain::looked_after::outcomes::SdqReason;
use ff_domain::looked_after::{LegalStatus, PlacementProvider, PreviousPermanence, ReasonCeased, ReasonNewEpisode, ReasonPlaceChange};
use ff_domain::policy::Action;
use ff_domain::settings::OwnServices;
use ff_returns::ssda903::RulesYear;
use ff_store::Db;
use ff_store::returns::CarePage;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, field_err};

/// Children read per page.
const PAGE: i64 = 500;

/// The CSV files of one return: (file name, contents).
pub type Files = Vec<(String, Vec<u8>)>;

/// What the export wrote.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ssda903Summary {
    /// The collection year, e.g. 2025-26.
    pub year: String,
    pub children: u64,
    pub episodes: u64,
    /// Rows per table, in the order the files are written.
    pub rows: Vec<(String, u64)>,
    /// Tables written with their header only because the records do not hold them yet.
    pub not_yet_recorded: Vec<String>,
}

/// The tables in the order the DfE loads them, with their header rows.
const TABLES: &[(&str, &str)] = &[
    ("header", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"),
    ("episodes", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"),
    ("reviews", "CHILD,DOB,REVIEW,REVIEW_CODE"),
    ("uasc", "CHILD,SEX,DOB,DUC"),
    (
        "oc2",
        "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
    ),
    ("oc3", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"),
    ("ad1", "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR"),
    ("placed_for_adoption", "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED"),
    ("previous_permanence", "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM"),
    ("missing", "CHILD,DOB,MISSING,MIS_START,MIS_END"),
    ("sw_episodes", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON"),
    ("dolo", "CHILD,DOB,DOLO_START,DOLO_END"),
];

/// Tables the records do not hold yet.
const NOT_YET: &[&str] = &[];

/// Which tables a year collects: social worker episodes from 2023-24, DoLOs from 2026-27.
fn collected(table: &str, year: RulesYear) -> bool {
    match table {
        "sw_episodes" => year >= RulesYear::Y2023_24,
        "dolo" => year >= RulesYear::Y2026_27,
        _ => true,
    }
}

fn d(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn od(date: Option<NaiveDate>) -> String {
    date.map(d).unwrap_or_default()
}

/// One CSV line: fields quoted only when they need it.
fn line(out: &mut Vec<u8>, fields: &[&str]) {
    let mut first = true;
    for f in fields {
        if !first {
            out.push(b',');
        }
        first = false;
        if f.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            out.extend_from_slice(f.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(f.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// A table's name in plain words, with the DfE's own in brackets.
pub fn table_label(table: &str) -> &'static str {
    match table {
        "header" => "Children (Header)",
        "episodes" => "Episodes of care (Episodes)",
        "reviews" => "Looked-after reviews (Reviews)",
        "uasc" => "Unaccompanied asylum-seeking children (UASC)",
        "oc2" => "Outcomes of children in care all year (OC2)",
        "oc3" => "Care leavers (OC3)",
        "ad1" => "Adoptions (AD1)",
        "placed_for_adoption" => "Decisions to place for adoption (PlacedAdoption)",
        "previous_permanence" => "Orders before care (PrevPerm)",
        "missing" => "Missing and away from placement (Missing)",
        "sw_episodes" => "Social workers (SWEpisodes)",
        "dolo" => "Deprivation of liberty orders (DoLo)",
        _ => "Other table",
    }
}

/// The file name of a table for a year, e.g. `ssda903_2025-26_episodes.csv`.
pub fn file_name(year: RulesYear, table: &str) -> String {
    format!("ssda903_{year}_{table}.csv")
}

/// The XML file of a return: the same tables as `files` in the DfE's XML layout, its name, and
/// the tables with rows that the layout has no place for (the CSV files carry them).
pub fn xml_file(year: RulesYear, files: &Files) -> Result<(String, Vec<u8>, Vec<String>)> {
    let x = ff_returns::ssda903::write_xml::from_csv_files(files).map_err(|e| crate::ServiceError::Internal(e.to_string()))?;
    Ok((format!("ssda903_{year}.xml"), x.bytes, x.left_out.iter().map(|t| t.name().to_owned()).collect()))
}

/// The 903 tables of the council's children looked after in `year`, as CSV files.
pub async fn export(db: &Db, ctx: &Ctx, year: &str) -> Result<(Files, Ssda903Summary)> {
    ctx.authorise(Action::ViewPerformance)?;
    let year: RulesYear = year.parse().map_err(|_| field_err("year", "Choose a collection year from 2022-23 to 2026-27"))?;
    let (files, summary) = build(db, ctx, year).await?;
    let mut tx = db.begin().await?;
    let what = format!(
        "SSDA903 {year} exported: {}, {}",
        ff_domain::text::plural(summary.children, "child", "children"),
        ff_domain::text::plural(summary.episodes, "episode", "episodes")
    );
    audit(&mut tx, ctx, "export", "ssda903", Some(year.to_string()), what).await?;
    tx.commit().await?;
    Ok((files, summary))
}

/// How children without a census identifier are named in a build.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NewIds {
    /// Given their identifier for good, as the return does (the first time a child is reported).
    Assign,
    /// Named for this build only, from their record's id, and nothing written: an analysis (a
    /// forecast) reads the records and changes none.
    ForThisBuild,
}

/// The 903 tables of `year` built from the records, not audited: the caller records what it
/// does with them (an export, a pseudonymised extract for the region).
pub(crate) async fn build(db: &Db, ctx: &Ctx, year: RulesYear) -> Result<(Files, Ssda903Summary)> {
    build_as(db, ctx, year, NewIds::Assign).await
}

/// [`build`], choosing how children without a census identifier are named.
pub(crate) async fn build_as(db: &Db, ctx: &Ctx, year: RulesYear, new_ids: NewIds) -> Result<(Files, Ssda903Summary)> {
    let mut t = Tables::new();
    let mut summary = Ssda903Summary { year: year.to_string(), children: 0, episodes: 0, rows: vec![], not_yet_recorded: vec![] };
    let mut next_number = {
        let mut tx = db.begin().await?;
        let n = ff_store::returns::last_census_number(&mut tx, ctx.la()).await?;
        tx.commit().await?;
        n
    };
    write_care_pages(db, ctx, year, new_ids, &mut next_number, &mut t, &mut summary).await?;
    write_care_leavers(db, ctx, year, new_ids, &mut next_number, &mut t).await?;
    Ok(files_of(t, year, summary))
}

/// The tables being written: each one's CSV body and its count of rows, in [`TABLES`] order.
struct Tables {
    bodies: Vec<Vec<u8>>,
    rows: Vec<u64>,
}

impl Tables {
    /// Every table with its header row and no rows yet.
    fn new() -> Tables {
        let mut bodies: Vec<Vec<u8>> = TABLES.iter().map(|_| Vec::new()).collect();
        for ((_, head), body) in TABLES.iter().zip(bodies.iter_mut()) {
            line(body, &head.split(',').collect::<Vec<_>>());
        }
        Tables { bodies, rows: vec![0u64; TABLES.len()] }
    }

    /// Adds one row to `table`.
    fn put(&mut self, table: &str, fields: &[&str]) {
        let i = at(table);
        line(&mut self.bodies[i], fields);
        self.rows[i] += 1;
    }
}

/// Gives the children without a census identifier one: for good (written, numbered on from
/// `next_number`), or for this build only.
async fn name_new_children<'a>(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    new_ids: NewIds,
    next_number: &mut i64,
    children: impl Iterator<Item = &'a mut ff_store::returns::CareChild>,
) -> Result<()> {
    for c in children {
        if new_ids == NewIds::ForThisBuild {
            c.census_id = Some(format!("T{}", c.id.simple()));
            continue;
        }
        *next_number += 1;
        let id = super::census_id(*next_number);
        ff_store::returns::assign_census_id(tx, ctx.la(), c.id, &id).await?;
        c.census_id = Some(id);
    }
    Ok(())
}

/// Writes every child looked after in the year, a page of children at a time.
async fn write_care_pages(
    db: &Db,
    ctx: &Ctx,
    year: RulesYear,
    new_ids: NewIds,
    next_number: &mut i64,
    t: &mut Tables,
    summary: &mut Ssda903Summary,
) -> Result<()> {
    let (from, to) = (year.collection_start(), year.collection_end());
    let own = {
        let mut tx = db.begin().await?;
        let s = ff_store::settings::current(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?.settings;
        tx.commit().await?;
        s.own_services
    };
    let mut after = Uuid::nil();
    loop {
        let mut tx = db.begin().await?;
        let mut page = ff_store::returns::care_page(&mut tx, ctx.la(), from, to, after, PAGE).await?;
        // The same identifier as the CIN census: given the first time a child is reported, then kept.
        let unnamed = page.children.iter_mut().filter(|c| c.census_id.is_none());
        name_new_children(&mut tx, ctx, new_ids, next_number, unnamed).await?;
        tx.commit().await?;
        let Some(last) = page.children.last().map(|c| c.id) else { break };
        write_page(&page, year, from, to, &own, t, summary);
        after = last;
        if (page.children.len() as i64) < PAGE {
            break;
        }
    }
    Ok(())
}

/// OC3: care leavers with a birthday from 17 to 21 in the year, and those of 22 to 25 in touch
/// and asking for support, a page at a time (LC-5).
async fn write_care_leavers(db: &Db, ctx: &Ctx, year: RulesYear, new_ids: NewIds, next_number: &mut i64, t: &mut Tables) -> Result<()> {
    let (from, to) = (year.collection_start(), year.collection_end());
    let years = |n: u32| chrono::Months::new(12 * n);
    let (born_from, born_to) = (from.checked_sub_months(years(25)).unwrap_or(from), to.checked_sub_months(years(17)).unwrap_or(to));
    let mut after = Uuid::nil();
    loop {
        let mut tx = db.begin().await?;
        let mut leavers = ff_store::returns::care_leavers_page(&mut tx, ctx.la(), born_from, born_to, after, PAGE).await?;
        let ids: Vec<Uuid> = leavers.iter().map(|c| c.id).collect();
        let episodes = ff_store::looked_after::episodes_of_children(&mut tx, ctx.la(), &ids).await?;
        let circs = ff_store::looked_after::leaving::circumstances_of_children(&mut tx, ctx.la(), &ids).await?;
        let oc3 = oc3_rows(&leavers, &episodes, &circs, from, to);
        let unnamed = leavers.iter_mut().filter(|c| c.census_id.is_none() && oc3.iter().any(|(id, _, _)| *id == c.id));
        name_new_children(&mut tx, ctx, new_ids, next_number, unnamed).await?;
        tx.commit().await?;
        write_oc3(t, &leavers, &episodes, oc3, year);
        let Some(last) = leavers.last().map(|c| c.id) else { break };
        after = last;
        if (leavers.len() as i64) < PAGE {
            break;
        }
    }
    Ok(())
}

/// The OC3 row of each care leaver of a page who has one for the year: (child, born, row).
fn oc3_rows(
    leavers: &[ff_store::returns::CareChild],
    episodes: &[ff_store::looked_after::CareEpisodeRow],
    circs: &[ff_store::looked_after::leaving::CircumstancesRow],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(Uuid, NaiveDate, ff_domain::looked_after::leaving::Oc3)> {
    let mut oc3 = vec![];
    for c in leavers {
        let Some(born) = c.date_of_birth else { continue };
        let mine: Vec<_> = episodes.iter().filter(|e| e.child_id == c.id).cloned().collect();
        let adopted = mine
            .iter()
            .filter(|e| e.end_date.is_some())
            .max_by_key(|e| e.end_date)
            .and_then(|e| e.reason_ceased)
            .is_some_and(|r| matches!(r, ReasonCeased::E11 | ReasonCeased::E12));
        let theirs: Vec<Circumstances> = circs
            .iter()
            .filter(|k| k.child_id == c.id)
            .map(|k| Circumstances { from: k.from_on, in_touch: k.in_touch, activity: k.activity, accommodation: k.accommodation.clone() })
            .collect();
        if let Some(row) = oc3_for_year(born, &crate::looked_after::leaving::spells(&mine), adopted, &theirs, from, to) {
            oc3.push((c.id, born, row));
        }
    }
    oc3
}

/// Writes the OC3 rows of a page, adding to Header each OC3 child with no episode in the year.
fn write_oc3(
    t: &mut Tables,
    leavers: &[ff_store::returns::CareChild],
    episodes: &[ff_store::looked_after::CareEpisodeRow],
    oc3: Vec<(Uuid, NaiveDate, ff_domain::looked_after::leaving::Oc3)>,
    year: RulesYear,
) {
    let (from, to) = (year.collection_start(), year.collection_end());
    for (id, born, row) in oc3 {
        let Some(c) = leavers.iter().find(|c| c.id == id) else { continue };
        let child = c.census_id.clone().unwrap_or_default();
        // Every OC3 child is in Header (903 INT06); one with no episode in the year is added
        // there, without MOTHER (rule 628).
        let in_header = episodes.iter().any(|e| e.child_id == id && e.start_date <= to && e.end_date.is_none_or(|end| end >= from));
        if !in_header {
            let (ethnic, upn) = (c.ethnicity.clone().unwrap_or_default(), c.upn.clone().unwrap_or_default());
            t.put("header", &[&child, sex_code(&c.sex, year), &d(born), &ethnic, &upn, "", ""]);
        }
        t.put("oc3", &[&child, &d(born), &row.in_touch, &row.activity, &row.accommodation]);
    }
}

/// The files of the tables the year collects, and the summary's rows per table.
fn files_of(t: Tables, year: RulesYear, mut summary: Ssda903Summary) -> (Files, Ssda903Summary) {
    let mut files = vec![];
    for (((table, _), body), n) in TABLES.iter().zip(t.bodies).zip(t.rows) {
        if !collected(table, year) {
            continue;
        }
        if NOT_YET.contains(table) {
            summary.not_yet_recorded.push((*table).to_owned());
        }
        summary.rows.push(((*table).to_owned(), n));
        files.push((file_name(year, table), body));
    }
    (files, summary)
}

/// 903 SEX: 1/2 to 2023-24, M/F/U from 2024-25.
fn sex_code(sex: &str, year: RulesYear) -> &'static str {
    match (sex, year >= RulesYear::Y2024_25) {
        ("M", true) => "M",
        ("F", true) => "F",
        (_, true) => "U",
        ("M", false) => "1",
        ("F", false) => "2",
        _ => "",
    }
}

/// The index of `table` in [`TABLES`].
fn at(table: &str) -> usize {
    TABLES.iter().position(|(t, _)| *t == table).unwrap_or(0)
}

/// One child of a page as the tables need them: their identifier, date of birth, and episodes
/// (all of them, and those open in the year).
struct PageChild<'a> {
    c: &'a ff_store::returns::CareChild,
    child: String,
    dob: String,
    episodes: Vec<&'a ff_store::looked_after::CareEpisodeRow>,
    in_year: Vec<&'a ff_store::looked_after::CareEpisodeRow>,
}

/// Writes the rows of every child of a page looked after in the year.
fn write_page(
    page: &CarePage,
    year: RulesYear,
    from: NaiveDate,
    to: NaiveDate,
    own: &OwnServices,
    t: &mut Tables,
    summary: &mut Ssda903Summary,
) {
    for c in &page.children {
        let episodes: Vec<_> = page.episodes.iter().filter(|e| e.child_id == c.id).collect();
        let in_year: Vec<_> = episodes.iter().filter(|e| e.start_date <= to && e.end_date.is_none_or(|end| end >= from)).copied().collect();
        if in_year.is_empty() {
            continue;
        }
        summary.children += 1;
        let pc = PageChild { c, child: c.census_id.clone().unwrap_or_default(), dob: od(c.date_of_birth), episodes, in_year };
        write_header_and_uasc(t, page, &pc, year, from, to);
        write_episodes(t, page, &pc, from, to, own, summary);
        if continuously_looked_after(&pc.episodes, from, to) {
            write_oc2(t, page, &pc, to);
        }
        write_adoption(t, page, &pc, from, to);
        for r in page.reviews.iter().filter(|r| r.child_id == c.id && from <= r.held_on && r.held_on <= to) {
            t.put("reviews", &[&pc.child, &pc.dob, &d(r.held_on), r.participation.code()]);
        }
        for m in page.missing.iter().filter(|m| m.child_id == c.id && m.started_on <= to && m.ended_on.is_none_or(|e| e >= from)) {
            t.put("missing", &[&pc.child, &pc.dob, m.kind.code(), &d(m.started_on), &od(m.ended_on.filter(|e| *e <= to))]);
        }
        if collected("sw_episodes", year) {
            write_sw_episodes(t, page, &pc, from, to);
        }
        if collected("dolo", year) {
            for o in page.dolos.iter().filter(|o| o.child_id == c.id && o.started_on <= to && o.ended_on.is_none_or(|e| e >= from)) {
                t.put("dolo", &[&pc.child, &pc.dob, &d(o.started_on), &od(o.ended_on.filter(|e| *e <= to))]);
            }
        }
    }
}

/// Header (UPN UN1 for a child not yet of school age; MOTHER and MC_DOB), and UASC for a status
/// standing in the year.
fn write_header_and_uasc(t: &mut Tables, page: &CarePage, pc: &PageChild, year: RulesYear, from: NaiveDate, to: NaiveDate) {
    let c = pc.c;
    let sex = sex_code(&c.sex, year);
    // UN1: not of school age, i.e. under 4 on 31 August before the collection year began.
    let school_age_from = NaiveDate::from_ymd_opt(from.year() - 1, 8, 31);
    let under_school_age = school_age_from.is_some_and(|on| ff_domain::people::age(c.date_of_birth, on).is_none_or(|a| a < 4));
    let upn = c.upn.clone().unwrap_or_else(|| if under_school_age { "UN1".into() } else { String::new() });
    let short_breaks_only = pc.in_year.iter().all(|e| matches!(e.legal_status, LegalStatus::V3 | LegalStatus::V4));
    let first_child = page.first_child_born.iter().find(|(m, _)| *m == c.id).map(|(_, born)| *born);
    let (mother, mc_dob) = match (c.sex.as_str(), short_breaks_only) {
        ("F", false) => (if first_child.is_some() { "1" } else { "0" }, od(first_child)),
        _ => ("", String::new()),
    };
    let ethnic = c.ethnicity.clone().unwrap_or_default();
    t.put("header", &[&pc.child, sex, &pc.dob, &ethnic, &upn, mother, &mc_dob]);
    // A status that ceased before the year began is not reported again (903 rule 104).
    if let Some(u) = page.uasc.iter().rfind(|u| u.child_id == c.id).filter(|u| u.since <= to && u.ceased.is_none_or(|d| d >= from)) {
        t.put("uasc", &[&pc.child, sex, &pc.dob, &od(u.ceased.filter(|d| *d <= to))]);
    }
}

/// Episodes open in the year (no provider for temporary and Z placements, rules 178 and 213),
/// each with its PrevPerm row when it began a period of care in the year. A placement with the
/// council's own foster carers or adopters (PR1) carries the URN of the council's fostering
/// service or adoption agency from the settings, when none was recorded on it (903 rule 218).
fn write_episodes(
    t: &mut Tables,
    page: &CarePage,
    pc: &PageChild,
    from: NaiveDate,
    to: NaiveDate,
    own: &OwnServices,
    summary: &mut Ssda903Summary,
) {
    for e in &pc.in_year {
        summary.episodes += 1;
        let kind = e.placement_type.code();
        let no_provider = kind.starts_with('T') || kind.starts_with('Z');
        let provider = if no_provider { "" } else { e.placement_provider.code() };
        let ended = e.end_date.filter(|end| *end <= to);
        let rec = if ended.is_some() { e.reason_ceased.map_or("", ReasonCeased::code) } else { "" };
        let why = if ended.is_some() { e.reason_place_change.map_or("", ReasonPlaceChange::code) } else { "" };
        let period_start = pc.episodes.iter().filter(|x| x.period_id == e.period_id).map(|x| x.start_date).min().unwrap_or(e.start_date);
        // The same home the child's page measures the placement's distance from.
        let homes = page.homes.iter().filter(|h| h.person_id == pc.c.id).map(|h| (h.postcode.as_str(), h.start_date));
        let home = ff_domain::geography::home_postcode(homes, period_start, &e.placement_postcode).unwrap_or_default().to_owned();
        let urn = match (&e.provider_urn, e.placement_provider) {
            (Some(u), _) => u.clone(),
            (None, PlacementProvider::PR1) => own.urn_for(e.placement_type).unwrap_or_default(),
            (None, _) => String::new(),
        };
        t.put(
            "episodes",
            &[
                &pc.child,
                &d(e.start_date),
                e.reason_new_episode.code(),
                e.legal_status.code(),
                e.category_of_need.code(),
                kind,
                provider,
                &od(ended),
                rec,
                why,
                &home,
                &e.placement_postcode,
                &urn,
            ],
        );
        // PrevPerm: for each period of care that began in the year.
        if e.reason_new_episode == ReasonNewEpisode::S && e.start_date >= from {
            let perm = e.previous_permanence.map_or("", PreviousPermanence::code);
            let la = e.la_perm.clone().unwrap_or_default();
            let date_perm = match (&e.date_perm, perm) {
                (Some(x), _) => NaiveDate::parse_from_str(x, "%Y-%m-%d").map(d).unwrap_or_default(),
                (None, "P1" | "P2" | "P3" | "P4") => "zz/zz/zzzz".into(),
                _ => String::new(),
            };
            t.put("previous_permanence", &[&pc.child, &pc.dob, perm, &la, &date_perm]);
        }
    }
}

/// OC2 for a child looked after all year: the year's outcomes, or blanks for the validator to
/// name; HEALTH_ASSESSMENT (and HEALTH_CHECK under 5) from an assessment in the 12 months.
fn write_oc2(t: &mut Tables, page: &CarePage, pc: &PageChild, to: NaiveDate) {
    let c = pc.c;
    let yes_no = |b: bool| if b { "1" } else { "0" };
    let opt = |b: Option<bool>| b.map(yes_no).unwrap_or("");
    let year_ago = to - chrono::Days::new(365);
    let assessed = page.checks.iter().any(|k| {
        k.child_id == c.id
            && matches!(k.kind, CareCheckKind::InitialHealth | CareCheckKind::ReviewHealth)
            && year_ago < k.held_on
            && k.held_on <= to
    });
    let under_five = ff_domain::people::age(c.date_of_birth, to).is_some_and(|a| a < 5);
    let health_check = if under_five { yes_no(assessed) } else { "" };
    let o = page.outcomes.iter().rfind(|o| o.child_id == c.id && o.year_ending == to);
    let row: Vec<String> = match o {
        Some(o) => vec![
            pc.child.clone(),
            pc.dob.clone(),
            o.sdq_score.map(|s| s.to_string()).unwrap_or_default(),
            o.sdq_reason.map_or("", SdqReason::code).to_owned(),
            opt(o.convicted).into(),
            health_check.into(),
            yes_no(o.immunisations).into(),
            yes_no(o.teeth_check).into(),
            yes_no(assessed).into(),
            yes_no(o.substance_misuse).into(),
            opt(o.intervention_received).into(),
            opt(o.intervention_offered).into(),
        ],
        None => {
            let mut r = vec![pc.child.clone(), pc.dob.clone()];
            r.extend(["", "", "", health_check, "", "", yes_no(assessed), "", "", ""].map(String::from));
            r
        }
    };
    t.put("oc2", &row.iter().map(String::as_str).collect::<Vec<_>>());
}

/// PlacedAdoption for each decision standing in the year, and AD1 for a child adopted in it
/// (LA-11).
fn write_adoption(t: &mut Tables, page: &CarePage, pc: &PageChild, from: NaiveDate, to: NaiveDate) {
    let (child, dob) = (&pc.child, &pc.dob);
    let decisions: Vec<_> = page.adoptions.iter().filter(|a| a.child_id == pc.c.id).collect();
    for a in decisions.iter().filter(|a| a.decided_on <= to && a.ceased_on.is_none_or(|e| e >= from)) {
        let ceased = a.ceased_on.filter(|e| *e <= to);
        let reason = if ceased.is_some() { a.ceased_reason.map_or("", ReasonPlacedCeased::code) } else { "" };
        t.put("placed_for_adoption", &[child, dob, &d(a.decided_on), &od(ceased), reason]);
    }
    let adopted_from = pc
        .in_year
        .iter()
        .find(|e| e.end_date.is_some_and(|end| end <= to) && matches!(e.reason_ceased, Some(ReasonCeased::E11 | ReasonCeased::E12)))
        .map(|e| e.placement_type);
    if let (Some(kind), Some(a)) = (adopted_from, decisions.iter().rfind(|a| a.ceased_on.is_none())) {
        let adopters = crate::looked_after::adoption::adopters_of(a);
        let foster = ff_domain::looked_after::adoption::adopted_by_foster_carers(kind).map(|b| if b { "1" } else { "0" }).unwrap_or("");
        t.put(
            "ad1",
            &[
                child,
                dob,
                &d(a.decided_on),
                &od(a.matched_on),
                foster,
                &adopters.map(|x| x.number().to_string()).unwrap_or_default(),
                adopters.map(|x| x.sex.code()).unwrap_or(""),
                adopters.map(|x| x.legal_status.code()).unwrap_or(""),
            ],
        );
    }
}

/// SWEpisodes: the lead practitioner's allocations in the year; the first of an episode is
/// FCONTA, later ones MANAGE; SW_ID XX and the account's first digits without an SWE number.
fn write_sw_episodes(t: &mut Tables, page: &CarePage, pc: &PageChild, from: NaiveDate, to: NaiveDate) {
    let mut seen_episode: Vec<Uuid> = vec![];
    for w in page.workers.iter().filter(|w| w.child_id == pc.c.id) {
        let first = !seen_episode.contains(&w.episode_id);
        seen_episode.push(w.episode_id);
        if w.from_date > to || w.to_date.is_some_and(|until| until < from) {
            continue;
        }
        let sw_id = w.swe_registration_number.clone().unwrap_or_else(|| format!("XX{}", &w.user_id.simple().to_string()[..8]));
        let reason = if first { "FCONTA" } else { "MANAGE" };
        t.put("sw_episodes", &[&pc.child, &pc.dob, &sw_id, &d(w.from_date), &od(w.to_date.filter(|until| *until <= to)), reason]);
    }
}

/// Looked after continuously for the year, as the 903 defines it: an episode overlaps the year,
/// none starts care inside it, none leaves care inside it, and none is a short break.
fn continuously_looked_after(episodes: &[&ff_store::looked_after::CareEpisodeRow], from: NaiveDate, to: NaiveDate) -> bool {
    let overlaps = |e: &&ff_store::looked_after::CareEpisodeRow| e.start_date <= to && e.end_date.is_none_or(|end| end >= from);
    episodes.iter().any(overlaps)
        && !episodes.iter().any(|e| {
            (e.reason_new_episode == ReasonNewEpisode::S && e.start_date >= from && e.start_date <= to)
                || e.end_date.is_some_and(|end| end >= from && end <= to && e.reason_ceased != Some(ReasonCeased::X1))
                || (overlaps(e) && matches!(e.legal_status, LegalStatus::V3 | LegalStatus::V4))
        })
}

/// The council's own return for `year`, built and checked against the DfE rules (last year's
/// return switching on the year-on-year rules), for the analysts' page.
pub async fn export_and_check(db: &Db, ctx: &Ctx, year: &str) -> Result<(Files, Ssda903Summary, ff_returns::ssda903::Report)> {
    let (files, summary) = export(db, ctx, year).await?;
    let rules: RulesYear = year.parse().map_err(|_| field_err("year", "Choose a collection year from 2022-23 to 2026-27"))?;
    let previous = match RulesYear::ALL.iter().position(|y| *y == rules) {
        Some(i) if i > 0 => Some(export(db, ctx, &RulesYear::ALL[i - 1].to_string()).await?.0),
        _ => None,
    };
    let prepared = ff_returns::ssda903::prepare_files(files.clone(), previous)
        .map_err(|e| crate::ServiceError::Internal(format!("the council's own 903 files could not be read back: {e}")))?;
    let (postcodes, providers) = reference_for(db, ctx, &prepared).await?;
    let opts = ff_returns::ssda903::ValidateOptions { year: rules, previous: None, keep_per_rule: Some(200), postcodes, providers };
    Ok((files, summary, prepared.validate(&opts)))
}

/// The reference data a return's check uses, as far as the council's database holds it: the
/// postcode directory ([`directory_for`]) and the provider register ([`providers_for`]). The
/// providers' own postcodes are looked up in the directory with the return's, so the council of
/// each provider's premises is known (903 rules 229, 241).
async fn reference_for(
    db: &Db,
    ctx: &Ctx,
    prepared: &ff_returns::ssda903::Prepared,
) -> Result<(Option<std::sync::Arc<ff_returns::ssda903::Postcodes>>, Option<std::sync::Arc<ff_returns::ssda903::Providers>>)> {
    let register = providers_for(db, prepared).await?;
    let at = register.iter().flatten().filter_map(|f| f.postcode.clone());
    let postcodes = directory_for(db, ctx, prepared, at).await?;
    let providers =
        register.map(|facts| std::sync::Arc::new(ff_returns::ssda903::Providers::from_register(ctx.la(), &facts, postcodes.as_deref())));
    Ok((postcodes, providers))
}

/// The provider register's entries for the URNs a return names (by the register's unique URN
/// index, a few hundred at a time), for the 903's URN rules (1008, 219, 221, 224, 227, 228, 229,
/// 241); none while the register is empty, so those rules are skipped and the report says why.
/// A URN the register does not hold is then reported as not registered (rule 1008).
async fn providers_for(db: &Db, prepared: &ff_returns::ssda903::Prepared) -> Result<Option<Vec<ff_domain::providers::ProviderFacts>>> {
    let mut tx = db.begin().await?;
    if ff_store::providers::is_empty(&mut tx).await? {
        return Ok(None);
    }
    let named: Vec<String> = prepared.urns_named().into_iter().collect();
    let urns: Vec<&str> = named.iter().map(String::as_str).collect();
    let rows = ff_store::providers::by_urns(&mut tx, &urns).await?;
    tx.commit().await?;
    Ok(Some(rows.iter().map(crate::providers::facts_of).collect()))
}

/// The postcode directory's entries for the postcodes a return names, and for `also` (the
/// providers' postcodes), for the rules on the placement's council, location and distance
/// (ssda903 fields §2); none while the directory is not loaded, so those rules are skipped and
/// the report says why.
async fn directory_for(
    db: &Db,
    ctx: &Ctx,
    prepared: &ff_returns::ssda903::Prepared,
    also: impl Iterator<Item = String>,
) -> Result<Option<std::sync::Arc<ff_returns::ssda903::Postcodes>>> {
    let mut tx = db.begin().await?;
    if ff_store::postcodes::is_empty(&mut tx).await? {
        return Ok(None);
    }
    let mut named = prepared.postcodes_named();
    named.extend(also);
    let named: Vec<String> = named.into_iter().collect();
    let keys: Vec<&str> = named.iter().map(String::as_str).collect();
    let rows = ff_store::postcodes::lookup(&mut tx, &keys).await?;
    tx.commit().await?;
    Ok(Some(std::sync::Arc::new(ff_returns::ssda903::Postcodes::new(ctx.la(), rows.iter().map(|r| r.entry())))))
}

/// Check a return uploaded as files (a directory's CSV files, or one XML file), ours or another
/// system's. Audited with the number of bytes, never the contents.
pub async fn check_upload(
    db: &Db,
    ctx: &Ctx,
    year: &str,
    files: Vec<(String, Vec<u8>)>,
) -> Result<std::result::Result<ff_returns::ssda903::Report, String>> {
    ctx.authorise(Action::ViewPerformance)?;
    let rules: RulesYear = year.parse().map_err(|_| field_err("year", "Choose a collection year from 2022-23 to 2026-27"))?;
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let result = match ff_returns::ssda903::prepare_files(files, None) {
        Ok(prepared) => {
            let (postcodes, providers) = reference_for(db, ctx, &prepared).await?;
            let opts = ff_returns::ssda903::ValidateOptions { year: rules, previous: None, keep_per_rule: Some(200), postcodes, providers };
            Ok(prepared.validate(&opts))
        }
        Err(e) => Err(e.to_string()),
    };
    let mut tx = db.begin().await?;
    audit(&mut tx, ctx, "validate", "ssda903", Some(rules.to_string()), format!("SSDA903 files checked ({bytes} bytes)")).await?;
    tx.commit().await?;
    Ok(result)
}
