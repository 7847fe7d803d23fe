// sfn-lab's service worker: after one visit the lab works with the network off, reload included.
// offline/stamp.mjs (Trunk's post_build hook) copies this file into the bundle as sw.js and
// fills BUILD with the build's files and a version (a hash of their names and contents), so a
// new deployment is a new sw.js, which the browser installs beside the old one. The page
// (src/offline.rs) registers it as ./sw.js with scope ./, so any sub-path works, and offers a
// reload when a new version is installed; it is never activated behind a learner's back.
//
// Strategy:
// - install: every file of the build goes into a cache of its own version (all or nothing);
// - activate: this sub-path's caches of other versions are deleted, and open pages are taken over;
// - files whose names carry Trunk's content hash: cache first (a name never changes content);
// - the document and the worker's unhashed files (sfn-lab-worker*.js/.wasm): network first,
//   the cache when the network fails. Unhashed names must come from the same build as the
//   document that loads them, and the document is fresh whenever the network answers.

const BUILD = { version: "unstamped", hashed: [], fresh: [] };

// Caches are per origin: two labs on one host (/a/, /b/) keep theirs apart by scope.
const SCOPE = self.registration.scope;
const PREFIX = `sfn-lab ${SCOPE} `;
const CACHE = PREFIX + BUILD.version;
const absolute = (name) => new URL(name, SCOPE).href;
const HASHED = new Set(BUILD.hashed.map(absolute));
const FRESH = new Set(BUILD.fresh.map(absolute));
const INDEX = absolute("index.html");

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all([
        // A hashed name is immutable: the HTTP cache may answer (no second download).
        ...BUILD.hashed.map((name) => cache.add(absolute(name))),
        // An unhashed one must be this build's: revalidated with the server.
        ...BUILD.fresh.map((name) => cache.add(new Request(absolute(name), { cache: "no-cache" }))),
      ]),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // The first visit is offline-ready without a reload.
      await self.clients.claim();
    })(),
  );
});

// The page's "Reload" button: the learner asked for the new version.
self.addEventListener("message", (event) => {
  if (event.data === "sfn-lab:skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  // A navigation's URL keeps the page's fragment (#/lesson/...): neither it nor a query names a file.
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const href = url.href;
  if (HASHED.has(href)) {
    event.respondWith(cacheFirst(request, href));
  } else if (FRESH.has(href)) {
    event.respondWith(networkFirst(request, href));
  } else if (request.mode === "navigate" && href === SCOPE) {
    // The lab's address without index.html (pages are addressed by the hash).
    event.respondWith(networkFirst(request, INDEX));
  }
  // Anything else (a pack's JSON...) goes to the network as if there were no service worker.
});

async function cacheFirst(request, key) {
  return (await caches.match(key, { cacheName: CACHE })) || fetch(request);
}

async function networkFirst(request, key) {
  try {
    return await fetch(request);
  } catch (offline) {
    const cached = await caches.match(key, { cacheName: CACHE });
    if (cached) return cached;
    throw offline;
  }
}
