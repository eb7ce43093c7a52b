//! Key paths for the reports that name files from the repository root. `env` and `keys` name
//! files by display path (as the user gave the roots, relative to the current directory, like
//! `scan`: see [`keylint_input::PathMap`]); SARIF (URIs relative to `%SRCROOT%`, the repository
//! root) and GitHub annotations (placed from the repository root) need key paths instead.

use std::path::PathBuf;

use keylint_core::Diagnostic;
use keylint_core::loaded::LoadedConfig;
use keylint_input::PathMap;

/// The path map of a walk of `roots` (as given) under the config `loaded`.
pub fn path_map(roots: &[PathBuf], loaded: &LoadedConfig) -> PathMap {
    PathMap::of_roots(roots, loaded.dir().as_deref())
}

/// Sets the path of every diagnostic to its key path.
pub fn key_paths(paths: &PathMap, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        d.path = paths.key(&d.path);
    }
}

/// Sets the path of every place of `report`'s problems to its key path (the messages keep
/// naming files as people read them).
pub fn keys_key_paths(paths: &PathMap, report: &mut keylint_keys::Report) {
    for site in report.problems.iter_mut().flat_map(|p| &mut p.sites) {
        site.path = paths.key(&site.path);
    }
}
