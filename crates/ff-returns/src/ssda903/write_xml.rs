//! The XML layout of the return: one file, root `EXPSSDA903`, one `CHILD` per
//! child with its `HEADER` (the Header, UASC, AD1 and OC3 fields, then its missing episodes,
//! reviews, permanence, OC2 and decisions to place for adoption) and its `EPISODE`s, elements in
//! the order of the DfE schema "Expanded SSDA903 Return" 3.3.0 (`xs:sequence`).
//!
//! Made from the same tables as the CSV files, so the two layouts cannot disagree: the XML reader
//! ([`super::ingest::read_xml`]) gives back every table but two. Social worker episodes and
//! deprivation of liberty orders have no published XML elements (their tags in the 2023-24 and
//! later schemas could not be confirmed), so [`to_xml`] names them as left out and the CSV files
//! carry them.
//!
//! Required elements are written even when blank (`<UASC />`, `<DEC />`), optional ones only
//! when they hold a value. Placement codes Z11 to Z14 (from 2025-26) are written as they are,
//! though the 2021 schema allows two characters for `PL`.

use std::collections::HashMap;

use super::model::{Row, Table, TableData};

/// The XML return and the tables it leaves out (with rows).
#[derive(Debug, Clone)]
pub struct XmlReturn {
    pub bytes: Vec<u8>,
    /// Tables that had rows but have no place in the XML layout (PrevPerm when a child had more
    /// than one row: the layout keeps the latest).
    pub left_out: Vec<Table>,
}

/// An element of a record: its tag, the table column it comes from, and whether the schema
/// requires it (written empty when blank).
type Element = (&'static str, &'static str, bool);

/// `HEADER`'s own fields before the repeating records (Header, UASC, AD1, OC3 columns).
const HEADER_HEAD: &[(Table, Element)] = &[
    (Table::Header, ("CHILDID", "CHILD", true)),
    (Table::Header, ("UPN", "UPN", true)),
    (Table::Header, ("SEX", "SEX", true)),
    (Table::Header, ("DOB", "DOB", true)),
    (Table::Header, ("ETHNIC", "ETHNIC", true)),
    (Table::Header, ("UASC", "UASC", true)),
    (Table::Uasc, ("DUC", "DUC", false)),
    (Table::Ad1, ("DATE_INT", "DATE_INT", false)),
    (Table::Ad1, ("DATE_MATCH", "DATE_MATCH", false)),
    (Table::Ad1, ("FOSTER_CARE", "FOSTER_CARE", false)),
    (Table::Ad1, ("NB_ADOPTR", "NB_ADOPTR", false)),
    (Table::Ad1, ("SEX_ADOPTR", "SEX_ADOPTR", false)),
    (Table::Ad1, ("LS_ADOPTR", "LS_ADOPTR", false)),
    (Table::Oc3, ("IN_TOUCH", "IN_TOUCH", false)),
    (Table::Oc3, ("ACTIV", "ACTIV", false)),
    (Table::Oc3, ("ACCOM", "ACCOM", false)),
];

const MISSING: &[Element] = &[("MISSING", "MISSING", true), ("MIS_START", "MIS_START", true), ("MIS_END", "MIS_END", false)];
const REVIEW: &[Element] = &[("REVIEW", "REVIEW", true), ("REVIEW_CODE", "REVIEW_CODE", true)];
const MOTHER: &[Element] = &[("MOTHER", "MOTHER", false), ("MC_DOB", "MC_DOB", false)];
const PERMANENCE: &[Element] = &[("PREV_PERM", "PREV_PERM", false), ("LA_PERM", "LA_PERM", false), ("DATE_PERM", "DATE_PERM", false)];
const OC2: &[Element] = &[
    ("SDQ_SCORE", "SDQ_SCORE", false),
    ("SDQ_REASON", "SDQ_REASON", false),
    ("CONVICTED", "CONVICTED", false),
    ("HEALTH_CHECK", "HEALTH_CHECK", false),
    ("IMMUNISATIONS", "IMMUNISATIONS", false),
    ("TEETH_CHECK", "TEETH_CHECK", false),
    ("HEALTH_ASSESSMENT", "HEALTH_ASSESSMENT", false),
    ("SUBSTANCE_MISUSE", "SUBSTANCE_MISUSE", false),
    ("INTERVENTION_RECEIVED", "INTERVENTION_RECEIVED", false),
    ("INTERVENTION_OFFERED", "INTERVENTION_OFFERED", false),
];
const PLACED: &[Element] = &[
    ("DATE_PLACED", "DATE_PLACED", true),
    ("DATE_PLACED_CEASED", "DATE_PLACED_CEASED", false),
    ("REASON_PLACED_CEASED", "REASON_PLACED_CEASED", false),
];
const EPISODE: &[Element] = &[
    ("DECOM", "DECOM", true),
    ("RNE", "RNE", true),
    ("LS", "LS", true),
    ("CIN", "CIN", true),
    ("PL", "PLACE", true),
    ("PL_POST", "PL_POST", false),
    ("HOME_POST", "HOME_POST", false),
    ("URN", "URN", false),
    ("PLACE_PROVIDER", "PLACE_PROVIDER", false),
    ("DEC", "DEC", true),
    ("REC", "REC", true),
    ("REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE", false),
];

