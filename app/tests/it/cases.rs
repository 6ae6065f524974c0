//! Case files over HTTP, on SQLite and on PostgreSQL: numbers, the
//! workflow, transfers, stale steps and who may act. The timeline and the
//! case as of a past moment are in `history.rs`.

use crate::forms::{decide, fill_and_submit, start, submit, test_definitions};
use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, user_id, Client};
use crate::records::*;
use app::api::cases::{AssigneeView, CaseListView, TeamView};
use app::api::persons::HistoryPageView;
use app::domain::case::CaseNumber;
use app::domain::{AppError, Role};
use app::store::history::ObjectType;
use app::store::Store;
use axum::http::StatusCode;
use chrono::Datelike;

/// The case ids of a caseload list.
async fn list(c: &mut Client, endpoint: &str, form: &[(String, String)]) -> Vec<i64> {
    let page: CaseListView = json(&post(c, endpoint, form).await);
    page.items.iter().map(|k| k.id).collect()
}

async fn status(store: &Store, id: i64) -> String {
    store.case(id).await.unwrap().status
}

async fn numbers_per_territory_and_year(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut u = signed_in(&router, "worker.ungheni").await;
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    let a = must_register(&mut w, &person("Lupu", "Ana", "2012-01-01", Some(&idnp(1)), t.chisinau)).await;
    let b = must_register(&mut w, &person("Lupu", "Dan", "2014-05-05", Some(&idnp(2)), t.chisinau)).await;
    let x = must_register(&mut u, &person("Vieru", "Ilie", "1958-08-08", Some(&idnp(3)), t.ungheni)).await;
    let year = chrono::Utc::now().year();

    let mut ours = Vec::new();
    for p in [a, b, a] {
        ours.push(open_case(&mut w, p).await);
    }
    let theirs = open_case(&mut u, x).await;
    for (i, id) in ours.iter().enumerate() {
        let k = get_case(&mut w, *id).await;
        assert_eq!(k.number, format!("{}/{year}/{:05}", t.chisinau, i + 1));
        assert!(CaseNumber::parse(&k.number).is_ok());
    }
    assert_eq!(get_case(&mut u, theirs).await.number, format!("{}/{year}/00001", t.ungheni));
    // A worker's new case is open and theirs; the page says what they may do next.
    let k = get_case(&mut w, ours[0]).await;
    assert_eq!((k.status.as_str(), k.manager_name.as_deref()), ("open", Some("Ana Ceban")));
    assert_eq!(
        (k.person_name.as_str(), k.person_key.as_str(), k.territory_name.as_str()),
        ("Lupu Ana", idnp(1).as_str(), "mun. Chișinău")
    );
    assert!(k.actions.contains(&"start_assessment".to_owned()) && !k.actions.contains(&"approve_plan".to_owned()));
    assert!(k.may_transfer && !k.may_assign && k.next_step.is_some() && k.transfer.is_none());

    // A supervisor may leave a new case unassigned: referred until assigned.
    let referred = open_case(&mut boss, b).await;
    let k = get_case(&mut boss, referred).await;
    assert_eq!((k.number, k.status.as_str(), k.manager_id), (format!("{}/{year}/00004", t.chisinau), "referred", None));
    assert_eq!(act(&mut w, store, referred, "start_assessment", "").await.status, StatusCode::FORBIDDEN);
    let me = user_id(&state, "worker.chisinau").await;
    let assign = |version: i64, manager: i64| vec![s("id", referred), s("version", version), s("manager_id", manager)];
    assert_eq!(post(&mut w, "cases/assign", &assign(1, me)).await.status, StatusCode::FORBIDDEN);
    let elsewhere = user_id(&state, "worker.ungheni").await;
    assert_field(&post(&mut boss, "cases/assign", &assign(1, elsewhere)).await, "manager_id", "invalid_choice");
    assert!(post(&mut boss, "cases/assign", &assign(1, me)).await.ok());
    let k = get_case(&mut w, referred).await;
    assert_eq!((k.status.as_str(), k.manager_id), ("open", Some(me)));

    // Not for a person of another territory; the referral's rules hold on the server.
    assert_eq!(post(&mut w, "cases/open", &nested("input", &referral(x))).await.status, StatusCode::NOT_FOUND);
    let mut bad = referral(a);
    bad.risk_level.clear();
    bad.received_on = "2999-01-01".into();
    let r = post(&mut w, "cases/open", &nested("input", &bad)).await;
    assert_field(&r, "risk_level", "required");
    assert_field(&r, "received_on", "in_future");
    assert_eq!(count(store, "cases").await, 5);
    // The person's page lists their cases, newest first.
    let cards: Vec<i64> = get_person(&mut w, a).await.cases.iter().map(|c| c.id).collect();
    assert_eq!(cards, vec![ours[2], ours[0]]);
}

