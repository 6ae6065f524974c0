//! Synthetic persons, households and case files, for benchmarks and for demo
//! mode: `vatra synth --persons N [--cases M] [--seed S]`.
//!
//! The same seed on the same starting database (territories, users) and day
//! gives the same data. Persons get Romanian or Russian names (some in
//! Cyrillic), valid and unique IDNPs (about 3 % provisional ids from the
//! `provisional` counter instead), birth dates from 1930 to 2025, and a
//! domicile spread over the territories with their households. About half of
//! them get a case, numbered from the same counters as [`crate::store::cases::open`],
//! managed by a social worker of the territory (or waiting for one when the
//! territory has none), with its next step and due date. Every record gets
//! its history; every batch commits with one audit event.

mod draft;
mod names;
mod people;
mod world;
mod write;

use crate::store::{audit, AuditEvent, Store, StoreError};
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::time::{Duration, Instant};

/// Persons per transaction, unless [`SynthOptions::batch`] says otherwise.
pub const CHUNK: usize = 5_000;

/// From this many persons on, a load is large: SQLite gets a bigger page cache.
const LARGE: u64 = 50_000;

/// What to generate.
#[derive(Clone, Debug)]
pub struct SynthOptions {
    pub persons: u64,
    /// Spread over the generated persons, at most one per person while there
    /// are more persons than cases.
    pub cases: u64,
    pub seed: u64,
    /// Domiciles only in these territories and below them; everywhere when empty.
    pub within: Vec<i64>,
    /// When set, social workers are added (sign-in disabled until an
    /// administrator sets a password) until each would hold about this many
    /// cases.
    pub caseload: Option<u32>,
    /// Dates and times are generated up to this moment.
    pub now: DateTime<Utc>,
    /// Prints progress to standard error.
    pub progress: bool,
    /// Persons per transaction (and per audit event): [`CHUNK`] by default.
    pub batch: usize,
}

impl SynthOptions {
    pub fn new(persons: u64, cases: u64, seed: u64) -> Self {
        use chrono::SubsecRound;
        SynthOptions {
            persons,
            cases,
            seed,
            within: Vec::new(),
            caseload: None,
            now: Utc::now().trunc_subsecs(0),
            progress: false,
            batch: CHUNK,
        }
    }
}

/// What was written, and how long it took.
#[derive(Clone, Debug, Default)]
pub struct SynthReport {
    pub persons: u64,
    pub cases: u64,
    pub relations: u64,
    pub history: u64,
    pub workers_created: u64,
    pub elapsed: Duration,
}

impl SynthReport {
    /// Every row inserted: persons, relations, cases and history.
    pub fn rows(&self) -> u64 {
        self.persons + self.relations + self.cases + self.history
    }
    pub fn rows_per_second(&self) -> f64 {
        self.rows() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Why nothing (more) could be generated.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("no user to record as the registrar: create an administrator first (vatra create-admin)")]
    NoRegistrar,
    #[error("no territory to place persons in")]
    NoTerritory,
    #[error("territory {0} does not exist")]
    UnknownTerritory(i64),
    #[error("too many persons: synthetic IDNPs need person ids below 100 000 000")]
    TooMany,
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Generates `opts.persons` persons with their households and `opts.cases`
/// cases, in transactions of a few thousand persons.
pub async fn generate(store: &Store, opts: &SynthOptions) -> Result<SynthReport, SynthError> {
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let (world, workers_created) = world::load(store, opts, &mut rng).await?;
    let mut report = SynthReport { workers_created, ..SynthReport::default() };
    let mut done: u64 = 0;
    let mut shown = Instant::now();
    let planned =
        |persons: u64| (u128::from(opts.cases) * u128::from(persons) / u128::from(opts.persons.max(1))) as u64;
    while done < opts.persons {
        let n = (opts.persons - done).min(opts.batch.max(1) as u64);
        let cases = planned(done + n) - planned(done);
        let batch = draft::Batch::draft(&world, &mut rng, n as usize, cases as usize);
        let mut tx = store.begin().await?;
        if opts.persons >= LARGE {
            crate::store::synth::large_cache(&mut tx).await?;
        }
        let written = batch.write(&mut tx, &world).await?;
        let details = serde_json::json!({
            "persons": written.persons,
            "cases": written.cases,
            "first_person_id": written.first_person_id,
            "seed": opts.seed,
        });
        let event = AuditEvent::by_vatra("synth.generate", Some("person"), None, details);
        audit::append(&mut tx, &event).await?;
        tx.commit().await?;
        done += n;
        report.persons += written.persons;
        report.cases += written.cases;
        report.relations += written.relations;
        report.history += written.history;
        if opts.progress && (shown.elapsed() >= Duration::from_secs(2) || done == opts.persons) {
            shown = Instant::now();
            let secs = started.elapsed().as_secs_f64();
            eprintln!(
                "synth: {done}/{} persons, {}/{} cases, {} rows in {secs:.1} s ({:.0} rows/s)",
                opts.persons,
                report.cases,
                opts.cases,
                report.rows(),
                report.rows() as f64 / secs.max(1e-9)
            );
        }
    }
    crate::store::synth::settle(store).await?;
    report.elapsed = started.elapsed();
    Ok(report)
}
