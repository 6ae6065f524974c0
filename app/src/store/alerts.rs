//! Alerts and notifications: the alert rules as SQL, run on every case change ([`sync_case`])
//! and on a schedule ([`run_pass`]), and each user's notifications.
//!
//! An alert is live until resolved; the `alerts_live` unique index allows one live alert per
//! case, kind, step and owner, and every insert here is `ON CONFLICT DO NOTHING`, so running the
//! rules twice, or on two instances at once, raises nothing twice. A pass goes through the cases
//! in parts of [`PASS_CHUNK`] ids, one transaction each (on SQLite the write lock is held one part
//! at a time); on PostgreSQL each part takes an advisory lock, and an instance that finds it held
//! leaves the pass to the one holding it. Every statement works on a set: nothing loads the case
//! table into memory.

use super::cases::CaseRow;
use super::{now, on_db, on_tx, Db, Store, StoreError, StoreResult, Tx};
use crate::domain::case::CaseStatus;
use crate::domain::deadlines::{Deadlines, NotificationKind};
use crate::domain::next_step::NextStep;
use chrono::{DateTime, NaiveDate, Utc};

// The SQL pieces below are literals that `concat!` joins at compile time: every value a
// statement uses is a bound parameter.

/// The steps a supervisor takes: their alerts go to every supervisor of the case's territory, and
/// they are not escalated further.
macro_rules! supervisor_steps {
    () => {
        "('assign', 'plan_approval', 'closure_approval')"
    };
}

/// The level of a deadline alert due on the date column `$d`, on the day bound as `$2`.
macro_rules! level_on {
    ($d:literal) => {
        concat!("CASE WHEN ", $d, " < $2 THEN 'overdue' WHEN ", $d, " = $2 THEN 'due_today' ELSE 'due_soon' END")
    };
}

/// A user `u` is active and a supervisor.
macro_rules! is_supervisor {
    () => {
        "u.active = TRUE AND (',' || u.roles || ',') LIKE '%,supervisor,%'"
    };
}

/// The user `u`'s territory contains the case `k`'s.
macro_rules! over_case {
    () => {
        "substr(k.territory_path, 1, length(u.territory_path)) = u.territory_path"
    };
}

/// The supervisors of a case's territory: active users with the supervisor role whose territory
/// contains the case's (`k` is the case, `u` the user).
macro_rules! supervises {
    () => {
        concat!(is_supervisor!(), " AND ", over_case!())
    };
}

/// The active supervisors, read once, as `sup` (joined as `u` on `over_case`), for a statement
/// of the pass over many cases. Joined to `users` directly, a plan that takes the alerts of a
/// part for a handful of rows (their statistics lag while the pass writes them) reads every user
/// again for each alert: on PostgreSQL that made each part's escalation take seconds.
macro_rules! with_supervisors {
    () => {
        concat!("WITH sup AS MATERIALIZED (SELECT u.id, u.territory_path FROM users u WHERE ", is_supervisor!(), ") ")
    };
}

/// What one pass of the scheduler did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassReport {
    /// False when another instance held the pass (PostgreSQL) and this one did nothing.
    pub ran: bool,
    pub resolved: u64,
    pub created: u64,
    pub levels_changed: u64,
    pub escalated: u64,
    pub notified: u64,
}

