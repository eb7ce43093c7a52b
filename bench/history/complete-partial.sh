#!/usr/bin/env bash
# Rebuilds a partial (promisor) clone as a complete repository, so that every history scanner
# can read all of it. Fetches nothing.
#
#   bench/history/complete-partial.sh PARTIAL OUT
#
# gitleaks and Betterleaks run `git log -p`, which stops at the first object a partial clone
# lacks (gitleaks then reports "no leaks found" with exit 0). This keeps every commit, tree,
# path, author, date and message of PARTIAL's branches and tags, and replaces each blob it lacks
# with the empty blob: the scanners all read the same complete history. Commit ids change
# (their trees do); the count of replaced blobs is printed, say it with any figure measured.
# Blob deltas are reused from PARTIAL's pack, so the result's pack is laid out like a clone's.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 PARTIAL OUT" >&2; exit 2; }
src=$(cd "$1" && git rev-parse --absolute-git-dir)
out=$2
[ -e "$out" ] && { echo "$out exists" >&2; exit 2; }
git init -q --bare "$out"
# Reads PARTIAL's objects in place until the final repack copies what is kept.
echo "$src/objects" > "$out/objects/info/alternates"
missing=$(mktemp)
trap 'rm -f "$missing"' EXIT
git -C "$src" rev-list --branches --tags --objects --missing=print | sed -n 's/^?//p' | sort -u > "$missing"
empty=$(git -C "$out" hash-object -w --stdin < /dev/null)
# `M <mode> <id> <path>` lines naming a missing blob get the empty blob; `data` payloads
# (messages) are copied byte for byte.
git -C "$src" fast-export --branches --tags --no-data --signed-tags=strip \
    --tag-of-filtered-object=drop --reencode=no |
  python3 -c '
import sys
missing = set(open(sys.argv[1]).read().split())
empty = sys.argv[2].encode()
source, sink = sys.stdin.buffer, sys.stdout.buffer
replaced = 0
for line in iter(source.readline, b""):
    if line.startswith(b"data "):
        sink.write(line)
        sink.write(source.read(int(line[5:])))
        continue
    if line.startswith(b"M "):
        fields = line.split(b" ", 3)
        if fields[2].decode() in missing:
            fields[2] = empty
            line = b" ".join(fields)
            replaced += 1
    sink.write(line)
sys.stderr.write(f"file entries pointed at the empty blob: {replaced}\n")
' "$missing" "$empty" |
  git -C "$out" fast-import --quiet
git -C "$out" repack -a -d -q
rm "$out/objects/info/alternates"
git -C "$out" fsck --connectivity-only --no-dangling
echo "blobs missing from $1: $(wc -l < "$missing")"
echo "commits: $(git -C "$out" rev-list --all --count)"
