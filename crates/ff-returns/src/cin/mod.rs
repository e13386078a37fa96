//! CIN census: streaming validation of the DfE children in need census XML
//! (see the crate documentation for the API overview).

pub mod codes;
pub mod export;
pub mod generate;
mod issue;
mod la;
pub mod model;
mod parser;
pub mod period;
mod report;
mod rules;

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use ff_domain::calendar::WorkingCalendar;
use serde::Serialize;

pub use export::{CensusWriter, write};
pub use generate::{GenerateOptions, generate, generate_with};
pub use issue::{Issue, IssueKind, RuleInfo, Scope, Severity};
pub use parser::{CinParser, MAX_ELEMENT_BYTES, MAX_ELEMENT_NODES, MAX_EVENT_BYTES, Parsed, parse_xs_date};
pub use period::Period;
pub use report::{CSV_HEADER, Format, Report, RuleTally, csv_line, render};

/// Which year's DfE rule set to apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RulesYear {
    /// 2023/24: `GenderCurrent` layout, 105 rules.
    #[serde(rename = "2023-24")]
    Y2023_24,
    /// 2024/25: `Sex` layout, 109 rules.
    #[default]
    #[serde(rename = "2024-25")]
    Y2024_25,
    /// 2025/26: same rules as 2024/25 (as in the public peer validator).
    #[serde(rename = "2025-26")]
    Y2025_26,
}

impl RulesYear {
    /// The rule set for a census whose `Year` (end year) is `year`, if known.
    pub fn for_census_end_year(year: i32) -> Option<Self> {
        match year {
            2024 => Some(Self::Y2023_24),
            2025 => Some(Self::Y2024_25),
            2026 => Some(Self::Y2025_26),
            _ => None,
        }
    }
}

impl fmt::Display for RulesYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RulesYear::Y2023_24 => "2023-24",
            RulesYear::Y2024_25 => "2024-25",
            RulesYear::Y2025_26 => "2025-26",
        })
    }
}

impl FromStr for RulesYear {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().replace(['/', '_'], "-").as_str() {
            "2023-24" | "2023-2024" => Ok(Self::Y2023_24),
            "2024-25" | "2024-2025" => Ok(Self::Y2024_25),
            "2025-26" | "2025-2026" => Ok(Self::Y2025_26),
            other => Err(format!("unknown rules year {other:?} (expected 2023-24, 2024-25 or 2025-26)")),
        }
    }
}

/// Options for [`validate_reader`].
#[derive(Clone, Debug, Default)]
pub struct ValidateOptions {
    /// Rule set to apply (default 2024-25).
    pub rules: RulesYear,
    /// Reference date overriding the header's `ReferenceDate`. By default
    /// the header's date is used (or 31 March of its `Year` when the date is
    /// unusable).
    pub reference_date: Option<NaiveDate>,
    /// Keep at most this many issues per rule code in the report (every issue is still counted
    /// in [`Report::tally`] and handed to the sink of [`validate_reader_into`]). `None` keeps all:
    /// the command line and the peer comparisons need every verdict; a server keeps a few
    /// examples per rule so that a hostile file cannot fill its memory.
    pub keep_per_rule: Option<usize>,
}

/// The catalogue of DfE rules applied for `year`: child-level rules in code
/// order, then the header, cross-child and LA-level ones.
pub fn rule_catalogue(year: RulesYear) -> Vec<&'static RuleInfo> {
    let mut v: Vec<&'static RuleInfo> = rules::CHILD_RULES.iter().filter(|r| r.applies(year)).map(|r| r.info_for(year)).collect();
    v.extend(la::la_rules(year));
    v
}

/// Validates a CIN census XML stream, child by child, and returns the full
/// report. Never panics on bad input; problems with the file itself come
/// back as structural issues.
pub fn validate_reader<R: BufRead>(input: R, opts: &ValidateOptions) -> Report {
    let mut v = Validator::new(opts);
    let mut parser = CinParser::new(input);
    while let Some(item) = parser.next() {
        if let Some(child) = v.accept(item) {
            parser.recycle(child);
        }
        v.settle(&mut |_| {});
    }
    v.finish(&mut |_| {})
}

/// As [`validate_reader`], but reads and parses on a second thread while
/// this one applies the rules (the two stages overlap on a multi-core
/// machine). Memory stays bounded: at most a few hundred parsed children
/// wait between the stages.
pub fn validate_reader_threaded<R: BufRead + Send>(input: R, opts: &ValidateOptions) -> Report {
    validate_reader_into(input, opts, &mut |_| {})
}

/// As [`validate_reader_threaded`], handing every issue to `sink` as it is found (in discovery
/// order, LA-level issues last), so that a caller can keep the full list on disk while the
/// report keeps only [`ValidateOptions::keep_per_rule`] examples.
pub fn validate_reader_into<R: BufRead + Send>(input: R, opts: &ValidateOptions, sink: &mut dyn FnMut(&Issue)) -> Report {
    const BATCH: usize = 256;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Parsed>>(8);
        // Checked children go back to the reading thread, which fills them
        // in again: no allocation per child, and no freeing on a thread
        // other than the allocating one (which costs the allocator much more).
        let (back_tx, back_rx) = std::sync::mpsc::channel::<Vec<Box<model::Child>>>();
        scope.spawn(move || {
            let mut parser = CinParser::new(input);
            let mut batch = Vec::with_capacity(BATCH);
            while let Some(item) = parser.next() {
                batch.push(item);
                if batch.len() == BATCH {
                    if tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err() {
                        return;
                    }
                    while let Ok(done) = back_rx.try_recv() {
                        done.into_iter().for_each(|c| parser.recycle(c));
                    }
                }
            }
            let _ = tx.send(batch);
        });
        let mut v = Validator::new(opts);
        for batch in rx {
            let done: Vec<Box<model::Child>> = batch.into_iter().filter_map(|item| v.accept(item)).collect();
            v.settle(sink);
            // Once the reading thread has finished, the rest is freed here.
            let _ = back_tx.send(done);
        }
        v.finish(sink)
    })
}

