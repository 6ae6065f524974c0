//! The store: every SQL statement Vatra runs, behind one API of use-case
//! methods, on SQLite (default) or PostgreSQL.
//!
//! Each query is written once; [`on_db!`] and [`on_tx!`] compile it once per
//! engine with native types. The few dialect-specific statements sit side by
//! side in the function that needs them.

pub mod alerts;
pub mod attachments;
pub mod audit;
pub mod audit_seal;
pub mod case_change;
pub mod case_steps;
pub mod cases;
pub mod classifiers;
pub mod day_report;
pub mod deadlines;
pub mod forms;
pub mod history;
pub mod indicators;
pub mod mail;
pub mod persons;
pub mod registers;
pub mod role_grants;
pub mod saved_replies;
pub mod support_rules;
pub mod synth;
pub mod territories;
pub mod ticket_files;
pub mod tickets;
pub mod users;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

pub use audit::{AuditEvent, AuditFilter, AuditRecord, Outcome};
pub use territories::TerritoryRow;
pub use users::{NewUser, UserRow};

/// Runs the same statement on whichever engine the store holds.
/// `$c` is bound to the engine's pool inside `$body`.
macro_rules! on_db {
    ($db:expr, |$c:ident| $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($c) => $body,
            $crate::store::Db::Postgres($c) => $body,
        }
    };
}
/// Like [`on_db!`], for an open transaction: `$c` is the `&mut` connection.
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use {on_db, on_tx};

/// The `LIKE` pattern that finds `word` (folded, `a-z0-9`) at the start of a word of a folded
/// text compared as `' ' || text`: the same test the tickets' word index makes.
pub(crate) fn word_start(word: &str) -> String {
    format!("% {word}%")
}

/// A failure of the store. Callers map it to [`crate::domain::AppError`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("not found")]
    NotFound,
    #[error("unique value already taken: {0}")]
    Duplicate(&'static str),
    #[error("stale version")]
    Stale { changed_by: String, changed_at: chrono::DateTime<chrono::Utc> },
    /// The record is archived or closed: it can be read, not changed.
    #[error("read only")]
    ReadOnly,
    #[error("unsupported database url (use sqlite: or postgres:)")]
    UnsupportedUrl,
}

impl StoreError {
    /// True when the database could not be reached at all.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which engine, with its pool.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction on either engine.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// The one store the rest of Vatra calls.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
    /// Where attachments' contents are kept as files; `None`: in the database.
    pub(crate) files: Option<std::sync::Arc<std::path::PathBuf>>,
}

/// Pool settings the configuration decides.
#[derive(Clone, Debug)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings { max_connections: 8, acquire_timeout: Duration::from_secs(5) }
    }
}

impl Store {
    /// Connects to `url` (`sqlite:` or `postgres:`), creating a SQLite file and
    /// its folder when missing, and applies the migrations of that dialect.
    pub async fn connect(url: &str, settings: &PoolSettings) -> StoreResult<Store> {
        let db = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            if let Some(dir) = opts.get_filename().parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(settings.max_connections)
                .acquire_timeout(settings.acquire_timeout)
                .connect_with(opts)
                .await?;
            sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
            Db::Sqlite(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(settings.max_connections)
                .acquire_timeout(settings.acquire_timeout)
                .connect_with(opts)
                .await?;
            sqlx::migrate!("../migrations/postgres").run(&pool).await?;
            Db::Postgres(pool)
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        let store = Store { db, files: None };
        territories::seed_if_empty(&store).await?;
        classifiers::seed_if_empty(&store).await?;
        forms::seed_definitions(&store).await?;
        deadlines::seed(&store).await?;
        Ok(store)
    }

    /// The engine's name, for logs and health checks.
    pub fn engine(&self) -> &'static str {
        match self.db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Keeps attachments' contents as files under `dir` (created when missing) instead of in
    /// the database. Files already in the database stay there and are still read.
    pub fn with_attachments_dir(mut self, dir: Option<std::path::PathBuf>) -> Self {
        self.files = dir.map(std::sync::Arc::new);
        self
    }

    /// Opens a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers never deadlock upgrading a read.
    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(match &self.db {
            Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        on_db!(&self.db, |c| sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(c).await.is_ok())
    }

    pub async fn close(&self) {
        on_db!(&self.db, |c| c.close().await)
    }
}

/// The current time, truncated to milliseconds so that what is stored and
/// what is read back (and hashed) are equal on both engines.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(3)
}

static ZONE: std::sync::OnceLock<chrono_tz::Tz> = std::sync::OnceLock::new();

/// Sets the agency's time zone (`VATRA_TIME_ZONE`) once, at start; later calls change nothing.
pub fn set_time_zone(zone: chrono_tz::Tz) {
    let _ = ZONE.set(zone);
}

/// The agency's time zone: Europe/Chisinau unless configured.
pub fn zone() -> chrono_tz::Tz {
    ZONE.get().copied().unwrap_or(chrono_tz::Europe::Chisinau)
}

/// Today in the agency's zone: case numbers take their year from it, due dates count from it.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&zone()).date_naive()
}

/// Maps a unique-constraint violation to [`StoreError::Duplicate`].
pub(crate) fn map_unique(e: sqlx::Error, what: &'static str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate(what),
        _ => StoreError::Database(e),
    }
}

/// The next value of the counter `scope` (first call: 1). Counters only go
/// up, inside the caller's transaction, so a number is never handed out twice.
pub(crate) async fn next_counter(tx: &mut Tx, scope: &str) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO counters (scope, last) VALUES ($1, 1) \
             ON CONFLICT (scope) DO UPDATE SET last = counters.last + 1 RETURNING last",
        )
        .bind(scope)
        .fetch_one(c)
        .await?
    }))
}
