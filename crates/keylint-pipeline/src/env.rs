//! `keylint env`'s run: find the env files under the roots, lint (and fix) them in parallel,
//! check key consistency beside them, apply the baseline. One place produces `env`'s results:
//! [`lint_env`]; it returns them, the application renders them.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use keylint_core::baseline::Baseline;
use keylint_core::{Diagnostic, Severity};
use keylint_dotenv::{FileContext, Settings};
use keylint_keys::KeysSettings;
use keylint_report::{Skipped, shown_path};

use crate::lint::{self, PrefixPolicy};

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
    /// The config file's directory: where key paths start outside git (`excluded` and the
    /// key check's skip match key paths).
    pub config_dir: Option<PathBuf>,
    /// The lowest failing severity.
    pub fail_on: Severity,
    /// Live verification of the keys the files hold (`--verify`, `[verify]`; never with
    /// `--diff`): they become problems of the files.
    pub verify: Option<keylint_verify::Options>,
}

/// What happens to the fixes the checks offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Lint only.
    Lint,
    /// Write them (`--fix`), unsafe ones too when `unsafe_fixes`.
    Write {
        /// `--unsafe-fixes`.
        unsafe_fixes: bool,
    },
    /// Show them as a unified diff, write nothing (`--diff`).
    Diff {
        /// `--unsafe-fixes`.
        unsafe_fixes: bool,
    },
}

impl FixMode {
    /// Whether unsafe fixes are applied too.
    fn unsafe_fixes(self) -> Option<bool> {
        match self {
            FixMode::Lint => None,
            FixMode::Write { unsafe_fixes } | FixMode::Diff { unsafe_fixes } => Some(unsafe_fixes),
        }
    }
}

/// What linting (and fixing) every file gave.
#[derive(Default)]
pub struct Linted {
    /// The files' problems, then the key problems from [`Linted::keys_from`] on; baseline
    /// applied.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the key problems start among the diagnostics.
    pub keys_from: usize,
    /// Files that could not be read (or whose fixes were refused: [`NOT_FIXED`]).
    pub errors: Vec<Skipped>,
    /// The unified diff of the fixes (`--diff`).
    pub diff: String,
    /// Fixes applied (or, with `--diff`, that would be).
    pub fixed: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Problems the baseline accepted.
    pub baselined: u64,
    /// The env files linted (read or not), in report order.
    pub files: Vec<PathBuf>,
}

/// Starts the reason of a file whose fixes were refused by the writer (it was read).
pub const NOT_FIXED: &str = "not fixed: ";

/// Lints the env files under `roots` (files named there are linted whatever `[scan] exclude`
/// says) with `settings`, fixing them as `mode` says, then checks key consistency across the
/// roots' files; the baseline drops what it accepts. Live verification
/// ([`EnvSettings::verify`], [`crate::verify::add_verified`]) then adds to the files' own
/// problems; `beside` runs on them while the key check runs (a report's first part does not
/// depend on it) and its result comes back with the rest.
pub fn lint_env<R: Send>(
    roots: &[PathBuf],
    settings: &EnvSettings,
    mode: FixMode,
    baseline: Option<&Baseline>,
    beside: impl FnOnce(&[Diagnostic]) -> R + Send,
) -> miette::Result<(Linted, R)> {
    if settings.linter.enabled.contains("provider-format") {
        // Parsing the rule catalog and building its engine takes a few milliseconds: do it while
        // the files are found (the first provider-format check would otherwise wait for it).
        std::thread::spawn(keylint_dotenv::provider::engine);
    }
    let (files, key_files) = files_to_read(roots, settings)?;
    let gather = keylint_keys::Gather::default();
    let mut linted = lint_all(&files, &key_files, settings, mode, &gather);
    let accept_known = |diagnostics: &mut Vec<Diagnostic>| {
        let Some(baseline) = baseline else { return 0 };
        let before = diagnostics.len();
        diagnostics.retain(|d| !baseline.accepts_diagnostic(d));
        (before - diagnostics.len()) as u64
    };
    linted.baselined = accept_known(&mut linted.diagnostics);
    // Before the report's first part is rendered beside the key check.
    if let Some(options) = &settings.verify {
        let max_size = settings.max_file_size;
        crate::verify::add_verified(options, max_size, &files, &mut linted.diagnostics);
    }
    linted.keys_from = linted.diagnostics.len();
    let (mut key_diagnostics, beside) = std::thread::scope(|scope| {
        let key_check = settings
            .keys
            .as_ref()
            .map(|keys| scope.spawn(|| lint::as_diagnostics(&keys.check(&gather.finish()), true)));
        let beside = beside(&linted.diagnostics);
        (key_check.map_or_else(Vec::new, join), beside)
    });
    linted.baselined += accept_known(&mut key_diagnostics);
    linted.diagnostics.extend(key_diagnostics);
    linted.files = files;
    Ok((linted, beside))
}

