//! The dashboard's indicators, on SQLite and on PostgreSQL: the steps a case's workflow writes,
//! the exact figures of a known set of cases and steps for one month, territory and worker
//! scoping, small-cell suppression for analysts (not for a supervisor on their own territory),
//! refused filters, and the CSV export with its head and its cells safe from formulas.

use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, user_id};
use crate::records::*;
use crate::tickets::{count, on_db};
use app::api::reports::{DurationView, IndicatorsView, StatusCountView};
use app::domain::indicators::{Count, Figure};
use app::domain::Role;
use app::store::Store;
use axum::http::StatusCode;
use chrono::NaiveDate;

/// The lines of a CSV file, as cells (empty lines skipped).
fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// One part of a spreadsheet (`xl/worksheets/sheet1.xml`), as text.
fn xlsx_part(body: &[u8], name: &str) -> String {
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(body)).expect("a whole workbook");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut book.by_name(name).unwrap(), &mut text).unwrap();
    text
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Gives a case its referral day (its open step's too: steps keep it), status, risk and next
/// due day.
async fn shape_case(store: &Store, id: i64, received: &str, status: &str, risk: &str, due: &str) {
    let sql = "UPDATE cases SET received_on = $1, status = $2, risk_level = $3, next_due_on = $4 WHERE id = $5";
    on_db!(store, |p| sqlx::query(sql)
        .bind(day(received))
        .bind(status)
        .bind(risk)
        .bind(day(due))
        .bind(id)
        .execute(p)
        .await
        .unwrap()
        .rows_affected());
    let sql = "UPDATE case_steps SET received_on = $1 WHERE case_id = $2 AND ended_on IS NULL";
    on_db!(store, |p| sqlx::query(sql).bind(day(received)).bind(id).execute(p).await.unwrap().rows_affected());
}

/// A step of a case as it was: begun, due and ended on the given days, ended by `action`.
struct Step<'a> {
    step: &'a str,
    started: &'a str,
    due: &'a str,
    ended: Option<(&'a str, &'a str)>,
    reason: Option<&'a str>,
}

fn done<'a>(step: &'a str, started: &'a str, due: &'a str, ended: &'a str, action: &'a str) -> Step<'a> {
    Step { step, started, due, ended: Some((ended, action)), reason: None }
}

/// Runs `sql` (an update or an insert binding the step's fields, then the case) for `s`.
async fn write_step(store: &Store, sql: &str, case: i64, s: &Step<'_>) -> u64 {
    on_db!(store, |p| sqlx::query(sql)
        .bind(s.step)
        .bind(day(s.started))
        .bind(day(s.due))
        .bind(s.ended.map(|e| day(e.0)))
        .bind(s.ended.map(|_| "done"))
        .bind(s.ended.map(|e| e.1))
        .bind(s.reason)
        .bind(case)
        .execute(p)
        .await
        .unwrap()
        .rows_affected())
}

/// Turns the case's open step (the one opening it began) into `s`.
async fn rewrite_open(store: &Store, case: i64, s: &Step<'_>) {
    let sql = "UPDATE case_steps SET step = $1, started_on = $2, due_on = $3, ended_on = $4, outcome = $5, \
               ended_action = $6, reason = $7 WHERE case_id = $8 AND ended_on IS NULL";
    assert_eq!(write_step(store, sql, case, s).await, 1, "case {case} had one open step");
}

/// Adds `s` to the case's steps, for its manager.
async fn add_step(store: &Store, case: i64, s: &Step<'_>) {
    let sql = "INSERT INTO case_steps (case_id, step, risk_level, manager_id, started_on, due_on, ended_on, outcome, \
               ended_action, reason, territory_path, received_on, assessed_on) SELECT id, $1, risk_level, manager_id, $2, $3, $4, \
               $5, $6, $7, territory_path, received_on, (SELECT MAX(a.ended_on) FROM case_steps a WHERE a.case_id = $8 \
               AND a.step = 'initial_assessment' AND a.outcome = 'done') FROM cases WHERE id = $8";
    assert_eq!(write_step(store, sql, case, s).await, 1);
}

