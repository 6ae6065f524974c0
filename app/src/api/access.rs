//! Who may reach what: a person, a case. Every area asks here, so that one rule answers the same
//! everywhere; a record out of reach answers as a missing one (404), and the refusal is audited.

use crate::domain::{AppError, Permission};
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::cases::{self as cs, CaseRow};
use crate::store::persons::PersonRow;
use crate::store::{AuditEvent, Outcome};

/// The audit event of something `user` did to person `id`.
pub(crate) fn on_person(ctx: &Ctx, user: &CurrentUser, action: &str, id: i64) -> AuditEvent {
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.object_type = Some("person".into());
    ev.object_id = Some(id.to_string());
    ev
}

/// Loads a person the caller may see: their domicile is within the caller's
/// territory, or a case of theirs is, or one waits for the caller to accept.
pub(crate) async fn reachable(ctx: &Ctx, user: &CurrentUser, action: &str, id: i64) -> Result<PersonRow, AppError> {
    let row = match ctx.state.store.person(id).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(user), action, e).await),
    };
    if user.territory().contains(&row.path()) {
        return Ok(row);
    }
    match ctx.state.store.person_in_reach(id, &user.territory(), user.id()).await {
        Ok(true) => Ok(row),
        // Not told apart from a person that does not exist.
        Ok(false) => Err(ctx.refuse(Some(user), action, AppError::NotFound, "territory").await),
        Err(e) => Err(ctx.fail(action, e)),
    }
}

/// The audit event of something `user` did to case `id`.
pub(crate) fn on_case(ctx: &Ctx, user: &CurrentUser, action: &str, id: i64) -> AuditEvent {
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.object_type = Some("case".into());
    ev.object_id = Some(id.to_string());
    ev
}

/// True when `user` supervises the case's territory.
pub(crate) fn supervises(user: &CurrentUser, case: &CaseRow) -> bool {
    user.may(Permission::SuperviseCases, Some(&case.path()))
}

/// True when `user` may work on the case: its manager, or its supervisor.
pub(crate) fn works_on(user: &CurrentUser, case: &CaseRow) -> bool {
    supervises(user, case) || (case.manager_id == Some(user.id()) && user.roles().allows(Permission::EditAssignedCases))
}

/// The pending transfer of a case, if any.
pub(crate) async fn pending(ctx: &Ctx, case: &CaseRow) -> Result<Option<cs::TransferRow>, AppError> {
    match case.transfer_id {
        None => Ok(None),
        Some(t) => ctx.state.store.transfer(t).await.map(Some).or_fail(ctx, "cases.transfer"),
    }
}

/// Loads a case the caller may see: of their territory, or waiting for
/// them to accept it, or managed by them.
pub(crate) async fn visible(ctx: &Ctx, action: &str, id: i64) -> Result<(CurrentUser, CaseRow), AppError> {
    let user = ctx.authorize(action, Permission::ViewPersons, None).await?;
    let row = match ctx.state.store.case(id).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(&user), action, e).await),
    };
    if user.territory().contains(&row.path()) || row.manager_id == Some(user.id()) {
        return Ok((user, row));
    }
    if let Some(t) = pending(ctx, &row).await? {
        if t.to_user_id == user.id() {
            return Ok((user, row));
        }
    }
    // Not told apart from a case that does not exist.
    Err(ctx.refuse(Some(&user), action, AppError::NotFound, "territory").await)
}
