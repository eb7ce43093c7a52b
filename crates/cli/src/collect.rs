//! The scan pipeline `scan`, `baseline create`, the hooks and `fix` share: read blobs (walk,
//! stdin, or git), scan them in parallel, then gather findings, diagnostics and a summary.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use keylint_core::{Finding, GitOrigin, Severity};
use keylint_input::git::{HistoryOptions, HistoryProgress, HistoryStats, StagedStats};
use keylint_input::{Blob, Event, SkipReason, WalkOptions};
use keylint_report::{Skipped, Summary, Warning};

use crate::args::{GlobalArgs, Source};
use crate::lint;
use crate::output::plural;
use crate::settings::LoadedConfig;
use crate::settings::env::{EnvSettings, PrefixPolicy};
use crate::settings::keys::KeysSettings;
use crate::settings::scan::{ScanFlags, ScanSettings, scan_settings, walk_options};

/// A finding with what history audits need to deduplicate it.
struct Collected {
    finding: Finding,
    /// Commit order (oldest first); 0 outside git.
    order: usize,
    /// Whether the blob it came from is in HEAD's tree.
    in_head: bool,
}

/// The .env linter as `keylint scan` runs it on `.env` files of a tree (`[env] in-scan`).
struct EnvLint<'c> {
    config: &'c keylint_core::config::Config,
    settings: keylint_dotenv::Settings,
    prefixes: PrefixPolicy,
}

/// Lowest severity of the .env checks that `keylint scan` reports: value problems (short
/// secrets, placeholders, wrong provider formats, spaces breaking a key) rather than style,
/// which `keylint env` shows in full.
const ENV_IN_SCAN_MIN: Severity = Severity::Medium;

/// The key-consistency check as `keylint scan` runs it on a tree (`[keys] in-scan`): the
/// files the walk reads are handed over as they go by, so the tree is walked and read once.
struct KeysInScan {
    settings: KeysSettings,
    gather: keylint_keys::Gather,
}

/// Collects results from the reader's threads.
#[derive(Default)]
struct Collector<'c> {
    env: Option<EnvLint<'c>>,
    /// `[scan] exclude` and `--exclude` for sources that are not a directory walk (git modes,
    /// hooks): their paths are repository-relative, and the walk applies excludes itself.
    exclude: Option<globset::GlobSet>,
    keys: Option<KeysInScan>,
    diagnostics: Mutex<Vec<keylint_core::Diagnostic>>,
    findings: Mutex<Vec<Collected>>,
    skipped: Mutex<Vec<Skipped>>,
    errors: Mutex<Vec<Skipped>>,
    /// Files where a rule reached the engine's cap on findings per rule, sorted.
    capped: Mutex<Vec<SourceWarning>>,
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
}

