//! gitleaks configuration import: a `gitleaks.toml` becomes keylint [`RuleSpec`]s and
//! [`AllowlistConfig`]s, and a `.gitleaksignore` a list of accepted findings.
//!
//! What maps to what:
//!
//! | gitleaks | keylint |
//! |---|---|
//! | `[[rules]]` `id`, `description` | rule id (kept as is), name |
//! | `regex` (Go RE2) | `pattern`, rewritten by [`translate_regex`] |
//! | `secretGroup` | `secret-group` (unset: the first group that matched, as gitleaks does) |
//! | `entropy` | `min-entropy` |
//! | `keywords` | `keywords` |
//! | `path` (regex) | `path-regex`; a rule with a `path` and no `regex` is a path-only rule |
//! | `[allowlist]`, `[[allowlists]]` | allowlists (`targetRules` → `rules`) |
//! | `[rules.allowlist]`, `[[rules.allowlists]]` | allowlists limited to that rule |
//! | `paths` (regexes) / `regexes` / `regexTarget` / `stopwords` / `commits` / `condition` | `path-regexes` / `regexes` / `regex-target` / `stopwords` / `commits` / `condition` |
//! | `[extend] useDefault` | keep keylint's built-in rules (not gitleaks' own defaults) |
//! | `[extend] path` | another gitleaks config merged in, as gitleaks merges it |
//! | `[extend] disabledRules` | rule ids not to run |
//!
//! Translated rules keep gitleaks' behaviour: severity `high`, and no placeholder filter
//! (gitleaks has none). Unknown keys produce warnings, not errors.
//!
//! ```
//! use keylint_core::gitleaks::GitleaksConfig;
//! let text = r#"
//! [[rules]]
//! id = "acme-token"
//! regex = '''acme_(?:live|test)_([a-z0-9]{32})'''
//! keywords = ["acme_"]
//! [[rules.allowlists]]
//! regexTarget = "line"
//! regexes = ['''ACME_EXAMPLE''']
//! "#;
//! let cfg = GitleaksConfig::from_toml("gitleaks.toml", text, None).unwrap();
//! assert_eq!(cfg.rules[0].id, "acme-token");
//! assert_eq!(cfg.allowlists[0].rules[0].get_ref(), "acme-token");
//! ```

mod ignore;
mod regex;

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub use self::ignore::{GitleaksIgnore, IGNORE_FILE, IgnoreEntry};
pub use self::regex::{RegexError, Translated, translate_regex};
use crate::Severity;
use crate::config::{AllowlistConfig, Condition, ConfigError, ConfigSource, RegexTarget};
use crate::rule::{REGEX_SIZE_LIMIT, RuleSpec, SecretGroup};

/// How deep `[extend] path` chains may go (gitleaks allows 2).
const MAX_EXTEND_DEPTH: usize = 4;

