//! The append-only audit log with a keyed hash chain.
//!
//! Every event carries the hash of the one before it; the chain's head lives
//! in a one-row table that each append updates first, which serialises
//! appenders on both engines. An event is written inside the transaction of
//! the change it records. The hash is an HMAC under a key kept outside the
//! database ([`super::audit_seal`]), named by the event; events written before
//! keys existed carry a plain SHA-256 and no key.

use super::audit_seal::{keys, AuditKey, Checkpoint, HmacSha256};
use super::{now, on_db, on_tx, Store, StoreResult, Tx};
use chrono::{DateTime, Utc};
use hmac::Mac;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How an attempted action ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Done,
    Refused,
    Failed,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        [Outcome::Done, Outcome::Refused, Outcome::Failed].into_iter().find(|o| o.code() == code)
    }
}

/// An event to append.
#[derive(Clone, Debug)]
pub struct AuditEvent {
    pub actor_id: Option<i64>,
    pub actor_username: Option<String>,
    pub client_addr: Option<String>,
    pub request_id: Option<String>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub outcome: Outcome,
    /// Extra facts (changed fields, reasons). Never passwords or tokens.
    pub details: serde_json::Value,
}

impl AuditEvent {
    /// Something Vatra itself did, from a command or at start-up (no user, no request): done,
    /// on `object_type` (and `object_id` when there is one).
    pub fn by_vatra(
        action: &str,
        object_type: Option<&str>,
        object_id: Option<String>,
        details: serde_json::Value,
    ) -> Self {
        AuditEvent {
            actor_id: None,
            actor_username: Some("vatra".into()),
            client_addr: None,
            request_id: None,
            action: action.into(),
            object_type: object_type.map(str::to_owned),
            object_id,
            outcome: Outcome::Done,
            details,
        }
    }
}

/// A stored event.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRecord {
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_username: Option<String>,
    pub client_addr: Option<String>,
    pub request_id: Option<String>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub outcome: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
    /// The key its hash was computed with; `None` for the plain hashes of before keys.
    pub key_id: Option<String>,
}

/// Filters of the audit page. Every field narrows the list.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<Outcome>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Keyset cursor: only events with a smaller sequence number.
    pub before_seq: Option<i64>,
    pub limit: i64,
    /// Only events of users whose home territory lies within this one (for a territory's
    /// auditor); events of no user (Vatra's own, refusals before sign-in) are the country's.
    pub within: Option<crate::domain::TerritoryPath>,
}

/// SHA-256 (before keys) or HMAC-SHA-256 under a key.
enum Digester {
    Plain(Sha256),
    Keyed(Box<HmacSha256>),
}

impl Digester {
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Digester::Plain(h) => h.update(bytes),
            Digester::Keyed(m) => m.update(bytes),
        }
    }
    fn hex(self) -> String {
        match self {
            Digester::Plain(h) => hex::encode(h.finalize()),
            Digester::Keyed(m) => hex::encode(m.finalize().into_bytes()),
        }
    }
}

