//! Bulk writes for the synthetic-data generator (`vatra synth`, demo mode),
//! and the read-outs the store benchmark samples its queries from.
//!
//! Rows arrive fully built: ids are reserved here first (PostgreSQL from the
//! identity sequence, SQLite above the highest id inside the write
//! transaction), and human-facing numbers come from the same `counters` rows
//! the use-case methods draw from. Each batch is one multi-row INSERT with
//! bound parameters, sized under the engine's bind limit.

use super::cases::CaseRow;
use super::history::{diff, ObjectType};
use super::persons::PersonRow;
use super::{on_db, on_tx, Store, StoreResult, Tx};
use crate::domain::names::{name_key, search_key};
use crate::domain::person::RelationKind;
use chrono::{DateTime, Utc};

/// The tables whose ids the generator reserves before building rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdTable {
    Persons,
    Cases,
}

/// Reserves `n` new ids of `table` for rows inserted later in `tx`.
///
/// On PostgreSQL they are drawn from the identity sequence, so concurrent
/// inserts never collide with them. SQLite hands out the highest id plus one;
/// `tx` holds the write lock (`BEGIN IMMEDIATE`), so nobody else can take
/// them before the rows are in.
pub async fn reserve_ids(tx: &mut Tx, table: IdTable, n: usize) -> StoreResult<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    Ok(match tx {
        Tx::Sqlite(t) => {
            let sql = match table {
                IdTable::Persons => "SELECT COALESCE(MAX(id), 0) FROM persons",
                IdTable::Cases => "SELECT COALESCE(MAX(id), 0) FROM cases",
            };
            let max: i64 = sqlx::query_scalar(sql).fetch_one(&mut **t).await?;
            (max + 1..=max + n as i64).collect()
        }
        Tx::Postgres(t) => {
            let sql = match table {
                IdTable::Persons => {
                    "SELECT nextval(pg_get_serial_sequence('persons', 'id')) FROM generate_series(1, $1)"
                }
                IdTable::Cases => "SELECT nextval(pg_get_serial_sequence('cases', 'id')) FROM generate_series(1, $1)",
            };
            sqlx::query_scalar(sql).bind(n as i64).fetch_all(&mut **t).await?
        }
    })
}

/// Moves the counter `scope` on by `by` and returns its new value: the
/// numbers `last - by + 1 ..= last` are the caller's. Like
/// [`super::next_counter`], for a whole batch at once.
pub async fn advance_counter(tx: &mut Tx, scope: &str, by: i64) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO counters (scope, last) VALUES ($1, $2) \
             ON CONFLICT (scope) DO UPDATE SET last = counters.last + $2 RETURNING last",
        )
        .bind(scope)
        .bind(by)
        .fetch_one(c)
        .await?
    }))
}

/// A relation to insert, stored once as "person `kind` other".
#[derive(Clone, Debug)]
pub struct NewRelation {
    pub person_id: i64,
    pub kind: RelationKind,
    pub other_id: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
}

/// A history row to insert.
#[derive(Clone, Debug)]
pub struct NewHistory {
    pub object: ObjectType,
    pub object_id: i64,
    pub version: i64,
    pub changed_at: DateTime<Utc>,
    pub changed_by: i64,
    pub action: &'static str,
    pub reason: Option<&'static str>,
    /// The changed fields as JSON text (see [`diff`]).
    pub changes: String,
    /// The whole record as JSON text.
    pub snapshot: String,
}

impl NewHistory {
    /// A version of a record, as [`super::history::append`] records it: the
    /// fields that changed since `before` (all non-null ones for a new
    /// record) and the whole `after`.
    pub fn version(
        object: ObjectType,
        object_id: i64,
        version: i64,
        (at, by): (DateTime<Utc>, i64),
        (action, reason): (&'static str, Option<&'static str>),
        before: Option<&serde_json::Value>,
        after: &serde_json::Value,
    ) -> Self {
        NewHistory {
            object,
            object_id,
            version,
            changed_at: at,
            changed_by: by,
            action,
            reason,
            changes: diff(before, after).to_string(),
            snapshot: after.to_string(),
        }
    }
}

