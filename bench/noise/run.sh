#!/usr/bin/env bash
# Noise corpus: scan the HEAD trees of the real repositories mirrored under /work/.mirror with
# default settings and report fail-level findings per repository and per rule.
#
#   bench/noise/run.sh WORKDIR [KEYLINT_BIN] [LABEL]
#
# WORKDIR/src/<owner>+<name>  extracted trees (made once; nothing is fetched)
# WORKDIR/out/<LABEL>/<repo>.jsonl   keylint findings (LABEL defaults to "keylint")
# WORKDIR/out/kingfisher|gitleaks/<repo>.json(l)  peers from /opt/peers/bin, when present
# Peers are run once per WORKDIR (delete their out dir to re-run them).
set -euo pipefail
work=${1:?usage: run.sh WORKDIR [KEYLINT_BIN] [LABEL]}
bin=${2:-keylint}
label=${3:-keylint}
mirror=${MIRROR:-/work/.mirror}
peers=${PEERS:-/opt/peers/bin}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work/src" "$work/out/$label"
work=$(cd "$work" && pwd)

for git_dir in "$mirror"/*/repo; do
  repo=$(basename "$(dirname "$git_dir")")
  src="$work/src/$repo"
  if [ ! -d "$src" ]; then
    rm -rf "$src.tmp" && mkdir -p "$src.tmp"
    # A snapshot may lack its largest blobs: git archive stops at the first one.
    if ! git --git-dir="$git_dir" archive HEAD 2>/dev/null | tar -x -C "$src.tmp" 2>/dev/null; then
      rm -rf "$src.tmp" && mkdir -p "$src.tmp"
      python3 "$here/extract.py" "$git_dir" "$src.tmp"
    fi
    mv "$src.tmp" "$src"
  fi
  # Default settings: no flags beyond the machine format; a scan error (exit 2) stops the run.
  (cd "$src" && "$bin" scan . -f jsonl --exit-zero >"$work/out/$label/$repo.jsonl")
  if [ -x "$peers/kingfisher" ] && [ ! -e "$work/out/kingfisher/$repo.jsonl" ]; then
    mkdir -p "$work/out/kingfisher"
    (cd "$src" && "$peers/kingfisher" scan . --no-validate -f jsonl \
      >"$work/out/kingfisher/$repo.jsonl" 2>/dev/null || true)
  fi
  if [ -x "$peers/gitleaks" ] && [ ! -e "$work/out/gitleaks/$repo.json" ]; then
    mkdir -p "$work/out/gitleaks"
    (cd "$src" && "$peers/gitleaks" dir . -r "$work/out/gitleaks/$repo.json" -f json \
      --exit-code 0 >/dev/null 2>&1 || true)
  fi
done
python3 "$here/summarize.py" "$work/out" "$label"
