//! Rules whose matches hold a keyword are searched only around their keyword hits (see
//! `window.rs`): the findings must be those of a search of the whole content, in large files,
//! near non-ASCII text, and where Unicode case folding spells a keyword the keyword automaton
//! cannot see.

use keylint_scan::{Engine, EngineOptions};

fn engine(rules: &str) -> Engine {
    let specs = keylint_rules::parse_file(rules).expect("rules");
    Engine::new(
        specs,
        EngineOptions {
            generic: false,
            ..EngineOptions::default()
        },
    )
    .expect("engine")
}

/// A rule whose matches hold its keyword and are at most 36 bytes long.
const BOUNDED: &str = r#"
[[rule]]
id = "tok-secret"
name = "Tok secret"
severity = "high"
pattern = '''(?i)\bsecret_tok[:=]([a-z0-9]{24})\b'''
keywords = ["secret_tok"]
"#;

/// A rule whose matches hold its keyword and stay on one line, of any length.
const ONE_LINE: &str = r#"
[[rule]]
id = "tok-line"
name = "Tok line"
severity = "high"
pattern = '''(?m)^[ \t]*tok_pass[ \t]*=[ \t]*([a-z0-9]{24})[ \t]*$'''
keywords = ["tok_pass"]
"#;

/// A synthetic 24-character value, different for each `i`.
fn value(i: usize) -> String {
    format!("{i:0>4}q7w8e9r0t1y2u3i4o5p6")
}

fn secrets(engine: &Engine, text: &str) -> Vec<String> {
    engine
        .scan("src/config.txt", text.as_bytes())
        .into_iter()
        .map(|f| f.secret)
        .collect()
}

#[test]
fn matches_at_the_edges_and_far_apart_in_a_large_file_are_all_found() {
    let engine = engine(BOUNDED);
    let filler = "let total = compute(length, offset);\n".repeat(3_000);
    let text = format!(
        "secret_tok={}\n{filler}clé SECRET_TOK:{} 密码\n{filler}secret_tok={}",
        value(1),
        value(2),
        value(3)
    );
    assert_eq!(secrets(&engine, &text), [value(1), value(2), value(3)]);
    // Glued to a word character at the end of the file: `\b` fails there, as in a whole search.
    let glued = format!("{filler}secret_tok={}x", value(4));
    assert!(secrets(&engine, &glued).is_empty());
}

#[test]
fn a_one_line_pattern_is_searched_on_the_lines_of_its_hits() {
    let engine = engine(ONE_LINE);
    let filler = "x = compute(length, offset)\n".repeat(2_000);
    let text = format!(
        "tok_pass = {}\n{filler}# tok_pass is read below\n  tok_pass\t=  {}\n{filler}tok_pass={}",
        value(1),
        value(2),
        value(3)
    );
    assert_eq!(secrets(&engine, &text), [value(1), value(2), value(3)]);
    // The value on the next line: no match, whichever way the file is searched.
    let split = format!("{filler}tok_pass =\n{}\n", value(4));
    assert!(secrets(&engine, &split).is_empty());
}

#[test]
fn a_keyword_spelled_with_a_long_s_or_a_kelvin_sign_is_found() {
    // `(?i)` makes `ſ` an `s` and `K` (U+212A) a `k`; the keyword automaton is ASCII, so it
    // sees only the plainly spelled hit, far from these: the whole content is searched.
    let engine = engine(BOUNDED);
    let filler = "let total = compute(length, offset);\n".repeat(3_000);
    let text = format!(
        "secret_tok={}\n{filler}\u{17f}ecret_tok={}\n{filler}secret_to\u{212a}={}\n",
        value(1),
        value(2),
        value(3)
    );
    assert_eq!(secrets(&engine, &text), [value(1), value(2), value(3)]);
}
