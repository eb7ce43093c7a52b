#!/usr/bin/env bash
# Builds the benchmark corpus: real JavaScript/TypeScript/JSON/YAML/Markdown from pinned npm
# packages (code nobody on this project wrote), into DIR/packages. About 500 MB, 26k files.
#   bench/make-corpus.sh [DIR]      (default DIR: ${KEYLINT_CORPUS:-/tmp/keylint-corpus})
# Needs npm. Idempotent: does nothing when DIR/packages exists.
set -euo pipefail
DIR=${1:-${KEYLINT_CORPUS:-/tmp/keylint-corpus}}
if [ -d "$DIR/packages" ]; then
  echo "corpus already in $DIR/packages" >&2
  exit 0
fi
command -v npm >/dev/null || { echo "make-corpus: npm is required" >&2; exit 2; }
mkdir -p "$DIR"
work=$(mktemp -d "$DIR/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
echo '{"name":"keylint-bench-corpus","private":true}' > package.json
# Pinned so every run scans the same bytes. --ignore-scripts: nothing from the packages runs.
npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
  typescript@5.6.3 monaco-editor@0.52.0 three@0.170.0 rxjs@7.8.1 lodash@4.17.21 \
  @angular/core@19.0.0 aws-sdk@2.1692.0 webpack@5.96.1 eslint@9.15.0 @babel/core@7.26.0 \
  firebase@11.0.2 openai@4.73.0 @anthropic-ai/sdk@0.32.1 livekit-server-sdk@2.8.1 >/dev/null
# Scanners skip directories named node_modules and lock files by default (gitleaks, kingfisher,
# ripsecrets each in their own way): keep the code under a neutral name, drop the lock files.
mv node_modules "$DIR/packages"
echo "$DIR/packages: $(du -sh "$DIR/packages" | cut -f1), $(find "$DIR/packages" -type f | wc -l) files" >&2
