//! Settings of the checks a scan runs beside the rules, and of `keylint env` and `keylint keys`,
//! resolved from a loaded config and the flags that select checks: the `.env` linter, its
//! prefix policy, the key check. Errors point into the config file (or name the flag).

use std::collections::BTreeSet;
use std::path::Path;

use globset::GlobSetBuilder;
use keylint_core::config::ConfigError;
use keylint_core::loaded::{LoadedConfig, check_glob, suggestion, with_flags};
use keylint_dotenv::{Settings, checks};
use keylint_keys::KeysSettings;
use toml::Spanned;

use crate::EnvInScan;
use crate::env::EnvSettings;
use crate::lint::PrefixPolicy;
use crate::settings::{DEFAULT_FAIL_ON, ScanFlags, walk_options};

/// Reads `[env] required-prefixes` and `[env.prefixes]`; bad globs point into the file.
pub fn prefix_policy(loaded: &LoadedConfig) -> miette::Result<PrefixPolicy> {
    let env = &loaded.config.env;
    let mut by_glob = Vec::new();
    for (glob, prefixes) in &env.prefixes {
        let matcher = check_glob(&loaded.error_at(), glob)?.compile_matcher();
        by_glob.push((matcher, prefixes.clone()));
    }
    Ok(PrefixPolicy::new(
        env.required_prefixes.clone().unwrap_or_default(),
        by_glob,
    ))
}

/// Linter settings from `[env]` and the `--check`/`--ignore` flags; unknown codes are errors
/// that point into the config file.
pub fn linter_settings(
    loaded: &LoadedConfig,
    check_flags: &[String],
    ignore_flags: &[String],
) -> miette::Result<Settings> {
    let env = &loaded.config.env;
    let known: Vec<&str> = checks::CHECKS.iter().map(|c| c.code).collect();
    // A dotenv-linter name may select more than one check (`checks::resolve`).
    let resolve = |name: &str| Some(checks::resolve(name)).filter(|codes| !codes.is_empty());
    let spanned = |id: &Spanned<String>| -> Result<Vec<&'static str>, ConfigError> {
        resolve(id.get_ref()).ok_or_else(|| {
            loaded.error(
                Some(id.span()),
                format!("unknown env check `{}`", id.get_ref()),
                "here",
                suggestion(id.get_ref(), &known)
                    .or_else(|| Some("`keylint env --list` lists the checks".into())),
            )
        })
    };
    let flag = |name: &String| -> miette::Result<Vec<&'static str>> {
        resolve(name).ok_or_else(|| {
            miette::miette!(
                help = suggestion(name, &known)
                    .unwrap_or_else(|| "`keylint env --list` lists the checks".into()),
                "unknown env check `{name}`"
            )
        })
    };
    let mut s = Settings::default();
    for id in &env.enable {
        s.enabled.extend(spanned(id)?);
    }
    let mut only = Vec::new();
    let mut keys_only = false;
    for id in &env.check {
        if is_keys_code(id.get_ref()) {
            keys_only = true;
        } else {
            only.extend(spanned(id)?);
        }
    }
    for name in check_flags {
        if is_keys_code(name) {
            keys_only = true;
        } else {
            only.extend(flag(name)?);
        }
    }
    if !only.is_empty() || keys_only {
        s.enabled = only.into_iter().collect();
    }
    for id in env.ignore.iter().filter(|id| !is_keys_code(id.get_ref())) {
        let codes = spanned(id)?;
        s.enabled.retain(|c| !codes.contains(c));
    }
    for name in ignore_flags.iter().filter(|n| !is_keys_code(n)) {
        let codes = flag(name)?;
        s.enabled.retain(|c| !codes.contains(c));
    }
    for (id, severity) in &env.severity {
        for code in spanned(id)? {
            s.severity.insert(code.to_owned(), *severity);
        }
    }
    if let Some(n) = env.min_secret_length {
        s.min_secret_length = n;
    }
    if let Some(keys) = &env.secret_keys {
        s.secret_keys.clone_from(keys);
    }
    if let Some(prefixes) = &env.public_prefixes {
        s.public_prefixes.clone_from(prefixes);
    }
    Ok(s)
}

/// Whether a `--check`/`--ignore` code selects the key-consistency check (`keys`, or one of its
/// codes as `keys/<code>`) rather than a `.env` check.
fn is_keys_code(code: &str) -> bool {
    code == "keys" || code.starts_with(keylint_keys::DIAGNOSTIC_PREFIX)
}

