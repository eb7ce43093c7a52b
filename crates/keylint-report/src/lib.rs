//! keylint's output formats. Each renders findings and a [`Summary`] to a `String`; the CLI
//! decides where it goes (documents on stdout, human reports on stderr). Secrets are masked
//! unless [`RenderOptions::show_secrets`].
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
pub mod github;
pub mod gitleaks;
pub mod human;
pub mod json;
pub mod junit;
pub mod rewrite;
pub mod sarif;
mod summary;
mod wrap;

pub use summary::{Skipped, Summary, Warning};

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
