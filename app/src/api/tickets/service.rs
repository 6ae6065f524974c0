//! The bodies of the support ticket server functions.

use super::*;

pub mod files;
pub(crate) mod rules;

use crate::api::local_time;
use crate::domain::deadlines::NotificationKind;
use crate::domain::sla::SlaState;
use crate::domain::ticket::{
    parse_file_ids, ticket_transition, validate_message, validate_new_ticket, TicketAction, TicketNumber,
    TicketPriority, TicketStatus,
};
use crate::domain::user::Language;
use crate::domain::{FieldErrors, Permission, TerritoryPath};
use crate::server::context::changes;
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::alerts as al;
use crate::store::saved_replies as sr;
use crate::store::tickets::{self as tk, Change, QueueFilter, TicketRow};
use crate::store::{audit, now, today, Outcome, StoreError};
use chrono::{DateTime, Duration, Utc};

const PAGE: i64 = 30;
/// Days after resolution in which a ticket may be reopened.
pub const REOPEN_DAYS: u32 = 7;
/// The most a page path may hold.
const PAGE_MAX: usize = 300;

fn name_in(lang: Language, r: crate::store::classifiers::ClassifierRow) -> ChoiceView {
    ChoiceView {
        name: match lang {
            Language::Ro => r.name_ro,
            Language::Ru => r.name_ru,
            Language::En => r.name_en,
        },
        code: r.code,
    }
}

pub(super) async fn categories(ctx: &Ctx, user: &CurrentUser, action: &str) -> Result<Vec<ChoiceView>, AppError> {
    let rows = ctx.state.store.classifier("ticket_category").await.or_fail(ctx, action)?;
    Ok(rows.into_iter().map(|r| name_in(user.language(), r)).collect())
}

fn category_name(list: &[ChoiceView], code: &str) -> String {
    list.iter().find(|c| c.code == code).map(|c| c.name.clone()).unwrap_or_else(|| code.to_owned())
}

pub(super) async fn agents(ctx: &Ctx, action: &str) -> Result<Vec<AgentView>, AppError> {
    let rows = tk::agents(ctx.state.store.db()).await.or_fail(ctx, action)?;
    Ok(rows.into_iter().map(|(id, name)| AgentView { id, name }).collect())
}

async fn calendar(ctx: &Ctx, action: &str) -> Result<crate::domain::calendar::Calendar, AppError> {
    let dl = crate::store::deadlines::load(ctx.state.store.db(), today()).await.or_fail(ctx, action)?;
    Ok(dl.calendar)
}

pub(super) async fn calendar_tx(
    ctx: &Ctx,
    tx: &mut crate::store::Tx,
    action: &str,
) -> Result<crate::domain::calendar::Calendar, AppError> {
    let dl = crate::store::deadlines::load_tx(tx, today()).await.or_fail(ctx, action)?;
    Ok(dl.calendar)
}

/// A page path the ticket records: a path of this site, or nothing.
fn clean_page(page: Option<String>) -> Option<String> {
    let p = page?.trim().to_owned();
    (p.starts_with('/') && !p.starts_with("//") && p.len() <= PAGE_MAX && !p.chars().any(char::is_control)).then_some(p)
}

/// The person `id` when the user may read them (and so attach them to a ticket); `None` when
/// they may not or there is no such person.
async fn attachable_person(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    id: i64,
) -> Result<Option<crate::store::persons::PersonRow>, AppError> {
    match ctx.state.store.person(id).await {
        Ok(p) if user.may(Permission::ViewPersons, Some(&p.path())) => Ok(Some(p)),
        Ok(_) | Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(ctx.fail(action, e)),
    }
}

pub async fn help(case_id: Option<i64>, person_id: Option<i64>) -> Result<HelpView, AppError> {
    const ACTION: &str = "tickets.help";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let categories = categories(&ctx, &user, ACTION).await?;
    let case = match case_id {
        Some(id) => match ctx.state.store.case(id).await {
            Ok(c) if user.may(Permission::ViewPersons, Some(&c.path())) => Some((c.id, c.number)),
            Ok(_) | Err(StoreError::NotFound) => None,
            Err(e) => return Err(ctx.fail(ACTION, e)),
        },
        None => None,
    };
    let person = match person_id {
        Some(id) => attachable_person(&ctx, &user, ACTION, id)
            .await?
            .map(|p| (p.id, crate::domain::names::display_name(&p.last_name, &p.first_name))),
        None => None,
    };
    Ok(HelpView {
        categories,
        case,
        person,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        file_max_bytes: ctx.state.config.attachment_max_bytes,
    })
}

/// The files a new ticket or a message names, and the refusal a plain post's files met.
#[derive(Clone, Debug, Default)]
pub struct SentFiles {
    pub files: Vec<String>,
    pub file_error: Option<String>,
}

impl SentFiles {
    /// The ids of the files, or the error at `files`.
    fn ids(&self) -> Result<Vec<i64>, crate::domain::FieldError> {
        if let Some(code) = self.file_error.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            let code = if service::files::FILE_ERRORS.contains(&code) { code } else { "upload_failed" };
            return Err(crate::domain::FieldError::new("files", code));
        }
        parse_file_ids(&self.files)
    }
}

