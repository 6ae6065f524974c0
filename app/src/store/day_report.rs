//! What one user changed on one day, for their daily work report: each record they changed
//! (a person, a case, a case form) with what they did to it, read from the history along the
//! `history_by` index. Definitions of forms are administrators' work, not a day's casework.

use super::{on_db, Db, StoreResult};
use chrono::{DateTime, Utc};

/// One kind of change to one record on the day: how many times, first and last.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DayChangeRow {
    pub object_type: String,
    pub object_id: i64,
    pub action: String,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    pub times: i64,
    /// For a case form: its form and definition version.
    pub form_code: Option<String>,
    pub definition_version: Option<i64>,
    /// The case changed, or the case of the form changed.
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
    /// The person changed, or the beneficiary of the case.
    pub person_id: Option<i64>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
}

/// Up to `limit` changes `user` made from `from` (inclusive) to `to` (exclusive), in the order
/// they were first made.
pub async fn changes(
    db: &Db,
    user: i64,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    limit: i64,
) -> StoreResult<Vec<DayChangeRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
            "SELECT d.object_type, d.object_id, d.action, d.first_at, d.last_at, d.times, f.form_code, \
             f.definition_version, COALESCE(fk.id, ck.id) AS case_id, COALESCE(fk.number, ck.number) AS case_number, \
             p.id AS person_id, p.last_name, p.first_name \
             FROM (SELECT h.object_type, h.object_id, h.action, MIN(h.changed_at) AS first_at, \
                   MAX(h.changed_at) AS last_at, COUNT(*) AS times \
                   FROM history h WHERE h.changed_by = $1 AND h.changed_at >= $2 AND h.changed_at < $3 \
                   AND h.object_type IN ('person', 'case', 'form_submission') \
                   GROUP BY h.object_type, h.object_id, h.action) d \
             LEFT JOIN form_submissions f ON d.object_type = 'form_submission' AND f.id = d.object_id \
             LEFT JOIN cases ck ON d.object_type = 'case' AND ck.id = d.object_id \
             LEFT JOIN cases fk ON fk.id = f.case_id \
             LEFT JOIN persons p ON p.id = CASE WHEN d.object_type = 'person' THEN d.object_id \
                                         ELSE COALESCE(ck.person_id, fk.person_id) END \
             ORDER BY d.first_at, d.object_type, d.object_id, d.action LIMIT $4",
        )
        .bind(user)
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}
