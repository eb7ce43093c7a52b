use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;

pub const CHECK: Check = Check {
    code: "key-without-value",
    summary: "a key alone on its line, without `=`",
    docs: "## What\nA line holding only a key.\n\n## Why\nLoaders disagree: some skip it, some fail, some set an empty value. Write `KEY=` for an empty value.\n\n## Example\n```\nDEBUG\n```\n\n## Fix\nUnsafe: appends `=`, which defines an empty variable where some loaders defined none.",
    severity: Severity::Low,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Unsafe),
    changes_value: super::ValueChange::WhenUnsafe,
    dotenv_linter: Some("KeyWithoutValue"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, e) in ctx.entries() {
        if e.delimiter.is_some() || e.key.is_empty() {
            continue;
        }
        let key = ctx.s(&e.key);
        let mut d = ctx.diag(
            &CHECK,
            e.key.clone(),
            format!("`{key}` has no `=` and no value"),
        );
        d.help = Some(format!(
            "write `{key}=` for an empty value, or remove the line"
        ));
        d.fix = Some(Fix::unsafe_(
            "append `=`",
            vec![Edit::insert(e.key.end, "=")],
        ));
        out.push(d);
    }
}
