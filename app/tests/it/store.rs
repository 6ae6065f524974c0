//! Store scenarios, run on SQLite and on PostgreSQL.

use crate::harness::{open, TestDb};
use app::domain::user::{Language, UserInput, ValidUser};
use app::domain::{Role, TerritoryPath};
use app::store::audit::{self, ChainCheck};
use app::store::users::{self, LockoutPolicy};
use app::store::{AuditEvent, AuditFilter, Outcome, Store, StoreError};

fn input(username: &str, territory_id: i64, role: Role) -> ValidUser {
    UserInput {
        username: username.into(),
        full_name: format!("Test {username}"),
        email: String::new(),
        phone: String::new(),
        institution: String::new(),
        position: String::new(),
        territory_id,
        roles: vec![role.code().into()],
    }
    .validate()
    .expect("valid test user")
}

/// Creates a user (with an audit event, in one transaction) and returns its id.
pub async fn create_user(store: &Store, username: &str, territory: &str, role: Role) -> i64 {
    let t = store.territory_by_name(territory).await.expect("territory");
    let v = input(username, t.id, role);
    let mut tx = store.begin().await.unwrap();
    let id = users::create(
        &mut tx,
        &users::NewUser {
            input: &v,
            territory_path: &t.path(),
            password_hash: "$argon2id$unused",
            must_change_password: false,
            language: Language::En,
            created_by: None,
        },
    )
    .await
    .unwrap();
    audit::append(&mut tx, &event("users.create", Outcome::Done)).await.unwrap();
    tx.commit().await.unwrap();
    id
}

fn event(action: &str, outcome: Outcome) -> AuditEvent {
    AuditEvent {
        actor_id: None,
        actor_username: Some("tester".into()),
        client_addr: Some("127.0.0.1".into()),
        request_id: Some("req-1".into()),
        action: action.into(),
        object_type: None,
        object_id: None,
        outcome,
        details: serde_json::json!({ "n": 1 }),
    }
}

async fn territories_are_seeded_once(db: TestDb) {
    let store = open(&db).await;
    let country = store.territory_by_name("Republica Moldova").await.unwrap();
    let all = store.territories_within(&country.path(), 1000).await.unwrap();
    // The country, 13 municipalities, 32 districts and 2 autonomous units.
    assert_eq!(all.len(), 1 + 13 + 32 + 2);
    assert!(all.iter().any(|t| t.name == "mun. Bălți"));
    assert!(all.iter().any(|t| t.name == "r-nul Ștefan Vodă"));
    let ungheni = store.territory_by_name("r-nul Ungheni").await.unwrap();
    assert!(country.path().contains(&ungheni.path()));
    assert_eq!(ungheni.path().depth(), 2);
    // Opening the store again (a restart, a second instance) seeds nothing more.
    drop(store);
    let store = open(&db).await;
    assert_eq!(store.territories_within(&country.path(), 1000).await.unwrap().len(), all.len());
}

async fn usernames_are_unique(db: TestDb) {
    let store = open(&db).await;
    create_user(&store, "ana.ceban", "mun. Chișinău", Role::SocialWorker).await;
    let t = store.territory_by_name("r-nul Ungheni").await.unwrap();
    let v = input("ana.ceban", t.id, Role::Supervisor);
    let mut tx = store.begin().await.unwrap();
    let err = users::create(
        &mut tx,
        &users::NewUser {
            input: &v,
            territory_path: &t.path(),
            password_hash: "x",
            must_change_password: false,
            language: Language::En,
            created_by: None,
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, StoreError::Duplicate("username")), "{err:?}");
}

