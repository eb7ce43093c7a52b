//! How random a string looks. Shannon entropy alone misjudges short keys and long words, so the
//! generic detector also weighs character classes, length, repetition, runs like `abcdef`, and
//! how much of the value is made of dictionary words.
//!
//! ```
//! use keylint_scan::randomness::{looks_like_key, looks_like_password};
//! assert!(looks_like_key("Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri"));
//! assert!(!looks_like_key("liveKitApiSecretProduction"));
//! assert!(looks_like_password("Tr0ub4dor&3x"));
//! assert!(!looks_like_password("P@ssw0rd123"));
//! ```

use crate::generic::words::{letter_word_share, word_share};

/// Shortest key, secret or token the generic detector accepts when its characters mix lower
/// case, upper case and digits.
pub const KEY_MIN_MIXED: usize = 12;

/// Shortest key, secret or token accepted otherwise.
pub const KEY_MIN: usize = 16;

/// Shortest password accepted.
pub const PASSWORD_MIN: usize = 8;

/// Longest value judged at all.
pub const MAX_LEN: usize = 4096;

/// Shannon entropy of `s` in bits per byte.
///
/// ```
/// use keylint_scan::randomness::shannon_entropy;
/// assert_eq!(shannon_entropy("aaaa"), 0.0);
/// assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
/// ```
pub fn shannon_entropy(s: &str) -> f64 {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// Character-level facts about a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Length in bytes.
    pub len: usize,
    /// ASCII lowercase letters.
    pub lower: usize,
    /// ASCII uppercase letters.
    pub upper: usize,
    /// ASCII digits.
    pub digits: usize,
    /// Printable ASCII punctuation.
    pub symbols: usize,
    /// Punctuation other than the separators `-`, `_` and `.`.
    pub strong_symbols: usize,
    /// Whitespace, control bytes and non-ASCII bytes.
    pub other: usize,
    /// Distinct bytes.
    pub distinct: usize,
    /// Longest run of one repeated byte (`aaaa` → 4).
    pub longest_run: usize,
    /// Longest run of consecutive bytes going up or down by one (`abcd`, `4321` → 4).
    pub longest_sequence: usize,
    /// Shannon entropy in bits per byte.
    pub entropy: f64,
}

impl Profile {
    /// Profiles `value`.
    pub fn of(value: &str) -> Profile {
        let bytes = value.as_bytes();
        let mut p = Profile {
            len: bytes.len(),
            lower: 0,
            upper: 0,
            digits: 0,
            symbols: 0,
            strong_symbols: 0,
            other: 0,
            distinct: 0,
            longest_run: usize::from(!bytes.is_empty()),
            longest_sequence: usize::from(!bytes.is_empty()),
            entropy: shannon_entropy(value),
        };
        let mut seen = [false; 256];
        let (mut run, mut up, mut down) = (1, 1, 1);
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'a'..=b'z' => p.lower += 1,
                b'A'..=b'Z' => p.upper += 1,
                b'0'..=b'9' => p.digits += 1,
                b'-' | b'_' | b'.' => p.symbols += 1,
                b'!'..=b'~' => {
                    p.symbols += 1;
                    p.strong_symbols += 1;
                }
                _ => p.other += 1,
            }
            if !seen[b as usize] {
                seen[b as usize] = true;
                p.distinct += 1;
            }
            if i > 0 {
                let prev = bytes[i - 1];
                run = if b == prev { run + 1 } else { 1 };
                up = if b.is_ascii_alphanumeric() && b == prev.wrapping_add(1) {
                    up + 1
                } else {
                    1
                };
                down = if b.is_ascii_alphanumeric() && b == prev.wrapping_sub(1) {
                    down + 1
                } else {
                    1
                };
                p.longest_run = p.longest_run.max(run);
                p.longest_sequence = p.longest_sequence.max(up).max(down);
            }
        }
        p
    }

    /// How many of lowercase, uppercase and digits occur.
    pub fn alnum_classes(&self) -> usize {
        usize::from(self.lower > 0) + usize::from(self.upper > 0) + usize::from(self.digits > 0)
    }

    /// Letters of either case.
    pub fn letters(&self) -> usize {
        self.lower + self.upper
    }
}

