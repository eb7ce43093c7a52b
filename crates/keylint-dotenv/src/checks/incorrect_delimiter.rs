use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;

pub const CHECK: Check = Check {
    code: "incorrect-delimiter",
    summary: "a key with characters other than letters, digits and `_`, or `:` instead of `=`",
    docs: "## What\nA key such as `API-KEY` or `api.key`, or a YAML-style `KEY: value` line.\n\n## Why\nShells cannot export such names and most loaders drop or mangle them; `KEY: value` is YAML, not dotenv, and defines nothing (`LIVEKIT_KEYS: \"devkey: secret\"` belongs in docker-compose, in `.env` it is `LIVEKIT_KEYS=\"devkey: secret\"`).\n\n## Example\n```\nAPI-KEY=abc\nLIVEKIT_KEYS: \"devkey: secret\"\n```\n\n## Fix\nSafe for `:` → `=` (the line defined nothing). Unsafe for renaming a key (`-`, `.` → `_`).",
    severity: Severity::Medium,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    dotenv_linter: Some("IncorrectDelimiter"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
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
