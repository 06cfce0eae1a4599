/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * The service worker: lets an expert who has opened their survey once reload it without a
 * network (the answers themselves live in the page's IndexedDB store, not here).
 *
 * - The app's build and static files are precached per version, and served from the cache.
 * - Navigations to an expert page (/e/...) go to the network first; a good answer is kept, per
 *   URL, and served when the network fails, answers 5xx, or takes longer than a few seconds.
 * - /api/ is never cached or answered from a cache: the page keeps its own copy of the survey.
 * - Other pages (the researcher's) are left to the browser.
 *
 * SvelteKit registers this file itself (kit.serviceWorker.register, on by default).
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const ASSETS = `pairwise-assets-${version}`;
const PAGES = `pairwise-pages-${version}`;
const PRECACHE = [...build, ...files];
/** On a slow connection, serve the kept page after this long (the network still refreshes it). */
const NAVIGATION_TIMEOUT_MS = 4000;

const isExpertPage = (url: URL) =>
  url.origin === sw.location.origin && url.pathname.startsWith('/e/');

/** The URL a page is kept under: no fragment. */
const pageKey = (url: string) => url.split('#')[0]!;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(ASSETS)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => sw.skipWaiting())
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(activate());
});

async function activate(): Promise<void> {
  await sw.clients.claim();
  const pages = await caches.open(PAGES);
  // The expert pages already open (the first visit, before this worker existed) and the pages
  // kept by the previous version (they name that version's files): fetch them again now.
  const urls = new Set<string>();
  for (const client of await sw.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
    if (isExpertPage(new URL(client.url))) urls.add(pageKey(client.url));
  }
  const keys = await caches.keys();
  const oldPages = keys.filter((k) => k.startsWith('pairwise-pages-') && k !== PAGES);
  for (const name of oldPages) {
    for (const request of await (await caches.open(name)).keys()) urls.add(pageKey(request.url));
  }
  const results = await Promise.all(
    [...urls].map(async (url) => {
      try {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!keepable(response)) return false;
        await pages.put(url, response);
        return true;
      } catch {
        return false;
      }
    })
  );
  // Old caches go only when every old page was fetched again: until then a kept page may still
  // need the files of its own version (served from any cache below).
  if (results.every(Boolean)) {
    await Promise.all(
      keys
        .filter((k) => k.startsWith('pairwise-') && k !== ASSETS && k !== PAGES)
        .map((k) => caches.delete(k))
    );
  }
}

function keepable(response: Response): boolean {
  return response.ok && response.type === 'basic' && !response.redirected;
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    if (isExpertPage(url)) event.respondWith(navigate(request));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((cached) => cached ?? fetch(request)));
  }
});

/** Network first, the kept copy of this URL when the network fails, errs or is too slow. */
async function navigate(request: Request): Promise<Response> {
  const key = pageKey(request.url);
  const pages = await caches.open(PAGES);
  const kept = (await pages.match(key)) ?? (await caches.match(key));
  const network = fetch(request).then(async (response) => {
    if (keepable(response)) await pages.put(key, response.clone());
    return response;
  });
  if (!kept) return network;
  return new Promise<Response>((resolve) => {
    const timer = setTimeout(() => resolve(kept), NAVIGATION_TIMEOUT_MS);
    network.then(
      (response) => {
        clearTimeout(timer);
        resolve(response.status >= 500 ? kept : response);
      },
      () => {
        clearTimeout(timer);
        resolve(kept);
      }
    );
  });
}
