//! Baselines: findings and lint diagnostics recorded once and accepted afterwards, by content.
//!
//! The file lists, sorted and without timestamps or line numbers (so it merges cleanly and
//! survives line moves, rebases and squashes), each accepted finding as rule id, path and hash
//! of the secret, and each accepted `.env` or key-consistency diagnostic as check code, path and
//! hash of what it says: a *new* secret or problem on a baselined line is still reported. The
//! fields are kept apart (version 2) so the file itself never reads like `name: secret`; version
//! 1 files (`"fingerprint": "<rule>:<path>:<hash>"`) are still read. A gitleaks JSON report is
//! accepted too (migration): its entries match by path and secret hash, or by path and line
//! when gitleaks redacted the secret.
//!
//! ```
//! use keylint_core::baseline::Baseline;
//! let text = r#"{"version":2,"findings":[{"rule_id":"jwt","path":"a.ts","hash":"0123456789abcdef"}]}"#;
//! let baseline = Baseline::parse(text).unwrap();
//! assert_eq!(baseline.len(), 1);
//! let v1 = r#"{"version":1,"findings":[{"fingerprint":"jwt:a.ts:0123456789abcdef","rule_id":"jwt","path":"a.ts"}]}"#;
//! assert_eq!(Baseline::parse(v1).unwrap().len(), 1);
//! ```

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::fingerprint::secret_hash;
use crate::{Diagnostic, Finding};

/// Version of the baseline file format written.
pub const BASELINE_VERSION: u32 = 2;

/// One accepted finding as stored in the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The rule.
    pub rule_id: String,
    /// The path.
    pub path: String,
    /// First 16 hex digits of the SHA-256 of the secret.
    pub hash: String,
}

/// One accepted lint diagnostic (`.env` check or key consistency) as stored in the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DiagnosticEntry {
    /// The check code (`spaces-around-equals`, `keys/mismatch` …).
    pub code: String,
    /// The path it is reported at.
    pub path: String,
    /// Hash of what it says (see [`diagnostic_hash`]).
    pub hash: String,
}

/// Version 1 entries: the fingerprint as one string (the other fields were for people).
#[derive(Deserialize)]
struct EntryV1 {
    fingerprint: String,
}

#[derive(Serialize, Deserialize)]
struct File<F> {
    version: u32,
    findings: Vec<F>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    diagnostics: Vec<DiagnosticEntry>,
}

#[derive(Deserialize)]
struct Version {
    version: u32,
}

/// The content-based identity of a diagnostic, without its position: a hash of its code, its
/// message and its (masked) source line, so an edit elsewhere in the file keeps it, and a
/// different problem on the same line does not match.
pub fn diagnostic_hash(d: &Diagnostic) -> String {
    secret_hash(&format!("{}\n{}\n{}", d.code, d.message, d.snippet))
}

/// A gitleaks report entry (the fields we use).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GitleaksEntry {
    file: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    start_line: u32,
}

/// How a baseline entry recognises a finding.
#[derive(Debug)]
enum Matcher {
    Fingerprint(String),
    Diagnostic(DiagnosticEntry),
    PathSecret { path: String, hash: String },
    PathLine { path: String, line: u32 },
}

/// A loaded baseline. Records which entries matched so stale ones can be listed.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: Vec<(Matcher, String, AtomicBool)>,
    /// Every path an entry names.
    paths: HashSet<String>,
}

/// Why a baseline file could not be used.
#[derive(Debug, thiserror::Error)]
#[error("invalid baseline: {0} (expected keylint's baseline or a gitleaks JSON report)")]
pub struct BaselineError(String);

