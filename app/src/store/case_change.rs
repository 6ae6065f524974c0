//! A change of a case and everything that follows it, in one visible place and in the caller's
//! transaction: the change itself with its history row ([`super::cases`]), the steps the case
//! took ([`super::case_steps`]), the alert rules, and the notifications of a transfer
//! ([`super::alerts`]). Every service that changes a case goes through here; the three stores
//! under it know nothing of each other.

use super::cases::{self as cs, CaseRow, NewCase, TransitionError};
use super::{alerts, case_steps, StoreResult, Tx};
use crate::domain::case::{CaseAction, RiskLevel};
use crate::domain::deadlines::{Deadlines, NotificationKind};
use crate::domain::TerritoryPath;

/// Opens a case: its first step begins, and the alert rules run for it.
pub async fn open(tx: &mut Tx, n: &NewCase<'_>) -> StoreResult<CaseRow> {
    let today = super::today();
    let dl = super::deadlines::load_tx(tx, today).await?;
    let row = cs::open(tx, &dl, n).await?;
    case_steps::begin(tx, &row, today).await?;
    alerts::on_case_change(tx, None, &row, n.actor).await?;
    alerts::sync_case(tx, None, &row, &dl, today).await?;
    Ok(row)
}

/// Takes a step of the workflow (see [`cs::apply`]).
pub async fn apply(
    tx: &mut Tx,
    before: &CaseRow,
    action: CaseAction,
    reason: Option<&str>,
    actor: i64,
) -> Result<CaseRow, TransitionError> {
    let dl = rules(tx).await?;
    let after = cs::apply(tx, &dl, before, action, reason, actor).await?;
    followed(tx, &dl, before, &after, action.as_str(), actor).await?;
    Ok(after)
}

/// Records the risk level an assessment found (see [`cs::set_risk`]).
pub async fn set_risk(
    tx: &mut Tx,
    before: &CaseRow,
    risk: RiskLevel,
    reason: Option<&str>,
    actor: i64,
) -> StoreResult<CaseRow> {
    let dl = rules(tx).await?;
    let after = cs::set_risk(tx, &dl, before, risk, reason, actor).await?;
    followed(tx, &dl, before, &after, "risk", actor).await?;
    Ok(after)
}

/// Gives a case to a case manager (see [`cs::assign`]).
pub async fn assign(tx: &mut Tx, before: &CaseRow, manager: i64, actor: i64) -> Result<CaseRow, TransitionError> {
    let dl = rules(tx).await?;
    let after = cs::assign(tx, &dl, before, manager, actor).await?;
    followed(tx, &dl, before, &after, "assign", actor).await?;
    Ok(after)
}

/// Asks `to_user` to take the case over; they are notified.
pub async fn request_transfer(
    tx: &mut Tx,
    before: &CaseRow,
    to_user: i64,
    to_territory: i64,
    note: Option<&str>,
    actor: i64,
) -> Result<CaseRow, TransitionError> {
    let dl = rules(tx).await?;
    let after = cs::request_transfer(tx, &dl, before, to_user, to_territory, note, actor).await?;
    followed(tx, &dl, before, &after, "transfer_request", actor).await?;
    alerts::notify(tx, to_user, NotificationKind::TransferRequested, Some(before.id), Some(actor), note).await?;
    Ok(after)
}

/// The receiver's answer to a pending transfer; the sender is notified.
pub async fn decide_transfer(
    tx: &mut Tx,
    before: &CaseRow,
    accept: bool,
    to_path: Option<&TerritoryPath>,
    reason: Option<&str>,
    actor: i64,
) -> Result<CaseRow, TransitionError> {
    let Some(tid) = before.transfer_id else { return Err(TransitionError::Refused("no_transfer")) };
    let t = cs::transfer(tx, tid).await?;
    let dl = rules(tx).await?;
    let after = cs::decide_transfer(tx, &dl, before, &t, accept, to_path, reason, actor).await?;
    let action = if accept { "transfer_accept" } else { "transfer_decline" };
    followed(tx, &dl, before, &after, action, actor).await?;
    let kind = if accept { NotificationKind::TransferAccepted } else { NotificationKind::TransferDeclined };
    alerts::notify(tx, t.from_user_id, kind, Some(before.id), Some(actor), reason).await?;
    Ok(after)
}

/// What follows any change of a case: the step it ended and the one it began (or the step's
/// new owner), and the alert rules for its new state.
async fn followed(
    tx: &mut Tx,
    dl: &Deadlines,
    before: &CaseRow,
    after: &CaseRow,
    action: &str,
    actor: i64,
) -> StoreResult<()> {
    let today = super::today();
    case_steps::follow(tx, before, after, action, actor, today).await?;
    alerts::on_case_change(tx, Some(before), after, actor).await?;
    alerts::sync_case(tx, Some(before), after, dl, today).await
}

/// The deadline rules and calendar, read once for a change and what follows it.
async fn rules(tx: &mut Tx) -> StoreResult<Deadlines> {
    super::deadlines::load_tx(tx, super::today()).await
}
