//! Server functions, one module per area. Each is a public HTTP endpoint
//! under `/api/`: it authenticates, authorises with the territory scope,
//! validates with `domain`, calls the store in one transaction that also
//! writes the audit event, and returns a view built for the page.

#[cfg(feature = "ssr")]
pub(crate) mod access;
pub mod alerts;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod classifiers;
pub mod day_report;
pub mod forms;
pub mod history;
#[cfg(feature = "ssr")]
pub(crate) mod http;
pub mod persons;
#[cfg(feature = "ssr")]
pub(crate) mod posted;
pub mod registers;
pub mod reports;
pub mod scope;
pub mod territories;
pub mod tickets;
#[cfg(feature = "ssr")]
pub(crate) mod upload;
pub mod users;

#[cfg(feature = "ssr")]
use crate::server::OrFail;
pub use auth::{MeView, SessionView};

/// What a form posted without JavaScript held when the server refused it: the page it comes
/// back to shows the values again, once (see `api::posted`). Never a password.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PostedForm {
    /// The page the post came from and returns to.
    pub path: String,
    pub values: Vec<(String, String)>,
}

/// Whether a posted checkbox was ticked: a plain form sends its value (`on`, `1`…) only then.
#[cfg(feature = "ssr")]
pub(crate) fn ticked(value: Option<String>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// Today in Moldova.
#[cfg(feature = "ssr")]
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&crate::store::zone()).date_naive()
}

/// An instant as a person in Moldova reads it: `YYYY-MM-DD HH:MM`, Chisinau time.
#[cfg(feature = "ssr")]
pub(crate) fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&crate::store::zone()).format("%Y-%m-%d %H:%M").to_string()
}

/// The record as it was at `as_of` (a `datetime-local` value, Chisinau time)
/// with the moment's label, or `current` with none when no moment is asked
/// for. A value that is no moment, or one before the record's first version,
/// is refused next to the `as_of` field (and audited as a refusal).
#[cfg(feature = "ssr")]
pub(crate) async fn version_as_of<T: Clone + serde::de::DeserializeOwned>(
    ctx: &crate::server::Ctx,
    user: &crate::server::CurrentUser,
    action: &str,
    object: crate::store::history::ObjectType,
    id: i64,
    current: &T,
    as_of: Option<String>,
) -> Result<(T, Option<String>), crate::domain::AppError> {
    let Some(raw) = as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok((current.clone(), None));
    };
    let refuse = |code: &str| {
        let mut e = crate::domain::FieldErrors::new();
        e.push("as_of", code);
        crate::domain::AppError::Invalid(e)
    };
    let Some(at) = parse_local(raw) else {
        return Err(ctx.refuse(Some(user), action, refuse("invalid_date"), "invalid").await);
    };
    let version = ctx.state.store.as_of(object, id, at).await.or_fail(ctx, action)?;
    match version.and_then(|h| serde_json::from_str::<T>(&h.snapshot).ok()) {
        Some(row) => Ok((row, Some(local_time(at)))),
        None => Err(ctx.refuse(Some(user), action, refuse("before_registration"), "before the first version").await),
    }
}

/// A `YYYY-MM-DD` filter date (`None` when left blank); one that is no date is told at `field`.
#[cfg(feature = "ssr")]
pub(crate) fn filter_date(
    field: &str,
    raw: Option<&str>,
    errors: &mut crate::domain::FieldErrors,
) -> Option<chrono::NaiveDate> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    let date = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
    if date.is_none() {
        errors.push(field, "invalid_date");
    }
    date
}

/// The first instant of `date` in the agency's zone.
#[cfg(feature = "ssr")]
pub(crate) fn day_start(date: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    crate::store::zone()
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| midnight.and_utc())
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
