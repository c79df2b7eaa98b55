//! Passwords: the rules a new password must meet, and Argon2id hashing.
//!
//! The rules follow NIST SP 800-63B and OWASP ASVS: at least 8 characters and up to 128, any
//! characters (spaces and emoji included), no composition rules, and a list of common passwords
//! refused, as are the user's own name and the product's name.
//!
//! Hashes are Argon2id PHC strings with a 128-bit salt from the system's random source, made
//! with one of OWASP's equivalent parameter sets: 7 MiB, 5 passes, 1 lane (as strong against
//! guessing as 19 MiB with 2 passes, for a little more than a third of the memory). Every hash
//! and verification runs on one dedicated thread, so that a burst of logins queues instead of
//! starving the other requests and at most one Argon2 memory exists at a time. That memory is
//! mapped for each run and given back to the system after it ([`working_memory`]): the
//! daemon's resident memory does not grow with logins. A hash stored with other parameters
//! still verifies with its own.

use super::secret::{RandomFailed, random_bytes};
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{ARGON2ID_IDENT, Algorithm, Argon2, Block, Params, Version};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use tokio::sync::{mpsc, oneshot};

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
    /// Argon2 refused (cannot happen with valid parameters, but is not hidden).
    #[error("argon2: {0}")]
    Argon2(String),
    /// The hashing thread could not start.
    #[error("cannot start the password hashing thread: {0}")]
    Thread(std::io::Error),
    /// The hashing thread is gone (the server is stopping).
    #[error("the server is stopping")]
    Stopping,
}

/// OWASP's 7 MiB, 5 passes, 1 lane.
pub fn owasp_params() -> Params {
    #[allow(clippy::expect_used)]
    Params::new(7 * 1024, 5, 1, None).expect("valid Argon2 parameters")
}

/// Hashes and verifies passwords on one dedicated thread (cloning shares that thread).
#[derive(Clone)]
pub struct PasswordHasher {
    jobs: mpsc::Sender<Job>,
    /// How many passwords were verified (exported as a metric: equal counts for unknown names
    /// and wrong passwords show that both cost one Argon2id run).
    verifications: Arc<AtomicU64>,
}

/// How many requests may wait for the hashing thread before the next one waits to queue.
const QUEUE: usize = 64;

enum Job {
    Hash {
        password: String,
        reply: oneshot::Sender<Result<String, HashError>>,
    },
    Verify {
        password: String,
        hash: Option<String>,
        reply: oneshot::Sender<bool>,
    },
}

impl PasswordHasher {
    /// A hasher with [`owasp_params`].
    pub fn new() -> Result<PasswordHasher, HashError> {
        Self::with_params(owasp_params())
    }

    /// A hasher with other parameters (tests use cheap ones). The decoy hash is made here.
    pub fn with_params(params: Params) -> Result<PasswordHasher, HashError> {
        let thread = HashingThread { params };
        let decoy_password = super::secret::new_secret("decoy")?;
        let decoy = thread.hash(&decoy_password)?;
        let (jobs, queue) = mpsc::channel(QUEUE);
        std::thread::Builder::new()
            .name("ems-password".into())
            .spawn(move || thread.serve(queue, &decoy))
            .map_err(HashError::Thread)?;
        Ok(PasswordHasher {
            jobs,
            verifications: Arc::default(),
        })
    }

    /// The PHC string of a password.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Hash {
            password: password.to_owned(),
            reply,
        })
        .await?;
        answer.await.map_err(|_| HashError::Stopping)?
    }

    /// True when `password` matches the PHC string `hash`; with `None` (an unknown user) it
    /// spends the same work on a decoy hash and answers false.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, HashError> {
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let (reply, answer) = oneshot::channel();
        self.send(Job::Verify {
            password: password.to_owned(),
            hash: hash.map(str::to_owned),
            reply,
        })
        .await?;
        answer.await.map_err(|_| HashError::Stopping)
    }

    /// How many passwords were verified since start.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    async fn send(&self, job: Job) -> Result<(), HashError> {
        self.jobs.send(job).await.map_err(|_| HashError::Stopping)
    }
}

/// The hashing thread's state: the parameters of new hashes.
struct HashingThread {
    params: Params,
}

