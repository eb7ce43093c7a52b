//! From a keyword hit to an assignment: the name around the hit, an assignment operator, and a
//! literal value, in the forms each file type writes them.
//!
//! Every step looks at a bounded window (the name: [`MAX_NAME`] bytes each side of the hit; the
//! gap to the value: [`MAX_GAP`]; the value: [`MAX_VALUE`]), so a hit costs O(1) whatever the
//! file, and a 50 MB single-line minified bundle stays linear.

use std::cell::Cell;
use std::ops::Range;

use keylint_core::Language;

use super::name::{NameKind, classify};

/// Longest name looked at, each side of the hit.
pub const MAX_NAME: usize = 96;

/// Longest gap between a name and its value (spaces, `]`, a type annotation).
pub const MAX_GAP: usize = 64;

/// Longest value looked at.
pub const MAX_VALUE: usize = 1024;

/// An assignment of a literal to a secret-looking name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// What the name announces.
    pub kind: NameKind,
    /// The name's bytes.
    pub name: Range<usize>,
    /// The literal's bytes, without quotes.
    pub value: Range<usize>,
}

/// Looks for an assignment whose name contains byte `hit`. Returns it (if any) and the offset
/// before which later hits need not be looked at (the end of the name, or of the value when
/// one was found).
pub fn at(c: &[u8], lang: Language, hit: usize) -> (Option<Assignment>, usize) {
    let t = Text {
        bytes: c,
        scanned: Cell::new(0),
    };
    let lo = hit.saturating_sub(MAX_NAME);
    let hi = (hit + MAX_NAME).min(c.len());
    let mut start = hit;
    while start > lo && is_name_byte(c[start - 1]) {
        start -= 1;
    }
    let mut end = hit;
    while end < hi && is_name_byte(c[end]) {
        end += 1;
    }
    let too_long = (start == lo && start > 0 && is_name_byte(c[start - 1]))
        || (end == hi && end < c.len() && is_name_byte(c[end]));
    while start < end && matches!(c[start], b'-' | b'.') {
        start += 1;
    }
    if too_long || start >= end || matches!(c[end - 1], b'-' | b'.') {
        return (None, end);
    }
    let name = start..end;
    let before = start.checked_sub(1).map(|i| c[i]);
    let found = match before {
        Some(q @ (b'"' | b'\'' | b'`')) => quoted_name(&t, lang, &name, q),
        Some(b'<') if lang == Language::Xml => element(&t, &name),
        Some(b'>') if lang == Language::Xml => plist_key(&t, &name),
        _ => bare_name(&t, lang, &name, before),
    };
    match found {
        Some((kind, value)) => {
            let resume = value.end.max(end);
            (Some(Assignment { kind, name, value }), resume)
        }
        // A value that ran into its bound or its line's end unterminated: later hits inside
        // it would scan the same bytes again, so skip them (this keeps the pass linear).
        None => (None, end.max(t.scanned.get())),
    }
}

/// The content, and how far a value scan went without finding the value's end.
struct Text<'a> {
    bytes: &'a [u8],
    scanned: Cell<usize>,
}

impl Text<'_> {
    /// Records that bytes up to `pos` were scanned for a value's end in vain.
    fn scanned_to(&self, pos: usize) {
        self.scanned.set(self.scanned.get().max(pos));
    }
}

/// Bytes of a name: identifiers, dotted paths (`spring.datasource.password`), kebab-case
/// headers and keys (`x-api-key`).
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

fn kind_of(c: &[u8], name: &Range<usize>) -> Option<NameKind> {
    std::str::from_utf8(&c[name.clone()])
        .ok()
        .and_then(classify)
}

/// Languages where an unquoted value after `=`/`:` is a literal (`KEY=value`, `key: value`).
fn plain_values(lang: Language) -> bool {
    matches!(
        lang,
        Language::Yaml
            | Language::Dotenv
            | Language::Shell
            | Language::Properties
            | Language::Other
    )
}

/// Languages with `name: Type = value` annotations.
fn typed(lang: Language) -> bool {
    matches!(
        lang,
        Language::JavaScript | Language::Dart | Language::OtherCode | Language::Python
    )
}

fn skip_blanks(c: &[u8], mut pos: usize, limit: usize) -> usize {
    let limit = limit.min(c.len());
    while pos < limit && matches!(c[pos], b' ' | b'\t') {
        pos += 1;
    }
    pos
}

