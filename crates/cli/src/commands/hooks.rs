//! Git hooks: `keylint hook pre-commit|pre-push` (the checks the hook scripts and the pre-commit
//! framework run) and `keylint hooks install|uninstall|status` (native hooks in git's hooks
//! directory). What they read, say and write is keylint-hooks'; this is the glue.

mod check;

use keylint_hooks::install::{self, HooksDir};

use crate::args::{GlobalArgs, HookCommand, HooksCommand};
use crate::outcome::Outcome;
use crate::output::emit;

/// Runs `keylint hooks …`.
pub fn manage(command: &HooksCommand) -> miette::Result<Outcome> {
    let dir = HooksDir::find()?;
    match command {
        HooksCommand::Install { pre_push, force } => {
            if let Some(configured) = &dir.hooks_path_config {
                eprintln!(
                    "note: core.hooksPath is set ({configured}): installing in {}",
                    dir.path.display()
                );
            }
            install::install(&dir, *pre_push, *force, &mut |name, target, state| {
                eprintln!("{name}: {state} → {}", target.display());
            })?;
        }
        HooksCommand::Uninstall => {
            install::uninstall(&dir, &mut |name, state| eprintln!("{name}: {state}"))?;
        }
        HooksCommand::Status => emit(None, &install::status(&dir))?,
    }
    Ok(Outcome::Clean)
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