/// The key-consistency codes `keylint env` does not report, from the `keys` / `keys/<code>`
/// entries of `--check`/`--ignore` and `[env] check`/`ignore` (same rules as the `.env`
/// checks: a `check` list selects, `ignore` removes); `None` when none is left to report.
pub fn keys_ignored(
    loaded: &LoadedConfig,
    check_flags: &[String],
    ignore_flags: &[String],
) -> miette::Result<Option<Vec<String>>> {
    let all: Vec<&'static str> = keylint_keys::CODES.iter().map(|(c, _, _)| *c).collect();
    let env = &loaded.config.env;
    // Bare codes a `keys…` entry names (`keys`: all of them); config entries point into the file.
    let spanned = |id: &Spanned<String>| -> miette::Result<Vec<&'static str>> {
        if id.get_ref() == "keys" {
            return Ok(all.clone());
        }
        code_flag(id.get_ref()).map(|c| vec![c]).map_err(|_| {
            loaded
                .error(
                    Some(id.span()),
                    format!("unknown keys problem code `{}`", id.get_ref()),
                    "here",
                    Some(format!("`keys` or one of: keys/{}", all.join(", keys/"))),
                )
                .into()
        })
    };
    let flag = |name: &str| -> miette::Result<Vec<&'static str>> {
        if name == "keys" {
            Ok(all.clone())
        } else {
            code_flag(name).map(|c| vec![c])
        }
    };
    let mut selected: Vec<&'static str> = Vec::new();
    let mut any_check = false;
    for id in &env.check {
        any_check = true;
        if is_keys_code(id.get_ref()) {
            selected.extend(spanned(id)?);
        }
    }
    for name in check_flags {
        any_check = true;
        if is_keys_code(name) {
            selected.extend(flag(name)?);
        }
    }
    let mut enabled: std::collections::BTreeSet<&'static str> = if any_check {
        selected.into_iter().collect()
    } else {
        all.iter().copied().collect()
    };
    for id in env.ignore.iter().filter(|id| is_keys_code(id.get_ref())) {
        for c in spanned(id)? {
            enabled.remove(c);
        }
    }
    for name in ignore_flags.iter().filter(|n| is_keys_code(n)) {
        for c in flag(name)? {
            enabled.remove(c);
        }
    }
    if enabled.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        all.iter()
            .filter(|c| !enabled.contains(*c))
            .map(|c| (*c).to_owned())
            .collect(),
    ))
}

/// Makes the path globs of the config file in use relative to its directory (see
/// [`Config::anchor_path_globs`](keylint_core::config::Config::anchor_path_globs)): every path
/// glob is matched against key paths, relative to the repository root (see
/// [`keylint_input::PathMap`]), so a `backend/keylint.toml` that excludes `fixtures/**`
/// excludes `backend/fixtures/**`, wherever the scan starts.
pub fn anchor_globs(loaded: &mut LoadedConfig) {
    let Some(dir) = loaded.dir() else { return };
    // Unresolvable: the walk reports the roots below it as unread anyway.
    if let Ok(key) = keylint_input::root_key(&dir, Some(&dir)) {
        loaded.config.anchor_path_globs(&key);
    }
}

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
    Ok(
        KeysSettings::new(keys_skip(loaded, exclude_flags)?, ignore, options)
            .with_config_dir(loaded.dir()),
    )
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
    let exclude = with_flags(&config.scan.exclude, extra_excludes);
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

/// What `keylint env`'s flags ask besides the files.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvFlags<'a> {
    /// `--check` codes.
    pub check: &'a [String],
    /// `--ignore` codes.
    pub ignore: &'a [String],
    /// One line per problem (`--format concise`): no source line is built for each.
    pub concise: bool,
    /// `--diff`: the fixes only (no key check, no verification).
    pub diff: bool,
    /// `--fail-on`.
    pub fail_on: Option<keylint_core::Severity>,
    /// `--verify` and its companions.
    pub verify: Option<&'a keylint_verify::Flags>,
}

/// Resolves `keylint env`'s settings; unknown codes and bad globs point into the config.
pub fn env_settings(loaded: &LoadedConfig, flags: EnvFlags<'_>) -> miette::Result<EnvSettings> {
    let mut linter = linter_settings(loaded, flags.check, flags.ignore)?;
    let snippets = !flags.concise;
    linter.snippets = snippets;
    let keys_ignored = keys_ignored(loaded, flags.check, flags.ignore)?;
    let prefixes = prefix_policy(loaded)?;
    let walk = walk_options(loaded, Path::new("."), &ScanFlags::default(), None)?;
    let excluded = keylint_input::exclude_set(&walk.exclude).map_err(|e| miette::miette!("{e}"))?;
    let keys = match &keys_ignored {
        Some(ignored) if !flags.diff => Some(
            keys_settings(loaded, ignored, &[])?
                .with_env_files_linted(true)
                .with_snippets(snippets),
        ),
        _ => None,
    };
    let verify = match flags.verify.filter(|_| !flags.diff) {
        Some(verify) => (verify.diagnostic_options(&loaded.config.verify))
            .map_err(|e| miette::miette!("{e}"))?,
        None => None,
    };
    Ok(EnvSettings {
        linter,
        prefixes,
        keys,
        excluded,
        max_file_size: walk.max_file_size,
        config_dir: loaded.dir(),
        fail_on: (flags.fail_on)
            .or(loaded.config.env.fail_on)
            .unwrap_or(DEFAULT_FAIL_ON.env),
        verify,
    })
}

/// The `.env` checks as `keylint scan` runs them (`[env] in-scan`): the config's, no flags.
pub fn env_in_scan(loaded: &LoadedConfig) -> miette::Result<EnvInScan> {
    Ok(EnvInScan {
        settings: linter_settings(loaded, &[], &[])?,
        prefixes: prefix_policy(loaded)?,
    })
}

/// `keylint keys`' lowest failing severity: the flag's, `[keys] fail-on`, or the default.
pub fn keys_fail_on(
    loaded: &LoadedConfig,
    flag: Option<keylint_core::Severity>,
) -> keylint_core::Severity {
    flag.or(loaded.config.keys.fail_on)
        .unwrap_or(DEFAULT_FAIL_ON.keys)
}
