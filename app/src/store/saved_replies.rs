//! Saved replies: answers support agents insert into a reply and edit before sending, and the
//! knowledge base: those offered to users writing a new ticket. Never deleted; one taken out of
//! use is archived.

use super::{now, on_db, on_tx, Db, StoreError, StoreResult, Tx};
use chrono::{DateTime, Utc};

/// A saved reply in use.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SavedReplyRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub updated_at: DateTime<Utc>,
    /// Offered to users writing a new ticket.
    pub offered: bool,
    pub version: i64,
}

/// The saved replies in use, by title.
pub async fn list(db: &Db) -> StoreResult<Vec<SavedReplyRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT id, title, body, updated_at, offered, version FROM saved_replies WHERE archived_at IS NULL \
             ORDER BY title, id LIMIT 500",
        )
        .fetch_all(c)
        .await?
    }))
}

fn duplicate(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate("title"),
        _ => e.into(),
    }
}

/// The folded title and text the knowledge base matches words in.
fn search_text(title: &str, body: &str) -> String {
    crate::domain::names::fold(&format!("{title} {body}"))
}

/// Adds a saved reply; a title in use is `Duplicate("title")`.
pub async fn create(tx: &mut Tx, title: &str, body: &str, offered: bool, actor: i64) -> StoreResult<i64> {
    let at = now();
    on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO saved_replies (title, body, offered, search, created_at, created_by, updated_at, updated_by, \
             version) VALUES ($1, $2, $3, $4, $5, $6, $5, $6, 1) RETURNING id",
        )
        .bind(title)
        .bind(body)
        .bind(offered)
        .bind(search_text(title, body))
        .bind(at)
        .bind(actor)
        .fetch_one(c)
        .await
        .map_err(duplicate)
    })
}

/// What a change sets on a saved reply: title, text, whether it is offered.
pub type ReplyChange<'a> = (&'a str, &'a str, bool);

/// Changes a saved reply still at `expected` version, or archives it (`change` none).
pub async fn update(
    tx: &mut Tx,
    id: i64,
    expected: i64,
    change: Option<ReplyChange<'_>>,
    actor: i64,
) -> StoreResult<i64> {
    let at = now();
    let archive = change.is_none();
    let (title, body, offered) = change.unwrap_or(("", "", false));
    let search = search_text(title, body);
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE saved_replies SET title = CASE WHEN $3 THEN title ELSE $4 END, \
             body = CASE WHEN $3 THEN body ELSE $5 END, archived_at = CASE WHEN $3 THEN $6 ELSE archived_at END, \
             offered = CASE WHEN $3 THEN offered ELSE $8 END, search = CASE WHEN $3 THEN search ELSE $9 END, \
             updated_at = $6, updated_by = $7, version = version + 1 \
             WHERE id = $1 AND version = $2 AND archived_at IS NULL",
        )
        .bind(id)
        .bind(expected)
        .bind(archive)
        .bind(title)
        .bind(body)
        .bind(at)
        .bind(actor)
        .bind(offered)
        .bind(&search)
        .execute(c)
        .await
        .map_err(duplicate)?
        .rows_affected()
    });
    if affected == 1 {
        return Ok(expected + 1);
    }
    let who: Option<(String, DateTime<Utc>)> = on_tx!(tx, |c| {
        sqlx::query_as(
            "SELECT u.full_name, r.updated_at FROM saved_replies r JOIN users u ON u.id = r.updated_by WHERE r.id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await?
    });
    Err(match who {
        Some((changed_by, changed_at)) => StoreError::Stale { changed_by, changed_at },
        None => StoreError::NotFound,
    })
}

/// The offered answers that share most of `terms` (see `domain::ticket::answer_terms`), each term
/// matched as the start of a word of the title or text; at most `limit`, the best first. The
/// knowledge base is small (at most a few hundred answers), so this reads all of it.
pub async fn answers(db: &Db, terms: &[String], limit: i64) -> StoreResult<Vec<SavedReplyRow>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    Ok(on_db!(db, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "SELECT id, title, body, updated_at, offered, version FROM (SELECT id, title, body, updated_at, offered, \
             version, 0",
        );
        for t in terms {
            qb.push(" + CASE WHEN ' ' || search LIKE ").push_bind(super::word_start(t)).push(" THEN 1 ELSE 0 END");
        }
        qb.push(" AS score FROM saved_replies WHERE offered = TRUE AND archived_at IS NULL) a WHERE score > 0 ");
        qb.push("ORDER BY score DESC, title, id LIMIT ").push_bind(limit);
        qb.build_query_as::<SavedReplyRow>().fetch_all(c).await?
    }))
}