/// A scoped thread's result; its panic goes on.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The env files to lint (ignored ones included; `[scan] exclude` leaves out what a directory
/// walk finds, never a file named on the command line), and the files the key check reads.
fn files_to_read(
    roots: &[PathBuf],
    settings: &EnvSettings,
) -> miette::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let keys = settings.keys.as_ref();
    // Two walks side by side: the env files to lint (ignored ones included), and the other
    // files the key check compares them with (compose, livekit.yaml, app config).
    let (found, walked) = std::thread::scope(|scope| {
        let walked = keys.map(|keys| {
            scope.spawn(|| keys.walked_files(roots).map_err(|e| miette::miette!("{e}")))
        });
        (find_env_files(roots), walked.map(join))
    });
    let mut files = Vec::new();
    // The key check reads what the linter reads: each env file is handed over once linted (and
    // fixed), the other kinds are read beside.
    let mut key_files: BTreeSet<PathBuf> = walked
        .transpose()?
        .unwrap_or_default()
        .into_iter()
        .collect();
    // Config globs match key paths: each root's key path, then the path below it.
    let mut root_keys: HashMap<&Path, String> = HashMap::new();
    for (root, path) in found? {
        let Some(root) = root else {
            // A file named on the command line.
            key_files.extend(keys.is_some().then(|| path.clone()));
            files.push(path);
            continue;
        };
        if !root_keys.contains_key(root) {
            // Without it the globs would match paths relative to something else: not linted.
            let key = keylint_input::root_key(root, settings.config_dir.as_deref())
                .map_err(|e| miette::miette!("cannot resolve {}: {e}", root.display()))?;
            root_keys.insert(root, key);
        }
        let key =
            keylint_input::key_join(&root_keys[root], &keylint_keys::walk::relative(root, &path));
        if keys.is_some_and(|keys| !keys.skips(&key)) {
            key_files.insert(path.clone());
        }
        if !settings
            .excluded
            .as_ref()
            .is_some_and(|set| set.is_match(&key))
        {
            files.push(path);
        }
    }
    Ok((files, key_files.into_iter().collect()))
}

