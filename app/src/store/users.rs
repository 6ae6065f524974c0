//! User accounts: profile, roles, territory, credentials and lockout state.
//! Writes take an open transaction so the caller can audit in the same one.

use super::{map_unique, now, on_db, on_tx, Store, StoreError, StoreResult, Tx};
use crate::domain::user::{Language, ValidProfile, ValidUser};
use crate::domain::{RoleSet, TerritoryPath};
use chrono::{DateTime, Duration, Utc};

/// A user as stored. Holds the password hash: never serialised.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub institution: Option<String>,
    pub position: Option<String>,
    pub territory_id: i64,
    pub territory_path: String,
    pub roles: String,
    pub language: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub session_epoch: i64,
    pub failed_logins: i64,
    pub first_failed_at: Option<DateTime<Utc>>,
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<i64>,
    pub version: i64,
}

impl UserRow {
    pub fn roles(&self) -> RoleSet {
        RoleSet::from_codes(&self.roles)
    }
    pub fn territory(&self) -> TerritoryPath {
        TerritoryPath::parse(&self.territory_path).unwrap_or_else(|| TerritoryPath::root(self.territory_id))
    }
    pub fn language(&self) -> Language {
        Language::from_code(&self.language).unwrap_or_default()
    }
}

/// A user list entry with its territory's name.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserListRow {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub territory_name: String,
    pub roles: String,
    pub active: bool,
    pub locked_until: Option<DateTime<Utc>>,
}

/// What creating a user needs beyond the validated input.
pub struct NewUser<'a> {
    pub input: &'a ValidUser,
    pub territory_path: &'a TerritoryPath,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub language: Language,
    pub created_by: Option<i64>,
}

macro_rules! select_user {
    ($where:literal) => {
        concat!(
            "SELECT id, username, full_name, email, phone, institution, position, territory_id, \
     territory_path, roles, language, password_hash, must_change_password, active, session_epoch, \
     failed_logins, first_failed_at, locked_until, created_at, updated_at, updated_by, version \
             FROM users WHERE ",
            $where
        )
    };
}

/// Turns "no row updated" into the stale-version error naming who changed it.
pub(crate) async fn stale(tx: &mut Tx, id: i64) -> StoreError {
    type ChangedBy = Option<(Option<String>, DateTime<Utc>)>;
    let row: Result<ChangedBy, sqlx::Error> = on_tx!(tx, |c| {
        sqlx::query_as(
            "SELECT b.username, u.updated_at FROM users u LEFT JOIN users b ON b.id = u.updated_by \
             WHERE u.id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await
    });
    match row {
        Ok(Some((by, at))) => StoreError::Stale { changed_by: by.unwrap_or_else(|| "Vatra".into()), changed_at: at },
        Ok(None) => StoreError::NotFound,
        Err(e) => StoreError::Database(e),
    }
}

fn one_row(affected: u64) -> bool {
    affected == 1
}

pub async fn create(tx: &mut Tx, u: &NewUser<'_>) -> StoreResult<i64> {
    let now = now();
    let v = u.input;
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO users (username, full_name, email, phone, institution, position, \
             territory_id, territory_path, roles, language, password_hash, must_change_password, \
             active, session_epoch, failed_logins, created_at, created_by, updated_at, updated_by, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, 0, $14, $15, $14, $15, 1) \
             RETURNING id",
        )
        .bind(v.username.as_str())
        .bind(&v.full_name)
        .bind(&v.email)
        .bind(&v.phone)
        .bind(&v.institution)
        .bind(&v.position)
        .bind(v.territory_id)
        .bind(u.territory_path.as_str())
        .bind(v.roles.to_codes())
        .bind(u.language.code())
        .bind(u.password_hash)
        .bind(u.must_change_password)
        .bind(true)
        .bind(now)
        .bind(u.created_by)
        .fetch_one(c)
        .await
        .map_err(|e| map_unique(e, "username"))?
    });
    Ok(id)
}

