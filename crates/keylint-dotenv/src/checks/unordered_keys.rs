use keylint_core::{Diagnostic, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::LineKind;

pub const CHECK: Check = Check {
    code: "unordered-keys",
    summary: "keys not in alphabetical order within a group (off by default)",
    docs: "## What\nA key that sorts before the key above it, within a group of lines not separated by a blank line or comment. A key whose value reads a key above it (`FOO=${KEY}` below `KEY=v`) is not reported: python-dotenv and docker compose resolve `${KEY}` from the lines above, so sorting would leave it empty.\n\n## Why\nSorted keys make duplicates and drift between `.env` and `.env.example` easy to see. Off by default: many teams group keys by service instead.\n\n## Example\n```\nB=2\nA=1\n```\n\n## Fix\nNone: moving lines would move the comments that describe them.",
    severity: Severity::Info,
    default_enabled: false,
    fix: None,
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("UnorderedKey"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // Keys of the current group, in order.
    let mut group: Vec<&str> = Vec::new();
    for line in &ctx.file.lines {
        let LineKind::Entry(e) = &line.kind else {
            group.clear();
            continue;
        };
        let key = ctx.s(&e.key);
        if let Some(&prev) = group.last() {
            // Moving `key` above a key its value reads (`FOO=${KEY}` below `KEY=v`) would
            // leave the reference empty: the order is then required, not a style choice.
            let value = ctx.s(&e.value);
            let reads_above = crate::loader::references(value)
                .iter()
                .any(|(_, name, _)| group.contains(name));
            if !reads_above && key.to_ascii_uppercase() < prev.to_ascii_uppercase() {
                let d = ctx.diag(
                    &CHECK,
                    e.key.clone(),
                    format!("`{key}` should go before `{prev}`"),
                );
                out.push(d);
            }
        }
        group.push(key);
    }
}
