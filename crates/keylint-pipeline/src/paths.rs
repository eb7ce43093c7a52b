//! Key paths for the reports that name files from the repository root. `env` and `keys` name
//! files by display path (as the user gave the roots, relative to the current directory, like
//! `scan`: see [`keylint_input::PathMap`]); SARIF (URIs relative to `%SRCROOT%`, the repository
//! root) and GitHub annotations (placed from the repository root) need key paths instead, as
//! `scan` writes them in these formats.

use std::path::PathBuf;

use keylint_core::Diagnostic;
use keylint_core::loaded::LoadedConfig;
use keylint_input::PathMap;

/// Sets the path of every diagnostic found under `roots` (as given; `loaded`: the config in
/// use) to its key path.
pub fn key_paths(roots: &[PathBuf], loaded: &LoadedConfig, diagnostics: &mut [Diagnostic]) {
    keyed(
        &PathMap::of_roots(roots, loaded.dir().as_deref()),
        diagnostics,
    );
}

/// Sets the path of every diagnostic (a display path `paths` made) to its key path.
pub fn keyed(paths: &PathMap, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        d.path = paths.key(&d.path);
    }
}

/// Sets the path of every place of `report`'s problems (found under `roots`, as given) to its
/// key path; the messages keep naming files as people read them.
pub fn keys_key_paths(roots: &[PathBuf], loaded: &LoadedConfig, report: &mut keylint_keys::Report) {
    let paths = PathMap::of_roots(roots, loaded.dir().as_deref());
    for site in report.problems.iter_mut().flat_map(|p| &mut p.sites) {
        site.path = paths.key(&site.path);
    }
}
