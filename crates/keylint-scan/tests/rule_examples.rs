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

#[test]
fn every_rule_example_is_found_and_every_negative_is_not() {
    let engine = Engine::builtin();
    let mut misses = Vec::new();
    for rule in keylint_rules::builtin() {
        let path = path_for(rule);
        for example in &rule.examples {
            let found = engine.scan(&path, example.as_bytes());
            if !found.iter().any(|f| f.rule_id == rule.id) {
                let got: Vec<&str> = found.iter().map(|f| f.rule_id.as_str()).collect();
                misses.push(format!("MISSED   {}: {example:?} (got {got:?})", rule.id));
            }
        }
        for negative in &rule.negative_examples {
            if engine
                .scan(&path, negative.as_bytes())
                .iter()
                .any(|f| f.rule_id == rule.id)
            {
                misses.push(format!("FALSE+   {}: {negative:?}", rule.id));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "{} problems:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn generic_rule_examples() {
    let engine = Engine::builtin();
    let mut misses = Vec::new();
    for rule in generic::RULES {
        for example in rule.examples {
            // Examples name their file: `path.ext: line`, else they are Dart.
            let (path, line) = example
                .split_once(": ")
                .filter(|(p, _)| p.contains('.') && !p.contains(' '))
                .unwrap_or(("lib/app_config.dart", example));
            if !engine
                .scan(path, line.as_bytes())
                .iter()
                .any(|f| f.rule_id == rule.id)
            {
                misses.push(format!("MISSED   {}: {example:?}", rule.id));
            }
        }
        for negative in rule.negative_examples {
            let (path, line) = negative
                .split_once(": ")
                .filter(|(p, _)| p.contains('.') && !p.contains(' '))
                .unwrap_or(("lib/app_config.dart", negative));
            if engine
                .scan(path, line.as_bytes())
                .iter()
                .any(|f| f.rule_id == rule.id)
            {
                misses.push(format!("FALSE+   {}: {negative:?}", rule.id));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "{} problems:\n{}",
        misses.len(),
        misses.join("\n")
    );
}
