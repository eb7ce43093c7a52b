//! What a check sees: the parsed file, the settings, what is known about the file (git, its
//! `.env.example` counterpart), and a builder for masked diagnostics.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use keylint_core::{Diagnostic, Severity, mask};

use crate::checks::{self, Check};
use crate::keys;
use crate::parser::{Entry, EnvFile, Line, LineKind};

/// Linter settings, resolved from defaults, `[env]` and flags.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Codes of the checks that run.
    pub enabled: HashSet<&'static str>,
    /// Severity overrides by code.
    pub severity: HashMap<String, Severity>,
    /// Minimum secret length.
    pub min_secret_length: usize,
    /// Key patterns of secrets (`*` wildcard).
    pub secret_keys: Vec<String>,
    /// Key prefixes shipped to clients.
    pub public_prefixes: Vec<String>,
    /// Whether diagnostics carry their masked source line (`snippet`): off when the output does
    /// not show it (one line per problem), which saves building one per diagnostic.
    pub snippets: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: checks::CHECKS
                .iter()
                .filter(|c| c.default_enabled)
                .map(|c| c.code)
                .collect(),
            severity: HashMap::new(),
            min_secret_length: 32,
            secret_keys: keys::DEFAULT_SECRET_KEYS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            public_prefixes: keys::DEFAULT_PUBLIC_PREFIXES
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            snippets: true,
        }
    }
}

impl Settings {
    /// Whether `check` runs.
    pub fn is_enabled(&self, check: &Check) -> bool {
        self.enabled.contains(check.code)
    }

    /// Whether `key` names a secret.
    pub fn is_secret_key(&self, key: &str) -> bool {
        keys::is_secret_key(key, &self.secret_keys)
    }
}

/// What git says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GitState {
    /// `git ls-files` lists it.
    pub tracked: bool,
    /// `git check-ignore` matches it.
    pub ignored: bool,
}

/// The other side of a `.env` / `.env.example` pair.
#[derive(Debug, Clone)]
pub struct Counterpart {
    /// Its path, for messages.
    pub path: String,
    /// Its keys.
    pub keys: Vec<String>,
}

/// What is known about one file besides its content.
#[derive(Debug, Clone, Default)]
pub struct FileContext {
    /// Path for messages, relative to the lint root, `/` separators.
    pub path: String,
    /// Git state, when the file is in a work tree.
    pub git: Option<GitState>,
    /// For a `.env`: its `.env.example`; for an example: its `.env`.
    pub counterpart: Option<Counterpart>,
    /// Prefixes every key must start with (empty: no policy).
    pub required_prefixes: Vec<String>,
}

impl FileContext {
    /// A context that knows only the path.
    pub fn new(path: impl Into<String>) -> FileContext {
        FileContext {
            path: path.into(),
            ..FileContext::default()
        }
    }

    /// The file name (last path component).
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// Whether this is a template meant to be committed (`.env.example`, `.env.sample` …).
    pub fn is_example(&self) -> bool {
        keys::is_example_name(self.file_name())
    }
}

/// The view a check gets.
pub struct Ctx<'a> {
    /// The parsed file.
    pub file: &'a EnvFile,
    /// Path for messages.
    pub path: &'a str,
    /// Settings.
    pub settings: &'a Settings,
    /// What is known about the file.
    pub file_ctx: &'a FileContext,
    /// Line of the first invalid UTF-8 byte, if any.
    pub utf8_error: Option<u32>,
    /// What is hidden in snippets and messages ([`hidden_spans`]), computed on first use.
    pub(crate) hidden: std::cell::OnceCell<Vec<Range<usize>>>,
}