fn skip_space(c: &[u8], mut pos: usize, limit: usize) -> usize {
    let limit = limit.min(c.len());
    while pos < limit && c[pos].is_ascii_whitespace() {
        pos += 1;
    }
    pos
}

/// `"apiKey": …`, `'x-api-key': …`, `["API_KEY"] = …`, `("API_KEY", "default")`, and the
/// name and value sharing one string: `"API_SECRET=…"`, `"Authorization: Bearer …"`.
fn quoted_name(
    t: &Text<'_>,
    lang: Language,
    name: &Range<usize>,
    q: u8,
) -> Option<(NameKind, Range<usize>)> {
    let c = t.bytes;
    let end = name.end;
    match *c.get(end)? {
        b if b == q => {
            let mut pos = end + 1;
            if lang == Language::Xml {
                return xml_attribute(t, name, pos);
            }
            if c.get(pos) == Some(&b']') {
                pos += 1;
            }
            pos = skip_blanks(c, pos, pos + MAX_GAP);
            if c.get(pos) == Some(&b',') {
                let kind = kind_of(c, name)?;
                return call_argument(t, lang, pos + 1).map(|v| (kind, v));
            }
            let (after, colon) = operator(c, pos)?;
            let kind = kind_of(c, name)?;
            value_after(t, lang, after, colon, false, name).map(|v| (kind, v))
        }
        b'=' | b':' => {
            if c.get(end + 1) == Some(&b':') {
                return None;
            }
            let kind = kind_of(c, name)?;
            let from = skip_blanks(c, end + 1, end + 1 + MAX_GAP);
            let limit = (from + MAX_VALUE).min(c.len());
            let stop = c[from..limit]
                .iter()
                .position(|&b| b == q || b == b'\n')
                .map_or(limit, |i| from + i);
            if c.get(stop) != Some(&q) {
                t.scanned_to(stop);
                return None;
            }
            let close = stop;
            let stop = from
                + c[from..close]
                    .iter()
                    .position(|&b| b == b';')
                    .unwrap_or(close - from);
            Some((kind, from..stop))
        }
        _ => None,
    }
}

