#!/usr/bin/env bash
# History audit benchmark: a 10,000-commit repository built with `git fast-import` from real files
# of the npm benchmark corpus (bench/make-corpus.sh), then `keylint scan --history` vs
# `gitleaks git` (wall time and peak RSS, one run each unless RUNS is set).
#   bench/history/run.sh [REPO_DIR]     (KEYLINT, GITLEAKS, CORPUS override the defaults)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
REPO=${1:-/tmp/keylint-history-bench}
CORPUS=${CORPUS:-/tmp/keylint-corpus/packages}
KEYLINT=$(realpath "${KEYLINT:-$here/../../target/release/keylint}")
GITLEAKS=${GITLEAKS:-$(command -v gitleaks || echo /opt/peers/bin/gitleaks)}
OUT=$(mktemp -d /tmp/keylint-history.XXXXXX)
[ -d "$CORPUS" ] || bash "$here/../make-corpus.sh" "$(dirname "$CORPUS")"
[ -x "$KEYLINT" ] || (cd "$here/../.." && cargo build --release)
if [ ! -d "$REPO/.git" ]; then
  CORPUS="$CORPUS" python3 "$here/make-repo.py" "$REPO"
fi
echo "repo: $REPO ($(git -C "$REPO" rev-list --count --all) commits)"
t() { /usr/bin/time -f "%e s wall, %M KB peak RSS" "$@"; }
echo "keylint:"; (cd "$REPO" && t "$KEYLINT" scan --history --no-config --exit-zero -f json -o "$OUT/keylint.json" .)
echo "gitleaks:"; (cd "$REPO" && t "$GITLEAKS" git --no-banner --log-level error --exit-code 0 -f json -r "$OUT/gitleaks.json" .)
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
print("findings: keylint", len(json.load(open(out + "/keylint.json"))["findings"]),
      "gitleaks", len(json.load(open(out + "/gitleaks.json"))))
PY
