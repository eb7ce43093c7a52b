use keylint_core::{Diagnostic, Severity, mask};

use super::Check;
use crate::{Ctx, provider};
use keylint_scan::placeholder::{is_placeholder, is_reference};

pub const CHECK: Check = Check {
    code: "example-drift",
    summary: "keys missing between `.env` and `.env.example`, and real secrets in an example",
    docs: "## What\nIn `.env`: keys that `.env.example` (or `.env.sample`, `.env.template`, `.env.dist`) does not list. In the example: keys that `.env` lacks, and values that look like real secrets.\n\n## Why\nThe example is how the next developer learns which variables exist; a missing key is found at run time. A real key in a committed example is a leak.\n\n## Example\n```\n# .env\nGROQ_API_KEY=gsk_…\n# .env.example has no GROQ_API_KEY\n```\n\n## Fix\nNone automatic: add the key with a placeholder value to the example (`GROQ_API_KEY=`), or remove it.",
    severity: Severity::Low,
    default_enabled: true,
    fix: None,
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("SchemaViolation"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let example = ctx.file_ctx.is_example();
    if example {
        for entry in ctx.entries() {
            let (_, e) = entry;
            let key = ctx.s(&e.key);
            let value = ctx.file.value(entry);
            let v = value.trim();
            if v.is_empty() || is_reference(v) || is_placeholder(v) {
                continue;
            }
            let found = provider::recognise(key, v);
            let by_name = ctx.settings.is_secret_key(key)
                && v.chars().count() >= 20
                && keylint_scan::randomness::looks_like_key(v);
            if found.is_empty() && !by_name {
                continue;
            }
            let what = found.first().map_or_else(
                || "a real-looking secret".to_owned(),
                |(_, n)| format!("a real-looking {n}"),
            );
            let mut d = ctx.diag(
                &CHECK,
                e.value.clone(),
                format!("`{key}` in a template holds {what} (`{}`)", mask(v)),
            );
            d.severity = Severity::High;
            d.help = Some("templates are committed: replace the value with a placeholder (`your_key_here`) and rotate the key".into());
            out.push(d);
        }
    }
    let Some(other) = &ctx.file_ctx.counterpart else {
        return;
    };
    for (_, e) in ctx.entries() {
        let key = ctx.s(&e.key);
        if key.is_empty() || other.keys.iter().any(|k| k == key) {
            continue;
        }
        let mut d = ctx.diag(
            &CHECK,
            e.key.clone(),
            format!("`{key}` is missing from `{}`", other.path),
        );
        d.help = Some(if example {
            format!(
                "set `{key}` in `{}` or remove it from the template",
                other.path
            )
        } else {
            format!(
                "add `{key}=` with a placeholder to `{}` so others know it exists",
                other.path
            )
        });
        out.push(d);
    }
}
