//! Keys written encoded (issue 12): JSON/JavaScript string escapes, escaped slashes in a URL, the
//! base64 data of a Kubernetes Secret, and a no-break space inside a key are decoded (or removed)
//! once before matching; the finding sits on the encoded text and is fingerprinted as the key. Every
//! case goes through the real engine with the built-in rules; keys are built at run time.

use std::fmt::Write;

use keylint_core::{Finding, Fingerprint, Severity};
use keylint_scan::Engine;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `len` characters of `ALNUM`, the same for the same seed.
fn synthetic(seed: u64, len: usize) -> String {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005) | 1;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(ALNUM[usize::try_from(state >> 33).unwrap() % ALNUM.len()])
        })
        .collect()
}

/// A synthetic `sk-proj-` key (right shape, embedded marker).
fn openai_key(seed: u64) -> String {
    let marker = ["T3Bl", "bkFJ"].concat();
    format!(
        "sk-{}{}{marker}{}",
        "proj-",
        synthetic(seed, 40),
        synthetic(seed + 1, 40)
    )
}

fn base64(bytes: &[u8]) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Every character of `key` as `prefix` and `digits` hex digits (`\u0073`, `\x73`).
fn escape(key: &str, prefix: &str, digits: usize) -> String {
    key.chars().fold(String::new(), |mut out, c| {
        let _ = write!(out, "{prefix}{:0digits$x}", u32::from(c));
        out
    })
}

fn scan(path: &str, text: &str) -> Vec<Finding> {
    Engine::builtin().scan(path, text.as_bytes())
}

/// The single finding of `rule` in `text` scanned as `path`.
fn one(path: &str, text: &str, rule: &str) -> Finding {
    let found = scan(path, text);
    let mut of_rule: Vec<Finding> = found.into_iter().filter(|f| f.rule_id == rule).collect();
    assert_eq!(of_rule.len(), 1, "{path}: {of_rule:#?}");
    of_rule.remove(0)
}

/// Asserts that `f` sits on `span` of `text` (its secret is the text as written) and
/// fingerprints `key` like the key written plainly.
fn assert_decoded(f: &Finding, text: &str, span: &str, key: &str) {
    let start = text.find(span).unwrap();
    assert_eq!(
        (f.location.byte_start, f.location.byte_end),
        (start, start + span.len()),
        "{f:#?}"
    );
    assert_eq!(f.secret, span);
    assert_eq!(
        f.fingerprint,
        Fingerprint::new(&f.rule_id, key, &f.location.path)
    );
    assert!(
        f.description.contains("written encoded"),
        "{}",
        f.description
    );
    // What reports mask in the snippet: the whole encoded text.
    assert_eq!(&f.snippet[f.snippet_secret.clone()], span);
}

#[test]
fn a_key_spelled_with_unicode_escapes_is_found_where_it_is_written() {
    let key = openai_key(1);
    let escaped = escape(&key, "\\u", 4);
    let text = format!("var cfg={{openai:\"{escaped}\",debug:!1}};\n");
    let f = one("dist/bundle.js", &text, "openai-project-key");
    assert_decoded(&f, &text, &escaped, &key);
}

#[test]
fn a_key_spelled_with_hex_escapes_or_partly_escaped_is_found() {
    let key = openai_key(3);
    let escaped = escape(&key, "\\x", 2);
    let text = format!("const k = '{escaped}';\n");
    let f = one("src/keys.ts", &text, "openai-project-key");
    assert_decoded(&f, &text, &escaped, &key);
    // Only the first letter escaped.
    let partly = format!("\\u0073{}", &key[1..]);
    let text = format!("{{\"backup\": \"{partly}\"}}\n");
    let f = one("config.json", &text, "openai-project-key");
    assert_decoded(&f, &text, &partly, &key);
    // An escaped backslash is a backslash: `\\u0073k-…` is not a key.
    let text = format!("{{\"backup\": \"\\\\u0073{}\"}}\n", &key[1..]);
    assert!(
        scan("config.json", &text)
            .iter()
            .all(|f| f.rule_id != "openai-project-key")
    );
}

#[test]
fn escaped_slashes_do_not_hide_a_url_password() {
    let password = synthetic(5, 20);
    let text = format!(
        "{{\"database\": {{\"url\": \"postgres:\\/\\/app:{password}@db.acme.io:5432\\/shop\"}}}}\n"
    );
    let f = one("config/prod.json", &text, "postgres-url-password");
    let start = text.find(&password).unwrap();
    assert_eq!(
        (f.location.byte_start, f.location.byte_end),
        (start, start + password.len())
    );
    assert_eq!(f.secret, password);
}

#[test]
fn kubernetes_secret_data_is_read_decoded() {
    let key = openai_key(7);
    let encoded_key = base64(key.as_bytes());
    let password = format!("Orders-{}", synthetic(8, 6));
    let encoded_password = base64(password.as_bytes());
    let text = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop\ntype: Opaque\ndata:\n  OPENAI_API_KEY: {encoded_key}\n  DB_USER: {}\n  DB_PASSWORD: {encoded_password}\n  SMTP_PASSWORD: {}\n",
        base64(b"orders_app"),
        base64(b"changeme"),
    );
    let found = scan("deploy/k8s/secret.yaml", &text);
    let f = one("deploy/k8s/secret.yaml", &text, "openai-project-key");
    assert_decoded(&f, &text, &encoded_key, &key);
    // The password, decoded, at its encoded span; the user and the placeholder are not reported.
    let start = text.find(&encoded_password).unwrap();
    let on_password: Vec<&Finding> = found
        .iter()
        .filter(|f| f.location.byte_start == start)
        .collect();
    assert_eq!(on_password.len(), 1, "{found:#?}");
    assert_eq!(on_password[0].secret, encoded_password);
    assert!(
        on_password[0]
            .description
            .contains("written encoded (base64)")
    );
    // The manifest is the evidence: a human-looking password there fails a default run.
    assert_eq!(on_password[0].severity, Severity::High);
    assert_eq!(
        on_password[0].location.byte_end,
        start + encoded_password.len()
    );
    assert_eq!(found.len(), 2, "{found:#?}");
}

#[test]
fn a_no_break_space_inside_a_key_does_not_hide_it() {
    let key = openai_key(9);
    let (head, tail) = key.split_at(30);
    let text = format!("export const key = '{head}\u{a0}{tail}';\n");
    let f = one("src/app.ts", &text, "openai-project-key");
    assert!(
        f.description.contains("U+00A0 NO-BREAK SPACE"),
        "{}",
        f.description
    );
    assert_eq!(
        f.fingerprint,
        Fingerprint::new("openai-project-key", &key, "src/app.ts")
    );
    // Between words it is a space, not a hidden character.
    assert!(scan("README.md", "Prix\u{a0}: 10\u{a0}km\n").is_empty());
}
