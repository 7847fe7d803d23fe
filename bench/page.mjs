// Measures the built page (dist/) in headless Chromium: first render, Run usable, a lesson check,
// a keystroke on a 300-line definition, long tasks in a 24,008-event run, and what the first render
// downloads. Run it through bench/page.sh; what each figure means is in docs/benchmarks.md.
//
// Env: RUNS (5), TIMEOUT_MS (60000, for each wait), CHROMIUM (/usr/bin/chromium), DIST (dist),
// OUT (bench/out), LESSONS ("06-backup-workflow 01-hello-pass": folders of lessons/).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { workloads } from './workloads.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 5);
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 60000);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const DIST = resolve(ROOT, process.env.DIST ?? 'dist');
const OUT = resolve(ROOT, process.env.OUT ?? 'bench/out');
const LESSONS = (process.env.LESSONS ?? '06-backup-workflow 01-hello-pass').split(/\s+/).filter(Boolean);
// How long the page must stay still (no DOM change) before a measure starts, and how long to go on
// collecting fetches and long tasks after the thing measured happened.
const QUIET_MS = 500;
const SETTLE_MS = 1000;

const say = (message) => process.stderr.write(`== ${message}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A measurement that could not be taken: main() prints it and exits 1. */
class Failure extends Error {}

// ---------------------------------------------------------------------------------------------
// The static server: dist/ at /lab/, uncompressed, each request logged with its arrival time
// (epoch ms) so that fetches the page's own timeline cannot see (a worker's) are still counted.

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const served = [];

/** The file in dist/ for a URL path under /lab/, or null. */
function fileFor(urlPath) {
  if (!urlPath.startsWith('/lab/')) return null;
  const file = resolve(DIST, '.' + decodeURIComponent(urlPath.slice('/lab'.length)));
  if (file !== DIST && !file.startsWith(DIST + sep)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) return join(file, 'index.html');
  return existsSync(file) ? file : null;
}

function serve() {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    served.push({ path, at: performance.timeOrigin + performance.now() });
    if (path === '/lab') {
      res.writeHead(301, { Location: '/lab/' }).end();
      return;
    }
    const file = fileFor(path);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// ---------------------------------------------------------------------------------------------
// What the page records about itself, installed before any of its scripts run: when the lesson's
// instructions (heading included) are in the DOM and visible, and when #run exists without
// `disabled`. performance.now() counts from the navigation's start.
//
// Each time is taken twice: when a MutationObserver sees the change, and after the next frame
// (`<name>Frame`: a requestAnimationFrame, then a task). The page may go on working in the same task
// after the change is in the DOM (Yew renders the other components), and nothing is painted until
// that task ends: the second time is when the change can have been seen.

function instrument() {
  const marks = {};
  const at = (into, name) => {
    if (into[name] != null) return;
    into[name] = performance.now();
    requestAnimationFrame(() => setTimeout(() => (into[`${name}Frame`] = performance.now()), 0));
  };
  window.__bench = { marks, at };
  const look = () => {
    const heading = document.querySelector('.instructions-pane :is(h1, h2)');
    if (heading && heading.checkVisibility()) at(marks, 'render');
    const run = document.getElementById('run');
    if (run && !run.disabled) at(marks, 'run');
  };
  new MutationObserver(look).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['disabled', 'class', 'hidden', 'style'],
  });
}

/** The times `names` of `m`, counted from `start`. */
const since = (m, start, names) => Object.fromEntries(names.map((n) => [n, m[n] - start]));

/** A fresh context (no cache, no storage) and page, at `hash` of the lab; `errors` collects the page's. */
async function open(browser, base, hash) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const opened = performance.timeOrigin + performance.now();
  await page.goto(`${base}/lab/${hash}`, { waitUntil: 'commit', timeout: TIMEOUT_MS });
  return { context, page, errors, opened };
}

/** Waits for `fn(arg)` in the page to be truthy, or fails saying `what` never happened. */
async function until(session, what, fn, arg) {
  try {
    return await session.page.waitForFunction(fn, arg, { timeout: TIMEOUT_MS, polling: 50 });
  } catch (e) {
    const errors = session.errors.length ? `; page errors: ${session.errors.join(' | ')}` : '';
    throw new Failure(`${what} did not happen within ${TIMEOUT_MS} ms${errors} (${e.message.split('\n')[0]})`);
  }
}

/** Resolves once the page's DOM has not changed for QUIET_MS. */
async function quiet(session, what) {
  const ok = await session.page.evaluate(
    ([ms, timeout]) =>
      new Promise((done) => {
        const start = performance.now();
        let timer;
        const finish = (result) => {
          observer.disconnect();
          done(result);
        };
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          if (performance.now() - start > timeout) finish(false);
          else timer = setTimeout(() => finish(true), ms);
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        timer = setTimeout(() => finish(true), ms);
      }),
    [QUIET_MS, TIMEOUT_MS],
  );
  if (!ok) throw new Failure(`the page never stayed still for ${QUIET_MS} ms ${what}`);
}

/** Puts `text` in the CodeMirror editor whose content element has this id, as an edit of the learner's. */
async function putText(session, id, text) {
  // CodeMirror arrives after the first render; until then the editor is a textarea.
  await until(session, `the editor #${id} appearing as CodeMirror`, (id) => window.SfnEditor?.find(document.getElementById(id)), id);
  const problem = await session.page.evaluate(
    ([id, text]) => {
      const editor = window.SfnEditor?.find(document.getElementById(id));
      if (!editor) return `#${id} is not a CodeMirror editor (window.SfnEditor missing?)`;
      editor.replaceText(text);
      return editor.getText() === text ? null : `#${id} does not hold the text put in it`;
    },
    [id, text],
  );
  if (problem) throw new Failure(problem);
}

