use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use git2::{Delta, Oid, Repository, Sort};

use super::{
    GitError, added_lines, commit_info, diff_options, diff_path, emit_blob, is_file, open,
    reopen_path,
};
use crate::blob::{BlobOrigin, CommitInfo, LineSet};
use crate::walk::Event;

/// What to audit.
#[derive(Debug, Clone, Default)]
pub struct HistoryOptions {
    /// Branches or revisions to start from; empty means every ref (and HEAD).
    pub branches: Vec<String>,
    /// Blobs larger than this are skipped.
    pub max_file_size: u64,
    /// Worker threads reading and scanning blobs (0: one per core).
    pub threads: usize,
}

/// Live counters for a progress display, updated from the audit's threads.
#[derive(Debug, Default)]
pub struct HistoryProgress {
    /// Commits walked.
    pub commits: AtomicU64,
    /// Unique blobs queued for scanning.
    pub blobs_queued: AtomicU64,
    /// Blobs read and handed to the visitor.
    pub blobs_done: AtomicU64,
    /// Bytes of blobs handed to the visitor.
    pub bytes_done: AtomicU64,
    /// Set once every commit has been walked (the total is then known).
    pub walk_finished: AtomicBool,
}

/// Facts about the audited history worth telling the user.
#[derive(Debug, Clone, Default)]
pub struct HistoryStats {
    /// Commits walked.
    pub commits: u64,
    /// Unique blobs scanned.
    pub blobs: u64,
    /// The clone is shallow: older history is missing.
    pub shallow: bool,
}

struct Job {
    oid: Oid,
    path: String,
    commit: Arc<CommitInfo>,
    added: Option<LineSet>,
}

/// Audits every commit reachable from `options.branches` (or all refs): each unique blob is
/// read once, in parallel, attributed to the first commit (oldest first, topological order) that
/// introduced it, and marked when HEAD's tree still holds it. Memory stays bounded: blobs stream
/// through a small queue; only the set of seen blob ids is kept.
pub fn history<F>(
    path: &Path,
    options: &HistoryOptions,
    progress: &HistoryProgress,
    visit: F,
) -> Result<HistoryStats, GitError>
where
    F: Fn(Event) + Sync,
{
    let repo = open(path)?;
    let head_blobs = head_blob_ids(&repo);
    let mut walk = start_walk(&repo, &options.branches)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    Ok(run_pool(
        &repo,
        options,
        progress,
        &visit,
        &head_blobs,
        |send| {
            // Trees and blobs already visited in an older commit: a tree seen once holds nothing
            // new, so each unique tree is read once over the whole history (no per-commit diff).
            let mut seen = Seen::default();
            for (order, oid) in walk.enumerate() {
                let commit = match oid.and_then(|oid| repo.find_commit(oid)) {
                    Ok(commit) => commit,
                    Err(e) => {
                        visit(Event::Error {
                            path: String::new(),
                            message: format!("cannot read a commit: {}", e.message()),
                        });
                        continue;
                    }
                };
                progress.commits.fetch_add(1, Ordering::Relaxed);
                let info = commit_info(&commit, order);
                let tree_id = commit.tree_id();
                let mut new_blob = |oid: Oid, path: String| {
                    send(Job {
                        oid,
                        path,
                        commit: Arc::clone(&info),
                        added: None,
                    });
                };
                if let Err(e) = new_blobs(&repo, tree_id, "", &mut seen, &mut new_blob) {
                    visit(Event::Error {
                        path: String::new(),
                        message: format!("commit {}: {}", info.id, e.message()),
                    });
                }
            }
        },
    ))
}

/// Scans every commit of a range, each with only the lines it added: `spec` is `A..B`, or a
/// single revision meaning "everything after it up to HEAD". Findings carry commit, author and date.
pub fn commits<F>(
    path: &Path,
    spec: &str,
    options: &HistoryOptions,
    progress: &HistoryProgress,
    visit: F,
) -> Result<HistoryStats, GitError>
where
    F: Fn(Event) + Sync,
{
    let repo = open(path)?;
    let mut walk = repo.revwalk()?;
    let range = if spec.contains("..") {
        spec.to_owned()
    } else {
        format!("{spec}..HEAD")
    };
    walk.push_range(&range).map_err(|e| GitError::Revision {
        spec: spec.to_owned(),
        message: e.message().to_owned(),
    })?;
    scan_walk(&repo, walk, options, progress, &visit)
}