/// Whether `value` looks like a generated key, secret or token.
///
/// - printable ASCII, no spaces, at least one letter;
/// - at least [`KEY_MIN`] characters, or [`KEY_MIN_MIXED`] when lower case, upper case and
///   digits all occur;
/// - no digits and a single letter case (an identifier, a word, an env var name) need 20
///   characters, high entropy and almost no words;
/// - enough distinct characters and entropy (≥ 3 bits per character), no run of a repeated
///   character or of a sequence (`abcde`, `12345`);
/// - less than half of it made of dictionary words.
///
/// ```
/// use keylint_scan::randomness::looks_like_key;
/// assert!(looks_like_key("e3b0c44298fc1c149afbf4c8996fb924"));
/// assert!(looks_like_key("aK9xPq2LmZ7w")); // 12, three classes
/// assert!(!looks_like_key("ak9xpq2lmz7w")); // 12, two classes
/// assert!(!looks_like_key("OPENAI_API_KEY"));
/// assert!(!looks_like_key("my-super-secret-jwt-signing-key-2024"));
/// ```
pub fn looks_like_key(value: &str) -> bool {
    let p = Profile::of(value);
    // `$` belongs to no key alphabet (base64, base64url, hex, base62); in a value it is a
    // template variable (`string.$S2.delim`) or a hash format (`$2b$12$…`).
    if p.other > 0
        || p.len > MAX_LEN
        || p.letters() == 0
        || value.contains('$')
        || is_camel_case_identifier(value)
    {
        return false;
    }
    if p.len < KEY_MIN_MIXED || (p.len < KEY_MIN && p.alnum_classes() < 3) {
        return false;
    }
    if p.digits == 0 && (p.lower == 0 || p.upper == 0) {
        // `SOME_ENV_NAME`, `some-identifier`, or letters-only keys (rare, but they exist).
        if p.len < 20 || p.entropy < 3.5 || word_share(value) >= 0.2 {
            return false;
        }
        if p.upper > 0 && value.contains('_') {
            return false;
        }
    }
    let min_distinct = (p.len / 2).min(10);
    if p.distinct < min_distinct || p.entropy < 3.0 {
        return false;
    }
    if p.longest_run >= 5 || (p.longest_run >= 4 && p.len < 32) || p.longest_sequence >= 5 {
        return false;
    }
    word_share(value) < 0.5
}

/// `ExclusiveStartKey`, `continuationToken`, `ExclusiveStartShardId`: CamelCase made of word-like
/// segments (a capital then lowercase letters; the first may be all lowercase), at least two of
/// them three letters or longer, and no digits. API field names and enum values look like this;
/// random keys almost never do.
///
/// ```
/// use keylint_scan::randomness::is_camel_case_identifier;
/// assert!(is_camel_case_identifier("ExclusiveStartKey"));
/// assert!(is_camel_case_identifier("continuationToken"));
/// assert!(is_camel_case_identifier("ExclusiveStartShardId"));
/// assert!(!is_camel_case_identifier("aKxPqLmZwRtYbV"));
/// assert!(!is_camel_case_identifier("Zq8Lx3RfT0aPw9Vn"));
/// ```
pub fn is_camel_case_identifier(value: &str) -> bool {
    if !value.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let bytes = value.as_bytes();
    let mut segments = 0;
    let mut short_segments = 0;
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i].is_ascii_uppercase() {
            i += 1;
        } else if start != 0 {
            return false;
        }
        let lower_start = i;
        while i < bytes.len() && bytes[i].is_ascii_lowercase() {
            i += 1;
        }
        match i - lower_start {
            0 => return false,
            1 => short_segments += 1,
            _ => segments += 1,
        }
    }
    segments >= 2 && short_segments <= segments / 2
}

