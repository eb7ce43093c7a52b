//! The scan `scan`, `baseline create`, the hooks and `fix` run: settings resolved from the
//! config and the flags, handed to keylint-pipeline; the warnings it returns and a history
//! audit's progress bar shown on stderr.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use keylint_core::Finding;
use keylint_input::git::HistoryProgress;
use keylint_pipeline::{CustomSource, EnvInScan, Plan, Scanned};
use keylint_report::Summary;

use crate::args::{GlobalArgs, Source};
use crate::output::plural;
use crate::settings::env::in_scan;
use crate::settings::keys::keys_settings;
use crate::settings::load_config;
use crate::settings::scan::{ScanFlags, ScanSettings, scan_settings, walk_options};

/// Everything a scan produced.
pub struct ScanResult {
    pub settings: ScanSettings,
    pub findings: Vec<Finding>,
    /// .env checks (medium and above) run on the `.env` files of a tree scan.
    pub diagnostics: Vec<keylint_core::Diagnostic>,
    pub summary: Summary,
    /// The config file used, as shown (none: built-in defaults).
    pub config: Option<String>,
    /// The display path of each key path (see [`keylint_input::PathMap`]).
    pub paths: keylint_input::PathMap,
}

impl ScanResult {
    /// Rewrites every path of the findings, diagnostics and summary from its key path (what
    /// baselines and fingerprints use) to its display path (what people read, relative to the
    /// current directory): done once, at the report boundary.
    pub fn show_paths(&mut self) {
        if self.paths.is_identity() {
            return;
        }
        let paths = &self.paths;
        for finding in &mut self.findings {
            finding.location.path = paths.display(&finding.location.path);
        }
        for diagnostic in &mut self.diagnostics {
            diagnostic.path = paths.display(&diagnostic.path);
        }
        for skipped in self
            .summary
            .skipped
            .iter_mut()
            .chain(&mut self.summary.errors)
        {
            skipped.path = paths.display(&skipped.path);
        }
    }

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

/// Reads the source a request names, scans it and returns sorted findings (baseline applied),
/// diagnostics and the summary; shows the source's warnings on stderr.
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
    let loaded = load_config(global, root)?;
    let walk = walk_options(&loaded, root, flags, writing)?;
    let env = if loaded.config.env.in_scan == Some(false) {
        None
    } else {
        let (settings, prefixes) = in_scan(&loaded)?;
        Some(EnvInScan { settings, prefixes })
    };
    let keys = if keys
        && custom.is_none()
        && source.is_tree()
        && loaded.config.keys.in_scan != Some(false)
    {
        Some(keys_settings(&loaded, &[], &flags.exclude)?.with_env_files_linted(env.is_some()))
    } else {
        None
    };
    let plan = Plan {
        source,
        custom,
        walk: &walk,
        env,
        keys,
        progress: show_progress.then_some(&progress_bar),
        started,
    };
    let Scanned {
        settings,
        findings,
        diagnostics,
        summary,
        warnings_shown,
        paths,
    } = keylint_pipeline::scan(plan, || scan_settings(&loaded, root, flags, writing))?;
    for warning in warnings_shown {
        eprintln!("warning: {warning}");
    }
    Ok(ScanResult {
        settings,
        findings,
        diagnostics,
        summary,
        config: loaded.source.as_ref().map(|s| s.name.clone()),
        paths,
    })
}

/// Draws commits, blobs, throughput and an estimate on stderr until `done`.
fn progress_bar(progress: &HistoryProgress, done: &AtomicBool) {
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
