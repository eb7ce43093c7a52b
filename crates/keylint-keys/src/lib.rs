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
pub mod text;
mod value;
pub mod walk;

pub use check::{MIN_SECRET_LENGTH, check};
pub use model::{Collection, Definition, Kind};
pub use report::{CODES, Problem, Report, Site};
pub use value::{Value, difference};

/// Collects every definition under `roots` (files or directories).
pub fn collect_paths(roots: &[std::path::PathBuf]) -> Result<Collection, walk::WalkError> {
    let files = walk::files(roots)?;
    let mut c = Collection::default();
    walk::read_all(&mut c, &files);
    Ok(c)
}