/// Sends the files `ids` with message `message` of ticket `ticket`, once each is known to be one
/// `user` sent for a message still to be written; else refuses at `files` (the transaction is
/// dropped: nothing is written).
#[allow(clippy::too_many_arguments)]
async fn send_files(
    ctx: &Ctx,
    mut tx: crate::store::Tx,
    user: &CurrentUser,
    action: &str,
    ticket: i64,
    message: i64,
    ids: &[i64],
) -> Result<crate::store::Tx, AppError> {
    if ids.is_empty() {
        return Ok(tx);
    }
    if !service::files::all_unsent(ctx, &mut tx, user, action, ids).await? {
        drop(tx);
        return Err(ctx.refuse(Some(user), action, AppError::invalid("files", "unknown_file"), "files").await);
    }
    crate::store::ticket_files::send_with(&mut tx, ticket, message, ids).await.or_fail(ctx, action)?;
    Ok(tx)
}

#[allow(clippy::too_many_arguments)]
pub async fn create(
    subject: String,
    body: String,
    category: String,
    page: Option<String>,
    case_id: Option<i64>,
    attach_case: bool,
    person_id: Option<i64>,
    attach_person: bool,
    sent: SentFiles,
) -> Result<i64, AppError> {
    let ctx = Ctx::current()?;
    let user = ctx.require_user("tickets.create").await?;
    let n = New { channel: "in_app", subject, body, category, page, case_id, attach_case, person_id, attach_person };
    let id = create_as(&ctx, &user, n, sent).await?;
    leptos_axum::redirect(&format!("/support/{id}"));
    Ok(id)
}

/// What a user's new ticket holds (see [`create`]).
pub struct New {
    /// `in_app`, or `email` for a ticket taken in from the support mailbox.
    pub channel: &'static str,
    pub subject: String,
    pub body: String,
    pub category: String,
    pub page: Option<String>,
    pub case_id: Option<i64>,
    pub attach_case: bool,
    pub person_id: Option<i64>,
    pub attach_person: bool,
}

/// Opens `user`'s ticket: checked, written, audited, its assignee (in turn) told.
pub async fn create_as(ctx: &Ctx, user: &CurrentUser, n: New, sent: SentFiles) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.create";
    let New { channel, subject, body, category, page, case_id, attach_case, person_id, attach_person } = n;
    let (texts, mut errors) = match validate_new_ticket(&subject, &body) {
        Ok(t) => (Some(t), FieldErrors::new()),
        Err(e) => (None, e),
    };
    let cats = categories(ctx, user, ACTION).await?;
    if !cats.iter().any(|c| c.code == category) {
        errors.push("category", if category.trim().is_empty() { "required" } else { "invalid_choice" });
    }
    let files = errors.check(sent.ids()).unwrap_or_default();
    let (Some((subject, body)), true) = (texts, errors.is_empty()) else {
        return Err(ctx.refuse(Some(user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    let case_id = match (attach_case, case_id) {
        (true, Some(id)) => match ctx.state.store.case(id).await {
            Ok(c) if user.may(Permission::ViewPersons, Some(&c.path())) => Some(c.id),
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(ctx.refuse(Some(user), ACTION, AppError::Forbidden, "case").await);
            }
            Err(e) => return Err(ctx.fail(ACTION, e)),
        },
        _ => None,
    };
    let person_id = match (attach_person, person_id) {
        (true, Some(id)) => match attachable_person(ctx, user, ACTION, id).await? {
            Some(p) => Some(p.id),
            None => return Err(ctx.refuse(Some(user), ACTION, AppError::Forbidden, "person").await),
        },
        _ => None,
    };
    let page = clean_page(page);
    let mut tx = ctx.state.store.begin().await.or_fail(ctx, ACTION)?;
    let cal = calendar_tx(ctx, &mut tx, ACTION).await?;
    let n = tk::NewTicket {
        reporter_id: Some(user.id()),
        caller_name: None,
        caller_phone: None,
        caller_person_id: None,
        channel,
        category: &category,
        priority: TicketPriority::Normal,
        subject: &subject,
        body: &body,
        page: page.as_deref(),
        app_version: (channel == "in_app").then_some(env!("CARGO_PKG_VERSION")),
        case_id,
        person_id,
        from_name: &user.row.full_name,
        actor: user.id(),
        taken_by: None,
        territory: &user.territory(),
    };
    let tk::Created { id, number, assigned, message } = tk::create(&mut tx, &n, &cal).await.or_fail(ctx, ACTION)?;
    let mut tx = send_files(ctx, tx, user, ACTION, id, message, &files).await?;
    let mut ev = ctx.event(Some(user), ACTION, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({
        "number": number, "channel": channel, "category": category, "case_id": case_id, "person_id": person_id, "page": page,
        "assigned_in_turn": assigned, "files": files,
    });
    audit::append(&mut tx, &ev).await.or_fail(ctx, ACTION)?;
    if let Some(a) = assigned {
        al::notify_ticket(&mut tx, a, NotificationKind::TicketAssigned, id, None).await.or_fail(ctx, ACTION)?;
    }
    tx.commit().await.or_fail(ctx, ACTION)?;
    if let Some(a) = assigned {
        ctx.state.live.poke(a);
    }
    Ok(id)
}

/// How many persons a caller lookup lists at most.
const CALLER_MATCHES: i64 = 10;

fn caller_view(r: tk::CallerMatchRow) -> CallerMatchView {
    use chrono::Datelike;
    CallerMatchView {
        id: r.id,
        name: crate::domain::names::display_name(&r.last_name, &r.first_name),
        birth_year: r.birth_date.year(),
        territory: r.territory_name,
    }
}

pub async fn find_caller(idnp: Option<String>, phone: Option<String>) -> Result<Vec<CallerMatchView>, AppError> {
    const ACTION: &str = "tickets.find_caller";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let (idnp, phone) = (opt(idnp), opt(phone));
    let mut errors = FieldErrors::new();
    if idnp.is_none() && phone.is_none() {
        errors.push("idnp", "required");
    }
    let idnp = idnp.and_then(|v| errors.check(crate::domain::idnp::Idnp::parse(&v)));
    let phone = phone.and_then(|v| errors.check(crate::domain::user::parse_phone("phone", &v)).flatten());
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let territory = user.territory();
    let within = territory.as_str();
    let rows =
        tk::callers(ctx.state.store.db(), within, idnp.as_ref().map(|i| i.as_str()), phone.as_deref(), CALLER_MATCHES)
            .await
            .or_fail(&ctx, ACTION)?;
    // A lookup of personal data: who looked, how, and whom they found.
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("person".into());
    ev.details = serde_json::json!({
        "by_idnp": idnp.is_some(),
        "by_phone": phone.is_some(),
        "found": rows.iter().map(|r| r.id).collect::<Vec<_>>(),
    });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(rows.into_iter().map(caller_view).collect())
}

#[allow(clippy::too_many_arguments)]
pub async fn register_call(
    caller_name: String,
    caller_phone: Option<String>,
    person_id: Option<String>,
    category: String,
    priority: Option<String>,
    subject: String,
    body: String,
) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.call";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let (texts, mut errors) = match validate_new_ticket(&subject, &body) {
        Ok(t) => (Some(t), FieldErrors::new()),
        Err(e) => (None, e),
    };
    let name = errors.check(crate::domain::user::parse_name("caller_name", &caller_name));
    let phone = errors.check(crate::domain::user::parse_phone("caller_phone", caller_phone.as_deref().unwrap_or("")));
    let cats = categories(&ctx, &user, ACTION).await?;
    if !cats.iter().any(|c| c.code == category) {
        errors.push("category", if category.trim().is_empty() { "required" } else { "invalid_choice" });
    }
    let person_id = match opt(person_id).map(|p| p.parse::<i64>()) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(_)) => {
            errors.push("person_id", "invalid_choice");
            None
        }
    };
    let priority = match opt(priority) {
        None => Some(TicketPriority::Normal),
        Some(p) => TicketPriority::parse_db(&p),
    };
    if priority.is_none() {
        errors.push("priority", "invalid_choice");
    }
    let (Some((subject, body)), Some(name), Some(phone), Some(priority), true) =
        (texts, name, phone, priority, errors.is_empty())
    else {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    // The person linked must be one the agent may find: registered in their territory. The
    // ticket belongs to the person's territory, else to the agent's.
    let mut territory = user.territory();
    if let Some(pid) = person_id {
        match tk::caller(ctx.state.store.db(), pid).await {
            Ok(p) if TerritoryPath::parse(&p.territory_path).is_some_and(|t| user.territory().contains(&t)) => {
                territory = TerritoryPath::parse(&p.territory_path).unwrap_or(territory);
            }
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "person").await);
            }
            Err(e) => return Err(ctx.fail(ACTION, e)),
        }
    }
    let from = match phone.as_deref() {
        Some(p) => format!("{name} {p}"),
        None => name.clone(),
    };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let cal = calendar_tx(&ctx, &mut tx, ACTION).await?;
    let n = tk::NewTicket {
        reporter_id: None,
        caller_name: Some(&name),
        caller_phone: phone.as_deref(),
        caller_person_id: person_id,
        channel: "call_center",
        category: &category,
        priority,
        subject: &subject,
        body: &body,
        page: None,
        app_version: None,
        case_id: None,
        person_id: None,
        from_name: &from,
        actor: user.id(),
        taken_by: Some(user.id()),
        territory: &territory,
    };
    let tk::Created { id, number, .. } = tk::create(&mut tx, &n, &cal).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({
        "number": number, "category": category, "priority": priority.as_str(), "person_id": person_id,
    });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/support/{id}"));
    Ok(id)
}