impl HashingThread {
    fn serve(self, mut queue: mpsc::Receiver<Job>, decoy: &str) {
        while let Some(job) = queue.blocking_recv() {
            match job {
                Job::Hash { password, reply } => {
                    let _ = reply.send(self.hash(&password));
                }
                Job::Verify {
                    password,
                    hash,
                    reply,
                } => {
                    let known = hash.is_some();
                    let matches = self.verify(&password, hash.as_deref().unwrap_or(decoy));
                    let _ = reply.send(known && matches);
                }
            }
        }
    }

    fn hash(&self, password: &str) -> Result<String, HashError> {
        let salt = random_bytes::<16>()?;
        let mut output = [0u8; Params::DEFAULT_OUTPUT_LEN];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
            .hash_password_into_with_memory(
                password.as_bytes(),
                &salt,
                &mut output,
                working_memory(self.params.block_count()),
            )
            .map_err(argon2_error)?;
        let phc = PasswordHash {
            algorithm: ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&self.params).map_err(argon2_error)?,
            salt: Some(Salt::new(&salt).map_err(argon2_error)?),
            hash: Some(Output::new(&output).map_err(argon2_error)?),
        };
        Ok(phc.to_string())
    }

    /// True when `password` matches the PHC string `phc`; false for a string that is not an
    /// Argon2id hash.
    fn verify(&self, password: &str, phc: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return false;
        };
        let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
            return false;
        };
        let (Ok(params), Ok(version)) = (
            Params::try_from(&parsed),
            Version::try_from(parsed.version.unwrap_or(Version::V0x13.into())),
        ) else {
            return false;
        };
        if parsed.algorithm != ARGON2ID_IDENT {
            return false;
        }
        let mut output = vec![0u8; expected.len()];
        let memory = working_memory(params.block_count());
        let derived = Argon2::new(Algorithm::Argon2id, version, params)
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt.as_ref(),
                &mut output,
                memory,
            );
        derived.is_ok() && Output::new(&output).is_ok_and(|computed| computed == *expected)
    }
}

/// Argon2's memory for one run of `blocks` blocks. Its capacity is reserved beyond glibc's
/// largest dynamic mmap threshold (32 MiB), so that the allocator maps it afresh and unmaps it
/// when it is dropped, instead of keeping it in a heap for reuse; only the blocks the
/// parameters use are touched, so only those become resident.
fn working_memory(blocks: usize) -> Vec<Block> {
    /// 33 MiB of 1 KiB blocks.
    const ALWAYS_MAPPED: usize = 33 * 1024;
    let mut memory = Vec::with_capacity(blocks.max(ALWAYS_MAPPED));
    memory.resize(blocks, Block::new());
    memory
}

fn argon2_error(e: impl std::fmt::Display) -> HashError {
    HashError::Argon2(e.to_string())
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
    fn the_parameters_are_one_of_owasps_sets() {
        let p = owasp_params();
        assert_eq!((p.m_cost(), p.t_cost(), p.p_cost()), (7 * 1024, 5, 1));
    }

    #[tokio::test]
    async fn hashes_are_standard_phc_strings_that_the_reference_verifier_accepts() {
        let hasher = cheap();
        let hash = hasher.hash("tre gatti sul tetto").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{hash}");
        let reference = Argon2::default();
        assert!(
            argon2::PasswordVerifier::verify_password(
                &reference,
                b"tre gatti sul tetto",
                hash.as_str()
            )
            .is_ok()
        );
    }

    #[tokio::test]
    async fn a_hash_made_with_larger_parameters_still_verifies() {
        let larger = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 2, 1, None).unwrap(),
        );
        let hash = argon2::PasswordHasher::hash_password_with_salt(
            &larger,
            b"tre gatti sul tetto",
            b"0123456789abcdef",
        )
        .unwrap()
        .to_string();
        let hasher = cheap();
        assert!(
            hasher
                .verify("tre gatti sul tetto", Some(&hash))
                .await
                .unwrap()
        );
        assert!(!hasher.verify("tre gatti", Some(&hash)).await.unwrap());
        assert!(
            !hasher
                .verify(
                    "tre gatti",
                    Some(
                        "$argon2i$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$AAAAAAAAAAAAAAAAAAAAAA"
                    )
                )
                .await
                .unwrap()
        );
    }
}
