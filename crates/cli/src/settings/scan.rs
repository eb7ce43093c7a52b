//! A scan's flags as keylint-pipeline's neutral [`ScanFlags`]; the pipeline resolves them with
//! the config ([`keylint_pipeline::settings`]).

use keylint_core::Severity;
pub use keylint_pipeline::settings::ScanFlags;

use crate::args::{HookTuning, SourceArgs};

/// The flags of `scan` and `baseline create` (`fail_on`: `scan --fail-on`).
pub fn from_args(args: &SourceArgs, fail_on: Option<Severity>) -> ScanFlags {
    ScanFlags {
        fail_on,
        baseline: args.baseline.clone(),
        max_file_size: args.max_file_size,
        exclude: args.exclude.exclude.clone(),
        disable: args.disable.clone(),
        only: args.only.clone(),
        no_generic: args.no_generic,
        no_ignore: args.no_ignore,
        follow_symlinks: args.follow_symlinks,
        threads: args.threads.map(threads_used),
        gitleaks_config: args.gitleaks_config.clone(),
        gitleaks_ignore: args.gitleaks_ignore.clone(),
    }
}

/// A hook's tunables (the pre-commit framework's `args:`); the config does the rest.
pub fn from_hook(tune: &HookTuning) -> ScanFlags {
    ScanFlags {
        fail_on: tune.gate.fail_on,
        baseline: tune.gate.baseline.clone(),
        max_file_size: tune.max_file_size,
        exclude: tune.exclude.exclude.clone(),
        disable: tune.disable.clone(),
        no_generic: tune.no_generic,
        ..ScanFlags::default()
    }
}

/// Most worker threads per core `-j` gets: more only wait for each other (and each git reader
/// opens the repository once more).
const THREADS_PER_CORE: usize = 4;

/// `-j asked` as run: at most [`THREADS_PER_CORE`] per core, lowered with a note on stderr
/// (clap already refused more than [`MAX_THREADS`](crate::args::MAX_THREADS)).
fn threads_used(asked: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let most = cores.saturating_mul(THREADS_PER_CORE);
    if asked <= most {
        return asked;
    }
    eprintln!(
        "note: -j {asked} is more than {THREADS_PER_CORE} threads per core ({cores} here): \
         using {most}"
    );
    most
}
