use keylint_core::{Diagnostic, Edit, Fix, Severity, mask};

use super::Check;
use crate::Ctx;
use crate::parser::EnvFile;

pub const CHECK: Check = Check {
    code: "livekit-keys-syntax",
    summary: "`LIVEKIT_KEYS` that is not `key: secret` (a space after the colon), entries separated by commas",
    docs: "## What\n`LIVEKIT_KEYS` whose entries are not `key: secret`: a missing space after `:`, no `:` at all, an empty key or secret, or an empty value.\n\n## Why\nThe LiveKit server reads `LIVEKIT_KEYS` as YAML `key: secret` pairs. Without the space after the colon YAML sees one plain string, no key is defined, and the server stops with `one of key-file or keys must be provided`.\n\n## Example\n```\nLIVEKIT_KEYS=\"devkey:secret\"\n```\n\n## Fix\nSafe: inserts the missing space after the colon.",
    severity: Severity::High,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::Always,
    dotenv_linter: None,
    run,
};

const SERVER_ERROR: &str =
    "the LiveKit server finds no key and stops with `one of key-file or keys must be provided`";

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in ctx.entries() {
        let (_, e) = entry;
        let key = ctx.s(&e.key);
        if !key.eq_ignore_ascii_case("LIVEKIT_KEYS") || e.delimiter.is_none() {
            continue;
        }
        let value = ctx.file.value(entry);
        let inner = EnvFile::value_inner_range(e);
        let raw = ctx.s(&inner);
        if value.trim().is_empty() {
            let mut d = ctx.diag(&CHECK, e.key.clone(), "`LIVEKIT_KEYS` is empty");
            d.help = Some(format!(
                "write `LIVEKIT_KEYS=\"APIkey: secret\"`; otherwise {SERVER_ERROR}"
            ));
            out.push(d);
            continue;
        }
        let mut offset = 0;
        for part in raw.split([',', '\n']) {
            let part_start = inner.start + offset;
            offset += part.len() + 1;
            let trimmed = part.trim();
            if trimmed.is_empty() {
                continue;
            }
            let lead = part.len() - part.trim_start().len();
            let Some((name, secret)) = trimmed.split_once(':') else {
                let mut d = ctx.diag(
                    &CHECK,
                    part_start + lead..part_start + lead + trimmed.len(),
                    format!(
                        "`LIVEKIT_KEYS` entry `{}` has no `:` between key and secret",
                        mask(trimmed)
                    ),
                );
                d.help = Some(format!(
                    "write `key: secret` (a space after the colon); otherwise {SERVER_ERROR}"
                ));
                out.push(d);
                continue;
            };
            let name = name.trim();
            if name.is_empty() || secret.trim().is_empty() {
                let mut d = ctx.diag(
                    &CHECK,
                    part_start + lead..part_start + lead + trimmed.len(),
                    "`LIVEKIT_KEYS` entry with an empty key or secret",
                );
                d.help = Some(format!("write `key: secret`; otherwise {SERVER_ERROR}"));
                out.push(d);
                continue;
            }
            if !secret.starts_with([' ', '\t']) {
                let colon = part_start + lead + trimmed.find(':').unwrap_or(0);
                let mut d = ctx.diag(
                    &CHECK,
                    colon..colon + 1,
                    format!(
                        "`LIVEKIT_KEYS` entry `{name}:{}` needs a space after the colon",
                        mask(secret)
                    ),
                );
                d.help = Some(format!(
                    "write `{name}: <secret>`; LiveKit parses it as YAML and without the space {SERVER_ERROR}"
                ));
                if raw == value {
                    d.fix = Some(Fix::safe(
                        "insert a space after the colon",
                        vec![Edit::insert(colon + 1, " ")],
                    ));
                }
                out.push(d);
            }
        }
    }
}
