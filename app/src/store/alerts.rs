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

/// Gives each alert not yet notified at its level a notification to its owner, for the cases with
/// ids `lo..=hi`. Returns how many.
async fn flush_notifications(tx: &mut Tx, lo: i64, hi: i64) -> StoreResult<u64> {
    let at = now();
    let n = match tx {
        // One statement: the rows it marks are the rows it notifies, whatever runs beside it.
        Tx::Postgres(t) => sqlx::query(
            "WITH marked AS (UPDATE alerts SET notified = TRUE WHERE notified = FALSE AND state <> 'resolved' \
             AND case_id BETWEEN $1 AND $3 RETURNING id, owner_id, level, case_id, step) \
             INSERT INTO notifications (user_id, kind, case_id, alert_id, detail, created_at) \
             SELECT owner_id, level, case_id, id, step, $2 FROM marked",
        )
        .bind(lo)
        .bind(at)
        .bind(hi)
        .execute(&mut **t)
        .await?
        .rows_affected(),
        // SQLite has one writer at a time: the two statements see the same rows.
        Tx::Sqlite(t) => {
            let n = sqlx::query(
                "INSERT INTO notifications (user_id, kind, case_id, alert_id, detail, created_at) \
                 SELECT owner_id, level, case_id, id, step, $1 FROM alerts WHERE notified = FALSE AND state <> 'resolved' \
                 AND case_id BETWEEN $2 AND $3",
            )
            .bind(at)
            .bind(lo)
            .bind(hi)
            .execute(&mut **t)
            .await?
            .rows_affected();
            sqlx::query("UPDATE alerts SET notified = TRUE WHERE notified = FALSE AND case_id BETWEEN $1 AND $2")
                .bind(lo)
                .bind(hi)
                .execute(&mut **t)
                .await?;
            n
        }
    };
    Ok(n)
}

/// One pass of the alert rules over every open case, for `today`: resolves alerts whose step is
/// done or re-dated, raises the ones now due soon, moves levels on (due today, overdue), escalates
/// what is overdue too long, and notifies. Idempotent: a second pass on the same day does nothing.
pub async fn run_pass(store: &Store, dl: &Deadlines, today: NaiveDate) -> StoreResult<PassReport> {
    run_pass_in_parts(store, dl, today, PASS_CHUNK).await
}

/// [`run_pass`] in parts of `chunk` case ids (tests use small parts).
pub async fn run_pass_in_parts(store: &Store, dl: &Deadlines, today: NaiveDate, chunk: i64) -> StoreResult<PassReport> {
    let chunk = chunk.max(1);
    let (first, last): (Option<i64>, Option<i64>) =
        on_db!(store.db(), |c| sqlx::query_as("SELECT MIN(id), MAX(id) FROM cases").fetch_one(c).await?);
    let mut report = PassReport { ran: true, ..PassReport::default() };
    let (Some(first), Some(last)) = (first, last) else { return Ok(report) };
    let soon = dl.soon_limit(today);
    let escalate = dl.escalation_limit(today);
    let mut lo = first;
    while lo <= last {
        let hi = lo.saturating_add(chunk - 1);
        let r = pass_chunk(store, today, soon, escalate, lo, hi).await?;
        if !r.ran {
            // Another instance is running the pass.
            return Ok(PassReport { ran: false, ..report });
        }
        report.resolved += r.resolved;
        report.created += r.created;
        report.levels_changed += r.levels_changed;
        report.escalated += r.escalated;
        report.notified += r.notified;
        lo = hi.saturating_add(1);
    }
    Ok(report)
}

/// How many case ids one transaction of a pass covers: on SQLite a pass holds the write lock
/// only this long at a time, so the workers' saves go on beside it.
pub const PASS_CHUNK: i64 = 20_000;

