use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use git2::{Delta, ErrorCode, Oid, Repository, Sort};

use super::cache::{BlobCache, HISTORY_CACHE_BYTES};
use super::objects::{Corrupt, Guarded, larger_than};
use super::prescan::{ListedPath, Prescan, PrescanStats, Target, Verdict};
use super::{
    GitError, added_lines, commit_info, diff_options, diff_path, emit_blob, emit_change, is_file,
    open, shallow_boundary,
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
    /// Paths left out (`[scan] exclude`, see [`crate::exclude_set`]). Applied while walking, before
    /// identical blobs and trees are merged: a secret copied into an excluded fixture and a real
    /// file is still found in the real file.
    pub exclude: Option<globset::GlobSet>,
}

/// How the caller judges paths (allowlists, baseline entries, path-limited rules, file
/// syntax): a key per path, equal for paths judged alike. See [`history`].
pub type PathKey<'k> = &'k (dyn Fn(&str) -> u64 + Sync);

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
    /// The commits at which a shallow clone's history stops (empty when the history is
    /// complete): nothing older was audited, and a secret found in one of them may have been
    /// introduced earlier.
    pub shallow: Vec<String>,
    /// Things that limit what the results mean without making them wrong (HEAD unreadable, so
    /// "still present at HEAD" is unknown; a pack file without its index …), in words.
    pub warnings: Vec<String>,
    /// Edited files whose previous version came from memory (read as the new side of an
    /// earlier commit) rather than from the object database.
    pub old_versions_reused: u64,
    /// Edited files whose previous version was read again from the object database.
    pub old_versions_read: u64,
    /// Blobs the first pass over the packs read and found nothing in (not read again).
    pub blobs_cleared: u64,
    /// Bytes the first pass over the packs handed to the scanner.
    pub bytes_prescanned: u64,
}

struct Job {
    oid: Oid,
    path: String,
    commit: Arc<CommitInfo>,
    added: Option<LineSet>,
    /// The blob this one replaces at the same path in the commit's first parent: only what
    /// `oid` adds to it is scanned.
    replaces: Option<Oid>,
}

/// Where a blob the history walk listed for the first pass was met, beside its [`Target`]:
/// eight bytes; the rest of its [`Job`] is looked up when the second pass reads it.
struct Origin {
    /// The commit that introduced it: an index into [`Listing::commits`].
    commit: u32,
    /// The listed version it replaces at the same path (an index into the targets), or
    /// [`NOT_LISTED`].
    replaces: u32,
}

/// No blob, in [`Origin::replaces`].
const NOT_LISTED: u32 = u32::MAX;

/// The blobs a history walk lists for the first pass, as the pass reads them ([`Target`]s)
/// and, in the same order, their origins: 32 bytes a blob. Paths and commits are stored once
/// each ([`Paths`], [`Listing::commits`]): a history lists hundreds of thousands of blobs
/// under a few thousand paths, and its commits' authors and dates are formatted only for the
/// few blobs the second pass reads.
#[derive(Default)]
struct Listing {
    targets: Vec<Target>,
    origins: Vec<Origin>,
    /// Each commit that introduced a listed blob, with its place in the walk.
    commits: Vec<(Oid, usize)>,
}

/// What the walk listed, handed to the first pass.
struct Listed {
    targets: Vec<Target>,
    origins: Vec<Origin>,
    commits: Vec<(Oid, usize)>,
    paths: Vec<ListedPath>,
}

impl Listing {
    /// Lists `blob`, found in commit `commit` (the `order`th of the walk). Every blob found is
    /// listed: it is the `blob.index`th.
    fn push(&mut self, blob: &NewBlob, commit: Oid, order: usize) {
        debug_assert_eq!(blob.index as usize, self.targets.len());
        if self.commits.last().is_none_or(|(last, _)| *last != commit) {
            self.commits.push((commit, order));
        }
        let commit = u32::try_from(self.commits.len() - 1).unwrap_or(u32::MAX);
        self.targets.push(Target {
            oid: blob.oid,
            path: blob.path_id,
        });
        self.origins.push(Origin {
            commit,
            replaces: blob.replaces.map_or(NOT_LISTED, |(_, index)| index),
        });
    }

    /// The blobs listed, in order, with the paths they were found at.
    fn into_listed(self, paths: Paths) -> Listed {
        let (mut targets, mut origins, mut commits) = (self.targets, self.origins, self.commits);
        targets.shrink_to_fit();
        origins.shrink_to_fit();
        commits.shrink_to_fit();
        Listed {
            targets,
            origins,
            commits,
            paths: paths.listed,
        }
    }
}

/// Every path the walk found a blob at, each stored once with its path key, and numbered.
#[derive(Default)]
struct Paths {
    ids: HashMap<Arc<str>, u32>,
    listed: Vec<ListedPath>,
}

impl Paths {
    /// The number of `path` (whose key is `key`), given to it the first time.
    fn id(&mut self, path: &str, key: u64) -> u32 {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let id = u32::try_from(self.listed.len()).unwrap_or(u32::MAX);
        let path: Arc<str> = path.into();
        self.ids.insert(Arc::clone(&path), id);
        self.listed.push(ListedPath { path, key });
        id
    }
}

/// A blob version the walk met for the first time under its path key.
struct NewBlob {
    oid: Oid,
    path: String,
    /// The number of its path in [`Paths`].
    path_id: u32,
    /// How many blobs were found before it.
    index: u32,
    /// The version it replaces at the same path in the commit's first parent, if that version
    /// was first found at this very path: its id and index.
    replaces: Option<(Oid, u32)>,
}

