//! The holes an outside attack run found, each closed and kept closed: a temporary password
//! that reached data, lockout beaten by sending at once, markup through a textarea, a redirect
//! off the site, a national identity lookup, a live feed that outlived its session, and
//! "not yours" told apart from "missing". On both engines.

use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, user_id, Client};
use crate::records::*;
use crate::tickets::on_db;
use app::api::persons::CandidateView;
use app::domain::AppError;
use app::server::bootstrap::DEMO_PASSWORD;
use app::server::AppState;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Gives `username` a temporary password again (as an administrator's reset does).
async fn must_change(state: &AppState, username: &str) {
    let id = user_id(state, username).await;
    on_db!(state.store, |p| {
        sqlx::query("UPDATE users SET must_change_password = $1 WHERE id = $2")
            .bind(true)
            .bind(id)
            .execute(p)
            .await
            .unwrap();
    });
}

async fn a_temporary_password_opens_nothing_else(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    must_change(&state, "worker.chisinau").await;
    // Whatever the endpoint checks itself, the caller is stopped where they are resolved.
    for endpoint in [
        "alerts/today",
        "alerts/notifications",
        "alerts/unread",
        "alerts/read_all",
        "tickets/mine",
        "tickets/help",
        "territories/list",
        "classifiers/list",
        "persons/search",
    ] {
        let r = post(&mut w, endpoint, &[s("kind", "vulnerability"), s("q", "a"), s("up_to", 1)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{endpoint}: {}", r.body);
    }
    let r = post(&mut w, "tickets/create", &[s("category", "question"), s("subject", "Hi"), s("body", "Hello")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let live = router
        .clone()
        .oneshot(
            Request::get("/api/alerts/live").header(header::COOKIE, w.cookie_header()).body(Body::empty()).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(live.status(), StatusCode::FORBIDDEN);
    // The session names the user (for the password page) and tells nothing of their work.
    let me: app::api::auth::SessionView = json(&post(&mut w, "auth/session", &[]).await);
    let me = me.user.expect("signed in");
    assert!(me.must_change_password);
    assert_eq!(me.unread, 0);
    let refused = crate::tickets::count(
        &state.store,
        "SELECT COUNT(*) FROM audit_events WHERE outcome = 'refused' AND details LIKE '%password change required%'",
    )
    .await;
    assert!(refused >= 10, "{refused}");
    // Changing it is allowed, and then the rest is.
    let new = "amber-meadow-violin-31";
    let r =
        post(&mut w, "auth/change_password", &[s("current", DEMO_PASSWORD), s("new", new), s("confirm", new)]).await;
    assert!(r.ok(), "{}", r.body);
    assert!(post(&mut w, "alerts/today", &[]).await.ok());
    // Signing out is allowed too.
    must_change(&state, "worker.chisinau").await;
    assert!(post(&mut w, "auth/sign_out", &[]).await.ok());
}

/// `n` sign-ins of `username` with `password`, all sent at once; their statuses.
async fn at_once(router: &axum::Router, username: &str, password: &str, n: usize) -> Vec<StatusCode> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let mut c = Client::new(router);
        let (u, p) = (username.to_owned(), password.to_owned());
        tasks.push(tokio::spawn(
            async move { post(&mut c, "auth/sign_in", &[s("username", u), s("password", p)]).await },
        ));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap().status);
    }
    out
}

async fn failures(state: &AppState, username: &str) -> (i64, bool) {
    let row = state.store.user_by_username(username).await.unwrap().unwrap();
    (row.failed_logins, row.locked_until.is_some_and(|t| t > app::store::now()))
}

async fn lockout_holds_when_sent_at_once(db: TestDb) {
    // Every failure is counted: 50 at once leave a count of 50 (the lock set out of reach).
    let cfg = config(&db, &[("VATRA_LOCKOUT_ATTEMPTS", "100"), ("VATRA_SIGN_IN_PER_USER_PER_MINUTE", "10000")]);
    let (router, state) = app_with(&db, cfg).await;
    let statuses = at_once(&router, "worker.chisinau", "wrong password at once", 50).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY), "{statuses:?}");
    assert_eq!(failures(&state, "worker.chisinau").await, (50, false));

    // With the usual five, 50 at once lock the account, and the right password then fails
    // like a wrong one (no 429 that tells the account exists).
    let cfg = config(&db, &[("VATRA_LOCKOUT_ATTEMPTS", "5"), ("VATRA_SIGN_IN_PER_USER_PER_MINUTE", "10000")]);
    let (router, state) = app_with(&db, cfg).await;
    let statuses = at_once(&router, "worker.ungheni", "wrong password at once", 50).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY), "{statuses:?}");
    assert!(failures(&state, "worker.ungheni").await.1, "locked");
    let mut c = Client::new(&router);
    let right = post(&mut c, "auth/sign_in", &[s("username", "worker.ungheni"), s("password", DEMO_PASSWORD)]).await;
    assert_eq!(right.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = post(&mut c, "auth/sign_in", &[s("username", "nobody.here"), s("password", DEMO_PASSWORD)]).await;
    assert_eq!(right.body, unknown.body, "a locked account answers as an unknown one");
    let locks = crate::tickets::count(
        &state.store,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'auth.locked' AND actor_username = 'worker.ungheni'",
    )
    .await;
    assert!(locks >= 1, "{locks}");

    // The right password sent among wrong ones at once never gets past a lock they set.
    let mut tasks = Vec::new();
    for i in 0..30 {
        let mut c = Client::new(&router);
        let p = if i == 29 { DEMO_PASSWORD.to_owned() } else { format!("wrong password {i}") };
        tasks.push(tokio::spawn(async move {
            post(&mut c, "auth/sign_in", &[s("username", "supervisor.ungheni"), s("password", p)]).await.status
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert!(failures(&state, "supervisor.ungheni").await.1, "locked, whatever the order");
}

async fn sign_in_is_limited_per_user_name(db: TestDb) {
    let cfg = config(&db, &[("VATRA_SIGN_IN_PER_USER_PER_MINUTE", "3"), ("VATRA_LOCKOUT_ATTEMPTS", "100")]);
    let (router, state) = app_with(&db, cfg).await;
    // From ever new addresses (a fresh client each time), the fourth try of one name is refused.
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let mut c = Client::new(&router);
        let r =
            post(&mut c, "auth/sign_in", &[s("username", " Worker.Chisinau "), s("password", "not it at all")]).await;
        statuses.push(r.status);
    }
    assert_eq!(&statuses[..3], &[StatusCode::UNPROCESSABLE_ENTITY; 3]);
    assert_eq!(&statuses[3..], &[StatusCode::TOO_MANY_REQUESTS; 2]);
    // A name that does not exist is limited the same way; other names are not.
    for _ in 0..3 {
        post(&mut Client::new(&router), "auth/sign_in", &[s("username", "ghost"), s("password", "x")]).await;
    }
    let r = post(&mut Client::new(&router), "auth/sign_in", &[s("username", "ghost"), s("password", "x")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(signed_in(&router, "worker.ungheni").await.cookie_header().contains('='));
    // Only the three tries that got through were counted against the account.
    assert_eq!(failures(&state, "worker.chisinau").await.0, 3);
    state.prune_limiters();
}

async fn sign_in_goes_back_only_within_the_site(db: TestDb) {
    let (router, _) = app_with(&db, config(&db, &[])).await;
    for (next, want) in [
        ("/cases?x=1", "/cases?x=1"),
        ("/\t/evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/\n/evil.example", "/"),
        ("/\r/evil.example", "/"),
        ("/\u{b}/evil.example", "/"),
        ("/\u{c}/evil.example", "/"),
        ("https://evil.example/", "/"),
    ] {
        let mut c = Client::new(&router);
        let r = post(
            &mut c,
            "auth/sign_in",
            &[s("username", "worker.chisinau"), s("password", DEMO_PASSWORD), s("next", next)],
        )
        .await;
        assert!(r.ok(), "{next:?}: {} {}", r.status, r.body);
        assert_eq!(r.location.as_deref(), Some(want), "{next:?}");
    }
}

const HOSTILE: &str = "Fine</textarea><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><b>x</b>";

/// The page's HTML holds the hostile text only escaped, inside its textarea.
fn escaped_in_textarea(page: &str) {
    assert!(!page.contains("</textarea><meta"), "markup escaped the textarea");
    assert!(!page.contains("<meta http-equiv=\"refresh\""), "a refresh in the page");
    assert!(page.contains("Fine&lt;/textarea&gt;&lt;meta http-equiv=\"refresh\""), "the text is shown, escaped");
}

async fn stored_text_in_a_textarea_stays_text(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    crate::forms::test_definitions(store).await;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    // A case form's long answer, drawn again on the form's page.
    let p = must_register(&mut w, &person("Ursu", "Dan", "1990-01-01", Some(&idnp(7)), t.chisinau)).await;
    let case = open_case(&mut w, p).await;
    let id = redirected_id(&crate::forms::start(&mut w, case, "social_inquiry").await, "/forms/");
    let answers = serde_json::json!({ "reason": HOSTILE });
    assert!(crate::forms::save(&mut w, id, 1, &answers).await.ok());
    let page = w.get(&format!("/forms/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    escaped_in_textarea(&page.body);

    // A saved reply, opened for editing by a support agent.
    let mut agent = signed_in(&router, "support.chisinau").await;
    let reply: i64 = json(&post(&mut agent, "tickets/save_reply", &[s("title", "Parola"), s("body", HOSTILE)]).await);
    let page = agent.get(&format!("/support/replies?edit={reply}")).await;
    assert_eq!(page.status, StatusCode::OK);
    escaped_in_textarea(&page.body);

    // What a refused plain post kept, drawn again once in the shared form component (the
    // body of a new ticket, sent without a subject).
    let mut w = signed_in(&router, "worker.chisinau").await;
    let r = w
        .post_form_from(
            "tickets/create",
            "/support/new",
            &[("category", "question"), ("subject", ""), ("body", HOSTILE)],
        )
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    let back = r.location.expect("back to the form");
    let page = w.get(back.trim_start_matches("http://127.0.0.1:3000")).await;
    assert_eq!(page.status, StatusCode::OK);
    escaped_in_textarea(&page.body);

    // A ticket's message box, holding what a refused answer kept.
    let form = [s("subject", "Nu merge"), s("body", "Formularul nu se salvează."), s("category", "question")];
    let ticket = crate::tickets::open_ticket(&mut w, &form).await;
    let at = format!("/support/{ticket}");
    let id = ticket.to_string();
    let r = agent
        .post_form_from("tickets/message", &at, &[("id", &id), ("version", "1"), ("body", HOSTILE), ("mode", "bogus")])
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    let back = r.location.expect("back to the ticket");
    assert!(back.contains("__err="), "{back}");
    let page = agent.get(back.trim_start_matches("http://127.0.0.1:3000")).await;
    assert_eq!(page.status, StatusCode::OK);
    escaped_in_textarea(&page.body);
}

async fn the_duplicate_check_tells_nothing_of_another_territory(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let t = territories(&state.store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let key = idnp(42);
    let p = must_register(&mut w, &person("Secret", "Sofia", "2015-02-02", Some(&key), t.chisinau)).await;
    // In the territory: the record, and why it matched.
    let mut input = person("Alta", "Persoana", "2001-01-01", Some(&key), t.chisinau);
    let found: Vec<CandidateView> = json(&post(&mut w, "persons/check", &nested("input", &input)).await);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].id, found[0].last_name.as_str(), found[0].elsewhere), (Some(p), "Secret", false));
    // From another territory: only that someone with this IDNP is registered elsewhere.
    let mut u = signed_in(&router, "worker.ungheni").await;
    input.domicile_territory_id = t.ungheni.to_string();
    let r = post(&mut u, "persons/check", &nested("input", &input)).await;
    assert!(!r.body.contains("Secret") && !r.body.contains("Sofia") && !r.body.contains("2015"), "{}", r.body);
    assert!(!r.body.contains("Chișinău") && !r.body.contains(&key[9..]), "{}", r.body);
    let found: Vec<CandidateView> = json(&r);
    assert_eq!(found.len(), 1);
    let c = &found[0];
    assert!(c.elsewhere && c.same_idnp && c.id.is_none() && c.last_name.is_empty() && c.key_hint.is_empty());
    // Registering them again is refused all the same.
    assert_field(&register(&mut u, &input, "").await, "idnp", "idnp_registered");
    // The audit keeps the key looked up and the person found.
    let ev = state
        .store
        .list_audit(&app::store::AuditFilter {
            actor: Some("worker.ungheni".into()),
            action: Some("persons.check".into()),
            limit: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    let details: serde_json::Value = serde_json::from_str(&ev[0].details).unwrap();
    assert_eq!(details["idnp"], key.as_str());
    assert_eq!(details["found"], serde_json::json!([p]));
    assert_eq!(details["elsewhere"], serde_json::json!([p]));
}

async fn not_yours_looks_like_missing(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let t = territories(&state.store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let p = must_register(&mut w, &person("Lupu", "Ana", "1970-03-03", Some(&idnp(3)), t.chisinau)).await;
    let case = open_case(&mut w, p).await;
    let mut u = signed_in(&router, "worker.ungheni").await;
    let missing = 9_999_999;
    for (endpoint, id) in [("persons/get", p), ("persons/get", missing), ("cases/get", case), ("cases/get", missing)] {
        let r = post(&mut u, endpoint, &[s("id", id)]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{endpoint} {id}");
        assert!(matches!(r.error(), AppError::NotFound));
    }
    let mut admin = signed_in(&router, "admin.ungheni").await;
    let other = user_id(&state, "worker.chisinau").await;
    for id in [other, missing] {
        assert_eq!(post(&mut admin, "users/get", &[s("id", id)]).await.status, StatusCode::NOT_FOUND);
    }
    // Another territory's staff is no directory: only its supervisors are offered for a transfer.
    let names = |r: &crate::http::Reply| -> Vec<String> {
        json::<Vec<app::api::cases::AssigneeView>>(r).into_iter().map(|a| a.name).collect()
    };
    let theirs = names(&post(&mut w, "cases/assignees", &[s("territory_id", t.ungheni)]).await);
    assert_eq!(theirs, vec!["Vasile Moraru".to_owned()]);
    let ours = names(&post(&mut w, "cases/assignees", &[s("territory_id", t.chisinau)]).await);
    assert!(ours.contains(&"Ana Ceban".to_owned()) && ours.contains(&"Maria Lungu".to_owned()), "{ours:?}");
    let worker_there = user_id(&state, "worker.ungheni").await;
    let version = state.store.case(case).await.unwrap().version;
    let r = post(&mut w, "cases/transfer", &[s("id", case), s("version", version), s("to_user", worker_there)]).await;
    assert_field(&r, "to_user", "invalid_choice");
}

/// The next data frame of a live feed, or `None` when it ended; keep-alives skipped.
async fn next_frame(body: &mut Body) -> Option<String> {
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(30), body.frame())
            .await
            .expect("an answer within 30 s");
        match frame {
            None => return None,
            Some(Err(_)) => return None,
            Some(Ok(f)) => {
                if let Ok(data) = f.into_data() {
                    let text = String::from_utf8(data.to_vec()).unwrap();
                    if !text.starts_with(':') {
                        return Some(text);
                    }
                }
            }
        }
    }
}

async fn the_live_feed_ends_with_its_session(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let open = |cookie: String| {
        let router = router.clone();
        async move {
            let req = Request::get("/api/alerts/live").header(header::COOKIE, cookie).body(Body::empty()).unwrap();
            router.oneshot(req).await.unwrap()
        }
    };
    let mut w = signed_in(&router, "worker.chisinau").await;
    let id = user_id(&state, "worker.chisinau").await;
    let res = open(w.cookie_header()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut body = res.into_body();
    assert!(next_frame(&mut body).await.is_some_and(|e| e.contains("event: unread")));
    // Signed out: at the next event the stream ends instead of delivering it.
    assert!(post(&mut w, "auth/sign_out", &[]).await.ok());
    state.live.poke(id);
    assert_eq!(next_frame(&mut body).await, None, "the stream ended");
    drop(body);

    // At most a few streams per user: one more is refused until one closes.
    let w = signed_in(&router, "worker.chisinau").await;
    let mut open_ones = Vec::new();
    for _ in 0..app::server::live::MAX_STREAMS_PER_USER {
        let res = open(w.cookie_header()).await;
        assert_eq!(res.status(), StatusCode::OK);
        open_ones.push(res);
    }
    assert_eq!(open(w.cookie_header()).await.status(), StatusCode::TOO_MANY_REQUESTS);
    drop(open_ones.pop());
    assert_eq!(state.live.open_streams(id), app::server::live::MAX_STREAMS_PER_USER - 1);
    assert_eq!(open(w.cookie_header()).await.status(), StatusCode::OK);
}

async fn an_administrator_never_widens_their_own_reach(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let t = territories(&state.store).await;
    let mut admin = signed_in(&router, "admin.chisinau").await;
    let me = state.store.user_by_username("admin.chisinau").await.unwrap().unwrap();
    let edit = |roles: &[&str], territory: i64| {
        let mut form =
            vec![s("id", me.id), s("version", me.version), s("full_name", &me.full_name), s("territory_id", territory)];
        form.extend(roles.iter().enumerate().map(|(i, r)| s(&format!("roles[{i}]"), r)));
        form
    };
    // A role that reads persons, or a wider territory: refused at the field, nothing changed.
    assert_field(
        &post(&mut admin, "users/update", &edit(&["administrator", "supervisor"], t.chisinau)).await,
        "roles",
        "cannot_change_own_roles",
    );
    let after = state.store.user(me.id).await.unwrap();
    assert_eq!((after.roles(), after.version), (me.roles(), me.version));
    let audited = crate::tickets::count(
        &state.store,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'users.update' AND outcome = 'refused' \
         AND actor_username = 'admin.chisinau' AND details LIKE '%own roles%'",
    )
    .await;
    assert_eq!(audited, 1);
    // Their own name is still theirs to correct.
    assert!(post(&mut admin, "users/update", &edit(&["administrator"], t.chisinau)).await.ok());
}

async fn an_auditor_reads_their_territory_and_the_central_team_all(db: TestDb) {
    let (router, _) = app_with(&db, config(&db, &[])).await;
    // Something done in each territory.
    signed_in(&router, "worker.chisinau").await;
    signed_in(&router, "worker.ungheni").await;
    let actors = |c: &mut Client| {
        let mut c = c.clone();
        async move {
            let page: app::api::audit::AuditPageView = json(&post(&mut c, "audit/list", &[]).await);
            page.items.into_iter().map(|e| e.actor.unwrap_or_default()).collect::<Vec<_>>()
        }
    };
    let mut local = signed_in(&router, "auditor.ungheni").await;
    let seen = actors(&mut local).await;
    assert!(seen.iter().any(|a| a == "worker.ungheni"), "{seen:?}");
    assert!(seen.iter().all(|a| a.ends_with(".ungheni")), "only Ungheni's users: {seen:?}");
    let mut central = signed_in(&router, "auditor.national").await;
    let seen = actors(&mut central).await;
    assert!(seen.iter().any(|a| a == "worker.chisinau") && seen.iter().any(|a| a == "worker.ungheni"), "{seen:?}");
}

crate::both_engines! {
    auditors_by_territory => an_auditor_reads_their_territory_and_the_central_team_all;
    own_roles => an_administrator_never_widens_their_own_reach;
    temporary_password => a_temporary_password_opens_nothing_else;
    lockout_at_once => lockout_holds_when_sent_at_once;
    limit_per_user_name => sign_in_is_limited_per_user_name;
    sign_in_next => sign_in_goes_back_only_within_the_site;
    textarea_escaped => stored_text_in_a_textarea_stays_text;
    duplicate_check_elsewhere => the_duplicate_check_tells_nothing_of_another_territory;
    not_yours_is_missing => not_yours_looks_like_missing;
    live_feed_ends => the_live_feed_ends_with_its_session;
}
