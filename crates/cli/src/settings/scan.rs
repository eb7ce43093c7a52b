//! The resolved settings of a scan: engine (rules, allowlists), walk, baseline, failing
//! severity, from the config and the flags.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::GlobSetBuilder;
use keylint_core::Severity;
use keylint_core::config::{AllowlistConfig, Config, ConfigError, ConfigSource};
use keylint_core::gitleaks::{GitleaksConfig, GitleaksIgnore};
use keylint_core::rule::RuleSpec;
use keylint_input::WalkOptions;
use keylint_scan::{Allowlist, Engine, EngineOptions, generic};
use miette::{IntoDiagnostic as _, WrapErr as _};
use toml::Spanned;

use super::{
    DEFAULT_FAIL_ON, ErrorAt, LoadedConfig, check_glob, load_baseline, load_gitleaks, suggestion,
};
use crate::args::{HookTuning, SourceArgs};

/// What the flags ask of a scan besides its [`Source`](crate::args::Source): from `scan` and
/// `baseline create` ([`SourceArgs`]), a hook's tuning ([`HookTuning`]), or nothing at all
/// (`fix`, `env`: the config's settings).
#[derive(Debug, Clone, Default)]
pub struct ScanFlags {
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `--baseline`.
    pub baseline: Option<PathBuf>,
    /// `--max-file-size`.
    pub max_file_size: Option<keylint_core::config::ByteSize>,
    /// `--exclude` globs.
    pub exclude: Vec<String>,
    /// `--disable` rule ids.
    pub disable: Vec<String>,
    /// `--only` rule ids.
    pub only: Vec<String>,
    /// `--no-generic`.
    pub no_generic: bool,
    /// `--no-ignore`.
    pub no_ignore: bool,
    /// `--follow-symlinks`.
    pub follow_symlinks: bool,
    /// `-j`.
    pub threads: Option<usize>,
    /// `--gitleaks-config`.
    pub gitleaks_config: Option<PathBuf>,
    /// `--gitleaks-ignore`.
    pub gitleaks_ignore: Option<PathBuf>,
}

impl ScanFlags {
    /// The flags of `scan` and `baseline create` (`fail_on`: `scan --fail-on`).
    pub fn from_args(args: &SourceArgs, fail_on: Option<Severity>) -> ScanFlags {
        ScanFlags {
            fail_on,
            baseline: args.baseline.clone(),
            max_file_size: args.max_file_size,
            exclude: args.exclude.clone(),
            disable: args.disable.clone(),
            only: args.only.clone(),
            no_generic: args.no_generic,
            no_ignore: args.no_ignore,
            follow_symlinks: args.follow_symlinks,
            threads: args.threads,
            gitleaks_config: args.gitleaks_config.clone(),
            gitleaks_ignore: args.gitleaks_ignore.clone(),
        }
    }

    /// A hook's tunables (the pre-commit framework's `args:`); the config does the rest.
    pub fn from_hook(tune: &HookTuning) -> ScanFlags {
        ScanFlags {
            fail_on: tune.fail_on,
            baseline: tune.baseline.clone(),
            max_file_size: tune.max_file_size,
            exclude: tune.exclude.clone(),
            disable: tune.disable.clone(),
            no_generic: tune.no_generic,
            ..ScanFlags::default()
        }
    }
}

pub use keylint_pipeline::ScanSettings;

/// The rule specs that run: built-ins (unless a gitleaks config without `useDefault` replaces
/// them), then the gitleaks rules, then the config's custom rules; a later rule replaces an
/// earlier one with the same id.
pub fn all_rule_specs(config: &Config, gitleaks: Option<&GitleaksConfig>) -> Vec<RuleSpec> {
    let mut specs: Vec<RuleSpec> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for spec in rule_sources(config, gitleaks) {
        if let Some(&i) = position.get(spec.id.as_str()) {
            specs[i] = spec.clone();
        } else {
            position.insert(&spec.id, specs.len());
            specs.push(spec.clone());
        }
    }
    specs
}

