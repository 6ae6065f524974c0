//! Start-up tasks: demo data for trying Vatra out, and the first
//! administrator of a real deployment.

use crate::domain::territory::TerritoryKind;
use crate::domain::user::{Language, UserInput};
use crate::domain::{FieldErrors, Role};
use crate::store::{audit, users, AuditEvent, Store, StoreError};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "vatra-demo-2026";

/// The two demo territories, each with two localities.
const DEMO_TERRITORIES: &[(&str, &str, [&str; 2])] = &[
    ("chisinau", "mun. Chișinău", ["or. Durlești", "com. Trușeni"]),
    ("ungheni", "r-nul Ungheni", ["s. Sculeni", "s. Pîrlița"]),
];

const DEMO_PEOPLE: &[(Role, &str, [&str; 2])] = &[
    (Role::SocialWorker, "worker", ["Ana Ceban", "Ion Rusu"]),
    (Role::Supervisor, "supervisor", ["Maria Lungu", "Vasile Moraru"]),
    (Role::Analyst, "analyst", ["Elena Cojocaru", "Pavel Grosu"]),
    (Role::Administrator, "admin", ["Tatiana Munteanu", "Sergiu Popa"]),
    (Role::SupportAgent, "support", ["Olga Rotari", "Andrei Turcan"]),
    (Role::Auditor, "auditor", ["Natalia Bivol", "Victor Sandu"]),
    (Role::SupportLead, "lead", ["Irina Ciobanu", "Dorin Lupu"]),
];

/// One demo account, as printed at start.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub username: String,
    pub role: Role,
    pub territory: String,
}

fn system_event(action: &str, object_id: i64, details: serde_json::Value) -> AuditEvent {
    AuditEvent::by_vatra(action, Some("user"), Some(object_id.to_string()), details)
}

/// Finds a territory by name under `parent_id`, or adds it.
async fn territory_under(store: &Store, parent_id: i64, name: &str) -> Result<crate::store::TerritoryRow, StoreError> {
    match store.territory_by_name(name).await {
        Ok(t) => Ok(t),
        Err(StoreError::NotFound) => store.add_territory(parent_id, name, TerritoryKind::Locality).await,
        Err(e) => Err(e),
    }
}

/// The demo's national team, at the country level: an administrator who keeps the national
/// settings and approves what a territory's administrator asks, an auditor who reads the whole
/// country's log, and the support agent and lead who work every territory's tickets.
const DEMO_NATIONAL: &[(Role, &str, &str)] = &[
    (Role::Administrator, "admin", "Lilia Ursu"),
    (Role::Auditor, "auditor", "Mihail Cebotari"),
    (Role::SupportAgent, "support", "Ecaterina Lungu"),
    (Role::SupportLead, "lead", "Radu Botnaru"),
];

/// Seeds one user per role in each of two territories (and their localities), and the national
/// team. Accounts that exist already are left alone.
pub async fn seed_demo(store: &Store) -> Result<Vec<DemoAccount>, StoreError> {
    let mut accounts = Vec::new();
    for (i, (slug, territory_name, localities)) in DEMO_TERRITORIES.iter().enumerate() {
        let territory = store.territory_by_name(territory_name).await?;
        for l in localities {
            territory_under(store, territory.id, l).await?;
        }
        for (role, prefix, names) in DEMO_PEOPLE {
            accounts.push(demo_user(store, &format!("{prefix}.{slug}"), names[i], *role, &territory).await?);
        }
    }
    let country = store.territory_by_name("Republica Moldova").await?;
    for (role, prefix, name) in DEMO_NATIONAL {
        accounts.push(demo_user(store, &format!("{prefix}.national"), name, *role, &country).await?);
    }
    Ok(accounts)
}

