import { json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { dev } from '$app/environment';
import { LOCALE_COOKIE, rememberLocale } from '$lib/i18n';
import {
  appDb,
  closeDb,
  drainUnread,
  getDb,
  isOutage,
  limitBody,
  MAX_BODY,
  MAX_SCORE_BODY,
  MAX_SNAPSHOT_BODY,
  withRetryAfter
} from '$lib/server';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { SECURITY_HEADERS } from '$lib/server/security-headers.js';

// Headers for every response SvelteKit produces (pages, endpoints, errors); bin/server.js adds
// them to the files adapter-node serves before SvelteKit, and HSTS behind https.
// The expert's page carries the secret token in its URL: no caches, no search engines (the
// service worker keeps its own copy for offline reloads, in Cache Storage, which no-store does
// not govern).
const EXPERT_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex'
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const add = event.url.pathname.startsWith('/e/')
    ? { ...SECURITY_HEADERS, ...EXPERT_PAGE_HEADERS }
    : SECURITY_HEADERS;
  try {
    for (const [name, value] of Object.entries(add)) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    return response;
  } catch {
    // Responses built by Response.redirect() or passed through from fetch() have immutable
    // headers: copy them into a new response.
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(add)) {
      if (!headers.has(name)) headers.set(name, value);
    }
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers
    });
  }
};

// Chooses the language (cookie, then Accept-Language, then English), makes it available to
// getLocale() for the whole request, and fills <html lang> in app.html. On a first visit the
// choice is written to the cookie, so the browser hydrates in the language the server rendered
// (it would otherwise decide again from navigator.languages).
//
// The JSON endpoints under /api answer in no language (their messages are for the page that
// shows them), so they skip this: the middleware copies every request, a cost that the
// submission endpoint under load can't spare.
const handleParaglide: Handle = ({ event, resolve }) =>
  event.url.pathname.startsWith('/api/')
    ? resolve(event)
    : paraglideMiddleware(event.request, ({ request, locale }) => {
        event.request = request;
        if (
          event.request.headers.get('sec-fetch-dest') === 'document' &&
          !event.cookies.get(LOCALE_COOKIE)
        ) {
          rememberLocale(event.cookies, locale);
        }
        return resolve(event, {
          transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
        });
      });

// The process-wide database (opened on first use, migrations applied) for every load, action
// and endpoint: `locals.db`. When it is unreachable, its calls throw error(503) (see
// $lib/server/outage.ts): every 503 says when to come back.
const handleDb: Handle = async ({ event, resolve }) => {
  event.locals.db = appDb();
  return withRetryAfter(await resolve(event));
};

// Opens the database (and applies migrations) before the first request is handled, as the first
// request would otherwise. When it is unreachable the app starts all the same: requests that need
// it are 503s and try to open it again.
export const init: ServerInit = async () => {
  try {
    await getDb();
  } catch (e) {
    if (!isOutage(e)) throw e;
    console.warn('the database is unreachable at start; requests that need it answer 503:', e);
  }
};

// SvelteKit reserves the action name "default" (`?/default`) and answers it with an internal
// error (a 500, logged): refuse it here as the client's mistake it is, in the reader's language,
// as an action result for a page's script or as text for a plain form. SvelteKit takes the first
// query parameter that starts with "/" as the action's name; so does this.
const handleReservedAction: Handle = ({ event, resolve }) => {
  if (event.request.method !== 'POST') return resolve(event);
  const action = [...event.url.searchParams.keys()].find((key) => key.startsWith('/'));
  if (action !== '/default') return resolve(event);
  const message = m.common_error_reserved_action();
  return /application\/json/.test(event.request.headers.get('accept') ?? '')
    ? json({ type: 'error', error: { message, code: 'reserved_action' } }, { status: 400 })
    : new Response(message, {
        status: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8' }
      });
};

