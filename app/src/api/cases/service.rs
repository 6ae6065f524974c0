//! The server side of the cases area.

use super::*;
use crate::api::access::{on_case, pending, reachable, supervises, visible, works_on};
use crate::api::history::history_in_words;
use crate::api::history::with_changed_fields;
use crate::api::today;
use crate::api::{local_time, version_as_of};
use crate::domain::case::{available_actions, parse_reason, CaseAction, CaseStatus, RiskLevel};
use crate::domain::form::{gate, FormGate, StandardForm};
use crate::domain::{FieldError, FieldErrors, Permission, Role, TerritoryPath};
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::case_change as cc;
use crate::store::cases::{self as cs, CaseFilter, CaseRow, NewCase, TransitionError};
use crate::store::history::ObjectType;
use crate::store::{audit, Outcome, StoreError};

fn refused(code: &str) -> AppError {
    AppError::Invalid(FieldErrors(vec![FieldError::new("action", code)]))
}

/// Maps a store or workflow failure to the error the caller sees.
async fn step_failed(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    id: i64,
    version: i64,
    e: TransitionError,
) -> AppError {
    match e {
        TransitionError::Refused(code) => ctx.refuse(Some(user), action, refused(code), code).await,
        TransitionError::Store(e) => {
            let e = ctx.failed(Some(user), action, e).await;
            with_changed_fields(ctx, ObjectType::Case, id, version, e).await
        }
    }
}

pub async fn open(input: ReferralInput, manager_id: Option<i64>) -> Result<(), AppError> {
    const ACTION: &str = "cases.open";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::EditAssignedCases, None).await?;
    let referral = match input.validate(today()) {
        Ok(r) => r,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "invalid").await),
    };
    let person = reachable(&ctx, &user, ACTION, referral.person_id).await?;
    if !user.territory().contains(&person.path()) {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "territory").await);
    }
    if person.status() == crate::domain::person::PersonStatus::Archived {
        let e = AppError::Conflict { field: String::new(), code: "read_only".into() };
        return Err(ctx.refuse(Some(&user), ACTION, e, "archived").await);
    }
    let supervisor = user.roles().allows(Permission::SuperviseCases);
    let manager = match manager_id.filter(|m| *m > 0) {
        Some(m) if m == user.id() => Some(m),
        Some(m) if supervisor => {
            let ok = ctx
                .state
                .store
                .assignees(&user.territory(), false, 1000)
                .await
                .or_fail(&ctx, ACTION)?
                .iter()
                .any(|a| a.id == m);
            if !ok {
                let mut e = FieldErrors::new();
                e.push("manager_id", "invalid_choice");
                return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "manager").await);
            }
            Some(m)
        }
        Some(_) => return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "assign others").await),
        // A social worker who opens a case manages it; a supervisor may leave it to assign.
        None if supervisor => None,
        None => Some(user.id()),
    };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let new = NewCase {
        referral: &referral,
        territory_id: user.row.territory_id,
        territory_path: &user.territory(),
        manager_id: manager,
        actor: user.id(),
    };
    let row = match cc::open(&mut tx, &new).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(&user), ACTION, e).await),
    };
    let mut ev = on_case(&ctx, &user, ACTION, row.id);
    ev.details = serde_json::json!({ "number": row.number, "person": row.person_id, "manager": manager });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/cases/{}?opened=1", row.id));
    Ok(())
}

/// The workflow steps `user` may take on `case` now. Steps a form takes are left out, and so
/// are steps that wait for a form the case does not hold yet (`held` says which it holds).
fn actions_for(user: &CurrentUser, case: &CaseRow, held: &[StandardForm]) -> Vec<String> {
    if !works_on(user, case) {
        return Vec::new();
    }
    let supervisor = supervises(user, case);
    available_actions(case.status())
        .into_iter()
        .filter(|a| *a != CaseAction::Assign)
        .filter(|a| supervisor || !a.is_approval())
        .filter(|a| match gate(case.status(), *a) {
            None => true,
            Some(FormGate::ThroughForm(_)) => false,
            Some(FormGate::Submitted(f)) => held.contains(&f),
        })
        .map(|a| a.as_str().to_owned())
        .collect()
}