/** Waits until the graph draws every state of `definition` and the page is still. */
async function graphShows(session, definition, what) {
  const names = Object.keys(definition.States);
  await until(
    session,
    `the graph drawing the ${names.length} states of ${what}`,
    (names) => names.every((n) => document.querySelector(`#graph [data-state="${CSS.escape(n)}"]`)),
    names,
  );
  await quiet(session, `after putting ${what} in the editor`);
}

// ---------------------------------------------------------------------------------------------
// 1, 2, 3 and 6: a lesson, cold; then its solution checked.

async function lessonRun(browser, base, lesson) {
  served.length = 0;
  const session = await open(browser, base, `#/lesson/${lesson.id}`);
  const { page } = session;
  await until(session, `the first render of lesson ${lesson.id} (.instructions-pane heading visible)`, () => window.__bench.marks.renderFrame != null);
  await until(session, `#run usable on lesson ${lesson.id}`, () => window.__bench.marks.runFrame != null);
  const { marks, origin } = await page.evaluate(() => ({ marks: window.__bench.marks, origin: performance.timeOrigin }));

  // What was fetched: the page's resource timing (and the document), then anything the server
  // answered that this timeline does not show, placed by its arrival time on the page's clock.
  await sleep(SETTLE_MS);
  const entries = await page.evaluate(() => [
    ...performance.getEntriesByType('navigation').map((e) => ({ url: e.name, start: e.startTime, by: 'navigation' })),
    ...performance.getEntriesByType('resource').map((e) => ({ url: e.name, start: e.startTime, by: e.initiatorType })),
  ]);
  const fetched = new Map();
  for (const e of entries) {
    const path = new URL(e.url).pathname;
    if (!fetched.has(path)) fetched.set(path, { path, start: e.start, by: e.by });
  }
  for (const r of served) {
    if (r.at >= session.opened && !fetched.has(r.path)) {
      fetched.set(r.path, { path: r.path, start: r.at - origin, by: 'server log only (a worker?)' });
    }
  }

  // The check: the solution in the editor, then a click on Run, timed in the page from the click
  // event to the verdict's first change and to "Lesson passed".
  const solution = readFileSync(join(ROOT, 'lessons', lesson.dir, 'solution.asl.json'), 'utf8');
  await putText(session, 'editor', solution);
  await graphShows(session, JSON.parse(solution), `the solution of ${lesson.id}`);
  await page.evaluate(() => {
    const { at } = window.__bench;
    const m = (window.__bench.check = { click: null });
    const before = document.getElementById('verdict')?.outerHTML ?? null;
    addEventListener('click', (e) => {
      if (m.click == null && e.target.closest?.('#run')) m.click = e.timeStamp;
    }, true);
    const observer = new MutationObserver(() => {
      const verdict = document.getElementById('verdict');
      if (m.click == null || !verdict) return;
      if (verdict.outerHTML !== before) at(m, 'verdict');
      if (verdict.textContent.includes('Lesson passed')) {
        at(m, 'passed');
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });
  await page.click('#run', { timeout: TIMEOUT_MS });
  await until(session, `a new verdict after Run on ${lesson.id}`, () => window.__bench.check.verdictFrame != null);
  await until(session, `the verdict "Lesson passed" on ${lesson.id}'s solution`, () => window.__bench.check.passedFrame != null);
  const check = await page.evaluate(() => window.__bench.check);
  await session.context.close();
  return {
    render: marks.render,
    renderFrame: marks.renderFrame,
    run: marks.run,
    runFrame: marks.runFrame,
    ...since(check, check.click, ['verdict', 'verdictFrame', 'passed', 'passedFrame']),
    fetched: [...fetched.values()].map((f) => ({ ...f, beforeRender: f.start < marks.render })),
  };
}

// ---------------------------------------------------------------------------------------------
// 4: a keystroke in a 300-line definition, to the graph and to the diagnostics.

/**
 * About 300 lines of valid ASL: 6 blocks of Prepare k (Pass with Parameters) → Route k (Choice) →
 * Pack k or Packs k (Pass) → the next block, then Done. Route k sends count 0 and 1 to Pack k, so
 * typing an "s" into the first rule's target ("Pack 3" → "Packs 3") redraws an edge and leaves
 * every state reachable: the definition stays valid.
 */
function bigDefinition() {
  const BLOCKS = 6;
  const States = {};
  const parameters = (k) => ({
    'order.$': '$.order',
    'count.$': '$.count',
    block: k,
    'label.$': `States.Format('block ${k}: {}', $.order)`,
  });
  for (let k = 1; k <= BLOCKS; k++) {
    const next = k < BLOCKS ? `Prepare ${k + 1}` : 'Done';
    States[`Prepare ${k}`] = { Type: 'Pass', Parameters: parameters(k), ResultPath: `$.prepared${k}`, Next: `Route ${k}` };
    States[`Route ${k}`] = {
      Type: 'Choice',
      Choices: [
        { Variable: '$.count', NumericEquals: 0, Next: `Pack ${k}` },
        { Variable: '$.count', NumericEquals: 1, Next: `Pack ${k}` },
      ],
      Default: `Packs ${k}`,
    };
    States[`Pack ${k}`] = { Type: 'Pass', Parameters: parameters(k), ResultPath: '$.packed', Next: next };
    States[`Packs ${k}`] = { Type: 'Pass', Parameters: parameters(k), ResultPath: '$.packed', Next: next };
  }
  States.Done = { Type: 'Succeed' };
  return { Comment: 'A 300-line machine for the keystroke benchmark', StartAt: 'Prepare 1', States };
}

async function keystrokeRun(browser, base) {
  const session = await open(browser, base, '#/playground');
  const { page } = session;
  await until(session, '#run usable in the playground', () => window.__bench.marks.run != null);
  const definition = bigDefinition();
  const text = JSON.stringify(definition, null, 2);
  await putText(session, 'editor', text);
  await graphShows(session, definition, 'the 300-line definition');
  const shown = await page.$$eval('#editor-problems .editor-problem', (items) => items.map((i) => i.textContent));
  if (shown.length) throw new Failure(`the generated 300-line definition is not valid: ${shown.join(' | ')}`);

  // One keystroke at `offset` (UTF-16 units, as CodeMirror counts): times from its keydown to the
  // first change inside #graph, to a lint marker in the editor's gutter and to an item in the
  // problem list below the editor.
  const keystroke = async (offset, key, what, wanted) => {
    await page.evaluate((offset) => {
      const editor = window.SfnEditor.find(document.getElementById('editor'));
      editor.focus();
      editor.view.dispatch({ selection: { anchor: offset }, scrollIntoView: true });
    }, offset);
    await quiet(session, `before typing ${what}`);
    await page.evaluate(() => {
      const { at } = window.__bench;
      const m = (window.__bench.key = { down: null });
      const down = (e) => {
        if (m.down == null) m.down = e.timeStamp;
      };
      addEventListener('keydown', down, true);
      const root = document.getElementById('editor').closest('.cm-editor');
      const observer = new MutationObserver((records) => {
        if (m.down == null) return;
        const graph = document.getElementById('graph');
        if (graph && records.some((r) => graph.contains(r.target))) at(m, 'graph');
        if (root.querySelector('.cm-lint-marker')) at(m, 'marker');
        if (document.querySelector('#editor-problems .editor-problem')) at(m, 'problems');
      });
      // So that the next keystroke is timed on its own.
      window.__bench.stop = () => {
        observer.disconnect();
        removeEventListener('keydown', down, true);
      };
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    await page.keyboard.type(key);
    for (const part of wanted) {
      await until(session, `${part} after typing ${what}`, (part) => window.__bench.key[`${part}Frame`] != null, part);
    }
    const m = await page.evaluate(() => (window.__bench.stop(), window.__bench.key));
    return since(m, m.down, wanted.flatMap((part) => [part, `${part}Frame`]));
  };

  // (a) "Pack 3" → "Packs 3" in Route 3's first rule: the graph changes, the definition stays valid.
  const target = text.indexOf('"Pack 3"', text.indexOf('"Route 3"'));
  const renamed = await keystroke(target + '"Pack'.length, 's', 'a state name in a Next (graph)', ['graph']);
  const afterRename = text.slice(0, target) + '"Packs 3"' + text.slice(target + '"Pack 3"'.length);
  const editorText = () => page.evaluate(() => window.SfnEditor.find(document.getElementById('editor')).getText());
  if ((await editorText()) !== afterRename) throw new Failure('typing "s" into the Next of Route 3 did not give the text expected');
  await quiet(session, 'after the rename');
  const after = await page.$$eval('#editor-problems .editor-problem', (items) => items.map((i) => i.textContent));
  if (after.length) throw new Failure(`the rename made the definition invalid: ${after.join(' | ')}`);

  // (b) "Type": "Pass" → "Passx" in Prepare 4: a validation error.
  const state = afterRename.indexOf('"Prepare 4": {');
  const type = afterRename.indexOf('"Type": "Pass"', state) + '"Type": "Pass'.length;
  const broken = await keystroke(type, 'x', 'an invalid Type (diagnostics)', ['marker', 'problems']);
  if (!(await editorText()).includes('"Type": "Passx"')) throw new Failure('typing "x" into a Type did not give "Passx"');
  await session.context.close();
  return { lines: text.split('\n').length, ...renamed, ...broken };
}

// ---------------------------------------------------------------------------------------------
// 5: long tasks while the loop workload (24,008 history events) runs in the playground.

async function longTaskRun(browser, base) {
  const loop = workloads.find((w) => w.name === 'loop');
  const session = await open(browser, base, '#/playground');
  const { page } = session;
  await until(session, '#run usable in the playground', () => window.__bench.marks.run != null);
  await putText(session, 'input', JSON.stringify(loop.input, null, 2));
  await putText(session, 'scenario', '');
  await putText(session, 'editor', JSON.stringify(loop.definition, null, 2));
  await graphShows(session, loop.definition, 'the loop workload');
  await page.evaluate(() => {
    const { at } = window.__bench;
    const m = (window.__bench.long = { click: null, tasks: [] });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) m.tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    addEventListener('click', (e) => {
      if (m.click == null && e.target.closest?.('#run')) m.click = e.timeStamp;
    }, true);
    const observer = new MutationObserver(() => {
      if (m.click != null && document.getElementById('result-status')?.textContent.trim() === 'SUCCEEDED') {
        at(m, 'result');
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.click('#run', { timeout: TIMEOUT_MS });
  await until(session, 'the status SUCCEEDED (#result-status) after running the loop workload', () => window.__bench.long.resultFrame != null);
  // A long task is reported once it ends: give the one that drew the result time to arrive.
  await sleep(SETTLE_MS);
  const m = await page.evaluate(() => window.__bench.long);
  // The history's heading counts the events ("Execution history (24008 events)"); only for the label.
  const heading = await page.evaluate(() => document.getElementById('history')?.textContent.match(/\((\d+) events\)/));
  await session.context.close();
  const tasks = m.tasks.filter((t) => t.start + t.duration >= m.click);
  return {
    ...since(m, m.click, ['result', 'resultFrame']),
    events: heading ? Number(heading[1]) : null,
    longTasks: tasks.length,
    longest: Math.max(0, ...tasks.map((t) => t.duration)),
    // Each long task's start and end, counted from the click.
    tasks: tasks.map((t) => ({ start: t.start - m.click, end: t.start + t.duration - m.click })),
  };
}

// ---------------------------------------------------------------------------------------------
// The report.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (v) => (v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(1));
const kb = (bytes) => (bytes / 1024).toFixed(1);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Each file fetched by the cold lesson loads, before the first render in any of them or only after. */
function downloads(loads) {
  const files = new Map();
  for (const f of loads.flat()) {
    const file = fileFor(f.path);
    const known = files.get(f.path);
    if (known) {
      known.beforeRender ||= f.beforeRender;
      continue;
    }
    const body = file ? readFileSync(file) : Buffer.alloc(0);
    files.set(f.path, {
      path: f.path,
      by: f.by,
      raw: body.length,
      gzip: file ? gzipSync(body, { level: 9 }).length : 0,
      beforeRender: f.beforeRender,
      start: f.start,
    });
  }
  const all = [...files.values()].sort((a, b) => a.start - b.start);
  return { before: all.filter((f) => f.beforeRender), later: all.filter((f) => !f.beforeRender) };
}

function report(meta, series, bytes) {
  const rows = series.map(({ name, goal, values, frames, unit = 'ms' }) => {
    const show = unit === 'ms' ? ms : String;
    const frame = frames ? `${ms(median(frames))} | ${ms(Math.max(...frames))}` : '– | –';
    return `| ${name} | ${goal} | ${show(median(values))} | ${show(Math.max(...values))} | ${frame} |`;
  });
  const total = (files, key) => files.reduce((sum, f) => sum + f[key], 0);
  const fileRows = (files) =>
    files.length
      ? files.map((f) => `| \`${f.path}\` | ${f.by} | ${kb(f.raw)} | ${kb(f.gzip)} |`)
      : ['| (none) | | | |'];
  return [
    `Date: ${meta.date}; nproc ${meta.nproc}; ${meta.browser}, headless, 1280×800; RUNS=${meta.runs}; bundle: ${meta.dist}`,
    `Load average (1/5/15 min): ${meta.loadStart} at start, ${meta.loadEnd} at end`,
    '',
    `Times in ms. "In the DOM": when a MutationObserver saw the change; "next frame": after the`,
    'frame that follows it, when it can have been painted.',
    '',
    `| measure (${meta.runs} runs each) | goal | in the DOM: median | max | next frame: median | max |`,
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Fetched before the first render (cold loads of lesson ${meta.downloadsOf}): ${bytes.before.length} files, ` +
      `**${kb(total(bytes.before, 'gzip'))} KB gzip -9** (${kb(total(bytes.before, 'raw'))} KB as served; goal ≤ 400 KB gzip)`,
    '',
    '| file | fetched by | KB | KB gzip -9 |',
    '| --- | --- | ---: | ---: |',
    ...fileRows(bytes.before),
    '',
    `Fetched after the first render: ${kb(total(bytes.later, 'gzip'))} KB gzip -9`,
    '',
    '| file | fetched by | KB | KB gzip -9 |',
    '| --- | --- | ---: | ---: |',
    ...fileRows(bytes.later),
    '',
  ].join('\n');
}

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Failure(`${DIST}/index.html is missing: build the page first`);
  const lessons = LESSONS.map((dir) => {
    const path = join(ROOT, 'lessons', dir, 'lesson.json');
    if (!existsSync(path)) throw new Failure(`no lesson folder lessons/${dir}`);
    return { dir, id: JSON.parse(readFileSync(path, 'utf8')).id };
  });
  const meta = {
    date: new Date().toISOString().slice(0, 16) + 'Z',
    nproc: execFileSync('nproc').toString().trim(),
    loadStart: loadavg(),
    runs: RUNS,
    dist: relative(ROOT, DIST).startsWith('..') ? DIST : relative(ROOT, DIST) || '.',
  };
  say(`${meta.date}, nproc ${meta.nproc}, load average ${meta.loadStart}`);
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  meta.browser = `Chromium ${browser.version()}`;
  const raw = { lessons: Object.fromEntries(lessons.map((l) => [l.id, []])), keystroke: [], longTasks: [] };
  try {
    // Metrics interleaved within each run, so that they all see the same load.
    for (let run = 1; run <= RUNS; run++) {
      for (const lesson of lessons) {
        say(`run ${run}/${RUNS}: lesson ${lesson.id}, cold`);
        raw.lessons[lesson.id].push(await lessonRun(browser, base, lesson));
      }
      say(`run ${run}/${RUNS}: keystrokes in the playground`);
      raw.keystroke.push(await keystrokeRun(browser, base));
      say(`run ${run}/${RUNS}: the loop workload in the playground`);
      raw.longTasks.push(await longTaskRun(browser, base));
    }
  } finally {
    await browser.close();
    server.close();
  }
  meta.loadEnd = loadavg();

  // A timed row: the DOM time and the next-frame time of `key` in each run of `list`.
  const timed = (name, goal, list, key) => ({
    name,
    goal,
    values: list.map((r) => r[key]),
    frames: list.map((r) => r[`${key}Frame`]),
  });
  const lines = raw.keystroke[0].lines;
  const events = raw.longTasks[0].events;
  const big = events ? `${events.toLocaleString('en')}-event run` : 'loop workload run';
  const series = [
    ...lessons.map((l) => timed(`First render, lesson ${l.id} (cold)`, '≤ 1,000 ms', raw.lessons[l.id], 'render')),
    ...lessons.map((l) => timed(`Run usable, lesson ${l.id} (cold)`, '≤ 2,000 ms', raw.lessons[l.id], 'run')),
    ...lessons.flatMap((l) => [
      timed(`Check ${l.id}: click → new verdict`, '≤ 50 ms', raw.lessons[l.id], 'verdict'),
      timed(`Check ${l.id}: click → "Lesson passed"`, '≤ 50 ms', raw.lessons[l.id], 'passed'),
    ]),
    timed(`Keystroke → graph redrawn (${lines}-line definition)`, '≤ 50 ms', raw.keystroke, 'graph'),
    timed('Keystroke → lint marker in the editor', '≤ 50 ms', raw.keystroke, 'marker'),
    timed('Keystroke → problem listed under the editor', '≤ 50 ms', raw.keystroke, 'problems'),
    timed(`${big}: click → SUCCEEDED shown`, '–', raw.longTasks, 'result'),
    { name: `${big}: long tasks (count)`, goal: 'none > 100 ms', values: raw.longTasks.map((r) => r.longTasks), unit: 'count' },
    { name: `${big}: longest task`, goal: '≤ 100 ms', values: raw.longTasks.map((r) => r.longest) },
  ];
  meta.downloadsOf = lessons[0].id;
  const bytes = downloads(raw.lessons[lessons[0].id].map((r) => r.fetched));
  const table = report(meta, series, bytes);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'page.md'), table);
  writeFileSync(join(OUT, 'page.json'), JSON.stringify({ meta, raw, downloads: bytes }, null, 2) + '\n');
  process.stdout.write(table);
}

main().catch((e) => {
  process.stderr.write(`bench/page.mjs: cannot measure: ${e instanceof Failure ? e.message : e.stack}\n`);
  process.exit(1);
});
