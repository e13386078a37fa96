//! The census writer: a file read into the model and written back gives the
//! same verdicts, and what it writes is valid against the 2024/25 schema
//! (checked with `xmllint` from libxml2-utils when it is installed).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use ff_returns::cin::model::{Child, Header, Text};
use ff_returns::cin::{self, CensusWriter, CinParser, GenerateOptions, Parsed, RulesYear, ValidateOptions, generate_with, validate_reader};

fn generated(children: usize, seed: u64, breach_rate: f64) -> Vec<u8> {
    let mut buf = Vec::new();
    generate_with(&GenerateOptions { children, seed, year: 2025, breach_rate }, &mut buf).unwrap();
    buf
}

/// Reads a file into the model, with the structural issues met on the way.
fn read_model(xml: &[u8]) -> (Header, Vec<Child>, Vec<String>) {
    let mut header = Header::default();
    let mut children = Vec::new();
    let mut issues = Vec::new();
    for item in CinParser::new(xml) {
        match item {
            Parsed::Header(h) => header = *h,
            Parsed::Child(c) => children.push(*c),
            Parsed::Issue(i) => issues.push(format!("{} {}: {}", i.rule, i.path, i.message)),
        }
    }
    (header, children, issues)
}

fn write_model(header: &Header, children: &[Child]) -> Vec<u8> {
    let mut out = Vec::new();
    let n = cin::write(&mut out, header, children).unwrap();
    assert_eq!(n, children.len() as u64);
    out
}

fn assert_same_verdicts(a: &[u8], b: &[u8]) {
    let opts = ValidateOptions::default();
    let (ra, rb) = (validate_reader(a, &opts), validate_reader(b, &opts));
    assert_eq!(ra.to_text(), rb.to_text());
    assert_eq!(ra.to_json(), rb.to_json());
}

fn testdata(rel: &str) -> PathBuf {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata")).join(rel);
    assert!(p.exists(), "{} is part of the repository", p.display());
    p
}

fn schema_2025() -> Option<PathBuf> {
    Some(testdata("cin/xsd/CIN_schema_2025.xsd"))
}