/// The forms a step from `case`'s status waits for that the case holds submitted.
async fn forms_held(ctx: &Ctx, action: &str, case: &CaseRow) -> Result<Vec<StandardForm>, AppError> {
    let mut held = Vec::new();
    for a in available_actions(case.status()) {
        if let Some(FormGate::Submitted(f)) = gate(case.status(), a) {
            if !held.contains(&f) && ctx.state.store.case_has_submitted(case.id, f).await.or_fail(ctx, action)? {
                held.push(f);
            }
        }
    }
    Ok(held)
}

/// Refuses a step a form takes (`through_form`), or one that waits for a form the case does
/// not hold submitted yet (`form_missing`).
async fn check_gate(
    ctx: &Ctx,
    user: &CurrentUser,
    audit_action: &str,
    case: &CaseRow,
    action: CaseAction,
) -> Result<(), AppError> {
    let conflict = |code: &str| AppError::Conflict { field: "action".into(), code: code.into() };
    match gate(case.status(), action) {
        None => Ok(()),
        Some(FormGate::ThroughForm(_)) => {
            Err(ctx.refuse(Some(user), audit_action, conflict("through_form"), "through_form").await)
        }
        Some(FormGate::Submitted(f)) => {
            if ctx.state.store.case_has_submitted(case.id, f).await.or_fail(ctx, audit_action)? {
                Ok(())
            } else {
                Err(ctx.refuse(Some(user), audit_action, conflict("form_missing"), "form_missing").await)
            }
        }
    }
}

pub async fn get(id: i64, as_of: Option<String>) -> Result<CaseView, AppError> {
    const ACTION: &str = "cases.view";
    let ctx = Ctx::current()?;
    let (user, current) = visible(&ctx, ACTION, id).await?;
    let store = &ctx.state.store;
    let (row, label) = version_as_of(&ctx, &user, ACTION, ObjectType::Case, id, &current, as_of).await?;
    let person = store.person(row.person_id).await.or_fail(&ctx, ACTION)?;
    let territory = store.territory(row.territory_id).await.map(|t| t.name).unwrap_or_default();
    let name_of = |u: Option<i64>| async move {
        match u {
            Some(u) => store.user(u).await.ok().map(|r| r.full_name),
            None => None,
        }
    };
    let manager_name = name_of(row.manager_id).await;
    let transfer = match (label.is_none(), pending(&ctx, &current).await?) {
        (true, Some(t)) => Some(TransferView {
            id: t.id,
            from_name: name_of(Some(t.from_user_id)).await.unwrap_or_default(),
            to_name: name_of(Some(t.to_user_id)).await.unwrap_or_default(),
            to_territory: store.territory(t.to_territory_id).await.map(|t| t.name).unwrap_or_default(),
            note: t.note,
            requested_at: local_time(t.requested_at),
            for_me: t.to_user_id == user.id(),
        }),
        _ => None,
    };
    let mut ev = on_case(&ctx, &user, ACTION, id);
    ev.details = serde_json::json!({ "as_of": label });
    store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    let live = label.is_none();
    let open = current.status() != CaseStatus::Closed;
    let held = if live { forms_held(&ctx, ACTION, &current).await? } else { Vec::new() };
    Ok(CaseView {
        actions: if live { actions_for(&user, &current, &held) } else { Vec::new() },
        may_assign: live && open && supervises(&user, &current),
        may_transfer: live && open && transfer.is_none() && works_on(&user, &current),
        overdue: row.next_due_on.is_some_and(|d| d < today()),
        id: row.id,
        number: row.number.clone(),
        person_id: row.person_id,
        person_name: format!("{} {}", person.last_name, person.first_name),
        person_key: person.key().to_owned(),
        territory_name: territory,
        manager_id: row.manager_id,
        manager_name,
        status: row.status.clone(),
        status_reason: row.status_reason.clone(),
        risk_level: row.risk_level.clone(),
        channel: row.channel.clone(),
        reporter_name: row.reporter_name.clone(),
        reporter_contact: row.reporter_contact.clone(),
        received_on: row.received_on.to_string(),
        concern: row.concern.clone(),
        next_step: row.next_step.clone(),
        next_due_on: row.next_due_on.map(|d| d.to_string()),
        opened_at: local_time(row.opened_at),
        closed_at: row.closed_at.map(local_time),
        version: row.version,
        transfer,
        as_of: label,
    })
}