/// A gitleaks configuration in keylint's terms.
#[derive(Debug, Clone, Default)]
pub struct GitleaksConfig {
    /// The rules, translated, in file order (extended files' rules after).
    pub rules: Vec<RuleSpec>,
    /// Global and per-rule allowlists, translated; per-rule ones are limited to their rule.
    pub allowlists: Vec<AllowlistConfig>,
    /// `[extend] useDefault = true`: keep keylint's built-in rules (and generic detector).
    pub use_default: bool,
    /// `[extend] disabledRules`.
    pub disabled_rules: Vec<String>,
    /// Ids of rules with neither `regex` nor `path`: in gitleaks they add allowlists (or
    /// settings) to a default rule of that id. Their allowlists apply if keylint has a rule
    /// with that id; the CLI warns about the others.
    pub rule_extensions: Vec<String>,
    /// Unknown keys and settings keylint does not support, for the user.
    pub warnings: Vec<String>,
    /// The files read, the main one first.
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    #[serde(default)]
    extend: RawExtend,
    #[serde(default)]
    rules: Vec<RawRule>,
    allowlist: Option<RawAllowlist>,
    #[serde(default)]
    allowlists: Vec<RawAllowlist>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawExtend {
    #[serde(default)]
    use_default: bool,
    path: Option<Spanned<String>>,
    #[serde(default)]
    disabled_rules: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRule {
    id: Spanned<String>,
    #[serde(default)]
    description: String,
    regex: Option<Spanned<String>>,
    secret_group: Option<Spanned<i64>>,
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    path: Option<Spanned<String>>,
    allowlist: Option<RawAllowlist>,
    #[serde(default)]
    allowlists: Vec<RawAllowlist>,
    #[serde(default)]
    skip_report: bool,
    required: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAllowlist {
    description: Option<String>,
    condition: Option<Spanned<String>>,
    #[serde(default)]
    commits: Vec<String>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    regex_target: Option<Spanned<String>>,
    #[serde(default)]
    regexes: Vec<Spanned<String>>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    target_rules: Vec<Spanned<String>>,
}

/// Keys gitleaks knows, by table, for the unknown-key warnings.
const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "minVersion",
    "extend",
    "rules",
    "allowlist",
    "allowlists",
];
const EXTEND_KEYS: &[&str] = &["useDefault", "path", "disabledRules"];
const RULE_KEYS: &[&str] = &[
    "id",
    "description",
    "regex",
    "secretGroup",
    "entropy",
    "keywords",
    "path",
    "tags",
    "allowlist",
    "allowlists",
    "skipReport",
    "required",
];
const ALLOWLIST_KEYS: &[&str] = &[
    "description",
    "condition",
    "commits",
    "paths",
    "regexTarget",
    "regexes",
    "stopwords",
    "targetRules",
];

impl GitleaksConfig {
    /// Reads a gitleaks config file and the files it extends.
    pub fn load(path: &Path) -> Result<GitleaksConfig, ConfigError> {
        let mut config = GitleaksConfig::default();
        let mut seen = HashSet::new();
        load_into(path, 0, &mut seen, &mut config)?;
        Ok(config)
    }

    /// Parses one gitleaks config. `dir` resolves `[extend] path` (no extension is read when
    /// `None`).
    pub fn from_toml(
        name: &str,
        text: &str,
        dir: Option<&Path>,
    ) -> Result<GitleaksConfig, ConfigError> {
        let mut config = GitleaksConfig::default();
        let source = ConfigSource {
            name: name.to_owned(),
            text: text.to_owned(),
        };
        let mut seen = HashSet::new();
        parse_into(&source, dir, 0, &mut seen, &mut config)?;
        Ok(config)
    }
}

fn load_into(
    path: &Path,
    depth: usize,
    seen: &mut HashSet<PathBuf>,
    out: &mut GitleaksConfig,
) -> Result<(), ConfigError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigSource {
            name: name.clone(),
            text: String::new(),
        }
        .error(
            None,
            format!("cannot read gitleaks config {name}: {e}"),
            "",
            None,
        )
    })?;
    seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
    out.files.push(path.to_path_buf());
    let source = ConfigSource { name, text };
    parse_into(&source, path.parent(), depth, seen, out)
}