/// What every register refuses: a bad cursor (at its field), another district than the
/// caller's, and an analyst (who sees aggregates only), on the page and for its file.
async fn refusals(
    router: &axum::Router,
    w: &mut crate::http::Client,
    register: &str,
    period: &[(String, String)],
    bad_cursor: &str,
    other_district: i64,
) {
    let endpoint = format!("registers/{register}");
    let r = post(w, &endpoint, &[period[0].clone(), period[1].clone(), s("after", bad_cursor)]).await;
    assert_field(&r, "after", "invalid_choice");
    let r = post(w, &endpoint, &[s("territory", other_district)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let mut an = signed_in(router, "analyst.chisinau").await;
    let r = post(&mut an, &endpoint, period).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "analysts see aggregates only: {}", r.body);
    assert_eq!(an.get_raw(&format!("/{endpoint}.csv")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(an.get_raw(&format!("/{endpoint}.xlsx")).await.0, StatusCode::FORBIDDEN);
}

async fn indicators(c: &mut crate::http::Client, form: &[(String, String)]) -> IndicatorsView {
    json(&post(c, "reports/indicators", form).await)
}

fn status<'a>(v: &'a IndicatorsView, code: &str) -> &'a StatusCountView {
    v.active.iter().find(|s| s.status == code).unwrap()
}

fn step(v: &IndicatorsView, code: &str) -> (Count, Count, Count, Figure) {
    let s = v.steps.iter().find(|s| s.step == code).unwrap();
    (s.on_time, s.late, s.overdue, s.share)
}

const E: fn(i64) -> Count = Count::Exact;

/// A step as read back: its kind, outcome, the action that ended it, and who took that action.
type StepLine = (String, Option<String>, Option<String>, Option<i64>);

/// A case opened by a worker's own steps writes its steps as it goes.
async fn workflow_writes_steps(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let worker = user_id(&state, "worker.chisinau").await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let person = register_direct(store, &person("Pas", "Ana", "1990-01-01", Some(&idnp(1)), t.chisinau), worker).await;
    let case = open_case_direct(store, person, Some(worker), worker).await;
    let steps = "SELECT COUNT(*) FROM case_steps";
    assert_eq!(count(store, steps).await, 1, "opening began the first step");
    assert!(act(&mut w, store, case, "start_assessment", "").await.ok());
    assert!(act(&mut w, store, case, "suspend", "The family left for a month").await.ok());
    let rows: Vec<StepLine> = on_db!(store, |p| sqlx::query_as(
        "SELECT step, outcome, ended_action, ended_by FROM case_steps WHERE case_id = $1 ORDER BY id"
    )
    .bind(case)
    .fetch_all(p)
    .await
    .unwrap());
    let own = |a: &str, b: &str| (a.to_owned(), Some("done".to_owned()), Some(b.to_owned()), Some(worker));
    assert_eq!(rows.len(), 2, "a suspended case waits for no step: {rows:?}");
    assert_eq!(rows[0], own("initial_assessment", "start_assessment"));
    assert_eq!(rows[1], ("assistance_plan".into(), Some("stopped".into()), Some("suspend".into()), Some(worker)));
    // Each step keeps the case's territory and referral day, and the day of the last initial
    // assessment done before it began.
    let kept: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = on_db!(store, |p| sqlx::query_as(
        "SELECT territory_path, received_on, assessed_on FROM case_steps WHERE case_id = $1 ORDER BY id"
    )
    .bind(case)
    .fetch_all(p)
    .await
    .unwrap());
    let k = store.case(case).await.unwrap();
    let (path, received) = (k.territory_path, Some(k.received_on));
    assert_eq!(kept, vec![(path.clone(), received, None), (path, received, Some(app::store::today()))]);
    // An ended step is never changed, and no step is deleted.
    let change = "UPDATE case_steps SET due_on = started_on WHERE ended_on IS NOT NULL";
    let refused = on_db!(store, |p| sqlx::query(change).execute(p).await.is_err());
    assert!(refused, "an ended step was changed");
    let delete = on_db!(store, |p| sqlx::query("DELETE FROM case_steps").execute(p).await.is_err());
    assert!(delete, "a step was deleted");
    // Resuming begins the step again.
    assert!(act(&mut w, store, case, "resume", "Back home").await.ok());
    assert_eq!(count(store, "SELECT COUNT(*) FROM case_steps WHERE ended_on IS NULL").await, 1);
}

/// March 2026 in two districts: six Chișinău cases of one worker and two of Ungheni, with their
/// steps on known days. Weekdays only matter here (8 March is a Sunday).
async fn known_month(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let w1 = user_id(&state, "worker.chisinau").await;
    let w2 = user_id(&state, "worker.ungheni").await;
    signable_user(store, "analyst.country", "Analist Național", "Republica Moldova", Role::Analyst).await;
    let mut cases = Vec::new();
    for (i, (territory, worker)) in [(t.chisinau, w1); 7].into_iter().chain([(t.ungheni, w2); 2]).enumerate() {
        let p = person("Luna", &format!("Ana {i}"), "1985-05-05", Some(&idnp(100 + i as u64)), territory);
        let p = register_direct(store, &p, worker).await;
        cases.push(open_case_direct(store, p, Some(worker), worker).await);
    }
    let far = "2099-01-01";
    let c = &cases;
    // c1, c2: in monitoring, high risk, plans approved 16 March.
    for (k, assessed) in [(0, "2026-03-02"), (1, "2026-03-03")] {
        shape_case(store, c[k], "2026-03-02", "monitoring", "high", far).await;
        rewrite_open(
            store,
            c[k],
            &done("initial_assessment", "2026-03-02", "2026-03-04", assessed, "start_assessment"),
        )
        .await;
        add_step(store, c[k], &done("plan_approval", "2026-03-12", "2026-03-20", "2026-03-16", "approve_plan")).await;
    }
    // c3: assessment, medium risk, its monitoring visit open and overdue since 20 March.
    shape_case(store, c[2], "2026-03-02", "assessment", "medium", "2026-03-20").await;
    rewrite_open(
        store,
        c[2],
        &done("initial_assessment", "2026-03-02", "2026-03-04", "2026-03-04", "start_assessment"),
    )
    .await;
    add_step(
        store,
        c[2],
        &Step { step: "monitoring_visit", started: "2026-03-05", due: "2026-03-20", ended: None, reason: None },
    )
    .await;
    // c4–c6: assessed late, closed 20 March (two moved away, one with no reason recorded).
    for (k, assessed, reason) in
        [(3, "2026-03-05", None), (4, "2026-03-09", Some("moved_away")), (5, "2026-03-10", Some("moved_away"))]
    {
        shape_case(store, c[k], "2026-03-02", "closed", "low", far).await;
        let due = if k == 3 { "2026-03-04" } else { "2026-03-06" };
        rewrite_open(store, c[k], &done("initial_assessment", "2026-03-02", due, assessed, "start_assessment")).await;
        let mut closure = done("closure_approval", "2026-03-18", "2026-03-25", "2026-03-20", "approve_closure");
        closure.reason = reason;
        add_step(store, c[k], &closure).await;
    }
    // c7: referred in February, still waiting for its assessment (due far ahead).
    shape_case(store, c[6], "2026-02-10", "open", "low", far).await;
    // Ungheni: two referrals of 2 March, both assessed the next day, on time.
    for k in [7, 8] {
        shape_case(store, c[k], "2026-03-02", "open", "medium", far).await;
        rewrite_open(
            store,
            c[k],
            &done("initial_assessment", "2026-03-02", "2026-03-04", "2026-03-03", "start_assessment"),
        )
        .await;
    }
    let march = [s("from", "2026-03-01"), s("to", "2026-03-31")];

    // The supervisor of Chișinău, on their own territory: every number, none suppressed.
    let mut sup = signed_in(&router, "supervisor.chisinau").await;
    let v = indicators(&mut sup, &march).await;
    assert!(!v.suppressed);
    assert_eq!(
        (v.territory_id, v.previous_from.as_str(), v.previous_to.as_str()),
        (t.chisinau, "2026-02-01", "2026-02-28")
    );
    assert_eq!(v.active_total, E(4));
    assert_eq!((status(&v, "monitoring").high, status(&v, "monitoring").total), (E(2), E(2)));
    assert_eq!(
        (status(&v, "assessment").medium, status(&v, "open").low, status(&v, "planning").total),
        (E(1), E(1), E(0))
    );
    assert_eq!(v.by_territory.len(), 1, "no case lies in a locality below: {:?}", v.by_territory);
    assert_eq!((v.by_territory[0].id, v.by_territory[0].cases), (0, E(4)));
    assert_eq!((v.referrals, v.referrals_previous), (E(6), E(1)));
    // Working days from referral to assessment: 0, 1, 2, 3, 5, 6.
    assert_eq!(v.to_assessment, DurationView { count: E(6), median: Figure::Tenths(25), p90: Figure::Tenths(55) });
    // From assessment to approved plan: 10 and 9.
    assert_eq!(v.to_plan, DurationView { count: E(2), median: Figure::Tenths(95), p90: Figure::Tenths(99) });
    assert_eq!(step(&v, "initial_assessment"), (E(3), E(3), E(0), Figure::Tenths(500)));
    assert_eq!(step(&v, "plan_approval"), (E(2), E(0), E(0), Figure::Tenths(1000)));
    assert_eq!(step(&v, "closure_approval"), (E(3), E(0), E(0), Figure::Tenths(1000)));
    assert_eq!(step(&v, "monitoring_visit"), (E(0), E(0), E(1), Figure::None));
    // 8 of the 11 steps done in March were on time: 72.7 %.
    assert_eq!(v.steps_share, Figure::Tenths(727));
    let ana = v.workers_load.iter().find(|w| w.id == w1).expect("the worker's caseload");
    assert_eq!((ana.cases, ana.high_risk, ana.overdue), (E(4), E(2), E(1)));
    let closures: Vec<(String, Count)> = v.closures.iter().map(|r| (r.code.clone(), r.cases)).collect();
    assert_eq!(closures, vec![("moved_away".to_owned(), E(2)), (String::new(), E(1))]);
    assert_eq!(v.tickets.opened, E(0));
    // Another district is not theirs.
    let r = post(&mut sup, "reports/indicators", &[s("territory", t.ungheni)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // Their numbers lead to the cases behind them: the list narrowed to a territory and a manager.
    assert!(v.may_list);
    let list = |form: Vec<(String, String)>| {
        let c = signed_in(&router, "supervisor.chisinau");
        async move { post(&mut c.await, "cases/list", &form).await }
    };
    let cards: app::api::cases::CaseListView =
        json(&list(vec![s("status", "monitoring"), s("territory", t.chisinau), s("manager", w1)]).await);
    let mut ids: Vec<i64> = cards.items.iter().map(|c| c.id).collect();
    ids.sort();
    assert_eq!(ids, vec![c[0], c[1]]);
    let none: app::api::cases::CaseListView = json(&list(vec![s("status", "monitoring"), s("manager", w2)]).await);
    assert!(none.items.is_empty(), "another district's worker has no case here");
    let r = list(vec![s("territory", t.ungheni)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // The analyst of Chișinău sees the same territory with counts under 5 suppressed.
    let mut an = signed_in(&router, "analyst.chisinau").await;
    let v = indicators(&mut an, &march).await;
    assert!(v.suppressed && !v.may_list);
    assert_eq!(
        (v.active_total, status(&v, "monitoring").high, status(&v, "planning").total),
        (Count::Few, Count::Few, E(0))
    );
    assert_eq!((v.referrals, v.referrals_previous), (E(6), Count::Few));
    assert_eq!(v.to_assessment.median, Figure::Tenths(25), "six assessments are enough");
    assert_eq!(v.to_plan, DurationView { count: Count::Few, median: Figure::Few, p90: Figure::Few });
    assert_eq!(step(&v, "initial_assessment"), (Count::Few, Count::Few, E(0), Figure::Tenths(500)));
    assert_eq!(step(&v, "plan_approval").3, Figure::Few);
    assert_eq!(v.active_total.text(), "< 5");

    // An analyst of the whole country: both districts, then one, then one worker.
    let mut nat = signed_in(&router, "analyst.country").await;
    let v = indicators(&mut nat, &march).await;
    assert_eq!((v.active_total, v.referrals), (E(6), E(8)));
    let districts: Vec<(i64, Count)> = v.by_territory.iter().map(|r| (r.id, r.cases)).collect();
    assert_eq!(districts, vec![(t.chisinau, Count::Few), (t.ungheni, Count::Few)]);
    // 0, 1, 1, 1, 2, 3, 5, 6.
    assert_eq!(v.to_assessment, DurationView { count: E(8), median: Figure::Tenths(15), p90: Figure::Tenths(53) });
    assert!(v.territories.iter().any(|o| o.id == t.ungheni), "the districts are offered");
    let v = indicators(&mut nat, &[march[0].clone(), march[1].clone(), s("territory", t.ungheni)]).await;
    assert_eq!((v.territory_id, v.active_total, v.referrals), (t.ungheni, Count::Few, Count::Few));
    assert_eq!(step(&v, "initial_assessment").0, Count::Few);
    let v = indicators(&mut nat, &[march[0].clone(), march[1].clone(), s("worker", w1)]).await;
    assert_eq!((v.worker_id, v.referrals, v.to_assessment.count), (Some(w1), E(6), E(6)));
    assert_eq!(v.workers_load.iter().map(|w| w.id).collect::<Vec<_>>(), vec![w1]);

    // Refused filters, each at its field; a case worker has no dashboard.
    let r = post(&mut nat, "reports/indicators", &[s("from", "2026-02-30")]).await;
    assert_field(&r, "from", "invalid_date");
    let r = post(&mut nat, "reports/indicators", &[s("from", "2026-03-02"), s("to", "2026-03-01")]).await;
    assert_field(&r, "to", "period_reversed");
    let r = post(&mut nat, "reports/indicators", &[s("from", "2010-01-01"), s("to", "2026-03-01")]).await;
    assert_field(&r, "from", "period_over_ten_years");
    let r = post(&mut nat, "reports/indicators", &[s("territory", "abc")]).await;
    assert_field(&r, "territory", "invalid_choice");
    let r = post(&mut nat, "reports/indicators", &[s("territory", 999_999)]).await;
    assert_field(&r, "territory", "invalid_choice");
    let analyst = user_id(&state, "analyst.chisinau").await;
    let r = post(&mut nat, "reports/indicators", &[s("worker", analyst)]).await;
    assert_field(&r, "worker", "invalid_choice");
    let r = post(&mut sup, "reports/indicators", &[s("worker", w2)]).await;
    assert_field(&r, "worker", "invalid_choice");
    let mut w = signed_in(&router, "worker.chisinau").await;
    let r = post(&mut w, "reports/indicators", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let done = "SELECT COUNT(*) FROM audit_events WHERE action = 'reports.indicators' AND outcome = 'done'";
    assert_eq!(count(store, done).await, 5);
    let refused = "SELECT COUNT(*) FROM audit_events WHERE action = 'reports.indicators' AND outcome = 'refused'";
    assert_eq!(count(store, refused).await, 9);
}

/// The CSV file: its head names the filters and the moment, its numbers match the page, and a
/// name a spreadsheet would run as a formula is written as text.
async fn csv_export(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let ungheni = store.territory(t.ungheni).await.unwrap();
    let trap = store
        .add_territory(t.ungheni, "=HYPERLINK(\"http://x\",\"y\")", app::domain::territory::TerritoryKind::Locality)
        .await
        .unwrap();
    let plus = signable_user(store, "plus.worker", "+Plus Worker", "r-nul Ungheni", Role::SocialWorker).await;
    let minus = signable_user(store, "minus.worker", "-Minus Worker", "r-nul Ungheni", Role::SocialWorker).await;
    let at = signable_user(store, "at.worker", "@At Worker", "r-nul Ungheni", Role::SocialWorker).await;
    for (i, worker) in [plus, minus, at].into_iter().enumerate() {
        let p = person("Foaie", &format!("Ion {i}"), "1970-07-07", Some(&idnp(300 + i as u64)), trap.id);
        let p = register_direct(store, &p, worker).await;
        open_case_direct(store, p, Some(worker), worker).await;
    }
    let mut sup = signed_in(&router, "supervisor.ungheni").await;
    let (status, headers, body) = sup.get_raw("/dashboard/indicators.csv?from=2026-03-01&to=2026-03-31").await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers.get("content-type").unwrap(), "text/csv; charset=utf-8");
    let disposition = headers.get("content-disposition").unwrap().to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("\n\n") && !text.contains("\n\"\"\n"), "an empty line between head and table");
    let rows = csv_rows(text.as_bytes());
    // The head: title, territory, worker, period, moment of export.
    assert_eq!(rows[1], vec!["Territory".to_owned(), ungheni.name.clone()]);
    assert_eq!(rows[2][1], "All case managers");
    assert_eq!(rows[3], vec!["Period".to_owned(), "2026-03-01".into(), "2026-03-31".into()]);
    assert_eq!(rows[4][0], "Exported at");
    assert!(rows.iter().any(|r| r.len() == 4 && r[0] == "Indicator"), "the table's head");
    // Three active cases, counted exactly for the district's supervisor.
    let total = rows.iter().find(|r| r[0] == "Active cases, by status and risk" && r[1] == "Total").unwrap();
    assert_eq!(total[3], "3");
    // No cell starts with what a spreadsheet would run.
    for cell in rows.iter().flatten() {
        assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "unsafe cell {cell:?}");
    }
    for name in ["'=HYPERLINK(\"http://x\",\"y\")", "'+Plus Worker", "'-Minus Worker", "'@At Worker"] {
        assert!(rows.iter().flatten().any(|c| c == name), "{name} is written as text");
    }
    // The analyst's file suppresses what their page does, and says so.
    let mut an = signed_in(&router, "analyst.ungheni").await;
    let (status, _, body) = an.get_raw("/dashboard/indicators.csv?from=2026-03-01&to=2026-03-31").await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("< 5") && text.contains("Counts from 1 to 4"), "{text}");
    // A worker may not export; a bad period is refused; every export is audited.
    let mut w = signed_in(&router, "worker.ungheni").await;
    assert_eq!(w.get_raw("/dashboard/indicators.csv").await.0, StatusCode::FORBIDDEN);
    assert_eq!(an.get_raw("/dashboard/indicators.csv?from=x").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let mut out = signed_in(&router, "analyst.chisinau").await;
    let other = format!("/dashboard/indicators.csv?territory={}", t.ungheni);
    assert_eq!(out.get_raw(&other).await.0, StatusCode::FORBIDDEN);
    // The spreadsheet: the same lines, the names that would run as formulas kept as text cells.
    let (status, headers, body) = sup.get_raw("/dashboard/indicators.xlsx?from=2026-03-01&to=2026-03-31").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let xml = xlsx_part(&body, "xl/sharedStrings.xml");
    for name in ["+Plus Worker", "-Minus Worker", "@At Worker", "Active cases, by status and risk"] {
        assert!(xml.contains(&format!(">{name}<")), "{name} is a text cell");
    }
    let sheet = xlsx_part(&body, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>"), "no formula");
    assert_eq!(sheet.matches("<row ").count(), rows.len(), "every line (the reader skips the empty one)");
    let done = "SELECT COUNT(*) FROM audit_events WHERE action = 'reports.export' AND outcome = 'done'";
    assert_eq!(count(store, done).await, 3);
}

/// The case a register's line is about: the one its number leads to.
fn case_of(l: &app::api::registers::RegisterLineView) -> i64 {
    let href = l.cells.iter().find_map(|c| c.href.as_deref().and_then(|h| h.strip_prefix("/cases/"))).unwrap();
    href.parse().unwrap()
}

/// The register of referrals: the latest first, a page of 50 at a time, the territory's own,
/// for those who may read its persons; its CSV file streamed whole, safe from formulas.
async fn referral_register(db: TestDb) {
    use app::api::registers::RegisterView;
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let w1 = user_id(&state, "worker.chisinau").await;
    let w2 = user_id(&state, "worker.ungheni").await;
    let mut cases = Vec::new();
    for i in 0..53u64 {
        let p = person("Registru", &format!("Ana {i}"), "1991-01-01", Some(&idnp(500 + i)), t.chisinau);
        let p = register_direct(store, &p, w1).await;
        let id = open_case_direct(store, p, Some(w1), w1).await;
        // Two referrals a day through March, from the 1st.
        let received = day("2026-03-01") + chrono::Duration::days((i / 2) as i64);
        let sql = "UPDATE cases SET received_on = $1 WHERE id = $2";
        on_db!(store, |p| sqlx::query(sql).bind(received).bind(id).execute(p).await.unwrap().rows_affected());
        cases.push((received, id));
    }
    let trap = "UPDATE cases SET reporter_name = $1 WHERE id = $2";
    on_db!(store, |p| sqlx::query(trap).bind("=2+3").bind(cases[0].1).execute(p).await.unwrap().rows_affected());
    let p = person("Registru", "Ion", "1991-01-01", Some(&idnp(600)), t.ungheni);
    let p = register_direct(store, &p, w2).await;
    let elsewhere = open_case_direct(store, p, Some(w2), w2).await;
    on_db!(store, |p| sqlx::query("UPDATE cases SET received_on = $1 WHERE id = $2")
        .bind(day("2026-03-05"))
        .bind(elsewhere)
        .execute(p)
        .await
        .unwrap()
        .rows_affected());
    cases.sort_by(|a, b| b.cmp(a));
    let expected: Vec<i64> = cases.iter().map(|c| c.1).collect();

    let mut w = signed_in(&router, "worker.chisinau").await;
    let march = [s("from", "2026-03-01"), s("to", "2026-03-31")];
    let first: RegisterView = json(&post(&mut w, "registers/referrals", &march).await);
    assert_eq!(first.lines.len(), 50);
    let next = first.next.clone().expect("a second page");
    let mut form = march.to_vec();
    form.push(s("after", &next));
    let second: RegisterView = json(&post(&mut w, "registers/referrals", &form).await);
    assert_eq!(second.next, None);
    let listed: Vec<i64> = first.lines.iter().chain(&second.lines).map(case_of).collect();
    assert_eq!(listed, expected, "every referral once, the latest first, none of Ungheni");
    let line = &first.lines.iter().find(|l| case_of(l) == cases[0].1).unwrap().cells;
    assert_eq!((line[0].text.as_str(), line[3].text.len(), line[10].text.as_str()), ("2026-03-27", 13, "Ana Ceban"));
    refusals(&router, &mut w, "referrals", &march, "x", t.ungheni).await;

    // The file: head, then every line, the reporter written as text.
    let (status, headers, body) = w.get_raw("/registers/referrals.csv?from=2026-03-01&to=2026-03-31").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get("content-type").unwrap(), "text/csv; charset=utf-8");
    let rows = csv_rows(&body);
    assert_eq!(rows[2], vec!["Perioada".to_owned(), "2026-03-01".into(), "2026-03-31".into()], "the worker's language");
    let lines: Vec<&Vec<String>> = rows.iter().filter(|r| r.len() == 11).skip(1).collect();
    assert_eq!(lines.len(), 53);
    assert!(lines.iter().any(|l| l[6] == "'=2+3"), "the reporter is written as text");
    assert_eq!(lines[0][0], "2026-03-27");
    assert!(!String::from_utf8_lossy(&body).contains("\n\"\"\n"), "the blank line is empty");
    // Compressed, as browsers ask for it: the stream ends cleanly (the compression layer polls
    // the body once more after its end).
    let req = axum::http::Request::get("/registers/referrals.csv?from=2026-03-01&to=2026-03-31")
        .header("cookie", w.cookie_header())
        .header("accept-encoding", "gzip")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, headers, body) = w.send_raw(req).await;
    assert_eq!((status, headers.get("content-encoding").map(|v| v.to_str().unwrap())), (StatusCode::OK, Some("gzip")));
    assert!(body.len() > 500, "{} bytes", body.len());
    let exports = "SELECT COUNT(*) FROM audit_events WHERE action = 'registers.export' AND outcome = 'done'";
    assert_eq!(count(store, exports).await, 2);
    let pages = "SELECT COUNT(*) FROM audit_events WHERE action = 'registers.referrals' AND outcome = 'done'";
    assert_eq!(count(store, pages).await, 2);
}

/// The register of beneficiaries: every case of the territory open at some moment of the period
/// (days of the agency's zone), one line each, the latest taken on first, a page of 50 at a time;
/// its CSV with the closing day of a case closed in the period.
async fn beneficiary_register(db: TestDb) {
    use app::api::registers::RegisterView;
    use chrono::{DateTime, Utc};
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let w1 = user_id(&state, "worker.chisinau").await;
    let w2 = user_id(&state, "worker.ungheni").await;
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let mut n = 0u64;
    let mut open = async |territory: i64, worker: i64, opened: &str, closed: Option<&str>| {
        n += 1;
        let p = person("Beneficiar", &format!("Ana {n}"), "1990-05-01", Some(&idnp(700 + n)), territory);
        let p = register_direct(store, &p, worker).await;
        let id = open_case_direct(store, p, Some(worker), worker).await;
        let sql = "UPDATE cases SET opened_at = $1, closed_at = $2, status = $3 WHERE id = $4";
        let status = if closed.is_some() { "closed" } else { "open" };
        on_db!(store, |p| sqlx::query(sql)
            .bind(at(opened))
            .bind(closed.map(at))
            .bind(status)
            .bind(id)
            .execute(p)
            .await
            .unwrap()
            .rows_affected());
        id
    };
    // In March 2026 (Chisinau, UTC+2 then UTC+3 from the 29th):
    let still_open = open(t.chisinau, w1, "2026-02-10T09:00:00Z", None).await;
    let closed_before = open(t.chisinau, w1, "2026-01-05T09:00:00Z", Some("2026-02-20T09:00:00Z")).await;
    let closed_within = open(t.chisinau, w1, "2026-02-01T09:00:00Z", Some("2026-03-10T09:00:00Z")).await;
    let opened_after = open(t.chisinau, w1, "2026-04-02T09:00:00Z", None).await;
    // 23:30 on 31 March in Chisinau is in; 00:30 on 1 April is not.
    let last_evening = open(t.chisinau, w1, "2026-03-31T20:30:00Z", None).await;
    let next_night = open(t.chisinau, w1, "2026-03-31T21:30:00Z", None).await;
    // Closed at 00:30 on 1 March in Chisinau (22:30 UTC the day before): still open in March.
    let closed_first_night = open(t.chisinau, w1, "2026-02-03T09:00:00Z", Some("2026-02-28T22:30:00Z")).await;
    let elsewhere = open(t.ungheni, w2, "2026-02-10T09:00:00Z", None).await;
    let mut fillers = Vec::new();
    for _ in 0..49 {
        fillers.push(open(t.chisinau, w1, "2026-02-15T09:00:00Z", None).await);
    }
    let mut expected = vec![still_open, closed_within, last_evening, closed_first_night];
    expected.extend(&fillers);
    expected.sort_by(|a, b| b.cmp(a));
    for out in [closed_before, opened_after, next_night, elsewhere] {
        assert!(!expected.contains(&out));
    }

    let mut w = signed_in(&router, "worker.chisinau").await;
    let march = [s("from", "2026-03-01"), s("to", "2026-03-31")];
    let first: RegisterView = json(&post(&mut w, "registers/beneficiaries", &march).await);
    assert_eq!(first.lines.len(), 50);
    let mut form = march.to_vec();
    form.push(s("after", first.next.clone().expect("a second page")));
    let second: RegisterView = json(&post(&mut w, "registers/beneficiaries", &form).await);
    assert_eq!(second.next, None);
    let listed: Vec<i64> = first.lines.iter().chain(&second.lines).map(case_of).collect();
    assert_eq!(listed, expected, "every case open in March once, the latest first, none of Ungheni");
    let line = &second.lines.iter().chain(&first.lines).find(|l| case_of(l) == closed_within).unwrap().cells;
    let texts: Vec<&str> = line.iter().map(|c| c.text.as_str()).collect();
    assert_eq!((texts[0], texts[5], texts[10], texts[11]), ("2026-02-01", "Feminin", "Închis", "2026-03-10"));
    assert_eq!(line[2].href.as_deref().map(|h| h.starts_with("/persons/")), Some(true));
    refusals(&router, &mut w, "beneficiaries", &march, "x", t.ungheni).await;

    // The file: the head, the columns, every line.
    let (status, headers, body) = w.get_raw("/registers/beneficiaries.csv?from=2026-03-01&to=2026-03-31").await;
    assert_eq!(status, StatusCode::OK);
    let rows = csv_rows(&body);
    assert_eq!(rows[0], vec!["Registrul beneficiarilor".to_owned()]);
    assert_eq!(rows[4][0], "Luat în evidență", "the columns after the head");
    let lines: Vec<&Vec<String>> = rows.iter().skip(5).collect();
    assert_eq!(lines.len(), 53);
    assert!(lines.iter().any(|l| l[11] == "2026-03-10"), "the closing day of the case closed in March");
    assert_eq!(
        headers.get("x-vatra-lines").map(|v| v.to_str().unwrap()),
        Some("53"),
        "the lines, told for the progress"
    );
    // The spreadsheet, compressed as browsers ask for it: the stream ends cleanly (the compression
    // layer polls the body once more after its end), and holds every line.
    let req = axum::http::Request::get("/registers/beneficiaries.xlsx?from=2026-03-01&to=2026-03-31")
        .header("cookie", w.cookie_header())
        .header("accept-encoding", "gzip")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, headers, body) = w.send_raw(req).await;
    assert_eq!((status, headers.get("content-encoding").map(|v| v.to_str().unwrap())), (StatusCode::OK, Some("gzip")));
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(body.as_slice()), &mut plain).unwrap();
    let sheet = xlsx_part(&plain, "xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<row ").count(), 5 + 53);
    let exports = "SELECT COUNT(*) FROM audit_events WHERE action = 'registers.export' AND outcome = 'done'";
    assert_eq!(count(store, exports).await, 2);
    let pages = "SELECT COUNT(*) FROM audit_events WHERE action = 'registers.beneficiaries' AND outcome = 'done'";
    assert_eq!(count(store, pages).await, 2);
}

