//! Support tickets, on SQLite and on PostgreSQL: a ticket opened from a case page with its
//! context, the agent's reply, ask and internal note, the reporter's answer, the SLA clocks that
//! pause while support waits on the reporter, resolution, rating and reopening, and the queue.

use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, user_id, Client};
use crate::records::*;
use app::api::alerts::NotificationPageView;
use app::api::tickets::{ClockFiguresView, QueueView, SupportFiguresView, TicketPageView, TicketView};
use app::domain::AppError;
use app::store::Store;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};

/// Runs the same statement on whichever engine the store has.
macro_rules! on_db {
    ($store:expr, |$p:ident| $body:expr) => {
        match $store.db() {
            app::store::Db::Sqlite($p) => $body,
            app::store::Db::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_db;

pub(crate) async fn count(store: &Store, sql: &str) -> i64 {
    on_db!(store, |p| sqlx::query_scalar(sql).fetch_one(p).await.unwrap())
}

pub(crate) async fn get(c: &mut Client, id: i64) -> TicketView {
    json(&post(c, "tickets/get", &[s("id", id)]).await)
}

async fn say(c: &mut Client, t: &TicketView, body: &str, mode: &str) -> crate::http::Reply {
    post(c, "tickets/message", &[s("id", t.id), s("version", t.version), s("body", body), s("mode", mode)]).await
}

async fn set_status(c: &mut Client, t: &TicketView, action: &str) -> crate::http::Reply {
    post(c, "tickets/status", &[s("id", t.id), s("version", t.version), s("action", action)]).await
}

pub(crate) async fn queue(c: &mut Client, form: &[(String, String)]) -> QueueView {
    json(&post(c, "tickets/queue", form).await)
}

pub(crate) async fn kinds(c: &mut Client) -> Vec<(String, Option<String>)> {
    let page: NotificationPageView = json(&post(c, "alerts/notifications", &[]).await);
    page.items.into_iter().map(|n| (n.kind, n.ticket_number)).collect()
}

/// The stored breach times of a ticket: first response, resolution, the earlier running one.
type Dues = (Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

async fn dues(store: &Store, id: i64) -> Dues {
    let sql = "SELECT first_response_due_at, resolution_due_at, breach_at FROM tickets WHERE id = $1";
    on_db!(store, |p| sqlx::query_as(sql).bind(id).fetch_one(p).await.unwrap())
}

pub(crate) async fn open_ticket(c: &mut Client, form: &[(String, String)]) -> i64 {
    let r = post(c, "tickets/create", form).await;
    redirected_id(&r, "/support/")
}

async fn from_a_case_page_to_resolution(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut agent = signed_in(&router, "support.chisinau").await;
    let agent_id = user_id(&state, "support.chisinau").await;
    let p = must_register(&mut w, &person("Rusu", "Maria", "1970-03-03", Some(&idnp(7)), t.chisinau)).await;
    let case = open_case(&mut w, p).await;
    let number = get_case(&mut w, case).await.number;

    // The help page offers the case the worker came from; not to someone of another district.
    let help: app::api::tickets::HelpView = json(&post(&mut w, "tickets/help", &[s("case_id", case)]).await);
    assert_eq!(help.case, Some((case, number.clone())));
    assert!(help.categories.iter().any(|c| c.code == "forms"), "ticket categories are seeded");
    let mut other = signed_in(&router, "worker.ungheni").await;
    let help: app::api::tickets::HelpView = json(&post(&mut other, "tickets/help", &[s("case_id", case)]).await);
    assert_eq!(help.case, None);
    // From a person's page, the person, in the same way.
    let help: app::api::tickets::HelpView = json(&post(&mut w, "tickets/help", &[s("person_id", p)]).await);
    assert_eq!(help.person, Some((p, "Rusu Maria".to_owned())));
    let help: app::api::tickets::HelpView = json(&post(&mut other, "tickets/help", &[s("person_id", p)]).await);
    assert_eq!(help.person, None);
    let r = post(
        &mut other,
        "tickets/create",
        &[
            s("subject", "Persoana altcuiva"),
            s("body", "Vreau s-o văd"),
            s("category", "data"),
            s("person_id", p),
            s("attach_person", "on"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // Bad input is refused at its field and creates nothing.
    let r = post(&mut w, "tickets/create", &[s("subject", " "), s("body", "Ceva"), s("category", "forms")]).await;
    assert_field(&r, "subject", "required");
    let r = post(&mut w, "tickets/create", &[s("subject", "Formularul"), s("body", "Ceva"), s("category", "nu")]).await;
    assert_field(&r, "category", "invalid_choice");
    // Attaching a case of another district is refused.
    let r = post(
        &mut other,
        "tickets/create",
        &[
            s("subject", "Dosarul altcuiva"),
            s("body", "Vreau să-l văd"),
            s("category", "forms"),
            s("case_id", case),
            s("attach_case", "on"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(count(store, "SELECT COUNT(*) FROM tickets").await, 0);

    let form = [
        s("subject", "Nu pot salva evaluarea"),
        s("body", "Apăs Salvează și nu se întâmplă nimic."),
        s("category", "forms"),
        s("page", format!("/cases/{case}")),
        s("case_id", case),
        s("attach_case", "on"),
    ];
    let id = open_ticket(&mut w, &form).await;
    let mine: TicketPageView = json(&post(&mut w, "tickets/mine", &[]).await);
    assert_eq!(mine.items.len(), 1);
    assert!(mine.items[0].number.starts_with("T-"), "{}", mine.items[0].number);
    let tk = get(&mut w, id).await;
    assert_eq!((tk.status.as_str(), tk.channel.as_str()), ("new", "in_app"));
    assert_eq!(tk.page.as_deref(), Some(format!("/cases/{case}").as_str()));
    assert!(tk.app_version.is_some());
    assert!(tk.as_reporter && !tk.as_agent);
    assert_eq!(tk.first_response.state, "running");
    assert!(tk.first_response.due_at.is_some());

    // Someone else's ticket does not exist for another worker.
    let r = post(&mut other, "tickets/get", &[s("id", id)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The agent sees the linked case's number and status only: they may not read the case.
    let a = get(&mut agent, id).await;
    assert!(a.as_agent);
    let linked = a.case.clone().unwrap();
    assert_eq!((linked.number.as_str(), linked.readable), (number.as_str(), false));
    let r = post(&mut agent, "cases/get", &[s("id", case)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a support agent cannot read case content");
    assert!(get(&mut w, id).await.case.unwrap().readable);
    // Every view is audited: the reporter's two, the agent's, and the refused one.
    let views = |outcome: &str| {
        format!("SELECT COUNT(*) FROM audit_events WHERE action = 'tickets.get' AND outcome = '{outcome}'")
    };
    assert_eq!(count(store, &views("done")).await, 3);
    assert_eq!(count(store, &views("refused")).await, 1);
    // A person attached from their page: named to the reporter, only said to be there to support.
    let about = [
        s("subject", "Data nașterii greșită"),
        s("body", "Trebuie corectată."),
        s("category", "data"),
        s("page", format!("/persons/{p}")),
        s("person_id", p),
        s("attach_person", "on"),
    ];
    let pid = open_ticket(&mut w, &about).await;
    let seen = get(&mut w, pid).await.person.unwrap();
    assert_eq!((seen.id, seen.name.as_deref(), seen.readable), (p, Some("Rusu Maria"), true));
    let seen = get(&mut agent, pid).await.person.unwrap();
    assert_eq!((seen.id, seen.name, seen.readable), (p, None, false));
    assert!(get(&mut agent, id).await.person.is_none());

    // The queue has it; the reporter cannot see the queue.
    let q = queue(&mut agent, &[]).await;
    assert!(q.page.items.iter().any(|i| i.id == id));
    let q = queue(&mut agent, &[s("q", &tk.number)]).await;
    assert_eq!(q.page.items.len(), 1);
    let q = queue(&mut agent, &[s("q", "evaluarea")]).await;
    assert_eq!(q.page.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![id]);
    // Words are looked up in the word index: each as the start of a word, in any order, folded
    // like the text (diacritics, case); all of them must be there.
    let ids = |q: &QueueView| q.page.items.iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(ids(&queue(&mut agent, &[s("q", "EVALU salv")]).await), vec![id]);
    assert_eq!(ids(&queue(&mut agent, &[s("q", "evaluărea, pot!")]).await), vec![id]);
    assert!(ids(&queue(&mut agent, &[s("q", "valuarea")]).await).is_empty(), "not the middle of a word");
    assert!(ids(&queue(&mut agent, &[s("q", "evaluarea nimic")]).await).is_empty(), "every word must match");
    let all = ids(&queue(&mut agent, &[]).await);
    assert_eq!(ids(&queue(&mut agent, &[s("q", "?!")]).await), all, "no word: no filter");
    let q = queue(&mut agent, &[s("assignee", "none")]).await;
    assert!(q.page.items.iter().any(|i| i.id == id));
    let r = post(&mut w, "tickets/queue", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // An internal note: the reporter never sees it.
    assert!(say(&mut agent, &a, "Pare să fie problema cunoscută.", "note").await.ok());
    let a = get(&mut agent, id).await;
    assert_eq!(a.messages.iter().filter(|m| m.kind == "note").count(), 1);
    assert!(get(&mut w, id).await.messages.iter().all(|m| m.kind != "note" && !m.body.contains("cunoscută")));
    assert_eq!(a.first_response.state, "running", "a note is not a response");
    // A reporter cannot write notes, and a stale version is refused.
    let r = say(&mut w, &tk, "Notă", "note").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = say(&mut agent, &tk, "Versiune veche", "reply").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(matches!(r.error(), AppError::StaleVersion { .. }));

    // The agent asks for more: the ticket waits on the reporter, the clocks pause, the
    // reporter is told, the agent takes the ticket.
    assert!(dues(store, id).await.2.is_some());
    assert!(say(&mut agent, &a, "Ce browser folosiți?", "ask").await.ok());
    let a = get(&mut agent, id).await;
    assert_eq!(a.status, "waiting");
    assert_eq!(a.assignee_id, Some(agent_id));
    assert_eq!(a.first_response.state, "met");
    assert_eq!(a.resolution.state, "paused");
    assert_eq!(dues(store, id).await.2, None, "nothing runs while waiting");
    assert_eq!(count(store, &format!("SELECT COUNT(*) FROM ticket_pauses WHERE ticket_id = {id}")).await, 1);
    assert_eq!(kinds(&mut w).await[0], ("ticket_waiting".to_owned(), Some(tk.number.clone())));
    // Opening the ticket reads what the reporter was told about it.
    let n: i64 = json(&post(&mut w, "alerts/unread", &[]).await);
    assert!(n >= 1);
    get(&mut w, id).await;
    let m: i64 = json(&post(&mut w, "alerts/unread", &[]).await);
    assert_eq!(m, n - 1);

    // The pause lasted a week: the ticket is moved back to eight days ago and its pause to seven,
    // as the days would have passed. A ticket opened at the same time that never waited is the
    // yardstick: once the reporter answers, the resolution is due later than the yardstick's by
    // the working time of the pause, whatever the hour the test runs at.
    let eight_days_ago = Utc::now() - chrono::Duration::days(8);
    let week_ago = eight_days_ago + chrono::Duration::days(1);
    let back = "UPDATE tickets SET created_at = $1 WHERE id = $2";
    let yardstick =
        open_ticket(&mut w, &[s("subject", "Altă întrebare"), s("body", "Ceva"), s("category", "forms")]).await;
    for t in [id, yardstick] {
        on_db!(store, |p| sqlx::query(back).bind(eight_days_ago).bind(t).execute(p).await.unwrap().rows_affected());
    }
    let y = get(&mut agent, yardstick).await;
    assert!(say(&mut agent, &y, "Clocks counted again from the new start.", "note").await.ok());
    let before = dues(store, yardstick).await;
    let moved = "UPDATE ticket_pauses SET paused_at = $1 WHERE ticket_id = $2 AND resumed_at IS NULL";
    on_db!(store, |p| sqlx::query(moved).bind(week_ago).bind(id).execute(p).await.unwrap().rows_affected());
    let tw = get(&mut w, id).await;
    assert!(say(&mut w, &tw, "Chrome, pe telefon.", "reply").await.ok());
    let after = dues(store, id).await;
    assert!(
        after.1.unwrap() > before.1.unwrap() + chrono::Duration::hours(12),
        "the pause moved the resolution due by its working days: {before:?} → {after:?}"
    );
    let a = get(&mut agent, id).await;
    assert_eq!((a.status.as_str(), a.resolution.state.as_str()), ("open", "running"));
    assert_eq!(kinds(&mut agent).await[0].0, "ticket_message", "the assignee hears the answer");

    // The reporter cannot resolve; the agent does; the reporter is told, rates and reopens.
    let tw = get(&mut w, id).await;
    let r = set_status(&mut w, &tw, "resolve").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(say(&mut agent, &a, "Reparat în versiunea nouă.", "reply").await.ok());
    let a = get(&mut agent, id).await;
    assert!(set_status(&mut agent, &a, "resolve").await.ok());
    let tw = get(&mut w, id).await;
    assert_eq!(tw.status, "resolved");
    assert!(tw.can_reopen);
    assert_eq!(kinds(&mut w).await[0].0, "ticket_resolved");
    let r = post(&mut w, "tickets/rate", &[s("id", id), s("rating", 9)]).await;
    assert_field(&r, "rating", "out_of_range");
    assert!(post(&mut w, "tickets/rate", &[s("id", id), s("rating", 5)]).await.ok());
    let r = post(&mut w, "tickets/rate", &[s("id", id), s("rating", 4)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(get(&mut w, id).await.rating, Some(5));
    // Reply on a resolved ticket is refused: reopen it.
    let r = say(&mut w, &tw, "Tot nu merge", "reply").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(set_status(&mut w, &tw, "reopen").await.ok());
    let tw = get(&mut w, id).await;
    assert_eq!(tw.status, "reopened");
    assert_eq!(tw.resolution.state, "running");
    // Resolved once more, then past the reopen window: refused.
    let a = get(&mut agent, id).await;
    assert!(set_status(&mut agent, &a, "resolve").await.ok());
    let old = "UPDATE tickets SET resolved_at = $1 WHERE id = $2";
    let long_ago = Utc::now() - chrono::Duration::days(30);
    on_db!(store, |p| sqlx::query(old).bind(long_ago).bind(id).execute(p).await.unwrap().rows_affected());
    let tw = get(&mut w, id).await;
    assert!(!tw.can_reopen);
    let r = set_status(&mut w, &tw, "reopen").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let a = get(&mut agent, id).await;
    assert!(set_status(&mut agent, &a, "close").await.ok());
    assert_eq!(get(&mut w, id).await.status, "closed");
    // Nothing was lost: the thread holds every message and each status change.
    let n = count(store, &format!("SELECT COUNT(*) FROM ticket_messages WHERE ticket_id = {id}")).await;
    assert_eq!(n, 9, "first message, note, ask, answer, reply, resolved, reopened, resolved, closed");
}

async fn triage_and_breach(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let mut w = signed_in(&router, "worker.ungheni").await;
    // The central team's agent works every territory's tickets.
    let mut agent = signed_in(&router, "support.national").await;
    let other_agent = user_id(&state, "support.ungheni").await;
    let form = [s("subject", "Nu pot intra"), s("body", "Parola nu merge."), s("category", "access")];
    let id = open_ticket(&mut w, &form).await;
    // Another territory's agent neither reads it nor sees it in the queue, nor may be given it.
    let mut elsewhere = signed_in(&router, "support.chisinau").await;
    assert_eq!(post(&mut elsewhere, "tickets/get", &[s("id", id)]).await.status, StatusCode::NOT_FOUND);
    assert!(queue(&mut elsewhere, &[s("status", "all")]).await.page.items.iter().all(|i| i.id != id));
    // Opened a month ago: on the next change its clocks count from then, and it is breached.
    let back = "UPDATE tickets SET created_at = $1 WHERE id = $2";
    let month_ago = Utc::now() - chrono::Duration::days(30);
    on_db!(store, |p| sqlx::query(back).bind(month_ago).bind(id).execute(p).await.unwrap().rows_affected());
    let a = get(&mut agent, id).await;
    // Triage: bad values at their field; then priority, category and another agent.
    let triage = |p: &str, c: &str, who: String| {
        vec![s("id", id), s("version", a.version), s("priority", p), s("category", c), s("assignee", who)]
    };
    let r = post(&mut agent, "tickets/triage", &triage("soon", "access", String::new())).await;
    assert_field(&r, "priority", "invalid_choice");
    let r = post(&mut agent, "tickets/triage", &triage("high", "access", "999999".into())).await;
    assert_field(&r, "assignee", "invalid_choice");
    let chisinau_agent = user_id(&state, "support.chisinau").await.to_string();
    let r = post(&mut agent, "tickets/triage", &triage("high", "access", chisinau_agent)).await;
    assert_field(&r, "assignee", "invalid_choice");
    assert!(post(&mut agent, "tickets/triage", &triage("urgent", "fault", other_agent.to_string())).await.ok());
    let a = get(&mut agent, id).await;
    assert_eq!((a.priority.as_str(), a.category.as_str(), a.status.as_str()), ("urgent", "fault", "open"));
    assert_eq!(a.assignee_id, Some(other_agent));
    assert_eq!(a.first_response.state, "breached");
    let mut b = signed_in(&router, "support.ungheni").await;
    assert_eq!(kinds(&mut b).await[0].0, "ticket_assigned");
    // The SLA pass tells the assignee once; a second pass tells nobody again.
    let r = app::store::tickets::sla_pass(store, Utc::now()).await.unwrap();
    assert_eq!((r.soon, r.breached), (0, 1));
    assert_eq!(kinds(&mut b).await[0], ("ticket_breached".to_owned(), Some(a.number.clone())));
    let r = app::store::tickets::sla_pass(store, Utc::now()).await.unwrap();
    assert_eq!((r.soon, r.breached), (0, 0));
    // The queue's breach filter and its order: breached first.
    let q = queue(&mut agent, &[s("breach", "breached")]).await;
    assert_eq!(q.page.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(q.page.items[0].sla, "breached");
    let fresh =
        open_ticket(&mut w, &[s("subject", "Altă întrebare"), s("body", "Cum?"), s("category", "question")]).await;
    let q = queue(&mut agent, &[]).await;
    let order: Vec<i64> = q.page.items.iter().map(|i| i.id).collect();
    assert_eq!(order, vec![id, fresh], "sorted by time to breach");
    let q = queue(&mut agent, &[s("assignee", other_agent.to_string())]).await;
    assert_eq!(q.page.items.len(), 1);
    let r = post(&mut agent, "tickets/queue", &[s("breach", "later")]).await;
    assert_field(&r, "breach", "invalid_choice");
    assert_eq!(count(store, "SELECT COUNT(*) FROM tickets").await, 2);
}

async fn saved_replies(db: TestDb) {
    let (router, _state) = app_with(&db, config(&db, &[])).await;
    let mut agent = signed_in(&router, "support.chisinau").await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let r = post(&mut agent, "tickets/save_reply", &[s("title", " "), s("body", "Text")]).await;
    assert_field(&r, "title", "required");
    let r = post(&mut agent, "tickets/save_reply", &[s("title", "Parola"), s("body", "")]).await;
    assert_field(&r, "body", "required");
    let body = "Bună ziua! Parola se schimbă din Profil → Parola.";
    let id: i64 = json(&post(&mut agent, "tickets/save_reply", &[s("title", "Parola"), s("body", body)]).await);
    let r = post(&mut agent, "tickets/save_reply", &[s("title", "Parola"), s("body", "Alt text")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a title in use: {}", r.body);
    // The agent sees it on a ticket; the reporter does not.
    let t = open_ticket(&mut w, &[s("subject", "Parola uitată"), s("body", "Ajutor"), s("category", "access")]).await;
    let a = get(&mut agent, t).await;
    assert_eq!(a.saved_replies.iter().map(|r| r.body.as_str()).collect::<Vec<_>>(), vec![body]);
    assert!(get(&mut w, t).await.saved_replies.is_empty());
    // Changed against its version; a stale change is refused; archived, it is offered no more.
    let edit = [s("id", id), s("version", 1), s("title", "Parola uitată"), s("body", body)];
    assert!(post(&mut agent, "tickets/save_reply", &edit).await.ok());
    let r = post(&mut agent, "tickets/save_reply", &edit).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(matches!(r.error(), AppError::StaleVersion { .. }));
    assert!(post(&mut agent, "tickets/archive_reply", &[s("id", id), s("version", 2)]).await.ok());
    let list: Vec<app::api::tickets::SavedReplyView> = json(&post(&mut agent, "tickets/replies", &[]).await);
    assert!(list.is_empty());
    let r = post(&mut w, "tickets/replies", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The knowledge base: replies offered to users writing a new ticket, found by the words of
    // the subject typed so far (forms of a word meet), the one sharing most words first.
    let offer = |title: &str, body: &str| vec![s("title", title), s("body", body), s("offered", "on")];
    let save = offer("Salvarea evaluării", "Apăsați Salvează; un formular fără semnal se salvează pe telefon.");
    let saving: i64 = json(&post(&mut agent, "tickets/save_reply", &save).await);
    let save = offer("Formularul nu se deschide", "Reîncărcați pagina; dacă nu merge, scrieți-ne.");
    let forms: i64 = json(&post(&mut agent, "tickets/save_reply", &save).await);
    let internal = [s("title", "Evaluare (intern)"), s("body", "Verificați jurnalul serverului.")];
    let hidden: i64 = json(&post(&mut agent, "tickets/save_reply", &internal).await);
    let answers = |q: &str| vec![s("q", q)];
    let found = |r: &crate::http::Reply| {
        json::<Vec<app::api::tickets::AnswerView>>(r).into_iter().map(|a| a.id).collect::<Vec<_>>()
    };
    let r = post(&mut w, "tickets/answers", &answers("Nu pot salva evaluarea")).await;
    assert_eq!(found(&r), vec![saving], "not the internal one, not one sharing no word");
    let r = post(&mut w, "tickets/answers", &answers("Formularul evaluării nu se salvează")).await;
    assert_eq!(found(&r), vec![saving, forms], "two words shared before one");
    assert!(found(&post(&mut w, "tickets/answers", &answers("nu da")).await).is_empty());
    let r = post(&mut w, "tickets/answers", &answers(&"a".repeat(201))).await;
    assert_field(&r, "q", "too_long");
    let list: Vec<app::api::tickets::SavedReplyView> = json(&post(&mut agent, "tickets/replies", &[]).await);
    let offered: Vec<(i64, bool)> = list.iter().map(|r| (r.id, r.offered)).collect();
    assert!(offered.contains(&(saving, true)) && offered.contains(&(hidden, false)));
    // Taken out of the knowledge base, or archived: offered no more.
    let edit = [s("id", forms), s("version", 1), s("title", "Formularul nu se deschide"), s("body", "Intern.")];
    assert!(post(&mut agent, "tickets/save_reply", &edit).await.ok());
    assert!(post(&mut agent, "tickets/archive_reply", &[s("id", saving), s("version", 1)]).await.ok());
    let r = post(&mut w, "tickets/answers", &answers("Formularul evaluării nu se salvează")).await;
    assert!(found(&r).is_empty());
    let signed_out = post(&mut crate::http::Client::new(&router), "tickets/answers", &answers("parola")).await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
}

async fn find(c: &mut Client, form: &[(String, String)]) -> Vec<app::api::tickets::CallerMatchView> {
    json(&post(c, "tickets/find_caller", form).await)
}

async fn call_center(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut wu = signed_in(&router, "worker.ungheni").await;
    let mut agent = signed_in(&router, "support.chisinau").await;
    let mut other_agent = signed_in(&router, "support.ungheni").await;
    let agent_id = user_id(&state, "support.chisinau").await;
    // Two persons with one phone, in two districts.
    let mut rusu = person("Rusu", "Maria", "1970-03-03", Some(&idnp(31)), t.chisinau);
    rusu.phone = "069 123 456".into();
    let rusu = must_register(&mut w, &rusu).await;
    let mut ceban = person("Ceban", "Ion", "1981-05-05", Some(&idnp(32)), t.ungheni);
    ceban.phone = "069-123-456".into();
    let ceban = must_register(&mut wu, &ceban).await;

    // The lookup: by IDNP or phone, checked at its field, and only within the agent's territory.
    let r = post(&mut agent, "tickets/find_caller", &[]).await;
    assert_field(&r, "idnp", "required");
    let r = post(&mut agent, "tickets/find_caller", &[s("idnp", "123")]).await;
    assert_field(&r, "idnp", "idnp_length");
    let r = post(&mut agent, "tickets/find_caller", &[s("phone", "telefon")]).await;
    assert_field(&r, "phone", "phone_invalid");
    let found = find(&mut agent, &[s("idnp", idnp(31))]).await;
    assert_eq!(
        found.iter().map(|m| (m.id, m.name.as_str(), m.birth_year)).collect::<Vec<_>>(),
        vec![(rusu, "Rusu Maria", 1970)]
    );
    assert!(find(&mut agent, &[s("idnp", idnp(32))]).await.is_empty(), "a person of another district is not found");
    let by_phone = find(&mut agent, &[s("phone", "069 12 34 56")]).await;
    assert_eq!(by_phone.iter().map(|m| m.id).collect::<Vec<_>>(), vec![rusu]);
    let by_phone = find(&mut other_agent, &[s("phone", "069123456")]).await;
    assert_eq!(by_phone.iter().map(|m| m.id).collect::<Vec<_>>(), vec![ceban]);
    assert!(find(&mut other_agent, &[s("idnp", idnp(31))]).await.is_empty());
    let r = post(&mut w, "tickets/find_caller", &[s("idnp", idnp(31))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a social worker does not take calls");
    let lookups = "SELECT COUNT(*) FROM audit_events WHERE action = 'tickets.find_caller' AND outcome = 'done'";
    assert_eq!(count(store, lookups).await, 5, "every lookup of personal data is audited");

    // Registering the call: bad input at its field creates nothing; a person the agent may not
    // find may not be linked.
    let call = |name: &str, phone: &str, person: Option<i64>| {
        let mut f = vec![
            s("caller_name", name),
            s("caller_phone", phone),
            s("category", "question"),
            s("priority", "high"),
            s("subject", "Întreabă de ajutorul social"),
            s("body", "Nu a primit plata pe luna aceasta."),
        ];
        if let Some(p) = person {
            f.push(s("person_id", p));
        }
        f
    };
    let r = post(&mut agent, "tickets/call", &call(" ", "069 123 456", None)).await;
    assert_field(&r, "caller_name", "required");
    let r = post(&mut agent, "tickets/call", &call("Maria Rusu", "nu are", None)).await;
    assert_field(&r, "caller_phone", "phone_invalid");
    let mut bad = call("Maria Rusu", "", None);
    bad[3] = s("priority", "maine");
    assert_field(&post(&mut agent, "tickets/call", &bad).await, "priority", "invalid_choice");
    let r = post(&mut agent, "tickets/call", &call("Ion Ceban", "069 123 456", Some(ceban))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(count(store, "SELECT COUNT(*) FROM tickets").await, 0);

    let r = post(&mut agent, "tickets/call", &call("Maria Rusu", "069 123 456", Some(rusu))).await;
    let id = redirected_id(&r, "/support/");
    let a = get(&mut agent, id).await;
    assert_eq!((a.channel.as_str(), a.status.as_str(), a.priority.as_str()), ("call_center", "open", "high"));
    assert_eq!(a.assignee_id, Some(agent_id), "the agent who took the call holds it");
    assert_eq!(a.first_response.state, "met", "the call was answered");
    assert_eq!(a.reporter_name, "Maria Rusu");
    let caller = a.caller.clone().unwrap();
    assert_eq!((caller.name.as_str(), caller.phone.as_deref()), ("Maria Rusu", Some("069123456")));
    assert_eq!(caller.person.map(|p| (p.id, p.name)), Some((rusu, "Rusu Maria".to_owned())));
    // Nobody else's to read but support's; the queue finds it by phone and by name.
    assert_eq!(post(&mut w, "tickets/get", &[s("id", id)]).await.status, StatusCode::NOT_FOUND);
    let q = queue(&mut agent, &[s("q", "069123456")]).await;
    assert_eq!(q.page.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![id]);
    let q = queue(&mut agent, &[s("q", "069 123-456")]).await;
    assert_eq!(q.page.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![id], "a phone typed with spaces");
    let q = queue(&mut agent, &[s("q", "rusu")]).await;
    assert_eq!(
        q.page.items.iter().map(|i| (i.id, i.reporter_name.as_str())).collect::<Vec<_>>(),
        vec![(id, "Maria Rusu")]
    );

    // The agent waits on the caller; the caller calls back, another agent takes that call: it goes
    // on the same ticket, the clock runs again, and the agent holding the ticket is told. (The
    // ticket is the caller's territory's: Ungheni's agent does not read it; the central team's does.)
    assert!(say(&mut agent, &a, "Verificăm plata și revenim.", "ask").await.ok());
    assert_eq!(post(&mut other_agent, "tickets/get", &[s("id", id)]).await.status, StatusCode::NOT_FOUND);
    let mut central = signed_in(&router, "support.national").await;
    let a = get(&mut central, id).await;
    assert_eq!((a.status.as_str(), a.resolution.state.as_str()), ("waiting", "paused"));
    assert!(say(&mut central, &a, "A sunat din nou: plata a venit azi.", "call").await.ok());
    let a = get(&mut agent, id).await;
    assert_eq!((a.status.as_str(), a.resolution.state.as_str()), ("open", "running"));
    assert_eq!(a.messages.iter().filter(|m| m.kind == "call").count(), 1);
    assert_eq!(kinds(&mut agent).await[0], ("ticket_message".to_owned(), Some(a.number.clone())));
    // A call goes only on a ticket the call center registered; a reporter registers no calls.
    let in_app = open_ticket(&mut w, &[s("subject", "Formular"), s("body", "Nu merge"), s("category", "forms")]).await;
    let t = get(&mut agent, in_app).await;
    assert_field(&say(&mut agent, &t, "Apel", "call").await, "mode", "invalid_choice");
    let t = get(&mut w, in_app).await;
    assert_eq!(say(&mut w, &t, "Apel", "call").await.status, StatusCode::FORBIDDEN);
    let calls = "SELECT COUNT(*) FROM ticket_messages WHERE kind = 'call'";
    assert_eq!(count(store, calls).await, 1);
}

async fn figures_of(c: &mut Client, form: &[(String, String)]) -> SupportFiguresView {
    json(&post(c, "tickets/figures", form).await)
}

/// Sets a ticket's opening, clocks, status and assignee as a figure needs them.
async fn shape(
    store: &Store,
    id: i64,
    created: DateTime<Utc>,
    first: (Option<DateTime<Utc>>, DateTime<Utc>),
    resolution_due: DateTime<Utc>,
    status: &str,
    assignee: Option<i64>,
) {
    let sql = "UPDATE tickets SET created_at = $1, first_response_at = $2, first_response_due_at = $3, \
               resolution_due_at = $4, status = $5, assignee_id = $6 WHERE id = $7";
    on_db!(store, |p| sqlx::query(sql)
        .bind(created)
        .bind(first.0)
        .bind(first.1)
        .bind(resolution_due)
        .bind(status)
        .bind(assignee)
        .bind(id)
        .execute(p)
        .await
        .unwrap()
        .rows_affected());
}

async fn support_figures(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut agent = signed_in(&router, "support.chisinau").await;
    let agent_id = user_id(&state, "support.chisinau").await;
    let other_agent = user_id(&state, "support.ungheni").await;
    let new = |subject: &str, category: &str| {
        [s("subject", subject), s("body", "Detaliile problemei."), s("category", category)]
    };
    let now = Utc::now();
    let h = chrono::Duration::hours;
    let d = chrono::Duration::days;

    // A: answered and resolved at once, through the pages: both clocks met; rated 4.
    let a = open_ticket(&mut w, &new("Parola nu merge", "access")).await;
    let t = get(&mut agent, a).await;
    assert!(say(&mut agent, &t, "Am resetat parola.", "reply").await.ok());
    let t = get(&mut agent, a).await;
    assert!(set_status(&mut agent, &t, "resolve").await.ok());
    assert!(post(&mut w, "tickets/rate", &[s("id", a), s("rating", 4)]).await.ok());
    let own = "UPDATE tickets SET assignee_id = $1 WHERE id = $2";
    on_db!(store, |p| sqlx::query(own).bind(agent_id).bind(a).execute(p).await.unwrap().rows_affected());
    // B: two days old, answered three hours after its limit, its resolution past its limit.
    let b = open_ticket(&mut w, &new("Nu văd cazul", "access")).await;
    let b_open = now - d(2);
    shape(store, b, b_open, (Some(b_open + h(5)), b_open + h(2)), now - h(1), "open", Some(other_agent)).await;
    // C: six hours old, never answered, past its first-response limit; resolution still in time.
    let c = open_ticket(&mut w, &new("Cum export?", "question")).await;
    shape(store, c, now - h(6), (None, now - h(1)), now + d(1), "new", None).await;
    // D: opened 40 days ago, outside the default period; still open, the agent's.
    let dd = open_ticket(&mut w, &new("Eroare veche", "fault")).await;
    shape(store, dd, now - d(40), (Some(now - d(40) + h(1)), now - d(40) + h(2)), now - d(30), "open", Some(agent_id))
        .await;

    // The last 30 days, everyone's tickets.
    let f = figures_of(&mut agent, &[]).await;
    let today = app::store::today();
    assert_eq!((f.from.clone(), f.to.clone()), ((today - d(29)).to_string(), today.to_string()));
    let row = |f: &SupportFiguresView, code: &str| f.categories.iter().find(|r| r.code == code).cloned();
    let access = row(&f, "access").expect("access tickets in the period");
    assert_eq!(access.opened, 2);
    assert_eq!(access.first_response, ClockFiguresView { met: 1, late: 1, overdue: 0 });
    assert_eq!(access.resolution, ClockFiguresView { met: 1, late: 0, overdue: 1 });
    assert_eq!((access.rated, access.rating_sum, access.rating_tenths()), (1, 4, Some(40)));
    assert_ne!(access.name, "access", "the category is named in the caller's language");
    let question = row(&f, "question").expect("question tickets in the period");
    assert_eq!(question.opened, 1);
    assert_eq!(question.first_response, ClockFiguresView { met: 0, late: 0, overdue: 1 });
    assert_eq!(question.resolution, ClockFiguresView::default());
    assert!(row(&f, "fault").is_none(), "opened before the period");
    assert_eq!(f.total.opened, 3);
    assert_eq!(f.total.first_response, ClockFiguresView { met: 1, late: 1, overdue: 1 });
    assert_eq!(f.total.first_response.met_percent(), Some(33));
    assert_eq!(f.total.resolution.met_percent(), Some(50));
    // Still to do: C under a day, B 1–3 days, D over 30 (A is resolved).
    assert_eq!(f.backlog, vec![1, 1, 0, 0, 1]);

    // A longer period takes D in; "mine" keeps the agent's own (A and D).
    let from = (today - d(45)).to_string();
    let f = figures_of(&mut agent, &[s("from", &from)]).await;
    assert_eq!(f.total.opened, 4);
    assert_eq!(row(&f, "fault").map(|r| r.first_response), Some(ClockFiguresView { met: 1, late: 0, overdue: 0 }));
    let f = figures_of(&mut agent, &[s("from", &from), s("mine", "1")]).await;
    assert!(f.mine);
    assert_eq!(f.total.opened, 2);
    assert_eq!((row(&f, "access").map(|r| r.opened), row(&f, "fault").map(|r| r.opened)), (Some(1), Some(1)));
    assert_eq!(f.backlog, vec![0, 0, 0, 0, 1]);

    // Bad periods are refused at their field.
    let r = post(&mut agent, "tickets/figures", &[s("from", "2026-13-01")]).await;
    assert_field(&r, "from", "invalid_date");
    let r = post(&mut agent, "tickets/figures", &[s("from", "2026-03-02"), s("to", "2026-03-01")]).await;
    assert_field(&r, "to", "period_reversed");
    let r = post(&mut agent, "tickets/figures", &[s("from", "2024-01-01"), s("to", "2026-01-01")]).await;
    assert_field(&r, "from", "period_too_long");
    let r = post(&mut agent, "tickets/figures", &[s("mine", "maybe")]).await;
    assert_field(&r, "mine", "invalid_choice");
    // Only support agents read them; each reading is audited.
    let r = post(&mut w, "tickets/figures", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let read = "SELECT COUNT(*) FROM audit_events WHERE action = 'tickets.figures' AND outcome = 'done'";
    assert_eq!(count(store, read).await, 3);
}

crate::both_engines! {
    ticket_support_figures => support_figures;
    ticket_call_center => call_center;
    ticket_saved_replies => saved_replies;
    ticket_from_a_case_page_to_resolution => from_a_case_page_to_resolution;
    ticket_triage_and_breach => triage_and_breach;
}
