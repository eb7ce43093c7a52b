//! The settings a scan runs with, resolved from a loaded config and the flags the application
//! read ([`ScanFlags`]): the engine (rules, allowlists), the walk, the baseline, the failing
//! severity. Errors point into the config file; warnings go to the caller's `warn`.

use std::path::{Path, PathBuf};

use keylint_core::Severity;
use keylint_core::baseline::Baseline;
use keylint_core::config::ByteSize;
use keylint_core::gitleaks::{GitleaksConfig, GitleaksIgnore};
use keylint_core::loaded::{LoadedConfig, check_glob, with_flags};
use keylint_input::WalkOptions;
use keylint_scan::Engine;
use keylint_scan::configure::{self, ConfigureError, RuleFlags};
use miette::{IntoDiagnostic as _, WrapErr as _};

use crate::source::gitleaks_ignore_file;

/// Everything a scan needs, validated.
pub struct ScanSettings {
    /// The rules, allowlists and filters.
    pub engine: Engine,
    /// What the readers leave out, the size limit, threads.
    pub walk: WalkOptions,
    /// The lowest severity that fails the scan.
    pub fail_on: Severity,
    /// Accepted findings (`--baseline`).
    pub baseline: Option<Baseline>,
    /// Entries of a `.gitleaksignore` (`--gitleaks-ignore`, or the one at the scan root).
    pub gitleaks_ignore: Option<GitleaksIgnore>,
    /// `[verify]` of the config the scan read: live verification after the scan (the
    /// application's, with its flags), from the same config.
    pub verify: keylint_core::config::VerifyConfig,
    /// The config file the settings came from, as shown (`None`: built-in defaults).
    pub config: Option<String>,
}

