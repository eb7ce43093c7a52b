//! Which provider a variable belongs to, and what its value must look like.
//!
//! The formats are **not** written here: this module maps variable names to rule ids of the
//! catalog (`keylint_rules::builtin()`), runs those rules' patterns on `KEY=value`, and derives
//! the expected prefixes and lengths from the patterns themselves. Only two formats that are not
//! credentials of a provider live here: a 64-hex `ENCRYPTION_KEY` and the `LIVEKIT_URL` scheme.
//!
//! ```
//! use keylint_dotenv::provider::{provider_for, shape_of};
//! let p = provider_for("OPENAI_API_KEY").unwrap();
//! assert_eq!(p.name, "OpenAI");
//! let shape = shape_of("groq-api-key").unwrap();
//! assert_eq!(shape.prefixes, ["gsk_"]);
//! assert_eq!((shape.min, shape.max), (56, Some(56)));
//! ```

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex::bytes::Regex;

/// A provider and the variables that hold its credentials.
#[derive(Debug)]
pub struct Provider {
    /// Display name.
    pub name: &'static str,
    /// Catalog rule ids a value may match.
    pub rules: &'static [&'static str],
    /// What the provider or server does with a malformed value.
    pub rejects: &'static str,
}

impl Provider {
    /// The variable names that hold the provider's credentials: the `env` of its rules in the
    /// catalog (the one place they are written), in order, without repeats.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = Vec::new();
        for rule in self.rules.iter().filter_map(|id| keylint_rules::find(id)) {
            for name in &rule.env {
                if !keys.contains(&name.as_str()) {
                    keys.push(name);
                }
            }
        }
        keys
    }
}

/// The mapping provider → catalog rule ids (whose `env` names the variables).
pub const PROVIDERS: &[Provider] = &[
    Provider {
        name: "OpenAI",
        rules: &[
            "openai-project-key",
            "openai-service-account-key",
            "openai-admin-key",
            "openai-legacy-key",
        ],
        rejects: "OpenAI answers 401 `invalid_api_key` (\"Incorrect API key provided\")",
    },
    Provider {
        name: "Anthropic",
        rules: &["anthropic-api-key", "anthropic-admin-key"],
        rejects: "Anthropic answers 401 `authentication_error` (\"invalid x-api-key\")",
    },
    Provider {
        name: "Google / Gemini",
        rules: &[
            "google-api-key",
            "google-gemini-api-key",
            "firebase-web-api-key",
        ],
        rejects: "Google answers 400 `API_KEY_INVALID` (\"API key not valid\")",
    },
    Provider {
        name: "Groq",
        rules: &["groq-api-key"],
        rejects: "Groq answers 401 `invalid_api_key`",
    },
    Provider {
        name: "DeepSeek",
        rules: &["deepseek-api-key"],
        rejects: "DeepSeek answers 401 (\"Authentication Fails\")",
    },
    Provider {
        name: "LiveKit",
        rules: &["livekit-api-key"],
        rejects: "the LiveKit server rejects every token signed with it (401)",
    },
    Provider {
        name: "LiveKit",
        rules: &["livekit-api-secret"],
        rejects: "tokens signed with it fail verification on the LiveKit server (401)",
    },
    Provider {
        name: "AWS",
        rules: &["aws-access-key-id"],
        rejects: "AWS answers `InvalidClientTokenId`",
    },
    Provider {
        name: "AWS",
        rules: &["aws-secret-access-key"],
        rejects: "AWS answers `SignatureDoesNotMatch`",
    },
    Provider {
        name: "GitHub",
        rules: &[
            "github-pat-classic",
            "github-pat-fine-grained",
            "github-oauth-token",
            "github-app-user-token",
            "github-app-installation-token",
        ],
        rejects: "GitHub answers 401 `Bad credentials`",
    },
    Provider {
        name: "Stripe",
        rules: &[
            "stripe-live-secret-key",
            "stripe-test-secret-key",
            "stripe-live-restricted-key",
            "stripe-test-restricted-key",
        ],
        rejects: "Stripe answers 401 (\"Invalid API Key provided\")",
    },
    Provider {
        name: "Stripe",
        rules: &["stripe-webhook-secret"],
        rejects: "every webhook signature check fails",
    },
    Provider {
        name: "Slack",
        rules: &["slack-bot-token"],
        rejects: "Slack answers `invalid_auth`",
    },
    Provider {
        name: "Slack",
        rules: &["slack-user-token"],
        rejects: "Slack answers `invalid_auth`",
    },
    Provider {
        name: "Slack",
        rules: &["slack-app-token"],
        rejects: "Slack answers `invalid_auth`",
    },
    Provider {
        name: "Slack",
        rules: &["slack-webhook-url", "slack-workflow-webhook-url"],
        rejects: "Slack answers 404 `no_service`",
    },
    Provider {
        name: "Hugging Face",
        rules: &["huggingface-access-token", "huggingface-org-token"],
        rejects: "Hugging Face answers 401 (\"Invalid credentials\")",
    },
    Provider {
        name: "xAI",
        rules: &["xai-api-key"],
        rejects: "xAI answers 400 (\"Incorrect API key provided\")",
    },
    Provider {
        name: "OpenRouter",
        rules: &["openrouter-api-key"],
        rejects: "OpenRouter answers 401",
    },
    Provider {
        name: "SendGrid",
        rules: &["sendgrid-api-key"],
        rejects: "SendGrid answers 401 (\"The provided authorization grant is invalid\")",
    },
];

