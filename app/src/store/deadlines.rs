//! The deadline rules, the alert windows and the holiday calendar, as administrators keep them.
//!
//! Defaults (the domain's [`DeadlineRules::default`] and Moldova's fixed-date holidays) are seeded
//! once at start; after that the rows are the truth. The rule set changes as a whole, checked
//! against the version of its `settings` row, so two administrators never overwrite each other.

use super::{now, on_db, on_tx, Db, Store, StoreError, StoreResult, Tx};
use crate::domain::calendar::{Calendar, DayCount, FIXED_HOLIDAYS};
use crate::domain::deadlines::{DeadlineRules, Deadlines, Rule};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The `settings` row that holds the alert windows and versions the whole rule set.
const WINDOWS: &str = "alert_windows";

#[derive(Serialize, Deserialize)]
struct Windows {
    due_soon_days: u32,
    escalate_after_days: u32,
}

/// The rules as stored, with the version a change must name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesRow {
    pub rules: DeadlineRules,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<i64>,
}

/// A holiday as stored: `year` `None` for one that comes back every year.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct HolidayRow {
    pub id: i64,
    pub year: Option<i64>,
    pub month: i64,
    pub day: i64,
    pub name: String,
}

impl HolidayRow {
    /// The date this holiday falls on in `year`, if it falls in that year at all.
    pub fn date_in(&self, year: i32) -> Option<NaiveDate> {
        if self.year.is_some_and(|y| y != i64::from(year)) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, u32::try_from(self.month).ok()?, u32::try_from(self.day).ok()?)
    }
}

/// Seeds the default rules, the windows and the fixed-date holidays where they are missing.
pub async fn seed(store: &Store) -> StoreResult<()> {
    let mut tx = store.begin().await?;
    let at = now();
    let defaults = DeadlineRules::default();
    for (key, rule) in &defaults.rules {
        let (step, risk) = key.split_once('/').unwrap_or((key, ""));
        on_tx!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO deadline_rules (step, risk_level, days, day_count, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT DO NOTHING",
            )
            .bind(step)
            .bind(risk)
            .bind(i64::from(rule.days))
            .bind(rule.count.as_str())
            .bind(at)
            .execute(c)
            .await?;
        });
    }
    let windows = serde_json::to_string(&Windows {
        due_soon_days: defaults.due_soon_days,
        escalate_after_days: defaults.escalate_after_days,
    })
    .unwrap_or_default();
    on_tx!(&mut tx, |c| {
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at, version) VALUES ($1, $2, $3, 1) ON CONFLICT DO NOTHING",
        )
        .bind(WINDOWS)
        .bind(&windows)
        .bind(at)
        .execute(c)
        .await?;
    });
    let seeded: i64 = on_tx!(&mut tx, |c| {
        sqlx::query_scalar("SELECT COUNT(*) FROM holidays WHERE year IS NULL").fetch_one(c).await?
    });
    if seeded == 0 {
        for h in FIXED_HOLIDAYS {
            on_tx!(&mut tx, |c| {
                sqlx::query("INSERT INTO holidays (month, day, name, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(i64::from(h.month))
                    .bind(i64::from(h.day))
                    .bind(h.name_ro)
                    .bind(at)
                    .execute(c)
                    .await?;
            });
        }
    }
    tx.commit().await
}

type RuleTuple = (String, String, i64, String);
type WindowTuple = (String, i64, DateTime<Utc>, Option<i64>);

fn assemble(rows: Vec<RuleTuple>, windows: Option<WindowTuple>) -> RulesRow {
    let mut rules = DeadlineRules::default();
    for (step, risk, days, count) in rows {
        let days = u32::try_from(days).unwrap_or(1);
        rules.rules.insert(
            format!("{step}/{risk}"),
            Rule { days, count: DayCount::parse(&count).unwrap_or(DayCount::Working) },
        );
    }
    let (version, updated_at, updated_by) = match windows {
        Some((value, version, at, by)) => {
            if let Ok(w) = serde_json::from_str::<Windows>(&value) {
                rules.due_soon_days = w.due_soon_days;
                rules.escalate_after_days = w.escalate_after_days;
            }
            (version, at, by)
        }
        None => (0, now(), None),
    };
    RulesRow { rules, version, updated_at, updated_by }
}

