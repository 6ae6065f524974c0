use super::*;
use crate::domain::user::{Language, UserInput, ValidUser};
use crate::domain::{FieldErrors, Permission, TerritoryPath};
use crate::server::context::changes;
use crate::server::{Ctx, CurrentUser};
use crate::store::{audit, users, Outcome, StoreError};

/// The target territory's path, or a refusal when it is unknown.
async fn territory_path(ctx: &Ctx, id: i64) -> Result<Option<TerritoryPath>, AppError> {
    match ctx.state.store.territory(id).await {
        Ok(t) => Ok(Some(t.path())),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(ctx.fail("territory", e)),
    }
}

/// Loads a user the caller may administer: within their territory.
pub(super) async fn target(ctx: &Ctx, action: &str, id: i64) -> Result<(CurrentUser, users::UserRow), AppError> {
    let admin = ctx.authorize(action, Permission::ManageUsers, None).await?;
    let row = match ctx.state.store.user(id).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(&admin), action, e).await),
    };
    if !admin.territory().contains(&row.territory()) {
        // Not told apart from a user that does not exist.
        return Err(ctx.refuse(Some(&admin), action, AppError::NotFound, "territory").await);
    }
    Ok((admin, row))
}

/// Validates the input and checks its territory lies within the admin's.
async fn valid_input(
    ctx: &Ctx,
    admin: &CurrentUser,
    action: &str,
    input: UserInput,
) -> Result<(ValidUser, TerritoryPath), AppError> {
    let mut valid = input.validate();
    let path = territory_path(ctx, input.territory_id).await?;
    if input.territory_id > 0 && path.is_none() {
        let mut e = valid.err().unwrap_or_default();
        e.push("territory_id", "territory_unknown");
        valid = Err(e);
    }
    let valid = match valid {
        Ok(v) => v,
        Err(e) => return Err(ctx.refuse(Some(admin), action, AppError::Invalid(e), "invalid").await),
    };
    let path = path.expect("checked above");
    if !admin.territory().contains(&path) {
        let mut e = FieldErrors::new();
        e.push("territory_id", "territory_out_of_scope");
        return Err(ctx.refuse(Some(admin), action, AppError::Invalid(e), "territory").await);
    }
    Ok((valid, path))
}

/// The audit event of a change `admin` made to user `id`.
pub(super) fn done_on_user(ctx: &Ctx, admin: &CurrentUser, action: &str, id: i64) -> crate::store::AuditEvent {
    let mut ev = ctx.event(Some(admin), action, Outcome::Done);
    ev.object_type = Some("user".into());
    ev.object_id = Some(id.to_string());
    ev
}

fn detail(r: users::UserRow) -> UserDetailView {
    UserDetailView {
        temporary_password: None,
        waiting_grant: None,
        roles: r.roles(),
        id: r.id,
        username: r.username,
        full_name: r.full_name,
        email: r.email,
        phone: r.phone,
        institution: r.institution,
        position: r.position,
        territory_id: r.territory_id,
        active: r.active,
        must_change_password: r.must_change_password,
        locked_until: r.locked_until.filter(|t| *t > chrono::Utc::now()).map(|t| t.to_rfc3339()),
        version: r.version,
    }
}

fn check_new_password(username: &str, full_name: &str, password: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.check(crate::domain::password::check_password("password", password, username));
    if errors.is_empty() && !crate::server::password::strong_enough(password, &[username, full_name]) {
        errors.push("password", "password_too_common");
    }
    errors
}

