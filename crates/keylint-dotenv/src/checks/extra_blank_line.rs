use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::LineKind;

pub const CHECK: Check = Check {
    code: "extra-blank-line",
    summary: "two blank lines in a row, or blank lines at the end",
    docs: "## What\nA blank line that follows another blank line.\n\n## Why\nNoise in diffs and reviews; one blank line separates groups.\n\n## Example\n```\nA=1\n\n\nB=2\n```\n\n## Fix\nSafe: removes the extra line.",
    severity: Severity::Info,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    dotenv_linter: Some("ExtraBlankLine"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let lines = &ctx.file.lines;
    for (i, line) in lines.iter().enumerate().skip(1) {
        let blank = |l: &crate::parser::Line| matches!(l.kind, LineKind::Blank { .. });
        if !(blank(line) && blank(&lines[i - 1])) || line.eol.is_empty() {
            continue;
        }
        let mut d = ctx.diag(
            &CHECK,
            line.range.start..line.range.start,
            "extra blank line",
        );
        d.fix = Some(Fix::safe(
            "remove the blank line",
            vec![Edit::delete(line.range.clone())],
        ));
        out.push(d);
    }
}
