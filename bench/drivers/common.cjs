// Shared timing loop of the Node drivers (peer and wasm), the same rules as crates/bench/src/main.rs:
// one cold run (set-up included), then warm runs until MIN_RUNS and BUDGET_MS are both reached
// (at most 1000), median of the warm runs, peak RSS of the process, mean CPU time per warm run.
'use strict';
const { readFileSync } = require('node:fs');

async function measure(engine, { loadMs, setup, run, countEvents }) {
  const [path, minRuns = '5', budgetMs = '2000'] = process.argv.slice(2);
  if (!path) throw new Error(`usage: node ${process.argv[1]} WORKLOAD.json [MIN_RUNS] [BUDGET_MS]`);
  const workload = JSON.parse(readFileSync(path, 'utf8'));
  const rssBaseKb = Math.round(process.memoryUsage().rss / 1024);

  let start = process.hrtime.bigint();
  const machine = await setup(workload.definition);
  await run(machine, structuredClone(workload.input));
  const coldMs = Number(process.hrtime.bigint() - start) / 1e6;

  const warm = [];
  let kept;
  const began = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const elapsedMs = () => Number(process.hrtime.bigint() - began) / 1e6;
  while (warm.length < Number(minRuns) || (elapsedMs() < Number(budgetMs) && warm.length < 1000)) {
    const input = structuredClone(workload.input);
    start = process.hrtime.bigint();
    const summary = await run(machine, input);
    warm.push(Number(process.hrtime.bigint() - start) / 1e6);
    kept ??= summary;
  }
  // All of the process's threads: V8 runs parts of its garbage collection on helper threads.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000 / warm.length;
  const wallMs = elapsedMs() / warm.length;
  const sorted = [...warm].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const line = {
    engine,
    workload: workload.name,
    status: kept.status,
    events: kept.events,
    error: kept.error ?? null,
    cause: kept.cause ?? null,
    load_ms: loadMs ?? null,
    cold_ms: coldMs,
    median_ms: medianMs,
    runs: warm.length,
    cpu_ms: cpuMs,
    wall_ms: wallMs,
    rss_base_kb: rssBaseKb,
    rss_peak_kb: process.resourceUsage().maxRSS,
    output: kept.output ?? null,
  };
  // An engine whose runs do not report their events counts them in one more, untimed run.
  if (line.events == null && countEvents) line.events = await countEvents(machine, structuredClone(workload.input));
  process.stdout.write(JSON.stringify(line) + '\n');
}

function main(engine, hooks) {
  measure(engine, hooks).catch((e) => {
    console.error(`${engine}: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  });
}

module.exports = { main };
