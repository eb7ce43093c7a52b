//! The inline `keylint:allow` marker.
//!
//! A line is exempt when it, or the line just before it, contains `keylint:allow` in any comment
//! syntax (`//`, `#`, `--`, `/* */`, `<!-- -->`, `;`). The marker may name rules:
//! `keylint:allow openai-project-key, generic-secret` exempts only those; a bare marker exempts all.
//!
//! Other tools' markers (`gitleaks:allow`, detect-secrets' `pragma: allowlist secret`) count as a
//! bare marker, so exemptions survive a migration.
//!
//! ```
//! use keylint_core::allow::AllowMarker;
//! let m = AllowMarker::find("token = 'x' # keylint:allow generic-secret").unwrap();
//! assert!(m.allows("generic-secret"));
//! assert!(!m.allows("github-pat"));
//! assert!(AllowMarker::find("const key = 'x'; // keylint:allow").unwrap().allows("anything"));
//! ```

/// The literal that starts a marker.
pub const MARKER: &str = "keylint:allow";

/// Other tools' inline markers, honoured like a bare `keylint:allow` so a repository migrating
/// to keylint keeps its exemptions: gitleaks' `gitleaks:allow` and detect-secrets'
/// `pragma: allowlist secret`.
pub const FOREIGN_MARKERS: [&str; 2] = ["gitleaks:allow", "pragma: allowlist secret"];

/// A parsed `keylint:allow` marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowMarker {
    /// The rule ids named after the marker; empty means every rule.
    pub rules: Vec<String>,
}

impl AllowMarker {
    /// Whether `line` may hold a marker (a cheap test before [`AllowMarker::find`]).
    pub fn may_be_in(line: &[u8]) -> bool {
        std::iter::once(MARKER)
            .chain(FOREIGN_MARKERS)
            .any(|m| memchr::memmem::find(line, m.as_bytes()).is_some())
    }

    /// Finds and parses the marker in one line of text, if present.
    pub fn find(line: &str) -> Option<AllowMarker> {
        let Some(at) = line.find(MARKER) else {
            return FOREIGN_MARKERS
                .iter()
                .any(|m| line.contains(m))
                .then(|| AllowMarker { rules: Vec::new() });
        };
        let rest = &line[at + MARKER.len()..];
        // `keylint:allowed` or `keylint:allow-foo` is not our marker.
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return None;
        }
        let rules = rest
            .trim_start_matches([':', '(', '='])
            .split(|c: char| c.is_whitespace() || c == ',' || c == ')')
            .take_while(|word| !word.starts_with("*/") && !word.starts_with("-->"))
            .filter(|word| !word.is_empty())
            .take_while(|word| is_rule_id(word))
            .map(str::to_owned)
            .collect();
        Some(AllowMarker { rules })
    }

    /// Whether this marker exempts findings of `rule_id`.
    pub fn allows(&self, rule_id: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == rule_id)
    }
}

/// Rule ids are kebab-case: lowercase ASCII letters, digits and dashes.
fn is_rule_id(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_lowercase())
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_syntaxes() {
        for line in [
            "x = 1 // keylint:allow",
            "x = 1 # keylint:allow",
            "x = 1 -- keylint:allow",
            "x = 1 /* keylint:allow */",
            "<!-- keylint:allow -->",
            "; keylint:allow",
        ] {
            let m = AllowMarker::find(line).unwrap_or_else(|| panic!("{line}"));
            assert!(m.rules.is_empty(), "{line}: {m:?}");
        }
    }

    #[test]
    fn named_rules() {
        let m = AllowMarker::find("# keylint:allow aws-access-key-id, github-pat trailing words")
            .unwrap();
        assert_eq!(
            m.rules,
            ["aws-access-key-id", "github-pat", "trailing", "words"]
        );
        let m = AllowMarker::find("/* keylint:allow(jwt) */").unwrap();
        assert_eq!(m.rules, ["jwt"]);
        let m = AllowMarker::find("// keylint:allow: jwt Because Tests").unwrap();
        assert_eq!(m.rules, ["jwt"]);
    }

    #[test]
    fn other_tools_markers_exempt_every_rule() {
        for line in [
            "token = 'x' # gitleaks:allow",
            "token = 'x'  # pragma: allowlist secret",
        ] {
            assert!(AllowMarker::may_be_in(line.as_bytes()), "{line}");
            assert!(
                AllowMarker::find(line).unwrap().allows("github-pat"),
                "{line}"
            );
        }
    }

    #[test]
    fn not_a_marker() {
        assert!(AllowMarker::find("keylint:allowed").is_none());
        assert!(AllowMarker::find("keylint:allow-list").is_none());
        assert!(AllowMarker::find("nothing here").is_none());
    }
}