/// A bare name: `apiKey = …`, `API_KEY: …`, `apiKey: string = …`, `$apiKey = …`,
/// `process.env.API_KEY || "…"`, `;Password=…;` inside a connection string.
fn bare_name(
    t: &Text<'_>,
    lang: Language,
    name: &Range<usize>,
    before: Option<u8>,
) -> Option<(NameKind, Range<usize>)> {
    let c = t.bytes;
    let mut pos = name.end;
    // TypeScript `apiKey?: string`, `apiKey!: string`.
    if matches!(c.get(pos), Some(b'?' | b'!')) && c.get(pos + 1) == Some(&b':') {
        pos += 1;
    }
    pos = skip_blanks(c, pos, pos + MAX_GAP);
    let (after, colon) = operator(c, pos)?;
    if colon
        && lang == Language::Yaml
        && !matches!(c.get(after), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
    {
        return None;
    }
    let kind = kind_of(c, name)?;
    // `;Password=…;` in a connection string, `?token=…&` in a URL: inside a string literal of
    // code. Not `;x.secret=y.secret` in minified code: no dotted names there.
    let embedded = matches!(before, Some(b';' | b'?' | b'&')) && !c[name.clone()].contains(&b'.');
    value_after(t, lang, after, colon, embedded, name).map(|v| (kind, v))
}

/// An assignment operator at `pos`: `=`, `:`, `:=`, `=>`, `||`, `??`, `||=`, `??=`. Returns
/// the offset after it and whether it was a lone `:`.
fn operator(c: &[u8], pos: usize) -> Option<(usize, bool)> {
    let next = c.get(pos + 1).copied();
    match *c.get(pos)? {
        b'=' => match next {
            Some(b'=' | b'~') => None,
            Some(b'>') => Some((pos + 2, false)),
            _ => Some((pos + 1, false)),
        },
        b':' => match next {
            Some(b'=') => Some((pos + 2, false)),
            Some(b':') => None,
            _ => Some((pos + 1, true)),
        },
        b'|' if next == Some(b'|') => {
            Some((pos + 2 + usize::from(c.get(pos + 2) == Some(&b'=')), false))
        }
        b'?' if next == Some(b'?') => {
            Some((pos + 2 + usize::from(c.get(pos + 2) == Some(&b'=')), false))
        }
        _ => None,
    }
}

/// The literal after an operator.
fn value_after(
    t: &Text<'_>,
    lang: Language,
    after: usize,
    colon: bool,
    embedded: bool,
    name: &Range<usize>,
) -> Option<Range<usize>> {
    let c = t.bytes;
    let start = skip_blanks(c, after, after + MAX_GAP);
    let first = *c.get(start)?;
    if let Some(literal) = quoted_literal(t, start) {
        return literal;
    }
    if colon && typed(lang) && (first.is_ascii_alphabetic() || first == b'_') {
        // `apiKey: string = "…"`, `val apiKey: String = "…"`, `let k: &str = "…"`.
        let limit = (start + MAX_GAP).min(c.len());
        let mut ty = start;
        while ty < limit && (c[ty].is_ascii_alphanumeric() || b"_<>[]?.,|&'*: ".contains(&c[ty])) {
            ty += 1;
        }
        if c.get(ty) == Some(&b'=') && !matches!(c.get(ty + 1), Some(b'=' | b'>')) {
            let v = skip_blanks(c, ty + 1, ty + 1 + MAX_GAP);
            return quoted_literal(t, v).flatten();
        }
        return None;
    }
    if lang == Language::Yaml && matches!(first, b'|' | b'>') {
        return block_scalar(t, start, name);
    }
    if plain_values(lang) {
        return plain_value(t, start, lang);
    }
    if embedded {
        let value = until(t, start, |b| {
            b.is_ascii_whitespace() || b"\"'`;&<>".contains(&b)
        })?;
        // The value must end where a string or a `;`/`&`-separated list does.
        return matches!(c.get(value.end), Some(b';' | b'&' | b'"' | b'\'')).then_some(value);
    }
    None
}

/// A quoted literal at `p`, with its optional prefix (`r'…'`, `b"…"`, `f"…"`, `@"…"`, `$"…"`).
/// `None`: no literal here. `Some(None)`: a literal that cannot be judged (interpolated,
/// triple-quoted, unterminated on its line).
#[allow(clippy::option_option)]
fn quoted_literal(t: &Text<'_>, at: usize) -> Option<Option<Range<usize>>> {
    let c = t.bytes;
    let mut open = at;
    let mut interpolated = false;
    let is_quote = |b: Option<&u8>| matches!(b, Some(b'"' | b'\'' | b'`'));
    match c.get(open) {
        Some(b'r' | b'R' | b'b' | b'B' | b'u' | b'U' | b'@') if is_quote(c.get(open + 1)) => {
            open += 1;
        }
        Some(b'f' | b'F' | b'$') if is_quote(c.get(open + 1)) => {
            interpolated = true;
            open += 1;
        }
        _ => {}
    }
    let quote = *c.get(open)?;
    if !matches!(quote, b'"' | b'\'' | b'`') {
        return None;
    }
    if c.get(open + 1) == Some(&quote) && c.get(open + 2) == Some(&quote) {
        return Some(None);
    }
    let from = open + 1;
    let limit = (from + MAX_VALUE).min(c.len());
    let mut close = from;
    while close < limit {
        match c[close] {
            b'\\' => close += 2,
            b'\n' => {
                t.scanned_to(close);
                return Some(None);
            }
            b if b == quote => break,
            _ => close += 1,
        }
    }
    if close >= limit {
        t.scanned_to(limit);
        return Some(None);
    }
    let body = &c[from..close];
    let template = quote == b'`' && body.windows(2).any(|w| w == b"${");
    if template || (interpolated && body.contains(&b'{')) {
        return Some(None);
    }
    Some(Some(from..close))
}

/// Bytes from `p` up to (not including) the first one `stop` accepts, within [`MAX_VALUE`] and
/// the line.
fn until(t: &Text<'_>, p: usize, stop: impl Fn(u8) -> bool) -> Option<Range<usize>> {
    let c = t.bytes;
    let limit = (p + MAX_VALUE).min(c.len());
    let end = c[p..limit]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r' || stop(b))
        .map_or(limit, |i| p + i);
    if end == limit && limit < c.len() && c[limit] != b'\n' {
        t.scanned_to(limit);
        return None;
    }
    (end > p).then_some(p..end)
}

/// An unquoted value: a YAML plain scalar, `.env`/shell word, properties/INI value, or a
/// token in prose.
fn plain_value(t: &Text<'_>, p: usize, lang: Language) -> Option<Range<usize>> {
    let c = t.bytes;
    if matches!(c.get(p), Some(b'{' | b'[' | b'#')) {
        return None;
    }
    match lang {
        Language::Yaml | Language::Properties => {
            let line = until(t, p, |_| false)?;
            let bytes = &c[line.clone()];
            let comment = bytes
                .windows(2)
                .position(|w| {
                    matches!(w[0], b' ' | b'\t')
                        && (w[1] == b'#' || (lang == Language::Properties && w[1] == b';'))
                })
                .unwrap_or(bytes.len());
            let mut end = line.start + comment;
            while end > p && c[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            (end > p).then_some(p..end)
        }
        Language::Dotenv | Language::Shell => until(t, p, |b| {
            b.is_ascii_whitespace() || b";&|)`<>\"'".contains(&b)
        }),
        _ => until(t, p, |b| {
            b.is_ascii_whitespace() || b"\"'`,;)<>]}".contains(&b)
        }),
    }
}

/// Leading spaces of the line holding `pos`, if its start is within reach.
fn indent_of_line(c: &[u8], pos: usize) -> Option<usize> {
    let lo = pos.saturating_sub(4 * MAX_NAME);
    let start = c[lo..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| lo + i + 1)
        .or((lo == 0).then_some(0))?;
    Some(c[start..pos].iter().take_while(|&&b| b == b' ').count())
}

/// `key: |` then one more-indented line holding the whole value. A block of several lines (a
/// certificate, a script) is not judged here.
fn block_scalar(t: &Text<'_>, p: usize, name: &Range<usize>) -> Option<Range<usize>> {
    let c = t.bytes;
    // The header: indicators (`|-`, `>+`, `|2`), then maybe a comment.
    let header = until(t, p + 1, |_| false).unwrap_or(p + 1..p + 1);
    let indicators = c[header.clone()]
        .iter()
        .position(|b| !b"-+0123456789 \t".contains(b))
        .map_or(header.end, |i| header.start + i);
    if indicators < header.end && c[indicators] != b'#' {
        return None;
    }
    let indent = indent_of_line(c, name.start)?;
    let mut line_start = header.end + 1;
    if c.get(header.end) == Some(&b'\r') {
        line_start += 1;
    }
    let first = skip_blanks(c, line_start, line_start + MAX_GAP);
    if first - line_start <= indent || matches!(c.get(first), None | Some(b'\n' | b'\r')) {
        return None;
    }
    let value = until(t, first, |_| false)?;
    let mut end = value.end;
    while end > first && c[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    // The block must end there: the next line is empty or less indented.
    let mut next = value.end;
    if c.get(next) == Some(&b'\r') {
        next += 1;
    }
    next += 1;
    let next_indent = skip_blanks(c, next, next + MAX_GAP).saturating_sub(next);
    let more = next < c.len()
        && next_indent >= first - line_start
        && !matches!(c.get(next + next_indent), None | Some(b'\n' | b'\r'));
    (!more).then_some(first..end)
}

/// `…, "default")`, `…, defaultValue: '…')`: the default of an env lookup or the value of a
/// `define('API_KEY', '…')` / `setHeader("Authorization", "…")` call.
fn call_argument(t: &Text<'_>, _lang: Language, pos: usize) -> Option<Range<usize>> {
    let c = t.bytes;
    let mut p = skip_blanks(c, pos, pos + MAX_GAP);
    let ident_end = c[p..(p + 32).min(c.len())]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .map(|i| p + i);
    if let Some(e) = ident_end {
        let word = &c[p..e];
        if e > p
            && (word.eq_ignore_ascii_case(b"defaultValue")
                || word.eq_ignore_ascii_case(b"default")
                || word.eq_ignore_ascii_case(b"fallback"))
        {
            let op = skip_blanks(c, e, e + 4);
            if matches!(c.get(op), Some(b':' | b'=')) {
                p = skip_blanks(c, op + 1, op + 1 + MAX_GAP);
            }
        }
    }
    quoted_literal(t, p).flatten()
}

/// `<password>…</password>`.
fn element(t: &Text<'_>, name: &Range<usize>) -> Option<(NameKind, Range<usize>)> {
    let c = t.bytes;
    if c.get(name.end) != Some(&b'>') {
        return None;
    }
    let kind = kind_of(c, name)?;
    xml_text(t, name.end + 1).map(|v| (kind, v))
}

/// Text content from `p` to the next `<`.
fn xml_text(t: &Text<'_>, p: usize) -> Option<Range<usize>> {
    let c = t.bytes;
    let limit = (p + MAX_VALUE).min(c.len());
    let Some(end) = c[p..limit].iter().position(|&b| b == b'<').map(|i| p + i) else {
        t.scanned_to(limit);
        return None;
    };
    (end > p).then_some(p..end)
}

/// A plist entry: `<key>apiSecret</key>` then `<string>…</string>`.
fn plist_key(t: &Text<'_>, name: &Range<usize>) -> Option<(NameKind, Range<usize>)> {
    let c = t.bytes;
    if name.start < 5 || &c[name.start - 5..name.start] != b"<key>" {
        return None;
    }
    let rest = &c[name.end..];
    if !rest.starts_with(b"</key>") {
        return None;
    }
    let p = skip_space(c, name.end + 6, name.end + 6 + MAX_GAP);
    if !c[p..].starts_with(b"<string>") {
        return None;
    }
    let kind = kind_of(c, name)?;
    xml_text(t, p + 8).map(|v| (kind, v))
}

/// A name given as an attribute value: `<add key="ApiKey" value="…"/>`,
/// `<string name="api_key">…</string>`, `<entry key="secret">…</entry>`. `after` is the offset
/// after the name's closing quote.
fn xml_attribute(
    t: &Text<'_>,
    name: &Range<usize>,
    after: usize,
) -> Option<(NameKind, Range<usize>)> {
    let c = t.bytes;
    // The attribute that holds the name: `key=`, `name=`, `id=`.
    let eq = name.start.checked_sub(2)?;
    if c[eq] != b'=' {
        return None;
    }
    let attr_end = eq;
    let attr_start = c[eq.saturating_sub(8)..attr_end]
        .iter()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(eq.saturating_sub(8), |i| eq.saturating_sub(8) + i + 1);
    let attr = &c[attr_start..attr_end];
    let names_it = [&b"key"[..], b"name", b"id", b"type"]
        .iter()
        .any(|a| attr.eq_ignore_ascii_case(a));
    if !names_it {
        return None;
    }
    let limit = (after + 4 * MAX_GAP).min(c.len());
    let mut p = after;
    while p < limit {
        match c[p] {
            b'>' => {
                let kind = kind_of(c, name)?;
                if attr.eq_ignore_ascii_case(b"type") || c[p - 1] == b'/' {
                    return None;
                }
                return xml_text(t, p + 1).map(|v| (kind, v));
            }
            b'v' | b'V' if c[p - 1].is_ascii_whitespace() => {
                let tail = &c[p..limit];
                if tail.len() > 6
                    && tail[..6].eq_ignore_ascii_case(b"value=")
                    && matches!(tail[6], b'"' | b'\'')
                {
                    let kind = kind_of(c, name)?;
                    return quoted_literal(t, p + 6).flatten().map(|v| (kind, v));
                }
                p += 1;
            }
            b'"' | b'\'' => {
                // Skip another attribute's value.
                let q = c[p];
                p += 1 + c[p + 1..limit].iter().position(|&b| b == q)?;
                p += 1;
            }
            _ => p += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(lang: Language, text: &str, word: &str) -> Option<String> {
        let hit = text.find(word).expect("word in text");
        at(text.as_bytes(), lang, hit)
            .0
            .map(|a| text[a.value].to_owned())
    }

    #[test]
    fn code_assignments() {
        let v = "Zq8Lx3RfT0aPw9Vn";
        for (lang, line, word) in [
            (
                Language::Dart,
                format!("static const String liveKitApiSecret = '{v}';"),
                "Secret",
            ),
            (Language::Dart, format!("final apiKey = r'{v}';"), "Key"),
            (Language::Dart, format!("Config(apiKey: '{v}')"), "Key"),
            (Language::Dart, format!("{{'apiKey': '{v}'}}"), "Key"),
            (
                Language::JavaScript,
                format!("const apiKey = \"{v}\";"),
                "Key",
            ),
            (
                Language::JavaScript,
                format!("private readonly apiKey: string = '{v}';"),
                "Key",
            ),
            (
                Language::JavaScript,
                format!("apiKey?: string = `{v}`"),
                "Key",
            ),
            (
                Language::JavaScript,
                format!("headers: {{'x-api-key': '{v}'}}"),
                "key",
            ),
            (
                Language::JavaScript,
                format!("const k = process.env.API_KEY || '{v}'"),
                "KEY",
            ),
            (
                Language::Json,
                format!("{{\"client_secret\": \"{v}\"}}"),
                "secret",
            ),
            (Language::Python, format!("API_KEY = \"{v}\""), "KEY"),
            (
                Language::Python,
                format!("os.environ.get(\"API_KEY\", \"{v}\")"),
                "KEY",
            ),
            (
                Language::Python,
                format!("os.environ[\"API_KEY\"] = \"{v}\""),
                "KEY",
            ),
            (
                Language::OtherCode,
                format!("val apiKey: String = \"{v}\""),
                "Key",
            ),
            (Language::OtherCode, format!("apiKey := \"{v}\""), "Key"),
            (Language::OtherCode, format!("$apiKey = '{v}';"), "Key"),
            (Language::OtherCode, format!("'api_key' => '{v}',"), "key"),
            (
                Language::OtherCode,
                format!("define('API_KEY', '{v}');"),
                "KEY",
            ),
            (
                Language::Dart,
                format!("String.fromEnvironment('API_KEY', defaultValue: '{v}')"),
                "KEY",
            ),
            (Language::Toml, format!("api_key = \"{v}\""), "key"),
        ] {
            assert_eq!(find(lang, &line, word).as_deref(), Some(v), "{line}");
        }
    }

    #[test]
    fn config_assignments() {
        let v = "Zq8Lx3RfT0aPw9Vn";
        for (lang, line, word) in [
            (
                Language::Yaml,
                format!("api_secret: {v}  # prod\n"),
                "secret",
            ),
            (Language::Yaml, format!("api_secret: \"{v}\"\n"), "secret"),
            (Language::Yaml, format!("  - API_SECRET={v}\n"), "SECRET"),
            (
                Language::Yaml,
                format!("  - \"API_SECRET={v}\"\n"),
                "SECRET",
            ),
            (
                Language::Yaml,
                format!("  api_secret: |\n    {v}\n  next: 1\n"),
                "secret",
            ),
            (
                Language::Dotenv,
                format!("export API_SECRET={v}\n"),
                "SECRET",
            ),
            (
                Language::Dotenv,
                format!("API_SECRET=\"{v}\" # c\n"),
                "SECRET",
            ),
            (
                Language::Shell,
                format!("curl -H \"Authorization: {v}\" x"),
                "Auth",
            ),
            (
                Language::Properties,
                format!("api.secret = {v}\n"),
                "secret",
            ),
            (
                Language::Xml,
                format!("<password>{v}</password>"),
                "password",
            ),
            (
                Language::Xml,
                format!("<add key=\"ApiKey\" value=\"{v}\"/>"),
                "Key\"",
            ),
            (
                Language::Xml,
                format!("<string name=\"api_key\">{v}</string>"),
                "key\"",
            ),
            (
                Language::Xml,
                format!("<key>apiSecret</key>\n  <string>{v}</string>"),
                "Secret",
            ),
            (
                Language::Xml,
                format!("connectionString=\"Server=db;Password={v};\""),
                "Password",
            ),
        ] {
            assert_eq!(find(lang, &line, word).as_deref(), Some(v), "{line}");
        }
    }

    #[test]
    fn not_assignments() {
        for (lang, line, word) in [
            (Language::JavaScript, "e.apiKey=t.token", "Key"),
            (Language::JavaScript, "Object.keys(x)", "keys"),
            (Language::JavaScript, "if (e.keyCode === 13)", "key"),
            (
                Language::JavaScript,
                "const apiKey = process.env.API_KEY;",
                "Key",
            ),
            (Language::JavaScript, "const t = `${apiKey}`", "Key"),
            (Language::Python, "api_key = f\"{prefix}abc\"", "key"),
            (
                Language::Dart,
                "final apiKey = String.fromEnvironment('API_KEY');",
                "Key",
            ),
            (Language::Json, "\"node_modules/js-tokens\": {", "token"),
            (Language::Yaml, "  api_secret:\n    nested: 1\n", "secret"),
            (
                Language::Yaml,
                "  api_secret: |\n    line1\n    line2\n",
                "secret",
            ),
        ] {
            assert_eq!(find(lang, line, word), None, "{line}");
        }
    }

    #[test]
    fn long_names_and_values_are_bounded() {
        let name = "k".repeat(10_000);
        let text = format!("{name}ey = 'abc'");
        assert_eq!(at(text.as_bytes(), Language::Dart, 5_000).0, None);
        let text = format!("apiKey = '{}", "a".repeat(10_000));
        assert_eq!(find(Language::Dart, &text, "Key"), None);
    }
}
