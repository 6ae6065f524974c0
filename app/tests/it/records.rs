//! Persons and case files for the tests: the forms as the browser posts
//! them, calls of the persons and cases endpoints, store shortcuts that build
//! fixtures without going through HTTP, and small readers of rows.

use crate::http::{Client, Reply};
use app::api::cases::CaseView;
use app::api::persons::PersonDetailView;
use app::domain::case::ReferralInput;
use app::domain::idnp::Idnp;
use app::domain::person::{PersonInput, RelationKind};
use app::domain::user::{Language, UserInput};
use app::domain::{AppError, Role};
use app::server::AppState;
use app::store::{cases as cs, persons as ps, users, Store};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::de::DeserializeOwned;

/// Today in Moldova, as the server counts it.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::Chisinau).date_naive()
}

/// A valid IDNP made from `n` (distinct `n`, distinct IDNPs).
pub fn idnp(n: u64) -> String {
    let mut body = [0u8; 12];
    let mut v = 200_000_000_000 + n;
    for d in body.iter_mut().rev() {
        *d = (v % 10) as u8;
        v /= 10;
    }
    Idnp::from_body(body).as_str().to_owned()
}

/// The ids of the two demo territories.
pub struct Territories {
    pub chisinau: i64,
    pub ungheni: i64,
}

pub async fn territories(store: &Store) -> Territories {
    Territories {
        chisinau: store.territory_by_name("mun. Chișinău").await.unwrap().id,
        ungheni: store.territory_by_name("r-nul Ungheni").await.unwrap().id,
    }
}

/// A person form with the given names, birth date, IDNP (or none, with a reason) and domicile.
pub fn person(last: &str, first: &str, birth: &str, idnp: Option<&str>, territory: i64) -> PersonInput {
    PersonInput {
        idnp: idnp.unwrap_or_default().into(),
        no_idnp_reason: if idnp.is_none() { "No identity documents".into() } else { String::new() },
        last_name: last.into(),
        first_name: first.into(),
        birth_date: birth.into(),
        sex: "female".into(),
        domicile_territory_id: territory.to_string(),
        vulnerabilities: vec!["poverty".into()],
        ..Default::default()
    }
}

/// A struct argument as a form posts it: `name[field]=…`, lists as `name[field][i]=…`.
pub fn nested<T: serde::Serialize>(name: &str, value: &T) -> Vec<(String, String)> {
    let serde_json::Value::Object(fields) = serde_json::to_value(value).unwrap() else { panic!("not a struct") };
    let mut out = Vec::new();
    for (k, v) in fields {
        match v {
            serde_json::Value::String(s) => out.push((format!("{name}[{k}]"), s)),
            serde_json::Value::Array(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    out.push((format!("{name}[{k}][{i}]"), item.as_str().unwrap().to_owned()));
                }
            }
            other => out.push((format!("{name}[{k}]"), other.to_string())),
        }
    }
    out
}

pub fn s(k: &str, v: impl ToString) -> (String, String) {
    (k.to_owned(), v.to_string())
}

