//! Statutory returns for Families First. For now: the DfE children in need
//! (CIN) census — streaming validation of census XML files against the
//! 2024/25 DfE rules, a writer that turns the model (filled in from case
//! records) into census XML, plus a synthetic file generator for tests and
//! benchmarks.
//!
//! # Validating a file
//!
//! ```no_run
//! use ff_returns::cin::{self, Format, RulesYear, ValidateOptions};
//!
//! // Defaults: 2024-25 rules, reference date taken from the file header.
//! let report = cin::validate_path("CIN_Census_2025.xml")?;
//! println!("{}", cin::render(&report, Format::Text));
//!
//! // Explicit options, any `BufRead` source.
//! let opts = ValidateOptions { rules: "2024-25".parse::<RulesYear>()?, reference_date: None, keep_per_rule: None };
//! let file = std::io::BufReader::new(std::fs::File::open("CIN_Census_2025.xml")?);
//! let report = cin::validate_reader(file, &opts);
//! let csv = cin::render(&report, "csv".parse::<Format>()?);
//! # let _ = csv;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The main items, all in [`cin`]:
//!
//! * [`cin::validate_reader`]`(reader, &ValidateOptions) -> Report` and
//!   [`cin::validate_path`]`(path) -> Result<Report, io::Error>`
//!   (plus [`cin::validate_path_with`] for options). The path functions
//!   parse on a second thread while the rules run on the calling one;
//!   [`cin::validate_reader_threaded`] does the same for any `BufRead + Send`.
//! * [`cin::ValidateOptions`]`{ rules: RulesYear, reference_date: Option<NaiveDate> }`;
//!   [`cin::RulesYear`] parses `"2023-24"`, `"2024-25"` (default) and
//!   `"2025-26"` (same rules as 2024-25).
//! * [`cin::Report`]`{ rules_year, reference_date, lea, children, incomplete, rules_applied, issues }`
//!   with [`to_text`](cin::Report::to_text), [`to_json`](cin::Report::to_json),
//!   [`to_csv`](cin::Report::to_csv), [`errors`](cin::Report::errors),
//!   [`queries`](cin::Report::queries), [`structural`](cin::Report::structural)
//!   and [`verdicts`](cin::Report::verdicts) (distinct `(rule, LAchildID)` pairs).
//! * [`cin::Issue`]`{ rule, kind, severity, child_id, child_index, path, message }`:
//!   `rule` is the DfE code (`"8525Q"`, `"8610"`, `"100"`…) or a structural
//!   code (`"XML"`, `"STRUCT-ORDER"`, `"XSD-DATE"`…); `severity` is
//!   [`cin::Severity::Error`] or [`cin::Severity::Query`] (codes ending in Q);
//!   `child_id` is the `LAchildID` (`None` for header and LA-level rules).
//! * [`cin::Format`] (`text`, `json`, `csv`; implements `FromStr`) and
//!   [`cin::render`]`(&Report, Format) -> String`: everything a command such
//!   as `familiesfirst census validate FILE.xml [--rules 2024-25] [--format text|json|csv]`
//!   needs.
//! * [`cin::rule_catalogue`]`(RulesYear)`: the rules applied (all 109 DfE
//!   rules for 2024-25, 83 errors and 26 queries; 105 for 2023-24), each with
//!   code, level and meaning. Each rule is its own function named after its
//!   code in the `rules` (child level) and `la` (header, cross-child and
//!   LA-level) modules.
//! * [`cin::CinParser`]: the streaming reader on its own, yielding the header,
//!   one [`cin::model::Child`] at a time and structural issues.
//! * [`cin::write`]`(writer, &Header, children) -> io::Result<u64>` and
//!   [`cin::CensusWriter`] (`new(writer, &Header)`, `child(&Child)`,
//!   `finish()`): census XML in the 2024/25 layout from the model, all at
//!   once or one child at a time (see [`cin::export`]).
//! * [`cin::generate`]`(children, seed, year, writer)` and
//!   [`cin::generate_with`]: deterministic synthetic census files with an
//!   adjustable share of deliberate rule breaches.
//!
//! # How validation works
//!
//! The file is streamed: the header, then each child is read, checked
//! against every child-level rule and dropped. Only what the cross-child and
//! whole-return rules need is kept (the LAchildIDs and UPNs seen, a few
//! counters), so memory does not grow with the number of children beyond
//! those identifier sets. Malformed XML, a wrong root element, missing or
//! misplaced elements, unreadable dates and unknown codes are reported as
//! issues; nothing panics on bad input.
//!
//! Where the public peer validator (`csc-validator-be-cin`) departs from the
//! DfE rule text we follow the rule text; the differences are listed in
//! `docs/benchmarks.md`.

/// SSDA903 (children looked after) return validation: CSV or XML returns,
/// 2022-23 to 2026-27 rules (see `docs/ssda903-validator.md`).
pub mod ssda903;

/// Ofsted's published list of children's social care providers, read for the provider register.
pub mod ofsted;

/// The ONS National Statistics Postcode Directory, read a row at a time for the postcode
/// directory (placement council, in or out of area, distance from home).
pub mod nspl;

mod rng;
mod xml;

pub mod cin;

/// The children's social work workforce (CSWW) census: the XML for a census year from plain
/// structs, and its check against the layout and the census rules W-CSWW-1…4.
pub mod csww;
