//! One batch of synthetic data, drafted: every random choice is made here,
//! before any id is known, so that a seed gives the same data. [`super::write`]
//! then reserves ids and numbers and writes the batch.

use super::names::{
    ARCHIVE_REASONS, CLOSE_REASONS, CONCERNS, INSTITUTIONS, NO_IDNP_REASONS, RO_FEMALE, RO_MALE, RO_SURNAMES, STREETS,
    SUSPEND_REASONS,
};
use super::people::{assigned_year, household, pick_weighted, Member};
use super::world::World;
use crate::domain::case::{CaseStatus, ReferralChannel, RiskLevel};
use crate::domain::names::fold;
use crate::domain::person::{age_on, RelationKind, Sex};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use rand::rngs::StdRng;
use rand::seq::{index, IndexedRandom};
use rand::Rng;

/// A person before their id is known.
pub(super) struct PersonDraft {
    pub(super) m: Member,
    pub(super) place: usize,
    /// The year the IDNP was assigned; `None` for a person who gets a provisional id.
    pub(super) idnp_year: Option<i32>,
    pub(super) no_idnp_reason: Option<&'static str>,
    pub(super) id_doc: Option<(&'static str, String)>,
    pub(super) disability: (&'static str, Option<&'static str>),
    pub(super) address: String,
    pub(super) phone: Option<String>,
    pub(super) email: Option<String>,
    pub(super) vulnerabilities: Vec<&'static str>,
    pub(super) archived: Option<(&'static str, DateTime<Utc>)>,
    pub(super) created_at: DateTime<Utc>,
    pub(super) created_by: i64,
}

/// A case before its id and number are known.
pub(super) struct CaseDraft {
    pub(super) person: usize,
    pub(super) manager: Option<i64>,
    pub(super) territory_id: i64,
    pub(super) territory_path: String,
    pub(super) status: CaseStatus,
    pub(super) remembered: Option<CaseStatus>,
    pub(super) reason: Option<&'static str>,
    pub(super) risk: RiskLevel,
    pub(super) channel: ReferralChannel,
    pub(super) reporter_name: String,
    pub(super) reporter_contact: Option<String>,
    pub(super) received_on: NaiveDate,
    pub(super) concern: &'static str,
    /// The day the case entered its status (its next step falls due from there).
    pub(super) since: NaiveDate,
    pub(super) opened_at: DateTime<Utc>,
    pub(super) closed_at: Option<DateTime<Utc>>,
    pub(super) created_by: i64,
}

/// A drafted batch.
pub(super) struct Batch {
    pub(super) persons: Vec<PersonDraft>,
    pub(super) relations: Vec<(usize, RelationKind, usize)>,
    pub(super) cases: Vec<CaseDraft>,
}

/// A moment on `day` during office hours.
fn at_work(rng: &mut StdRng, day: NaiveDate) -> DateTime<Utc> {
    let secs = rng.random_range(8 * 3600..18 * 3600);
    day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap_or_default()).and_utc()
}

/// A day from `from` to `to` (inclusive); `from` when the range is empty.
fn day_between(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days();
    if span <= 0 {
        from
    } else {
        from + Duration::days(rng.random_range(0..=span))
    }
}

fn phone(rng: &mut StdRng) -> String {
    format!("+373{}{:07}", if rng.random_bool(0.7) { 6 } else { 7 }, rng.random_range(0..10_000_000))
}

/// The person's vulnerabilities (classifier codes), sorted.
fn vulnerabilities(
    rng: &mut StdRng,
    m: &Member,
    age: u32,
    alone: bool,
    h: (bool, usize),
    disabled: bool,
    poor: bool,
) -> Vec<&'static str> {
    let (single_parent, children) = h;
    let mut v = Vec::new();
    let mut maybe = |code: &'static str, p: f64, rng: &mut StdRng| {
        if rng.random_bool(p) {
            v.push(code);
        }
    };
    if age < 18 {
        maybe("child_at_risk", 0.12, rng);
        maybe("left_behind", 0.08, rng);
    } else if age < 65 {
        maybe("unemployment", 0.08, rng);
        maybe("addiction", 0.03, rng);
        if m.sex == Sex::Female {
            maybe("domestic_violence", 0.04, rng);
        }
    }
    if age >= 65 && alone {
        maybe("elderly_alone", 0.7, rng);
    }
    if age >= 50 {
        maybe("chronic_illness", 0.1, rng);
    }
    if alone && age >= 18 {
        maybe("homelessness", 0.01, rng);
    }
    if single_parent {
        maybe("single_parent", 0.8, rng);
    }
    if children >= 3 {
        maybe("large_family", 0.8, rng);
    }
    if disabled {
        v.push("disability");
    }
    if poor {
        v.push("poverty");
    }
    v.sort_unstable();
    v.dedup();
    v
}

