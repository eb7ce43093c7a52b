//! The key-consistency check's settings (`keylint keys`, and the check as `scan` and `env` run
//! it): resolved from the config by keylint-pipeline; the default failing severity here.

use super::LoadedConfig;

pub use keylint_pipeline::configure::keys_settings;

/// `keylint keys`' lowest failing severity: the flag's, `[keys] fail-on`, or the default.
pub fn keys_fail_on(
    loaded: &LoadedConfig,
    flag: Option<keylint_core::Severity>,
) -> keylint_core::Severity {
    flag.or(loaded.config.keys.fail_on)
        .unwrap_or(super::DEFAULT_FAIL_ON.keys)
}