/// A list row's SLA state from its stored breach and "soon" times.
fn list_state(r: &tk::SummaryRow, at: DateTime<Utc>) -> SlaState {
    let status = TicketStatus::parse_db(&r.status).unwrap_or(TicketStatus::Open);
    match (r.breach_at, r.soon_at) {
        (Some(b), _) if b <= at => SlaState::Breached,
        (Some(_), Some(s)) if s <= at => SlaState::Soon,
        (Some(_), _) => SlaState::Running,
        (None, _) if status.is_paused() => SlaState::Paused,
        (None, _) => SlaState::Met,
    }
}

fn summary(r: tk::SummaryRow, cats: &[ChoiceView], at: DateTime<Utc>) -> TicketSummaryView {
    let sla = list_state(&r, at).as_str().to_owned();
    TicketSummaryView {
        id: r.id,
        category_name: category_name(cats, &r.category),
        reporter_name: r.reporter_name.or(r.caller_name).unwrap_or_default(),
        number: r.number,
        subject: r.subject,
        status: r.status,
        priority: r.priority,
        category: r.category,
        assignee_name: r.assignee_name,
        created_at: local_time(r.created_at),
        updated_at: local_time(r.updated_at),
        breach_at: r.breach_at.map(local_time),
        sla,
        version: r.version,
    }
}

fn page_of(mut rows: Vec<tk::SummaryRow>, offset: i64, cats: &[ChoiceView], at: DateTime<Utc>) -> TicketPageView {
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let n = rows.len() as i64;
    TicketPageView {
        items: rows.into_iter().map(|r| summary(r, cats, at)).collect(),
        next_offset: more.then_some(offset + n),
    }
}