/// Audits every commit reachable from `options.branches` (or all refs): each unique blob is
/// read once, in parallel, attributed to the first commit (oldest first, topological order) that
/// introduced it, and marked when HEAD's tree still holds it. Memory stays bounded: blobs stream
/// through a small queue; only the set of seen blob and tree ids is kept.
///
/// A blob that replaces another at the same path in the commit's first parent (and that HEAD
/// does not hold: those are read whole, so that each finding knows whether HEAD still holds
/// it) is handed over as only what it adds ([`crate::BlobOrigin::added_lines`], the other lines emptied but for
/// context and the PEM block they sit in): every line it kept was read with the version it came
/// from. A blob at a path the first parent does not have (a new file, a renamed one, a file
/// only the merged branch had), or whose version there was first read under another path (the
/// file or a directory above it was renamed or copied unchanged, then edited), is handed over
/// whole: its findings are reported under its own path, as a scan of every blob whole does.
///
/// With `path_key`, a blob met again under a path with another key is audited again under
/// that path: a secret copied into an allowlisted or baselined fixture and into a real file is
/// still found in the real file. Under paths with the same key a blob is read once.
///
/// A commit, tree or blob that cannot be read is reported as an [`Event::Error`] and the audit
/// goes on with everything else.
pub fn history<F>(
    path: &Path,
    options: &HistoryOptions,
    path_key: Option<PathKey<'_>>,
    prescan: Option<Prescan<'_>>,
    progress: &HistoryProgress,
    visit: F,
) -> Result<HistoryStats, GitError>
where
    F: Fn(Event) + Sync,
{
    let guarded = open_guarded(path, options)?;
    // libgit2 re-hashes every object it reads (SHA-1 with collision detection, a quarter of an
    // audit's time); git itself only does so in fsck. A damaged object still fails to inflate.
    git2::opts::strict_hash_verification(false);
    // libgit2 keeps every commit and tree it parsed, up to 256 MB: a history walk reads each
    // unique tree once, so the cache mostly holds what is never asked for again.
    git2::opts::enable_caching(false);
    let repo = &guarded.repo;
    let mut warnings = guarded.packs.clone();
    let head_blobs = head_blob_ids(repo, &guarded.corrupt, &mut warnings);
    let tips = history_tips(repo, &options.branches, &guarded.corrupt, &visit)?;
    let order = commit_order(repo, &tips, &[], &guarded, &visit);
    let cache = BlobCache::new(HISTORY_CACHE_BYTES);
    let reads = Reads {
        head_blobs: &head_blobs,
        cache: Some(&cache),
    };
    let first_pass = std::cell::RefCell::new(PrescanStats::default());
    let mut stats = run_pool(&guarded, options, progress, &visit, reads, |send| {
        // Trees and blobs already visited in an older commit: a tree seen once holds nothing
        // new, so each unique tree is read once over the whole history (no per-commit diff).
        let mut seen = Seen::default();
        let mut paths = Paths::default();
        let mut trees = RecentTrees::default();
        // The tree of every commit walked (two ids a commit), so that a commit's first parent
        // is not read again for it.
        let mut tree_of: HashMap<Oid, Oid> = HashMap::new();
        // With a first pass, the blobs wait for its verdicts.
        let mut listing = Listing::default();
        for (order, oid) in order.iter().enumerate() {
            let Some(commit) = read_commit(&guarded, *oid, progress, &visit) else {
                continue;
            };
            // Formatted for the first blob sent on, if any.
            let info = std::cell::OnceCell::new();
            let mut new_blob = |blob: NewBlob| {
                progress.blobs_queued.fetch_add(1, Ordering::Relaxed);
                if prescan.is_some() {
                    listing.push(&blob, *oid, order);
                    return;
                }
                send(Job {
                    oid: blob.oid,
                    path: blob.path,
                    commit: Arc::clone(info.get_or_init(|| commit_info(&commit, order))),
                    added: None,
                    replaces: blob.replaces.map(|(replaces, _)| replaces),
                });
            };
            let mut failed = |dir: &str, tree: Oid, e: &git2::Error| {
                visit(Event::Error {
                    path: if dir.is_empty() {
                        format!("commit {oid}")
                    } else {
                        format!("{dir}/")
                    },
                    message: format!(
                        "cannot read tree {tree} of commit {oid}: {}; the files under it were not audited",
                        guarded.corrupt.describe(e.message())
                    ),
                });
            };
            // The first parent's tree (unreadable: every blob counts as new, nothing is lost).
            // Parents come first in the walk's order: their tree is most often known already.
            let parent_tree = commit.parent_ids().next().and_then(|p| {
                tree_of
                    .get(&p)
                    .copied()
                    .or_else(|| repo.find_commit(p).ok().map(|p| p.tree_id()))
            });
            tree_of.insert(*oid, commit.tree_id());
            new_blobs(
                repo,
                commit.tree_id(),
                parent_tree,
                "",
                &mut Walk {
                    seen: &mut seen,
                    paths: &mut paths,
                    trees: &mut trees,
                    exclude: options.exclude.as_ref(),
                    path_key,
                    found: &mut new_blob,
                    failed: &mut failed,
                },
            );
        }
        if let Some(prescan) = prescan {
            // Their memory goes to the first pass (the trees kept hold up to 16 MB).
            drop((seen, trees, tree_of));
            let listed = listing.into_listed(paths);
            *first_pass.borrow_mut() =
                send_judged(&guarded, listed, prescan, options, progress, &visit, send);
        }
    });
    let first_pass = first_pass.into_inner();
    stats.blobs_cleared = first_pass.cleared;
    stats.bytes_prescanned = first_pass.scanned_bytes;
    stats.warnings = warnings;
    Ok(stats)
}

