//! A config as the commands use it: loaded from `--config` or discovered, with the gitleaks
//! config it extends, and the helpers every validator shares (errors pointing into the file,
//! glob checks, "did you mean" suggestions).

use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::Glob;
use toml::Spanned;

use crate::config::{Config, ConfigError, ConfigSource};
use crate::gitleaks::GitleaksConfig;

/// A loaded config with the text it came from (empty defaults when there is none).
pub struct LoadedConfig {
    /// The settings.
    pub config: Config,
    /// Where they came from: the file's name and text, for errors pointing into it.
    pub source: Option<ConfigSource>,
    /// The gitleaks config named by `[extend] gitleaks`, translated.
    pub gitleaks: Option<GitleaksConfig>,
}

impl LoadedConfig {
    /// The config at `named`, or discovered from `start`, or none (`none`: never a config).
    /// The gitleaks config's warnings are left for the caller to show.
    pub fn load(
        named: Option<&Path>,
        none: bool,
        start: &Path,
    ) -> Result<LoadedConfig, ConfigError> {
        let empty = || LoadedConfig {
            config: Config::default(),
            source: None,
            gitleaks: None,
        };
        if none {
            return Ok(empty());
        }
        let path: Option<PathBuf> = named
            .map(Path::to_path_buf)
            .or_else(|| Config::discover(start));
        match path {
            None => Ok(empty()),
            Some(path) => {
                let path = relative_to_cwd(path);
                let (config, source) = Config::load(&path)?;
                let gitleaks = match &config.extend.gitleaks {
                    None => None,
                    Some(file) => {
                        let full = path.parent().unwrap_or(Path::new("")).join(file.get_ref());
                        if !full.is_file() {
                            return Err(source.error(
                                Some(file.span()),
                                format!("gitleaks config `{}` not found", full.display()),
                                "here",
                                Some("the path is relative to this file's directory".into()),
                            ));
                        }
                        Some(GitleaksConfig::load(&full)?)
                    }
                };
                Ok(LoadedConfig {
                    config,
                    source: Some(source),
                    gitleaks,
                })
            }
        }
    }

    /// The directory of the config file in use (`.` for one in the current directory), if
    /// any: its path globs are relative to it.
    pub fn dir(&self) -> Option<PathBuf> {
        self.source
            .as_ref()
            .map(|source| match Path::new(&source.name).parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
                _ => PathBuf::from("."),
            })
    }

    /// [`LoadedConfig::error`] as a function, for validators shared with other config sources.
    pub fn error_at(
        &self,
    ) -> impl Fn(Option<Range<usize>>, String, &str, Option<String>) -> ConfigError + '_ {
        |span, message, label, help| self.error(span, message, label, help)
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

/// `path` relative to the current directory when it is below it, or in one of its parents
/// (`../keylint.toml`): shorter, stable messages.
fn relative_to_cwd(path: PathBuf) -> PathBuf {
    let cwd = std::env::current_dir().and_then(std::fs::canonicalize);
    let (Ok(cwd), Ok(full)) = (cwd, std::fs::canonicalize(&path)) else {
        return path;
    };
    if let Ok(below) = full.strip_prefix(&cwd) {
        return below.to_path_buf();
    }
    match (full.parent(), full.file_name()) {
        (Some(dir), Some(name)) => cwd.strip_prefix(dir).map_or(path, |down| {
            let mut up: PathBuf = down.components().map(|_| "..").collect();
            up.push(name);
            up
        }),
        _ => path,
    }
}

/// Builds a [`ConfigError`] at a span of the file an allowlist came from.
pub type ErrorAt<'a> =
    dyn Fn(Option<Range<usize>>, String, &str, Option<String>) -> ConfigError + 'a;

/// A glob of the config, compiled; an error points at it.
pub fn check_glob(error: &ErrorAt<'_>, glob: &Spanned<String>) -> Result<Glob, ConfigError> {
    Glob::new(glob.get_ref()).map_err(|e| {
        error(
            Some(glob.span()),
            format!("invalid glob `{}`", glob.get_ref()),
            "here",
            Some(e.kind().to_string()),
        )
    })
}

/// The values of a config list (`[rules] disable`, `[scan] exclude` …) followed by the same
/// setting's values given on the command line.
pub fn with_flags(config: &[Spanned<String>], flags: &[String]) -> Vec<String> {
    config
        .iter()
        .map(|s| s.get_ref().clone())
        .chain(flags.iter().cloned())
        .collect()
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

/// The Levenshtein distance between `a` and `b`, in characters (insertions, deletions and
/// substitutions).
pub fn edit_distance(a: &str, b: &str) -> usize {
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
