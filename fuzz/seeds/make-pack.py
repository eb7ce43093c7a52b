#!/usr/bin/env python3
"""Writes the `pack` fuzz target's seeds (fuzz/seeds/pack/): hand-made deltas and packs, no
repository data. The layouts are those fuzz_targets/pack.rs reads. Usage: python3 make-pack.py

ofs-distance-overflow and inflate-size-lies are not written here: they are the target's own
finds, minimised (cargo fuzz tmin) and kept as they were."""
import os
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pack")


def varint(n):
    """Little-endian base-128 (delta headers)."""
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def copy(offset, size):
    """A copy instruction: the non-zero bytes of offset (4) and size (3), flagged in the op."""
    op, args = 0x80, bytearray()
    for i in range(4):
        if (offset >> (8 * i)) & 0xFF:
            op |= 1 << i
            args.append((offset >> (8 * i)) & 0xFF)
    size = 0 if size == 0x10000 else size
    for i in range(3):
        if (size >> (8 * i)) & 0xFF:
            op |= 0x10 << i
            args.append((size >> (8 * i)) & 0xFF)
    return bytes([op]) + bytes(args)


def insert(data):
    assert 0 < len(data) < 0x80
    return bytes([len(data)]) + data


def delta(base, result_len, *ops):
    return varint(len(base)) + varint(result_len) + b"".join(ops)


def delta_input(base, result_len, *ops):
    """Mode byte (delta), then the delta with the base after its first number."""
    d = delta(base, result_len, *ops)
    n = len(varint(len(base)))
    return b"\x00" + d[:n] + base + d[n:]


def header(kind, size):
    """An entry's type and size header."""
    out = bytearray([(kind << 4) | (size & 0x0F)])
    size >>= 4
    while size:
        out[-1] |= 0x80
        out.append(size & 0x7F)
        size >>= 7
    return bytes(out)


def ofs(distance):
    """An offset delta's distance back to its base, as git writes it."""
    out = [distance & 0x7F]
    distance >>= 7
    while distance:
        distance -= 1
        out.insert(0, 0x80 | (distance & 0x7F))
        distance >>= 7
    return bytes(out)


def entry_id(i):
    """The target's id of index entry i."""
    return bytes(16) + (i + 1).to_bytes(4, "big")


def pack_input(entries, mode_bits=0, large=(), damage=b""):
    """Mode byte (pack, entry count, flags), offsets, damage bytes, pack data."""
    body, offsets = b"", []
    for make in entries:
        offsets.append(len(body))
        body += make(12 + len(body))
    table = b"".join(
        ((o | 0x8000) if i in large else o).to_bytes(2, "little") for i, o in enumerate(offsets)
    )
    return bytes([0x80 | mode_bits | len(entries)]) + table + damage + body


def seeds():
    base = b"0123456789"
    # copy 0..4, insert "ab", copy 4..10, copy 2..4 (the unit test's delta).
    yield "copy-insert", delta_input(
        base, 14, copy(0, 4), insert(b"ab"), copy(4, 6), copy(2, 2)
    )
    # Two copies of adjacent bytes (one run), then an insert.
    yield "adjacent-copies", delta_input(base, 13, copy(0, 5), copy(5, 5), insert(b"xyz"))
    # Offsets and sizes over one byte.
    big = bytes(range(256)) * 3
    yield "wide-copy", delta_input(big, 0x130, copy(0x102, 0x120), insert(b"0123456789abcdef"))
    # Announces one byte more than it writes.
    yield "short", delta_input(base, 5, copy(0, 4))
    # An empty base and 32,769 bytes of instructions announcing 2 GiB + 1: the reader reserved
    # it (64 KiB an instruction byte), over the target's allocation limit.
    yield "delta-reserve", b"\x00" + varint(0) + varint((2 << 30) + 1) + b"\x01" * 32769

    blob = b"hello\n"
    new = delta(blob, 12, copy(0, 6), insert(b"world\n"))
    whole = lambda at: header(3, len(blob)) + zlib.compress(blob)

    def ofs_delta(base_at):
        return lambda at: header(6, len(new)) + ofs(at - base_at) + zlib.compress(new)

    ref_delta = lambda at: header(7, len(new)) + entry_id(0) + zlib.compress(new)
    yield "pack-blob", pack_input([whole])
    yield "pack-ofs-ref", pack_input([whole, ofs_delta(12), ref_delta])
    yield "pack-large-offset", pack_input([whole, ofs_delta(12)], large={1})
    # The index damaged: its last fan-out entry (the object count) changed.
    place = 8 + 255 * 4 + 3
    yield "pack-damaged-index", pack_input(
        [whole, ref_delta], mode_bits=0x08, damage=place.to_bytes(2, "little") + b"\x01"
    )
    # A header announcing more than its data inflates to.
    yield "pack-size-lies", pack_input(
        [lambda at: header(3, 1 << 20) + zlib.compress(blob)]
    )


os.makedirs(OUT, exist_ok=True)
for name, data in seeds():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
