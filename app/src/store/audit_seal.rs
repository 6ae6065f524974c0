//! What keeps the audit log honest against someone who can write to the database: the keys
//! its chain is computed with, kept outside the database, and signed checkpoints of its head,
//! kept outside it too.
//!
//! **Keys.** Each event's hash is an HMAC-SHA-256 under a key the database never holds, named
//! by the event (`key_id`), so keys can rotate: the key file holds one key a line
//! (`<id> <64 hex digits>`), the last one signs new events, and the earlier ones still check
//! the events they signed. Without the key, an edited event cannot be given a hash that holds.
//!
//! **Checkpoints.** Now and then (and on `vatra audit-checkpoint`) the head of the chain, its
//! sequence number and hash, is signed with the current key and appended as one line to a file
//! in a directory the database user cannot write (make it append-only: `chattr +a`). Events
//! removed from the end of the chain, with the head set back to match, then still show: a
//! checkpoint names an event that is gone.

use super::{on_db, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// One key of the audit chain.
#[derive(Clone)]
pub struct AuditKey {
    pub id: String,
    secret: Vec<u8>,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret never reaches a log.
        f.debug_struct("AuditKey").field("id", &self.id).finish_non_exhaustive()
    }
}

impl AuditKey {
    pub(crate) fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.secret).expect("HMAC takes a key of any length")
    }
}

/// The keys this process holds: the current one last.
#[derive(Clone, Debug)]
pub struct AuditKeys {
    keys: Vec<AuditKey>,
}

/// Why the key file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("{0}, line {1}: expected `<key id> <64 hex digits>`")]
    Line(PathBuf, usize),
    #[error("{0}: no key")]
    Empty(PathBuf),
}

fn random_secret() -> [u8; 32] {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut secret = [0u8; 32];
    OsRng.fill_bytes(&mut secret);
    secret
}

