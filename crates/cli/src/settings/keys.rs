//! The resolved settings of the key-consistency check (`keylint keys`, and the check as `scan`
//! and `env` run it).

use std::collections::BTreeSet;

use globset::GlobSetBuilder;

use super::{LoadedConfig, check_glob, suggestion};

pub use keylint_keys::KeysSettings;

/// Reads `[keys]`, `[scan] exclude`, `[allowlist] paths` and `[env] min-secret-length` into the
/// key check's settings; unknown codes and bad globs point into the config file.
pub fn keys_settings(
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
    Ok(KeysSettings::new(
        keys_skip(loaded, exclude_flags)?,
        ignore,
        options,
    ))
}

/// `keylint keys`' lowest failing severity: the flag's, `[keys] fail-on`, or the default.
pub fn keys_fail_on(
    loaded: &LoadedConfig,
    flag: Option<keylint_core::Severity>,
) -> keylint_core::Severity {
    flag.or(loaded.config.keys.fail_on)
        .unwrap_or(super::DEFAULT_FAIL_ON.keys)
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
