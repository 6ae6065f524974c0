//! The synthetic-data generator (`vatra synth`) and demo mode's caseload, on
//! SQLite and on PostgreSQL: exact counts, valid and unique identifiers,
//! numbers that continue the counters, history for every record, relations
//! as the store reads them, the same data from the same seed, and one audit
//! event per batch on an intact chain.

use crate::harness::{self, open, TestDb};
use crate::records::{count, open_case_direct, person, register_direct, territories};
use app::domain::case::CaseNumber;
use app::domain::idnp::{Idnp, ProvisionalId};
use app::domain::person::RelationKind;
use app::server::bootstrap::{self, DEMO_CASES, DEMO_PERSONS};
use app::server::synth::{generate, SynthOptions};
use app::store::audit::ChainCheck;
use app::store::history::ObjectType;
use app::store::persons::PersonQuery;
use app::store::{AuditFilter, AuditRecord, Db, Store};
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Another fresh database on the same engine as `db`.
async fn another(db: &TestDb) -> TestDb {
    if db.url.starts_with("sqlite:") {
        harness::sqlite().await
    } else {
        harness::postgres().await
    }
}

/// A store with the demo territories and accounts (the registrars and social workers).
async fn demo_store(db: &TestDb) -> Store {
    let store = open(db).await;
    bootstrap::seed_demo(&store).await.expect("demo accounts");
    store
}

/// `persons` persons and `cases` cases from `seed`, in batches of 100 persons,
/// with every timestamp up to `now`.
fn options(persons: u64, cases: u64, seed: u64, now: DateTime<Utc>) -> SynthOptions {
    let mut o = SynthOptions::new(persons, cases, seed);
    o.now = now;
    o.batch = 100;
    o
}

// The queries below are the tests' own literals, never input.

async fn ids(store: &Store, sql: &str) -> Vec<i64> {
    match store.db() {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await.expect(sql),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.expect(sql),
    }
}

async fn texts(store: &Store, sql: &str) -> Vec<String> {
    match store.db() {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await.expect(sql),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.expect(sql),
    }
}

async fn counter(store: &Store, scope: &str) -> i64 {
    let sql = "SELECT last FROM counters WHERE scope = $1";
    let last: Option<i64> = match store.db() {
        Db::Sqlite(p) => sqlx::query_scalar(sql).bind(scope).fetch_optional(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).bind(scope).fetch_optional(p).await.unwrap(),
    };
    last.unwrap_or(0)
}

/// The generator's audit events, oldest first.
async fn synth_events(store: &Store) -> Vec<AuditRecord> {
    let f = AuditFilter { action: Some("synth.generate".into()), limit: 1000, ..Default::default() };
    let mut events = store.list_audit(&f).await.unwrap();
    events.sort_by_key(|e| e.seq);
    assert!(events.iter().all(|e| e.action == "synth.generate" && e.outcome == "done"));
    events
}

fn detail(e: &AuditRecord, key: &str) -> i64 {
    let details: serde_json::Value = serde_json::from_str(&e.details).unwrap();
    details[key].as_i64().unwrap_or_else(|| panic!("no {key} in {details}"))
}

/// Every person has one identifier: a valid IDNP nobody else has, or a
/// provisional id from the `provisional` counter, which stands at the last one given.
async fn assert_identifiers(store: &Store) {
    let persons = count(store, "persons").await as usize;
    let idnps = texts(store, "SELECT idnp FROM persons WHERE idnp IS NOT NULL").await;
    for i in &idnps {
        assert_eq!(Idnp::parse(i).map(|p| p.as_str().to_owned()).as_deref(), Ok(i.as_str()), "invalid IDNP {i}");
    }
    assert_eq!(idnps.iter().collect::<HashSet<_>>().len(), idnps.len(), "an IDNP is repeated");
    let provisional = texts(store, "SELECT provisional_id FROM persons WHERE provisional_id IS NOT NULL").await;
    assert_eq!(idnps.len() + provisional.len(), persons, "a person with both identifiers or neither");
    let seqs: HashSet<u64> = provisional.iter().map(|p| ProvisionalId::parse(p).unwrap().seq()).collect();
    let last = counter(store, "provisional").await as u64;
    assert_eq!(seqs, (1..=last).collect(), "provisional ids are 1..={last} of their counter, each once");
}

