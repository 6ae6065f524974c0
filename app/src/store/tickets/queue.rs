//! The lists of tickets: a reporter's own, and the support queue with its filters and its
//! word search.

use super::*;

/// A ticket in a list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub status: String,
    pub priority: String,
    pub category: String,
    pub reporter_name: Option<String>,
    pub caller_name: Option<String>,
    pub assignee_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub breach_at: Option<DateTime<Utc>>,
    pub soon_at: Option<DateTime<Utc>>,
    pub version: i64,
}

macro_rules! select_summary {
    () => {
        "SELECT t.id, t.number, t.subject, t.status, t.priority, t.category, r.full_name AS reporter_name, \
         t.caller_name, a.full_name AS assignee_name, t.created_at, t.updated_at, t.breach_at, t.soon_at, t.version \
         FROM tickets t LEFT JOIN users r ON r.id = t.reporter_id LEFT JOIN users a ON a.id = t.assignee_id "
    };
}

/// The tickets `reporter` opened, newest first.
pub async fn mine(db: &Db, reporter: i64, offset: i64, limit: i64) -> StoreResult<Vec<SummaryRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(concat!(select_summary!(), "WHERE t.reporter_id = $1 ORDER BY t.id DESC LIMIT $2 OFFSET $3"))
            .bind(reporter)
            .bind(limit)
            .bind(offset)
            .fetch_all(c)
            .await?
    }))
}

/// Which tickets the queue shows.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// `work` (new, open, reopened, waiting), `all`, or one status code.
    pub status: String,
    pub category: Option<String>,
    pub priority: Option<String>,
    /// `any`, `none` or `id` (with `assignee_id`).
    pub assignee: &'static str,
    pub assignee_id: Option<i64>,
    /// `any`, `soon` or `breached`.
    pub breach: &'static str,
    /// An exact ticket number.
    pub number: Option<String>,
    /// Folded words the search text must contain.
    pub text: Option<String>,
    /// Only the tickets of this territory and below (a territory's support); `None`: all.
    pub within: Option<TerritoryPath>,
}

/// The most words of a search the queue looks up; the rest are left out.
pub(super) const MAX_WORDS: usize = 8;

/// Below this many tickets with the words, the queue reads them by id; at or above it, it walks
/// its order and checks each ticket's words (see [`queue`]).
pub const FEW_MATCHES: i64 = 2000;

/// The words of the folded `text` (words of `a-z0-9`, see `names::fold`), at most [`MAX_WORDS`].
pub(super) fn words_of(text: &str) -> Vec<&str> {
    text.split(' ').filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric())).take(MAX_WORDS).collect()
}

/// The tickets that have all of `words`, from the word index (migration 0012): their ids when
/// there are fewer than [`FEW_MATCHES`], else `None` (many). Every word must begin a word of the
/// ticket's search text (`parol` finds `parola`): in FTS5's syntax `"parol"* "cont"*`, in
/// `to_tsquery`'s `parol:* & cont:*`.
pub(super) async fn word_matches(db: &Db, words: &[&str]) -> StoreResult<Option<Vec<i64>>> {
    let query = |each: fn(&str) -> String, and: &str| words.iter().map(|w| each(w)).collect::<Vec<_>>().join(and);
    let ids: Vec<i64> = match db {
        Db::Sqlite(c) => {
            sqlx::query_scalar("SELECT rowid FROM tickets_words WHERE tickets_words MATCH $1 LIMIT $2")
                .bind(query(|w| format!("\"{w}\"*"), " "))
                .bind(FEW_MATCHES)
                .fetch_all(c)
                .await?
        }
        Db::Postgres(c) => {
            sqlx::query_scalar(
                "SELECT id FROM tickets WHERE to_tsvector('simple', search) @@ to_tsquery('simple', $1) LIMIT $2",
            )
            .bind(query(|w| format!("{w}:*"), " & "))
            .bind(FEW_MATCHES)
            .fetch_all(c)
            .await?
        }
    };
    Ok((ids.len() < FEW_MATCHES as usize).then_some(ids))
}

