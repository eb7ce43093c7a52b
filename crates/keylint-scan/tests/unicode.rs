//! Patterns keep their Unicode meaning on content that is not ASCII (what a regex compiled
//! without Unicode, a way to cut compilation cost, would lose: see `docs/performance.md`,
//! "Rule catalog cost"), and `Engine::path_key` tells path-limited rules apart.

use keylint_scan::{Engine, EngineOptions};

/// An engine with one built-in rule and no generic detector.
fn engine(rule_id: &str) -> Engine {
    let specs = keylint_rules::builtin()
        .iter()
        .filter(|r| r.id == rule_id)
        .cloned()
        .collect();
    let options = EngineOptions {
        generic: false,
        ..EngineOptions::default()
    };
    Engine::new(specs, options).expect("built-in rule")
}

/// A synthetic DeepSeek-shaped key, built at run time.
fn deepseek_key() -> String {
    format!("sk-{}", "a1b2c3d4".repeat(4))
}

fn secrets(engine: &Engine, text: &str) -> Vec<String> {
    engine
        .scan("notes/setup.md", text.as_bytes())
        .into_iter()
        .map(|f| f.secret)
        .collect()
}

#[test]
fn a_no_break_space_after_the_colon_is_white_space() {
    let key = deepseek_key();
    let engine = engine("deepseek-api-key");
    assert_eq!(
        secrets(&engine, &format!("DEEPSEEK_API_KEY:\u{a0}{key}\n")),
        std::slice::from_ref(&key)
    );
    // The same line in ASCII content.
    assert_eq!(
        secrets(&engine, &format!("DEEPSEEK_API_KEY: {key}\n")),
        [key]
    );
}

#[test]
fn a_bounded_gap_counts_characters_not_bytes() {
    let key = deepseek_key();
    let engine = engine("deepseek-api-key");
    // 40 characters of 3 bytes each (120 bytes) between the name and the key: within the
    // rule's 48-character gap.
    let gap = "密".repeat(40);
    assert_eq!(
        secrets(&engine, &format!("deepseek {gap}: {key}\n")),
        std::slice::from_ref(&key)
    );
    // 60 characters: beyond it.
    let gap = "密".repeat(60);
    assert!(secrets(&engine, &format!("deepseek {gap}: {key}\n")).is_empty());
}

#[test]
fn rules_limited_to_some_paths_are_part_of_the_path_key() {
    let specs = keylint_rules::parse_file(
        r#"
[[rule]]
id = "main-tf-token"
name = "Token in main.tf"
severity = "high"
pattern = 'tok_([a-z0-9]{24})'
keywords = ["tok_"]
paths = ["**/main.tf"]
examples = []
"#,
    )
    .expect("rule parses");
    let engine = Engine::new(specs, EngineOptions::default()).expect("engine");
    assert_ne!(
        engine.path_key("infra/main.tf"),
        engine.path_key("infra/vars.tf")
    );
    assert_eq!(
        engine.path_key("infra/vars.tf"),
        engine.path_key("infra/outputs.tf")
    );
    assert_eq!(
        engine.path_key("infra/main.tf"),
        engine.path_key("infra/db/main.tf")
    );
}
