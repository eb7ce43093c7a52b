use std::fmt;
use std::ops::Range;

use crate::{Fingerprint, Severity, mask};

/// Where a finding is: a path relative to the scan root and a 1-based line/column range.
///
/// Columns count characters (Unicode scalar values), not bytes, so editors land on the right spot.
/// `end_column` is inclusive of the last character of the secret.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Path relative to the scan root, with `/` separators (`-` for stdin).
    pub path: String,
    /// 1-based line of the first character of the secret.
    pub line: u32,
    /// 1-based column of the first character of the secret.
    pub column: u32,
    /// 1-based line of the last character of the secret.
    pub end_line: u32,
    /// 1-based column of the last character of the secret.
    pub end_column: u32,
    /// Byte offset of the secret in the scanned content.
    pub byte_start: usize,
    /// Byte offset one past the secret in the scanned content.
    pub byte_end: usize,
}

/// The commit a finding came from, when the content was read from git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitOrigin {
    /// Full commit id.
    pub commit: String,
    /// Author name and email, `Name <email>`.
    pub author: String,
    /// Author date, RFC 3339.
    pub date: String,
    /// For history audits: whether the secret is still in the tree at HEAD.
    pub present_at_head: Option<bool>,
}

/// A credential found in some content.
///
/// `secret` and `snippet` hold the raw text; every output masks them unless the user asked for
/// `--show-secrets`. `Debug` masks them too, so a stray `{:?}` or a panic message never leaks one.
#[derive(Clone, PartialEq, Eq)]
pub struct Finding {
    /// Id of the rule that matched, e.g. `openai-project-key`.
    pub rule_id: String,
    /// Human name of what was found, e.g. `OpenAI project API key`.
    pub rule_name: String,
    /// How bad it is, after any path-based adjustment.
    pub severity: Severity,
    /// Why it matters (from the rule).
    pub description: String,
    /// How to revoke and replace the credential (from the rule), if known.
    pub rotate: Option<String>,
    /// Where it is.
    pub location: Location,
    /// The secret itself (raw).
    pub secret: String,
    /// The source line holding the start of the secret (raw, cut to a window on very long lines).
    pub snippet: String,
    /// Byte range of the secret (or of its first part, for multi-line secrets) inside `snippet`.
    pub snippet_secret: Range<usize>,
    /// Byte ranges inside `snippet` of other secrets found on the same line, masked too.
    pub snippet_other_secrets: Vec<Range<usize>>,
    /// Content-based identity for baselines.
    pub fingerprint: Fingerprint,
    /// Commit information when scanning git objects.
    pub origin: Option<GitOrigin>,
    /// What `--verify` learnt from the provider (absent unless verification ran).
    pub verification: Option<crate::Verification>,
    /// Which scanned repository (or report) the finding came from: the label `keylint report
    /// merge` gives each report it merges. `None` in a scan's own findings.
    pub source: Option<String>,
}

impl Finding {
    /// The secret as it may be displayed: masked unless `show_secrets`.
    pub fn display_secret(&self, show_secrets: bool) -> String {
        if show_secrets || self.is_path_only() {
            self.secret.clone()
        } else {
            mask(&self.secret)
        }
    }

    /// Whether the finding is about a whole file, flagged by its path (a path-only rule, such
    /// as gitleaks' `path` without `regex`): it has no secret and no snippet.
    pub fn is_path_only(&self) -> bool {
        self.secret.is_empty()
    }

    /// The snippet as it may be displayed: every secret on it masked unless `show_secrets`
    /// (this finding's, any other finding's on the same line, and any other copy of this secret).
    pub fn display_snippet(&self, show_secrets: bool) -> String {
        self.render_snippet(show_secrets).0
    }

    /// Column range (0-based, in characters) of this finding's secret inside
    /// [`display_snippet`](Self::display_snippet), for underlining it.
    pub fn display_secret_columns(&self, show_secrets: bool) -> Range<usize> {
        self.render_snippet(show_secrets).1
    }

    /// The displayed snippet and the character range of this finding's secret in it.
    fn render_snippet(&self, show_secrets: bool) -> (String, Range<usize>) {
        if self.is_path_only() {
            return (String::new(), 0..0);
        }
        let own = self.snippet_secret.clone();
        if show_secrets {
            let start = self
                .snippet
                .get(..own.start)
                .map_or(0, |s| s.chars().count());
            let width = self
                .snippet
                .get(own.clone())
                .map_or(0, |s| s.chars().count());
            return (self.snippet.clone(), start..start + width);
        }
        // This secret, the other secrets, every other copy of this secret and every value
        // written on the line: a secret no rule understood is never shown beside one it did.
        let mut spans = crate::mask::value_spans(&self.snippet);
        spans.push(own.clone());
        spans.extend(self.snippet_other_secrets.iter().cloned());
        spans.extend(
            self.snippet
                .match_indices(self.secret.as_str())
                .map(|(i, s)| i..i + s.len()),
        );
        let (out, focus) = crate::mask::mask_spans(&self.snippet, &spans, &own);
        let start = out[..focus.start].chars().count();
        let width = out[focus].chars().count();
        (out, start..start + width)
    }
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("rule_id", &self.rule_id)
            .field("severity", &self.severity)
            .field("location", &self.location)
            .field("secret", &mask(&self.secret))
            .field("snippet", &self.display_snippet(false))
            .field("fingerprint", &self.fingerprint)
            .field("origin", &self.origin)
            .field("verification", &self.verification)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_secret() {
        let secret = "AKIAZZZZZZZZZZZZZZZZ";
        let finding = Finding {
            source: None,
            rule_id: "aws-access-key-id".into(),
            rule_name: "AWS access key id".into(),
            severity: Severity::High,
            description: String::new(),
            rotate: None,
            location: Location {
                path: "a".into(),
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 20,
                byte_start: 0,
                byte_end: 20,
            },
            secret: secret.into(),
            snippet: format!("key = {secret} # {secret} pw=hunter2"),
            snippet_secret: 6..26,
            snippet_other_secrets: std::iter::once(53..60).collect(),
            fingerprint: Fingerprint::new("aws-access-key-id", secret, "a"),
            origin: None,
            verification: None,
        };
        let dbg = format!("{finding:?}");
        assert!(!dbg.contains(secret), "{dbg}");
        assert!(dbg.contains("AK…ZZ"));
        assert_eq!(finding.display_snippet(false), "key = AK…ZZ # AK…ZZ pw=…");
        assert_eq!(finding.display_secret_columns(false), 6..11);
    }
}
