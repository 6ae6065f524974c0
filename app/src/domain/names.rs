//! Person names for search and duplicate detection.
//!
//! Names reach Vatra with and without Romanian diacritics (in both the comma-below and the older
//! cedilla forms), in Latin or Cyrillic script, with hyphens, and with first and last name swapped.
//! [`fold`] maps all of these to one plain form; [`compare_names`] says why two names are taken
//! for the same person, so that a duplicate warning can explain itself.

use serde::{Deserialize, Serialize};

/// The plain form of a name or query: lowercase ASCII letters and digits in words separated by
/// single spaces. Diacritics are stripped (`ș ş ț ţ ă â î` → `s s t t a a i`), Cyrillic is
/// transliterated (`Иванов` → `ivanov`), hyphens, apostrophes and other punctuation separate words.
///
/// The result holds only `a-z`, `0-9` and single spaces, so it is safe inside a SQL `LIKE` pattern.
pub fn fold(s: &str) -> String {
    // The soft and hard signs have no Latin letter: transliterated as an apostrophe they would split
    // `Ольга` into two words. Combining marks (decomposed diacritics) carry no letter either.
    let letters: String = s.chars().filter(|c| !matches!(c, 'ь' | 'Ь' | 'ъ' | 'Ъ' | '\u{0300}'..='\u{036F}')).collect();
    let latin = deunicode::deunicode_with_tofu(&letters, " ").to_ascii_lowercase();
    latin.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A person's name as lists and headings show it: last name first.
pub fn display_name(last: &str, first: &str) -> String {
    format!("{last} {first}")
}

/// The folded words of both names, sorted and joined by one space: the same for a name written in
/// any word order. Stored for exact duplicate lookup.
pub fn name_key(last: &str, first: &str) -> String {
    let (l, f) = (fold(last), fold(first));
    let mut words: Vec<&str> = l.split(' ').chain(f.split(' ')).filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.join(" ")
}

/// The folded `last first`, in that order. Stored for prefix search by last name.
pub fn search_key(last: &str, first: &str) -> String {
    fold(&format!("{last} {first}"))
}

/// A search box's text folded like [`search_key`], to match stored keys by prefix.
pub fn query_prefix(q: &str) -> String {
    fold(q)
}

/// Why two names were taken for the same person. [`compare_names`] gives the first that applies of
/// `Same`, `Diacritics`, `WordOrder`, `Typo`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameMatch {
    /// Identical, ignoring case and extra spaces.
    Same,
    /// The same words, but last and first name (or the words within them) in another order.
    WordOrder,
    /// Identical after [`fold`]: differ only in diacritics, script (Cyrillic / Latin) or punctuation.
    Diacritics,
    /// Nearly identical: at most one edit (insertion, deletion, substitution or swap of two adjacent
    /// letters) when the shorter [`name_key`] has up to 8 characters, two when it is longer.
    Typo,
}

impl NameMatch {
    /// The stable code, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            NameMatch::Same => "same",
            NameMatch::WordOrder => "word_order",
            NameMatch::Diacritics => "diacritics",
            NameMatch::Typo => "typo",
        }
    }
}