/// Lints (and fixes) `files` in parallel, handing each to the key check's `gather` once read,
/// and the other `key_files` beside.
fn lint_all(
    files: &[PathBuf],
    key_files: &[PathBuf],
    settings: &EnvSettings,
    mode: FixMode,
    gather: &keylint_keys::Gather,
) -> Linted {
    let git = if settings.linter.enabled.contains("env-file-committed") {
        keylint_input::git::state::path_states(files)
            .into_iter()
            .map(|(path, state)| (path, lint::git_state(state)))
            .collect()
    } else {
        HashMap::new()
    };
    let linted: HashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
    let handed_over: HashSet<&Path> = key_files
        .iter()
        .map(PathBuf::as_path)
        .filter(|f| linted.contains(f))
        .collect();
    let per_file = std::thread::scope(|scope| {
        if settings.keys.is_some() {
            scope.spawn(|| {
                for other in key_files
                    .iter()
                    .filter(|f| !handed_over.contains(f.as_path()))
                {
                    gather.add_unseen(&keylint_keys::walk::display_path(other), other);
                }
            });
        }
        keylint_core::parallel::map_ordered(files, |path| {
            let mut ctx = lint::file_context(path, shown_path(path), &settings.prefixes);
            ctx.git = git.get(path).copied();
            let (outcome, bytes) = lint_file(path, &ctx, settings, mode);
            if handed_over.contains(path.as_path()) {
                gather.add(&keylint_keys::walk::display_path(path), path, &bytes);
            }
            outcome
        })
    });
    let mut all = Linted::default();
    for file in per_file {
        all.bytes += file.bytes;
        all.fixed += file.fixed;
        all.diff.push_str(&file.diff);
        all.diagnostics.extend(file.diagnostics);
        all.errors.extend(file.error);
    }
    all
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

/// Reads one file, applies or previews fixes when asked, and lints what is left; returns what
/// the file holds now (empty when it could not be read).
fn lint_file(
    path: &Path,
    ctx: &FileContext,
    settings: &EnvSettings,
    mode: FixMode,
) -> (FileOutcome, Vec<u8>) {
    let mut outcome = FileOutcome::default();
    let skipped = |reason: String| Skipped {
        path: ctx.path.clone(),
        reason,
    };
    let mut current = match read_env_file(path, settings.max_file_size) {
        Ok(b) => b,
        Err(reason) => {
            outcome.error = Some(skipped(reason));
            return (outcome, Vec::new());
        }
    };
    outcome.bytes = current.len() as u64;
    let linter = &settings.linter;
    if let Some(unsafe_fixes) = mode.unsafe_fixes() {
        if let Some(fixed) = keylint_dotenv::fix(&current, ctx, linter, unsafe_fixes) {
            if fixed.text.as_bytes() != current.as_slice() {
                if matches!(mode, FixMode::Diff { .. }) {
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
    outcome.diagnostics = keylint_dotenv::lint(&current, ctx, linter);
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
    let seen = keylint_input::SeenFiles::of_roots(roots);
    let mut out = Vec::new();
    for root in roots {
        if root.is_dir() {
            let found = keylint_dotenv::discover::env_files(root)
                .map_err(|e| miette::miette!("cannot walk {}: {e}", root.display()))?;
            out.extend(
                found
                    .into_iter()
                    .filter(|path| seen.first_time(path))
                    .map(|path| (Some(root.as_path()), path)),
            );
        } else if seen.first_time(root) {
            out.push((None, root.clone()));
        }
    }
    Ok(out)
}

/// The closing part of a human or concise report (`concise`): after `files_part` (the files'
/// problems as rendered beside the key check), the key problems, the counts, what passed below
/// `fail_on`, and the files that could not be read or fixed; the last line states the outcome.
pub fn report_text(
    linted: &Linted,
    files_part: String,
    concise: bool,
    options: &keylint_report::RenderOptions,
) -> String {
    use std::fmt::Write as _;

    use keylint_core::display::escape;
    use keylint_report::{diagnostics, plural};
    let Linted {
        diagnostics: all,
        errors,
        baselined,
        fixed,
        keys_from,
        files,
        ..
    } = linted;
    let (env, keys) = all.split_at(*keys_from);
    let mut out = files_part;
    if concise {
        out.push_str(&diagnostics::render_concise(keys));
    }
    if *baselined > 0 {
        let _ = writeln!(out, "  {baselined} problem(s) accepted by the baseline");
    }
    // A live or unverifiable key is a verification result, not a problem of the file: it is
    // counted on its own line (a revoked key is a problem).
    let (results, problems): (Vec<Diagnostic>, Vec<Diagnostic>) = env
        .iter()
        .cloned()
        .partition(|d| d.code == crate::verify::LIVE || d.code == crate::verify::UNKNOWN);
    out.push_str(&diagnostics::summary_line(
        &problems,
        files.len() - errors.len(),
        *fixed,
        errors.is_empty(),
    ));
    if !results.is_empty() {
        let live = results
            .iter()
            .filter(|d| d.code == crate::verify::LIVE)
            .count();
        let _ = writeln!(
            out,
            "  verified: {live} live, {} unknown",
            results.len() - live
        );
    }
    if !keys.is_empty() {
        if !concise {
            out.push('\n');
            out.push_str(&diagnostics::render_human(keys, options));
        }
        out.push_str(&keylint_report::keys::summary_line(keys));
    }
    let fail_on = options.fail_on.unwrap_or(Severity::Info);
    let failing = all.iter().filter(|d| d.severity >= fail_on).count();
    if failing == 0 && !all.is_empty() {
        let _ = writeln!(
            out,
            "  none at or above `{fail_on}`: the run passes (--fail-on {fail_on})"
        );
    }
    for e in errors {
        let _ = match e.reason.strip_prefix(NOT_FIXED) {
            Some(why) => writeln!(out, "  did not fix {}: {}", escape(&e.path), escape(why)),
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
            "✗ incomplete: {} could not be read",
            plural(errors.len(), "env file")
        );
    }
    out
}

/// `keylint env --list`: every check (code, severity, fix, summary), the key codes after them.
pub fn checks_list() -> String {
    use std::fmt::Write as _;

    use keylint_dotenv::checks::CHECKS;
    let key_codes = keylint_keys::CODES.iter().map(|(code, severity, summary)| {
        let code = format!("{}{code}", keylint_keys::DIAGNOSTIC_PREFIX);
        (code, *severity, "", *summary, "")
    });
    let rows: Vec<_> = CHECKS
        .iter()
        .map(|c| {
            let fix = match c.fix {
                Some(keylint_core::Applicability::Safe) => "fix",
                Some(keylint_core::Applicability::Unsafe) => "fix*",
                None => "",
            };
            let off = if c.default_enabled { "" } else { " (off)" };
            (c.code.to_owned(), c.severity, fix, c.summary, off)
        })
        .chain(key_codes)
        .collect();
    let width = rows.iter().map(|row| row.0.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (code, severity, fix, summary, off) in &rows {
        let _ = writeln!(
            out,
            "{code:<width$}  {:<8}  {fix:<4}  {summary}{off}",
            severity.as_str()
        );
    }
    let _ = writeln!(
        out,
        "{} checks; fix = safe fix (--fix), fix* = unsafe fix (--unsafe-fixes)",
        CHECKS.len()
    );
    let _ = writeln!(
        out,
        "keys/… compare values across files (`keylint keys`; medium and above here): `--ignore keys` turns them off"
    );
    out
}