/// Every rule definition in precedence order (a later one with the same id replaces an earlier
/// one): built-ins (unless a gitleaks config says `useDefault = false`), gitleaks rules, custom
/// rules.
fn rule_sources<'a>(
    config: &'a Config,
    gitleaks: Option<&'a GitleaksConfig>,
) -> impl Iterator<Item = &'a RuleSpec> {
    let builtin = match gitleaks {
        Some(g) if !g.use_default => &[][..],
        _ => keylint_rules::builtin(),
    };
    builtin
        .iter()
        .chain(gitleaks.into_iter().flat_map(|g| &g.rules))
        .chain(&config.custom_rules)
}

/// Builds an engine from the config alone (for `rules` and `explain`).
pub fn engine_for(loaded: &LoadedConfig) -> miette::Result<Engine> {
    let gitleaks = loaded.gitleaks.as_ref();
    let options = engine_options(loaded, gitleaks, &[], &[], false)?;
    Ok(
        Engine::new(all_rule_specs(&loaded.config, gitleaks), options)
            .map_err(|e| loaded.error(None, e.to_string(), "", None))?,
    )
}

/// What the readers need (exclusions, size limit, threads): cheap, unlike the engine, so a small
/// source can be read while the engine is built. The baseline in use (`--baseline`) and the one
/// being written (`writing`) are never read: a baseline is not a source of findings.
pub fn walk_options(
    loaded: &LoadedConfig,
    root: &Path,
    args: &ScanFlags,
    writing: Option<&Path>,
) -> miette::Result<WalkOptions> {
    let config = &loaded.config;
    let mut exclude: Vec<String> = config
        .scan
        .exclude
        .iter()
        .map(|g| g.get_ref().clone())
        .collect();
    for glob in &config.scan.exclude {
        check_glob(&loaded.error_at(), glob)?;
    }
    exclude.extend(args.exclude.iter().cloned());
    exclude.extend(
        args.baseline
            .iter()
            .map(PathBuf::as_path)
            .chain(writing)
            .filter_map(|file| path_below(root, file))
            .map(|relative| globset::escape(&relative)),
    );
    Ok(WalkOptions {
        max_file_size: args
            .max_file_size
            .or(config.scan.max_file_size)
            .map_or(keylint_input::DEFAULT_MAX_FILE_SIZE, |s| s.0),
        exclude,
        follow_symlinks: args.follow_symlinks || config.scan.follow_symlinks.unwrap_or(false),
        threads: args.threads.unwrap_or(0),
        respect_gitignore: !args.no_ignore,
    })
}