fn parse_into(
    source: &ConfigSource,
    dir: Option<&Path>,
    depth: usize,
    seen: &mut HashSet<PathBuf>,
    out: &mut GitleaksConfig,
) -> Result<(), ConfigError> {
    let raw: RawConfig = toml::from_str(&source.text).map_err(|e| {
        source.error(
            e.span(),
            format!("invalid gitleaks config: {}", e.message().trim()),
            "here",
            None,
        )
    })?;
    warn_unknown_keys(source, out);
    if depth == 0 {
        out.use_default = raw.extend.use_default;
    } else if raw.extend.use_default {
        // gitleaks honours useDefault in an extended file as well.
        out.use_default = true;
    }
    out.disabled_rules.extend(raw.extend.disabled_rules);

    let mut rules: Vec<RuleSpec> = Vec::new();
    for rule in &raw.rules {
        let id = rule.id.get_ref();
        if rule.skip_report {
            out.warnings.push(format!(
                "{}: rule `{id}` has skipReport = true (it only feeds composite rules, which keylint does not support); it is not loaded",
                source.name
            ));
            continue;
        }
        if rule.required.is_some() {
            out.warnings.push(format!(
                "{}: rule `{id}` is a composite rule (`required`); keylint runs it on its own, without the required rules",
                source.name
            ));
        }
        rules.push(translate_rule(source, rule)?);
        let own: Vec<&RawAllowlist> = rule.allowlist.iter().chain(&rule.allowlists).collect();
        for allowlist in own {
            let mut translated = translate_allowlist(source, allowlist, Some(id))?;
            translated.rules = vec![rule.id.clone()];
            out.allowlists.push(translated);
        }
    }
    for allowlist in raw.allowlist.iter().chain(&raw.allowlists) {
        out.allowlists
            .push(translate_allowlist(source, allowlist, None)?);
    }

    // The rules of this file take precedence over those of the files it extends: an extended
    // file's rule with the same id gets this file's settings merged over it.
    let mut merged = std::mem::take(&mut out.rules);
    if let Some(path) = &raw.extend.path {
        if raw.extend.use_default {
            out.warnings.push(format!(
                "{}: [extend] has both useDefault and path; gitleaks refuses this, keylint reads both",
                source.name
            ));
        }
        let full = dir.map_or_else(|| PathBuf::from(path.get_ref()), |d| d.join(path.get_ref()));
        let canonical = std::fs::canonicalize(&full).unwrap_or_else(|_| full.clone());
        if depth + 1 > MAX_EXTEND_DEPTH || seen.contains(&canonical) {
            return Err(source.error(
                Some(path.span()),
                format!(
                    "[extend] path `{}` makes a cycle or a chain deeper than {MAX_EXTEND_DEPTH} files",
                    path.get_ref()
                ),
                "extended here",
                None,
            ));
        }
        if !full.is_file() {
            return Err(source.error(
                Some(path.span()),
                format!("[extend] path `{}` does not exist", full.display()),
                "extended here",
                Some("paths are relative to the directory of the file that extends".into()),
            ));
        }
        let mut extended = GitleaksConfig::default();
        load_into(&full, depth + 1, seen, &mut extended)?;
        out.files.append(&mut extended.files);
        out.warnings.append(&mut extended.warnings);
        out.allowlists.append(&mut extended.allowlists);
        out.disabled_rules.append(&mut extended.disabled_rules);
        out.use_default |= extended.use_default;
        merged.append(&mut extended.rules);
        out.rule_extensions.append(&mut extended.rule_extensions);
    }
    for rule in rules {
        match merged.iter_mut().find(|r| r.id == rule.id) {
            Some(base) => merge_rule(base, rule),
            None => merged.push(rule),
        }
    }
    // Rules still without a regex or path only extend a rule defined elsewhere.
    let (real, extensions): (Vec<RuleSpec>, Vec<RuleSpec>) = merged
        .into_iter()
        .partition(|r| r.pattern.is_some() || r.path_regex.is_some());
    out.rule_extensions
        .retain(|id| !real.iter().any(|r| &r.id == id));
    for ext in extensions {
        if !out.rule_extensions.contains(&ext.id) {
            out.rule_extensions.push(ext.id);
        }
    }
    out.rules = real;
    Ok(())
}

/// gitleaks' merge of a rule over an extended rule of the same id: set fields win, keywords add.
fn merge_rule(base: &mut RuleSpec, over: RuleSpec) {
    if !over.name.is_empty() && over.name != over.id {
        base.name = over.name;
        base.description = over.description;
    }
    if over.pattern.is_some() {
        base.pattern = over.pattern;
        base.secret_group = over.secret_group;
    }
    if over.min_entropy.is_some() {
        base.min_entropy = over.min_entropy;
    }
    if over.path_regex.is_some() {
        base.path_regex = over.path_regex;
    }
    for k in over.keywords {
        if !base.keywords.contains(&k) {
            base.keywords.push(k);
        }
    }
}

