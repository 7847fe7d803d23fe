// Trunk's post_build hook (Trunk.toml): writes the service worker into the staged bundle.
// It copies offline/sw.js to $TRUNK_STAGING_DIR/sw.js with its `const BUILD = ...` line replaced
// by the build's files (split into content-hashed names, which may be cached for ever, and the
// rest: index.html and the worker's unhashed files) and a version: a hash of every file's name
// and content. A new deployment thus changes sw.js, which is how browsers notice it.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("offline/stamp.mjs runs as Trunk's post_build hook (TRUNK_STAGING_DIR is not set)");
  process.exit(1);
}
const template = join(dirname(fileURLToPath(import.meta.url)), "sw.js");
const OUT = "sw.js";

/** Every file under `dir`, as paths relative to the staging folder with forward slashes. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return [relative(staging, path).split(sep).join("/")];
  });
}

// Trunk names an asset `name-<16 hex digits>.ext` (a leading zero can drop a digit, hence 12+),
// a wasm module `name-<hash>_bg.wasm`.
const isHashed = (name) => /-[0-9a-f]{12,}(_bg)?\.[A-Za-z0-9]+$/.test(name);

const names = files(staging)
  .filter((name) => name !== OUT)
  .sort();
const version = createHash("sha256");
for (const name of names) {
  const content = createHash("sha256").update(readFileSync(join(staging, name))).digest("hex");
  version.update(`${name}\0${content}\n`);
}
const build = {
  version: version.digest("hex").slice(0, 16),
  hashed: names.filter(isHashed),
  fresh: names.filter((name) => !isHashed(name)),
};

const source = readFileSync(template, "utf8");
const marker = /^const BUILD = .*;$/m;
if (!marker.test(source)) {
  console.error(`${template} has no 'const BUILD = ...;' line to fill`);
  process.exit(1);
}
writeFileSync(join(staging, OUT), source.replace(marker, () => `const BUILD = ${JSON.stringify(build)};`));
console.log(`offline/stamp.mjs: ${OUT} version ${build.version}, ${names.length} files`);
