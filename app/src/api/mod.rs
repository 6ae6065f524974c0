//! Server functions, one module per area. Each is a public HTTP endpoint
//! under `/api/`: it authenticates, authorises with the territory scope,
//! validates with `domain`, calls the store in one transaction that also
//! writes the audit event, and returns a view built for the page.

pub mod audit;
pub mod auth;
pub mod cases;
pub mod classifiers;
pub mod persons;
pub mod territories;
pub mod users;

pub use auth::{MeView, SessionView};

/// An instant as a person in Moldova reads it: `YYYY-MM-DD HH:MM`, Chisinau time.
#[cfg(feature = "ssr")]
pub(crate) fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Chisinau).format("%Y-%m-%d %H:%M").to_string()
}

/// Parses a `datetime-local` value (`YYYY-MM-DDTHH:MM`, Chisinau time) or a
/// bare date (its end of day) into an instant.
#[cfg(feature = "ssr")]
pub(crate) fn parse_local(raw: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::TimeZone;
    let raw = raw.trim();
    let naive = chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?.and_hms_opt(23, 59, 59))?;
    chrono_tz::Europe::Chisinau.from_local_datetime(&naive).latest().map(|t| t.with_timezone(&chrono::Utc))
}
