//! The pack reader of history audits (keylint-input's `git/pack.rs`, through its `fuzzing`
//! feature) never panics on the bytes of a hostile or damaged repository, and reads them right:
//!
//! - a delta applies as an independent reading of gitformat-pack(5) applies it, or fails with an
//!   error when that reading fails; its result has the length the delta announces and its copied
//!   runs are exact (inside the base and the result, in order, apart, the base's bytes, and
//!   every byte outside them is one the delta inserted);
//! - the entry header, offset-delta and varint parsers agree with a reading of their format;
//! - a pack with an index built from the bytes (well-formed, or damaged) opens or fails with an
//!   error, lists its entries as they are, and inflates each one or fails with an error.
//!
//! Nor does it reserve what a header announces beyond what its data can produce: one allocation
//! over [`ALLOCATION_LIMIT`] is a crash.
//!
//! The first byte chooses: below 0x80 a delta (the rest is `[base length][base][result
//! length][instructions]`), otherwise a pack (see [`pack_files`]). The parsers read every input.
#![no_main]

use std::alloc::{GlobalAlloc, Layout, System};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use keylint_input::fuzzing::{self, Base, Copied};
use libfuzzer_sys::fuzz_target;

/// The largest single allocation allowed (libFuzzer's own `-malloc_limit_mb`, which needs a
/// sanitizer, is `-rss_limit_mb`: 2,048 MB in fuzz/run.sh). No input of at most 64 KiB makes a
/// valid delta or deflate stream that large.
const ALLOCATION_LIMIT: usize = 2 << 30;

/// The system allocator, refusing allocations over [`ALLOCATION_LIMIT`]: the standard library
/// then aborts ("memory allocation of N bytes failed"), which libFuzzer reports as a crash.
struct Limited;

// SAFETY: every call is passed on to `System` unchanged, or refused with a null pointer, which
// `GlobalAlloc` allows.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Limited {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > ALLOCATION_LIMIT {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() > ALLOCATION_LIMIT {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > ALLOCATION_LIMIT {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Limited = Limited;

fuzz_target!(|data: &[u8]| {
    parsers(data);
    match data.split_first() {
        Some((&mode, rest)) if mode & 0x80 != 0 => pack_files(mode, rest),
        Some((_, rest)) => delta(rest),
        None => {}
    }
});

/// `[base length][base][result length][instructions]`: the delta is the input less the base, so
/// its header announces the base's own length (unless the input ends first).
fn delta(data: &[u8]) {
    let mut at = 0;
    let Some(base_len) = fuzzing::varint(data, &mut at) else {
        return check_delta(b"", data);
    };
    let base_len = usize::try_from(base_len)
        .unwrap_or(usize::MAX)
        .min(data.len() - at);
    let base = &data[at..at + base_len];
    let mut delta = data[..at].to_vec();
    delta.extend_from_slice(&data[at + base_len..]);
    check_delta(base, &delta);
}

fn check_delta(base: &[u8], delta: &[u8]) {
    let (mut out, mut copied) = (Vec::new(), Vec::new());
    let result = fuzzing::apply_delta(base, delta, &mut out, &mut copied);
    let announced = fuzzing::delta_result_len(delta);
    let expected = model::apply(base, delta);
    let Ok(()) = result else {
        // An error, as the model's; nothing written past the announced length.
        assert!(
            expected.is_none(),
            "apply_delta failed ({result:?}) on a valid delta"
        );
        assert!(announced.is_none_or(|n| out.len() as u64 <= n));
        return;
    };
    let Some(expected) = expected else {
        panic!("apply_delta accepted a delta the model refuses");
    };
    assert_eq!(
        Some(out.len() as u64),
        announced,
        "result length ≠ announced"
    );
    assert_eq!(out, expected.out, "result ≠ the model's");
    let mut end = 0;
    let mut prev: Option<Copied> = None;
    let mut outside = Vec::new();
    for &run in &copied {
        assert!(run.len > 0, "empty run {run:?}");
        assert!(
            run.to >= end,
            "run {run:?} overlaps or precedes the one before"
        );
        assert!(run.to + run.len <= out.len(), "run {run:?} past the result");
        assert!(
            run.from + run.len <= base.len(),
            "run {run:?} past the base"
        );
        assert_eq!(
            out[run.to..run.to + run.len],
            base[run.from..run.from + run.len]
        );
        if let Some(p) = prev {
            assert!(
                p.to + p.len != run.to || p.from + p.len != run.from,
                "runs {p:?} and {run:?} continue each other: one run"
            );
        }
        outside.push(end..run.to);
        end = run.to + run.len;
        prev = Some(run);
    }
    outside.push(end..out.len());
    outside.retain(|r| !r.is_empty());
    assert_eq!(
        outside, expected.inserted,
        "bytes outside the runs ≠ the inserted ones"
    );
    assert_eq!(copied, expected.copied, "runs ≠ the model's");
}