/// `($1, $2, $3), ($4, $5, $6)` for `rows` rows of `cols` columns, or with
/// `?` in place of `$n` (`numbered == false`). Built from counts only, never
/// from input.
///
/// SQLite gets `?`: it treats `$n` as a named parameter and looks each name
/// up in a list, so binding a statement with thousands of `$n` takes time
/// quadratic in their number (a second for 30 000), where `?` is linear.
fn placeholders(rows: usize, cols: usize, numbered: bool) -> String {
    let mut s = String::with_capacity(rows * cols * if numbered { 7 } else { 3 });
    for r in 0..rows {
        s.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            if numbered {
                s.push('$');
                s.push_str(&(r * cols + c + 1).to_string());
            } else {
                s.push('?');
            }
        }
        s.push(')');
    }
    s
}

/// Rows per statement: at most 1000, and under the engine's bind limit
/// (SQLite 32 766, PostgreSQL 65 535).
fn rows_per_statement(tx: &Tx, cols: usize) -> usize {
    let limit = match tx {
        Tx::Sqlite(_) => 32_766,
        Tx::Postgres(_) => 65_535,
    };
    (limit / cols).clamp(1, 1000)
}

/// Inserts `$rows` in multi-row statements `$head VALUES (..), (..)`, binding
/// each row with `$bind` (which takes the query `$q` and the row `$r`).
macro_rules! insert_all {
    ($tx:expr, $head:expr, $cols:expr, $rows:expr, |$q:ident, $r:ident| $bind:expr) => {{
        let per = rows_per_statement($tx, $cols);
        for part in $rows.chunks(per) {
            let numbered = matches!($tx, Tx::Postgres(_));
            let sql = format!("{} VALUES {}", $head, placeholders(part.len(), $cols, numbered));
            on_tx!($tx, |c| {
                let mut $q = sqlx::query(&sql);
                for $r in part {
                    $q = $bind;
                }
                $q.execute(c).await?;
            });
        }
    }};
}

/// Inserts persons with the ids they carry (see [`reserve_ids`]), with their
/// name and search keys.
pub async fn insert_persons(tx: &mut Tx, rows: &[PersonRow]) -> StoreResult<()> {
    insert_all!(
        tx,
        "INSERT INTO persons (id, idnp, provisional_id, no_idnp_reason, last_name, first_name, name_key, search_key, \
         birth_date, sex, id_doc_type, id_doc_number, disability_degree, disability_limitation, \
         domicile_territory_id, territory_path, domicile_address, residence_territory_id, residence_address, phone, \
         email, vulnerabilities, distinct_note, status, status_reason, created_at, created_by, updated_at, \
         updated_by, version)",
        30,
        rows,
        |q, r| q
            .bind(r.id)
            .bind(&r.idnp)
            .bind(&r.provisional_id)
            .bind(&r.no_idnp_reason)
            .bind(&r.last_name)
            .bind(&r.first_name)
            .bind(name_key(&r.last_name, &r.first_name))
            .bind(search_key(&r.last_name, &r.first_name))
            .bind(r.birth_date)
            .bind(&r.sex)
            .bind(&r.id_doc_type)
            .bind(&r.id_doc_number)
            .bind(&r.disability_degree)
            .bind(&r.disability_limitation)
            .bind(r.domicile_territory_id)
            .bind(&r.territory_path)
            .bind(&r.domicile_address)
            .bind(r.residence_territory_id)
            .bind(&r.residence_address)
            .bind(&r.phone)
            .bind(&r.email)
            .bind(&r.vulnerabilities)
            .bind(&r.distinct_note)
            .bind(&r.status)
            .bind(&r.status_reason)
            .bind(r.created_at)
            .bind(r.created_by)
            .bind(r.updated_at)
            .bind(r.updated_by)
            .bind(r.version)
    );
    Ok(())
}

