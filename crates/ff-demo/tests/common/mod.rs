//! Setup shared by the demo's tests: a database seeded with the demo council, and a demo user
//! to act as.

#![allow(clippy::unwrap_used)] // a test fails loudly; the lint keeps panics out of the product

use chrono::{DateTime, Utc};
use ff_store::Db;
use ff_store::testing::TestDb;

/// A fresh test database with the calendar and the demo council seeded at `now`.
pub async fn seeded_demo(now: DateTime<Utc>, seed: u64, families: usize) -> TestDb {
    let t = TestDb::new().await.unwrap();
    ff_service::calendar::seed_if_empty(&t.db, now).await.unwrap();
    ff_demo::seed(&t.db, now, &ff_demo::DemoOptions { seed, families }).await.unwrap();
    t
}

/// The demo user `username`, acting at `now`.
pub async fn ctx_as(db: &Db, username: &str, now: DateTime<Utc>) -> ff_service::Ctx {
    let mut tx = db.begin().await.unwrap();
    let u = ff_store::users::find_by_username(&mut tx, username).await.unwrap().unwrap();
    ff_service::Ctx { actor: ff_service::auth::actor_from(&u).unwrap(), now }
}
