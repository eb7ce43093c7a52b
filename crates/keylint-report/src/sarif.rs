//! `--format sarif`: a SARIF 2.1.0 log for code-scanning dashboards (GitHub code scanning
//! among them).
//!
//! One run, one tool (`keylint`, with every rule it knows), one result per finding with a
//! relative URI under `%SRCROOT%`, a region (SARIF columns: 1-based, `endColumn` exclusive,
//! counted in Unicode code points as `columnKind` says), the masked snippet and a content-based
//! `partialFingerprints` entry.
//!
//! ```
//! use keylint_report::{sarif, RenderOptions};
//! let log = sarif::render(&[], &[], &RenderOptions::default());
//! let value: serde_json::Value = serde_json::from_str(&log).unwrap();
//! assert_eq!(value["version"], "2.1.0");
//! ```

use std::fmt::Write as _;

use keylint_core::{Diagnostic, Finding, Fingerprint, Severity};
use serde_json::{Value, json};

use crate::{RenderOptions, Summary};

/// The SARIF 2.1.0 schema URI written in `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where keylint is documented (`tool.driver.informationUri`).
pub const INFORMATION_URI: &str = "https://github.com/keylint/keylint";

/// What SARIF needs to know of a rule: the scanner's rule list, mapped by the caller.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta<'a> {
    /// Rule id, e.g. `openai-project-key`.
    pub id: &'a str,
    /// Human name.
    pub name: &'a str,
    /// Why it matters.
    pub description: &'a str,
    /// Default severity.
    pub severity: Severity,
    /// How to revoke and replace the credential, if known.
    pub rotate: Option<&'a str>,
}

/// GitHub's `security-severity` score for a severity (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0).
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// SARIF `level` for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "note",
    }
}

fn rule_help(description: &str, rotate: Option<&str>) -> String {
    format!(
        "{description}\n\nFix: remove the secret from the source and read it at run time from an \
         environment variable or a secret manager (commit a placeholder such as `.env.example` \
         instead). The value has been exposed: rotate it. {}",
        rotate.unwrap_or("Revoke it with its provider and issue a new one.")
    )
}

fn first_sentence(text: &str) -> &str {
    text.split_once(". ").map_or(text, |(first, _)| first)
}

fn rule_json(rule: &RuleMeta<'_>) -> Value {
    let help = rule_help(rule.description, rule.rotate);
    json!({
        "id": rule.id,
        "name": pascal_case(rule.id),
        "shortDescription": { "text": rule.name },
        "fullDescription": { "text": first_sentence(rule.description) },
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "security-severity": security_severity(rule.severity),
            "precision": "high",
            "problem.severity": if rule.severity >= Severity::High { "error" } else { "warning" },
            "tags": ["security", "secret", "credentials", rule.severity.as_str()],
        },
    })
}

/// SARIF rule names are identifiers (`OpenaiProjectKey`), not the id.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// What SARIF needs to know of a lint check whose diagnostics a scan reports (`.env` checks,
/// key consistency).
#[derive(Debug, Clone, Copy)]
pub struct CheckMeta<'a> {
    /// The diagnostics' code, e.g. `secret-too-short` or `keys/mismatch`.
    pub id: &'a str,
    /// One line on what it reports.
    pub summary: &'a str,
    /// Default severity.
    pub severity: Severity,
}

fn check_json(check: &CheckMeta<'_>) -> Value {
    json!({
        "id": check.id,
        "name": pascal_case(check.id),
        "shortDescription": { "text": check.summary },
        "fullDescription": { "text": check.summary },
        "help": { "text": check.summary, "markdown": check.summary },
        "defaultConfiguration": { "level": level(check.severity) },
        "properties": {
            "security-severity": security_severity(check.severity),
            "precision": "high",
            "problem.severity": if check.severity >= Severity::High { "error" } else { "warning" },
            "tags": ["security", "configuration", "credentials", check.severity.as_str()],
        },
    })
}

