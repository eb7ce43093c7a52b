use keylint_core::{Diagnostic, Edit, Fix, Severity};

use super::Check;
use crate::Ctx;
use crate::parser::LineKind;

pub const CHECK: Check = Check {
    code: "invisible-character",
    summary: "zero-width characters, non-breaking spaces, smart quotes, stray `\\r`, a BOM inside the file",
    docs: "## What\nCharacters that look like nothing or like ASCII but are not: U+200B…U+200D, U+2060, U+FEFF after the start, U+00AD, non-breaking spaces (U+00A0, U+202F, U+2007), typographic quotes (U+2018/2019/201C/201D), a `\\r` that does not end a line.\n\n## Why\nThey arrive when a key is copied from a web page, a chat or a PDF. The value looks right and the provider answers `invalid_api_key`.\n\n## Example\n```\nOPENAI_API_KEY=sk-proj-…<U+200B>\n```\n\nA BOM at the start of the file is reported too: python-dotenv before 1.2 and shells read it as part of the first key (`\\u{feff}KEY`).\n\n## Fix\nSafe outside keys and values (zero-width, soft hyphen, stray `\\r` in whitespace or a comment; the leading BOM, which python-dotenv 1.2 already drops): removed. Unsafe inside a key or a value, since removing the character changes what a program loads (that is its purpose), and for non-breaking spaces and smart quotes, replaced by their ASCII look-alikes.",
    severity: Severity::High,
    default_enabled: true,
    fix: Some(keylint_core::Applicability::Safe),
    changes_value: super::ValueChange::WhenUnsafe,
    dotenv_linter: None,
    run,
};

/// The name of an invisible or look-alike character, and what it should be replaced by (`None`:
/// removed).
pub(crate) fn describe(c: char) -> Option<(&'static str, Option<&'static str>)> {
    Some(match c {
        '\u{200B}' => ("ZERO WIDTH SPACE", None),
        '\u{200C}' => ("ZERO WIDTH NON-JOINER", None),
        '\u{200D}' => ("ZERO WIDTH JOINER", None),
        '\u{2060}' => ("WORD JOINER", None),
        '\u{FEFF}' => ("BYTE ORDER MARK", None),
        '\u{00AD}' => ("SOFT HYPHEN", None),
        '\u{200E}' => ("LEFT-TO-RIGHT MARK", None),
        '\u{200F}' => ("RIGHT-TO-LEFT MARK", None),
        '\u{00A0}' => ("NO-BREAK SPACE", Some(" ")),
        '\u{202F}' => ("NARROW NO-BREAK SPACE", Some(" ")),
        '\u{2007}' => ("FIGURE SPACE", Some(" ")),
        '\u{2018}' | '\u{2019}' => ("typographic single quote", Some("'")),
        '\u{201C}' | '\u{201D}' => ("typographic double quote", Some("\"")),
        '\r' => ("CARRIAGE RETURN that does not end a line", None),
        _ => return None,
    })
}

/// `value` as the fixes of this check leave it: each invisible character removed, each
/// look-alike replaced.
pub(crate) fn cleaned(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.chars().any(|c| describe(c).is_some()) {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match describe(c) {
            None => out.push(c),
            Some((_, Some(r))) => out.push_str(r),
            Some((_, None)) => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

fn run(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let text = &ctx.file.text;
    if ctx.file.bom {
        let mut d = ctx.diag(
            &CHECK,
            0..0,
            "the file starts with a BYTE ORDER MARK (U+FEFF)",
        );
        d.help = Some("save the file as UTF-8 without BOM; python-dotenv before 1.2 and `source .env` read it as part of the first key".into());
        d.fix = Some(Fix::safe(
            "remove the byte order mark",
            vec![Edit::delete(0..'\u{FEFF}'.len_utf8())],
        ));
        out.push(d);
    }
    let skip_bom = usize::from(ctx.file.bom) * '\u{FEFF}'.len_utf8();
    for line in &ctx.file.lines {
        let content = line.range.start.max(skip_bom)..line.eol.start;
        let (key, key_range, value) = match &line.kind {
            LineKind::Entry(e) => (
                Some(ctx.s(&e.key)),
                Some(e.key.clone()),
                Some(crate::parser::EnvFile::value_inner_range(e)),
            ),
            _ => (None, None, None),
        };
        for (i, c) in text[content.clone()].char_indices() {
            let at = content.start + i;
            if c == '\r' && text.as_bytes().get(at + 1) == Some(&b'\n') {
                continue;
            }
            let Some((name, replacement)) = describe(c) else {
                continue;
            };
            let code = format!("U+{:04X}", c as u32);
            let place = match (&value, key) {
                (Some(v), Some(k)) if v.contains(&at) => {
                    let value_text = &text[v.clone()];
                    let pos = value_text[..at - v.start].chars().count() + 1;
                    let len = value_text.chars().count();
                    format!("in the value of `{k}` (character {pos} of {len})")
                }
                (_, Some(k)) => format!("on the line of `{k}`, outside the value"),
                _ => "on this line".to_owned(),
            };
            let mut d = ctx.diag(
                &CHECK,
                at..at + c.len_utf8(),
                format!("{code} {name} {place}"),
            );
            d.help = Some("it was probably pasted from a web page or a chat; the server compares bytes and rejects the key (OpenAI answers `invalid_api_key`)".into());
            let loaded = value.as_ref().is_some_and(|v| v.contains(&at))
                || key_range.as_ref().is_some_and(|k| k.contains(&at));
            d.fix = Some(match replacement {
                None if loaded => Fix::unsafe_(
                    format!("remove {code} (changes the loaded value)"),
                    vec![Edit::delete(at..at + c.len_utf8())],
                ),
                None => Fix::safe(
                    format!("remove {code}"),
                    vec![Edit::delete(at..at + c.len_utf8())],
                ),
                Some(r) => Fix::unsafe_(
                    format!("replace {code} with `{r}`"),
                    vec![Edit::replace(at..at + c.len_utf8(), r)],
                ),
            });
            out.push(d);
        }
    }
}