/// What the flags ask of a scan besides its [`Source`](crate::Source) (the application fills
/// it from its command line; the default asks nothing: the config's settings).
#[derive(Debug, Clone, Default)]
pub struct ScanFlags {
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `--baseline`.
    pub baseline: Option<PathBuf>,
    /// `--max-file-size`.
    pub max_file_size: Option<ByteSize>,
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

/// Where warnings go (the application shows them).
pub type Warn<'a> = &'a mut dyn FnMut(String);

/// Builds an engine from the config alone (for `rules` and `explain`).
pub fn engine_for(loaded: &LoadedConfig, warn: Warn<'_>) -> miette::Result<Engine> {
    build_engine(loaded, loaded.gitleaks.as_ref(), RuleFlags::default(), warn)
}

/// What the readers need (exclusions, size limit, threads): cheap, unlike the engine, so a small
/// source can be read while the engine is built. The baseline in use (`--baseline`) and the one
/// being written (`writing`) are never read: a baseline is not a source of findings.
pub fn walk_options(
    loaded: &LoadedConfig,
    root: &Path,
    flags: &ScanFlags,
    writing: Option<&Path>,
) -> miette::Result<WalkOptions> {
    let config = &loaded.config;
    for glob in &config.scan.exclude {
        check_glob(&loaded.error_at(), glob)?;
    }
    let config_dir = loaded.dir();
    let flag_globs = anchored_excludes(&[root], config_dir.as_deref(), &flags.exclude);
    let mut exclude = with_flags(&config.scan.exclude, &flag_globs);
    exclude.extend(
        flags
            .baseline
            .iter()
            .map(PathBuf::as_path)
            .chain(writing)
            .filter_map(|file| key_path_of(root, config_dir.as_deref(), file))
            .map(|relative| globset::escape(&relative)),
    );
    Ok(WalkOptions {
        max_file_size: flags
            .max_file_size
            .or(config.scan.max_file_size)
            .map_or(keylint_input::DEFAULT_MAX_FILE_SIZE, |s| s.0),
        exclude,
        follow_symlinks: flags.follow_symlinks || config.scan.follow_symlinks.unwrap_or(false),
        threads: flags.threads.unwrap_or(0),
        respect_gitignore: !flags.no_ignore,
        config_dir,
    })
}

/// `--exclude` globs, written relative to the directory each walk starts in (a root, or a file
/// root's directory), made relative to the key base the walker matches (the repository root):
/// each glob once per root, with that root's key path in front
/// ([`anchor_glob`](keylint_core::config::anchor_glob)).
pub fn anchored_excludes<P: AsRef<Path>>(
    roots: &[P],
    config_dir: Option<&Path>,
    globs: &[String],
) -> Vec<String> {
    let mut anchored = Vec::new();
    for root in roots {
        let root = root.as_ref();
        let start = if root.is_dir() {
            root
        } else {
            root.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        };
        // A root whose key path cannot be resolved is reported as unread input by the walk:
        // its empty prefix never decides what is read.
        let key = keylint_input::root_key(start, config_dir).unwrap_or_default();
        for glob in globs {
            let glob = keylint_core::config::anchor_glob(&key, glob);
            if !anchored.contains(&glob) {
                anchored.push(glob);
            }
        }
    }
    anchored
}

/// The key path of `file` (which may not exist yet) in a walk of `root` (see
/// [`keylint_input::PathMap`]), when it is below the key base.
fn key_path_of(root: &Path, config_dir: Option<&Path>, file: &Path) -> Option<String> {
    let root = if root.is_dir() {
        root
    } else {
        root.parent().filter(|p| !p.as_os_str().is_empty())?
    };
    let root = keylint_input::key_base(&std::fs::canonicalize(root).ok()?, config_dir);
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
    flags: &ScanFlags,
    writing: Option<&Path>,
    warn: Warn<'_>,
) -> miette::Result<ScanSettings> {
    let config = &loaded.config;
    configure::validate_custom_rules(loaded)?;
    let flag_gitleaks = match &flags.gitleaks_config {
        Some(path) => Some(load_gitleaks(path, warn)?),
        None => None,
    };
    let gitleaks = flag_gitleaks.as_ref().or(loaded.gitleaks.as_ref());
    let rule_flags = RuleFlags {
        disable: &flags.disable,
        only: &flags.only,
        no_generic: flags.no_generic,
    };
    let engine = build_engine(loaded, gitleaks, rule_flags, warn)?;
    let walk = walk_options(loaded, root, flags, writing)?;
    let baseline = flags.baseline.as_deref().map(load_baseline).transpose()?;
    Ok(ScanSettings {
        engine,
        walk,
        fail_on: (flags.fail_on)
            .or(config.fail_on)
            .unwrap_or(DEFAULT_FAIL_ON.scan),
        baseline,
        gitleaks_ignore: gitleaks_ignore(root, flags, warn)?,
        verify: config.verify.clone(),
        config: loaded.source.as_ref().map(|s| s.name.clone()),
    })
}

/// Reads and translates a gitleaks config; its warnings go to `warn`.
pub fn load_gitleaks(path: &Path, warn: Warn<'_>) -> miette::Result<GitleaksConfig> {
    let gitleaks = GitleaksConfig::load(path)?;
    gitleaks.warnings.iter().for_each(|w| warn(w.clone()));
    Ok(gitleaks)
}

/// Reads the baseline `path` (`--baseline`) of any command.
pub fn load_baseline(path: &Path) -> miette::Result<Baseline> {
    let text = std::fs::read_to_string(path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read baseline {}", path.display()))?;
    Baseline::parse(&text).map_err(|e| miette::miette!("{}: {e}", path.display()))
}

/// The `.gitleaksignore` named by `--gitleaks-ignore`, or the one the scan finds
/// ([`gitleaks_ignore_file`]).
fn gitleaks_ignore(
    root: &Path,
    flags: &ScanFlags,
    warn: Warn<'_>,
) -> miette::Result<Option<GitleaksIgnore>> {
    let Some(path) = (flags.gitleaks_ignore.clone()).or_else(|| gitleaks_ignore_file(root)) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read {}", path.display()))?;
    let ignore = GitleaksIgnore::parse(&text);
    for warning in &ignore.warnings {
        warn(format!("{}: {warning}", path.display()));
    }
    Ok(Some(ignore))
}

/// The engine the config and the rule flags describe; what the gitleaks config has that keylint
/// ignores goes to `warn`.
fn build_engine(
    loaded: &LoadedConfig,
    gitleaks: Option<&GitleaksConfig>,
    flags: RuleFlags<'_>,
    warn: Warn<'_>,
) -> miette::Result<Engine> {
    configure::engine(loaded, gitleaks, flags, warn).map_err(|e| match e {
        ConfigureError::Config(e) => e.into(),
        ConfigureError::UnknownRuleFlag { id, suggestion } => miette::miette!(
            help = suggestion.unwrap_or_default(),
            "unknown rule id `{id}` (see `keylint rules`)"
        ),
    })
}
