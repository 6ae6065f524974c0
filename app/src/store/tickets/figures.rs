//! The support figures of a period, and the backlog by age.

use super::*;

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
