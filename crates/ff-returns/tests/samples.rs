//! The two public sample files (from the peer validator's repository; fake
//! children that break many rules on purpose), committed under
//! `testdata/cin/samples/` with their source and licence.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use std::collections::BTreeMap;
use std::path::PathBuf;

use ff_returns::cin::{IssueKind, RulesYear, ValidateOptions, validate_path_with};

fn sample(name: &str) -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/cin/samples")).join(name);
    assert!(p.exists(), "{} is part of the repository", p.display());
    Some(p)
}

fn verdicts_by_rule(path: &PathBuf) -> (ff_returns::cin::Report, BTreeMap<String, Vec<Option<String>>>) {
    let r = validate_path_with(path, &ValidateOptions { rules: RulesYear::Y2024_25, reference_date: None, keep_per_rule: None }).unwrap();
    let mut m: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    for (rule, child) in r.verdicts() {
        m.entry(rule.to_owned()).or_default().push(child.map(str::to_owned));
    }
    (r, m)
}

#[test]
fn cin_census_2024_sample() {
    let Some(path) = sample("CIN_Census_2024.xml") else { return };
    let (r, m) = verdicts_by_rule(&path);
    assert_eq!(r.children, 2);
    assert!(!r.incomplete);
    // Header Year 2023 with ReferenceDate 2024-03-31: rule 100; the census period follows the reference date.
    assert_eq!(r.reference_date.map(|d| d.to_string()).as_deref(), Some("2024-03-31"));
    let first = Some("DfEX0000001".to_owned());
    let second = Some("child_fails_assessments".to_owned());
    let expected: BTreeMap<&str, Vec<Option<String>>> = [
        ("100", vec![None]),
        ("1103", vec![second.clone()]),
        ("1104", vec![first.clone()]),
        ("1105", vec![first.clone()]),
        ("1510", vec![first.clone()]),
        ("1530", vec![first.clone()]),
        ("1560Q", vec![first.clone()]),
        ("1570", vec![second.clone()]),
        ("1580", vec![second.clone()]),
        ("2887Q", vec![None]),
        ("2889", vec![first.clone()]),
        ("4013", vec![first.clone()]),
        ("4016", vec![first.clone()]),
        ("4180", vec![first.clone()]),
        ("8565", vec![first.clone()]),
        ("8600", vec![second.clone()]),
        ("8608", vec![first.clone()]),
        ("8620", vec![first.clone(), second.clone()]),
        ("8696", vec![first.clone()]),
        ("8715", vec![first.clone()]),
        ("8897Q", vec![second.clone()]),
        ("8930", vec![first.clone()]),
    ]
    .into_iter()
    .collect();
    let got: BTreeMap<&str, Vec<Option<String>>> = m.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    assert_eq!(got, expected, "{}", r.to_text());

    // Structural findings: the stray text in ChildIdentifiers, the unknown factor code "RB",
    // the empty factors block and the boolean written as "false".
    let structural: Vec<(&str, &str)> =
        r.issues.iter().filter(|i| i.kind == IssueKind::Structure).map(|i| (i.rule, i.path.as_str())).collect();
    assert!(structural.contains(&("STRUCT-TEXT", "ChildIdentifiers")), "{structural:?}");
    assert!(
        structural.contains(&("XSD-CODE", "CINdetails[1]/Assessments[1]/FactorsIdentifiedAtAssessment/AssessmentFactors")),
        "{structural:?}"
    );
    assert!(
        structural
            .iter()
            .any(|(code, path)| *code == "STRUCT-MISSING" && path.ends_with("FactorsIdentifiedAtAssessment/AssessmentFactors"))
    );
}

#[test]
fn fake_cin_data_sample_in_2022_23_layout() {
    let Some(path) = sample("fake_CIN_data.xml") else { return };
    let (r, m) = verdicts_by_rule(&path);
    assert_eq!(r.children, 332);
    let counts: BTreeMap<&str, usize> = m.iter().map(|(k, v)| (k.as_str(), v.len())).collect();
    let expected: BTreeMap<&str, usize> = [
        ("100", 1),
        ("1510", 320),
        ("1530", 271),
        ("2886Q", 1),
        ("2990", 27),
        ("4180", 332), // GenderCurrent instead of Sex: no child has a valid Sex
        ("8545Q", 20),
        ("8555Q", 21),
        ("8569Q", 280),
        ("8585Q", 35),
        ("8600", 6),
        ("8620", 188),
        ("8790", 3),
        ("8794", 5),
        ("8825Q", 29),
        ("8831", 301),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected, "{}", r.to_text());
    // The 2022/23 layout is reported once per child.
    assert_eq!(r.issues.iter().filter(|i| i.rule == "STRUCT-LAYOUT").count(), 332);
    // Under the 2023/24 rules the same file has valid GenderCurrent values.
    let old =
        validate_path_with(&path, &ValidateOptions { rules: RulesYear::Y2023_24, reference_date: None, keep_per_rule: None }).unwrap();
    assert!(!old.verdicts().iter().any(|(rule, _)| *rule == "4180"));
    assert!(!old.issues.iter().any(|i| i.rule == "STRUCT-LAYOUT"));
}
