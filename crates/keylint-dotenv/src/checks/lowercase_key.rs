use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;

pub const CHECK: Check = Check {
    code: "lowercase-key",
    summary: "a key with lowercase letters",
    docs: "## What\nA key written with lowercase letters.\n\n## Why\nEnvironment variables are upper case by convention; `api_key` and `API_KEY` are two different variables on Linux, so a program reading one misses the other.\n\n## Example\n```\ndb_host=localhost\n```\n\n## Fix\nUnsafe: renames the key to upper case, and the program reading the lowercase name would no longer find it.",
    severity: Severity::Low,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Unsafe),
    changes_value: super::ValueChange::WhenUnsafe,
    dotenv_linter: Some("LowercaseKey"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, e) in ctx.entries() {
        let key = ctx.s(&e.key);
        // A key that is not a name (a token pasted without `KEY=`) is reported as such by
        // other checks; renaming it would only print it again, upper-cased.
        if !key.bytes().any(|b| b.is_ascii_lowercase()) || !keylint_core::mask::looks_like_name(key)
        {
            continue;
        }
        let upper = key.to_ascii_uppercase();
        let mut d = ctx.diag(
            &CHECK,
            e.key.clone(),
            format!("`{key}` should be `{upper}`"),
        );
        d.help = Some("rename it here and where the program reads it".into());
        d.fix = Some(Fix::unsafe_(
            format!("rename to `{upper}`"),
            vec![Edit::replace(e.key.clone(), upper)],
        ));
        out.push(d);
    }
}
