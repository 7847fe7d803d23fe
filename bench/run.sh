#!/usr/bin/env bash
# The benchmark: our interpreter natively and in wasm (Node) against aws-local-stepfunctions 3.0.0,
# side by side on the same workloads; prints a Markdown table (also in bench/out/table.md).
#
#   bench/run.sh [ROUNDS]                 ROUNDS (default 3) full rounds, interleaving engines
#   WORKLOADS="loop map" ENGINES="native peer" MIN_RUNS=7 BUDGET_MS=3000 bench/run.sh
#
# Each (round, workload, engine) is a fresh process: one cold run, then warm runs until both
# MIN_RUNS and BUDGET_MS are reached; the table gives the median over rounds of each
# process's warm median, and the highest peak RSS. See docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${1:-3}"
WORKLOADS="${WORKLOADS:-loop map parallel}"
ENGINES="${ENGINES:-native native-glibc wasm peer}"
MIN_RUNS="${MIN_RUNS:-7}"
BUDGET_MS="${BUDGET_MS:-3000}"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
say() { printf '== %s\n' "$*" >&2; }
wants() { [[ " $ENGINES " == *" $1 "* ]]; }

# 1. The peer, pinned by bench/package-lock.json.
if wants peer && [[ ! -d bench/node_modules/aws-local-stepfunctions ]]; then
  say "npm ci in bench/ (aws-local-stepfunctions 3.0.0)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

# 2. The workloads, one JSON file each.
node bench/workloads.mjs "$OUT/workloads" >/dev/null

# 3. Native: the shipped release profile (opt-level 3 and mimalloc, as the CLI: [profile.release]
#    in Cargo.toml), and the same on glibc's malloc, in a target directory of its own so that the
#    two builds do not replace each other's binary.
if wants native; then
  say "cargo build --release -p asl-bench"
  cargo build --quiet --release -p asl-bench
fi
if wants native-glibc; then
  say "cargo build --release -p asl-bench --features system-allocator"
  cargo build --quiet --release -p asl-bench --features system-allocator --target-dir target/bench-glibc
fi

# 4. Wasm: the same crate as a cdylib, through wasm-bindgen --target nodejs, then wasm-opt -Oz
#    as Trunk does for the web app (index.html: the "web" profile, opt-level "z", and
#    data-wasm-opt="z").
if wants wasm; then
  say "wasm build (cargo rustc --crate-type cdylib, wasm-bindgen, wasm-opt)"
  scripts/wasm-env.sh cargo rustc --quiet -p asl-bench --lib --profile web \
    --target wasm32-unknown-unknown --crate-type cdylib
  WASM_BINDGEN="${WASM_BINDGEN:-${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen}"
  command -v "$WASM_BINDGEN" >/dev/null || WASM_BINDGEN=wasm-bindgen
  rm -rf "$OUT/wasm"
  "$WASM_BINDGEN" --target nodejs --out-dir "$OUT/wasm" target/wasm32-unknown-unknown/web/asl_bench.wasm
  if [[ ! -x node_modules/.bin/wasm-opt ]]; then
    say "npm ci at the root (binaryen's wasm-opt, as scripts/setup.sh does)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  node_modules/.bin/wasm-opt -Oz "$OUT/wasm/asl_bench_bg.wasm" -o "$OUT/wasm/asl_bench_bg.wasm"
fi

# 5. The runs, engines interleaved within each round so that they see the same load.
machine() {
  local cpu
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "$cpu, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(rustc --version | cut -d' ' -f1-2);" \
    "node $(node --version); $(date -u +%Y-%m-%dT%H:%MZ)"
}
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for w in $WORKLOADS; do
    for e in $ENGINES; do
      say "round $round/$ROUNDS: $w on $e"
      case "$e" in
        native) cmd=(env BENCH_ENGINE=native target/release/asl-bench) ;;
        native-glibc) cmd=(env BENCH_ENGINE=native-glibc target/bench-glibc/release/asl-bench) ;;
        wasm) cmd=(node bench/drivers/wasm.cjs) ;;
        peer) cmd=(node bench/drivers/peer.cjs) ;;
        *) echo "unknown engine $e" >&2; exit 2 ;;
      esac
      "${cmd[@]}" "$OUT/workloads/$w.json" "$MIN_RUNS" "$BUDGET_MS" >>"$RESULTS"
    done
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

{
  echo "Machine: $(machine)"
  echo "Load average (1/5/15 min): $LOAD_BEFORE before, $LOAD_AFTER after; $ROUNDS round(s), MIN_RUNS=$MIN_RUNS, BUDGET_MS=$BUDGET_MS"
  echo
  node bench/report.mjs "$RESULTS" "$OUT/workloads"
} | tee "$OUT/table.md"
