//! Blobs from git, read through libgit2 (`git2`): never the user's `git` command, so user
//! config (`diff.noprefix`, `color.ui`, textconv, external diff, `binary` attributes) cannot
//! blind the scan.
//!
//! - [`staged`]: the index about to be committed (honours `GIT_INDEX_FILE`), only added lines.
//! - [`pushed`]: what a push sends (commits reachable from the pushed tips and from no
//!   remote-tracking ref), each commit's added lines.
//! - [`commits`]: every commit of a range (`A..B`, or everything since a revision), only the
//!   lines each commit added, with commit, author and date.
//! - [`state`]: tracked / ignored, the last commit that changed a file, the hooks directory.
//! - [`history`]: every commit reachable from all refs; each unique blob read once, in parallel,
//!   attributed to the first commit that introduced it.
//!
//! Damaged repositories are read as far as they can be: a commit, tree or blob that cannot be
//! read (missing, in a damaged pack, or a corrupt loose object, which libgit2 is never allowed
//! to touch: see `objects.rs`) becomes an [`Event::Error`] naming it, and the walk goes on with
//! the rest. A staged scan reads only the trees of HEAD on the paths of staged changes, each
//! checked first; a HEAD object it cannot read makes the staged files it would be compared with
//! scanned whole, with a warning ([`StagedStats::warnings`]). What a cheap look at the pack
//! files finds wrong (a missing index, a truncated pack) is a warning too.
//! Shallow clones are audited down to their boundary ([`HistoryStats::shallow`]); a range that
//! would need commits beyond it is an error ([`GitError::Shallow`]).

mod added;
mod cache;
mod history;
mod objects;
mod pack;
#[cfg(feature = "fuzzing")]
pub(crate) use pack::fuzzing as pack_fuzzing;
mod prescan;
mod staged;
pub mod state;
mod time;

use std::path::Path;
use std::sync::Arc;

use git2::{Oid, Repository};

pub use history::{
    HistoryOptions, HistoryProgress, HistoryStats, PathKey, commits, history, pushed,
};
pub use prescan::Prescan;
pub use staged::{StagedStats, staged, staged_paths};
pub use time::{rfc3339, unix_seconds};

use cache::BlobCache;

use crate::blob::{Blob, BlobOrigin, CommitInfo, Encoding, LineSet, SkipReason, decode, is_binary};
use crate::walk::Event;

/// Why git could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// Not a repository, or a broken one.
    #[error("cannot open a git repository at `{path}`: {message}")]
    Open {
        /// Where we looked.
        path: String,
        /// libgit2's message.
        message: String,
    },
    /// A revision or range that does not resolve.
    #[error("unknown revision `{spec}`: {message}")]
    Revision {
        /// The revision as given.
        spec: String,
        /// libgit2's message.
        message: String,
    },
    /// A revision or range that needs history a shallow clone does not have.
    #[error("{what} in this shallow clone: {message}")]
    Shallow {
        /// What could not be done, naming the revision.
        what: String,
        /// Why, in words.
        message: String,
    },
    /// `--staged` in a repository without an index or work tree.
    #[error(
        "`{path}` is a bare repository: it has no index or work tree, so there are no staged changes to scan"
    )]
    Bare {
        /// The repository's directory.
        path: String,
    },
    /// A staged file whose content cannot be read.
    #[error("cannot read the staged version of `{path}`: {message}")]
    Object {
        /// The file, relative to the repository.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Any other libgit2 failure.
    #[error("git: {0}")]
    Git(String),
}

impl GitError {
    /// What the user can do about it, when there is something specific to say.
    pub fn hint(&self) -> &'static str {
        match self {
            GitError::Open { .. } => {
                "run keylint inside a git repository (or point it at one), or scan files without --staged/--since/--range/--history"
            }
            GitError::Revision { .. } => {
                "check the revision with `git rev-parse --verify <rev>`; in CI, fetch the base branch first"
            }
            GitError::Shallow { .. } => {
                "fetch the missing history: `git fetch --unshallow` (GitHub Actions: `actions/checkout` with `fetch-depth: 0`)"
            }
            GitError::Bare { .. } => {
                "scan what a bare repository holds with `keylint scan --history` or `--since REV`"
            }
            GitError::Object { .. } => {
                "`git fsck` lists damaged objects; re-add the file (`git add`) to store it again"
            }
            GitError::Git(_) => "`git fsck` checks the repository for damage",
        }
    }
}

impl From<git2::Error> for GitError {
    fn from(e: git2::Error) -> Self {
        GitError::Git(e.message().to_owned())
    }
}

