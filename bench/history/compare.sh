#!/usr/bin/env bash
# History audits on real repositories: keylint (and optionally a baseline keylint) against the
# peer scanners, same machine, same run. Fetches nothing: it takes repository paths (a bare or
# mirror clone, or a work tree) and audits every ref each one holds; prepare the clone with the
# refs you mean to measure (e.g. `git clone --bare MIRROR` keeps heads and tags, drops PR refs).
#
#   bench/history/compare.sh REPO...
#
# Environment:
#   KEYLINT   keylint binary (default: target/release/keylint of this checkout; build it as
#             shipped: cargo build --release --features zlib-ng)
#   BASE      a second keylint binary measured the same way (e.g. a copy of main's), optional
#   PEERS     peers to run, space-separated (default: "gitleaks betterleaks kingfisher"); a peer
#             not found in PATH or /opt/peers/bin is left out
#   RUNS      runs per tool and repository (default 3); tools are interleaved run by run, so
#             load from other processes hits them alike; the table shows medians
#
# Output: one line per run on stderr, then a Markdown table (median wall s, median CPU s = user +
# system, median peak RSS MB, findings of the last run) on stdout: on a shared machine CPU
# seconds move less with the load than wall seconds. Commit counts are `git rev-list --all --count`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 REPO..." >&2; exit 2; }
KEYLINT=$(realpath "${KEYLINT:-$here/../../target/release/keylint}")
RUNS=${RUNS:-3}
PEERS=${PEERS:-gitleaks betterleaks kingfisher}
OUT=$(mktemp -d /tmp/keylint-history-compare.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
[ -x "$KEYLINT" ] || { echo "no keylint binary at $KEYLINT (cargo build --release --features zlib-ng)" >&2; exit 2; }

find_tool() { command -v "$1" 2>/dev/null || { [ -x "/opt/peers/bin/$1" ] && echo "/opt/peers/bin/$1"; } || true; }

tools=(keylint)
[ -n "${BASE:-}" ] && tools+=(base)
for peer in $PEERS; do
  [ -n "$(find_tool "$peer")" ] && tools+=("$peer") || echo "skipping $peer: not installed" >&2
done

# run TOOL REPO REPORT: the audit, with its report written to REPORT.
run() {
  local tool=$1 repo=$2 report=$3
  case $tool in
    keylint | base)
      local bin=$KEYLINT
      [ "$tool" = base ] && bin=$(realpath "$BASE")
      (cd "$repo" && "$bin" scan --history --no-config --exit-zero -f json -o "$report" .) ;;
    gitleaks | betterleaks)
      "$(find_tool "$tool")" git --no-banner --log-level error --exit-code 0 \
        --log-opts=--all -f json -r "$report" "$repo" 2>/dev/null ||
        "$(find_tool "$tool")" git --no-banner --log-level error --exit-code 0 \
          --log-opts=--all -o "$report" "$repo" ;;
    kingfisher)
      "$(find_tool kingfisher)" scan "$repo" --git-history full --no-validate --no-update-check \
        --format json --output "$report" --quiet ;;
  esac
}

# findings REPORT TOOL: how many findings a report holds.
findings() {
  python3 - "$1" "$2" <<'PY'
import json, sys
path, tool = sys.argv[1], sys.argv[2]
try:
    text = open(path).read()
except OSError:
    print("?"); sys.exit()
try:
    doc = json.loads(text)
except ValueError:  # JSON lines
    doc = [json.loads(l) for l in text.splitlines() if l.strip()]
if isinstance(doc, dict):
    doc = doc.get("findings", doc.get("matches", []))
print(len(doc))
PY
}

echo "| repository | commits | tool | wall s (median of $RUNS) | CPU s (median) | peak RSS MB (median) | findings |"
echo "|---|---|---|---|---|---|---|"
for repo in "$@"; do
  repo=$(realpath "$repo")
  commits=$(git -C "$repo" rev-list --all --count)
  declare -A walls=() cpus=() rss=()
  for ((i = 1; i <= RUNS; i++)); do
    for tool in "${tools[@]}"; do
      report="$OUT/$tool.json"
      rm -f "$report"
      /usr/bin/time -f "%e %M %U %S" -o "$OUT/time" bash -c "$(declare -f run find_tool); KEYLINT='$KEYLINT' BASE='${BASE:-}' run $tool '$repo' '$report'" >/dev/null 2>"$OUT/$tool.err" ||
        echo "$tool failed on $repo (run $i): $(tail -1 "$OUT/$tool.err")" >&2
      read -r wall kb user sys < <(tail -1 "$OUT/time")
      walls[$tool]+="$wall "
      cpus[$tool]+="$(echo "$user + $sys" | bc) "
      rss[$tool]+="$kb "
      echo "$(basename "$repo") $tool run $i: ${wall} s wall, $user+$sys s CPU, $((kb / 1024)) MB" >&2
    done
  done
  median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  for tool in "${tools[@]}"; do
    w=$(echo "${walls[$tool]}" | median)
    c=$(echo "${cpus[$tool]}" | median)
    m=$(echo "${rss[$tool]}" | median)
    echo "| $(basename "$repo") | $commits | $tool | $w | $c | $((m / 1024)) | $(findings "$OUT/$tool.json" "$tool") |"
  done
  unset walls cpus rss
done
