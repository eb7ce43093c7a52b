//! Runs every example and negative example of every built-in rule (and of the generic detector)
//! through the real engine, and fails listing every miss at once.

use keylint_scan::{Engine, generic};

/// A path the rule applies to: its first `paths` glob made concrete, else a neutral file.
fn path_for(rule: &keylint_rules::RuleSpec) -> String {
    rule.paths.first().map_or_else(
        || "src/config.txt".to_owned(),
        |glob| {
            glob.trim_start_matches("**/")
                .replace("**", "x")
                .replace('*', "x")
        },
    )
}

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

fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_rule_example_is_found_and_every_negative_is_not() {
    let engine = Engine::builtin();
    let mut problems = Vec::new();
    for rule in keylint_rules::builtin() {
        let path = path_for(rule);
        for example in &rule.examples {
            check(&engine, &rule.id, &path, example, true, &mut problems);
        }
        for negative in &rule.negative_examples {
            check(&engine, &rule.id, &path, negative, false, &mut problems);
        }
    }
    assert_no_problems(&problems);
}

/// Generic examples name their file (`path.ext: line`); bare lines are Dart.
fn split_example(example: &str) -> (&str, &str) {
    example
        .split_once(": ")
        .filter(|(p, _)| p.contains('.') && !p.contains(' '))
        .unwrap_or(("lib/app_config.dart", example))
}

#[test]
fn generic_rule_examples() {
    let engine = Engine::builtin();
    let mut problems = Vec::new();
    for rule in generic::RULES {
        for (examples, expected) in [(rule.examples, true), (rule.negative_examples, false)] {
            for example in examples {
                let (path, line) = split_example(example);
                check(&engine, rule.id, path, line, expected, &mut problems);
            }
        }
    }
    assert_no_problems(&problems);
}
