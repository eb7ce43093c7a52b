//! `keylint env`'s report as a [`Document`]: the formats of a scan's report (but the gitleaks
//! one) over the problems of the env files linted and of the key check beside them.

use std::time::Instant;

use keylint_report::format::{Document, Format};
use keylint_report::{RenderOptions, Summary, diagnostics, github, json, junit, sarif};

use crate::env::{Linted, report_text};
use crate::lint;

/// What [`crate::env::lint_env`] gave, ready to render.
pub struct EnvReport<'a> {
    /// The results.
    pub linted: &'a Linted,
    /// The human or concise report's first part, rendered beside the key check.
    pub files_part: String,
    /// Counts, duration and errors.
    pub summary: Summary,
}

impl<'a> EnvReport<'a> {
    /// The report of `linted`, whose run began at `started`.
    pub fn new(linted: &'a Linted, files_part: Option<String>, started: Instant) -> Self {
        let summary = Summary {
            baselined: linted.baselined,
            files_scanned: (linted.files.len() - linted.errors.len()) as u64,
            bytes_scanned: linted.bytes,
            errors: linted.errors.clone(),
            duration_ms: started.elapsed().as_millis() as u64,
            ..Summary::default()
        };
        EnvReport {
            linted,
            files_part: files_part.unwrap_or_default(),
            summary,
        }
    }
}

impl Document for EnvReport<'_> {
    fn render(&self, format: Format, options: &RenderOptions) -> Option<String> {
        let (all, summary) = (&self.linted.diagnostics, &self.summary);
        Some(match format {
            Format::Human | Format::Concise => report_text(
                self.linted,
                self.files_part.clone(),
                format == Format::Concise,
                options,
            ),
            Format::Json => json::render_with_diagnostics(&[], Some(all), summary, options),
            Format::Jsonl => diagnostics::render_lines(all),
            Format::Sarif => {
                sarif::render_with_summary(&[], &[], all, &lint::check_docs(), summary, options)
            }
            Format::Github => github::render_with_diagnostics(&[], all, summary, options),
            Format::Junit => junit::render_with_diagnostics(&[], all, summary, options),
            Format::GitleaksJson => return None,
        })
    }
}
