//! User configuration: `keylint.toml`, or `[workspace.metadata.keylint]` /
//! `[package.metadata.keylint]` in `Cargo.toml` (same schema).
//!
//! Every field is optional so layers merge: built-in defaults, then the file, then CLI flags.
//! Unknown keys, bad values, invalid regexes and globs are [`ConfigError`]s that point at the exact
//! spot in the file.
//!
//! ```
//! use keylint_core::config::Config;
//! let cfg = Config::from_toml("keylint.toml", "fail-on = \"medium\"\n[scan]\nexclude = [\"vendor/**\"]\n").unwrap();
//! assert_eq!(cfg.scan.exclude.len(), 1);
//! let err = Config::from_toml("keylint.toml", "[scan]\nexlude = []\n").unwrap_err();
//! assert!(err.to_string().contains("exlude"));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::Severity;
use crate::rule::RuleSpec;

/// Names of the config files looked for, in order, in each directory.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["keylint.toml", ".keylint.toml"];

/// The whole configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Lowest severity that makes the run fail (exit code 1). Default `high`.
    pub fail_on: Option<Severity>,
    /// What to read.
    #[serde(default)]
    pub scan: ScanConfig,
    /// Which rules run, and at what severity.
    #[serde(default)]
    pub rules: RulesConfig,
    /// What not to report.
    #[serde(default)]
    pub allowlist: AllowlistConfig,
    /// `.env` linting (`keylint env`, and `.env` files during `keylint scan`).
    #[serde(default)]
    pub env: EnvConfig,
    /// Key consistency (`keylint keys`, and inside `keylint scan` / `keylint env`).
    #[serde(default)]
    pub keys: KeysConfig,
    /// Custom rules, same schema as the built-in ones.
    #[serde(default, rename = "rule")]
    pub custom_rules: Vec<RuleSpec>,
    /// Configuration imported from other tools.
    #[serde(default)]
    pub extend: ExtendConfig,
    /// Live verification (`--verify`): off unless enabled here or on the command line.
    #[serde(default)]
    pub verify: VerifyConfig,
}

/// `[verify]`: live verification of found keys with their providers. Never on by default,
/// never in hooks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VerifyConfig {
    /// Verify on every `keylint scan` that reads this config (CI), as `--verify` does.
    pub enabled: Option<bool>,
    /// Providers never asked (`keylint verify --list` names them), e.g. `["aws"]`.
    #[serde(default)]
    pub skip: Vec<Spanned<String>>,
    /// Seconds to wait for each provider's answer (default 10).
    pub timeout: Option<u64>,
}

/// `[scan]`: what the walker reads.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanConfig {
    /// Files larger than this are skipped and listed (`10MB`, `512KiB` or a number of bytes).
    pub max_file_size: Option<ByteSize>,
    /// Path globs (relative to the config file's directory) that are not read at all.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Whether to follow symbolic links (default false).
    pub follow_symlinks: Option<bool>,
    /// Whether the generic detector (secret-looking values assigned to secret-looking names) runs.
    pub generic: Option<bool>,
}

/// `[rules]`: rule selection.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesConfig {
    /// Rule ids that do not run.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// When not empty, only these rule ids run.
    #[serde(default)]
    pub only: Vec<Spanned<String>>,
    /// Severity overrides by rule id.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
}

/// `[allowlist]`: findings that are known and accepted.
///
/// Each non-empty criterion (paths, path regexes, regexes, stopwords, commits) is a test on a
/// finding; with `condition = "or"` (the default) one passing test drops the finding, with
/// `"and"` all of them must pass. An allowlist limited to some `rules` applies to those only.
/// gitleaks allowlists translate to this type one for one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AllowlistConfig {
    /// Why these findings are accepted (for people reading the file).
    #[serde(default)]
    pub description: Option<String>,
    /// Whether one criterion (`or`, default) or all of them (`and`) must hold.
    #[serde(default)]
    pub condition: Option<Condition>,
    /// Path globs whose findings are dropped (the files are still read, e.g. for history).
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    /// Regexes searched in the path (unanchored), like gitleaks' `paths`.
    #[serde(default)]
    pub path_regexes: Vec<Spanned<String>>,
    /// Regexes matched against the secret (or the `regex-target`); a match drops the finding.
    #[serde(default)]
    pub regexes: Vec<Spanned<String>>,
    /// What `regexes` are matched against (default: the secret).
    #[serde(default)]
    pub regex_target: Option<RegexTarget>,
    /// Words that, found in a secret (case-insensitive), drop the finding.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Full commit ids whose findings are dropped (git scans only).
    #[serde(default)]
    pub commits: Vec<String>,
    /// Rule ids this allowlist is limited to (empty: every rule).
    #[serde(default)]
    pub rules: Vec<Spanned<String>>,
}

