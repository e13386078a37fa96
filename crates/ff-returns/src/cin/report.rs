//! The validation report and its text, JSON and CSV renderings.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use super::RulesYear;
use super::issue::{Issue, IssueKind, Severity};

/// The outcome of validating one file.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Rule set applied.
    pub rules_year: RulesYear,
    /// Reference date used for the census-period rules (`None` when the
    /// file had no usable one and none was given: those rules were skipped).
    pub reference_date: Option<NaiveDate>,
    /// LA code from the header, if any.
    pub lea: Option<String>,
    /// Number of `Child` elements read.
    pub children: u64,
    /// True when reading stopped early (malformed XML or wrong root).
    pub incomplete: bool,
    /// Number of DfE rules applied.
    pub rules_applied: usize,
    /// Every issue kept (all of them unless the options asked for only a few
    /// per rule): structural ones, then by child position, header and
    /// LA-level rules first.
    pub issues: Vec<Issue>,
    /// How many issues each code raised, kept or not.
    pub tally: BTreeMap<&'static str, RuleTally>,
    /// Issues counted in the tally but not kept in `issues`.
    pub dropped: u64,
}

/// The count of one rule or structural code's issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RuleTally {
    pub kind: IssueKind,
    pub severity: Severity,
    pub count: u64,
}

impl RuleTally {
    /// Must be fixed before sending: a DfE rule error or a structural issue.
    pub fn blocks(&self) -> bool {
        self.kind == IssueKind::Structure || self.severity == Severity::Error
    }
}

impl Report {
    /// Issues raised by DfE rules with error severity.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.kind == IssueKind::Rule && i.severity == Severity::Error)
    }

    /// Issues raised by DfE query rules (codes ending in `Q`).
    pub fn queries(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.kind == IssueKind::Rule && i.severity == Severity::Query)
    }

    /// Structural issues (`XML`, `STRUCT-…`, `XSD-…`).
    pub fn structural(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.kind == IssueKind::Structure)
    }

    /// Everything that must be fixed before the file can be sent: DfE rule
    /// errors and structural issues (an empty, truncated, binary or
    /// non-census file is one structural issue, and is never "clean").
    /// Counted from the tally, so dropped issues count too.
    pub fn error_count(&self) -> u64 {
        self.tally.values().filter(|t| t.blocks()).map(|t| t.count).sum()
    }

    /// Query issues, kept or not.
    pub fn query_count(&self) -> u64 {
        self.tally.values().filter(|t| !t.blocks()).map(|t| t.count).sum()
    }

    /// True when no rule error and no structural issue was found (queries
    /// may remain).
    pub fn is_clean(&self) -> bool {
        self.error_count() == 0
    }

    /// Distinct (rule code, LAchildID) pairs raised by DfE rules; LA-level
    /// and header rules have no child. This is the granularity used to
    /// compare verdicts with other validators.
    pub fn verdicts(&self) -> BTreeSet<(&'static str, Option<&str>)> {
        self.issues.iter().filter(|i| i.kind == IssueKind::Rule).map(|i| (i.rule, i.child_id.as_deref())).collect()
    }

    /// Number of issues per code, in code order (dropped ones included).
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        self.tally.iter().map(|(k, t)| (*k, t.count as usize)).collect()
    }

    /// A human-readable listing.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let tallied = |f: &dyn Fn(&RuleTally) -> bool| self.tally.values().filter(|t| f(t)).map(|t| t.count).sum::<u64>();
        let errors = tallied(&|t| t.kind == IssueKind::Rule && t.severity == Severity::Error);
        let queries = tallied(&|t| t.kind == IssueKind::Rule && t.severity == Severity::Query);
        let structural = tallied(&|t| t.kind == IssueKind::Structure);
        let _ = writeln!(
            s,
            "CIN census validation ({} rules, {} applied): {} children, reference date {}, LA {}",
            self.rules_year,
            self.rules_applied,
            self.children,
            self.reference_date.map_or_else(|| "none".to_owned(), |d| d.to_string()),
            self.lea.as_deref().unwrap_or("?")
        );
        if self.incomplete {
            let _ = writeln!(s, "WARNING: the file could not be read to the end; results cover the part before the problem.");
        }
        let _ = writeln!(
            s,
            "{} errors ({errors} from DfE rules, {structural} in the file's structure), {queries} queries",
            errors + structural
        );
        if self.dropped > 0 {
            let _ = writeln!(s, "{} issues counted above are not listed (only the first few per rule were kept).", self.dropped);
        }
        for i in &self.issues {
            let who = match (&i.child_id, i.child_index) {
                (Some(id), Some(n)) => format!("child {id} (#{n})"),
                (None, Some(n)) => format!("child #{n}"),
                (Some(id), None) => format!("child {id}"),
                (None, None) => "return".to_owned(),
            };
            let kind = match (i.kind, i.severity) {
                (IssueKind::Structure, _) => "structure",
                (_, Severity::Error) => "error",
                (_, Severity::Query) => "query",
            };
            let at = if i.path.is_empty() { String::new() } else { format!(" at {}", i.path) };
            let _ = writeln!(s, "{:<14} {:<9} {who}{at}: {}", i.rule, kind, i.message);
        }
        s
    }

    /// The report as a JSON document (pretty-printed).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// One CSV line per issue:
    /// `rule,kind,severity,la_child_id,child_index,path,message`.
    pub fn to_csv(&self) -> String {
        let mut s = String::from(CSV_HEADER);
        for i in &self.issues {
            s.push_str(&csv_line(i));
        }
        s
    }
}

/// The first line of the CSV rendering.
pub const CSV_HEADER: &str = "rule,kind,severity,la_child_id,child_index,path,message\n";

/// One issue as a CSV line (with its line end), as in [`Report::to_csv`].
pub fn csv_line(i: &Issue) -> String {
    let kind = match i.kind {
        IssueKind::Rule => "rule",
        IssueKind::Structure => "structure",
    };
    format!(
        "{},{},{},{},{},{},{}\n",
        csv_field(i.rule),
        kind,
        i.severity.as_str(),
        csv_field(i.child_id.as_deref().unwrap_or("")),
        i.child_index.map(|n| n.to_string()).unwrap_or_default(),
        csv_field(&i.path),
        csv_field(&i.message)
    )
}

fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v.to_owned() }
}

/// Output format for [`render`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Human-readable listing.
    #[default]
    Text,
    /// JSON document.
    Json,
    /// CSV, one line per issue.
    Csv,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => Err(format!("unknown format {other:?} (expected text, json or csv)")),
        }
    }
}

/// Renders a report in the chosen format.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => report.to_text(),
        Format::Json => report.to_json(),
        Format::Csv => report.to_csv(),
    }
}
