//! Values held in memory only: compared by SHA-256, shown masked, and explained by *how* two of
//! them differ without revealing either.

use std::fmt;

use sha2::{Digest, Sha256};

/// A credential value. `Debug` prints its mask; equality compares hashes.
#[derive(Clone)]
pub struct Value {
    text: String,
    hash: [u8; 32],
}

impl Value {
    /// Wraps `text`.
    pub fn new(text: impl Into<String>) -> Value {
        let text = text.into();
        let hash = Sha256::digest(text.as_bytes()).into();
        Value { text, hash }
    }

    /// The SHA-256 of the value.
    pub fn hash(&self) -> &[u8; 32] {
        &self.hash
    }

    /// The value masked for display (`sk-p…Q4xA`, `…` below eight characters).
    pub fn masked(&self) -> String {
        keylint_core::mask(&self.text)
    }

    /// Length in characters.
    pub fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The clear text, for comparisons inside this crate only.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.hash == other.hash
    }
}

impl Eq for Value {}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Value({})", self.masked())
    }
}

/// Characters that do not show in an editor.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00A0}' | '\u{202F}' | '\u{00AD}'
    )
}

/// `s` trimmed, without the quotes around it.
fn unquote(s: &str) -> String {
    let t = s.trim();
    let q = t.len() >= 2
        && ((t.starts_with('"') && t.ends_with('"')) || (t.starts_with('\'') && t.ends_with('\'')));
    if q {
        t[1..t.len() - 1].to_owned()
    } else {
        t.to_owned()
    }
}

/// `s` without its invisible characters.
fn visible(s: &str) -> String {
    s.chars().filter(|c| !is_invisible(*c)).collect()
}

/// Whether `other` looks like a damaged copy of `reference` rather than another credential:
/// equal once whitespace, quotes, invisible characters and letter case are set aside, one cut
/// short from the other, or the same length with at most 2 characters changed.
pub fn is_near_copy(reference: &Value, other: &Value) -> bool {
    let clean = |v: &Value| visible(&unquote(v.text())).to_lowercase();
    let (a, b) = (clean(reference), clean(other));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.starts_with(&b) || b.starts_with(&a) {
        return true;
    }
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() <= 2
}

/// Says how `other` differs from `reference`, without revealing either: whitespace at an end,
/// quotes kept in the value, invisible characters, letter case, a cut-short copy, the length,
/// the first differing character (1-based).
pub fn difference(reference: &Value, other: &Value) -> String {
    let (a, b) = (reference.text(), other.text());
    if a == b {
        return "identical".into();
    }
    if a.trim() == b.trim() {
        return whitespace_difference(a, b);
    }
    if unquote(a) == unquote(b) {
        return "one keeps its quotes as part of the value".into();
    }
    if visible(a) == visible(b) {
        let (c, pos) = a
            .chars()
            .chain(b.chars())
            .enumerate()
            .find(|(_, c)| is_invisible(*c))
            .map_or(('?', 0), |(i, c)| (c, i));
        let pos = if pos >= a.chars().count() {
            pos - a.chars().count()
        } else {
            pos
        };
        return format!(
            "one contains an invisible character (U+{:04X}) at character {}",
            u32::from(c),
            pos + 1
        );
    }
    if a.to_lowercase() == b.to_lowercase() {
        return "they differ only in letter case".into();
    }
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let first = ac
        .iter()
        .zip(&bc)
        .position(|(x, y)| x != y)
        .unwrap_or(ac.len().min(bc.len()));
    if first == ac.len().min(bc.len()) {
        let (short, long) = (ac.len().min(bc.len()), ac.len().max(bc.len()));
        return format!(
            "one is the other cut short: the same first {short} characters, then {} more in the longer one ({long} characters)",
            long - short
        );
    }
    if ac.len() != bc.len() {
        return format!(
            "different lengths ({} and {} characters), first difference at character {}",
            ac.len(),
            bc.len(),
            first + 1
        );
    }
    let differing = ac.iter().zip(&bc).filter(|(x, y)| x != y).count();
    if differing == 1 {
        format!(
            "same length ({} characters), one character differs: character {}",
            ac.len(),
            first + 1
        )
    } else {
        format!(
            "same length ({} characters), {differing} characters differ, the first at character {}",
            ac.len(),
            first + 1
        )
    }
}

fn whitespace_difference(a: &str, b: &str) -> String {
    // What one end of a value holds, e.g. "a trailing space".
    let describe = |s: &str, end: bool| -> Option<String> {
        let (part, word) = if end {
            (&s[s.trim_end().len()..], "trailing")
        } else {
            (&s[..s.len() - s.trim_start().len()], "leading")
        };
        if part.is_empty() {
            None
        } else if part.contains(['\n', '\r']) {
            Some(format!("a {word} line break"))
        } else if part.contains('\t') {
            Some(format!("a {word} tab"))
        } else if part.chars().count() == 1 {
            Some(format!("a {word} space"))
        } else {
            Some(format!("{word} spaces"))
        }
    };
    let mut parts = Vec::new();
    for end in [false, true] {
        match (describe(a, end), describe(b, end)) {
            (Some(w), None) => parts.push(format!("the first has {w}")),
            (None, Some(w)) => parts.push(format!("this one has {w}")),
            (Some(x), Some(y)) if x != y => parts.push(format!("the first has {x}, this one {y}")),
            _ => {}
        }
    }
    if parts.is_empty() {
        parts.push("they differ in surrounding whitespace".into());
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(a: &str, b: &str) -> String {
        difference(&Value::new(a), &Value::new(b))
    }

    #[test]
    fn equality_is_by_hash_and_debug_masks() {
        let v = Value::new("Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6");
        assert_eq!(v, Value::new("Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6"));
        assert_eq!(format!("{v:?}"), "Value(Zq8L…4Ge6)");
    }

    #[test]
    fn explains_without_revealing() {
        let base = "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6";
        assert_eq!(
            diff(base, &format!("{base} ")),
            "this one has a trailing space"
        );
        assert_eq!(
            diff(&format!("{base}\n"), base),
            "the first has a trailing line break"
        );
        assert_eq!(
            diff(base, &format!("\"{base}\"")),
            "one keeps its quotes as part of the value"
        );
        assert_eq!(
            diff(base, &base.replace('R', "X")),
            "same length (34 characters), one character differs: character 7"
        );
        assert!(
            diff(base, &base[..30]).starts_with("one is the other cut short: the same first 30")
        );
        assert!(diff(base, "short").starts_with("different lengths (34 and 5 characters)"));
        assert_eq!(
            diff(base, &base.to_lowercase()),
            "they differ only in letter case"
        );
        assert!(diff(base, &format!("{}\u{200B}{}", &base[..3], &base[3..])).contains("U+200B"));
    }
}
