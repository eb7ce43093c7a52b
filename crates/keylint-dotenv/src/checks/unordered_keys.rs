use keylint_core::{Diagnostic, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::LineKind;

pub const CHECK: Check = Check {
    code: "unordered-keys",
    summary: "keys not in alphabetical order within a group (off by default)",
    docs: "## What\nA key that sorts before the key above it, within a group of lines not separated by a blank line or comment.\n\n## Why\nSorted keys make duplicates and drift between `.env` and `.env.example` easy to see. Off by default: many teams group keys by service instead.\n\n## Example\n```\nB=2\nA=1\n```\n\n## Fix\nNone: moving lines would move the comments that describe them.",
    severity: Severity::Info,
    default_enabled: false,
    fix: None,
    dotenv_linter: Some("UnorderedKey"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut previous: Option<&str> = None;
    for line in &ctx.file.lines {
        match &line.kind {
            LineKind::Entry(e) => {
                let key = ctx.s(&e.key);
                if let Some(prev) = previous {
                    if key.to_ascii_uppercase() < prev.to_ascii_uppercase() {
                        let d = ctx.diag(
                            &CHECK,
                            e.key.clone(),
                            format!("`{key}` should go before `{prev}`"),
                        );
                        out.push(d);
                    }
                }
                previous = Some(key);
            }
            _ => previous = None,
        }
    }
}
