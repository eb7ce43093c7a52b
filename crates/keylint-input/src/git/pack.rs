//! Pack files read directly, for the first pass of a history audit (`prescan.rs`): the index
//! (`.idx`, version 2), each entry's header, its inflated data, and delta application that also
//! says which bytes of the result were copied from the base (gitformat-pack(5)).
//!
//! Nothing here trusts the file: every offset and size is checked, and an entry that cannot be
//! read is an error for that entry only (its blob is then read through libgit2, which reports
//! it). Entries are read with positioned reads, not mapped: the page cache holds the pack, the
//! process does not.

use std::fs::File;
use std::io;
use std::path::Path;

use git2::Oid;

#[cfg(feature = "fuzzing")]
pub(crate) mod fuzzing;

/// Entry kinds, as the pack stores them.
pub(crate) const BLOB: u8 = 3;
const OFS_DELTA: u8 = 6;
const REF_DELTA: u8 = 7;

/// `Entry::base` of an entry that is not a delta.
pub(crate) const NO_BASE: u32 = u32::MAX;
/// `Entry::base` of a delta whose base is not in this pack (a thin pack) or cannot be found.
pub(crate) const LOST_BASE: u32 = u32::MAX - 1;

/// One object of a pack, in pack order.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    /// Where the entry's header starts.
    offset: u64,
    /// Size of the inflated data: the object, or the delta instructions.
    pub(crate) size: u32,
    /// The delta base (an index into [`Pack::entries`]), [`NO_BASE`] or [`LOST_BASE`].
    pub(crate) base: u32,
    /// 1–4 for whole objects (commit, tree, blob, tag), 6 and 7 for deltas.
    pub(crate) kind: u8,
    /// Length of the header (and of the base reference of a delta) before the data.
    header: u8,
}

impl Entry {
    /// Whether the entry is a delta against another entry.
    pub(crate) fn is_delta(&self) -> bool {
        self.kind == OFS_DELTA || self.kind == REF_DELTA
    }
}

/// A pack file and its entries.
pub(crate) struct Pack {
    file: File,
    /// In pack order (by offset).
    pub(crate) entries: Vec<Entry>,
    /// Where the entries end (the trailing checksum starts).
    data_end: u64,
}

/// Why a pack or one of its entries could not be read.
#[derive(Debug)]
pub(crate) struct PackError(
    /// What is wrong, in words.
    #[allow(dead_code)] // read through `Debug` only
    pub(crate)  String,
);

impl From<io::Error> for PackError {
    fn from(e: io::Error) -> Self {
        PackError(e.to_string())
    }
}

fn bad(what: &str) -> PackError {
    PackError(what.to_owned())
}

