//! `keylint env`: lint `.env` files (syntax, style, values), fix what is safe, report like
//! `keylint scan` (same formats, same exit codes).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use globset::Glob;
use keylint_core::config::{Config, ConfigError, ConfigSource};
use keylint_core::display::escape;
use keylint_core::{Diagnostic, Severity};
use keylint_dotenv::{Counterpart, FileContext, Settings, checks};
use keylint_report::{RenderOptions, Skipped, Summary};
use toml::Spanned;

use crate::app::Outcome;
use crate::app::args::{EnvArgs, EnvFormat, GlobalArgs};
use crate::app::scan::emit;
use crate::app::settings::{self, LoadedConfig};

/// Default lowest failing severity of `keylint env`: every problem but `info`, like dotenv-linter.
pub const DEFAULT_FAIL_ON: Severity = Severity::Low;

/// Runs `keylint env`.
#[allow(clippy::too_many_lines)] // one linear pipeline: files → fixes → report → outcome
pub fn run(global: &GlobalArgs, args: &EnvArgs) -> miette::Result<Outcome> {
    if args.list {
        return list();
    }
    if args.fix && !args.diff {
        crate::app::guard_temp_files();
    }
    let started = std::time::Instant::now();
    let first = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let loaded = LoadedConfig::load(global, first)?;
    let mut settings = env_settings(&loaded, &args.check, &args.ignore)?;
    // One line per problem shows no source line: do not build one for each.
    let snippets = args.format != EnvFormat::Concise;
    settings.snippets = snippets;
    let keys_ignored = keys_ignored(&loaded, &args.check, &args.ignore)?;
    let prefixes = PrefixPolicy::new(&loaded)?;

    if settings.enabled.contains("provider-format") {
        // Parsing the rule catalog and building its engine takes a few milliseconds: do it while
        // the files are found (the first provider-format check would otherwise wait for it).
        std::thread::spawn(keylint_dotenv::provider::engine);
    }
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    // `[scan] exclude` applies to what a directory walk finds (test fixtures, vendored code);
    // a file named on the command line is linted whatever the config says.
    let walk = settings::walk_options(
        &loaded,
        &crate::app::args::SourceArgs::for_paths(Vec::new()),
        None,
    )?;
    let excluded = keylint_input::exclude_set(&walk.exclude).map_err(|e| miette::miette!("{e}"))?;
    let keys = match &keys_ignored {
        Some(ignored) if !args.diff => Some(
            crate::app::keys::KeysSettings::new(&loaded, ignored, &[])?
                .with_env_files_linted(true)
                .with_snippets(snippets),
        ),
        _ => None,
    };
    // Two walks side by side: the env files to lint (ignored ones included), and the other
    // files the key check compares them with (compose, livekit.yaml, app config).
    let (found, walked) = std::thread::scope(|scope| {
        let walked = keys
            .as_ref()
            .map(|keys| scope.spawn(|| keys.walked_files(&roots)));
        let found = find_env_files(&roots);
        let walked = walked.map(|handle| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (found, walked)
    });
    let mut files = Vec::new();
    // The key check reads what the linter reads: each env file is handed over once linted (and
    // fixed), the other kinds are read beside.
    let mut key_files: std::collections::BTreeSet<PathBuf> = walked
        .transpose()?
        .unwrap_or_default()
        .into_iter()
        .collect();
    for (root, path) in found? {
        let Some(root) = root else {
            // A file named on the command line.
            key_files.extend(keys.is_some().then(|| path.clone()));
            files.push(path);
            continue;
        };
        let relative = keylint_keys::walk::relative(root, &path);
        if keys.as_ref().is_some_and(|keys| !keys.skips(&relative)) {
            key_files.insert(path.clone());
        }
        if !excluded.as_ref().is_some_and(|set| set.is_match(&relative)) {
            files.push(path);
        }
    }
    let key_files: Vec<PathBuf> = key_files.into_iter().collect();

    let git = if settings.enabled.contains("env-file-committed") {
        keylint_input::git::state::path_states(&files)
            .into_iter()
            .map(|(path, state)| (path, git_state(state)))
            .collect()
    } else {
        std::collections::HashMap::new()
    };
    let linted: HashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
    let handed_over: HashSet<&Path> = key_files
        .iter()
        .map(PathBuf::as_path)
        .filter(|f| linted.contains(f))
        .collect();
    let gather = keylint_keys::Gather::default();
    let per_file = std::thread::scope(|scope| {
        if keys.is_some() {
            scope.spawn(|| {
                for other in key_files
                    .iter()
                    .filter(|f| !handed_over.contains(f.as_path()))
                {
                    gather.add_unseen(&keylint_keys::walk::display_path(other), other);
                }
            });
        }
        keylint_core::parallel::map_ordered(&files, |path| {
            let mut ctx = file_context(path, display_path(path), &prefixes);
            ctx.git = git.get(path).copied();
            let (outcome, bytes) = lint_file(path, &ctx, &settings, args, walk.max_file_size);
            if handed_over.contains(path.as_path()) {
                gather.add(&keylint_keys::walk::display_path(path), path, &bytes);
            }
            outcome
        })
    });
    let mut diagnostics = Vec::new();
    let mut errors = Vec::new();
    let mut diff = String::new();
    let mut fixed_count = 0;
    let mut bytes_total = 0u64;
    for file in per_file {
        bytes_total += file.bytes;
        fixed_count += file.fixed;
        diff.push_str(&file.diff);
        diagnostics.extend(file.diagnostics);
        errors.extend(file.error);
    }
    let baseline = args
        .baseline
        .as_deref()
        .map(settings::load_baseline)
        .transpose()?;
    let mut baselined = 0;
    let mut accept_known = |diagnostics: &mut Vec<Diagnostic>| {
        if let Some(baseline) = &baseline {
            let before = diagnostics.len();
            diagnostics.retain(|d| !baseline.accepts_diagnostic(d));
            baselined += (before - diagnostics.len()) as u64;
        }
    };
    accept_known(&mut diagnostics);

    if args.diff {
        emit(args.output.as_deref(), &diff)?;
        for e in &errors {
            eprintln!("could not read {}: {}", escape(&e.path), escape(&e.reason));
        }
        if fixed_count > 0 {
            eprintln!(
                "{fixed_count} fix{} would be applied by --fix{}",
                if fixed_count == 1 { "" } else { "es" },
                if args.unsafe_fixes {
                    " --unsafe-fixes"
                } else {
                    ""
                }
            );
        }
        return Ok(if !errors.is_empty() {
            Outcome::Error
        } else if fixed_count > 0 && !args.exit_zero {
            Outcome::Findings
        } else {
            Outcome::Clean
        });
    }

    let fail_on = args
        .fail_on
        .or(loaded.config.env.fail_on)
        .unwrap_or(DEFAULT_FAIL_ON);
    let options = RenderOptions {
        show_secrets: false,
        color: args.output.is_none() && colored::control::SHOULD_COLORIZE.should_colorize(),
        fail_on: Some(fail_on),
    };
    // Key consistency across the roots' files (.env, compose, livekit.yaml, app config): its
    // diagnostics follow the files' own. The files' part of a human or concise report does not
    // depend on it, so it is rendered while the key check runs.
    let keys_from = diagnostics.len();
    let (key_diagnostics, env_text) = std::thread::scope(|scope| {
        let key_check = keys.as_ref().map(|keys| {
            scope.spawn(move || {
                crate::app::keys::as_diagnostics(&keys.check(&gather.finish()), true)
            })
        });
        let env_text = match args.format {
            EnvFormat::Human => Some(keylint_report::diagnostics::render_human(
                &diagnostics,
                &options,
            )),
            EnvFormat::Concise => Some(keylint_report::diagnostics::render_concise(&diagnostics)),
            _ => None,
        };
        let key_diagnostics = key_check.map_or_else(Vec::new, |handle| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (key_diagnostics, env_text)
    });
    let mut key_diagnostics = key_diagnostics;
    accept_known(&mut key_diagnostics);
    diagnostics.extend(key_diagnostics);
    let summary = Summary {
        baselined,
        files_scanned: files.len() as u64 - errors.len() as u64,
        bytes_scanned: bytes_total,
        errors: errors.clone(),
        duration_ms: started.elapsed().as_millis() as u64,
        ..Summary::default()
    };
    let document = match args.format {
        EnvFormat::Human | EnvFormat::Concise => {
            let (env, keys) = diagnostics.split_at(keys_from);
            let mut out = env_text.unwrap_or_default();
            if args.format == EnvFormat::Concise {
                out.push_str(&keylint_report::diagnostics::render_concise(keys));
            }
            if baselined > 0 {
                let _ = writeln!(out, "  {baselined} problem(s) accepted by the baseline");
            }
            out.push_str(&keylint_report::diagnostics::summary_line(
                env,
                files.len() - errors.len(),
                fixed_count,
                errors.is_empty(),
            ));
            if !keys.is_empty() {
                if args.format == EnvFormat::Human {
                    out.push('\n');
                    out.push_str(&keylint_report::diagnostics::render_human(keys, &options));
                }
                out.push_str(&crate::app::keys::summary_line(keys));
            }
            let failing = diagnostics.iter().filter(|d| d.severity >= fail_on).count();
            if failing == 0 && !diagnostics.is_empty() {
                let _ = writeln!(
                    out,
                    "  none at or above `{fail_on}`: the run passes (--fail-on {fail_on})"
                );
            }
            for e in &errors {
                let _ = match e.reason.strip_prefix(NOT_FIXED) {
                    Some(why) => {
                        writeln!(out, "  did not fix {}: {}", escape(&e.path), escape(why))
                    }
                    None => writeln!(
                        out,
                        "  could not read {}: {}",
                        escape(&e.path),
                        escape(&e.reason)
                    ),
                };
            }
            if !errors.is_empty() {
                // The last line states the outcome: never the `✓` above when files were not read.
                let _ = writeln!(
                    out,
                    "✗ incomplete: {} env file{} could not be read",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                );
            }
            out
        }
        EnvFormat::Json => keylint_report::json::render_with_diagnostics(
            &[],
            Some(&diagnostics),
            &summary,
            &options,
        ),
        EnvFormat::Jsonl => keylint_report::diagnostics::render_lines(&diagnostics),
        EnvFormat::Sarif => keylint_report::sarif::render_with_summary(
            &[],
            &[],
            &diagnostics,
            &crate::app::scan::check_docs(),
            &summary,
            &options,
        ),
        EnvFormat::Github => {
            keylint_report::github::render_with_diagnostics(&[], &diagnostics, &summary, &options)
        }
        EnvFormat::Junit => {
            keylint_report::junit::render_with_diagnostics(&[], &diagnostics, &summary, &options)
        }
    };
    emit(args.output.as_deref(), &document)?;
    let failing = diagnostics.iter().any(|d| d.severity >= fail_on);
    Ok(if !errors.is_empty() && !failing {
        Outcome::Error
    } else if failing && !args.exit_zero {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// What linting (and maybe fixing) one file produced.
#[derive(Default)]
struct FileOutcome {
    bytes: u64,
    diagnostics: Vec<Diagnostic>,
    /// Unified diff of the fixes (`--diff`).
    diff: String,
    fixed: usize,
    error: Option<Skipped>,
}

/// Starts the reason of a file whose fixes were refused by the writer (it was read).
const NOT_FIXED: &str = "not fixed: ";

/// Reads one file, applies or previews fixes when asked, and lints what is left; returns what
/// the file holds now (empty when it could not be read).
fn lint_file(
    path: &Path,
    ctx: &FileContext,
    settings: &Settings,
    args: &EnvArgs,
    max_file_size: u64,
) -> (FileOutcome, Vec<u8>) {
    let mut outcome = FileOutcome::default();
    let skipped = |reason: String| Skipped {
        path: ctx.path.clone(),
        reason,
    };
    let mut current = match read_env_file(path, max_file_size) {
        Ok(b) => b,
        Err(reason) => {
            outcome.error = Some(skipped(reason));
            return (outcome, Vec::new());
        }
    };
    outcome.bytes = current.len() as u64;
    if args.fix || args.diff {
        if let Some(fixed) = keylint_dotenv::fix(&current, ctx, settings, args.unsafe_fixes) {
            if fixed.text.as_bytes() != current.as_slice() {
                if args.diff {
                    let old = String::from_utf8_lossy(&current);
                    outcome.diff = keylint_dotenv::unified_diff(&ctx.path, &old, &fixed.text);
                    outcome.fixed = fixed.applied;
                    return (outcome, current);
                }
                // Refused (changed since read, hard links, read-only …): the file is linted
                // as it is, and the refusal reported.
                match keylint_core::file::replace(path, &current, fixed.text.as_bytes()) {
                    Ok(()) => {
                        outcome.fixed = fixed.applied;
                        current = fixed.text.into_bytes();
                    }
                    Err(e) => outcome.error = Some(skipped(format!("{NOT_FIXED}{e}"))),
                }
            }
        }
    }
    outcome.diagnostics = keylint_dotenv::lint(&current, ctx, settings);
    (outcome, current)
}

/// The bytes of the env file at `path`, at most `max_size` of them (`[scan] max-file-size`, as
/// `keylint scan` reads files): a larger file is an error that says so, the run is then
/// incomplete, never clean.
fn read_env_file(path: &Path, max_size: u64) -> Result<Vec<u8>, String> {
    keylint_core::file::read_regular_at_most(path, max_size).map_err(|e| {
        if e.kind() == std::io::ErrorKind::FileTooLarge {
            format!(
                "larger than the {} limit ({e}; raise [scan] max-file-size to lint it)",
                keylint_core::config::ByteSize(max_size)
            )
        } else {
            e.to_string()
        }
    })
}

/// The env files under each root directory (with that root), and the roots that are files
/// (without one).
fn find_env_files(roots: &[PathBuf]) -> miette::Result<Vec<(Option<&Path>, PathBuf)>> {
    let mut out = Vec::new();
    for root in roots {
        if root.is_dir() {
            let found = keylint_dotenv::discover::env_files(root)
                .map_err(|e| miette::miette!("cannot walk {}: {e}", root.display()))?;
            out.extend(found.into_iter().map(|path| (Some(root.as_path()), path)));
        } else {
            out.push((None, root.clone()));
        }
    }
    Ok(out)
}

fn list() -> miette::Result<Outcome> {
    let width = checks::CHECKS
        .iter()
        .map(|c| c.code.len())
        .chain(
            keylint_keys::CODES
                .iter()
                .map(|(c, _, _)| keylint_keys::DIAGNOSTIC_PREFIX.len() + c.len()),
        )
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for c in checks::CHECKS {
        let fix = match c.fix {
            Some(keylint_core::Applicability::Safe) => "fix",
            Some(keylint_core::Applicability::Unsafe) => "fix*",
            None => "",
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {:<4}  {}{}",
            c.code,
            c.severity.as_str(),
            fix,
            c.summary,
            if c.default_enabled { "" } else { " (off)" }
        );
    }
    for (code, severity, summary) in keylint_keys::CODES {
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {:<4}  {summary}",
            format!("{}{code}", keylint_keys::DIAGNOSTIC_PREFIX),
            severity.as_str(),
            ""
        );
    }
    let _ = writeln!(
        out,
        "{} checks; fix = safe fix (--fix), fix* = unsafe fix (--unsafe-fixes)",
        checks::CHECKS.len()
    );
    let _ = writeln!(
        out,
        "keys/… compare values across files (`keylint keys`; medium and above here): `--ignore keys` turns them off"
    );
    emit(None, &out)?;
    Ok(Outcome::Clean)
}

/// A path as shown in reports: relative, `/` separators, no leading `./`.
fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Everything known about one file besides its content.
pub fn file_context(path: &Path, display: String, prefixes: &PrefixPolicy) -> FileContext {
    let mut ctx = FileContext::new(display);
    ctx.required_prefixes = prefixes.for_path(&ctx.path);
    if let Some(other) = keylint_dotenv::discover::counterpart(path) {
        let limit = keylint_input::DEFAULT_MAX_FILE_SIZE;
        if let Ok(bytes) = keylint_core::file::read_regular_at_most(&other, limit) {
            let (text, _) = keylint_dotenv::parser::decode(&bytes);
            let file = keylint_dotenv::parser::EnvFile::parse(&text);
            ctx.counterpart = Some(Counterpart {
                path: display_path(&other),
                keys: file.entries().map(|e| file.key(e).to_owned()).collect(),
            });
        }
    }
    ctx
}

/// `[env] required-prefixes` and `[env.prefixes]`, compiled.
pub struct PrefixPolicy {
    default: Vec<String>,
    by_glob: Vec<(globset::GlobMatcher, Vec<String>)>,
}

impl PrefixPolicy {
    /// Reads the policy from the config; bad globs point into the file.
    pub fn new(loaded: &LoadedConfig) -> miette::Result<PrefixPolicy> {
        let env = &loaded.config.env;
        let mut by_glob = Vec::new();
        for (glob, prefixes) in &env.prefixes {
            let matcher = Glob::new(glob.get_ref())
                .map_err(|e| {
                    config_error(
                        loaded,
                        Some(glob.span()),
                        format!("invalid glob `{}`", glob.get_ref()),
                        Some(e.kind().to_string()),
                    )
                })?
                .compile_matcher();
            by_glob.push((matcher, prefixes.clone()));
        }
        Ok(PrefixPolicy {
            default: env.required_prefixes.clone().unwrap_or_default(),
            by_glob,
        })
    }

    /// Prefixes required in the file at `path`.
    pub fn for_path(&self, path: &str) -> Vec<String> {
        self.by_glob
            .iter()
            .find(|(m, _)| m.is_match(path))
            .map_or_else(|| self.default.clone(), |(_, p)| p.clone())
    }
}

fn config_error(
    loaded: &LoadedConfig,
    span: Option<std::ops::Range<usize>>,
    message: String,
    help: Option<String>,
) -> ConfigError {
    let source = loaded.source.clone().unwrap_or(ConfigSource {
        name: "<flags>".into(),
        text: String::new(),
    });
    source.error(span, message, "here", help)
}

/// Linter settings from `[env]` and the `--check`/`--ignore` flags; unknown codes are errors
/// that point into the config file.
pub fn env_settings(
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
            config_error(
                loaded,
                Some(id.span()),
                format!("unknown env check `{}`", id.get_ref()),
                settings::suggestion(id.get_ref(), &known)
                    .or_else(|| Some("`keylint env --list` lists the checks".into())),
            )
        })
    };
    let flag = |name: &String| -> miette::Result<Vec<&'static str>> {
        resolve(name).ok_or_else(|| {
            miette::miette!(
                help = settings::suggestion(name, &known)
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
        crate::app::keys::code_flag(id.get_ref())
            .map(|c| vec![c])
            .map_err(|_| {
                config_error(
                    loaded,
                    Some(id.span()),
                    format!("unknown keys problem code `{}`", id.get_ref()),
                    Some(format!("`keys` or one of: keys/{}", all.join(", keys/"))),
                )
                .into()
            })
    };
    let flag = |name: &str| -> miette::Result<Vec<&'static str>> {
        if name == "keys" {
            Ok(all.clone())
        } else {
            crate::app::keys::code_flag(name).map(|c| vec![c])
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

/// What git says of a file, as the env checks take it.
fn git_state(state: keylint_input::git::state::PathState) -> keylint_dotenv::GitState {
    keylint_dotenv::GitState {
        tracked: state.tracked,
        ignored: state.ignored,
    }
}

/// Lints one env file read by `keylint scan` (`[env] in-scan`, default on).
pub fn lint_in_scan(
    config: &Config,
    settings: &Settings,
    prefixes: &PrefixPolicy,
    path: &str,
    bytes: &[u8],
) -> Vec<Diagnostic> {
    if config.env.in_scan == Some(false) {
        return Vec::new();
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    if !keylint_dotenv::keys::is_env_file_name(name) {
        return Vec::new();
    }
    let mut ctx = file_context(Path::new(path), display_path(Path::new(path)), prefixes);
    ctx.git = keylint_input::git::state::path_state(Path::new(path)).map(git_state);
    keylint_dotenv::lint(bytes, &ctx, settings)
}
