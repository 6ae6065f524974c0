//! The daily work report, on SQLite and on PostgreSQL: a worker's day read back from what they
//! changed (a person registered, a case opened and moved on, a form started, saved and
//! submitted), nothing of another worker's, another day empty; a supervisor reads a case
//! manager's of their territory and not of another's; bad filters told at their field; audited.

use crate::forms::{get_form, save, start, submit, test_definitions};
use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, user_id};
use crate::records::*;
use crate::tickets::count;
use app::api::day_report::DayReportView;
use axum::http::StatusCode;
use serde_json::json as j;

async fn day_report(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let t = territories(store).await;
    let w1 = user_id(&state, "worker.chisinau").await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut other = signed_in(&router, "worker.ungheni").await;

    // The worker's day.
    let p = must_register(&mut w, &person("Zilnic", "Ana", "1985-04-04", Some(&idnp(300)), t.chisinau)).await;
    let case = open_case(&mut w, p).await;
    assert!(act(&mut w, store, case, "start_assessment", "").await.ok());
    let form: i64 = json(&start(&mut w, case, "initial_assessment").await);
    let mut version = get_form(&mut w, form).await.version;
    for reason in ["Locuiește", "Locuiește singură"] {
        let r = save(&mut w, form, version, &j!({ "reason": reason })).await;
        assert!(r.ok(), "{}", r.body);
        version = get_form(&mut w, form).await.version;
    }
    assert!(submit(&mut w, form, version, &j!({ "reason": "Locuiește singură" })).await.ok());
    // Another worker's day.
    let q = must_register(&mut other, &person("Altul", "Ion", "1985-04-04", Some(&idnp(301)), t.ungheni)).await;
    open_case(&mut other, q).await;

    let v: DayReportView = json(&post(&mut w, "reports/day", &[]).await);
    assert_eq!(
        (v.worker_id, v.worker_name.as_str(), v.day.as_str()),
        (w1, "Ana Ceban", app::store::today().to_string().as_str())
    );
    let t = &v.totals;
    assert_eq!(
        (t.records, t.persons_registered, t.cases_opened, t.steps_taken, t.forms_submitted, t.forms_decided),
        (3, 1, 1, 1, 1, 0)
    );
    let subjects: Vec<&str> = v.entries.iter().map(|e| e.subject.as_str()).collect();
    let number = store.case(case).await.unwrap().number;
    assert_eq!(subjects, vec!["Zilnic Ana", number.as_str(), number.as_str()], "in the order first changed");
    assert_eq!(v.entries[0].done, vec!["Persoană înregistrată".to_owned()]);
    assert_eq!(v.entries[0].href, Some(format!("/persons/{p}")));
    assert_eq!(v.entries[1].done.len(), 2, "opened, then the assessment begun: {:?}", v.entries[1].done);
    assert_eq!(v.entries[1].done[0], "Caz deschis");
    assert_eq!(v.entries[1].person, "Zilnic Ana");
    let f = &v.entries[2];
    assert_eq!((f.form.as_str(), f.href.clone()), ("Test initial_assessment", Some(format!("/forms/{form}"))));
    assert_eq!(f.done, vec!["Formular început", "Formular completat (2 salvări)", "Formular trimis"]);
    assert!(!v.truncated && v.workers.is_empty(), "a worker chooses no one else");

    // Another day: nothing; a bad day and a bad worker at their field.
    let v: DayReportView = json(&post(&mut w, "reports/day", &[s("day", "2020-01-01")]).await);
    assert!(v.entries.is_empty() && v.totals.records == 0);
    assert_field(&post(&mut w, "reports/day", &[s("day", "ieri")]).await, "day", "invalid_date");
    assert_field(&post(&mut w, "reports/day", &[s("worker", "x")]).await, "worker", "invalid_choice");

    // A supervisor reads the worker's day; a worker cannot read another's; nor can a supervisor
    // of another district.
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    let v: DayReportView = json(&post(&mut boss, "reports/day", &[s("worker", w1)]).await);
    assert_eq!((v.worker_id, v.entries.len()), (w1, 3));
    assert!(v.workers.iter().any(|o| o.id == w1), "the supervisor chooses among the territory's case managers");
    let boss_id = user_id(&state, "supervisor.chisinau").await;
    assert_eq!(post(&mut w, "reports/day", &[s("worker", boss_id)]).await.status, StatusCode::FORBIDDEN);
    let mut far = signed_in(&router, "supervisor.ungheni").await;
    assert_eq!(post(&mut far, "reports/day", &[s("worker", w1)]).await.status, StatusCode::FORBIDDEN);
    let mut an = signed_in(&router, "analyst.chisinau").await;
    assert_eq!(post(&mut an, "reports/day", &[]).await.status, StatusCode::FORBIDDEN);

    let read = "SELECT COUNT(*) FROM audit_events WHERE action = 'reports.day' AND outcome = 'done'";
    assert_eq!(count(store, read).await, 3);
}

crate::both_engines! {
    day_report_of_a_worker => day_report;
}
