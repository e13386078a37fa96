//! The national postcode directory (decision 0019; `ff_domain::geography`): the commissioner loads
//! the ONS National Statistics Postcode Directory, read a record at a time from the uploaded
//! file and written a chunk at a time, in one transaction with one audit event; and from it the
//! child's current placement gets its council, whether that is in the council's area and how far
//! it is from home (ssda903 fields §2), for the child's page and the API.
//!
//! Memory stays bounded whatever the file's size (the whole directory is about 2.7 million rows,
//! 1 GB): the file is read a record at a time, [`CHUNK`] rows are held before they are written,
//! and at most [`PROBLEMS_KEPT`] unreadable rows are kept as lines (all are counted).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use ff_domain::geography::{self, DirectoryEntry, Location, Lookup};
use ff_domain::policy::Action;
use ff_store::looked_after::CareEpisodeRow;
use ff_store::postcodes::{PostcodeLoadRow, PostcodeRow};
use ff_store::{Db, Tx};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, field_err};

/// Rows read before they are looked up and written.
const CHUNK: usize = 1_000;
/// The most unreadable rows a load keeps a line for.
const PROBLEMS_KEPT: usize = 200;
/// The longest record read (a directory row is a few hundred bytes).
const RECORD_MAX: usize = 64 * 1024;

/// What one load of the directory did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostcodeLoadView {
    pub id: Uuid,
    pub file_name: String,
    /// SHA-256 of the file, in hex.
    pub checksum: String,
    /// Rows read after the header (good and bad).
    pub rows_read: i32,
    /// Postcodes new to the directory.
    pub added: i32,
    /// Postcodes whose grid reference, council or termination changed.
    pub changed: i32,
    pub unchanged: i32,
    /// Rows left out: unreadable, or a postcode the file gives twice.
    pub unreadable: i32,
    /// The first rows left out, with their line numbers.
    pub problems: Vec<String>,
    pub loaded_at: DateTime<Utc>,
}

impl From<PostcodeLoadRow> for PostcodeLoadView {
    fn from(l: PostcodeLoadRow) -> Self {
        PostcodeLoadView {
            id: l.id,
            file_name: l.file_name,
            checksum: l.checksum,
            rows_read: l.rows_read,
            added: l.added,
            changed: l.changed,
            unchanged: l.unchanged,
            unreadable: l.unreadable,
            problems: l.problems.lines().filter(|p| !p.is_empty()).map(str::to_owned).collect(),
            loaded_at: l.loaded_at,
        }
    }
}

/// How the directory stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostcodeStatusView {
    /// Postcodes the directory holds, live and terminated.
    pub postcodes: i64,
    /// When it was last loaded, by any council (there is one directory per database).
    pub last_loaded_at: Option<DateTime<Utc>>,
    /// Who loaded it last: their name when it was this council, else "another council".
    pub last_loaded_by: Option<String>,
    /// This council's latest loads, newest first.
    pub loads: Vec<PostcodeLoadView>,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Rows left out of a load: every one counted, the first few kept as lines.
#[derive(Default)]
struct Problems {
    count: usize,
    kept: Vec<String>,
}

impl Problems {
    fn add(&mut self, line: usize, message: impl std::fmt::Display) {
        self.count += 1;
        if self.kept.len() < PROBLEMS_KEPT {
            self.kept.push(format!("Line {line}: {message}"));
        }
    }
}

#[derive(Default)]
struct Counts {
    read: usize,
    added: usize,
    changed: usize,
    unchanged: usize,
}

