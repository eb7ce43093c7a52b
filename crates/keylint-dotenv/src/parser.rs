//! A lossless `.env` parser: every byte of the input belongs to exactly one component of one
//! [`Line`], so [`EnvFile::print`] gives back the input, byte for byte.
//!
//! ```
//! use keylint_dotenv::parser::EnvFile;
//! let text = "\u{feff}# db\r\nexport HOST = \"a b\" # inline\nKEY='multi\nline'\n";
//! let file = EnvFile::parse(text);
//! assert_eq!(file.print(), text);
//! let entry = file.entries().nth(1).unwrap();
//! assert_eq!(file.key(entry), "KEY");
//! assert_eq!(file.value(entry), "multi\nline");
//! ```

use std::ops::Range;

/// The byte-order mark, as text.
pub const BOM: char = '\u{feff}';

/// A parsed file: the text and its lines. Ranges are byte offsets into [`EnvFile::text`].
#[derive(Debug, Clone)]
pub struct EnvFile {
    /// The whole text (BOM included).
    pub text: String,
    /// Whether the text starts with a BOM.
    pub bom: bool,
    /// Logical lines, in order. A multi-line quoted value is one line.
    pub lines: Vec<Line>,
}

/// One logical line and its line ending.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based number of its first physical line.
    pub number: u32,
    /// Number of physical lines it spans (more than one for a multi-line quoted value).
    pub span_lines: u32,
    /// What it holds.
    pub kind: LineKind,
    /// The line ending: `\n`, `\r\n`, or empty on a last line without one.
    pub eol: Range<usize>,
    /// The whole line, ending included.
    pub range: Range<usize>,
}

/// What a line holds.
#[derive(Debug, Clone)]
pub enum LineKind {
    /// Only spaces and tabs (possibly none).
    Blank {
        /// The whitespace.
        ws: Range<usize>,
    },
    /// A `#` comment.
    Comment {
        /// Whitespace before `#`.
        indent: Range<usize>,
        /// From `#` to the line ending.
        text: Range<usize>,
    },
    /// `KEY=value`, possibly with problems the checks report.
    Entry(Entry),
    /// Text that is not an assignment (an unterminated quote, no `=` …).
    Invalid {
        /// The text.
        text: Range<usize>,
        /// Why.
        error: SyntaxError,
    },
}

/// Why a line could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxError {
    /// A quoted value whose closing quote never comes.
    UnterminatedQuote(char),
    /// Text after the key without a `=`.
    MissingEquals,
    /// Text after a closing quote that is not a comment (`A="x"junk`, `C="y" z`): python-dotenv
    /// and dotenv-linter reject the whole line.
    TextAfterQuote,
}

/// Quote style of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// No quotes.
    None,
    /// `'…'`: taken literally but for `\\'` and `\\\\`.
    Single,
    /// `"…"`: escapes and `${VAR}` expanded.
    Double,
    /// `` `…` ``.
    Backtick,
}

impl Quote {
    /// The quote character.
    pub fn char(self) -> Option<char> {
        match self {
            Quote::None => None,
            Quote::Single => Some('\''),
            Quote::Double => Some('"'),
            Quote::Backtick => Some('`'),
        }
    }
}

/// An assignment, split into components.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Whitespace before everything.
    pub indent: Range<usize>,
    /// `export` and the whitespace after it.
    pub export: Option<Range<usize>>,
    /// The key (as written; may be invalid).
    pub key: Range<usize>,
    /// Whitespace between key and delimiter.
    pub before_eq: Range<usize>,
    /// The delimiter: `=` (or `:` written by mistake); `None` for a bare key.
    pub delimiter: Option<Range<usize>>,
    /// Whitespace after the delimiter.
    pub after_eq: Range<usize>,
    /// The value as written, quotes included.
    pub value: Range<usize>,
    /// Quote style.
    pub quote: Quote,
    /// Whitespace and comment after the value.
    pub trailing: Range<usize>,
    /// The comment inside `trailing`, from `#`.
    pub comment: Option<Range<usize>>,
}

impl EnvFile {
    /// Parses `text`. Never fails: what does not parse becomes [`LineKind::Invalid`].
    pub fn parse(text: &str) -> EnvFile {
        let bom = text.starts_with(BOM);
        let mut p = Parser {
            s: text,
            b: text.as_bytes(),
            pos: if bom { BOM.len_utf8() } else { 0 },
            line: 1,
        };
        let mut lines = Vec::new();
        while p.pos < p.b.len() {
            lines.push(p.line());
        }
        EnvFile {
            text: text.to_owned(),
            bom,
            lines,
        }
    }