/// gitformat-pack(5), read independently of keylint-input.
mod model {
    use super::{Copied, Range};

    /// A delta applied: the result, its runs copied from the base (adjacent copies of adjacent
    /// bytes joined) and the ranges of the result that instructions inserted (joined likewise).
    #[derive(Debug)]
    pub struct Applied {
        pub out: Vec<u8>,
        pub copied: Vec<Copied>,
        pub inserted: Vec<Range<usize>>,
    }

    /// A little-endian base-128 number and its length: at most 9 bytes (63 bits), the reader's
    /// limit; git writes none longer.
    pub fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
        let mut value = 0u64;
        for (i, &byte) in bytes.iter().enumerate().take(9) {
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                return Some((value, i + 1));
            }
        }
        None
    }

    pub fn apply(base: &[u8], delta: &[u8]) -> Option<Applied> {
        let (base_len, n) = varint(delta)?;
        let (result_len, m) = varint(&delta[n..])?;
        if base_len != base.len() as u64 {
            return None;
        }
        let result_len = usize::try_from(result_len).ok()?;
        let mut ops = &delta[n + m..];
        let mut a = Applied {
            out: Vec::new(),
            copied: Vec::new(),
            inserted: Vec::new(),
        };
        while let Some((&op, rest)) = ops.split_first() {
            ops = rest;
            if op & 0x80 != 0 {
                // Offset bytes (bits 0-3), then size bytes (bits 4-6), little-endian.
                let mut number = |bits: u8, count: u32| -> Option<usize> {
                    let mut value = 0;
                    for i in 0..count {
                        if bits & (1 << i) != 0 {
                            let (&b, rest) = ops.split_first()?;
                            ops = rest;
                            value |= usize::from(b) << (8 * i);
                        }
                    }
                    Some(value)
                };
                let from = number(op & 0x0f, 4)?;
                let len = match number((op >> 4) & 0x07, 3)? {
                    0 => 0x10000,
                    n => n,
                };
                let bytes = base.get(from..from.checked_add(len)?)?;
                let to = a.out.len();
                if to + len > result_len {
                    return None;
                }
                match a.copied.last_mut() {
                    Some(r) if r.to + r.len == to && r.from + r.len == from => r.len += len,
                    _ => a.copied.push(Copied { to, from, len }),
                }
                a.out.extend_from_slice(bytes);
            } else if op != 0 {
                let len = usize::from(op);
                let bytes = ops.get(..len)?;
                ops = &ops[len..];
                let to = a.out.len();
                if to + len > result_len {
                    return None;
                }
                match a.inserted.last_mut() {
                    Some(r) if r.end == to => r.end += len,
                    _ => a.inserted.push(to..to + len),
                }
                a.out.extend_from_slice(bytes);
            } else {
                return None;
            }
        }
        (a.out.len() == result_len).then_some(a)
    }

    /// An entry's type and size header: type in bits 4-6 of the first byte, size in its low 4
    /// bits and 7 bits of each next byte. Its kind is a known one, its size fits 32 bits and it
    /// takes at most 9 bytes (the reader's limit: no 32-bit size needs more).
    pub fn header(bytes: &[u8]) -> Option<(u8, u32, u8)> {
        let first = *bytes.first()?;
        let kind = (first >> 4) & 0x07;
        let mut size = u64::from(first & 0x0f);
        let mut len = 1;
        let mut byte = first;
        while byte & 0x80 != 0 {
            if len == 9 {
                return None;
            }
            byte = *bytes.get(len)?;
            size |= u64::from(byte & 0x7f) << (4 + 7 * (len - 1));
            len += 1;
        }
        if !matches!(kind, 1..=4 | 6 | 7) {
            return None;
        }
        Some((kind, u32::try_from(size).ok()?, len as u8))
    }

    /// An offset delta's distance to its base: `((d + 1) << 7) | next 7 bits` for each byte
    /// after the first, as git reads it, and none when it does not fit 64 bits (git refuses it).
    pub fn ofs_base(bytes: &[u8]) -> Option<(u64, u8)> {
        let mut byte = *bytes.first()?;
        let mut distance = u128::from(byte & 0x7f);
        let mut len = 1;
        while byte & 0x80 != 0 {
            byte = *bytes.get(len)?;
            len += 1;
            distance = ((distance + 1) << 7) | u128::from(byte & 0x7f);
            if distance > u128::from(u64::MAX) {
                return None;
            }
        }
        Some((distance as u64, len as u8))
    }
}

