//! The resolved settings of a scan: engine (rules, allowlists), walk, baseline, failing
//! severity, from the config and the flags.

use std::path::{Path, PathBuf};

use keylint_core::Severity;
use keylint_core::gitleaks::{GitleaksConfig, GitleaksIgnore};
use keylint_input::WalkOptions;
use keylint_pipeline::gitleaks_ignore_file;
use keylint_scan::Engine;
use keylint_scan::configure::{self, ConfigureError, RuleFlags};
use miette::{IntoDiagnostic as _, WrapErr as _};

use super::{DEFAULT_FAIL_ON, LoadedConfig, check_glob, load_baseline, load_gitleaks, with_flags};
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
            exclude: args.exclude.exclude.clone(),
            disable: args.disable.clone(),
            only: args.only.clone(),
            no_generic: args.no_generic,
            no_ignore: args.no_ignore,
            follow_symlinks: args.follow_symlinks,
            threads: args.threads.map(threads_used),
            gitleaks_config: args.gitleaks_config.clone(),
            gitleaks_ignore: args.gitleaks_ignore.clone(),
        }
    }

    /// A hook's tunables (the pre-commit framework's `args:`); the config does the rest.
    pub fn from_hook(tune: &HookTuning) -> ScanFlags {
        ScanFlags {
            fail_on: tune.gate.fail_on,
            baseline: tune.gate.baseline.clone(),
            max_file_size: tune.max_file_size,
            exclude: tune.exclude.exclude.clone(),
            disable: tune.disable.clone(),
            no_generic: tune.no_generic,
            ..ScanFlags::default()
        }
    }
}

pub use keylint_pipeline::ScanSettings;

/// Most worker threads per core `-j` gets: more only wait for each other (and each git reader
/// opens the repository once more).
const THREADS_PER_CORE: usize = 4;

/// `-j asked` as run: at most [`THREADS_PER_CORE`] per core, lowered with a note on stderr
/// (clap already refused more than [`MAX_THREADS`](crate::args::MAX_THREADS)).
fn threads_used(asked: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let most = cores.saturating_mul(THREADS_PER_CORE);
    if asked <= most {
        return asked;
    }
    eprintln!(
        "note: -j {asked} is more than {THREADS_PER_CORE} threads per core ({cores} here): \
         using {most}"
    );
    most
}

/// Builds an engine from the config alone (for `rules` and `explain`).
pub fn engine_for(loaded: &LoadedConfig) -> miette::Result<Engine> {
    build_engine(loaded, loaded.gitleaks.as_ref(), RuleFlags::default())
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
    for glob in &config.scan.exclude {
        check_glob(&loaded.error_at(), glob)?;
    }
    let config_dir = loaded.dir();
    let mut exclude = with_flags(&config.scan.exclude, &args.exclude);
    exclude.extend(
        args.baseline
            .iter()
            .map(PathBuf::as_path)
            .chain(writing)
            .filter_map(|file| key_path_of(root, config_dir.as_deref(), file))
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
        config_dir,
    })
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
    args: &ScanFlags,
    writing: Option<&Path>,
) -> miette::Result<ScanSettings> {
    let config = &loaded.config;
    configure::validate_custom_rules(loaded)?;
    let flag_gitleaks = match &args.gitleaks_config {
        Some(path) => Some(load_gitleaks(path)?),
        None => None,
    };
    let gitleaks = flag_gitleaks.as_ref().or(loaded.gitleaks.as_ref());
    let flags = RuleFlags {
        disable: &args.disable,
        only: &args.only,
        no_generic: args.no_generic,
    };
    let engine = build_engine(loaded, gitleaks, flags)?;
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
        verify: config.verify.clone(),
    })
}

/// The `.gitleaksignore` named by `--gitleaks-ignore`, or the one the scan finds
/// ([`keylint_pipeline::gitleaks_ignore_file`]).
fn gitleaks_ignore(root: &Path, args: &ScanFlags) -> miette::Result<Option<GitleaksIgnore>> {
    let Some(path) = (args.gitleaks_ignore.clone()).or_else(|| gitleaks_ignore_file(root)) else {
        return Ok(None);
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

/// The engine the config and the rule flags describe; shows what the gitleaks config has that
/// keylint ignores.
fn build_engine(
    loaded: &LoadedConfig,
    gitleaks: Option<&GitleaksConfig>,
    flags: RuleFlags<'_>,
) -> miette::Result<Engine> {
    configure::engine(loaded, gitleaks, flags, &mut |w| eprintln!("warning: {w}")).map_err(|e| {
        match e {
            ConfigureError::Config(e) => e.into(),
            ConfigureError::UnknownRuleFlag { id, suggestion } => miette::miette!(
                help = suggestion.unwrap_or_default(),
                "unknown rule id `{id}` (see `keylint rules`)"
            ),
        }
    })
}
