//! Go RE2 regex syntax (what gitleaks compiles) rewritten into Rust `regex` syntax.
//!
//! The two dialects agree on most of the syntax, but not all of it:
//!
//! - Go reads a `{` that does not start a valid repetition (`\${`, `{{ .Values }}`, `{,3}`) as a
//!   literal; Rust rejects it. Such braces, and every `}`, are escaped.
//! - Go's `\d`, `\s`, `\w` and `\b` are ASCII-only; Rust's are Unicode-aware. They become explicit
//!   ASCII classes (and `(?-u:\b)`), so a translated rule matches what it matched in gitleaks.
//! - Go accepts `\Q…\E` literal spans, octal escapes (`\012`), `\p{^Greek}`, capture names that
//!   start with a digit, and any escaped punctuation (`\<` is `<`; in Rust it is a word
//!   boundary). Each is rewritten to its Rust equivalent.
//! - Inside a class, Go reads `[`, `&&`, `--` and `~~` as literals; Rust reads nested classes and
//!   set operations. Class members are re-emitted with those characters escaped.
//!
//! What neither engine supports (backreferences, lookaround, atomic groups) is an error naming
//! the offending piece, never a silent change of meaning.
//!
//! ```
//! use keylint_core::gitleaks::translate_regex;
//! let t = translate_regex(r"\${{\s*secrets\.(\w+)\s*}}").unwrap();
//! assert_eq!(t.pattern, r"\$\{\{[\t\n\f\r ]*secrets\.([0-9A-Za-z_]+)[\t\n\f\r ]*\}\}");
//! assert_eq!(t.groups, 1);
//! let err = translate_regex(r#"(['"])[a-z]{8}\1"#).unwrap_err();
//! assert_eq!(err.piece, r"\1");
//! ```

use std::fmt;
use std::fmt::Write as _;

/// A Go pattern rewritten for Rust's `regex` crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The pattern in Rust syntax.
    pub pattern: String,
    /// Number of capture groups (numbered as in Go: by opening parenthesis).
    pub groups: usize,
}

