use std::fmt::{self, Write as _};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A content-based identity of a finding: rule id + hash of the secret + path.
///
/// Never line-based: a baseline entry survives edits, line moves, rebases and squashes, and a
/// *different* secret on an already-known line gets a different fingerprint. The secret itself is
/// only present as a truncated SHA-256, so a fingerprint is safe to commit.
///
/// Rendered as `<rule-id>:<path>:<16 hex digits>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// Computes the fingerprint of `secret` found by `rule_id` in `path`.
    pub fn new(rule_id: &str, secret: &str, path: &str) -> Self {
        Fingerprint(format!("{rule_id}:{path}:{}", secret_hash(secret)))
    }

    /// The fingerprint as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path it was computed with (the key path, from the repository root), when it is
    /// `rule_id`'s: a fingerprint read back from a report tells where the finding is.
    pub fn path(&self, rule_id: &str) -> Option<&str> {
        let rest = self.0.strip_prefix(rule_id)?.strip_prefix(':')?;
        Some(rest.rsplit_once(':')?.0)
    }

    /// Whether `secret` is the secret it was computed from (its hash is this one's): a report
    /// read back tells a secret written in full from a masked one.
    pub fn is_of(&self, secret: &str) -> bool {
        self.0
            .rsplit_once(':')
            .is_some_and(|(_, hash)| hash == secret_hash(secret))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// First 16 hex digits of the SHA-256 of `secret`: enough to tell secrets apart, too short to
/// serve as a verifier for a long random key.
pub fn secret_hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest[..8]
        .iter()
        .fold(String::with_capacity(16), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depends_on_rule_secret_and_path_only() {
        let base = Fingerprint::new("r", "s3cr3t", "a/b.env");
        assert_eq!(base.as_str().len(), "r:a/b.env:".len() + 16);
        assert_ne!(base, Fingerprint::new("r2", "s3cr3t", "a/b.env"));
        assert_ne!(base, Fingerprint::new("r", "s3cr3T", "a/b.env"));
        assert_ne!(base, Fingerprint::new("r", "s3cr3t", "a/c.env"));
        assert!(!base.as_str().contains("s3cr3t"));
        assert_eq!(base.path("r"), Some("a/b.env"));
        assert_eq!(base.path("r2"), None);
        assert!(base.is_of("s3cr3t") && !base.is_of("s3…3t"));
    }
}
