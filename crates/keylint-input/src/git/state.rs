//! What git says about files in a work tree, through libgit2: tracked or ignored, the last
//! commit that touched a file, where hooks live.
//!
//! These questions used to be asked of the `git` command in the scanned tree, which obeys that
//! tree's config: `core.fsmonitor`, `log.showSignature` with `gpg.program`, a pager … each a
//! command a hostile repository chooses. libgit2 runs none of them (no fsmonitor, no filter or
//! textconv driver, no pager, no hook, no signature check).
//!
//! Each file is looked up in the innermost repository around it, so a vendored repository nested
//! in the scanned tree answers for its own files, as git itself would.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::Repository;

/// What git says about one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathState {
    /// The index holds it (`git ls-files` lists it).
    pub tracked: bool,
    /// Untracked and matched by an ignore rule (`git check-ignore` reports it).
    pub ignored: bool,
}

/// The last commit that changed a file (`git log -1 -- file`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastCommit {
    /// The abbreviated id of the last commit that changed it.
    Committed(String),
    /// The file is in a work tree but no commit holds it (or there is no commit yet).
    Never,
}

/// The directory holding `path`, `.` for a bare file name.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The repository around `dir` with a work tree, and `dir` relative to that work tree (`/`
/// separators, empty at its root).
fn open_around(dir: &Path) -> Option<(Repository, String)> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let repo = Repository::discover(&dir).ok()?;
    let top = std::fs::canonicalize(repo.workdir()?).ok()?;
    let relative = relative_to(&top, &dir)?;
    Some((repo, relative))
}

/// `path` relative to `top`, `/`-separated; `None` when it is not under `top`.
fn relative_to(top: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(top).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// `name` inside the directory `dir` (both relative to the work tree).
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// The state of `rel` in `repo`, whose index is `index`.
fn state_in(repo: &Repository, index: Option<&git2::Index>, rel: &str) -> PathState {
    let tracked = index
        .is_some_and(|index| (0..=3).any(|stage| index.get_path(Path::new(rel), stage).is_some()));
    let ignored = !tracked && repo.is_path_ignored(Path::new(rel)).unwrap_or(false);
    PathState { tracked, ignored }
}

/// Whether git tracks `path` and whether an ignore rule matches it; `None` outside a work tree.
/// A symbolic link is judged as itself (the link's name), not as its target: ask again with the
/// resolved path for the target.
pub fn path_state(path: &Path) -> Option<PathState> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let (repo, dir) = open_around(parent_dir(path))?;
    let index = repo.index().ok();
    Some(state_in(&repo, index.as_ref(), &join(&dir, &name)))
}

/// [`path_state`] of many files, each repository opened once. Files outside any work tree are
/// left out of the map.
pub fn path_states(paths: &[PathBuf]) -> HashMap<PathBuf, PathState> {
    // Each opened repository: its work tree (canonical), itself, its index.
    let mut repos: Vec<(PathBuf, Repository, Option<git2::Index>)> = Vec::new();
    // The repository of each directory seen, and the directory relative to its work tree.
    let mut repo_of: HashMap<PathBuf, Option<(usize, String)>> = HashMap::new();
    let mut out = HashMap::new();
    for path in paths {
        let Some(name) = path.file_name() else {
            continue;
        };
        let dir = parent_dir(path);
        let found = repo_of
            .entry(dir.to_path_buf())
            .or_insert_with(|| repository_of(dir, &mut repos))
            .clone();
        let Some((at, rel)) = found else {
            continue;
        };
        let (_, repo, index) = &repos[at];
        let state = state_in(repo, index.as_ref(), &join(&rel, &name.to_string_lossy()));
        out.insert(path.clone(), state);
    }
    out
}

/// The repository around `dir` among `repos` (opened and added when new), and `dir` relative to
/// its work tree. A repository already open is found by walking up from `dir` to its work tree
/// with no `.git` in between (a nested repository), without opening anything.
fn repository_of(
    dir: &Path,
    repos: &mut Vec<(PathBuf, Repository, Option<git2::Index>)>,
) -> Option<(usize, String)> {
    let canonical = std::fs::canonicalize(dir).ok()?;
    for ancestor in canonical.ancestors() {
        if let Some(at) = repos.iter().position(|(top, _, _)| top == ancestor) {
            return Some((at, relative_to(ancestor, &canonical)?));
        }
        if ancestor.join(".git").symlink_metadata().is_ok() {
            break;
        }
    }
    let (repo, rel) = open_around(&canonical)?;
    let top = std::fs::canonicalize(repo.workdir()?).ok()?;
    let index = repo.index().ok();
    repos.push((top, repo, index));
    Some((repos.len() - 1, rel))
}

