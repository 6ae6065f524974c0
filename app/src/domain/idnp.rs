//! The IDNP (personal identification number) and the provisional id of a person who has none.
//!
//! An IDNP is 13 digits, kept as text because it may start with a zero. Its last digit checks the
//! first twelve: their sum weighted 7, 3, 1, 7, 3, 1, … taken mod 10. A provisional id such as
//! `P-00000123-4` starts with a letter, so it can never pass for an IDNP, and carries its own check
//! digit (same weights over its sequence digits) so that a mistyped one is caught as well.

use super::error::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The number of digits in an IDNP, check digit included.
pub const IDNP_LEN: usize = 13;

/// The number of sequence digits in a provisional id (more only past 99 999 999).
const PROVISIONAL_DIGITS: usize = 8;

/// The field that both an IDNP and a provisional id are entered in.
const FIELD: &str = "idnp";

/// The check digit of a sequence of digit values: the sum weighted 7, 3, 1, 7, 3, 1, … mod 10.
fn weighted_check(digits: impl IntoIterator<Item = u8>) -> u8 {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let sum: u32 = digits.into_iter().zip(WEIGHTS.iter().cycle()).map(|(d, w)| u32::from(d) * w).sum();
    (sum % 10) as u8
}

/// The digit values of an ASCII digit string.
fn digit_values(digits: &str) -> impl Iterator<Item = u8> + '_ {
    digits.bytes().map(|b| b - b'0')
}

/// The IDNP check digit of a 12-digit body, each element a digit value `0..=9`.
pub fn check_digit(body: &[u8; 12]) -> u8 {
    weighted_check(body.iter().copied())
}

/// Why `digits` (whitespace already removed) is not an IDNP, if it is not one.
///
/// With `complete == false` an empty or too short string of digits is no problem yet: the user may
/// still be typing it.
fn idnp_problem(digits: &str, complete: bool) -> Option<&'static str> {
    if digits.is_empty() {
        return complete.then_some("required");
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some("idnp_digits");
    }
    if digits.len() > IDNP_LEN || (complete && digits.len() < IDNP_LEN) {
        return Some("idnp_length");
    }
    if digits.len() < IDNP_LEN {
        return None;
    }
    let (body, check) = digits.split_at(IDNP_LEN - 1);
    (weighted_check(digit_values(body)) != check.as_bytes()[0] - b'0').then_some("idnp_check")
}

/// `raw` without any whitespace: people type and paste IDNPs in groups.
fn without_spaces(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace()).collect()
}

/// As-you-type feedback on an IDNP field: `None` while what was typed is empty or a run of fewer
/// than 13 digits that could still become a valid IDNP, or is already a valid one; otherwise the
/// error code that [`Idnp::parse`] would give (`idnp_digits`, `idnp_length`, `idnp_check`).
pub fn idnp_hint(raw: &str) -> Option<&'static str> {
    idnp_problem(&without_spaces(raw), false)
}

/// A valid IDNP: 13 digits whose last digit checks the first twelve.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Idnp(String);

impl Idnp {
    /// Parses an IDNP as typed: surrounding and inner whitespace is ignored. Errors on field `idnp`
    /// with code `required`, `idnp_digits`, `idnp_length` or `idnp_check`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let digits = without_spaces(raw);
        match idnp_problem(&digits, true) {
            Some(code) => Err(FieldError::new(FIELD, code)),
            None => Ok(Idnp(digits)),
        }
    }

    /// The IDNP with this 12-digit body and its computed check digit.
    ///
    /// # Panics
    ///
    /// When an element of `body` is not a digit value `0..=9` (a programming error).
    pub fn from_body(body: [u8; 12]) -> Self {
        assert!(body.iter().all(|d| *d <= 9), "IDNP body elements must be digit values 0..=9");
        let mut s: String = body.iter().map(|d| char::from(b'0' + d)).collect();
        s.push(char::from(b'0' + check_digit(&body)));
        Idnp(s)
    }

    /// The 13 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Idnp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Idnp {
    type Error = FieldError;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        Idnp::parse(&v)
    }
}

