//! What a scan produced ([`Scanned`]), and what reports need of it: paths for people, the
//! config note, the report in any format.

use std::io;

use keylint_core::{Diagnostic, Finding};
use keylint_report::format::{Format, write};
use keylint_report::sarif::RuleMeta;
use keylint_report::scan::ScanReport;
use keylint_report::{RenderOptions, Summary, plural};

use crate::lint;
use crate::settings::ScanSettings;

/// Everything a scan produced.
pub struct Scanned {
    /// The settings the scan ran with.
    pub settings: ScanSettings,
    /// Findings in report order, baseline and `.gitleaksignore` applied.
    pub findings: Vec<Finding>,
    /// `.env` checks (medium and above) and key problems, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts, skipped files, errors and warnings.
    pub summary: Summary,
    /// The summary's warnings in the words people read, in the same order.
    pub warnings_shown: Vec<String>,
    /// The display path of each key path the findings and diagnostics carry.
    pub paths: keylint_input::PathMap,
}

impl Scanned {
    /// Rewrites every path of the findings, diagnostics and summary from its key path (what
    /// baselines and fingerprints use) to its display path (what people read, relative to the
    /// current directory): done once, at the report boundary.
    pub fn show_paths(&mut self) {
        if self.paths.is_identity() {
            return;
        }
        let paths = &self.paths;
        for finding in &mut self.findings {
            finding.location.path = paths.display(&finding.location.path);
        }
        for diagnostic in &mut self.diagnostics {
            diagnostic.path = paths.display(&diagnostic.path);
        }
        for skipped in (self.summary.skipped.iter_mut()).chain(&mut self.summary.errors) {
            skipped.path = paths.display(&skipped.path);
        }
    }

    /// For people: which config file applied and what its allowlists dropped, so a config
    /// never turns findings into a clean result unseen (`None`: no config file).
    pub fn config_note(&self) -> Option<String> {
        let name = self.settings.config.as_ref()?;
        let allowed = self.settings.engine.allowed_so_far();
        let mut dropped = Vec::new();
        if allowed.findings > 0 {
            dropped.push(plural(allowed.findings as usize, "finding"));
        }
        if allowed.files > 0 {
            let files = plural(allowed.files as usize, "file");
            dropped.push(format!("every finding of {files}"));
        }
        Some(if dropped.is_empty() {
            format!("config: {name}")
        } else {
            let dropped = dropped.join(" and ");
            format!("config: {name} (its allowlists accepted {dropped})")
        })
    }

    /// Writes the report in `format` to `out` (`history`: a history audit). SARIF URIs are
    /// relative to %SRCROOT%, the repository root, and GitHub places annotations by path from
    /// the repository root, whatever directory the scan ran in: both get key paths (a copy of
    /// the findings and diagnostics); every other format shows the paths as they are.
    pub fn write_report(
        &self,
        format: Format,
        options: &RenderOptions,
        history: bool,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        let docs = self.settings.engine.rule_docs();
        let rules: Vec<RuleMeta<'_>> = docs.iter().map(rule_meta).collect();
        let checks = lint::check_docs();
        let keyed;
        let (findings, diagnostics) = if matches!(format, Format::Sarif | Format::Github) {
            keyed = self.with_key_paths();
            (keyed.0.as_slice(), keyed.1.as_slice())
        } else {
            (self.findings.as_slice(), self.diagnostics.as_slice())
        };
        let report = ScanReport {
            rules: &rules,
            checks: &checks,
            history,
            ..ScanReport::new(findings, diagnostics, &self.summary)
        };
        write(&report, format, options, out)
    }

    /// The findings and diagnostics with their key paths (see [`Scanned::show_paths`]).
    fn with_key_paths(&self) -> (Vec<Finding>, Vec<Diagnostic>) {
        let mut findings = self.findings.clone();
        for f in &mut findings {
            f.location.path = self.paths.key(&f.location.path);
        }
        let mut diagnostics = self.diagnostics.clone();
        crate::paths::keyed(&self.paths, &mut diagnostics);
        (findings, diagnostics)
    }
}

/// What reports show of a rule of the engine.
pub fn rule_meta<'a>(doc: &keylint_scan::RuleDoc<'a>) -> RuleMeta<'a> {
    RuleMeta {
        id: doc.id,
        name: doc.name,
        description: doc.description,
        severity: doc.severity,
        rotate: doc.rotate,
    }
}