/// Writes a notification for `user` (nobody is notified of their own action).
pub async fn notify(
    tx: &mut Tx,
    user: i64,
    kind: NotificationKind,
    case_id: Option<i64>,
    actor: Option<i64>,
    detail: Option<&str>,
) -> StoreResult<()> {
    if actor == Some(user) {
        return Ok(());
    }
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, case_id, actor_id, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(user)
        .bind(kind.as_str())
        .bind(case_id)
        .bind(actor)
        .bind(detail)
        .bind(now())
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Tells `user` about a ticket (not when they are the actor).
pub async fn notify_ticket(
    tx: &mut Tx,
    user: i64,
    kind: NotificationKind,
    ticket_id: i64,
    actor: Option<i64>,
) -> StoreResult<()> {
    if actor == Some(user) {
        return Ok(());
    }
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, ticket_id, actor_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user)
        .bind(kind.as_str())
        .bind(ticket_id)
        .bind(actor)
        .bind(now())
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Notifies every supervisor of the case's territory but the actor.
pub async fn notify_supervisors(
    tx: &mut Tx,
    case: &CaseRow,
    kind: NotificationKind,
    actor: i64,
    detail: Option<&str>,
) -> StoreResult<()> {
    let sql = concat!(
        "INSERT INTO notifications (user_id, kind, case_id, actor_id, detail, created_at) \
         SELECT u.id, $1, k.id, $2, $3, $4 FROM cases k JOIN users u ON ",
        supervises!(),
        " WHERE k.id = $5 AND u.id <> $2"
    );
    on_tx!(tx, |c| {
        sqlx::query(sql).bind(kind.as_str()).bind(actor).bind(detail).bind(now()).bind(case.id).execute(c).await?;
    });
    Ok(())
}

/// The notifications a case change raises, from the case as it was and as it is now: a new case
/// manager hears of it, and a plan or closure waiting for approval reaches the supervisors.
pub async fn on_case_change(tx: &mut Tx, before: Option<&CaseRow>, after: &CaseRow, actor: i64) -> StoreResult<()> {
    if let Some(m) = after.manager_id {
        if before.and_then(|b| b.manager_id) != Some(m) {
            notify(tx, m, NotificationKind::CaseAssigned, Some(after.id), Some(actor), None).await?;
        }
    }
    let waiting = matches!(after.status(), CaseStatus::PlanApproval | CaseStatus::ClosureApproval);
    if waiting && before.map(|b| b.status.as_str()) != Some(after.status.as_str()) {
        notify_supervisors(tx, after, NotificationKind::ApprovalWaiting, actor, Some(&after.status)).await?;
    }
    Ok(())
}

/// Runs the alert rules for one case inside its change's transaction: alerts for a step that is
/// done, moved to someone else or re-dated are resolved, and the step it waits for now gets its
/// alert (and its owner a notification) if it is due soon, today or overdue.
pub async fn sync_case(
    tx: &mut Tx,
    before: Option<&CaseRow>,
    case: &CaseRow,
    dl: &Deadlines,
    today: NaiveDate,
) -> StoreResult<()> {
    let at = now();
    let moved = before.is_some_and(|b| b.manager_id != case.manager_id || b.territory_path != case.territory_path);
    let step = case.next_step.as_deref().and_then(NextStep::parse_db);
    match (step, case.next_due_on) {
        (Some(s), Some(due)) if !moved => {
            on_tx!(tx, |c| {
                sqlx::query(
                    "UPDATE alerts SET state = 'resolved', resolved_at = $1, updated_at = $1, version = version + 1 \
                     WHERE case_id = $2 AND state <> 'resolved' AND (step <> $3 OR due_on <> $4)",
                )
                .bind(at)
                .bind(case.id)
                .bind(s.as_str())
                .bind(due)
                .execute(c)
                .await?;
            });
        }
        _ => {
            on_tx!(tx, |c| {
                sqlx::query(
                    "UPDATE alerts SET state = 'resolved', resolved_at = $1, updated_at = $1, version = version + 1 \
                     WHERE case_id = $2 AND state <> 'resolved'",
                )
                .bind(at)
                .bind(case.id)
                .execute(c)
                .await?;
            });
        }
    }
    let (Some(step), Some(due)) = (step, case.next_due_on) else { return Ok(()) };
    let Some(level) = dl.level(due, today) else { return Ok(()) };
    if step.taken_by_supervisor() {
        let sql = concat!(
            "INSERT INTO alerts (case_id, kind, step, owner_id, due_on, level, state, notified, created_at, updated_at, \
             version) SELECT k.id, 'deadline', $1, u.id, $2, $3, 'open', FALSE, $4, $4, 1 \
             FROM cases k JOIN users u ON ", supervises!(), " WHERE k.id = $5 ON CONFLICT DO NOTHING"
        );
        on_tx!(tx, |c| {
            sqlx::query(sql)
                .bind(step.as_str())
                .bind(due)
                .bind(level.as_str())
                .bind(at)
                .bind(case.id)
                .execute(c)
                .await?;
        });
    } else if let Some(manager) = case.manager_id {
        on_tx!(tx, |c| {
            sqlx::query(
                "INSERT INTO alerts (case_id, kind, step, owner_id, due_on, level, state, notified, created_at, \
                 updated_at, version) VALUES ($1, 'deadline', $2, $3, $4, $5, 'open', FALSE, $6, $6, 1) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(case.id)
            .bind(step.as_str())
            .bind(manager)
            .bind(due)
            .bind(level.as_str())
            .bind(at)
            .execute(c)
            .await?;
        });
        if dl.escalated(due, today) {
            let sql = concat!(
                "INSERT INTO alerts (case_id, kind, step, owner_id, due_on, level, state, notified, created_at, \
                 updated_at, version) SELECT k.id, 'escalation', $1, u.id, $2, 'escalated', 'open', FALSE, $3, $3, 1 \
                 FROM cases k JOIN users u ON ",
                supervises!(),
                " WHERE k.id = $4 ON CONFLICT DO NOTHING"
            );
            on_tx!(tx, |c| {
                sqlx::query(sql).bind(step.as_str()).bind(due).bind(at).bind(case.id).execute(c).await?;
            });
        }
    }
    flush_notifications(tx, case.id, case.id).await?;
    Ok(())
}

/// An alert as a list shows it, with its case.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AlertRow {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub person_name: String,
    pub kind: String,
    pub step: String,
    pub owner_id: i64,
    pub manager_name: Option<String>,
    pub due_on: NaiveDate,
    pub level: String,
    pub state: String,
    pub version: i64,
}

// Persons have no `full_name` column: the name is "last first", as the case pages show it.
macro_rules! select_alert {
    () => {
        "SELECT a.id, a.case_id, k.number AS case_number, \
     p.last_name || ' ' || p.first_name AS person_name, a.kind, a.step, \
     a.owner_id, m.full_name AS manager_name, a.due_on, a.level, a.state, a.version \
     FROM alerts a JOIN cases k ON k.id = a.case_id JOIN persons p ON p.id = k.person_id \
     LEFT JOIN users m ON m.id = k.manager_id"
    };
}

/// The live alerts of `owner`, most urgent first (earliest due), at most `limit`.
pub async fn live_alerts(db: &Db, owner: i64, limit: i64) -> StoreResult<Vec<AlertRow>> {
    let sql =
        concat!(select_alert!(), " WHERE a.owner_id = $1 AND a.state <> 'resolved' ORDER BY a.due_on, a.id LIMIT $2");
    Ok(on_db!(db, |c| sqlx::query_as(sql).bind(owner).bind(limit).fetch_all(c).await?))
}

/// One alert, for its owner's change.
pub async fn alert(tx: &mut Tx, id: i64) -> StoreResult<AlertRow> {
    let sql = concat!(select_alert!(), " WHERE a.id = $1");
    let row: Option<AlertRow> = on_tx!(tx, |c| sqlx::query_as(sql).bind(id).fetch_optional(c).await?);
    row.ok_or(StoreError::NotFound)
}

/// Marks an open alert acknowledged if its version is still `expected`.
pub async fn acknowledge(tx: &mut Tx, id: i64, expected: i64) -> StoreResult<()> {
    let at = now();
    let n = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE alerts SET state = 'acknowledged', acknowledged_at = $1, updated_at = $1, version = version + 1 \
             WHERE id = $2 AND version = $3 AND state = 'open'",
        )
        .bind(at)
        .bind(id)
        .bind(expected)
        .execute(c)
        .await?
        .rows_affected()
    });
    if n != 1 {
        return Err(StoreError::Stale { changed_by: "Vatra".to_owned(), changed_at: at });
    }
    Ok(())
}

