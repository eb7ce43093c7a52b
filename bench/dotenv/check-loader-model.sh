#!/usr/bin/env bash
# Checks keylint's python-dotenv model (crates/keylint-dotenv/src/loader.rs) against the real
# python-dotenv on generated messy .env files: any difference fails (exit 1).
# Usage: bench/dotenv/check-loader-model.sh [COUNT] [SEED]   (defaults: 300 files, seed 2026)
# The virtualenv lives in target/python-dotenv (created once, python-dotenv from PyPI).
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-300}
seed=${2:-2026}
venv=target/python-dotenv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'python-dotenv>=1.2,<1.3'
fi
cargo build -q -p keylint-dotenv --example dotenv_model
model=target/debug/examples/dotenv_model
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$model" generate "$seed" "$count" "$work/files"
"$model" load "$work"/files/*.env >"$work/model.jsonl"
# An empty environment: python-dotenv lets os.environ answer ${NAME} for names the file lacks.
env -i "$venv/bin/python" - "$work/model.jsonl" <<'PY'
import json, logging, sys
from dotenv import dotenv_values
logging.disable(logging.CRITICAL)
diffs = 0
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for line in lines:
    case = json.loads(line)
    real = dict(dotenv_values(case["file"]))
    if real != case["vars"]:
        diffs += 1
        if diffs <= 5:
            print("DIFF", case["file"], repr(open(case["file"], encoding="utf-8", newline="").read()))
            print("  python-dotenv:", real)
            print("  model:        ", case["vars"])
print(f"loader model vs python-dotenv: {len(lines)} files, {diffs} differences")
sys.exit(1 if diffs else 0)
PY
