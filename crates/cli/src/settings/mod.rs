//! Settings in layers: built-in defaults, then the config file, then command-line flags. The
//! resolution is keylint-pipeline's ([`keylint_pipeline::settings`], its `configure`); this
//! module loads the config, turns the flags into the pipeline's neutral overrides and shows
//! the warnings.

pub mod fix;
pub mod scan;

use std::path::Path;

pub use keylint_core::loaded::{LoadedConfig, suggestion};
pub use keylint_pipeline::settings::load_baseline;

use crate::args::GlobalArgs;

/// The config named by `--config`, or discovered from `start`, or none (`--no-config`); shows
/// the warnings of the gitleaks config it extends.
pub fn load_config(global: &GlobalArgs, start: &Path) -> miette::Result<LoadedConfig> {
    let mut loaded = LoadedConfig::load(global.config.as_deref(), global.no_config, start)?;
    keylint_pipeline::configure::anchor_globs(&mut loaded);
    if let Some(gitleaks) = &loaded.gitleaks {
        gitleaks.warnings.iter().for_each(|w| warn(w.clone()));
    }
    Ok(loaded)
}

/// Shows a warning of the settings' resolution on stderr.
#[allow(clippy::needless_pass_by_value)] // the shape of keylint-pipeline's `Warn`
pub fn warn(warning: String) {
    eprintln!("warning: {warning}");
}