const SELECT_RULES: &str = "SELECT step, risk_level, days, day_count FROM deadline_rules";
const SELECT_WINDOWS: &str = "SELECT value, version, updated_at, updated_by FROM settings WHERE key = $1";
const SELECT_HOLIDAYS: &str = "SELECT id, year, month, day, name FROM holidays WHERE removed_at IS NULL \
     AND (year IS NULL OR (year >= $1 AND year <= $2)) ORDER BY month, day, id";

/// The rule set as stored.
pub async fn rules(db: &Db) -> StoreResult<RulesRow> {
    let rows: Vec<RuleTuple> = on_db!(db, |c| sqlx::query_as(SELECT_RULES).fetch_all(c).await?);
    let windows: Option<WindowTuple> =
        on_db!(db, |c| sqlx::query_as(SELECT_WINDOWS).bind(WINDOWS).fetch_optional(c).await?);
    Ok(assemble(rows, windows))
}

/// The calendar's years around `today`: deadlines reach at most a year ahead, and the
/// escalation looks a few weeks back.
fn years(today: NaiveDate) -> (i32, i32) {
    (today.year() - 1, today.year() + 2)
}

fn calendar_of(rows: &[HolidayRow], (from, to): (i32, i32)) -> Calendar {
    Calendar::new((from..=to).flat_map(|y| rows.iter().filter_map(move |h| h.date_in(y))))
}

/// The rules and the calendar as they stand, for deadlines counted around `today`.
pub async fn load(db: &Db, today: NaiveDate) -> StoreResult<Deadlines> {
    let rules = rules(db).await?.rules;
    let span = years(today);
    let rows: Vec<HolidayRow> = on_db!(db, |c| {
        sqlx::query_as(SELECT_HOLIDAYS).bind(i64::from(span.0)).bind(i64::from(span.1)).fetch_all(c).await?
    });
    Ok(Deadlines { rules, calendar: calendar_of(&rows, span) })
}

/// The working-day calendar of the years `from` to `to`, both included (the indicators count
/// working days over any period).
pub async fn calendar(db: &Db, (from, to): (i32, i32)) -> StoreResult<Calendar> {
    let rows: Vec<HolidayRow> = on_db!(db, |c| {
        sqlx::query_as(SELECT_HOLIDAYS).bind(i64::from(from)).bind(i64::from(to)).fetch_all(c).await?
    });
    Ok(calendar_of(&rows, (from, to)))
}

/// Like [`load`], inside a transaction (a case change counts its next deadline with it).
pub async fn load_tx(tx: &mut Tx, today: NaiveDate) -> StoreResult<Deadlines> {
    let rows: Vec<RuleTuple> = on_tx!(tx, |c| sqlx::query_as(SELECT_RULES).fetch_all(c).await?);
    let windows: Option<WindowTuple> =
        on_tx!(tx, |c| sqlx::query_as(SELECT_WINDOWS).bind(WINDOWS).fetch_optional(c).await?);
    let span = years(today);
    let holidays: Vec<HolidayRow> = on_tx!(tx, |c| {
        sqlx::query_as(SELECT_HOLIDAYS).bind(i64::from(span.0)).bind(i64::from(span.1)).fetch_all(c).await?
    });
    Ok(Deadlines { rules: assemble(rows, windows).rules, calendar: calendar_of(&holidays, span) })
}

