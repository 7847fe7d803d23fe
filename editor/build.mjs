// Bundles editor/cm-entry.js (CodeMirror 6 from node_modules) into one minified file,
// assets/editor/cm-editor.js, which index.html hands to Trunk. Run by Trunk's pre_build hook
// (Trunk.toml) as `npm run --silent build-editor`. The file is written only when its content
// changes, so `trunk serve`, which watches assets/, does not rebuild in a loop.
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "assets/editor/cm-editor.js");

const result = await build({
  entryPoints: [join(root, "editor/cm-entry.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "eof",
  banner: {
    js: "/* sfn-lab's editor: CodeMirror 6 (MIT, Marijn Haverbeke and others), bundled from editor/cm-entry.js */",
  },
  write: false,
  logLevel: "warning",
});
const code = result.outputFiles[0].contents;

let old = null;
try {
  old = readFileSync(out);
} catch {
  // first build
}
if (!old || Buffer.compare(old, Buffer.from(code)) !== 0) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
}
