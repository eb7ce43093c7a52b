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
//!     source: None,
//! };
//! let text = diagnostics::render_human(&[d], &RenderOptions::default());
//! assert!(text.contains("spaces-around-equals"));
//! ```

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use keylint_core::{Applicability, Diagnostic, Severity};
use miette::{LabeledSpan, MietteError, SourceCode, SourceSpan, SpanContents};
use serde::{Deserialize, Serialize};

use crate::RenderOptions;

/// Renders every diagnostic as a miette snippet.
pub fn render_human(diagnostics: &[Diagnostic], options: &RenderOptions) -> String {
    let handler = crate::snippet_handler(options);
    // Rendering dominates on files full of problems: render in parallel, print in order.
    keylint_core::parallel::map_ordered(diagnostics, |d| {
        let escaped = escaped(d);
        let d = escaped.as_ref().unwrap_or(d);
        if !options.color {
            if let Some(mut out) = render_plain(d) {
                out.push('\n');
                return out;
            }
        }
        let mut out = String::new();
        if handler.render_report(&mut out, &View(d)).is_err() {
            let _ = writeln!(out, "{}:{}: {} {}", d.path, d.line, d.code, d.message);
        }
        out.push('\n');
        out
    })
    .concat()
}

/// Diagnostics about one value as one: those at the same file and line (an env line holds
/// one value; a pasted key can be a wrong provider format, hold an invisible character and
/// differ from its other copies) become a single diagnostic with the most severe one's code,
/// place and fix, and every reason in its message. Order is kept (first place of each group);
/// machine formats keep one diagnostic per check.
pub fn group_by_value(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut groups: Vec<Vec<&Diagnostic>> = Vec::new();
    let mut index: std::collections::HashMap<(&str, u32), usize> = std::collections::HashMap::new();
    for d in diagnostics {
        if let Some(&i) = index.get(&(d.path.as_str(), d.line)) {
            groups[i].push(d);
        } else {
            index.insert((d.path.as_str(), d.line), groups.len());
            groups.push(vec![d]);
        }
    }
    groups
        .into_iter()
        .map(|mut group| {
            // Most severe first; a stable sort keeps the checks' order among equals.
            group.sort_by_key(|d| std::cmp::Reverse(d.severity));
            let mut primary = group[0].clone();
            if group.len() > 1 {
                let mut message = format!(
                    "{} reasons on this line:\n1. {}",
                    group.len(),
                    primary.message
                );
                let mut helps: Vec<String> = primary.help.iter().cloned().collect();
                for (i, d) in group.iter().enumerate().skip(1) {
                    let _ = write!(
                        message,
                        "\n{}. {} ({}, {})",
                        i + 1,
                        d.message,
                        d.code,
                        d.severity
                    );
                    if let Some(help) = d.help.as_ref().filter(|h| !helps.contains(h)) {
                        helps.push(help.clone());
                    }
                }
                primary.message = message;
                primary.help = (!helps.is_empty()).then(|| helps.join("\n"));
                if primary.fix.is_none() {
                    primary.fix = group.iter().find_map(|d| d.fix.clone());
                }
            }
            primary
        })
        .collect()
}

/// `d` with the control characters of its path, message, help and snippet escaped (see
/// [`keylint_core::display`]), when it has any.
fn escaped(d: &Diagnostic) -> Option<Diagnostic> {
    use keylint_core::display::{escape, escape_line, is_unsafe};
    let unsafe_in = |s: &str| s.chars().any(is_unsafe);
    if !(unsafe_in(&d.path)
        || unsafe_in(&d.message)
        || unsafe_in(&d.snippet)
        || d.help.as_deref().is_some_and(unsafe_in)
        || d.fix.as_ref().is_some_and(|f| unsafe_in(&f.message)))
    {
        return None;
    }
    let mut e = d.clone();
    e.path = escape_line(&d.path).into_owned();
    e.message = escape(&d.message).into_owned();
    e.help = d.help.as_deref().map(|h| escape(h).into_owned());
    if let Some(fix) = &mut e.fix {
        fix.message = escape(&fix.message).into_owned();
    }
    let (snippet, span) = keylint_core::display::escape_with_span(&d.snippet, &d.snippet_span);
    e.snippet = snippet.into_owned();
    e.snippet_span = span;
    Some(e)
}