impl Collector<'_> {
    fn scan_blob(&self, settings: &ScanSettings, blob: &Blob) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(blob.bytes.len() as u64, Ordering::Relaxed);
        if let (Some(env), None) = (&self.env, &blob.origin) {
            let found = lint::lint_in_scan(
                env.config,
                &env.settings,
                &env.prefixes,
                &blob.path,
                &blob.bytes,
            );
            let mut found: Vec<_> = found
                .into_iter()
                .filter(|d| d.severity >= ENV_IN_SCAN_MIN)
                .collect();
            if !found.is_empty() {
                lock(&self.diagnostics).append(&mut found);
            }
        }
        let commit = blob
            .origin
            .as_ref()
            .and_then(|o| o.commit.as_ref())
            .map(|c| c.id.as_str());
        let scanned = settings.engine.scan_blob(&blob.path, &blob.bytes, commit);
        if !scanned.capped.is_empty() {
            // Kept sorted: the order files are read in varies between runs.
            let warning = SourceWarning::capped(&blob.path, &scanned.capped);
            let mut capped = lock(&self.capped);
            let at = capped.partition_point(|w| w.shown < warning.shown);
            capped.insert(at, warning);
        }
        self.add_findings(scanned.findings, blob.origin.as_ref());
    }

    /// Files whose content is not scanned (binary, too large) still meet path-only rules.
    fn scan_path(&self, settings: &ScanSettings, path: &str) {
        if settings.engine.has_path_rules() {
            let found = settings.engine.scan_path(path, None);
            self.add_findings(found, None);
        }
    }

    fn add_findings(&self, mut found: Vec<Finding>, origin: Option<&keylint_input::BlobOrigin>) {
        if found.is_empty() {
            return;
        }
        let (order, in_head) = match origin {
            None => (0, false),
            Some(origin) => {
                if let Some(lines) = &origin.added_lines {
                    // Path-only findings (no secret) are about the file, not a line.
                    found.retain(|f| {
                        f.secret.is_empty() || lines.overlaps(f.location.line, f.location.end_line)
                    });
                }
                if let Some(commit) = &origin.commit {
                    for f in &mut found {
                        f.origin = Some(GitOrigin {
                            commit: commit.id.clone(),
                            author: commit.author.clone(),
                            date: commit.date.clone(),
                            present_at_head: None,
                        });
                    }
                }
                (
                    origin.commit.as_ref().map_or(0, |c| c.order),
                    origin.in_head,
                )
            }
        };
        let mut all = lock(&self.findings);
        all.extend(found.into_iter().map(|finding| Collected {
            finding,
            order,
            in_head,
        }));
    }

    fn record(&self, settings: &ScanSettings, event: Event) {
        if let (Some(exclude), Event::Blob(Blob { path, .. }) | Event::Skipped { path, .. }) =
            (&self.exclude, &event)
        {
            if exclude.is_match(path) {
                return;
            }
        }
        match event {
            Event::Blob(blob) => self.scan_blob(settings, &blob),
            Event::Skipped {
                reason: SkipReason::Binary,
                path,
            } => {
                self.binary.fetch_add(1, Ordering::Relaxed);
                self.scan_path(settings, &path);
            }
            // Excluded on purpose: not worth a line in the summary.
            Event::Skipped {
                reason: SkipReason::Excluded,
                ..
            } => {}
            Event::Skipped { path, reason } => {
                self.scan_path(settings, &path);
                let reason = match reason {
                    SkipReason::TooLarge(size) => format!(
                        "larger than the {} limit ({size} bytes; raise --max-file-size to scan it)",
                        keylint_core::config::ByteSize(settings.walk.max_file_size),
                    ),
                    SkipReason::NotRegular => {
                        "not a regular file (FIFO, socket or device)".to_owned()
                    }
                    SkipReason::Binary | SkipReason::Excluded => unreachable!("handled above"),
                };
                lock(&self.skipped).push(Skipped { path, reason });
            }
            Event::Error { path, message } => lock(&self.errors).push(Skipped {
                path,
                reason: message,
            }),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means another worker panicked; the data is still usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Everything a scan produced.
pub struct ScanResult {
    pub settings: ScanSettings,
    pub findings: Vec<Finding>,
    /// .env checks (medium and above) run on the `.env` files of a tree scan.
    pub diagnostics: Vec<keylint_core::Diagnostic>,
    pub summary: Summary,
    /// The config file used, as shown (none: built-in defaults).
    pub config: Option<String>,
}

impl ScanResult {
    /// For people, on stderr: which config file applied and what its allowlists dropped, so a
    /// config never turns findings into a clean result unseen.
    pub fn announce_config(&self) {
        let Some(name) = &self.config else {
            return;
        };
        let allowed = self.settings.engine.allowed_so_far();
        let mut dropped = Vec::new();
        if allowed.findings > 0 {
            dropped.push(plural(allowed.findings as usize, "finding"));
        }
        if allowed.files > 0 {
            dropped.push(format!(
                "every finding of {}",
                plural(allowed.files as usize, "file")
            ));
        }
        if dropped.is_empty() {
            eprintln!("config: {name}");
        } else {
            eprintln!(
                "config: {name} (its allowlists accepted {})",
                dropped.join(" and ")
            );
        }
    }
}

/// Reads a source: hands every event to the visitor and returns what else it has to say.
pub type ReadSource<'a> =
    &'a (dyn Fn(&WalkOptions, &(dyn Fn(Event) + Sync)) -> miette::Result<SourceFacts> + Sync);

/// What a source says besides its blobs.
#[derive(Default)]
pub struct SourceFacts {
    /// Commits walked (git ranges and history audits).
    pub commits: Option<u64>,
    /// What limits the results without making them wrong.
    pub warnings: Vec<SourceWarning>,
}

/// A warning, as the report carries it and as stderr shows it.
pub struct SourceWarning {
    /// For the summary (and so the machine formats).
    pub warning: Warning,
    /// For people: the same words, broken into lines where that reads better.
    pub shown: String,
}

impl SourceWarning {
    /// A warning about a damaged object keylint worked around, shown as it is.
    fn damage(message: String) -> Self {
        SourceWarning {
            shown: message.clone(),
            warning: Warning {
                code: Warning::DAMAGED_REPOSITORY,
                message,
            },
        }
    }

    /// Rules (`rules`) that reached the engine's cap on findings in `path`.
    fn capped(path: &str, rules: &[String]) -> Self {
        let message = format!(
            "{path}: {} matched more than {} times; only the first {} per rule are reported",
            rules.join(", "),
            keylint_scan::MAX_FINDINGS_PER_RULE,
            keylint_scan::MAX_FINDINGS_PER_RULE,
        );
        SourceWarning {
            shown: message.clone(),
            warning: Warning {
                code: Warning::FINDINGS_CAPPED,
                message,
            },
        }
    }

    /// Shows each warning on stderr, as people read it, and returns them for the summary.
    fn announce(warnings: Vec<SourceWarning>) -> Vec<Warning> {
        warnings
            .into_iter()
            .map(|w| {
                eprintln!("warning: {}", w.shown);
                w.warning
            })
            .collect()
    }

    /// A shallow clone's cut (`cut`: the commits where the history stops).
    fn shallow(cut: &[String]) -> Self {
        let cut: Vec<&str> = cut.iter().map(|c| &c[..c.len().min(12)]).collect();
        let (commits, them) = if cut.len() == 1 {
            ("commit", "it")
        } else {
            ("commits", "them")
        };
        let lines = [
            format!(
                "shallow clone: the history is truncated at {commits} {}; older commits were not audited,",
                cut.join(", ")
            ),
            format!(
                "and a secret reported in {them} may have been added earlier. Run `git fetch --unshallow` to audit"
            ),
            "all of it (GitHub Actions: `actions/checkout` with `fetch-depth: 0`).".to_owned(),
        ];
        SourceWarning {
            warning: Warning {
                code: Warning::SHALLOW_CLONE,
                message: lines.join(" "),
            },
            shown: lines.join("\n  "),
        }
    }
}

impl SourceFacts {
    /// A walk's facts: commits, damage worked around and, for a history audit (`audit`), a
    /// shallow clone's cut (a range reaching the cut is an error instead).
    pub fn from_history(stats: HistoryStats, audit: bool) -> Self {
        let shallow =
            (audit && !stats.shallow.is_empty()).then(|| SourceWarning::shallow(&stats.shallow));
        SourceFacts {
            commits: Some(stats.commits),
            warnings: shallow
                .into_iter()
                .chain(stats.warnings.into_iter().map(SourceWarning::damage))
                .collect(),
        }
    }

    /// A staged scan's facts: damage worked around.
    pub fn from_staged(stats: StagedStats) -> Self {
        SourceFacts {
            commits: None,
            warnings: stats
                .warnings
                .into_iter()
                .map(SourceWarning::damage)
                .collect(),
        }
    }
}

/// A source of blobs other than the ones a [`Source`] describes (the git hooks' staged files
/// and pushed commits).
#[derive(Clone, Copy)]
pub struct CustomSource<'a> {
    /// The reader.
    pub read: ReadSource<'a>,
    /// A commit's worth of files: read on its own thread while the engine is built (see
    /// [`collect_prefetched`]), instead of after.
    pub small: bool,
}

/// What to scan and how.
#[derive(Clone, Copy)]
pub struct Request<'a> {
    /// What to read; where the config, `.gitleaksignore` and relative paths start.
    pub source: &'a Source,
    /// The flags besides the source.
    pub flags: &'a ScanFlags,
    /// Draw a progress bar on stderr (history audits).
    pub show_progress: bool,
    /// Read from this instead of `source` (the hooks).
    pub custom: Option<CustomSource<'a>>,
    /// A tree scan also checks key consistency (`[keys] in-scan`).
    pub keys: bool,
    /// The baseline being written: never read.
    pub writing: Option<&'a Path>,
}