/// A piece of Go regex syntax with no Rust equivalent (or invalid in Go too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError {
    /// Byte offset of the piece in the Go pattern.
    pub offset: usize,
    /// The offending text.
    pub piece: String,
    /// Why it cannot be translated.
    pub message: String,
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` at byte {}: {}",
            self.piece, self.offset, self.message
        )
    }
}

impl std::error::Error for RegexError {}

/// Go's ASCII Perl classes, as Rust class bodies (without brackets).
fn perl_class(c: char) -> Option<(&'static str, bool)> {
    Some(match c {
        'd' => ("0-9", false),
        'D' => ("0-9", true),
        's' => (r"\t\n\f\r ", false),
        'S' => (r"\t\n\f\r ", true),
        'w' => ("0-9A-Za-z_", false),
        'W' => ("0-9A-Za-z_", true),
        _ => return None,
    })
}

/// Rewrites a Go RE2 pattern into Rust `regex` syntax with the same meaning.
pub fn translate_regex(go: &str) -> Result<Translated, RegexError> {
    let mut t = Translator {
        src: go,
        pos: 0,
        out: String::with_capacity(go.len() + 8),
        groups: 0,
    };
    t.run()?;
    Ok(Translated {
        pattern: t.out,
        groups: t.groups,
    })
}

struct Translator<'a> {
    src: &'a str,
    pos: usize,
    out: String,
    groups: usize,
}

/// One member of a character class.
enum ClassItem {
    Char(char),
    /// Already in Rust syntax (`[:alpha:]`, `\pL`, `0-9`, a nested `[^0-9]`).
    Raw(String),
}

impl<'a> Translator<'a> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, skip: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(skip)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn error(&self, offset: usize, len: usize, message: impl Into<String>) -> RegexError {
        let end = (offset + len).min(self.src.len());
        let end = (end..=self.src.len())
            .find(|&i| self.src.is_char_boundary(i))
            .unwrap_or(self.src.len());
        RegexError {
            offset,
            piece: self.src[offset..end].to_owned(),
            message: message.into(),
        }
    }

    fn run(&mut self) -> Result<(), RegexError> {
        while let Some(c) = self.peek() {
            let start = self.pos;
            match c {
                '\\' => {
                    self.bump();
                    self.escape(start)?;
                }
                '[' => {
                    self.bump();
                    self.class(start)?;
                }
                '(' => {
                    self.bump();
                    self.group(start)?;
                }
                '{' => {
                    if let Some(len) = repetition_len(self.rest()) {
                        self.out.push_str(&self.src[start..start + len]);
                        self.pos += len;
                    } else {
                        self.bump();
                        self.out.push_str(r"\{");
                    }
                }
                '}' => {
                    self.bump();
                    self.out.push_str(r"\}");
                }
                _ => {
                    self.bump();
                    self.out.push(c);
                }
            }
        }
        Ok(())
    }

    /// After `\` outside a class.
    fn escape(&mut self, start: usize) -> Result<(), RegexError> {
        let Some(c) = self.peek() else {
            return Err(self.error(start, 1, "trailing backslash"));
        };
        match c {
            'Q' => {
                self.bump();
                let end = self
                    .rest()
                    .find(r"\E")
                    .map_or(self.src.len(), |i| self.pos + i);
                let literal = &self.src[self.pos..end];
                for ch in literal.chars() {
                    push_literal(&mut self.out, ch);
                }
                self.pos = (end + 2).min(self.src.len());
            }
            'b' | 'B' => {
                self.bump();
                self.out
                    .push_str(if c == 'b' { r"(?-u:\b)" } else { r"(?-u:\B)" });
            }
            'A' | 'z' => {
                self.bump();
                self.out.push('\\');
                self.out.push(c);
            }
            'p' | 'P' => {
                let raw = self.unicode_class(start)?;
                self.out.push_str(&raw);
            }
            _ if perl_class(c).is_some() => {
                self.bump();
                let (body, negated) = perl_class(c).unwrap_or_default();
                self.out.push('[');
                if negated {
                    self.out.push('^');
                }
                self.out.push_str(body);
                self.out.push(']');
            }
            _ => {
                let ch = self.escaped_char(start)?;
                push_literal(&mut self.out, ch);
            }
        }
        Ok(())
    }

    /// After `\`: an escape that stands for one character (shared by classes and the top level).
    fn escaped_char(&mut self, start: usize) -> Result<char, RegexError> {
        let c = self
            .bump()
            .ok_or_else(|| self.error(start, 1, "trailing backslash"))?;
        Ok(match c {
            'a' => '\x07',
            'f' => '\x0C',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'v' => '\x0B',
            '0'..='7' => {
                let next_is_octal = matches!(self.peek(), Some('0'..='7'));
                if c != '0' && !next_is_octal {
                    return Err(self.error(
                        start,
                        2,
                        "backreferences are not supported by RE2 (gitleaks rejects this pattern too) nor by Rust's regex; match the repeated text explicitly",
                    ));
                }
                let mut value = c.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            self.bump();
                        }
                        None => break,
                    }
                }
                char::from_u32(value).unwrap_or('\u{FFFD}')
            }
            'x' => self.hex_escape(start)?,
            c if c.is_ascii_punctuation() => c,
            _ => {
                return Err(self.error(
                    start,
                    1 + c.len_utf8(),
                    "unknown escape (RE2 rejects it: gitleaks cannot have compiled this pattern)",
                ));
            }
        })
    }

    /// After `\x`: `\xHH` or `\x{H…}`.
    fn hex_escape(&mut self, start: usize) -> Result<char, RegexError> {
        let digits: String = if self.peek() == Some('{') {
            self.bump();
            let Some(close) = self.rest().find('}') else {
                return Err(self.error(start, self.pos - start, "unclosed `\\x{`"));
            };
            let digits = self.rest()[..close].to_owned();
            self.pos += close + 1;
            digits
        } else {
            let two: String = self.rest().chars().take(2).collect();
            self.pos += two.len();
            two
        };
        u32::from_str_radix(&digits, 16)
            .ok()
            .filter(|_| !digits.is_empty())
            .and_then(char::from_u32)
            .ok_or_else(|| {
                self.error(
                    start,
                    self.pos - start,
                    "invalid hexadecimal character escape",
                )
            })
    }

    /// At `\p` or `\P` (the backslash already consumed): the class in Rust syntax.
    fn unicode_class(&mut self, start: usize) -> Result<String, RegexError> {
        let kind = self.bump().unwrap_or('p');
        let name = if self.peek() == Some('{') {
            self.bump();
            let Some(close) = self.rest().find('}') else {
                return Err(self.error(start, self.pos - start, "unclosed Unicode class"));
            };
            let name = self.rest()[..close].to_owned();
            self.pos += close + 1;
            name
        } else {
            match self.bump() {
                Some(c) => c.to_string(),
                None => return Err(self.error(start, 2, "Unicode class without a name")),
            }
        };
        // Go negates with `\p{^Greek}`; Rust with `\P{Greek}`.
        let (negated, name) = match name.strip_prefix('^') {
            Some(rest) => (kind == 'p', rest.to_owned()),
            None => (kind == 'P', name),
        };
        Ok(format!("\\{}{{{name}}}", if negated { 'P' } else { 'p' }))
    }

    /// After `(`.
    fn group(&mut self, start: usize) -> Result<(), RegexError> {
        if self.peek() != Some('?') {
            self.groups += 1;
            self.out.push('(');
            return Ok(());
        }
        let rest = &self.rest()[1..];
        let named = rest
            .strip_prefix("P<")
            .map(|r| (r, 3))
            .or_else(|| rest.strip_prefix('<').map(|r| (r, 2)))
            .filter(|(r, _)| !r.starts_with('=') && !r.starts_with('!'));
        if let Some((after, prefix)) = named {
            let Some(close) = after.find('>') else {
                return Err(self.error(start, 1 + prefix, "unclosed group name"));
            };
            let name = &after[..close];
            if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
                return Err(self.error(
                    start,
                    1 + prefix + close + 1,
                    "invalid capture group name",
                ));
            }
            self.groups += 1;
            // Rust names must not start with a digit; Go's may. The name itself is not used.
            let sep = if name.starts_with(|c: char| c.is_ascii_digit()) {
                "g"
            } else {
                ""
            };
            let _ = write!(self.out, "(?P<{sep}{name}>");
            self.pos += prefix + close + 1;
            return Ok(());
        }
        for (syntax, what) in [
            ("?=", "lookahead"),
            ("?!", "negative lookahead"),
            ("?<=", "lookbehind"),
            ("?<!", "negative lookbehind"),
            ("?>", "atomic group"),
            ("?P=", "backreference"),
            ("?#", "comment group"),
        ] {
            if self.rest().starts_with(syntax) {
                return Err(self.error(
                    start,
                    1 + syntax.len(),
                    format!(
                        "{what} is not supported by RE2 (gitleaks rejects this pattern too) nor by Rust's regex; capture the secret with a group and list exceptions in an allowlist instead"
                    ),
                ));
            }
        }
        // Flags: `(?i)`, `(?i-s:…)`.
        let flags_end = rest
            .find([')', ':'])
            .ok_or_else(|| self.error(start, 2, "unclosed group"))?;
        let flags = &rest[..flags_end];
        if let Some(bad) = flags
            .chars()
            .find(|c| !matches!(c, 'i' | 'm' | 's' | 'U' | '-'))
        {
            return Err(self.error(
                start,
                2 + flags_end + 1,
                format!("unknown flag `{bad}` (RE2 knows i, m, s and U)"),
            ));
        }
        let len = 1 + flags_end + 1;
        self.out.push('(');
        self.out.push_str(&self.rest()[..len]);
        self.pos += len;
        Ok(())
    }

    /// After `[`.
    fn class(&mut self, start: usize) -> Result<(), RegexError> {
        let mut body = String::new();
        if self.peek() == Some('^') {
            self.bump();
            body.push('^');
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error(start, 1, "missing closing `]`"));
            };
            if c == ']' && !first {
                self.bump();
                break;
            }
            first = false;
            let item = self.class_item()?;
            // A range: `a-z`, where `-` is not the last member.
            if self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | None) {
                if let ClassItem::Char(lo) = item {
                    let dash = self.pos;
                    self.bump();
                    let ClassItem::Char(hi) = self.class_item()? else {
                        return Err(self.error(dash, 2, "invalid character class range"));
                    };
                    push_class_char(&mut body, lo);
                    body.push('-');
                    push_class_char(&mut body, hi);
                    continue;
                }
            }
            match item {
                ClassItem::Char(ch) => push_class_char(&mut body, ch),
                ClassItem::Raw(raw) => body.push_str(&raw),
            }
        }
        self.out.push('[');
        self.out.push_str(&body);
        self.out.push(']');
        Ok(())
    }

    fn class_item(&mut self) -> Result<ClassItem, RegexError> {
        let start = self.pos;
        if self.rest().starts_with("[:") {
            if let Some(close) = self.rest().find(":]") {
                let raw = self.rest()[..close + 2].to_owned();
                self.pos += close + 2;
                return Ok(ClassItem::Raw(raw));
            }
        }
        let c = self.bump().unwrap_or_default();
        if c != '\\' {
            return Ok(ClassItem::Char(c));
        }
        match self.peek() {
            Some('p' | 'P') => self.unicode_class(start).map(ClassItem::Raw),
            Some(d) if perl_class(d).is_some() => {
                self.bump();
                let (body, negated) = perl_class(d).unwrap_or_default();
                Ok(ClassItem::Raw(if negated {
                    format!("[^{body}]")
                } else {
                    body.to_owned()
                }))
            }
            _ => self.escaped_char(start).map(ClassItem::Char),
        }
    }
}

/// The length of a valid repetition (`{2}`, `{2,}`, `{2,5}`) at the start of `s`, as Go reads it.
fn repetition_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let n = digits(1);
    if n == 0 {
        return None;
    }
    let mut i = 1 + n;
    if b.get(i) == Some(&b',') {
        i += 1;
        i += digits(i);
    }
    (b.get(i) == Some(&b'}')).then_some(i + 1)
}

/// A literal character outside a class.
fn push_literal(out: &mut String, c: char) {
    if r"\.+*?()|[]{}^$#&-~".contains(c) {
        out.push('\\');
    }
    push_char(out, c);
}

/// A literal character inside a class.
fn push_class_char(out: &mut String, c: char) {
    if r"\[]^-&~".contains(c) {
        out.push('\\');
    }
    push_char(out, c);
}

fn push_char(out: &mut String, c: char) {
    if c.is_control() {
        let _ = write!(out, "\\x{{{:X}}}", u32::from(c));
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rust(go: &str) -> String {
        translate_regex(go)
            .unwrap_or_else(|e| panic!("{go}: {e}"))
            .pattern
    }

    /// The translation compiles in Rust and matches (and rejects) like the Go pattern.
    fn same(go: &str, matches: &[&str], rejects: &[&str]) {
        let pattern = rust(go);
        let re = regex::Regex::new(&pattern).unwrap_or_else(|e| panic!("{go} -> {pattern}: {e}"));
        for m in matches {
            assert!(re.is_match(m), "{go} -> {pattern} should match {m:?}");
        }
        for r in rejects {
            assert!(!re.is_match(r), "{go} -> {pattern} should not match {r:?}");
        }
    }

    #[test]
    fn literal_braces_become_escapes() {
        assert_eq!(rust(r"\${"), r"\$\{");
        assert_eq!(rust("{{ .Values.token }}"), r"\{\{ .Values.token \}\}");
        same(
            r"\${{\s*secrets\.[A-Z_]+\s*}}",
            &["${{ secrets.NPM_TOKEN }}"],
            &["$ {{ secrets.X }}"],
        );
        same(r"key{,3}", &["key{,3}"], &["keyy"]);
        same(r"x{a}", &["x{a}"], &["xa"]);
    }

    #[test]
    fn repetitions_stay_repetitions() {
        assert_eq!(rust("a{3}b{2,}c{1,5}"), "a{3}b{2,}c{1,5}");
        same("^[a-f0-9]{4}$", &["beef"], &["bee", "beefs"]);
    }

    #[test]
    fn perl_classes_are_ascii_like_in_go() {
        same(r"^\w+$", &["abc_09"], &["héllo"]);
        same(r"^\d+$", &["123"], &["١٢٣"]);
        same(r"^\s$", &[" ", "\t"], &["\u{A0}", "\x0B"]);
        same(r"^[\w.-]+$", &["a.b-c"], &["a b"]);
        same(r"^[^\W_]+$", &["abc1"], &["a_b"]);
        same(r"^[\D]+$", &["abc"], &["a1"]);
        same(r"\bkey\b", &["a key here"], &["keyed"]);
    }

    #[test]
    fn flags_anywhere_as_in_go() {
        same(r"\.(?i)(?:bin|css)$", &["a.CSS", "a.bin"], &["a.txt"]);
        same(r"token(?i:_ID)=", &["token_id="], &["TOKEN_id="]);
        same(r"a|(?i)b|c", &["B", "C"], &["A"]);
        same(r"(?s)a.b", &["a\nb"], &[]);
        let err = translate_regex("(?x)a b").unwrap_err();
        assert_eq!(err.piece, "(?x)");
    }

    #[test]
    fn quoted_spans_and_escapes() {
        same(r"\Q${a}.*\E+", &["${a}.*", "${a}.*.*"], &["${a}xx"]);
        same(r"\Qopen", &["open"], &[]);
        same(r"\<tag\>", &["<tag>"], &["tag"]);
        same(r"a\/b\'c", &["a/b'c"], &[]);
        same(r"\101\x42\x{43}", &["ABC"], &[]);
        same(r"\p{^Greek}+", &["abc"], &["αβγ"]);
        same(r"\PL", &["1"], &["a"]);
    }

    #[test]
    fn classes_with_go_literals() {
        same(r"^[[]+$", &["[["], &["a"]);
        same(r"^[a&&b]+$", &["a&b", "&&"], &["c"]);
        same(r"^[+--]+$", &["+,-"], &["a"]);
        same(r"^[]a]+$", &["]a"], &["b"]);
        same(r"^[^]a]+$", &["bc"], &["]"]);
        same(r"^[[:alpha:][:digit:]]+$", &["ab12"], &["-"]);
        same(r"^[[:^digit:]]+$", &["ab"], &["1"]);
        same(r"^[a-]+$", &["a-"], &["b"]);
        same(r"^[\-\]\\]+$", &[r"-]\"], &["a"]);
        same(r"^[{}]+$", &["{}"], &["a"]);
        same(r"^[\pL\d]+$", &["é1"], &["-"]);
    }

    #[test]
    fn groups_are_counted_like_go() {
        let t = translate_regex(r"(?i)(a)(?:b)(?P<name>c)(?<other>d)((e))").unwrap();
        assert_eq!(t.groups, 5);
        assert_eq!(
            rust("(?P<1st>x)"),
            "(?P<g1st>x)",
            "Rust names cannot start with a digit"
        );
    }

    #[test]
    fn untranslatable_pieces_are_named() {
        for (go, piece) in [
            (r"(['\x22])[a-z]{8}\1", r"\1"),
            ("key(?=secret)", "(?="),
            ("key(?!EXAMPLE)[A-Z]{8}", "(?!"),
            ("(?<=x)y", "(?<="),
            ("(?<!x)y", "(?<!"),
            ("(?>ab)", "(?>"),
            ("(?P<q>a)(?P=q)", "(?P="),
            (r"a\Z", r"\Z"),
            ("a[b", "["),
            ("a\\", "\\"),
        ] {
            let err = translate_regex(go).unwrap_err();
            assert_eq!(err.piece, piece, "{go}: {err}");
            assert_eq!(&go[err.offset..err.offset + err.piece.len()], piece);
        }
    }

    #[test]
    fn realistic_gitleaks_patterns_compile() {
        for go in [
            r#"(?i)(?:key|api|token|secret|client|passwd|password|auth|access)(?:[0-9a-z\-_\t .]{0,20})(?:[\s|']|[\s|"]){0,3}(?:=|>|:=|\|\|:|<=|=>|:|\?=)(?:'|\"|\s|=|\x60){0,5}([0-9a-z\-_.=]{10,150})(?:['|\"|\n|\r|\s|\x60|;]|$)"#,
            r#"(?i)\b((LTAI)(?i)[a-z0-9]{20})(?:['|\"|\n|\r|\s|\x60|;]|$)"#,
            r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]*?KEY(?: BLOCK)?-----",
            r#"(?i)[\w.-]{0,50}?(?:access|auth|(?-i:[Aa]pi|API)|credential|creds|key|passw(?:or)?d|secret|token)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})(?:[\x60'"\s;]|\\[nr]|$)"#,
            r"(?:^|/)\.?gitleaks\.toml$",
        ] {
            let pattern = rust(go);
            regex::bytes::Regex::new(&pattern).unwrap_or_else(|e| panic!("{go} -> {pattern}: {e}"));
        }
    }
}
