//! What keylint sets for the whole process: the allocator, the page size the scans prefer, and
//! the cleanup of temporary files on SIGINT/SIGTERM.

/// mimalloc instead of the system allocator: keylint makes many small short-lived allocations
/// from several threads (diagnostics, parsed lines, findings), where glibc's malloc spent a
/// quarter of `keylint env`'s instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for the rest of the process (Linux; elsewhere nothing).
///
/// mimalloc asks for huge pages: short runs full of small allocations (`keylint env` on a
/// problem-heavy tree) take a twentieth of the page faults and run 1.5x faster with them,
/// but a tree or history scan, which keeps file buffers alive on every thread, peaks with half
/// again as much memory for no speed gain (npm corpus 106 -> 180-198 MB, 10,000-commit history
/// 202 -> 265 MB). The scans call this first.
pub fn prefer_small_pages() {
    #[cfg(target_os = "linux")]
    {
        // A kernel without the flag only keeps the default: nothing to report.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

/// From now on, SIGINT and SIGTERM first remove the temporary files of a write in progress
/// (`keylint_core::file`: a full copy of a `.env` must not be left beside it), then end the
/// process as the signal would have. Called by the commands that write files; idempotent.
pub fn guard_temp_files() {
    #[cfg(unix)]
    {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            use signal_hook::consts::{SIGINT, SIGTERM};
            // Without the handler, a signal still ends the process (and may leave the file).
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Held until the process is gone: no new temporary file meanwhile.
                    let _removed = keylint_core::file::remove_live_temp_files();
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        });
    }
}
