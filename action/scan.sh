#!/usr/bin/env bash
# The GitHub Action's scan step. Inputs arrive as environment variables (never expanded into
# this script): KEYLINT_ARGS, KEYLINT_FAIL_ON, KEYLINT_SARIF. Annotations go to stdout, a summary
# table to $GITHUB_STEP_SUMMARY (keylint writes it when the variable is set); the step's outputs
# `findings` and `sarif` go to $GITHUB_OUTPUT. keylint's exit code is the step's: 0 clean,
# 1 findings at or above fail-on, 2 keylint could not do its job.
set -uo pipefail
read -r -a args <<<"${KEYLINT_ARGS:-.}"
[ "${#args[@]}" -gt 0 ] || args=(.)
reports=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
jsonl=$(mktemp "$reports/keylint-findings.XXXXXX")
cmd=(keylint scan --format github --report "jsonl=$jsonl")
if [ -n "${KEYLINT_SARIF:-}" ]; then
    cmd+=(--report "sarif=$KEYLINT_SARIF")
fi
case "${KEYLINT_FAIL_ON:-high}" in
    never | none) cmd+=(--exit-zero) ;;
    *) cmd+=(--fail-on "$KEYLINT_FAIL_ON") ;;
esac
"${cmd[@]}" "${args[@]}"
status=$?
findings=$(grep -c . "$jsonl" 2>/dev/null || true)
rm -f "$jsonl"
output=${GITHUB_OUTPUT:-/dev/null}
{
    echo "findings=${findings:-0}"
    if [ -n "${KEYLINT_SARIF:-}" ] && [ -f "$KEYLINT_SARIF" ]; then
        echo "sarif=$KEYLINT_SARIF"
    fi
} >>"$output"
exit "$status"