// SvelteKit's own check of a form's origin (CSRF) answers before the hooks, without reading the
// body: a cross-site post of a large body saw its connection reset instead of the 403. So
// svelte.config.js turns that check off (`trustedOrigins: ['*']`) and this makes the same one,
// with SvelteKit's rule: a form's content type (or text/plain, or SvelteKit's binary form) sent
// with POST, PUT, PATCH or DELETE from another origin (or with none) is refused 403, in the
// reader's language; handleBodyLimit reads the body to its end before the answer goes out. Like
// SvelteKit, it is not checked in development.
const FORM_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
  'application/x-sveltekit-formdata'
]);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
function isCrossSiteForm(request: Request, url: URL): boolean {
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return (
    FORM_TYPES.has(type) &&
    WRITES.has(request.method) &&
    request.headers.get('origin') !== url.origin
  );
}
const handleCrossSite: Handle = ({ event, resolve }) => {
  if (dev || !isCrossSiteForm(event.request, event.url)) return resolve(event);
  const origin = Array.from(event.request.headers.get('origin') ?? 'null')
    .slice(0, 200)
    .join('');
  const message = m.common_error_cross_site({ origin });
  return /application\/json/.test(event.request.headers.get('accept') ?? '')
    ? json({ type: 'error', error: { message, code: 'cross_site' } }, { status: 403 })
    : new Response(message, {
        status: 403,
        headers: { 'content-type': 'text/plain; charset=utf-8' }
      });
};

// bin/server.js raises adapter-node's BODY_SIZE_LIMIT to the largest of these: the scoring
// endpoint's 8 MB (batches of 10,000 records) and a snapshot's 32 MB (a loan book of 100,000
// loans, posted by production or uploaded on the monitor page; a loan file on the validation
// page); every other route keeps
// MAX_BODY (512 KB), as before.
const BODY_LIMITS: Readonly<Record<string, number>> = {
  '/api/weight-sets/[id]/score': MAX_SCORE_BODY,
  '/api/weight-sets/[id]/snapshots': MAX_SNAPSHOT_BODY,
  '/a/[token]/monitor': MAX_SNAPSHOT_BODY,
  // A loan file of up to 25 MB (MAX_LOAN_FILE_BYTES), sent to save the regression's weights.
  '/a/[token]/validation': MAX_SNAPSHOT_BODY
};
// A request answered without reading its body (an unknown token, a wrong content type ...) has
// the rest of its body read and dropped before the answer goes out: answering first resets the
// connection, and the client never sees the answer (drainUnread).
const handleBodyLimit: Handle = async ({ event, resolve }) => {
  const request = limitBody(event.request, BODY_LIMITS[event.route.id ?? ''] ?? MAX_BODY);
  event.request = request;
  const response = await resolve(event);
  await drainUnread(request);
  return response;
};

export const handle: Handle = sequence(
  handleSecurityHeaders,
  handleBodyLimit,
  handleParaglide,
  handleCrossSite,
  handleReservedAction,
  handleDb
);

// adapter-node emits this after SIGINT/SIGTERM, once the server has stopped taking requests:
// close the database (PGlite flushes and releases its data directory's lock). Registered once
// per process, even if Vite reloads this module in development.
const SHUTDOWN = Symbol.for('pairwise.hooks.shutdown');
const holder = globalThis as { [SHUTDOWN]?: true };
if (!holder[SHUTDOWN]) {
  holder[SHUTDOWN] = true;
  process.on('sveltekit:shutdown', () => {
    closeDb().catch((e: unknown) => console.error('closing the database failed:', e));
  });
}

// Unexpected errors only (expected ones come from error(...) and keep their message). Log the
// route pattern, not the URL, since URLs carry secret tokens; show the user a reference instead of
// the internal message.
//
// SvelteKit's own refusals of a request also come here, with their 4xx status: no such route or
// action (404), a method the route lacks (405), a form action posted something other than a form
// (415), a body over adapter-node's BODY_SIZE_LIMIT (413). They are the client's mistake, not the
// server's: answered with their own status and text, and not logged as errors.
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status === 413)
    return { message, code: 'too_large', limit: BODY_LIMITS[event.route.id ?? ''] ?? MAX_BODY };
  if (status === 415) return { message, code: 'not_a_form' };
  if (status < 500) return { message };

  const errorId = crypto.randomUUID();
  console.error(
    `[${errorId}] ${event.request.method} ${event.route.id ?? '(no route)'} failed with ${status}:`,
    error
  );
  return { message: 'Internal error', errorId };
};
