//! Support tickets: any signed-in user opens one from any page and follows it in "my tickets";
//! support agents work the queue (assign, reply, ask the reporter, note internally, resolve).
//! Every view of a ticket is audited. An agent sees of a linked case its number and status only,
//! unless another role of theirs may read the case.

use crate::domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A classifier entry offered in a select: its code and its name in the caller's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceView {
    pub code: String,
    pub name: String,
}

/// What the "Help" page needs: the categories, and the case the user came from when they may
/// attach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpView {
    pub categories: Vec<ChoiceView>,
    /// `(id, number)` of the case the page was about.
    pub case: Option<(i64, String)>,
    /// `(id, name)` of the person the page was about, when the user may attach them.
    pub person: Option<(i64, String)>,
    /// The app version a new ticket records.
    pub app_version: String,
    /// The largest file the server takes, in bytes: the page refuses a bigger one before sending
    /// it over a weak signal.
    pub file_max_bytes: u64,
}

/// One SLA clock of a ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaView {
    /// A [`crate::domain::sla::SlaState`] code: met, paused, running, soon, breached.
    pub state: String,
    /// When it breaches (Chisinau time), while the clock runs.
    pub due_at: Option<String>,
    pub target_minutes: i64,
    pub elapsed_minutes: i64,
}

/// A ticket in a list (the queue, "my tickets").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketSummaryView {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub status: String,
    pub priority: String,
    pub category: String,
    pub category_name: String,
    pub reporter_name: String,
    pub assignee_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The earliest breach of a running clock (Chisinau time).
    pub breach_at: Option<String>,
    /// The worse of the two clocks' states.
    pub sla: String,
    /// The version the list read, for a bulk assignment.
    pub version: i64,
}

/// A page of tickets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketPageView {
    pub items: Vec<TicketSummaryView>,
    /// Pass as `offset` for the next page.
    pub next_offset: Option<i64>,
}

/// A support agent, for the assignee select.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentView {
    pub id: i64,
    pub name: String,
}

/// The queue: a page of tickets and what its filters offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub page: TicketPageView,
    pub categories: Vec<ChoiceView>,
    pub agents: Vec<AgentView>,
    pub me: i64,
}

/// One message of a ticket's thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketMessageView {
    pub id: i64,
    /// `reply` (public), `note` (internal: agents only) or `event` (a status change).
    pub kind: String,
    pub author_name: String,
    /// True when support wrote it.
    pub from_support: bool,
    pub body: String,
    pub created_at: String,
    /// The files sent with it.
    pub files: Vec<crate::api::forms::AttachmentView>,
}

/// A case linked to a ticket, as far as the caller may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedCaseView {
    pub id: i64,
    pub number: String,
    pub status: String,
    /// True when the caller may open the case itself.
    pub readable: bool,
}

/// A registered person a reporter attached to a ticket, as far as the caller may see them: their
/// name only when the caller may read the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedPersonView {
    pub id: i64,
    pub name: Option<String>,
    pub readable: bool,
}

/// A saved reply support agents insert into a reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReplyView {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// Offered to users writing a new ticket (the knowledge base).
    pub offered: bool,
    pub version: i64,
}

/// An answer of the knowledge base, offered to a user writing a new ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerView {
    pub id: i64,
    pub title: String,
    pub body: String,
}

/// A registered person a call-center agent may link to a caller: enough to tell who they are,
/// nothing of their file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerMatchView {
    pub id: i64,
    pub name: String,
    pub birth_year: i32,
    /// Where they live (the territory of their domicile).
    pub territory: String,
}

/// Who called, on a ticket the call center registered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerView {
    pub name: String,
    pub phone: Option<String>,
    /// The registered person the agent linked, if any.
    pub person: Option<CallerMatchView>,
}

