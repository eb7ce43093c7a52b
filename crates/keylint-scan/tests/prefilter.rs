//! The keyword prefilter starts with an NFA and switches to a DFA once an engine has scanned
//! enough content: the same blob must give the same findings on either side of the switch.

use keylint_scan::Engine;

/// The examples of every fourth built-in rule, one per line (all of them would compile the
/// whole catalog's regexes, slow in a debug build).
fn examples_blob() -> String {
    let mut text = String::new();
    for rule in keylint_rules::builtin().iter().step_by(4) {
        for example in &rule.examples {
            text.push_str(example);
            text.push('\n');
        }
    }
    text
}

fn ids(findings: &[keylint_core::Finding]) -> Vec<(String, usize, usize)> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule_id.clone(),
                f.location.byte_start,
                f.location.byte_end,
            )
        })
        .collect()
}

#[test]
fn findings_are_the_same_before_and_after_the_keyword_dfa_is_built() {
    let engine = Engine::builtin();
    let blob = examples_blob();
    // A fresh engine: the first blob is searched with the keyword NFA.
    let before = ids(&engine.scan("src/config.txt", blob.as_bytes()));
    assert!(before.len() > 200, "only {} findings", before.len());
    // Enough harmless content to pass the switch (256 KiB).
    let filler = "let total = compute(length, offset); // no credential here\n".repeat(6_000);
    assert!(engine.scan("src/filler.rs", filler.as_bytes()).is_empty());
    let after = ids(&engine.scan("src/config.txt", blob.as_bytes()));
    assert_eq!(before, after);
}
