//! The tamper-evident audit chain.
//!
//! Every audit event of an LA carries a sequence number and the hash of the event before it; its
//! own hash covers all its fields and that previous hash. Altering or removing a row behind the
//! application's back breaks the chain at that point, which `familiesfirst audit verify` reports.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The hash before the first event of an LA.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of an audit event that the hash covers. `summary` never holds personal data: it
/// says what kind of thing happened ("person created", "record viewed"), and `record_id` says to
/// which record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    pub la_code: String,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_role: String,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<String>,
    pub summary: String,
    pub prev_hash: String,
}

/// Timestamps are kept to the microsecond, which both databases store exactly.
pub fn audit_time(now: DateTime<Utc>) -> DateTime<Utc> {
    now.trunc_subsecs(6)
}

impl AuditEvent {
    /// SHA-256 over every field, each length-prefixed so no two different events can serialise to
    /// the same bytes.
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        let at = self.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
        let actor = self.actor_id.map(|u| u.to_string()).unwrap_or_default();
        let seq = self.seq.to_string();
        let fields: [&str; 10] = [
            &self.la_code,
            &seq,
            &at,
            &actor,
            &self.actor_role,
            &self.action,
            &self.record_type,
            self.record_id.as_deref().unwrap_or(""),
            &self.summary,
            &self.prev_hash,
        ];
        for f in fields {
            h.update((f.len() as u64).to_be_bytes());
            h.update(f.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum ChainCheck {
    Intact { la_code: String, events: i64 },
    Broken { la_code: String, seq: i64, problem: String },
}

/// Walks an LA's events in sequence order and finds the first broken link. Feed it events one at
/// a time (so memory does not grow with the log) and call [`ChainVerifier::finish`].
pub struct ChainVerifier {
    la_code: String,
    expected_seq: i64,
    prev_hash: String,
    broken: Option<ChainCheck>,
}

impl ChainVerifier {
    pub fn new(la_code: &str) -> Self {
        Self { la_code: la_code.to_owned(), expected_seq: 1, prev_hash: GENESIS_HASH.to_owned(), broken: None }
    }

    /// Check the next event with the hash stored beside it. Returns false once broken.
    pub fn push(&mut self, event: &AuditEvent, stored_hash: &str) -> bool {
        if self.broken.is_some() {
            return false;
        }
        let problem = if event.seq != self.expected_seq {
            Some(format!("event {} is missing (the next event found is {})", self.expected_seq, event.seq))
        } else if event.prev_hash != self.prev_hash {
            Some(format!("event {} does not link to the event before it", event.seq))
        } else if event.hash() != stored_hash {
            Some(format!("event {} was altered after it was written (its contents no longer match its hash)", event.seq))
        } else {
            None
        };
        if let Some(problem) = problem {
            self.broken = Some(ChainCheck::Broken { la_code: self.la_code.clone(), seq: self.expected_seq, problem });
            return false;
        }
        self.prev_hash = stored_hash.to_owned();
        self.expected_seq += 1;
        true
    }

    /// `head_seq` is the sequence number the LA's chain head says was written last, so removing
    /// the newest events is caught too.
    pub fn finish(self, head_seq: i64) -> ChainCheck {
        if let Some(b) = self.broken {
            return b;
        }
        let seen = self.expected_seq - 1;
        if seen != head_seq {
            return ChainCheck::Broken {
                la_code: self.la_code,
                seq: seen + 1,
                problem: format!("the log ends at event {seen} but {head_seq} events were written"),
            };
        }
        ChainCheck::Intact { la_code: self.la_code, events: seen }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn chain(n: i64) -> Vec<(AuditEvent, String)> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let e = AuditEvent {
                    la_code: "990".into(),
                    seq,
                    at: Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap() + chrono::Duration::microseconds(seq),
                    actor_id: None,
                    actor_role: "system".into(),
                    action: "test".into(),
                    record_type: "person".into(),
                    record_id: Some(seq.to_string()),
                    summary: "event".into(),
                    prev_hash: prev.clone(),
                };
                let h = e.hash();
                prev = h.clone();
                (e, h)
            })
            .collect()
    }

    fn verify(events: &[(AuditEvent, String)], head: i64) -> ChainCheck {
        let mut v = ChainVerifier::new("990");
        for (e, h) in events {
            v.push(e, h);
        }
        v.finish(head)
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify(&chain(5), 5), ChainCheck::Intact { la_code: "990".into(), events: 5 });
    }

    #[test]
    fn altered_summary_detected_at_that_event() {
        let mut c = chain(5);
        c[2].0.summary = "something else".into();
        assert!(matches!(verify(&c, 5), ChainCheck::Broken { seq: 3, .. }));
    }

    #[test]
    fn removed_event_detected() {
        let mut c = chain(5);
        c.remove(1);
        assert!(matches!(verify(&c, 5), ChainCheck::Broken { seq: 2, .. }));
    }

    #[test]
    fn truncated_tail_detected() {
        let c = chain(5);
        assert!(matches!(verify(&c[..4], 5), ChainCheck::Broken { seq: 5, .. }));
    }

    #[test]
    fn rehashed_forgery_breaks_the_next_link() {
        let mut c = chain(5);
        c[1].0.summary = "forged".into();
        c[1].1 = c[1].0.hash();
        assert!(matches!(verify(&c, 5), ChainCheck::Broken { seq: 3, .. }));
    }
}