/// Loads a case for a change by its manager or supervisor, refusing a stale version.
async fn for_change(ctx: &Ctx, action: &str, id: i64) -> Result<(CurrentUser, CaseRow), AppError> {
    let (user, row) = visible(ctx, action, id).await?;
    if !works_on(&user, &row) {
        return Err(ctx.refuse(Some(&user), action, AppError::Forbidden, "not the case manager").await);
    }
    Ok((user, row))
}

/// Runs `f` in a transaction on the case at `version`, audits it, commits,
/// and sends the browser back to the case page.
macro_rules! in_tx {
    ($ctx:expr, $user:expr, $action:expr, $id:expr, $version:expr, |$tx:ident, $row:ident| $body:expr) => {{
        let mut $tx = $ctx.state.store.begin().await.map_err(|e| $ctx.fail($action, e))?;
        let $row = match cs::load_for_change(&mut $tx, $id, $version).await {
            Ok(r) => r,
            Err(e) => {
                drop($tx);
                return Err(step_failed(&$ctx, &$user, $action, $id, $version, TransitionError::Store(e)).await);
            }
        };
        let saved: Result<CaseRow, TransitionError> = $body;
        let saved = match saved {
            Ok(s) => s,
            Err(e) => {
                drop($tx);
                return Err(step_failed(&$ctx, &$user, $action, $id, $version, e).await);
            }
        };
        let mut ev = on_case(&$ctx, &$user, $action, $id);
        ev.details = serde_json::json!({ "status": saved.status, "version": saved.version });
        audit::append(&mut $tx, &ev).await.map_err(|e| $ctx.fail($action, e))?;
        $tx.commit().await.map_err(|e| $ctx.fail($action, e))?;
        leptos_axum::redirect(&format!("/cases/{}?saved=1", $id));
        Ok(())
    }};
}

pub async fn act(id: i64, version: i64, action: String, reason: String) -> Result<(), AppError> {
    let ctx = Ctx::current()?;
    let parsed = CaseAction::parse(&action);
    let audit_action = format!("cases.{}", parsed.as_ref().map(|a| a.as_str()).unwrap_or("act"));
    let audit_action = audit_action.as_str();
    let (user, row) = for_change(&ctx, audit_action, id).await?;
    let action = match parsed {
        Ok(CaseAction::Assign) | Err(_) => {
            return Err(ctx.refuse(Some(&user), audit_action, refused("invalid_choice"), "action").await)
        }
        Ok(a) => a,
    };
    if action.is_approval() && !supervises(&user, &row) {
        return Err(ctx.refuse(Some(&user), audit_action, AppError::Forbidden, "approval").await);
    }
    check_gate(&ctx, &user, audit_action, &row, action).await?;
    let reason = if action.needs_reason() {
        match parse_reason(&reason) {
            Ok(r) => Some(r),
            Err(e) => return Err(ctx.refuse(Some(&user), audit_action, e.into(), "invalid").await),
        }
    } else {
        crate::domain::user::parse_optional_text("reason", &reason, 1000).ok().flatten()
    };
    let actor = user.id();
    in_tx!(ctx, user, audit_action, id, version, |tx, before| {
        cc::apply(&mut tx, &before, action, reason.as_deref(), actor).await
    })
}

/// True when `id` is an active case manager within `scope`.
async fn is_assignee(ctx: &Ctx, action: &str, scope: &TerritoryPath, id: i64) -> Result<bool, AppError> {
    let row = match ctx.state.store.user(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => return Ok(false),
        Err(e) => return Err(ctx.fail(action, e)),
    };
    let roles = row.roles();
    Ok(row.active
        && scope.contains(&row.territory())
        && (roles.contains(Role::SocialWorker) || roles.contains(Role::Supervisor)))
}

pub async fn assign(id: i64, version: i64, manager_id: i64) -> Result<(), AppError> {
    const ACTION: &str = "cases.assign";
    let ctx = Ctx::current()?;
    let (user, row) = visible(&ctx, ACTION, id).await?;
    if !supervises(&user, &row) {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "not supervisor").await);
    }
    if !is_assignee(&ctx, ACTION, &row.path(), manager_id).await? {
        let mut e = FieldErrors::new();
        e.push("manager_id", "invalid_choice");
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "manager").await);
    }
    let actor = user.id();
    in_tx!(ctx, user, ACTION, id, version, |tx, before| cc::assign(&mut tx, &before, manager_id, actor).await)
}

