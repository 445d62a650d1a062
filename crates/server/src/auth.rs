//! Passwords and tokens. Passwords are kept as argon2id hashes; a token is 32 random bytes the
//! client keeps, of which the server keeps only a BLAKE3 digest, so neither a log nor a copy of
//! the database lets anyone sign in as someone else.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// The shortest password an account can have.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest (argon2 accepts more; nobody types more, and hashing is bounded).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Failed sign-ins for one name within [`FAILURE_WINDOW_MS`] before further tries are refused.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_MS: i64 = 60_000;

/// Refuses a password too short or too long to be one.
pub fn check_password(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!(
            "a password needs at least {MIN_PASSWORD_CHARS} characters"
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(format!(
            "a password can have at most {MAX_PASSWORD_CHARS} characters"
        ));
    }
    Ok(())
}

/// The argon2id hash of `password` (a PHC string, with its own random salt).
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| format!("cannot hash a password: {error}"))
}

/// Whether `password` matches `hash`. With no account (`hash` is `None`) the same work is done
/// on a fixed hash, so the time taken does not tell which names exist.
pub fn verify_password(password: &str, hash: Option<&str>) -> bool {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let decoy =
        DECOY.get_or_init(|| hash_password("no account has this password").unwrap_or_default());
    let Ok(parsed) = PasswordHash::new(hash.unwrap_or(decoy)) else {
        return false;
    };
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    matches && hash.is_some()
}

/// A new token: 64 hex digits from 32 bytes of the operating system-seeded CSPRNG.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What the server keeps of a token.
pub fn token_digest(token: &str) -> String {
    blake3::hash(token.as_bytes()).to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_nothing_else() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains("correct horse"));
        assert!(verify_password("correct horse battery", Some(&hash)));
        assert!(!verify_password("correct horse batterY", Some(&hash)));
        assert!(!verify_password("no account has this password", None));
        assert!(!verify_password("anything", Some("not a hash")));
    }

    #[test]
    fn tokens_are_long_random_and_kept_only_as_digests() {
        let (one, two) = (new_token(), new_token());
        assert_eq!(one.len(), 64);
        assert_ne!(one, two);
        assert_ne!(token_digest(&one), one);
        assert_eq!(token_digest(&one), token_digest(&one));
    }

    #[test]
    fn passwords_are_bounded() {
        assert!(check_password("short").is_err());
        assert!(check_password("long enough now").is_ok());
        assert!(check_password(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
    }
}