pub async fn mine(offset: Option<i64>) -> Result<TicketPageView, AppError> {
    const ACTION: &str = "tickets.mine";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let offset = offset.unwrap_or(0).max(0);
    let cats = categories(&ctx, &user, ACTION).await?;
    let rows = tk::mine(ctx.state.store.db(), user.id(), offset, PAGE + 1).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": rows.len().min(PAGE as usize), "offset": offset });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(page_of(rows, offset, &cats, now()))
}

fn opt(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

#[allow(clippy::too_many_arguments)]
pub async fn queue(
    status: Option<String>,
    category: Option<String>,
    priority: Option<String>,
    assignee: Option<String>,
    breach: Option<String>,
    q: Option<String>,
    offset: Option<i64>,
) -> Result<QueueView, AppError> {
    const ACTION: &str = "tickets.queue";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let cats = categories(&ctx, &user, ACTION).await?;
    let agents = agents(&ctx, ACTION).await?;
    let mut errors = FieldErrors::new();
    let status = opt(status).unwrap_or_else(|| "work".into());
    if status != "work" && status != "all" && TicketStatus::parse_db(&status).is_none() {
        errors.push("status", "invalid_choice");
    }
    let category = opt(category);
    if category.as_ref().is_some_and(|c| !cats.iter().any(|k| &k.code == c)) {
        errors.push("category", "invalid_choice");
    }
    let priority = opt(priority);
    if priority.as_ref().is_some_and(|p| TicketPriority::parse_db(p).is_none()) {
        errors.push("priority", "invalid_choice");
    }
    let (assignee, assignee_id) = match opt(assignee).as_deref() {
        None | Some("any") => ("any", None),
        Some("none") => ("none", None),
        Some("me") => ("id", Some(user.id())),
        Some(v) => match v.parse::<i64>() {
            Ok(id) if agents.iter().any(|a| a.id == id) => ("id", Some(id)),
            _ => {
                errors.push("assignee", "invalid_choice");
                ("any", None)
            }
        },
    };
    let breach = match opt(breach).as_deref() {
        None | Some("any") => "any",
        Some("soon") => "soon",
        Some("breached") => "breached",
        Some(_) => {
            errors.push("breach", "invalid_choice");
            "any"
        }
    };
    let q = opt(q);
    if q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        errors.push("q", "too_long");
    }
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let (number, text) = match q.as_deref() {
        Some(q) => match TicketNumber::parse(q) {
            Some(n) => (Some(n.to_string()), None),
            // A phone typed with spaces or dashes is looked for as stored: its digits.
            None => match crate::domain::user::parse_phone("q", q) {
                Ok(Some(phone)) => (None, Some(crate::domain::names::fold(&phone))),
                _ => (None, Some(crate::domain::names::fold(q))),
            },
        },
        None => (None, None),
    };
    // A territory's support works the tickets of its territory; the central team's, all.
    let within = (!user.is_national()).then(|| user.territory());
    let f = QueueFilter { status, category, priority, assignee, assignee_id, breach, number, text, within };
    let offset = offset.unwrap_or(0).max(0);
    let at = now();
    let rows = tk::queue(ctx.state.store.db(), &f, at, offset, PAGE + 1).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": rows.len().min(PAGE as usize), "offset": offset, "q": q });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(QueueView { page: page_of(rows, offset, &cats, at), categories: cats, agents, me: user.id() })
}

/// Who the caller is to a ticket.
pub(super) struct Standing {
    pub(super) agent: bool,
    pub(super) reporter: bool,
}

/// The ticket and the caller's standing to it; `NotFound` (audited) when it is neither theirs
/// nor a support agent's to see.
pub(super) async fn load(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    id: i64,
) -> Result<(TicketRow, Standing), AppError> {
    let t = match tk::get(ctx.state.store.db(), id).await {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            return Err(ctx.refuse(Some(user), action, AppError::NotFound, "no such ticket").await);
        }
        Err(e) => return Err(ctx.fail(action, e)),
    };
    // An agent works the tickets of their territory (and below).
    let s = Standing {
        agent: user.may(Permission::WorkTickets, Some(&t.territory())),
        reporter: t.reporter_id == Some(user.id()),
    };
    if !s.agent && !s.reporter {
        return Err(ctx.refuse(Some(user), action, AppError::NotFound, "not theirs").await);
    }
    Ok((t, s))
}

fn sla_view(state: SlaState, target: i64, elapsed: i64, due: Option<DateTime<Utc>>) -> SlaView {
    let due_at = match state {
        SlaState::Running | SlaState::Soon | SlaState::Breached => due.map(local_time),
        SlaState::Met | SlaState::Paused => None,
    };
    SlaView { state: state.as_str().to_owned(), due_at, target_minutes: target, elapsed_minutes: elapsed }
}

fn may_reopen(t: &TicketRow, at: DateTime<Utc>) -> bool {
    t.status() == TicketStatus::Resolved
        && t.resolved_at.is_some_and(|r| at - r <= Duration::days(i64::from(REOPEN_DAYS)))
}

