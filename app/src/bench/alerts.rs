//! The alerts benchmark (`vatra bench-alerts`): the scheduler's pass over every open case
//! ([`alerts::run_pass`]) timed on the configured database, and the live unread count's fan-out
//! to many connected streams (`GET /api/alerts/live`) on one instance, through the real router on
//! a loopback port. The figures go in `docs/figures.md`; timing is never a test.
//!
//! Both parts write to the database (alerts, notifications, sessions, and users when there are
//! too few): point it at a scratch database filled by `vatra synth`. Alerts and notifications are
//! never deleted (the schema refuses), so the first pass of a day is a first pass only on a
//! database no pass has run on: keep a copy of the generated one to measure again.

use super::Measure;
use crate::domain::deadlines::NotificationKind;
use crate::server::AppState;
use crate::store::alerts::{self, PassReport};
use crate::store::{deadlines, on_db, Store, StoreError};
use chrono::{Duration as Days, NaiveDate};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A line of `/proc/self/status` in kB (`VmRSS`, `VmHWM`); `None` where there is no such file.
pub fn status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key) && l[key.len()..].starts_with(':'))?;
    line[key.len() + 1..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// Resident and peak resident memory now, as "RSS 12.3 MiB, peak 45.6 MiB".
pub fn memory() -> String {
    let mib = |k: Option<u64>| k.map_or_else(|| "?".to_owned(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    format!("RSS {}, peak {}", mib(status_kb("VmRSS")), mib(status_kb("VmHWM")))
}

fn err(what: &'static str) -> impl Fn(StoreError) -> String {
    move |e| format!("{what}: {e}")
}

/// Counts of the database the passes run over.
#[derive(Clone, Debug, Default)]
pub struct Census {
    pub cases: i64,
    pub open_cases: i64,
    /// Open cases waiting for a step with a due date.
    pub with_due_date: i64,
    pub live_alerts: i64,
    pub notifications: i64,
    pub users: i64,
}

pub async fn census(store: &Store) -> Result<Census, String> {
    let one = |sql: &'static str| async move {
        let n: i64 = on_db!(store.db(), |c| sqlx::query_scalar(sql).fetch_one(c).await.map_err(|e| e.to_string())?);
        Ok::<_, String>(n)
    };
    Ok(Census {
        cases: one("SELECT COUNT(*) FROM cases").await?,
        open_cases: one("SELECT COUNT(*) FROM cases WHERE status <> 'closed'").await?,
        with_due_date: one("SELECT COUNT(*) FROM cases WHERE status <> 'closed' AND next_due_on IS NOT NULL").await?,
        live_alerts: one("SELECT COUNT(*) FROM alerts WHERE state <> 'resolved'").await?,
        notifications: one("SELECT COUNT(*) FROM notifications").await?,
        users: one("SELECT COUNT(*) FROM users WHERE active = TRUE").await?,
    })
}

/// How the open cases' due dates fall around `today` (overdue, due within a week, later).
pub async fn due_spread(store: &Store, today: NaiveDate) -> Result<(i64, i64, i64), String> {
    let week = today + Days::days(7);
    let row: (i64, i64, i64) = on_db!(store.db(), |c| {
        sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN next_due_on < $1 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN next_due_on >= $1 AND next_due_on <= $2 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN next_due_on > $2 THEN 1 ELSE 0 END), 0) \
             FROM cases WHERE status <> 'closed' AND next_due_on IS NOT NULL",
        )
        .bind(today)
        .bind(week)
        .fetch_one(c)
        .await
        .map_err(|e| e.to_string())?
    });
    Ok(row)
}

/// One timed pass.
#[derive(Clone, Debug)]
pub struct PassLine {
    pub label: String,
    pub today: NaiveDate,
    /// Loading the deadline rules and holidays.
    pub load: Duration,
    pub pass: Duration,
    pub report: PassReport,
    /// Memory after the pass, as [`memory`] gives it.
    pub memory: String,
    pub live_alerts: i64,
    pub notifications: i64,
}

/// Runs and times the passes: the first of `today`, the second of the same day, and one
/// `later` days on, each for its own day as the scheduler would.
pub async fn passes(store: &Store, today: NaiveDate, later: u32) -> Result<Vec<PassLine>, String> {
    let days = [
        ("first pass of the day", today),
        ("second pass, same day", today),
        ("a later day", today + Days::days(i64::from(later))),
    ];
    let mut lines = Vec::new();
    for (label, day) in days {
        let t = Instant::now();
        let dl = deadlines::load(store.db(), day).await.map_err(err("deadlines"))?;
        let load = t.elapsed();
        let t = Instant::now();
        let report = alerts::run_pass(store, &dl, day).await.map_err(err("pass"))?;
        let pass = t.elapsed();
        let c = census(store).await?;
        let label = if day == today { label.to_owned() } else { format!("{label} (+{later} days)") };
        lines.push(PassLine {
            label,
            today: day,
            load,
            pass,
            report,
            memory: memory(),
            live_alerts: c.live_alerts,
            notifications: c.notifications,
        });
    }
    Ok(lines)
}

