#!/usr/bin/env bash
# Whole-process cost of a file dense with findings: N synthetic AWS access key ids (default
# 160,000), one a line. keylint reports the first 1,000 per rule and file and warns; the cost must
# grow linearly with N (snippets that masked their neighbours by scanning every finding once made
# this quadratic: 20 s at 160,000). Prints wall time and peak RSS for N and N/4.
#
#   bench/dense-findings.sh [N] [KEYLINT_BIN]
set -euo pipefail
n=${1:-160000}
bin=${2:-target/release/keylint}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ids() {
  python3 - "$1" <<'PY'
import random, sys
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
rng = random.Random(160)
prefix = "AK" + "IA"  # assembled so this script does not look like a key itself
for _ in range(int(sys.argv[1])):
    print(prefix + "".join(rng.choice(alphabet) for _ in range(16)))
PY
}
for count in $((n / 4)) "$n"; do
  ids "$count" >"$work/ids-$count.txt"
  /usr/bin/time -f "$count ids: %e s wall, %M KB peak RSS" \
    "$bin" --no-config scan "$work/ids-$count.txt" -f json >/dev/null 2>"$work/err" || true
  tail -1 "$work/err"
done
