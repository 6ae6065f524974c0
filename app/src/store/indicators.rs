//! The counts behind the dashboard's indicators, each one grouped statement over a territory's
//! cases (the territory and everything below it) and, when asked, one case manager's. The
//! domain's `indicators` turns them into what a user may see.

use super::{on_db, Db, StoreResult};
use crate::domain::case::{CaseStatus, RiskLevel};
use crate::domain::indicators::StepOutcome;
use crate::domain::next_step::NextStep;
use crate::domain::TerritoryPath;
use chrono::NaiveDate;

/// Whose cases an indicator counts: those of a territory and below, and of one case manager
/// when `worker` is given.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    pub territory: &'a TerritoryPath,
    pub worker: Option<i64>,
}

impl Scope<'_> {
    /// The first path of the territory's subtree (its own).
    fn from(&self) -> &str {
        self.territory.as_str()
    }
    /// The first path after the subtree ([`TerritoryPath::end`]).
    fn until(&self) -> String {
        self.territory.end()
    }
    /// The condition on one case manager, `AND column = $n`, when there is one (bound last, by
    /// [`with_worker!`]); none otherwise. Two statements rather than `($n IS NULL OR column =
    /// $n)`: PostgreSQL's generic plan of that takes it for a selective condition and reads every
    /// case once per territory (2.2 s for the country's territories at 500,000 cases).
    fn worker_is(&self, column: &str, n: usize) -> String {
        match self.worker {
            Some(_) => format!(" AND {column} = ${n}"),
            None => String::new(),
        }
    }
}

/// Binds the scope's case manager last, when there is one ([`Scope::worker_is`]).
macro_rules! with_worker {
    ($q:expr, $scope:expr) => {
        match $scope.worker {
            Some(w) => $q.bind(w),
            None => $q,
        }
    };
}

/// A list of codes for an `IN (…)`: the codes are the domain's own constants, never a user's
/// input. Listing every value a column may hold (instead of `<> 'closed'`) lets an index that
/// begins with that column be read as one range per value, each then narrowed to the territory.
fn codes(all: impl IntoIterator<Item = &'static str>) -> String {
    all.into_iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
}

/// Every status of a case not closed, for an `IN (…)`.
pub(crate) fn active_statuses() -> String {
    codes(CaseStatus::ALL.into_iter().filter(|s| *s != CaseStatus::Closed).map(CaseStatus::as_str))
}

/// Every risk level.
fn risk_levels() -> String {
    codes(RiskLevel::ALL.into_iter().map(RiskLevel::as_str))
}

/// Every kind of step.
fn steps() -> String {
    codes(NextStep::ALL.into_iter().map(NextStep::as_str))
}

/// Active (not closed) cases of one status and risk level.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ActiveRow {
    pub status: String,
    pub risk_level: String,
    pub cases: i64,
}

/// Active cases in `scope`, by status and risk level.
pub async fn active(db: &Db, scope: Scope<'_>) -> StoreResult<Vec<ActiveRow>> {
    Ok(on_db!(db, |c| {
        let sql = format!(
            "SELECT status, risk_level, COUNT(*) AS cases FROM cases \
             WHERE status IN ({ACTIVE}) AND risk_level IN ({RISKS}) AND territory_path >= $1 AND territory_path < $2\
             {WORKER} GROUP BY status, risk_level ORDER BY status, risk_level",
            ACTIVE = active_statuses(),
            RISKS = risk_levels(),
            WORKER = scope.worker_is("manager_id", 3)
        );
        let q = sqlx::query_as(&sql).bind(scope.from()).bind(scope.until());
        with_worker!(q, scope).fetch_all(c).await?
    }))
}

/// Active cases under one territory just below the one asked for.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TerritoryCountRow {
    pub territory_id: i64,
    pub name: String,
    pub cases: i64,
}

/// Active cases in `scope` under each territory one level below it (the territory's own cases,
/// kept at it directly, are the total less these). At most 300 territories, by name.
pub async fn active_by_territory(db: &Db, scope: Scope<'_>) -> StoreResult<Vec<TerritoryCountRow>> {
    Ok(on_db!(db, |c| {
        let sql = format!(
            "SELECT t.id AS territory_id, t.name, COUNT(*) AS cases FROM territories t \
             JOIN cases k ON k.status IN ({ACTIVE}) AND k.risk_level IN ({RISKS}) \
             AND k.territory_path >= t.path AND k.territory_path < substr(t.path, 1, length(t.path) - 1) || '0' \
             WHERE t.parent_id = $1{WORKER} GROUP BY t.id, t.name ORDER BY t.name LIMIT 300",
            ACTIVE = active_statuses(),
            RISKS = risk_levels(),
            WORKER = scope.worker_is("k.manager_id", 2)
        );
        let q = sqlx::query_as(&sql).bind(scope.territory.id());
        with_worker!(q, scope).fetch_all(c).await?
    }))
}

/// Cases in `scope` whose referral was received from `from` to `to`, both included.
pub async fn referrals(db: &Db, scope: Scope<'_>, from: NaiveDate, to: NaiveDate) -> StoreResult<i64> {
    Ok(on_db!(db, |c| {
        let sql = format!(
            "SELECT COUNT(*) FROM cases WHERE territory_path >= $1 AND territory_path < $2 \
             AND received_on >= $3 AND received_on <= $4{WORKER}",
            WORKER = scope.worker_is("manager_id", 5)
        );
        let q = sqlx::query_scalar(&sql).bind(scope.from()).bind(scope.until()).bind(from).bind(to);
        with_worker!(q, scope).fetch_one(c).await?
    }))
}

