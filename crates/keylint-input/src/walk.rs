use std::fs::File;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use crate::blob::{Blob, Bounded, SkipReason, decode, is_binary, read_bounded};
use crate::paths::SeenFiles;

/// Default size limit: files above it are skipped and listed.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// How to walk.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
    /// Globs, relative to each root, of paths never read.
    pub exclude: Vec<String>,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_symlinks: bool,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Honour `.gitignore`, `.ignore` and git's global excludes.
    pub respect_gitignore: bool,
    /// Directory of the config file in use: outside git, key paths below it are relative to
    /// it (see [`PathMap`](crate::PathMap)).
    pub config_dir: Option<PathBuf>,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            exclude: Vec::new(),
            follow_symlinks: false,
            threads: 0,
            respect_gitignore: true,
            config_dir: None,
        }
    }
}

/// What the walk reports, from its worker threads.
#[derive(Debug)]
pub enum Event {
    /// A file to scan.
    Blob(Blob),
    /// A file not scanned, and why.
    Skipped {
        /// Path as it would appear in a finding.
        path: String,
        /// Why.
        reason: SkipReason,
    },
    /// A file or directory that could not be read (permission, symlink loop, vanished file).
    Error {
        /// Path concerned, when known.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// Why a walk could not start.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// A root path does not exist or cannot be read.
    #[error("cannot scan `{path}`: {source}")]
    Root {
        /// The root as given.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A directory could not be listed ([`list`]): the message names the path.
    #[error("{message}")]
    Listing {
        /// The root listed.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// An `exclude` glob does not parse.
    #[error("invalid exclude glob `{glob}`: {message}")]
    Glob {
        /// The glob.
        glob: String,
        /// The parser's message.
        message: String,
    },
}

/// Walks `roots` in parallel and calls `visit` (from several threads) for every file.
///
/// Hidden files are scanned (`.env` is where secrets live) but `.git` is not. Paths in events
/// are key paths (see [`PathMap`](crate::PathMap)): relative to the git work tree holding the
/// root (else the config file's directory, else the root), always with `/`; `exclude` globs
/// match them.
pub fn walk<F>(roots: &[PathBuf], options: &WalkOptions, visit: F) -> Result<(), WalkError>
where
    F: Fn(Event) + Sync,
{
    walk_once(roots, options, &SeenFiles::of_roots(roots), visit)
}

/// [`walk`], skipping the files `seen` has met already: a caller that walks overlapping roots
/// one at a time passes the same tracker ([`SeenFiles::of_roots`] of all of them) to each walk,
/// so a file is read once, under the first root that holds it.
pub fn walk_once<F>(
    roots: &[PathBuf],
    options: &WalkOptions,
    seen: &SeenFiles,
    visit: F,
) -> Result<(), WalkError>
where
    F: Fn(Event) + Sync,
{
    let exclude = exclude_set(&options.exclude)?;
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|source| WalkError::Root {
            path: root.display().to_string(),
            source,
        })?;
        // Without its key path, this root's fingerprints, baselines and globs would be
        // relative to something else than every other root's: not read, and said so.
        let key = match crate::paths::root_key(root, options.config_dir.as_deref()) {
            Ok(key) => key,
            // A stream named on the command line (`/dev/stdin`, `<(…)`) is in no tree: its
            // name is its key.
            Err(_) if !meta.is_dir() && !meta.is_file() => display_path(root),
            Err(err) => {
                visit(Event::Error {
                    path: display_path(root),
                    message: format!(
                        "cannot resolve its full path ({err}), which its paths are keyed by; \
                         not scanned"
                    ),
                });
                continue;
            }
        };
        if meta.is_dir() {
            if options.respect_gitignore {
                if let Some(blocked) = blocked_ignore_file_above(root) {
                    // Named by its key path when it is the root's own, else the root is.
                    let path = if blocked.file.parent() == Some(root) {
                        crate::paths::join(&key, &relative_path(root, &blocked.file))
                    } else {
                        key
                    };
                    visit(Event::Error {
                        path,
                        message: blocked.reason(),
                    });
                    continue;
                }
            }
            walk_dir(root, &key, options, (exclude.as_ref(), seen), &visit);
        } else if seen.first_time(root) {
            // A path named on the command line is read whatever it is: a FIFO, `/dev/stdin`,
            // `<(…)` or a device is read as a stream, under the same size limit as files.
            read_file(root, key, options.max_file_size, Named::Explicitly, &visit);
        }
    }
    Ok(())
}

/// Walks the directory `root`, whose key path is `key`.
fn walk_dir<F>(
    root: &Path,
    key: &str,
    options: &WalkOptions,
    (exclude, seen): (Option<&GlobSet>, &SeenFiles),
    visit: &F,
) where
    F: Fn(Event) + Sync,
{
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .follow_links(options.follow_symlinks)
        .git_ignore(options.respect_gitignore)
        .git_global(options.respect_gitignore)
        .git_exclude(options.respect_gitignore)
        .ignore(options.respect_gitignore)
        .parents(options.respect_gitignore)
        .require_git(false)
        .threads(options.threads);
    let blocked = IgnoreGuard::default();
    let guard = options.respect_gitignore.then(|| blocked.clone());
    builder.filter_entry(move |entry| {
        entry.file_name() != ".git" && guard.as_ref().is_none_or(|g| g.lets_in(entry))
    });
    builder.build_parallel().run(|| {
        Box::new(move |result| {
            let entry = match result {
                Ok(entry) => entry,
                Err(err) => {
                    visit(Event::Error {
                        path: error_path(&err),
                        message: error_message(&err),
                    });
                    return WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_dir()) && !seen.first_time(entry.path()) {
                // Under an earlier root too: read and reported there.
                return WalkState::Continue;
            }
            let relative = crate::paths::join(key, &relative_path(root, entry.path()));
            if exclude.is_some_and(|set| set.is_match(&relative)) {
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    visit(Event::Skipped {
                        path: relative,
                        reason: SkipReason::Excluded,
                    });
                }
                return if entry.file_type().is_some_and(|t| t.is_dir()) {
                    WalkState::Skip
                } else {
                    WalkState::Continue
                };
            }
            match entry.file_type() {
                Some(t) if t.is_file() => {
                    read_file(
                        entry.path(),
                        relative,
                        options.max_file_size,
                        Named::ByWalk,
                        visit,
                    );
                }
                Some(t) if t.is_dir() || t.is_symlink() => {}
                _ => visit(Event::Skipped {
                    path: relative,
                    reason: SkipReason::NotRegular,
                }),
            }
            WalkState::Continue
        })
    });
    for found in blocked.found() {
        visit(Event::Error {
            path: crate::paths::join(key, &relative_path(root, &found.file)),
            message: found.reason(),
        });
    }
}

/// The files the walker reads in every directory it enters when it honours ignore files (and
/// `.git/info/exclude` of a work tree), with a blocking read: a FIFO there would hang the walk.
const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore", ".git/info/exclude"];

/// An ignore file that is not a regular file: its directory is not entered.
#[derive(Debug, Clone)]
struct BlockedIgnoreFile {
    /// The ignore file.
    file: PathBuf,
    /// The directory not entered because of it.
    dir: PathBuf,
}

impl BlockedIgnoreFile {
    /// The first ignore file of `dir` that exists and is neither a regular file nor a
    /// directory (a directory is no ignore file, and reading it fails without blocking).
    fn in_dir(dir: &Path) -> Option<BlockedIgnoreFile> {
        IGNORE_FILES.iter().find_map(|name| {
            let file = dir.join(name);
            let meta = std::fs::metadata(&file).ok()?;
            (!meta.is_file() && !meta.is_dir()).then(|| BlockedIgnoreFile {
                file,
                dir: dir.to_path_buf(),
            })
        })
    }

