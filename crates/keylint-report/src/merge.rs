//! `keylint report merge`: one report from the JSON reports of several scans (one per
//! repository of a CI matrix, say), for organisation-wide audits run out of process.
//!
//! [`read`] checks one JSON document (valid JSON, schema version and revision, the shape of a
//! scan's report, read into the very types [`json`](crate::json) writes it with, its finding
//! count) and turns it back into a [`Report`]; [`merge`] joins reports: each finding and
//! problem keeps the label of its report as `source`; one that an earlier report *of the same
//! label* already had (same fingerprint) is kept once, while findings of different labels are
//! never joined; summaries add up, and what a scan could not read stays in `errors`, labelled,
//! so an incomplete input never makes a clean merge.
//!
//! Reports hold masked text, and a [`Report`] renders it as it is: nothing more is ever
//! needed or shown. A report written with `--show-secrets` is masked when read (a secret whose
//! hash is its fingerprint's is the secret itself).
//!
//! ```
//! use keylint_report::format::{Format, write};
//! use keylint_report::{json, merge, RenderOptions, Summary};
//! let empty = json::render(&[], &Summary::default(), &RenderOptions::default());
//! let a = merge::read("a.json", &empty).unwrap();
//! let b = merge::read("b.json", &empty).unwrap();
//! let merged = merge::merge(vec![("a".into(), a), ("b".into(), b)]);
//! let mut out = Vec::new();
//! write(&merged, Format::Json, &RenderOptions::default(), &mut out).unwrap();
//! let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
//! assert_eq!(doc["summary"]["merged"]["reports"], serde_json::json!(["a", "b"]));
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;
use std::path::Path;

use keylint_core::{Diagnostic, Finding, Fix, GitOrigin, Location, Severity};

use crate::diagnostics::{JsonDiagnostic, JsonFix};
use crate::format::{Document, Format};
use crate::json::{self, JsonFinding, JsonSummary, SCHEMA_REVISION, SCHEMA_VERSION};
use crate::scan::ScanReport;
use crate::{Merged, RenderOptions, Skipped, Summary, Warning};

/// A scan's report read back from JSON, or several merged: masked findings and problems and
/// the summary. Renders (as a [`Document`]) in the formats of a scan's report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The findings, their texts masked.
    pub findings: Vec<Finding>,
    /// `.env` and key-consistency problems.
    pub diagnostics: Vec<Diagnostic>,
    /// What was scanned, skipped or could not be read.
    pub summary: Summary,
}

impl Report {
    /// The severity of every finding and problem, for the exit code.
    pub fn severities(&self) -> impl Iterator<Item = Severity> + '_ {
        (self.findings.iter().map(|f| f.severity))
            .chain(self.diagnostics.iter().map(|d| d.severity))
    }

    /// Whether the scans read git objects (commits were walked).
    pub fn git(&self) -> bool {
        self.summary.commits_scanned.is_some()
    }
}

/// What `keylint scan -f json` writes: said in every error about a document that is not one.
const EXPECTED: &str = "`keylint report merge` reads the JSON reports of `keylint scan -f json` \
                        (or of an earlier merge)";