/// Sends on the jobs that the first pass over the packs ([`super::prescan`]) cannot clear: a
/// blob it read without a match is not read again, a binary one is reported skipped here, and
/// one with a match or without a verdict (loose, unreadable, too large …) is read as usual.
fn send_judged(
    guarded: &Guarded,
    listed: Listed,
    prescan: Prescan<'_>,
    options: &HistoryOptions,
    progress: &HistoryProgress,
    visit: &(dyn Fn(Event) + Sync),
    send: &dyn Fn(Job),
) -> PrescanStats {
    let threads = worker_threads(options);
    let objects = guarded.repo.commondir().join("objects");
    let Listed {
        targets,
        origins,
        commits,
        paths,
    } = listed;
    let (verdicts, stats) = super::prescan::prescan(
        &objects,
        &targets,
        &paths,
        prescan,
        options.max_file_size,
        threads,
        progress,
    );
    // The commit of the blobs sent last: they come in the walk's order.
    let mut last_commit: Option<(u32, Arc<CommitInfo>)> = None;
    for ((target, origin), verdict) in targets.iter().zip(&origins).zip(verdicts) {
        let path = || paths[target.path as usize].path.to_string();
        match verdict {
            Some(Verdict::Clean) => {}
            Some(Verdict::Binary) => visit(Event::Skipped {
                path: path(),
                reason: crate::blob::SkipReason::Binary,
            }),
            Some(Verdict::Matches) | None => {
                let commit = match &last_commit {
                    Some((at, info)) if *at == origin.commit => Arc::clone(info),
                    _ => {
                        let (oid, order) = commits[origin.commit as usize];
                        // The walk read it: it fails again only if the repository changed
                        // meanwhile, and that is reported.
                        let unseen = HistoryProgress::default();
                        let Some(commit) = read_commit(guarded, oid, &unseen, visit) else {
                            continue;
                        };
                        let info = commit_info(&commit, order);
                        last_commit = Some((origin.commit, Arc::clone(&info)));
                        info
                    }
                };
                send(Job {
                    oid: target.oid,
                    path: path(),
                    commit,
                    added: None,
                    replaces: targets.get(origin.replaces as usize).map(|t| t.oid),
                });
            }
        }
    }
    stats
}

/// How many threads read and scan blobs.
fn worker_threads(options: &HistoryOptions) -> usize {
    if options.threads == 0 {
        std::thread::available_parallelism().map_or(2, usize::from)
    } else {
        options.threads
    }
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
    let guarded = open_guarded(path, options)?;
    let repo = &guarded.repo;
    let range = if spec.contains("..") {
        spec.to_owned()
    } else {
        format!("{spec}..HEAD")
    };
    let revspec = repo
        .revparse(&range)
        .map_err(|e| revision_error(repo, spec, &e, &guarded.corrupt))?;
    if revspec.mode().contains(git2::RevparseMode::MERGE_BASE) {
        return Err(GitError::Revision {
            spec: spec.to_owned(),
            message: "symmetric ranges (`A...B`) are not supported; use `A..B`".to_owned(),
        });
    }
    let peel = |object: Option<&git2::Object<'_>>| -> Result<Vec<Oid>, GitError> {
        object
            .map(|o| {
                o.peel_to_commit()
                    .map(|c| c.id())
                    .map_err(|e| revision_error(repo, spec, &e, &guarded.corrupt))
            })
            .into_iter()
            .collect()
    };
    let (hidden, tips) = if revspec.mode().contains(git2::RevparseMode::RANGE) {
        (peel(revspec.from())?, peel(revspec.to())?)
    } else {
        (Vec::new(), peel(revspec.from())?)
    };
    scan_walk(&guarded, spec, &tips, &hidden, options, progress, &visit)
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
    let guarded = open_guarded(path, options)?;
    let repo = &guarded.repo;
    let mut tip_ids = Vec::new();
    for tip in tips {
        let commit = repo
            .revparse_single(tip)
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| revision_error(repo, tip, &e, &guarded.corrupt))?;
        tip_ids.push(commit.id());
    }
    let mut hidden = Vec::new();
    for exclude in exclude {
        if exclude.contains('*') {
            if let Ok(refs) = repo.references_glob(exclude) {
                hidden.extend(
                    refs.flatten()
                        .filter_map(|r| r.peel_to_commit().ok())
                        .map(|c| c.id()),
                );
            }
        } else if let Ok(commit) = repo
            .revparse_single(exclude)
            .and_then(|o| o.peel_to_commit())
        {
            hidden.push(commit.id());
        }
    }
    scan_walk(
        &guarded,
        &tips.join(" "),
        &tip_ids,
        &hidden,
        options,
        progress,
        &visit,
    )
}

/// Opens the repository at `path` so that no corrupt loose object can reach libgit2.
fn open_guarded(path: &Path, options: &HistoryOptions) -> Result<Guarded, GitError> {
    let repo = open(path)?;
    Guarded::new(repo, options.threads).map_err(GitError::from)
}

/// A revision that did not resolve; in a shallow clone, most likely one beyond its boundary.
fn revision_error(repo: &Repository, spec: &str, e: &git2::Error, corrupt: &Corrupt) -> GitError {
    let message = corrupt.describe(e.message());
    let boundary = shallow_boundary(repo);
    if boundary.is_empty() {
        GitError::Revision {
            spec: spec.to_owned(),
            message,
        }
    } else {
        GitError::Shallow {
            what: format!("cannot resolve `{spec}`"),
            message: format!(
                "{message}; the history stops at {}, and the revision is probably older",
                short_list(&boundary)
            ),
        }
    }
}