pub async fn get(id: i64) -> Result<TicketView, AppError> {
    const ACTION: &str = "tickets.get";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let (t, s) = load(&ctx, &user, ACTION, id).await?;
    let db = ctx.state.store.db();
    let messages = tk::messages(db, id, s.agent).await.or_fail(&ctx, ACTION)?;
    let files = ctx.state.store.files_of_ticket(id, s.agent).await.or_fail(&ctx, ACTION)?;
    let pauses = tk::pauses_of(db, id).await.or_fail(&ctx, ACTION)?;
    let cal = calendar(&ctx, ACTION).await?;
    let at = now();
    let [(fs, ft, fe), (rs, rt, re)] = tk::clock_states(&t, &pauses, &cal, at);
    let case = match t.case_id {
        Some(cid) => {
            let c = ctx.state.store.case(cid).await.or_fail(&ctx, ACTION)?;
            let readable = user.may(Permission::ViewPersons, Some(&c.path()));
            Some(LinkedCaseView { id: c.id, number: c.number, status: c.status, readable })
        }
        None => None,
    };
    let person = match t.person_id {
        Some(pid) => {
            let p = ctx.state.store.person(pid).await.or_fail(&ctx, ACTION)?;
            let readable = user.may(Permission::ViewPersons, Some(&p.path()));
            let name = readable.then(|| crate::domain::names::display_name(&p.last_name, &p.first_name));
            Some(LinkedPersonView { id: p.id, name, readable })
        }
        None => None,
    };
    let caller = match (&t.caller_name, s.agent) {
        (Some(name), true) => {
            let person = match t.caller_person_id {
                Some(pid) => Some(caller_view(tk::caller(db, pid).await.or_fail(&ctx, ACTION)?)),
                None => None,
            };
            Some(CallerView { name: name.clone(), phone: t.caller_phone.clone(), person })
        }
        _ => None,
    };
    let cats = categories(&ctx, &user, ACTION).await?;
    let agents = if s.agent { agents(&ctx, ACTION).await? } else { Vec::new() };
    let saved_replies = if s.agent { saved(&ctx, ACTION).await? } else { Vec::new() };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({ "as": if s.agent { "agent" } else { "reporter" } });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    // What the caller was told about this ticket, they now see.
    if al::mark_ticket_read(db, user.id(), id).await.or_fail(&ctx, ACTION)? > 0 {
        ctx.state.live.poke(user.id());
    }
    let support = |roles: &str| crate::domain::RoleSet::from_codes(roles).allows(Permission::WorkTickets);
    Ok(TicketView {
        id: t.id,
        number: t.number.clone(),
        subject: t.subject.clone(),
        status: t.status.clone(),
        priority: t.priority.clone(),
        category_name: category_name(&cats, &t.category),
        category: t.category.clone(),
        channel: t.channel.clone(),
        reporter_name: t.from_name(),
        assignee_id: t.assignee_id,
        assignee_name: t.assignee_name.clone(),
        page: t.page.clone(),
        app_version: t.app_version.clone(),
        case,
        person,
        created_at: local_time(t.created_at),
        resolved_at: t.resolved_at.map(local_time),
        first_response: sla_view(fs, ft, fe, t.first_response_due_at),
        resolution: sla_view(rs, rt, re, t.resolution_due_at),
        messages: messages
            .into_iter()
            .map(|m| TicketMessageView {
                id: m.id,
                kind: if m.kind == "ask" { "reply".into() } else { m.kind },
                from_support: m.author_id != t.reporter_id.unwrap_or(0) && support(&m.author_roles),
                author_name: m.author_name,
                body: m.body,
                created_at: local_time(m.created_at),
                files: files.iter().filter(|f| f.message_id == Some(m.id)).map(service::files::view).collect(),
            })
            .collect(),
        rating: t.rating,
        version: t.version,
        as_agent: s.agent,
        as_reporter: s.reporter,
        can_reopen: (s.reporter || s.agent) && may_reopen(&t, at),
        categories: if s.agent { cats } else { Vec::new() },
        agents,
        saved_replies,
        caller,
        file_max_bytes: ctx.state.config.attachment_max_bytes,
    })
}

/// Writes a change, recomputes the clocks and audits; maps a stale version to 409.
#[allow(clippy::too_many_arguments)]
async fn commit_change(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    mut tx: crate::store::Tx,
    t: &TicketRow,
    version: i64,
    ch: &Change<'_>,
    details: serde_json::Value,
) -> Result<(i64, crate::store::Tx), AppError> {
    let at = now();
    let v = match tk::update(&mut tx, t.id, version, ch, user.id(), at).await {
        Ok(v) => v,
        Err(e @ StoreError::Stale { .. }) => {
            drop(tx);
            return Err(ctx.failed(Some(user), action, e).await);
        }
        Err(e) => return Err(ctx.fail(action, e)),
    };
    let cal = calendar_tx(ctx, &mut tx, action).await?;
    let fresh = tk::get_tx(&mut tx, t.id).await.or_fail(ctx, action)?;
    tk::set_clocks(&mut tx, &fresh, &cal, at).await.or_fail(ctx, action)?;
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(t.id.to_string());
    ev.details = details;
    audit::append(&mut tx, &ev).await.or_fail(ctx, action)?;
    Ok((v, tx))
}

async fn refuse_transition(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    e: crate::domain::ticket::TransitionRefused,
) -> AppError {
    let code = e.code();
    ctx.refuse(Some(user), action, AppError::Conflict { field: "action".into(), code: code.into() }, code).await
}

pub async fn message(id: i64, version: i64, body: String, mode: String, sent: SentFiles) -> Result<i64, AppError> {
    let ctx = Ctx::current()?;
    let user = ctx.require_user("tickets.message").await?;
    message_as(&ctx, &user, id, version, body, &mode, sent).await
}