/// A ticket with its thread, as the caller may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub status: String,
    pub priority: String,
    pub category: String,
    pub category_name: String,
    pub channel: String,
    pub reporter_name: String,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub page: Option<String>,
    pub app_version: Option<String>,
    pub case: Option<LinkedCaseView>,
    pub person: Option<LinkedPersonView>,
    pub created_at: String,
    pub resolved_at: Option<String>,
    pub first_response: SlaView,
    pub resolution: SlaView,
    pub messages: Vec<TicketMessageView>,
    pub rating: Option<i64>,
    pub version: i64,
    /// True when the caller works the ticket as support (sees notes, may assign and resolve).
    pub as_agent: bool,
    /// True when the caller is the reporter.
    pub as_reporter: bool,
    /// True while the reporter may still reopen it.
    pub can_reopen: bool,
    /// The categories and agents an agent may choose from (empty for a reporter).
    pub categories: Vec<ChoiceView>,
    pub agents: Vec<AgentView>,
    /// The saved replies an agent may insert (empty for a reporter).
    pub saved_replies: Vec<SavedReplyView>,
    /// Who called, when the call center registered the ticket.
    pub caller: Option<CallerView>,
    /// The largest file the server takes, in bytes.
    pub file_max_bytes: u64,
}

/// How one SLA clock ended for a set of tickets (see [`crate::store::tickets::CategoryFigures`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockFiguresView {
    pub met: i64,
    pub late: i64,
    pub overdue: i64,
}

impl ClockFiguresView {
    /// The share met of the clocks that stopped or ran past their due time, in whole percent
    /// (rounded down); `None` when there are none yet.
    pub fn met_percent(&self) -> Option<i64> {
        let decided = self.met + self.late + self.overdue;
        (decided > 0).then(|| self.met * 100 / decided)
    }
}

/// The figures of the tickets of one category (or of all, for the total) opened in the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryFiguresView {
    /// Empty for the total.
    pub code: String,
    pub name: String,
    pub opened: i64,
    pub first_response: ClockFiguresView,
    pub resolution: ClockFiguresView,
    pub rated: i64,
    pub rating_sum: i64,
}

impl CategoryFiguresView {
    /// The mean rating in tenths (43 is 4.3), when any was given.
    pub fn rating_tenths(&self) -> Option<i64> {
        (self.rated > 0).then(|| (self.rating_sum * 10 + self.rated / 2) / self.rated)
    }
}

/// The support figures: per category, for the tickets opened from `from` to `to` (Chisinau dates,
/// both included), and the tickets still to do by age.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportFiguresView {
    pub from: String,
    pub to: String,
    /// Only the caller's tickets (assigned to them).
    pub mine: bool,
    pub categories: Vec<CategoryFiguresView>,
    pub total: CategoryFiguresView,
    /// Tickets still to do by age: under a day, 1–3 days, 3–7, 7–30, older.
    pub backlog: Vec<i64>,
}

#[cfg(feature = "ssr")]
pub mod mail_in;
#[cfg(feature = "ssr")]
pub(crate) mod service;

/// The plain HTTP routes of tickets: files sent with messages, one at a time by the page's
/// script, and read back.
#[cfg(feature = "ssr")]
pub(crate) fn routes(limits: crate::api::http::BodyLimits) -> axum::Router<crate::server::AppState> {
    use axum::extract::DefaultBodyLimit;
    use axum::routing::{get, post};
    use service::files;
    axum::Router::new()
        .route("/support/files", post(files::post_file).layer(DefaultBodyLimit::max(limits.one_file)))
        .route("/support/files/{id}", get(files::get_file))
        .route("/support/files/{id}/thumbnail", get(files::get_thumbnail))
}

/// The router's layer for a ticket form posted as plain HTML with files: the files kept first,
/// the rest passed on as the form the server function takes.
#[cfg(feature = "ssr")]
pub(crate) use service::files::plain_post;

/// The categories, and the case `case_id` and the person `person_id` when the caller may attach
/// them.
#[server(prefix = "/api", endpoint = "tickets/help")]
pub async fn get_help(
    #[server(default)] case_id: Option<i64>,
    #[server(default)] person_id: Option<i64>,
) -> Result<HelpView, AppError> {
    service::help(case_id, person_id).await
}

/// Opens a ticket from the page `page` and goes to it. `attach_case` (a checkbox) links the case
/// `case_id`; `attach_person`, the person `person_id`. `files` are the ids of files the reporter
/// sent for it (`POST /support/files`); `file_error`, the first file a plain post carried that
/// was refused (see `service::files::plain_post`).
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "tickets/create")]
pub async fn create_ticket(
    subject: String,
    body: String,
    category: String,
    #[server(default)] page: Option<String>,
    #[server(default)] case_id: Option<i64>,
    #[server(default)] attach_case: Option<String>,
    #[server(default)] person_id: Option<i64>,
    #[server(default)] attach_person: Option<String>,
    #[server(default)] files: Vec<String>,
    #[server(default)] file_error: Option<String>,
) -> Result<i64, AppError> {
    use crate::api::ticked;
    let sent = service::SentFiles { files, file_error };
    service::create(subject, body, category, page, case_id, ticked(attach_case), person_id, ticked(attach_person), sent)
        .await
}

