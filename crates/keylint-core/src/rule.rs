//! The rule schema shared by built-in rules (`keylint-rules`) and custom rules in `keylint.toml`.
//!
//! A rule is data: a regex whose capture group is the secret, literal keywords that must occur in the
//! content before the regex runs, filters on the secret, guidance, and examples that a test runs
//! through the real engine.

use serde::Deserialize;
use toml::Spanned;

use crate::Severity;

/// One detection rule, as written in `rules/<provider>.toml` or a `[[rule]]` table of `keylint.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    /// Kebab-case id named after what it flags, e.g. `openai-project-key`.
    pub id: String,
    /// Human name of the credential, e.g. `OpenAI project API key`.
    pub name: String,
    /// Why a leak of this credential matters.
    #[serde(default)]
    pub description: String,
    /// Severity of a finding.
    pub severity: Severity,
    /// Regex (Rust `regex` syntax) with one capture group, or a group named `secret`, for the
    /// secret (see `secret-group` for other layouts). A rule without a pattern but with `paths`
    /// or `path-regex` is a path-only rule: it flags every file it applies to.
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    /// Which capture group holds the secret when the default (the group named `secret`, else
    /// the only group) does not fit: a group number (0: the whole match) or `"first-matched"`
    /// (the first group that matched a non-empty text, else the whole match; gitleaks' default).
    #[serde(default)]
    pub secret_group: Option<SecretGroup>,
    /// Regex (Rust syntax) searched in the path, unanchored; the rule only applies to paths where
    /// it matches (gitleaks' `path`). Combines with `paths`.
    #[serde(default)]
    pub path_regex: Option<String>,
    /// Literals (matched case-insensitively) of which at least one must occur for the regex to run.
    /// A rule without keywords runs on every file and must say why in `description`.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Match the keywords in their exact case (token prefixes such as `AKIA`, `SK`, `eyJ`, whose
    /// pattern is case-sensitive too): a short prefix found case-insensitively (`sk` in `task`,
    /// `eyj` in base64) would run the regex, and compile it, for nothing. Default false.
    #[serde(default)]
    pub keywords_case_sensitive: bool,
    /// Minimum Shannon entropy (bits per character) of the secret.
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// Secrets made of dictionary words at least this much (0.0–1.0, share of alphanumerics) are
    /// dropped: for formats loose enough that a sentence fits (`a-very-long-secret-key-…`).
    #[serde(default)]
    pub max_word_share: Option<f64>,
    /// Character classes the secret must contain (`lower`, `upper`, `digit`, `special`).
    #[serde(default)]
    pub require: Vec<CharClass>,
    /// A checksum the secret carries, verified to tell real tokens from look-alikes.
    #[serde(default)]
    pub checksum: Option<Checksum>,
    /// Secrets containing one of these words (case-insensitive) are not reported.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Path globs the rule is limited to (empty: every path).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Path globs the rule never reports in.
    #[serde(default)]
    pub exclude_paths: Vec<String>,
    /// Tie-breaker when two rules match the same secret: higher wins. Rules that match a
    /// *container* of credentials (a URL with a password, a JWT, an `.npmrc` auth line) use `-1`
    /// so a provider rule that recognises the token itself (`ghp_…` inside a git URL) wins and
    /// its message, checksum and rotation guidance apply. Default 0.
    #[serde(default)]
    pub priority: i8,
    /// Whether the placeholder filter (`your_key_here`, `xxxx`, `${VAR}` …) applies. Default true.
    #[serde(default = "default_true")]
    pub placeholder_filter: bool,
    /// The environment variable names the provider's SDKs and docs use for this credential,
    /// the conventional one first (`OPENAI_API_KEY`): `keylint fix` names the variable after it,
    /// `scan` hints and the `.env` provider checks read it. Empty: the name comes from the code.
    #[serde(default)]
    pub env: Vec<String>,
    /// Who may hold the credential: only a server, or a client app as well. Unset: unknown.
    #[serde(default)]
    pub exposure: Option<Exposure>,
    /// What in a match says "credential" (a format, the provider's name, a slot): how much its
    /// place (tests, docs, CI) may lower a finding. Unset: [`RuleSpec::derived_kind`], which
    /// built-in rules must not need when it is ambiguous (the build fails).
    #[serde(default)]
    pub kind: Option<CredentialKind>,
    /// How to revoke and replace the credential.
    #[serde(default)]
    pub rotate: Option<String>,
    /// Provider documentation describing the format.
    #[serde(default)]
    pub references: Vec<String>,
    /// Lines that must produce a finding of this rule.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Lines that must not produce a finding of this rule.
    #[serde(default)]
    pub negative_examples: Vec<String>,
}

fn default_true() -> bool {
    true
}

/// How rule files join the words of a name: `_`, `-` or nothing.
const NAME_JOIN: &str = "[_-]?";

/// The join built-in rules match: `_`, `-`, `.` or nothing.
const WIDE_NAME_JOIN: &str = "[_.-]?";

/// Words of a rule's name that say it recognises a slot (a password, credentials), not a
/// provider's credential.
const SLOT_WORDS: &[&str] = &["password", "credentials", "basic auth", "secret_key"];

impl RuleSpec {
    /// Whether `keyword` is distinctive enough to be a prefix or header inside the secret: four
    /// characters or more, or three with a separator (`hf_`, `sk-`; `eyJ` starts any JSON in
    /// base64).
    pub fn is_format_keyword(keyword: &str) -> bool {
        keyword.len() >= 4
            || (keyword.len() == 3 && !keyword.bytes().all(|b| b.is_ascii_alphanumeric()))
    }