/// The pass for the cases with ids `lo..=hi`, in one transaction.
async fn pass_chunk(
    store: &Store,
    today: NaiveDate,
    soon: NaiveDate,
    escalate: NaiveDate,
    lo: i64,
    hi: i64,
) -> StoreResult<PassReport> {
    let mut tx = store.begin().await?;
    if let Tx::Postgres(t) = &mut tx {
        // One instance at a time on a part; the lock ends with the transaction.
        let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(7461001)").fetch_one(&mut **t).await?;
        if !got {
            return Ok(PassReport::default());
        }
    }
    let at = now();
    let mut report = PassReport { ran: true, ..PassReport::default() };

    // 1. The work is done (or moved, or re-dated): the alert resolves itself.
    report.resolved = on_tx!(&mut tx, |c| {
        sqlx::query(concat!(
            "UPDATE alerts SET state = 'resolved', resolved_at = $1, updated_at = $1, version = version + 1 \
             WHERE state <> 'resolved' AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.id = alerts.case_id \
             AND k.next_step = alerts.step AND k.next_due_on = alerts.due_on \
             AND (alerts.kind <> 'deadline' OR alerts.step IN ",
            supervisor_steps!(),
            " OR k.manager_id = alerts.owner_id)) \
             AND alerts.case_id BETWEEN $2 AND $3"
        ))
        .bind(at)
        .bind(lo)
        .bind(hi)
        .execute(c)
        .await?
        .rows_affected()
    });

    // 2. Steps due soon (or already late) get their alert: the manager's steps to the manager,
    // the supervisors' to each supervisor of the territory.
    let manager_steps = concat!(
        "INSERT INTO alerts (case_id, kind, step, owner_id, due_on, level, state, notified, created_at, updated_at, \
         version) SELECT k.id, 'deadline', k.next_step, k.manager_id, k.next_due_on, ",
        level_on!("k.next_due_on"),
        ", 'open', FALSE, $1, $1, 1 \
         FROM cases k WHERE k.next_due_on <= $3 AND k.manager_id IS NOT NULL AND k.next_step NOT IN ",
        supervisor_steps!(),
        " \
         AND k.id BETWEEN $4 AND $5 ON CONFLICT DO NOTHING"
    );
    let supervisor_steps = concat!(
        with_supervisors!(),
        "INSERT INTO alerts (case_id, kind, step, owner_id, due_on, level, state, notified, created_at, updated_at, \
         version) SELECT k.id, 'deadline', k.next_step, u.id, k.next_due_on, ",
        level_on!("k.next_due_on"),
        ", 'open', FALSE, $1, $1, 1 \
         FROM cases k JOIN sup u ON ",
        over_case!(),
        " WHERE k.next_due_on <= $3 AND k.next_step IN ",
        supervisor_steps!(),
        " \
         AND k.id BETWEEN $4 AND $5 ON CONFLICT DO NOTHING"
    );
    for sql in [manager_steps, supervisor_steps] {
        report.created += on_tx!(&mut tx, |c| sqlx::query(sql)
            .bind(at)
            .bind(today)
            .bind(soon)
            .bind(lo)
            .bind(hi)
            .execute(c)
            .await?
            .rows_affected());
    }

    // 3. A new day moves levels on; the owner hears of each new level.
    report.levels_changed = on_tx!(&mut tx, |c| {
        sqlx::query(concat!(
            "UPDATE alerts SET level = ",
            level_on!("due_on"),
            ", notified = FALSE, updated_at = $1, version = version + 1 \
             WHERE kind = 'deadline' AND state <> 'resolved' AND level <> ",
            level_on!("due_on"),
            " AND case_id BETWEEN $3 AND $4"
        ))
        .bind(at)
        .bind(today)
        .bind(lo)
        .bind(hi)
        .execute(c)
        .await?
        .rows_affected()
    });

    // 4. A manager's step overdue too long goes to the territory's supervisors. The part's range
    // is on the cases too: PostgreSQL does not carry it over the join, and without it joined
    // every case to each supervisor before looking for the part's alerts (seconds a part).
    report.escalated = on_tx!(&mut tx, |c| {
        sqlx::query(concat!(
            with_supervisors!(),
            "INSERT INTO alerts (case_id, kind, step, owner_id, due_on, level, state, notified, created_at, updated_at, \
             version) SELECT a.case_id, 'escalation', a.step, u.id, a.due_on, 'escalated', 'open', FALSE, $1, $1, 1 \
             FROM alerts a JOIN cases k ON k.id = a.case_id JOIN sup u ON ", over_case!(), " \
             WHERE a.kind = 'deadline' AND a.state <> 'resolved' AND a.due_on <= $2 AND a.step NOT IN ", supervisor_steps!(), " \
             AND a.case_id BETWEEN $3 AND $4 AND k.id BETWEEN $3 AND $4 ON CONFLICT DO NOTHING"
        ))
        .bind(at)
        .bind(escalate)
        .bind(lo)
        .bind(hi)
        .execute(c)
        .await?
        .rows_affected()
    });

    // 5. Everything new reaches its owner.
    report.notified = flush_notifications(&mut tx, lo, hi).await?;
    tx.commit().await?;
    Ok(report)
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

/// One notification as its list shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
    pub actor_name: Option<String>,
    pub detail: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// Which notifications a list shows.
#[derive(Clone, Debug, Default)]
pub struct NotificationFilter {
    pub unread_only: bool,
    /// At most four kind codes (one, or the four alert levels); empty: every kind.
    pub kinds: Vec<String>,
    /// Only those older than this id (the next page).
    pub before: Option<i64>,
}

/// A page of `user`'s notifications, newest first: `limit` rows (the caller asks one more to know
/// whether another page follows).
pub async fn notifications(
    db: &Db,
    user: i64,
    f: &NotificationFilter,
    limit: i64,
) -> StoreResult<Vec<NotificationRow>> {
    // Up to four kinds (one, or the four alert levels), bound; the unused places hold a code no
    // notification has.
    let mut kinds: Vec<&str> = f.kinds.iter().map(String::as_str).take(4).collect();
    kinds.resize(4, "");
    let rows = on_db!(db, |c| {
        sqlx::query_as(
            "SELECT n.id, n.kind, n.case_id, k.number AS case_number, n.ticket_id, t.number AS ticket_number, \
             u.full_name AS actor_name, n.detail, n.created_at, n.read_at FROM notifications n \
             LEFT JOIN cases k ON k.id = n.case_id LEFT JOIN tickets t ON t.id = n.ticket_id \
             LEFT JOIN users u ON u.id = n.actor_id \
             WHERE n.user_id = $1 AND ($2 = FALSE OR n.read_at IS NULL) AND ($3 IS NULL OR n.id < $3) \
             AND ($5 = FALSE OR n.kind IN ($6, $7, $8, $9)) ORDER BY n.id DESC LIMIT $4",
        )
        .bind(user)
        .bind(f.unread_only)
        .bind(f.before)
        .bind(limit)
        .bind(!f.kinds.is_empty())
        .bind(kinds[0])
        .bind(kinds[1])
        .bind(kinds[2])
        .bind(kinds[3])
        .fetch_all(c)
        .await?
    });
    Ok(rows)
}

/// How many of `user`'s notifications are unread.
pub async fn unread_count(db: &Db, user: i64) -> StoreResult<i64> {
    Ok(on_db!(db, |c| {
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user)
            .fetch_one(c)
            .await?
    }))
}