    /// Why the directory was not read, for an unread-input message.
    fn reason(&self) -> String {
        let named = |path: &Path| match to_slash(path) {
            shown if shown.is_empty() => ".".to_owned(),
            shown => shown,
        };
        format!(
            "ignore file {} is not a regular file (FIFO, socket or device): reading it could \
             block forever, so {} was not scanned",
            named(&self.file),
            named(&self.dir)
        )
    }
}

/// The first blocked ignore file in the directory `root` or above it (the walker reads the
/// ignore files of a root's parents too); the directory not scanned is `root` (as given), and
/// the file is named from it when it is the root's own.
fn blocked_ignore_file_above(root: &Path) -> Option<BlockedIgnoreFile> {
    let full = std::fs::canonicalize(root).ok()?;
    full.ancestors().find_map(|dir| {
        BlockedIgnoreFile::in_dir(dir).map(|mut found| {
            if dir == full {
                found.file = root.join(found.file.strip_prefix(dir).unwrap_or(&found.file));
            }
            found.dir = root.to_path_buf();
            found
        })
    })
}

/// Keeps the walker out of directories whose ignore files it would block on (checked before it
/// enters them; their ignore files are read on entry), and remembers them.
#[derive(Debug, Clone, Default)]
struct IgnoreGuard(std::sync::Arc<std::sync::Mutex<Vec<BlockedIgnoreFile>>>);

impl IgnoreGuard {
    /// Whether the walker may enter `entry` (anything but a directory with a blocked ignore
    /// file).
    fn lets_in(&self, entry: &ignore::DirEntry) -> bool {
        if !entry.file_type().is_some_and(|t| t.is_dir()) {
            return true;
        }
        let Some(found) = BlockedIgnoreFile::in_dir(entry.path()) else {
            return true;
        };
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(found);
        false
    }

