//! The XML layout of the return: what the export writes reads back as the
//! same return, the validator finds the same things in either layout, and the elements come in
//! the order of the DfE schema (`tests/data/ssda903/CLA.xsd`, version 3.3.0).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use std::collections::{BTreeSet, HashMap};

use ff_returns::ssda903::{self, GenerateOptions, RulesYear, Table, ValidateOptions, write_xml};
use quick_xml::Reader;
use quick_xml::events::Event;

fn generated(year: RulesYear, breach_rate: f64) -> Vec<(String, Vec<u8>)> {
    ssda903::generate_files(&GenerateOptions { children: 600, seed: 7, year, breach_rate }).unwrap().0
}

/// (rule, child) verdicts of the rules that read only tables the XML layout carries.
fn verdicts(report: &ssda903::Report) -> BTreeSet<(String, String)> {
    let xml_less = [Table::SwEpisodes, Table::DoLo];
    let catalogue: HashMap<&str, Vec<Table>> =
        ssda903::rule_catalogue(report.rules_year).into_iter().map(|e| (e.info.code, e.info.tables.to_vec())).collect();
    report
        .issues
        .iter()
        .filter(|i| catalogue.get(i.rule).is_some_and(|t| !t.iter().any(|t| xml_less.contains(t))))
        .map(|i| (i.rule.to_owned(), i.child.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn the_xml_layout_reads_back_as_the_same_return_and_validates_the_same() {
    for year in [RulesYear::Y2024_25, RulesYear::Y2025_26, RulesYear::Y2026_27] {
        let files = generated(year, 0.3);
        let x = write_xml::from_csv_files(&files).unwrap();
        assert!(x.left_out.contains(&Table::SwEpisodes), "{year}: social worker episodes are named as left out");
        let opts = ValidateOptions { year, ..Default::default() };
        let from_csv = ssda903::validate_files(files.clone(), None, &opts).unwrap();
        let from_xml = ssda903::validate_files(vec![("return.xml".into(), x.bytes.clone())], None, &opts).unwrap();
        assert_eq!(from_xml.format, ssda903::SourceFormat::Xml);
        assert_eq!(from_csv.children, from_xml.children, "{year}");
        for t in [
            Table::Header,
            Table::Episodes,
            Table::Reviews,
            Table::Missing,
            Table::Oc2,
            Table::Oc3,
            Table::PrevPerm,
            Table::PlacedAdoption,
            Table::Ad1,
            Table::Uasc,
        ] {
            let rows = |r: &ssda903::Report| r.tables.iter().find(|s| s.table == t).map_or(0, |s| s.rows);
            assert_eq!(rows(&from_csv), rows(&from_xml), "{year}: rows of {}", t.name());
        }
        let (a, b) = (verdicts(&from_csv), verdicts(&from_xml));
        assert!(!a.is_empty(), "{year}: the breaches give verdicts to compare");
        assert_eq!(a, b, "{year}: the same verdicts from CSV and XML");
    }
}

/// Every element's position among the schema's element declarations, in document order.
fn schema_order() -> HashMap<String, usize> {
    let xsd = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ssda903/CLA.xsd")).unwrap();
    let mut reader = Reader::from_str(&xsd);
    let mut order = HashMap::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "element" => {
                if let Some(name) = e.try_get_attribute("name").unwrap() {
                    let name = name.value.to_string();
                    let n = order.len();
                    order.entry(name).or_insert(n);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    order
}

#[test]
fn elements_come_in_the_schemas_order_and_required_ones_are_there() {
    let order = schema_order();
    assert_eq!(order.len(), 60, "the schema declares its 60 elements");
    let x = write_xml::from_csv_files(&generated(RulesYear::Y2024_25, 0.0)).unwrap();
    let text = String::from_utf8(x.bytes).unwrap();
    let mut reader = Reader::from_str(&text);
    // For each open element: the schema position of its last child element, and its children's names.
    let mut stack: Vec<(String, usize, Vec<String>)> = vec![];
    let mut seen = BTreeSet::new();
    loop {
        let name = match reader.read_event().unwrap() {
            Event::Start(e) => Some((e.local_name().as_ref().to_owned(), true)),
            Event::Empty(e) => Some((e.local_name().as_ref().to_owned(), false)),
            Event::End(_) => {
                let (parent, _, children) = stack.pop().unwrap();
                let required: &[&str] = match parent.as_str() {
                    "HEADER" => &["CHILDID", "UPN", "SEX", "DOB", "ETHNIC", "UASC"],
                    "EPISODE" => &["DECOM", "RNE", "LS", "CIN", "PL", "DEC", "REC"],
                    "AREVIEW" => &["REVIEW", "REVIEW_CODE"],
                    _ => &[],
                };
                for r in required {
                    assert!(children.iter().any(|c| c == r), "{parent} lacks {r}");
                }
                None
            }
            Event::Eof => break,
            _ => None,
        };
        let Some((name, opens)) = name else { continue };
        let at = *order.get(&name).unwrap_or_else(|| panic!("<{name}> is not in the schema"));
        if let Some((parent, last, children)) = stack.last_mut() {
            assert!(at >= *last, "<{name}> comes after an element the schema puts later, inside <{parent}>");
            *last = at;
            children.push(name.clone());
        }
        seen.insert(name.clone());
        if opens {
            stack.push((name, 0, vec![]));
        }
    }
    for tag in ["AREVIEW", "AMISSING", "PERMANENCE", "OC2", "EPISODE", "IN_TOUCH"] {
        assert!(seen.contains(tag), "the generated return has <{tag}>");
    }
}

#[test]
fn the_peers_xml_sample_survives_a_round_trip() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ssda903/fake_903.xml")).unwrap();
    let tables = ssda903::ingest::read_xml("fake_903.xml", &bytes).unwrap();
    let again = ssda903::ingest::read_xml("again.xml", &write_xml::to_xml(&tables).bytes).unwrap();
    for (a, b) in tables.iter().zip(&again) {
        assert_eq!(a.table, b.table);
        assert_eq!(a.rows.len(), b.rows.len(), "{}", a.table.name());
        if let Some(i) = (0..a.rows.len()).find(|&i| a.rows[i] != b.rows[i]) {
            panic!("{} row {i}: {:?} became {:?}", a.table.name(), a.rows[i], b.rows[i]);
        }
    }
}
