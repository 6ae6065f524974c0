//! Alerts and notifications, on SQLite and on PostgreSQL: the alert rules as a case moves and
//! as the days pass, the scheduler's pass run twice (and, on PostgreSQL, twice at once),
//! notifications over HTTP and the live feed, the deadline rules and holidays administrators
//! keep, and the "today" view.

use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, user_id, Client};
use crate::records::*;
use app::api::alerts::{HolidaysView, NotificationPageView, RulesView, TodayView};
use app::domain::AppError;
use app::store::{alerts as al, deadlines as dls, Db, Store};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Runs the same statement on whichever engine the store has.
macro_rules! on_db {
    ($store:expr, |$p:ident| $body:expr) => {
        match $store.db() {
            Db::Sqlite($p) => $body,
            Db::Postgres($p) => $body,
        }
    };
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Moves a case's due date, as the passing days would.
pub(crate) async fn set_due(store: &Store, case: i64, due: NaiveDate) {
    let sql = "UPDATE cases SET next_due_on = $1 WHERE id = $2";
    let n = on_db!(store, |p| sqlx::query(sql).bind(due).bind(case).execute(p).await.unwrap().rows_affected());
    assert_eq!(n, 1);
}

/// An alert as the tests compare it: kind, step, owner, level, state.
type Alert = (String, String, i64, String, String);

fn alert(kind: &str, step: &str, owner: i64, level: &str, state: &str) -> Alert {
    (kind.into(), step.into(), owner, level.into(), state.into())
}

/// The alerts of a case, oldest first.
async fn alerts_of(store: &Store, case: i64) -> Vec<Alert> {
    let sql = "SELECT kind, step, owner_id, level, state FROM alerts WHERE case_id = $1 ORDER BY id";
    on_db!(store, |p| sqlx::query_as(sql).bind(case).fetch_all(p).await.unwrap())
}

/// The notification kinds `user` got about `case`, oldest first.
async fn notes_of(store: &Store, user: i64, case: i64) -> Vec<String> {
    let sql = "SELECT kind FROM notifications WHERE user_id = $1 AND case_id = $2 ORDER BY id";
    on_db!(store, |p| sqlx::query_scalar(sql).bind(user).bind(case).fetch_all(p).await.unwrap())
}

/// One pass of the scheduler for `day`, with the rules and calendar as stored.
async fn pass(store: &Store, day: NaiveDate) -> al::PassReport {
    let dl = dls::load(store.db(), day).await.unwrap();
    al::run_pass(store, &dl, day).await.unwrap()
}

/// The report's counts: created, levels changed, escalated, notified.
fn counts(r: &al::PassReport) -> (u64, u64, u64, u64) {
    assert!(r.ran, "the pass ran");
    (r.created, r.levels_changed, r.escalated, r.notified)
}

async fn unread(c: &mut Client) -> i64 {
    json(&post(c, "alerts/unread", &[]).await)
}

async fn notifications(c: &mut Client) -> NotificationPageView {
    json(&post(c, "alerts/notifications", &[]).await)
}

async fn rules_raise_escalate_and_resolve(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let worker = user_id(&state, "worker.chisinau").await;
    let boss = user_id(&state, "supervisor.chisinau").await;
    let p = must_register(&mut w, &person("Ceban", "Ion", "1950-02-02", Some(&idnp(1)), t.chisinau)).await;
    let id = open_case(&mut w, p).await;
    assert!(alerts_of(store, id).await.is_empty(), "due in five working days: no alert yet");
    assert!(notes_of(store, worker, id).await.is_empty(), "nobody hears of their own case");

    // The initial assessment falls due on Wednesday 11 November 2026; the passes are run for the
    // days around it (November has no holidays).
    set_due(store, id, date(2026, 11, 11)).await;
    // Wednesday 4: beyond the two working days' window.
    assert_eq!(counts(&pass(store, date(2026, 11, 4)).await), (0, 0, 0, 0));
    assert!(alerts_of(store, id).await.is_empty());
    // Monday 9: due soon.
    assert_eq!(counts(&pass(store, date(2026, 11, 9)).await), (1, 0, 0, 1));
    assert_eq!(alerts_of(store, id).await, vec![alert("deadline", "initial_assessment", worker, "due_soon", "open")]);
    // Wednesday 11: due today; Thursday 12: overdue, one working day.
    assert_eq!(counts(&pass(store, date(2026, 11, 11)).await), (0, 1, 0, 1));
    assert_eq!(alerts_of(store, id).await[0].3, "due_today");
    assert_eq!(counts(&pass(store, date(2026, 11, 12)).await), (0, 1, 0, 1));
    assert_eq!(alerts_of(store, id).await, vec![alert("deadline", "initial_assessment", worker, "overdue", "open")]);
    // Friday 13: two working days overdue, not yet the supervisor's.
    assert_eq!(counts(&pass(store, date(2026, 11, 13)).await), (0, 0, 0, 0));
    assert_eq!(alerts_of(store, id).await.len(), 1);
    // Monday 16: three working days overdue (Thursday, Friday, Monday): escalated to the supervisor.
    assert_eq!(counts(&pass(store, date(2026, 11, 16)).await), (0, 0, 1, 1));
    assert_eq!(
        alerts_of(store, id).await,
        vec![
            alert("deadline", "initial_assessment", worker, "overdue", "open"),
            alert("escalation", "initial_assessment", boss, "escalated", "open"),
        ]
    );
    assert_eq!(notes_of(store, worker, id).await, vec!["due_soon", "due_today", "overdue"]);
    assert_eq!(notes_of(store, boss, id).await, vec!["escalated"]);
    // Both owners see them in their lists.
    let mut b = signed_in(&router, "supervisor.chisinau").await;
    let number = get_case(&mut w, id).await.number;
    let page = notifications(&mut b).await;
    assert_eq!(page.items[0].kind, "escalated");
    assert_eq!(page.items[0].case_number.as_deref(), Some(number.as_str()));
    let page = notifications(&mut w).await;
    let kinds: Vec<&str> = page.items.iter().map(|n| n.kind.as_str()).collect();
    assert_eq!(kinds, vec!["overdue", "due_today", "due_soon"]);

    // The worker takes the step: both alerts resolve in that change, without a pass.
    assert!(act(&mut w, store, id, "start_assessment", "").await.ok());
    assert_eq!(
        alerts_of(store, id).await,
        vec![
            alert("deadline", "initial_assessment", worker, "overdue", "resolved"),
            alert("escalation", "initial_assessment", boss, "escalated", "resolved"),
        ]
    );
    // A later pass finds nothing left to do for it.
    let r = pass(store, date(2026, 11, 16)).await;
    assert_eq!((r.resolved, counts(&r)), (0, (0, 0, 0, 0)));
    assert_eq!(alerts_of(store, id).await.len(), 2);
}

async fn a_second_pass_repeats_nothing(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut b = signed_in(&router, "supervisor.chisinau").await;
    let boss = user_id(&state, "supervisor.chisinau").await;
    let p = must_register(&mut w, &person("Rusu", "Ana", "1990-03-03", Some(&idnp(1)), t.chisinau)).await;
    let late = open_case(&mut w, p).await;
    let soon = open_case(&mut w, p).await;
    // A referred case waits for a supervisor to assign it: their step, their alert.
    let referred = open_case(&mut b, p).await;
    assert_eq!(store.case(referred).await.unwrap().next_step.as_deref(), Some("assign"));
    set_due(store, late, date(2026, 11, 9)).await;
    set_due(store, soon, date(2026, 11, 17)).await;
    set_due(store, referred, date(2026, 11, 10)).await;

    let day = date(2026, 11, 16);
    // The first pass goes one case per part (one transaction each), as a pass over many cases
    // goes in parts; the second in one part: both see the same rules.
    let dl = dls::load(store.db(), day).await.unwrap();
    let first = al::run_pass_in_parts(store, &dl, day, 1).await.unwrap();
    // Two deadlines of the worker, one of the supervisor, and the late one escalated.
    assert_eq!(counts(&first), (3, 0, 1, 4));
    assert_eq!(alerts_of(store, referred).await.last(), Some(&alert("deadline", "assign", boss, "overdue", "open")));
    let (alerts, notes) = (count(store, "alerts").await, count(store, "notifications").await);
    let second = pass(store, day).await;
    assert_eq!((second.resolved, counts(&second)), (0, (0, 0, 0, 0)));
    assert_eq!((count(store, "alerts").await, count(store, "notifications").await), (alerts, notes));
    // A case change that does not move the step raises nothing again either.
    let mut tx = store.begin().await.unwrap();
    let before = app::store::cases::load(&mut tx, late).await.unwrap();
    let risk = before.risk();
    app::store::case_change::set_risk(&mut tx, &before, risk, None, boss).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!((count(store, "alerts").await, count(store, "notifications").await), (alerts, notes));
}

/// PostgreSQL only: two instances run their passes at the same moment.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_concurrent_passes_raise_nothing_twice() {
    let db = crate::harness::postgres().await;
    let one = crate::harness::open(&db).await;
    let two = crate::harness::open(&db).await;
    app::server::bootstrap::seed_demo(&one).await.unwrap();
    let t = territories(&one).await;
    let worker = one.user_by_username("worker.chisinau").await.unwrap().unwrap().id;
    let boss = one.user_by_username("supervisor.chisinau").await.unwrap().unwrap().id;
    let mut cases = Vec::new();
    for i in 0..6u64 {
        let p = register_direct(
            &one,
            &person("Lungu", &format!("Dan {i}"), "1970-01-01", Some(&idnp(i)), t.chisinau),
            worker,
        )
        .await;
        cases.push(open_case_direct(&one, p, Some(worker), worker).await);
        // Every other one referred: a supervisor's step.
        cases.push(open_case_direct(&one, p, None, boss).await);
    }
    for (i, id) in cases.iter().enumerate() {
        set_due(&one, *id, date(2026, 11, 9 + (i as u32 % 3))).await;
    }
    let three = one.clone();
    let mut ran = 0;
    for day in [date(2026, 11, 6), date(2026, 11, 10), date(2026, 11, 16), date(2026, 11, 16)] {
        let (a, b, c) = tokio::join!(pass(&one, day), pass(&two, day), pass(&three, day));
        ran += [a, b, c].iter().filter(|r| r.ran).count();
    }
    assert!(ran >= 4, "at least one pass a day ran");
    let sql = "SELECT COUNT(*) FROM (SELECT case_id FROM alerts WHERE state <> 'resolved' \
               GROUP BY case_id, kind, step, owner_id HAVING COUNT(*) > 1) AS twice";
    let Db::Postgres(p) = one.db() else { unreachable!() };
    let twice: i64 = sqlx::query_scalar(sql).fetch_one(p).await.unwrap();
    assert_eq!(twice, 0, "one live alert per case, kind, step and owner");
    // Each case has its deadline (the worker's or the supervisor's); the worker's are escalated.
    let live: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM alerts WHERE state <> 'resolved'").fetch_one(p).await.unwrap();
    assert_eq!(live, 12 + 6);
    let sql = "SELECT COUNT(*) FROM (SELECT alert_id FROM notifications WHERE alert_id IS NOT NULL \
               GROUP BY alert_id, kind HAVING COUNT(*) > 1) AS twice";
    assert_eq!(
        sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await.unwrap(),
        0,
        "one notification per alert and level"
    );
    let sql = "SELECT COUNT(*) FROM alerts a WHERE a.state <> 'resolved' AND NOT EXISTS \
               (SELECT 1 FROM notifications n WHERE n.alert_id = a.id AND n.kind = a.level)";
    assert_eq!(sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await.unwrap(), 0, "every live alert was notified");
}

