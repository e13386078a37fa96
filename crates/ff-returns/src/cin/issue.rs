//! Issues, severities and the rule catalogue entry type.

use serde::Serialize;

/// Error or query. DfE query codes end in `Q`: a query must be checked and
/// either fixed or explained; an error must be fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed before the return is accepted.
    Error,
    /// Must be fixed or explained.
    Query,
}

impl Severity {
    /// `"error"` or `"query"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Query => "query",
        }
    }
}

/// Where an issue comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueKind {
    /// A DfE validation rule (codes such as `8525Q`, `8610`, `100`).
    Rule,
    /// A structural check (well-formedness, schema order, cardinality, code
    /// and date formats): codes `XML`, `STRUCT-…` and `XSD-…`.
    Structure,
}

/// Which level a DfE rule works at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Checks one child (possibly across that child's episodes).
    Child,
    /// Compares children with each other (duplicate identifiers): reported
    /// against each child involved.
    CrossChild,
    /// A whole-return (LA-level) rule: reported once, with no child.
    La,
    /// Checks the header.
    Header,
}

/// One DfE rule: its code, level and what it means.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// DfE rule code, e.g. `"8525Q"`.
    pub code: &'static str,
    /// Level the rule works at.
    pub scope: Scope,
    /// What the rule objects to, in our own words.
    pub message: &'static str,
}

impl RuleInfo {
    /// Query when the code ends in `Q`, error otherwise.
    pub fn severity(&self) -> Severity {
        if self.code.ends_with('Q') { Severity::Query } else { Severity::Error }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// DfE rule code (`"8610"`, `"8525Q"`) or structural code (`"XML"`,
    /// `"STRUCT-ORDER"`, `"XSD-DATE"`…).
    pub rule: &'static str,
    /// Rule or structural check.
    pub kind: IssueKind,
    /// Error or query.
    pub severity: Severity,
    /// `LAchildID` of the child concerned; `None` for header, LA-level and
    /// file-level issues (and for a child with no `LAchildID`).
    pub child_id: Option<String>,
    /// 1-based position of the `Child` element in the file, when the issue
    /// is about a child.
    pub child_index: Option<u64>,
    /// Element path, e.g. `CINdetails[1]/Assessments[2]/AssessmentAuthorisationDate`
    /// (relative to the `Child`), or `Header/CollectionDetails/ReferenceDate`.
    pub path: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Issue {
    /// An issue raised by a DfE rule.
    pub fn from_rule(rule: &'static RuleInfo, child_id: Option<String>, child_index: Option<u64>, path: String) -> Self {
        Self {
            rule: rule.code,
            kind: IssueKind::Rule,
            severity: rule.severity(),
            child_id,
            child_index,
            path,
            message: rule.message.to_owned(),
        }
    }

    /// A structural issue.
    pub fn structure(code: &'static str, child_id: Option<String>, child_index: Option<u64>, path: String, message: String) -> Self {
        Self { rule: code, kind: IssueKind::Structure, severity: Severity::Error, child_id, child_index, path, message }
    }
}
