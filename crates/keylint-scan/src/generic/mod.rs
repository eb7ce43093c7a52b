//! Generic detection: secret-looking literals assigned to secret-looking names
//! (`apiSecret = '…'`, `password: "…"`, `Authorization: "Bearer …"`), aware of the file's syntax.
//!
//! The engine's keyword pass reports where the name words ([`KEYWORDS`]) occur; [`detect`] looks
//! around each of those spots only, so clean code costs one Aho-Corasick pass. Per hit:
//!
//! 1. [`syntax`] takes the name around the hit, an assignment operator after it and the literal
//!    after that, in the forms the file's [`Language`] writes them (Dart/TS/JS/Python/Kotlin …
//!    assignments, named arguments and map entries; JSON keys; YAML mappings, compose lists and
//!    block scalars; `.env`/shell words; properties/INI; TOML; XML elements and attributes);
//! 2. [`name`] decides whether the name announces a secret, a password or an `Authorization`
//!    header (`keyCode`, `tokenizer`, `passwordField`, `authDomain` do not);
//! 3. [`value`] rejects references, paths, URLs, hashes, identifiers …, and asks
//!    [`crate::randomness`] whether the rest looks generated (character classes, length,
//!    repetition, share of dictionary [`words`]).
//!
//! ```
//! use keylint_core::Language;
//! use keylint_scan::generic::{detect, RULES};
//! let line = b"static const String liveKitApiSecret = 'Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri';"; // keylint:allow
//! let hit = 31; // where the engine found `secret`
//! let mut out = Vec::new();
//! detect(line, Language::Dart, &[hit], &mut out);
//! assert_eq!(RULES[out[0].rule].id, "generic-secret");
//! assert_eq!(&line[out[0].secret.clone()], b"Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri");
//! ```

use std::ops::Range;

use keylint_core::{Language, Severity};

pub mod name;
pub mod syntax;
pub mod value;
pub mod words;

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
}

/// Examples and negative examples of a generic rule, from `examples.toml` (data, kept out of
/// the code so the repository's self-scan can exclude it by config).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GenericExamples {
    /// Lines that must be reported (`path.ext: line` chooses the file type; Dart otherwise).
    pub examples: Vec<String>,
    /// Lines that must not be reported.
    pub negative_examples: Vec<String>,
}

/// The examples of generic rule `id` (empty for an unknown id).
pub fn examples(id: &str) -> GenericExamples {
    static ALL: std::sync::OnceLock<std::collections::HashMap<String, GenericExamples>> =
        std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        toml::from_str(include_str!("examples.toml")).expect("examples.toml is checked by tests")
    })
    .get(id)
    .cloned()
    .unwrap_or_default()
}

/// Index of `generic-secret` in [`RULES`].
pub const SECRET: usize = 0;
/// Index of `generic-password` in [`RULES`].
pub const PASSWORD: usize = 1;
/// Index of `generic-auth-header` in [`RULES`].
pub const AUTH_HEADER: usize = 2;
/// Index of `generic-uuid-secret` in [`RULES`].
pub const UUID: usize = 3;

/// The generic rules, in a fixed order (a [`Candidate`] refers to one by index).
///
/// Severities: a random value under a key/secret/token name is as dangerous as a provider key
/// (high). Passwords are medium: their bar is lower (8 characters), so more of them are local
/// development values (a compose file's database password), and a password alone rarely opens
/// anything without its host and user. A bare UUID under a secret name is low: some services
/// (Heroku, older APIs) use UUIDs as keys, but most UUIDs are identifiers.
pub const RULES: &[GenericRule] = &[
    GenericRule {
        id: "generic-secret",
        name: "Hardcoded secret",
        description: "A random-looking value is assigned to a name that says it is a key, secret, token or credential; anyone who can read the source can use it. Move it to the environment or a secret store and rotate it.",
        severity: Severity::High,
    },
    GenericRule {
        id: "generic-password",
        name: "Hardcoded password",
        description: "A password that is not a word or a test value is written in the file; anyone who can read it can log in where it is used. Move it to the environment or a secret store and change it.",
        severity: Severity::Medium,
    },
    GenericRule {
        id: "generic-auth-header",
        name: "Hardcoded Authorization header",
        description: "A request header carries a fixed bearer token or basic-auth credentials; anyone who can read the source can make those requests. Read the token from the environment at run time and rotate it.",
        severity: Severity::High,
    },
    GenericRule {
        id: "generic-uuid-secret",
        name: "UUID used as a secret",
        description: "A UUID is assigned to a name that says it is a key, token or secret. Some services (Heroku, many older APIs) issue UUID keys; most UUIDs are identifiers, hence the low severity. If it is a credential, move it out of the source and rotate it.",
        severity: Severity::Low,
    },
];