pub async fn transfer(id: i64, version: i64, to_user: i64, note: String) -> Result<(), AppError> {
    const ACTION: &str = "cases.transfer";
    let ctx = Ctx::current()?;
    let (user, _) = for_change(&ctx, ACTION, id).await?;
    let note = match crate::domain::user::parse_optional_text("note", &note, 1000) {
        Ok(n) => n,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, e.into(), "invalid").await),
    };
    let target = match ctx.state.store.user(to_user).await {
        Ok(r) => Some(r),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(ctx.fail(ACTION, e)),
    };
    // Within one's territory any case manager receives; from another, its supervisors (as
    // `assignees` offers).
    let receives = |t: &crate::store::users::UserRow| {
        let supervisor = t.roles().contains(Role::Supervisor);
        t.active
            && (supervisor || (t.roles().contains(Role::SocialWorker) && user.territory().contains(&t.territory())))
    };
    let Some(target) = target.filter(receives) else {
        let mut e = FieldErrors::new();
        e.push("to_user", "invalid_choice");
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "receiver").await);
    };
    let actor = user.id();
    in_tx!(ctx, user, ACTION, id, version, |tx, before| {
        cc::request_transfer(&mut tx, &before, target.id, target.territory_id, note.as_deref(), actor).await
    })
}

pub async fn decide(id: i64, version: i64, accept: bool, reason: String) -> Result<(), AppError> {
    let action = if accept { "cases.transfer_accept" } else { "cases.transfer_decline" };
    let ctx = Ctx::current()?;
    let (user, row) = visible(&ctx, action, id).await?;
    let Some(t) = pending(&ctx, &row).await? else {
        return Err(ctx.refuse(Some(&user), action, refused("no_transfer"), "no transfer").await);
    };
    let receiver = ctx.state.store.user(t.to_user_id).await.or_fail(&ctx, action)?;
    let to_path = receiver.territory();
    let may = t.to_user_id == user.id() || user.may(Permission::SuperviseCases, Some(&to_path));
    if !may {
        return Err(ctx.refuse(Some(&user), action, AppError::Forbidden, "not the receiver").await);
    }
    let reason = if accept {
        crate::domain::user::parse_optional_text("reason", &reason, 1000).ok().flatten()
    } else {
        match parse_reason(&reason) {
            Ok(r) => Some(r),
            Err(e) => return Err(ctx.refuse(Some(&user), action, e.into(), "invalid").await),
        }
    };
    let actor = user.id();
    let to_path = ctx.state.store.territory(t.to_territory_id).await.map(|t| t.path()).ok();
    in_tx!(ctx, user, action, id, version, |tx, before| {
        cc::decide_transfer(&mut tx, &before, accept, to_path.as_ref(), reason.as_deref(), actor).await
    })
}

fn filter(status: Option<String>, risk: Option<String>, closed: Option<bool>) -> Result<CaseFilter, FieldErrors> {
    let mut errors = FieldErrors::new();
    let status = status.filter(|s| !s.is_empty());
    let risk = risk.filter(|s| !s.is_empty());
    if status.as_deref().is_some_and(|s| CaseStatus::parse_db(s).is_none()) {
        errors.push("status", "invalid_choice");
    }
    if risk.as_deref().is_some_and(|r| RiskLevel::parse(r).is_err()) {
        errors.push("risk", "invalid_choice");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let include_closed = closed.unwrap_or(false) || status.as_deref() == Some(CaseStatus::Closed.as_str());
    Ok(CaseFilter { status, risk, include_closed, manager: None })
}

fn page(rows: Vec<cs::CaseCardRow>) -> CaseListView {
    let more = rows.len() as i64 > PAGE_SIZE;
    let items: Vec<CaseCardView> = rows.into_iter().take(PAGE_SIZE as usize).map(card).collect();
    CaseListView { next_after: if more { items.last().map(|c| c.id) } else { None }, items }
}

pub async fn mine(
    status: Option<String>,
    risk: Option<String>,
    closed: Option<bool>,
    after: Option<i64>,
) -> Result<CaseListView, AppError> {
    const ACTION: &str = "cases.mine";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::EditAssignedCases, None).await?;
    let f = match filter(status, risk, closed) {
        Ok(f) => f,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "invalid").await),
    };
    let rows = ctx.state.store.my_cases(user.id(), &f, after, PAGE_SIZE + 1).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": rows.len().min(PAGE_SIZE as usize) });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(page(rows))
}

