//! SSDA903 (children looked after) return validation.
//!
//! Reads a return (a directory of CSV files, one per table, or one XML file),
//! optionally last year's return too, and applies the DfE validation rules of
//! the chosen collection year (2022-23 to 2026-27).
//!
//! ```no_run
//! use ff_returns::ssda903::{self, Format, RulesYear, ValidateOptions};
//!
//! let opts = ValidateOptions { year: "2025-26".parse::<RulesYear>()?, previous: None, ..Default::default() };
//! let report = ssda903::validate_dir("returns/903/2026", &opts)?;
//! println!("{}", ssda903::render(&report, Format::Text));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! * [`validate_dir`]: a directory (or a single file) on disk;
//!   [`validate_files`]: in-memory files (an upload), `(name, bytes)` pairs.
//! * Tables are recognised by their CSV header rows, not file names; see
//!   [`ingest`] for the tolerant reading and [`IngestError`] for what stops it.
//! * Each rule is a function named after its DfE code (`rule_101`,
//!   `rule_sw13`…) with a [`RuleInfo`] constant, in the `rules` modules;
//!   [`rule_catalogue`] lists the rules of a year with whether they run here.
//! * A rule whose table is absent, or that needs last year's return or
//!   reference data the caller did not give (the national postcode
//!   directory, [`Postcodes`]; Ofsted's registered providers, [`Providers`]),
//!   is reported as skipped with the reason, never as passed or failed.
//!
//! Where the public peer validator (`csc-validator-be-903`) departs from the
//! DfE wording, we follow the DfE wording; the differences are documented in
//! `docs/ssda903-validator.md` and pinned by tests.

pub mod codes;
pub mod generate;
pub mod history;
pub mod ingest;
mod issue;
pub mod model;
pub mod regional;
mod report;
mod rules;
pub mod write_xml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

pub use generate::{GenerateOptions, GenerateSummary, generate_dir, generate_files};
pub use ingest::IngestError;
pub use issue::{Issue, RuleInfo, Severity};
pub use model::{SourceFormat, Table};
pub use report::{CSV_HEADER, Format, Report, Skipped, TableSummary, render};

/// Collection year whose rules apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RulesYear {
    #[serde(rename = "2022-23")]
    Y2022_23,
    #[serde(rename = "2023-24")]
    Y2023_24,
    #[serde(rename = "2024-25")]
    Y2024_25,
    #[default]
    #[serde(rename = "2025-26")]
    Y2025_26,
    #[serde(rename = "2026-27")]
    Y2026_27,
}

impl RulesYear {
    /// Every supported year, oldest first.
    pub const ALL: [RulesYear; 5] = [Self::Y2022_23, Self::Y2023_24, Self::Y2024_25, Self::Y2025_26, Self::Y2026_27];

    /// The calendar year in which the collection year ends (2026 for 2025-26).
    pub fn end_year(self) -> i32 {
        match self {
            Self::Y2022_23 => 2023,
            Self::Y2023_24 => 2024,
            Self::Y2024_25 => 2025,
            Self::Y2025_26 => 2026,
            Self::Y2026_27 => 2027,
        }
    }

    /// 1 April at the start of the collection year.
    pub fn collection_start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.end_year() - 1, 4, 1).unwrap_or_default()
    }

    /// 31 March at the end of the collection year.
    pub fn collection_end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.end_year(), 3, 31).unwrap_or_default()
    }
}

impl fmt::Display for RulesYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let y = self.end_year();
        write!(f, "{}-{:02}", y - 1, y % 100)
    }
}

impl FromStr for RulesYear {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().replace(['/', '_'], "-");
        RulesYear::ALL
            .into_iter()
            .find(|y| {
                let e = y.end_year();
                norm == y.to_string() || norm == format!("{}-{}", e - 1, e) || norm == e.to_string()
            })
            .ok_or_else(|| format!("unknown collection year {s:?} (expected 2022-23 to 2026-27)"))
    }
}

