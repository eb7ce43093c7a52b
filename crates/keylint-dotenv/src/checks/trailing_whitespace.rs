use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::LineKind;

pub const CHECK: Check = Check {
    code: "trailing-whitespace",
    summary: "spaces or tabs at the end of a line",
    docs: "## What\nWhitespace before the line ending.\n\n## Why\nSome loaders (Docker `--env-file`, older dotenv ports) keep it in the value: a key copied with a trailing space fails authentication.\n\n## Example\n```\nGROQ_API_KEY=gsk_…␠␠\n```\n\n## Fix\nSafe: removes it.",
    severity: Severity::Low,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::Never,
    dotenv_linter: Some("TrailingWhitespace"),
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for line in &ctx.file.lines {
        let content_end = line.eol.start;
        let text = ctx.s(&(line.range.start..content_end));
        let trimmed = text.trim_end_matches([' ', '\t']);
        if trimmed.len() == text.len() {
            continue;
        }
        // A blank line made of spaces: trailing whitespace too.
        let start = line.range.start + trimmed.len();
        if let LineKind::Entry(e) = &line.kind {
            if e.value.is_empty()
                && e.delimiter.is_some()
                && start < e.after_eq.end
                && !e.after_eq.is_empty()
            {
                // `KEY= ` is reported by spaces-around-equals.
                continue;
            }
        }
        let mut d = ctx.diag(&CHECK, start..content_end, "trailing whitespace");
        d.help = Some("some loaders keep it in the value".into());
        d.fix = Some(Fix::safe(
            "remove trailing whitespace",
            vec![Edit::delete(start..content_end)],
        ));
        out.push(d);
    }
}
