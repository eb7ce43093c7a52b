//! `keylint scan` and `keylint baseline create`: scan a source, then report and decide the
//! outcome.

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::Path;

use keylint_core::Finding;
use keylint_core::baseline::Baseline;
use keylint_report::{RenderOptions, Summary};
use miette::{Context as _, IntoDiagnostic as _};

use crate::args::{GlobalArgs, ReportFormat, ScanArgs, Source, SourceArgs};
use crate::collect::{Request, ScanResult, collect};
use crate::outcome::Outcome;
use crate::output::{color_for, emit, plural};
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
    let verify = crate::verify::flags(&args.verify);
    if let Some(options) = crate::verify::options(&verify, &result.settings.verify)? {
        let on_disk = matches!(source, Source::Paths(_)).then(|| source.root());
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
    let document = render(args.format, &result, &options, history);
    emit(args.output.as_deref(), &document)?;
    let file_options = RenderOptions {
        color: false,
        ..options.clone()
    };
    for report in &args.report {
        let document = render(report.format, &result, &file_options, history);
        emit(Some(&report.path), &document)?;
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

/// Renders the scan result in `format`.
fn render(
    format: ReportFormat,
    result: &ScanResult,
    options: &RenderOptions,
    history: bool,
) -> String {
    let ScanResult {
        settings,
        findings,
        diagnostics,
        summary,
        ..
    } = result;
    match format {
        ReportFormat::Human => render_human(result, options, history),
        ReportFormat::Concise => {
            let failing_problems = failing_problems(result, options);
            keylint_report::human::render_concise(
                findings,
                diagnostics,
                summary,
                &RenderOptions {
                    fail_on: options.fail_on.filter(|_| failing_problems == 0),
                    ..options.clone()
                },
                failing_problems,
            )
        }
        ReportFormat::Json => {
            let diagnostics = (!diagnostics.is_empty()).then_some(diagnostics.as_slice());
            keylint_report::json::render_with_diagnostics(findings, diagnostics, summary, options)
        }
        ReportFormat::Jsonl => keylint_report::json::render_lines(findings, options),
        ReportFormat::Sarif => {
            let docs = settings.engine.rule_docs();
            let rules: Vec<keylint_report::sarif::RuleMeta<'_>> = docs
                .iter()
                .map(|d| keylint_report::sarif::RuleMeta {
                    id: d.id,
                    name: d.name,
                    description: d.description,
                    severity: d.severity,
                    rotate: d.rotate,
                })
                .collect();
            let checks = lint::check_docs();
            keylint_report::sarif::render_with_summary(
                findings,
                &rules,
                diagnostics,
                &checks,
                summary,
                options,
            )
        }
        ReportFormat::Github => {
            keylint_report::github::render_with_diagnostics(findings, diagnostics, summary, options)
        }
        ReportFormat::Junit => {
            keylint_report::junit::render_with_diagnostics(findings, diagnostics, summary, options)
        }
        ReportFormat::GitleaksJson => keylint_report::gitleaks::render(findings, options),
    }
}

/// The human report of a scan: `.env` and key problems (one report per value), their
/// summaries, then the findings and the closing line.
fn render_human(result: &ScanResult, options: &RenderOptions, history: bool) -> String {
    let ScanResult {
        findings,
        diagnostics,
        summary,
        ..
    } = result;
    let mut out = String::new();
    let (keys, env): (Vec<_>, Vec<_>) = diagnostics
        .iter()
        .cloned()
        .partition(|d| d.code.starts_with(keylint_keys::DIAGNOSTIC_PREFIX));
    // What is said about one value (env checks and key consistency) is shown once.
    let grouped = keylint_report::diagnostics::group_by_value(&[env.as_slice(), &keys].concat());
    out.push_str(&keylint_report::diagnostics::render_human(
        &grouped, options,
    ));
    if !env.is_empty() {
        let files: std::collections::BTreeSet<&str> = env.iter().map(|d| d.path.as_str()).collect();
        out.push_str(&keylint_report::diagnostics::summary_line(
            &env,
            files.len(),
            0,
            true,
        ));
        out.push_str("  (`keylint env` shows every .env check and fixes what is safe)\n\n");
    }
    if !keys.is_empty() {
        out.push_str(&keylint_report::keys::summary_line(&keys));
        out.push('\n');
    }
    // .env or key problems that fail the run: the findings' part must not say it
    // passes, and the last line says what fails it.
    let failing_problems = failing_problems(result, options);
    let findings_options = RenderOptions {
        fail_on: options.fail_on.filter(|_| failing_problems == 0),
        ..options.clone()
    };
    out.push_str(&keylint_report::human::render_with_problems(
        findings,
        summary,
        &findings_options,
        failing_problems,
    ));
    if history && !findings.is_empty() {
        out.push_str(&keylint_report::audit::render(findings));
    }
    // Without findings the summary's last line already says what fails the run.
    if let Some(fail_on) = options
        .fail_on
        .filter(|_| failing_problems > 0 && !findings.is_empty())
    {
        let _ = writeln!(
            out,
            "✗ {failing_problems} .env or key consistency problem{} at or above `{fail_on}` (shown above)",
            if failing_problems == 1 { "" } else { "s" }
        );
    }
    out
}

/// The `.env` or key problems that fail the run when no finding does (0 when one does: the
/// findings' summary then says the run fails).
fn failing_problems(result: &ScanResult, options: &RenderOptions) -> usize {
    options
        .fail_on
        .filter(|fail_on| !result.findings.iter().any(|f| f.severity >= *fail_on))
        .map_or(0, |fail_on| {
            result
                .diagnostics
                .iter()
                .filter(|d| d.severity >= fail_on)
                .count()
        })
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
