//! Configuration from environment variables, with defaults that run Vatra
//! on one machine. A bad value ends start-up with one clear line.

use crate::store::users::LockoutPolicy;
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    /// `VATRA_DATABASE_URL` or `DATABASE_URL`; default `sqlite:data/vatra.db`.
    pub database_url: String,
    /// `VATRA_LISTEN`; default `127.0.0.1:3000`.
    pub listen: SocketAddr,
    /// `VATRA_SECURE_COOKIES`: send cookies only over HTTPS, `__Host-` prefix, HSTS. Default false.
    pub secure_cookies: bool,
    /// `VATRA_SESSION_IDLE_MINUTES`; default 30.
    pub session_idle: Duration,
    /// `VATRA_SESSION_MAX_HOURS`: absolute session lifetime; default 12.
    pub session_absolute: Duration,
    /// `VATRA_LOCKOUT_ATTEMPTS` (5), `VATRA_LOCKOUT_WINDOW_MINUTES` (15), `VATRA_LOCKOUT_MINUTES` (15).
    pub lockout: LockoutPolicy,
    /// `VATRA_SIGN_IN_PER_MINUTE`: sign-in attempts per client address; default 20.
    pub sign_in_per_minute: u32,
    /// Sign-in attempts per user name per minute (per instance), beside the per-address limit.
    pub sign_in_per_user_per_minute: u32,
    /// `VATRA_HASH_WORKERS`: concurrent password hashes; default half the cores.
    pub hash_workers: usize,
    /// `VATRA_DB_MAX_CONNECTIONS`; default 8.
    pub db_max_connections: u32,
    /// `VATRA_TRUST_PROXY`: take the client address from `X-Forwarded-For` (behind a load balancer). Default false.
    pub trust_proxy: bool,
    /// `VATRA_ATTACHMENTS_DIR`: keep attachments as files in this directory; default unset: in
    /// the database.
    pub attachments_dir: Option<std::path::PathBuf>,
    /// The audit chain's keys, one a line (made with one new key when missing).
    pub audit_key_file: std::path::PathBuf,
    /// Where signed checkpoints of the audit chain's head are appended.
    pub audit_checkpoint_dir: std::path::PathBuf,
    /// How often a checkpoint is written.
    pub audit_checkpoint_every: Duration,
    /// `VATRA_ATTACHMENT_MAX_MB`: the largest file a form takes, in MiB; default 10.
    pub attachment_max_bytes: u64,
    /// `VATRA_DEMO`: seed demo users on start. Default false.
    pub demo: bool,
    /// `VATRA_LOG` or `RUST_LOG`; default `info`.
    pub log: String,
    /// `VATRA_ALERT_INTERVAL_SECONDS`: how often the alert rules run on a schedule; default 300.
    pub alert_interval: Duration,
    /// `VATRA_TIME_ZONE`: the agency's zone, in which days (and so deadlines) begin and end;
    /// default `Europe/Chisinau`.
    pub time_zone: chrono_tz::Tz,
    /// `VATRA_SMTP_URL`, `VATRA_MAIL_FROM`, `VATRA_DIGEST_HOUR`: alert e-mail; unset: no mail.
    pub mail: Option<MailSettings>,
    /// `VATRA_SUPPORT_MAIL_CATEGORY`: the ticket category of support mail taken in with
    /// `vatra mail-in`; unset: support mail is not taken in. Answers go out by e-mail when
    /// `VATRA_SMTP_URL` is set too (their sender, `VATRA_MAIL_FROM`, should be the support address
    /// the users write to, so that their answers come back).
    pub support_mail_category: Option<String>,
    /// The receiving mail server's id in `Authentication-Results`: only its results are read,
    /// and support mail without them is refused. Unset: the topmost such header, if any.
    pub mail_authserv_id: Option<String>,
}

