//! The steps each case waited for (migration 0017): written with every change of a case's
//! status in the change's own transaction, read by the indicators.
//!
//! A step begins when the case enters a status that waits for one (its `next_step`), and ends
//! when the case leaves that status: `done` when the action was the step's own work, `stopped`
//! otherwise ([`step_outcome`]). Ended rows are never changed (a trigger refuses it).

use super::cases::CaseRow;
use super::{on_tx, StoreResult, Tx};
use crate::domain::case::CaseAction;
use crate::domain::indicators::{step_outcome, StepOutcome};
use crate::domain::next_step::NextStep;
use chrono::NaiveDate;

/// A step as the bulk writer of synthetic data gives it.
#[derive(Clone, Debug)]
pub struct StepRow {
    pub case_id: i64,
    /// The case's territory and referral day (migration 0019).
    pub territory_path: String,
    pub received_on: NaiveDate,
    /// The day the case's last initial assessment was done before this step began.
    pub assessed_on: Option<NaiveDate>,
    pub step: &'static str,
    pub risk_level: String,
    pub manager_id: Option<i64>,
    pub started_on: NaiveDate,
    pub due_on: NaiveDate,
    /// The day it ended, its outcome and the action that ended it; `None` while open.
    pub ended: Option<(NaiveDate, StepOutcome, &'static str)>,
    pub ended_by: Option<i64>,
    pub reason: Option<&'static str>,
}

/// The workflow action a case change names, for the outcome of the step it ends. Accepting a
/// transfer gives a referred case its case manager, as assigning does.
fn action_of(action: &str) -> Option<CaseAction> {
    if action == "transfer_accept" {
        return Some(CaseAction::Assign);
    }
    CaseAction::ALL.into_iter().find(|a| a.as_str() == action)
}

/// Begins the step `case` now waits for (nothing for a case that waits for none), with the day
/// the case's last initial assessment was done (migration 0019).
pub async fn begin(tx: &mut Tx, case: &CaseRow, on: NaiveDate) -> StoreResult<()> {
    let (Some(step), Some(due)) = (case.next_step.as_deref(), case.next_due_on) else { return Ok(()) };
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO case_steps (case_id, step, risk_level, manager_id, started_on, due_on, territory_path, \
             received_on, assessed_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
             (SELECT MAX(a.ended_on) FROM case_steps a WHERE a.case_id = $1 AND a.step = $9 AND a.outcome = $10))",
        )
        .bind(case.id)
        .bind(step)
        .bind(&case.risk_level)
        .bind(case.manager_id)
        .bind(on)
        .bind(due)
        .bind(&case.territory_path)
        .bind(case.received_on)
        .bind(NextStep::InitialAssessment.as_str())
        .bind(StepOutcome::Done.as_str())
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Follows a saved change of a case: a new status ends the step it waited for (taken by
/// `action`, on `on`) and begins the next; a new case manager or territory (a transfer) takes
/// the open step over.
pub async fn follow(
    tx: &mut Tx,
    before: &CaseRow,
    after: &CaseRow,
    action: &str,
    actor: i64,
    on: NaiveDate,
) -> StoreResult<()> {
    if after.status != before.status {
        if let Some(step) = before.next_step.as_deref().and_then(NextStep::parse_db) {
            let outcome = match action_of(action) {
                Some(a) => step_outcome(step, a),
                None => StepOutcome::Stopped,
            };
            on_tx!(tx, |c| {
                sqlx::query(
                    "UPDATE case_steps SET ended_on = $1, outcome = $2, ended_action = $3, ended_by = $4 \
                     WHERE case_id = $5 AND ended_on IS NULL",
                )
                .bind(on)
                .bind(outcome.as_str())
                .bind(action)
                .bind(actor)
                .bind(before.id)
                .execute(c)
                .await?;
            });
        }
        begin(tx, after, on).await?;
    } else if after.manager_id != before.manager_id || after.territory_path != before.territory_path {
        on_tx!(tx, |c| {
            sqlx::query(
                "UPDATE case_steps SET manager_id = $1, territory_path = $2 WHERE case_id = $3 AND ended_on IS NULL",
            )
            .bind(after.manager_id)
            .bind(&after.territory_path)
            .bind(before.id)
            .execute(c)
            .await?;
        });
    }
    Ok(())
}

/// Records on a case's open closure approval the closure reason (a code of the closure form's
/// choice) the indicators count closures by.
pub async fn set_reason(tx: &mut Tx, case_id: i64, reason: &str) -> StoreResult<()> {
    on_tx!(tx, |c| {
        sqlx::query("UPDATE case_steps SET reason = $1 WHERE case_id = $2 AND ended_on IS NULL AND step = $3")
            .bind(reason)
            .bind(case_id)
            .bind(NextStep::ClosureApproval.as_str())
            .execute(c)
            .await?;
    });
    Ok(())
}