pub fn passes_markdown(lines: &[PassLine]) -> String {
    let mut out = String::from(
        "| pass | today | time s | resolved | created | levels changed | escalated | notified | live alerts after | \
         notifications after | memory after |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for l in lines {
        let r = &l.report;
        out.push_str(&format!(
            "| {} | {} | {:.2} (+{:.0} ms rules) | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            l.label,
            l.today,
            l.pass.as_secs_f64(),
            l.load.as_secs_f64() * 1000.0,
            r.resolved,
            r.created,
            r.levels_changed,
            r.escalated,
            r.notified,
            l.live_alerts,
            l.notifications,
            l.memory
        ));
    }
    out
}

/// What the fan-out measured.
#[derive(Debug)]
pub struct FanOut {
    pub clients: usize,
    pub users_created: usize,
    /// From the first connect to every stream's first event.
    pub open_all: Duration,
    pub memory_before: String,
    pub memory_open: String,
    pub memory_after: String,
    /// From just before each round's commit to each stream's new count, all rounds together.
    pub latency: Measure,
    /// Per round: the commit, the first and the last delivery (from before the commit), missing.
    pub rounds: Vec<(Duration, Duration, Duration, usize)>,
}

/// One stream's event: which connection, the count it carried, when it was read.
type Seen = (usize, i64, Instant);