/// Scans each commit reachable from `tips` and not from `hidden` (oldest first), only the
/// lines it added.
fn scan_walk<F>(
    guarded: &Guarded,
    spec: &str,
    tips: &[Oid],
    hidden: &[Oid],
    options: &HistoryOptions,
    progress: &HistoryProgress,
    visit: &F,
) -> Result<HistoryStats, GitError>
where
    F: Fn(Event) + Sync,
{
    let repo = &guarded.repo;
    let order = commit_order(repo, tips, hidden, guarded, visit);
    // A commit at the shallow boundary has no parent here: diffing it against nothing would
    // report its whole tree as added by it.
    let boundary = shallow_boundary(repo);
    if let Some(cut) = order.iter().find(|c| boundary.contains(c)) {
        return Err(GitError::Shallow {
            what: format!("cannot scan `{spec}`"),
            message: format!(
                "it reaches commit {cut}, where the clone's history stops, so what that commit added is unknown"
            ),
        });
    }
    let no_head = HashSet::new();
    let reads = Reads {
        head_blobs: &no_head,
        cache: None,
    };
    let mut stats = run_pool(guarded, options, progress, visit, reads, |send| {
        let queue = |job: Job| {
            progress.blobs_queued.fetch_add(1, Ordering::Relaxed);
            send(job);
        };
        let mut opts = diff_options();
        for (order, oid) in order.iter().enumerate() {
            let Some(commit) = read_commit(guarded, *oid, progress, visit) else {
                continue;
            };
            let info = commit_info(&commit, order);
            let diff = commit
                .parents()
                .next()
                .map(|p| p.tree())
                .transpose()
                .and_then(|parent_tree| {
                    let tree = commit.tree()?;
                    repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))
                });
            let diff = match diff {
                Ok(diff) => diff,
                Err(e) => {
                    visit(Event::Error {
                        path: format!("commit {}", info.id),
                        message: format!(
                            "cannot diff it against its parent: {}; the commit was not scanned",
                            guarded.corrupt.describe(e.message())
                        ),
                    });
                    continue;
                }
            };
            for (i, delta) in diff.deltas().enumerate() {
                let new_file = delta.new_file();
                if !is_new_content(delta.status()) || !is_file(&new_file) {
                    continue;
                }
                // Over the size limit (either side, by its header): no diff inflates it; the
                // reader skips a large new side, else every line of it counts.
                let old_file = delta.old_file();
                if larger_than(repo, new_file.id(), options.max_file_size)
                    || larger_than(repo, old_file.id(), options.max_file_size)
                {
                    queue(Job {
                        oid: new_file.id(),
                        path: diff_path(&new_file),
                        commit: Arc::clone(&info),
                        added: None,
                        replaces: None,
                    });
                    continue;
                }
                let added = match git2::Patch::from_diff(&diff, i) {
                    Ok(patch) => patch.and_then(|p| added_lines(&p).ok()),
                    Err(e) => {
                        visit(Event::Error {
                            path: diff_path(&new_file),
                            message: format!(
                                "cannot diff it in commit {}: {}",
                                info.id,
                                guarded.corrupt.describe(e.message())
                            ),
                        });
                        continue;
                    }
                };
                match added {
                    Some(lines) if lines.is_empty() => {}
                    added => queue(Job {
                        oid: new_file.id(),
                        path: diff_path(&new_file),
                        commit: Arc::clone(&info),
                        added,
                        replaces: None,
                    }),
                }
            }
        }
    });
    stats.warnings.clone_from(&guarded.packs);
    Ok(stats)
}

/// Objects already walked during a history audit: blobs with the key of the path they were
/// judged under (mapped to where they were found), trees with (a hash of) the directory they
/// were walked at when paths are judged apart (the same tree elsewhere holds other paths), 0
/// otherwise. At most sixteen bytes more per object than the bare ids.
#[derive(Default)]
struct Seen {
    trees: HashSet<(Oid, u64)>,
    blobs: HashMap<(Oid, u64), SeenBlob>,
    /// How many blobs were found.
    found: u32,
}

/// Where a blob was first found: the number of its path in [`Paths`], and how many blobs were
/// found before it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct SeenBlob {
    path_id: u32,
    index: u32,
}

/// A hash of `path`, to tell paths apart in [`Seen`].
fn path_hash(path: &str) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut hasher);
    hasher.finish()
}

/// The state of one commit's tree walk in [`new_blobs`].
struct Walk<'w, 'r> {
    seen: &'w mut Seen,
    paths: &'w mut Paths,
    trees: &'w mut RecentTrees<'r>,
    exclude: Option<&'w globset::GlobSet>,
    path_key: Option<PathKey<'w>>,
    found: &'w mut dyn FnMut(NewBlob),
    failed: &'w mut dyn FnMut(&str, Oid, &git2::Error),
}

/// How many of the trees read last a history walk keeps: the first parent's trees, which each
/// changed directory is compared with, were most often read as the new side a commit or a few
/// before (libgit2's own object cache is off: it kept every tree).
const RECENT_TREES: usize = 1024;

/// How many entries the trees a history walk keeps hold in all: a parsed tree costs about 100
/// bytes an entry (libgit2 keeps the raw object and an entry table), and a monorepo's top
/// directories hold thousands of entries each (helm/charts' 1,024 last trees held 200 MB).
/// About 16 MB; curl's 1,024 trees hold a fifth of it.
const RECENT_TREE_ENTRIES: usize = 160_000;

