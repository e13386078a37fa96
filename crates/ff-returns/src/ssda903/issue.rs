//! Rule catalogue entries and findings.

use serde::Serialize;

use super::model::Table;

/// Error (must be fixed) or warning (must be checked; the DfE accepts an
/// explanation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One DfE validation rule: its code, what it objects to and which tables it reads.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// DfE rule code as the peer validator names it (`"101"`, `"503A"`, `"SW10aSTG2"`, `"INT01"`).
    pub code: &'static str,
    /// What the rule objects to, in plain words.
    pub message: &'static str,
    /// This year's tables the rule reads; it is skipped when one is missing.
    pub tables: &'static [Table],
    /// Last year's tables the rule reads (only run with `--previous`).
    pub previous: &'static [Table],
    /// Error or warning.
    pub severity: Severity,
}

impl RuleInfo {
    /// An error rule reading `tables` this year.
    pub const fn new(code: &'static str, tables: &'static [Table], message: &'static str) -> Self {
        RuleInfo { code, message, tables, previous: &[], severity: Severity::Error }
    }
    /// The same rule, also reading last year's `tables`.
    pub const fn with_previous(self, previous: &'static [Table]) -> Self {
        RuleInfo { previous, ..self }
    }
    /// The same rule as a warning.
    pub const fn warning(self) -> Self {
        RuleInfo { severity: Severity::Warning, ..self }
    }
}

/// One finding: a rule flagged one row of one table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Rule code.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The table of the flagged row.
    pub table: Table,
    /// 0-based data row in that table (the header row is not counted), as the peer numbers rows.
    pub row: usize,
    /// CHILD of the row (`None` when blank).
    pub child: Option<String>,
    /// What is wrong, in plain words.
    pub message: &'static str,
}
