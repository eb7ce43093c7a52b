//! A scan's report ([`ScanReport`]): findings, the `.env` and key-consistency problems of a
//! tree scan, and the summary, in every scan format.

use std::fmt::Write as _;

use keylint_core::{Diagnostic, Finding};

use crate::format::{Document, Format};
use crate::human::Layout;
use crate::sarif::{CheckMeta, RuleMeta};
use crate::{RenderOptions, Summary};

/// What `keylint scan` reports.
#[derive(Debug, Clone)]
pub struct ScanReport<'a> {
    /// The findings, in report order.
    pub findings: &'a [Finding],
    /// `.env` and key-consistency problems (tree scans).
    pub diagnostics: &'a [Diagnostic],
    /// What was scanned, skipped or could not be read.
    pub summary: &'a Summary,
    /// The rules that ran (SARIF's rule table).
    pub rules: &'a [RuleMeta<'a>],
    /// The checks whose problems a scan reports (SARIF's rule table).
    pub checks: &'a [CheckMeta<'a>],
    /// A history audit: the human report ends with the audit's table.
    pub history: bool,
}

impl<'a> ScanReport<'a> {
    /// A report of `findings`, `diagnostics` and `summary`, without rule tables, not a history
    /// audit.
    #[must_use]
    pub fn new(
        findings: &'a [Finding],
        diagnostics: &'a [Diagnostic],
        summary: &'a Summary,
    ) -> Self {
        ScanReport {
            findings,
            diagnostics,
            summary,
            rules: &[],
            checks: &[],
            history: false,
        }
    }

    /// The `.env` or key problems that fail the run when no finding does (0 when one does: the
    /// findings' summary then says the run fails).
    fn failing_problems(&self, options: &RenderOptions) -> usize {
        options
            .fail_on
            .filter(|fail_on| !self.findings.iter().any(|f| f.severity >= *fail_on))
            .map_or(0, |fail_on| {
                self.diagnostics
                    .iter()
                    .filter(|d| d.severity >= fail_on)
                    .count()
            })
    }

    /// The human report: `.env` and key problems (one report per value), their summaries,
    /// then the findings and the closing line.
    fn render_human(&self, options: &RenderOptions) -> String {
        let mut out = String::new();
        let (keys, env): (Vec<_>, Vec<_>) = self
            .diagnostics
            .iter()
            .cloned()
            .partition(|d| d.code.starts_with(keylint_keys::DIAGNOSTIC_PREFIX));
        // What is said about one value (env checks and key consistency) is shown once.
        let grouped = crate::diagnostics::group_by_value(&[env.as_slice(), &keys].concat());
        out.push_str(&crate::diagnostics::render_human(&grouped, options));
        if !env.is_empty() {
            let files: std::collections::BTreeSet<&str> =
                env.iter().map(|d| d.path.as_str()).collect();
            out.push_str(&crate::diagnostics::summary_line(
                &env,
                files.len(),
                0,
                true,
            ));
            out.push_str("  (`keylint env` shows every .env check and fixes what is safe)\n\n");
        }
        if !keys.is_empty() {
            out.push_str(&crate::keys::summary_line(&keys));
            out.push('\n');
        }
        // .env or key problems that fail the run: the findings' part must not say it
        // passes, and the last line says what fails it.
        let failing_problems = self.failing_problems(options);
        let findings_options = RenderOptions {
            fail_on: options.fail_on.filter(|_| failing_problems == 0),
            ..options.clone()
        };
        out.push_str(&crate::human::render_as(
            Layout::Snippets,
            self.findings,
            self.summary,
            &findings_options,
            failing_problems,
        ));
        if self.history && !self.findings.is_empty() {
            out.push_str(&crate::audit::render(self.findings));
        }
        // Without findings the summary's last line already says what fails the run.
        if let Some(fail_on) = options
            .fail_on
            .filter(|_| failing_problems > 0 && !self.findings.is_empty())
        {
            let _ = writeln!(
                out,
                "✗ {failing_problems} .env or key consistency problem{} at or above `{fail_on}` (shown above)",
                crate::plural_s(failing_problems)
            );
        }
        out
    }
}

impl Document for ScanReport<'_> {
    fn render(&self, format: Format, options: &RenderOptions) -> Option<String> {
        let ScanReport {
            findings,
            diagnostics,
            summary,
            ..
        } = *self;
        Some(match format {
            Format::Human => self.render_human(options),
            Format::Concise => {
                let failing_problems = self.failing_problems(options);
                crate::human::render_as(
                    Layout::Concise(diagnostics),
                    findings,
                    summary,
                    &RenderOptions {
                        fail_on: options.fail_on.filter(|_| failing_problems == 0),
                        ..options.clone()
                    },
                    failing_problems,
                )
            }
            Format::Json => {
                let diagnostics = (!diagnostics.is_empty()).then_some(diagnostics);
                crate::json::render_with_diagnostics(findings, diagnostics, summary, options)
            }
            Format::Jsonl => crate::json::render_lines(findings, options),
            Format::Sarif => crate::sarif::render_with_summary(
                findings,
                self.rules,
                diagnostics,
                self.checks,
                summary,
                options,
            ),
            Format::Github => {
                crate::github::render_with_diagnostics(findings, diagnostics, summary, options)
            }
            Format::Junit => {
                crate::junit::render_with_diagnostics(findings, diagnostics, summary, options)
            }
            Format::GitleaksJson => crate::gitleaks::render(findings, options),
        })
    }
}