/// Case numbers are valid, unique, and 1..=last of their territory's and year's counter.
async fn assert_case_numbers(store: &Store) {
    let numbers = texts(store, "SELECT number FROM cases").await;
    let mut by_scope: BTreeMap<String, HashSet<i64>> = BTreeMap::new();
    for n in &numbers {
        assert!(CaseNumber::parse(n).is_ok(), "invalid case number {n}");
        let (scope, seq) = n.rsplit_once('/').unwrap();
        assert!(by_scope.entry(format!("case/{scope}")).or_default().insert(seq.parse().unwrap()), "{n} twice");
    }
    let counters = texts(store, "SELECT scope FROM counters WHERE scope LIKE 'case/%'").await;
    assert_eq!(counters.iter().collect::<HashSet<_>>(), by_scope.keys().collect(), "a counter without cases");
    for (scope, seqs) in &by_scope {
        let last = counter(store, scope).await;
        assert_eq!(*seqs, (1..=last).collect::<HashSet<_>>(), "numbers of {scope} against its counter");
    }
}

/// Every person and case has version 1 (`register`, `open`) and every later
/// version up to the current one, and the newest snapshot is the record as
/// the store reads it.
async fn assert_history(store: &Store) {
    for id in ids(store, "SELECT id FROM persons ORDER BY id").await {
        let p = store.person(id).await.unwrap();
        let h = store.history(ObjectType::Person, id, None, 10).await.unwrap();
        let versions: Vec<i64> = h.iter().map(|r| r.version).collect();
        assert_eq!(versions, (1..=p.version).rev().collect::<Vec<_>>(), "versions of person {id}");
        assert_eq!(h.last().unwrap().action, "register", "person {id}");
        let snapshot: serde_json::Value = serde_json::from_str(&h[0].snapshot).unwrap();
        assert_eq!(snapshot, p.snapshot(), "person {id}: the history is not the record");
    }
    for id in ids(store, "SELECT id FROM cases ORDER BY id").await {
        let k = store.case(id).await.unwrap();
        let h = store.history(ObjectType::Case, id, None, 10).await.unwrap();
        let versions: Vec<i64> = h.iter().map(|r| r.version).collect();
        assert_eq!(versions, (1..=k.version).rev().collect::<Vec<_>>(), "versions of case {id}");
        assert_eq!(h.last().unwrap().action, "open", "case {id}");
        let snapshot: serde_json::Value = serde_json::from_str(&h[0].snapshot).unwrap();
        assert_eq!(snapshot, k.snapshot(), "case {id}: the history is not the record");
    }
}

/// Each relation reads from both persons' pages, the inverse way round from
/// the other side; related persons share a home, and a parent is older than the child.
/// Returns the kinds seen.
async fn assert_relations(store: &Store) -> HashSet<String> {
    let mut seen: HashMap<(i64, i64), (i64, RelationKind)> = HashMap::new();
    let mut born: HashMap<i64, (NaiveDate, i64, Option<String>)> = HashMap::new();
    for id in ids(store, "SELECT id FROM persons ORDER BY id").await {
        let p = store.person(id).await.unwrap();
        born.insert(id, (p.birth_date, p.domicile_territory_id, p.domicile_address));
        for r in store.relations(id).await.unwrap() {
            assert!(seen.insert((id, r.id), (r.other_id, RelationKind::parse(&r.kind).unwrap())).is_none());
        }
    }
    assert_eq!(seen.len() as i64, 2 * count(store, "relations").await, "each relation shows on both sides");
    for ((viewer, relation), (other, kind)) in &seen {
        let back = seen.get(&(*other, *relation));
        assert_eq!(back, Some(&(*viewer, kind.inverse())), "relation {relation} read from person {other}");
        let (a, b) = (&born[viewer], &born[other]);
        assert_eq!((a.1, &a.2), (b.1, &b.2), "relation {relation} joins persons of different homes");
        if *kind == RelationKind::ParentOf {
            assert!(b.0 < a.0, "relation {relation}: person {other}, a parent of {viewer}, is not older");
        }
    }
    seen.values().map(|(_, k)| k.as_str().to_owned()).collect()
}