async fn notifications_over_http(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut b = signed_in(&router, "supervisor.chisinau").await;
    let mut u = signed_in(&router, "supervisor.ungheni").await;
    let worker = user_id(&state, "worker.chisinau").await;
    let ungheni = user_id(&state, "supervisor.ungheni").await;
    let p = must_register(&mut w, &person("Cojocaru", "Elena", "1985-04-04", Some(&idnp(1)), t.chisinau)).await;
    let id = open_case(&mut b, p).await;
    let number = get_case(&mut b, id).await.number;
    let before = unread(&mut w).await;

    // The supervisor gives the referred case to the worker: the worker hears of it.
    assert!(post(&mut b, "cases/assign", &[s("id", id), s("version", 1), s("manager_id", worker)]).await.ok());
    assert_eq!(unread(&mut w).await, before + 1);
    let page = notifications(&mut w).await;
    let n = &page.items[0];
    assert_eq!(
        (n.kind.as_str(), n.case_id, n.case_number.as_deref(), n.actor_name.as_deref(), n.read),
        ("case_assigned", Some(id), Some(number.as_str()), Some("Maria Lungu"), false)
    );
    assert_eq!(page.unread, before + 1);
    // Only its user may open it; opening marks it read and leads to the case.
    let r = post(&mut u, "alerts/open_notification", &[s("id", n.id)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(unread(&mut w).await, before + 1);
    let r = post(&mut w, "alerts/open_notification", &[s("id", n.id)]).await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(r.location.as_deref(), Some(format!("/cases/{id}").as_str()));
    assert_eq!(unread(&mut w).await, before);
    assert!(notifications(&mut w).await.items[0].read);
    let unread_only: NotificationPageView = json(&post(&mut w, "alerts/notifications", &[s("unread", true)]).await);
    assert!(unread_only.items.iter().all(|i| i.id != n.id && !i.read));

    // A transfer: the receiver is asked, and the sender hears the answer.
    let version = store.case(id).await.unwrap().version;
    let r = post(&mut w, "cases/transfer", &[s("id", id), s("version", version), s("to_user", ungheni), s("note", "")])
        .await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(notifications(&mut u).await.items[0].kind, "transfer_requested");
    let version = store.case(id).await.unwrap().version;
    let decide = [s("id", id), s("version", version), s("accept", false), s("reason", "Not our district")];
    assert!(post(&mut u, "cases/decide_transfer", &decide).await.ok());
    let theirs = unread(&mut u).await;
    assert_eq!(theirs, 1, "the transfer request");
    let page = notifications(&mut w).await;
    assert_eq!(
        (page.items[0].kind.as_str(), page.items[0].detail.as_deref()),
        ("transfer_declined", Some("Not our district"))
    );
    let kinds: NotificationPageView = json(&post(&mut w, "alerts/notifications", &[s("kind", "case_assigned")]).await);
    assert!(kinds.items.iter().all(|i| i.kind == "case_assigned") && !kinds.items.is_empty());
    assert_field(&post(&mut w, "alerts/notifications", &[s("kind", "nonsense")]).await, "kind", "invalid_choice");

    // Read all up to the newest seen: one older than that stays as it was, one newer too.
    let newest = page.items[0].id;
    let second = assign_another(&mut b, &mut w, store, p, worker).await;
    let left = unread(&mut w).await;
    assert!(left >= 2, "{left}");
    let marked: u64 = json(&post(&mut w, "alerts/read_all", &[s("up_to", newest)]).await);
    assert_eq!(marked as i64, left - 1);
    assert_eq!(unread(&mut w).await, 1, "the newer one is left");
    assert!(!notifications(&mut w).await.items.iter().find(|n| n.case_id == Some(second)).unwrap().read);
    let all = notifications(&mut w).await.items[0].id;
    assert!(post(&mut w, "alerts/read_all", &[s("up_to", all)]).await.ok());
    assert_eq!(unread(&mut w).await, 0);
    // Another user's notifications are not theirs to mark.
    assert_eq!(unread(&mut u).await, theirs);
}

/// The supervisor opens another referred case and gives it to the worker; returns its id.
async fn assign_another(b: &mut Client, w: &mut Client, store: &Store, person_id: i64, worker: i64) -> i64 {
    let id = open_case(b, person_id).await;
    let version = store.case(id).await.unwrap().version;
    assert!(post(b, "cases/assign", &[s("id", id), s("version", version), s("manager_id", worker)]).await.ok());
    assert_eq!(notifications(w).await.items[0].case_id, Some(id));
    id
}

/// Opens the live feed as the holder of `cookie` (none: signed out).
async fn live(router: &axum::Router, cookie: Option<&str>) -> axum::response::Response {
    let mut req = Request::get("/api/alerts/live");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap()
}

/// The next event of a live feed, as text (keep-alive comments skipped).
async fn next_event(body: &mut Body) -> String {
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(30), body.frame())
            .await
            .expect("an event within 30 s")
            .expect("the stream goes on")
            .expect("a frame");
        if let Ok(data) = frame.into_data() {
            let text = String::from_utf8(data.to_vec()).unwrap();
            if !text.starts_with(':') {
                return text;
            }
        }
    }
}