/// Passwords anyone would try first, and the words test data is made of. A value whose letters
/// (after undoing `@`→a, `0`→o, `1`→i, `3`→e, `4`→a, `5`/`$`→s inside the word and dropping
/// leading/trailing digits and symbols) are only these words is not worth a finding.
const WEAK_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "pw",
    "passe",
    "mot",
    "motdepasse",
    "contrasena",
    "passwort",
    "geheim",
    "admin",
    "administrator",
    "root",
    "toor",
    "test",
    "tester",
    "testing",
    "user",
    "guest",
    "demo",
    "default",
    "secret",
    "super",
    "my",
    "your",
    "the",
    "a",
    "changeme",
    "change",
    "changeit",
    "letmein",
    "let",
    "me",
    "in",
    "welcome",
    "qwerty",
    "azerty",
    "asdf",
    "abc",
    "postgres",
    "postgresql",
    "mysql",
    "mongo",
    "mongodb",
    "redis",
    "rabbit",
    "rabbitmq",
    "oracle",
    "sql",
    "db",
    "database",
    "dev",
    "local",
    "localhost",
    "sample",
    "example",
    "hello",
    "world",
    "login",
    "master",
    "dummy",
    "foo",
    "bar",
    "baz",
    "temp",
    "tmp",
    "new",
    "old",
    "strong",
    "very",
    "long",
    "iloveyou",
    "monkey",
    "dragon",
    "sunshine",
    "princess",
    "football",
    "shadow",
    "trustno",
    "hunter",
    "whatever",
    "access",
    "private",
    "key",
    "token",
    "app",
    "api",
    "service",
    "server",
    "word",
    "pa",
    "ss",
    "s",
    "is",
    "top",
    "private",
    "keycloak",
    "elastic",
    "kibana",
    "minio",
    "minioadmin",
    "grafana",
    "jenkins",
    "sonar",
    "docker",
    "airflow",
    "keylint",
    "livekit",
    "devkey",
    "parole",
];

/// Whether `value` is a password nobody would bother to steal: a few weak words, maybe in
/// leetspeak, with digits or symbols around (`P@ssw0rd123`, `admin123`, `changeit`).
pub fn is_weak_password(value: &str) -> bool {
    let core = value.trim_matches(|c: char| !c.is_ascii_alphabetic());
    if core.is_empty() {
        return true;
    }
    let letters: String = core
        .chars()
        .filter_map(|c| {
            let c = c.to_ascii_lowercase();
            match c {
                'a'..='z' => Some(c),
                '@' | '4' => Some('a'),
                '0' => Some('o'),
                '1' | '!' => Some('i'),
                '3' => Some('e'),
                '5' | '$' => Some('s'),
                '7' => Some('t'),
                _ => None,
            }
        })
        .collect();
    covered_by(&letters, WEAK_WORDS)
}

/// Whether `s` is entirely a concatenation of `words`.
fn covered_by(s: &str, words: &[&str]) -> bool {
    let n = s.len();
    if n > 64 {
        return false;
    }
    let mut ok = vec![false; n + 1];
    ok[0] = true;
    for end in 1..=n {
        ok[end] = words
            .iter()
            .any(|w| w.len() <= end && ok[end - w.len()] && &s[end - w.len()..end] == *w);
    }
    ok[n]
}

