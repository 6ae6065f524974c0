//! The register of persons over HTTP, on SQLite and on PostgreSQL:
//! registration and the duplicate check, relations, stale edits, archiving,
//! audited reads and who may look. Search is in `search.rs`, history in `history.rs`.

use crate::harness::{app_with, config, TestDb};
use crate::http::signed_in;
use crate::records::*;
use app::api::persons::{CandidateView, PersonPageView, RelationView};
use app::domain::duplicate::BirthMatch;
use app::domain::idnp::ProvisionalId;
use app::domain::names::NameMatch;
use app::domain::person::PersonInput;
use app::domain::AppError;
use app::store::history::ObjectType;
use axum::http::StatusCode;

async fn registration_and_duplicates(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;

    // With an IDNP.
    let ana = person("Ștefănescu", "Ana", "1987-03-09", Some(&idnp(1)), t.chisinau);
    let ana_id = must_register(&mut w, &ana).await;
    let p = get_person(&mut w, ana_id).await.person;
    assert_eq!((p.idnp.as_deref(), p.provisional_id.as_deref()), (Some(idnp(1).as_str()), None));
    assert_eq!(
        (p.last_name.as_str(), p.first_name.as_str(), p.birth_date.as_str()),
        ("Ștefănescu", "Ana", "1987-03-09")
    );
    assert_eq!((p.vulnerabilities, p.version, p.archived), (vec!["poverty".to_owned()], 1, false));

    // Without one: a reason is required, then a provisional id is given, a new one each time.
    let mut mihai = person("Cazacu", "Mihai", "1950-11-30", None, t.chisinau);
    mihai.no_idnp_reason.clear();
    assert_field(&register(&mut w, &mihai, "").await, "no_idnp_reason", "required");
    mihai.no_idnp_reason = "Lost all documents".into();
    let mihai = must_register(&mut w, &mihai).await;
    let mihai = get_person(&mut w, mihai).await.person;
    // No vulnerability ticked: the form sends no `input[vulnerabilities]` at all.
    let elena = PersonInput { vulnerabilities: Vec::new(), ..person("Gutu", "Elena", "2001-06-01", None, t.chisinau) };
    let elena = must_register(&mut w, &elena).await;
    let elena = get_person(&mut w, elena).await.person;
    for p in [&mihai, &elena] {
        let key = p.provisional_id.as_deref().expect("a provisional id");
        assert!(key.starts_with("P-") && ProvisionalId::parse(key).is_ok(), "{key}");
        assert_eq!((p.idnp.as_deref(), p.no_idnp_reason.is_some()), (None, true));
    }
    assert_ne!(mihai.provisional_id, elena.provisional_id);
    assert!(elena.vulnerabilities.is_empty());
    // Ticked boxes arrive with gaps in their indices (unticked ones are not sent).
    let mut form = nested("input", &person("Gutu", "Petru", "1999-06-01", Some(&idnp(2)), t.chisinau));
    form.retain(|(k, _)| !k.starts_with("input[vulnerabilities]"));
    form.extend([s("input[vulnerabilities][1]", "poverty"), s("input[vulnerabilities][4]", "disability")]);
    let petru = redirected_id(&post(&mut w, "persons/register", &form).await, "/persons/");
    assert_eq!(get_person(&mut w, petru).await.person.vulnerabilities, vec!["disability", "poverty"]);

    // The same IDNP again (even typed in groups, even with a note) is refused and stores nothing.
    let persons = count(store, "persons").await;
    let history = count(store, "history").await;
    let grouped = format!("{} {}", &idnp(1)[..6], &idnp(1)[6..]);
    for (last, first, key, note) in
        [("Rusu", "Ion", idnp(1), ""), ("Rusu", "Ion", grouped, "Not her"), ("Ștefănescu", "Ana", idnp(1), "")]
    {
        let other = person(last, first, "1990-01-01", Some(&key), t.chisinau);
        assert_field(&register(&mut w, &other, note).await, "idnp", "idnp_registered");
    }
    assert_eq!((count(store, "persons").await, count(store, "history").await), (persons, history));

    // A similar name with the same or a near birth date needs a note saying why it is someone else.
    let near = [
        ("Ana", "Stefanescu", "1987-03-09", NameMatch::WordOrder, BirthMatch::Same),
        ("Stefanescu", "Ana", "1987-03-20", NameMatch::Diacritics, BirthMatch::Near),
        ("Ștefănescu", "Anna", "1987-03-09", NameMatch::Typo, BirthMatch::Same),
        ("Ștefănescu", "Ana", "1987-09-03", NameMatch::Same, BirthMatch::Swapped),
    ];
    for (i, (last, first, birth, name_match, birth_match)) in near.into_iter().enumerate() {
        let twin = person(last, first, birth, Some(&idnp(100 + i as u64)), t.chisinau);
        let found: Vec<CandidateView> = json(&post(&mut w, "persons/check", &nested("input", &twin)).await);
        assert_eq!(found.len(), 1, "{last} {first} {birth}: {found:?}");
        let c = &found[0];
        assert_eq!(
            (c.id, c.same_idnp, c.name_match, c.birth_match),
            (Some(ana_id), false, Some(name_match), Some(birth_match))
        );
        assert_eq!((c.last_name.as_str(), c.key_hint.as_str()), ("Ștefănescu", format!("…{}", &idnp(1)[9..]).as_str()));
        assert_field(&register(&mut w, &twin, "").await, "distinct_note", "possible_duplicate");
        assert_field(&register(&mut w, &twin, "   ").await, "distinct_note", "possible_duplicate");
        assert_eq!(count(store, "persons").await, persons);
    }
    // The same IDNP is named as such by the check.
    let same = person("Rusu", "Ion", "1990-01-01", Some(&idnp(1)), t.chisinau);
    let found: Vec<CandidateView> = json(&post(&mut w, "persons/check", &nested("input", &same)).await);
    assert!(found.iter().any(|c| c.same_idnp && c.id == Some(ana_id)), "{found:?}");
    // With a note the near match is registered, and the note is kept in the history.
    let twin = person("Ștefănescu", "Anna", "1987-03-09", Some(&idnp(200)), t.chisinau);
    let twin_id =
        redirected_id(&register(&mut w, &twin, "Her twin sister; both were at the office.").await, "/persons/");
    assert_eq!(count(store, "persons").await, persons + 1);
    let v1 = store.history(ObjectType::Person, twin_id, None, 5).await.unwrap();
    assert_eq!(v1[0].reason.as_deref(), Some("Her twin sister; both were at the office."));
    // Someone else born the same day is no duplicate at all.
    must_register(&mut w, &person("Popa", "Ion", "1987-03-09", Some(&idnp(201)), t.chisinau)).await;

    // A near match in another territory is shown without a link, and still needs the note.
    let mut u = signed_in(&router, "worker.ungheni").await;
    must_register(&mut u, &person("Ceban", "Elena", "1975-05-05", Some(&idnp(300)), t.ungheni)).await;
    let elsewhere = person("Ceban", "Elena", "1975-05-06", Some(&idnp(301)), t.chisinau);
    let found: Vec<CandidateView> = json(&post(&mut w, "persons/check", &nested("input", &elsewhere)).await);
    assert_eq!(found.len(), 1, "{found:?}");
    // Registered elsewhere: nothing of theirs is told.
    assert_eq!((found[0].id, found[0].territory_name.as_str(), found[0].elsewhere), (None, "", true));
    assert_field(&register(&mut w, &elsewhere, "").await, "distinct_note", "possible_duplicate");
    // A domicile outside one's territory is refused.
    let outside = person("Lungu", "Dan", "1999-09-09", Some(&idnp(302)), t.ungheni);
    assert_field(&register(&mut w, &outside, "").await, "domicile_territory_id", "territory_out_of_scope");
}

