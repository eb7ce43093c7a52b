//! Lint diagnostics (`keylint env`, and `.env` files during `keylint scan`): one miette snippet
//! per diagnostic in the human format, a `diagnostics` array in the JSON document.
//!
//! ```
//! use keylint_core::{Diagnostic, Severity};
//! use keylint_report::{diagnostics, RenderOptions};
//! let d = Diagnostic {
//!     code: "spaces-around-equals".into(), severity: Severity::Medium,
//!     message: "spaces around `=`".into(), help: None, path: ".env".into(),
//!     line: 1, column: 2, end_column: 2, snippet: "A =1".into(), snippet_span: 1..2, fix: None,
//! };
//! let text = diagnostics::render_human(&[d], &RenderOptions::default());
//! assert!(text.contains("spaces-around-equals"));
//! ```

use std::fmt::{self, Write as _};

use keylint_core::{Applicability, Diagnostic, Severity};
use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use serde::Serialize;

use crate::RenderOptions;

/// Renders every diagnostic as a miette snippet.
pub fn render_human(diagnostics: &[Diagnostic], options: &RenderOptions) -> String {
    let handler = crate::snippet_handler(options);
    // Rendering dominates on files full of problems: render in parallel, print in order.
    keylint_core::parallel::map_ordered(diagnostics, |d| {
        let mut out = String::new();
        if handler.render_report(&mut out, &View(d)).is_err() {
            let _ = writeln!(out, "{}:{}: {} {}", d.path, d.line, d.code, d.message);
        }
        out.push('\n');
        out
    })
    .concat()
}

/// One line per diagnostic, `path:line:col: severity code: message`: the shape editors' problem
/// matchers and `grep` expect (and dotenv-linter users know). Messages are already masked.
pub fn render_concise(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::with_capacity(diagnostics.len() * 96);
    for d in diagnostics {
        let _ = write!(
            out,
            "{}:{}:{}: {} {}: ",
            d.path, d.line, d.column, d.severity, d.code
        );
        // One line per diagnostic, whatever the message holds.
        for (i, part) in d.message.split('\n').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(part);
        }
        out.push('\n');
    }
    out
}

/// One JSON object a line per diagnostic (the rows of the JSON document's `diagnostics`).
pub fn render_lines(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for row in json_rows(diagnostics) {
        out.push_str(&serde_json::to_string(&row).expect("JSON of plain data"));
        out.push('\n');
    }
    out
}

/// The closing line of `keylint env`: counts, files, what `--fix` would do.
pub fn summary_line(diagnostics: &[Diagnostic], files: usize, fixed: usize) -> String {
    let mut out = String::new();
    let safe = fixable(diagnostics, Applicability::Safe);
    let unsafe_ = fixable(diagnostics, Applicability::Unsafe);
    let files_text = format!("{files} env file{}", if files == 1 { "" } else { "s" });
    if fixed > 0 {
        let _ = writeln!(
            out,
            "fixed {fixed} problem{}",
            if fixed == 1 { "" } else { "s" }
        );
    }
    if diagnostics.is_empty() {
        let _ = writeln!(out, "✓ no problems in {files_text}");
        return out;
    }
    let mut by: Vec<(Severity, usize)> = Severity::ALL
        .iter()
        .map(|s| (*s, diagnostics.iter().filter(|d| d.severity == *s).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    by.reverse();
    let parts: Vec<String> = by.iter().map(|(s, n)| format!("{n} {s}")).collect();
    let _ = writeln!(
        out,
        "✗ {} problem{} ({}) in {files_text}",
        diagnostics.len(),
        if diagnostics.len() == 1 { "" } else { "s" },
        parts.join(", ")
    );
    if safe > 0 {
        let _ = writeln!(
            out,
            "  {safe} fixable with `keylint env --fix` (`--diff` to preview)"
        );
    }
    if unsafe_ > 0 {
        let _ = writeln!(out, "  {unsafe_} more with `--fix --unsafe-fixes`");
    }
    out
}

fn fixable(diagnostics: &[Diagnostic], applicability: Applicability) -> usize {
    diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == applicability)
        })
        .count()
}

/// One diagnostic in the JSON document.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    path: &'a str,
    line: u32,
    column: u32,
    end_column: u32,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    snippet: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    message: &'a str,
}

/// The JSON rows for `diagnostics` (messages and snippets are masked by the checks).
pub fn json_rows(diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic<'_>> {
    diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            code: &d.code,
            severity: d.severity,
            path: &d.path,
            line: d.line,
            column: d.column,
            end_column: d.end_column,
            message: &d.message,
            help: d.help.as_deref(),
            snippet: &d.snippet,
            fix: d.fix.as_ref().map(|f| JsonFix {
                applicability: f.applicability,
                message: &f.message,
            }),
        })
        .collect()
}

struct View<'a>(&'a Diagnostic);

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::wrap::prewrap(
            &self.0.message,
            crate::wrap::HEADER_INDENT,
        ))
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{} ({})", self.0.code, self.0.severity)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.0.severity {
            Severity::Critical | Severity::High => miette::Severity::Error,
            Severity::Medium | Severity::Low => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let d = self.0;
        let mut help = d.help.clone().unwrap_or_default();
        if let Some(fix) = &d.fix {
            if !help.is_empty() {
                help.push('\n');
            }
            let how = match fix.applicability {
                Applicability::Safe => "--fix",
                Applicability::Unsafe => "--fix --unsafe-fixes",
            };
            let _ = write!(help, "fix ({how}): {}", fix.message);
        }
        (!help.is_empty()).then(|| {
            Box::new(crate::wrap::prewrap(&help, crate::wrap::HELP_INDENT)) as Box<dyn fmt::Display>
        })
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = &self.0.snippet_span;
        let len = span.end.saturating_sub(span.start);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            None,
            SourceSpan::from((span.start, len)),
        ))))
    }
}

impl SourceCode for View<'_> {
    fn read_span<'b>(
        &'b self,
        _span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let d = self.0;
        Ok(Box::new(MietteSpanContents::new_named(
            d.path.clone(),
            d.snippet.as_bytes(),
            (0, d.snippet.len()).into(),
            d.line.saturating_sub(1) as usize,
            d.column.saturating_sub(1) as usize,
            1,
        )))
    }
}
