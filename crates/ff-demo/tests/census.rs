//! The demo council's CIN census, built from its records, passes our own validator with no DfE
//! error in every census year the product offers (CIN census rules 4001, 4016 and 4017 among
//! them: a child protection plan ends the child-in-need plan it replaces on the same day).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};
use ff_returns::cin::{RulesYear, ValidateOptions};

#[tokio::test]
async fn the_demo_councils_census_has_no_dfe_errors_in_any_year() {
    let now = Utc.with_ymd_and_hms(2026, 6, 15, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 5, 120).await;
    ff_demo::family_help::seed_family_help(&t.db, now, 50).await.unwrap();
    let analyst = common::ctx_as(&t.db, "analyst", now).await;
    // The clock sits in June 2026 so the demo's histories span the 2025/26 and 2026/27 census years.
    let (mut children_in_some_year, mut years_with_children) = (0, 0);
    for year in 2024..=2027 {
        let mut xml = vec![];
        let summary = ff_service::returns::cin_census(&t.db, &analyst, year, &mut xml).await.unwrap();
        if summary.children == 0 {
            continue; // a year before the demo's history starts
        }
        children_in_some_year += summary.children;
        years_with_children += 1;
        let rules = RulesYear::for_census_end_year(year).unwrap_or(RulesYear::Y2025_26);
        let report = ff_service::returns::validate_census(
            &analyst,
            std::io::Cursor::new(xml),
            &ValidateOptions { rules, reference_date: None, keep_per_rule: None },
        )
        .unwrap();
        let errors: Vec<String> =
            report.errors().chain(report.structural()).map(|i| format!("{} {:?} {}", i.rule, i.child_id, i.message)).collect();
        assert!(errors.is_empty(), "census {year}: {} issues, e.g. {:#?}", errors.len(), &errors[..errors.len().min(10)]);
    }
    assert!(children_in_some_year > 20, "the census years hold the demo's children ({children_in_some_year})");
    assert!(years_with_children >= 2, "the demo's history spans census years ({years_with_children})");
}
