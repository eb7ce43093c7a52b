//! The default format: one miette-style snippet per finding with the secret masked, what it is,
//! why it matters and how to fix it in this file's language, then a coloured summary.

use std::fmt::{self, Write as _};

use colored::Colorize as _;
use keylint_core::display::{escape, escape_line};
use keylint_core::{Finding, Severity};
use miette::{Diagnostic, LabeledSpan, MietteError, SourceCode, SourceSpan, SpanContents};

use crate::{RenderOptions, Summary, advice};

/// Renders every finding and the summary.
pub fn render(findings: &[Finding], summary: &Summary, options: &RenderOptions) -> String {
    render_as(Layout::Snippets, findings, summary, options, 0)
}

/// How [`render_as`] lays the findings out above the closing lines.
#[derive(Debug, Clone, Copy)]
pub enum Layout<'a> {
    /// One miette snippet per finding (the default format).
    Snippets,
    /// One line per finding and per `.env` or key problem of `diagnostics`
    /// (`path:line:col: severity rule-id: message`, secrets masked), in file order.
    Concise(&'a [keylint_core::Diagnostic]),
}

/// The findings in `layout`, then the closing lines of [`summary_line_with_problems`]: for a
/// run that `failing_problems` configuration problems (`.env`, key consistency) fail, without
/// a failing finding the last line says so instead of "✓ no secrets found", so it agrees with
/// the exit code.
pub fn render_as(
    layout: Layout<'_>,
    findings: &[Finding],
    summary: &Summary,
    options: &RenderOptions,
    failing_problems: usize,
) -> String {
    let mut out = match layout {
        Layout::Snippets => snippets(findings, options),
        Layout::Concise(diagnostics) => concise_rows(findings, diagnostics, options),
    };
    out.push_str(&summary_line_with_problems(
        findings,
        summary,
        options,
        failing_problems,
    ));
    out
}

/// One snippet per finding.
fn snippets(findings: &[Finding], options: &RenderOptions) -> String {
    let handler = crate::snippet_handler(options);
    let mut out = String::new();
    let mut explained: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for finding in findings {
        // What a rule is and how to rotate its keys is said once a report; each finding keeps
        // its own fix.
        let repeat = !explained.insert(finding.rule_id.as_str());
        let diagnostic = FindingDiagnostic::new(finding, options.show_secrets, repeat);
        if handler.render_report(&mut out, &diagnostic).is_err() {
            // Rendering into a String cannot fail on I/O; fall back to a plain line anyway.
            let _ = writeln!(
                out,
                "{}:{}: {}",
                escape_line(&finding.location.path),
                finding.location.line,
                escape(&finding.rule_name)
            );
        }
        out.push('\n');
    }
    out
}

/// One line per finding and per diagnostic, in file order.
fn concise_rows(
    findings: &[Finding],
    diagnostics: &[keylint_core::Diagnostic],
    options: &RenderOptions,
) -> String {
    enum Row<'a> {
        Finding(&'a Finding),
        Diagnostic(&'a keylint_core::Diagnostic),
    }
    let place = |row: &Row<'_>| match row {
        Row::Finding(f) => (f.location.path.clone(), f.location.line, f.location.column),
        Row::Diagnostic(d) => (d.path.clone(), d.line, d.column),
    };
    let mut rows: Vec<Row<'_>> = findings.iter().map(Row::Finding).collect();
    rows.extend(diagnostics.iter().map(Row::Diagnostic));
    rows.sort_by_key(|r| place(r));
    let mut out = String::with_capacity(rows.len() * 96);
    for row in &rows {
        match row {
            Row::Finding(f) => crate::diagnostics::concise_line(
                &mut out,
                (&f.location.path, f.location.line, f.location.column),
                f.severity,
                &f.rule_id,
                &advice::found(f, options.show_secrets),
            ),
            Row::Diagnostic(d) => crate::diagnostics::concise_line(
                &mut out,
                (&d.path, d.line, d.column),
                d.severity,
                &d.code,
                &d.message,
            ),
        }
    }
    out
}

