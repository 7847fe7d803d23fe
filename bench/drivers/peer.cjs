// Drives aws-local-stepfunctions 3.0.0 (bench/node_modules) on one workload:
// `node bench/drivers/peer.cjs WORKLOAD.json [MIN_RUNS] [BUDGET_MS]`.
'use strict';
// The package needs Node >= 22; this polyfill makes it work on Node 20 (see docs/benchmarks.md).
Promise.withResolvers ??= () => {
  let resolve, reject;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};
const loading = process.hrtime.bigint();
const { StateMachine } = require('aws-local-stepfunctions');
const loadMs = Number(process.hrtime.bigint() - loading) / 1e6;
const { main } = require('./common.cjs');

main('peer', {
  loadMs,
  setup: (definition) => new StateMachine(definition, { validationOptions: { checkArn: false } }),
  run: async (machine, input) => {
    const execution = machine.run(input);
    try {
      return { status: 'SUCCEEDED', events: null, output: await execution.result };
    } catch (e) {
      const cause = e.cause ?? e;
      return { status: 'FAILED', events: null, error: cause.name, cause: cause.message };
    }
  },
  // Its own event log (StateEntered/StateExited..., not AWS's history events), drained and counted.
  countEvents: async (machine, input) => {
    const execution = machine.run(input);
    let events = 0;
    const drained = (async () => {
      for await (const _ of execution.eventLogs) events++;
    })();
    await execution.result.catch(() => {});
    await drained;
    return events;
  },
});