/// What a push sends: the commits reachable from `tips` and from none of `exclude` (revisions
/// or `refs/…` globs such as `refs/remotes/origin/*`). Each commit is scanned like [`commits`]:
/// only the lines it added, with commit, author and date.
///
/// Revisions in `exclude` that do not resolve are ignored (a remote commit we never fetched
/// hides nothing); tips must resolve.
pub fn pushed<F>(
    path: &Path,
    tips: &[String],
    exclude: &[String],
    options: &HistoryOptions,
    progress: &HistoryProgress,
    visit: F,
) -> Result<HistoryStats, GitError>
where
    F: Fn(Event) + Sync,
{
    let repo = open(path)?;
    let mut walk = repo.revwalk()?;
    for tip in tips {
        let commit = repo
            .revparse_single(tip)
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| GitError::Revision {
                spec: tip.clone(),
                message: e.message().to_owned(),
            })?;
        walk.push(commit.id())?;
    }
    for hidden in exclude {
        if hidden.contains('*') {
            let _ = walk.hide_glob(hidden);
        } else if let Ok(commit) = repo
            .revparse_single(hidden)
            .and_then(|o| o.peel_to_commit())
        {
            walk.hide(commit.id())?;
        }
    }
    scan_walk(&repo, walk, options, progress, &visit)
}

/// Scans each commit of `walk` (oldest first), only the lines it added.
fn scan_walk<F>(
    repo: &Repository,
    mut walk: git2::Revwalk<'_>,
    options: &HistoryOptions,
    progress: &HistoryProgress,
    visit: &F,
) -> Result<HistoryStats, GitError>
where
    F: Fn(Event) + Sync,
{
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    let no_head = HashSet::new();
    Ok(run_pool(repo, options, progress, visit, &no_head, |send| {
        let mut opts = diff_options();
        for (order, oid) in walk.enumerate() {
            let Ok(commit) = oid.and_then(|oid| repo.find_commit(oid)) else {
                continue;
            };
            progress.commits.fetch_add(1, Ordering::Relaxed);
            let info = commit_info(&commit, order);
            let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
            let Ok(diff) = commit.tree().and_then(|tree| {
                repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))
            }) else {
                visit(Event::Error {
                    path: String::new(),
                    message: format!("cannot diff commit {}", info.id),
                });
                continue;
            };
            for (i, delta) in diff.deltas().enumerate() {
                let new_file = delta.new_file();
                if !is_new_content(delta.status()) || !is_file(&new_file) {
                    continue;
                }
                let added = git2::Patch::from_diff(&diff, i)
                    .ok()
                    .flatten()
                    .and_then(|p| added_lines(&p).ok());
                match added {
                    Some(lines) if lines.is_empty() => {}
                    added => send(Job {
                        oid: new_file.id(),
                        path: diff_path(&new_file),
                        commit: Arc::clone(&info),
                        added,
                    }),
                }
            }
        }
    }))
}

/// Object ids already walked during a history audit.
#[derive(Default)]
struct Seen {
    trees: HashSet<Oid>,
    blobs: HashSet<Oid>,
}

/// Calls `found` for every blob under tree `tree_id` not seen before (regular and executable
/// files; submodules and symlinks skipped), skipping whole subtrees already walked.
fn new_blobs(
    repo: &Repository,
    tree_id: Oid,
    prefix: &str,
    seen: &mut Seen,
    found: &mut dyn FnMut(Oid, String),
) -> Result<(), git2::Error> {
    if !seen.trees.insert(tree_id) {
        return Ok(());
    }
    let tree = repo.find_tree(tree_id)?;
    for entry in &tree {
        let name = String::from_utf8_lossy(entry.name_bytes());
        let path = if prefix.is_empty() {
            name.into_owned()
        } else {
            format!("{prefix}/{name}")
        };
        match entry.filemode() {
            0o040_000 => new_blobs(repo, entry.id(), &path, seen, found)?,
            0o100_644 | 0o100_755 | 0o100_664 if seen.blobs.insert(entry.id()) => {
                found(entry.id(), path);
            }
            // Symlinks (0o120000) and submodules (0o160000) hold no file content to scan.
            _ => {}
        }
    }
    Ok(())
}

