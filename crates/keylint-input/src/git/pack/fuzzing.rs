//! Thin wrappers over the pack reader for the `pack` fuzz target, re-exported as
//! [`crate::fuzzing`] with the `fuzzing` feature. A child of `pack`, so that the reader keeps its
//! items private to the crate: these wrappers only copy them into public types.

use std::path::Path;

use git2::Oid;

use super::{Copied as Run, Entry, LOST_BASE, NO_BASE, Pack};

/// A run of bytes a delta copied from its base: `len` bytes at `from` in the base are at `to`
/// in the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Copied {
    /// Where the run starts in the result.
    pub to: usize,
    /// Where the run starts in the base.
    pub from: usize,
    /// Its length in bytes.
    pub len: usize,
}

/// Applies `delta` to `base` into `out` and lists in `copied` the runs copied from the base
/// (both cleared first); an error says what is wrong with the delta.
pub fn apply_delta(
    base: &[u8],
    delta: &[u8],
    out: &mut Vec<u8>,
    copied: &mut Vec<Copied>,
) -> Result<(), String> {
    let mut runs: Vec<Run> = Vec::new();
    let result = super::apply_delta(base, delta, out, &mut runs).map_err(|e| e.0);
    copied.clear();
    copied.extend(runs.iter().map(|r| Copied {
        to: r.to,
        from: r.from,
        len: r.len,
    }));
    result
}

/// The result size a delta's header announces (its second number).
pub fn delta_result_len(delta_head: &[u8]) -> Option<u64> {
    super::delta_result_len(delta_head)
}

/// The little-endian base-128 number at `*at` (delta headers); `*at` moves past what was read.
pub fn varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    super::varint(bytes, at)
}

/// A pack entry's type and size header, as parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The entry's type: 1–4 for whole objects, 6 and 7 for deltas.
    pub kind: u8,
    /// The size of its inflated data.
    pub size: u32,
    /// The header's length in bytes.
    pub len: u8,
}

/// The type and size header at the start of `head`; `None` when it is malformed.
pub fn parse_header(head: &[u8]) -> Option<Header> {
    super::parse_header(head, 0).map(|e| Header {
        kind: e.kind,
        size: e.size,
        len: e.header,
    })
}

/// An offset delta's distance back to its base, and the bytes it took.
pub fn parse_ofs_base(bytes: &[u8]) -> Option<(u64, u8)> {
    super::parse_ofs_base(bytes)
}

/// Where an entry's delta base is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// Not a delta.
    None,
    /// A delta whose base is not in the pack, or cannot be found.
    Lost,
    /// A delta against this entry (an index into [`PackFile::entries`]).
    Entry(u32),
}

/// One entry of an opened pack, as [`open`] read its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackEntry {
    /// Where its header starts in the pack.
    pub offset: u64,
    /// The size of its inflated data.
    pub size: u32,
    /// Its type (0 when its header could not be read).
    pub kind: u8,
    /// The length of its header and base reference.
    pub header_len: u8,
    /// Its delta base.
    pub base: Base,
}

impl From<&Entry> for PackEntry {
    fn from(e: &Entry) -> Self {
        PackEntry {
            offset: e.offset,
            size: e.size,
            kind: e.kind,
            header_len: e.header,
            base: match e.base {
                NO_BASE => Base::None,
                LOST_BASE => Base::Lost,
                b => Base::Entry(b),
            },
        }
    }
}

/// An opened pack: its entries in pack order, and where the wanted ids are.
pub struct PackFile {
    pack: Pack,
    /// Every entry, in pack order.
    pub entries: Vec<PackEntry>,
    /// For each wanted id the pack holds: (its entry, its place in the wanted ids).
    pub found: Vec<(u32, u32)>,
    inflater: flate2::Decompress,
    compressed: Vec<u8>,
}

/// Opens the pack whose index is `idx` (the pack beside it, `.pack` for `.idx`) and finds the
/// `wanted` ids in it.
pub fn open(idx: &Path, wanted: &[[u8; 20]]) -> Result<PackFile, String> {
    let wanted = wanted
        .iter()
        .map(|id| Oid::from_bytes(id).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let (pack, found) = Pack::open(idx, &wanted).map_err(|e| e.0)?;
    Ok(PackFile {
        entries: pack.entries.iter().map(PackEntry::from).collect(),
        pack,
        found,
        inflater: flate2::Decompress::new(true),
        compressed: Vec::new(),
    })
}

impl PackFile {
    /// Inflates entry `at` (below `entries.len()`) into `out`, cleared first.
    pub fn inflate(&mut self, at: u32, out: &mut Vec<u8>) -> Result<(), String> {
        self.pack
            .inflate(at, &mut self.inflater, &mut self.compressed, out)
            .map_err(|e| e.0)
    }
}
