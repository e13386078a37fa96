//! Time the performance dashboard and the CIN census export at volume, on PostgreSQL:
//!
//! ```text
//! cargo run --release -p ff-demo --example insight_bench -- postgres://postgres@127.0.0.1/ff_insight_scratch 100000
//! ```
//!
//! Seeds the demo council with N families, then gives every child an episode (referrals spread
//! over three years, a completed assessment each, one in ten closed), and one in ten children a
//! strategy discussion and s.47 enquiry, with an initial conference and a plan for half of those —
//! written with `INSERT … SELECT` on the server. Then times the dashboard for a year and the
//! census export for one census year, and prints the row counts. The database must be empty.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool fails loudly; the lint keeps panics out of the product

use std::time::Instant;

use chrono::{NaiveDate, Utc};
use ff_demo::{DEMO_LA, DemoOptions};
use ff_store::{Db, on};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: insight_bench <postgres-url> [families]")?;
    let families: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(20_000);
    if !url.starts_with("postgres") {
        return Err("this bench writes with PostgreSQL's INSERT … SELECT: give a postgres:// URL".into());
    }
    let db = Db::connect(&url).await?;
    db.migrate().await?;
    // A benchmark binary reads the clock, as the product binary does.
    #[allow(clippy::disallowed_methods)]
    let now = Utc::now();
    ff_service::calendar::seed_if_empty(&db, now).await?;
    let t = Instant::now();
    let s = ff_demo::seed(&db, now, &DemoOptions { seed: 2026, families }).await?;
    println!("seeded {} families, {} people in {:.1} s", s.families, s.people, t.elapsed().as_secs_f64());

    let t = Instant::now();
    let statements = [
        // An episode per child, referral dates over three years; a completed assessment each.
        "INSERT INTO episodes (la_code, id, child_id, referral_date, referral_source, primary_need, level, rereferral, version, created_at, closure_date, closure_reason) \
         SELECT la_code, gen_random_uuid(), id, DATE '2023-12-01' + (abs(hashtext(id::text)) % 1090), '2A', 'N1', 'child_in_need', (abs(hashtext(id::text)) % 7 = 0), 1, now(), NULL, NULL \
         FROM people WHERE la_code = '990' AND date_of_birth > DATE '2009-01-01'",
        "UPDATE episodes SET closure_date = referral_date + 120, closure_reason = 'RC7' WHERE la_code = '990' AND abs(hashtext(id::text)) % 10 = 0",
        "INSERT INTO assessments (la_code, id, episode_id, start_date, due_date, child_seen, child_seen_alone, factors, outcome, completed_date, version, created_at) \
         SELECT la_code, gen_random_uuid(), id, referral_date + 1, referral_date + 63, true, true, '16A', 'family_help_plan', referral_date + 20 + (abs(hashtext(id::text)) % 60), 1, now() FROM episodes WHERE la_code = '990'",
        "INSERT INTO strategy_discussions (la_code, id, episode_id, child_id, held_on, decision, plan, other_children_considered, missing_agencies, created_at) \
         SELECT la_code, gen_random_uuid(), id, child_id, referral_date + 2, 's47', 'plan', 'none', '', now() FROM episodes WHERE la_code = '990' AND abs(hashtext(child_id::text)) % 10 = 1",
        "INSERT INTO s47_enquiries (la_code, id, episode_id, child_id, strategy_discussion_id, start_date, lead_id, icpc_due, outcome, conference_required, concluded_on, version, created_at) \
         SELECT s.la_code, gen_random_uuid(), s.episode_id, s.child_id, s.id, s.held_on, (SELECT id FROM users WHERE la_code = '990' AND username = 'lcpp'), s.held_on + 21, \
                'substantiated_continuing_risk', (abs(hashtext(s.child_id::text || 'c')) % 2 = 0), s.held_on + 10, 1, now() FROM strategy_discussions s WHERE s.la_code = '990'",
        "INSERT INTO conferences (la_code, id, episode_id, child_id, kind, s47_id, held_on, due_on, chair_id, quorate, parents_participation, child_participation, decision, category, created_at) \
         SELECT q.la_code, gen_random_uuid(), q.episode_id, q.child_id, 'initial', q.id, q.icpc_due - 1, q.icpc_due, (SELECT id FROM users WHERE la_code = '990' AND username = 'chair'), \
                true, 'attended', 'not_appropriate', 'plan', 'NEG', now() FROM s47_enquiries q WHERE q.la_code = '990' AND q.conference_required",
        "INSERT INTO cp_plans (la_code, id, episode_id, child_id, initial_conference_id, start_date, category, lead_id, contingency, first_core_group_due, next_review_due, version, created_at) \
         SELECT c.la_code, gen_random_uuid(), c.episode_id, c.child_id, c.id, c.held_on, 'NEG', (SELECT id FROM users WHERE la_code = '990' AND username = 'lcpp'), 'c', c.held_on + 14, c.held_on + 90, 1, now() \
         FROM conferences c WHERE c.la_code = '990'",
        "ANALYZE",
    ];
    for sql in statements {
        let mut tx = db.begin().await?;
        on!(&mut tx, c => sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).execute(c).await?.rows_affected());
        tx.commit().await?;
    }
    let mut tx = db.begin().await?;
    for table in ["people", "episodes", "assessments", "s47_enquiries", "conferences", "cp_plans", "audit_events"] {
        let n: i64 =
            on!(&mut tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}"))).fetch_one(c).await?);
        println!("  {table:>14}: {n:>9}");
    }
    let analyst = ff_store::users::find_by_username(&mut tx, "analyst").await?.ok_or("no analyst")?;
    tx.commit().await?;
    println!("casework rows written in {:.1} s", t.elapsed().as_secs_f64());

    let ctx = ff_service::Ctx { actor: ff_service::auth::actor_from(&analyst)?, now };
    let period = ff_service::insight::Period { from: NaiveDate::from_ymd_opt(2025, 4, 1), to: NaiveDate::from_ymd_opt(2026, 3, 31) };
    for run in 1..=3 {
        let t = Instant::now();
        let d = ff_service::insight::dashboard(&db, &ctx, &period).await?;
        let referrals = d.referrals.first().map(|f| f.value).unwrap_or(0.0);
        println!("dashboard 2025/26, run {run}: {:.0} ms ({referrals} referrals)", t.elapsed().as_secs_f64() * 1000.0);
    }
    let t = Instant::now();
    let mut out = std::io::sink();
    let s = ff_service::returns::cin_census(&db, &ctx, 2026, &mut out).await?;
    println!("census export 2025/26: {} children, {} episodes in {:.1} s", s.children, s.episodes, t.elapsed().as_secs_f64());
    let _ = DEMO_LA;
    Ok(())
}
