//! One household at a time: who lives together, how they are related, their
//! names, sexes and birth dates. Pure: a seeded generator in, members out.

use super::names::{feminine, RO_FEMALE, RO_MALE, RO_SURNAMES, RU_FEMALE, RU_MALE, RU_SURNAMES};
use crate::domain::idnp::Idnp;
use crate::domain::person::{RelationKind, Sex};
use chrono::{Datelike, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;

/// Birth years of synthetic persons lie in `FIRST_YEAR..=LAST_YEAR`.
pub const FIRST_YEAR: i32 = 1930;
pub const LAST_YEAR: i32 = 2025;

/// One of `items`, with probability proportional to its weight.
pub fn pick_weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

/// A person of a household.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub last_name: String,
    pub first_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
}

/// People living together, and how they relate: `(a, kind, b)` reads
/// "member a `kind` member b".
#[derive(Clone, Debug, PartialEq)]
pub struct Household {
    pub members: Vec<Member>,
    pub relations: Vec<(usize, RelationKind, usize)>,
    /// A parent raising children alone.
    pub single_parent: bool,
    pub children: usize,
}

impl Household {
    /// Keeps the first `n` members and the relations among them.
    pub fn truncate(&mut self, n: usize) {
        self.members.truncate(n);
        self.relations.retain(|(a, _, b)| *a < n && *b < n);
    }
}

/// How a household's names are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Romanian,
    /// Russian names in Moldovan Latin spelling.
    RussianLatin,
    RussianCyrillic,
}

impl Script {
    fn first_name(self, rng: &mut StdRng, sex: Sex) -> &'static str {
        let ru = |list: &'static [(&'static str, &'static str)], rng: &mut StdRng| {
            let (l, c) = list.choose(rng).copied().unwrap_or(("Ivan", "Иван"));
            if self == Script::RussianCyrillic {
                c
            } else {
                l
            }
        };
        match (self, sex) {
            (Script::Romanian, Sex::Male) => RO_MALE.choose(rng).copied().unwrap_or("Ion"),
            (Script::Romanian, Sex::Female) => RO_FEMALE.choose(rng).copied().unwrap_or("Maria"),
            (_, Sex::Male) => ru(RU_MALE, rng),
            (_, Sex::Female) => ru(RU_FEMALE, rng),
        }
    }

    /// A family name, in its men's form.
    fn surname(self, rng: &mut StdRng) -> &'static str {
        match self {
            Script::Romanian => RO_SURNAMES.choose(rng).copied().unwrap_or("Popa"),
            _ => {
                let (l, c) = RU_SURNAMES.choose(rng).copied().unwrap_or(("Ivanov", "Иванов"));
                if self == Script::RussianCyrillic {
                    c
                } else {
                    l
                }
            }
        }
    }

    fn surname_for(self, family: &str, sex: Sex) -> String {
        match (self, sex) {
            (Script::Romanian, _) | (_, Sex::Male) => family.to_owned(),
            (_, Sex::Female) => feminine(family),
        }
    }
}

/// A day of `year`, not after `today`.
fn born_in(rng: &mut StdRng, year: i32, today: NaiveDate) -> NaiveDate {
    let year = year.clamp(FIRST_YEAR, LAST_YEAR.min(today.year()));
    let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() { 366 } else { 365 };
    let d = NaiveDate::from_yo_opt(year, rng.random_range(1..=days)).unwrap_or(today);
    d.min(today)
}

fn other(sex: Sex) -> Sex {
    match sex {
        Sex::Male => Sex::Female,
        Sex::Female => Sex::Male,
    }
}

fn any_sex(rng: &mut StdRng) -> Sex {
    if rng.random_bool(0.5) {
        Sex::Male
    } else {
        Sex::Female
    }
}