/// Adds `user`'s message to ticket `id` still at `version` (see [`message`]); answers the new
/// version.
pub async fn message_as(
    ctx: &Ctx,
    user: &CurrentUser,
    id: i64,
    version: i64,
    body: String,
    mode: &str,
    sent: SentFiles,
) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.message";
    let (t, s) = load(ctx, user, ACTION, id).await?;
    let mut errors = FieldErrors::new();
    let body = errors.check(validate_message(&body).map_err(|mut e| e.0.remove(0)));
    let files = errors.check(sent.ids()).unwrap_or_default();
    let Some(body) = body.filter(|_| errors.is_empty()) else {
        return Err(ctx.refuse(Some(user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    let (action, kind) = match (mode, s.agent) {
        ("reply", true) => (TicketAction::AgentReply, "reply"),
        ("ask", true) => (TicketAction::AskReporter, "ask"),
        ("note", true) => (TicketAction::Note, "note"),
        ("reply", false) => (TicketAction::ReporterReply, "reply"),
        // A follow-up call of the caller, on a ticket the call center registered: what they said
        // counts as the reporter's answer.
        ("call", true) if t.channel == "call_center" => (TicketAction::ReporterReply, "call"),
        ("ask" | "note" | "call", false) => {
            return Err(ctx.refuse(Some(user), ACTION, AppError::Forbidden, "reporter").await);
        }
        _ => return Err(ctx.refuse(Some(user), ACTION, AppError::invalid("mode", "invalid_choice"), "invalid").await),
    };
    let from = t.status();
    let to = match ticket_transition(from, action) {
        Ok(to) => to,
        Err(e) => return Err(refuse_transition(ctx, user, ACTION, e).await),
    };
    let at = now();
    let mut ch = Change::of(&t);
    ch.status = to;
    let public_support = s.agent && (kind == "reply" || kind == "ask");
    if public_support && t.first_response_at.is_none() {
        ch.first_response_at = Some(at);
    }
    // An agent who answers a ticket nobody holds takes it.
    if s.agent && kind != "note" && t.assignee_id.is_none() {
        ch.assignee_id = Some(user.id());
    }
    let mut tx = ctx.state.store.begin().await.or_fail(ctx, ACTION)?;
    if to == TicketStatus::WaitingOnReporter && from != TicketStatus::WaitingOnReporter {
        tk::pause(&mut tx, id, at).await.or_fail(ctx, ACTION)?;
    }
    if from == TicketStatus::WaitingOnReporter && to != TicketStatus::WaitingOnReporter {
        tk::resume(&mut tx, id, at).await.or_fail(ctx, ACTION)?;
    }
    let details = serde_json::json!({ "mode": kind, "status": to.as_str(), "files": files });
    let (v, mut tx) = commit_change(ctx, user, ACTION, tx, &t, version, &ch, details).await?;
    let message = tk::add_message(&mut tx, id, user.id(), kind, &body, at).await.or_fail(ctx, ACTION)?;
    let mut tx = send_files(ctx, tx, user, ACTION, id, message, &files).await?;
    let mut told = Vec::new();
    if public_support {
        if let Some(r) = t.reporter_id {
            let k = if kind == "ask" { NotificationKind::TicketWaiting } else { NotificationKind::TicketReplied };
            al::notify_ticket(&mut tx, r, k, id, Some(user.id())).await.or_fail(ctx, ACTION)?;
            told.push(r);
        }
    } else if !s.agent || kind == "call" {
        // The assignee hears of the reporter's answer, or of a call another agent took.
        if let Some(a) = t.assignee_id.filter(|a| *a != user.id()) {
            al::notify_ticket(&mut tx, a, NotificationKind::TicketMessage, id, Some(user.id()))
                .await
                .or_fail(ctx, ACTION)?;
            told.push(a);
        }
    }
    tx.commit().await.or_fail(ctx, ACTION)?;
    for u in told {
        ctx.state.live.poke(u);
    }
    // A ticket that came by e-mail is answered by e-mail too, when mail goes out.
    if public_support && t.channel == "email" && ctx.state.config.mail.is_some() {
        if let Some(r) = t.reporter_id {
            if let Err(e) =
                crate::server::mail::queue_ticket_reply(&ctx.state.store, r, &t, &user.row.full_name, &body, message)
                    .await
            {
                tracing::error!(request_id = %ctx.client.request_id, ticket = id, error = %e, "could not queue the reply's e-mail");
            }
        }
    }
    Ok(v)
}

pub async fn status(id: i64, version: i64, action_code: String) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.status";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let (t, s) = load(&ctx, &user, ACTION, id).await?;
    let at = now();
    let action = match action_code.as_str() {
        "resolve" | "close" if !s.agent => {
            return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "reporter").await);
        }
        "resolve" => TicketAction::Resolve,
        "close" => TicketAction::Close,
        "reopen" => match t.resolved_at {
            Some(resolved_at) => TicketAction::Reopen { resolved_at, now: at, window_days: REOPEN_DAYS },
            None => TicketAction::Reopen { resolved_at: at, now: at, window_days: 0 },
        },
        _ => {
            return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("action", "invalid_choice"), "invalid").await)
        }
    };
    let from = t.status();
    let to = match ticket_transition(from, action) {
        Ok(to) => to,
        Err(e) => return Err(refuse_transition(&ctx, &user, ACTION, e).await),
    };
    let mut ch = Change::of(&t);
    ch.status = to;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    match to {
        TicketStatus::Resolved => {
            ch.resolved_at = Some(at);
            tk::pause(&mut tx, id, at).await.or_fail(&ctx, ACTION)?;
        }
        TicketStatus::Closed => ch.closed_at = Some(at),
        TicketStatus::Reopened => {
            ch.resolved_at = None;
            tk::resume(&mut tx, id, at).await.or_fail(&ctx, ACTION)?;
        }
        _ => {}
    }
    let details = serde_json::json!({ "action": action_code, "from": from.as_str(), "to": to.as_str() });
    let (v, mut tx) = commit_change(&ctx, &user, ACTION, tx, &t, version, &ch, details).await?;
    tk::add_message(&mut tx, id, user.id(), "event", to.as_str(), at).await.or_fail(&ctx, ACTION)?;
    let mut told = None;
    if to == TicketStatus::Resolved {
        if let Some(r) = t.reporter_id {
            al::notify_ticket(&mut tx, r, NotificationKind::TicketResolved, id, Some(user.id()))
                .await
                .or_fail(&ctx, ACTION)?;
            told = Some(r);
        }
    } else if to == TicketStatus::Reopened && !s.agent {
        if let Some(a) = t.assignee_id {
            al::notify_ticket(&mut tx, a, NotificationKind::TicketMessage, id, Some(user.id()))
                .await
                .or_fail(&ctx, ACTION)?;
            told = Some(a);
        }
    }
    tx.commit().await.or_fail(&ctx, ACTION)?;
    if let Some(u) = told {
        ctx.state.live.poke(u);
    }
    Ok(v)
}

