use keylint_core::{Diagnostic, Severity};

use super::Check;
use crate::Ctx;

pub const CHECK: Check = Check {
    code: "key-prefix",
    summary: "a key without one of the required prefixes (`[env] required-prefixes`)",
    docs: "## What\nWhen `[env] required-prefixes = [\"APP_\", \"LIVEKIT_\"]` (or `[env.prefixes]` per path glob) is set, a key that starts with none of them.\n\n## Why\nA naming policy keeps one service's variables from colliding with another's in a shared environment, and makes a misspelt key (`LIVEKT_API_KEY`) visible.\n\n## Example\n```\n# required-prefixes = [\"APP_\", \"LIVEKIT_\"]\nLIVEKT_API_KEY=API…\n```\n\n## Fix\nNone: renaming changes what the program reads.",
    severity: Severity::Low,
    default_enabled: true,
    fix: None,
    changes_value: super::ValueChange::Never,
    dotenv_linter: None,
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let prefixes = &ctx.file_ctx.required_prefixes;
    if prefixes.is_empty() {
        return;
    }
    for (_, e) in ctx.entries() {
        let key = ctx.s(&e.key);
        if key.is_empty() || prefixes.iter().any(|p| key.starts_with(p.as_str())) {
            continue;
        }
        let list = prefixes
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut d = ctx.diag(
            &CHECK,
            e.key.clone(),
            format!("`{key}` does not start with {list}"),
        );
        d.help =
            Some("rename it (and where it is read), or change `[env] required-prefixes`".into());
        out.push(d);
    }
}
