//! What `keylint keys` reports: problems, each with every place involved.

use std::ops::Range;

use keylint_core::Severity;

use crate::model::Note;

/// The kinds of problem, with their default severity and a one-line summary (`--help`-style).
pub const CODES: &[(&str, Severity, &str)] = &[
    (
        "mismatch",
        Severity::High,
        "the same credential has different values in different places",
    ),
    (
        "unknown-livekit-key",
        Severity::High,
        "a client uses a LiveKit API key the server does not have",
    ),
    (
        "livekit-keys-syntax",
        Severity::High,
        "a `LIVEKIT_KEYS` entry the server cannot read (no space after the colon)",
    ),
    (
        "missing",
        Severity::High,
        "a referenced variable or file that nothing defines",
    ),
    (
        "client-copy",
        Severity::High,
        "a server secret copied into client code (Dart, browser JS)",
    ),
    (
        "short-secret",
        Severity::Medium,
        "a server secret shorter than 32 characters",
    ),
    (
        "duplicated-secret",
        Severity::Low,
        "one secret written in three files or more: a rotation hazard",
    ),
    (
        "overridden",
        Severity::Low,
        "several definitions apply at runtime with different values: which one wins",
    ),
];

/// One place involved in a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Path as shown (relative, `/` separators).
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// What kind of definition (`dotenv`, `compose`, `livekit-config` …), or `reference`,
    /// `env-file`, `key-file`.
    pub kind: &'static str,
    /// The name as written there.
    pub name: String,
    /// The value, masked, if the site defines one.
    pub masked: Option<String>,
    /// What this site is in the problem (`value A`, `differs from A: …`, `wins` …).
    pub label: String,
    /// The source line with every value masked.
    pub snippet: String,
    /// Byte range of the site inside `snippet`.
    pub snippet_span: Range<usize>,
}

/// A problem found across files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// One of [`CODES`].
    pub code: &'static str,
    /// How bad.
    pub severity: Severity,
    /// What it is about: a variable name, or `LiveKit key devkey`.
    pub subject: String,
    /// What is wrong (no value in it, masked or not).
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    /// Every place involved, the reference first.
    pub sites: Vec<Site>,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Problems, worst first.
    pub problems: Vec<Problem>,
    /// Files partly or not read, and why (not failures).
    pub notes: Vec<Note>,
    /// Files that could not be read at all.
    pub errors: Vec<Note>,
    /// Number of files read.
    pub files_read: usize,
    /// Number of credential definitions found.
    pub definitions: usize,
    /// Number of groups of definitions compared.
    pub groups: usize,
}

impl Report {
    /// Problems at or above `severity`.
    pub fn failing(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity >= severity)
            .count()
    }
}