/// Marks one of `user`'s notifications read; returns where it leads (its case, its ticket), or
/// `NotFound` when it is not theirs.
pub async fn mark_read(tx: &mut Tx, user: i64, id: i64) -> StoreResult<(Option<i64>, Option<i64>)> {
    let row: Option<(Option<i64>, Option<i64>)> = on_tx!(tx, |c| {
        sqlx::query_as("SELECT case_id, ticket_id FROM notifications WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user)
            .fetch_optional(c)
            .await?
    });
    let (case_id, ticket_id) = row.ok_or(StoreError::NotFound)?;
    on_tx!(tx, |c| {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL")
            .bind(now())
            .bind(id)
            .execute(c)
            .await?;
    });
    Ok((case_id, ticket_id))
}

/// Marks `user`'s notifications about a ticket read (they opened it); returns how many.
pub async fn mark_ticket_read(db: &Db, user: i64, ticket: i64) -> StoreResult<u64> {
    Ok(on_db!(db, |c| {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND ticket_id = $3 AND read_at IS NULL")
            .bind(now())
            .bind(user)
            .bind(ticket)
            .execute(c)
            .await?
            .rows_affected()
    }))
}

/// Marks all of `user`'s notifications up to `up_to` (the newest they saw) read; returns how many.
pub async fn mark_all_read(tx: &mut Tx, user: i64, up_to: i64) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND id <= $3")
            .bind(now())
            .bind(user)
            .bind(up_to)
            .execute(c)
            .await?
            .rows_affected()
    }))
}

/// The users with notifications newer than `after`, and the newest id seen (for the live feed,
/// which polls this so that an event reaches its user whichever instance they are connected to).
pub async fn notified_since(db: &Db, after: i64, limit: i64) -> StoreResult<(Vec<i64>, i64)> {
    let rows: Vec<(i64, i64)> = on_db!(db, |c| {
        sqlx::query_as("SELECT id, user_id FROM notifications WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(c)
            .await?
    });
    let newest = rows.last().map(|r| r.0).unwrap_or(after);
    let mut users: Vec<i64> = rows.into_iter().map(|r| r.1).collect();
    users.sort_unstable();
    users.dedup();
    Ok((users, newest))
}

/// The newest notification id (the live feed starts from it).
pub async fn newest_notification(db: &Db) -> StoreResult<i64> {
    Ok(on_db!(db, |c| {
        sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM notifications").fetch_one(c).await?.unwrap_or(0)
    }))
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
