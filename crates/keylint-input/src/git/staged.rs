mod head;

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use git2::{Delta, DiffFindOptions, Index, Oid, Repository, RepositoryState, Tree};

use super::objects::{check_object, larger_than, pack_problems};
use super::{GitError, added_lines, diff_options, diff_path, emit_blob, is_file, open};
use crate::blob::{BlobOrigin, LineSet};
use crate::walk::Event;

/// What a staged scan worked around, besides the blobs it handed over.
#[derive(Debug, Clone, Default)]
pub struct StagedStats {
    /// Objects of HEAD (or `MERGE_HEAD`) that could not be read, each with what was done
    /// instead (the staged files under an unreadable HEAD tree are scanned whole, as if new), in
    /// words; nothing the commit adds is missed because of them. Once such damage (or an
    /// unreadable blob) was met, also what a look at the pack files finds wrong.
    pub warnings: Vec<String>,
}

/// Scans what is about to be committed: the index version of every added, modified, renamed or
/// copied file, with only the lines the commit adds.
///
/// - Reads the index named by `GIT_INDEX_FILE` when set (`git commit <paths>` and `commit -a`
///   run hooks on a temporary index), else the repository's index.
/// - First commit (unborn HEAD): everything staged is new.
/// - A pure rename adds nothing; submodules, symlinks and intent-to-add entries are skipped.
/// - While a merge is being concluded, a line counts as new only if neither HEAD nor `MERGE_HEAD`
///   has it, so what the merged branch already committed is not reported again.
/// - Only the trees of HEAD on the paths of staged changes are read, each loose one checked
///   first (libgit2 hangs on a truncated one). A HEAD commit, tree or blob that cannot be read
///   is a warning in the returned [`StagedStats`]: the staged files it would be compared with
///   are scanned whole. A staged blob that cannot be read is an error ([`GitError::Object`]).
pub fn staged(
    repo_dir: &Path,
    max_file_size: u64,
    visit: &dyn Fn(Event),
) -> Result<StagedStats, GitError> {
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
) -> Result<StagedStats, GitError> {
    let saw_error = std::cell::Cell::new(false);
    let visit = &|event: Event| {
        saw_error.set(saw_error.get() || matches!(event, Event::Error { .. }));
        visit(event);
    };
    let repo = open_work_tree(repo_dir)?;
    let mut index = staged_index(&repo)?;
    // Make the repository use this index (and its workdir-relative settings) for the diff.
    repo.set_index(&mut index)?;
    let wanted = only.map(|paths| repo_relative(&repo, paths));
    if wanted.as_ref().is_some_and(Vec::is_empty) {
        return Ok(StagedStats::default());
    }
    let mut plan = head::plan(&repo, &index)?;
    let mut warnings = std::mem::take(&mut plan.warnings);
    let merge_tree = merge_head_tree(&repo, &mut warnings);
    let mut in_diff: HashSet<String> = HashSet::new();
    let diff = staged_diff(&repo, &index, &plan, &mut warnings)?;
    let deltas = diff.iter().flat_map(|diff| {
        diff.deltas()
            .enumerate()
            .map(move |(i, delta)| (diff, i, delta))
    });
    for (diff, i, delta) in deltas {
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
        if too_large(&repo, new_file.id(), &file_path, max_file_size, visit)? {
            continue;
        }
        let lines = staged_lines(&repo, diff, i, &file_path, max_file_size, &mut warnings)?;
        let mut lines = match lines {
            Added::Lines(lines) => Some(lines),
            Added::Whole => None,
            Added::Nothing => continue,
        };
        if let Some(merge_tree) = &merge_tree {
            let since_merge =
                lines_added_since(&repo, merge_tree, &file_path, new_file.id(), &mut warnings)?;
            lines = Some(match lines {
                Some(lines) => lines.intersect(&since_merge),
                None => since_merge,
            });
        }
        if lines.as_ref().is_some_and(LineSet::is_empty) {
            continue;
        }
        let origin = BlobOrigin {
            blob_id: new_file.id().to_string(),
            commit: None,
            added_lines: lines,
            in_head: false,
        };
        emit_blob(
            &repo,
            new_file.id(),
            file_path,
            origin,
            max_file_size,
            None,
            visit,
        );
    }
    match &wanted {
        None => {
            // Under a HEAD tree that cannot be read: scanned whole, whatever happens.
            for (path, id) in &plan.whole {
                emit_index_version(&repo, *id, path, false, max_file_size, visit)?;
            }
        }
        Some(wanted) => {
            let listed = wanted.iter().filter(|p| !in_diff.contains(*p));
            emit_listed(&repo, &index, listed, &plan.whole, max_file_size, visit)?;
        }
    }
    if !warnings.is_empty() || saw_error.get() {
        // Damage met: say what a look at the packs finds (a missing index explains a lot).
        warnings.extend(pack_problems(&repo));
    }
    Ok(StagedStats { warnings })
}