/// How many of one kind of step were done on time, done late, or are open past their due day.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct TimelinessRow {
    pub step: String,
    pub on_time: i64,
    pub late: i64,
    pub overdue: i64,
}

/// Per kind of step in `scope`: those done from `from` to `to` on or before their due day and
/// after it, and those still open on `today` past their due day. A step counts for the case
/// manager it belonged to.
pub async fn timeliness(
    db: &Db,
    scope: Scope<'_>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> StoreResult<Vec<TimelinessRow>> {
    Ok(on_db!(db, |c| {
        let sql = format!(
            "SELECT step, CAST(SUM(on_time) AS BIGINT) AS on_time, CAST(SUM(late) AS BIGINT) AS late, \
             CAST(SUM(overdue) AS BIGINT) AS overdue FROM ( \
             SELECT step, SUM(CASE WHEN ended_on <= due_on THEN 1 ELSE 0 END) AS on_time, \
             SUM(CASE WHEN ended_on > due_on THEN 1 ELSE 0 END) AS late, 0 AS overdue FROM case_steps \
             WHERE step IN ({STEPS}) AND ended_on >= $3 AND ended_on <= $4 AND territory_path >= $1 \
             AND territory_path < $2 AND outcome = $5{WORKER} GROUP BY step \
             UNION ALL SELECT step, 0, 0, COUNT(*) FROM case_steps \
             WHERE step IN ({STEPS}) AND ended_on IS NULL AND due_on < $6 AND territory_path >= $1 \
             AND territory_path < $2{WORKER} GROUP BY step) x \
             GROUP BY step ORDER BY step",
            STEPS = steps(),
            WORKER = scope.worker_is("manager_id", 7)
        );
        let q = sqlx::query_as(&sql)
            .bind(scope.from())
            .bind(scope.until())
            .bind(from)
            .bind(to)
            .bind(StepOutcome::Done.as_str())
            .bind(today);
        with_worker!(q, scope).fetch_all(c).await?
    }))
}

/// How many intervals ran from `started` to `ended`.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct IntervalRow {
    pub started: NaiveDate,
    pub ended: NaiveDate,
    pub times: i64,
}

/// From referral to initial assessment: for each initial assessment begun (its step done) from
/// `from` to `to` in `scope`, the day the case's referral was received and the day it began.
pub async fn referral_to_assessment(
    db: &Db,
    scope: Scope<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<IntervalRow>> {
    let ended_by = ("outcome", StepOutcome::Done.as_str());
    intervals(db, scope, (from, to), NextStep::InitialAssessment, ended_by, "received_on").await
}

/// From assessment to approved plan: for each plan approved from `from` to `to` in `scope`, the
/// day the case's last initial assessment before it began and the day of the approval.
pub async fn assessment_to_plan(
    db: &Db,
    scope: Scope<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<IntervalRow>> {
    intervals(db, scope, (from, to), NextStep::PlanApproval, ("ended_action", "approve_plan"), "assessed_on").await
}

/// Steps of kind `step` in `scope` ended from `from` to `to` with `ended_by` (a column of
/// `case_steps` and its value), counted by the day the step kept in `started` (a date column of
/// the step, never a user's input) and the day it ended.
async fn intervals(
    db: &Db,
    scope: Scope<'_>,
    (from, to): (NaiveDate, NaiveDate),
    step: NextStep,
    ended_by: (&str, &str),
    started: &str,
) -> StoreResult<Vec<IntervalRow>> {
    let sql = format!(
        "SELECT {started} AS started, ended_on AS ended, COUNT(*) AS times FROM case_steps \
         WHERE step = $1 AND ended_on >= $3 AND ended_on <= $4 AND territory_path >= $5 AND territory_path < $6 \
         AND {column} = $2 AND {started} IS NOT NULL{WORKER} GROUP BY {started}, ended_on",
        column = ended_by.0,
        WORKER = scope.worker_is("manager_id", 7)
    );
    Ok(on_db!(db, |c| {
        let q = sqlx::query_as(&sql)
            .bind(step.as_str())
            .bind(ended_by.1)
            .bind(from)
            .bind(to)
            .bind(scope.from())
            .bind(scope.until());
        with_worker!(q, scope).fetch_all(c).await?
    }))
}

/// Closures approved with one reason (the closure form's code; empty when none was recorded).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReasonRow {
    pub reason: String,
    pub cases: i64,
}

/// Closures approved from `from` to `to` in `scope`, by the reason the closure form gave.
pub async fn closures(db: &Db, scope: Scope<'_>, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<ReasonRow>> {
    Ok(on_db!(db, |c| {
        let sql = format!(
            "SELECT COALESCE(s.reason, '') AS reason, COUNT(*) AS cases \
             FROM case_steps s WHERE s.step = $1 AND s.ended_on >= $3 AND s.ended_on <= $4 \
             AND s.territory_path >= $5 AND s.territory_path < $6 AND s.ended_action = $2{WORKER} \
             GROUP BY COALESCE(s.reason, '') ORDER BY COUNT(*) DESC, COALESCE(s.reason, '')",
            WORKER = scope.worker_is("s.manager_id", 7)
        );
        let q = sqlx::query_as(&sql)
            .bind(NextStep::ClosureApproval.as_str())
            .bind("approve_closure")
            .bind(from)
            .bind(to)
            .bind(scope.from())
            .bind(scope.until());
        with_worker!(q, scope).fetch_all(c).await?
    }))
}
