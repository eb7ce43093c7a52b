//! keylint's engine: bytes in, findings out.
//!
//! One Aho-Corasick pass finds every rule keyword (and the generic detector's name words) in the
//! content; only the rules whose keywords occur run their regex; the captured secret then goes
//! through the filters (entropy, character classes, checksum, placeholders, stopwords, allowlists,
//! inline `keylint:allow`) before it becomes a [`Finding`](keylint_core::Finding).
//!
//! ```
//! use keylint_scan::Engine;
//! let engine = Engine::builtin();
//! let line = "OPENAI_API_KEY=sk-proj-Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dT3BlbkFJeF9gH1jK3lM5nP7qR9sT1uV3wX5yZ7aB9cD1eF3gH5jK7Q4xA"; // keylint:allow
//! let findings = engine.scan("backend/.env", line.as_bytes());
//! assert_eq!(findings[0].rule_id, "openai-project-key");
//! assert_eq!(findings[0].display_secret(false), "sk-p…Q4xA");
//! assert!(engine.scan("x.env", b"OPENAI_API_KEY=sk-proj-...").is_empty());
//! ```
#![deny(missing_docs)]

mod checksum;
pub mod configure;
mod context;
mod decode;
pub mod devcred;
mod engine;
pub mod generic;
mod invisible;
mod lines;
pub mod place;
pub mod placeholder;
pub mod randomness;
#[cfg(feature = "rule-stats")]
mod stats;
mod view;
mod window;

pub use engine::{
    AllowedCounts, Allowlist, Engine, EngineError, EngineOptions, MAX_FINDINGS_PER_RULE, RuleDoc,
    RuleKind, Scanned,
};
pub use lines::LineIndex;
