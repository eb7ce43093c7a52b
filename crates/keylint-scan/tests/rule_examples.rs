//! Runs every example and negative example of every built-in rule (and of the generic detector)
//! through the real engine, and fails listing every miss at once.

use keylint_scan::{Engine, RuleKind, generic};

/// Scans `text` as `path` and records a problem when finding `rule_id` differs from `expected`.
fn check(
    engine: &Engine,
    rule_id: &str,
    path: &str,
    text: &str,
    expected: bool,
    problems: &mut Vec<String>,
) {
    let found = engine.scan(path, text.as_bytes());
    if found.iter().any(|f| f.rule_id == rule_id) == expected {
        return;
    }
    let got: Vec<&str> = found.iter().map(|f| f.rule_id.as_str()).collect();
    let kind = if expected { "MISSED" } else { "FALSE+" };
    problems.push(format!(
        "{kind}   {rule_id} in {path}: {text:?} (got {got:?})"
    ));
}

#[test]
fn every_example_is_found_and_every_negative_is_not() {
    let engine = Engine::builtin();
    let mut problems = Vec::new();
    for doc in engine.rule_docs() {
        let negatives = match doc.kind {
            RuleKind::Pattern => keylint_rules::find(doc.id)
                .map(|r| r.negative_examples.clone())
                .unwrap_or_default(),
            RuleKind::Generic => generic::examples(doc.id).negative_examples,
        };
        if doc.examples.len() < 2 || negatives.is_empty() {
            problems.push(format!(
                "RULE     {}: needs 2 examples and 1 negative example",
                doc.id
            ));
        }
        for (examples, expected) in [(&doc.examples, true), (&negatives, false)] {
            for example in examples {
                let (path, text) = doc.example_input(example);
                check(&engine, doc.id, &path, text, expected, &mut problems);
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A rule's `kind` says what its matches carry: a `format` rule's secret holds one of its
/// distinctive keywords (its prefix or header) in every example, a `named` or `slot` rule's
/// never does (the keyword is context). This is what the noise scoring inferred per secret
/// before the kind was data, so the data keeps its findings.
#[test]
fn every_rule_kind_agrees_with_its_examples() {
    use keylint_rules::{CredentialKind, RuleSpec};
    let engine = Engine::builtin();
    let mut problems = Vec::new();
    for doc in engine.rule_docs() {
        let Some(rule) = keylint_rules::find(doc.id).filter(|r| r.checksum.is_none()) else {
            continue;
        };
        let format = rule.credential_kind() == CredentialKind::Format;
        for example in &doc.examples {
            let (path, text) = doc.example_input(example);
            for f in engine.scan(&path, text.as_bytes()) {
                if f.rule_id != doc.id {
                    continue;
                }
                let lower = f.secret.to_ascii_lowercase();
                let prefixed = rule.keywords.iter().any(|k| {
                    RuleSpec::is_format_keyword(k)
                        && f.secret.len() >= k.len() + 8
                        && lower.contains(&k.to_ascii_lowercase())
                });
                if prefixed != format {
                    problems.push(format!(
                        "{} is {:?} but its example {text:?} {} a keyword in its secret",
                        doc.id,
                        rule.credential_kind(),
                        if prefixed { "has" } else { "lacks" }
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