/// What miette's graphical handler writes for `d` without colour, written directly, for the
/// common case only: a non-empty one-line snippet of printable ASCII and `…` (one column each)
/// with the span inside it. `None` otherwise, and miette renders it. On a file full of problems
/// miette spent ~23,000 instructions a diagnostic on the general case (gutters, multi-line
/// spans, label placement); a test renders generated diagnostics both ways and requires the same
/// bytes.
fn render_plain(d: &Diagnostic) -> Option<String> {
    let snippet = d.snippet.as_str();
    let span = &d.snippet_span;
    let simple = !snippet.is_empty()
        && snippet
            .chars()
            .all(|c| c == '…' || (' '..='~').contains(&c))
        && span.start <= span.end
        && span.end <= snippet.len()
        && snippet.is_char_boundary(span.start)
        && snippet.is_char_boundary(span.end);
    if !simple {
        return None;
    }
    let view = View(d);
    let (icon, _) = miette_severity(d.severity);
    let mut out = String::with_capacity(256 + snippet.len());
    // Header: the code, a blank line, the message.
    let _ = writeln!(out, "{} ({})\n", d.code, d.severity);
    indent_lines(&mut out, &view.to_string(), &format!("  {icon} "), "  │ ");
    // The snippet: a box with the location, the numbered line, the underline.
    let linum = d.line.to_string();
    let pad = " ".repeat(linum.len() + 2);
    let _ = writeln!(out, "{pad}╭─[{}:{}:{}]", d.path, d.line, d.column);
    let _ = writeln!(out, " {linum} │ {snippet}");
    // miette draws no underline for an empty span at the end of the line (a missing final
    // newline): it does not start inside the line.
    if span.start < snippet.len() {
        underline(&mut out, snippet, span, linum.len());
    }
    let _ = writeln!(out, "{pad}╰────");
    if let Some(help) = miette::Diagnostic::help(&view) {
        indent_lines(&mut out, &help.to_string(), "  help: ", "        ");
    }
    Some(out)
}

/// The line under the snippet that marks `span`: `─` under it, `▲` for an empty span.
fn underline(out: &mut String, snippet: &str, span: &std::ops::Range<usize>, linum_width: usize) {
    // Columns: every character allowed in a plain snippet is one column wide.
    let start = snippet[..span.start].chars().count();
    let end = if span.is_empty() {
        start + 1
    } else {
        snippet[..span.end].chars().count().max(start + 1)
    };
    let middle = usize::midpoint(start, end);
    let _ = writeln!(
        out,
        " {:width$} · {:start$}{}{}{}",
        "",
        "",
        "─".repeat(middle - start),
        if span.is_empty() { '▲' } else { '─' },
        "─".repeat(end - middle - 1),
        width = linum_width,
    );
}

/// miette's layout of a text without wrapping: `first` before the first line, `rest` before the
/// others (trimmed on blank lines), a line break after the last.
fn indent_lines(out: &mut String, text: &str, first: &str, rest: &str) {
    for (i, line) in text.split_terminator('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent = if i == 0 { first } else { rest };
        out.push_str(if line.trim().is_empty() {
            indent.trim_end()
        } else {
            indent
        });
        out.push_str(line);
    }
    if text.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
}

/// miette's icon and severity for a keylint severity.
fn miette_severity(severity: Severity) -> (&'static str, miette::Severity) {
    match severity {
        Severity::Critical | Severity::High => ("×", miette::Severity::Error),
        Severity::Medium | Severity::Low => ("⚠", miette::Severity::Warning),
        Severity::Info => ("☞", miette::Severity::Advice),
    }
}

/// One line per diagnostic, `path:line:col: severity code: message`: the shape editors' problem
/// matchers and `grep` expect (and dotenv-linter users know). Messages are already masked.
pub fn render_concise(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::with_capacity(diagnostics.len() * 96);
    for d in diagnostics {
        concise_line(
            &mut out,
            (&d.path, d.line, d.column),
            d.severity,
            &d.code,
            &d.message,
        );
    }
    out
}

/// Appends one concise line, `path:line:col: severity code: message`, escaped, whatever the
/// message holds (its new lines become spaces): the one shape of `env` and `scan` concise output.
pub fn concise_line(
    out: &mut String,
    (path, line, column): (&str, u32, u32),
    severity: Severity,
    code: &str,
    message: &str,
) {
    let _ = write!(
        out,
        "{}:{line}:{column}: {severity} {code}: ",
        keylint_core::display::escape_line(path),
    );
    for (i, part) in message.split('\n').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&keylint_core::display::escape(part));
    }
    out.push('\n');
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

/// The closing line of `keylint env`: counts, files, what `--fix` would do. Without problems,
/// a `✓` only when the run is `complete` (every file was read): an incomplete run says what it
/// found in the files it read, and its caller ends on the outcome.
pub fn summary_line(
    diagnostics: &[Diagnostic],
    files: usize,
    fixed: usize,
    complete: bool,
) -> String {
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
        if complete {
            let _ = writeln!(out, "✓ no problems in {files_text}");
        } else {
            let _ = writeln!(out, "  no problems in the {files_text} read");
        }
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

/// One diagnostic in the JSON document (and one line of `--format jsonl`): written from a
/// [`Diagnostic`], borrowing its text, and read back by [`merge::read`](crate::merge::read) as
/// the same type, owning it, a field it does not know refused (see [`crate::json`]).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonDiagnostic<'a> {
    /// `keylint report merge` only: the label of the report (repository) it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<Cow<'a, str>>,
    pub(crate) code: Cow<'a, str>,
    pub(crate) severity: Severity,
    pub(crate) path: Cow<'a, str>,
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) end_column: u32,
    pub(crate) message: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) help: Option<Cow<'a, str>>,
    pub(crate) snippet: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) fix: Option<JsonFix<'a>>,
}