/// A worker's cases that wait for a step due on or before `until`, soonest first, with how many
/// there are in all.
pub async fn due_cases(db: &Db, manager: i64, until: NaiveDate, limit: i64) -> StoreResult<Vec<DueCaseRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            // "last first", as the case pages show it (persons have no `full_name` column).
            "SELECT k.id, k.number, p.last_name || ' ' || p.first_name AS person_name, k.next_step, k.next_due_on, \
             k.risk_level \
             FROM cases k JOIN persons p ON p.id = k.person_id \
             WHERE k.manager_id = $1 AND k.next_due_on <= $2 ORDER BY k.next_due_on, k.id LIMIT $3",
        )
        .bind(manager)
        .bind(until)
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}

/// A case in the "today" view.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueCaseRow {
    pub id: i64,
    pub number: String,
    pub person_name: String,
    pub next_step: Option<String>,
    pub next_due_on: Option<NaiveDate>,
    pub risk_level: String,
}

/// Overdue work per case manager in a territory (and below): manager, overdue steps, of which
/// escalated.
pub async fn overdue_by_worker(
    db: &Db,
    path: &str,
    today: NaiveDate,
    escalate: NaiveDate,
) -> StoreResult<Vec<(i64, String, i64, i64)>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT u.id, u.full_name, COUNT(*) AS overdue, \
             SUM(CASE WHEN k.next_due_on <= $3 THEN 1 ELSE 0 END) AS escalated \
             FROM cases k JOIN users u ON u.id = k.manager_id \
             WHERE substr(k.territory_path, 1, length($1)) = $1 AND k.next_due_on < $2 \
             GROUP BY u.id, u.full_name ORDER BY COUNT(*) DESC, u.full_name LIMIT 200",
        )
        .bind(path)
        .bind(today)
        .bind(escalate)
        .fetch_all(c)
        .await?
    }))
}

// The parts of this store, each a use case; the macros above are theirs too.
mod notifications;
mod pass;

pub use notifications::*;
pub use pass::*;
