//! Text from a scanned repository made safe to show on a terminal or in a CI log: control
//! characters (escape sequences that write the clipboard, hide text, move the cursor),
//! bidirectional overrides and invisible format characters (a zero-width space pasted into a
//! key) are shown escaped (`\u{1b}`, `\u{200b}`), never sent raw.
//!
//! ```
//! use keylint_core::display::escape;
//! assert_eq!(escape("a\u{1b}]52;c;eA==\u{7}b.env"), "a\\u{1b}]52;c;eA==\\u{7}b.env");
//! assert_eq!(escape("src/app.ts"), "src/app.ts");
//! ```

use std::borrow::Cow;
use std::ops::Range;

/// Whether `c` must not reach a terminal raw: a control character other than tab and line
/// feed, a bidirectional embedding, override or isolate (text shown in another order than it
/// is read), or an invisible format character (zero-width spaces and joiners, directional
/// marks, word joiner and invisible operators, a byte order mark, a soft hyphen, tag
/// characters): the terminal shows nothing, so the reader could not see what is diagnosed.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0001}'
                | '\u{e0020}'..='\u{e007f}'
        )
}

/// Appends `c` as the visible escape every output uses for an [unsafe](is_unsafe) character:
/// `\u{200b}`.
pub fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// `text` (a message, lines of help, a diff) with every [unsafe](is_unsafe) character written
/// as `\u{…}` (a `\r` that ends a line with `\n` is kept); borrowed when there is none (the
/// common case).
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_with_span(text, &(0..0)).0
}

/// [`escape`] for text that must stay on one line (a path, a snippet): line feeds are escaped
/// too.
pub fn escape_line(text: &str) -> Cow<'_, str> {
    if text.contains('\n') {
        Cow::Owned(escape(&text.replace('\n', "\\u{a}")).into_owned())
    } else {
        escape(text)
    }
}

/// [`escape`], and the byte range `span` of `text` mapped into the result.
pub fn escape_with_span<'a>(text: &'a str, span: &Range<usize>) -> (Cow<'a, str>, Range<usize>) {
    if !text.chars().any(is_unsafe) {
        return (Cow::Borrowed(text), span.clone());
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut start, mut end) = (None, None);
    for (i, c) in text.char_indices() {
        if i >= span.start && start.is_none() {
            start = Some(out.len());
        }
        if i >= span.end && end.is_none() {
            end = Some(out.len());
        }
        // A CRLF line ending stays one.
        if is_unsafe(c) && !(c == '\r' && text[i + 1..].starts_with('\n')) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    let s = start.unwrap_or(out.len());
    let e = end.unwrap_or(out.len()).max(s);
    (Cow::Owned(out), s..e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_maps() {
        let text = "k=\u{1b}[8mhidden\u{1b}[0m x";
        let x = text.find('x').unwrap();
        let (out, span) = escape_with_span(text, &(x..x + 1));
        assert_eq!(out, "k=\\u{1b}[8mhidden\\u{1b}[0m x");
        assert_eq!(&out[span], "x");
        assert_eq!(escape("a\tb\u{202e}c"), "a\tb\\u{202e}c");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(escape("two\nlines"), "two\nlines");
        assert_eq!(escape("crlf\r\nend\r"), "crlf\r\nend\\u{d}");
        assert_eq!(escape_line("a\nb\u{7}"), "a\\u{a}b\\u{7}");
        // Invisible format characters are shown; visible non-ASCII text is not touched.
        assert_eq!(escape("sk-p…Q34\u{200b}"), "sk-p…Q34\\u{200b}");
        assert_eq!(
            escape("\u{feff}K\u{ad}\u{2060}"),
            "\\u{feff}K\\u{ad}\\u{2060}"
        );
        assert!(matches!(escape("clé … ✓ naïve"), Cow::Borrowed(_)));
    }
}
