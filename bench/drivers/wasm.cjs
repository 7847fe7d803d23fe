// Drives our interpreter compiled to wasm (wasm-bindgen --target nodejs) on one workload:
// `node bench/drivers/wasm.cjs WORKLOAD.json [MIN_RUNS] [BUDGET_MS]`.
// A run includes what a JavaScript caller pays at the boundary: JSON.stringify of the
// input and JSON.parse of the result.
'use strict';
const path = require('node:path');
const loading = process.hrtime.bigint();
// Loading compiles and instantiates the module (synchronously, with --target nodejs).
const { Machine } = require(path.join(process.env.BENCH_WASM_DIR ?? path.join(__dirname, '../out/wasm'), 'asl_bench.js'));
const loadMs = Number(process.hrtime.bigint() - loading) / 1e6;
const { main } = require('./common.cjs');

main('wasm', {
  loadMs,
  setup: (definition) => new Machine(JSON.stringify(definition)),
  run: (machine, input) => JSON.parse(machine.run(JSON.stringify(input))),
});
