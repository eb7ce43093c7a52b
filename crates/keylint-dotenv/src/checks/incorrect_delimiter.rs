use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::{LineKind, SyntaxError};

pub const CHECK: Check = Check {
    code: "incorrect-delimiter",
    summary: "a key with characters other than letters, digits and `_` (a space too), or `:` instead of `=`",
    docs: "## What\nA key such as `API-KEY`, `api.key` or `FOO BAR` (python-dotenv skips that whole line), or a YAML-style `KEY: value` line.\n\n## Why\nShells cannot export such names and most loaders drop or mangle them; `KEY: value` is YAML, not dotenv, and defines nothing (`LIVEKIT_KEYS: \"devkey: secret\"` belongs in docker-compose, in `.env` it is `LIVEKIT_KEYS=\"devkey: secret\"`).\n\n## Example\n```\nAPI-KEY=abc\nLIVEKIT_KEYS: \"devkey: secret\"\n```\n\n## Fix\nSafe for `:` → `=` (the line defined nothing). Unsafe for renaming a key (`-`, `.`, spaces → `_`).",
    severity: Severity::Medium,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::WhenUnsafe,
    dotenv_linter: Some("IncorrectDelimiter"),
    run,
};

/// The key of a `FOO BAR=x` line (a key with whitespace inside, then `=`): its byte range in
/// `text`, which is the whole line.
pub(crate) fn spaced_key(text: &str) -> Option<std::ops::Range<usize>> {
    let eq = text.find('=')?;
    let start = text.len() - text.trim_start_matches([' ', '\t']).len();
    let start = if text[start..].starts_with("export ") {
        let after = start + "export".len();
        after + (text[after..].len() - text[after..].trim_start_matches([' ', '\t']).len())
    } else {
        start
    };
    let key = text.get(start..eq)?.trim_end_matches([' ', '\t']);
    let spaced = key.contains([' ', '\t'])
        && !key.starts_with('#')
        && !key.contains(['"', '\'', '`', '#', ':']);
    spaced.then(|| start..start + key.len())
}

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for line in &ctx.file.lines {
        let LineKind::Invalid {
            text,
            error: SyntaxError::MissingEquals,
        } = &line.kind
        else {
            continue;
        };
        let Some(key) = spaced_key(ctx.s(text)) else {
            continue;
        };
        let key = text.start + key.start..text.start + key.end;
        let name = ctx.s(&key);
        let space = key.start + name.find([' ', '\t']).unwrap_or(0);
        let mut d = ctx.diag(
            &CHECK,
            space..space + 1,
            format!(
                "`{name}` contains a space: not a valid variable name, python-dotenv skips the line"
            ),
        );
        d.help = Some("use only letters, digits and `_`".into());
        let renamed = name
            .split([' ', '\t'])
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        d.fix = Some(Fix::unsafe_(
            format!("rename to `{renamed}`"),
            vec![Edit::replace(key, renamed.clone())],
        ));
        out.push(d);
    }
    for (_, e) in ctx.entries() {
        let key = ctx.s(&e.key);
        if let Some(delim) = &e.delimiter {
            if ctx.s(delim) == ":" {
                let mut d = ctx.diag(
                    &CHECK,
                    delim.clone(),
                    format!("`{key}:` is YAML syntax; .env files use `=`"),
                );
                d.help = Some(format!("write `{key}=value`"));
                let mut edits = vec![Edit::replace(delim.clone(), "=")];
                if !e.after_eq.is_empty() {
                    edits.push(Edit::delete(e.after_eq.clone()));
                }
                d.fix = Some(Fix::safe("replace `:` with `=`", edits));
                out.push(d);
                continue;
            }
        }
        let Some((i, bad)) = key
            .char_indices()
            .skip(1)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        else {
            continue;
        };
        let start = e.key.start + i;
        let mut d = ctx.diag(
            &CHECK,
            start..start + bad.len_utf8(),
            format!("`{key}` contains `{bad}`: not a valid variable name"),
        );
        d.help = Some("use only letters, digits and `_`".into());
        let renamed: String = key
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if key.is_ascii() {
            d.fix = Some(Fix::unsafe_(
                format!("rename to `{renamed}`"),
                vec![Edit::replace(e.key.clone(), renamed)],
            ));
        }
        out.push(d);
    }
}
