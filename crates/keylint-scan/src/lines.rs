use std::cell::Cell;
use std::ops::Range;

/// Byte offsets of line starts, to turn match offsets into 1-based line/column positions.
///
/// Built only when a file has a finding, so clean files never pay for it.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// The last position computed, `(byte offset, characters since its line start)`: positions
    /// asked in increasing order on one long line (minified code) count each byte once, not once
    /// per finding.
    last: Cell<(usize, usize)>,
}

impl LineIndex {
    /// Indexes `content` (lines end at `\n`; a preceding `\r` belongs to the line ending).
    pub fn new(content: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', content).map(|i| i + 1));
        LineIndex {
            starts,
            len: content.len(),
            last: Cell::new((0, 0)),
        }
    }

    /// 0-based line number holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of 0-based `line`, without its `\n` or `\r\n`.
    pub fn line_range(&self, content: &[u8], line: usize) -> Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        if end > start && content.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 1-based (line, column) of byte `offset`; the column counts characters.
    pub fn position(&self, content: &[u8], offset: usize) -> (u32, u32) {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let (last_offset, last_chars) = self.last.get();
        let chars = if last_offset >= start && last_offset <= offset {
            last_chars + count_chars(&content[last_offset..offset])
        } else {
            count_chars(&content[start..offset])
        };
        self.last.set((offset, chars));
        (line as u32 + 1, chars as u32 + 1)
    }
}

/// Number of characters in possibly invalid UTF-8 (every byte that does not continue a
/// multi-byte sequence starts a character).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| !is_continuation(b)).count()
}

/// UTF-8 continuation bytes are `0b10xx_xxxx`.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_with_crlf_and_multibyte() {
        let text = "a\r\nbé=X\nlast";
        let idx = LineIndex::new(text.as_bytes());
        let x = text.find('X').unwrap();
        assert_eq!(idx.position(text.as_bytes(), x), (2, 4));
        assert_eq!(idx.line_range(text.as_bytes(), 0), 0..1);
        assert_eq!(&text[idx.line_range(text.as_bytes(), 2)], "last");
        assert_eq!(idx.position(text.as_bytes(), 0), (1, 1));
        // Out of order, then in order on one line: same answers as from scratch.
        let line = "é=1;é=2;é=3";
        let idx = LineIndex::new(line.as_bytes());
        let at = |n: usize| line.char_indices().nth(n).unwrap().0;
        assert_eq!(idx.position(line.as_bytes(), at(8)), (1, 9));
        assert_eq!(idx.position(line.as_bytes(), at(4)), (1, 5));
        assert_eq!(idx.position(line.as_bytes(), at(6)), (1, 7));
        assert_eq!(idx.position(line.as_bytes(), at(10)), (1, 11));
    }
}
