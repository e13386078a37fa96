//! The append-only audit log with its per-LA hash chain.

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

/// Append an event in the caller's transaction. It is written to `audit_pending`, which has no
/// shared row: concurrent requests of one council never wait on each other here, and the event
/// commits or rolls back with the change it records. `seal_pending` later gives it its place in
/// the council's hash chain. Returns the pending event's id.
pub async fn append(tx: &mut Tx, now: DateTime<Utc>, e: NewAuditEvent<'_>) -> Result<i64> {
    Ok(on!(tx, c => sqlx::query_scalar::<_, i64>(
        "INSERT INTO audit_pending (la_code, at, actor_id, actor_role, action, record_type, record_id, summary) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(e.la_code).bind(audit_time(now)).bind(e.actor_id).bind(e.actor_role)
        .bind(e.action).bind(e.record_type).bind(&e.record_id).bind(&e.summary)
        .fetch_one(c).await?))
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: i64,
    at: DateTime<Utc>,
    actor_id: Option<Uuid>,
    actor_role: String,
    action: String,
    record_type: String,
    record_id: Option<String>,
    summary: String,
}

/// Seal pending events into each council's hash chain, oldest first, at most `batch` per
/// transaction. The council's chain head is locked only for the batch, by this one writer, so
/// requests never queue on it. Each batch inserts the chained events and removes exactly the
/// pending rows it sealed in one transaction: an event is always in one table or the other.
/// Returns how many events were sealed.
pub async fn seal_pending(db: &Db, batch: i64) -> Result<u64> {
    let councils: Vec<String> = {
        let mut tx = db.begin().await?;
        on!(&mut tx, c => sqlx::query_scalar("SELECT DISTINCT la_code FROM audit_pending").fetch_all(c).await?)
    };
    let mut sealed = 0_u64;
    for la in councils {
        loop {
            let mut tx = db.begin().await?;
            // Lock the head first, so two sealers take turns and never read the same pending rows.
            let (mut seq, mut prev_hash): (i64, String) = on!(&mut tx, c => sqlx::query_as(
                "UPDATE audit_heads SET seq = seq WHERE la_code = $1 RETURNING seq, last_hash")
                .bind(&la).fetch_one(c).await?);
            let rows: Vec<PendingRow> = on!(&mut tx, c => sqlx::query_as::<_, PendingRow>(
                "SELECT id, at, actor_id, actor_role, action, record_type, record_id, summary FROM audit_pending \
                 WHERE la_code = $1 ORDER BY id LIMIT $2")
                .bind(&la).bind(batch).fetch_all(c).await?);
            if rows.is_empty() {
                break;
            }
            let n = rows.len();
            let mut ids = Vec::with_capacity(n);
            for r in rows {
                seq += 1;
                let event = AuditEvent {
                    la_code: la.clone(),
                    seq,
                    at: r.at,
                    actor_id: r.actor_id,
                    actor_role: r.actor_role,
                    action: r.action,
                    record_type: r.record_type,
                    record_id: r.record_id,
                    summary: r.summary,
                    prev_hash: std::mem::take(&mut prev_hash),
                };
                let hash = event.hash();
                on!(&mut tx, c => sqlx::query(
                    "INSERT INTO audit_events (la_code, seq, at, actor_id, actor_role, action, record_type, record_id, summary, prev_hash, hash) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                    .bind(&event.la_code).bind(event.seq).bind(event.at).bind(event.actor_id).bind(&event.actor_role)
                    .bind(&event.action).bind(&event.record_type).bind(&event.record_id).bind(&event.summary)
                    .bind(&event.prev_hash).bind(&hash).execute(c).await?.rows_affected());
                prev_hash = hash;
                ids.push(r.id);
            }
            // Exactly the rows sealed (never a range: a lower id may commit after this batch).
            for chunk in ids.chunks(crate::IN_CHUNK) {
                let placeholders = crate::in_list(chunk.len());
                let sql = format!("DELETE FROM audit_pending WHERE la_code = $1 AND id IN ({})", placeholders);
                on!(&mut tx, c => {
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(&la);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.execute(c).await?.rows_affected()
                });
            }
            on!(&mut tx, c => sqlx::query("UPDATE audit_heads SET seq = $2, last_hash = $3 WHERE la_code = $1")
                .bind(&la).bind(seq).bind(&prev_hash).execute(c).await?.rows_affected());
            tx.commit().await?;
            sealed += n as u64;
            if (n as i64) < batch {
                break;
            }
        }
    }
    Ok(sealed)
}

/// Events written but not yet sealed into the chain, per council (shown by `audit verify`).
pub async fn pending_counts(db: &Db) -> Result<Vec<(String, i64)>> {
    let mut tx = db.begin().await?;
    Ok(
        on!(&mut tx, c => sqlx::query_as("SELECT la_code, COUNT(*) FROM audit_pending GROUP BY la_code ORDER BY la_code").fetch_all(c).await?),
    )
}

/// One page of an LA's events for display, newest first.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AuditListRow {
    /// The event's place in the council's chain; `None` until the sealer has reached it.
    pub seq: Option<i64>,
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
        "SELECT * FROM ( \
           SELECT NULL AS seq, at, actor_id, actor_role, action, record_type, record_id, summary, id AS pending_id FROM audit_pending \
             WHERE la_code = $1 AND record_type = $2 AND record_id = $3 \
           UNION ALL \
           SELECT seq, at, actor_id, actor_role, action, record_type, record_id, summary, NULL AS pending_id FROM audit_events \
             WHERE la_code = $1 AND record_type = $2 AND record_id = $3 \
         ) e ORDER BY at DESC, seq DESC, pending_id DESC LIMIT $4")
        .bind(la_code).bind(record_type).bind(record_id).bind(limit).fetch_all(c).await?))
}

/// Every event of a council: those sealed into its chain and those still pending.
pub async fn count_events(tx: &mut Tx, la_code: &str) -> Result<i64> {
    let sealed = on!(tx, c => sqlx::query_scalar::<_, i64>("SELECT seq FROM audit_heads WHERE la_code = $1")
        .bind(la_code).fetch_optional(c).await?)
    .unwrap_or(0);
    let pending = on!(tx, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_pending WHERE la_code = $1")
        .bind(la_code).fetch_one(c).await?);
    Ok(sealed + pending)
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