/// Reads the JSON report `text` (named `name` in errors).
///
/// # Errors
/// When `text` is not JSON (truncated, say: the error gives the line and column, never the
/// text, which may hold a secret), not a keylint scan report, of another schema version or a
/// newer revision (whose fields a merge would lose), or when its finding count disagrees with
/// its findings.
pub fn read(name: &str, text: &str) -> miette::Result<Report> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let why = if e.is_eof() {
            "it ends early: the file is truncated"
        } else {
            "it is not valid JSON"
        };
        miette::miette!(
            help = EXPECTED,
            "{name}: {why} (line {}, column {}: {e})",
            e.line(),
            e.column()
        )
    })?;
    let version = value.get("version").and_then(serde_json::Value::as_u64);
    let revision = value.get("revision").and_then(serde_json::Value::as_u64);
    let not_ours = |what: String| miette::miette!(help = EXPECTED, "{name}: {what}");
    match version {
        None if value.is_array() => {
            return Err(not_ours(
                "a JSON array, not a keylint report (a gitleaks report?)".into(),
            ));
        }
        None => return Err(not_ours("not a keylint report: it has no `version`".into())),
        Some(v) if v != u64::from(SCHEMA_VERSION) => {
            return Err(not_ours(format!(
                "schema version {v}; this keylint reads version {SCHEMA_VERSION} \
                 (docs/json-schema.md)"
            )));
        }
        _ => {}
    }
    if let Some(r) = revision.filter(|r| *r > u64::from(SCHEMA_REVISION)) {
        return Err(miette::miette!(
            help = "merge with the keylint that wrote it (or a newer one)",
            "{name}: written by a newer keylint (schema revision {r}; this one reads up to \
             {SCHEMA_REVISION}): a merge would drop the fields it does not know"
        ));
    }
    let doc: json::Document<'_> = serde_json::from_value(value)
        .map_err(|e| not_ours(format!("not a keylint scan report: {e}")))?;
    check(name, &doc)?;
    Ok(report(doc))
}

/// What serde cannot check: the tool, the finding count, the warning codes.
fn check(name: &str, doc: &json::Document<'_>) -> miette::Result<()> {
    debug_assert!(doc.version == SCHEMA_VERSION && doc.revision <= SCHEMA_REVISION);
    if doc.tool.name != "keylint" {
        return Err(miette::miette!(
            help = EXPECTED,
            "{name}: written by `{}`, not keylint",
            doc.tool.name
        ));
    }
    let listed = doc.findings.len();
    let counted = doc.summary.by_severity.values().sum::<usize>();
    if doc.summary.findings != listed || (counted != listed && !doc.summary.by_severity.is_empty())
    {
        return Err(miette::miette!(
            help = "produce the report again: it was cut short or edited",
            "{name}: its summary counts {} findings but it lists {listed}",
            doc.summary.findings
        ));
    }
    if let Some(w) =
        (doc.summary.warnings.iter()).find(|w| !Warning::CODES.contains(&w.code.as_ref()))
    {
        return Err(miette::miette!(
            help = "merge with the keylint that wrote it (or a newer one)",
            "{name}: unknown warning code `{}`",
            w.code
        ));
    }
    Ok(())
}

/// The document as a [`Report`], every secret masked.
fn report(doc: json::Document<'_>) -> Report {
    Report {
        findings: doc.findings.into_iter().map(finding).collect(),
        diagnostics: (doc.diagnostics.unwrap_or_default().into_iter())
            .map(diagnostic)
            .collect(),
        summary: summary(doc.summary),
    }
}

/// The summary read back (the finding counts were for [`check`]; it refused an unknown
/// warning code).
fn summary(s: JsonSummary<'_>) -> Summary {
    // Every field named: one added to the document cannot be dropped here unseen.
    let JsonSummary {
        findings: _,
        by_severity: _,
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
    } = s;
    let warnings = (warnings.into_iter())
        .filter_map(|w| {
            let code = Warning::CODES.into_iter().find(|c| *c == w.code)?;
            Some(Warning {
                code,
                message: w.message.into_owned(),
            })
        })
        .collect();
    Summary {
        files_scanned,
        bytes_scanned,
        binary_skipped,
        skipped: skipped.into_owned(),
        errors: errors.into_owned(),
        duration_ms,
        commits_scanned,
        baselined,
        stale_baseline: stale_baseline.into_owned(),
        warnings,
        merged: merged.map(Cow::into_owned),
    }
}

/// Byte range of `part` in `text` (empty when it is not there).
fn span_of(text: &str, part: &str) -> std::ops::Range<usize> {
    (!part.is_empty())
        .then(|| text.find(part))
        .flatten()
        .map_or(0..0, |at| at..at + part.len())
}