    /// The kind that follows from the rule's other fields when that is unambiguous: a checksum
    /// is a format; a rule none of whose keywords can be part of the secret is a slot when its
    /// name says so (`password`, `credentials`, `basic auth`, `secret_key`), else named.
    /// `None` when a keyword may be the secret's prefix or only its context: `kind` must say.
    ///
    /// ```
    /// use keylint_core::rule::{CredentialKind, RuleSpec};
    /// let rule = |keywords: &str| -> RuleSpec {
    ///     toml::from_str(&format!("id = 'x'\nname = 'X password'\nseverity = 'high'\nkeywords = [{keywords}]")).unwrap()
    /// };
    /// assert_eq!(rule("'pw'").derived_kind(), Some(CredentialKind::Slot));
    /// assert_eq!(rule("'xpw_'").derived_kind(), None);
    /// ```
    pub fn derived_kind(&self) -> Option<CredentialKind> {
        if self.checksum.is_some() {
            return Some(CredentialKind::Format);
        }
        if self.keywords.iter().any(|k| Self::is_format_keyword(k)) {
            return None;
        }
        let name = self.name.to_ascii_lowercase();
        Some(if SLOT_WORDS.iter().any(|w| name.contains(w)) {
            CredentialKind::Slot
        } else {
            CredentialKind::Named
        })
    }

    /// Lets the name joins of a built-in pattern accept a dot: every `[_-]?` between the words
    /// of a name (`payu[_-]?merchant[_-]?salt`) becomes `[_.-]?`, so the dotted keys of
    /// `.properties` files and YAML paths (`payu.merchant.salt`, `spring.mail.password`) match
    /// like `PAYU_MERCHANT_SALT` and `payuMerchantSalt` do. One mechanism for every rule,
    /// applied where the catalog is read (`build.rs` and `keylint_rules::parse_file`), so rule
    /// files keep writing the join the short way.
    ///
    /// ```
    /// use keylint_core::rule::RuleSpec;
    /// let mut rule: RuleSpec = toml::from_str(
    ///     "id = 'x'\nname = 'X'\nseverity = 'high'\npattern = '(?i)payu[_-]?salt=(\\w+)'",
    /// )
    /// .unwrap();
    /// rule.widen_name_joins();
    /// assert_eq!(rule.pattern.unwrap().into_inner(), "(?i)payu[_.-]?salt=(\\w+)");
    /// ```
    pub fn widen_name_joins(&mut self) {
        if let Some(pattern) = &mut self.pattern {
            if pattern.get_ref().contains(NAME_JOIN) {
                let widened = pattern.get_ref().replace(NAME_JOIN, WIDE_NAME_JOIN);
                *pattern = Spanned::new(pattern.span(), widened);
            }
        }
    }

    /// The rule's kind: `kind`, else the derived one, else named (a custom rule whose kind is
    /// ambiguous: named findings are never lowered by their place).
    pub fn credential_kind(&self) -> CredentialKind {
        self.kind
            .or_else(|| self.derived_kind())
            .unwrap_or(CredentialKind::Named)
    }
}

/// What in a match says "credential", independent of where it is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialKind {
    /// A provider format: a distinctive prefix or header inside the secret, or a checksum.
    Format,
    /// A value recognised by the provider's name, env var or SDK call around it.
    Named,
    /// A value recognised by the slot it fills: a password, credentials in a URL or a config
    /// file, a framework's secret key.
    Slot,
}

/// Largest compiled size allowed for a rule's regex, so a custom rule cannot exhaust memory.
pub const REGEX_SIZE_LIMIT: usize = 4 << 20;

/// Who may hold a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exposure {
    /// Only a server: an app or a browser bundle that holds it gives it to every user.
    ServerOnly,
    /// Made to ship in clients (restricted by the provider: a Firebase web key, an anon key).
    ClientSafe,
}

/// The capture group of a rule's pattern that holds the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretGroup {
    /// This group (0: the whole match).
    Index(usize),
    /// The first group that matched a non-empty text; the whole match when none did.
    FirstMatched,
}

impl<'de> Deserialize<'de> for SecretGroup {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Index(usize),
            Word(String),
        }
        match Raw::deserialize(de)? {
            Raw::Index(i) => Ok(SecretGroup::Index(i)),
            Raw::Word(w) if w == "first-matched" => Ok(SecretGroup::FirstMatched),
            Raw::Word(w) => Err(serde::de::Error::custom(format!(
                "invalid secret-group `{w}`: a group number or \"first-matched\""
            ))),
        }
    }
}

/// A class of characters a secret can be required to contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CharClass {
    /// `a-z`
    Lower,
    /// `A-Z`
    Upper,
    /// `0-9`
    Digit,
    /// Any ASCII punctuation.
    Special,
}

impl CharClass {
    /// Whether `s` contains a character of this class.
    pub fn is_in(self, s: &str) -> bool {
        let test: fn(&u8) -> bool = match self {
            CharClass::Lower => u8::is_ascii_lowercase,
            CharClass::Upper => u8::is_ascii_uppercase,
            CharClass::Digit => u8::is_ascii_digit,
            CharClass::Special => u8::is_ascii_punctuation,
        };
        s.as_bytes().iter().any(test)
    }
}

/// Checksums embedded in some token formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    /// GitHub: the last 6 characters are the base62 CRC32 of the 30 random characters after the
    /// `_`, left-padded with `0`.
    GithubCrc32,
}
