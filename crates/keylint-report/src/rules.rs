//! `keylint rules` and `keylint explain`: the rule catalog as a [`RuleList`] document (human
//! table, JSON), and one rule explained ([`explain`]).
//!
//! ```
//! use keylint_core::Severity;
//! use keylint_report::RenderOptions;
//! use keylint_report::format::{Document, Format};
//! use keylint_report::rules::{RuleList, RuleView};
//! use keylint_report::sarif::RuleMeta;
//! let rule = RuleView {
//!     rule: RuleMeta {
//!         id: "demo-token",
//!         name: "Demo token",
//!         description: "A token of the demo service.",
//!         severity: Severity::High,
//!         rotate: None,
//!     },
//!     keywords: &["demo_"],
//!     generic: false,
//!     pattern: None,
//! };
//! let table = RuleList(&[rule]).render(Format::Human, &RenderOptions::default()).unwrap();
//! assert_eq!(table, "demo-token  high      demo_\n1 rules\n");
//! ```

use std::fmt::Write as _;

use colored::Colorize as _;

use crate::RenderOptions;
use crate::format::{Document, Format};
use crate::sarif::RuleMeta;

/// What the catalog shows of a rule: what SARIF shows of it, and how it is found.
#[derive(Debug, Clone, Copy)]
pub struct RuleView<'a> {
    /// Id, name, description, severity, rotation.
    pub rule: RuleMeta<'a>,
    /// Prefilter keywords.
    pub keywords: &'a [&'a str],
    /// A generic rule (assignments to secret-looking names) rather than a provider pattern.
    pub generic: bool,
    /// The pattern (regex rules).
    pub pattern: Option<&'a str>,
}

/// The rules `keylint rules` lists: a table for people, or a JSON array.
#[derive(Debug, Clone, Copy)]
pub struct RuleList<'a>(pub &'a [RuleView<'a>]);

impl Document for RuleList<'_> {
    fn render(&self, format: Format, _options: &RenderOptions) -> Option<String> {
        let rules = self.0;
        match format {
            Format::Json => {
                let rows: Vec<serde_json::Value> = rules
                    .iter()
                    .map(|d| {
                        serde_json::json!({
                            "id": d.rule.id, "name": d.rule.name, "severity": d.rule.severity, "keywords": d.keywords,
                            "kind": if d.generic { "generic" } else { "pattern" },
                        })
                    })
                    .collect();
                serde_json::to_string_pretty(&rows)
                    .ok()
                    .map(|doc| doc + "\n")
            }
            Format::Human => {
                let width = rules.iter().map(|d| d.rule.id.len()).max().unwrap_or(0);
                let mut out = String::new();
                for d in rules {
                    let _ = writeln!(
                        out,
                        "{:<width$}  {:<8}  {}",
                        d.rule.id,
                        d.rule.severity.as_str(),
                        d.keywords.join(", ")
                    );
                }
                let _ = writeln!(out, "{} rules", rules.len());
                Some(out)
            }
            _ => None,
        }
    }
}

/// `keylint explain`: what `rule` finds, its `examples` (secrets already masked; `None` when
/// the rule has none), and how to fix a leak.
#[must_use]
pub fn explain(view: &RuleView<'_>, examples: Option<&[String]>) -> String {
    let rule = &view.rule;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        rule.id.bold(),
        format!("({})", rule.severity).dimmed()
    );
    let _ = writeln!(out, "{}\n", rule.name);
    let _ = writeln!(out, "{}\n", rule.description);
    if let Some(pattern) = view.pattern {
        let _ = writeln!(out, "{} {}", "pattern: ".bold(), pattern);
    }
    let _ = writeln!(out, "{} {}", "keywords:".bold(), view.keywords.join(", "));
    if let Some(examples) = examples {
        let _ = writeln!(out, "\n{}", "examples (secrets masked):".bold());
        for example in examples {
            let _ = writeln!(out, "  {example}");
        }
    }
    let _ = writeln!(out, "\n{}", "how to fix a leak:".bold());
    let _ = writeln!(
        out,
        "  1. rotate: {}",
        rule.rotate
            .unwrap_or("revoke the credential with its provider and issue a new one")
    );
    let _ = writeln!(
        out,
        "  2. move the new value out of the source: environment variable or secret manager (keylint shows the exact code for each file)"
    );
    let _ = writeln!(
        out,
        "  3. if it was committed, remove it from history (git filter-repo) and force-push; tell collaborators to re-clone"
    );
    out
}
