//! The performance dashboard's figures are counted at most once a minute per council and period
//! (docs/decisions/0008): within the minute every view reads the same figures,
//! after it the next view counts again and sees what changed. Runs on SQLite, or on PostgreSQL
//! when FF_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use chrono::{DateTime, Duration, TimeZone, Utc};
use ff_service::Ctx;
use ff_service::family_help as fh;
use ff_service::insight::{Dashboard, FIGURES_FRESH_FOR_SECONDS, Period};
use ff_store::testing::TestDb;

const LA: &str = ff_demo::DEMO_LA;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

async fn ctx(t: &TestDb, username: &str, at: DateTime<Utc>) -> Ctx {
    let mut tx = t.db.begin().await.unwrap();
    let u = ff_store::users::find_by_username(&mut tx, username).await.unwrap().unwrap();
    Ctx { actor: ff_service::auth::actor_from(&u).unwrap(), now: at }
}

fn referrals(d: &Dashboard) -> f64 {
    d.referrals.iter().find(|f| f.key == "referrals").map(|f| f.value).unwrap()
}

async fn dashboard_views(t: &TestDb) -> i64 {
    let mut tx = t.db.begin().await.unwrap();
    ff_store::audit::count_events(&mut tx, LA).await.unwrap()
}

#[tokio::test]
async fn dashboard_figures_are_counted_at_most_once_a_minute() {
    let t = TestDb::new().await.expect("test database");
    ff_service::calendar::seed_if_empty(&t.db, now()).await.unwrap();
    ff_demo::seed(&t.db, now(), &ff_demo::DemoOptions { seed: 5, families: 6 }).await.unwrap();
    let period = Period { from: None, to: None };
    let manager = ctx(&t, "manager", now()).await;
    let first = ff_service::insight::dashboard(&t.db, &manager, &period).await.unwrap();
    assert_eq!(first.computed_at, now());

    // A new referral today.
    let sw = ctx(&t, "socialworker", now()).await;
    let child = {
        let mut tx = t.db.begin().await.unwrap();
        let d = chrono::NaiveDate::from_ymd_opt;
        ff_store::people::children_sample(&mut tx, LA, d(2010, 1, 1).unwrap(), 1).await.unwrap()[0].id
    };
    let c = fh::record_contact(
        &t.db,
        &sw,
        &fh::ContactInput {
            received_at: Some(now()),
            channel: "phone".into(),
            source: "2A".into(),
            referrer_name: None,
            referrer_organisation: Some("Northmoor Primary School".into()),
            concerns: "Arrives hungry most days".into(),
            consent: "given".into(),
            consent_basis: None,
            child_ids: vec![child],
            adult_ids: vec![],
        },
    )
    .await
    .unwrap();
    let decision = fh::DecisionInput {
        decision: "family_help".into(),
        reason: "Family help".into(),
        primary_need: Some("N4".into()),
        decided_at: Some(now()),
        version: c.version,
    };
    fh::decide_contact(&t.db, &sw, c.id, &decision).await.unwrap();

    // Within the minute: the same figures, from when they were counted; each view is audited.
    let events = dashboard_views(&t).await;
    let within = ctx(&t, "manager", now() + Duration::seconds(FIGURES_FRESH_FOR_SECONDS - 1)).await;
    let again = ff_service::insight::dashboard(&t.db, &within, &period).await.unwrap();
    assert_eq!(again.computed_at, now());
    assert_eq!(referrals(&again), referrals(&first));
    assert_eq!(dashboard_views(&t).await, events + 1, "the view is audited even when the figures are kept");

    // After the minute: counted again, with the new referral.
    let later_at = now() + Duration::seconds(FIGURES_FRESH_FOR_SECONDS + 1);
    let later = ff_service::insight::dashboard(&t.db, &ctx(&t, "manager", later_at).await, &period).await.unwrap();
    assert_eq!(later.computed_at, later_at);
    assert_eq!(referrals(&later), referrals(&first) + 1.0);

    // Another period is counted for itself, and refusals still come first.
    let other = Period { from: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()), to: None };
    let today_only = ff_service::insight::dashboard(&t.db, &within, &other).await.unwrap();
    assert_eq!(today_only.computed_at, within.now);
    assert_eq!(referrals(&today_only), 1.0, "only today's referral");
    let sw_later = ctx(&t, "socialworker", later_at).await;
    assert!(matches!(ff_service::insight::dashboard(&t.db, &sw_later, &period).await, Err(ff_service::ServiceError::Denied(_))));
}