/// Whether the rule's credential is made to ship in clients (its `exposure` in the catalog):
/// a Firebase web key, an anon key.
pub fn is_client_safe(rule_id: &str) -> bool {
    keylint_rules::find(rule_id)
        .is_some_and(|r| r.exposure == Some(keylint_rules::Exposure::ClientSafe))
}

/// The provider whose credential `key` holds (public prefixes like `VITE_` are ignored).
pub fn provider_for(key: &str) -> Option<&'static Provider> {
    static KEYS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| PROVIDERS.iter().map(Provider::keys).collect());
    let upper = key.as_bytes();
    PROVIDERS.iter().zip(keys).find_map(|(p, keys)| {
        keys.iter()
            .any(|k| {
                let k = k.as_bytes();
                upper.len() >= k.len()
                    && upper[upper.len() - k.len()..].eq_ignore_ascii_case(k)
                    && (upper.len() == k.len() || upper[upper.len() - k.len() - 1] == b'_')
            })
            .then_some(p)
    })
}

/// What a rule's secret looks like, read from its pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Literal prefixes (one of them starts every secret); empty when the pattern has none.
    pub prefixes: Vec<String>,
    /// Minimum length.
    pub min: usize,
    /// Maximum length (`None`: unbounded).
    pub max: Option<usize>,
    /// The character class of the part after the prefix, as written (`A-Za-z0-9_-`).
    pub alphabet: Option<String>,
    /// A fixed literal in the middle of every secret (`T3BlbkFJ` in `OpenAI` keys), with the minimum
    /// length of what follows it; `None` when the pattern has no literal between two variable
    /// parts.
    pub marker: Option<(String, usize)>,
}

/// The shape of a catalog rule's secret, when its pattern is simple enough to read.
pub fn shape_of(rule_id: &str) -> Option<Shape> {
    let spec = keylint_rules::find(rule_id)?;
    parse_shape(secret_group_text(spec.pattern.as_ref()?.get_ref())?)
}

