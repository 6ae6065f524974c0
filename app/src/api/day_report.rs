//! The daily work report: what a social worker (or a supervisor) did on one day, read from the
//! history of the records they changed: persons registered or changed, cases opened and the
//! workflow steps taken, case forms started, filled, submitted or decided on. Printable, for the
//! paper file. One's own report; a supervisor may read that of a case manager of their territory.

use crate::domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One record changed on the day, with what was done to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayEntryView {
    /// `HH:MM`, or `HH:MM–HH:MM` for work spread over the day (agency time).
    pub time: String,
    /// The case's number (or, for a person, their name), and where it leads.
    pub subject: String,
    pub href: Option<String>,
    /// The beneficiary (for a case or a form), empty for a person.
    pub person: String,
    /// The form, for a case form; empty otherwise.
    pub form: String,
    /// What was done, in the reader's language (`Form filled in (12 saves)`).
    pub done: Vec<String>,
}

/// The totals at the head of the report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotalsView {
    pub persons_registered: i64,
    pub cases_opened: i64,
    pub steps_taken: i64,
    pub forms_submitted: i64,
    pub forms_decided: i64,
    pub records: i64,
}

/// One user's day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayReportView {
    pub day: String,
    pub worker_id: i64,
    pub worker_name: String,
    /// The case managers a supervisor may choose (empty for others).
    pub workers: Vec<crate::api::reports::OptionView>,
    pub totals: DayTotalsView,
    pub entries: Vec<DayEntryView>,
    /// More changes than the report lists were made (it lists the first ones).
    pub truncated: bool,
}

#[cfg(feature = "ssr")]
pub(crate) mod service;

/// The daily work report of `worker` (by default the caller) for `day` (`YYYY-MM-DD`, by default
/// today in the agency's zone). Audited; a bad day or worker is told at its field.
#[server(prefix = "/api", endpoint = "reports/day")]
pub async fn day_report(
    #[server(default)] day: Option<String>,
    #[server(default)] worker: Option<String>,
) -> Result<DayReportView, AppError> {
    service::day_report(day, worker).await
}
