use std::collections::HashMap;

use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;

pub const CHECK: Check = Check {
    code: "duplicated-key",
    summary: "a key defined twice",
    docs: "## What\nThe same key assigned on two lines.\n\n## Why\nWhich one wins depends on the loader (python-dotenv, Docker and Node's `dotenv.parse` keep the last; shells too; some keep the first), so people edit the line that has no effect.\n\n## Example\n```\nLIVEKIT_API_SECRET=old\nLIVEKIT_API_SECRET=new\n```\n\n## Fix\nUnsafe: comments out the earlier definition (the value loaders that keep the last one already use stays).",
    severity: Severity::Medium,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Unsafe),
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("DuplicatedKey"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, (u32, usize)> = HashMap::new();
    for (line, e) in ctx.entries() {
        let key = ctx.s(&e.key);
        if key.is_empty() {
            continue;
        }
        if let Some((n, start)) = first.insert(key, (line.number, line.range.start)) {
            let mut d = ctx.diag(
                &CHECK,
                e.key.clone(),
                format!("`{key}` is already defined on line {n}"),
            );
            d.help =
                Some("keep one definition; most loaders use the last one, some the first".into());
            d.fix = Some(Fix::unsafe_(
                format!("comment out the definition on line {n}"),
                vec![Edit::insert(start, "# ")],
            ));
            out.push(d);
        }
    }
}