    /// The blocked ignore files met, sorted.
    fn found(&self) -> Vec<BlockedIgnoreFile> {
        let mut found = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        found.sort_by(|a, b| a.file.cmp(&b.file));
        found
    }
}

/// A predicate on a path relative to the listed root (`/` separators): see [`ListOptions::skip`].
pub type SkipPath = std::sync::Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// What [`list`] lists under a directory (besides what `.gitignore` and `.ignore` leave out;
/// hidden files are listed, `.git` is never entered).
#[derive(Default, Clone)]
pub struct ListOptions<'a> {
    /// Name globs of the only files listed, listed even when `.gitignore` ignores them (the
    /// directories it ignores are still not entered); empty: every file.
    pub only_names: &'a [&'a str],
    /// Names of directories never entered.
    pub skip_dirs: &'static [&'static str],
    /// Leaves out the paths (relative to the root, `/` separators) it says: a directory is not
    /// entered.
    pub skip: Option<SkipPath>,
}

/// The files under the directory `root` that `options` asks for, sorted: the listing
/// the `.env` discovery and the key check's collectors use (this module's [`walk`] reads
/// files for a scan). `.gitignore` counts inside a git repository, as git sees it.
pub fn list(root: &Path, options: &ListOptions<'_>) -> Result<Vec<PathBuf>, WalkError> {
    let failed = |e: ignore::Error| WalkError::Listing {
        path: to_slash(root),
        message: e.to_string(),
    };
    let mut builder = WalkBuilder::new(root);
    builder.hidden(false);
    if !options.only_names.is_empty() {
        let mut names = ignore::overrides::OverrideBuilder::new(root);
        for glob in options.only_names {
            names.add(glob).map_err(failed)?;
        }
        builder.overrides(names.build().map_err(failed)?);
    }
    let blocked_listing = |found: &BlockedIgnoreFile| WalkError::Listing {
        path: to_slash(root),
        message: found.reason(),
    };
    if root.is_dir() {
        if let Some(found) = blocked_ignore_file_above(root) {
            return Err(blocked_listing(&found));
        }
    }
    let (skip_dirs, skip) = (options.skip_dirs, options.skip.clone());
    let base = root.to_path_buf();
    let blocked = IgnoreGuard::default();
    let guard = blocked.clone();
    // The parallel walker (one thread) asks the filter before it enters a directory and reads
    // its ignore files; the sequential one reads them even for a directory the filter skips.
    builder.threads(1).filter_entry(move |e| {
        let name = e.file_name();
        name != ".git"
            && !skip_dirs.iter().any(|d| name == *d)
            && (e.depth() == 0
                || !skip
                    .as_ref()
                    .is_some_and(|skip| skip(&skip_key(&base, e.path()))))
            && guard.lets_in(e)
    });
    let listed = std::sync::Mutex::new((Vec::new(), None));
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            let mut listed = listed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match entry {
                Err(e) => {
                    listed.1.get_or_insert(e);
                    WalkState::Quit
                }
                // FIFOs, sockets and devices are listed too, so that their readers report them
                // as not read (never opening them: a FIFO would block) instead of skipping them
                // unseen.
                Ok(entry) => {
                    if entry
                        .file_type()
                        .is_some_and(|t| !t.is_dir() && !t.is_symlink())
                    {
                        listed.0.push(entry.into_path());
                    }
                    WalkState::Continue
                }
            }
        })
    });
    let (mut out, error) = listed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(e) = error {
        return Err(failed(e));
    }
    if let Some(found) = blocked.found().first() {
        return Err(blocked_listing(found));
    }
    out.sort();
    Ok(out)
}

