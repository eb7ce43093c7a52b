//! The two paths of every file a walk reads.
//!
//! - The **key path** identifies the file whatever directory the scan starts from: relative to
//!   the git work tree containing it; outside git, to the config file's directory when the file
//!   is below it; otherwise to the scan root. `/` separators. Fingerprints, baselines,
//!   `.gitleaksignore` and every config glob use it, so `keylint scan backend` from the
//!   repository root and `keylint scan .` from `backend/` agree, and the same secret in
//!   `backend/.env` and `worker/.env` has two fingerprints.
//! - The **display path** is the file as the user named it, relative to the current directory
//!   like ripgrep prints it: the root as given (without a leading `./`), then the rest of the
//!   path (`../app/lib/x.dart`; an absolute root stays absolute).
//!
//! ```
//! use keylint_input::PathMap;
//! // A scan of `.` at the root of its key base: both paths are the same.
//! let map = PathMap::identity();
//! assert_eq!(map.display("backend/.env"), "backend/.env");
//! ```

use std::path::{Path, PathBuf};

/// One walk root: where its files' key paths start and how the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Root {
    /// The root's own key path (`""` for the key base itself).
    key: String,
    /// The root as the user gave it, `/` separators, no leading `./` (`""` for `.`).
    shown: String,
}

/// Maps key paths back to display paths for one scan (see the [module docs](self)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathMap {
    /// Longest key first, so a nested root wins over the one containing it.
    roots: Vec<Root>,
}

impl PathMap {
    /// No mapping: display paths are key paths (git sources, stdin, a scan of `.` from the
    /// root of its key base).
    pub fn identity() -> PathMap {
        PathMap::default()
    }

    /// The map of a walk of `roots` (as given), with `config_dir` the directory of the config
    /// file in use, if any.
    pub fn of_roots(roots: &[PathBuf], config_dir: Option<&Path>) -> PathMap {
        let mut roots: Vec<Root> = roots
            .iter()
            .map(|given| Root {
                key: root_key(given, config_dir).unwrap_or_else(|_| shown_root(given)),
                shown: shown_root(given),
            })
            .collect();
        roots.sort_by_key(|r| std::cmp::Reverse(r.key.len()));
        PathMap { roots }
    }

    /// The display path of `key`: under the innermost root that holds it, else `key` itself;
    /// `.` for the current directory (a root given as `.`), never an empty name.
    pub fn display(&self, key: &str) -> String {
        let shown = self
            .roots
            .iter()
            .find_map(|root| below(&root.key, key).map(|rest| join(&root.shown, rest)))
            .unwrap_or_else(|| key.to_owned());
        if shown.is_empty() {
            ".".to_owned()
        } else {
            shown
        }
    }

    /// The key path of a display path this map made (the inverse of [`display`](Self::display)):
    /// for outputs that must name files from the repository root, such as GitHub annotations.
    pub fn key(&self, display: &str) -> String {
        let display = if display == "." { "" } else { display };
        let mut roots: Vec<&Root> = self.roots.iter().collect();
        roots.sort_by_key(|r| std::cmp::Reverse(r.shown.len()));
        roots
            .iter()
            .find_map(|root| below(&root.shown, display).map(|rest| join(&root.key, rest)))
            .unwrap_or_else(|| display.to_owned())
    }

    /// Whether every display path is its key path (nothing to rewrite).
    pub fn is_identity(&self) -> bool {
        self.roots.iter().all(|r| r.key == r.shown)
    }
}

/// The files met under overlapping roots (`scan . ../backend` from `backend/`, `scan backend
/// backend/src`), so that each is read and reported once, under the first root that holds it.
/// Free when no root is, or holds, another: then no file can be met twice.
#[derive(Debug, Default)]
pub struct SeenFiles {
    /// Canonical paths met so far; `None` when the roots do not overlap.
    seen: Option<std::sync::Mutex<std::collections::HashSet<PathBuf>>>,
}

impl SeenFiles {
    /// The tracker of a walk of `roots` (as given).
    pub fn of_roots(roots: &[PathBuf]) -> SeenFiles {
        let full: Vec<PathBuf> = roots
            .iter()
            .filter_map(|r| std::fs::canonicalize(r).ok())
            .collect();
        let overlap = full.iter().enumerate().any(|(i, a)| {
            full.iter()
                .enumerate()
                .any(|(j, b)| i != j && b.starts_with(a))
        });
        SeenFiles {
            seen: overlap.then(Default::default),
        }
    }

