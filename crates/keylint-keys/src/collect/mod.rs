//! One collector per kind of file. Each reads one file's text and adds what it finds to a
//! [`Collection`]; none fails: what it cannot read becomes a [`Note`].

pub mod compose;
pub mod dart;
pub mod dotenv;
pub mod javascript;
pub mod kubernetes;
pub mod livekit;
pub mod workflow;
pub mod yaml;

use crate::model::{Collection, Definition, Kind, Loc, Note};
use crate::names;
use crate::value::Value;

/// Adds a definition of variable `name` (as written) with `value` at `loc` (`raw` is the text
/// at `loc.range`, to place the entries of `LIVEKIT_KEYS`). Names that do not
/// hold credentials are only masked; `LIVEKIT_KEYS` is split into its entries.
#[allow(clippy::too_many_arguments)] // every collector fills the same fields
pub(crate) fn define_var(
    c: &mut Collection,
    name: &str,
    value: &str,
    raw: &str,
    loc: Loc,
    kind: Kind,
    scope: &str,
    derived: bool,
) {
    if !derived {
        c.mask(&loc.path, loc.range.clone());
    }
    let logical = names::logical(name);
    if logical == "LIVEKIT_KEYS" {
        livekit::define_keys(c, value, raw, &loc, scope, derived);
        return;
    }
    if !names::is_credential(&logical) || kind.is_client() && spells_its_name(name, value) {
        return;
    }
    c.definitions.push(Definition {
        name: name.to_owned(),
        logical,
        value: Value::new(value),
        loc,
        kind,
        scope: scope.to_owned(),
        livekit_key: None,
        syntax_problem: None,
        derived,
    });
}

/// Whether a value in code only spells its own name (`CLIENT_SECRET = 'client_secret'`,
/// `INVALID_API_KEY: 'auth/invalid-api-key'`): a parameter name or an error code, not a secret.
fn spells_its_name(name: &str, value: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let name = squash(name);
    !name.is_empty() && squash(value).contains(&name)
}

/// Records that `path` could not be (fully) used.
pub(crate) fn note(c: &mut Collection, path: &str, line: Option<u32>, message: impl Into<String>) {
    c.notes.push(Note {
        path: path.to_owned(),
        line,
        message: message.into(),
    });
}

/// Joins `dir` (a display path, possibly empty) and a relative `path`, resolving `.` and `..`.
pub(crate) fn join_display(dir: &str, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_owned();
    }
    let mut parts: Vec<&str> = dir
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if dir.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The directory part of a display path (`""` for a file at the root).
pub(crate) fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Whether the text before byte `at`, on its line, starts a comment (`//`, or a `*` line of a
/// block comment): a commented-out definition is not one.
pub(crate) fn commented_out(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..at].trim_start();
    before.starts_with("//") || before.starts_with('*')
}

/// The definitions as (name, logical name, line, column), for tests.
#[cfg(test)]
pub(crate) fn rows(c: &Collection) -> Vec<(&str, &str, u32, u32)> {
    c.definitions
        .iter()
        .map(|d| {
            (
                d.name.as_str(),
                d.logical.as_str(),
                d.loc.line,
                d.loc.column,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        assert_eq!(join_display("", "./backend/.env"), "backend/.env");
        assert_eq!(join_display("deploy", "../backend/.env"), "backend/.env");
        assert_eq!(join_display("a/b", "c"), "a/b/c");
        assert_eq!(join_display("/tmp/x", "./b/.env"), "/tmp/x/b/.env");
        assert_eq!(parent("a/b/c.yml"), "a/b");
        assert_eq!(parent("c.yml"), "");
    }
}
