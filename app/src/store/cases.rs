//! Case files: opening from a referral with a number per territory and year,
//! workflow transitions checked by the domain's state machine, assignment,
//! transfers that wait for the receiver, and the caseload views.

use super::history::{self, Entry, ObjectType};
use super::persons::stale as stale_of;
use super::{next_counter, now, on_db, on_tx, Store, StoreError, StoreResult, Tx};
use crate::domain::case::{remembered_after, transition, CaseAction, CaseNumber, CaseStatus, RiskLevel, ValidReferral};
use crate::domain::deadlines::Deadlines;
use crate::domain::TerritoryPath;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A case as stored. Serialised whole into the history as each version's snapshot.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: i64,
    pub number: String,
    pub person_id: i64,
    pub territory_id: i64,
    pub territory_path: String,
    pub manager_id: Option<i64>,
    pub status: String,
    pub remembered_status: Option<String>,
    pub status_reason: Option<String>,
    pub risk_level: String,
    pub channel: String,
    pub reporter_name: String,
    pub reporter_contact: Option<String>,
    pub received_on: NaiveDate,
    pub concern: String,
    pub next_step: Option<String>,
    pub next_due_on: Option<NaiveDate>,
    pub transfer_id: Option<i64>,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_by: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: i64,
    pub version: i64,
}

impl CaseRow {
    pub fn path(&self) -> TerritoryPath {
        TerritoryPath::parse(&self.territory_path).unwrap_or_else(|| TerritoryPath::root(self.territory_id))
    }
    pub fn status(&self) -> CaseStatus {
        CaseStatus::parse_db(&self.status).unwrap_or(CaseStatus::Open)
    }
    pub fn risk(&self) -> RiskLevel {
        RiskLevel::parse(&self.risk_level).unwrap_or(RiskLevel::Medium)
    }
    pub fn snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

const SELECT_CASE: &str = "SELECT id, number, person_id, territory_id, territory_path, manager_id, status, \
     remembered_status, status_reason, risk_level, channel, reporter_name, reporter_contact, received_on, concern, \
     next_step, next_due_on, transfer_id, opened_at, closed_at, created_by, updated_at, updated_by, version \
     FROM cases WHERE id = $1";

/// A case as a card in a caseload list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CaseCardRow {
    pub id: i64,
    pub number: String,
    pub person_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub status: String,
    pub risk_level: String,
    pub next_step: Option<String>,
    pub next_due_on: Option<NaiveDate>,
    pub manager_name: Option<String>,
    pub transfer_to_name: Option<String>,
}

/// Cases per case manager in a supervisor's territory.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WorkloadRow {
    pub manager_id: i64,
    pub manager_name: String,
    pub open_cases: i64,
    pub high_risk: i64,
    pub overdue: i64,
}

/// Filters of a caseload list.
#[derive(Clone, Debug, Default)]
pub struct CaseFilter {
    pub status: Option<String>,
    pub risk: Option<String>,
    /// Closed cases are left out unless asked for.
    pub include_closed: bool,
    /// Only the cases of this case manager (the territory view).
    pub manager: Option<i64>,
}

/// Loads a case inside `tx`.
pub async fn load(tx: &mut Tx, id: i64) -> StoreResult<CaseRow> {
    on_tx!(tx, |c| sqlx::query_as::<_, CaseRow>(SELECT_CASE).bind(id).fetch_optional(c).await?)
        .ok_or(StoreError::NotFound)
}

/// What opening a case needs beyond the referral.
pub struct NewCase<'a> {
    pub referral: &'a ValidReferral,
    pub territory_id: i64,
    pub territory_path: &'a TerritoryPath,
    pub manager_id: Option<i64>,
    pub actor: i64,
}

