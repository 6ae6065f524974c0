//! Transfers of a case to another case manager or territory: asked for, accepted or declined,
//! and cancelled when the case moves on without it.

use super::*;

/// A pending or decided transfer.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TransferRow {
    pub id: i64,
    pub case_id: i64,
    pub from_user_id: i64,
    pub to_user_id: i64,
    pub to_territory_id: i64,
    pub note: Option<String>,
    pub status: String,
    pub requested_at: DateTime<Utc>,
}

pub(super) async fn cancel_pending_transfer(tx: &mut Tx, case: &CaseRow, _actor: i64) -> StoreResult<()> {
    if let Some(t) = case.transfer_id {
        on_tx!(tx, |c| {
            sqlx::query("UPDATE case_transfers SET status = $1, decided_at = $2 WHERE id = $3 AND status = $4")
                .bind("cancelled")
                .bind(now())
                .bind(t)
                .bind("pending")
                .execute(c)
                .await?;
        });
    }
    Ok(())
}

/// Asks `to_user` (in `to_territory`) to take the case over. The sender
/// keeps it until the receiver accepts. One transfer waits at a time.
pub async fn request_transfer(
    tx: &mut Tx,
    dl: &Deadlines,
    before: &CaseRow,
    to_user: i64,
    to_territory: i64,
    note: Option<&str>,
    actor: i64,
) -> Result<CaseRow, TransitionError> {
    if before.transfer_id.is_some() {
        return Err(TransitionError::Refused("transfer_pending"));
    }
    if before.status() == CaseStatus::Closed {
        return Err(TransitionError::Refused("closed"));
    }
    if before.manager_id == Some(to_user) {
        return Err(TransitionError::Refused("same_manager"));
    }
    let from_user = before.manager_id.unwrap_or(actor);
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO case_transfers (case_id, from_user_id, to_user_id, to_territory_id, note, status, \
             requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(before.id)
        .bind(from_user)
        .bind(to_user)
        .bind(to_territory)
        .bind(note)
        .bind("pending")
        .bind(now())
        .fetch_one(c)
        .await
        .map_err(StoreError::from)?
    });
    let mut after = before.clone();
    after.transfer_id = Some(id);
    Ok(save(tx, dl, before, &after, before.version, "transfer_request", note, actor).await?)
}

/// The receiver's answer to a pending transfer. On acceptance the case moves
/// to the receiver and their territory; on refusal it stays with the sender.
pub async fn decide_transfer(
    tx: &mut Tx,
    dl: &Deadlines,
    before: &CaseRow,
    t: &TransferRow,
    accept: bool,
    to_path: Option<&TerritoryPath>,
    reason: Option<&str>,
    actor: i64,
) -> Result<CaseRow, TransitionError> {
    let tid = t.id;
    let status = if accept { "accepted" } else { "declined" };
    on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE case_transfers SET status = $1, decided_at = $2, decision_reason = $3 WHERE id = $4 AND status = $5",
        )
        .bind(status)
        .bind(now())
        .bind(reason)
        .bind(tid)
        .bind("pending")
        .execute(c)
        .await
        .map_err(StoreError::from)?;
    });
    let mut after = before.clone();
    after.transfer_id = None;
    if accept {
        after.manager_id = Some(t.to_user_id);
        after.territory_id = t.to_territory_id;
        if let Some(p) = to_path {
            after.territory_path = p.as_str().to_owned();
        }
        if before.status() == CaseStatus::Referred {
            after.status = CaseStatus::Open.as_str().to_owned();
        }
    }
    let action = if accept { "transfer_accept" } else { "transfer_decline" };
    Ok(save(tx, dl, before, &after, before.version, action, reason, actor).await?)
}

pub(super) const SELECT_TRANSFER: &str =
    "SELECT id, case_id, from_user_id, to_user_id, to_territory_id, note, status, \
     requested_at FROM case_transfers WHERE id = $1";

pub(crate) async fn transfer(tx: &mut Tx, id: i64) -> StoreResult<TransferRow> {
    on_tx!(tx, |c| sqlx::query_as::<_, TransferRow>(SELECT_TRANSFER).bind(id).fetch_optional(c).await?)
        .ok_or(StoreError::NotFound)
}

impl Store {
    pub async fn transfer(&self, id: i64) -> StoreResult<TransferRow> {
        on_db!(&self.db, |c| sqlx::query_as::<_, TransferRow>(SELECT_TRANSFER).bind(id).fetch_optional(c).await?)
            .ok_or(StoreError::NotFound)
    }
}
