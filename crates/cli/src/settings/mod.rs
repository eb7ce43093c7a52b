//! Settings in layers: built-in defaults, then the config file, then command-line flags; then
//! validated (rule ids, regexes, globs) with errors pointing into the config file. One resolved
//! type per job, built here and nowhere else: [`scan::ScanSettings`], [`env::EnvSettings`] (keylint-pipeline's),
//! [`keys::KeysSettings`], [`fix::FixSettings`].

pub mod env;
pub mod fix;
pub mod keys;
pub mod scan;

use std::path::Path;

use keylint_core::Severity;
use keylint_core::baseline::Baseline;
use keylint_core::gitleaks::GitleaksConfig;
pub use keylint_core::loaded::{LoadedConfig, check_glob, suggestion, with_flags};
use miette::{IntoDiagnostic as _, WrapErr as _};

use crate::args::GlobalArgs;

/// The lowest failing severity of each job when neither the config nor a flag says.
pub struct FailOnDefaults {
    /// `keylint scan`, the hooks and `baseline create`.
    pub scan: Severity,
    /// `keylint env`: every problem but `info`, like dotenv-linter.
    pub env: Severity,
    /// `keylint keys`: everything but `low` notes (copies, overrides) and `info`.
    pub keys: Severity,
}

/// Default lowest failing severities, one per job.
pub const DEFAULT_FAIL_ON: FailOnDefaults = FailOnDefaults {
    scan: Severity::High,
    env: Severity::Low,
    keys: Severity::Medium,
};

/// The config named by `--config`, or discovered from `start`, or none (`--no-config`); shows
/// the warnings of the gitleaks config it extends.
pub fn load_config(global: &GlobalArgs, start: &Path) -> miette::Result<LoadedConfig> {
    let mut loaded = LoadedConfig::load(global.config.as_deref(), global.no_config, start)?;
    keylint_pipeline::configure::anchor_globs(&mut loaded);
    if let Some(gitleaks) = &loaded.gitleaks {
        show_warnings(gitleaks);
    }
    Ok(loaded)
}

/// Reads and translates a gitleaks config; prints its warnings.
pub(crate) fn load_gitleaks(path: &Path) -> miette::Result<GitleaksConfig> {
    let gitleaks = GitleaksConfig::load(path)?;
    show_warnings(&gitleaks);
    Ok(gitleaks)
}

fn show_warnings(gitleaks: &GitleaksConfig) {
    for warning in &gitleaks.warnings {
        eprintln!("warning: {warning}");
    }
}

/// Reads the baseline `path` (`--baseline`) of any command.
pub fn load_baseline(path: &Path) -> miette::Result<Baseline> {
    let text = std::fs::read_to_string(path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read baseline {}", path.display()))?;
    Baseline::parse(&text).map_err(|e| miette::miette!("{}: {e}", path.display()))
}