    /// Rebuilds the text from the components (equal to `text` for any input).
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        if self.bom {
            out.push(BOM);
        }
        let s = |r: &Range<usize>| &self.text[r.clone()];
        for line in &self.lines {
            match &line.kind {
                LineKind::Blank { ws } => out.push_str(s(ws)),
                LineKind::Comment { indent, text } => {
                    out.push_str(s(indent));
                    out.push_str(s(text));
                }
                LineKind::Invalid { text, .. } => out.push_str(s(text)),
                LineKind::Entry(e) => {
                    out.push_str(s(&e.indent));
                    if let Some(x) = &e.export {
                        out.push_str(s(x));
                    }
                    out.push_str(s(&e.key));
                    out.push_str(s(&e.before_eq));
                    if let Some(d) = &e.delimiter {
                        out.push_str(s(d));
                    }
                    out.push_str(s(&e.after_eq));
                    out.push_str(s(&e.value));
                    out.push_str(s(&e.trailing));
                }
            }
            out.push_str(s(&line.eol));
        }
        out
    }

    /// The text of a range.
    pub fn slice(&self, r: &Range<usize>) -> &str {
        &self.text[r.clone()]
    }

    /// Every entry with its line.
    pub fn entries(&self) -> impl Iterator<Item = (&Line, &Entry)> {
        self.lines.iter().filter_map(|l| match &l.kind {
            LineKind::Entry(e) => Some((l, e)),
            _ => None,
        })
    }

    /// The key of an entry.
    pub fn key(&self, (_, e): (&Line, &Entry)) -> &str {
        self.slice(&e.key)
    }

    /// The value of an entry as a program sees it: quotes removed, escapes resolved as
    /// python-dotenv does (`\\'` and `\\\\` in single quotes; `\\n`, `\\t`, `\\"` … in double
    /// quotes), `${VAR}` left as written.
    pub fn value(&self, (_, e): (&Line, &Entry)) -> String {
        value_of(self.slice(&e.value), e.quote)
    }

    /// The value without its quotes, escapes left as written.
    pub fn value_inner(&self, e: &Entry) -> &str {
        let raw = self.slice(&e.value);
        if e.quote == Quote::None || raw.len() < 2 {
            raw
        } else {
            &raw[1..raw.len() - 1]
        }
    }

    /// Byte range of the value without its quotes.
    pub fn value_inner_range(e: &Entry) -> Range<usize> {
        if e.quote == Quote::None || e.value.len() < 2 {
            e.value.clone()
        } else {
            e.value.start + 1..e.value.end - 1
        }
    }

    /// The line ending most used in the file (`\n` when there is none).
    pub fn dominant_eol(&self) -> &str {
        let crlf = self
            .lines
            .iter()
            .filter(|l| self.slice(&l.eol) == "\r\n")
            .count();
        let lf = self
            .lines
            .iter()
            .filter(|l| self.slice(&l.eol) == "\n")
            .count();
        if crlf > lf { "\r\n" } else { "\n" }
    }
}

