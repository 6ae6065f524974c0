//! The history of persons and cases over HTTP, on SQLite and on PostgreSQL:
//! every version with who made it and each field's old and new value, and
//! the record shown as it was at a past moment.

use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, Client};
use crate::records::*;
use app::api::cases::CaseView;
use app::api::persons::{HistoryPageView, PersonDetailView};
use app::store::history::ObjectType;

async fn change_phone(c: &mut Client, id: i64, phone: &str) {
    let now = get_person(c, id).await.person;
    let mut input = now.to_input();
    input.phone = phone.into();
    assert!(update_person(c, id, now.version, &input).await.ok());
}

async fn history_and_the_record_as_of_a_moment(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    crate::forms::test_definitions(store).await;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let p = must_register(&mut w, &person("Ciobanu", "Maria", "1952-02-12", Some(&idnp(1)), t.chisinau)).await;
    let id = open_case(&mut w, p).await;
    let newest = |object: ObjectType, id: i64| {
        let store = store.clone();
        async move { store.history(object, id, None, 1).await.unwrap()[0].changed_at }
    };
    let registered = newest(ObjectType::Person, p).await;
    // Three versions of each, a second apart (read back from what was stored).
    let first = moment_after(newest(ObjectType::Person, p).await.max(newest(ObjectType::Case, id).await)).await;
    change_phone(&mut w, p, "+37369000001").await;
    assert!(act(&mut w, store, id, "start_assessment", "").await.ok());
    let second = moment_after(newest(ObjectType::Person, p).await.max(newest(ObjectType::Case, id).await)).await;
    change_phone(&mut w, p, "+37369000002").await;
    crate::forms::fill_and_submit(&mut w, id, "initial_assessment", "Lives alone").await;
    assert!(act(&mut w, store, id, "start_planning", "").await.ok());

    let person_at = |at: &str| vec![s("id", p), s("as_of", at)];
    let case_at = |at: &str| vec![s("id", id), s("as_of", at)];
    let then: PersonDetailView = json(&post(&mut w, "persons/get", &person_at(&first)).await);
    assert_eq!((then.person.phone, then.person.version, then.may_edit), (None, 1, false));
    assert!(then.as_of.is_some());
    let then: PersonDetailView = json(&post(&mut w, "persons/get", &person_at(&second)).await);
    assert_eq!((then.person.phone.as_deref(), then.person.version), (Some("+37369000001"), 2));
    let now = get_person(&mut w, p).await;
    assert_eq!((now.person.phone.as_deref(), now.as_of, now.may_edit), (Some("+37369000002"), None, true));
    let k: CaseView = json(&post(&mut w, "cases/get", &case_at(&first)).await);
    assert_eq!((k.status.as_str(), k.actions.is_empty(), k.as_of.is_some()), ("open", true, true));
    let k: CaseView = json(&post(&mut w, "cases/get", &case_at(&second)).await);
    assert_eq!((k.status.as_str(), k.version), ("assessment", 2));
    assert_eq!(get_case(&mut w, id).await.status, "planning");
    // A whole minute (the page's field) after the last change shows the latest version.
    let later = (chrono::Utc::now() + chrono::Duration::minutes(2)).with_timezone(&chrono_tz::Europe::Chisinau);
    let minute = later.format("%Y-%m-%dT%H:%M").to_string();
    let then: PersonDetailView = json(&post(&mut w, "persons/get", &person_at(&minute)).await);
    assert_eq!(then.person.version, 3);
    // Before the record existed, or not a moment at all: refused on the field.
    let before = local(registered - chrono::Duration::seconds(2));
    assert_field(&post(&mut w, "persons/get", &person_at(&before)).await, "as_of", "before_registration");
    assert_field(&post(&mut w, "cases/get", &case_at(&before)).await, "as_of", "before_registration");
    assert_field(&post(&mut w, "persons/get", &person_at("last tuesday")).await, "as_of", "invalid_date");

    // The history: each version, who made it, each changed field with old and new values.
    let h: HistoryPageView = json(&post(&mut w, "persons/history", &[s("id", p)]).await);
    let versions: Vec<(i64, &str, &str)> =
        h.items.iter().map(|e| (e.version, e.action.as_str(), e.by.as_str())).collect();
    assert_eq!(versions, vec![(3, "update", "Ana Ceban"), (2, "update", "Ana Ceban"), (1, "register", "Ana Ceban")]);
    let changes = |i: usize| {
        h.items[i].changes.iter().map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str())).collect::<Vec<_>>()
    };
    assert_eq!(changes(0), vec![("phone", "+37369000001", "+37369000002")]);
    assert_eq!(changes(1), vec![("phone", "", "+37369000001")]);
    assert!(changes(2).contains(&("last_name", "", "Ciobanu")));
    // People, places and moments are named, in local time, not given as ids or in UTC.
    assert!(changes(2).contains(&("created_by", "", "Ana Ceban")), "{:?}", changes(2));
    assert!(changes(2).contains(&("domicile_territory_id", "", "mun. Chișinău")), "{:?}", changes(2));
    assert!(changes(2).contains(&("territory_path", "", "mun. Chișinău")), "{:?}", changes(2));
    let created = changes(2).iter().find(|c| c.0 == "created_at").map(|c| c.2.to_owned()).unwrap_or_default();
    assert!(chrono::NaiveDateTime::parse_from_str(&created, "%Y-%m-%d %H:%M").is_ok(), "{created}");
    let h: HistoryPageView = json(&post(&mut w, "cases/history", &[s("id", id)]).await);
    let status =
        |i: usize| h.items[i].changes.iter().find(|c| c.field == "status").map(|c| (c.old.clone(), c.new.clone()));
    assert_eq!(status(0), Some(("assessment".into(), "planning".into())));
    assert_eq!(status(1), Some(("open".into(), "assessment".into())));
    assert_eq!(status(2), Some((String::new(), "open".into())));
}

crate::both_engines! {
    history_and_as_of => history_and_the_record_as_of_a_moment;
}