/// Checks staged blob `id` (at `path`) and, when it is over `max_file_size` by its header,
/// emits it as skipped before any diff inflates it; returns whether it did.
fn too_large(
    repo: &Repository,
    id: Oid,
    path: &str,
    max_file_size: u64,
    visit: &dyn Fn(Event),
) -> Result<bool, GitError> {
    check_staged(repo, id, path)?;
    if !larger_than(repo, id, max_file_size) {
        return Ok(false);
    }
    emit_whole(repo, id, path, max_file_size, visit);
    Ok(true)
}

/// The index a commit would be made from: `GIT_INDEX_FILE` when set (relative to the current
/// directory, as git has it), else the repository's.
fn staged_index(repo: &Repository) -> Result<Index, GitError> {
    let Some(file) = std::env::var_os("GIT_INDEX_FILE") else {
        return Ok(repo.index()?);
    };
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
    })
}

/// Emits the whole index version (stage 0; conflicts are not committable) of each listed path
/// that is not in the diff: unchanged, or under a HEAD tree that cannot be read (`unknown`,
/// sorted by path).
fn emit_listed<'p>(
    repo: &Repository,
    index: &Index,
    listed: impl Iterator<Item = &'p String>,
    unknown: &[(String, Oid)],
    max_file_size: u64,
    visit: &dyn Fn(Event),
) -> Result<(), GitError> {
    for path in listed {
        let Some(entry) = index.get_path(Path::new(path), 0) else {
            continue;
        };
        let regular = matches!(entry.mode & 0o170_000, 0o100_000) && !entry.id.is_zero();
        if regular {
            let strict = unknown
                .binary_search_by(|(p, _)| p.as_str().cmp(path))
                .is_err();
            emit_index_version(repo, entry.id, path, strict, max_file_size, visit)?;
        }
    }
    Ok(())
}

/// Emits the whole index version of `path` (blob `id`), checked first. A blob that cannot be
/// read is an error naming the file: with `strict`, one that stops the scan (the file is a
/// staged change or was asked for); else an [`Event::Error`] and the scan goes on (the file was
/// only read because HEAD could not be).
fn emit_index_version(
    repo: &Repository,
    id: Oid,
    path: &str,
    strict: bool,
    max_file_size: u64,
    visit: &dyn Fn(Event),
) -> Result<(), GitError> {
    if let Err(message) = check_object(repo, id) {
        if strict {
            return Err(GitError::Object {
                path: path.to_owned(),
                message,
            });
        }
        visit(Event::Error {
            path: path.to_owned(),
            message: format!("cannot read its staged version: {message}"),
        });
        return Ok(());
    }
    emit_whole(repo, id, path, max_file_size, visit);
    Ok(())
}

/// The diff of HEAD's tree to `index` as `plan` allows (`None` when nothing is staged), with
/// renames found when the blobs that takes are readable.
fn staged_diff<'r>(
    repo: &'r Repository,
    index: &Index,
    plan: &head::Plan<'r>,
    warnings: &mut Vec<String>,
) -> Result<Option<git2::Diff<'r>>, GitError> {
    let mut opts = diff_options();
    match &plan.paths {
        Some(paths) if paths.is_empty() => return Ok(None),
        // Exact paths, not patterns; the tree iterator then only enters their directories.
        Some(paths) => {
            opts.disable_pathspec_match(true);
            for path in paths {
                opts.pathspec(path.as_slice());
            }
        }
        None => {}
    }
    // The whole diff (of what changed), then filtered by the caller: a pathspec of only the
    // wanted files would hide a rename's old side and turn a pure rename into an addition.
    let mut diff = repo.diff_tree_to_index(plan.tree.as_ref(), Some(index), Some(&mut opts))?;
    match rename_blobs_readable(repo, &diff) {
        Ok(()) => {
            diff.find_similar(Some(DiffFindOptions::new().renames(true).copies(false)))?;
        }
        Err(Some(warning)) => warnings.push(warning),
        // A staged blob: the error naming its file comes when it is read.
        Err(None) => {}
    }
    Ok(Some(diff))
}

