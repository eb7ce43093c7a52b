//! `keylint keys` reports: human (miette snippets, every place of a problem), JSON and SARIF;
//! and the closing line other commands print under the key problems they show.

use std::fmt::{self, Write as _};

use keylint_core::Severity;
use keylint_keys::{Problem, Report, Site};
use miette::{LabeledSpan, MietteError, SourceCode, SourceSpan, SpanContents};
use serde_json::{Value, json};

use crate::format::{Document, Format};
use crate::{RenderOptions, plural};

/// A `keylint keys` report as a [`Document`]: human, json and sarif.
#[derive(Debug, Clone, Copy)]
pub struct KeysReport<'a> {
    /// The report.
    pub report: &'a Report,
    /// The lowest severity that fails the run (its closing line and JSON say so).
    pub fail_on: Severity,
}

impl Document for KeysReport<'_> {
    fn render(&self, format: Format, options: &RenderOptions) -> Option<String> {
        match format {
            Format::Human => Some(render_human(self.report, self.fail_on, options.color)),
            Format::Json => Some(render_json(self.report, self.fail_on)),
            Format::Sarif => Some(render_sarif(self.report)),
            _ => None,
        }
    }
}

/// Version of the `keylint keys --format json` document (docs/keys.md).
pub const SCHEMA_VERSION: u32 = 1;

/// The human report: each problem as a snippet with its other places, notes, errors, and a
/// closing line that says whether the run passes at `fail_on`.
pub fn render_human(report: &Report, fail_on: Severity, color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for p in &report.problems {
        if handler
            .render_report(&mut out, &ProblemView::new(p))
            .is_err()
        {
            let _ = writeln!(out, "{}: {}", p.code, p.message);
        }
        out.push('\n');
    }
    for n in &report.notes {
        let at = n.line.map(|l| format!(":{l}")).unwrap_or_default();
        let _ = writeln!(out, "note: {}{at}: {}", n.path, n.message);
    }
    for e in &report.errors {
        let _ = writeln!(
            out,
            "error: could not read {}: {}",
            keylint_core::display::escape(&e.path),
            keylint_core::display::escape(&e.message)
        );
    }
    let scanned = format!(
        "{} in {}",
        plural(report.definitions, "definition"),
        plural(report.files_read, "file")
    );
    if report.problems.is_empty() && !report.errors.is_empty() {
        // Never a `✓` when some files were not read: the last line says the run is incomplete.
        let _ = writeln!(
            out,
            "✗ incomplete: {} could not be read (no key problem in the {scanned})",
            plural(report.errors.len(), "file"),
        );
        return out;
    }
    if report.problems.is_empty() {
        let _ = writeln!(out, "✓ keys consistent: {scanned}");
        return out;
    }
    let mut by: Vec<String> = Vec::new();
    for s in Severity::ALL.iter().rev() {
        let n = report.problems.iter().filter(|p| p.severity == *s).count();
        if n > 0 {
            by.push(format!("{n} {s}"));
        }
    }
    let _ = writeln!(
        out,
        "✗ {} ({}) across {scanned}",
        plural(report.problems.len(), "problem"),
        by.join(", ")
    );
    if report.failing(fail_on) == 0 {
        let _ = writeln!(
            out,
            "  none at or above `{fail_on}`: the run passes (--fail-on {fail_on})"
        );
    }
    out
}

/// A problem as a miette report: the first place as the main snippet, every other place as a
/// related snippet.
struct ProblemView<'a> {
    problem: &'a Problem,
    related: Vec<SiteView<'a>>,
}

impl<'a> ProblemView<'a> {
    fn new(problem: &'a Problem) -> ProblemView<'a> {
        let related = problem
            .sites
            .iter()
            .skip(1)
            .map(|site| SiteView { site })
            .collect();
        ProblemView { problem, related }
    }
}

/// Another place of a problem, as a related miette report.
struct SiteView<'a> {
    site: &'a Site,
}

impl fmt::Debug for ProblemView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem.message)
    }
}

impl fmt::Display for ProblemView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem.message)
    }
}

impl std::error::Error for ProblemView<'_> {}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Critical | Severity::High => miette::Severity::Error,
        Severity::Medium | Severity::Low => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

impl miette::Diagnostic for ProblemView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} ({})",
            self.problem.code, self.problem.severity
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette_severity(self.problem.severity))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.problem
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.problem.sites.first().map(|_| self as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let site = self.problem.sites.first()?;
        Some(Box::new(std::iter::once(label(site))))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|v| v as &dyn miette::Diagnostic),
        ))
    }
}

fn label(site: &Site) -> LabeledSpan {
    let span = &site.snippet_span;
    LabeledSpan::new_with_span(
        Some(site.label.clone()),
        SourceSpan::from((span.start, span.end.saturating_sub(span.start))),
    )
}

fn read_site<'b>(site: &'b Site) -> Box<dyn SpanContents<'b> + 'b> {
    crate::snippet::one_line_contents(
        &site.path,
        &site.snippet,
        site.line.saturating_sub(1) as usize,
        site.column.saturating_sub(1) as usize,
    )
}

impl SourceCode for ProblemView<'_> {
    fn read_span<'b>(
        &'b self,
        _span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        self.problem
            .sites
            .first()
            .map(read_site)
            .ok_or(MietteError::OutOfBounds)
    }
}