/// Renders the findings as a SARIF 2.1.0 log (pretty-printed, trailing newline).
///
/// `rules` is every rule of the scan; rules of findings missing from it are added from the
/// findings, so every `ruleIndex` points at its rule.
pub fn render(findings: &[Finding], rules: &[RuleMeta<'_>], options: &RenderOptions) -> String {
    render_with_diagnostics(findings, rules, &[], &[], options)
}

/// [`render`], plus one result per lint diagnostic (`.env` checks, key consistency), each
/// under a rule of its own code: `checks` describes the codes, and codes missing from it get a
/// rule made from the diagnostic. Messages and snippets of diagnostics are masked already.
///
/// ```
/// use keylint_core::{Diagnostic, Severity};
/// use keylint_report::{sarif, RenderOptions};
/// let d = Diagnostic {
///     code: "keys/mismatch".into(), severity: Severity::High,
///     message: "`JWT_SECRET` has 2 different values in 2 places".into(), help: None,
///     path: "api/.env".into(), line: 1, column: 12, end_column: 20,
///     snippet: "JWT_SECRET=Zq8L…o8Ri".into(), snippet_span: 11..22, fix: None,
///     source: None,
/// };
/// let log = sarif::render_with_diagnostics(&[], &[], &[d], &[], &RenderOptions::default());
/// let value: serde_json::Value = serde_json::from_str(&log).unwrap();
/// assert_eq!(value["runs"][0]["results"][0]["ruleId"], "keys/mismatch");
/// assert_eq!(value["runs"][0]["tool"]["driver"]["rules"][0]["id"], "keys/mismatch");
/// ```
pub fn render_with_diagnostics(
    findings: &[Finding],
    rules: &[RuleMeta<'_>],
    diagnostics: &[Diagnostic],
    checks: &[CheckMeta<'_>],
    options: &RenderOptions,
) -> String {
    render_with_summary(
        findings,
        rules,
        diagnostics,
        checks,
        &Summary::default(),
        options,
    )
}

/// [`render_with_diagnostics`], plus what limits the run, from its summary, as
/// `invocations[0].toolExecutionNotifications`: each warning (a shallow clone's cut, a damaged
/// object worked around) at level `warning` with its code as descriptor, and each file or
/// object that could not be read at level `error` (descriptor `unreadable`, the path as
/// location). `executionSuccessful` is false when something could not be read: the results are
/// incomplete. With neither, the log has no `invocations`.
///
/// ```
/// use keylint_report::{sarif, RenderOptions, Skipped, Summary, Warning};
/// let summary = Summary {
///     warnings: vec![Warning { code: Warning::SHALLOW_CLONE, message: "history cut".into() }],
///     errors: vec![Skipped { path: "a.env".into(), reason: "permission denied".into() }],
///     ..Summary::default()
/// };
/// let log = sarif::render_with_summary(&[], &[], &[], &[], &summary, &RenderOptions::default());
/// let value: serde_json::Value = serde_json::from_str(&log).unwrap();
/// let invocation = &value["runs"][0]["invocations"][0];
/// assert_eq!(invocation["executionSuccessful"], false);
/// let notes = &invocation["toolExecutionNotifications"];
/// assert_eq!(notes[0]["level"], "warning");
/// assert_eq!(notes[0]["descriptor"]["id"], "shallow-clone");
/// assert_eq!(notes[1]["level"], "error");
/// assert_eq!(notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "a.env");
/// ```
pub fn render_with_summary(
    findings: &[Finding],
    rules: &[RuleMeta<'_>],
    diagnostics: &[Diagnostic],
    checks: &[CheckMeta<'_>],
    summary: &Summary,
    options: &RenderOptions,
) -> String {
    let mut all: Vec<RuleMeta<'_>> = rules.to_vec();
    for f in findings {
        if !all.iter().any(|r| r.id == f.rule_id) {
            all.push(RuleMeta {
                id: &f.rule_id,
                name: &f.rule_name,
                description: &f.description,
                severity: f.severity,
                rotate: f.rotate.as_deref(),
            });
        }
    }
    let mut used_checks: Vec<CheckMeta<'_>> = Vec::new();
    for d in diagnostics {
        if !used_checks.iter().any(|c| c.id == d.code) {
            used_checks.push(checks.iter().find(|c| c.id == d.code).copied().unwrap_or(
                CheckMeta {
                    id: &d.code,
                    summary: &d.code,
                    severity: d.severity,
                },
            ));
        }
    }
    let mut results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = all.iter().position(|r| r.id == f.rule_id).unwrap_or(0);
            result_json(f, index, options)
        })
        .collect();
    results.extend(diagnostics.iter().map(|d| {
        let index = all.len() + used_checks.iter().position(|c| c.id == d.code).unwrap_or(0);
        diagnostic_json(d, index)
    }));
    let mut rules_json: Vec<Value> = all.iter().map(rule_json).collect();
    rules_json.extend(used_checks.iter().map(check_json));
    // Artifact URIs are key paths (the CLI hands them over): relative to the repository root,
    // so they stay valid under %SRCROOT% and code scanning places them whatever directory the
    // scan ran in.
    let mut log = log(
        rules_json,
        results,
        "The repository root: the git work tree holding the scanned files (else the config \
         file's directory, else the scan root).",
    );
    let mut notifications: Vec<Value> = summary
        .warnings
        .iter()
        .map(|w| {
            json!({
                "level": "warning",
                "message": { "text": w.message },
                "descriptor": { "id": w.code },
            })
        })
        .collect();
    notifications.extend(summary.errors.iter().map(|e| {
        json!({
            "level": "error",
            "message": { "text": format!("could not read {}: {}", e.path, e.reason) },
            "descriptor": { "id": "unreadable" },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": relative_uri(&e.path), "uriBaseId": "%SRCROOT%" }
                }
            }],
        })
    }));
    if !notifications.is_empty() {
        // Warnings leave the results complete; an unreadable file does not.
        log["runs"][0]["invocations"] = json!([{
            "executionSuccessful": summary.errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }]);
    }
    let mut out = serde_json::to_string_pretty(&log).expect("JSON of plain data");
    out.push('\n');
    out
}