/// The validation state carried from one parsed item to the next.
struct Validator {
    year: RulesYear,
    calendar: WorkingCalendar,
    issues: Vec<Issue>,
    period: Option<Period>,
    lea: Option<String>,
    la_state: la::LaState,
    children: u64,
    incomplete: bool,
    keep_per_rule: Option<usize>,
    /// Issues before this index have been counted and handed to the sink.
    settled: usize,
    tally: BTreeMap<&'static str, RuleTally>,
    dropped: u64,
}

impl Validator {
    fn new(opts: &ValidateOptions) -> Self {
        let calendar = WorkingCalendar::england_and_wales_default();
        let period = opts.reference_date.map(|d| Period::new(d, &calendar));
        Self {
            year: opts.rules,
            calendar,
            issues: Vec::new(),
            period,
            lea: None,
            la_state: la::LaState::default(),
            children: 0,
            incomplete: false,
            keep_per_rule: opts.keep_per_rule,
            settled: 0,
            tally: BTreeMap::new(),
            dropped: 0,
        }
    }

    /// Counts the issues found since the last call, hands them to `sink`, and drops those past
    /// the per-rule limit.
    fn settle(&mut self, sink: &mut dyn FnMut(&Issue)) {
        if self.settled == self.issues.len() {
            return;
        }
        let fresh = self.issues.split_off(self.settled);
        for issue in fresh {
            sink(&issue);
            let t = self.tally.entry(issue.rule).or_insert(RuleTally { kind: issue.kind, severity: issue.severity, count: 0 });
            t.count += 1;
            if self.keep_per_rule.is_none_or(|k| t.count <= k as u64) {
                self.issues.push(issue);
            } else {
                self.dropped += 1;
            }
        }
        self.settled = self.issues.len();
    }

    /// Takes one parsed item into account; gives a child back once checked
    /// (so that the caller decides where it is freed).
    fn accept(&mut self, item: Parsed) -> Option<Box<model::Child>> {
        let year = self.year;
        match item {
            Parsed::Header(h) => {
                if let Some(issue) = la::rule_100(&h) {
                    self.issues.push(issue);
                }
                self.lea = h.lea.as_deref().map(str::to_owned);
                if self.period.is_none() {
                    let from_year =
                        h.year.as_deref().and_then(|y| y.trim().parse::<i32>().ok()).and_then(|y| NaiveDate::from_ymd_opt(y, 3, 31));
                    match h.reference_date.get().or(from_year) {
                        Some(d) => self.period = Some(Period::new(d, &self.calendar)),
                        None => self.issues.push(Issue::structure(
                            "STRUCT-REFDATE",
                            None,
                            None,
                            "Header/CollectionDetails/ReferenceDate".into(),
                            "no usable reference date or year: rules that depend on the census year were skipped".into(),
                        )),
                    }
                }
            }
            Parsed::Child(child) => {
                self.children += 1;
                if year >= RulesYear::Y2024_25 && child.ids.gender_current.is_some() {
                    self.issues.push(layout_issue(
                        &child,
                        "ChildIdentifiers/GenderCurrent",
                        "GenderCurrent is the pre-2024/25 layout; from 2024/25 use Sex (M, F, U)",
                    ));
                } else if year < RulesYear::Y2024_25 && child.ids.sex.is_some() {
                    self.issues.push(layout_issue(
                        &child,
                        "ChildIdentifiers/Sex",
                        "Sex is the 2024/25 layout; the 2023/24 rules expect GenderCurrent",
                    ));
                }
                rules::check_child(&child, self.period.as_ref(), year, &mut self.issues);
                self.la_state.observe(&child, self.period.as_ref(), year, &mut self.issues);
                return Some(child);
            }
            Parsed::Issue(i) => {
                if i.rule == "XML" || (i.rule == "STRUCT-ROOT" && i.message.contains("nothing else")) {
                    self.incomplete = true;
                }
                self.issues.push(i);
            }
        }
        None
    }

    fn finish(mut self, sink: &mut dyn FnMut(&Issue)) -> Report {
        self.settle(sink);
        self.issues.extend(self.la_state.finish(self.period.as_ref(), self.year));
        self.settle(sink);
        // Return-level issues first, then by child position; stable so that a
        // child's issues keep their discovery order.
        self.issues.sort_by_key(|i| i.child_index.unwrap_or(0));
        Report {
            rules_year: self.year,
            reference_date: self.period.as_ref().map(|p| p.reference),
            lea: self.lea,
            children: self.children,
            incomplete: self.incomplete,
            rules_applied: rule_catalogue(self.year).len(),
            issues: self.issues,
            tally: self.tally,
            dropped: self.dropped,
        }
    }
}

fn layout_issue(child: &model::Child, path: &str, message: &str) -> Issue {
    Issue::structure("STRUCT-LAYOUT", child.ids.la_child_id.as_deref().map(str::to_owned), Some(child.index), path.into(), message.into())
}

/// Validates the CIN census XML file at `path` with the default options
/// (2024-25 rules, reference date from the header).
pub fn validate_path(path: impl AsRef<Path>) -> Result<Report, io::Error> {
    validate_path_with(path, &ValidateOptions::default())
}

/// Validates the file at `path` with the given options.
pub fn validate_path_with(path: impl AsRef<Path>, opts: &ValidateOptions) -> Result<Report, io::Error> {
    let file = File::open(path)?;
    Ok(validate_reader_threaded(BufReader::with_capacity(1 << 20, file), opts))
}
