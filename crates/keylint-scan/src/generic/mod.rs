//! Generic detection: secret-looking literals assigned to secret-looking names
//! (`apiSecret = '…'`, `password: "…"`, `Authorization: "Bearer …"`), aware of the file's syntax.
//!
//! The engine's keyword pass reports where the name words ([`KEYWORDS`]) occur; [`detect`] looks
//! around each of those spots only, so clean code costs one Aho-Corasick pass.

use std::ops::Range;

use keylint_core::{Language, Severity};

/// Metadata of a generic detection rule (no regex: the detector is code).
#[derive(Debug, Clone, Copy)]
pub struct GenericRule {
    /// Rule id.
    pub id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// Why it matters.
    pub description: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Lines that must be reported.
    pub examples: &'static [&'static str],
    /// Lines that must not be reported.
    pub negative_examples: &'static [&'static str],
}

/// The generic rules, in a fixed order (a [`Candidate`] refers to one by index).
pub const RULES: &[GenericRule] = &[GenericRule {
    id: "generic-secret",
    name: "Hardcoded secret",
    description: "A random-looking value is assigned to a name that says it is a key, secret, token or password; anyone who can read the source can use it.",
    severity: Severity::High,
    examples: &[
        "static const String liveKitApiSecret = 'Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri';",
    ],
    negative_examples: &[
        "static const String liveKitApiSecret = 'votre_nouveau_secret_api_livekit';",
    ],
}];

/// Name words (matched ASCII-case-insensitively by the engine's keyword pass) around which the
/// detector looks for an assignment.
pub const KEYWORDS: &[&str] = &["secret", "token", "passw", "apikey", "api_key", "api-key"];

/// One generic match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Index into [`RULES`].
    pub rule: usize,
    /// Byte range of the secret.
    pub secret: Range<usize>,
    /// Byte range of the whole assignment (name to end of value).
    pub whole: Range<usize>,
}

/// Looks for assignments around each keyword hit (`hits`: sorted byte offsets where a
/// [`KEYWORDS`] entry starts) and appends candidates to `out`.
pub fn detect(content: &[u8], language: Language, hits: &[usize], out: &mut Vec<Candidate>) {
    let _ = (content, language, hits, out);
}