/// One demo account, made unless it exists.
async fn demo_user(
    store: &Store,
    username: &str,
    full_name: &str,
    role: Role,
    territory: &crate::store::TerritoryRow,
) -> Result<DemoAccount, StoreError> {
    let account = DemoAccount { username: username.to_owned(), role, territory: territory.name.clone() };
    if store.user_by_username(username).await?.is_some() {
        return Ok(account);
    }
    let input = UserInput {
        username: username.to_owned(),
        full_name: full_name.into(),
        email: String::new(),
        phone: String::new(),
        institution: "Direcția asistență socială".into(),
        position: String::new(),
        territory_id: territory.id,
        roles: vec![role.code().into()],
    }
    .validate()
    .expect("demo users are valid");
    let language = if role == Role::SocialWorker { Language::Ro } else { Language::En };
    create_user(store, &input, territory, DEMO_PASSWORD, language, "users.create", serde_json::json!({ "demo": true }))
        .await?;
    Ok(account)
}

/// Creates a user from Vatra itself (no administrator asks), with `password`, and audits it as
/// `action` with `details`, in one transaction.
async fn create_user(
    store: &Store,
    input: &crate::domain::user::ValidUser,
    territory: &crate::store::TerritoryRow,
    password: &str,
    language: Language,
    action: &str,
    details: serde_json::Value,
) -> Result<i64, StoreError> {
    let hash = super::password::hash_now(password);
    let mut tx = store.begin().await?;
    let new = users::NewUser {
        input,
        territory_path: &territory.path(),
        password_hash: &hash,
        must_change_password: false,
        language,
        created_by: None,
    };
    let id = users::create(&mut tx, &new).await?;
    audit::append(&mut tx, &system_event(action, id, details)).await?;
    tx.commit().await?;
    Ok(id)
}

/// How many synthetic persons and cases demo mode starts with.
pub const DEMO_PERSONS: u64 = 400;
pub const DEMO_CASES: u64 = 150;

/// Gives the demo territories a caseload: [`DEMO_PERSONS`] synthetic persons
/// in households and [`DEMO_CASES`] cases managed by the demo social workers
/// (always the same ones: a fixed seed). Only on a database without persons,
/// after [`seed_demo`]. Kept apart from it so that tests which need the demo
/// accounts start from an empty register. Returns how many persons were added.
pub async fn seed_demo_caseload(store: &Store) -> Result<u64, super::synth::SynthError> {
    if store.count_persons().await? > 0 {
        return Ok(0);
    }
    let mut within = Vec::new();
    for (_, name, _) in DEMO_TERRITORIES {
        within.push(store.territory_by_name(name).await?.id);
    }
    let mut opts = super::synth::SynthOptions::new(DEMO_PERSONS, DEMO_CASES, 2026);
    opts.within = within;
    Ok(super::synth::generate(store, &opts).await?.persons)
}

/// Why the first administrator could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAdminError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Store(#[from] StoreError),
}

fn describe(errors: &FieldErrors) -> String {
    errors.0.iter().map(|e| format!("{}: {}", e.field, e.code)).collect::<Vec<_>>().join(", ")
}

/// Creates an administrator for the whole country (or the named territory).
pub async fn create_admin(
    store: &Store,
    username: &str,
    full_name: &str,
    password: &str,
    territory: Option<&str>,
) -> Result<i64, CreateAdminError> {
    let territory = store.territory_by_name(territory.unwrap_or("Republica Moldova")).await.map_err(|e| match e {
        StoreError::NotFound => CreateAdminError::Invalid("territory: no territory has that name".into()),
        e => e.into(),
    })?;
    let input = UserInput {
        username: username.into(),
        full_name: full_name.into(),
        email: String::new(),
        phone: String::new(),
        institution: String::new(),
        position: String::new(),
        territory_id: territory.id,
        roles: vec![Role::Administrator.code().into()],
    }
    .validate()
    .map_err(|e| CreateAdminError::Invalid(describe(&e)))?;
    let mut errors = FieldErrors::new();
    errors.check(crate::domain::password::check_password("password", password, username));
    if errors.is_empty() && !super::password::strong_enough(password, &[username, full_name]) {
        errors.push("password", "password_too_common");
    }
    if !errors.is_empty() {
        return Err(CreateAdminError::Invalid(describe(&errors)));
    }
    let details = serde_json::json!({ "username": input.username.as_str() });
    create_user(store, &input, &territory, password, Language::Ro, "users.create_admin", details).await.map_err(|e| {
        match e {
            StoreError::Duplicate(_) => CreateAdminError::Invalid("username: already taken".into()),
            e => e.into(),
        }
    })
}
