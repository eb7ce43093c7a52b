use keylint_core::{Diagnostic, Severity};

use super::Check;
use crate::{Ctx, provider};
use keylint_scan::placeholder::{is_placeholder, is_reference};

pub const CHECK: Check = Check {
    code: "env-file-committed",
    summary: "an env file with real values that git tracks, or that `.gitignore` does not ignore",
    docs: "## What\nA `.env`, `.env.local`, `.env.production` … holding at least one real-looking secret, that is tracked by git (`git ls-files`) or not ignored (`git check-ignore`). Templates (`.env.example`, `.env.sample` …) are expected to be tracked and are not reported.\n\n## Why\nOnce committed, the secrets are in every clone and in the history, even after the file is deleted.\n\n## Example\n```\n$ git ls-files\n.env\n```\n\n## Fix\nNone automatic: `git rm --cached .env`, add `.env` to `.gitignore`, commit a `.env.example` with placeholders, and rotate the keys that were pushed.",
    severity: Severity::High,
    default_enabled: true,
    fix: None,
    changes_value: super::ValueChange::Never,
    dotenv_linter: None,
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(git) = ctx.file_ctx.git else { return };
    if ctx.file_ctx.is_example() || (git.ignored && !git.tracked) {
        return;
    }
    let real = ctx.entries().find(|entry| {
        let key = ctx.file.key(*entry);
        let value = ctx.file.value(*entry);
        let v = value.trim();
        !v.is_empty()
            && !is_reference(v)
            && !is_placeholder(v)
            && ((ctx.settings.is_secret_key(key) && keylint_scan::randomness::looks_like_key(v))
                || !provider::recognise(key, v).is_empty())
    });
    let Some((_, e)) = real else { return };
    let name = ctx.file_ctx.file_name().to_owned();
    let key = ctx.s(&e.key);
    let mut d = if git.tracked {
        ctx.diag(
            &CHECK,
            e.key.clone(),
            format!("`{name}` is tracked by git and holds secrets (`{key}` …)"),
        )
    } else {
        let mut d = ctx.diag(
            &CHECK,
            e.key.clone(),
            format!("`{name}` holds secrets (`{key}` …) and is not ignored by .gitignore"),
        );
        d.severity = Severity::Medium;
        d
    };
    d.help = Some(if git.tracked {
        format!(
            "`git rm --cached {name}`, add it to .gitignore, commit a `.env.example` with placeholders, and rotate the keys that were pushed"
        )
    } else {
        format!("add `{name}` to .gitignore before the next `git add .`")
    });
    out.push(d);
}