impl Ctx<'_> {
    /// Every entry.
    pub fn entries(&self) -> impl Iterator<Item = (&Line, &Entry)> {
        self.file.entries()
    }

    /// Text of a range.
    pub fn s(&self, r: &Range<usize>) -> &str {
        self.file.slice(r)
    }

    /// A diagnostic of `check` at byte `range` of the file, with `message` (already masked).
    pub fn diag(
        &self,
        check: &Check,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let text = &self.file.text;
        let mut start = range.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut range_end = range.end.min(text.len());
        while !text.is_char_boundary(range_end) {
            range_end += 1;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_end = if line_end > line_start && text.as_bytes()[line_end - 1] == b'\r' {
            line_end - 1
        } else {
            line_end
        };
        let first_line = self.line_index(line_start);
        let line_no = self.file.lines.get(first_line).map_or_else(
            || 1 + text[..line_start].bytes().filter(|&b| b == b'\n').count() as u32,
            |l| {
                let inside = &text[l.range.start.min(line_start)..line_start];
                l.number + inside.bytes().filter(|&b| b == b'\n').count() as u32
            },
        );
        let column = 1 + text[line_start..start].chars().count() as u32;
        let end = range_end.clamp(start, line_end.max(start));
        let end_column = column + text[start..end].chars().count().saturating_sub(1) as u32;
        let (snippet, span) = if self.settings.snippets {
            self.masked_line(line_start..line_end, start..end)
        } else {
            (String::new(), 0..0)
        };
        Diagnostic {
            source: None,
            code: check.code.to_owned(),
            severity: check.severity,
            message: message.into(),
            help: None,
            path: self.path.to_owned(),
            line: line_no,
            column,
            end_column,
            snippet,
            snippet_span: span,
            fix: None,
        }
    }

    /// What is hidden in snippets and messages: [`hidden_spans`] of the file.
    pub(crate) fn hidden(&self) -> &[Range<usize>] {
        self.hidden.get_or_init(|| hidden_spans(self.file))
    }

    /// Index of the (logical) line holding byte `offset`: lines are sorted and contiguous.
    fn line_index(&self, offset: usize) -> usize {
        self.file.lines.partition_point(|l| l.range.end <= offset)
    }

    /// The physical line `line` with everything [hidden](hidden_spans) masked, and `target`
    /// mapped into it.
    fn masked_line(&self, line: Range<usize>, target: Range<usize>) -> (String, Range<usize>) {
        let hidden = self.hidden();
        let first = hidden.partition_point(|r| r.end <= line.start);
        let end = line.end;
        let on_line = hidden[first..].iter().take_while(move |r| r.start < end);
        keylint_core::mask::mask_line(&self.file.text, line, on_line, &target, false)
    }
}

/// Byte ranges of `file` never shown in a snippet, a message or a diff (sorted, disjoint):
/// - the value of every entry that may be a secret ([`keys::should_mask`]);
/// - in what is not a clean `KEY=value` (a line that does not parse, a comment, text after a
///   closing quote, a key that is not a name), every run of text that is not understood
///   ([`keylint_core::mask::opaque_spans`]).
pub(crate) fn hidden_spans(file: &EnvFile) -> Vec<Range<usize>> {
    let text = &file.text;
    let mut out = Vec::new();
    let mut hide = |r: Range<usize>, find: fn(&str) -> Vec<Range<usize>>| {
        out.extend(
            find(&text[r.clone()])
                .into_iter()
                .map(|o| r.start + o.start..r.start + o.end),
        );
    };
    let opaque = keylint_core::mask::opaque_spans;
    let mut values = Vec::new();
    for line in &file.lines {
        match &line.kind {
            LineKind::Blank { .. } => {}
            LineKind::Comment { text, .. } | LineKind::Invalid { text, .. } => {
                hide(text.clone(), opaque);
            }
            LineKind::Entry(e) => {
                hide(e.key.clone(), opaque);
                let inner = EnvFile::value_inner_range(e);
                let value = &text[inner.clone()];
                if keys::should_mask(&text[e.key.clone()], value) {
                    values.push(inner);
                } else if value.contains(char::is_whitespace) {
                    // Words that `should_mask` did not judge one by one (`A=8080 Zq8L…`).
                    hide(inner, opaque);
                }
                // Text after a closing quote can only be part of a value; a comment may hold
                // an old assignment.
                let comment = e.comment.clone().unwrap_or(e.trailing.end..e.trailing.end);
                hide(
                    e.trailing.start..comment.start,
                    keylint_core::mask::word_spans,
                );
                hide(comment, opaque);
            }
        }
    }
    out.extend(values);
    out.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// `message` with every hidden text of the file (any letter case) replaced by its mask: the
/// last guard between a check's message and the terminal.
pub(crate) fn scrub(message: &mut String, hidden: &[&str]) {
    if hidden.is_empty() {
        return;
    }
    let mut lower = message.to_ascii_lowercase();
    for h in hidden {
        let needle = h.to_ascii_lowercase();
        while let Some(i) = lower.find(&needle) {
            let masked = mask(h);
            message.replace_range(i..i + needle.len(), &masked);
            lower.replace_range(i..i + needle.len(), &masked);
        }
    }
}
