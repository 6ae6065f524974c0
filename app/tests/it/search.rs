//! Finding persons over HTTP, on SQLite and on PostgreSQL: by IDNP or
//! provisional id, by name (any order, with or without diacritics), by birth
//! date, only within one's territory, and page by page with each row once.

use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, Client};
use crate::records::*;
use app::api::persons::PersonPageView;
use axum::http::StatusCode;

async fn search(c: &mut Client, form: &[(String, String)]) -> Vec<i64> {
    let page: PersonPageView = json(&post(c, "persons/search", form).await);
    assert!(page.next_after.is_none(), "one page expected");
    page.items.iter().map(|p| p.id).collect()
}

async fn search_is_scoped_and_pages_once(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let t = territories(&state.store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut u = signed_in(&router, "worker.ungheni").await;
    let ion = must_register(&mut w, &person("Ștefănescu", "Ion", "1980-01-02", Some(&idnp(1)), t.chisinau)).await;
    let rusu = must_register(&mut w, &person("Rusu", "Ștefan", "1991-07-15", None, t.chisinau)).await;
    let rusu_key = get_person(&mut w, rusu).await.person.provisional_id.unwrap();
    let theirs = must_register(&mut u, &person("Ștefănescu", "Ion", "1962-04-04", Some(&idnp(2)), t.ungheni)).await;

    let q = |q: &str| vec![s("q", q)];
    // By IDNP (also typed in groups) and by provisional id.
    assert_eq!(search(&mut w, &q(&idnp(1))).await, vec![ion]);
    assert_eq!(search(&mut w, &q(&format!("{} {}", &idnp(1)[..4], &idnp(1)[4..]))).await, vec![ion]);
    assert_eq!(search(&mut w, &q(&rusu_key.to_lowercase())).await, vec![rusu]);
    // By the start of the last name, with or without diacritics, in any case.
    for prefix in ["Ștefan", "stefan", "STEF", "Ștefănescu I"] {
        assert_eq!(search(&mut w, &q(prefix)).await, vec![ion], "{prefix}");
    }
    // By the whole name in the other order.
    assert_eq!(search(&mut w, &q("Ion Stefanescu")).await, vec![ion]);
    assert_eq!(search(&mut w, &q("ștefan rusu")).await, vec![rusu]);
    // By birth date, alone or with a name.
    assert_eq!(search(&mut w, &[s("birth_date", "1980-01-02")]).await, vec![ion]);
    assert_eq!(search(&mut w, &[s("q", "rusu"), s("birth_date", "1980-01-02")]).await, Vec::<i64>::new());
    // Never another territory's person: not by IDNP, name or birth date.
    assert_eq!(search(&mut w, &q(&idnp(2))).await, Vec::<i64>::new());
    assert_eq!(search(&mut w, &[s("birth_date", "1962-04-04")]).await, Vec::<i64>::new());
    assert_eq!(search(&mut u, &q("stefan")).await, vec![theirs]);
    assert_eq!(search(&mut u, &q(&idnp(1))).await, Vec::<i64>::new());
    let r = post(&mut w, "persons/search", &[s("territory_id", t.ungheni)]).await;
    assert_field(&r, "territory_id", "territory_out_of_scope");
    assert_field(&post(&mut w, "persons/search", &q("2000000000000")).await, "q", "idnp_check");
    assert_eq!(person_status(&mut w, theirs).await, StatusCode::NOT_FOUND);

    // Keyset paging: 30 namesakes of one prefix, six of them with the very same name across the
    // page boundary; each comes exactly once, in name order.
    let firsts = [
        "Adrian", "Alina", "Bogdan", "Carolina", "Cristian", "Daniela", "Dorin", "Elena", "Eugen", "Felicia",
        "Gheorghe", "Ina", "Iulian", "Larisa", "Lilian", "Marin", "Natalia", "Nicolae", "Olesea", "Petru", "Radu",
        "Silvia", "Tudor", "Valeria",
    ];
    let mut mine = Vec::new();
    for (i, first) in firsts.iter().copied().chain(["Zamfir"; 6]).enumerate() {
        let birth = chrono::NaiveDate::from_ymd_opt(1940, 1, 1).unwrap() + chrono::Duration::days(45 * i as i64);
        let p = person("Paginescu", first, &birth.to_string(), Some(&idnp(1000 + i as u64)), t.chisinau);
        mine.push(redirected_id(&register(&mut w, &p, "Namesake").await, "/persons/"));
    }
    for i in 0..3 {
        let p = person("Paginescu", "Zamfir", &format!("200{i}-02-02"), Some(&idnp(2000 + i)), t.ungheni);
        redirected_id(&register(&mut u, &p, "Namesake").await, "/persons/");
    }
    let mut seen = Vec::new();
    let mut keys = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut form = q("pagin");
        form.extend(after.iter().map(|a| s("after", a)));
        let page: PersonPageView = json(&post(&mut w, "persons/search", &form).await);
        pages += 1;
        assert!(page.items.len() <= 25);
        seen.extend(page.items.iter().map(|p| p.id));
        keys.extend(page.items.iter().map(|p| (p.first_name.clone(), p.id)));
        match page.next_after {
            Some(a) => after = Some(a),
            None => break,
        }
        assert!(pages < 5, "paging does not end");
    }
    assert_eq!(pages, 2);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), seen.len(), "a row came twice: {seen:?}");
    assert_eq!(sorted, mine);
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "not in name order: {keys:?}");
}

crate::both_engines! {
    search_scope_and_paging => search_is_scoped_and_pages_once;
}
