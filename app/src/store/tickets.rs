//! Support tickets: their rows, threads and SLA clocks. A ticket is never deleted; a message is
//! never changed. Each change checks the ticket's version and recomputes its clocks' breach
//! times in the same transaction.

use super::{next_counter, now, on_db, on_tx, zone, Db, StoreError, StoreResult, Tx};
use crate::domain::calendar::Calendar;
use crate::domain::sla::{BusinessHours, Pause, SlaCalendar, SlaClock, SlaState, SlaTarget};
use crate::domain::ticket::{TicketNumber, TicketPriority, TicketStatus};
use crate::domain::TerritoryPath;
use chrono::{DateTime, Datelike, Utc};

/// The share of a target left when a clock is "breaching soon".
pub const SOON_PERCENT: u32 = 25;

/// A ticket as stored, with the names the views show.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub number: String,
    pub reporter_id: Option<i64>,
    pub reporter_name: Option<String>,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub caller_person_id: Option<i64>,
    pub channel: String,
    pub category: String,
    pub priority: String,
    pub status: String,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub subject: String,
    pub page: Option<String>,
    pub app_version: Option<String>,
    pub case_id: Option<i64>,
    pub person_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub first_response_due_at: Option<DateTime<Utc>>,
    pub resolution_due_at: Option<DateTime<Utc>>,
    pub breach_at: Option<DateTime<Utc>>,
    pub rating: Option<i64>,
    /// The targets it is measured against, in business minutes (migration 0013).
    pub first_response_target: i64,
    pub resolution_target: i64,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// The territory it belongs to: of whoever it is from (see migration 0022).
    pub territory_path: String,
}

impl TicketRow {
    /// The territory it belongs to; a ticket of no known territory is the central team's only.
    pub fn territory(&self) -> TerritoryPath {
        TerritoryPath::parse(&self.territory_path).unwrap_or_else(|| TerritoryPath::root(0))
    }
    pub fn status(&self) -> TicketStatus {
        TicketStatus::parse_db(&self.status).unwrap_or(TicketStatus::Open)
    }
    pub fn priority(&self) -> TicketPriority {
        TicketPriority::parse_db(&self.priority).unwrap_or(TicketPriority::Normal)
    }
    /// The targets it is measured against.
    pub fn targets(&self) -> SlaTarget {
        SlaTarget { first_response: self.first_response_target, resolution: self.resolution_target }
    }
    /// Who the ticket is from: the reporter, or the caller the call center registered.
    pub fn from_name(&self) -> String {
        self.reporter_name.clone().or_else(|| self.caller_name.clone()).unwrap_or_default()
    }
}

macro_rules! select_ticket {
    () => {
        "SELECT t.id, t.number, t.reporter_id, r.full_name AS reporter_name, t.caller_name, t.caller_phone, \
         t.caller_person_id, t.channel, t.category, t.priority, t.status, t.assignee_id, a.full_name AS assignee_name, t.subject, \
         t.page, t.app_version, t.case_id, t.person_id, t.created_at, t.first_response_at, t.resolved_at, t.closed_at, \
         t.first_response_due_at, t.resolution_due_at, t.breach_at, t.rating, t.first_response_target, \
         t.resolution_target, t.updated_at, t.version, t.territory_path \
         FROM tickets t LEFT JOIN users r ON r.id = t.reporter_id LEFT JOIN users a ON a.id = t.assignee_id "
    };
}

/// A message of a ticket's thread.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub kind: String,
    pub author_id: i64,
    pub author_name: String,
    pub author_roles: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// What a new ticket records.
pub struct NewTicket<'a> {
    pub reporter_id: Option<i64>,
    pub caller_name: Option<&'a str>,
    pub caller_phone: Option<&'a str>,
    pub caller_person_id: Option<i64>,
    pub channel: &'a str,
    pub category: &'a str,
    pub priority: TicketPriority,
    pub subject: &'a str,
    pub body: &'a str,
    pub page: Option<&'a str>,
    pub app_version: Option<&'a str>,
    pub case_id: Option<i64>,
    /// The registered person the reporter attached.
    pub person_id: Option<i64>,
    /// The reporter's name (a caller's name and phone), folded into the search text.
    pub from_name: &'a str,
    pub actor: i64,
    /// Who holds the ticket from the start: the call-center agent who took the call. A ticket
    /// someone holds is open, and its first response is met (the call was answered).
    pub taken_by: Option<i64>,
    /// The territory it belongs to: the support of this territory (and above) works it.
    pub territory: &'a TerritoryPath,
}

