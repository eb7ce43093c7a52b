//! A small dictionary (a few thousand common English words, programming terms, service names
//! and a few French/Spanish/German configuration words, written for keylint in `words.txt`)
//! and the measure built on it: how much of a value is made of words.
//!
//! A random key is almost never made of words; a name, a sentence, an identifier or a
//! made-up dev secret (`my-super-secret-jwt-key`) mostly is.

use std::collections::HashSet;
use std::sync::OnceLock;

/// One lowercase word a line.
const WORDS: &str = include_str!("words.txt");

/// Longest word in the list worth looking up inside a glued run (`mysupersecret`).
const MAX_WORD: usize = 16;

/// Shortest word counted when it fills a whole segment (`Api`, `key`, `dev`).
const MIN_SEGMENT_WORD: usize = 3;

/// Shortest word looked for inside a longer segment; shorter ones occur in random text by
/// chance too often.
const MIN_INNER_WORD: usize = 4;

/// Longest alphabetic segment the word-break search runs on; longer ones count as not words.
const MAX_SEGMENT: usize = 128;

fn set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        WORDS
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect()
    })
}

/// Whether `lower` (lowercase ASCII) is a word of the list, also as a plural or with a common
/// ending (`tokens`, `signing`, `encrypted`, `dragons`).
pub fn is_word(lower: &str) -> bool {
    let words = set();
    if words.contains(lower) {
        return true;
    }
    ["s", "es", "ed", "ing", "er", "ly", "d"]
        .iter()
        .any(|suffix| {
            lower
                .strip_suffix(suffix)
                .is_some_and(|stem| stem.len() >= MIN_SEGMENT_WORD && words.contains(stem))
        })
}

/// Splits `value` into its alphabetic segments: runs of letters, cut again at camelCase
/// boundaries (`liveKitAPISecret` → `live`, `Kit`, `API`, `Secret`).
pub fn segments(value: &str) -> impl Iterator<Item = &str> {
    let bytes = value.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            let (prev, cur) = (bytes[i - 1], bytes[i]);
            // `aB`: a new word starts at B. `ABc`: a new word starts at B.
            if prev.is_ascii_lowercase() && cur.is_ascii_uppercase() {
                break;
            }
            if prev.is_ascii_uppercase()
                && cur.is_ascii_uppercase()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase)
            {
                break;
            }
            i += 1;
        }
        Some(&value[start..i])
    })
}

/// Letters of `segment` covered by dictionary words: all of them when the segment is a word,
/// else the best cover of the glued run by words of at least four letters (`mysupersecret`
/// → `super` + `secret`).
fn covered(segment: &str) -> usize {
    let lower = segment.to_ascii_lowercase();
    if lower.len() >= MIN_SEGMENT_WORD && is_word(&lower) {
        return lower.len();
    }
    if lower.len() < MIN_INNER_WORD || lower.len() > MAX_SEGMENT {
        return 0;
    }
    // best[i]: most letters of lower[..i] covered by non-overlapping words.
    let n = lower.len();
    let mut best = vec![0usize; n + 1];
    for end in 1..=n {
        best[end] = best[end - 1];
        for len in MIN_INNER_WORD..=MAX_WORD.min(end) {
            let start = end - len;
            if set().contains(&lower[start..end]) {
                best[end] = best[end].max(best[start] + len);
            }
        }
    }
    best[n]
}

/// Share (0.0 – 1.0) of the alphanumeric characters of `value` that belong to dictionary words.
///
/// ```
/// use keylint_scan::generic::words::word_share;
/// assert!(word_share("liveKitApiSecret") > 0.9);
/// assert!(word_share("my-super-secret-jwt-signing-key-2024") > 0.7);
/// assert!(word_share("Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri") < 0.2);
/// ```
pub fn word_share(value: &str) -> f64 {
    let alnum = value.bytes().filter(u8::is_ascii_alphanumeric).count();
    if alnum == 0 {
        return 0.0;
    }
    let words: usize = segments(value).map(covered).sum();
    words as f64 / alnum as f64
}

/// Share (0.0 – 1.0) of the letters of `value` that belong to dictionary words (digits and
/// symbols left out): `Summer2024!` is all words, `Zq8Lx3Rf` is not.
pub fn letter_word_share(value: &str) -> f64 {
    let letters = value.bytes().filter(u8::is_ascii_alphabetic).count();
    if letters == 0 {
        return 0.0;
    }
    let words: usize = segments(value).map(covered).sum();
    words as f64 / letters as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_camel_case_and_runs() {
        let got: Vec<&str> = segments("liveKitAPISecret_v2-prod").collect();
        assert_eq!(got, ["live", "Kit", "API", "Secret", "v", "prod"]);
    }

    #[test]
    fn words_and_endings() {
        for w in [
            "token", "tokens", "signing", "secret", "password", "livekit", "api",
        ] {
            assert!(is_word(w), "{w}");
        }
        for w in ["zqxv", "kdmf", "xkqw"] {
            assert!(!is_word(w), "{w}");
        }
    }

    #[test]
    fn glued_words_are_covered() {
        assert!(word_share("mysupersecretpassword") > 0.7);
        assert!(word_share("OPENAI_API_KEY") > 0.9);
        assert!(word_share("e3b0c44298fc1c149afbf4c8996fb92427ae41e4") < 0.2);
    }
}
