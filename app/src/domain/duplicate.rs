//! Why an existing person may be the one being registered: the same IDNP
//! blocks; a similar name with the same or a near birth date warns.

use super::names::{compare_names, NameMatch};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How close two birth dates are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BirthMatch {
    Same,
    /// Within a month of each other.
    Near,
    /// Day and month swapped (entered in the other order).
    Swapped,
    /// Same day and month, a year a digit or two away.
    OtherYear,
}

/// How far apart, in days, two birth dates may be and still count as near.
pub const NEAR_DAYS: i64 = 31;

/// How close `a` and `b` are, or `None` when they are unrelated.
pub fn compare_births(a: NaiveDate, b: NaiveDate) -> Option<BirthMatch> {
    if a == b {
        return Some(BirthMatch::Same);
    }
    if (a - b).num_days().abs() <= NEAR_DAYS {
        return Some(BirthMatch::Near);
    }
    if a.year() == b.year() && a.day() == b.month() && a.month() == b.day() {
        return Some(BirthMatch::Swapped);
    }
    if a.day() == b.day() && a.month() == b.month() && one_digit_apart(a.year(), b.year()) {
        return Some(BirthMatch::OtherYear);
    }
    None
}

/// True when two years differ in exactly one decimal digit (1987 / 1978
/// differ in two and count too: a transposition is the commonest slip).
fn one_digit_apart(a: i32, b: i32) -> bool {
    let (a, b) = (format!("{a:04}"), format!("{b:04}"));
    let differing = a.chars().zip(b.chars()).filter(|(x, y)| x != y).count();
    let mut sa: Vec<char> = a.chars().collect();
    let mut sb: Vec<char> = b.chars().collect();
    sa.sort_unstable();
    sb.sort_unstable();
    differing == 1 || (differing == 2 && sa == sb)
}

/// Why an existing record looks like the person being entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Likeness {
    pub name: NameMatch,
    pub birth: BirthMatch,
}

/// The likeness of an existing person to the one being entered, or `None`
/// when nothing suggests they are the same.
pub fn likeness(new: (&str, &str, NaiveDate), existing: (&str, &str, NaiveDate)) -> Option<Likeness> {
    let name = compare_names(new.0, new.1, existing.0, existing.1)?;
    let birth = compare_births(new.2, existing.2)?;
    Some(Likeness { name, birth })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn birth_dates() {
        let table = [
            ("1980-05-04", "1980-05-04", Some(BirthMatch::Same)),
            ("1980-05-04", "1980-05-20", Some(BirthMatch::Near)),
            ("1980-03-11", "1980-11-03", Some(BirthMatch::Swapped)),
            ("1980-05-04", "1989-05-04", Some(BirthMatch::OtherYear)),
            ("1987-05-04", "1978-05-04", Some(BirthMatch::OtherYear)),
            ("1980-05-04", "1991-05-04", None),
            ("1980-05-04", "1980-08-04", None),
        ];
        for (a, b, want) in table {
            assert_eq!(compare_births(d(a), d(b)), want, "{a} vs {b}");
        }
    }

    #[test]
    fn likeness_needs_name_and_birth() {
        let born = d("1990-01-15");
        assert!(likeness(("Popescu", "Ion", born), ("Popescu", "Ion", born)).is_some());
        assert!(likeness(("Popescu", "Ion", born), ("Popescu", "Ion", d("2001-07-30"))).is_none());
        assert!(likeness(("Popescu", "Ion", born), ("Rusu", "Maria", born)).is_none());
        let l = likeness(("Ion", "Popescu", born), ("Popescu", "Ion", d("1990-01-20"))).unwrap();
        assert_eq!(l, Likeness { name: NameMatch::WordOrder, birth: BirthMatch::Near });
    }
}
