use keylint_core::{Diagnostic, Severity};

use super::Check;
use crate::{Ctx, provider};
use keylint_scan::placeholder::{is_placeholder, is_reference, is_truncated};

pub const CHECK: Check = Check {
    code: "placeholder-value",
    summary: "a placeholder or truncated copy left as a secret's value",
    docs: "## What\nValues of secret keys such as `your_api_key_here`, `votre_nouvelle_cle_api_livekit`, `changeme`, `xxx`, `<token>`, `sk-...`, `AIza...`, or any value ending in `...` or `…` (a copy cut short), and empty values of known provider keys. Not reported in templates (`.env.example`).\n\n## Why\nThe program starts and fails at the first call: OpenAI answers `invalid_api_key` with `sk-proj-...`, LiveKit rejects tokens signed with a placeholder.\n\n## Example\n```\nLIVEKIT_API_KEY=votre_nouvelle_cle_api_livekit\nGOOGLE_API_KEY=AIza...\n```\n\n## Fix\nNone: keylint never invents a secret.",
    severity: Severity::Medium,
    default_enabled: true,
    fix: None,
    changes_value: super::ValueChange::Never,
    dotenv_linter: None,
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.file_ctx.is_example() {
        return;
    }
    for entry in ctx.entries() {
        let (_, e) = entry;
        let key = ctx.s(&e.key);
        let value = ctx.file.value(entry);
        let provider = provider::provider_for(key);
        if provider.is_none() && !ctx.settings.is_secret_key(key) && !is_truncated(&value) {
            continue;
        }
        let v = value.trim();
        if v.is_empty() {
            if let Some(p) = provider {
                if e.delimiter.is_some() {
                    let mut d = ctx.diag(&CHECK, e.key.clone(), format!("`{key}` is empty"));
                    d.severity = Severity::Low;
                    d.help = Some(format!(
                        "set the {} key, or remove the line if it is not used; {} otherwise",
                        p.name, p.rejects
                    ));
                    out.push(d);
                }
            }
            continue;
        }
        if is_reference(v) || !is_placeholder(v) {
            continue;
        }
        // Placeholders are not secrets, but a long value that merely contains a placeholder word
        // might be one: show those masked.
        let v = if v.chars().count() > 40 {
            keylint_core::mask(v)
        } else {
            v.to_owned()
        };
        let what = if is_truncated(&v) {
            format!("`{key}` holds a truncated copy (`{v}`), not a whole key")
        } else {
            format!("`{key}` holds a placeholder (`{v}`), not a real value")
        };
        let mut d = ctx.diag(&CHECK, e.value.clone(), what);
        d.help = Some(match provider {
            Some(p) => format!("paste the whole {} key; {}", p.name, p.rejects),
            None => "set the real value (keylint never invents one)".to_owned(),
        });
        out.push(d);
    }
}