/// Lowercase with runs of whitespace made one space, and trimmed.
fn plain(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether name A and name B are likely the same person's name, and why; `None` when they differ.
///
/// For [`NameMatch::Typo`] the edit distance (Damerau-Levenshtein) is taken between the word-sorted
/// keys ([`name_key`]), and also between the `last first` forms, straight and with either side's
/// names swapped, so that a typo in a first letter, which can change the sort order, still counts as
/// one. The allowance (1 edit up to 8 characters, 2 beyond) follows the shorter key. The result is
/// the same with A and B exchanged.
pub fn compare_names(a_last: &str, a_first: &str, b_last: &str, b_first: &str) -> Option<NameMatch> {
    if plain(a_last) == plain(b_last) && plain(a_first) == plain(b_first) {
        return Some(NameMatch::Same);
    }
    let (ka, kb) = (name_key(a_last, a_first), name_key(b_last, b_first));
    if ka.is_empty() || kb.is_empty() {
        return None;
    }
    if fold(a_last) == fold(b_last) && fold(a_first) == fold(b_first) {
        return Some(NameMatch::Diacritics);
    }
    if ka == kb {
        return Some(NameMatch::WordOrder);
    }
    let allowed = if ka.len().min(kb.len()) <= 8 { 1 } else { 2 };
    let (sa, sb) = (search_key(a_last, a_first), search_key(b_last, b_first));
    let distance = [
        (ka.as_str(), kb.as_str()),
        (&sa, &sb),
        (&sa, &search_key(b_first, b_last)),
        (&search_key(a_first, a_last), &sb),
    ]
    .into_iter()
    .map(|(a, b)| strsim::damerau_levenshtein(a, b))
    .min()
    .unwrap_or(usize::MAX);
    (distance <= allowed).then_some(NameMatch::Typo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        let cases = [
            ("Ștefan-Cel Mare", "stefan cel mare"),
            // Comma below (ș ț, U+0219 U+021B) and cedilla (ş ţ, U+015F U+0163) fold alike.
            ("Șerban Țurcan", "serban turcan"),
            ("Şerban Ţurcan", "serban turcan"),
            ("ȘERBAN ŢURCAN", "serban turcan"),
            ("Ăâî Brânză Mîndru", "aai branza mindru"),
            // Decomposed: s + combining comma below, a + combining breve.
            ("S\u{0326}tefa\u{0306}nescu", "stefanescu"),
            ("Иванов", "ivanov"),
            ("Ольга Ковальчук", "olga kovalchuk"),
            ("Щербань", "shcherban"),
            ("O’Brien-Smith", "o brien smith"),
            ("d'Artagnan", "d artagnan"),
            ("  Popa \t  Ion  ", "popa ion"),
            ("Popa, Ion (jr.)", "popa ion jr"),
            ("", ""),
            (" - ", ""),
        ];
        for (raw, expected) in cases {
            assert_eq!(fold(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn keys() {
        assert_eq!(name_key("Popa", "Ion"), "ion popa");
        assert_eq!(name_key("Ion", "Popa"), "ion popa");
        assert_eq!(name_key("Ștefan-Cel", "Mare"), "cel mare stefan");
        assert_eq!(name_key("", ""), "");
        assert_eq!(search_key("Ștefănescu", "Ana-Maria"), "stefanescu ana maria");
        assert_eq!(query_prefix(" ȘTEF"), "stef");
        assert!(search_key("Ștefănescu", "Ana").starts_with(&query_prefix("Stefan")));
    }

    #[test]
    fn comparing() {
        use NameMatch::*;
        let cases = [
            (("Popa", "Ion"), ("Popa", "Ion"), Some(Same)),
            (("Popa", "Ion"), ("  POPA ", "ion"), Some(Same)),
            (("Ștefănescu", "Ana"), ("Stefanescu", "Ana"), Some(Diacritics)),
            (("Şerban", "Ţurcan"), ("Șerban", "Țurcan"), Some(Diacritics)),
            (("Иванов", "Иван"), ("Ivanov", "Ivan"), Some(Diacritics)),
            (("Rusu-Ceban", "Ion"), ("Rusu Ceban", "Ion"), Some(Diacritics)),
            (("Popa", "Ion"), ("Ion", "Popa"), Some(WordOrder)),
            (("Ștefan", "Ana"), ("Ana", "Stefan"), Some(WordOrder)),
            (("Popa Ion", "Vasile"), ("Popa", "Ion Vasile"), Some(WordOrder)),
            (("Popescu", "Maria"), ("Popescu", "Mria"), Some(Typo)),
            (("Rusu", "Ion"), ("Rusu", "Ino"), Some(Typo)),
            (("Rusu", "Ion"), ("Husu", "Ion"), Some(Typo)),
            (("Rusu", "Ion"), ("Ion", "Husu"), Some(Typo)),
            (("Popescu", "Maria"), ("Popesco", "Marie"), Some(Typo)),
            (("Ivanov", "Serghei"), ("Иванов", "Сергей"), Some(Typo)),
            (("Popescu", "Maria"), ("Popesco", "Mariei"), None),
            (("Rusu", "Ion"), ("Rosu", "Ian"), None),
            (("Popa", "Ion"), ("Ceban", "Elena"), None),
            (("Popa", "Ion"), ("", ""), None),
            (("-", ""), ("", "."), None),
        ];
        for ((al, af), (bl, bf), expected) in cases {
            assert_eq!(compare_names(al, af, bl, bf), expected, "{al} {af} / {bl} {bf}");
            assert_eq!(compare_names(bl, bf, al, af), expected, "{bl} {bf} / {al} {af} (swapped)");
        }
    }
}