/// The persons registered in the agent's territory with the IDNP `idnp` or the phone `phone`
/// (support agents registering a call).
#[server(prefix = "/api", endpoint = "tickets/find_caller")]
pub async fn find_caller(
    #[server(default)] idnp: Option<String>,
    #[server(default)] phone: Option<String>,
) -> Result<Vec<CallerMatchView>, AppError> {
    service::find_caller(idnp, phone).await
}

/// Registers a call as a ticket on the caller's behalf (support agents) and goes to it. The agent
/// who took the call holds the ticket; the call answered is its first response. `person_id` is
/// the registered person the agent found (empty: none).
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "tickets/call")]
pub async fn register_call(
    caller_name: String,
    #[server(default)] caller_phone: Option<String>,
    #[server(default)] person_id: Option<String>,
    category: String,
    #[server(default)] priority: Option<String>,
    subject: String,
    body: String,
) -> Result<i64, AppError> {
    service::register_call(caller_name, caller_phone, person_id, category, priority, subject, body).await
}

/// The caller's own tickets, newest first.
#[server(prefix = "/api", endpoint = "tickets/mine")]
pub async fn my_tickets(#[server(default)] offset: Option<i64>) -> Result<TicketPageView, AppError> {
    service::mine(offset).await
}

/// The support queue, sorted by time to breach (support agents).
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "tickets/queue")]
pub async fn ticket_queue(
    #[server(default)] status: Option<String>,
    #[server(default)] category: Option<String>,
    #[server(default)] priority: Option<String>,
    #[server(default)] assignee: Option<String>,
    #[server(default)] breach: Option<String>,
    #[server(default)] q: Option<String>,
    #[server(default)] offset: Option<i64>,
) -> Result<QueueView, AppError> {
    service::queue(status, category, priority, assignee, breach, q, offset).await
}

/// One ticket with its thread (its reporter, or a support agent). Audited.
#[server(prefix = "/api", endpoint = "tickets/get")]
pub async fn get_ticket(id: i64) -> Result<TicketView, AppError> {
    service::get(id).await
}

/// Adds a message: `mode` is `reply` (public), `ask` (public, waits on the reporter: the clocks
/// pause) or `note` (internal). A reporter can only reply. `files` and `file_error` as for
/// [`create_ticket`].
#[server(prefix = "/api", endpoint = "tickets/message")]
pub async fn add_ticket_message(
    id: i64,
    version: i64,
    body: String,
    mode: String,
    #[server(default)] files: Vec<String>,
    #[server(default)] file_error: Option<String>,
) -> Result<i64, AppError> {
    service::message(id, version, body, mode, service::SentFiles { files, file_error }).await
}

/// Moves a ticket: `action` is `resolve` or `close` (support) or `reopen` (its reporter within
/// the reopen window, or support).
#[server(prefix = "/api", endpoint = "tickets/status")]
pub async fn set_ticket_status(id: i64, version: i64, action: String) -> Result<i64, AppError> {
    service::status(id, version, action).await
}

/// Sets a ticket's priority, category and assignee (support). `assignee` is a user id, `me`, or
/// empty for nobody.
#[server(prefix = "/api", endpoint = "tickets/triage")]
pub async fn triage_ticket(
    id: i64,
    version: i64,
    priority: String,
    category: String,
    #[server(default)] assignee: Option<String>,
) -> Result<i64, AppError> {
    service::triage(id, version, priority, category, assignee).await
}

/// The reporter rates a resolved ticket, 1 to 5.
#[server(prefix = "/api", endpoint = "tickets/rate")]
pub async fn rate_ticket(id: i64, rating: i64) -> Result<(), AppError> {
    service::rate(id, rating).await
}

/// The saved replies in use (support agents).
#[server(prefix = "/api", endpoint = "tickets/replies")]
pub async fn list_saved_replies() -> Result<Vec<SavedReplyView>, AppError> {
    service::replies().await
}

