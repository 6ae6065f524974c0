//! The request context of a server function: who calls, from where, and the
//! one helper every server function uses to authenticate, authorise (with the
//! territory scope) and audit a refusal.

use super::AppState;
use crate::domain::user::Language;
use crate::domain::{AppError, Permission, RoleSet, TerritoryPath};
use crate::store::users::UserRow;
use crate::store::{AuditEvent, Outcome, StoreError};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

/// Where a request comes from; set by the client-info middleware.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    pub addr: Option<std::net::IpAddr>,
    pub request_id: String,
}

/// What the session remembers about the signed-in user.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct AuthData {
    pub user_id: i64,
    /// The user's session epoch at sign-in; a newer epoch ends this session.
    pub epoch: i64,
    /// Unix seconds of sign-in, for the absolute lifetime.
    pub signed_in_at: i64,
}

pub(crate) const AUTH_KEY: &str = "auth";
/// The one action a user with a temporary password may take.
pub const CHANGE_PASSWORD: &str = "auth.change_password";
const SEEN_KEY: &str = "seen";

/// The signed-in caller of a request.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub row: UserRow,
}

impl CurrentUser {
    pub fn id(&self) -> i64 {
        self.row.id
    }
    pub fn roles(&self) -> RoleSet {
        self.row.roles()
    }
    pub fn territory(&self) -> TerritoryPath {
        self.row.territory()
    }
    pub fn language(&self) -> Language {
        self.row.language()
    }
    /// A national user: their home territory is the country itself (the central team). Only
    /// they keep the national settings.
    pub fn is_national(&self) -> bool {
        self.territory().depth() == 1
    }
    /// True when the caller holds `permission` over `target` (or anywhere,
    /// when no territory is concerned).
    pub fn may(&self, permission: Permission, target: Option<&TerritoryPath>) -> bool {
        self.roles().allows(permission) && target.is_none_or(|t| self.territory().contains(t))
    }
}

/// A store result as the caller sees it: a failure turned into the error kind the browser
/// reads, logged once with the request id ([`Ctx::fail`]).
pub trait OrFail<T> {
    fn or_fail(self, ctx: &Ctx, action: &str) -> Result<T, AppError>;
}

impl<T> OrFail<T> for Result<T, StoreError> {
    fn or_fail(self, ctx: &Ctx, action: &str) -> Result<T, AppError> {
        self.map_err(|e| ctx.fail(action, e))
    }
}

/// A plain HTTP handler's context, taken from its request as a server function's is taken from
/// [`Ctx::current`]: the state, the session and the client's facts the router's layers put there.
impl axum::extract::FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Ctx {
            state: state.clone(),
            session: parts.extensions.get::<Session>().cloned(),
            client: parts.extensions.get::<ClientInfo>().cloned().unwrap_or_default(),
        })
    }
}

/// A server function's view of its request.
pub struct Ctx {
    pub state: AppState,
    pub session: Option<Session>,
    pub client: ClientInfo,
}

impl Ctx {
    /// The context of the current server-function call.
    pub fn current() -> Result<Ctx, AppError> {
        let state = leptos::prelude::use_context::<AppState>().ok_or(AppError::Unavailable)?;
        let parts = leptos::prelude::use_context::<http::request::Parts>();
        let session = parts.as_ref().and_then(|p| p.extensions.get::<Session>().cloned());
        let client = parts.as_ref().and_then(|p| p.extensions.get::<ClientInfo>().cloned()).unwrap_or_default();
        Ok(Ctx { state, session, client })
    }

    /// An audit event for `action` by `actor`, filled with the request's facts.
    pub fn event(&self, actor: Option<&CurrentUser>, action: &str, outcome: Outcome) -> AuditEvent {
        AuditEvent {
            actor_id: actor.map(|u| u.id()),
            actor_username: actor.map(|u| u.row.username.clone()),
            client_addr: self.client.addr.map(|a| a.to_string()),
            request_id: Some(self.client.request_id.clone()),
            action: action.to_owned(),
            object_type: None,
            object_id: None,
            outcome,
            details: serde_json::Value::Null,
        }
    }

    /// Logs a store failure once, with the request id, and turns it into the
    /// error kind the browser sees.
    pub fn fail(&self, action: &str, e: StoreError) -> AppError {
        match e {
            StoreError::NotFound => AppError::NotFound,
            // `title_taken`, `username_taken`…: each field in use has its own words.
            StoreError::Duplicate(field) => AppError::Conflict { field: field.into(), code: format!("{field}_taken") },
            StoreError::ReadOnly => AppError::Conflict { field: String::new(), code: "read_only".into() },
            StoreError::Stale { changed_by, changed_at } => AppError::StaleVersion {
                changed_by,
                changed_at: changed_at.with_timezone(&crate::store::zone()).format("%Y-%m-%d %H:%M").to_string(),
                fields: Vec::new(),
            },
            e if e.is_unavailable() => {
                tracing::error!(request_id = %self.client.request_id, action, error = %e, "database unavailable");
                AppError::Unavailable
            }
            e => {
                tracing::error!(request_id = %self.client.request_id, action, error = %e, "store failure");
                AppError::Internal { request_id: self.client.request_id.clone() }
            }
        }
    }

