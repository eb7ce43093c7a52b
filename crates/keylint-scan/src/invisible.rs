//! Invisible characters inside a key: a zero-width space pasted into `sk-proj-…` hides the key
//! from every pattern, and deleting it gives a working key. The engine matches on the content
//! with these characters removed and maps what it finds back to the original bytes.

use std::ops::Range;

/// Characters that take no room on screen and that no key contains: zero-width space,
/// non-joiner and joiner, word joiner, byte-order mark (inside a file), soft hyphen, Mongolian
/// vowel separator.
const INVISIBLE: [char; 7] = [
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}', '\u{180e}',
];

/// The content with its invisible characters removed, and where they were.
pub(crate) struct Normalized {
    /// The content without them.
    pub bytes: Vec<u8>,
    /// Each removed character: its offset in the normalized content, its byte length in the
    /// original, the character.
    removed: Vec<(usize, usize, char)>,
    /// `shift[i]`: bytes removed before the `i`-th removed character (one more entry: all).
    shift: Vec<usize>,
}

impl Normalized {
    /// `None` when `content` has no invisible character (the common case: one `memchr3` pass).
    pub(crate) fn of(content: &[u8]) -> Option<Normalized> {
        let mut removed = Vec::new();
        let mut bytes = Vec::new();
        let mut copied = 0;
        for i in memchr::memchr3_iter(0xe2, 0xef, 0xc2, content) {
            if i < copied {
                continue;
            }
            let Some(c) = content
                .get(i..(i + 3).min(content.len()))
                .and_then(|b| {
                    (2..=b.len()).find_map(|n| std::str::from_utf8(&b[..n]).ok()?.chars().next())
                })
                .filter(|c| INVISIBLE.contains(c))
            else {
                continue;
            };
            // A byte-order mark that starts the file is one, not a hidden character.
            if c == '\u{feff}' && i == 0 {
                continue;
            }
            if bytes.is_empty() {
                bytes.reserve(content.len());
            }
            bytes.extend_from_slice(&content[copied..i]);
            removed.push((bytes.len(), c.len_utf8(), c));
            copied = i + c.len_utf8();
        }
        if removed.is_empty() {
            return None;
        }
        bytes.extend_from_slice(&content[copied..]);
        let shift = std::iter::once(0)
            .chain(removed.iter().scan(0, |sum, (_, len, _)| {
                *sum += len;
                Some(*sum)
            }))
            .collect();
        Some(Normalized {
            bytes,
            removed,
            shift,
        })
    }

    /// The original byte range of normalized `range`: characters removed just before its start
    /// stay outside, those inside stay inside.
    pub(crate) fn original(&self, range: &Range<usize>) -> Range<usize> {
        // Binary searches: a file full of invisible characters and findings stays linear.
        let start = self.removed.partition_point(|(p, _, _)| *p <= range.start);
        let end = self.removed.partition_point(|(p, _, _)| *p < range.end);
        range.start + self.shift[start]..range.end + self.shift[end]
    }

    /// The invisible characters inside normalized `range`.
    pub(crate) fn inside(&self, range: &Range<usize>) -> Vec<char> {
        let from = self.removed.partition_point(|(p, _, _)| *p <= range.start);
        let to = self.removed.partition_point(|(p, _, _)| *p < range.end);
        self.removed[from..to.max(from)]
            .iter()
            .map(|(_, _, c)| *c)
            .collect()
    }
}

/// The Unicode name of an invisible character, for messages.
pub(crate) fn name(c: char) -> &'static str {
    match c {
        '\u{200b}' => "ZERO WIDTH SPACE",
        '\u{200c}' => "ZERO WIDTH NON-JOINER",
        '\u{200d}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{feff}' => "ZERO WIDTH NO-BREAK SPACE",
        '\u{ad}' => "SOFT HYPHEN",
        _ => "MONGOLIAN VOWEL SEPARATOR",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_and_maps_back() {
        let text = "k = \"ab\u{200b}cd\u{ad}ef\"\u{200b}";
        let n = Normalized::of(text.as_bytes()).unwrap();
        assert_eq!(n.bytes, b"k = \"abcdef\"");
        let inner = 5..11;
        let orig = n.original(&inner);
        assert_eq!(&text[orig], "ab\u{200b}cd\u{ad}ef");
        assert_eq!(n.inside(&inner), ['\u{200b}', '\u{ad}']);
        assert!(Normalized::of("plain é €".as_bytes()).is_none());
        assert!(Normalized::of("\u{feff}A=1".as_bytes()).is_none());
    }
}