/// Opens a case: the next number of its territory and year, status Open when
/// a case manager is named and Referred otherwise, and history version 1.
pub async fn open(tx: &mut Tx, dl: &Deadlines, n: &NewCase<'_>) -> StoreResult<CaseRow> {
    let now = now();
    let year = super::today().year();
    let seq = next_counter(tx, &format!("case/{}/{year}", n.territory_id)).await?;
    let number = CaseNumber::new(n.territory_id, year, seq);
    let status = if n.manager_id.is_some() { CaseStatus::Open } else { CaseStatus::Referred };
    let r = n.referral;
    let today = super::today();
    let next = dl.next_step(status, r.risk_level, today);
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO cases (number, person_id, territory_id, territory_path, manager_id, status, risk_level, \
             channel, reporter_name, reporter_contact, received_on, concern, next_step, next_due_on, opened_at, \
             created_by, updated_at, updated_by, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $15, $16, 1) \
             RETURNING id",
        )
        .bind(number.as_str())
        .bind(r.person_id)
        .bind(n.territory_id)
        .bind(n.territory_path.as_str())
        .bind(n.manager_id)
        .bind(status.as_str())
        .bind(r.risk_level.as_str())
        .bind(r.channel.as_str())
        .bind(&r.reporter_name)
        .bind(&r.reporter_contact)
        .bind(r.received_on)
        .bind(&r.concern)
        .bind(next.map(|(s, _)| s.as_str()))
        .bind(next.map(|(_, d)| d))
        .bind(now)
        .bind(n.actor)
        .fetch_one(c)
        .await?
    });
    let row = load(tx, id).await?;
    history::append(
        tx,
        &Entry {
            object: ObjectType::Case,
            object_id: id,
            version: 1,
            actor: n.actor,
            action: "open",
            reason: None,
            before: None,
            after: &row.snapshot(),
        },
    )
    .await?;
    Ok(row)
}

/// Saves a changed case row if its version is still `expected`, and records
/// the history entry. A case that changed status waits for the next step of
/// its new status, due as the deadline rules and calendar count from today;
/// and the alert rules run for it, in the same transaction.
async fn save(
    tx: &mut Tx,
    dl: &Deadlines,
    before: &CaseRow,
    after: &CaseRow,
    expected: i64,
    action: &str,
    reason: Option<&str>,
    actor: i64,
) -> StoreResult<CaseRow> {
    let today = super::today();
    let mut after = after.clone();
    if after.status != before.status {
        let next = dl.next_step(after.status(), after.risk(), today);
        after.next_step = next.map(|(s, _)| s.as_str().to_owned());
        after.next_due_on = next.map(|(_, d)| d);
    }
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE cases SET territory_id = $1, territory_path = $2, manager_id = $3, status = $4, \
             remembered_status = $5, status_reason = $6, risk_level = $7, next_step = $8, next_due_on = $9, \
             transfer_id = $10, closed_at = $11, updated_at = $12, updated_by = $13, version = version + 1 \
             WHERE id = $14 AND version = $15",
        )
        .bind(after.territory_id)
        .bind(&after.territory_path)
        .bind(after.manager_id)
        .bind(&after.status)
        .bind(&after.remembered_status)
        .bind(&after.status_reason)
        .bind(&after.risk_level)
        .bind(&after.next_step)
        .bind(after.next_due_on)
        .bind(after.transfer_id)
        .bind(after.closed_at)
        .bind(now())
        .bind(actor)
        .bind(before.id)
        .bind(expected)
        .execute(c)
        .await?
        .rows_affected()
    });
    if affected != 1 {
        return Err(stale_of(tx, "cases", before.id).await);
    }
    let saved = load(tx, before.id).await?;
    history::append(
        tx,
        &Entry {
            object: ObjectType::Case,
            object_id: before.id,
            version: saved.version,
            actor,
            action,
            reason,
            before: Some(&before.snapshot()),
            after: &saved.snapshot(),
        },
    )
    .await?;
    Ok(saved)
}

/// Loads a case for a change based on `expected`: a newer version is refused
/// at once, naming who changed it.
pub async fn load_for_change(tx: &mut Tx, id: i64, expected: i64) -> StoreResult<CaseRow> {
    let row = load(tx, id).await?;
    if row.version != expected {
        return Err(stale_of(tx, "cases", id).await);
    }
    Ok(row)
}