fn translate_rule(source: &ConfigSource, rule: &RawRule) -> Result<RuleSpec, ConfigError> {
    let id = rule.id.get_ref();
    let mut groups = 0;
    let pattern = match &rule.regex {
        Some(regex) => {
            let translated = translate(source, regex, &format!("rule `{id}`"))?;
            compile_bytes(source, regex, &translated.pattern, &format!("rule `{id}`"))?;
            groups = translated.groups;
            Some(Spanned::new(regex.span(), translated.pattern))
        }
        None => None,
    };
    let secret_group = match &rule.secret_group {
        Some(group) if *group.get_ref() > 0 => {
            let n = usize::try_from(*group.get_ref()).unwrap_or(usize::MAX);
            if n > groups {
                return Err(source.error(
                    Some(group.span()),
                    format!(
                        "rule `{id}`: secretGroup is {n} but the regex has {groups} capture group{}",
                        if groups == 1 { "" } else { "s" }
                    ),
                    "no such group",
                    None,
                ));
            }
            Some(SecretGroup::Index(n))
        }
        Some(group) if *group.get_ref() < 0 => {
            return Err(source.error(
                Some(group.span()),
                format!("rule `{id}`: secretGroup must not be negative"),
                "here",
                None,
            ));
        }
        _ => pattern.as_ref().map(|_| SecretGroup::FirstMatched),
    };
    let path_regex = match &rule.path {
        Some(path) => {
            let translated = translate(source, path, &format!("rule `{id}` path"))?;
            compile_str(
                source,
                path,
                &translated.pattern,
                &format!("rule `{id}` path"),
            )?;
            Some(translated.pattern)
        }
        None => None,
    };
    let file = Path::new(&source.name)
        .file_name()
        .map_or_else(|| source.name.clone(), |f| f.to_string_lossy().into_owned());
    let name = if rule.description.trim().is_empty() {
        id.clone()
    } else {
        rule.description.trim().to_owned()
    };
    Ok(RuleSpec {
        id: id.clone(),
        description: format!("gitleaks rule `{id}` from {file}."),
        name,
        severity: Severity::High,
        pattern,
        secret_group,
        path_regex,
        keywords: rule
            .keywords
            .iter()
            .filter(|k| !k.trim().is_empty())
            .cloned()
            .collect(),
        keywords_case_sensitive: false,
        min_entropy: rule.entropy.filter(|e| *e > 0.0),
        max_word_share: None,
        require: Vec::new(),
        checksum: None,
        stopwords: Vec::new(),
        paths: Vec::new(),
        exclude_paths: Vec::new(),
        priority: 0,
        placeholder_filter: false,
        env: Vec::new(),
        exposure: None,
        kind: None,
        rotate: None,
        references: Vec::new(),
        examples: Vec::new(),
        negative_examples: Vec::new(),
    })
}

fn translate_allowlist(
    source: &ConfigSource,
    raw: &RawAllowlist,
    rule: Option<&str>,
) -> Result<AllowlistConfig, ConfigError> {
    let owner = rule.map_or_else(
        || "allowlist".to_owned(),
        |id| format!("rule `{id}` allowlist"),
    );
    let condition = match &raw.condition {
        None => None,
        Some(c) => Some(match c.get_ref().trim().to_ascii_uppercase().as_str() {
            "OR" | "" => Condition::Or,
            "AND" | "&&" => Condition::And,
            other => {
                return Err(source.error(
                    Some(c.span()),
                    format!("{owner}: unknown condition `{other}`"),
                    "expected OR or AND",
                    None,
                ));
            }
        }),
    };
    let regex_target = match &raw.regex_target {
        None => None,
        Some(t) => Some(match t.get_ref().as_str() {
            "secret" | "" => RegexTarget::Secret,
            "match" => RegexTarget::Match,
            "line" => RegexTarget::Line,
            other => {
                return Err(source.error(
                    Some(t.span()),
                    format!("{owner}: unknown regexTarget `{other}`"),
                    "expected secret, match or line",
                    None,
                ));
            }
        }),
    };
    let mut regexes = Vec::new();
    for re in &raw.regexes {
        let translated = translate(source, re, &owner)?;
        compile_str(source, re, &translated.pattern, &owner)?;
        regexes.push(Spanned::new(re.span(), translated.pattern));
    }
    let mut path_regexes = Vec::new();
    for re in &raw.paths {
        let what = format!("{owner} path");
        let translated = translate(source, re, &what)?;
        compile_str(source, re, &translated.pattern, &what)?;
        path_regexes.push(Spanned::new(re.span(), translated.pattern));
    }
    Ok(AllowlistConfig {
        description: raw.description.clone(),
        condition,
        paths: Vec::new(),
        path_regexes,
        regexes,
        regex_target,
        stopwords: raw.stopwords.clone(),
        commits: raw
            .commits
            .iter()
            .map(|c| c.trim().to_ascii_lowercase())
            .collect(),
        rules: raw.target_rules.clone(),
    })
}