/// Opens `clients` live streams, each for its own user (existing active users first, then
/// users added for the purpose), with sessions written straight into the session store (as a
/// sign-in leaves them, without hashing a password per client), against the real router served on
/// a loopback port with the notification watcher running; then `rounds` times writes one
/// notification for every one of those users in one transaction and times until every stream
/// has carried its user's new count.
pub async fn fan_out(state: AppState, clients: usize, rounds: usize) -> Result<FanOut, String> {
    use crate::server::context::{AuthData, AUTH_KEY};
    use crate::server::http::SessionBackend;
    use tower_sessions::session::Record;
    use tower_sessions::session_store::SessionStore;

    let store = state.store.clone();
    let mut out = FanOut {
        clients,
        users_created: 0,
        open_all: Duration::ZERO,
        memory_before: String::new(),
        memory_open: String::new(),
        memory_after: String::new(),
        latency: Measure::new(format!("new unread count on {clients} streams, from the commit")),
        rounds: Vec::new(),
    };

    // The users: active ones already there, then new ones.
    let ids: Vec<i64> = on_db!(store.db(), |c| {
        sqlx::query_scalar("SELECT id FROM users WHERE active = TRUE ORDER BY id LIMIT $1")
            .bind(clients as i64)
            .fetch_all(c)
            .await
            .map_err(|e| e.to_string())?
    });
    let mut ids = ids;
    if ids.len() < clients {
        out.users_created = clients - ids.len();
        ids.extend(add_users(&store, out.users_created).await?);
    }

    // Their sessions.
    let sessions = SessionBackend::new(store.db()).await.map_err(|e| format!("sessions: {e}"))?;
    let idle = tower_sessions::cookie::time::Duration::seconds(state.config.session_idle.as_secs() as i64);
    let name = state.config.cookie_name();
    let mut cookies = Vec::with_capacity(clients);
    for &id in &ids {
        let row = store.user(id).await.map_err(err("user"))?;
        let auth = AuthData { user_id: id, epoch: row.session_epoch, signed_in_at: chrono::Utc::now().timestamp() };
        let mut record = Record {
            id: Default::default(),
            data: HashMap::from([(AUTH_KEY.to_owned(), serde_json::to_value(&auth).map_err(|e| e.to_string())?)]),
            expiry_date: tower_sessions::cookie::time::OffsetDateTime::now_utc() + idle,
        };
        sessions.create(&mut record).await.map_err(|e| format!("session: {e}"))?;
        cookies.push(format!("{name}={}", record.id));
    }

    // The server, as `vatra serve` runs it, with the live feed (not the scheduler: no pass
    // runs during the measurement).
    let router = crate::routes::router_with(state.clone(), sessions);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("listen: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(crate::server::http::serve(listener, router));
    tokio::spawn(crate::server::live::watch_notifications(store.clone(), state.live.clone()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    out.memory_before = memory();

    // The streams, 50 connecting at a time; each reports every count it reads.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Seen>();
    let started = Instant::now();
    let mut last = vec![-1_i64; clients];
    let mut opened = 0;
    for (batch, chunk) in cookies.chunks(50).enumerate() {
        for (j, cookie) in chunk.iter().enumerate() {
            tokio::spawn(stream(addr, cookie.clone(), batch * 50 + j, tx.clone()));
        }
        while opened < (batch * 50 + chunk.len()) {
            let (i, n, _) = tokio::time::timeout(Duration::from_secs(60), rx.recv())
                .await
                .map_err(|_| format!("only {opened} of {clients} streams opened in time"))?
                .ok_or("the streams ended")?;
            if i == usize::MAX {
                return Err(format!("a stream failed: status {n}"));
            }
            if last[i] < 0 {
                opened += 1;
            }
            last[i] = n;
        }
    }
    out.open_all = started.elapsed();
    // Let the connections settle, then measure them idle.
    tokio::time::sleep(Duration::from_secs(2)).await;
    out.memory_open = memory();

    for round in 0..rounds {
        // Between rounds a pause that is no whole number of seconds, so that the commits fall at
        // different points of the watcher's one-second poll.
        tokio::time::sleep(Duration::from_millis(1370 + 290 * round as u64)).await;
        while let Ok((i, n, _)) = rx.try_recv() {
            if i < clients {
                last[i] = n;
            }
        }
        let mut t = store.begin().await.map_err(err("begin"))?;
        for &id in &ids {
            alerts::notify(&mut t, id, NotificationKind::CaseAssigned, None, None, Some("bench-alerts"))
                .await
                .map_err(err("notify"))?;
        }
        let before = Instant::now();
        t.commit().await.map_err(err("commit"))?;
        let commit = before.elapsed();
        let mut got = vec![false; clients];
        let (mut first, mut lastest, mut done) = (Duration::MAX, Duration::ZERO, 0);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        while done < clients {
            let Ok(Some((i, n, at))) = tokio::time::timeout_at(deadline, rx.recv()).await else { break };
            if i >= clients || got[i] {
                continue;
            }
            if n > last[i] {
                got[i] = true;
                last[i] = n;
                done += 1;
                let d = at.saturating_duration_since(before);
                out.latency.samples.push(d);
                first = first.min(d);
                lastest = lastest.max(d);
            }
        }
        out.rounds.push((commit, first, lastest, clients - done));
    }
    out.latency.rows = out.latency.samples.len() as u64;
    out.memory_after = memory();
    Ok(out)
}

pub fn fan_out_markdown(f: &FanOut) -> String {
    let ms = |d: Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
    let mut out = format!(
        "{} streams, one per user ({} users added); all open with their first count in {:.2} s.\n\n\
         | memory | |\n|---|---|\n| server up, no stream | {} |\n| {} streams open, idle | {} |\n\
         | after the rounds | {} |\n\n",
        f.clients,
        f.users_created,
        f.open_all.as_secs_f64(),
        f.memory_before,
        f.clients,
        f.memory_open,
        f.memory_after
    );
    out.push_str("| round | commit ms | first delivery ms | last delivery ms | missing |\n|---|---|---|---|---|\n");
    for (i, (commit, first, last, missing)) in f.rounds.iter().enumerate() {
        let first = if *first == Duration::MAX { "—".to_owned() } else { ms(*first) };
        let commit = commit.as_secs_f64() * 1000.0;
        out.push_str(&format!("| {} | {commit:.1} | {first} | {} | {missing} |\n", i + 1, ms(*last)));
    }
    let l = &f.latency;
    let p = |q: f64| ms(l.percentile(q));
    out.push_str(&format!(
        "\n| {} | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n| all rounds | {} | {} | {} | {} | {} |\n",
        l.name,
        l.samples.len(),
        p(50.0),
        p(95.0),
        p(99.0),
        p(100.0)
    ));
    out
}

/// Adds `n` social workers for the streams (sign-in disabled, as `synth` adds them), in the
/// territory of the first user.
async fn add_users(store: &Store, n: usize) -> Result<Vec<i64>, String> {
    let first: i64 = on_db!(store.db(), |c| {
        sqlx::query_scalar("SELECT MIN(id) FROM users").fetch_one(c).await.map_err(|e| e.to_string())?
    });
    let owner = store.user(first).await.map_err(err("first user"))?;
    let places = vec![(owner.territory_id, owner.territory_path); n];
    create_users(store, &places, crate::domain::Role::SocialWorker, "bench.live").await
}

/// Adds a supervisor to every territory where social workers work and no supervisor oversees
/// them (`synth` adds only social workers: without supervisors, no step is escalated and the
/// supervisors' steps raise nothing). Returns how many.
pub async fn add_supervisors(store: &Store) -> Result<usize, String> {
    let places: Vec<(i64, String)> = on_db!(store.db(), |c| {
        sqlx::query_as(
            "SELECT DISTINCT w.territory_id, w.territory_path FROM users w \
             WHERE w.active = TRUE AND (',' || w.roles || ',') LIKE '%,social_worker,%' \
             AND NOT EXISTS (SELECT 1 FROM users u WHERE u.active = TRUE \
             AND (',' || u.roles || ',') LIKE '%,supervisor,%' \
             AND substr(w.territory_path, 1, length(u.territory_path)) = u.territory_path) \
             ORDER BY w.territory_path",
        )
        .fetch_all(c)
        .await
        .map_err(|e| e.to_string())?
    });
    Ok(create_users(store, &places, crate::domain::Role::Supervisor, "bench.supervisor").await?.len())
}

/// Creates one user with `role` in each of `places` (sign-in disabled: a password nobody knows,
/// to be changed), named `{prefix}.{tag}.{i}`.
async fn create_users(
    store: &Store,
    places: &[(i64, String)],
    role: crate::domain::Role,
    prefix: &str,
) -> Result<Vec<i64>, String> {
    use crate::domain::user::{Language, UserInput};
    if places.is_empty() {
        return Ok(Vec::new());
    }
    let hash = crate::server::password::hash_now(&uuid::Uuid::new_v4().to_string());
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let mut tx = store.begin().await.map_err(err("begin"))?;
    let mut ids = Vec::with_capacity(places.len());
    for (i, (territory_id, territory_path)) in places.iter().enumerate() {
        let path = crate::domain::TerritoryPath::parse(territory_path)
            .ok_or_else(|| format!("not a territory path: {territory_path}"))?;
        let input = UserInput {
            username: format!("{prefix}.{}.{i}", &tag[..8]),
            full_name: format!("Bench User {i}"),
            email: String::new(),
            phone: String::new(),
            institution: String::new(),
            position: String::new(),
            territory_id: *territory_id,
            roles: vec![role.code().into()],
        }
        .validate()
        .map_err(|e| format!("user: {e:?}"))?;
        let new = crate::store::NewUser {
            input: &input,
            territory_path: &path,
            password_hash: &hash,
            must_change_password: true,
            language: Language::Ro,
            created_by: None,
        };
        ids.push(crate::store::users::create(&mut tx, &new).await.map_err(err("user"))?);
    }
    tx.commit().await.map_err(err("commit"))?;
    Ok(ids)
}

/// One live stream over a plain TCP connection: an HTTP/1.1 GET with the session cookie, then
/// every `unread` event's count sent to `seen` with the moment it was read. A refused stream
/// sends `(usize::MAX, status)`.
async fn stream(addr: std::net::SocketAddr, cookie: String, i: usize, seen: tokio::sync::mpsc::UnboundedSender<Seen>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let fail = |status: i64| {
        let _ = seen.send((usize::MAX, status, Instant::now()));
    };
    let Ok(mut tcp) = tokio::net::TcpStream::connect(addr).await else { return fail(0) };
    let _ = tcp.set_nodelay(true);
    let request = format!(
        "GET /api/alerts/live HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
    );
    if tcp.write_all(request.as_bytes()).await.is_err() {
        return fail(0);
    }
    let mut reader = BufReader::new(tcp);
    let mut line = String::new();
    if reader.read_line(&mut line).await.is_err() {
        return fail(0);
    }
    let status: i64 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    if status != 200 {
        return fail(status);
    }
    // Headers, then the chunked body: chunk sizes and the events' lines, read line by line (each
    // event is one chunk).
    let (mut event, mut data) = (String::new(), None::<i64>);
    loop {
        line.clear();
        match reader.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if let Some(name) = l.strip_prefix("event:") {
            event = name.trim().to_owned();
        } else if let Some(d) = l.strip_prefix("data:") {
            data = d.trim().parse().ok();
        } else if l.is_empty() {
            // The end of an event.
            if let (true, Some(n)) = (event == "unread", data) {
                if seen.send((i, n, Instant::now())).is_err() {
                    return;
                }
            }
            event.clear();
            data = None;
        }
    }
}
