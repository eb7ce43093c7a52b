//! An engine from a loaded config: the rules that run (built-ins, a gitleaks config's, custom
//! rules), rule ids checked, severities overridden, allowlists compiled. Errors point into the
//! config file; warnings go to the caller, which decides where they are shown.

use std::collections::HashMap;

use globset::GlobSetBuilder;
use keylint_core::Severity;
use keylint_core::config::{AllowlistConfig, Config, ConfigError, ConfigSource};
use keylint_core::gitleaks::GitleaksConfig;
use keylint_core::loaded::{ErrorAt, LoadedConfig, check_glob, suggestion, with_flags};
use keylint_core::rule::RuleSpec;
use toml::Spanned;

use crate::{Allowlist, Engine, EngineOptions, generic};

/// What the command line asks of the rules besides the config.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleFlags<'a> {
    /// `--disable` rule ids.
    pub disable: &'a [String],
    /// `--only` rule ids.
    pub only: &'a [String],
    /// `--no-generic`.
    pub no_generic: bool,
}

/// Why no engine could be built from a config and flags.
#[derive(Debug)]
pub enum ConfigureError {
    /// The config is wrong; the error points into it.
    Config(ConfigError),
    /// A rule id given on the command line names no rule.
    UnknownRuleFlag {
        /// The id as given.
        id: String,
        /// "did you mean …", when a known id is close.
        suggestion: Option<String>,
    },
}

impl From<ConfigError> for ConfigureError {
    fn from(e: ConfigError) -> Self {
        ConfigureError::Config(e)
    }
}

/// The engine the config and `flags` describe, with the gitleaks config (`gitleaks`) in use;
/// `warn` hears what is ignored in it.
pub fn engine(
    loaded: &LoadedConfig,
    gitleaks: Option<&GitleaksConfig>,
    flags: RuleFlags<'_>,
    warn: &mut dyn FnMut(String),
) -> Result<Engine, ConfigureError> {
    let options = engine_options(loaded, gitleaks, flags, warn)?;
    Ok(
        Engine::new(all_rule_specs(&loaded.config, gitleaks), options)
            .map_err(|e| loaded.error(None, e.to_string(), "", None))?,
    )
}

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

fn engine_options(
    loaded: &LoadedConfig,
    gitleaks: Option<&GitleaksConfig>,
    flags: RuleFlags<'_>,
    warn: &mut dyn FnMut(String),
) -> Result<EngineOptions, ConfigureError> {
    let RuleFlags {
        disable: disable_flags,
        only: only_flags,
        no_generic,
    } = flags;
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
            return Err(ConfigureError::UnknownRuleFlag {
                id: id.clone(),
                suggestion: suggestion(id, &known),
            });
        }
    }
    let mut disabled = with_flags(&config.rules.disable, disable_flags);
    let only = with_flags(&config.rules.only, only_flags);
    if !only.is_empty() {
        disabled.extend(
            known
                .iter()
                .filter(|id| !only.iter().any(|o| o == *id))
                .map(|id| (*id).to_owned()),
        );
    }
    if let Some(gitleaks) = gitleaks {
        disabled.extend(gitleaks_disabled(gitleaks, &known, warn));
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
fn gitleaks_disabled(
    gitleaks: &GitleaksConfig,
    known: &[&str],
    warn: &mut dyn FnMut(String),
) -> Vec<String> {
    for id in &gitleaks.rule_extensions {
        if !known.contains(&id.as_str()) {
            warn(format!(
                "gitleaks rule `{id}` has no regex or path: in gitleaks it extends the default rule of that id, which keylint does not have; its allowlists apply to nothing"
            ));
        }
    }
    let mut disabled = Vec::new();
    for id in &gitleaks.disabled_rules {
        if known.contains(&id.as_str()) {
            disabled.push(id.clone());
        } else {
            warn(format!(
                "gitleaks [extend] disabledRules: `{id}` is not a keylint rule (gitleaks' default rules are not loaded); see `keylint rules`"
            ));
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
pub fn validate_custom_rules(loaded: &LoadedConfig) -> Result<(), ConfigError> {
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