impl AuditKeys {
    /// Reads the key file (`<id> <hex>` a line; `#` starts a comment).
    pub fn parse(text: &str, path: &Path) -> Result<AuditKeys, KeyFileError> {
        let mut keys = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || KeyFileError::Line(path.to_owned(), n + 1);
            let (id, hex_key) = line.split_once(char::is_whitespace).ok_or_else(bad)?;
            let secret = hex::decode(hex_key.trim()).map_err(|_| bad())?;
            let id_ok =
                !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
            if secret.len() != 32 || !id_ok {
                return Err(bad());
            }
            keys.push(AuditKey { id: id.to_owned(), secret });
        }
        if keys.is_empty() {
            return Err(KeyFileError::Empty(path.to_owned()));
        }
        Ok(AuditKeys { keys })
    }

    /// The keys of `path`; a missing file is made with one new random key (readable by its
    /// owner only). Returns whether it was made.
    pub fn load_or_create(path: &Path) -> Result<(AuditKeys, bool), KeyFileError> {
        let io = |e| KeyFileError::Io(path.to_owned(), e);
        match std::fs::read_to_string(path) {
            Ok(text) => Ok((AuditKeys::parse(&text, path)?, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                let id = format!("k{}", Utc::now().format("%Y%m%d"));
                let text = format!(
                    "# Vatra's audit keys: keep this file off the database server's reach, and back it up.\n\
                     # The last line signs new events; add a line to rotate, never remove one.\n{id} {}\n",
                    hex::encode(random_secret())
                );
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut f = options.open(path).map_err(io)?;
                f.write_all(text.as_bytes()).and_then(|_| f.sync_all()).map_err(io)?;
                Ok((AuditKeys::parse(&text, path)?, true))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// A key for this process only (tests and tools that write no lasting log).
    pub fn ephemeral() -> AuditKeys {
        AuditKeys { keys: vec![AuditKey { id: "ephemeral".into(), secret: random_secret().to_vec() }] }
    }

    pub fn current(&self) -> &AuditKey {
        self.keys.last().expect("at least one key")
    }

    pub fn get(&self, id: &str) -> Option<&AuditKey> {
        self.keys.iter().find(|k| k.id == id)
    }
}

static KEYS: OnceLock<AuditKeys> = OnceLock::new();

/// Sets the keys of this process, once, at start-up (the first call wins).
pub fn install_keys(keys: AuditKeys) {
    if KEYS.set(keys).is_err() {
        tracing::warn!("the audit keys were installed already");
    }
}

/// The keys of this process: those installed at start-up, else a key of its own.
pub fn keys() -> &'static AuditKeys {
    KEYS.get_or_init(|| {
        tracing::warn!("no audit key file installed: this process signs with a key of its own");
        AuditKeys::ephemeral()
    })
}

/// A signed statement of the chain's head at a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
    pub key_id: String,
    pub mac: String,
}

impl Checkpoint {
    fn signed_text(&self) -> String {
        format!("vatra-audit-checkpoint\n{}\n{}\n{}", self.seq, self.hash, self.at.timestamp_millis())
    }

    /// The head `seq`/`hash` at `at`, signed with the current key.
    pub fn sign(seq: i64, hash: String, at: DateTime<Utc>) -> Checkpoint {
        let key = keys().current();
        let mut c = Checkpoint { seq, hash, at, key_id: key.id.clone(), mac: String::new() };
        let mut m = key.mac();
        m.update(c.signed_text().as_bytes());
        c.mac = hex::encode(m.finalize().into_bytes());
        c
    }

    /// True when a key this process holds signed it as it reads.
    pub fn holds(&self) -> bool {
        let (Some(key), Ok(tag)) = (keys().get(&self.key_id), hex::decode(&self.mac)) else { return false };
        let mut m = key.mac();
        m.update(self.signed_text().as_bytes());
        m.verify_slice(&tag).is_ok()
    }

    /// One line of the checkpoint file.
    pub fn line(&self) -> String {
        format!("{} {} {} {} {}\n", self.seq, self.hash, self.at.to_rfc3339(), self.key_id, self.mac)
    }

    pub fn parse(line: &str) -> Option<Checkpoint> {
        let mut w = line.split_whitespace();
        let c = Checkpoint {
            seq: w.next()?.parse().ok()?,
            hash: w.next()?.to_owned(),
            at: DateTime::parse_from_rfc3339(w.next()?).ok()?.with_timezone(&Utc),
            key_id: w.next()?.to_owned(),
            mac: w.next()?.to_owned(),
        };
        w.next().is_none().then_some(c)
    }
}

/// The checkpoint file in `dir`.
pub fn checkpoint_file(dir: &Path) -> PathBuf {
    dir.join("checkpoints.log")
}

/// The checkpoints written in `dir`, oldest first; a line that does not read as one is an
/// error naming it. No file: none.
pub fn read_checkpoints(dir: &Path) -> Result<Vec<Checkpoint>, String> {
    let path = checkpoint_file(dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            Checkpoint::parse(l).ok_or_else(|| format!("{}, line {}: not a checkpoint", path.display(), n + 1))
        })
        .collect()
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Database(sqlx::Error::Io(e))
}

impl Store {
    /// Signs the chain's head now and appends it to the checkpoint file in `dir` (made when
    /// missing), synced to disk before it returns.
    pub async fn write_audit_checkpoint(&self, dir: &Path) -> StoreResult<Checkpoint> {
        let (seq, hash): (i64, String) = on_db!(&self.db, |c| {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(c).await?
        });
        let cp = Checkpoint::sign(seq, hash, super::now());
        let line = cp.line();
        let dir = dir.to_owned();
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            std::fs::create_dir_all(&dir)?;
            let mut f = std::fs::OpenOptions::new().append(true).create(true).open(checkpoint_file(&dir))?;
            f.write_all(line.as_bytes())?;
            f.sync_all()
        })
        .await
        .map_err(|e| io(std::io::Error::other(e)))?
        .map_err(io)?;
        Ok(cp)
    }
}
