//! Random secrets (session cookies, API tokens, setup codes) and their digests.
//!
//! Secrets are 256 bits from the system's random source (through aws-lc-rs, the one crypto
//! provider of ems). The store keeps only their SHA-256: a secret has enough entropy that a fast
//! digest is safe, and looking one up is a single indexed read on every request.

use aws_lc_rs::{constant_time, digest, rand};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The SHA-256 of a secret, as stored.
pub use ems_store::account::SecretHash;

/// Why a secret could not be made.
#[derive(Debug, thiserror::Error)]
#[error("the system's random source failed")]
pub struct RandomFailed;

/// `n` random bytes.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], RandomFailed> {
    let mut bytes = [0u8; N];
    rand::fill(&mut bytes).map_err(|_| RandomFailed)?;
    Ok(bytes)
}

/// A new secret of 256 bits, base64url without padding (43 characters), with a prefix that
/// says what it is (`ems_session_`, `ems_token_`), so that a leaked one is recognisable.
pub fn new_secret(prefix: &str) -> Result<String, RandomFailed> {
    Ok(format!(
        "{prefix}{}",
        URL_SAFE_NO_PAD.encode(random_bytes::<32>()?)
    ))
}

/// The SHA-256 of a secret.
pub fn hash_secret(secret: &str) -> SecretHash {
    let digest = digest::digest(&digest::SHA256, secret.as_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// The CSRF token of a session: derived from the session secret, so that it needs no storage,
/// and different from it, so that a token seen in a page does not reveal the cookie.
pub fn csrf_token(session_secret: &str) -> String {
    let digest = digest::digest(
        &digest::SHA256,
        format!("ems-csrf\0{session_secret}").as_bytes(),
    );
    URL_SAFE_NO_PAD.encode(digest.as_ref())
}

/// Compares two byte strings in time that does not depend on where they differ.
pub fn equal(a: &[u8], b: &[u8]) -> bool {
    constant_time::verify_slices_are_equal(a, b).is_ok()
}

/// The alphabet of setup codes: no 0/O, 1/I/L, so that a code read off a console is typed
/// right.
const SETUP_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A new setup code: 15 characters from a 31-letter alphabet (74 bits), grouped by five with
/// dashes (`K7QM2-…`). Never derived from anything about the machine.
pub fn new_setup_code() -> Result<String, RandomFailed> {
    let mut code = String::with_capacity(17);
    let mut chosen = 0;
    while chosen < 15 {
        for byte in random_bytes::<32>()? {
            // Rejection sampling keeps every letter equally likely.
            let limit = 256 - 256 % SETUP_ALPHABET.len();
            if usize::from(byte) >= limit || chosen == 15 {
                continue;
            }
            if chosen > 0 && chosen % 5 == 0 {
                code.push('-');
            }
            code.push(char::from(
                SETUP_ALPHABET[usize::from(byte) % SETUP_ALPHABET.len()],
            ));
            chosen += 1;
        }
    }
    Ok(code)
}

/// A setup code as typed, made canonical: upper case, without spaces or dashes, so that
/// `k7qm2 abcde …` matches.
pub fn normalize_setup_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_distinct_and_prefixed() {
        let a = new_secret("ems_token_").unwrap();
        let b = new_secret("ems_token_").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("ems_token_"));
        assert_eq!(a.len(), "ems_token_".len() + 43);
        assert_ne!(hash_secret(&a), hash_secret(&b));
    }

    #[test]
    fn the_csrf_token_differs_from_the_session_secret_and_is_stable() {
        let s = new_secret("ems_session_").unwrap();
        assert_eq!(csrf_token(&s), csrf_token(&s));
        assert!(!csrf_token(&s).contains(&s));
    }

    #[test]
    fn setup_codes_use_the_unambiguous_alphabet_and_normalize() {
        let code = new_setup_code().unwrap();
        assert_eq!(code.len(), 17);
        assert_eq!(code.matches('-').count(), 2);
        let canonical = normalize_setup_code(&code);
        assert_eq!(canonical.len(), 15);
        assert!(canonical.bytes().all(|b| SETUP_ALPHABET.contains(&b)));
        assert_eq!(
            normalize_setup_code(&format!(" {} ", code.to_lowercase().replace('-', " "))),
            canonical
        );
        assert_ne!(new_setup_code().unwrap(), code);
    }

    #[test]
    fn equal_compares_contents() {
        assert!(equal(b"abc", b"abc"));
        assert!(!equal(b"abc", b"abd"));
        assert!(!equal(b"abc", b"ab"));
    }
}
