//! The counts behind the dashboard's indicators, each one grouped statement over a territory's
//! cases (the territory and everything below it) and, when asked, one case manager's. The
//! domain's `indicators` turns them into what a user may see.

use super::{on_db, Db, StoreResult};
use crate::domain::case::CaseStatus;
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
    fn prefix(&self) -> String {
        format!("{}%", self.territory.as_str())
    }
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
        sqlx::query_as(
            "SELECT status, risk_level, COUNT(*) AS cases FROM cases \
             WHERE territory_path LIKE $1 AND status <> $2 AND ($3 IS NULL OR manager_id = $3) \
             GROUP BY status, risk_level ORDER BY status, risk_level",
        )
        .bind(scope.prefix())
        .bind(CaseStatus::Closed.as_str())
        .bind(scope.worker)
        .fetch_all(c)
        .await?
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
        sqlx::query_as(
            "SELECT t.id AS territory_id, t.name, COUNT(*) AS cases FROM territories t \
             JOIN cases k ON k.territory_path LIKE t.path || '%' \
             WHERE t.parent_id = $1 AND k.status <> $2 AND ($3 IS NULL OR k.manager_id = $3) \
             GROUP BY t.id, t.name ORDER BY t.name LIMIT 300",
        )
        .bind(scope.territory.id())
        .bind(CaseStatus::Closed.as_str())
        .bind(scope.worker)
        .fetch_all(c)
        .await?
    }))
}

/// Cases in `scope` whose referral was received from `from` to `to`, both included.
pub async fn referrals(db: &Db, scope: Scope<'_>, from: NaiveDate, to: NaiveDate) -> StoreResult<i64> {
    Ok(on_db!(db, |c| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE territory_path LIKE $1 AND received_on >= $2 AND received_on <= $3 \
             AND ($4 IS NULL OR manager_id = $4)",
        )
        .bind(scope.prefix())
        .bind(from)
        .bind(to)
        .bind(scope.worker)
        .fetch_one(c)
        .await?
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
        sqlx::query_as(
            "SELECT s.step, \
             SUM(CASE WHEN s.ended_on IS NOT NULL AND s.ended_on <= s.due_on THEN 1 ELSE 0 END) AS on_time, \
             SUM(CASE WHEN s.ended_on IS NOT NULL AND s.ended_on > s.due_on THEN 1 ELSE 0 END) AS late, \
             SUM(CASE WHEN s.ended_on IS NULL THEN 1 ELSE 0 END) AS overdue \
             FROM case_steps s JOIN cases k ON k.id = s.case_id \
             WHERE k.territory_path LIKE $1 AND ($2 IS NULL OR s.manager_id = $2) \
             AND ((s.outcome = $3 AND s.ended_on >= $4 AND s.ended_on <= $5) OR (s.ended_on IS NULL AND s.due_on < $6)) \
             GROUP BY s.step ORDER BY s.step",
        )
        .bind(scope.prefix())
        .bind(scope.worker)
        .bind("done")
        .bind(from)
        .bind(to)
        .bind(today)
        .fetch_all(c)
        .await?
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
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT k.received_on AS started, s.ended_on AS ended, COUNT(*) AS times \
             FROM case_steps s JOIN cases k ON k.id = s.case_id \
             WHERE s.step = $1 AND s.outcome = $2 AND s.ended_on >= $3 AND s.ended_on <= $4 \
             AND k.territory_path LIKE $5 AND ($6 IS NULL OR s.manager_id = $6) \
             GROUP BY k.received_on, s.ended_on",
        )
        .bind(NextStep::InitialAssessment.as_str())
        .bind("done")
        .bind(from)
        .bind(to)
        .bind(scope.prefix())
        .bind(scope.worker)
        .fetch_all(c)
        .await?
    }))
}

/// From assessment to approved plan: for each plan approved from `from` to `to` in `scope`, the
/// day the case's last initial assessment before it began and the day of the approval.
pub async fn assessment_to_plan(
    db: &Db,
    scope: Scope<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<IntervalRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT x.started, x.ended, COUNT(*) AS times FROM ( \
             SELECT s.ended_on AS ended, (SELECT MAX(a.ended_on) FROM case_steps a WHERE a.case_id = s.case_id \
             AND a.step = $1 AND a.outcome = $2 AND a.ended_on <= s.ended_on) AS started \
             FROM case_steps s JOIN cases k ON k.id = s.case_id \
             WHERE s.step = $3 AND s.ended_action = $4 AND s.ended_on >= $5 AND s.ended_on <= $6 \
             AND k.territory_path LIKE $7 AND ($8 IS NULL OR s.manager_id = $8)) x \
             WHERE x.started IS NOT NULL GROUP BY x.started, x.ended",
        )
        .bind(NextStep::InitialAssessment.as_str())
        .bind("done")
        .bind(NextStep::PlanApproval.as_str())
        .bind("approve_plan")
        .bind(from)
        .bind(to)
        .bind(scope.prefix())
        .bind(scope.worker)
        .fetch_all(c)
        .await?
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
        sqlx::query_as(
            "SELECT COALESCE(s.reason, '') AS reason, COUNT(*) AS cases \
             FROM case_steps s JOIN cases k ON k.id = s.case_id \
             WHERE s.step = $1 AND s.ended_action = $2 AND s.ended_on >= $3 AND s.ended_on <= $4 \
             AND k.territory_path LIKE $5 AND ($6 IS NULL OR s.manager_id = $6) \
             GROUP BY COALESCE(s.reason, '') ORDER BY COUNT(*) DESC, COALESCE(s.reason, '')",
        )
        .bind(NextStep::ClosureApproval.as_str())
        .bind("approve_closure")
        .bind(from)
        .bind(to)
        .bind(scope.prefix())
        .bind(scope.worker)
        .fetch_all(c)
        .await?
    }))
}
