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

use keylint_core::{Finding, Severity};
use serde_json::{Value, json};

use crate::RenderOptions;

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

/// Renders the findings as a SARIF 2.1.0 log (pretty-printed, trailing newline).
///
/// `rules` is every rule of the scan; rules of findings missing from it are added from the
/// findings, so every `ruleIndex` points at its rule.
pub fn render(findings: &[Finding], rules: &[RuleMeta<'_>], options: &RenderOptions) -> String {
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
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = all.iter().position(|r| r.id == f.rule_id).unwrap_or(0);
            result_json(f, index, options)
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "keylint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": all.iter().map(rule_json).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {
                "%SRCROOT%": { "description": { "text": "The root of the scanned tree." } }
            },
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("JSON of plain data");
    out.push('\n');
    out
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
    result
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
