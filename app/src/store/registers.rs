//! The registers once kept on paper, read a page at a time along an index: the register of
//! referrals (every case by the day its referral was received).

use super::{on_db, Db, StoreResult};
use crate::domain::TerritoryPath;
use chrono::NaiveDate;

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