impl Pack {
    /// Opens the pack whose index is `idx` (`pack-*.idx` beside `pack-*.pack`) and reads every
    /// entry's header (one sequential read of the pack). Also returns, for each of the `wanted`
    /// ids this pack holds, its entry and its place in `wanted`. The ids themselves are not
    /// kept: twenty bytes per object would be most of the pass's memory.
    pub(crate) fn open(idx: &Path, wanted: &[Oid]) -> Result<(Pack, Vec<(u32, u32)>), PackError> {
        let index = Index::parse(std::fs::read(idx)?)?;
        let file = File::open(idx.with_extension("pack"))?;
        let len = file.metadata()?.len();
        let mut head = [0u8; 12];
        read_at(&file, &mut head, 0)?;
        if &head[..4] != b"PACK" || !matches!(be32(&head[4..8]), 2 | 3) {
            return Err(bad("not a version 2 or 3 pack"));
        }
        if be32(&head[8..12]) as usize != index.count {
            return Err(bad(
                "the pack and its index disagree on the number of objects",
            ));
        }
        let data_end = len.checked_sub(20).ok_or_else(|| bad("truncated pack"))?;
        // (offset, position in the index), in pack order.
        let mut order: Vec<(u64, u32)> = (0..index.count)
            .map(|i| {
                Ok((
                    index.offset(i)?,
                    u32::try_from(i).map_err(|_| bad("too many objects"))?,
                ))
            })
            .collect::<Result<_, PackError>>()?;
        order.sort_unstable();
        if order.first().is_some_and(|&(o, _)| o < 12)
            || order.last().is_some_and(|&(o, _)| o >= data_end)
        {
            return Err(bad("an index offset lies outside the pack"));
        }
        // Index position → pack position (to find a base named by id, and the wanted ids).
        let mut position = vec![0u32; order.len()];
        for (at, &(_, i)) in order.iter().enumerate() {
            position[i as usize] = at as u32;
        }
        let mut entries = Vec::with_capacity(order.len());
        let mut reader = Sequential::new(&file, data_end);
        for (at, &(offset, _)) in order.iter().enumerate() {
            let head = reader.bytes_at(offset)?;
            let mut entry = parse_header(head, offset).unwrap_or(Entry {
                offset,
                size: 0,
                base: LOST_BASE,
                kind: 0,
                header: 0,
            });
            if entry.kind == OFS_DELTA {
                let base =
                    parse_ofs_base(&head[usize::from(entry.header)..]).and_then(|(distance, n)| {
                        entry.header += n;
                        offset.checked_sub(distance)
                    });
                entry.base = base
                    .and_then(|b| order[..at].binary_search_by_key(&b, |&(o, _)| o).ok())
                    .map_or(LOST_BASE, |b| b as u32);
            } else if entry.kind == REF_DELTA {
                let start = usize::from(entry.header);
                entry.base = head
                    .get(start..start + 20)
                    .and_then(|id| index.find(id))
                    .map_or(LOST_BASE, |i| position[i]);
                entry.header += 20;
            }
            entries.push(entry);
        }
        let found = wanted
            .iter()
            .enumerate()
            .filter_map(|(w, oid)| Some((position[index.find(oid.as_bytes())?], w as u32)))
            .collect();
        Ok((
            Pack {
                file,
                entries,
                data_end,
            },
            found,
        ))
    }

    /// Inflates entry `at` into `out` (cleared first), reading its compressed bytes into
    /// `compressed`. `inflater` is reused across calls.
    pub(crate) fn inflate(
        &self,
        at: u32,
        inflater: &mut flate2::Decompress,
        compressed: &mut Vec<u8>,
        out: &mut Vec<u8>,
    ) -> Result<(), PackError> {
        let entry = self.entries[at as usize];
        let start = entry.offset + u64::from(entry.header);
        let end = self
            .entries
            .get(at as usize + 1)
            .map_or(self.data_end, |next| next.offset);
        let len = usize::try_from(
            end.checked_sub(start)
                .ok_or_else(|| bad("entry overlaps the next"))?,
        )
        .map_err(|_| bad("entry too large"))?;
        // Deflate writes at most 1,032 bytes a compressed byte (a 258-byte match in two bits): a
        // header announcing more than its data can inflate to is damaged, and is never reserved
        // (the `pack` fuzz target found a five-byte header announcing 2.8 GB, all reserved).
        if u64::from(entry.size) > (len as u64).saturating_mul(MAX_INFLATE_RATIO) {
            return Err(bad("entry announces more than its data can inflate to"));
        }
        compressed.clear();
        compressed.resize(len, 0);
        read_at(&self.file, compressed, start)?;
        out.clear();
        out.reserve_exact(entry.size as usize);
        inflater.reset(true);
        // With room for exactly the announced size plus one byte, a longer stream is caught.
        out.reserve(1);
        let status = inflater
            .decompress_vec(compressed, out, flate2::FlushDecompress::Finish)
            .map_err(|e| PackError(format!("cannot inflate: {e}")))?;
        if status != flate2::Status::StreamEnd || out.len() != entry.size as usize {
            return Err(bad("inflated data does not match the entry's size"));
        }
        Ok(())
    }
}

/// The most bytes deflate writes for one compressed byte.
const MAX_INFLATE_RATIO: u64 = 1032;

