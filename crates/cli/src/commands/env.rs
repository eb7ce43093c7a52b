//! `keylint env`: lint `.env` files (syntax, style, values), fix what is safe, report like
//! `keylint scan` (same formats, same exit codes).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use keylint_core::display::escape;
use keylint_core::{Diagnostic, Severity};
use keylint_dotenv::{FileContext, Settings, checks};
use keylint_report::{RenderOptions, Skipped, Summary};

use crate::args::{EnvArgs, EnvFormat, GlobalArgs};
use crate::outcome::Outcome;
use crate::output::{color_for, emit, plural, shown_path};
use crate::settings::env::EnvSettings;
use crate::settings::{load_baseline, load_config};
use keylint_pipeline::lint;

/// Runs `keylint env`.
pub fn run(global: &GlobalArgs, args: &EnvArgs) -> miette::Result<Outcome> {
    if args.list {
        return list();
    }
    if args.fix && !args.diff {
        crate::process::guard_temp_files();
    }
    let started = std::time::Instant::now();
    let first = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let loaded = load_config(global, first)?;
    let settings = EnvSettings::new(&loaded, args)?;
    if settings.linter.enabled.contains("provider-format") {
        // Parsing the rule catalog and building its engine takes a few milliseconds: do it while
        // the files are found (the first provider-format check would otherwise wait for it).
        std::thread::spawn(keylint_dotenv::provider::engine);
    }
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (files, key_files) = files_to_read(&roots, &settings)?;
    let gather = keylint_keys::Gather::default();
    let mut linted = lint_all(&files, &key_files, &settings, args, &gather);
    let baseline = args.baseline.as_deref().map(load_baseline).transpose()?;
    let mut baselined = 0;
    let mut accept_known = |diagnostics: &mut Vec<Diagnostic>| {
        if let Some(baseline) = &baseline {
            let before = diagnostics.len();
            diagnostics.retain(|d| !baseline.accepts_diagnostic(d));
            baselined += (before - diagnostics.len()) as u64;
        }
    };
    let mut diagnostics = std::mem::take(&mut linted.diagnostics);
    accept_known(&mut diagnostics);
    if args.diff {
        return show_diff(args, &linted);
    }
    let flags = crate::verify::flags(&args.verify);
    keylint_pipeline::verify::add(&flags, &loaded.config, &files, &mut diagnostics)?;
    let options = RenderOptions {
        show_secrets: false,
        color: color_for(args.output.as_deref()),
        fail_on: Some(settings.fail_on),
    };
    // Key consistency across the roots' files (.env, compose, livekit.yaml, app config): its
    // diagnostics follow the files' own. The files' part of a human or concise report does not
    // depend on it, so it is rendered while the key check runs.
    let keys_from = diagnostics.len();
    let (key_diagnostics, env_text) = std::thread::scope(|scope| {
        let key_check = settings
            .keys
            .as_ref()
            .map(|keys| scope.spawn(|| lint::as_diagnostics(&keys.check(&gather.finish()), true)));
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
    linted.diagnostics = diagnostics;
    linted.baselined = baselined;
    let summary = Summary {
        baselined: linted.baselined,
        files_scanned: files.len() as u64 - linted.errors.len() as u64,
        bytes_scanned: linted.bytes,
        errors: linted.errors.clone(),
        duration_ms: started.elapsed().as_millis() as u64,
        ..Summary::default()
    };
    let text = EnvText {
        human: env_text,
        keys_from,
        files: files.len(),
    };
    let document = document(args.format, &linted, text, &summary, &options);
    emit(args.output.as_deref(), &document)?;
    let severities = keylint_pipeline::verify::counted(&linted.diagnostics);
    Ok(
        Outcome::decide(severities, linted.errors.len(), settings.fail_on)
            .exit_zero(args.exit_zero),
    )
}

/// The human and concise reports' parts known before the document is put together.
struct EnvText {
    /// The files' problems, rendered while the key check ran (human, concise).
    human: Option<String>,
    /// Where the key problems start among the diagnostics.
    keys_from: usize,
    /// How many env files were linted.
    files: usize,
}

/// The report in `format`.
fn document(
    format: EnvFormat,
    linted: &Linted,
    text: EnvText,
    summary: &Summary,
    options: &RenderOptions,
) -> String {
    match format {
        EnvFormat::Human | EnvFormat::Concise => human(format, linted, text, options),
        EnvFormat::Json => keylint_report::json::render_with_diagnostics(
            &[],
            Some(&linted.diagnostics),
            summary,
            options,
        ),
        EnvFormat::Jsonl => keylint_report::diagnostics::render_lines(&linted.diagnostics),
        EnvFormat::Sarif => keylint_report::sarif::render_with_summary(
            &[],
            &[],
            &linted.diagnostics,
            &lint::check_docs(),
            summary,
            options,
        ),
        EnvFormat::Github => keylint_report::github::render_with_diagnostics(
            &[],
            &linted.diagnostics,
            summary,
            options,
        ),
        EnvFormat::Junit => keylint_report::junit::render_with_diagnostics(
            &[],
            &linted.diagnostics,
            summary,
            options,
        ),
    }
}

/// What linting (and fixing) every file gave.
#[derive(Default)]
struct Linted {
    diagnostics: Vec<Diagnostic>,
    errors: Vec<Skipped>,
    /// The unified diff of the fixes (`--diff`).
    diff: String,
    fixed: usize,
    bytes: u64,
    /// Problems the baseline accepted.
    baselined: u64,
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
        let found = find_env_files(roots);
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
        if keys.is_some_and(|keys| !keys.skips(&relative)) {
            key_files.insert(path.clone());
        }
        if !settings
            .excluded
            .as_ref()
            .is_some_and(|set| set.is_match(&relative))
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
    args: &EnvArgs,
    gather: &keylint_keys::Gather,
) -> Linted {
    let git = if settings.linter.enabled.contains("env-file-committed") {
        keylint_input::git::state::path_states(files)
            .into_iter()
            .map(|(path, state)| (path, lint::git_state(state)))
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
            let (outcome, bytes) =
                lint_file(path, &ctx, &settings.linter, args, settings.max_file_size);
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

/// `--diff`: the fixes as a unified diff; exit 1 when there are some, 2 when a file could not
/// be read.
fn show_diff(args: &EnvArgs, linted: &Linted) -> miette::Result<Outcome> {
    emit(args.output.as_deref(), &linted.diff)?;
    for e in &linted.errors {
        eprintln!("could not read {}: {}", escape(&e.path), escape(&e.reason));
    }
    let fixed = linted.fixed;
    if fixed > 0 {
        eprintln!(
            "{fixed} fix{} would be applied by --fix{}",
            if fixed == 1 { "" } else { "es" },
            if args.unsafe_fixes {
                " --unsafe-fixes"
            } else {
                ""
            }
        );
    }
    // Every fix counts, whatever the severity of the problem it fixes.
    let each_fix = std::iter::repeat_n(Severity::Info, fixed);
    Ok(Outcome::decide(each_fix, 0, Severity::Info)
        .errors_first(linted.errors.len())
        .exit_zero(args.exit_zero))
}

/// The human and concise reports: the files' problems (`env_text`, rendered while the key
/// check ran), then the key problems from `keys_from` on, and the closing lines.
fn human(format: EnvFormat, linted: &Linted, text: EnvText, options: &RenderOptions) -> String {
    let EnvText {
        human: env_text,
        keys_from,
        files,
    } = text;
    let Linted {
        diagnostics,
        errors,
        baselined,
        fixed,
        ..
    } = linted;
    let (env, keys) = diagnostics.split_at(keys_from);
    let mut out = env_text.unwrap_or_default();
    if format == EnvFormat::Concise {
        out.push_str(&keylint_report::diagnostics::render_concise(keys));
    }
    if *baselined > 0 {
        let _ = writeln!(out, "  {baselined} problem(s) accepted by the baseline");
    }
    out.push_str(&keylint_report::diagnostics::summary_line(
        env,
        files - errors.len(),
        *fixed,
        errors.is_empty(),
    ));
    if !keys.is_empty() {
        if format == EnvFormat::Human {
            out.push('\n');
            out.push_str(&keylint_report::diagnostics::render_human(keys, options));
        }
        out.push_str(&keylint_report::keys::summary_line(keys));
    }
    let fail_on = options.fail_on.unwrap_or(Severity::Info);
    let failing = diagnostics.iter().filter(|d| d.severity >= fail_on).count();
    if failing == 0 && !diagnostics.is_empty() {
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
