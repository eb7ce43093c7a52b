#!/usr/bin/env bash
# What the rule catalog costs a tree scan: two keylint binaries (A, the one measured, and B, the
# baseline) on the same trees, compared three ways.
#
#   bench/catalog-cost.sh A_BIN B_BIN TREE...
#
# For each TREE:
#   * findings: the `findings` arrays of both JSON reports, each finding byte for byte, in
#     sorted order (the walk is parallel: the order of files is not part of what is compared);
#   * instructions: callgrind's total for the main process (load-independent;
#     `--trace-children=no`), when CALLGRIND=1 (slow: ~50x a normal run), and the start-up
#     cost (a scan of an empty directory: what a pre-commit hook pays on every commit);
#   * CPU seconds (user + sys, /usr/bin/time): RUNS pairs (default 5) run A B A B … after one
#     warm-up each; prints each run and the median of A, of B and of the per-pair ratios A/B.
#     On a shared machine wall time is queueing: read CPU time.
# Every scan: `keylint scan --no-config --exit-zero -f json -o OUT TREE`.
# Requires: bash, python3, /usr/bin/time (GNU), valgrind (CALLGRIND=1 only).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,16p' "$0"; exit 2; }
A=$1 B=$2
shift 2
RUNS=${RUNS:-5}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

scan() { "$1" scan --no-config --exit-zero -f json -o "$2" "$3"; }
cpu() { # prints user+sys seconds of one scan
  /usr/bin/time -f '%U %S' -o "$OUT/time" "$1" scan --no-config --exit-zero -f json -o /dev/null "$2" >/dev/null 2>&1
  awk '{print $1 + $2}' "$OUT/time"
}

for TREE in "$@"; do
  echo "== $TREE ($(du -sh "$TREE" | cut -f1))"
  scan "$A" "$OUT/a.json" "$TREE"
  scan "$B" "$OUT/b.json" "$TREE"
  python3 - "$OUT/a.json" "$OUT/b.json" <<'PY'
import json, sys
a, b = (sorted(json.dumps(f, sort_keys=True) for f in json.load(open(p))["findings"])
        for p in sys.argv[1:3])
n = len(json.load(open(sys.argv[1]))["findings"])
print(f"findings: {n} in A, {'equal' if a == b else 'DIFFER'} to B")
PY
  if [ "${CALLGRIND:-0}" = 1 ]; then
    mkdir -p "$OUT/empty"
    for X in A B; do
      BIN=$A; [ $X = B ] && BIN=$B
      for T in "$TREE" "$OUT/empty"; do
        valgrind --tool=callgrind --trace-children=no --callgrind-out-file="$OUT/cg.$X" \
          "$BIN" scan --no-config --exit-zero -f json -o /dev/null "$T" 2>"$OUT/cg.$X.log" >/dev/null
        WHAT=instructions; [ "$T" = "$OUT/empty" ] && WHAT="start-up instructions"
        echo "$WHAT $X: $(grep -o 'Collected : [0-9]*' "$OUT/cg.$X.log" | head -1 | grep -o '[0-9]*')"
      done
    done
  fi
  cpu "$A" "$TREE" >/dev/null
  cpu "$B" "$TREE" >/dev/null
  : >"$OUT/pairs"
  for _ in $(seq "$RUNS"); do
    echo "$(cpu "$A" "$TREE") $(cpu "$B" "$TREE")" >>"$OUT/pairs"
  done
  python3 - "$OUT/pairs" <<'PY'
import statistics, sys
pairs = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
for a, b in pairs:
    print(f"  cpu s  A {a:.2f}  B {b:.2f}  A/B {a / b:.3f}")
med = statistics.median
print(f"median cpu s: A {med(a for a, _ in pairs):.2f}, B {med(b for _, b in pairs):.2f}, "
      f"A/B {med(a / b for a, b in pairs):.3f} ({len(pairs)} pairs)")
PY
done
