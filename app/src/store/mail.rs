//! The mail outbox: alert e-mail waiting to go out, and mail sent. A row is written once per
//! message (`dedup` is unique: one mail per escalation, one digest per user and day, on any
//! number of instances) and sent by whichever instance claims it first.

use super::{now, on_db, Db, StoreResult};
use chrono::NaiveDate;

/// An escalation that has not been mailed yet, with what its mail says.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EscalationToMail {
    pub alert_id: i64,
    pub user_id: i64,
    pub email: String,
    pub language: String,
    pub case_number: String,
    pub step: String,
    pub due_on: NaiveDate,
    pub manager_name: Option<String>,
}

/// Live escalations whose owner has an e-mail address and no mail about them yet (at most `limit`).
pub async fn escalations_to_mail(db: &Db, limit: i64) -> StoreResult<Vec<EscalationToMail>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT a.id AS alert_id, u.id AS user_id, u.email, u.language, k.number AS case_number, a.step, a.due_on, \
             m.full_name AS manager_name FROM alerts a JOIN users u ON u.id = a.owner_id JOIN cases k ON k.id = a.case_id \
             LEFT JOIN users m ON m.id = k.manager_id \
             WHERE a.kind = 'escalation' AND a.state <> 'resolved' AND u.active = TRUE AND u.email IS NOT NULL \
             AND u.email <> '' AND NOT EXISTS (SELECT 1 FROM mail_outbox o WHERE o.dedup = 'escalation/' || a.id) \
             ORDER BY a.id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}

/// A user who gets a digest today: their live alerts, with an address.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DigestUser {
    pub user_id: i64,
    pub email: String,
    pub language: String,
}

/// Users with live alerts, an address and no digest for `day` yet, after `after_user` (paged).
pub async fn digest_users(db: &Db, day: NaiveDate, after_user: i64, limit: i64) -> StoreResult<Vec<DigestUser>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT u.id AS user_id, u.email, u.language FROM users u \
             WHERE u.id > $1 AND u.active = TRUE AND u.email IS NOT NULL AND u.email <> '' \
             AND EXISTS (SELECT 1 FROM alerts a WHERE a.owner_id = u.id AND a.state <> 'resolved') \
             AND NOT EXISTS (SELECT 1 FROM mail_outbox o WHERE o.dedup = 'digest/' || u.id || '/' || $2) \
             ORDER BY u.id LIMIT $3",
        )
        .bind(after_user)
        .bind(day.to_string())
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}

/// Queues a message unless one with the same `dedup` exists. Returns whether it was queued.
pub async fn enqueue(
    db: &Db,
    user_id: i64,
    to: &str,
    kind: &str,
    dedup: &str,
    subject: &str,
    body: &str,
) -> StoreResult<bool> {
    let n = on_db!(db, |c| {
        sqlx::query(
            "INSERT INTO mail_outbox (user_id, to_address, kind, dedup, subject, body, created_at, attempts) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0) ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(to)
        .bind(kind)
        .bind(dedup)
        .bind(subject)
        .bind(body)
        .bind(now())
        .execute(c)
        .await?
        .rows_affected()
    });
    Ok(n == 1)
}

/// A message waiting to go out.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// Messages not sent yet and tried fewer than `max_attempts` times, oldest first.
pub async fn waiting(db: &Db, max_attempts: i64, limit: i64) -> StoreResult<Vec<OutboxRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT id, to_address, subject, body, attempts FROM mail_outbox WHERE sent_at IS NULL AND attempts < $1 \
             ORDER BY id LIMIT $2",
        )
        .bind(max_attempts)
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}

/// Claims a message for sending: true for the one instance whose attempt count matched.
pub async fn claim(db: &Db, row: &OutboxRow) -> StoreResult<bool> {
    let n = on_db!(db, |c| {
        sqlx::query(
            "UPDATE mail_outbox SET attempts = attempts + 1 WHERE id = $1 AND attempts = $2 AND sent_at IS NULL",
        )
        .bind(row.id)
        .bind(row.attempts)
        .execute(c)
        .await?
        .rows_affected()
    });
    Ok(n == 1)
}

/// Records the outcome of a claimed message: sent, or the error it met.
pub async fn finish(db: &Db, id: i64, error: Option<&str>) -> StoreResult<()> {
    on_db!(db, |c| {
        match error {
            None => {
                sqlx::query("UPDATE mail_outbox SET sent_at = $1, last_error = NULL WHERE id = $2")
                    .bind(now())
                    .bind(id)
                    .execute(c)
                    .await?
            }
            Some(e) => {
                sqlx::query("UPDATE mail_outbox SET last_error = $1 WHERE id = $2").bind(e).bind(id).execute(c).await?
            }
        };
    });
    Ok(())
}
