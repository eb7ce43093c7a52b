//! `keylint scan`: walk (or read stdin), scan every blob in parallel, report, decide the outcome.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use keylint_core::Finding;
use keylint_input::{Blob, Event, SkipReason};
use keylint_report::{RenderOptions, Skipped, Summary};
use miette::{Context as _, IntoDiagnostic as _};

use crate::app::Outcome;
use crate::app::args::{Format, GlobalArgs, ScanArgs};
use crate::app::settings::{self, LoadedConfig, ScanSettings};

/// Collects results from the walker's threads.
#[derive(Default)]
struct Collector {
    findings: Mutex<Vec<Finding>>,
    skipped: Mutex<Vec<Skipped>>,
    errors: Mutex<Vec<Skipped>>,
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
}

impl Collector {
    fn scan_blob(&self, settings: &ScanSettings, blob: &Blob) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(blob.bytes.len() as u64, Ordering::Relaxed);
        let found = settings.engine.scan(&blob.path, &blob.bytes);
        if !found.is_empty() {
            lock(&self.findings).extend(found);
        }
    }

    fn record(&self, settings: &ScanSettings, event: Event) {
        match event {
            Event::Blob(blob) => self.scan_blob(settings, &blob),
            Event::Skipped {
                reason: SkipReason::Binary,
                ..
            } => {
                self.binary.fetch_add(1, Ordering::Relaxed);
            }
            // Excluded on purpose: not worth a line in the summary.
            Event::Skipped {
                reason: SkipReason::Excluded,
                ..
            } => {}
            Event::Skipped { path, reason } => {
                let reason = match reason {
                    SkipReason::TooLarge(size) => format!(
                        "larger than the {} limit ({} bytes; raise --max-file-size to scan it)",
                        keylint_core::config::ByteSize(settings.walk.max_file_size),
                        size
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

/// Runs `keylint scan`.
pub fn run(global: &GlobalArgs, args: &ScanArgs) -> miette::Result<Outcome> {
    let started = Instant::now();
    let first = args.paths.first().map_or(Path::new("."), |p| p.as_path());
    let config_start = if first == Path::new("-") {
        Path::new(".")
    } else {
        first
    };
    let loaded = LoadedConfig::load(global, config_start)?;
    let settings = settings::scan_settings(&loaded, args)?;
    let collector = Collector::default();

    let (stdin, paths): (Vec<_>, Vec<_>) = args.paths.iter().partition(|p| p.as_os_str() == "-");
    if !stdin.is_empty() {
        let blob = keylint_input::read_stdin(&args.stdin_path)
            .into_diagnostic()
            .wrap_err("cannot read stdin")?;
        if keylint_input::is_binary(&blob.bytes) {
            collector.binary.fetch_add(1, Ordering::Relaxed);
        } else {
            collector.scan_blob(&settings, &blob);
        }
    }
    let paths: Vec<_> = paths.into_iter().cloned().collect();
    if !paths.is_empty() {
        keylint_input::walk(&paths, &settings.walk, |event| {
            collector.record(&settings, event);
        })
        .map_err(|e| miette::miette!("{e}"))?;
    }

    let mut findings = collector
        .findings
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    findings.sort_by(|a, b| {
        a.location
            .cmp(&b.location)
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
    let mut summary = Summary {
        files_scanned: collector.files.into_inner(),
        bytes_scanned: collector.bytes.into_inner(),
        binary_skipped: collector.binary.into_inner(),
        skipped: collector
            .skipped
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        errors: collector
            .errors
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        duration_ms: started.elapsed().as_millis() as u64,
    };
    summary.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    summary.errors.sort_by(|a, b| a.path.cmp(&b.path));

    let options = RenderOptions {
        show_secrets: args.show_secrets,
        color: args.output.is_none() && colored::control::SHOULD_COLORIZE.should_colorize(),
        fail_on: Some(settings.fail_on),
    };
    let document = match args.format {
        Format::Human => keylint_report::human::render(&findings, &summary, &options),
        Format::Json => keylint_report::json::render(&findings, &summary, &options),
    };
    emit(args.output.as_deref(), &document)?;

    let failing = findings.iter().any(|f| f.severity >= settings.fail_on);
    Ok(if !summary.errors.is_empty() && !failing {
        // An incomplete scan is never reported as clean.
        eprintln!(
            "error: {} path{} could not be read; the scan is incomplete (exclude them with --exclude or [scan] exclude)",
            summary.errors.len(),
            if summary.errors.len() == 1 { "" } else { "s" }
        );
        Outcome::Error
    } else if failing && !args.exit_zero {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Writes the report to `output`, or stdout.
pub fn emit(output: Option<&Path>, document: &str) -> miette::Result<()> {
    use std::io::Write as _;
    if let Some(path) = output {
        std::fs::write(path, document)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write {}", path.display()))
    } else {
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(document.as_bytes())
            .and_then(|()| stdout.flush())
        {
            // A closed pipe (`keylint scan | head`) is the reader's choice, not our error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.into_diagnostic().wrap_err("cannot write to stdout"),
        }
    }
}