/// A page of the queue: by time to breach (tickets with no running clock last), then by number.
///
/// Words are looked up in the word index first. When few tickets have them, the page is read
/// from those ids; when many do, from the queue's order, checking each ticket's words as the
/// index would (each word starting a word of the search text), which finds a page soon because
/// matches are dense. Left to themselves, the planners do one or the other whatever the word:
/// SQLite read every match first (120 ms for a word in a sixth of 500,000 tickets), PostgreSQL
/// walked the order and built each ticket's words (2 s for a word no ticket has); see
/// docs/figures.md.
pub async fn queue(
    db: &Db,
    f: &QueueFilter,
    at: DateTime<Utc>,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<SummaryRow>> {
    let words = f.text.as_deref().map(words_of).unwrap_or_default();
    let few = if words.is_empty() { None } else { word_matches(db, &words).await? };
    if few.as_ref().is_some_and(Vec::is_empty) {
        return Ok(Vec::new());
    }
    // Only the filters set go in the statement (their values bound), so that each request is
    // planned for what it asks; the order is the one the queue's indexes keep (migration 0011).
    Ok(on_db!(db, |c| {
        let mut qb = sqlx::QueryBuilder::new(concat!(select_summary!(), "WHERE "));
        match f.status.as_str() {
            "work" => qb.push(still_to_do!()),
            "all" => qb.push("TRUE"),
            s => qb.push("t.status = ").push_bind(s),
        };
        if let Some(v) = f.category.as_deref() {
            qb.push(" AND t.category = ").push_bind(v);
        }
        if let Some(v) = f.priority.as_deref() {
            qb.push(" AND t.priority = ").push_bind(v);
        }
        match (f.assignee, f.assignee_id) {
            ("none", _) => {
                qb.push(" AND t.assignee_id IS NULL");
            }
            ("id", Some(id)) => {
                qb.push(" AND t.assignee_id = ").push_bind(id);
            }
            _ => {}
        }
        match f.breach {
            "breached" => {
                qb.push(" AND t.breach_at <= ").push_bind(at);
            }
            "soon" => {
                qb.push(" AND t.soon_at <= ").push_bind(at).push(" AND t.breach_at > ").push_bind(at);
            }
            _ => {}
        }
        if let Some(v) = f.number.as_deref() {
            qb.push(" AND t.number = ").push_bind(v);
        }
        if let Some(t) = &f.within {
            qb.push(" AND t.territory_path >= ").push_bind(t.as_str().to_owned());
            qb.push(" AND t.territory_path < ").push_bind(t.end());
        }
        match &few {
            Some(ids) => {
                qb.push(" AND t.id IN (");
                let mut list = qb.separated(", ");
                for id in ids {
                    list.push_bind(*id);
                }
                qb.push(")");
            }
            None => {
                for w in &words {
                    qb.push(" AND (' ' || t.search) LIKE ").push_bind(crate::store::word_start(w));
                }
            }
        }
        qb.push(" ORDER BY t.breach_at IS NULL, t.breach_at, t.id LIMIT ").push_bind(limit);
        qb.push(" OFFSET ").push_bind(offset);
        let dense = few.is_none() && !words.is_empty();
        if dense && matches!(db, Db::Postgres(_)) {
            // Words many tickets have: PostgreSQL takes `LIKE '% word%'` for rare, reads every
            // ticket and sorts (130 ms), where the walk along the order finds a page in 2 ms.
            // Only this statement is told so, inside its own transaction.
            let mut tx = c.begin().await?;
            sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await?;
            sqlx::query("SET LOCAL enable_bitmapscan = off").execute(&mut *tx).await?;
            let rows = qb.build_query_as::<SummaryRow>().fetch_all(&mut *tx).await?;
            tx.commit().await?;
            rows
        } else {
            qb.build_query_as::<SummaryRow>().fetch_all(c).await?
        }
    }))
}

/// The active support agents, by name.
pub async fn agents(db: &Db) -> StoreResult<Vec<(i64, String)>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(concat!(
            "SELECT id, full_name FROM users WHERE active = TRUE AND ",
            crate::store::support_rules::support_agents!(),
            " ORDER BY full_name, id LIMIT 500"
        ))
        .fetch_all(c)
        .await?
    }))
}