/// A run of bytes a delta copied from its base: `len` bytes at `from` in the base are at `to` in
/// the result. Adjacent copies of adjacent bytes are one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Copied {
    pub(crate) to: usize,
    pub(crate) from: usize,
    pub(crate) len: usize,
}

/// Applies `delta` to `base` into `out` (cleared first) and lists in `copied` (cleared first) the
/// runs copied from the base; every other byte of `out` was inserted by the delta.
pub(crate) fn apply_delta(
    base: &[u8],
    delta: &[u8],
    out: &mut Vec<u8>,
    copied: &mut Vec<Copied>,
) -> Result<(), PackError> {
    out.clear();
    copied.clear();
    let mut at = 0;
    let base_len = varint(delta, &mut at).ok_or_else(|| bad("truncated delta"))?;
    if base_len != base.len() as u64 {
        return Err(bad("delta made for a base of another size"));
    }
    let result_len = usize::try_from(varint(delta, &mut at).ok_or_else(|| bad("truncated delta"))?)
        .map_err(|_| bad("delta result too large"))?;
    // One instruction byte writes at most 64 KiB and at most the whole base (a copy; an insert
    // writes less than it takes): a header announcing more than the instructions can write is
    // damaged, and is never reserved. (Against 64 KiB alone, 33 KB of instructions for an
    // empty base had 2 GiB reserved: the `pack` fuzz target's allocation limit caught it.)
    if result_len > (delta.len() - at).saturating_mul(base.len().clamp(1, 0x10000)) {
        return Err(bad("delta result longer than its instructions can write"));
    }
    out.reserve_exact(result_len);
    while at < delta.len() {
        let op = delta[at];
        at += 1;
        if op & 0x80 != 0 {
            let mut field = |bits: u8, bytes: usize| -> Option<usize> {
                let mut value = 0usize;
                for i in 0..bytes {
                    if bits & (1 << i) != 0 {
                        value |= usize::from(*delta.get(at)?) << (8 * i);
                        at += 1;
                    }
                }
                Some(value)
            };
            let from = field(op & 0x0f, 4).ok_or_else(|| bad("truncated delta"))?;
            let len = match field((op >> 4) & 0x07, 3).ok_or_else(|| bad("truncated delta"))? {
                0 => 0x10000,
                n => n,
            };
            let end = from
                .checked_add(len)
                .filter(|&e| e <= base.len())
                .ok_or_else(|| bad("delta copies beyond its base"))?;
            if out.len() + len > result_len {
                return Err(bad("delta result longer than announced"));
            }
            match copied.last_mut() {
                Some(run) if run.to + run.len == out.len() && run.from + run.len == from => {
                    run.len += len;
                }
                _ => copied.push(Copied {
                    to: out.len(),
                    from,
                    len,
                }),
            }
            out.extend_from_slice(&base[from..end]);
        } else if op != 0 {
            let len = usize::from(op);
            let bytes = delta
                .get(at..at + len)
                .ok_or_else(|| bad("truncated delta"))?;
            if out.len() + len > result_len {
                return Err(bad("delta result longer than announced"));
            }
            out.extend_from_slice(bytes);
            at += len;
        } else {
            return Err(bad("reserved delta instruction"));
        }
    }
    if out.len() != result_len {
        return Err(bad("delta result shorter than announced"));
    }
    Ok(())
}

/// The size a delta's result will have, from its instructions' header.
pub(crate) fn delta_result_len(delta_head: &[u8]) -> Option<u64> {
    let mut at = 0;
    varint(delta_head, &mut at)?;
    varint(delta_head, &mut at)
}

/// A little-endian base-128 number (delta headers).
fn varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        if shift > 56 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
}