/// Whether `value` looks like a real password rather than a word, a sentence, a label or a
/// test value.
///
/// - printable ASCII, no spaces, 8 to 128 characters, at least one letter;
/// - not a weak password ([`is_weak_password`]);
/// - at least 5 distinct characters and 2.5 bits of entropy per character, no run of 4 equal or
///   consecutive characters;
/// - letters only (with `-`, `_`, `.`): it must read random (not words, mixed case beyond a
///   capital first letter, 10+ characters).
///
/// ```
/// use keylint_scan::randomness::looks_like_password;
/// assert!(looks_like_password("Summer2024!x"));
/// assert!(looks_like_password("q7#Lm2!v"));
/// assert!(!looks_like_password("q7#Lm2!")); // 7 characters
/// assert!(!looks_like_password("Passwort"));
/// assert!(!looks_like_password("mysecretpassword"));
/// assert!(!looks_like_password("admin123"));
/// ```
pub fn looks_like_password(value: &str) -> bool {
    let p = Profile::of(value);
    if p.other > 0 || p.len < PASSWORD_MIN || p.len > 128 || p.letters() == 0 {
        return false;
    }
    if is_weak_password(value) || is_camel_case_identifier(value) {
        return false;
    }
    // Lowercase words joined by `/`, `-`, `_`, `.`: an error code or a path (`auth/weak-password`).
    if p.digits == 0 && p.upper == 0 && letter_word_share(value) >= 0.7 {
        return false;
    }
    if p.distinct < 5 || p.entropy < 2.5 || p.longest_run >= 4 || p.longest_sequence >= 4 {
        return false;
    }
    if p.digits == 0 && p.strong_symbols == 0 {
        let inner_upper = value.bytes().skip(1).filter(u8::is_ascii_uppercase).count();
        return p.len >= 10
            && p.lower > 0
            && inner_upper >= 2
            && p.entropy >= 3.0
            && letter_word_share(value) < 0.3;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_length_thresholds() {
        // 11 characters, three classes: too short.
        assert!(!looks_like_key("aK9xPq2LmZ7"));
        // 12, three classes: enough.
        assert!(looks_like_key("aK9xPq2LmZ7w"));
        // 15, two classes: too short; 16, two classes: enough.
        assert!(!looks_like_key("k9xpq2lmz7wr4bt"));
        assert!(looks_like_key("k9xpq2lmz7wr4btd"));
        // Hex, 16 and 64.
        assert!(looks_like_key("9f86d081884c7d65"));
        assert!(looks_like_key(
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        ));
    }

    #[test]
    fn key_rejections() {
        for v in [
            "LIVEKIT_API_SECRET",
            "liveKitApiSecretForProduction",
            "this-is-my-secret-token",
            "aaaaaaaaaaaaaaaaaaaaaaaa",
            "abcdef1234567890abcdef",
            "0123456789012345",
            "1700000000000000",
            "2024-01-01T00:00:00Z",
            "Zq8Lx3RfT0aPw9Vn 2KcYb7Hj5Ms1Ud4Ge6",
            "clé-très-secrète-2024",
            "zzzzz8Lx3RfT0aPw9Vn2Kc",
        ] {
            assert!(!looks_like_key(v), "{v}");
        }
    }

    #[test]
    fn letters_only_keys_need_length_and_no_words() {
        assert!(looks_like_key("qzvmxkprtlwhbnjcdfsgyu"));
        assert!(!looks_like_key("qzvmxkprtlwhbnjcdfs"));
        assert!(!looks_like_key("someveryveryverylongidentifier"));
    }

    #[test]
    fn password_thresholds() {
        assert!(looks_like_password("q7#Lm2!v"));
        assert!(!looks_like_password("q7#Lm2!"));
        assert!(looks_like_password("Summer2024!x"));
        assert!(looks_like_password("xKqWzVmPtR"));
        assert!(!looks_like_password("xKqWzVmPt"));
        for v in [
            "password",
            "Password1!",
            "P@ssw0rd",
            "p4ssw0rd123",
            "s3cr3t!!",
            "admin123",
            "changeme123",
            "postgres",
            "mysecretpassword",
            "supersecret",
            "Passwort",
            "correcthorsebatterystaple",
            "12345678",
            "aaaa1234",
            "abcd9876",
            "Mot de passe",
        ] {
            assert!(!looks_like_password(v), "{v}");
        }
    }

    #[test]
    fn weak_passwords() {
        assert!(is_weak_password("Adm1n!"));
        assert!(is_weak_password("rootpassword"));
        assert!(!is_weak_password("Kx9mQ2vL"));
    }

    #[test]
    fn profile_counts() {
        let p = Profile::of("aB3-$xyz");
        assert_eq!((p.lower, p.upper, p.digits, p.symbols), (4, 1, 1, 2));
        assert_eq!(p.strong_symbols, 1);
        assert_eq!(p.longest_sequence, 3);
    }
}
