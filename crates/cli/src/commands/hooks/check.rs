//! `keylint hook pre-commit [FILES…]` and `keylint hook pre-push [REMOTE URL]`: the checks the
//! hook scripts and the pre-commit framework run. Quiet when clean; when not, the report (each
//! finding with its fix) and what to do next. A check that could not run blocks, saying why.

use std::fmt::Write as _;
use std::io::{BufRead as _, IsTerminal as _};
use std::path::{Path, PathBuf};

use keylint_input::git::{GitError, HistoryOptions, HistoryProgress};
use keylint_input::{Event, WalkOptions};
use keylint_pipeline::{CustomSource, SourceFacts};
use keylint_report::RenderOptions;

use super::skip_requested;
use crate::args::{GlobalArgs, HookTuning, Source};
use crate::collect::{Request, ScanResult, collect};
use crate::outcome::Outcome;
use crate::output::{color_for, emit};
use crate::settings::scan::ScanFlags;

/// Which hook is running: decides the wording of what comes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Commit,
    Push,
}

impl Stage {
    fn what(self) -> &'static str {
        match self {
            Stage::Commit => "commit",
            Stage::Push => "push",
        }
    }
}

/// `keylint hook pre-commit`: the staged version of `files` (every staged file when empty).
pub fn pre_commit(
    global: &GlobalArgs,
    files: &[PathBuf],
    tune: &HookTuning,
) -> miette::Result<Outcome> {
    if skip_requested() {
        eprintln!("keylint: KEYLINT_SKIP is set: the staged changes were NOT checked for secrets");
        return Ok(Outcome::Clean);
    }
    let only = (!files.is_empty()).then_some(files);
    let read = |walk: &WalkOptions, visit: &(dyn Fn(Event) + Sync)| {
        keylint_input::git::staged_paths(Path::new("."), only, walk.max_file_size, visit)
            .map(SourceFacts::from_staged)
            .map_err(git_error)
    };
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
        eprintln!("keylint: KEYLINT_SKIP is set: the pushed commits were NOT checked for secrets");
        return Ok(Outcome::Clean);
    }
    let plan = match push_plan(remote) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("keylint: cannot read what is being pushed: {e}");
            eprintln!("{}", blocked_by_error(Stage::Push));
            return Ok(Outcome::Error);
        }
    };
    if plan.tips.is_empty() {
        return Ok(Outcome::Clean);
    }
    let read =
        |walk: &WalkOptions, visit: &(dyn Fn(Event) + Sync)| -> miette::Result<SourceFacts> {
            let options = HistoryOptions {
                branches: Vec::new(),
                max_file_size: walk.max_file_size,
                threads: walk.threads,
                exclude: keylint_input::exclude_set(&walk.exclude)
                    .map_err(|e| miette::miette!("{e}"))?,
            };
            let stats = keylint_input::git::pushed(
                Path::new("."),
                &plan.tips,
                &plan.exclude,
                &options,
                &HistoryProgress::default(),
                visit,
            )
            .map_err(git_error)?;
            Ok(SourceFacts::from_history(stats, false))
        };
    let source = CustomSource {
        read: &read,
        small: false,
    };
    finish(global, tune, source, Stage::Push)
}

/// Commits to check: reachable from `tips`, not from `exclude`.
#[derive(Debug, Default)]
struct PushPlan {
    tips: Vec<String>,
    exclude: Vec<String>,
}

/// What is being pushed, from the pre-commit framework's variables or git's stdin
/// (`<local ref> <local oid> <remote ref> <remote oid>` per line).
fn push_plan(remote: Option<&str>) -> std::io::Result<PushPlan> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let remote = remote
        .map(str::to_owned)
        .or_else(|| var("PRE_COMMIT_REMOTE_NAME"));
    // Commits on the remote's tracking refs are already there: never re-check them.
    let remote_refs = match remote.as_deref() {
        Some(name) if !name.contains(['/', ':']) => format!("refs/remotes/{name}/*"),
        _ => "refs/remotes/*".to_owned(),
    };
    let mut plan = PushPlan::default();
    if let (Some(from), Some(to)) = (var("PRE_COMMIT_FROM_REF"), var("PRE_COMMIT_TO_REF")) {
        plan.tips.push(to);
        plan.exclude.push(from);
        return Ok(plan);
    }
    if let Some(branch) = var("PRE_COMMIT_LOCAL_BRANCH") {
        // pre-commit's "pushing a root commit" case: no range, everything not on the remote.
        plan.tips.push(branch);
        plan.exclude.push(remote_refs);
        return Ok(plan);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(plan);
    }
    for line in stdin.lock().lines() {
        let line = line?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [_local_ref, local_oid, _remote_ref, remote_oid] = fields[..] else {
            continue;
        };
        let zero = |oid: &str| oid.bytes().all(|b| b == b'0');
        if zero(local_oid) {
            continue; // a deletion sends no commits
        }
        plan.tips.push(local_oid.to_owned());
        if !zero(remote_oid) {
            plan.exclude.push(remote_oid.to_owned());
        }
    }
    if !plan.tips.is_empty() {
        plan.exclude.push(remote_refs);
    }
    Ok(plan)
}

