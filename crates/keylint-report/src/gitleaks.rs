//! `--format gitleaks-json`: the array gitleaks writes with `--report-format json`, for tools
//! that already read it. `Secret` and `Match` are masked unless `--show-secrets`.
//!
//! ```
//! use keylint_report::{gitleaks, RenderOptions};
//! assert_eq!(gitleaks::render(&[], &RenderOptions::default()), "[]\n");
//! ```

use keylint_core::Finding;
use serde::Serialize;

use crate::RenderOptions;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Leak<'a> {
    #[serde(rename = "RuleID")]
    rule_id: &'a str,
    description: &'a str,
    start_line: u32,
    end_line: u32,
    start_column: u32,
    end_column: u32,
    #[serde(rename = "Match")]
    matched: String,
    secret: String,
    file: &'a str,
    symlink_file: &'a str,
    commit: &'a str,
    entropy: f64,
    author: &'a str,
    email: &'a str,
    date: &'a str,
    message: &'a str,
    tags: Vec<&'a str>,
    fingerprint: String,
}

/// Shannon entropy of `text` in bits per character, rounded to 4 decimals (what gitleaks
/// reports as `Entropy`).
#[allow(clippy::cast_precision_loss)]
pub fn entropy(text: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut total = 0usize;
    for c in text.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let n = total as f64;
    let bits: f64 = counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum();
    (bits * 10_000.0).round() / 10_000.0
}

/// Splits `Name <email>` into its parts.
fn author_parts(author: &str) -> (&str, &str) {
    match author.rsplit_once(" <") {
        Some((name, email)) => (name, email.trim_end_matches('>')),
        None => (author, ""),
    }
}

/// Renders the findings as a gitleaks JSON report (pretty-printed, trailing newline).
pub fn render(findings: &[Finding], options: &RenderOptions) -> String {
    let leaks: Vec<Leak<'_>> = findings
        .iter()
        .map(|f| {
            let loc = &f.location;
            let (author, email) = f
                .origin
                .as_ref()
                .map_or(("", ""), |o| author_parts(&o.author));
            let commit = f.origin.as_ref().map_or("", |o| o.commit.as_str());
            // gitleaks: `commit:file:rule:line` in history, `file:rule:line` otherwise.
            let fingerprint = if commit.is_empty() {
                format!("{}:{}:{}", loc.path, f.rule_id, loc.line)
            } else {
                format!("{commit}:{}:{}:{}", loc.path, f.rule_id, loc.line)
            };
            Leak {
                rule_id: &f.rule_id,
                description: &f.rule_name,
                start_line: loc.line,
                end_line: loc.end_line,
                start_column: loc.column,
                end_column: loc.end_column,
                matched: f.display_secret(options.show_secrets),
                secret: f.display_secret(options.show_secrets),
                file: &loc.path,
                symlink_file: "",
                commit,
                entropy: entropy(&f.secret),
                author,
                email,
                date: f.origin.as_ref().map_or("", |o| o.date.as_str()),
                message: "",
                tags: vec![f.severity.as_str()],
                fingerprint,
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&leaks).expect("JSON of plain data");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_of_known_strings() {
        assert!(entropy("aaaa").abs() < f64::EPSILON);
        assert!((entropy("abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn splits_authors() {
        assert_eq!(author_parts("Ann Lee <ann@x.io>"), ("Ann Lee", "ann@x.io"));
        assert_eq!(author_parts("bot"), ("bot", ""));
    }
}
