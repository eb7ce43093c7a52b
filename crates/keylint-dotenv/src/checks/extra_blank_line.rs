use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::LineKind;

pub const CHECK: Check = Check {
    code: "extra-blank-line",
    summary: "two blank lines in a row, or a blank line at the end of the file",
    docs: "## What\nA blank line that follows another blank line, or a blank line at the end of the file (after the last line ending).\n\n## Why\nNoise in diffs and reviews; one blank line separates groups.\n\n## Example\n```\nA=1\n\n\nB=2\n```\n\n## Fix\nSafe: removes the extra line.",
    severity: Severity::Info,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("ExtraBlankLine"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let lines = &ctx.file.lines;
    let blank = |l: &crate::parser::Line| matches!(l.kind, LineKind::Blank { .. });
    // Blank lines from here to the end of the file are trailing ones.
    let trailing_from = lines.len() - lines.iter().rev().take_while(|l| blank(l)).count();
    for (i, line) in lines.iter().enumerate() {
        let after_blank = i > 0 && blank(&lines[i - 1]) && !line.eol.is_empty();
        let at_end = i >= trailing_from && i > 0;
        if !blank(line) || !(after_blank || at_end) {
            continue;
        }
        let message = if at_end {
            "blank line at the end of the file"
        } else {
            "extra blank line"
        };
        let mut d = ctx.diag(&CHECK, line.range.start..line.range.start, message);
        // A last line without a line ending: removing it leaves the ending of the line above.
        d.fix = Some(Fix::safe(
            "remove the blank line",
            vec![Edit::delete(line.range.clone())],
        ));
        out.push(d);
    }
}