fn search_text(number: &str, subject: &str, from: &str) -> String {
    crate::domain::names::fold(&format!("{number} {subject} {from}"))
}

/// A ticket just opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    pub id: i64,
    pub number: String,
    /// The agent round robin gave it to (see [`super::support_rules::next_in_turn`]).
    pub assigned: Option<i64>,
    /// Its first message.
    pub message: i64,
}

/// Opens a ticket with its first message, measured against the targets of its category; one no
/// agent took is given to the agent whose turn it is when its category is assigned in turn.
pub async fn create(tx: &mut Tx, n: &NewTicket<'_>, calendar: &Calendar) -> StoreResult<Created> {
    let at = now();
    let targets = super::support_rules::targets_of(tx, n.category).await?.of(n.priority);
    let assigned = match n.taken_by {
        Some(_) => None,
        None => super::support_rules::next_in_turn(tx, n.category, n.territory).await?,
    };
    let assignee = n.taken_by.or(assigned);
    let status = if assignee.is_some() { TicketStatus::Open } else { TicketStatus::New };
    let year = super::today().year();
    let seq = next_counter(tx, &format!("ticket/{year}")).await?;
    let number = TicketNumber::new(year, seq).to_string();
    let search = search_text(&number, n.subject, n.from_name);
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO tickets (number, reporter_id, caller_name, caller_phone, caller_person_id, channel, category, \
             priority, status, subject, search, page, app_version, case_id, created_at, created_by, updated_at, \
             updated_by, version, assignee_id, first_response_at, first_response_target, resolution_target, \
             person_id, territory_path) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $15, $16, 1, $17, $18, $19, $20, $21, $22) RETURNING id",
        )
        .bind(&number)
        .bind(n.reporter_id)
        .bind(n.caller_name)
        .bind(n.caller_phone)
        .bind(n.caller_person_id)
        .bind(n.channel)
        .bind(n.category)
        .bind(n.priority.as_str())
        .bind(status.as_str())
        .bind(n.subject)
        .bind(&search)
        .bind(n.page)
        .bind(n.app_version)
        .bind(n.case_id)
        .bind(at)
        .bind(n.actor)
        .bind(assignee)
        .bind(n.taken_by.map(|_| at))
        .bind(targets.first_response)
        .bind(targets.resolution)
        .bind(n.person_id)
        .bind(n.territory.as_str())
        .fetch_one(c)
        .await?
    });
    let message = add_message(tx, id, n.actor, "reply", n.body, at).await?;
    let t = get_tx(tx, id).await?;
    set_clocks(tx, &t, calendar, at).await?;
    Ok(Created { id, number, assigned, message })
}

/// Appends a message to a ticket's thread.
pub async fn add_message(
    tx: &mut Tx,
    ticket: i64,
    author: i64,
    kind: &str,
    body: &str,
    at: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO ticket_messages (ticket_id, author_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id",
        )
        .bind(ticket)
        .bind(author)
        .bind(kind)
        .bind(body)
        .bind(at)
        .fetch_one(c)
        .await?
    }))
}

/// One ticket, or `NotFound`.
pub async fn get(db: &Db, id: i64) -> StoreResult<TicketRow> {
    let row: Option<TicketRow> =
        on_db!(db, |c| sqlx::query_as(concat!(select_ticket!(), "WHERE t.id = $1")).bind(id).fetch_optional(c).await?);
    row.ok_or(StoreError::NotFound)
}

/// The ticket numbered `number`, if any.
pub async fn by_number(db: &Db, number: &str) -> StoreResult<Option<TicketRow>> {
    Ok(on_db!(db, |c| sqlx::query_as(concat!(select_ticket!(), "WHERE t.number = $1"))
        .bind(number)
        .fetch_optional(c)
        .await?))
}

/// One ticket inside a transaction, or `NotFound`.
pub async fn get_tx(tx: &mut Tx, id: i64) -> StoreResult<TicketRow> {
    let row: Option<TicketRow> =
        on_tx!(tx, |c| sqlx::query_as(concat!(select_ticket!(), "WHERE t.id = $1")).bind(id).fetch_optional(c).await?);
    row.ok_or(StoreError::NotFound)
}

