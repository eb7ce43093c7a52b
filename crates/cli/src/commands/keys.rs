//! `keylint keys`: one credential, every place it is defined, all equal. Collects definitions
//! across the tree (keylint-keys), reports mismatches, missing definitions, copies and short
//! secrets with masked values and every location (keylint-report), and exits like the other
//! commands.

use std::path::PathBuf;

use keylint_report::keys::{render_human, render_json, render_sarif};

use crate::args::{GlobalArgs, KeysArgs, KeysFormat};
use crate::outcome::Outcome;
use crate::output::{color_for, emit};
use crate::settings::keys::{keys_fail_on, keys_settings};
use crate::settings::{load_baseline, load_config};

/// Runs `keylint keys`.
pub fn run(global: &GlobalArgs, args: &KeysArgs) -> miette::Result<Outcome> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let loaded = load_config(global, &roots[0])?;
    let keys = keys_settings(&loaded, &args.ignore, &args.exclude.exclude)?;
    let mut report = keys.run(&roots).map_err(|e| miette::miette!("{e}"))?;
    if let Some(path) = &args.gate.baseline {
        let baseline = load_baseline(path)?;
        report
            .problems
            .retain(|p| !baseline.accepts_diagnostic(&p.to_diagnostic()));
    }
    let fail_on = keys_fail_on(&loaded, args.gate.fail_on);
    let color = color_for(args.output.as_deref());
    let document = match args.format {
        KeysFormat::Human => render_human(&report, fail_on, color),
        KeysFormat::Json => render_json(&report, fail_on),
        KeysFormat::Sarif => render_sarif(&report),
    };
    emit(args.output.as_deref(), &document)?;
    let severities = report.problems.iter().map(|p| p.severity);
    Ok(Outcome::decide(severities, report.errors.len(), fail_on).exit_zero(args.exit_zero))
}
