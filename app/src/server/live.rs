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
use crate::domain::AppError;
use crate::store::{alerts, deadlines, Store};
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::stream::{Stream, StreamExt};
use http::StatusCode;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;
use tower_sessions::Session;

/// Wakes the live streams of a user: a broadcast of user ids whose count may have changed.
/// Also counts each user's open streams on this instance, to cap them.
#[derive(Clone, Debug)]
pub struct Live {
    tx: broadcast::Sender<i64>,
    open: Arc<Mutex<HashMap<i64, usize>>>,
}

impl Default for Live {
    fn default() -> Self {
        Live { tx: broadcast::channel(4096).0, open: Arc::default() }
    }
}

/// The most live streams one user may hold open on one instance (tabs and devices together).
pub const MAX_STREAMS_PER_USER: usize = 8;

/// How often an open stream checks that its session still stands, at the least (it also
/// checks at every event).
pub const SESSION_CHECK: Duration = Duration::from_secs(60);

impl Live {
    /// The count of `user` may have changed: their streams on this instance look again.
    pub fn poke(&self, user: i64) {
        // Nobody listening is fine.
        let _ = self.tx.send(user);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.tx.subscribe()
    }

    /// A place for one more stream of `user`, or `None` when they hold the most already.
    /// The place is given back when the guard drops (the stream ends).
    pub fn admit(&self, user: i64) -> Option<StreamGuard> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(user).or_insert(0);
        if *n >= MAX_STREAMS_PER_USER {
            return None;
        }
        *n += 1;
        Some(StreamGuard { open: self.open.clone(), user })
    }

    /// The streams `user` holds open on this instance.
    pub fn open_streams(&self, user: i64) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).get(&user).copied().unwrap_or(0)
    }
}

/// One open stream's place in its user's count.
#[derive(Debug)]
pub struct StreamGuard {
    open: Arc<Mutex<HashMap<i64, usize>>>,
    user: i64,
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.user) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.user);
            }
        }
    }
}

/// The session store, for streams to look their session up again while they run.
#[derive(Clone)]
pub struct Sessions(Arc<super::http::SessionBackend>);

impl Sessions {
    pub fn new(backend: &super::http::SessionBackend) -> Self {
        Sessions(Arc::new(backend.clone()))
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

/// Signs the audit chain's head every few minutes (and at start), until the process ends.
async fn checkpoint_audit(store: Store, config: Arc<super::Config>) {
    let mut tick = tokio::time::interval(config.audit_checkpoint_every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = store.write_audit_checkpoint(&config.audit_checkpoint_dir).await {
            tracing::error!(error = %e, dir = %config.audit_checkpoint_dir.display(), "could not write an audit checkpoint");
        }
    }
}

/// Starts the background work of a serving instance: the live feed, the alert scheduler, the
/// audit checkpoints, the pruning of the sign-in limiters and, when SMTP is configured, alert
/// e-mail.
pub fn start(state: &AppState) {
    tokio::spawn(watch_notifications(state.store.clone(), state.live.clone()));
    tokio::spawn(schedule_alerts(state.store.clone(), state.config.alert_interval));
    tokio::spawn(checkpoint_audit(state.store.clone(), state.config.clone()));
    // The sign-in limiters forget the keys whose limits have refilled.
    let limiters = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiters.prune_limiters();
        }
    });
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
/// events named `unread`. The browser's `EventSource` reconnects by itself. The stream ends as
/// soon as its session does (signed out, expired, password changed, deactivated): it looks the
/// session up again at every event and at least every [`SESSION_CHECK`].
pub async fn live_stream(
    State(state): State<AppState>,
    Extension(sessions): Extension<Sessions>,
    client: Option<Extension<super::context::ClientInfo>>,
    session: Session,
) -> Response {
    const ACTION: &str = "alerts.live";
    let client = client.map(|c| c.0).unwrap_or_default();
    let ctx = Ctx { state: state.clone(), session: Some(session.clone()), client: client.clone() };
    let user = match ctx.require_user(ACTION).await {
        Ok(u) => u,
        Err(AppError::Unauthenticated) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(AppError::Forbidden) => return StatusCode::FORBIDDEN.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let Some(guard) = state.live.admit(user.id()) else {
        let e = ctx.refuse(Some(&user), ACTION, AppError::RateLimited { retry_after_secs: 60 }, "too many streams");
        let _ = e.await;
        return StatusCode::TOO_MANY_REQUESTS.into_response();
    };
    let Some(id) = session.id() else { return StatusCode::UNAUTHORIZED.into_response() };
    let uid = user.id();
    // Looks the session up afresh in the store (a `Session` caches what it loaded once).
    let still_signed_in = move || {
        let ctx = Ctx {
            state: state.clone(),
            session: Some(Session::new(Some(id), sessions.0.clone(), None)),
            client: client.clone(),
        };
        async move { matches!(ctx.user().await, Ok(Some(u)) if u.id() == uid) }
    };
    let stream = unread_events(ctx.state.store.clone(), ctx.state.live.subscribe(), uid, still_signed_in);
    // The guard lives as long as the stream.
    let stream = stream.map(move |e| {
        let _ = &guard;
        e
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))).into_response()
}

/// Why a stream woke.
enum Wake {
    /// `user` was poked (or pokes were missed).
    Poked,
    /// Time to check the session again.
    Check,
}

/// Waits until `user` is poked (or pokes were missed) or `check` passes; `None` when the hub is gone.
async fn wait_for(rx: &mut broadcast::Receiver<i64>, user: i64, check: Duration) -> Option<Wake> {
    let poked = async {
        loop {
            match rx.recv().await {
                Ok(u) if u == user => return Some(Wake::Poked),
                Ok(_) => continue,
                // Missed some: look again to be sure.
                Err(broadcast::error::RecvError::Lagged(_)) => return Some(Wake::Poked),
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    };
    tokio::select! {
        w = poked => w,
        _ = tokio::time::sleep(check) => Some(Wake::Check),
    }
}

fn unread_events<F, Fut>(
    store: Store,
    rx: broadcast::Receiver<i64>,
    user: i64,
    still_signed_in: F,
) -> impl Stream<Item = Result<Event, Infallible>>
where
    F: Fn() -> Fut + Clone,
    Fut: std::future::Future<Output = bool>,
{
    futures::stream::unfold((store, rx, true, -1i64), move |(store, mut rx, first, last)| {
        let still_signed_in = still_signed_in.clone();
        async move {
            let mut wake = if first { Wake::Poked } else { wait_for(&mut rx, user, SESSION_CHECK).await? };
            let count = loop {
                if !still_signed_in().await {
                    return None;
                }
                if let Wake::Check = wake {
                    wake = wait_for(&mut rx, user, SESSION_CHECK).await?;
                    continue;
                }
                match alerts::unread_count(store.db(), user).await {
                    Ok(n) if n != last => break n,
                    // Unchanged (say, a read in another tab, already counted): wait for the next.
                    Ok(_) => wake = wait_for(&mut rx, user, SESSION_CHECK).await?,
                    Err(e) => {
                        tracing::warn!(error = %e, "live updates: cannot count unread notifications");
                        tokio::time::sleep(Duration::from_secs(5)).await;
                    }
                }
            };
            let event = Event::default().event("unread").data(count.to_string());
            Some((Ok(event), (store, rx, false, count)))
        }
    })
}
