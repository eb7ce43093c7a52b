//! `keylint env`: lint `.env` files (syntax, style, values), fix what is safe, report like
//! `keylint scan` (same formats, same exit codes). The run is keylint-pipeline's
//! [`lint_env`]; this file turns the flags into its request and prints what it returns.

use std::path::{Path, PathBuf};

use keylint_core::Severity;
use keylint_core::display::escape;
use keylint_pipeline::configure::{EnvFlags, env_settings};
use keylint_pipeline::env::{FixMode, Linted, checks_list, lint_env};
use keylint_pipeline::env_report::EnvReport;
use keylint_report::RenderOptions;
use keylint_report::diagnostics::{render_concise, render_human};
use keylint_report::format::write;

use crate::args::{EnvArgs, Format, GlobalArgs};
use crate::outcome::Outcome;
use crate::output::{color_for, emit, emit_with};
use crate::settings::{load_baseline, load_config};

/// Runs `keylint env`.
pub fn run(global: &GlobalArgs, args: &EnvArgs) -> miette::Result<Outcome> {
    if args.list {
        emit(None, &checks_list())?;
        return Ok(Outcome::Clean);
    }
    if args.fix && !args.diff {
        keylint_process::guard_temp_files();
    }
    let started = std::time::Instant::now();
    let first = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let loaded = load_config(global, first)?;
    let verify = crate::verify::flags(&args.verify);
    let flags = EnvFlags {
        check: &args.check,
        ignore: &args.ignore,
        concise: args.out.format == Format::Concise,
        diff: args.diff,
        fail_on: args.gate.fail_on,
        verify: Some(&verify),
    };
    let settings = env_settings(&loaded, flags)?;
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mode = match (args.fix, args.diff) {
        (_, true) => FixMode::Diff {
            unsafe_fixes: args.unsafe_fixes,
        },
        (true, false) => FixMode::Write {
            unsafe_fixes: args.unsafe_fixes,
        },
        (false, false) => FixMode::Lint,
    };
    let baseline = args
        .gate
        .baseline
        .as_deref()
        .map(load_baseline)
        .transpose()?;
    let options = RenderOptions {
        show_secrets: false,
        color: color_for(args.out.output.as_deref()),
        fail_on: Some(settings.fail_on),
    };
    // The files' part of a human or concise report is rendered while the key check runs.
    let (mut linted, files_part) =
        lint_env(
            &roots,
            &settings,
            mode,
            baseline.as_ref(),
            |env| match args.out.format {
                _ if args.diff => None,
                Format::Human => Some(render_human(env, &options)),
                Format::Concise => Some(render_concise(env)),
                _ => None,
            },
        )?;
    if args.diff {
        return show_diff(args, &linted);
    }
    if matches!(args.out.format, Format::Sarif | Format::Github) {
        keylint_pipeline::paths::key_paths(&roots, &loaded, &mut linted.diagnostics);
    }
    let report = EnvReport::new(&linted, files_part, started);
    emit_with(args.out.output.as_deref(), false, |out| {
        write(&report, args.out.format, &options, out)
    })?;
    let severities = keylint_pipeline::verify::counted(&linted.diagnostics);
    Ok(
        Outcome::decide(severities, linted.errors.len(), settings.fail_on)
            .exit_zero(args.exit_zero),
    )
}

/// `--diff`: the fixes as a unified diff; exit 1 when there are some, 2 when a file could not
/// be read.
fn show_diff(args: &EnvArgs, linted: &Linted) -> miette::Result<Outcome> {
    emit(args.out.output.as_deref(), &linted.diff)?;
    for e in &linted.errors {
        eprintln!("could not read {}: {}", escape(&e.path), escape(&e.reason));
    }
    let fixed = linted.fixed;
    if fixed > 0 {
        let noun = if fixed == 1 { "fix" } else { "fixes" };
        let flags = if args.unsafe_fixes {
            " --unsafe-fixes"
        } else {
            ""
        };
        eprintln!("{fixed} {noun} would be applied by --fix{flags}");
    }
    // Every fix counts, whatever the severity of the problem it fixes.
    let each_fix = std::iter::repeat_n(Severity::Info, fixed);
    Ok(Outcome::decide(each_fix, 0, Severity::Info)
        .errors_first(linted.errors.len())
        .exit_zero(args.exit_zero))
}
