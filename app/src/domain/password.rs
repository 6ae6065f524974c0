//! Password rules: at least 12 characters, not a well-known password, not the
//! user name. Runs in the browser for instant feedback and again on the
//! server, which adds a dictionary-based strength check it alone can afford.

use super::error::FieldError;

pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 128;

/// Well-known passwords long enough to pass the length rule. The server also
/// rejects anything a full password dictionary finds easy to guess.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123123123123",
    "111111111111",
    "000000000000",
    "123412341234",
    "password1234",
    "password12345",
    "password123!",
    "passwordpassword",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwertyuiopasdf",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "qazwsxedcrfv",
    "asdfghjkl123",
    "iloveyou1234",
    "administrator",
    "letmein12345",
    "welcome12345",
    "changeme1234",
    "abcdefghijkl",
    "abc123abc123",
    "parola123456",
    "parolaparola",
    "moldova12345",
    "chisinau1234",
    "qwerty123456",
    "zaq12wsxcde3",
    "football1234",
    "baseball1234",
    "superman1234",
    "trustno1trustno1",
];

/// Checks a new password against the rules. `username` is the account's own
/// user name, which the password may not contain.
pub fn check_password(field: &str, password: &str, username: &str) -> Result<(), FieldError> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(FieldError::new(field, "password_too_short"));
    }
    if len > MAX_LEN {
        return Err(FieldError::new(field, "password_too_long"));
    }
    let lower = password.to_lowercase();
    let user = username.trim().to_lowercase();
    if !user.is_empty() && lower.contains(&user) {
        return Err(FieldError::new(field, "password_contains_username"));
    }
    if COMMON.contains(&lower.as_str()) || is_one_repeated_char(&lower) {
        return Err(FieldError::new(field, "password_too_common"));
    }
    Ok(())
}

fn is_one_repeated_char(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_in_a_table() {
        let cases = [
            ("short1!", "ana", Some("password_too_short")),
            ("elevenchars", "ana", Some("password_too_short")),
            ("twelve chars", "ana", None),
            ("Password1234", "ana", Some("password_too_common")),
            ("PAROLA123456", "ana", Some("password_too_common")),
            ("aaaaaaaaaaaaaaaa", "ana", Some("password_too_common")),
            ("my-name-is-ion.popescu!", "ion.popescu", Some("password_contains_username")),
            ("ION.POPESCU-is-me", "ion.popescu", Some("password_contains_username")),
            ("correct horse battery", "ion.popescu", None),
            ("ăîșțâ ăîșțâ ăî", "ana", None),
        ];
        for (password, user, expected) in cases {
            let got = check_password("password", password, user).err().map(|e| e.code);
            assert_eq!(got.as_deref(), expected, "{password:?}");
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 11 two-byte characters are 22 bytes but still too short.
        assert!(check_password("p", "ășășășășășă", "x").is_err());
        assert!(check_password("p", &"x".repeat(MAX_LEN + 1), "u").is_err());
    }
}
