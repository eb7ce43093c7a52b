//! One entry point for every report format: a [`Format`], a [`Document`] that knows how to
//! render itself in the formats it has (a scan's [`ScanReport`](crate::scan::ScanReport), a
//! `keylint keys` [`KeysReport`](crate::keys::KeysReport)), and [`write`], which the
//! application calls with the format chosen and where the document goes.
//!
//! Adding a format is one module with its render function, a variant here and its arm in the
//! `render` of each document that has it.
//!
//! ```
//! use keylint_report::format::{Format, write};
//! use keylint_report::scan::ScanReport;
//! use keylint_report::{RenderOptions, Summary};
//! let summary = Summary::default();
//! let report = ScanReport::new(&[], &[], &summary);
//! let mut out = Vec::new();
//! write(&report, Format::Json, &RenderOptions::default(), &mut out).unwrap();
//! let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
//! assert_eq!(value["version"], 1);
//! ```

use std::io;

use crate::RenderOptions;

/// A report format. With the `clap` feature it is a clap `ValueEnum` (each command lists the
/// formats it has, with its own help for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// [`human`](crate::human): miette snippets, for people.
    Human,
    /// [`human`](crate::human) as `path:line:col: severity id: message` lines.
    Concise,
    /// [`json`](crate::json): one versioned document.
    Json,
    /// [`json::render_lines`](crate::json::render_lines): one finding a line.
    Jsonl,
    /// [`sarif`](crate::sarif): SARIF 2.1.0.
    Sarif,
    /// [`github`](crate::github): GitHub Actions annotations.
    Github,
    /// [`junit`](crate::junit): `JUnit` XML.
    Junit,
    /// [`gitleaks`](crate::gitleaks): gitleaks' JSON report.
    GitleaksJson,
}

impl Format {
    /// The format's name on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::GitleaksJson => "gitleaks-json",
        }
    }
}

/// A report that renders itself in the formats it has.
pub trait Document {
    /// The document in `format`, or `None` when it has no such format.
    fn render(&self, format: Format, options: &RenderOptions) -> Option<String>;
}

/// Writes `document` in `format` to `out`.
///
/// # Errors
/// When `out` fails, or the document has no such format (`ErrorKind::Unsupported`).
pub fn write(
    document: &dyn Document,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let text = document.render(format, options).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::Unsupported,
            format!("this report has no {} format", format.name()),
        )
    })?;
    out.write_all(text.as_bytes())
}