/// How a path came to be read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Named {
    /// Given as a root: read whatever it is (a pipe or device as a stream).
    Explicitly,
    /// Found by the walk: only regular files are read (opening a FIFO would block).
    ByWalk,
}

/// Reads one file, applying the size limit and the binary check. A non-regular file named
/// explicitly is read as a stream, up to the limit: one that goes on past it is an error (it
/// was not read, so the scan is incomplete), never a clean result.
fn read_file<F: Fn(Event)>(path: &Path, shown: String, max_size: u64, named: Named, visit: &F) {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) => {
            return visit(Event::Error {
                path: shown,
                message: err.to_string(),
            });
        }
    };
    let stream = match file.metadata() {
        Ok(meta) if !meta.is_file() && named == Named::ByWalk => {
            return visit(Event::Skipped {
                path: shown,
                reason: SkipReason::NotRegular,
            });
        }
        Ok(meta) if meta.is_file() && meta.len() > max_size => {
            return visit(Event::Skipped {
                path: shown,
                reason: SkipReason::TooLarge(meta.len()),
            });
        }
        Ok(meta) => !meta.is_file(),
        Err(err) => {
            return visit(Event::Error {
                path: shown,
                message: err.to_string(),
            });
        }
    };
    let stream = stream.then_some("not a regular file");
    visit(read_content(file, shown, max_size, stream));
}

/// Reads `reader` whole, at most `max_size` bytes ([`read_bounded`]), as the blob `shown`;
/// binary content is skipped. When there is more: a `stream` (stdin, a pipe, a device; named by
/// what it is in the message) was not read, an error that makes the scan incomplete; a regular
/// file grew past the limit while it was read, skipped as too large.
pub(crate) fn read_content(
    reader: impl std::io::Read,
    shown: String,
    max_size: u64,
    stream: Option<&str>,
) -> Event {
    let bytes = match read_bounded(reader, max_size) {
        Ok(Bounded::Complete(bytes)) => bytes,
        Ok(Bounded::TooLarge) if stream.is_some() => {
            let what = stream.unwrap_or_default();
            return Event::Error {
                path: shown,
                message: format!(
                    "{what}, read as a stream: it goes on past the size limit ({max_size} \
                     bytes), so reading stopped there and none of it was scanned"
                ),
            };
        }
        Ok(Bounded::TooLarge) => {
            return Event::Skipped {
                path: shown,
                reason: SkipReason::TooLarge(max_size.saturating_add(1)),
            };
        }
        Err(err) => {
            return Event::Error {
                path: shown,
                message: err.to_string(),
            };
        }
    };
    let (bytes, encoding) = decode(bytes);
    if is_binary(&bytes) {
        return Event::Skipped {
            path: shown,
            reason: SkipReason::Binary,
        };
    }
    Event::Blob(Blob {
        path: shown,
        bytes,
        encoding,
        origin: None,
    })
}