/// Name words (matched ASCII-case-insensitively by the engine's keyword pass) around which the
/// detector looks for an assignment. Short and cheap: `key` also finds `apiKey`, `API_KEY`,
/// `x-api-key`, `secretKey`; `pass` finds `password`, `passwd`, `passphrase`; `auth` finds
/// `Authorization`, `_auth`; `cred` finds `credentials`.
pub const KEYWORDS: &[&str] = &["key", "secret", "token", "pass", "pwd", "auth", "cred"];

/// The severity to report a candidate at: `generic-password` is medium by default (a local
/// dev password such as `Hq7!vR2#` rarely opens anything on its own), but a long random one
/// (16+ characters that `looks_like_key` and are not made of words) is a real credential and is
/// raised to high. A severity set in the config (different from the default) is kept.
pub fn adjusted_severity(rule: usize, secret: &str, configured: Severity) -> Severity {
    let random_enough = secret.chars().count() >= 16
        && crate::randomness::looks_like_key(secret)
        && words::word_share(secret) < 0.3;
    if rule == PASSWORD && configured == RULES[PASSWORD].severity && random_enough {
        configured.max(Severity::High)
    } else {
        configured
    }
}

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

/// Looks for assignments around each keyword hit (`hits`: byte offsets where a [`KEYWORDS`]
/// entry starts, normally sorted) and appends candidates to `out`.
///
/// Linear in the content: each hit looks at a bounded window, and hits inside a name or value
/// already looked at are skipped. Lock files (npm, yarn, pub, Cargo, Composer, `CocoaPods`,
/// Poetry) are recognised by their header and skipped: their hashes are not secrets.
pub fn detect(content: &[u8], language: Language, hits: &[usize], out: &mut Vec<Candidate>) {
    if hits.is_empty() || is_lock_file(content) {
        return;
    }
    let sorted: Vec<usize>;
    let hits = if hits.is_sorted() {
        hits
    } else {
        sorted = {
            let mut v = hits.to_vec();
            v.sort_unstable();
            v
        };
        &sorted
    };
    let mut cursor = 0;
    for &hit in hits {
        if hit < cursor || hit >= content.len() {
            continue;
        }
        let (found, resume) = syntax::at(content, language, hit);
        cursor = resume.max(hit + 1);
        let Some(assignment) = found else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&content[assignment.value.clone()]) else {
            continue;
        };
        if let Some((rule, range)) = value::judge(text, assignment.kind) {
            let base = assignment.value.start;
            out.push(Candidate {
                rule,
                secret: base + range.start..base + range.end,
                whole: assignment.name.start..assignment.value.end,
            });
        }
    }
}

/// Lock files announce themselves in their first bytes.
fn is_lock_file(content: &[u8]) -> bool {
    const MARKERS: &[&[u8]] = &[
        b"\"lockfileVersion\"",
        b"yarn lockfile",
        b"__metadata:",
        b"Generated by pub",
        b"@generated by Cargo",
        b"@generated by Poetry",
        b"This file locks the dependencies",
        b"lockfileVersion:",
    ];
    let head = &content[..content.len().min(512)];
    head.starts_with(b"PODS:")
        || MARKERS
            .iter()
            .any(|m| memchr::memmem::find(head, m).is_some())
}