/// A ticket's thread, oldest first; internal notes only when `with_notes`.
pub async fn messages(db: &Db, ticket: i64, with_notes: bool) -> StoreResult<Vec<MessageRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT m.id, m.kind, m.author_id, u.full_name AS author_name, u.roles AS author_roles, m.body, m.created_at \
             FROM ticket_messages m JOIN users u ON u.id = m.author_id \
             WHERE m.ticket_id = $1 AND ($2 = TRUE OR m.kind <> 'note') ORDER BY m.id LIMIT 1000",
        )
        .bind(ticket)
        .bind(with_notes)
        .fetch_all(c)
        .await?
    }))
}

async fn pauses(tx: &mut Tx, ticket: i64) -> StoreResult<Vec<Pause>> {
    let rows: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = on_tx!(tx, |c| {
        sqlx::query_as("SELECT paused_at, resumed_at FROM ticket_pauses WHERE ticket_id = $1 ORDER BY id")
            .bind(ticket)
            .fetch_all(c)
            .await?
    });
    Ok(rows.into_iter().map(|(from, to)| Pause { from, to }).collect())
}

/// The pauses of a ticket, read outside a transaction.
pub async fn pauses_of(db: &Db, ticket: i64) -> StoreResult<Vec<Pause>> {
    let rows: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = on_db!(db, |c| {
        sqlx::query_as("SELECT paused_at, resumed_at FROM ticket_pauses WHERE ticket_id = $1 ORDER BY id")
            .bind(ticket)
            .fetch_all(c)
            .await?
    });
    Ok(rows.into_iter().map(|(from, to)| Pause { from, to }).collect())
}

/// Starts a pause unless one lasts already.
pub async fn pause(tx: &mut Tx, ticket: i64, at: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO ticket_pauses (ticket_id, paused_at) SELECT $1, $2 \
             WHERE NOT EXISTS (SELECT 1 FROM ticket_pauses WHERE ticket_id = $1 AND resumed_at IS NULL)",
        )
        .bind(ticket)
        .bind(at)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Ends the pause that lasts, if any.
pub async fn resume(tx: &mut Tx, ticket: i64, at: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| {
        sqlx::query("UPDATE ticket_pauses SET resumed_at = $2 WHERE ticket_id = $1 AND resumed_at IS NULL")
            .bind(ticket)
            .bind(at)
            .execute(c)
            .await?;
    });
    Ok(())
}

/// The two clocks of a ticket: first response and resolution.
pub fn clocks(t: &TicketRow, pauses: &[Pause]) -> (SlaClock, SlaClock) {
    let first = SlaClock { started: t.created_at, stopped: t.first_response_at, pauses: pauses.to_vec() };
    let resolution = SlaClock { started: t.created_at, stopped: t.resolved_at, pauses: pauses.to_vec() };
    (first, resolution)
}

/// The business-time calendar of the SLA clocks.
pub fn sla_calendar(calendar: &Calendar) -> SlaCalendar<'_, chrono_tz::Tz> {
    SlaCalendar { calendar, hours: BusinessHours::default(), tz: zone() }
}

