use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;

pub const CHECK: Check = Check {
    code: "missing-final-newline",
    summary: "the last line has no line ending",
    docs: "## What\nA file whose last line does not end with a newline.\n\n## Why\n`echo KEY=v >> .env` then glues the new key to the last value (`B=2KEY=v`), and some shells' `read` loops skip the last line.\n\n## Example\n```\nA=1⏎B=2<end of file>\n```\n\n## Fix\nSafe: appends the file's own line ending (`\\n` or `\\r\\n`).",
    severity: Severity::Low,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("EndingBlankLine"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(last) = ctx.file.lines.last() else {
        return;
    };
    if !last.eol.is_empty() || last.range.is_empty() {
        return;
    }
    let end = last.range.end;
    let mut d = ctx.diag(&CHECK, end..end, "no newline at the end of the file");
    d.help =
        Some("appending with `echo KEY=v >> .env` would glue the new key to this value".into());
    d.fix = Some(Fix::safe(
        "add a final newline",
        vec![Edit::insert(end, ctx.file.dominant_eol())],
    ));
    out.push(d);
}
