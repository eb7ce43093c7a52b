use keylint_core::{Diagnostic, Severity};

use super::Check;
use crate::{Ctx, provider};
use keylint_scan::placeholder::{is_placeholder, is_reference};

pub const CHECK: Check = Check {
    code: "secret-too-short",
    summary: "a secret shorter than 32 characters (configurable)",
    docs: "## What\nThe value of a secret-like key (`*_SECRET`, `*_KEY`, `*_TOKEN`, `*_PASSWORD`, `ENCRYPTION_KEY` …, configurable with `[env] secret-keys`) shorter than `[env] min-secret-length` (32), and each secret of `LIVEKIT_KEYS`.\n\n## Why\nShort secrets that sign tokens (JWT, LiveKit, sessions) can be brute-forced offline from one token. LiveKit warns `secret is too short, should be at least 32 characters for security`.\n\n## Example\n```\nLIVEKIT_API_SECRET=secret\n```\n\n## Fix\nNone: keylint never invents a secret. Generate one with `openssl rand -base64 32`.",
    severity: Severity::Medium,
    default_enabled: true,
    fix: None,
    changes_value: super::ValueChange::Never,
    dotenv_linter: None,
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let min = ctx.settings.min_secret_length;
    for entry in ctx.entries() {
        let (_, e) = entry;
        let key = ctx.s(&e.key);
        let value = ctx.file.value(entry);
        if key.eq_ignore_ascii_case("LIVEKIT_KEYS") {
            for pair in value.split([',', '\n']) {
                if let Some((name, secret)) = pair.split_once(':') {
                    let secret = secret.trim();
                    let n = secret.chars().count();
                    if n > 0 && n < min && !is_placeholder(secret) {
                        let mut d = ctx.diag(&CHECK, e.value.clone(), format!("the LiveKit secret of key `{}` is {n} characters long (at least {min} expected)", name.trim()));
                        d.help = Some("LiveKit warns `secret is too short, should be at least 32 characters for security`; generate one with `openssl rand -base64 32` and update every place that uses it".into());
                        out.push(d);
                    }
                }
            }
            continue;
        }
        let n = value.chars().count();
        if n == 0 || n >= min || !ctx.settings.is_secret_key(key) {
            continue;
        }
        // Provider formats (shorter ids such as LiveKit's `API…` key) are checked by provider-format.
        if provider::provider_for(key)
            .is_some_and(|p| p.rules.iter().all(|r| !r.contains("secret")))
        {
            continue;
        }
        if is_placeholder(&value) || is_reference(&value) || looks_like_path(&value) {
            continue;
        }
        let mut d = ctx.diag(
            &CHECK,
            e.value.clone(),
            format!("`{key}` is {n} characters long (at least {min} expected for a secret)"),
        );
        let server = if key.to_ascii_uppercase().contains("LIVEKIT") {
            "LiveKit warns `secret is too short, should be at least 32 characters for security`"
        } else {
            "a short signing or encryption secret can be brute-forced offline from a single token"
        };
        d.help = Some(format!(
            "{server}; generate one with `openssl rand -base64 32` (keylint never invents secrets)"
        ));
        out.push(d);
    }
}

fn looks_like_path(v: &str) -> bool {
    v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("~/")
        || v.contains("://")
        || [".pem", ".key", ".json", ".p12", ".crt"]
            .iter()
            .any(|s| v.ends_with(s))
}
