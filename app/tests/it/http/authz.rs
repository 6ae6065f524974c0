//! The authorisation table: every endpoint × every role × own and other
//! territory, checked against the permission table in `domain`.

use super::{signed_in, Client};
use crate::harness::{app_with, config, TestDb};
use crate::store::create_user;
use app::domain::roles::role_allows;
use app::domain::{Permission, Role};
use app::server::AppState;
use axum::http::StatusCode;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Scope {
    Own,
    Other,
}

/// What an endpoint needs: a permission (or only a signed-in user), and
/// whether it acts on something in a territory.
struct Endpoint {
    path: &'static str,
    needs: Option<Permission>,
    territorial: bool,
}

const ENDPOINTS: &[Endpoint] = &[
    Endpoint { path: "territories/list", needs: None, territorial: false },
    Endpoint { path: "profile/update", needs: None, territorial: false },
    Endpoint { path: "users/list", needs: Some(Permission::ManageUsers), territorial: false },
    Endpoint { path: "users/get", needs: Some(Permission::ManageUsers), territorial: true },
    Endpoint { path: "users/create", needs: Some(Permission::ManageUsers), territorial: true },
    Endpoint { path: "users/update", needs: Some(Permission::ManageUsers), territorial: true },
    Endpoint { path: "users/set_active", needs: Some(Permission::ManageUsers), territorial: true },
    Endpoint { path: "users/reset_password", needs: Some(Permission::ManageUsers), territorial: true },
    Endpoint { path: "audit/list", needs: Some(Permission::ViewAudit), territorial: false },
];

struct Fixture {
    state: AppState,
    target_own: i64,
    target_other: i64,
    territory_own: i64,
    territory_other: i64,
    counter: std::sync::atomic::AtomicUsize,
}

impl Fixture {
    /// Valid arguments for `path`, acting in `scope`, as the caller `me`.
    async fn args(&self, path: &str, scope: Scope, me: Option<&str>) -> Vec<(String, String)> {
        let (target, territory) = match scope {
            Scope::Own => (self.target_own, self.territory_own),
            Scope::Other => (self.target_other, self.territory_other),
        };
        let version = |id: i64| {
            let store = self.state.store.clone();
            async move { store.user(id).await.map(|u| u.version).unwrap_or(1).to_string() }
        };
        let n = self.counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let s = |a: &str, b: String| (a.to_owned(), b);
        match path {
            "profile/update" => {
                let me_id = match me {
                    Some(u) => self.state.store.user_by_username(u).await.unwrap().unwrap().id,
                    None => 0,
                };
                vec![
                    s("version", version(me_id).await),
                    s("full_name", format!("Renamed {n}")),
                    s("email", String::new()),
                    s("phone", String::new()),
                    s("language", "ro".into()),
                ]
            }
            "users/get" => vec![s("id", target.to_string())],
            "users/create" => vec![
                s("username", format!("made.{n}")),
                s("full_name", "Made By Test".into()),
                s("territory_id", territory.to_string()),
                s("roles[0]", "analyst".into()),
                s("password", "plum-orchard-river-27".into()),
            ],
            "users/update" => vec![
                s("id", target.to_string()),
                s("version", version(target).await),
                s("full_name", format!("Target {n}")),
                s("territory_id", territory.to_string()),
                s("roles[0]", "social_worker".into()),
            ],
            "users/set_active" => {
                vec![s("id", target.to_string()), s("version", version(target).await), s("active", "true".into())]
            }
            "users/reset_password" => vec![s("id", target.to_string()), s("password", "plum-orchard-river-27".into())],
            _ => vec![],
        }
    }
}

async fn call(c: &mut Client, path: &str, args: &[(String, String)]) -> StatusCode {
    let pairs: Vec<(&str, &str)> = args.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = c.call(path, &pairs).await;
    if r.status.is_server_error() {
        panic!("{path}: {} {}", r.status, r.body);
    }
    if r.ok() {
        StatusCode::OK
    } else {
        r.status
    }
}

async fn every_endpoint_every_role_every_territory(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let own = state.store.territory_by_name("mun. Chișinău").await.unwrap();
    let other = state.store.territory_by_name("r-nul Ungheni").await.unwrap();
    let fx = Fixture {
        target_own: create_user(&state.store, "target.own", "mun. Chișinău", Role::SocialWorker).await,
        target_other: create_user(&state.store, "target.other", "r-nul Ungheni", Role::SocialWorker).await,
        territory_own: own.id,
        territory_other: other.id,
        counter: Default::default(),
        state: state.clone(),
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    // Signed out: everything is refused as unauthenticated.
    let mut anon = Client::new(&router);
    for e in ENDPOINTS {
        let got = call(&mut anon, e.path, &fx.args(e.path, Scope::Own, None).await).await;
        checked += 1;
        if got != StatusCode::UNAUTHORIZED {
            failures.push(format!("anonymous {}: {got}", e.path));
        }
    }
    for role in Role::ALL {
        let username = format!(
            "{}.chisinau",
            match role {
                Role::SocialWorker => "worker",
                Role::Supervisor => "supervisor",
                Role::Analyst => "analyst",
                Role::Administrator => "admin",
                Role::SupportAgent => "support",
                Role::Auditor => "auditor",
            }
        );
        let mut c = signed_in(&router, &username).await;
        for e in ENDPOINTS {
            let scopes: &[Scope] = if e.territorial { &[Scope::Own, Scope::Other] } else { &[Scope::Own] };
            for &scope in scopes {
                let allowed = e.needs.is_none_or(|p| role_allows(role, p)) && scope == Scope::Own;
                let got = call(&mut c, e.path, &fx.args(e.path, scope, Some(&username)).await).await;
                checked += 1;
                let ok = if allowed {
                    got == StatusCode::OK
                } else if e.path == "users/create" && role_allows(role, Permission::ManageUsers) {
                    // A territory outside one's own is a field error of the form.
                    got == StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    got == StatusCode::FORBIDDEN
                };
                if !ok {
                    failures.push(format!("{role:?} {} {scope:?}: got {got}, allowed = {allowed}", e.path));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} cells wrong:\n{}", failures.len(), failures.join("\n"));
    // Every refusal was audited.
    let refused = state
        .store
        .list_audit(&app::store::AuditFilter {
            outcome: Some(app::store::Outcome::Refused),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(refused.len() >= 9 + 20, "refusals audited: {}", refused.len());
}

crate::both_engines! {
    authorisation_table => every_endpoint_every_role_every_territory;
}
