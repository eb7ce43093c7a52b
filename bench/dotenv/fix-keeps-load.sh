#!/usr/bin/env bash
# How many generated messy .env files load differently (real python-dotenv, the loader of
# record) after `keylint env --fix`, and after `--fix --unsafe-fixes`, for one or two keylint
# binaries (e.g. main's and this branch's).
# Usage: bench/dotenv/fix-keeps-load.sh [COUNT] [SEED] [KEYLINT_BINARY…]
#   defaults: 2000 files, seed 2026, target/release/keylint (built when absent).
# "Changed" means a key python-dotenv set before has another value, or is gone, after the fix;
# the last figure leaves out what documented fixes change on purpose (LIVEKIT_KEYS's missing
# space; under --unsafe-fixes, renames of non-canonical keys and invisible characters removed).
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-2000}
seed=${2:-2026}
shift $(( $# < 2 ? $# : 2 ))
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
    [ -x target/release/keylint ] || cargo build --release -q
    bins=("$PWD/target/release/keylint")
fi
venv=target/python-dotenv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'python-dotenv>=1.2,<1.3'
fi
cargo build -q -p keylint-dotenv --example dotenv_model
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/debug/examples/dotenv_model generate "$seed" "$count" "$work/original"
for bin in "${bins[@]}"; do
    for mode in fix unsafe; do
        rm -rf "$work/$mode" && cp -r "$work/original" "$work/$mode"
        flags=(--fix)
        [ "$mode" = unsafe ] && flags+=(--unsafe-fixes)
        (cd "$work/$mode" && "$bin" env "${flags[@]}" --format concise . >/dev/null 2>&1) || true
    done
    env -i "$venv/bin/python" - "$work" "$bin" <<'PY'
import logging, os, re, sys
from dotenv import dotenv_values
logging.disable(logging.CRITICAL)
work, binary = sys.argv[1], sys.argv[2]
names = sorted(os.listdir(os.path.join(work, "original")))
canonical = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
invisible = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad\u00a0\u202f\u2007\u2018\u2019\u201c\u201d\r]")
for mode in ("fix", "unsafe"):
    changed = lost = values = unexplained = 0
    for name in names:
        before = {k: v for k, v in dotenv_values(os.path.join(work, "original", name)).items() if v is not None}
        after = dotenv_values(os.path.join(work, mode, name))
        gone = [k for k in before if k not in after or after[k] is None]
        differ = [k for k in before if k not in gone and after[k] != before[k]]
        if gone or differ:
            changed += 1
        lost += len(gone)
        values += len(differ)
        # What no documented fix explains: LIVEKIT_KEYS gets its space (safe, on purpose);
        # --unsafe-fixes renames non-canonical keys and removes invisible characters.
        def explained(k):
            if k == "LIVEKIT_KEYS":
                return True
            return mode == "unsafe" and (not canonical.match(k) or bool(invisible.search(before[k])))
        if any(not explained(k) for k in gone + differ):
            unexplained += 1
    flag = "--fix" if mode == "fix" else "--fix --unsafe-fixes"
    print(f"{binary}: {flag}: {changed} of {len(names)} files load differently ({values} values changed, "
          f"{lost} keys lost); {unexplained} files not explained by a documented rename or change")
PY
done
