//! What a hook reads: the staged version of files (pre-commit), the commits being pushed
//! (pre-push), and the push plan from the pre-commit framework's variables or git's stdin.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use keylint_input::git::{GitError, HistoryOptions, HistoryProgress};
use keylint_input::{Event, WalkOptions};
use keylint_pipeline::SourceFacts;

/// Reads the staged version of `only` (every staged file when `None`) in the repository of the
/// current directory.
///
/// # Errors
/// When the repository or its index cannot be read.
pub fn read_staged(
    only: Option<&[PathBuf]>,
    walk: &WalkOptions,
    visit: &(dyn Fn(Event) + Sync),
) -> miette::Result<SourceFacts> {
    keylint_input::git::staged_paths(Path::new("."), only, walk.max_file_size, visit)
        .map(SourceFacts::from_staged)
        .map_err(git_error)
}

/// Reads what `plan` pushes from the repository of the current directory: the commits
/// reachable from its tips and not from its exclusions.
///
/// # Errors
/// When an exclude glob is invalid, or the repository or a commit cannot be read.
pub fn read_pushed(
    plan: &PushPlan,
    walk: &WalkOptions,
    visit: &(dyn Fn(Event) + Sync),
) -> miette::Result<SourceFacts> {
    let options = HistoryOptions {
        branches: Vec::new(),
        max_file_size: walk.max_file_size,
        threads: walk.threads,
        exclude: keylint_input::exclude_set(&walk.exclude).map_err(|e| miette::miette!("{e}"))?,
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
}

/// A git error with the help line people need in a hook.
#[allow(clippy::needless_pass_by_value)] // used as `map_err(git_error)`
fn git_error(e: GitError) -> miette::Report {
    let help = match e {
        GitError::Open { .. } => "run git (and keylint) from inside the repository's working tree",
        _ => e.hint(),
    };
    miette::miette!(help = help, "{e}")
}

/// Commits to check: reachable from `tips`, not from `exclude`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PushPlan {
    /// What is pushed (object ids or ref names).
    pub tips: Vec<String>,
    /// What the remote already has (object ids, ref names or ref globs).
    pub exclude: Vec<String>,
}

impl PushPlan {
    /// What is being pushed to `remote`, from the pre-commit framework's variables, else from
    /// git's pre-push input (`<local ref> <local oid> <remote ref> <remote oid>` per line),
    /// when there is one (`None` when stdin is a terminal).
    ///
    /// # Errors
    /// When `input` cannot be read.
    pub fn read(remote: Option<&str>, input: Option<&mut dyn BufRead>) -> std::io::Result<Self> {
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
        let Some(input) = input else {
            return Ok(plan);
        };
        for line in input.lines() {
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
}
