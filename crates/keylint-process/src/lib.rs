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

/// mimalloc's option `purge_delay`: how long freed memory stays with the process. Its position
/// in `mi_option_t`, the same in mimalloc 2 and 3; libmimalloc-sys names no constant for it
/// (`MIMALLOC_PURGE_DELAY` sets the same option).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes mimalloc give memory back to the system as soon as it is free, not after its purge
/// delay (a second in the mimalloc linked). A history audit frees large text buffers on several
/// threads all the time: with the delay, peak memory held 60-70 MB of freed pages
/// (bitnami/charts' full history: 321 MB peak, 259 MB without it, no slower). Called from the
/// main thread before a command starts any thread.
///
/// keylint's second use of `unsafe`, reviewed: mimalloc has no safe setter.
#[allow(unsafe_code)]
pub fn return_freed_memory_at_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `mi_option_set` stores an integer in mimalloc's option table, for an option
        // that exists in the mimalloc this crate links (checked by
        // `purge_delay_is_the_option_set`); 0 is a valid value for it (purge at once). It runs
        // once (`Once`), before the command starts its threads, so no allocation reads the
        // option while it is written.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    });
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

#[cfg(test)]
mod tests {
    #[allow(unsafe_code)]
    fn option(option: libmimalloc_sys::mi_option_t) -> std::ffi::c_long {
        // SAFETY: reads mimalloc's option table (atomics).
        unsafe { libmimalloc_sys::mi_option_get(option) }
    }

    /// The option set is the one `MIMALLOC_PURGE_DELAY` sets (checked in a second run of this
    /// test with the variable set: mimalloc reads it when the process starts), and it is set.
    #[test]
    fn purge_delay_is_the_option_set() {
        const NAME: &str = "tests::purge_delay_is_the_option_set";
        if let Some(value) = std::env::var_os("MIMALLOC_PURGE_DELAY") {
            let value: std::ffi::c_long = value.to_str().unwrap().parse().unwrap();
            assert_eq!(option(super::MI_OPTION_PURGE_DELAY), value);
            return;
        }
        let run = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", NAME, "--test-threads=1"])
            .env("MIMALLOC_PURGE_DELAY", "777")
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success() && out.contains("1 passed"), "{out}");
        super::return_freed_memory_at_once();
        assert_eq!(option(super::MI_OPTION_PURGE_DELAY), 0);
    }
}
