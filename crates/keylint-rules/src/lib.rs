//! keylint's built-in rule catalog. Rules are data: one `rules/<provider>.toml` per provider,
//! embedded at build time, parsed into [`RuleSpec`]s and checked by [`validate`].
//!
//! This crate does no matching; `keylint-scan` compiles and runs the rules.
//!
//! ```
//! let rules = keylint_rules::builtin();
//! assert!(rules.iter().any(|r| r.id == "openai-project-key"));
//! assert!(keylint_rules::find("github-pat-classic").is_some());
//! ```
#![deny(missing_docs)]

use std::collections::HashMap;
use std::collections::HashSet;
use std::sync::OnceLock;

pub use keylint_core::rule::{
    CharClass, Checksum, CredentialKind, Exposure, REGEX_SIZE_LIMIT, RuleSpec, SecretGroup,
};

include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));

/// A built-in rule as `build.rs` writes it: the catalog is parsed and checked at build time,
/// so start-up only copies static strings (no TOML parsing per process).
struct Builtin {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    severity: keylint_core::Severity,
    /// The pattern and its byte span in the rule file.
    pattern: Option<(&'static str, usize, usize)>,
    secret_group: Option<SecretGroup>,
    path_regex: Option<&'static str>,
    keywords: &'static [&'static str],
    keywords_case_sensitive: bool,
    min_entropy: Option<f64>,
    max_word_share: Option<f64>,
    require: &'static [CharClass],
    checksum: Option<Checksum>,
    stopwords: &'static [&'static str],
    paths: &'static [&'static str],
    exclude_paths: &'static [&'static str],
    priority: i8,
    placeholder_filter: bool,
    env: &'static [&'static str],
    exposure: Option<Exposure>,
    kind: Option<CredentialKind>,
    rotate: Option<&'static str>,
    references: &'static [&'static str],
    examples: &'static [&'static str],
    negative_examples: &'static [&'static str],
}

impl Builtin {
    fn spec(&self) -> RuleSpec {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        RuleSpec {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            description: self.description.to_owned(),
            severity: self.severity,
            pattern: self
                .pattern
                .map(|(p, start, end)| toml::Spanned::new(start..end, p.to_owned())),
            secret_group: self.secret_group,
            path_regex: self.path_regex.map(str::to_owned),
            keywords: owned(self.keywords),
            keywords_case_sensitive: self.keywords_case_sensitive,
            min_entropy: self.min_entropy,
            max_word_share: self.max_word_share,
            require: self.require.to_vec(),
            checksum: self.checksum,
            stopwords: owned(self.stopwords),
            paths: owned(self.paths),
            exclude_paths: owned(self.exclude_paths),
            priority: self.priority,
            placeholder_filter: self.placeholder_filter,
            env: owned(self.env),
            exposure: self.exposure,
            kind: self.kind,
            rotate: self.rotate.map(str::to_owned),
            references: owned(self.references),
            examples: owned(self.examples),
            negative_examples: owned(self.negative_examples),
        }
    }
}

mod generated {
    use super::{Builtin, CharClass, Checksum, CredentialKind, Exposure, SecretGroup};
    use keylint_core::Severity;
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
    /// The generated catalog.
    pub(super) fn all() -> &'static [Builtin] {
        BUILTIN
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// Every built-in rule, in file order (files sorted by name). Built once, on first use, from
/// the form `build.rs` parsed and checked at build time.
pub fn builtin() -> &'static [RuleSpec] {
    static RULES: OnceLock<Vec<RuleSpec>> = OnceLock::new();
    RULES.get_or_init(|| generated::all().iter().map(Builtin::spec).collect())
}

/// The built-in rule with this id.
pub fn find(id: &str) -> Option<&'static RuleSpec> {
    static BY_ID: OnceLock<HashMap<&'static str, &'static RuleSpec>> = OnceLock::new();
    BY_ID
        .get_or_init(|| builtin().iter().map(|r| (r.id.as_str(), r)).collect())
        .get(id)
        .copied()
}

/// Parses one rule file (`[[rule]]` tables), with the name joins of its patterns widened
/// ([`RuleSpec::widen_name_joins`]) as in the built-in catalog.
pub fn parse_file(text: &str) -> Result<Vec<RuleSpec>, toml::de::Error> {
    toml::from_str::<RuleFile>(text).map(|f| {
        let mut rules = f.rule;
        rules.iter_mut().for_each(RuleSpec::widen_name_joins);
        rules
    })
}