/// The text of the secret's capture group: the first `(` that is not `(?`.
fn secret_group_text(pattern: &str) -> Option<&str> {
    let b = pattern.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'[' => {
                i += 1;
                while i < b.len() && b[i] != b']' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'(' if b.get(i + 1) != Some(&b'?') => {
                let start = i + 1;
                let mut depth = 1;
                let mut j = start;
                while j < b.len() {
                    match b[j] {
                        b'\\' => j += 1,
                        b'[' => {
                            while j < b.len() && b[j] != b']' {
                                j += if b[j] == b'\\' { 2 } else { 1 };
                            }
                        }
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(&pattern[start..j]);
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                return None;
            }
            _ => i += 1,
        }
    }
    None
}

/// Reads a sequence of literals, `(?:a|b)` literal alternations, `[class]` with an optional
/// quantifier. Anything else: `None`.
fn parse_shape(group: &str) -> Option<Shape> {
    let b = group.as_bytes();
    let mut prefixes: Vec<String> = vec![String::new()];
    let mut in_prefix = true;
    let (mut min, mut max) = (0usize, Some(0usize));
    let mut alphabet = None;
    // The first run of literals after a variable part, and what follows it.
    let mut marker = Marker::Before;
    let mut i = 0;
    while i < b.len() {
        let (lo, hi, literal): (usize, Option<usize>, Option<Vec<String>>) = match b[i] {
            b'\\' => {
                let c = *b.get(i + 1)? as char;
                if c.is_ascii_alphanumeric() {
                    return None;
                }
                i += 2;
                (1, Some(1), Some(vec![c.to_string()]))
            }
            b'[' => {
                let end = i + group[i..].find(']')?;
                let class = &group[i + 1..end];
                i = end + 1;
                let (lo, hi) = quantifier(b, &mut i)?;
                if in_prefix || alphabet.is_none() {
                    alphabet = Some(class.to_owned());
                }
                (lo, hi, None)
            }
            b'(' => {
                let rest = group[i..].strip_prefix("(?:")?;
                let end = rest.find(')')?;
                let alts: Vec<String> = rest[..end].split('|').map(str::to_owned).collect();
                if alts.iter().any(|a| {
                    !a.bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                }) {
                    return None;
                }
                i += 3 + end + 1;
                let lo = alts.iter().map(String::len).min()?;
                let hi = alts.iter().map(String::len).max();
                (lo, hi, Some(alts))
            }
            c if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b':' | b'/' | b'=') => {
                i += 1;
                (1, Some(1), Some(vec![(c as char).to_string()]))
            }
            _ => return None,
        };
        min += lo;
        max = max.and_then(|m| hi.map(|h| m + h));
        if !in_prefix {
            marker = marker.next(literal.as_deref(), lo);
        }
        match literal {
            Some(alts) if in_prefix => {
                prefixes = prefixes
                    .iter()
                    .flat_map(|p| alts.iter().map(move |a| format!("{p}{a}")))
                    .collect();
            }
            _ => in_prefix = false,
        }
    }
    prefixes.retain(|p| !p.is_empty());
    Some(Shape {
        prefixes,
        min,
        max,
        alphabet,
        marker: match marker {
            Marker::After(text, after) if after > 0 => Some((text, after)),
            _ => None,
        },
    })
}

/// Where [`parse_shape`] is relative to a fixed marker, once past the prefix.
enum Marker {
    /// No literal seen after a variable part yet.
    Before,
    /// Reading the marker's literals.
    In(String),
    /// Past the marker: its text and the minimum length read since.
    After(String, usize),
    /// The pattern has no usable marker (an alternation where it would be).
    None,
}

impl Marker {
    /// The state after one more item of the pattern (`literal`: its alternatives, if literal;
    /// `lo`: its minimum length).
    fn next(self, literal: Option<&[String]>, lo: usize) -> Self {
        match (self, literal) {
            (Self::Before, Some([one])) => Self::In(one.clone()),
            (Self::In(mut text), Some([one])) => {
                text.push_str(one);
                Self::In(text)
            }
            (Self::Before, None) => Self::Before,
            (Self::In(text), None) => Self::After(text, lo),
            (Self::After(text, n), _) => Self::After(text, n + lo),
            (Self::Before | Self::In(_) | Self::None, Some(_)) | (Self::None, None) => Self::None,
        }
    }
}

fn quantifier(b: &[u8], i: &mut usize) -> Option<(usize, Option<usize>)> {
    match b.get(*i) {
        Some(b'{') => {
            let end = *i + b[*i..].iter().position(|&c| c == b'}')?;
            let inner = std::str::from_utf8(&b[*i + 1..end]).ok()?;
            *i = end + 1;
            match inner.split_once(',') {
                None => {
                    let n = inner.parse().ok()?;
                    Some((n, Some(n)))
                }
                Some((lo, "")) => Some((lo.parse().ok()?, None)),
                Some((lo, hi)) => Some((lo.parse().ok()?, Some(hi.parse().ok()?))),
            }
        }
        Some(b'+') => {
            *i += 1;
            Some((1, None))
        }
        Some(b'*') => {
            *i += 1;
            Some((0, None))
        }
        Some(b'?') => {
            *i += 1;
            Some((0, Some(1)))
        }
        _ => Some((1, Some(1))),
    }
}

/// Whether `class` (regex class body like `A-Za-z0-9_-`) contains `c`.
pub fn class_contains(class: &str, c: char) -> bool {
    let chars: Vec<char> = class.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let mut lo = chars[i];
        if lo == '\\' && i + 1 < chars.len() {
            i += 1;
            lo = chars[i];
        }
        if i + 2 < chars.len() && chars[i + 1] == '-' {
            if (lo..=chars[i + 2]).contains(&c) {
                return true;
            }
            i += 3;
        } else {
            if lo == c {
                return true;
            }
            i += 1;
        }
    }
    false
}

/// A rule's pattern compiled for [`fits`]: its secret group alone, anchored (fast: a DFA match on
/// the value), or the whole pattern and the index of its secret group when the group cannot be
/// cut out.
type Compiled = Arc<(Regex, usize)>;

