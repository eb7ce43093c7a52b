//! A model of what the loader of record, python-dotenv 1.x (`dotenv_values(path)`, interpolation
//! on, an empty environment), reads from a `.env` file. Fixes are checked against it: a fix may
//! reformat a file, never change what a program loads from it.
//!
//! The model follows python-dotenv's documented and observed behaviour (`.ci/run` diffs it
//! against the real package on generated files):
//! - the file is read as UTF-8 text with universal newlines (`\r\n` and `\r` become `\n`), a
//!   leading BOM is dropped (python-dotenv before 1.2 kept it in the first key);
//! - a line is `[export ]KEY[ws][=[ws]VALUE][ws][# comment]`; anything else on the line makes the
//!   whole line an error that defines nothing (`A="x"junk`, `KEY: v`, `FOO BAR=x`);
//! - quoted values may span lines; `\'` inside single quotes and `\"` inside double quotes do
//!   not close the value; when no closing quote follows, the last escaped one closes it;
//! - unquoted values end at whitespace followed by `#`, trailing whitespace removed;
//! - `${NAME}` and `${NAME:-default}` are replaced in every value (single-quoted ones too) by
//!   what was loaded above (a name without `=` counts as empty), `$NAME` is left as written.
//!
//! ```
//! use keylint_dotenv::loader::load;
//! let vars = load("A=1\nB=\"${A}-x\" # c\nC='a\\'b'\nD\n");
//! assert_eq!(vars.get("B"), Some(&Some("1-x".to_owned())));
//! assert_eq!(vars.get("C"), Some(&Some("a'b".to_owned())));
//! assert_eq!(vars.get("D"), Some(&None));
//! ```

/// What a file defines, in first-definition order; a later definition of a key replaces its
/// value in place. `None` is a key written without `=`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Keys and values.
    pub vars: Vec<(String, Option<String>)>,
}

impl Loaded {
    /// The value of `key`, if the file defines it.
    pub fn get(&self, key: &str) -> Option<&Option<String>> {
        self.vars.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn set(&mut self, key: String, value: Option<String>) {
        match self.vars.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((key, value)),
        }
    }
}

/// Python's `str.isspace` for the characters a `.env` file holds.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Whitespace that does not end a line.
fn is_hspace(c: char) -> bool {
    c != '\n' && is_space(c)
}

/// What python-dotenv loads from `text`.
pub fn load(text: &str) -> Loaded {
    let text = text.strip_prefix(crate::parser::BOM).unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let chars: Vec<char> = text.chars().collect();
    let mut reader = Reader { c: &chars, pos: 0 };
    let mut out = Loaded::default();
    while reader.pos < chars.len() {
        match reader.binding() {
            Ok(Some((key, value))) => {
                let value = value.map(|v| interpolate(&v, &out));
                out.set(key, value);
            }
            Ok(None) => {}
            Err(()) => {
                reader.skip_while(|c| c != '\n');
                reader.eat('\n');
            }
        }
    }
    out
}

struct Reader<'a> {
    c: &'a [char],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        self.pos += usize::from(hit);
        hit
    }

    fn skip_while(&mut self, f: impl Fn(char) -> bool) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(&f) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.c[from..to].iter().collect()
    }

    /// One binding: `Ok(None)` for a blank or comment line, `Err` for a line that defines
    /// nothing (the caller skips the rest of the physical line).
    fn binding(&mut self) -> Result<Option<(String, Option<String>)>, ()> {
        self.skip_while(is_space);
        if self.peek().is_none() {
            return Ok(None);
        }
        let export_end = self.pos + "export".len();
        if self.text(self.pos, export_end.min(self.c.len())) == "export"
            && self.c.get(export_end).is_some_and(|&c| is_hspace(c))
        {
            self.pos = export_end;
            self.skip_while(is_hspace);
        }
        let key = match self.peek() {
            Some('#') => None,
            Some('\'') => {
                self.pos += 1;
                let start = self.pos;
                if self.skip_while(|c| c != '\'') == 0 || !self.eat('\'') {
                    return Err(());
                }
                Some(self.text(start, self.pos - 1))
            }
            _ => {
                let start = self.pos;
                if self.skip_while(|c| c != '=' && c != '#' && !is_space(c)) == 0 {
                    return Err(());
                }
                Some(self.text(start, self.pos))
            }
        };
        self.skip_while(is_hspace);
        let value = if self.eat('=') {
            // `KEY= # note` is empty with a comment; `KEY=#x` is `#x`.
            if self.skip_while(is_hspace) > 0 && self.peek() == Some('#') {
                Some(String::new())
            } else {
                Some(self.value()?)
            }
        } else {
            None
        };
        // An optional comment, then the end of the line.
        let before = self.pos;
        self.skip_while(is_hspace);
        if self.eat('#') {
            self.skip_while(|c| c != '\n');
        } else {
            self.pos = before;
        }
        self.skip_while(is_hspace);
        if !(self.eat('\n') || self.peek().is_none()) {
            return Err(());
        }
        Ok(key.map(|k| (k, value)))
    }

    fn value(&mut self) -> Result<String, ()> {
        match self.peek() {
            Some(q @ ('\'' | '"')) => {
                self.pos += 1;
                let start = self.pos;
                let close = self.closing_quote(q).ok_or(())?;
                self.pos = close + 1;
                let escapes: &[char] = if q == '\'' {
                    &['\\', '\'']
                } else {
                    &['\\', '\'', '"', 'a', 'b', 'f', 'n', 'r', 't', 'v']
                };
                Ok(unescape(&self.c[start..close], escapes))
            }
            None | Some('\n') => Ok(String::new()),
            Some(_) => {
                let start = self.pos;
                self.skip_while(|c| c != '\n');
                let part = &self.c[start..self.pos];
                // Whitespace followed by `#` starts a comment.
                let cut = (1..part.len())
                    .find(|&i| part[i] == '#' && is_space(part[i - 1]))
                    .map_or(part.len(), |hash| {
                        let mut ws = hash;
                        while ws > 0 && is_space(part[ws - 1]) {
                            ws -= 1;
                        }
                        ws
                    });
                let value: String = part[..cut].iter().collect();
                Ok(value.trim_end_matches(is_space).to_owned())
            }
        }
    }

    /// Index of the quote that closes a value opened before `self.pos`: the first one not
    /// escaped (a backslash escapes the character after it, whatever it is).
    fn closing_quote(&self, q: char) -> Option<usize> {
        let mut i = self.pos;
        while let Some(&c) = self.c.get(i) {
            if c == '\\' {
                i += 2;
            } else if c == q {
                return Some(i);
            } else {
                i += 1;
            }
        }
        None
    }
}

