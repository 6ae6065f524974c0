//! The service-level clocks of tickets: pauses while a ticket waits for its reporter, the
//! clocks and their states, and the pass that marks tickets due soon or overdue.

use super::*;

pub(super) async fn pauses(tx: &mut Tx, ticket: i64) -> StoreResult<Vec<Pause>> {
    let rows: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = on_tx!(tx, |c| {
        sqlx::query_as("SELECT paused_at, resumed_at FROM ticket_pauses WHERE ticket_id = $1 ORDER BY id")
            .bind(ticket)
            .fetch_all(c)
            .await?
    });
    Ok(rows.into_iter().map(|(from, to)| Pause { from, to }).collect())
}

/// The pauses of a ticket, read outside a transaction.
pub async fn pauses_of(db: &Db, ticket: i64) -> StoreResult<Vec<Pause>> {
    let rows: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = on_db!(db, |c| {
        sqlx::query_as("SELECT paused_at, resumed_at FROM ticket_pauses WHERE ticket_id = $1 ORDER BY id")
            .bind(ticket)
            .fetch_all(c)
            .await?
    });
    Ok(rows.into_iter().map(|(from, to)| Pause { from, to }).collect())
}

/// Starts a pause unless one lasts already.
pub async fn pause(tx: &mut Tx, ticket: i64, at: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO ticket_pauses (ticket_id, paused_at) SELECT $1, $2 \
             WHERE NOT EXISTS (SELECT 1 FROM ticket_pauses WHERE ticket_id = $1 AND resumed_at IS NULL)",
        )
        .bind(ticket)
        .bind(at)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Ends the pause that lasts, if any.
pub async fn resume(tx: &mut Tx, ticket: i64, at: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| {
        sqlx::query("UPDATE ticket_pauses SET resumed_at = $2 WHERE ticket_id = $1 AND resumed_at IS NULL")
            .bind(ticket)
            .bind(at)
            .execute(c)
            .await?;
    });
    Ok(())
}

/// The two clocks of a ticket: first response and resolution.
pub fn clocks(t: &TicketRow, pauses: &[Pause]) -> (SlaClock, SlaClock) {
    let first = SlaClock { started: t.created_at, stopped: t.first_response_at, pauses: pauses.to_vec() };
    let resolution = SlaClock { started: t.created_at, stopped: t.resolved_at, pauses: pauses.to_vec() };
    (first, resolution)
}

/// The business-time calendar of the SLA clocks.
pub fn sla_calendar(calendar: &Calendar) -> SlaCalendar<'_, chrono_tz::Tz> {
    SlaCalendar { calendar, hours: BusinessHours::default(), tz: zone() }
}

/// Works out the clocks' breach times from the ticket as it now stands and stores them.
pub async fn set_clocks(tx: &mut Tx, t: &TicketRow, calendar: &Calendar, at: DateTime<Utc>) -> StoreResult<()> {
    let p = pauses(tx, t.id).await?;
    let (first, resolution) = clocks(t, &p);
    let cal = sla_calendar(calendar);
    let (first_target, resolution_target) = (t.first_response_target, t.resolution_target);
    let first_due = first.due(&cal, first_target);
    let resolution_due = resolution.due(&cal, resolution_target);
    let first_soon = first.due(&cal, first_target - first_target * i64::from(SOON_PERCENT) / 100);
    let resolution_soon = resolution.due(&cal, resolution_target - resolution_target * i64::from(SOON_PERCENT) / 100);
    let running =
        |stopped: Option<DateTime<Utc>>, due: Option<DateTime<Utc>>| if stopped.is_none() { due } else { None };
    let breach =
        [running(t.first_response_at, first_due), running(t.resolved_at, resolution_due)].into_iter().flatten().min();
    let soon =
        [running(t.first_response_at, first_soon), running(t.resolved_at, resolution_soon)].into_iter().flatten().min();
    // A met clock keeps the due time it had, for the figures.
    let first_due = if t.first_response_at.is_some() { t.first_response_due_at.or(first_due) } else { first_due };
    let resolution_due = if t.resolved_at.is_some() { t.resolution_due_at.or(resolution_due) } else { resolution_due };
    // Clocks moved past what the assignee was told (a response given, a pause, a new priority):
    // the next "soon" or "breached" is news again.
    let clear = breach.is_none_or(|b| b > at) && soon.is_none_or(|s| s > at);
    on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE tickets SET first_response_due_at = $2, resolution_due_at = $3, breach_at = $4, soon_at = $5, \
             sla_notified = CASE WHEN $6 THEN NULL ELSE sla_notified END WHERE id = $1",
        )
        .bind(t.id)
        .bind(first_due)
        .bind(resolution_due)
        .bind(breach)
        .bind(soon)
        .bind(clear)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// The states of a ticket's two clocks at `at`.
pub fn clock_states(
    t: &TicketRow,
    pauses: &[Pause],
    calendar: &Calendar,
    at: DateTime<Utc>,
) -> [(SlaState, i64, i64); 2] {
    let (first, resolution) = clocks(t, pauses);
    let cal = sla_calendar(calendar);
    [(first, t.first_response_target), (resolution, t.resolution_target)]
        .map(|(clock, target)| (clock.state(&cal, target, at, SOON_PERCENT), target, clock.elapsed(&cal, at)))
}

/// What one SLA pass told: of how many tickets, in how many notifications.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlaPassReport {
    pub soon: u64,
    pub breached: u64,
    pub notices: u64,
}

/// Tells each assignee and the support leads who work the ticket's territory, once, of the
/// tickets breaching soon and breached at `at` (the leads also of those nobody holds). Each ticket's `sla_notified` is moved by one
/// conditional `UPDATE`, so passes on several instances at once tell nobody twice.
pub async fn sla_pass(store: &crate::store::Store, at: DateTime<Utc>) -> StoreResult<SlaPassReport> {
    let mut tx = store.begin().await?;
    let breached: Vec<(i64, Option<i64>, String)> = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "UPDATE tickets SET sla_notified = 'breached' WHERE breach_at <= $1 \
             AND (sla_notified IS NULL OR sla_notified <> 'breached') RETURNING id, assignee_id, territory_path",
        )
        .bind(at)
        .fetch_all(c)
        .await?
    });
    let soon: Vec<(i64, Option<i64>, String)> = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "UPDATE tickets SET sla_notified = 'soon' WHERE soon_at <= $1 AND breach_at > $1 \
             AND sla_notified IS NULL RETURNING id, assignee_id, territory_path",
        )
        .bind(at)
        .fetch_all(c)
        .await?
    });
    let leads = if breached.is_empty() && soon.is_empty() {
        Vec::new()
    } else {
        crate::store::support_rules::leads_tx(&mut tx).await?
    };
    use crate::domain::deadlines::NotificationKind as N;
    let mut report = SlaPassReport::default();
    for (rows, kind) in [(&breached, N::TicketBreached), (&soon, N::TicketSoon)] {
        for (id, assignee, path) in rows {
            // The leads whose territory holds the ticket's.
            let theirs = leads.iter().filter(|(_, p)| path.starts_with(p.as_str())).map(|(l, _)| *l);
            let mut told: Vec<i64> = assignee.iter().copied().chain(theirs).collect();
            told.sort_unstable();
            told.dedup();
            for u in &told {
                crate::store::alerts::notify_ticket(&mut tx, *u, kind, *id, None).await?;
            }
            if !told.is_empty() {
                match kind {
                    N::TicketBreached => report.breached += 1,
                    _ => report.soon += 1,
                }
                report.notices += told.len() as u64;
            }
        }
    }
    tx.commit().await?;
    Ok(report)
}
