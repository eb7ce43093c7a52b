//! Settings in layers: built-in defaults, then the config file, then command-line flags; then
//! validated (rule ids, regexes, globs) with errors pointing into the config file. One resolved
//! type per job, built here and nowhere else: [`scan::ScanSettings`], [`env::EnvSettings`],
//! [`keys::KeysSettings`], [`fix::FixSettings`].

pub mod env;
pub mod fix;
pub mod keys;
pub mod scan;

use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::Glob;
use keylint_core::Severity;
use keylint_core::baseline::Baseline;
use keylint_core::config::{Config, ConfigError, ConfigSource};
use keylint_core::gitleaks::GitleaksConfig;
use miette::{IntoDiagnostic as _, WrapErr as _};
use toml::Spanned;

use crate::args::GlobalArgs;

/// The lowest failing severity of each job when neither the config nor a flag says.
pub struct FailOnDefaults {
    /// `keylint scan`, the hooks and `baseline create`.
    pub scan: Severity,
    /// `keylint env`: every problem but `info`, like dotenv-linter.
    pub env: Severity,
    /// `keylint keys`: everything but `low` notes (copies, overrides) and `info`.
    pub keys: Severity,
}

/// Default lowest failing severities, one per job.
pub const DEFAULT_FAIL_ON: FailOnDefaults = FailOnDefaults {
    scan: Severity::High,
    env: Severity::Low,
    keys: Severity::Medium,
};

/// A loaded config with the text it came from (empty defaults when there is none).
pub struct LoadedConfig {
    pub config: Config,
    pub source: Option<ConfigSource>,
    /// The gitleaks config named by `[extend] gitleaks`, translated.
    pub gitleaks: Option<GitleaksConfig>,
}

impl LoadedConfig {
    /// The config named by `--config`, or discovered from `start`, or none.
    pub fn load(global: &GlobalArgs, start: &Path) -> miette::Result<LoadedConfig> {
        let empty = || LoadedConfig {
            config: Config::default(),
            source: None,
            gitleaks: None,
        };
        if global.no_config {
            return Ok(empty());
        }
        let path: Option<PathBuf> = global.config.clone().or_else(|| Config::discover(start));
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
                            return Err(source
                                .error(
                                    Some(file.span()),
                                    format!("gitleaks config `{}` not found", full.display()),
                                    "here",
                                    Some("the path is relative to this file's directory".into()),
                                )
                                .into());
                        }
                        Some(load_gitleaks(&full)?)
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

    /// [`LoadedConfig::error`] as a function, for validators shared with other config sources.
    pub(crate) fn error_at(
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

/// Reads and translates a gitleaks config; prints its warnings.
pub(crate) fn load_gitleaks(path: &Path) -> miette::Result<GitleaksConfig> {
    let gitleaks = GitleaksConfig::load(path)?;
    for warning in &gitleaks.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(gitleaks)
}

/// Reads the baseline `path` (`--baseline`) of any command.
pub fn load_baseline(path: &Path) -> miette::Result<Baseline> {
    let text = std::fs::read_to_string(path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read baseline {}", path.display()))?;
    Baseline::parse(&text).map_err(|e| miette::miette!("{}: {e}", path.display()))
}

/// Builds a [`ConfigError`] at a span of the file an allowlist came from.
pub(crate) type ErrorAt<'a> =
    dyn Fn(Option<Range<usize>>, String, &str, Option<String>) -> ConfigError + 'a;

pub(crate) fn check_glob(error: &ErrorAt<'_>, glob: &Spanned<String>) -> Result<Glob, ConfigError> {
    Glob::new(glob.get_ref()).map_err(|e| {
        error(
            Some(glob.span()),
            format!("invalid glob `{}`", glob.get_ref()),
            "here",
            Some(e.kind().to_string()),
        )
    })
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
