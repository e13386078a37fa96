//! The demo's partnership data set (MASA-P-2): every measure has figures to show, counted from
//! the demo council's records for this reporting year.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};

#[tokio::test]
async fn demo_data_set_has_figures_in_every_measure() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 120).await;
    ff_demo::family_help::seed_family_help(&t.db, now, ff_demo::family_help::STAGES.len()).await.unwrap();
    let ctx = common::ctx_as(&t.db, "partnership", now).await;
    let period = ff_service::insight::Period { from: None, to: None };
    let d = ff_service::partnership::data_set::data_set(&t.db, &ctx, &period).await.unwrap();
    let empty: Vec<&str> = d.measures.iter().filter(|m| m.totals.iter().all(|f| f.value == 0.0)).map(|m| m.key.as_str()).collect();
    assert!(empty.is_empty(), "measures with nothing to show: {empty:?}");
}