/// Cases belong to the district or municipality of their person; a case waits
/// for a manager (`referred`) exactly when it has none.
async fn assert_cases(store: &Store) {
    let misplaced = ids(
        store,
        "SELECT k.id FROM cases k JOIN persons p ON p.id = k.person_id \
         WHERE p.territory_path NOT LIKE k.territory_path || '%'",
    )
    .await;
    assert!(misplaced.is_empty(), "cases outside their person's territory: {misplaced:?}");
    let odd = ids(store, "SELECT id FROM cases WHERE (manager_id IS NULL) <> (status = 'referred')").await;
    assert!(odd.is_empty(), "referred cases with a manager, or others without: {odd:?}");
    // Each case waiting for a step has it open, due when the case says; no step ends before it began.
    let unmatched = ids(
        store,
        "SELECT k.id FROM cases k LEFT JOIN case_steps s ON s.case_id = k.id AND s.ended_on IS NULL \
         WHERE (k.next_step IS NULL) <> (s.id IS NULL) OR s.step <> k.next_step OR s.due_on <> k.next_due_on",
    )
    .await;
    assert!(unmatched.is_empty(), "cases whose open step differs from their next step: {unmatched:?}");
    let reversed = ids(store, "SELECT id FROM case_steps WHERE ended_on < started_on").await;
    assert!(reversed.is_empty(), "steps that end before they begin: {reversed:?}");
    let closed = ids(
        store,
        "SELECT k.id FROM cases k WHERE k.status = 'closed' AND NOT EXISTS (SELECT 1 FROM case_steps s \
         WHERE s.case_id = k.id AND s.ended_action = 'approve_closure' AND s.reason IS NOT NULL)",
    )
    .await;
    assert!(closed.is_empty(), "closed cases without an approved closure and its reason: {closed:?}");
}

async fn assert_chain(store: &Store) {
    let events = count(store, "audit_events").await;
    assert_eq!(store.verify_audit_chain().await.unwrap(), ChainCheck::Intact { events });
}

/// Everything generated, in a fixed order, hashed: persons and cases as the
/// store reads them, relations and history rows.
async fn digest(store: &Store) -> String {
    let mut h = Sha256::new();
    for id in ids(store, "SELECT id FROM persons ORDER BY id").await {
        h.update(store.person(id).await.unwrap().snapshot().to_string());
    }
    for id in ids(store, "SELECT id FROM cases ORDER BY id").await {
        h.update(store.case(id).await.unwrap().snapshot().to_string());
    }
    let relations = "SELECT CAST(person_id AS TEXT) || ' ' || kind || ' ' || CAST(other_id AS TEXT) \
                     FROM relations ORDER BY id";
    for r in texts(store, relations).await {
        h.update(r);
    }
    let history = "SELECT object_type || ' ' || CAST(object_id AS TEXT) || ' ' || CAST(version AS TEXT) || ' ' \
                   || action || ' ' || snapshot FROM history ORDER BY object_type, object_id, version";
    for r in texts(store, history).await {
        h.update(r);
    }
    hex::encode(h.finalize())
}

async fn a_small_run_has_exactly_what_was_asked(db: TestDb) {
    let store = demo_store(&db).await;
    let now = SynthOptions::new(0, 0, 0).now;
    let r = generate(&store, &options(300, 120, 7, now)).await.unwrap();
    assert_eq!((r.persons, r.cases), (300, 120));
    assert_eq!((count(&store, "persons").await, count(&store, "cases").await), (300, 120));
    assert_eq!(count(&store, "relations").await as u64, r.relations);
    assert_eq!(count(&store, "history").await as u64, r.history);
    assert!(r.relations > 100, "households of one only: {} relations", r.relations);
    // A person is archived now and then: version 2 of their history.
    let archived = ids(&store, "SELECT id FROM persons WHERE status = 'archived'").await.len() as u64;
    assert_eq!(r.history, 300 + archived + 120);

    assert_identifiers(&store).await;
    assert_case_numbers(&store).await;
    assert_history(&store).await;
    let kinds = assert_relations(&store).await;
    let expected = ["child_of", "household_member", "parent_of", "spouse_of"];
    assert_eq!(kinds, expected.iter().map(|k| k.to_string()).collect());
    assert_cases(&store).await;

    // One audit event per batch of 100 persons, saying what it wrote.
    let events = synth_events(&store).await;
    let batches: Vec<(i64, i64, i64)> =
        events.iter().map(|e| (detail(e, "persons"), detail(e, "first_person_id"), detail(e, "seed"))).collect();
    assert_eq!(batches, [(100, 1, 7), (100, 101, 7), (100, 201, 7)]);
    assert_eq!(events.iter().map(|e| detail(e, "cases")).sum::<i64>(), 120);
    assert_chain(&store).await;

    // A generated person is found the way a worker searches.
    let someone = store.person(150).await.unwrap();
    let country = store.territory_by_name("Republica Moldova").await.unwrap().path();
    let q = PersonQuery { key: Some(someone.key().to_owned()), ..PersonQuery::default() };
    let found = store.search_persons(&country, &q, None, 10).await.unwrap();
    assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), [150]);
}

