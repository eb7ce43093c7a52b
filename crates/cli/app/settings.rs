//! Settings in layers: built-in defaults, then the config file, then command-line flags; then
//! validated (rule ids, regexes, globs) with errors pointing into the config file.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSetBuilder};
use keylint_core::Severity;
use keylint_core::baseline::Baseline;
use keylint_core::config::{Config, ConfigError, ConfigSource};
use keylint_core::rule::RuleSpec;
use keylint_input::WalkOptions;
use keylint_scan::{Allowlist, Engine, EngineOptions, generic};
use miette::{IntoDiagnostic as _, WrapErr as _};
use toml::Spanned;

use crate::app::args::{GlobalArgs, SourceArgs};

/// Default lowest failing severity.
pub const DEFAULT_FAIL_ON: Severity = Severity::High;

/// A loaded config with the text it came from (empty defaults when there is none).
pub struct LoadedConfig {
    pub config: Config,
    pub source: Option<ConfigSource>,
}

impl LoadedConfig {
    /// The config named by `--config`, or discovered from `start`, or none.
    pub fn load(global: &GlobalArgs, start: &Path) -> miette::Result<LoadedConfig> {
        if global.no_config {
            return Ok(LoadedConfig {
                config: Config::default(),
                source: None,
            });
        }
        let path: Option<PathBuf> = global.config.clone().or_else(|| Config::discover(start));
        match path {
            None => Ok(LoadedConfig {
                config: Config::default(),
                source: None,
            }),
            Some(path) => {
                let (config, source) = Config::load(&relative_to_cwd(path))?;
                Ok(LoadedConfig {
                    config,
                    source: Some(source),
                })
            }
        }
    }

    /// An error pointing into the config file (or at the flags when there is none).
    pub fn error(
        &self,
        span: Option<Range<usize>>,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> ConfigError {
        match &self.source {
            Some(source) => source.error(span, message, label, help),
            None => ConfigSource {
                name: "<flags>".into(),
                text: String::new(),
            }
            .error(None, message, label, help),
        }
    }
}

/// `path` relative to the current directory when it is below it (shorter, stable messages).
fn relative_to_cwd(path: PathBuf) -> PathBuf {
    let cwd = std::env::current_dir().and_then(std::fs::canonicalize);
    match (cwd, std::fs::canonicalize(&path)) {
        (Ok(cwd), Ok(full)) => full.strip_prefix(&cwd).map_or(path, Path::to_path_buf),
        _ => path,
    }
}

/// Everything a scan needs, validated.
pub struct ScanSettings {
    pub engine: Engine,
    pub walk: WalkOptions,
    pub fail_on: Severity,
    pub baseline: Option<Baseline>,
}

/// The rule specs that run: built-ins, replaced or extended by the config's custom rules.
pub fn all_rule_specs(config: &Config) -> Vec<RuleSpec> {
    let custom_ids: HashSet<&str> = config.custom_rules.iter().map(|r| r.id.as_str()).collect();
    keylint_rules::builtin()
        .iter()
        .filter(|r| !custom_ids.contains(r.id.as_str()))
        .cloned()
        .chain(config.custom_rules.iter().cloned())
        .collect()
}

/// Builds an engine from the config alone (for `rules` and `explain`).
pub fn engine_for(loaded: &LoadedConfig) -> miette::Result<Engine> {
    let options = engine_options(loaded, &[], &[], false)?;
    Ok(Engine::new(all_rule_specs(&loaded.config), options)
        .map_err(|e| loaded.error(None, e.to_string(), "", None))?)
}

/// Merges the config and the scan flags.
pub fn scan_settings(
    loaded: &LoadedConfig,
    args: &SourceArgs,
    fail_on: Option<Severity>,
) -> miette::Result<ScanSettings> {
    let config = &loaded.config;
    validate_custom_rules(loaded)?;
    let options = engine_options(loaded, &args.disable, &args.only, args.no_generic)?;
    let engine = Engine::new(all_rule_specs(config), options)
        .map_err(|e| loaded.error(None, e.to_string(), "", None))?;
    let mut exclude: Vec<String> = config
        .scan
        .exclude
        .iter()
        .map(|g| g.get_ref().clone())
        .collect();
    for glob in &config.scan.exclude {
        check_glob(loaded, glob)?;
    }
    exclude.extend(args.exclude.iter().cloned());
    let walk = WalkOptions {
        max_file_size: args
            .max_file_size
            .or(config.scan.max_file_size)
            .map_or(keylint_input::DEFAULT_MAX_FILE_SIZE, |s| s.0),
        exclude,
        follow_symlinks: args.follow_symlinks || config.scan.follow_symlinks.unwrap_or(false),
        threads: args.threads.unwrap_or(0),
        respect_gitignore: !args.no_ignore,
    };
    let baseline = match &args.baseline {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot read baseline {}", path.display()))?;
            let parsed =
                Baseline::parse(&text).map_err(|e| miette::miette!("{}: {e}", path.display()))?;
            Some(parsed)
        }
    };
    Ok(ScanSettings {
        engine,
        walk,
        fail_on: fail_on.or(config.fail_on).unwrap_or(DEFAULT_FAIL_ON),
        baseline,
    })
}

