//! `keylint hook pre-commit [FILES…]` and `keylint hook pre-push [REMOTE URL]`: the checks the
//! hook scripts and the pre-commit framework run. Quiet when clean; when not, the report (each
//! finding with its fix) and what to do next. A check that could not run blocks, saying why.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use keylint_hooks::source::{PushPlan, read_pushed, read_staged};
use keylint_hooks::{Stage, message, skip_requested};
use keylint_input::{Event, WalkOptions};
use keylint_pipeline::{CustomSource, Scanned};
use keylint_report::RenderOptions;

use crate::args::{GlobalArgs, HookTuning, Source};
use crate::collect::{Request, collect};
use crate::outcome::Outcome;
use crate::output::{color_for, emit};
use crate::settings::scan::from_hook;

/// `keylint hook pre-commit`: the staged version of `files` (every staged file when empty).
pub fn pre_commit(
    global: &GlobalArgs,
    files: &[PathBuf],
    tune: &HookTuning,
) -> miette::Result<Outcome> {
    if skip_requested() {
        eprintln!("{}", message::skipped(Stage::Commit));
        return Ok(Outcome::Clean);
    }
    let only = (!files.is_empty()).then_some(files);
    let read = |walk: &WalkOptions, visit: &(dyn Fn(Event) + Sync)| read_staged(only, walk, visit);
    let source = CustomSource {
        read: &read,
        small: true,
    };
    finish(global, tune, source, Stage::Commit)
}

/// `keylint hook pre-push`: the commits being pushed.
pub fn pre_push(
    global: &GlobalArgs,
    remote: Option<&str>,
    tune: &HookTuning,
) -> miette::Result<Outcome> {
    if skip_requested() {
        eprintln!("{}", message::skipped(Stage::Push));
        return Ok(Outcome::Clean);
    }
    let stdin = std::io::stdin();
    let mut input = (!stdin.is_terminal()).then(|| stdin.lock());
    let plan = match PushPlan::read(remote, input.as_mut().map(|i| i as _)) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("keylint: cannot read what is being pushed: {e}");
            eprintln!("{}", message::blocked_by_error(Stage::Push));
            return Ok(Outcome::Error);
        }
    };
    if plan.tips.is_empty() {
        return Ok(Outcome::Clean);
    }
    let read = |walk: &WalkOptions, visit: &(dyn Fn(Event) + Sync)| read_pushed(&plan, walk, visit);
    let source = CustomSource {
        read: &read,
        small: false,
    };
    finish(global, tune, source, Stage::Push)
}

/// Scans, prints the report and what to do next, and decides the outcome.
fn finish(
    global: &GlobalArgs,
    tune: &HookTuning,
    read: CustomSource<'_>,
    stage: Stage,
) -> miette::Result<Outcome> {
    let source = Source::Paths(vec![PathBuf::from(".")]);
    let flags = from_hook(tune);
    let request = Request {
        custom: Some(read),
        ..Request::new(&source, &flags)
    };
    let Scanned {
        settings,
        findings,
        summary,
        ..
    } = match collect(global, &request) {
        Ok(result) => result,
        Err(report) => {
            eprintln!("{report:?}");
            eprintln!("{}", message::blocked_by_error(stage));
            return Ok(Outcome::Error);
        }
    };
    if findings.is_empty() && summary.errors.is_empty() {
        return Ok(Outcome::Clean);
    }
    let options = RenderOptions {
        show_secrets: false,
        color: color_for(None),
        fail_on: Some(settings.fail_on),
    };
    let mut out = keylint_report::human::render(&findings, &summary, &options);
    // What could not be checked blocks, whatever else was found.
    let errors = summary.errors.len();
    let outcome = Outcome::decide(
        findings.iter().map(|f| f.severity),
        errors,
        settings.fail_on,
    )
    .errors_first(errors);
    match outcome {
        Outcome::Error => out.push_str(&message::blocked_by_error(stage)),
        Outcome::Findings => {
            let failing = findings
                .iter()
                .filter(|f| f.severity >= settings.fail_on)
                .count();
            out.push_str(&message::next_steps(stage, failing, &findings));
        }
        Outcome::Clean => {}
    }
    emit(None, &out)?;
    Ok(outcome)
}
