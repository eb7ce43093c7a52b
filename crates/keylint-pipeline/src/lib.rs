//! keylint's scan pipeline, shared by `scan`, `baseline create`, the git hooks and `fix`: read a
//! [`Source`] (a directory walk, stdin, the staged changes, a commit range, a history audit) or
//! a hook's [`CustomSource`], scan its blobs in parallel with the engine, lint the `.env` files
//! it reads and check key consistency over a tree, then merge and sort findings, diagnostics
//! and errors into one [`Scanned`], baseline applied.
//!
//! It resolves each job's settings from a loaded config and the neutral flags the application
//! fills ([`settings`], [`configure`]), runs on settings so resolved ([`ScanSettings`],
//! [`Plan`]), and never prints or exits: warnings come back with the results or go to a
//! callback.
//!
//! ```
//! use keylint_pipeline::{Plan, ScanSettings, Source, scan};
//! let dir = tempfile::tempdir().unwrap();
//! // A synthetic secret, assembled so that this source holds none.
//! let secret: String = ["Zq8Lx3Rf", "T0aPw9Vn", "2KcYb7Hj", "5Ms1Ud4Ge6Qo8Ri"].concat();
//! std::fs::write(dir.path().join("app.env"), format!("LIVEKIT_API_SECRET={secret}\n")).unwrap();
//! let source = Source::Paths(vec![dir.path().to_path_buf()]);
//! let walk = keylint_input::WalkOptions::default();
//! let plan = Plan {
//!     source: &source,
//!     custom: None,
//!     walk: &walk,
//!     env: None,
//!     keys: None,
//!     progress: None,
//!     started: std::time::Instant::now(),
//! };
//! let scanned = scan(plan, || {
//!     Ok(ScanSettings {
//!         engine: keylint_scan::Engine::builtin(),
//!         walk: walk.clone(),
//!         fail_on: keylint_core::Severity::High,
//!         baseline: None,
//!         gitleaks_ignore: None,
//!         verify: Default::default(),
//!         config: None,
//!     })
//! })
//! .unwrap();
//! assert_eq!(scanned.summary.files_scanned, 1);
//! assert!(!scanned.findings.is_empty());
//! ```
#![deny(missing_docs)]

mod collect;
pub mod configure;
pub mod env;
pub mod env_report;
pub mod lint;
pub mod paths;
mod scanned;
pub mod settings;
mod source;
pub mod verify;

pub use collect::{EnvInScan, Plan, Progress, scan};
pub use scanned::{Scanned, rule_meta};
pub use settings::ScanSettings;
pub use source::{
    CustomSource, ReadSource, Source, SourceFacts, SourceWarning, gitleaks_ignore_file,
};
