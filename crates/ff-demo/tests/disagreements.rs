//! The demo's professional disagreements (F6, MASA-SYS-7): one raised by the police waiting on
//! the managers with its response overdue, one resolved; the partnership sees counts only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};

#[tokio::test]
async fn demo_disagreements_one_overdue_with_the_managers_and_one_resolved() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 120).await;
    // One of each Family Help stage: the children on child protection plans are the
    // multi-agency team's, so the police officer works their cases.
    ff_demo::family_help::seed_family_help(&t.db, now, ff_demo::family_help::STAGES.len()).await.unwrap();
    let ctx = common::ctx_as(&t.db, "partnership", now).await;
    let c = ff_service::escalations::counts(&t.db, &ctx).await.unwrap();
    assert_eq!((c.open, c.overdue, c.resolved), (1, 1, 1), "{c:?}");
    let managers = c.stages.iter().find(|s| s.stage == "managers").unwrap();
    let police = managers.agencies.iter().find(|a| a.agency == "police").unwrap();
    assert_eq!((police.open, police.overdue), (1, 1), "{managers:?}");
    assert!(managers.agencies.iter().any(|a| a.agency == "childrens_social_care" && a.resolved == 1), "{managers:?}");
}
