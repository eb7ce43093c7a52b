use keylint_core::{Diagnostic, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::{EnvFile, Quote};

pub const CHECK: Check = Check {
    code: "broken-substitution",
    summary: "a `${VAR}` reference that is not closed or names nothing",
    docs: "## What\n`${VAR` without `}`, `${}`, `${ VAR }`, `$ {VAR}`, or `$VAR}` (a closing brace without its opening one).\n\n## Why\nLoaders that expand references leave the text as is or fail, so the program receives `${DATABASE_URL` literally.\n\n## Example\n```\nDB_URL=${DATABASE_URL\n```\n\n## Fix\nNone: which name was meant cannot be known.",
    severity: Severity::Medium,
    default_enabled: true,
    fix: None,
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("SubstitutionKey"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, e) in ctx.entries() {
        if e.quote == Quote::Single {
            continue;
        }
        let inner = EnvFile::value_inner_range(e);
        let v = ctx.s(&inner);
        let mut i = 0;
        while let Some(off) = v[i..].find('$') {
            let at = i + off;
            i = at + 1;
            if at > 0 && v.as_bytes()[at - 1] == b'\\' {
                continue;
            }
            let rest = &v[at + 1..];
            let problem = if let Some(body) = rest.strip_prefix('{') {
                match body.find('}') {
                    None => Some("is never closed with `}`"),
                    Some(0) => Some("names no variable"),
                    Some(end) => {
                        let name = &body[..end];
                        let name = name.split([':', '-', '?', '+']).next().unwrap_or(name);
                        (name.is_empty()
                            || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
                        .then_some("is not a valid variable name")
                    }
                }
            } else if rest.starts_with(" {") {
                Some("has a space between `$` and `{`")
            } else {
                // `$VAR}`: the name, then a `}` that closes nothing.
                let name_len = rest
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    .count();
                (name_len > 0 && rest.as_bytes().get(name_len) == Some(&b'}'))
                    .then_some("has a `}` but no `{`")
            };
            if let Some(problem) = problem {
                let start = inner.start + at;
                let key = ctx.s(&e.key);
                let shown: String = rest.chars().take(24).collect();
                let mut d = ctx.diag(
                    &CHECK,
                    start..start + 1,
                    format!("in `{key}`, the reference `${shown}` {problem}"),
                );
                d.help = Some("write `${NAME}` with a closing brace; the program would otherwise receive the text as is".into());
                out.push(d);
                break;
            }
        }
    }
}
