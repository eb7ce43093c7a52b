use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use git2::{Delta, DiffFindOptions, Index, Oid, Repository, RepositoryState, Tree};

use super::objects::check_object;
use super::{GitError, added_lines, diff_options, diff_path, emit_blob, is_file, open};
use crate::blob::{BlobOrigin, LineSet};
use crate::walk::Event;

/// Scans what is about to be committed: the index version of every added, modified, renamed or
/// copied file, with only the lines the commit adds.
///
/// - Reads the index named by `GIT_INDEX_FILE` when set (`git commit <paths>` and `commit -a`
///   run hooks on a temporary index), else the repository's index.
/// - First commit (unborn HEAD): everything staged is new.
/// - A pure rename adds nothing; submodules, symlinks and intent-to-add entries are skipped.
/// - While a merge is being concluded, a line counts as new only if neither HEAD nor `MERGE_HEAD`
///   has it, so what the merged branch already committed is not reported again.
pub fn staged(repo_dir: &Path, max_file_size: u64, visit: &dyn Fn(Event)) -> Result<(), GitError> {
    staged_paths(repo_dir, None, max_file_size, visit)
}

/// [`staged`], limited to `only` (paths relative to the current directory, as hooks and the
/// pre-commit framework pass them) when given.
///
/// Each listed path is read from the index, never from the working tree, so parallel
/// invocations over disjoint file lists (pre-commit splits the list across processes) each see
/// exactly their files. A listed path with a staged change reports only the lines it adds; a
/// listed path the index holds unchanged (`pre-commit run --all-files`) is scanned whole; a
/// path the index does not hold (untracked, deleted) is skipped.
pub fn staged_paths(
    repo_dir: &Path,
    only: Option<&[PathBuf]>,
    max_file_size: u64,
    visit: &dyn Fn(Event),
) -> Result<(), GitError> {
    let repo = open_work_tree(repo_dir)?;
    let mut index = match std::env::var_os("GIT_INDEX_FILE") {
        Some(file) => {
            let file = PathBuf::from(file);
            let file = if file.is_relative() {
                std::env::current_dir()
                    .map(|d| d.join(&file))
                    .unwrap_or(file)
            } else {
                file
            };
            Index::open(&file).map_err(|e| GitError::Open {
                path: file.display().to_string(),
                message: e.message().to_owned(),
            })?
        }
        None => repo.index()?,
    };
    // Make the repository use this index (and its workdir-relative settings) for the diff.
    repo.set_index(&mut index)?;
    let head_tree = head_tree(&repo)?;
    let merge_tree = merge_head_tree(&repo);

    let wanted = only.map(|paths| repo_relative(&repo, paths));
    if wanted.as_ref().is_some_and(Vec::is_empty) {
        return Ok(());
    }
    // The whole diff, then filtered: a pathspec would hide a rename's old side and turn a pure
    // rename into an addition.
    let mut opts = diff_options();
    let mut diff = repo.diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut opts))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true).copies(false)))?;
    let mut in_diff: HashSet<String> = HashSet::new();

    for (i, delta) in diff.deltas().enumerate() {
        let new_file = delta.new_file();
        if let Some(wanted) = &wanted {
            let path = diff_path(&new_file);
            if wanted.binary_search(&path).is_err() {
                continue;
            }
            in_diff.insert(path);
        }
        if !matches!(
            delta.status(),
            Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied | Delta::Typechange
        ) || !is_file(&new_file)
        {
            continue;
        }
        if delta.status() == Delta::Renamed && delta.old_file().id() == new_file.id() {
            continue;
        }
        let file_path = diff_path(&new_file);
        let Some(patch) = staged_patch(&repo, &diff, i, &file_path)? else {
            continue;
        };
        let mut lines = added_lines(&patch)?;
        if let Some(merge_tree) = &merge_tree {
            lines = lines.intersect(&lines_added_since(
                &repo,
                merge_tree,
                &file_path,
                new_file.id(),
            )?);
        }
        if lines.is_empty() {
            continue;
        }
        let origin = BlobOrigin {
            blob_id: new_file.id().to_string(),
            commit: None,
            added_lines: Some(lines),
            in_head: false,
        };
        emit_blob(
            &repo,
            new_file.id(),
            file_path,
            origin,
            max_file_size,
            visit,
        );
    }
    for path in wanted.iter().flatten() {
        if in_diff.contains(path) {
            continue;
        }
        // Listed but unchanged: the whole index version (stage 0; conflicts are not committable).
        let Some(entry) = index.get_path(Path::new(path), 0) else {
            continue;
        };
        let regular = matches!(entry.mode & 0o170_000, 0o100_000) && !entry.id.is_zero();
        if !regular {
            continue;
        }
        check_staged(&repo, entry.id, path)?;
        let origin = BlobOrigin {
            blob_id: entry.id.to_string(),
            commit: None,
            added_lines: None,
            in_head: false,
        };
        emit_blob(&repo, entry.id, path.clone(), origin, max_file_size, visit);
    }
    Ok(())
}