/// Works out the clocks' breach times from the ticket as it now stands and stores them.
pub async fn set_clocks(tx: &mut Tx, t: &TicketRow, calendar: &Calendar, at: DateTime<Utc>) -> StoreResult<()> {
    let p = pauses(tx, t.id).await?;
    let (first, resolution) = clocks(t, &p);
    let cal = sla_calendar(calendar);
    let (first_target, resolution_target) = (t.first_response_target, t.resolution_target);
    let first_due = first.due(&cal, first_target);
    let resolution_due = resolution.due(&cal, resolution_target);
    let first_soon = first.due(&cal, first_target - first_target * i64::from(SOON_PERCENT) / 100);
    let resolution_soon = resolution.due(&cal, resolution_target - resolution_target * i64::from(SOON_PERCENT) / 100);
    let running =
        |stopped: Option<DateTime<Utc>>, due: Option<DateTime<Utc>>| if stopped.is_none() { due } else { None };
    let breach =
        [running(t.first_response_at, first_due), running(t.resolved_at, resolution_due)].into_iter().flatten().min();
    let soon =
        [running(t.first_response_at, first_soon), running(t.resolved_at, resolution_soon)].into_iter().flatten().min();
    // A met clock keeps the due time it had, for the figures.
    let first_due = if t.first_response_at.is_some() { t.first_response_due_at.or(first_due) } else { first_due };
    let resolution_due = if t.resolved_at.is_some() { t.resolution_due_at.or(resolution_due) } else { resolution_due };
    // Clocks moved past what the assignee was told (a response given, a pause, a new priority):
    // the next "soon" or "breached" is news again.
    let clear = breach.is_none_or(|b| b > at) && soon.is_none_or(|s| s > at);
    on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE tickets SET first_response_due_at = $2, resolution_due_at = $3, breach_at = $4, soon_at = $5, \
             sla_notified = CASE WHEN $6 THEN NULL ELSE sla_notified END WHERE id = $1",
        )
        .bind(t.id)
        .bind(first_due)
        .bind(resolution_due)
        .bind(breach)
        .bind(soon)
        .bind(clear)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// The states of a ticket's two clocks at `at`.
pub fn clock_states(
    t: &TicketRow,
    pauses: &[Pause],
    calendar: &Calendar,
    at: DateTime<Utc>,
) -> [(SlaState, i64, i64); 2] {
    let (first, resolution) = clocks(t, pauses);
    let cal = sla_calendar(calendar);
    [(first, t.first_response_target), (resolution, t.resolution_target)]
        .map(|(clock, target)| (clock.state(&cal, target, at, SOON_PERCENT), target, clock.elapsed(&cal, at)))
}

/// What a change sets on a ticket.
pub struct Change<'a> {
    pub status: TicketStatus,
    pub priority: &'a str,
    pub category: &'a str,
    pub assignee_id: Option<i64>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The targets it is measured against: new ones when its priority or category changes.
    pub targets: SlaTarget,
}

impl<'a> Change<'a> {
    /// The ticket as it is: change what differs.
    pub fn of(t: &'a TicketRow) -> Change<'a> {
        Change {
            status: t.status(),
            priority: &t.priority,
            category: &t.category,
            assignee_id: t.assignee_id,
            first_response_at: t.first_response_at,
            resolved_at: t.resolved_at,
            closed_at: t.closed_at,
            targets: t.targets(),
        }
    }
}

/// Writes a change if the ticket still has `expected` version; returns the new version.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    expected: i64,
    ch: &Change<'_>,
    actor: i64,
    at: DateTime<Utc>,
) -> StoreResult<i64> {
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE tickets SET status = $3, priority = $4, category = $5, assignee_id = $6, first_response_at = $7, \
             resolved_at = $8, closed_at = $9, updated_at = $10, updated_by = $11, first_response_target = $12, \
             resolution_target = $13, version = version + 1 WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(expected)
        .bind(ch.status.as_str())
        .bind(ch.priority)
        .bind(ch.category)
        .bind(ch.assignee_id)
        .bind(ch.first_response_at)
        .bind(ch.resolved_at)
        .bind(ch.closed_at)
        .bind(at)
        .bind(actor)
        .bind(ch.targets.first_response)
        .bind(ch.targets.resolution)
        .execute(c)
        .await?
        .rows_affected()
    });
    if affected == 0 {
        return Err(stale(tx, id).await);
    }
    Ok(expected + 1)
}

async fn stale(tx: &mut Tx, id: i64) -> StoreError {
    let who: Result<Option<(String, DateTime<Utc>)>, sqlx::Error> = on_tx!(tx, |c| {
        sqlx::query_as(
            "SELECT u.full_name, t.updated_at FROM tickets t JOIN users u ON u.id = t.updated_by WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await
    });
    match who {
        Ok(Some((changed_by, changed_at))) => StoreError::Stale { changed_by, changed_at },
        Ok(None) => StoreError::NotFound,
        Err(e) => e.into(),
    }
}

/// Records the reporter's rating of a resolved ticket, once.
pub async fn rate(tx: &mut Tx, id: i64, reporter: i64, rating: i64) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE tickets SET rating = $3, rated_at = $4 WHERE id = $1 AND reporter_id = $2 AND rating IS NULL \
             AND status IN ('resolved', 'closed')",
        )
        .bind(id)
        .bind(reporter)
        .bind(rating)
        .bind(now())
        .execute(c)
        .await?
        .rows_affected()
    });
    Ok(n == 1)
}

