use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::Quote;

pub const CHECK: Check = Check {
    code: "unquoted-whitespace",
    summary: "an unquoted value with spaces",
    docs: "## What\nA value with spaces or tabs and no quotes.\n\n## Why\n`source .env` in a shell runs the second word as a command; loaders differ on where the value ends.\n\n## Example\n```\nLIVEKIT_KEYS=devkey: secret\n```\n\n## Fix\nSafe: wraps the value in double quotes (not offered when it contains `\"`, `\\` or `$`).",
    severity: Severity::Medium,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("ValueWithoutQuotes"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, e) in ctx.entries() {
        if e.quote != Quote::None {
            continue;
        }
        let value = ctx.s(&e.value);
        if !value.contains([' ', '\t']) {
            continue;
        }
        let key = ctx.s(&e.key);
        let mut d = ctx.diag(
            &CHECK,
            e.value.clone(),
            format!("the value of `{key}` has spaces and no quotes"),
        );
        d.help = Some(format!(
            "write `{key}=\"…\"`; `source .env` would run the second word as a command"
        ));
        if !value.contains(['"', '\\', '$', '\'', '`']) {
            d.fix = Some(Fix::safe(
                "wrap the value in double quotes",
                vec![
                    Edit::insert(e.value.start, "\""),
                    Edit::insert(e.value.end, "\""),
                ],
            ));
        }
        out.push(d);
    }
}
