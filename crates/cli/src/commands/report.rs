//! `keylint report merge`: writes the report keylint-report's `merge` makes of the reports.

use keylint_core::Severity;
use keylint_report::{RenderOptions, format::write, merge};

use crate::args::MergeArgs;
use crate::outcome::Outcome;
use crate::output::{color_for, emit_with};

/// Runs `keylint report merge`.
pub fn merge(args: &MergeArgs) -> miette::Result<Outcome> {
    let merged = merge::load(&args.reports, &args.label)?;
    let fail_on = args.exit.fail_on.unwrap_or(Severity::High);
    let output = args.out.output.as_deref();
    let options = RenderOptions {
        color: color_for(output),
        fail_on: Some(fail_on),
        ..RenderOptions::default()
    };
    emit_with(output, false, |out| {
        write(&merged, args.out.format, &options, out)
    })?;
    let outcome = Outcome::decide(merged.severities(), merged.summary.errors.len(), fail_on);
    let note = merged.summary.incomplete_note(merged.git());
    if let (Outcome::Error, Some(note)) = (outcome, note) {
        eprintln!("{note}");
    }
    Ok(outcome.exit_zero(args.exit.exit_zero))
}
