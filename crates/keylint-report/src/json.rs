//! `--format json`: one versioned document, `{"version":1,"findings":[…],"summary":{…}}`.
//! The schema is documented in `docs/json-schema.md`; fields are only ever added within a
//! version.

use keylint_core::Finding;
use serde::Serialize;

use crate::{RenderOptions, Summary};

/// Version of the JSON document's schema (a breaking change bumps it).
pub const SCHEMA_VERSION: u32 = 1;

/// Revision within [`SCHEMA_VERSION`]: bumped when fields are added (2: `verification`; 3:
/// `source` and `summary.merged`, written by `keylint report merge`).
pub const SCHEMA_REVISION: u32 = 3;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    revision: u32,
    tool: Tool,
    findings: Vec<JsonFinding<'a>>,
    /// `.env` lint results (`keylint env`, and `.env` files during `keylint scan`).
    #[serde(skip_serializing_if = "Option::is_none")]
    diagnostics: Option<Vec<crate::diagnostics::JsonDiagnostic<'a>>>,
    summary: JsonSummary<'a>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    /// `keylint report merge` only: the label of the report (repository) it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    rule_id: &'a str,
    rule_name: &'a str,
    severity: keylint_core::Severity,
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    secret: String,
    snippet: String,
    fingerprint: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rotate: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    present_at_head: Option<bool>,
    /// `--verify` only: what the provider said.
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<&'a keylint_core::Verification>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    findings: usize,
    by_severity: std::collections::BTreeMap<keylint_core::Severity, usize>,
    #[serde(flatten)]
    scan: &'a Summary,
}

fn row<'a>(f: &'a Finding, options: &RenderOptions) -> JsonFinding<'a> {
    JsonFinding {
        source: f.source.as_deref(),
        rule_id: &f.rule_id,
        rule_name: &f.rule_name,
        severity: f.severity,
        path: &f.location.path,
        line: f.location.line,
        column: f.location.column,
        end_line: f.location.end_line,
        end_column: f.location.end_column,
        secret: f.display_secret(options.show_secrets),
        snippet: f.display_snippet(options.show_secrets),
        fingerprint: f.fingerprint.as_str(),
        description: &f.description,
        rotate: f.rotate.as_deref(),
        commit: f.origin.as_ref().map(|o| o.commit.as_str()),
        author: f.origin.as_ref().map(|o| o.author.as_str()),
        date: f.origin.as_ref().map(|o| o.date.as_str()),
        present_at_head: f.origin.as_ref().and_then(|o| o.present_at_head),
        verification: f.verification.as_ref(),
    }
}

/// `--format jsonl`: one finding a line, each an object with the fields of a `findings` entry
/// of the JSON document (nothing at all when the scan is clean).
pub fn render_lines(findings: &[Finding], options: &RenderOptions) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&serde_json::to_string(&row(f, options)).expect("JSON of plain data"));
        out.push('\n');
    }
    out
}

/// Renders the findings as the versioned JSON document (pretty-printed, trailing newline).
pub fn render(findings: &[Finding], summary: &Summary, options: &RenderOptions) -> String {
    render_with_diagnostics(findings, None, summary, options)
}

/// Renders the findings and, when given, `.env` lint diagnostics as a `diagnostics` array.
pub fn render_with_diagnostics(
    findings: &[Finding],
    diagnostics: Option<&[keylint_core::Diagnostic]>,
    summary: &Summary,
    options: &RenderOptions,
) -> String {
    let doc = Document {
        diagnostics: diagnostics.map(crate::diagnostics::json_rows),
        version: SCHEMA_VERSION,
        revision: SCHEMA_REVISION,
        tool: Tool {
            name: "keylint",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: findings.iter().map(|f| row(f, options)).collect(),
        summary: JsonSummary {
            findings: findings.len(),
            by_severity: Summary::counts(findings),
            scan: summary,
        },
    };
    // Sized up front: a report of thousands of rows would otherwise be copied at every doubling.
    let rows = findings.len() + diagnostics.map_or(0, <[_]>::len);
    let mut out = Vec::with_capacity(1024 + 768 * rows);
    serde_json::to_writer_pretty(&mut out, &doc).expect("JSON of plain data");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