async fn workflow_from_open_to_closed_and_reopened(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    let p = must_register(&mut w, &person("Turcan", "Olga", "1940-10-10", Some(&idnp(1)), t.chisinau)).await;
    let id = open_case(&mut w, p).await;

    // An illegal step is refused on the action field, saying why, and changes nothing; a step
    // a form takes is refused as such.
    assert_field(&act(&mut w, store, id, "start_planning", "").await, "action", "not_from_status");
    assert_field(&act(&mut w, store, id, "fly", "").await, "action", "invalid_choice");
    assert_field(&act(&mut w, store, id, "assign", "").await, "action", "invalid_choice");
    for (who, step) in [(&mut w, "submit_plan"), (&mut boss, "approve_closure")] {
        let r = act(who, store, id, step, "").await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{step}: {}", r.body);
        assert_eq!(r.error(), AppError::Conflict { field: "action".into(), code: "through_form".into() });
    }
    assert_eq!(store.case(id).await.unwrap().version, 1);

    assert!(act(&mut w, store, id, "start_assessment", "").await.ok());
    fill_and_submit(&mut w, id, "initial_assessment", "Lives alone").await;
    assert!(act(&mut w, store, id, "start_planning", "").await.ok());
    let plan = fill_and_submit(&mut w, id, "assistance_plan", "Daily visits").await;
    assert_eq!(status(store, id).await, "plan_approval");
    // The plan waits for a supervisor: only they may decide on it.
    let version = store.submission(plan).await.unwrap().version;
    assert_eq!(decide(&mut w, plan, version, true, "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(status(store, id).await, "plan_approval");
    assert!(decide(&mut boss, plan, version, true, "").await.ok());
    assert_eq!(status(store, id).await, "monitoring");

    // Closing needs the closure form (with its reason) and a supervisor's approval.
    let closure: i64 = json(&start(&mut w, id, "closure").await);
    assert_field(&submit(&mut w, closure, 1, &serde_json::json!({ "reason": "  " })).await, "reason", "required");
    let r = submit(&mut w, closure, 1, &serde_json::json!({ "reason": "Goals of the plan reached" })).await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(status(store, id).await, "closure_approval");
    let version = store.submission(closure).await.unwrap().version;
    assert_eq!(decide(&mut w, closure, version, true, "").await.status, StatusCode::FORBIDDEN);
    assert!(decide(&mut boss, closure, version, true, "").await.ok());
    let k = get_case(&mut w, id).await;
    assert_eq!((k.status.as_str(), k.status_reason.as_deref()), ("closed", Some("Goals of the plan reached")));
    assert!(k.closed_at.is_some() && !k.may_transfer);
    assert_eq!(k.actions, vec!["reopen".to_owned()]);
    // A closed case leaves the caseload unless asked for.
    assert!(!list(&mut w, "cases/mine", &[]).await.contains(&id));
    assert!(list(&mut w, "cases/mine", &[s("closed", true)]).await.contains(&id));

    // Reopening needs a reason; the case is open again.
    assert_field(&act(&mut w, store, id, "reopen", "").await, "reason", "required");
    assert!(act(&mut w, store, id, "reopen", "New report from the school").await.ok());
    let k = get_case(&mut w, id).await;
    assert_eq!((k.status.as_str(), k.closed_at, k.version), ("open", None, 8));
    let h: HistoryPageView = json(&post(&mut w, "cases/history", &[s("id", id)]).await);
    let steps: Vec<(&str, &str)> = h.items.iter().map(|e| (e.action.as_str(), e.by.as_str())).collect();
    assert_eq!(
        steps,
        vec![
            ("reopen", "Ana Ceban"),
            ("approve_closure", "Maria Lungu"),
            ("propose_closure", "Ana Ceban"),
            ("approve_plan", "Maria Lungu"),
            ("submit_plan", "Ana Ceban"),
            ("start_planning", "Ana Ceban"),
            ("start_assessment", "Ana Ceban"),
            ("open", "Ana Ceban"),
        ]
    );
}

async fn transfer_waits_for_the_receiver(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let t = territories(store).await;
    let mut a = signed_in(&router, "worker.chisinau").await;
    let mut b = signed_in(&router, "supervisor.ungheni").await;
    let b_id = user_id(&state, "supervisor.ungheni").await;
    let p = must_register(&mut a, &person("Popescu", "Irina", "1983-03-03", Some(&idnp(1)), t.chisinau)).await;
    let id = open_case(&mut a, p).await;
    let number = get_case(&mut a, id).await.number;
    let transfer = |version: i64| vec![s("id", id), s("version", version), s("to_user", b_id), s("note", "She moved")];
    let decide = |version: i64, accept: bool, reason: &str| {
        vec![s("id", id), s("version", version), s("accept", accept), s("reason", reason)]
    };
    let version = |store: &Store| {
        let store = store.clone();
        async move { store.case(id).await.unwrap().version }
    };

    assert!(post(&mut a, "cases/transfer", &transfer(1)).await.ok());
    // Until the receiver answers, the sender keeps and works the case.
    let k = get_case(&mut a, id).await;
    let waiting = k.transfer.as_ref().expect("a pending transfer");
    assert_eq!(
        (waiting.to_name.as_str(), waiting.to_territory.as_str(), waiting.for_me),
        ("Vasile Moraru", "r-nul Ungheni", false)
    );
    assert_eq!((k.manager_name.as_deref(), k.may_transfer), (Some("Ana Ceban"), false));
    assert!(act(&mut a, store, id, "start_assessment", "").await.ok());
    assert_field(&post(&mut a, "cases/transfer", &transfer(version(store).await)).await, "action", "transfer_pending");
    // The receiver sees it waiting for them, but cannot work it yet; the sender cannot answer for them.
    let mine: CaseListView = json(&post(&mut b, "cases/mine", &[]).await);
    assert_eq!(
        mine.items.iter().map(|k| (k.id, k.transfer_to.as_deref())).collect::<Vec<_>>(),
        vec![(id, Some("Vasile Moraru"))]
    );
    let k = get_case(&mut b, id).await;
    assert!(k.transfer.unwrap().for_me && k.actions.is_empty());
    assert_eq!(get_person(&mut b, p).await.person.id, p);
    assert_eq!(act(&mut b, store, id, "start_planning", "").await.status, StatusCode::FORBIDDEN);
    let r = post(&mut a, "cases/decide_transfer", &decide(version(store).await, true, "")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Declined (with a reason): it stays with the sender, and leaves the receiver's view.
    assert_field(
        &post(&mut b, "cases/decide_transfer", &decide(version(store).await, false, "")).await,
        "reason",
        "required",
    );
    let r = post(&mut b, "cases/decide_transfer", &decide(version(store).await, false, "Not our district")).await;
    assert!(r.ok(), "{}", r.body);
    let k = get_case(&mut a, id).await;
    assert_eq!(
        (k.manager_name.as_deref(), k.territory_name.as_str(), k.transfer.is_none()),
        (Some("Ana Ceban"), "mun. Chișinău", true)
    );
    assert!(list(&mut b, "cases/mine", &[]).await.is_empty());
    assert_eq!(post(&mut b, "cases/get", &[s("id", id)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(list(&mut a, "cases/mine", &[]).await, vec![id]);

    // Asked again and accepted: the case moves to the receiver and their territory, number and all.
    assert!(post(&mut a, "cases/transfer", &transfer(version(store).await)).await.ok());
    assert!(post(&mut b, "cases/decide_transfer", &decide(version(store).await, true, "")).await.ok());
    let k = get_case(&mut b, id).await;
    assert_eq!(
        (k.manager_id, k.territory_name.as_str(), k.number.as_str()),
        (Some(b_id), "r-nul Ungheni", number.as_str())
    );
    assert_eq!((k.status.as_str(), k.transfer.is_none()), ("assessment", true));
    assert_eq!(store.case(id).await.unwrap().territory_id, t.ungheni);
    // The step the case waits for goes with it (the indicators count it there); the one the
    // sender ended stays in the sender's territory.
    let steps: Vec<(Option<i64>, String, bool)> = crate::tickets::on_db!(store, |p| sqlx::query_as(
        "SELECT manager_id, territory_path, ended_on IS NULL FROM case_steps WHERE case_id = $1 ORDER BY id"
    )
    .bind(id)
    .fetch_all(p)
    .await
    .unwrap());
    let (a_id, moved) = (user_id(&state, "worker.chisinau").await, store.case(id).await.unwrap().territory_path);
    let chisinau = store.territory(t.chisinau).await.unwrap().path;
    assert_eq!(steps, vec![(Some(a_id), chisinau, false), (Some(b_id), moved, true)]);
    fill_and_submit(&mut b, id, "initial_assessment", "Moved in with her sister").await;
    assert!(act(&mut b, store, id, "start_planning", "").await.ok());
    assert_eq!(post(&mut a, "cases/get", &[s("id", id)]).await.status, StatusCode::NOT_FOUND);
    assert!(list(&mut a, "cases/mine", &[]).await.is_empty());
    assert_eq!(list(&mut b, "cases/mine", &[]).await, vec![id]);
    let mut theirs = signed_in(&router, "supervisor.ungheni").await;
    assert_eq!(list(&mut theirs, "cases/list", &[]).await, vec![id]);
    let mut ours = signed_in(&router, "supervisor.chisinau").await;
    assert!(list(&mut ours, "cases/list", &[]).await.is_empty());
    let h = store.history(ObjectType::Case, id, None, 20).await.unwrap();
    let actions: Vec<&str> = h.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "open",
            "transfer_request",
            "start_assessment",
            "transfer_decline",
            "transfer_request",
            "transfer_accept",
            "start_planning"
        ]
    );
}

async fn a_stale_step_is_refused(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    let p = must_register(&mut w, &person("Rotari", "Ion", "1999-09-19", Some(&idnp(1)), t.chisinau)).await;
    let id = open_case(&mut w, p).await;
    let step =
        |action: &str, reason: &str| vec![s("id", id), s("version", 1), s("action", action), s("reason", reason)];
    let me = user_id(&state, "worker.chisinau").await;
    assert!(post(&mut w, "cases/act", &step("start_assessment", "")).await.ok());
    // The supervisor still has version 1 on screen.
    for r in [
        post(&mut boss, "cases/act", &step("suspend", "Family abroad for a month")).await,
        post(&mut boss, "cases/assign", &[s("id", id), s("version", 1), s("manager_id", me)]).await,
    ] {
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        match r.error() {
            AppError::StaleVersion { changed_by, fields, .. } => {
                assert_eq!(changed_by, "Ana Ceban");
                assert!(
                    fields.contains(&"status".to_owned()) && !fields.contains(&"status_reason".to_owned()),
                    "{fields:?}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
    let k = store.case(id).await.unwrap();
    assert_eq!((k.status.as_str(), k.status_reason, k.version), ("assessment", None, 2));
}

async fn colleague_views_manager_and_supervisor_act(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let t = territories(store).await;
    let doina = signable_user(store, "worker2.chisinau", "Doina Popa", "mun. Chișinău", Role::SocialWorker).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut colleague = signed_in(&router, "worker2.chisinau").await;
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    let p = must_register(&mut w, &person("Munteanu", "Raisa", "1935-05-15", Some(&idnp(1)), t.chisinau)).await;
    let id = open_case(&mut w, p).await;

    // A colleague of the same territory may look, but not act.
    let k = get_case(&mut colleague, id).await;
    assert!(k.actions.is_empty() && !k.may_transfer && !k.may_assign);
    assert!(post(&mut colleague, "cases/history", &[s("id", id)]).await.ok());
    let ungheni = user_id(&state, "worker.ungheni").await;
    for r in [
        act(&mut colleague, store, id, "start_assessment", "").await,
        post(&mut colleague, "cases/transfer", &[s("id", id), s("version", 1), s("to_user", ungheni)]).await,
        post(&mut colleague, "cases/assign", &[s("id", id), s("version", 1), s("manager_id", doina)]).await,
    ] {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    }
    assert_eq!(store.case(id).await.unwrap().version, 1);
    // The supervisor may act on any case of the territory, and give it to the colleague.
    assert!(act(&mut boss, store, id, "start_assessment", "").await.ok());
    assert!(post(&mut boss, "cases/assign", &[s("id", id), s("version", 2), s("manager_id", doina)]).await.ok());
    fill_and_submit(&mut colleague, id, "initial_assessment", "Needs meals at home").await;
    assert!(act(&mut colleague, store, id, "start_planning", "").await.ok());
    assert_eq!(act(&mut w, store, id, "submit_plan", "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(get_case(&mut w, id).await.manager_name.as_deref(), Some("Doina Popa"));
    assert!(list(&mut w, "cases/mine", &[]).await.is_empty());
    assert_eq!(list(&mut colleague, "cases/mine", &[]).await, vec![id]);

    // The team view and the assignee list.
    let team: TeamView = json(&post(&mut boss, "cases/team", &[]).await);
    let load: Vec<(&str, i64)> = team.workload.iter().map(|l| (l.manager_name.as_str(), l.open_cases)).collect();
    assert_eq!(load, vec![("Doina Popa", 1)]);
    assert_eq!(post(&mut w, "cases/team", &[]).await.status, StatusCode::FORBIDDEN);
    let names = |v: Vec<AssigneeView>| v.into_iter().map(|a| a.name).collect::<Vec<_>>();
    let here: Vec<AssigneeView> = json(&post(&mut w, "cases/assignees", &[]).await);
    assert_eq!(names(here), vec!["Ana Ceban", "Doina Popa", "Maria Lungu"]);
    let there: Vec<AssigneeView> = json(&post(&mut w, "cases/assignees", &[s("territory_id", t.ungheni)]).await);
    // Of another territory, only its supervisors, who receive transfers from elsewhere.
    assert_eq!(names(there), vec!["Vasile Moraru"]);
}

crate::both_engines! {
    cases_numbers => numbers_per_territory_and_year;
    cases_workflow => workflow_from_open_to_closed_and_reopened;
    cases_transfer => transfer_waits_for_the_receiver;
    cases_stale_step => a_stale_step_is_refused;
    cases_colleague_and_supervisor => colleague_views_manager_and_supervisor_act;
}
