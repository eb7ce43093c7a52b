#!/usr/bin/env bash
# End-to-end test of keylint's .pre-commit-hooks.yaml with the real pre-commit framework.
#
# Installs pre-commit from PyPI into a virtualenv, validates the manifest, then in temp repos:
# a leaking commit is refused (try-repo and a real `git commit`), a clean one passes, `SKIP=`
# works, a .env with spaces around `=` is reported, and a pre-push of a leaking commit is refused.
#
# pre-commit builds the hooks with `cargo install --path .` from a clone of the committed HEAD
# (uncommitted changes are not tested). The build is the slow part: the hook environment
# (PRE_COMMIT_HOME) and cargo's target directory (CARGO_TARGET_DIR) live under $E2E_HOME and are
# reused across runs, so a rerun at the same commit builds nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
E2E_HOME=${KEYLINT_E2E_HOME:-$root/target/e2e}
mkdir -p "$E2E_HOME"
E2E_HOME=$(cd "$E2E_HOME" && pwd)
export PRE_COMMIT_HOME="$E2E_HOME/pre-commit-home"
export CARGO_TARGET_DIR="$E2E_HOME/cargo-target"
export PRE_COMMIT_COLOR=never NO_COLOR=1
# A neutral git: no user config, fixed identity.
export GIT_CONFIG_GLOBAL="$E2E_HOME/gitconfig" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.org
export GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.org
printf '[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n' >"$GIT_CONFIG_GLOBAL"

venv="$E2E_HOME/venv"
if [ ! -x "$venv/bin/pre-commit" ]; then
    echo "--- installing pre-commit from PyPI into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
fi
pc="$venv/bin/pre-commit"
echo "--- $("$pc" --version)"

echo "--- pre-commit validate-manifest"
"$pc" validate-manifest "$root/.pre-commit-hooks.yaml"

# The hooks repository: a clone of HEAD at a fixed path (pre-commit caches the built hook per
# path and commit). Never the working tree: other people's uncommitted work stays out.
src="$E2E_HOME/keylint-src"
rm -rf "$src"
git clone --quiet --no-hardlinks "$root" "$src"
rev=$(git -C "$src" rev-parse HEAD)
echo "--- hooks from $src at $rev"

work=$(mktemp -d "${TMPDIR:-/tmp}/keylint-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT

failures=0
pass() { echo "ok: $*"; }
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# A synthetic OpenAI project key (the marker is split so this file holds no key).
rand() {
    local s=""
    while [ "${#s}" -lt "$1" ]; do
        s="$s$(head -c 256 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
    done
    printf '%s' "${s:0:$1}"
}
key="sk-proj-$(rand 40)T3Bl""bkFJ$(rand 40)"

new_repo() {
    local dir="$work/$1"
    git init --quiet "$dir"
    (cd "$dir" && printf '# demo\n' >README.md && git add README.md && git commit --quiet -m init)
    echo "$dir"
}

# expect NAME CODE OUTPUT-REGEX -- command...: runs the command, checks exit code and output.
expect() {
    local name=$1 want=$2 pattern=$3
    shift 4
    local out code=0
    out=$("$@" 2>&1) || code=$?
    if [ "$code" = "$want" ] && printf '%s' "$out" | grep -Eq -- "$pattern"; then
        pass "$name"
    else
        fail "$name (exit $code, wanted $want and /$pattern/)"
        printf '%s\n' "$out" | sed 's/^/    | /'
    fi
}

echo "--- try-repo: a leaking staged file is refused (builds the hook in a throwaway store)"
repo=$(new_repo try)
cd "$repo"
mkdir -p lib
printf "class AppConfig {\n  static const String openAiKey = '%s';\n}\n" "$key" >lib/app_config.dart
git add lib/app_config.dart
expect "try-repo refuses a staged leak" 1 "commit blocked.*1 secret" -- \
    "$pc" try-repo "$src" keylint --ref "$rev"

# try-repo builds in a temporary store every time; the rest uses a config pointing at the same
# clone and commit, built once in PRE_COMMIT_HOME and reused by later runs.
echo "--- installed hooks: real git commit and git push"
repo=$(new_repo installed)
cd "$repo"
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $src
    rev: $rev
    hooks:
      - id: keylint
      - id: keylint-env
      - id: keylint-pre-push
YAML
git add .pre-commit-config.yaml
git commit --quiet --no-verify -m "pre-commit config"
"$pc" install --install-hooks --hook-type pre-commit --hook-type pre-push >/dev/null
mkdir -p lib
printf "class AppConfig {\n  static const String openAiKey = '%s';\n}\n" "$key" >lib/app_config.dart
printf 'const key = "%s";\nexport default key;\n' "$key" >server.ts
git add lib/app_config.dart server.ts
before=$(git write-tree)
expect "git commit with leaks is refused, each file reported" 1 "server.ts:1:.*" -- git commit -m leak
expect "pre-commit run reports the Dart file too" 1 "lib/app_config.dart:2:" -- "$pc" run keylint
[ "$(git write-tree)" = "$before" ] && pass "refused commit leaves the index as it was" ||
    fail "the index changed"
[ "$(git rev-list --count HEAD)" = 2 ] && pass "no commit was made" || fail "a commit was made"
expect "SKIP=keylint skips the check" 0 "keylint \(secrets in staged files\).*Skipped" -- \
    env SKIP=keylint "$pc" run keylint
git reset --quiet
printf "class AppConfig {\n  static const String apiKey = String.fromEnvironment('OPENAI_API_KEY');\n}\n" >lib/app_config.dart
printf 'const key = process.env.OPENAI_API_KEY;\nexport default key;\n' >server.ts
git add lib/app_config.dart server.ts
expect "a clean commit passes" 0 "" -- git commit --quiet -m clean

echo "--- keylint-env: .env files only, spaces around = reported"
printf 'PORT = 3000\n' >.env
printf 'export const env = { port: 3000 };\n' >environment.ts
git add .env environment.ts
expect "keylint-env reports spaces around =" 1 "spaces around" -- "$pc" run keylint-env
out=$("$pc" run keylint-env --files environment.ts 2>&1 || true)
printf '%s' "$out" | grep -q "no files to check" && pass "environment.ts is not an env file" ||
    fail "keylint-env ran on environment.ts: $out"
git rm --quiet --cached .env
rm .env
printf 'PORT=3000\n' >.env.example
git add .env.example
expect "keylint-env passes a clean .env.example" 0 "Passed" -- "$pc" run keylint-env
git commit --quiet --no-verify -m env

git init --quiet --bare "$work/remote.git"
git remote add origin "$work/remote.git"
expect "a clean push passes" 0 "" -- git push --quiet origin main
printf 'export const k = "%s";\n' "$key" >leak.ts
git add leak.ts
git commit --quiet --no-verify -m "leak committed with --no-verify"
expect "a push of a leaking commit is refused" 1 "rotate this key now" -- git push --quiet origin main

if [ "$failures" -gt 0 ]; then
    echo "--- $failures end-to-end check(s) failed"
    exit 1
fi
echo "--- pre-commit end-to-end: all checks passed"
