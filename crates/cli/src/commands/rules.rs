//! The small commands: `rules`, `explain`, `init`. The catalog's rendering is keylint-report's
//! (`rules`).

use std::path::Path;

use keylint_pipeline::rule_meta;
use keylint_pipeline::settings::engine_for;
use keylint_report::RenderOptions;
use keylint_report::format::write;
use keylint_report::rules::{RuleList, RuleView, explain as explanation};
use keylint_scan::{RuleDoc, RuleKind};
use miette::{IntoDiagnostic as _, WrapErr as _};

use crate::args::{GlobalArgs, RulesArgs};
use crate::outcome::Outcome;
use crate::output::{emit, emit_with};
use crate::settings::{load_config, suggestion, warn};

/// What the catalog shows of `doc`.
fn view<'a>(doc: &'a RuleDoc<'a>) -> RuleView<'a> {
    RuleView {
        rule: rule_meta(doc),
        keywords: &doc.keywords,
        generic: doc.kind == RuleKind::Generic,
        pattern: doc.pattern,
    }
}

/// Runs `keylint rules`.
pub fn rules(global: &GlobalArgs, args: &RulesArgs) -> miette::Result<Outcome> {
    let loaded = load_config(global, Path::new("."))?;
    let engine = engine_for(&loaded, &mut warn)?;
    let docs = engine.rule_docs();
    let views: Vec<RuleView<'_>> = docs.iter().map(view).collect();
    let options = RenderOptions::default();
    emit_with(None, false, |out| {
        write(&RuleList(&views), args.format, &options, out)
    })?;
    Ok(Outcome::Clean)
}

/// Runs `keylint explain`.
pub fn explain(global: &GlobalArgs, rule_id: &str) -> miette::Result<Outcome> {
    let loaded = load_config(global, Path::new("."))?;
    let engine = engine_for(&loaded, &mut warn)?;
    let docs = engine.rule_docs();
    let Some(doc) = docs.iter().find(|d| d.id == rule_id) else {
        let known: Vec<&str> = docs.iter().map(|d| d.id).collect();
        return Err(miette::miette!(
            help = suggestion(rule_id, &known)
                .unwrap_or_else(|| "`keylint rules` lists every rule".into()),
            "no rule `{rule_id}`"
        ));
    };
    // Run the real engine on each example so its secret can be masked by position; an example
    // whose secret is not found is not shown at all rather than shown raw.
    let examples: Vec<String> = doc
        .examples
        .iter()
        .filter_map(|example| {
            let (path, text) = doc.example_input(example);
            let findings = engine.scan(&path, text.as_bytes());
            if !findings.iter().any(|f| f.rule_id == doc.id) {
                return None;
            }
            let mut shown = text.to_owned();
            for f in findings.iter().rev() {
                shown.replace_range(
                    f.location.byte_start..f.location.byte_end,
                    &f.display_secret(false),
                );
            }
            Some(shown)
        })
        .collect();
    let examples = (!doc.examples.is_empty()).then_some(examples.as_slice());
    emit(None, &explanation(&view(doc), examples))?;
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
    keylint_core::file::write_whole(path, false, |out| {
        out.write_all(keylint_core::config::TEMPLATE.as_bytes())
    })
    .into_diagnostic()
    .wrap_err_with(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(Outcome::Clean)
}