/// Rename detection reads the blobs of added and deleted files (when there are both): each is
/// checked first. An unreadable one of HEAD's is a warning (renamed files are then scanned as
/// new); an unreadable staged one is reported when its file is read.
fn rename_blobs_readable(repo: &Repository, diff: &git2::Diff<'_>) -> Result<(), Option<String>> {
    let has = |status| diff.deltas().any(|d| d.status() == status);
    if !has(Delta::Added) || !has(Delta::Deleted) {
        return Ok(());
    }
    for delta in diff.deltas() {
        match delta.status() {
            Delta::Added => check_object(repo, delta.new_file().id()).map_err(|_| None)?,
            Delta::Deleted => check_object(repo, delta.old_file().id()).map_err(|why| {
                Some(format!(
                    "the committed version of `{}` cannot be read: {why}. Renames were not \
                     detected, so a renamed file was scanned whole, as if new; `git fsck` lists \
                     the damage",
                    diff_path(&delta.old_file())
                ))
            })?,
            _ => {}
        }
    }
    Ok(())
}

/// What a staged change adds.
enum Added {
    /// These lines.
    Lines(LineSet),
    /// Every line: the old side cannot be read.
    Whole,
    /// Nothing (no patch: the two sides are the same content).
    Nothing,
}

/// What delta `i` of `diff` adds (every line when HEAD's version is over `max_file_size`), both
/// blobs checked first: libgit2 would hang on a truncated
/// loose object. An unreadable staged blob is an error naming `file_path`; an unreadable old
/// side (HEAD's version: a corrupt loose object, or in a damaged pack) is a warning, and every
/// line counts as added.
fn staged_lines(
    repo: &Repository,
    diff: &git2::Diff<'_>,
    i: usize,
    file_path: &str,
    max_file_size: u64,
    warnings: &mut Vec<String>,
) -> Result<Added, GitError> {
    let Some(delta) = diff.get_delta(i) else {
        return Ok(Added::Nothing);
    };
    // The caller checked the staged blob.
    let new = delta.new_file().id();
    let old = delta.old_file().id();
    let old_unreadable = |why: &str| {
        format!(
            "the committed version of `{}` cannot be read: {why}. The staged file was scanned \
             whole, as if new; `git fsck` lists the damage",
            diff_path(&delta.old_file())
        )
    };
    if !old.is_zero() {
        if let Err(why) = check_object(repo, old) {
            warnings.push(old_unreadable(&why));
            return Ok(Added::Whole);
        }
        // A committed version over the size limit is not inflated to diff against: every
        // line of the staged one counts.
        if larger_than(repo, old, max_file_size) {
            return Ok(Added::Whole);
        }
    }
    let patch = match git2::Patch::from_diff(diff, i) {
        Ok(patch) => patch,
        // The staged blob reads (a packed one is only checked here): HEAD's side is damaged.
        Err(e) if !old.is_zero() && repo.find_blob(new).is_ok() => {
            warnings.push(old_unreadable(e.message()));
            return Ok(Added::Whole);
        }
        Err(e) => {
            return Err(GitError::Object {
                path: file_path.to_owned(),
                message: e.message().to_owned(),
            });
        }
    };
    Ok(match patch {
        Some(patch) => Added::Lines(added_lines(&patch)?),
        None => Added::Nothing,
    })
}

