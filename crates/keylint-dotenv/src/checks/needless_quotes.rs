use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::{EnvFile, Quote};

pub const CHECK: Check = Check {
    code: "needless-quotes",
    summary: "quotes around a value that needs none, or a stray quote in an unquoted value",
    docs: "## What\nA quoted value made only of characters that need no quoting (letters, digits, `-_./:@+,%`), or an unquoted value with a quote character in it (`A=it's`).\n\n## Why\nDocker's `--env-file` and `env_file:` in older Compose versions keep the quotes as part of the value, so `\"sk-…\"` is sent with its quotes and rejected. A stray quote in an unquoted value opens a quote for `source .env` and for loaders that look for the closing one on the next lines.\n\n## Example\n```\nGROQ_API_KEY=\"gsk_…\"\n```\n\n## Fix\nSafe: removes the quotes (only when nothing inside needs them); wraps a value with a stray `'` in double quotes (or one with a stray `\"` in single quotes) when that loads the same value.",
    severity: Severity::Low,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("QuoteCharacter"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, e) in ctx.entries() {
        if e.quote == Quote::None {
            stray_quote(ctx, e, out);
            continue;
        }
        if e.value.len() < 2 {
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

/// `A=it's`: a quote character inside an unquoted value.
fn stray_quote(ctx: &Ctx<'_>, e: &crate::parser::Entry, out: &mut Vec<Diagnostic>) {
    let value = ctx.s(&e.value);
    let Some(at) = value.find(['\'', '"']) else {
        return;
    };
    let q = &value[at..=at];
    let key = ctx.s(&e.key);
    let start = e.value.start + at;
    let mut d = ctx.diag(
        &CHECK,
        start..start + 1,
        format!("a stray `{q}` in the unquoted value of `{key}`"),
    );
    d.help = Some("quote the whole value; `source .env` reads the stray quote as the start of a quoted string".into());
    // The other quote style keeps the value as is when it holds no backslash or other quote.
    let wrap = if q == "'" { "\"" } else { "'" };
    if !value.contains(['\\', wrap.chars().next().unwrap_or('"')]) {
        d.fix = Some(Fix::safe(
            format!("wrap the value in {wrap} quotes"),
            vec![
                Edit::insert(e.value.start, wrap),
                Edit::insert(e.value.end, wrap),
            ],
        ));
    }
    out.push(d);
}
