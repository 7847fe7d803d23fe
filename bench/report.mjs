// Turns the drivers' JSON lines into the benchmark table and checks that every engine agrees.
// `node bench/report.mjs RESULTS.jsonl [WORKLOADS_DIR]`: prints Markdown; exits 1 when an engine
// failed, disagrees on an output, or our history reaches AWS's 25,000-event quota.
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [resultsPath, workloadsDir = 'bench/out/workloads'] = process.argv.slice(2);
const lines = readFileSync(resultsPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

// Canonical JSON (object keys sorted), so that key order does not count as a difference.
const canonical = (v) =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
      : JSON.stringify(v);
const hash = (v) => createHash('sha256').update(canonical(v)).digest('hex').slice(0, 12);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Several rounds give several lines per (workload, engine): take the median of each figure.
const groups = new Map();
for (const l of lines) {
  const key = `${l.workload}\u0000${l.engine}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(l);
}
const ENGINES = ['native', 'native-glibc', 'wasm', 'peer'];
const NAMES = {
  native: 'sfn-lab native (release: opt-level 3, mimalloc)',
  'native-glibc': "sfn-lab native (opt-level 3, glibc's malloc)",
  wasm: 'sfn-lab wasm in Node (web profile, opt-level z + wasm-opt -Oz)',
  peer: 'aws-local-stepfunctions 3.0.0 (Node)',
};
const workloads = [...new Set(lines.map((l) => l.workload))];
const problems = [];
const fmt = (x, digits = 0) => x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const rate = (ms) => (ms >= 1000 / 100 ? fmt(1000 / ms, 1) : fmt(1000 / ms));

const rows = [];
const ratios = [];
const notes = [];
// The peer's warm median per workload: a JSONata twin the peer cannot run is compared with the
// peer's run of its JSONPath twin (the same work, in the language the peer runs).
const peerMedians = {};
for (const w of workloads) {
  const file = join(workloadsDir, `${w}.json`);
  const title = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).title : w;
  const stats = {};
  for (const e of ENGINES) {
    const g = groups.get(`${w}\u0000${e}`);
    if (!g) continue;
    const bad = g.find((l) => l.status !== 'SUCCEEDED');
    const twin = w.endsWith('-jsonata') ? w.slice(0, -'-jsonata'.length) : null;
    if (bad && e === 'peer' && twin) {
      notes.push(`${w}: the peer cannot run it (${bad.status} ${bad.error ?? ''} ${bad.cause ?? ''}); compared with the peer's run of ${twin}`);
      continue;
    }
    if (bad) problems.push(`${w}/${e}: ${bad.status} ${bad.error ?? ''} ${bad.cause ?? ''}`);
    const hashes = [...new Set(g.map((l) => hash(l.output)))];
    if (hashes.length > 1) problems.push(`${w}/${e}: outputs differ between rounds`);
    stats[e] = {
      median: median(g.map((l) => l.median_ms)),
      cold: median(g.map((l) => l.cold_ms)),
      load: g.every((l) => l.load_ms != null) ? median(g.map((l) => l.load_ms)) : null,
      rss: Math.max(...g.map((l) => l.rss_peak_kb)),
      base: median(g.map((l) => l.rss_base_kb)),
      runs: g.reduce((n, l) => n + l.runs, 0),
      mean: median(g.map((l) => l.wall_ms)),
      cpu: g.every((l) => l.cpu_ms != null) ? median(g.map((l) => l.cpu_ms)) : null,
      events: g[0].events,
      hash: hashes[0],
    };
    if (e !== 'peer' && g[0].events >= 25000) problems.push(`${w}/${e}: ${g[0].events} events, over AWS's quota`);
  }
  const twin = w.endsWith('-jsonata') ? w.slice(0, -'-jsonata'.length) : null;
  const ours = new Set(Object.entries(stats).filter(([e]) => e !== 'peer').map(([, s]) => s.hash));
  if (twin && stats.peer && !ours.has(stats.peer.hash)) {
    notes.push(`${w}: the peer's output differs from ours (\`${stats.peer.hash}\`) (ours are AWS's, as the recorded JSONata cases show); compared with the peer's run of ${twin}`);
    delete stats.peer;
  }
  const hashes = new Set(Object.values(stats).map((s) => s.hash));
  if (hashes.size > 1) problems.push(`${w}: the engines' outputs differ (${[...hashes].join(', ')})`);
  if (stats.peer) peerMedians[w] = stats.peer.median;
  const peerMedian = stats.peer ? stats.peer.median : twin ? peerMedians[twin] : undefined;
  for (const e of ENGINES) {
    const s = stats[e];
    if (!s) continue;
    const vsPeer = peerMedian ? `${fmt(peerMedian / s.median, 1)}×${stats.peer ? '' : ' (JSONPath twin)'}` : '–';
    rows.push(
      `| ${title} | ${NAMES[e]} | ${rate(s.median)} | ${fmt(s.median, 2)} | ` +
        `${fmt(s.mean, 2)} / ${s.cpu == null ? '–' : fmt(s.cpu, 2)} | ` +
        `${fmt(s.cold, 1)}${s.load == null ? '' : ` (+${fmt(s.load, 0)})`} | ` +
        `${fmt(s.rss / 1024, 1)} (${fmt(s.base / 1024, 1)}) | ${s.events ?? '–'} | \`${s.hash}\` | ${e === 'peer' ? '1×' : vsPeer} |`,
    );
  }
  if (peerMedian) {
    ratios.push({
      w,
      native: stats.native && peerMedian / stats.native.median,
      glibc: stats['native-glibc'] && peerMedian / stats['native-glibc'].median,
      wasm: stats.wasm && peerMedian / stats.wasm.median,
    });
  }
}

console.log(
  '| workload | engine | exec/s (warm) | warm median ms | mean ms / CPU ms | cold ms (+ load) | peak RSS MB (at start) | events | output sha256 | vs peer |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
for (const r of rows) console.log(r);
console.log('');
console.log(
  'exec/s = 1000 / warm median. Mean ms = wall time of all warm runs / runs (GC pauses included); ' +
    'CPU ms = process CPU time per warm run, all threads. Cold = the first run in a fresh process, ' +
    'definition parsing and validation included; + load = loading the module (require). ' +
    'Peak RSS = the process high-water mark, with its RSS before the first run in brackets.',
);
if (ratios.length) {
  console.log('');
  const goal = (x, g) => (x === undefined ? '–' : `${fmt(x, 1)}× ${x >= g ? '(goal met)' : `(goal ${g}×: missed)`}`);
  for (const r of ratios) {
    const extra = [
      r.glibc === undefined ? null : `on glibc's malloc: ${fmt(r.glibc, 1)}×`,
    ].filter(Boolean);
    const parts = [
      r.native === undefined ? null : `native ${goal(r.native, 20)}`,
      extra.length ? `(${extra.join(', ')})` : null,
      r.wasm === undefined ? null : `wasm ${goal(r.wasm, 8)}`,
    ].filter(Boolean);
    if (parts.length) console.log(`- ${r.w}: ${parts.join(', ').replace(', (', ' (')} the peer's throughput`);
  }
}
if (notes.length) {
  console.log('\nNotes:');
  for (const n of notes) console.log(`- ${n}`);
}
if (problems.length) {
  console.log('\nPROBLEMS:');
  for (const p of problems) console.log(`- ${p}`);
  process.exitCode = 1;
} else {
  console.log('\nAll engines succeeded with identical outputs on every workload.');
}