/// The fix of a [`JsonDiagnostic`]: what it does, not its edits.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JsonFix<'a> {
    pub(crate) applicability: Applicability,
    pub(crate) message: Cow<'a, str>,
}

/// The JSON rows for `diagnostics` (messages and snippets are masked by the checks).
pub fn json_rows(diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic<'_>> {
    diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            source: d.source.as_deref().map(Cow::Borrowed),
            code: Cow::Borrowed(&d.code),
            severity: d.severity,
            path: Cow::Borrowed(&d.path),
            line: d.line,
            column: d.column,
            end_column: d.end_column,
            message: Cow::Borrowed(&d.message),
            help: d.help.as_deref().map(Cow::Borrowed),
            snippet: Cow::Borrowed(&d.snippet),
            fix: d.fix.as_ref().map(|f| JsonFix {
                applicability: f.applicability,
                message: Cow::Borrowed(&f.message),
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
        Some(miette_severity(self.0.severity).1)
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
        Ok(crate::snippet::one_line_contents(
            &d.path,
            &d.snippet,
            d.line.saturating_sub(1) as usize,
            d.column.saturating_sub(1) as usize,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keylint_core::Fix;

    /// A small deterministic generator (xorshift): the same cases on every run.
    struct Cases(u64);

    impl Cases {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    fn miette_render(d: &Diagnostic) -> String {
        let handler = crate::snippet_handler(&RenderOptions::default());
        let mut out = String::new();
        handler.render_report(&mut out, &View(d)).unwrap();
        out
    }

    #[test]
    fn plain_rendering_is_byte_for_byte_what_miette_writes() {
        let snippets = [
            "APP_NAME = app20",
            "OPENAI_API_KEY=sk-p…Q4xA",
            "lower_key_7=\"…\"",
            "X",
            "FEATURE_12=true  ",
            "  INDENTED=1",
            "LIVEKIT_KEYS=\"devkey:secret\"",
            "A=1 # comment with `ticks` and {braces}",
        ];
        let messages = [
            "spaces around `=` in `APP_NAME`",
            "the value of `OPENAI_API_KEY` looks like an OpenAI key cut short: a placeholder left in place, or a truncated copy of the real key that the server will reject",
            "first line\nsecond line",
            "",
            " leading and trailing ",
        ];
        let helps = [
            "",
            "write `A=value` with nothing around `=`",
            "a long help text that has to be wrapped because it is much longer than the ninety-eight columns that miette wraps to, with `code`",
            "two\n\nparagraphs",
        ];
        let mut cases = Cases(0x9e37_79b9_7f4a_7c15);
        let mut plain = 0;
        for _ in 0..3000 {
            let snippet = cases.pick(&snippets).to_owned();
            let len = snippet.len();
            let mut a = cases.below(len + 1);
            while !snippet.is_char_boundary(a) {
                a -= 1;
            }
            let mut b = a + cases.below(len - a + 1);
            while !snippet.is_char_boundary(b) {
                b += 1;
            }
            let help = cases.pick(&helps);
            let d = Diagnostic {
                source: None,
                code: cases
                    .pick(&["spaces-around-equals", "keys/mismatch", "x"])
                    .into(),
                severity: [
                    Severity::Critical,
                    Severity::High,
                    Severity::Medium,
                    Severity::Low,
                    Severity::Info,
                ][cases.below(5)],
                message: cases.pick(&messages).into(),
                help: (!help.is_empty()).then(|| help.to_owned()),
                path: cases
                    .pick(&[".env", "svc/a b/.env.local", "deep/é/.env"])
                    .into(),
                line: [1, 9, 10, 99, 100, 12345][cases.below(6)],
                column: 1 + cases.below(40) as u32,
                end_column: 1,
                snippet,
                snippet_span: a..b,
                fix: (cases.below(2) == 0).then(|| Fix {
                    applicability: if cases.below(2) == 0 {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    },
                    message: "remove the spaces".into(),
                    edits: Vec::new(),
                }),
            };
            let expected = miette_render(&d);
            if let Some(got) = render_plain(&d) {
                plain += 1;
                assert_eq!(got, expected, "{d:?}");
            }
        }
        // The comparison covered the cases it is for: every generated snippet is simple.
        assert_eq!(plain, 3000);
        // And what it does not handle, miette renders.
        let mut tab = Diagnostic {
            source: None,
            code: "x".into(),
            severity: Severity::Low,
            message: "m".into(),
            help: None,
            path: ".env".into(),
            line: 1,
            column: 1,
            end_column: 1,
            snippet: "A=\t1".into(),
            snippet_span: 0..1,
            fix: None,
        };
        assert!(render_plain(&tab).is_none());
        tab.snippet = "A=\u{200B}1".into();
        assert!(render_plain(&tab).is_none());
        tab.snippet = String::new();
        tab.snippet_span = 0..0;
        assert!(render_plain(&tab).is_none());
    }
}
