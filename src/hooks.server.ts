import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { LOCALE_COOKIE, rememberLocale } from '$lib/i18n';
import { appDb, closeDb, getDb, isOutage, withRetryAfter } from '$lib/server';
import { paraglideMiddleware } from '$lib/paraglide/server';

// Headers for every response SvelteKit produces (pages, endpoints, errors). The Content Security
// Policy itself is configured in svelte.config.js (kit.csp), so SvelteKit can add nonces/hashes.
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // Expert and admin links carry secret tokens in the URL: never send them to other sites.
  // Not 'no-referrer': under it browsers send `Origin: null` on the page's own form posts, and
  // SvelteKit's CSRF check then refuses every form that is submitted without JavaScript.
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy':
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin'
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  try {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    return response;
  } catch {
    // Responses built by Response.redirect() or passed through from fetch() have immutable
    // headers: copy them into a new response.
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
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

export const handle: Handle = sequence(handleSecurityHeaders, handleParaglide, handleDb);

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
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status === 404) return { message };

  const errorId = crypto.randomUUID();
  console.error(
    `[${errorId}] ${event.request.method} ${event.route.id ?? '(no route)'} failed with ${status}:`,
    error
  );
  return { message: 'Internal error', errorId };
};
