use super::*;
use crate::server::{Ctx, CurrentUser};
use crate::store::role_grants::{self as rg, GrantStatus};
use crate::store::{audit, StoreError, Tx};

/// Asks, in `tx`, for `roles` (those of them that read personal data) for user `id`.
pub(crate) async fn ask(ctx: &Ctx, tx: &mut Tx, admin: &CurrentUser, id: i64, roles: RoleSet) -> Result<(), AppError> {
    const ACTION: &str = "users.role_grant_request";
    if roles.is_empty() {
        return Ok(());
    }
    let grant = rg::request(tx, id, roles, admin.id()).await.or_fail(ctx, ACTION)?;
    let mut ev = super::super::service::done_on_user(ctx, admin, ACTION, id);
    ev.details = serde_json::json!({ "grant": grant, "roles": roles.to_codes() });
    audit::append(tx, &ev).await.or_fail(ctx, ACTION)?;
    Ok(())
}

/// The request waiting for user `id`, as `admin` sees it.
pub(crate) async fn waiting_view(ctx: &Ctx, admin: &CurrentUser, id: i64) -> Result<Option<RoleGrantView>, AppError> {
    let row = rg::waiting(ctx.state.store.db(), id).await.or_fail(ctx, "users.get")?;
    Ok(row.map(|g| RoleGrantView {
        id: g.id,
        roles: g.roles(),
        by_me: g.requested_by == admin.id(),
        requested_by_name: g.requested_by_name,
        requested_at: crate::api::local_time(g.requested_at),
    }))
}

pub async fn decide(id: i64, grant: i64, version: i64, approve: bool) -> Result<(), AppError> {
    let action = if approve { "users.role_grant_approve" } else { "users.role_grant_refuse" };
    let ctx = Ctx::current()?;
    let (admin, row) = super::super::service::target(&ctx, action, id).await?;
    let waiting = rg::waiting(ctx.state.store.db(), id).await.or_fail(&ctx, action)?;
    let Some(g) = waiting.filter(|g| g.id == grant) else {
        return Err(ctx.refuse(Some(&admin), action, AppError::invalid("grant", "grant_gone"), "not waiting").await);
    };
    // Two people: the one who asked (and the user) never approves.
    if approve && (g.requested_by == admin.id() || id == admin.id()) {
        return Err(ctx
            .refuse(Some(&admin), action, AppError::invalid("grant", "grant_own_request"), "same administrator")
            .await);
    }
    let status = if approve { GrantStatus::Approved } else { GrantStatus::Rejected };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, action)?;
    match rg::decide(&mut tx, g.id, status, admin.id()).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => {
            drop(tx);
            return Err(ctx
                .refuse(Some(&admin), action, AppError::invalid("grant", "grant_gone"), "decided meanwhile")
                .await);
        }
        Err(e) => return Err(ctx.failed(Some(&admin), action, e).await),
    }
    if approve {
        if let Err(e) = rg::add_roles(&mut tx, id, version, g.roles(), admin.id()).await {
            drop(tx);
            return Err(ctx.failed(Some(&admin), action, e).await);
        }
    }
    let mut ev = super::super::service::done_on_user(&ctx, &admin, action, id);
    ev.details = serde_json::json!({
        "grant": g.id,
        "roles": g.roles().to_codes(),
        "requested_by": g.requested_by,
        "held_before": row.roles().to_codes(),
    });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, action)?;
    tx.commit().await.or_fail(&ctx, action)?;
    leptos_axum::redirect(&format!("/admin/users/{id}?granted=1"));
    Ok(())
}