impl<'a> Request<'a> {
    /// A plain scan of `source` with `flags`: no progress, no key check, nothing written.
    pub fn new(source: &'a Source, flags: &'a ScanFlags) -> Request<'a> {
        Request {
            source,
            flags,
            show_progress: false,
            custom: None,
            keys: false,
            writing: None,
        }
    }
}

/// Events a small source may read ahead of the engine: bounds memory on a surprisingly large
/// "small" source (a first commit of a whole repository).
const PREFETCH_EVENTS: usize = 64;

/// Which lint checks a scan ran, besides the rules.
struct Checked {
    /// The `.env` checks (tree scans, `[env] in-scan`).
    env: bool,
    /// Key consistency (tree scans, `[keys] in-scan`).
    keys: bool,
}

impl Checked {
    /// What a scan of `source` (or of a custom source) runs.
    fn of(source: &Source, custom: bool, env_linted: bool, keys: bool) -> Checked {
        Checked {
            env: env_linted && !custom && source.is_tree(),
            keys,
        }
    }
}

/// The `.env` diagnostics of a scan with the key check's (when it ran), sorted by place.
fn all_diagnostics(
    diagnostics: Mutex<Vec<keylint_core::Diagnostic>>,
    keys: Option<KeysInScan>,
    env_linted: bool,
) -> Vec<keylint_core::Diagnostic> {
    let mut diagnostics = into_inner(diagnostics);
    if let Some(keys) = keys {
        let report = keys.settings.check(&keys.gather.finish());
        diagnostics.extend(lint::as_diagnostics(&report, env_linted));
    }
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.code).cmp(&(&b.path, b.line, b.column, &b.code))
    });
    diagnostics
}

