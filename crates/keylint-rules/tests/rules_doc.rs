//! `docs/rules.md` is generated from the rule catalog: this test regenerates it in memory and
//! fails when the committed file differs. `KEYLINT_BLESS=1 cargo test -p keylint-rules --test
//! rules_doc` rewrites it.

use std::fmt::Write as _;
use std::path::PathBuf;

use keylint_rules::{RULE_FILES, RuleSpec, parse_file};

/// Where the generated table lives, from the workspace root.
const DOC: &str = "docs/rules.md";

/// The whole of `docs/rules.md`: a header, then one table row per rule, grouped by rule file.
fn render() -> String {
    let mut rules: Vec<(&str, RuleSpec)> = Vec::new();
    for (file, text) in RULE_FILES {
        let parsed = parse_file(text).unwrap_or_else(|e| panic!("rules/{file}.toml: {e}"));
        rules.extend(parsed.into_iter().map(|rule| (*file, rule)));
    }
    let mut out = String::new();
    out.push_str("# Built-in rules\n\n");
    out.push_str(
        "<!-- Generated from crates/keylint-rules/rules/*.toml by crates/keylint-rules/tests/rules_doc.rs;\n     \
         do not edit: run `KEYLINT_BLESS=1 cargo test -p keylint-rules --test rules_doc`. -->\n\n",
    );
    let _ = writeln!(
        out,
        "{} rules in {} files. *Where* is the prefilter (keywords the content must contain) and, \
         for path-scoped rules, the files the rule reads. The generic detector \
         (`generic-*` rules, assignments to secret-looking names) is code and not listed here.\n",
        rules.len(),
        RULE_FILES.len()
    );
    out.push_str("| File | Rule id | Name | Severity | Where | Reference |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for (file, rule) in &rules {
        let _ = writeln!(
            out,
            "| {file} | `{}` | {} | {} | {} | {} |",
            rule.id,
            cell(&rule.name),
            rule.severity.as_str(),
            shape(rule),
            rule.references
                .first()
                .map_or_else(String::new, |url| format!("<{}>", cell(url))),
        );
    }
    out
}

/// The "Where" cell: keywords as code, then the path globs when the rule is path-scoped.
fn shape(rule: &RuleSpec) -> String {
    let code = |items: &[String]| {
        items
            .iter()
            .map(|k| format!("`{}`", cell(k).replace('`', "'")))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut s = code(&rule.keywords);
    if !rule.paths.is_empty() {
        if !s.is_empty() {
            s.push_str(" in ");
        }
        s.push_str(&code(&rule.paths));
    }
    if let Some(re) = &rule.path_regex {
        let _ = write!(s, " in paths matching `{}`", cell(re).replace('`', "'"));
    }
    s
}

/// Text safe inside one table cell: no pipe, no line break.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(DOC)
}

#[test]
fn rules_doc_is_current() {
    let expected = render();
    let path = doc_path();
    if std::env::var_os("KEYLINT_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("write docs/rules.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{DOC} is out of date with the rule catalog: run \
         `KEYLINT_BLESS=1 cargo test -p keylint-rules --test rules_doc` and commit it"
    );
}

#[test]
fn every_rule_has_one_row() {
    let doc = render();
    let rows = doc
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(" | `"))
        .count();
    assert_eq!(rows, keylint_rules::builtin().len());
    assert!(doc.contains("| `openai-project-key` |"));
}
