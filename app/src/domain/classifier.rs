//! Classifier entries: a stable code and a name in each language.

use super::error::{FieldError, FieldErrors};
use super::user::parse_name;

/// The classifiers administrators maintain, in the order the page shows them.
pub const KINDS: &[&str] = &["vulnerability", "disability_limitation", "document_type", "ticket_category"];

/// A code: 2–40 characters of lowercase Latin letters, digits and `_`.
pub fn parse_code(raw: &str) -> Result<String, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(FieldError::new("code", "required"));
    }
    if v.len() < 2 || v.len() > 40 || !v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return Err(FieldError::new("code", "code_format"));
    }
    Ok(v.to_owned())
}

/// The three names of an entry, each required.
pub fn parse_names(ro: &str, en: &str, ru: &str) -> Result<(String, String, String), FieldErrors> {
    let mut e = FieldErrors::new();
    let ro = e.check(parse_name("name_ro", ro));
    let en = e.check(parse_name("name_en", en));
    let ru = e.check(parse_name("name_ru", ru));
    match (ro, en, ru) {
        (Some(ro), Some(en), Some(ru)) => Ok((ro, en, ru)),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names() {
        assert_eq!(parse_code(" child_at_risk ").unwrap(), "child_at_risk");
        for bad in ["", "a", "Child", "child at risk", "copil-în-risc", &"x".repeat(41)] {
            assert!(parse_code(bad).is_err(), "{bad:?}");
        }
        assert!(parse_names("Sărăcie", "Poverty", "Бедность").is_ok());
        let e = parse_names("", "Poverty", "").unwrap_err();
        assert_eq!(e.for_field("name_ro"), Some("required"));
        assert_eq!(e.for_field("name_ru"), Some("required"));
        assert_eq!(e.for_field("name_en"), None);
    }
}