impl From<Idnp> for String {
    fn from(v: Idnp) -> String {
        v.0
    }
}

/// The id of a person registered without an IDNP: `P-`, an 8-digit zero-padded sequence number,
/// `-`, and a check digit over the sequence digits (weights 7, 3, 1, …), e.g. `P-00000123-4`.
///
/// It starts with a letter, so it never parses as an [`Idnp`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProvisionalId(String);

impl ProvisionalId {
    /// The provisional id of sequence number `seq`. Past 99 999 999 the sequence simply has more
    /// digits, and still parses.
    pub fn from_seq(seq: u64) -> Self {
        let digits = format!("{seq:0PROVISIONAL_DIGITS$}");
        let check = weighted_check(digit_values(&digits));
        ProvisionalId(format!("P-{digits}-{check}"))
    }

    /// Parses a provisional id; the leading `P` may be lowercase, surrounding whitespace is ignored.
    /// Errors on field `idnp` with code `required`, `provisional_format` or `provisional_check`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let v = raw.trim();
        if v.is_empty() {
            return Err(FieldError::new(FIELD, "required"));
        }
        let format_error = || FieldError::new(FIELD, "provisional_format");
        let rest = v.strip_prefix(['P', 'p']).and_then(|r| r.strip_prefix('-')).ok_or_else(format_error)?;
        let (digits, check) = rest.split_once('-').ok_or_else(format_error)?;
        // Exactly what `from_seq` writes: 8 digits, or more without a leading zero, fitting a u64.
        let canonical = digits.len() == PROVISIONAL_DIGITS
            || (digits.len() > PROVISIONAL_DIGITS && !digits.starts_with('0') && digits.parse::<u64>().is_ok());
        if !canonical
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || check.len() != 1
            || !check.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(format_error());
        }
        if weighted_check(digit_values(digits)) != check.as_bytes()[0] - b'0' {
            return Err(FieldError::new(FIELD, "provisional_check"));
        }
        Ok(ProvisionalId(format!("P-{digits}-{check}")))
    }

    /// The sequence number this id was made from.
    pub fn seq(&self) -> u64 {
        self.0[2..self.0.len() - 2].parse().unwrap_or(0)
    }

    /// The canonical form, with an uppercase `P`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProvisionalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ProvisionalId {
    type Error = FieldError;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        ProvisionalId::parse(&v)
    }
}

impl From<ProvisionalId> for String {
    fn from(v: ProvisionalId) -> String {
        v.0
    }
}

/// What identifies a person: an IDNP, or a provisional id for a person who has none.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PersonKey {
    Idnp(Idnp),
    Provisional(ProvisionalId),
}

impl PersonKey {
    /// An IDNP or a provisional id, or `None` when `raw` is neither.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::parse_field(raw).ok()
    }

    /// Like [`PersonKey::parse`], with the error of the kind of key `raw` looks like: a provisional
    /// id's error when it starts with `P`, an IDNP's otherwise.
    pub fn parse_field(raw: &str) -> Result<Self, FieldError> {
        if raw.trim_start().starts_with(['P', 'p']) {
            ProvisionalId::parse(raw).map(PersonKey::Provisional)
        } else {
            Idnp::parse(raw).map(PersonKey::Idnp)
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            PersonKey::Idnp(v) => v.as_str(),
            PersonKey::Provisional(v) => v.as_str(),
        }
    }
}

impl fmt::Display for PersonKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for PersonKey {
    type Error = FieldError;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        PersonKey::parse_field(&v)
    }
}

