//! The dashboard and registers benchmark (`vatra bench-reports`): on a database filled by
//! `vatra synth`, times each panel of the dashboard as the page asks for it (the same store
//! calls, and the working-day arithmetic of the durations), for the whole country and for one
//! district, over the last twelve months; then exports the register of beneficiaries of the
//! whole country as the CSV download does (a chunk of lines at a time, each chunk written and
//! let go), with its lines per second and the process's memory as it goes. The figures go in
//! `docs/figures.md`; timing is never a test.
//!
//! It only reads (the export's audit event aside, which it does not write).

use super::Measure;
use crate::api::registers::export::CHUNK;
use crate::api::registers::service::{read, Scope};
use crate::api::registers::RegisterKind;
use crate::api::reports::export::put;
use crate::domain::indicators::Durations;
use crate::domain::user::Language;
use crate::domain::TerritoryPath;
use crate::store::indicators::{self as ind, Scope as PanelScope};
use crate::store::{deadlines, now, on_db, tickets, today, Store, StoreResult};
use chrono::{Datelike, Duration, NaiveDate};
use std::time::Instant;

/// The last twelve months, today included.
pub fn last_twelve_months() -> (NaiveDate, NaiveDate) {
    let to = today();
    (to - Duration::days(364), to)
}

/// Every case ever opened: from 2000 to today.
pub fn all_time() -> (NaiveDate, NaiveDate) {
    let to = today();
    (NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(to), to)
}

/// The country (the territory with no parent) and the district (or municipality) with the most
/// cases.
pub async fn scopes(store: &Store) -> StoreResult<Vec<(String, TerritoryPath)>> {
    let rows: Vec<(String, String)> = on_db!(store.db(), |c| {
        sqlx::query_as(
            "SELECT name, path FROM territories WHERE parent_id IS NULL \
             UNION ALL SELECT * FROM (SELECT t.name, t.path FROM territories t \
             WHERE t.parent_id IN (SELECT id FROM territories WHERE parent_id IS NULL) \
             ORDER BY (SELECT COUNT(*) FROM cases k WHERE k.territory_path >= t.path \
             AND k.territory_path < substr(t.path, 1, length(t.path) - 1) || '0') DESC LIMIT 1) x",
        )
        .fetch_all(c)
        .await?
    });
    Ok(rows.into_iter().filter_map(|(name, path)| TerritoryPath::parse(&path).map(|p| (name, p))).collect())
}

/// The working days of the intervals, as the dashboard counts them.
async fn durations(store: &Store, rows: &[ind::IntervalRow]) -> StoreResult<usize> {
    let mut d = Durations::default();
    let (Some(first), Some(last)) =
        (rows.iter().map(|r| r.started.year()).min(), rows.iter().map(|r| r.ended.year()).max())
    else {
        return Ok(0);
    };
    let calendar = deadlines::calendar(store.db(), (first, last)).await?;
    for r in rows {
        d.add(calendar.working_days_between(r.started, r.ended).max(0), r.times);
    }
    let _ = (d.median_tenths(), d.percentile_tenths(90));
    Ok(rows.len())
}

