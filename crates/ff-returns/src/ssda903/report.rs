//! The validation report and its text, JSON and CSV renderings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

pub use crate::cin::Format;

use super::RulesYear;
use super::issue::{Issue, Severity};
use super::model::{SourceFormat, Table};

/// One table that was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableSummary {
    pub table: Table,
    pub source: String,
    pub rows: usize,
}

/// A rule that did not run, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub rule: &'static str,
    pub reason: String,
}

/// The outcome of validating one return.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Rule set applied.
    pub rules_year: RulesYear,
    /// 1 April of the collection year.
    pub collection_start: NaiveDate,
    /// 31 March of the collection year.
    pub collection_end: NaiveDate,
    /// CSV files or one XML file.
    pub format: SourceFormat,
    /// This year's tables as read.
    pub tables: Vec<TableSummary>,
    /// Last year's tables, when given.
    pub previous_tables: Vec<TableSummary>,
    /// Distinct children in the Header (or Episodes).
    pub children: usize,
    /// Remarks about the input (ignored files and the like).
    pub notes: Vec<String>,
    /// Codes of the rules that ran, in catalogue order.
    pub rules_run: Vec<&'static str>,
    /// Rules of the year that did not run, with the reason.
    pub rules_skipped: Vec<Skipped>,
    /// Every issue kept, grouped by rule (catalogue order), then table and row.
    pub issues: Vec<Issue>,
    /// Issues per rule (kept or not).
    pub tally: BTreeMap<&'static str, usize>,
    /// Issues counted in the tally but not kept (see `ValidateOptions::keep_per_rule`).
    pub dropped: usize,
}

impl Report {
    /// Rule errors.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// Rule warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Warning)
    }

    /// True when no rule raised an error (warnings may remain).
    pub fn is_clean(&self) -> bool {
        self.errors().next().is_none() && self.dropped == 0
    }

    /// Distinct (rule, table, row) verdicts: the granularity of the peer's output.
    pub fn verdicts(&self) -> std::collections::BTreeSet<(&'static str, Table, usize)> {
        self.issues.iter().map(|i| (i.rule, i.table, i.row)).collect()
    }

    /// A human-readable listing, grouped by rule.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "SSDA903 validation ({} rules, collection {} to {}): {} children, {} input",
            self.rules_year,
            self.collection_start.format("%d/%m/%Y"),
            self.collection_end.format("%d/%m/%Y"),
            self.children,
            match self.format {
                SourceFormat::Csv => "CSV",
                SourceFormat::Xml => "XML",
            }
        );
        for t in &self.tables {
            let _ = writeln!(s, "  {:<15} {:>12}  from {}", t.table.name(), ff_domain::text::plural(t.rows, "row", "rows"), t.source);
        }
        for t in &self.previous_tables {
            let _ =
                writeln!(s, "  last year {:<15} {:>12}  from {}", t.table.name(), ff_domain::text::plural(t.rows, "row", "rows"), t.source);
        }
        for n in &self.notes {
            let _ = writeln!(s, "  note: {n}");
        }
        let errors = self.issues.iter().filter(|i| i.severity == Severity::Error).count();
        let warnings = self.issues.len() - errors;
        let flagged = self.tally.len();
        use ff_domain::text::plural;
        let _ = writeln!(
            s,
            "{} ran, {} skipped; {} flagged {} ({} and {} listed)",
            plural(self.rules_run.len(), "rule", "rules"),
            self.rules_skipped.len(),
            plural(flagged, "rule", "rules"),
            plural(self.tally.values().sum::<usize>(), "row", "rows"),
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
        );
        if self.dropped > 0 {
            let _ = writeln!(s, "{} issues counted above are not listed (only the first few per rule were kept).", self.dropped);
        }
        let mut current: Option<&str> = None;
        for i in &self.issues {
            if current != Some(i.rule) {
                current = Some(i.rule);
                let n = self.tally.get(i.rule).copied().unwrap_or(0);
                let _ = writeln!(s, "\n{} ({}, {n} rows): {}", i.rule, i.severity.as_str(), i.message);
            }
            let _ = writeln!(s, "  {} row {} child {}", i.table.name(), i.row, i.child.as_deref().unwrap_or("(blank)"));
        }
        if !self.rules_skipped.is_empty() {
            let _ = writeln!(s, "\nSkipped rules:");
            for k in &self.rules_skipped {
                let _ = writeln!(s, "  {:<10} {}", k.rule, k.reason);
            }
        }
        s
    }

    /// The report as a JSON document (pretty-printed).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// One CSV line per issue: `rule,severity,table,row,child,message`.
    pub fn to_csv(&self) -> String {
        let mut s = String::from(CSV_HEADER);
        for i in &self.issues {
            let _ = writeln!(
                s,
                "{},{},{},{},{},{}",
                csv_field(i.rule),
                i.severity.as_str(),
                i.table.name(),
                i.row,
                csv_field(i.child.as_deref().unwrap_or("")),
                csv_field(i.message)
            );
        }
        s
    }
}

/// The first line of the CSV rendering.
pub const CSV_HEADER: &str = "rule,severity,table,row,child,message\n";

fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v.to_owned() }
}

/// Renders a report in the chosen format.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => report.to_text(),
        Format::Json => report.to_json(),
        Format::Csv => report.to_csv(),
    }
}