/// The parsers on every suffix of the input's first 32 bytes (a header can start anywhere).
fn parsers(data: &[u8]) {
    for start in 0..data.len().min(32) {
        let bytes = &data[start..];
        let mut at = 0;
        let value = fuzzing::varint(bytes, &mut at);
        let expected = model::varint(bytes);
        assert_eq!(value, expected.map(|(v, _)| v), "varint of {bytes:02x?}");
        if let Some((_, n)) = expected {
            assert_eq!(at, n, "varint length of {bytes:02x?}");
        }
        let header = fuzzing::parse_header(bytes).map(|h| (h.kind, h.size, h.len));
        assert_eq!(header, model::header(bytes), "header of {bytes:02x?}");
        assert_eq!(
            fuzzing::parse_ofs_base(bytes),
            model::ofs_base(bytes),
            "offset-delta base of {bytes:02x?}"
        );
        let announced = model::varint(bytes)
            .and_then(|(_, n)| model::varint(&bytes[n..]))
            .map(|(v, _)| v);
        assert_eq!(fuzzing::delta_result_len(bytes), announced);
    }
}

/// The object id of the index's entry `i`: sorted, and easy to name in a delta.
fn id(i: usize) -> [u8; 20] {
    let mut id = [0; 20];
    id[16..].copy_from_slice(&(i as u32 + 1).to_be_bytes());
    id
}

/// Where this process writes its index and pack for each input (and removes them after):
/// in /dev/shm where there is one, as creating a file on a disk's file system took six times as
/// long as the rest of the input's run.
fn paths() -> &'static (PathBuf, PathBuf) {
    static PATHS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    PATHS.get_or_init(|| {
        let name = format!("keylint-fuzz-pack-{}", std::process::id());
        let writable = |dir: &PathBuf| {
            let probe = dir.join(format!("{name}.probe"));
            std::fs::write(&probe, b"").is_ok() && std::fs::remove_file(&probe).is_ok()
        };
        let dir = Some(PathBuf::from("/dev/shm"))
            .filter(writable)
            .unwrap_or_else(std::env::temp_dir);
        let idx = dir.join(format!("{name}.idx"));
        (idx.clone(), idx.with_extension("pack"))
    })
}

