//! Role grants waiting for a second administrator: a role that reads personal data is asked
//! for by one administrator and added to the user only when another approves. Each request is
//! decided once (approved, rejected, or withdrawn by a newer one), and none is ever deleted.

use super::{map_unique, now, on_db, on_tx, Db, StoreError, StoreResult, Tx};
use crate::domain::RoleSet;
use chrono::{DateTime, Utc};

/// How a request ended, or that it waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantStatus {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

impl GrantStatus {
    pub fn code(self) -> &'static str {
        match self {
            GrantStatus::Pending => "pending",
            GrantStatus::Approved => "approved",
            GrantStatus::Rejected => "rejected",
            GrantStatus::Withdrawn => "withdrawn",
        }
    }
}

/// A request waiting, with who asked.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RoleGrantRow {
    pub id: i64,
    pub user_id: i64,
    pub roles: String,
    pub requested_by: i64,
    pub requested_by_name: String,
    pub requested_at: DateTime<Utc>,
}

impl RoleGrantRow {
    pub fn roles(&self) -> RoleSet {
        RoleSet::from_codes(&self.roles)
    }
}

/// Asks for `roles` for `user_id` in `by`'s name; a request already waiting is withdrawn.
pub async fn request(tx: &mut Tx, user_id: i64, roles: RoleSet, by: i64) -> StoreResult<i64> {
    let at = now();
    on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE role_grants SET status = $1, decided_by = $2, decided_at = $3 WHERE user_id = $4 AND status = $5",
        )
        .bind(GrantStatus::Withdrawn.code())
        .bind(by)
        .bind(at)
        .bind(user_id)
        .bind(GrantStatus::Pending.code())
        .execute(&mut *c)
        .await?;
    });
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO role_grants (user_id, roles, requested_by, requested_at, status) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(user_id)
        .bind(roles.to_codes())
        .bind(by)
        .bind(at)
        .bind(GrantStatus::Pending.code())
        .fetch_one(c)
        .await
        .map_err(|e| map_unique(e, "roles"))?
    });
    Ok(id)
}

const WAITING: &str =
    "SELECT g.id, g.user_id, g.roles, g.requested_by, u.full_name AS requested_by_name, g.requested_at \
     FROM role_grants g JOIN users u ON u.id = g.requested_by WHERE g.user_id = $1 AND g.status = $2";

/// The request waiting for `user_id`, if any.
pub async fn waiting(db: &Db, user_id: i64) -> StoreResult<Option<RoleGrantRow>> {
    Ok(on_db!(db, |c| sqlx::query_as::<_, RoleGrantRow>(WAITING)
        .bind(user_id)
        .bind(GrantStatus::Pending.code())
        .fetch_optional(c)
        .await?))
}

/// Decides the request `id` (still waiting) as `status`, in one statement: of two
/// administrators deciding at once, one does. `NotFound` when it no longer waits.
pub async fn decide(tx: &mut Tx, id: i64, status: GrantStatus, by: i64) -> StoreResult<()> {
    let done: Option<i64> = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "UPDATE role_grants SET status = $1, decided_by = $2, decided_at = $3 \
             WHERE id = $4 AND status = $5 RETURNING id",
        )
        .bind(status.code())
        .bind(by)
        .bind(now())
        .bind(id)
        .bind(GrantStatus::Pending.code())
        .fetch_optional(c)
        .await?
    });
    done.map(|_| ()).ok_or(StoreError::NotFound)
}

/// Adds `roles` to the user's, if the record is still at `expected_version`; their sessions
/// end, so the new roles take effect at the next sign-in.
pub async fn add_roles(
    tx: &mut Tx,
    user_id: i64,
    expected_version: i64,
    roles: RoleSet,
    actor: i64,
) -> StoreResult<()> {
    let held: Option<String> = on_tx!(tx, |c| {
        sqlx::query_scalar("SELECT roles FROM users WHERE id = $1").bind(user_id).fetch_optional(c).await?
    });
    let roles = RoleSet::from_codes(&held.ok_or(StoreError::NotFound)?).union(roles);
    let changed = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE users SET roles = $1, session_epoch = session_epoch + 1, version = version + 1, \
             updated_at = $2, updated_by = $3 WHERE id = $4 AND version = $5",
        )
        .bind(roles.to_codes())
        .bind(now())
        .bind(actor)
        .bind(user_id)
        .bind(expected_version)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if changed != 1 {
        return Err(super::users::stale(tx, user_id).await);
    }
    Ok(())
}
