//! The registers once kept on paper, read a page at a time along an index: the register of
//! referrals (every case by the day its referral was received) and of beneficiaries (the persons
//! whose case was open in a period).

use super::{on_db, Db, StoreResult};
use crate::domain::TerritoryPath;
use chrono::{DateTime, NaiveDate, Utc};

/// One line of the register of referrals.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralEntryRow {
    pub id: i64,
    pub number: String,
    pub received_on: NaiveDate,
    pub channel: String,
    pub reporter_name: String,
    pub person_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub idnp: Option<String>,
    pub birth_date: NaiveDate,
    pub risk_level: String,
    pub status: String,
    pub manager_name: Option<String>,
    pub territory_name: String,
}

/// The place of a line in the register: its referral's day and its case's id.
pub type RegisterCursor = (NaiveDate, i64);

/// Up to `limit` referrals received from `from` to `to` in `scope`, the latest first, after
/// `after` (the last line of the page before).
pub async fn referrals(
    db: &Db,
    scope: &TerritoryPath,
    (from, to): (NaiveDate, NaiveDate),
    after: Option<RegisterCursor>,
    limit: i64,
) -> StoreResult<Vec<ReferralEntryRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT k.id, k.number, k.received_on, k.channel, k.reporter_name, k.person_id, p.last_name, \
             p.first_name, p.idnp, p.birth_date, k.risk_level, k.status, m.full_name AS manager_name, \
             t.name AS territory_name \
             FROM cases k JOIN persons p ON p.id = k.person_id JOIN territories t ON t.id = k.territory_id \
             LEFT JOIN users m ON m.id = k.manager_id \
             WHERE k.received_on >= $1 AND k.received_on <= $2 AND k.territory_path LIKE $3 \
             AND ($4 IS NULL OR k.received_on < $4 OR (k.received_on = $4 AND k.id < $5)) \
             ORDER BY k.received_on DESC, k.id DESC LIMIT $6",
        )
        .bind(from)
        .bind(to)
        .bind(format!("{}%", scope.as_str()))
        .bind(after.map(|a| a.0))
        .bind(after.map(|a| a.1))
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}

/// One line of the register of beneficiaries: a person and the case that made them one.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct BeneficiaryEntryRow {
    pub id: i64,
    pub number: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub person_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub idnp: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: String,
    pub disability_degree: String,
    pub domicile_name: String,
    pub risk_level: String,
    pub status: String,
    pub manager_name: Option<String>,
    pub territory_name: String,
}

/// Up to `limit` cases of `scope` that were open at some moment from `from` (inclusive) to `to`
/// (exclusive): opened before `to` and not closed before `from`. The latest taken on first
/// (by case id, which grows as cases are opened), after case `after`.
pub async fn beneficiaries(
    db: &Db,
    scope: &TerritoryPath,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    after: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<BeneficiaryEntryRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT k.id, k.number, k.opened_at, k.closed_at, k.person_id, p.last_name, p.first_name, p.idnp, \
             p.birth_date, p.sex, p.disability_degree, d.name AS domicile_name, k.risk_level, k.status, \
             m.full_name AS manager_name, t.name AS territory_name \
             FROM cases k JOIN persons p ON p.id = k.person_id JOIN territories t ON t.id = k.territory_id \
             JOIN territories d ON d.id = p.domicile_territory_id LEFT JOIN users m ON m.id = k.manager_id \
             WHERE k.opened_at < $1 AND (k.closed_at IS NULL OR k.closed_at >= $2) \
             AND k.territory_path LIKE $3 AND k.id < $4 \
             ORDER BY k.id DESC LIMIT $5",
        )
        .bind(to)
        .bind(from)
        .bind(format!("{}%", scope.as_str()))
        // No cursor: from the top. (Not `$4 IS NULL OR …`, which keeps SQLite from reading the
        // ids as a range: every chunk of an export then started again from the newest case.)
        .bind(after.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}

/// An approved assistance plan, whose actions are lines of the register of assistance measures.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanEntryRow {
    pub id: i64,
    pub case_id: i64,
    pub number: String,
    pub person_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub idnp: Option<String>,
    pub definition_version: i64,
    /// The plan's answers, as JSON.
    pub answers: String,
    pub decided_at: DateTime<Utc>,
    pub manager_name: Option<String>,
    pub territory_name: String,
}

/// Up to `limit` plans (`form_code`, approved and in force) of cases of `scope`, approved from
/// `from` (inclusive) to `to` (exclusive), the latest first (by id), before plan `before`.
pub async fn approved_plans(
    db: &Db,
    form_code: &str,
    scope: &TerritoryPath,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    before: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<PlanEntryRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT f.id, f.case_id, k.number, k.person_id, p.last_name, p.first_name, p.idnp, f.definition_version, \
             f.answers, f.decided_at, m.full_name AS manager_name, t.name AS territory_name \
             FROM form_submissions f JOIN cases k ON k.id = f.case_id JOIN persons p ON p.id = k.person_id \
             JOIN territories t ON t.id = k.territory_id LEFT JOIN users m ON m.id = k.manager_id \
             WHERE f.form_code = $1 AND f.status = $2 AND f.decided_at >= $3 AND f.decided_at < $4 \
             AND k.territory_path LIKE $5 AND f.id < $6 \
             ORDER BY f.id DESC LIMIT $7",
        )
        .bind(form_code)
        .bind(crate::domain::form::SubmissionStatus::Approved.as_str())
        .bind(from)
        .bind(to)
        .bind(format!("{}%", scope.as_str()))
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}

/// How many referrals [`referrals`] would list for `scope` and the period, all pages together.
pub async fn referrals_count(db: &Db, scope: &TerritoryPath, (from, to): (NaiveDate, NaiveDate)) -> StoreResult<i64> {
    Ok(on_db!(db, |c| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE received_on >= $1 AND received_on <= $2 AND territory_path LIKE $3",
        )
        .bind(from)
        .bind(to)
        .bind(format!("{}%", scope.as_str()))
        .fetch_one(c)
        .await?
    }))
}

/// How many lines [`beneficiaries`] would list for `scope` and the period, all pages together.
pub async fn beneficiaries_count(
    db: &Db,
    scope: &TerritoryPath,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> StoreResult<i64> {
    Ok(on_db!(db, |c| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE opened_at < $1 AND (closed_at IS NULL OR closed_at >= $2) \
             AND territory_path LIKE $3",
        )
        .bind(to)
        .bind(from)
        .bind(format!("{}%", scope.as_str()))
        .fetch_one(c)
        .await?
    }))
}