/// The trees a history walk read last: [`RECENT_TREES`] of them, fewer when they hold more
/// than [`RECENT_TREE_ENTRIES`] entries.
#[derive(Default)]
struct RecentTrees<'r> {
    trees: HashMap<Oid, git2::Tree<'r>>,
    order: std::collections::VecDeque<(Oid, usize)>,
    entries: usize,
}

impl<'r> RecentTrees<'r> {
    /// Tree `id`, from memory or from the repository.
    fn read(&mut self, repo: &'r Repository, id: Oid) -> Result<git2::Tree<'r>, git2::Error> {
        if let Some(tree) = self.trees.get(&id) {
            return Ok(tree.clone());
        }
        let tree = repo.find_tree(id)?;
        let entries = tree.len();
        while self.order.len() == RECENT_TREES
            || (!self.order.is_empty() && self.entries + entries > RECENT_TREE_ENTRIES)
        {
            let Some((old, old_entries)) = self.order.pop_front() else {
                break;
            };
            self.trees.remove(&old);
            self.entries -= old_entries;
        }
        if entries <= RECENT_TREE_ENTRIES {
            self.order.push_back((id, entries));
            self.entries += entries;
            self.trees.insert(id, tree.clone());
        }
        Ok(tree)
    }
}

/// Calls `found` for every blob under tree `tree_id` not seen before (regular and executable
/// files; submodules and symlinks skipped), with the file it replaces at the same path under
/// `old_tree` (the first parent's tree at `prefix`), skipping whole subtrees already walked. A tree that
/// cannot be read goes to `failed` (once: it stays seen) and the walk goes on beside it.
/// Excluded paths are skipped without being marked seen, and a tree that held one is not marked
/// either, so the same content elsewhere is still audited. Returns whether something was
/// excluded.
fn new_blobs<'r>(
    repo: &'r Repository,
    tree_id: Oid,
    old_tree: Option<Oid>,
    prefix: &str,
    walk: &mut Walk<'_, 'r>,
) -> bool {
    let at = if walk.path_key.is_some() {
        path_hash(prefix)
    } else {
        0
    };
    if !walk.seen.trees.insert((tree_id, at)) {
        return false;
    }
    let tree = match walk.trees.read(repo, tree_id) {
        Ok(tree) => tree,
        Err(e) => {
            (walk.failed)(prefix, tree_id, &e);
            return false;
        }
    };
    let old_tree = old_tree.filter(|old| *old != tree_id);
    // The first parent's tree here was walked whole, nothing in it excluded: an entry it holds
    // unchanged (same name, mode and id) was seen then, under the same path, and is skipped
    // before any path is built or judged. Most entries of a changed tree are such.
    let old_clean = old_tree.is_some_and(|old| walk.seen.trees.contains(&(old, at)));
    let old_tree = old_tree.and_then(|old| walk.trees.read(repo, old).ok());
    let mut excluded_any = false;
    // Both trees are sorted the same way: the entry of the old tree with an entry's name is
    // found by walking them side by side (a lookup by name cost a tenth of an audit).
    let mut old_entries = old_tree.as_ref().map(|t| t.iter().peekable());
    for entry in &tree {
        let old = old_entries
            .as_mut()
            .and_then(|entries| same_entry(entries, &entry));
        let old = old.as_ref();
        if old_clean
            && old.is_some_and(|o| o.id() == entry.id() && o.filemode() == entry.filemode())
        {
            continue;
        }
        let old_entry =
            |mode: fn(i32) -> bool| old.filter(|e| mode(e.filemode())).map(git2::TreeEntry::id);
        let name = String::from_utf8_lossy(entry.name_bytes());
        let path = if prefix.is_empty() {
            name.into_owned()
        } else {
            format!("{prefix}/{name}")
        };
        if walk.exclude.is_some_and(|set| set.is_match(&path)) {
            excluded_any = true;
            continue;
        }
        match entry.filemode() {
            0o040_000 => {
                let old = old_entry(|mode| mode == 0o040_000);
                excluded_any |= new_blobs(repo, entry.id(), old, &path, walk);
            }
            mode if is_file_mode(mode) => {
                let key = walk.path_key.map_or(0, |key| key(&path));
                let std::collections::hash_map::Entry::Vacant(vacant) =
                    walk.seen.blobs.entry((entry.id(), key))
                else {
                    continue;
                };
                let here = SeenBlob {
                    path_id: walk.paths.id(&path, key),
                    index: walk.seen.found,
                };
                vacant.insert(here);
                walk.seen.found = walk.seen.found.saturating_add(1);
                // Only a version read at this very path is diffed against: one first met under
                // another path (a renamed or copied file or directory) had its findings
                // reported under that path, and a finding names its path.
                let replaces = old_entry(is_file_mode).and_then(|old| {
                    let seen = walk.seen.blobs.get(&(old, key))?;
                    (seen.path_id == here.path_id).then_some((old, seen.index))
                });
                (walk.found)(NewBlob {
                    oid: entry.id(),
                    path,
                    path_id: here.path_id,
                    index: here.index,
                    replaces,
                });
            }
            // Symlinks (0o120000) and submodules (0o160000) hold no file content to scan.
            _ => {}
        }
    }
    if excluded_any {
        walk.seen.trees.remove(&(tree_id, at));
    }
    excluded_any
}

