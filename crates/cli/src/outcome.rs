//! The one place where results become exit codes.

use std::process::ExitCode;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the failing severity. Exit code 0.
    Clean,
    /// Findings at or above the failing severity. Exit code 1.
    Findings,
    /// keylint could not do its job (bad config, unreadable input …). Exit code 2. Never
    /// reported as clean.
    Error,
}

impl Outcome {
    /// The process exit code: 0 clean, 1 findings, 2 error.
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Error => 2,
        })
    }
}
