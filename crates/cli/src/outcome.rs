//! The one place where results become exit codes.

use std::process::ExitCode;

use keylint_core::Severity;

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
    /// What a run's results decide: anything at or above `fail_on` among `severities` (of its
    /// findings or problems) fails it; else `errors` (paths it could not read) make it an error,
    /// since an incomplete run is never reported as clean; else it is clean.
    pub fn decide(
        severities: impl IntoIterator<Item = Severity>,
        errors: usize,
        fail_on: Severity,
    ) -> Outcome {
        if severities.into_iter().any(|s| s >= fail_on) {
            Outcome::Findings
        } else if errors > 0 {
            Outcome::Error
        } else {
            Outcome::Clean
        }
    }

    /// `--exit-zero`: failing results are reported, and the run exits 0 (errors still exit 2).
    #[must_use]
    pub fn exit_zero(self, exit_zero: bool) -> Outcome {
        match self {
            Outcome::Findings if exit_zero => Outcome::Clean,
            other => other,
        }
    }

    /// For the runs where an error outweighs findings (a hook blocks on what it could not
    /// check; `env --diff` writes nothing): `errors` make it an error whatever was found.
    #[must_use]
    pub fn errors_first(self, errors: usize) -> Outcome {
        if errors > 0 { Outcome::Error } else { self }
    }

    /// The process exit code: 0 clean, 1 findings, 2 error.
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Error => 2,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_results_outweigh_errors_and_errors_are_never_clean() {
        let high = [Severity::Low, Severity::High];
        assert_eq!(Outcome::decide(high, 3, Severity::High), Outcome::Findings);
        assert_eq!(Outcome::decide(high, 3, Severity::Critical), Outcome::Error);
        assert_eq!(Outcome::decide(high, 0, Severity::Critical), Outcome::Clean);
        assert_eq!(
            Outcome::decide(high, 0, Severity::High).exit_zero(true),
            Outcome::Clean
        );
        assert_eq!(
            Outcome::decide(high, 1, Severity::Critical).exit_zero(true),
            Outcome::Error
        );
        assert_eq!(
            Outcome::decide(high, 1, Severity::High).errors_first(1),
            Outcome::Error
        );
    }
}
