// The benchmark's workloads: one definition and one input each, the same for every engine.
// `node bench/workloads.mjs OUT_DIR` writes OUT_DIR/<name>.json = {"name", "definition", "input"}.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// 1. A Choice/Pass loop driven by States.MathAdd: Init → Check ⇄ Step → Done.
// 6,000 iterations write 24,008 history events in our interpreter (AWS's quota is 25,000).
const ITERATIONS = 6000;
const loop = {
  name: 'loop',
  title: `Choice/Pass loop, ${ITERATIONS.toLocaleString('en')} iterations`,
  definition: {
    Comment: 'Counts to $.limit with States.MathAdd',
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Parameters: { 'i': 0, 'limit.$': '$.limit' }, Next: 'Check' },
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.i', NumericLessThanPath: '$.limit', Next: 'Step' }],
        Default: 'Done',
      },
      Step: {
        Type: 'Pass',
        Parameters: { 'i.$': 'States.MathAdd($.i, 1)', 'limit.$': '$.limit' },
        Next: 'Check',
      },
      Done: { Type: 'Succeed' },
    },
  },
  input: { limit: ITERATIONS },
};

// 2. A Map over 2,000 items: ItemSelector with `.$` fields (input, $$.Map.Item.*) and a
// 3-state item processor whose Pass states build payloads from paths and intrinsics.
const ITEMS = 2000;
const map = {
  name: 'map',
  title: `Map over ${ITEMS.toLocaleString('en')} items, 3-state iterator`,
  definition: {
    StartAt: 'Prices',
    States: {
      Prices: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: {
          'item.$': '$$.Map.Item.Value',
          'index.$': '$$.Map.Item.Index',
          'currency.$': '$.currency',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Label',
          States: {
            Label: {
              Type: 'Pass',
              Parameters: {
                'id.$': '$.item.id',
                'label.$': "States.Format('{} #{}', $.item.name, $.index)",
                'price.$': '$.item.price',
                'currency.$': '$.currency',
              },
              Next: 'Total',
            },
            Total: {
              Type: 'Pass',
              Parameters: {
                'total.$': 'States.MathAdd($.price, 5)',
                'tags.$': 'States.Array($.label, $.currency)',
              },
              ResultPath: '$.priced',
              Next: 'Shape',
            },
            Shape: {
              Type: 'Pass',
              Parameters: { 'id.$': '$.id', 'label.$': '$.label', 'total.$': '$.priced.total' },
              End: true,
            },
          },
        },
        ResultPath: '$.priced',
        End: true,
      },
    },
  },
  input: {
    currency: 'EUR',
    items: Array.from({ length: ITEMS }, (_, i) => ({ id: i, name: `item-${i}`, price: i % 100 })),
  },
};

// 3. A Parallel of 10 branches, each a chain of 50 Pass states counting with States.MathAdd.
const BRANCHES = 10;
const STEPS = 50;
const branch = (b) => {
  const states = {};
  for (let s = 0; s < STEPS; s++) {
    states[`B${b}S${s}`] = {
      Type: 'Pass',
      Parameters: { 'branch': b, 'count.$': 'States.MathAdd($.count, 1)' },
      ...(s + 1 < STEPS ? { Next: `B${b}S${s + 1}` } : { End: true }),
    };
  }
  return { StartAt: 'B' + b + 'S0', States: states };
};
const parallel = {
  name: 'parallel',
  title: `Parallel, ${BRANCHES} branches × ${STEPS} Pass states`,
  definition: {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Parallel',
        Branches: Array.from({ length: BRANCHES }, (_, b) => branch(b)),
        End: true,
      },
    },
  },
  input: { count: 0 },
};

// 4 and 5. The loop and the Map again, written in JSONata: the same work and the same output,
// through `{% %}` expressions instead of paths and intrinsics. The peer has no JSONata, so these
// run on our engines only (WORKLOADS="loop loop-jsonata map map-jsonata" ENGINES="native wasm").
const loopJsonata = {
  name: 'loop-jsonata',
  title: `The same loop in JSONata, ${ITERATIONS.toLocaleString('en')} iterations`,
  definition: {
    QueryLanguage: 'JSONata',
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Output: { i: 0, limit: '{% $states.input.limit %}' }, Next: 'Check' },
      Check: {
        Type: 'Choice',
        Choices: [{ Condition: '{% $states.input.i < $states.input.limit %}', Next: 'Step' }],
        Default: 'Done',
      },
      Step: {
        Type: 'Pass',
        Output: { i: '{% $states.input.i + 1 %}', limit: '{% $states.input.limit %}' },
        Next: 'Check',
      },
      Done: { Type: 'Succeed' },
    },
  },
  input: loop.input,
};

const mapJsonata = {
  name: 'map-jsonata',
  title: `The same Map in JSONata, ${ITEMS.toLocaleString('en')} items`,
  definition: {
    QueryLanguage: 'JSONata',
    StartAt: 'Prices',
    States: {
      Prices: {
        Type: 'Map',
        Items: '{% $states.input.items %}',
        ItemSelector: {
          item: '{% $states.context.Map.Item.Value %}',
          index: '{% $states.context.Map.Item.Index %}',
          currency: '{% $states.input.currency %}',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Label',
          States: {
            Label: {
              Type: 'Pass',
              Output: {
                id: '{% $states.input.item.id %}',
                label: "{% $states.input.item.name & ' #' & $states.input.index %}",
                price: '{% $states.input.item.price %}',
                currency: '{% $states.input.currency %}',
              },
              Next: 'Total',
            },
            Total: {
              Type: 'Pass',
              Output: '{% $merge([$states.input, {"priced": {"total": $states.input.price + 5, "tags": [$states.input.label, $states.input.currency]}}]) %}',
              Next: 'Shape',
            },
            Shape: {
              Type: 'Pass',
              Output: { id: '{% $states.input.id %}', label: '{% $states.input.label %}', total: '{% $states.input.priced.total %}' },
              End: true,
            },
          },
        },
        Output: '{% $merge([$states.input, {"priced": $states.result}]) %}',
        End: true,
      },
    },
  },
  input: map.input,
};

export const workloads = [loop, map, parallel, loopJsonata, mapJsonata];

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? 'bench/out/workloads';
  mkdirSync(out, { recursive: true });
  for (const w of workloads) writeFileSync(join(out, `${w.name}.json`), JSON.stringify(w));
  console.log(workloads.map((w) => w.name).join(' '));
}