/// The national postcode directory as the 903's derived fields need it (ssda903 fields §2), and
/// the council whose return it is: with it the rules on placement LA, location and distance run.
#[derive(Clone, Debug, Default)]
pub struct Postcodes {
    /// The returning council's DfE code (PL_LOCATION is IN when PL_LA is this).
    pub la: String,
    entries: std::collections::HashMap<String, ff_domain::geography::DirectoryEntry>,
}

impl Postcodes {
    /// The directory's entries (normalised postcodes; only those the return names are needed).
    pub fn new(la: impl Into<String>, entries: impl IntoIterator<Item = ff_domain::geography::DirectoryEntry>) -> Self {
        Postcodes { la: la.into(), entries: entries.into_iter().map(|e| (e.postcode.clone(), e)).collect() }
    }

    /// The entry for a postcode as the return writes it, if the directory holds it.
    pub fn get(&self, postcode: &str) -> Option<&ff_domain::geography::DirectoryEntry> {
        ff_domain::geography::parse_postcode(postcode).ok().and_then(|p| self.entries.get(&p))
    }
}

/// One registered provider as the 903's URN rules need it (ssda903 fields §6, "The Ofsted
/// provider lookups"): what it may be reported as, when its registration ended, where it is.
/// An empty list is a fact not known, and the rule that needs it does not judge the episode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderEntry {
    /// The Ofsted URN, in capitals without spaces.
    pub urn: String,
    /// The placement types (PLACE) it takes (903 rule 219).
    pub placement_codes: Vec<String>,
    /// The placement provider codes (PLACE_PROVIDER) it is reported as (903 rule 224).
    pub provider_codes: Vec<String>,
    /// When its registration ended (903 rules 227, 228).
    pub registration_ended_on: Option<NaiveDate>,
    /// The setting's postcode (903 rule 221).
    pub postcode: Option<String>,
    /// The councils its premises are in, as the DfE's 3-digit codes (903 rules 229, 241).
    pub councils: Vec<String>,
}

impl ProviderEntry {
    /// The entry for a provider on the register: its placement types from what it is registered
    /// as and its provider codes from who owns it (`ff_domain::providers`), and the council of
    /// its premises from its postcode through the postcode directory when that knows it, else
    /// from the council Ofsted names when the DfE's list has that name.
    pub fn from_facts(f: &ff_domain::providers::ProviderFacts, directory: Option<&Postcodes>) -> ProviderEntry {
        use ff_domain::providers::{placement_codes, provider_codes};
        let by_postcode = f.postcode.as_deref().and_then(|p| directory?.get(p)).and_then(|e| e.la.clone());
        let by_name = || f.local_authority.as_deref().and_then(codes::la_code_by_name).map(str::to_owned);
        ProviderEntry {
            urn: f.urn.to_string(),
            placement_codes: placement_codes(f.kind).iter().map(|c| (*c).to_owned()).collect(),
            provider_codes: f.sector.map(provider_codes).unwrap_or_default().iter().map(|c| (*c).to_owned()).collect(),
            registration_ended_on: f.registration_ended_on,
            postcode: f.postcode.clone(),
            councils: by_postcode.or_else(by_name).into_iter().collect(),
        }
    }
}

/// Ofsted's registered providers as the 903's URN rules need them (1008, 219, 221, 224, 227,
/// 228, 229, 241), and the council whose return it is (rule 229): from the product's provider
/// register, or from Ofsted's list as CSV ([`crate::ofsted::read`]).
#[derive(Clone, Debug, Default)]
pub struct Providers {
    /// The returning council's DfE code.
    pub la: String,
    entries: std::collections::HashMap<String, ProviderEntry>,
}

impl Providers {
    pub fn new(la: impl Into<String>, entries: impl IntoIterator<Item = ProviderEntry>) -> Self {
        Providers { la: la.into(), entries: entries.into_iter().map(|e| (urn_key(&e.urn), e)).collect() }
    }

