#!/usr/bin/env bash
# Installs keylint for the GitHub Action from the action's own source (KEYLINT_SOURCE) into
# ~/.keylint (cached by the action between runs), and puts it on PATH for later steps.
set -euo pipefail
root="$HOME/.keylint"
want=$(sed -n 's/^version = "\(.*\)"/\1/p' "$KEYLINT_SOURCE/Cargo.toml" | head -n 1)
if [ -x "$root/bin/keylint" ] && "$root/bin/keylint" --version | grep -qx "keylint $want"; then
    echo "keylint $want (cached)"
else
    cargo install --locked --quiet --path "$KEYLINT_SOURCE" --root "$root" --force
fi
echo "$root/bin" >>"${GITHUB_PATH:?GITHUB_PATH is set by the runner}"