/// Drops the findings and diagnostics the baseline accepts, and the findings a
/// `.gitleaksignore` accepts, counting them (and the stale baseline entries) in the summary.
fn accept_known(
    settings: &ScanSettings,
    checked: &Checked,
    findings: &mut Vec<Finding>,
    diagnostics: &mut Vec<keylint_core::Diagnostic>,
    summary: &mut Summary,
) {
    if let Some(baseline) = &settings.baseline {
        let before = findings.len() + diagnostics.len();
        findings.retain(|f| !baseline.accepts(f));
        diagnostics.retain(|d| !baseline.accepts_diagnostic(d));
        summary.baselined = (before - findings.len() - diagnostics.len()) as u64;
        summary.stale_baseline = baseline
            .stale(|code| {
                if code.starts_with(keylint_keys::DIAGNOSTIC_PREFIX) {
                    checked.keys
                } else {
                    checked.env
                }
            })
            .into_iter()
            .map(str::to_owned)
            .collect();
    }
    if let Some(ignore) = &settings.gitleaks_ignore {
        let before = findings.len();
        findings.retain(|f| !ignore.ignores(f));
        summary.baselined += (before - findings.len()) as u64;
    }
}

/// Reads the source a request names, scans it and returns sorted findings (baseline applied),
/// diagnostics and the summary.
#[allow(clippy::too_many_lines)] // one linear pipeline: config → read → collect → summary
pub fn collect(global: &GlobalArgs, request: &Request<'_>) -> miette::Result<ScanResult> {
    let Request {
        source,
        flags,
        show_progress,
        custom,
        keys,
        writing,
    } = *request;
    let started = Instant::now();
    let root = source.root();
    let loaded = LoadedConfig::load(global, root)?;
    let walk = walk_options(&loaded, root, flags, writing)?;
    let read_staged =
        |walk: &WalkOptions, visit: &(dyn Fn(Event) + Sync)| read_staged(root, walk, visit);
    let small_source: Option<ReadSource<'_>> = match custom {
        Some(c) if c.small => Some(c.read),
        None if matches!(source, Source::Staged { .. }) => Some(&read_staged),
        _ => None,
    };
    let env_lint = if loaded.config.env.in_scan == Some(false) {
        None
    } else {
        let (settings, prefixes) = EnvSettings::in_scan(&loaded)?;
        Some(EnvLint {
            config: &loaded.config,
            settings,
            prefixes,
        })
    };
    let env_linted = env_lint.is_some();
    let keys = if keys
        && custom.is_none()
        && source.is_tree()
        && loaded.config.keys.in_scan != Some(false)
    {
        Some(KeysInScan {
            settings: KeysSettings::new(&loaded, &[], &flags.exclude)?
                .with_env_files_linted(env_linted),
            gather: keylint_keys::Gather::default(),
        })
    } else {
        None
    };
    let exclude = if custom.is_some() || !source.is_tree() {
        keylint_input::exclude_set(&walk.exclude).map_err(|e| miette::miette!("{e}"))?
    } else {
        None
    };
    let checked = Checked::of(source, custom.is_some(), env_linted, keys.is_some());
    let collector = Collector {
        env: env_lint,
        exclude,
        keys,
        ..Collector::default()
    };
    let (settings, facts) = if let Some(read) = small_source {
        collect_prefetched(&walk, read, &collector, || {
            scan_settings(&loaded, root, flags, writing)
        })?
    } else {
        let settings = scan_settings(&loaded, root, flags, writing)?;
        let facts = match custom {
            Some(c) => (c.read)(&settings.walk, &|event| collector.record(&settings, event))?,
            None => read_source(source, &settings, &collector, show_progress)?,
        };
        (settings, facts)
    };

    let mut diagnostics = all_diagnostics(collector.diagnostics, collector.keys, env_linted);
    let mut collected = into_inner(collector.findings);
    if matches!(source, Source::History { .. }) {
        collected = first_introductions(collected);
    }
    let mut findings =
        keylint_report::in_report_order(collected.into_iter().map(|c| c.finding).collect());
    let mut summary = Summary {
        files_scanned: collector.files.into_inner(),
        bytes_scanned: collector.bytes.into_inner(),
        binary_skipped: collector.binary.into_inner(),
        skipped: keylint_report::by_path(into_inner(collector.skipped)),
        errors: keylint_report::by_path(into_inner(collector.errors)),
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        commits_scanned: facts.commits,
        baselined: 0,
        stale_baseline: Vec::new(),
        warnings: SourceWarning::announce(facts.warnings),
    };
    summary
        .warnings
        .extend(SourceWarning::announce(into_inner(collector.capped)));
    accept_known(
        &settings,
        &checked,
        &mut findings,
        &mut diagnostics,
        &mut summary,
    );
    Ok(ScanResult {
        settings,
        findings,
        diagnostics,
        summary,
        config: loaded.source.as_ref().map(|s| s.name.clone()),
    })
}