/// Why a workflow step was refused.
#[derive(Debug)]
pub enum TransitionError {
    Store(StoreError),
    Refused(&'static str),
}

impl From<StoreError> for TransitionError {
    fn from(e: StoreError) -> Self {
        TransitionError::Store(e)
    }
}

/// Moves a case through one workflow step. The domain's state machine
/// decides whether the step is allowed from the current status. `Assign` is
/// not taken here (see [`assign`]).
pub async fn apply(
    tx: &mut Tx,
    dl: &Deadlines,
    before: &CaseRow,
    action: CaseAction,
    reason: Option<&str>,
    actor: i64,
) -> Result<CaseRow, TransitionError> {
    let from = before.status();
    let remembered = before.remembered_status.as_deref().and_then(CaseStatus::parse_db);
    let to = transition(from, action, remembered).map_err(|r| TransitionError::Refused(r.code))?;
    let mut after = before.clone();
    after.status = to.as_str().to_owned();
    after.remembered_status = remembered_after(from, to, action, remembered).map(|s| s.as_str().to_owned());
    if action.needs_reason() {
        after.status_reason = reason.map(str::to_owned);
    }
    after.closed_at = if to == CaseStatus::Closed { Some(now()) } else { None };
    if to == CaseStatus::Closed {
        // A closed case cannot wait for a transfer.
        cancel_pending_transfer(tx, before, actor).await?;
        after.transfer_id = None;
    }
    Ok(save(tx, dl, before, &after, before.version, action.as_str(), reason, actor).await?)
}

/// Records the risk level an assessment found (the case's deadlines stay as they were set).
pub async fn set_risk(
    tx: &mut Tx,
    dl: &Deadlines,
    before: &CaseRow,
    risk: crate::domain::case::RiskLevel,
    reason: Option<&str>,
    actor: i64,
) -> StoreResult<CaseRow> {
    let mut after = before.clone();
    after.risk_level = risk.as_str().to_owned();
    save(tx, dl, before, &after, before.version, "risk", reason, actor).await
}

/// Gives a case to a case manager (Referred cases become Open).
pub async fn assign(
    tx: &mut Tx,
    dl: &Deadlines,
    before: &CaseRow,
    manager: i64,
    actor: i64,
) -> Result<CaseRow, TransitionError> {
    let from = before.status();
    let to = transition(from, CaseAction::Assign, None).map_err(|r| TransitionError::Refused(r.code))?;
    let mut after = before.clone();
    after.manager_id = Some(manager);
    after.status = to.as_str().to_owned();
    Ok(save(tx, dl, before, &after, before.version, "assign", None, actor).await?)
}

const CARD_COLS: &str = "SELECT k.id, k.number, k.person_id, p.last_name, p.first_name, k.status, k.risk_level, \
     k.next_step, k.next_due_on, m.full_name AS manager_name, r.full_name AS transfer_to_name \
     FROM cases k JOIN persons p ON p.id = k.person_id LEFT JOIN users m ON m.id = k.manager_id \
     LEFT JOIN case_transfers t ON t.id = k.transfer_id LEFT JOIN users r ON r.id = t.to_user_id ";

impl Store {
    pub async fn case(&self, id: i64) -> StoreResult<CaseRow> {
        on_db!(&self.db, |c| sqlx::query_as::<_, CaseRow>(SELECT_CASE).bind(id).fetch_optional(c).await?)
            .ok_or(StoreError::NotFound)
    }