impl Batch {
    /// Drafts `n` persons in whole households (the last one cut to fit) and
    /// `cases` cases among them.
    pub(super) fn draft(world: &World, rng: &mut StdRng, n: usize, cases: usize) -> Batch {
        let mut b = Batch { persons: Vec::with_capacity(n), relations: Vec::new(), cases: Vec::with_capacity(cases) };
        while b.persons.len() < n {
            b.household(world, rng, n - b.persons.len());
        }
        let picked: Vec<usize> = if cases <= n {
            index::sample(rng, n, cases).into_vec()
        } else {
            (0..cases).map(|_| rng.random_range(0..n)).collect()
        };
        for p in picked {
            let c = b.case(world, rng, p);
            b.cases.push(c);
        }
        b
    }

    fn household(&mut self, world: &World, rng: &mut StdRng, room: usize) {
        let mut h = household(rng, world.today);
        h.truncate(room);
        let place = world.pick_place(rng);
        let p = &world.places[place];
        let registrar = p.workers.choose(rng).map(|w| world.workers[*w].id).unwrap_or(world.registrar);
        let town = p.kind == "municipality";
        let address = if town {
            format!(
                "str. {} {}, ap. {}",
                STREETS.choose(rng).unwrap_or(&""),
                rng.random_range(1..=180),
                rng.random_range(1..=120)
            )
        } else {
            format!("str. {} {}", STREETS.choose(rng).unwrap_or(&""), rng.random_range(1..=250))
        };
        let poor = rng.random_bool(0.15);
        let first = self.persons.len();
        let alone = h.members.len() == 1;
        let earliest = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or(world.today);
        let registered = day_between(rng, earliest, world.today - Duration::days(1));
        let registered_at = at_work(rng, registered);
        for (i, m) in h.members.into_iter().enumerate() {
            let age = age_on(m.birth_date, world.today);
            let idnp_year = (!rng.random_bool(0.03)).then(|| assigned_year(rng, m.birth_date.year()));
            let no_idnp_reason = match idnp_year {
                Some(_) => None,
                None => NO_IDNP_REASONS.choose(rng).copied(),
            };
            let id_doc = match (idnp_year, age) {
                (None, _) => None,
                (Some(_), 0..=15) => Some(("birth_certificate", format!("{:06}", rng.random_range(0..1_000_000)))),
                (Some(_), _) => Some(("id_card", format!("B{:08}", rng.random_range(0..100_000_000)))),
            };
            let disability_p = if age < 18 {
                0.03
            } else if age < 65 {
                0.06
            } else {
                0.15
            };
            let disability = if rng.random_bool(disability_p) {
                let degree = pick_weighted(rng, &[("mild", 30), ("medium", 45), ("severe", 25)]);
                let limits = ["mobility", "vision", "hearing", "intellectual", "psychosocial", "multiple"];
                (degree, limits.choose(rng).copied())
            } else {
                ("none", None)
            };
            let adult = age >= 18;
            let phone = (adult && rng.random_bool(0.65)).then(|| phone(rng));
            let email = (adult && rng.random_bool(0.1)).then(|| {
                let local = format!("{}.{}", fold(&m.first_name), fold(&m.last_name)).replace(' ', "");
                format!("{local}{}@example.com", rng.random_range(1..100))
            });
            let vulnerabilities =
                vulnerabilities(rng, &m, age, alone, (h.single_parent, h.children), disability.0 != "none", poor);
            // Registered on the same visit as the household, a few minutes apart, never before birth.
            let created_at = (registered_at + Duration::minutes(3 * i as i64))
                .max(at_work(rng, m.birth_date + Duration::days(1)))
                .min(world.now - Duration::hours(1));
            let archived = rng.random_bool(0.01).then(|| {
                let day = day_between(rng, created_at.date_naive() + Duration::days(1), world.today);
                let when = at_work(rng, day).clamp(created_at + Duration::minutes(1), world.now);
                (ARCHIVE_REASONS.choose(rng).copied().unwrap_or("Decedat."), when)
            });
            self.persons.push(PersonDraft {
                m,
                place,
                idnp_year,
                no_idnp_reason,
                id_doc,
                disability,
                address: address.clone(),
                phone,
                email,
                vulnerabilities,
                archived,
                created_at,
                created_by: registrar,
            });
        }
        self.relations.extend(h.relations.into_iter().map(|(a, k, b)| (first + a, k, first + b)));
    }