/// The scan settings' `exclude` globs (config and `--exclude`), matched on repository paths.
#[allow(clippy::needless_pass_by_value)] // used as `map_err(git_error)`
fn git_error(e: GitError) -> miette::Report {
    let help = match e {
        GitError::Open { .. } => "run git (and keylint) from inside the repository's working tree",
        _ => e.hint(),
    };
    miette::miette!(help = help, "{e}")
}

/// Scans, prints the report and what to do next, and decides the outcome.
fn finish(
    global: &GlobalArgs,
    tune: &HookTuning,
    read: CustomSource<'_>,
    stage: Stage,
) -> miette::Result<Outcome> {
    let source = Source::Paths(vec![PathBuf::from(".")]);
    let flags = ScanFlags::from_hook(tune);
    let request = Request {
        custom: Some(read),
        ..Request::new(&source, &flags)
    };
    let ScanResult {
        settings,
        findings,
        summary,
        ..
    } = match collect(global, &request) {
        Ok(result) => result,
        Err(report) => {
            eprintln!("{report:?}");
            eprintln!("{}", blocked_by_error(stage));
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
        Outcome::Error => out.push_str(&blocked_by_error(stage)),
        Outcome::Findings => {
            let failing = findings
                .iter()
                .filter(|f| f.severity >= settings.fail_on)
                .count();
            out.push_str(&next_steps(stage, failing, &findings));
        }
        Outcome::Clean => {}
    }
    emit(None, &out)?;
    Ok(outcome)
}

/// What to do after a blocked commit or push.
fn next_steps(stage: Stage, failing: usize, findings: &[keylint_core::Finding]) -> String {
    let plural = if failing == 1 { "" } else { "s" };
    let mut out = String::new();
    match stage {
        Stage::Commit => {
            let _ = writeln!(
                out,
                "\n✗ commit blocked: {failing} secret{plural} in the staged changes (nothing was committed)."
            );
            let _ = writeln!(
                out,
                "  1. fix each one as shown above: the value goes to a gitignored .env or a secret manager"
            );
            let _ = writeln!(
                out,
                "  2. stage the fix (`git add <file>`) and commit again"
            );
        }
        Stage::Push => {
            let mut commits: Vec<&str> = findings
                .iter()
                .filter_map(|f| f.origin.as_ref())
                .map(|o| o.commit.get(..12).unwrap_or(&o.commit))
                .collect();
            commits.sort_unstable();
            commits.dedup();
            let _ = writeln!(
                out,
                "\n✗ push blocked: {failing} secret{plural} in the commits being pushed (nothing was pushed)."
            );
            let _ = writeln!(
                out,
                "  1. rotate each key now (see `rotate this key now` above): it is in your git history"
            );
            let _ = writeln!(
                out,
                "  2. remove it from the unpushed commits ({}): `git rebase -i <oldest of them>^`, edit, \
                 fix the file; or for the last commit only, fix it and `git commit --amend`",
                commits.join(", ")
            );
            let _ = writeln!(out, "  3. push again");
        }
    }
    let _ = writeln!(
        out,
        "  not a secret? add `keylint:allow` in a comment on that line (or the line before)"
    );
    // The one command that fixes it, next to the escape: for the files `fix` rewrites (an
    // env file is where the value belongs; it only has to leave git).
    let mut paths: Vec<&str> = findings
        .iter()
        .map(|f| f.location.path.as_str())
        .filter(|p| !keylint_dotenv::keys::is_env_file_name(p.rsplit('/').next().unwrap_or(p)))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let quoted: Vec<String> = paths
        .iter()
        .map(|p| {
            if p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/._-+@".contains(c))
            {
                (*p).to_owned()
            } else {
                format!("'{}'", p.replace('\'', r"'\''"))
            }
        })
        .collect();
    if !quoted.is_empty() {
        let _ = writeln!(
            out,
            "  to fix: keylint fix {} (moves each secret to .env and rewrites the code to read it)",
            quoted.join(" ")
        );
    }
    let _ = writeln!(
        out,
        "  last resort, if you are sure: KEYLINT_SKIP=1 git {} … (pre-commit framework: SKIP=keylint); \
         `git {} --no-verify` skips every hook",
        stage.what(),
        stage.what()
    );
    out
}

/// The closing words when keylint could not do its job: the hook blocks.
fn blocked_by_error(stage: Stage) -> String {
    format!(
        "\n✗ {what} blocked: keylint could not finish its check (see the error above), and an \
         unchecked {what} could leak a key.\n  fix the problem and retry; last resort, if you are \
         sure: KEYLINT_SKIP=1 git {what} …\n",
        what = stage.what()
    )
}
