//! The store benchmark (`vatra bench-store`): the queries behind person
//! search, a caseload list, a case page and a person page, run through the
//! [`Store`] API one at a time against the database it is given, with their
//! latency percentiles. Inputs are drawn from the data already there. The
//! figures go in `docs/benchmarks.md`; timing is never a test.

pub mod alerts;
pub mod forms;
pub mod reports;
pub mod tickets;

use crate::domain::TerritoryPath;
use crate::store::cases::CaseFilter;
use crate::store::history::ObjectType;
use crate::store::persons::{PersonQuery, PersonRow};
use crate::store::{AuditEvent, Store, StoreError, StoreResult};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

/// The page sizes the server functions ask for (one more row than shown, to know whether more follow).
const SEARCH_LIMIT: i64 = crate::api::persons::PAGE_SIZE + 1;
const CASES_LIMIT: i64 = crate::api::cases::PAGE_SIZE + 1;
const HISTORY_LIMIT: i64 = 21;

/// How much to measure.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    /// Queries per measurement.
    pub iterations: usize,
    pub seed: u64,
    /// Also time appending an audit event, which every page view does (this writes to the database).
    pub audit_writes: bool,
}

/// The latencies of one kind of query.
#[derive(Clone, Debug)]
pub struct Measure {
    pub name: String,
    pub samples: Vec<Duration>,
    /// Rows returned, summed over the samples.
    pub rows: u64,
}

impl Measure {
    pub(crate) fn new(name: impl Into<String>) -> Self {
        Measure { name: name.into(), samples: Vec::new(), rows: 0 }
    }

    /// The nearest-rank percentile `p` (0–100).
    pub fn percentile(&self, p: f64) -> Duration {
        let mut s = self.samples.clone();
        s.sort_unstable();
        if s.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
        s[rank.clamp(1, s.len()) - 1]
    }

    async fn time<T, F>(&mut self, rows: impl Fn(&T) -> usize, f: F) -> StoreResult<T>
    where
        F: std::future::Future<Output = StoreResult<T>>,
    {
        let start = Instant::now();
        let out = f.await?;
        self.samples.push(start.elapsed());
        self.rows += rows(&out) as u64;
        Ok(out)
    }
}

/// The figures as a Markdown table, in milliseconds.
pub fn markdown(measures: &[Measure]) -> String {
    let ms = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1000.0);
    let mut out =
        String::from("| query | n | p50 ms | p95 ms | p99 ms | max ms | rows/query |\n|---|---|---|---|---|---|---|\n");
    for m in measures {
        let n = m.samples.len().max(1);
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {:.1} |\n",
            m.name,
            m.samples.len(),
            ms(m.percentile(50.0)),
            ms(m.percentile(95.0)),
            ms(m.percentile(99.0)),
            ms(m.percentile(100.0)),
            m.rows as f64 / n as f64
        ));
    }
    out
}

/// A search as the search page builds it from a typed name (see `api::persons::search`).
fn typed(q: &str, birth: Option<chrono::NaiveDate>) -> PersonQuery {
    let mut query = PersonQuery { birth_date: birth, ..PersonQuery::default() };
    query.set_name(q);
    query
}