/// Reads a small source on its own thread while `build` makes the settings (parsing the rule
/// catalog and building the engine cost as much as reading a commit's files from git, and a
/// pre-commit hook's latency is their sum otherwise), then scans what was read. A bounded
/// channel keeps memory flat whatever the source's size.
fn collect_prefetched(
    walk: &WalkOptions,
    read: ReadSource<'_>,
    collector: &Collector,
    build: impl FnOnce() -> miette::Result<ScanSettings>,
) -> miette::Result<(ScanSettings, SourceFacts)> {
    std::thread::scope(|scope| {
        let (events, received) = std::sync::mpsc::sync_channel(PREFETCH_EVENTS);
        let reader = scope.spawn(move || {
            // A send fails only when the engine could not be built: stop reading then.
            read(walk, &|event| drop(events.send(event)))
        });
        let settings = match build() {
            Ok(settings) => settings,
            Err(e) => {
                drop(received);
                let _ = reader.join();
                return Err(e);
            }
        };
        for event in received {
            collector.record(&settings, event);
        }
        let facts = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok((settings, facts))
    })
}

/// A git source's error, with what to do about it.
#[allow(clippy::needless_pass_by_value)] // used as `map_err(git_error)`
fn git_error(e: keylint_input::git::GitError) -> miette::Report {
    miette::miette!(help = e.hint(), "{e}")
}

