//! keylint's remediation (`keylint fix`): the edit that replaces a hardcoded secret by a read
//! of an environment variable ([`rewrite`]), and the plan that moves the secrets of a scan
//! into an env file and rewrites the sources ([`FixPlan`]). A library: it writes the files it
//! is asked to write, and never prints or exits.
//!
//! ```
//! use keylint_fix::rewrite::{rewrite_literal, Target};
//! let line = "const apiKey = 'abc';";
//! let start = line.find("abc").unwrap();
//! let (range, text) = rewrite_literal(line, start..start + 3, Target::JavaScript, "API_KEY").unwrap();
//! let mut out = line.to_owned();
//! out.replace_range(range, &text);
//! assert_eq!(out, "const apiKey = process.env.API_KEY;");
//! ```
#![deny(missing_docs)]

mod plan;
pub mod rewrite;

pub use plan::FixPlan;
