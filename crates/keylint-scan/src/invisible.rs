//! Invisible characters inside a key: a zero-width space pasted into `sk-proj-…` hides the key
//! from every pattern, and deleting it gives a working key. The engine matches on the content
//! with these characters removed and maps what it finds back to the original bytes. A no-break
//! space (U+00A0) counts only between two characters of a token, where no text puts one.

use crate::view::{Edit, EditKind};

/// Characters that take no room on screen and that no key contains: zero-width space,
/// non-joiner and joiner, word joiner, byte-order mark (inside a file), soft hyphen, Mongolian
/// vowel separator.
const INVISIBLE: [char; 7] = [
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}', '\u{180e}',
];

/// Characters of a token, around a no-break space that hides inside one.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b'+' | b'=')
}

/// Whether the no-break space (U+00A0) at `start..end` sits inside a token: three token
/// characters at least on each side. In prose it is a space (`10\u{a0}km`, `note\u{a0}:`)
/// and stays.
fn splits_a_token(content: &[u8], start: usize, end: usize) -> bool {
    const SIDE: usize = 3;
    start >= SIDE
        && content[start - SIDE..start]
            .iter()
            .all(|b| is_token_byte(*b))
        && content
            .get(end..end + SIDE)
            .is_some_and(|after| after.iter().all(|b| is_token_byte(*b)))
}

/// The invisible characters of `content`, as removals (empty when it has none: the common
/// case costs one `memchr3` pass).
pub(crate) fn edits(content: &[u8]) -> Vec<Edit> {
    let mut removed = Vec::new();
    let mut after = 0;
    for i in memchr::memchr3_iter(0xe2, 0xef, 0xc2, content) {
        if i < after {
            continue;
        }
        let Some(c) = content
            .get(i..(i + 3).min(content.len()))
            .and_then(|b| {
                (2..=b.len()).find_map(|n| std::str::from_utf8(&b[..n]).ok()?.chars().next())
            })
            .filter(|c| INVISIBLE.contains(c) || *c == '\u{a0}')
        else {
            continue;
        };
        let end = i + c.len_utf8();
        // A byte-order mark that starts the file is one, not a hidden character.
        if c == '\u{feff}' && i == 0 {
            continue;
        }
        if c == '\u{a0}' && !splits_a_token(content, i, end) {
            continue;
        }
        removed.push(Edit {
            orig: i..end,
            replacement: Vec::new(),
            kind: EditKind::Invisible(c),
        });
        after = end;
    }
    removed
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
        '\u{a0}' => "NO-BREAK SPACE",
        _ => "MONGOLIAN VOWEL SEPARATOR",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::View;

    fn view(text: &str) -> Option<View> {
        let e = edits(text.as_bytes());
        (!e.is_empty()).then(|| View::apply(text.as_bytes(), e))
    }

    #[test]
    fn removes_and_maps_back() {
        let text = "k = \"ab\u{200b}cd\u{ad}ef\"\u{200b}";
        let n = view(text).unwrap();
        assert_eq!(n.bytes, b"k = \"abcdef\"");
        let inner = 5..11;
        let orig = n.original(&inner);
        assert_eq!(&text[orig], "ab\u{200b}cd\u{ad}ef");
        let hidden: Vec<EditKind> = n.inside(&inner).map(|e| e.kind).collect();
        assert_eq!(
            hidden,
            [
                EditKind::Invisible('\u{200b}'),
                EditKind::Invisible('\u{ad}')
            ]
        );
        assert!(view("plain é €").is_none());
        assert!(view("\u{feff}A=1").is_none());
    }

    #[test]
    fn a_no_break_space_counts_only_inside_a_token() {
        let n = view("t = 'ghp_ab\u{a0}cdef'").unwrap();
        assert_eq!(n.bytes, b"t = 'ghp_abcdef'");
        assert!(view("10\u{a0}km, note\u{a0}: x").is_none());
    }
}