pub async fn list(search: Option<String>, after: Option<String>) -> Result<UserPageView, AppError> {
    const ACTION: &str = "users.list";
    let ctx = Ctx::current()?;
    let admin = ctx.authorize(ACTION, Permission::ManageUsers, None).await?;
    let mut rows = ctx
        .state
        .store
        .list_users(&admin.territory(), search.as_deref(), after.as_deref(), PAGE_SIZE + 1)
        .await
        .or_fail(&ctx, ACTION)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let now = chrono::Utc::now();
    let next_after = if more { rows.last().map(|r| r.username.clone()) } else { None };
    Ok(UserPageView {
        items: rows
            .into_iter()
            .map(|r| UserListItemView {
                roles: RoleSet::from_codes(&r.roles),
                locked: r.locked_until.is_some_and(|t| t > now),
                id: r.id,
                username: r.username,
                full_name: r.full_name,
                territory_name: r.territory_name,
                active: r.active,
            })
            .collect(),
        next_after,
    })
}

/// Where the temporary password just made waits to be shown, once, in the session of the
/// administrator who made it (never in a page address, never in the log).
const SHOWN_ONCE: &str = "temporary_password";

async fn show_once(ctx: &Ctx, user_id: i64, password: String) {
    if let Some(s) = &ctx.session {
        let _ = s.insert(SHOWN_ONCE, (user_id, password)).await;
    }
}

async fn take_shown(ctx: &Ctx, user_id: i64) -> Option<String> {
    let s = ctx.session.as_ref()?;
    let (id, password): (i64, String) = s.get(SHOWN_ONCE).await.ok().flatten()?;
    if id != user_id {
        return None;
    }
    let _ = s.remove::<(i64, String)>(SHOWN_ONCE).await;
    Some(password)
}

pub async fn get(id: i64) -> Result<UserDetailView, AppError> {
    const ACTION: &str = "users.get";
    let ctx = Ctx::current()?;
    let (admin, row) = target(&ctx, ACTION, id).await?;
    let waiting = grants::waiting_view(&ctx, &admin, id).await?;
    let mut view = detail(row);
    view.waiting_grant = waiting;
    view.temporary_password = take_shown(&ctx, id).await;
    Ok(view)
}

/// A temporary password that passes the password rules (it always does; checked anyway).
fn new_temporary_password(username: &str, full_name: &str) -> String {
    loop {
        let p = crate::server::password::temporary_password();
        if check_new_password(username, full_name, &p).is_empty() {
            return p;
        }
    }
}

pub async fn create(input: UserInput) -> Result<(), AppError> {
    const ACTION: &str = "users.create";
    let ctx = Ctx::current()?;
    let admin = ctx.authorize(ACTION, Permission::ManageUsers, None).await?;
    let (valid, path) = valid_input(&ctx, &admin, ACTION, input).await?;
    let password = new_temporary_password(valid.username.as_str(), &valid.full_name);
    let hash = ctx.state.hasher.hash(password.clone()).await;
    // Roles that read personal data wait for a second administrator.
    let asked = valid.roles.reading_persons();
    let given = ValidUser { roles: valid.roles.without(asked), ..valid.clone() };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let new = users::NewUser {
        input: &given,
        territory_path: &path,
        password_hash: &hash,
        must_change_password: true,
        language: Language::Ro,
        created_by: Some(admin.id()),
    };
    let id = match users::create(&mut tx, &new).await {
        Ok(id) => id,
        Err(StoreError::Duplicate(_)) => {
            drop(tx);
            let mut e = FieldErrors::new();
            e.push("username", "username_taken");
            return Err(ctx.refuse(Some(&admin), ACTION, AppError::Invalid(e), "username taken").await);
        }
        Err(e) => return Err(ctx.failed(Some(&admin), ACTION, e).await),
    };
    let mut ev = done_on_user(&ctx, &admin, ACTION, id);
    ev.details = serde_json::json!({
        "username": valid.username.as_str(),
        "roles": given.roles.to_codes(),
        "territory_id": valid.territory_id,
    });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    grants::ask(&ctx, &mut tx, &admin, id, asked).await?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    show_once(&ctx, id, password).await;
    leptos_axum::redirect(&format!("/admin/users/{id}?created=1"));
    Ok(())
}