/// How much of a pack file one mapping (window) covers. libgit2 maps 1 GiB windows on 64-bit
/// systems, so a whole pack sits in one window that is never unmapped.
const PACK_WINDOW_BYTES: usize = 16 << 20;

/// How many bytes of pack windows libgit2 keeps mapped at once, over all repositories of the
/// process (a soft limit: windows in use stay). libgit2's 64-bit default is 8 GiB: every page of
/// a pack a history audit touched stayed mapped and counted in the resident set (prisma's
/// 230 MB pack). At 96 MB, kubernetes/test-infra's history audit peaked at 328 MB, 85 MB of it
/// mapped pack; at 48 MB it peaks at 284 MB, no slower there or on curl.
const PACK_MAPPED_BYTES: usize = 48 << 20;

/// Bounds the pack memory libgit2 keeps mapped ([`PACK_WINDOW_BYTES`], [`PACK_MAPPED_BYTES`]),
/// so that a history audit's resident set does not grow with the size of the packs. Call it
/// once, first thing in `main`, before any thread is started; later calls do nothing.
///
/// One of keylint's two uses of `unsafe` (ARCHITECTURE.md): libgit2 has no safe way to set
/// these limits.
#[allow(unsafe_code)]
pub fn bound_pack_memory() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `set_mwindow_size` and `set_mwindow_mapped_limit` write two plain C globals of
        // libgit2 without synchronisation; they are only unsound when another thread uses
        // libgit2 at the same time. This runs once per process (`Once`), called from `main`
        // before any thread is started and before any repository is opened (documented above;
        // the CLI is the only caller). Setting them cannot fail for these arguments; an
        // error would leave libgit2's defaults, which are correct, only larger.
        unsafe {
            let _ = git2::opts::set_mwindow_size(PACK_WINDOW_BYTES);
            let _ = git2::opts::set_mwindow_mapped_limit(PACK_MAPPED_BYTES);
        }
    });
}

/// Opens the repository containing `path`. For `.`, honours `GIT_DIR` and friends like git does
/// (hooks run with them set).
pub fn open(path: &Path) -> Result<Repository, GitError> {
    let opened = if path == Path::new(".") && std::env::var_os("GIT_DIR").is_some() {
        Repository::open_from_env()
    } else {
        Repository::discover(path)
    };
    opened.map_err(|e| GitError::Open {
        path: path.display().to_string(),
        message: e.message().to_owned(),
    })
}

/// The commits at which a shallow clone's history stops (empty when it is complete).
fn shallow_boundary(repo: &Repository) -> Vec<Oid> {
    if !repo.is_shallow() {
        return Vec::new();
    }
    std::fs::read_to_string(repo.commondir().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| Oid::from_str(line.trim()).ok())
        .collect()
}

/// Commit metadata for reports.
fn commit_info(commit: &git2::Commit<'_>, order: usize) -> Arc<CommitInfo> {
    let author = commit.author();
    let name = String::from_utf8_lossy(author.name_bytes()).into_owned();
    let email = String::from_utf8_lossy(author.email_bytes()).into_owned();
    let when = author.when();
    Arc::new(CommitInfo {
        id: commit.id().to_string(),
        author: format!("{name} <{email}>"),
        date: time::rfc3339(when.seconds(), when.offset_minutes()),
        order,
    })
}

/// Reads blob `oid` and hands it to `visit` as an [`Event`]: skipped when binary or too large.
/// With `keep`, its text is also kept there for the next version of the file to be diffed
/// against.
fn emit_blob(
    repo: &Repository,
    oid: Oid,
    path: String,
    origin: BlobOrigin,
    max_file_size: u64,
    keep: Option<&BlobCache>,
    visit: &(impl Fn(Event) + ?Sized),
) {
    match read_blob(repo, oid, &path, max_file_size).and_then(|blob| text_of(&blob, &path)) {
        Ok((bytes, encoding)) => {
            if let Some(cache) = keep.filter(|_| encoding == Encoding::Utf8) {
                cache.keep(oid, Arc::new(bytes.clone()));
            }
            visit(Event::Blob(Blob {
                path,
                bytes,
                encoding,
                origin: Some(origin),
            }));
        }
        Err(event) => visit(event),
    }
}