/// Each table's rows grouped by child, children in the order they first appear in Header.
struct ByChild<'a> {
    tables: HashMap<Table, &'a TableData>,
    rows: HashMap<(Table, &'a str), Vec<&'a Row>>,
}

impl<'a> ByChild<'a> {
    fn new(tables: &'a [TableData]) -> Self {
        let mut rows: HashMap<(Table, &'a str), Vec<&'a Row>> = HashMap::new();
        for t in tables {
            for r in &t.rows {
                rows.entry((t.table, r.child())).or_default().push(r);
            }
        }
        ByChild { tables: tables.iter().map(|t| (t.table, t)).collect(), rows }
    }
    fn of(&self, table: Table, child: &'a str) -> &[&'a Row] {
        self.rows.get(&(table, child)).map_or(&[], Vec::as_slice)
    }
}

fn cell<'r>(table: Table, row: &'r Row, column: &str) -> Option<&'r str> {
    let mut columns = table.columns().iter().copied();
    let at = match (table, column) {
        (Table::Header, "UASC") => Some(super::model::HEADER_UASC),
        _ => columns.position(|c| c == column),
    };
    at.and_then(|i| row.s(i))
}

fn escape(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

fn element(out: &mut String, tag: &str, value: Option<&str>, required: bool) {
    match value {
        Some(v) => {
            out.push('<');
            out.push_str(tag);
            out.push('>');
            escape(out, v);
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        }
        None if required => {
            out.push('<');
            out.push_str(tag);
            out.push_str(" />");
        }
        None => {}
    }
}

fn record(out: &mut String, tag: &str, table: Table, row: &Row, elements: &[Element]) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    for (name, column, required) in elements {
        element(out, name, cell(table, row, column), *required);
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// The return's tables in the XML layout: every child in Header, in Header's order.
pub fn to_xml(tables: &[TableData]) -> XmlReturn {
    let by = ByChild::new(tables);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EXPSSDA903>\n");
    let header = by.tables.get(&Table::Header).map_or(&[][..], |t| t.rows.as_slice());
    let mut dropped_perm = false;
    for h in header {
        let child = h.child();
        out.push_str("<CHILD><HEADER>");
        for (table, (tag, column, required)) in HEADER_HEAD {
            let value = match (*table, *column) {
                // CSV has no UASC column: the flag is 1 when the child has a UASC row, as the
                // validator derives it.
                (Table::Header, "UASC") if h.cells.len() <= super::model::HEADER_UASC => {
                    Some(if by.of(Table::Uasc, child).is_empty() { "0" } else { "1" })
                }
                (Table::Header, _) => cell(Table::Header, h, column),
                _ => by.of(*table, child).first().and_then(|r| cell(*table, r, column)),
            };
            element(&mut out, tag, value, *required);
        }
        for r in by.of(Table::Missing, child) {
            record(&mut out, "AMISSING", Table::Missing, r, MISSING);
        }
        for r in by.of(Table::Reviews, child) {
            record(&mut out, "AREVIEW", Table::Reviews, r, REVIEW);
        }
        for (tag, column, required) in MOTHER {
            element(&mut out, tag, cell(Table::Header, h, column), *required);
        }
        // The layout holds one permanence record a child: the latest period's.
        let perms = by.of(Table::PrevPerm, child);
        if let Some(r) = perms.last() {
            record(&mut out, "PERMANENCE", Table::PrevPerm, r, PERMANENCE);
        }
        dropped_perm |= perms.len() > 1;
        if let Some(r) = by.of(Table::Oc2, child).first() {
            record(&mut out, "OC2", Table::Oc2, r, OC2);
        }
        for r in by.of(Table::PlacedAdoption, child) {
            record(&mut out, "AD_PLACED", Table::PlacedAdoption, r, PLACED);
        }
        out.push_str("</HEADER>");
        for r in by.of(Table::Episodes, child) {
            record(&mut out, "EPISODE", Table::Episodes, r, EPISODE);
        }
        out.push_str("</CHILD>\n");
    }
    out.push_str("</EXPSSDA903>\n");
    let mut left_out: Vec<Table> =
        [Table::SwEpisodes, Table::DoLo].into_iter().filter(|t| by.tables.get(t).is_some_and(|d| !d.rows.is_empty())).collect();
    if dropped_perm {
        left_out.push(Table::PrevPerm);
    }
    XmlReturn { bytes: out.into_bytes(), left_out }
}

/// The XML layout of a return supplied as CSV files (name, bytes), one per table.
pub fn from_csv_files(files: &[(String, Vec<u8>)]) -> Result<XmlReturn, super::IngestError> {
    let tables = files.iter().map(|(name, bytes)| super::ingest::read_csv_table(name, bytes)).collect::<Result<Vec<_>, _>>()?;
    Ok(to_xml(&tables))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::ssda903::ingest::read_xml;

    #[test]
    fn blank_required_elements_are_empty_and_text_is_escaped() {
        let mut out = String::new();
        element(&mut out, "UASC", None, true);
        element(&mut out, "URN", None, false);
        element(&mut out, "UPN", Some("A<&>"), true);
        assert_eq!(out, "<UASC /><UPN>A&lt;&amp;&gt;</UPN>");
    }

    #[test]
    fn an_empty_return_reads_back_empty() {
        let x = to_xml(&[]);
        let tables = read_xml("r.xml", &x.bytes).unwrap();
        assert!(tables.iter().all(|t| t.rows.is_empty()));
        assert!(x.left_out.is_empty());
    }
}