    /// One page of the cases a user manages, or waits to accept, newest
    /// first, after the case id `after`.
    ///
    /// The user's cases are found through the manager index and the pending
    /// transfers to them first: `k.manager_id = $1 OR t.to_user_id = $1`
    /// spans two tables, so neither engine could use an index for it and
    /// both walked the whole case table newest first.
    pub async fn my_cases(
        &self,
        user: i64,
        f: &CaseFilter,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<CaseCardRow>> {
        let sql = format!(
            "{CARD_COLS} WHERE k.id IN (SELECT m.id FROM cases m WHERE m.manager_id = $1 \
               UNION SELECT w.id FROM case_transfers x JOIN cases w ON w.id = x.case_id AND w.transfer_id = x.id \
               WHERE x.to_user_id = $1) \
             AND ($2 IS NULL OR k.status = $2) AND ($3 IS NULL OR k.risk_level = $3) \
             AND ($4 OR k.status <> $5) AND ($6 IS NULL OR k.id < $6) ORDER BY k.id DESC LIMIT $7"
        );
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, CaseCardRow>(&sql)
                .bind(user)
                .bind(&f.status)
                .bind(&f.risk)
                .bind(f.include_closed)
                .bind(CaseStatus::Closed.as_str())
                .bind(after)
                .bind(limit)
                .fetch_all(c)
                .await?
        }))
    }

    /// One page of the cases of a territory (a supervisor's view), newest first.
    pub async fn territory_cases(
        &self,
        scope: &TerritoryPath,
        f: &CaseFilter,
        unassigned_only: bool,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<CaseCardRow>> {
        let sql = format!(
            "{CARD_COLS} WHERE k.territory_path LIKE $1 \
             AND ($2 IS NULL OR k.status = $2) AND ($3 IS NULL OR k.risk_level = $3) \
             AND ($4 OR k.status <> $5) AND ($6 IS NULL OR k.id < $6) AND ($7 = $8 OR k.manager_id IS NULL) \
             AND ($10 IS NULL OR k.manager_id = $10) ORDER BY k.id DESC LIMIT $9"
        );
        let prefix = format!("{}%", scope.as_str());
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, CaseCardRow>(&sql)
                .bind(&prefix)
                .bind(&f.status)
                .bind(&f.risk)
                .bind(f.include_closed)
                .bind(CaseStatus::Closed.as_str())
                .bind(after)
                .bind(unassigned_only)
                .bind(false)
                .bind(limit)
                .bind(f.manager)
                .fetch_all(c)
                .await?
        }))
    }

    /// Transfers of cases in `scope` (sent from it) or to users in it, still waiting.
    pub async fn pending_transfers(&self, scope: &TerritoryPath, limit: i64) -> StoreResult<Vec<CaseCardRow>> {
        let sql = format!(
            "{CARD_COLS} WHERE t.status = $1 AND (k.territory_path LIKE $2 OR r.territory_path LIKE $2) \
             ORDER BY t.requested_at LIMIT $3"
        );
        let prefix = format!("{}%", scope.as_str());
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, CaseCardRow>(&sql).bind("pending").bind(&prefix).bind(limit).fetch_all(c).await?
        }))
    }

    /// Open cases per case manager in `scope`, with how many are high-risk and overdue: the first
    /// 200 case managers by name with an open case there. Only those 200 have their cases
    /// counted, each along the index of a manager's cases (migration 0019).
    pub async fn workload(&self, scope: &TerritoryPath, today: NaiveDate) -> StoreResult<Vec<WorkloadRow>> {
        let active = super::indicators::active_statuses();
        let in_scope = format!("k.status IN ({active}) AND k.territory_path >= $3 AND k.territory_path < $4");
        let sql = format!(
            "SELECT m.id AS manager_id, m.full_name AS manager_name, COUNT(*) AS open_cases, \
             SUM(CASE WHEN k.risk_level = $1 THEN 1 ELSE 0 END) AS high_risk, \
             SUM(CASE WHEN k.next_due_on < $2 THEN 1 ELSE 0 END) AS overdue \
             FROM (SELECT u.id, u.full_name FROM users u WHERE EXISTS \
             (SELECT 1 FROM cases k WHERE k.manager_id = u.id AND {in_scope}) ORDER BY u.full_name, u.id LIMIT 200) m \
             JOIN cases k ON k.manager_id = m.id AND {in_scope} \
             GROUP BY m.id, m.full_name ORDER BY m.full_name, m.id"
        );
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, WorkloadRow>(&sql)
                .bind(RiskLevel::High.as_str())
                .bind(today)
                .bind(scope.as_str())
                .bind(scope.end())
                .fetch_all(c)
                .await?
        }))
    }

    /// The cases of one person, newest first (a person has few).
    pub async fn cases_of_person(&self, person: i64) -> StoreResult<Vec<CaseCardRow>> {
        let sql = format!("{CARD_COLS} WHERE k.person_id = $1 ORDER BY k.id DESC LIMIT 50");
        Ok(on_db!(&self.db, |c| sqlx::query_as::<_, CaseCardRow>(&sql).bind(person).fetch_all(c).await?))
    }
}

/// Someone a case can be given to.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AssigneeRow {
    pub id: i64,
    pub full_name: String,
    pub territory_name: String,
}

impl Store {
    /// Active social workers and supervisors within `scope`, by name.
    /// The active social workers and supervisors within `scope` (only the supervisors, with
    /// `supervisors_only`), by name.
    pub async fn assignees(
        &self,
        scope: &TerritoryPath,
        supervisors_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<AssigneeRow>> {
        let prefix = format!("{}%", scope.as_str());
        let worker = if supervisors_only { "%supervisor%" } else { "%social_worker%" };
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, AssigneeRow>(
                "SELECT u.id, u.full_name, t.name AS territory_name FROM users u \
                 JOIN territories t ON t.id = u.territory_id \
                 WHERE u.active = $1 AND u.territory_path LIKE $2 \
                   AND (u.roles LIKE $3 OR u.roles LIKE $4) ORDER BY u.full_name, u.id LIMIT $5",
            )
            .bind(true)
            .bind(&prefix)
            .bind(worker)
            .bind("%supervisor%")
            .bind(limit)
            .fetch_all(c)
            .await?
        }))
    }
}

// The parts of this store, each a use case; the macros above are theirs too.
mod transfers;

pub use transfers::*;
