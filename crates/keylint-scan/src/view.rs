//! The content the rules match: the blob with its invisible characters removed and its encoded
//! values decoded (see [`crate::invisible`] and [`crate::decode`]), and the way back from a
//! range of it to the bytes of the blob.
//!
//! Built once per blob, only when the blob has something to remove or decode (the common case
//! costs one `memchr` pass each and no copy); the engine then matches this view instead of the
//! blob, so nothing is scanned twice.

use std::ops::Range;

/// Why a stretch of the blob reads differently in the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EditKind {
    /// An invisible character, removed.
    Invisible(char),
    /// A JSON/JavaScript string escape (`\u0041`, `\x41`, `\/`), decoded.
    Escape,
    /// A base64 value (a Kubernetes Secret's `data:`), decoded.
    Base64,
}

/// One stretch of the blob that reads differently in the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    /// Where it is in the blob.
    pub orig: Range<usize>,
    /// What the view holds instead.
    pub replacement: Vec<u8>,
    /// Why.
    pub kind: EditKind,
}

/// The blob as the rules see it, and where each of its stretches comes from.
pub(crate) struct View {
    /// The content to match.
    pub bytes: Vec<u8>,
    /// The edits, sorted and disjoint, with `norm`: their range in `bytes`.
    edits: Vec<(Range<usize>, Edit)>,
    /// `shift[i]`: bytes the first `i` edits removed (original length − replacement length).
    shift: Vec<isize>,
}

impl View {
    /// The view of `content`; `None` when nothing in it is invisible or encoded.
    pub(crate) fn of(content: &[u8], path: &str) -> Option<View> {
        let mut edits = crate::invisible::edits(content);
        let mut decoded = crate::decode::edits(content, path);
        if edits.is_empty() && decoded.is_empty() {
            return None;
        }
        edits.append(&mut decoded);
        Some(View::apply(content, edits))
    }

    /// Applies `edits` (any order; one that overlaps an earlier one is dropped) to `content`.
    pub(crate) fn apply(content: &[u8], mut edits: Vec<Edit>) -> View {
        edits.sort_by_key(|e| (e.orig.start, e.orig.end));
        let mut bytes = Vec::with_capacity(content.len());
        let mut kept = Vec::with_capacity(edits.len());
        let mut shift = vec![0isize];
        let mut copied = 0;
        for e in edits {
            if e.orig.start < copied || e.orig.end > content.len() {
                continue;
            }
            bytes.extend_from_slice(&content[copied..e.orig.start]);
            let start = bytes.len();
            bytes.extend_from_slice(&e.replacement);
            copied = e.orig.end;
            let removed = isize::try_from(e.orig.len()).unwrap_or(isize::MAX)
                - isize::try_from(e.replacement.len()).unwrap_or(isize::MAX);
            shift.push(shift.last().copied().unwrap_or(0) + removed);
            kept.push((start..bytes.len(), e));
        }
        bytes.extend_from_slice(&content[copied..]);
        View {
            bytes,
            edits: kept,
            shift,
        }
    }

    /// The blob's byte range of view `range`: a range that starts or ends inside a decoded
    /// value covers the whole encoded value; characters removed just before its start or just
    /// after its end stay outside, those inside stay inside.
    pub(crate) fn original(&self, range: &Range<usize>) -> Range<usize> {
        // Binary searches: a file full of edits and findings stays linear.
        let p = range.start;
        let k = self
            .edits
            .partition_point(|(n, _)| n.start < p || (n.start == p && n.is_empty()));
        let start = match k.checked_sub(1).map(|i| &self.edits[i]) {
            Some((n, e)) if n.end > p => e.orig.start,
            _ => self.moved(p, k),
        };
        let p = range.end;
        let k = self.edits.partition_point(|(n, _)| n.start < p);
        let end = match k.checked_sub(1).map(|i| &self.edits[i]) {
            Some((n, e)) if n.end > p => e.orig.end,
            _ => self.moved(p, k),
        };
        start..end.max(start)
    }

    /// View offset `p`, after the first `k` edits, in the blob.
    fn moved(&self, p: usize, k: usize) -> usize {
        p.saturating_add_signed(self.shift[k])
    }

    /// The edits inside (or overlapping) view `range`; removals at its very ends are outside.
    pub(crate) fn inside(&self, range: &Range<usize>) -> impl Iterator<Item = &Edit> {
        let from = self.edits.partition_point(|(n, _)| {
            n.end < range.start || (n.end == range.start && !n.is_empty()) || {
                n.is_empty() && n.start == range.start
            }
        });
        let to = self.edits.partition_point(|(n, _)| n.start < range.end);
        self.edits[from..to.max(from)].iter().map(|(_, e)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(orig: Range<usize>, replacement: &str, kind: EditKind) -> Edit {
        Edit {
            orig,
            replacement: replacement.as_bytes().to_vec(),
            kind,
        }
    }

    #[test]
    fn maps_removals_and_replacements_back() {
        // "k=\u0061b\u200bc" : an escape, then a zero-width space.
        let text = "k=\\u0061b\u{200b}cd";
        let v = View::apply(
            text.as_bytes(),
            vec![
                edit(9..12, "", EditKind::Invisible('\u{200b}')),
                edit(2..8, "a", EditKind::Escape),
            ],
        );
        assert_eq!(v.bytes, b"k=abcd");
        // The whole secret: from the escape to the end.
        assert_eq!(&text[v.original(&(2..6))], "\\u0061b\u{200b}cd");
        // A range that starts after the escape: the escape stays outside.
        assert_eq!(&text[v.original(&(3..5))], "b\u{200b}c");
        // The removed character just before a start stays outside.
        assert_eq!(&text[v.original(&(4..6))], "cd");
        // Just before the removed character: it stays outside.
        assert_eq!(&text[v.original(&(3..4))], "b");
        let kinds: Vec<EditKind> = v.inside(&(2..6)).map(|e| e.kind).collect();
        assert_eq!(kinds, [EditKind::Escape, EditKind::Invisible('\u{200b}')]);
        assert_eq!(v.inside(&(4..6)).count(), 0);
        assert_eq!(v.inside(&(3..4)).count(), 0);
    }

    #[test]
    fn a_range_inside_a_decoded_value_covers_the_encoded_value() {
        let text = "username: d2hhdGV2ZXI=\n";
        let v = View::apply(
            text.as_bytes(),
            vec![edit(10..22, "whatever", EditKind::Base64)],
        );
        assert_eq!(v.bytes, b"username: whatever\n");
        assert_eq!(&text[v.original(&(12..15))], "d2hhdGV2ZXI=");
        assert_eq!(v.original(&(18..19)), 22..23);
    }

    #[test]
    fn overlapping_edits_keep_the_first() {
        let v = View::apply(
            b"abcdef",
            vec![
                edit(1..4, "X", EditKind::Escape),
                edit(2..3, "", EditKind::Invisible('\u{ad}')),
            ],
        );
        assert_eq!(v.bytes, b"aXef");
    }
}