/// `xmllint --noout --schema` on `xml`: `None` (with a message) when
/// xmllint or the schema is not available, otherwise whether it passed
/// (and its complaints).
fn xmllint(xml: &[u8], name: &str) -> Option<(bool, String)> {
    let xsd = schema_2025()?;
    if Command::new("xmllint").arg("--version").output().is_err() {
        println!("skipped: xmllint is not installed (apt-get install libxml2-utils)");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("ff-returns-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint").arg("--noout").arg("--schema").arg(&xsd).arg(&file).output().unwrap();
    let _ = std::fs::remove_file(&file);
    Some((out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned()))
}

#[test]
fn generated_file_round_trips_with_the_same_verdicts() {
    for breach_rate in [0.0, 0.2] {
        let original = generated(2000, 21, breach_rate);
        let (header, children, issues) = read_model(&original);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(children.len(), 2000);
        let written = write_model(&header, &children);
        assert_same_verdicts(&original, &written);
        // The generator writes through the same code, so the bytes agree too.
        assert!(original == written, "breach rate {breach_rate}: written file differs from the generated one");
        // And reading the written file gives the same model.
        let (header2, children2, _) = read_model(&written);
        assert_eq!(header2, header);
        assert_eq!(children2, children);
    }
}

#[test]
fn written_file_is_schema_valid() {
    let original = generated(1000, 22, 0.0);
    let (header, children, _) = read_model(&original);
    let written = write_model(&header, &children);
    if let Some((ok, complaints)) = xmllint(&written, "round-trip.xml") {
        assert!(ok, "xmllint rejected the written file:\n{complaints}");
    }
}

#[test]
fn model_built_from_records_is_written_validly() {
    // As a caller would: a header and children filled in from case records,
    // one child at a time, with text that needs escaping.
    let mut header = header(2025);
    // (No whitespace-only run between two references: the parser drops those
    // as if they were indentation, so they would not read back.)
    header.software_code = Some(Text::from("R&D <CIN> tools \"v2\""));
    let mut second = baseline();
    second.ids.la_child_id = s("C2");
    second.ids.upn = Some(upn("201000000022"));
    second.ids.sex = None;
    second.ids.gender_current = s("1");
    let mut out = CensusWriter::new(Vec::new(), &header).unwrap();
    out.child(&baseline()).unwrap();
    out.child(&second).unwrap();
    assert_eq!(out.children_written(), 2);
    let xml = out.finish().unwrap();
    let text = String::from_utf8(xml.clone()).unwrap();
    assert!(text.contains("<SoftwareCode>R&amp;D &lt;CIN&gt; tools &quot;v2&quot;</SoftwareCode>"), "{text}");
    assert!(text.contains("<Sex>M</Sex>") && !text.contains("GenderCurrent"), "GenderCurrent 1 is written as Sex M");

    let r = validate_str(&text, RulesYear::Y2024_25);
    assert_eq!(r.children, 2);
    // Only the whole-return query 2887Q (fewer than 8 disability codes in
    // the return), which two children cannot avoid.
    let rules: Vec<&str> = r.issues.iter().map(|i| i.rule).collect();
    assert_eq!(rules, ["2887Q"], "{}", r.to_text());
    let (read_header, read_children, issues) = read_model(&xml);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(read_header.software_code, header.software_code);
    assert_eq!(read_children[0].episodes, baseline().episodes);
    if let Some((ok, complaints)) = xmllint(&xml, "from-records.xml") {
        assert!(ok, "xmllint rejected:\n{complaints}\n{text}");
    }
}

#[test]
fn sample_file_round_trips_with_the_same_verdicts() {
    let sample = testdata("cin/samples/CIN_Census_2024.xml");
    let original = std::fs::read(sample).unwrap();
    let (header, children, issues) = read_model(&original);
    // The sample breaks the schema in places (stray text, an empty factors
    // block): those structural issues are about the file's markup, which the
    // model does not keep, so only the DfE rule verdicts must survive.
    assert!(!issues.is_empty());
    let written = write_model(&header, &children);
    let opts = ValidateOptions::default();
    let (before, after) = (validate_reader(&original[..], &opts), validate_reader(&written[..], &opts));
    assert_eq!(before.verdicts(), after.verdicts());
    // What remains structural is the invalid factor code, a value the model keeps.
    assert!(after.structural().all(|i| i.rule == "XSD-CODE"), "{}", after.to_text());
}

/// The 2026/27 pre-proceedings and FGDM block is written in schema order and read back.
#[test]
fn the_2026_27_pre_proceedings_block_round_trips() {
    use ff_returns::cin::model::{DateField, Episode, PreProceedings};
    let date = |s: &str| DateField::Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
    let mut file = Vec::new();
    ff_returns::cin::generate(3, 5, 2025, &mut file).unwrap();
    let mut parser = ff_returns::cin::CinParser::new(&file[..]);
    let mut header = None;
    let mut children = vec![];
    for item in &mut parser {
        match item {
            ff_returns::cin::Parsed::Header(h) => header = Some(h),
            ff_returns::cin::Parsed::Child(c) => children.push(*c),
            _ => {}
        }
    }
    let block = PreProceedings {
        start: date("2026-05-01"),
        letter_sent: date("2026-05-05"),
        fgdm_offered: Some("true".into()),
        fgdm_facilitated: Some("false".into()),
        initial_meeting: date("2026-05-12"),
        review_meetings: Some("1".into()),
        court_application: date("2026-09-01"),
        ..PreProceedings::default()
    };
    let e: &mut Episode = &mut children[0].episodes[0];
    e.pre_proceedings.push(block.clone());
    let mut out = Vec::new();
    ff_returns::cin::write(&mut out, &header.unwrap(), children.iter()).unwrap();
    let xml = String::from_utf8(out.clone()).unwrap();
    let at = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s} missing"));
    // After ReferralNFA (and any ChildProtectionPlans) of the first episode: last in CINdetails.
    assert!(at("<ReferralNFA>") < at("<PreProceedingsandFGDM>") && at("<PreProceedingsandFGDM>") < at("</CINdetails>"));
    assert!(at("<PPStartDate>2026-05-01") < at("<LBPSentDate>") && at("<FGDMMeetingOffer>true") < at("<CourtAppDate>2026-09-01"));
    let back: Vec<_> = ff_returns::cin::CinParser::new(&out[..])
        .filter_map(|i| if let ff_returns::cin::Parsed::Child(c) = i { Some(*c) } else { None })
        .collect();
    assert_eq!(back[0].episodes[0].pre_proceedings, vec![block]);
}
