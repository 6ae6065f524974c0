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

/// The tickets still to do: new, open, reopened, or waiting on the reporter. Written as the
/// partial index `tickets_work_order` (migration 0011) is, so that SQLite sees it applies.
macro_rules! still_to_do {
    () => {
        "t.status IN ('new', 'open', 'reopened', 'waiting')"
    };
}

// The parts of this store, each a use case; the macros above are theirs too.
mod callers;
mod figures;
mod queue;
mod sla;

pub use callers::*;
pub use figures::*;
pub use queue::*;
pub use sla::*;
