use std::path::{Path, PathBuf};

use git2::{Delta, DiffFindOptions, Index, Oid, Repository, RepositoryState, Tree};

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
    let repo = open(repo_dir)?;
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

    let mut opts = diff_options();
    let mut diff = repo.diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut opts))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true).copies(false)))?;

    for (i, delta) in diff.deltas().enumerate() {
        let new_file = delta.new_file();
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
        let Some(patch) = git2::Patch::from_diff(&diff, i)? else {
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
    Ok(())
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