/// A ticket in a list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub status: String,
    pub priority: String,
    pub category: String,
    pub reporter_name: Option<String>,
    pub caller_name: Option<String>,
    pub assignee_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub breach_at: Option<DateTime<Utc>>,
    pub soon_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// The tickets still to do: new, open, reopened, or waiting on the reporter. Written as the
/// partial index `tickets_work_order` (migration 0011) is, so that SQLite sees it applies.
macro_rules! still_to_do {
    () => {
        "t.status IN ('new', 'open', 'reopened', 'waiting')"
    };
}

macro_rules! select_summary {
    () => {
        "SELECT t.id, t.number, t.subject, t.status, t.priority, t.category, r.full_name AS reporter_name, \
         t.caller_name, a.full_name AS assignee_name, t.created_at, t.updated_at, t.breach_at, t.soon_at, t.version \
         FROM tickets t LEFT JOIN users r ON r.id = t.reporter_id LEFT JOIN users a ON a.id = t.assignee_id "
    };
}

/// The tickets `reporter` opened, newest first.
pub async fn mine(db: &Db, reporter: i64, offset: i64, limit: i64) -> StoreResult<Vec<SummaryRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(concat!(select_summary!(), "WHERE t.reporter_id = $1 ORDER BY t.id DESC LIMIT $2 OFFSET $3"))
            .bind(reporter)
            .bind(limit)
            .bind(offset)
            .fetch_all(c)
            .await?
    }))
}

/// Which tickets the queue shows.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// `work` (new, open, reopened, waiting), `all`, or one status code.
    pub status: String,
    pub category: Option<String>,
    pub priority: Option<String>,
    /// `any`, `none` or `id` (with `assignee_id`).
    pub assignee: &'static str,
    pub assignee_id: Option<i64>,
    /// `any`, `soon` or `breached`.
    pub breach: &'static str,
    /// An exact ticket number.
    pub number: Option<String>,
    /// Folded words the search text must contain.
    pub text: Option<String>,
    /// Only the tickets of this territory and below (a territory's support); `None`: all.
    pub within: Option<TerritoryPath>,
}

/// The most words of a search the queue looks up; the rest are left out.
const MAX_WORDS: usize = 8;

/// Below this many tickets with the words, the queue reads them by id; at or above it, it walks
/// its order and checks each ticket's words (see [`queue`]).
pub const FEW_MATCHES: i64 = 2000;

/// The words of the folded `text` (words of `a-z0-9`, see `names::fold`), at most [`MAX_WORDS`].
fn words_of(text: &str) -> Vec<&str> {
    text.split(' ').filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric())).take(MAX_WORDS).collect()
}

/// The tickets that have all of `words`, from the word index (migration 0012): their ids when
/// there are fewer than [`FEW_MATCHES`], else `None` (many). Every word must begin a word of the
/// ticket's search text (`parol` finds `parola`): in FTS5's syntax `"parol"* "cont"*`, in
/// `to_tsquery`'s `parol:* & cont:*`.
async fn word_matches(db: &Db, words: &[&str]) -> StoreResult<Option<Vec<i64>>> {
    let query = |each: fn(&str) -> String, and: &str| words.iter().map(|w| each(w)).collect::<Vec<_>>().join(and);
    let ids: Vec<i64> = match db {
        Db::Sqlite(c) => {
            sqlx::query_scalar("SELECT rowid FROM tickets_words WHERE tickets_words MATCH $1 LIMIT $2")
                .bind(query(|w| format!("\"{w}\"*"), " "))
                .bind(FEW_MATCHES)
                .fetch_all(c)
                .await?
        }
        Db::Postgres(c) => {
            sqlx::query_scalar(
                "SELECT id FROM tickets WHERE to_tsvector('simple', search) @@ to_tsquery('simple', $1) LIMIT $2",
            )
            .bind(query(|w| format!("{w}:*"), " & "))
            .bind(FEW_MATCHES)
            .fetch_all(c)
            .await?
        }
    };
    Ok((ids.len() < FEW_MATCHES as usize).then_some(ids))
}

