//! Case files: opening from a referral, the workflow steps, assignment and
//! transfer, the caseload views and the case page with its timeline.
//! Social workers work the cases assigned to them; supervisors all of their
//! territory's. Every read of a case page is audited.

use crate::api::history::HistoryPageView;
use crate::domain::case::ReferralInput;
use crate::domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Cards per page of a caseload list.
pub const PAGE_SIZE: i64 = 20;

/// A case as a card in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseCardView {
    pub id: i64,
    pub number: String,
    pub person_id: i64,
    pub person_name: String,
    pub status: String,
    pub risk_level: String,
    pub next_step: Option<String>,
    pub next_due_on: Option<String>,
    pub overdue: bool,
    pub manager_name: Option<String>,
    /// The receiver of a transfer that waits for an answer.
    pub transfer_to: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseListView {
    pub items: Vec<CaseCardView>,
    pub next_after: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferView {
    pub id: i64,
    pub from_name: String,
    pub to_name: String,
    pub to_territory: String,
    pub note: Option<String>,
    pub requested_at: String,
    /// True when the caller is the one who must accept or decline.
    pub for_me: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub id: i64,
    pub number: String,
    pub person_id: i64,
    pub person_name: String,
    pub person_key: String,
    pub territory_name: String,
    pub manager_id: Option<i64>,
    pub manager_name: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub risk_level: String,
    pub channel: String,
    pub reporter_name: String,
    pub reporter_contact: Option<String>,
    pub received_on: String,
    pub concern: String,
    pub next_step: Option<String>,
    pub next_due_on: Option<String>,
    pub overdue: bool,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub version: i64,
    pub transfer: Option<TransferView>,
    /// The workflow steps the caller may take now.
    pub actions: Vec<String>,
    pub may_assign: bool,
    pub may_transfer: bool,
    /// Set when the case is shown as it was at a past moment.
    pub as_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadView {
    pub manager_id: i64,
    pub manager_name: String,
    pub open_cases: i64,
    pub high_risk: i64,
    pub overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    pub workload: Vec<WorkloadView>,
    pub unassigned: Vec<CaseCardView>,
    pub transfers: Vec<CaseCardView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssigneeView {
    pub id: i64,
    pub name: String,
    pub territory_name: String,
}

/// The card of a stored case row.
#[cfg(feature = "ssr")]
pub(crate) fn card(r: crate::store::cases::CaseCardRow) -> CaseCardView {
    let today = crate::api::today();
    CaseCardView {
        overdue: r.next_due_on.is_some_and(|d| d < today),
        id: r.id,
        number: r.number,
        person_id: r.person_id,
        person_name: format!("{} {}", r.last_name, r.first_name),
        status: r.status,
        risk_level: r.risk_level,
        next_step: r.next_step,
        next_due_on: r.next_due_on.map(|d| d.to_string()),
        manager_name: r.manager_name,
        transfer_to: r.transfer_to_name,
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod service;

/// Opens a case for a person from a referral. A social worker becomes its
/// case manager; a supervisor may name one or leave it to assign later.
#[server(prefix = "/api", endpoint = "cases/open")]
pub async fn open_case(input: ReferralInput, #[server(default)] manager_id: String) -> Result<(), AppError> {
    // An empty choice means "assign later".
    let manager_id = match manager_id.trim() {
        "" => None,
        m => Some(m.parse::<i64>().map_err(|_| {
            AppError::Invalid(crate::domain::FieldErrors(vec![crate::domain::FieldError::new(
                "manager_id",
                "invalid_choice",
            )]))
        })?),
    };
    service::open(input, manager_id).await
}

/// A case page: the case now (or as of a past moment) and what the caller may do.
#[server(prefix = "/api", endpoint = "cases/get")]
pub async fn get_case(id: i64, #[server(default)] as_of: Option<String>) -> Result<CaseView, AppError> {
    service::get(id, as_of).await
}

/// Takes one workflow step (`action`), with a reason where the step needs one.
#[server(prefix = "/api", endpoint = "cases/act")]
pub async fn act_on_case(
    id: i64,
    version: i64,
    action: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    service::act(id, version, action, reason).await
}

/// Gives a case to a case manager of its territory (supervisors).
#[server(prefix = "/api", endpoint = "cases/assign")]
pub async fn assign_case(id: i64, version: i64, manager_id: i64) -> Result<(), AppError> {
    service::assign(id, version, manager_id).await
}

/// Asks another case manager (of this or another territory) to take the case.
#[server(prefix = "/api", endpoint = "cases/transfer")]
pub async fn transfer_case(
    id: i64,
    version: i64,
    to_user: i64,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    service::transfer(id, version, to_user, note).await
}

/// The receiver's answer to a transfer: accept takes the case over.
#[server(prefix = "/api", endpoint = "cases/decide_transfer")]
pub async fn decide_transfer(
    id: i64,
    version: i64,
    accept: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    service::decide(id, version, accept, reason).await
}

/// The caller's own cases (and those waiting for them to accept), newest first.
#[server(prefix = "/api", endpoint = "cases/mine")]
pub async fn my_cases(
    #[server(default)] status: Option<String>,
    #[server(default)] risk: Option<String>,
    #[server(default)] closed: Option<bool>,
    #[server(default)] after: Option<i64>,
) -> Result<CaseListView, AppError> {
    service::mine(status, risk, closed, after).await
}

/// The cases of the caller's territory (supervisors), or of a territory within it, and of one case
/// manager when `manager` is given; newest first.
#[server(prefix = "/api", endpoint = "cases/list")]
pub async fn list_cases(
    #[server(default)] status: Option<String>,
    #[server(default)] risk: Option<String>,
    #[server(default)] unassigned: Option<bool>,
    #[server(default)] closed: Option<bool>,
    #[server(default)] territory: Option<i64>,
    #[server(default)] manager: Option<i64>,
    #[server(default)] after: Option<i64>,
) -> Result<CaseListView, AppError> {
    service::list(status, risk, unassigned, closed, territory, manager, after).await
}

/// A supervisor's team view: cases per worker, unassigned cases, transfers waiting.
#[server(prefix = "/api", endpoint = "cases/team")]
pub async fn team_caseload() -> Result<TeamView, AppError> {
    service::team().await
}

/// The people a case can be given to: active case managers of a territory
/// (the caller's own when none is named).
#[server(prefix = "/api", endpoint = "cases/assignees")]
pub async fn list_assignees(#[server(default)] territory_id: Option<i64>) -> Result<Vec<AssigneeView>, AppError> {
    service::assignees(territory_id).await
}

/// One page of a case's timeline, newest first.
#[server(prefix = "/api", endpoint = "cases/history")]
pub async fn case_history(id: i64, #[server(default)] before: Option<i64>) -> Result<HistoryPageView, AppError> {
    service::history(id, before).await
}