/// Inserts cases with the ids they carry (see [`reserve_ids`]).
pub async fn insert_cases(tx: &mut Tx, rows: &[CaseRow]) -> StoreResult<()> {
    insert_all!(
        tx,
        "INSERT INTO cases (id, number, person_id, territory_id, territory_path, manager_id, status, \
         remembered_status, status_reason, risk_level, channel, reporter_name, reporter_contact, received_on, \
         concern, next_step, next_due_on, transfer_id, opened_at, closed_at, created_by, updated_at, updated_by, \
         version)",
        24,
        rows,
        |q, r| q
            .bind(r.id)
            .bind(&r.number)
            .bind(r.person_id)
            .bind(r.territory_id)
            .bind(&r.territory_path)
            .bind(r.manager_id)
            .bind(&r.status)
            .bind(&r.remembered_status)
            .bind(&r.status_reason)
            .bind(&r.risk_level)
            .bind(&r.channel)
            .bind(&r.reporter_name)
            .bind(&r.reporter_contact)
            .bind(r.received_on)
            .bind(&r.concern)
            .bind(&r.next_step)
            .bind(r.next_due_on)
            .bind(r.transfer_id)
            .bind(r.opened_at)
            .bind(r.closed_at)
            .bind(r.created_by)
            .bind(r.updated_at)
            .bind(r.updated_by)
            .bind(r.version)
    );
    Ok(())
}

/// Inserts the steps of synthetic cases (ended ones and the open one).
pub async fn insert_steps(tx: &mut Tx, rows: &[super::case_steps::StepRow]) -> StoreResult<()> {
    insert_all!(
        tx,
        "INSERT INTO case_steps (case_id, step, risk_level, manager_id, started_on, due_on, ended_on, outcome, \
         ended_action, ended_by, reason, territory_path, received_on, assessed_on)",
        14,
        rows,
        |q, r| q
            .bind(r.case_id)
            .bind(r.step)
            .bind(&r.risk_level)
            .bind(r.manager_id)
            .bind(r.started_on)
            .bind(r.due_on)
            .bind(r.ended.map(|e| e.0))
            .bind(r.ended.map(|e| e.1.as_str()))
            .bind(r.ended.map(|e| e.2))
            .bind(r.ended_by)
            .bind(r.reason)
            .bind(&r.territory_path)
            .bind(r.received_on)
            .bind(r.assessed_on)
    );
    Ok(())
}

/// Inserts active relations.
pub async fn insert_relations(tx: &mut Tx, rows: &[NewRelation]) -> StoreResult<()> {
    insert_all!(
        tx,
        "INSERT INTO relations (person_id, kind, other_id, active, created_at, created_by)",
        6,
        rows,
        |q, r| q
            .bind(r.person_id)
            .bind(r.kind.as_str())
            .bind(r.other_id)
            .bind(true)
            .bind(r.created_at)
            .bind(r.created_by)
    );
    Ok(())
}

/// Appends history rows.
pub async fn insert_history(tx: &mut Tx, rows: &[NewHistory]) -> StoreResult<()> {
    insert_all!(
        tx,
        "INSERT INTO history (object_type, object_id, version, changed_at, changed_by, action, reason, changes, \
         snapshot)",
        9,
        rows,
        |q, r| q
            .bind(r.object.code())
            .bind(r.object_id)
            .bind(r.version)
            .bind(r.changed_at)
            .bind(r.changed_by)
            .bind(r.action)
            .bind(r.reason)
            .bind(&r.changes)
            .bind(&r.snapshot)
    );
    Ok(())
}

/// Gives the connection of `tx` a large page cache (256 MiB) on SQLite, so
/// that the indexes of a large load stay in memory while rows are added in
/// random key order. Meant for a one-off command: the setting stays with the
/// pooled connection.
pub async fn large_cache(tx: &mut Tx) -> StoreResult<()> {
    if let Tx::Sqlite(t) = tx {
        sqlx::query("PRAGMA cache_size = -262144").execute(&mut **t).await?;
    }
    Ok(())
}

