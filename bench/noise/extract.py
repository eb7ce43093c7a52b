#!/usr/bin/env python3
"""Extract the HEAD tree of a bare git directory into DEST, skipping blobs the snapshot lacks.

usage: extract.py GIT_DIR DEST

`git archive` stops at the first missing blob (mirrors keep their largest files out); this writes
every blob that is present (regular files and symlinks as small text files) and counts the rest.
"""
import os
import subprocess
import sys


def main():
    git_dir, dest = sys.argv[1], sys.argv[2]
    tree = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", "HEAD"],
        check=True, capture_output=True,
    ).stdout
    entries = []
    for item in tree.split(b"\0"):
        if not item:
            continue
        meta, path = item.split(b"\t", 1)
        mode, kind, oid = meta.split()
        if kind == b"blob":
            entries.append((oid.decode(), path.decode("utf-8", "surrogateescape")))
    cat = subprocess.Popen(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    missing = 0
    for oid, path in entries:
        cat.stdin.write(oid.encode() + b"\n")
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if len(header) < 3:
            missing += 1
            continue
        size = int(header[2])
        data = cat.stdout.read(size)
        cat.stdout.read(1)
        target = os.path.join(dest, path)
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    cat.stdin.close()
    cat.wait()
    print(f"{git_dir}: {len(entries) - missing} files, {missing} missing blobs skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
