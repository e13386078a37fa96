//! The synthetic generator: deterministic, valid when asked for no breaches,
//! and every deliberate breach is found by the rule it targets.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use ff_returns::cin::{GenerateOptions, IssueKind, RulesYear, Severity, ValidateOptions, generate, generate_with, validate_reader};

fn make(opts: &GenerateOptions) -> (Vec<u8>, ff_returns::cin::generate::GenerateSummary) {
    let mut buf = Vec::new();
    let summary = generate_with(opts, &mut buf).unwrap();
    (buf, summary)
}

#[test]
fn no_breaches_means_no_errors() {
    for seed in [1, 2, 3] {
        let (xml, summary) = make(&GenerateOptions { children: 3000, seed, year: 2025, breach_rate: 0.0 });
        assert!(summary.breaches.is_empty());
        let r = validate_reader(&xml[..], &ValidateOptions::default());
        assert_eq!(r.children, 3000);
        let errors: Vec<_> = r.issues.iter().filter(|i| i.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "seed {seed}: {errors:#?}");
        let queries: Vec<_> = r.queries().collect();
        assert!(queries.is_empty(), "seed {seed}: {queries:#?}");
    }
}

#[test]
fn same_seed_same_bytes() {
    let mut a = Vec::new();
    let mut b = Vec::new();
    generate(500, 42, 2025, &mut a).unwrap();
    generate(500, 42, 2025, &mut b).unwrap();
    assert_eq!(a, b);
    let mut c = Vec::new();
    generate(500, 43, 2025, &mut c).unwrap();
    assert_ne!(a, c);
}

#[test]
fn every_breach_is_found_by_its_rule() {
    let (xml, summary) = make(&GenerateOptions { children: 4000, seed: 9, year: 2025, breach_rate: 0.1 });
    assert!(summary.breaches.len() >= 20, "{:?}", summary.breaches);
    let r = validate_reader(&xml[..], &ValidateOptions::default());
    let found: std::collections::BTreeSet<&str> = r.verdicts().into_iter().map(|(rule, _)| rule).collect();
    for kind in summary.breaches.keys() {
        assert!(found.contains(kind), "breach {kind} not found; found {found:?}");
    }
    assert_eq!(r.issues.iter().filter(|i| i.kind == IssueKind::Structure).count(), 0, "breaches are rule breaches, not schema ones");
}

#[test]
fn gender_layout_for_2023_24() {
    let (xml, _) = make(&GenerateOptions { children: 500, seed: 4, year: 2024, breach_rate: 0.0 });
    let text = String::from_utf8(xml.clone()).unwrap();
    assert!(text.contains("<GenderCurrent>") && !text.contains("<Sex>"));
    let r = validate_reader(&xml[..], &ValidateOptions { rules: RulesYear::Y2023_24, reference_date: None, keep_per_rule: None });
    let errors: Vec<_> = r.errors().collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn threaded_and_single_threaded_validation_agree() {
    let (xml, _) = make(&GenerateOptions { children: 2000, seed: 12, year: 2025, breach_rate: 0.05 });
    let path = std::env::temp_dir().join(format!("ff-returns-threaded-{}.xml", std::process::id()));
    std::fs::write(&path, &xml).unwrap();
    let threaded = ff_returns::cin::validate_path(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    let single = validate_reader(&xml[..], &ValidateOptions::default());
    assert_eq!(threaded.children, 2000);
    assert_eq!(threaded.issues, single.issues);
}
