//! Territories form a tree (country → district or municipality → locality).
//! A user's home territory bounds what their roles reach: the territory and
//! everything below it.

use serde::{Deserialize, Serialize};

/// The materialised path of a territory: the ids from the root down, as
/// `/1/12/305/`. A territory contains another when its path is a prefix.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TerritoryPath(String);

impl TerritoryPath {
    /// The path of a root territory with the given id.
    pub fn root(id: i64) -> Self {
        TerritoryPath(format!("/{id}/"))
    }
    /// The path of a child with id `id` under `self`.
    pub fn child(&self, id: i64) -> Self {
        TerritoryPath(format!("{}{id}/", self.0))
    }
    /// Parses a stored path; `None` when it is not of the `/n/n/` shape.
    pub fn parse(raw: &str) -> Option<Self> {
        let inner = raw.strip_prefix('/')?.strip_suffix('/')?;
        if inner.is_empty() || !inner.split('/').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        Some(TerritoryPath(raw.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The first path, in byte order, after this territory and everything below it: the paths
    /// at or below `/1/12/` are exactly those from `/1/12/` (included) to `/1/120` (left out),
    /// since every path ends in `/` and `0` is the byte after it. Compared as a range, a path
    /// index reads a subtree in one seek (a `LIKE '/1/12/%'` reads every path on SQLite).
    pub fn end(&self) -> String {
        format!("{}0", self.0.strip_suffix('/').unwrap_or(&self.0))
    }
    /// True when `other` is this territory or lies below it.
    pub fn contains(&self, other: &TerritoryPath) -> bool {
        other.0.starts_with(&self.0)
    }
    /// How deep the territory lies: 1 for the country.
    pub fn depth(&self) -> usize {
        self.0.matches('/').count() - 1
    }
    /// The root of the tree this territory belongs to (the country).
    pub fn root_of(&self) -> TerritoryPath {
        let first = self.0.trim_start_matches('/').split('/').next().unwrap_or("");
        TerritoryPath(format!("/{first}/"))
    }
    /// The id of the territory itself (the last segment).
    pub fn id(&self) -> i64 {
        self.0.trim_end_matches('/').rsplit('/').next().and_then(|s| s.parse().ok()).unwrap_or(0)
    }
}

/// The level of a territory in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TerritoryKind {
    Country,
    District,
    Municipality,
    AutonomousUnit,
    Locality,
}

impl TerritoryKind {
    pub fn code(self) -> &'static str {
        match self {
            TerritoryKind::Country => "country",
            TerritoryKind::District => "district",
            TerritoryKind::Municipality => "municipality",
            TerritoryKind::AutonomousUnit => "autonomous_unit",
            TerritoryKind::Locality => "locality",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        [
            TerritoryKind::Country,
            TerritoryKind::District,
            TerritoryKind::Municipality,
            TerritoryKind::AutonomousUnit,
            TerritoryKind::Locality,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_bounds_the_subtree_in_byte_order() {
        let district = TerritoryPath::root(1).child(12);
        assert_eq!(district.end(), "/1/120");
        let inside = |p: &str| p >= district.as_str() && p < district.end().as_str();
        for p in ["/1/12/", "/1/12/305/", "/1/12/9/99/"] {
            assert!(inside(p), "{p} is below /1/12/");
        }
        for p in ["/1/", "/1/120/", "/1/13/", "/1/1/", "/1/11/999/", "/1/2/", "/10/12/"] {
            assert!(!inside(p), "{p} is not below /1/12/");
        }
    }

    #[test]
    fn scope_covers_the_subtree_only() {
        let country = TerritoryPath::root(1);
        let district = country.child(12);
        let village = district.child(305);
        let other = country.child(13);
        let cases = [
            (&country, &country, true),
            (&country, &district, true),
            (&country, &village, true),
            (&district, &village, true),
            (&district, &district, true),
            (&district, &country, false),
            (&district, &other, false),
            (&village, &district, false),
            (&other, &village, false),
        ];
        for (scope, target, expected) in cases {
            assert_eq!(scope.contains(target), expected, "{scope:?} ⊇ {target:?}");
        }
    }

    #[test]
    fn an_id_prefix_is_not_a_parent() {
        // Territory 1 must not contain territory 12 just because "1" prefixes "12".
        let one = TerritoryPath::root(1);
        let twelve = TerritoryPath::root(12);
        assert!(!one.contains(&twelve));
        assert!(!TerritoryPath::root(1).child(2).contains(&TerritoryPath::root(1).child(23)));
    }

    #[test]
    fn parse_accepts_only_well_formed_paths() {
        assert!(TerritoryPath::parse("/1/12/").is_some());
        for bad in ["", "/", "1/2/", "/1/2", "/1//2/", "/a/", "/1/-2/"] {
            assert!(TerritoryPath::parse(bad).is_none(), "{bad}");
        }
        let p = TerritoryPath::parse("/1/12/305/").unwrap();
        assert_eq!(p.depth(), 3);
        assert_eq!(p.id(), 305);
    }
}
