//! What `keylint keys` reports: problems, each with every place involved.

use std::fmt::Write as _;
use std::ops::Range;

use keylint_core::{Diagnostic, Severity};

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
        "config-syntax",
        Severity::High,
        "a compose or LiveKit file its program refuses (invalid YAML, a mapping in an `environment:` list)",
    ),
    (
        "no-livekit-key",
        Severity::High,
        "a LiveKit server config with neither `keys:` nor `key_file:`, and no key given otherwise",
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

/// Prefix of the code of a problem seen as a lint diagnostic (`keys/mismatch`).
pub const DIAGNOSTIC_PREFIX: &str = "keys/";

/// The default severity and summary of a code (bare, `mismatch`, or prefixed, `keys/mismatch`).
pub fn code_info(code: &str) -> Option<(&'static str, Severity, &'static str)> {
    let bare = code.strip_prefix(DIAGNOSTIC_PREFIX).unwrap_or(code);
    CODES.iter().find(|(c, _, _)| *c == bare).copied()
}

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

impl Problem {
    /// The problem as a lint diagnostic, for reports that show one place per problem
    /// (`keylint scan`, `keylint env` and their formats): code `keys/<code>`, the first place as
    /// the snippet, and every place (path, line, column, masked value, what it is in the
    /// problem) listed in the message, so no format loses them.
    ///
    /// ```
    /// use keylint_keys::{Problem, Site};
    /// let site = |path: &str, label: &str| Site {
    ///     path: path.into(), line: 3, column: 20, kind: "dotenv", name: "JWT_SECRET".into(),
    ///     masked: Some("Zq8L…o8Ri".into()), label: label.into(),
    ///     snippet: "JWT_SECRET=Zq8L…o8Ri".into(), snippet_span: 11..22,
    /// };
    /// let p = Problem {
    ///     code: "mismatch", severity: keylint_core::Severity::High, subject: "JWT_SECRET".into(),
    ///     message: "`JWT_SECRET` has 2 different values in 2 places".into(), help: None,
    ///     sites: vec![site("api/.env", "value A"), site("web/.env", "value B: …")],
    /// };
    /// let d = p.to_diagnostic();
    /// assert_eq!(d.code, "keys/mismatch");
    /// assert_eq!((d.path.as_str(), d.line, d.column, d.end_column), ("api/.env", 3, 20, 28));
    /// assert!(d.message.ends_with("\n- web/.env:3:20 `JWT_SECRET` (dotenv) = Zq8L…o8Ri: value B: …"));
    /// ```
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut message = self.message.clone();
        if self.sites.len() > 1 {
            for s in self.sites.iter().take(SITES_IN_MESSAGE) {
                let value = s
                    .masked
                    .as_ref()
                    .map(|m| format!(" = {m}"))
                    .unwrap_or_default();
                let _ = write!(
                    message,
                    "\n- {}:{}:{} `{}` ({}){value}: {}",
                    s.path, s.line, s.column, s.name, s.kind, s.label
                );
            }
        }
        if self.sites.len() > SITES_IN_MESSAGE {
            let _ = write!(
                message,
                "\n- … and {} more places (`keylint keys` lists them all)",
                self.sites.len() - SITES_IN_MESSAGE
            );
        }
        let first = self.sites.first();
        let (snippet, snippet_span) = first.map_or((String::new(), 0..0), |s| {
            (s.snippet.clone(), s.snippet_span.clone())
        });
        let column = first.map_or(1, |s| s.column.max(1));
        let width = snippet
            .get(snippet_span.clone())
            .map_or(0, |t| t.chars().count());
        Diagnostic {
            source: None,
            code: format!("{DIAGNOSTIC_PREFIX}{}", self.code),
            severity: self.severity,
            message,
            help: self.help.clone(),
            path: first.map(|s| s.path.clone()).unwrap_or_default(),
            line: first.map_or(1, |s| s.line.max(1)),
            column,
            end_column: column + u32::try_from(width.saturating_sub(1)).unwrap_or(0),
            snippet,
            snippet_span,
            fix: None,
        }
    }
}

/// Places a diagnostic's message lists; the rest are counted (the full list is `keylint keys`).
const SITES_IN_MESSAGE: usize = 8;

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