pub async fn update(id: i64, version: i64, mut input: UserInput) -> Result<(), AppError> {
    const ACTION: &str = "users.update";
    let ctx = Ctx::current()?;
    let (admin, row) = target(&ctx, ACTION, id).await?;
    input.username = row.username.clone();
    let (valid, path) = valid_input(&ctx, &admin, ACTION, input).await?;
    // An administrator never widens their own reach (say, a role that reads persons).
    if admin.id() == id && (valid.roles != row.roles() || valid.territory_id != row.territory_id) {
        let field = if valid.roles != row.roles() { "roles" } else { "territory_id" };
        let mut e = FieldErrors::new();
        e.push(field, "cannot_change_own_roles");
        return Err(ctx.refuse(Some(&admin), ACTION, AppError::Invalid(e), "own roles").await);
    }
    // A role that reads personal data, newly given, waits for a second administrator; every
    // other change (roles taken away included) takes effect now.
    let asked = valid.roles.without(row.roles()).reading_persons();
    let valid = ValidUser { roles: valid.roles.without(asked), ..valid };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    if let Err(e) = users::update_account(&mut tx, id, version, &valid, &path, admin.id()).await {
        drop(tx);
        return Err(ctx.failed(Some(&admin), ACTION, e).await);
    }
    let mut ev = done_on_user(&ctx, &admin, ACTION, id);
    let (old_t, new_t) = (row.territory_id.to_string(), valid.territory_id.to_string());
    let (old_r, new_r) = (row.roles().to_codes(), valid.roles.to_codes());
    ev.details = changes(&[
        ("full_name", Some(row.full_name.as_str()), Some(valid.full_name.as_str())),
        ("email", row.email.as_deref(), valid.email.as_deref()),
        ("phone", row.phone.as_deref(), valid.phone.as_deref()),
        ("institution", row.institution.as_deref(), valid.institution.as_deref()),
        ("position", row.position.as_deref(), valid.position.as_deref()),
        ("territory_id", Some(old_t.as_str()), Some(new_t.as_str())),
        ("roles", Some(old_r.as_str()), Some(new_r.as_str())),
    ]);
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    grants::ask(&ctx, &mut tx, &admin, id, asked).await?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=1"));
    Ok(())
}

pub async fn set_active(id: i64, version: i64, active: bool) -> Result<(), AppError> {
    let action = if active { "users.reactivate" } else { "users.deactivate" };
    let ctx = Ctx::current()?;
    let (admin, _) = target(&ctx, action, id).await?;
    if admin.id() == id && !active {
        let mut e = FieldErrors::new();
        e.push("active", "cannot_deactivate_self");
        return Err(ctx.refuse(Some(&admin), action, AppError::Invalid(e), "self").await);
    }
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, action)?;
    if let Err(e) = users::set_active(&mut tx, id, version, active, admin.id()).await {
        drop(tx);
        return Err(ctx.failed(Some(&admin), action, e).await);
    }
    let ev = done_on_user(&ctx, &admin, action, id);
    audit::append(&mut tx, &ev).await.or_fail(&ctx, action)?;
    tx.commit().await.or_fail(&ctx, action)?;
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=1"));
    Ok(())
}

pub async fn reset_password(id: i64) -> Result<(), AppError> {
    const ACTION: &str = "users.reset_password";
    let ctx = Ctx::current()?;
    let (admin, row) = target(&ctx, ACTION, id).await?;
    let password = new_temporary_password(&row.username, &row.full_name);
    let hash = ctx.state.hasher.hash(password.clone()).await;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    users::set_password(&mut tx, id, &hash, true, admin.id()).await.or_fail(&ctx, ACTION)?;
    let ev = done_on_user(&ctx, &admin, ACTION, id);
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    show_once(&ctx, id, password).await;
    leptos_axum::redirect(&format!("/admin/users/{id}?reset=1"));
    Ok(())
}
