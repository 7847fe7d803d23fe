#!/usr/bin/env bash
# The speed guard that does not depend on the machine's load: counts the instructions the shipped
# native build (`--release`) executes on the loop and Map workloads of bench/workloads.mjs, under
# Valgrind's callgrind, and fails when a count grows more than 10% over bench/instructions.json.
#
#   bench/instructions.sh            check against the baseline (./lab test runs this)
#   bench/instructions.sh --update   write the counts as the new baseline: commit it on its own,
#                                    saying why the counts moved
#
# Needs valgrind (scripts/setup.sh installs it) and node (for the workload files).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf '== %s\n' "$*" >&2; }

BASELINE=bench/instructions.json
WORKLOADS=(loop map)
TOLERANCE_PERCENT=10

command -v valgrind >/dev/null || { echo "bench/instructions.sh: valgrind is missing: run scripts/setup.sh" >&2; exit 1; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
node bench/workloads.mjs "$OUT" >/dev/null
say "cargo build --release -p asl-bench"
cargo build --quiet --release --locked -p asl-bench
BIN="${CARGO_TARGET_DIR:-target}/release/asl-bench"
[[ -x "$BIN" ]] || { echo "bench/instructions.sh: $BIN was not built" >&2; exit 1; }

# One cold and one warm run per workload (MIN_RUNS=1, BUDGET_MS=0), so every count covers the
# same work: parsing the definition, then running it twice.
declare -A counts
for w in "${WORKLOADS[@]}"; do
  log="$OUT/$w.log"
  if ! valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$OUT/$w.json" 1 0 >/dev/null 2>"$log"; then
    echo "bench/instructions.sh: $w failed under valgrind:" >&2
    cat "$log" >&2
    exit 1
  fi
  counts[$w]="$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$log")"
  [[ -n "${counts[$w]}" ]] || { echo "bench/instructions.sh: no count for $w:" >&2; cat "$log" >&2; exit 1; }
done

if [[ "${1:-}" == --update ]]; then
  {
    printf '{\n  "about": "Instructions (callgrind Ir) of asl-bench WORKLOAD.json 1 0 (cargo build --release); update with bench/instructions.sh --update, in a commit of its own that says why",\n'
    printf '  "recorded": "%s",\n' "$(date -u +%Y-%m-%d)"
    for i in "${!WORKLOADS[@]}"; do
      w="${WORKLOADS[$i]}"
      sep=$([[ $i -lt $((${#WORKLOADS[@]} - 1)) ]] && echo , || true)
      printf '  "%s": %s%s\n' "$w" "${counts[$w]}" "$sep"
    done
    printf '}\n'
  } >"$BASELINE"
  say "wrote $BASELINE"
  cat "$BASELINE"
  exit 0
fi

[[ -f "$BASELINE" ]] || { echo "bench/instructions.sh: $BASELINE is missing: run it with --update" >&2; exit 1; }
failed=0
printf '| workload | baseline | now | change |\n| --- | ---: | ---: | ---: |\n'
for w in "${WORKLOADS[@]}"; do
  base="$(node -e "console.log(JSON.parse(require('fs').readFileSync('$BASELINE','utf8'))['$w'] ?? '')")"
  [[ -n "$base" ]] || { echo "bench/instructions.sh: $BASELINE has no count for $w" >&2; exit 1; }
  now="${counts[$w]}"
  change="$(node -e "console.log(((${now} - ${base}) / ${base} * 100).toFixed(2))")"
  printf '| %s | %s | %s | %s%% |\n' "$w" "$base" "$now" "$change"
  if (( now * 100 > base * (100 + TOLERANCE_PERCENT) )); then
    echo "bench/instructions.sh: $w executes ${change}% more instructions than the baseline (limit +${TOLERANCE_PERCENT}%)." >&2
    failed=1
  fi
done
exit "$failed"
