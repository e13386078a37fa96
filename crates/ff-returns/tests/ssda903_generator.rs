//! The synthetic SSDA903 generator: clean returns validate with no issues,
//! the same seed gives the same bytes, and each deliberate breach is found by
//! the rule it targets.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use ff_returns::ssda903::{self, GenerateOptions, RulesYear, ValidateOptions};

fn opts(children: usize, seed: u64, year: RulesYear, breach_rate: f64) -> GenerateOptions {
    GenerateOptions { children, seed, year, breach_rate }
}

fn validate(o: &GenerateOptions) -> (ssda903::Report, ssda903::GenerateSummary) {
    let (files, summary) = ssda903::generate_files(o).unwrap();
    let report = ssda903::validate_files(files, None, &ValidateOptions { year: o.year, ..Default::default() }).unwrap();
    (report, summary)
}

#[test]
fn clean_returns_validate_with_no_issues_2025_26() {
    for seed in [1, 2, 3] {
        let (report, summary) = validate(&opts(400, seed, RulesYear::Y2025_26, 0.0));
        assert_eq!(report.children, 400);
        assert!(summary.breaches.is_empty());
        assert!(report.tally.is_empty(), "seed {seed}: rules fired on clean data: {:?}", report.tally);
        // Every table is there and the cross-table rules really ran.
        for rule in ["630", "SW12STG2", "191", "557", "601", "577", "1012", "INT03"] {
            assert!(report.rules_run.contains(&rule), "{rule} did not run");
        }
    }
}

#[test]
fn clean_returns_validate_with_no_issues_in_every_year() {
    for year in RulesYear::ALL {
        let (report, summary) = validate(&opts(300, 11, year, 0.0));
        assert!(report.tally.is_empty(), "{year}: rules fired on clean data: {:?}", report.tally);
        for (table, rows) in &summary.rows {
            if *table != "DoLo" || year == RulesYear::Y2026_27 {
                assert!(*rows > 0, "{year}: no {table} rows");
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_files() {
    let a = ssda903::generate_files(&opts(500, 42, RulesYear::Y2025_26, 0.05)).unwrap();
    let b = ssda903::generate_files(&opts(500, 42, RulesYear::Y2025_26, 0.05)).unwrap();
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1);
    let c = ssda903::generate_files(&opts(500, 43, RulesYear::Y2025_26, 0.05)).unwrap();
    assert_ne!(a.0, c.0);
}

#[test]
fn the_files_go_to_a_directory_too() {
    let dir = std::env::temp_dir().join(format!("ff-903-gen-{}", std::process::id()));
    let o = opts(200, 5, RulesYear::Y2026_27, 0.0);
    ssda903::generate_dir(&o, &dir).unwrap();
    let report = ssda903::validate_dir(&dir, &ValidateOptions { year: o.year, ..Default::default() }).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(report.children, 200);
    assert_eq!(report.tables.len(), 12);
    assert!(report.tally.is_empty(), "{:?}", report.tally);
}

#[test]
fn each_breach_is_found_by_the_rule_it_targets() {
    let (report, summary) = validate(&opts(2000, 9, RulesYear::Y2025_26, 0.2));
    assert!(summary.breaches.len() >= 10, "{:?}", summary.breaches);
    for (rule, n) in &summary.breaches {
        let found = report.tally.get(rule).copied().unwrap_or(0);
        assert!(found as u64 >= *n, "{rule}: {n} breaches made, {found} rows flagged");
    }
}