/// Adds a saved reply (no `id`) or changes one (`id` with its `version`). `offered` (a checkbox)
/// puts it in the knowledge base: offered to users writing a new ticket about its words.
#[server(prefix = "/api", endpoint = "tickets/save_reply")]
pub async fn save_reply(
    #[server(default)] id: Option<i64>,
    #[server(default)] version: Option<i64>,
    title: String,
    body: String,
    #[server(default)] offered: Option<String>,
) -> Result<i64, AppError> {
    service::save_reply(id, version, title, body, crate::api::ticked(offered)).await
}

/// The answers of the knowledge base that share the most words with `q`, a new ticket's subject
/// as the user types it (any signed-in user).
#[server(prefix = "/api", endpoint = "tickets/answers")]
pub async fn find_answers(#[server(default)] q: String) -> Result<Vec<AnswerView>, AppError> {
    service::answers(q).await
}

/// Takes a saved reply out of use (it stays on record).
#[server(prefix = "/api", endpoint = "tickets/archive_reply")]
pub async fn archive_reply(id: i64, version: i64) -> Result<(), AppError> {
    service::archive_reply(id, version).await
}

/// The support figures for a period (support agents): tickets opened by category, first response
/// and resolution against their time limits, ratings, and the tickets still to do by age. The
/// period defaults to the last 30 days; `mine` keeps the caller's tickets only.
#[server(prefix = "/api", endpoint = "tickets/figures")]
pub async fn support_figures(
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] mine: Option<String>,
) -> Result<SupportFiguresView, AppError> {
    service::figures(from, to, mine).await
}

/// The rule of one ticket category (or the general rule, `category` empty) as a support lead
/// sets it: the SLA targets in business hours (`first[i]`, `resolution[i]` for the priorities from
/// low to urgent) and how its new tickets are assigned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportRuleView {
    /// Empty for the general rule.
    pub category: String,
    pub name: String,
    /// True when the category has targets of its own (always for the general rule).
    pub own_targets: bool,
    /// The targets in force for the category, in minutes: its own, or the general ones.
    pub first: [i64; 4],
    pub resolution: [i64; 4],
    /// `manual` or `round_robin`.
    pub assignment: String,
    /// The agents taking turns (empty: every support agent).
    pub agents: Vec<i64>,
    /// 0 while nothing was set.
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

/// The support rules: the general one, then one per ticket category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportRulesView {
    pub general: SupportRuleView,
    pub categories: Vec<SupportRuleView>,
    pub agents: Vec<AgentView>,
}

/// What a bulk assignment did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkAssignView {
    /// How many tickets were given to the agent.
    pub assigned: i64,
    /// The numbers of those left as they were: changed by someone else since the queue was read,
    /// or closed.
    pub skipped: Vec<String>,
}

/// The SLA targets and assignment rules (support leads).
#[server(prefix = "/api", endpoint = "tickets/rules")]
pub async fn support_rules() -> Result<SupportRulesView, AppError> {
    service::rules::rules().await
}

/// Sets the rule of `category` (empty: the general rule) still at `version`. The targets are
/// business hours per priority; a category's own targets are kept only with `own_targets` (a
/// checkbox), else it follows the general ones. `assignment` is `manual` or `round_robin` among
/// `agents` (none ticked: every support agent).
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "tickets/save_rule")]
pub async fn save_support_rule(
    #[server(default)] category: String,
    version: i64,
    #[server(default)] own_targets: Option<String>,
    #[server(default)] first_low: String,
    #[server(default)] first_normal: String,
    #[server(default)] first_high: String,
    #[server(default)] first_urgent: String,
    #[server(default)] resolution_low: String,
    #[server(default)] resolution_normal: String,
    #[server(default)] resolution_high: String,
    #[server(default)] resolution_urgent: String,
    #[server(default)] assignment: Option<String>,
    #[server(default)] agents: Vec<String>,
) -> Result<i64, AppError> {
    let first = [first_low, first_normal, first_high, first_urgent];
    let resolution = [resolution_low, resolution_normal, resolution_high, resolution_urgent];
    service::rules::save_rule(category, version, crate::api::ticked(own_targets), first, resolution, assignment, agents)
        .await
}

/// Gives the tickets `tickets` (each `id:version` as the queue showed it) to the agent `assignee`
/// (a user id or `me`). Those changed since, or closed, are left as they are and named.
#[server(prefix = "/api", endpoint = "tickets/assign")]
pub async fn assign_tickets(
    #[server(default)] tickets: Vec<String>,
    #[server(default)] assignee: String,
) -> Result<BulkAssignView, AppError> {
    service::rules::assign(tickets, assignee).await
}
