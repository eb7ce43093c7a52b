//! Lint diagnostics (e.g. from the `.env` linter) and the fixes they carry.
//!
//! A [`Diagnostic`] is a problem at a place in a file with a message that is already masked; its
//! optional [`Fix`] is a set of byte-range [`Edit`]s with an [`Applicability`]: `Safe` fixes keep
//! the meaning of the file and run with `--fix`, `Unsafe` ones need `--unsafe-fixes`.
//!
//! ```
//! use keylint_core::diagnostic::{Applicability, Edit, Fix};
//! let fix = Fix::safe("remove the spaces around `=`", vec![Edit::delete(3..4)]);
//! assert_eq!(fix.applicability, Applicability::Safe);
//! assert_eq!(fix.apply_to("KEY =v"), "KEY=v");
//! ```

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::Severity;

/// Whether a fix may be applied without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps what the file means to its readers (whitespace, quoting, final newline …).
    Safe,
    /// May change what a program reads (renaming a key, commenting out a line …).
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace `range` (bytes of the original file) by `replacement`.
#[derive(Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the original content.
    pub range: Range<usize>,
    /// New text (may hold part of a value: never printed by `Debug`).
    pub replacement: String,
}

impl Edit {
    /// Replaces `range` by `text`.
    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            replacement: text.into(),
        }
    }

    /// Deletes `range`.
    pub fn delete(range: Range<usize>) -> Edit {
        Edit::replace(range, "")
    }

    /// Inserts `text` at `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(at..at, text)
    }
}

impl fmt::Debug for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Edit({:?} ← {} bytes)",
            self.range,
            self.replacement.len()
        )
    }
}

/// A fix: edits applied together, or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// What the fix does, e.g. `remove the spaces around =`.
    pub message: String,
    /// Non-overlapping edits, in any order.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A safe fix.
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            message: message.into(),
            edits,
        }
    }

    /// An unsafe fix.
    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            message: message.into(),
            edits,
        }
    }

    /// First byte touched.
    pub fn start(&self) -> usize {
        self.edits.iter().map(|e| e.range.start).min().unwrap_or(0)
    }

    /// One past the last byte touched.
    pub fn end(&self) -> usize {
        self.edits.iter().map(|e| e.range.end).max().unwrap_or(0)
    }

    /// This fix alone applied to `text` (for tests and previews).
    pub fn apply_to(&self, text: &str) -> String {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        apply_edits(text, edits)
    }
}

/// Applies non-overlapping `edits`, sorted by position, to `text`.
pub fn apply_edits<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A problem found by a lint check, ready to report: the message and snippet are already masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Kebab-case check code, e.g. `spaces-around-equals`.
    pub code: String,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong (masked).
    pub message: String,
    /// What to do, and what happens otherwise (masked).
    pub help: Option<String>,
    /// Path relative to the lint root, `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// 1-based last column (characters, inclusive; equal to `column` for a point).
    pub end_column: u32,
    /// The source line with values masked.
    pub snippet: String,
    /// Byte range inside `snippet` to underline.
    pub snippet_span: Range<usize>,
    /// How to fix it automatically, if there is a way.
    pub fix: Option<Fix>,
    /// Which scanned repository (or report) the problem came from: the label `keylint report
    /// merge` gives each report it merges. `None` in a lint's or scan's own diagnostics.
    pub source: Option<String>,
}