/// The closing lines: what was skipped or could not be read, then the outcome (counts by
/// severity, what was scanned), last. A scan with unreadable paths never gets a `✓` line.
pub fn summary_line(findings: &[Finding], summary: &Summary, options: &RenderOptions) -> String {
    summary_line_with_problems(findings, summary, options, 0)
}

/// [`summary_line`] for a run that `failing_problems` configuration problems fail (see
/// [`render_as`]).
pub fn summary_line_with_problems(
    findings: &[Finding],
    summary: &Summary,
    options: &RenderOptions,
    failing_problems: usize,
) -> String {
    let paint = |text: String, severity: Severity| -> String {
        if !options.color {
            return text;
        }
        match severity {
            Severity::Critical | Severity::High => text.red().bold().to_string(),
            Severity::Medium => text.yellow().bold().to_string(),
            Severity::Low | Severity::Info => text.cyan().to_string(),
        }
    };
    // What the scan covered and skipped first: the last line states the outcome.
    let mut out = coverage_notes(summary, options);
    let counts = Summary::counts(findings);
    let scanned = format!(
        "{} file{} ({}) in {} ms",
        summary.files_scanned,
        if summary.files_scanned == 1 { "" } else { "s" },
        human_bytes(summary.bytes_scanned),
        summary.duration_ms
    );
    // Without findings, a scan that failed anyway says why, never "✓": unread paths (an
    // incomplete scan is never reported as clean, not even in passing), or the configuration
    // problems that fail the run.
    let failed = if !findings.is_empty() {
        None
    } else if !summary.errors.is_empty() {
        let n = summary.errors.len();
        Some(format!(
            "✗ scan incomplete: {n} path{} could not be read (nothing found in the {scanned})",
            if n == 1 { "" } else { "s" }
        ))
    } else if failing_problems > 0 {
        Some(format!(
            "✗ 0 secrets, {failing_problems} configuration problem{} in {scanned}",
            if failing_problems == 1 { "" } else { "s" }
        ))
    } else {
        None
    };
    if let Some(head) = failed {
        let _ = writeln!(
            out,
            "{}",
            if options.color {
                head.red().bold().to_string()
            } else {
                head
            }
        );
    } else if findings.is_empty() {
        let ok = format!("✓ no secrets found in {scanned}");
        let _ = writeln!(
            out,
            "{}",
            if options.color {
                ok.green().bold().to_string()
            } else {
                ok
            }
        );
    } else {
        let parts: Vec<String> = counts
            .iter()
            .rev()
            .map(|(sev, n)| paint(format!("{n} {sev}"), *sev))
            .collect();
        let worst = counts.keys().next_back().copied().unwrap_or(Severity::Info);
        let head = format!(
            "✗ {} finding{}",
            findings.len(),
            if findings.len() == 1 { "" } else { "s" }
        );
        let incomplete = match summary.errors.len() {
            0 => String::new(),
            1 => "; scan incomplete: 1 path could not be read".to_owned(),
            n => format!("; scan incomplete: {n} paths could not be read"),
        };
        let _ = writeln!(
            out,
            "{} ({}) in {scanned}{incomplete}",
            paint(head, worst),
            parts.join(", ")
        );
    }
    if let Some(fail_on) = options.fail_on {
        let failing = findings.iter().filter(|f| f.severity >= fail_on).count();
        if failing == 0 && !findings.is_empty() && summary.errors.is_empty() {
            let _ = writeln!(
                out,
                "  none at or above `{fail_on}`: the run passes (--fail-on {fail_on})"
            );
        }
    }
    out
}