/// Reads one CSV record into `buf` (a line, or more where a quoted value holds a line break),
/// adding every byte to the file's checksum. `None` at the end of the file; `Some(false)` when
/// the record runs past [`RECORD_MAX`] (a quotation mark never closed, or not a text file).
async fn read_record<R: AsyncBufRead + Unpin>(r: &mut R, buf: &mut Vec<u8>, hash: &mut Sha256) -> std::io::Result<Option<bool>> {
    buf.clear();
    loop {
        let available = r.fill_buf().await?;
        if available.is_empty() {
            return Ok((!buf.is_empty()).then_some(true));
        }
        let (take, newline) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        buf.extend_from_slice(&available[..take]);
        hash.update(&available[..take]);
        r.consume(take);
        if newline && ff_returns::nspl::record_is_complete(buf) {
            return Ok(Some(true));
        }
        if buf.len() > RECORD_MAX {
            return Ok(Some(false));
        }
    }
}

/// The record's cells; `Ok(None)` for a blank line, `Err` when it is not text.
fn cells(buf: &[u8]) -> std::result::Result<Option<Vec<String>>, &'static str> {
    let text = std::str::from_utf8(buf).map_err(|_| "the row is not text (UTF-8)")?;
    Ok(ff_returns::ssda903::ingest::parse_csv(text).into_iter().next())
}

fn lines_in(buf: &[u8]) -> usize {
    buf.iter().filter(|b| **b == b'\n').count().max(1)
}

fn io_error(e: std::io::Error) -> ServiceError {
    ServiceError::Internal(format!("the uploaded file could not be read: {e}"))
}

/// Looks a chunk's postcodes up in one query, then writes the new and the changed ones; a
/// postcode the file gives twice keeps its first row. (A repeat far apart in the file is caught
/// when its first row changed the directory, which then names this load.)
async fn write_chunk(
    tx: &mut Tx,
    load_id: Uuid,
    chunk: &mut Vec<(usize, PostcodeRow)>,
    counts: &mut Counts,
    problems: &mut Problems,
) -> Result<()> {
    if chunk.is_empty() {
        return Ok(());
    }
    let held: HashMap<String, PostcodeRow> = {
        let keys: Vec<&str> = chunk.iter().map(|(_, r)| r.postcode.as_str()).collect();
        ff_store::postcodes::lookup(tx, &keys).await?.into_iter().map(|r| (r.postcode.clone(), r)).collect()
    };
    let mut seen = HashSet::new();
    let mut write = Vec::with_capacity(chunk.len());
    for (line, row) in chunk.drain(..) {
        let before = held.get(&row.postcode);
        if !seen.insert(row.postcode.clone()) || before.is_some_and(|h| h.load_id == load_id) {
            problems.add(line, format!("{} appears twice in the file: the first row was kept", row.postcode));
            continue;
        }
        match before {
            None => {
                counts.added += 1;
                write.push(row);
            }
            Some(h) if h.same_facts(&row) => counts.unchanged += 1,
            Some(_) => {
                counts.changed += 1;
                write.push(row);
            }
        }
    }
    ff_store::postcodes::upsert(tx, &write).await?;
    Ok(())
}

fn not_the_directory() -> ServiceError {
    field_err("file", "This is not the National Statistics Postcode Directory: load the directory's UK-wide CSV file. Nothing was loaded.")
}

