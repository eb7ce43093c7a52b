//! What every command writes with: the document to stdout or a file, and whether to colour.

use std::io::Write;
use std::path::Path;

use miette::{IntoDiagnostic as _, WrapErr as _};

/// Writes the report to `output`, or stdout.
pub fn emit(output: Option<&Path>, document: &str) -> miette::Result<()> {
    emit_with(output, false, |out| out.write_all(document.as_bytes()))
}

/// Writes to `output`, or stdout, with `write` (a report format's writer). A file is written
/// atomically ([`keylint_core::file::write_whole`]): an interrupted run leaves the previous
/// report, never half of one. A new file is readable by its owner only when `private` (the
/// report shows secrets).
pub fn emit_with(
    output: Option<&Path>,
    private: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> miette::Result<()> {
    if let Some(path) = output {
        return keylint_core::file::write_whole(path, private, write)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write {}", path.display()));
    }
    let mut stdout = std::io::stdout().lock();
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        // A closed pipe (`keylint scan | head`) is the reader's choice, not our error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.into_diagnostic().wrap_err("cannot write to stdout"),
    }
}

/// Whether color goes to a report written to `output` (never to a file).
pub fn color_for(output: Option<&Path>) -> bool {
    output.is_none() && colored::control::SHOULD_COLORIZE.should_colorize()
}