/// Opens the repository at `repo_dir`, which must have an index and work tree.
fn open_work_tree(repo_dir: &Path) -> Result<Repository, GitError> {
    let repo = open(repo_dir)?;
    if repo.is_bare() {
        return Err(GitError::Bare {
            path: repo.path().display().to_string(),
        });
    }
    Ok(repo)
}

/// The patch of delta `i` of `diff`, both blobs checked first: libgit2 would hang on a
/// truncated loose object. An unreadable blob is an error naming `path`.
fn staged_patch<'d>(
    repo: &Repository,
    diff: &'d git2::Diff<'_>,
    i: usize,
    path: &str,
) -> Result<Option<git2::Patch<'d>>, GitError> {
    if let Some(delta) = diff.get_delta(i) {
        for side in [delta.old_file().id(), delta.new_file().id()] {
            if !side.is_zero() {
                check_staged(repo, side, path)?;
            }
        }
    }
    git2::Patch::from_diff(diff, i).map_err(|e| GitError::Object {
        path: path.to_owned(),
        message: e.message().to_owned(),
    })
}

/// [`check_object`], an error naming `path`.
fn check_staged(repo: &Repository, oid: Oid, path: &str) -> Result<(), GitError> {
    check_object(repo, oid).map_err(|message| GitError::Object {
        path: path.to_owned(),
        message,
    })
}

/// `paths` (relative to the current directory or absolute) as repository-relative, `/`-separated
/// index paths. Paths outside the working tree are dropped.
fn repo_relative(repo: &Repository, paths: &[PathBuf]) -> Vec<String> {
    let Some(workdir) = repo.workdir() else {
        return paths
            .iter()
            .map(|p| normalise(p).to_string_lossy().replace('\\', "/"))
            .collect();
    };
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    let cwd = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .unwrap_or_else(|_| workdir.clone());
    let mut out: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            let full = normalise(&cwd.join(p));
            let rel = full.strip_prefix(&workdir).ok()?;
            let text = rel.to_string_lossy().replace('\\', "/");
            (!text.is_empty()).then_some(text)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Resolves `.` and `..` lexically (the file may not exist in the working tree).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// HEAD's tree, or `None` on an unborn branch (first commit).
fn head_tree(repo: &Repository) -> Result<Option<Tree<'_>>, GitError> {
    match repo.head() {
        Ok(head) => Ok(Some(head.peel_to_tree()?)),
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// `MERGE_HEAD`'s tree while a merge is being concluded.
fn merge_head_tree(repo: &Repository) -> Option<Tree<'_>> {
    if repo.state() != RepositoryState::Merge {
        return None;
    }
    // MERGE_HEAD names the first merged commit (enough for the usual two-parent merge).
    repo.find_reference("MERGE_HEAD")
        .and_then(|r| r.peel_to_tree())
        .ok()
}

/// Lines of blob `new_id` (at `file_path`) that are not in `tree`'s version of the file.
fn lines_added_since(
    repo: &Repository,
    tree: &Tree<'_>,
    file_path: &str,
    new_id: Oid,
) -> Result<LineSet, GitError> {
    let new_blob = repo.find_blob(new_id)?;
    let Some(old_blob) = tree
        .get_path(Path::new(file_path))
        .ok()
        .and_then(|entry| repo.find_blob(entry.id()).ok())
    else {
        // The merged branch does not have the file: every line is new.
        let count = new_blob.content().split(|&b| b == b'\n').count() as u32;
        return Ok(LineSet::from_lines((1..=count).collect()));
    };
    let mut opts = diff_options();
    let patch = git2::Patch::from_blobs(&old_blob, None, &new_blob, None, Some(&mut opts))?;
    Ok(added_lines(&patch)?)
}