/// A page of the queue: by time to breach (tickets with no running clock last), then by number.
///
/// Words are looked up in the word index first. When few tickets have them, the page is read
/// from those ids; when many do, from the queue's order, checking each ticket's words as the
/// index would (each word starting a word of the search text), which finds a page soon because
/// matches are dense. Left to themselves, the planners do one or the other whatever the word:
/// SQLite read every match first (120 ms for a word in a sixth of 500,000 tickets), PostgreSQL
/// walked the order and built each ticket's words (2 s for a word no ticket has); see
/// docs/figures.md.
pub async fn queue(
    db: &Db,
    f: &QueueFilter,
    at: DateTime<Utc>,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<SummaryRow>> {
    let words = f.text.as_deref().map(words_of).unwrap_or_default();
    let few = if words.is_empty() { None } else { word_matches(db, &words).await? };
    if few.as_ref().is_some_and(Vec::is_empty) {
        return Ok(Vec::new());
    }
    // Only the filters set go in the statement (their values bound), so that each request is
    // planned for what it asks; the order is the one the queue's indexes keep (migration 0011).
    Ok(on_db!(db, |c| {
        let mut qb = sqlx::QueryBuilder::new(concat!(select_summary!(), "WHERE "));
        match f.status.as_str() {
            "work" => qb.push(still_to_do!()),
            "all" => qb.push("TRUE"),
            s => qb.push("t.status = ").push_bind(s),
        };
        if let Some(v) = f.category.as_deref() {
            qb.push(" AND t.category = ").push_bind(v);
        }
        if let Some(v) = f.priority.as_deref() {
            qb.push(" AND t.priority = ").push_bind(v);
        }
        match (f.assignee, f.assignee_id) {
            ("none", _) => {
                qb.push(" AND t.assignee_id IS NULL");
            }
            ("id", Some(id)) => {
                qb.push(" AND t.assignee_id = ").push_bind(id);
            }
            _ => {}
        }
        match f.breach {
            "breached" => {
                qb.push(" AND t.breach_at <= ").push_bind(at);
            }
            "soon" => {
                qb.push(" AND t.soon_at <= ").push_bind(at).push(" AND t.breach_at > ").push_bind(at);
            }
            _ => {}
        }
        if let Some(v) = f.number.as_deref() {
            qb.push(" AND t.number = ").push_bind(v);
        }
        if let Some(t) = &f.within {
            qb.push(" AND t.territory_path >= ").push_bind(t.as_str().to_owned());
            qb.push(" AND t.territory_path < ").push_bind(t.end());
        }
        match &few {
            Some(ids) => {
                qb.push(" AND t.id IN (");
                let mut list = qb.separated(", ");
                for id in ids {
                    list.push_bind(*id);
                }
                qb.push(")");
            }
            None => {
                for w in &words {
                    qb.push(" AND (' ' || t.search) LIKE ").push_bind(super::word_start(w));
                }
            }
        }
        qb.push(" ORDER BY t.breach_at IS NULL, t.breach_at, t.id LIMIT ").push_bind(limit);
        qb.push(" OFFSET ").push_bind(offset);
        let dense = few.is_none() && !words.is_empty();
        if dense && matches!(db, Db::Postgres(_)) {
            // Words many tickets have: PostgreSQL takes `LIKE '% word%'` for rare, reads every
            // ticket and sorts (130 ms), where the walk along the order finds a page in 2 ms.
            // Only this statement is told so, inside its own transaction.
            let mut tx = c.begin().await?;
            sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await?;
            sqlx::query("SET LOCAL enable_bitmapscan = off").execute(&mut *tx).await?;
            let rows = qb.build_query_as::<SummaryRow>().fetch_all(&mut *tx).await?;
            tx.commit().await?;
            rows
        } else {
            qb.build_query_as::<SummaryRow>().fetch_all(c).await?
        }
    }))
}

/// The active support agents, by name.
pub async fn agents(db: &Db) -> StoreResult<Vec<(i64, String)>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(concat!(
            "SELECT id, full_name FROM users WHERE active = TRUE AND ",
            super::support_rules::support_agents!(),
            " ORDER BY full_name, id LIMIT 500"
        ))
        .fetch_all(c)
        .await?
    }))
}