/// The compiled pattern of a catalog rule (cached; compiled on first use).
pub fn rule_regex(rule_id: &str) -> Option<Compiled> {
    static CACHE: OnceLock<Mutex<HashMap<String, Compiled>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(c) = map.get(rule_id) {
        return Some(c.clone());
    }
    let spec = keylint_rules::find(rule_id)?;
    let pattern = spec.pattern.as_ref()?.get_ref();
    let anchored = secret_group_text(pattern)
        .and_then(|g| keylint_rules::compile_pattern(&format!("^(?:{g})$")).ok());
    let compiled = if let Some(re) = anchored {
        Arc::new((re, 0))
    } else {
        let re = keylint_rules::compile_pattern(pattern).ok()?;
        let group = keylint_rules::secret_group(&re)?;
        Arc::new((re, group))
    };
    map.insert(rule_id.to_owned(), compiled.clone());
    Some(compiled)
}

/// Whether `value`, assigned to `key`, is exactly a secret of `rule_id` by the catalog's pattern.
pub fn fits(rule_id: &str, key: &str, value: &str) -> bool {
    let Some(compiled) = rule_regex(rule_id) else {
        return false;
    };
    let (re, group) = &*compiled;
    if *group == 0 {
        return re.is_match(value.as_bytes());
    }
    let line = format!("{key}={value}\n");
    re.captures_iter(line.as_bytes())
        .filter_map(|c| c.get(*group))
        .any(|m| m.as_bytes() == value.as_bytes())
}

/// The shared engine, built on first use: the rule catalog without the generic detector (a
/// generic "secret" says nothing about whose key a value is).
pub fn engine() -> &'static keylint_scan::Engine {
    static ENGINE: OnceLock<keylint_scan::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let options = keylint_scan::EngineOptions {
            generic: false,
            ..keylint_scan::EngineOptions::default()
        };
        keylint_scan::Engine::new(keylint_rules::builtin().to_vec(), options)
            .expect("built-in rules are validated by their tests")
    })
}

/// `a` or `an` before `word`.
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Rules of the catalog that recognise `value` on its own or assigned to `key` (id, name).
pub fn recognise(key: &str, value: &str) -> Vec<(String, String)> {
    let line = format!("{key}={value}\n");
    let mut out: Vec<(String, String)> = Vec::new();
    for f in engine().scan(".env", line.as_bytes()) {
        // Catalog rules only: the generic detector says "a secret", not whose.
        if keylint_rules::find(&f.rule_id).is_some()
            && f.secret.len() * 4 >= value.len() * 3
            && !out.iter().any(|(id, _)| *id == f.rule_id)
        {
            out.push((f.rule_id.clone(), f.rule_name.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_from_the_catalog() {
        let s = shape_of("openai-project-key").unwrap();
        assert_eq!(s.prefixes, ["sk-proj-"]);
        assert_eq!(s.marker, Some(("T3BlbkFJ".to_owned(), 20)));
        // A literal at the end is a suffix, not a marker.
        assert_eq!(shape_of("anthropic-api-key").unwrap().marker, None);
        let s = shape_of("aws-access-key-id").unwrap();
        assert_eq!(s.prefixes.len(), 4);
        assert_eq!((s.min, s.max), (20, Some(20)));
        let s = shape_of("google-api-key").unwrap();
        assert_eq!(s.prefixes, ["AIza"]);
        assert_eq!(s.max, Some(39));
        let s = shape_of("livekit-api-secret").unwrap();
        assert!(s.prefixes.is_empty());
        assert_eq!((s.min, s.max), (32, Some(64)));
        let s = shape_of("deepseek-api-key").unwrap();
        assert_eq!(s.prefixes, ["sk-"]);
        assert_eq!(s.min, 35);
    }

    #[test]
    fn every_mapped_rule_exists() {
        for p in PROVIDERS {
            for id in p.rules {
                assert!(keylint_rules::find(id).is_some(), "{id}");
                assert!(rule_regex(id).is_some(), "{id}");
            }
        }
    }

    #[test]
    fn classes() {
        assert!(class_contains("A-Za-z0-9_-", '-'));
        assert!(class_contains("A-Za-z0-9_-", 'q'));
        assert!(!class_contains("a-f0-9", 'g'));
        assert!(!class_contains("A-Za-z0-9", ' '));
    }

    #[test]
    fn lookup() {
        assert_eq!(provider_for("VITE_OPENAI_API_KEY").unwrap().name, "OpenAI");
        assert!(provider_for("PORT").is_none());
    }
}