/// The last commit reachable from HEAD that changed `path` (added, modified or deleted it);
/// `None` outside a work tree.
pub fn last_commit(path: &Path) -> Option<LastCommit> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let (repo, dir) = open_around(parent_dir(path))?;
    let rel = PathBuf::from(join(&dir, &name));
    let Ok(head) = repo.head() else {
        // An unborn HEAD: nothing was ever committed.
        return Some(LastCommit::Never);
    };
    let Some(head) = head.target() else {
        return Some(LastCommit::Never);
    };
    let mut walk = repo.revwalk().ok()?;
    walk.set_sorting(git2::Sort::TIME).ok()?;
    walk.push(head).ok()?;
    let entry_at = |commit: &git2::Commit<'_>| {
        commit
            .tree()
            .ok()
            .and_then(|tree| tree.get_path(&rel).ok())
            .map(|entry| (entry.id(), entry.filemode()))
    };
    for id in walk {
        let Ok(commit) = id.and_then(|id| repo.find_commit(id)) else {
            continue;
        };
        let here = entry_at(&commit);
        let parents: Vec<_> = commit.parents().map(|p| entry_at(&p)).collect();
        // Like git's history simplification: a commit changed the file when it differs from
        // every parent (a merge that took one side unchanged did not).
        let changed = if parents.is_empty() {
            here.is_some()
        } else {
            parents.iter().all(|p| *p != here)
        };
        if changed {
            let short = commit
                .as_object()
                .short_id()
                .ok()
                .and_then(|b| b.as_str().ok().map(str::to_owned))
                .unwrap_or_else(|| commit.id().to_string()[..7].to_owned());
            return Some(LastCommit::Committed(short));
        }
    }
    Some(LastCommit::Never)
}

/// Where git runs `repo`'s hooks from: `core.hooksPath` when set (relative to the work tree, `~`
/// expanded), else `hooks` in the common git directory (shared by linked worktrees); with the
/// configured value when there is one.
pub fn hooks_dir(repo: &Repository) -> (PathBuf, Option<String>) {
    let configured = repo
        .config()
        .ok()
        .and_then(|c| c.get_string("core.hooksPath").ok())
        .filter(|s| !s.is_empty());
    let Some(value) = configured else {
        return (repo.commondir().join("hooks"), None);
    };
    let expanded = match value.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME").map_or_else(
            || PathBuf::from(&value),
            |home| PathBuf::from(home).join(rest),
        ),
        None => PathBuf::from(&value),
    };
    let path = if expanded.is_absolute() {
        expanded
    } else {
        repo.workdir().unwrap_or_else(|| repo.path()).join(expanded)
    };
    (path, Some(value))
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Ada")
            .env("GIT_AUTHOR_EMAIL", "ada@example.org")
            .env("GIT_COMMITTER_NAME", "Ada")
            .env("GIT_COMMITTER_EMAIL", "ada@example.org")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    #[test]
    fn tracked_ignored_and_nested_repositories() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q"]);
        std::fs::write(root.join(".gitignore"), ".env\n").unwrap();
        std::fs::write(root.join(".env"), "A=1\n").unwrap();
        std::fs::write(root.join(".env.example"), "A=\n").unwrap();
        std::fs::create_dir(root.join("vendor")).unwrap();
        git(&root.join("vendor"), &["init", "-q"]);
        std::fs::write(root.join("vendor/.env"), "B=1\n").unwrap();
        git(root, &["add", ".gitignore", ".env.example"]);
        git(&root.join("vendor"), &["add", ".env"]);
        let paths = [
            root.join(".env"),
            root.join(".env.example"),
            root.join("vendor/.env"),
        ];
        let states = path_states(&paths);
        let state = |p: &Path| states.get(p).copied();
        let both = |tracked, ignored| Some(PathState { tracked, ignored });
        assert_eq!(state(&paths[0]), both(false, true));
        assert_eq!(state(&paths[1]), both(true, false));
        // The vendored repository answers for its own file, although `.env` is ignored above.
        assert_eq!(state(&paths[2]), both(true, false));
        assert_eq!(path_state(&paths[2]), both(true, false));
        let outside = tempfile::tempdir().unwrap();
        assert_eq!(path_state(&outside.path().join(".env")), None);
    }

    #[test]
    fn last_commit_that_changed_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q"]);
        let file = root.join("a.txt");
        assert_eq!(last_commit(&file), Some(LastCommit::Never));
        std::fs::write(&file, "1\n").unwrap();
        git(root, &["add", "a.txt"]);
        git(root, &["commit", "-qm", "one"]);
        std::fs::write(root.join("b.txt"), "2\n").unwrap();
        git(root, &["add", "b.txt"]);
        git(root, &["commit", "-qm", "two"]);
        let Some(LastCommit::Committed(id)) = last_commit(&file) else {
            panic!("a.txt was committed");
        };
        let out = Command::new("git")
            .current_dir(root)
            .args(["rev-parse", "HEAD~1"])
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).starts_with(&id));
        assert_eq!(last_commit(&root.join("c.txt")), Some(LastCommit::Never));
    }
}