/// A registered person a call-center agent may link to a caller's ticket.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CallerMatchRow {
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: chrono::NaiveDate,
    pub territory_name: String,
    pub territory_path: String,
}

macro_rules! select_caller {
    () => {
        "SELECT p.id, p.last_name, p.first_name, p.birth_date, t.name AS territory_name, p.territory_path \
         FROM persons p JOIN territories t ON t.id = p.domicile_territory_id"
    };
}

/// The persons registered in the territory `within` (a path and all below it) with the IDNP
/// `idnp` or the phone `phone` (as stored: see `parse_phone`), at most `limit`.
pub async fn callers(
    db: &Db,
    within: &str,
    idnp: Option<&str>,
    phone: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<CallerMatchRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(concat!(
            select_caller!(),
            " WHERE (p.idnp = $1 OR p.phone = $2) AND substr(p.territory_path, 1, length($3)) = $3 \
             ORDER BY p.last_name, p.first_name, p.id LIMIT $4"
        ))
        .bind(idnp)
        .bind(phone)
        .bind(within)
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}

/// One person as a call's ticket names them.
pub async fn caller(db: &Db, id: i64) -> StoreResult<CallerMatchRow> {
    let row: Option<CallerMatchRow> = on_db!(db, |c| {
        sqlx::query_as(concat!(select_caller!(), " WHERE p.id = $1")).bind(id).fetch_optional(c).await?
    });
    row.ok_or(StoreError::NotFound)
}

/// What one SLA pass told: of how many tickets, in how many notifications.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlaPassReport {
    pub soon: u64,
    pub breached: u64,
    pub notices: u64,
}

/// Tells each assignee and the support leads who work the ticket's territory, once, of the
/// tickets breaching soon and breached at `at` (the leads also of those nobody holds). Each ticket's `sla_notified` is moved by one
/// conditional `UPDATE`, so passes on several instances at once tell nobody twice.
pub async fn sla_pass(store: &super::Store, at: DateTime<Utc>) -> StoreResult<SlaPassReport> {
    let mut tx = store.begin().await?;
    let breached: Vec<(i64, Option<i64>, String)> = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "UPDATE tickets SET sla_notified = 'breached' WHERE breach_at <= $1 \
             AND (sla_notified IS NULL OR sla_notified <> 'breached') RETURNING id, assignee_id, territory_path",
        )
        .bind(at)
        .fetch_all(c)
        .await?
    });
    let soon: Vec<(i64, Option<i64>, String)> = on_tx!(&mut tx, |c| {
        sqlx::query_as(
            "UPDATE tickets SET sla_notified = 'soon' WHERE soon_at <= $1 AND breach_at > $1 \
             AND sla_notified IS NULL RETURNING id, assignee_id, territory_path",
        )
        .bind(at)
        .fetch_all(c)
        .await?
    });
    let leads = if breached.is_empty() && soon.is_empty() {
        Vec::new()
    } else {
        super::support_rules::leads_tx(&mut tx).await?
    };
    use crate::domain::deadlines::NotificationKind as N;
    let mut report = SlaPassReport::default();
    for (rows, kind) in [(&breached, N::TicketBreached), (&soon, N::TicketSoon)] {
        for (id, assignee, path) in rows {
            // The leads whose territory holds the ticket's.
            let theirs = leads.iter().filter(|(_, p)| path.starts_with(p.as_str())).map(|(l, _)| *l);
            let mut told: Vec<i64> = assignee.iter().copied().chain(theirs).collect();
            told.sort_unstable();
            told.dedup();
            for u in &told {
                super::alerts::notify_ticket(&mut tx, *u, kind, *id, None).await?;
            }
            if !told.is_empty() {
                match kind {
                    N::TicketBreached => report.breached += 1,
                    _ => report.soon += 1,
                }
                report.notices += told.len() as u64;
            }
        }
    }
    tx.commit().await?;
    Ok(report)
}

/// The SLA figures of the tickets of one category opened in a period: how many, and how each
/// clock ended. A clock "met" stopped by its due time, "late" stopped after it, "overdue" runs
/// past it (the ticket is new, open or reopened); clocks running in time, or standing still while
/// the ticket waits on its reporter, are in none of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct CategoryFigures {
    pub category: String,
    pub opened: i64,
    pub first_met: i64,
    pub first_late: i64,
    pub first_overdue: i64,
    pub resolution_met: i64,
    pub resolution_late: i64,
    pub resolution_overdue: i64,
    /// How many were rated, and the sum of their ratings (1–5).
    pub rated: i64,
    pub rating_sum: i64,
}