impl fmt::Debug for SiteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.site.label)
    }
}

impl fmt::Display for SiteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.site.name, self.site.kind)
    }
}

impl std::error::Error for SiteView<'_> {}

impl miette::Diagnostic for SiteView<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(label(self.site))))
    }
}

impl SourceCode for SiteView<'_> {
    fn read_span<'b>(
        &'b self,
        _span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        Ok(read_site(self.site))
    }
}

fn site_json(s: &Site) -> Value {
    json!({
        "path": s.path,
        "line": s.line,
        "column": s.column,
        "kind": s.kind,
        "name": s.name,
        "value": s.masked,
        "label": s.label,
        "snippet": s.snippet,
    })
}

/// The versioned JSON document (docs/keys.md).
pub fn render_json(report: &Report, fail_on: Severity) -> String {
    let mut by_severity = serde_json::Map::new();
    for s in Severity::ALL {
        let n = report.problems.iter().filter(|p| p.severity == s).count();
        if n > 0 {
            by_severity.insert(s.as_str().into(), n.into());
        }
    }
    let note = |n: &keylint_keys::model::Note| json!({"path": n.path, "line": n.line, "message": n.message});
    let doc = json!({
        "version": SCHEMA_VERSION,
        "tool": {"name": "keylint", "version": env!("CARGO_PKG_VERSION")},
        "problems": report.problems.iter().map(|p| json!({
            "code": p.code,
            "severity": p.severity,
            "subject": p.subject,
            "message": p.message,
            "help": p.help,
            "sites": p.sites.iter().map(site_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "notes": report.notes.iter().map(note).collect::<Vec<_>>(),
        "errors": report.errors.iter().map(note).collect::<Vec<_>>(),
        "summary": {
            "problems": report.problems.len(),
            "by_severity": by_severity,
            "failing": report.failing(fail_on),
            "fail_on": fail_on,
            "files_read": report.files_read,
            "definitions": report.definitions,
            "groups": report.groups,
        },
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("JSON of plain data");
    out.push('\n');
    out
}

fn sarif_location(s: &Site) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": crate::sarif::relative_uri(&s.path), "uriBaseId": "%SRCROOT%"},
            "region": {
                "startLine": s.line,
                "startColumn": s.column,
                "snippet": {"text": s.snippet},
            },
        },
        "message": {"text": s.label},
    })
}

/// SARIF 2.1.0: one result per problem, its other places as related locations.
pub fn render_sarif(report: &Report) -> String {
    use crate::sarif::{level, security_severity};
    // Codes of other checks reported with the key problems (`verify/…` under `--verify`) keep
    // their own id and get a rule after the key codes.
    let id_of = |code: &str| {
        if keylint_keys::code_info(code).is_some() {
            format!("keys/{code}")
        } else {
            code.to_owned()
        }
    };
    let mut codes: Vec<(&str, Severity, &str)> = keylint_keys::CODES.to_vec();
    for p in &report.problems {
        if !codes.iter().any(|(c, _, _)| *c == p.code) {
            codes.push((p.code, p.severity, p.code));
        }
    }
    let rules: Vec<Value> = codes
        .iter()
        .map(|(code, severity, summary)| {
            json!({
                "id": id_of(code),
                "shortDescription": {"text": summary},
                "defaultConfiguration": {"level": level(*severity)},
                "properties": {"security-severity": security_severity(*severity), "tags": ["security", "configuration", "credentials"]},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            let index = codes.iter().position(|(c, _, _)| *c == p.code).unwrap_or(0);
            let mut text = p.message.clone();
            if let Some(h) = &p.help {
                let _ = write!(text, "\n{h}");
            }
            let first = p.sites.first();
            let fingerprint = keylint_core::Fingerprint::new(
                &id_of(p.code),
                &p.subject,
                first.map_or("", |s| s.path.as_str()),
            );
            json!({
                "ruleId": id_of(p.code),
                "ruleIndex": index,
                "level": level(p.severity),
                "message": {"text": text},
                "locations": first.map(sarif_location).into_iter().collect::<Vec<_>>(),
                "relatedLocations": p.sites.iter().skip(1).enumerate().map(|(i, s)| {
                    let mut l = sarif_location(s);
                    l["id"] = json!(i + 1);
                    l
                }).collect::<Vec<_>>(),
                "partialFingerprints": {"keylint/v1": fingerprint.as_str()},
                "properties": {"severity": p.severity.as_str(), "security-severity": security_severity(p.severity)},
            })
        })
        .collect();
    let log = crate::sarif::log(rules, results, "The root of the checked tree.");
    let mut out = serde_json::to_string_pretty(&log).expect("JSON of plain data");
    out.push('\n');
    out
}

/// The closing line of key problems shown by `keylint scan` / `keylint env`.
pub fn summary_line(diagnostics: &[keylint_core::Diagnostic]) -> String {
    let mut by: Vec<String> = Vec::new();
    for s in Severity::ALL.iter().rev() {
        let n = diagnostics.iter().filter(|d| d.severity == *s).count();
        if n > 0 {
            by.push(format!("{n} {s}"));
        }
    }
    format!(
        "✗ {} ({}) across files\n  (`keylint keys` shows every place as a snippet, and copies and overrides)\n",
        plural(diagnostics.len(), "key consistency problem"),
        by.join(", ")
    )
}
