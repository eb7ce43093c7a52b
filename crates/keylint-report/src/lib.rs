//! keylint's output formats. Each renders findings, diagnostics or a `keylint keys` report to a
//! `String`, all behind one entry point ([`format::write`] with a [`format::Format`]); the CLI
//! decides where it goes (stdout or the `--output` file; its progress and
//! logs go to stderr). Secrets are masked unless [`RenderOptions::show_secrets`].
//!
//! ```
//! use keylint_report::{json, RenderOptions, Summary};
//! let doc = json::render(&[], &Summary::default(), &RenderOptions::default());
//! let value: serde_json::Value = serde_json::from_str(&doc).unwrap();
//! assert_eq!(value["version"], 1);
//! ```
#![deny(missing_docs)]

pub mod advice;
pub mod audit;
pub mod diagnostics;
pub mod format;
pub mod github;
pub mod gitleaks;
pub mod human;
pub mod json;
pub mod junit;
pub mod keys;
pub mod merge;
pub mod rules;
pub mod sarif;
pub mod scan;
mod snippet;
mod summary;
mod wrap;

pub use summary::{Merged, Skipped, Summary, Warning};

use keylint_core::Finding;

/// `n word` or `n words`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", plural_s(n))
}

/// The `s` of a plural: empty for one.
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Findings in the order every report lists them: by place, rule and commit, without repeats
/// (a blob reached twice in a history).
pub fn in_report_order(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        a.location
            .cmp(&b.location)
            .then_with(|| a.rule_id.cmp(&b.rule_id))
            .then_with(|| {
                let commit = |f: &Finding| f.origin.as_ref().map(|o| o.commit.clone());
                commit(a).cmp(&commit(b))
            })
    });
    findings.dedup_by(|a, b| {
        a.fingerprint == b.fingerprint && a.location == b.location && a.origin == b.origin
    });
    findings
}

/// Skipped or unreadable paths in report order: sorted by path.
pub fn by_path(mut skipped: Vec<Skipped>) -> Vec<Skipped> {
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped
}

/// A path as reports show it: `/` separators, no leading `./` (`.` for the directory itself).
pub fn shown_path(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    if text.is_empty() {
        ".".into()
    } else {
        text.into()
    }
}

/// The miette renderer every human format uses: unicode, 100 columns, colour per `options`.
pub(crate) fn snippet_handler(options: &RenderOptions) -> miette::GraphicalReportHandler {
    let theme = if options.color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        // Texts arrive pre-wrapped (see `wrap`): wrapping here would redo it per diagnostic.
        .with_wrap_lines(false)
}

/// Options shared by every format.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Print secrets in full (`--show-secrets`).
    pub show_secrets: bool,
    /// Use colour (human format only).
    pub color: bool,
    /// Lowest severity that fails the run, shown in the summary.
    pub fail_on: Option<keylint_core::Severity>,
}