/// How the criteria of an allowlist combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// One criterion that holds is enough.
    #[default]
    Or,
    /// Every criterion given must hold.
    And,
}

/// The text an allowlist's `regexes` are matched against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegexTarget {
    /// The secret (the rule's capture group).
    #[default]
    Secret,
    /// The whole text the rule's regex matched.
    Match,
    /// The whole line(s) holding the match.
    Line,
}

/// `[extend]`: configuration imported from elsewhere.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExtendConfig {
    /// A gitleaks config (`gitleaks.toml`) whose rules and allowlists are loaded too; relative
    /// to the directory of this file.
    pub gitleaks: Option<Spanned<String>>,
}

/// `[env]`: the `.env` linter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvConfig {
    /// Lowest severity that fails `keylint env` (default `low`: any problem but `info`).
    pub fail_on: Option<Severity>,
    /// When not empty, only these check codes run.
    #[serde(default)]
    pub check: Vec<Spanned<String>>,
    /// Check codes that do not run.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Checks that are off by default to turn on (e.g. `unordered-keys`).
    #[serde(default)]
    pub enable: Vec<Spanned<String>>,
    /// Severity overrides by check code.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    /// Minimum length of a secret value (default 32).
    pub min_secret_length: Option<usize>,
    /// Key patterns (`*` wildcard, case-insensitive) whose values are secrets; replaces the
    /// defaults (`*_SECRET`, `*_KEY`, `*_TOKEN`, `*_PASSWORD` …).
    pub secret_keys: Option<Vec<String>>,
    /// Prefixes every key must start with (`key-prefix` check), in every file.
    pub required_prefixes: Option<Vec<String>>,
    /// Required prefixes by path glob (relative to the lint root); a matching glob replaces
    /// `required-prefixes` for that file.
    #[serde(default)]
    pub prefixes: BTreeMap<Spanned<String>, Vec<String>>,
    /// Key prefixes that bundlers ship to clients; replaces the defaults (`NEXT_PUBLIC_`, `VITE_` …).
    pub public_prefixes: Option<Vec<String>>,
    /// Whether `keylint scan` also lints the `.env` files it reads (default true).
    pub in_scan: Option<bool>,
}

/// `[keys]`: the key-consistency check. The paths it reads follow `[scan] exclude` and
/// `[allowlist] paths`; the short-secret length is `[env] min-secret-length`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KeysConfig {
    /// Lowest severity that fails `keylint keys` (default `medium`).
    pub fail_on: Option<Severity>,
    /// Problem codes not reported (`duplicated-secret`, `overridden` …), by `keylint keys`,
    /// `keylint scan` and `keylint env` alike.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Whether `keylint scan` of a directory also checks key consistency (default true).
    pub in_scan: Option<bool>,
}

/// A size in bytes, written as a number or a string with a unit (`10MB`, `512 KiB`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub u64);

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(de)? {
            Raw::Number(n) => Ok(ByteSize(n)),
            Raw::Text(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

impl std::str::FromStr for ByteSize {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (digits, unit) = s.split_at(split);
        let n: u64 = digits.parse().map_err(|_| format!("invalid size `{s}`"))?;
        let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "kb" | "k" => 1_000,
            "kib" => 1 << 10,
            "mb" | "m" => 1_000_000,
            "mib" => 1 << 20,
            "gb" | "g" => 1_000_000_000,
            "gib" => 1 << 30,
            other => {
                return Err(format!(
                    "unknown size unit `{other}` in `{s}` (use B, KB, KiB, MB, MiB, GB, GiB)"
                ));
            }
        };
        n.checked_mul(mult)
            .map(ByteSize)
            .ok_or_else(|| format!("size `{s}` is too large"))
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        if n >= 1 << 20 && n % (1 << 20) == 0 {
            write!(f, "{}MiB", n >> 20)
        } else if n >= 1 << 10 && n % (1 << 10) == 0 {
            write!(f, "{}KiB", n >> 10)
        } else {
            write!(f, "{n}B")
        }
    }
}

/// A problem in a configuration file, pointing at the offending spot.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(keylint::config))]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// The file's text, for the snippet.
    #[source_code]
    pub src: NamedSource<String>,
    /// Where in the file.
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    /// Short text under the snippet.
    pub label: String,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}

