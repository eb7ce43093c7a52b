//! `--format junit`: a `JUnit` XML report for CI test dashboards. One failing test case per
//! finding (class: the file, name: the rule and line), one errored case per file or object that
//! could not be read, the scan's warnings in the suite's `<system-err>`; a single passing case
//! when the scan is clean.
//!
//! ```
//! use keylint_report::{junit, RenderOptions, Summary};
//! let xml = junit::render(&[], &Summary::default(), &RenderOptions::default());
//! assert!(xml.contains(r#"<testsuite name="keylint" tests="1" failures="0""#));
//! ```

use std::fmt::Write as _;

use keylint_core::{Diagnostic, Finding};

use crate::{RenderOptions, Summary};

/// Escapes text for XML content and attribute values; characters XML 1.0 cannot hold and
/// invisible ones are written as visible escapes ([`keylint_core::display`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // XML 1.0 cannot hold most control characters, a terminal showing the report must
            // not run any (C1 controls, bidirectional overrides), and an invisible one must be
            // seen: each is written as the escape the human output shows (`\u{200b}`).
            c if (c as u32) < 0x20
                || keylint_core::display::is_unsafe(c)
                || c == '\u{FFFE}'
                || c == '\u{FFFF}' =>
            {
                keylint_core::display::push_escaped(&mut out, c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Renders the findings as a `JUnit` XML document (trailing newline).
pub fn render(findings: &[Finding], summary: &Summary, options: &RenderOptions) -> String {
    render_with_diagnostics(findings, &[], summary, options)
}

/// [`render`], with one more failing test case per lint diagnostic (`.env` checks, key
/// consistency; class: the file, name: the code and line).
#[allow(clippy::cast_precision_loss)]
pub fn render_with_diagnostics(
    findings: &[Finding],
    diagnostics: &[Diagnostic],
    summary: &Summary,
    options: &RenderOptions,
) -> String {
    let failures = findings.len() + diagnostics.len();
    let errors = summary.errors.len();
    let tests = (failures + errors).max(1);
    let seconds = summary.duration_ms as f64 / 1000.0;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"keylint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{seconds:.3}\">",
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"keylint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{seconds:.3}\">",
    );
    if failures == 0 && errors == 0 {
        let _ = writeln!(
            out,
            "    <testcase classname=\"keylint\" name=\"{}\" time=\"{seconds:.3}\"/>",
            escape(&format!(
                "no secrets in {} file{}",
                summary.files_scanned,
                if summary.files_scanned == 1 { "" } else { "s" }
            ))
        );
    }
    for f in findings {
        let loc = &f.location;
        let secret = f.display_secret(options.show_secrets);
        let mut message = format!(
            "{} ({}) found: {secret} at {}:{}:{}",
            f.rule_name, f.severity, loc.path, loc.line, loc.column
        );
        if let Some(origin) = &f.origin {
            let _ = write!(message, " in commit {}", origin.commit);
        }
        if let Some(verified) = crate::advice::verified(f) {
            let _ = write!(message, "; {verified}");
        }
        let mut body = format!(
            "{message}\n{}\n\n{}",
            f.display_snippet(options.show_secrets),
            crate::advice::help(f)
        );
        if !f.description.is_empty() {
            let _ = write!(body, "\n\n{}", f.description);
        }
        let _ = writeln!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\" time=\"0\">",
            escape(&loc.path),
            escape(&format!("{}:{}", f.rule_id, loc.line)),
            escape(&loc.path),
            loc.line,
        );
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"{}\">{}</failure>",
            escape(&message),
            escape(&f.rule_id),
            escape(&body).replace("&#10;", "\n")
        );
        out.push_str("    </testcase>\n");
    }
    for d in diagnostics {
        let message = format!(
            "{} ({}) at {}:{}:{}",
            d.code, d.severity, d.path, d.line, d.column
        );
        let mut body = format!("{}\n{}", d.message, d.snippet);
        if let Some(help) = &d.help {
            let _ = write!(body, "\n\n{help}");
        }
        let _ = writeln!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\" time=\"0\">",
            escape(&d.path),
            escape(&format!("{}:{}", d.code, d.line)),
            escape(&d.path),
            d.line,
        );
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"{}\">{}</failure>",
            escape(&message),
            escape(&d.code),
            escape(&body).replace("&#10;", "\n")
        );
        out.push_str("    </testcase>\n");
    }
    write_incomplete(&mut out, summary);
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// One errored test case per file or object that could not be read, and the scan's warnings
/// as the suite's `<system-err>`.
fn write_incomplete(out: &mut String, summary: &Summary) {
    for e in &summary.errors {
        let _ = writeln!(
            out,
            "    <testcase classname=\"{path}\" name=\"{}\" file=\"{path}\" time=\"0\">",
            escape(&format!("unreadable: {}", e.path)),
            path = escape(&e.path),
        );
        let _ = writeln!(
            out,
            "      <error message=\"{}\" type=\"unreadable\"/>",
            escape(&format!("could not read {}: {}", e.path, e.reason)),
        );
        out.push_str("    </testcase>\n");
    }
    if !summary.warnings.is_empty() {
        let lines: Vec<String> = summary
            .warnings
            .iter()
            .map(|w| format!("warning {}: {}", w.code, w.message))
            .collect();
        let _ = writeln!(
            out,
            "    <system-err>{}</system-err>",
            escape(&lines.join("\n")).replace("&#10;", "\n")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Skipped, Warning};

    #[test]
    fn unreadable_files_are_errors_and_warnings_go_to_system_err() {
        let summary = Summary {
            files_scanned: 3,
            errors: vec![Skipped {
                path: "conf/<a>.env".into(),
                reason: "permission denied".into(),
            }],
            warnings: vec![Warning {
                code: Warning::SHALLOW_CLONE,
                message: "history cut at abc1234".into(),
            }],
            ..Summary::default()
        };
        let xml = render(&[], &summary, &RenderOptions::default());
        assert!(
            xml.contains(r#"tests="1" failures="0" errors="1""#),
            "{xml}"
        );
        assert!(!xml.contains("no secrets in"), "{xml}");
        assert!(
            xml.contains(r#"<error message="could not read conf/&lt;a&gt;.env: permission denied" type="unreadable"/>"#),
            "{xml}"
        );
        assert!(
            xml.contains("<system-err>warning shallow-clone: history cut at abc1234</system-err>"),
            "{xml}"
        );
    }

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\u{1}"
        );
        // Which invisible character it was stays visible, as in the human output.
        assert_eq!(escape("a\u{200b}b\u{FFFF}"), "a\\u{200b}b\\u{ffff}");
    }
}
