//! A user's notifications: the list, the unread count, read marks, and what the live updates
//! ask for.

use super::*;

/// One notification as its list shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
    pub actor_name: Option<String>,
    pub detail: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// Which notifications a list shows.
#[derive(Clone, Debug, Default)]
pub struct NotificationFilter {
    pub unread_only: bool,
    /// At most four kind codes (one, or the four alert levels); empty: every kind.
    pub kinds: Vec<String>,
    /// Only those older than this id (the next page).
    pub before: Option<i64>,
}

/// A page of `user`'s notifications, newest first: `limit` rows (the caller asks one more to know
/// whether another page follows).
pub async fn notifications(
    db: &Db,
    user: i64,
    f: &NotificationFilter,
    limit: i64,
) -> StoreResult<Vec<NotificationRow>> {
    // Up to four kinds (one, or the four alert levels), bound; the unused places hold a code no
    // notification has.
    let mut kinds: Vec<&str> = f.kinds.iter().map(String::as_str).take(4).collect();
    kinds.resize(4, "");
    let rows = on_db!(db, |c| {
        sqlx::query_as(
            "SELECT n.id, n.kind, n.case_id, k.number AS case_number, n.ticket_id, t.number AS ticket_number, \
             u.full_name AS actor_name, n.detail, n.created_at, n.read_at FROM notifications n \
             LEFT JOIN cases k ON k.id = n.case_id LEFT JOIN tickets t ON t.id = n.ticket_id \
             LEFT JOIN users u ON u.id = n.actor_id \
             WHERE n.user_id = $1 AND ($2 = FALSE OR n.read_at IS NULL) AND ($3 IS NULL OR n.id < $3) \
             AND ($5 = FALSE OR n.kind IN ($6, $7, $8, $9)) ORDER BY n.id DESC LIMIT $4",
        )
        .bind(user)
        .bind(f.unread_only)
        .bind(f.before)
        .bind(limit)
        .bind(!f.kinds.is_empty())
        .bind(kinds[0])
        .bind(kinds[1])
        .bind(kinds[2])
        .bind(kinds[3])
        .fetch_all(c)
        .await?
    });
    Ok(rows)
}

/// How many of `user`'s notifications are unread.
pub async fn unread_count(db: &Db, user: i64) -> StoreResult<i64> {
    Ok(on_db!(db, |c| {
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user)
            .fetch_one(c)
            .await?
    }))
}

/// Marks one of `user`'s notifications read; returns where it leads (its case, its ticket), or
/// `NotFound` when it is not theirs.
pub async fn mark_read(tx: &mut Tx, user: i64, id: i64) -> StoreResult<(Option<i64>, Option<i64>)> {
    let row: Option<(Option<i64>, Option<i64>)> = on_tx!(tx, |c| {
        sqlx::query_as("SELECT case_id, ticket_id FROM notifications WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user)
            .fetch_optional(c)
            .await?
    });
    let (case_id, ticket_id) = row.ok_or(StoreError::NotFound)?;
    on_tx!(tx, |c| {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL")
            .bind(now())
            .bind(id)
            .execute(c)
            .await?;
    });
    Ok((case_id, ticket_id))
}

/// Marks `user`'s notifications about a ticket read (they opened it); returns how many.
pub async fn mark_ticket_read(db: &Db, user: i64, ticket: i64) -> StoreResult<u64> {
    Ok(on_db!(db, |c| {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND ticket_id = $3 AND read_at IS NULL")
            .bind(now())
            .bind(user)
            .bind(ticket)
            .execute(c)
            .await?
            .rows_affected()
    }))
}

/// Marks all of `user`'s notifications up to `up_to` (the newest they saw) read; returns how many.
pub async fn mark_all_read(tx: &mut Tx, user: i64, up_to: i64) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND id <= $3")
            .bind(now())
            .bind(user)
            .bind(up_to)
            .execute(c)
            .await?
            .rows_affected()
    }))
}

/// The users with notifications newer than `after`, and the newest id seen (for the live feed,
/// which polls this so that an event reaches its user whichever instance they are connected to).
pub async fn notified_since(db: &Db, after: i64, limit: i64) -> StoreResult<(Vec<i64>, i64)> {
    let rows: Vec<(i64, i64)> = on_db!(db, |c| {
        sqlx::query_as("SELECT id, user_id FROM notifications WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(c)
            .await?
    });
    let newest = rows.last().map(|r| r.0).unwrap_or(after);
    let mut users: Vec<i64> = rows.into_iter().map(|r| r.1).collect();
    users.sort_unstable();
    users.dedup();
    Ok((users, newest))
}

/// The newest notification id (the live feed starts from it).
pub async fn newest_notification(db: &Db) -> StoreResult<i64> {
    Ok(on_db!(db, |c| {
        sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM notifications").fetch_one(c).await?.unwrap_or(0)
    }))
}