/// The relations on a person's page, as (kind, other person).
fn relations(rel: &[RelationView]) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = rel.iter().map(|r| (r.kind.clone(), r.other_id)).collect();
    v.sort();
    v
}

async fn relations_read_from_both_sides(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let t = territories(&state.store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let child = must_register(&mut w, &person("Moraru", "Ion", "2015-02-03", Some(&idnp(1)), t.chisinau)).await;
    let father = must_register(&mut w, &person("Moraru", "Vasile", "1985-04-05", Some(&idnp(2)), t.chisinau)).await;
    let aunt = must_register(&mut w, &person("Moraru", "Elena", "1960-06-07", None, t.chisinau)).await;
    let aunt_key = get_person(&mut w, aunt).await.person.provisional_id.unwrap();
    let relate = |id: i64, kind: &str, other: &str, note: &str| {
        vec![s("id", id), s("kind", kind), s("other", other), s("note", note)]
    };

    // On the child's page: "Vasile is the parent". `kind` says how the other person relates to this one.
    let r = post(&mut w, "persons/relate", &relate(child, "parent_of", &idnp(2), "Father")).await;
    assert_eq!(redirected_id(&r, "/persons/"), child);
    let r = post(&mut w, "persons/relate", &relate(child, "household_member", &aunt_key, "")).await;
    assert!(r.ok(), "{}", r.body);
    let on_child = get_person(&mut w, child).await.relations;
    assert_eq!(relations(&on_child), vec![("household_member".into(), aunt), ("parent_of".into(), father)]);
    let parent = on_child.iter().find(|r| r.other_id == father).unwrap();
    assert_eq!((parent.other_name.as_str(), parent.note.as_deref()), ("Moraru Vasile", Some("Father")));
    // Read from the father's side, the same relation says the other is his child.
    assert_eq!(relations(&get_person(&mut w, father).await.relations), vec![("child_of".into(), child)]);
    assert_eq!(relations(&get_person(&mut w, aunt).await.relations), vec![("household_member".into(), child)]);

    // The same relation, from either side, is not recorded twice; nor a person with themselves.
    let again = post(&mut w, "persons/relate", &relate(child, "parent_of", &idnp(2), "")).await;
    assert_field(&again, "other", "relation_exists");
    let mirrored = post(&mut w, "persons/relate", &relate(father, "child_of", &idnp(1), "")).await;
    assert_field(&mirrored, "other", "relation_exists");
    assert_field(
        &post(&mut w, "persons/relate", &relate(child, "spouse_of", &idnp(1), "")).await,
        "other",
        "same_person",
    );
    assert_field(
        &post(&mut w, "persons/relate", &relate(child, "cousin", &idnp(2), "")).await,
        "kind",
        "invalid_choice",
    );
    assert_field(
        &post(&mut w, "persons/relate", &relate(child, "other", &idnp(99), "")).await,
        "other",
        "person_unknown",
    );
    // A person of another territory cannot be reached through a relation.
    let mut u = signed_in(&router, "worker.ungheni").await;
    must_register(&mut u, &person("Rotaru", "Ilie", "1970-01-01", Some(&idnp(3)), t.ungheni)).await;
    assert_field(
        &post(&mut w, "persons/relate", &relate(child, "other", &idnp(3), "")).await,
        "other",
        "person_unknown",
    );
    assert_eq!(count(&state.store, "relations").await, 2);

    // Ending a relation works from either side and removes it from both pages.
    let household = on_child.iter().find(|r| r.other_id == aunt).unwrap().id;
    assert!(post(&mut w, "persons/unrelate", &[s("id", aunt), s("relation_id", household)]).await.ok());
    let gone = post(&mut w, "persons/unrelate", &[s("id", child), s("relation_id", household)]).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(get_person(&mut w, aunt).await.relations.is_empty());
    assert_eq!(relations(&get_person(&mut w, child).await.relations), vec![("parent_of".into(), father)]);
    // A relation id belongs to its two persons only.
    let parent = parent.id;
    assert_eq!(
        post(&mut w, "persons/unrelate", &[s("id", aunt), s("relation_id", parent)]).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_stale_edit_is_refused(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let t = territories(&state.store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    let id = must_register(&mut w, &person("Bivol", "Nina", "1944-12-12", Some(&idnp(1)), t.chisinau)).await;
    let read = get_person(&mut w, id).await.person;
    // Two people opened the same version; the first one saves.
    let mut first = read.to_input();
    first.phone = "+373 69 111 111".into();
    assert!(update_person(&mut w, id, read.version, &first).await.ok());
    let mut second = read.to_input();
    second.email = "nina@example.md".into();
    let r = update_person(&mut boss, id, read.version, &second).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    match r.error() {
        AppError::StaleVersion { changed_by, fields, .. } => {
            assert_eq!(changed_by, "Ana Ceban");
            assert_eq!(fields, vec!["phone".to_owned()]);
        }
        other => panic!("{other:?}"),
    }
    // Nothing of the second edit was written.
    let now = get_person(&mut boss, id).await.person;
    assert_eq!((now.phone.as_deref(), now.email.as_deref(), now.version), (Some("+37369111111"), None, 2));
    assert_eq!(state.store.history(ObjectType::Person, id, None, 10).await.unwrap().len(), 2);
    // Based on the new version, it goes through.
    second.phone = first.phone;
    assert!(update_person(&mut boss, id, now.version, &second).await.ok());
    assert_eq!(get_person(&mut boss, id).await.person.email.as_deref(), Some("nina@example.md"));
}

async fn archiving_makes_read_only(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let t = territories(&state.store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let id = must_register(&mut w, &person("Sandu", "Vera", "1930-03-03", Some(&idnp(1)), t.chisinau)).await;
    let other = must_register(&mut w, &person("Sandu", "Petru", "1929-02-02", Some(&idnp(2)), t.chisinau)).await;
    let daughter = must_register(&mut w, &person("Sandu", "Ana", "1955-05-05", Some(&idnp(3)), t.chisinau)).await;
    let r = post(&mut w, "persons/relate", &[s("id", id), s("kind", "child_of"), s("other", idnp(3))]).await;
    assert!(r.ok(), "{}", r.body);
    let archive = |version: i64, archive: bool, reason: &str| {
        vec![s("id", id), s("version", version), s("archive", archive), s("reason", reason)]
    };
    assert_field(&post(&mut w, "persons/archive", &archive(1, true, " ")).await, "reason", "required");
    assert!(post(&mut w, "persons/archive", &archive(1, true, "Died on 2 May")).await.ok());
    let d = get_person(&mut w, id).await;
    assert!(d.person.archived && !d.may_edit && !d.may_open_case);
    assert_eq!((d.person.status_reason.as_deref(), d.person.version), (Some("Died on 2 May"), 2));

    // Read-only: no edits, relations or cases; the record is still found and shown.
    let mut edit = d.person.to_input();
    edit.phone = "069000000".into();
    let r = update_person(&mut w, id, 2, &edit).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(matches!(r.error(), AppError::Conflict { code, .. } if code == "read_only"), "{}", r.body);
    let r = post(&mut w, "persons/relate", &[s("id", id), s("kind", "spouse_of"), s("other", idnp(2))]).await;
    assert!(matches!(r.error(), AppError::Conflict { code, .. } if code == "read_only"), "{}", r.body);
    let r = post(&mut w, "cases/open", &nested("input", &referral(id))).await;
    assert!(matches!(r.error(), AppError::Conflict { code, .. } if code == "read_only"), "{}", r.body);
    let relation = d.relations[0].id;
    let r = post(&mut w, "persons/unrelate", &[s("id", id), s("relation_id", relation)]).await;
    assert!(matches!(r.error(), AppError::Conflict { code, .. } if code == "read_only"), "{}", r.body);
    let d = get_person(&mut w, id).await;
    assert_eq!((d.person.version, relations(&d.relations)), (2, vec![("child_of".to_owned(), daughter)]));
    assert_eq!((count(&state.store, "relations").await, count(&state.store, "cases").await), (1, 0));
    let page: PersonPageView = json(&post(&mut w, "persons/search", &[s("q", "sandu vera")]).await);
    assert!(page.items.len() == 1 && page.items[0].archived);

    // Restoring needs a reason too, and makes the record editable again.
    assert_field(&post(&mut w, "persons/archive", &archive(2, false, "")).await, "reason", "required");
    assert!(post(&mut w, "persons/archive", &archive(2, false, "Archived by mistake")).await.ok());
    assert!(update_person(&mut w, id, 3, &edit).await.ok());
    let d = get_person(&mut w, id).await;
    assert!(!d.person.archived && d.may_edit);
    assert_eq!((d.person.phone.as_deref(), d.person.version), (Some("069000000"), 4));
    let history = state.store.history(ObjectType::Person, id, None, 10).await.unwrap();
    let actions: Vec<_> = history.iter().map(|h| (h.action.as_str(), h.reason.as_deref())).collect();
    assert_eq!(
        actions,
        vec![
            ("update", None),
            ("restore", Some("Archived by mistake")),
            ("archive", Some("Died on 2 May")),
            ("register", None)
        ]
    );
    assert!(get_person(&mut w, other).await.relations.is_empty());
}

async fn reads_of_person_and_case_pages_are_audited(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let t = territories(&state.store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let id = must_register(&mut w, &person("Cojocaru", "Lidia", "1977-07-07", Some(&idnp(1)), t.chisinau)).await;
    let case = open_case(&mut w, id).await;
    assert_eq!(audited(&state, "persons.view", id, "worker.chisinau", "done").await, 0);
    for n in 1..=2 {
        get_person(&mut w, id).await;
        get_case(&mut w, case).await;
        assert_eq!(audited(&state, "persons.view", id, "worker.chisinau", "done").await, n);
        assert_eq!(audited(&state, "cases.view", case, "worker.chisinau", "done").await, n);
    }
    // The history pages and another reader count too; a refused read is recorded as refused.
    assert!(post(&mut w, "persons/history", &[s("id", id)]).await.ok());
    assert!(post(&mut w, "cases/history", &[s("id", case)]).await.ok());
    assert_eq!(audited(&state, "persons.history", id, "worker.chisinau", "done").await, 1);
    assert_eq!(audited(&state, "cases.history", case, "worker.chisinau", "done").await, 1);
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    get_person(&mut boss, id).await;
    assert_eq!(audited(&state, "persons.view", id, "supervisor.chisinau", "done").await, 1);
    let mut u = signed_in(&router, "worker.ungheni").await;
    assert_eq!(person_status(&mut u, id).await, StatusCode::NOT_FOUND);
    assert_eq!(audited(&state, "persons.view", id, "worker.ungheni", "refused").await, 1);
    assert_eq!(audited(&state, "persons.view", id, "worker.ungheni", "done").await, 0);
}

async fn who_may_look(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let t = territories(&state.store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let id = must_register(&mut w, &person("Grosu", "Dumitru", "1966-06-06", Some(&idnp(1)), t.chisinau)).await;
    let case = open_case(&mut w, id).await;
    for name in ["analyst.chisinau", "support.chisinau"] {
        let mut c = signed_in(&router, name).await;
        for (endpoint, form) in [
            ("persons/search", vec![s("q", "grosu")]),
            ("persons/get", vec![s("id", id)]),
            ("persons/history", vec![s("id", id)]),
            ("cases/get", vec![s("id", case)]),
        ] {
            assert_eq!(post(&mut c, endpoint, &form).await.status, StatusCode::FORBIDDEN, "{name} {endpoint}");
        }
    }
    // Another territory's worker sees neither the person nor the case, and cannot change them.
    let mut u = signed_in(&router, "worker.ungheni").await;
    let mut edit = get_person(&mut w, id).await.person.to_input();
    edit.phone = "+37360000000".into();
    assert_eq!(update_person(&mut u, id, 1, &edit).await.status, StatusCode::NOT_FOUND);
    assert_eq!(post(&mut u, "cases/get", &[s("id", case)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(post(&mut u, "persons/history", &[s("id", id)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get_person(&mut w, id).await.person.version, 1);
    // Signed out, nothing.
    let mut anon = crate::http::Client::new(&router);
    assert_eq!(post(&mut anon, "persons/get", &[s("id", id)]).await.status, StatusCode::UNAUTHORIZED);
}

crate::both_engines! {
    persons_registration_and_duplicates => registration_and_duplicates;
    persons_relations_both_sides => relations_read_from_both_sides;
    persons_stale_edit => a_stale_edit_is_refused;
    persons_archive_read_only => archiving_makes_read_only;
    persons_reads_audited => reads_of_person_and_case_pages_are_audited;
    persons_who_may_look => who_may_look;
}
