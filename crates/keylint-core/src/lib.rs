//! Shared vocabulary of keylint: what a [`Finding`] is, how bad it is ([`Severity`]), where it is
//! ([`Location`]), how a secret is shown ([`mask`]) and identified ([`Fingerprint`]), how a line opts out
//! ([`allow`]) and how users configure it ([`config`]).
//!
//! ```
//! use keylint_core::{mask, Fingerprint};
//! assert_eq!(mask("sk-proj-abcdefghijklmnopqrstuvwxyzQ4xA"), "sk-p…Q4xA");
//! let a = Fingerprint::new("openai-project-key", "sk-proj-abc", "src/app.ts");
//! let b = Fingerprint::new("openai-project-key", "sk-proj-abc", "src/app.ts");
//! assert_eq!(a, b);
//! ```
#![deny(missing_docs)]

pub mod allow;
pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod display;
pub mod file;
mod finding;
mod fingerprint;
pub mod gitleaks;
mod language;
pub mod loaded;
pub mod mask;
pub mod names;
pub mod parallel;
pub mod rule;
mod severity;
pub mod verification;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix};
pub use finding::{Finding, GitOrigin, Location};
pub use fingerprint::Fingerprint;
pub use language::Language;
pub use mask::{mask, mask_in, mask_spans};
pub use severity::{Severity, UnknownSeverity};
pub use verification::{Verification, VerifyStatus};
