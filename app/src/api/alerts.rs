//! Alerts and notifications: each user's notifications (read, unread, mark all read), the
//! "today" view of due and overdue work, acknowledging an alert, and the deadline rules and
//! holidays administrators keep.

use crate::domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One notification in a user's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    /// A [`crate::domain::deadlines::NotificationKind`] code.
    pub kind: String,
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
    pub actor_name: Option<String>,
    pub detail: Option<String>,
    /// Chisinau time, `YYYY-MM-DD HH:MM`.
    pub created_at: String,
    pub read: bool,
}

/// A page of notifications, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPageView {
    pub items: Vec<NotificationView>,
    /// Pass as `before` for the next page.
    pub next_before: Option<i64>,
    pub unread: i64,
}

/// An alert in the "today" view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertView {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub person_name: String,
    /// `deadline` or `escalation`.
    pub kind: String,
    pub step: String,
    pub manager_name: Option<String>,
    pub due_on: String,
    pub level: String,
    pub state: String,
    pub version: i64,
}

/// A case waiting for a step, in the "today" view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueCaseView {
    pub id: i64,
    pub number: String,
    pub person_name: String,
    pub step: Option<String>,
    pub due_on: String,
    pub risk: String,
}

/// Overdue work of one case manager, for their supervisor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerOverdueView {
    pub user_id: i64,
    pub name: String,
    pub overdue: i64,
    pub escalated: i64,
}

/// What waits for the user: their cases overdue, due today and this week, their live alerts, and
/// for a supervisor the overdue work per worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayView {
    pub today: String,
    pub overdue: Vec<DueCaseView>,
    pub due_today: Vec<DueCaseView>,
    pub this_week: Vec<DueCaseView>,
    /// True when there were more cases than the view shows.
    pub more: bool,
    pub alerts: Vec<AlertView>,
    pub team: Option<Vec<WorkerOverdueView>>,
}

/// One rule row of the administrators' page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub step: String,
    pub risk: String,
    pub days: u32,
    /// `working` or `calendar`.
    pub count: String,
}

/// The deadline rules with the alert windows and the version a change names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesView {
    pub rules: Vec<RuleView>,
    pub due_soon_days: u32,
    pub escalate_after_days: u32,
    pub version: i64,
    pub updated_at: String,
}

/// A holiday of the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayView {
    pub id: i64,
    /// The date in the year shown, `YYYY-MM-DD`.
    pub date: String,
    pub name: String,
    pub every_year: bool,
}

/// The holidays of one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidaysView {
    pub year: i32,
    pub items: Vec<HolidayView>,
}

#[cfg(feature = "ssr")]
pub(crate) mod service;

/// The plain HTTP route of notifications: one followed as a link, marked read, then on to its
/// case or ticket.
#[cfg(feature = "ssr")]
pub(crate) fn routes() -> axum::Router<crate::server::AppState> {
    axum::Router::new().route("/notifications/{id}", axum::routing::get(service::get_open))
}

/// The number of the caller's unread notifications (the bell). Not audited: it says nothing
/// about anyone.
#[server(prefix = "/api", endpoint = "alerts/unread")]
pub async fn unread_count() -> Result<i64, AppError> {
    service::unread().await
}

/// The caller's notifications, newest first, `unread` only or all, of one `kind` or all.
#[server(prefix = "/api", endpoint = "alerts/notifications")]
pub async fn list_notifications(
    #[server(default)] unread: Option<bool>,
    #[server(default)] kind: Option<String>,
    #[server(default)] before: Option<i64>,
) -> Result<NotificationPageView, AppError> {
    service::notifications(unread, kind, before).await
}

/// Marks one notification read and goes where it leads (its case).
#[server(prefix = "/api", endpoint = "alerts/open_notification")]
pub async fn open_notification(id: i64) -> Result<(), AppError> {
    service::open(id).await
}

/// Marks every notification up to `up_to` (the newest the page showed) read.
#[server(prefix = "/api", endpoint = "alerts/read_all")]
pub async fn read_all_notifications(up_to: i64) -> Result<u64, AppError> {
    service::read_all(up_to).await
}

/// What waits for the caller today.
#[server(prefix = "/api", endpoint = "alerts/today")]
pub async fn get_today() -> Result<TodayView, AppError> {
    service::today_view().await
}

/// The owner acknowledges an alert: it stays until the work is done, marked seen.
#[server(prefix = "/api", endpoint = "alerts/acknowledge")]
pub async fn acknowledge_alert(id: i64, version: i64) -> Result<(), AppError> {
    service::acknowledge(id, version).await
}

/// The deadline rules (administrators).
#[server(prefix = "/api", endpoint = "alerts/rules")]
pub async fn get_deadline_rules() -> Result<RulesView, AppError> {
    service::rules().await
}

/// Replaces the deadline rules: `values` holds `rule-{step}-{risk}` (days), `count-{step}-{risk}`
/// (`working` or `calendar`), `due_soon_days` and `escalate_after_days`.
#[server(prefix = "/api", endpoint = "alerts/save_rules")]
pub async fn save_deadline_rules(version: i64, values: BTreeMap<String, String>) -> Result<i64, AppError> {
    service::save_rules(version, values).await
}

/// The holidays of `year` (this year when none).
#[server(prefix = "/api", endpoint = "alerts/holidays")]
pub async fn list_holidays(#[server(default)] year: Option<i32>) -> Result<HolidaysView, AppError> {
    service::holidays(year).await
}

/// Adds a holiday on `date` (`YYYY-MM-DD`), for that year only or every year.
#[server(prefix = "/api", endpoint = "alerts/add_holiday")]
pub async fn add_holiday(
    date: String,
    name: String,
    #[server(default)] every_year: Option<String>,
) -> Result<(), AppError> {
    service::add_holiday(date, name, crate::api::ticked(every_year)).await
}

/// Takes a holiday out of the calendar (it stays on record).
#[server(prefix = "/api", endpoint = "alerts/remove_holiday")]
pub async fn remove_holiday(id: i64, year: i32) -> Result<(), AppError> {
    service::remove_holiday(id, year).await
}