/// Posts a form to a server function.
pub async fn post(c: &mut Client, endpoint: &str, form: &[(String, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    c.call(endpoint, &pairs).await
}

/// The body of a successful call.
pub fn json<T: DeserializeOwned>(r: &Reply) -> T {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// Asserts a refusal on one field of the form, with that code.
#[track_caller]
pub fn assert_field(r: &Reply, field: &str, code: &str) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", r.body);
    match r.error() {
        AppError::Invalid(e) => assert_eq!(e.for_field(field), Some(code), "{}", r.body),
        other => panic!("expected {field}: {code}, got {other:?}"),
    }
}

/// The id a successful mutation redirected to, e.g. `/persons/12?saved=1` under `/persons/`.
#[track_caller]
pub fn redirected_id(r: &Reply, under: &str) -> i64 {
    assert!(r.ok(), "{} {}", r.status, r.body);
    let loc = r.location.as_deref().expect("a redirect");
    let rest = loc.strip_prefix(under).unwrap_or_else(|| panic!("{loc} is not under {under}"));
    rest.split(['?', '/']).next().unwrap().parse().unwrap_or_else(|_| panic!("no id in {loc}"))
}

pub async fn register(c: &mut Client, p: &PersonInput, distinct_note: &str) -> Reply {
    let mut form = nested("input", p);
    form.push(s("distinct_note", distinct_note));
    post(c, "persons/register", &form).await
}

/// Registers a person who must not look like anyone, and returns the id.
pub async fn must_register(c: &mut Client, p: &PersonInput) -> i64 {
    let r = register(c, p, "").await;
    redirected_id(&r, "/persons/")
}

pub async fn get_person(c: &mut Client, id: i64) -> PersonDetailView {
    json(&post(c, "persons/get", &[s("id", id)]).await)
}

/// The status a read of a person's page gets.
pub async fn person_status(c: &mut Client, id: i64) -> StatusCode {
    post(c, "persons/get", &[s("id", id)]).await.status
}

pub async fn update_person(c: &mut Client, id: i64, version: i64, p: &PersonInput) -> Reply {
    let mut form = vec![s("id", id), s("version", version)];
    form.extend(nested("input", p));
    post(c, "persons/update", &form).await
}

/// A referral about `person_id`, received today.
pub fn referral(person_id: i64) -> ReferralInput {
    ReferralInput {
        person_id: person_id.to_string(),
        reporter_name: "Școala nr. 5".into(),
        reporter_contact: "022 123 456".into(),
        channel: "institution".into(),
        received_on: today().to_string(),
        concern: "The child misses school; the parents work abroad.".into(),
        risk_level: "medium".into(),
    }
}

pub async fn open_case(c: &mut Client, person_id: i64) -> i64 {
    let r = post(c, "cases/open", &nested("input", &referral(person_id))).await;
    redirected_id(&r, "/cases/")
}

pub async fn get_case(c: &mut Client, id: i64) -> CaseView {
    json(&post(c, "cases/get", &[s("id", id)]).await)
}

/// Takes a workflow step on the case's current version.
pub async fn act(c: &mut Client, store: &Store, id: i64, action: &str, reason: &str) -> Reply {
    let version = store.case(id).await.unwrap().version;
    post(c, "cases/act", &[s("id", id), s("version", version), s("action", action), s("reason", reason)]).await
}

/// Rows in a table.
pub async fn count(store: &Store, table: &str) -> i64 {
    // The table names are the tests' own literals, never input.
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match store.db() {
        app::store::Db::Sqlite(p) => sqlx::query_scalar(&sql).fetch_one(p).await.unwrap(),
        app::store::Db::Postgres(p) => sqlx::query_scalar(&sql).fetch_one(p).await.unwrap(),
    }
}

/// How many times `actor` was audited doing `action` with `outcome`; for
/// `done`, on object `id` only (a refusal names no object).
pub async fn audited(state: &AppState, action: &str, id: i64, actor: &str, outcome: &str) -> usize {
    let f = app::store::AuditFilter { action: Some(action.into()), limit: 1000, ..Default::default() };
    let id = id.to_string();
    state
        .store
        .list_audit(&f)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.outcome == outcome && e.actor_username.as_deref() == Some(actor))
        .filter(|e| outcome != "done" || e.object_id.as_deref() == Some(id.as_str()))
        .count()
}

/// A user who can sign in with the demo password.
pub async fn signable_user(store: &Store, username: &str, full_name: &str, territory: &str, role: Role) -> i64 {
    let t = store.territory_by_name(territory).await.unwrap();
    let input = UserInput {
        username: username.into(),
        full_name: full_name.into(),
        email: String::new(),
        phone: String::new(),
        institution: String::new(),
        position: String::new(),
        territory_id: t.id,
        roles: vec![role.code().into()],
    }
    .validate()
    .unwrap();
    let hash = app::server::password::hash_now(app::server::bootstrap::DEMO_PASSWORD);
    let mut tx = store.begin().await.unwrap();
    let new = users::NewUser {
        input: &input,
        territory_path: &t.path(),
        password_hash: &hash,
        must_change_password: false,
        language: Language::En,
        created_by: None,
    };
    let id = users::create(&mut tx, &new).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// Registers a person straight in the store, as `actor`.
pub async fn register_direct(store: &Store, p: &PersonInput, actor: i64) -> i64 {
    let v = p.validate(today()).expect("a valid person");
    let path = store.territory(v.domicile_territory_id).await.unwrap().path();
    let mut tx = store.begin().await.unwrap();
    let row = ps::register(&mut tx, &v, &path, Some("fixture"), actor).await.unwrap();
    tx.commit().await.unwrap();
    row.id
}

/// Opens a case straight in the store, in the person's territory.
pub async fn open_case_direct(store: &Store, person_id: i64, manager: Option<i64>, actor: i64) -> i64 {
    let person = store.person(person_id).await.unwrap();
    let referral = referral(person_id).validate(today()).unwrap();
    let mut tx = store.begin().await.unwrap();
    let new = cs::NewCase {
        referral: &referral,
        territory_id: person.domicile_territory_id,
        territory_path: &person.path(),
        manager_id: manager,
        actor,
    };
    let row = app::store::case_change::open(&mut tx, &new).await.unwrap();
    tx.commit().await.unwrap();
    row.id
}

/// Asks `to_user` to take a case over, straight in the store.
pub async fn transfer_direct(store: &Store, case_id: i64, to_user: i64, actor: i64) {
    let to = store.user(to_user).await.unwrap();
    let before = store.case(case_id).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    app::store::case_change::request_transfer(&mut tx, &before, to_user, to.territory_id, None, actor).await.unwrap();
    tx.commit().await.unwrap();
}

/// Records a relation straight in the store and returns its id.
pub async fn relate_direct(store: &Store, person: i64, kind: RelationKind, other: i64, actor: i64) -> i64 {
    let mut tx = store.begin().await.unwrap();
    let id = ps::add_relation(&mut tx, person, kind, other, None, actor).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// A moment just after `t` as the as-of field takes it (whole seconds,
/// Chisinau time). Waits until that moment has passed, so that whatever is
/// changed next is stored after it.
pub async fn moment_after(t: DateTime<Utc>) -> String {
    let at = if t.trunc_subsecs(0) == t { t } else { t.trunc_subsecs(0) + chrono::Duration::seconds(1) };
    let wait = at + chrono::Duration::milliseconds(5) - Utc::now();
    if let Ok(wait) = wait.to_std() {
        tokio::time::sleep(wait).await;
    }
    local(at)
}

/// An instant as a `datetime-local` field with seconds sends it, in Chisinau time.
pub fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Chisinau).format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The form that reproduces a stored person.
pub fn input_of(row: &ps::PersonRow) -> PersonInput {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    PersonInput {
        idnp: text(&row.idnp),
        no_idnp_reason: text(&row.no_idnp_reason),
        last_name: row.last_name.clone(),
        first_name: row.first_name.clone(),
        birth_date: row.birth_date.to_string(),
        sex: row.sex.clone(),
        id_doc_type: text(&row.id_doc_type),
        id_doc_number: text(&row.id_doc_number),
        disability_degree: row.disability_degree.clone(),
        disability_limitation: text(&row.disability_limitation),
        domicile_territory_id: row.domicile_territory_id.to_string(),
        domicile_address: text(&row.domicile_address),
        residence_territory_id: row.residence_territory_id.map(|t| t.to_string()).unwrap_or_default(),
        residence_address: text(&row.residence_address),
        phone: text(&row.phone),
        email: text(&row.email),
        vulnerabilities: row.vulnerability_codes(),
    }
}
