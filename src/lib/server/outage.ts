/**
 * A database outage (PostgreSQL restarting, a connection refused or cut, PGlite closed while
 * the process shuts down) is answered 503 with Retry-After, never 500: the request was fine,
 * the database was away for a moment, and the client should send it again (the expert's outbox
 * does). A write whose answer was lost this way may in fact have been committed; a resend with
 * the same submissionId finds it and gets the original receipt, so it is stored once.
 *
 * The one place this happens is the database every route is given (`locals.db`, see
 * hooks.server.ts): its calls turn an outage (`isOutage`) into SvelteKit's own `error(503)`,
 * which SvelteKit answers with status 503 for pages (the error page, in the reader's language),
 * form actions, data requests and endpoints alike; the JSON endpoints answer it through
 * `errorResponse` (./http.ts). `withRetryAfter` adds the header to every 503.
 */
import { error, isHttpError } from '@sveltejs/kit';
import { configFromEnv, getDb, type Db } from './db';
import { isOutage } from './errors';

/** Seconds a client should wait before trying again: a PostgreSQL restart takes about one. */
export const RETRY_AFTER_SECONDS = 2;

/** The error body of a 503 (the pages show their own words for `code: 'unavailable'`). */
export const UNAVAILABLE = Object.freeze({
  message: 'The database is unavailable for a moment: try again in a few seconds.',
  code: 'unavailable'
});

/** Whether `e` is the 503 an outage became (or an outage not yet converted). */
export function isUnavailable(e: unknown): boolean {
  return (isHttpError(e) && e.status === 503) || isOutage(e);
}

/** At most one log line per this many milliseconds, with the count since the last one. */
const LOG_EVERY_MS = 5_000;
let lastLogged = 0;
let unlogged = 0;

function logOutage(e: unknown): void {
  unlogged++;
  const now = Date.now();
  if (now - lastLogged < LOG_EVERY_MS) return;
  const reason =
    e instanceof Error ? `${(e as { code?: unknown }).code ?? e.name}: ${e.message}` : String(e);
  console.warn(`database unavailable (${reason}); ${unlogged} request(s) answered 503`);
  lastLogged = now;
  unlogged = 0;
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!isOutage(e)) throw e;
    logOutage(e);
    error(503, { ...UNAVAILABLE });
  }
}

/**
 * The database `open()` gives, with every outage turned into `error(503)`. Opened on the first
 * call, not before, so a database that is down when the process starts is a 503 for the
 * requests that need it (and is tried again by the next one), not a failed start. Errors thrown
 * inside a transaction's function reach the caller through `transaction` and are converted
 * there. Make one per process: the verb modules batch their calls per `Db` object.
 */
export function outageAware(open: () => Promise<Db>, kind: Db['kind']): Db {
  return {
    kind,
    query: (sql, params) => guard(async () => (await open()).query(sql, params)),
    transaction: (fn) => guard(async () => (await open()).transaction(fn)),
    exec: (sql) => guard(async () => (await open()).exec(sql)),
    close: () => Promise.reject(new Error('Db.close: close the database itself (closeDb)'))
  };
}

let app: Db | undefined;

/** The process-wide database (`getDb`) as the routes use it: outages are 503s. */
export function appDb(): Db {
  return (app ??= outageAware(getDb, configFromEnv().kind));
}

/** `response`, with `Retry-After` when it is a 503 without one. */
export function withRetryAfter(response: Response): Response {
  if (response.status !== 503 || response.headers.has('retry-after')) return response;
  try {
    response.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
    return response;
  } catch {
    // Immutable headers (a Response passed through from fetch): copy into a new response.
    const headers = new Headers(response.headers);
    headers.set('retry-after', String(RETRY_AFTER_SECONDS));
    return new Response(response.body, { status: 503, statusText: response.statusText, headers });
  }
}
