//! Seed the demo council into a database and report how long it took, with the row counts:
//!
//! ```text
//! cargo run --release -p ff-demo --example seed_bench -- sqlite://bench.db 20000
//! cargo run --release -p ff-demo --example seed_bench -- postgres://postgres@127.0.0.1/ffdemo_scratch 20000 2026
//! ```
//!
//! The database is migrated first; it must not contain the demo council yet (otherwise the seed
//! skips). This is the same call a `familiesfirst demo --families N` command would make.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool fails loudly; the lint keeps panics out of the product

use std::time::Instant;

use chrono::Utc;
use ff_demo::{DEMO_LA, DemoOptions};
use ff_store::{Db, on};

const TABLES: &[&str] =
    &["people", "relationships", "households", "household_members", "addresses", "record_versions", "users", "teams", "audit_events"];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: seed_bench <database-url> [families] [seed]")?;
    let families: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2_000);
    let seed: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2026);

    let db = Db::connect(&url).await?;
    db.migrate().await?;
    // A benchmark binary reads the clock, as the product binary does.
    #[allow(clippy::disallowed_methods)]
    let now = Utc::now();
    let started = Instant::now();
    let summary = ff_demo::seed_with_progress(&db, now, &DemoOptions { seed, families }, |done, total| {
        if done % 10_000 == 0 || done == total {
            eprintln!("  {done}/{total} families, {:.1} s", started.elapsed().as_secs_f64());
        }
    })
    .await?;
    let elapsed = started.elapsed().as_secs_f64();
    if summary.skipped {
        println!("skipped: the demo council {DEMO_LA} is already in this database");
        return Ok(());
    }
    println!(
        "{:?}: {} families, {} people ({} children), {} accounts in {elapsed:.2} s ({:.0} families/s)",
        db.backend(),
        summary.families,
        summary.people,
        summary.children,
        summary.users,
        summary.families as f64 / elapsed
    );
    let mut tx = db.begin().await?;
    let mut counts = vec![];
    for t in TABLES {
        let sql = format!("SELECT COUNT(*) FROM {t} WHERE la_code = $1");
        let n: i64 = on!(&mut tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(DEMO_LA).fetch_one(c).await?);
        counts.push(format!("{t} {n}"));
    }
    drop(tx);
    println!("rows: {}", counts.join(", "));
    db.close().await;
    Ok(())
}
