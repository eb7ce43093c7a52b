//! What every command writes with: the document to stdout or a file, counted words, and paths
//! as reports show them.

use std::path::Path;

use miette::{IntoDiagnostic as _, WrapErr as _};

/// Writes the report to `output`, or stdout.
pub fn emit(output: Option<&Path>, document: &str) -> miette::Result<()> {
    use std::io::Write as _;
    if let Some(path) = output {
        return std::fs::write(path, document)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write {}", path.display()));
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(document.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`keylint scan | head`) is the reader's choice, not our error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.into_diagnostic().wrap_err("cannot write to stdout"),
    }
}

pub use keylint_report::plural;

/// Whether color goes to a report written to `output` (never to a file).
pub fn color_for(output: Option<&Path>) -> bool {
    output.is_none() && colored::control::SHOULD_COLORIZE.should_colorize()
}
