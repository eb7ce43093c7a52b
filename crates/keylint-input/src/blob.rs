/// How many leading bytes are inspected for a NUL to call a file binary (git's own heuristic).
pub const BINARY_PROBE: usize = 8000;

/// Content to scan, with its path relative to the scan root (`/` separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    /// Path relative to the scan root, or as given for a file root; `-` for stdin.
    pub path: String,
    /// The bytes to scan (UTF-16 input is transcoded to UTF-8).
    pub bytes: Vec<u8>,
    /// The encoding the bytes were read in.
    pub encoding: Encoding,
    /// Where in git the bytes came from, when they did.
    pub origin: Option<BlobOrigin>,
}

/// The git side of a blob: its id, the commit that brought it, and which lines are new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobOrigin {
    /// The blob's object id (hex).
    pub blob_id: String,
    /// The commit that introduced this blob (none for the staged index).
    pub commit: Option<std::sync::Arc<CommitInfo>>,
    /// Lines added or changed by the commit (or the staged change); `None` means every line.
    pub added_lines: Option<LineSet>,
    /// Whether this blob is part of the tree at HEAD (history audits).
    pub in_head: bool,
}

/// Who made a commit and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Full commit id (hex).
    pub id: String,
    /// Author as `Name <email>`.
    pub author: String,
    /// Author date, RFC 3339 with the author's offset.
    pub date: String,
    /// Position in the walk, oldest first (smaller is earlier).
    pub order: usize,
}

/// A set of 1-based line numbers, stored as sorted inclusive ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineSet {
    ranges: Vec<(u32, u32)>,
}

impl LineSet {
    /// Builds a set from line numbers in any order.
    pub fn from_lines(mut lines: Vec<u32>) -> LineSet {
        lines.sort_unstable();
        lines.dedup();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for line in lines {
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == line => *end = line,
                _ => ranges.push((line, line)),
            }
        }
        LineSet { ranges }
    }

    /// Builds a set from inclusive ranges `(first, last)` in any order, overlapping or not.
    pub fn from_ranges(mut ranges: Vec<(u32, u32)>) -> LineSet {
        ranges.retain(|(first, last)| first <= last);
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (first, last) in ranges {
            match merged.last_mut() {
                Some((_, end)) if first <= end.saturating_add(1) => *end = (*end).max(last),
                _ => merged.push((first, last)),
            }
        }
        LineSet { ranges: merged }
    }

    /// Keeps only the lines also in `other`.
    #[must_use]
    pub fn intersect(&self, other: &LineSet) -> LineSet {
        let mut ranges = Vec::new();
        for &(a0, a1) in &self.ranges {
            for &(b0, b1) in &other.ranges {
                let (lo, hi) = (a0.max(b0), a1.min(b1));
                if lo <= hi {
                    ranges.push((lo, hi));
                }
            }
        }
        ranges.sort_unstable();
        LineSet { ranges }
    }

    /// Whether any line of `first..=last` is in the set.
    pub fn overlaps(&self, first: u32, last: u32) -> bool {
        self.ranges
            .iter()
            .any(|&(lo, hi)| lo <= last && first <= hi)
    }

    /// The set as sorted, disjoint inclusive ranges `(first, last)`.
    pub fn ranges(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.ranges.iter().copied()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

/// Text encoding of a blob as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, ASCII, or unknown 8-bit text (scanned as is).
    Utf8,
    /// UTF-16 with a byte-order mark, transcoded to UTF-8 before scanning.
    Utf16,
}

/// Why a file was not scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// It has a NUL byte in its first 8000 bytes.
    Binary,
    /// It is larger than the configured limit (size in bytes).
    TooLarge(u64),
    /// It is not a regular file (FIFO, socket, device).
    NotRegular,
    /// It matches an `exclude` glob.
    Excluded,
}

/// What a bounded read found: the whole content, or more than the cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bounded {
    /// Everything there was, at most the cap.
    Complete(Vec<u8>),
    /// More than the cap: reading stopped one byte past it, nothing is kept.
    TooLarge,
}

/// Reads `reader` to its end, but never more than `max + 1` bytes: a stream (a pipe, a FIFO,
/// `/dev/zero`) or a file that grows while read cannot exhaust memory. The one bounded read
/// for every source whose size is not known up front.
///
/// ```
/// use keylint_input::{Bounded, read_bounded};
/// assert_eq!(read_bounded(&b"abc"[..], 3).unwrap(), Bounded::Complete(b"abc".to_vec()));
/// assert_eq!(read_bounded(std::io::repeat(0), 1024).unwrap(), Bounded::TooLarge);
/// ```
pub fn read_bounded(reader: impl std::io::Read, max: u64) -> std::io::Result<Bounded> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(if bytes.len() as u64 > max {
        Bounded::TooLarge
    } else {
        Bounded::Complete(bytes)
    })
}

/// Whether content looks binary: a NUL byte in the first [`BINARY_PROBE`] bytes.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_PROBE)].contains(&0)
}

/// Transcodes UTF-16 (with BOM) to UTF-8; returns other content unchanged.
///
/// ```
/// let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("k=v".encode_utf16().flat_map(u16::to_le_bytes)).collect();
/// let (bytes, enc) = keylint_input::decode(utf16);
/// assert_eq!(bytes, b"k=v");
/// assert_eq!(enc, keylint_input::Encoding::Utf16);
/// ```
pub fn decode(bytes: Vec<u8>) -> (Vec<u8>, Encoding) {
    let from_units = |body: &[u8], unit: fn([u8; 2]) -> u16| -> Vec<u8> {
        let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
            .into_bytes()
    };
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => (from_units(&bytes[2..], u16::from_le_bytes), Encoding::Utf16),
        Some([0xFE, 0xFF]) => (from_units(&bytes[2..], u16::from_be_bytes), Encoding::Utf16),
        _ => (bytes, Encoding::Utf8),
    }
}