/// [`check_object`], an error naming `path`.
fn check_staged(repo: &Repository, oid: Oid, path: &str) -> Result<(), GitError> {
    check_object(repo, oid).map_err(|message| GitError::Object {
        path: path.to_owned(),
        message,
    })
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

/// `MERGE_HEAD`'s tree while a merge is being concluded (checked before libgit2 reads it; an
/// unreadable one is a warning, and what the merged branch committed may be reported again).
fn merge_head_tree<'r>(repo: &'r Repository, warnings: &mut Vec<String>) -> Option<Tree<'r>> {
    if repo.state() != RepositoryState::Merge {
        return None;
    }
    // MERGE_HEAD names the first merged commit (enough for the usual two-parent merge).
    let id = repo.find_reference("MERGE_HEAD").ok()?.target()?;
    head::commit_tree(repo, id)
        .map_err(|why| {
            warnings.push(format!(
                "MERGE_HEAD's {why}. Lines the merged branch already committed may be reported \
                 again; `git fsck` lists the damage"
            ));
        })
        .ok()
}

/// Lines of blob `new_id` (at `file_path`, checked by the caller) that are not in `tree`'s
/// version of the file. Every tree on the way and the old blob are checked before libgit2 reads
/// them; when one cannot be read, every line counts (with a warning).
fn lines_added_since(
    repo: &Repository,
    tree: &Tree<'_>,
    file_path: &str,
    new_id: Oid,
    warnings: &mut Vec<String>,
) -> Result<LineSet, GitError> {
    let new_blob = repo.find_blob(new_id)?;
    let every_line = || {
        let count = new_blob.content().split(|&b| b == b'\n').count() as u32;
        LineSet::from_lines((1..=count).collect())
    };
    let old_blob = match blob_at(repo, tree, file_path) {
        Ok(Some(blob)) => blob,
        // The merged branch does not have the file: every line is new.
        Ok(None) => return Ok(every_line()),
        Err(why) => {
            warnings.push(format!(
                "MERGE_HEAD's version of `{file_path}` cannot be read: {why}. Lines the merged \
                 branch already committed may be reported again; `git fsck` lists the damage"
            ));
            return Ok(every_line());
        }
    };
    let mut opts = diff_options();
    let patch = git2::Patch::from_blobs(&old_blob, None, &new_blob, None, Some(&mut opts))?;
    Ok(added_lines(&patch)?)
}

/// The blob at `path` in `tree` (`None` when there is no file there), every object checked
/// before libgit2 reads it.
fn blob_at<'r>(
    repo: &'r Repository,
    tree: &Tree<'r>,
    path: &str,
) -> Result<Option<git2::Blob<'r>>, String> {
    let mut dir = tree.clone();
    let mut names = path.split('/').peekable();
    while let Some(name) = names.next() {
        let Some((kind, id)) = dir.get_name(name).map(|entry| (entry.kind(), entry.id())) else {
            return Ok(None);
        };
        let last = names.peek().is_none();
        let wanted = if last {
            git2::ObjectType::Blob
        } else {
            git2::ObjectType::Tree
        };
        if kind != Some(wanted) {
            return Ok(None);
        }
        if last {
            check_object(repo, id)?;
            return repo
                .find_blob(id)
                .map(Some)
                .map_err(|e| e.message().to_owned());
        }
        dir = head::checked_tree(repo, id)?;
    }
    Ok(None)
}

