//! User account fields and their rules, shared by the browser and the server.

use super::error::{FieldError, FieldErrors};
use super::roles::RoleSet;
use serde::{Deserialize, Serialize};

/// A sign-in name: 3–64 characters of lowercase letters, digits, `.`, `_`, `-`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let v = raw.trim().to_lowercase();
        let n = v.chars().count();
        if n < 3 {
            return Err(FieldError::new("username", "username_too_short"));
        }
        if n > 64 {
            return Err(FieldError::new("username", "too_long"));
        }
        if !v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')) {
            return Err(FieldError::new("username", "username_chars"));
        }
        Ok(Username(v))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = FieldError;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        Username::parse(&v)
    }
}

impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}

/// A person's display name: 1–120 characters, no control characters.
pub fn parse_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    if v.chars().count() > 120 {
        return Err(FieldError::new(field, "too_long"));
    }
    if v.chars().any(char::is_control) {
        return Err(FieldError::new(field, "invalid_chars"));
    }
    Ok(v.to_owned())
}

/// An optional free-text field of at most `max` characters.
pub fn parse_optional_text(field: &str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars().count() > max {
        return Err(FieldError::new(field, "too_long"));
    }
    if v.chars().any(char::is_control) {
        return Err(FieldError::new(field, "invalid_chars"));
    }
    Ok(Some(v.to_owned()))
}

/// An optional e-mail address: one `@`, a dotted domain, at most 254 characters.
pub fn parse_email(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let ok = v.len() <= 254
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        && match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if ok {
        Ok(Some(v.to_owned()))
    } else {
        Err(FieldError::new(field, "email_invalid"))
    }
}

/// An optional phone number: digits with an optional leading `+`, spaces and
/// dashes allowed; 6 to 15 digits. Stored without the spaces and dashes.
pub fn parse_phone(field: &str, raw: &str) -> Result<Option<String>, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let (plus, rest) = match v.strip_prefix('+') {
        Some(r) => ("+", r),
        None => ("", v),
    };
    if !rest.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-') {
        return Err(FieldError::new(field, "phone_invalid"));
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if !(6..=15).contains(&digits.len()) {
        return Err(FieldError::new(field, "phone_invalid"));
    }
    Ok(Some(format!("{plus}{digits}")))
}

/// A UI language Vatra speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Ro,
    Ru,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Ro, Language::Ru];
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ro => "ro",
            Language::Ru => "ru",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }
    /// The language's own name, shown in the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Ro => "Română",
            Language::Ru => "Русский",
        }
    }
    /// The name of the cookie that remembers the language before sign-in
    /// and lets the server render the first page in it.
    pub const COOKIE: &'static str = "vatra_lang";

    /// The language a `Cookie` header names, if any.
    pub fn from_cookie_header(header: &str) -> Option<Self> {
        header.split(';').find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == Self::COOKIE).then(|| Language::from_code(v.trim())).flatten()
        })
    }

    /// The language of a request: its cookie, else its `Accept-Language`.
    pub fn of_request(cookie: Option<&str>, accept_language: Option<&str>) -> Self {
        cookie
            .and_then(Language::from_cookie_header)
            .unwrap_or_else(|| Language::from_accept_language(accept_language.unwrap_or("")))
    }

    /// The `Set-Cookie` value that remembers this language for a year.
    pub fn cookie(self) -> String {
        format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", Self::COOKIE, self.code())
    }

    /// The best match for an HTTP `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Self {
        header
            .split(',')
            .filter_map(|part| {
                let mut it = part.trim().split(';');
                let tag = it.next()?.trim().to_ascii_lowercase();
                let q = it.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
                let lang = Language::from_code(tag.split('-').next()?)?;
                Some((lang, q))
            })
            .fold(None::<(Language, f32)>, |best, (l, q)| match best {
                Some((_, bq)) if bq >= q => best,
                _ => Some((l, q)),
            })
            .map(|(l, _)| l)
            .unwrap_or_default()
    }
}

/// What an administrator fills in to create or edit a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInput {
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub institution: String,
    pub position: String,
    pub territory_id: i64,
    pub roles: Vec<String>,
}

/// A user input that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidUser {
    pub username: Username,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub institution: Option<String>,
    pub position: Option<String>,
    pub territory_id: i64,
    pub roles: RoleSet,
}