/// Where a configuration came from, to point errors at it.
#[derive(Debug, Clone)]
pub struct ConfigSource {
    /// Display name (path) of the file.
    pub name: String,
    /// Full text of the file.
    pub text: String,
}

impl ConfigSource {
    /// An error at `span` (byte range) of this source.
    pub fn error(
        &self,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> ConfigError {
        // A credential written in the file (an allowlisted key, a value under a wrong name)
        // is never shown by its error: blanked in the snippet, masked in the messages.
        let spans = crate::mask::credential_spans(&self.text);
        let hide = |text: String| {
            spans
                .iter()
                .fold(text, |acc, r| crate::mask_in(&acc, &self.text[r.clone()]))
        };
        ConfigError {
            message: hide(message.into()),
            src: NamedSource::new(&self.name, crate::mask::blank_spans(&self.text, &spans)),
            span: span.map(Into::into),
            label: hide(label.into()),
            help: help.map(hide),
        }
    }
}

impl Config {
    /// Makes the path globs of this config (`[scan] exclude`, `[allowlist] paths`, the custom
    /// rules' `paths` and `exclude-paths`) relative to the directory whose key path is `dir`
    /// (the config file's, from the repository root): they are written relative to the config
    /// file and matched against repository-relative key paths. `""` changes nothing.
    ///
    /// ```
    /// let mut config = keylint_core::config::Config::from_toml(
    ///     "keylint.toml",
    ///     "[scan]\nexclude = [\"fixtures/**\", \"./build\"]\n",
    /// )
    /// .unwrap();
    /// config.anchor_path_globs("backend");
    /// let globs: Vec<&str> = config.scan.exclude.iter().map(|g| g.get_ref().as_str()).collect();
    /// assert_eq!(globs, ["backend/fixtures/**", "backend/build"]);
    /// ```
    pub fn anchor_path_globs(&mut self, dir: &str) {
        let dir = dir.trim_end_matches('/');
        if dir.is_empty() {
            return;
        }
        let anchored = |glob: &str| anchor_glob(dir, glob);
        for glob in self
            .scan
            .exclude
            .iter_mut()
            .chain(&mut self.allowlist.paths)
        {
            *glob.get_mut() = anchored(glob.get_ref());
        }
        for rule in &mut self.custom_rules {
            for glob in rule.paths.iter_mut().chain(&mut rule.exclude_paths) {
                *glob = anchored(glob);
            }
        }
    }

    /// Parses a `keylint.toml` document.
    pub fn from_toml(name: &str, text: &str) -> Result<Config, ConfigError> {
        let source = ConfigSource {
            name: name.to_owned(),
            text: text.to_owned(),
        };
        toml::from_str(text).map_err(|e| toml_error(&source, &e))
    }

    /// Reads the keylint section of a `Cargo.toml`, if it has one.
    ///
    /// Both `[workspace.metadata.keylint]` and `[package.metadata.keylint]` are accepted; a file
    /// that has both is an error (which one wins would be a guess).
    pub fn from_cargo_manifest(name: &str, text: &str) -> Result<Option<Config>, ConfigError> {
        #[derive(Deserialize)]
        struct Manifest {
            workspace: Option<WithMetadata>,
            package: Option<WithMetadata>,
        }
        #[derive(Deserialize)]
        struct WithMetadata {
            metadata: Option<Metadata>,
        }
        // Not `Spanned<Config>`: toml cannot span an implicit table (a manifest with only
        // `[workspace.metadata.keylint.scan]` fails to parse with it).
        #[derive(Deserialize)]
        struct Metadata {
            keylint: Option<Config>,
        }
        let source = ConfigSource {
            name: name.to_owned(),
            text: text.to_owned(),
        };
        let manifest: Manifest = toml::from_str(text).map_err(|e| toml_error(&source, &e))?;
        let pick = |m: Option<WithMetadata>| m.and_then(|w| w.metadata).and_then(|m| m.keylint);
        match (pick(manifest.workspace), pick(manifest.package)) {
            (Some(_), Some(_)) => {
                let span = text
                    .find("package.metadata.keylint")
                    .map(|at| at..at + "package.metadata.keylint".len());
                Err(source.error(
                    span,
                    "keylint is configured in both [workspace.metadata.keylint] and [package.metadata.keylint]",
                    "defined again here",
                    Some("keep one of the two tables".into()),
                ))
            }
            (Some(cfg), None) | (None, Some(cfg)) => Ok(Some(cfg)),
            (None, None) => Ok(None),
        }
    }