/// Changes what an administrator edits (not the user name, not the password).
pub async fn update_account(
    tx: &mut Tx,
    id: i64,
    expected_version: i64,
    v: &ValidUser,
    territory_path: &TerritoryPath,
    actor: i64,
) -> StoreResult<()> {
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE users SET full_name = $1, email = $2, phone = $3, institution = $4, position = $5, \
             territory_id = $6, territory_path = $7, roles = $8, updated_at = $9, updated_by = $10, \
             version = version + 1, session_epoch = session_epoch + $13 \
             WHERE id = $11 AND version = $12",
        )
        .bind(&v.full_name)
        .bind(&v.email)
        .bind(&v.phone)
        .bind(&v.institution)
        .bind(&v.position)
        .bind(v.territory_id)
        .bind(territory_path.as_str())
        .bind(v.roles.to_codes())
        .bind(now())
        .bind(actor)
        .bind(id)
        .bind(expected_version)
        // Sessions end when roles or territory change: nobody keeps rights they lost.
        .bind(1_i64)
        .execute(c)
        .await?
        .rows_affected()
    });
    if one_row(affected) {
        Ok(())
    } else {
        Err(stale(tx, id).await)
    }
}

pub async fn update_profile(tx: &mut Tx, id: i64, expected_version: i64, p: &ValidProfile) -> StoreResult<()> {
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE users SET full_name = $1, email = $2, phone = $3, language = $4, updated_at = $5, \
             updated_by = $6, version = version + 1 WHERE id = $6 AND version = $7",
        )
        .bind(&p.full_name)
        .bind(&p.email)
        .bind(&p.phone)
        .bind(p.language.code())
        .bind(now())
        .bind(id)
        .bind(expected_version)
        .execute(c)
        .await?
        .rows_affected()
    });
    if one_row(affected) {
        Ok(())
    } else {
        Err(stale(tx, id).await)
    }
}

/// Sets a new password hash. Every other session of the user ends (the
/// session epoch moves on); `must_change` forces a change at next sign-in.
pub async fn set_password(tx: &mut Tx, id: i64, hash: &str, must_change: bool, actor: i64) -> StoreResult<i64> {
    let epoch: Option<i64> = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "UPDATE users SET password_hash = $1, must_change_password = $2, session_epoch = session_epoch + 1, \
             failed_logins = 0, first_failed_at = NULL, locked_until = NULL, updated_at = $3, updated_by = $4, \
             version = version + 1 WHERE id = $5 RETURNING session_epoch",
        )
        .bind(hash)
        .bind(must_change)
        .bind(now())
        .bind(actor)
        .bind(id)
        .fetch_optional(c)
        .await?
    });
    epoch.ok_or(StoreError::NotFound)
}

/// Activates or deactivates an account; deactivation ends its sessions at once.
pub async fn set_active(tx: &mut Tx, id: i64, expected_version: i64, active: bool, actor: i64) -> StoreResult<()> {
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE users SET active = $1, session_epoch = session_epoch + 1, updated_at = $2, updated_by = $3, \
             version = version + 1 WHERE id = $4 AND version = $5",
        )
        .bind(active)
        .bind(now())
        .bind(actor)
        .bind(id)
        .bind(expected_version)
        .execute(c)
        .await?
        .rows_affected()
    });
    if one_row(affected) {
        Ok(())
    } else {
        Err(stale(tx, id).await)
    }
}

/// Ends every session of the user; returns the new epoch.
pub async fn bump_session_epoch(tx: &mut Tx, id: i64) -> StoreResult<i64> {
    let epoch: Option<i64> = on_tx!(tx, |c| {
        sqlx::query_scalar("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch")
            .bind(id)
            .fetch_optional(c)
            .await?
    });
    epoch.ok_or(StoreError::NotFound)
}

/// The lockout policy: `max_failures` within `window` lock the account for `lock_for`.
#[derive(Clone, Copy, Debug)]
pub struct LockoutPolicy {
    pub max_failures: i64,
    pub window: Duration,
    pub lock_for: Duration,
}

