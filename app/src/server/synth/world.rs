//! Where synthetic persons live and who works there: the territories with
//! their weights (Chișinău holds about a fifth of the persons), and the
//! social workers who take each territory's cases, added when asked to.

use super::names;
use super::{SynthError, SynthOptions};
use crate::domain::user::{Language, UserInput};
use crate::domain::{Role, RoleSet};
use crate::store::synth::StaffRow;
use crate::store::{audit, users, AuditEvent, Store, TerritoryRow};
use chrono::{DateTime, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::Rng;

/// A territory persons can live in.
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub(super) id: i64,
    pub(super) path: String,
    pub(super) name: String,
    pub(super) kind: String,
    /// The index of its district or municipality (itself when it is one).
    pub(super) root: usize,
    /// The social workers who take its cases: those of the deepest level above it that has any.
    pub(super) workers: Vec<usize>,
}

/// A social worker who can manage cases.
#[derive(Clone, Debug)]
pub(super) struct Worker {
    pub(super) id: i64,
    pub(super) territory_id: i64,
    pub(super) path: String,
}

/// Where persons live and who works there.
pub(super) struct World {
    pub(super) places: Vec<Place>,
    /// Running sums of the places' weights, to draw a place.
    pub(super) cumulative: Vec<f64>,
    pub(super) workers: Vec<Worker>,
    /// Records persons and cases where no social worker does.
    pub(super) registrar: i64,
    pub(super) now: DateTime<Utc>,
    pub(super) today: NaiveDate,
}

impl World {
    pub(super) fn pick_place(&self, rng: &mut StdRng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.random::<f64>() * total;
        self.cumulative.partition_point(|c| *c <= x).min(self.places.len() - 1)
    }

    /// The share of persons living under root place `root`.
    fn share(&self, root: usize) -> f64 {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let mut w = 0.0;
        for (i, p) in self.places.iter().enumerate() {
            if p.root == root {
                w += self.cumulative[i] - if i == 0 { 0.0 } else { self.cumulative[i - 1] };
            }
        }
        w / total
    }
}

/// The `/country/unit/` prefix of a path (the path itself when shallower).
fn unit_path(path: &str) -> &str {
    match path.match_indices('/').nth(2) {
        Some((i, _)) => &path[..=i],
        None => path,
    }
}

fn depth(path: &str) -> usize {
    path.matches('/').count().saturating_sub(1)
}

/// How many persons a district or municipality holds, roughly, relative to an average district.
fn unit_weight(name: &str, kind: &str) -> f64 {
    if name.contains("Chișinău") {
        25.0
    } else if name.contains("Bălți") {
        5.0
    } else if name.contains("Găgăuzia") {
        4.0
    } else if name.contains("Nistrului") {
        0.5
    } else if kind == "municipality" {
        1.5
    } else {
        2.5
    }
}

fn is_social_worker(s: &StaffRow) -> bool {
    RoleSet::from_codes(&s.roles).contains(Role::SocialWorker)
}

/// The places persons may live in, with their weights.
async fn places(store: &Store, within: &[i64]) -> Result<(Vec<Place>, Vec<f64>), SynthError> {
    let all: Vec<TerritoryRow> = store.all_territories().await?;
    let mut scopes = Vec::new();
    for id in within {
        let t = all.iter().find(|t| t.id == *id).ok_or(SynthError::UnknownTerritory(*id))?;
        scopes.push(t.path.clone());
    }
    let chosen: Vec<&TerritoryRow> = all
        .iter()
        .filter(|t| depth(&t.path) >= 2 && (scopes.is_empty() || scopes.iter().any(|s| t.path.starts_with(s.as_str()))))
        .collect();
    if chosen.is_empty() {
        return Err(SynthError::NoTerritory);
    }
    let mut places: Vec<Place> = chosen
        .iter()
        .map(|t| Place {
            id: t.id,
            path: t.path.clone(),
            name: t.name.clone(),
            kind: t.kind.clone(),
            root: 0,
            workers: Vec::new(),
        })
        .collect();
    for i in 0..places.len() {
        let unit = unit_path(&places[i].path).to_owned();
        places[i].root = places.iter().position(|p| p.path == unit).unwrap_or(i);
    }
    // A unit with localities keeps 40 % of its persons in the town itself.
    let weights: Vec<f64> = places
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let root = &places[p.root];
            let w = unit_weight(&root.name, &root.kind);
            let members = places.iter().filter(|q| q.root == p.root).count();
            match (members, p.root == i) {
                (1, _) => w,
                (_, true) => 0.4 * w,
                (n, false) => 0.6 * w / (n - 1) as f64,
            }
        })
        .collect();
    let cumulative = weights
        .iter()
        .scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    Ok((places, cumulative))
}