/// The value a program sees for a raw value with quote style `quote`.
pub fn value_of(raw: &str, quote: Quote) -> String {
    if quote == Quote::None || raw.len() < 2 {
        return raw.to_owned();
    }
    let inner = &raw[1..raw.len() - 1];
    if quote == Quote::Backtick || !inner.contains('\\') {
        return inner.to_owned();
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(other @ ('\\' | '\'')) => out.push(other),
            Some(other) if quote == Quote::Single => {
                out.push('\\');
                out.push(other);
            }
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('"') => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    line: u32,
}

impl Parser<'_> {
    /// End of the physical line starting at `from` (index of `\n` or `\r\n`, or the end).
    fn line_end(&self, from: usize) -> (usize, usize) {
        match memchr::memchr(b'\n', &self.b[from..]) {
            Some(i) => {
                let nl = from + i;
                if nl > from && self.b[nl - 1] == b'\r' {
                    (nl - 1, nl + 1)
                } else {
                    (nl, nl + 1)
                }
            }
            None => (self.b.len(), self.b.len()),
        }
    }

    fn ws(&self, from: usize, to: usize) -> usize {
        let mut i = from;
        while i < to && (self.b[i] == b' ' || self.b[i] == b'\t') {
            i += 1;
        }
        i
    }

    fn finish(&mut self, start: usize, kind: LineKind, eol: Range<usize>, lines: u32) -> Line {
        let line = Line {
            number: self.line,
            span_lines: lines,
            kind,
            range: start..eol.end,
            eol: eol.clone(),
        };
        self.line += lines;
        self.pos = eol.end;
        line
    }

    #[allow(clippy::too_many_lines)] // one pass over the grammar of a line reads best in one place
    fn line(&mut self) -> Line {
        let start = self.pos;
        let (end, next) = self.line_end(start);
        let eol = end..next;
        let indent_end = self.ws(start, end);
        if indent_end == end {
            return self.finish(start, LineKind::Blank { ws: start..end }, eol, 1);
        }
        if self.b[indent_end] == b'#' {
            let kind = LineKind::Comment {
                indent: start..indent_end,
                text: indent_end..end,
            };
            return self.finish(start, kind, eol, 1);
        }
        let mut at = indent_end;
        let mut export = None;
        if self.s[at..end].starts_with("export") {
            let after = at + "export".len();
            let ws_end = self.ws(after, end);
            if ws_end > after && ws_end < end && self.b[ws_end] != b'=' {
                export = Some(at..ws_end);
                at = ws_end;
            }
        }
        let key_start = at;
        while at < end && !matches!(self.b[at], b'=' | b' ' | b'\t') {
            at += 1;
        }
        let mut key = key_start..at;
        let mut before_end = self.ws(at, end);
        let mut delimiter = None;
        if before_end < end && self.b[before_end] == b'=' {
            delimiter = Some(before_end..before_end + 1);
        } else if key.len() > 1 && self.b[key.end - 1] == b':' && !self.s[key.clone()].contains('=')
        {
            // `KEY: value`, YAML habits: keep `:` as the (incorrect) delimiter.
            delimiter = Some(key.end - 1..key.end);
            key.end -= 1;
            before_end = key.end;
        } else if before_end < end {
            let kind = LineKind::Invalid {
                text: start..end,
                error: SyntaxError::MissingEquals,
            };
            return self.finish(start, kind, eol, 1);
        }
        let before_eq = key.end..before_end;
        let Some(delim) = delimiter.clone() else {
            let entry = Entry {
                indent: start..indent_end,
                export,
                key,
                before_eq,
                delimiter: None,
                after_eq: end..end,
                value: end..end,
                quote: Quote::None,
                trailing: end..end,
                comment: None,
            };
            return self.finish(start, LineKind::Entry(entry), eol, 1);
        };
        let value_start = self.ws(delim.end, end);
        let after_eq = delim.end..value_start;
        let quote = match self.b.get(value_start) {
            Some(b'"') if value_start < end => Quote::Double,
            Some(b'\'') if value_start < end => Quote::Single,
            Some(b'`') if value_start < end => Quote::Backtick,
            _ => Quote::None,
        };
        let entry = |value: Range<usize>, trailing: Range<usize>, comment| Entry {
            indent: start..indent_end,
            export: export.clone(),
            key: key.clone(),
            before_eq: before_eq.clone(),
            delimiter: delimiter.clone(),
            after_eq: after_eq.clone(),
            value,
            quote,
            trailing,
            comment,
        };
        if let Some(q) = quote.char() {
            let Some(close) = self.closing_quote(value_start + 1, q as u8) else {
                let kind = LineKind::Invalid {
                    text: start..end,
                    error: SyntaxError::UnterminatedQuote(q),
                };
                return self.finish(start, kind, eol, 1);
            };
            let spanned =
                1 + memchr::memchr_iter(b'\n', &self.b[value_start..close]).count() as u32;
            let (end, next) = self.line_end(close);
            let value = value_start..close + 1;
            let after = self.ws(close + 1, end);
            if after < end && self.b[after] != b'#' {
                let kind = LineKind::Invalid {
                    text: start..end,
                    error: SyntaxError::TextAfterQuote,
                };
                return self.finish(start, kind, end..next, spanned);
            }
            let (trailing, comment) = self.trailing(close + 1, end);
            let kind = LineKind::Entry(entry(value, trailing, comment));
            return self.finish(start, kind, end..next, spanned);
        }
        let value_end = self.unquoted_value_end(value_start, end, !after_eq.is_empty());
        let (trailing, comment) = self.trailing(value_end, end);
        let kind = LineKind::Entry(entry(value_start..value_end, trailing, comment));
        self.finish(start, kind, eol, 1)
    }

    /// Where an unquoted value that starts at `value_start` ends: at ` #` or the line's end,
    /// trailing whitespace excluded. After whitespace (`spaced`), `KEY= # note` is an empty value
    /// and a comment (python-dotenv 1.2, Node's dotenv).
    fn unquoted_value_end(&self, value_start: usize, end: usize, spaced: bool) -> usize {
        let mut value_end = end;
        let mut i = value_start;
        if spaced && self.b.get(value_start) == Some(&b'#') {
            value_end = value_start;
            i = end;
        }
        while i < end {
            if self.b[i] == b'#' && i > value_start && matches!(self.b[i - 1], b' ' | b'\t') {
                value_end = i;
                break;
            }
            i += 1;
        }
        while value_end > value_start && matches!(self.b[value_end - 1], b' ' | b'\t') {
            value_end -= 1;
        }
        value_end
    }

    fn trailing(&self, from: usize, end: usize) -> (Range<usize>, Option<Range<usize>>) {
        let comment = self.s[from..end].find('#').map(|i| from + i..end);
        (from..end, comment)
    }

    fn closing_quote(&self, from: usize, q: u8) -> Option<usize> {
        let mut i = from;
        while i < self.b.len() {
            let c = self.b[i];
            // A backslash escapes the next character inside '…' and "…" (python-dotenv).
            if c == b'\\' && q != b'`' {
                i += 2;
                continue;
            }
            if c == q {
                return Some(i);
            }
            i += 1;
        }
        None
    }
}

