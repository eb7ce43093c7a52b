//! What a command line asks of verification (`--verify`, `--only-verified`,
//! `--fail-on-verified`, `--verify-allow-private`, `--verify-timeout`, `[verify]`), and the
//! steps every command takes with it, so the CLI only passes its flags through.

use std::io::Read;
use std::path::Path;

use keylint_core::config::VerifyConfig;
use keylint_core::{Finding, Verification, VerifyStatus};

use crate::Options;

/// Largest value `keylint verify` reads.
const MAX_VALUE: u64 = 16 * 1024;

/// The verification flags of a command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    /// `--verify`.
    pub verify: bool,
    /// `--only-verified`: report only the keys a provider accepted.
    pub only_verified: bool,
    /// `--fail-on-verified`: only keys a provider accepted fail the run.
    pub fail_on_verified: bool,
    /// `--verify-allow-private`.
    pub allow_private: bool,
    /// `--verify-timeout` in seconds.
    pub timeout: Option<u64>,
}

impl Flags {
    /// The options when verification is on (these flags or `[verify] enabled`), `None` when
    /// it is off. An error for `--only-verified`/`--fail-on-verified` without verification and
    /// for an unknown provider in `[verify] skip`.
    pub fn options(&self, config: &VerifyConfig) -> Result<Option<Options>, String> {
        if !self.verify && config.enabled != Some(true) {
            if self.only_verified || self.fail_on_verified {
                return Err("--only-verified and --fail-on-verified need --verify (or `[verify] enabled = true`)".into());
            }
            return Ok(None);
        }
        Options::from_config(config, self.timeout, self.allow_private).map(Some)
    }

    /// [`Flags::options`] for commands that report diagnostics (`keylint env`, `keylint keys`):
    /// `--only-verified` and `--fail-on-verified` select findings of `keylint scan` and are
    /// refused there — a revoked key in a `.env` file is itself a problem to report.
    pub fn diagnostic_options(&self, config: &VerifyConfig) -> Result<Option<Options>, String> {
        if self.only_verified || self.fail_on_verified {
            return Err("--only-verified and --fail-on-verified select findings of `keylint scan`; `env` and `keys` report every verified key (a revoked key is a problem too)".into());
        }
        self.options(config)
    }

    /// Whether a finding counts toward the exit code: all do, unless `--fail-on-verified`
    /// leaves only the live ones.
    pub fn fails(&self, finding: &Finding) -> bool {
        !self.fail_on_verified || is_live(finding)
    }

    /// Verifies the findings of a scan and, under `--only-verified`, keeps the live ones.
    /// `root`: where the scanned files are on disk (the text beside a key, such as a `LiveKit`
    /// server URL, is read from there); `None` for git objects and stdin.
    pub fn apply(&self, options: &Options, findings: &mut Vec<Finding>, root: Option<&Path>) {
        let text_of = |f: &Finding| {
            let path = root.filter(|_| f.origin.is_none())?.join(&f.location.path);
            let bytes = std::fs::read(path).ok()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        };
        crate::verify_findings(findings, options, &text_of);
        if self.only_verified {
            findings.retain(is_live);
        }
    }
}

fn is_live(finding: &Finding) -> bool {
    finding
        .verification
        .as_ref()
        .is_some_and(Verification::is_live)
}

/// `keylint verify`'s input: one value, trimmed, with no whitespace inside.
pub fn read_value(reader: impl Read) -> Result<String, String> {
    let mut text = String::new();
    reader
        .take(MAX_VALUE)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the value from stdin: {e}"))?;
    let value = text.trim();
    if value.is_empty() || value.contains(char::is_whitespace) {
        return Err("`keylint verify` reads ONE value from stdin, e.g. `pbpaste | keylint verify` or `keylint verify < key.txt`".into());
    }
    Ok(value.to_owned())
}

/// The overall answer for one value: `Live` when a provider accepted it, `Invalid` when every
/// provider asked rejected it, else `Unknown`.
pub fn overall(results: &[Verification]) -> VerifyStatus {
    if results.iter().any(Verification::is_live) {
        VerifyStatus::Live
    } else if !results.is_empty() && results.iter().all(|v| v.status == VerifyStatus::Invalid) {
        VerifyStatus::Invalid
    } else {
        VerifyStatus::Unknown
    }
}
