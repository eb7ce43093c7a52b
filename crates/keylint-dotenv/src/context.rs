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
    /// How each line's value is shown in snippets (`None`: as is), computed on first use.
    pub(crate) shown_values: std::cell::OnceCell<Vec<Option<String>>>,
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

    /// Per line: the masked form of its value when it may be a secret.
    fn shown_values(&self) -> &[Option<String>] {
        self.shown_values.get_or_init(|| {
            let text = &self.file.text;
            self.file
                .lines
                .iter()
                .map(|l| match &l.kind {
                    LineKind::Entry(e) => {
                        let value = &text[EnvFile::value_inner_range(e)];
                        keys::should_mask(self.s(&e.key), value)
                            .then(|| mask(value).replace(['\n', '\r'], "⏎"))
                    }
                    _ => None,
                })
                .collect()
        })
    }

    /// Index of the (logical) line holding byte `offset`: lines are sorted and contiguous.
    fn line_index(&self, offset: usize) -> usize {
        self.file.lines.partition_point(|l| l.range.end <= offset)
    }

    /// The physical line `line` with every value that may be a secret masked, and `target`
    /// mapped into it.
    fn masked_line(&self, line: Range<usize>, target: Range<usize>) -> (String, Range<usize>) {
        let text = &self.file.text;
        // Values (inner ranges) that overlap this physical line and should be masked.
        let mut masks: Vec<(Range<usize>, String)> = Vec::new();
        let overlapping = self.file.lines[self.line_index(line.start)..]
            .iter()
            .take_while(|l| l.range.start < line.end.max(line.start + 1));
        let first = self.line_index(line.start);
        for (l, shown) in overlapping.zip(&self.shown_values()[first..]) {
            if let (LineKind::Entry(e), Some(shown)) = (&l.kind, shown) {
                let inner = EnvFile::value_inner_range(e);
                let lo = inner.start.max(line.start);
                let hi = inner.end.min(line.end);
                if lo < hi {
                    masks.push((lo..hi, shown.clone()));
                }
            }
        }
        if masks.is_empty() {
            let s = text[line.clone()].to_owned();
            let span = target.start - line.start..target.end - line.start;
            return (s, span);
        }
        // Map original offsets to offsets in the masked line: positions before a mask shift by
        // the length difference so far; positions inside a mask cover the whole mask.
        let mut out = String::new();
        let mut at = line.start;
        let mut starts = None;
        let mut ends = None;
        for (r, shown) in &masks {
            if starts.is_none() && target.start < r.start {
                starts = Some(out.len() + (target.start.max(at) - at));
            }
            if ends.is_none() && target.end <= r.start {
                ends = Some(out.len() + (target.end.max(at) - at));
            }
            out.push_str(&text[at..r.start]);
            if starts.is_none() && target.start < r.end {
                starts = Some(out.len());
            }
            out.push_str(shown);
            if ends.is_none() && target.end <= r.end {
                ends = Some(out.len());
            }
            at = r.end;
        }
        let s0 = starts.unwrap_or_else(|| out.len() + target.start.saturating_sub(at));
        let s1 = ends.unwrap_or_else(|| out.len() + target.end.saturating_sub(at));
        out.push_str(&text[at..line.end]);
        let s0 = s0.min(out.len());
        let s1 = s1.clamp(s0, out.len());
        (out, s0..s1)
    }
}