/// The finding of `row`, masked if it was written with `--show-secrets`.
fn finding(row: JsonFinding<'_>) -> Finding {
    // Every field named: one added to the document cannot be dropped here unseen.
    let JsonFinding {
        source,
        rule_id,
        rule_name,
        severity,
        path,
        line,
        column,
        end_line,
        end_column,
        secret,
        snippet,
        fingerprint,
        description,
        rotate,
        commit,
        author,
        date,
        present_at_head,
        verification,
    } = row;
    let origin = commit.map(|commit| GitOrigin {
        commit: commit.into_owned(),
        author: author.unwrap_or_default().into_owned(),
        date: date.unwrap_or_default().into_owned(),
        present_at_head,
    });
    let mut finding = Finding {
        rule_id: rule_id.into_owned(),
        rule_name: rule_name.into_owned(),
        severity,
        description: description.into_owned(),
        rotate: rotate.map(Cow::into_owned),
        location: Location {
            path: path.into_owned(),
            line,
            column,
            end_line,
            end_column,
            byte_start: 0,
            byte_end: 0,
        },
        snippet_secret: span_of(&snippet, &secret),
        secret: secret.into_owned(),
        snippet: snippet.into_owned(),
        snippet_other_secrets: Vec::new(),
        fingerprint: fingerprint.into_owned(),
        origin,
        verification: verification.map(Cow::into_owned),
        source: source.map(Cow::into_owned),
    };
    if !finding.is_path_only() && finding.fingerprint.is_of(&finding.secret) {
        // Written with `--show-secrets`: masked here as a scan masks it.
        finding.secret = finding.display_secret(false);
        finding.snippet = finding.display_snippet(false);
        finding.snippet_secret = span_of(&finding.snippet, &finding.secret);
    }
    finding
}

/// The problem of `row`, its underline found in its snippet by its columns.
fn diagnostic(row: JsonDiagnostic<'_>) -> Diagnostic {
    // Every field named: one added to the document cannot be dropped here unseen.
    let JsonDiagnostic {
        source,
        code,
        severity,
        path,
        line,
        column,
        end_column,
        message,
        help,
        snippet,
        fix,
    } = row;
    let snippet = snippet.into_owned();
    // Columns count characters of the line; the underline is found in the snippet by them.
    let byte = |column: u32| {
        let n = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
        snippet
            .char_indices()
            .nth(n)
            .map_or(snippet.len(), |(i, _)| i)
    };
    let snippet_span = byte(column)..byte(end_column.saturating_add(1)).max(byte(column));
    Diagnostic {
        code: code.into_owned(),
        severity,
        message: message.into_owned(),
        help: help.map(Cow::into_owned),
        path: path.into_owned(),
        line,
        column,
        end_column,
        snippet,
        snippet_span,
        fix: fix.map(
            |JsonFix {
                 applicability,
                 message,
             }| Fix {
                applicability,
                message: message.into_owned(),
                edits: Vec::new(),
            },
        ),
        source: source.map(Cow::into_owned),
    }
}

/// Whether `key` is new or was first seen in this same input (`input`): a report lists a
/// secret at each place it is; only another report of the same label repeats it.
fn first_in<K: Eq + Hash>(seen: &mut HashMap<K, usize>, key: K, input: usize) -> bool {
    *seen.entry(key).or_insert(input) == input
}

/// Joins `reports` (each with its label, in the order given) into one: see the module's
/// documentation. A finding or problem that already has a `source` (from an earlier merge)
/// keeps it.
pub fn merge(reports: Vec<(String, Report)>) -> Report {
    let mut out = Report::default();
    let mut merged = Merged::default();
    let mut findings = HashMap::new();
    let mut problems = HashMap::new();
    for (input, (label, report)) in reports.into_iter().enumerate() {
        for mut f in report.findings {
            let source = f.source.get_or_insert_with(|| label.clone()).clone();
            if first_in(&mut findings, (source, f.fingerprint.clone()), input) {
                out.findings.push(f);
            } else {
                merged.duplicates += 1;
            }
        }
        for mut d in report.diagnostics {
            let source = d.source.get_or_insert_with(|| label.clone()).clone();
            let key = (
                source,
                d.code.clone(),
                d.path.clone(),
                d.line,
                d.message.clone(),
            );
            if first_in(&mut problems, key, input) {
                out.diagnostics.push(d);
            } else {
                merged.duplicates += 1;
            }
        }
        add(&mut out.summary, &mut merged, &label, report.summary);
    }
    let commit = |f: &Finding| f.origin.as_ref().map(|o| o.commit.clone());
    out.findings.sort_by(|a, b| {
        (a.source.cmp(&b.source))
            .then_with(|| a.location.cmp(&b.location))
            .then_with(|| a.rule_id.cmp(&b.rule_id))
            .then_with(|| commit(a).cmp(&commit(b)))
    });
    out.diagnostics.sort_by(|a, b| {
        (a.source.cmp(&b.source)).then_with(|| {
            (&a.path, a.line, a.column, &a.code).cmp(&(&b.path, b.line, b.column, &b.code))
        })
    });
    let s = &mut out.summary;
    for list in [&mut s.skipped, &mut s.errors] {
        *list = crate::by_path(std::mem::take(list));
        list.dedup();
    }
    s.stale_baseline.sort();
    s.stale_baseline.dedup();
    s.warnings.dedup();
    s.merged = Some(merged);
    out
}