/// Adds social workers at each district or municipality until each would
/// hold about `caseload` of the `cases` to come. Their sign-in is disabled
/// (a password nobody knows, to be changed) until an administrator resets it.
async fn add_workers(
    store: &Store,
    world: &World,
    staff: &[StaffRow],
    cases: u64,
    caseload: u32,
    rng: &mut StdRng,
) -> Result<u64, SynthError> {
    let hash = crate::server::password::hash_now(&uuid::Uuid::new_v4().to_string());
    let mut created = 0;
    let mut tx = store.begin().await?;
    for (i, unit) in world.places.iter().enumerate().filter(|(i, p)| p.root == *i) {
        let expected = cases as f64 * world.share(i);
        let needed = (expected / f64::from(caseload.max(1))).ceil() as usize;
        let have = staff.iter().filter(|s| is_social_worker(s) && s.territory_path.starts_with(&unit.path)).count();
        for n in have..needed {
            let username = format!("synth.{}.{}", unit.id, n + 1);
            if store.user_by_username(&username).await?.is_some() {
                continue;
            }
            let first = names::RO_FEMALE[rng.random_range(0..names::RO_FEMALE.len())];
            let last = names::RO_SURNAMES[rng.random_range(0..names::RO_SURNAMES.len())];
            let input = UserInput {
                username,
                full_name: format!("{first} {last}"),
                email: String::new(),
                phone: String::new(),
                institution: "Direcția asistență socială".into(),
                position: "Asistent social comunitar".into(),
                territory_id: unit.id,
                roles: vec![Role::SocialWorker.code().into()],
            }
            .validate()
            .expect("synthetic workers are valid");
            let path = crate::domain::TerritoryPath::parse(&unit.path).expect("stored paths parse");
            let new = users::NewUser {
                input: &input,
                territory_path: &path,
                password_hash: &hash,
                must_change_password: true,
                language: Language::Ro,
                created_by: None,
            };
            let id = users::create(&mut tx, &new).await?;
            let event = AuditEvent::by_vatra(
                "users.create",
                Some("user"),
                Some(id.to_string()),
                serde_json::json!({ "synthetic": true }),
            );
            audit::append(&mut tx, &event).await?;
            created += 1;
        }
    }
    tx.commit().await?;
    Ok(created)
}

/// Loads the territories and users the data is built around, adding
/// synthetic workers when asked to.
pub(super) async fn load(store: &Store, opts: &SynthOptions, rng: &mut StdRng) -> Result<(World, u64), SynthError> {
    let (places, cumulative) = places(store, &opts.within).await?;
    let mut staff = store.active_staff().await?;
    let registrar = staff
        .iter()
        .find(|s| RoleSet::from_codes(&s.roles).contains(Role::Administrator))
        .or(staff.first())
        .map(|s| s.id)
        .ok_or(SynthError::NoRegistrar)?;
    let mut world =
        World { places, cumulative, workers: Vec::new(), registrar, now: opts.now, today: opts.now.date_naive() };
    let mut created = 0;
    if let Some(caseload) = opts.caseload {
        created = add_workers(store, &world, &staff, opts.cases, caseload, rng).await?;
        if created > 0 {
            staff = store.active_staff().await?;
        }
    }
    world.workers = staff
        .iter()
        .filter(|s| is_social_worker(s))
        .map(|s| Worker { id: s.id, territory_id: s.territory_id, path: s.territory_path.clone() })
        .collect();
    for place in &mut world.places {
        let covering: Vec<usize> =
            (0..world.workers.len()).filter(|w| place.path.starts_with(&world.workers[*w].path)).collect();
        let deepest = covering.iter().map(|w| depth(&world.workers[*w].path)).max();
        place.workers = covering.into_iter().filter(|w| Some(depth(&world.workers[*w].path)) == deepest).collect();
    }
    Ok((world, created))
}
