use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::{EnvFile, Quote};

pub const CHECK: Check = Check {
    code: "needless-quotes",
    summary: "quotes around a value that needs none",
    docs: "## What\nA quoted value made only of characters that need no quoting (letters, digits, `-_./:@+,%`).\n\n## Why\nDocker's `--env-file` and `env_file:` in older Compose versions keep the quotes as part of the value, so `\"sk-…\"` is sent with its quotes and rejected.\n\n## Example\n```\nGROQ_API_KEY=\"gsk_…\"\n```\n\n## Fix\nSafe: removes the quotes (only when nothing inside needs them).",
    severity: Severity::Low,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    dotenv_linter: Some("QuoteCharacter"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, e) in ctx.entries() {
        if e.quote == Quote::None || e.value.len() < 2 {
            continue;
        }
        let inner = ctx.file.value_inner(e);
        // `LIVEKIT_KEYS="key: secret"` needs its quotes once the space after `:` is there.
        if ctx.s(&e.key).eq_ignore_ascii_case("LIVEKIT_KEYS")
            || inner.is_empty()
            || !inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_./:@+,%".contains(&b))
        {
            continue;
        }
        let key = ctx.s(&e.key);
        let mut d = ctx.diag(
            &CHECK,
            e.value.clone(),
            format!("the value of `{key}` needs no quotes"),
        );
        d.help = Some("Docker's --env-file keeps quotes as part of the value".into());
        let inner_range = EnvFile::value_inner_range(e);
        d.fix = Some(Fix::safe(
            "remove the quotes",
            vec![
                Edit::delete(e.value.start..inner_range.start),
                Edit::delete(inner_range.end..e.value.end),
            ],
        ));
        out.push(d);
    }
}