/// A pack of the input's entries with a version 2 index. `mode`'s low 3 bits are the number of
/// entries `k`; the input starts with their `k` offsets (u16, little-endian, from the end of the
/// pack header; the top bit puts an offset in the index's 64-bit table), then the pack data.
/// Bit 3 damages the index (the next 3 bytes: a place and a byte to xor there), bit 4 truncates
/// it at that place instead, bit 5 leaves out the pack's trailing checksum.
fn pack_files(mode: u8, data: &[u8]) {
    let k = usize::from(mode & 0x07).min(data.len() / 2);
    let (table, data) = data.split_at(2 * k);
    let offsets: Vec<u16> = table
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let damage = mode & 0x18 != 0 && data.len() >= 3;
    let (damage, body) = if damage {
        (
            Some((u16::from_le_bytes([data[0], data[1]]), data[2])),
            &data[3..],
        )
    } else {
        (None, data)
    };
    let at = |v: u16| 12 + u64::from(v & 0x7fff);

    let mut idx = b"\xfftOc\x00\x00\x00\x02".to_vec();
    for _ in 0..256 {
        idx.extend_from_slice(&(k as u32).to_be_bytes());
    }
    for i in 0..k {
        idx.extend_from_slice(&id(i));
    }
    idx.resize(idx.len() + 4 * k, 0); // CRCs, unread
    let mut large = Vec::new();
    for &v in &offsets {
        let small = if v & 0x8000 != 0 {
            large.extend_from_slice(&at(v).to_be_bytes());
            0x8000_0000 | (large.len() / 8 - 1) as u32
        } else {
            at(v) as u32
        };
        idx.extend_from_slice(&small.to_be_bytes());
    }
    idx.extend_from_slice(&large);
    idx.resize(idx.len() + 40, 0); // the pack's and the index's checksums, unread
    if let Some((place, xor)) = damage {
        let place = usize::from(place) % idx.len();
        if mode & 0x10 != 0 {
            idx.truncate(place);
        } else {
            idx[place] ^= xor;
        }
    }
    let mut pack = b"PACK\x00\x00\x00\x02".to_vec();
    pack.extend_from_slice(&(k as u32).to_be_bytes());
    pack.extend_from_slice(body);
    let data_end = pack.len() as u64;
    if mode & 0x20 == 0 {
        pack.resize(pack.len() + 20, 0);
    }

    let (idx_path, pack_path) = paths();
    std::fs::write(idx_path, &idx).expect("writing the index");
    std::fs::write(pack_path, &pack).expect("writing the pack");
    let wanted = [id(0), id(1), id(k), [0xff; 20]];
    let opened = fuzzing::open(idx_path, &wanted);
    let _ = std::fs::remove_file(idx_path);
    let _ = std::fs::remove_file(pack_path);
    let well_formed = damage.is_none() && mode & 0x20 == 0;
    let inside = offsets.iter().all(|&v| at(v) < data_end);
    let mut opened = match opened {
        Ok(opened) => opened,
        Err(e) => {
            assert!(
                !(well_formed && inside),
                "a well-formed pack does not open: {e}"
            );
            return;
        }
    };
    let entries = opened.entries.clone();
    let n = entries.len();
    for (i, e) in entries.iter().enumerate() {
        assert!(
            i == 0 || entries[i - 1].offset <= e.offset,
            "entries out of order"
        );
        assert!(
            e.offset >= 12 && e.offset < data_end.max(12),
            "{e:?} outside the pack"
        );
        match (e.kind, e.base) {
            (0 | 6 | 7, Base::Lost) | (1..=4, Base::None) => {}
            (6, Base::Entry(b)) => assert!((b as usize) < i, "{e:?}: base not before it"),
            (7, Base::Entry(b)) => assert!((b as usize) < n, "{e:?}: no such base"),
            _ => panic!("{e:?}: base and kind disagree"),
        }
    }
    for &(e, w) in &opened.found {
        assert!((e as usize) < n && (w as usize) < wanted.len());
    }
    if well_formed {
        check_entries(
            &entries,
            &opened.found,
            &offsets,
            &pack[..data_end as usize],
        );
    }
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if opened.inflate(i as u32, &mut out).is_ok() {
            assert_eq!(out.len(), e.size as usize, "{e:?} inflated to another size");
        }
    }
}

/// What a well-formed pack's entries must be: the index's offsets in order, each header as
/// `parse_header` reads it, each delta's base where its header names it, the wanted ids found.
fn check_entries(
    entries: &[fuzzing::PackEntry],
    found: &[(u32, u32)],
    offsets: &[u16],
    data: &[u8],
) {
    let at = |v: u16| 12 + u64::from(v & 0x7fff);
    let mut sorted: Vec<u64> = offsets.iter().map(|&v| at(v)).collect();
    sorted.sort_unstable();
    let listed: Vec<u64> = entries.iter().map(|e| e.offset).collect();
    assert_eq!(listed, sorted, "entries ≠ the index's offsets");
    for (i, e) in entries.iter().enumerate() {
        let start = e.offset as usize;
        let head = &data[start..data.len().min(start + 32)];
        let header = fuzzing::parse_header(head);
        let Some(h) = header else {
            assert_eq!(e.kind, 0, "{e:?}: an unreadable header read");
            continue;
        };
        assert_eq!((e.kind, e.size), (h.kind, h.size), "{e:?}: ≠ its header");
        let rest = &head[usize::from(h.len)..];
        let base_offset = match e.kind {
            6 => fuzzing::parse_ofs_base(rest).and_then(|(d, _)| e.offset.checked_sub(d)),
            7 => rest
                .get(..20)
                .and_then(|named| (0..offsets.len()).find(|&j| id(j) == named))
                .map(|j| at(offsets[j])),
            _ => continue,
        };
        let resolved = match e.base {
            Base::Entry(b) => Some(entries[b as usize].offset),
            _ => None,
        };
        // An offset delta's base must come before it; a ref delta's may be anywhere.
        let expected = base_offset.filter(|&o| e.kind == 7 || sorted[..i].contains(&o));
        assert_eq!(resolved, expected, "{e:?}: base");
    }
    let mut want: Vec<(u64, u32)> = (0..offsets.len().min(2))
        .map(|j| (at(offsets[j]), j as u32))
        .collect();
    let mut got: Vec<(u64, u32)> = found
        .iter()
        .map(|&(e, w)| (entries[e as usize].offset, w))
        .collect();
    want.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, want, "wanted ids found");
}