/// Counts a failed sign-in in one atomic statement and decides on the lock from the count it
/// returns, so failures sent at once are each counted (a count read earlier and written back
/// would lose all but one). Returns when the account is locked until, if this failure locked it.
pub async fn record_failed_login(
    tx: &mut Tx,
    user_id: i64,
    policy: &LockoutPolicy,
    at: DateTime<Utc>,
) -> StoreResult<Option<DateTime<Utc>>> {
    let window_start = at - policy.window;
    let failures: Option<i64> = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "UPDATE users SET \
             failed_logins = CASE WHEN first_failed_at > $1 THEN failed_logins + 1 ELSE 1 END, \
             first_failed_at = CASE WHEN first_failed_at > $1 THEN first_failed_at ELSE $2 END \
             WHERE id = $3 RETURNING failed_logins",
        )
        .bind(window_start)
        .bind(at)
        .bind(user_id)
        .fetch_optional(c)
        .await?
    });
    let failures = failures.ok_or(StoreError::NotFound)?;
    if failures < policy.max_failures {
        return Ok(None);
    }
    // Locked: the lock starts a fresh window once it ends.
    let until = at + policy.lock_for;
    on_tx!(tx, |c| {
        sqlx::query("UPDATE users SET failed_logins = 0, first_failed_at = NULL, locked_until = $1 WHERE id = $2")
            .bind(until)
            .bind(user_id)
            .execute(c)
            .await?;
    });
    Ok(Some(until))
}

/// Clears the failures of a user who signed in, unless a lock stands at `at` (set by failures
/// counted since the row was read): `false` then, and the sign-in must be refused.
pub async fn clear_failed_logins_unless_locked(tx: &mut Tx, id: i64, at: DateTime<Utc>) -> StoreResult<bool> {
    let cleared: Option<i64> = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "UPDATE users SET failed_logins = 0, first_failed_at = NULL, locked_until = NULL \
             WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2) RETURNING id",
        )
        .bind(id)
        .bind(at)
        .fetch_optional(c)
        .await?
    });
    Ok(cleared.is_some())
}

impl Store {
    pub async fn user(&self, id: i64) -> StoreResult<UserRow> {
        on_db!(&self.db, |c| sqlx::query_as::<_, UserRow>(select_user!("id = $1")).bind(id).fetch_optional(c).await?)
            .ok_or(StoreError::NotFound)
    }

    pub async fn user_by_username(&self, username: &str) -> StoreResult<Option<UserRow>> {
        let name = username.trim().to_lowercase();
        Ok(on_db!(&self.db, |c| sqlx::query_as::<_, UserRow>(select_user!("username = $1"))
            .bind(&name)
            .fetch_optional(c)
            .await?))
    }

    /// The one active user with the e-mail address `email` (any case); `None` when there is none,
    /// or more than one (an address shared by two accounts names neither).
    pub async fn active_user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>> {
        let email = email.trim().to_lowercase();
        let mut found = on_db!(&self.db, |c| sqlx::query_as::<_, UserRow>(select_user!(
            "lower(trim(email)) = $1 AND active ORDER BY id LIMIT 2"
        ))
        .bind(&email)
        .fetch_all(c)
        .await?);
        Ok(if found.len() == 1 { found.pop() } else { None })
    }

    /// One page of users within `scope`, ordered by user name, after the
    /// keyset cursor `after`. `search` matches the start of the user name or
    /// any part of the full name.
    pub async fn list_users(
        &self,
        scope: &TerritoryPath,
        search: Option<&str>,
        after: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<UserListRow>> {
        let prefix = format!("{}%", scope.as_str());
        let search = search.map(str::trim).filter(|s| !s.is_empty()).map(|s| {
            let escaped = s.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            (format!("{escaped}%"), format!("%{escaped}%"))
        });
        let (starts, contains) = match &search {
            Some((a, b)) => (Some(a.as_str()), Some(b.as_str())),
            None => (None, None),
        };
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, UserListRow>(
                "SELECT u.id, u.username, u.full_name, t.name AS territory_name, u.roles, u.active, u.locked_until \
                 FROM users u JOIN territories t ON t.id = u.territory_id \
                 WHERE u.territory_path LIKE $1 \
                   AND ($2 IS NULL OR u.username LIKE $2 ESCAPE '\\' OR lower(u.full_name) LIKE $3 ESCAPE '\\') \
                   AND ($4 IS NULL OR u.username > $4) \
                 ORDER BY u.username LIMIT $5",
            )
            .bind(&prefix)
            .bind(starts)
            .bind(contains)
            .bind(after)
            .bind(limit)
            .fetch_all(c)
            .await?
        }))
    }

    /// How many users exist at all (to know whether a first administrator is needed).
    pub async fn count_users(&self) -> StoreResult<i64> {
        Ok(on_db!(&self.db, |c| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(c).await?))
    }
}