async fn a_stale_update_is_refused_naming_who_changed_it(db: TestDb) {
    let store = open(&db).await;
    let admin = create_user(&store, "admin.one", "Republica Moldova", Role::Administrator).await;
    let id = create_user(&store, "ion.rusu", "mun. Chișinău", Role::SocialWorker).await;
    let row = store.user(id).await.unwrap();
    let t = store.territory(row.territory_id).await.unwrap();
    let mut v = input("ion.rusu", t.id, Role::SocialWorker);
    v.full_name = "Ion Rusu".into();
    let mut tx = store.begin().await.unwrap();
    users::update_account(&mut tx, id, row.version, &v, &t.path(), admin).await.unwrap();
    tx.commit().await.unwrap();
    // A second edit based on the same (now old) version is refused.
    v.full_name = "Ion Rusu-Popa".into();
    let mut tx = store.begin().await.unwrap();
    let err = users::update_account(&mut tx, id, row.version, &v, &t.path(), admin).await.unwrap_err();
    drop(tx);
    match err {
        StoreError::Stale { changed_by, .. } => assert_eq!(changed_by, "admin.one"),
        other => panic!("expected a stale-version error, got {other:?}"),
    }
    assert_eq!(store.user(id).await.unwrap().full_name, "Ion Rusu");
}

async fn a_change_and_its_audit_event_commit_together(db: TestDb) {
    let store = open(&db).await;
    let before = store.list_audit(&AuditFilter { limit: 100, ..Default::default() }).await.unwrap().len();
    let t = store.territory_by_name("mun. Chișinău").await.unwrap();
    let v = input("rolled.back", t.id, Role::Analyst);
    {
        let mut tx = store.begin().await.unwrap();
        users::create(
            &mut tx,
            &users::NewUser {
                input: &v,
                territory_path: &t.path(),
                password_hash: "x",
                must_change_password: false,
                language: Language::En,
                created_by: None,
            },
        )
        .await
        .unwrap();
        audit::append(&mut tx, &event("users.create", Outcome::Done)).await.unwrap();
        // Dropped without commit: neither the user nor its event remains.
    }
    assert!(store.user_by_username("rolled.back").await.unwrap().is_none());
    let after = store.list_audit(&AuditFilter { limit: 100, ..Default::default() }).await.unwrap().len();
    assert_eq!(before, after);
    assert!(matches!(store.verify_audit_chain().await.unwrap(), ChainCheck::Intact { .. }));
}

async fn the_audit_chain_shows_tampering(db: TestDb) {
    let store = open(&db).await;
    for i in 0..5 {
        store.audit(&event(&format!("test.{i}"), Outcome::Done)).await.unwrap();
    }
    assert_eq!(store.verify_audit_chain().await.unwrap(), ChainCheck::Intact { events: 5 });
    // The log refuses changes outright...
    let update = "UPDATE audit_events SET action = 'test.forged' WHERE seq = 3";
    let refused = match store.db() {
        app::store::Db::Sqlite(p) => sqlx::query(update).execute(p).await.is_err(),
        app::store::Db::Postgres(p) => sqlx::query(update).execute(p).await.is_err(),
    };
    assert!(refused, "the audit table must refuse updates");
    // ...and someone who disables that guard is still caught by the chain.
    match store.db() {
        app::store::Db::Sqlite(p) => {
            sqlx::query("DROP TRIGGER audit_events_no_update").execute(p).await.unwrap();
            sqlx::query(update).execute(p).await.unwrap();
        }
        app::store::Db::Postgres(p) => {
            sqlx::query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update").execute(p).await.unwrap();
            sqlx::query(update).execute(p).await.unwrap();
        }
    }
    match store.verify_audit_chain().await.unwrap() {
        ChainCheck::Broken { seq, .. } => assert_eq!(seq, 3),
        other => panic!("tampering not detected: {other:?}"),
    }
}

async fn concurrent_appends_keep_one_chain(db: TestDb) {
    let store = open(&db).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move { s.audit(&event(&format!("race.{i}"), Outcome::Done)).await.unwrap() }));
    }
    let mut seqs = Vec::new();
    for t in tasks {
        seqs.push(t.await.unwrap());
    }
    seqs.sort();
    assert_eq!(seqs, (1..=40).collect::<Vec<i64>>());
    assert_eq!(store.verify_audit_chain().await.unwrap(), ChainCheck::Intact { events: 40 });
}

