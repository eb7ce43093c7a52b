//! Values that look like a credential's slot rather than a credential: `your_api_key_here`,
//! `votre_nouvelle_cle_api_livekit`, `changeme`, `xxxx…`, `<KEY>`, `${VAR}`, `{{ secret }}`,
//! truncated copies (`sk-proj-...`), documentation examples (`AKIAIOSFODNN7EXAMPLE`).
//!
//! ```
//! use keylint_scan::placeholder::is_placeholder;
//! assert!(is_placeholder("your_api_key_here"));
//! assert!(is_placeholder("votre_nouveau_secret_api_livekit"));
//! assert!(is_placeholder("${LIVEKIT_API_SECRET}"));
//! assert!(is_placeholder("AKIAIOSFODNN7EXAMPLE"));
//! assert!(!is_placeholder("Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri"));
//! ```

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Words that, anywhere in a value (case-insensitive), mark it as a placeholder. Long enough (or
/// odd enough: `_here`, `your_`) never to occur by chance inside a random key body.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replaceme",
    "replace_me",
    "replace-with",
    "replace_with",
    "insert_",
    "insert-",
    "_here",
    "-here",
    "yourkey",
    "your_",
    "your-",
    "yourtoken",
    "yoursecret",
    "yourpassword",
    "my_api_key",
    "my-api-key",
    "votre_",
    "votre-",
    "nouvelle_cle",
    "nouveau_secret",
    "mettre_",
    "remplacer",
    "redacted",
    "xxxxx",
    "*****",
    "<redacted>",
    "notreal",
    "not_real",
    "not-a-real",
    "secret_key_here",
    "api_key_here",
    "000000000",
    "123456789",
    "abcdefghij",
];

/// Short words that random bodies do contain by chance (`…x9FAKe2…`): they mark a placeholder only
/// when they start the value or follow a separator (`fake_key`, `sk_live_fake123`, `my-dummy`).
const PLACEHOLDER_WORDS_AT_WORD_START: &[&str] = &[
    "dummy",
    "fake",
    "sample",
    "todo",
    "fixme",
    "foobar",
    "qwerty",
    "censored",
    "nonsecret",
    "non-secret",
    "xyzxyz",
    "lorem",
    "ipsum",
];

/// Whole values that guard nothing: the Android SDK's debug keystore password (`android`) and
/// the JDK trust store's (`changeit`), published defaults; and the slot's own name written as its
/// value (`keyPassword=password`). Compared whole and case-insensitively: `Android2024!` and
/// `MyPassword9` are passwords, `android` and `password` are not.
const PUBLISHED_DEFAULTS: &[&str] = &["android", "changeit", "password", "passwd"];

/// Whether `value` is a placeholder, a reference to another variable, a truncated copy, or a
/// tool's published default.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || is_reference(v) || is_truncated(v) || is_masked(v) {
        return true;
    }
    if PUBLISHED_DEFAULTS.iter().any(|d| v.eq_ignore_ascii_case(d)) {
        return true;
    }
    if v.starts_with('<') && v.ends_with('>') || v.starts_with('[') && v.ends_with(']') {
        return true;
    }
    let bytes = v.as_bytes();
    let word = placeholder_automaton().find_overlapping_iter(v).any(|m| {
        m.pattern().as_usize() < PLACEHOLDER_WORDS.len()
            || m.start() == 0
            || !bytes[m.start() - 1].is_ascii_alphanumeric()
    });
    if word {
        return true;
    }
    is_repetitive(v.as_bytes())
}

/// One case-insensitive automaton over [`PLACEHOLDER_WORDS`] then
/// [`PLACEHOLDER_WORDS_AT_WORD_START`] (a match's pattern index tells which list), built once:
/// a single pass over the value. A DFA: values are short and checked often, so the faster
/// search is worth its few kilobytes.
fn placeholder_automaton() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // Overlapping search needs the standard match semantics.
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(
                PLACEHOLDER_WORDS
                    .iter()
                    .chain(PLACEHOLDER_WORDS_AT_WORD_START),
            )
            .expect("placeholder words are plain literals")
    })
}

