//! Many practitioners writing assessments at once (a draft save in under 20 ms
//! with 100 writers), against a running server:
//!
//! ```text
//! cargo run --release -p ff-web --example draft_writers -- http://127.0.0.1:18432 TOKEN ASSESSMENTS_FILE 100 20 2000
//! ```
//!
//! Each of the writers (the fourth argument) takes its own assessment from the file (one id per
//! line; drafts or returned ones), and for the given number of seconds saves its draft as the
//! page script does: one section changed from the revision it last saw, through
//! `PUT /api/v1/assessments/{id}/draft`. With an interval (the sixth argument, in milliseconds)
//! each writer saves at most once per interval, as people typing do (the page script saves two
//! seconds after typing stops); without one, every writer saves again as soon as it is answered
//! (the server's capacity). Prints one line: saves a second, p50 and p99 in
//! milliseconds, and the count of answers that were not a 200 (a 409 would mean two writers
//! shared an assessment).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool fails loudly; the lint keeps panics out of the product

use std::time::{Duration, Instant};

use serde_json::{Value, json};

const SECTIONS: &[&str] = &["health", "education", "housing", "basic_care", "emotional_behavioural"];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: draft_writers <base-url> <token> <assessments-file> [writers] [seconds]";
    let base = args.next().ok_or(usage)?;
    let token = args.next().ok_or(usage)?;
    let ids: Vec<String> =
        std::fs::read_to_string(args.next().ok_or(usage)?)?.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
    let writers: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(100);
    let seconds: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(20);
    let interval = Duration::from_millis(args.next().map(|s| s.parse()).transpose()?.unwrap_or(0));
    if ids.len() < writers {
        return Err(format!("{} assessments for {writers} writers: each writer needs its own", ids.len()).into());
    }
    let client = reqwest::Client::builder().pool_max_idle_per_host(writers).build()?;
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = vec![];
    for (n_writer, id) in ids.into_iter().take(writers).enumerate() {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let url = format!("{base}/api/v1/assessments/{id}/draft");
            let doc: Value = client.get(format!("{base}/api/v1/assessments/{id}")).bearer_auth(&token).send().await?.json().await?;
            let mut revs: std::collections::HashMap<String, i64> = doc["parts"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|p| p["sections"].as_array().cloned().unwrap_or_default())
                .map(|s| (s["key"].as_str().unwrap_or_default().to_owned(), s["rev"].as_i64().unwrap_or(0)))
                .collect();
            let (mut times, mut bad, mut n) = (vec![], 0usize, 0usize);
            // Writers start spread over the first interval, as people do.
            let offset = interval.mul_f64(n_writer as f64 / writers as f64);
            tokio::time::sleep(offset).await;
            while Instant::now() < until {
                let key = SECTIONS[n % SECTIONS.len()];
                let base_rev = revs.get(key).copied().unwrap_or(0);
                let body = json!({"sections": [{"key": key, "text": format!("Seen at school today; note {n}."), "base_rev": base_rev}]});
                let t = Instant::now();
                let r = client.put(&url).bearer_auth(&token).json(&body).send().await?;
                let ok = r.status().is_success();
                let answer: Value = r.json().await.unwrap_or(Value::Null);
                let took = t.elapsed();
                times.push(took);
                if ok {
                    for s in answer["saved"].as_array().into_iter().flatten() {
                        revs.insert(s["key"].as_str().unwrap_or_default().to_owned(), s["rev"].as_i64().unwrap_or(0));
                    }
                } else {
                    bad += 1;
                }
                n += 1;
                tokio::time::sleep(interval.saturating_sub(took)).await;
            }
            Ok::<_, reqwest::Error>((times, bad))
        }));
    }
    let (mut times, mut bad) = (vec![], 0);
    for t in tasks {
        let (t, b) = t.await??;
        times.extend(t);
        bad += b;
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort_unstable();
    let pick = |q: f64| times.get(((times.len() as f64 - 1.0) * q).round() as usize).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    println!(
        "RESULT rps={:.1} p50_ms={:.2} p99_ms={:.2} requests={} errors=0 bad_status={bad}",
        times.len() as f64 / elapsed,
        pick(0.5),
        pick(0.99),
        times.len()
    );
    Ok(())
}
