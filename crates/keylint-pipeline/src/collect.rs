//! The scan pipeline `scan`, `baseline create`, the hooks and `fix` share: read blobs (walk,
//! stdin, or git), scan them in parallel, then gather findings, diagnostics and a summary.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use keylint_core::{Finding, GitOrigin, Severity};
use keylint_input::git::{HistoryOptions, HistoryProgress};
use keylint_input::{Blob, Event, SkipReason, WalkOptions};
use keylint_keys::KeysSettings;
use keylint_report::{Skipped, Summary};

use crate::lint::{self, PrefixPolicy};
use crate::scanned::Scanned;
use crate::settings::ScanSettings;
use crate::source::{CustomSource, ReadSource, Source, SourceFacts, SourceWarning};

/// A finding with what history audits need to deduplicate it.
struct Collected {
    finding: Finding,
    /// Commit order (oldest first); 0 outside git.
    order: usize,
    /// Whether the blob it came from is in HEAD's tree.
    in_head: bool,
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
struct Collector {
    env: Option<EnvInScan>,
    /// `[scan] exclude` and `--exclude` for sources that are not a directory walk (git modes,
    /// hooks): their paths are repository-relative, and the walk applies excludes itself.
    exclude: Option<globset::GlobSet>,
    keys: Option<KeysInScan>,
    /// Display paths of the key paths the walk hands over: also where the files are on disk.
    paths: keylint_input::PathMap,
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

impl Collector {
    fn scan_blob(&self, settings: &ScanSettings, blob: &Blob) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(blob.bytes.len() as u64, Ordering::Relaxed);
        if let (Some(env), None) = (&self.env, &blob.origin) {
            let on_disk = self.paths.display(&blob.path);
            let found = lint::lint_in_scan(
                &env.settings,
                &env.prefixes,
                (&blob.path, Path::new(&on_disk)),
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
            // Kept sorted: the order files are read in varies between runs. Named by its
            // display path, like the findings people read beside it.
            let shown = self.paths.display(&blob.path);
            let warning = SourceWarning::capped(&shown, &scanned.capped);
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

/// The `.env` diagnostics of a scan with the key check's (when it ran), sorted by place. The
/// key check names files by display path (its messages cite them); its diagnostics carry key
/// paths like every other.
fn all_diagnostics(
    diagnostics: Mutex<Vec<keylint_core::Diagnostic>>,
    (keys, paths): (Option<KeysInScan>, &keylint_input::PathMap),
    env_linted: bool,
) -> Vec<keylint_core::Diagnostic> {
    let mut diagnostics = into_inner(diagnostics);
    if let Some(keys) = keys {
        let report = keys.settings.check(&keys.gather.finish());
        diagnostics.extend(
            lint::as_diagnostics(&report, env_linted)
                .into_iter()
                .map(|mut d| {
                    d.path = paths.key(&d.path);
                    d
                }),
        );
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

/// What to scan, resolved by the application: the source, how to read it, and the lint
/// checks that run beside the rules.
pub struct Plan<'a> {
    /// What to read.
    pub source: &'a Source,
    /// Read from this instead of `source` (the git hooks).
    pub custom: Option<CustomSource<'a>>,
    /// What the readers need (exclusions, size limit, threads), known before the engine.
    pub walk: &'a WalkOptions,
    /// The `.env` checks on the env files the scan reads (`[env] in-scan`).
    pub env: Option<EnvInScan>,
    /// The key check over a tree scan (`[keys] in-scan`); ignored for other sources.
    pub keys: Option<KeysSettings>,
    /// Runs beside a history audit until its second argument is set (a progress display).
    pub progress: Option<Progress<'a>>,
    /// When the scan started (the summary's duration counts from it).
    pub started: Instant,
}

/// Watches a history audit's progress until the flag is set.
pub type Progress<'a> = &'a (dyn Fn(&HistoryProgress, &AtomicBool) + Sync);

/// The `.env` checks as a scan runs them on the env files it reads (`[env] in-scan`).
pub struct EnvInScan {
    /// The checks and their options.
    pub settings: keylint_dotenv::Settings,
    /// `[env] required-prefixes` and `[env.prefixes]`.
    pub prefixes: PrefixPolicy,
}

/// Reads what `plan` names, scans it and returns sorted findings (baseline applied),
/// diagnostics and the summary. `build` makes the engine and the rest of the settings: a small
/// source (staged files, a hook's commit) is read while it runs.
pub fn scan(
    plan: Plan<'_>,
    build: impl FnOnce() -> miette::Result<ScanSettings>,
) -> miette::Result<Scanned> {
    let Plan {
        source,
        custom,
        walk,
        env,
        keys,
        progress,
        started,
    } = plan;
    let root = source.root();
    let read_staged =
        |walk: &WalkOptions, visit: &(dyn Fn(Event) + Sync)| read_staged(root, walk, visit);
    let small_source: Option<ReadSource<'_>> = match custom {
        Some(c) if c.small => Some(c.read),
        None if matches!(source, Source::Staged { .. }) => Some(&read_staged),
        _ => None,
    };
    let env_linted = env.is_some();
    let keys = keys
        .filter(|_| custom.is_none() && source.is_tree())
        .map(|settings| KeysInScan {
            settings,
            gather: keylint_keys::Gather::default(),
        });
    let exclude = if custom.is_some() || !source.is_tree() {
        keylint_input::exclude_set(&walk.exclude).map_err(|e| miette::miette!("{e}"))?
    } else {
        None
    };
    let checked = Checked::of(source, custom.is_some(), env_linted, keys.is_some());
    let paths = match source {
        Source::Paths(roots) | Source::Stdin { paths: roots, .. } if custom.is_none() => {
            keylint_input::PathMap::of_roots(roots, walk.config_dir.as_deref())
        }
        _ => keylint_input::PathMap::identity(),
    };
    let collector = Collector {
        env,
        exclude,
        keys,
        paths,
        ..Collector::default()
    };
    let (settings, facts) = if let Some(read) = small_source {
        collect_prefetched(walk, read, &collector, build)?
    } else {
        let settings = build()?;
        let facts = match custom {
            Some(c) => (c.read)(&settings.walk, &|event| collector.record(&settings, event))?,
            None => read_source(source, &settings, &collector, progress)?,
        };
        (settings, facts)
    };

    let paths = collector.paths;
    let mut diagnostics =
        all_diagnostics(collector.diagnostics, (collector.keys, &paths), env_linted);
    let mut collected = into_inner(collector.findings);
    if matches!(source, Source::History { .. }) {
        collected = first_introductions(collected);
    }
    let mut findings =
        keylint_report::in_report_order(collected.into_iter().map(|c| c.finding).collect());
    let (warnings, warnings_shown) = facts
        .warnings
        .into_iter()
        .chain(into_inner(collector.capped))
        .map(|w| (w.warning, w.shown))
        .unzip();
    let mut summary = Summary {
        files_scanned: collector.files.into_inner() + facts.scanned_before.0,
        bytes_scanned: collector.bytes.into_inner() + facts.scanned_before.1,
        binary_skipped: collector.binary.into_inner(),
        skipped: keylint_report::by_path(into_inner(collector.skipped)),
        errors: keylint_report::by_path(into_inner(collector.errors)),
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        commits_scanned: facts.commits,
        baselined: 0,
        stale_baseline: Vec::new(),
        warnings,
        merged: None,
    };
    accept_known(
        &settings,
        &checked,
        &mut findings,
        &mut diagnostics,
        &mut summary,
    );
    Ok(Scanned {
        settings,
        findings,
        diagnostics,
        summary,
        warnings_shown,
        paths,
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
    watch: Option<Progress<'_>>,
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
            let done = AtomicBool::new(false);
            let options = history_options(branches);
            let stats = std::thread::scope(|scope| {
                if let Some(watch) = watch {
                    scope.spawn(|| watch(&progress, &done));
                }
                let path_key = |path: &str| history_path_key(settings, path);
                // The first pass: any finding of the engine, before allowlists of commits,
                // baselines and reports, marks a blob to be read again (see
                // `keylint_input::git::history`).
                let prescan = |path: &str, text: &[u8], found: &mut Vec<std::ops::Range<usize>>| {
                    let scanned = settings.engine.scan_blob(path, text, None);
                    found.extend(
                        scanned
                            .findings
                            .iter()
                            .map(|f| f.location.byte_start..f.location.byte_end),
                    );
                };
                let stats = keylint_input::git::history(
                    repo,
                    &options,
                    Some(&path_key),
                    Some(&prescan),
                    &progress,
                    visit,
                );
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
    // One root at a time, so each file's place on disk is known to the key check; a file under
    // two roots is read under the first.
    let seen = keylint_input::SeenFiles::of_roots(paths);
    for root in paths {
        let is_dir = root.is_dir();
        // The walk's paths are key paths; the key check names files by display path, which
        // is also where they are on disk.
        let Ok(root_key) = keylint_input::root_key(root, settings.walk.config_dir.as_deref())
        else {
            // Its paths have no key: the walk reports it as unread input.
            keylint_input::walk_once(std::slice::from_ref(root), &settings.walk, &seen, |event| {
                collector.record(settings, event);
            })
            .map_err(|e| miette::miette!("{e}"))?;
            continue;
        };
        let visit = |event: Event| {
            if let Event::Blob(blob) = &event {
                if !keys.settings.skips(&blob.path) {
                    let shown = collector.paths.display(&blob.path);
                    keys.gather.add(&shown, Path::new(&shown), &blob.bytes);
                }
            }
            collector.record(settings, event);
        };
        // The walk honours .gitignore, but the .env files it ignores are the ones that hold
        // the real values: list them meanwhile (a walk that reads nothing) and read them after.
        let ignored_env = std::thread::scope(|scope| {
            let listing = (is_dir && settings.walk.respect_gitignore)
                .then(|| scope.spawn(|| keylint_dotenv::discover::env_files(root)));
            let walked =
                keylint_input::walk_once(std::slice::from_ref(root), &settings.walk, &seen, visit);
            let listed = listing.map_or(Ok(Vec::new()), |l| ignored_env_files(l.join()));
            walked.map(|()| listed)
        })
        .map_err(|e| miette::miette!("{e}"))?;
        let ignored_env = ignored_env.unwrap_or_else(|reason| {
            // Not listed: the key check may miss real values. Unread input, never clean.
            lock(&collector.errors).push(Skipped {
                path: collector.paths.display(&root_key),
                reason,
            });
            Vec::new()
        });
        for path in ignored_env.into_iter().filter(|p| seen.first_time(p)) {
            let key =
                keylint_input::key_join(&root_key, &keylint_keys::walk::relative(root, &path));
            if !keys.settings.skips(&key) {
                keys.gather
                    .add_unseen(&collector.paths.display(&key), &path);
            }
        }
    }
    Ok(SourceFacts::default())
}

/// The git-ignored `.env` files a listing thread found, or why there are none: an error or a
/// panicked thread is a reason, never an empty list.
fn ignored_env_files<E: std::fmt::Display>(
    joined: std::thread::Result<Result<Vec<PathBuf>, E>>,
) -> Result<Vec<PathBuf>, String> {
    match joined {
        Ok(Ok(listed)) => Ok(listed),
        Ok(Err(e)) => Err(format!(
            "cannot list the git-ignored .env files for the key check: {e}"
        )),
        Err(_) => Err(
            "cannot list the git-ignored .env files for the key check: the listing failed"
                .to_owned(),
        ),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_listing_of_ignored_env_files_is_a_reason_not_an_empty_list() {
        let listed = vec![PathBuf::from("a/.env")];
        assert_eq!(
            ignored_env_files::<std::io::Error>(Ok(Ok(listed.clone()))),
            Ok(listed)
        );
        let error = std::io::Error::other("disk on fire");
        let said = ignored_env_files(Ok(Err(error))).unwrap_err();
        assert!(said.contains("disk on fire"), "{said}");
        let panicked = std::thread::spawn(|| -> Result<Vec<PathBuf>, std::io::Error> {
            std::panic::resume_unwind(Box::new("boom"))
        })
        .join();
        assert!(ignored_env_files(panicked).is_err());
    }
}
