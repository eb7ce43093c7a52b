use keylint_core::{Diagnostic, Severity, mask};

use super::Check;
use crate::Ctx;
use crate::provider::{self, Provider, Shape};
use keylint_scan::devcred::dev_default;
use keylint_scan::placeholder::{is_placeholder, is_reference};

pub const CHECK: Check = Check {
    code: "provider-format",
    summary: "a provider's key that does not fit the provider's format",
    docs: "## What\nThe value of a known variable (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GOOGLE_API_KEY`/`GEMINI_API_KEY`, `GROQ_API_KEY`, `DEEPSEEK_API_KEY`, `LIVEKIT_API_KEY`/`LIVEKIT_API_SECRET`, AWS, GitHub, Stripe, Slack …) that the rule catalog's pattern for that provider does not match: wrong or mistyped prefix (`sk-prj-` for `sk-proj-`), wrong length, a key cut short after its fixed marker (`T3BlbkFJ`), a character outside the alphabet, or a key of another provider (an Anthropic key in `OPENAI_API_KEY`). A provider's documented development key (`LIVEKIT_API_KEY=devkey`, what `livekit-server --dev` accepts) is reported at `low`: fine on your machine, never in production. Also `LIVEKIT_URL` without `ws(s)://`/`http(s)://` and an `ENCRYPTION_KEY` that is not 64 hex characters.\n\n## Why\nThe program starts and the first call fails: OpenAI answers `invalid_api_key`, Google `API_KEY_INVALID`. The formats come from the rule catalog (`keylint rules`), the same ones the scanner uses.\n\n## Example\n```\nOPENAI_API_KEY=sk-ant-api03-…\nGOOGLE_API_KEY=AIzaSy12345\nLIVEKIT_URL=my-project.livekit.cloud\n```\n\n## Fix\nNone: the right value must come from the provider's console.",
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
        // Invisible and look-alike characters are the invisible-character check's: judge the
        // key as its fix leaves it (a pasted U+200B is not also "extra characters").
        let value = super::without_invisible(&ctx.file.value(entry)).into_owned();
        if value.is_empty() || is_reference(&value) || is_placeholder(&value) {
            continue;
        }
        let upper = key.to_ascii_uppercase();
        if upper.ends_with("LIVEKIT_URL")
            || upper.ends_with("LIVEKIT_HOST")
            || upper.ends_with("LIVEKIT_WS_URL")
        {
            if !["ws://", "wss://", "http://", "https://"]
                .iter()
                .any(|s| value.starts_with(s))
            {
                let mut d = ctx.diag(
                    &CHECK,
                    e.value.clone(),
                    format!("`{key}` has no `wss://`, `ws://`, `https://` or `http://` scheme"),
                );
                d.help = Some("write the full URL, e.g. `wss://<project>.livekit.cloud` or `ws://localhost:7880`; the SDKs cannot connect without a scheme".into());
                out.push(d);
            }
            continue;
        }
        if upper == "ENCRYPTION_KEY" || upper.ends_with("_ENCRYPTION_KEY") {
            let n = value.chars().count();
            if n != 64 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
                let mut d = ctx.diag(
                    &CHECK,
                    e.value.clone(),
                    format!(
                        "`{key}` is not 64 hexadecimal characters ({n} characters{})",
                        if value.bytes().all(|b| b.is_ascii_hexdigit()) {
                            ""
                        } else {
                            ", not all hex"
                        }
                    ),
                );
                d.severity = Severity::Medium;
                d.help = Some("an AES-256 key is 32 bytes written as 64 hex characters: `openssl rand -hex 32`. Changing it makes data encrypted with the old key unreadable: migrate first".into());
                out.push(d);
            }
            continue;
        }
        let Some(p) = provider::provider_for(key) else {
            continue;
        };
        if p.rules.iter().any(|r| provider::fits(r, key, &value)) {
            continue;
        }
        if let Some(dev) = dev_default(p.name, &value) {
            let mut d = ctx.diag(
                &CHECK,
                e.value.clone(),
                format!(
                    "`{key}` is {}'s development key (`{}`): fine on your machine, never in production",
                    dev.provider, dev.source
                ),
            );
            d.severity = Severity::Low;
            d.help = Some(format!(
                "everybody knows it, so a server that accepts it accepts anyone: in production use a key pair of your own from the {} console, loaded from the environment",
                dev.provider
            ));
            out.push(d);
            continue;
        }
        let masked = mask(&value);
        // A key of another provider?
        let others: Vec<(String, String)> = provider::recognise(key, &value)
            .into_iter()
            .filter(|(id, _)| !p.rules.contains(&id.as_str()))
            .collect();
        if let Some((_, name)) = others.first() {
            let mut d = ctx.diag(
                &CHECK,
                e.value.clone(),
                format!(
                    "`{key}` holds {} {name} (`{masked}`), not {} {} key",
                    provider::article(name),
                    provider::article(p.name),
                    p.name
                ),
            );
            d.help = Some(format!(
                "the keys were swapped or pasted in the wrong place; {}",
                p.rejects
            ));
            out.push(d);
            continue;
        }
        let Some((message, hint)) = explain(p, key, &value, ctx.settings.min_secret_length) else {
            continue;
        };
        let mut d = ctx.diag(&CHECK, e.value.clone(), message);
        d.help = Some(format!("{hint}; {}", p.rejects));
        out.push(d);
    }
}