async fn the_same_seed_gives_the_same_data(db: TestDb) {
    let (db_b, db_c) = (another(&db).await, another(&db).await);
    let (a, b, c) = (demo_store(&db).await, demo_store(&db_b).await, demo_store(&db_c).await);
    let now = SynthOptions::new(0, 0, 0).now;
    generate(&a, &options(300, 120, 11, now)).await.unwrap();
    generate(&b, &options(300, 120, 11, now)).await.unwrap();
    generate(&c, &options(300, 120, 12, now)).await.unwrap();
    let (da, db, dc) = (digest(&a).await, digest(&b).await, digest(&c).await);
    assert_eq!(da, db, "the same seed on a fresh database gave other data");
    assert_ne!(da, dc, "another seed gave the same data");
}

async fn a_second_run_continues_after_the_first(db: TestDb) {
    let store = demo_store(&db).await;
    let t = territories(&store).await;
    let worker = store.user_by_username("worker.chisinau").await.unwrap().unwrap().id;
    let now = SynthOptions::new(0, 0, 0).now;
    generate(&store, &options(300, 120, 7, now)).await.unwrap();
    // Between the runs, a worker registers a person without an IDNP and opens a case the ordinary way.
    let registered = register_direct(&store, &person("Zăbavă", "Ana", "1990-01-01", None, t.chisinau), worker).await;
    open_case_direct(&store, registered, Some(worker), worker).await;
    // The same seed again: the same choices, with new ids and numbers.
    let r = generate(&store, &options(200, 80, 7, now)).await.unwrap();
    assert_eq!((r.persons, r.cases), (200, 80));
    assert_eq!((count(&store, "persons").await, count(&store, "cases").await), (501, 201));
    assert_eq!(ids(&store, "SELECT id FROM persons ORDER BY id").await, (1..=501).collect::<Vec<i64>>());
    assert_eq!(registered, 301);
    let firsts: Vec<i64> = synth_events(&store).await.iter().map(|e| detail(e, "first_person_id")).collect();
    assert_eq!(firsts, [1, 101, 201, 302, 402]);

    assert_identifiers(&store).await;
    assert_case_numbers(&store).await;
    assert_history(&store).await;
    assert_relations(&store).await;
    assert_cases(&store).await;
    assert_chain(&store).await;
}

async fn demo_caseload_is_seeded_once(db: TestDb) {
    let store = demo_store(&db).await;
    assert_eq!(bootstrap::seed_demo_caseload(&store).await.unwrap(), DEMO_PERSONS);
    let tables = ["persons", "relations", "cases", "history", "counters", "users", "audit_events"];
    let mut first = Vec::new();
    for t in tables {
        first.push(count(&store, t).await);
    }
    assert_eq!((first[0] as u64, first[2] as u64), (DEMO_PERSONS, DEMO_CASES));
    assert_eq!(synth_events(&store).await.len(), 1, "one batch");

    // The next start: the store opened again, the demo seeded again.
    let again = open(&db).await;
    bootstrap::seed_demo(&again).await.unwrap();
    assert_eq!(bootstrap::seed_demo_caseload(&again).await.unwrap(), 0);
    let mut second = Vec::new();
    for t in tables {
        second.push(count(&again, t).await);
    }
    assert_eq!(first, second, "a second start added rows ({tables:?})");

    // Only in the demo territories, and managed by their social workers.
    let t = territories(&again).await;
    let chisinau = again.territory(t.chisinau).await.unwrap().path();
    let ungheni = again.territory(t.ungheni).await.unwrap().path();
    for path in texts(&again, "SELECT territory_path FROM persons").await {
        assert!(path.starts_with(chisinau.as_str()) || path.starts_with(ungheni.as_str()), "a person in {path}");
    }
    let managers = texts(
        &again,
        "SELECT DISTINCT u.username FROM cases k JOIN users u ON u.id = k.manager_id ORDER BY u.username",
    )
    .await;
    assert_eq!(managers, ["worker.chisinau", "worker.ungheni"]);
    assert_identifiers(&again).await;
    assert_case_numbers(&again).await;
    assert_history(&again).await;
    assert_relations(&again).await;
    assert_cases(&again).await;
    assert_chain(&again).await;
}

crate::both_engines! {
    synth_small_run => a_small_run_has_exactly_what_was_asked;
    synth_same_seed => the_same_seed_gives_the_same_data;
    synth_second_run => a_second_run_continues_after_the_first;
    synth_demo_caseload_once => demo_caseload_is_seeded_once;
}
