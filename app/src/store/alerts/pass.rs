//! The nightly pass of the alert rules over every open case, in parts, and the notifications it
//! leaves, flushed in batches.

use super::*;

/// Gives each alert not yet notified at its level a notification to its owner, for the cases with
/// ids `lo..=hi`. Returns how many.
pub(super) async fn flush_notifications(tx: &mut Tx, lo: i64, hi: i64) -> StoreResult<u64> {
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
pub(super) async fn pass_chunk(
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