impl Baseline {
    /// Parses keylint's baseline format or a gitleaks JSON report.
    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| BaselineError(e.to_string()))?;
        let mut baseline = Baseline::default();
        if value.is_array() {
            let entries: Vec<GitleaksEntry> =
                serde_json::from_value(value).map_err(|e| BaselineError(e.to_string()))?;
            for e in entries {
                let label = format!("{}:{} (gitleaks)", e.file, e.start_line);
                let matcher = if e.secret.is_empty() || e.secret == "REDACTED" {
                    Matcher::PathLine {
                        path: e.file,
                        line: e.start_line,
                    }
                } else {
                    Matcher::PathSecret {
                        path: e.file,
                        hash: secret_hash(&e.secret),
                    }
                };
                baseline
                    .entries
                    .push((matcher, label, AtomicBool::new(false)));
            }
            baseline.collect_paths();
            return Ok(baseline);
        }
        let version: Version =
            serde_json::from_value(value.clone()).map_err(|e| BaselineError(e.to_string()))?;
        let (fingerprints, diagnostics): (Vec<String>, _) = match version.version {
            1 => {
                let file: File<EntryV1> =
                    serde_json::from_value(value).map_err(|e| BaselineError(e.to_string()))?;
                let fingerprints = file.findings.into_iter().map(|e| e.fingerprint).collect();
                (fingerprints, file.diagnostics)
            }
            BASELINE_VERSION => {
                let file: File<Entry> =
                    serde_json::from_value(value).map_err(|e| BaselineError(e.to_string()))?;
                let fingerprints = file
                    .findings
                    .into_iter()
                    .map(|e| format!("{}:{}:{}", e.rule_id, e.path, e.hash))
                    .collect();
                (fingerprints, file.diagnostics)
            }
            other => {
                return Err(BaselineError(format!("unsupported version {other}")));
            }
        };
        for fingerprint in fingerprints {
            baseline.entries.push((
                Matcher::Fingerprint(fingerprint.clone()),
                fingerprint,
                AtomicBool::new(false),
            ));
        }
        for entry in diagnostics {
            let label = format!("{}:{}:{}", entry.code, entry.path, entry.hash);
            baseline
                .entries
                .push((Matcher::Diagnostic(entry), label, AtomicBool::new(false)));
        }
        baseline.collect_paths();
        Ok(baseline)
    }

    /// Fills [`Baseline::paths`] from the entries.
    fn collect_paths(&mut self) {
        self.paths = self
            .entries
            .iter()
            .filter_map(|(matcher, _, _)| match matcher {
                // `<rule-id>:<path>:<hash>`: rule ids and hashes hold no `:`, paths may.
                Matcher::Fingerprint(fp) => fp
                    .split_once(':')
                    .and_then(|(_, rest)| rest.rsplit_once(':'))
                    .map(|(path, _)| path.to_owned()),
                Matcher::PathSecret { path, .. }
                | Matcher::PathLine { path, .. }
                | Matcher::Diagnostic(DiagnosticEntry { path, .. }) => Some(path.clone()),
            })
            .collect();
    }

    /// Renders a baseline accepting `findings` and `diagnostics`: sorted, deduplicated, no
    /// timestamps, no line numbers.
    pub fn render(findings: &[Finding], diagnostics: &[Diagnostic]) -> String {
        let entries: BTreeSet<Entry> = findings
            .iter()
            .map(|f| Entry {
                rule_id: f.rule_id.clone(),
                path: f.location.path.clone(),
                hash: secret_hash(&f.secret),
            })
            .collect();
        let diagnostics: BTreeSet<DiagnosticEntry> = diagnostics
            .iter()
            .map(|d| DiagnosticEntry {
                code: d.code.clone(),
                path: d.path.clone(),
                hash: diagnostic_hash(d),
            })
            .collect();
        let file = File {
            version: BASELINE_VERSION,
            findings: entries.into_iter().collect(),
            diagnostics: diagnostics.into_iter().collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).expect("plain data serialises");
        text.push('\n');
        text
    }

    /// Whether some entry is about `path`: findings there may be judged otherwise than the same
    /// content elsewhere (history audits scan such a path on its own).
    pub fn names_path(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the baseline has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `finding` is accepted by the baseline (and marks the entry as used).
    pub fn accepts(&self, finding: &Finding) -> bool {
        let mut accepted = false;
        for (matcher, _, used) in &self.entries {
            let hit = match matcher {
                Matcher::Fingerprint(fp) => fp == finding.fingerprint.as_str(),
                Matcher::PathSecret { path, hash } => {
                    *path == finding.location.path && *hash == secret_hash(&finding.secret)
                }
                Matcher::PathLine { path, line } => {
                    *path == finding.location.path && *line == finding.location.line
                }
                Matcher::Diagnostic(_) => false,
            };
            if hit {
                used.store(true, Ordering::Relaxed);
                accepted = true;
            }
        }
        accepted
    }

    /// Whether `diagnostic` is accepted by the baseline (and marks the entry as used).
    pub fn accepts_diagnostic(&self, diagnostic: &Diagnostic) -> bool {
        let mut accepted = false;
        let mut hash = None;
        for (matcher, _, used) in &self.entries {
            if let Matcher::Diagnostic(entry) = matcher {
                if entry.code == diagnostic.code
                    && entry.path == diagnostic.path
                    && entry.hash == *hash.get_or_insert_with(|| diagnostic_hash(diagnostic))
                {
                    used.store(true, Ordering::Relaxed);
                    accepted = true;
                }
            }
        }
        accepted
    }

    /// Entries that matched nothing in this run: candidates for pruning. Diagnostic entries
    /// count only when the run ran their check (`checked(code)`): a history audit or a hook
    /// lints no `.env` file, and says nothing about those entries.
    pub fn stale(&self, checked: impl Fn(&str) -> bool) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|(matcher, _, used)| {
                !used.load(Ordering::Relaxed)
                    && match matcher {
                        Matcher::Diagnostic(entry) => checked(&entry.code),
                        _ => true,
                    }
            })
            .map(|(_, label, _)| label.as_str())
            .collect()
    }
}
