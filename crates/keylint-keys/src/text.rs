//! Positions in a file's text: byte offset ↔ line and column, and masked one-line snippets.

use std::ops::Range;

use crate::model::Loc;

/// Line starts of a text, for position lookups.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        Lines { text, starts }
    }

    /// 1-based line and column (characters) of byte `offset`.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line as u32, column as u32 + 1)
    }

    /// Byte offset of 1-based `line`, 0-based character `col` (as YAML markers give them).
    pub fn offset(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(col)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// A [`Loc`] for the byte range `range` of file `path`.
    pub fn loc(&self, path: &str, range: Range<usize>) -> Loc {
        let (line, column) = self.position(range.start);
        Loc {
            path: path.to_owned(),
            line,
            column,
            range,
        }
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
}

/// The line of `text` holding byte `focus.start`, with every range of `masks` that touches it
/// replaced by a mask (and, when one does, every value written on the line), and the byte range of `focus` inside the returned line (the whole mask
/// when `focus` is masked).
pub fn masked_line(
    text: &str,
    masks: &[Range<usize>],
    focus: &Range<usize>,
) -> (String, Range<usize>) {
    let at = focus.start.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let end = if end > start && text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    // A line that holds a secret may hold others no collector understood.
    keylint_core::mask::mask_line(text, start..end, masks, focus, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let text = "a\nbé=c\n";
        let lines = Lines::new(text);
        assert_eq!(lines.position(0), (1, 1));
        assert_eq!(lines.position(text.find('=').unwrap()), (2, 3));
        assert_eq!(lines.offset(2, 2), text.find('=').unwrap());
        assert_eq!(lines.offset(9, 0), text.len());
    }

    #[test]
    fn masks_every_value_on_the_line() {
        let text = "x\nconst a = {k: 'Zq8Lx3RfT0aPw9Vn', s: 'Hj5Ms1Ud4Ge6Qo8R'};\n";
        let a = text.find("Zq8").unwrap();
        let b = text.find("Hj5").unwrap();
        let (line, span) = masked_line(text, &[a..a + 16, b..b + 16], &(b..b + 16));
        assert_eq!(line, "const a = {k: 'Zq…Vn', s: 'Hj…8R'};");
        assert_eq!(&line[span], "Hj…8R");
    }

    #[test]
    fn unmasked_focus_points_at_the_text() {
        let text = "  env_file: ./backend/.env\n";
        let f = text.find("./").unwrap();
        let (line, span) = masked_line(text, &[], &(f..f + 14));
        assert_eq!(&line[span], "./backend/.env");
    }
}
