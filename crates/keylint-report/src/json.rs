//! `--format json`: one versioned document, `{"version":1,"findings":[…],"summary":{…}}`.
//! The schema is documented in `docs/json-schema.md`; fields are only ever added within a
//! version.
//!
//! The types below are the document's one description, for both directions: a report borrows
//! the findings and summary it writes ([`Cow::Borrowed`]), and
//! [`merge::read`](crate::merge::read) reads a report back into the same types, owning their
//! text, every object but `tool` refusing a field it does not know. A field added here is
//! written and read alike: the writer and the reader cannot disagree.

use std::borrow::Cow;
use std::collections::BTreeMap;

use keylint_core::{Finding, Fingerprint, Severity, Verification};
use serde::{Deserialize, Serialize};

use crate::diagnostics::JsonDiagnostic;
use crate::{Merged, RenderOptions, Skipped, Summary};

/// Version of the JSON document's schema (a breaking change bumps it).
pub const SCHEMA_VERSION: u32 = 1;

/// Revision within [`SCHEMA_VERSION`]: bumped when fields are added (2: `verification`; 3:
/// `source` and `summary.merged`, written by `keylint report merge`).
pub const SCHEMA_REVISION: u32 = 3;

/// The whole document. Read back, a missing `revision` is 0 (the first revision had none) and
/// missing `diagnostics` are none.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Document<'a> {
    pub(crate) version: u32,
    #[serde(default)]
    pub(crate) revision: u32,
    pub(crate) tool: Tool<'a>,
    pub(crate) findings: Vec<JsonFinding<'a>>,
    /// `.env` lint results (`keylint env`, and `.env` files during `keylint scan`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) diagnostics: Option<Vec<JsonDiagnostic<'a>>>,
    pub(crate) summary: JsonSummary<'a>,
}

/// The program that wrote the document. Read back, only `name` must be there and other fields
/// are let through: a document of another tool is refused by its name, which the error gives.
#[derive(Serialize, Deserialize)]
pub(crate) struct Tool<'a> {
    pub(crate) name: Cow<'a, str>,
    #[serde(default)]
    pub(crate) version: Cow<'a, str>,
}

/// One entry of the document's `findings`, and one line of `--format jsonl`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JsonFinding<'a> {
    /// `keylint report merge` only: the label of the report (repository) it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<Cow<'a, str>>,
    pub(crate) rule_id: Cow<'a, str>,
    pub(crate) rule_name: Cow<'a, str>,
    pub(crate) severity: Severity,
    pub(crate) path: Cow<'a, str>,
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) end_line: u32,
    pub(crate) end_column: u32,
    /// Masked unless `--show-secrets`.
    pub(crate) secret: Cow<'a, str>,
    /// Masked unless `--show-secrets`.
    pub(crate) snippet: Cow<'a, str>,
    pub(crate) fingerprint: Cow<'a, Fingerprint>,
    pub(crate) description: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) rotate: Option<Cow<'a, str>>,
    /// `commit`, `author`, `date` and `present_at_head`: the finding's git origin, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) commit: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) author: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) date: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) present_at_head: Option<bool>,
    /// `--verify` only: what the provider said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) verification: Option<Cow<'a, Verification>>,
}

/// The document's `summary`: the counts of its findings, then a [`Summary`] field by field.
/// Read back, what a scan without them (or an earlier revision) leaves out is empty.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JsonSummary<'a> {
    pub(crate) findings: usize,
    #[serde(default)]
    pub(crate) by_severity: BTreeMap<Severity, usize>,
    pub(crate) files_scanned: u64,
    pub(crate) bytes_scanned: u64,
    #[serde(default)]
    pub(crate) binary_skipped: u64,
    #[serde(default)]
    pub(crate) skipped: Cow<'a, [Skipped]>,
    #[serde(default)]
    pub(crate) errors: Cow<'a, [Skipped]>,
    #[serde(default)]
    pub(crate) duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) commits_scanned: Option<u64>,
    #[serde(default)]
    pub(crate) baselined: u64,
    #[serde(default)]
    pub(crate) stale_baseline: Cow<'a, [String]>,
    #[serde(default)]
    pub(crate) warnings: Vec<JsonWarning<'a>>,
    /// `keylint report merge` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) merged: Option<Cow<'a, Merged>>,
}