/// Adds `s`, the summary of the report labelled `label`, to `total`. Paths and messages get
/// the label in front, unless `s` is a merge's (they have theirs already).
fn add(total: &mut Summary, merged: &mut Merged, label: &str, s: Summary) {
    let prefix = if s.merged.is_some() {
        String::new()
    } else {
        format!("{label}: ")
    };
    total.files_scanned += s.files_scanned;
    total.bytes_scanned += s.bytes_scanned;
    total.binary_skipped += s.binary_skipped;
    total.duration_ms += s.duration_ms;
    total.baselined += s.baselined;
    if let Some(commits) = s.commits_scanned {
        *total.commits_scanned.get_or_insert(0) += commits;
    }
    let labelled = |e: Skipped| Skipped {
        path: format!("{prefix}{}", e.path),
        reason: e.reason,
    };
    total.skipped.extend(s.skipped.into_iter().map(labelled));
    total.errors.extend(s.errors.into_iter().map(labelled));
    (total.stale_baseline).extend(s.stale_baseline.into_iter().map(|e| format!("{prefix}{e}")));
    total
        .warnings
        .extend(s.warnings.into_iter().map(|w| Warning {
            code: w.code,
            message: format!("{prefix}{}", w.message),
        }));
    match s.merged {
        Some(inner) => {
            merged.reports.extend(inner.reports);
            merged.duplicates += inner.duplicates;
        }
        None => merged.reports.push(label.to_owned()),
    }
}

/// Reads each of `reports` (files; `-` is stdin) and merges them ([`merge`]), each labelled
/// as [`labels`] says.
///
/// # Errors
/// A label that [`labels`] refuses, a report that cannot be read, or one that [`read`]
/// refuses: nothing is merged without all of them.
pub fn load(reports: &[String], given: &[String]) -> miette::Result<Report> {
    let labels = labels(reports, given)?;
    let mut read_back = Vec::with_capacity(labels.len());
    for (name, label) in reports.iter().zip(labels) {
        let text = if name == "-" {
            std::io::read_to_string(std::io::stdin())
        } else {
            std::fs::read_to_string(name)
        };
        let text = text.map_err(|e| miette::miette!("cannot read {name}: {e}"))?;
        read_back.push((label, read(name, &text)?));
    }
    Ok(merge(read_back))
}