/// Brings the tables a bulk load wrote to their steady state: vacuumed and
/// with fresh planner statistics (PostgreSQL only; autovacuum would get
/// there later, while the first users wait). On SQLite the planner's
/// defaults are what a deployment runs with, so they are left alone.
pub async fn settle(store: &Store) -> StoreResult<()> {
    if let super::Db::Postgres(p) = &store.db {
        // The simple protocol: VACUUM refuses to run inside a transaction block.
        sqlx::raw_sql("VACUUM (ANALYZE) persons, relations, cases, case_steps, history, counters, users")
            .execute(p)
            .await?;
    }
    Ok(())
}

/// An active user, as the generator needs to know them: who can register,
/// who can manage cases where.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StaffRow {
    pub id: i64,
    pub username: String,
    pub territory_id: i64,
    pub territory_path: String,
    pub roles: String,
}

/// A manager and how many cases (not closed) they hold.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CaseloadRow {
    pub manager_id: i64,
    pub open_cases: i64,
}

impl Store {
    /// The database engine's version as it reports it, for the benchmark's header.
    pub async fn engine_version(&self) -> StoreResult<String> {
        Ok(match &self.db {
            super::Db::Sqlite(p) => sqlx::query_scalar("SELECT sqlite_version()").fetch_one(p).await?,
            super::Db::Postgres(p) => {
                sqlx::query_scalar("SELECT current_setting('server_version')").fetch_one(p).await?
            }
        })
    }

    /// Every territory in use, in tree order.
    pub async fn all_territories(&self) -> StoreResult<Vec<super::TerritoryRow>> {
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, super::TerritoryRow>(
                "SELECT id, parent_id, path, code, name, kind FROM territories WHERE valid_to IS NULL ORDER BY path",
            )
            .fetch_all(c)
            .await?
        }))
    }

    /// Every active user, by id.
    pub async fn active_staff(&self) -> StoreResult<Vec<StaffRow>> {
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, StaffRow>(
                "SELECT id, username, territory_id, territory_path, roles FROM users WHERE active = $1 ORDER BY id",
            )
            .bind(true)
            .fetch_all(c)
            .await?
        }))
    }

    /// How many persons are registered.
    pub async fn count_persons(&self) -> StoreResult<i64> {
        Ok(on_db!(&self.db, |c| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM persons").fetch_one(c).await?))
    }

    /// The lowest and highest person id and case id (0 when there are none).
    pub async fn id_ranges(&self) -> StoreResult<((i64, i64), (i64, i64))> {
        Ok(on_db!(&self.db, |c| {
            let p: (i64, i64) =
                sqlx::query_as("SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM persons").fetch_one(c).await?;
            let k: (i64, i64) =
                sqlx::query_as("SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM cases").fetch_one(c).await?;
            (p, k)
        }))
    }

    /// The first person at or after id `from` whose domicile lies under the
    /// path prefix `scope`.
    pub async fn person_id_from(&self, scope: &str, from: i64) -> StoreResult<Option<i64>> {
        let prefix = format!("{scope}%");
        Ok(on_db!(&self.db, |c| {
            sqlx::query_scalar("SELECT id FROM persons WHERE id >= $1 AND territory_path LIKE $2 ORDER BY id LIMIT 1")
                .bind(from)
                .bind(&prefix)
                .fetch_optional(c)
                .await?
        }))
    }

    /// The managers holding the most cases that are not closed, busiest first.
    pub async fn busiest_managers(&self, limit: i64) -> StoreResult<Vec<CaseloadRow>> {
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, CaseloadRow>(
                "SELECT manager_id, COUNT(*) AS open_cases FROM cases \
                 WHERE manager_id IS NOT NULL AND status <> $1 \
                 GROUP BY manager_id ORDER BY COUNT(*) DESC, manager_id LIMIT $2",
            )
            .bind("closed")
            .bind(limit)
            .fetch_all(c)
            .await?
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_lists() {
        assert_eq!(placeholders(1, 3, true), "($1, $2, $3)");
        assert_eq!(placeholders(2, 2, true), "($1, $2), ($3, $4)");
        assert_eq!(placeholders(2, 2, false), "(?, ?), (?, ?)");
    }
}