/// A household of 1 to 6: a person alone; a couple; a couple or a single
/// parent with children; sometimes a grandparent with them.
pub fn household(rng: &mut StdRng, today: NaiveDate) -> Household {
    let script =
        pick_weighted(rng, &[(Script::Romanian, 75), (Script::RussianLatin, 21), (Script::RussianCyrillic, 4)]);
    let size: usize = pick_weighted(rng, &[(1, 25), (2, 25), (3, 20), (4, 17), (5, 8), (6, 5)]);
    let last_year = LAST_YEAR.min(today.year());
    let family = script.surname(rng);
    let mut members: Vec<Member> = Vec::with_capacity(size);
    let mut relations = Vec::new();
    let person = |rng: &mut StdRng, sex: Sex, year: i32, family: &str| Member {
        last_name: script.surname_for(family, sex),
        first_name: script.first_name(rng, sex).to_owned(),
        sex,
        birth_date: born_in(rng, year, today),
    };
    if size == 1 {
        // Alone: often elderly.
        let sex = if rng.random_bool(0.58) { Sex::Female } else { Sex::Male };
        let year = if rng.random_bool(0.45) {
            rng.random_range(FIRST_YEAR..=1960)
        } else {
            rng.random_range(1961..=last_year - 18)
        };
        members.push(person(rng, sex, year, family));
        return Household { members, relations, single_parent: false, children: 0 };
    }
    let grandparent = size >= 4 && rng.random_bool(0.3);
    let spouse = size == 2 || rng.random_bool(0.78);
    let children = size - 1 - usize::from(spouse) - usize::from(grandparent);
    let head_sex = if spouse {
        if rng.random_bool(0.75) {
            Sex::Male
        } else {
            Sex::Female
        }
    } else if rng.random_bool(0.85) {
        Sex::Female
    } else {
        Sex::Male
    };
    let earliest = if grandparent { 1960 } else { 1940 };
    let head_year = if children > 0 {
        rng.random_range(earliest.max(1950)..=last_year - 20)
    } else {
        rng.random_range(earliest..=last_year - 20)
    };
    members.push(person(rng, head_sex, head_year, family));
    let mut mother_year = if head_sex == Sex::Female { head_year } else { head_year + rng.random_range(-2..=6) };
    if spouse {
        let year = (head_year + rng.random_range(-6..=6)).min(last_year - 18);
        let sex = other(head_sex);
        // Most Romanian wives take the family name; some keep their own.
        let name_of = if script == Script::Romanian && sex == Sex::Female && rng.random_bool(0.15) {
            script.surname(rng)
        } else {
            family
        };
        members.push(person(rng, sex, year, name_of));
        relations.push((0, RelationKind::SpouseOf, 1));
        if sex == Sex::Female {
            mother_year = year;
        }
    }
    let parents: Vec<usize> = (0..members.len()).collect();
    let first_child = members.len();
    for i in 0..children {
        let year = (mother_year + rng.random_range(18..=42)).min(last_year);
        let sex = any_sex(rng);
        members.push(person(rng, sex, year, family));
        let child = first_child + i;
        for p in &parents {
            relations.push((*p, RelationKind::ParentOf, child));
        }
        if i > 0 {
            relations.push((child - 1, RelationKind::HouseholdMember, child));
        }
    }
    if grandparent {
        let year = (head_year - rng.random_range(22..=32)).max(FIRST_YEAR);
        let sex = if rng.random_bool(0.7) { Sex::Female } else { Sex::Male };
        members.push(person(rng, sex, year, family));
        let g = members.len() - 1;
        relations.push((g, RelationKind::ParentOf, 0));
        if spouse {
            relations.push((g, RelationKind::HouseholdMember, 1));
        }
    }
    Household { members, relations, single_parent: !spouse && children > 0, children }
}

/// The synthetic IDNP of the person with id `id`, assigned in
/// `assigned_year`: `2`, the year's last three digits, eight digits that
/// scramble the id, and the check digit.
///
/// The eight digits are `id * 37 249 981 + 12 345 679 mod 10^8`, a bijection on
/// `0..10^8` (the multiplier is prime to 10), so persons with different ids
/// below 10^8 never share an IDNP, whatever their years.
pub fn idnp_for(id: i64, assigned_year: i32) -> Idnp {
    debug_assert!((0..100_000_000).contains(&id), "person id out of the synthetic IDNP range");
    let serial = (id.rem_euclid(100_000_000) as u64 * 37_249_981 + 12_345_679) % 100_000_000;
    let year = assigned_year.rem_euclid(1000) as u64;
    let mut body = [0u8; 12];
    body[0] = 2;
    let digits = year * 100_000_000 + serial;
    for (i, slot) in body[1..].iter_mut().enumerate() {
        *slot = ((digits / 10u64.pow(10 - i as u32)) % 10) as u8;
    }
    Idnp::from_body(body)
}

/// The year an IDNP was assigned to someone born in `birth_year`: at birth
/// since the 1990s, otherwise when the first identity cards were issued.
pub fn assigned_year(rng: &mut StdRng, birth_year: i32) -> i32 {
    if birth_year >= 1995 {
        birth_year + i32::from(rng.random_bool(0.2))
    } else {
        rng.random_range(1995..=2008)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use std::collections::HashSet;

    #[test]
    fn synthetic_idnps_are_valid_and_unique() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut seen = HashSet::new();
        for id in 1..=10_000 {
            let born = rng.random_range(FIRST_YEAR..=LAST_YEAR);
            let year = assigned_year(&mut rng, born);
            let idnp = idnp_for(id, year);
            assert_eq!(Idnp::parse(idnp.as_str()).as_ref(), Ok(&idnp), "{idnp}");
            assert!(idnp.as_str().starts_with('2'));
            assert!(seen.insert(idnp.as_str()[4..12].to_owned()), "serial repeats for id {id}");
        }
        // Ids near the top of the range as well.
        let top: HashSet<String> = (99_990_000..100_000_000).map(|id| idnp_for(id, 2000).as_str().to_owned()).collect();
        assert_eq!(top.len(), 10_000);
    }

    #[test]
    fn households_are_plausible_and_reproducible() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut a = StdRng::seed_from_u64(42);
        let mut b = StdRng::seed_from_u64(42);
        let mut sizes = [0usize; 7];
        for _ in 0..5_000 {
            let h = household(&mut a, today);
            assert_eq!(h, household(&mut b, today), "same seed, same household");
            sizes[h.members.len()] += 1;
            for m in &h.members {
                assert!((FIRST_YEAR..=LAST_YEAR).contains(&m.birth_date.year()), "{m:?}");
                assert!(!m.last_name.is_empty() && !m.first_name.is_empty());
            }
            for (x, kind, y) in &h.relations {
                assert!(x != y && *x < h.members.len() && *y < h.members.len());
                if *kind == RelationKind::ParentOf {
                    assert!(h.members[*x].birth_date < h.members[*y].birth_date, "a parent born after the child");
                }
            }
        }
        assert_eq!(sizes[0], 0);
        assert!(sizes[1..].iter().all(|n| *n > 0), "every size from 1 to 6 occurs: {sizes:?}");
    }
}
