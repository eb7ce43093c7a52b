//! `keylint env`: lint `.env` files (syntax, style, values), fix what is safe, report like
//! `keylint scan` (same formats, same exit codes). The run is keylint-pipeline's
//! [`lint_env`]; this file turns the flags into its request and prints what it returns.

use std::path::{Path, PathBuf};

use keylint_core::Severity;
use keylint_core::display::escape;
use keylint_pipeline::env::{FixMode, Linted, checks_list, lint_env, report_text};
use keylint_pipeline::lint;
use keylint_report::diagnostics::{render_concise, render_human};
use keylint_report::{RenderOptions, Summary};

use crate::args::{EnvArgs, EnvFormat, GlobalArgs};
use crate::outcome::Outcome;
use crate::output::{color_for, emit};
use crate::settings::env::env_settings;
use crate::settings::{load_baseline, load_config};

/// Runs `keylint env`.
pub fn run(global: &GlobalArgs, args: &EnvArgs) -> miette::Result<Outcome> {
    if args.list {
        emit(None, &checks_list())?;
        return Ok(Outcome::Clean);
    }
    if args.fix && !args.diff {
        crate::process::guard_temp_files();
    }
    let started = std::time::Instant::now();
    let first = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let loaded = load_config(global, first)?;
    let settings = env_settings(&loaded, args)?;
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
        color: color_for(args.output.as_deref()),
        fail_on: Some(settings.fail_on),
    };
    let flags = crate::verify::flags(&args.verify);
    // The files' part of a human or concise report is rendered while the key check runs.
    let (mut linted, files_part) = lint_env(
        &roots,
        &settings,
        mode,
        baseline.as_ref(),
        |files, diagnostics| {
            if args.diff {
                return Ok(());
            }
            keylint_pipeline::verify::add(&flags, &loaded.config, files, diagnostics)
        },
        |env| match args.format {
            _ if args.diff => None,
            EnvFormat::Human => Some(render_human(env, &options)),
            EnvFormat::Concise => Some(render_concise(env)),
            _ => None,
        },
    )?;
    if args.diff {
        return show_diff(args, &linted);
    }
    if matches!(args.format, EnvFormat::Sarif | EnvFormat::Github) {
        keylint_pipeline::paths::key_paths(&roots, &loaded, &mut linted.diagnostics);
    }
    let summary = Summary {
        baselined: linted.baselined,
        files_scanned: (linted.files.len() - linted.errors.len()) as u64,
        bytes_scanned: linted.bytes,
        errors: linted.errors.clone(),
        duration_ms: started.elapsed().as_millis() as u64,
        ..Summary::default()
    };
    emit(
        args.output.as_deref(),
        &document(args.format, &linted, files_part, &summary, &options),
    )?;
    let severities = keylint_pipeline::verify::counted(&linted.diagnostics);
    Ok(
        Outcome::decide(severities, linted.errors.len(), settings.fail_on)
            .exit_zero(args.exit_zero),
    )
}

/// The report in `format` (`files_part`: the human or concise report's first part).
fn document(
    format: EnvFormat,
    linted: &Linted,
    files_part: Option<String>,
    summary: &Summary,
    options: &RenderOptions,
) -> String {
    use keylint_report::{github, json, junit, sarif};
    let all = &linted.diagnostics;
    match format {
        EnvFormat::Human | EnvFormat::Concise => report_text(
            linted,
            files_part.unwrap_or_default(),
            format == EnvFormat::Concise,
            options,
        ),
        EnvFormat::Json => json::render_with_diagnostics(&[], Some(all), summary, options),
        EnvFormat::Jsonl => keylint_report::diagnostics::render_lines(all),
        EnvFormat::Sarif => {
            sarif::render_with_summary(&[], &[], all, &lint::check_docs(), summary, options)
        }
        EnvFormat::Github => github::render_with_diagnostics(&[], all, summary, options),
        EnvFormat::Junit => junit::render_with_diagnostics(&[], all, summary, options),
    }
}

/// `--diff`: the fixes as a unified diff; exit 1 when there are some, 2 when a file could not
/// be read.
fn show_diff(args: &EnvArgs, linted: &Linted) -> miette::Result<Outcome> {
    emit(args.output.as_deref(), &linted.diff)?;
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