/// `file` relative to the directory `root` (a file root: its directory), with `/`, when it is
/// below it; `file` may not exist yet.
fn path_below(root: &Path, file: &Path) -> Option<String> {
    let root = if root.is_dir() {
        root
    } else {
        root.parent().filter(|p| !p.as_os_str().is_empty())?
    };
    let root = std::fs::canonicalize(root).ok()?;
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let full = std::fs::canonicalize(dir).ok()?.join(file.file_name()?);
    let relative = full.strip_prefix(&root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Merges the config and the scan flags (`writing`: see [`walk_options`]).
pub fn scan_settings(
    loaded: &LoadedConfig,
    root: &Path,
    args: &ScanFlags,
    writing: Option<&Path>,
) -> miette::Result<ScanSettings> {
    let config = &loaded.config;
    validate_custom_rules(loaded)?;
    let flag_gitleaks = match &args.gitleaks_config {
        Some(path) => Some(load_gitleaks(path)?),
        None => None,
    };
    let gitleaks = flag_gitleaks.as_ref().or(loaded.gitleaks.as_ref());
    let options = engine_options(loaded, gitleaks, &args.disable, &args.only, args.no_generic)?;
    let engine = Engine::new(all_rule_specs(config, gitleaks), options)
        .map_err(|e| loaded.error(None, e.to_string(), "", None))?;
    let walk = walk_options(loaded, root, args, writing)?;
    let baseline = args.baseline.as_deref().map(load_baseline).transpose()?;
    Ok(ScanSettings {
        engine,
        walk,
        fail_on: args
            .fail_on
            .or(config.fail_on)
            .unwrap_or(DEFAULT_FAIL_ON.scan),
        baseline,
        gitleaks_ignore: gitleaks_ignore(root, args)?,
    })
}

/// The `.gitleaksignore` named by `--gitleaks-ignore`, or the one at the scan root.
fn gitleaks_ignore(root: &Path, args: &ScanFlags) -> miette::Result<Option<GitleaksIgnore>> {
    let path = if let Some(path) = &args.gitleaks_ignore {
        path.clone()
    } else {
        let root = if root.is_dir() { root } else { Path::new(".") };
        let path = root.join(keylint_core::gitleaks::IGNORE_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        path
    };
    let text = std::fs::read_to_string(&path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read {}", path.display()))?;
    let ignore = GitleaksIgnore::parse(&text);
    for warning in &ignore.warnings {
        eprintln!("warning: {}: {warning}", path.display());
    }
    Ok(Some(ignore))
}

fn engine_options(
    loaded: &LoadedConfig,
    gitleaks: Option<&GitleaksConfig>,
    disable_flags: &[String],
    only_flags: &[String],
    no_generic: bool,
) -> miette::Result<EngineOptions> {
    let config = &loaded.config;
    let known: Vec<&str> = rule_sources(config, gitleaks)
        .map(|r| r.id.as_str())
        .chain(generic::RULES.iter().map(|g| g.id))
        .collect();
    let check_id = |id: &Spanned<String>| -> Result<(), ConfigError> {
        if known.contains(&id.get_ref().as_str()) {
            return Ok(());
        }
        Err(loaded.error(
            Some(id.span()),
            format!("unknown rule id `{}`", id.get_ref()),
            "not a rule",
            suggestion(id.get_ref(), &known),
        ))
    };
    for id in config
        .rules
        .disable
        .iter()
        .chain(&config.rules.only)
        .chain(config.rules.severity.keys())
        .chain(&config.allowlist.rules)
    {
        check_id(id)?;
    }
    for id in disable_flags.iter().chain(only_flags) {
        if !known.contains(&id.as_str()) {
            return Err(miette::miette!(
                help = suggestion(id, &known).unwrap_or_default(),
                "unknown rule id `{id}` (see `keylint rules`)"
            ));
        }
    }
    let mut disabled: Vec<String> = config
        .rules
        .disable
        .iter()
        .map(|s| s.get_ref().clone())
        .chain(disable_flags.iter().cloned())
        .collect();
    let only: Vec<String> = config
        .rules
        .only
        .iter()
        .map(|s| s.get_ref().clone())
        .chain(only_flags.iter().cloned())
        .collect();
    if !only.is_empty() {
        disabled.extend(
            known
                .iter()
                .filter(|id| !only.iter().any(|o| o == *id))
                .map(|id| (*id).to_owned()),
        );
    }
    if let Some(gitleaks) = gitleaks {
        disabled.extend(gitleaks_disabled(gitleaks, &known));
    }
    let severity_overrides: HashMap<String, Severity> = config
        .rules
        .severity
        .iter()
        .map(|(k, v)| (k.get_ref().clone(), *v))
        .collect();

    let allowlists = all_allowlists(loaded, gitleaks)?;
    let gitleaks_replaces_defaults = gitleaks.is_some_and(|g| !g.use_default);
    Ok(EngineOptions {
        generic: !no_generic && !gitleaks_replaces_defaults && config.scan.generic.unwrap_or(true),
        allowlists,
        severity_overrides,
        disabled,
    })
}

/// The gitleaks `disabledRules` keylint has; warns about those it does not have, and about
/// gitleaks rules that only extend a rule keylint does not have.
fn gitleaks_disabled(gitleaks: &GitleaksConfig, known: &[&str]) -> Vec<String> {
    for id in &gitleaks.rule_extensions {
        if !known.contains(&id.as_str()) {
            eprintln!(
                "warning: gitleaks rule `{id}` has no regex or path: in gitleaks it extends the default rule of that id, which keylint does not have; its allowlists apply to nothing"
            );
        }
    }
    let mut disabled = Vec::new();
    for id in &gitleaks.disabled_rules {
        if known.contains(&id.as_str()) {
            disabled.push(id.clone());
        } else {
            eprintln!(
                "warning: gitleaks [extend] disabledRules: `{id}` is not a keylint rule (gitleaks' default rules are not loaded); see `keylint rules`"
            );
        }
    }
    disabled
}

/// The config's `[allowlist]` and the gitleaks allowlists, compiled.
fn all_allowlists(
    loaded: &LoadedConfig,
    gitleaks: Option<&GitleaksConfig>,
) -> Result<Vec<Allowlist>, ConfigError> {
    let mut allowlists = vec![allowlist(
        &loaded.config.allowlist,
        &|span, message, label, help| loaded.error(span, message, label, help),
    )?];
    if let Some(gitleaks) = gitleaks {
        // Validated (translated and compiled) when the gitleaks config was loaded.
        let file = gitleaks
            .files
            .first()
            .map_or_else(String::new, |f| f.display().to_string());
        let source = ConfigSource {
            name: file,
            text: String::new(),
        };
        for list in &gitleaks.allowlists {
            allowlists.push(allowlist(list, &|_, message, label, help| {
                source.error(None, message, label, help)
            })?);
        }
    }
    Ok(allowlists)
}

/// An allowlist table, compiled.
fn allowlist(list: &AllowlistConfig, error: &ErrorAt<'_>) -> Result<Allowlist, ConfigError> {
    let compile = |re: &Spanned<String>, what: &str| {
        regex::RegexBuilder::new(re.get_ref())
            .size_limit(keylint_rules::REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| {
                error(
                    Some(re.span()),
                    format!("invalid allowlist {what}"),
                    "does not compile",
                    Some(e.to_string()),
                )
            })
    };
    let regexes = list
        .regexes
        .iter()
        .map(|re| compile(re, "regex"))
        .collect::<Result<_, _>>()?;
    let path_regexes = list
        .path_regexes
        .iter()
        .map(|re| compile(re, "path regex"))
        .collect::<Result<_, _>>()?;
    let paths = if list.paths.is_empty() {
        None
    } else {
        let mut builder = GlobSetBuilder::new();
        for glob in &list.paths {
            builder.add(check_glob(error, glob)?);
        }
        Some(
            builder
                .build()
                .map_err(|e| error(None, format!("invalid allowlist paths: {e}"), "", None))?,
        )
    };
    Ok(Allowlist {
        paths,
        path_regexes,
        regexes,
        regex_target: list.regex_target.unwrap_or_default(),
        stopwords: list
            .stopwords
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .collect(),
        commits: list
            .commits
            .iter()
            .map(|c| c.to_ascii_lowercase())
            .collect(),
        condition: list.condition.unwrap_or_default(),
        rules: list.rules.iter().map(|r| r.get_ref().clone()).collect(),
    })
}

/// Custom rules must compile within the size limit and have one secret group; errors point at
/// the rule's pattern in the config file.
fn validate_custom_rules(loaded: &LoadedConfig) -> Result<(), ConfigError> {
    let rules = &loaded.config.custom_rules;
    if let Some(problem) = keylint_rules::validate(rules, false).into_iter().next() {
        let span = rules
            .iter()
            .find(|r| r.id == problem.rule_id)
            .and_then(|r| r.pattern.as_ref().map(Spanned::span));
        let help = problem.message.contains("size limit").then(|| "simplify the pattern: bounded repetitions like {1,1000} and large classes multiply its size".to_owned());
        return Err(loaded.error(
            span,
            format!("custom rule `{}`: {}", problem.rule_id, problem.message),
            "in this rule",
            help,
        ));
    }
    Ok(())
}
