#!/usr/bin/env bash
# Hook latency: a 10-file commit in a 10,000-file repository, the whole process (start, config,
# rules, index diff, scan, exit), median of RUNS runs, against gitleaks' pre-commit mode in the
# same run.
#
#   bash bench/hooks/run.sh                 # FILES=10000 CHANGED=10 RUNS=30
#   KEYLINT=/path/to/keylint GITLEAKS=/path/to/gitleaks bash bench/hooks/run.sh
#
# Needs hyperfine (for the medians) and git; gitleaks is optional (skipped when absent).
# The repository is synthetic and clean (TS, Dart, YAML, JSON, Markdown, ~1.5 KB each), so the
# figures are the cost of a commit that passes — the common case.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
FILES=${FILES:-10000}
CHANGED=${CHANGED:-10}
RUNS=${RUNS:-30}
KEYLINT=${KEYLINT:-$root/target/release/keylint}
if [ -z "${GITLEAKS:-}" ]; then
    if command -v gitleaks >/dev/null 2>&1; then
        GITLEAKS=$(command -v gitleaks)
    elif [ -x /opt/peers/bin/gitleaks ]; then
        GITLEAKS=/opt/peers/bin/gitleaks
    else
        GITLEAKS=""
    fi
fi
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }
if [ ! -x "$KEYLINT" ]; then
    echo "building keylint (release)" >&2
    (cd "$root" && cargo build --release --quiet --bin keylint)
fi

work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/keylint-hook-bench.XXXXXX")}
mkdir -p "$work"
repo="$work/repo"
export GIT_CONFIG_GLOBAL="$work/gitconfig" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
: >"$GIT_CONFIG_GLOBAL"

if [ ! -d "$repo/.git" ]; then
    echo "generating a $FILES-file repository in $repo" >&2
    mkdir -p "$repo"
    python3 - "$repo" "$FILES" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
words = "config server client token room user stream audio video session route handler".split()
def body(ext, i):
    lines = []
    for j in range(40):
        a, b = rng.choice(words), rng.choice(words)
        if ext == "ts":
            lines.append(f"export const {a}{j}_{i} = process.env.{b.upper()}_{j} ?? '{a}-{b}';")
        elif ext == "dart":
            lines.append(f"  static const String {a}{j} = '{b} {a} {j}';")
        elif ext == "yaml":
            lines.append(f"{a}_{j}: {b}-{i}")
        elif ext == "json":
            lines.append(f'  "{a}_{j}": "{b}-{i}",')
        else:
            lines.append(f"The {a} {b} section {j} of document {i}.")
    return "\n".join(lines) + "\n"
exts = ["ts", "ts", "ts", "dart", "dart", "yaml", "json", "md"]
for i in range(count):
    ext = exts[i % len(exts)]
    d = os.path.join(root, f"pkg{i % 100:02d}", f"mod{(i // 100) % 10}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i}.{ext}"), "w") as f:
        f.write(body(ext, i))
PY
    git -C "$repo" init --quiet -b main
    git -C "$repo" add -A
    git -C "$repo" commit --quiet -m "synthetic repository"
fi

# The commit being checked: CHANGED files, a few lines added to each.
changed=()
mapfile -t tracked < <(git -C "$repo" ls-files | head -n "$((CHANGED * 97))" | awk 'NR % 97 == 1')
for path in "${tracked[@]:0:$CHANGED}"; do
    printf '// edited for the benchmark: %s\n' "$RANDOM" >>"$repo/$path"
    changed+=("$path")
done
git -C "$repo" add -- "${changed[@]}"
echo "staged: $(git -C "$repo" diff --cached --name-only | wc -l) files of $(git -C "$repo" ls-files | wc -l)" >&2

cmds=(
    -n "keylint hook pre-commit (native hook)" "$KEYLINT hook pre-commit"
    -n "keylint hook pre-commit FILES (pre-commit framework)" "$KEYLINT hook pre-commit ${changed[*]}"
    -n "keylint scan --staged" "$KEYLINT scan --staged"
)
if [ -n "$GITLEAKS" ]; then
    cmds+=(-n "gitleaks git --pre-commit --staged" "$GITLEAKS git --pre-commit --staged --no-banner --log-level error --exit-code 0")
fi
cd "$repo"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/hooks.json" "${cmds[@]}" >&2
python3 - "$work/hooks.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
print(f"{'command':58} {'median':>9} {'mean':>9} {'min':>9}")
for r in doc["results"]:
    print(f"{r['command']:58} {r['median']*1000:7.1f}ms {r['mean']*1000:7.1f}ms {r['min']*1000:7.1f}ms")
PY
echo "(repository kept in $repo; WORK=$work reuses it)" >&2