    /// The lookup made from the register's facts, the councils of the providers' premises found
    /// through `directory` where it holds their postcodes ([`ProviderEntry::from_facts`]).
    pub fn from_register<'a>(
        la: impl Into<String>,
        facts: impl IntoIterator<Item = &'a ff_domain::providers::ProviderFacts>,
        directory: Option<&Postcodes>,
    ) -> Self {
        Providers::new(la, facts.into_iter().map(|f| ProviderEntry::from_facts(f, directory)))
    }

    /// The provider with this URN (as the return writes it), if the lookup holds it.
    pub fn get(&self, urn: &str) -> Option<&ProviderEntry> {
        self.entries.get(&urn_key(urn))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A URN as the lookup keys it: capitals, no spaces.
fn urn_key(urn: &str) -> String {
    urn.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

/// Options for validation.
#[derive(Clone, Debug, Default)]
pub struct ValidateOptions {
    /// The postcode directory and the returning council: switches on the rules that derive the
    /// placement's council, location and distance from postcodes.
    pub postcodes: Option<std::sync::Arc<Postcodes>>,
    /// Ofsted's registered providers and the returning council: switches on the rules that check
    /// an episode's URN (1008, 219, 221, 224, 227, 228, 229; 241 with the postcode directory too).
    pub providers: Option<std::sync::Arc<Providers>>,
    /// Collection year whose rules apply (default 2025-26).
    pub year: RulesYear,
    /// Last year's return (directory or XML file): switches on the year-on-year rules.
    pub previous: Option<PathBuf>,
    /// Keep at most this many issues per rule (all are still counted in the tally). `None` keeps all.
    pub keep_per_rule: Option<usize>,
}

/// A rule of the year and how it is handled here.
#[derive(Clone, Debug, Serialize)]
pub struct CatalogueEntry {
    pub info: &'static RuleInfo,
    /// `None` when the rule needs no reference data; otherwise what the caller must give for it
    /// to run (the postcode directory, [`ValidateOptions::postcodes`]; Ofsted's registered
    /// providers, [`ValidateOptions::providers`]), in words.
    pub needs_reference: Option<&'static str>,
}

/// The rules of `year` in catalogue order.
pub fn rule_catalogue(year: RulesYear) -> Vec<CatalogueEntry> {
    rules::registry()
        .into_iter()
        .filter(|r| r.years.contains(year))
        .map(|r| CatalogueEntry { info: r.info, needs_reference: r.needs_reference() })
        .collect()
}

/// Validates the return in `path` (a directory of CSV files, or one XML or CSV file).
pub fn validate_dir(path: impl AsRef<Path>, opts: &ValidateOptions) -> Result<Report, IngestError> {
    let cur = ingest::load_path(path.as_ref())?;
    let prev = match &opts.previous {
        Some(p) => Some(ingest::load_path(p)?),
        None => None,
    };
    Ok(validate_loaded(cur, prev, opts))
}

/// Validates the return at `path` (and last year's, as `opts` says) with the postcode directory
/// read from the NSPL file `directory`, keeping only the postcodes the returns name, for the
/// council `la` (its DfE code): the rules on placement LA, location and distance run.
pub fn validate_dir_with_directory(
    path: impl AsRef<Path>,
    opts: &ValidateOptions,
    directory: &Path,
    la: &str,
) -> Result<Report, IngestError> {
    let cur = ingest::load_path(path.as_ref())?;
    let prev = match &opts.previous {
        Some(p) => Some(ingest::load_path(p)?),
        None => None,
    };
    let mut wanted = postcodes_named(&cur.ret);
    if let Some(p) = &prev {
        wanted.extend(postcodes_named(&p.ret));
    }
    let io = |detail: String| IngestError::Io { path: directory.display().to_string(), detail };
    let file = std::fs::File::open(directory).map_err(|e| io(e.to_string()))?;
    let entries = crate::nspl::read_directory(std::io::BufReader::new(file), Some(&wanted)).map_err(io)?;
    let opts = ValidateOptions { postcodes: Some(std::sync::Arc::new(Postcodes::new(la, entries))), ..opts.clone() };
    Ok(validate_loaded(cur, prev, &opts))
}

/// Validates the return at `path` (and last year's, as `opts` says) with Ofsted's provider list
/// read from the CSV file `providers` (as [`crate::ofsted::read`] reads it) and, when given, the
/// postcode directory read from the NSPL file `directory`, keeping only the postcodes the
/// returns and the list name, for the council `la` (its DfE code): the URN rules run, and with
/// the directory the rules on placement LA, location and distance too. A list row that cannot be
/// read is left out, and its URN is then reported as not registered (rule 1008).
pub fn validate_dir_with_reference(
    path: impl AsRef<Path>,
    opts: &ValidateOptions,
    providers: Option<&Path>,
    directory: Option<&Path>,
    la: &str,
) -> Result<Report, IngestError> {
    let cur = ingest::load_path(path.as_ref())?;
    let prev = match &opts.previous {
        Some(p) => Some(ingest::load_path(p)?),
        None => None,
    };
    let list = match providers {
        Some(file) => {
            let bad = |detail: String| IngestError::Io { path: file.display().to_string(), detail };
            let bytes = std::fs::read(file).map_err(|e| bad(e.to_string()))?;
            Some(crate::ofsted::read(&bytes).map_err(bad)?)
        }
        None => None,
    };
    let postcodes = match directory {
        Some(file) => {
            let mut wanted = postcodes_named(&cur.ret);
            if let Some(p) = &prev {
                wanted.extend(postcodes_named(&p.ret));
            }
            wanted.extend(list.iter().flat_map(|l| l.providers.iter().filter_map(|p| p.postcode.clone())));
            let io = |detail: String| IngestError::Io { path: file.display().to_string(), detail };
            let f = std::fs::File::open(file).map_err(|e| io(e.to_string()))?;
            let entries = crate::nspl::read_directory(std::io::BufReader::new(f), Some(&wanted)).map_err(io)?;
            Some(std::sync::Arc::new(Postcodes::new(la, entries)))
        }
        None => opts.postcodes.clone(),
    };
    let providers = match &list {
        Some(l) => Some(std::sync::Arc::new(Providers::from_register(la, &l.providers, postcodes.as_deref()))),
        None => opts.providers.clone(),
    };
    let opts = ValidateOptions { postcodes, providers, ..opts.clone() };
    Ok(validate_loaded(cur, prev, &opts))
}

/// Every home and placement postcode a return's episodes name, normalised.
pub(crate) fn postcodes_named(r: &model::Return) -> std::collections::HashSet<String> {
    r.rows(Table::Episodes)
        .iter()
        .flat_map(|e| [e.s(model::col::ep::HOME_POST), e.s(model::col::ep::PL_POST)])
        .flatten()
        .filter_map(|p| ff_domain::geography::parse_postcode(p).ok())
        .collect()
}

/// Validates a return supplied as in-memory files (`(file name, bytes)`),
/// e.g. a web upload, with last year's files optionally (`opts.previous` is ignored).
pub fn validate_files(
    files: Vec<(String, Vec<u8>)>,
    previous: Option<Vec<(String, Vec<u8>)>>,
    opts: &ValidateOptions,
) -> Result<Report, IngestError> {
    Ok(prepare_files(files, previous)?.validate(opts))
}

/// A return read in (and last year's, if given), before its rules run: the caller can look up
/// the postcodes it names (in a database, say) and then validate it.
pub struct Prepared {
    cur: ingest::Loaded,
    prev: Option<ingest::Loaded>,
}

impl Prepared {
    /// Every home and placement postcode the returns' episodes name, normalised.
    pub fn postcodes_named(&self) -> std::collections::HashSet<String> {
        let mut all = postcodes_named(&self.cur.ret);
        if let Some(p) = &self.prev {
            all.extend(postcodes_named(&p.ret));
        }
        all
    }

    /// Every URN the returns' episodes name (other than XXXXXXX), in capitals without spaces.
    pub fn urns_named(&self) -> std::collections::HashSet<String> {
        let mut all = urns_named(&self.cur.ret);
        if let Some(p) = &self.prev {
            all.extend(urns_named(&p.ret));
        }
        all
    }

    pub fn validate(self, opts: &ValidateOptions) -> Report {
        validate_loaded(self.cur, self.prev, opts)
    }
}

/// Every URN a return's episodes name, other than XXXXXXX (a provider Ofsted does not register).
fn urns_named(r: &model::Return) -> std::collections::HashSet<String> {
    r.rows(Table::Episodes).iter().filter_map(|e| e.s(model::col::ep::URN)).map(urn_key).filter(|u| u != "XXXXXXX").collect()
}

/// Reads a return supplied as in-memory files, and last year's, ready to validate.
pub fn prepare_files(files: Vec<(String, Vec<u8>)>, previous: Option<Vec<(String, Vec<u8>)>>) -> Result<Prepared, IngestError> {
    let cur = ingest::load_files("upload", files)?;
    let prev = match previous {
        Some(p) => Some(ingest::load_files("previous upload", p)?),
        None => None,
    };
    Ok(Prepared { cur, prev })
}

fn summaries(r: &model::Return) -> Vec<TableSummary> {
    Table::ALL
        .iter()
        .filter_map(|&t| r.table(t))
        .map(|d| TableSummary { table: d.table, source: d.source.clone(), rows: d.rows.len() })
        .collect()
}

/// Runs the rules, on up to two threads when the machine has two cores or
/// more (the rules only read the return), and gives each rule's hits in the
/// order of `rules`, so that the report does not depend on the threads.
fn run_rules(ctx: &rules::Ctx, rules: &[rules::Rule]) -> Vec<Vec<(Table, usize)>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let run_one = |rule: &rules::Rule| {
        let mut out = rules::Out::default();
        rule.run(ctx, &mut out);
        out.hits
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(2);
    if threads < 2 || rules.len() < 2 {
        return rules.iter().map(run_one).collect();
    }
    // Rules are handed out one at a time, so that a slow rule does not hold up the others.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(rule) = rules.get(i) else { break };
            done.push((i, run_one(rule)));
        }
        done
    };
    let mut all: Vec<(usize, Vec<(Table, usize)>)> = std::thread::scope(|s| {
        let helper = s.spawn(work);
        let mut mine = work();
        match helper.join() {
            Ok(theirs) => mine.extend(theirs),
            Err(e) => std::panic::resume_unwind(e),
        }
        mine
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, hits)| hits).collect()
}

