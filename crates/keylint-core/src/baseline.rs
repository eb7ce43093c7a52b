//! Baselines: findings recorded once and accepted afterwards, by content fingerprint.
//!
//! The file lists fingerprints (rule id + path + hash of the secret), sorted, without timestamps
//! or line numbers, so it merges cleanly and survives line moves, rebases and squashes, while a
//! *new* secret on a baselined line is still reported. A gitleaks JSON report is accepted too
//! (migration): its entries match by path and secret hash, or by path and line when gitleaks
//! redacted the secret.
//!
//! ```
//! use keylint_core::baseline::Baseline;
//! let text = r#"{"version":1,"findings":[{"fingerprint":"jwt:a.ts:0123456789abcdef","rule_id":"jwt","path":"a.ts"}]}"#;
//! let baseline = Baseline::parse(text).unwrap();
//! assert_eq!(baseline.len(), 1);
//! ```

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::Finding;
use crate::fingerprint::secret_hash;

/// Version of the baseline file format.
pub const BASELINE_VERSION: u32 = 1;

/// One accepted finding as stored in the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// `<rule-id>:<path>:<secret hash>`.
    pub fingerprint: String,
    /// The rule, for people reading the file.
    pub rule_id: String,
    /// The path, for people reading the file.
    pub path: String,
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
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
        let file: File = serde_json::from_value(value).map_err(|e| BaselineError(e.to_string()))?;
        if file.version != BASELINE_VERSION {
            return Err(BaselineError(format!(
                "unsupported version {}",
                file.version
            )));
        }
        for entry in file.findings {
            let label = entry.fingerprint.clone();
            baseline.entries.push((
                Matcher::Fingerprint(entry.fingerprint),
                label,
                AtomicBool::new(false),
            ));
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
                Matcher::PathSecret { path, .. } | Matcher::PathLine { path, .. } => {
                    Some(path.clone())
                }
            })
            .collect();
    }

    /// Renders a baseline accepting `findings`: sorted, deduplicated, no timestamps.
    pub fn render(findings: &[Finding]) -> String {
        let entries: BTreeSet<Entry> = findings
            .iter()
            .map(|f| Entry {
                fingerprint: f.fingerprint.to_string(),
                rule_id: f.rule_id.clone(),
                path: f.location.path.clone(),
            })
            .collect();
        let file = File {
            version: BASELINE_VERSION,
            findings: entries.into_iter().collect(),
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
            };
            if hit {
                used.store(true, Ordering::Relaxed);
                accepted = true;
            }
        }
        accepted
    }

    /// Entries that matched nothing in this run: candidates for pruning.
    pub fn stale(&self) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|(_, _, used)| !used.load(Ordering::Relaxed))
            .map(|(_, label, _)| label.as_str())
            .collect()
    }
}
