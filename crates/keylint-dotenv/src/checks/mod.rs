//! The check registry. Each module holds one check: its code, its documentation (what, why,
//! example, fix safety), the check and its fix.
//!
//! ```
//! use keylint_dotenv::checks::{find, CHECKS};
//! assert!(CHECKS.len() >= 22);
//! assert_eq!(find("SpaceCharacter").unwrap().code, "spaces-around-equals");
//! ```

use keylint_core::{Applicability, Diagnostic, Severity};

use crate::Ctx;

mod broken_substitution;
mod duplicated_key;
mod env_file_committed;
mod example_drift;
mod extra_blank_line;
mod incorrect_delimiter;
mod invisible_character;
pub(crate) use invisible_character::{cleaned as without_invisible, describe as invisible};
mod key_prefix;
mod key_without_value;
mod leading_character;
mod livekit_keys_syntax;
mod lowercase_key;
mod missing_final_newline;
mod needless_quotes;
mod placeholder_value;
mod provider_format;
mod public_secret;
mod secret_too_short;
mod spaces_around_equals;
mod syntax_error;
mod trailing_whitespace;
mod unordered_keys;
mod unquoted_whitespace;

/// One check.
pub struct Check {
    /// Kebab-case code, used in `--check`, `--ignore`, `[env]` and `# keylint:allow`.
    pub code: &'static str,
    /// One line: what it reports.
    pub summary: &'static str,
    /// What, why, example, fix safety (Markdown).
    pub docs: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Whether it runs without being enabled.
    pub default_enabled: bool,
    /// The fix it offers, if any.
    pub fix: Option<Applicability>,
    /// Which of its fixes may change what a program loads, on purpose.
    pub changes_value: ValueChange,
    /// The dotenv-linter name of the same check, accepted as an alias.
    pub dotenv_linter: Option<&'static str>,
    /// Runs the check.
    pub run: fn(&Ctx<'_>, &mut Vec<Diagnostic>),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

/// Every check, parse errors first, then style, then values.
pub const CHECKS: &[Check] = &[
    syntax_error::CHECK,
    spaces_around_equals::CHECK,
    leading_character::CHECK,
    lowercase_key::CHECK,
    incorrect_delimiter::CHECK,
    key_without_value::CHECK,
    duplicated_key::CHECK,
    extra_blank_line::CHECK,
    missing_final_newline::CHECK,
    trailing_whitespace::CHECK,
    needless_quotes::CHECK,
    unquoted_whitespace::CHECK,
    broken_substitution::CHECK,
    unordered_keys::CHECK,
    invisible_character::CHECK,
    secret_too_short::CHECK,
    placeholder_value::CHECK,
    provider_format::CHECK,
    livekit_keys_syntax::CHECK,
    public_secret::CHECK,
    key_prefix::CHECK,
    env_file_committed::CHECK,
    example_drift::CHECK,
];

/// Which fixes of a check change a loaded name or value on purpose: the exceptions to "a fix
/// never changes what a program loads".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueChange {
    /// Its fixes keep every loaded value (unsafe ones included: an earlier duplicate
    /// commented out).
    Never,
    /// Its unsafe fixes do (a rename, an invisible character removed from a key or value,
    /// `KEY` given `=`); its safe ones do not.
    WhenUnsafe,
    /// Every fix does: the space that `LIVEKIT_KEYS="k:s"` → `"k: s"` inserts is the value
    /// the `LiveKit` server needs.
    Always,
}

impl ValueChange {
    /// Whether a fix with `applicability` may change a loaded value.
    pub fn allows(self, applicability: Applicability) -> bool {
        match self {
            ValueChange::Never => false,
            ValueChange::WhenUnsafe => applicability == Applicability::Unsafe,
            ValueChange::Always => true,
        }
    }
}

/// Whether a fix of check `code` with `applicability` changes a name or a value on purpose
/// (the check's [`Check::changes_value`]); `false` for an unknown code.
pub fn changes_value_on_purpose(code: &str, applicability: Applicability) -> bool {
    CHECKS
        .iter()
        .find(|c| c.code == code)
        .is_some_and(|c| c.changes_value.allows(applicability))
}

/// The check with this code, or this dotenv-linter name.
pub fn find(name: &str) -> Option<&'static Check> {
    CHECKS
        .iter()
        .find(|c| c.code == name || c.dotenv_linter == Some(name))
}

