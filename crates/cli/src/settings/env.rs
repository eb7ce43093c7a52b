//! The resolved settings of the `.env` linter (`keylint env`, and the checks as `scan` runs
//! them).

use keylint_core::Severity;
use keylint_core::config::ConfigError;
use keylint_dotenv::{Settings, checks};
use toml::Spanned;

use super::keys::{KeysSettings, code_flag, keys_settings};
use super::scan::{ScanFlags, walk_options};
use super::{DEFAULT_FAIL_ON, LoadedConfig, check_glob, suggestion};
use crate::args::EnvArgs;

pub use keylint_pipeline::lint::PrefixPolicy;

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
fn linter_settings(
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
fn keys_ignored(
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

/// Everything `keylint env` needs, resolved from the config and its flags.
pub struct EnvSettings {
    /// The `.env` checks and their options.
    pub linter: Settings,
    /// `[env] required-prefixes` and `[env.prefixes]`.
    pub prefixes: PrefixPolicy,
    /// The key-consistency check beside the `.env` checks (`None`: none of its codes is left,
    /// or `--diff`).
    pub keys: Option<KeysSettings>,
    /// `[scan] exclude`: what a directory walk leaves out (a file named on the command line is
    /// linted whatever the config says).
    pub excluded: Option<globset::GlobSet>,
    /// `[scan] max-file-size`.
    pub max_file_size: u64,
    /// The lowest failing severity.
    pub fail_on: Severity,
}

impl EnvSettings {
    /// Resolves `keylint env`'s settings; unknown codes and bad globs point into the config.
    pub fn new(loaded: &LoadedConfig, args: &EnvArgs) -> miette::Result<EnvSettings> {
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
        let excluded =
            keylint_input::exclude_set(&walk.exclude).map_err(|e| miette::miette!("{e}"))?;
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
            fail_on: args
                .fail_on
                .or(loaded.config.env.fail_on)
                .unwrap_or(DEFAULT_FAIL_ON.env),
        })
    }

    /// The `.env` checks as `keylint scan` runs them (`[env] in-scan`): the config's, no flags.
    pub fn in_scan(loaded: &LoadedConfig) -> miette::Result<(Settings, PrefixPolicy)> {
        Ok((linter_settings(loaded, &[], &[])?, prefix_policy(loaded)?))
    }
}