/// The next of `entries` (the rest of a tree) with `entry`'s name and kind (tree or not), the
/// entries before it passed over. Trees sort their entries by name, a subtree's name as if it
/// ended in `/`; an entry of the same name but the other kind is never a previous version of
/// this one (a file's previous version is a file), so it is not looked for. In a tree that is
/// not sorted an entry may be missed: its file is then audited whole, nothing is lost.
fn same_entry<'t>(
    entries: &mut std::iter::Peekable<git2::TreeIter<'t>>,
    entry: &git2::TreeEntry<'_>,
) -> Option<git2::TreeEntry<'t>> {
    while let Some(next) = entries.peek() {
        match tree_order(next, entry) {
            std::cmp::Ordering::Less => {
                entries.next();
            }
            std::cmp::Ordering::Equal => return entries.next(),
            std::cmp::Ordering::Greater => return None,
        }
    }
    None
}

/// How git orders two entries of a tree: by name, a subtree's name as if it ended in `/`.
/// Equal only for the same name and kind (names hold no `/`).
fn tree_order(a: &git2::TreeEntry<'_>, b: &git2::TreeEntry<'_>) -> std::cmp::Ordering {
    let (x, y) = (a.name_bytes(), b.name_bytes());
    let shared = x.len().min(y.len());
    let after = |e: &git2::TreeEntry<'_>, name: &[u8]| {
        name.get(shared)
            .copied()
            .or_else(|| (e.filemode() == 0o040_000).then_some(b'/'))
    };
    x[..shared]
        .cmp(&y[..shared])
        .then_with(|| after(a, x).cmp(&after(b, y)))
}

/// Regular and executable files (and the group-writable mode old git wrote).
fn is_file_mode(mode: i32) -> bool {
    matches!(mode, 0o100_644 | 0o100_755 | 0o100_664)
}

fn is_new_content(status: Delta) -> bool {
    matches!(
        status,
        Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied | Delta::Typechange
    )
}

/// The commits a history audit starts from: the given branches, or every ref and HEAD. A ref
/// whose commit cannot be read is reported and left out.
fn history_tips(
    repo: &Repository,
    branches: &[String],
    corrupt: &Corrupt,
    visit: &dyn Fn(Event),
) -> Result<Vec<Oid>, GitError> {
    let mut tips = Vec::new();
    if branches.is_empty() {
        let mut tip = |name: &[u8], commit: Result<git2::Commit<'_>, git2::Error>| match commit {
            Ok(commit) => tips.push(commit.id()),
            // A ref to a tree or blob (or a tag of one): nothing to walk.
            Err(e) if matches!(e.code(), ErrorCode::Peel | ErrorCode::InvalidSpec) => {}
            // Missing, or damaged (a corrupt pack): never skipped in silence, or an audit that
            // read nothing would pass as clean.
            Err(e) => visit(Event::Error {
                path: String::from_utf8_lossy(name).into_owned(),
                message: format!(
                    "cannot read the commit it points to: {}; its history was not audited",
                    corrupt.describe(e.message())
                ),
            }),
        };
        for reference in repo.references()?.flatten() {
            if reference.kind() == Some(git2::ReferenceType::Direct) {
                tip(reference.name_bytes(), reference.peel_to_commit());
            }
        }
        // A detached HEAD (an attached one is its branch, walked above; an unborn one adds
        // nothing).
        if repo.head_detached().unwrap_or(false) {
            tip(b"HEAD", repo.head().and_then(|h| h.peel_to_commit()));
        }
    } else {
        for branch in branches {
            let commit = repo
                .revparse_single(branch)
                .and_then(|o| o.peel_to_commit())
                .map_err(|e| revision_error(repo, branch, &e, corrupt))?;
            tips.push(commit.id());
        }
    }
    tips.sort();
    tips.dedup();
    Ok(tips)
}

/// The commits reachable from `tips` and not from `hidden`, oldest first (parents before
/// children). libgit2's walk stops at the first commit it cannot read; then the commits are
/// walked again one by one, reporting each unreadable commit and keeping everything else.
fn commit_order(
    repo: &Repository,
    tips: &[Oid],
    hidden: &[Oid],
    guarded: &Guarded,
    visit: &dyn Fn(Event),
) -> Vec<Oid> {
    let fast = || -> Result<Vec<Oid>, git2::Error> {
        let mut walk = repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
        for tip in tips {
            walk.push(*tip)?;
        }
        for hide in hidden {
            walk.hide(*hide)?;
        }
        walk.collect()
    };
    fast().unwrap_or_else(|_| tolerant_order(repo, tips, hidden, &guarded.corrupt, visit))
}

