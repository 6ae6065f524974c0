//! The audit log against someone who can write to the database, on both engines: an event
//! edited and every later hash recomputed, and the last 300 events cut off with the head set
//! back, are both found by `verify-audit` (the keyed chain and the signed checkpoints); the
//! head refuses to be moved by hand.

use crate::harness::{open, TestDb};
use crate::tickets::on_db;
use app::store::audit::ChainCheck;
use app::store::audit_seal::{read_checkpoints, Checkpoint};
use app::store::{AuditEvent, Store};
use sha2::{Digest, Sha256};

async fn exec(store: &Store, sql: &str) -> Result<(), sqlx::Error> {
    on_db!(store, |p| sqlx::query(sql).execute(p).await.map(|_| ()))
}

/// Lifts the guards, as someone with the database's own rights can.
async fn drop_guards(store: &Store) {
    let sqls: &[&str] = match store.db() {
        app::store::Db::Sqlite(_) => &[
            "DROP TRIGGER audit_events_no_update",
            "DROP TRIGGER audit_events_no_delete",
            "DROP TRIGGER audit_head_forward_only",
        ],
        _ => &["DROP TRIGGER audit_events_no_update ON audit_events", "DROP TRIGGER audit_head_guarded ON audit_head"],
    };
    for sql in sqls {
        exec(store, sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

async fn append(store: &Store, n: usize) {
    for i in 0..n {
        let ev = AuditEvent::by_vatra("test.event", Some("test"), Some(i.to_string()), serde_json::json!({ "i": i }));
        store.audit(&ev).await.unwrap();
    }
}

type Row = (i64, chrono::DateTime<chrono::Utc>, Option<i64>, Option<String>, Option<String>, Option<String>);
type Rest = (String, Option<String>, Option<String>, String, String, String);

/// The attacker's rehash: the chain's own layout, computed without the key (which the
/// database never holds), from `from` to the end, and the head set to match.
async fn rehash_from(store: &Store, from: i64, drop_key: bool) {
    let rows: Vec<(i64, String)> =
        on_db!(store, |p| sqlx::query_as("SELECT seq, prev_hash FROM audit_events WHERE seq >= $1 ORDER BY seq")
            .bind(from)
            .fetch_all(p)
            .await
            .unwrap());
    let mut prev = rows[0].1.clone();
    for (seq, _) in rows {
        let a: Row = on_db!(store, |p| {
            sqlx::query_as(
            "SELECT seq, occurred_at, actor_id, actor_username, client_addr, request_id FROM audit_events WHERE seq = $1"
        )
        .bind(seq)
        .fetch_one(p)
        .await
        .unwrap()
        });
        let b: Rest = on_db!(store, |p| {
            sqlx::query_as(
            "SELECT action, object_type, object_id, outcome, details, COALESCE(key_id, '') FROM audit_events WHERE seq = $1"
        )
        .bind(seq)
        .fetch_one(p)
        .await
        .unwrap()
        });
        let mut h = Sha256::new();
        let mut field = |s: &str| {
            h.update((s.len() as u64).to_be_bytes());
            h.update(s.as_bytes());
        };
        field(&prev);
        field(&a.0.to_string());
        field(&a.1.timestamp_millis().to_string());
        field(&a.2.map(|v| v.to_string()).unwrap_or_default());
        field(a.3.as_deref().unwrap_or(""));
        field(a.4.as_deref().unwrap_or(""));
        field(a.5.as_deref().unwrap_or(""));
        field(&b.0);
        field(b.1.as_deref().unwrap_or(""));
        field(b.2.as_deref().unwrap_or(""));
        field(&b.3);
        field(&b.4);
        if !drop_key {
            field(&b.5);
        }
        let hash = hex::encode(h.finalize());
        let sql = if drop_key {
            "UPDATE audit_events SET prev_hash = $1, hash = $2, key_id = NULL WHERE seq = $3"
        } else {
            "UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE seq = $3"
        };
        on_db!(store, |p| {
            sqlx::query(sql).bind(&prev).bind(&hash).bind(seq).execute(p).await.unwrap();
        });
        prev = hash;
    }
    set_head_to_last(store).await;
}

async fn set_head_to_last(store: &Store) {
    let (seq, hash): (i64, String) =
        on_db!(store, |p| sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
            .fetch_one(p)
            .await
            .unwrap());
    on_db!(store, |p| {
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(&hash)
            .execute(p)
            .await
            .unwrap();
    });
}

async fn broken_at(store: &Store, checkpoints: &[Checkpoint]) -> (i64, String) {
    match store.verify_audit(checkpoints).await.unwrap() {
        ChainCheck::Broken { seq, reason } => (seq, reason),
        ChainCheck::Intact { events } => panic!("not noticed: intact, {events} events"),
    }
}

/// Edits one event, recomputes it and every later one (keeping its key's name, or dropping
/// it to pass for an event of before keys), and sets the head to match.
async fn edit_and_rehash(db: &TestDb, drop_key: bool) {
    let store = open(db).await;
    append(&store, 20).await;
    assert!(matches!(store.verify_audit_chain().await.unwrap(), ChainCheck::Intact { .. }));
    let first: i64 =
        on_db!(store, |p| sqlx::query_scalar("SELECT MIN(seq) FROM audit_events").fetch_one(p).await.unwrap());
    let target = first + 10;
    drop_guards(&store).await;
    exec(&store, &format!("UPDATE audit_events SET details = '{{\"i\":999}}' WHERE seq = {target}")).await.unwrap();
    rehash_from(&store, target, drop_key).await;
    let (seq, reason) = broken_at(&store, &[]).await;
    assert_eq!(seq, target, "{reason}");
}

async fn an_edited_and_rehashed_event_is_found(db: TestDb) {
    edit_and_rehash(&db, false).await;
    let again =
        if db.url.starts_with("sqlite") { crate::harness::sqlite().await } else { crate::harness::postgres().await };
    edit_and_rehash(&again, true).await;
}

async fn cut_off_events_are_found_by_the_checkpoints(db: TestDb) {
    let store = open(&db).await;
    let dir = tempfile::tempdir().unwrap();
    append(&store, 20).await;
    store.write_audit_checkpoint(dir.path()).await.unwrap();
    append(&store, 320).await;
    let last = store.write_audit_checkpoint(dir.path()).await.unwrap();
    let checkpoints = read_checkpoints(dir.path()).unwrap();
    assert_eq!(checkpoints.len(), 2);
    assert_eq!(store.verify_audit(&checkpoints).await.unwrap(), ChainCheck::Intact { events: last.seq });

    // The guards hold: the head cannot be set back, nor an event removed, by hand.
    assert!(exec(&store, "UPDATE audit_head SET seq = 5 WHERE id = 1").await.is_err());
    assert!(exec(&store, "DELETE FROM audit_head").await.is_err());
    assert!(exec(&store, "INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, 'x')").await.is_err());
    assert!(exec(&store, &format!("DELETE FROM audit_events WHERE seq > {}", last.seq - 300)).await.is_err());

    // Lifted: the last 300 events removed, the head set back to what is left. The chain alone
    // holds; the checkpoint names what is gone.
    drop_guards(&store).await;
    exec(&store, &format!("DELETE FROM audit_events WHERE seq > {}", last.seq - 300)).await.unwrap();
    set_head_to_last(&store).await;
    assert!(matches!(store.verify_audit_chain().await.unwrap(), ChainCheck::Intact { .. }));
    let (seq, reason) = broken_at(&store, &checkpoints).await;
    assert_eq!(seq, last.seq - 299, "{reason}");
    assert!(reason.contains("missing"), "{reason}");

    // A checkpoint written by hand (not signed with the key) is no proof of anything.
    let mut forged = checkpoints[0].clone();
    forged.seq = 3;
    assert!(broken_at(&store, &[forged]).await.1.contains("not signed"));
}

crate::both_engines! {
    audit_rehash_found => an_edited_and_rehashed_event_is_found;
    audit_truncation_found => cut_off_events_are_found_by_the_checkpoints;
}
