//! The two dialects' migrations must build the same schema: the same
//! tables, columns, nullability and kinds of type.

use crate::harness::{open, postgres, sqlite};
use std::collections::BTreeMap;

type Schema = BTreeMap<String, BTreeMap<String, (String, bool)>>;

/// The kind of a column's type, comparable across engines.
fn kind(t: &str) -> String {
    let t = t.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("bool") {
        "boolean"
    } else if t.contains("timestamp") || t.contains("datetime") {
        "time"
    } else if t.contains("text") || t.contains("char") {
        "text"
    } else if t == "blob" || t == "bytea" {
        "bytes"
    } else {
        return t;
    }
    .into()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_schemas_match() {
    let (s, p) = (sqlite().await, postgres().await);
    let (s, p) = (open(&s).await, open(&p).await);
    let mut lite = Schema::new();
    if let app::store::Db::Sqlite(pool) = s.db() {
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for t in tables {
            let cols: Vec<(String, String, bool, bool)> =
                sqlx::query_as("SELECT name, type, \"notnull\", pk > 0 FROM pragma_table_info($1)")
                    .bind(&t)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            let entry = lite.entry(t).or_default();
            for (name, ty, notnull, pk) in cols {
                entry.insert(name, (kind(&ty), !(notnull || pk)));
            }
        }
    }
    let mut pg = Schema::new();
    if let app::store::Db::Postgres(pool) = p.db() {
        let cols: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for (t, name, ty, nullable) in cols {
            pg.entry(t).or_default().insert(name, (kind(&ty), nullable == "YES"));
        }
    }
    // SQLite keeps the session table in the main schema; PostgreSQL in its own.
    lite.remove("tower_sessions");
    // A word index is a virtual table (and its shadow tables) on SQLite, an index on PostgreSQL.
    if let app::store::Db::Sqlite(pool) = s.db() {
        let virtual_tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert!(virtual_tables.contains(&"tickets_words".to_string()), "{virtual_tables:?}");
        lite.retain(|t, _| !virtual_tables.iter().any(|v| t == v || t.starts_with(&format!("{v}_"))));
    }
    assert!(lite.contains_key("users") && lite.contains_key("audit_events"));
    assert_eq!(lite, pg);
}
