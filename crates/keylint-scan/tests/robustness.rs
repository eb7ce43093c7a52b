//! The engine never panics, whatever the bytes: multi-byte characters next to every keyword,
//! invalid UTF-8, truncated lines. Deterministic pseudo-random inputs built around the real
//! keyword list, so every detector code path sees hostile neighbours.

use keylint_scan::{Engine, generic};

/// Small deterministic generator (no dependency, reproducible failures).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "é",
    "…",
    "’",
    "\u{200b}",
    "\u{feff}",
    "日本",
    "🔑",
    " ",
    "=",
    ": ",
    "'",
    "\"",
    "`",
    "\n",
    "\r\n",
    "\\",
    "${",
    "}",
    "(",
    ")",
    ",",
    ";",
    "<",
    ">",
    "Bearer ",
    "Basic ",
    "token ",
    "La clé API saisie",
    "xoxb-",
    "sk-",
    "AIza",
    "ghp_",
    "-----BEGIN ",
    "PRIVATE KEY-----",
    "eyJ",
    "://",
    "@",
    "AbC9xYz81QwErTy7",
];

const PATHS: &[&str] = &[
    "a.dart",
    "b.ts",
    "c.yaml",
    ".env",
    "d.py",
    "e.json",
    "f.xml",
    "g.properties",
    "h.txt",
    "k.sh",
];

#[test]
fn random_text_around_every_keyword_never_panics() {
    let engine = Engine::builtin();
    let mut keywords: Vec<&str> = generic::KEYWORDS.to_vec();
    for rule in keylint_rules::builtin() {
        keywords.extend(rule.keywords.iter().map(String::as_str));
    }
    let mut rng = Lcg(42);
    for round in 0..3000 {
        let mut text = String::new();
        for _ in 0..(4 + rng.next() % 12) {
            if rng.next() % 3 == 0 {
                text.push_str(rng.pick(&keywords));
            } else {
                text.push_str(rng.pick(PIECES));
            }
        }
        let path = rng.pick(PATHS);
        let mut bytes = text.into_bytes();
        // Cut some inputs in the middle of a multi-byte character.
        if round % 7 == 0 && bytes.len() > 3 {
            bytes.truncate(bytes.len() - 1);
        }
        for f in engine.scan(path, &bytes) {
            // Rendering must not panic either.
            let _ = (
                f.display_snippet(false),
                f.display_secret_columns(false),
                f.display_secret(false),
            );
        }
    }
}

#[test]
fn multibyte_values_after_secret_names() {
    let engine = Engine::builtin();
    for line in [
        "\"apiKeyInvalid\": \"La clé API saisie est invalide\"",
        "AUTH_TOKEN=o20Q…kryu",
        "Authorization: Béarer é",
        "password: 'é'",
        "token = \"…\"",
        "secret: 日本語のテキスト",
    ] {
        for path in PATHS {
            let _ = engine.scan(path, line.as_bytes());
        }
    }
}