/// The label of each of `reports` (file names; `-` is stdin): the NAME of a `NAME=REPORT` of
/// `given` naming it, else its file name without extension, or, when another report has that
/// name too, the name of its directory (`artifacts/api/keylint.json` → `api`), or else the
/// path as given without its extension. The same path given twice gets the same label.
///
/// # Errors
/// A `given` entry that is not `NAME=REPORT`, or names a report not among `reports`.
pub fn labels(reports: &[String], given: &[String]) -> miette::Result<Vec<String>> {
    let mut named: HashMap<&str, &str> = HashMap::new();
    for entry in given {
        let Some((name, report)) = entry
            .split_once('=')
            .filter(|(n, r)| !n.is_empty() && !r.is_empty())
        else {
            return Err(miette::miette!(
                "--label {entry}: expected NAME=REPORT (e.g. api=api.json)"
            ));
        };
        if !reports.iter().any(|r| r == report) {
            return Err(miette::miette!(
                help = "give the report too: `keylint report merge --label api=api.json api.json`",
                "--label {entry}: `{report}` is not among the reports to merge"
            ));
        }
        named.insert(report, name);
    }
    let stem = |r: &str| {
        if r == "-" {
            return "stdin".to_owned();
        }
        Path::new(r)
            .file_stem()
            .map_or_else(|| r.to_owned(), |s| s.to_string_lossy().into_owned())
    };
    let parent = |r: &str| -> String {
        Path::new(r)
            .parent()
            .and_then(Path::file_name)
            .map_or_else(|| stem(r), |s| s.to_string_lossy().into_owned())
    };
    let whole = |r: &str| crate::shown_path(&Path::new(r).with_extension(""));
    let mut out: Vec<String> = reports.iter().map(|r| stem(r)).collect();
    let levels: [&dyn Fn(&str) -> String; 2] = [&parent, &whole];
    for level in levels {
        let shared = |out: &[String], i: usize| {
            (0..reports.len()).any(|j| out[j] == out[i] && reports[j] != reports[i])
        };
        let clash: Vec<usize> = (0..reports.len()).filter(|&i| shared(&out, i)).collect();
        for i in clash {
            out[i] = level(&reports[i]);
        }
    }
    for (label, report) in out.iter_mut().zip(reports) {
        if let Some(name) = named.get(report.as_str()) {
            (*name).clone_into(label);
        }
    }
    Ok(out)
}

/// The problems with their source in front of the path, for the formats people read
/// (`api: .env`; the human format shows a finding's source itself, beside its path, so that
/// the commands in its advice name the file as it is in its repository).
fn labelled_paths(report: &Report) -> Vec<Diagnostic> {
    let mut diagnostics = report.diagnostics.clone();
    for d in &mut diagnostics {
        if let Some(source) = &d.source {
            d.path = format!("{source}: {}", d.path);
        }
    }
    diagnostics
}

/// The findings with their key paths (from the repository root), read back from their
/// fingerprints (`<rule id>:<key path>:<hash>`), for SARIF.
fn key_paths(report: &Report) -> Vec<Finding> {
    let mut findings = report.findings.clone();
    for f in &mut findings {
        if let Some(key) = f.fingerprint.path(&f.rule_id) {
            f.location.path = key.to_owned();
        }
    }
    findings
}

