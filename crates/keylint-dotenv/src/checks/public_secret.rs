use keylint_core::{Diagnostic, Severity};

use super::Check;
use crate::{Ctx, provider};
use keylint_scan::placeholder::{is_placeholder, is_reference};

pub const CHECK: Check = Check {
    code: "public-secret",
    summary: "a secret in a variable that bundlers ship to browsers or apps (`NEXT_PUBLIC_`, `VITE_` …)",
    docs: "## What\nA variable whose prefix makes the bundler inline it into client code (`NEXT_PUBLIC_`, `VITE_`, `EXPO_PUBLIC_`, `REACT_APP_`, `PUBLIC_` …, configurable with `[env] public-prefixes`) and whose name or value is a server secret: `NEXT_PUBLIC_OPENAI_API_KEY`, `VITE_LIVEKIT_API_SECRET`, a `sk_live_` value. Publishable keys (`…_PUBLISHABLE_KEY`, `…_ANON_KEY`, Firebase web keys) are public by design and not reported.\n\n## Why\nEvery visitor of the site or user of the app can read it from the bundle and use it on your bill.\n\n## Example\n```\nNEXT_PUBLIC_OPENAI_API_KEY=sk-proj-…\n```\n\n## Fix\nNone automatic: rename it without the public prefix, read it on the server only, and rotate it if it was ever deployed.",
    severity: Severity::High,
    default_enabled: true,
    fix: None,
    changes_value: super::ValueChange::Never,
    dotenv_linter: None,
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in ctx.entries() {
        let (_, e) = entry;
        let key = ctx.s(&e.key);
        let upper = key.to_ascii_uppercase();
        let Some(prefix) = ctx
            .settings
            .public_prefixes
            .iter()
            .find(|p| upper.starts_with(&p.to_ascii_uppercase()))
        else {
            continue;
        };
        let rest = &upper[prefix.len()..];
        let value = ctx.file.value(entry);
        if value.trim().is_empty() || is_reference(&value) {
            continue;
        }
        let by_name = ctx.settings.is_secret_key(rest) && !is_placeholder(&value);
        let by_value = provider::recognise(rest, &value)
            .into_iter()
            // Identifiers (`…-id`) are not secrets; client-safe keys are made to ship.
            .find(|(id, _)| !(id.ends_with("-id") || provider::is_client_safe(id)));
        if !by_name && by_value.is_none() {
            continue;
        }
        let what = by_value.map_or_else(
            || "a secret".to_owned(),
            |(_, name)| format!("{} {name}", provider::article(&name)),
        );
        let mut d = ctx.diag(&CHECK, e.key.clone(), format!("`{key}` ships {what} to every client (`{prefix}` variables are inlined into the bundle)"));
        d.help = Some(format!(
            "rename it to `{rest}`, read it on the server only (an API route or a token endpoint), and rotate it if it was deployed"
        ));
        out.push(d);
    }
}
