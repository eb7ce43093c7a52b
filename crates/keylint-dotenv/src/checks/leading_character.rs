use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;

pub const CHECK: Check = Check {
    code: "leading-character",
    summary: "a key that does not start with a letter or `_`, or an indented line",
    docs: "## What\nA key starting with a digit, `-`, `.` or another character, or a line indented with spaces.\n\n## Why\nShells and most loaders only accept names matching `[A-Za-z_][A-Za-z0-9_]*`; an indented key is read with its spaces by some loaders.\n\n## Example\n```\n  PORT=8080\n-DEBUG=true\n```\n\n## Fix\nSafe for indentation (removed). Unsafe for other characters (the key is renamed, so the program reading the old name no longer finds it).",
    severity: Severity::Medium,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::WhenUnsafe,
    dotenv_linter: Some("LeadingCharacter"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, e) in ctx.entries() {
        let key = ctx.s(&e.key);
        if !e.indent.is_empty() {
            let mut d = ctx.diag(&CHECK, e.indent.clone(), format!("`{key}` is indented"));
            d.help = Some("start the line with the key".into());
            d.fix = Some(Fix::safe(
                "remove the indentation",
                vec![Edit::delete(e.indent.clone())],
            ));
            out.push(d);
            continue;
        }
        let Some(first) = key.chars().next() else {
            let mut d = ctx.diag(
                &CHECK,
                e.key.start..e.key.start + 1,
                "a value without a key",
            );
            d.help = Some("write `KEY=value`".into());
            out.push(d);
            continue;
        };
        if first.is_ascii_alphabetic() || first == '_' {
            continue;
        }
        let mut d = ctx.diag(
            &CHECK,
            e.key.start..e.key.start + first.len_utf8(),
            format!("`{key}` starts with `{first}`: not a valid variable name"),
        );
        d.help = Some("names start with a letter or `_`".into());
        let stripped = key.trim_start_matches(|c: char| !(c.is_ascii_alphabetic() || c == '_'));
        if !stripped.is_empty() {
            d.fix = Some(Fix::unsafe_(
                format!("rename to `{stripped}`"),
                vec![Edit::replace(e.key.clone(), stripped)],
            ));
        }
        out.push(d);
    }
}