/// A [`Warning`](crate::Warning) of the summary. Read back, its code is text: the reader
/// refuses one it does not know, by name.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JsonWarning<'a> {
    pub(crate) code: Cow<'a, str>,
    pub(crate) message: Cow<'a, str>,
}

impl<'a> JsonFinding<'a> {
    /// The entry of `f`, its secret and snippet masked unless `options.show_secrets`.
    fn new(f: &'a Finding, options: &RenderOptions) -> Self {
        let origin = f.origin.as_ref();
        JsonFinding {
            source: f.source.as_deref().map(Cow::Borrowed),
            rule_id: Cow::Borrowed(&f.rule_id),
            rule_name: Cow::Borrowed(&f.rule_name),
            severity: f.severity,
            path: Cow::Borrowed(&f.location.path),
            line: f.location.line,
            column: f.location.column,
            end_line: f.location.end_line,
            end_column: f.location.end_column,
            secret: Cow::Owned(f.display_secret(options.show_secrets)),
            snippet: Cow::Owned(f.display_snippet(options.show_secrets)),
            fingerprint: Cow::Borrowed(&f.fingerprint),
            description: Cow::Borrowed(&f.description),
            rotate: f.rotate.as_deref().map(Cow::Borrowed),
            commit: origin.map(|o| Cow::Borrowed(o.commit.as_str())),
            author: origin.map(|o| Cow::Borrowed(o.author.as_str())),
            date: origin.map(|o| Cow::Borrowed(o.date.as_str())),
            present_at_head: origin.and_then(|o| o.present_at_head),
            verification: f.verification.as_ref().map(Cow::Borrowed),
        }
    }
}

impl<'a> JsonSummary<'a> {
    /// The summary of a document listing `findings`.
    fn new(findings: &[Finding], summary: &'a Summary) -> Self {
        // Every field named: one added to `Summary` cannot be left out of the report unseen.
        let Summary {
            files_scanned,
            bytes_scanned,
            binary_skipped,
            skipped,
            errors,
            duration_ms,
            commits_scanned,
            baselined,
            stale_baseline,
            warnings,
            merged,
        } = summary;
        JsonSummary {
            findings: findings.len(),
            by_severity: Summary::counts(findings),
            files_scanned: *files_scanned,
            bytes_scanned: *bytes_scanned,
            binary_skipped: *binary_skipped,
            skipped: Cow::Borrowed(skipped),
            errors: Cow::Borrowed(errors),
            duration_ms: *duration_ms,
            commits_scanned: *commits_scanned,
            baselined: *baselined,
            stale_baseline: Cow::Borrowed(stale_baseline),
            warnings: (warnings.iter())
                .map(|w| JsonWarning {
                    code: Cow::Borrowed(w.code),
                    message: Cow::Borrowed(&w.message),
                })
                .collect(),
            merged: merged.as_ref().map(Cow::Borrowed),
        }
    }
}

/// `--format jsonl`: one finding a line, each an object with the fields of a `findings` entry
/// of the JSON document (nothing at all when the scan is clean).
pub fn render_lines(findings: &[Finding], options: &RenderOptions) -> String {
    let mut out = String::new();
    for f in findings {
        let row = JsonFinding::new(f, options);
        out.push_str(&serde_json::to_string(&row).expect("JSON of plain data"));
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
            name: Cow::Borrowed("keylint"),
            version: Cow::Borrowed(env!("CARGO_PKG_VERSION")),
        },
        findings: findings
            .iter()
            .map(|f| JsonFinding::new(f, options))
            .collect(),
        summary: JsonSummary::new(findings, summary),
    };
    // Sized up front: a report of thousands of rows would otherwise be copied at every doubling.
    let rows = findings.len() + diagnostics.map_or(0, <[_]>::len);
    let mut out = Vec::with_capacity(1024 + 768 * rows);
    serde_json::to_writer_pretty(&mut out, &doc).expect("JSON of plain data");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

#[cfg(test)]
mod tests {
    use keylint_core::{Diagnostic, Fix, GitOrigin, Location, VerifyStatus};
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    use super::*;
    use crate::diagnostics::JsonFix;
    use crate::format::{Document as _, Format};
    use crate::{Warning, merge};

    /// The fields `T` reads, as serde lists them when it refuses an unknown one (sorted).
    fn fields<T: DeserializeOwned>() -> Vec<String> {
        let Err(refused) = serde_json::from_str::<T>(r#"{"?": 0}"#) else {
            panic!("an unknown field is read");
        };
        // "unknown field `?`, expected one of `a`, `b` at line 1 column 8"
        let mut names: Vec<String> = (refused.to_string().split('`'))
            .skip(3)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        assert!(names.len() > 1, "{refused}");
        names.sort();
        names
    }