/// [`commit_order`] one commit at a time: an unreadable commit is reported (with the child that
/// leads to it) and its ancestors are only reached through other paths.
fn tolerant_order(
    repo: &Repository,
    tips: &[Oid],
    hidden: &[Oid],
    corrupt: &Corrupt,
    visit: &dyn Fn(Event),
) -> Vec<Oid> {
    let boundary: HashSet<Oid> = shallow_boundary(repo).into_iter().collect();
    let parents_of = |oid: Oid| -> Result<(i64, Vec<Oid>), git2::Error> {
        let commit = repo.find_commit(oid)?;
        let parents = if boundary.contains(&oid) {
            Vec::new()
        } else {
            commit.parent_ids().collect()
        };
        Ok((commit.time().seconds(), parents))
    };
    // Everything reachable from `hidden`; an unreadable commit there only widens the walk.
    let mut excluded = HashSet::new();
    let mut stack = hidden.to_vec();
    while let Some(oid) = stack.pop() {
        if excluded.insert(oid) {
            if let Ok((_, parents)) = parents_of(oid) {
                stack.extend(parents);
            }
        }
    }
    let mut nodes: HashMap<Oid, (i64, Vec<Oid>)> = HashMap::new();
    let mut unreadable = HashSet::new();
    let mut stack: Vec<(Oid, Option<Oid>)> = tips.iter().map(|t| (*t, None)).collect();
    while let Some((oid, child)) = stack.pop() {
        if excluded.contains(&oid) || nodes.contains_key(&oid) || unreadable.contains(&oid) {
            continue;
        }
        match parents_of(oid) {
            Ok((time, parents)) => {
                stack.extend(parents.iter().map(|p| (*p, Some(oid))));
                nodes.insert(oid, (time, parents));
            }
            Err(e) => {
                unreadable.insert(oid);
                visit(unreadable_commit(oid, corrupt, &e, child));
            }
        }
    }
    // Kahn's algorithm: a commit is ready once all its (walked) parents are out; among ready
    // commits the oldest goes first.
    let mut waiting: HashMap<Oid, usize> = HashMap::new();
    let mut children: HashMap<Oid, Vec<Oid>> = HashMap::new();
    let mut ready = BinaryHeap::new();
    for (oid, (time, parents)) in &nodes {
        let walked: Vec<&Oid> = parents.iter().filter(|p| nodes.contains_key(p)).collect();
        for parent in &walked {
            children.entry(**parent).or_default().push(*oid);
        }
        if walked.is_empty() {
            ready.push(Reverse((*time, *oid)));
        } else {
            waiting.insert(*oid, walked.len());
        }
    }
    let mut order = Vec::with_capacity(nodes.len());
    while let Some(Reverse((_, oid))) = ready.pop() {
        order.push(oid);
        for child in children.get(&oid).into_iter().flatten() {
            if let Some(count) = waiting.get_mut(child) {
                *count -= 1;
                if *count == 0 {
                    waiting.remove(child);
                    ready.push(Reverse((nodes[child].0, *child)));
                }
            }
        }
    }
    order
}

/// The error event for commit `oid`, which cannot be read.
/// The commit `oid` (the `order`-th of the walk) and what findings record of it, counted in
/// the progress; an unreadable one is reported to `visit` and skipped.
fn read_commit<'r>(
    guarded: &'r Guarded,
    oid: Oid,
    progress: &HistoryProgress,
    visit: &dyn Fn(Event),
) -> Option<git2::Commit<'r>> {
    match guarded.repo.find_commit(oid) {
        Ok(commit) => {
            progress.commits.fetch_add(1, Ordering::Relaxed);
            Some(commit)
        }
        Err(e) => {
            visit(unreadable_commit(oid, &guarded.corrupt, &e, None));
            None
        }
    }
}

fn unreadable_commit(oid: Oid, corrupt: &Corrupt, e: &git2::Error, child: Option<Oid>) -> Event {
    let via = child.map_or_else(String::new, |c| format!(" (a parent of {c})"));
    Event::Error {
        path: format!("commit {oid}"),
        message: format!(
            "cannot read it{via}: {}; it and the commits only reachable through it were not audited",
            corrupt.describe(e.message())
        ),
    }
}

/// Blob ids of HEAD's tree (empty for an unborn HEAD). When HEAD or part of its tree cannot be
/// read, says so in `warnings`: "still present at HEAD" is then unknown for some findings.
fn head_blob_ids(repo: &Repository, corrupt: &Corrupt, warnings: &mut Vec<String>) -> HashSet<Oid> {
    let mut ids = HashSet::new();
    let tree = match repo.head() {
        Ok(head) => head.peel_to_tree(),
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            return ids;
        }
        Err(e) => {
            warnings.push(format!(
                "HEAD cannot be read ({}): every finding is reported as gone from HEAD, which may be wrong",
                corrupt.describe(e.message())
            ));
            return ids;
        }
    };
    let complete = tree.and_then(|tree| {
        tree.walk(git2::TreeWalkMode::PreOrder, |_, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                ids.insert(entry.id());
            }
            git2::TreeWalkResult::Ok
        })
    });
    if let Err(e) = complete {
        warnings.push(format!(
            "HEAD's tree cannot be read completely ({}): some findings may be reported as gone from HEAD when they are not",
            corrupt.describe(e.message())
        ));
    }
    ids
}

/// `commit <id>` or `commits <id>, <id>`, ids shortened.
fn short_list(ids: &[Oid]) -> String {
    let short: Vec<String> = ids
        .iter()
        .map(|id| id.to_string()[..12].to_owned())
        .collect();
    format!(
        "commit{} {}",
        if short.len() == 1 { "" } else { "s" },
        short.join(", ")
    )
}

/// How [`run_pool`]'s workers read blobs.
#[derive(Clone, Copy)]
struct Reads<'r> {
    /// The blobs HEAD holds: read whole, never diffed.
    head_blobs: &'r HashSet<Oid>,
    /// Where versions read are kept for the next one to be diffed against (history audits).
    cache: Option<&'r BlobCache>,
}

