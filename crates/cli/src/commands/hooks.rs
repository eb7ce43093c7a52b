//! Git hooks: `keylint hook pre-commit|pre-push` (the checks the hook scripts and the pre-commit
//! framework run) and `keylint hooks install|uninstall|status` (native hooks in git's hooks
//! directory).

mod check;
mod install;

use crate::args::{GlobalArgs, HookCommand, HooksCommand};
use crate::outcome::Outcome;

/// Runs `keylint hooks …`.
pub fn manage(command: &HooksCommand) -> miette::Result<Outcome> {
    match command {
        HooksCommand::Install { pre_push, force } => install::install(*pre_push, *force),
        HooksCommand::Uninstall => install::uninstall(),
        HooksCommand::Status => install::status(),
    }
}

/// Runs `keylint hook …`.
pub fn run(global: &GlobalArgs, command: &HookCommand) -> miette::Result<Outcome> {
    match command {
        HookCommand::PreCommit { files, tune } => check::pre_commit(global, files, tune),
        HookCommand::PrePush { remote, tune, .. } => {
            check::pre_push(global, remote.as_deref(), tune)
        }
    }
}

/// `KEYLINT_SKIP` set to anything but empty or `0`: the documented escape hatch.
fn skip_requested() -> bool {
    std::env::var_os("KEYLINT_SKIP").is_some_and(|v| !v.is_empty() && v != "0")
}
