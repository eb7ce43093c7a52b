//! keylint's key-consistency check: collect every definition of a credential across a repository
//! (`.env*` files, docker-compose, LiveKit's `livekit.yaml` and `LIVEKIT_KEYS`, Kubernetes
//! Secrets and ConfigMaps, Dart and TS/JS constants, GitHub workflow `env:`), group those that
//! must be equal, and report mismatches, missing definitions, copies and short secrets.
//!
//! Values stay in memory: they are compared by SHA-256 ([`Value`]) and reports carry only
//! masked forms and *how* two values differ (length, trailing space, first differing character).
//!
//! ```
//! use keylint_keys::{check, collect_paths};
//! let dir = tempfile::tempdir().unwrap();
//! // A synthetic secret, assembled so that this source holds none.
//! let secret: String = ["Zq8Lx3Rf", "T0aPw9Vn", "2KcYb7Hj", "5Ms1Ud4Ge"].concat();
//! let env = format!("LIVEKIT_API_KEY=devkey\nLIVEKIT_API_SECRET={secret}6\n");
//! std::fs::write(dir.path().join(".env"), env).unwrap();
//! let server = format!("port: 7880\nkeys:\n  devkey: {secret}X\n");
//! std::fs::write(dir.path().join("livekit.yaml"), server).unwrap();
//! let collection = collect_paths(&[dir.path().to_path_buf()]).unwrap();
//! let report = check(&collection);
//! assert_eq!(report.problems[0].code, "mismatch");
//! assert!(report.problems[0].sites[1].label.contains("one character differs: character 34"));
//! ```
#![deny(missing_docs)]
// LiveKit, ConfigMap, GitHub, MarkedYaml … are names of things, not code to put in backticks.
#![allow(clippy::doc_markdown)]

mod check;
pub mod collect;
pub mod model;
pub mod names;
pub mod report;
mod settings;
pub mod text;
mod value;
pub mod walk;

pub use check::{CheckOptions, MIN_SECRET_LENGTH, check, check_with};
pub use model::{Collection, Definition, Kind};
pub use report::{CODES, DIAGNOSTIC_PREFIX, Problem, Report, Site, code_info};
pub use settings::KeysSettings;
pub use value::{Value, difference};

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Collects every definition under `roots` (files or directories).
pub fn collect_paths(roots: &[PathBuf]) -> Result<Collection, walk::WalkError> {
    collect_paths_except(roots, &walk::skip_nothing(), None)
}

/// [`collect_paths`], leaving out the paths `skip` names (key paths, with `config_dir` the
/// config file's directory: see [`walk::files_except`]).
pub fn collect_paths_except(
    roots: &[PathBuf],
    skip: &walk::Skip,
    config_dir: Option<&Path>,
) -> Result<Collection, walk::WalkError> {
    let files = walk::files_except(roots, skip, config_dir)?;
    let mut c = Collection::default();
    walk::read_all(&mut c, &files);
    Ok(c)
}

/// Collects from files that another walk reads anyway (`keylint scan` hands over each file it
/// scans, from its worker threads), so the tree is walked and read once.
///
/// ```
/// use std::path::Path;
/// let gather = keylint_keys::Gather::default();
/// gather.add(".env", Path::new(".env"), b"LIVEKIT_API_SECRET=short\n");
/// gather.add("main.rs", Path::new("main.rs"), b"fn main() {}"); // not a kind it reads
/// let collection = gather.finish();
/// assert_eq!(collection.files_read, 1);
/// assert_eq!(keylint_keys::check(&collection).problems[0].code, "short-secret");
/// ```
#[derive(Debug, Default)]
pub struct Gather {
    parts: Mutex<Vec<(String, Collection)>>,
    seen: Mutex<HashSet<String>>,
}

impl Gather {
    /// Collects one file already read, if it is of a kind the collectors read
    /// ([`walk::wanted`]); `display` is its path in reports, `real` its path on disk.
    pub fn add(&self, display: &str, real: &Path, bytes: &[u8]) {
        if !walk::wanted(real) || bytes.len() as u64 > walk::MAX_FILE_SIZE {
            return;
        }
        let part = walk::collect_file(display, real, bytes);
        lock(&self.seen).insert(display.to_owned());
        lock(&self.parts).push((display.to_owned(), part));
    }

    /// Reads and collects a file the other walk did not read (an env file `.gitignore`
    /// ignores), unless it was handed over already.
    pub fn add_unseen(&self, display: &str, real: &Path) {
        if lock(&self.seen).contains(display) || !walk::wanted(real) {
            return;
        }
        let mut part = Collection::default();
        walk::read_as(&mut part, display, real);
        lock(&self.seen).insert(display.to_owned());
        lock(&self.parts).push((display.to_owned(), part));
    }

    /// Everything collected, in path order (the same report whatever order files came in).
    pub fn finish(self) -> Collection {
        let mut parts = self
            .parts
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        parts.sort_by(|a, b| a.0.cmp(&b.0));
        let mut c = Collection::default();
        for (_, part) in parts {
            c.merge(part);
        }
        c
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means another worker panicked; the data is still usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_matches_a_walk_whatever_the_order() {
        let dir = tempfile::tempdir().unwrap();
        let secret: String = ["Zq8Lx3Rf", "T0aPw9Vn", "2KcYb7Hj", "5Ms1Ud4Ge"].concat();
        let files = [
            (".env", format!("LIVEKIT_API_SECRET={secret}1\n")),
            (
                "web/config.ts",
                format!("const LIVEKIT_API_SECRET = '{secret}2';\n"),
            ),
            (
                "web/other.ts",
                "const url = 'wss://example.test';\n".to_owned(),
            ),
            ("livekit.yaml", format!("keys:\n  devkey: {secret}3\n")),
        ];
        for (path, text) in &files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let walked = collect_paths(&[dir.path().to_path_buf()]).unwrap();
        let gather = Gather::default();
        for (path, text) in files.iter().rev() {
            gather.add(path, &dir.path().join(path), text.as_bytes());
        }
        gather.add_unseen(".env", &dir.path().join(".env"));
        let gathered = gather.finish();
        assert_eq!(gathered.files_read, 4);
        let names = |c: &Collection| -> Vec<(String, u32)> {
            c.definitions
                .iter()
                .map(|d| (d.name.clone(), d.loc.line))
                .collect()
        };
        assert_eq!(names(&gathered), names(&walked));
        // A file of strings that defines nothing keeps no text in memory.
        assert!(!gathered.texts.contains_key("web/other.ts"));
        assert_eq!(
            check(&gathered).problems.len(),
            check(&walked).problems.len()
        );
    }
}
