//! The append-only audit log with its per-LA hash chain (issue 2 item 5).

use chrono::{DateTime, Utc};
use ff_domain::audit::{AuditEvent, ChainCheck, ChainVerifier, audit_time};
use uuid::Uuid;

use crate::{Db, Result, Tx, on};

/// What the caller says happened. `summary` must not contain personal data.
#[derive(Debug, Clone)]
pub struct NewAuditEvent<'a> {
    pub la_code: &'a str,
    pub actor_id: Option<Uuid>,
    pub actor_role: &'a str,
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: Option<String>,
    pub summary: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    la_code: String,
    seq: i64,
    at: DateTime<Utc>,
    actor_id: Option<Uuid>,
    actor_role: String,
    action: String,
    record_type: String,
    record_id: Option<String>,
    summary: String,
    prev_hash: String,
    hash: String,
}

impl EventRow {
    fn into_event(self) -> (AuditEvent, String) {
        (
            AuditEvent {
                la_code: self.la_code,
                seq: self.seq,
                at: self.at,
                actor_id: self.actor_id,
                actor_role: self.actor_role,
                action: self.action,
                record_type: self.record_type,
                record_id: self.record_id,
                summary: self.summary,
                prev_hash: self.prev_hash,
            },
            self.hash,
        )
    }
}

/// Append an event in the caller's transaction. Taking the LA's chain head with an `UPDATE`
/// serialises concurrent appends for one council (the row lock is held until commit), so the
/// chain never forks.
pub async fn append(tx: &mut Tx, now: DateTime<Utc>, e: NewAuditEvent<'_>) -> Result<i64> {
    let (seq, prev_hash): (i64, String) = on!(tx, c => sqlx::query_as(
        "UPDATE audit_heads SET seq = seq + 1 WHERE la_code = $1 RETURNING seq, last_hash")
        .bind(e.la_code).fetch_one(c).await?);
    let event = AuditEvent {
        la_code: e.la_code.to_owned(),
        seq,
        at: audit_time(now),
        actor_id: e.actor_id,
        actor_role: e.actor_role.to_owned(),
        action: e.action.to_owned(),
        record_type: e.record_type.to_owned(),
        record_id: e.record_id,
        summary: e.summary,
        prev_hash,
    };
    let hash = event.hash();
    on!(tx, c => sqlx::query(
        "INSERT INTO audit_events (la_code, seq, at, actor_id, actor_role, action, record_type, record_id, summary, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(&event.la_code).bind(event.seq).bind(event.at).bind(event.actor_id).bind(&event.actor_role)
        .bind(&event.action).bind(&event.record_type).bind(&event.record_id).bind(&event.summary)
        .bind(&event.prev_hash).bind(&hash).execute(c).await?.rows_affected());
    on!(tx, c => sqlx::query("UPDATE audit_heads SET last_hash = $2 WHERE la_code = $1")
        .bind(e.la_code).bind(&hash).execute(c).await?.rows_affected());
    Ok(seq)
}

/// One page of an LA's events for display, newest first.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AuditListRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_role: String,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<String>,
    pub summary: String,
}

pub async fn events_for_record(tx: &mut Tx, la_code: &str, record_type: &str, record_id: &str, limit: i64) -> Result<Vec<AuditListRow>> {
    Ok(on!(tx, c => sqlx::query_as::<_, AuditListRow>(
        "SELECT seq, at, actor_id, actor_role, action, record_type, record_id, summary FROM audit_events \
         WHERE la_code = $1 AND record_type = $2 AND record_id = $3 ORDER BY seq DESC LIMIT $4")
        .bind(la_code).bind(record_type).bind(record_id).bind(limit).fetch_all(c).await?))
}

pub async fn count_events(tx: &mut Tx, la_code: &str) -> Result<i64> {
    Ok(on!(tx, c => sqlx::query_scalar::<_, i64>("SELECT seq FROM audit_heads WHERE la_code = $1")
        .bind(la_code).fetch_optional(c).await?)
    .unwrap_or(0))
}

/// Verify every LA's chain, reading events in pages so memory stays flat however long the log.
pub async fn verify_all(db: &Db) -> Result<Vec<ChainCheck>> {
    const PAGE: i64 = 5_000;
    let mut results = vec![];
    let heads: Vec<(String, i64)> = {
        let mut tx = db.begin().await?;
        on!(&mut tx, c => sqlx::query_as("SELECT la_code, seq FROM audit_heads ORDER BY la_code").fetch_all(c).await?)
    };
    for (la, head_seq) in heads {
        let mut verifier = ChainVerifier::new(&la);
        let mut after = 0_i64;
        'pages: loop {
            let mut tx = db.begin().await?;
            let rows: Vec<EventRow> = on!(&mut tx, c => sqlx::query_as::<_, EventRow>(
                "SELECT la_code, seq, at, actor_id, actor_role, action, record_type, record_id, summary, prev_hash, hash \
                 FROM audit_events WHERE la_code = $1 AND seq > $2 ORDER BY seq LIMIT $3")
                .bind(&la).bind(after).bind(PAGE).fetch_all(c).await?);
            drop(tx);
            let n = rows.len();
            for row in rows {
                after = row.seq;
                let (event, hash) = row.into_event();
                if !verifier.push(&event, &hash) {
                    break 'pages;
                }
            }
            if (n as i64) < PAGE {
                break;
            }
        }
        results.push(verifier.finish(head_seq));
    }
    Ok(results)
}