async fn audit_filters_and_pages(db: TestDb) {
    let store = open(&db).await;
    for i in 0..7 {
        let outcome = if i % 2 == 0 { Outcome::Done } else { Outcome::Refused };
        store.audit(&event(if i < 4 { "auth.sign_in" } else { "users.create" }, outcome)).await.unwrap();
    }
    let f = |action: Option<&str>, outcome: Option<Outcome>, before: Option<i64>, limit: i64| AuditFilter {
        action: action.map(Into::into),
        outcome,
        before_seq: before,
        limit,
        ..Default::default()
    };
    let signins = store.list_audit(&f(Some("auth."), None, None, 100)).await.unwrap();
    assert_eq!(signins.iter().map(|e| e.seq).collect::<Vec<_>>(), [4, 3, 2, 1]);
    let refused = store.list_audit(&f(None, Some(Outcome::Refused), None, 100)).await.unwrap();
    assert_eq!(refused.iter().map(|e| e.seq).collect::<Vec<_>>(), [6, 4, 2]);
    let page1 = store.list_audit(&f(None, None, None, 3)).await.unwrap();
    let page2 = store.list_audit(&f(None, None, Some(page1[2].seq), 3)).await.unwrap();
    assert_eq!(page1.iter().chain(&page2).map(|e| e.seq).collect::<Vec<_>>(), [7, 6, 5, 4, 3, 2]);
    let by_actor = store
        .list_audit(&AuditFilter { actor: Some("TESTER".into()), limit: 100, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(by_actor.len(), 7);
    let future = store
        .list_audit(&AuditFilter {
            from: Some(chrono::Utc::now() + chrono::Duration::hours(1)),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(future.is_empty());
}

async fn user_lists_are_scoped_and_paginated(db: TestDb) {
    let store = open(&db).await;
    for i in 0..5 {
        create_user(&store, &format!("chi.{i}"), "mun. Chișinău", Role::SocialWorker).await;
        create_user(&store, &format!("ung.{i}"), "r-nul Ungheni", Role::SocialWorker).await;
    }
    let loc = store
        .add_territory(
            store.territory_by_name("r-nul Ungheni").await.unwrap().id,
            "s. Sculeni",
            app::domain::territory::TerritoryKind::Locality,
        )
        .await
        .unwrap();
    let t = store.territory(loc.id).await.unwrap();
    assert_eq!(t.path().depth(), 3);
    let chisinau = store.territory_by_name("mun. Chișinău").await.unwrap().path();
    let ungheni = store.territory_by_name("r-nul Ungheni").await.unwrap().path();
    let country = TerritoryPath::root(store.territory_by_name("Republica Moldova").await.unwrap().id);
    let names = |rows: Vec<users::UserListRow>| rows.into_iter().map(|r| r.username).collect::<Vec<_>>();
    assert_eq!(
        names(store.list_users(&chisinau, None, None, 100).await.unwrap()),
        ["chi.0", "chi.1", "chi.2", "chi.3", "chi.4"]
    );
    assert_eq!(store.list_users(&ungheni, None, None, 100).await.unwrap().len(), 5);
    assert_eq!(store.list_users(&country, None, None, 100).await.unwrap().len(), 10);
    let p1 = names(store.list_users(&country, None, None, 4).await.unwrap());
    let p2 = names(store.list_users(&country, None, Some(&p1[3]), 4).await.unwrap());
    assert_eq!(p1, ["chi.0", "chi.1", "chi.2", "chi.3"]);
    assert_eq!(p2, ["chi.4", "ung.0", "ung.1", "ung.2"]);
    // Search matches the start of a user name or part of a full name, case-insensitively.
    assert_eq!(names(store.list_users(&country, Some("UNG.3"), None, 100).await.unwrap()), ["ung.3"]);
    assert_eq!(store.list_users(&country, Some("test chi"), None, 100).await.unwrap().len(), 5);
    // LIKE wildcards in the search are taken literally.
    assert!(store.list_users(&country, Some("%"), None, 100).await.unwrap().is_empty());
    assert!(store.list_users(&chisinau, Some("ung"), None, 100).await.unwrap().is_empty());
}

async fn failed_sign_ins_lock_and_the_lock_ends(db: TestDb) {
    let store = open(&db).await;
    let id = create_user(&store, "locked.out", "mun. Chișinău", Role::SocialWorker).await;
    let policy = LockoutPolicy {
        max_failures: 3,
        window: chrono::Duration::minutes(15),
        lock_for: chrono::Duration::minutes(15),
    };
    let t0 = app::store::now();
    for i in 0..3 {
        let mut tx = store.begin().await.unwrap();
        let locked = users::record_failed_login(&mut tx, id, &policy, t0 + chrono::Duration::seconds(i)).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(locked.is_some(), i == 2, "failure {i}");
    }
    let row = store.user(id).await.unwrap();
    assert!(row.locked_until.unwrap() > t0 + chrono::Duration::minutes(14));
    // Failures spread wider than the window never lock.
    let id2 = create_user(&store, "slow.typist", "mun. Chișinău", Role::SocialWorker).await;
    for i in 0..5 {
        let mut tx = store.begin().await.unwrap();
        let at = t0 + chrono::Duration::minutes(16 * i);
        assert!(users::record_failed_login(&mut tx, id2, &policy, at).await.unwrap().is_none());
        tx.commit().await.unwrap();
    }
}

/// Territory codes and localities come from a CSV file: all or nothing, and twice is once.
async fn territory_codes_and_localities_import(db: TestDb) {
    use app::server::territory_import::{import, ImportReport};
    let store = open(&db).await;
    let events = |s: &Store| {
        let s = s.clone();
        async move { s.verify_audit_chain().await.unwrap() }
    };
    let file = "name,code,parent,kind\n\
                r-nul Ungheni,9201,,\n\
                mun. Chișinău,0100,,\n\
                Sculeni,9241,9201,\n\
                \"Pîrlița, com.\",9236,r-nul Ungheni,locality\n";
    let r = import(&store, file.as_bytes()).await.unwrap();
    assert_eq!(r, ImportReport { codes_set: 2, added: 2, unchanged: 0 });
    let ungheni = store.territory_by_name("r-nul Ungheni").await.unwrap();
    assert_eq!(ungheni.code.as_deref(), Some("9201"));
    let sculeni = store.territory_by_name("Sculeni").await.unwrap();
    assert_eq!((sculeni.parent_id, sculeni.kind.as_str()), (Some(ungheni.id), "locality"));
    assert!(ungheni.path().contains(&sculeni.path()));
    assert!(store.territory_by_name("Pîrlița, com.").await.is_ok());
    // The same file again changes nothing.
    assert_eq!(import(&store, file.as_bytes()).await.unwrap(), ImportReport { codes_set: 0, added: 0, unchanged: 4 });
    // A bad line anywhere changes nothing, and says which line.
    let before = events(&store).await;
    let bad = "name,code,parent,kind\nr-nul Cahul,1701,,\nNowhere,,,\n";
    let e = import(&store, bad.as_bytes()).await.unwrap_err();
    assert!(e.contains("line 3") && e.contains("Nowhere"), "{e}");
    assert_eq!(store.territory_by_name("r-nul Cahul").await.unwrap().code, None);
    let taken = "name,code,parent,kind\nr-nul Cahul,9201,,\n";
    assert!(import(&store, taken.as_bytes()).await.unwrap_err().contains("already"));
    let recode = "name,code,parent,kind\nr-nul Ungheni,9999,,\n";
    assert!(import(&store, recode.as_bytes()).await.unwrap_err().contains("already has code 9201"));
    let kind = "name,code,parent,kind\nX,,r-nul Cahul,country\n";
    assert!(import(&store, kind.as_bytes()).await.unwrap_err().contains("unknown kind"));
    assert_eq!(events(&store).await, before);
    // Each import that changed something is one audit event.
    match events(&store).await {
        ChainCheck::Intact { events } => assert!(events >= 2),
        other => panic!("{other:?}"),
    }
}

crate::both_engines! {
    territory_import => territory_codes_and_localities_import;
    territories_seeded_once => territories_are_seeded_once;
    usernames_unique => usernames_are_unique;
    stale_update_refused => a_stale_update_is_refused_naming_who_changed_it;
    change_and_audit_atomic => a_change_and_its_audit_event_commit_together;
    audit_chain_tamper => the_audit_chain_shows_tampering;
    audit_concurrent_appends => concurrent_appends_keep_one_chain;
    audit_filters => audit_filters_and_pages;
    user_lists_scoped => user_lists_are_scoped_and_paginated;
    lockout => failed_sign_ins_lock_and_the_lock_ends;
}
