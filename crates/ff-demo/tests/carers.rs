//! The demo's foster carers: households at every stage and of every kind, some
//! reviews overdue, a connected person approved temporarily, the council's own allowances.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};
use ff_domain::carers::CarerStage;

#[tokio::test]
async fn demo_carers_at_every_stage_with_reviews_overdue() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 40).await;
    ff_demo::family_help::seed_family_help(&t.db, now, 12).await.unwrap();
    let ctx = common::ctx_as(&t.db, "fostering", now).await;
    let list = ff_service::carers::list(&t.db, &ctx, None, 1).await.unwrap();
    for s in CarerStage::ALL {
        let n = list.counts.iter().find(|c| c.stage == s.code()).unwrap().count;
        assert!(n > 0, "no household at {}", s.label());
    }
    assert!(list.carers.iter().any(|c| c.review_overdue), "a review of approval is overdue");
    assert!(list.carers.iter().any(|c| c.review_due.is_some() && !c.review_overdue), "and one is not");
    assert!(list.approved_places > 0);
    let mut temporary = 0;
    for c in &list.carers {
        let v = ff_service::carers::get(&t.db, &ctx, c.id).await.unwrap();
        temporary += usize::from(v.connected_person && v.temporary_until.is_some());
    }
    assert!(temporary > 0, "a connected person approved temporarily");
    let a = ff_service::carers::allowances(&t.db, &ctx).await.unwrap();
    assert_eq!(a.council_rates.len(), 1);
    assert!(a.today.iter().all(|b| b.weekly_pence > b.national_minimum_pence));
}