/// The matcher of [`WalkOptions::exclude`] globs, as the walk applies them to root-relative
/// paths (`dir` also excludes everything below it); `None` when there are none. For callers
/// that list files of the same tree by other means and must leave out the same ones.
pub fn exclude_set(globs: &[String]) -> Result<Option<GlobSet>, WalkError> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let parsed = Glob::new(glob).map_err(|e| WalkError::Glob {
            glob: glob.clone(),
            message: e.kind().to_string(),
        })?;
        builder.add(parsed);
        // `dir` excludes everything below it too.
        if !glob.ends_with("/**") {
            if let Ok(below) = Glob::new(&format!("{}/**", glob.trim_end_matches('/'))) {
                builder.add(below);
            }
        }
    }
    builder.build().map(Some).map_err(|e| WalkError::Glob {
        glob: globs.join(", "),
        message: e.to_string(),
    })
}

/// `path` relative to `root`, with `/` separators; lossy for non-UTF-8 names.
fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    to_slash(rel)
}

/// `path` relative to `root` as [`ListOptions::skip`] sees it ([`slash_path`]).
fn skip_key(root: &Path, path: &Path) -> String {
    slash_path(path.strip_prefix(root).unwrap_or(path))
}

/// `path` with `/` separators (a `\\` too) and no leading `./`, lossy for non-UTF-8 names: one
/// string, cheap enough to ask for every entry of a listing.
pub fn slash_path(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    shown.strip_prefix("./").map(str::to_owned).unwrap_or(shown)
}

/// A file root shown as given, without a leading `./`.
fn display_path(path: &Path) -> String {
    let shown = to_slash(path);
    shown.strip_prefix("./").map(str::to_owned).unwrap_or(shown)
}

use crate::paths::to_slash;

fn error_path(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { path, .. } => to_slash(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => to_slash(child),
        _ => String::new(),
    }
}

fn error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_message(err)
        }
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop back to {}", ancestor.display())
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{ListOptions, list};

    /// A git work tree (an empty `.git` is enough for `.gitignore` to count) with an ignored
    /// `.env`, an ignored directory and a `node_modules`.
    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in [
            (".gitignore", ".env\nbuild/\n"),
            (".env", "A=1\n"),
            ("app/.env.local", "A=1\n"),
            ("app/main.ts", "x\n"),
            ("build/.env", "A=1\n"),
            ("node_modules/pkg/.env.production", "A=1\n"),
        ] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir .git");
        dir
    }

    fn listed(dir: &tempfile::TempDir, options: &ListOptions<'_>) -> Vec<String> {
        let mut out: Vec<String> = list(dir.path(), options)
            .expect("listed")
            .iter()
            .map(|p| super::relative_path(dir.path(), p))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn list_honours_gitignore_and_its_options() {
        let dir = tree();
        let all = listed(&dir, &ListOptions::default());
        assert_eq!(
            all,
            [
                ".gitignore",
                "app/.env.local",
                "app/main.ts",
                "node_modules/pkg/.env.production"
            ]
        );
        // Name globs list ignored files too, but ignored directories stay closed.
        let env = ListOptions {
            only_names: &[".env", ".env.*"],
            skip_dirs: &["node_modules"],
            ..ListOptions::default()
        };
        assert_eq!(listed(&dir, &env), [".env", "app/.env.local"]);
        let skip = ListOptions {
            skip: Some(std::sync::Arc::new(|path: &str| path == "app")),
            ..ListOptions::default()
        };
        assert_eq!(
            listed(&dir, &skip),
            [".gitignore", "node_modules/pkg/.env.production"]
        );
    }
}
