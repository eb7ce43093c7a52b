//! `keylint keys`: one credential, every place it is defined, all equal. Collects definitions
//! across the tree (keylint-keys), reports mismatches, missing definitions, copies and short
//! secrets with masked values and every location (keylint-report), and exits like the other
//! commands.

use std::path::PathBuf;

use keylint_pipeline::configure::{keys_fail_on, keys_settings};
use keylint_pipeline::settings::anchored_excludes;
use keylint_report::RenderOptions;
use keylint_report::format::write;
use keylint_report::keys::KeysReport;

use crate::args::{Format, GlobalArgs, KeysArgs};
use crate::outcome::Outcome;
use crate::output::{color_for, emit_with};
use crate::settings::{load_baseline, load_config};

/// Runs `keylint keys`.
pub fn run(global: &GlobalArgs, args: &KeysArgs) -> miette::Result<Outcome> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let loaded = load_config(global, &roots[0])?;
    let excludes = anchored_excludes(&roots, loaded.dir().as_deref(), &args.exclude.exclude);
    let keys = keys_settings(&loaded, &args.ignore, &excludes)?;
    let mut report = keys.run(&roots).map_err(|e| miette::miette!("{e}"))?;
    if let Some(path) = &args.gate.baseline {
        let baseline = load_baseline(path)?;
        report
            .problems
            .retain(|p| !baseline.accepts_diagnostic(&p.to_diagnostic()));
    }
    let flags = crate::verify::flags(&args.verify);
    keylint_pipeline::verify::add_to_keys(&flags, &loaded.config, &keys, &roots, &mut report)?;
    let fail_on = keys_fail_on(&loaded, args.gate.fail_on);
    let options = RenderOptions {
        color: color_for(args.out.output.as_deref()),
        ..RenderOptions::default()
    };
    if args.out.format == Format::Sarif {
        keylint_pipeline::paths::keys_key_paths(&roots, &loaded, &mut report);
    }
    let document = KeysReport {
        report: &report,
        fail_on,
    };
    emit_with(args.out.output.as_deref(), false, |out| {
        write(&document, args.out.format, &options, out)
    })?;
    let severities = keylint_pipeline::verify::counted_problems(&report.problems);
    Ok(Outcome::decide(severities, report.errors.len(), fail_on).exit_zero(args.exit_zero))
}
