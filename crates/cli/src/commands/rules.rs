//! The small commands: `rules`, `explain`, `init`.

use std::fmt::Write as _;
use std::path::Path;

use colored::Colorize as _;
use miette::{IntoDiagnostic as _, WrapErr as _};

use crate::args::{Format, GlobalArgs, RulesArgs};
use crate::outcome::Outcome;
use crate::output::emit;
use crate::settings::scan::engine_for;
use crate::settings::{load_config, suggestion};

/// Runs `keylint rules`.
pub fn rules(global: &GlobalArgs, args: &RulesArgs) -> miette::Result<Outcome> {
    let loaded = load_config(global, Path::new("."))?;
    let engine = engine_for(&loaded)?;
    let docs = engine.rule_docs();
    let out = match args.format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = docs
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "id": d.id, "name": d.name, "severity": d.severity, "keywords": d.keywords,
                        "kind": match d.kind { keylint_scan::RuleKind::Pattern => "pattern", keylint_scan::RuleKind::Generic => "generic" },
                    })
                })
                .collect();
            serde_json::to_string_pretty(&rows).into_diagnostic()? + "\n"
        }
        Format::Human => {
            let width = docs.iter().map(|d| d.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for d in &docs {
                let _ = writeln!(
                    out,
                    "{:<width$}  {:<8}  {}",
                    d.id,
                    d.severity.as_str(),
                    d.keywords.join(", ")
                );
            }
            let _ = writeln!(out, "{} rules", docs.len());
            out
        }
    };
    emit(None, &out)?;
    Ok(Outcome::Clean)
}

/// Runs `keylint explain`.
pub fn explain(global: &GlobalArgs, rule_id: &str) -> miette::Result<Outcome> {
    let loaded = load_config(global, Path::new("."))?;
    let engine = engine_for(&loaded)?;
    let docs = engine.rule_docs();
    let Some(doc) = docs.iter().find(|d| d.id == rule_id) else {
        let known: Vec<&str> = docs.iter().map(|d| d.id).collect();
        return Err(miette::miette!(
            help = suggestion(rule_id, &known)
                .unwrap_or_else(|| "`keylint rules` lists every rule".into()),
            "no rule `{rule_id}`"
        ));
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        doc.id.bold(),
        format!("({})", doc.severity).dimmed()
    );
    let _ = writeln!(out, "{}\n", doc.name);
    let _ = writeln!(out, "{}\n", doc.description);
    if let Some(pattern) = doc.pattern {
        let _ = writeln!(out, "{} {}", "pattern: ".bold(), pattern);
    }
    let _ = writeln!(out, "{} {}", "keywords:".bold(), doc.keywords.join(", "));
    if !doc.examples.is_empty() {
        let _ = writeln!(out, "\n{}", "examples (secrets masked):".bold());
        for example in &doc.examples {
            // Run the real engine on the example so its secret can be masked by position; an
            // example whose secret is not found is not shown at all rather than shown raw.
            let (path, text) = doc.example_input(example);
            let findings = engine.scan(&path, text.as_bytes());
            if !findings.iter().any(|f| f.rule_id == doc.id) {
                continue;
            }
            let mut shown = text.to_owned();
            for f in findings.iter().rev() {
                shown.replace_range(
                    f.location.byte_start..f.location.byte_end,
                    &f.display_secret(false),
                );
            }
            let _ = writeln!(out, "  {shown}");
        }
    }
    let _ = writeln!(out, "\n{}", "how to fix a leak:".bold());
    let _ = writeln!(
        out,
        "  1. rotate: {}",
        doc.rotate
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
    emit(None, &out)?;
    Ok(Outcome::Clean)
}

/// Runs `keylint init`.
pub fn init(path: &Path, force: bool) -> miette::Result<Outcome> {
    if path.exists() && !force {
        return Err(miette::miette!(
            help = "pass --force to overwrite it",
            "{} already exists",
            path.display()
        ));
    }
    std::fs::write(path, keylint_core::config::TEMPLATE)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(Outcome::Clean)
}