impl UserInput {
    pub fn validate(&self) -> Result<ValidUser, FieldErrors> {
        let mut errors = FieldErrors::new();
        let username = errors.check(Username::parse(&self.username));
        let full_name = errors.check(parse_name("full_name", &self.full_name));
        let email = errors.check(parse_email("email", &self.email));
        let phone = errors.check(parse_phone("phone", &self.phone));
        let institution = errors.check(parse_optional_text("institution", &self.institution, 200));
        let position = errors.check(parse_optional_text("position", &self.position, 120));
        if self.territory_id <= 0 {
            errors.push("territory_id", "required");
        }
        let mut roles = RoleSet::empty();
        for code in &self.roles {
            match super::roles::Role::from_code(code) {
                Some(r) => roles.insert(r),
                None => errors.push("roles", "role_unknown"),
            }
        }
        if roles.is_empty() && errors.for_field("roles").is_none() {
            errors.push("roles", "roles_required");
        }
        match (username, full_name, email, phone, institution, position) {
            (Some(username), Some(full_name), Some(email), Some(phone), Some(institution), Some(position))
                if errors.is_empty() =>
            {
                Ok(ValidUser {
                    username,
                    full_name,
                    email,
                    phone,
                    institution,
                    position,
                    territory_id: self.territory_id,
                    roles,
                })
            }
            _ => Err(errors),
        }
    }
}

/// What a user may change on their own profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub language: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProfile {
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub language: Language,
}

impl ProfileInput {
    pub fn validate(&self) -> Result<ValidProfile, FieldErrors> {
        let mut errors = FieldErrors::new();
        let full_name = errors.check(parse_name("full_name", &self.full_name));
        let email = errors.check(parse_email("email", &self.email));
        let phone = errors.check(parse_phone("phone", &self.phone));
        let language = Language::from_code(&self.language);
        if language.is_none() {
            errors.push("language", "language_unknown");
        }
        match (full_name, email, phone, language) {
            (Some(full_name), Some(email), Some(phone), Some(language)) => {
                Ok(ValidProfile { full_name, email, phone, language })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        let cases = [
            ("ana.popa", Ok("ana.popa")),
            ("  Ana.Popa ", Ok("ana.popa")),
            ("ab", Err("username_too_short")),
            ("ana popa", Err("username_chars")),
            ("ană", Err("username_chars")),
            ("a_b-c.9", Ok("a_b-c.9")),
        ];
        for (raw, expected) in cases {
            let got = Username::parse(raw).map(|u| u.0).map_err(|e| e.code);
            assert_eq!(got.as_ref().map(String::as_str).map_err(String::as_str), expected, "{raw}");
        }
    }

    #[test]
    fn emails_and_phones() {
        assert_eq!(parse_email("e", "").unwrap(), None);
        assert!(parse_email("e", "ana@mail.md").unwrap().is_some());
        for bad in ["ana", "ana@", "@mail.md", "ana@mail", "a b@mail.md", "a@b@c.md", "a@.md"] {
            assert!(parse_email("e", bad).is_err(), "{bad}");
        }
        assert_eq!(parse_phone("p", "+373 69 123-456").unwrap().as_deref(), Some("+37369123456"));
        assert_eq!(parse_phone("p", "").unwrap(), None);
        for bad in ["12345", "+373 abc", "1234567890123456", "++37369"] {
            assert!(parse_phone("p", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn user_input_reports_every_bad_field() {
        let input = UserInput {
            username: "x".into(),
            full_name: " ".into(),
            email: "nope".into(),
            phone: "".into(),
            institution: "".into(),
            position: "".into(),
            territory_id: 0,
            roles: vec![],
        };
        let errors = input.validate().unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["username", "full_name", "email", "territory_id", "roles"]);
        let ok = UserInput {
            username: "ion.rusu".into(),
            full_name: "Ion Rusu".into(),
            email: "ion@example.md".into(),
            roles: vec!["social_worker".into(), "supervisor".into()],
            territory_id: 3,
            ..input
        }
        .validate()
        .unwrap();
        assert!(ok.roles.contains(super::super::Role::Supervisor));
    }

    #[test]
    fn the_language_cookie_wins_over_the_browser() {
        assert_eq!(Language::of_request(Some("a=1; vatra_lang=ru"), Some("ro")), Language::Ru);
        assert_eq!(Language::of_request(Some("vatra_lang=xx"), Some("ro")), Language::Ro);
        assert_eq!(Language::of_request(None, None), Language::En);
        assert_eq!(Language::from_cookie_header(&Language::Ro.cookie().replace("; Path", ";Path")), Some(Language::Ro));
    }

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(Language::from_accept_language("ro-MD,ro;q=0.9,en;q=0.8"), Language::Ro);
        assert_eq!(Language::from_accept_language("de-DE,ru;q=0.5,en;q=0.7"), Language::En);
        assert_eq!(Language::from_accept_language("ru"), Language::Ru);
        assert_eq!(Language::from_accept_language("fr"), Language::En);
        assert_eq!(Language::from_accept_language(""), Language::En);
    }
}
