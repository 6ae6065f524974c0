//! Support leads' rules, on SQLite and on PostgreSQL: SLA targets for every category and for one
//! category, checked at their fields and kept against a stale version; round-robin assignment of
//! a category's new tickets; the targets a ticket is measured against, also after triage; breach
//! alerts that reach the leads; and the queue's bulk assignment, which leaves a ticket changed
//! meanwhile as it is.

use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, user_id};
use crate::records::*;
use crate::tickets::{count, get, kinds, on_db, open_ticket, queue};
use app::api::tickets::{BulkAssignView, SupportRulesView};
use app::domain::AppError;
use axum::http::StatusCode;
use chrono::Utc;

/// The form of a rule: the targets in hours (low to urgent), then the rest.
fn rule(category: &str, version: i64, first: [&str; 4], resolution: [&str; 4]) -> Vec<(String, String)> {
    let mut f = vec![s("category", category), s("version", version)];
    for (i, p) in ["low", "normal", "high", "urgent"].iter().enumerate() {
        f.push(s(&format!("first_{p}"), first[i]));
        f.push(s(&format!("resolution_{p}"), resolution[i]));
    }
    f
}

async fn scenario(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let mut lead = signed_in(&router, "lead.national").await;
    let mut agent = signed_in(&router, "support.national").await;
    let mut w = signed_in(&router, "worker.ungheni").await;
    let (a1, a2) = (user_id(&state, "support.national").await, user_id(&state, "support.ungheni").await);
    let lead_id = user_id(&state, "lead.national").await;

    // Only leads read and set the rules.
    for c in [&mut agent, &mut w] {
        assert_eq!(post(c, "tickets/rules", &[]).await.status, StatusCode::FORBIDDEN);
        let r = post(c, "tickets/save_rule", &rule("", 0, ["1"; 4], ["9"; 4])).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let v: SupportRulesView = json(&post(&mut lead, "tickets/rules", &[]).await);
    assert_eq!((v.general.version, v.general.own_targets), (0, true));
    assert_eq!((v.general.first, v.general.resolution), ([1080, 540, 240, 60], [5400, 2700, 1080, 540]));
    let access = v.categories.iter().find(|c| c.category == "access").expect("the access category");
    assert!(!access.own_targets && access.assignment == "manual");
    assert!(v.agents.iter().any(|a| a.id == lead_id), "a lead works tickets too");

    // Bad targets are refused at their fields, and nothing is kept.
    let r =
        post(&mut lead, "tickets/save_rule", &rule("", 0, ["abc", "2", "20", "0"], ["9", "1.555", "18", "4"])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    match r.error() {
        AppError::Invalid(e) => {
            assert_eq!(e.for_field("first_low"), Some("not_a_number"));
            assert_eq!(e.for_field("resolution_normal"), Some("too_many_decimals"));
            assert_eq!(e.for_field("first_urgent"), Some("out_of_range"));
        }
        other => panic!("{other:?}"),
    }
    let r = post(&mut lead, "tickets/save_rule", &rule("", 0, ["18", "9", "20", "1"], ["90", "45", "18", "9"])).await;
    assert_field(&r, "first_high", "first_after_resolution");
    let r =
        post(&mut lead, "tickets/save_rule", &rule("nope", 0, ["18", "9", "4", "1"], ["90", "45", "18", "9"])).await;
    assert_field(&r, "category", "invalid_choice");
    assert_eq!(count(store, "SELECT COUNT(*) FROM support_rules").await, 0);

    // The general targets: the normal priority answered in 2 hours, resolved in 16.
    let general = rule("", 0, ["18", "2", "4", "1"], ["90", "16", "18", "9"]);
    assert!(post(&mut lead, "tickets/save_rule", &general).await.ok());
    // Access tickets: their own targets, and in turn between the two agents.
    let mut access = rule("access", 0, ["8", "0.5", "0.25", "0.1"], ["40", "4", "2", "1"]);
    access.extend([s("own_targets", "on"), s("assignment", "round_robin"), s("agents[0]", a2), s("agents[1]", a1)]);
    assert!(post(&mut lead, "tickets/save_rule", &access).await.ok());
    // The same form again, at the version it was opened at: someone changed it meanwhile.
    let r = post(&mut lead, "tickets/save_rule", &access).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(matches!(r.error(), AppError::StaleVersion { .. }));
    let mut bad = rule("question", 0, ["1"; 4], ["9"; 4]);
    bad.extend([s("assignment", "lottery"), s("agents[0]", "999999")]);
    let r = post(&mut lead, "tickets/save_rule", &bad).await;
    assert_field(&r, "assignment", "invalid_choice");
    assert_field(&r, "agents", "invalid_choice");
    let v: SupportRulesView = json(&post(&mut lead, "tickets/rules", &[]).await);
    assert_eq!((v.general.version, v.general.first[1], v.general.resolution[1]), (1, 120, 960));
    let access = v.categories.iter().find(|c| c.category == "access").unwrap();
    assert_eq!((access.own_targets, access.first[1], access.assignment.as_str()), (true, 30, "round_robin"));
    assert_eq!(access.agents, {
        let mut a = vec![a1, a2];
        a.sort_unstable();
        a
    });
    let question = v.categories.iter().find(|c| c.category == "question").unwrap();
    assert_eq!((question.own_targets, question.first[1], question.version), (false, 120, 0));
    let saves = "SELECT COUNT(*) FROM audit_events WHERE action = 'tickets.save_rule' AND outcome = 'done'";
    assert_eq!(count(store, saves).await, 2);

    // New access tickets go to the two agents in turn, by id; each is told.
    let open =
        |subject: &str, category: &str| vec![s("subject", subject), s("body", "Ajutor"), s("category", category)];
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(open_ticket(&mut w, &open(&format!("Nu pot intra {n}"), "access")).await);
    }
    let mut firsts = [a1, a2];
    firsts.sort_unstable();
    let want = [firsts[0], firsts[1], firsts[0]];
    for (id, who) in ids.iter().zip(want) {
        let t = get(&mut lead, *id).await;
        assert_eq!((t.assignee_id, t.status.as_str()), (Some(who), "open"));
        assert_eq!((t.first_response.target_minutes, t.resolution.target_minutes), (30, 240), "access, normal");
    }
    let mut b = signed_in(&router, "support.ungheni").await;
    assert_eq!(kinds(&mut b).await[0].0, "ticket_assigned");
    // A question follows the general targets and waits in the queue for someone.
    let q = open_ticket(&mut w, &open("O întrebare", "question")).await;
    let t = get(&mut lead, q).await;
    assert_eq!((t.assignee_id, t.status.as_str()), (None, "new"));
    assert_eq!((t.first_response.target_minutes, t.resolution.target_minutes), (120, 960));
    // Triage to another priority and category: measured against those targets from then on.
    let r = post(
        &mut agent,
        "tickets/triage",
        &[s("id", q), s("version", t.version), s("priority", "urgent"), s("category", "access"), s("assignee", "")],
    )
    .await;
    assert!(r.ok(), "{}", r.body);
    let t = get(&mut lead, q).await;
    assert_eq!((t.first_response.target_minutes, t.resolution.target_minutes), (6, 60), "access, urgent");

    // A breach reaches the assignee and every lead, once.
    let month_ago = Utc::now() - chrono::Duration::days(30);
    let first = get(&mut lead, ids[0]).await;
    on_db!(store, |p| sqlx::query("UPDATE tickets SET created_at = $1 WHERE id = $2")
        .bind(month_ago)
        .bind(first.id)
        .execute(p)
        .await
        .unwrap()
        .rows_affected());
    let r = post(
        &mut agent,
        "tickets/triage",
        &[
            s("id", first.id),
            s("version", first.version),
            s("priority", "high"),
            s("category", "access"),
            s("assignee", firsts[0]),
        ],
    )
    .await;
    assert!(r.ok(), "{}", r.body);
    let r = app::store::tickets::sla_pass(store, Utc::now()).await.unwrap();
    assert_eq!(r.breached, 1);
    // The leads who work the ticket's territory (Ungheni's and the central team's), not Chișinău's.
    let leads = count(
        store,
        &format!(
            "SELECT COUNT(*) FROM users u JOIN tickets t ON t.id = {} WHERE u.roles LIKE '%support_lead%' \
             AND u.active = TRUE AND t.territory_path LIKE u.territory_path || '%'",
            first.id
        ),
    )
    .await;
    assert_eq!(leads, 2);
    assert_eq!(r.notices, leads as u64 + 1, "the assignee and the leads");
    let mut elsewhere = signed_in(&router, "lead.chisinau").await;
    assert!(kinds(&mut elsewhere).await.iter().all(|(k, _)| k != "ticket_breached"));
    let mut holder = signed_in(&router, if firsts[0] == a1 { "support.national" } else { "support.ungheni" }).await;
    assert_eq!(kinds(&mut holder).await[0], ("ticket_breached".to_owned(), Some(first.number.clone())));
    assert_eq!(kinds(&mut lead).await[0], ("ticket_breached".to_owned(), Some(first.number.clone())));
    assert_eq!(app::store::tickets::sla_pass(store, Utc::now()).await.unwrap().notices, 0);

    // Bulk assignment: two tickets as the queue read them, one changed since.
    let listed = queue(&mut agent, &[s("category", "access")]).await.page.items;
    let pick = |id: i64| listed.iter().find(|i| i.id == id).map(|i| format!("{}:{}", i.id, i.version)).unwrap();
    let (x, y) = (ids[1], ids[2]);
    let ty = get(&mut agent, y).await;
    let r = post(
        &mut agent,
        "tickets/message",
        &[s("id", y), s("version", ty.version), s("body", "Vă ajut"), s("mode", "note")],
    )
    .await;
    assert!(r.ok(), "{}", r.body);
    let r = post(
        &mut agent,
        "tickets/assign",
        &[s("tickets[0]", pick(x)), s("tickets[1]", pick(y)), s("assignee", "999999")],
    )
    .await;
    assert_field(&r, "assignee", "invalid_choice");
    let r = post(&mut agent, "tickets/assign", &[s("assignee", "me")]).await;
    assert_field(&r, "tickets", "required");
    let r = post(&mut w, "tickets/assign", &[s("tickets[0]", pick(x)), s("assignee", "me")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(
        &mut agent,
        "tickets/assign",
        &[s("tickets[0]", pick(x)), s("tickets[1]", pick(y)), s("assignee", lead_id)],
    )
    .await;
    let done: BulkAssignView = json(&r);
    assert_eq!((done.assigned, done.skipped), (1, vec![ty.number.clone()]));
    assert_eq!(get(&mut agent, x).await.assignee_id, Some(lead_id));
    assert_eq!(get(&mut agent, y).await.assignee_id, ty.assignee_id, "changed meanwhile: left as it was");
    let assigned = "SELECT COUNT(*) FROM audit_events WHERE action = 'tickets.assign' AND outcome = 'done'";
    assert_eq!(count(store, assigned).await, 1);
    let xn = get(&mut agent, x).await.number;
    assert!(kinds(&mut lead).await.contains(&("ticket_assigned".to_owned(), Some(xn))));
}

/// The queue's word search gives the same page whether the words are rare (read by id from the
/// word index) or common (checked along the queue's order): enough tickets for both, compared
/// with the page worked out here from every ticket's search text.
async fn queue_words(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let users = app::bench::tickets::users(store).await.unwrap();
    app::bench::tickets::fill(store, 13_000, users[0], &users).await.unwrap();
    let mut agent = signed_in(&router, "support.national").await;
    type Row = (i64, String, String, Option<chrono::DateTime<Utc>>);
    let rows: Vec<Row> = on_db!(store, |p| sqlx::query_as("SELECT id, search, status, breach_at FROM tickets")
        .fetch_all(p)
        .await
        .unwrap());
    let expect = |q: &str, all: bool| {
        let words = app::domain::names::fold(q);
        let mut hits: Vec<&Row> = rows
            .iter()
            .filter(|r| all || ["new", "open", "reopened", "waiting"].contains(&r.2.as_str()))
            .filter(|r| has_words(&r.1, &words))
            .collect();
        hits.sort_by_key(|r| (r.3.is_none(), r.3, r.0));
        hits.iter().take(30).map(|r| r.0).collect::<Vec<i64>>()
    };
    let few = app::store::tickets::FEW_MATCHES as usize;
    let count = |q: &str| expect_all(&rows, q);
    // Common words (past the word index's few) and rare ones, alone, together, as the start of a
    // word, for the work still to do and for every status.
    for (q, all) in [
        ("parola", false),
        ("parola", true),
        ("semn", false),
        ("Parolă eroare", false),
        ("123", true),
        ("eroare 1234", true),
        ("nuexista", true),
    ] {
        let mut form = vec![s("q", q)];
        if all {
            form.push(s("status", "all"));
        }
        let got: Vec<i64> = queue(&mut agent, &form).await.page.items.iter().map(|i| i.id).collect();
        assert_eq!(got, expect(q, all), "{q} (all statuses: {all}; {} tickets have it)", count(q));
    }
    assert!(count("parola") >= few && count("semn") >= few, "common words take the walk");
    assert!(count("123") < few && count("Parolă eroare") < few, "rare ones the ids");
}

/// Whether each of the folded `words` starts a word of the folded `search`.
fn has_words(search: &str, words: &str) -> bool {
    words.split(' ').all(|w| search.split(' ').any(|t| t.starts_with(w)))
}

/// How many tickets have all the words of `q`, any status.
fn expect_all(rows: &[(i64, String, String, Option<chrono::DateTime<Utc>>)], q: &str) -> usize {
    let words = app::domain::names::fold(q);
    rows.iter().filter(|r| has_words(&r.1, &words)).count()
}

crate::both_engines! {
    support_rules_round_robin_breaches_and_bulk_assign => scenario;
    queue_words_rare_and_common => queue_words;
}
