//! `keylint fix`: move the hardcoded secrets of Dart, TS/JS and docker-compose files into an
//! env file and rewrite the source to read the variable. The plan and the writes are
//! keylint-fix's; this command scans, shows, asks, and decides the outcome.

use std::io::IsTerminal as _;

use keylint_core::{Finding, Severity};
use keylint_fix::FixPlan;
use miette::{IntoDiagnostic as _, WrapErr as _};

use crate::args::{FixArgs, GlobalArgs};
use crate::collect::{Request, collect};
use crate::outcome::Outcome;
use crate::output::emit;
use crate::settings::fix::FixSettings;
use keylint_pipeline::settings::ScanFlags;

/// Runs `keylint fix`.
pub fn run(global: &GlobalArgs, args: &FixArgs) -> miette::Result<Outcome> {
    let fix = FixSettings::new(args)?;
    let can_ask = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !(args.dry_run || args.yes || can_ask) {
        return Err(miette::miette!(
            help = "run `keylint fix --dry-run` to see the changes, then `keylint fix --yes` to apply them",
            "keylint fix rewrites files: refusing without --yes when there is no terminal to confirm on"
        ));
    }
    let flags = ScanFlags::default();
    let mut result = collect(global, &Request::new(&fix.source, &flags))?;
    // The plan opens the files by their display paths, relative to the current directory.
    result.show_paths();
    fix.check_rules(&result.settings.engine)?;
    let findings: Vec<&Finding> = result
        .findings
        .iter()
        .filter(|f| fix.rules.is_empty() || fix.rules.contains(&f.rule_id))
        .collect();
    let plan = FixPlan::new(&args.paths, fix.env_file.as_deref(), &findings)?;
    let verb = if args.dry_run { "would move" } else { "moved" };
    let done = |plan: &FixPlan<'_>| {
        eprint!("{}", plan.summary(verb));
        outcome(plan.refused(), &result.summary)
    };
    if args.dry_run {
        emit(None, &plan.diff())?;
        return Ok(done(&plan));
    }
    if plan.is_empty() {
        return Ok(done(&plan));
    }
    if !args.yes {
        emit(None, &plan.diff())?;
        if !confirm()? {
            eprintln!("nothing written");
            return Ok(Outcome::Findings);
        }
    }
    keylint_process::guard_temp_files();
    plan.write()?;
    Ok(done(&plan))
}

/// 1 when findings are left (whatever their severity), 2 when the scan was incomplete, 0
/// otherwise.
fn outcome(refused: &[(&Finding, String)], summary: &keylint_report::Summary) -> Outcome {
    let errors = summary.errors.len();
    let outcome = Outcome::decide(
        refused.iter().map(|(f, _)| f.severity),
        errors,
        Severity::Info,
    );
    if outcome == Outcome::Error {
        eprintln!("error: {errors} path(s) could not be read; secrets in them were not looked for");
    }
    outcome
}

fn confirm() -> miette::Result<bool> {
    use std::io::Write as _;
    eprint!("apply these changes? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .into_diagnostic()
        .wrap_err("cannot read the answer")?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}