/// What the scan covered beyond files: commits, baseline use, and what it skipped or could not read.
fn coverage_notes(summary: &Summary, options: &RenderOptions) -> String {
    let mut out = String::new();
    if let Some(commits) = summary.commits_scanned {
        let _ = writeln!(
            out,
            "  {commits} commit{} scanned",
            if commits == 1 { "" } else { "s" }
        );
    }
    if summary.baselined > 0 {
        let _ = writeln!(
            out,
            "  {} finding(s) or problem(s) accepted by the baseline",
            summary.baselined
        );
    }
    if !summary.stale_baseline.is_empty() {
        let _ = writeln!(
            out,
            "  {} baseline entr{} matched nothing (prune them): {}",
            summary.stale_baseline.len(),
            if summary.stale_baseline.len() == 1 {
                "y"
            } else {
                "ies"
            },
            summary.stale_baseline.join(", ")
        );
    }
    if summary.binary_skipped > 0 {
        let _ = writeln!(
            out,
            "  skipped {} binary file{}",
            summary.binary_skipped,
            if summary.binary_skipped == 1 { "" } else { "s" }
        );
    }
    for skipped in &summary.skipped {
        let _ = writeln!(out, "  skipped {}: {}", skipped.path, skipped.reason);
    }
    for error in &summary.errors {
        let line = format!("  could not read {}: {}", error.path, error.reason);
        let _ = writeln!(
            out,
            "{}",
            if options.color {
                line.red().to_string()
            } else {
                line
            }
        );
    }
    out
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// One finding as a miette diagnostic over a masked copy of its line.
struct FindingDiagnostic {
    title: String,
    code: String,
    severity: Severity,
    help: String,
    source: SnippetSource,
    label: SourceSpan,
    label_text: &'static str,
}

impl FindingDiagnostic {
    /// `repeat`: a finding of a rule already explained above (its description and, in the
    /// working tree, its rotation text are left out).
    fn new(finding: &Finding, show_secrets: bool, repeat: bool) -> Self {
        let text = finding.display_snippet(show_secrets);
        let columns = finding.display_secret_columns(show_secrets);
        let byte_of = |col: usize| text.char_indices().nth(col).map_or(text.len(), |(i, _)| i);
        // Control characters of the scanned line are shown escaped, never sent to the terminal.
        let (text, span) = keylint_core::display::escape_with_span(
            &text,
            &(byte_of(columns.start)..byte_of(columns.end)),
        );
        let (text, start, end) = (text.into_owned(), span.start, span.end);
        let mut help = advice::verified(finding).unwrap_or_default();
        if !repeat && !finding.description.is_empty() {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(&finding.description);
        }
        if !help.is_empty() {
            help.push('\n');
        }
        if repeat && finding.origin.is_none() {
            let _ = write!(
                help,
                "fix: {}\n(what it is and how to rotate it: see the first `{}` above)",
                advice::fix_hint(finding),
                finding.rule_id
            );
        } else {
            help.push_str(&advice::help(finding));
        }
        if let Some(origin) = &finding.origin {
            let _ = write!(
                help,
                "\ncommit {} by {} on {}",
                origin.commit, origin.author, origin.date
            );
        }
        let help = escape(&help).into_owned();
        FindingDiagnostic {
            title: escape(&finding.rule_name).into_owned(),
            code: format!("{} ({})", finding.rule_id, finding.severity),
            severity: finding.severity,
            help,
            source: SnippetSource {
                // A merged report's finding says which repository it is in.
                name: match &finding.source {
                    Some(source) => format!("{source}: {}", escape_line(&finding.location.path)),
                    None => escape_line(&finding.location.path).into_owned(),
                },
                text,
                line: finding.location.line.saturating_sub(1) as usize,
                column: finding.location.column.saturating_sub(1) as usize,
            },
            label: (start, end.saturating_sub(start)).into(),
            label_text: if finding.is_path_only() {
                "this file, flagged by its path"
            } else if show_secrets && !keylint_core::mask::is_masked(&finding.secret) {
                "secret"
            } else {
                "secret (masked)"
            },
        }
    }
}

impl fmt::Debug for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::wrap::prewrap(
            &self.title,
            crate::wrap::HEADER_INDENT,
        ))
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Critical | Severity::High => miette::Severity::Error,
            Severity::Medium | Severity::Low => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(crate::wrap::prewrap(
            &self.help,
            crate::wrap::HELP_INDENT,
        )))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label_text.into()),
            self.label,
        ))))
    }
}

/// A single masked line that reports its real line and column in the file (miette reads the
/// header position from the span contents).
struct SnippetSource {
    name: String,
    text: String,
    line: usize,
    column: usize,
}

impl SourceCode for SnippetSource {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        Ok(crate::snippet::one_line_contents(
            &self.name,
            &self.text,
            self.line,
            self.column,
        ))
    }
}