/// Adds an assistance plan of `case` with `status`, decided at `decided`, with one action per
/// service code (`other` with its own name), as the workflow would have stored it.
async fn plan(store: &Store, case: i64, actor: i64, status: &str, decided: &str, services: &[&str]) -> i64 {
    use chrono::{DateTime, Utc};
    let actions: Vec<serde_json::Value> = services
        .iter()
        .enumerate()
        .map(|(i, code)| {
            serde_json::json!({
                "goal": format!("Scop {i}"),
                "action": format!("Acțiune {i}"),
                "service": code,
                "service_other": if *code == "other" { "Lemne pentru iarnă" } else { "" },
                "responsible": "=Primăria",
                "due_date": "2026-06-30",
            })
        })
        .collect();
    let answers = serde_json::json!({ "start_date": "2026-03-01", "actions": actions }).to_string();
    let at = DateTime::parse_from_rfc3339(decided).unwrap().with_timezone(&Utc);
    let sql =
        "INSERT INTO form_submissions (case_id, form_code, definition_version, revision, status, answers, version, \
               created_by, created_at, updated_by, updated_at, submitted_by, submitted_at, decided_by, decided_at) \
               VALUES ($1, 'assistance_plan', 1, 1, $2, $3, 1, $4, $5, $4, $5, $4, $5, $4, $5) RETURNING id";
    on_db!(store, |p| sqlx::query_scalar(sql)
        .bind(case)
        .bind(status)
        .bind(&answers)
        .bind(actor)
        .bind(at)
        .fetch_one(p)
        .await
        .unwrap())
}