fn translate(
    source: &ConfigSource,
    regex: &Spanned<String>,
    owner: &str,
) -> Result<Translated, ConfigError> {
    translate_regex(regex.get_ref()).map_err(|e| {
        source.error(
            Some(inner_span(&source.text, regex, e.offset, e.piece.len())),
            format!("{owner}: cannot translate the regex: {}", e.message),
            format!("`{}`", e.piece),
            Some(format!(
                "the pattern is Go RE2 syntax as gitleaks reads it; rewrite `{}` so RE2 and Rust's regex both accept it",
                e.piece
            )),
        )
    })
}

fn compile_error(
    source: &ConfigSource,
    regex: &Spanned<String>,
    owner: &str,
    error: &::regex::Error,
) -> ConfigError {
    let detail = error.to_string();
    let last = detail.lines().last().unwrap_or_default().trim().to_owned();
    source.error(
        Some(regex.span()),
        format!("{owner}: the regex does not compile in Rust: {last}"),
        "this regex",
        Some(detail),
    )
}

fn compile_bytes(
    source: &ConfigSource,
    regex: &Spanned<String>,
    pattern: &str,
    owner: &str,
) -> Result<(), ConfigError> {
    ::regex::bytes::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map(drop)
        .map_err(|e| compile_error(source, regex, owner, &e))
}

fn compile_str(
    source: &ConfigSource,
    regex: &Spanned<String>,
    pattern: &str,
    owner: &str,
) -> Result<(), ConfigError> {
    ::regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map(drop)
        .map_err(|e| compile_error(source, regex, owner, &e))
}

/// The span in the file of `len` bytes at `offset` of a string value, when the string is
/// written without escapes (literal strings, as gitleaks configs write regexes); the whole
/// string otherwise.
fn inner_span(text: &str, value: &Spanned<String>, offset: usize, len: usize) -> Range<usize> {
    let span = value.span();
    let Some(token) = text.get(span.clone()) else {
        return span;
    };
    for quote in ["'''", "\"\"\"", "'", "\""] {
        if let Some(body) = token
            .strip_prefix(quote)
            .and_then(|t| t.strip_suffix(quote))
        {
            // A multi-line string drops a newline right after the opening quotes.
            let (skip, body) = if quote.len() == 3 {
                if let Some(b) = body.strip_prefix("\r\n") {
                    (2, b)
                } else if let Some(b) = body.strip_prefix('\n') {
                    (1, b)
                } else {
                    (0, body)
                }
            } else {
                (0, body)
            };
            if body == value.get_ref() {
                let start = span.start + quote.len() + skip + offset;
                return start..start + len.max(1);
            }
            break;
        }
    }
    span
}