/// A SARIF 2.1.0 log of one keylint run: the driver with `rules`, then `results`, with
/// locations relative to `%SRCROOT%` (described as `root`). Shared by every command that writes
/// SARIF, so they all name the tool, its version and the root the same way.
pub fn log(rules: Vec<Value>, results: Vec<Value>, root: &str) -> Value {
    let mut log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "keylint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": [],
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {
                "%SRCROOT%": { "description": { "text": root } }
            },
            "results": [],
        }],
    });
    // Moved in, not serialised again: a run can hold thousands of results.
    let run = &mut log["runs"][0];
    run["tool"]["driver"]["rules"] = Value::Array(rules);
    run["results"] = Value::Array(results);
    log
}

/// A path as a relative URI reference: `/` separators, no leading `./`, and characters that are
/// not allowed in a URI percent-encoded.
pub fn relative_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn result_json(f: &Finding, rule_index: usize, options: &RenderOptions) -> Value {
    let loc = &f.location;
    let mut message = crate::advice::found(f, options.show_secrets);
    if let Some(origin) = &f.origin {
        let short = origin.commit.get(..12).unwrap_or(&origin.commit);
        let _ = write!(message, " (commit {short})");
    }
    message.push_str(".\n");
    message.push_str(&crate::advice::help(f));
    let mut result = json!({
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {
                    "uri": relative_uri(&loc.path),
                    "uriBaseId": "%SRCROOT%",
                },
                "region": {
                    "startLine": loc.line,
                    "startColumn": loc.column,
                    "endLine": loc.end_line,
                    "endColumn": loc.end_column + 1,
                    "snippet": { "text": f.display_snippet(options.show_secrets) },
                }
            }
        }],
        "partialFingerprints": { "keylint/v1": f.fingerprint.as_str() },
        "properties": {
            "severity": f.severity.as_str(),
            "security-severity": security_severity(f.severity),
        },
    });
    if let Some(origin) = &f.origin {
        result["properties"]["commit"] = json!(origin.commit);
        result["properties"]["date"] = json!(origin.date);
    }
    if let Some(verification) = &f.verification {
        result["properties"]["verification"] = json!(verification);
    }
    with_source(&mut result, f.source.as_deref());
    result
}

/// A merged report's result (`keylint report merge`): the repository it came from as
/// `properties.source`, and in its partial fingerprints, so that a dashboard never takes the
/// same secret in two repositories for one alert.
fn with_source(result: &mut Value, source: Option<&str>) {
    if let Some(source) = source {
        result["properties"]["source"] = json!(source);
        result["partialFingerprints"]["keylint/source/v1"] = json!(source);
    }
}

fn diagnostic_json(d: &Diagnostic, rule_index: usize) -> Value {
    let mut result = diagnostic_result(d, rule_index);
    with_source(&mut result, d.source.as_deref());
    result
}

fn diagnostic_result(d: &Diagnostic, rule_index: usize) -> Value {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        let _ = write!(message, "\n{help}");
    }
    let first_line = d.message.lines().next().unwrap_or("");
    json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {
                    "uri": relative_uri(&d.path),
                    "uriBaseId": "%SRCROOT%",
                },
                "region": {
                    "startLine": d.line.max(1),
                    "startColumn": d.column.max(1),
                    "endColumn": d.end_column.max(d.column).max(1) + 1,
                    "snippet": { "text": d.snippet },
                }
            }
        }],
        "partialFingerprints": {
            "keylint/v1": Fingerprint::new(&d.code, first_line, &d.path).as_str(),
        },
        "properties": {
            "severity": d.severity.as_str(),
            "security-severity": security_severity(d.severity),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(relative_uri("./src/a b.rs"), "src/a%20b.rs");
        assert_eq!(relative_uri("dir\\x%y.env"), "dir/x%25y.env");
    }

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(pascal_case("openai-project-key"), "OpenaiProjectKey");
    }
}