    /// Looks for a config from `start` upwards, stopping at the repository root (a directory
    /// holding `.git`). Outside any repository it looks no higher than the home directory
    /// (`$HOME`, included), and only in `start` itself when that is not below home: a
    /// `.keylint.toml` left in `/tmp` or another shared parent never applies to a scan below
    /// it. Returns the file found, if any: `keylint.toml`, `.keylint.toml`, or a `Cargo.toml`
    /// that has a keylint metadata table.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .and_then(|h| std::fs::canonicalize(h).ok());
        Self::discover_below(start, home.as_deref())
    }

    /// [`Config::discover`] with the home directory given.
    fn discover_below(start: &Path, home: Option<&Path>) -> Option<PathBuf> {
        let start = if start.is_file() {
            start.parent()?
        } else {
            start
        };
        let start = std::fs::canonicalize(start).ok()?;
        let in_repository = start.ancestors().position(|d| d.join(".git").exists());
        let searched = match (in_repository, home) {
            (Some(root), _) => root + 1,
            (None, Some(home)) if start.starts_with(home) => {
                start.components().count() - home.components().count() + 1
            }
            (None, _) => 1,
        };
        for dir in start.ancestors().take(searched) {
            for name in CONFIG_FILE_NAMES {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
            let manifest = dir.join("Cargo.toml");
            if let Ok(text) = std::fs::read_to_string(&manifest) {
                if text.contains("metadata.keylint") {
                    return Some(manifest);
                }
            }
        }
        None
    }

    /// Loads a config file found by [`Config::discover`] or named by the user, with its text so
    /// later validation errors can point into it.
    pub fn load(path: &Path) -> Result<(Config, ConfigSource), ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            message: format!("cannot read config file {name}: {e}"),
            src: NamedSource::new(&name, String::new()),
            span: None,
            label: String::new(),
            help: None,
        })?;
        if path.file_name().is_some_and(|n| n == "Cargo.toml") {
            let config = Config::from_cargo_manifest(&name, &text)?.unwrap_or_default();
            return Ok((config, ConfigSource { name, text }));
        }
        let manifest = path.with_file_name("Cargo.toml");
        match std::fs::read_to_string(&manifest) {
            Ok(cargo) if cargo.contains("metadata.keylint") => {
                let cargo_name = manifest.display().to_string();
                with_cargo_metadata(ConfigSource { name, text }, &cargo_name, &cargo)
            }
            _ => Ok((
                Config::from_toml(&name, &text)?,
                ConfigSource { name, text },
            )),
        }
    }
}

/// A `keylint.toml` with a keylint table in the `Cargo.toml` beside it: both apply. A setting
/// defined in both with different values is an error (which one wins would be a guess); settings
/// only the manifest defines are merged in.
fn with_cargo_metadata(
    own: ConfigSource,
    cargo_name: &str,
    cargo_text: &str,
) -> Result<(Config, ConfigSource), ConfigError> {
    // Validates the manifest's table on its own first (schema, both workspace and package).
    let Some(_) = Config::from_cargo_manifest(cargo_name, cargo_text)? else {
        return Ok((Config::from_toml(&own.name, &own.text)?, own));
    };
    let own_config = Config::from_toml(&own.name, &own.text)?;
    let (Ok(own_table), Ok(manifest)) = (
        toml::from_str::<toml::Table>(&own.text),
        toml::from_str::<toml::Table>(cargo_text),
    ) else {
        return Ok((own_config, own));
    };
    let (table_name, metadata) = ["workspace", "package"]
        .into_iter()
        .find_map(|section| {
            let table = manifest
                .get(section)?
                .get("metadata")?
                .get("keylint")?
                .as_table()?;
            Some((format!("[{section}.metadata.keylint]"), table.clone()))
        })
        .unwrap_or_default();
    let mut conflicts = Vec::new();
    let mut merged = own_table.clone();
    merge_tables(&mut merged, &metadata, "", &mut conflicts);
    if let Some(first) = conflicts.first() {
        let span = find_key(&own.text, first);
        return Err(own.error(
            span,
            format!(
                "`{first}` is set differently here and in {cargo_name} {table_name}{}",
                if conflicts.len() > 1 {
                    format!(" (also: {})", conflicts[1..].join(", "))
                } else {
                    String::new()
                }
            ),
            "differs from Cargo.toml",
            Some("keep each setting in one place: keylint.toml or the Cargo.toml table".into()),
        ));
    }
    if merged == own_table {
        return Ok((own_config, own));
    }
    // Spans of later validation errors point into this merged text, named after both files.
    let source = ConfigSource {
        name: format!("{} + {cargo_name} {table_name}", own.name),
        text: toml::to_string(&merged).unwrap_or_default(),
    };
    Ok((Config::from_toml(&source.name, &source.text)?, source))
}

