use keylint_core::{Diagnostic, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::{LineKind, SyntaxError};

pub const CHECK: Check = Check {
    code: "syntax-error",
    summary: "a line that is not `KEY=value`: unterminated quote, missing `=`, invalid UTF-8",
    docs: "## What\nA line no loader can read: a quote that never closes, text after a closing quote (`A=\"x\"junk`), text after a key without `=`, bytes that are not UTF-8.\n\n## Why\nLoaders disagree on such lines: some stop reading the file, some swallow the following lines into a value, some skip it silently. The variables after it may be missing at run time.\n\n## Example\n```\nAPI_URL=\"https://api.example.com\nPORT=8080\n```\n\n## Fix\nNone: the intended value cannot be guessed.",
    severity: Severity::High,
    default_enabled: true,
    fix: None,
    changes_value: super::ValueChange::Never,
    dotenv_linter: None,
    run,
};

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(line) = ctx.utf8_error {
        let start = ctx
            .file
            .lines
            .iter()
            .find(|l| l.number == line)
            .map_or(0, |l| l.range.start);
        let mut d = ctx.diag(&CHECK, start..start, "invalid UTF-8 on this line");
        d.help = Some("save the file as UTF-8; keylint will not rewrite it until then".into());
        out.push(d);
    }
    for line in &ctx.file.lines {
        let LineKind::Invalid { text, error } = &line.kind else {
            continue;
        };
        if *error == SyntaxError::MissingEquals
            && super::incorrect_delimiter::spaced_key(ctx.s(text)).is_some()
        {
            // `FOO BAR=x`: incorrect-delimiter says what is wrong with the key.
            continue;
        }
        let (message, help) = match error {
            SyntaxError::UnterminatedQuote(q) => (
                format!("the quote `{q}` is never closed"),
                format!(
                    "close it on the same line (`KEY={q}value{q}`); loaders that accept multi-line values would swallow the rest of the file into this one"
                ),
            ),
            SyntaxError::TextAfterQuote => (
                "text after the closing quote".to_owned(),
                "move it inside the quotes or after a ` #` comment; python-dotenv skips the whole line, other loaders glue the text to the value".to_owned(),
            ),
            SyntaxError::MissingEquals => (
                "no `=` between the key and the value".to_owned(),
                "write `KEY=value`; quote values that contain spaces".to_owned(),
            ),
        };
        let mut d = ctx.diag(&CHECK, text.start..text.start + 1, message);
        d.help = Some(help);
        out.push(d);
    }
}