/// Where alert e-mail goes out, from whom, and when the daily digest is sent.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://host:port` (plain; add `?tls=required` for STARTTLS) or `smtps://host:port` (TLS), with
    /// `user:password@` when the server wants them.
    pub url: String,
    /// The sender, e.g. `Vatra <vatra@example.md>`.
    pub from: String,
    /// The hour (0–23, agency time) from which each day's digest goes out; default 7.
    pub digest_hour: u32,
}

/// One bad setting, named with its variable.
#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

fn bad(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { var, message: message.into() }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads the configuration through `get`, so tests can pass their own values.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let num = |var: &'static str, default: u64, min: u64, max: u64| -> Result<u64, ConfigError> {
            match get(var) {
                None => Ok(default),
                Some(v) => match v.trim().parse::<u64>() {
                    Ok(n) if (min..=max).contains(&n) => Ok(n),
                    _ => Err(bad(var, format!("expected a whole number from {min} to {max}, got {v:?}"))),
                },
            }
        };
        let flag = |var: &'static str| -> Result<bool, ConfigError> {
            match get(var).map(|v| v.trim().to_ascii_lowercase()) {
                None => Ok(false),
                Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
                Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
                Some(v) => Err(bad(var, format!("expected true or false, got {v:?}"))),
            }
        };
        let database_url =
            get("VATRA_DATABASE_URL").or_else(|| get("DATABASE_URL")).unwrap_or_else(|| "sqlite:data/vatra.db".into());
        if !["sqlite:", "postgres:", "postgresql:"].iter().any(|p| database_url.starts_with(p)) {
            return Err(bad("DATABASE_URL", "expected a sqlite: or postgres:// URL"));
        }
        let listen = match get("VATRA_LISTEN") {
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
            Some(v) => v.trim().parse().map_err(|_| bad("VATRA_LISTEN", format!("expected host:port, got {v:?}")))?,
        };
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Ok(Config {
            database_url,
            listen,
            secure_cookies: flag("VATRA_SECURE_COOKIES")?,
            session_idle: Duration::from_secs(60 * num("VATRA_SESSION_IDLE_MINUTES", 30, 1, 24 * 60)?),
            session_absolute: Duration::from_secs(3600 * num("VATRA_SESSION_MAX_HOURS", 12, 1, 24 * 30)?),
            lockout: LockoutPolicy {
                max_failures: num("VATRA_LOCKOUT_ATTEMPTS", 5, 1, 100)? as i64,
                window: chrono::Duration::minutes(num("VATRA_LOCKOUT_WINDOW_MINUTES", 15, 1, 24 * 60)? as i64),
                lock_for: chrono::Duration::minutes(num("VATRA_LOCKOUT_MINUTES", 15, 1, 24 * 60)? as i64),
            },
            sign_in_per_minute: num("VATRA_SIGN_IN_PER_MINUTE", 20, 1, 100_000)? as u32,
            sign_in_per_user_per_minute: num("VATRA_SIGN_IN_PER_USER_PER_MINUTE", 10, 1, 100_000)? as u32,
            hash_workers: num("VATRA_HASH_WORKERS", (cores / 2).max(1) as u64, 1, 256)? as usize,
            db_max_connections: num("VATRA_DB_MAX_CONNECTIONS", 8, 1, 1000)? as u32,
            trust_proxy: flag("VATRA_TRUST_PROXY")?,
            attachments_dir: get("VATRA_ATTACHMENTS_DIR").map(|d| std::path::PathBuf::from(d.trim())),
            audit_key_file: get("VATRA_AUDIT_KEY_FILE")
                .map(|d| std::path::PathBuf::from(d.trim()))
                .unwrap_or_else(|| "data/audit.keys".into()),
            audit_checkpoint_dir: get("VATRA_AUDIT_CHECKPOINT_DIR")
                .map(|d| std::path::PathBuf::from(d.trim()))
                .unwrap_or_else(|| "data/audit-checkpoints".into()),
            audit_checkpoint_every: Duration::from_secs(60 * num("VATRA_AUDIT_CHECKPOINT_MINUTES", 15, 1, 60)?),
            attachment_max_bytes: num("VATRA_ATTACHMENT_MAX_MB", 10, 1, 100)? * 1024 * 1024,
            demo: flag("VATRA_DEMO")?,
            log: get("VATRA_LOG").or_else(|| get("RUST_LOG")).unwrap_or_else(|| "info".into()),
            mail: match get("VATRA_SMTP_URL") {
                None => None,
                Some(url) => {
                    let url = url.trim().to_owned();
                    if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                        return Err(bad("VATRA_SMTP_URL", "expected smtp://host:port or smtps://host:port"));
                    }
                    if let Err(e) = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&url) {
                        return Err(bad("VATRA_SMTP_URL", e.to_string()));
                    }
                    let from = get("VATRA_MAIL_FROM").ok_or_else(|| {
                        bad("VATRA_MAIL_FROM", "required with VATRA_SMTP_URL, e.g. Vatra <vatra@example.md>")
                    })?;
                    if from.trim().parse::<lettre::message::Mailbox>().is_err() {
                        return Err(bad(
                            "VATRA_MAIL_FROM",
                            format!("expected an address such as Vatra <vatra@example.md>, got {from:?}"),
                        ));
                    }
                    Some(MailSettings {
                        url,
                        from: from.trim().to_owned(),
                        digest_hour: num("VATRA_DIGEST_HOUR", 7, 0, 23)? as u32,
                    })
                }
            },
            mail_authserv_id: get("VATRA_MAIL_AUTHSERV_ID").map(|v| v.trim().to_owned()),
            support_mail_category: get("VATRA_SUPPORT_MAIL_CATEGORY")
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty()),
            alert_interval: Duration::from_secs(num("VATRA_ALERT_INTERVAL_SECONDS", 300, 5, 86_400)?),
            time_zone: match get("VATRA_TIME_ZONE") {
                None => chrono_tz::Europe::Chisinau,
                Some(v) => v.trim().parse().map_err(|_| {
                    bad("VATRA_TIME_ZONE", format!("expected a zone such as Europe/Chisinau, got {v:?}"))
                })?,
            },
        })
    }

    /// The session cookie's name: `__Host-` prefixed when cookies are secure.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-vatra_session"
        } else {
            "vatra_session"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_on_sqlite_locally() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite:data/vatra.db");
        assert_eq!(c.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(c.session_idle, Duration::from_secs(30 * 60));
        assert_eq!(c.session_absolute, Duration::from_secs(12 * 3600));
        assert_eq!(c.lockout.max_failures, 5);
        assert!(!c.secure_cookies);
        assert_eq!(c.cookie_name(), "vatra_session");
        assert_eq!(c.attachments_dir, None);
        assert_eq!(c.attachment_max_bytes, crate::domain::attachment::MAX_BYTES_DEFAULT);
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, value) in [
            ("VATRA_LISTEN", "nowhere"),
            ("VATRA_SESSION_IDLE_MINUTES", "0"),
            ("VATRA_SESSION_IDLE_MINUTES", "ten"),
            ("VATRA_SECURE_COOKIES", "maybe"),
            ("DATABASE_URL", "mysql://x"),
            ("VATRA_LOCKOUT_ATTEMPTS", "-1"),
            ("VATRA_ATTACHMENT_MAX_MB", "0"),
        ] {
            let err = cfg(&[(var, value)]).unwrap_err();
            assert_eq!(err.var, var, "{var}={value}");
        }
        let c = cfg(&[("VATRA_SECURE_COOKIES", "true"), ("VATRA_DATABASE_URL", "postgres://x/y")]).unwrap();
        assert_eq!(c.cookie_name(), "__Host-vatra_session");
        assert_eq!(c.database_url, "postgres://x/y");
    }
}
