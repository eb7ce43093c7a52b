//! Comments that turn checks off and on for the lines below them:
//!
//! - `# keylint:off` (every check) or `# keylint:off code…`, and `# keylint:on [code…]`;
//! - dotenv-linter's own `# dotenv-linter:off Name…` / `# dotenv-linter:on Name…`, honoured
//!   as dotenv-linter 4.0 does: names are required (comma- or space-separated), a bare one
//!   does nothing. Names are dotenv-linter check names or keylint codes.
//!
//! So a project moving from dotenv-linter keeps its `.env` files as they are.

use std::collections::HashSet;

use crate::checks;
use crate::parser::{EnvFile, LineKind};

/// What is switched off from a line on.
#[derive(Debug, Clone, Default)]
struct State {
    all: bool,
    codes: HashSet<&'static str>,
}

/// The switches of one file: the state from each directive's line on.
#[derive(Debug, Default)]
pub(crate) struct Switches {
    /// (index of the first line it applies to, state), sorted.
    changes: Vec<(usize, State)>,
}

enum Directive {
    Off(Option<Vec<&'static str>>),
    On(Option<Vec<&'static str>>),
}

/// The directive in a comment's text (from `#`), if any.
fn directive(comment: &str) -> Option<Directive> {
    let body = comment.strip_prefix('#')?.trim_start();
    let (tool, rest) = body.split_once(':')?;
    let (switch, names) = match rest.split_once([' ', '\t']) {
        Some((s, n)) => (s, n),
        None => (rest.trim_end(), ""),
    };
    let names: Vec<&str> = names
        .split([',', ' ', '\t'])
        .filter(|n| !n.is_empty())
        .collect();
    let codes =
        (!names.is_empty()).then(|| names.iter().flat_map(|n| checks::resolve(n)).collect());
    if tool == "dotenv-linter" && codes.is_none() {
        return None;
    }
    if tool != "keylint" && tool != "dotenv-linter" {
        return None;
    }
    match switch {
        "off" => Some(Directive::Off(codes)),
        "on" => Some(Directive::On(codes)),
        _ => None,
    }
}

impl Switches {
    /// The switches of `file` (none when it has no directive).
    pub(crate) fn of(file: &EnvFile) -> Switches {
        let mut out = Switches::default();
        if !(file.text.contains("keylint:o") || file.text.contains("dotenv-linter:o")) {
            return out;
        }
        let mut state = State::default();
        for (i, line) in file.lines.iter().enumerate() {
            let LineKind::Comment { text, .. } = &line.kind else {
                continue;
            };
            let Some(d) = directive(file.slice(text)) else {
                continue;
            };
            match d {
                Directive::Off(None) => state.all = true,
                Directive::Off(Some(codes)) => state.codes.extend(codes),
                Directive::On(None) => state = State::default(),
                Directive::On(Some(codes)) => {
                    if state.all {
                        // Everything was off: now everything but these.
                        state.all = false;
                        state.codes = checks::CHECKS.iter().map(|c| c.code).collect();
                    }
                    for c in codes {
                        state.codes.remove(c);
                    }
                }
            }
            out.changes.push((i + 1, state.clone()));
        }
        out
    }

    /// Whether `code` is switched off on the line at index `line`.
    pub(crate) fn is_off(&self, line: usize, code: &str) -> bool {
        let at = self.changes.partition_point(|(from, _)| *from <= line);
        at.checked_sub(1)
            .is_some_and(|i| self.changes[i].1.all || self.changes[i].1.codes.contains(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn off(text: &str, line: usize, code: &str) -> bool {
        Switches::of(&EnvFile::parse(text)).is_off(line, code)
    }

    #[test]
    fn directives() {
        let t = "a=1\n# dotenv-linter:off LowercaseKey, UnorderedKey\nb=1\n# dotenv-linter:on LowercaseKey\nc=1\n";
        assert!(!off(t, 0, "lowercase-key"));
        assert!(off(t, 2, "lowercase-key"));
        assert!(off(t, 2, "unordered-keys"));
        assert!(!off(t, 4, "lowercase-key"));
        assert!(off(t, 4, "unordered-keys"));
        // A bare dotenv-linter switch does nothing, as in dotenv-linter.
        assert!(!off("# dotenv-linter:off\nb=1\n", 1, "lowercase-key"));
        let k = "#keylint:off\nb=1\n# keylint:on\nc=1\n# keylint:off lowercase-key\nd=1\n";
        assert!(off(k, 1, "anything"));
        assert!(!off(k, 3, "lowercase-key"));
        let on_one = "# keylint:off\n# keylint:on lowercase-key\nb=1\n";
        assert!(!off(on_one, 2, "lowercase-key"));
        assert!(off(on_one, 2, "syntax-error"));
        assert!(off(k, 5, "lowercase-key"));
        assert!(!off(k, 5, "syntax-error"));
    }
}
