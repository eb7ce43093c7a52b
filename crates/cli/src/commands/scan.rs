//! `keylint scan` and `keylint baseline create`: scan a source, then report and decide the
//! outcome.

use std::io::IsTerminal as _;
use std::path::Path;

use keylint_core::Finding;
use keylint_core::baseline::Baseline;
use keylint_report::format::{Format, write};
use keylint_report::sarif::RuleMeta;
use keylint_report::scan::ScanReport;
use keylint_report::{RenderOptions, Summary};
use miette::{Context as _, IntoDiagnostic as _};

use crate::args::{GlobalArgs, ReportFormat, ScanArgs, Source, SourceArgs};
use crate::collect::{Request, ScanResult, collect};
use crate::outcome::Outcome;
use crate::output::{color_for, emit_with, plural, rule_meta};
use crate::settings::scan::ScanFlags;
use keylint_pipeline::lint;

/// Whether progress may be drawn: stderr is a terminal, not under pre-commit or CI, human output.
fn progress_allowed(format: ReportFormat) -> bool {
    format == ReportFormat::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("PRE_COMMIT").is_none()
        && std::env::var_os("CI").is_none()
}

/// Runs `keylint scan`.
pub fn run(global: &GlobalArgs, args: &ScanArgs) -> miette::Result<Outcome> {
    let source = args.source.to_source();
    let flags = ScanFlags::from_args(&args.source, args.fail_on);
    let history = matches!(source, Source::History { .. });
    let mut result = collect(
        global,
        &Request {
            show_progress: progress_allowed(args.format),
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
    let ScanResult {
        settings,
        findings,
        diagnostics,
        summary,
        ..
    } = &result;
    if args.format == ReportFormat::Human {
        result.announce_config();
    }
    let options = RenderOptions {
        show_secrets: args.show_secrets,
        color: color_for(args.output.as_deref()),
        fail_on: Some(settings.fail_on),
    };
    write_report(
        args.format,
        &result,
        &options,
        history,
        args.output.as_deref(),
    )?;
    let file_options = RenderOptions {
        color: false,
        ..options.clone()
    };
    for report in &args.report {
        write_report(
            report.format,
            &result,
            &file_options,
            history,
            Some(&report.path),
        )?;
    }
    if args.format == ReportFormat::Github
        || args.report.iter().any(|r| r.format == ReportFormat::Github)
    {
        write_step_summary(findings, summary, &options)?;
    }

    let severities = findings
        .iter()
        .filter(|f| verify.fails(f))
        .map(|f| f.severity)
        .chain(diagnostics.iter().map(|d| d.severity));
    let outcome = Outcome::decide(severities, summary.errors.len(), settings.fail_on);
    if outcome == Outcome::Error {
        // An incomplete scan is never reported as clean.
        let advice = if source.is_git() {
            "`git fsck` shows what is damaged"
        } else if summary
            .errors
            .iter()
            .all(|e| e.reason.contains("past the size limit"))
        {
            "raise --max-file-size to read them whole"
        } else {
            "exclude them with --exclude or [scan] exclude"
        };
        eprintln!(
            "error: {} could not be read; the scan is incomplete ({advice})",
            plural(summary.errors.len(), "path")
        );
    }
    Ok(outcome.exit_zero(args.exit_zero))
}

/// Writes the scan result in `format` to `output` (stdout when `None`).
fn write_report(
    format: ReportFormat,
    result: &ScanResult,
    options: &RenderOptions,
    history: bool,
    output: Option<&Path>,
) -> miette::Result<()> {
    let docs = result.settings.engine.rule_docs();
    let rules: Vec<RuleMeta<'_>> = docs.iter().map(rule_meta).collect();
    let checks = lint::check_docs();
    // SARIF URIs are relative to %SRCROOT%, the repository root, and GitHub places annotations
    // by path from the repository root, whatever directory the scan ran in: both take key
    // paths; every other format shows display paths.
    let keyed;
    let (findings, diagnostics) = if matches!(format, ReportFormat::Sarif | ReportFormat::Github) {
        keyed = with_key_paths(result);
        (keyed.0.as_slice(), keyed.1.as_slice())
    } else {
        (result.findings.as_slice(), result.diagnostics.as_slice())
    };
    let report = ScanReport {
        rules: &rules,
        checks: &checks,
        history,
        ..ScanReport::new(findings, diagnostics, &result.summary)
    };
    let format = match format {
        ReportFormat::Human => Format::Human,
        ReportFormat::Concise => Format::Concise,
        ReportFormat::Json => Format::Json,
        ReportFormat::Jsonl => Format::Jsonl,
        ReportFormat::Sarif => Format::Sarif,
        ReportFormat::Github => Format::Github,
        ReportFormat::Junit => Format::Junit,
        ReportFormat::GitleaksJson => Format::GitleaksJson,
    };
    emit_with(output, |out| write(&report, format, options, out))
}

/// The findings and diagnostics of `result` with their key paths (see
/// [`ScanResult::show_paths`]).
fn with_key_paths(result: &ScanResult) -> (Vec<Finding>, Vec<keylint_core::Diagnostic>) {
    let mut findings = result.findings.clone();
    for f in &mut findings {
        f.location.path = result.paths.key(&f.location.path);
    }
    let mut diagnostics = result.diagnostics.clone();
    keylint_pipeline::paths::keyed(&result.paths, &mut diagnostics);
    (findings, diagnostics)
}

/// Appends the markdown summary to `$GITHUB_STEP_SUMMARY`, when GitHub Actions set it.
fn write_step_summary(
    findings: &[Finding],
    summary: &Summary,
    options: &RenderOptions,
) -> miette::Result<()> {
    use std::io::Write as _;
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let text = keylint_report::github::step_summary(findings, summary, options);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .into_diagnostic()
        .wrap_err_with(|| {
            format!(
                "cannot write the step summary to {}",
                Path::new(&path).display()
            )
        })
}

/// Runs `keylint baseline create`: scans like `keylint scan` (key consistency included) and
/// records every finding and every `.env` or key-consistency diagnostic. The baseline file
/// itself is never read into it.
pub fn create_baseline(
    global: &GlobalArgs,
    args: &SourceArgs,
    output: &Path,
) -> miette::Result<Outcome> {
    let flags = ScanFlags::from_args(args, None);
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
    std::fs::write(output, text)
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