/// The register of assistance measures: one line per action of the plans approved in the
/// period and in force, the latest plan first, 50 lines a page (a page may end inside a plan);
/// the service named by the plan's definition; its CSV safe from formulas.
async fn measure_register(db: TestDb) {
    use app::api::registers::RegisterView;
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let w1 = user_id(&state, "worker.chisinau").await;
    let w2 = user_id(&state, "worker.ungheni").await;
    let p = register_direct(store, &person("Masura", "Ana", "1980-01-01", Some(&idnp(900)), t.chisinau), w1).await;
    let case = open_case_direct(store, p, Some(w1), w1).await;
    let p = register_direct(store, &person("Masura", "Ion", "1980-01-01", Some(&idnp(901)), t.ungheni), w2).await;
    let elsewhere = open_case_direct(store, p, Some(w2), w2).await;

    let first_plan = plan(store, case, w1, "approved", "2026-03-05T09:00:00Z", &["day_care", "other"]).await;
    plan(store, case, w1, "superseded", "2026-03-06T09:00:00Z", &["home_care"]).await;
    plan(store, case, w1, "approved", "2026-02-27T09:00:00Z", &["home_care"]).await;
    plan(store, case, w1, "submitted", "2026-03-06T09:00:00Z", &["home_care"]).await;
    plan(store, elsewhere, w2, "approved", "2026-03-06T09:00:00Z", &["home_care"]).await;
    let mut later = Vec::new();
    for _ in 0..17 {
        later.push(
            plan(store, case, w1, "approved", "2026-03-10T09:00:00Z", &["counselling", "material_aid", "placement"])
                .await,
        );
    }
    let mut expected: Vec<(i64, usize)> = later.iter().rev().flat_map(|id| (0..3).map(move |i| (*id, i))).collect();
    expected.extend([(first_plan, 0), (first_plan, 1)]);

    let mut w = signed_in(&router, "worker.chisinau").await;
    let march = [s("from", "2026-03-01"), s("to", "2026-03-31")];
    let first: RegisterView = json(&post(&mut w, "registers/measures", &march).await);
    assert_eq!(first.lines.len(), 50);
    let next = first.next.clone().expect("a second page");
    assert_eq!(next, format!("{}.1", later[0]), "the page ends inside the oldest of the later plans");
    let mut form = march.to_vec();
    form.push(s("after", &next));
    let second: RegisterView = json(&post(&mut w, "registers/measures", &form).await);
    assert_eq!(second.next, None);
    let lines: Vec<Vec<String>> =
        first.lines.iter().chain(&second.lines).map(|l| l.cells.iter().map(|c| c.text.clone()).collect()).collect();
    assert_eq!(lines.len(), expected.len(), "every action of the plans in force approved in March");
    let actions: Vec<&str> = lines.iter().map(|l| l[5].as_str()).collect();
    let expected_actions: Vec<String> = expected.iter().map(|(_, i)| format!("Acțiune {i}")).collect();
    assert_eq!(actions, expected_actions);
    let last = &lines[lines.len() - 2..];
    assert_eq!(
        (last[0][0].as_str(), last[0][6].as_str(), last[1][6].as_str()),
        ("2026-03-05", "Centru de zi", "Lemne pentru iarnă")
    );
    assert_eq!((lines[0][6].as_str(), lines[0][8].as_str()), ("Consiliere psihologică", "2026-06-30"));
    refusals(&router, &mut w, "measures", &march, "12", t.ungheni).await;

    let (status, _, body) = w.get_raw("/registers/measures.csv?from=2026-03-01&to=2026-03-31").await;
    assert_eq!(status, StatusCode::OK);
    let rows = csv_rows(&body);
    assert_eq!(rows[0], vec!["Registrul măsurilor de asistență".to_owned()]);
    let file_lines: Vec<&Vec<String>> = rows.iter().skip(5).collect();
    assert_eq!(file_lines.len(), expected.len());
    assert!(file_lines.iter().all(|l| l[7] == "'=Primăria"), "the responsible is written as text");

    // The spreadsheet: the same head and lines, every cell a text cell (never a formula).
    let (status, headers, body) = w.get_raw("/registers/measures.xlsx?from=2026-03-01&to=2026-03-31").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let sheet = xlsx_part(&body, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(">Registrul măsurilor de asistență<"), "the head");
    assert_eq!(sheet.matches("<row ").count(), 5 + expected.len(), "the head's five lines and every action");
    assert_eq!(sheet.matches(">=Primăria<").count(), expected.len());
    assert!(!sheet.contains("<f>"), "no formula");
    let exports = "SELECT COUNT(*) FROM audit_events WHERE action = 'registers.export' AND outcome = 'done'";
    assert_eq!(count(store, exports).await, 2);
}

crate::both_engines! {
    indicators_measure_register => measure_register;
    indicators_beneficiary_register => beneficiary_register;
    indicators_referral_register => referral_register;
    indicators_workflow_writes_steps => workflow_writes_steps;
    indicators_known_month => known_month;
    indicators_csv_export => csv_export;
}