pub async fn triage(
    id: i64,
    version: i64,
    priority: String,
    category: String,
    assignee: Option<String>,
) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.triage";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let (t, _) = load(&ctx, &user, ACTION, id).await?;
    let mut errors = FieldErrors::new();
    if TicketPriority::parse_db(&priority).is_none() {
        errors.push("priority", "invalid_choice");
    }
    let cats = categories(&ctx, &user, ACTION).await?;
    if !cats.iter().any(|c| c.code == category) {
        errors.push("category", "invalid_choice");
    }
    let agents = agents(&ctx, ACTION).await?;
    let assignee_id = match opt(assignee).as_deref() {
        None => None,
        Some("me") => Some(user.id()),
        Some(v) => match v.parse::<i64>() {
            Ok(a) if agents.iter().any(|x| x.id == a) => Some(a),
            _ => {
                errors.push("assignee", "invalid_choice");
                None
            }
        },
    };
    // The agent given the ticket must work its territory.
    if let Some(a) = assignee_id.filter(|a| *a != user.id()) {
        let theirs = ctx.state.store.user(a).await.or_fail(&ctx, ACTION)?.territory();
        if !theirs.contains(&t.territory()) {
            errors.push("assignee", "invalid_choice");
        }
    }
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let from = t.status();
    let to = if assignee_id.is_some() && assignee_id != t.assignee_id {
        match ticket_transition(from, TicketAction::Assign) {
            Ok(to) => to,
            Err(e) => return Err(refuse_transition(&ctx, &user, ACTION, e).await),
        }
    } else if from == TicketStatus::Closed {
        let e = AppError::Conflict { field: "action".into(), code: "ticket_closed".into() };
        return Err(ctx.refuse(Some(&user), ACTION, e, "closed").await);
    } else {
        from
    };
    let mut ch = Change::of(&t);
    ch.status = to;
    ch.priority = &priority;
    ch.category = &category;
    ch.assignee_id = assignee_id;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    if priority != t.priority || category != t.category {
        // Measured from now on against the targets of its new priority and category.
        let p = TicketPriority::parse_db(&priority).unwrap_or(TicketPriority::Normal);
        ch.targets = crate::store::support_rules::targets_of(&mut tx, &category).await.or_fail(&ctx, ACTION)?.of(p);
    }
    let old_assignee = t.assignee_id.map(|a| a.to_string());
    let new_assignee = assignee_id.map(|a| a.to_string());
    let details = changes(&[
        ("priority", Some(&t.priority), Some(&priority)),
        ("category", Some(&t.category), Some(&category)),
        ("assignee_id", old_assignee.as_deref(), new_assignee.as_deref()),
        ("status", Some(from.as_str()), Some(to.as_str())),
    ]);
    let (v, mut tx) = commit_change(&ctx, &user, ACTION, tx, &t, version, &ch, details).await?;
    let mut told = None;
    if let Some(a) = assignee_id.filter(|a| Some(*a) != t.assignee_id) {
        al::notify_ticket(&mut tx, a, NotificationKind::TicketAssigned, id, Some(user.id()))
            .await
            .or_fail(&ctx, ACTION)?;
        told = Some(a);
    }
    tx.commit().await.or_fail(&ctx, ACTION)?;
    if let Some(u) = told {
        ctx.state.live.poke(u);
    }
    Ok(v)
}

pub async fn rate(id: i64, rating: i64) -> Result<(), AppError> {
    const ACTION: &str = "tickets.rate";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let (t, s) = load(&ctx, &user, ACTION, id).await?;
    if !s.reporter {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "not the reporter").await);
    }
    if !(1..=5).contains(&rating) {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("rating", "out_of_range"), "invalid").await);
    }
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    if !tk::rate(&mut tx, id, user.id(), rating).await.or_fail(&ctx, ACTION)? {
        drop(tx);
        let code = if t.rating.is_some() { "already_rated" } else { "not_resolved" };
        let e = AppError::Conflict { field: "rating".into(), code: code.into() };
        return Err(ctx.refuse(Some(&user), ACTION, e, code).await);
    }
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({ "rating": rating });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(())
}

async fn saved(ctx: &Ctx, action: &str) -> Result<Vec<SavedReplyView>, AppError> {
    let rows = sr::list(ctx.state.store.db()).await.or_fail(ctx, action)?;
    Ok(rows
        .into_iter()
        .map(|r| SavedReplyView { id: r.id, title: r.title, body: r.body, offered: r.offered, version: r.version })
        .collect())
}

