//! The key check as configured: which paths it leaves out, which problem codes it does not
//! report, its options. Built by the application from its config; used by every command that
//! runs the check.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::walk::{Skip, WalkError};
use crate::{CheckOptions, Collection, Report};

/// The key check as configured.
pub struct KeysSettings {
    skip: Skip,
    ignore: BTreeSet<&'static str>,
    options: CheckOptions,
    /// The config file's directory: where key paths start outside git.
    config_dir: Option<PathBuf>,
}

impl KeysSettings {
    /// The check leaving out the paths `skip` accepts and the problem codes in `ignore`.
    pub fn new(skip: Skip, ignore: BTreeSet<&'static str>, options: CheckOptions) -> KeysSettings {
        KeysSettings {
            skip,
            ignore,
            options,
            config_dir: None,
        }
    }

    /// The directory of the config file in use: the paths `skip` is asked about are key paths
    /// (see [`keylint_input::PathMap`]), which start there outside git.
    #[must_use]
    pub fn with_config_dir(mut self, dir: Option<PathBuf>) -> KeysSettings {
        self.config_dir = dir;
        self
    }

    /// Leaves out what the env files' own checks report (see
    /// [`CheckOptions::env_files_linted`]).
    #[must_use]
    pub fn with_env_files_linted(mut self, linted: bool) -> KeysSettings {
        self.options.env_files_linted = linted;
        self
    }

    /// Whether the sites carry their masked source lines ([`CheckOptions::snippets`]).
    #[must_use]
    pub fn with_snippets(mut self, snippets: bool) -> KeysSettings {
        self.options.snippets = snippets;
        self
    }

    /// The files under `roots` the check reads (skipped paths left out) but for the ignored
    /// `.env*` files, for a caller that finds env files itself.
    pub fn walked_files(&self, roots: &[PathBuf]) -> Result<Vec<PathBuf>, WalkError> {
        crate::walk::walked_files_except(roots, &self.skip, self.config_dir.as_deref())
    }

    /// Walks `roots` and checks what it collected.
    pub fn run(&self, roots: &[PathBuf]) -> Result<Report, WalkError> {
        let collection =
            crate::collect_paths_except(roots, &self.skip, self.config_dir.as_deref())?;
        Ok(self.check(&collection))
    }

    /// Checks a collection, leaving out the ignored codes.
    pub fn check(&self, collection: &Collection) -> Report {
        let mut report = crate::check_with(collection, self.options);
        report.problems.retain(|p| !self.ignore.contains(p.code));
        report
    }

    /// Whether a path (its key path: see [`keylint_input::PathMap`]) is left out.
    pub fn skips(&self, relative: &str) -> bool {
        (self.skip)(relative)
    }
}
