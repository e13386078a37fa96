//! The demo partnership's own record (MASA-SYS-1): three lead partners, a delegate changed during
//! the year, agencies with schools and an early years setting, a threshold document signed by all
//! three leads, and budget contributions for this year and last.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};

#[tokio::test]
async fn demo_partnership_record_is_complete() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 20).await;
    ff_demo::family_help::seed_family_help(&t.db, now, ff_demo::family_help::STAGES.len()).await.unwrap();
    let ctx = common::ctx_as(&t.db, "scrutineer", now).await;
    let v = ff_service::partnership::arrangements::view(&t.db, &ctx).await.unwrap();
    assert!(v.record.is_some());
    assert!(v.without_lead.is_empty(), "every partner has a lead today");
    let police_delegates: Vec<_> = v.partners.iter().filter(|p| p.partner == "police" && p.role == "delegated").collect();
    assert_eq!(police_delegates.len(), 2);
    assert_eq!(police_delegates.iter().filter(|p| p.current).count(), 1, "the old delegate's time ended");
    assert!(v.agencies.iter().any(|a| a.kind == "school"));
    assert!(v.agencies.iter().any(|a| a.kind == "early_years"));
    let threshold = v.documents.iter().find(|d| d.kind == "threshold").unwrap();
    assert!(threshold.in_force && threshold.sign_offs.iter().all(|s| s.signed_by.is_some()));
    assert_eq!(v.budget.iter().map(|y| y.year).collect::<Vec<_>>(), vec![2026, 2025]);
    assert!(v.budget.iter().all(|y| y.lines.len() == 3));
}