impl From<PersonKey> for String {
    fn from(v: PersonKey) -> String {
        match v {
            PersonKey::Idnp(v) => v.into(),
            PersonKey::Provisional(v) => v.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A valid IDNP for a 12-digit body written as text, computed with `check_digit`.
    fn valid(body: &str) -> String {
        let digits: Vec<u8> = digit_values(body).collect();
        let body: [u8; 12] = digits.try_into().unwrap();
        Idnp::from_body(body).0
    }

    fn code(r: Result<impl Sized, FieldError>) -> Result<(), String> {
        r.map(|_| ()).map_err(|e| e.code)
    }

    #[test]
    fn check_digits_computed_by_hand() {
        // 2·7 = 14 → 4.
        assert_eq!(check_digit(&[2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 4);
        // 7+6+3 +28+15+6 +49+24+9 +0+3+2 = 152 → 2.
        assert_eq!(check_digit(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]), 2);
        // 2·7 + 2·7 + 3·7 + 4·7 = 77 → 7.
        assert_eq!(check_digit(&[2, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0]), 7);
        // 9 · (7+3+1) · 4 = 396 → 6.
        assert_eq!(check_digit(&[9; 12]), 6);
        assert_eq!(check_digit(&[0; 12]), 0);
    }

    #[test]
    fn idnp_table() {
        let computed = valid("200412345678");
        let mut wrong_check = computed.clone();
        let last = wrong_check.pop().unwrap();
        wrong_check.push(if last == '9' { '0' } else { char::from(last as u8 + 1) });
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("2000000000004", Ok("2000000000004")),
            ("1234567890122", Ok("1234567890122")),
            ("2002003004007", Ok("2002003004007")),
            ("9999999999996", Ok("9999999999996")),
            ("0000000000000", Ok("0000000000000")),
            (&computed, Ok(&computed)),
            ("  2000000000004\t", Ok("2000000000004")),
            ("2000 0000 0000 4", Ok("2000000000004")),
            ("", Err("required")),
            ("   ", Err("required")),
            ("2000000000005", Err("idnp_check")),
            ("1234567890123", Err("idnp_check")),
            (&wrong_check, Err("idnp_check")),
            ("200000000000", Err("idnp_length")),
            ("20000000000040", Err("idnp_length")),
            ("2", Err("idnp_length")),
            ("200000000000A", Err("idnp_digits")),
            ("2000-0000-0000-4", Err("idnp_digits")),
            ("P-00000123-4", Err("idnp_digits")),
            ("２000000000004", Err("idnp_digits")),
        ];
        for (raw, expected) in cases {
            let got = Idnp::parse(raw).map(|v| v.0).map_err(|e| (e.field, e.code));
            match expected {
                Ok(v) => assert_eq!(got, Ok((*v).to_owned()), "{raw:?}"),
                Err(c) => assert_eq!(got, Err(("idnp".to_owned(), (*c).to_owned())), "{raw:?}"),
            }
        }
    }

    #[test]
    fn idnp_serde_goes_through_parse() {
        let v: Idnp = serde_json::from_str("\"2000000000004\"").unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"2000000000004\"");
        assert!(serde_json::from_str::<Idnp>("\"2000000000005\"").is_err());
    }

    #[test]
    fn hints_while_typing() {
        let cases = [
            ("", None),
            ("2", None),
            ("200000", None),
            ("2000 0000 0000", None),
            ("200000000000", None),
            ("2000000000004", None),
            ("2000000000005", Some("idnp_check")),
            ("20000000000040", Some("idnp_length")),
            ("20a", Some("idnp_digits")),
            ("P-0", Some("idnp_digits")),
        ];
        for (raw, expected) in cases {
            assert_eq!(idnp_hint(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn provisional_ids() {
        // 1·1 + 2·7 + 3·3 = 24 → 4.
        assert_eq!(ProvisionalId::from_seq(123).as_str(), "P-00000123-4");
        assert_eq!(ProvisionalId::from_seq(0).as_str(), "P-00000000-0");
        assert_eq!(ProvisionalId::from_seq(123_456_789).as_str().len(), "P-123456789-0".len());
        let cases = [
            ("P-00000123-4", Ok("P-00000123-4")),
            (" p-00000123-4 ", Ok("P-00000123-4")),
            ("", Err("required")),
            ("P-00000123-5", Err("provisional_check")),
            ("P-0000123-4", Err("provisional_format")),
            ("P-000000123-4", Err("provisional_format")),
            ("P-00000123-", Err("provisional_format")),
            ("P-00000123-45", Err("provisional_format")),
            ("P00000123-4", Err("provisional_format")),
            ("Q-00000123-4", Err("provisional_format")),
            ("P-0000012a-4", Err("provisional_format")),
            ("P-99999999999999999999-0", Err("provisional_format")),
            ("2000000000004", Err("provisional_format")),
        ];
        for (raw, expected) in cases {
            let got = ProvisionalId::parse(raw).map(|v| v.0).map_err(|e| e.code);
            assert_eq!(got.as_deref().map_err(String::as_str), expected, "{raw:?}");
        }
    }

    #[test]
    fn person_keys() {
        assert_eq!(PersonKey::parse("2000000000004"), Some(PersonKey::Idnp(Idnp("2000000000004".into()))));
        assert_eq!(PersonKey::parse("p-00000123-4").map(|k| k.as_str().to_owned()).as_deref(), Some("P-00000123-4"));
        assert_eq!(PersonKey::parse("2000000000005"), None);
        assert_eq!(PersonKey::parse("P-00000123-5"), None);
        assert_eq!(PersonKey::parse(""), None);
        assert_eq!(code(PersonKey::parse_field("P-1")), Err("provisional_format".into()));
        assert_eq!(code(PersonKey::parse_field("123")), Err("idnp_length".into()));
        let k: PersonKey = serde_json::from_str("\"P-00000123-4\"").unwrap();
        assert_eq!(serde_json::to_string(&k).unwrap(), "\"P-00000123-4\"");
    }

    proptest! {
        #[test]
        fn every_body_has_exactly_one_check_digit(body in proptest::array::uniform12(0u8..=9)) {
            let idnp = Idnp::from_body(body);
            prop_assert_eq!(Idnp::parse(idnp.as_str()), Ok(idnp.clone()));
            prop_assert_eq!(idnp_hint(idnp.as_str()), None);
            let stem = &idnp.as_str()[..12];
            for d in 0..=9u8 {
                if d == check_digit(&body) {
                    continue;
                }
                let other = format!("{stem}{d}");
                prop_assert_eq!(code(Idnp::parse(&other)), Err("idnp_check".to_owned()));
                prop_assert_eq!(idnp_hint(&other), Some("idnp_check"));
            }
            // Every proper prefix is still a possible IDNP.
            for n in 0..12 {
                prop_assert_eq!(idnp_hint(&idnp.as_str()[..n]), None);
            }
        }

        #[test]
        fn provisional_ids_round_trip_and_never_pass_for_an_idnp(seq in any::<u64>()) {
            let id = ProvisionalId::from_seq(seq);
            prop_assert_eq!(ProvisionalId::parse(id.as_str()), Ok(id.clone()));
            prop_assert_eq!(ProvisionalId::parse(&id.as_str().to_lowercase()), Ok(id.clone()));
            prop_assert_eq!(id.seq(), seq);
            prop_assert!(Idnp::parse(id.as_str()).is_err());
            prop_assert_eq!(PersonKey::parse(id.as_str()), Some(PersonKey::Provisional(id.clone())));
            // Any other check digit is refused.
            let stem = &id.as_str()[..id.as_str().len() - 1];
            let wrong = (0..=9).map(|d| format!("{stem}{d}")).filter(|s| s != id.as_str());
            for w in wrong {
                prop_assert_eq!(code(ProvisionalId::parse(&w)), Err("provisional_check".to_owned()));
            }
        }

        #[test]
        fn parse_never_panics(raw in "\\PC{0,20}") {
            let _ = Idnp::parse(&raw);
            let _ = ProvisionalId::parse(&raw);
            let _ = idnp_hint(&raw);
        }
    }
}
