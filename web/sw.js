// sw.js — the service worker of the installable web app: keeps the app shell (index.html, CSS,
// the ES modules, icons) and the /vendor libraries in a cache so that the app — above all the
// hazard capture page — opens without a network. The API is never cached or answered from here:
// captures made offline wait in IndexedDB (js/hazard-queue.js), not in this worker.
//
// Strategies: page loads and our own files network-first (a new release is seen at once when
// online), falling back to the cache; /vendor from the cache at once, refreshed in the background.
// The page sends the list of files it has loaded ({type: 'cache', urls}) so that modules loaded
// before this worker took control are cached too.

const CACHE = 'cityrisk-shell-v1';
const SHELL = [
  '/',
  '/css/app.css',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/js/main.js',
  '/js/html.js',
  '/js/api.js',
  '/js/i18n.js',
  '/js/i18n/common.js',
  '/js/i18n/map.js',
  '/js/i18n/overview.js',
  '/js/i18n/units.js',
  '/js/i18n/risks.js',
  '/js/i18n/hazards.js',
  '/js/i18n/accounts.js',
  '/js/i18n/installations.js',
  '/js/router.js',
  '/js/ui.js',
  '/js/colors.js',
  '/js/pwa.js',
  '/js/hazard-queue.js',
  '/js/pages/hazard-capture.js',
  '/js/pages/hazard-common.js',
  '/vendor/htm/preact/standalone.module.js',
  '/vendor/leaflet/dist/leaflet.css',
  '/vendor/leaflet/dist/leaflet-src.esm.js',
];

const sameOrigin = (url) => url.origin === self.location.origin;
const cacheable = (url) => sameOrigin(url) && !url.pathname.startsWith('/api/') && url.pathname !== '/sw.js';

self.addEventListener('install', (event) => {
  // One file missing must not stop the rest: add them one by one.
  event.waitUntil(caches.open(CACHE)
    .then((c) => Promise.all(SHELL.map((u) => c.add(new Request(u, { cache: 'reload' })).catch(() => {}))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('cityrisk-shell-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  const d = event.data || {};
  if (d.type !== 'cache' || !Array.isArray(d.urls)) return;
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all(d.urls.map(async (u) => {
    const url = new URL(u, self.location.origin);
    if (!cacheable(url)) return;
    if (await c.match(url.pathname)) return;
    await c.add(url.pathname).catch(() => {});
  }))));
});

async function networkFirst(request, key) {
  const c = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok && res.type === 'basic') await c.put(key || request, res.clone());
    return res;
  } catch (e) {
    const hit = await c.match(key || request, { ignoreSearch: true });
    if (hit) return hit;
    throw e;
  }
}

// Cached copy at once, refreshed in the background (a new npm version is picked up next time).
async function staleWhileRevalidate(event, request) {
  const c = await caches.open(CACHE);
  const hit = await c.match(request);
  const fresh = fetch(request).then(async (res) => {
    if (res.ok && res.type === 'basic') await c.put(request, res.clone());
    return res;
  });
  if (hit) {
    event.waitUntil(fresh.catch(() => {}));
    return hit;
  }
  return fresh;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!cacheable(url)) return; // the API and other origins (map tiles) go to the network as usual
  if (request.mode === 'navigate') {
    // Every page is index.html with a hash route: one cache entry serves them all.
    event.respondWith(networkFirst(request, '/'));
  } else if (url.pathname.startsWith('/vendor/')) {
    event.respondWith(staleWhileRevalidate(event, request));
  } else {
    event.respondWith(networkFirst(request));
  }
});