/// Resolves `\x` for every `x` in `escapes`, left to right, other backslashes kept.
fn unescape(raw: &[char], escapes: &[char]) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        match raw.get(i + 1) {
            Some(&e) if c == '\\' && escapes.contains(&e) => {
                out.push(match e {
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\u{b}',
                    other => other,
                });
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// A `${NAME}` or `${NAME:-default}` reference in `value` at byte `at` (which holds `$`):
/// its name, its default and the byte after it.
pub fn reference_at(value: &str, at: usize) -> Option<(&str, Option<&str>, usize)> {
    let body = value.get(at..)?.strip_prefix("${")?;
    let name_len = body.find(['}', ':']).unwrap_or(body.len());
    let (name, rest) = body.split_at(name_len);
    let start = at + 2 + name_len;
    if rest.starts_with('}') {
        return Some((name, None, start + 1));
    }
    let default_body = rest.strip_prefix(":-")?;
    let close = default_body.find('}')?;
    Some((name, Some(&default_body[..close]), start + 2 + close + 1))
}

/// Every `${…}` reference of `value` that python-dotenv expands: byte range, name, default.
pub fn references(value: &str) -> Vec<(std::ops::Range<usize>, &str, Option<&str>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = value[i..].find('$') {
        let at = i + off;
        if let Some((name, default, end)) = reference_at(value, at) {
            out.push((at..end, name, default));
            i = end;
        } else {
            i = at + 1;
        }
    }
    out
}

fn interpolate(value: &str, env: &Loaded) -> String {
    let mut out = String::with_capacity(value.len());
    let mut last = 0;
    for (range, name, default) in references(value) {
        out.push_str(&value[last..range.start]);
        match env.get(name) {
            Some(Some(v)) => out.push_str(v),
            Some(None) => {}
            None => out.push_str(default.unwrap_or("")),
        }
        last = range.end;
    }
    out.push_str(&value[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(text: &str) -> Vec<(String, Option<String>)> {
        load(text).vars
    }

    fn one(k: &str, v: &str) -> Vec<(String, Option<String>)> {
        vec![(k.to_owned(), Some(v.to_owned()))]
    }

    #[test]
    fn lines_that_define_nothing() {
        for text in [
            "A=\"x\"junk\n",
            "C=\"y\" z\n",
            "TZ: UTC\n",
            "FOO BAR=x\n",
            "=x\n",
        ] {
            assert_eq!(vars(text), vec![], "{text:?}");
        }
        assert_eq!(vars("A=\"x\nB=1\nC=a b\n"), {
            let mut v = one("B", "1");
            v.extend(one("C", "a b"));
            v
        });
    }

    #[test]
    fn quotes_escapes_and_comments() {
        assert_eq!(
            vars("M='first \\'q\\'\n    rest'\n"),
            one("M", "first 'q'\n    rest")
        );
        assert_eq!(vars("A=\"a\\nb\\$c\" # x\n"), one("A", "a\nb\\$c"));
        assert_eq!(vars("A=b c  # d\r\n"), one("A", "b c"));
        assert_eq!(vars("A=x#y\n"), one("A", "x#y"));
        assert_eq!(vars("A='x\\'\n"), vec![]);
        assert_eq!(vars("\u{feff}A=1"), one("A", "1"));
        assert_eq!(
            vars("A= # c\nB=#c\n")[0],
            ("A".to_owned(), Some(String::new()))
        );
        assert_eq!(vars("  export   A = 1\n"), one("A", "1"));
    }

    #[test]
    fn substitutions() {
        assert_eq!(
            vars("K=v\nA=${K}${X:-d}${K:-d}$K${Y-z}\n")[1],
            ("A".to_owned(), Some("vdv$K".to_owned()))
        );
        assert_eq!(
            vars("A=${B}\nB=1\n")[0],
            ("A".to_owned(), Some(String::new()))
        );
        assert_eq!(vars("A='${A:-x}'\n"), one("A", "x"));
    }
}
