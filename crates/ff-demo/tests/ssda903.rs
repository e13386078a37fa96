//! The demo council's SSDA903 return, built from its records, passes our own validator with no
//! DfE error in each collection year its children in care span, last
//! year's return loaded for the year-on-year rules.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};
use ff_returns::ssda903::{RulesYear, ValidateOptions};

#[tokio::test]
async fn the_demo_councils_903_return_has_no_dfe_errors() {
    // December 2026: the child in care for over a year came into care in the 2025/26 year.
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 5, 120).await;
    ff_demo::family_help::seed_family_help(&t.db, now, 50).await.unwrap();
    let analyst = common::ctx_as(&t.db, "analyst", now).await;
    let (last, _) = ff_service::returns::ssda903::export(&t.db, &analyst, "2025-26").await.unwrap();
    let (files, summary) = ff_service::returns::ssda903::export(&t.db, &analyst, "2026-27").await.unwrap();
    assert!(summary.children >= 5, "the demo's children in care: {summary:?}");
    assert!(summary.rows.iter().any(|(t, n)| t == "reviews" && *n > 0) && summary.rows.iter().any(|(t, n)| t == "sw_episodes" && *n > 0));
    assert!(summary.not_yet_recorded.is_empty(), "every table is made from the records: {summary:?}");
    for table in ["ad1", "placed_for_adoption"] {
        assert!(summary.rows.iter().any(|(t, n)| t == table && *n > 0), "a young child adopted in the year is in {table}: {summary:?}");
    }
    assert!(summary.rows.iter().any(|(t, n)| t == "oc3" && *n > 0), "care leavers at their 19th birthday are in OC3: {summary:?}");
    assert!(summary.rows.iter().any(|(t, n)| t == "oc2" && *n > 0), "children in care for the year have their outcomes");
    // As the analyst's page checks it: with the demo's postcode directory and provider register,
    // so the rules on the placement's council, location and distance and on its URN run too.
    let (_, _, report) = ff_service::returns::ssda903::export_and_check(&t.db, &analyst, "2026-27").await.unwrap();
    for rule in ["169", "392a", "392c", "1015"] {
        assert!(report.rules_run.contains(&rule), "{rule} runs with the directory");
    }
    // And with the demo's provider register, the rules on the episodes' URNs.
    for rule in ["1008", "219", "221", "224", "227", "228", "229", "241"] {
        assert!(report.rules_run.contains(&rule), "{rule} runs with the register");
    }
    let errors: Vec<String> = report.errors().map(|i| format!("{} {:?} {}", i.rule, i.child, i.message)).collect();
    assert!(errors.is_empty(), "with the directory: {} errors, e.g. {:#?}", errors.len(), &errors[..errors.len().min(10)]);
    for (year, files, previous) in [(RulesYear::Y2025_26, last.clone(), None), (RulesYear::Y2026_27, files, Some(last))] {
        let with_previous = previous.is_some();
        let report = ff_returns::ssda903::validate_files(files, previous, &ValidateOptions { year, ..Default::default() }).unwrap();
        assert!(report.children > 0, "{year}");
        let errors: Vec<String> = report.errors().map(|i| format!("{} {:?} {}", i.rule, i.child, i.message)).collect();
        assert!(errors.is_empty(), "{year}: {} errors, e.g. {:#?}", errors.len(), &errors[..errors.len().min(10)]);
        if with_previous {
            assert!(report.rules_run.contains(&"502"), "last year's return switches on the year-on-year rules");
        }
    }
}