/// A problem with one rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule `{rule_id}`: {message}")]
pub struct RuleProblem {
    /// The rule's id (possibly the invalid one).
    pub rule_id: String,
    /// What is wrong.
    pub message: String,
    /// Whether the problem concerns the pattern (for pointing at it in a config file).
    pub in_pattern: bool,
}

/// Compiles a rule pattern the way the engine does, with the size limit.
pub fn compile_pattern(pattern: &str) -> Result<regex::bytes::Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT * 2)
        .build()
}

/// Index of the capture group holding the secret: the group named `secret`, else group 1.
pub fn secret_group(re: &regex::bytes::Regex) -> Option<usize> {
    if let Some(i) = re.capture_names().position(|n| n == Some("secret")) {
        return Some(i);
    }
    (re.captures_len() == 2).then_some(1)
}

/// The secret group of `spec`'s compiled pattern `re`: its `secret-group` when set (checked
/// against the groups `re` has), else [`secret_group`]. The error says what is wrong.
pub fn spec_secret_group(spec: &RuleSpec, re: &regex::bytes::Regex) -> Result<SecretGroup, String> {
    match spec.secret_group {
        Some(SecretGroup::Index(n)) if n >= re.captures_len() => Err(format!(
            "secret-group is {n} but the pattern has {} capture group(s)",
            re.captures_len() - 1
        )),
        Some(group) => Ok(group),
        None => secret_group(re).map(SecretGroup::Index).ok_or_else(|| {
            format!(
                "pattern must have exactly one capture group (or one named `secret`), it has {}",
                re.captures_len() - 1
            )
        }),
    }
}

/// Whether `name` is a portable environment variable name: `[A-Z_][A-Z0-9_]*`.
pub fn is_env_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The first credential variable (`…_KEY`, `…_SECRET`, `…_TOKEN`) that the rule's rotation
/// text names and its `env` does not declare: the rotation guidance, the fix and the hints
/// must say the same name.
pub fn undeclared_env_name(rule: &RuleSpec) -> Option<String> {
    let text = rule.rotate.as_deref()?;
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.contains('_') && is_env_name(w))
        .filter(|w| ["_KEY", "_SECRET", "_TOKEN"].iter().any(|s| w.ends_with(s)))
        .find(|w| !rule.env.iter().any(|e| e == w))
        .map(str::to_owned)
}

