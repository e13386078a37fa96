//! Give one child of the demo council a long history, for the practitioner's record benchmark
//! (the child's page and the chronology of a child with 2,000 events):
//!
//! ```text
//! cargo run --release -p ff-demo --example long_history -- postgres://postgres@127.0.0.1/ffbench 2000
//! ```
//!
//! Picks the demo child with the most case notes on a child protection plan (so the page has
//! every part: family help, child protection, notes), adds case notes of every kind through the
//! service (as the demo social worker, dated over the last three years, every tenth one a
//! significant event) until the child's chronology holds at least the number asked for, and
//! prints the child's id. Run again, it adds nothing more.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool fails loudly; the lint keeps panics out of the product

use chrono::{Days, Duration, Utc};
use ff_demo::DEMO_LA;
use ff_service::Ctx;
use ff_service::case_notes::{NoteInput, record_note};
use ff_store::{Db, on};
use uuid::Uuid;

const KINDS: &[&str] = &["home_visit", "office_visit", "phone_call", "meeting", "letter_email", "observation"];
const WORDS: &[&str] = &[
    "Seen at home with mother; the kitchen had food and the child's room was warm.",
    "Phoned the school: attendance this week 100%, settled in class.",
    "Core group members met; actions reviewed and most are on track.",
    "Letter to mother confirming the next visit and the parenting course dates.",
    "Observed the child at contact with father; warm and relaxed together.",
    "Office visit: mother brought the child; discussed the bedtime routine.",
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: long_history <database-url> [events]")?;
    let wanted: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2_000);
    let db = Db::connect(&url).await?;
    // A benchmark binary reads the clock, as the product binary does.
    #[allow(clippy::disallowed_methods)]
    let now = Utc::now();
    let mut tx = db.begin().await?;
    let child: Uuid = on!(&mut tx, c => sqlx::query_scalar(
        "SELECT p.child_id FROM cp_plans p LEFT JOIN case_notes n ON n.la_code = p.la_code AND n.child_id = p.child_id \
         WHERE p.la_code = $1 AND p.end_date IS NULL GROUP BY p.child_id ORDER BY COUNT(n.id) DESC, p.child_id LIMIT 1")
        .bind(DEMO_LA).fetch_one(c).await?);
    let user = ff_store::users::find_by_username(&mut tx, "socialworker").await?.ok_or("no demo social worker")?;
    drop(tx);
    let ctx = Ctx { actor: ff_service::auth::actor_from(&user).map_err(|e| format!("{e:?}"))?, now };
    let have = ff_service::chronology::chronology(&db, &ctx, child, &Default::default()).await?.entries.len();
    let started = std::time::Instant::now();
    for i in have..wanted {
        let days_ago = u64::try_from((wanted - i) * 1_095 / wanted.max(1)).unwrap_or(0);
        let input = NoteInput {
            // Yesterday at the latest, so that no time of day is in the future.
            occurred_on: (now - Duration::days(1)).date_naive() - Days::new(days_ago),
            kind: Some(KINDS[i % KINDS.len()].into()),
            occurred_time: Some(format!("{:02}:{:02}", 9 + i % 8, (i * 7) % 60)),
            source_type: String::new(),
            people_present: "Mother, the child".into(),
            note: WORDS[i % WORDS.len()].into(),
            child_voice: if i % 3 == 0 { "\"I like it when we have tea together.\"".into() } else { String::new() },
            decisions: String::new(),
            actions: String::new(),
            significant: i % 10 == 0,
            visibility: None,
            corroborates_id: None,
        };
        record_note(&db, &ctx, child, &input).await?;
    }
    let total = ff_service::chronology::chronology(&db, &ctx, child, &Default::default()).await?.entries.len();
    eprintln!(
        "added {} notes in {:.1} s; the chronology holds {total} entries",
        wanted.saturating_sub(have),
        started.elapsed().as_secs_f64()
    );
    println!("{child}");
    Ok(())
}