    fn case(&self, world: &World, rng: &mut StdRng, person: usize) -> CaseDraft {
        use CaseStatus as S;
        let p = &self.persons[person];
        let place = &world.places[p.place];
        let manager = place.workers.choose(rng).map(|w| &world.workers[*w]);
        let status = match manager {
            None => S::Referred,
            Some(_) => pick_weighted(
                rng,
                &[
                    (S::Open, 8),
                    (S::Assessment, 12),
                    (S::ComplexAssessment, 3),
                    (S::Planning, 9),
                    (S::PlanApproval, 4),
                    (S::Monitoring, 27),
                    (S::ClosureApproval, 3),
                    (S::Suspended, 4),
                    (S::Closed, 30),
                ],
            ),
        };
        let (territory_id, territory_path) = match manager {
            Some(w) => (w.territory_id, w.path.clone()),
            None => {
                let root = &world.places[place.root];
                (root.id, root.path.clone())
            }
        };
        let urgent = p.vulnerabilities.iter().any(|v| matches!(*v, "domestic_violence" | "child_at_risk"));
        let risk = if urgent && rng.random_bool(0.5) {
            RiskLevel::High
        } else {
            pick_weighted(rng, &[(RiskLevel::Low, 35), (RiskLevel::Medium, 45), (RiskLevel::High, 20)])
        };
        let channel = pick_weighted(
            rng,
            &[
                (ReferralChannel::Phone, 25),
                (ReferralChannel::InPerson, 25),
                (ReferralChannel::Written, 10),
                (ReferralChannel::Institution, 25),
                (ReferralChannel::SelfReferral, 10),
                (ReferralChannel::Other, 5),
            ],
        );
        let reporter_name = match channel {
            ReferralChannel::Institution => {
                format!("{} ({})", INSTITUTIONS.choose(rng).unwrap_or(&""), world.places[place.root].name)
            }
            ReferralChannel::SelfReferral => format!("{} {}", p.m.first_name, p.m.last_name),
            _ => {
                let first = if rng.random_bool(0.6) { RO_FEMALE } else { RO_MALE };
                format!("{} {}", first.choose(rng).unwrap_or(&""), RO_SURNAMES.choose(rng).unwrap_or(&""))
            }
        };
        let reporter_contact = rng.random_bool(0.6).then(|| phone(rng));
        let received_on = day_between(rng, p.created_at.date_naive(), world.today);
        let opened_on = (received_on + Duration::days(rng.random_range(0..=2))).min(world.today);
        let opened_at = at_work(rng, opened_on).clamp(p.created_at, world.now);
        let since = day_between(rng, opened_on, world.today);
        let (remembered, reason) = match status {
            S::Suspended => (
                Some(pick_weighted(rng, &[(S::Assessment, 1), (S::Planning, 1), (S::Monitoring, 3)])),
                SUSPEND_REASONS.choose(rng).copied(),
            ),
            S::ClosureApproval => {
                (Some(pick_weighted(rng, &[(S::Planning, 1), (S::Monitoring, 4)])), CLOSE_REASONS.choose(rng).copied())
            }
            S::Closed => (None, CLOSE_REASONS.choose(rng).copied()),
            _ => (None, None),
        };
        let closed_at = (status == S::Closed).then(|| {
            (opened_at + Duration::days(rng.random_range(14..=500)) + Duration::minutes(rng.random_range(0..600)))
                .min(world.now)
        });
        CaseDraft {
            person,
            manager: manager.map(|w| w.id),
            territory_id,
            territory_path,
            status,
            remembered,
            reason,
            risk,
            channel,
            reporter_name,
            reporter_contact,
            received_on,
            concern: CONCERNS.choose(rng).copied().unwrap_or(""),
            since,
            opened_at,
            closed_at,
            created_by: manager.map(|w| w.id).unwrap_or(p.created_by),
        }
    }
}