pub async fn replies() -> Result<Vec<SavedReplyView>, AppError> {
    const ACTION: &str = "tickets.replies";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let list = saved(&ctx, ACTION).await?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": list.len() });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(list)
}

/// The most a saved reply's title may hold.
const TITLE_MAX: usize = 100;

pub async fn save_reply(
    id: Option<i64>,
    version: Option<i64>,
    title: String,
    body: String,
    offered: bool,
) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.save_reply";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let mut errors = FieldErrors::new();
    let title = title.trim().to_owned();
    if title.is_empty() {
        errors.push("title", "required");
    } else if title.chars().count() > TITLE_MAX {
        errors.push("title", "too_long");
    } else if title.chars().any(char::is_control) {
        errors.push("title", "invalid_chars");
    }
    let body = match validate_message(&body) {
        Ok(b) => Some(b),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let (Some(body), true) = (body, errors.is_empty()) else {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let result = match id {
        None => sr::create(&mut tx, &title, &body, offered, user.id()).await,
        Some(id) => {
            sr::update(&mut tx, id, version.unwrap_or(0), Some((&title, &body, offered)), user.id()).await.map(|_| id)
        }
    };
    let rid = match result {
        Ok(rid) => rid,
        Err(e) => {
            drop(tx);
            return Err(ctx.failed(Some(&user), ACTION, e).await);
        }
    };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("saved_reply".into());
    ev.object_id = Some(rid.to_string());
    ev.details = serde_json::json!({ "title": title, "new": id.is_none(), "offered": offered });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(rid)
}

pub async fn archive_reply(id: i64, version: i64) -> Result<(), AppError> {
    const ACTION: &str = "tickets.archive_reply";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    if let Err(e) = sr::update(&mut tx, id, version, None, user.id()).await {
        drop(tx);
        return Err(ctx.failed(Some(&user), ACTION, e).await);
    }
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("saved_reply".into());
    ev.object_id = Some(id.to_string());
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(())
}

/// The longest period the figures cover, in days.
const FIGURES_MAX_DAYS: i64 = 366;
/// The period the figures cover when none is given: the last 30 days, today included.
const FIGURES_DEFAULT_DAYS: i64 = 30;

fn figures_view(code: String, name: String, f: &tk::CategoryFigures) -> CategoryFiguresView {
    CategoryFiguresView {
        code,
        name,
        opened: f.opened,
        first_response: ClockFiguresView { met: f.first_met, late: f.first_late, overdue: f.first_overdue },
        resolution: ClockFiguresView { met: f.resolution_met, late: f.resolution_late, overdue: f.resolution_overdue },
        rated: f.rated,
        rating_sum: f.rating_sum,
    }
}

pub async fn figures(
    from: Option<String>,
    to: Option<String>,
    mine: Option<String>,
) -> Result<SupportFiguresView, AppError> {
    const ACTION: &str = "tickets.figures";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let mut errors = FieldErrors::new();
    let today = today();
    let to = crate::api::filter_date("to", to.as_deref(), &mut errors).unwrap_or(today);
    let from = crate::api::filter_date("from", from.as_deref(), &mut errors)
        .unwrap_or(to - Duration::days(FIGURES_DEFAULT_DAYS - 1));
    if errors.is_empty() {
        if to < from {
            errors.push("to", "period_reversed");
        } else if (to - from).num_days() >= FIGURES_MAX_DAYS {
            errors.push("from", "period_too_long");
        }
    }
    let mine = match opt(mine).as_deref() {
        None | Some("0") | Some("false") => false,
        Some("1") | Some("on") | Some("true") => true,
        Some(_) => {
            errors.push("mine", "invalid_choice");
            false
        }
    };
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let cats = categories(&ctx, &user, ACTION).await?;
    let assignee = mine.then(|| user.id());
    let at = now();
    let db = ctx.state.store.db();
    let (from_at, to_at) = (crate::api::day_start(from), crate::api::day_start(to + Duration::days(1)));
    let rows = tk::figures(db, from_at, to_at, assignee, at).await.or_fail(&ctx, ACTION)?;
    let backlog = tk::backlog(db, at, assignee).await.or_fail(&ctx, ACTION)?;
    let sum: tk::CategoryFigures = rows.iter().sum();
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "from": from.to_string(), "to": to.to_string(), "mine": mine });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(SupportFiguresView {
        from: from.to_string(),
        to: to.to_string(),
        mine,
        categories: rows
            .iter()
            .map(|r| figures_view(r.category.clone(), category_name(&cats, &r.category), r))
            .collect(),
        total: figures_view(String::new(), String::new(), &sum),
        backlog: backlog.to_vec(),
    })
}

/// How many answers a new ticket is offered at most.
const ANSWERS_OFFERED: i64 = 3;
/// The most of a subject the knowledge base is searched with.
const ANSWER_QUERY_MAX: usize = 200;

pub async fn answers(q: String) -> Result<Vec<AnswerView>, AppError> {
    const ACTION: &str = "tickets.answers";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    if q.chars().count() > ANSWER_QUERY_MAX {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("q", "too_long"), "invalid").await);
    }
    let terms = crate::domain::ticket::answer_terms(&q);
    let rows = sr::answers(ctx.state.store.db(), &terms, ANSWERS_OFFERED).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "terms": terms, "answers": rows.iter().map(|r| r.id).collect::<Vec<_>>() });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(rows.into_iter().map(|r| AnswerView { id: r.id, title: r.title, body: r.body }).collect())
}