/// Hands staged blob `id` at `path` to `visit` whole (no added-lines restriction).
fn emit_whole(repo: &Repository, id: Oid, path: &str, max_file_size: u64, visit: &dyn Fn(Event)) {
    let origin = BlobOrigin {
        blob_id: id.to_string(),
        commit: None,
        added_lines: None,
        in_head: false,
    };
    emit_blob(
        repo,
        id,
        path.to_owned(),
        origin,
        max_file_size,
        None,
        visit,
    );
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;

    fn git(dir: &Path, args: &[&str]) -> String {
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
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn write(dir: &Path, path: &str, text: &str) {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    /// Every delta of `diff`, comparable.
    fn deltas(diff: &git2::Diff<'_>) -> Vec<String> {
        let mut rows: Vec<String> = diff
            .deltas()
            .map(|d| {
                let side = |f: git2::DiffFile<'_>| {
                    format!("{} {:o} {}", diff_path(&f), u32::from(f.mode()), f.id())
                };
                format!(
                    "{:?}: {} -> {}",
                    d.status(),
                    side(d.old_file()),
                    side(d.new_file())
                )
            })
            .collect();
        rows.sort();
        rows
    }

    /// The diff limited to the plan's paths is the whole diff, without reading the trees of
    /// directories the index holds unchanged.
    #[test]
    fn the_limited_diff_is_the_whole_diff() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q", "-b", "main"]);
        let long = "a line of a long file\n".repeat(40);
        for (path, text) in [
            ("a/b/x.txt", "x\n"),
            ("a/b/y.txt", "y\n"),
            ("a/m.txt", "m\n"),
            ("a.c", "a.c\n"),
            ("a0", "a0\n"),
            ("c/y.txt", "c\n"),
            ("d/z.txt", long.as_str()),
            ("g", "g\n"),
            ("keep/k1", "k1\n"),
            ("keep/deep/k2", "k2\n"),
            ("top.txt", "top\n"),
        ] {
            write(root, path, text);
        }
        git(root, &["add", "-A"]);
        // A symbolic link and a submodule in a directory left alone: their modes hash too.
        let target = git(root, &["hash-object", "-w", "top.txt"]);
        let commit = git(
            root,
            &["commit-tree", "-m", "sub", &git(root, &["write-tree"])],
        );
        for (mode, id, path) in [
            ("120000", &target, "keep/deep/link"),
            ("160000", &commit, "keep/sub"),
        ] {
            let info = format!("{mode},{id},{path}");
            git(root, &["update-index", "--add", "--cacheinfo", &info]);
        }
        git(root, &["commit", "-q", "-m", "one"]);

        let repo = Repository::open(root).unwrap();
        let check = |expect_limited: bool| {
            let mut index = repo.index().unwrap();
            index.read(true).unwrap();
            let mut opts = diff_options();
            let head = repo.head().unwrap().peel_to_tree().unwrap();
            let mut full = repo
                .diff_tree_to_index(Some(&head), Some(&index), Some(&mut opts))
                .unwrap();
            full.find_similar(Some(DiffFindOptions::new().renames(true).copies(false)))
                .unwrap();
            let plan = head::plan(&repo, &index).unwrap();
            assert!(plan.warnings.is_empty() && plan.whole.is_empty());
            if expect_limited {
                let paths = plan.paths.as_ref().expect("a limited diff");
                assert!(
                    paths.iter().all(|p| !p.starts_with(b"keep/")),
                    "{:?}",
                    paths
                        .iter()
                        .map(|p| String::from_utf8_lossy(p))
                        .collect::<Vec<_>>()
                );
            }
            let limited = staged_diff(&repo, &index, &plan, &mut Vec::new()).unwrap();
            let limited = limited.as_ref().map(deltas).unwrap_or_default();
            assert_eq!(limited, deltas(&full));
            limited
        };
        // Nothing staged: no diff at all.
        assert_eq!(check(true), Vec::<String>::new());

        write(root, "a/b/x.txt", "x\nmore\n");
        git(root, &["rm", "-q", "c/y.txt"]);
        std::fs::create_dir(root.join("e")).unwrap();
        git(root, &["mv", "d/z.txt", "e/z.txt"]);
        write(root, "e/z.txt", &format!("{long}one more\n"));
        write(root, "f.txt", "f\n");
        git(root, &["rm", "-q", "g"]);
        write(root, "g/h.txt", "h\n");
        write(root, "a0", "a0 changed\n");
        // (`keep/`'s link and submodule are not in the working tree: not `add -A` there.)
        git(root, &["add", "-A", "--", ".", ":!keep"]);
        git(root, &["update-index", "--chmod=+x", "a/m.txt"]);
        write(root, "n.txt", "n\n");
        git(root, &["add", "-N", "n.txt"]);
        let rows = check(true);
        eprintln!("{rows:#?}");
        assert!(
            rows.iter().any(|r| r.starts_with("Renamed: d/z.txt")),
            "{rows:#?}"
        );
        assert!(
            rows.iter()
                .any(|r| r.starts_with("Modified: a/m.txt 100644")),
            "{rows:#?}"
        );
        assert!(
            rows.iter()
                .any(|r| r.starts_with("Typechange") || r.contains("g/h.txt"))
        );

        // A change in every directory: nothing to leave out.
        write(root, "keep/k1", "k1 changed\n");
        write(root, "keep/deep/k2", "k2 changed\n");
        git(root, &["add", "keep/k1", "keep/deep/k2"]);
        check(false);
    }
}
