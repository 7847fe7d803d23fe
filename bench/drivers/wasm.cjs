// Drives our interpreter compiled to wasm (wasm-bindgen --target nodejs) on one workload:
// `node bench/drivers/wasm.cjs WORKLOAD.json [MIN_RUNS] [BUDGET_MS]`.
// A run includes what a JavaScript caller pays at the boundary: JSON.stringify of the
// input and JSON.parse of the result.
'use strict';
const path = require('node:path');
const { Machine } = require(path.join(process.env.BENCH_WASM_DIR ?? path.join(__dirname, '../out/wasm'), 'asl_bench.js'));
const { main } = require('./common.cjs');

main('wasm', {
  setup: (definition) => new Machine(JSON.stringify(definition)),
  run: (machine, input) => JSON.parse(machine.run(JSON.stringify(input))),
});