impl<'a> std::iter::Sum<&'a CategoryFigures> for CategoryFigures {
    /// The figures of several categories together (the category left empty).
    fn sum<I: Iterator<Item = &'a CategoryFigures>>(rows: I) -> Self {
        rows.fold(CategoryFigures::default(), |mut t, r| {
            t.opened += r.opened;
            t.first_met += r.first_met;
            t.first_late += r.first_late;
            t.first_overdue += r.first_overdue;
            t.resolution_met += r.resolution_met;
            t.resolution_late += r.resolution_late;
            t.resolution_overdue += r.resolution_overdue;
            t.rated += r.rated;
            t.rating_sum += r.rating_sum;
            t
        })
    }
}

/// Per category, the tickets opened in `from..to` (assigned to `assignee` when given), with their
/// clocks as they stand at `at`. One grouped statement over the period's rows.
pub async fn figures(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    assignee: Option<i64>,
    at: DateTime<Utc>,
) -> StoreResult<Vec<CategoryFigures>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT category, COUNT(*) AS opened, \
             SUM(CASE WHEN first_response_at IS NOT NULL AND first_response_at <= first_response_due_at \
             THEN 1 ELSE 0 END) AS first_met, \
             SUM(CASE WHEN first_response_at IS NOT NULL AND first_response_at > first_response_due_at \
             THEN 1 ELSE 0 END) AS first_late, \
             SUM(CASE WHEN first_response_at IS NULL AND status IN ('new', 'open', 'reopened') AND first_response_due_at <= $3 \
             THEN 1 ELSE 0 END) AS first_overdue, \
             SUM(CASE WHEN resolved_at IS NOT NULL AND resolved_at <= resolution_due_at THEN 1 ELSE 0 END) \
             AS resolution_met, \
             SUM(CASE WHEN resolved_at IS NOT NULL AND resolved_at > resolution_due_at THEN 1 ELSE 0 END) \
             AS resolution_late, \
             SUM(CASE WHEN resolved_at IS NULL AND status IN ('new', 'open', 'reopened') AND resolution_due_at <= $3 \
             THEN 1 ELSE 0 END) AS resolution_overdue, \
             COUNT(rating) AS rated, CAST(COALESCE(SUM(rating), 0) AS BIGINT) AS rating_sum \
             FROM tickets WHERE created_at >= $1 AND created_at < $2 AND ($4 IS NULL OR assignee_id = $4) \
             GROUP BY category ORDER BY category",
        )
        .bind(from)
        .bind(to)
        .bind(at)
        .bind(assignee)
        .fetch_all(c)
        .await?
    }))
}

/// The ages the backlog is told in, as the upper bound of each band in days (the last band is
/// everything older).
pub const BACKLOG_BANDS: [i64; 4] = [1, 3, 7, 30];

/// The tickets still to do at `at` (not resolved or closed; assigned to `assignee` when given), by
/// age since they were opened: one count per band of [`BACKLOG_BANDS`], then the older ones.
pub async fn backlog(db: &Db, at: DateTime<Utc>, assignee: Option<i64>) -> StoreResult<[i64; 5]> {
    let [a, b, c3, d] = BACKLOG_BANDS.map(|days| at - chrono::Duration::days(days));
    let row: (i64, i64, i64, i64, i64) = on_db!(db, |c| {
        sqlx::query_as(concat!(
            "SELECT COALESCE(SUM(CASE WHEN created_at > $1 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN created_at <= $1 AND created_at > $2 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN created_at <= $2 AND created_at > $3 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN created_at <= $3 AND created_at > $4 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN created_at <= $4 THEN 1 ELSE 0 END), 0) \
             FROM tickets t WHERE ",
            still_to_do!(),
            " AND ($5 IS NULL OR assignee_id = $5)"
        ))
        .bind(a)
        .bind(b)
        .bind(c3)
        .bind(d)
        .bind(assignee)
        .fetch_one(c)
        .await?
    });
    Ok([row.0, row.1, row.2, row.3, row.4])
}
