//! The resolved settings of the key-consistency check (`keylint keys`, and the check as `scan`
//! and `env` run it).

use std::collections::BTreeSet;
use std::path::PathBuf;

use globset::GlobSetBuilder;
use keylint_keys::Report;

use super::{LoadedConfig, check_glob, suggestion};

/// The key check as configured: which paths it leaves out, which codes it does not report,
/// its options.
pub struct KeysSettings {
    skip: keylint_keys::walk::Skip,
    ignore: BTreeSet<&'static str>,
    options: keylint_keys::CheckOptions,
}

impl KeysSettings {
    /// Reads `[keys]`, `[scan] exclude`, `[allowlist] paths` and `[env] min-secret-length`;
    /// unknown codes and bad globs point into the config file.
    pub fn new(
        loaded: &LoadedConfig,
        ignore_flags: &[String],
        exclude_flags: &[String],
    ) -> miette::Result<KeysSettings> {
        let known: Vec<&str> = keylint_keys::CODES.iter().map(|(c, _, _)| *c).collect();
        let mut ignore = BTreeSet::new();
        for code in &loaded.config.keys.ignore {
            let found = keylint_keys::code_info(code.get_ref()).ok_or_else(|| {
                loaded.error(
                    Some(code.span()),
                    format!("unknown keys problem code `{}`", code.get_ref()),
                    "not a code",
                    suggestion(code.get_ref(), &known)
                        .or_else(|| Some(format!("one of: {}", known.join(", ")))),
                )
            })?;
            ignore.insert(found.0);
        }
        for code in ignore_flags {
            ignore.insert(code_flag(code)?);
        }
        let mut options = keylint_keys::CheckOptions::default();
        if let Some(n) = loaded.config.env.min_secret_length {
            options.min_secret_length = n;
        }
        Ok(KeysSettings {
            skip: keys_skip(loaded, exclude_flags)?,
            ignore,
            options,
        })
    }

    /// `keylint keys`' lowest failing severity: the flag's, `[keys] fail-on`, or the default.
    pub fn fail_on(
        loaded: &LoadedConfig,
        flag: Option<keylint_core::Severity>,
    ) -> keylint_core::Severity {
        flag.or(loaded.config.keys.fail_on)
            .unwrap_or(super::DEFAULT_FAIL_ON.keys)
    }

    /// Leaves out what the env files' own checks report (see
    /// [`keylint_keys::CheckOptions::env_files_linted`]).
    pub fn with_env_files_linted(mut self, linted: bool) -> KeysSettings {
        self.options.env_files_linted = linted;
        self
    }

    /// The files under `roots` the check reads (config excludes and allowlisted paths left
    /// out) but for the ignored `.env*` files, for a caller that finds env files itself.
    pub fn walked_files(&self, roots: &[PathBuf]) -> miette::Result<Vec<PathBuf>> {
        keylint_keys::walk::walked_files_except(roots, &self.skip)
            .map_err(|e| miette::miette!("{e}"))
    }

    /// Whether the sites carry their masked source lines ([`keylint_keys::CheckOptions::snippets`]).
    pub fn with_snippets(mut self, snippets: bool) -> KeysSettings {
        self.options.snippets = snippets;
        self
    }

    /// Walks `roots` and checks what it collected.
    pub fn run(&self, roots: &[PathBuf]) -> miette::Result<Report> {
        let collection = keylint_keys::collect_paths_except(roots, &self.skip)
            .map_err(|e| miette::miette!("{e}"))?;
        Ok(self.check(&collection))
    }

    /// Checks a collection, leaving out the ignored codes.
    pub fn check(&self, collection: &keylint_keys::Collection) -> Report {
        let mut report = keylint_keys::check_with(collection, self.options);
        report.problems.retain(|p| !self.ignore.contains(p.code));
        report
    }

    /// Whether a path (relative to its root) is left out.
    pub fn skips(&self, relative: &str) -> bool {
        (self.skip)(relative)
    }
}

/// A `keys/<code>` or bare code given on the command line.
pub fn code_flag(code: &str) -> miette::Result<&'static str> {
    let known: Vec<&str> = keylint_keys::CODES.iter().map(|(c, _, _)| *c).collect();
    keylint_keys::code_info(code).map(|c| c.0).ok_or_else(|| {
        miette::miette!(
            help = suggestion(
                code.strip_prefix(keylint_keys::DIAGNOSTIC_PREFIX)
                    .unwrap_or(code),
                &known
            )
            .unwrap_or_else(|| format!("one of: {}", known.join(", "))),
            "unknown keys problem code `{code}`"
        )
    })
}

/// What the key-consistency check leaves out of a tree, as a path predicate: `[scan] exclude`
/// (and `--exclude` globs), with the walk's meaning, and `[allowlist] paths`, whose files hold
/// accepted test values and must not take part in any comparison. Bad globs point into the
/// config file.
pub fn keys_skip(
    loaded: &LoadedConfig,
    extra_excludes: &[String],
) -> miette::Result<keylint_keys::walk::Skip> {
    let config = &loaded.config;
    for glob in config.scan.exclude.iter().chain(&config.allowlist.paths) {
        check_glob(&loaded.error_at(), glob)?;
    }
    let exclude: Vec<String> = config
        .scan
        .exclude
        .iter()
        .map(|g| g.get_ref().clone())
        .chain(extra_excludes.iter().cloned())
        .collect();
    let exclude = keylint_input::exclude_set(&exclude).map_err(|e| miette::miette!("{e}"))?;
    let mut allowed = GlobSetBuilder::new();
    for glob in &config.allowlist.paths {
        allowed.add(check_glob(&loaded.error_at(), glob)?);
    }
    let allowed = allowed
        .build()
        .map_err(|e| loaded.error(None, format!("invalid allowlist paths: {e}"), "", None))?;
    Ok(std::sync::Arc::new(move |path: &str| {
        exclude.as_ref().is_some_and(|set| set.is_match(path)) || allowed.is_match(path)
    }))
}
