//! `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::…`), one per
//! finding, which GitHub shows as annotations on the pull request; and a markdown summary for
//! `$GITHUB_STEP_SUMMARY`, since GitHub shows only a few annotations per step.
//!
//! ```
//! use keylint_report::github::{escape_data, escape_property};
//! assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
//! assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
//! ```

use std::fmt::Write as _;

use keylint_core::{Diagnostic, Finding, Severity};

use crate::{RenderOptions, Summary};

/// Escapes a workflow command's message (`%`, `\r`, `\n`); other control characters (terminal
/// escape sequences from a scanned file's name or line) are written as `\u{…}`.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if keylint_core::display::is_unsafe(c) => {
                out.push_str(&keylint_core::display::escape(c.encode_utf8(&mut [0; 4])));
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a workflow command's property value (`%`, `\r`, `\n`, `:`, `,`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command for a severity: `error` for high and critical, `warning` for medium and
/// low, `notice` for info.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "notice",
    }
}

/// Renders one annotation per finding, a `::warning::` line per warning of the summary (a
/// shallow clone's cut …), then a `::notice::` line with the totals.
pub fn render(findings: &[Finding], summary: &Summary, options: &RenderOptions) -> String {
    render_with_diagnostics(findings, &[], summary, options)
}

/// [`render`], with one more annotation per lint diagnostic (`.env` checks, key consistency;
/// their messages are masked already) and their count in the totals.
pub fn render_with_diagnostics(
    findings: &[Finding],
    diagnostics: &[Diagnostic],
    summary: &Summary,
    options: &RenderOptions,
) -> String {
    let mut out = String::new();
    for f in findings {
        let loc = &f.location;
        let title = format!("keylint {}: {} ({})", f.rule_id, f.rule_name, f.severity);
        let mut message = crate::advice::found(f, options.show_secrets);
        if let Some(origin) = &f.origin {
            let short = origin.commit.get(..12).unwrap_or(&origin.commit);
            let _ = write!(message, " (commit {short})");
        }
        message.push('\n');
        message.push_str(&crate::advice::help(f));
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            escape_property(&loc.path),
            loc.line,
            loc.column,
            loc.end_line,
            loc.end_column,
            escape_property(&title),
            escape_data(&message),
        );
    }
    for d in diagnostics {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, "\n{help}");
        }
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},endColumn={},title={}::{}",
            command(d.severity),
            escape_property(&d.path),
            d.line,
            d.column,
            d.end_column,
            escape_property(&format!("keylint {} ({})", d.code, d.severity)),
            escape_data(&message),
        );
    }
    for warning in &summary.warnings {
        let _ = writeln!(
            out,
            "::warning title={}::{}",
            escape_property(&format!("keylint {}", warning.code)),
            escape_data(&warning.message),
        );
    }
    let mut totals = totals(findings, summary);
    if !diagnostics.is_empty() {
        let _ = write!(
            totals,
            "; {} configuration problem{}",
            diagnostics.len(),
            if diagnostics.len() == 1 { "" } else { "s" }
        );
    }
    let _ = writeln!(out, "::notice title=keylint::{}", escape_data(&totals));
    out
}

fn totals(findings: &[Finding], summary: &Summary) -> String {
    let mut text = format!(
        "{} finding{} in {} file{} scanned",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        summary.files_scanned,
        if summary.files_scanned == 1 { "" } else { "s" },
    );
    let counts = Summary::counts(findings);
    if !counts.is_empty() {
        let parts: Vec<String> = counts
            .iter()
            .rev()
            .map(|(severity, n)| format!("{n} {severity}"))
            .collect();
        let _ = write!(text, " ({})", parts.join(", "));
    }
    text
}

/// Escapes text for a markdown table cell: pipes, backslashes, HTML and line breaks.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push(' '),
            c if keylint_core::display::is_unsafe(c) => {
                out.push_str(&keylint_core::display::escape(c.encode_utf8(&mut [0; 4])));
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for a code span inside a table cell: only pipes, backticks and line breaks matter.
fn code_cell(text: &str) -> String {
    keylint_core::display::escape_line(&text.replace(['\r', '\n'], " "))
        .replace('|', "\\|")
        .replace('`', "'")
}

/// Appends the [`step_summary`] to the file `path` (GitHub Actions' `$GITHUB_STEP_SUMMARY`),
/// creating it when missing.
pub fn append_step_summary(
    path: &std::path::Path,
    findings: &[Finding],
    summary: &Summary,
    options: &RenderOptions,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let text = step_summary(findings, summary, options);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// Renders the markdown summary for `$GITHUB_STEP_SUMMARY`: totals and a table of findings
/// (rule, severity, `file:line`, masked secret).
pub fn step_summary(findings: &[Finding], summary: &Summary, options: &RenderOptions) -> String {
    let mut out = String::from("## keylint\n\n");
    let _ = writeln!(out, "{}\n", totals(findings, summary));
    for warning in &summary.warnings {
        let _ = writeln!(out, "> **Warning:** {}\n", cell(&warning.message));
    }
    if findings.is_empty() {
        out.push_str("No secrets found.\n");
        return out;
    }
    out.push_str("| Rule | Severity | Location | Secret |\n");
    out.push_str("| --- | --- | --- | --- |\n");
    for f in findings {
        let _ = writeln!(
            out,
            "| {} ({}) | {} | `{}:{}` | `{}` |",
            cell(&f.rule_name),
            cell(&f.rule_id),
            f.severity,
            code_cell(&f.location.path),
            f.location.line,
            code_cell(&f.display_secret(options.show_secrets)),
        );
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_escape_separators() {
        assert_eq!(
            escape_property("dir,1/a:b%c\r\nd.env"),
            "dir%2C1/a%3Ab%25c%0D%0Ad.env"
        );
    }

    #[test]
    fn messages_keep_separators() {
        assert_eq!(escape_data("a,b:c 100%\r\n"), "a,b:c 100%25%0D%0A");
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc<d>"), "a\\|b c&lt;d&gt;");
        assert_eq!(code_cell("a|b`c\nd"), "a\\|b'c d");
    }
}