    /// The keys of the JSON object `v` (sorted).
    fn keys(v: &Value) -> Vec<String> {
        let mut names: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        names.sort();
        names
    }

    /// A finding with every optional field set (a secret assembled so that this source
    /// holds none).
    fn everything() -> Finding {
        let secret = format!("sk-proj-{}", "f".repeat(40));
        let snippet = format!("OPENAI_API_KEY={secret}");
        Finding {
            rule_id: "openai-project-key".into(),
            rule_name: "OpenAI project API key".into(),
            severity: Severity::High,
            description: "Bills usage.".into(),
            rotate: Some("Revoke it in the dashboard.".into()),
            location: Location {
                path: "api/.env".into(),
                line: 3,
                column: 16,
                end_line: 3,
                end_column: 63,
                byte_start: 0,
                byte_end: 0,
            },
            snippet_secret: 15..snippet.len(),
            fingerprint: Fingerprint::new("openai-project-key", &secret, "api/.env"),
            secret,
            snippet,
            snippet_other_secrets: Vec::new(),
            origin: Some(GitOrigin {
                commit: "0123456789abcdef0123456789abcdef01234567".into(),
                author: "A <a@example.com>".into(),
                date: "2024-01-01T00:00:00Z".into(),
                present_at_head: Some(false),
            }),
            verification: Some(Verification {
                status: VerifyStatus::Unknown,
                provider: "openai".into(),
                reason: Some("offline".into()),
                identity: Some("org-1".into()),
                docs: "https://platform.openai.com/docs".into(),
            }),
            source: Some("api".into()),
        }
    }

    #[test]
    fn what_the_writer_writes_the_reader_reads_whole() {
        let problem = Diagnostic {
            source: Some("api".into()),
            code: "spaces-around-equals".into(),
            severity: Severity::Low,
            message: "spaces around `=` in `KEY`".into(),
            help: Some("write `KEY=value`".into()),
            path: "api/.env".into(),
            line: 2,
            column: 4,
            end_column: 6,
            snippet: "KEY = v".into(),
            snippet_span: 3..6,
            fix: Some(Fix::safe("remove the spaces", Vec::new())),
        };
        let skipped = |path: &str| Skipped {
            path: path.into(),
            reason: "permission denied".into(),
        };
        let summary = Summary {
            files_scanned: 3,
            bytes_scanned: 120,
            binary_skipped: 1,
            skipped: vec![skipped("api: big.bin")],
            errors: vec![skipped("api: locked")],
            duration_ms: 7,
            commits_scanned: Some(2),
            baselined: 1,
            stale_baseline: vec!["api: aws-access-key:x:0011223344556677".into()],
            warnings: vec![Warning {
                code: Warning::SHALLOW_CLONE,
                message: "api: shallow clone".into(),
            }],
            merged: Some(Merged {
                reports: vec!["api".into()],
                duplicates: 1,
            }),
        };
        let written = render_with_diagnostics(
            &[everything()],
            Some(&[problem]),
            &summary,
            &RenderOptions::default(),
        );
        // The fixture sets every field the reader knows, nested objects' too: one added to
        // these types and left out here fails.
        let doc: Value = serde_json::from_str(&written).unwrap();
        let (diagnostic, summary) = (&doc["diagnostics"][0], &doc["summary"]);
        assert_eq!(keys(&doc), fields::<Document>());
        assert_eq!(keys(&doc["findings"][0]), fields::<JsonFinding>());
        assert_eq!(keys(diagnostic), fields::<JsonDiagnostic>());
        assert_eq!(keys(&diagnostic["fix"]), fields::<JsonFix>());
        assert_eq!(keys(summary), fields::<JsonSummary>());
        assert_eq!(keys(&summary["warnings"][0]), fields::<JsonWarning>());
        // keylint-core's Verification lets unknown fields through: its five are counted.
        assert_eq!(keys(&doc["findings"][0]["verification"]).len(), 5);
        // Read back and written again, it is the same document, byte for byte.
        let report = merge::read("everything.json", &written).unwrap();
        let again = report
            .render(Format::Json, &RenderOptions::default())
            .unwrap();
        assert_eq!(again, written);
    }
}
