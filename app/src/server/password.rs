//! Password hashing with argon2id (OWASP: m = 19 MiB, t = 2, p = 1) on a
//! bounded blocking pool, so a flood of sign-ins cannot starve other requests.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes and verifies passwords, at most `workers` at a time.
#[derive(Clone, Debug)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

impl Hasher {
    pub fn new(workers: usize) -> Self {
        Hasher { permits: Arc::new(Semaphore::new(workers.max(1))) }
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> T {
        let _permit = self.permits.acquire().await.expect("the semaphore is never closed");
        tokio::task::spawn_blocking(f).await.expect("hashing does not panic")
    }

    /// A PHC string for `password`.
    pub async fn hash(&self, password: String) -> String {
        self.run(move || hash_now(&password)).await
    }

    /// Checks `password` against a stored PHC string. When there is no stored
    /// hash (unknown user), it checks against a fixed one, so that both cases
    /// take the same time.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        self.run(move || {
            let known = stored.is_some();
            let phc = stored.unwrap_or_else(|| dummy_hash().to_owned());
            let ok = PasswordHash::new(&phc)
                .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
                .unwrap_or(false);
            ok && known
        })
        .await
    }
}

/// Hashes synchronously (for start-up tasks and the command line).
/// A temporary password an administrator gives a user: 16 letters and digits from an alphabet
/// without look-alikes, in four groups (about 79 bits).
pub fn temporary_password() -> String {
    use argon2::password_hash::rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

pub fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password.as_bytes(), &salt).expect("argon2 hashing succeeds").to_string()
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now("an unknown user never has this password"))
}

/// The server's extra strength rule: beyond the shared rules in
/// [`crate::domain::password`], refuse what a password dictionary guesses
/// easily (zxcvbn score below 3), taking the user's own names into account.
pub fn strong_enough(password: &str, user_inputs: &[&str]) -> bool {
    zxcvbn::zxcvbn(password, user_inputs).score() >= zxcvbn::Score::Three
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_are_strong_and_differ() {
        let a = temporary_password();
        assert_eq!((a.len(), a.matches('-').count()), (19, 3), "{a}");
        assert!(crate::domain::password::check_password("password", &a, "ana.rusu").is_ok());
        assert!(strong_enough(&a, &["ana.rusu", "Ana Rusu"]));
        assert_ne!(a, temporary_password());
    }

    #[tokio::test]
    async fn hash_then_verify() {
        let h = Hasher::new(1);
        let phc = h.hash("correct horse battery".into()).await;
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(h.verify("correct horse battery".into(), Some(phc.clone())).await);
        assert!(!h.verify("correct horse battery!".into(), Some(phc)).await);
        assert!(!h.verify("an unknown user never has this password".into(), None).await);
    }

    #[test]
    fn the_dictionary_rule() {
        assert!(!strong_enough("password12345", &[]));
        assert!(!strong_enough("ion.popescu2024", &["ion.popescu"]));
        assert!(strong_enough("tractor-vine-ember-42", &["ion.popescu"]));
    }
}