async fn the_live_feed_carries_the_unread_count(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let worker = user_id(&state, "worker.chisinau").await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut b = signed_in(&router, "supervisor.chisinau").await;
    let res = live(&router, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let p = must_register(&mut w, &person("Moraru", "Nina", "1975-05-05", Some(&idnp(1)), t.chisinau)).await;
    let id = open_case(&mut b, p).await;
    assert!(post(&mut b, "cases/assign", &[s("id", id), s("version", 1), s("manager_id", worker)]).await.ok());
    let count = unread(&mut w).await;
    assert!(count >= 1);
    let res = live(&router, Some(&w.cookie_header())).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/event-stream"));
    let mut body = res.into_body();
    let first = next_event(&mut body).await;
    assert!(first.contains("event: unread") && first.contains(&format!("data: {count}\n")), "{first:?}");
    // The user's own read wakes the feed at once, with the new count.
    let n = notifications(&mut w).await.items[0].id;
    assert!(post(&mut w, "alerts/open_notification", &[s("id", n)]).await.ok());
    let next = next_event(&mut body).await;
    assert!(next.contains(&format!("data: {}\n", count - 1)), "{next:?}");
    // Someone else's action reaches it through the watcher of the notifications table.
    watching(&state).await;
    assign_another(&mut b, &mut w, store, p, worker).await;
    let next = next_event(&mut body).await;
    assert!(next.contains(&format!("data: {count}\n")), "{next:?}");
}

/// Starts the watcher of the notifications table, and waits until it watches: it starts from the
/// newest notification, so a notification for someone else is written until one comes through.
async fn watching(state: &app::server::AppState) {
    let mut hub = state.live.subscribe();
    tokio::spawn(app::server::live::watch_notifications(state.store.clone(), state.live.clone()));
    let other = user_id(state, "auditor.chisinau").await;
    for _ in 0..20 {
        let mut tx = state.store.begin().await.unwrap();
        al::notify(&mut tx, other, app::domain::deadlines::NotificationKind::DueSoon, None, None, None).await.unwrap();
        tx.commit().await.unwrap();
        let seen = async { while hub.recv().await.unwrap() != other {} };
        if tokio::time::timeout(app::server::live::POLL * 3, seen).await.is_ok() {
            return;
        }
    }
    panic!("the watcher never passed a notification on");
}

/// The rule form as the page posts it, from the rules as shown, with `changes` applied.
fn rule_form(view: &RulesView, version: i64, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> = Vec::new();
    for r in &view.rules {
        values.push((format!("rule-{}-{}", r.step, r.risk), r.days.to_string()));
        values.push((format!("count-{}-{}", r.step, r.risk), r.count.clone()));
    }
    values.push(("due_soon_days".into(), view.due_soon_days.to_string()));
    values.push(("escalate_after_days".into(), view.escalate_after_days.to_string()));
    for (k, v) in changes {
        values.iter_mut().find(|(vk, _)| vk == k).unwrap_or_else(|| panic!("no field {k}")).1 = (*v).to_owned();
    }
    let mut form = vec![s("version", version)];
    form.extend(values.into_iter().map(|(k, v)| (format!("values[{k}]"), v)));
    form
}

async fn deadline_rules_and_holidays(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    // The deadline rules and the calendar are national: a territory's administrator may not.
    let mut local = signed_in(&router, "admin.chisinau").await;
    assert_eq!(post(&mut local, "alerts/rules", &[]).await.status, StatusCode::FORBIDDEN);
    let mut admin = signed_in(&router, "admin.national").await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let view: RulesView = json(&post(&mut admin, "alerts/rules", &[]).await);
    assert_eq!(view.rules.len(), 21);
    assert_eq!((view.due_soon_days, view.escalate_after_days), (2, 3));
    let assign_high = view.rules.iter().find(|r| r.step == "assign" && r.risk == "high").unwrap();
    assert_eq!((assign_high.days, assign_high.count.as_str()), (1, "working"));

    // A bad number is refused on its field, and nothing changes.
    let r = post(&mut admin, "alerts/save_rules", &rule_form(&view, view.version, &[("rule-assign-high", "0")])).await;
    assert_field(&r, "rule-assign-high", "out_of_range");
    let r = post(&mut admin, "alerts/save_rules", &rule_form(&view, view.version, &[("due_soon_days", "two")])).await;
    assert_field(&r, "due_soon_days", "number_invalid");
    let again: RulesView = json(&post(&mut admin, "alerts/rules", &[]).await);
    assert_eq!(again, view);
    // A good one bumps the version.
    let changed = [("rule-assign-high", "2"), ("count-monitoring_visit-low", "working")];
    let v: i64 = json(&post(&mut admin, "alerts/save_rules", &rule_form(&view, view.version, &changed)).await);
    assert_eq!(v, view.version + 1);
    let saved: RulesView = json(&post(&mut admin, "alerts/rules", &[]).await);
    assert_eq!(saved.version, v);
    let rule = |v: &RulesView, step: &str, risk: &str| {
        let r = v.rules.iter().find(|r| r.step == step && r.risk == risk).unwrap();
        (r.days, r.count.clone())
    };
    assert_eq!(rule(&saved, "assign", "high"), (2, "working".into()));
    assert_eq!(rule(&saved, "monitoring_visit", "low"), (90, "working".into()));
    assert_eq!(rule(&saved, "assign", "low"), rule(&view, "assign", "low"));
    assert_eq!(dls::rules(store.db()).await.unwrap().rules.rules.len(), 21);
    // The page still showing the old version is refused, naming who changed the rules.
    let r = post(&mut admin, "alerts/save_rules", &rule_form(&view, view.version, &[("rule-assign-high", "3")])).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(matches!(r.error(), AppError::StaleVersion { .. }), "{}", r.body);
    assert_eq!(rule(&json(&post(&mut admin, "alerts/rules", &[]).await), "assign", "high"), (2, "working".into()));
    // Not for a social worker.
    assert_eq!(post(&mut w, "alerts/rules", &[]).await.status, StatusCode::FORBIDDEN);

    // A holiday on the day a new case would be due moves the due date on.
    let p = must_register(&mut w, &person("Botnaru", "Vera", "1988-08-08", Some(&idnp(1)), t.chisinau)).await;
    let due = |store: &Store, id: i64| {
        let store = store.clone();
        async move { store.case(id).await.unwrap().next_due_on.unwrap() }
    };
    let plain = due(store, open_case(&mut w, p).await).await;
    let form = [s("date", plain), s("name", "Zi liberă")];
    let r = post(&mut admin, "alerts/add_holiday", &form).await;
    assert!(r.ok(), "{}", r.body);
    let moved = due(store, open_case(&mut w, p).await).await;
    assert!(moved > plain, "{moved} after the holiday {plain}");
    let list: HolidaysView = json(&post(&mut admin, "alerts/holidays", &[s("year", plain.format("%Y"))]).await);
    let h = list.items.iter().find(|h| h.date == plain.to_string()).expect("the holiday is listed");
    assert_eq!((h.name.as_str(), h.every_year), ("Zi liberă", false));
    assert!(list.items.iter().any(|h| h.date.ends_with("-12-25") && h.every_year), "the fixed ones too");
    // The same date twice is refused, and so is a fixed holiday's.
    assert_field(&post(&mut admin, "alerts/add_holiday", &form).await, "date", "holiday_exists");
    let christmas = [s("date", format!("{}-12-25", plain.format("%Y"))), s("name", "Crăciun")];
    assert_field(&post(&mut admin, "alerts/add_holiday", &christmas).await, "date", "holiday_exists");
    assert_field(
        &post(&mut admin, "alerts/add_holiday", &[s("date", "31.12.2026"), s("name", "X")]).await,
        "date",
        "date_invalid",
    );

    // Taken out of the calendar: the row stays, marked removed, and due dates are as before.
    let year = plain.format("%Y").to_string();
    assert!(post(&mut admin, "alerts/remove_holiday", &[s("id", h.id), s("year", &year)]).await.ok());
    let sql = "SELECT COUNT(*) FROM holidays WHERE id = $1 AND removed_at IS NOT NULL AND removed_by IS NOT NULL";
    let kept: i64 = on_db!(store, |p| sqlx::query_scalar(sql).bind(h.id).fetch_one(p).await.unwrap());
    assert_eq!(kept, 1);
    let list: HolidaysView = json(&post(&mut admin, "alerts/holidays", &[s("year", &year)]).await);
    assert!(list.items.iter().all(|x| x.id != h.id));
    let r = post(&mut admin, "alerts/remove_holiday", &[s("id", h.id), s("year", &year)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(due(store, open_case(&mut w, p).await).await, plain);
    // Once removed, the date may be entered again.
    assert!(post(&mut admin, "alerts/add_holiday", &form).await.ok());
}

async fn the_today_view(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut b = signed_in(&router, "supervisor.chisinau").await;
    let p = must_register(&mut w, &person("Guțu", "Ilie", "1960-06-06", Some(&idnp(1)), t.chisinau)).await;
    let late = open_case(&mut w, p).await;
    let later = open_case(&mut w, p).await;
    let day = app::store::today();
    set_due(store, late, day - chrono::Duration::days(14)).await;
    set_due(store, later, day).await;
    pass(store, day).await;

    let v: TodayView = json(&post(&mut w, "alerts/today", &[]).await);
    assert_eq!(v.today, day.to_string());
    assert_eq!(v.overdue.iter().map(|k| k.id).collect::<Vec<_>>(), vec![late]);
    assert_eq!(v.overdue[0].step.as_deref(), Some("initial_assessment"));
    assert_eq!(v.overdue[0].person_name, "Guțu Ilie");
    assert_eq!(v.due_today.iter().map(|k| k.id).collect::<Vec<_>>(), vec![later]);
    let levels: Vec<(i64, &str)> = v.alerts.iter().map(|a| (a.case_id, a.level.as_str())).collect();
    assert_eq!(levels, vec![(late, "overdue"), (later, "due_today")]);
    assert!(v.team.is_none(), "a social worker has no team");

    let v: TodayView = json(&post(&mut b, "alerts/today", &[]).await);
    let team = v.team.expect("a supervisor's team");
    let row = team.iter().find(|r| r.name == "Ana Ceban").expect("the worker is listed");
    assert_eq!((row.overdue, row.escalated), (1, 1));
    assert_eq!(v.alerts.iter().map(|a| (a.case_id, a.kind.as_str())).collect::<Vec<_>>(), vec![(late, "escalation")]);

    // The owner acknowledges an alert: it stays, marked seen, once.
    let a = &v.alerts[0];
    let r = post(&mut w, "alerts/acknowledge", &[s("id", a.id), s("version", a.version)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not the worker's alert");
    assert!(post(&mut b, "alerts/acknowledge", &[s("id", a.id), s("version", a.version)]).await.ok());
    let r = post(&mut b, "alerts/acknowledge", &[s("id", a.id), s("version", a.version)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let v: TodayView = json(&post(&mut b, "alerts/today", &[]).await);
    assert_eq!(v.alerts[0].state, "acknowledged");
}

crate::both_engines! {
    alerts_rules_raise_escalate_resolve => rules_raise_escalate_and_resolve;
    alerts_second_pass_repeats_nothing => a_second_pass_repeats_nothing;
    alerts_notifications_over_http => notifications_over_http;
    alerts_live_feed => the_live_feed_carries_the_unread_count;
    alerts_rules_and_holidays => deadline_rules_and_holidays;
    alerts_today_view => the_today_view;
}