/// An entry's type and size header at `offset`; `None` when it is malformed.
fn parse_header(head: &[u8], offset: u64) -> Option<Entry> {
    let first = *head.first()?;
    let kind = (first >> 4) & 0x07;
    let mut size = u64::from(first & 0x0f);
    let mut shift = 4;
    let mut at = 1;
    let mut byte = first;
    while byte & 0x80 != 0 {
        byte = *head.get(at)?;
        at += 1;
        if shift > 56 {
            return None;
        }
        size |= u64::from(byte & 0x7f) << shift;
        shift += 7;
    }
    if !matches!(kind, 1..=4 | OFS_DELTA | REF_DELTA) {
        return None;
    }
    Some(Entry {
        offset,
        size: u32::try_from(size).ok()?,
        base: NO_BASE,
        kind,
        header: u8::try_from(at).ok()?,
    })
}

/// An `OFS_DELTA`'s distance back to its base, and the bytes it took; `None` when it is
/// truncated or does not fit 64 bits (git refuses it too: it would wrap to another distance).
fn parse_ofs_base(bytes: &[u8]) -> Option<(u64, u8)> {
    let mut byte = *bytes.first()?;
    let mut distance = u64::from(byte & 0x7f);
    let mut at = 1;
    while byte & 0x80 != 0 {
        byte = *bytes.get(at)?;
        at += 1;
        // At most 10 bytes: any longer distance overflows.
        distance = distance.checked_add(1)?.checked_mul(0x80)? | u64::from(byte & 0x7f);
    }
    Some((distance, u8::try_from(at).ok()?))
}

/// A version 2 pack index, as read from disk.
struct Index {
    raw: Vec<u8>,
    count: usize,
}

/// Where a version 2 index's fan-out table and ids start.
const FANOUT_AT: usize = 8;
const IDS_AT: usize = FANOUT_AT + 256 * 4;

impl Index {
    fn parse(raw: Vec<u8>) -> Result<Index, PackError> {
        if raw.get(..8) != Some(b"\xfftOc\x00\x00\x00\x02".as_slice()) {
            return Err(bad("not a version 2 pack index"));
        }
        let count = be32(
            raw.get(FANOUT_AT + 255 * 4..IDS_AT)
                .ok_or_else(|| bad("truncated index"))?,
        ) as usize;
        let index = Index { raw, count };
        if index.raw.len() < index.large_at() + 40 {
            return Err(bad("truncated index"));
        }
        Ok(index)
    }

    fn offsets_at(&self) -> usize {
        IDS_AT + self.count * 24
    }

    fn large_at(&self) -> usize {
        self.offsets_at() + self.count * 4
    }

    fn id(&self, i: usize) -> &[u8] {
        &self.raw[IDS_AT + i * 20..IDS_AT + i * 20 + 20]
    }

    /// The position of object `id`, by binary search (the ids are sorted).
    fn find(&self, id: &[u8]) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.id(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The pack offset of the object at position `i`.
    fn offset(&self, i: usize) -> Result<u64, PackError> {
        let at = self.offsets_at() + i * 4;
        let small = be32(&self.raw[at..at + 4]);
        if small & 0x8000_0000 == 0 {
            return Ok(u64::from(small));
        }
        let at = self.large_at() + (small & 0x7fff_ffff) as usize * 8;
        let large = self
            .raw
            .get(at..at + 8)
            .ok_or_else(|| bad("truncated index"))?;
        Ok(u64::from_be_bytes(large.try_into().unwrap_or([0; 8])))
    }
}

fn be32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// Reads the pack front to back in large blocks, for the entry headers.
struct Sequential<'f> {
    file: &'f File,
    end: u64,
    block: Vec<u8>,
    block_at: u64,
}

/// Enough for any header with its base reference (a 64-bit size and offset, or a 20-byte id).
const HEADER_MAX: u64 = 32;

impl<'f> Sequential<'f> {
    fn new(file: &'f File, end: u64) -> Self {
        Sequential {
            file,
            end,
            block: Vec::new(),
            block_at: 0,
        }
    }

