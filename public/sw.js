// Vatra's service worker: a form reloaded without a signal still opens.
//
// Form pages (/forms/{id}) and the app itself (/pkg/…) are fetched from the network as usual;
// each good answer is also kept here, and served only when the network cannot be reached. The
// answers typed meanwhile live in the page's own copy on the device (localStorage) and are
// restored over the kept page. Nothing else is kept, and signing out (which lands on /sign-in)
// empties the copy: a shared phone keeps no case pages for the next person.
const CACHE = 'vatra-offline-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function kept(request, url) {
  if (url.pathname.startsWith('/pkg/')) return true;
  return request.mode === 'navigate' && /^\/forms\/\d+$/.test(url.pathname);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === '/sign-in') {
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (!kept(request, url)) return;
  // One copy per page, whatever its query (?saved=1, ?check=1).
  const key = url.origin + url.pathname;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === 'basic') {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
        }
        return response;
      })
      .catch(() => caches.match(key).then((found) => found || Response.error())),
  );
});