/// The hash of one event: an HMAC-SHA-256 under `key` (a plain SHA-256 for the events of
/// before keys) over the previous hash and every field, in a fixed order with explicit
/// separators, as lowercase hex.
#[expect(clippy::too_many_arguments, reason = "one argument per hashed column keeps the order visible")]
fn event_hash(
    key: Option<&AuditKey>,
    prev_hash: &str,
    seq: i64,
    occurred_at: &DateTime<Utc>,
    actor_id: Option<i64>,
    actor_username: Option<&str>,
    client_addr: Option<&str>,
    request_id: Option<&str>,
    action: &str,
    object_type: Option<&str>,
    object_id: Option<&str>,
    outcome: &str,
    details: &str,
) -> String {
    let mut h = match key {
        None => Digester::Plain(Sha256::new()),
        Some(k) => Digester::Keyed(Box::new(k.mac())),
    };
    let mut field = |s: &str| {
        // Length-prefixed, so no two different events hash the same text.
        h.update(&(s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    field(prev_hash);
    field(&seq.to_string());
    field(&occurred_at.timestamp_millis().to_string());
    field(&actor_id.map(|v| v.to_string()).unwrap_or_default());
    field(actor_username.unwrap_or(""));
    field(client_addr.unwrap_or(""));
    field(request_id.unwrap_or(""));
    field(action);
    field(object_type.unwrap_or(""));
    field(object_id.unwrap_or(""));
    field(outcome);
    field(details);
    if let Some(k) = key {
        field(&k.id);
    }
    h.hex()
}

impl AuditRecord {
    fn expected_hash(&self, key: Option<&AuditKey>) -> String {
        event_hash(
            key,
            &self.prev_hash,
            self.seq,
            &self.occurred_at,
            self.actor_id,
            self.actor_username.as_deref(),
            self.client_addr.as_deref(),
            self.request_id.as_deref(),
            &self.action,
            self.object_type.as_deref(),
            self.object_id.as_deref(),
            &self.outcome,
            &self.details,
        )
    }
}

/// Appends `event` inside `tx`. Returns its sequence number.
pub async fn append(tx: &mut Tx, event: &AuditEvent) -> StoreResult<i64> {
    let (seq, prev_hash): (i64, String) = on_tx!(tx, |c| {
        sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").fetch_one(c).await?
    });
    let occurred_at = now();
    let details = event.details.to_string();
    let key = keys().current();
    let hash = event_hash(
        Some(key),
        &prev_hash,
        seq,
        &occurred_at,
        event.actor_id,
        event.actor_username.as_deref(),
        event.client_addr.as_deref(),
        event.request_id.as_deref(),
        &event.action,
        event.object_type.as_deref(),
        event.object_id.as_deref(),
        event.outcome.code(),
        &details,
    );
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO audit_events (seq, occurred_at, actor_id, actor_username, client_addr, \
             request_id, action, object_type, object_id, outcome, details, prev_hash, hash, key_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(seq)
        .bind(occurred_at)
        .bind(event.actor_id)
        .bind(&event.actor_username)
        .bind(&event.client_addr)
        .bind(&event.request_id)
        .bind(&event.action)
        .bind(&event.object_type)
        .bind(&event.object_id)
        .bind(event.outcome.code())
        .bind(&details)
        .bind(&prev_hash)
        .bind(&hash)
        .bind(&key.id)
        .execute(&mut *c)
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&hash).execute(c).await?;
    });
    Ok(seq)
}

/// The result of checking the whole chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every link holds; `events` were checked.
    Intact { events: i64 },
    /// The first broken link: the event at `seq`, and why.
    Broken { seq: i64, reason: String },
}