/// Load the ONS National Statistics Postcode Directory (or an update of it) from `reader`, the
/// CSV file as uploaded: new postcodes are added and changed ones replaced, in one transaction
/// with one audit event. A file without the directory's columns, one that cannot be read as
/// CSV, or one with no readable row changes nothing; a row that cannot be read is listed with
/// its line number and left out.
pub async fn load<R: AsyncBufRead + Unpin + Send>(db: &Db, ctx: &Ctx, file_name: &str, mut reader: R) -> Result<PostcodeLoadView> {
    ctx.authorise(Action::LoadPostcodes)?;
    let mut hash = Sha256::new();
    let mut buf = Vec::new();
    // The header, before anything is written.
    let header = match read_record(&mut reader, &mut buf, &mut hash).await.map_err(io_error)? {
        None => return Err(field_err("file", "The file is empty. Nothing was loaded.")),
        Some(false) => return Err(not_the_directory()),
        Some(true) => cells(&buf).ok().flatten().ok_or_else(not_the_directory)?,
    };
    let columns = ff_returns::nspl::columns(&header).map_err(|m| field_err("file", format!("{m} Nothing was loaded.")))?;
    let mut next_line = 1 + lines_in(&buf);
    let load_id = ctx.new_id();
    let mut tx = db.begin().await?;
    let (mut counts, mut problems) = (Counts::default(), Problems::default());
    let mut chunk: Vec<(usize, PostcodeRow)> = Vec::with_capacity(CHUNK);
    loop {
        let line = next_line;
        match read_record(&mut reader, &mut buf, &mut hash).await.map_err(io_error)? {
            None => break,
            Some(false) => {
                // Dropping the transaction writes nothing.
                return Err(field_err(
                    "file",
                    format!("Line {line} cannot be read as CSV: a quotation mark is never closed. Nothing was loaded."),
                ));
            }
            Some(true) => {}
        }
        next_line += lines_in(&buf);
        let row = match cells(&buf) {
            Ok(Some(row)) => row,
            Ok(None) => continue,
            Err(m) => {
                counts.read += 1;
                problems.add(line, m);
                continue;
            }
        };
        counts.read += 1;
        match ff_returns::nspl::read_row(&row, &columns) {
            Ok(entry) => chunk.push((line, PostcodeRow::new(entry, load_id))),
            Err(m) => problems.add(line, m),
        }
        if chunk.len() >= CHUNK {
            write_chunk(&mut tx, load_id, &mut chunk, &mut counts, &mut problems).await?;
        }
    }
    write_chunk(&mut tx, load_id, &mut chunk, &mut counts, &mut problems).await?;
    if counts.added + counts.changed + counts.unchanged == 0 {
        let first = problems.kept.first().map(|p| format!(" ({p})")).unwrap_or_default();
        return Err(field_err("file", format!("No postcode in the file could be read{first}. Nothing was loaded.")));
    }
    let row = PostcodeLoadRow {
        id: load_id,
        file_name: file_name.chars().take(200).collect(),
        checksum: format!("{:x}", hash.finalize()),
        rows_read: count(counts.read),
        added: count(counts.added),
        changed: count(counts.changed),
        unchanged: count(counts.unchanged),
        unreadable: count(problems.count),
        problems: problems.kept.join("\n"),
        loaded_at: ctx.now,
        loaded_by: ctx.actor.user_id,
    };
    ff_store::postcodes::insert_load(&mut tx, ctx.la(), &row).await?;
    let what = format!("postcode directory loaded: {} added, {} changed, {} rows left out", counts.added, counts.changed, problems.count);
    audit(&mut tx, ctx, "create", "postcode_load", Some(load_id.to_string()), what).await?;
    tx.commit().await?;
    Ok(row.into())
}

/// How many postcodes the directory holds, when it was last loaded and by whom, and this
/// council's latest loads.
pub async fn status(db: &Db, ctx: &Ctx) -> Result<PostcodeStatusView> {
    ctx.authorise(Action::LoadPostcodes)?;
    let mut tx = db.begin().await?;
    let postcodes = ff_store::postcodes::count(&mut tx).await?;
    let latest = ff_store::postcodes::latest_load(&mut tx).await?;
    let last_loaded_by = match &latest {
        Some((la, _, who)) if la == ctx.la() => {
            Some(ff_store::users::get(&mut tx, la, *who).await?.map_or_else(|| "someone in this council".to_owned(), |u| u.display_name))
        }
        Some(_) => Some("another council".to_owned()),
        None => None,
    };
    let loads = ff_store::postcodes::loads(&mut tx, ctx.la(), 5).await?.into_iter().map(PostcodeLoadView::from).collect();
    tx.commit().await?;
    Ok(PostcodeStatusView { postcodes, last_loaded_at: latest.map(|(_, at, _)| at), last_loaded_by, loads })
}