fn is_new_content(status: Delta) -> bool {
    matches!(
        status,
        Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied | Delta::Typechange
    )
}

/// A revwalk from the given branches, or from every ref and HEAD.
fn start_walk<'r>(
    repo: &'r Repository,
    branches: &[String],
) -> Result<git2::Revwalk<'r>, GitError> {
    let mut walk = repo.revwalk()?;
    if branches.is_empty() {
        walk.push_glob("*")?;
        // A detached or unborn HEAD: push it when it resolves.
        let _ = walk.push_head();
    } else {
        for branch in branches {
            let object = repo
                .revparse_single(branch)
                .map_err(|e| GitError::Revision {
                    spec: branch.clone(),
                    message: e.message().to_owned(),
                })?;
            let commit = object.peel_to_commit().map_err(|e| GitError::Revision {
                spec: branch.clone(),
                message: e.message().to_owned(),
            })?;
            walk.push(commit.id())?;
        }
    }
    Ok(walk)
}

/// Blob ids of HEAD's tree (empty for an unborn HEAD or a bare repository without one).
fn head_blob_ids(repo: &Repository) -> HashSet<Oid> {
    let mut ids = HashSet::new();
    if let Ok(tree) = repo.head().and_then(|h| h.peel_to_tree()) {
        let _ = tree.walk(git2::TreeWalkMode::PreOrder, |_, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                ids.insert(entry.id());
            }
            git2::TreeWalkResult::Ok
        });
    }
    ids
}

/// Runs `produce` (which walks commits and sends jobs) on this thread and reads and visits the
/// blobs on worker threads, each with its own repository handle.
fn run_pool<F>(
    repo: &Repository,
    options: &HistoryOptions,
    progress: &HistoryProgress,
    visit: &F,
    head_blobs: &HashSet<Oid>,
    produce: impl FnOnce(&dyn Fn(Job)),
) -> HistoryStats
where
    F: Fn(Event) + Sync,
{
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(2, usize::from)
    } else {
        options.threads
    };
    let git_dir = reopen_path(repo);
    let (sender, receiver) = crossbeam_channel::bounded::<Job>(256);
    let shallow = repo.is_shallow();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let receiver = receiver.clone();
            let git_dir = &git_dir;
            scope.spawn(move || {
                let worker_repo = match Repository::open(git_dir) {
                    Ok(r) => r,
                    Err(e) => {
                        return visit(Event::Error {
                            path: String::new(),
                            message: format!("cannot reopen repository: {}", e.message()),
                        });
                    }
                };
                for job in receiver {
                    let origin = BlobOrigin {
                        blob_id: job.oid.to_string(),
                        in_head: head_blobs.contains(&job.oid),
                        commit: Some(job.commit),
                        added_lines: job.added,
                    };
                    let counted = |event: Event| {
                        if let Event::Blob(blob) = &event {
                            progress
                                .bytes_done
                                .fetch_add(blob.bytes.len() as u64, Ordering::Relaxed);
                        }
                        visit(event);
                    };
                    emit_blob(
                        &worker_repo,
                        job.oid,
                        job.path,
                        origin,
                        options.max_file_size,
                        &counted,
                    );
                    progress.blobs_done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        drop(receiver);
        produce(&|job| {
            progress.blobs_queued.fetch_add(1, Ordering::Relaxed);
            // Workers only stop when the channel closes, so a send cannot fail.
            let _ = sender.send(job);
        });
        drop(sender);
        progress.walk_finished.store(true, Ordering::Relaxed);
    });
    HistoryStats {
        commits: progress.commits.load(Ordering::Relaxed),
        blobs: progress.blobs_queued.load(Ordering::Relaxed),
        shallow,
    }
}