#[allow(clippy::too_many_arguments)]
pub async fn list(
    status: Option<String>,
    risk: Option<String>,
    unassigned: Option<bool>,
    closed: Option<bool>,
    territory: Option<i64>,
    manager: Option<i64>,
    after: Option<i64>,
) -> Result<CaseListView, AppError> {
    const ACTION: &str = "cases.list";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::SuperviseCases, None).await?;
    let mut f = match filter(status, risk, closed) {
        Ok(f) => f,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "invalid").await),
    };
    f.manager = manager;
    // A territory below the supervisor's own narrows the list (the dashboard's numbers lead here).
    let scope = match territory {
        None => user.territory(),
        Some(id) => match ctx.state.store.territory(id).await {
            Ok(t) if user.territory().contains(&t.path()) => t.path(),
            Ok(_) => return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "territory").await),
            Err(StoreError::NotFound) => {
                let mut e = FieldErrors::new();
                e.push("territory", "invalid_choice");
                return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "invalid").await);
            }
            Err(e) => return Err(ctx.fail(ACTION, e)),
        },
    };
    let rows = ctx
        .state
        .store
        .territory_cases(&scope, &f, unassigned.unwrap_or(false), after, PAGE_SIZE + 1)
        .await
        .or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": rows.len().min(PAGE_SIZE as usize) });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(page(rows))
}

pub async fn team() -> Result<TeamView, AppError> {
    const ACTION: &str = "cases.team";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::SuperviseCases, None).await?;
    let store = &ctx.state.store;
    let scope = user.territory();
    let workload = store.workload(&scope, today()).await.or_fail(&ctx, ACTION)?;
    let unassigned =
        store.territory_cases(&scope, &CaseFilter::default(), true, None, PAGE_SIZE).await.or_fail(&ctx, ACTION)?;
    let transfers = store.pending_transfers(&scope, PAGE_SIZE).await.or_fail(&ctx, ACTION)?;
    let ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(TeamView {
        workload: workload
            .into_iter()
            .map(|w| WorkloadView {
                manager_id: w.manager_id,
                manager_name: w.manager_name,
                open_cases: w.open_cases,
                high_risk: w.high_risk,
                overdue: w.overdue,
            })
            .collect(),
        unassigned: unassigned.into_iter().map(card).collect(),
        transfers: transfers.into_iter().map(card).collect(),
    })
}

pub async fn assignees(territory_id: Option<i64>) -> Result<Vec<AssigneeView>, AppError> {
    const ACTION: &str = "cases.assignees";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::EditAssignedCases, None).await?;
    let scope = match territory_id.filter(|t| *t > 0) {
        None => user.territory(),
        Some(t) => match ctx.state.store.territory(t).await {
            Ok(t) => t.path(),
            Err(e) => return Err(ctx.failed(Some(&user), ACTION, e).await),
        },
    };
    // Within one's own territory, every case manager; elsewhere only the supervisors, who
    // receive a transfer from another territory and give the case to one of their team. The
    // staff of other territories is no directory.
    let own = user.territory().contains(&scope);
    let rows = ctx.state.store.assignees(&scope, !own, 200).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "territory": scope.as_str(), "rows": rows.len(), "supervisors_only": !own });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(rows
        .into_iter()
        .map(|r| AssigneeView { id: r.id, name: r.full_name, territory_name: r.territory_name })
        .collect())
}

pub async fn history(id: i64, before: Option<i64>) -> Result<HistoryPageView, AppError> {
    const ACTION: &str = "cases.history";
    const LIMIT: i64 = 20;
    let ctx = Ctx::current()?;
    let (user, _) = visible(&ctx, ACTION, id).await?;
    let rows = ctx.state.store.history(ObjectType::Case, id, before, LIMIT + 1).await.or_fail(&ctx, ACTION)?;
    let page = history_in_words(&ctx, &user, ACTION, rows, LIMIT).await?;
    let ev = on_case(&ctx, &user, ACTION, id);
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(page)
}
