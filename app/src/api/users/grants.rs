//! Roles that read personal data, given by two administrators: one asks (creating a user, or
//! giving a user such a role), and another, who may administer the user too, approves or
//! refuses. Until then the user holds only their other roles. Every step is audited.

use crate::domain::{AppError, RoleSet};
#[cfg(feature = "ssr")]
use crate::server::OrFail;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Roles asked for a user and waiting for a second administrator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleGrantView {
    pub id: i64,
    pub roles: RoleSet,
    pub requested_by_name: String,
    pub requested_at: String,
    /// The caller asked for it: another administrator must approve.
    pub by_me: bool,
}

#[cfg(feature = "ssr")]
pub(crate) use service::{ask, waiting_view};

#[cfg(feature = "ssr")]
mod service;

/// Approves (`approve`) or refuses the roles asked for user `id` (request `grant`), as a second
/// administrator; approved, they are added to the user's (if the record is still at
/// `version`) and the user's sessions end.
#[server(prefix = "/api", endpoint = "users/decide_grant")]
pub async fn decide_role_grant(id: i64, grant: i64, version: i64, approve: bool) -> Result<(), AppError> {
    service::decide(id, grant, version, approve).await
}
