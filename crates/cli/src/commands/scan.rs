//! `keylint scan` and `keylint baseline create`: scan a source, then report and decide the
//! outcome.

use std::io::IsTerminal as _;
use std::path::Path;

use keylint_core::baseline::Baseline;
use keylint_pipeline::Scanned;
use keylint_report::RenderOptions;
use miette::{Context as _, IntoDiagnostic as _};

use crate::args::{Format, GlobalArgs, ScanArgs, Source, SourceArgs};
use crate::collect::{Request, collect};
use crate::outcome::Outcome;
use crate::output::{color_for, emit_with};
use crate::settings::scan::from_args;

/// Whether progress may be drawn: stderr is a terminal, not under pre-commit or CI, human output.
fn progress_allowed(format: Format) -> bool {
    format == Format::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("PRE_COMMIT").is_none()
        && std::env::var_os("CI").is_none()
}

/// Runs `keylint scan`.
pub fn run(global: &GlobalArgs, args: &ScanArgs) -> miette::Result<Outcome> {
    let source = args.source.to_source();
    let flags = from_args(&args.source, args.exit.fail_on);
    let history = matches!(source, Source::History { .. });
    let mut result = collect(
        global,
        &Request {
            show_progress: progress_allowed(args.out.format),
            keys: !args.no_keys,
            ..Request::new(&source, &flags)
        },
    )?;
    result.show_paths();
    let verify = crate::verify::flags(&args.verify);
    if let Some(options) = crate::verify::options(&verify, &result.settings.verify)? {
        // Display paths name the files from the current directory.
        let on_disk = matches!(source, Source::Paths(_)).then_some(Path::new(""));
        verify.apply(&options, &mut result.findings, on_disk);
    }
    let Scanned {
        settings,
        findings,
        diagnostics,
        summary,
        ..
    } = &result;
    if let Some(note) = result
        .config_note()
        .filter(|_| args.out.format == Format::Human)
    {
        eprintln!("{note}");
    }
    let options = RenderOptions {
        show_secrets: args.show_secrets,
        color: color_for(args.out.output.as_deref()),
        fail_on: Some(settings.fail_on),
    };
    let file_options = RenderOptions {
        color: false,
        ..options.clone()
    };
    let reports = args
        .report
        .iter()
        .map(|r| (r.format, Some(&*r.path), &file_options));
    for (format, output, options) in [(args.out.format, args.out.output.as_deref(), &options)]
        .into_iter()
        .chain(reports)
    {
        emit_with(output, options.show_secrets, |out| {
            result.write_report(format, options, history, out)
        })?;
    }
    let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty());
    if let Some(path) = step_summary.filter(|_| {
        args.out.format == Format::Github || args.report.iter().any(|r| r.format == Format::Github)
    }) {
        keylint_report::github::append_step_summary(path.as_ref(), findings, summary, &options)
            .into_diagnostic()
            .wrap_err_with(|| {
                let path = Path::new(&path).display();
                format!("cannot write the step summary to {path}")
            })?;
    }

    let severities = findings
        .iter()
        .filter(|f| verify.fails(f))
        .map(|f| f.severity)
        .chain(diagnostics.iter().map(|d| d.severity));
    let outcome = Outcome::decide(severities, summary.errors.len(), settings.fail_on);
    if outcome == Outcome::Error {
        if let Some(note) = summary.incomplete_note(source.is_git()) {
            eprintln!("{note}");
        }
    }
    Ok(outcome.exit_zero(args.exit.exit_zero))
}

/// Runs `keylint baseline create`: scans like `keylint scan` (key consistency included) and
/// records every finding and every `.env` or key-consistency diagnostic. The baseline file
/// itself is never read into it.
pub fn create_baseline(
    global: &GlobalArgs,
    args: &SourceArgs,
    output: &Path,
) -> miette::Result<Outcome> {
    let flags = from_args(args, None);
    let result = collect(
        global,
        &Request {
            keys: true,
            writing: Some(output),
            ..Request::new(&args.to_source(), &flags)
        },
    )?;
    if !result.summary.errors.is_empty() {
        return Err(miette::miette!(
            "{} path(s) could not be read; refusing to write an incomplete baseline",
            result.summary.errors.len()
        ));
    }
    let text = Baseline::render(&result.findings, &result.diagnostics);
    keylint_core::file::write_whole(output, false, |out| out.write_all(text.as_bytes()))
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write {}", output.display()))?;
    eprintln!(
        "recorded {} finding(s) and {} .env or key problem(s) in {}",
        result.findings.len(),
        result.diagnostics.len(),
        output.display()
    );
    Ok(Outcome::Clean)
}