impl Store {
    /// Appends one event in its own transaction (for refusals and reads that
    /// change nothing else).
    pub async fn audit(&self, event: &AuditEvent) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let seq = append(&mut tx, event).await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// One page of events, newest first.
    pub async fn list_audit(&self, f: &AuditFilter) -> StoreResult<Vec<AuditRecord>> {
        let actor = f.actor.as_ref().map(|a| a.trim().to_lowercase());
        let action = f.action.as_ref().map(|a| format!("{}%", a.trim()));
        let outcome = f.outcome.map(Outcome::code);
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, AuditRecord>(
                "SELECT * FROM audit_events \
                 WHERE ($1 IS NULL OR actor_username = $1) \
                   AND ($2 IS NULL OR action LIKE $2) \
                   AND ($3 IS NULL OR outcome = $3) \
                   AND ($4 IS NULL OR occurred_at >= $4) \
                   AND ($5 IS NULL OR occurred_at < $5) \
                   AND ($6 IS NULL OR seq < $6) \
                   AND ($8 IS NULL OR actor_id IN \
                        (SELECT id FROM users WHERE territory_path >= $8 AND territory_path < $9)) \
                 ORDER BY seq DESC LIMIT $7",
            )
            .bind(actor)
            .bind(action)
            .bind(outcome)
            .bind(f.from)
            .bind(f.to)
            .bind(f.before_seq)
            .bind(f.limit)
            .bind(f.within.as_ref().map(|t| t.as_str().to_owned()))
            .bind(f.within.as_ref().map(|t| t.end()))
            .fetch_all(c)
            .await?
        }))
    }

    /// Walks the chain from the first event in pages and names the first
    /// broken link: a changed event, a missing one, or a head that does not
    /// match the last event.
    pub async fn verify_audit_chain(&self) -> StoreResult<ChainCheck> {
        self.verify_audit(&[]).await
    }

    /// Checks the chain, then holds it against `checkpoints` (oldest first): each must be
    /// signed by a key this process holds, and name an event that is there with the hash it
    /// names. Events cut from the end of the chain show as missing from the first one a
    /// checkpoint named.
    pub async fn verify_audit(&self, checkpoints: &[Checkpoint]) -> StoreResult<ChainCheck> {
        let events = match self.walk_audit_chain().await? {
            ChainCheck::Intact { events } => events,
            broken => return Ok(broken),
        };
        for cp in checkpoints {
            let at = cp.at.with_timezone(&super::zone()).format("%Y-%m-%d %H:%M:%S");
            if !cp.holds() {
                return Ok(ChainCheck::Broken {
                    seq: cp.seq,
                    reason: format!("the checkpoint of {at} is not signed by a key this server holds"),
                });
            }
            if cp.seq > events {
                return Ok(ChainCheck::Broken {
                    seq: events + 1,
                    reason: format!(
                        "events {} to {} are missing: the checkpoint of {at} names event {}",
                        events + 1,
                        cp.seq,
                        cp.seq
                    ),
                });
            }
            if cp.seq == 0 {
                continue;
            }
            let hash: String = on_db!(&self.db, |c| {
                sqlx::query_scalar("SELECT hash FROM audit_events WHERE seq = $1").bind(cp.seq).fetch_one(c).await?
            });
            if hash != cp.hash {
                return Ok(ChainCheck::Broken {
                    seq: cp.seq,
                    reason: format!("it is not the event the checkpoint of {at} names"),
                });
            }
        }
        Ok(ChainCheck::Intact { events })
    }

    async fn walk_audit_chain(&self) -> StoreResult<ChainCheck> {
        const PAGE: i64 = 1000;
        let mut expected_prev = "0".repeat(64);
        let mut expected_seq = 1_i64;
        let mut keyed = false;
        loop {
            let page: Vec<AuditRecord> = on_db!(&self.db, |c| {
                sqlx::query_as("SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2")
                    .bind(expected_seq)
                    .bind(PAGE)
                    .fetch_all(c)
                    .await?
            });
            let n = page.len() as i64;
            for ev in page {
                if ev.seq != expected_seq {
                    return Ok(ChainCheck::Broken {
                        seq: expected_seq,
                        reason: format!("event {expected_seq} is missing"),
                    });
                }
                if ev.prev_hash != expected_prev {
                    return Ok(ChainCheck::Broken {
                        seq: ev.seq,
                        reason: "its previous-hash does not match the event before it".into(),
                    });
                }
                let key = match ev.key_id.as_deref() {
                    // Once the chain is keyed, an event without a key was put there since.
                    None if keyed => {
                        return Ok(ChainCheck::Broken {
                            seq: ev.seq,
                            reason: "it carries no key, after events that do (written since)".into(),
                        })
                    }
                    None => None,
                    Some(id) => match keys().get(id) {
                        Some(k) => Some(k),
                        None => {
                            return Ok(ChainCheck::Broken {
                                seq: ev.seq,
                                reason: format!("it was signed with key {id}, which this server does not hold"),
                            })
                        }
                    },
                };
                keyed |= key.is_some();
                if ev.expected_hash(key) != ev.hash {
                    return Ok(ChainCheck::Broken {
                        seq: ev.seq,
                        reason: "its content does not match its hash (changed after writing)".into(),
                    });
                }
                expected_prev = ev.hash;
                expected_seq += 1;
            }
            if n < PAGE {
                break;
            }
        }
        let (head_seq, head_hash): (i64, String) = on_db!(&self.db, |c| {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(c).await?
        });
        if head_seq != expected_seq - 1 || head_hash != expected_prev {
            return Ok(ChainCheck::Broken {
                seq: expected_seq,
                reason: format!("the chain ends at event {} but its head names event {head_seq}", expected_seq - 1),
            });
        }
        Ok(ChainCheck::Intact { events: expected_seq - 1 })
    }
}
