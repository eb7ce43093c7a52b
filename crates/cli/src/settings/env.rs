//! The resolved settings of the `.env` linter (`keylint env`, and the checks as `scan` runs
//! them).

use keylint_dotenv::Settings;

use super::keys::keys_settings;
use super::scan::{ScanFlags, walk_options};
use super::{DEFAULT_FAIL_ON, LoadedConfig};
use crate::args::EnvArgs;

use keylint_pipeline::configure::{keys_ignored, linter_settings, prefix_policy};
pub use keylint_pipeline::env::EnvSettings;
pub use keylint_pipeline::lint::PrefixPolicy;

/// Resolves `keylint env`'s settings; unknown codes and bad globs point into the config.
pub fn env_settings(loaded: &LoadedConfig, args: &EnvArgs) -> miette::Result<EnvSettings> {
    let mut linter = linter_settings(loaded, &args.check, &args.ignore)?;
    // One line per problem shows no source line: do not build one for each.
    let snippets = args.format != crate::args::EnvFormat::Concise;
    linter.snippets = snippets;
    let keys_ignored = keys_ignored(loaded, &args.check, &args.ignore)?;
    let prefixes = prefix_policy(loaded)?;
    let walk = walk_options(
        loaded,
        std::path::Path::new("."),
        &ScanFlags::default(),
        None,
    )?;
    let excluded = keylint_input::exclude_set(&walk.exclude).map_err(|e| miette::miette!("{e}"))?;
    let keys = match &keys_ignored {
        Some(ignored) if !args.diff => Some(
            keys_settings(loaded, ignored, &[])?
                .with_env_files_linted(true)
                .with_snippets(snippets),
        ),
        _ => None,
    };
    Ok(EnvSettings {
        linter,
        prefixes,
        keys,
        excluded,
        max_file_size: walk.max_file_size,
        config_dir: loaded.dir(),
        fail_on: args
            .gate
            .fail_on
            .or(loaded.config.env.fail_on)
            .unwrap_or(DEFAULT_FAIL_ON.env),
    })
}

/// The `.env` checks as `keylint scan` runs them (`[env] in-scan`): the config's, no flags.
pub fn in_scan(loaded: &LoadedConfig) -> miette::Result<(Settings, PrefixPolicy)> {
    Ok((linter_settings(loaded, &[], &[])?, prefix_policy(loaded)?))
}