/// Why `value` does not fit any of `p`'s rules, using the shapes read from the catalog.
/// `None` when the only problem is a short prefix-less secret: secret-too-short reports it.
fn explain(p: &Provider, key: &str, value: &str, min_secret: usize) -> Option<(String, String)> {
    let shapes: Vec<Shape> = p
        .rules
        .iter()
        .filter_map(|r| provider::shape_of(r))
        .collect();
    let n = value.chars().count();
    let masked = mask(value);
    let a_name = format!("{} {}", provider::article(p.name), p.name);
    let mut prefixes: Vec<&str> = shapes
        .iter()
        .flat_map(|s| s.prefixes.iter().map(String::as_str))
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    let matching: Vec<&Shape> = shapes
        .iter()
        .filter(|s| {
            s.prefixes.is_empty() || s.prefixes.iter().any(|pre| value.starts_with(pre.as_str()))
        })
        .collect();
    if let Some(found) = copy_damage(p, key, &masked, value, &prefixes, &matching) {
        return Some(found);
    }
    if matching.is_empty() && !prefixes.is_empty() {
        let list = prefixes
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Some((
            format!("`{key}` (`{masked}`) does not start like {a_name} key: expected {list}"),
            format!("copy the key again from the {} console", p.name),
        ));
    }
    let min = matching.iter().map(|s| s.min).min().unwrap_or(0);
    let max = matching
        .iter()
        .map(|s| s.max)
        .try_fold(0usize, |acc, m| m.map(|m| acc.max(m)));
    if n < min && matching.iter().all(|s| s.prefixes.is_empty()) && n < min_secret {
        return None;
    }
    if n < min {
        return Some((
            format!(
                "`{key}` (`{masked}`) is {n} characters long; {a_name} key has at least {min}: it looks truncated",
            ),
            "copy the whole key (the console shows it once; create a new one if it is lost)"
                .to_owned(),
        ));
    }
    if let Some(max) = max {
        if n > max {
            return Some((
                format!(
                    "`{key}` (`{masked}`) is {n} characters long; {a_name} key has at most {max}: extra characters were pasted",
                ),
                "remove what follows the key (spaces, quotes, a second copy)".to_owned(),
            ));
        }
    }
    for s in &matching {
        let Some(class) = &s.alphabet else { continue };
        let prefix_len = s
            .prefixes
            .iter()
            .find(|pre| value.starts_with(pre.as_str()))
            .map_or(0, String::len);
        if let Some((i, c)) = value[prefix_len..]
            .char_indices()
            .find(|(_, c)| !provider::class_contains(class, *c))
        {
            let pos = value[..prefix_len + i].chars().count() + 1;
            let shown = if c.is_ascii_alphanumeric() {
                "a character".to_owned()
            } else {
                format!("{c:?}")
            };
            return Some((
                format!(
                    "`{key}` (`{masked}`) has {shown} at position {pos} that {a_name} key never contains",
                ),
                format!("{a_name} key uses only `[{class}]`; copy it again"),
            ));
        }
    }
    Some((
        format!(
            "`{key}` (`{masked}`) does not match the {} key format",
            p.name
        ),
        format!("`keylint explain {}` shows the expected format", p.rules[0]),
    ))
}