/// `n` persons drawn at random from those living under `scope`.
async fn sample_persons(store: &Store, scope: &str, n: usize, rng: &mut StdRng) -> StoreResult<Vec<PersonRow>> {
    let ((lo, hi), _) = store.id_ranges().await?;
    let mut out = Vec::with_capacity(n);
    let mut misses = 0;
    while out.len() < n && hi > 0 && misses < 10 * n + 100 {
        let from = rng.random_range(lo..=hi);
        let id = match store.person_id_from(scope, from).await? {
            Some(id) => id,
            None => match store.person_id_from(scope, lo).await? {
                Some(id) => id,
                None => break,
            },
        };
        match store.person(id).await {
            Ok(p) => out.push(p),
            Err(StoreError::NotFound) => misses += 1,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Runs every measurement and returns them in a fixed order.
pub async fn run(store: &Store, opts: &BenchOptions) -> StoreResult<Vec<Measure>> {
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let k = opts.iterations.max(1);
    let territories = store.all_territories().await?;
    let national = territories.iter().find(|t| t.parent_id.is_none()).map(|t| t.path()).ok_or(StoreError::NotFound)?;
    let chisinau = store.territory_by_name("mun. Chișinău").await?.path();
    // A district with about 2 % of the persons: a name prefix matches few of them.
    let district = store.territory_by_name("r-nul Ungheni").await?.path();
    let scopes: [(&str, &TerritoryPath); 3] =
        [("national", &national), ("Chișinău", &chisinau), ("district (r-nul Ungheni)", &district)];
    let mut out = Vec::new();
    // A few untimed rounds first, so that the first timed queries do not pay for a cold cache alone.
    let warm = sample_persons(store, national.as_str(), 20, &mut rng).await?;
    for p in &warm {
        store.search_persons(&national, &typed(&p.last_name, None), None, SEARCH_LIMIT).await?;
    }
    for (label, scope) in scopes {
        let people = sample_persons(store, scope.as_str(), k, &mut rng).await?;
        let mut by_key = Measure::new(format!("search by IDNP, {label} scope"));
        let mut by_prefix = Measure::new(format!("search by name prefix, {label} scope"));
        let mut by_name_birth = Measure::new(format!("search by name + birth date, {label} scope"));
        for p in &people {
            let q = PersonQuery { key: Some(p.key().to_owned()), ..PersonQuery::default() };
            by_key.time(Vec::len, store.search_persons(scope, &q, None, SEARCH_LIMIT)).await?;
            // What people type: the first 3 to 6 letters of the last name.
            let typed_len = rng.random_range(3..=6);
            let start: String = p.last_name.chars().take(typed_len).collect();
            by_prefix.time(Vec::len, store.search_persons(scope, &typed(&start, None), None, SEARCH_LIMIT)).await?;
            let whole = format!("{} {}", p.last_name, p.first_name);
            let q = typed(&whole, Some(p.birth_date));
            by_name_birth.time(Vec::len, store.search_persons(scope, &q, None, SEARCH_LIMIT)).await?;
        }
        out.extend([by_key, by_prefix, by_name_birth]);
    }

    let busiest = store.busiest_managers(10).await?;
    let mut mine = Measure::new(format!(
        "my cases, first page (busiest workers: {} open cases)",
        busiest.iter().map(|b| b.open_cases.to_string()).collect::<Vec<_>>().join(", ")
    ));
    let mut mine_next = Measure::new("my cases, next page");
    let rounds = if busiest.is_empty() { 0 } else { k };
    for i in 0..rounds {
        let user = busiest[i % busiest.len()].manager_id;
        let page = mine.time(Vec::len, store.my_cases(user, &CaseFilter::default(), None, CASES_LIMIT)).await?;
        let after = page.get(CASES_LIMIT as usize - 2).map(|c| c.id);
        if after.is_some() {
            mine_next.time(Vec::len, store.my_cases(user, &CaseFilter::default(), after, CASES_LIMIT)).await?;
        }
    }
    out.extend([mine, mine_next]);

    let (_, (lo, hi)) = store.id_ranges().await?;
    let mut case_page = Measure::new("case page (case, person, territory, manager, history)");
    let (mut done, mut misses) = (0, 0);
    while hi > 0 && done < k && misses < 10 * k {
        let id = rng.random_range(lo..=hi);
        let start = Instant::now();
        let case = match store.case(id).await {
            Ok(c) => c,
            // A gap in the ids (PostgreSQL sequences skip numbers): draw again.
            Err(StoreError::NotFound) => {
                misses += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        store.person(case.person_id).await?;
        store.territory(case.territory_id).await?;
        if let Some(m) = case.manager_id {
            store.user(m).await?;
        }
        let rows = store.history(ObjectType::Case, id, None, HISTORY_LIMIT).await?;
        case_page.samples.push(start.elapsed());
        case_page.rows += rows.len() as u64;
        done += 1;
    }
    out.push(case_page);

    let mut person_page = Measure::new("person page (person, territory, relations, cases, history)");
    for p in sample_persons(store, national.as_str(), k, &mut rng).await? {
        let start = Instant::now();
        let p = store.person(p.id).await?;
        store.territory(p.domicile_territory_id).await?;
        let relations = store.relations(p.id).await?;
        let cases = store.cases_of_person(p.id).await?;
        store.history(ObjectType::Person, p.id, None, HISTORY_LIMIT).await?;
        person_page.samples.push(start.elapsed());
        person_page.rows += (relations.len() + cases.len()) as u64;
    }
    out.push(person_page);

    if opts.audit_writes {
        let mut audit = Measure::new("audit event append (every page view writes one)");
        for _ in 0..k {
            let event = AuditEvent::by_vatra("bench.store", None, None, serde_json::json!({}));
            audit.time(|_| 1, store.audit(&event)).await?;
        }
        out.push(audit);
    }
    Ok(out)
}
