//! Naming knowledge: which keys hold secrets, which prefixes bundlers publish, which files are
//! templates, which values may be shown.
//!
//! ```
//! use keylint_dotenv::keys::{is_secret_key, DEFAULT_SECRET_KEYS};
//! let defaults: Vec<String> = DEFAULT_SECRET_KEYS.iter().map(|s| s.to_string()).collect();
//! assert!(is_secret_key("LIVEKIT_API_SECRET", &defaults));
//! assert!(is_secret_key("ENCRYPTION_KEY", &defaults));
//! assert!(!is_secret_key("STRIPE_PUBLISHABLE_KEY", &defaults));
//! assert!(!is_secret_key("PORT", &defaults));
//! ```

/// Default patterns of secret keys (case-insensitive, `*` matches anything).
pub const DEFAULT_SECRET_KEYS: &[&str] = &[
    "*SECRET",
    "*SECRET_KEY",
    "*_KEY",
    "*_TOKEN",
    "*PASSWORD",
    "*_PASS",
    "*_PWD",
    "ENCRYPTION_KEY",
    "*SIGNING_KEY",
    "*_SALT",
];

/// Key suffixes that name public values even when they look like `*_KEY`.
const PUBLIC_NAME_PARTS: &[&str] = &[
    "PUBLISHABLE",
    "PUBLIC_KEY",
    "PUBKEY",
    "SITE_KEY",
    "SITEKEY",
    "ANON_KEY",
    "_KEY_ID",
    "KEY_PATH",
    "KEY_FILE",
    "_ID",
    "MAPS_API_KEY",
    "FIREBASE_API_KEY",
    "RECAPTCHA",
];

/// Default key prefixes that bundlers inline into client code.
pub const DEFAULT_PUBLIC_PREFIXES: &[&str] = &[
    "NEXT_PUBLIC_",
    "VITE_",
    "EXPO_PUBLIC_",
    "REACT_APP_",
    "PUBLIC_",
    "NUXT_PUBLIC_",
    "GATSBY_",
    "VUE_APP_",
];

/// Whether `key` matches one of `patterns` and is not a public-by-name value.
pub fn is_secret_key(key: &str, patterns: &[String]) -> bool {
    // Called for every key by several checks: one automaton pass, no allocation.
    static PUBLIC_PARTS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(PUBLIC_NAME_PARTS)
                .expect("plain literals")
        });
    patterns.iter().any(|p| glob_match(p, key)) && !PUBLIC_PARTS.is_match(key)
}

/// `*`-only glob matching, ASCII case-insensitive, without allocating.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    // The usual shapes first: `*_KEY` (a suffix) and `ENCRYPTION_KEY` (the whole name).
    match pattern.iter().position(|&b| b == b'*') {
        None => return pattern.eq_ignore_ascii_case(text),
        Some(0) if !pattern[1..].contains(&b'*') => {
            let suffix = &pattern[1..];
            return text.len() >= suffix.len()
                && text[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
        }
        Some(_) => {}
    }
    let mut parts = pattern.split(|&b| b == b'*');
    let first = parts.next().unwrap_or_default();
    if !starts_with_ignore_case(text, first) {
        return false;
    }
    let Some(last_star) = pattern.iter().rposition(|&b| b == b'*') else {
        return pattern.eq_ignore_ascii_case(text);
    };
    let last = &pattern[last_star + 1..];
    if text.len() < first.len() + last.len()
        || !text[text.len() - last.len()..].eq_ignore_ascii_case(last)
    {
        return false;
    }
    // The middle parts, in order, between the first and the last.
    let mut rest = &text[first.len()..text.len() - last.len()];
    let middle = &pattern[first.len()..last_star];
    for part in middle.split(|&b| b == b'*').filter(|p| !p.is_empty()) {
        match rest
            .windows(part.len())
            .position(|w| w.eq_ignore_ascii_case(part))
        {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

fn starts_with_ignore_case(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Whether a file name is a template meant to be committed.
pub fn is_example_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "example", "sample", "template", "dist", "defaults", "schema", "tpl",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a file name is an env file (`.env`, `.env.local`, `prod.env`, `.env.example` …).
pub fn is_env_file_name(name: &str) -> bool {
    name == ".env"
        || name.starts_with(".env.")
        || std::path::Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("env"))
        || name.starts_with(".env-")
        || name.starts_with(".env_")
}

/// Whether a value should be masked in output: anything that may be a credential. Empty values,
/// references, numbers, booleans and URLs without credentials are shown.
pub fn should_mask(key: &str, value: &str) -> bool {
    // Called for every line shown in a snippet: no allocation, one automaton pass over the key.
    static SECRETISH: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([
                    "SECRET",
                    "KEY",
                    "TOKEN",
                    "PASS",
                    "PWD",
                    "AUTH",
                    "CREDENTIAL",
                    "PRIVATE",
                    "SALT",
                    "DSN",
                    "COOKIE",
                    "SIGNATURE",
                ])
                .expect("plain literals")
        });
    let v = value.trim();
    if v.is_empty() || keylint_scan::placeholder::is_reference(v) {
        return false;
    }
    let plain_word = ["true", "false", "yes", "no", "on", "off"]
        .iter()
        .any(|w| v.eq_ignore_ascii_case(w));
    // A number is at most a few dozen characters; longer values are not worth parsing.
    if plain_word || (v.len() <= 40 && v.parse::<f64>().is_ok()) {
        return false;
    }
    if let Some((scheme, rest)) = v.split_once("://") {
        if scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+')
            && !rest.contains('@')
        {
            return rest.contains("token") || rest.contains("key=");
        }
    }
    if SECRETISH.is_match(key) {
        return !keylint_scan::placeholder::is_placeholder(v) || v.chars().count() >= 24;
    }
    v.chars().count() >= 16 && !v.contains(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*_KEY", "OPENAI_API_KEY"));
        assert!(glob_match("*SECRET*", "A_SECRET_B"));
        assert!(!glob_match("*_KEY", "KEYS"));
        assert!(glob_match("ENCRYPTION_KEY", "ENCRYPTION_KEY"));
        assert!(glob_match("*_key", "OPENAI_API_KEY"));
        assert!(glob_match("A*B*C", "AxxBxxC"));
        assert!(!glob_match("A*B*C", "AxxCxxB"));
        assert!(!glob_match("AB*BA", "ABA"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("KEY", "KEYS"));
    }

    #[test]
    fn masking() {
        assert!(should_mask("LIVEKIT_API_SECRET", "secret"));
        assert!(!should_mask("PORT", "8080"));
        assert!(!should_mask("LIVEKIT_URL", "wss://x.livekit.cloud"));
        assert!(should_mask("DATABASE_URL", "postgres://u:p@h/db"));
        assert!(!should_mask("OPENAI_API_KEY", "votre_nouvelle_cle_ici"));
        assert!(should_mask("X", "Zq8Lx3RfT0aPw9Vn2KcYb7Hj"));
    }

    #[test]
    fn names() {
        assert!(is_example_name(".env.example"));
        assert!(!is_example_name(".env.local"));
        assert!(is_env_file_name(".env.production"));
        assert!(is_env_file_name("prod.env"));
        assert!(!is_env_file_name("environment.ts"));
    }
}
