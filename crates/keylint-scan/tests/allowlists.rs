//! Allowlist semantics (condition, regex target, commits, rule targets), secret groups and
//! path-only rules, through the real engine with rules translated from gitleaks syntax.

use keylint_core::config::{Condition, RegexTarget};
use keylint_core::gitleaks::GitleaksConfig;
use keylint_scan::{Allowlist, Engine, EngineOptions};

fn rules(toml: &str) -> Vec<keylint_core::rule::RuleSpec> {
    GitleaksConfig::from_toml("gitleaks.toml", toml, None)
        .unwrap()
        .rules
}

fn engine(allowlists: Vec<Allowlist>) -> Engine {
    let specs = rules(
        r#"
[[rules]]
id = "tok"
regex = '''(?:tok_live_([a-z0-9]{16})|TOK-([A-Z0-9]{16}))'''
keywords = ["tok"]
[[rules]]
id = "keystore"
path = '''\.jks$'''
"#,
    );
    Engine::new(
        specs,
        EngineOptions {
            generic: false,
            allowlists,
            ..EngineOptions::default()
        },
    )
    .unwrap()
}

fn re(s: &str) -> regex::Regex {
    regex::Regex::new(s).unwrap()
}

fn secrets(engine: &Engine, path: &str, text: &str, commit: Option<&str>) -> Vec<String> {
    engine
        .scan_in_commit(path, text.as_bytes(), commit)
        .into_iter()
        .map(|f| format!("{}={}", f.rule_id, f.secret))
        .collect()
}

const TEXT: &str = "a = tok_live_0123456789abcdef # sample\nb = TOK-0123456789ABCDEF\n";

#[test]
fn first_matched_group_is_the_secret() {
    assert_eq!(
        secrets(&engine(Vec::new()), "x.txt", TEXT, None),
        ["tok=0123456789abcdef", "tok=0123456789ABCDEF"]
    );
}

#[test]
fn regex_targets() {
    let on = |target| {
        engine(vec![Allowlist {
            regexes: vec![re("sample|^b = ")],
            regex_target: target,
            ..Allowlist::default()
        }])
    };
    // The secrets match neither; the first match does not either (the comment is after it).
    assert_eq!(secrets(&on(RegexTarget::Secret), "x", TEXT, None).len(), 2);
    assert_eq!(secrets(&on(RegexTarget::Match), "x", TEXT, None).len(), 2);
    // Lines: the first holds "sample", the second starts with "b = ".
    assert!(secrets(&on(RegexTarget::Line), "x", TEXT, None).is_empty());
}

#[test]
fn and_needs_every_given_criterion_or_needs_one() {
    let commit = "0123456789abcdef0123456789abcdef01234567";
    let list = |condition| Allowlist {
        condition,
        path_regexes: vec![re("^fixtures/")],
        commits: vec![commit.to_owned()],
        rules: vec!["tok".to_owned()],
        ..Allowlist::default()
    };
    let and = engine(vec![list(Condition::And)]);
    assert_eq!(secrets(&and, "fixtures/a", TEXT, None).len(), 2);
    assert_eq!(secrets(&and, "src/a", TEXT, Some(commit)).len(), 2);
    assert!(secrets(&and, "fixtures/a", TEXT, Some(commit)).is_empty());
    let or = engine(vec![list(Condition::Or)]);
    assert!(secrets(&or, "fixtures/a", TEXT, None).is_empty());
    assert!(secrets(&or, "src/a", TEXT, Some(commit)).is_empty());
    assert_eq!(secrets(&or, "src/a", TEXT, None).len(), 2);
    // Limited to `tok`: the path-only rule still flags a keystore under fixtures/.
    assert_eq!(secrets(&or, "fixtures/k.jks", "", None), ["keystore="]);
}

#[test]
fn path_only_rules_flag_files_without_content() {
    let engine = engine(Vec::new());
    assert!(engine.has_path_rules());
    let found = engine.scan_path("certs/app.jks", None);
    assert_eq!(found.len(), 1);
    assert!(found[0].is_path_only());
    assert_eq!(found[0].display_snippet(false), "");
    assert!(engine.scan_path("certs/app.pem", None).is_empty());
}