/// `${VAR}`, `$VAR`, `{{ x }}`, `${{ secrets.X }}`, `%(x)s`, `#{x}`, `@VAR@`, `%VAR%`.
pub fn is_reference(v: &str) -> bool {
    let b = v.as_bytes();
    (b.len() > 1
        && b[0] == b'$'
        && b[1..]
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || b"_{}:-.?".contains(&c)))
        || memchr::memchr2_iter(b'{', b'(', b)
            .any(|i| i > 0 && matches!((b[i - 1], b[i]), (b'$' | b'{' | b'#', b'{') | (b'%', b'(')))
        || (b.len() > 2 && b[0] == b'%' && b[b.len() - 1] == b'%')
        || (b.len() > 2 && b[0] == b'@' && b[b.len() - 1] == b'@')
}

/// Values cut short by hand: ending in `...` or `…`, or made of a prefix and dots (`sk-...`).
pub fn is_truncated(v: &str) -> bool {
    let b = v.as_bytes();
    v.ends_with("...")
        || v.contains('…')
        || memchr::memchr_iter(b'.', b).any(|i| b[i..].starts_with(b"...."))
}

/// A value masked for display (`****`, `p***d`, `••••••`): what a tool printed instead of the
/// secret, as recordings, logs and docs show it.
pub fn is_masked(v: &str) -> bool {
    v.contains("***") || (v.chars().count() >= 3 && v.chars().all(|c| matches!(c, '*' | '•' | '●')))
}

/// A single repeated character or a short motif repeated (`aaaa…`, `abcabcabc…`), or a value
/// whose distinct characters are very few for its length.
fn is_repetitive(v: &[u8]) -> bool {
    if v.len() < 8 {
        return false;
    }
    let mut seen = [false; 256];
    let mut distinct = 0;
    for &b in v {
        if !seen[b as usize] {
            seen[b as usize] = true;
            distinct += 1;
        }
    }
    if distinct <= 2 || (v.len() >= 16 && distinct <= 4) {
        return true;
    }
    (1..=4).any(|period| v.len() >= period * 4 && v.iter().skip(period).zip(v).all(|(a, b)| a == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for v in [
            "your-64-char-hex-key-here",
            "votre_nouvelle_cle_api_livekit",
            "changeme",
            "xxxxxxxxxxxxxxxx",
            "<KEY>",
            "<your token>",
            "${OPENAI_API_KEY}",
            "$OPENAI_API_KEY",
            "{{ .Values.secret }}",
            "${{ secrets.NPM_TOKEN }}",
            "sk-...",
            "AIza...",
            "sk-proj-abc…",
            "%(password)s",
            "aaaaaaaaaaaaaaaaaaaa",
            "abababababababab",
            "0000000000000000000",
            "REDACTED",
            "[secret]",
            "android",
            "changeit",
            "Password",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
    }

    #[test]
    fn chance_words_inside_random_bodies_are_not_placeholders() {
        for v in [
            "sk-proj-Ab3dE5fG7hFAKe1mN3pQ5rS7tU9vW1xY3zA5bC7d",
            "x9SampLe2Kd83JdmQp0Zx7Rt4Lw9Vn2KcYb7Hj5Ms",
            "Qw8dummyLx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
        for v in [
            "fake_api_key_for_tests",
            "sk_live_fake123abc",
            "my-dummy-secret",
            "sample-token-1",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
    }

    #[test]
    fn real_looking_values_pass() {
        for v in [
            "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri",
            "gsk_Kd83JdmQp0Zx7Rt4Lw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8RiP2sT9fA",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "$2b$12$KIXQJ4Fzq1n0gJgYk1o9fe0Q5xJ2Vt3e8Y6kq3WcP9LrR2bQe1u5y",
            // A published default inside a longer password does not make it one.
            "Android2024!x",
            "changeit-9Qz",
            "MyPassword9",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
    }
}
