//! `.gitleaksignore`: gitleaks fingerprints of accepted findings, one a line.
//!
//! An entry is `file:rule-id:line` (any finding of that rule starting on that line of that file,
//! in any commit) or `commit:file:rule-id:line` (only the finding from that commit). `#` starts a
//! comment line. Entries are line-based: an edit above the line moves the finding out of the
//! entry, and a new secret on an ignored line is ignored too. keylint's own baseline
//! (`keylint baseline create`) is content-based and survives both; migrate to it.
//!
//! ```
//! use keylint_core::gitleaks::GitleaksIgnore;
//! let ignore = GitleaksIgnore::parse("# accepted\nconfig/app.yaml:acme-token:12\n");
//! assert_eq!(ignore.entries.len(), 1);
//! assert!(ignore.warnings.is_empty());
//! ```

use crate::Finding;

/// The file gitleaks reads at the root of the scanned directory.
pub const IGNORE_FILE: &str = ".gitleaksignore";

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreEntry {
    /// Full commit id, when the entry is limited to one commit.
    pub commit: Option<String>,
    /// Path, relative to the scan root.
    pub path: String,
    /// Rule id.
    pub rule_id: String,
    /// 1-based line of the start of the finding (0 for path-only findings).
    pub line: u32,
}

/// A parsed `.gitleaksignore`.
#[derive(Debug, Clone, Default)]
pub struct GitleaksIgnore {
    /// The entries.
    pub entries: Vec<IgnoreEntry>,
    /// Lines that are not fingerprints, for the user.
    pub warnings: Vec<String>,
}

impl GitleaksIgnore {
    /// Parses the file's text. Lines that are not fingerprints become warnings.
    pub fn parse(text: &str) -> GitleaksIgnore {
        let mut ignore = GitleaksIgnore::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_entry(line) {
                Some(entry) => ignore.entries.push(entry),
                None => ignore.warnings.push(format!(
                    "line {}: `{line}` is not a gitleaks fingerprint (file:rule-id:line or commit:file:rule-id:line); ignored",
                    n + 1
                )),
            }
        }
        ignore
    }

    /// Whether an entry accepts `finding`: same path, rule and start line, and same commit when
    /// the entry names one.
    pub fn ignores(&self, finding: &Finding) -> bool {
        let commit = finding.origin.as_ref().map(|o| o.commit.as_str());
        self.entries.iter().any(|e| {
            e.rule_id == finding.rule_id
                && e.path == finding.location.path
                && (e.line == finding.location.line || (finding.secret.is_empty() && e.line == 0))
                && e.commit
                    .as_deref()
                    .is_none_or(|c| commit.is_some_and(|f| f.eq_ignore_ascii_case(c)))
        })
    }
}

fn parse_entry(line: &str) -> Option<IgnoreEntry> {
    let mut parts = line.rsplitn(3, ':');
    let number = parts.next()?.trim().parse().ok()?;
    let rule_id = parts.next()?.to_owned();
    let rest = parts.next()?;
    let (commit, path) = match rest.split_once(':') {
        Some((c, p)) if is_commit_id(c) => (Some(c.to_ascii_lowercase()), p),
        _ => (None, rest),
    };
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path).to_owned();
    if rule_id.is_empty() || path.is_empty() {
        return None;
    }
    Some(IgnoreEntry {
        commit,
        path,
        rule_id,
        line: number,
    })
}

/// A full SHA-1 or SHA-256 object id.
fn is_commit_id(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_and_comments() {
        let commit = "0123456789abcdef0123456789abcdef01234567";
        let text = format!(
            "# reviewed 2025-01\n\n{commit}:src/a.py:aws-access-token:3\n./docs/b.md:generic-api-key:10\nC:\\x\\y.txt:r:1\nnot a fingerprint\nfile:rule:notanumber\n"
        );
        let ignore = GitleaksIgnore::parse(&text);
        assert_eq!(
            ignore.entries,
            [
                IgnoreEntry {
                    commit: Some(commit.into()),
                    path: "src/a.py".into(),
                    rule_id: "aws-access-token".into(),
                    line: 3,
                },
                IgnoreEntry {
                    commit: None,
                    path: "docs/b.md".into(),
                    rule_id: "generic-api-key".into(),
                    line: 10,
                },
                IgnoreEntry {
                    commit: None,
                    path: "C:/x/y.txt".into(),
                    rule_id: "r".into(),
                    line: 1,
                },
            ]
        );
        assert_eq!(ignore.warnings.len(), 2, "{:?}", ignore.warnings);
        assert!(ignore.warnings[0].starts_with("line 6:"));
    }
}