impl Document for Report {
    /// Its texts are masked already: they are rendered as they are, whatever `show_secrets`.
    fn render(&self, format: Format, options: &RenderOptions) -> Option<String> {
        let options = RenderOptions {
            show_secrets: true,
            ..options.clone()
        };
        let (findings, diagnostics) = match format {
            Format::Human | Format::Concise | Format::Github | Format::Junit => {
                (self.findings.clone(), labelled_paths(self))
            }
            Format::Sarif => (key_paths(self), self.diagnostics.clone()),
            Format::Json | Format::Jsonl | Format::GitleaksJson => {
                (self.findings.clone(), self.diagnostics.clone())
            }
        };
        let report = ScanReport {
            history: findings.iter().any(|f| f.origin.is_some()),
            ..ScanReport::new(&findings, &diagnostics, &self.summary)
        };
        report.render(format, &options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keylint_core::Fingerprint;

    /// A synthetic secret, assembled so that this source holds none.
    fn secret(seed: char) -> String {
        format!("sk-proj-{}", seed.to_string().repeat(40))
    }

    fn found(path: &str, line: u32, seed: char, commit: Option<&str>) -> Finding {
        let secret = secret(seed);
        let snippet = format!("OPENAI_API_KEY={secret}");
        Finding {
            rule_id: "openai-project-key".into(),
            rule_name: "OpenAI project API key".into(),
            severity: Severity::High,
            description: "Bills usage.".into(),
            rotate: None,
            location: Location {
                path: path.into(),
                line,
                column: 16,
                end_line: line,
                end_column: 63,
                byte_start: 0,
                byte_end: 0,
            },
            snippet_secret: 15..snippet.len(),
            fingerprint: Fingerprint::new("openai-project-key", &secret, path),
            secret,
            snippet,
            snippet_other_secrets: Vec::new(),
            origin: commit.map(|c| GitOrigin {
                commit: c.into(),
                author: "A <a@example.com>".into(),
                date: "2024-01-01T00:00:00Z".into(),
                present_at_head: Some(true),
            }),
            verification: None,
            source: None,
        }
    }

    /// A scan's JSON document of `findings` (masked unless `show`).
    fn document(findings: &[Finding], summary: &Summary, show: bool) -> String {
        let options = RenderOptions {
            show_secrets: show,
            ..RenderOptions::default()
        };
        crate::json::render(findings, summary, &options)
    }

    fn parsed(findings: &[Finding], summary: &Summary) -> Report {
        read("r.json", &document(findings, summary, false)).unwrap()
    }

    fn error(name: &str, text: &str) -> String {
        format!("{:?}", read(name, text).unwrap_err())
    }

    #[test]
    fn reads_back_what_a_scan_writes() {
        let summary = Summary {
            files_scanned: 3,
            commits_scanned: Some(2),
            ..Summary::default()
        };
        let report = parsed(&[found("a/.env", 2, 'a', Some("c1"))], &summary);
        assert_eq!(report.summary.files_scanned, 3);
        let f = &report.findings[0];
        assert_eq!(f.secret, "sk-p…aaaa");
        assert_eq!(f.snippet, "OPENAI_API_KEY=sk-p…aaaa");
        assert_eq!(&f.snippet[f.snippet_secret.clone()], "sk-p…aaaa");
        assert_eq!(f.origin.as_ref().unwrap().commit, "c1");
        // Rendered again, the document is the one read, plus nothing unmasked.
        let again = merge(vec![("x".into(), report)]);
        let mut out = Vec::new();
        crate::format::write(&again, Format::Json, &RenderOptions::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\"secret\": \"sk-p…aaaa\""), "{text}");
        assert!(text.contains("\"source\": \"x\""));
    }

    #[test]
    fn a_secret_written_in_full_is_masked_when_read() {
        let text = document(&[found(".env", 1, 'b', None)], &Summary::default(), true);
        assert!(text.contains(&secret('b')));
        let report = read("shown.json", &text).unwrap();
        let f = &report.findings[0];
        assert_eq!(f.secret, "sk-p…bbbb");
        assert!(!f.snippet.contains(&secret('b')), "{}", f.snippet);
        for format in [Format::Json, Format::Sarif, Format::Human] {
            let shown = report.render(format, &RenderOptions::default()).unwrap();
            assert!(
                !shown.contains(&secret('b')),
                "{} prints the secret",
                format.name()
            );
        }
    }

    #[test]
    fn bad_documents_are_errors_naming_the_file() {
        let good = document(&[found(".env", 1, 'c', None)], &Summary::default(), false);
        let truncated = error("cut.json", &good[..good.len() / 2]);
        assert!(truncated.contains("cut.json: it ends early"), "{truncated}");
        assert!(
            !truncated.contains("sk-p"),
            "the text is never quoted: {truncated}"
        );
        assert!(error("x.json", "{,}").contains("x.json: it is not valid JSON (line 1, column 2"));
        assert!(error("g.json", "[]").contains("a gitleaks report?"));
        assert!(error("o.json", "{}").contains("it has no `version`"));
        let v2 = good.replacen("\"version\": 1", "\"version\": 2", 1);
        assert!(
            error("v2.json", &v2)
                .contains("v2.json: schema version 2; this keylint reads version 1")
        );
        let newer = good.replacen("\"revision\": 3", "\"revision\": 9", 1);
        assert!(error("n.json", &newer).contains("schema revision 9"));
        let extra = good.replacen("\"findings\": [", "\"extra\": 1, \"findings\": [", 1);
        assert!(error("e.json", &extra).contains("unknown field `extra`"));
        let lost = good.replacen("\"findings\": 1", "\"findings\": 2", 1);
        assert!(
            error("l.json", &lost).contains("l.json: its summary counts 2 findings but it lists 1")
        );
        let keys = r#"{"version": 1, "tool": {"name": "keylint"}, "problems": []}"#;
        assert!(error("k.json", keys).contains("not a keylint scan report"));
    }

    #[test]
    fn repeats_of_one_label_are_kept_once_and_labels_never_join() {
        let one = [found(".env", 1, 'd', None), found(".env", 7, 'd', None)];
        let other = [found(".env", 1, 'd', Some("c2"))];
        let summary = Summary {
            files_scanned: 2,
            bytes_scanned: 10,
            errors: vec![Skipped {
                path: "commit abc".into(),
                reason: "object missing".into(),
            }],
            ..Summary::default()
        };
        let merged = merge(vec![
            ("api".into(), parsed(&one, &summary)),
            ("web".into(), parsed(&one, &Summary::default())),
            ("api".into(), parsed(&other, &Summary::default())),
        ]);
        let rows: Vec<(Option<&str>, u32)> = (merged.findings.iter())
            .map(|f| (f.source.as_deref(), f.location.line))
            .collect();
        // The same secret twice in one report stays twice; api's second report repeats it.
        assert_eq!(
            rows,
            [
                (Some("api"), 1),
                (Some("api"), 7),
                (Some("web"), 1),
                (Some("web"), 7)
            ]
        );
        let s = &merged.summary;
        assert_eq!(s.merged.as_ref().unwrap().duplicates, 1);
        assert_eq!(s.merged.as_ref().unwrap().reports, ["api", "web", "api"]);
        assert_eq!((s.files_scanned, s.bytes_scanned), (2, 10));
        assert_eq!(
            s.errors[0].path, "api: commit abc",
            "unread input survives, labelled"
        );
        // Merged again, sources and labels stay.
        let again = merge(vec![("org".into(), merged.clone())]);
        assert_eq!(again.findings.len(), 4);
        assert_eq!(again.summary.errors, merged.summary.errors);
        assert_eq!(again.summary.merged.unwrap().reports, ["api", "web", "api"]);
    }

    #[test]
    fn sarif_names_files_from_the_repository_root_and_keeps_sources_apart() {
        let mut f = found("../app/.env", 1, 'e', None);
        f.fingerprint = Fingerprint::new(&f.rule_id, &f.secret, "app/.env");
        let merged = merge(vec![
            ("a".into(), parsed(&[f.clone()], &Summary::default())),
            ("b".into(), parsed(&[f], &Summary::default())),
        ]);
        let log = merged
            .render(Format::Sarif, &RenderOptions::default())
            .unwrap();
        let log: serde_json::Value = serde_json::from_str(&log).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert_eq!(uri, "app/.env");
        assert_eq!(results[1]["properties"]["source"], "b");
        assert_ne!(
            results[0]["partialFingerprints"],
            results[1]["partialFingerprints"]
        );
        let human = merged
            .render(Format::Human, &RenderOptions::default())
            .unwrap();
        assert!(
            human.contains("[a: ../app/.env:1:16]") && human.contains("secret (masked)"),
            "{human}"
        );
    }

    #[test]
    fn labels_come_from_names_then_directories() {
        let given = |r: &[&str], l: &[&str]| {
            let r: Vec<String> = r.iter().map(|s| (*s).to_owned()).collect();
            let l: Vec<String> = l.iter().map(|s| (*s).to_owned()).collect();
            labels(&r, &l)
        };
        assert_eq!(given(&["api.json", "-"], &[]).unwrap(), ["api", "stdin"]);
        assert_eq!(
            given(
                &["out/api/keylint.json", "out/web/keylint.json", "x.json"],
                &[]
            )
            .unwrap(),
            ["api", "web", "x"]
        );
        assert_eq!(
            given(&["a/api/k.json", "b/api/k.json", "a/api/k.json"], &[]).unwrap(),
            ["a/api/k", "b/api/k", "a/api/k"]
        );
        assert_eq!(given(&["k.json", "-"], &["web=-"]).unwrap(), ["k", "web"]);
        assert!(given(&["k.json"], &["web"]).is_err());
        assert!(given(&["k.json"], &["web=other.json"]).is_err());
    }
}
