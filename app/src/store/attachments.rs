//! Attachments: the photos and documents of case forms. A row is written once and never changed
//! or deleted. The content sits in the row, or, when the store has an attachments directory,
//! in a file named by its SHA-256 (the same photo sent twice is kept once); the thumbnail always
//! sits in the row.

use super::{now, on_db, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where a file's content is kept.
pub const IN_DATABASE: &str = "database";
pub const IN_DIRECTORY: &str = "directory";

/// One stored file, without its content.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow, Serialize, Deserialize)]
pub struct AttachmentRow {
    pub id: i64,
    pub case_id: i64,
    pub submission_id: i64,
    /// The form field it was sent to (`photos`, `actions.0.evidence`).
    pub field_path: String,
    pub file_name: String,
    /// As the content shows it.
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub stored_in: String,
    pub has_thumbnail: bool,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT id, case_id, submission_id, field_path, file_name, content_type, size_bytes, sha256, \
     stored_in, thumbnail IS NOT NULL AS has_thumbnail, created_by, created_at FROM attachments";

/// A file to keep: checked (type, size) by the caller.
pub struct NewAttachment<'a> {
    pub case_id: i64,
    pub submission_id: i64,
    pub field_path: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
    pub thumbnail: Option<&'a [u8]>,
    pub actor: i64,
}

/// The file of a content in the attachments directory: `ab/abcdef…` (two letters of fan-out).
fn file_in(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(sha256)
}

/// Writes `content` under its hash, through a temporary file renamed into place, so that a
/// reader never sees half a file. An existing file of that hash is the same content: kept.
async fn write_file(dir: &Path, sha256: &str, content: &[u8]) -> std::io::Result<()> {
    let path = file_in(dir, sha256);
    if tokio::fs::try_exists(&path).await.unwrap_or(false) {
        return Ok(());
    }
    let parent = path.parent().unwrap_or(dir);
    tokio::fs::create_dir_all(parent).await?;
    let tmp = parent.join(format!(".{sha256}.{}", uuid::Uuid::new_v4()));
    tokio::fs::write(&tmp, content).await?;
    let file = tokio::fs::File::open(&tmp).await?;
    file.sync_all().await?;
    tokio::fs::rename(&tmp, &path).await
}

/// The tables that keep files' contents.
#[derive(Clone, Copy, Debug)]
pub(super) enum Kept {
    /// The case forms' attachments.
    Attachments,
    /// The files sent with tickets' messages.
    TicketFiles,
}

impl Kept {
    fn name(self) -> &'static str {
        match self {
            Kept::Attachments => "attachments",
            Kept::TicketFiles => "ticket_files",
        }
    }
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Database(sqlx::Error::Io(e))
}

impl Store {
    /// Keeps a file: in the attachments directory when the store has one, else in the row.
    pub async fn add_attachment(&self, n: &NewAttachment<'_>) -> StoreResult<AttachmentRow> {
        let (sha256, stored_in, inline) = self.keep_content(n.content).await?;
        let id: i64 = on_db!(&self.db, |c| {
            sqlx::query_scalar(
                "INSERT INTO attachments (case_id, submission_id, field_path, file_name, content_type, size_bytes, \
                 sha256, stored_in, content, thumbnail, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(n.case_id)
            .bind(n.submission_id)
            .bind(n.field_path)
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
        self.attachment(id).await
    }

    /// One file's record.
    pub async fn attachment(&self, id: i64) -> StoreResult<AttachmentRow> {
        let sql = format!("{SELECT} WHERE id = $1");
        on_db!(&self.db, |c| sqlx::query_as::<_, AttachmentRow>(&sql).bind(id).fetch_optional(c).await?)
            .ok_or(StoreError::NotFound)
    }

    /// The records of `ids` that belong to `case_id`, by id; ids of other cases are left out.
    pub async fn attachments_of_case(&self, case_id: i64, ids: &[i64]) -> StoreResult<Vec<AttachmentRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!("{SELECT} WHERE case_id = $1 AND id IN ({}) ORDER BY id", marks.join(", "));
        on_db!(&self.db, |c| {
            let mut q = sqlx::query_as::<_, AttachmentRow>(&sql).bind(case_id);
            for id in ids {
                q = q.bind(*id);
            }
            Ok(q.fetch_all(c).await?)
        })
    }

    /// A file's content, from the row or the directory.
    pub async fn attachment_content(&self, row: &AttachmentRow) -> StoreResult<Vec<u8>> {
        self.content_in(Kept::Attachments, row.id, &row.stored_in, &row.sha256).await
    }

    /// Where a file's content goes: under its SHA-256 in the attachments directory when the
    /// store has one, else in its row. Answers the hash, `stored_in` and what the row holds.
    pub(super) async fn keep_content<'c>(
        &self,
        content: &'c [u8],
    ) -> StoreResult<(String, &'static str, Option<&'c [u8]>)> {
        use sha2::{Digest, Sha256};
        let sha256 = hex::encode(Sha256::digest(content));
        match self.files.as_deref() {
            Some(dir) => {
                write_file(dir, &sha256, content).await.map_err(io)?;
                Ok((sha256, IN_DIRECTORY, None))
            }
            None => Ok((sha256, IN_DATABASE, Some(content))),
        }
    }

    /// The content of row `id` of `table`, from the row or the directory.
    pub(super) async fn content_in(&self, table: Kept, id: i64, stored_in: &str, sha256: &str) -> StoreResult<Vec<u8>> {
        if stored_in == IN_DIRECTORY {
            let Some(dir) = self.files.as_deref() else {
                return Err(io(std::io::Error::other("attachments directory not configured")));
            };
            return tokio::fs::read(file_in(dir, sha256)).await.map_err(io);
        }
        let sql = format!("SELECT content FROM {} WHERE id = $1", table.name());
        let content: Option<Option<Vec<u8>>> =
            on_db!(&self.db, |c| sqlx::query_scalar(&sql).bind(id).fetch_optional(c).await?);
        content.flatten().ok_or(StoreError::NotFound)
    }

    /// The thumbnail (JPEG) of row `id` of `table`, when one was made.
    pub(super) async fn thumbnail_in(&self, table: Kept, id: i64) -> StoreResult<Vec<u8>> {
        let sql = format!("SELECT thumbnail FROM {} WHERE id = $1", table.name());
        let thumb: Option<Option<Vec<u8>>> =
            on_db!(&self.db, |c| sqlx::query_scalar(&sql).bind(id).fetch_optional(c).await?);
        thumb.flatten().ok_or(StoreError::NotFound)
    }

    /// A photo's thumbnail (JPEG), when one was made.
    pub async fn attachment_thumbnail(&self, id: i64) -> StoreResult<Vec<u8>> {
        self.thumbnail_in(Kept::Attachments, id).await
    }
}