    /// Up to [`HEADER_MAX`] bytes at `offset` (fewer at the end of the data).
    fn bytes_at(&mut self, offset: u64) -> io::Result<&[u8]> {
        let want_end = (offset + HEADER_MAX).min(self.end);
        let block_end = self.block_at + self.block.len() as u64;
        if offset < self.block_at || want_end > block_end {
            let len = (self.end - offset).min(4 << 20) as usize;
            self.block.resize(len, 0);
            read_at(self.file, &mut self.block, offset)?;
            self.block_at = offset;
        }
        let from = (offset - self.block_at) as usize;
        let to = (want_end - self.block_at) as usize;
        Ok(&self.block[from..to])
    }
}

/// Fills `buf` from `offset` in `file`.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Fills `buf` from `offset` in `file`.
#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A delta (header and instructions) built by hand.
    fn delta(base_len: u8, result_len: u8, ops: &[u8]) -> Vec<u8> {
        let mut d = vec![base_len, result_len];
        d.extend_from_slice(ops);
        d
    }

    #[test]
    fn delta_application_records_copied_runs_and_leaves_inserts_out() {
        let base = b"0123456789";
        // copy 0..4, insert "ab", copy 4..10 (adjacent in the base: not one run, an insert
        // sits between), copy 2..4 (a jump back: a new run).
        let d = delta(10, 14, &[0x90, 4, 2, b'a', b'b', 0x91, 4, 6, 0x91, 2, 2]);
        let (mut out, mut copied) = (Vec::new(), Vec::new());
        apply_delta(base, &d, &mut out, &mut copied).unwrap();
        assert_eq!(out, b"0123ab45678923");
        assert_eq!(
            copied,
            vec![
                Copied {
                    to: 0,
                    from: 0,
                    len: 4
                },
                Copied {
                    to: 6,
                    from: 4,
                    len: 6
                },
                Copied {
                    to: 12,
                    from: 2,
                    len: 2
                },
            ]
        );
        // Two copies of adjacent bytes, one after the other, are one run.
        let d = delta(10, 10, &[0x90, 5, 0x91, 5, 5]);
        apply_delta(base, &d, &mut out, &mut copied).unwrap();
        assert_eq!(
            copied,
            vec![Copied {
                to: 0,
                from: 0,
                len: 10
            }]
        );
    }

    /// An entry's type and size header.
    fn entry_header(kind: u8, mut size: u64) -> Vec<u8> {
        let mut head = vec![kind << 4 | (size & 0x0f) as u8];
        size >>= 4;
        while size != 0 {
            *head.last_mut().unwrap() |= 0x80;
            head.push((size & 0x7f) as u8);
            size >>= 7;
        }
        head
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    /// Writes a pack of `entries` (each a header and its data, in pack order) and its version 2
    /// index into `dir`; returns the index's path.
    fn write_pack(dir: &Path, entries: &[Vec<u8>]) -> std::path::PathBuf {
        let count = u32::try_from(entries.len()).unwrap();
        let mut pack = b"PACK\x00\x00\x00\x02".to_vec();
        pack.extend_from_slice(&count.to_be_bytes());
        let mut offsets = Vec::new();
        for entry in entries {
            offsets.push(u32::try_from(pack.len()).unwrap());
            pack.extend_from_slice(entry);
        }
        pack.resize(pack.len() + 20, 0); // the checksum, unread
        let mut idx = b"\xfftOc\x00\x00\x00\x02".to_vec();
        for _ in 0..256 {
            idx.extend_from_slice(&count.to_be_bytes());
        }
        for i in 0..count {
            idx.extend_from_slice(&[0; 16]);
            idx.extend_from_slice(&(i + 1).to_be_bytes());
        }
        idx.resize(idx.len() + 4 * entries.len(), 0); // the CRCs, unread
        for offset in offsets {
            idx.extend_from_slice(&offset.to_be_bytes());
        }
        idx.resize(idx.len() + 40, 0); // the checksums, unread
        let path = dir.join("pack-test.idx");
        std::fs::write(&path, idx).unwrap();
        std::fs::write(path.with_extension("pack"), pack).unwrap();
        path
    }

    #[test]
    fn an_entry_announcing_more_than_its_data_inflates_to_is_refused_unreserved() {
        let dir = tempfile::tempdir().unwrap();
        // A mebibyte of zeros deflates to about a thousandth of it, near the limit: still read.
        let zeros = vec![0u8; 1 << 20];
        let mut whole = entry_header(BLOB, zeros.len() as u64);
        whole.extend(zlib(&zeros));
        // Found by the `pack` fuzz target (fuzz/seeds/pack/inflate-size-lies): a header
        // announcing 2.8 GB for a few bytes of data made `inflate` reserve them all.
        let mut lies = entry_header(BLOB, 2_799_679_484);
        lies.extend(zlib(b"hello"));
        let idx = write_pack(dir.path(), &[whole, lies]);
        let (pack, _) = Pack::open(&idx, &[]).unwrap();
        let mut inflater = flate2::Decompress::new(true);
        let (mut compressed, mut out) = (Vec::new(), Vec::new());
        pack.inflate(0, &mut inflater, &mut compressed, &mut out)
            .unwrap();
        assert!(out == zeros);
        let mut out = Vec::new();
        assert!(
            pack.inflate(1, &mut inflater, &mut compressed, &mut out)
                .is_err()
        );
        assert!(
            out.capacity() < 1 << 20,
            "reserved {} bytes",
            out.capacity()
        );
    }

    #[test]
    fn offset_delta_distances_that_overflow_64_bits_are_refused() {
        // Found by the `pack` fuzz target (fuzz/seeds/pack/ofs-distance-overflow): a ten-byte
        // distance of about 2^68 wrapped to 72,624,976,668,147,729, which could name an entry
        // of the pack as the base of a delta it is not the base of.
        let wraps = [0xb0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x11];
        assert_eq!(parse_ofs_base(&wraps), None);
        // The largest distance takes ten bytes and is read; a larger ten-byte one is refused.
        let largest = [0x80, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0x7f];
        assert_eq!(parse_ofs_base(&largest), Some((u64::MAX, 10)));
        assert_eq!(
            parse_ofs_base(&[0x80, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xff, 0x00]),
            None
        );
        assert_eq!(
            parse_ofs_base(&[0xff, 0x7f]),
            Some((((0x7f + 1) << 7) | 0x7f, 2))
        );
        assert_eq!(parse_ofs_base(&[0x80]), None); // truncated
    }

    #[test]
    fn malformed_deltas_are_errors_not_panics() {
        let base = b"0123456789";
        let (mut out, mut copied) = (Vec::new(), Vec::new());
        for d in [
            delta(9, 4, &[0x90, 4]),     // wrong base size
            delta(10, 4, &[0x91, 8, 4]), // copies past the base
            delta(10, 4, &[5, b'a']),    // insert past the end of the delta
            delta(10, 4, &[0]),          // reserved instruction
            delta(10, 3, &[0x90, 4]),    // longer than announced
            delta(10, 5, &[0x90, 4]),    // shorter than announced
            vec![0x80],                  // truncated header
            // A damaged header announcing a terabyte (varint 2^40) for one copy: refused
            // before anything is reserved (reserving it would abort the process).
            vec![10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x90, 4],
        ] {
            assert!(
                apply_delta(base, &d, &mut out, &mut copied).is_err(),
                "{d:?}"
            );
        }
        // A header announcing 1 MiB for 16 instructions against a one-byte base, which can copy
        // at most 16 bytes: refused, nothing reserved (it was, up to 64 KiB an instruction
        // byte whatever the base: fuzz/seeds/pack/delta-reserve had over 2 GiB reserved).
        let mut d = vec![1, 0x80, 0x80, 0x40];
        d.extend([0x91, 0, 1].repeat(5));
        d.push(0x90);
        let mut out = Vec::new();
        assert!(apply_delta(b"x", &d, &mut out, &mut copied).is_err());
        assert!(
            out.capacity() < 1 << 20,
            "reserved {} bytes",
            out.capacity()
        );
    }
}
