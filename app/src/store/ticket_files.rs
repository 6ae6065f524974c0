//! Files sent with tickets' messages: a screenshot, a photo, a document. A file is sent first
//! (one request per file, or with a plain form's post) and goes with the message it was sent
//! for once that message is written; a file is never changed, moved or deleted. Contents are
//! kept as the case forms' attachments are (see [`super::attachments`]).

use super::attachments::Kept;
use super::{now, on_db, on_tx, Store, StoreError, StoreResult, Tx};
use chrono::{DateTime, Utc};

/// One file, without its content, and the message it went with (none yet: only its sender
/// reads it).
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct TicketFileRow {
    pub id: i64,
    pub file_name: String,
    /// As the content shows it.
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub stored_in: String,
    pub has_thumbnail: bool,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub ticket_id: Option<i64>,
    pub message_id: Option<i64>,
    /// The kind of that message (`note` is support's only).
    pub message_kind: Option<String>,
}

const SELECT: &str = "SELECT f.id, f.file_name, f.content_type, f.size_bytes, f.sha256, f.stored_in, \
     f.thumbnail IS NOT NULL AS has_thumbnail, f.created_by, f.created_at, l.ticket_id, l.message_id, \
     m.kind AS message_kind \
     FROM ticket_files f LEFT JOIN ticket_message_files l ON l.file_id = f.id \
     LEFT JOIN ticket_messages m ON m.id = l.message_id";

/// A file to keep: checked (type, size) by the caller.
pub struct NewTicketFile<'a> {
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
    pub thumbnail: Option<&'a [u8]>,
    pub actor: i64,
}

impl Store {
    /// Keeps a file sent by `n.actor`, not yet with any message.
    pub async fn add_ticket_file(&self, n: &NewTicketFile<'_>) -> StoreResult<TicketFileRow> {
        let (sha256, stored_in, inline) = self.keep_content(n.content).await?;
        let id: i64 = on_db!(&self.db, |c| {
            sqlx::query_scalar(
                "INSERT INTO ticket_files (file_name, content_type, size_bytes, sha256, stored_in, content, thumbnail, \
                 created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(n.file_name)
            .bind(n.content_type)
            .bind(n.content.len() as i64)
            .bind(&sha256)
            .bind(stored_in)
            .bind(inline)
            .bind(n.thumbnail)
            .bind(n.actor)
            .bind(now())
            .fetch_one(c)
            .await?
        });
        self.ticket_file(id).await
    }

    /// One file's record.
    pub async fn ticket_file(&self, id: i64) -> StoreResult<TicketFileRow> {
        let sql = format!("{SELECT} WHERE f.id = $1");
        on_db!(&self.db, |c| sqlx::query_as::<_, TicketFileRow>(&sql).bind(id).fetch_optional(c).await?)
            .ok_or(StoreError::NotFound)
    }

    /// The files of ticket `ticket`'s messages, by file; those of internal notes only with
    /// `notes`.
    pub async fn files_of_ticket(&self, ticket: i64, notes: bool) -> StoreResult<Vec<TicketFileRow>> {
        let sql = format!("{SELECT} WHERE l.ticket_id = $1 AND ($2 OR m.kind <> 'note') ORDER BY f.id");
        on_db!(&self.db, |c| Ok(sqlx::query_as::<_, TicketFileRow>(&sql).bind(ticket).bind(notes).fetch_all(c).await?))
    }

    /// A file's content, from the row or the directory.
    pub async fn ticket_file_content(&self, row: &TicketFileRow) -> StoreResult<Vec<u8>> {
        self.content_in(Kept::TicketFiles, row.id, &row.stored_in, &row.sha256).await
    }

    /// A photo's thumbnail (JPEG), when one was made.
    pub async fn ticket_file_thumbnail(&self, id: i64) -> StoreResult<Vec<u8>> {
        self.thumbnail_in(Kept::TicketFiles, id).await
    }
}

/// Of `ids`, the files `sender` sent that have gone with no message yet, by id.
pub async fn unsent(tx: &mut Tx, sender: i64, ids: &[i64]) -> StoreResult<Vec<TicketFileRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "{SELECT} WHERE f.created_by = $1 AND l.file_id IS NULL AND f.id IN ({}) ORDER BY f.id",
        marks.join(", ")
    );
    Ok(on_tx!(tx, |c| {
        let mut q = sqlx::query_as::<_, TicketFileRow>(&sql).bind(sender);
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(c).await?
    }))
}

/// Sends the files `ids` with message `message` of ticket `ticket`. A file already sent with
/// another message is refused by the table's key.
pub async fn send_with(tx: &mut Tx, ticket: i64, message: i64, ids: &[i64]) -> StoreResult<()> {
    for id in ids {
        on_tx!(tx, |c| {
            sqlx::query("INSERT INTO ticket_message_files (file_id, message_id, ticket_id) VALUES ($1, $2, $3)")
                .bind(*id)
                .bind(message)
                .bind(ticket)
                .execute(c)
                .await?;
        });
    }
    Ok(())
}