/// dotenv-linter checks that keylint splits over more than one check: besides the check that
/// bears the name ([`Check::dotenv_linter`]), these report the rest of what dotenv-linter
/// reports under it (`Q="open` is a `QuoteCharacter` for dotenv-linter, a `syntax-error` here).
pub const DOTENV_LINTER_ALSO: &[(&str, &str)] = &[
    ("QuoteCharacter", "syntax-error"),
    ("SchemaViolation", "key-prefix"),
];

/// The codes a name selects: a keylint code selects its check; a dotenv-linter name selects
/// every check that reports what dotenv-linter reports under it. Empty for an unknown name.
///
/// ```
/// use keylint_dotenv::checks::resolve;
/// assert_eq!(resolve("needless-quotes"), ["needless-quotes"]);
/// assert_eq!(resolve("QuoteCharacter"), ["needless-quotes", "syntax-error"]);
/// assert!(resolve("NoSuchCheck").is_empty());
/// ```
pub fn resolve(name: &str) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = find(name).map(|c| c.code).into_iter().collect();
    codes.extend(
        DOTENV_LINTER_ALSO
            .iter()
            .filter(|(alias, _)| *alias == name)
            .map(|(_, code)| *code),
    );
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for c in CHECKS {
            assert!(seen.insert(c.code), "{} twice", c.code);
            assert!(
                c.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                c.code
            );
            for section in ["## What", "## Why", "## Example", "## Fix"] {
                assert!(c.docs.contains(section), "{} lacks {section}", c.code);
            }
        }
        for (alias, code) in DOTENV_LINTER_ALSO {
            assert!(CHECKS.iter().any(|c| c.code == *code), "{alias} → {code}");
        }
    }

    #[test]
    fn every_dotenv_linter_check_has_a_name_here() {
        for name in [
            "DuplicatedKey",
            "EndingBlankLine",
            "ExtraBlankLine",
            "IncorrectDelimiter",
            "KeyWithoutValue",
            "LeadingCharacter",
            "LowercaseKey",
            "QuoteCharacter",
            "SpaceCharacter",
            "SubstitutionKey",
            "TrailingWhitespace",
            "UnorderedKey",
            "ValueWithoutQuotes",
            "SchemaViolation",
        ] {
            assert!(!resolve(name).is_empty(), "{name}");
        }
    }

    /// The fixes allowed to change a loaded value, pinned: the `LIVEKIT_KEYS` space whatever
    /// its applicability, the unsafe fixes of the five renaming or value-editing checks, and
    /// nothing else (an unknown code included).
    #[test]
    fn fixes_that_change_a_loaded_value_are_pinned() {
        let unsafe_only = [
            "leading-character",
            "incorrect-delimiter",
            "lowercase-key",
            "invisible-character",
            "key-without-value",
        ];
        for c in CHECKS {
            let always = c.code == "livekit-keys-syntax";
            let when_unsafe = unsafe_only.contains(&c.code);
            assert_eq!(
                changes_value_on_purpose(c.code, Applicability::Safe),
                always,
                "{}",
                c.code
            );
            assert_eq!(
                changes_value_on_purpose(c.code, Applicability::Unsafe),
                always || when_unsafe,
                "{}",
                c.code
            );
            if c.fix.is_none() {
                assert_eq!(c.changes_value, ValueChange::Never, "{} has no fix", c.code);
            }
        }
        assert!(!changes_value_on_purpose(
            "no-such-check",
            Applicability::Unsafe
        ));
    }
}