/// A key damaged in the copy: a mistyped prefix (`sk-prj-` for `sk-proj-`), checked before the
/// lengths (the shorter prefix `sk-` would otherwise match and blame the length), or a key cut
/// short after its fixed marker. `matching`: the shapes whose prefix `value` starts with.
fn copy_damage(
    p: &Provider,
    key: &str,
    masked: &str,
    value: &str,
    prefixes: &[&str],
    matching: &[&Shape],
) -> Option<(String, String)> {
    if let Some(want) = near_miss_prefix(prefixes, value) {
        return Some((
            format!(
                "`{key}` (`{masked}`) does not start like {} {} key: the prefix should be `{want}`",
                provider::article(p.name),
                p.name
            ),
            format!(
                "the start was mistyped or damaged in the copy: copy the key again from the {} console",
                p.name
            ),
        ));
    }
    let (marker, after, tail) = matching.iter().find_map(|s| cut_after_marker(s, value))?;
    Some((
        format!(
            "`{key}` (`{masked}`) ends {}`{marker}`; {} {} key has at least {after} characters after it: the key looks truncated",
            if tail == 0 {
                "right after ".to_owned()
            } else {
                format!("{tail} characters after ")
            },
            provider::article(p.name),
            p.name
        ),
        format!(
            "copy it again from the {} console (it shows the key once; create a new one if it is lost)",
            p.name
        ),
    ))
}

/// The provider's prefix that `value` was meant to start with: one it does not start with, longer
/// than any prefix it does start with, and at most two edits (one for a prefix shorter than 6
/// characters, none below 4) from `value`'s start. The closest one wins, the longest on a tie.
fn near_miss_prefix<'a>(prefixes: &[&'a str], value: &str) -> Option<&'a str> {
    let started = prefixes
        .iter()
        .filter(|pre| value.starts_with(**pre))
        .map(|pre| pre.len())
        .max()
        .unwrap_or(0);
    let chars: Vec<(usize, char)> = value.char_indices().collect();
    // A value no longer than the prefix is a key cut short, not a wrong prefix.
    prefixes
        .iter()
        .filter(|pre| pre.len() > started)
        .filter_map(|pre| {
            let n = pre.chars().count();
            if chars.len() <= n {
                return None;
            }
            let allowed = match n {
                0..=3 => return None,
                4 | 5 => 1,
                _ => 2,
            };
            // The start of `value` as long as the prefix, give or take the edits allowed.
            let distance = (n.saturating_sub(allowed)..=n + allowed)
                .filter_map(|len| {
                    let end = match chars.get(len) {
                        Some((i, _)) => *i,
                        None if len == chars.len() => value.len(),
                        None => return None,
                    };
                    Some(keylint_core::loaded::edit_distance(&value[..end], pre))
                })
                .min()?;
            (distance <= allowed).then_some((distance, std::cmp::Reverse(n), *pre))
        })
        .min()
        .map(|(_, _, pre)| pre)
}

/// The shape's fixed marker, the length that must follow it and the length that does, when
/// `value` (which starts with one of the shape's prefixes) ends too soon after the marker: a
/// key cut short in the copy.
fn cut_after_marker<'s>(shape: &'s Shape, value: &str) -> Option<(&'s str, usize, usize)> {
    let (marker, after) = shape.marker.as_ref()?;
    let at = value.find(marker.as_str())?;
    let tail = value[at + marker.len()..].chars().count();
    (tail < *after).then_some((marker.as_str(), *after, tail))
}