/// Adds `extra`'s settings to `into`; records the dotted paths both define differently.
fn merge_tables(
    into: &mut toml::Table,
    extra: &toml::Table,
    prefix: &str,
    conflicts: &mut Vec<String>,
) {
    for (key, value) in extra {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (into.get_mut(key), value) {
            (None, _) => {
                into.insert(key.clone(), value.clone());
            }
            (Some(toml::Value::Table(mine)), toml::Value::Table(theirs)) => {
                merge_tables(mine, theirs, &path, conflicts);
            }
            (Some(mine), theirs) if mine != theirs => conflicts.push(path),
            _ => {}
        }
    }
}

/// Byte range of the last segment of dotted `path` as a key in `text` (best effort, for the
/// error's underline).
fn find_key(text: &str, path: &str) -> Option<std::ops::Range<usize>> {
    let key = path.rsplit('.').next()?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

fn toml_error(source: &ConfigSource, e: &toml::de::Error) -> ConfigError {
    let message = e.message().trim().to_owned();
    let help = if message.starts_with("unknown field") {
        Some(
            "remove the key or fix its spelling; `keylint init` writes a commented template".into(),
        )
    } else {
        None
    };
    source.error(e.span(), format!("invalid config: {message}"), "here", help)
}

/// The commented template written by `keylint init`.
pub const TEMPLATE: &str = include_str!("template.toml");

/// `glob`, written relative to the directory `dir` (a `/`-separated key path, `""` for the
/// key base), made relative to the key base: `anchor_glob("backend", "./fixtures/**")` is
/// `backend/fixtures/**`.
#[must_use]
pub fn anchor_glob(dir: &str, glob: &str) -> String {
    let dir = dir.trim_end_matches('/');
    let mut glob = glob;
    while let Some(rest) = glob.strip_prefix("./") {
        glob = rest;
    }
    if dir.is_empty() {
        glob.to_owned()
    } else {
        format!("{dir}/{glob}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_stops_at_the_repository_root_or_home() {
        let root = tempfile::tempdir().unwrap();
        let top = std::fs::canonicalize(root.path()).unwrap();
        let project = top.join("shared/project");
        std::fs::create_dir_all(&project).unwrap();
        std::fs::write(top.join("shared/.keylint.toml"), "").unwrap();
        // Outside home and outside a repository: only the directory itself.
        assert_eq!(Config::discover_below(&project, None), None);
        assert_eq!(Config::discover_below(&project, Some(&project)), None);
        // Home is as high as discovery goes, home included.
        assert_eq!(
            Config::discover_below(&project, Some(&top.join("shared"))),
            Some(top.join("shared/.keylint.toml"))
        );
        // A repository root is the limit, whatever home is.
        std::fs::create_dir(project.join(".git")).unwrap();
        assert_eq!(Config::discover_below(&project, Some(&top)), None);
        std::fs::write(project.join("keylint.toml"), "").unwrap();
        assert_eq!(
            Config::discover_below(&project.join(".git"), Some(&top)),
            Some(project.join("keylint.toml"))
        );
    }

    #[test]
    fn template_parses() {
        Config::from_toml("template", TEMPLATE).unwrap();
    }

    #[test]
    fn unknown_key_points_at_it() {
        let text = "[allowlist]\npaths = []\nregex = [\"x\"]\n";
        let err = Config::from_toml("k.toml", text).unwrap_err();
        let span = err.span.unwrap();
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "regex");
        assert!(err.help.is_some());
    }

    #[test]
    fn env_table() {
        let text = "[env]\nmin-secret-length = 40\nignore = [\"needless-quotes\"]\n[env.prefixes]\n\"api/.env*\" = [\"APP_\"]\n";
        let cfg = Config::from_toml("k.toml", text).unwrap();
        assert_eq!(cfg.env.min_secret_length, Some(40));
        assert_eq!(cfg.env.ignore[0].get_ref(), "needless-quotes");
        assert_eq!(cfg.env.prefixes.len(), 1);
        let err = Config::from_toml("k.toml", "[env]\nmin-secret-len = 3\n").unwrap_err();
        assert!(err.message.contains("min-secret-len"), "{}", err.message);
    }

    #[test]
    fn keys_table() {
        let text = "[keys]\nfail-on = \"high\"\nignore = [\"overridden\"]\nin-scan = false\n";
        let cfg = Config::from_toml("k.toml", text).unwrap();
        assert_eq!(cfg.keys.fail_on, Some(Severity::High));
        assert_eq!(cfg.keys.ignore[0].get_ref(), "overridden");
        assert_eq!(cfg.keys.in_scan, Some(false));
        let text = "[keys]\nin_scan = false\n";
        let err = Config::from_toml("k.toml", text).unwrap_err();
        let span = err.span.unwrap();
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "in_scan");
    }

    #[test]
    fn sizes() {
        assert_eq!("10MB".parse::<ByteSize>().unwrap().0, 10_000_000);
        assert_eq!("512 KiB".parse::<ByteSize>().unwrap().0, 512 * 1024);
        assert!("10 parsecs".parse::<ByteSize>().is_err());
        let cfg = Config::from_toml("k", "[scan]\nmax-file-size = 42\n").unwrap();
        assert_eq!(cfg.scan.max_file_size, Some(ByteSize(42)));
        let err = Config::from_toml("k", "[scan]\nmax-file-size = \"1 XB\"\n").unwrap_err();
        assert!(err.message.contains("unknown size unit"), "{}", err.message);
    }

    #[test]
    fn cargo_metadata() {
        let text = "[package]\nname = \"x\"\n[package.metadata.keylint]\nfail-on = \"low\"\n";
        let cfg = Config::from_cargo_manifest("Cargo.toml", text)
            .unwrap()
            .unwrap();
        assert_eq!(cfg.fail_on, Some(Severity::Low));
        assert!(
            Config::from_cargo_manifest("Cargo.toml", "[package]\nname='x'\n")
                .unwrap()
                .is_none()
        );
        // Only a sub-table: the keylint table itself is implicit.
        let implicit = "[workspace]\n[workspace.metadata.keylint.scan]\nexclude = [\"x/**\"]\n";
        let cfg = Config::from_cargo_manifest("Cargo.toml", implicit)
            .unwrap()
            .unwrap();
        assert_eq!(cfg.scan.exclude.len(), 1);
        let both = "[workspace.metadata.keylint]\n[package.metadata.keylint]\n";
        assert!(Config::from_cargo_manifest("Cargo.toml", both).is_err());
        let bad = "[workspace.metadata.keylint]\nfail-on = \"loud\"\n";
        let err = Config::from_cargo_manifest("Cargo.toml", bad).unwrap_err();
        assert!(err.span.is_some());
    }

    fn own(text: &str) -> ConfigSource {
        ConfigSource {
            name: "keylint.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn keylint_toml_and_cargo_metadata_merge_when_they_agree() {
        let manifest = "[package]\nname = \"x\"\n[package.metadata.keylint]\nfail-on = \"low\"\n[package.metadata.keylint.scan]\nexclude = [\"vendor/**\"]\n";
        // Same value twice, and a setting only the manifest has: both apply.
        let (cfg, source) =
            with_cargo_metadata(own("fail-on = \"low\"\n"), "Cargo.toml", manifest).unwrap();
        assert_eq!(cfg.fail_on, Some(Severity::Low));
        assert_eq!(cfg.scan.exclude.len(), 1);
        assert!(source.name.contains("[package.metadata.keylint]"));
        // Nothing new in the manifest: the file's own text (and spans) are kept.
        let (_, source) = with_cargo_metadata(
            own("fail-on = \"low\"\n[scan]\nexclude = [\"vendor/**\"]\n"),
            "Cargo.toml",
            manifest,
        )
        .unwrap();
        assert_eq!(source.name, "keylint.toml");
    }

    #[test]
    fn a_setting_defined_differently_in_both_is_an_error() {
        let manifest = "[workspace.metadata.keylint]\nfail-on = \"low\"\n";
        let text = "# keylint\nfail-on = \"high\"\n";
        let err = with_cargo_metadata(own(text), "Cargo.toml", manifest).unwrap_err();
        assert!(
            err.message.contains("`fail-on` is set differently"),
            "{}",
            err.message
        );
        assert!(err.message.contains("[workspace.metadata.keylint]"));
        let span = err.span.expect("points at the key");
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "fail-on");
    }
}
