//! The scan `scan`, `baseline create`, the hooks and `fix` run: the config loaded, the
//! settings resolved by keylint-pipeline from it and the flags, the scan run there; the
//! warnings it returns and a history audit's progress bar shown on stderr.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use keylint_input::git::HistoryProgress;
use keylint_pipeline::configure::{env_in_scan, keys_settings};
use keylint_pipeline::settings::{anchored_excludes, scan_settings, walk_options};
use keylint_pipeline::{CustomSource, Plan, Scanned};

use crate::args::{GlobalArgs, Source};
use crate::settings::scan::ScanFlags;
use crate::settings::{load_config, warn};

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
pub fn collect(global: &GlobalArgs, request: &Request<'_>) -> miette::Result<Scanned> {
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
        Some(env_in_scan(&loaded)?)
    };
    let keys = if keys
        && custom.is_none()
        && source.is_tree()
        && loaded.config.keys.in_scan != Some(false)
    {
        let excludes = anchored_excludes(&[root], loaded.dir().as_deref(), &flags.exclude);
        Some(keys_settings(&loaded, &[], &excludes)?.with_env_files_linted(env.is_some()))
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
    let scanned = keylint_pipeline::scan(plan, || {
        scan_settings(&loaded, root, flags, writing, &mut warn)
    })?;
    for warning in &scanned.warnings_shown {
        eprintln!("warning: {warning}");
    }
    Ok(scanned)
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