/// Replaces the rule set if its version is still `expected` (checked with
/// [`DeadlineRules::validate`] by the caller). Returns the new version.
pub async fn save_rules(tx: &mut Tx, rules: &DeadlineRules, expected: i64, actor: i64) -> StoreResult<i64> {
    let at = now();
    let windows = serde_json::to_string(&Windows {
        due_soon_days: rules.due_soon_days,
        escalate_after_days: rules.escalate_after_days,
    })
    .unwrap_or_default();
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE settings SET value = $1, updated_at = $2, updated_by = $3, version = version + 1 \
             WHERE key = $4 AND version = $5",
        )
        .bind(&windows)
        .bind(at)
        .bind(actor)
        .bind(WINDOWS)
        .bind(expected)
        .execute(c)
        .await?
        .rows_affected()
    });
    if affected != 1 {
        let who: Option<(Option<String>, DateTime<Utc>)> = on_tx!(tx, |c| {
            sqlx::query_as(
                "SELECT u.full_name, s.updated_at FROM settings s LEFT JOIN users u ON u.id = s.updated_by WHERE s.key = $1",
            )
            .bind(WINDOWS)
            .fetch_optional(c)
            .await?
        });
        let (name, at) = who.ok_or(StoreError::NotFound)?;
        return Err(StoreError::Stale { changed_by: name.unwrap_or_else(|| "Vatra".to_owned()), changed_at: at });
    }
    for (key, rule) in &rules.rules {
        let (step, risk) = key.split_once('/').unwrap_or((key, ""));
        on_tx!(tx, |c| {
            sqlx::query(
                "UPDATE deadline_rules SET days = $1, day_count = $2, updated_at = $3, updated_by = $4, \
                 version = version + 1 WHERE step = $5 AND risk_level = $6 AND (days <> $1 OR day_count <> $2)",
            )
            .bind(i64::from(rule.days))
            .bind(rule.count.as_str())
            .bind(at)
            .bind(actor)
            .bind(step)
            .bind(risk)
            .execute(c)
            .await?;
        });
    }
    Ok(expected + 1)
}

/// The holidays of `year`: the ones that come back every year and the ones entered for it, in
/// calendar order.
pub async fn holidays(db: &Db, year: i32) -> StoreResult<Vec<HolidayRow>> {
    let rows: Vec<HolidayRow> = on_db!(db, |c| {
        sqlx::query_as(SELECT_HOLIDAYS).bind(i64::from(year)).bind(i64::from(year)).fetch_all(c).await?
    });
    Ok(rows)
}

/// Adds a holiday: on `date` only, or on its month and day every year when `every_year`.
pub async fn add_holiday(tx: &mut Tx, date: NaiveDate, every_year: bool, name: &str, actor: i64) -> StoreResult<i64> {
    let year = if every_year { None } else { Some(i64::from(date.year())) };
    let taken: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM holidays WHERE removed_at IS NULL AND month = $1 AND day = $2 \
             AND (year IS NULL OR year = $3)",
        )
        .bind(i64::from(date.month()))
        .bind(i64::from(date.day()))
        .bind(i64::from(date.year()))
        .fetch_one(c)
        .await?
    });
    if taken > 0 {
        return Err(StoreError::Duplicate("holiday"));
    }
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO holidays (year, month, day, name, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id",
        )
        .bind(year)
        .bind(i64::from(date.month()))
        .bind(i64::from(date.day()))
        .bind(name)
        .bind(now())
        .bind(actor)
        .fetch_one(c)
        .await?
    });
    Ok(id)
}

/// Takes a holiday out of the calendar (its row stays, marked removed). Returns it as it was.
pub async fn remove_holiday(tx: &mut Tx, id: i64, actor: i64) -> StoreResult<HolidayRow> {
    let row: Option<HolidayRow> = on_tx!(tx, |c| {
        sqlx::query_as("SELECT id, year, month, day, name FROM holidays WHERE id = $1 AND removed_at IS NULL")
            .bind(id)
            .fetch_optional(c)
            .await?
    });
    let row = row.ok_or(StoreError::NotFound)?;
    on_tx!(tx, |c| {
        sqlx::query("UPDATE holidays SET removed_at = $1, removed_by = $2 WHERE id = $3 AND removed_at IS NULL")
            .bind(now())
            .bind(actor)
            .bind(id)
            .execute(c)
            .await?;
    });
    Ok(row)
}
