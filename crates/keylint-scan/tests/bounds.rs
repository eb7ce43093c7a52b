//! Findings per file are bounded: a rule reports at most `MAX_FINDINGS_PER_RULE` matches per
//! file and says when it stopped, whatever its pattern matches.

use std::time::{Duration, Instant};

use keylint_core::gitleaks::GitleaksConfig;
use keylint_scan::{Engine, EngineOptions, MAX_FINDINGS_PER_RULE};

fn engine(rules: &str) -> Engine {
    let specs = GitleaksConfig::from_toml("gitleaks.toml", rules, None)
        .unwrap()
        .rules;
    Engine::new(
        specs,
        EngineOptions {
            generic: false,
            ..EngineOptions::default()
        },
    )
    .unwrap()
}

/// `n` distinct AWS-access-key-id-shaped words, one a line (built here: no key in the source).
fn aws_ids(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&["AK", "IA"].concat());
        let mut x = i as u64 * 2_654_435_761 + 97;
        for _ in 0..16 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            out.push(ALPHABET[(x >> 59) as usize] as char);
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_rule_matching_every_character_stops_at_the_cap() {
    let engine = engine("[[rules]]\nid = \"every-char\"\nregex = '''(?s)(.)'''\n");
    let text = "abcdefghij".repeat(100_000);
    let started = Instant::now();
    let scanned = engine.scan_blob("big.txt", text.as_bytes(), None);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(scanned.findings.len(), MAX_FINDINGS_PER_RULE);
    assert_eq!(scanned.capped, ["every-char"]);
}

#[test]
fn the_cap_is_per_rule_and_exact() {
    let engine = Engine::builtin();
    let at_cap = engine.scan_blob("ids.txt", aws_ids(MAX_FINDINGS_PER_RULE).as_bytes(), None);
    assert_eq!(at_cap.findings.len(), MAX_FINDINGS_PER_RULE);
    assert!(at_cap.capped.is_empty(), "{:?}", at_cap.capped);

    let over = engine.scan_blob(
        "ids.txt",
        aws_ids(MAX_FINDINGS_PER_RULE + 1).as_bytes(),
        None,
    );
    assert_eq!(over.findings.len(), MAX_FINDINGS_PER_RULE);
    assert_eq!(over.capped, ["aws-access-key-id"]);
    // The first ones are kept, in order.
    assert_eq!(
        over.findings.last().unwrap().location.line,
        MAX_FINDINGS_PER_RULE as u32
    );
}

#[test]
fn neighbours_in_a_snippet_are_all_marked() {
    // Every secret inside a finding's window is marked as one (to be masked), found by binary
    // search over the file's secrets: with the marked ranges blanked, no 8 characters of any
    // secret are left in any snippet.
    let engine = Engine::builtin();
    let ids = aws_ids(6).replace('\n', " ");
    let findings = engine.scan("ids.txt", ids.as_bytes());
    assert_eq!(findings.len(), 6);
    for f in &findings {
        let mut masked = f.snippet.clone().into_bytes();
        for r in std::iter::once(&f.snippet_secret).chain(&f.snippet_other_secrets) {
            masked[r.clone()].fill(b'*');
        }
        let masked = String::from_utf8_lossy(&masked);
        for other in &findings {
            for window in other.secret.as_bytes().windows(8) {
                let window = std::str::from_utf8(window).unwrap();
                assert!(!masked.contains(window), "{masked}");
            }
        }
    }
}
