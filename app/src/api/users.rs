//! User administration: list, create, edit roles and territory, deactivate,
//! reset a password. Administrators act within their own territory.
//!
//! A temporary password is made by Vatra, never chosen by the administrator, and shown to them
//! once. A role that reads personal data is given only when a second administrator approves
//! ([`grants`]); no administrator changes their own roles or territory.

pub mod grants;

use crate::domain::{AppError, RoleSet};
#[cfg(feature = "ssr")]
use crate::server::OrFail;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per page of the user list.
pub const PAGE_SIZE: i64 = 25;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserListItemView {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub territory_name: String,
    pub roles: RoleSet,
    pub active: bool,
    pub locked: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserPageView {
    pub items: Vec<UserListItemView>,
    /// The keyset cursor of the next page, when there is one.
    pub next_after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserDetailView {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub institution: Option<String>,
    pub position: Option<String>,
    pub territory_id: i64,
    pub roles: RoleSet,
    pub active: bool,
    pub must_change_password: bool,
    pub locked_until: Option<String>,
    pub version: i64,
    /// The temporary password just made, shown to the administrator who made it, once.
    pub temporary_password: Option<String>,
    /// Roles that read personal data, asked for and waiting for a second administrator.
    pub waiting_grant: Option<grants::RoleGrantView>,
}

#[cfg(feature = "ssr")]
mod service;

/// One page of the users within the caller's territory.
#[server(prefix = "/api", endpoint = "users/list")]
pub async fn list_users(
    #[server(default)] search: Option<String>,
    #[server(default)] after: Option<String>,
) -> Result<UserPageView, AppError> {
    service::list(search, after).await
}

/// One user's account, for editing.
#[server(prefix = "/api", endpoint = "users/get")]
pub async fn get_user(id: i64) -> Result<UserDetailView, AppError> {
    service::get(id).await
}

/// Creates a user with a temporary password Vatra makes (shown once on the user's page), which
/// they must change at first sign-in. Roles that read personal data wait for a second
/// administrator's approval.
#[server(prefix = "/api", endpoint = "users/create")]
pub async fn create_user(
    username: String,
    full_name: String,
    #[server(default)] email: String,
    #[server(default)] phone: String,
    #[server(default)] institution: String,
    #[server(default)] position: String,
    territory_id: i64,
    #[server(default)] roles: Vec<String>,
) -> Result<(), AppError> {
    let input = crate::domain::user::UserInput {
        username,
        full_name,
        email,
        phone,
        institution,
        position,
        territory_id,
        roles,
    };
    service::create(input).await
}

/// Changes a user's details, roles and territory. Their sessions end so that
/// lost rights take effect at once.
#[server(prefix = "/api", endpoint = "users/update")]
pub async fn update_user(
    id: i64,
    version: i64,
    full_name: String,
    #[server(default)] email: String,
    #[server(default)] phone: String,
    #[server(default)] institution: String,
    #[server(default)] position: String,
    territory_id: i64,
    #[server(default)] roles: Vec<String>,
) -> Result<(), AppError> {
    let input = crate::domain::user::UserInput {
        username: String::new(),
        full_name,
        email,
        phone,
        institution,
        position,
        territory_id,
        roles,
    };
    service::update(id, version, input).await
}

/// Deactivates (`active = false`) or reactivates a user. Nothing is deleted.
#[server(prefix = "/api", endpoint = "users/set_active")]
pub async fn set_user_active(id: i64, version: i64, active: bool) -> Result<(), AppError> {
    service::set_active(id, version, active).await
}

/// Gives the user a new temporary password (made by Vatra, shown once) they must change at next
/// sign-in; their sessions end.
#[server(prefix = "/api", endpoint = "users/reset_password")]
pub async fn reset_password(id: i64) -> Result<(), AppError> {
    service::reset_password(id).await
}
