#!/usr/bin/env bash
# Runs every cargo fuzz target for a bounded time and prints libFuzzer's execution count for
# each. Usage: fuzz/run.sh [SECONDS per target, default 60] [TARGET...]
#
# Only the stable toolchain is needed: RUSTC_BOOTSTRAP=1 unlocks the flags cargo fuzz uses.
# FUZZ_RUNS=N runs N inputs per target from a fixed seed instead (CI's smoke pass: the same inputs
# on every run, so a pass cannot turn red by chance; a long timed run is how new crashes are found).
# FUZZ_SANITIZER (default none: the code is safe Rust, and an unsanitized build compiles and runs
# several times faster) selects another, e.g. FUZZ_SANITIZER=address.
# A crash leaves its input in fuzz/artifacts/<target>/; turn it into a regression test in the
# crate it comes from, fix it, and keep the input in fuzz/seeds/<target>/ (corpus/ is not
# checked in).
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dotenv engine config gitleaks pack)
sanitizer=${FUZZ_SANITIZER:-none}

export RUSTC_BOOTSTRAP=1 CARGO_INCREMENTAL=0
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

if [ -n "${FUZZ_RUNS:-}" ]; then
    budget=(-runs="$FUZZ_RUNS" -seed=1)
    what="$FUZZ_RUNS runs"
else
    budget=(-max_total_time="$seconds")
    what="${seconds}s"
fi

status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "seeds/$target"
    log=$(mktemp)
    # Seeds (checked in) are read, new inputs go to the corpus (not checked in).
    if cargo fuzz run -s "$sanitizer" "$target" "corpus/$target" "seeds/$target" -- \
        "${budget[@]}" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        status=1
        tail -40 "$log"
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz $target: $result, ${runs:-?} executions (${what})"
    rm -f "$log"
done
exit $status