/// Times each panel of the dashboard `iterations` times for each scope.
pub async fn panels(
    store: &Store,
    scopes: &[(String, TerritoryPath)],
    (from, to): (NaiveDate, NaiveDate),
    iterations: usize,
) -> StoreResult<Vec<Measure>> {
    let db = store.db();
    let day = today();
    let mut out = Vec::new();
    for (name, path) in scopes {
        let scope = PanelScope { territory: path, worker: None };
        let span = to - from;
        let (prev_from, prev_to) = (from - span - Duration::days(1), from - Duration::days(1));
        let (from_at, to_at) = (crate::api::day_start(from), crate::api::day_start(to + Duration::days(1)));
        let label = |panel: &str| format!("{name}: {panel}");
        let mut m = [
            Measure::new(label("active cases by status and risk")),
            Measure::new(label("active cases by territory")),
            Measure::new(label("referrals, the period and the one before")),
            Measure::new(label("working days to assessment and to plan")),
            Measure::new(label("steps on time")),
            Measure::new(label("caseload per case manager")),
            Measure::new(label("closures by reason")),
            Measure::new(label("tickets against their limits")),
        ];
        for _ in 0..iterations {
            let t = Instant::now();
            m[0].rows += ind::active(db, scope).await?.len() as u64;
            m[0].samples.push(t.elapsed());
            let t = Instant::now();
            m[1].rows += ind::active_by_territory(db, scope).await?.len() as u64;
            m[1].samples.push(t.elapsed());
            let t = Instant::now();
            let n = ind::referrals(db, scope, from, to).await? + ind::referrals(db, scope, prev_from, prev_to).await?;
            m[2].samples.push(t.elapsed());
            m[2].rows += n as u64;
            let t = Instant::now();
            let a = durations(store, &ind::referral_to_assessment(db, scope, from, to).await?).await?;
            let b = durations(store, &ind::assessment_to_plan(db, scope, from, to).await?).await?;
            m[3].samples.push(t.elapsed());
            m[3].rows += (a + b) as u64;
            let t = Instant::now();
            m[4].rows += ind::timeliness(db, scope, from, to, day).await?.len() as u64;
            m[4].samples.push(t.elapsed());
            let t = Instant::now();
            m[5].rows += store.workload(path, day).await?.len() as u64;
            m[5].samples.push(t.elapsed());
            let t = Instant::now();
            m[6].rows += ind::closures(db, scope, from, to).await?.len() as u64;
            m[6].samples.push(t.elapsed());
            let t = Instant::now();
            m[7].rows += tickets::figures(db, from_at, to_at, None, now()).await?.len() as u64;
            m[7].samples.push(t.elapsed());
        }
        out.extend(m);
    }
    Ok(out)
}

/// The process's resident memory now and at its peak, in KiB (Linux).
pub fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// What the export of a register measured.
pub struct ExportFigures {
    pub lines: u64,
    pub bytes: u64,
    pub seconds: f64,
    /// Resident memory (KiB) before the export, then after each tenth of the lines.
    pub memory: Vec<(u64, u64)>,
}

/// Exports the register of beneficiaries of `path` for `(from, to)` as the CSV download does,
/// `expected` lines being about what it will hold (for the tenths at which memory is read).
pub async fn export(
    store: &Store,
    path: &TerritoryPath,
    (from, to): (NaiveDate, NaiveDate),
    expected: u64,
) -> Result<ExportFigures, String> {
    let scope = Scope { kind: RegisterKind::Beneficiaries, path: path.clone(), from, to, lang: Language::Ro };
    let mut f = ExportFigures { lines: 0, bytes: 0, seconds: 0.0, memory: vec![memory_kib()] };
    let step = (expected / 10).max(1);
    let mut next_mark = step;
    let started = Instant::now();
    let mut after = None;
    loop {
        let chunk = read(store, &scope, after, CHUNK).await.map_err(|e| e.to_string())?;
        let done = (chunk.len() as i64) < CHUNK;
        after = chunk.last().map(|(_, at)| *at);
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        for (line, _) in &chunk {
            let cells: Vec<&str> = line.cells.iter().map(|c| c.text.as_str()).collect();
            put(&mut w, &cells).map_err(|e| e.to_string())?;
        }
        let bytes = w.into_inner().map_err(|e| e.to_string())?;
        f.bytes += bytes.len() as u64;
        f.lines += chunk.len() as u64;
        // The chunk is sent and let go here, as the response's body does.
        drop(bytes);
        if f.lines >= next_mark {
            f.memory.push(memory_kib());
            next_mark += step;
        }
        if done {
            break;
        }
    }
    f.seconds = started.elapsed().as_secs_f64();
    f.memory.push(memory_kib());
    Ok(f)
}

/// Cases of `path` (the register of beneficiaries of all time holds one line each).
pub async fn cases_in(store: &Store, path: &TerritoryPath) -> StoreResult<u64> {
    let n: i64 = on_db!(store.db(), |c| {
        sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE territory_path >= $1 AND territory_path < $2")
            .bind(path.as_str())
            .bind(path.end())
            .fetch_one(c)
            .await?
    });
    Ok(u64::try_from(n).unwrap_or(0))
}