/// Runs `produce` (which walks commits and sends jobs) on this thread and reads and visits the
/// blobs on worker threads, each with its own repository handle.
fn run_pool<F>(
    guarded: &Guarded,
    options: &HistoryOptions,
    progress: &HistoryProgress,
    visit: &F,
    reads: Reads<'_>,
    produce: impl FnOnce(&dyn Fn(Job)),
) -> HistoryStats
where
    F: Fn(Event) + Sync,
{
    let threads = worker_threads(options);
    let (sender, receiver) = crossbeam_channel::bounded::<Job>(256);
    let shallow = shallow_boundary(&guarded.repo)
        .iter()
        .map(Oid::to_string)
        .collect();
    let corrupt = &guarded.corrupt;
    // Reopened on this thread (`Repository` is not `Sync`), then moved to a worker.
    let worker_repos: Vec<_> = (0..threads).map(|_| guarded.reopen()).collect();
    std::thread::scope(|scope| {
        for worker_repo in worker_repos {
            let receiver = receiver.clone();
            scope.spawn(move || {
                let worker_repo = match worker_repo {
                    Ok(r) => r,
                    Err(e) => {
                        // Keep draining so the producer never blocks; report each blob.
                        for job in receiver {
                            visit(Event::Error {
                                path: job.path,
                                message: format!("cannot reopen the repository: {}", e.message()),
                            });
                        }
                        return;
                    }
                };
                for job in receiver {
                    let commit_id = job.commit.id.clone();
                    let origin = BlobOrigin {
                        blob_id: job.oid.to_string(),
                        in_head: reads.head_blobs.contains(&job.oid),
                        commit: Some(job.commit),
                        added_lines: job.added,
                    };
                    let counted = |event: Event| match event {
                        Event::Blob(blob) => {
                            progress
                                .bytes_done
                                .fetch_add(blob.bytes.len() as u64, Ordering::Relaxed);
                            visit(Event::Blob(blob));
                        }
                        Event::Error { path, message } => visit(Event::Error {
                            path,
                            message: format!(
                                "in commit {commit_id}: {}",
                                corrupt.describe(&message)
                            ),
                        }),
                        other @ Event::Skipped { .. } => visit(other),
                    };
                    // A blob HEAD holds is read whole: each secret it holds is then seen in
                    // it, and "still present at HEAD" is known for every finding.
                    // Nor is it kept: no later version replaces it on HEAD's line.
                    let cache = reads.cache.filter(|_| !origin.in_head);
                    match (job.replaces.filter(|_| !origin.in_head), cache) {
                        (Some(old), Some(cache)) => emit_change(
                            &worker_repo,
                            cache,
                            (old, job.oid),
                            job.path,
                            origin,
                            options.max_file_size,
                            &counted,
                        ),
                        _ => emit_blob(
                            &worker_repo,
                            job.oid,
                            job.path,
                            origin,
                            options.max_file_size,
                            cache,
                            &counted,
                        ),
                    }
                    progress.blobs_done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        drop(receiver);
        produce(&|job| {
            // Workers only stop when the channel closes, so a send cannot fail.
            let _ = sender.send(job);
        });
        drop(sender);
        progress.walk_finished.store(true, Ordering::Relaxed);
    });
    let (old_versions_reused, old_versions_read) =
        reads.cache.map_or((0, 0), BlobCache::hits_and_misses);
    HistoryStats {
        commits: progress.commits.load(Ordering::Relaxed),
        blobs: progress.blobs_queued.load(Ordering::Relaxed),
        shallow,
        warnings: Vec::new(),
        old_versions_reused,
        old_versions_read,
        blobs_cleared: 0,
        bytes_prescanned: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a history audit keeps per unique blob stays a few dozen bytes: the walk's seen-set
    /// entry, and the listing the first pass reads (a target and its origin). The first pass adds
    /// a verdict byte, a `u32` of grouping per blob and an id and a `u32` per distinct id.
    #[test]
    fn a_listed_blob_costs_a_few_dozen_bytes() {
        use std::mem::size_of;
        assert_eq!(size_of::<Target>(), 24);
        assert_eq!(size_of::<Origin>(), 8);
        assert_eq!(size_of::<((Oid, u64), SeenBlob)>(), 40);
    }

    /// A tree git writes holds its entries in [`tree_order`], and [`same_entry`] finds each
    /// entry of one tree in another by walking both side by side.
    #[test]
    fn entries_are_found_in_another_tree_in_gits_order() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = repo.blob(b"x\n").unwrap();
        let sub = repo.treebuilder(None).unwrap();
        let sub = sub.write().unwrap();
        // A subtree sorts as if its name ended in `/`: after `a.c` and `a-b`, before `a0`.
        let names = ["a", "a-b", "a.c", "a0", "ab", "b"];
        let build = |dirs: &[&str], skip: &[&str]| {
            let mut builder = repo.treebuilder(None).unwrap();
            for name in names.iter().filter(|n| !skip.contains(n)) {
                if dirs.contains(name) {
                    builder.insert(name, sub, 0o040_000).unwrap();
                } else {
                    builder.insert(name, blob, 0o100_644).unwrap();
                }
            }
            repo.find_tree(builder.write().unwrap()).unwrap()
        };
        let new = build(&["a", "ab"], &[]);
        for pair in new.iter().collect::<Vec<_>>().windows(2) {
            assert_eq!(
                tree_order(&pair[0], &pair[1]),
                std::cmp::Ordering::Less,
                "{:?} then {:?}",
                pair[0].name(),
                pair[1].name()
            );
        }
        // The old tree lacks `a-b` and has `a` as a file: `a` is not its previous version.
        let old = build(&["ab"], &["a-b"]);
        let mut entries = old.iter().peekable();
        let found: Vec<Option<String>> = new
            .iter()
            .map(|entry| same_entry(&mut entries, &entry).map(|e| e.name().unwrap().to_string()))
            .collect();
        // In git's order: `a-b`, `a.c`, `a/`, `a0`, `ab/`, `b`.
        let expected = [None, Some("a.c"), None, Some("a0"), Some("ab"), Some("b")];
        assert_eq!(
            found,
            expected.map(|n| n.map(str::to_string)).to_vec(),
            "entries in order: {:?}",
            new.iter()
                .map(|e| e.name().unwrap().to_string())
                .collect::<Vec<_>>()
        );
    }
}
