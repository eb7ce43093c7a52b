use std::collections::BTreeMap;

use keylint_core::{Finding, Severity};
use serde::{Deserialize, Serialize};

/// A file that was not scanned, and why (for the summary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Path relative to the scan root.
    pub path: String,
    /// Why, in words (`larger than 10MiB`, `permission denied` …).
    pub reason: String,
}

/// Something that limits what a scan's results mean without making them wrong: a shallow
/// clone's cut, a damaged object keylint worked around. Machine formats carry it (JSON
/// `summary.warnings`, SARIF tool notifications, GitHub `::warning` lines); people see it on
/// stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What kind of warning, kebab-case and stable: [`Warning::SHALLOW_CLONE`],
    /// [`Warning::DAMAGED_REPOSITORY`] or [`Warning::FINDINGS_CAPPED`].
    pub code: &'static str,
    /// What happened and what it means, in one line of words.
    pub message: String,
}

impl Warning {
    /// A shallow clone: the history audit stops at its cut.
    pub const SHALLOW_CLONE: &'static str = "shallow-clone";
    /// An object of the repository could not be read and keylint worked around it (what it
    /// did instead is in the message); the results are complete but may say more than needed.
    pub const DAMAGED_REPOSITORY: &'static str = "damaged-repository";
    /// A rule matched a file more often than keylint reports per rule and file: the file holds
    /// more findings than the report shows.
    pub const FINDINGS_CAPPED: &'static str = "findings-capped";

    /// Every code a warning may have (what a report read back may hold).
    pub const CODES: [&'static str; 3] = [
        Warning::SHALLOW_CLONE,
        Warning::DAMAGED_REPOSITORY,
        Warning::FINDINGS_CAPPED,
    ];
}

/// What a scan covered, besides its findings. The JSON report writes and reads it as
/// [`json`](crate::json)'s `summary`, field by field.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Files read and scanned.
    pub files_scanned: u64,
    /// Bytes scanned.
    pub bytes_scanned: u64,
    /// Binary files skipped (counted, not listed).
    pub binary_skipped: u64,
    /// Files skipped for size, type or exclusion.
    pub skipped: Vec<Skipped>,
    /// Files or directories that could not be read: the scan is incomplete.
    pub errors: Vec<Skipped>,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
    /// Commits walked (git ranges and history audits).
    pub commits_scanned: Option<u64>,
    /// Findings and lint diagnostics accepted by the baseline.
    pub baselined: u64,
    /// Baseline entries that matched nothing: candidates for pruning.
    pub stale_baseline: Vec<String>,
    /// What limits the results without making them wrong (see [`Warning`]).
    pub warnings: Vec<Warning>,
    /// `keylint report merge` only: the reports merged (absent from a scan's summary).
    pub merged: Option<Merged>,
}

/// What `keylint report merge` joined, in a merged report's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merged {
    /// The label of each report merged, in the order given (an input that was itself a merge
    /// contributes the labels it lists).
    pub reports: Vec<String>,
    /// Findings and problems left out because an earlier report of the same label (the same
    /// repository) already had them.
    pub duplicates: u64,
}

impl Summary {
    /// Number of findings per severity, highest first, omitting zeros.
    pub fn counts(findings: &[Finding]) -> BTreeMap<Severity, usize> {
        let mut counts = BTreeMap::new();
        for f in findings {
            *counts.entry(f.severity).or_insert(0) += 1;
        }
        counts
    }

    /// What to say when paths could not be read (`None` when every path was): an incomplete
    /// scan is never reported as clean. `git`: the scan read git objects, not files.
    pub fn incomplete_note(&self, git: bool) -> Option<String> {
        if self.errors.is_empty() {
            return None;
        }
        let advice = if git {
            "`git fsck` shows what is damaged"
        } else if (self.errors.iter()).all(|e| e.reason.contains("past the size limit")) {
            "raise --max-file-size to read them whole"
        } else {
            "exclude them with --exclude or [scan] exclude"
        };
        Some(format!(
            "error: {} could not be read; the scan is incomplete ({advice})",
            crate::plural(self.errors.len(), "path")
        ))
    }
}
