// Service worker: keeps the app's files so that it opens and runs with no
// network once it has been opened online. Every request for the app's own
// files goes to the network first (so a new build is used as soon as it is
// served) and falls back to the kept copy when the network is unavailable.
// Nothing is ever sent anywhere: the app has no server side.

const CACHE = "sasaeai-app";
const SHELL = [
  "./",
  "index.html",
  "styles.css",
  "icon.svg",
  "manifest.webmanifest",
  "pkg/app.js",
  "pkg/app_bg.wasm",
  "pkg/worker.js",
  "pkg/worker_bg.wasm",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(request, { ignoreSearch: true }).then((kept) => kept ?? caches.match("index.html")),
      ),
  );
});