/// Blob `new`, which replaces blob `old` at `path`, handed to `visit` as only what it adds
/// (see [`added::added_text`]): the added lines in `origin.added_lines`, the rest of the text
/// emptied but for context. Nothing when it adds no line. When `old` cannot be compared (too
/// large, binary, unreadable or UTF-16) `new` is handed over whole, like a new
/// file. `old` is taken from `cache` when it is there (read as the new side of an earlier
/// commit), and `new` is kept there in turn.
fn emit_change(
    repo: &Repository,
    cache: &BlobCache,
    (old, new): (Oid, Oid),
    path: String,
    mut origin: BlobOrigin,
    max_file_size: u64,
    visit: &(impl Fn(Event) + ?Sized),
) {
    let (bytes, encoding) =
        match read_blob(repo, new, &path, max_file_size).and_then(|blob| text_of(&blob, &path)) {
            Ok(text) => text,
            Err(event) => return visit(event),
        };
    if encoding != Encoding::Utf8 {
        return visit(Event::Blob(Blob {
            path,
            bytes,
            encoding,
            origin: Some(origin),
        }));
    }
    let added = match cache.take(old) {
        // Kept texts are UTF-8, not binary, and within the size limit.
        Some(old) => Some(added::added_text(&old, &bytes)),
        None => read_blob(repo, old, &path, max_file_size)
            .ok()
            .filter(|old| !is_binary(old.content()))
            .map(|old| added::added_text(old.content(), &bytes)),
    };
    let bytes = Arc::new(bytes);
    cache.keep(new, Arc::clone(&bytes));
    let bytes = match added {
        Some(Some((text, lines))) => {
            origin.added_lines = Some(lines);
            text
        }
        Some(None) => return,
        // Whole: a copy, the cache holds the text too.
        None => bytes.as_ref().clone(),
    };
    visit(Event::Blob(Blob {
        path,
        bytes,
        encoding,
        origin: Some(origin),
    }));
}

/// Blob `oid`, or the event that says why it is not scanned: skipped when larger than
/// `max_file_size` (judged from the object header first, so a huge blob is never inflated), an
/// error when it cannot be read.
fn read_blob<'r>(
    repo: &'r Repository,
    oid: Oid,
    path: &str,
    max_file_size: u64,
) -> Result<git2::Blob<'r>, Event> {
    let too_large = |size: u64| Event::Skipped {
        path: path.to_owned(),
        reason: SkipReason::TooLarge(size),
    };
    // The size from the object header first, so a huge blob is never inflated; when the header
    // cannot be read, reading the blob says why.
    if let Some(size) = objects::object_size(repo, oid)
        .ok()
        .filter(|&size| size > max_file_size)
    {
        return Err(too_large(size));
    }
    let blob = repo.find_blob(oid).map_err(|e| Event::Error {
        path: path.to_owned(),
        message: format!("cannot read blob {oid}: {}", e.message()),
    })?;
    let size = blob.size() as u64;
    if size > max_file_size {
        return Err(too_large(size));
    }
    Ok(blob)
}

/// The text of `blob` (UTF-16 transcoded), or a skip when it is binary.
fn text_of(blob: &git2::Blob<'_>, path: &str) -> Result<(Vec<u8>, Encoding), Event> {
    let (bytes, encoding) = decode(blob.content().to_vec());
    if is_binary(&bytes) {
        return Err(Event::Skipped {
            path: path.to_owned(),
            reason: SkipReason::Binary,
        });
    }
    Ok((bytes, encoding))
}

/// The new-side line numbers added by a patch (lines starting with `+`).
fn added_lines(patch: &git2::Patch<'_>) -> Result<LineSet, git2::Error> {
    let mut lines = Vec::new();
    for hunk in 0..patch.num_hunks() {
        for i in 0..patch.num_lines_in_hunk(hunk)? {
            let line = patch.line_in_hunk(hunk, i)?;
            if line.origin() == '+' {
                if let Some(n) = line.new_lineno() {
                    lines.push(n);
                }
            }
        }
    }
    Ok(LineSet::from_lines(lines))
}

/// Diff options that read content as git stores it: text forced (a `binary` attribute must not
/// hide a `.env`), no external drivers, no prefix games.
fn diff_options() -> git2::DiffOptions {
    let mut opts = git2::DiffOptions::new();
    opts.force_text(true)
        .context_lines(0)
        .ignore_submodules(true)
        .include_typechange(true);
    opts
}

/// Whether a diff side is a regular file or executable (not a submodule, symlink or tree).
fn is_file(file: &git2::DiffFile<'_>) -> bool {
    matches!(
        file.mode(),
        git2::FileMode::Blob | git2::FileMode::BlobExecutable
    ) && !file.id().is_zero()
}

/// The path of a diff side, lossy for non-UTF-8 names.
fn diff_path(file: &git2::DiffFile<'_>) -> String {
    file.path_bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default()
}
