//! The `.env` checks and the key-consistency check as the commands other than their own run
//! them: `keylint scan` on the `.env` files of a tree, `keylint env` beside its `.env` checks.

use std::path::Path;

use globset::GlobMatcher;
use keylint_core::{Diagnostic, Severity};
use keylint_dotenv::{Counterpart, FileContext, Settings};
use keylint_keys::Report;
use keylint_report::shown_path;

/// `[env] required-prefixes` and `[env.prefixes]`, compiled: the value prefixes a `.env` file
/// must use, by path.
pub struct PrefixPolicy {
    default: Vec<String>,
    by_glob: Vec<(GlobMatcher, Vec<String>)>,
}

impl PrefixPolicy {
    /// Prefixes `default` everywhere but in the files a glob of `by_glob` matches (the first
    /// that matches decides).
    pub fn new(default: Vec<String>, by_glob: Vec<(GlobMatcher, Vec<String>)>) -> PrefixPolicy {
        PrefixPolicy { default, by_glob }
    }

    /// Prefixes required in the file at `path`.
    pub fn for_path(&self, path: &str) -> Vec<String> {
        self.by_glob
            .iter()
            .find(|(m, _)| m.is_match(path))
            .map_or_else(|| self.default.clone(), |(_, p)| p.clone())
    }
}

/// Lowest severity of the key problems that `keylint scan` and `keylint env` report: the
/// rotation hazards and overrides (`low`) are `keylint keys`' business.
pub const IN_OTHER_COMMANDS_MIN: Severity = Severity::Medium;

/// The problems of `report` that `keylint scan` and `keylint env` show, as lint diagnostics:
/// [`IN_OTHER_COMMANDS_MIN`] and above, without the places in `.env` files of short secrets and
/// unreadable `LIVEKIT_KEYS` entries, which the `.env` linter reports itself when `env_linted`.
pub fn as_diagnostics(report: &Report, env_linted: bool) -> Vec<keylint_core::Diagnostic> {
    report
        .problems
        .iter()
        .filter(|p| p.severity >= IN_OTHER_COMMANDS_MIN)
        .filter_map(|p| {
            if env_linted && matches!(p.code, "short-secret" | "livekit-keys-syntax") {
                let mut rest = p.clone();
                rest.sites.retain(|s| {
                    let name = s.path.rsplit('/').next().unwrap_or(&s.path);
                    !keylint_dotenv::keys::is_env_file_name(name)
                });
                return (!rest.sites.is_empty()).then(|| rest.to_diagnostic());
            }
            Some(p.to_diagnostic())
        })
        .collect()
}

/// Everything known about one file besides its content.
pub fn file_context(path: &Path, display: String, prefixes: &PrefixPolicy) -> FileContext {
    let mut ctx = FileContext::new(display);
    ctx.required_prefixes = prefixes.for_path(&ctx.path);
    if let Some(other) = keylint_dotenv::discover::counterpart(path) {
        let limit = keylint_input::DEFAULT_MAX_FILE_SIZE;
        if let Ok(bytes) = keylint_core::file::read_regular_at_most(&other, limit) {
            let (text, _) = keylint_dotenv::parser::decode(&bytes);
            let file = keylint_dotenv::parser::EnvFile::parse(&text);
            ctx.counterpart = Some(Counterpart {
                path: shown_path(&other),
                keys: file.entries().map(|e| file.key(e).to_owned()).collect(),
            });
        }
    }
    ctx
}

/// What git says of a file, as the env checks take it.
pub fn git_state(state: keylint_input::git::state::PathState) -> keylint_dotenv::GitState {
    keylint_dotenv::GitState {
        tracked: state.tracked,
        ignored: state.ignored,
    }
}

/// Lints one file read by a scan when it is an env file (`[env] in-scan`, default on): `path`
/// is its key path (what the diagnostics carry), `on_disk` where it is from the current
/// directory (for git's view of it and its `.env.example`).
pub fn lint_in_scan(
    settings: &Settings,
    prefixes: &PrefixPolicy,
    (path, on_disk): (&str, &Path),
    bytes: &[u8],
) -> Vec<Diagnostic> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if !keylint_dotenv::keys::is_env_file_name(name) {
        return Vec::new();
    }
    let mut ctx = file_context(on_disk, path.to_owned(), prefixes);
    ctx.git = keylint_input::git::state::path_state(on_disk).map(git_state);
    keylint_dotenv::lint(bytes, &ctx, settings)
}

/// SARIF descriptions of the lint checks whose diagnostics a scan reports: the `.env` checks
/// and the key-consistency codes (`keys/…`).
pub fn check_docs() -> Vec<keylint_report::sarif::CheckMeta<'static>> {
    static KEYS_IDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        keylint_keys::CODES
            .iter()
            .map(|(code, _, _)| format!("{}{code}", keylint_keys::DIAGNOSTIC_PREFIX))
            .collect()
    });
    let env = keylint_dotenv::checks::CHECKS
        .iter()
        .map(|c| keylint_report::sarif::CheckMeta {
            id: c.code,
            summary: c.summary,
            severity: c.severity,
        });
    let keys =
        keylint_keys::CODES
            .iter()
            .zip(KEYS_IDS.iter())
            .map(
                |((_, severity, summary), id)| keylint_report::sarif::CheckMeta {
                    id,
                    summary,
                    severity: *severity,
                },
            );
    let verify = crate::verify::CODES.iter().map(|(id, severity, summary)| {
        keylint_report::sarif::CheckMeta {
            id,
            summary,
            severity: *severity,
        }
    });
    env.chain(keys).chain(verify).collect()
}