fn read_source(
    source: &Source,
    settings: &ScanSettings,
    collector: &Collector,
    show_progress: bool,
) -> miette::Result<SourceFacts> {
    let visit = |event| collector.record(settings, event);
    let history_options = |branches: &[String]| HistoryOptions {
        branches: branches.to_vec(),
        max_file_size: settings.walk.max_file_size,
        threads: settings.walk.threads,
        exclude: collector.exclude.clone(),
    };
    match source {
        Source::Staged { repo } => read_staged(repo, &settings.walk, &visit),
        Source::Range { repo, spec } => {
            let progress = HistoryProgress::default();
            let options = history_options(&[]);
            let stats = keylint_input::git::commits(repo, spec, &options, &progress, visit)
                .map_err(git_error)?;
            Ok(SourceFacts::from_history(stats, false))
        }
        Source::History { repo, branches } => {
            let progress = HistoryProgress::default();
            let done = std::sync::atomic::AtomicBool::new(false);
            let options = history_options(branches);
            let stats = std::thread::scope(|scope| {
                if show_progress {
                    scope.spawn(|| progress_bar(&progress, &done));
                }
                let path_key = |path: &str| history_path_key(settings, path);
                let stats =
                    keylint_input::git::history(repo, &options, Some(&path_key), &progress, visit);
                done.store(true, Ordering::Relaxed);
                stats
            })
            .map_err(git_error)?;
            Ok(SourceFacts::from_history(stats, true))
        }
        Source::Stdin { name, paths, .. } => {
            visit(keylint_input::read_stdin(name, settings.walk.max_file_size));
            walk_tree(paths, settings, collector)
        }
        Source::Paths(paths) => walk_tree(paths, settings, collector),
    }
}

/// The staged changes of `repo`: only the lines they add.
fn read_staged(
    repo: &Path,
    walk: &WalkOptions,
    visit: &(dyn Fn(Event) + Sync),
) -> miette::Result<SourceFacts> {
    keylint_input::git::staged(repo, walk.max_file_size, visit)
        .map(SourceFacts::from_staged)
        .map_err(git_error)
}