    /// Whether `file` is met for the first time (always, when the roots do not overlap).
    pub fn first_time(&self, file: &Path) -> bool {
        let Some(seen) = &self.seen else {
            return true;
        };
        let full = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        seen.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(full)
    }
}

/// The key path of the walk root `given` (a directory or a file): relative to its key base
/// ([`key_base`]). An error when its full path cannot be resolved: then nothing says what its
/// paths are relative to, and the walk reports the root as unread rather than guess (a guess
/// could give two files one fingerprint).
pub fn root_key(given: &Path, config_dir: Option<&Path>) -> std::io::Result<String> {
    let full = std::fs::canonicalize(given)?;
    let dir = if full.is_dir() {
        full.as_path()
    } else {
        full.parent().unwrap_or(&full)
    };
    let base = key_base(dir, config_dir);
    Ok(to_slash(full.strip_prefix(&base).unwrap_or(Path::new(""))))
}

/// The directory key paths under the canonical directory `dir` are relative to: the git work
/// tree containing it; else `config_dir` when `dir` is below it; else `dir` itself.
pub fn key_base(dir: &Path, config_dir: Option<&Path>) -> PathBuf {
    if let Some(tree) = dir.ancestors().find(|d| d.join(".git").exists()) {
        return tree.to_path_buf();
    }
    if let Some(config) = config_dir.and_then(|c| std::fs::canonicalize(c).ok()) {
        if dir.starts_with(&config) {
            return config;
        }
    }
    dir.to_path_buf()
}

/// What follows the directory `prefix` in `path` (`""` for `prefix` itself), when `path` is
/// `prefix` or below it; an empty prefix holds every path.
fn below<'p>(prefix: &str, path: &'p str) -> Option<&'p str> {
    if prefix.is_empty() {
        Some(path)
    } else if path == prefix {
        Some("")
    } else {
        path.strip_prefix(prefix)?.strip_prefix('/')
    }
}

/// `prefix/rest` without empty parts: the key path of `rest`, relative to a root whose key path
/// is `prefix`.
pub fn join(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) if prefix.ends_with('/') => format!("{prefix}{rest}"),
        (false, false) => format!("{prefix}/{rest}"),
    }
}

/// A root as the user gave it, `/` separators, without leading `./` (`.` is `""`).
fn shown_root(given: &Path) -> String {
    let shown = to_slash(given);
    let mut text = shown.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    if text == "." { "" } else { text }.to_owned()
}

/// `path` with `/` separators; lossy for non-UTF-8 names.
pub(crate) fn to_slash(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = parts.join("/");
    if path.has_root() && joined.starts_with("//") {
        joined[1..].to_owned()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(roots: &[(&str, &str)]) -> PathMap {
        let mut roots: Vec<Root> = roots
            .iter()
            .map(|(key, shown)| Root {
                key: (*key).to_owned(),
                shown: (*shown).to_owned(),
            })
            .collect();
        roots.sort_by_key(|r| std::cmp::Reverse(r.key.len()));
        PathMap { roots }
    }

    #[test]
    fn display_paths_start_with_the_root_as_given() {
        let m = map(&[("app", "../app"), ("backend", "")]);
        assert_eq!(m.display("app/lib/x.dart"), "../app/lib/x.dart");
        assert_eq!(m.display("backend/.env"), ".env");
        assert_eq!(m.display("other/x"), "other/x");
        let m = map(&[("backend", "/abs/backend"), ("", "")]);
        assert_eq!(m.display("backend/.env"), "/abs/backend/.env");
        assert_eq!(m.display("backendx/.env"), "backendx/.env");
        let file = map(&[("backend/.env", "../backend/.env")]);
        assert_eq!(file.display("backend/.env"), "../backend/.env");
        assert_eq!(file.key("../backend/.env"), "backend/.env");
        let m = map(&[("app", "../app"), ("backend", "")]);
        for key in ["app/lib/x.dart", "backend/.env", "backend/a/b"] {
            assert_eq!(m.key(&m.display(key)), key);
        }
    }

    #[test]
    fn roots_are_shown_without_dot_slash() {
        assert_eq!(shown_root(Path::new(".")), "");
        assert_eq!(shown_root(Path::new("./backend/")), "backend");
        assert_eq!(shown_root(Path::new("../app")), "../app");
        assert_eq!(shown_root(Path::new("/tmp/x")), "/tmp/x");
    }
}
