#!/usr/bin/env bash
# keylint env vs dotenv-linter on the same generated .env files: median wall time of RUNS runs.
# Usage: bench/dotenv/compare.sh [DIRS] [RUNS]   (needs `cargo install dotenv-linter`, or
# DOTENV_LINTER=/path/to/dotenv-linter; builds keylint in release mode)
set -euo pipefail
cd "$(dirname "$0")/../.."
DIRS=${1:-200}
RUNS=${2:-9}
DOTENV_LINTER=${DOTENV_LINTER:-$(command -v dotenv-linter || echo /opt/peers/bin/dotenv-linter)}
[ -n "${KEYLINT:-}" ] || cargo build --release -q
KEYLINT=${KEYLINT:-$PWD/target/release/keylint}
CORPUS=$(mktemp -d)
trap 'rm -rf "$CORPUS"' EXIT
python3 - "$CORPUS" "$DIRS" <<'PY'
import os, random, sys
root, dirs = sys.argv[1], int(sys.argv[2])
r = random.Random(7)
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
g = lambda n: "".join(r.choice(A) for _ in range(n))
lines = [
    lambda: f"PORT={r.randint(1000, 9999)}",
    lambda: f"DATABASE_URL=postgres://db:5432/app{r.randint(1, 9)}",
    lambda: f"OPENAI_API_KEY=sk-proj-{g(40)}T3BlbkFJ{g(40)}",
    lambda: f"LIVEKIT_API_SECRET={g(r.choice([6, 40]))}",
    lambda: "LIVEKIT_KEYS=\"devkey:secret\"",
    lambda: f"APP_NAME = app{r.randint(1, 99)}",
    lambda: "# a comment",
    lambda: "",
    lambda: f"GROQ_API_KEY=gsk_{g(52)}",
    lambda: "GOOGLE_API_KEY=AIza...",
    lambda: f"lower_key_{r.randint(1, 99)}=\"quoted\"",
    lambda: f"FEATURE_{r.randint(1, 999)}=true  ",
]
for d in range(dirs):
    path = os.path.join(root, f"svc{d}")
    os.makedirs(path)
    for name in (".env", ".env.local"):
        with open(os.path.join(path, name), "w") as f:
            f.write("\n".join(r.choice(lines)() for _ in range(60)) + "\n")
PY
# A second corpus of valid files (what CI sees on a healthy repo): 55 sorted keys, real-looking
# provider keys that fit their formats.
CLEAN=$(mktemp -d)
trap 'rm -rf "$CORPUS" "$CLEAN"' EXIT
python3 - "$CLEAN" "$DIRS" <<'PY'
import os, random, sys
root, dirs = sys.argv[1], int(sys.argv[2])
r = random.Random(8)
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
g = lambda n: "".join(r.choice(A) for _ in range(n))
for d in range(dirs):
    path = os.path.join(root, f"svc{d}")
    os.makedirs(path)
    for name in (".env", ".env.local"):
        body = [f"APP_SETTING_{i:02}=value{r.randint(1, 999)}" for i in range(50)]
        body += [f"GROQ_API_KEY=gsk_{g(52)}", f"LIVEKIT_API_SECRET={g(40)}",
                 "LIVEKIT_URL=wss://x.livekit.cloud", f"OPENAI_API_KEY=sk-proj-{g(40)}T3BlbkFJ{g(40)}"]
        with open(os.path.join(path, name), "w") as f:
            f.write("\n".join(body) + "\n")
PY
files=$(find "$CORPUS" -type f | wc -l)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
run_median() { for _ in $(seq "$RUNS"); do time_ms "$@"; done | median; }
kl=$(run_median "$KEYLINT" --no-config env "$CORPUS")
kl_concise=$(run_median "$KEYLINT" --no-config env --format concise "$CORPUS")
kl_json=$(run_median "$KEYLINT" --no-config env --format json "$CORPUS")
dl=$(run_median "$DOTENV_LINTER" check --recursive --skip-updates --plain "$CORPUS")
klc=$(run_median "$KEYLINT" --no-config env "$CLEAN")
dlc=$(run_median "$DOTENV_LINTER" check --recursive --skip-updates --plain "$CLEAN")
problems=$("$KEYLINT" --no-config env --format concise "$CORPUS" 2>/dev/null | grep -c ': ' || true)
echo "$files files, $DIRS directories, 54-60 lines each; median of $RUNS runs (all keylint runs: all default checks)"
echo "valid files:   keylint env ${klc} ms, dotenv-linter ${dlc} ms"
echo "a problem on most lines ($problems keylint problems):"
echo "  keylint env (snippets, default):     ${kl} ms"
echo "  keylint env --format concise:        ${kl_concise} ms"
echo "  keylint env --format json:           ${kl_json} ms"
echo "  dotenv-linter check --recursive:     ${dl} ms"
