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

/// The demo's multi-agency audits (MASA-SYS-6): two, one raising learning actions sourced to it.
#[tokio::test]
async fn demo_audits_raise_learning() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 20).await;
    ff_demo::family_help::seed_family_help(&t.db, now, ff_demo::family_help::STAGES.len()).await.unwrap();
    let ctx = common::ctx_as(&t.db, "scrutineer", now).await;
    let audits = ff_service::partnership::audits::list(&t.db, &ctx).await.unwrap();
    assert_eq!(audits.len(), 2);
    let neglect = audits.iter().find(|a| a.theme == "Neglect").unwrap();
    assert_eq!((neglect.grading.as_str(), neglect.learning_count), ("requires_improvement", 2));
    let shown = ff_service::partnership::audits::show(&t.db, &ctx, neglect.id).await.unwrap();
    assert!(shown.learning.iter().all(|l| l.source_label == "A multi-agency audit" && l.audit_id == Some(neglect.id)));
    assert!(audits.iter().any(|a| a.grading == "good" && a.learning_count == 0));
}

/// The demo's section 11 returns and yearly report (MASA-SYS-6, MASA-P-9): one agency has not
/// returned, one standard is not met with a learning action raised from it, and last year's report
/// is signed by each lead and published with the day it went to the Panel (MASA-SYS-8).
#[tokio::test]
async fn demo_section_11_and_yearly_report() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 20).await;
    ff_demo::family_help::seed_family_help(&t.db, now, ff_demo::family_help::STAGES.len()).await.unwrap();
    let ctx = common::ctx_as(&t.db, "scrutineer", now).await;
    let v = ff_service::partnership::section11::overview(&t.db, &ctx, None).await.unwrap();
    assert_eq!(v.not_returned, vec!["Northmoor Homes".to_owned()]);
    let not_met: Vec<_> = v.shortfalls.iter().filter(|s| s.rating == "not_met").collect();
    assert_eq!(not_met.len(), 1);
    assert_eq!(not_met[0].learning.len(), 1, "a learning action raised from the standard");
    let reports = ff_service::partnership::report::list(&t.db, &ctx).await.unwrap();
    assert_eq!(reports.reports.len(), 1);
    assert_eq!((reports.reports[0].signed, reports.reports[0].is_final), (3, true));
    let r = ff_service::partnership::report::show(&t.db, &ctx, reports.reports[0].id).await.unwrap();
    assert!(r.sections.iter().any(|s| s.key == "summary" && !s.narrative.is_empty()));
    assert!(r.published_on.is_some() && r.panel_sent_on.is_some() && !r.panel_late);

    // The rapid review under way has a meeting, and the police's written summary to read.
    let list = ff_service::partnership::overview(&t.db, &ctx, None).await.unwrap();
    let mut found = false;
    for line in &list.all {
        let i = ff_service::partnership::incident(&t.db, &ctx, line.id).await.unwrap();
        if let Some(s) = i.summaries.iter().find(|s| s.has_document) {
            assert!(!i.meetings.is_empty(), "a meeting of the review");
            let cfg = ff_service::documents::DocumentConfig::default();
            let d = ff_service::partnership::summary_document(&t.db, &ctx, &cfg, s.id).await.unwrap();
            assert!(String::from_utf8_lossy(&d.bytes).contains("Northmoor Police"));
            found = true;
        }
    }
    assert!(found, "an answered summary with its document");
}