/// One of this council's loads and what it did.
pub async fn load_result(db: &Db, ctx: &Ctx, id: Uuid) -> Result<PostcodeLoadView> {
    ctx.authorise(Action::LoadPostcodes)?;
    let mut tx = db.begin().await?;
    let l = ff_store::postcodes::get_load(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("load"))?;
    tx.commit().await?;
    Ok(l.into())
}

/// Where the child's current placement is, seen from home (ssda903 fields §2), as the child's
/// page and `GET /api/v1/people/{id}/care` show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlacementGeographyView {
    /// The placement's council as the DfE's 3-digit code, or SCO, WAL or NIR (903 PL_LA); null
    /// when not known or left blank.
    pub placement_la: Option<String>,
    /// The placement's council by name, from the DfE's list.
    pub placement_la_name: Option<String>,
    /// Whether the placement is inside the council's own area (903 PL_LOCATION IN); null when
    /// not known.
    pub in_area: Option<bool>,
    /// Miles from the child's home when care began, in a straight line, to one decimal (903
    /// PL_DISTANCE); null when it cannot be worked out or is left blank.
    pub distance_miles: Option<f64>,
    /// Why `distance_miles` is null, in words.
    pub distance_unknown_reason: Option<String>,
    /// Why `in_area` is null, in words.
    pub area_unknown_reason: Option<String>,
    /// The distance and area in a sentence, as the child's page shows them.
    pub summary: String,
}

/// The current placement's geography: the home postcode (the child's address when the period of
/// care began, as the 903's HOME_POST) and the placement's postcode looked up together in one
/// query. `asylum_seeking`: the child is or was an unaccompanied asylum seeker.
pub(crate) async fn placement_geography(
    tx: &mut Tx,
    ctx: &Ctx,
    episodes: &[CareEpisodeRow],
    current: &CareEpisodeRow,
    asylum_seeking: bool,
) -> Result<PlacementGeographyView> {
    let began = crate::looked_after::period_start(episodes, current.period_id).unwrap_or(current.start_date);
    let addresses = ff_store::people::addresses_of(tx, ctx.la(), current.child_id).await?;
    let home = geography::home_postcode(addresses.iter().map(|a| (a.postcode.as_str(), a.start_date)), began, &current.placement_postcode);
    // Stored postcodes are normalised already; one that is not a postcode is simply not found.
    let key = |p: &str| geography::parse_postcode(p).unwrap_or_else(|_| p.trim().to_uppercase());
    let home_key = home.map(key);
    let placement_key = Some(current.placement_postcode.as_str()).filter(|p| !p.trim().is_empty()).map(key);
    let keys: Vec<&str> = home_key.iter().chain(placement_key.iter()).map(String::as_str).collect();
    let found: Vec<DirectoryEntry> =
        if keys.is_empty() { vec![] } else { ff_store::postcodes::lookup(tx, &keys).await?.iter().map(PostcodeRow::entry).collect() };
    // Neither found: say so plainly when the directory has not been loaded at all.
    let missing = if found.is_empty() && !keys.is_empty() && ff_store::postcodes::is_empty(tx).await? {
        Lookup::DirectoryEmpty
    } else {
        Lookup::NotInDirectory
    };
    let lookup = |k: &Option<String>| match k {
        None => Lookup::NotRecorded,
        Some(k) => found.iter().find(|e| &e.postcode == k).map_or(missing, Lookup::Found),
    };
    let g = geography::placement_geography(lookup(&home_key), lookup(&placement_key), ctx.la(), asylum_seeking, current.legal_status);
    let name = g.pl_la.as_deref().and_then(ff_returns::ssda903::codes::la_name);
    Ok(PlacementGeographyView {
        summary: g.words(name),
        placement_la_name: name.map(str::to_owned),
        in_area: g.location.map(|l| l == Location::In),
        distance_miles: g.distance_miles,
        distance_unknown_reason: g.why_unknown.map(str::to_owned),
        area_unknown_reason: g.why_area_unknown.map(str::to_owned),
        placement_la: g.pl_la,
    })
}