fn engine_options(
    loaded: &LoadedConfig,
    disable_flags: &[String],
    only_flags: &[String],
    no_generic: bool,
) -> miette::Result<EngineOptions> {
    let config = &loaded.config;
    let specs = all_rule_specs(config);
    let known: Vec<&str> = specs
        .iter()
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
    let severity_overrides: HashMap<String, Severity> = config
        .rules
        .severity
        .iter()
        .map(|(k, v)| (k.get_ref().clone(), *v))
        .collect();

    Ok(EngineOptions {
        generic: !no_generic && config.scan.generic.unwrap_or(true),
        allowlist: allowlist(loaded)?,
        severity_overrides,
        disabled,
    })
}

/// The `[allowlist]` table, compiled.
fn allowlist(loaded: &LoadedConfig) -> Result<Allowlist, ConfigError> {
    let config = &loaded.config;
    let mut regexes = Vec::new();
    for re in &config.allowlist.regexes {
        let compiled = regex::RegexBuilder::new(re.get_ref())
            .size_limit(keylint_rules::REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| {
                loaded.error(
                    Some(re.span()),
                    "invalid allowlist regex".into(),
                    "does not compile",
                    Some(e.to_string()),
                )
            })?;
        regexes.push(compiled);
    }
    let paths =
        if config.allowlist.paths.is_empty() {
            None
        } else {
            let mut builder = GlobSetBuilder::new();
            for glob in &config.allowlist.paths {
                builder.add(check_glob(loaded, glob)?);
            }
            Some(builder.build().map_err(|e| {
                loaded.error(None, format!("invalid allowlist paths: {e}"), "", None)
            })?)
        };
    Ok(Allowlist {
        paths,
        regexes,
        stopwords: config
            .allowlist
            .stopwords
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .collect(),
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
        check_glob(loaded, glob)?;
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
        allowed.add(check_glob(loaded, glob)?);
    }
    let allowed = allowed
        .build()
        .map_err(|e| loaded.error(None, format!("invalid allowlist paths: {e}"), "", None))?;
    Ok(std::sync::Arc::new(move |path: &str| {
        exclude.as_ref().is_some_and(|set| set.is_match(path)) || allowed.is_match(path)
    }))
}

fn check_glob(loaded: &LoadedConfig, glob: &Spanned<String>) -> Result<Glob, ConfigError> {
    Glob::new(glob.get_ref()).map_err(|e| {
        loaded.error(
            Some(glob.span()),
            format!("invalid glob `{}`", glob.get_ref()),
            "here",
            Some(e.kind().to_string()),
        )
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
            .map(|r| r.pattern.span());
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

/// "did you mean …" for a mistyped rule id.
pub fn suggestion(id: &str, known: &[&str]) -> Option<String> {
    known
        .iter()
        .map(|k| (edit_distance(id, k), *k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 4))
        .min()
        .map(|(_, k)| format!("did you mean `{k}`?"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