fn validate_loaded(cur: ingest::Loaded, prev: Option<ingest::Loaded>, opts: &ValidateOptions) -> Report {
    let year = opts.year;
    let mut notes = cur.notes;
    if let Some(p) = &prev {
        notes.extend(p.notes.iter().map(|n| format!("last year: {n}")));
    }
    let ctx = rules::Ctx {
        year,
        cur: &cur.ret,
        prev: prev.as_ref().map(|p| &p.ret),
        start: year.collection_start(),
        end: year.collection_end(),
        cla: Default::default(),
        postcodes: opts.postcodes.as_deref(),
        providers: opts.providers.as_deref(),
    };
    let mut rules_run = Vec::new();
    let mut rules_skipped = Vec::new();
    let mut issues = Vec::new();
    let mut tally = BTreeMap::new();
    let mut dropped = 0;
    let mut to_run = Vec::new();
    for rule in rules::registry().into_iter().filter(|r| r.years.contains(year)) {
        if let Some(reason) = rule.skip_reason(&ctx) {
            rules_skipped.push(Skipped { rule: rule.info.code, reason });
            continue;
        }
        rules_run.push(rule.info.code);
        to_run.push(rule);
    }
    for (rule, mut hits) in to_run.iter().zip(run_rules(&ctx, &to_run)) {
        hits.sort_unstable();
        hits.dedup();
        if hits.is_empty() {
            continue;
        }
        tally.insert(rule.info.code, hits.len());
        for (n, (table, row)) in hits.into_iter().enumerate() {
            if opts.keep_per_rule.is_some_and(|k| n >= k) {
                dropped += 1;
                continue;
            }
            let child = cur.ret.rows(table).get(row).and_then(|r| r.s(model::col::CHILD)).map(str::to_owned);
            issues.push(Issue { rule: rule.info.code, severity: rule.info.severity, table, row, child, message: rule.info.message });
        }
    }
    Report {
        rules_year: year,
        collection_start: ctx.start,
        collection_end: ctx.end,
        format: cur.ret.format,
        tables: summaries(&cur.ret),
        previous_tables: prev.as_ref().map(|p| summaries(&p.ret)).unwrap_or_default(),
        children: cur.ret.child_count(),
        notes,
        rules_run,
        rules_skipped,
        issues,
        tally,
        dropped,
    }
}
