#!/usr/bin/env bash
# The page benchmark: the built bundle (dist/) in headless Chromium; prints a Markdown table
# (also bench/out/page.md, raw numbers in bench/out/page.json). What it measures: docs/benchmarks.md.
#
#   bench/page.sh                        RUNS=5 by default
#   RUNS=9 TIMEOUT_MS=90000 CHROMIUM=/usr/bin/chromium DIST=/path/to/a/bundle bench/page.sh
#
# It measures whatever dist/ (or DIST) holds and never builds it: build first with
#   scripts/wasm-env.sh trunk build --release
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf '== %s\n' "$*" >&2; }

DIST="${DIST:-dist}"
if [[ ! -f "$DIST/index.html" ]]; then
  echo "bench/page.sh: $DIST/ is missing (no $DIST/index.html); build the page first:" >&2
  echo "  scripts/wasm-env.sh trunk build --release" >&2
  exit 1
fi
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
  echo "bench/page.sh: no Chromium at $CHROMIUM (scripts/setup.sh installs it; or set CHROMIUM)" >&2
  exit 1
fi
export CHROMIUM DIST

# playwright-core, pinned by bench/package-lock.json; it drives the system Chromium (no browser download).
if [[ ! -d bench/node_modules/playwright-core ]]; then
  say "npm ci in bench/ (playwright-core)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

node bench/page.mjs