/// Decodes file bytes: the text, and the 1-based line of the first invalid UTF-8 byte if any
/// (the text is then a lossy copy and must not be written back).
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<u32>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), None),
        Err(e) => {
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..e.valid_up_to()]).count() as u32;
            (String::from_utf8_lossy(bytes), Some(line))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> EnvFile {
        let f = EnvFile::parse(text);
        assert_eq!(f.print(), text, "{text:?}");
        f
    }

    #[test]
    fn components() {
        let f = round_trip("  export KEY = \"v\\\"x\" # c\n");
        let (l, e) = f.entries().next().unwrap();
        assert_eq!(l.number, 1);
        assert_eq!(f.slice(&e.key), "KEY");
        assert_eq!(f.slice(&e.before_eq), " ");
        assert_eq!(f.slice(&e.after_eq), " ");
        assert_eq!(f.value((l, e)), "v\"x");
        assert_eq!(f.slice(e.comment.as_ref().unwrap()), "# c");
    }

    #[test]
    fn unquoted_value_and_comment() {
        let f = round_trip("A=b c  # d\nB=x#y   \r\nC\n");
        let es: Vec<_> = f.entries().collect();
        assert_eq!(f.value(es[0]), "b c");
        assert_eq!(f.value(es[1]), "x#y");
        assert_eq!(f.slice(&es[1].1.trailing), "   ");
        assert!(es[2].1.delimiter.is_none());
    }

    #[test]
    fn multiline_and_numbers() {
        let f = round_trip("A=\"1\n2\n3\"\nB=4\n");
        let es: Vec<_> = f.entries().collect();
        assert_eq!(es[0].0.span_lines, 3);
        assert_eq!(es[1].0.number, 4);
    }

    #[test]
    fn invalid_lines() {
        let f = round_trip("A=\"open\nB=2\nC value\n");
        assert!(matches!(
            f.lines[0].kind,
            LineKind::Invalid {
                error: SyntaxError::UnterminatedQuote('"'),
                ..
            }
        ));
        assert_eq!(f.entries().count(), 1);
        assert!(matches!(
            f.lines[2].kind,
            LineKind::Invalid {
                error: SyntaxError::MissingEquals,
                ..
            }
        ));
    }

    #[test]
    fn odd_inputs() {
        for text in [
            "",
            "\n",
            "\u{feff}",
            "\u{feff}A=1",
            "\r\n\r\n",
            "A=1\rB=2",
            "=",
            "=x",
            "export",
            "export =1",
            "export A",
            "A:",
            "A: b: c",
            "'",
            "A='",
            "A=\"\\",
            "A=\"x\"\"y\"",
            "  # c\r",
            "é=ü ",
        ] {
            round_trip(text);
        }
    }

    #[test]
    fn yaml_style_delimiter() {
        let f = round_trip("LIVEKIT_KEYS: \"devkey: secret\"\n");
        let e = f.entries().next().unwrap();
        assert_eq!(f.key(e), "LIVEKIT_KEYS");
        assert_eq!(f.value(e), "devkey: secret");
    }

    #[test]
    fn decode_reports_line() {
        let (_, line) = decode(b"A=1\nB=\xff\n");
        assert_eq!(line, Some(2));
    }
}