fn warn_unknown_keys(source: &ConfigSource, out: &mut GitleaksConfig) {
    let Ok(table) = source.text.parse::<toml::Table>() else {
        return;
    };
    let mut unknown = Vec::new();
    check_keys(&table, TOP_KEYS, "", &mut unknown);
    if let Some(toml::Value::Table(t)) = table.get("extend") {
        check_keys(t, EXTEND_KEYS, "extend.", &mut unknown);
    }
    let check_allowlists =
        |value: Option<&toml::Value>, prefix: &str, unknown: &mut Vec<String>| match value {
            Some(toml::Value::Table(t)) => check_keys(t, ALLOWLIST_KEYS, prefix, unknown),
            Some(toml::Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if let toml::Value::Table(t) = item {
                        check_keys(t, ALLOWLIST_KEYS, &format!("{prefix}[{i}]."), unknown);
                    }
                }
            }
            _ => {}
        };
    check_allowlists(table.get("allowlist"), "allowlist.", &mut unknown);
    check_allowlists(table.get("allowlists"), "allowlists", &mut unknown);
    if let Some(toml::Value::Array(rules)) = table.get("rules") {
        for (i, rule) in rules.iter().enumerate() {
            if let toml::Value::Table(t) = rule {
                let prefix = format!("rules[{i}].");
                check_keys(t, RULE_KEYS, &prefix, &mut unknown);
                check_allowlists(
                    t.get("allowlist"),
                    &format!("{prefix}allowlist."),
                    &mut unknown,
                );
                check_allowlists(
                    t.get("allowlists"),
                    &format!("{prefix}allowlists"),
                    &mut unknown,
                );
            }
        }
    }
    for key in unknown {
        out.warnings
            .push(format!("{}: unknown key `{key}` ignored", source.name));
    }
}

