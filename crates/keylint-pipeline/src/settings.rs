//! The settings a scan runs with, resolved by the application from its config and flags.

use keylint_core::Severity;
use keylint_core::baseline::Baseline;
use keylint_core::gitleaks::GitleaksIgnore;
use keylint_input::WalkOptions;
use keylint_scan::Engine;

/// Everything a scan needs, validated.
pub struct ScanSettings {
    /// The rules, allowlists and filters.
    pub engine: Engine,
    /// What the readers leave out, the size limit, threads.
    pub walk: WalkOptions,
    /// The lowest severity that fails the scan.
    pub fail_on: Severity,
    /// Accepted findings (`--baseline`).
    pub baseline: Option<Baseline>,
    /// Entries of a `.gitleaksignore` (`--gitleaks-ignore`, or the one at the scan root).
    pub gitleaks_ignore: Option<GitleaksIgnore>,
    /// `[verify]` of the config the scan read: live verification after the scan (the
    /// application's, with its flags), from the same config.
    pub verify: keylint_core::config::VerifyConfig,
}
