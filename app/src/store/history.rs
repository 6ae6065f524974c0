//! The history of persons, cases, form submissions and form definitions: every version in order, with who made
//! it, which fields changed (old and new values) and the whole record as it
//! then was, so any record can be shown as of a past moment. Append-only.

use super::{now, on_db, on_tx, Store, StoreResult, Tx};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// Which kind of record a history row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectType {
    Person,
    Case,
    FormSubmission,
    FormDefinition,
}

impl ObjectType {
    pub fn code(self) -> &'static str {
        match self {
            ObjectType::Person => "person",
            ObjectType::Case => "case",
            ObjectType::FormSubmission => "form_submission",
            ObjectType::FormDefinition => "form_definition",
        }
    }
}

/// One version of a record.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HistoryRow {
    pub version: i64,
    pub changed_at: DateTime<Utc>,
    pub changed_by: i64,
    pub changed_by_name: String,
    pub action: String,
    pub reason: Option<String>,
    /// `{"field": {"old": .., "new": ..}, ..}`
    pub changes: String,
    pub snapshot: String,
}

/// Fields that change on every write and say nothing on their own.
const BOOKKEEPING: &[&str] = &["updated_at", "updated_by", "version"];

/// The fields whose values differ between two snapshots, each with its old
/// and new value. A missing `old` (a new record) lists every non-null field.
pub fn diff(old: Option<&Value>, new: &Value) -> Value {
    let empty = Map::new();
    let old = old.and_then(Value::as_object).unwrap_or(&empty);
    let mut out = Map::new();
    if let Some(new) = new.as_object() {
        for (k, v) in new {
            if BOOKKEEPING.contains(&k.as_str()) {
                continue;
            }
            let before = old.get(k).unwrap_or(&Value::Null);
            if before != v {
                out.insert(k.clone(), serde_json::json!({ "old": before, "new": v }));
            }
        }
    }
    Value::Object(out)
}

/// What one history append records.
pub struct Entry<'a> {
    pub object: ObjectType,
    pub object_id: i64,
    pub version: i64,
    pub actor: i64,
    pub action: &'a str,
    pub reason: Option<&'a str>,
    pub before: Option<&'a Value>,
    pub after: &'a Value,
}

/// Appends one version inside `tx`, with the changes computed from the two snapshots.
pub async fn append(tx: &mut Tx, e: &Entry<'_>) -> StoreResult<()> {
    let changes = diff(e.before, e.after).to_string();
    let snapshot = e.after.to_string();
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO history (object_type, object_id, version, changed_at, changed_by, action, reason, \
             changes, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(e.object.code())
        .bind(e.object_id)
        .bind(e.version)
        .bind(now())
        .bind(e.actor)
        .bind(e.action)
        .bind(e.reason)
        .bind(&changes)
        .bind(&snapshot)
        .execute(c)
        .await?;
    });
    Ok(())
}

impl Store {
    /// One page of a record's history, newest first, before version `before`.
    pub async fn history(
        &self,
        object: ObjectType,
        id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<HistoryRow>> {
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, HistoryRow>(
                "SELECT h.version, h.changed_at, h.changed_by, u.full_name AS changed_by_name, h.action, h.reason, \
                 h.changes, h.snapshot FROM history h JOIN users u ON u.id = h.changed_by \
                 WHERE h.object_type = $1 AND h.object_id = $2 AND ($3 IS NULL OR h.version < $3) \
                 ORDER BY h.version DESC LIMIT $4",
            )
            .bind(object.code())
            .bind(id)
            .bind(before)
            .bind(limit)
            .fetch_all(c)
            .await?
        }))
    }

    /// The version of a record that was current at `at`, if it existed then.
    pub async fn as_of(&self, object: ObjectType, id: i64, at: DateTime<Utc>) -> StoreResult<Option<HistoryRow>> {
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, HistoryRow>(
                "SELECT h.version, h.changed_at, h.changed_by, u.full_name AS changed_by_name, h.action, h.reason, \
                 h.changes, h.snapshot FROM history h JOIN users u ON u.id = h.changed_by \
                 WHERE h.object_type = $1 AND h.object_id = $2 AND h.changed_at <= $3 \
                 ORDER BY h.version DESC LIMIT 1",
            )
            .bind(object.code())
            .bind(id)
            .bind(at)
            .fetch_optional(c)
            .await?
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_lists_changed_fields_only() {
        let old = json!({"a": 1, "b": "x", "version": 1, "c": null});
        let new = json!({"a": 1, "b": "y", "version": 2, "c": "z"});
        assert_eq!(diff(Some(&old), &new), json!({"b": {"old": "x", "new": "y"}, "c": {"old": null, "new": "z"}}));
        assert_eq!(diff(None, &json!({"a": 1, "b": null})), json!({"a": {"old": null, "new": 1}}));
    }
}