fn check_keys(table: &toml::Table, known: &[&str], prefix: &str, unknown: &mut Vec<String>) {
    for key in table.keys() {
        if !known.contains(&key.as_str()) {
            unknown.push(format!("{prefix}{key}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> GitleaksConfig {
        GitleaksConfig::from_toml("gitleaks.toml", text, None).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn rule_fields_map_to_rule_spec() {
        let cfg = parse(
            r#"
title = "acme"
[extend]
useDefault = true
disabledRules = ["generic-api-key"]

[[rules]]
id = "acme-internal-token"
description = "ACME internal service token"
regex = '''(?i)acme[_-]?token\s*[:=]\s*["']?(acme_[a-z0-9]{32})(["']?)'''
secretGroup = 1
entropy = 3.5
keywords = ["acme"]
tags = ["internal"]

[[rules]]
id = "pkcs12-file"
path = '''(?i)\.(?:p12|pfx)$'''
"#,
        );
        assert!(cfg.use_default);
        assert_eq!(cfg.disabled_rules, ["generic-api-key"]);
        assert!(cfg.warnings.is_empty(), "{:?}", cfg.warnings);
        let token = &cfg.rules[0];
        assert_eq!(token.name, "ACME internal service token");
        assert_eq!(token.secret_group, Some(SecretGroup::Index(1)));
        assert_eq!(token.min_entropy, Some(3.5));
        assert_eq!(token.keywords, ["acme"]);
        assert!(!token.placeholder_filter);
        assert!(
            token
                .pattern
                .as_ref()
                .unwrap()
                .get_ref()
                .contains(r"[\t\n\f\r ]*")
        );
        let file = &cfg.rules[1];
        assert!(file.pattern.is_none());
        assert_eq!(file.path_regex.as_deref(), Some(r"(?i)\.(?:p12|pfx)$"));
    }

    #[test]
    fn allowlists_old_and_new_forms() {
        let cfg = parse(
            r#"
[allowlist]
description = "global"
paths = ['''(?:^|/)testdata/''']
stopwords = ["EXAMPLE"]
[[allowlists]]
condition = "AND"
targetRules = ["acme"]
regexTarget = "match"
regexes = ['''{{ .+ }}''']
commits = ["ABCDEF0123456789ABCDEF0123456789ABCDEF01"]

[[rules]]
id = "acme"
regex = '''acme_([a-z]{8})'''
[rules.allowlist]
regexes = ['''^acme_test''']
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''example''']
"#,
        );
        assert_eq!(cfg.allowlists.len(), 4);
        let per_rule: Vec<_> = cfg
            .allowlists
            .iter()
            .filter(|a| !a.rules.is_empty())
            .collect();
        assert_eq!(per_rule.len(), 3);
        let anded = cfg
            .allowlists
            .iter()
            .find(|a| a.condition == Some(Condition::And))
            .unwrap();
        assert_eq!(anded.regex_target, Some(RegexTarget::Match));
        assert_eq!(anded.regexes[0].get_ref(), r"\{\{ .+ \}\}");
        assert_eq!(anded.commits[0], "abcdef0123456789abcdef0123456789abcdef01");
        let global = cfg.allowlists.iter().find(|a| a.rules.is_empty()).unwrap();
        assert_eq!(global.path_regexes[0].get_ref(), "(?:^|/)testdata/");
    }

    #[test]
    fn unknown_keys_warn() {
        let cfg = parse(
            "[[rules]]\nid = \"a\"\nregex = 'a(b)'\nsevrity = \"high\"\n[rules.allowlist]\nregex = ['x']\n[foo]\n",
        );
        assert_eq!(
            cfg.warnings,
            [
                "gitleaks.toml: unknown key `foo` ignored",
                "gitleaks.toml: unknown key `rules[0].sevrity` ignored",
                "gitleaks.toml: unknown key `rules[0].allowlist.regex` ignored",
            ]
        );
    }

    #[test]
    fn untranslatable_regex_points_at_the_piece() {
        let text = "[[rules]]\nid = \"quoted\"\nregex = '''(['\"])[a-z]{8}\\1'''\n";
        let err = GitleaksConfig::from_toml("g.toml", text, None).unwrap_err();
        assert!(err.message.contains("rule `quoted`"), "{}", err.message);
        let span = err.span.unwrap();
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "\\1");
    }

    #[test]
    fn secret_group_out_of_range_is_an_error() {
        let err = GitleaksConfig::from_toml(
            "g.toml",
            "[[rules]]\nid = \"x\"\nregex = '''a(b)'''\nsecretGroup = 2\n",
            None,
        )
        .unwrap_err();
        assert!(err.message.contains("secretGroup is 2"), "{}", err.message);
    }

    #[test]
    fn extension_only_rules_are_listed() {
        let cfg = parse(
            "[extend]\nuseDefault = true\n[[rules]]\nid = \"generic-api-key\"\n[[rules.allowlists]]\nstopwords = [\"sample\"]\n",
        );
        assert!(cfg.rules.is_empty());
        assert_eq!(cfg.rule_extensions, ["generic-api-key"]);
        assert_eq!(cfg.allowlists[0].rules[0].get_ref(), "generic-api-key");
    }

    #[test]
    fn extend_path_merges_like_gitleaks() {
        let dir = tempfile_dir();
        std::fs::write(
            dir.join("base.toml"),
            "[[rules]]\nid = \"acme\"\ndescription = \"base\"\nregex = '''acme_([a-z]{8})'''\nkeywords = [\"acme_\"]\nentropy = 2.0\n[[rules]]\nid = \"other\"\nregex = '''other_([a-z]{8})'''\n[allowlist]\nstopwords = [\"fake\"]\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("gitleaks.toml"),
            "[extend]\npath = \"base.toml\"\n[[rules]]\nid = \"acme\"\nentropy = 3.0\nkeywords = [\"acme-\"]\n",
        )
        .unwrap();
        let cfg = GitleaksConfig::load(&dir.join("gitleaks.toml")).unwrap();
        assert_eq!(cfg.files.len(), 2);
        assert_eq!(cfg.rules.len(), 2);
        let acme = cfg.rules.iter().find(|r| r.id == "acme").unwrap();
        assert_eq!(acme.min_entropy, Some(3.0));
        assert_eq!(acme.name, "base");
        assert_eq!(acme.keywords, ["acme_", "acme-"]);
        assert!(cfg.rule_extensions.is_empty());
        assert_eq!(cfg.allowlists.len(), 1);

        std::fs::write(dir.join("loop.toml"), "[extend]\npath = \"loop.toml\"\n").unwrap();
        let err = GitleaksConfig::load(&dir.join("loop.toml")).unwrap_err();
        assert!(err.message.contains("cycle"), "{}", err.message);
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "keylint-gitleaks-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