/// Checks rules for what the engine relies on: kebab-case unique ids, a compilable pattern with
/// one secret group, keywords in lowercase-insensitive literal form, and — when `require_examples`
/// (built-in rules) — at least two examples and one negative example.
pub fn validate(rules: &[RuleSpec], require_examples: bool) -> Vec<RuleProblem> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for rule in rules {
        let mut problem = |message: String, in_pattern: bool| {
            problems.push(RuleProblem {
                rule_id: rule.id.clone(),
                message,
                in_pattern,
            });
        };
        if !is_kebab_case(&rule.id) {
            problem(
                "id must be kebab-case (lowercase letters, digits, single dashes)".into(),
                false,
            );
        }
        if !seen.insert(rule.id.as_str()) {
            problem("id is defined more than once".into(), false);
        }
        match rule.pattern.as_ref().map(|p| compile_pattern(p.get_ref())) {
            None if rule.paths.is_empty() && rule.path_regex.is_none() => problem(
                "a rule needs a `pattern` (or `paths` / `path-regex` for a path-only rule)".into(),
                false,
            ),
            None => {}
            Some(Err(e)) => problem(format!("pattern does not compile: {e}"), true),
            Some(Ok(re)) => {
                if let Err(message) = spec_secret_group(rule, &re) {
                    problem(message, true);
                }
            }
        }
        if let Some(path_regex) = &rule.path_regex {
            if let Err(e) = regex::RegexBuilder::new(path_regex)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
            {
                problem(format!("path-regex does not compile: {e}"), false);
            }
        }
        if rule.keywords_case_sensitive
            && rule
                .pattern
                .as_ref()
                .is_some_and(|p| p.get_ref().contains("(?i"))
        {
            problem(
                "keywords-case-sensitive needs a case-sensitive pattern (it has `(?i`)".into(),
                true,
            );
        }
        if let Some(bad) = rule.env.iter().find(|n| !is_env_name(n)) {
            problem(
                format!(
                    "env name `{bad}` is not an environment variable name (`[A-Z_][A-Z0-9_]*`)"
                ),
                false,
            );
        }
        if require_examples {
            if let Some(name) = undeclared_env_name(rule) {
                problem(
                    format!("`rotate` names `{name}`, which is not in the rule's `env`"),
                    false,
                );
            }
        }
        if rule.keywords.iter().any(|k| k.trim().is_empty()) {
            problem("keywords must not be empty strings".into(), false);
        }
        if rule.keywords.is_empty()
            && rule.pattern.is_some()
            && !rule.description.contains("no keywords")
        {
            problem("a rule without keywords runs on every file; add keywords or explain `no keywords` in the description".into(), false);
        }
        if require_examples {
            if rule.examples.len() < 2 {
                problem("needs at least two examples".into(), false);
            }
            if rule.negative_examples.is_empty() {
                problem("needs at least one negative example".into(), false);
            }
            if rule.description.trim().is_empty() {
                problem("needs a description (why it matters)".into(), false);
            }
        }
    }
    problems
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_file_is_loaded_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let on_disk = std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "toml")
            })
            .count();
        assert_eq!(on_disk, RULE_FILES.len());
        for (name, text) in RULE_FILES {
            let rules = parse_file(text).unwrap_or_else(|e| panic!("{name}.toml: {e}"));
            assert!(!rules.is_empty(), "{name}.toml has no rules");
        }
    }

    /// What `build.rs` generated is what the TOML says, field for field (spans included).
    #[test]
    fn generated_catalog_matches_the_toml() {
        let parsed: Vec<RuleSpec> = RULE_FILES
            .iter()
            .flat_map(|(name, text)| parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect();
        let built = builtin();
        assert_eq!(parsed.len(), built.len());
        for (p, b) in parsed.iter().zip(built) {
            assert_eq!(format!("{p:?}"), format!("{b:?}"), "rule {}", p.id);
            assert_eq!(
                p.pattern.as_ref().map(toml::Spanned::span),
                b.pattern.as_ref().map(toml::Spanned::span),
                "rule {}",
                p.id
            );
        }
    }

    #[test]
    fn builtin_rules_are_valid() {
        let problems = validate(builtin(), true);
        let listing: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            problems.is_empty(),
            "{} problems:\n{}",
            problems.len(),
            listing.join("\n")
        );
    }

    /// Words so common in code that a rule keyed on them runs its regex on most files.
    const COMMON_WORDS: &[&str] = &[
        "access", "account", "admin", "api", "app", "auth", "begin", "cipher", "client", "cloud",
        "code", "config", "crypto", "data", "error", "file", "host", "http", "https", "key",
        "login", "master", "meta", "name", "pass", "password", "path", "port", "private", "public",
        "secret", "server", "service", "session", "storage", "string", "test", "token", "type",
        "url", "user", "value",
    ];

    /// Rules whose short or common keyword was measured and accepted (rule id, keyword).
    /// Do not add to this list without measuring the rule's cost on a tree of ordinary code.
    const ACCEPTED_COMMON_KEYWORDS: &[(&str, &str)] = &[
        ("huggingface-access-token", "hf_"),
        ("replicate-api-token", "r8_"),
        ("aws-secret-access-key", "aws"),
        ("azure-storage-account-key", "storage"),
        ("azure-ad-client-secret", "Q~"),
        ("ibm-cloud-api-key", "ibm"),
        ("ovh-application-secret", "ovh"),
        ("ovh-consumer-key", "ovh"),
        ("ns1-api-key", "ns1"),
        ("wordpress-application-password", "wp_"),
        ("wordpress-application-password", "wp-"),
        ("intuit-client-secret", "qbo"),
        ("onepassword-secret-key", "A3-"),
        ("bitwarden-sm-access-token", "bws"),
        ("duo-secret-key", "duo"),
        ("encryption-key-hex", "aes"),
        ("encryption-key-hex", "master"),
        ("encryption-key-hex", "cipher"),
        ("encryption-key-hex", "crypto"),
        ("twilio-api-key-sid", "SK"),
        ("mailchimp-api-key", "-us"),
        ("razorpay-key-secret", "rzp"),
        ("airtable-pat", "pat"),
        ("dropbox-access-token", "sl."),
        ("nuget-api-key", "oy2"),
        ("crates-io-token", "cio"),
        ("n8n-api-key", "n8n"),
        ("meta-app-secret", "fb"),
        ("meta-app-secret", "meta"),
    ];

    /// A keyword decides on which files a rule's regex runs (and gets compiled): one that is
    /// short or an ordinary word makes the rule run on most files of a tree. Path-scoped rules
    /// are exempt (they only read their files).
    #[test]
    fn keywords_are_not_too_common() {
        let mut offenders = Vec::new();
        for rule in builtin() {
            if !rule.paths.is_empty() || rule.path_regex.is_some() {
                continue;
            }
            for k in &rule.keywords {
                let too_common = if rule.keywords_case_sensitive {
                    k.len() < 3
                } else {
                    k.len() < 4 || COMMON_WORDS.contains(&k.to_ascii_lowercase().as_str())
                };
                if too_common && !ACCEPTED_COMMON_KEYWORDS.contains(&(rule.id.as_str(), k.as_str()))
                {
                    offenders.push(format!("{}: {k:?}", rule.id));
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "keywords too short or too common (use the provider's prefix, env var or host):\n{}",
            offenders.join("\n")
        );
    }

    /// Words that tell one credential of a provider from another (`OVH_CONSUMER_KEY` is not
    /// `OVH_APPLICATION_SECRET`, `QSTASH_CURRENT_SIGNING_KEY` is not `QSTASH_TOKEN`).
    const ROLE_WORDS: &[&str] = &[
        "ADMIN",
        "APPLICATION",
        "CLIENT",
        "CONSUMER",
        "ID",
        "MANAGEMENT",
        "MASTER",
        "PUBLIC",
        "PUBLISHABLE",
        "REFRESH",
        "SERVICE",
        "SIGNING",
        "WEBHOOK",
    ];

    fn roles(name: &str) -> Vec<&str> {
        let mut words: Vec<&str> = name.split('_').filter(|w| ROLE_WORDS.contains(w)).collect();
        words.sort_unstable();
        words
    }

    /// An `env` alias names the same credential as the rule's first name: `fix` names the
    /// variable after the first one and the `.env` checks hold every alias to the rule's format.
    /// An alias that is another rule's first name is a different credential, unless that rule
    /// lists this one's first name too (two formats of one credential: `GOOGLE_API_KEY` /
    /// `GEMINI_API_KEY`); an alias with other role words (`CONSUMER`, `SIGNING` …) is too.
    #[test]
    fn env_aliases_name_the_same_credential() {
        let mut wrong = Vec::new();
        for rule in builtin() {
            let Some((primary, aliases)) = rule.env.split_first() else {
                continue;
            };
            for alias in aliases {
                if roles(alias) != roles(primary) {
                    wrong.push(format!("{}: {alias} is not {primary}", rule.id));
                }
                for other in builtin() {
                    if other.env.first() == Some(alias) && !other.env.contains(primary) {
                        wrong.push(format!(
                            "{}: {alias} is the variable of {}",
                            rule.id, other.id
                        ));
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "env aliases naming another credential:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn catalog_size() {
        assert!(builtin().len() >= 120, "only {} rules", builtin().len());
    }

    #[test]
    fn validation_catches_mistakes() {
        let bad: Vec<RuleSpec> = parse_file(
            r#"
[[rule]]
id = "Bad_Id"
name = "x"
severity = "high"
pattern = '(a)(b)'
keywords = ["a"]
[[rule]]
id = "two"
name = "x"
severity = "high"
pattern = '(unclosed'
keywords = []
"#,
        )
        .unwrap();
        let problems = validate(&bad, true);
        let text = problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        for needle in [
            "kebab-case",
            "exactly one capture group",
            "does not compile",
            "without keywords",
            "two examples",
            "negative example",
        ] {
            assert!(text.contains(needle), "missing `{needle}` in\n{text}");
        }
    }
}
