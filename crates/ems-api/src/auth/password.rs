//! Passwords: the rules a new password must meet, and Argon2id hashing.
//!
//! The rules follow NIST SP 800-63B and OWASP ASVS: at least 8 characters and up to 128, any
//! characters (spaces and emoji included), no composition rules, and a list of common passwords
//! refused, as are the user's own name and the product's name.
//!
//! Hashes are Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), as PHC strings, with
//! a 128-bit salt from the system's random source. Hashing runs on the blocking pool, at most
//! [`PasswordHasher::CONCURRENT`] at once, so that a burst of logins does not starve the other
//! requests. (The memory of a finished hash is freed, but glibc keeps it resident in the
//! hashing thread's arena; see docs/BENCHMARKS.md.)

use super::secret::{RandomFailed, random_bytes};
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

/// The fewest characters of a password.
pub const MIN_CHARS: usize = 8;
/// The most characters of a password.
pub const MAX_CHARS: usize = 128;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common-passwords.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// Why a password was refused, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    /// Too short.
    #[error("a password needs at least {MIN_CHARS} characters")]
    TooShort,
    /// Too long.
    #[error("a password has at most {MAX_CHARS} characters")]
    TooLong,
    /// On the list of common passwords.
    #[error("this password is one of the most common passwords; choose another")]
    Common,
    /// The user's name, or the product's.
    #[error("a password must not be the user's name or the product's name")]
    Guessable,
}

/// Checks a new password for the user `name`.
pub fn check_new_password(password: &str, name: &str) -> Result<(), WeakPassword> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(WeakPassword::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(WeakPassword::TooLong);
    }
    let lower = password.to_lowercase();
    if COMMON.contains(lower.as_str()) {
        return Err(WeakPassword::Common);
    }
    let bare: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    let name: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    // The name with digits around it ("anna2024", "ems-1234") is as guessable as the name.
    let core = bare.trim_matches(|c: char| c.is_ascii_digit());
    if core == name || ["ems", "emsadmin", "energymanagement"].contains(&core) {
        return Err(WeakPassword::Guessable);
    }
    Ok(())
}

/// Why hashing failed.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// No salt could be drawn.
    #[error(transparent)]
    Random(#[from] RandomFailed),
    /// Argon2 refused (cannot happen with fixed parameters, but is not hidden).
    #[error("argon2: {0}")]
    Argon2(String),
    /// The blocking pool is gone (the server is stopping).
    #[error("the server is stopping")]
    Stopping,
}

/// Hashes and verifies passwords.
#[derive(Clone)]
pub struct PasswordHasher {
    argon2: Argon2<'static>,
    permits: Arc<Semaphore>,
    /// A hash of a random password, verified against when the user is unknown, so that an
    /// unknown name takes as long as a wrong password.
    decoy: Arc<String>,
    /// How many passwords were verified (exported as a metric: equal counts for unknown names
    /// and wrong passwords show that both cost one Argon2id run).
    verifications: Arc<std::sync::atomic::AtomicU64>,
}

impl PasswordHasher {
    /// How many hashes may run at once.
    pub const CONCURRENT: usize = 2;

    /// A hasher with OWASP's parameters.
    pub fn new() -> Result<PasswordHasher, HashError> {
        Self::with_params(Params::default())
    }

    /// A hasher with other parameters (tests use cheap ones).
    pub fn with_params(params: Params) -> Result<PasswordHasher, HashError> {
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let decoy_password = super::secret::new_secret("decoy")?;
        let decoy = hash_with(&argon2, &decoy_password)?;
        Ok(PasswordHasher {
            argon2,
            permits: Arc::new(Semaphore::new(Self::CONCURRENT)),
            decoy: Arc::new(decoy),
            verifications: Arc::default(),
        })
    }

    /// The PHC string of a password.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let argon2 = self.argon2.clone();
        let password = password.to_owned();
        self.run(move || hash_with(&argon2, &password)).await?
    }

    /// True when `password` matches the PHC string `hash`; with `None` (an unknown user) it
    /// spends the same time and answers false.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, HashError> {
        self.verifications
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let known = hash.is_some();
        let hash = hash.map_or_else(|| self.decoy.as_str().to_owned(), str::to_owned);
        let argon2 = self.argon2.clone();
        let password = password.to_owned();
        let matches = self
            .run(move || {
                argon2
                    .verify_password(password.as_bytes(), hash.as_str())
                    .is_ok()
            })
            .await?;
        Ok(known && matches)
    }

    /// How many passwords were verified since start.
    pub fn verifications(&self) -> u64 {
        self.verifications
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Stopping)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| HashError::Stopping)
    }
}

fn hash_with(argon2: &Argon2<'_>, password: &str) -> Result<String, HashError> {
    let salt = random_bytes::<16>()?;
    argon2
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError::Argon2(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> PasswordHasher {
        PasswordHasher::with_params(Params::new(64, 1, 1, None).unwrap()).unwrap()
    }

    #[test]
    fn short_long_and_common_passwords_are_refused_with_their_reason() {
        assert_eq!(
            check_new_password("1234567", "ann"),
            Err(WeakPassword::TooShort)
        );
        assert_eq!(
            check_new_password(&"x".repeat(MAX_CHARS + 1), "ann"),
            Err(WeakPassword::TooLong)
        );
        for common in [
            "password",
            "Password1",
            "12345678",
            "qwertyuiop",
            "iloveyou",
        ] {
            assert_eq!(
                check_new_password(common, "ann"),
                Err(WeakPassword::Common),
                "{common}"
            );
        }
        assert_eq!(
            check_new_password("Ottavio-Rinaldi", "ottavio.rinaldi"),
            Err(WeakPassword::Guessable)
        );
        assert_eq!(
            check_new_password("ems-1234", "ann"),
            Err(WeakPassword::Guessable)
        );
    }

    #[test]
    fn any_long_enough_uncommon_password_is_accepted_without_composition_rules() {
        for good in [
            "correct horse battery staple",
            "tre gatti sul tetto",
            "⚡ compteur général ⚡",
            &"z".repeat(64),
            &"y".repeat(MAX_CHARS),
        ] {
            assert_eq!(check_new_password(good, "ann"), Ok(()), "{good}");
        }
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hasher = cheap();
        let hash = hasher.hash("tre gatti sul tetto").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$"));
        assert!(
            hasher
                .verify("tre gatti sul tetto", Some(&hash))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("tre gatti sul tetti", Some(&hash))
                .await
                .unwrap()
        );
        assert!(!hasher.verify("tre gatti sul tetto", None).await.unwrap());
        assert_ne!(hasher.hash("tre gatti sul tetto").await.unwrap(), hash);
    }

    #[test]
    fn the_default_parameters_are_owasps() {
        let p = Params::default();
        assert_eq!((p.m_cost(), p.t_cost(), p.p_cost()), (19 * 1024, 2, 1));
    }
}