    /// Records a refused attempt and returns the error to send back.
    pub async fn refuse(&self, actor: Option<&CurrentUser>, action: &str, error: AppError, reason: &str) -> AppError {
        let mut ev = self.event(actor, action, Outcome::Refused);
        ev.details = serde_json::json!({ "reason": reason });
        if let Err(e) = self.state.store.audit(&ev).await {
            tracing::error!(request_id = %self.client.request_id, action, error = %e, "could not audit a refusal");
        }
        error
    }

    /// Records a failed attempt (best effort) and returns the error to send back.
    pub async fn failed(&self, actor: Option<&CurrentUser>, action: &str, e: StoreError) -> AppError {
        let error = self.fail(action, e);
        if matches!(error, AppError::Internal { .. }) {
            let ev = self.event(actor, action, Outcome::Failed);
            let _ = self.state.store.audit(&ev).await;
        }
        error
    }

    /// The signed-in user, or `None`. Ends the session when it outlived its
    /// absolute lifetime, when the account was deactivated, or when its epoch
    /// moved on (password changed, signed out everywhere, roles changed).
    pub async fn user(&self) -> Result<Option<CurrentUser>, AppError> {
        let Some(session) = &self.session else { return Ok(None) };
        let auth: Option<AuthData> = session.get(AUTH_KEY).await.map_err(|_| AppError::Unavailable)?;
        let Some(auth) = auth else { return Ok(None) };
        let row = match self.state.store.user(auth.user_id).await {
            Ok(row) => row,
            Err(StoreError::NotFound) => {
                let _ = session.flush().await;
                return Ok(None);
            }
            Err(e) => return Err(self.fail("session.load", e)),
        };
        let age = chrono::Utc::now().timestamp() - auth.signed_in_at;
        let expired = age < 0 || age as u64 > self.state.config.session_absolute.as_secs();
        if !row.active || row.session_epoch != auth.epoch || expired {
            let _ = session.flush().await;
            return Ok(None);
        }
        // Touch the session at most once a minute: the idle timeout slides
        // without a database write on every request.
        let now = chrono::Utc::now().timestamp();
        let seen: i64 = session.get(SEEN_KEY).await.ok().flatten().unwrap_or(0);
        if now - seen >= 60 {
            let _ = session.insert(SEEN_KEY, now).await;
        }
        Ok(Some(CurrentUser { row }))
    }

    /// The signed-in user, or a refusal (audited) when there is none. Every
    /// endpoint resolves its caller here (through [`Ctx::authorize`] or directly),
    /// so this is the one place a temporary password is enforced: until it is
    /// changed, only [`CHANGE_PASSWORD`] is allowed (signing out and the session
    /// view read [`Ctx::user`], which names the user without granting anything).
    pub async fn require_user(&self, action: &str) -> Result<CurrentUser, AppError> {
        match self.user().await? {
            Some(u) if u.row.must_change_password && action != CHANGE_PASSWORD => {
                Err(self.refuse(Some(&u), action, AppError::Forbidden, "password change required").await)
            }
            Some(u) => Ok(u),
            None => Err(self.refuse(None, action, AppError::Unauthenticated, "not signed in").await),
        }
    }

    /// Authenticates and authorises in one step: the caller must be signed
    /// in (with no temporary password left to change), be national for a national permission
    /// ([`Permission::is_national`]), hold `permission`, and (when
    /// `target` is given) have it within their territory. Every refusal is audited.
    pub async fn authorize(
        &self,
        action: &str,
        permission: Permission,
        target: Option<&TerritoryPath>,
    ) -> Result<CurrentUser, AppError> {
        let user = self.require_user(action).await?;
        if !user.roles().allows(permission) {
            return Err(self.refuse(Some(&user), action, AppError::Forbidden, "role").await);
        }
        // The national settings apply to every territory: the central team's only.
        if permission.is_national() && !user.is_national() {
            return Err(self.refuse(Some(&user), action, AppError::Forbidden, "national").await);
        }
        if let Some(t) = target {
            if !user.territory().contains(t) {
                return Err(self.refuse(Some(&user), action, AppError::Forbidden, "territory").await);
            }
        }
        Ok(user)
    }
}

/// The audit details of an update: each changed field with its old and new
/// value. Never pass secrets here.
pub fn changes(fields: &[(&str, Option<&str>, Option<&str>)]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (name, old, new) in fields {
        if old != new {
            map.insert((*name).to_owned(), serde_json::json!({ "old": old, "new": new }));
        }
    }
    serde_json::json!({ "changed": map })
}
