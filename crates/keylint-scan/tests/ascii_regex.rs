//! Built-in patterns run as Unicode-free regexes where that finds the same matches (ASCII
//! content, or keyword hits far from any non-ASCII byte): the engine must find exactly what the
//! Unicode regexes find, wherever non-ASCII text sits around a match.

use keylint_scan::{Engine, EngineOptions};

/// The built-in catalog with the given id suffix (a suffix makes the patterns custom ones,
/// which the engine always runs with Unicode), without the generic detector.
fn engine(suffix: &str) -> Engine {
    let specs = keylint_rules::builtin()
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.id.push_str(suffix);
            r
        })
        .collect();
    let options = EngineOptions {
        generic: false,
        ..EngineOptions::default()
    };
    Engine::new(specs, options).expect("built-in rules")
}

/// What a scan found: rule (without the suffix), where, what.
fn found(
    engine: &Engine,
    suffix: &str,
    path: &str,
    text: &str,
) -> Vec<(String, usize, usize, String)> {
    engine
        .scan(path, text.as_bytes())
        .into_iter()
        .map(|f| {
            (
                f.rule_id.trim_end_matches(suffix).to_owned(),
                f.location.byte_start,
                f.location.byte_end,
                f.secret,
            )
        })
        .collect()
}

/// `text` with non-ASCII text around it at several distances: adjacent, within a pattern's
/// reach, beyond most reaches, and a long s (which Unicode case folding reads as `s`) far away.
fn decorated(text: &str) -> Vec<String> {
    let mut out = vec![text.to_owned()];
    for gap in [0, 5, 60] {
        let pad = " ".repeat(gap);
        out.push(format!("é{pad}{text}"));
        out.push(format!("{text}{pad}é"));
        out.push(format!("密码{pad}{text}{pad}密码\n"));
    }
    out.push(format!("# Größe{}\n{text}\n", " ".repeat(400)));
    out.push(format!("{text}\n# ſ{}\n", " ".repeat(400)));
    out
}

#[test]
fn every_example_is_found_as_with_unicode_regexes_whatever_text_surrounds_it() {
    const SUFFIX: &str = "~unicode";
    let fast = engine("");
    let unicode = engine(SUFFIX);
    let mut problems = Vec::new();
    let mut compared = 0;
    for doc in fast.rule_docs() {
        let negatives = keylint_rules::find(doc.id).map_or(&[][..], |r| &r.negative_examples);
        // One example and one negative example of each rule keep the test fast.
        for example in doc.examples.iter().take(1).chain(negatives.iter().take(1)) {
            let (path, example) = doc.example_input(example);
            for text in decorated(example) {
                let a = found(&fast, "", &path, &text);
                let b = found(&unicode, SUFFIX, &path, &text);
                compared += 1;
                if a != b {
                    problems.push(format!("{}: {text:?}\n  got {a:?}\n  want {b:?}", doc.id));
                }
            }
        }
    }
    assert!(compared > 10_000, "only {compared} texts compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A synthetic PEM body, built at run time.
fn pem(label: &str) -> String {
    let body = "MIIEowIBAAKCAQEAq1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4\n".repeat(6);
    format!("-----BEGIN {label}-----\n{body}-----END {label}-----\n")
}

#[test]
fn a_multi_line_pem_key_is_found_in_ascii_and_in_non_ascii_content() {
    let key = pem("RSA PRIVATE KEY");
    let fast = engine("");
    for text in [
        key.clone(),
        format!("# clé de test\n{key}"),
        format!("{key}# fin — ſ\n"),
        format!("é{key}é"),
    ] {
        let got = found(&fast, "", "deploy/key.pem", &text);
        assert_eq!(got.len(), 1, "{text:?}: {got:?}");
        assert_eq!(got[0].0, "private-key-rsa");
        assert_eq!(got[0].3, key.trim_end());
    }
}
