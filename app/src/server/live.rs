//! Live updates and the alert scheduler: the background work of a running instance.
//!
//! **Live.** Each open page holds one server-sent-events stream (`GET /api/alerts/live`) that
//! carries the user's unread count whenever it changes. Notifications are rows in the database,
//! written by whichever instance handled the change, so every instance polls the table for new
//! rows (by id, on its primary key, once a second) and wakes the streams of those users that are
//! connected to it: the event reaches a user whichever instance they are on. A user's own reads
//! wake their streams on the instance that served them at once.
//!
//! **Scheduler.** Every few minutes (and at start) each instance runs a pass of the alert rules
//! ([`crate::store::alerts::run_pass`]); passes are idempotent, and on PostgreSQL a second instance
//! skips a pass the first one holds.

use super::{AppState, Ctx};
use crate::store::{alerts, deadlines, Store};
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::stream::Stream;
use http::StatusCode;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast;
use tower_sessions::Session;

/// Wakes the live streams of a user: a broadcast of user ids whose count may have changed.
#[derive(Clone, Debug)]
pub struct Live {
    tx: broadcast::Sender<i64>,
}

impl Default for Live {
    fn default() -> Self {
        Live { tx: broadcast::channel(4096).0 }
    }
}

impl Live {
    /// The count of `user` may have changed: their streams on this instance look again.
    pub fn poke(&self, user: i64) {
        // Nobody listening is fine.
        let _ = self.tx.send(user);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.tx.subscribe()
    }
}

/// How often each instance looks for new notifications.
pub const POLL: Duration = Duration::from_secs(1);

/// Polls the notifications table for new rows and pokes their users, until the process ends.
pub async fn watch_notifications(store: Store, live: Live) {
    let mut last = loop {
        match alerts::newest_notification(store.db()).await {
            Ok(n) => break n,
            Err(e) => {
                tracing::warn!(error = %e, "live updates: cannot read notifications; retrying");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    };
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        // Several batches when a pass notified many users at once.
        loop {
            match alerts::notified_since(store.db(), last, 5000).await {
                Ok((users, newest)) => {
                    for u in users {
                        live.poke(u);
                    }
                    let full = newest != last && newest - last >= 5000;
                    last = newest;
                    if !full {
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "live updates: cannot read notifications");
                    break;
                }
            }
        }
    }
}

/// Runs a pass of the alert rules now, for today. Used by the scheduler and by `vatra alerts`.
pub async fn alert_pass(store: &Store) -> Result<alerts::PassReport, crate::store::StoreError> {
    let today = crate::store::today();
    let dl = deadlines::load(store.db(), today).await?;
    alerts::run_pass(store, &dl, today).await
}

/// Runs the alert rules every `every`, starting now, until the process ends.
pub async fn schedule_alerts(store: Store, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let started = std::time::Instant::now();
        match alert_pass(&store).await {
            Ok(r) if r.ran => tracing::info!(
                resolved = r.resolved,
                created = r.created,
                levels = r.levels_changed,
                escalated = r.escalated,
                notified = r.notified,
                ms = started.elapsed().as_millis() as u64,
                "alert pass"
            ),
            Ok(_) => tracing::debug!("alert pass held by another instance"),
            Err(e) => tracing::warn!(error = %e, "alert pass failed"),
        }
        match crate::store::tickets::sla_pass(&store, crate::store::now()).await {
            Ok(r) if r != Default::default() => {
                tracing::info!(soon = r.soon, breached = r.breached, notices = r.notices, "sla pass")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "sla pass failed"),
        }
    }
}

/// Starts the background work of a serving instance: the live feed, the alert scheduler and,
/// when SMTP is configured, alert e-mail.
pub fn start(state: &AppState) {
    tokio::spawn(watch_notifications(state.store.clone(), state.live.clone()));
    tokio::spawn(schedule_alerts(state.store.clone(), state.config.alert_interval));
    if let Some(settings) = &state.config.mail {
        match super::mail::Mailer::new(settings) {
            Ok(mailer) => {
                tokio::spawn(super::mail::run(state.store.clone(), mailer));
            }
            Err(e) => tracing::error!(error = %e, "alert e-mail is off"),
        }
    }
}

/// `GET /api/alerts/live`: the caller's unread count now and on every change, as server-sent
/// events named `unread`. The browser's `EventSource` reconnects by itself.
pub async fn live_stream(
    State(state): State<AppState>,
    client: Option<Extension<super::context::ClientInfo>>,
    session: Session,
) -> Response {
    let ctx = Ctx { state: state.clone(), session: Some(session), client: client.map(|c| c.0).unwrap_or_default() };
    let user = match ctx.user().await {
        Ok(Some(u)) => u,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let stream = unread_events(state.store.clone(), state.live.subscribe(), user.id());
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))).into_response()
}

/// Waits until `user` is poked (or pokes were missed); `None` when the hub is gone.
async fn wait_for(rx: &mut broadcast::Receiver<i64>, user: i64) -> Option<()> {
    loop {
        match rx.recv().await {
            Ok(u) if u == user => return Some(()),
            Ok(_) => continue,
            // Missed some: look again to be sure.
            Err(broadcast::error::RecvError::Lagged(_)) => return Some(()),
            Err(broadcast::error::RecvError::Closed) => return None,
        }
    }
}

fn unread_events(
    store: Store,
    rx: broadcast::Receiver<i64>,
    user: i64,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures::stream::unfold((store, rx, true, -1i64), move |(store, mut rx, first, last)| async move {
        if !first {
            wait_for(&mut rx, user).await?;
        }
        let count = loop {
            match alerts::unread_count(store.db(), user).await {
                Ok(n) if n != last => break n,
                // Unchanged (say, a read in another tab, already counted): wait for the next.
                Ok(_) => wait_for(&mut rx, user).await?,
                Err(e) => {
                    tracing::warn!(error = %e, "live updates: cannot count unread notifications");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        };
        let event = Event::default().event("unread").data(count.to_string());
        Some((Ok(event), (store, rx, false, count)))
    })
}