/// Walks the files and directories `paths`; with the key check on, hands it what is read.
fn walk_tree(
    paths: &[PathBuf],
    settings: &ScanSettings,
    collector: &Collector,
) -> miette::Result<SourceFacts> {
    let visit = |event| collector.record(settings, event);
    let Some(keys) = &collector.keys else {
        if !paths.is_empty() {
            keylint_input::walk(paths, &settings.walk, visit)
                .map_err(|e| miette::miette!("{e}"))?;
        }
        return Ok(SourceFacts::default());
    };
    // One root at a time, so each file's place on disk is known to the key check.
    for root in paths {
        let is_dir = root.is_dir();
        let real = |shown: &str| {
            if is_dir {
                root.join(shown)
            } else {
                root.clone()
            }
        };
        let visit = |event: Event| {
            if let Event::Blob(blob) = &event {
                if !keys.settings.skips(&blob.path) {
                    keys.gather.add(&blob.path, &real(&blob.path), &blob.bytes);
                }
            }
            collector.record(settings, event);
        };
        // The walk honours .gitignore, but the .env files it ignores are the ones that hold
        // the real values: list them meanwhile (a walk that reads nothing) and read them after.
        let ignored_env = std::thread::scope(|scope| {
            let listing = (is_dir && settings.walk.respect_gitignore)
                .then(|| scope.spawn(|| keylint_dotenv::discover::env_files(root)));
            let walked = keylint_input::walk(std::slice::from_ref(root), &settings.walk, visit);
            let listed = listing
                .and_then(|l| l.join().ok())
                .and_then(Result::ok)
                .unwrap_or_default();
            walked.map(|()| listed)
        })
        .map_err(|e| miette::miette!("{e}"))?;
        for path in ignored_env {
            let shown = keylint_keys::walk::relative(root, &path);
            if !keys.settings.skips(&shown) {
                keys.gather.add_unseen(&shown, &path);
            }
        }
    }
    Ok(SourceFacts::default())
}

/// What decides a history audit's verdict on a path besides the content (see
/// [`keylint_input::git::history`]): the engine's view of the path and, for a path the
/// baseline or `.gitleaksignore` names, the path itself.
fn history_path_key(settings: &ScanSettings, path: &str) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let named = settings
        .baseline
        .as_ref()
        .is_some_and(|b| b.names_path(path))
        || settings
            .gitleaks_ignore
            .as_ref()
            .is_some_and(|i| i.entries.iter().any(|e| e.path == path));
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    settings.engine.path_key(path).hash(&mut hasher);
    named.then_some(path).hash(&mut hasher);
    hasher.finish()
}

/// History audits see the same secret in every later version of a file: keep the oldest
/// sighting per fingerprint (the commit that introduced it) and whether HEAD still has it.
fn first_introductions(collected: Vec<Collected>) -> Vec<Collected> {
    let mut at_head: HashMap<String, bool> = HashMap::new();
    for c in &collected {
        *at_head
            .entry(c.finding.fingerprint.to_string())
            .or_default() |= c.in_head;
    }
    let mut first: HashMap<String, Collected> = HashMap::new();
    for c in collected {
        let key = c.finding.fingerprint.to_string();
        match first.get(&key) {
            Some(existing) if existing.order <= c.order => {}
            _ => {
                first.insert(key, c);
            }
        }
    }
    first
        .into_values()
        .map(|mut c| {
            if let Some(origin) = &mut c.finding.origin {
                origin.present_at_head = at_head.get(c.finding.fingerprint.as_str()).copied();
            }
            c
        })
        .collect()
}

/// Draws commits, blobs, throughput and an estimate on stderr until `done`.
fn progress_bar(progress: &HistoryProgress, done: &std::sync::atomic::AtomicBool) {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {pos}/{len} blobs, eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    while !done.load(Ordering::Relaxed) {
        bar.set_length(progress.blobs_queued.load(Ordering::Relaxed));
        bar.set_position(progress.blobs_done.load(Ordering::Relaxed));
        let walking = if progress.walk_finished.load(Ordering::Relaxed) {
            ""
        } else {
            " (walking)"
        };
        let bytes = progress.bytes_done.load(Ordering::Relaxed);
        let millis = u64::try_from(bar.elapsed().as_millis()).map_or(u64::MAX, |m| m.max(100));
        let rate = bytes.saturating_mul(1000) / millis;
        bar.set_message(format!(
            "{} commits{walking}, {} scanned ({}/s)",
            progress.commits.load(Ordering::Relaxed),
            indicatif::HumanBytes(bytes),
            indicatif::HumanBytes(rate),
        ));
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
