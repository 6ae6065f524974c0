// Vatra's service worker: the pages a social worker needs in the field open without a signal.
//
// Kept on the device, each from its last good answer:
// - every case form the worker opened (/forms/{id}), however it was reached: a page reached
//   inside the app (no page load) asks for itself to be kept with a "keep" message;
// - the case pages (/cases/{id}) and the caseload (/cases), to read and to find the drafts;
// - the home page (the installed app starts there), and the app itself (/pkg/…).
// These are fetched from the network as usual, and served from here only when the network
// cannot be reached. Any other page asked for without a signal gets the offline page.
//
// The answers typed meanwhile live in the form page's own copy on the device (localStorage) and
// are restored over the kept page; the files chosen meanwhile wait in their own cache
// ("vatra-device-files", written by the page) until they are sent. Nothing here ever drops them.
//
// The kept pages go:
// - when the worker signs out and chooses to (the page sends "forget": only once no draft is
//   left unsent, or the worker chose not to keep them);
// - when another user signs in on this device ("owner" names who is signed in).
// Signing in again as the same user keeps them: a worker whose session ended in the field
// finds the same pages.
const CACHE = 'vatra-offline-v2';
const OFFLINE = '/offline.html';
const OWNER = '/__vatra_owner';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(OFFLINE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      // Older versions of the kept pages only: the files waiting to be sent are never dropped.
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith('vatra-offline-') && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

/** The key a page is kept under, or null for a page that is not kept. */
function pageKey(url) {
  const p = url.pathname;
  if (/^\/forms\/\d+$/.test(p) || /^\/cases\/\d+$/.test(p)) return url.origin + p;
  // The caseload and the home page without a filter only: those are the ones opened offline.
  if ((p === '/cases' || p === '/') && url.search === '') return url.origin + p;
  return null;
}

/** Keeps a good answer under `key`. */
function keep(key, response) {
  if (!response.ok || response.type !== 'basic' || response.redirected) return Promise.resolve();
  return caches.open(CACHE).then((cache) => cache.put(key, response));
}

/** Drops every kept page (the app's own files stay: they hold nobody's data). */
function forgetPages() {
  return caches.open(CACHE).then((cache) =>
    cache.keys().then((requests) =>
      Promise.all(
        requests
          .filter((r) => {
            const p = new URL(r.url).pathname;
            return !p.startsWith('/pkg/') && p !== OFFLINE;
          })
          .map((r) => cache.delete(r)),
      ),
    ),
  );
}

self.addEventListener('message', (event) => {
  const data = typeof event.data === 'string' ? event.data : '';
  const [what, arg] = data.split(' ');
  if (what === 'keep' && arg) {
    const url = new URL(arg, self.location.origin);
    const key = url.origin === self.location.origin ? pageKey(url) : null;
    if (!key) return;
    event.waitUntil(
      fetch(url.pathname + url.search, { credentials: 'same-origin', redirect: 'manual' })
        .then((response) => keep(key, response))
        .catch(() => {}),
    );
  } else if (what === 'forget') {
    event.waitUntil(forgetPages());
  } else if (what === 'owner' && /^\d+$/.test(arg || '')) {
    const key = self.location.origin + OWNER;
    event.waitUntil(
      caches.open(CACHE).then((cache) =>
        cache
          .match(key)
          .then((found) => (found ? found.text() : null))
          .then((before) => {
            if (before === arg) return undefined;
            const next = before === null ? Promise.resolve() : forgetPages();
            return next.then(() => cache.put(key, new Response(arg)));
          }),
      ),
    );
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/pkg/')) {
    const key = url.origin + url.pathname;
    event.respondWith(
      fetch(request)
        .then((response) => {
          event.waitUntil(keep(key, response.clone()));
          return response;
        })
        .catch(() => caches.match(key).then((found) => found || Response.error())),
    );
    return;
  }
  if (request.mode !== 'navigate') return;
  const key = pageKey(url);
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (key) event.waitUntil(keep(key, response.clone()));
        return response;
      })
      .catch(() =>
        (key ? caches.match(key) : Promise.resolve(undefined)).then(
          (found) => found || caches.match(self.location.origin + OFFLINE).then((page) => page || Response.error()),
        ),
      ),
  );
});
