use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;

pub const CHECK: Check = Check {
    code: "spaces-around-equals",
    summary: "spaces before or after `=`",
    docs: "## What\nWhitespace between the key and `=`, or between `=` and the value.\n\n## Why\nShells reject `KEY = value`; Docker `--env-file` keeps the spaces in the name or the value; some loaders keep the leading space in the value, so an API key becomes ` sk-proj-…` and the provider answers `invalid_api_key`.\n\n## Example\n```\nOPENAI_API_KEY = sk-proj-…\n```\n\n## Fix\nSafe: removes the spaces.",
    severity: Severity::Medium,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("SpaceCharacter"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, e) in ctx.entries() {
        let Some(delim) = &e.delimiter else { continue };
        // `KEY: value` has no `=`: incorrect-delimiter reports it (and its fix drops the space).
        if ctx.s(delim) != "=" || (e.before_eq.is_empty() && e.after_eq.is_empty()) {
            continue;
        }
        let range = if e.before_eq.is_empty() {
            e.after_eq.clone()
        } else {
            e.before_eq.start..e.after_eq.end
        };
        let key = ctx.s(&e.key);
        let mut d = ctx.diag(&CHECK, range, format!("spaces around `=` in `{key}`"));
        d.help = Some(format!(
            "write `{key}=value` with nothing around `=`; otherwise the space may end up in the value and the server rejects it (OpenAI answers `invalid_api_key`)"
        ));
        let mut edits = Vec::new();
        if !e.before_eq.is_empty() {
            edits.push(Edit::delete(e.before_eq.clone()));
        }
        if !e.after_eq.is_empty() && e.value.start == e.after_eq.end && !e.value.is_empty() {
            edits.push(Edit::delete(e.after_eq.clone()));
        } else if !e.after_eq.is_empty() && e.value.is_empty() && e.comment.is_none() {
            // `KEY= ` with no value: the space is trailing whitespace; remove it too (not in
            // `KEY= # note`, where it keeps the comment out of the value).
            edits.push(Edit::delete(e.after_eq.clone()));
        }
        if !edits.is_empty() {
            d.fix = Some(Fix::safe("remove the spaces around `=`", edits));
        }
        out.push(d);
    }
}
