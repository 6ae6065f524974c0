//! Indicators for supervisors and analysts: how the work goes in a territory over a period,
//! counted from the cases and the steps they waited for, with small counts suppressed for
//! whoever may not read the personal data behind them.

use crate::domain::indicators::{Count, Figure};
use crate::domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::api::scope::OptionView;

/// Active cases of one status, by risk level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCountView {
    pub status: String,
    pub low: Count,
    pub medium: Count,
    pub high: Count,
    pub total: Count,
}

/// Active cases under one territory (`id` 0: kept at the chosen territory itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerritoryCountView {
    pub id: i64,
    pub name: String,
    pub cases: Count,
}

/// Working days from one event to another: how many, the median and the 90th percentile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DurationView {
    pub count: Count,
    pub median: Figure,
    pub p90: Figure,
}

/// One kind of step: done on time, done late (in the period), open past its due day (today).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepTimelinessView {
    pub step: String,
    pub on_time: Count,
    pub late: Count,
    pub overdue: Count,
    /// Share of the steps done that were on time, in tenths of a percent.
    pub share: Figure,
}

/// One case manager's work today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerLoadView {
    pub id: i64,
    pub name: String,
    pub cases: Count,
    pub high_risk: Count,
    pub overdue: Count,
}

/// Closures approved for one reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCountView {
    /// The closure form's code; empty when none was recorded.
    pub code: String,
    pub cases: Count,
}

/// Support tickets opened in the period, against their time limits (all of Vatra).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketSlaView {
    pub opened: Count,
    pub first_met: Count,
    pub first_late: Count,
    pub first_overdue: Count,
    pub resolution_met: Count,
    pub resolution_late: Count,
    pub resolution_overdue: Count,
}

/// Every indicator for one territory, period and (optionally) case manager.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorsView {
    pub from: String,
    pub to: String,
    pub previous_from: String,
    pub previous_to: String,
    pub territory_id: i64,
    pub territory_name: String,
    pub worker_id: Option<i64>,
    pub worker_name: Option<String>,
    /// Counts of 1–4 are shown as "< 5": the caller may not read the persons behind them.
    pub suppressed: bool,
    /// Whether the caller may open the cases behind the active counts (a supervisor of the
    /// territory): the numbers are then links to them.
    pub may_list: bool,
    /// The territories the filter offers: the caller's own and those below, to the district
    /// level, and the chosen one's path and children.
    pub territories: Vec<OptionView>,
    /// The case managers the filter offers (within the chosen territory).
    pub workers: Vec<OptionView>,
    pub active: Vec<StatusCountView>,
    pub active_total: Count,
    pub by_territory: Vec<TerritoryCountView>,
    pub referrals: Count,
    pub referrals_previous: Count,
    pub to_assessment: DurationView,
    pub to_plan: DurationView,
    pub steps: Vec<StepTimelinessView>,
    /// Share of all steps done in the period that were on time, in tenths of a percent.
    pub steps_share: Figure,
    pub workers_load: Vec<WorkerLoadView>,
    pub closures: Vec<ReasonCountView>,
    pub tickets: TicketSlaView,
}

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub(crate) mod service;

/// The plain HTTP routes of the indicators: the dashboard's figures as files.
#[cfg(feature = "ssr")]
pub(crate) fn routes() -> axum::Router<crate::server::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/dashboard/indicators.csv", get(export::get_csv))
        .route("/dashboard/indicators.xlsx", get(export::get_xlsx))
}

/// The indicators (supervisors and analysts) for the period `from`–`to` (by default this month
/// so far), the territory `territory` (by default the caller's own; any within it) and the
/// case manager `worker` (by default all). Audited; refused filters are told at their field.
#[server(prefix = "/api", endpoint = "reports/indicators")]
pub async fn indicators(
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] territory: Option<String>,
    #[server(default)] worker: Option<String>,
) -> Result<IndicatorsView, AppError> {
    service::indicators(from, to, territory, worker).await
}
