//! Support rules per ticket category, set by support leads: the SLA targets of the category's
//! tickets (or the general ones) and how its new tickets are assigned (by hand, or in turn among
//! chosen agents). One row per category that has been set, and the general row (`category` ''):
//! see migration 0013. Never deleted; every change bumps the version.

use super::{now, on_db, on_tx, Db, StoreError, StoreResult, Tx};
use crate::domain::sla::SlaTargets;
use crate::domain::ticket::Assignment;
use chrono::{DateTime, Utc};

/// The condition on `users` (unqualified) of those who work tickets: support agents and leads.
macro_rules! support_agents {
    () => {
        "((',' || roles || ',') LIKE '%,support_agent,%' OR (',' || roles || ',') LIKE '%,support_lead,%')"
    };
}
pub(crate) use support_agents;

/// The `category` of the general row.
pub const GENERAL: &str = "";

/// A stored rule.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RuleRow {
    pub category: String,
    /// The JSON of [`SlaTargets`]; `None` for the general targets.
    pub targets: Option<String>,
    pub assignment: String,
    pub agent_ids: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by_name: String,
    pub version: i64,
}

impl RuleRow {
    /// The rule's own targets, if it has any (and they read).
    pub fn targets(&self) -> Option<SlaTargets> {
        self.targets.as_deref().and_then(|t| serde_json::from_str(t).ok())
    }
    pub fn assignment(&self) -> Assignment {
        Assignment::parse_db(&self.assignment).unwrap_or(Assignment::Manual)
    }
    /// The agents who take turns (empty: every support agent).
    pub fn agents(&self) -> Vec<i64> {
        parse_ids(&self.agent_ids)
    }
}

fn parse_ids(s: &str) -> Vec<i64> {
    s.split(',').filter_map(|v| v.trim().parse().ok()).collect()
}

/// Every rule set: the general row first, then by category. There is at most one per category.
pub async fn list(db: &Db) -> StoreResult<Vec<RuleRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT r.category, r.targets, r.assignment, r.agent_ids, r.updated_at, u.full_name AS updated_by_name, \
             r.version FROM support_rules r JOIN users u ON u.id = r.updated_by ORDER BY r.category LIMIT 500",
        )
        .fetch_all(c)
        .await?
    }))
}

/// The targets the tickets of `category` are measured against: the category's own, else the
/// general row's, else the built-in ones.
pub async fn targets_of(tx: &mut Tx, category: &str) -> StoreResult<SlaTargets> {
    let json: Option<String> = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "SELECT targets FROM support_rules WHERE category IN ($1, '') AND targets IS NOT NULL \
             ORDER BY category DESC LIMIT 1",
        )
        .bind(category)
        .fetch_optional(c)
        .await?
    });
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

/// What a lead sets for one category (or the general row).
pub struct RuleChange<'a> {
    pub category: &'a str,
    pub targets: Option<&'a SlaTargets>,
    pub assignment: Assignment,
    pub agents: &'a [i64],
}

/// Sets the rule of a category, still at version `expected` (0: none set yet); returns the new
/// version. Someone else's change in between is `Stale`.
pub async fn save(tx: &mut Tx, ch: &RuleChange<'_>, expected: i64, actor: i64) -> StoreResult<i64> {
    let at = now();
    let targets = ch.targets.map(|t| serde_json::to_string(t).unwrap_or_default());
    let agents = ch.agents.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let affected = if expected == 0 {
        // A first setting; the unique category refuses a second one made meanwhile.
        on_tx!(tx, |c| {
            sqlx::query(
                "INSERT INTO support_rules (category, targets, assignment, agent_ids, turn, updated_at, updated_by, \
                 version) VALUES ($1, $2, $3, $4, 0, $5, $6, 1) ON CONFLICT (category) DO NOTHING",
            )
            .bind(ch.category)
            .bind(&targets)
            .bind(ch.assignment.as_str())
            .bind(&agents)
            .bind(at)
            .bind(actor)
            .execute(c)
            .await?
            .rows_affected()
        })
    } else {
        on_tx!(tx, |c| {
            sqlx::query(
                "UPDATE support_rules SET targets = $3, assignment = $4, agent_ids = $5, updated_at = $6, \
                 updated_by = $7, version = version + 1 WHERE category = $1 AND version = $2",
            )
            .bind(ch.category)
            .bind(expected)
            .bind(&targets)
            .bind(ch.assignment.as_str())
            .bind(&agents)
            .bind(at)
            .bind(actor)
            .execute(c)
            .await?
            .rows_affected()
        })
    };
    if affected == 1 {
        return Ok(expected + 1);
    }
    let who: Option<(String, DateTime<Utc>)> = on_tx!(tx, |c| {
        sqlx::query_as(
            "SELECT u.full_name, r.updated_at FROM support_rules r JOIN users u ON u.id = r.updated_by \
             WHERE r.category = $1",
        )
        .bind(ch.category)
        .fetch_optional(c)
        .await?
    });
    Err(match who {
        Some((changed_by, changed_at)) => StoreError::Stale { changed_by, changed_at },
        None => StoreError::NotFound,
    })
}

/// The agent whose turn it is for a new ticket of `category`, when its tickets are assigned in
/// turn; `None` when they are assigned by hand or none of its agents is active. Takes the turn
/// (the row's lock holds it until the transaction ends, so two tickets never get the same one).
/// Only agents who work the ticket's `territory` (theirs contains it) take a turn.
pub async fn next_in_turn(
    tx: &mut Tx,
    category: &str,
    territory: &crate::domain::TerritoryPath,
) -> StoreResult<Option<i64>> {
    let row: Option<(i64, String)> = on_tx!(tx, |c| {
        sqlx::query_as(
            "UPDATE support_rules SET turn = turn + 1 WHERE category = $1 AND category <> '' AND assignment = $2 \
             RETURNING turn - 1, agent_ids",
        )
        .bind(category)
        .bind(Assignment::RoundRobin.as_str())
        .fetch_optional(c)
        .await?
    });
    let Some((turn, ids)) = row else { return Ok(None) };
    let active: Vec<i64> = on_tx!(tx, |c| {
        sqlx::query_scalar(concat!(
            "SELECT id FROM users WHERE active = TRUE AND $1 LIKE territory_path || '%' AND ",
            support_agents!(),
            " ORDER BY id LIMIT 500"
        ))
        .bind(territory.as_str())
        .fetch_all(c)
        .await?
    });
    Ok(crate::domain::ticket::in_turn(turn, &parse_ids(&ids), &active))
}

/// The active support leads, with their home territory's path.
pub async fn leads_tx(tx: &mut Tx) -> StoreResult<Vec<(i64, String)>> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_as(
            "SELECT id, territory_path FROM users WHERE active = TRUE AND (',' || roles || ',') LIKE '%,support_lead,%' \
             ORDER BY id LIMIT 1000",
        )
        .fetch_all(c)
        .await?
    }))
}
